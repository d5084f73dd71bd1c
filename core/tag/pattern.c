/*
 * pattern.c - the pieces the rules are made of: month, weekday, day,
 * clock and year tokens, numbers and units, and the context that makes a
 * bare month or year a date.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_int.h"
#include "chronicle/tag.h"
#include "lex/lex_int.h"
#include "tag/tag_int.h"

/* Words that can follow a date expression without making it a modifier
 * of a noun ("the summer there", "in 2019 when"). */
int tag_function_word(const ctx *c, size_t i)
{
    static const char *const fw[] = {
        "a", "an", "and", "or", "but", "in", "on", "at", "of", "to", "for", "with",
        "when", "as", "after", "before", "the", "will", "would", "is", "was", "are",
        "were", "there", "we", "they", "he", "she", "it", "i", "you", "that", "this",
        "by", "from", "until", "than", "while", "if", "so", "then", "has", "had",
        "have", "could", "can", "may", "might", "should", "must", "not", "already",
        "again", "too", "also", "alone", "only", "its", "their", "his", "her", "our"};
    if (!IN(i) || TK(i).kind != T_WORD)
        return 1;  /* punctuation, numbers and the end are fine */
    if (TK(i).cap || TK(i).cls == C_NUMW || TK(i).cls == C_KW)
        return 1;
    for (size_t k = 0; k < sizeof fw / sizeof fw[0]; k++)
        if (chr_tok_is(c->text, &TK(i), fw[k]))
            return 1;
    /* -ly adverbs and -ed/-ing verbs follow dates ("early 2019 helped") */
    size_t n = TK(i).e - TK(i).s;
    const char *e = c->text + TK(i).e;
    if (n > 3 && ((e[-2] == 'l' && e[-1] == 'y') || (e[-2] == 'e' && e[-1] == 'd') ||
                  (n > 4 && e[-3] == 'i' && e[-2] == 'n' && e[-1] == 'g')))
        return 1;
    return 0;
}

/* A capitalised month name, or an abbreviation (optionally with a dot).
 * Returns tokens used (0 if none). */
size_t tag_month_at(const ctx *c, size_t i, int *m)
{
    if (!IN(i) || TK(i).kind != T_WORD)
        return 0;
    if (TK(i).cls == C_MONTH && TK(i).cap) {
        *m = TK(i).val;
        return 1;
    }
    if (TK(i).cls == C_MONTH_AB && TK(i).cap) {
        *m = TK(i).val;
        return is_p(c, i + 1, '.') && TK(i + 1).adj ? 2 : 1;
    }
    return 0;
}

size_t tag_wday_at(const ctx *c, size_t i, int *wd)
{
    if (!IN(i) || !TK(i).cap)
        return 0;
    if (TK(i).cls == C_WDAY) {
        *wd = TK(i).val;
        return 1;
    }
    if (TK(i).cls == C_WDAY_AB) {
        *wd = TK(i).val;
        return is_p(c, i + 1, '.') && TK(i + 1).adj ? 2 : 1;
    }
    return 0;
}

int tag_plain_num(const ctx *c, size_t i)
{
    return IN(i) && TK(i).kind == T_NUM && !TK(i).grouped;
}

/* A four-digit year 1000..2199 that is a whole token. */
int tag_year_tok(const ctx *c, size_t i)
{
    return tag_plain_num(c, i) && TK(i).ndig == 4 && TK(i).val >= 1000 &&
           TK(i).val <= 2199 && !(IN(i + 1) && TK(i + 1).adj && TK(i + 1).kind != T_PUNCT);
}

