/*
 * text.c - mkwords: whole files, their lines and space-separated tokens,
 * numbers, and the interned strings every other part names words by.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex/words_int.h"
#include "mkwords.h"

/* ---- files and lines ------------------------------------------------ */

void slurp(text *t, const char *dir, const char *name)
{
    if (dir != NULL)
        snprintf(t->path, sizeof t->path, "%s/%s", dir, name);
    else
        snprintf(t->path, sizeof t->path, "%s", name);
    FILE *f = fopen(t->path, "rb");
    if (f == NULL)
        die("%s: cannot open: %s", t->path, strerror(errno));
    size_t cap = 1 << 20, n = 0;
    char *buf = xrealloc(NULL, cap);
    for (;;) {
        if (n == cap)
            buf = xrealloc(buf, cap *= 2);
        size_t got = fread(buf + n, 1, cap - n, f);
        if (got == 0)
            break;
        n += got;
    }
    if (ferror(f))
        die("%s: read error", t->path);
    fclose(f);
    t->buf = buf;
    t->len = n;
}

/* The next line (without its newline) into [*s, *s + *n); 0 at the end. */
int next_line(lines *l, const char **s, size_t *n)
{
    if (l->pos >= l->t->len)
        return 0;
    const char *p = l->t->buf + l->pos;
    const char *nl = memchr(p, '\n', l->t->len - l->pos);
    size_t len = nl ? (size_t)(nl - p) : l->t->len - l->pos;
    l->pos += len + 1;
    l->no++;
    if (len > 0 && p[len - 1] == '\r')
        len--;
    *s = p;
    *n = len;
    return 1;
}

/* The next space-separated token of [*p, end) into [*t, *t + *n); 0 when
 * the line has no more. */
int next_tok(const char **p, const char *end, const char **t, size_t *n)
{
    const char *q = *p;
    while (q < end && *q == ' ')
        q++;
    *t = q;
    *n = 0;
    if (q == end)
        return 0;
    const char *s = q;
    while (q < end && *q != ' ')
        q++;
    *t = s;
    *n = (size_t)(q - s);
    *p = q;
    return 1;
}

int parse_num(const char *t, size_t n, unsigned base, uint32_t *out)
{
    uint64_t v = 0;
    if (n == 0 || n > 10)
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned d;
        char c = t[i];
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (base == 16 && c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (base == 16 && c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return -1;
        v = v * base + d;
    }
    if (v > UINT32_MAX)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

/* A numeric field, or an error naming the field. */
uint32_t need_num(lines *l, const char **p, const char *end,
                  unsigned base, const char *what)
{
    const char *t;
    size_t n;
    uint32_t v;
    if (!next_tok(p, end, &t, &n))
        die_at(l->t->path, l->no, "line ends where %s was expected", what);
    if (parse_num(t, n, base, &v) != 0)
        die_at(l->t->path, l->no, "\"%.*s\" is no %s", (int)n, t, what);
    return v;
}

/* ---- strings: one interned id per distinct string -------------------- */

static char *chars;
static size_t nchars, capchars;
static uint32_t *str_off, capstr;
static uint32_t *slots, nslots;
lemma *lem;
uint32_t nstr;

const char *str(uint32_t id)
{
    return chars + str_off[id];
}

static uint32_t slot_of(const char *p, size_t n)
{
    uint32_t h = chr_words_hash(p, n) & (nslots - 1);
    for (;;) {
        uint32_t id = slots[h];
        if (id == 0)
            return h;
        const char *s = str(id - 1);
        if (strncmp(s, p, n) == 0 && s[n] == '\0')
            return h;
        h = (h + 1) & (nslots - 1);
    }
}

uint32_t find_str(const char *p, size_t n)
{
    if (nslots == 0)
        return NONE;
    uint32_t id = slots[slot_of(p, n)];
    return id ? id - 1 : NONE;
}

uint32_t intern(const char *p, size_t n)
{
    if ((uint64_t)(nstr + 1) * 2 > nslots) {
        uint32_t old = nslots;
        uint32_t *olds = slots;
        nslots = nslots ? nslots * 2 : 1u << 16;
        slots = xrealloc(NULL, nslots * sizeof *slots);
        memset(slots, 0, nslots * sizeof *slots);
        for (uint32_t i = 0; i < old; i++)
            if (olds[i]) {
                const char *s = str(olds[i] - 1);
                slots[slot_of(s, strlen(s))] = olds[i];
            }
        free(olds);
    }
    uint32_t h = slot_of(p, n);
    if (slots[h])
        return slots[h] - 1;
    while (nchars + n + 1 > capchars) {
        capchars = capchars ? capchars * 2 : 1u << 20;
        chars = xrealloc(chars, capchars);
    }
    memcpy(chars + nchars, p, n);
    chars[nchars + n] = '\0';
    if (nstr >= capstr) {
        capstr = capstr ? capstr * 2 : 1u << 16;
        str_off = xrealloc(str_off, capstr * sizeof *str_off);
        lem = xrealloc(lem, capstr * sizeof *lem);
    }
    str_off[nstr] = (uint32_t)nchars;
    memset(&lem[nstr], 0, sizeof lem[nstr]);
    nchars += n + 1;
    slots[h] = ++nstr;
    return nstr - 1;
}

/* Lower-case ASCII copy into buf (size >= n + 1). */
void lower(char *buf, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = (p[i] >= 'A' && p[i] <= 'Z') ? (char)(p[i] - 'A' + 'a') : p[i];
    buf[n] = '\0';
}

int ends(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/* The bytes of a word the table holds: lower-case letters, digits and
 * the punctuation WordNet's words use ("o'clock", "a.m.", "well-known",
 * "24/7").  That also keeps quotes, backslashes and trigraphs out of the
 * generated C. */
int word_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' ||
           c == '-' || c == '.' || c == '/';
}

/* A word the table holds: word bytes only (no '_': collocations), at
 * least one letter. */
int single_word(const char *s)
{
    int letter = 0;
    if (*s == '\0')
        return 0;
    for (; *s; s++) {
        if (!word_byte(*s))
            return 0;
        letter |= *s >= 'a' && *s <= 'z';
    }
    return letter;
}

int id_by_str(const void *a, const void *b)
{
    return strcmp(str(*(const uint32_t *)a), str(*(const uint32_t *)b));
}
