/* event.c - event mentions and their lists; type and status names. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_int.h"
#include "base/wordtab_int.h"
#include "extract/extract_int.h"


void chr_mention_clear(chr_mention *m)
{
    if (m == NULL)
        return;
    free(m->doc);
    free(m->sentence);
    free(m->title);
    free(m->trigger);
    free(m->lemma);
    free(m->date_text);
    for (size_t i = 0; i < m->nactors; i++)
        free(m->actors[i]);
    free(m->actors);
    memset(m, 0, sizeof *m);
}

static char *dup_or_null(const char *s, int *fail)
{
    if (s == NULL)
        return NULL;
    char *d = strdup(s);
    if (d == NULL)
        *fail = 1;
    return d;
}

int chr_mention_copy(chr_mention *dst, const chr_mention *src)
{
    int fail = 0;
    *dst = *src;
    dst->doc = dup_or_null(src->doc, &fail);
    dst->sentence = dup_or_null(src->sentence, &fail);
    dst->title = dup_or_null(src->title, &fail);
    dst->trigger = dup_or_null(src->trigger, &fail);
    dst->lemma = dup_or_null(src->lemma, &fail);
    dst->date_text = dup_or_null(src->date_text, &fail);
    dst->actors = NULL;
    dst->nactors = 0;
    if (src->nactors) {
        dst->actors = calloc(src->nactors, sizeof *dst->actors);
        if (dst->actors == NULL)
            fail = 1;
        else {
            dst->nactors = src->nactors;
            for (size_t i = 0; i < src->nactors; i++)
                dst->actors[i] = dup_or_null(src->actors[i], &fail);
        }
    }
    if (fail) {
        chr_mention_clear(dst);
        return CHR_ENOMEM;
    }
    return 0;
}

int chr_mention_list_push(chr_mention_list *l, chr_mention *m)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        chr_mention *n = realloc(l->items, cap * sizeof *n);
        if (n == NULL)
            return CHR_ENOMEM;
        l->items = n;
        l->cap = cap;
    }
    l->items[l->count++] = *m;
    memset(m, 0, sizeof *m);
    return 0;
}

void chr_mention_list_free(chr_mention_list *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->count; i++)
        chr_mention_clear(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->count = l->cap = 0;
}

static const char *const type_names[CHR_EV_NTYPES] = {
    "meeting", "ban", "opening", "law", "arrest", "legal_action", "report",
    "statement", "policy", "other"};

const char *chr_event_type_name(chr_event_type t)
{
    return (unsigned)t < CHR_EV_NTYPES ? type_names[t] : "other";
}

int chr_event_type_parse(const char *s, size_t len, chr_event_type *out)
{
    for (int i = 0; i < CHR_EV_NTYPES; i++)
        if (strlen(type_names[i]) == len && memcmp(type_names[i], s, len) == 0) {
            *out = (chr_event_type)i;
            return 0;
        }
    return CHR_EINVAL;
}

const char *chr_modality_name(chr_modality m)
{
    return m == CHR_PLANNED ? "planned" : "occurred";
}

static int cmp_actor(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void chr_mention_tidy_actors(chr_mention *m)
{
    if (m->nactors < 2)
        return;
    qsort(m->actors, m->nactors, sizeof *m->actors, cmp_actor);
    size_t w = 1;
    for (size_t i = 1; i < m->nactors; i++) {
        if (strcmp(m->actors[i], m->actors[w - 1]) == 0)
            free(m->actors[i]);
        else
            m->actors[w++] = m->actors[i];
    }
    m->nactors = w;
}