/* Day number with an optional ordinal suffix ("5", "5th"). */
size_t tag_day_at(const ctx *c, size_t i, int *d)
{
    if (!tag_plain_num(c, i) || TK(i).ndig > 2 || TK(i).val < 1 || TK(i).val > 31)
        return 0;
    *d = TK(i).val;
    if (IN(i + 1) && TK(i + 1).adj && TK(i + 1).kind == T_WORD) {
        if (is_word(c, i + 1, "st") || is_word(c, i + 1, "nd") ||
            is_word(c, i + 1, "rd") || is_word(c, i + 1, "th"))
            return 2;
        return 0;  /* "5G", "3GPP" */
    }
    return 1;
}

/* Clock time at i: "16:05", "2:46 P.M.", "10:53AM", "10am", "10 a.m.",
 * "16:05:00 +1300", "noon".  Returns tokens used. */
size_t tag_clock_at(const ctx *c, size_t i, int *hh, int *mm)
{
    size_t j = i;
    if (is_p(c, j, '@'))
        j++;
    if (is_kw(c, j, K_NOON) || is_kw(c, j, K_MIDNIGHT)) {
        *hh = is_kw(c, j, K_NOON) ? 12 : 0;
        *mm = 0;
        return j + 1 - i;
    }
    if (!tag_plain_num(c, j) || TK(j).ndig > 2 || TK(j).val > 23)
        return 0;
    int h = TK(j).val, m = 0, have_colon = 0;
    j++;
    if (is_p(c, j, ':') && TK(j).adj && tag_plain_num(c, j + 1) && TK(j + 1).adj &&
        TK(j + 1).ndig == 2 && TK(j + 1).val < 60) {
        m = TK(j + 1).val;
        j += 2;
        have_colon = 1;
        if (is_p(c, j, ':') && TK(j).adj && tag_plain_num(c, j + 1) &&
            TK(j + 1).ndig == 2 && TK(j + 1).val < 61)
            j += 2;  /* seconds */
    }
    /* am / pm, "a.m." "p.m.", "A.M." */
    int ampm = 0;
    if (is_kw(c, j, K_AM) || is_kw(c, j, K_PM)) {
        ampm = is_kw(c, j, K_PM) ? 2 : 1;
        j++;
    } else if ((is_word(c, j, "a") || is_word(c, j, "p")) && is_p(c, j + 1, '.') &&
               is_word(c, j + 2, "m") && TK(j + 1).adj && TK(j + 2).adj) {
        ampm = is_word(c, j, "p") ? 2 : 1;
        j += 3;
        if (is_p(c, j, '.') && TK(j).adj)
            j++;
    }
    if (!have_colon && !ampm)
        return 0;
    if (ampm) {
        if (h < 1 || h > 12)
            return 0;
        if (ampm == 2 && h != 12)
            h += 12;
        if (ampm == 1 && h == 12)
            h = 0;
    }
    /* zone: "ET", "GMT", "+1300", "(UTC)" */
    if (is_kw(c, j, K_TZ) && TK(j).cap)
        j++;
    else if ((is_p(c, j, '+') || is_p(c, j, '-')) && tag_plain_num(c, j + 1) &&
             TK(j + 1).adj && TK(j + 1).ndig == 4)
        j += 2;
    *hh = h;
    *mm = m;
    return j - i;
}

/* Optional ", at 10am" / " @10:53AM" after a day date. */
size_t tag_time_after(const ctx *c, size_t j, proto *p)
{
    size_t k = j;
    if (is_p(c, k, ','))
        k++;
    if (is_kw(c, k, K_AT))
        k++;
    int hh, mm;
    size_t n = tag_clock_at(c, k, &hh, &mm);
    if (n == 0)
        return 0;
    p->hh = hh;
    p->mm = mm;
    p->prec = CHR_PREC_MINUTE;
    return k + n - j;
}

/* Numeric day-month order for a pair with no part above 12. */
int tag_dmy_order(const ctx *c)
{
    return c->order != CHR_ORDER_MDY;
}


