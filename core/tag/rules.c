/*
 * rules.c - the rule table.  Each row is one family of expressions: its
 * name, its matcher, and the tokens that can start it.  The tagger tries
 * at a token only the rules whose row lists that token's start key, so a
 * family is added by one row (and, where needed, one resolver case), and
 * a start the row forgets is caught by tests/tag/test_tag.c, which runs
 * every rule at every token of its texts and fails on a match at a start
 * the row does not list.  The commonest starts ("the", "a", "for") are
 * also filtered by the token after them (the follow table below), which
 * the same test checks.
 */
#include <assert.h>
#include <pthread.h>
#include <string.h>

#include "tag/tag_int.h"

/* Start keys: what a token offers the index. */
enum {
    SK_NONE = 0,
    SK_NUM,                 /* a number */
    SK_AT,                  /* "@" (a comment stamp's "@10:53AM") */
    SK_Q,                   /* the letter Q ("Q3 2019") */
    SK_CLASS,               /* + enum tok_class: months, weekdays, units ... */
    SK_KW = SK_CLASS + 16,  /* + enum kw: keywords */
    SK_COUNT = SK_KW + 128,
    /* what only a token after a start offers (the follow table) */
    SK_DASH = SK_COUNT,     /* "-", an en or em dash */
    SK_APOS,                /* "'" */
    SK_DOT,                 /* "." */
    SK_SLASH,               /* "/" */
    SK_COLON,               /* ":" */
    SK_AUX,                 /* a word of no class a rule reads (chr_tok.aux) */
    SK_END,                 /* no token: the start is the last */
    /* a number's start key refined for the follow table (follow_first) */
    SK_NUM_SHORT,           /* not a year: up to three digits, or four not 1000..2199 */
    SK_NUM_NONE,            /* grouped ("1,500"), or more than four digits */
    SK_FOLLOWS,
    /* what the tables of tag_starts give, for a token read further */
    SK_NUM_REFINE = SK_FOLLOWS, /* a number: its follow_first by its digits */
    SK_BARE,                /* a word of no class: an aux word or none */
    SK_E2                   /* a mark of first byte 0xE2: a dash or not */
};

#define NUM SK_NUM
#define AT SK_AT
#define Q SK_Q
#define DASH SK_DASH
#define APOS SK_APOS
#define DOT SK_DOT
#define SLASH SK_SLASH
#define COLON SK_COLON
#define AUX SK_AUX
#define CL(x) (SK_CLASS + C_##x)
#define KW(x) (SK_KW + K_##x)
#define MAX_STARTS 16

struct rule {
    const char *name;
    tag_rule_fn match;
    uint16_t starts[MAX_STARTS];   /* start keys, 0-terminated */
};

/* In order of preference: the longest match wins, and of equally long
 * matches the first row's. */
static const struct rule rules[] = {
    {"iso", tag_rule_iso, {NUM}},
    {"numeric", tag_rule_numeric, {NUM}},
    {"month_day", tag_rule_month_day, {CL(MONTH), CL(MONTH_AB), CL(WDAY), CL(WDAY_AB)}},
    {"day_month", tag_rule_day_month, {NUM, CL(WDAY), CL(WDAY_AB), KW(THE)}},
    {"part", tag_rule_part, {CL(PART), KW(THE)}},
    {"quarter_season", tag_rule_quarter_season, {Q, CL(ORDW), CL(SEASON), KW(THE)}},
    {"month", tag_rule_month, {CL(MONTH), CL(MONTH_AB)}},
    {"year", tag_rule_year, {NUM}},
    {"the_decade", tag_rule_the_decade, {KW(THE)}},
    {"fiscal", tag_rule_fiscal, {KW(FISCAL)}},
    {"bare_units", tag_rule_bare_units, {KW(FOR), KW(OVER), KW(WITHIN)}},
    {"deictic", tag_rule_deictic,
     {KW(THIS), KW(CURRENT), KW(CURRENTLY), KW(LAST), KW(PREVIOUS), KW(PAST), KW(NEXT),
      KW(COMING), KW(UPCOMING), KW(EARLIER), KW(LATER)}},
    {"anaphoric", tag_rule_anaphoric, {KW(THAT), KW(THE), KW(SAME)}},
    {"quantity", tag_rule_quantity,
     {NUM, CL(NUMW), CL(UNIT), KW(A), KW(AN), KW(NEARLY), KW(ALMOST), KW(ABOUT), KW(AROUND),
      KW(FEW), KW(SEVERAL), KW(MANY), KW(COUPLE), KW(SOME)}},
    {"dayrel", tag_rule_dayrel,
     {CL(DAYREL), KW(NOW), KW(CURRENT), KW(CURRENTLY), KW(RECENTLY), KW(RECENT), KW(THE)}},
    {"set", tag_rule_set,
     {NUM, CL(NUMW), KW(A), KW(AN), KW(EVERY), KW(EACH), KW(FREQ), KW(ANNUALLY), KW(ONCE),
      KW(TWICE)}},
    {"weekday", tag_rule_weekday, {CL(WDAY)}},
    {"clock", tag_rule_clock, {NUM, AT, KW(NOON), KW(MIDNIGHT)}},
    {"period", tag_rule_period, {KW(THE), CL(UNIT)}},
    {"holiday", tag_rule_holiday, {CL(HOLIDAY)}},
    {"spelled_year", tag_rule_spelled_year, {CL(NUMW), KW(THE)}},
    {"century", tag_rule_century, {NUM, CL(ORDW), KW(THE)}},
};

