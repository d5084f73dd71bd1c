/*
 * lex_int.h - tokens and the word classes the tagger and the extractor
 * share (core-only).
 *
 * A chr_toks owns its array (chr_toks_free).  Tokens hold byte spans into
 * the text they were made from, which must outlive them.
 */
#ifndef CHRONICLE_LEX_INT_H
#define CHRONICLE_LEX_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/text_int.h"
#include "base/wordtab_int.h"

enum tok_kind { T_WORD = 1, T_NUM, T_PUNCT };

/* Lexical classes of words. */
enum tok_class {
    C_NONE = 0,
    C_MONTH,      /* val 1..12 */
    C_MONTH_AB,   /* abbreviated month, val 1..12 */
    C_WDAY,       /* val 1..7 (Monday = 1) */
    C_WDAY_AB,
    C_UNIT,       /* val: enum unit; plural flag in tok.plural */
    C_NUMW,       /* number word, val */
    C_ORDW,       /* ordinal word, val */
    C_SEASON,     /* val 1..4 (spring, summer, autumn/fall, winter) */
    C_PART,       /* val: 1 start, 2 mid, 3 end */
    C_DAYREL,     /* today 0, yesterday -1, tomorrow 1, tonight 10 */
    C_KW,         /* keyword, val: enum kw */
    C_HOLIDAY     /* a feast of fixed rule, val: enum holiday */
};

enum unit {
    U_NONE = 0, U_MINUTE, U_HOUR, U_DAY, U_WEEKEND, U_WEEK, U_FORTNIGHT,
    U_MONTH, U_QUARTER, U_SEASON, U_YEAR, U_DECADE, U_CENTURY, U_SECOND
};

enum kw {
    K_NONE = 0, K_LAST, K_NEXT, K_THIS, K_PAST, K_COMING, K_PREVIOUS,
    K_FOLLOWING, K_SAME, K_THAT, K_AGO, K_LATER, K_EARLIER, K_BEFORE,
    K_AFTER, K_SINCE, K_IN, K_ON, K_AT, K_OF, K_THE, K_THEN, K_EVERY,
    K_EACH, K_FOR, K_OVER, K_DURING, K_UNTIL, K_BY, K_FROM, K_TO,
    K_THROUGH, K_BETWEEN, K_AND, K_WITHIN, K_RECENT, K_NOW, K_AM, K_PM,
    K_NOON, K_MIDNIGHT, K_MORNING, K_AFTERNOON, K_EVENING, K_NIGHT,
    K_HALF, K_CONSECUTIVE, K_FEW, K_SEVERAL, K_MANY, K_COUPLE, K_SOME,
    K_ANNUALLY, K_APPROX, K_ONCE, K_TWICE, K_TIMES, K_PER, K_A, K_AN,
    K_HENCE, K_OR, K_AROUND, K_EARLY_ADV, K_TZ, K_FISCAL, K_YEAR_W,
    K_WILL, K_WOULD, K_SHALL, K_RECENTLY, K_FUTURE, K_CURRENTLY,
    K_THROUGHOUT, K_QUARTER_W, K_START_N, K_END_N, K_BEGINNING, K_MIDDLE,
    K_LATE, K_EARLY, K_MID, K_UPCOMING, K_PRIOR, K_TILL, K_LEAST,
    K_MORE, K_THAN, K_ABOUT, K_NEARLY, K_ALMOST, K_OVERNIGHT, K_FREQ,
    K_CURRENT, K_HUNDRED, K_THOUSAND
};

/* Holidays whose date a rule gives (the calendar of the West; Easter by
 * the Gregorian computus, Thanksgiving the fourth Thursday of November). */
enum holiday {
    H_NONE = 0, H_CHRISTMAS, H_THANKSGIVING, H_HALLOWEEN, H_EASTER, H_VALENTINE
};

/* 16 bytes: a document holds one per word, number and mark (about one
 * per five bytes of text). */
typedef struct chr_tok {
    uint32_t s, e;          /* byte span */
    int32_t val;            /* class value, or the number's value */
    uint8_t kind;           /* enum tok_kind */
    uint8_t cls;            /* enum tok_class */
    uint8_t ndig;           /* digits in a number */
    uint8_t adj : 1;        /* no white space before this token */
    uint8_t nl : 1;         /* a newline lies between the previous token and this */
    uint8_t cap : 1;        /* word starts with an upper-case letter */
    uint8_t plural : 1;     /* unit word in plural */
    uint8_t grouped : 1;    /* number written with thousands separators */
    uint8_t cue : 1;        /* word is a tense cue (lexicon.c; chr_lex_tense) */
    uint8_t aux : 1;        /* word of no class a date rule reads (lexicon.c) */
} chr_tok;

typedef struct chr_toks {
    chr_tok *t;
    size_t n, cap;
    /* The indices of the numbers, the words of a lexicon class (of the
     * keywords, those a date rule starts at: chr_lex_kw_marked), the
     * one-letter words ("Q3") and the marks "@" (a comment stamp's
     * "@10:53AM"), in order: the only tokens a date rule can start at, so
     * the tagger visits these alone.  The tokenizer fills them. */
    uint32_t *mark;
    size_t nmark, mcap;
} chr_toks;

/* Tokenize text; returns 0 or CHR_ENOMEM.  Words are ASCII letters (and
 * other non-ASCII letters), numbers are ASCII digit runs (with ","
 * thousands groups folded in), everything else is one punctuation token. */
int chr_tokenize(const char *text, size_t len, chr_toks *out);
/* The tokens of text[start, end) alone, as chr_tokenize gives them for
 * the whole text when no token crosses start or end (offsets into text;
 * the white space before start counts). */
int chr_tokenize_part(const char *text, size_t start, size_t end, chr_toks *out);
void chr_toks_free(chr_toks *t);

