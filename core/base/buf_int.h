/* buf_int.h - a growing NUL-terminated string for renderers (core-only).
 * Once an allocation fails the buffer stays failed and ignores further
 * text, so callers check `failed` once at the end. */
#ifndef CHRONICLE_BUF_INT_H
#define CHRONICLE_BUF_INT_H

#include <stddef.h>
#include <string.h>

typedef struct chr_buf {
    char *p;          /* malloc'd, NUL-terminated once anything was added */
    size_t len, cap;
    int failed;
} chr_buf;

/* Append [s, s+n).  Inline where it fits (renderers add many short
 * pieces); chr_buf_grow_add grows the buffer first. */
void chr_buf_grow_add(chr_buf *b, const char *s, size_t n);
static inline void chr_buf_add(chr_buf *b, const char *s, size_t n)
{
    if (n < b->cap - b->len) {   /* room for the NUL too; a failed buffer has none (cap = len) */
        memcpy(b->p + b->len, s, n);
        b->len += n;
        b->p[b->len] = '\0';
        return;
    }
    chr_buf_grow_add(b, s, n);
}
void chr_buf_str(chr_buf *b, const char *s);
/* Mark b failed (out of memory elsewhere): it adds nothing more. */
void chr_buf_fail(chr_buf *b);
/* [s, s+len) with runs of white space folded to one space and none at
 * either end; malloc'd, NULL when out of memory. */
char *chr_squeeze(const char *s, size_t len);
/* printf-style; one call adds at most 511 bytes */
void chr_buf_addf(chr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
