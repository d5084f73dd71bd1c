/* wordtab.c - open addressing over each word as two 64-bit keys (its
 * bytes, NUL-padded to 16), rejecting by the first two letters and the
 * length first. */
#include <string.h>

#include "base/text_int.h"
#include "base/wordtab_int.h"

#define hash chr_wordtab_hash

/* The entry of key k, or -1. */
static int probe(const chr_wordtab *t, const uint64_t k[2])
{
    for (uint32_t h = hash(k);; h = (h + 1) & (CHR_WORDTAB_SLOTS - 1)) {
        int16_t e = t->slot[h];
        if (e < 0 || (t->key[h][0] == k[0] && t->key[h][1] == k[1]))
            return e;
    }
}

/* The filter's slot for a word starting with the lower-case letter a and
 * then b (another letter, or anything else). */
static inline size_t pair(char a, char b)
{
    return (size_t)(a - 'a') * 27 + (b >= 'a' && b <= 'z' ? (size_t)(b - 'a') + 1 : 0);
}

static const char *word_of(const chr_wordtab *t, size_t i)
{
    return *(const char *const *)(const void *)(t->base + i * t->stride);
}

void chr_wordtab_build(chr_wordtab *t, const void *base, size_t n, size_t stride)
{
    t->base = base;
    t->stride = stride;
    memset(t->lens, 0, sizeof t->lens);
    for (size_t i = 0; i < CHR_WORDTAB_SLOTS; i++)
        t->slot[i] = -1;
    for (size_t i = 0; i < n; i++) {
        const char *w = word_of(t, i);
        if (i > 0 && strcmp(w, word_of(t, i - 1)) == 0)
            continue;
        size_t len = strlen(w);
        if (len == 0 || len > CHR_WORDTAB_MAXLEN)
            continue;           /* never looked up */
        uint64_t k[2] = {0, 0};
        memcpy(k, w, len);
        uint32_t h = hash(k);
        while (t->slot[h] >= 0)
            h = (h + 1) & (CHR_WORDTAB_SLOTS - 1);
        t->slot[h] = (int16_t)i;
        t->key[h][0] = k[0];
        t->key[h][1] = k[1];
        if (w[0] >= 'a' && w[0] <= 'z' && len <= CHR_WORDTAB_MAXLEN)
            t->lens[pair(w[0], len > 1 ? w[1] : 0)] |= (uint16_t)(1u << len);
    }
}

int chr_wordtab_find(const chr_wordtab *t, const char *w, size_t n)
{
    if (n == 0 || n > CHR_WORDTAB_MAXLEN || w[0] < 'a' || w[0] > 'z' ||
        !(t->lens[pair(w[0], n > 1 ? w[1] : 0)] & (1u << n)))
        return -1;
    uint64_t k[2] = {0, 0};
    memcpy(k, w, n);
    return probe(t, k);
}

int chr_wordtab_find_ci(const chr_wordtab *t, const char *s, size_t n)
{
    if (n == 0 || n > CHR_WORDTAB_MAXLEN)
        return -1;
    char a = (char)chr_lower((unsigned char)s[0]), b = n > 1 ? (char)chr_lower((unsigned char)s[1]) : 0;
    if (a < 'a' || a > 'z' || !(t->lens[pair(a, b)] & (1u << n)))
        return -1;
    union {
        uint64_t k[2];
        char w[16];
    } u = {{0, 0}};
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80)
            return -1;
        u.w[i] = (char)chr_lower(c);
    }
    return probe(t, u.k);
}