/* Optional year after a month/day: ", 2019", " 2019", " of 2019". */
size_t tag_year_after(const ctx *c, size_t j, int *y)
{
    size_t k = j;
    if (is_p(c, k, ','))
        k++;
    else if (is_kw(c, k, K_OF))
        k++;
    if (tag_year_tok(c, k)) {
        *y = TK(k).val;
        return k + 1 - j;
    }
    /* "January nineteen ninety-seven" */
    proto q;
    proto_init(&q);
    size_t n = is_cls(c, k, C_NUMW) ? tag_rule_spelled_year(c, k, &q) : 0;
    if (n) {
        *y = q.y;
        return k + n - j;
    }
    return 0;
}

/* Words after which a bare month or year is a date ("in March",
 * "since 2011", "early 2019", "of 2018", "between 2016 and ..."). */
int tag_date_context(const ctx *c, size_t i)
{
    if (i == 0)
        return 0;
    const chr_tok *t = &TK(i - 1);
    if (t->cls == C_KW) {
        switch (t->val) {
        case K_IN: case K_ON: case K_SINCE: case K_UNTIL: case K_TILL:
        case K_BY: case K_DURING: case K_OF: case K_FROM: case K_TO:
        case K_THROUGH: case K_THROUGHOUT: case K_BEFORE: case K_AFTER:
        case K_BETWEEN: case K_AND: case K_OR: case K_FOR: case K_AROUND:
        case K_LAST: case K_NEXT: case K_THIS: case K_THAT: case K_THEN:
        case K_FISCAL: case K_EARLY: case K_LATE: case K_MID: case K_PRIOR:
        case K_AT: case K_THE:
            return 1;
        default:
            return 0;
        }
    }
    if (t->cls == C_PART)
        return 1;
    if (t->kind == T_PUNCT && (t->val == '(' || t->val == '-' || t->val == ','))
        return 1;
    if (t->kind == T_PUNCT && t->s + 3 == t->e)  /* en dash in "2016–2018" */
        return 1;
    if (t->kind == T_WORD && (chr_tok_is(c->text, t, "circa") ||
                              chr_tok_is(c->text, t, "year") ||
                              chr_tok_is(c->text, t, "as")))
        return 1;
    return 0;
}