#define NRULES (sizeof rules / sizeof rules[0])

/*
 * Most tokens of the commonest start keys begin no match ("the
 * government", "a man", "for them"), and the token after them says so.
 * A row here lists, for one start key, what the token after it offers in
 * every match of every rule that key starts: read from the rules, each
 * word, class and mark a rule tests at the token after its start when
 * the start has that key.  A start whose next token offers none of them
 * is passed over with no rule tried.  A key with no row is not filtered;
 * a follower a row forgets is caught by tests/tag/test_tag.c.  A word of
 * no class that a rule reads by its letters there ("the latter half",
 * "the 5th") offers AUX: such words are listed in core/lex/lexicon.c
 * (aux_words), which flags their tokens.
 */
#define MAX_FOLLOWS 24
/* What can follow a count in a duration or a rate (tag_rule_quantity,
 * tag_rule_set): a unit, a hundred or thousand, more, "1/2" or "and a
 * half", "to" or "or" a second count, a dash, consecutive or its like
 * (an aux word), times. */
#define QUANTITY NUM, DASH, CL(UNIT), KW(HUNDRED), KW(THOUSAND), KW(MORE), KW(AND), KW(TO), \
                 KW(OR), KW(CONSECUTIVE), KW(TIMES), AUX
static const struct follow {
    uint16_t first;
    uint16_t next[MAX_FOLLOWS];   /* 0-terminated */
} follows[] = {
    /* the 5th; the '80s, the 1990s, the nineties; the end of; the first
     * quarter, the latter half, the summer; the same day, the next day,
     * the week of; the near future, the past; the year, the full year,
     * the latest quarter, the 1988 quarter; the year two thousand; the
     * 20th century */
    {KW(THE), {NUM, APOS, CL(PART), CL(ORDW), CL(SEASON), CL(UNIT), KW(BEGINNING), KW(LAST),
               KW(SAME), KW(NEXT), KW(FOLLOWING), KW(PREVIOUS), KW(PRIOR), KW(FUTURE), KW(PAST),
               KW(FISCAL), KW(CURRENT), KW(RECENT), KW(MORE), AUX}},
    /* a few, a hundred, a day, a day-long, a year and a half, a 1/2, a
     * to two (as "one to two"), a more, a consecutive, a straight; a
     * times a week */
    {KW(A), {QUANTITY, KW(FEW), KW(COUPLE)}},
    {KW(AN), {QUANTITY, KW(FEW), KW(COUPLE)}},
    /* twenty-five, twenty five, nineteen ninety, two thousand, five
     * years, five-year, two and a half, three to five, three times */
    {CL(NUMW), {QUANTITY, CL(NUMW)}},
    /* a number that is not a year: 9.10.2019, 11/01/2019, 28-11-2018;
     * 5th of March, 5 March; three counts as above; 16:05, 10 am, 10
     * a.m., 10 p.m.; the 20th century */
    {SK_NUM_SHORT, {QUANTITY, DOT, SLASH, COLON, KW(OF), CL(MONTH), CL(MONTH_AB), KW(AM),
                    KW(PM), KW(A)}},
    /* "1,500", "123456": no rule reads a grouped or long number */
    {SK_NUM_NONE, {0}},
    /* that day, that same month, that December, that summer */
    {KW(THAT), {CL(UNIT), CL(MONTH), CL(MONTH_AB), CL(SEASON), KW(SAME)}},
    /* for weeks, over the years, within days */
    {KW(FOR), {CL(UNIT)}},
    {KW(OVER), {CL(UNIT), KW(THE)}},
    {KW(WITHIN), {CL(UNIT)}},
    /* days later, years ago, day-long, year-ago */
    {CL(UNIT), {DASH, KW(LATER), KW(EARLIER), KW(AGO)}},
};

/* For each start key, the rules it can start (bit r for rules[r]); and
 * for a key with a row in follows, the keys that may follow it. */
