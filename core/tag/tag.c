/*
 * tag.c - temporal expressions: tokens, lexicon, pattern rules that build
 * a "proto" (what the text says), and the resolver that turns a proto into
 * a TIMEX3 value against the DCT, the previous date of the narrative and
 * the tense of the clause.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/tag.h"
#include "chronicle/utf8.h"
#include "tag/tag_int.h"
#include "base/text_int.h"
#include "base/wordtab_int.h"

/* ---- tokens ------------------------------------------------------------ */

static int push_tok(chr_toks *tv, const chr_tok *t)
{
    if (tv->n == tv->cap) {
        size_t cap = tv->cap ? tv->cap * 2 : 256;
        chr_tok *nt = realloc(tv->t, cap * sizeof *nt);
        if (nt == NULL)
            return -1;
        tv->t = nt;
        tv->cap = cap;
    }
    tv->t[tv->n++] = *t;
    return 0;
}

void chr_toks_free(chr_toks *t)
{
    free(t->t);
    t->t = NULL;
    t->n = t->cap = 0;
}

int chr_tok_is(const char *text, const chr_tok *t, const char *w)
{
    size_t n = t->e - t->s;
    for (size_t i = 0; i < n; i++, w++)
        if (*w == '\0' || chr_lower((unsigned char)text[t->s + i]) != *w)
            return 0;
    return *w == '\0';
}

struct lex { const char *w; uint8_t cls; int8_t val; uint8_t plural; };

/* Sorted by word for bsearch. */
static const struct lex lexicon[] = {
    {"a", C_KW, K_A, 0}, {"about", C_KW, K_ABOUT, 0},
    {"after", C_KW, K_AFTER, 0}, {"afternoon", C_KW, K_AFTERNOON, 0},
    {"ago", C_KW, K_AGO, 0}, {"almost", C_KW, K_ALMOST, 0},
    {"am", C_KW, K_AM, 0}, {"an", C_KW, K_AN, 0}, {"and", C_KW, K_AND, 0},
    {"annually", C_KW, K_ANNUALLY, 0}, {"apr", C_MONTH_AB, 4, 0},
    {"april", C_MONTH, 4, 0}, {"around", C_KW, K_AROUND, 0},
    {"at", C_KW, K_AT, 0}, {"aug", C_MONTH_AB, 8, 0},
    {"august", C_MONTH, 8, 0}, {"autumn", C_SEASON, 3, 0},
    {"before", C_KW, K_BEFORE, 0}, {"beginning", C_KW, K_BEGINNING, 0},
    {"between", C_KW, K_BETWEEN, 0}, {"by", C_KW, K_BY, 0},
    {"centuries", C_UNIT, U_CENTURY, 1}, {"century", C_UNIT, U_CENTURY, 0},
    {"cest", C_KW, K_TZ, 0}, {"cet", C_KW, K_TZ, 0},
    {"coming", C_KW, K_COMING, 0}, {"consecutive", C_KW, K_CONSECUTIVE, 0},
    {"couple", C_KW, K_COUPLE, 0}, {"currently", C_KW, K_CURRENTLY, 0},
    {"daily", C_KW, K_FREQ, 0},
    {"day", C_UNIT, U_DAY, 0}, {"days", C_UNIT, U_DAY, 1},
    {"dec", C_MONTH_AB, 12, 0}, {"decade", C_UNIT, U_DECADE, 0},
    {"decades", C_UNIT, U_DECADE, 1}, {"december", C_MONTH, 12, 0},
    {"during", C_KW, K_DURING, 0}, {"each", C_KW, K_EACH, 0},
    {"earlier", C_KW, K_EARLIER, 0}, {"early", C_PART, 1, 0},
    {"edt", C_KW, K_TZ, 0}, {"eight", C_NUMW, 8, 0},
    {"eighteen", C_NUMW, 18, 0}, {"eighth", C_ORDW, 8, 0},
    {"eleven", C_NUMW, 11, 0}, {"eleventh", C_ORDW, 11, 0},
    {"end", C_PART, 3, 0}, {"est", C_KW, K_TZ, 0}, {"et", C_KW, K_TZ, 0},
    {"evening", C_KW, K_EVENING, 0}, {"every", C_KW, K_EVERY, 0},
    {"fall", C_SEASON, 3, 0}, {"feb", C_MONTH_AB, 2, 0},
    {"february", C_MONTH, 2, 0}, {"few", C_KW, K_FEW, 0},
    {"fifteen", C_NUMW, 15, 0}, {"fifth", C_ORDW, 5, 0},
    {"fifty", C_NUMW, 50, 0}, {"first", C_ORDW, 1, 0},
    {"fiscal", C_KW, K_FISCAL, 0}, {"five", C_NUMW, 5, 0},
    {"following", C_KW, K_FOLLOWING, 0}, {"for", C_KW, K_FOR, 0},
    {"fortnight", C_UNIT, U_FORTNIGHT, 0}, {"forty", C_NUMW, 40, 0},
    {"four", C_NUMW, 4, 0}, {"fourteen", C_NUMW, 14, 0},
    {"fourth", C_ORDW, 4, 0}, {"fri", C_WDAY_AB, 5, 0},
    {"friday", C_WDAY, 5, 0}, {"from", C_KW, K_FROM, 0},
    {"future", C_KW, K_FUTURE, 0}, {"gmt", C_KW, K_TZ, 0},
    {"half", C_KW, K_HALF, 0}, {"hence", C_KW, K_HENCE, 0},
    {"hour", C_UNIT, U_HOUR, 0}, {"hourly", C_KW, K_FREQ, 0},
    {"hours", C_UNIT, U_HOUR, 1},
    {"in", C_KW, K_IN, 0}, {"jan", C_MONTH_AB, 1, 0},
    {"january", C_MONTH, 1, 0}, {"jul", C_MONTH_AB, 7, 0},
    {"july", C_MONTH, 7, 0}, {"jun", C_MONTH_AB, 6, 0},
    {"june", C_MONTH, 6, 0}, {"last", C_KW, K_LAST, 0},
    {"late", C_PART, 3, 0}, {"later", C_KW, K_LATER, 0},
    {"least", C_KW, K_LEAST, 0}, {"many", C_KW, K_MANY, 0},
    {"mar", C_MONTH_AB, 3, 0}, {"march", C_MONTH, 3, 0},
    {"may", C_MONTH, 5, 0}, {"mid", C_PART, 2, 0},
    {"middle", C_PART, 2, 0}, {"midnight", C_KW, K_MIDNIGHT, 0},
    {"minute", C_UNIT, U_MINUTE, 0}, {"minutes", C_UNIT, U_MINUTE, 1},
    {"mon", C_WDAY_AB, 1, 0}, {"monday", C_WDAY, 1, 0},
    {"month", C_UNIT, U_MONTH, 0}, {"monthly", C_KW, K_FREQ, 0},
    {"months", C_UNIT, U_MONTH, 1},
    {"more", C_KW, K_MORE, 0}, {"morning", C_KW, K_MORNING, 0},
    {"nearly", C_KW, K_NEARLY, 0}, {"next", C_KW, K_NEXT, 0},
    {"night", C_KW, K_NIGHT, 0}, {"nightly", C_KW, K_FREQ, 0},
    {"nine", C_NUMW, 9, 0},
    {"nineteen", C_NUMW, 19, 0}, {"ninth", C_ORDW, 9, 0},
    {"noon", C_KW, K_NOON, 0}, {"nov", C_MONTH_AB, 11, 0},
    {"november", C_MONTH, 11, 0}, {"now", C_KW, K_NOW, 0},
    {"oct", C_MONTH_AB, 10, 0}, {"october", C_MONTH, 10, 0},
    {"of", C_KW, K_OF, 0}, {"on", C_KW, K_ON, 0}, {"once", C_KW, K_ONCE, 0},
    {"one", C_NUMW, 1, 0}, {"or", C_KW, K_OR, 0}, {"over", C_KW, K_OVER, 0},
    {"overnight", C_KW, K_OVERNIGHT, 0}, {"past", C_KW, K_PAST, 0},
    {"pdt", C_KW, K_TZ, 0}, {"per", C_KW, K_PER, 0},
    {"pm", C_KW, K_PM, 0}, {"previous", C_KW, K_PREVIOUS, 0},
    {"prior", C_KW, K_PRIOR, 0}, {"pst", C_KW, K_TZ, 0},
    {"quarter", C_UNIT, U_QUARTER, 0}, {"quarters", C_UNIT, U_QUARTER, 1},
    {"recent", C_KW, K_RECENT, 0}, {"recently", C_KW, K_RECENTLY, 0},
    {"same", C_KW, K_SAME, 0}, {"sat", C_WDAY_AB, 6, 0},
    {"saturday", C_WDAY, 6, 0}, {"second", C_ORDW, 2, 0},
    {"sep", C_MONTH_AB, 9, 0}, {"sept", C_MONTH_AB, 9, 0},
    {"september", C_MONTH, 9, 0}, {"seven", C_NUMW, 7, 0},
    {"seventeen", C_NUMW, 17, 0}, {"seventh", C_ORDW, 7, 0},
    {"several", C_KW, K_SEVERAL, 0}, {"shall", C_KW, K_SHALL, 0},
    {"since", C_KW, K_SINCE, 0}, {"six", C_NUMW, 6, 0},
    {"sixteen", C_NUMW, 16, 0}, {"sixth", C_ORDW, 6, 0},
    {"some", C_KW, K_SOME, 0}, {"spring", C_SEASON, 1, 0},
    {"start", C_PART, 1, 0}, {"summer", C_SEASON, 2, 0},
    {"sun", C_WDAY_AB, 7, 0}, {"sunday", C_WDAY, 7, 0},
    {"ten", C_NUMW, 10, 0}, {"tenth", C_ORDW, 10, 0},
    {"than", C_KW, K_THAN, 0}, {"that", C_KW, K_THAT, 0},
    {"the", C_KW, K_THE, 0}, {"then", C_KW, K_THEN, 0},
    {"third", C_ORDW, 3, 0}, {"thirteen", C_NUMW, 13, 0},
    {"thirty", C_NUMW, 30, 0}, {"this", C_KW, K_THIS, 0},
    {"three", C_NUMW, 3, 0}, {"through", C_KW, K_THROUGH, 0},
    {"throughout", C_KW, K_THROUGHOUT, 0}, {"thu", C_WDAY_AB, 4, 0},
    {"thur", C_WDAY_AB, 4, 0}, {"thurs", C_WDAY_AB, 4, 0},
    {"thursday", C_WDAY, 4, 0}, {"till", C_KW, K_TILL, 0},
    {"times", C_KW, K_TIMES, 0}, {"to", C_KW, K_TO, 0},
    {"today", C_DAYREL, 0, 0}, {"tomorrow", C_DAYREL, 1, 0},
    {"tonight", C_DAYREL, 10, 0}, {"tue", C_WDAY_AB, 2, 0},
    {"tues", C_WDAY_AB, 2, 0}, {"tuesday", C_WDAY, 2, 0},
    {"twelfth", C_ORDW, 12, 0}, {"twelve", C_NUMW, 12, 0},
    {"twenty", C_NUMW, 20, 0}, {"twice", C_KW, K_TWICE, 0},
    {"two", C_NUMW, 2, 0}, {"until", C_KW, K_UNTIL, 0},
    {"upcoming", C_KW, K_UPCOMING, 0}, {"utc", C_KW, K_TZ, 0},
    {"wed", C_WDAY_AB, 3, 0}, {"wednesday", C_WDAY, 3, 0},
    {"week", C_UNIT, U_WEEK, 0}, {"weekend", C_UNIT, U_WEEKEND, 0},
    {"weekends", C_UNIT, U_WEEKEND, 1}, {"weekly", C_KW, K_FREQ, 0},
    {"weeks", C_UNIT, U_WEEK, 1},
    {"will", C_KW, K_WILL, 0}, {"winter", C_SEASON, 4, 0},
    {"within", C_KW, K_WITHIN, 0}, {"would", C_KW, K_WOULD, 0},
    {"year", C_UNIT, U_YEAR, 0}, {"years", C_UNIT, U_YEAR, 1},
    {"yesterday", C_DAYREL, -1, 0},
};

/* The lexicon is looked up for every word of every document: hashed once
 * (under pthread_once, as taggers run on worker threads). */
#define LEX_MAXLEN 12
static chr_wordtab lex_tab;
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

static void lex_build(void)
{
    chr_wordtab_build(&lex_tab, lexicon, sizeof lexicon / sizeof lexicon[0], sizeof lexicon[0]);
}

static void classify(const char *text, chr_tok *t)
{
    size_t n = t->e - t->s;
    char w[LEX_MAXLEN + 1];
    if (n > LEX_MAXLEN)
        return;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[t->s + i];
        if (c >= 0x80)
            return;
        w[i] = chr_lower(c);
    }
    int k = chr_wordtab_find(&lex_tab, w, n);
    if (k < 0)
        return;
    t->cls = lexicon[k].cls;
    t->val = lexicon[k].val;
    t->plural = lexicon[k].plural;
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

int chr_tokenize(const char *text, size_t len, chr_toks *out)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t i = 0;
    int sp = 1, nl = 0;
    pthread_once(&lex_once, lex_build);
    out->n = 0;
    /* about one token per five bytes of English text */
    if (out->cap < len / 5 + 16) {
        chr_tok *nt = realloc(out->t, (len / 5 + 16) * sizeof *nt);
        if (nt == NULL)
            return CHR_ENOMEM;
        out->t = nt;
        out->cap = len / 5 + 16;
    }
    while (i < len) {
        unsigned char c = u[i];
        if (chr_is_space(c)) {
            if (c == '\n')
                nl = 1;
            sp = 1;
            i++;
            continue;
        }
        chr_tok t;
        memset(&t, 0, sizeof t);
        t.s = (uint32_t)i;
        t.adj = !sp;
        t.nl = (uint8_t)nl;
        if (chr_is_digit(c)) {
            int64_t v = 0;
            size_t j = i;
            int nd = 0;
            while (j < len && chr_is_digit(u[j])) {
                if (v < 100000000)
                    v = v * 10 + (u[j] - '0');
                j++;
                nd++;
            }
            /* "1,500" and "123,000": thousands groups of exactly three */
            while (j + 3 < len + 0 && u[j] == ',' && nd <= 3 + 4 * 4 &&
                   chr_is_digit(u[j + 1]) && chr_is_digit(u[j + 2]) &&
                   chr_is_digit(u[j + 3]) && (j + 4 >= len || !chr_is_digit(u[j + 4]))) {
                for (int k = 1; k <= 3; k++)
                    if (v < 100000000)
                        v = v * 10 + (u[j + k] - '0');
                j += 4;
                t.grouped = 1;
                nd += 3;
            }
            t.kind = T_NUM;
            t.val = (int32_t)v;
            t.ndig = (uint8_t)(nd > 255 ? 255 : nd);
            t.e = (uint32_t)j;
            i = j;
        } else if (chr_is_alpha(c) || (c >= 0x80 && punct_utf8(u + i, u + len) == 0)) {
            size_t j = i;
            while (j < len) {
                if (chr_is_alpha(u[j])) {
                    j++;
                    while (j < len && chr_is_alpha(u[j]))
                        j++;
                } else if (u[j] >= 0x80 && punct_utf8(u + j, u + len) == 0) {
                    size_t n = 1;
                    while (j + n < len && (u[j + n] & 0xC0) == 0x80)
                        n++;
                    j += n;
                } else {
                    break;
                }
            }
            t.kind = T_WORD;
            t.cap = chr_is_upper(c);
            t.e = (uint32_t)j;
            classify(text, &t);
            i = j;
        } else {
            size_t n = c >= 0x80 ? punct_utf8(u + i, u + len) : 1;
            if (n == 0)
                n = 1;
            t.kind = T_PUNCT;
            t.val = c;
            t.e = (uint32_t)(i + n);
            i += n;
        }
        if (push_tok(out, &t) != 0)
            return CHR_ENOMEM;
        sp = 0;
        nl = 0;
    }
    return 0;
}

