/*
 * token.c - the tokenizer: words, numbers (with thousands groups folded
 * in) and punctuation, each word classified once by the lexicon.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_int.h"
#include "chronicle/error.h"
#include "chronicle/stats.h"
#include "chronicle/utf8.h"
#include "lex/lex_int.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif


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

static void key_mask_build(void);

static void byte_class_build(void)
{
    key_mask_build();
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

/* The bytes of the key of a word of n letters (n < 64): its two words'
 * masks, both 0 past the lexicon's longest word, so that a longer word
 * gets the empty key, which is no word's (byte_class_build fills it). */
static uint64_t key_mask[64][2];

static void key_mask_build(void)
{
    for (size_t n = 1; n <= CHR_LEX_MAXLEN; n++) {
        key_mask[n][0] = n >= 8 ? ~0ULL : (1ULL << (8 * n)) - 1;
        key_mask[n][1] = n <= 8 ? 0 : (1ULL << (8 * (n - 8))) - 1;
    }
}

#if TOK_WIDE
/* The lexicon entry (chr_lex_entry, 0 for none) of the word of n ASCII
 * letters at w (n < 64), whose 16 bytes from w can be read: lowered (the
 * letters only: setting bit 5 lowers each) and masked, they are its
 * key. */
static inline unsigned word_entry_wide(const unsigned char *w, size_t n)
{
    return chr_lex_entry((load64(w) | 0x20 * ONES) & key_mask[n][0],
                         (load64(w + 8) | 0x20 * ONES) & key_mask[n][1]);
}
#endif

/* The lexicon entry of the word u[s, s+n) of ASCII letters: its bytes in
 * lower case, NUL-padded, are the key.  A word longer than the lexicon's
 * longest, and n = 0, give the empty key. */
