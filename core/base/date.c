/* date.c - proleptic Gregorian day numbers and TIMEX3 values. */
#include <stdio.h>
#include <string.h>

#include "chronicle/date.h"
#include "chronicle/error.h"

/* Days from civil date, by shifting the year to start in March so the
 * leap day is the last day of the shifted year. */
int64_t chr_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void chr_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    /* the days of the 25 eras of 400 years from year 0, where dates are:
     * the same steps in 32-bit unsigned arithmetic, whose divisions by
     * constants are cheaper (every resolved date and every line's range
     * takes them) */
    if (z >= 0 && z < 25 * 146097) {
        uint32_t u = (uint32_t)z, era = u / 146097, doe = u - era * 146097;
        uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        uint32_t mp = (5 * doy + 2) / 153;
        *d = (int)(doy - (153 * mp + 2) / 5 + 1);
        *m = (int)(mp < 10 ? mp + 3 : mp - 9);
        *y = (int64_t)yoe + (int64_t)era * 400 + (*m <= 2);
        return;
    }
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int chr_days_in_month(int64_t y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return dm[m - 1] + (m == 2 && is_leap(y));
}

int chr_weekday(int64_t days)
{
    /* 1970-01-01 was a Thursday (4). */
    int64_t w = (days + 3) % 7;
    if (w < 0)
        w += 7;
    return (int)w + 1;
}

int64_t chr_iso_week_monday(int64_t wyear, int week)
{
    if (week < 1 || week > 53)
        return CHR_NO_DAY;
    int64_t jan4 = chr_days_from_civil(wyear, 1, 4);
    int64_t monday1 = jan4 - (chr_weekday(jan4) - 1);
    int64_t monday = monday1 + (int64_t)(week - 1) * 7;
    if (week == 53) {
        int64_t wy;
        int w;
        chr_iso_week(monday, &wy, &w);
        if (w != 53)
            return CHR_NO_DAY;
    }
    return monday;
}

void chr_iso_week(int64_t days, int64_t *wyear, int *week)
{
    int64_t y;
    int m, d;
    int64_t thursday = days + (4 - chr_weekday(days));
    chr_civil_from_days(thursday, &y, &m, &d);
    int64_t jan1 = chr_days_from_civil(y, 1, 1);
    *wyear = y;
    *week = (int)((thursday - jan1) / 7 + 1);
}

static void none(chr_date *out)
{
    memset(out, 0, sizeof *out);
    out->prec = CHR_PREC_NONE;
    out->first = out->last = CHR_NO_DAY;
    out->minute = -1;
}

static int fill(chr_date *out, chr_precision p, int64_t first, int64_t last)
{
    out->prec = p;
    out->first = first;
    out->last = last;
    out->minute = -1;
    return 0;
}

#define YEAR_OK(y) ((y) >= 1 && (y) <= 9999)

/* v in n decimal digits, zero-padded (v < 10^n), at o; returns the end.
 * By hand, not by snprintf: every resolved expression writes its value. */
static char *put_digits(char *o, unsigned v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        o[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return o + n;
}

/* "YYYY-MM-DD" of a valid day at o; returns the end. */
static char *put_ymd(char *o, int64_t y, int m, int d)
{
    o = put_digits(o, (unsigned)y, 4);
    *o++ = '-';
    o = put_digits(o, (unsigned)m, 2);
    *o++ = '-';
    return put_digits(o, (unsigned)d, 2);
}

int chr_date_day(chr_date *out, int64_t y, int m, int d)
{
    none(out);
    if (!YEAR_OK(y) || d < 1 || d > chr_days_in_month(y, m))
        return CHR_EINVAL;
    int64_t z = chr_days_from_civil(y, m, d);
    *put_ymd(out->value, y, m, d) = '\0';
    return fill(out, CHR_PREC_DAY, z, z);
}

int chr_date_minute(chr_date *out, int64_t y, int m, int d, int hh, int mm)
{
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || chr_date_day(out, y, m, d) != 0) {
        none(out);
        return CHR_EINVAL;
    }
    out->prec = CHR_PREC_MINUTE;
    out->minute = hh * 60 + mm;
    char *o = put_ymd(out->value, y, m, d);
    *o++ = 'T';
    o = put_digits(o, (unsigned)hh, 2);
    *o++ = ':';
    *put_digits(o, (unsigned)mm, 2) = '\0';
    return 0;
}

void chr_date_from_day(chr_date *out, int64_t days)
{
    int64_t y;
    int m, d;
    chr_civil_from_days(days, &y, &m, &d);
    if (chr_date_day(out, y, m, d) != 0)
        none(out);
}

int chr_date_week(chr_date *out, int64_t wyear, int week)
{
    none(out);
    if (!YEAR_OK(wyear))
        return CHR_EINVAL;
    int64_t mon = chr_iso_week_monday(wyear, week);
    if (mon == CHR_NO_DAY)
        return CHR_EINVAL;
    char *o = put_digits(out->value, (unsigned)wyear, 4);
    *o++ = '-';
    *o++ = 'W';
    *put_digits(o, (unsigned)week, 2) = '\0';
    return fill(out, CHR_PREC_WEEK, mon, mon + 6);
}

