/* buf.c - the growing string of buf_int.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf_int.h"
#include "base/text_int.h"
#include "base/grow_int.h"

void chr_buf_grow_add(chr_buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (n >= SIZE_MAX - b->len ||
        (b->len + n + 1 > b->cap && chr_grow_to(&b->p, 1, &b->cap, b->len + n + 1, 64) != 0)) {
        chr_buf_fail(b);
        return;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void chr_buf_fail(chr_buf *b)
{
    /* no room from now on: chr_buf_add comes here, and adds nothing */
    b->failed = 1;
    b->cap = b->len;
}

void chr_buf_str(chr_buf *b, const char *s)
{
    chr_buf_add(b, s, strlen(s));
}

void chr_buf_addf(chr_buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    chr_buf_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Copy [s, s+len) folding runs of white space to one space. */
char *chr_squeeze(const char *s, size_t len)
{
    char *out = malloc(len + 1);
    if (out == NULL)
        return NULL;
    /* without a branch on the bytes (where the spaces fall is what the
     * text says next): each step writes a space and the byte, and keeps
     * what it should; n <= i before step i, so both fit */
    size_t n = 0;
    unsigned sp = 0;
    for (size_t i = 0; i < len;) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* eight bytes as they are, after a letter written: none below
         * ' ', single spaces, none at the end (most of a sentence) */
        if (!sp && n > 0 && i + 8 <= len) {
            const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
            uint64_t x;
            memcpy(&x, s + i, sizeof x);
            uint64_t spaces = ((x ^ 0x20 * ones) - ones) & ~(x ^ 0x20 * ones) & high;
            uint64_t low = (x - 0x20 * ones) & ~x & high;
            if (!(low | (spaces & (spaces << 8)) | (spaces >> 56))) {
                memcpy(out + n, &x, sizeof x);
                n += 8;
                i += 8;
                continue;
            }
        }
#endif
        unsigned char c = (unsigned char)s[i++];
        unsigned isp = chr_is_space(c) != 0;
        out[n] = ' ';
        n += sp & !isp & (n != 0);
        out[n] = (char)c;
        n += !isp;
        sp = isp;
    }
    out[n] = '\0';
    return out;
}
