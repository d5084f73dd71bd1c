/*
 * corpus.h - a folder of documents to a chronology: listing, reading,
 * DCT inference (sidecar NAME.meta.json, then the text), extraction.
 *
 * Bad files (unreadable, empty, invalid UTF-8, too large) never stop a
 * build: each is reported through the report callback and left out.
 */
#ifndef CHRONICLE_CORPUS_H
#define CHRONICLE_CORPUS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "chronicle/analysis.h"
#include "chronicle/chron.h"
#include "chronicle/doc.h"
#include "chronicle/error.h"
#include "chronicle/event.h"
#include "chronicle/tag.h"

typedef void (*chr_report_fn)(void *ctx, const chr_error *e);

/* What a build learnt of each document, for the next build of the same
 * folder with the same options (chronicled's reloads): documents whose
 * file and sidecars were not written since are taken from it instead of
 * read again.  See chr_corpus_opts.memo. */
typedef struct chr_corpus_memo chr_corpus_memo;

chr_corpus_memo *chr_corpus_memo_new(void);
void chr_corpus_memo_free(chr_corpus_memo *m);
/* Of the last chr_corpus_build that used m: documents taken from it, and
 * documents read. */
size_t chr_corpus_memo_reused(const chr_corpus_memo *m);
size_t chr_corpus_memo_read(const chr_corpus_memo *m);

typedef struct chr_corpus_opts {
    chr_date_order order;    /* numeric date order fallback */
    int64_t dct;             /* force this DCT on every document, or CHR_NO_DAY */
    int keep_undated;        /* extraction keeps undated mentions */
    chr_report_fn report;    /* told about each file left out; may be NULL */
    void *report_ctx;
    const atomic_int *cancel;   /* when set and non-zero, chr_corpus_build stops
                                 * between documents; may be NULL */
    int follow_links;        /* read symbolic links that leave the folder */
    /* The order the whole corpus shows, when the documents are read in
     * parts (chronicle extract --corpus-order): with corpus_order_set,
     * documents with no order of their own follow corpus_order
     * (CHR_ORDER_AUTO: the corpus shows none) instead of the majority of
     * the documents of this read. */
    int corpus_order_set;
    chr_date_order corpus_order;
    /* told after each document, read or left out (done so far); may be
     * NULL.  Any thread: the one building. */
    void (*progress)(void *ctx, size_t done);
    void *progress_ctx;
    /* documents analysed at once, each on a thread of its own; 0 or 1: on
     * the calling thread only.  Callbacks (report, progress, and the
     * chr_corpus_fn and take steps below) still run on the calling thread
     * in document order, so what they write does not depend on it. */
    unsigned jobs;
    const char *encoding;    /* --encoding: the charset of text that is not
                              * UTF-8, instead of a guess; NULL */
    int no_recurse;          /* read the folder's own files only */
    const char *state_dir;   /* a folder never read (the daemon's state), or NULL */
    /* what chr_corpus_read and chr_corpus_map call the documents of their
     * paths array, by index (a path inside the corpus folder); NULL: each
     * path's last component */
    const char *const *names;
    /* chr_corpus_build: take unchanged documents from memo and fill it
     * with this build's; NULL reads every document.  A memo serves one
     * build at a time (a second one reads everything). */
    chr_corpus_memo *memo;
    /* chr_corpus_build keeps the text of each converted document (a PDF,
     * a page, an e-mail, a .docx, another encoding: chr_doc_converted) it
     * adds to the chronology by handing it here, on the calling thread in
     * document order: text is malloc'd (len bytes and a NUL) and becomes
     * the callee's, also when it fails.  A negative return (CHR_ENOMEM)
     * fails the build.  NULL: no text is kept, none is copied. */
    int (*keep_text)(void *ctx, const char *name, char *text, size_t len);
    void *keep_text_ctx;
} chr_corpus_opts;

/* Options with every default (CHR_NO_DAY, automatic order, no report,
 * one job). */
void chr_corpus_opts_init(chr_corpus_opts *o);

/*
 * The document files of dir and its subfolders: regular, non-hidden files
 * that are not sidecars (*.meta.json) or editor backups, named by their
 * path relative to dir ("letters/2019/a.eml"), sorted.  Hidden folders,
 * version-control folders (CVS, _darcs and the dot-folders), opts'
 * state_dir and symbolic links to folders are not entered; opts (may be
 * NULL) no_recurse reads dir's own files only.  At most
 * CHR_CORPUS_MAX_DEPTH folders deep.  *names is a malloc'd array of
 * malloc'd names (free with chr_corpus_names_free).  Returns 0 or a
 * chr_status (CHR_EIO: dir cannot be listed).
 */
#define CHR_CORPUS_MAX_DEPTH 32
int chr_corpus_list(const char *dir, const chr_corpus_opts *opts, char ***names, size_t *n,
                    chr_error *err);
void chr_corpus_names_free(char **names, size_t n);

/*
 * A cheap fingerprint of what chr_corpus_list would read in dir (names,
 * sizes, times, inodes of the files and of the folders entered), so a
 * poll that finds nothing changed does not rebuild; *newest (may be NULL)
 * the newest modification time among them (seconds, with fractions).
 * Entries are summed, so the listing order does not matter.  1 when dir
 * cannot be listed (it differs from any listing).
 */