int chr_date_month(chr_date *out, int64_t y, int m)
{
    none(out);
    if (!YEAR_OK(y) || m < 1 || m > 12)
        return CHR_EINVAL;
    char *o = put_digits(out->value, (unsigned)y, 4);
    *o++ = '-';
    *put_digits(o, (unsigned)m, 2) = '\0';
    return fill(out, CHR_PREC_MONTH, chr_days_from_civil(y, m, 1),
                chr_days_from_civil(y, m, chr_days_in_month(y, m)));
}

static int month_span(chr_date *out, chr_precision p, int64_t y, int m0,
                      int months, const char *suffix)
{
    int64_t first = chr_days_from_civil(y, m0, 1);
    int m1 = m0 + months; /* month after the span, may roll the year */
    int64_t y1 = y + (m1 - 1) / 12;
    m1 = (m1 - 1) % 12 + 1;
    int64_t last = chr_days_from_civil(y1, m1, 1) - 1;
    char *o = put_digits(out->value, (unsigned)y, 4);
    *o++ = '-';
    memcpy(o, suffix, strlen(suffix) + 1);
    return fill(out, p, first, last);
}

int chr_date_quarter(chr_date *out, int64_t y, int q)
{
    none(out);
    if (!YEAR_OK(y) || q < 1 || q > 4)
        return CHR_EINVAL;
    char s[4] = {'Q', (char)('0' + q), 0, 0};
    return month_span(out, CHR_PREC_QUARTER, y, 3 * q - 2, 3, s);
}

int chr_date_half(chr_date *out, int64_t y, int h)
{
    none(out);
    if (!YEAR_OK(y) || h < 1 || h > 2)
        return CHR_EINVAL;
    char s[4] = {'H', (char)('0' + h), 0, 0};
    return month_span(out, CHR_PREC_HALF, y, 6 * h - 5, 6, s);
}

/* Meteorological seasons (northern hemisphere): spring Mar-May, summer
 * Jun-Aug, autumn Sep-Nov, winter Dec-Feb (the winter of 2019 starts in
 * December 2019). */
int chr_date_season(chr_date *out, int64_t y, int season)
{
    static const char *names[] = {"SP", "SU", "FA", "WI"};
    none(out);
    if (!YEAR_OK(y) || season < 1 || season > 4)
        return CHR_EINVAL;
    return month_span(out, CHR_PREC_SEASON, y, 3 * season, 3, names[season - 1]);
}

int chr_date_year(chr_date *out, int64_t y)
{
    none(out);
    if (!YEAR_OK(y))
        return CHR_EINVAL;
    *put_digits(out->value, (unsigned)y, 4) = '\0';
    return fill(out, CHR_PREC_YEAR, chr_days_from_civil(y, 1, 1),
                chr_days_from_civil(y, 12, 31));
}

int chr_date_decade(chr_date *out, int64_t y)
{
    none(out);
    if (!YEAR_OK(y) || y % 10 != 0 || y + 9 > 9999)
        return CHR_EINVAL;
    *put_digits(out->value, (unsigned)(y / 10), 3) = '\0';
    return fill(out, CHR_PREC_DECADE, chr_days_from_civil(y, 1, 1),
                chr_days_from_civil(y + 9, 12, 31));
}

int chr_date_century(chr_date *out, int64_t y)
{
    none(out);
    if (y < 0 || y % 100 != 0 || y + 99 > 9999)
        return CHR_EINVAL;
    *put_digits(out->value, (unsigned)(y / 100), 2) = '\0';
    return fill(out, CHR_PREC_CENTURY, chr_days_from_civil(y > 0 ? y : 1, 1, 1),
                chr_days_from_civil(y + 99, 12, 31));
}

static int digits(const char *s, size_t n, int64_t *v)
{
    if (n == 0)
        return 0;
    int64_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 1;
}

