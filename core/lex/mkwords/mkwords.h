/*
 * mkwords.h - what the parts of mkwords, the word-table generator (see
 * main.c), share: the dictionary as it is read, and the helpers that read
 * it.  Private to core/lex/mkwords/.
 *
 * One process, one dictionary: the tables below are globals, filled once
 * (dict.c, meanings.c, forms.c) and read by the later steps (emit.c); they
 * live until the process exits and are never freed.  A string is named by
 * its interned id (text.c); str(id) is borrowed and moves when intern()
 * grows the pool, so copy it before interning more.  Nothing here returns
 * an error: bad input and exhausted memory end the process through die()
 * or die_at(), naming the file and line.
 */
#ifndef MKWORDS_H
#define MKWORDS_H

#include <stddef.h>
#include <stdint.h>

#define NONE UINT32_MAX

enum { P_N, P_V, P_A, P_R, NPOS };
/* The name of each part of speech in WordNet's file names ("noun"). */
extern const char *const pos_file[NPOS];

/* Lexicographer files the rules name (lexnames(5)). */
enum {
    LEX_NOUN_ACT = 4, LEX_NOUN_COGNITION = 9, LEX_NOUN_COMMUNICATION = 10,
    LEX_NOUN_EVENT = 11, LEX_NOUN_GROUP = 14, LEX_NOUN_PHENOMENON = 19,
    LEX_NOUN_POSSESSION = 21, LEX_NOUN_PROCESS = 22, LEX_NOUN_STATE = 26,
    LEX_VERB_STATIVE = 42, LEX_MAX = 44
};

/* ---- errors and memory (main.c) -------------------------------------- */

/* "mkwords: " and the message on stderr, then exit 1. */
_Noreturn void die(const char *fmt, ...);
/* The same with "FILE:LINE: " before the message. */
_Noreturn void die_at(const char *file, size_t line, const char *fmt, ...);
/* realloc, or die: never returns NULL. */
void *xrealloc(void *p, size_t n);

/* Room for one more element at arr[n], doubling cap as needed. */
#define GROW(arr, n, cap)                                                  \
    do {                                                                   \
        if ((n) >= (cap)) {                                                \
            (cap) = (cap) ? (cap) * 2 : 256;                               \
            (arr) = xrealloc((arr), (cap) * sizeof *(arr));                \
        }                                                                  \
    } while (0)

/* ---- files and lines (text.c) ---------------------------------------- */

typedef struct text {
    char path[1024];
    char *buf;
    size_t len;
} text;

/* The whole of DIR/NAME (NAME alone when dir is NULL) into t, or die;
 * t->buf is the caller's to free(). */
void slurp(text *t, const char *dir, const char *name);

typedef struct lines {
    const text *t;
    size_t pos, no;
} lines;

int next_line(lines *l, const char **s, size_t *n);
int next_tok(const char **p, const char *end, const char **t, size_t *n);
/* [t, t + n) as a number in base 10 or 16 into *out: 0, or -1 when it is
 * none or over UINT32_MAX. */
int parse_num(const char *t, size_t n, unsigned base, uint32_t *out);
uint32_t need_num(lines *l, const char **p, const char *end, unsigned base,
                  const char *what);

/* ---- strings (text.c) ------------------------------------------------ */

/* Exception-list slots of a lemma (lemma.exc_slots). */
enum { SLOT_3SG = 1, SLOT_PAST = 2, SLOT_ING = 4, SLOT_PLURAL = 8 };

/* What the dictionary says of a string, by its interned id. */
typedef struct lemma {
    uint32_t sense[NPOS];    /* first index into senses[] */
    uint16_t nsense[NPOS];   /* 0: not a lemma of that part of speech */
    uint32_t tags[NPOS];     /* cntlist.rev tag counts, summed */
    uint32_t producers[NPOS]; /* analyses that yield this string as a form */
    uint8_t exc_slots[NPOS]; /* SLOT_* bits listed in the exception files */
} lemma;