uint64_t chr_corpus_signature(const char *dir, const chr_corpus_opts *opts, double *newest);

/* The subfolders of dir that chr_corpus_list enters, by relative name
 * (for a watcher of the folder); as chr_corpus_list. */
int chr_corpus_folders(const char *dir, const chr_corpus_opts *opts, char ***names, size_t *n,
                       chr_error *err);

/*
 * Read the document at path and start its analysis: the file is read once
 * and converted by its kind (format.h: HTML, e-mail, PDF, .docx, other
 * encodings; the file's own title and date kept as candidates), refused
 * when it is not a regular file, empty, too large, of a kind chronicle
 * does not read, damaged, or, unless allow_bad_bytes, text that is not
 * UTF-8 after conversion -- err then names the first bad byte), its
 * sidecar read (a malformed one refuses the document), and the date the
 * options or the sidecar give recorded.  The analysis is not run (see
 * chr_analysis_run).  NULL with err filled on failure.
 */
chr_analysis *chr_corpus_open(const char *path, const chr_corpus_opts *opts,
                              int allow_bad_bytes, chr_error *err);
/* The same, the document called name (NULL: the path's last component). */
chr_analysis *chr_corpus_open_named(const char *path, const char *name,
                                    const chr_corpus_opts *opts, int allow_bad_bytes,
                                    chr_error *err);

/*
 * The document record and the event mentions of an analysis that has run:
 * fills *info (clear it with chr_docinfo_clear) and appends to *out.
 * Returns 0 or CHR_ENOMEM.
 */
int chr_corpus_extract(chr_analysis *a, const chr_corpus_opts *opts, chr_docinfo *info,
                       chr_mention_list *out, chr_error *err);

/* chr_corpus_open, run and extract one document on its own (no corpus
 * order).  Returns 0 or a chr_status. */
int chr_corpus_extract_file(const char *path, const chr_corpus_opts *opts,
                            chr_docinfo *info, chr_mention_list *out,
                            chr_error *err);

/* Called for each document of chr_corpus_read, analysed and run; the
 * analysis is freed when it returns.  A negative return stops the read
 * with that status. */
typedef int (*chr_corpus_fn)(void *ctx, const char *path, chr_analysis *a);

/*
 * Read and analyse the documents paths[0..n) once each, called
 * opts->names[i] (see chr_corpus_opts).  Documents whose
 * numeric dates are read in the corpus's order ("04/05/2019" and no order
 * of their own) wait until every document was read and come last; the
 * others go to fn in the order given.  Documents that cannot be used are
 * reported through opts->report and left out.  With opts->jobs > 1 the
 * documents are read and analysed on that many threads, and fn is still
 * called on the calling thread, in the same order.  Returns 0, CHR_ENOMEM,
 * CHR_EINVAL when opts->cancel was set ("cancelled"), or fn's status.
 */
int chr_corpus_read(const char *const *paths, size_t n, const chr_corpus_opts *opts,
                    chr_corpus_fn fn, void *ctx, chr_error *err);

/* chr_corpus_map's steps.  map runs on a worker thread (several at once,
 * for different documents; it must not write anything it shares): it
 * turns an analysed document into *result and returns 0, or a negative
 * status that stops the read.  take runs on the calling thread, in the
 * order chr_corpus_read calls its fn, and owns result; a negative return
 * stops the read.  drop frees a result that was made but never taken. */
typedef int (*chr_corpus_map_fn)(void *ctx, const char *path, chr_analysis *a,
                                 void **result);
typedef int (*chr_corpus_take_fn)(void *ctx, const char *path, void *result);
typedef void (*chr_corpus_drop_fn)(void *ctx, void *result);

/*
 * chr_corpus_read with the work on each document split in two: map, on
 * opts->jobs threads, and take, on the calling thread in document order.
 * Same order, reports, progress and return values as chr_corpus_read.
 */
int chr_corpus_map(const char *const *paths, size_t n, const chr_corpus_opts *opts,
                   chr_corpus_map_fn map, chr_corpus_take_fn take, chr_corpus_drop_fn drop,
                   void *ctx, chr_error *err);

/*
 * The numeric dates of the documents paths[0..n), counted by the order
 * they show and summed into *out (zeroed first): what chr_corpus_read
 * counts to find the corpus's majority, without tokenizing or tagging.
 * Documents that cannot be used are reported as chr_corpus_read reports
 * them and not counted.  Returns 0 or CHR_ENOMEM.
 */
int chr_corpus_orders(const char *const *paths, size_t n, const chr_corpus_opts *opts,
                      chr_order_counts *out, chr_error *err);

/*
 * The chronology of every document in dir.  Files that cannot be used are
 * reported and skipped.  Returns NULL (err filled) when dir cannot be
 * listed, holds no usable document (CHR_EEMPTY, saying how many files
 * were left out), memory runs out, or opts->cancel became non-zero
 * (CHR_EINVAL, "cancelled").
 */
chr_chron *chr_corpus_build(const char *dir, const chr_corpus_opts *opts,
                            chr_error *err);

#endif
