/*
 * extract_int.h - the inside of the event extractor, shared by the files
 * of core/extract only: trigger entries and candidates, the sentence a
 * candidate is read in, and the pieces (filters, linking, actors, titles,
 * page layout) the driver in extract.c puts together.
 */
#ifndef CHRONICLE_EXTRACT_INT_H
#define CHRONICLE_EXTRACT_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "chronicle/analysis.h"
#include "chronicle/event.h"
#include "chronicle/extract.h"
#include "base/text_int.h"
#include "lex/lex_int.h"
#include "lex/pos_int.h"

/* ---- candidates (trigger.c) -------------------------------------------- */

struct ex_sentence;

/* A predicate of a sentence on its way to becoming a mention. */
typedef struct cand {
    size_t tok;                /* trigger token */
    size_t span;               /* tokens: "set up", "taken into custody" */
    const chr_word *w;         /* its WordNet reading, or NULL */
    const char *lemma;         /* static (the word table), or NULL */
    uint8_t pos;               /* PT_VERB or PT_NOUN */
    uint8_t vform;             /* CHR_WF_* form of a verb */
    uint8_t type;              /* chr_event_type */
    uint8_t weight;            /* 2: its meaning gives a type; 1: "other" */
    uint8_t reporting;         /* a verb of saying */
    int status;                /* CHR_OCCURRED / CHR_PLANNED */
    int silent;                /* takes its date but is no event (attribution) */
    const char *excluded;      /* why it is no event of a chronology, or NULL */
    int used;                  /* dated */
    int main;                  /* the main verb of its clause */
} cand;

/* The event type a WordNet meaning (CHR_MEANING_*) gives. */
chr_event_type ex_type_of(unsigned meaning);
/* The candidates of a sentence, in order, into cands (room for one per
 * token); returns how many. */
size_t ex_candidates(const struct ex_sentence *s, cand *cands);
/* Negated or hypothetical: the reason, or NULL. */
const char *ex_blocked(const struct ex_sentence *s, size_t i);
/* Token a in an introductory "-ing" clause closed by a comma. */
int ex_in_participle(const struct ex_sentence *s, size_t a);
/* The statement verb at p ends ", SUBJECT said." after the date at a. */
int ex_trailing_attribution(const char *text, const chr_tok *t, size_t a, size_t p, size_t hi);
/* "people familiar with the matter said": the story's source. */
int ex_attribution(const char *text, const chr_tok *t, size_t lo, size_t i);
/* A verb told as part of the event of the verb before it: "by hinting",
 * ", saying", "and announced", ", but dismissed" (no subject of its own),
 * "to reveal" after a phrase of place ("returned to the stage to
 * reveal"), ", where he promoted".  Returns that verb's token, counted
 * from the sentence's first, or -1. */
int ex_dependent(const struct ex_sentence *s, const cand *c);
/* "will open", "plans to ban", "the ban would take effect". */
int ex_planned(const struct ex_sentence *s, size_t i);

/* The word lists ex_blocked, ex_planned and the reader test, one bit each. */
enum {
    EX_W_NEG = 1 << 0,         /* not, never, no, ... */
    EX_W_HYP = 1 << 1,         /* if, unless, could, ... */
    EX_W_INV = 1 << 2,         /* had, were, should (an inverted conditional) */
    EX_W_FUT = 1 << 3,         /* will, plans, scheduled, ... */
    EX_W_MODAL = 1 << 4,       /* will, would, shall */
    EX_W_BE = 1 << 5,          /* is, are */
    EX_W_T = 1 << 6,           /* the "t" of "don't" */
    EX_W_TO = 1 << 7,          /* to */
    EX_W_READY = 1 << 8,       /* able, ready, likely, due (to ...) */
    EX_W_DUE = 1 << 9,         /* due, scheduled, expected, set (after is/are) */
    EX_W_MOVED = 1 << 10       /* later, afterwards, since, now, ... (time moved on) */
};
/* The EX_W_* bits of tokens [lo, hi) into out[0..hi-lo): one lookup per
 * word, so the tests read a bit where they compared words with lists. */
void ex_word_bits(const char *text, const chr_tok *t, size_t lo, size_t hi, uint16_t *out);

