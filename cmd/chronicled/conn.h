/*
 * conn.h - client connections, counted from accept to close against a
 * limit, each request due within the timeout of the connection's accept
 * or of its previous reply (a slow sender cannot hold a connection by
 * trickling header bytes), and accepts paused, not retried in a loop,
 * when they fail (out of descriptors).  Loop thread only.
 */
#ifndef CHRONICLED_CONN_H
#define CHRONICLED_CONN_H

#include <stddef.h>

#include <event2/event.h>

#include "metrics.h"

struct conns;
struct evhttp;
struct evhttp_bound_socket;
struct evhttp_request;

/* Hooks into http (its bufferevent callback); m gets the counters.  At
 * most max connections, per_client of them from one client address (0:
 * half of max, or max when it is 4 or less).  NULL when out of memory. */
struct conns *conns_new(struct event_base *base, struct evhttp *http,
                        struct metrics *m, size_t max, size_t per_client, int timeout);
/* Watch the listener of bound for accept errors. */
void conns_listen(struct conns *c, struct evhttp_bound_socket *bound);
/* Before the bound socket goes: no more resuming, no new deadlines. */
void conns_stop(struct conns *c);
/* A whole request arrived: 0 to answer it, -1 when its connection is
 * over the limit (answer 503 and close it). */
int conns_request(struct conns *c, struct evhttp_request *req);
size_t conns_open(const struct conns *c);
/* How many connections have reply bytes not yet sent. */
size_t conns_writing(const struct conns *c);
/* After evhttp_free; NULL is a no-op. */
void conns_free(struct conns *c);

#endif
