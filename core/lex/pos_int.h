/*
 * pos_int.h - parts of speech of a document's word tokens (core-only).
 *
 * A light tagger for what the extractor needs: which words are verbs
 * (and in what form: base, past, participle, -ing), which are nouns,
 * names, adjectives, and the closed classes around them (determiners,
 * pronouns, prepositions, auxiliaries, modals, negation).  Open-class
 * words take their possible parts of speech, lemmas and priors from the
 * WordNet table (words.h); context rules choose among them.
 *
 * chr_pos_tag fills one chr_wtag per token; the array is the caller's.
 */
#ifndef CHRONICLE_LEX_POS_INT_H
#define CHRONICLE_LEX_POS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/words.h"
#include "lex/lex_int.h"

enum chr_ptag {
    PT_NONE = 0,   /* punctuation, or a word of no class */
    PT_NOUN,       /* common noun */
    PT_PROPN,      /* a name: a capitalised word inside a sentence */
    PT_VERB,       /* a main verb */
    PT_AUX,        /* be, have, do helping a verb */
    PT_COPULA,     /* be (or have) as the main verb */
    PT_MODAL,      /* will, would, can, could, may, might, shall, should, must */
    PT_ADJ,
    PT_ADV,
    PT_DET,        /* the, a, this, every, its ... */
    PT_PRON,       /* he, they, it, who ... */
    PT_PREP,
    PT_CONJ,       /* and, but, or; because, if, while, that ... */
    PT_TO,         /* "to" before a verb */
    PT_NEG,        /* not, never, n't */
    PT_NUM,        /* a number, or a number word */
    PT_POSS        /* the 's of a possessive */
};

/* The closed classes, by word (see pos.c). */
enum chr_closed {
    CL_NONE = 0, CL_DET, CL_POSSDET, CL_PRON, CL_SUBJ, CL_WH, CL_PREP, CL_CONJ,
    CL_SUBORD, CL_BE, CL_HAVE, CL_DO, CL_MODAL, CL_NEG, CL_TO, CL_THAT, CL_ADV
};

typedef struct chr_wtag {
    const chr_word *w;     /* the WordNet reading, NULL for other words */
    uint8_t tag;           /* enum chr_ptag */
    uint8_t form;          /* for verbs: the CHR_WF_* form read here */
    uint8_t closed;        /* enum chr_closed of the word, or CL_NONE */
    uint8_t sent_start;    /* first word of its sentence or line */
} chr_wtag;

/*
 * Tag every token of tv (made from text).  sentences marks where
 * sentences start: the token index of each, ascending, n of them (the
 * tagger reads no context across them).  out has tv->n entries.
 * Returns 0, or CHR_ENOMEM (out is then not filled).
 */
int chr_pos_tag(const char *text, const chr_toks *tv, const size_t *sentences, size_t n,
                chr_wtag *out);

/* The closed class of word token t (CL_NONE for open-class words). */
unsigned chr_pos_closed(const char *text, const chr_tok *t);

/* The WordNet reading of word token t (lower-cased), or NULL. */
const chr_word *chr_pos_word(const char *text, const chr_tok *t);

#endif
