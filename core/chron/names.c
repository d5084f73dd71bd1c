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
#include "base/sha256_int.h"

/* The first and last words of the full names, each with the one name
 * it stands for, or with "many" when two names begin or end with it: a
 * table probed by the word's hash, sized for every word up front.  Words
 * and names are offsets into one buffer of copies (the mentions' own
 * names may be freed as duplicates, and the buffer moves as it grows). */
typedef struct name_slot {
    uint64_t hash;
    size_t word_at, name_at;         /* in the buffer; name_at 0: empty */
    uint32_t word_len;
    uint32_t many;
} name_slot;

typedef struct name_table {
    name_slot *s;
    size_t mask;
    chr_buf text;                    /* one byte first, so offsets are > 0 */
} name_table;

static name_slot *name_find(name_table *t, const char *w, size_t n, uint64_t h)
{
    for (size_t i = (size_t)h & t->mask;; i = (i + 1) & t->mask) {
        name_slot *sl = &t->s[i];
        if (sl->name_at == 0 || (sl->hash == h && sl->word_len == n &&
                                 memcmp(t->text.p + sl->word_at, w, n) == 0))
            return sl;
    }
}

/* The word [w, w+n) of the full name a (whose copy is at *copy, 0 for
 * none yet) stands for a, unless another name has it too. */
static void name_add(name_table *t, const char *a, const char *w, size_t n, size_t *copy)
{
    uint64_t h = chr_fnv64(w, n, 0);
    name_slot *sl = name_find(t, w, n, h);
    if (sl->name_at != 0) {
        if (!sl->many && strcmp(t->text.p + sl->name_at, a) != 0)
            sl->many = 1;
        return;
    }
    if (*copy == 0) {
        *copy = t->text.len;
        chr_buf_add(&t->text, a, strlen(a) + 1);
    }
    *sl = (name_slot){h, *copy + (size_t)(w - a), *copy, (uint32_t)n, 0};
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
    size_t words = 0;                /* at most: two of each name of two words or more */
    for (size_t k = 0; k < nms; k++)
        for (size_t i = 0; i < ms[k].nactors; i++)
            words += strchr(ms[k].actors[i], ' ') != NULL ? 2 : 0;
    if (words == 0)
        return 0;
    name_table t = {0};
    size_t cap = 16;
    while (cap < 2 * words)
        cap *= 2;
    t.s = calloc(cap, sizeof *t.s);
    if (t.s == NULL)
        return CHR_ENOMEM;
    t.mask = cap - 1;
    chr_buf_add(&t.text, "", 1);
    for (size_t k = 0; k < nms && !t.text.failed; k++)
        for (size_t i = 0; i < ms[k].nactors; i++) {
            const char *a = ms[k].actors[i];
            const char *space = strchr(a, ' ');
            if (space == NULL || !person_full_name(a))
                continue;
            const char *last = strrchr(a, ' ') + 1;
            size_t copy = 0;
            name_add(&t, a, a, (size_t)(space - a), &copy);
            name_add(&t, a, last, strlen(last), &copy);
        }
    int rc = t.text.failed ? CHR_ENOMEM : 0;
    for (size_t k = 0; k < nms && rc == 0 && t.text.len > 1; k++) {
        chr_mention *m = &ms[k];
        int changed = 0;
        for (size_t i = 0; i < m->nactors && rc == 0; i++) {
            const char *a = m->actors[i];
            if (strchr(a, ' ') != NULL || chr_place_name(a, strlen(a)) != NULL)
                continue;
            /* one full name only begins or ends with this word? */
            size_t n = strlen(a);
            const name_slot *sl = name_find(&t, a, n, chr_fnv64(a, n, 0));
            if (sl->name_at == 0 || sl->many)
                continue;
            char *d = strdup(t.text.p + sl->name_at);
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
    free(t.text.p);
    free(t.s);
    return rc;
}

