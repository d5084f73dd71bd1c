/*
 * rules_cal.c - rules for expressions that name calendar fields: numeric
 * and written dates, months, years, decades, parts, quarters, seasons.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_int.h"
#include "chronicle/tag.h"
#include "lex/lex_int.h"
#include "tag/tag_int.h"

/* 2019-07-04, 2019.07.03, 2019/07/03 (+ optional T16:05) */
size_t tag_rule_iso(const ctx *c, size_t i, proto *p)
{
    if (!(tag_plain_num(c, i) && TK(i).ndig == 4))
        return 0;
    int sep = IN(i + 1) ? TK(i + 1).val : 0;
    if (!(is_p(c, i + 1, '-') || is_p(c, i + 1, '.') || is_p(c, i + 1, '/')))
        return 0;
    if (!(tag_plain_num(c, i + 2) && TK(i + 2).ndig <= 2 && TK(i + 1).adj && TK(i + 2).adj &&
          is_p(c, i + 3, sep) && TK(i + 3).adj && tag_plain_num(c, i + 4) &&
          TK(i + 4).adj && TK(i + 4).ndig <= 2))
        return 0;
    /* part of a longer code such as "RU-2019/03/01" or "10.2019.07.03" */
    if (i > 0 && TK(i).adj && (TK(i - 1).kind != T_PUNCT || TK(i - 1).val == '.' ||
                               TK(i - 1).val == '-' || TK(i - 1).val == '/'))
        return 0;
    if (is_p(c, i + 5, sep) && TK(i + 5).adj && IN(i + 6) && TK(i + 6).kind == T_NUM)
        return 0;
    int y = TK(i).val, m = TK(i + 2).val, d = TK(i + 4).val;
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    p->kind = P_ABS;
    p->y = y;
    p->m = m;
    p->d = d;
    p->prec = CHR_PREC_DAY;
    size_t j = i + 5;
    /* ISO "T16:05" glued to the date: the tokenizer reads "T16" as a word
     * then a number, so look for the letter T followed by digits. */
    if (IN(j) && TK(j).adj && is_word(c, j, "t") && tag_plain_num(c, j + 1) && TK(j + 1).adj) {
        int hh, mm;
        size_t n = tag_clock_at(c, j + 1, &hh, &mm);
        if (n) {
            p->hh = hh;
            p->mm = mm;
            p->prec = CHR_PREC_MINUTE;
            return j + 1 + n - i;
        }
    }
    return j - i + tag_time_after(c, j, p);
}

/* 9.10.2019, 11/01/2019, 11/26/2019, 28-11-2018 */
size_t tag_rule_numeric(const ctx *c, size_t i, proto *p)
{
    if (!(tag_plain_num(c, i) && TK(i).ndig <= 2))
        return 0;
    if (!(is_p(c, i + 1, '.') || is_p(c, i + 1, '/') || is_p(c, i + 1, '-')))
        return 0;
    int sep = TK(i + 1).val;
    if (!(TK(i + 1).adj && tag_plain_num(c, i + 2) && TK(i + 2).adj && TK(i + 2).ndig <= 2 &&
          is_p(c, i + 3, sep) && TK(i + 3).adj && tag_plain_num(c, i + 4) && TK(i + 4).adj &&
          TK(i + 4).ndig == 4))
        return 0;
    if (i > 0 && TK(i).adj && TK(i - 1).kind != T_PUNCT)
        return 0;
    if (i > 0 && TK(i).adj && (TK(i - 1).val == '.' || TK(i - 1).val == '/' ||
                               TK(i - 1).val == '-') && i > 1 && TK(i - 1).adj &&
        TK(i - 2).kind == T_NUM)
        return 0;  /* version numbers 1.9.10.2019 */
    if (is_p(c, i + 5, sep) && TK(i + 5).adj && IN(i + 6) && TK(i + 6).kind == T_NUM)
        return 0;
    int a = TK(i).val, b = TK(i + 2).val, y = TK(i + 4).val;
    if (y < 1000 || a < 1 || b < 1)
        return 0;
    int d, m;
    if (a > 12 && b <= 12) {
        d = a;
        m = b;
    } else if (b > 12 && a <= 12) {
        d = b;
        m = a;
    } else if (a <= 12 && b <= 12) {
        /* dotted dates are day-first wherever they are written */
        if (sep == '.' || tag_dmy_order(c)) {
            d = a;
            m = b;
        } else {
            d = b;
            m = a;
        }
    } else {
        return 0;
    }
    if (d > 31)
        return 0;
    p->kind = P_ABS;
    p->y = y;
    p->m = m;
    p->d = d;
    p->prec = CHR_PREC_DAY;
    return 5 + tag_time_after(c, i + 5, p);
}

