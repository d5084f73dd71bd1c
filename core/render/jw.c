/* jw.c - the streaming JSON writer of jw_int.h. */
#include <string.h>

#include "chronicle/utf8.h"
#include "render/jw_int.h"

void chr_jw_init(chr_jw *w, chr_buf *b, int indent)
{
    memset(w, 0, sizeof *w);
    w->b = b;
    w->indent = indent;
}

int chr_jw_failed(const chr_jw *w)
{
    return w->failed || w->b->failed;
}

static void newline_indent(chr_jw *w, int depth)
{
    static const char spaces[] = "                                ";
    chr_buf_add(w->b, "\n", 1);
    size_t n = (size_t)depth * (size_t)w->indent;
    while (n > 0) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        chr_buf_add(w->b, spaces, k);
        n -= k;
    }
}

/* What goes before a value: nothing after a key; in a container, the
 * comma and (pretty) the line break of the one before. */
static void before_value(chr_jw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth == 0)
        return;
    unsigned char *c = &w->count[w->depth - 1];
    if (*c > 0)
        chr_buf_add(w->b, ",", 1);
    if (w->indent > 0)
        newline_indent(w, w->depth);
    if (*c < 2)
        (*c)++;
}

static void open_container(chr_jw *w, const char *open)
{
    before_value(w);
    if (w->depth >= CHR_JW_MAX_DEPTH) {
        w->failed = 1;
        return;
    }
    chr_buf_add(w->b, open, 1);
    w->count[w->depth++] = 0;
}

static void close_container(chr_jw *w, const char *close)
{
    if (w->depth == 0) {
        w->failed = 1;
        return;
    }
    w->depth--;
    if (w->count[w->depth] > 0 && w->indent > 0)
        newline_indent(w, w->depth);
    chr_buf_add(w->b, close, 1);
}

void chr_jw_obj(chr_jw *w) { open_container(w, "{"); }
void chr_jw_obj_end(chr_jw *w) { close_container(w, "}"); }
void chr_jw_arr(chr_jw *w) { open_container(w, "["); }
void chr_jw_arr_end(chr_jw *w) { close_container(w, "]"); }

#define ONES 0x0101010101010101ULL

/* The high bit of each byte of x that JSON escapes: below 0x20, '"' or
 * '\\'.  A borrow may also flag a byte above a flagged one, never below,
 * so the lowest flag is exact. */
static inline uint64_t to_escape(uint64_t x)
{
    uint64_t q = x ^ ('"' * ONES), bs = x ^ ('\\' * ONES);
    return ((x - 0x20 * ONES) | (q - ONES) | (bs - ONES)) & ~x & 0x80 * ONES;
}

/* s[0..n) as a JSON string: only '"', '\\' and bytes below 0x20 are
 * escaped, as jansson does without JSON_ENSURE_ASCII.  Text is read
 * eight bytes at a time (on little-endian machines), and each run with
 * nothing to escape is copied whole. */
static void quoted(chr_jw *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *u = (const unsigned char *)s;
    chr_buf *b = w->b;
    uint64_t seen = 0;     /* every byte read, OR-ed: its high bit, non-ASCII */
    chr_buf_add(b, "\"", 1);
    size_t run = 0, i = 0;
    for (;;) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        uint64_t m = 0;
        while (i + 8 <= n) {
            uint64_t x;
            memcpy(&x, u + i, sizeof x);
            seen |= x;
            if ((m = to_escape(x)) != 0)
                break;
            i += 8;
        }
        if (m != 0)
            i += (size_t)__builtin_ctzll(m) >> 3;
        else
#endif
            while (i < n && u[i] >= 0x20 && u[i] != '"' && u[i] != '\\')
                seen |= u[i++];
        if (i >= n)
            break;
        unsigned char c = u[i];
        chr_buf_add(b, s + run, i - run);
        run = ++i;
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t k = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            k = 6;
        }
        chr_buf_add(b, esc, k);
    }
    chr_buf_add(b, s + run, n - run);
    chr_buf_add(b, "\"", 1);
    /* jansson refuses a string that is not UTF-8; so do we */
    if ((seen & 0x80 * ONES) && chr_utf8_check(s, n, NULL, 0) < n)
        w->failed = 1;
}

void chr_jw_key_text(chr_jw *w, const char *key)
{
    before_value(w);
    quoted(w, key, strlen(key));
    chr_buf_add(w->b, ": ", w->indent > 0 ? 2 : 1);
    w->after_key = 1;
}

void chr_jw_key_quoted(chr_jw *w, const char *q, size_t n)
{
    before_value(w);
    chr_buf_add(w->b, q, n);
    if (w->indent > 0)
        chr_buf_add(w->b, " ", 1);
    w->after_key = 1;
}

void chr_jw_strn(chr_jw *w, const char *s, size_t n)
{
    before_value(w);
    quoted(w, s, n);
}

void chr_jw_str(chr_jw *w, const char *s)
{
    if (s == NULL)
        w->failed = 1;      /* as jansson's json_string(NULL) */
    else
        chr_jw_strn(w, s, strlen(s));
}

void chr_jw_str_or_null(chr_jw *w, const char *s)
{
    if (s == NULL)
        chr_jw_null(w);
    else
        chr_jw_str(w, s);
}

void chr_jw_int(chr_jw *w, long long v)
{
    char tmp[24];
    size_t k = sizeof tmp;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    if (v < 0)
        tmp[--k] = '-';
    before_value(w);
    chr_buf_add(w->b, tmp + k, sizeof tmp - k);
}

void chr_jw_bool(chr_jw *w, int v)
{
    before_value(w);
    chr_buf_add(w->b, v ? "true" : "false", v ? 4 : 5);
}

void chr_jw_null(chr_jw *w)
{
    before_value(w);
    chr_buf_add(w->b, "null", 4);
}

void chr_jw_raw(chr_jw *w, const char *json, size_t n)
{
    before_value(w);
    chr_buf_add(w->b, json, n);
}

void chr_jw_fork(const chr_jw *w, chr_jw *part, chr_buf *b, size_t after)
{
    *part = *w;
    part->b = b;
    part->after_key = 0;
    if (part->depth > 0)
        part->count[part->depth - 1] = after > 1 ? 2 : (unsigned char)after;
}

void chr_jw_join(chr_jw *w, const chr_jw *part, size_t n)
{
    if (part->failed || part->b->failed)
        w->failed = 1;
    if (w->depth > 0) {
        unsigned char *c = &w->count[w->depth - 1];
        *c = *c + n > 1 ? 2 : (unsigned char)(*c + n);
    }
}