/* ---- protos ------------------------------------------------------------ */

enum pkind {
    P_ABS = 1,     /* calendar fields known (year may be missing) */
    P_WEEKDAY,     /* a weekday, direction from wdir or tense */
    P_DCTREL,      /* DCT shifted by n units (n may be 0: "this week") */
    P_PREVREL,     /* previous date shifted by n units */
    P_PREVREF,     /* "that December", "that same month" */
    P_DUR,
    P_SET,
    P_VAGUE,
    P_TIME         /* a clock time alone */
};

typedef struct proto {
    int kind;
    chr_precision prec;   /* for P_ABS, P_PREVREF: the finest field given */
    int y, m, d, w, q, season, half, decade, century;
    int hh, mm;           /* -1: no time */
    int unit, n;          /* relative expressions */
    int wday, wdir;       /* weekday; wdir -1 last, 1 next, 0 this, 2 tense */
    int then;             /* "then in May": anchor a bare month on the previous date */
    int in_ahead;         /* "in two years": a duration if the clause is past */
    int pod;              /* part of day: 1 MO, 2 AF, 3 EV, 4 NI */
    int skip_lead;        /* leading tokens that are signals, not span */
    chr_timex_mod mod;
    unsigned flags;
    char value[24];       /* durations, sets, vague values */
} proto;

static void proto_init(proto *p)
{
    memset(p, 0, sizeof *p);
    p->y = p->m = p->d = p->w = p->q = p->season = p->half = -1;
    p->decade = p->century = -1;
    p->hh = p->mm = -1;
    p->wdir = 2;
}

typedef struct ctx {
    const char *text;
    const chr_tok *t;
    size_t n;
    chr_date_order order;
} ctx;

#define TK(i) (c->t[(i)])
#define IN(i) ((i) < c->n)

static int is_p(const ctx *c, size_t i, int ch)
{
    return IN(i) && TK(i).kind == T_PUNCT && TK(i).val == ch;
}

static int is_kw(const ctx *c, size_t i, int kw)
{
    return IN(i) && TK(i).cls == C_KW && TK(i).val == kw;
}

static int is_cls(const ctx *c, size_t i, int cls)
{
    return IN(i) && TK(i).cls == cls;
}

static int is_word(const ctx *c, size_t i, const char *w)
{
    return IN(i) && TK(i).kind == T_WORD && chr_tok_is(c->text, &TK(i), w);
}

static int pod_at(const ctx *c, size_t i);

/* Words that can follow a date expression without making it a modifier
 * of a noun ("the summer there", "in 2019 when"). */
static int function_word(const ctx *c, size_t i)
{
    static const char *const fw[] = {
        "a", "an", "and", "or", "but", "in", "on", "at", "of", "to", "for", "with",
        "when", "as", "after", "before", "the", "will", "would", "is", "was", "are",
        "were", "there", "we", "they", "he", "she", "it", "i", "you", "that", "this",
        "by", "from", "until", "than", "while", "if", "so", "then", "has", "had",
        "have", "could", "can", "may", "might", "should", "must", "not", "already",
        "again", "too", "also", "alone", "only", "its", "their", "his", "her", "our"};
    if (!IN(i) || TK(i).kind != T_WORD)
        return 1;  /* punctuation, numbers and the end are fine */
    if (TK(i).cap || TK(i).cls == C_NUMW || TK(i).cls == C_KW)
        return 1;
    for (size_t k = 0; k < sizeof fw / sizeof fw[0]; k++)
        if (chr_tok_is(c->text, &TK(i), fw[k]))
            return 1;
    /* -ly adverbs and -ed/-ing verbs follow dates ("early 2019 helped") */
    size_t n = TK(i).e - TK(i).s;
    const char *e = c->text + TK(i).e;
    if (n > 3 && ((e[-2] == 'l' && e[-1] == 'y') || (e[-2] == 'e' && e[-1] == 'd') ||
                  (n > 4 && e[-3] == 'i' && e[-2] == 'n' && e[-1] == 'g')))
        return 1;
    return 0;
}

/* A capitalised month name, or an abbreviation (optionally with a dot).
 * Returns tokens used (0 if none). */
static size_t month_at(const ctx *c, size_t i, int *m)
{
    if (!IN(i) || TK(i).kind != T_WORD)
        return 0;
    if (TK(i).cls == C_MONTH && TK(i).cap) {
        *m = TK(i).val;
        return 1;
    }
    if (TK(i).cls == C_MONTH_AB && TK(i).cap) {
        *m = TK(i).val;
        return is_p(c, i + 1, '.') && TK(i + 1).adj ? 2 : 1;
    }
    return 0;
}

static size_t wday_at(const ctx *c, size_t i, int *wd)
{
    if (!IN(i) || !TK(i).cap)
        return 0;
    if (TK(i).cls == C_WDAY) {
        *wd = TK(i).val;
        return 1;
    }
    if (TK(i).cls == C_WDAY_AB) {
        *wd = TK(i).val;
        return is_p(c, i + 1, '.') && TK(i + 1).adj ? 2 : 1;
    }
    return 0;
}

static int plain_num(const ctx *c, size_t i)
{
    return IN(i) && TK(i).kind == T_NUM && !TK(i).grouped;
}

/* A four-digit year 1000..2199 that is a whole token. */
static int year_tok(const ctx *c, size_t i)
{
    return plain_num(c, i) && TK(i).ndig == 4 && TK(i).val >= 1000 &&
           TK(i).val <= 2199 && !(IN(i + 1) && TK(i + 1).adj && TK(i + 1).kind != T_PUNCT);
}

/* Day number with an optional ordinal suffix ("5", "5th"). */
static size_t day_at(const ctx *c, size_t i, int *d)
{
    if (!plain_num(c, i) || TK(i).ndig > 2 || TK(i).val < 1 || TK(i).val > 31)
        return 0;
    *d = TK(i).val;
    if (IN(i + 1) && TK(i + 1).adj && TK(i + 1).kind == T_WORD) {
        if (is_word(c, i + 1, "st") || is_word(c, i + 1, "nd") ||
            is_word(c, i + 1, "rd") || is_word(c, i + 1, "th"))
            return 2;
        return 0;  /* "5G", "3GPP" */
    }
    return 1;
}

/* Clock time at i: "16:05", "2:46 P.M.", "10:53AM", "10am", "10 a.m.",
 * "16:05:00 +1300", "noon".  Returns tokens used. */
static size_t clock_at(const ctx *c, size_t i, int *hh, int *mm)
{
    size_t j = i;
    if (is_p(c, j, '@'))
        j++;
    if (is_kw(c, j, K_NOON) || is_kw(c, j, K_MIDNIGHT)) {
        *hh = is_kw(c, j, K_NOON) ? 12 : 0;
        *mm = 0;
        return j + 1 - i;
    }
    if (!plain_num(c, j) || TK(j).ndig > 2 || TK(j).val > 23)
        return 0;
    int h = TK(j).val, m = 0, have_colon = 0;
    j++;
    if (is_p(c, j, ':') && TK(j).adj && plain_num(c, j + 1) && TK(j + 1).adj &&
        TK(j + 1).ndig == 2 && TK(j + 1).val < 60) {
        m = TK(j + 1).val;
        j += 2;
        have_colon = 1;
        if (is_p(c, j, ':') && TK(j).adj && plain_num(c, j + 1) &&
            TK(j + 1).ndig == 2 && TK(j + 1).val < 61)
            j += 2;  /* seconds */
    }
    /* am / pm, "a.m." "p.m.", "A.M." */
    int ampm = 0;
    if (is_kw(c, j, K_AM) || is_kw(c, j, K_PM)) {
        ampm = is_kw(c, j, K_PM) ? 2 : 1;
        j++;
    } else if ((is_word(c, j, "a") || is_word(c, j, "p")) && is_p(c, j + 1, '.') &&
               is_word(c, j + 2, "m") && TK(j + 1).adj && TK(j + 2).adj) {
        ampm = is_word(c, j, "p") ? 2 : 1;
        j += 3;
        if (is_p(c, j, '.') && TK(j).adj)
            j++;
    }
    if (!have_colon && !ampm)
        return 0;
    if (ampm) {
        if (h < 1 || h > 12)
            return 0;
        if (ampm == 2 && h != 12)
            h += 12;
        if (ampm == 1 && h == 12)
            h = 0;
    }
    /* zone: "ET", "GMT", "+1300", "(UTC)" */
    if (is_kw(c, j, K_TZ) && TK(j).cap)
        j++;
    else if ((is_p(c, j, '+') || is_p(c, j, '-')) && plain_num(c, j + 1) &&
             TK(j + 1).adj && TK(j + 1).ndig == 4)
        j += 2;
    *hh = h;
    *mm = m;
    return j - i;
}

/* Optional ", at 10am" / " @10:53AM" after a day date. */
static size_t time_after(const ctx *c, size_t j, proto *p)
{
    size_t k = j;
    if (is_p(c, k, ','))
        k++;
    if (is_kw(c, k, K_AT))
        k++;
    int hh, mm;
    size_t n = clock_at(c, k, &hh, &mm);
    if (n == 0)
        return 0;
    p->hh = hh;
    p->mm = mm;
    p->prec = CHR_PREC_MINUTE;
    return k + n - j;
}

/* Numeric day-month order for a pair with no part above 12. */
static int dmy_order(const ctx *c)
{
    return c->order != CHR_ORDER_MDY;
}

/* 2019-07-04, 2019.07.03, 2019/07/03 (+ optional T16:05) */
static size_t r_iso(const ctx *c, size_t i, proto *p)
{
    if (!(plain_num(c, i) && TK(i).ndig == 4))
        return 0;
    int sep = IN(i + 1) ? TK(i + 1).val : 0;
    if (!(is_p(c, i + 1, '-') || is_p(c, i + 1, '.') || is_p(c, i + 1, '/')))
        return 0;
    if (!(plain_num(c, i + 2) && TK(i + 2).ndig <= 2 && TK(i + 1).adj && TK(i + 2).adj &&
          is_p(c, i + 3, sep) && TK(i + 3).adj && plain_num(c, i + 4) &&
          TK(i + 4).adj && TK(i + 4).ndig <= 2))
        return 0;
    /* part of a longer code such as "RU-2019/03/01" or "10.2019.07.03" */
    if (i > 0 && TK(i).adj && (TK(i - 1).kind != T_PUNCT || TK(i - 1).val == '.' ||
                               TK(i - 1).val == '-' || TK(i - 1).val == '/'))
        return 0;
    if (is_p(c, i + 5, sep) && TK(i + 5).adj && IN(i + 6) && TK(i + 6).kind == T_NUM)
        return 0;
    int y = TK(i).val, m = TK(i + 2).val, d = TK(i + 4).val;
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    p->kind = P_ABS;
    p->y = y;
    p->m = m;
    p->d = d;
    p->prec = CHR_PREC_DAY;
    size_t j = i + 5;
    /* ISO "T16:05" glued to the date: the tokenizer reads "T16" as a word
     * then a number, so look for the letter T followed by digits. */
    if (IN(j) && TK(j).adj && is_word(c, j, "t") && plain_num(c, j + 1) && TK(j + 1).adj) {
        int hh, mm;
        size_t n = clock_at(c, j + 1, &hh, &mm);
        if (n) {
            p->hh = hh;
            p->mm = mm;
            p->prec = CHR_PREC_MINUTE;
            return j + 1 + n - i;
        }
    }
    return j - i + time_after(c, j, p);
}

/* 9.10.2019, 11/01/2019, 11/26/2019, 28-11-2018 */
static size_t r_numeric(const ctx *c, size_t i, proto *p)
{
    if (!(plain_num(c, i) && TK(i).ndig <= 2))
        return 0;
    if (!(is_p(c, i + 1, '.') || is_p(c, i + 1, '/') || is_p(c, i + 1, '-')))
        return 0;
    int sep = TK(i + 1).val;
    if (!(TK(i + 1).adj && plain_num(c, i + 2) && TK(i + 2).adj && TK(i + 2).ndig <= 2 &&
          is_p(c, i + 3, sep) && TK(i + 3).adj && plain_num(c, i + 4) && TK(i + 4).adj &&
          TK(i + 4).ndig == 4))
        return 0;
    if (i > 0 && TK(i).adj && TK(i - 1).kind != T_PUNCT)
        return 0;
    if (i > 0 && TK(i).adj && (TK(i - 1).val == '.' || TK(i - 1).val == '/' ||
                               TK(i - 1).val == '-') && i > 1 && TK(i - 1).adj &&
        TK(i - 2).kind == T_NUM)
        return 0;  /* version numbers 1.9.10.2019 */
    if (is_p(c, i + 5, sep) && TK(i + 5).adj && IN(i + 6) && TK(i + 6).kind == T_NUM)
        return 0;
    int a = TK(i).val, b = TK(i + 2).val, y = TK(i + 4).val;
    if (y < 1000 || a < 1 || b < 1)
        return 0;
    int d, m;
    if (a > 12 && b <= 12) {
        d = a;
        m = b;
    } else if (b > 12 && a <= 12) {
        d = b;
        m = a;
    } else if (a <= 12 && b <= 12) {
        /* dotted dates are day-first wherever they are written */
        if (sep == '.' || dmy_order(c)) {
            d = a;
            m = b;
        } else {
            d = b;
            m = a;
        }
    } else {
        return 0;
    }
    if (d > 31)
        return 0;
    p->kind = P_ABS;
    p->y = y;
    p->m = m;
    p->d = d;
    p->prec = CHR_PREC_DAY;
    return 5 + time_after(c, i + 5, p);
}

/* Optional year after a month/day: ", 2019", " 2019", " of 2019". */
static size_t year_after(const ctx *c, size_t j, int *y)
{
    size_t k = j;
    if (is_p(c, k, ','))
        k++;
    else if (is_kw(c, k, K_OF))
        k++;
    if (year_tok(c, k)) {
        *y = TK(k).val;
        return k + 1 - j;
    }
    return 0;
}