static uint32_t index_of[SK_COUNT];
static uint8_t filtered[SK_FOLLOWS];
static uint64_t follow_of[SK_FOLLOWS][(SK_FOLLOWS + 63) / 64];
/* Does a token of kind k, class cls and value v (its low 7 bits) start a
 * rule?  A number does, "@" does, a word by its class (by keyword for
 * C_KW), and a word of no class when it is the letter Q (START_IF_Q). */
#define START_IF_Q 2
static uint8_t starts_by[4][16][128];
/* The same token as the follow table sees it: as a start, its key if a
 * row filters it (0 when none does); as the token after a start, its
 * key (a mark's by its byte, in next_punct). */
static uint16_t first_by[4][16][128];
static uint16_t next_by[4][16][128];
static uint16_t next_punct[256];
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static void index_build(void)
{
    for (size_t r = 0; r < NRULES; r++)
        for (size_t k = 0; k < MAX_STARTS && rules[r].starts[k] != SK_NONE; k++)
            index_of[rules[r].starts[k]] |= 1u << r;
    for (unsigned cls = 0; cls < 16; cls++)
        for (unsigned v = 0; v < 128; v++) {
            unsigned key = cls == C_KW ? SK_KW + v : SK_CLASS + cls;
            starts_by[T_WORD][cls][v] = cls == C_NONE ? START_IF_Q : index_of[key] != 0;
            starts_by[T_NUM][cls][v] = index_of[SK_NUM] != 0;
        }
    starts_by[T_PUNCT][0]['@'] = index_of[SK_AT] != 0;
    /* the tokenizer marks the keywords the lexicon lists as starts: the
     * same as the table's, or a start would go unvisited */
    for (unsigned v = 0; v < 128; v++)
        assert(chr_lex_kw_marked((int)v) == (index_of[SK_KW + v] != 0));
    memset(follow_of[SK_NONE], 0xFF, sizeof follow_of[SK_NONE]);
    for (size_t f = 0; f < sizeof follows / sizeof follows[0]; f++) {
        unsigned first = follows[f].first;
        filtered[first] = 1;
        for (size_t k = 0; k < MAX_FOLLOWS && follows[f].next[k] != SK_NONE; k++)
            follow_of[first][follows[f].next[k] / 64] |= 1ULL << (follows[f].next[k] % 64);
    }
    for (unsigned cls = 0; cls < 16; cls++)
        for (unsigned v = 0; v < 128; v++) {
            unsigned key = cls == C_KW ? SK_KW + v : cls == C_NONE ? SK_NONE : SK_CLASS + cls;
            first_by[T_WORD][cls][v] = (uint16_t)(filtered[key] ? key : 0);
            first_by[T_NUM][cls][v] = SK_NUM_REFINE;
            next_by[T_WORD][cls][v] = (uint16_t)(cls == C_NONE ? SK_BARE : key);
            next_by[T_NUM][cls][v] = SK_NUM;
        }
    next_punct['\''] = SK_APOS;
    next_punct['.'] = SK_DOT;
    next_punct['/'] = SK_SLASH;
    next_punct[':'] = SK_COLON;
    next_punct['-'] = SK_DASH;
    next_punct[0xE2] = SK_E2;
}

/* The key the token at i offers a start before it (SK_END: none), by
 * tables, with no branch on what the text holds but for a dash of three
 * bytes. */
static inline unsigned follow_key(const ctx *c, size_t i)
{
    if (!IN(i))
        return SK_END;
    const chr_tok *t = &TK(i);
    unsigned k = t->kind == T_PUNCT ? next_punct[(unsigned)t->val & 255u]
                                    : next_by[t->kind & 3u][t->cls & 15u][(unsigned)t->val & 127u];
    k = k == SK_BARE ? (t->aux ? SK_AUX : SK_NONE) : k;
    if (k == SK_E2)
        k = tag_is_dash(c, i) ? SK_DASH : SK_NONE;
    return k;
}

/* Can the token at i follow a start of key first in a match?  (Any token
 * can follow a key of no row: first 0, whose row holds every key.) */
static inline int follows_ok(const ctx *c, unsigned first, size_t i)
{
    unsigned k = follow_key(c, i);
    return follow_of[first][k / 64] >> (k % 64) & 1;
}

/* Inline in the loops below: they ask it of every token. */
static inline unsigned start_key(const ctx *c, size_t i)
{
    const chr_tok *t = &TK(i);
    unsigned cls = t->cls, v = (unsigned)t->val;
    unsigned word = cls == C_KW ? (v < 128 ? SK_KW + v : SK_NONE)
                                : cls != C_NONE ? SK_CLASS + cls : SK_NONE;
    /* "Q3": a lone Q, the one word of no class that starts a rule */
    if ((cls == C_NONE) & (t->e - t->s == 1) & (t->kind == T_WORD))
        word = c->text[t->s] == 'Q' || c->text[t->s] == 'q' ? SK_Q : SK_NONE;
    unsigned punct = v == '@' ? SK_AT : SK_NONE;
    return t->kind == T_NUM ? SK_NUM : t->kind == T_PUNCT ? punct : word;
}