static inline unsigned word_entry(const unsigned char *u, size_t s, size_t n, size_t len)
{
    size_t nk = n <= CHR_LEX_MAXLEN ? n : 0;
#if TOK_WIDE
    if (s + 16 <= len)
        return word_entry_wide(u + s, nk);
#endif
    (void)len;
    unsigned char w[16] = {0};
    uint64_t k0, k1;
    for (size_t i = 0; i < nk; i++)
        w[i] = (unsigned char)chr_lower(u[s + i]);
    memcpy(&k0, w, 8);
    memcpy(&k1, w + 8, 8);
    return chr_lex_entry(k0, k1);
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

/* The token at u[i], which is not white space, into *t, with adj and nl
 * as given; returns its end, and in *marked whether a date rule may
 * start at it (chr_toks.mark).
 * Every kind of token, a byte at a time where it must be: for the text's
 * end, other scripts, numbers, and machines with no SSE2. */
static size_t tok_one(const unsigned char *u, size_t i, size_t len, chr_tok *t, unsigned adj,
                      unsigned nlb, unsigned *marked)
{
    const unsigned char *cl = byte_class;
    unsigned char c = u[i];
    size_t j;
    *marked = 1;
    if (cl[c] & B_ALPHA) {
        j = letters_end(u, i + 1, len, cl);
        int ascii = 1;
        /* letters of other scripts ("é", "ß") join the word */
        while (j < len && u[j] >= 0x80 && punct_utf8(u + j, u + len) == 0) {
            ascii = 0;
            j++;
            while (j < len && (u[j] & 0xC0) == 0x80)
                j++;
            j = letters_end(u, j, len, cl);
        }
        uint32_t info = chr_lex_info[ascii ? word_entry(u, i, j - i, len) : 0];
        *t = (chr_tok){.s = (uint32_t)i, .e = (uint32_t)j, .val = (int8_t)(uint8_t)(info >> 8),
                       .kind = T_WORD, .cls = (uint8_t)info, .adj = adj, .nl = nlb,
                       .cap = chr_is_upper(c), .plural = (info >> 16) & 1u,
                       .cue = (info >> 17) & 1u, .aux = (info >> 18) & 1u};
        *marked = CHR_LEX_MARK(info) | (j - i == 1);
    } else if (cl[c] & B_DIGIT) {
        int64_t v;
        int nd, grouped;
        j = number_end(u, i, len, cl, &v, &nd, &grouped);
        *t = (chr_tok){.s = (uint32_t)i, .e = (uint32_t)j, .val = (int32_t)v, .kind = T_NUM,
                       .ndig = (uint8_t)(nd > 255 ? 255 : nd), .adj = adj, .nl = nlb,
                       .grouped = (uint8_t)grouped};
    } else {
        /* punctuation, or (np = 0) a word that starts in another script:
         * its first character decoded once */
        size_t np = c >= 0x80 ? punct_utf8(u + i, u + len) : 1;
        if (np == 0) {
            j = i;
            do {
                j++;
                while (j < len && (u[j] & 0xC0) == 0x80)
                    j++;
                j = letters_end(u, j, len, cl);
            } while (j < len && u[j] >= 0x80 && punct_utf8(u + j, u + len) == 0);
            *t = (chr_tok){.s = (uint32_t)i, .e = (uint32_t)j, .kind = T_WORD, .adj = adj,
                           .nl = nlb};
            *marked = j - i == 1;
        } else {
            *t = (chr_tok){.s = (uint32_t)i, .e = (uint32_t)(i + np), .val = c,
                           .kind = T_PUNCT, .adj = adj, .nl = nlb};
            *marked = c == '@';
            j = i + np;
        }
    }
    return j;
}

/* What the tokenizer carries from token to token: the arrays and counts
 * (in locals of the caller once inlined: a token's byte-wide fields
 * could alias them for all the compiler knows), and the white space seen
 * since the last token (sp) and whether it held a newline (nl). */
struct tok_run {
    chr_tok *t;
    uint32_t *mark;
    size_t n, nmark;
    unsigned sp, nl;
};

/* Token t[n] is written: count it, and mark it when a rule may start at
 * it. */
static inline void tok_done(struct tok_run *r, unsigned marked)
{
    /* marked with no branch: whether a word has a class is what the text
     * says next, which no predictor guesses */
    r->mark[r->nmark] = (uint32_t)r->n;
    r->nmark += marked;
    r->n++;
    r->sp = 0;
    r->nl = 0;
}

#if defined(__SSE2__) && defined(__GNUC__)
#define TOK_SSE2 1
#define TOK_WINDOW 64

/* Bit k of each mask says what byte k of a window of 64 is. */
struct tok_masks {
    uint64_t alpha, digit, space, nl, high, at;
};

static inline void tok_masks(const unsigned char *p, struct tok_masks *m)
{
    const __m128i bit5 = _mm_set1_epi8(0x20);
    /* x in [lo, lo + n) as bytes: x - lo + 0x80 below n - 0x80, signed */
    const __m128i a_shift = _mm_set1_epi8((char)(0x80 - 'a')), a_lim = _mm_set1_epi8(-128 + 26);
    const __m128i d_shift = _mm_set1_epi8((char)(0x80 - '0')), d_lim = _mm_set1_epi8(-128 + 10);
    const __m128i s_shift = _mm_set1_epi8((char)(0x80 - '\t')), s_lim = _mm_set1_epi8(-128 + 5);
    const __m128i blank = _mm_set1_epi8(' '), newline = _mm_set1_epi8('\n');
    const __m128i at = _mm_set1_epi8('@');
    memset(m, 0, sizeof *m);
    for (int k = 0; k < TOK_WINDOW / 16; k++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        __m128i a = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(x, bit5), a_shift), a_lim);
        __m128i d = _mm_cmplt_epi8(_mm_add_epi8(x, d_shift), d_lim);
        /* "\t\n\v\f\r" and the space, as chr_is_space */
        __m128i s = _mm_or_si128(_mm_cmplt_epi8(_mm_add_epi8(x, s_shift), s_lim),
                                 _mm_cmpeq_epi8(x, blank));
        m->alpha |= (uint64_t)(uint16_t)_mm_movemask_epi8(a) << (16 * k);
        m->at |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, at)) << (16 * k);
        m->digit |= (uint64_t)(uint16_t)_mm_movemask_epi8(d) << (16 * k);
        m->space |= (uint64_t)(uint16_t)_mm_movemask_epi8(s) << (16 * k);
        m->nl |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, newline)) << (16 * k);
        m->high |= (uint64_t)(uint16_t)_mm_movemask_epi8(x) << (16 * k);
    }
}

/* A token is written as two words.  Bytes 8 to 15 (its class fields and
 * flags) as the x86 ABI lays them out: val in the low four bytes, then
 * kind, cls, ndig, and the flags from bit 0 of the last byte (adj, nl,
 * cap, plural, grouped), so adj, nl and cap are bits 56, 57 and 58.  The
 * lexicon's templates of a word (chr_lex_tokhi) are made from a token;
 * only this and the flags' places are the ABI's. */
#define HI_KIND(k) ((uint64_t)(k) << 32)

/* The tokens of the 64 bytes at u[base] (base + 80 <= len: the 16 bytes
 * of any word's key can be read), into r (room for 64 more); returns
 * where to go on: the window's end, the end of a token that runs past
 * it, or the start of a word that may.  The window's masks give each
 * token's start, an ASCII word's end and the newlines before each token,
 * so ASCII words and marks are cut with no branch on what the text
 * holds; numbers and other scripts go a byte at a time (tok_one).  The
 * loop holds few masks: more are kept on the stack than computed. */
