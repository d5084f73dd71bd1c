/* actor.c - who takes part: capitalised names of the clause, and the
 * acronyms a document defines. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_int.h"
#include "base/wordtab_int.h"
#include "extract/extract_int.h"


static const char *const not_actor[] = {
    "the", "a", "an", "in", "on", "at", "and", "but", "or", "as", "also", "then",
    "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i",
    "our", "their", "his", "her", "you", "your", "there", "here", "so", "if",
    "while", "when", "after", "before", "since", "for", "with", "by", "from",
    "to", "of", "under", "despite", "although", "though", "however", "thank",
    "dear", "yours", "mr", "mrs", "ms", "dr", "first", "second", "third", "in",
    "some", "all", "any", "no", "not", "what", "how", "why", "where", "who",
    "more", "most", "both", "each", "one", "two", "said", "says", "according",
    "yet", "even", "only", "just", "big", "recent", "related", "previously",
    "speaking", "agreed", "our", "my", "today", "yesterday", "tomorrow", "last",
    "next", "early", "late", "mid", "q", "re", "title", "date", "source"};

/* "iPhone", "eBay": a lower-case letter first, then a capital. */
static int camel(const char *text, const chr_tok *t)
{
    if (t->kind != T_WORD || t->cap || t->e - t->s < 3)
        return 0;
    for (uint32_t k = t->s + 1; k < t->e; k++)
        if (chr_is_upper((unsigned char)text[k]))
            return 1;
    return 0;
}

static int actor_word(const char *text, const chr_tok *t, int sentence_start)
{
    if (t->kind != T_WORD || (!t->cap && !camel(text, t)))
        return 0;
    if (t->cls == C_MONTH || t->cls == C_MONTH_AB || t->cls == C_WDAY || t->cls == C_WDAY_AB)
        return 0;
    if (ex_word_in(text, t, not_actor, sizeof not_actor / sizeof not_actor[0]))
        return 0;
    (void)sentence_start;
    return 1;
}

/* "Chinese", "European", "French": adjectives of origin, not actors. */
static int demonym(const char *w, size_t n)
{
    static const char *const list[] = {"French", "Dutch", "Swiss", "Greek", "Thai", "Irish",
                                       "German", "Israeli", "Iraqi", "Saudi", "Pakistani",
                                       "British", "Danish", "Polish", "Spanish", "Swedish",
                                       "Finnish", "Turkish", "Welsh", "Scottish", "Czech"};
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
        if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
            return 1;
    static const char *const suffix[] = {"ese", "ean", "ian", "can", "ern"};
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++)
        if (n > 5 && memcmp(w + n - 3, suffix[i], 3) == 0)
            return 1;
    return 0;
}

static int ex_connector(const char *text, const chr_tok *t)
{
    return t->kind == T_WORD && !t->cap &&
           (chr_tok_is(text, t, "of") || chr_tok_is(text, t, "for") ||
            chr_tok_is(text, t, "de"));
}

typedef struct strvec {
    char **v;
    size_t n, cap;
} strvec;

static int sv_has(const strvec *s, const char *w)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], w) == 0)
            return 1;
    return 0;
}

static int sv_push(strvec *s, const char *w, size_t len)
{
    char buf[128];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, w, len);
    buf[len] = '\0';
    if (sv_has(s, buf))
        return 0;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        char **nv = realloc(s->v, cap * sizeof *nv);
        if (nv == NULL)
            return -1;
        s->v = nv;
        s->cap = cap;
    }
    s->v[s->n] = strdup(buf);
    if (s->v[s->n] == NULL)
        return -1;
    s->n++;
    return 0;
}