extern lemma *lem;           /* lem[id] for every id below nstr */
extern uint32_t nstr;

const char *str(uint32_t id);
/* The id of [p, p + n), or NONE when it was never interned. */
uint32_t find_str(const char *p, size_t n);
/* The id of [p, p + n), interned (with a zeroed lemma) if it is new. */
uint32_t intern(const char *p, size_t n);
void lower(char *buf, const char *p, size_t n);
int ends(const char *s, size_t n, const char *suf);
int word_byte(char c);
int single_word(const char *s);
/* qsort order of uint32_t ids by their strings. */
int id_by_str(const void *a, const void *b);

/* ---- synsets (dict.c) ------------------------------------------------ */

enum { PTR_HYPO, PTR_DERIV };

typedef struct ptr {
    uint32_t target;         /* synset offset, then synset index */
    uint8_t kind, tpos, src, dst;
} ptr;

typedef struct sword {
    uint32_t id;             /* interned lower-case word */
    uint8_t upper;           /* written with a capital */
} sword;

typedef struct synset {
    uint32_t offset;
    uint8_t pos, lex;
    uint8_t meaning, dist;   /* dist 255: no meaning reached it */
    uint8_t how;             /* HOW_* */
    uint8_t depth;           /* how far down hyponyms its seed spreads */
    uint32_t origin;         /* meanings.tsv line of its seed */
    uint32_t seed_word;      /* seeds: the lemma the row names */
    uint32_t word0, ptr0;
    uint16_t nword, nptr;
} synset;

enum { HOW_SEED, HOW_HYPO, HOW_DERIV };

extern synset *syn;          /* every synset, by part of speech and offset */
extern uint32_t nsyn;
extern sword *swords;        /* synset words, from synset.word0 */
extern ptr *ptrs;            /* hyponym and derivation links, from .ptr0 */
extern uint32_t *senses;     /* synset indexes, from lemma.sense */
extern uint32_t nsenses, capsenses;

/* The part of speech of a synset type letter (n, v, a, s, r), or -1. */
int pos_of_char(char c);
void read_data(const char *dir, int pos);
void resolve_pointers(void);
void read_index(const char *dir, int pos);
void read_counts(const char *dir);
uint8_t prior(uint32_t tags);
unsigned word_in(uint32_t y, uint32_t id);
int abstract_noun(unsigned lex);
int event_noun(uint32_t id);
int proper_noun(uint32_t id);
uint8_t first_lex(uint32_t id, int pos);

/* ---- meanings (meanings.c) ------------------------------------------- */

void read_meanings(const char *path);
void spread(void);
uint32_t meaning_sense(uint32_t id, int pos, unsigned *which);
uint8_t meaning_of(uint32_t id, int pos);
/* `mkwords -l`: prints to stdout. */
void list_meanings(void);

/* ---- forms and phrases (forms.c) ------------------------------------- */

/* One analysis of a form: it is lemma, as part of speech pos, inflected
 * as bits (CHR_WF_*). */
typedef struct analysis {
    uint32_t form, lemma;
    uint8_t pos, bits;
    uint8_t slot;            /* regular forms: SLOT_*; 0 for the others */
    uint8_t dropped;
} analysis;

extern analysis *ans;
extern uint32_t nans;

void build_forms(const char *dir);

typedef struct phrase {
    uint32_t head;           /* the head lemma */
    const char *rest;        /* malloc'd, space-separated */
    uint32_t words, bytes;
    uint8_t meaning, lex;
} phrase;

extern phrase *phr;          /* sorted by build_phrases() */
extern uint32_t nphr;

void build_phrases(void);

/* ---- output (emit.c) ------------------------------------------------- */

/* Write the table to stdout as C; die when stdout fails.  Sorts and
 * merges ans[] in place. */
void emit(void);

#endif