/* [Weekday[,]] Month[.] Day[th][,] [Year] [time] */
size_t tag_rule_month_day(const ctx *c, size_t i, proto *p)
{
    size_t j = i;
    int wd = 0, m, d;
    size_t n = tag_wday_at(c, j, &wd);
    if (n) {
        j += n;
        if (is_p(c, j, ','))
            j++;
    }
    n = tag_month_at(c, j, &m);
    if (!n)
        return 0;
    j += n;
    n = tag_day_at(c, j, &d);
    if (!n)
        return 0;
    /* "March 6" must not run into a longer number ("March 6.5") */
    if (is_p(c, j + n, '.') && IN(j + n + 1) && TK(j + n + 1).adj &&
        TK(j + n + 1).kind == T_NUM)
        return 0;
    j += n;
    p->kind = P_ABS;
    p->m = m;
    p->d = d;
    p->prec = CHR_PREC_DAY;
    int y;
    n = tag_year_after(c, j, &y);
    if (n) {
        p->y = y;
        j += n;
    }
    (void)wd;
    return j - i + tag_time_after(c, j, p);
}

/* [Weekday[,]] Day[th] [of] Month[.][,] [Year] [time] */
size_t tag_rule_day_month(const ctx *c, size_t i, proto *p)
{
    size_t j = i;
    int wd = 0, m, d;
    size_t n = tag_wday_at(c, j, &wd);
    if (n) {
        j += n;
        if (is_p(c, j, ','))
            j++;
        if (is_kw(c, j, K_THE))
            j++;
    } else if (is_kw(c, j, K_THE) && IN(j + 1) && TK(j + 1).kind == T_NUM) {
        j++;  /* "the 5th of March" */
    }
    n = tag_day_at(c, j, &d);
    if (!n)
        return 0;
    j += n;
    if (is_kw(c, j, K_OF))
        j++;
    n = tag_month_at(c, j, &m);
    if (!n)
        return 0;
    j += n;
    p->kind = P_ABS;
    p->m = m;
    p->d = d;
    p->prec = CHR_PREC_DAY;
    int y;
    n = tag_year_after(c, j, &y);
    if (n) {
        p->y = y;
        j += n;
    }
    (void)wd;
    return j - i + tag_time_after(c, j, p);
}

