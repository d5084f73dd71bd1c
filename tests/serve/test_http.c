/* test_http.c - HTTP dates, If-None-Match matching, Accept-Encoding,
 * error bodies. */
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <jansson.h>

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

static const struct {
    int status;
    const char *param, *msg;
    const char *want;           /* the whole body */
} errors[] = {
    {400, "from", "expected a TIMEX3 date",
     "{\"error\":{\"status\":400,\"param\":\"from\",\"message\":\"expected a TIMEX3 date\"}}\n"},
    {404, NULL, "no such resource",
     "{\"error\":{\"status\":404,\"param\":null,\"message\":\"no such resource\"}}\n"},
    {500, NULL, NULL,
     "{\"error\":{\"status\":500,\"param\":null,\"message\":\"\"}}\n"},
    {400, "q", "'a\"b\\c' \x01\x1f\b\f\n\r\t\x7f/",
     "{\"error\":{\"status\":400,\"param\":\"q\",\"message\":"
     "\"'a\\\"b\\\\c' \\u0001\\u001F\\b\\f\\n\\r\\t\x7f/\"}}\n"},
    {400, "actor", "'M\xc3\xbcller' \xe2\x80\xa8 \xf0\x9f\x93\x85",
     "{\"error\":{\"status\":400,\"param\":\"actor\",\"message\":"
     "\"'M\xc3\xbcller' \xe2\x80\xa8 \xf0\x9f\x93\x85\"}}\n"},
    /* a message cut inside a UTF-8 sequence, and bytes that are no UTF-8 */
    {400, "doc\xff", "cut \xc3",
     "{\"error\":{\"status\":400,\"param\":\"doc\xef\xbf\xbd\",\"message\":"
     "\"cut \xef\xbf\xbd\"}}\n"},
    {400, "q", "\xed\xa0\x80 \xc0\xaf",
     "{\"error\":{\"status\":400,\"param\":\"q\",\"message\":"
     "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd\"}}\n"},
};

Test(http, error_bodies_are_one_line_of_json)
{
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        size_t len = 0;
        char *b = chr_http_error_body(errors[i].status, errors[i].param, errors[i].msg,
                                      &len);
        cr_assert_not_null(b, "row %zu", i);
        cr_expect_str_eq(b, errors[i].want, "row %zu", i);
        cr_expect_eq(len, strlen(b), "row %zu", i);
        /* and a JSON parser reads back what was given */
        json_error_t je;
        json_t *v = json_loads(b, 0, &je);
        cr_assert_not_null(v, "row %zu: %s", i, je.text);
        json_t *e = json_object_get(v, "error");
        cr_expect_eq(json_integer_value(json_object_get(e, "status")), errors[i].status);
        if (errors[i].param == NULL)
            cr_expect(json_is_null(json_object_get(e, "param")), "row %zu", i);
        if (i < 5)
            cr_expect_str_eq(json_string_value(json_object_get(e, "message")),
                             errors[i].msg ? errors[i].msg : "", "row %zu", i);
        json_decref(v);
        free(b);
    }
    char *nolen = chr_http_error_body(400, "x", "y", NULL);
    cr_expect_not_null(nolen);
    free(nolen);
}