static inline int ex_word_in(const char *text, const chr_tok *t, const char *const *list,
                             size_t n)
{
    size_t len = t->e - t->s;
    if (t->kind != T_WORD || len == 0 || len > 15)
        return 0;
    /* most words are turned away by their first letter; the rest are
     * compared a letter at a time, lowered as they are read */
    const unsigned char *u = (const unsigned char *)text + t->s;
    char c0 = chr_lower(u[0]);
    for (size_t k = 0; k < n; k++) {
        const char *w = list[k];
        if (w[0] != c0)
            continue;
        size_t i = 1;
        while (i < len && w[i] == chr_lower(u[i]))
            i++;
        if (i == len && w[i] == '\0')
            return 1;
    }
    return 0;
}

static inline int ex_is_clause_punct(const chr_tok *t)
{
    return t->kind == T_PUNCT && (t->val == ',' || t->val == ';' || t->val == ':' ||
                                  t->val == '(' || t->val == ')');
}

/* An opening quotation mark token: '"', U+201C, or a backquote (news
 * wires' plain-text convention opens with `` and closes with ''). */
static inline int ex_opens_quote(const char *text, const chr_tok *p)
{
    const unsigned char *u = (const unsigned char *)text + p->s;
    return p->kind == T_PUNCT && (p->val == '"' || p->val == '`' ||
                                  (p->e - p->s == 3 && u[0] == 0xE2 && u[1] == 0x80 &&
                                   u[2] == 0x9C));
}

/* ---- the sentence and its links (link.c) ------------------------------- */

/* One sentence as the extractor reads it: tokens [lo, hi) of the
 * document, with per-token marks (indexed from lo), and its temporal
 * expressions [t0, t1) of the analysis. */
typedef struct ex_sentence {
    const char *text;
    const chr_toks *tv;
    const chr_wtag *words;     /* parts of speech, indexed like tv */
    chr_span span;
    size_t lo, hi;
    unsigned char *skip;       /* part of a date expression or the dateline */
    unsigned char *rel;        /* relative clause id (", which ... ,"), 0 none */
    unsigned char *quote;      /* inside a quotation */
    const uint16_t *wl;        /* the word lists each token is in (EX_W_*) */
    const chr_timex_list *tl;
    size_t t0, t1;
    const chr_dct *dct;
    size_t dl_end;             /* end of the dateline in it, or 0 */
} ex_sentence;

/* A scored pairing of a candidate and a date of the sentence. */
typedef struct ex_link {
    int cost;
    size_t cand;
    size_t tx;                 /* index into the analysis's timexes */
} ex_link;

/* The index of the first token starting at or after off. */
size_t ex_first_tok_at(const chr_toks *tv, uint32_t off);
/* Mark relative clauses and quotations of [lo, hi). */
void ex_mark_regions(const char *text, const chr_tok *t, size_t lo, size_t hi,
                     unsigned char *rel, unsigned char *quote);
/* Mark past participle clauses set off by commas after a noun (", born
 * in 1955,") in s->rel, after ex_mark_regions. */
void ex_mark_participles(ex_sentence *s);
/* Every (candidate, date) pair that may be linked, with its cost, cheapest
 * first (*links malloc'd, the caller's).  0 or CHR_ENOMEM. */
int ex_links(const ex_sentence *s, const cand *cands, size_t nc, ex_link **links,
             size_t *nl);

/* ---- tense and inferred dates (trigger.c, infer.c) ---------------------- */

/* The tense of a candidate's clause. */
enum { EX_NONE = 0, EX_PAST, EX_PRESENT, EX_PERFECT, EX_FUTURE };
int ex_tense(const ex_sentence *s, const cand *c);

/* An undated event mention waiting for an inferred date. */
typedef struct ex_pending {
    size_t m;                  /* index of the mention in the output */
    size_t sent, para;         /* its sentence and paragraph */
    uint8_t tense;             /* EX_* */
    uint8_t reporting;         /* a verb of saying */
    uint8_t headline;          /* in the headline or the lede */
    uint8_t main;              /* the first finite verb of its clause */
    uint8_t moves_on;          /* its sentence says time has moved ("later") */
    uint8_t verb;              /* a verb (else an event noun) */
    uint32_t gov;              /* byte offset of the verb whose event it is part
                                  of (ex_dependent), or UINT32_MAX */
    /* When only dated mentions are kept, its sentence text and title wait
     * until inference has dated it (most never are): what the title needs
     * of its sentence, kept (extract.c). */
    uint8_t deferred;
    uint32_t tok, span, lo, hi;   /* its trigger; its sentence's tokens */
    size_t skip_at;            /* the sentence's skip and rel marks, in the
                                  extractor's store */
    const char *ante;          /* the name a pronoun subject stands for */
    size_t ante_len;
} ex_pending;