/* Month [,|of] Year ; bare month with context. */
size_t tag_rule_month(const ctx *c, size_t i, proto *p)
{
    int m;
    size_t n = tag_month_at(c, i, &m);
    if (!n)
        return 0;
    int y;
    size_t k = tag_year_after(c, i + n, &y);
    if (k) {
        p->kind = P_ABS;
        p->y = y;
        p->m = m;
        p->prec = CHR_PREC_MONTH;
        return n + k;
    }
    /* "June last year", "January this year" */
    if ((is_kw(c, i + n, K_LAST) || is_kw(c, i + n, K_THIS) || is_kw(c, i + n, K_NEXT)) &&
        is_cls(c, i + n + 1, C_UNIT) && TK(i + n + 1).val == U_YEAR && !TK(i + n + 1).plural) {
        p->kind = P_DCTREL;
        p->unit = U_YEAR;
        p->n = is_kw(c, i + n, K_LAST) ? -1 : is_kw(c, i + n, K_NEXT) ? 1 : 0;
        p->m = m;
        p->prec = CHR_PREC_MONTH;
        return n + 2;
    }
    /* "Jan Kavan", "June Carter": a first name */
    if (IN(i + n) && TK(i + n).kind == T_WORD && TK(i + n).cap && TK(i + n).cls == C_NONE &&
        !TK(i + n).nl)
        return 0;
    /* "the October slaying", "a June agreement": a month modifying a
     * noun; but "the March on Washington" is a name */
    if (i > 0 && (is_kw(c, i - 1, K_THE) || is_kw(c, i - 1, K_A)) && TK(i).cls == C_MONTH) {
        static const char *const preps[] = {"on", "of", "in", "at", "to", "for", "from",
                                            "with", "by", "and", "or", "is", "was"};
        if (!IN(i + n) || TK(i + n).kind != T_WORD || TK(i + n).cap || TK(i + n).cls != C_NONE)
            return 0;
        for (size_t w = 0; w < sizeof preps / sizeof preps[0]; w++)
            if (is_word(c, i + n, preps[w]))
                return 0;
        p->kind = P_ABS;
        p->m = m;
        p->prec = CHR_PREC_MONTH;
        return n;
    }
    /* "May" and "March" are also ordinary words; a bare month needs a
     * preposition or modifier before it, or "mid-" glued to it. */
    int ctxok = tag_date_context(c, i) || (i > 0 && is_p(c, i - 1, '-') && TK(i).adj);
    if (!ctxok)
        return 0;
    if (i > 0 && TK(i - 1).cls == C_KW && TK(i - 1).val == K_THE)
        return 0;
    p->kind = P_ABS;
    p->m = m;
    p->prec = CHR_PREC_MONTH;
    return n;
}

/* "fiscal 1989", "fiscal year 2019": the year, with "fiscal" in the span */
size_t tag_rule_fiscal(const ctx *c, size_t i, proto *p)
{
    if (!is_kw(c, i, K_FISCAL))
        return 0;
    size_t j = i + 1;
    if (is_cls(c, j, C_UNIT) && TK(j).val == U_YEAR && !TK(j).plural)
        j++;
    if (!tag_year_tok(c, j))
        return 0;
    p->kind = P_ABS;
    p->y = TK(j).val;
    p->prec = CHR_PREC_YEAR;
    return j + 1 - i;
}

/* "the 1990s", "the 1980's": TIMEX3 spans keep "the" */
/* "the nineties", "the '80s": a decade of a century the text does not
 * name (the resolver takes the DCT's, or the one before when that decade
 * is still to come).  Tokens used after "the", or 0; *d the decade's
 * years within its century. */
static size_t decade_word_at(const ctx *c, size_t j, int *d)
{
    static const char *const words[] = {"twenties", "thirties", "forties", "fifties",
                                        "sixties",  "seventies", "eighties", "nineties"};
    /* every one of them 7 to 9 letters: most words go by their length */
    size_t len = IN(j) ? TK(j).e - TK(j).s : 0;
    for (int k = 0; len >= 7 && len <= 9 && k < 8; k++)
        if (is_word(c, j, words[k]) && !TK(j).cap) {
            *d = (k + 2) * 10;
            return 1;
        }
    /* "'80s": a quote, two digits ending in 0, "s" */
    if (is_p(c, j, '\'') && tag_plain_num(c, j + 1) && TK(j + 1).ndig == 2 && TK(j + 1).adj &&
        TK(j + 1).val % 10 == 0 && is_word(c, j + 2, "s") && TK(j + 2).adj) {
        *d = TK(j + 1).val;
        return 3;
    }
    return 0;
}

