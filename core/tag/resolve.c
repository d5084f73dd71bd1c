/*
 * resolve.c - a proto (what the text says) to a TIMEX3 value against the
 * DCT, the previous date of the narrative and the tense of the clause.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_int.h"
#include "chronicle/tag.h"
#include "lex/lex_int.h"
#include "tag/tag_int.h"


static void ymd(int64_t day, int64_t *y, int *m, int *d)
{
    chr_civil_from_days(day, y, m, d);
}

/* Month index (y*12 + m-1) arithmetic. */
static int64_t mindex(int64_t y, int m) { return y * 12 + (m - 1); }

/* Resolve a date in the year-less fields of p against anchor day a, with
 * tense: pick the year of a, then move a year back or forward when the
 * tense says the date is on the other side by more than two months, or
 * when, with no tense, another year is nearer.  News tells of the past
 * more than of the future, so with no tense a date up to eight months
 * back ("from $29.75 in March" in an October story) stays in the year of
 * the anchor, and one more than six months ahead moves back a year. */
#define PAST_MARGIN 61
#define AHEAD_LIMIT 183
#define BEHIND_LIMIT 240
static int64_t pick_year(const proto *p, int64_t anchor, int tense)
{
    int64_t ay;
    int am, ad;
    ymd(anchor, &ay, &am, &ad);
    int64_t best = ay;
    int64_t first, last;
    for (int pass = 0; pass < 1; pass++) {
        int m = p->m > 0 ? p->m : (p->season > 0 ? p->season * 3 : (p->q > 0 ? p->q * 3 - 2 : 1));
        int d = p->d > 0 ? p->d : 1;
        if (d > chr_days_in_month(ay, m))
            d = chr_days_in_month(ay, m);
        first = chr_days_from_civil(ay, m, d);
        int dl = p->d > 0 ? d : chr_days_in_month(ay, m);
        int ml = p->m > 0 ? p->m : (p->season > 0 ? p->season * 3 + 2 : (p->q > 0 ? p->q * 3 : 12));
        int64_t yl = ay + (ml > 12);
        if (ml > 12)
            ml -= 12;
        if (p->d <= 0)
            dl = chr_days_in_month(yl, ml);
        last = chr_days_from_civil(yl, ml, dl);
        if (tense < 0 && first > anchor + PAST_MARGIN)
            best = ay - 1;
        else if (tense > 0 && last < anchor)
            best = ay + 1;  /* "will recover in January", said in March */
        else if (tense == 0) {
            if (first > anchor + AHEAD_LIMIT)
                best = ay - 1;
            else if (last < anchor - BEHIND_LIMIT)
                best = ay + 1;
        }
    }
    return best;
}

/* Fill d from fully known calendar fields of p; 0 or -1. */
static int abs_date(const proto *p, int64_t y, chr_date *d)
{
    int rc;
    switch (p->prec) {
    case CHR_PREC_MINUTE:
        rc = chr_date_minute(d, y, p->m, p->d, p->hh, p->mm);
        break;
    case CHR_PREC_DAY:
        rc = chr_date_day(d, y, p->m, p->d);
        if (rc == 0 && p->hh >= 0)
            rc = chr_date_minute(d, y, p->m, p->d, p->hh, p->mm);
        break;
    case CHR_PREC_MONTH:
        rc = chr_date_month(d, y, p->m);
        break;
    case CHR_PREC_QUARTER:
        rc = chr_date_quarter(d, y, p->q);
        break;
    case CHR_PREC_HALF:
        rc = chr_date_half(d, y, p->half);
        break;
    case CHR_PREC_SEASON:
        rc = chr_date_season(d, y, p->season);
        break;
    case CHR_PREC_YEAR:
        rc = chr_date_year(d, y);
        break;
    case CHR_PREC_DECADE:
        rc = chr_date_decade(d, p->decade);
        break;
    case CHR_PREC_CENTURY:
        rc = chr_date_century(d, p->century);
        break;
    default:
        rc = -1;
    }
    return rc == 0 ? 0 : -1;
}

/* Shift the calendar unit containing day `a` by n units; the result has
 * the unit's precision. */