/* [Weekday[,]] Month[.] Day[th][,] [Year] [time] */
static size_t r_month_day(const ctx *c, size_t i, proto *p)
{
    size_t j = i;
    int wd = 0, m, d;
    size_t n = wday_at(c, j, &wd);
    if (n) {
        j += n;
        if (is_p(c, j, ','))
            j++;
    }
    n = month_at(c, j, &m);
    if (!n)
        return 0;
    j += n;
    n = day_at(c, j, &d);
    if (!n)
        return 0;
    /* "March 6" must not run into a longer number ("March 6.5") */
    if (is_p(c, j + n, '.') && IN(j + n + 1) && TK(j + n + 1).adj &&
        TK(j + n + 1).kind == T_NUM)
        return 0;
    j += n;
    p->kind = P_ABS;
    p->m = m;
    p->d = d;
    p->prec = CHR_PREC_DAY;
    int y;
    n = year_after(c, j, &y);
    if (n) {
        p->y = y;
        j += n;
    }
    (void)wd;
    return j - i + time_after(c, j, p);
}

/* [Weekday[,]] Day[th] [of] Month[.][,] [Year] [time] */
static size_t r_day_month(const ctx *c, size_t i, proto *p)
{
    size_t j = i;
    int wd = 0, m, d;
    size_t n = wday_at(c, j, &wd);
    if (n) {
        j += n;
        if (is_p(c, j, ','))
            j++;
        if (is_kw(c, j, K_THE))
            j++;
    } else if (is_kw(c, j, K_THE) && IN(j + 1) && TK(j + 1).kind == T_NUM) {
        j++;  /* "the 5th of March" */
    }
    n = day_at(c, j, &d);
    if (!n)
        return 0;
    j += n;
    if (is_kw(c, j, K_OF))
        j++;
    n = month_at(c, j, &m);
    if (!n)
        return 0;
    j += n;
    p->kind = P_ABS;
    p->m = m;
    p->d = d;
    p->prec = CHR_PREC_DAY;
    int y;
    n = year_after(c, j, &y);
    if (n) {
        p->y = y;
        j += n;
    }
    (void)wd;
    return j - i + time_after(c, j, p);
}

/* Words after which a bare month or year is a date ("in March",
 * "since 2011", "early 2019", "of 2018", "between 2016 and ..."). */
static int date_context(const ctx *c, size_t i)
{
    if (i == 0)
        return 0;
    const chr_tok *t = &TK(i - 1);
    if (t->cls == C_KW) {
        switch (t->val) {
        case K_IN: case K_ON: case K_SINCE: case K_UNTIL: case K_TILL:
        case K_BY: case K_DURING: case K_OF: case K_FROM: case K_TO:
        case K_THROUGH: case K_THROUGHOUT: case K_BEFORE: case K_AFTER:
        case K_BETWEEN: case K_AND: case K_OR: case K_FOR: case K_AROUND:
        case K_LAST: case K_NEXT: case K_THIS: case K_THAT: case K_THEN:
        case K_FISCAL: case K_EARLY: case K_LATE: case K_MID: case K_PRIOR:
        case K_AT: case K_THE:
            return 1;
        default:
            return 0;
        }
    }
    if (t->cls == C_PART)
        return 1;
    if (t->kind == T_PUNCT && (t->val == '(' || t->val == '-' || t->val == ','))
        return 1;
    if (t->kind == T_PUNCT && t->s + 3 == t->e)  /* en dash in "2016–2018" */
        return 1;
    if (t->kind == T_WORD && (chr_tok_is(c->text, t, "circa") ||
                              chr_tok_is(c->text, t, "year") ||
                              chr_tok_is(c->text, t, "as")))
        return 1;
    return 0;
}

/* Month [,|of] Year ; bare month with context. */
static size_t r_month(const ctx *c, size_t i, proto *p)
{
    int m;
    size_t n = month_at(c, i, &m);
    if (!n)
        return 0;
    int y;
    size_t k = year_after(c, i + n, &y);
    if (k) {
        p->kind = P_ABS;
        p->y = y;
        p->m = m;
        p->prec = CHR_PREC_MONTH;
        return n + k;
    }
    /* "Jan Kavan", "June Carter": a first name */
    if (IN(i + n) && TK(i + n).kind == T_WORD && TK(i + n).cap && TK(i + n).cls == C_NONE &&
        !TK(i + n).nl)
        return 0;
    /* "May" and "March" are also ordinary words; a bare month needs a
     * preposition or modifier before it, or "mid-" glued to it. */
    int ctxok = date_context(c, i) || (i > 0 && is_p(c, i - 1, '-') && TK(i).adj);
    if (!ctxok)
        return 0;
    if (i > 0 && TK(i - 1).cls == C_KW && TK(i - 1).val == K_THE)
        return 0;  /* "the March on Washington", "the May issue" */
    p->kind = P_ABS;
    p->m = m;
    p->prec = CHR_PREC_MONTH;
    return n;
}

static int is_dash(const ctx *c, size_t i);

/* Is the year at i used as a number rather than a date? */
static int year_is_number(const ctx *c, size_t i)
{
    if (i > 0) {
        const chr_tok *b = &TK(i - 1);
        const unsigned char *bu = (const unsigned char *)c->text + b->s;
        if (b->kind == T_PUNCT && (b->val == '$' || b->val == '#' || b->s + 2 == b->e ||
                                   (b->e - b->s == 3 && bu[0] == 0xE2 && bu[1] == 0x82)))
            return 1;  /* "$2019", "£2019", "€2019" (currency signs U+20A0..) */
        if (b->kind == T_WORD) {
            static const char *const before[] = {
                "no", "number", "iso", "rfc", "article", "art", "release",
                "version", "model", "room", "flight", "route", "page", "pp",
                "section", "chapter", "item", "code", "us", "usd", "eur",
                "gbp", "rs", "nr", "vol", "issue", "paragraph", "table",
                "figure", "fig", "step", "level", "unit", "suite", "box", "po"};
            for (size_t k = 0; k < sizeof before / sizeof before[0]; k++)
                if (chr_tok_is(c->text, b, before[k]))
                    return 1;
        }
        if (TK(i).adj && b->kind == T_WORD)
            return 1;  /* "RU2019" */
        /* "?year=2019", "27001:2013", "v_2019": glued to a code or URL */
        if (TK(i).adj && b->kind == T_PUNCT && (b->val == '=' || b->val == ':' || b->val == '_' ||
                                                b->val == '&' || b->val == '?' || b->val == '#'))
            return 1;
        /* "020 7946 2019": a run of numbers */
        if (b->kind == T_NUM && !TK(i).adj)
            return 1;
        /* "Windows 2000", "Office 2019": a product or a name, not a year */
        if (b->kind == T_WORD && b->cap && b->cls == C_NONE && !TK(i).adj && !TK(i).nl &&
            !(is_dash(c, i + 1) && year_tok(c, i + 2) && TK(i + 2).val > TK(i).val))
            return 1;
        if (TK(i).adj && i > 1 && (b->val == '-' || b->val == '/' || b->val == '.') &&
            TK(i - 1).adj && (TK(i - 2).kind == T_WORD || TK(i - 2).kind == T_NUM) &&
            !(b->val == '-' && TK(i - 2).kind == T_NUM && TK(i - 2).ndig == 4 &&
              TK(i - 2).val < TK(i).val))
            return 1;  /* "RU-2019", "ISO/2019", "13/13/2019"; not "2016-2018" */
    }
    if (IN(i + 1)) {
        const chr_tok *a = &TK(i + 1);
        if (a->kind == T_PUNCT && a->val == '%')
            return 1;
        /* "won by 2019 votes": a count of a plural noun, unless a
         * determiner makes the year a modifier ("the 2019 elections") */
        size_t an = a->e - a->s;
        int prep = i > 0 && TK(i - 1).cls == C_KW &&
                   (TK(i - 1).val == K_IN || TK(i - 1).val == K_SINCE || TK(i - 1).val == K_DURING ||
                    TK(i - 1).val == K_UNTIL || TK(i - 1).val == K_FROM || TK(i - 1).val == K_OF ||
                    TK(i - 1).val == K_BEFORE || TK(i - 1).val == K_AFTER || TK(i - 1).val == K_THROUGH);
        if (!prep && a->kind == T_WORD && !a->cap && an > 3 && c->text[a->e - 1] == 's' &&
            c->text[a->e - 2] != 's' && a->cls != C_UNIT &&
            !(i > 0 && TK(i - 1).kind == T_WORD &&
              (TK(i - 1).cls == C_KW ? (TK(i - 1).val == K_THE || TK(i - 1).val == K_A)
                                     : chr_tok_is(c->text, &TK(i - 1), "its") ||
                                           chr_tok_is(c->text, &TK(i - 1), "their"))))
            return 1;
        if (a->kind == T_WORD && (chr_tok_is(c->text, a, "percent") ||
                                  chr_tok_is(c->text, a, "per") ||
                                  chr_tok_is(c->text, a, "people") ||
                                  chr_tok_is(c->text, a, "employees") ||
                                  chr_tok_is(c->text, a, "units") ||
                                  chr_tok_is(c->text, a, "km") ||
                                  chr_tok_is(c->text, a, "miles") ||
                                  chr_tok_is(c->text, a, "meters") ||
                                  chr_tok_is(c->text, a, "dollars") ||
                                  chr_tok_is(c->text, a, "euros") ||
                                  chr_tok_is(c->text, a, "pounds") ||
                                  chr_tok_is(c->text, a, "yuan")))
            return 1;
        if (a->adj && a->kind == T_PUNCT && (a->val == '/' || a->val == '.' || a->val == ':') &&
            IN(i + 2) && TK(i + 2).adj && TK(i + 2).kind == T_NUM)
            return 1;  /* "2019/03" codes, "2019.5", "2019:1" */
        /* "2019-0042", "2019-13-01": a code or an impossible date, but
         * not the range "2016-2018" */
        if (a->adj && a->kind == T_PUNCT && a->val == '-' && IN(i + 2) && TK(i + 2).adj &&
            TK(i + 2).kind == T_NUM && !(TK(i + 2).ndig == 4 && TK(i + 2).val > TK(i).val))
            return 1;
    }
    return 0;
}

static int is_dash(const ctx *c, size_t i)
{
    if (!IN(i) || TK(i).kind != T_PUNCT)
        return 0;
    if (TK(i).val == '-')
        return 1;
    /* en dash U+2013 / em dash U+2014 */
    const unsigned char *u = (const unsigned char *)c->text + TK(i).s;
    return TK(i).e - TK(i).s == 3 && u[0] == 0xE2 && u[1] == 0x80 &&
           (u[2] == 0x93 || u[2] == 0x94);
}

static size_t r_year(const ctx *c, size_t i, proto *p);

/* "fiscal 1989", "fiscal year 2019": the year, with "fiscal" in the span */
static size_t r_fiscal(const ctx *c, size_t i, proto *p)
{
    if (!is_kw(c, i, K_FISCAL))
        return 0;
    size_t j = i + 1;
    if (is_cls(c, j, C_UNIT) && TK(j).val == U_YEAR && !TK(j).plural)
        j++;
    if (!year_tok(c, j))
        return 0;
    p->kind = P_ABS;
    p->y = TK(j).val;
    p->prec = CHR_PREC_YEAR;
    return j + 1 - i;
}

/* "the 1990s", "the 1980's": TIMEX3 spans keep "the" */
static size_t r_the_decade(const ctx *c, size_t i, proto *p)
{
    if (!is_kw(c, i, K_THE))
        return 0;
    size_t n = r_year(c, i + 1, p);
    if (n == 0 || p->prec != CHR_PREC_DECADE)
        return 0;
    return n + 1;
}

/* Years: "in 2016", "(2018 to 2023)", "2016-2018", "the 1990s". */
static size_t r_year(const ctx *c, size_t i, proto *p)
{
    if (!(plain_num(c, i) && TK(i).ndig == 4 && TK(i).val >= 1000 && TK(i).val <= 2199))
        return 0;
    int y = TK(i).val;
    /* decade: 1990s, 1990's */
    if (IN(i + 1) && TK(i + 1).adj && is_word(c, i + 1, "s") && y % 10 == 0) {
        p->kind = P_ABS;
        p->decade = y;
        p->prec = CHR_PREC_DECADE;
        return 2;
    }
    if (IN(i + 2) && TK(i + 1).adj && TK(i + 2).adj && is_p(c, i + 1, '\'') &&
        is_word(c, i + 2, "s") && y % 10 == 0) {
        p->kind = P_ABS;
        p->decade = y;
        p->prec = CHR_PREC_DECADE;
        return 3;
    }
    if (IN(i + 1) && TK(i + 1).adj && TK(i + 1).kind == T_WORD)
        return 0;
    if (year_is_number(c, i))
        return 0;
    int range_next = (is_dash(c, i + 1) || is_kw(c, i + 1, K_TO) || is_kw(c, i + 1, K_AND)) &&
                     year_tok(c, i + 2) && TK(i + 2).val > y;
    int range_prev = i >= 2 && (is_dash(c, i - 1) || is_kw(c, i - 1, K_TO) ||
                                is_kw(c, i - 1, K_AND) || is_kw(c, i - 1, K_THROUGH)) &&
                     year_tok(c, i - 2) && TK(i - 2).val < y;
    int paren = i > 0 && is_p(c, i - 1, '(') && is_p(c, i + 1, ')');
    /* any other year of the last and the coming decades reads as a date
     * ("A 2019 report", "taking 2018 as an example") */
    int modern = y >= 1900 && y <= 2100;
    if (!(date_context(c, i) || range_next || range_prev || paren || modern))
        return 0;
    /* "the 2018" needs a plausible modern year */
    if (i > 0 && is_kw(c, i - 1, K_THE) && (y < 1900 || y > 2100))
        return 0;
    p->kind = P_ABS;
    p->y = y;
    p->prec = CHR_PREC_YEAR;
    if (range_next)
        p->flags |= CHR_TXF_RANGE_START;
    if (range_prev)
        p->flags |= CHR_TXF_RANGE_END;
    return 1;
}

static int num_at(const ctx *c, size_t i, int *v)
{
    if (!IN(i))
        return 0;
    if (plain_num(c, i) && TK(i).ndig <= 4 && !(IN(i + 1) && TK(i + 1).adj &&
                                                TK(i + 1).kind == T_WORD)) {
        *v = TK(i).val;
        return 1;
    }
    if (TK(i).cls == C_NUMW) {
        *v = TK(i).val;
        /* "twenty-five" */
        if (is_p(c, i + 1, '-') && is_cls(c, i + 2, C_NUMW) && TK(i).val >= 20 &&
            TK(i + 2).val < 10 && TK(i + 1).adj && TK(i + 2).adj) {
            *v += TK(i + 2).val;
            return 3;
        }
        return 1;
    }
    if (is_kw(c, i, K_A) || is_kw(c, i, K_AN)) {
        *v = 1;
        return 1;
    }
    return 0;
}

