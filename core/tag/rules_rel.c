/*
 * rules_rel.c - rules for expressions relative to the DCT or to the
 * narrative, durations, sets, weekdays and clock times.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_int.h"
#include "chronicle/tag.h"
#include "chronicle/words.h"
#include "lex/lex_int.h"
#include "tag/tag_int.h"

/* The word before "a year" in a rate: an amount ("$500 million", "20%"),
 * or a counted plural noun ("four flights"). */
static int is_rate_head(const ctx *c, size_t i)
{
    const chr_tok *t = &TK(i);
    if (t->kind == T_NUM || (t->kind == T_PUNCT && t->val == '%') || t->cls == C_NUMW)
        return 1;
    if (t->kind != T_WORD || t->cap || t->cls != C_NONE)
        return 0;
    size_t n = t->e - t->s;
    const char *w = c->text + t->s;
    if (is_word(c, i, "million") || is_word(c, i, "billion") || is_word(c, i, "percent") ||
        is_word(c, i, "cents") || is_word(c, i, "dollars"))
        return 1;
    /* a plural after a number: "four flights", "12 games" */
    return n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && i > 0 &&
           (TK(i - 1).kind == T_NUM || TK(i - 1).cls == C_NUMW);
}

/* "quarter" or "period": a reporting period */
static int period_word(const ctx *c, size_t i)
{
    return (is_cls(c, i, C_UNIT) && TK(i).val == U_QUARTER && !TK(i).plural) ||
           is_word(c, i, "period");
}

/* What follows "N units" makes it a date: "ago", "from now", "hence",
 * "later", "earlier", or "in" before it ("in two years").  Returns the
 * match's length, or 0 when it stays a duration. */
static size_t quantity_after(const ctx *c, size_t i, size_t j, int n, int u, int vague,
                             chr_timex_mod mod, proto *p)
{
    if (is_kw(c, j, K_AGO)) {
        if (vague) {
            p->kind = P_VAGUE;
            snprintf(p->value, sizeof p->value, "PAST_REF");
            return j + 1 - i;
        }
        p->kind = P_DCTREL;
        p->unit = u;
        p->n = -n;
        p->mod = mod == CHR_MOD_BEFORE ? CHR_MOD_APPROX : mod;
        p->compare = u == U_YEAR && n == 1;
        return j + 1 - i;
    }
    if (is_kw(c, j, K_FROM) && is_kw(c, j + 1, K_NOW)) {
        p->kind = vague ? P_VAGUE : P_DCTREL;
        p->unit = u;
        p->n = n;
        if (vague)
            snprintf(p->value, sizeof p->value, "FUTURE_REF");
        return j + 2 - i;
    }
    if (is_kw(c, j, K_HENCE)) {
        p->kind = P_DCTREL;
        p->unit = u;
        p->n = n;
        return j + 1 - i;
    }
    if (is_kw(c, j, K_LATER) || is_kw(c, j, K_EARLIER) ||
        ((is_kw(c, j, K_AFTER) || is_kw(c, j, K_BEFORE)) &&
         !(IN(j + 1) && (TK(j + 1).kind == T_WORD || TK(j + 1).kind == T_NUM) &&
           !is_p(c, j + 1, ',')))) {
        int sign = is_kw(c, j, K_LATER) || is_kw(c, j, K_AFTER) ? 1 : -1;
        p->kind = P_PREVREL;
        p->unit = u;
        p->n = vague ? 0 : sign * n;
        p->compare = !vague && u == U_YEAR && n == 1 && sign < 0;
        if (vague) {
            /* "hours later" stays on the previous day; "days later" is
             * vague about the day */
            if (u == U_HOUR || u == U_MINUTE)
                p->n = 0;
            else
                p->flags |= CHR_TXF_VAGUE;
        }
        p->mod = mod;
        return j + 1 - i;
    }
    /* "in two years", "in 10 days": a date that far ahead, when the clause
     * is not in the past (the driver checks the tense) */
    if (!vague && i > 0 && is_kw(c, i - 1, K_IN) && mod == CHR_MOD_NONE &&
        !is_kw(c, j, K_TIMES) && !is_kw(c, j, K_OF) &&
        (u == U_DAY || u == U_WEEK || u == U_MONTH || u == U_YEAR || u == U_DECADE)) {
        p->kind = P_DCTREL;
        p->unit = u;
        p->n = n;
        p->in_ahead = 1;
        tag_dur_value(p, n, u);
        return j - i;
    }
    return 0;
}

/* "1/2" or "and a half" at i: tokens used, or 0. */
static size_t half_at(const ctx *c, size_t i)
{
    if (tag_plain_num(c, i) && TK(i).val == 1 && is_p(c, i + 1, '/') && TK(i + 1).adj &&
        tag_plain_num(c, i + 2) && TK(i + 2).val == 2 && TK(i + 2).adj)
        return 3;
    if (is_kw(c, i, K_AND) && (is_kw(c, i + 1, K_A) || is_kw(c, i + 1, K_AN)) &&
        is_kw(c, i + 2, K_HALF))
        return 3;
    return 0;
}

