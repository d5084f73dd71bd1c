/*
 * reply.h - the one reply of a request.  At the bottom of chronicled:
 * route handlers and finished jobs call it, and it calls nothing above
 * it.  A reply is a prebuilt body (validators, 304, gzip, HEAD), bytes
 * made for this request, or a JSON error; every reply also counts the
 * request in the metrics and writes its access-log line.  Each request
 * gets exactly one.  Loop thread only.
 */
#ifndef CHRONICLED_REPLY_H
#define CHRONICLED_REPLY_H

#include <stddef.h>

#include "chronicle/snap.h"
#include "metrics.h"

#define REPLY_JSON "application/json; charset=utf-8"
#define REPLY_METRICS "text/plain; version=0.0.4; charset=utf-8"

struct evhttp_request;

/* What every reply needs to know; the server's, one for all requests. */
struct replies {
    struct metrics *metrics;
    int quiet;                  /* no access log */
    int max_age;                /* Cache-Control max-age of bodies */
    int stopping;               /* the daemon stops: Connection: close */
    const char *const *origins; /* origins whose pages may read the JSON */
    size_t norigins;            /* (--cors; none by default) */
    int spool;                  /* a folder for the files large bodies are
                                   sent from (reply_spool_open), or -1 */
};

/* The folder dir, opened for the files of large bodies, which go to the
 * socket from the page cache (sendfile) rather than being copied from
 * memory: a descriptor, or -1 where that cannot be (no folder, or not
 * Linux).  Bodies are then sent from memory. */
int reply_spool_open(const char *dir);

/* One request, from its arrival to its reply.  A request whose reply
 * waits for a job is copied (a struct waiter, work.h); the copy replies. */
struct request {
    struct evhttp_request *req;
    struct replies *replies;
    enum route route;
    const char *method;         /* "GET" ... (static) */
    int head;                   /* HEAD: headers only */
    double start;               /* reply_clock() on arrival */
};

/* Monotonic seconds. */
double reply_clock(void);

/* Does the client take gzip (Accept-Encoding)? */
int request_gzip(const struct request *r);

/* Reply with a body (one reference taken over from the caller): ETag and
 * Last-Modified, 304 when the client's copy matches, the gzip form when
 * gzip is set and there is one, headers only for HEAD. */
void reply_body(struct request *r, chr_body *b, int gzip);

/* Reply status with data (malloc'd, ownership taken) made for this
 * request alone: Cache-Control no-store. */
void reply_bytes(struct request *r, int status, const char *type, char *data,
                 size_t len);

/* Reply status with a JSON error naming param (may be NULL) and saying
 * msg: what was found, what was expected. */
void reply_error(struct request *r, int status, const char *param,
                 const char *msg);

/* Reply status (503: the server is busy, 429: this client asks too much
 * at once) with Retry-After: 1 (the client may come back soon). */
void reply_busy(struct request *r, int status, const char *msg);

#endif