static int shift_unit(int64_t a, int unit, int n, chr_date *d)
{
    int64_t y, wy;
    int m, dd, w;
    ymd(a, &y, &m, &dd);
    switch (unit) {
    case U_DAY:
        chr_date_from_day(d, a + n);
        return d->prec ? 0 : -1;
    case U_WEEK:
    case U_FORTNIGHT:
        chr_iso_week(a + (int64_t)n * 7 * (unit == U_FORTNIGHT ? 2 : 1), &wy, &w);
        return chr_date_week(d, wy, w) ? -1 : 0;
    case U_WEEKEND: {
        /* the Saturday-Sunday of that week, as the ISO week "-WE" */
        chr_iso_week(a + (int64_t)n * 7, &wy, &w);
        if (chr_date_week(d, wy, w))
            return -1;
        d->first += 5;
        snprintf(d->value, sizeof d->value, "%04d-W%02d-WE", (int)wy, w);
        return 0;
    }
    case U_MONTH: {
        int64_t mi = mindex(y, m) + n;
        return chr_date_month(d, mi / 12, (int)(mi % 12) + 1) ? -1 : 0;
    }
    case U_QUARTER: {
        int64_t qi = y * 4 + (m - 1) / 3 + n;
        return chr_date_quarter(d, qi / 4, (int)(qi % 4) + 1) ? -1 : 0;
    }
    case U_YEAR:
        return chr_date_year(d, y + n) ? -1 : 0;
    case U_DECADE:
        return chr_date_decade(d, (y / 10 + n) * 10) ? -1 : 0;
    case U_CENTURY:
        return chr_date_century(d, (y / 100 + n) * 100) ? -1 : 0;
    case U_HOUR:
    case U_MINUTE:
    case U_SECOND:
        chr_date_from_day(d, a);
        return d->prec ? 0 : -1;
    }
    return -1;
}

/* The season containing day a, shifted by n seasons. */
static int shift_season(int64_t a, int season, int n, chr_date *d)
{
    int64_t y;
    int m, dd;
    ymd(a, &y, &m, &dd);
    /* December belongs to the winter of its own year; Jan-Feb to the
     * winter of the year before. */
    int cur = m == 12 ? 4 : m <= 2 ? 4 : (m / 3);
    int64_t cy = (m <= 2) ? y - 1 : y;
    int64_t idx = cy * 4 + (cur - 1);
    if (season > 0) {
        /* "this summer": the named season of the current year;
         * "last summer": the most recent one before now */
        int64_t base = cy * 4 + (season - 1);
        if (n < 0 && base >= idx)
            base -= 4;
        if (n > 0 && base <= idx)
            base += 4;
        idx = base;
    } else {
        idx += n;
    }
    return chr_date_season(d, idx / 4, (int)(idx % 4) + 1) ? -1 : 0;
}

/* The precision a unit of time names, and its length in days. */
static chr_precision unit_prec(int u)
{
    switch (u) {
    case U_SECOND: case U_MINUTE: case U_HOUR: return CHR_PREC_MINUTE;
    case U_DAY: return CHR_PREC_DAY;
    case U_WEEK: case U_WEEKEND: case U_FORTNIGHT: return CHR_PREC_WEEK;
    case U_MONTH: return CHR_PREC_MONTH;
    case U_QUARTER: return CHR_PREC_QUARTER;
    case U_SEASON: return CHR_PREC_SEASON;
    case U_YEAR: return CHR_PREC_YEAR;
    case U_DECADE: return CHR_PREC_DECADE;
    case U_CENTURY: return CHR_PREC_CENTURY;
    }
    return CHR_PREC_DAY;
}

static double unit_days(int u)
{
    switch (u) {
    case U_SECOND: return 1.0 / 86400;
    case U_MINUTE: return 1.0 / 1440;
    case U_HOUR: return 1.0 / 24;
    case U_DAY: return 1;
    case U_WEEK: case U_WEEKEND: return 7;
    case U_FORTNIGHT: return 14;
    case U_MONTH: return 30.436875;
    case U_QUARTER: case U_SEASON: return 91.310625;
    case U_YEAR: return 365.2425;
    case U_DECADE: return 3652.425;
    case U_CENTURY: return 36524.25;
    }
    return 1;
}

