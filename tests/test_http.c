/* test_http.c - HTTP dates, If-None-Match matching, Accept-Encoding. */
#include <string.h>

#include <criterion/criterion.h>

#include "chronicle/http.h"

static const struct {
    int64_t t;
    const char *text;
} dates[] = {
    {0, "Thu, 01 Jan 1970 00:00:00 GMT"},
    {784111777, "Sun, 06 Nov 1994 08:49:37 GMT"},
    {1551830400, "Wed, 06 Mar 2019 00:00:00 GMT"},
    {951782400, "Tue, 29 Feb 2000 00:00:00 GMT"},
    {4102444799, "Thu, 31 Dec 2099 23:59:59 GMT"},
};

Test(http, formats_and_parses_imf_fixdate)
{
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        char buf[CHR_HTTP_DATE_SIZE];
        chr_http_date_format(dates[i].t, buf);
        cr_expect_str_eq(buf, dates[i].text, "row %zu", i);
        int64_t t = -1;
        cr_expect_eq(chr_http_date_parse(dates[i].text, &t), 0, "row %zu", i);
        cr_expect_eq(t, dates[i].t, "row %zu", i);
    }
}

static const struct {
    const char *text;
    int64_t want;           /* -1: must not parse */
} parse_rows[] = {
    {"Sunday, 06-Nov-94 08:49:37 GMT", 784111777},
    {"Sun Nov  6 08:49:37 1994", 784111777},
    {"Wed Mar 13 10:00:00 2019", 1552471200},
    {"Sun, 06 Nov 1994 08:49:37 UTC", -1},
    {"Sun, 6 Nov 1994 08:49:37 GMT", -1},
    {"Sun, 31 Feb 1994 08:49:37 GMT", -1},
    {"Sun, 06 Nov 1994 24:00:00 GMT", -1},
    {"Sun, 06 Nov 1994 08:49:37 GMT trailing", -1},
    {"", -1},
    {"yesterday", -1},
    {"Sun, 06 Nov 1994", -1},
    {"Sun, 06 Foo 1994 08:49:37 GMT", -1},
};

Test(http, parses_the_obsolete_forms_and_rejects_junk)
{
    for (size_t i = 0; i < sizeof parse_rows / sizeof parse_rows[0]; i++) {
        int64_t t = 0;
        int rc = chr_http_date_parse(parse_rows[i].text, &t);
        if (parse_rows[i].want < 0) {
            cr_expect_neq(rc, 0, "row %zu '%s' parsed", i, parse_rows[i].text);
        } else {
            cr_expect_eq(rc, 0, "row %zu '%s'", i, parse_rows[i].text);
            cr_expect_eq(t, parse_rows[i].want, "row %zu", i);
        }
    }
    int64_t t;
    cr_expect_neq(chr_http_date_parse(NULL, &t), 0);
}

static const struct {
    const char *field, *etag;
    int want;
} etags[] = {
    {"\"abc\"", "\"abc\"", 1},
    {"W/\"abc\"", "\"abc\"", 1},
    {"\"x\", \"abc\"", "\"abc\"", 1},
    {"\"x\",W/\"abc\"", "\"abc\"", 1},
    {"*", "\"abc\"", 1},
    {" * ", "\"abc\"", 1},
    {"\"abcd\"", "\"abc\"", 0},
    {"\"ab\"", "\"abc\"", 0},
    {"abc", "\"abc\"", 0},
    {"\"abc", "\"abc\"", 0},
    {"\"abc-gz\"", "\"abc\"", 0},
    {"\"abc\"", "\"abc-gz\"", 0},
    {"", "\"abc\"", 0},
    {"\"x\" junk, \"abc\"", "\"abc\"", 0},
    {"*, \"x\"", "\"abc\"", 0},
};

Test(http, matches_if_none_match_weakly)
{
    for (size_t i = 0; i < sizeof etags / sizeof etags[0]; i++)
        cr_expect_eq(chr_http_etag_match(etags[i].field, etags[i].etag),
                     etags[i].want, "row %zu: %s vs %s", i, etags[i].field,
                     etags[i].etag);
    cr_expect_eq(chr_http_etag_match(NULL, "\"abc\""), 0);
}

static const struct {
    const char *field;
    int want;
} encodings[] = {
    {"gzip", 1},
    {"GZIP", 1},
    {"gzip, deflate, br", 1},
    {"deflate, gzip;q=0.5", 1},
    {"br;q=1.0, gzip;q=0.8, *;q=0.1", 1},
    {"x-gzip", 1},
    {"*", 1},
    {"*;q=0", 0},
    {"gzip;q=0", 0},
    {"gzip;q=0.000", 0},
    {"gzip;q=0.001", 1},
    {"gzip;q=0, *", 0},
    {"identity", 0},
    {"deflate, br", 0},
    {"", 0},
    {"gzipx", 0},
    {"gzip;q=2", 0},
    {"gzip ; q=1", 1},
};

Test(http, negotiates_gzip)
{
    for (size_t i = 0; i < sizeof encodings / sizeof encodings[0]; i++)
        cr_expect_eq(chr_http_accepts_gzip(encodings[i].field),
                     encodings[i].want, "row %zu '%s'", i, encodings[i].field);
    cr_expect_eq(chr_http_accepts_gzip(NULL), 0);
}