static void sv_free(strvec *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Actors of a sentence: runs of capitalised words ("Andrus Ansip",
 * "U.S. Commerce Department", "Huawei"), joined over "of"/"for"/"and" inside
 * a name ("Office of Export Enforcement"), possessive "'s" dropped, with
 * dotted initialisms ("U.S.") kept whole.  Skips the sentence's first word
 * when it is a common word, and words that are part of the date. */
/* "South Korean", "North African": a compass word before a demonym is an
 * adjective of origin too. */
static int regional_demonym(const char *text, const chr_tok *t, size_t s, size_t e)
{
    static const char *const compass[] = {"north", "south", "east", "west", "central",
                                          "northern", "southern", "eastern", "western"};
    if (e != s + 2 || !ex_word_in(text, &t[s], compass, sizeof compass / sizeof compass[0]))
        return 0;
    return demonym(text + t[s + 1].s, t[s + 1].e - t[s + 1].s);
}

static int find_actors(const char *text, const chr_tok *t, size_t lo, size_t hi,
                       const unsigned char *skip, strvec *out)
{
    size_t i = lo;
    while (i < hi) {
        /* "AT&T", "P&G": capitals joined by "&" are one name */
        int amp = i + 2 < hi && t[i].kind == T_WORD && t[i].cap && t[i + 1].kind == T_PUNCT &&
                  t[i + 1].val == '&' && t[i + 1].adj && t[i + 2].adj &&
                  t[i + 2].kind == T_WORD && t[i + 2].cap;
        int capital;
        size_t ce = skip[i - lo] ? i : chr_tok_code(text, t, i, hi, &capital);
        if (ce > i && !capital)
            ce = i;
        if (skip[i - lo] || (!amp && ce == i && !actor_word(text, &t[i], i == lo))) {
            i++;
            continue;
        }
        /* a capitalised first word followed by a lower-case word is an
         * ordinary sentence start ("Huawei" stays, "Germany this month" stays) */
        size_t s = i, e = ce > i ? ce : i + 1;
        for (;;) {
            /* "Airbus A320", "the G7", "F-16": a code is part of the name */
            size_t cn = e < hi && !skip[e - lo] ? chr_tok_code(text, t, e, hi, &capital) : e;
            if (cn > e && capital) {
                e = cn;
                continue;
            }
            if (e < hi && t[e].kind == T_PUNCT && t[e].val == '.' && t[e].adj &&
                t[e - 1].e - t[e - 1].s == 1) {
                e++;  /* U.S. -> U . S . */
                continue;
            }
            if (e < hi && !skip[e - lo] && t[e].kind == T_WORD && (t[e].cap || camel(text, &t[e])) &&
                t[e].cls != C_MONTH && t[e].cls != C_WDAY) {
                e++;
                continue;
            }
            if (e + 1 < hi && t[e].kind == T_PUNCT && t[e].val == '&' && t[e].adj &&
                t[e + 1].adj && t[e + 1].kind == T_WORD && t[e + 1].cap) {
                e += 2;
                continue;
            }
            /* a model number: "iPhone 4", "Boeing 777", "iPhone 3G" */
            if (e < hi && !skip[e - lo] && t[e].kind == T_NUM && !t[e].grouped && t[e].ndig <= 4 &&
                !(e + 1 < hi && t[e + 1].kind == T_WORD && !t[e + 1].adj && !t[e + 1].cap)) {
                e++;
                if (e < hi && t[e].adj && t[e].kind == T_WORD && t[e].e - t[e].s <= 2)
                    e++;  /* "3G", "4S" */
                break;
            }
            if (e + 1 < hi && ex_connector(text, &t[e]) && t[e + 1].cap &&
                t[e + 1].kind == T_WORD && !skip[e + 1 - lo] && e > s) {
                e += 2;
                continue;
            }
            /* "Group of 20" */
            break;
        }
        /* trim a trailing connector */
        size_t bs = t[s].s, be = t[e - 1].e;
        if (be - bs >= 2 && be - bs < 100) {
            size_t words = 0;
            for (size_t k = s; k < e; k++)
                words += t[k].kind == T_WORD;
            /* a lone capitalised word at the sentence start is usually not
             * a name ("Also", "Big"); keep it only when it looks like a
             * proper noun elsewhere (mixed case, or all caps acronyms) */
            int lone_start = (s == lo || (s > lo && ex_opens_quote(text, &t[s - 1]))) &&
                             words == 1 && e == s + 1;
            int acronym = t[s].e - t[s].s >= 2 && chr_is_upper((unsigned char)text[t[s].s + 1]);
            if ((!lone_start || acronym || (e < hi && t[e].kind == T_PUNCT && t[e].val == '\'')) &&
                !(words == 1 && demonym(text + bs, be - bs)) && !regional_demonym(text, t, s, e))
                if (sv_push(out, text + bs, be - bs) != 0)
                    return -1;
        }
        i = e;
    }
    return 0;
}


/* Collect "Capitalised Words (ACR)" where ACR's letters are the initials
 * of the words before it (function words skipped). */
void ex_find_acronyms(const char *text, const chr_toks *tv, ex_acronyms *x)
{
    const chr_tok *t = tv->t;
    x->n = 0;
    for (size_t i = 2; i + 2 < tv->n && x->n < EX_MAX_ACRONYMS; i++) {
        if (!(t[i - 1].kind == T_PUNCT && t[i - 1].val == '(' && t[i].kind == T_WORD &&
              t[i + 1].kind == T_PUNCT && t[i + 1].val == ')'))
            continue;
        size_t n = t[i].e - t[i].s;
        if (n < 2 || n >= sizeof x->v[0].acr)
            continue;
        int upper = 1;
        for (size_t k = 0; k < n; k++)
            upper &= chr_is_upper((unsigned char)text[t[i].s + k]);
        if (!upper)
            continue;
        /* walk back over the name, matching initials from the last */
        size_t k = i - 1, need = n, start = i - 1;
        while (k > 0 && need > 0) {
            const chr_tok *w = &t[k - 1];
            if (w->kind != T_WORD)
                break;
            if (!w->cap) {
                if (ex_connector(text, w) || chr_tok_is(text, w, "and") || chr_tok_is(text, w, "the")) {
                    /* "Centre of Excellence (CCDCOE)": "of" may give its letter */
                    if (chr_lower((unsigned char)text[t[i].s + need - 1]) == text[w->s])
                        need--;
                    k--;
                    continue;
                }
                break;
            }
            if (text[w->s] != text[t[i].s + need - 1])
                break;
            need--;
            k--;
            start = k;
        }
        if (need != 0)
            continue;
        /* keep capitalised words right before the name ("US Government
         * Accountability Office") */
        while (start > 0 && t[start - 1].kind == T_WORD && t[start - 1].cap &&
               t[start - 1].cls == C_NONE && start + 8 > i)
            start--;
        ex_acronym *a = &x->v[x->n];
        memcpy(a->acr, text + t[i].s, n);
        a->acr[n] = '\0';
        size_t fl = t[i - 2].e - t[start].s;
        if (fl >= sizeof a->full)
            continue;
        memcpy(a->full, text + t[start].s, fl);
        a->full[fl] = '\0';
        int dup = 0;
        for (size_t q = 0; q < x->n; q++)
            dup |= strcmp(x->v[q].acr, a->acr) == 0;
        if (!dup)
            x->n++;
    }
}


int ex_actors(const char *text, const chr_tok *t, size_t lo, size_t hi,
              const unsigned char *skip, const ex_acronyms *acr, char ***out, size_t *nout)
{
    strvec actors = {0};
    *out = NULL;
    *nout = 0;
    int rc = find_actors(text, t, lo, hi, skip, &actors);
    /* "GAO" is the Government Accountability Office the document named */
    for (size_t i = 0; rc == 0 && i < actors.n; i++)
        for (size_t k = 0; k < acr->n; k++)
            if (strcmp(actors.v[i], acr->v[k].acr) == 0) {
                char *full = strdup(acr->v[k].full);
                if (full == NULL) {
                    rc = -1;
                    break;
                }
                free(actors.v[i]);
                actors.v[i] = full;
                /* drop it if the full name is already there */
                for (size_t j = 0; j < actors.n; j++)
                    if (j != i && strcmp(actors.v[j], full) == 0) {
                        free(actors.v[i]);
                        actors.v[i] = actors.v[--actors.n];
                        i--;
                        break;
                    }
                break;
            }
    if (rc == 0 && actors.n) {
        qsort(actors.v, actors.n, sizeof *actors.v, cmp_str);
        *out = actors.v;
        *nout = actors.n;
        actors.v = NULL;
        actors.n = 0;
    }
    sv_free(&actors);
    return rc == 0 ? 0 : CHR_ENOMEM;
}

/* Does a clause end before token i of the sentence?  At ';', ':', a
 * bracket or a quotation mark, before a subordinating word ("that",
 * "which", "because", "when"), at ", and" and ", but", and before an
 * "-ing" participle after a comma (", saying ..."). */
static int clause_break(const ex_sentence *s, size_t i)
{
    const chr_tok *t = s->tv->t;
    const chr_wtag *g = &s->words[i];
    if (t[i].kind == T_PUNCT)
        return t[i].val == ';' || t[i].val == ':' || t[i].val == '(' || t[i].val == ')' ||
               t[i].val == '"' || ex_opens_quote(s->text, &t[i]) ||
               (t[i].e - t[i].s == 3 && (unsigned char)s->text[t[i].s] == 0xE2 &&
                (unsigned char)s->text[t[i].s + 2] == 0x9D);
    if (g->closed == CL_SUBORD || g->closed == CL_THAT || g->closed == CL_WH)
        return 1;
    int after_comma = i > s->lo && t[i - 1].kind == T_PUNCT && t[i - 1].val == ',';
    if (after_comma && g->closed == CL_CONJ)
        return 1;
    if (after_comma && g->tag == PT_VERB && (g->form & CHR_WF_ING))
        return 1;
    return 0;
}

void ex_clause_span(const ex_sentence *s, size_t tok, size_t *a, size_t *b)
{
    size_t lo = tok, hi = tok + 1;
    while (lo > s->lo && !clause_break(s, lo) && s->rel[lo - 1 - s->lo] == s->rel[tok - s->lo])
        lo--;
    while (hi < s->hi && !clause_break(s, hi) && s->rel[hi - s->lo] == s->rel[tok - s->lo])
        hi++;
    *a = lo;
    *b = hi;
}
