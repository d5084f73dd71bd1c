/*
 * words_int.h - the layout of the generated word table (build/gen/words.c,
 * written by core/lex/mkwords/) as core/lex/words.c reads it (core-only).
 *
 * The generated file holds integers and one string pool, no pointers, so
 * that it costs no relocations and compiles fast.  Readings are stored in
 * the order of their form's hash bucket; each distinct form appears once
 * in the pool, in that same order, followed by the phrase texts.  On first
 * use words.c turns this into chr_word records, form offsets and bucket
 * starts, in the run-time arrays the generated file also defines (zeroed
 * storage, sized there, filled once under pthread_once).
 */
#ifndef CHRONICLE_WORDS_INT_H
#define CHRONICLE_WORDS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/words.h"

/* FNV-1a; the generator and the lookup must agree on it. */
static inline uint32_t chr_words_hash(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h;
}

/* The data are 64-bit words, to keep the number of initialisers (which
 * is what gcc spends its time on) low.  Fields, as bit shifts: */

/* chr_wg_rd[i], one reading: its noun and verb lemma records (index + 1,
 * 0: none), whether the next reading has the same form, its CHR_WF_ form
 * bits, and the form's adjective and adverb facts. */
#define CHR_WG_RD_NOUN    0    /* 16 bits */
#define CHR_WG_RD_VERB    16   /* 14 bits */
#define CHR_WG_RD_MORE    30   /* 1 bit */
#define CHR_WG_RD_FORMS   32   /* 6 bits */
#define CHR_WG_RD_ADJ     38   /* 1 bit */
#define CHR_WG_RD_ADV     39   /* 1 bit */
#define CHR_WG_RD_ADJFREQ 40   /* 4 bits */
#define CHR_WG_RD_ADVFREQ 44   /* 4 bits */

/* chr_wg_nouns[k], chr_wg_verbs[k], one lemma, sorted by its text: the
 * pool offset of its text, the class and prior of its part of speech, its
 * meaning, flags; for verbs, how many phrases it heads (those phrases
 * follow the previous verbs' in chr_wg_phr). */
#define CHR_WG_LM_OFF     0    /* 24 bits */
#define CHR_WG_LM_LEX     24   /* 6 bits */
#define CHR_WG_LM_FREQ    30   /* 4 bits */
#define CHR_WG_LM_MEANING 34   /* 4 bits */
#define CHR_WG_LM_FLAG1   38   /* nouns: EVENT_NOUN; verbs: STATIVE */
#define CHR_WG_LM_FLAG2   39   /* nouns: PROPER */
#define CHR_WG_LM_NPHR    40   /* verbs: 10 bits */

/* chr_wg_phr[k], one phrase: the pool offset of its words after the head,
 * its meaning, its class. */
#define CHR_WG_PH_OFF     0    /* 24 bits */
#define CHR_WG_PH_MEANING 24   /* 4 bits */
#define CHR_WG_PH_LEX     28   /* 6 bits */

/* Bits [shift, shift + width) of x. */
#define CHR_WG_GET(x, shift, width) \
    ((unsigned)((x) >> (shift) & ((UINT64_C(1) << (width)) - 1)))

extern const uint32_t chr_wg_nreadings, chr_wg_nbuckets, chr_wg_maxlen;
extern const uint32_t chr_wg_nverbs, chr_wg_nnouns, chr_wg_nphrases;
extern const char chr_wg_pool[];
extern const uint64_t chr_wg_rd[], chr_wg_nouns[], chr_wg_verbs[], chr_wg_phr[];
/* The lookup index: each reading's form's pool offset, and the first
 * reading of each hash bucket (nbuckets + 1 entries, the last the end). */
extern const uint32_t chr_wg_formoff[], chr_wg_bucket[];

/* Run-time storage, sized by the generator, filled by words.c. */
extern chr_word chr_wg_words[];
extern _Atomic unsigned char chr_wg_ready[];   /* per reading: a form's records unpacked */
extern chr_phrase chr_wg_phrases[];
extern uint32_t chr_wg_phrfirst[];    /* per verb record: its first phrase */

#endif
