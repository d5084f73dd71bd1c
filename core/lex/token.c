/*
 * token.c - the tokenizer: words, numbers (with thousands groups folded
 * in) and punctuation, each word classified once by the lexicon.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_int.h"
#include "base/wordtab_int.h"
#include "chronicle/error.h"
#include "chronicle/stats.h"
#include "chronicle/utf8.h"
#include "lex/lex_int.h"


void chr_toks_free(chr_toks *t)
{
    free(t->t);
    free(t->mark);
    t->t = NULL;
    t->mark = NULL;
    t->n = t->cap = t->nmark = t->mcap = 0;
}

/* Room for at least want tokens and as many marks. */
static int toks_room(chr_toks *out, size_t want)
{
    if (out->cap < want) {
        chr_tok *nt = realloc(out->t, want * sizeof *nt);
        if (nt == NULL)
            return CHR_ENOMEM;
        out->t = nt;
        out->cap = want;
    }
    if (out->mcap < out->cap) {
        uint32_t *nm = realloc(out->mark, out->cap * sizeof *nm);
        if (nm == NULL)
            return CHR_ENOMEM;
        out->mark = nm;
        out->mcap = out->cap;
    }
    return 0;
}



/* Bytes of a non-ASCII character that is punctuation rather than a letter:
 * general punctuation (U+2000..U+206F), Latin-1 punctuation and symbols,
 * and the replacement character.  Returns its length, or 0 for a letter. */
static size_t punct_utf8(const unsigned char *p, const unsigned char *end)
{
    uint32_t cp;
    if (chr_utf8_decode(p, end, &cp) == 0)
        return 1;  /* not UTF-8: one byte of punctuation */
    if (p[0] == 0xE2 && end - p >= 3 && (p[1] == 0x80 || p[1] == 0x81))
        return 3;
    if (p[0] == 0xC2 && end - p >= 2 && p[1] < 0xC0)
        return 2;  /* U+0080..U+00BF: NBSP, ¹, «, », £, ° ... */
    if (p[0] == 0xEF && end - p >= 3 && p[1] == 0xBF && p[2] == 0xBD)
        return 3;
    if (p[0] == 0xE2 && end - p >= 3)
        return 3;  /* arrows, bullets, symbols (U+2080..U+2FFF) */
    return 0;
}

/* Byte classes of the tokenizer's loops. */
enum { B_SPACE = 1, B_NL = 2, B_DIGIT = 4, B_ALPHA = 8 };
static unsigned char byte_class[256];
static pthread_once_t byte_class_once = PTHREAD_ONCE_INIT;

static void byte_class_build(void)
{
    for (unsigned c = 0; c < 256; c++)
        byte_class[c] = (unsigned char)((chr_is_space(c) ? B_SPACE : 0) | (c == '\n' ? B_NL : 0) |
                                        (chr_is_digit(c) ? B_DIGIT : 0) |
                                        (chr_is_alpha(c) ? B_ALPHA : 0));
}

int chr_tokenize(const char *text, size_t len, chr_toks *out)
{
    return chr_tokenize_part(text, 0, len, out);
}

/* Eight bytes at a time: the letters of a word, and the key of its
 * lexicon lookup, on little-endian machines (most text is words of a
 * few letters, each once scanned and once looked up); elsewhere a byte
 * at a time. */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TOK_WIDE 1
#else
#define TOK_WIDE 0
#endif

#define ONES 0x0101010101010101ULL

static inline uint64_t load64(const unsigned char *p)
{
    uint64_t x;
    memcpy(&x, p, sizeof x);
    return x;
}

/* The high bit of each byte of x that is not an ASCII letter.  Each byte
 * is folded to lower case and to 7 bits, so no sum carries into the next
 * byte. */