/* Is the word token t equal (ASCII case-insensitive) to w (lower case)?
 * Inline: w is a literal at every call, so its length is known and most
 * tokens are turned away by theirs. */
static inline int chr_tok_is(const char *text, const chr_tok *t, const char *w)
{
    size_t n = t->e - t->s;
    if (n != strlen(w))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (chr_lower((unsigned char)text[t->s + i]) != w[i])
            return 0;
    return 1;
}

/* A code or model name starting at token i of t[0, n): letters and
 * digits written together ("A320", "G7", "5G", "Northfield5") or joined
 * by a hyphen ("F-16", "COVID-19").  Returns the index after it, i when
 * none; *capital says whether it has a capital letter. */
size_t chr_tok_code_at(const char *text, const chr_tok *t, size_t i, size_t n, int *capital);
static inline size_t chr_tok_code(const char *text, const chr_tok *t, size_t i, size_t n,
                                  int *capital)
{
    /* most tokens: nothing written against them (asked of every token) */
    if (i + 1 >= n || !t[i + 1].adj) {
        *capital = 0;
        return i;
    }
    return chr_tok_code_at(text, t, i, n, capital);
}

/* Is t an apostrophe: ' or U+2019? */
static inline int chr_tok_apostrophe(const char *text, const chr_tok *t)
{
    const unsigned char *u = (const unsigned char *)text + t->s;
    return t->kind == T_PUNCT && (t->val == '\'' || (t->e - t->s == 3 && u[0] == 0xE2 &&
                                                     u[1] == 0x80 && u[2] == 0x99));
}

/* Build the lexicon's index (once per process; any thread). */
void chr_lex_init(void);
/* The lexicon's index (lexicon.c), inline for the tokenizer, which gives
 * every word its class (cls, val, plural) and cue and aux flags from it
 * after chr_lex_init.  A word's key is its n ASCII letters in lower case,
 * NUL-padded to 16 bytes; its slot chr_lex_hash(key) holds the number of
 * the only entry that can be that word, 0 (a key no word has) for none.
 * Entry k's class, value, plural, cue and aux flags, and whether its
 * tokens are marked (chr_toks.mark), are packed in chr_lex_info[k] (0
 * for entry 0), and chr_lex_tokhi[k] is bytes 8 to 15
 * of a word token of entry k with no flag but plural, cue and aux set,
 * for the tokenizer to write whole. */
#define CHR_LEX_MAXLEN 12      /* the lexicon's longest word */
#define CHR_LEX_BITS 13        /* 2^13 slots of two bytes */
extern uint16_t chr_lex_slot[];
extern uint64_t chr_lex_key[][2];
extern uint32_t chr_lex_info[];
extern uint64_t chr_lex_tokhi[];
extern uint64_t chr_lex_mul;
#define CHR_LEX_INFO(cls, val, plural, cue, aux, mark) \
    ((uint32_t)(cls) | (uint32_t)(uint8_t)(val) << 8 | (uint32_t)(plural) << 16 | \
     (uint32_t)(cue) << 17 | (uint32_t)(aux) << 18 | (uint32_t)(mark) << 19)
#define CHR_LEX_MARK(info) ((info) >> 19 & 1u)
/* Does the tokenizer mark keyword kw (enum kw) as one a date rule can
 * start at?  (The tagger checks its rule table against these.) */
int chr_lex_kw_marked(int kw);
static inline uint32_t chr_lex_hash(uint64_t k0, uint64_t k1)
{
    return (uint32_t)(((k0 ^ k1 * 0xC2B2AE3D27D4EB4FULL) * chr_lex_mul) >> (64 - CHR_LEX_BITS));
}
/* The entry of the word whose key is k0, k1; 0 when it has none.  No
 * branch: one slot, one comparison of both halves. */
static inline unsigned chr_lex_entry(uint64_t k0, uint64_t k1)
{
    unsigned e = chr_lex_slot[chr_lex_hash(k0, k1)];
    return ((chr_lex_key[e][0] ^ k0) | (chr_lex_key[e][1] ^ k1)) == 0 ? e : 0;
}

/* Tense, for the tagger and the extractor alike, of tokens from
 * chr_tokenize (their cue flag is read).  A past form is a verb
 * in the past tense: a lower-case word ending in -ed ("banned", "fled";
 * not "need") or a common irregular past ("met", "sold").  A past cue is
 * a past form or a word that puts a clause in the past ("ago", "earlier",
 * "previously"); a future cue a modal or a word of plans ("will",
 * "scheduled", "next"). */
int chr_lex_past_form(const char *text, const chr_tok *t);
int chr_lex_past_word(const char *text, const chr_tok *t);
int chr_lex_future_word(const char *text, const chr_tok *t);
/* Both in one lookup: CHR_LEX_PAST when chr_lex_past_word holds,
 * CHR_LEX_FUTURE when chr_lex_future_word does.  Inline: the clause
 * around every expression is read word by word, and few words are cues
 * (chr_lex_cue_tense, the lookup of those that are). */
enum { CHR_LEX_PAST = 1, CHR_LEX_FUTURE = 2 };
unsigned chr_lex_cue_tense(const char *text, const chr_tok *t);
static inline unsigned chr_lex_tense(const char *text, const chr_tok *t)
{
    if (t->kind != T_WORD)
        return 0;
    size_t n = t->e - t->s;
    /* chr_lex_past_form's "-ed" test, then the cues' answer */
    unsigned out = n > 3 && !t->cap && text[t->e - 2] == 'e' && text[t->e - 1] == 'd' &&
                           (n > 4 || text[t->s + 1] != 'e')
                       ? CHR_LEX_PAST
                       : 0;
    return t->cue ? out | chr_lex_cue_tense(text, t) : out;
}

#endif
