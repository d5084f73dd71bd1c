/* test_buf.c - the renderers' growing string and chr_squeeze, which
 * folds each run of white space to one space and drops it at both ends:
 * checked against a plain reference on every string of up to six bytes
 * over an alphabet of letters and all six white-space bytes. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf_int.h"

/* The reference: words joined by one space. */
static void squeeze_ref(const char *s, size_t len, char *out)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        while (i < len && strchr(" \t\n\r\f\v", s[i]) != NULL && s[i] != '\0')
            i++;
        if (i >= len)
            break;
        if (n > 0)
            out[n++] = ' ';
        while (i < len && (strchr(" \t\n\r\f\v", s[i]) == NULL || s[i] == '\0'))
            out[n++] = s[i++];
    }
    out[n] = '\0';
}

Test(buf, squeeze_as_the_reference)
{
    static const char alphabet[] = {'a', 'B', ' ', '\t', '\n', '\r', '\f', '\v'};
    char s[8], want[16];
    for (size_t len = 0; len <= 6; len++) {
        size_t total = 1;
        for (size_t i = 0; i < len; i++)
            total *= sizeof alphabet;
        for (size_t code = 0; code < total; code++) {
            size_t c = code;
            for (size_t i = 0; i < len; i++, c /= sizeof alphabet)
                s[i] = alphabet[c % sizeof alphabet];
            squeeze_ref(s, len, want);
            char *got = chr_squeeze(s, len);
            cr_assert_not_null(got);
            cr_assert_str_eq(got, want, "string %zu of length %zu", code, len);
            free(got);
        }
    }
}

/* Longer strings, read eight bytes at a time where they allow: 20,000
 * of up to 40 bytes, mostly letters and single spaces, some runs and
 * control bytes, a byte of UTF-8, as the reference. */
Test(buf, long_squeezes_as_the_reference)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz       \t\n\x01\xc3.,";
    uint32_t seed = 12345;
    char s[48], want[96];
    for (int k = 0; k < 20000; k++) {
        seed = seed * 1103515245u + 12345u;
        size_t len = (seed >> 16) % 41;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            s[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        squeeze_ref(s, len, want);
        char *got = chr_squeeze(s, len);
        cr_assert_not_null(got);
        cr_assert_str_eq(got, want, "string %d (%zu bytes)", k, len);
        free(got);
    }
}

Test(buf, adds_and_formats)
{
    chr_buf b = {0};
    chr_buf_add(&b, "ab", 2);
    chr_buf_str(&b, "cd");
    chr_buf_addf(&b, "-%d-%s", 42, "x");
    cr_assert_eq(b.failed, 0);
    cr_expect_str_eq(b.p, "abcd-42-x");
    cr_expect_eq(b.len, strlen("abcd-42-x"));
    free(b.p);
}