static inline size_t tok_window(const unsigned char *u, size_t base, size_t len,
                                struct tok_run *r)
{
    struct tok_masks m;
    tok_masks(u + base, &m);
    const uint64_t S = m.space, A = m.alpha, D = m.digit, WS = A & ~(A << 1);
    /* where tokens start: a letter after a non-letter, a digit after a
     * non-digit, every other byte that is not white space (a window
     * starts where no token goes on) */
    uint64_t T = WS | (D & ~(D << 1)) | ~(A | D | S);
    /* white space just before each byte (bit 0: before the window), and
     * a newline in the white space just before each byte that is not:
     * a newline's carry runs up the white space to the byte after it */
    const uint64_t X = m.nl | (r->nl != 0), SB = S << 1 | r->sp;
    const uint64_t NLB = (S + X) & ~S;
    /* where the last token ended: a token that starts there is adj
     * (before the window's first token, as SB's bit 0 says) */
    size_t prev = r->sp ? SIZE_MAX : base;
    /* the starts read a byte at a time: numbers, other scripts, "@" (the
     * one mark a rule starts at), a word going on in another script (its
     * start: the highest below the byte after it, where a word start's
     * carry runs out), and a word that may run on past the window (the
     * highest start) */
    uint64_t slow = D | m.high | m.at;
    for (uint64_t h = (A + WS) & ~A & m.high; h != 0; h &= h - 1)
        slow |= 1ULL << (63 - __builtin_clzll(WS & (h ^ (h - 1)) >> 1));
    if (A >> 63)
        slow |= 1ULL << (63 - __builtin_clzll(WS));
    while (T != 0) {
        uint64_t t = T & -T;
        size_t q = (size_t)__builtin_ctzll(T), s = base + q, e;
        unsigned sp, nl = (NLB & t) != 0, marked;
        T ^= t;
        if (slow & t) {
            sp = (SB & t) != 0;
            if ((A & t) && (~A & -t) == 0 && q > 0) {
                r->sp = sp;
                r->nl = nl;
                return s;   /* a word that may run on: read again from its start */
            }
            e = tok_one(u, s, len, &r->t[r->n], !sp, nl, &marked);
            tok_done(r, marked);
            prev = e;
            if (e - base >= TOK_WINDOW)
                return e;
            T &= ~0ULL << (e - base);   /* the starts inside the token */
            continue;
        }
        /* an ASCII word of wl letters, or (wl = 0) a byte of ASCII
         * punctuation: its entry 0, which no word has */
        size_t wl = (size_t)__builtin_ctzll(~A & -t) - q;
        unsigned c = u[s], word = wl != 0, k = word_entry_wide(u + s, wl);
        uint64_t hi = word ? chr_lex_tokhi[k] : HI_KIND(T_PUNCT) | c;
        hi |= (uint64_t)((s == prev) | nl << 1 | chr_is_upper(c) << 2) << 56;
        prev = s + wl + !word;
        uint64_t lo = (uint64_t)s | (uint64_t)prev << 32;
        chr_tok *tk = &r->t[r->n];
        memcpy(tk, &lo, 8);
        memcpy((char *)tk + 8, &hi, 8);
        /* a word its entry marks, or a one-letter word */
        marked = CHR_LEX_MARK(chr_lex_info[k]) | (wl == 1);
        tok_done(r, marked);
    }
    /* white space, if anything, from the last token to the window's end;
     * a newline in it carried out of the top */
    r->sp = (unsigned)(S >> 63);
    r->nl = S + X < S;
    return base + TOK_WINDOW;
}
#else
#define TOK_SSE2 0
#endif

int chr_tokenize_part(const char *text, size_t start, size_t len, chr_toks *out)
{
    const unsigned char *u = (const unsigned char *)text;
    const unsigned char *cl = byte_class;
    size_t i = start;
    struct tok_run r = {0};
    r.sp = 1;
    chr_lex_init();
    pthread_once(&byte_class_once, byte_class_build);
    chr_stat_add(CHR_STAT_TOKENIZE);
    out->n = out->nmark = 0;
    /* the white space before start: as if the text were read from 0 */
    if (start > 0) {
        size_t k = start;
        while (k > 0 && (cl[u[k - 1]] & B_SPACE))
            r.nl |= cl[u[--k]] & B_NL;
        r.sp = k == 0 || k < start;
    }
    /* about one token per five bytes of English text */
    if (toks_room(out, (len - start) / 5 + 16) != 0)
        return CHR_ENOMEM;
    r.t = out->t;
    r.mark = out->mark;
    while (i < len) {
        /* room for a window's tokens (at most one a byte) */
        if (out->cap - r.n < 64) {
            out->n = r.n;
            out->nmark = r.nmark;
            if (toks_room(out, out->cap * 2 + 64) != 0)
                return CHR_ENOMEM;
            r.t = out->t;
            r.mark = out->mark;
        }
#if TOK_SSE2
        if (len - i >= TOK_WINDOW + 16) {
            i = tok_window(u, i, len, &r);
            continue;
        }
#endif
        if (cl[u[i]] & B_SPACE) {
            do {
                r.nl |= cl[u[i]] & B_NL;
                i++;
            } while (i < len && (cl[u[i]] & B_SPACE));
            r.sp = 1;
            continue;
        }
        unsigned marked;
        i = tok_one(u, i, len, &r.t[r.n], !r.sp, r.nl != 0, &marked);
        tok_done(&r, marked);
    }
    out->n = r.n;
    out->nmark = r.nmark;
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

size_t chr_tok_code_at(const char *text, const chr_tok *t, size_t i, size_t n, int *capital)
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
