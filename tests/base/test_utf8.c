/* test_utf8.c - the strict decoder. */
#include <criterion/criterion.h>
#include <string.h>

#include "chronicle/utf8.h"

static const struct {
    const char *bytes;
    size_t len;
    size_t bad;          /* offset of the first bad byte, or len if valid */
    const char *why;     /* substring of the description */
} rows[] = {
    {"plain ascii", 11, 11, NULL},
    {"caf\xc3\xa9", 5, 5, NULL},
    {"\xe2\x80\x9cquoted\xe2\x80\x9d", 12, 12, NULL},
    {"\xf0\x9f\x98\x80 emoji", 10, 10, NULL},
    {"\xf4\x8f\xbf\xbf", 4, 4, NULL},                 /* U+10FFFF */
    {"ab\xc3(", 4, 2, "not followed by a continuation byte"},
    {"\xc0\xaf", 2, 0, "cannot start"},                /* overlong '/' */
    {"\xe0\x80\xaf", 3, 0, "overlong"},
    {"\xed\xa0\x80", 3, 0, "surrogate"},
    {"\xf4\x90\x80\x80", 4, 0, "U+10FFFF"},
    {"x\xff", 2, 1, "cannot start"},
    {"x\x80", 2, 1, "cannot start"},
    {"tail\xe2\x82", 6, 4, "cut short"},
    {"", 0, 0, NULL},
};

Test(utf8, check_finds_first_bad_byte)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char why[128] = "";
        size_t got = chr_utf8_check(rows[i].bytes, rows[i].len, why, sizeof why);
        cr_expect_eq(got, rows[i].bad, "row %zu: bad offset %zu, want %zu", i, got, rows[i].bad);
        if (rows[i].why)
            cr_expect(strstr(why, rows[i].why) != NULL, "row %zu: why '%s' lacks '%s'", i,
                      why, rows[i].why);
    }
}

Test(utf8, decode_values)
{
    uint32_t cp = 0;
    const unsigned char e[] = {0xc3, 0xa9};
    cr_assert_eq(chr_utf8_decode(e, e + 2, &cp), 2);
    cr_assert_eq(cp, 0xe9);
    const unsigned char cut[] = {0xe2, 0x80};
    cr_assert_eq(chr_utf8_decode(cut, cut + 2, &cp), 0);
    const unsigned char four[] = {0xf0, 0x9f, 0x98, 0x80};
    cr_assert_eq(chr_utf8_decode(four, four + 4, &cp), 4);
    cr_assert_eq(cp, 0x1f600);
}

/* The text check stops at the first byte a document blanks, wherever it
 * falls against the sixteen-byte blocks: each kind of byte at each offset
 * of a line of printable text with its white-space controls. */
Test(utf8, text_check_finds_first_blanked_byte)
{
    static const struct {
        const char *b;
        size_t n;
        int kept;
    } kinds[] = {
        {"\t", 1, 1}, {"\n", 1, 1}, {"\r", 1, 1}, {"\f", 1, 1}, {"\xc3\xa9", 2, 1},
        {"\xe2\x80\x9c", 3, 1}, {"\x7f", 1, 0}, {"\x01", 1, 0}, {"\x0b", 1, 0},
        {"\x1b", 1, 0}, {"\0", 1, 0}, {"\xff", 1, 0}, {"\xc3(", 2, 0}, {"\xed\xa0\x80", 3, 0},
    };
    char buf[80];
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        for (size_t at = 0; at + kinds[k].n <= 48; at++) {
            for (size_t i = 0; i < sizeof buf; i++)
                buf[i] = (char)('a' + i % 26);
            buf[7] = ' ';
            buf[20] = '\n';
            memcpy(buf + at, kinds[k].b, kinds[k].n);
            size_t want = kinds[k].kept ? 48 : at;
            size_t got = chr_utf8_text_check(buf, 48);
            cr_expect_eq(got, want, "kind %zu at %zu: %zu, want %zu", k, at, got, want);
        }
    }
    cr_expect_eq(chr_utf8_text_check("", 0), 0);
    /* a sequence cut by the end of the text */
    cr_expect_eq(chr_utf8_text_check("abcdefghijklmnopq\xe2\x80", 19), 17);
}
