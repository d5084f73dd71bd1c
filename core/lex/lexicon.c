/*
 * lexicon.c - the words chronicle knows by class: months, weekdays, units,
 * number and ordinal words, seasons, modifiers and signal words for the
 * tagger, and the tense cues that the tagger and the extractor share.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_int.h"
#include "base/wordtab_int.h"
#include "lex/lex_int.h"

struct lex { const char *w; uint8_t cls; int8_t val; uint8_t plural; };

/* Looked up through a hash index (lex_build); order does not matter. */
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
    {"sixty", C_NUMW, 60, 0}, {"seventy", C_NUMW, 70, 0}, {"eighty", C_NUMW, 80, 0},
    {"ninety", C_NUMW, 90, 0}, {"hundred", C_KW, K_HUNDRED, 0},
    {"thousand", C_KW, K_THOUSAND, 0},
    {"thirteenth", C_ORDW, 13, 0}, {"fourteenth", C_ORDW, 14, 0},
    {"fifteenth", C_ORDW, 15, 0}, {"sixteenth", C_ORDW, 16, 0},
    {"seventeenth", C_ORDW, 17, 0}, {"eighteenth", C_ORDW, 18, 0},
    {"nineteenth", C_ORDW, 19, 0}, {"twentieth", C_ORDW, 20, 0},
    {"thirtieth", C_ORDW, 30, 0},
    {"midday", C_KW, K_NOON, 0}, {"current", C_KW, K_CURRENT, 0},
    {"christmas", C_HOLIDAY, H_CHRISTMAS, 0}, {"thanksgiving", C_HOLIDAY, H_THANKSGIVING, 0},
    {"halloween", C_HOLIDAY, H_HALLOWEEN, 0}, {"easter", C_HOLIDAY, H_EASTER, 0},
    {"valentine", C_HOLIDAY, H_VALENTINE, 0},
};

/* Tense cues, by word: what each word says about the time of its clause. */
enum { CUE_PAST_FORM = 1, CUE_PAST = 2, CUE_FUTURE = 4 };

static const struct cue {
    const char *w;
    unsigned what;
} cues[] = {
    /* irregular past forms */
    {"was", CUE_PAST_FORM}, {"were", CUE_PAST_FORM}, {"had", CUE_PAST_FORM},
    {"did", CUE_PAST_FORM}, {"said", CUE_PAST_FORM}, {"told", CUE_PAST_FORM},
    {"met", CUE_PAST_FORM}, {"made", CUE_PAST_FORM}, {"took", CUE_PAST_FORM},
    {"went", CUE_PAST_FORM}, {"came", CUE_PAST_FORM}, {"held", CUE_PAST_FORM},
    {"gave", CUE_PAST_FORM}, {"began", CUE_PAST_FORM}, {"left", CUE_PAST_FORM},
    {"saw", CUE_PAST_FORM}, {"won", CUE_PAST_FORM}, {"lost", CUE_PAST_FORM},
    {"sent", CUE_PAST_FORM}, {"spent", CUE_PAST_FORM}, {"brought", CUE_PAST_FORM},
    {"bought", CUE_PAST_FORM}, {"found", CUE_PAST_FORM}, {"led", CUE_PAST_FORM},
    {"ran", CUE_PAST_FORM}, {"wrote", CUE_PAST_FORM}, {"spoke", CUE_PAST_FORM},
    {"rose", CUE_PAST_FORM}, {"fell", CUE_PAST_FORM}, {"sold", CUE_PAST_FORM},
    {"paid", CUE_PAST_FORM}, {"built", CUE_PAST_FORM}, {"struck", CUE_PAST_FORM},
    {"became", CUE_PAST_FORM}, {"knew", CUE_PAST_FORM}, {"thought", CUE_PAST_FORM},
    {"got", CUE_PAST_FORM}, {"hit", CUE_PAST_FORM}, {"set", CUE_PAST_FORM},
    {"put", CUE_PAST_FORM}, {"cut", CUE_PAST_FORM}, {"shut", CUE_PAST_FORM},
    {"quit", CUE_PAST_FORM}, {"withdrew", CUE_PAST_FORM}, {"drew", CUE_PAST_FORM},
    {"chose", CUE_PAST_FORM}, {"froze", CUE_PAST_FORM}, {"stole", CUE_PAST_FORM},
    {"broke", CUE_PAST_FORM}, {"felt", CUE_PAST_FORM}, {"kept", CUE_PAST_FORM},
    {"meant", CUE_PAST_FORM}, {"heard", CUE_PAST_FORM},
    /* words of the past */
    {"ago", CUE_PAST}, {"last", CUE_PAST}, {"earlier", CUE_PAST}, {"former", CUE_PAST},
    {"previously", CUE_PAST}, {"since", CUE_PAST},
    /* words of the future */
    {"will", CUE_FUTURE}, {"shall", CUE_FUTURE}, {"ll", CUE_FUTURE},
    {"tomorrow", CUE_FUTURE}, {"next", CUE_FUTURE}, {"upcoming", CUE_FUTURE},
    {"plans", CUE_FUTURE}, {"plan", CUE_FUTURE}, {"planned", CUE_FUTURE},
    {"scheduled", CUE_FUTURE}, {"expected", CUE_FUTURE}, {"expects", CUE_FUTURE},
    {"intends", CUE_FUTURE}, {"aims", CUE_FUTURE}, {"coming", CUE_FUTURE},
    {"forthcoming", CUE_FUTURE}, {"due", CUE_FUTURE}, {"soon", CUE_FUTURE},
    {"planning", CUE_FUTURE}, {"preparing", CUE_FUTURE}, {"ready", CUE_FUTURE},
    {"intend", CUE_FUTURE}, {"aiming", CUE_FUTURE}, {"hopes", CUE_FUTURE},
    {"hoping", CUE_FUTURE}, {"until", CUE_FUTURE},
};