static int unit_at(const ctx *c, size_t i, int *u)
{
    if (!is_cls(c, i, C_UNIT))
        return 0;
    *u = TK(i).val;
    return 1;
}

static const char *unit_code(int u, int *time)
{
    *time = 0;
    switch (u) {
    case U_SECOND: *time = 1; return "S";
    case U_MINUTE: *time = 1; return "M";
    case U_HOUR: *time = 1; return "H";
    case U_DAY: return "D";
    case U_WEEKEND: return "WE";
    case U_WEEK: return "W";
    case U_FORTNIGHT: return "W";
    case U_MONTH: return "M";
    case U_QUARTER: return "Q";
    case U_SEASON: return "M";
    case U_YEAR: return "Y";
    case U_DECADE: return "DE";
    case U_CENTURY: return "CE";
    }
    return "X";
}

static void dur_value(proto *p, int n, int u)
{
    int time;
    const char *code = unit_code(u, &time);
    if (u == U_FORTNIGHT && n >= 0)
        n *= 2;
    if (n < 0)
        snprintf(p->value, sizeof p->value, "P%sX%s", time ? "T" : "", code);
    else
        snprintf(p->value, sizeof p->value, "P%s%d%s", time ? "T" : "", n, code);
}

/* Relative to DCT or previous: N units ago/later/earlier/before/after;
 * durations: N units, N-unit, the past N units, N consecutive units. */
static size_t r_quantity(const ctx *c, size_t i, proto *p)
{
    size_t j = i;
    int n = -1, u;
    chr_timex_mod mod = CHR_MOD_NONE;
    if (is_kw(c, j, K_NEARLY) || is_kw(c, j, K_ALMOST) || is_kw(c, j, K_ABOUT) ||
        is_kw(c, j, K_AROUND)) {
        mod = is_kw(c, j, K_NEARLY) || is_kw(c, j, K_ALMOST) ? CHR_MOD_BEFORE
                                                             : CHR_MOD_APPROX;
        j++;
    }
    if ((is_kw(c, j, K_A) || is_kw(c, j, K_AN)) && (is_kw(c, j + 1, K_FEW) || is_kw(c, j + 1, K_COUPLE)))
        j++;  /* "a few weeks", "a couple of days" */
    int k = num_at(c, j, &n);
    int vague = 0;
    if (k) {
        j += (size_t)k;
        /* "three to five years" */
        int n2;
        if ((is_kw(c, j, K_TO) || is_kw(c, j, K_OR) || is_dash(c, j)) && num_at(c, j + 1, &n2) &&
            is_cls(c, j + 2, C_UNIT))
            j += 2;
    } else if ((is_kw(c, j, K_FEW) || is_kw(c, j, K_SEVERAL) || is_kw(c, j, K_MANY) ||
                is_kw(c, j, K_COUPLE) || is_kw(c, j, K_SOME)) &&
               (is_cls(c, j + 1, C_UNIT) || is_kw(c, j + 1, K_OF))) {
        vague = 1;
        j += is_kw(c, j + 1, K_OF) ? 2 : 1;
    } else if (is_cls(c, j, C_UNIT) && TK(j).plural && mod == CHR_MOD_NONE &&
               (is_kw(c, j + 1, K_LATER) || is_kw(c, j + 1, K_EARLIER) ||
                is_kw(c, j + 1, K_AGO))) {
        vague = 1;  /* "hours later", "days earlier", "years ago" */
    } else {
        return 0;
    }
    /* "a 44-year-old protester": an age, not a time */
    if (is_p(c, j, '-') && TK(j).adj && unit_at(c, j + 1, &u) && is_p(c, j + 2, '-') &&
        is_word(c, j + 3, "old"))
        return 0;
    /* "five-year", "18-month" adjectives */
    if (is_p(c, j, '-') && TK(j).adj && unit_at(c, j + 1, &u) && !vague) {
        p->kind = P_DUR;
        p->mod = mod;
        dur_value(p, n, u);
        if (is_word(c, j + 2, "long") || is_word(c, j + 2, "old"))
            return j + 2 - i;
        return j + 2 - i;
    }
    if (is_kw(c, j, K_CONSECUTIVE) || is_word(c, j, "straight") || is_word(c, j, "successive"))
        j++;
    if (!unit_at(c, j, &u))
        return 0;
    j++;
    if (vague)
        n = -1;
    if (is_kw(c, j, K_AGO)) {
        if (vague) {
            p->kind = P_VAGUE;
            snprintf(p->value, sizeof p->value, "PAST_REF");
            return j + 1 - i;
        }
        p->kind = P_DCTREL;
        p->unit = u;
        p->n = -n;
        p->mod = mod == CHR_MOD_BEFORE ? CHR_MOD_APPROX : mod;
        return j + 1 - i;
    }
    if (is_kw(c, j, K_FROM) && is_kw(c, j + 1, K_NOW)) {
        p->kind = vague ? P_VAGUE : P_DCTREL;
        p->unit = u;
        p->n = n;
        if (vague)
            snprintf(p->value, sizeof p->value, "FUTURE_REF");
        return j + 2 - i;
    }
    if (is_kw(c, j, K_HENCE)) {
        p->kind = P_DCTREL;
        p->unit = u;
        p->n = n;
        return j + 1 - i;
    }
    if (is_kw(c, j, K_LATER) || is_kw(c, j, K_EARLIER) ||
        ((is_kw(c, j, K_AFTER) || is_kw(c, j, K_BEFORE)) &&
         !(IN(j + 1) && (TK(j + 1).kind == T_WORD || TK(j + 1).kind == T_NUM) &&
           !is_p(c, j + 1, ',')))) {
        int sign = is_kw(c, j, K_LATER) || is_kw(c, j, K_AFTER) ? 1 : -1;
        p->kind = P_PREVREL;
        p->unit = u;
        p->n = vague ? 0 : sign * n;
        if (vague) {
            /* "hours later" stays on the previous day; "days later" is
             * vague about the day */
            if (u == U_HOUR || u == U_MINUTE)
                p->n = 0;
            else
                p->flags |= CHR_TXF_VAGUE;
        }
        p->mod = mod;
        return j + 1 - i;
    }
    /* "in two years", "in 10 days": a date that far ahead, when the clause
     * is not in the past (the driver checks the tense) */
    if (!vague && i > 0 && is_kw(c, i - 1, K_IN) && mod == CHR_MOD_NONE &&
        !is_kw(c, j, K_TIMES) && !is_kw(c, j, K_OF) &&
        (u == U_DAY || u == U_WEEK || u == U_MONTH || u == U_YEAR || u == U_DECADE)) {
        p->kind = P_DCTREL;
        p->unit = u;
        p->n = n;
        p->in_ahead = 1;
        dur_value(p, n, u);
        return j - i;
    }
    /* plain duration */
    p->kind = P_DUR;
    p->mod = mod;
    dur_value(p, n, u);
    return j - i;
}

/* "for weeks", "over the years", "for months now": spans of unknown length */
static size_t r_bare_units(const ctx *c, size_t i, proto *p)
{
    if (!(is_kw(c, i, K_FOR) || is_kw(c, i, K_OVER)))
        return 0;
    size_t j = i + 1;
    if (is_kw(c, i, K_OVER) && is_kw(c, j, K_THE))
        j++;
    int u;
    if (!unit_at(c, j, &u) || !TK(j).plural || u == U_MINUTE || u == U_SECOND)
        return 0;
    if (IN(j + 1) && (is_kw(c, j + 1, K_AGO) || is_kw(c, j + 1, K_LATER) || is_kw(c, j + 1, K_OF)))
        return 0;
    p->kind = P_DUR;
    dur_value(p, -1, u);
    p->skip_lead = is_kw(c, i, K_FOR) ? 1 : 1;  /* the signal is not part of the span */
    return j + 1 - i;
}

/* this|last|next|past|coming|previous + unit/weekday/month/season;
 * earlier/later this unit; the past N units (duration). */
static size_t r_deictic(const ctx *c, size_t i, proto *p)
{
    size_t j = i;
    int part = 0;
    if ((is_kw(c, j, K_EARLIER) || is_kw(c, j, K_LATER)) && is_kw(c, j + 1, K_THIS)) {
        part = is_kw(c, j, K_EARLIER) ? 1 : 3;
        j++;
    }
    int dir;
    if (is_kw(c, j, K_THIS) || is_kw(c, j, K_CURRENTLY))
        dir = 0;
    else if (is_kw(c, j, K_LAST) || is_kw(c, j, K_PREVIOUS) || is_kw(c, j, K_PAST))
        dir = -1;
    else if (is_kw(c, j, K_NEXT) || is_kw(c, j, K_COMING) || is_kw(c, j, K_UPCOMING))
        dir = 1;
    else
        return 0;
    int past = is_kw(c, j, K_PAST) || is_kw(c, j, K_PREVIOUS);
    int the = i > 0 && is_kw(c, i - 1, K_THE);
    j++;
    int u, m, wd, n;
    size_t k;
    if (unit_at(c, j, &u)) {
        /* "the past week", "the last few years": spans, not dates */
        if ((past || the) && part == 0) {
            p->kind = P_DUR;
            dur_value(p, 1, u);
            if (TK(j).plural)
                dur_value(p, -1, u);
            return j + 1 - i;
        }
        if (TK(j).plural)
            return 0;
        p->kind = P_DCTREL;
        p->unit = u;
        p->n = dir;
        if (part)
            p->mod = CHR_MOD_NONE;
        return j + 1 - i;
    }
    if ((k = num_at(c, j, &n)) != 0 && unit_at(c, j + (size_t)k, &u)) {
        p->kind = P_DUR;
        dur_value(p, n, u);
        return j + (size_t)k + 1 - i;
    }
    if ((is_kw(c, j, K_FEW) || is_kw(c, j, K_SEVERAL) || is_kw(c, j, K_COUPLE)) &&
        unit_at(c, j + 1, &u)) {
        p->kind = P_DUR;
        dur_value(p, -1, u);
        return j + 2 - i;
    }
    if (the || past)
        return 0;
    /* "last night", "this morning", "this evening" */
    if ((dir == -1 && is_kw(c, j, K_NIGHT)) ||
        (dir == 0 && (is_kw(c, j, K_MORNING) || is_kw(c, j, K_AFTERNOON) ||
                      is_kw(c, j, K_EVENING)))) {
        p->kind = P_DCTREL;
        p->unit = U_DAY;
        p->n = dir;
        p->pod = pod_at(c, j);
        return j + 1 - i;
    }
    if ((k = wday_at(c, j, &wd)) != 0) {
        p->kind = P_WEEKDAY;
        p->wday = wd;
        p->wdir = dir;
        return j + k - i;
    }
    if ((k = month_at(c, j, &m)) != 0) {
        p->kind = P_DCTREL;
        p->unit = U_MONTH;
        p->m = m;
        p->n = dir;
        return j + k - i;
    }
    if (is_cls(c, j, C_SEASON)) {
        p->kind = P_DCTREL;
        p->unit = U_SEASON;
        p->season = TK(j).val;
        p->n = dir;
        return j + 1 - i;
    }
    return 0;
}

/* that December, that same month, the same day, that year */
static size_t r_anaphoric(const ctx *c, size_t i, proto *p)
{
    size_t j = i;
    if (!(is_kw(c, j, K_THAT) || is_kw(c, j, K_THE)))
        return 0;
    int that = is_kw(c, j, K_THAT);
    j++;
    int same = 0;
    if (is_kw(c, j, K_SAME)) {
        same = 1;
        j++;
    }
    if (!that && !same) {
        /* the next day, the following week, the previous month */
        int dir = 0;
        if (is_kw(c, j, K_NEXT) || is_kw(c, j, K_FOLLOWING))
            dir = 1;
        else if (is_kw(c, j, K_PREVIOUS) || is_kw(c, j, K_PRIOR))
            dir = -1;
        int u;
        if (dir && unit_at(c, j + 1, &u) && !TK(j + 1).plural) {
            p->kind = P_PREVREL;
            p->unit = u;
            p->n = dir;
            return j + 2 - i;
        }
        /* the day before / the day after (not followed by a noun phrase) */
        if (unit_at(c, j, &u) && u == U_DAY && !TK(j).plural &&
            (is_kw(c, j + 1, K_BEFORE) || is_kw(c, j + 1, K_AFTER)) &&
            !(IN(j + 2) && TK(j + 2).kind == T_WORD && TK(j + 2).cls != C_DAYREL)) {
            int dr = is_kw(c, j + 1, K_AFTER) ? 1 : -1;
            if (IN(j + 2) && TK(j + 2).cls == C_DAYREL && TK(j + 2).val != 10) {
                p->kind = P_DCTREL;
                p->unit = U_DAY;
                p->n = TK(j + 2).val + dr;
                return j + 3 - i;
            }
            p->kind = P_PREVREL;
            p->unit = U_DAY;
            p->n = dr;
            return j + 2 - i;
        }
        return 0;
    }
    int m, u;
    size_t k;
    if ((k = month_at(c, j, &m)) != 0) {
        p->kind = P_PREVREF;
        p->m = m;
        p->prec = CHR_PREC_MONTH;
        return j + k - i;
    }
    if (unit_at(c, j, &u) && !TK(j).plural &&
        (u == U_DAY || u == U_WEEK || u == U_MONTH || u == U_YEAR)) {
        p->kind = P_PREVREF;
        p->unit = u;
        p->prec = u == U_DAY ? CHR_PREC_DAY : u == U_WEEK ? CHR_PREC_WEEK
                  : u == U_MONTH ? CHR_PREC_MONTH : CHR_PREC_YEAR;
        return j + 1 - i;
    }
    if (is_cls(c, j, C_SEASON) && (TK(j).val != 3 || !is_word(c, j, "fall") || that)) {
        p->kind = P_PREVREF;
        p->season = TK(j).val;
        p->prec = CHR_PREC_SEASON;
        return j + 1 - i;
    }
    return 0;
}