/* Is the year at i used as a number rather than a date? */
int tag_year_is_number(const ctx *c, size_t i)
{
    if (i > 0) {
        const chr_tok *b = &TK(i - 1);
        const unsigned char *bu = (const unsigned char *)c->text + b->s;
        if (b->kind == T_PUNCT && (b->val == '$' || b->val == '#' || b->s + 2 == b->e ||
                                   (b->e - b->s == 3 && bu[0] == 0xE2 && bu[1] == 0x82)))
            return 1;  /* "$2019", "£2019", "€2019" (currency signs U+20A0..) */
        if (b->kind == T_WORD) {
            static const char *const before[] = {
                "no", "number", "iso", "rfc", "article", "art", "release",
                "version", "model", "room", "flight", "route", "page", "pp",
                "section", "chapter", "item", "code", "us", "usd", "eur",
                "gbp", "rs", "nr", "vol", "issue", "paragraph", "table",
                "figure", "fig", "step", "level", "unit", "suite", "box", "po"};
            for (size_t k = 0; k < sizeof before / sizeof before[0]; k++)
                if (chr_tok_is(c->text, b, before[k]))
                    return 1;
        }
        if (TK(i).adj && b->kind == T_WORD)
            return 1;  /* "RU2019" */
        /* "?year=2019", "27001:2013", "v_2019": glued to a code or URL */
        if (TK(i).adj && b->kind == T_PUNCT && (b->val == '=' || b->val == ':' || b->val == '_' ||
                                                b->val == '&' || b->val == '?' || b->val == '#'))
            return 1;
        /* "020 7946 2019": a run of numbers */
        if (b->kind == T_NUM && !TK(i).adj)
            return 1;
        /* "Windows 2000", "Office 2019": a product or a name, not a year */
        if (b->kind == T_WORD && b->cap && b->cls == C_NONE && !TK(i).adj && !TK(i).nl &&
            !(tag_is_dash(c, i + 1) && tag_year_tok(c, i + 2) && TK(i + 2).val > TK(i).val))
            return 1;
        if (TK(i).adj && i > 1 && (b->val == '-' || b->val == '/' || b->val == '.') &&
            TK(i - 1).adj && (TK(i - 2).kind == T_WORD || TK(i - 2).kind == T_NUM) &&
            !(b->val == '-' && TK(i - 2).kind == T_NUM && TK(i - 2).ndig == 4 &&
              TK(i - 2).val < TK(i).val))
            return 1;  /* "RU-2019", "ISO/2019", "13/13/2019"; not "2016-2018" */
    }
    if (IN(i + 1)) {
        const chr_tok *a = &TK(i + 1);
        if (a->kind == T_PUNCT && a->val == '%')
            return 1;
        /* "won by 2019 votes": a count of a plural noun, unless a
         * determiner makes the year a modifier ("the 2019 elections") */
        size_t an = a->e - a->s;
        int prep = i > 0 && TK(i - 1).cls == C_KW &&
                   (TK(i - 1).val == K_IN || TK(i - 1).val == K_SINCE || TK(i - 1).val == K_DURING ||
                    TK(i - 1).val == K_UNTIL || TK(i - 1).val == K_FROM || TK(i - 1).val == K_OF ||
                    TK(i - 1).val == K_BEFORE || TK(i - 1).val == K_AFTER || TK(i - 1).val == K_THROUGH);
        if (!prep && a->kind == T_WORD && !a->cap && an > 3 && c->text[a->e - 1] == 's' &&
            c->text[a->e - 2] != 's' && a->cls != C_UNIT &&
            !(i > 0 && TK(i - 1).kind == T_WORD &&
              (TK(i - 1).cls == C_KW ? (TK(i - 1).val == K_THE || TK(i - 1).val == K_A)
                                     : chr_tok_is(c->text, &TK(i - 1), "its") ||
                                           chr_tok_is(c->text, &TK(i - 1), "their"))))
            return 1;
        if (a->kind == T_WORD && (chr_tok_is(c->text, a, "percent") ||
                                  chr_tok_is(c->text, a, "per") ||
                                  chr_tok_is(c->text, a, "people") ||
                                  chr_tok_is(c->text, a, "employees") ||
                                  chr_tok_is(c->text, a, "units") ||
                                  chr_tok_is(c->text, a, "km") ||
                                  chr_tok_is(c->text, a, "miles") ||
                                  chr_tok_is(c->text, a, "meters") ||
                                  chr_tok_is(c->text, a, "dollars") ||
                                  chr_tok_is(c->text, a, "euros") ||
                                  chr_tok_is(c->text, a, "pounds") ||
                                  chr_tok_is(c->text, a, "yuan")))
            return 1;
        if (a->adj && a->kind == T_PUNCT && (a->val == '/' || a->val == '.' || a->val == ':') &&
            IN(i + 2) && TK(i + 2).adj && TK(i + 2).kind == T_NUM)
            return 1;  /* "2019/03" codes, "2019.5", "2019:1" */
        /* "2019-0042", "2019-13-01": a code or an impossible date, but
         * not the range "2016-2018" */
        if (a->adj && a->kind == T_PUNCT && a->val == '-' && IN(i + 2) && TK(i + 2).adj &&
            TK(i + 2).kind == T_NUM && !(TK(i + 2).ndig == 4 && TK(i + 2).val > TK(i).val))
            return 1;
    }
    return 0;
}

int tag_is_dash(const ctx *c, size_t i)
{
    if (!IN(i) || TK(i).kind != T_PUNCT)
        return 0;
    if (TK(i).val == '-')
        return 1;
    /* en dash U+2013 / em dash U+2014 */
    const unsigned char *u = (const unsigned char *)c->text + TK(i).s;
    return TK(i).e - TK(i).s == 3 && u[0] == 0xE2 && u[1] == 0x80 &&
           (u[2] == 0x93 || u[2] == 0x94);
}

