/*
 * versions.h - the daemon's history of corpus versions: the newest
 * version and its number, what /versions lists, old versions and diffs
 * kept in memory, the steps of a build that carry identity over and
 * record a new version in the state folder (the policy itself is
 * chronicle/record.h), and the routes that read the history (/versions,
 * /diff, /timeline.json and /timeline.ics with ?version=).
 *
 * Threads.  Everything is the loop's except the state folder's history,
 * which belongs to the build lane (build.h): one build or record job at a
 * time, and the loop between them.  A struct versions_step carries what
 * one build needs from the loop to the workers and back.  Old versions
 * are loaded and diffed by jobs of the work queue; a request that needs
 * one waits for it.
 */
#ifndef CHRONICLED_VERSIONS_H
#define CHRONICLED_VERSIONS_H

#include <stddef.h>

#include "chronicle/snap.h"
#include "reply.h"
#include "work.h"

struct versions;
struct versions_step;

/* The history of the state folder (NULL: CORPUS/.chronicle), opened at
 * the first build.  NULL only when out of memory. */
struct versions *versions_open(const char *state, const char *corpus);
/* Loads, diffs and old versions' feeds go to w from now on (before it:
 * 503). */
void versions_start(struct versions *v, struct work *w);
/* After work_free: frees everything; NULL is a no-op. */
void versions_free(struct versions *v);

/* For /healthz: the versions kept; the state folder's trouble into error
 * ("" when none), its file names relative to the folder unless paths. */
size_t versions_health(const struct versions *v, int paths, char *error, size_t cap);

/* The state folder, as given or made from the corpus folder. */
const char *versions_state(const struct versions *v);

/* ---- the build lane ---- */

/* The loop, as a build begins: a step holding the newest version to carry
 * identity from.  NULL when out of memory. */
struct versions_step *versions_begin(struct versions *v);
/* A chr_snap_prepare_fn (ctx: the step), on the build's worker: opens the
 * state folder's history when it is not open (the newest version on disk
 * is then what identity comes from) and gives c the ids, SEQUENCE and
 * LAST-MODIFIED its events had in the newest version.  Returns 0. */
int versions_prepare(void *step, chr_chron *c, chr_error *err);
/* A worker of the build lane, after the build: the snapshot s made from
 * the prepared chronology (not yet shared) gets a Last-Modified that
 * follows the newest version's and, when it is a new version, is recorded
 * in the state folder; cancelled (the daemon stops): nothing is
 * written. */
void versions_record(struct versions_step *st, chr_snap *s, int cancelled);
/* The loop, after versions_record: s is the newest version now (the list,
 * the diffs and the state folder's health follow).  Frees st. */
void versions_recorded(struct versions *v, struct versions_step *st, chr_snap *s);
/* The loop: the build failed; what opening the history found is kept.
 * Frees st. */
void versions_end(struct versions *v, struct versions_step *st);
/* Free a step without using it (the daemon stops); NULL is a no-op. */
void versions_step_free(struct versions_step *st);

/* ---- routes (loop thread) ---- */

/* GET /versions. */
void versions_list(struct versions *v, struct request *r, const char *query);
/* GET /diff?from=V&to=V. */
void versions_diff(struct versions *v, struct request *r, const char *query);
/* GET /timeline.json or /timeline.ics with ?version=V and the feed's
 * filter parameters. */
void versions_timeline(struct versions *v, struct request *r, chr_feed feed,
                       const char *query);

#endif
