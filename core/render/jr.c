/* jr.c - the pull JSON reader of jr_int.h. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/utf8.h"
#include "render/jr_int.h"

enum {
    S_ROOT,             /* nothing read yet: an object or an array */
    S_VALUE,            /* a value (after ':' or an array's ',') */
    S_VALUE_OR_CLOSE,   /* after '[' */
    S_KEY_OR_CLOSE,     /* after '{' */
    S_KEY,              /* after an object's ',' */
    S_AFTER,            /* after a value: ',' or the container's end */
    S_DONE
};

void chr_jr_init(chr_jr *r, const char *buf, size_t len)
{
    memset(r, 0, sizeof *r);
    r->p = buf;
    r->end = buf + len;
    r->state = S_ROOT;
}

void chr_jr_free(chr_jr *r)
{
    free(r->scratch.p);
    r->scratch.p = NULL;
}

static chr_jr_tok fail(chr_jr *r)
{
    r->failed = 1;
    return CHR_JR_ERROR;
}

static void skip_ws(chr_jr *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
        r->p++;
}

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p[k];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static void put_utf8(chr_buf *b, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    chr_buf_add(b, u, n);
}

/* The bytes of w that end a plain run of a string: 0x80 in each byte
 * that is a quote, a backslash or a control byte (below 0x20), 0 in the
 * others.  Exact per byte, so the first one can be found by its bit: a
 * zero byte of x is one whose low seven bits do not carry into the high
 * bit and whose high bit is clear. */
static inline uint64_t plain_ends(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ULL, low7 = 0x7F7F7F7F7F7F7F7FULL;
#define ZERO_BYTES(x) (~((((x) & low7) + low7) | (x) | low7))
    uint64_t quote = w ^ (ones * '"'), bslash = w ^ (ones * '\\'), ctl = w & (ones * 0xE0);
    return ZERO_BYTES(quote) | ZERO_BYTES(bslash) | ZERO_BYTES(ctl);
#undef ZERO_BYTES
}

/* A string at r->p (just past the opening quote): in place when it has
 * no escapes, else decoded into scratch.  Every string of a snapshot
 * comes through here (ten million for a diff of two 70 MB files), so
 * plain bytes go eight at a time, and a word that holds the end of the
 * run is then read byte by byte. */
static int read_string(chr_jr *r)
{
    chr_buf *b = &r->scratch;
    const char *p = r->p, *run = p, *end = r->end;
    int high = 0, escaped = 0;
    uint64_t highs = 0;
    for (;;) {
        while (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            uint64_t ends = plain_ends(w);
            if (ends != 0) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                /* the bytes before the first end, then that byte below */
                unsigned skip = (unsigned)__builtin_ctzll(ends) / 8;
                highs |= w & ((1ULL << (skip * 8)) - 1);
                p += skip;
#endif
                break;
            }
            highs |= w;
            p += 8;
        }
        const char *stop = end - p >= 8 ? p + 8 : end;
        if (p >= end)
            return -1;
        while (p < stop) {
            unsigned char c = (unsigned char)*p;
            if (c == '"')
                goto closed;
            if (c < 0x20)
                return -1;          /* a control character must be escaped */
            high |= c >= 0x80;
            if (c != '\\') {
                p++;
                continue;
            }
            if (!escaped) {
                escaped = 1;
                b->len = 0;
            }
            chr_buf_add(b, run, (size_t)(p - run));
            if (p + 1 >= end)
                return -1;
            char e = p[1];
            p += 2;
            switch (e) {
            case '"': chr_buf_add(b, "\"", 1); break;
            case '\\': chr_buf_add(b, "\\", 1); break;
            case '/': chr_buf_add(b, "/", 1); break;
            case 'b': chr_buf_add(b, "\b", 1); break;
            case 'f': chr_buf_add(b, "\f", 1); break;
            case 'n': chr_buf_add(b, "\n", 1); break;
            case 'r': chr_buf_add(b, "\r", 1); break;
            case 't': chr_buf_add(b, "\t", 1); break;
            case 'u': {
                unsigned cp, lo;
                if (end - p < 4 || hex4(p, &cp) != 0)
                    return -1;
                p += 4;
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    return -1;      /* a low surrogate alone */
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || hex4(p + 2, &lo) != 0 ||
                        lo < 0xDC00 || lo > 0xDFFF)
                        return -1;
                    p += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                if (cp == 0)
                    return -1;      /* jansson refuses NUL without a flag */
                put_utf8(b, cp);
                break;
            }
            default:
                return -1;
            }
            run = p;
        }
    }
closed:
    high |= (highs & 0x8080808080808080ULL) != 0;
    r->p = p + 1;
    if (!escaped) {
        r->s = run;
        r->n = (size_t)(p - run);
    } else {
        chr_buf_add(b, run, (size_t)(p - run));
        if (b->failed)
            return -1;
        r->s = b->p;
        r->n = b->len;
    }
    if (high && chr_utf8_check(r->s, r->n, NULL, 0) < r->n)
        return -1;
    return 0;
}