static inline uint64_t nonletters(uint64_t x)
{
    uint64_t y = (x | 0x20 * ONES) & 0x7F * ONES;
    uint64_t ge_a = y + (0x80 - 'a') * ONES;
    uint64_t gt_z = y + (0x80 - 'z' - 1) * ONES;
    return (~ge_a | gt_z | x) & 0x80 * ONES;
}

/* Where the run of ASCII letters at u[j] ends. */
static inline size_t letters_end(const unsigned char *u, size_t j, size_t len,
                                 const unsigned char *cl)
{
#if TOK_WIDE
    while (j + 8 <= len) {
        uint64_t m = nonletters(load64(u + j));
        if (m != 0)
            return j + ((size_t)__builtin_ctzll(m) >> 3);
        j += 8;
    }
#endif
    while (j < len && (cl[u[j]] & B_ALPHA))
        j++;
    return j;
}

/* The class of the word whose key is k (n bytes) into t, if it has
 * one; returns the class (C_NONE when it has none). */
static inline unsigned set_class(chr_tok *t, const uint64_t k[2], size_t n)
{
    int e = chr_lex_find_key(k, n);
    if (e < 0)
        return C_NONE;
    uint32_t info = chr_lex_info[e];
    t->cls = (uint8_t)info;
    t->val = (int8_t)(uint8_t)(info >> 8);
    t->plural = (info >> 16) & 1u;
    return (uint8_t)info;
}

#if TOK_WIDE
/* The bytes of a key of n bytes (0 to 16): its two words' masks. */
#define M(n) ((n) >= 8 ? ~0ULL : (1ULL << (8 * (n))) - 1)
static const uint64_t key_mask[17][2] = {
    {M(0), 0}, {M(1), 0}, {M(2), 0}, {M(3), 0}, {M(4), 0}, {M(5), 0}, {M(6), 0}, {M(7), 0},
    {M(8), 0}, {M(8), M(1)}, {M(8), M(2)}, {M(8), M(3)}, {M(8), M(4)}, {M(8), M(5)},
    {M(8), M(6)}, {M(8), M(7)}, {M(8), M(8)}};
#undef M
#endif

/* Give the word u[s, s+n) of ASCII letters its lexicon class: its bytes
 * in lower case, NUL-padded, are the key.  Returns the class. */
static inline unsigned classify_ascii(const unsigned char *u, size_t s, size_t n, size_t len,
                                      chr_tok *t)
{
    uint64_t k[2] = {0, 0};
    if (n > CHR_WORDTAB_MAXLEN)
        return C_NONE;
#if TOK_WIDE
    if (s + 16 <= len) {
        uint64_t m0 = key_mask[n][0], m1 = key_mask[n][1];
        /* letters only: setting bit 5 lowers each */
        k[0] = (load64(u + s) | 0x20 * ONES) & m0;
        k[1] = (load64(u + s + 8) | 0x20 * ONES) & m1;
        return set_class(t, k, n);
    }
#endif
    (void)len;
    unsigned char w[16] = {0};
    for (size_t i = 0; i < n; i++)
        w[i] = (unsigned char)chr_lower(u[s + i]);
    memcpy(k, w, sizeof k);
    return set_class(t, k, n);
}

/* Where the number at u[i] ends: its value (capped past 10^8), digits
 * and whether thousands groups were folded in. */
static inline size_t number_end(const unsigned char *u, size_t i, size_t len,
                                const unsigned char *cl, int64_t *value, int *ndig,
                                int *grouped)
{
    int64_t v = 0;
    size_t j = i;
    int nd = 0;
    *grouped = 0;
    while (j < len && (cl[u[j]] & B_DIGIT)) {
        if (v < 100000000)
            v = v * 10 + (u[j] - '0');
        j++;
        nd++;
    }
    /* "1,500" and "123,000": thousands groups of exactly three */
    while (j + 3 < len + 0 && u[j] == ',' && nd <= 3 + 4 * 4 && chr_is_digit(u[j + 1]) &&
           chr_is_digit(u[j + 2]) && chr_is_digit(u[j + 3]) &&
           (j + 4 >= len || !chr_is_digit(u[j + 4]))) {
        for (int k = 1; k <= 3; k++)
            if (v < 100000000)
                v = v * 10 + (u[j + k] - '0');
        j += 4;
        *grouped = 1;
        nd += 3;
    }
    *value = v;
    *ndig = nd;
    return j;
}

