/*
 * link.c - which date of a sentence dates which trigger.  Every usable
 * date is paired with the triggers near it; each pair costs the distance
 * between them plus what lies between (commas, "but", a new clause),
 * minus the trigger's weight, plus penalties for a tense that disagrees.
 * The costs are data (the table below); the driver links the cheapest
 * pairs first, each date and each trigger once.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"

/* The costs of a link, in one place. */
static const struct {
    int word;              /* each word between trigger and date */
    int colon;             /* ';' or ':' between them */
    int comma;
    int but;
    int and_;
    int comma_and;         /* ", and": a new clause, on top of comma and "and" */
    int and_back;          /* "fought X in 2004 and took Y": a date before
                              "and" dates the first of two joined verbs */
    int participle;        /* ", saying ...": hangs off the main clause */
    int infinitive;        /* "met yesterday to discuss": the date is the verb's before */
    int weight;            /* times the trigger's weight, subtracted */
    int tense;             /* a plan dated wholly before the DCT, a past act after */
    int possessive;        /* "this year's": a date modifying a noun, for another word */
    size_t max_distance;   /* tokens: farther pairs are not scored */
} costs = {2, 12, 3, 6, 2, 6, 6, 14, 4, 2, 20, 12, 30};

size_t ex_first_tok_at(const chr_toks *tv, uint32_t off)
{
    size_t lo = 0, hi = tv->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tv->t[mid].s < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Marks tokens inside relative clauses (", which ... ,") and quotations so
 * that a date is not linked across them. */
void ex_mark_regions(const char *text, const chr_tok *t, size_t lo, size_t hi,
                     unsigned char *rel, unsigned char *quote)
{
    static const char *const relw[] = {"which", "who", "whose", "whom"};
    int inq = 0;
    unsigned char r = 0, rid = 0;
    for (size_t i = lo; i < hi; i++) {
        const chr_tok *p = &t[i];
        const unsigned char *u = (const unsigned char *)text + p->s;
        int qmark = p->kind == T_PUNCT && (p->val == '"' ||
                    (p->e - p->s == 3 && u[0] == 0xE2 && u[1] == 0x80 &&
                     (u[2] == 0x9C || u[2] == 0x9D)));
        if (qmark) {
            if (p->e - p->s == 3)
                inq = u[2] == 0x9C;
            else
                inq = !inq;
        }
        /* `` opens, '' closes (the second ' right after the first) */
        if (p->kind == T_PUNCT && p->val == '`')
            inq = 1;
        else if (p->kind == T_PUNCT && p->val == '\'' && i + 1 < hi &&
                 t[i + 1].kind == T_PUNCT && t[i + 1].val == '\'' && t[i + 1].s == p->e)
            inq = 0;
        if (p->kind == T_PUNCT && p->val == ',' && i + 1 < hi &&
            ex_word_in(text, &t[i + 1], relw, 4)) {
            r = ++rid;
        } else if (p->kind == T_PUNCT && (p->val == ',' || p->val == ';') && r) {
            r = 0;
        }
        rel[i - lo] = r;
        quote[i - lo] = (unsigned char)inq;
    }
}

/* "Jobs, born in San Francisco on February 24, 1955, has built": a past
 * participle set off by commas after a noun is a clause of its own (a
 * relative clause without "who was"), and its dates are its own, not the
 * main verb's after it.  Marked in rel like ", which ... ," when the
 * participle takes a phrase (a preposition or "by" next, not an object)
 * and a comma closes the clause before a verb of the sentence. */
void ex_mark_participles(ex_sentence *s)
{
    const chr_tok *t = s->tv->t;
    unsigned char id = 0;
    for (size_t i = s->lo; i < s->hi; i++)
        if (s->rel[i - s->lo] > id)
            id = s->rel[i - s->lo];
    for (size_t j = s->lo + 1; j + 2 < s->hi; j++) {
        if (!(t[j].kind == T_PUNCT && t[j].val == ',') || s->rel[j - s->lo] ||
            (s->words[j - 1].tag != PT_NOUN && s->words[j - 1].tag != PT_PROPN))
            continue;
        size_t v = j + 1;
        while (v < s->hi && s->words[v].tag == PT_ADV)
            v++;
        const chr_wtag *g = v < s->hi ? &s->words[v] : NULL;
        if (g == NULL || t[v].kind != T_WORD || g->w == NULL ||
            !((g->form | g->w->forms) & CHR_WF_PART) || (g->form & CHR_WF_ING) ||
            v + 1 >= s->hi || s->words[v + 1].tag != PT_PREP)
            continue;
        size_t e = v + 1;
        while (e < s->hi && !(t[e].kind == T_PUNCT && (t[e].val == ',' || t[e].val == ';')))
            e++;
        int verb_after = 0;
        for (size_t k = e + 1; k < s->hi && !verb_after; k++)
            verb_after = s->words[k].tag == PT_VERB || s->words[k].tag == PT_AUX ||
                         s->words[k].tag == PT_COPULA || s->words[k].tag == PT_MODAL;
        if (e >= s->hi || t[e].val != ',' || !verb_after || id == 255)
            continue;
        id++;
        for (size_t k = v; k < e; k++)
            s->rel[k - s->lo] = id;
        j = e;
    }
}

static int usable_date(const chr_timex *x)
{
    return (x->type == CHR_TX_DATE || x->type == CHR_TX_TIME) &&
           x->date.prec != CHR_PREC_NONE && !(x->flags & (CHR_TXF_VAGUE | CHR_TXF_GENERIC));
}

/* "has been fighting", "had been living": the verb at p in the perfect
 * progressive (has/have/had, "been", then the -ing form, adverbs
 * between) */
static int perfect_progressive_at(const ex_sentence *s, size_t p)
{
    const chr_tok *t = s->tv->t;
    if (t[p].e - t[p].s <= 4 || memcmp(s->text + t[p].e - 3, "ing", 3) != 0)
        return 0;
    int been = 0;
    for (size_t k = p, d = 0; k > s->lo && d < 4; k--, d++) {
        const chr_tok *w = &t[k - 1];
        if (w->kind != T_WORD)
            return 0;
        if (been && (chr_tok_is(s->text, w, "has") || chr_tok_is(s->text, w, "have") ||
                     chr_tok_is(s->text, w, "had")))
            return 1;
        if (chr_tok_is(s->text, w, "been"))
            been = 1;
        else if (s->words[k - 1].tag != PT_ADV)
            return 0;
    }
    return 0;
}

/* Where the phrase of an amount compared with starts, when the date at
 * token a is that amount's time: after "compared with" in its clause, or
 * right after an amount ("$93.3 million", "35 cents a share", "5%") that
 * follows "from", "versus" or "against".  SIZE_MAX when it is not. */
static size_t baseline_start(const ex_sentence *s, size_t a)
{
    static const char *const units[] = {"million", "billion", "trillion", "cents", "percent",
                                        "a", "share", "points", "pence"};
    static const char *const against[] = {"from", "versus", "vs", "against"};
    const chr_tok *t = s->tv->t;
    /* "compared with a loss of $3 million, or 5 cents a share, last
     * year", "compared with a year earlier": whatever lies between */
    for (size_t j = a, d = 0; j > s->lo + 1 && d < 20; j--, d++) {
        const chr_tok *w = &t[j - 1];
        if (w->kind == T_PUNCT && (w->val == ';' || w->val == ':'))
            break;
        if ((chr_tok_is(s->text, w, "with") || chr_tok_is(s->text, w, "to")) &&
            chr_tok_is(s->text, &t[j - 2], "compared"))
            return j - 2;
    }
    size_t k = a;
    int amount = 0;
    while (k > s->lo && a - k < 8) {
        const chr_tok *w = &t[k - 1];
        if (w->kind == T_NUM || (w->kind == T_PUNCT && (w->val == '$' || w->val == '%' ||
                                                         w->val == '.' || w->val == ','))) {
            amount |= w->kind == T_NUM;
            k--;
        } else if (w->kind == T_WORD && ex_word_in(s->text, w, units, 9)) {
            k--;
        } else {
            break;
        }
    }
    return amount && k > s->lo && ex_word_in(s->text, &t[k - 1], against, 4) ? k - 1 : SIZE_MAX;
}

/* Can the date at tokens [a, b) date an event of the sentence at all? */
static int date_can_link(const ex_sentence *s, const chr_timex *tx, size_t a)
{
    const chr_tok *t = s->tv->t;
    if (!usable_date(tx))
        return 0;
    if (s->dl_end && tx->start == s->dct->offset)
        return 0;  /* the dateline itself */
    /* "taking 2018 as an example, the survey covers": the date belongs to
     * an introductory participle, not to the main clause */
    if (ex_in_participle(s, a))
        return 0;
    /* a year range is a period, not the date of an event */
    if (tx->flags & (CHR_TXF_RANGE_START | CHR_TXF_RANGE_END))
        return 0;
    /* "payable Jan. 2 to holders of record Dec. 15": the day that names
     * the holders, not the day of the payment */
    if (a >= s->lo + 2 && chr_tok_is(s->text, &t[a - 1], "record") &&
        chr_tok_is(s->text, &t[a - 2], "of"))
        return 0;
    /* "after the summer", "by 2023", "until May": the event is not at
     * that date */
    if (a > s->lo && t[a - 1].cls == C_KW &&
        (t[a - 1].val == K_AFTER || t[a - 1].val == K_BEFORE || t[a - 1].val == K_UNTIL ||
         t[a - 1].val == K_TILL || t[a - 1].val == K_BY || t[a - 1].val == K_THROUGH))
        return 0;
    return 1;
}

/* What lies between tokens from and to costs; *ands counts the "and"s. */
static int between_cost(const ex_sentence *s, size_t from, size_t to, int *ands)
{
    const chr_tok *t = s->tv->t;
    int cost = 0, paren = 0;
    for (size_t j = from; j < to; j++) {
        if (t[j].kind == T_PUNCT && t[j].val == '(')
            paren++;
        else if (t[j].kind == T_PUNCT && t[j].val == ')' && paren > 0)
            paren--;
        else if (paren == 0)
            cost += costs.word;  /* words inside brackets are no distance */
        if (t[j].kind == T_PUNCT && (t[j].val == ';' || t[j].val == ':'))
            cost += costs.colon;
        if (t[j].kind == T_PUNCT && t[j].val == ',')
            cost += costs.comma;
        if (t[j].kind == T_WORD && chr_tok_is(s->text, &t[j], "but"))
            cost += costs.but;
        if (t[j].kind == T_WORD && chr_tok_is(s->text, &t[j], "and")) {
            cost += costs.and_;
            (*ands)++;
            /* ", and prosecutors charged": a new clause */
            if (j > s->lo && t[j - 1].kind == T_PUNCT && t[j - 1].val == ',')
                cost += costs.comma_and;
        }
    }
    return cost;
}

/* "said the department would hold a meeting on July 2": a plan reported
 * from the past may lie before the document's date (when the date
 * follows the plan; "on June 29, saying he would relax" dates the saying). */
static int future_in_past(const ex_sentence *s, size_t p)
{
    for (size_t k = p, d = 0; k > s->lo && d < 5; k--, d++) {
        const chr_tok *w = &s->tv->t[k - 1];
        if (ex_is_clause_punct(w))
            break;
        if (w->kind == T_WORD && chr_tok_is(s->text, w, "would"))
            return 1;
    }
    return 0;
}

/* The cost of dating candidate c by the date at tokens [a, b), or -1
 * when it may not. */
static int pair_cost(const ex_sentence *s, const cand *c, const chr_timex *tx, size_t a,
                     size_t b, size_t bs, int *cost)
{
    const chr_tok *t = s->tv->t;
    size_t p = c->tok, lo = s->lo;
    size_t dist = p < a ? a - p : p - b + 1;
    /* only nearby pairs are scored: the scan is linear in the distance, so
     * far pairs would make long sentences quadratic */
    if (dist > costs.max_distance)
        return -1;
    /* "fell to $85 million from $93 million a year earlier": the time of
     * the amount compared with (its phrase starts at bs) dates what that
     * phrase names ("compared with a loss of $3 million last year"), not
     * the event */
    if (bs != SIZE_MAX && !(p > bs && p < a))
        return -1;
    /* "has been fighting cancer since 2004": an activity that began then
     * and goes on.  "since" dates only a verb in the perfect progressive:
     * "200 soldiers have been killed since 1985", "has shed 70 businesses
     * since 1983" sum up acts spread over the years since */
    if (tx->mod == CHR_MOD_AFTER && (c->pos != PT_VERB || !perfect_progressive_at(s, p)))
        return -1;
    /* a relative clause (", which ... ,") or a quotation is its own world:
     * its dates do not date the verbs outside it */
    if (s->rel[p - lo] != s->rel[a - lo] || s->quote[p - lo] != s->quote[a - lo])
        return -1;
    /* "this year's conference", "Monday's announcement": a date in the
     * possessive dates the noun it modifies; a verb ("decided at last
     * year's summit") only when no other date of the sentence does */
    int possessive = 0;
    if (b + 1 < s->hi && chr_tok_apostrophe(s->text, &t[b]) && t[b + 1].adj &&
        chr_tok_is(s->text, &t[b + 1], "s")) {
        possessive = c->pos != PT_NOUN || p < b + 2 || p > b + 6;
        for (size_t k = b + 2; k < p && !possessive; k++)
            if (s->words[k].tag != PT_NOUN && s->words[k].tag != PT_ADJ &&
                s->words[k].tag != PT_PROPN && s->words[k].tag != PT_NUM)
                possessive = 1;
    }
    /* "revenue rose in 2018, the company said": a trailing attribution
     * does not take the date of what it reports */
    if (a < p && c->reporting &&
        ex_trailing_attribution(s->text, t, a, p, s->hi))
        return -1;
    /* the words strictly between the trigger (all its tokens) and the date */
    int ands = 0;
    *cost = p < a ? between_cost(s, p + c->span < a ? p + c->span : a, a, &ands)
                  : between_cost(s, b, p, &ands);
    /* "fought X in 2004 and took Y": a finite verb after "and" is a new
     * predicate; a date before the "and" is the first one's (an
     * infinitive, "to stop ... and to strip", shares its governor's) */
    if (p > b && ands > 0 && c->pos == PT_VERB && !(p > lo && s->words[p - 1].tag == PT_TO))
        *cost += costs.and_back;
    /* ", saying", ", later revealing": a participle after the main clause */
    size_t pc = p > lo && s->words[p - 1].tag == PT_ADV ? p - 1 : p;
    if (pc > lo && t[pc - 1].kind == T_PUNCT && t[pc - 1].val == ',' && p > a &&
        t[p].e - t[p].s > 4 && memcmp(s->text + t[p].e - 3, "ing", 3) == 0)
        *cost += costs.participle;
    /* "In 1996, following the purchase of NeXT, Jobs returned": an
     * opening date dates the main clause, not the phrase between them */
    if (p > b && b + 1 < s->hi && t[b].kind == T_PUNCT && t[b].val == ',' &&
        (s->words[b + 1].tag == PT_PREP ||
         (t[b + 1].kind == T_WORD && !t[b + 1].cap && t[b + 1].e - t[b + 1].s > 4 &&
          memcmp(s->text + t[b + 1].e - 3, "ing", 3) == 0))) {
        size_t k = b + 1;
        while (k < p && !(t[k].kind == T_PUNCT && t[k].val == ','))
            k++;
        size_t e = p;
        while (e < s->hi && !(t[e].kind == T_PUNCT && t[e].val == ','))
            e++;
        if (k == p && e < s->hi)
            *cost += costs.participle;
    }
    if (p > a && p > lo && s->words[p - 1].tag == PT_TO)
        *cost += costs.infinitive;
    /* "charged the firm with endangering lives on Friday": a gerund under
     * a preposition is its head's complement; the date is the head's */
    if (p < a && p > lo && s->words[p - 1].tag == PT_PREP && t[p].e - t[p].s > 4 &&
        memcmp(s->text + t[p].e - 3, "ing", 3) == 0)
        *cost += costs.participle;
    *cost -= c->weight * costs.weight;
    if (possessive)
        *cost += costs.possessive;
    /* tense agreement: "will vote" takes no date wholly before the DCT, a
     * reported past act no date wholly after it (a past saying never) */
    if (s->dct && s->dct->day != CHR_NO_DAY) {
        if (c->status == CHR_PLANNED && tx->date.last < s->dct->day &&
            !(p < a && future_in_past(s, p)))
            *cost += costs.tense;
        else if (c->status == CHR_OCCURRED && tx->date.first > s->dct->day &&
                 chr_lex_past_form(s->text, &t[p])) {
            /* "said that buyers should try again tomorrow": a saying told
             * in the past was not made after the document's date */
            if (c->reporting)
                return -1;
            *cost += costs.tense;
        }
    }
    return 0;
}

static int link_cmp(const void *pa, const void *pb)
{
    const ex_link *x = pa, *y = pb;
    if (x->cost != y->cost)
        return x->cost - y->cost;
    if (x->tx != y->tx)
        return x->tx < y->tx ? -1 : 1;
    return (x->cand > y->cand) - (x->cand < y->cand);
}

int ex_links(const ex_sentence *s, const cand *cands, size_t nc, ex_link **links, size_t *nl)
{
    const chr_tok *t = s->tv->t;
    ex_link *v = NULL;
    size_t n = 0, cap = 0;
    for (size_t k = s->t0; k < s->t1; k++) {
        const chr_timex *tx = &s->tl->items[k];
        size_t a = ex_first_tok_at(s->tv, tx->start), b = a;
        while (b < s->hi && t[b].s < tx->end)
            b++;
        if (!date_can_link(s, tx, a))
            continue;
        size_t bs = baseline_start(s, a);
        for (size_t ci = 0; ci < nc; ci++) {
            int cost;
            if (pair_cost(s, &cands[ci], tx, a, b, bs, &cost) != 0)
                continue;
            if (n == cap) {
                size_t ncap = cap ? cap * 2 : 32;
                ex_link *nv = realloc(v, ncap * sizeof *nv);
                if (nv == NULL) {
                    free(v);
                    return CHR_ENOMEM;
                }
                v = nv;
                cap = ncap;
            }
            v[n].cost = cost;
            v[n].cand = ci;
            v[n].tx = k;
            n++;
        }
    }
    if (n)
        qsort(v, n, sizeof *v, link_cmp);
    *links = v;
    *nl = n;
    return 0;
}