size_t tag_rule_the_decade(const ctx *c, size_t i, proto *p)
{
    if (!is_kw(c, i, K_THE))
        return 0;
    int d;
    size_t k = decade_word_at(c, i + 1, &d);
    if (k) {
        p->kind = P_ABS;
        p->decade = d;   /* below 100: the century is the resolver's */
        p->prec = CHR_PREC_DECADE;
        return k + 1;
    }
    size_t n = tag_rule_year(c, i + 1, p);
    if (n == 0 || p->prec != CHR_PREC_DECADE)
        return 0;
    return n + 1;
}

/* Years: "in 2016", "(2018 to 2023)", "2016-2018", "the 1990s". */
size_t tag_rule_year(const ctx *c, size_t i, proto *p)
{
    if (!(tag_plain_num(c, i) && TK(i).ndig == 4 && TK(i).val >= 1000 && TK(i).val <= 2199))
        return 0;
    int y = TK(i).val;
    /* decade: 1990s, 1990's */
    if (IN(i + 1) && TK(i + 1).adj && is_word(c, i + 1, "s") && y % 10 == 0) {
        p->kind = P_ABS;
        p->decade = y;
        p->prec = CHR_PREC_DECADE;
        return 2;
    }
    if (IN(i + 2) && TK(i + 1).adj && TK(i + 2).adj && is_p(c, i + 1, '\'') &&
        is_word(c, i + 2, "s") && y % 10 == 0) {
        p->kind = P_ABS;
        p->decade = y;
        p->prec = CHR_PREC_DECADE;
        return 3;
    }
    if (IN(i + 1) && TK(i + 1).adj && TK(i + 1).kind == T_WORD)
        return 0;
    if (tag_year_is_number(c, i))
        return 0;
    int range_next = (tag_is_dash(c, i + 1) || is_kw(c, i + 1, K_TO) || is_kw(c, i + 1, K_AND)) &&
                     tag_year_tok(c, i + 2) && TK(i + 2).val > y;
    int range_prev = i >= 2 && (tag_is_dash(c, i - 1) || is_kw(c, i - 1, K_TO) ||
                                is_kw(c, i - 1, K_AND) || is_kw(c, i - 1, K_THROUGH)) &&
                     tag_year_tok(c, i - 2) && TK(i - 2).val < y;
    int paren = i > 0 && is_p(c, i - 1, '(') && is_p(c, i + 1, ')');
    /* any other year of the last and the coming decades reads as a date
     * ("A 2019 report", "taking 2018 as an example") */
    int modern = y >= 1900 && y <= 2100;
    if (!(tag_date_context(c, i) || range_next || range_prev || paren || modern))
        return 0;
    /* "the 2018" needs a plausible modern year */
    if (i > 0 && is_kw(c, i - 1, K_THE) && (y < 1900 || y > 2100))
        return 0;
    p->kind = P_ABS;
    p->y = y;
    p->prec = CHR_PREC_YEAR;
    if (range_next)
        p->flags |= CHR_TXF_RANGE_START;
    if (range_prev)
        p->flags |= CHR_TXF_RANGE_END;
    return 1;
}

