/*
 * stats.h - process-wide counters of the work done on documents: how many
 * were read, hashed, tokenized, tagged and extracted.  A run reads, tokenizes and tags
 * each document once; tests hold the pipeline to that.  Counting is a
 * relaxed atomic add, safe from any thread.
 */
#ifndef CHRONICLE_STATS_H
#define CHRONICLE_STATS_H

#include <stdint.h>

typedef enum chr_stat {
    CHR_STAT_DOC_READ = 0,   /* documents read (file or memory) */
    CHR_STAT_DOC_HASH,       /* SHA-256 digests of documents */
    CHR_STAT_TOKENIZE,       /* texts tokenized */
    CHR_STAT_TAG,            /* token streams matched by the tagger's rules */
    CHR_STAT_EXTRACT,        /* documents whose events were extracted */
    CHR_STAT_COUNT
} chr_stat;

void chr_stat_add(chr_stat which);
uint64_t chr_stat_get(chr_stat which);
/* Set every counter to zero (tests). */
void chr_stat_reset(void);

#endif