/* The calendar unit of precision prec that contains day z. */
static int date_at(int64_t z, chr_precision prec, chr_date *d)
{
    int64_t y, wy;
    int m, dd, w;
    ymd(z, &y, &m, &dd);
    switch (prec) {
    case CHR_PREC_MINUTE:
    case CHR_PREC_DAY:
        chr_date_from_day(d, z);
        return d->prec ? 0 : -1;
    case CHR_PREC_WEEK:
        chr_iso_week(z, &wy, &w);
        return chr_date_week(d, wy, w) ? -1 : 0;
    case CHR_PREC_MONTH:
        return chr_date_month(d, y, m) ? -1 : 0;
    case CHR_PREC_QUARTER:
        return chr_date_quarter(d, y, (m - 1) / 3 + 1) ? -1 : 0;
    case CHR_PREC_SEASON:
        /* December opens the winter of its year; January and February close
         * the winter of the year before */
        return chr_date_season(d, m <= 2 ? y - 1 : y, m == 12 || m <= 2 ? 4 : m / 3) ? -1 : 0;
    case CHR_PREC_HALF:
        return chr_date_half(d, y, m <= 6 ? 1 : 2) ? -1 : 0;
    case CHR_PREC_YEAR:
        return chr_date_year(d, y) ? -1 : 0;
    case CHR_PREC_DECADE:
        return chr_date_decade(d, y - y % 10) ? -1 : 0;
    case CHR_PREC_CENTURY:
        return chr_date_century(d, y - y % 100) ? -1 : 0;
    default:
        return -1;
    }
}


/* snprintf(dst, 24, "%s", src) without the formatting machinery: every
 * timex copies its value once. */
static void copy_value(char dst[24], const char *src)
{
    size_t n = strnlen(src, 23);
    memmove(dst, src, n);
    dst[n] = '\0';
}

static void set_value_from_date(chr_timex *tx)
{
    copy_value(tx->value, tx->date.value);
}

/* What a resolver did: the value is written (no calendar date), the date
 * is set (the value is the date's), or the match is dropped. */
enum { R_VALUE = 0, R_DATED = 1, R_DROP = -1 };

static int resolve_dur(const ctx *c, const proto *p, size_t a, size_t b, tag_state *st,
                       chr_timex *tx)
{
    (void)c, (void)a, (void)b, (void)st;
    tx->type = CHR_TX_DURATION;
    copy_value(tx->value, p->value);
    return R_VALUE;
}

static int resolve_set(const ctx *c, const proto *p, size_t a, size_t b, tag_state *st,
                       chr_timex *tx)
{
    (void)c, (void)a, (void)b, (void)st;
    tx->type = CHR_TX_SET;
    copy_value(tx->value, p->value);
    return R_VALUE;
}

static int resolve_vague(const ctx *c, const proto *p, size_t a, size_t b, tag_state *st,
                         chr_timex *tx)
{
    (void)c, (void)a, (void)b, (void)st;
    tx->flags |= CHR_TXF_VAGUE;
    tx->anchor = CHR_ANCHOR_DCT;
    copy_value(tx->value, p->value);
    return R_VALUE;
}

/* "a year ago", "a year earlier" after a quarter was named: results are
 * compared with the same quarter a year before. */
static int year_before_period(const tag_state *st, chr_timex *tx)
{
    int64_t y;
    int m, d;
    ymd(st->period.first, &y, &m, &d);
    tx->anchor = CHR_ANCHOR_PREVIOUS;
    return chr_date_quarter(&tx->date, y - 1, (m - 1) / 3 + 1) ? R_DROP : R_DATED;
}

/* The quarter a story reports on: the last one it named, else the last
 * quarter completed before the DCT. */
