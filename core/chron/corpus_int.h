/*
 * corpus_int.h - the corpus read with results used again (core-only):
 * what chr_corpus_build needs to take unchanged documents from an earlier
 * build (chr_corpus_memo) instead of reading them again.
 */
#ifndef CHRONICLE_CORPUS_INT_H
#define CHRONICLE_CORPUS_INT_H

#include "chronicle/corpus.h"

/* On a worker, before document i is opened (corpus NULL): 1 when
 * *result (what map would make of it) and *counts (the numeric dates it
 * shows) come from elsewhere, so the document is not read; 2 when only
 * *counts do, the result depending on the corpus's order: it is asked
 * for again, with the order, once that is known; 0 to read it.  Asked
 * again (corpus set): 1 with *result, or 0 to read it now. */
typedef int (*chr_corpus_reuse_fn)(void *ctx, size_t i, const char *path,
                                   const chr_date_order *corpus, void **result,
                                   chr_order_counts *counts);
/* On a worker, after map made result of document i: result may be
 * remembered (copied; take still owns it); corpus: the corpus's order it
 * followed, NULL when it depends on the document alone. */
typedef void (*chr_corpus_keep_fn)(void *ctx, size_t i, const void *result,
                                   const chr_order_counts *counts,
                                   const chr_date_order *corpus);

/* chr_corpus_map with the two steps above (either may be NULL). */
int chr_corpus_map_reusing(const char *const *paths, size_t n, const chr_corpus_opts *opts,
                           chr_corpus_map_fn map, chr_corpus_take_fn take,
                           chr_corpus_drop_fn drop, chr_corpus_reuse_fn reuse,
                           chr_corpus_keep_fn keep, void *ctx, chr_error *err);

/* A build's use of a chr_corpus_memo. */
typedef struct chr_memo_build chr_memo_build;

/* Start using m (may be NULL) for a build of n documents read with o:
 * *out is NULL when there is no memo or another build holds it.  0 or
 * CHR_ENOMEM. */
int chr_memo_begin(chr_corpus_memo *m, const chr_corpus_opts *o, size_t n,
                   chr_memo_build **out);
/* On a worker, before document i (called name, at path) is read, as a
 * chr_corpus_reuse_fn: 1 with its record and dated mentions filled in
 * (copies; the caller owns them) and *counts, when it is unchanged since
 * the memo's build (and, for one that followed the corpus's order, that
 * order is *corpus again); 2 with *counts only when that order is not
 * known yet (corpus NULL); 0 to read it.  *copy: it was a copy of a
 * document before it by name, remembered without mentions; *text: its
 * converted text when one was kept (malloc'd, the caller's), or NULL. */
int chr_memo_reuse(chr_memo_build *b, size_t i, const char *name, const char *path,
                   const chr_date_order *corpus, chr_docinfo *info, chr_mention_list *ml,
                   chr_order_counts *counts, int *copy, char **text, size_t *text_len);
/* What chr_memo_reuse gave for document i is not used after all (a copy
 * whose original is not among the documents read): it stays in the memo,
 * and the document is read. */
void chr_memo_untake(chr_memo_build *b, size_t i);
/* On a worker, after document i was read: remember it (corpus: the
 * corpus's order it followed, or NULL; copy: a copy, not extracted; text:
 * its converted text, kept for chr_corpus_opts.keep_text, or NULL). */
void chr_memo_keep(chr_memo_build *b, size_t i, const char *name, const chr_docinfo *info,
                   const chr_mention_list *ml, const chr_order_counts *counts,
                   const chr_date_order *corpus, int copy, const char *text,
                   size_t text_len);
/* The build is over: ok, the memo now holds the folder as it was read;
 * otherwise it keeps what it had and what this build read. */
void chr_memo_end(chr_memo_build *b, int ok);

#endif
