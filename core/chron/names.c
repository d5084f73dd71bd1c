/*
 * names.c - one name per person across the corpus: a short name ("Meng")
 * is the one full name ("Meng Wanzhou") it can stand for.
 */
#include <stdlib.h>
#include <string.h>

#include "chronicle/words.h"
#include "base/text_int.h"
#include "chron/names_int.h"
#include "lex/places_int.h"
#include "base/buf_int.h"
#include "base/grow_int.h"

typedef struct name_key {
    uint64_t word8, name8;    /* their first eight bytes, see head8 */
    const char *word;         /* a first or last word of a full name */
    const char *name;         /* the full name (a copy: the mentions' own
                                 names may be freed as duplicates) */
} name_key;

/* The first eight bytes of s (zeros after its end) as a number that
 * orders as strcmp orders the strings' heads.  Its last byte is zero
 * when s ends within them: equal heads are then equal strings. */
static uint64_t head8(const char *s)
{
    uint64_t h = 0;
    for (size_t i = 0; i < 8 && s[i]; i++)
        h |= (uint64_t)(unsigned char)s[i] << (56 - 8 * i);
    return h;
}

/* By word, then name, as strcmp orders them: a corpus of 100,000 events
 * names tens of thousands of people, two keys each, so the heads are
 * compared as numbers first. */
static int name_key_cmp(const void *pa, const void *pb)
{
    const name_key *a = pa, *b = pb;
    if (a->word8 != b->word8)
        return a->word8 < b->word8 ? -1 : 1;
    int c = (a->word8 & 0xFF) == 0 ? 0 : strcmp(a->word, b->word);
    if (c)
        return c;
    if (a->name8 != b->name8)
        return a->name8 < b->name8 ? -1 : 1;
    return (a->name8 & 0xFF) == 0 ? 0 : strcmp(a->name, b->name);
}

/* A person's full name: two or three words, the last a word WordNet does
 * not know as a common noun ("Meng Wanzhou", not "China Mobile"). */
static int person_full_name(const char *name)
{
    const char *last = strrchr(name, ' ');
    size_t spaces = 0;
    for (const char *p = name; *p; p++)
        spaces += *p == ' ';
    if (last == NULL || spaces > 2)
        return 0;
    last++;
    char low[64];
    size_t n = strlen(last);
    if (n == 0 || n >= sizeof low)
        return 0;
    for (size_t i = 0; i < n; i++)
        low[i] = chr_lower((unsigned char)last[i]);
    const chr_word *w = chr_words_find(low, n);
    return w == NULL || w->noun_lemma == NULL || (w->flags & CHR_WF_PROPER);
}

/* "Meng" in one document is the "Meng Wanzhou" another names in full,
 * when exactly one person's full name across the corpus begins or ends
 * with that word (documents do this within themselves already).  0 or
 * CHR_ENOMEM. */
int chr_names_canonical(chr_mention *ms, size_t nms)
{
    size_t cap = 0, n = 0;
    name_key *v = NULL;
    /* the keys' strings, one after another: while it grows (and moves),
     * a key's word8 and name8 hold its strings' offsets in it */
    chr_buf text = {0};
    int rc = 0;
    for (size_t k = 0; k < nms && rc == 0; k++)
        for (size_t i = 0; i < ms[k].nactors && rc == 0; i++) {
            const char *a = ms[k].actors[i];
            if (strchr(a, ' ') == NULL || !person_full_name(a))
                continue;
            const char *last = strrchr(a, ' ') + 1;
            size_t first = (size_t)(strchr(a, ' ') - a), len = strlen(a);
            if ((rc = chr_grow_to(&v, sizeof *v, &cap, n + 2, 64)) != 0)
                break;
            /* "Meng Wanzhou\0": the name, its first word (ended where
             * the space was) and its last word */
            size_t at = text.len;
            chr_buf_add(&text, a, len + 1);
            chr_buf_add(&text, a, len + 1);
            if (text.failed) {
                rc = CHR_ENOMEM;
                break;
            }
            text.p[at + len + 1 + first] = '\0';
            v[n] = (name_key){at + len + 1, at, NULL, NULL};
            v[n + 1] = (name_key){at + (size_t)(last - a), at, NULL, NULL};
            n += 2;
        }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        v[i].word = text.p + v[i].word8;
        v[i].name = text.p + v[i].name8;
        v[i].word8 = head8(v[i].word);
        v[i].name8 = head8(v[i].name);
    }
    if (rc == 0 && n > 0)
        qsort(v, n, sizeof *v, name_key_cmp);
    for (size_t k = 0; k < nms && rc == 0 && n > 0; k++) {
        chr_mention *m = &ms[k];
        int changed = 0;
        for (size_t i = 0; i < m->nactors && rc == 0; i++) {
            const char *a = m->actors[i];
            if (strchr(a, ' ') != NULL || chr_place_name(a, strlen(a)) != NULL)
                continue;
            /* the first key of this word, then: one name only? */
            size_t lo = 0, hi = n;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (strcmp(v[mid].word, a) < 0)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo >= n || strcmp(v[lo].word, a) != 0)
                continue;
            const char *only = v[lo].name;
            int many = 0;
            for (size_t j = lo + 1; j < n && strcmp(v[j].word, a) == 0 && !many; j++)
                many = strcmp(v[j].name, only) != 0;
            if (many)
                continue;
            char *d = strdup(only);
            if (d == NULL) {
                rc = CHR_ENOMEM;
                break;
            }
            free(m->actors[i]);
            m->actors[i] = d;
            changed = 1;
        }
        if (changed)
            chr_mention_tidy_actors(m);
    }
    free(text.p);
    free(v);
    return rc;
}