/* The value of n and a half units ("2 1/2 years" P2Y6M, "a minute and a
 * half" PT1M30S): the half in finer units.  A unit with no half (a
 * weekend) keeps the value of its whole units. */
static void half_value(proto *p, int n, int u)
{
    switch (u) {
    case U_WEEK:
        snprintf(p->value, sizeof p->value, "P%dDT12H", n * 7 + 3);
        return;
    case U_FORTNIGHT:
        snprintf(p->value, sizeof p->value, "P%dW", n * 2 + 1);
        return;
    case U_MONTH:
        snprintf(p->value, sizeof p->value, "P%dM15D", n);
        return;
    case U_QUARTER:
    case U_SEASON:
        snprintf(p->value, sizeof p->value, "P%dM15D", n * 3 + 1);
        return;
    case U_SECOND:
        snprintf(p->value, sizeof p->value, "PT%d.5S", n);
        return;
    case U_YEAR:
        snprintf(p->value, sizeof p->value, "P%dY6M", n);
        return;
    case U_DAY:
        snprintf(p->value, sizeof p->value, "P%dDT12H", n);
        return;
    case U_HOUR:
        snprintf(p->value, sizeof p->value, "PT%dH30M", n);
        return;
    case U_MINUTE:
        snprintf(p->value, sizeof p->value, "PT%dM30S", n);
        return;
    case U_DECADE:
        snprintf(p->value, sizeof p->value, "P%dY", n * 10 + 5);
        return;
    case U_CENTURY:
        snprintf(p->value, sizeof p->value, "P%dY", n * 100 + 50);
        return;
    }
}

/* Relative to DCT or previous: N units ago/later/earlier/before/after;
 * durations: N units, N-unit, the past N units, N consecutive units. */
size_t tag_rule_quantity(const ctx *c, size_t i, proto *p)
{
    size_t j = i;
    int n = -1, u;
    chr_timex_mod mod = CHR_MOD_NONE;
    if (is_kw(c, j, K_NEARLY) || is_kw(c, j, K_ALMOST) || is_kw(c, j, K_ABOUT) ||
        is_kw(c, j, K_AROUND)) {
        mod = is_kw(c, j, K_NEARLY) || is_kw(c, j, K_ALMOST) ? CHR_MOD_BEFORE
                                                             : CHR_MOD_APPROX;
        j++;
    }
    if ((is_kw(c, j, K_A) || is_kw(c, j, K_AN)) && (is_kw(c, j + 1, K_FEW) || is_kw(c, j + 1, K_COUPLE)))
        j++;  /* "a few weeks", "a couple of days" */
    int k = tag_num_at(c, j, &n);
    int vague = 0;
    size_t half = 0;
    if (k) {
        j += (size_t)k;
        /* "a hundred years", "two thousand years" */
        if (n < 10 && (is_kw(c, j, K_HUNDRED) || is_kw(c, j, K_THOUSAND)) &&
            is_cls(c, j + 1, C_UNIT)) {
            n *= is_kw(c, j, K_HUNDRED) ? 100 : 1000;
            j++;
        }
        /* "two more weeks", "an additional year": as many again */
        if ((is_kw(c, j, K_MORE) || is_word(c, j, "additional") || is_word(c, j, "further") ||
             is_word(c, j, "extra")) && is_cls(c, j + 1, C_UNIT))
            j++;
        /* "2 1/2 years", "two and a half hours" */
        if ((half = half_at(c, j)) != 0 && is_cls(c, j + half, C_UNIT))
            j += half;
        else
            half = 0;
        /* "three to five years" */
        int n2;
        if ((is_kw(c, j, K_TO) || is_kw(c, j, K_OR) || tag_is_dash(c, j)) && tag_num_at(c, j + 1, &n2) &&
            is_cls(c, j + 2, C_UNIT))
            j += 2;
    } else if (is_kw(c, j, K_COUPLE) && (is_cls(c, j + 1, C_UNIT) || is_kw(c, j + 1, K_OF))) {
        n = 2;  /* "a couple of years": two, as TIMEX3 reads it */
        j += is_kw(c, j + 1, K_OF) ? 2 : 1;
    } else if ((is_kw(c, j, K_FEW) || is_kw(c, j, K_SEVERAL) || is_kw(c, j, K_MANY) ||
                is_kw(c, j, K_SOME)) &&
               (is_cls(c, j + 1, C_UNIT) || is_kw(c, j + 1, K_OF) ||
                (is_p(c, j + 1, '-') && TK(j + 1).adj && is_cls(c, j + 2, C_UNIT) &&
                 TK(j + 2).adj))) {
        vague = 1;
        j += is_kw(c, j + 1, K_OF) ? 2 : 1;
    } else if (is_cls(c, j, C_UNIT) && mod == CHR_MOD_NONE && is_p(c, j + 1, '-') &&
               TK(j + 1).adj && is_word(c, j + 2, "long") && TK(j + 2).adj) {
        /* "a day-long meeting", "a decades-long feud" */
        p->kind = P_DUR;
        tag_dur_value(p, TK(j).plural ? -1 : 1, TK(j).val);
        return j + 3 - i;
    } else if (is_cls(c, j, C_UNIT) && TK(j).plural && mod == CHR_MOD_NONE &&
               (is_kw(c, j + 1, K_LATER) || is_kw(c, j + 1, K_EARLIER) ||
                is_kw(c, j + 1, K_AGO))) {
        vague = 1;  /* "hours later", "days earlier", "years ago" */
    } else {
        return 0;
    }
    /* "a 44-year-old protester": an age, not a time */
    if (is_p(c, j, '-') && TK(j).adj && tag_unit_at(c, j + 1, &u) && is_p(c, j + 2, '-') &&
        is_word(c, j + 3, "old"))
        return 0;
    /* "three-quarters of its food": a part */
    if (is_p(c, j, '-') && TK(j).adj && tag_unit_at(c, j + 1, &u) && u == U_QUARTER &&
        (TK(j + 1).plural || is_kw(c, j + 2, K_OF)))
        return 0;
    /* "five-year", "18-month", "several-year" adjectives */
    if (is_p(c, j, '-') && TK(j).adj && tag_unit_at(c, j + 1, &u)) {
        p->kind = P_DUR;
        p->mod = mod;
        tag_dur_value(p, vague ? -1 : n, u);
        if (is_word(c, j + 2, "long") || is_word(c, j + 2, "old"))
            return j + 2 - i;
        return j + 2 - i;
    }
    if (is_kw(c, j, K_CONSECUTIVE) || is_word(c, j, "straight") || is_word(c, j, "successive"))
        j++;
    if (!tag_unit_at(c, j, &u))
        return 0;
    j++;
    if (vague)
        n = -1;
    /* "a day-long meeting": the article is not part of "day-long" */
    if (is_p(c, j, '-') && TK(j).adj && is_word(c, j + 1, "long") && TK(j + 1).adj) {
        if (is_kw(c, i, K_A) || is_kw(c, i, K_AN))
            return 0;
        p->kind = P_DUR;
        p->mod = mod;
        tag_dur_value(p, n, u);
        return j + 2 - i;
    }
    /* "52 years old": an age; "three-quarters of", "a quarter of": a part */
    if (is_word(c, j, "old") || (u == U_QUARTER && (is_kw(c, j, K_OF) || TK(j - 1).adj)))
        return 0;
    /* "$500 million a year", "four flights a week", "24 hours a day": a
     * rate, not a span of time */
    if ((is_kw(c, i, K_A) || is_kw(c, i, K_AN)) && i > 0 && !is_kw(c, j, K_AGO) &&
        !is_kw(c, j, K_LATER) && !is_kw(c, j, K_EARLIER) && !is_kw(c, j, K_BEFORE) &&
        !is_kw(c, j, K_AFTER) && is_rate_head(c, i - 1))
        return 0;
    /* "a year and a half" */
    if (!half && !vague && (half = half_at(c, j)) != 0)
        j += half;
    size_t after = quantity_after(c, i, j, n, u, vague, mod, p);
    if (after)
        return after;
    /* plain duration */
    p->kind = P_DUR;
    p->mod = mod;
    tag_dur_value(p, n, u);
    if (half)
        half_value(p, n, u);
    return j - i;
}

