/*
 * corpus.h - a folder of documents to a chronology: listing, reading,
 * DCT inference (sidecar NAME.meta.json, then the text), extraction.
 *
 * Bad files (unreadable, empty, invalid UTF-8, too large) never stop a
 * build: each is reported through the report callback and left out.
 */
#ifndef CHRONICLE_CORPUS_H
#define CHRONICLE_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/chron.h"
#include "chronicle/doc.h"
#include "chronicle/error.h"
#include "chronicle/event.h"
#include "chronicle/tag.h"

typedef void (*chr_report_fn)(void *ctx, const chr_error *e);

typedef struct chr_corpus_opts {
    chr_date_order order;    /* numeric date order fallback */
    int64_t dct;             /* force this DCT on every document, or CHR_NO_DAY */
    int keep_undated;        /* extraction keeps undated mentions */
    chr_report_fn report;    /* told about each file left out; may be NULL */
    void *report_ctx;
    const volatile int *cancel; /* when set and non-zero, chr_corpus_build stops
                                 * between documents; may be NULL */
} chr_corpus_opts;

/* Options with every default (CHR_NO_DAY, automatic order, no report). */
void chr_corpus_opts_init(chr_corpus_opts *o);

/*
 * The document files of dir: regular, non-hidden files that are not
 * sidecars (*.meta.json), sorted by name.  *names is a malloc'd array of
 * malloc'd names (free with chr_corpus_names_free).  Returns 0 or a
 * chr_status (CHR_EIO: dir cannot be listed).
 */
int chr_corpus_list(const char *dir, char ***names, size_t *n, chr_error *err);
void chr_corpus_names_free(char **names, size_t n);

/*
 * Everything chronicle knows about one document: read path, find its DCT
 * (opts->dct, then a sidecar, then the text), extract its mentions.
 * Fills *info (caller clears it with chr_docinfo_clear) and appends to
 * *out.  A document with invalid UTF-8 is refused with CHR_EUTF8 naming
 * the first bad byte.  Returns 0 or a chr_status.
 */
int chr_corpus_extract_file(const char *path, const chr_corpus_opts *opts,
                            chr_docinfo *info, chr_mention_list *out,
                            chr_error *err);

/*
 * The DCT of the document read from path, by the rules of
 * chr_corpus_extract_file: opts->dct, then a sidecar, then the text.
 * Returns 0, or a chr_status when a sidecar exists but is malformed.
 */
int chr_corpus_doc_dct(const char *path, const chr_doc *doc,
                       const chr_corpus_opts *opts, chr_dct *out, chr_error *err);

/*
 * The corpus default for numeric day-month order: the order most of the
 * files' unambiguous numeric dates ("13/01/2019") follow, or
 * CHR_ORDER_AUTO when they show none or tie.  Documents with a convention
 * of their own keep it; this is the fallback for the others.  Unreadable
 * files are skipped silently (reading them later reports them).
 */
chr_date_order chr_corpus_order(const char *const *paths, size_t n);

/*
 * The chronology of every document in dir.  Files that cannot be used are
 * reported and skipped.  Returns NULL (err filled) only when dir cannot be
 * listed, memory runs out, or opts->cancel became non-zero (CHR_EINVAL,
 * "cancelled").
 */
chr_chron *chr_corpus_build(const char *dir, const chr_corpus_opts *opts,
                            chr_error *err);

#endif