static chr_jr_tok read_number(chr_jr *r)
{
    const char *p = r->p, *end = r->end;
    int neg = 0, real = 0;
    if (p < end && *p == '-') {
        neg = 1;
        p++;
    }
    if (p >= end || *p < '0' || *p > '9')
        return fail(r);
    const char *digits = p;
    if (*p == '0')
        p++;
    else
        while (p < end && *p >= '0' && *p <= '9')
            p++;
    const char *dend = p;
    if (p < end && *p == '.') {
        p++;
        if (p >= end || *p < '0' || *p > '9')
            return fail(r);
        while (p < end && *p >= '0' && *p <= '9')
            p++;
        real = 1;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (p >= end || *p < '0' || *p > '9')
            return fail(r);
        while (p < end && *p >= '0' && *p <= '9')
            p++;
        real = 1;
    }
    r->p = p;
    if (real) {
        /* jansson refuses a real that overflows */
        char tmp[64];
        size_t n = (size_t)(p - (digits - neg));
        if (n >= sizeof tmp)
            return fail(r);
        memcpy(tmp, digits - neg, n);
        tmp[n] = '\0';
        double d = strtod(tmp, NULL);
        if (d > 1.7976931348623157e308 || d < -1.7976931348623157e308)
            return fail(r);
        return CHR_JR_REAL;
    }
    /* jansson's json_int_t is long long; larger integers are errors */
    unsigned long long v = 0, lim = neg ? (unsigned long long)INT64_MAX + 1 : INT64_MAX;
    for (const char *q = digits; q < dend; q++) {
        unsigned d = (unsigned)(*q - '0');
        if (v > (lim - d) / 10)
            return fail(r);
        v = v * 10 + d;
    }
    r->i = neg ? (v == (unsigned long long)INT64_MAX + 1 ? INT64_MIN : -(long long)v)
               : (long long)v;
    return CHR_JR_INT;
}

static chr_jr_tok literal(chr_jr *r, const char *word, chr_jr_tok tok)
{
    size_t n = strlen(word);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
        return fail(r);
    r->p += n;
    return tok;
}

/* A value starting at r->p (white space skipped). */
static chr_jr_tok value(chr_jr *r)
{
    if (r->p >= r->end)
        return fail(r);
    char c = *r->p;
    if (c == '{' || c == '[') {
        if (r->depth >= CHR_JR_MAX_DEPTH)
            return fail(r);
        r->stack[r->depth++] = c;
        r->p++;
        r->state = c == '{' ? S_KEY_OR_CLOSE : S_VALUE_OR_CLOSE;
        return c == '{' ? CHR_JR_OBJ : CHR_JR_ARR;
    }
    r->state = S_AFTER;
    if (c == '"') {
        r->p++;
        return read_string(r) == 0 ? CHR_JR_STR : fail(r);
    }
    if (c == 't')
        return literal(r, "true", CHR_JR_TRUE);
    if (c == 'f')
        return literal(r, "false", CHR_JR_FALSE);
    if (c == 'n')
        return literal(r, "null", CHR_JR_NULL);
    return read_number(r);
}

static chr_jr_tok close_container(chr_jr *r, char c)
{
    char open = c == '}' ? '{' : '[';
    if (r->depth == 0 || r->stack[r->depth - 1] != open)
        return fail(r);
    r->depth--;
    r->p++;
    r->state = r->depth == 0 ? S_DONE : S_AFTER;
    return c == '}' ? CHR_JR_OBJ_END : CHR_JR_ARR_END;
}

static chr_jr_tok key(chr_jr *r)
{
    if (r->p >= r->end || *r->p != '"')
        return fail(r);
    r->p++;
    if (read_string(r) != 0)
        return fail(r);
    skip_ws(r);
    if (r->p >= r->end || *r->p != ':')
        return fail(r);
    r->p++;
    r->state = S_VALUE;
    return CHR_JR_KEY;
}

chr_jr_tok chr_jr_next(chr_jr *r)
{
    if (r->failed)
        return CHR_JR_ERROR;
    skip_ws(r);
    switch (r->state) {
    case S_ROOT:
        if (r->p >= r->end || (*r->p != '{' && *r->p != '['))
            return fail(r);
        return value(r);
    case S_VALUE:
        return value(r);
    case S_VALUE_OR_CLOSE:
        if (r->p < r->end && *r->p == ']')
            return close_container(r, ']');
        return value(r);
    case S_KEY_OR_CLOSE:
        if (r->p < r->end && *r->p == '}')
            return close_container(r, '}');
        return key(r);
    case S_KEY:
        return key(r);
    case S_AFTER:
        if (r->p >= r->end)
            return fail(r);
        if (*r->p == ',') {
            r->p++;
            skip_ws(r);
            if (r->stack[r->depth - 1] == '{')
                return key(r);
            return value(r);
        }
        return close_container(r, *r->p);
    case S_DONE:
        return r->p == r->end ? CHR_JR_END : fail(r);
    }
    return fail(r);
}

int chr_jr_skip(chr_jr *r, chr_jr_tok tok)
{
    if (tok != CHR_JR_OBJ && tok != CHR_JR_ARR)
        return tok == CHR_JR_ERROR ? -1 : 0;
    int depth = r->depth - 1;
    while (r->depth > depth) {
        if (chr_jr_next(r) == CHR_JR_ERROR)
            return -1;
    }
    return 0;
}

void chr_jr_keys_init(chr_jr_keys *k, const char *const *names, int count)
{
    assert(count <= 32);
    k->names = names;
    k->count = count;
    for (int i = 0; i < count; i++)
        k->len[i] = (unsigned char)strlen(names[i]);
    memset(k->guess, -1, sizeof k->guess);
}

int chr_jr_keys_find(chr_jr_keys *k, int pos, const char *s, size_t n)
{
    int g = pos < CHR_JR_GUESSES ? k->guess[pos] : -1;
    if (g >= 0 && k->len[g] == n && memcmp(k->names[g], s, n) == 0)
        return g;
    int found = -1;
    for (int i = 0; i < k->count && found < 0; i++)
        if (k->len[i] == n && k->names[i][0] == s[0] && memcmp(k->names[i], s, n) == 0)
            found = i;
    if (pos < CHR_JR_GUESSES && found >= 0)
        k->guess[pos] = (signed char)found;
    return found;
}