/* "for weeks", "over the years", "within days": spans of unknown length */
size_t tag_rule_bare_units(const ctx *c, size_t i, proto *p)
{
    if (!(is_kw(c, i, K_FOR) || is_kw(c, i, K_OVER) || is_kw(c, i, K_WITHIN)))
        return 0;
    size_t j = i + 1;
    if (is_kw(c, i, K_OVER) && is_kw(c, j, K_THE))
        j++;
    int u;
    if (!tag_unit_at(c, j, &u) || !TK(j).plural || u == U_MINUTE || u == U_SECOND)
        return 0;
    if (IN(j + 1) && (is_kw(c, j + 1, K_AGO) || is_kw(c, j + 1, K_LATER) || is_kw(c, j + 1, K_OF)))
        return 0;
    p->kind = P_DUR;
    tag_dur_value(p, -1, u);
    p->skip_lead = 1;  /* the signal is not part of the span */
    /* "within weeks or months": the first unit gives the value */
    int u2;
    if (is_kw(c, j + 1, K_OR) && tag_unit_at(c, j + 2, &u2) && TK(j + 2).plural)
        return j + 3 - i;
    return j + 1 - i;
}

/* Does token i open a line or a list item ("- Next day: ...")?  A
 * relative date there heads an entry of a chronology and counts from the
 * entry before, not from the document's date. */
static int line_head(const ctx *c, size_t i)
{
    if (i == 0 || TK(i).nl)
        return 1;
    const chr_tok *b = &TK(i - 1);
    return b->kind == T_PUNCT && (b->nl || i == 1) &&
           (b->val == '-' || b->val == '*' || b->e - b->s == 3 /* "•", "–" */);
}

/* this|last|next|past|coming|previous + unit/weekday/month/season;
 * earlier/later this unit; the past N units (duration). */