/* early/mid/late X, the beginning/middle/end of X, mid-March */
static size_t r_part(const ctx *c, size_t i, proto *p)
{
    size_t j = i;
    chr_timex_mod mod;
    int of = 0;
    if (is_kw(c, j, K_THE) && (is_kw(c, j + 1, K_BEGINNING) || is_cls(c, j + 1, C_PART) ||
                               is_word(c, j + 1, "start")) &&
        is_kw(c, j + 2, K_OF)) {
        j++;
        of = 1;
    }
    if (is_cls(c, j, C_PART))
        mod = TK(j).val == 1 ? CHR_MOD_START : TK(j).val == 2 ? CHR_MOD_MID : CHR_MOD_END;
    else if (of && is_kw(c, j, K_BEGINNING))
        mod = CHR_MOD_START;
    else
        return 0;
    j++;
    if (of) {
        if (!is_kw(c, j, K_OF))
            return 0;
        j++;
    } else if (is_p(c, j, '-') && TK(j).adj) {
        j++;
    } else if (is_kw(c, j, K_IN) || is_kw(c, j, K_OF)) {
        j++;  /* "early in 2019", "late in the year" handled below */
    }
    if (is_kw(c, j, K_THE) && is_cls(c, j + 1, C_UNIT)) {
        /* "the end of the year": the current one, at its end */
        int u = TK(j + 1).val;
        if (!of || TK(j + 1).plural || !(u == U_YEAR || u == U_MONTH || u == U_WEEK || u == U_QUARTER))
            return 0;
        p->kind = P_DCTREL;
        p->unit = u;
        p->n = 0;
        p->mod = mod;
        return j + 2 - i;
    }
    proto q;
    proto_init(&q);
    size_t n = 0;
    int m, y;
    if ((n = month_at(c, j, &m)) != 0) {
        q.kind = P_ABS;
        q.m = m;
        q.prec = CHR_PREC_MONTH;
        size_t k = year_after(c, j + n, &y);
        if (k) {
            q.y = y;
            n += k;
        }
    } else if (plain_num(c, j) && TK(j).ndig == 4 && TK(j).val >= 1000 && TK(j).val <= 2199) {
        q.kind = P_ABS;
        q.y = TK(j).val;
        q.prec = CHR_PREC_YEAR;
        n = 1;
        if (IN(j + 1) && TK(j + 1).adj && is_word(c, j + 1, "s") && q.y % 10 == 0) {
            q.decade = q.y;
            q.y = -1;
            q.prec = CHR_PREC_DECADE;
            n = 2;
        } else if (IN(j + 1) && TK(j + 1).adj && TK(j + 1).kind == T_WORD) {
            return 0;
        }
    } else if (is_cls(c, j, C_SEASON)) {
        q.kind = P_ABS;
        q.season = TK(j).val;
        q.prec = CHR_PREC_SEASON;
        n = 1;
        size_t k = year_after(c, j + 1, &y);
        if (k) {
            q.y = y;
            n += k;
        }
    } else if ((n = r_deictic(c, j, &q)) != 0 && q.kind == P_DCTREL) {
        /* "late last year", "early next month" */
    } else {
        return 0;
    }
    *p = q;
    p->mod = mod;
    return j + n - i;
}

/* Q3 2019, the third quarter of 2019, the first half of 2019,
 * summer 2020, the summer of 2020, the summer */
static size_t r_quarter_season(const ctx *c, size_t i, proto *p)
{
    size_t j = i;
    int y;
    if (is_word(c, j, "q") && TK(j).cap && plain_num(c, j + 1) && TK(j + 1).adj &&
        TK(j + 1).val >= 1 && TK(j + 1).val <= 4 && TK(j + 1).ndig == 1) {
        size_t k = year_after(c, j + 2, &y);
        if (!k)
            return 0;
        p->kind = P_ABS;
        p->y = y;
        p->q = TK(j + 1).val;
        p->prec = CHR_PREC_QUARTER;
        return 2 + k;
    }
    /* "third-quarter loss", "its fourth quarter" */
    if (is_cls(c, j, C_ORDW) && TK(j).val <= 4 && is_p(c, j + 1, '-') && TK(j + 1).adj &&
        is_cls(c, j + 2, C_UNIT) && TK(j + 2).val == U_QUARTER && TK(j + 2).adj) {
        p->kind = P_ABS;
        p->q = TK(j).val;
        p->prec = CHR_PREC_QUARTER;
        return 3;
    }
    if ((is_word(c, j, "its") || is_word(c, j, "their") || is_word(c, j, "our")) &&
        is_cls(c, j + 1, C_ORDW) && TK(j + 1).val <= 4 && is_cls(c, j + 2, C_UNIT) &&
        TK(j + 2).val == U_QUARTER) {
        p->kind = P_ABS;
        p->q = TK(j + 1).val;
        p->prec = CHR_PREC_QUARTER;
        return 3;
    }
    if (is_kw(c, j, K_THE) && is_cls(c, j + 1, C_ORDW) && TK(j + 1).val <= 4 &&
        (is_cls(c, j + 2, C_UNIT) && TK(j + 2).val == U_QUARTER)) {
        size_t k = 0;
        if (is_kw(c, j + 3, K_OF) && year_tok(c, j + 4)) {
            y = TK(j + 4).val;
            k = 2;
        } else {
            y = -1;
        }
        p->kind = P_ABS;
        p->y = y;
        p->q = TK(j + 1).val;
        p->prec = CHR_PREC_QUARTER;
        return 3 + k;
    }
    if (is_kw(c, j, K_THE) && is_cls(c, j + 1, C_ORDW) && TK(j + 1).val <= 2 &&
        is_kw(c, j + 2, K_HALF) && is_kw(c, j + 3, K_OF) && year_tok(c, j + 4)) {
        p->kind = P_ABS;
        p->y = TK(j + 4).val;
        p->half = TK(j + 1).val;
        p->prec = CHR_PREC_HALF;
        return 5;
    }
    int the = 0;
    if (is_kw(c, j, K_THE)) {
        the = 1;
        j++;
    }
    if (!is_cls(c, j, C_SEASON))
        return 0;
    int s = TK(j).val;
    int fall = is_word(c, j, "fall");
    size_t k = year_after(c, j + 1, &y);
    if (k) {
        p->kind = P_ABS;
        p->y = y;
        p->season = s;
        p->prec = CHR_PREC_SEASON;
        return j + 1 + k - i;
    }
    /* "the summer house", "spring water", "the fall of the regime": a
     * season naming a thing, not a time */
    if (!function_word(c, j + 1) || (is_kw(c, j + 1, K_OF) && !year_tok(c, j + 2)))
        return 0;
    /* "the summer", "in summer": the season nearest the DCT */
    if (fall && !the)
        return 0;
    if (!the && !date_context(c, j))
        return 0;
    if (the && !(date_context(c, i) || (i > 0 && is_kw(c, i - 1, K_AFTER))))
        return 0;
    p->kind = P_ABS;
    p->season = s;
    p->prec = CHR_PREC_SEASON;
    return j + 1 - i;
}

/* "morning", "afternoon", "evening", "night" at i: 1..4, or 0 */
static int pod_at(const ctx *c, size_t i)
{
    if (is_kw(c, i, K_MORNING)) return 1;
    if (is_kw(c, i, K_AFTERNOON)) return 2;
    if (is_kw(c, i, K_EVENING)) return 3;
    if (is_kw(c, i, K_NIGHT)) return 4;
    return 0;
}

/* today, yesterday, tomorrow, tonight; now; recently; in recent years */
static int past_word(const char *text, const chr_tok *t);
static int future_word(const char *text, const chr_tok *t);

/* "scholars in marketing science today", "Europe today": "today" closing
 * a prepositional noun phrase, in a clause with no past or future verb,
 * means "nowadays" (TIMEX3 PRESENT_REF). */
static int today_is_nowadays(const ctx *c, size_t i)
{
    if (i < 2 || !chr_tok_is(c->text, &TK(i), "today") || TK(i - 1).kind != T_WORD)
        return 0;
    int prep = 0;
    for (size_t k = i - 1; k > 0 && k + 4 > i; k--)
        if (is_kw(c, k - 1, K_IN) || is_kw(c, k - 1, K_OF))
            prep = 1;
    if (!prep)
        return 0;
    for (size_t k = i; k > 0 && k + 16 > i; k--) {
        const chr_tok *t = &TK(k - 1);
        if (t->kind == T_PUNCT && t->val != '\'' && t->val != '-')
            break;
        if (past_word(c->text, t) || future_word(c->text, t))
            return 0;
    }
    for (size_t k = i + 1; k < c->n && k < i + 8; k++) {
        const chr_tok *t = &TK(k);
        if (t->kind == T_PUNCT)
            break;
        if (past_word(c->text, t) || future_word(c->text, t))
            return 0;
    }
    return 1;
}

static size_t r_dayrel(const ctx *c, size_t i, proto *p)
{
    if (is_cls(c, i, C_DAYREL) && today_is_nowadays(c, i)) {
        p->kind = P_VAGUE;
        snprintf(p->value, sizeof p->value, "PRESENT_REF");
        return 1;
    }
    if (is_cls(c, i, C_DAYREL)) {
        p->kind = P_DCTREL;
        p->unit = U_DAY;
        p->n = TK(i).val == 10 ? 0 : TK(i).val;
        if (TK(i).val == 10)
            p->pod = 4;
        size_t j = i + 1;
        /* "tomorrow morning", "yesterday at 10am" */
        if (pod_at(c, j))
            p->pod = pod_at(c, j++);
        int hh, mm;
        size_t k = is_kw(c, j, K_AT) ? clock_at(c, j + 1, &hh, &mm) : 0;
        if (k) {
            p->hh = hh;
            p->mm = mm;
            return j + 1 + k - i;
        }
        return j - i;
    }
    if (is_kw(c, i, K_NOW) && !is_kw(c, i + 1, K_THAT) && !(i > 0 && is_kw(c, i - 1, K_FROM))) {
        p->kind = P_VAGUE;
        snprintf(p->value, sizeof p->value, "PRESENT_REF");
        return 1;
    }
    if (is_kw(c, i, K_CURRENTLY)) {
        p->kind = P_VAGUE;
        snprintf(p->value, sizeof p->value, "PRESENT_REF");
        return 1;
    }
    /* "the near future", "the near term" */
    if (is_kw(c, i, K_THE) && is_word(c, i + 1, "near") &&
        (is_kw(c, i + 2, K_FUTURE) || is_word(c, i + 2, "term"))) {
        p->kind = P_VAGUE;
        snprintf(p->value, sizeof p->value, "FUTURE_REF");
        return 3;
    }
    if (is_kw(c, i, K_RECENTLY)) {
        p->kind = P_VAGUE;
        snprintf(p->value, sizeof p->value, "PAST_REF");
        return 1;
    }
    if (is_kw(c, i, K_RECENT) && is_cls(c, i + 1, C_UNIT) && TK(i + 1).plural) {
        p->kind = P_VAGUE;
        snprintf(p->value, sizeof p->value, "PAST_REF");
        return 2;
    }
    if (is_kw(c, i, K_THE) && is_kw(c, i + 1, K_FUTURE) && function_word(c, i + 2)) {
        p->kind = P_VAGUE;
        snprintf(p->value, sizeof p->value, "FUTURE_REF");
        return 2;
    }
    return 0;
}

/* every Monday, each year, annually, once a week, twice a year */
static size_t r_set(const ctx *c, size_t i, proto *p)
{
    int u, wd, m;
    size_t k;
    if (is_kw(c, i, K_EVERY) || is_kw(c, i, K_EACH)) {
        size_t j = i + 1;
        int n = 1;
        int kk = num_at(c, j, &n);
        if (kk && !is_kw(c, j, K_A))
            j += (size_t)kk;
        else
            n = 1;
        if (unit_at(c, j, &u)) {
            p->kind = P_SET;
            dur_value(p, n, u);
            return j + 1 - i;
        }
        if ((k = wday_at(c, j, &wd)) != 0) {
            p->kind = P_SET;
            snprintf(p->value, sizeof p->value, "XXXX-WXX-%d", wd);
            return j + k - i;
        }
        if ((k = month_at(c, j, &m)) != 0) {
            p->kind = P_SET;
            snprintf(p->value, sizeof p->value, "XXXX-%02d", m);
            return j + k - i;
        }
        if (is_cls(c, j, C_SEASON)) {
            static const char *const sn[] = {"SP", "SU", "FA", "WI"};
            p->kind = P_SET;
            snprintf(p->value, sizeof p->value, "XXXX-%s", sn[TK(j).val - 1]);
            return j + 1 - i;
        }
        return 0;
    }
    /* "runs daily", "meets weekly": adverbs, not "daily newspaper" */
    static const char *const adv[] = {"daily", "weekly", "monthly", "nightly", "hourly"};
    if (!is_kw(c, i, K_FREQ))
        goto not_freq;
    static const char *const advv[] = {"P1D", "P1W", "P1M", "P1D", "PT1H"};
    for (size_t a = 0; a < 5; a++)
        if (is_word(c, i, adv[a]) && !TK(i).cap && function_word(c, i + 1) &&
            !(IN(i + 1) && TK(i + 1).kind == T_WORD && TK(i + 1).cls == C_NONE &&
              !function_word(c, i + 1))) {
            p->kind = P_SET;
            snprintf(p->value, sizeof p->value, "%s", advv[a]);
            return 1;
        }
    return 0;
not_freq:
    if (is_kw(c, i, K_ANNUALLY) || is_word(c, i, "yearly")) {
        p->kind = P_SET;
        snprintf(p->value, sizeof p->value, "P1Y");
        return 1;
    }
    if ((is_kw(c, i, K_ONCE) || is_kw(c, i, K_TWICE)) &&
        (is_kw(c, i + 1, K_A) || is_kw(c, i + 1, K_PER) || is_kw(c, i + 1, K_EVERY)) &&
        unit_at(c, i + 2, &u)) {
        p->kind = P_SET;
        dur_value(p, 1, u);
        return 3;
    }
    int n;
    if ((k = (size_t)num_at(c, i, &n)) != 0 && is_kw(c, i + k, K_TIMES) &&
        (is_kw(c, i + k + 1, K_A) || is_kw(c, i + k + 1, K_PER)) && unit_at(c, i + k + 2, &u)) {
        p->kind = P_SET;
        dur_value(p, 1, u);
        return k + 3;
    }
    return 0;
}

/* Weekday alone ("on Friday", "Monday morning") */
static size_t r_weekday(const ctx *c, size_t i, proto *p)
{
    int wd;
    size_t k = wday_at(c, i, &wd);
    if (!k || TK(i).cls != C_WDAY)
        return 0;
    /* "The Sunday Times", "Bloody Sunday Inquiry": part of a name */
    if (IN(i + 1) && TK(i + 1).kind == T_WORD && TK(i + 1).cap && TK(i + 1).cls != C_MONTH &&
        TK(i + 1).cls != C_MONTH_AB && TK(i + 1).cls != C_DAYREL)
        return 0;
    p->kind = P_WEEKDAY;
    p->wday = wd;
    p->wdir = 2;
    size_t j = i + k;
    if (pod_at(c, j))
        p->pod = pod_at(c, j++);
    int hh, mm;
    size_t t = 0;
    if (is_kw(c, j, K_AT))
        t = clock_at(c, j + 1, &hh, &mm);
    if (t) {
        p->hh = hh;
        p->mm = mm;
        return j + 1 + t - i;
    }
    return j - i;
}

