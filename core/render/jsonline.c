/*
 * jsonline.c - the line `chronicle dates` writes for each temporal
 * expression, written straight into memory in the bytes the streaming
 * writer (jw.c) would give: a dates run writes a line for every
 * expression of its input, and the general writer's calls per member
 * were a sixth of its time.  The document's member, the same on every
 * line of a document, is escaped once (chr_json_timex_prefix).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/json.h"
#include "chronicle/utf8.h"

/* Does byte c need an escape in a JSON string (as quoted() of jw.c
 * writes them: '"', '\\' and bytes below 0x20)? */
static int needs_escape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

#define ONES 0x0101010101010101ULL

/* Of the eight bytes of x, the high bit of each that needs an escape or
 * is not ASCII (the string is then checked for UTF-8): below 0x20, '"',
 * '\\', or 0x80 and above. */
static uint64_t special8(uint64_t x)
{
    uint64_t low = (x - 0x20 * ONES) & ~x;                 /* below 0x20 (or high) */
    uint64_t q = x ^ ('"' * ONES), b = x ^ ('\\' * ONES);
    uint64_t quote = (q - ONES) & ~q, slash = (b - ONES) & ~b;  /* zero bytes */
    return (low | quote | slash | x) & 0x80 * ONES;
}

/* s[0, n) as a JSON string at o, in the bytes quoted() of jw.c writes
 * (only '"', '\\' and bytes below 0x20 escaped); o has room for 6 * n + 2
 * bytes.  Returns the end, or NULL when s is not UTF-8 (as jansson
 * refuses it).  Eight bytes at a time while none is special: most
 * strings here are short dates and words of ASCII. */
static char *line_str(char *o, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    int high = 0;
    size_t i = 0;
    *o++ = '"';
    for (;;) {
        while (i + 8 <= n) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            if (special8(x) != 0)
                break;
            memcpy(o, &x, 8);
            o += 8;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i++];
        if (!needs_escape(c)) {
            high |= c >= 0x80;
            *o++ = (char)c;
            continue;
        }
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        default:
            memcpy(o, "u00", 3);
            o[3] = hex[c >> 4];
            o[4] = hex[c & 15];
            o += 5;
        }
    }
    *o++ = '"';
    if (high && chr_utf8_check(s, n, NULL, 0) < n)
        return NULL;
    return o;
}

static char *line_lit(char *o, const char *s, size_t n)
{
    memcpy(o, s, n);
    return o + n;
}

#define LINE_LIT(o, s) line_lit(o, s, sizeof s - 1)

/* The decimal digits of v, two at a time from a table of "00" to "99":
 * every line writes two byte offsets of up to ten digits. */
static char *line_uint(char *o, uint32_t v)
{
    static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                                "25262728293031323334353637383940414243444546474849"
                                "50515253545556575859606162636465666768697071727374"
                                "75767778798081828384858687888990919293949596979899";
    char tmp[10];
    size_t k = sizeof tmp;
    while (v >= 100) {
        k -= 2;
        memcpy(tmp + k, pairs + 2 * (v % 100), 2);
        v /= 100;
    }
    if (v >= 10) {
        k -= 2;
        memcpy(tmp + k, pairs + 2 * v, 2);
    } else {
        tmp[--k] = (char)('0' + v);
    }
    return line_lit(o, tmp + k, sizeof tmp - k);
}

static char *line_day(char *o, int64_t day)
{
    if (day == CHR_NO_DAY)
        return LINE_LIT(o, "null");
    *o++ = '"';
    chr_day_format(day, o);
    o[10] = '"';
    return o + 11;
}

/* A name of the model's (a type, a mod, an anchor: ASCII letters, never
 * escaped) as a JSON string. */
static char *line_name(char *o, const char *name)
{
    size_t n = strlen(name);
    *o++ = '"';
    memcpy(o, name, n);
    o[n] = '"';
    return o + n + 1;
}

char *chr_json_timex_prefix(const char *doc, size_t *len)
{
    if (doc == NULL)
        return NULL;
    size_t ndoc = strlen(doc);
    char *p = malloc(6 * ndoc + 16), *o = p;
    if (p == NULL)
        return NULL;
    o = LINE_LIT(o, "{\"doc\":");
    if ((o = line_str(o, doc, ndoc)) == NULL) {
        free(p);
        return NULL;
    }
    *o = '\0';
    *len = (size_t)(o - p);
    return p;
}

size_t chr_json_timex_room(size_t nprefix, const chr_timex *t)
{
    /* each string at most 6 bytes a byte and its quotes; the names of the
     * model under 16 bytes; the rest fixed */
    return nprefix + 6 * ((size_t)(t->end - t->start) + strlen(t->value)) + 256;
}

size_t chr_json_timex_write(char *out, const char *prefix, size_t nprefix, const char *text,
                            const chr_timex *t)
{
    char *o = line_lit(out, prefix, nprefix);
    o = LINE_LIT(o, ",\"start\":");
    o = line_uint(o, t->start);
    o = LINE_LIT(o, ",\"end\":");
    o = line_uint(o, t->end);
    o = LINE_LIT(o, ",\"text\":");
    if ((o = line_str(o, text + t->start, t->end - t->start)) == NULL)
        return 0;
    o = LINE_LIT(o, ",\"type\":");
    o = line_name(o, chr_timex_type_name(t->type));
    o = LINE_LIT(o, ",\"value\":");
    if ((o = line_str(o, t->value, strlen(t->value))) == NULL)
        return 0;
    o = LINE_LIT(o, ",\"mod\":");
    o = t->mod ? line_name(o, chr_timex_mod_name(t->mod)) : LINE_LIT(o, "null");
    o = LINE_LIT(o, ",\"range\":");
    if (t->date.prec != CHR_PREC_NONE) {
        *o++ = '[';
        char *first = o;
        o = line_day(o, t->date.first);
        *o++ = ',';
        if (t->date.last == t->date.first && t->date.first != CHR_NO_DAY)
            o = line_lit(o, first, 12);   /* a day: formatted once */
        else
            o = line_day(o, t->date.last);
        *o++ = ']';
    } else {
        o = LINE_LIT(o, "null");
    }
    o = LINE_LIT(o, ",\"anchor\":");
    o = line_name(o, chr_anchor_name(t->anchor));
    o = LINE_LIT(o, "}\n");
    *o = '\0';
    return (size_t)(o - out);
}

char *chr_json_timex_line(const char *doc, const char *text, const chr_timex *t,
                          size_t *len)
{
    size_t np, n;
    char *prefix = chr_json_timex_prefix(doc, &np);
    if (prefix == NULL)
        return NULL;
    char *line = malloc(chr_json_timex_room(np, t));
    if (line != NULL && (n = chr_json_timex_write(line, prefix, np, text, t)) == 0) {
        free(line);
        line = NULL;
    }
    free(prefix);
    if (line != NULL && len)
        *len = n;
    return line;
}