size_t tag_rule_deictic(const ctx *c, size_t i, proto *p)
{
    size_t j = i;
    int part = 0;
    if ((is_kw(c, j, K_EARLIER) || is_kw(c, j, K_LATER)) && is_kw(c, j + 1, K_THIS)) {
        part = is_kw(c, j, K_EARLIER) ? 1 : 3;
        j++;
    }
    int dir, current = is_kw(c, j, K_CURRENT);
    if (is_kw(c, j, K_THIS) || is_kw(c, j, K_CURRENTLY) || current)
        dir = 0;
    else if (is_kw(c, j, K_LAST) || is_kw(c, j, K_PREVIOUS) || is_kw(c, j, K_PAST))
        dir = -1;
    else if (is_kw(c, j, K_NEXT) || is_kw(c, j, K_COMING) || is_kw(c, j, K_UPCOMING))
        dir = 1;
    else
        return 0;
    int past = is_kw(c, j, K_PAST) || is_kw(c, j, K_PREVIOUS);
    /* "this past spring", "this past week": the last one */
    if (is_kw(c, j, K_THIS) && is_kw(c, j + 1, K_PAST) && part == 0) {
        dir = -1;
        j++;
    }
    /* "the current (fiscal) year" is this year, not a span */
    int the = i > 0 && is_kw(c, i - 1, K_THE) && !current;
    j++;
    if (current && is_kw(c, j, K_FISCAL))
        j++;
    if (current && !tag_unit_at(c, j, &(int){0}))
        return 0;
    int u, m, wd, n;
    size_t k;
    if (tag_unit_at(c, j, &u)) {
        /* "the past week", "the last few years": spans, not dates */
        if ((past || the) && part == 0) {
            p->kind = P_DUR;
            tag_dur_value(p, 1, u);
            if (TK(j).plural)
                tag_dur_value(p, -1, u);
            return j + 1 - i;
        }
        if (TK(j).plural)
            return 0;
        /* "Next day:" heading an entry: the day after the entry before */
        p->kind = dir != 0 && part == 0 && line_head(c, i) ? P_PREVREL : P_DCTREL;
        p->unit = u;
        p->n = dir;
        if (part)
            p->mod = CHR_MOD_NONE;
        /* "this year's third quarter", "last year's quarter" */
        if (u == U_YEAR && is_p(c, j + 1, '\'') && TK(j + 1).adj && is_word(c, j + 2, "s") &&
            TK(j + 2).adj) {
            size_t k2 = j + 3;
            int q = -1;
            if (is_cls(c, k2, C_ORDW) && TK(k2).val <= 4)
                q = TK(k2++).val;
            if (period_word(c, k2)) {
                p->q = q;
                p->period = q < 0;
                return k2 + 1 - i;
            }
        }
        return j + 1 - i;
    }
    if ((k = tag_num_at(c, j, &n)) != 0 && tag_unit_at(c, j + (size_t)k, &u)) {
        p->kind = P_DUR;
        tag_dur_value(p, n, u);
        return j + (size_t)k + 1 - i;
    }
    if ((is_kw(c, j, K_FEW) || is_kw(c, j, K_SEVERAL) || is_kw(c, j, K_COUPLE)) &&
        tag_unit_at(c, j + 1, &u)) {
        p->kind = P_DUR;
        tag_dur_value(p, -1, u);
        return j + 2 - i;
    }
    if (the || past)
        return 0;
    /* "last night", "this morning", "this evening" */
    if ((dir == -1 && is_kw(c, j, K_NIGHT)) ||
        (dir == 0 && (is_kw(c, j, K_MORNING) || is_kw(c, j, K_AFTERNOON) ||
                      is_kw(c, j, K_EVENING)))) {
        p->kind = P_DCTREL;
        p->unit = U_DAY;
        p->n = dir;
        p->pod = tag_pod_at(c, j);
        return j + 1 - i;
    }
    if ((k = tag_wday_at(c, j, &wd)) != 0) {
        p->kind = P_WEEKDAY;
        p->wday = wd;
        p->wdir = dir;
        return j + k - i;
    }
    if ((k = tag_month_at(c, j, &m)) != 0) {
        /* "last Oct. 23": the day is the expression, "last" a cue to its
         * tense */
        int d;
        if (tag_day_at(c, j + k, &d))
            return 0;
        p->kind = P_DCTREL;
        p->unit = U_MONTH;
        p->m = m;
        p->n = dir;
        return j + k - i;
    }
    if (is_cls(c, j, C_SEASON)) {
        p->kind = P_DCTREL;
        p->unit = U_SEASON;
        p->season = TK(j).val;
        p->n = dir;
        return j + 1 - i;
    }
    return 0;
}

