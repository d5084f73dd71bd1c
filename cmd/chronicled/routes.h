/*
 * routes.h - the routes of chronicled in one table: for each path (or
 * path prefix) the methods it answers, what it is counted as in the
 * metrics and the handler that answers it.  One entry point takes every
 * request: connection limit, URI length, 404 for a path no route has,
 * 405 with an Allow header derived from the table, then the handler,
 * which ends in exactly one reply.  Loop thread only.
 */
#ifndef CHRONICLED_ROUTES_H
#define CHRONICLED_ROUTES_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/snap.h"
#include "reply.h"

struct builder;
struct conns;
struct evhttp_request;
struct filters;
struct page;
struct versions;
struct work;

/* How the reloads went, for /healthz; the server keeps it. */
struct health {
    int64_t started, loaded, last_reload;   /* wall clock, seconds */
    int last_ok;
    char last_error[640];       /* files named within the corpus folder */
    char last_error_full[1200]; /* with their paths (--verbose-health) */
    double last_build_s;
    uint64_t reloads, failures;
};

/* What the handlers answer from; the server sets it up and swaps live. */
struct site {
    chr_snap *live;             /* the version served now (a reference) */
    struct health health;
    struct replies replies;     /* every reply's settings and counters */
    size_t max_uri;             /* longer request targets get 414 */
    struct conns *conns;        /* the connection limit; /metrics */
    struct page *page;          /* / and its files */
    struct filters *filters;    /* queries parsed before; NULL: none kept */
    struct work *work;          /* filtered feeds render there */
    struct versions *versions;  /* /versions, /diff, ?version= */
    struct builder *build;      /* /healthz: is a build running */
    const char *corpus;         /* the folder served: /documents/NAME */
    const char *encoding;       /* --encoding: how its 8-bit text is read; NULL */
    int loopback;               /* listening on a loopback address */
    int wildcard;               /* listening on every address (0.0.0.0, ::) */
    const char *listen_host;    /* the address listened on */
    const char *const *hosts;   /* --host names answered too */
    size_t nhosts;
    const char *token;          /* --token-file; NULL: none asked for */
    int verbose_health;         /* /healthz names the folders */
    const char *state;          /* the state folder, for verbose health */
    double build_stall;         /* seconds without progress: a stalled build */
};

/* Filters parsed before, by their query string (routes.c); NULL when out
 * of memory.  _free(NULL) does nothing. */
struct filters *routes_filters_new(void);
void routes_filters_free(struct filters *k);

/* An evhttp callback (arg: the struct site) for every request. */
void routes_request(struct evhttp_request *req, void *arg);

#endif
