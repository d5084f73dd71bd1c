/*
 * snap.h - one corpus version as the daemon serves it: the chronology,
 * every response body that does not depend on the request rendered once
 * (plain and gzip) with its validators, and a bounded cache of filtered
 * renderings.
 *
 * A chr_snap is built whole (on any thread) and its chronology and
 * prebuilt bodies never change afterwards.  It is reference counted:
 * chr_snap_ref / chr_snap_unref may be called from any thread, and the
 * last unref frees it.  The cache behind chr_snap_feed / chr_snap_event
 * is not locked: call those from one thread at a time (the event loop).
 *
 * A chr_body is immutable once returned (except that chr_snap_feed may add
 * its gzip form) and reference counted the same way, so a reply can hold
 * its bytes while the snapshot is replaced or the cache evicts it.
 */
#ifndef CHRONICLE_SNAP_H
#define CHRONICLE_SNAP_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "chronicle/chron.h"
#include "chronicle/corpus.h"
#include "chronicle/error.h"
#include "chronicle/filter.h"

/* Default bounds of the filtered-response cache of each snapshot. */
#define CHR_SNAP_CACHE_ENTRIES 128u
#define CHR_SNAP_CACHE_BYTES   ((size_t)32 << 20)

typedef enum chr_feed {
    CHR_FEED_JSON = 0,      /* the timeline; the filter's view picks the form */
    CHR_FEED_ICS,           /* the iCalendar feed */
    CHR_FEED_DOCUMENTS      /* the document list (no filter) */
} chr_feed;

typedef struct chr_body {
    const char *data;       /* the representation's bytes */
    size_t len;
    const char *gz;         /* gzip of data, or NULL (not made, not smaller) */
    size_t gzlen;
    const char *type;       /* Content-Type (static) */
    char etag[72];          /* strong entity-tag, quotes included */
    char etag_gz[72];       /* the gzip form's own strong entity-tag */
    int64_t modified;       /* Last-Modified (seconds), 0 when unknown */
    atomic_size_t refs;     /* private */
} chr_body;

void chr_body_ref(chr_body *b);
/* Drop a reference; the last one frees the body.  NULL is a no-op. */
void chr_body_unref(chr_body *b);

typedef struct chr_snap chr_snap;

/*
 * Build the chronology of dir with opts (chr_corpus_build; files left
 * out are passed on to opts->report and counted) and render its bodies.
 * Returns a snapshot holding one reference, or NULL with err filled
 * (dir cannot be listed, out of memory).
 */
chr_snap *chr_snap_build(const char *dir, const chr_corpus_opts *opts,
                         chr_error *err);

/*
 * chr_snap_build with a step between building the chronology and
 * rendering it: prepare (may be NULL) gets the built chronology and may
 * change its events' id, sequence and modified fields (a history of
 * versions carries identity over this way); a non-zero return fails the
 * build with err as prepare filled it.
 */
typedef int (*chr_snap_prepare_fn)(void *ctx, chr_chron *c, chr_error *err);
chr_snap *chr_snap_build_prepared(const char *dir, const chr_corpus_opts *opts,
                                  chr_snap_prepare_fn prepare, void *ctx,
                                  chr_error *err);

/* The same from a built chronology; takes ownership of c (freed on
 * failure too). */
chr_snap *chr_snap_new(chr_chron *c, chr_error *err);

void chr_snap_ref(chr_snap *s);
/* Drop a reference; the last one frees the snapshot and its cache.
 * Bodies handed out stay valid until their own last unref. */
void chr_snap_unref(chr_snap *s);

/* Change the cache bounds (entries, total bytes of cached bodies). */
void chr_snap_set_cache(chr_snap *s, size_t entries, size_t bytes);

const chr_chron *chr_snap_chron(const chr_snap *s);   /* borrowed */
const char *chr_snap_version(const chr_snap *s);      /* borrowed */
size_t chr_snap_skipped(const chr_snap *s);  /* files left out when built */

/*
 * The body of feed for filter f (NULL: everything, the prebuilt body),
 * with its gzip form made when gzip is non-zero.  Filtered bodies are
 * rendered on first use and kept in the cache.  On success *out holds a
 * new reference (release with chr_body_unref).  Returns 0, or CHR_ENOMEM.
 */
int chr_snap_feed(chr_snap *s, chr_feed feed, const chr_filter *f,
                  int gzip, chr_body **out, chr_error *err);

/* The JSON of one event by id (cached like filtered feeds).  Returns 0,
 * CHR_ENOTFOUND (no such event) or CHR_ENOMEM. */
int chr_snap_event(chr_snap *s, const char *id, int gzip, chr_body **out,
                   chr_error *err);

/* Cache statistics: lookups answered from the cache, and renders. */
void chr_snap_cache_stats(const chr_snap *s, uint64_t *hits,
                          uint64_t *misses);

/* gzip [data, data+len) into a malloc'd buffer (caller frees); NULL when
 * out of memory.  The output is deterministic (no timestamp). */
char *chr_snap_gzip(const char *data, size_t len, int level, size_t *outlen);

#endif