static int reported_quarter(const tag_state *st, int64_t y_given, chr_timex *tx)
{
    int64_t y;
    int m, d;
    if (st->have_period) {
        ymd(st->period.first, &y, &m, &d);
        tx->anchor = CHR_ANCHOR_PREVIOUS;
    } else if (st->dct != CHR_NO_DAY) {
        ymd(st->dct, &y, &m, &d);
        m -= 3;
        if (m < 1) {
            m += 12;
            y--;
        }
        tx->anchor = CHR_ANCHOR_DCT;
    } else if (y_given >= 0) {
        snprintf(tx->value, sizeof tx->value, "%04d-QX", (int)y_given);
        return R_VALUE;
    } else {
        tx->anchor = CHR_ANCHOR_NONE;
        snprintf(tx->value, sizeof tx->value, "XXXX-QX");
        return R_VALUE;
    }
    if (y_given >= 0) {
        y = y_given;
        tx->anchor = CHR_ANCHOR_ABSOLUTE;
    }
    return chr_date_quarter(&tx->date, y, (m - 1) / 3 + 1) ? R_DROP : R_DATED;
}

/* The month and day of holiday h in year y. */
static void holiday_day(int h, int64_t y, int *m, int *d)
{
    if (h == H_THANKSGIVING) {
        /* the fourth Thursday of November */
        int wd = chr_weekday(chr_days_from_civil(y, 11, 1));
        *m = 11;
        *d = 1 + (4 - wd + 7) % 7 + 21;
    } else if (h == H_EASTER) {
        /* the Gregorian computus (anonymous algorithm) */
        int64_t a = y % 19, b = y / 100, cc = y % 100, dd = b / 4, e = b % 4;
        int64_t f = (b + 8) / 25, g = (b - f + 1) / 3, hh = (19 * a + b - dd - g + 15) % 30;
        int64_t i = cc / 4, k = cc % 4, l = (32 + 2 * e + 2 * i - hh - k) % 7;
        int64_t mm = (a + 11 * hh + 22 * l) / 451;
        *m = (int)((hh + l - 7 * mm + 114) / 31);
        *d = (int)((hh + l - 7 * mm + 114) % 31 + 1);
    }
}

/* A holiday: its year as a bare day-month's, then its day in that year. */
static int resolve_holiday(const ctx *c, const proto *p, size_t a, size_t b, tag_state *st,
                           chr_timex *tx)
{
    proto q = *p;
    int64_t y = p->y;
    if (y < 0) {
        int64_t anchor = st->dct;
        tx->anchor = CHR_ANCHOR_DCT;
        if (anchor == CHR_NO_DAY && st->have_prev) {
            anchor = st->prev.first;
            tx->anchor = CHR_ANCHOR_PREVIOUS;
        }
        if (anchor == CHR_NO_DAY) {
            tx->anchor = CHR_ANCHOR_NONE;
            tx->flags |= CHR_TXF_GENERIC;
            snprintf(tx->value, sizeof tx->value, "XXXX-%02d-%02d", p->m, p->d);
            return R_VALUE;
        }
        y = pick_year(p, anchor, tag_clause_tense(c, a, b));
    }
    holiday_day(p->holiday, y, &q.m, &q.d);
    return abs_date(&q, y, &tx->date) != 0 ? R_DROP : R_DATED;
}

/* Calendar fields; a missing year comes from the DCT (or the previous
 * date after "then") and the tense of the clause. */
