/*
 * extract.h - the event extractor: the mentions (event.h) of an analysed
 * document (analysis.h).
 */
#ifndef CHRONICLE_EXTRACT_H
#define CHRONICLE_EXTRACT_H

#include "chronicle/analysis.h"
#include "chronicle/error.h"
#include "chronicle/event.h"

typedef struct chr_extract_opts {
    int keep_undated;          /* also return undated mentions */
} chr_extract_opts;

/*
 * Find the event mentions of an analysed document (chr_analysis_run done;
 * the parts of speech are made here if they were not yet),
 * dated by its temporal expressions and its DCT.  Appends to *out in
 * document order.  Undated mentions are appended only when
 * opts->keep_undated (opts may be NULL).  Returns 0 or CHR_ENOMEM.
 */
int chr_extract(chr_analysis *a, const chr_extract_opts *opts, chr_mention_list *out,
                chr_error *err);

#endif
