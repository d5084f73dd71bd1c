/* title.c - a short title for a mention, from the clause of its trigger. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_int.h"
#include "base/wordtab_int.h"
#include "extract/extract_int.h"

/* A title being written: words joined by single spaces (none before a
 * token that touches the one before it: "U.S.", "Huawei's"). */
typedef struct tbuf {
    char *p;
    size_t n;
    int started;
} tbuf;

static void put(tbuf *b, const char *s, size_t len, int touches)
{
    if (b->started && !touches)
        b->p[b->n++] = ' ';
    memcpy(b->p + b->n, s, len);
    if (!b->started && chr_is_lower((unsigned char)b->p[b->n]))
        b->p[b->n] = (char)(b->p[b->n] - 32);
    b->n += len;
    b->started = 1;
}

/* Words of a noun phrase (and the 's and "&" inside names). */
static int np_part(const ex_sentence *s, size_t i)
{
    unsigned g = s->words[i].tag;
    if (g == PT_DET || g == PT_ADJ || g == PT_NUM || g == PT_POSS || g == PT_PROPN || g == PT_NOUN)
        return 1;
    const chr_tok *t = &s->tv->t[i];
    const unsigned char *u = (const unsigned char *)s->text + t->s;
    /* U+2019, the typographic apostrophe of "Huawei’s" */
    int apos = t->e - t->s == 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0x99;
    return t->kind == T_PUNCT && t->adj && (t->val == '\'' || t->val == '&' || t->val == '.' ||
                                             t->val == '-' || apos);
}

/* No title ends on these: a determiner, preposition, conjunction, "to",
 * a helper verb, a negation, or punctuation. */
static int cannot_end(const ex_sentence *s, size_t i)
{
    unsigned g = s->words[i].tag;
    const chr_tok *t = &s->tv->t[i];
    if (t->kind == T_PUNCT)
        return t->val != ')';
    return g == PT_DET || g == PT_PREP || g == PT_CONJ || g == PT_TO || g == PT_POSS ||
           g == PT_AUX || g == PT_MODAL || g == PT_NEG || g == PT_PRON || g == PT_COPULA ||
           (g == PT_NONE && s->words[i].closed != CL_NONE);
}

/* A clause cut at an opening quote inside a noun phrase ("its
 * prohibitive “entities list” of companies") goes on past the quoted
 * words and the noun phrase after them. */
static size_t past_quoted_name(const ex_sentence *s, size_t cb)
{
    const chr_tok *t = s->tv->t;
    if (cb >= s->hi || cb == s->lo || !ex_opens_quote(s->text, &t[cb]))
        return cb;
    unsigned g = s->words[cb - 1].tag;
    if (g != PT_DET && g != PT_ADJ && g != PT_POSS && g != PT_PREP)
        return cb;
    size_t k = cb + 1;
    while (k < s->hi && k < cb + 8 && t[k].kind == T_WORD)
        k++;
    if (k >= s->hi || k == cb + 1 || t[k].kind != T_PUNCT || ex_opens_quote(s->text, &t[k]))
        return cb;
    k++;  /* the closing quote */
    while (k < s->hi && (np_part(s, k) || s->words[k].tag == PT_PREP) && t[k].kind == T_WORD)
        k++;
    return k;
}

/* Where the title's words before the trigger begin: v, the verb group
 * (or the noun phrase of a noun trigger); sa, its subject; [ra, rb), the
 * phrase a relative "that" or "which" stands for (empty when none). */
typedef struct heads {
    size_t v, sa, ra, rb;
} heads;

static heads find_heads(const ex_sentence *s, size_t ca, size_t trig)
{
    const unsigned char *skip = s->skip;
    size_t lo = s->lo;
    /* the verb group, or the noun phrase of a noun trigger */
    size_t v = trig;
    if (s->words[trig].tag == PT_VERB) {
        while (v > ca && !skip[v - 1 - lo] &&
               (s->words[v - 1].tag == PT_AUX || s->words[v - 1].tag == PT_MODAL ||
                s->words[v - 1].tag == PT_ADV || s->words[v - 1].tag == PT_NEG ||
                s->words[v - 1].tag == PT_TO))
            v--;
    } else {
        while (v > ca && !skip[v - 1 - lo] && np_part(s, v - 1) && s->words[v - 1].tag != PT_PROPN)
            v--;
    }
    /* the subject: the noun phrase right before the verb group */
    size_t sa = v;
    if (s->words[trig].tag == PT_VERB) {
        while (sa > ca && !skip[sa - 1 - lo] && np_part(s, sa - 1))
            sa--;
        if (sa == v && v > ca && s->words[v - 1].tag == PT_PRON)
            sa = v - 1;
    }
    /* "centres in the UK that were launched": the subject of a relative
     * clause is the phrase its "that" or "which" stands for */
    size_t ra = sa, rb = sa;
    if (sa == v && sa > lo + 1 && sa - 1 >= ca && s->words[trig].tag == PT_VERB &&
        (s->words[sa - 1].closed == CL_THAT || s->words[sa - 1].closed == CL_WH)) {
        rb = sa - 1;
        ra = rb;
        for (int pp = 0; ra > lo && !skip[ra - 1 - lo];) {
            if (np_part(s, ra - 1))
                ra--;
            else if (!pp && ra - 1 > lo && s->words[ra - 1].tag == PT_PREP && np_part(s, ra - 2))
                ra--, pp = 1;
            else
                break;
        }
    }
    return (heads){v, sa, ra, rb};
}

