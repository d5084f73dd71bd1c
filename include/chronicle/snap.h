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
 * A chr_body is immutable once returned (except that chr_snap_feed and
 * chr_snap_cached may add the gzip form of a cached body, on the cache's
 * thread, and the server sets its file on that same thread) and reference counted the same way, so a reply can hold its
 * bytes while the snapshot is replaced or the cache evicts it.  Its
 * entity-tags are hashes of its bytes.
 *
 * Rendering a filtered body may take long; chr_snap_cached, then
 * chr_snap_render on another thread, then chr_snap_keep splits
 * chr_snap_feed so that the cache's thread only looks up and stores.
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
    size_t gzlen;           /* SIZE_MAX with gz NULL: tried, not smaller */
    const char *type;       /* Content-Type (static) */
    char etag[72];          /* strong entity-tag, quotes included: a hash
                             * of data */
    char etag_gz[72];       /* the gzip form's own: a hash of gz */
    int64_t modified;       /* Last-Modified (seconds), 0 when unknown */
    int file;               /* the server's, on one thread (its loop): a
                             * descriptor of a file holding data, which it
                             * sends from (chr_body_keep_file), or its own
                             * negative marks; CHR_BODY_NO_FILE at first */
    atomic_size_t refs;     /* private */
} chr_body;
#define CHR_BODY_NO_FILE (-2)

/*
 * A body of the bytes [data, data+len) (ownership of the malloc'd data
 * taken, freed on failure too) with one reference.  Its entity-tag is
 * "KIND-HASH": a 64-bit FNV-1a of the bytes, so equal bytes share a tag
 * and different bytes (almost surely) do not; kind (at most 24 bytes
 * used) only makes tags readable.  type must outlive the body.  NULL when
 * out of memory.
 */
chr_body *chr_body_new(char *data, size_t len, const char *type,
                       const char *kind, int64_t modified);
/*
 * Add the gzip form at level when it is smaller than the plain bytes,
 * with its own entity-tag (a hash of the compressed bytes).  Does nothing
 * when already made or tried.  Returns 0 or CHR_ENOMEM.  Changes b:
 * call it before b is shared between threads.
 */
int chr_body_gzip(chr_body *b, int level);

/* b's bytes are also in the file open on fd (ownership taken): closed
 * with the body.  chr_body_files counts the bodies holding one, in every
 * thread. */
void chr_body_keep_file(chr_body *b, int fd);
size_t chr_body_files(void);

void chr_body_ref(chr_body *b);
/* Drop a reference; the last one frees the body.  NULL is a no-op. */
void chr_body_unref(chr_body *b);

typedef struct chr_snap chr_snap;

/*
 * Build the chronology of dir with opts (chr_corpus_build; files left
 * out are passed on to opts->report and counted) and render its bodies.
 * The texts converted from documents are kept (chr_snap_doc_text), so
 * that a converted document is never converted again to be shown.
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
 * build with err as prepare filled it.  When opts->cancel becomes
 * non-zero the build stops between documents and again before prepare
 * and before rendering: NULL with CHR_EINVAL "cancelled".
 */
typedef int (*chr_snap_prepare_fn)(void *ctx, chr_chron *c, chr_error *err);
chr_snap *chr_snap_build_prepared(const char *dir, const chr_corpus_opts *opts,
                                  chr_snap_prepare_fn prepare, void *ctx,
                                  chr_error *err);

/* The same from a built chronology; takes ownership of c (freed on
 * failure too). */
chr_snap *chr_snap_new(chr_chron *c, chr_error *err);
/* The same with no body rendered yet: each whole feed is rendered when
 * first asked for (chr_snap_cached misses, chr_snap_keep keeps it), so an
 * old version loaded for one feed costs that feed only. */
chr_snap *chr_snap_new_lazy(chr_chron *c, chr_error *err);

/* Where the page is ("http://127.0.0.1:8080/"), for the calendar's
 * per-event URL; process-wide, for the snapshots made after the call
 * (copied; NULL: none).  Any thread. */