int chr_tokenize_part(const char *text, size_t start, size_t len, chr_toks *out)
{
    const unsigned char *u = (const unsigned char *)text;
    const unsigned char *cl = byte_class;
    size_t i = start;
    int sp = 1, nl = 0;
    chr_lex_init();
    pthread_once(&byte_class_once, byte_class_build);
    chr_stat_add(CHR_STAT_TOKENIZE);
    out->n = out->nmark = 0;
    /* the white space before start: as if the text were read from 0 */
    if (start > 0) {
        size_t k = start;
        while (k > 0 && (cl[u[k - 1]] & B_SPACE))
            nl |= cl[u[--k]] & B_NL;
        sp = k == 0 || k < start;
    }
    /* about one token per five bytes of English text */
    if (toks_room(out, (len - start) / 5 + 16) != 0)
        return CHR_ENOMEM;
    /* the arrays and counts in locals: a token's byte-wide fields could
     * alias them for all the compiler knows, and each store through a
     * token would have them read again */
    chr_tok *tt = out->t;
    uint32_t *mark = out->mark;
    size_t n = 0, nmark = 0, cap = out->cap;
    while (i < len) {
        unsigned char c = u[i];
        if (cl[c] & B_SPACE) {
            do {
                nl |= cl[u[i]] & B_NL;
                i++;
            } while (i < len && (cl[u[i]] & B_SPACE));
            sp = 1;
            continue;
        }
        if (n == cap) {
            out->n = n;
            out->nmark = nmark;
            if (toks_room(out, cap * 2) != 0)
                return CHR_ENOMEM;
            tt = out->t;
            mark = out->mark;
            cap = out->cap;
        }
        /* written in place, each kind in one whole store of its fields
         * (a token built aside and copied in is read back whole from its
         * parts' stores, which stalls) */
        chr_tok *t = &tt[n];
        unsigned adj = !sp, nlb = nl != 0, marked = 1;
        if (cl[c] & B_ALPHA) {
            size_t j = letters_end(u, i + 1, len, cl);
            int ascii = 1;
            /* letters of other scripts ("é", "ß") join the word */
            while (j < len && u[j] >= 0x80 && punct_utf8(u + j, u + len) == 0) {
                ascii = 0;
                j++;
                while (j < len && (u[j] & 0xC0) == 0x80)
                    j++;
                j = letters_end(u, j, len, cl);
            }
            *t = (chr_tok){.s = (uint32_t)i, .e = (uint32_t)j, .kind = T_WORD, .adj = adj,
                           .nl = nlb, .cap = chr_is_upper(c)};
            unsigned cls = ascii ? classify_ascii(u, i, j - i, len, t) : C_NONE;
            marked = (cls != C_NONE) | (j - i == 1);
            i = j;
        } else if (cl[c] & B_DIGIT) {
            int64_t v;
            int nd, grouped;
            size_t j = number_end(u, i, len, cl, &v, &nd, &grouped);
            *t = (chr_tok){.s = (uint32_t)i, .e = (uint32_t)j, .val = (int32_t)v, .kind = T_NUM,
                           .ndig = (uint8_t)(nd > 255 ? 255 : nd), .adj = adj, .nl = nlb,
                           .grouped = (uint8_t)grouped};
            i = j;
        } else if (c >= 0x80 && punct_utf8(u + i, u + len) == 0) {
            /* a word that starts in another script */
            size_t j = i;
            while (j < len && u[j] >= 0x80 && punct_utf8(u + j, u + len) == 0) {
                j++;
                while (j < len && (u[j] & 0xC0) == 0x80)
                    j++;
                j = letters_end(u, j, len, cl);
            }
            *t = (chr_tok){.s = (uint32_t)i, .e = (uint32_t)j, .kind = T_WORD, .adj = adj,
                           .nl = nlb};
            marked = j - i == 1;
            i = j;
        } else {
            size_t np = c >= 0x80 ? punct_utf8(u + i, u + len) : 1;
            if (np == 0)
                np = 1;
            *t = (chr_tok){.s = (uint32_t)i, .e = (uint32_t)(i + np), .val = c, .kind = T_PUNCT,
                           .adj = adj, .nl = nlb};
            i += np;
        }
        /* marked with no branch: whether a word has a class is what the
         * text says next, which no predictor guesses */
        mark[nmark] = (uint32_t)n;
        nmark += marked;
        n++;
        sp = 0;
        nl = 0;
    }
    out->n = n;
    out->nmark = nmark;
    return 0;
}


