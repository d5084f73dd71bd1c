/*
 * wordtab_int.h - a read-only index of short lower-case ASCII words, for
 * the tagger's lexicon and the extractor's triggers (core-only).
 *
 * Built once from a static array of entries whose first field is the
 * word; looked up for every word of every document, so most words are
 * rejected by their first letter and length before hashing.  Entries with
 * the same word may repeat: the index finds the first of them.
 */
#ifndef CHRONICLE_WORDTAB_INT_H
#define CHRONICLE_WORDTAB_INT_H

#include <stddef.h>
#include <stdint.h>

#define CHR_WORDTAB_SLOTS 1024u   /* power of two, above twice the entries */
#define CHR_WORDTAB_MAXLEN 15

typedef struct chr_wordtab {
    int16_t slot[CHR_WORDTAB_SLOTS];   /* entry index, -1 empty */
    uint64_t key[CHR_WORDTAB_SLOTS][2];   /* the slot's word, NUL-padded */
    uint16_t lens[26 * 27];            /* by the first two letters (the second
                                          0 when it is none): bit n, a word of
                                          n bytes starts so */
    const char *base;                  /* the entries */
    size_t stride;                     /* sizeof one entry */
} chr_wordtab;

/* Index n entries of size stride at base (each starts with a const char *
 * word).  Call once, before any lookup (e.g. under pthread_once). */
void chr_wordtab_build(chr_wordtab *t, const void *base, size_t n, size_t stride);

/* The index of the first entry whose word is w (n bytes, lower case), or
 * -1. */
int chr_wordtab_find(const chr_wordtab *t, const char *w, size_t n);
/* The same for s as written (n bytes, any case); -1 as well when s is
 * not ASCII. */
int chr_wordtab_find_ci(const chr_wordtab *t, const char *s, size_t n);

/* The slot a key hashes to: two multiplications, the high bits. */
static inline uint32_t chr_wordtab_hash(const uint64_t k[2])
{
    uint64_t h = k[0] * 0x9E3779B97F4A7C15ULL ^ k[1] * 0xC2B2AE3D27D4EB4FULL;
    return (uint32_t)(h >> 40) & (CHR_WORDTAB_SLOTS - 1);
}

/* chr_wordtab_find for a word already in key form: its n bytes (1 to
 * CHR_WORDTAB_MAXLEN, lower case) NUL-padded to 16.  Inline, for the
 * tokenizer's lookup of every word. */
static inline int chr_wordtab_find_key(const chr_wordtab *t, const uint64_t k[2], size_t n)
{
    unsigned a = (unsigned)(k[0] & 0xFF), b = (unsigned)(k[0] >> 8 & 0xFF);
    if (a < 'a' || a > 'z')
        return -1;
    size_t pr = (size_t)(a - 'a') * 27 + (b >= 'a' && b <= 'z' ? (size_t)(b - 'a') + 1 : 0);
    if (!(t->lens[pr] & (1u << n)))
        return -1;
    for (uint32_t h = chr_wordtab_hash(k);; h = (h + 1) & (CHR_WORDTAB_SLOTS - 1)) {
        int16_t e = t->slot[h];
        if (e < 0 || (t->key[h][0] == k[0] && t->key[h][1] == k[1]))
            return e;
    }
}

/* A table over the static array arr, indexed on first use by whichever
 * thread comes first: defines static int name(const char *w, size_t n),
 * the index of w's entry in arr or -1, and name_ci(s, n) for s as
 * written.  (Needs <pthread.h>.) */
#define CHR_WORDTAB_DEFINE(name, arr)                                          \
    static chr_wordtab name##_tab;                                             \
    static pthread_once_t name##_once = PTHREAD_ONCE_INIT;                     \
    static void name##_build(void)                                             \
    {                                                                          \
        chr_wordtab_build(&name##_tab, arr, sizeof arr / sizeof arr[0],        \
                          sizeof arr[0]);                                      \
    }                                                                          \
    __attribute__((unused)) static inline int name(const char *w, size_t n)   \
    {                                                                          \
        pthread_once(&name##_once, name##_build);                              \
        return chr_wordtab_find(&name##_tab, w, n);                            \
    }                                                                          \
    __attribute__((unused)) static inline int name##_ci(const char *s, size_t n) \
    {                                                                          \
        pthread_once(&name##_once, name##_build);                              \
        return chr_wordtab_find_ci(&name##_tab, s, n);                         \
    }

#endif
