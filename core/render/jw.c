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

/* s[0..n) as a JSON string: only '"', '\\' and bytes below 0x20 are
 * escaped, as jansson does without JSON_ENSURE_ASCII. */
static void quoted(chr_jw *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    chr_buf *b = w->b;
    int high = 0;
    chr_buf_add(b, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        high |= c >= 0x80;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        chr_buf_add(b, s + run, i - run);
        run = i + 1;
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
    if (high && chr_utf8_check(s, n, NULL, 0) < n)
        w->failed = 1;
}

void chr_jw_key(chr_jw *w, const char *key)
{
    before_value(w);
    quoted(w, key, strlen(key));
    if (w->indent > 0)
        chr_buf_add(w->b, ": ", 2);
    else
        chr_buf_add(w->b, ":", 1);
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
