/*
 * build.h - builds snapshots of the corpus on a worker thread and wakes
 * the loop with each result.
 */
#ifndef CHRONICLED_BUILD_H
#define CHRONICLED_BUILD_H

#include <stdint.h>

#include <event2/event.h>

#include "chronicle/snap.h"

struct build_result {
    chr_snap *snap;             /* NULL: the build failed */
    chr_error err;
    double seconds;
    int64_t finished;           /* wall clock, seconds */
};
struct builder;
/* Start the worker.  done runs on base's loop after each finished build
 * (successful or not); it should call build_take.  NULL on failure. */
struct builder *build_new(struct event_base *base, const char *dir,
                          event_callback_fn done, void *arg);
/* Ask for a build.  force: even if the folder looks unchanged.  Requests
 * made while a build runs are merged into one more build.  Any thread. */
void build_request(struct builder *b, int force);
/* Take the latest finished build; returns 0 when there was none. */
int build_take(struct builder *b, struct build_result *out);
/* Is a build running or about to (not after build_cancel)? */
int build_busy(struct builder *b);
/* The daemon stops: a running build ends at its next check (between
 * documents, before comparing, before rendering) without a result, and no
 * further build starts.  Any thread; returns at once (build_busy tells
 * when the worker is idle). */
void build_cancel(struct builder *b);
/* Stop the worker (cancels a running build and waits for it to return),
 * free what is left. */
void build_free(struct builder *b);
/* Steps around each build, on the worker: prepare between building the
 * chronology and rendering it, built with the finished snapshot (before
 * the loop sees it).  Call before the first build_request. */
void build_set_hooks(struct builder *b, chr_snap_prepare_fn prepare,
                     void (*built)(void *ctx, chr_snap *s), void *ctx);

#endif