void chr_snap_set_page_url(const char *url);

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
 * The Last-Modified of every body of s (seconds): the newest document
 * mtime (chr_chron_generated) unless raised by the two calls below.  The
 * JSON's "generated" field is not affected.
 */
int64_t chr_snap_modified(const chr_snap *s);
/* Raise the Last-Modified of s and its bodies to t (never lowers it).
 * Call before s is shared between threads. */
void chr_snap_set_modified(chr_snap *s, int64_t t);
/*
 * s is served after prev (NULL: nothing to follow): its Last-Modified
 * becomes at least prev's, and later than prev's when the corpus version
 * or any prebuilt body's bytes differ, so a client revalidating with
 * If-Modified-Since alone never keeps a stale copy (deleting the newest
 * document makes the newest mtime go back).  Call before s is shared.
 */
void chr_snap_follow(chr_snap *s, const chr_snap *prev);

/*
 * The body of feed for filter f (NULL: everything, the prebuilt body),
 * with its gzip form made when gzip is non-zero.  Filtered bodies are
 * rendered on first use and kept in the cache.  On success *out holds a
 * new reference (release with chr_body_unref).  Returns 0, or CHR_ENOMEM.
 * The same as chr_snap_cached, then chr_snap_render and chr_snap_keep on
 * a miss.
 */
int chr_snap_feed(chr_snap *s, chr_feed feed, const chr_filter *f,
                  int gzip, chr_body **out, chr_error *err);

/*
 * Only what is ready: the prebuilt body or a cached one (*out, a new
 * reference).  Returns 0, CHR_ENOTFOUND when the body has to be rendered
 * (counted as a cache miss), or CHR_ENOMEM.  Cache thread only.
 */
int chr_snap_cached(chr_snap *s, chr_feed feed, const chr_filter *f,
                    int gzip, chr_body **out, chr_error *err);
/*
 * Render the body of feed for f (NULL: everything) without looking at or
 * filling the cache, with its gzip form when gzip is non-zero.  Reads only
 * the chronology: safe on any thread while the caller holds a reference
 * to s.  Returns a body with one reference, or NULL (CHR_ENOMEM).
 */
chr_body *chr_snap_render(const chr_snap *s, chr_feed feed,
                          const chr_filter *f, int gzip, chr_error *err);
/* Keep b (a body chr_snap_render made for feed and f; the cache takes
 * its own reference) in the cache of s.  Cache thread only. */
void chr_snap_keep(chr_snap *s, chr_feed feed, const chr_filter *f,
                   chr_body *b);

/* The JSON of one event by id (cached like filtered feeds).  Returns 0,
 * CHR_ENOTFOUND (no such event) or CHR_ENOMEM. */
int chr_snap_event(chr_snap *s, const char *id, int gzip, chr_body **out,
                   chr_error *err);

/*
 * The text a build of s read from the converted document called name (a
 * PDF, a page, an e-mail, a .docx, another encoding): the bytes its
 * sources' offsets count, as text/plain, Last-Modified the file's mtime.
 * Borrowed (chr_body_ref to hold it past s); any thread.  NULL for a
 * document read as it is (UTF-8 text: the file is the text), one s does
 * not hold, and every document of a snapshot not made by chr_snap_build
 * (chr_snap_new: a version loaded from a record).
 */
chr_body *chr_snap_doc_text(const chr_snap *s, const char *name);
/* The bytes of those texts, all together (what keeping them costs). */
size_t chr_snap_text_bytes(const chr_snap *s);

/* Cache statistics: lookups answered from the cache, and renders. */
void chr_snap_cache_stats(const chr_snap *s, uint64_t *hits,
                          uint64_t *misses);

/* gzip [data, data+len) into a malloc'd buffer (caller frees); NULL when
 * out of memory.  The output is deterministic (no timestamp). */
char *chr_snap_gzip(const char *data, size_t len, int level, size_t *outlen);

#endif