/* early/mid/late X, the beginning/middle/end of X, mid-March */
size_t tag_rule_part(const ctx *c, size_t i, proto *p)
{
    size_t j = i;
    chr_timex_mod mod;
    int of = 0;
    if (is_kw(c, j, K_THE) && (is_kw(c, j + 1, K_BEGINNING) || is_cls(c, j + 1, C_PART) ||
                               is_word(c, j + 1, "start")) &&
        is_kw(c, j + 2, K_OF)) {
        j++;
        of = 1;
    }
    if (is_cls(c, j, C_PART))
        mod = TK(j).val == 1 ? CHR_MOD_START : TK(j).val == 2 ? CHR_MOD_MID : CHR_MOD_END;
    else if (of && is_kw(c, j, K_BEGINNING))
        mod = CHR_MOD_START;
    else
        return 0;
    j++;
    if (of) {
        if (!is_kw(c, j, K_OF))
            return 0;
        j++;
    } else if (is_p(c, j, '-') && TK(j).adj) {
        j++;
    } else if (is_kw(c, j, K_IN) || is_kw(c, j, K_OF)) {
        j++;  /* "early in 2019", "late in the year" handled below */
    }
    if (is_kw(c, j, K_THE) && is_cls(c, j + 1, C_UNIT)) {
        /* "the end of the year": the current one, at its end */
        int u = TK(j + 1).val;
        if (!of || TK(j + 1).plural || !(u == U_YEAR || u == U_MONTH || u == U_WEEK || u == U_QUARTER))
            return 0;
        p->kind = P_DCTREL;
        p->unit = u;
        p->n = 0;
        p->mod = mod;
        return j + 2 - i;
    }
    proto q;
    proto_init(&q);
    size_t n = 0;
    int m, y;
    if ((n = tag_month_at(c, j, &m)) != 0) {
        q.kind = P_ABS;
        q.m = m;
        q.prec = CHR_PREC_MONTH;
        size_t k = tag_year_after(c, j + n, &y);
        if (k) {
            q.y = y;
            n += k;
        }
    } else if (tag_plain_num(c, j) && TK(j).ndig == 4 && TK(j).val >= 1000 && TK(j).val <= 2199) {
        q.kind = P_ABS;
        q.y = TK(j).val;
        q.prec = CHR_PREC_YEAR;
        n = 1;
        if (IN(j + 1) && TK(j + 1).adj && is_word(c, j + 1, "s") && q.y % 10 == 0) {
            q.decade = q.y;
            q.y = -1;
            q.prec = CHR_PREC_DECADE;
            n = 2;
        } else if (IN(j + 1) && TK(j + 1).adj && TK(j + 1).kind == T_WORD) {
            return 0;
        }
    } else if (is_cls(c, j, C_SEASON)) {
        q.kind = P_ABS;
        q.season = TK(j).val;
        q.prec = CHR_PREC_SEASON;
        n = 1;
        size_t k = tag_year_after(c, j + 1, &y);
        if (k) {
            q.y = y;
            n += k;
        }
    } else if ((n = tag_rule_deictic(c, j, &q)) != 0 && q.kind == P_DCTREL) {
        /* "late last year", "early next month" */
    } else {
        return 0;
    }
    *p = q;
    p->mod = mod;
    return j + n - i;
}

/* Q3 2019, the third quarter of 2019, the first half of 2019,
 * summer 2020, the summer of 2020, the summer */