size_t tag_next_start(const ctx *c, size_t i)
{
    pthread_once(&index_once, index_build);
    for (; i < c->n; i++) {
        const chr_tok *t = &TK(i);
        /* most tokens: a word of no class, longer than "Q" */
        if (t->kind == T_WORD && t->cls == C_NONE && t->e - t->s != 1)
            continue;
        if (index_of[start_key(c, i)] != 0)
            break;
    }
    return i;
}

/* A number's row in the follow table, by its digits: none for a year
 * (any token may follow one). */
static inline unsigned num_first(const chr_tok *t)
{
    unsigned year = t->ndig == 4 && t->val >= 1000 && t->val <= 2199;
    return t->grouped || t->ndig > 4 ? SK_NUM_NONE : year ? SK_NONE : SK_NUM_SHORT;
}

/* The key of start key key at token i in the follow table: a number's
 * refined by its digits. */
static inline unsigned follow_first(const ctx *c, size_t i, unsigned key)
{
    return key == SK_NUM ? num_first(&TK(i)) : key;
}

/* Does the token after i let a match start at i (the follow table)? */
static inline int follow_passes(const ctx *c, size_t i)
{
    unsigned first = follow_first(c, i, start_key(c, i));
    return !filtered[first] || follows_ok(c, first, i + 1);
}

size_t tag_starts(const ctx *c, const uint32_t *mark, size_t nmark, uint32_t *out)
{
    pthread_once(&index_once, index_build);
    size_t j = 0;
    for (size_t k = 0; k < nmark; k++) {
        const chr_tok *t = &TK(mark[k]);
        /* by kind, class and value, from tables: no branch on what the
         * text holds next, which the processor would mostly guess wrong */
        unsigned kind = t->kind & 3u, cls = t->cls & 15u, v = (unsigned)t->val & 127u;
        unsigned st = starts_by[kind][cls][v], first = first_by[kind][cls][v];
        /* "Q3": a lone Q, the one word of no class that starts a rule */
        if (st == START_IF_Q)
            st = t->e - t->s == 1 && (c->text[t->s] | 0x20) == 'q';
        first = first == SK_NUM_REFINE ? num_first(t) : first;
        /* most starts of "the", "a" or a number begin no match, as the
         * token after them says: passed over here, not tried */
        out[j] = mark[k];
        j += st & (unsigned)follows_ok(c, first, mark[k] + 1);
    }
    return j;
}

/* Rule r tried at i, kept in *best when longer than *bestn. */
#define TRY(r)                                                                 \
    if (set & (1u << (r))) {                                                   \
        proto p;                                                               \
        proto_init(&p);                                                        \
        size_t n = rules[r].match(c, i, &p);                                   \
        if (n > bestn) {                                                       \
            bestn = n;                                                         \
            *best = p;                                                         \
        }                                                                      \
    }

size_t tag_match_at(const ctx *c, size_t i, proto *best)
{
    pthread_once(&index_once, index_build);
    unsigned key = start_key(c, i), first = follow_first(c, i, key);
    uint32_t set = index_of[key];
    size_t bestn = 0;
    if (filtered[first] && !follows_ok(c, first, i + 1))
        return 0;
    /* one call site per rule, in table order: a direct call the processor
     * predicts, where a loop over the table's pointers made one indirect
     * call site that missed at almost every rule of a "the" */
    _Static_assert(NRULES == 22, "tag_match_at tries every rule of the table");
    TRY(0) TRY(1) TRY(2) TRY(3) TRY(4) TRY(5) TRY(6) TRY(7) TRY(8) TRY(9) TRY(10)
    TRY(11) TRY(12) TRY(13) TRY(14) TRY(15) TRY(16) TRY(17) TRY(18) TRY(19) TRY(20) TRY(21)
    return bestn;
}

int tag_follow_ok(const ctx *c, size_t i)
{
    pthread_once(&index_once, index_build);
    return follow_passes(c, i);
}

int tag_rule_starts(const ctx *c, size_t r, size_t i)
{
    pthread_once(&index_once, index_build);
    return r < NRULES && (index_of[start_key(c, i)] >> r & 1u);
}

size_t tag_rule_count(void)
{
    return NRULES;
}

size_t tag_rule_try(const ctx *c, size_t r, size_t i, proto *p)
{
    proto_init(p);
    return r < NRULES ? rules[r].match(c, i, p) : 0;
}

const char *tag_rule_name(size_t r)
{
    return r < NRULES ? rules[r].name : "";
}
