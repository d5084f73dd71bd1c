/*
 * render.h - filtered feeds rendered on worker threads (a few, a bounded
 * number of jobs and waiting requests); the loop keeps the result in the
 * snapshot's cache and answers the requests that waited.
 */
#ifndef CHRONICLED_RENDER_H
#define CHRONICLED_RENDER_H

#include <event2/event.h>

#include "chronicle/filter.h"
#include "chronicle/snap.h"
#include "reply.h"

struct renderer;
/* Start the workers, waking base's loop.  NULL when they cannot start
 * (then render_feed renders on the loop). */
struct renderer *render_new(struct event_base *base);
/* Answer r with feed for f of snapshot s: at once from the prebuilt
 * bodies or the cache, or once a worker rendered it (503 with Retry-After
 * when too much is waiting already).  Takes the filter's strings (f is
 * left cleared).  Exactly one reply, now or later.  rd may be NULL. */
void render_feed(struct renderer *rd, struct request *r, chr_snap *s,
                 chr_feed feed, chr_filter *f, int gzip);
/* The daemon stops: no new jobs; requests waiting for one not started are
 * answered 503.  Running ones finish and are answered. */
void render_stop(struct renderer *rd);
/* Is a job running, or done and not yet answered? */
int render_busy(struct renderer *rd);
/* After evhttp_free; NULL is a no-op. */
void render_free(struct renderer *rd);

#endif