size_t tag_rule_quarter_season(const ctx *c, size_t i, proto *p)
{
    size_t j = i;
    int y;
    if (is_word(c, j, "q") && TK(j).cap && tag_plain_num(c, j + 1) && TK(j + 1).adj &&
        TK(j + 1).val >= 1 && TK(j + 1).val <= 4 && TK(j + 1).ndig == 1) {
        size_t k = tag_year_after(c, j + 2, &y);
        if (!k)
            return 0;
        p->kind = P_ABS;
        p->y = y;
        p->q = TK(j + 1).val;
        p->prec = CHR_PREC_QUARTER;
        return 2 + k;
    }
    /* "third-quarter loss", "its fourth quarter" */
    if (is_cls(c, j, C_ORDW) && TK(j).val <= 4 && is_p(c, j + 1, '-') && TK(j + 1).adj &&
        is_cls(c, j + 2, C_UNIT) && TK(j + 2).val == U_QUARTER && TK(j + 2).adj) {
        p->kind = P_ABS;
        p->q = TK(j).val;
        p->prec = CHR_PREC_QUARTER;
        return 3;
    }
    /* "fourth quarter results": an ordinal quarter on its own ("its" and
     * "the" are not in the span) */
    if (is_cls(c, j, C_ORDW) && TK(j).val <= 4 && !TK(j).cap && is_cls(c, j + 1, C_UNIT) &&
        TK(j + 1).val == U_QUARTER && !TK(j + 1).plural && !(j > 0 && is_kw(c, j - 1, K_THE))) {
        p->kind = P_ABS;
        p->q = TK(j).val;
        p->prec = CHR_PREC_QUARTER;
        return 2;
    }
    if ((is_word(c, j, "its") || is_word(c, j, "their") || is_word(c, j, "our")) &&
        is_cls(c, j + 1, C_ORDW) && TK(j + 1).val <= 4 && is_cls(c, j + 2, C_UNIT) &&
        TK(j + 2).val == U_QUARTER) {
        p->kind = P_ABS;
        p->q = TK(j + 1).val;
        p->prec = CHR_PREC_QUARTER;
        return 3;
    }
    if (is_kw(c, j, K_THE) && is_cls(c, j + 1, C_ORDW) && TK(j + 1).val <= 4 &&
        (is_cls(c, j + 2, C_UNIT) && TK(j + 2).val == U_QUARTER)) {
        size_t k = 0;
        if (is_kw(c, j + 3, K_OF) && tag_year_tok(c, j + 4)) {
            y = TK(j + 4).val;
            k = 2;
        } else {
            y = -1;
        }
        p->kind = P_ABS;
        p->y = y;
        p->q = TK(j + 1).val;
        p->prec = CHR_PREC_QUARTER;
        return 3 + k;
    }
    /* "the first half of 1989"; "the last (latter) half of 1989" is the
     * second */
    int last_half = is_kw(c, j + 1, K_LAST) || is_word(c, j + 1, "latter");
    if (is_kw(c, j, K_THE) && ((is_cls(c, j + 1, C_ORDW) && TK(j + 1).val <= 2) || last_half) &&
        is_kw(c, j + 2, K_HALF) && is_kw(c, j + 3, K_OF) && tag_year_tok(c, j + 4)) {
        p->kind = P_ABS;
        p->y = TK(j + 4).val;
        p->half = last_half ? 2 : TK(j + 1).val;
        p->prec = CHR_PREC_HALF;
        return 5;
    }
    int the = 0;
    if (is_kw(c, j, K_THE)) {
        the = 1;
        j++;
    }
    if (!is_cls(c, j, C_SEASON))
        return 0;
    int s = TK(j).val;
    int fall = is_word(c, j, "fall");
    size_t k = tag_year_after(c, j + 1, &y);
    if (k) {
        p->kind = P_ABS;
        p->y = y;
        p->season = s;
        p->prec = CHR_PREC_SEASON;
        return j + 1 + k - i;
    }
    /* "the summer house", "spring water", "the fall of the regime": a
     * season naming a thing, not a time */
    if (!tag_function_word(c, j + 1) || (is_kw(c, j + 1, K_OF) && !tag_year_tok(c, j + 2)))
        return 0;
    /* "the summer", "in summer": the season nearest the DCT */
    if (fall && !the)
        return 0;
    if (!the && !tag_date_context(c, j))
        return 0;
    if (the && !(tag_date_context(c, i) || (i > 0 && is_kw(c, i - 1, K_AFTER))))
        return 0;
    p->kind = P_ABS;
    p->season = s;
    p->prec = CHR_PREC_SEASON;
    return j + 1 - i;
}


/* "Christmas", "Christmas Eve", "Thanksgiving Day", "Easter Sunday",
 * "Valentine's Day", "Halloween", with an optional year. */