/* Which inference rules run (infer.c). */
typedef struct ex_infer_rules {
    uint8_t headline;          /* headline and lede: the body's date or the DCT */
    uint8_t narrative;         /* the past tense continues the sentence before */
    uint8_t story;             /* else the story's date; statements the DCT */
    uint8_t form;              /* minutes: what they report, the meeting's date */
    uint8_t main_only;         /* only the main verb of a clause is dated */
    uint8_t one_per_sentence;  /* only sentences with no dated event, one each */
    uint8_t share;             /* the other verbs of that sentence's event share it */
    uint8_t lede_story;        /* a lede dated only by the DCT: past events of
                                  its actors take its date */
} ex_infer_rules;
extern const ex_infer_rules ex_default_rules;

typedef struct ex_infer_ctx {
    const char *text;
    const chr_dct *dct;
    chr_mention_list *out;
    size_t first;              /* the document's first mention in out */
    const ex_pending *pending;
    size_t np;
    const size_t *sent_dated;  /* per sentence: its first mention dated by an
                                  expression, or (size_t)-1 */
    const uint8_t *sent_tense; /* per sentence: the tense (EX_*) of that mention */
    const size_t *sent_para;   /* per sentence: its paragraph */
    size_t *chain;             /* per sentence: its mention dated by the
                                  narrative rule, or (size_t)-1 */
    size_t lede;               /* sentences before this are headline and lede */
    size_t form_sent;          /* the subject field of a form, or (size_t)-1 */
    const ex_infer_rules *rules;
} ex_infer_ctx;

/* Date the pending mentions that a rule dates.  0 or CHR_ENOMEM. */
int ex_infer(const ex_infer_ctx *x);

/* ---- actors and acronyms (actor.c) ------------------------------------- */

#define EX_MAX_ACRONYMS 64
typedef struct ex_acronym {
    char acr[12];
    char full[100];
} ex_acronym;

typedef struct ex_acronyms {
    ex_acronym v[EX_MAX_ACRONYMS];
    size_t n;
} ex_acronyms;

/* The acronyms a document defines: "Government Accountability Office (GAO)". */
void ex_find_acronyms(const char *text, const chr_toks *tv, ex_acronyms *out);
/* Names a document has given in full so far ("Steve Jobs"), so that a
 * later "Jobs" opening a sentence reads as a name, not as a word. */
#define EX_MAX_NAMES 64
typedef struct ex_names {
    char v[EX_MAX_NAMES][64];
    size_t n, next;
} ex_names;
/* Remember the name [name, name+len) (the oldest goes when full). */
void ex_names_note(ex_names *k, const char *name, size_t len);

/* Who takes part in a predicate: token ranges of the sentence that hold
 * its participants' names, pronouns standing for one, and names found
 * elsewhere (what those pronouns stand for, borrowed). */
typedef struct ex_roles {
    size_t a[8], b[8], n;
    size_t subj_a, subj_b, nsubj;  /* the subject's range, when one */
    size_t pron[4], npron;
    const char *extra[4];
    size_t extra_len[4], nextra;
} ex_roles;

/* The participants of candidate c: the subject of a verb (or of the verb
 * it hangs off: "started by hinting"), its object or passive agent; of an
 * event noun its own phrase ("Jobs' death"), an "of" phrase, and the
 * subject of the verb it is the object of.  Names in other phrases of the
 * clause (places, dates, "against ...", "at ...") are no participants. */
void ex_participants(const ex_sentence *s, const cand *c, ex_roles *r);

/* The actors of the ranges and extra names of r (known: full names the
 * document gave before), acronyms read as what they stand for: a sorted
 * array of unique malloc'd names into *out (NULL when none).  0 or
 * CHR_ENOMEM. */
int ex_actors(const ex_sentence *s, const ex_roles *r, const ex_names *known,
              const ex_acronyms *acr, char ***out, size_t *n);

/* The clause of token tok: [*a, *b) of the sentence's tokens (actor.c). */
void ex_clause_span(const ex_sentence *s, size_t tok, size_t *a, size_t *b);

/* ---- titles (title.c) -------------------------------------------------- */

/* A short title from the clause of the trigger [trig, trig+span), without
 * the date; malloc'd, NULL when out of memory. */
char *ex_make_title(const ex_sentence *s, size_t trig, size_t span, const char *ante,
                    size_t ante_len);

/* ---- page layout (layout.c) -------------------------------------------- */

int ex_metadata_line(const char *s, size_t len);
int ex_related_heading(const char *s, size_t len);
int ex_comments_start(const char *s, size_t len);
int ex_subject_field(const char *s, size_t len);

#endif
