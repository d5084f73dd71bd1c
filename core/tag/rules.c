/*
 * rules.c - the rule table.  Each row is one family of expressions: its
 * name, its matcher, and the tokens that can start it.  The tagger tries
 * at a token only the rules whose row lists that token's start key, so a
 * family is added by one row (and, where needed, one resolver case), and
 * a start the row forgets is caught by tests/tag/test_rules.c, which runs
 * every rule at every token of its texts and fails on a match at a start
 * the row does not list.
 */
#include <pthread.h>

#include "tag/tag_int.h"

/* Start keys: what a token offers the index. */
enum {
    SK_NONE = 0,
    SK_NUM,                 /* a number */
    SK_AT,                  /* "@" (a comment stamp's "@10:53AM") */
    SK_Q,                   /* the letter Q ("Q3 2019") */
    SK_CLASS,               /* + enum tok_class: months, weekdays, units ... */
    SK_KW = SK_CLASS + 16,  /* + enum kw: keywords */
    SK_COUNT = SK_KW + 128
};

#define NUM SK_NUM
#define AT SK_AT
#define Q SK_Q
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

/* For each start key, the rules it can start (bit r for rules[r]). */
static uint32_t index_of[SK_COUNT];
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static void index_build(void)
{
    for (size_t r = 0; r < NRULES; r++)
        for (size_t k = 0; k < MAX_STARTS && rules[r].starts[k] != SK_NONE; k++)
            index_of[rules[r].starts[k]] |= 1u << r;
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

/* The key of a word of each class (the keyword's value added). */
static const uint8_t class_key[16] = {
    SK_NONE, CL(MONTH), CL(MONTH_AB), CL(WDAY), CL(WDAY_AB), CL(UNIT), CL(NUMW), CL(ORDW),
    CL(SEASON), CL(PART), CL(DAYREL), SK_KW, CL(HOLIDAY)};

/* start_key by arithmetic, with no branch on the token's kind or class:
 * the filter below asks it of every marked token, and a branch on what
 * the text holds next is one the processor mostly guesses wrong. */
static inline unsigned start_key_flat(const ctx *c, size_t i)
{
    const chr_tok *t = &TK(i);
    unsigned cls = t->cls & 15u, v = (unsigned)t->val;
    /* "Q3": a lone Q, the one word of no class that starts a rule */
    if ((cls == C_NONE) & (t->e - t->s == 1) & (t->kind == T_WORD))
        return c->text[t->s] == 'Q' || c->text[t->s] == 'q' ? SK_Q : SK_NONE;
    unsigned word = (class_key[cls] + (cls == C_KW) * v) * ((cls != C_KW) | (v < 128));
    return (t->kind == T_WORD) * word + (t->kind == T_NUM) * SK_NUM +
           (t->kind == T_PUNCT) * (v == '@') * SK_AT;
}

size_t tag_starts(const ctx *c, const uint32_t *mark, size_t nmark, uint32_t *out)
{
    pthread_once(&index_once, index_build);
    size_t j = 0;
    for (size_t k = 0; k < nmark; k++) {
        out[j] = mark[k];
        j += index_of[start_key_flat(c, mark[k])] != 0;
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
    uint32_t set = index_of[start_key(c, i)];
    size_t bestn = 0;
    /* one call site per rule, in table order: a direct call the processor
     * predicts, where a loop over the table's pointers made one indirect
     * call site that missed at almost every rule of a "the" */
    _Static_assert(NRULES == 22, "tag_match_at tries every rule of the table");
    TRY(0) TRY(1) TRY(2) TRY(3) TRY(4) TRY(5) TRY(6) TRY(7) TRY(8) TRY(9) TRY(10)
    TRY(11) TRY(12) TRY(13) TRY(14) TRY(15) TRY(16) TRY(17) TRY(18) TRY(19) TRY(20) TRY(21)
    return bestn;
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
