/*
 * tag_int.h - the tagger's inside, shared by the files of core/tag only:
 * the proto (what an expression says before it is resolved), the match
 * context, the pattern pieces, the rules and the resolver.
 */
#ifndef CHRONICLE_TAG_TAG_INT_H
#define CHRONICLE_TAG_TAG_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "chronicle/date.h"
#include "chronicle/tag.h"
#include "lex/lex_int.h"

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
    int compare;          /* "a year ago/earlier": the narrative's period a year back */
    int period;           /* "the quarter", "the 1988 period": the narrative's quarter */
    int holiday;          /* enum holiday: m and d come from the year */
    int by_tense;         /* "the weekend": n from the tense of the clause */
    int week_of;          /* "the week of March 6": the week of the day */
    chr_timex_mod mod;
    unsigned flags;
    char value[24];       /* durations, sets, vague values */
} proto;

/* A proto with nothing found yet (tag.c).  Copied, not built: a rule is
 * tried at every token that can start it, and clearing with memset
 * compiles to string stores that cost more than the copy's few vector
 * moves.  Defined in another file than the rules', so the compiler
 * copies it instead of folding it back into a memset. */
extern const proto tag_proto_blank;

static inline void proto_init(proto *p)
{
    *p = tag_proto_blank;
}

typedef struct ctx {
    const char *text;
    const chr_tok *t;
    size_t n;
    chr_date_order order;
} ctx;

#define TK(i) (c->t[(i)])
#define IN(i) ((i) < c->n)
static inline int is_p(const ctx *c, size_t i, int ch)
{
    return IN(i) && TK(i).kind == T_PUNCT && TK(i).val == ch;
}

static inline int is_kw(const ctx *c, size_t i, int kw)
{
    return IN(i) && TK(i).cls == C_KW && TK(i).val == kw;
}

static inline int is_cls(const ctx *c, size_t i, int cls)
{
    return IN(i) && TK(i).cls == cls;
}

static inline int is_word(const ctx *c, size_t i, const char *w)
{
    return IN(i) && TK(i).kind == T_WORD && chr_tok_is(c->text, &TK(i), w);
}


/* ---- pattern pieces (pattern.c) ---------------------------------------- */

int tag_function_word(const ctx *c, size_t i);
size_t tag_month_at(const ctx *c, size_t i, int *m);
size_t tag_wday_at(const ctx *c, size_t i, int *wd);
int tag_plain_num(const ctx *c, size_t i);
int tag_year_tok(const ctx *c, size_t i);
size_t tag_day_at(const ctx *c, size_t i, int *d);
size_t tag_clock_at(const ctx *c, size_t i, int *hh, int *mm);
size_t tag_time_after(const ctx *c, size_t j, proto *p);
int tag_dmy_order(const ctx *c);
size_t tag_year_after(const ctx *c, size_t j, int *y);
int tag_date_context(const ctx *c, size_t i);
int tag_year_is_number(const ctx *c, size_t i);
int tag_is_dash(const ctx *c, size_t i);
int tag_num_at(const ctx *c, size_t i, int *v);
int tag_unit_at(const ctx *c, size_t i, int *u);
const char *tag_unit_code(int u, int *time);
void tag_dur_value(proto *p, int n, int u);
int tag_pod_at(const ctx *c, size_t i);

/* ---- rules (rules_cal.c, rules_rel.c; the table in rules.c) ------------ */

/* A rule matches at token i: fills p and returns how many tokens it
 * spans, or 0. */
typedef size_t (*tag_rule_fn)(const ctx *c, size_t i, proto *p);

size_t tag_rule_iso(const ctx *c, size_t i, proto *p);
size_t tag_rule_numeric(const ctx *c, size_t i, proto *p);
size_t tag_rule_month_day(const ctx *c, size_t i, proto *p);
size_t tag_rule_day_month(const ctx *c, size_t i, proto *p);
size_t tag_rule_month(const ctx *c, size_t i, proto *p);
size_t tag_rule_year(const ctx *c, size_t i, proto *p);
size_t tag_rule_the_decade(const ctx *c, size_t i, proto *p);
size_t tag_rule_fiscal(const ctx *c, size_t i, proto *p);
size_t tag_rule_part(const ctx *c, size_t i, proto *p);
size_t tag_rule_quarter_season(const ctx *c, size_t i, proto *p);
size_t tag_rule_quantity(const ctx *c, size_t i, proto *p);
size_t tag_rule_bare_units(const ctx *c, size_t i, proto *p);
size_t tag_rule_deictic(const ctx *c, size_t i, proto *p);
size_t tag_rule_anaphoric(const ctx *c, size_t i, proto *p);
size_t tag_rule_dayrel(const ctx *c, size_t i, proto *p);
size_t tag_rule_set(const ctx *c, size_t i, proto *p);
size_t tag_rule_weekday(const ctx *c, size_t i, proto *p);
size_t tag_rule_clock(const ctx *c, size_t i, proto *p);
size_t tag_rule_period(const ctx *c, size_t i, proto *p);
size_t tag_rule_holiday(const ctx *c, size_t i, proto *p);
size_t tag_rule_spelled_year(const ctx *c, size_t i, proto *p);
size_t tag_rule_century(const ctx *c, size_t i, proto *p);

/* The longest match of the rules that can start at token i (the first
 * rule of the table wins a tie); 0 when none matches. */
size_t tag_match_at(const ctx *c, size_t i, proto *best);
/* The first token at or after i that can start a rule (c->n: none). */
size_t tag_next_start(const ctx *c, size_t i);
/* Of the tokenizer's marks (chr_toks.mark, nmark of them, in order), the
 * tokens some rule starts at and the token after lets a match start at
 * (tag_follow_ok), into out (room for nmark); returns how many. */
size_t tag_starts(const ctx *c, const uint32_t *mark, size_t nmark, uint32_t *out);

/* For tests: does the table list token i as a start of rule r? does the
 * token after it let a match start at i (the follow table)?  and how many
 * rules are there? */
int tag_rule_starts(const ctx *c, size_t r, size_t i);
int tag_follow_ok(const ctx *c, size_t i);
size_t tag_rule_count(void);
/* Rule r alone at token i (tests). */
size_t tag_rule_try(const ctx *c, size_t r, size_t i, proto *p);
const char *tag_rule_name(size_t r);

/* ---- tense and resolution (tense.c, resolve.c) ------------------------- */

/* -1 past, 1 future, 0 unknown: the clause around tokens [a, b). */
int tag_clause_tense(const ctx *c, size_t a, size_t b);

/* The narrative as the resolver walks it. */
typedef struct tag_state {
    int64_t dct;
    chr_date prev;       /* the narrative's previous date */
    int have_prev;
    chr_date period;     /* the reporting period: the last quarter named */
    int have_period;
} tag_state;

/* Turn the proto of tokens [a, b) into tx (its span already set).
 * Returns 0, or -1 when the match is to be dropped. */
int tag_resolve(const ctx *c, const proto *p, size_t a, size_t b, tag_state *st,
                chr_timex *tx);

#endif