/* that December, that same month, the same day, that year */
size_t tag_rule_anaphoric(const ctx *c, size_t i, proto *p)
{
    size_t j = i;
    /* "Same month:" heading an entry of a chronology */
    int bare = is_kw(c, j, K_SAME) && line_head(c, j);
    if (!(is_kw(c, j, K_THAT) || is_kw(c, j, K_THE) || bare))
        return 0;
    int that = is_kw(c, j, K_THAT);
    j += !bare;
    /* "the week of March 6": the week that holds the day */
    if (!bare && is_cls(c, j, C_UNIT) && TK(j).val == U_WEEK && !TK(j).plural &&
        is_kw(c, j + 1, K_OF) && IN(j + 2)) {
        proto q;
        size_t m = tag_match_at(c, j + 2, &q);
        if (m && q.kind == P_ABS && q.hh < 0 && q.prec == CHR_PREC_DAY && !q.period &&
            !q.holiday) {
            *p = q;
            p->week_of = 1;
            return j + 2 + m - i;
        }
    }
    /* "the weekend": the one just past, or the coming one, by tense */
    if (!that && is_cls(c, j, C_UNIT) && TK(j).val == U_WEEKEND && !TK(j).plural &&
        !is_kw(c, j + 1, K_OF)) {
        p->kind = P_DCTREL;
        p->unit = U_WEEKEND;
        p->by_tense = 1;
        return j + 1 - i;
    }
    int same = 0;
    if (is_kw(c, j, K_SAME)) {
        same = 1;
        j++;
    }
    if (!that && !same) {
        /* the next day, the following week, the previous month */
        int dir = 0;
        if (is_kw(c, j, K_NEXT) || is_kw(c, j, K_FOLLOWING))
            dir = 1;
        else if (is_kw(c, j, K_PREVIOUS) || is_kw(c, j, K_PRIOR))
            dir = -1;
        int u;
        if (dir && tag_unit_at(c, j + 1, &u) && !TK(j + 1).plural) {
            p->kind = P_PREVREL;
            p->unit = u;
            p->n = dir;
            return j + 2 - i;
        }
        /* the day before / the day after (not followed by a noun phrase) */
        if (tag_unit_at(c, j, &u) && u == U_DAY && !TK(j).plural &&
            (is_kw(c, j + 1, K_BEFORE) || is_kw(c, j + 1, K_AFTER)) &&
            !(IN(j + 2) && TK(j + 2).kind == T_WORD && TK(j + 2).cls != C_DAYREL)) {
            int dr = is_kw(c, j + 1, K_AFTER) ? 1 : -1;
            if (IN(j + 2) && TK(j + 2).cls == C_DAYREL && TK(j + 2).val != 10) {
                p->kind = P_DCTREL;
                p->unit = U_DAY;
                p->n = TK(j + 2).val + dr;
                return j + 3 - i;
            }
            p->kind = P_PREVREL;
            p->unit = U_DAY;
            p->n = dr;
            return j + 2 - i;
        }
        return 0;
    }
    int m, u;
    size_t k;
    if ((k = tag_month_at(c, j, &m)) != 0) {
        p->kind = P_PREVREF;
        p->m = m;
        p->prec = CHR_PREC_MONTH;
        return j + k - i;
    }
    if (tag_unit_at(c, j, &u) && !TK(j).plural &&
        (u == U_DAY || u == U_WEEK || u == U_MONTH || u == U_YEAR)) {
        p->kind = P_PREVREF;
        p->unit = u;
        p->prec = u == U_DAY ? CHR_PREC_DAY : u == U_WEEK ? CHR_PREC_WEEK
                  : u == U_MONTH ? CHR_PREC_MONTH : CHR_PREC_YEAR;
        return j + 1 - i;
    }
    if (is_cls(c, j, C_SEASON) && (TK(j).val != 3 || !is_word(c, j, "fall") || that)) {
        p->kind = P_PREVREF;
        p->season = TK(j).val;
        p->prec = CHR_PREC_SEASON;
        return j + 1 - i;
    }
    return 0;
}

/* today, yesterday, tomorrow, tonight; now; recently; in recent years */
/* "scholars in marketing science today", "Europe today": "today" closing
 * a prepositional noun phrase, in a clause with no past or future verb,
 * means "nowadays" (TIMEX3 PRESENT_REF). */
static int today_is_nowadays(const ctx *c, size_t i)
{
    if (i < 2 || !chr_tok_is(c->text, &TK(i), "today") || TK(i - 1).kind != T_WORD)
        return 0;
    int prep = 0, fronted = 0;
    for (size_t k = i - 1; k > 0 && k + 4 > i; k--)
        if (is_kw(c, k - 1, K_IN) || is_kw(c, k - 1, K_OF)) {
            prep = 1;
            /* the phrase opens its sentence */
            fronted = k == 1 || TK(k - 1).nl ||
                      (TK(k - 2).kind == T_PUNCT && (TK(k - 2).val == '.' ||
                                                     TK(k - 2).val == '!' ||
                                                     TK(k - 2).val == '?'));
        }
    if (!prep)
        return 0;
    for (size_t k = i; k > 0 && k + 16 > i; k--) {
        const chr_tok *t = &TK(k - 1);
        if (t->kind == T_PUNCT && t->val != '\'' && t->val != '-')
            break;
        if (chr_lex_tense(c->text, t) != 0)
            return 0;
    }
    /* "In Washington today, the agency released ...": a phrase opening
     * the sentence; its clause follows the comma */
    for (size_t k = i + 1; k < c->n && k < i + 8; k++) {
        const chr_tok *t = &TK(k);
        if (t->kind == T_PUNCT && k == i + 1 && t->val == ',' && fronted)
            continue;
        if (t->kind == T_PUNCT)
            break;
        if (chr_lex_tense(c->text, t) != 0)
            return 0;
    }
    return 1;
}

