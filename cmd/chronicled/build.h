/*
 * build.h - reloads: builds a new snapshot of the corpus and records it
 * as a version (versions.h), off the loop, as two jobs of the work queue
 * (work.h) one after the other: the build lane.  One build at a time;
 * requests made meanwhile are merged into one more build.  Loop thread
 * only.
 */
#ifndef CHRONICLED_BUILD_H
#define CHRONICLED_BUILD_H

#include <stdint.h>

#include "chronicle/snap.h"
#include "versions.h"
#include "work.h"

struct build_result {
    chr_snap *snap;             /* NULL: the build failed */
    chr_error err;
    double seconds;
    int64_t finished;           /* wall clock, seconds */
    size_t read, reused;        /* documents read, and taken unchanged from
                                   the last build */
};

/* The loop, after each build that ended (built and recorded, or failed;
 * never one skipped as unchanged or abandoned as the daemon stops).  The
 * callee takes the snapshot's reference. */
typedef void (*build_done_fn)(void *ctx, struct build_result *r);

struct builder;

/* Builds of dir through w, recorded in v; done(ctx, ...) with each
 * result.  NULL when out of memory. */
/* A reload reads the folder once nothing in it has changed for this
 * long, waiting at most BUILD_SETTLE_MAX_S. */
#define BUILD_SETTLE_S 2.0
#define BUILD_SETTLE_MAX_S 30.0

struct builder *build_new(struct work *w, struct versions *v, const char *dir,
                          build_done_fn done, void *ctx);

/* Seconds since the build in progress last finished a document (0 when
 * none runs): a build that stops moving shows in /healthz. */
double build_idle(const struct builder *b);

/* Read symbolic links that leave the corpus folder (--follow-links); set
 * before the first build. */
void build_follow_links(struct builder *b, int on);
/* Read the folder's own files only (--no-recurse). */
void build_no_recurse(struct builder *b, int on);
/* The state folder (--state), which the corpus reader never enters even
 * inside the corpus; NULL: none.  0, or -1 out of memory. */
int build_state_dir(struct builder *b, const char *dir);

/* Read text that is not UTF-8 in this charset (--encoding, an iconv
 * name) instead of guessing; NULL: guess.  Set before the first build.
 * 0, or -1 out of memory. */
int build_encoding(struct builder *b, const char *charset);

/* Read this many documents at once in each build (--jobs; 0 or 1: one);
 * the version built does not depend on it. */
void build_jobs(struct builder *b, unsigned jobs);

/* Build and record at once on this thread, before the loop runs: the
 * first snapshot.  The build stops between documents when *cancel
 * becomes non-zero (a signal), and is then not recorded.  Fills *r. */
void build_first(struct builder *b, const atomic_int *cancel,
                 struct build_result *r);

/* Ask for a build.  force: even if the folder looks unchanged. */
void build_request(struct builder *b, int force);

/* Is a build running or about to (not after build_cancel)? */
int build_busy(const struct builder *b);

/* The daemon stops: a running build ends at its next check (between
 * documents, before comparing, before rendering), nothing more is
 * recorded, and no further build starts.  Returns at once. */
void build_cancel(struct builder *b);

/* Give up on the build in progress when it has finished no document for
 * longer than limit seconds: it is told to stop at its next check, its
 * result is thrown away and reported as a failed reload (the old version
 * stays live), and the lane takes the next build once the worker lets
 * go of it.  Returns 1 when it gave up on one now. */
int build_abandon(struct builder *b, double limit);

/* Is the build in progress one given up on (its worker has not let go
 * yet)?  *total (may be NULL): builds given up on since the start. */
int build_abandoned(const struct builder *b, uint64_t *total);

/* After work_free; NULL is a no-op. */
void build_free(struct builder *b);

#endif