/* A title in headline form, from the clause of the trigger: its subject
 * (a pronoun replaced by ante, the name it stands for, when there is
 * one), the verb group and what follows, without the date expression and
 * its preposition, ended at a phrase boundary, at most about 14 words. */
char *ex_make_title(const ex_sentence *s, size_t trig, size_t span, const char *ante,
                    size_t ante_len)
{
    /* third persons stand for a name of the text; "we" and "I" for its
     * writer, who is not named in it */
    static const char *const pron[] = {"he", "she", "it", "they"};
    static const char *const article[] = {"the", "a", "an"};
    static const char *const possessive[] = {"his", "her", "its", "their"};
    static const char *const preps[] = {"on", "in", "at", "since", "during", "of", "from",
                                        "until", "by", "as", "earlier", "later"};
    const chr_tok *t = s->tv->t;
    const char *text = s->text;
    const unsigned char *skip = s->skip;
    size_t lo = s->lo, ca, cb;
    ex_clause_span(s, trig, &ca, &cb);
    /* a form's field name ("Title<TAB>", "Subject:") is a label */
    if (ca == lo && ca + 1 < cb && t[ca].kind == T_WORD &&
        (text[t[ca].e] == '\t' || (t[ca + 1].kind == T_PUNCT && t[ca + 1].val == ':')))
        ca += text[t[ca].e] == '\t' ? 1 : 2;
    cb = past_quoted_name(s, cb);
    heads h = find_heads(s, ca, trig);
    size_t v = h.v, sa = h.sa, ra = h.ra, rb = h.rb;
    size_t cap = (t[cb - 1].e - t[ra < ca ? ra : ca].s) + ante_len + 12;
    tbuf b = {malloc(cap), 0, 0};
    if (b.p == NULL)
        return NULL;
    int pronoun = sa + 1 == v && ex_word_in(text, &t[sa], pron, sizeof pron / sizeof pron[0]);
    if (pronoun && ante_len > 0)
        put(&b, ante, ante_len, 0);
    size_t words = b.started;
    for (size_t k = ra; k < rb; k++) {
        if (k == ra && ex_word_in(text, &t[k], article, sizeof article / sizeof article[0]))
            continue;
        put(&b, text + t[k].s, t[k].e - t[k].s, t[k].adj);
        words += t[k].kind == T_WORD;
    }
    for (size_t k = sa; k < v && !pronoun; k++) {
        if (k == sa && ex_word_in(text, &t[k], article, sizeof article / sizeof article[0]))
            continue;
        /* "his company": the name's company, or just the company */
        if (k == sa && ex_word_in(text, &t[k], possessive, sizeof possessive / sizeof possessive[0])) {
            if (ante_len > 0) {
                put(&b, ante, ante_len, 0);
                put(&b, "'s", 2, 1);
                words++;
            }
            continue;
        }
        if (!(b.started == 0 && t[k].kind == T_PUNCT)) {
            put(&b, text + t[k].s, t[k].e - t[k].s, t[k].adj);
            words += t[k].kind == T_WORD;
        }
    }
    /* the verb group and what follows, to the word limit */
    size_t end = v, limit = 14;
    int cut = 0;
    for (size_t k = v; k < cb; k++) {
        if (k >= trig + span && words >= limit) {
            cut = 1;
            break;
        }
        /* a comma after the predicate ends the headline */
        if (k >= trig + span && t[k].kind == T_PUNCT && t[k].val == ',')
            break;
        end = k + 1;
        words += t[k].kind == T_WORD && !skip[k - lo];
    }
    /* a phrase cut in the middle goes back to where it began */
    if (cut) {
        size_t j = end;
        while (j > trig + span && !(s->words[j - 1].tag == PT_PREP || s->words[j - 1].tag == PT_TO ||
                                    s->words[j - 1].tag == PT_CONJ))
            j--;
        if (j > trig + span)
            end = j - 1;
    }
    while (end > trig + span && (cannot_end(s, end - 1) || skip[end - 1 - lo]))
        end--;
    for (size_t k = v; k < end; k++) {
        if (skip[k - lo])
            continue;
        /* the preposition of a date that is left out goes with it */
        if (k + 1 < cb && skip[k + 1 - lo] && ex_word_in(text, &t[k], preps, sizeof preps / sizeof preps[0]))
            continue;
        if (b.started == 0 && t[k].kind == T_PUNCT)
            continue;
        put(&b, text + t[k].s, t[k].e - t[k].s, t[k].adj);
    }
    /* no dangling opening quote, bracket or stop at the end */
    while (b.n > 0 && (b.p[b.n - 1] == '(' || b.p[b.n - 1] == '"' || b.p[b.n - 1] == ' ' ||
                       b.p[b.n - 1] == ',' || (b.p[b.n - 1] == '.' && b.n > 1 &&
                                               !chr_is_upper((unsigned char)b.p[b.n - 2]))))
        b.n--;
    b.p[b.n] = '\0';
    return b.p;
}