/* Clock time alone, or a clock time followed by "on <date>". */
static size_t r_clock(const ctx *c, size_t i, proto *p)
{
    int hh, mm;
    size_t k = clock_at(c, i, &hh, &mm);
    if (!k)
        return 0;
    /* "16:05" with no am/pm or zone needs a word that makes it a time
     * ("at 16:05"); "John 3:16" and scores "3:16" are not */
    size_t last = i + k - 1;
    int marked = is_p(c, i, '@') || is_kw(c, last, K_AM) || is_kw(c, last, K_PM) ||
                 is_kw(c, last, K_TZ) || is_p(c, last, '.') || (TK(last).kind == T_NUM &&
                 is_p(c, last - 1, '+'));
    if (!marked && is_kw(c, i, K_NOON) == 0 && is_kw(c, i, K_MIDNIGHT) == 0) {
        static const char *const pre[] = {"at", "by", "until", "till", "from", "to",
                                          "around", "about", "before", "after", "since"};
        int ok = 0;
        for (size_t w = 0; i > 0 && w < sizeof pre / sizeof pre[0]; w++)
            ok |= is_word(c, i - 1, pre[w]);
        if (!ok)
            return 0;
    }
    /* "3:2" or scores need two-digit minutes, checked in clock_at; a
     * ratio like "24:7" has no am/pm and minutes of one digit. */
    p->kind = P_TIME;
    p->hh = hh;
    p->mm = mm;
    return k;
}

typedef size_t (*rule_fn)(const ctx *, size_t, proto *);

static const rule_fn rules[] = {
    r_iso, r_numeric, r_month_day, r_day_month, r_part, r_quarter_season,
    r_month, r_year, r_the_decade, r_fiscal, r_bare_units, r_deictic, r_anaphoric, r_quantity, r_dayrel, r_set,
    r_weekday, r_clock,
};

/* Longest match of any rule at i. */
static size_t match_at(const ctx *c, size_t i, proto *best)
{
    size_t bestn = 0;
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        proto p;
        proto_init(&p);
        size_t n = rules[r](c, i, &p);
        if (n > bestn) {
            bestn = n;
            *best = p;
        }
    }
    return bestn;
}

/* ---- tense ------------------------------------------------------------- */

static int past_word(const char *text, const chr_tok *t)
{
    static const char *const irregular[] = {
        "was", "were", "had", "did", "said", "told", "met", "made", "took",
        "went", "came", "held", "gave", "began", "left", "saw", "won", "lost",
        "sent", "spent", "brought", "bought", "found", "led", "ran", "wrote",
        "spoke", "rose", "fell", "sold", "paid", "built", "struck", "became",
        "knew", "thought", "got", "hit", "set", "put", "cut", "shut", "quit",
        "ago", "last", "earlier", "former", "previously", "withdrew", "drew",
        "chose", "froze", "stole", "broke", "felt", "kept", "meant", "heard", "since"};
    size_t n = t->e - t->s;
    if (t->kind != T_WORD)
        return 0;
    if (n > 4 && chr_lower((unsigned char)text[t->e - 2]) == 'e' &&
        chr_lower((unsigned char)text[t->e - 1]) == 'd' && !t->cap)
        return 1;
    for (size_t k = 0; k < sizeof irregular / sizeof irregular[0]; k++)
        if (chr_tok_is(text, t, irregular[k]))
            return 1;
    return 0;
}

static int future_word(const char *text, const chr_tok *t)
{
    static const char *const words[] = {
        "will", "shall", "ll", "tomorrow", "next", "upcoming", "plans", "plan",
        "planned", "scheduled", "expected", "expects", "intends", "aims",
        "coming", "forthcoming", "due", "soon", "planning", "preparing", "ready",
        "intend", "aiming", "hopes", "hoping", "until"};
    if (t->kind != T_WORD)
        return 0;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (chr_tok_is(text, t, words[k]))
            return 1;
    return 0;
}

/* -1 past, 1 future, 0 unknown: from the words of the clause around the
 * expression (tokens [a, b)), stopping at sentence punctuation. */
static int clause_tense(const ctx *c, size_t a, size_t b)
{
    int fut = 0, past = 0;
    size_t lo = a, hi = b;
    for (size_t k = 0; k < 14 && lo > 0; k++) {
        const chr_tok *t = &TK(lo - 1);
        if (t->kind == T_PUNCT && (t->val == '.' || t->val == '!' || t->val == '?' ||
                                   t->val == ';'))
            break;
        if (t->nl && TK(lo).nl)
            break;
        lo--;
    }
    for (size_t k = 0; k < 10 && hi < c->n; k++) {
        const chr_tok *t = &TK(hi);
        if (t->kind == T_PUNCT && (t->val == '.' || t->val == '!' || t->val == '?' ||
                                   t->val == ';'))
            break;
        if (t->nl)
            break;
        hi++;
    }
    /* the nearest verb group decides: scan outward from the expression */
    for (size_t d = 1; d <= 14; d++) {
        if (a >= d && a - d >= lo) {
            const chr_tok *t = &TK(a - d);
            int passive = a - d > lo && (chr_tok_is(c->text, &TK(a - d - 1), "be") ||
                                         chr_tok_is(c->text, &TK(a - d - 1), "been"));
            if (future_word(c->text, t))
                fut += 3 - (d > 6);
            else if (past_word(c->text, t) && !passive)
                past += 3 - (d > 6);
            else if (t->cls == C_KW && t->val == K_WOULD)
                return 0;
        }
        if (b + d - 1 < hi) {
            const chr_tok *t = &TK(b + d - 1);
            if (future_word(c->text, t))
                fut += 2 - (d > 5);
            else if (past_word(c->text, t))
                past += 2 - (d > 5);
        }
    }
    if (fut > past)
        return 1;
    if (past > fut)
        return -1;
    return 0;
}

/* ---- resolution -------------------------------------------------------- */

static void ymd(int64_t day, int64_t *y, int *m, int *d)
{
    chr_civil_from_days(day, y, m, d);
}

/* Month index (y*12 + m-1) arithmetic. */
static int64_t mindex(int64_t y, int m) { return y * 12 + (m - 1); }

/* Resolve a date in the year-less fields of p against anchor day a, with
 * tense: pick the year of a, then move a year back or forward when the
 * tense says the date is on the other side by more than two months, or
 * when, with no tense, another year is nearer. */
static int64_t pick_year(const proto *p, int64_t anchor, int tense)
{
    int64_t ay;
    int am, ad;
    ymd(anchor, &ay, &am, &ad);
    int64_t best = ay;
    int64_t first, last;
    for (int pass = 0; pass < 1; pass++) {
        int m = p->m > 0 ? p->m : (p->season > 0 ? p->season * 3 : (p->q > 0 ? p->q * 3 - 2 : 1));
        int d = p->d > 0 ? p->d : 1;
        if (d > chr_days_in_month(ay, m))
            d = chr_days_in_month(ay, m);
        first = chr_days_from_civil(ay, m, d);
        int dl = p->d > 0 ? d : chr_days_in_month(ay, m);
        int ml = p->m > 0 ? p->m : (p->season > 0 ? p->season * 3 + 2 : (p->q > 0 ? p->q * 3 : 12));
        int64_t yl = ay + (ml > 12);
        if (ml > 12)
            ml -= 12;
        if (p->d <= 0)
            dl = chr_days_in_month(yl, ml);
        last = chr_days_from_civil(yl, ml, dl);
        if (tense < 0 && first > anchor + 61)
            best = ay - 1;
        else if (tense > 0 && last < anchor)
            best = ay + 1;  /* "will recover in January", said in March */
        else if (tense == 0) {
            if (first > anchor + 183)
                best = ay - 1;
            else if (last < anchor - 183)
                best = ay + 1;
        }
    }
    return best;
}

/* Fill d from fully known calendar fields of p; 0 or -1. */
static int abs_date(const proto *p, int64_t y, chr_date *d)
{
    int rc;
    switch (p->prec) {
    case CHR_PREC_MINUTE:
        rc = chr_date_minute(d, y, p->m, p->d, p->hh, p->mm);
        break;
    case CHR_PREC_DAY:
        rc = chr_date_day(d, y, p->m, p->d);
        if (rc == 0 && p->hh >= 0)
            rc = chr_date_minute(d, y, p->m, p->d, p->hh, p->mm);
        break;
    case CHR_PREC_MONTH:
        rc = chr_date_month(d, y, p->m);
        break;
    case CHR_PREC_QUARTER:
        rc = chr_date_quarter(d, y, p->q);
        break;
    case CHR_PREC_HALF:
        rc = chr_date_half(d, y, p->half);
        break;
    case CHR_PREC_SEASON:
        rc = chr_date_season(d, y, p->season);
        break;
    case CHR_PREC_YEAR:
        rc = chr_date_year(d, y);
        break;
    case CHR_PREC_DECADE:
        rc = chr_date_decade(d, p->decade);
        break;
    default:
        rc = -1;
    }
    return rc == 0 ? 0 : -1;
}

/* Shift the calendar unit containing day `a` by n units; the result has
 * the unit's precision. */
static int shift_unit(int64_t a, int unit, int n, chr_date *d)
{
    int64_t y, wy;
    int m, dd, w;
    ymd(a, &y, &m, &dd);
    switch (unit) {
    case U_DAY:
        chr_date_from_day(d, a + n);
        return d->prec ? 0 : -1;
    case U_WEEK:
    case U_FORTNIGHT:
        chr_iso_week(a + (int64_t)n * 7 * (unit == U_FORTNIGHT ? 2 : 1), &wy, &w);
        return chr_date_week(d, wy, w) ? -1 : 0;
    case U_WEEKEND: {
        /* the Saturday-Sunday of that week, as the ISO week "-WE" */
        chr_iso_week(a + (int64_t)n * 7, &wy, &w);
        if (chr_date_week(d, wy, w))
            return -1;
        d->first += 5;
        snprintf(d->value, sizeof d->value, "%04d-W%02d-WE", (int)wy, w);
        return 0;
    }
    case U_MONTH: {
        int64_t mi = mindex(y, m) + n;
        return chr_date_month(d, mi / 12, (int)(mi % 12) + 1) ? -1 : 0;
    }
    case U_QUARTER: {
        int64_t qi = y * 4 + (m - 1) / 3 + n;
        return chr_date_quarter(d, qi / 4, (int)(qi % 4) + 1) ? -1 : 0;
    }
    case U_YEAR:
        return chr_date_year(d, y + n) ? -1 : 0;
    case U_DECADE:
        return chr_date_decade(d, (y / 10 + n) * 10) ? -1 : 0;
    case U_CENTURY:
        return chr_date_century(d, (y / 100 + n) * 100) ? -1 : 0;
    case U_HOUR:
    case U_MINUTE:
    case U_SECOND:
        chr_date_from_day(d, a);
        return d->prec ? 0 : -1;
    }
    return -1;
}

/* The season containing day a, shifted by n seasons. */
static int shift_season(int64_t a, int season, int n, chr_date *d)
{
    int64_t y;
    int m, dd;
    ymd(a, &y, &m, &dd);
    /* December belongs to the winter of its own year; Jan-Feb to the
     * winter of the year before. */
    int cur = m == 12 ? 4 : m <= 2 ? 4 : (m / 3);
    int64_t cy = (m <= 2) ? y - 1 : y;
    int64_t idx = cy * 4 + (cur - 1);
    if (season > 0) {
        /* "this summer": the named season of the current year;
         * "last summer": the most recent one before now */
        int64_t base = cy * 4 + (season - 1);
        if (n < 0 && base >= idx)
            base -= 4;
        if (n > 0 && base <= idx)
            base += 4;
        idx = base;
    } else {
        idx += n;
    }
    return chr_date_season(d, idx / 4, (int)(idx % 4) + 1) ? -1 : 0;
}

/* The precision a unit of time names, and its length in days. */
static chr_precision unit_prec(int u)
{
    switch (u) {
    case U_SECOND: case U_MINUTE: case U_HOUR: return CHR_PREC_MINUTE;
    case U_DAY: return CHR_PREC_DAY;
    case U_WEEK: case U_WEEKEND: case U_FORTNIGHT: return CHR_PREC_WEEK;
    case U_MONTH: return CHR_PREC_MONTH;
    case U_QUARTER: return CHR_PREC_QUARTER;
    case U_SEASON: return CHR_PREC_SEASON;
    case U_YEAR: return CHR_PREC_YEAR;
    case U_DECADE: return CHR_PREC_DECADE;
    case U_CENTURY: return CHR_PREC_CENTURY;
    }
    return CHR_PREC_DAY;
}

static double unit_days(int u)
{
    switch (u) {
    case U_SECOND: return 1.0 / 86400;
    case U_MINUTE: return 1.0 / 1440;
    case U_HOUR: return 1.0 / 24;
    case U_DAY: return 1;
    case U_WEEK: case U_WEEKEND: return 7;
    case U_FORTNIGHT: return 14;
    case U_MONTH: return 30.436875;
    case U_QUARTER: case U_SEASON: return 91.310625;
    case U_YEAR: return 365.2425;
    case U_DECADE: return 3652.425;
    case U_CENTURY: return 36524.25;
    }
    return 1;
}

/* The calendar unit of precision prec that contains day z. */
static int date_at(int64_t z, chr_precision prec, chr_date *d)
{
    int64_t y, wy;
    int m, dd, w;
    ymd(z, &y, &m, &dd);
    switch (prec) {
    case CHR_PREC_MINUTE:
    case CHR_PREC_DAY:
        chr_date_from_day(d, z);
        return d->prec ? 0 : -1;
    case CHR_PREC_WEEK:
        chr_iso_week(z, &wy, &w);
        return chr_date_week(d, wy, w) ? -1 : 0;
    case CHR_PREC_MONTH:
        return chr_date_month(d, y, m) ? -1 : 0;
    case CHR_PREC_QUARTER:
        return chr_date_quarter(d, y, (m - 1) / 3 + 1) ? -1 : 0;
    case CHR_PREC_SEASON:
        /* December opens the winter of its year; January and February close
         * the winter of the year before */
        return chr_date_season(d, m <= 2 ? y - 1 : y, m == 12 || m <= 2 ? 4 : m / 3) ? -1 : 0;
    case CHR_PREC_HALF:
        return chr_date_half(d, y, m <= 6 ? 1 : 2) ? -1 : 0;
    case CHR_PREC_YEAR:
        return chr_date_year(d, y) ? -1 : 0;
    case CHR_PREC_DECADE:
        return chr_date_decade(d, y - y % 10) ? -1 : 0;
    case CHR_PREC_CENTURY:
        return chr_date_century(d, y - y % 100) ? -1 : 0;
    default:
        return -1;
    }
}

typedef struct state {
    int64_t dct;
    chr_date prev;       /* the narrative's previous date */
    int have_prev;
} state;

static void set_value_from_date(chr_timex *tx)
{
    snprintf(tx->value, sizeof tx->value, "%s", tx->date.value);
}

/* Turn a proto into a timex.  Returns 0 (tx filled), -1 if the match is
 * to be dropped. */
