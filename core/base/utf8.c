/* utf8.c - a strict decoder: one pass, no tables, no allocation. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "chronicle/utf8.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

size_t chr_utf8_seqlen(unsigned char c)
{
    if (c >= 0xF0 && c <= 0xF4)
        return 4;
    if (c >= 0xE0 && c <= 0xEF)
        return 3;
    if (c >= 0xC2 && c <= 0xDF)
        return 2;
    return 1;
}

size_t chr_utf8_decode(const unsigned char *p, const unsigned char *end,
                       uint32_t *cp)
{
    unsigned char c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n = chr_utf8_seqlen(c);
    if (n == 1 || (size_t)(end - p) < n)
        return 0;
    uint32_t v = c & (0x3Fu >> (n - 1));
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3Fu);
    }
    /* Overlong forms, surrogates and values past U+10FFFF. */
    if ((n == 3 && v < 0x800) || (n == 4 && v < 0x10000) ||
        (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF)
        return 0;
    *cp = v;
    return n;
}

static void describe(const unsigned char *p, const unsigned char *end,
                     char *why, size_t whylen)
{
    if (why == NULL || whylen == 0)
        return;
    unsigned char c = p[0];
    size_t n = chr_utf8_seqlen(c);
    if (n == 1) {
        snprintf(why, whylen, "0x%02X cannot start a UTF-8 sequence", c);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        if (p + i >= end) {
            snprintf(why, whylen, "0x%02X starts a %zu-byte sequence cut short by the end of the file", c, n);
            return;
        }
        if ((p[i] & 0xC0) != 0x80) {
            snprintf(why, whylen, "0x%02X not followed by a continuation byte (found 0x%02X)", c, p[i]);
            return;
        }
    }
    snprintf(why, whylen, "0x%02X starts an overlong form, a surrogate or a code point above U+10FFFF", c);
}

size_t chr_utf8_check(const char *s, size_t len, char *why, size_t whylen)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        /* ASCII eight bytes at a time: most text is */
        while (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if (w & 0x8080808080808080ULL)
                break;
            p += 8;
        }
        if (p == end)
            break;
        if (*p < 0x80) {
            p++;
            continue;
        }
        uint32_t cp;
        size_t n = chr_utf8_decode(p, end, &cp);
        if (n == 0) {
            describe(p, end, why, whylen);
            return (size_t)(p - (const unsigned char *)s);
        }
        p += n;
    }
    return len;
}

/* Is the ASCII byte c one a document keeps: printable, or tab, newline,
 * carriage return or form feed? */
static int text_byte(unsigned c)
{
    return (c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

size_t chr_utf8_text_check(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
#if defined(__SSE2__)
        /* sixteen bytes at a time while each is printable ASCII or one of
         * the four white-space controls; a byte from 0x80 is negative as a
         * signed byte, so below 0x20 as well, and goes the slow way */
        const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F);
        const __m128i tab = _mm_set1_epi8('\t'), nl = _mm_set1_epi8('\n');
        const __m128i cr = _mm_set1_epi8('\r'), ff = _mm_set1_epi8('\f');
        while (end - p >= 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
            __m128i ws = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, tab), _mm_cmpeq_epi8(x, nl)),
                                      _mm_or_si128(_mm_cmpeq_epi8(x, cr), _mm_cmpeq_epi8(x, ff)));
            __m128i bad = _mm_or_si128(_mm_andnot_si128(ws, _mm_cmplt_epi8(x, space)),
                                       _mm_cmpeq_epi8(x, del));
            if (_mm_movemask_epi8(bad) != 0)
                break;
            p += 16;
        }
#endif
        if (p == end)
            break;
        if (*p < 0x80) {
            if (!text_byte(*p))
                return (size_t)(p - (const unsigned char *)s);
            p++;
            continue;
        }
        uint32_t cp;
        size_t n = chr_utf8_decode(p, end, &cp);
        if (n == 0)
            return (size_t)(p - (const unsigned char *)s);
        p += n;
    }
    return len;
}