static int resolve_abs(const ctx *c, const proto *p, size_t a, size_t b, tag_state *st,
                       chr_timex *tx)
{
    if (p->period)
        return reported_quarter(st, p->y, tx);
    if (p->holiday)
        return resolve_holiday(c, p, a, b, st, tx);
    if (p->prec == CHR_PREC_DECADE && p->decade >= 0 && p->decade < 100) {
        /* "the nineties": of the DCT's century, unless that is still to come */
        int64_t anchor = st->dct != CHR_NO_DAY ? st->dct : st->have_prev ? st->prev.first
                                                                          : CHR_NO_DAY;
        if (anchor == CHR_NO_DAY) {
            tx->anchor = CHR_ANCHOR_NONE;
            snprintf(tx->value, sizeof tx->value, "XX%d", p->decade / 10);
            return R_VALUE;
        }
        int64_t y, start;
        int m, d;
        ymd(anchor, &y, &m, &d);
        start = y - y % 100 + p->decade;
        if (start > y)
            start -= 100;
        tx->anchor = st->dct != CHR_NO_DAY ? CHR_ANCHOR_DCT : CHR_ANCHOR_PREVIOUS;
        return chr_date_decade(&tx->date, start) ? R_DROP : R_DATED;
    }
    if (p->y >= 0 || p->prec == CHR_PREC_DECADE || p->prec == CHR_PREC_CENTURY)
        return abs_date(p, p->y, &tx->date) != 0 ? R_DROP : R_DATED;
    int64_t anchor = st->dct;
    tx->anchor = CHR_ANCHOR_DCT;
    if (p->then && st->have_prev) {
        anchor = st->prev.first;
        tx->anchor = CHR_ANCHOR_PREVIOUS;
    }
    if (anchor == CHR_NO_DAY && st->have_prev) {
        anchor = st->prev.first;
        tx->anchor = CHR_ANCHOR_PREVIOUS;
    } else if (anchor == CHR_NO_DAY) {
        static const char *const seasons[] = {"SP", "SU", "FA", "WI"};
        tx->anchor = CHR_ANCHOR_NONE;
        tx->flags |= CHR_TXF_GENERIC;
        if (p->prec == CHR_PREC_DAY || p->prec == CHR_PREC_MINUTE)
            snprintf(tx->value, sizeof tx->value, "XXXX-%02d-%02d", p->m, p->d);
        else if (p->prec == CHR_PREC_MONTH)
            snprintf(tx->value, sizeof tx->value, "XXXX-%02d", p->m);
        else if (p->prec == CHR_PREC_SEASON)
            snprintf(tx->value, sizeof tx->value, "XXXX-%s", seasons[p->season - 1]);
        else
            snprintf(tx->value, sizeof tx->value, "XXXX");
        return R_VALUE;
    }
    /* "then in May": after the previous date */
    int tense = p->then ? 1 : tag_clause_tense(c, a, b);
    int64_t y = pick_year(p, anchor, tense);
    return abs_date(p, y, &tx->date) != 0 ? R_DROP : R_DATED;
}

/* A clock time alone: on the DCT's day. */
static int resolve_time(const ctx *c, const proto *p, size_t a, size_t b, tag_state *st,
                        chr_timex *tx)
{
    (void)c, (void)a, (void)b;
    tx->type = CHR_TX_TIME;
    if (st->dct == CHR_NO_DAY) {
        tx->anchor = CHR_ANCHOR_NONE;
        snprintf(tx->value, sizeof tx->value, "XXXX-XX-XXT%02d:%02d", p->hh, p->mm);
        return R_VALUE;
    }
    int64_t y;
    int m, d;
    ymd(st->dct, &y, &m, &d);
    if (chr_date_minute(&tx->date, y, m, d, p->hh, p->mm) != 0)
        return R_DROP;
    tx->anchor = CHR_ANCHOR_DCT;
    return R_DATED;
}

/* The time of day of p, if any, on the day tx->date holds. */
static void add_clock(const proto *p, chr_timex *tx)
{
    if (p->hh < 0 || tx->date.prec != CHR_PREC_DAY)
        return;
    int64_t y;
    int m, d;
    ymd(tx->date.first, &y, &m, &d);
    chr_date_minute(&tx->date, y, m, d, p->hh, p->mm);
}

/* A weekday: the one before or after the DCT, by the direction the text
 * gives or the tense of the clause. */