/* The keywords a date rule can start at ("the", "last", "a", "every"):
 * the tokenizer marks these for the tagger to visit, and not the other
 * keywords ("of", "in", "to", which only stand around dates).  The rule
 * table of core/tag/rules.c lists the same starts; its index checks this
 * list against them (chr_lex_kw_marked). */
static const uint8_t start_kws[] = {
    K_THE, K_FISCAL, K_FOR, K_OVER, K_WITHIN, K_THIS, K_CURRENT, K_CURRENTLY, K_LAST,
    K_PREVIOUS, K_PAST, K_NEXT, K_COMING, K_UPCOMING, K_EARLIER, K_LATER, K_THAT, K_SAME,
    K_A, K_AN, K_NEARLY, K_ALMOST, K_ABOUT, K_AROUND, K_FEW, K_SEVERAL, K_MANY, K_COUPLE,
    K_SOME, K_NOW, K_RECENTLY, K_RECENT, K_EVERY, K_EACH, K_FREQ, K_ANNUALLY, K_ONCE,
    K_TWICE, K_NOON, K_MIDNIGHT};

int chr_lex_kw_marked(int kw)
{
    for (size_t i = 0; i < sizeof start_kws; i++)
        if (start_kws[i] == kw)
            return 1;
    return 0;
}

/* Words of no class that a date rule reads by their letters right after
 * its first token ("the latter half", "the nineties", "the near future",
 * "the short term", "the full year", "the latest period", "the most
 * recent period", "an additional year", "a further week", "three
 * straight days", "the 5th", "10 p.m."): the tagger turns a start away
 * by the token after it (core/tag/rules.c, the follow table), and reads
 * these by a token's flag (chr_tok.aux), not by a lookup of each word
 * after "the". */
static const char *const aux_words[] = {
    "latter", "twenties", "thirties", "forties", "fifties", "sixties", "seventies",
    "eighties", "nineties", "near", "short", "full", "latest", "most", "period",
    "additional", "further", "extra", "straight", "successive", "st", "nd", "rd", "th", "p"};

/* The lexicon is looked up for every word of every document, and whether
 * a word is in it is what the text says next, which no branch predictor
 * guesses: so a word is looked up with no branch at all.  The index is a
 * perfect hash, made once (under pthread_once, as taggers run on worker
 * threads): a multiplier under which no two words share a slot is
 * searched for, so a word's one slot holds it or no word of the index.
 * It holds the lexicon's words, then the tense cues and the tagger's
 * aux words not among them (of no class): a token knows whether it is a
 * cue (chr_tok.cue; the clause around every expression is read for
 * cues) and whether it is an aux word (chr_tok.aux).  Entry 0 of the key
 * and class arrays is a key no word has (bytes 0xFF), the slot of every
 * word not in the index. */
#define NLEX (sizeof lexicon / sizeof lexicon[0])
#define NCUE (sizeof cues / sizeof cues[0])
#define NAUX (sizeof aux_words / sizeof aux_words[0])
#define NWORDS (NLEX + NCUE + NAUX)  /* at most: a word listed twice is one entry */
_Static_assert(NWORDS < 65535, "entries are numbered in 16 bits");
_Static_assert(sizeof(chr_tok) == 16 && offsetof(chr_tok, val) == 8,
               "a token's class fields are its last eight bytes");
uint16_t chr_lex_slot[1u << CHR_LEX_BITS];
uint64_t chr_lex_key[NWORDS + 1][2];
uint32_t chr_lex_info[NWORDS + 1];
uint64_t chr_lex_tokhi[NWORDS + 1];
uint64_t chr_lex_mul;
static const char *lex_words[NWORDS];   /* entry i + 1's word */
static size_t lex_nwords;
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

/* Word w in key form: its bytes, NUL-padded to 16. */
static void key_of(const char *w, uint64_t k[2])
{
    unsigned char b[16] = {0};
    memcpy(b, w, strlen(w));
    memcpy(k, b, sizeof b);
}

/* Is w a tense cue?  An aux word? */
static int is_cue(const char *w)
{
    for (size_t i = 0; i < NCUE; i++)
        if (strcmp(cues[i].w, w) == 0)
            return 1;
    return 0;
}