static int resolve(const ctx *c, const proto *p, size_t a, size_t b, state *st,
                   chr_timex *tx)
{
    memset(&tx->date, 0, sizeof tx->date);
    tx->date.prec = CHR_PREC_NONE;
    tx->date.minute = -1;
    tx->type = CHR_TX_DATE;
    tx->mod = p->mod;
    tx->flags = p->flags;
    tx->anchor = CHR_ANCHOR_ABSOLUTE;
    int64_t dct = st->dct;
    switch (p->kind) {
    case P_DUR:
        tx->type = CHR_TX_DURATION;
        snprintf(tx->value, sizeof tx->value, "%s", p->value);
        return 0;
    case P_SET:
        tx->type = CHR_TX_SET;
        snprintf(tx->value, sizeof tx->value, "%s", p->value);
        return 0;
    case P_VAGUE:
        tx->flags |= CHR_TXF_VAGUE;
        tx->anchor = CHR_ANCHOR_DCT;
        snprintf(tx->value, sizeof tx->value, "%s", p->value);
        return 0;
    default:
        break;
    }
    if (p->kind == P_ABS) {
        int need_year = p->y < 0 && p->prec != CHR_PREC_DECADE;
        if (!need_year) {
            if (abs_date(p, p->y, &tx->date) != 0)
                return -1;
        } else {
            int64_t anchor = dct;
            tx->anchor = CHR_ANCHOR_DCT;
            if (p->then && st->have_prev) {
                anchor = st->prev.first;
                tx->anchor = CHR_ANCHOR_PREVIOUS;
            }
            if (anchor == CHR_NO_DAY) {
                if (st->have_prev) {
                    anchor = st->prev.first;
                    tx->anchor = CHR_ANCHOR_PREVIOUS;
                } else {
                    tx->anchor = CHR_ANCHOR_NONE;
                    tx->flags |= CHR_TXF_GENERIC;
                    if (p->prec == CHR_PREC_DAY || p->prec == CHR_PREC_MINUTE)
                        snprintf(tx->value, sizeof tx->value, "XXXX-%02d-%02d", p->m, p->d);
                    else if (p->prec == CHR_PREC_MONTH)
                        snprintf(tx->value, sizeof tx->value, "XXXX-%02d", p->m);
                    else if (p->prec == CHR_PREC_SEASON)
                        snprintf(tx->value, sizeof tx->value, "XXXX-%s",
                                 (const char *[]){"SP", "SU", "FA", "WI"}[p->season - 1]);
                    else
                        snprintf(tx->value, sizeof tx->value, "XXXX");
                    return 0;
                }
            }
            int tense = clause_tense(c, a, b);
            if (p->then)
                tense = 1;  /* "then in May": after the previous date */
            int64_t y = pick_year(p, anchor, tense);
            if (abs_date(p, y, &tx->date) != 0)
                return -1;
        }
    } else if (p->kind == P_TIME) {
        /* a clock time alone: on the DCT's day */
        tx->type = CHR_TX_TIME;
        if (dct == CHR_NO_DAY) {
            tx->anchor = CHR_ANCHOR_NONE;
            snprintf(tx->value, sizeof tx->value, "XXXX-XX-XXT%02d:%02d", p->hh, p->mm);
            return 0;
        }
        int64_t y;
        int m, d;
        ymd(dct, &y, &m, &d);
        if (chr_date_minute(&tx->date, y, m, d, p->hh, p->mm) != 0)
            return -1;
        tx->anchor = CHR_ANCHOR_DCT;
        set_value_from_date(tx);
        return 0;
    } else if (p->kind == P_WEEKDAY || p->kind == P_DCTREL) {
        if (dct == CHR_NO_DAY) {
            tx->anchor = CHR_ANCHOR_NONE;
            snprintf(tx->value, sizeof tx->value, "%s",
                     p->kind == P_WEEKDAY ? "XXXX-WXX-X" : "XXXX");
            if (p->kind == P_WEEKDAY)
                tx->value[9] = (char)('0' + p->wday);
            return 0;
        }
        tx->anchor = CHR_ANCHOR_DCT;
        if (p->kind == P_WEEKDAY) {
            int dir = p->wdir;
            if (dir == 2)
                dir = clause_tense(c, a, b);
            /* "Thursday's closing price": a day already had */
            if (p->wdir == 2 && is_p(c, b, '\'') && is_word(c, b + 1, "s") && TK(b).adj)
                dir = -1;
            int cur = chr_weekday(dct);
            int64_t back = dct - ((cur - p->wday + 7) % 7);       /* on or before */
            int64_t fwd = dct + ((p->wday - cur + 7) % 7);        /* on or after */
            int64_t day;
            if (p->wdir == -1)
                day = back == dct ? dct - 7 : back;
            else if (p->wdir == 1)
                day = fwd == dct ? dct + 7 : fwd;
            else if (p->wdir == 0)
                day = fwd;  /* "this Friday": the one of this week ahead */
            else if (dir > 0)
                day = fwd == dct ? dct + 7 : fwd;
            else if (dir < 0)
                day = back;
            else
                day = (dct - back) <= (fwd - dct) ? back : fwd;
            chr_date_from_day(&tx->date, day);
            if (p->hh >= 0) {
                int64_t y;
                int m, d;
                ymd(day, &y, &m, &d);
                chr_date_minute(&tx->date, y, m, d, p->hh, p->mm);
            }
        } else if (p->unit == U_MONTH && p->m > 0) {
            /* last March / next March / this March */
            int64_t y;
            int m, d;
            ymd(dct, &y, &m, &d);
            int64_t yy = y;
            if (p->n < 0 && p->m >= m)
                yy = y - 1;
            else if (p->n > 0 && p->m <= m)
                yy = y + 1;
            if (chr_date_month(&tx->date, yy, p->m))
                return -1;
        } else if (p->unit == U_SEASON) {
            if (shift_season(dct, p->season, p->n, &tx->date))
                return -1;
        } else {
            if (shift_unit(dct, p->unit, p->n, &tx->date))
                return -1;
            if (p->hh >= 0 && tx->date.prec == CHR_PREC_DAY) {
                int64_t y;
                int m, d;
                ymd(tx->date.first, &y, &m, &d);
                chr_date_minute(&tx->date, y, m, d, p->hh, p->mm);
            }
        }
    } else if (p->kind == P_PREVREL || p->kind == P_PREVREF) {
        chr_date base;
        if (st->have_prev) {
            base = st->prev;
            tx->anchor = CHR_ANCHOR_PREVIOUS;
        } else if (dct != CHR_NO_DAY) {
            chr_date_from_day(&base, dct);
            tx->anchor = CHR_ANCHOR_DCT;
        } else {
            tx->anchor = CHR_ANCHOR_NONE;
            snprintf(tx->value, sizeof tx->value, "XXXX");
            return 0;
        }
        int64_t y;
        int m, d;
        ymd(base.first, &y, &m, &d);
        if (p->kind == P_PREVREF) {
            int rc;
            if (p->m > 0) {
                /* "that December": the December of the previous date's year */
                rc = chr_date_month(&tx->date, y, p->m);
            } else if (p->season > 0) {
                rc = chr_date_season(&tx->date, y, p->season);
            } else {
                chr_precision want = p->prec;
                if (want > base.prec)
                    want = base.prec;  /* "that day" after "in 2018": the year */
                if (want >= CHR_PREC_DAY)
                    rc = chr_date_day(&tx->date, y, m, d);
                else if (want == CHR_PREC_WEEK) {
                    int64_t wy;
                    int w;
                    chr_iso_week(base.first, &wy, &w);
                    rc = chr_date_week(&tx->date, wy, w);
                } else if (want >= CHR_PREC_MONTH)
                    rc = chr_date_month(&tx->date, y, m);
                else
                    rc = chr_date_year(&tx->date, y);
            }
            if (rc)
                return -1;
        } else {
            /* A unit finer than the previous date ("thirty days later" after
             * "in 2018", "two weeks later" after "in January", "48 hours
             * later" after a day): move the previous date (its middle, when
             * it spans days) by the real amount, then say the result at the
             * previous date's precision.  A unit as coarse or coarser ("a
             * month later" after December) shifts by whole units. */
            if (unit_prec(p->unit) > base.prec) {
                int64_t from = base.prec >= CHR_PREC_DAY ? base.first
                                                         : base.first + (base.last - base.first) / 2;
                double days = (double)p->n * unit_days(p->unit);
                int64_t moved = from + (int64_t)(days >= 0 ? days : -(-days));
                if (date_at(moved, base.prec, &tx->date) != 0)
                    return -1;
            } else if (shift_unit(base.first, p->unit, p->n, &tx->date)) {
                return -1;
            }
        }
    } else {
        return -1;
    }
    if (tx->date.prec == CHR_PREC_MINUTE)
        tx->type = CHR_TX_TIME;
    set_value_from_date(tx);
    return 0;
}

/* ---- driver ------------------------------------------------------------ */

void chr_timex_list_free(chr_timex_list *l)
{
    if (l == NULL)
        return;
    free(l->items);
    l->items = NULL;
    l->count = l->cap = 0;
}

static int push_timex(chr_timex_list *l, const chr_timex *tx)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        chr_timex *n = realloc(l->items, cap * sizeof *n);
        if (n == NULL)
            return -1;
        l->items = n;
        l->cap = cap;
    }
    l->items[l->count++] = *tx;
    return 0;
}

/* Numeric order of a text: day-first if a numeric date has a first part
 * above 12, month-first if its second part is; CHR_ORDER_AUTO if none. */
static chr_date_order detect_order(const chr_toks *tv)
{
    int dmy = 0, mdy = 0;
    for (size_t i = 0; i + 4 < tv->n; i++) {
        const chr_tok *t = tv->t + i;
        if (t->kind != T_NUM || t->ndig > 2 || t[1].kind != T_PUNCT ||
            (t[1].val != '/' && t[1].val != '-') || t[2].kind != T_NUM ||
            t[2].ndig > 2 || t[3].kind != T_PUNCT || t[3].val != t[1].val ||
            t[4].kind != T_NUM || t[4].ndig != 4 || !t[1].adj || !t[2].adj ||
            !t[3].adj || !t[4].adj)
            continue;
        if (t->val > 12 && t[2].val <= 12)
            dmy++;
        else if (t[2].val > 12 && t->val <= 12)
            mdy++;
    }
    if (dmy > mdy)
        return CHR_ORDER_DMY;
    if (mdy > dmy)
        return CHR_ORDER_MDY;
    return CHR_ORDER_AUTO;
}

/* Can an expression start at word token i?  Most words cannot; the
 * common function words only when the next word can follow them. */
static int can_start(const ctx *c, size_t i)
{
    const chr_tok *t = &TK(i);
    switch (t->cls) {
    case C_NONE:
        return t->e - t->s == 1 && (c->text[t->s] == 'Q' || c->text[t->s] == 'q');
    case C_KW:
        break;
    default:
        return 1;
    }
    const chr_tok *n = IN(i + 1) ? &TK(i + 1) : NULL;
    switch (t->val) {
    case K_THE:
        return n && (n->kind == T_NUM || n->cls == C_ORDW || n->cls == C_PART ||
                     n->cls == C_SEASON || n->cls == C_UNIT ||
                     (n->cls == C_KW && (n->val == K_NEXT || n->val == K_FOLLOWING ||
                                         n->val == K_PREVIOUS || n->val == K_PRIOR ||
                                         n->val == K_SAME || n->val == K_FUTURE ||
                                         n->val == K_BEGINNING || n->val == K_MIDDLE ||
                                         n->val == K_FISCAL)) ||
                     chr_tok_is(c->text, n, "start") || chr_tok_is(c->text, n, "near") ||
                     chr_tok_is(c->text, n, "end"));
    case K_A:
    case K_AN:
        return n && (n->cls == C_UNIT || n->cls == C_NUMW ||
                     (n->cls == C_KW && (n->val == K_FEW || n->val == K_COUPLE)));
    case K_THAT:
        return n && (n->cls == C_MONTH || n->cls == C_UNIT || n->cls == C_SEASON ||
                     (n->cls == C_KW && n->val == K_SAME));
    case K_LAST: case K_NEXT: case K_THIS: case K_PAST: case K_COMING:
    case K_PREVIOUS: case K_EARLIER: case K_LATER: case K_EVERY: case K_EACH:
    case K_NEARLY: case K_ALMOST: case K_ABOUT: case K_AROUND: case K_FEW:
    case K_SEVERAL: case K_MANY: case K_COUPLE: case K_SOME: case K_NOW:
    case K_RECENTLY: case K_RECENT: case K_ANNUALLY: case K_ONCE: case K_TWICE:
    case K_CURRENTLY: case K_UPCOMING: case K_NOON: case K_MIDNIGHT: case K_FREQ:
    case K_FISCAL: case K_FOR: case K_OVER:
        return 1;
    default:
        return 0;
    }
}

int chr_tag_toks(const char *text, const chr_toks *tv, const chr_tag_opts *opts,
                 chr_timex_list *out)
{
    ctx c = {text, tv->t, tv->n, opts ? opts->order : CHR_ORDER_AUTO};
    if (c.order == CHR_ORDER_AUTO)
        c.order = detect_order(tv);
    state st;
    memset(&st, 0, sizeof st);
    st.dct = opts ? opts->dct : CHR_NO_DAY;
    for (size_t i = 0; i < tv->n;) {
        const chr_tok *t = &tv->t[i];
        /* only tokens that can start an expression */
        if (t->kind == T_PUNCT && t->val != '@') {
            i++;
            continue;
        }
        if (t->kind == T_WORD && !can_start(&c, i)) {
            i++;
            continue;
        }
        proto p;
        size_t n = match_at(&c, i, &p);
        if (n == 0) {
            i++;
            continue;
        }
        /* "then in May", "later in May": a bare month after "then" */
        if (p.kind == P_ABS && p.y < 0 && i >= 2 && is_kw(&c, i - 1, K_IN) &&
            (is_kw(&c, i - 2, K_THEN) || is_kw(&c, i - 2, K_LATER)))
            p.then = 1;
        /* "next Monday at 10am", "yesterday at noon": a time on that day */
        if (p.hh < 0 && (p.kind == P_WEEKDAY || ((p.kind == P_DCTREL || p.kind == P_PREVREL) &&
                                                  p.unit == U_DAY))) {
            size_t j = i + n;
            int hh, mm;
            size_t k = is_kw(&c, j, K_AT) ? clock_at(&c, j + 1, &hh, &mm) : 0;
            if (k) {
                p.hh = hh;
                p.mm = mm;
                n = j + 1 + k - i;
            }
        }
        /* "was built in two years": a duration after all */
        if (p.in_ahead && clause_tense(&c, i, i + n) < 0)
            p.kind = P_DUR;
        /* "since 2011": from then on; not a date an event happened on */
        if (p.kind == P_ABS && i > 0 && is_kw(&c, i - 1, K_SINCE))
            p.mod = CHR_MOD_AFTER;
        /* a clock time followed by "on <date>": one expression */
        if (p.kind == P_TIME) {
            size_t j = i + n;
            if (is_kw(&c, j, K_ON))
                j++;
            proto q;
            size_t m = match_at(&c, j, &q);
            if (m && ((q.kind == P_ABS && q.prec == CHR_PREC_DAY) || q.kind == P_WEEKDAY ||
                      (q.kind == P_DCTREL && q.unit == U_DAY)) && q.hh < 0) {
                q.hh = p.hh;
                q.mm = p.mm;
                if (q.kind == P_ABS)
                    q.prec = CHR_PREC_MINUTE;
                p = q;
                n = j + m - i;
            }
        }
        /* leading "the"/"that" only belongs to anaphoric forms */
        chr_timex tx;
        memset(&tx, 0, sizeof tx);
        tx.start = tv->t[i + (size_t)p.skip_lead].s;
        tx.end = tv->t[i + n - 1].e;
        /* "the summer", "the 1990s": keep "the" in the span as TIMEX3
         * does; but strip a trailing period of an abbreviation that ends
         * a sentence?  No: "Mar." belongs to the expression. */
        if (resolve(&c, &p, i, i + n, &st, &tx) == 0) {
            /* "Wednesday night": TIMEX3 2000-01-05TNI; the day stays the date */
            if (p.pod && p.hh < 0 && tx.date.prec == CHR_PREC_DAY) {
                static const char *const pods[] = {"", "MO", "AF", "EV", "NI"};
                size_t dl = strnlen(tx.date.value, 10);  /* YYYY-MM-DD */
                memcpy(tx.value, tx.date.value, dl);
                tx.value[dl] = 'T';
                memcpy(tx.value + dl + 1, pods[p.pod], 3);  /* DATE, as TimeBank types it */
            }
            if (push_timex(out, &tx) != 0)
                return CHR_ENOMEM;
            if (tx.type == CHR_TX_DATE && tx.date.prec != CHR_PREC_NONE &&
                !(tx.flags & CHR_TXF_VAGUE) && tx.mod != CHR_MOD_AFTER) {
                st.prev = tx.date;
                st.have_prev = 1;
            } else if (tx.type == CHR_TX_TIME && tx.date.prec != CHR_PREC_NONE) {
                st.prev = tx.date;
                st.have_prev = 1;
            }
        }
        i += n;
    }
    return 0;
}