static int resolve_weekday(const ctx *c, const proto *p, size_t a, size_t b, tag_state *st,
                           chr_timex *tx)
{
    int64_t dct = st->dct;
    if (dct == CHR_NO_DAY) {
        tx->anchor = CHR_ANCHOR_NONE;
        snprintf(tx->value, sizeof tx->value, "XXXX-WXX-%d", p->wday);
        return R_VALUE;
    }
    tx->anchor = CHR_ANCHOR_DCT;
    int dir = p->wdir;
    if (dir == 2)
        dir = tag_clause_tense(c, a, b);
    /* "Thursday's closing price": a day already had */
    if (p->wdir == 2 && is_p(c, b, '\'') && is_word(c, b + 1, "s") && TK(b).adj)
        dir = -1;
    int cur = chr_weekday(dct);
    int64_t back = dct - ((cur - p->wday + 7) % 7);       /* on or before */
    int64_t fwd = dct + ((p->wday - cur + 7) % 7);        /* on or after */
    int64_t day;
    if (p->wdir == -1)
        day = back == dct ? dct - 7 : back;
    else if (p->wdir == 1)
        day = fwd == dct ? dct + 7 : fwd;
    else if (p->wdir == 0)
        day = fwd;  /* "this Friday": the one of this week ahead */
    else if (dir > 0)
        day = fwd == dct ? dct + 7 : fwd;
    else if (dir < 0)
        day = back;
    else
        day = (dct - back) <= (fwd - dct) ? back : fwd;
    chr_date_from_day(&tx->date, day);
    add_clock(p, tx);
    return R_DATED;
}

/* The DCT's unit shifted: "last week", "next March", "this summer". */
static int resolve_dctrel(const ctx *c, const proto *p, size_t a, size_t b, tag_state *st,
                          chr_timex *tx)
{
    int64_t dct = st->dct;
    if (p->compare && st->have_period)
        return year_before_period(st, tx);
    if (dct == CHR_NO_DAY) {
        tx->anchor = CHR_ANCHOR_NONE;
        snprintf(tx->value, sizeof tx->value, "XXXX");
        return R_VALUE;
    }
    tx->anchor = CHR_ANCHOR_DCT;
    /* "June last year", "January this year" */
    if (p->unit == U_YEAR && p->m > 0) {
        int64_t y;
        int m, d;
        ymd(dct, &y, &m, &d);
        return chr_date_month(&tx->date, y + p->n, p->m) ? R_DROP : R_DATED;
    }
    if (p->unit == U_MONTH && p->m > 0) {
        /* last March / next March / this March */
        int64_t y;
        int m, d;
        ymd(dct, &y, &m, &d);
        int64_t yy = y;
        if (p->n < 0 && p->m >= m)
            yy = y - 1;
        else if (p->n > 0 && p->m <= m)
            yy = y + 1;
        return chr_date_month(&tx->date, yy, p->m) ? R_DROP : R_DATED;
    }
    if (p->unit == U_SEASON)
        return shift_season(dct, p->season, p->n, &tx->date) ? R_DROP : R_DATED;
    int n = p->n;
    /* "the weekend" told of on a weekday in the past tense: the last one */
    if (p->by_tense && chr_weekday(dct) < 6 && tag_clause_tense(c, a, b) < 0)
        n = -1;
    if (shift_unit(dct, p->unit, n, &tx->date))
        return R_DROP;
    /* "last year's third quarter", "last year's quarter" */
    if (p->unit == U_YEAR && (p->q > 0 || p->period)) {
        int64_t y;
        int m, d;
        ymd(tx->date.first, &y, &m, &d);
        if (p->period)
            return reported_quarter(st, y, tx);
        return chr_date_quarter(&tx->date, y, p->q) ? R_DROP : R_DATED;
    }
    add_clock(p, tx);
    return R_DATED;
}

/* The date the narrative refers back to: the previous date, else the
 * DCT; 0, or -1 when there is neither (tx then holds "XXXX"). */
static int narrative_base(const tag_state *st, chr_timex *tx, chr_date *base)
{
    if (st->have_prev) {
        *base = st->prev;
        tx->anchor = CHR_ANCHOR_PREVIOUS;
    } else if (st->dct != CHR_NO_DAY) {
        chr_date_from_day(base, st->dct);
        tx->anchor = CHR_ANCHOR_DCT;
    } else {
        tx->anchor = CHR_ANCHOR_NONE;
        snprintf(tx->value, sizeof tx->value, "XXXX");
        return -1;
    }
    return 0;
}