static int is_aux(const char *w)
{
    for (size_t i = 0; i < NAUX; i++)
        if (strcmp(aux_words[i], w) == 0)
            return 1;
    return 0;
}

/* Add w to the index's words unless it is there. */
static void lex_add(const char *w)
{
    for (size_t k = 0; k < lex_nwords; k++)
        if (strcmp(lex_words[k], w) == 0)
            return;
    lex_words[lex_nwords++] = w;
}

/* Slot the words with multiplier mul; 0 when two words share one.  A
 * word listed twice keeps its first entry. */
static int lex_place(uint64_t mul)
{
    memset(chr_lex_slot, 0, sizeof chr_lex_slot);
    chr_lex_mul = mul;
    for (size_t i = 0; i < lex_nwords; i++) {
        uint64_t k[2], o[2];
        key_of(lex_words[i], k);
        uint32_t h = chr_lex_hash(k[0], k[1]);
        if (chr_lex_slot[h] != 0) {
            key_of(lex_words[chr_lex_slot[h] - 1u], o);
            if (o[0] != k[0] || o[1] != k[1])
                return 0;
            continue;
        }
        chr_lex_slot[h] = (uint16_t)(i + 1);
    }
    return 1;
}

static void lex_build(void)
{
    for (size_t i = 0; i < NLEX; i++)
        lex_words[lex_nwords++] = lexicon[i].w;
    for (size_t i = 0; i < NCUE; i++)
        lex_add(cues[i].w);
    for (size_t i = 0; i < NAUX; i++)
        lex_add(aux_words[i]);
    /* with 2^13 slots for some 330 words, about one multiplier in 700
     * puts every word in a slot of its own: the search ends after a few
     * hundred tries, the same way every time */
    uint64_t mul = 0x9E3779B97F4A7C15ULL;
    while (!lex_place(mul))
        mul += 0x5851F42D4C957F2EULL;  /* even: mul stays odd */
    chr_lex_key[0][0] = chr_lex_key[0][1] = ~0ULL;
    for (size_t i = 0; i <= lex_nwords; i++) {
        chr_tok t;
        memset(&t, 0, sizeof t);   /* the flag byte's spare bits too */
        t.kind = T_WORD;
        if (i > 0) {
            key_of(lex_words[i - 1], chr_lex_key[i]);
            t.cue = is_cue(lex_words[i - 1]) & 1u;
            t.aux = is_aux(lex_words[i - 1]) & 1u;
            if (i <= NLEX) {
                const struct lex *x = &lexicon[i - 1];
                t.cls = x->cls;
                t.val = x->val;
                t.plural = x->plural & 1u;
            }
            /* the tokenizer marks a word of a class, but for keywords
             * only those a rule starts at */
            unsigned mark = t.cls != C_NONE && (t.cls != C_KW || chr_lex_kw_marked(t.val));
            chr_lex_info[i] = CHR_LEX_INFO(t.cls, t.val, t.plural, t.cue, t.aux, mark);
        }
        memcpy(&chr_lex_tokhi[i], (const char *)&t + 8, 8);
    }
}

void chr_lex_init(void)
{
    pthread_once(&lex_once, lex_build);
}

CHR_WORDTAB_DEFINE(cue_find, cues)

/* What the word token t cues (CUE_*), 0 for none: one hashed lookup of
 * its lower-case form, for the words the tokenizer found among them. */
static unsigned cue_of(const char *text, const chr_tok *t)
{
    size_t n = t->e - t->s;
    /* the tokenizer found most words in no cue (chr_tok.cue) */
    if (t->kind != T_WORD || !t->cue || n == 0 || n > CHR_WORDTAB_MAXLEN)
        return 0;
    int k = cue_find_ci(text + t->s, n);
    return k < 0 ? 0 : cues[k].what;
}

int chr_lex_past_form(const char *text, const chr_tok *t)
{
    size_t n = t->e - t->s;
    if (t->kind != T_WORD)
        return 0;
    /* "-ed" of a lower-case word: "banned", "used", "fled"; not "need",
     * "feed", and not names ("Ahmed") */
    if (n > 3 && !t->cap && text[t->e - 2] == 'e' && text[t->e - 1] == 'd' &&
        (n > 4 || text[t->s + 1] != 'e'))
        return 1;
    return (cue_of(text, t) & CUE_PAST_FORM) != 0;
}

int chr_lex_past_word(const char *text, const chr_tok *t)
{
    return chr_lex_past_form(text, t) || (cue_of(text, t) & CUE_PAST) != 0;
}

int chr_lex_future_word(const char *text, const chr_tok *t)
{
    return (cue_of(text, t) & CUE_FUTURE) != 0;
}

unsigned chr_lex_cue_tense(const char *text, const chr_tok *t)
{
    unsigned what = cue_of(text, t), out = 0;
    if (what & (CUE_PAST_FORM | CUE_PAST))
        out |= CHR_LEX_PAST;
    if (what & CUE_FUTURE)
        out |= CHR_LEX_FUTURE;
    return out;
}
