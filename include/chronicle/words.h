/*
 * words.h - the English word table: every single-word form of WordNet
 * 3.0's nouns, verbs, adjectives and adverbs, with its lemmas, its
 * inflection, the lexicographer class and tag-count prior of each part of
 * speech, and the event meaning WordNet lets us infer from a few seeds.
 *
 * The table is generated at build time (core/lex/mkwords/ reads the
 * dictionary and core/lex/meanings.tsv); nothing is read at run time.
 * Everything returned here is static: chr_word, chr_phrase and every
 * string they point to are borrowed, valid for the life of the process,
 * never freed.  All functions are safe to call from any thread; the first
 * call unpacks the table (some 15 ms and 6 MB of zeroed memory, once per
 * process), every later lookup costs one hash probe.
 */
#ifndef CHRONICLE_WORDS_H
#define CHRONICLE_WORDS_H

#include <stddef.h>
#include <stdint.h>

/* Parts of speech (chr_word.pos). */
#define CHR_POS_NOUN 0x01u
#define CHR_POS_VERB 0x02u
#define CHR_POS_ADJ  0x04u
#define CHR_POS_ADV  0x08u

/* Forms (chr_word.forms): what the word is of its lemma.  A form may be
 * several at once ("sold" is PAST and PART; "plans" is 3SG and PLURAL).
 * A noun in the singular and an adjective or adverb carry no bit. */
#define CHR_WF_BASE   0x01u  /* verb base or present: "sell", "are" */
#define CHR_WF_3SG    0x02u  /* verb third person singular: "sells" */
#define CHR_WF_PAST   0x04u  /* verb past tense: "sold", "went" */
#define CHR_WF_PART   0x08u  /* verb past participle: "sold", "gone" */
#define CHR_WF_ING    0x10u  /* verb -ing form: "selling" */
#define CHR_WF_PLURAL 0x20u  /* noun plural: "plans", "children" */

/* Flags (chr_word.flags).  Their bits do not overlap the form bits. */
/* The noun's first or second sense is an act, event, process or
 * phenomenon, or names the doing of a verb (a derivational link to a verb
 * from an abstract sense): "raid", "arraignment", "stoppage", "election". */
#define CHR_WF_EVENT_NOUN 0x0100u
/* The verb's most frequent sense is in verb.stative: "be", "include". */
#define CHR_WF_STATIVE    0x0200u
/* Every sense of the noun is written with a capital in WordNet: a name
 * such as "paris" or "reuters", not a common noun. */
#define CHR_WF_PROPER     0x0400u
/* The verb lemma heads multi-word verbs; see chr_words_phrases. */
#define CHR_WF_PHRASES    0x0800u
/* Another reading of the same form follows; see chr_words_next. */
#define CHR_WF_MORE       0x1000u

/* Lexicographer file numbers: 0..44 as in WordNet's lexnames(5). */
#define CHR_LEX_NONE 255u
#define CHR_LEX_NOUN_TIME 28u   /* noun.time: "week", "today", "spring" */

/* Meanings, in the order of the extractor's event types. */
#define CHR_MEANING_NONE         0u
#define CHR_MEANING_MEETING      1u
#define CHR_MEANING_BAN          2u
#define CHR_MEANING_OPENING      3u
#define CHR_MEANING_LAW          4u
#define CHR_MEANING_ARREST       5u
#define CHR_MEANING_LEGAL_ACTION 6u
#define CHR_MEANING_REPORT       7u
#define CHR_MEANING_STATEMENT    8u
#define CHR_MEANING_POLICY       9u
#define CHR_MEANING_COUNT       10u

/*
 * One reading of a word form.  A form with two verb or two noun lemmas
 * ("found": find, found; "saw": see, saw) has one reading per lemma, the
 * lemma with more tagged senses first; CHR_WF_MORE marks all but the last.
 * The adjective and adverb facts (pos ADJ/ADV, adj_freq, adv_freq) belong
 * to the form and are repeated in each of its readings.
 */
typedef struct chr_word {
    const char *verb_lemma;  /* NULL when the reading is no verb */
    const char *noun_lemma;  /* NULL when the reading is no noun */
    uint8_t pos;             /* CHR_POS_* */
    uint8_t forms;           /* CHR_WF_BASE ... CHR_WF_PLURAL */
    uint8_t noun_lex;        /* lexicographer file of the noun lemma's most
                                frequent sense; CHR_LEX_NONE when no noun */
    uint8_t verb_lex;        /* the same for the verb lemma */
    /* Priors: round(log2(1 + tag count summed over the lemma's senses of
     * that part of speech)), at most 15; 0 when absent or never tagged. */
    uint8_t noun_freq, verb_freq, adj_freq, adv_freq;
    uint8_t meaning;         /* CHR_MEANING_* of the verb reading, or of the
                                noun reading when there is no verb */
    uint8_t noun_meaning;    /* CHR_MEANING_* of the noun reading */
    uint16_t flags;          /* CHR_WF_EVENT_NOUN ... CHR_WF_MORE */
} chr_word;

/* A multi-word verb, by its head lemma: "take" + "into custody". */
typedef struct chr_phrase {
    const char *rest;        /* the words after the head, space-separated */
    uint8_t meaning;         /* CHR_MEANING_* */
    uint8_t verb_lex;        /* lexicographer file of its first sense */
} chr_phrase;

/*
 * The first reading of the word w, n bytes of lower-case ASCII (not
 * NUL-terminated), or NULL when it is no WordNet form, including for the
 * empty word, upper case, non-ASCII bytes and words longer than any form.
 * One hash probe; w may be NULL when n is 0.
 */
const chr_word *chr_words_find(const char *w, size_t n);

/* How the word w (as for chr_words_find) is read as a noun, a verb, an
 * adjective and an adverb: freq[0..3] the highest frequency class of its
 * readings as that part of speech plus one, 0 when it has none.  Without
 * the records chr_words_find unpacks on its first call (5 MB), for
 * callers that ask this of a few words only. */
void chr_words_pos_freqs(const char *w, size_t n, unsigned freq[4]);

/* The next reading of the same form as w (a result of chr_words_find or
 * chr_words_next), or NULL when w is its last. */
const chr_word *chr_words_next(const chr_word *w);

/*
 * The multi-word verbs headed by verb_lemma (a NUL-terminated lemma, as
 * chr_word.verb_lemma gives it: "take", not "took"), sorted longest first
 * (more words, then more bytes, then alphabetically), so that the first
 * one the text continues with is the longest match.  Stores the first in
 * *out (NULL when there are none, also for a NULL verb_lemma) and returns
 * their number.
 */
size_t chr_words_phrases(const char *verb_lemma, const chr_phrase **out);
/* The same for the verb lemma of the reading w (a record this module
 * gave), without looking the lemma up: what the extractor asks of every
 * verb it reads. */
size_t chr_words_phrases_of(const chr_word *w, const chr_phrase **out);

/* The lexicographer file's name, "noun.act" for 4; "" for CHR_LEX_NONE
 * and any number above 44. */
const char *chr_words_lexname(unsigned lex);

/* The meaning's name as in meanings.tsv ("arrest", "legal_action"),
 * "none" for CHR_MEANING_NONE, "" above the last. */
const char *chr_words_meaning_name(unsigned meaning);

#endif