/* Can the word at i follow the adjective "current" in a noun phrase: a
 * noun or adjective of the lexicon, or a number word? */
static int current_head(const ctx *c, size_t i)
{
    if (TK(i).cls == C_NUMW)
        return 1;
    if (is_word(c, i, "account") || is_word(c, i, "accounts") || is_word(c, i, "assets") ||
        is_word(c, i, "liabilities"))
        return 0;
    size_t n = TK(i).e - TK(i).s;
    char w[32];
    if (n == 0 || n >= sizeof w)
        return 0;
    for (size_t k = 0; k < n; k++)
        w[k] = chr_lower((unsigned char)c->text[TK(i).s + k]);
    /* the word's more usual readings are nominal: "owners", "market",
     * "financial"; not "near", "flows" */
    unsigned f[4];
    chr_words_pos_freqs(w, n, f);
    unsigned nominal = f[0] > f[2] ? f[0] : f[2], other = f[1] > f[3] ? f[1] : f[3];
    return nominal > 0 && nominal >= other && !tag_function_word(c, i);
}

size_t tag_rule_dayrel(const ctx *c, size_t i, proto *p)
{
    if (is_cls(c, i, C_DAYREL) && today_is_nowadays(c, i)) {
        p->kind = P_VAGUE;
        snprintf(p->value, sizeof p->value, "PRESENT_REF");
        return 1;
    }
    if (is_cls(c, i, C_DAYREL)) {
        p->kind = P_DCTREL;
        p->unit = U_DAY;
        p->n = TK(i).val == 10 ? 0 : TK(i).val;
        if (TK(i).val == 10)
            p->pod = 4;
        size_t j = i + 1;
        /* "tomorrow morning", "yesterday at 10am" */
        if (tag_pod_at(c, j))
            p->pod = tag_pod_at(c, j++);
        int hh, mm;
        size_t k = is_kw(c, j, K_AT) ? tag_clock_at(c, j + 1, &hh, &mm) : 0;
        if (k) {
            p->hh = hh;
            p->mm = mm;
            return j + 1 + k - i;
        }
        return j - i;
    }
    /* "Now, he says, ...": a sentence opened by "Now" and a comma turns
     * the argument, it does not place it in time */
    if (is_kw(c, i, K_NOW) && TK(i).cap && is_p(c, i + 1, ','))
        return 0;
    if (is_kw(c, i, K_NOW) && !is_kw(c, i + 1, K_THAT) && !(i > 0 && is_kw(c, i - 1, K_FROM))) {
        p->kind = P_VAGUE;
        snprintf(p->value, sizeof p->value, "PRESENT_REF");
        return 1;
    }
    /* "its current owners", "current market conditions": as things are
     * now; "the then current price" as they were then.  Not the current of
     * a river, nor the accounting terms "current account", "current
     * assets". */
    if (is_kw(c, i, K_CURRENT) && !TK(i).cap && IN(i + 1) && !TK(i + 1).nl &&
        ((TK(i + 1).kind == T_WORD && !TK(i + 1).cap && current_head(c, i + 1)) ||
         TK(i + 1).kind == T_NUM)) {
        p->kind = P_VAGUE;
        snprintf(p->value, sizeof p->value, "%s", i > 0 && is_kw(c, i - 1, K_THEN)
                                                       ? "PAST_REF" : "PRESENT_REF");
        return 1;
    }
    if (is_kw(c, i, K_CURRENTLY)) {
        p->kind = P_VAGUE;
        snprintf(p->value, sizeof p->value, "PRESENT_REF");
        return 1;
    }
    /* "the near future", "the near term", "in the short term" */
    if (is_kw(c, i, K_THE) && ((is_word(c, i + 1, "near") &&
                                (is_kw(c, i + 2, K_FUTURE) || is_word(c, i + 2, "term"))) ||
                               (is_word(c, i + 1, "short") && is_word(c, i + 2, "term") &&
                                i > 0 && is_kw(c, i - 1, K_IN)))) {
        p->kind = P_VAGUE;
        snprintf(p->value, sizeof p->value, "FUTURE_REF");
        return 3;
    }
    if (is_kw(c, i, K_RECENTLY)) {
        p->kind = P_VAGUE;
        snprintf(p->value, sizeof p->value, "PAST_REF");
        return 1;
    }
    if (is_kw(c, i, K_RECENT) && is_cls(c, i + 1, C_UNIT) && TK(i + 1).plural) {
        p->kind = P_VAGUE;
        snprintf(p->value, sizeof p->value, "PAST_REF");
        return 2;
    }
    /* "in the future", "the future that awaits him"; not "the future of
     * the alliance", its fate */
    if (is_kw(c, i, K_THE) && is_kw(c, i + 1, K_FUTURE) && tag_function_word(c, i + 2) &&
        !is_kw(c, i + 2, K_OF)) {
        p->kind = P_VAGUE;
        snprintf(p->value, sizeof p->value, "FUTURE_REF");
        return 2;
    }
    /* "in the past", "than they did in the past"; not "the past two
     * years", a span */
    proto q;
    if (is_kw(c, i, K_THE) && is_kw(c, i + 1, K_PAST) && tag_function_word(c, i + 2) &&
        !is_kw(c, i + 2, K_OF) && !(IN(i + 2) && (TK(i + 2).kind == T_NUM ||
                                                  TK(i + 2).cls == C_NUMW)) &&
        !is_kw(c, i + 2, K_FEW) && !is_kw(c, i + 2, K_SEVERAL) && !is_kw(c, i + 2, K_COUPLE) &&
        tag_rule_deictic(c, i + 1, (proto_init(&q), &q)) == 0) {
        p->kind = P_VAGUE;
        snprintf(p->value, sizeof p->value, "PAST_REF");
        return 2;
    }
    return 0;
}