int chr_tag(const char *text, size_t len, const chr_tag_opts *opts,
            chr_timex_list *out, chr_error *err)
{
    chr_toks tv = {0};
    if (chr_tokenize(text, len, &tv) != 0) {
        chr_toks_free(&tv);
        return chr_error_set(err, CHR_ENOMEM, NULL, 0, "out of memory tokenizing %zu bytes", len);
    }
    int rc = chr_tag_toks(text, &tv, opts, out);
    chr_toks_free(&tv);
    if (rc != 0)
        return chr_error_set(err, CHR_ENOMEM, NULL, 0, "out of memory tagging");
    return 0;
}

void chr_order_count(const char *text, size_t len, size_t *dmy, size_t *mdy)
{
    const unsigned char *u = (const unsigned char *)text;
    for (size_t i = 0; i + 8 <= len; i++) {
        if (!chr_is_digit(u[i]) || (i > 0 && (chr_is_digit(u[i - 1]) || u[i - 1] == '/' ||
                                              u[i - 1] == '-' || u[i - 1] == '.')))
            continue;
        size_t j = i;
        int a = 0, b = 0, na = 0, nb = 0, ny = 0;
        while (j < len && chr_is_digit(u[j]) && na < 3) {
            a = a * 10 + (u[j++] - '0');
            na++;
        }
        if (na > 2 || j >= len || (u[j] != '/' && u[j] != '-'))
            continue;
        unsigned char sep = u[j++];
        while (j < len && chr_is_digit(u[j]) && nb < 3) {
            b = b * 10 + (u[j++] - '0');
            nb++;
        }
        if (nb > 2 || j >= len || u[j] != sep)
            continue;
        j++;
        while (j < len && chr_is_digit(u[j]) && ny < 5) {
            j++;
            ny++;
        }
        if (ny != 4 || (j < len && (chr_is_digit(u[j]) || u[j] == sep)))
            continue;
        if (a > 12 && a <= 31 && b >= 1 && b <= 12)
            (*dmy)++;
        else if (b > 12 && b <= 31 && a >= 1 && a <= 12)
            (*mdy)++;
        i = j - 1;
    }
}

/* ---- names ------------------------------------------------------------- */

const char *chr_timex_type_name(chr_timex_type t)
{
    static const char *const names[] = {"DATE", "TIME", "DURATION", "SET"};
    return (unsigned)t < 4 ? names[t] : "DATE";
}

const char *chr_timex_mod_name(chr_timex_mod m)
{
    static const char *const names[] = {"", "START", "MID", "END", "APPROX", "BEFORE", "AFTER"};
    return (unsigned)m < 7 ? names[m] : "";
}

const char *chr_anchor_name(chr_anchor a)
{
    static const char *const names[] = {"absolute", "dct", "previous", "none"};
    return (unsigned)a < 4 ? names[a] : "none";
}

/* ---- document creation time ------------------------------------------- */

const char *chr_dct_source_name(chr_dct_source s)
{
    static const char *const names[] = {"none", "given", "sidecar", "header",
                                        "dateline", "letter", "bound"};
    return (unsigned)s < 7 ? names[s] : "none";
}

static int line_starts_with(const char *p, const char *end, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(end - p) < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (chr_lower((unsigned char)p[i]) != w[i])
            return 0;
    return n == (size_t)(end - p) || !chr_is_alpha((unsigned char)p[n]);
}

static int day_prec(const chr_timex *t)
{
    return (t->type == CHR_TX_DATE || t->type == CHR_TX_TIME) &&
           t->anchor == CHR_ANCHOR_ABSOLUTE && t->date.prec >= CHR_PREC_DAY;
}

/* Count the letters of [p, end) outside [a, b). */
static size_t letters_outside(const char *p, const char *end, const char *a, const char *b)
{
    size_t n = 0;
    for (; p < end; p++)
        if ((p < a || p >= b) && chr_is_alpha((unsigned char)*p))
            n++;
    return n;
}

static int has_ci(const char *p, const char *end, const char *w)
{
    size_t n = strlen(w);
    for (; p + n <= end; p++) {
        size_t k = 0;
        while (k < n && chr_lower((unsigned char)p[k]) == w[k])
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

static int stamp_or_footer(const char *ls, const char *ds, const char *le)
{
    static const char *const footer[] = {"printed", "accessed", "retrieved", "downloaded",
                                         "copyright", "\xc2\xa9", "(score:", "all rights"};
    for (size_t k = 0; k < sizeof footer / sizeof footer[0]; k++)
        if (has_ci(ls, le, footer[k]))
            return 1;
    /* "by NAME on <date>" */
    return ds - ls >= 6 && memcmp(ds - 3, "on ", 3) == 0 && has_ci(ls, ds, "by ");
}

/* [p, ds) is a place ("PARIS, ", "Brussels (Reuters), "), and after the
 * date at de comes an optional "(Agency)" then a dash or a colon. */
static int wire_dateline(const char *p, const char *ds, const char *de, const char *le)
{
    const char *q = p;
    int letters = 0;
    for (; q < ds; q++) {
        unsigned char ch = (unsigned char)*q;
        if (chr_is_alpha(ch) || ch >= 0x80)
            letters++;
        else if (!(ch == ' ' || ch == ',' || ch == '.' || ch == '(' || ch == ')' ||
                   ch == '-' || ch == '\''))
            return 0;
    }
    if (letters == 0 || !chr_is_upper((unsigned char)*p))
        return 0;
    q = de;
    while (q < le && *q == ' ')
        q++;
    if (q < le && *q == '(') {
        const char *close = memchr(q, ')', (size_t)(le - q));
        if (close == NULL || close - q > 40)
            return 0;
        q = close + 1;
        while (q < le && *q == ' ')
            q++;
    }
    if (q < le && (*q == '-' || *q == ':'))
        return 1;
    /* en or em dash */
    return le - q >= 3 && (unsigned char)q[0] == 0xE2 && (unsigned char)q[1] == 0x80 &&
           ((unsigned char)q[2] == 0x93 || (unsigned char)q[2] == 0x94);
}

void chr_dct_infer(const char *text, size_t len, chr_date_order order, chr_dct *out)
{
    memset(out, 0, sizeof *out);
    out->day = CHR_NO_DAY;
    out->source = CHR_DCT_NONE;
    chr_toks tv = {0};
    chr_timex_list tl = {0};
    size_t dmy = 0, mdy = 0;
    chr_order_count(text, len, &dmy, &mdy);
    chr_date_order detected = dmy > mdy ? CHR_ORDER_DMY : mdy > dmy ? CHR_ORDER_MDY
                                                                  : CHR_ORDER_AUTO;
    out->order = detected != CHR_ORDER_AUTO ? detected
                 : order != CHR_ORDER_AUTO ? order : CHR_ORDER_DMY;
    /* The head: the first 30 lines or 3000 bytes.  Only the head is
     * tagged here; the whole text only when it has no dateline. */
    size_t head = 0;
    for (int lines = 0; head < len && lines < 30 && head < 3000; head++)
        if (text[head] == '\n')
            lines++;
    size_t scan = head;
    while (scan < len && scan < head + 400 && text[scan] != '\n')
        scan++;  /* finish the line */
    chr_tag_opts o = {CHR_NO_DAY, out->order};
    if (chr_tokenize(text, scan, &tv) != 0 || chr_tag_toks(text, &tv, &o, &tl) != 0)
        goto done;
    const chr_timex *updated = NULL, *header = NULL, *dateline = NULL;
    int letter = 0;
    for (size_t k = 0; k < tl.count && tl.items[k].start < head; k++) {
        const chr_timex *t = &tl.items[k];
        if (!day_prec(t))
            continue;
        const char *ls = text + t->start, *le = text + t->end;
        while (ls > text && ls[-1] != '\n')
            ls--;
        while (le < text + len && *le != '\n')
            le++;
        const char *p = ls;
        while (p < le && chr_is_space((unsigned char)*p))
            p++;
        if (line_starts_with(p, le, "updated") || line_starts_with(p, le, "last updated") ||
            line_starts_with(p, le, "modified") || line_starts_with(p, le, "last modified")) {
            if (!updated)
                updated = t;
            continue;
        }
        if (line_starts_with(p, le, "date") || line_starts_with(p, le, "dated") ||
            line_starts_with(p, le, "published") || line_starts_with(p, le, "posted") ||
            line_starts_with(p, le, "sent")) {
            if (!header)
                header = t;
            continue;
        }
        /* a reader-comment stamp ("by NAME on Monday March 25 2019") or a
         * footer ("Page printed: 12 April 2021") is no dateline */
        if (stamp_or_footer(p, text + t->start, le))
            continue;
        /* a wire dateline opening the lede: "PARIS, April 8, 2021 (Wire) -
         * The ministry ..." -- a short place before the date, then an
         * optional agency in brackets and a dash or colon */
        if (!dateline && text + t->start - p <= 40 && wire_dateline(p, text + t->start,
                                                                    text + t->end, le)) {
            dateline = t;
            continue;
        }
        /* a line that is little more than the date: "March 6, 2019",
         * "Brussels, 9.10.2019", "29 January 2019" */
        size_t other = letters_outside(p, le, text + t->start, text + t->end);
        if (other <= 24 && (le[-1] != '.' || le - 1 < text + t->end) && !dateline) {
            dateline = t;
            /* a letter: a salutation follows the date line */
            const char *q = text + t->end;
            const char *stop = q + 400 < text + len ? q + 400 : text + len;
            for (; q + 4 < stop; q++)
                if ((q == text || q[-1] == '\n') && line_starts_with(q, stop, "dear"))
                    letter = 1;
        }
    }
    const chr_timex *pick = NULL;
    if (header && (!dateline || header->start < dateline->start)) {
        pick = header;
        out->source = CHR_DCT_HEADER;
    } else if (dateline) {
        pick = dateline;
        out->source = letter ? CHR_DCT_LETTER : CHR_DCT_DATELINE;
    } else if (header) {
        pick = header;
        out->source = CHR_DCT_HEADER;
    } else if (updated) {
        pick = updated;
        out->source = CHR_DCT_HEADER;
    }
    if (pick) {
        out->day = pick->date.first;
        out->offset = pick->start;
        out->length = pick->end - pick->start;
        snprintf(out->how, sizeof out->how, "%s '%.*s'",
                 out->source == CHR_DCT_HEADER ? "date header" :
                 out->source == CHR_DCT_LETTER ? "letter date line" : "dateline",
                 (int)(out->length > 60 ? 60 : out->length), text + pick->start);
        goto done;
    }
    /*
     * No dateline: forum pages and blogs carry reader comments stamped
     * "by NAME on Monday March 25 2019".  The article is no later than its
     * first comment, so the earliest such stamp bounds the DCT.
     */
    if (scan < len) {
        tl.count = 0;
        if (chr_tokenize(text, len, &tv) != 0 || chr_tag_toks(text, &tv, &o, &tl) != 0)
            goto done;
    }
    for (size_t k = 0; k < tl.count; k++) {
        const chr_timex *t = &tl.items[k];
        if (!day_prec(t) || t->start < 4)
            continue;
        const char *ls = text + t->start;
        while (ls > text && ls[-1] != '\n')
            ls--;
        const char *q = text + t->start;
        int by = 0;
        for (const char *r = ls; r + 3 < q; r++)
            if ((r == ls || r[-1] == ' ') && r[0] == 'b' && r[1] == 'y' && r[2] == ' ')
                by = 1;
        if (!by || !(q - ls >= 4 && (memcmp(q - 3, "on ", 3) == 0)))
            continue;
        if (out->day == CHR_NO_DAY || t->date.first < out->day) {
            out->day = t->date.first;
            out->offset = t->start;
            out->length = t->end - t->start;
        }
    }
    if (out->day != CHR_NO_DAY) {
        out->source = CHR_DCT_BOUND;
        char d[11];
        chr_day_format(out->day, d);
        /* News ledes say "said on Friday" of the day the story ran: the
         * first "on <weekday>" of the opening lines, taken on or before
         * the bound, dates the story. */
        size_t lede = 0;
        for (int lines = 0; lede < len && lines < 3 && lede < 1200; lede++)
            if (text[lede] == '\n')
                lines++;
        for (size_t i = 1; i < tv.n && tv.t[i].s < lede; i++) {
            const chr_tok *w = &tv.t[i];
            if (w->cls != C_WDAY || !w->cap || !chr_tok_is(text, &tv.t[i - 1], "on"))
                continue;
            int64_t day = out->day - ((chr_weekday(out->day) - w->val + 7) % 7);
            char dd[11];
            chr_day_format(day, dd);
            snprintf(out->how, sizeof out->how,
                     "no dateline; lede's 'on %.*s' taken on or before the first reader comment (%s)",
                     (int)(w->e - w->s), text + w->s, d);
            out->day = day;
            (void)dd;
            goto done;
        }
        snprintf(out->how, sizeof out->how,
                 "no dateline; bounded by the earliest reader-comment stamp (%s)", d);
    }
done:
    chr_toks_free(&tv);
    chr_timex_list_free(&tl);
}
