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

/* Is the word [w, w+n) the first or the last word of one of the names
 * known[0..nknown) ("Jobs" of "Steve Jobs")? */
static int known_edge(const char *const *known, size_t nknown, const char *w, size_t n)
{
    for (size_t i = 0; i < nknown; i++) {
        size_t len = strlen(known[i]);
        if (len <= n + 1)
            continue;
        if ((memcmp(known[i], w, n) == 0 && known[i][n] == ' ') ||
            (memcmp(known[i] + len - n, w, n) == 0 && known[i][len - n - 1] == ' '))
            return 1;
    }
    return 0;
}

/* The part of speech the tagger gave token i, if it ran. */
static unsigned words_tag(const chr_wtag *words, size_t i)
{
    return words ? words[i].tag : PT_NONE;
}

static int find_actors(const char *text, const chr_tok *t, const chr_wtag *tags, size_t lo,
                       size_t hi, size_t first, const unsigned char *skip,
                       const char *const *known, size_t nknown, strvec *out)
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
            int lone_start = (s == first || (s > first && ex_opens_quote(text, &t[s - 1]))) &&
                             words == 1 && e == s + 1 && !known_edge(known, nknown, text + bs, be - bs) &&
                             words_tag(tags, s) != PT_PROPN;
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


int ex_actors(const ex_sentence *s, const ex_roles *r, const ex_names *known,
              const ex_acronyms *acr, char ***out, size_t *nout)
{
    strvec actors = {0};
    *out = NULL;
    *nout = 0;
    int rc = 0;
    const char *kv[EX_MAX_NAMES];
    for (size_t i = 0; i < known->n; i++)
        kv[i] = known->v[i];
    for (size_t k = 0; k < r->n && rc == 0; k++)
        rc = find_actors(s->text, s->tv->t, s->words, r->a[k], r->b[k], s->lo,
                         s->skip + (r->a[k] - s->lo), kv, known->n, &actors);
    for (size_t k = 0; k < r->nextra && rc == 0; k++)
        rc = sv_push(&actors, r->extra[k], r->extra_len[k]);
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

void ex_names_note(ex_names *k, const char *name, size_t len)
{
    /* "Ms Meng" is a short form, no full name */
    for (size_t i = 0; i < sizeof not_actor / sizeof not_actor[0]; i++) {
        if (len == 0 || chr_lower((unsigned char)name[0]) != not_actor[i][0])
            continue;
        size_t n = strlen(not_actor[i]);
        if (len > n + 1 && name[n] == ' ') {
            size_t j = 1;
            while (j < n && chr_lower((unsigned char)name[j]) == not_actor[i][j])
                j++;
            if (j == n)
                return;
        }
    }
    if (len == 0 || len >= sizeof k->v[0])
        return;
    for (size_t i = 0; i < k->n; i++)
        if (k->v[i][0] == name[0] && memcmp(k->v[i], name, len) == 0 && k->v[i][len] == '\0')
            return;
    size_t at = k->n < EX_MAX_NAMES ? k->n++ : k->next++ % EX_MAX_NAMES;
    memcpy(k->v[at], name, len);
    k->v[at][len] = '\0';
}

/* ---- who takes part: the participants of a predicate ------------------- */

/* Can token i be part of a noun phrase ("the Beatles' label Apple Corps",
 * "its new iPhone 4", "U.S.", "AT&T")? */
static int np_word(const ex_sentence *s, size_t i)
{
    const chr_tok *t = &s->tv->t[i];
    const chr_wtag *g = &s->words[i];
    if (s->skip[i - s->lo])
        return 0;
    if (t->kind == T_PUNCT)
        return t->adj && (t->val == '.' || t->val == '&' || t->val == '-' || t->val == '\'');
    if (t->kind == T_NUM)
        return 1;
    if (g->closed == CL_POSSDET || g->tag == PT_NOUN || g->tag == PT_PROPN || g->tag == PT_ADJ ||
        g->tag == PT_DET || g->tag == PT_NUM || g->tag == PT_POSS)
        return 1;
    /* a name the tagger read as something else ("Apple" at a line start) */
    return t->kind == T_WORD && (t->cap || camel(s->text, t)) && g->closed == CL_NONE;
}

static int is_name_word(const ex_sentence *s, size_t i)
{
    const chr_tok *t = &s->tv->t[i];
    return t->kind == T_WORD && (t->cap || camel(s->text, t));
}

/* The noun phrase ending before token e, not before a: its first token
 * (e when there is none).  It stops at a common noun right before a name
 * ("the first quarter of the year Apple sold": the year is no part of the
 * subject) and at "of" unless the name goes on across it ("Office of
 * Export Enforcement"). */
static size_t np_left(const ex_sentence *s, size_t a, size_t e)
{
    const chr_tok *t = s->tv->t;
    size_t k = e, first_and = 0;
    int named = 0;
    while (k > a) {
        size_t p = k - 1;
        if (np_word(s, p)) {
            if (named && !is_name_word(s, p) && s->words[p].tag == PT_NOUN && t[p].kind == T_WORD)
                break;
            named |= is_name_word(s, p);
            k--;
            continue;
        }
        if (p > a && chr_tok_is(s->text, &t[p], "of") && k < e && is_name_word(s, k) &&
            is_name_word(s, p - 1)) {
            k--;
            continue;
        }
        /* "Andrus Ansip and Huawei's Hu met" */
        if (p > a && k < e && chr_tok_is(s->text, &t[p], "and") && np_word(s, p - 1)) {
            if (first_and == 0)
                first_and = k;
            named = 0;
            k--;
            continue;
        }
        break;
    }
    /* "bought Pixar and Disney sold": the phrase before "and" is the
     * object of another verb, or in a prepositional phrase */
    if (first_and && k > a && (s->words[k - 1].tag == PT_VERB || s->words[k - 1].tag == PT_PREP))
        k = first_and;
    while (k < e && s->tv->t[k].kind == T_PUNCT)
        k++;
    return k;
}

/* The noun phrase starting at token a, not past b: the index after it.
 * Coordinated phrases go with it ("the iPad 2 and the iCloud"). */
static size_t np_right(const ex_sentence *s, size_t a, size_t b)
{
    size_t k = a;
    while (k < b) {
        if (np_word(s, k)) {
            k++;
            continue;
        }
        if (k > a && k + 1 < b && s->words[k].closed == CL_CONJ &&
            chr_tok_is(s->text, &s->tv->t[k], "and") &&
            (s->words[k + 1].tag == PT_DET || is_name_word(s, k + 1)))
        {
            k++;
            continue;
        }
        break;
    }
    while (k > a && s->tv->t[k - 1].kind == T_PUNCT)
        k--;
    return k;
}

static void add_range(ex_roles *r, size_t a, size_t b)
{
    if (b > a && r->n < sizeof r->a / sizeof r->a[0]) {
        r->a[r->n] = a;
        r->b[r->n] = b;
        r->n++;
    }
}

/* "met with Globex", "a deal with Globex": who it was done with takes
 * part too (not "with its partners in Ohio" past the next phrase). */
static void with_phrase(const ex_sentence *s, size_t k, size_t cb, ex_roles *r)
{
    while (k < cb && s->skip[k - s->lo])
        k++;
    if (k + 1 < cb && chr_tok_is(s->text, &s->tv->t[k], "with"))
        add_range(r, k + 1, np_right(s, k + 1, cb));
}

/* A personal pronoun standing for a participant ("he", "it", "his"). */
static int pronoun(const ex_sentence *s, size_t i)
{
    static const char *const person[] = {"he", "she", "him", "her", "his"};
    return ex_word_in(s->text, &s->tv->t[i], person, sizeof person / sizeof person[0]);
}

static void add_pronoun(ex_roles *r, size_t i)
{
    if (r->npron < sizeof r->pron / sizeof r->pron[0])
        r->pron[r->npron++] = i;
}

/* The subject of the verb whose group starts at token v, in the clause
 * [ca, v): the noun phrase right before it, over an apposition between
 * commas ("Jobs, born in ..., has built"). */
static void subject_of(const ex_sentence *s, size_t ca, size_t v, ex_roles *r)
{
    const chr_tok *t = s->tv->t;
    size_t e = v;
    /* "Apple's store in February passed ...": a date between the subject
     * and its verb */
    if (e > ca && s->skip[e - 1 - s->lo]) {
        while (e > ca && s->skip[e - 1 - s->lo])
            e--;
        if (e > ca && s->words[e - 1].tag == PT_PREP)
            e--;
    }
    if (e > ca && t[e - 1].kind == T_PUNCT && t[e - 1].val == ',' && !s->skip[e - 1 - s->lo]) {
        size_t k = e - 1;
        while (k > ca && !(t[k - 1].kind == T_PUNCT && t[k - 1].val == ',' && !s->skip[k - 1 - s->lo]))
            k--;
        if (k <= ca)
            return;
        e = k - 1;
    }
    if (e > ca && pronoun(s, e - 1) && s->words[e - 1].closed == CL_SUBJ) {
        add_pronoun(r, e - 1);
        return;
    }
    size_t a = np_left(s, ca, e);
    /* "Analysts in Boston said", "the ruling against Acme was filed": a
     * phrase after a preposition modifies the subject before it */
    for (int n = 0; n < 4 && a > ca + 1 && a < e && s->words[a - 1].tag == PT_PREP; n++) {
        size_t a2 = np_left(s, ca, a - 1);
        if (a2 == a - 1)
            break;
        /* "the council of Northfield": "of" names what it belongs to */
        if (!chr_tok_is(s->text, &s->tv->t[a - 1], "of"))
            e = a - 1;
        a = a2;
    }
    if (e > a && r->nsubj == 0 && r->n < sizeof r->a / sizeof r->a[0]) {
        r->subj_a = a;
        r->subj_b = e;
        r->nsubj = 1;
    }
    add_range(r, a, e);
}

/* Where the verb group of the verb at tok starts ("has not yet been"). */
static size_t group_start(const ex_sentence *s, size_t ca, size_t tok)
{
    size_t v = tok;
    while (v > ca) {
        unsigned g = s->words[v - 1].tag;
        if (g == PT_AUX || g == PT_MODAL || g == PT_NEG || g == PT_COPULA ||
            (g == PT_ADV && s->tv->t[v - 1].kind == T_WORD))
            v--;
        else
            break;
    }
    return v;
}

/* The verb a subjectless verb hangs off: "started by hinting", "returned
 * to the stage to reveal", "welcomed everyone and announced"; or
 * (size_t)-1. */
static size_t governor(const ex_sentence *s, const cand *c, size_t ca)
{
    int d = ex_dependent(s, c);
    /* (", where he promoted it" shares a date, but has its own subject) */
    if (d >= 0 && !(c->tok > s->lo && s->words[c->tok - 1].tag == PT_PRON))
        return s->lo + (size_t)d;
    size_t v = group_start(s, ca, c->tok);
    /* "has not yet mentioned it, but said": the verb before the "but" */
    if (v > s->lo + 1 && v <= ca + 1 &&
        (chr_tok_is(s->text, &s->tv->t[v - 1], "but") || chr_tok_is(s->text, &s->tv->t[v - 1], "and")) &&
        (s->words[c->tok].form & (CHR_WF_PAST | CHR_WF_3SG)))
        for (size_t k = v - 1; k > s->lo; k--)
            if (s->words[k - 1].tag == PT_VERB)
                return k - 1;
    if (v > s->lo && s->words[v - 1].tag == PT_TO)
        for (size_t k = v - 1; k > ca; k--)
            if (s->words[k - 1].tag == PT_VERB)
                return k - 1;
    return (size_t)-1;
}

/* The verb's participants: its subject (or, for a verb that has none of
 * its own, that of the verb it hangs off), its object or, in the passive,
 * its agent ("by ..."). */
static void verb_roles(const ex_sentence *s, const cand *c, size_t ca, size_t cb, ex_roles *r,
                       int depth)
{
    const chr_tok *t = s->tv->t;
    size_t gov = governor(s, c, ca);
    if (gov != (size_t)-1 && depth < 3) {
        cand g = *c;
        g.tok = gov;
        g.span = 1;
        g.vform = s->words[gov].form;
        size_t ga, gb;
        ex_clause_span(s, gov, &ga, &gb);
        verb_roles(s, &g, ga, gb, r, depth + 1);
        if (depth > 0)
            return;
    } else {
        subject_of(s, ca, group_start(s, ca, c->tok), r);
    }
    if (depth > 0)
        return;
    size_t k = c->tok + c->span;
    while (k < cb && (s->skip[k - s->lo] || (s->words[k].tag == PT_ADV && t[k].kind == T_WORD)))
        k++;
    if (k >= cb)
        return;
    if (chr_tok_is(s->text, &t[k], "by") && (c->vform & CHR_WF_PART)) {
        add_range(r, k + 1, np_right(s, k + 1, cb));
        return;
    }
    /* "filed in Dover": where, not who */
    const chr_tok *last = &t[c->tok + c->span - 1];
    if (c->span > 1 && (chr_tok_is(s->text, last, "in") || chr_tok_is(s->text, last, "at") ||
                        chr_tok_is(s->text, last, "on") || chr_tok_is(s->text, last, "from") ||
                        chr_tok_is(s->text, last, "into")))
        return;
    if (pronoun(s, k) && s->words[k].closed == CL_PRON) {
        add_pronoun(r, k);
        return;
    }
    size_t o = np_right(s, k, cb);
    add_range(r, k, o);
    with_phrase(s, o, cb, r);
    /* "was founded by the Beatles in 1968" after an object-less passive */
}

/* An event noun's participants: its own phrase ("Jobs' death", "his
 * decision", "the iPhone 4 development"), an "of" phrase after it, and
 * the subject of the verb it is the object of ("Apple received
 * criticism"). */
static void noun_roles(const ex_sentence *s, const cand *c, size_t ca, size_t cb, ex_roles *r)
{
    const chr_tok *t = s->tv->t;
    size_t a = np_left(s, ca, c->tok);
    for (size_t i = a; i < c->tok; i++)
        if (s->words[i].closed == CL_POSSDET && pronoun(s, i))
            add_pronoun(r, i);
    add_range(r, a, c->tok);
    size_t e = c->tok + c->span;
    if (e + 1 < cb && chr_tok_is(s->text, &t[e], "of"))
        add_range(r, e + 1, np_right(s, e + 1, cb));
    else
        with_phrase(s, e, cb, r);
    for (size_t k = a; k > ca; k--)
        if (s->words[k - 1].tag == PT_VERB) {
            cand v = *c;
            v.tok = k - 1;
            v.span = 1;
            v.pos = PT_VERB;
            v.vform = s->words[k - 1].form;
            size_t va, vb;
            ex_clause_span(s, k - 1, &va, &vb);
            size_t gov = governor(s, &v, va);
            if (gov != (size_t)-1) {
                ex_roles sub = {0};
                verb_roles(s, &v, va, vb, &sub, 1);
                for (size_t j = 0; j < sub.n; j++)
                    add_range(r, sub.a[j], sub.b[j]);
                for (size_t j = 0; j < sub.npron; j++)
                    add_pronoun(r, sub.pron[j]);
            } else {
                subject_of(s, va, group_start(s, va, k - 1), r);
            }
            break;
        }
}

void ex_participants(const ex_sentence *s, const cand *c, ex_roles *r)
{
    memset(r, 0, sizeof *r);
    size_t ca, cb;
    ex_clause_span(s, c->tok, &ca, &cb);
    /* "the opening of the new center": an "-ing" form read as a noun */
    size_t e = c->tok + c->span;
    int nominal = c->pos == PT_VERB && (c->vform & CHR_WF_ING) && e < cb &&
                  chr_tok_is(s->text, &s->tv->t[e], "of");
    if (c->pos == PT_VERB && !nominal)
        verb_roles(s, c, ca, cb, r, 0);
    else
        noun_roles(s, c, ca, cb, r);
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
