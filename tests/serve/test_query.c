/* test_query.c - version numbers and single parameters of a raw query. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "chronicle/query.h"

static const struct {
    const char *text;
    size_t len;                 /* 0: strlen(text) */
    int ok;
    uint64_t want;
} numbers[] = {
    {"1", 0, 1, 1}, {"42", 0, 1, 42}, {"999999999999", 0, 1, 999999999999ull},
    {"12", 1, 1, 1}, {"0", 0, 0, 0}, {"007", 0, 0, 0}, {"-1", 0, 0, 0},
    {"+1", 0, 0, 0}, {"1e3", 0, 0, 0}, {"", 0, 0, 0},
    {"1000000000000", 0, 0, 0}, {"12 ", 0, 0, 0}, {"%31", 0, 0, 0},
    {"\xc2\xb9", 0, 0, 0}, {"1\0", 2, 0, 0},
};

Test(query, parses_version_numbers)
{
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        uint64_t v = 0;
        size_t len = numbers[i].len ? numbers[i].len : strlen(numbers[i].text);
        int rc = chr_query_parse_number(numbers[i].text, len, &v);
        cr_expect_eq(rc == 0, numbers[i].ok, "row %zu '%s'", i, numbers[i].text);
        if (numbers[i].ok)
            cr_expect_eq(v, numbers[i].want, "'%s'", numbers[i].text);
        else
            cr_expect_eq(v, 0, "'%s': output touched", numbers[i].text);
    }
    uint64_t v = 7;
    cr_expect_eq(chr_query_parse_number(NULL, 0, &v), CHR_EINVAL);
    cr_expect_eq(v, 7);
}

static const struct {
    const char *query, *name, *value, *rest;
    int rc;
    size_t offset;              /* of the second one, when refused */
} params[] = {
    {"", "version", NULL, "", 0, 0},
    {"version=3", "version", "3", "", 0, 0},
    {"type=ban&version=3&from=2019", "version", "3", "type=ban&from=2019", 0, 0},
    {"versions=3", "version", NULL, "versions=3", 0, 0},
    {"versio=3&xversion=3", "version", NULL, "versio=3&xversion=3", 0, 0},
    {"version=", "version", "", "", 0, 0},
    {"version", "version", "", "", 0, 0},
    {"a=1&&version=2&", "version", "2", "a=1", 0, 0},
    {"version=a=b", "version", "a=b", "", 0, 0},
    {"version=1&version=2", "version", NULL, NULL, CHR_EINVAL, 10},
    {"version&version=2", "version", NULL, NULL, CHR_EINVAL, 8},
    {"from=1&to=2&from=3", "from", NULL, NULL, CHR_EINVAL, 12},
};

Test(query, takes_one_parameter_out_of_a_query)
{
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        const char *v;
        size_t vlen;
        char *rest = NULL;
        chr_error err = {0};
        int rc = chr_query_take_param(params[i].query, strlen(params[i].query),
                                      params[i].name, &v, &vlen, &rest, &err);
        cr_expect_eq(rc, params[i].rc, "'%s'", params[i].query);
        if (rc != 0) {
            cr_expect_str_eq(err.file, params[i].name);
            cr_expect_eq(err.offset, params[i].offset, "'%s'", params[i].query);
            cr_expect_null(rest);
            cr_expect_null(v);
            continue;
        }
        if (params[i].value == NULL) {
            cr_expect_null(v, "'%s'", params[i].query);
        } else {
            cr_assert_not_null(v, "'%s'", params[i].query);
            cr_expect_eq(vlen, strlen(params[i].value), "'%s'", params[i].query);
            cr_expect_eq(strncmp(v, params[i].value, vlen), 0, "'%s'", params[i].query);
        }
        cr_expect_str_eq(rest, params[i].rest, "'%s'", params[i].query);
        free(rest);
    }
}

static const struct {
    const char *query;
    int has;
} wanted[] = {
    {"version=2", 1}, {"version", 1}, {"version&type=ban", 1},
    {"type=ban&version=", 1}, {"", 0}, {"versions=2", 0}, {"xversion=2", 0},
    {"type=version", 0}, {"q=a&version2=1", 0}, {"&&version", 1},
};

Test(query, finds_a_parameter_by_name)
{
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++)
        cr_expect_eq(chr_query_has_param(wanted[i].query, "version"), wanted[i].has,
                     "'%s'", wanted[i].query);
    cr_expect_eq(chr_query_has_param(NULL, "version"), 0);
}
