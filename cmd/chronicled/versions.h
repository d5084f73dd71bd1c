/*
 * versions.h - the history of corpus versions in the state folder and
 * the routes that read it (/versions, /diff, /timeline.json and
 * /timeline.ics with ?version=).  Old versions are loaded and diffed on a
 * worker thread; a request waiting for one is answered when it is done.
 */
#ifndef CHRONICLED_VERSIONS_H
#define CHRONICLED_VERSIONS_H

#include <stddef.h>

#include <event2/event.h>

#include "chronicle/snap.h"
#include "render.h"
#include "reply.h"

struct versions;
/* Open the state folder (NULL: CORPUS/.chronicle) and read its history.
 * Trouble with the folder is logged and kept for /healthz (the daemon
 * serves without a history); NULL only when out of memory. */
struct versions *versions_open(const char *state, const char *corpus);
/* Start the worker, waking base's loop; old versions' feeds are rendered
 * with rd.  0 or -1. */
int versions_start(struct versions *v, struct event_base *base,
                   struct renderer *rd);
/* The daemon stops (loop thread): no job starts any more, requests
 * waiting for one that has not started are answered 503, and a build that
 * reaches versions_built from now on is not recorded. */
void versions_stop(struct versions *v);
/* Is the worker in the middle of a job? */
int versions_busy(struct versions *v);
/* After evhttp_free (waiting requests are gone with their connections). */
void versions_free(struct versions *v);
/* A chr_snap_prepare_fn (ctx: the versions): gives the new chronology
 * the ids, SEQUENCE and LAST-MODIFIED its events had in the newest
 * version, so calendars update events in place. */
int versions_prepare(void *ctx, chr_chron *c, chr_error *err);
/* The snapshot built from a prepared chronology (not yet shared): make
 * its Last-Modified follow the newest version's (chr_snap_follow), record
 * it in the state folder (a new corpus version only) and make it the
 * newest version. */
void versions_built(void *ctx, chr_snap *s);
/* Versions on disk; the state folder's error into error ("" when fine). */
size_t versions_health(struct versions *v, char *error, size_t cap);
/* Does a feed query ask for an older version (a "version" parameter)? */
int versions_wanted(const char *query);
/* Answer r (route /versions, /diff, or a feed with ?version=). */
void versions_handle(struct versions *v, struct request *r, const char *query);

#endif
