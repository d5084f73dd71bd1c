/*
 * render.h - filtered feeds rendered off the loop.  A filtered timeline
 * or calendar that is not in its snapshot's cache is rendered by a job of
 * the work queue (work.h); the loop then keeps the body in the snapshot's
 * cache and answers every request that waited for it.  The same filter of
 * the same snapshot asked again meanwhile waits for the same job.  Loop
 * thread only.
 */
#ifndef CHRONICLED_RENDER_H
#define CHRONICLED_RENDER_H

#include "chronicle/filter.h"
#include "chronicle/snap.h"
#include "reply.h"
#include "work.h"

/* Answer r with feed for filter f of snapshot s: at once from the
 * prebuilt bodies or the cache, or once a worker rendered it (503 with
 * Retry-After when too much waits already).  Takes the filter's strings
 * (f is left cleared).  Exactly one reply, now or later. */
void render_feed(struct work *w, struct request *r, chr_snap *s, chr_feed feed,
                 chr_filter *f, int gzip);
/* The same after chr_snap_cached missed already for f: the job alone. */
void render_start(struct work *w, struct request *r, chr_snap *s, chr_feed feed,
                  chr_filter *f, int gzip);

#endif
