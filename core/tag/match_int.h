/*
 * match_int.h - tagging in two steps, for the per-document analysis
 * (core-only): the rules are matched over a token stream once, which
 * needs no DCT; the matches are then resolved against a DCT.  DCT
 * inference reads the same matches, so a document is tagged once.
 *
 * A chr_matches borrows the text and the tokens it was made from: they
 * must outlive it.  Free it with chr_matches_free.
 */
#ifndef CHRONICLE_TAG_MATCH_INT_H
#define CHRONICLE_TAG_MATCH_INT_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/tag.h"
#include "lex/lex_int.h"

typedef struct chr_matches chr_matches;

/* Match every rule over tv (the tokens of text) with the numeric day-month
 * order order (CHR_ORDER_AUTO reads as day first).  NULL when memory runs
 * out. */
chr_matches *chr_tag_match(const char *text, size_t len, const chr_toks *tv,
                           chr_date_order order);
void chr_matches_free(chr_matches *m);     /* NULL is a no-op */
size_t chr_matches_count(const chr_matches *m);
/* What the matches were made from (borrowed). */
const char *chr_matches_text(const chr_matches *m, size_t *len);
const chr_toks *chr_matches_tokens(const chr_matches *m);
chr_date_order chr_matches_order(const chr_matches *m);

/* Resolve the matches that start before byte upto (SIZE_MAX: all) against
 * dct (CHR_NO_DAY: none), appending to *out in text order.  0 or
 * CHR_ENOMEM. */
int chr_tag_resolve(const chr_matches *m, int64_t dct, size_t upto, chr_timex_list *out);

/* What resolving carries from one part of a text to the next: the
 * narrative's previous date and the reporting period named last. */
typedef struct chr_tag_carry {
    chr_date prev;
    int have_prev;
    chr_date period;
    int have_period;
} chr_tag_carry;

/* chr_tag_resolve of the matches of one part of a text (chr_tag_match
 * over the tokens of that part), starting from what *carry holds (zero
 * for the first part) and leaving in it what the next part starts from:
 * the parts in order give the timexes of the whole. */
int chr_tag_resolve_carry(const chr_matches *m, int64_t dct, size_t upto, chr_tag_carry *carry,
                          chr_timex_list *out);

/* chr_dct_infer over matches already made (the text's numeric order is
 * the one they were made with).  0 or CHR_ENOMEM. */
int chr_dct_infer_matches(const chr_matches *m, chr_dct *out);

/* A text without a dateline or date header: its DCT is bounded by the
 * earliest reader-comment stamp ("by NAME on March 25 2019"), found in
 * the timexes resolved without a DCT.  chr_dct_stamps keeps in out
 * (day, offset, length; day CHR_NO_DAY before the first) the earliest
 * stamp of tl and of what it was given before, so a text read a part at
 * a time gives its parts' timexes in order; chr_dct_bound then dates the
 * story by it, toks holding at least the text's first lines (the lede's
 * "on Friday"): source CHR_DCT_BOUND, or nothing when no stamp was
 * found.  chr_dct_infer_matches does both over the whole text. */
void chr_dct_stamps(const char *text, const chr_timex_list *tl, chr_dct *out);
void chr_dct_bound(const char *text, size_t len, const chr_toks *toks, chr_dct *out);

/* A news dateline opening the sentence of tokens [lo, hi) of tv: a place
 * ("NEW YORK", "Springfield, Illinois"), an optional date and agency, and
 * a dash: "CITY, Month D (Agency) -", "CITY, D Month YYYY -", "CITY -"
 * (a place in capitals).  Returns the index of the story's first token
 * after it, lo when there is none. */
size_t chr_dateline_skip(const char *text, const chr_toks *tv, size_t lo, size_t hi);
/* Datelines are looked for at the start of a line in a document's first
 * sentences only. */
#define CHR_DATELINE_SENTENCES 8

#endif