/* every Monday, each year, annually, once a week, twice a year */
size_t tag_rule_set(const ctx *c, size_t i, proto *p)
{
    int u, wd, m;
    size_t k;
    if (is_kw(c, i, K_EVERY) || is_kw(c, i, K_EACH)) {
        size_t j = i + 1;
        int n = 1;
        int kk = tag_num_at(c, j, &n);
        if (kk && !is_kw(c, j, K_A))
            j += (size_t)kk;
        else
            n = 1;
        if (tag_unit_at(c, j, &u)) {
            p->kind = P_SET;
            tag_dur_value(p, n, u);
            return j + 1 - i;
        }
        if ((k = tag_wday_at(c, j, &wd)) != 0) {
            p->kind = P_SET;
            snprintf(p->value, sizeof p->value, "XXXX-WXX-%d", wd);
            return j + k - i;
        }
        if ((k = tag_month_at(c, j, &m)) != 0) {
            p->kind = P_SET;
            snprintf(p->value, sizeof p->value, "XXXX-%02d", m);
            return j + k - i;
        }
        if (is_cls(c, j, C_SEASON)) {
            static const char *const sn[] = {"SP", "SU", "FA", "WI"};
            p->kind = P_SET;
            snprintf(p->value, sizeof p->value, "XXXX-%s", sn[TK(j).val - 1]);
            return j + 1 - i;
        }
        return 0;
    }
    /* "runs daily", "meets weekly": adverbs, not "daily newspaper" */
    static const char *const adv[] = {"daily", "weekly", "monthly", "nightly", "hourly"};
    if (!is_kw(c, i, K_FREQ))
        goto not_freq;
    static const char *const advv[] = {"P1D", "P1W", "P1M", "P1D", "PT1H"};
    for (size_t a = 0; a < 5; a++)
        if (is_word(c, i, adv[a]) && !TK(i).cap && tag_function_word(c, i + 1) &&
            !(IN(i + 1) && TK(i + 1).kind == T_WORD && TK(i + 1).cls == C_NONE &&
              !tag_function_word(c, i + 1))) {
            p->kind = P_SET;
            snprintf(p->value, sizeof p->value, "%s", advv[a]);
            return 1;
        }
    return 0;
not_freq:
    if (is_kw(c, i, K_ANNUALLY) || is_word(c, i, "yearly")) {
        p->kind = P_SET;
        snprintf(p->value, sizeof p->value, "P1Y");
        return 1;
    }
    if ((is_kw(c, i, K_ONCE) || is_kw(c, i, K_TWICE)) &&
        (is_kw(c, i + 1, K_A) || is_kw(c, i + 1, K_PER) || is_kw(c, i + 1, K_EVERY)) &&
        tag_unit_at(c, i + 2, &u)) {
        p->kind = P_SET;
        tag_dur_value(p, 1, u);
        return 3;
    }
    int n;
    if ((k = (size_t)tag_num_at(c, i, &n)) != 0 && is_kw(c, i + k, K_TIMES) &&
        (is_kw(c, i + k + 1, K_A) || is_kw(c, i + k + 1, K_PER)) && tag_unit_at(c, i + k + 2, &u)) {
        p->kind = P_SET;
        tag_dur_value(p, 1, u);
        return k + 3;
    }
    return 0;
}

/* Weekday alone ("on Friday", "Monday morning") */
size_t tag_rule_weekday(const ctx *c, size_t i, proto *p)
{
    int wd;
    size_t k = tag_wday_at(c, i, &wd);
    if (!k || TK(i).cls != C_WDAY)
        return 0;
    /* "The Sunday Times", "Bloody Sunday Inquiry": part of a name */
    if (IN(i + 1) && TK(i + 1).kind == T_WORD && TK(i + 1).cap && TK(i + 1).cls != C_MONTH &&
        TK(i + 1).cls != C_MONTH_AB && TK(i + 1).cls != C_DAYREL)
        return 0;
    p->kind = P_WEEKDAY;
    p->wday = wd;
    p->wdir = 2;
    size_t j = i + k;
    if (tag_pod_at(c, j))
        p->pod = tag_pod_at(c, j++);
    int hh, mm;
    size_t t = 0;
    if (is_kw(c, j, K_AT))
        t = tag_clock_at(c, j + 1, &hh, &mm);
    if (t) {
        p->hh = hh;
        p->mm = mm;
        return j + 1 + t - i;
    }
    return j - i;
}