size_t tag_rule_holiday(const ctx *c, size_t i, proto *p)
{
    if (!is_cls(c, i, C_HOLIDAY) || !TK(i).cap)
        return 0;
    int h = TK(i).val;
    size_t j = i + 1;
    int eve = 0;
    if (h == H_VALENTINE) {
        if (!(is_p(c, j, '\'') && TK(j).adj && is_word(c, j + 1, "s") && is_word(c, j + 2, "day")))
            return 0;
        j += 3;
    } else if (is_word(c, j, "day") || (h == H_EASTER && is_word(c, j, "sunday"))) {
        j++;
    } else if (h == H_CHRISTMAS && is_word(c, j, "eve")) {
        eve = 1;
        j++;
    } else if (IN(j) && TK(j).kind == T_WORD && TK(j).cap && TK(j).cls == C_NONE && !TK(j).nl) {
        return 0;  /* "Christmas Island", "Easter Rising": a name */
    }
    p->kind = P_ABS;
    p->holiday = h;
    p->prec = CHR_PREC_DAY;
    /* a representative day for choosing the year by tense */
    p->m = h == H_VALENTINE ? 2 : h == H_EASTER ? 4 : h == H_HALLOWEEN ? 10 : h == H_THANKSGIVING ? 11 : 12;
    p->d = h == H_CHRISTMAS ? 25 - eve : h == H_VALENTINE ? 14 : h == H_HALLOWEEN ? 31 : 1;
    int y;
    size_t k = tag_year_after(c, j, &y);
    if (k) {
        p->y = y;
        j += k;
    }
    return j - i;
}

/* Years in words, as transcripts of broadcasts write them: "nineteen
 * ninety-six", "two thousand", "the year two thousand". */
size_t tag_rule_spelled_year(const ctx *c, size_t i, proto *p)
{
    size_t j = i;
    if (is_kw(c, j, K_THE) && is_cls(c, j + 1, C_UNIT) && TK(j + 1).val == U_YEAR &&
        !TK(j + 1).plural)
        j += 2;
    if (!is_cls(c, j, C_NUMW))
        return 0;
    int y = -1;
    if (TK(j).val == 19 && is_cls(c, j + 1, C_NUMW) && TK(j + 1).val >= 10) {
        int rest;
        int k = tag_num_at(c, j + 1, &rest);
        if (k == 0 || rest < 10 || rest > 99)
            return 0;
        y = 1900 + rest;
        j += 1 + (size_t)k;
    } else if (TK(j).val == 2 && is_kw(c, j + 1, K_THOUSAND)) {
        y = 2000;
        j += 2;
        size_t k = is_kw(c, j, K_AND) ? j + 1 : j;
        int rest;
        int n = is_cls(c, k, C_NUMW) ? tag_num_at(c, k, &rest) : 0;
        if (n && rest < 100) {
            y += rest;
            j = k + (size_t)n;
        }
    } else {
        return 0;
    }
    p->kind = P_ABS;
    p->y = y;
    p->prec = CHR_PREC_YEAR;
    return j - i;
}

/* "the 20th century", "the twentieth century", "19th-century". */
size_t tag_rule_century(const ctx *c, size_t i, proto *p)
{
    size_t j = i;
    if (is_kw(c, j, K_THE))
        j++;
    int n = 0;
    if (tag_plain_num(c, j) && TK(j).ndig <= 2 && IN(j + 1) && TK(j + 1).adj &&
        (is_word(c, j + 1, "th") || is_word(c, j + 1, "st") || is_word(c, j + 1, "nd") ||
         is_word(c, j + 1, "rd"))) {
        n = TK(j).val;
        j += 2;
    } else if (is_cls(c, j, C_ORDW)) {
        n = TK(j).val;
        j++;
        /* "twenty-first" */
        if (n == 20 && is_p(c, j, '-') && TK(j).adj && is_cls(c, j + 1, C_ORDW) &&
            TK(j + 1).val < 10) {
            n += TK(j + 1).val;
            j += 2;
        }
    } else {
        return 0;
    }
    if (is_p(c, j, '-') && TK(j).adj)
        j++;
    if (!(is_cls(c, j, C_UNIT) && TK(j).val == U_CENTURY && !TK(j).plural) || n < 1 || n > 30)
        return 0;
    p->kind = P_ABS;
    p->century = (n - 1) * 100;
    p->prec = CHR_PREC_CENTURY;
    return j + 1 - i;
}
