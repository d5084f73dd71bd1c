/* test_date.c - calendar arithmetic and TIMEX3 values. */
#include <criterion/criterion.h>
#include <string.h>

#include "chronicle/date.h"

static const struct {
    const char *value;
    const char *first, *last;
    chr_precision prec;
} parse_rows[] = {
    {"2019", "2019-01-01", "2019-12-31", CHR_PREC_YEAR},
    {"2019-03", "2019-03-01", "2019-03-31", CHR_PREC_MONTH},
    {"2020-02", "2020-02-01", "2020-02-29", CHR_PREC_MONTH},
    {"2019-W09", "2019-02-25", "2019-03-03", CHR_PREC_WEEK},
    {"2019-W01", "2018-12-31", "2019-01-06", CHR_PREC_WEEK},
    {"2020-W53", "2020-12-28", "2021-01-03", CHR_PREC_WEEK},
    {"2019-03-05", "2019-03-05", "2019-03-05", CHR_PREC_DAY},
    {"2019-03-05T14:46", "2019-03-05", "2019-03-05", CHR_PREC_MINUTE},
    {"2019-Q3", "2019-07-01", "2019-09-30", CHR_PREC_QUARTER},
    {"2019-H2", "2019-07-01", "2019-12-31", CHR_PREC_HALF},
    {"2019-SU", "2019-06-01", "2019-08-31", CHR_PREC_SEASON},
    {"2019-WI", "2019-12-01", "2020-02-29", CHR_PREC_SEASON},
    {"199", "1990-01-01", "1999-12-31", CHR_PREC_DECADE},
    {"20", "2000-01-01", "2099-12-31", CHR_PREC_CENTURY},
    {"2019-W10-WE", "2019-03-09", "2019-03-10", CHR_PREC_WEEK},
};

Test(date, parse_values_and_ranges)
{
    for (size_t i = 0; i < sizeof parse_rows / sizeof parse_rows[0]; i++) {
        chr_date d;
        const char *v = parse_rows[i].value;
        cr_assert_eq(chr_date_parse(v, strlen(v), &d), 0, "row %zu: %s does not parse", i, v);
        char a[11], b[11];
        chr_day_format(d.first, a);
        chr_day_format(d.last, b);
        cr_expect_str_eq(a, parse_rows[i].first, "row %zu %s first", i, v);
        cr_expect_str_eq(b, parse_rows[i].last, "row %zu %s last", i, v);
        cr_expect_eq(d.prec, parse_rows[i].prec, "row %zu %s precision", i, v);
        cr_expect_str_eq(d.value, v, "row %zu value round trip", i);
    }
}

Test(date, parse_rejects)
{
    static const char *bad[] = {"", "1", "2019-13", "2019-02-30", "2019-W54", "2019-W53",
                                "2019-Q5", "20190305", "2019-3-5", "abcd", "2019-03-05T25:00",
                                "2019-03-05 ", "0000", "2019-XX"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        chr_date d;
        cr_expect_neq(chr_date_parse(bad[i], strlen(bad[i]), &d), 0, "'%s' parsed", bad[i]);
    }
}

Test(date, calendar_arithmetic)
{
    cr_assert_eq(chr_days_from_civil(1970, 1, 1), 0);
    cr_assert_eq(chr_days_from_civil(2000, 3, 1), 11017);
    cr_assert_eq(chr_weekday(chr_days_from_civil(2019, 3, 6)), 3);  /* Wednesday */
    cr_assert_eq(chr_weekday(chr_days_from_civil(2019, 3, 22)), 5); /* Friday */
    for (int64_t z = -800000; z < 800000; z += 997) {
        int64_t y;
        int m, d;
        chr_civil_from_days(z, &y, &m, &d);
        cr_assert_eq(chr_days_from_civil(y, m, d), z);
    }
    int64_t wy;
    int w;
    chr_iso_week(chr_days_from_civil(2019, 3, 6), &wy, &w);
    cr_assert(wy == 2019 && w == 10);
    chr_iso_week(chr_days_from_civil(2021, 1, 1), &wy, &w);
    cr_assert(wy == 2020 && w == 53);
    cr_assert_eq(chr_days_in_month(1900, 2), 28);
    cr_assert_eq(chr_days_in_month(2000, 2), 29);
}

Test(date, order_and_compatibility)
{
    chr_date y, m, d, d2;
    chr_date_year(&y, 2019);
    chr_date_month(&m, 2019, 3);
    chr_date_day(&d, 2019, 3, 5);
    chr_date_day(&d2, 2019, 4, 5);
    cr_assert(chr_date_compatible(&y, &d));
    cr_assert(chr_date_compatible(&m, &d));
    cr_assert(!chr_date_compatible(&m, &d2));
    /* same start: finer first */
    chr_date m1, d1;
    chr_date_month(&m1, 2019, 3);
    chr_date_day(&d1, 2019, 3, 1);
    cr_assert_lt(chr_date_cmp(&d1, &m1), 0);
    cr_assert_lt(chr_date_cmp(&y, &m1), 0);
    chr_precision p;
    cr_assert_eq(chr_precision_parse("week", &p), 0);
    cr_assert_eq(p, CHR_PREC_WEEK);
    cr_assert_neq(chr_precision_parse("fortnight", &p), 0);
}