int tag_num_at(const ctx *c, size_t i, int *v)
{
    if (!IN(i))
        return 0;
    if (tag_plain_num(c, i) && TK(i).ndig <= 4 && !(IN(i + 1) && TK(i + 1).adj &&
                                                TK(i + 1).kind == T_WORD)) {
        *v = TK(i).val;
        return 1;
    }
    if (TK(i).cls == C_NUMW) {
        *v = TK(i).val;
        /* "twenty-five", "twenty five" */
        if (is_p(c, i + 1, '-') && is_cls(c, i + 2, C_NUMW) && TK(i).val >= 20 &&
            TK(i).val % 10 == 0 && TK(i + 2).val < 10 && TK(i + 1).adj && TK(i + 2).adj) {
            *v += TK(i + 2).val;
            return 3;
        }
        if (is_cls(c, i + 1, C_NUMW) && TK(i).val >= 20 && TK(i).val % 10 == 0 &&
            TK(i + 1).val < 10 && !TK(i + 1).nl) {
            *v += TK(i + 1).val;
            return 2;
        }
        return 1;
    }
    if (is_kw(c, i, K_A) || is_kw(c, i, K_AN)) {
        *v = 1;
        return 1;
    }
    return 0;
}

int tag_unit_at(const ctx *c, size_t i, int *u)
{
    if (!is_cls(c, i, C_UNIT))
        return 0;
    *u = TK(i).val;
    return 1;
}

const char *tag_unit_code(int u, int *time)
{
    *time = 0;
    switch (u) {
    case U_SECOND: *time = 1; return "S";
    case U_MINUTE: *time = 1; return "M";
    case U_HOUR: *time = 1; return "H";
    case U_DAY: return "D";
    case U_WEEKEND: return "WE";
    case U_WEEK: return "W";
    case U_FORTNIGHT: return "W";
    case U_MONTH: return "M";
    case U_QUARTER: return "Q";
    case U_SEASON: return "M";
    case U_YEAR: return "Y";
    case U_DECADE: return "DE";
    case U_CENTURY: return "CE";
    }
    return "X";
}

void tag_dur_value(proto *p, int n, int u)
{
    int time;
    /* decades and centuries are counted in years ("two decades" P20Y), as
     * TimeBank writes them */
    if ((u == U_DECADE || u == U_CENTURY) && n >= 0) {
        n *= u == U_DECADE ? 10 : 100;
        u = U_YEAR;
    }
    const char *code = tag_unit_code(u, &time);
    if (u == U_FORTNIGHT && n >= 0)
        n *= 2;
    /* "P3D", "PT2H", "PXY": by hand, not by snprintf, as every duration
     * tried writes one (at most 2 + 10 + 2 bytes) */
    char *o = p->value;
    *o++ = 'P';
    if (time)
        *o++ = 'T';
    if (n < 0) {
        *o++ = 'X';
    } else {
        char digits[10];
        size_t k = sizeof digits;
        unsigned v = (unsigned)n;
        do {
            digits[--k] = (char)('0' + v % 10);
            v /= 10;
        } while (v > 0);
        memcpy(o, digits + k, sizeof digits - k);
        o += sizeof digits - k;
    }
    memcpy(o, code, strlen(code) + 1);
}

/* "morning", "afternoon", "evening", "night" at i: 1..4, or 0 */
int tag_pod_at(const ctx *c, size_t i)
{
    if (is_kw(c, i, K_MORNING)) return 1;
    if (is_kw(c, i, K_AFTERNOON)) return 2;
    if (is_kw(c, i, K_EVENING)) return 3;
    if (is_kw(c, i, K_NIGHT)) return 4;
    return 0;
}