/* Clock time alone, or a clock time followed by "on <date>". */
size_t tag_rule_clock(const ctx *c, size_t i, proto *p)
{
    int hh, mm;
    size_t k = tag_clock_at(c, i, &hh, &mm);
    if (!k)
        return 0;
    /* "16:05" with no am/pm or zone needs a word that makes it a time
     * ("at 16:05"); "John 3:16" and scores "3:16" are not */
    size_t last = i + k - 1;
    int marked = is_p(c, i, '@') || is_kw(c, last, K_AM) || is_kw(c, last, K_PM) ||
                 is_kw(c, last, K_TZ) || is_p(c, last, '.') || (TK(last).kind == T_NUM &&
                 is_p(c, last - 1, '+'));
    if (!marked && is_kw(c, i, K_NOON) == 0 && is_kw(c, i, K_MIDNIGHT) == 0) {
        static const char *const pre[] = {"at", "by", "until", "till", "from", "to",
                                          "around", "about", "before", "after", "since"};
        int ok = 0;
        for (size_t w = 0; i > 0 && w < sizeof pre / sizeof pre[0]; w++)
            ok |= is_word(c, i - 1, pre[w]);
        if (!ok)
            return 0;
    }
    /* "3:2" or scores need two-digit minutes, checked in clock_at; a
     * ratio like "24:7" has no am/pm and minutes of one digit. */
    p->kind = P_TIME;
    p->hh = hh;
    p->mm = mm;
    return k;
}


/* A reporting period, as results are reported: "the quarter", "the
 * latest period" (the quarter the story is about), "the year-ago
 * quarter", "year-earlier" (that quarter a year before), "the 1988
 * quarter", "the 1989 second quarter". */

size_t tag_rule_period(const ctx *c, size_t i, proto *p)
{
    size_t j = i;
    int the = is_kw(c, j, K_THE);
    if (the)
        j++;
    /* "year-ago", "year-earlier" */
    if (is_cls(c, j, C_UNIT) && TK(j).val == U_YEAR && !TK(j).plural && is_p(c, j + 1, '-') &&
        TK(j + 1).adj && (is_kw(c, j + 2, K_AGO) || is_kw(c, j + 2, K_EARLIER)) && TK(j + 2).adj) {
        j += 3;
        if (period_word(c, j))
            j++;
        p->kind = P_DCTREL;
        p->unit = U_YEAR;
        p->n = -1;
        p->compare = 1;
        return j - i;
    }
    if (!the)
        return 0;
    /* "the year ended March 31": a year-long span of accounts; "for the
     * (full, fiscal) year", "earlier in the year": the year of the story */
    size_t y0 = j;
    if (is_word(c, y0, "full") || is_kw(c, y0, K_FISCAL))
        y0++;
    if (is_cls(c, y0, C_UNIT) && TK(y0).val == U_YEAR && !TK(y0).plural && !TK(y0).cap &&
        !(IN(y0 + 1) && TK(y0 + 1).adj && TK(y0 + 1).kind == T_PUNCT && TK(y0 + 1).val != ',' &&
          TK(y0 + 1).val != '.')) {
        if (is_word(c, y0 + 1, "ended") || is_word(c, y0 + 1, "ending")) {
            p->kind = P_DUR;
            tag_dur_value(p, 1, U_YEAR);
            return y0 + 1 - i;
        }
        if (!is_kw(c, y0 + 1, K_BEFORE) && !is_kw(c, y0 + 1, K_AFTER) &&
            !is_kw(c, y0 + 1, K_EARLIER) && !is_kw(c, y0 + 1, K_LATER) &&
            !is_kw(c, y0 + 1, K_AGO) && !is_kw(c, y0 + 1, K_THAT) &&
            !(IN(y0 + 1) && TK(y0 + 1).kind == T_NUM) && !is_cls(c, y0 + 1, C_NUMW)) {
            p->kind = P_DCTREL;
            p->unit = U_YEAR;
            p->n = 0;
            return y0 + 1 - i;
        }
    }
    /* "the 1988 quarter", "the 1989 second quarter" */
    if (tag_year_tok(c, j)) {
        int y = TK(j).val, q = -1;
        size_t k = j + 1;
        if (is_cls(c, k, C_ORDW) && TK(k).val <= 4)
            q = TK(k++).val;
        if (!period_word(c, k))
            return 0;
        p->kind = P_ABS;
        p->y = y;
        p->q = q;
        p->period = q < 0;
        p->prec = CHR_PREC_QUARTER;
        return k + 1 - i;
    }
    /* "the quarter", "the latest quarter", "the most recent period" */
    if (is_word(c, j, "latest") || is_word(c, j, "current") || is_kw(c, j, K_RECENT))
        j++;
    else if (is_kw(c, j, K_MORE) && is_kw(c, j + 1, K_RECENT))
        j += 2;
    else if (is_word(c, j, "most") && is_kw(c, j + 1, K_RECENT))
        j += 2;
    if (!period_word(c, j) || TK(j).cap || is_kw(c, j + 1, K_OF))
        return 0;
    p->kind = P_PREVREF;
    p->unit = U_QUARTER;
    p->period = 1;
    p->prec = CHR_PREC_QUARTER;
    return j + 1 - i;
}