/* "that December", "that same month", "that day". */
static int resolve_prevref(const ctx *c, const proto *p, size_t a, size_t b, tag_state *st,
                           chr_timex *tx)
{
    (void)c, (void)a, (void)b;
    if (p->period)
        return reported_quarter(st, -1, tx);
    chr_date base;
    if (narrative_base(st, tx, &base) != 0)
        return R_VALUE;
    int64_t y;
    int m, d;
    ymd(base.first, &y, &m, &d);
    int rc;
    if (p->m > 0) {
        /* "that December": the December of the previous date's year */
        rc = chr_date_month(&tx->date, y, p->m);
    } else if (p->season > 0) {
        rc = chr_date_season(&tx->date, y, p->season);
    } else {
        chr_precision want = p->prec;
        if (want > base.prec)
            want = base.prec;  /* "that day" after "in 2018": the year */
        if (want >= CHR_PREC_DAY) {
            rc = chr_date_day(&tx->date, y, m, d);
        } else if (want == CHR_PREC_WEEK) {
            int64_t wy;
            int w;
            chr_iso_week(base.first, &wy, &w);
            rc = chr_date_week(&tx->date, wy, w);
        } else if (want >= CHR_PREC_MONTH) {
            rc = chr_date_month(&tx->date, y, m);
        } else {
            rc = chr_date_year(&tx->date, y);
        }
    }
    return rc ? R_DROP : R_DATED;
}

/* "a month later", "two days earlier", "the next day". */
static int resolve_prevrel(const ctx *c, const proto *p, size_t a, size_t b, tag_state *st,
                           chr_timex *tx)
{
    (void)c, (void)a, (void)b;
    if (p->compare && st->have_period)
        return year_before_period(st, tx);
    chr_date base;
    if (narrative_base(st, tx, &base) != 0)
        return R_VALUE;
    /* A unit finer than the previous date ("thirty days later" after "in
     * 2018", "two weeks later" after "in January", "48 hours later" after
     * a day): move the previous date (its middle, when it spans days) by
     * the real amount, then say the result at the previous date's
     * precision.  A unit as coarse or coarser ("a month later" after
     * December) shifts by whole units. */
    if (unit_prec(p->unit) > base.prec) {
        int64_t from = base.prec >= CHR_PREC_DAY ? base.first
                                                 : base.first + (base.last - base.first) / 2;
        double days = (double)p->n * unit_days(p->unit);
        int64_t moved = from + (int64_t)(days >= 0 ? days : -(-days));
        return date_at(moved, base.prec, &tx->date) != 0 ? R_DROP : R_DATED;
    }
    return shift_unit(base.first, p->unit, p->n, &tx->date) ? R_DROP : R_DATED;
}

typedef int (*resolver_fn)(const ctx *c, const proto *p, size_t a, size_t b, tag_state *st,
                           chr_timex *tx);

/* One resolver per kind of proto. */
static const resolver_fn resolvers[] = {
    [P_ABS] = resolve_abs,         [P_WEEKDAY] = resolve_weekday,
    [P_DCTREL] = resolve_dctrel,   [P_PREVREL] = resolve_prevrel,
    [P_PREVREF] = resolve_prevref, [P_DUR] = resolve_dur,
    [P_SET] = resolve_set,         [P_VAGUE] = resolve_vague,
    [P_TIME] = resolve_time,
};

int tag_resolve(const ctx *c, const proto *p, size_t a, size_t b, tag_state *st,
                chr_timex *tx)
{
    memset(&tx->date, 0, sizeof tx->date);
    tx->date.prec = CHR_PREC_NONE;
    tx->date.minute = -1;
    tx->type = CHR_TX_DATE;
    tx->mod = p->mod;
    tx->flags = p->flags;
    tx->anchor = CHR_ANCHOR_ABSOLUTE;
    if (p->kind <= 0 || (size_t)p->kind >= sizeof resolvers / sizeof resolvers[0] ||
        resolvers[p->kind] == NULL)
        return -1;
    int rc = resolvers[p->kind](c, p, a, b, st, tx);
    if (rc == R_DROP)
        return -1;
    if (rc == R_DATED && p->week_of && tx->date.prec == CHR_PREC_DAY &&
        date_at(tx->date.first, CHR_PREC_WEEK, &tx->date) != 0)
        return -1;
    if (rc == R_DATED) {
        if (tx->date.prec == CHR_PREC_MINUTE)
            tx->type = CHR_TX_TIME;
        set_value_from_date(tx);
    }
    return 0;
}
