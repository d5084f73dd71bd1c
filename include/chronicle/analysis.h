/*
 * analysis.h - everything chronicle learns about one document, built once
 * and shared by every later stage: the document (bytes, text, sentences,
 * digest on demand), the numeric day-month order it is read in, its
 * tokens with their word classes, its temporal expressions, and its DCT
 * with how it was found.
 *
 * A document is analysed in two steps.  chr_analysis_new takes the
 * document and counts its numeric dates; a document that shows no order
 * of its own but holds dates whose reading depends on it waits for the
 * corpus's order (chr_analysis_waits).  chr_analysis_run then tokenizes,
 * tags (matching the rules once, DCT inference reading the same matches)
 * and resolves, once.  Everything returned is borrowed from the analysis
 * and lives until chr_analysis_free.
 */
#ifndef CHRONICLE_ANALYSIS_H
#define CHRONICLE_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/doc.h"
#include "chronicle/error.h"
#include "chronicle/tag.h"

typedef struct chr_analysis chr_analysis;
struct chr_toks;
struct chr_wtag;

/* Where a document's date comes from when its text is not asked. */
typedef struct chr_analysis_opts {
    int64_t dct;              /* given (--dct), or CHR_NO_DAY */
    chr_dct_source dct_source;/* CHR_DCT_GIVEN or CHR_DCT_SIDECAR with dct */
    chr_date_order given;     /* --date-order, or CHR_ORDER_AUTO */
    const char *title;        /* the sidecar's title, or NULL; copied */
    /* The date the file gives itself (format.h), or CHR_NO_DAY: a strong
     * one (HTML meta, e-mail Date) wins over the text's dateline, a weak
     * one (PDF, .docx properties) only stands in when the text has none;
     * a given or sidecar date wins over both.  file_dct_how is copied. */
    int64_t file_dct;
    int file_dct_weak;
    const char *file_dct_how;
} chr_analysis_opts;

/* Options with no given date and no given order. */
void chr_analysis_opts_init(chr_analysis_opts *o);

/*
 * Start the analysis of doc, which it takes over (freed with the
 * analysis, also on failure).  opts may be NULL.  NULL when memory runs
 * out (err filled).
 */
chr_analysis *chr_analysis_new(chr_doc *doc, const chr_analysis_opts *opts, chr_error *err);
/* The title given with the document (its sidecar's), or NULL; borrowed. */
const char *chr_analysis_title(const chr_analysis *a);
void chr_analysis_free(chr_analysis *a);     /* NULL is a no-op */

/* The document's numeric dates by the order they show (order.c). */
const chr_order_counts *chr_analysis_order_counts(const chr_analysis *a);
/* Does the reading depend on the corpus's order?  (No order of its own,
 * and dates such as "04/05/2019".) */
int chr_analysis_waits(const chr_analysis *a);

/*
 * Tokenize, tag and find the DCT, once; corpus is the corpus's order (or
 * CHR_ORDER_AUTO).  A second call does nothing.  0 or CHR_ENOMEM.
 */
int chr_analysis_run(chr_analysis *a, chr_date_order corpus, chr_error *err);

/*
 * The timexes of the document, as chr_analysis_run finds them, handed to
 * fn one by one in text order (a negative return stops with that status)
 * without holding the whole document's tokens: a text longer than window
 * bytes (0: CHR_ANALYSIS_WINDOW) is tokenized, tagged and resolved a part
 * at a time, each part ending at a paragraph break (else a line break),
 * what resolving carries passed from part to part, so memory does not
 * grow with the file.  The DCT is found in the first part when it is
 * given or the head of the text states it; otherwise a first pass over
 * the parts looks for the reader-comment stamps that bound it, as
 * chr_analysis_run looks over the whole text.  For `chronicle dates`;
 * the analysis is not left run.
 */
#define CHR_ANALYSIS_WINDOW ((size_t)256 << 10)
typedef int (*chr_timex_fn)(void *ctx, const chr_timex *tx);
int chr_analysis_each_timex(chr_analysis *a, chr_date_order corpus, size_t window,
                            chr_timex_fn fn, void *ctx, chr_error *err);

chr_doc *chr_analysis_doc(const chr_analysis *a);
/* After chr_analysis_run: */
chr_date_order chr_analysis_order(const chr_analysis *a);
const chr_dct *chr_analysis_dct(const chr_analysis *a);
const chr_timex_list *chr_analysis_timexes(const chr_analysis *a);   /* by start */
const struct chr_toks *chr_analysis_tokens(const chr_analysis *a);   /* core only */

/* Parts of speech of every token (lex/pos_int.h), made once, the first
 * time they are asked for (after chr_analysis_run); `chronicle dates`
 * never needs them.  0 or CHR_ENOMEM. */
int chr_analysis_tag_words(chr_analysis *a, chr_error *err);
const struct chr_wtag *chr_analysis_words(const chr_analysis *a);   /* core only */

#endif
