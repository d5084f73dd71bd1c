/*
 * date.h - calendar values: a day range with a precision and its TIMEX3
 * value string.
 *
 * chr_date is a plain value (no pointers): copy it freely.  Days are
 * counted from 1970-01-01 (day 0) in the proleptic Gregorian calendar.
 */
#ifndef CHRONICLE_DATE_H
#define CHRONICLE_DATE_H

#include <stddef.h>
#include <stdint.h>

#define CHR_NO_DAY INT64_MIN

/* Ordered from coarse to fine: a larger value is more precise. */
typedef enum chr_precision {
    CHR_PREC_NONE = 0,
    CHR_PREC_CENTURY,
    CHR_PREC_DECADE,
    CHR_PREC_YEAR,
    CHR_PREC_HALF,      /* 2019-H1 */
    CHR_PREC_SEASON,    /* 2019-SU */
    CHR_PREC_QUARTER,   /* 2019-Q3 */
    CHR_PREC_MONTH,
    CHR_PREC_WEEK,      /* ISO week, 2019-W09 */
    CHR_PREC_DAY,
    CHR_PREC_MINUTE
} chr_precision;

typedef struct chr_date {
    int64_t first;          /* first day covered, inclusive */
    int64_t last;           /* last day covered, inclusive */
    int32_t minute;         /* minute of the day, CHR_PREC_MINUTE only */
    chr_precision prec;     /* CHR_PREC_NONE: no date */
    char value[24];         /* TIMEX3 value: 2019, 2019-03, 2019-W09 ... */
} chr_date;

/* Calendar arithmetic.  Months are 1..12, days 1..31. */
int64_t chr_days_from_civil(int64_t y, int m, int d);
void chr_civil_from_days(int64_t days, int64_t *y, int *m, int *d);
int chr_days_in_month(int64_t y, int m);
int chr_weekday(int64_t days);                     /* 1 = Monday .. 7 = Sunday */
void chr_iso_week(int64_t days, int64_t *wyear, int *week);
int64_t chr_iso_week_monday(int64_t wyear, int week); /* CHR_NO_DAY if bad */

/*
 * Constructors: fill *out and return 0, or return CHR_EINVAL (out is then
 * a CHR_PREC_NONE date) when the fields do not name a real calendar unit.
 * Years run from 1 to 9999.
 */
int chr_date_day(chr_date *out, int64_t y, int m, int d);
int chr_date_minute(chr_date *out, int64_t y, int m, int d, int hh, int mm);
int chr_date_week(chr_date *out, int64_t wyear, int week);
int chr_date_month(chr_date *out, int64_t y, int m);
int chr_date_quarter(chr_date *out, int64_t y, int q);
int chr_date_season(chr_date *out, int64_t y, int season); /* 1 SP,2 SU,3 FA,4 WI */
int chr_date_half(chr_date *out, int64_t y, int h);
int chr_date_year(chr_date *out, int64_t y);
int chr_date_decade(chr_date *out, int64_t decade_start);
int chr_date_century(chr_date *out, int64_t century_start);
void chr_date_from_day(chr_date *out, int64_t days);

/*
 * Parse a TIMEX3 value string of the forms above ("2019", "2019-03",
 * "2019-W09", "2019-03-05", "2019-03-05T14:46", "2019-Q3", "2019-SU",
 * "2019-H1", "201" for a decade, "20" for a century) of exactly len bytes.
 * Returns 0 or CHR_EPARSE.
 */
int chr_date_parse(const char *s, size_t len, chr_date *out);

/* Canonical names: "minute", "day", "week", "month", "quarter",
 * "season", "half", "year", "decade", "century"; "none". */
const char *chr_precision_name(chr_precision p);
/* Parse such a name; returns 0 or CHR_EINVAL. */
int chr_precision_parse(const char *s, chr_precision *out);

/* Writes the UTC time t (seconds since the epoch) as RFC 3339
 * "YYYY-MM-DDTHH:MM:SSZ" and a NUL into buf (at least 21 bytes). */
void chr_time_format(int64_t t, char buf[21]);

/* Parse exactly "YYYY-MM-DDTHH:MM:SSZ" (UTC); returns seconds since the
 * epoch, or CHR_NO_DAY for anything else (NULL included). */
int64_t chr_time_parse(const char *s);

/* Writes "YYYY-MM-DD" and a NUL into buf (at least 11 bytes). */
void chr_day_format(int64_t days, char buf[11]);
/* Parse exactly "YYYY-MM-DD"; returns the day or CHR_NO_DAY. */
int64_t chr_day_parse(const char *s, size_t len);

/* Total order used for sorting: first day, then finer precision first,
 * then value. */
int chr_date_cmp(const chr_date *a, const chr_date *b);

/* True when one range lies inside the other. */
int chr_date_compatible(const chr_date *a, const chr_date *b);

#endif
