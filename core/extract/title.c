/* title.c - a short title for a mention, from the clause of its trigger. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_int.h"
#include "base/wordtab_int.h"
#include "extract/extract_int.h"

/* A short title: the words around the trigger inside its clause, without
 * the date expression, at most 12 words. */
char *ex_make_title(const char *text, const chr_tok *t, size_t lo, size_t hi,
                        size_t trig, size_t span, const unsigned char *skip)
{
    size_t a = trig, b = trig + span;
    size_t words = span;
    /* extend left to the clause start or 5 words */
    size_t left = 0;
    while (a > lo && left < 6) {
        const chr_tok *p = &t[a - 1];
        if (ex_is_clause_punct(p) || (p->kind == T_PUNCT && p->s + 3 == p->e &&
                                   (unsigned char)text[p->s] == 0xE2 &&
                                   (unsigned char)text[p->s + 2] != 0x99))
            break;
        a--;
        left += p->kind == T_WORD && !skip[a - lo];
    }
    while (b < hi && words < 9) {
        const chr_tok *p = &t[b];
        if (ex_is_clause_punct(p) || (p->kind == T_PUNCT && (p->val == '.' && !p->adj)))
            break;
        if (p->kind == T_PUNCT && p->s + 3 == p->e && (unsigned char)text[p->s] == 0xE2 &&
            (unsigned char)text[p->s + 2] != 0x99 && (unsigned char)text[p->s + 2] != 0x9C &&
            (unsigned char)text[p->s + 2] != 0x9D)
            break;
        b++;
        words += p->kind == T_WORD && !skip[b - 1 - lo];
    }
    /* drop leading function words and the date's tokens */
    static const char *const lead[] = {"and", "but", "that", "when", "as", "then", "also",
                                       "the", "a", "an", "in", "on", "at", "to", "of",
                                       "which", "who", "while", "so", "although"};
    size_t cap = (t[b - 1].e - t[a].s) + 2;
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    size_t n = 0;
    int started = 0;
    static const char *const preps[] = {"on", "in", "at", "since", "during", "of", "from",
                                        "until", "by", "as", "earlier", "later"};
    for (size_t k = a; k < b; k++) {
        if (skip[k - lo])
            continue;
        /* the preposition of a date that is left out goes with it */
        if (k + 1 < b && skip[k + 1 - lo] && ex_word_in(text, &t[k], preps, sizeof preps / sizeof preps[0]))
            continue;
        if (!started && (t[k].kind == T_PUNCT || ex_word_in(text, &t[k], lead, sizeof lead / sizeof lead[0])) &&
            k < trig)
            continue;
        if (started && !t[k].adj)
            out[n++] = ' ';
        size_t len = t[k].e - t[k].s;
        memcpy(out + n, text + t[k].s, len);
        if (!started && chr_is_lower((unsigned char)out[n]))
            out[n] = (char)(out[n] - 32);
        n += len;
        started = 1;
    }
    /* no dangling opening quote, bracket or stop at the end */
    while (n > 0 && (out[n - 1] == '(' || out[n - 1] == '"' || out[n - 1] == ' ' ||
                     out[n - 1] == '.' || out[n - 1] == ','))
        n--;
    out[n] = '\0';
    return out;
}

/* Copy [s, s+len) folding runs of white space to one space. */
char *ex_squeeze(const char *s, size_t len)
{
    char *out = malloc(len + 1);
    if (out == NULL)
        return NULL;
    size_t n = 0;
    int sp = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (chr_is_space(c)) {
            sp = 1;
            continue;
        }
        if (sp && n)
            out[n++] = ' ';
        sp = 0;
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return out;
}