int chr_date_parse(const char *s, size_t len, chr_date *out)
{
    int64_t y, a, b, hh, mm;
    none(out);
    if (len == 2 && digits(s, 2, &y))
        return chr_date_century(out, y * 100) ? CHR_EPARSE : 0;
    if (len == 3 && digits(s, 3, &y))
        return chr_date_decade(out, y * 10) ? CHR_EPARSE : 0;
    if (len < 4 || !digits(s, 4, &y))
        return CHR_EPARSE;
    int rc = CHR_EINVAL;
    if (len == 4)
        rc = chr_date_year(out, y);
    else if (s[4] != '-')
        return CHR_EPARSE;
    else if (len == 7 && digits(s + 5, 2, &a))
        rc = chr_date_month(out, y, (int)a);
    else if (len == 8 && s[5] == 'W' && digits(s + 6, 2, &a))
        rc = chr_date_week(out, y, (int)a);
    else if (len == 11 && s[5] == 'W' && digits(s + 6, 2, &a) && memcmp(s + 8, "-WE", 3) == 0) {
        rc = chr_date_week(out, y, (int)a);
        if (rc == 0) {
            out->first += 5;  /* Saturday and Sunday of that ISO week */
            memcpy(out->value + 8, "-WE", 4);
        }
    }
    else if (len == 7 && s[5] == 'Q' && digits(s + 6, 1, &a))
        rc = chr_date_quarter(out, y, (int)a);
    else if (len == 7 && s[5] == 'H' && digits(s + 6, 1, &a))
        rc = chr_date_half(out, y, (int)a);
    else if (len == 7 && memcmp(s + 5, "SP", 2) == 0)
        rc = chr_date_season(out, y, 1);
    else if (len == 7 && memcmp(s + 5, "SU", 2) == 0)
        rc = chr_date_season(out, y, 2);
    else if (len == 7 && memcmp(s + 5, "FA", 2) == 0)
        rc = chr_date_season(out, y, 3);
    else if (len == 7 && memcmp(s + 5, "WI", 2) == 0)
        rc = chr_date_season(out, y, 4);
    else if (len >= 10 && digits(s + 5, 2, &a) && s[7] == '-' &&
             digits(s + 8, 2, &b)) {
        if (len == 10)
            rc = chr_date_day(out, y, (int)a, (int)b);
        else if (len == 16 && s[10] == 'T' && digits(s + 11, 2, &hh) &&
                 s[13] == ':' && digits(s + 14, 2, &mm))
            rc = chr_date_minute(out, y, (int)a, (int)b, (int)hh, (int)mm);
        else
            return CHR_EPARSE;
    } else
        return CHR_EPARSE;
    return rc == 0 ? 0 : CHR_EPARSE;
}

static const char *const prec_names[] = {
    "none", "century", "decade", "year", "half", "season",
    "quarter", "month", "week", "day", "minute"};

const char *chr_precision_name(chr_precision p)
{
    if ((unsigned)p > CHR_PREC_MINUTE)
        return "none";
    return prec_names[p];
}

int chr_precision_parse(const char *s, chr_precision *out)
{
    for (int i = CHR_PREC_CENTURY; i <= CHR_PREC_MINUTE; i++)
        if (strcmp(s, prec_names[i]) == 0) {
            *out = (chr_precision)i;
            return 0;
        }
    return CHR_EINVAL;
}

void chr_day_format(int64_t days, char buf[11])
{
    int64_t y;
    int m, d;
    chr_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        y = 0;
    /* by hand: every dated line of every output formats days */
    int yy = (int)y;
    buf[0] = (char)('0' + yy / 1000);
    buf[1] = (char)('0' + yy / 100 % 10);
    buf[2] = (char)('0' + yy / 10 % 10);
    buf[3] = (char)('0' + yy % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = '\0';
}

void chr_time_format(int64_t t, char buf[21])
{
    int64_t days = t / 86400, secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    char day[11];
    chr_day_format(days, day);
    snprintf(buf, 21, "%sT%02d:%02d:%02dZ", day, (int)(secs / 3600), (int)(secs / 60 % 60),
             (int)(secs % 60));
}

int64_t chr_time_parse(const char *s)
{
    if (s == NULL || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
        s[19] != 'Z')
        return CHR_NO_DAY;
    int64_t day = chr_day_parse(s, 10);
    if (day == CHR_NO_DAY)
        return CHR_NO_DAY;
    int v[3];
    for (int k = 0; k < 3; k++) {
        const char *p = s + 11 + 3 * k;
        if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
            return CHR_NO_DAY;
        v[k] = (p[0] - '0') * 10 + (p[1] - '0');
    }
    if (v[0] > 23 || v[1] > 59 || v[2] > 60)
        return CHR_NO_DAY;
    return day * 86400 + v[0] * 3600 + v[1] * 60 + v[2];
}

int64_t chr_day_parse(const char *s, size_t len)
{
    chr_date d;
    if (len != 10 || chr_date_parse(s, len, &d) != 0)
        return CHR_NO_DAY;
    return d.first;
}

int chr_date_cmp(const chr_date *a, const chr_date *b)
{
    if (a->first != b->first)
        return a->first < b->first ? -1 : 1;
    if (a->prec != b->prec)
        return a->prec > b->prec ? -1 : 1;
    if (a->minute != b->minute)
        return a->minute < b->minute ? -1 : 1;
    return strcmp(a->value, b->value);
}

int chr_date_compatible(const chr_date *a, const chr_date *b)
{
    if (a->prec == CHR_PREC_NONE || b->prec == CHR_PREC_NONE)
        return 0;
    return (a->first >= b->first && a->last <= b->last) ||
           (b->first >= a->first && b->last <= a->last);
}
