/* test_jw.c - the streaming JSON writer writes the bytes jansson's
 * json_dumps writes for the same values, compact and indented: strings
 * with quotes, backslashes, every control character, non-ASCII text,
 * empty and nested containers, integers at their limits. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "render/jw_int.h"

static const char *const strings[] = {
    "", "plain", "quote \" and \\ backslash", "slash / stays",
    "tab\tnewline\ncr\rback\bform\f", "\x01\x02\x1f\x7f", "caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x93\x85",
    "</script>",
};

/* The same value built both ways: an object of every string, arrays
 * (empty, of integers, of objects), null, booleans. */
static json_t *tree(void)
{
    json_t *o = json_object(), *a = json_array(), *ints = json_array(), *objs = json_array();
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        json_array_append_new(a, json_string(strings[i]));
    json_object_set_new(o, "strings", a);
    json_object_set_new(o, "empty_array", json_array());
    json_object_set_new(o, "empty_object", json_object());
    const long long nums[] = {0, 1, -1, 4294967295LL, LLONG_MAX, LLONG_MIN};
    for (size_t i = 0; i < 6; i++)
        json_array_append_new(ints, json_integer(nums[i]));
    json_object_set_new(o, "ints", ints);
    for (int i = 0; i < 2; i++) {
        json_t *x = json_object();
        json_object_set_new(x, "n", json_null());
        json_object_set_new(x, "t", json_boolean(i));
        json_object_set_new(x, "key \"q\"\n", json_stringn("nul\0byte", 8));
        json_array_append_new(objs, x);
    }
    json_object_set_new(o, "objects", objs);
    return o;
}

static void stream(chr_jw *w)
{
    chr_jw_obj(w);
    chr_jw_key(w, "strings");
    chr_jw_arr(w);
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        chr_jw_str(w, strings[i]);
    chr_jw_arr_end(w);
    chr_jw_key(w, "empty_array");
    chr_jw_arr(w);
    chr_jw_arr_end(w);
    chr_jw_key(w, "empty_object");
    chr_jw_obj(w);
    chr_jw_obj_end(w);
    chr_jw_key(w, "ints");
    chr_jw_arr(w);
    const long long nums[] = {0, 1, -1, 4294967295LL, LLONG_MAX, LLONG_MIN};
    for (size_t i = 0; i < 6; i++)
        chr_jw_int(w, nums[i]);
    chr_jw_arr_end(w);
    chr_jw_key(w, "objects");
    chr_jw_arr(w);
    for (int i = 0; i < 2; i++) {
        chr_jw_obj(w);
        chr_jw_key(w, "n");
        chr_jw_null(w);
        chr_jw_key(w, "t");
        chr_jw_bool(w, i);
        chr_jw_key_text(w, "key \"q\"\n");
        chr_jw_strn(w, "nul\0byte", 8);
        chr_jw_obj_end(w);
    }
    chr_jw_arr_end(w);
    chr_jw_obj_end(w);
}

static void same_as_jansson(size_t flags, int indent)
{
    json_t *t = tree();
    char *want = json_dumps(t, flags);
    json_decref(t);
    cr_assert_not_null(want);
    chr_buf b = {0};
    chr_jw w;
    chr_jw_init(&w, &b, indent);
    stream(&w);
    cr_assert_eq(chr_jw_failed(&w), 0);
    cr_assert_eq(w.depth, 0);
    cr_expect_str_eq(b.p, want);
    free(b.p);
    free(want);
}

Test(jw, compact_as_jansson) { same_as_jansson(JSON_COMPACT, 0); }
Test(jw, indented_as_jansson) { same_as_jansson(JSON_INDENT(2), 2); }
Test(jw, indented_by_four_as_jansson) { same_as_jansson(JSON_INDENT(4), 4); }

Test(jw, a_string_that_is_not_utf8_fails)
{
    static const char *const bad[] = {"caf\xe9", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"};
    for (size_t i = 0; i < 4; i++) {
        chr_buf b = {0};
        chr_jw w;
        chr_jw_init(&w, &b, 0);
        chr_jw_arr(&w);
        chr_jw_str(&w, bad[i]);
        chr_jw_arr_end(&w);
        cr_expect_neq(chr_jw_failed(&w), 0, "string %zu", i);
        cr_expect_null(json_string(bad[i]), "jansson takes string %zu", i);
        free(b.p);
    }
}

Test(jw, nesting_past_the_limit_fails)
{
    chr_buf b = {0};
    chr_jw w;
    chr_jw_init(&w, &b, 0);
    for (int i = 0; i <= CHR_JW_MAX_DEPTH; i++)
        chr_jw_arr(&w);
    cr_expect_neq(chr_jw_failed(&w), 0);
    free(b.p);
}

/* Strings are read eight bytes at a time: a byte to escape (or a
 * non-ASCII letter) at every position of strings of 1 to 24 bytes, on
 * either side of each eight-byte boundary, is written as jansson writes
 * it. */
Test(jw, every_position_as_jansson)
{
    static const char special[] = {'"', '\\', '\n', '\x01', '\x1f', ' ', '~', '\x7f'};
    for (size_t len = 1; len <= 24; len++)
        for (size_t at = 0; at < len; at++)
            for (size_t k = 0; k < sizeof special; k++) {
                char s[32];
                memset(s, 'a', len);
                s[at] = special[k];
                /* a two-byte letter after it, where there is room */
                if (at + 3 <= len) {
                    s[at + 1] = '\xc3';
                    s[at + 2] = '\xa9';
                }
                json_t *j = json_stringn(s, len);
                cr_assert_not_null(j);
                char *want = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
                json_decref(j);
                chr_buf b = {0};
                chr_jw w;
                chr_jw_init(&w, &b, 0);
                chr_jw_strn(&w, s, len);
                cr_assert_eq(chr_jw_failed(&w), 0, "len %zu at %zu byte %zu", len, at, k);
                cr_expect_str_eq(b.p, want, "len %zu at %zu byte %zu", len, at, k);
                free(b.p);
                free(want);
            }
}

/* A byte that is no UTF-8 past the first eight fails as one before them. */
Test(jw, a_bad_byte_past_eight_fails)
{
    for (size_t at = 0; at < 20; at++) {
        char s[24];
        memset(s, 'x', sizeof s);
        s[at] = '\xe9';
        chr_buf b = {0};
        chr_jw w;
        chr_jw_init(&w, &b, 0);
        chr_jw_strn(&w, s, sizeof s);
        cr_expect_neq(chr_jw_failed(&w), 0, "bad byte at %zu", at);
        free(b.p);
    }
}