/* A word of dates or units ("May", "mid", "am", "week"): joined to a
 * number it writes a date or a measure, not a code. */
static int date_word(const chr_tok *t)
{
    return t->kind == T_WORD &&
           (t->cls == C_MONTH || t->cls == C_MONTH_AB || t->cls == C_WDAY || t->cls == C_WDAY_AB ||
            t->cls == C_UNIT || t->cls == C_PART || t->cls == C_SEASON ||
            (t->cls == C_KW && (t->val == K_AM || t->val == K_PM || t->val == K_MID ||
                                t->val == K_EARLY || t->val == K_LATE || t->val == K_FISCAL)));
}

/* Is t a word written with a capital anywhere ("A", "iPhone", "CoV")? */
static int has_capital(const char *text, const chr_tok *t)
{
    for (uint32_t k = t->s; k < t->e; k++)
        if (chr_is_upper((unsigned char)text[k]))
            return 1;
    return 0;
}

size_t chr_tok_code(const char *text, const chr_tok *t, size_t i, size_t n, int *capital)
{
    *capital = 0;
    if (i >= n || t[i].kind == T_PUNCT || (i > 0 && t[i].adj && t[i - 1].kind != T_PUNCT))
        return i;
    /* most tokens: nothing written against them */
    if (i + 1 >= n || !t[i + 1].adj)
        return i;
    size_t e = i + 1;
    int code = 0, cap = t[i].kind == T_WORD && has_capital(text, &t[i]);
    int lexical = date_word(&t[i]);
    for (;;) {
        if (e < n && t[e].adj && t[e].kind != T_PUNCT) {
            const chr_tok *p = &t[e - 1], *q = &t[e];
            /* "A320", "G7", "Northfield5": letters then digits; "5G",
             * "3D", "4K": digits then a capital (not "5th", "1990s", "5pm") */
            if ((p->kind == T_WORD && q->kind == T_NUM) ||
                (p->kind == T_NUM && q->kind == T_WORD && q->cap))
                code = 1;
            cap |= q->kind == T_WORD && has_capital(text, q);
            lexical |= date_word(q);
            e++;
            continue;
        }
        /* "F-16", "COVID-19", "SARS-CoV-2": a hyphen inside, joining a
         * capitalised part and a number */
        if (e + 1 < n && t[e].kind == T_PUNCT && (t[e].val == '-' || t[e].val == '/') &&
            t[e].adj && t[e + 1].adj && t[e + 1].kind != T_PUNCT) {
            cap |= t[e + 1].kind == T_WORD && has_capital(text, &t[e + 1]);
            lexical |= date_word(&t[e + 1]);
            if (cap && (t[e - 1].kind == T_NUM) != (t[e + 1].kind == T_NUM))
                code = 1;
            e += 2;
            continue;
        }
        break;
    }
    /* a date or a unit ("Mid-2019", "May-2011", "10AM") is no code */
    if (!code || lexical)
        return i;
    *capital = cap;
    return e;
}
