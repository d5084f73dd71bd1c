/* test_words.c - the English word table (core/lex/words.c and the data
 * core/lex/mkwords/ generates from WordNet 3.0 and meanings.tsv).
 *
 * Rows are spec lines written from English grammar and from WordNet's own
 * entries (`wn WORD -over`), never from the table's output: a form, the
 * lemma and form bits one of its readings must have (and bits it must not
 * have), the meaning its word should get, the phrases a verb heads.  The
 * generator's error messages are checked by running it on broken seeds. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/words.h"
#include "testutil.h"

#define NROWS(a) (sizeof (a) / sizeof (a)[0])

#define BASE CHR_WF_BASE
#define S3   CHR_WF_3SG
#define PAST CHR_WF_PAST
#define PART CHR_WF_PART
#define ING  CHR_WF_ING
#define PL   CHR_WF_PLURAL

static const chr_word *find(const char *w)
{
    return chr_words_find(w, strlen(w));
}

static int same(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* ---- forms and lemmas ----------------------------------------------- */

typedef struct form_row {
    const char *form;
    const char *verb, *noun;  /* lemmas one reading has (NULL: none) */
    unsigned has, hasnt;      /* form bits it has, and must not have */
} form_row;

static const form_row form_rows[] = {
    /* irregular, from verb.exc */
    { "sold",     "sell",  NULL,     PAST | PART, 0 },
    { "fled",     "flee",  NULL,     PAST | PART, 0 },
    { "went",     "go",    NULL,     PAST, PART },
    { "gone",     "go",    NULL,     PART, PAST },
    { "took",     "take",  NULL,     PAST, PART },
    { "taken",    "take",  NULL,     PART, PAST },
    { "sang",     "sing",  NULL,     PAST, PART },
    { "sung",     "sing",  NULL,     PART, PAST },
    { "said",     "say",   NULL,     PAST | PART, 0 },
    { "told",     "tell",  NULL,     PAST | PART, 0 },
    { "is",       "be",    NULL,     S3, PAST },
    { "are",      "be",    NULL,     BASE, 0 },
    { "was",      "be",    NULL,     PAST, S3 },
    { "been",     "be",    NULL,     PART, PAST },
    { "being",    "be",    "being",  ING, 0 },
    { "has",      "have",  NULL,     S3, 0 },
    { "had",      "have",  NULL,     PAST | PART, 0 },
    /* doubled consonants, from verb.exc */
    { "banned",   "ban",   NULL,     PAST | PART, 0 },
    { "banning",  "ban",   NULL,     ING, 0 },
    { "stopped",  "stop",  NULL,     PAST | PART, 0 },
    /* the base doubles as past: "putting" but no "putted" in verb.exc */
    { "put",      "put",   NULL,     BASE | PAST | PART, 0 },
    { "cut",      "cut",   "cut",    BASE | PAST | PART, 0 },
    /* regular, generated forward */
    { "visited",  "visit", NULL,     PAST | PART, 0 },
    { "visiting", "visit", NULL,     ING, 0 },
    { "closing",  "close", NULL,     ING, 0 },
    { "closed",   "close", NULL,     PAST | PART, 0 },
    { "dying",    "die",   NULL,     ING, 0 },
    { "agreeing", "agree", NULL,     ING, 0 },
    { "tried",    "try",   NULL,     PAST | PART, 0 },
    { "carries",  "carry", NULL,     S3, 0 },
    { "watches",  "watch", "watch",  S3 | PL, 0 },
    { "goes",     "go",    NULL,     S3, 0 },
    { "plays",    "play",  "play",   S3 | PL, 0 },
    { "plans",    "plan",  "plan",   S3 | PL, 0 },
    { "pleaded",  "plead", NULL,     PAST | PART, 0 },
    { "proved",   "prove", NULL,     PAST | PART, 0 },
    { "learned",  "learn", NULL,     PAST | PART, 0 },
    { "lied",     "lie",   NULL,     PAST | PART, 0 },
    /* both readings of a form */
    { "found",    "find",  NULL,     PAST | PART, 0 },
    { "found",    "found", NULL,     BASE, 0 },
    { "saw",      "see",   NULL,     PAST, 0 },
    { "saw",      "saw",   NULL,     BASE, 0 },
    { "lay",      "lie",   NULL,     PAST, 0 },
    { "lay",      "lay",   NULL,     BASE, 0 },
    /* noun plurals */
    { "children", NULL,    "child",  PL, 0 },
    { "criteria", NULL,    "criterion", PL, 0 },
    { "data",     NULL,    "datum",  PL, 0 },
    { "data",     NULL,    "data",   0, PL },
    { "women",    NULL,    "woman",  PL, 0 },
    { "chairmen", NULL,    "chairman", PL, 0 },
    { "cities",   NULL,    "city",   PL, 0 },
    { "taxes",    "tax",   "tax",    S3 | PL, 0 },
    { "raids",    "raid",  "raid",   S3 | PL, 0 },
};

/* The reading of r->form with r's lemmas, or NULL. */
static const chr_word *reading_of(const form_row *r)
{
    for (const chr_word *w = find(r->form); w != NULL; w = chr_words_next(w)) {
        if (r->verb != NULL && !same(w->verb_lemma, r->verb))
            continue;
        if (r->noun != NULL && !same(w->noun_lemma, r->noun))
            continue;
        return w;
    }
    return NULL;
}

Test(words, forms_and_lemmas)
{
    size_t bad = 0;
    for (size_t i = 0; i < NROWS(form_rows); i++) {
        const form_row *r = &form_rows[i];
        const chr_word *w = reading_of(r);
        if (w == NULL) {
            cr_expect(0, "row %zu: \"%s\" has no reading with verb %s, noun %s",
                      i, r->form, r->verb ? r->verb : "-", r->noun ? r->noun : "-");
            bad++;
            continue;
        }
        if ((w->forms & r->has) != r->has || (w->forms & r->hasnt) != 0) {
            cr_expect(0, "row %zu: \"%s\" forms 0x%02x, expected 0x%02x set and "
                      "0x%02x clear", i, r->form, w->forms, r->has, r->hasnt);
            bad++;
        }
        if (r->verb && !(w->pos & CHR_POS_VERB))
            cr_expect(0, "row %zu: \"%s\" names a verb lemma without POS_VERB", i, r->form);
        if (r->noun && !(w->pos & CHR_POS_NOUN))
            cr_expect(0, "row %zu: \"%s\" names a noun lemma without POS_NOUN", i, r->form);
    }
    cr_expect_eq(bad, 0, "%zu of %zu form rows failed", bad, NROWS(form_rows));
}

/* The more frequent lemma comes first, and every reading is linked. */
Test(words, readings_in_order)
{
    static const struct { const char *form, *first, *second; } rows[] = {
        { "found", "find", "found" },
        { "saw",   "see",  "saw" },
    };
    for (size_t i = 0; i < NROWS(rows); i++) {
        const chr_word *w = find(rows[i].form);
        cr_assert_not_null(w, "%s", rows[i].form);
        cr_expect_str_eq(w->verb_lemma, rows[i].first, "%s", rows[i].form);
        cr_expect(w->flags & CHR_WF_MORE, "%s: first reading lacks MORE", rows[i].form);
        const chr_word *n = chr_words_next(w);
        cr_assert_not_null(n, "%s: no second reading", rows[i].form);
        cr_expect_str_eq(n->verb_lemma, rows[i].second, "%s", rows[i].form);
    }
    const chr_word *w = find("visited");
    cr_assert_not_null(w);
    cr_expect_null(chr_words_next(w), "\"visited\" has one reading");
    cr_expect_null(chr_words_next(NULL));
}

/* Regular spellings the exception lists rule out, when they would be
 * another word's form. */
Test(words, no_false_regular_forms)
{
    static const struct { const char *form, *not_lemma; } rows[] = {
        { "seed",   "see" },    /* see -> saw, seen */
        { "hoping", "hop" },    /* hop -> hopping */
        { "hoped",  "hop" },    /* hop -> hopped */
    };
    for (size_t i = 0; i < NROWS(rows); i++) {
        const chr_word *w = find(rows[i].form);
        cr_assert_not_null(w, "%s", rows[i].form);
        for (; w != NULL; w = chr_words_next(w))
            cr_expect(!same(w->verb_lemma, rows[i].not_lemma), "\"%s\" read as %s",
                      rows[i].form, rows[i].not_lemma);
    }
}

Test(words, lemmas_are_their_own_base)
{
    static const char *const verbs[] = { "sell", "flee", "ban", "go", "be", "report" };
    for (size_t i = 0; i < NROWS(verbs); i++) {
        const chr_word *w = find(verbs[i]);
        cr_assert_not_null(w, "%s", verbs[i]);
        cr_expect_str_eq(w->verb_lemma, verbs[i]);
        cr_expect(w->forms & BASE, "%s: not BASE", verbs[i]);
        /* the lemma pointer is the table's own copy of the word */
        const chr_word *again = find(w->verb_lemma);
        cr_expect_eq(again, w, "%s: the lemma finds another reading", verbs[i]);
    }
    const chr_word *w = find("sold");
    cr_assert_not_null(w);
    cr_expect_null(w->noun_lemma, "\"sold\" is no noun");
    cr_expect_eq(w->noun_lex, CHR_LEX_NONE);
    cr_expect_eq(w->noun_freq, 0);
}

/* ---- priors, classes, flags ----------------------------------------- */

Test(words, part_of_speech_priors)
{
    const chr_word *w = find("report");
    cr_assert_not_null(w);
    cr_expect_gt(w->noun_freq, 0);
    cr_expect_gt(w->verb_freq, 0);
    cr_expect_eq(w->pos & (CHR_POS_NOUN | CHR_POS_VERB), CHR_POS_NOUN | CHR_POS_VERB);
    /* "said" is mostly a verb; "be" is WordNet's most tagged verb */
    const chr_word *said = find("said"), *is = find("is");
    cr_assert_not_null(said);
    cr_assert_not_null(is);
    cr_expect_gt(said->verb_freq, said->adj_freq);
    cr_expect_geq(is->verb_freq, said->verb_freq);
    cr_expect_leq(is->verb_freq, 15);
    /* an adjective and an adverb */
    const chr_word *quick = find("quickly");
    cr_assert_not_null(quick);
    cr_expect_eq(quick->pos, CHR_POS_ADV);
    cr_expect_gt(quick->adv_freq, 0);
    const chr_word *better = find("better");
    cr_assert_not_null(better);
    cr_expect(better->pos & CHR_POS_ADJ, "\"better\" (adj.exc: good) is an adjective");
    cr_expect(better->pos & CHR_POS_ADV, "\"better\" (adv.exc: well) is an adverb");
    /* function words are not in WordNet */
    cr_expect_null(find("the"));
    cr_expect_null(find("of"));
}

/* chr_words_pos_freqs reads the table without the records: it must
 * give what the records give, and nothing for a word of no reading */
Test(words, pos_freqs_without_records)
{
    static const char *const rows[] = {"report", "quickly", "better", "owners", "market",
                                       "near", "flows", "said", "the", "", "xqzt"};
    for (size_t i = 0; i < NROWS(rows); i++) {
        unsigned f[4], want[4] = {0, 0, 0, 0};
        chr_words_pos_freqs(rows[i], strlen(rows[i]), f);
        for (const chr_word *r = find(rows[i]); r != NULL; r = chr_words_next(r)) {
            unsigned got[4] = {r->noun_freq + 1u, r->verb_freq + 1u, r->adj_freq + 1u,
                               r->adv_freq + 1u};
            unsigned has[4] = {r->pos & CHR_POS_NOUN, r->pos & CHR_POS_VERB,
                               r->pos & CHR_POS_ADJ, r->pos & CHR_POS_ADV};
            for (int k = 0; k < 4; k++)
                if (has[k] && got[k] > want[k])
                    want[k] = got[k];
        }
        for (int k = 0; k < 4; k++)
            cr_expect_eq(f[k], want[k], "%s: part of speech %d: %u, expected %u", rows[i], k,
                         f[k], want[k]);
    }
    unsigned f[4];
    chr_words_pos_freqs("quickly", 7, f);
    cr_expect(f[0] == 0 && f[1] == 0 && f[2] == 0 && f[3] > 0, "\"quickly\" is an adverb only");
    chr_words_pos_freqs("the", 3, f);
    cr_expect(f[0] == 0 && f[1] == 0 && f[2] == 0 && f[3] == 0, "\"the\" is not in WordNet");
}

Test(words, lexicographer_classes)
{
    static const struct { const char *word; int noun; const char *lex; } rows[] = {
        { "said",     0, "verb.communication" },
        { "sold",     0, "verb.possession" },
        { "is",       0, "verb.stative" },
        { "report",   1, "noun.communication" },
        { "election", 1, "noun.act" },
        { "car",      1, "noun.artifact" },
        { "president", 1, "noun.person" },
    };
    for (size_t i = 0; i < NROWS(rows); i++) {
        const chr_word *w = find(rows[i].word);
        cr_assert_not_null(w, "%s", rows[i].word);
        unsigned lex = rows[i].noun ? w->noun_lex : w->verb_lex;
        cr_expect_str_eq(chr_words_lexname(lex), rows[i].lex, "%s", rows[i].word);
    }
}

Test(words, lexnames_and_meaning_names)
{
    cr_expect_str_eq(chr_words_lexname(0), "adj.all");
    cr_expect_str_eq(chr_words_lexname(3), "noun.Tops");
    cr_expect_str_eq(chr_words_lexname(4), "noun.act");
    cr_expect_str_eq(chr_words_lexname(11), "noun.event");
    cr_expect_str_eq(chr_words_lexname(29), "verb.body");
    cr_expect_str_eq(chr_words_lexname(42), "verb.stative");
    cr_expect_str_eq(chr_words_lexname(44), "adj.ppl");
    cr_expect_str_eq(chr_words_lexname(45), "");
    cr_expect_str_eq(chr_words_lexname(CHR_LEX_NONE), "");
    cr_expect_str_eq(chr_words_meaning_name(CHR_MEANING_NONE), "none");
    cr_expect_str_eq(chr_words_meaning_name(CHR_MEANING_MEETING), "meeting");
    cr_expect_str_eq(chr_words_meaning_name(CHR_MEANING_LEGAL_ACTION), "legal_action");
    cr_expect_str_eq(chr_words_meaning_name(CHR_MEANING_POLICY), "policy");
    cr_expect_str_eq(chr_words_meaning_name(CHR_MEANING_COUNT), "");
}

Test(words, event_nouns)
{
    static const struct { const char *word; int event; } rows[] = {
        { "raid", 1 },          /* noun.act */
        { "arraignment", 1 },   /* noun.communication, from "arraign" */
        { "stoppage", 1 },      /* noun.state, from "stop" */
        { "meeting", 1 },       /* noun.group, an -ing form of "meet" */
        { "election", 1 },
        { "war", 1 },
        { "attack", 1 },
        { "explosion", 1 },     /* noun.event */
        { "table", 0 },         /* noun.group with "tabulate" */
        { "car", 0 },
        { "president", 0 },     /* "preside" */
        { "hammer", 0 },        /* noun.artifact with "hammer" v */
        { "writer", 0 },        /* noun.person with "write" */
        { "building", 1 },      /* sense 2: the act of constructing */
    };
    for (size_t i = 0; i < NROWS(rows); i++) {
        const chr_word *w = find(rows[i].word);
        cr_assert_not_null(w, "%s", rows[i].word);
        cr_expect_eq(!!(w->flags & CHR_WF_EVENT_NOUN), rows[i].event,
                     "%s: EVENT_NOUN %s expected", rows[i].word,
                     rows[i].event ? "set" : "clear");
    }
}

Test(words, stative_and_proper)
{
    const chr_word *is = find("is"), *said = find("said"), *paris = find("paris");
    cr_assert_not_null(is);
    cr_assert_not_null(said);
    cr_assert_not_null(paris);
    cr_expect(is->flags & CHR_WF_STATIVE);
    cr_expect(find("includes")->flags & CHR_WF_STATIVE);
    cr_expect(!(said->flags & CHR_WF_STATIVE));
    cr_expect(paris->flags & CHR_WF_PROPER);
    cr_expect(!(said->flags & CHR_WF_PROPER));
    cr_expect_null(find("parises"), "names get no plural");
}

/* ---- meanings -------------------------------------------------------- */

#define NO  CHR_MEANING_NONE
#define ANY 255

typedef struct meaning_row {
    const char *word;
    unsigned meaning;        /* of the first reading (verb when it has one) */
    unsigned noun_meaning;   /* of a noun reading; ANY: not checked */
} meaning_row;

static const meaning_row meaning_rows[] = {
    { "said",        CHR_MEANING_STATEMENT,    ANY },
    { "told",        CHR_MEANING_STATEMENT,    ANY },
    { "announced",   CHR_MEANING_STATEMENT,    ANY },
    { "denied",      CHR_MEANING_STATEMENT,    ANY },
    { "warned",      CHR_MEANING_STATEMENT,    ANY },
    { "tweeted",     CHR_MEANING_STATEMENT,    ANY },   /* added sense */
    { "statement",   CHR_MEANING_STATEMENT,    CHR_MEANING_STATEMENT },
    { "detained",    CHR_MEANING_ARREST,       ANY },
    { "apprehended", CHR_MEANING_ARREST,       ANY },
    { "arrested",    CHR_MEANING_ARREST,       ANY },
    { "arrest",      CHR_MEANING_ARREST,       CHR_MEANING_ARREST },
    { "barred",      CHR_MEANING_BAN,          ANY },
    { "excluded",    CHR_MEANING_BAN,          ANY },
    { "blacklisted", CHR_MEANING_BAN,          ANY },
    { "banned",      CHR_MEANING_BAN,          ANY },
    { "prohibits",   CHR_MEANING_BAN,          ANY },
    { "indicted",    CHR_MEANING_LEGAL_ACTION, ANY },
    { "sued",        CHR_MEANING_LEGAL_ACTION, ANY },
    { "convicted",   CHR_MEANING_LEGAL_ACTION, ANY },
    { "lawsuit",     CHR_MEANING_LEGAL_ACTION, CHR_MEANING_LEGAL_ACTION },
    { "summit",      NO,                       CHR_MEANING_MEETING },
    { "talks",       ANY,                      CHR_MEANING_MEETING },
    { "convened",    CHR_MEANING_MEETING,      ANY },
    { "launched",    CHR_MEANING_OPENING,      ANY },
    { "inaugurated", CHR_MEANING_OPENING,      ANY },
    { "legislated",  CHR_MEANING_LAW,          ANY },
    { "ratified",    CHR_MEANING_LAW,          ANY },
    { "decree",      ANY,                      CHR_MEANING_LAW },
    { "published",   CHR_MEANING_REPORT,       ANY },
    { "survey",      ANY,                      CHR_MEANING_REPORT },
    { "decided",     CHR_MEANING_POLICY,       ANY },
    { "ordered",     CHR_MEANING_POLICY,       ANY },
    { "directive",   CHR_MEANING_POLICY,       CHR_MEANING_POLICY },
    /* words no seed may reach */
    { "raid",        NO,                       NO },    /* a search or an attack */
    { "went",        NO,                       ANY },
    { "go",          NO,                       NO },
    { "has",         NO,                       ANY },
    { "is",          NO,                       ANY },
    { "rose",        NO,                       NO },
    { "killed",      NO,                       ANY },
    { "election",    NO,                       NO },
    { "choose",      NO,                       ANY },   /* a troponym of "decide" */
    { "celebrated",  NO,                       ANY },   /* of "meet" */
    { "blamed",      NO,                       ANY },   /* of "charge, accuse" */
    { "crime",       NO,                       NO },    /* derived from "criminalize" */
};

/* The first reading's meaning; a noun meaning some reading has (or, for
 * NO, that every reading has): "talks" is first the plural of "talk". */
static int noun_meaning_ok(const chr_word *w, unsigned want)
{
    for (; w != NULL; w = chr_words_next(w)) {
        if (want != NO && w->noun_meaning == want)
            return 1;
        if (want == NO && w->noun_meaning != NO)
            return 0;
    }
    return want == NO;
}

Test(words, meanings_from_seeds)
{
    size_t bad = 0;
    for (size_t i = 0; i < NROWS(meaning_rows); i++) {
        const meaning_row *r = &meaning_rows[i];
        const chr_word *w = find(r->word);
        if (w == NULL) {
            cr_expect(0, "row %zu: \"%s\" not found", i, r->word);
            bad++;
            continue;
        }
        if ((r->meaning != ANY && w->meaning != r->meaning) ||
            (r->noun_meaning != ANY && !noun_meaning_ok(w, r->noun_meaning))) {
            cr_expect(0, "row %zu: \"%s\" means %s (noun %s), expected %s (noun %s)",
                      i, r->word, chr_words_meaning_name(w->meaning),
                      chr_words_meaning_name(w->noun_meaning),
                      r->meaning == ANY ? "any" : chr_words_meaning_name(r->meaning),
                      r->noun_meaning == ANY ? "any"
                                             : chr_words_meaning_name(r->noun_meaning));
            bad++;
        }
    }
    cr_expect_eq(bad, 0, "%zu of %zu meaning rows failed", bad, NROWS(meaning_rows));
}

/* ---- phrases --------------------------------------------------------- */

typedef struct phrase_row {
    const char *head, *rest;
    unsigned meaning;        /* ANY: not checked */
} phrase_row;

static const phrase_row phrase_rows[] = {
    { "take",  "into custody", CHR_MEANING_ARREST },   /* added sense */
    { "take",  "effect",       ANY },
    { "take",  "the stand",    CHR_MEANING_STATEMENT },
    { "go",    "on sale",      ANY },                  /* added */
    { "set",   "up",           CHR_MEANING_OPENING },
    { "phase", "out",          ANY },
    { "file",  "suit",         CHR_MEANING_LEGAL_ACTION },
    { "pick",  "up",           ANY },
};

Test(words, phrases_by_head)
{
    for (size_t i = 0; i < NROWS(phrase_rows); i++) {
        const phrase_row *r = &phrase_rows[i];
        const chr_phrase *p;
        size_t n = chr_words_phrases(r->head, &p);
        cr_assert_gt(n, 0, "row %zu: \"%s\" heads no phrases", i, r->head);
        const chr_phrase *hit = NULL;
        for (size_t k = 0; k < n; k++)
            if (strcmp(p[k].rest, r->rest) == 0)
                hit = &p[k];
        cr_expect_not_null(hit, "row %zu: \"%s %s\" missing", i, r->head, r->rest);
        if (hit != NULL && r->meaning != ANY)
            cr_expect_eq(hit->meaning, r->meaning, "row %zu: \"%s %s\" means %s", i,
                         r->head, r->rest, chr_words_meaning_name(hit->meaning));
        if (hit != NULL)
            cr_expect_leq(hit->verb_lex, 44);
        const chr_word *w = find(r->head);
        cr_assert_not_null(w);
        cr_expect(w->flags & CHR_WF_PHRASES, "\"%s\" lacks CHR_WF_PHRASES", r->head);
    }
}

static size_t words_in(const char *s)
{
    size_t n = 1;
    for (; *s; s++)
        n += *s == ' ';
    return n;
}

Test(words, phrases_longest_first)
{
    const chr_phrase *p;
    size_t n = chr_words_phrases("take", &p);
    cr_assert_gt(n, 10);
    for (size_t k = 1; k < n; k++) {
        size_t a = words_in(p[k - 1].rest), b = words_in(p[k].rest);
        cr_expect(a > b || (a == b && strlen(p[k - 1].rest) >= strlen(p[k].rest)),
                  "\"%s\" before \"%s\"", p[k - 1].rest, p[k].rest);
    }
}

Test(words, phrases_need_a_lemma)
{
    const chr_phrase *p = (const chr_phrase *)&p;
    cr_expect_eq(chr_words_phrases("took", &p), 0, "\"took\" is a form, not a lemma");
    cr_expect_null(p);
    cr_expect_eq(chr_words_phrases("the", &p), 0);
    cr_expect_eq(chr_words_phrases("", &p), 0);
    cr_expect_eq(chr_words_phrases("car", &p), 0, "a noun heads no verb phrase");
    cr_expect_eq(chr_words_phrases("flee", &p), 0);
    cr_expect_null(p);
    cr_expect_eq(chr_words_phrases(NULL, &p), 0);
    cr_expect_null(p);
}

/* ---- bad input ------------------------------------------------------- */

Test(words, bad_input)
{
    char big[100];
    memset(big, 'a', sizeof big);
    cr_expect_null(chr_words_find("", 0));
    cr_expect_null(chr_words_find(NULL, 0));
    cr_expect_null(chr_words_find("Sold", 4), "upper case is not folded");
    cr_expect_null(chr_words_find("SOLD", 4));
    cr_expect_null(chr_words_find(big, sizeof big));
    cr_expect_null(chr_words_find("caf\xc3\xa9", 5));
    cr_expect_null(chr_words_find("\xff\xfe\x80", 3));
    cr_expect_null(chr_words_find("sold\0", 5), "a NUL is no part of a word");
    cr_expect_null(chr_words_find("sold ", 5));
    cr_expect_null(chr_words_find("\0sold", 5));
    /* n bytes, no terminator needed; a prefix of a longer word */
    char soldx[4] = { 's', 'o', 'l', 'd' };
    const chr_word *w = chr_words_find(soldx, sizeof soldx);
    cr_assert_not_null(w);
    cr_expect_str_eq(w->verb_lemma, "sell");
    w = chr_words_find("soldiers", 4);
    cr_assert_not_null(w);
    cr_expect_str_eq(w->verb_lemma, "sell");
    /* every byte value alone, and every 2-byte string: never a crash */
    char b2[2];
    for (int c = 0; c < 256; c++) {
        b2[0] = (char)c;
        (void)chr_words_find(b2, 1);
        for (int d = 0; d < 256; d++) {
            b2[1] = (char)d;
            (void)chr_words_find(b2, 2);
        }
    }
}

/* ---- the generator --------------------------------------------------- */

static const char *mkwords_bin(void)
{
    const char *b = getenv("MKWORDS_BIN");
    return b ? b : "build/tools/mkwords";
}

static const char *wordnet_dir(void)
{
    const char *d = getenv("WORDNET_DIR");
    return d ? d : "/usr/share/wordnet";
}

/* Run mkwords on a meanings file holding text; its exit status, and its
 * stderr into err. */
static int run_mkwords(const char *text, char *tsv, size_t tsvcap, char **err)
{
    char *dir = tu_tmpdir();
    cr_assert_not_null(dir);
    snprintf(tsv, tsvcap, "%s/bad.tsv", dir);
    cr_assert_eq(tu_write(tsv, text, strlen(text)), 0);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s' 2>&1 >/dev/null", mkwords_bin(),
             wordnet_dir(), tsv);
    int st = tu_run(cmd, err, NULL);
    tu_rmtree(dir);
    free(dir);
    return st;
}

Test(words, generator_names_file_and_line)
{
    static const struct { const char *tsv; int line; const char *why; } rows[] = {
        { "ban\tban\tv\t2\tprohibit\nwar\twar\tn\t1\tx\n", 2, "meaning \"war\"" },
        { "# seeds\n\nban\tban\tv\t9\tprohibit\n", 3, "has 4 verb senses" },
        { "ban\tzzyzx\tv\t1\tnothing\n", 1, "is no verb in WordNet" },
        { "ban\tban\tv\t2\n", 1, "expected 5 tab-separated columns" },
        { "ban\tban\tx\t2\tc\n", 1, "part of speech \"x\"" },
        { "ban\tban\tv\t2\tc\nban\tban\tv\t2\tc\n", 2, "seeded already (line 1)" },
        { "ban\tban\tv\t2\tc\nadd\tset_up\tv\testablish:1\tc\n", 2, "has this sense already" },
        { "# nothing\n", 0, "no seeds" },
        { "add\tFoo\tv\tsay:1\tc\n", 1, "lower-case ASCII" },
    };
    if (access(mkwords_bin(), X_OK) != 0)
        cr_skip_test("%s not built", mkwords_bin());
    char probe[512];
    snprintf(probe, sizeof probe, "%s/data.noun", wordnet_dir());
    if (access(probe, R_OK) != 0)
        cr_skip_test("no WordNet in %s", wordnet_dir());
    for (size_t i = 0; i < NROWS(rows); i++) {
        char tsv[512], want[600], *err = NULL;
        int st = run_mkwords(rows[i].tsv, tsv, sizeof tsv, &err);
        cr_expect_eq(st, 1, "row %zu: exit status %d", i, st);
        if (rows[i].line > 0)
            snprintf(want, sizeof want, "mkwords: %s:%d: ", tsv, rows[i].line);
        else                            /* about the whole file */
            snprintf(want, sizeof want, "mkwords: %s: ", tsv);
        cr_expect(err && strstr(err, want), "row %zu: \"%s\" not in: %s", i, want, err);
        cr_expect(err && strstr(err, rows[i].why), "row %zu: \"%s\" not in: %s", i,
                  rows[i].why, err);
        free(err);
    }
}

/* A broken dictionary file: the error names it and the line. */
Test(words, generator_names_dictionary_line)
{
    static const char *const files[] = {
        "data.noun", "data.verb", "data.adj", "data.adv", "index.noun",
        "index.verb", "index.adj", "noun.exc", "verb.exc", "adj.exc",
        "adv.exc", "cntlist.rev",
    };
    if (access(mkwords_bin(), X_OK) != 0)
        cr_skip_test("%s not built", mkwords_bin());
    char path[600], cmd[1400];
    snprintf(path, sizeof path, "%s/index.adv", wordnet_dir());
    size_t len;
    char *adv = tu_read(path, &len);
    if (adv == NULL)
        cr_skip_test("no WordNet in %s", wordnet_dir());
    char *dir = tu_tmpdir();
    cr_assert_not_null(dir);
    for (size_t i = 0; i < NROWS(files); i++) {
        snprintf(cmd, sizeof cmd, "ln -s '%s/%s' '%s/%s'", wordnet_dir(), files[i],
                 dir, files[i]);
        cr_assert_eq(system(cmd), 0, "%s", cmd);
    }
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += adv[i] == '\n';
    static const char bad[] = "zzyzx r 1 0 1 0 99999999  \n";
    snprintf(path, sizeof path, "%s/index.adv", dir);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fwrite(adv, 1, len, f);
    fwrite(bad, 1, sizeof bad - 1, f);
    cr_assert_eq(fclose(f), 0);
    snprintf(cmd, sizeof cmd, "'%s' '%s' core/lex/meanings.tsv 2>&1 >/dev/null",
             mkwords_bin(), dir);
    char *err = NULL, want[700];
    int st = tu_run(cmd, &err, NULL);
    snprintf(want, sizeof want, "mkwords: %s:%zu: synset 99999999 is not in data.adv",
             path, lines + 1);
    cr_expect_eq(st, 1);
    cr_expect(err && strstr(err, want), "\"%s\" not in: %s", want, err);
    free(err);
    free(adv);
    tu_rmtree(dir);
    free(dir);
}

/* The phrases of a reading are those of its verb lemma, for every form
 * ("took", "taken", "takes" give take's). */
Test(words, phrases_of_a_reading_are_its_lemmas)
{
    static const char *const forms[] = {"take", "took", "taken", "takes", "set", "sets", "broke",
                                        "carried", "the", "car"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        for (const chr_word *w = chr_words_find(forms[i], strlen(forms[i])); w != NULL;
             w = chr_words_next(w)) {
            const chr_phrase *a, *b;
            size_t na = chr_words_phrases_of(w, &a), nb = chr_words_phrases(w->verb_lemma, &b);
            cr_expect_eq(na, nb, "%s (%s)", forms[i], w->verb_lemma ? w->verb_lemma : "-");
            cr_expect(a == b, "%s: the same phrases", forms[i]);
        }
    }
    const chr_phrase *p;
    const chr_word *took = chr_words_find("took", 4);
    cr_assert_not_null(took);
    cr_expect_gt(chr_words_phrases_of(took, &p), 10);
    cr_expect_eq(chr_words_phrases_of(NULL, &p), 0);
    cr_expect_null(p);
}

/* A form's records are unpacked the first time it is found: threads that
 * find the same words at once all read them whole.  Each thread sums what
 * it reads of every reading of each word; a record read half unpacked
 * would give another sum than the one the main thread reads after. */
static const char *const race_words[] = {
    "met", "meeting", "announced", "arrest", "banned", "opens", "sued", "report",
    "signed", "elected", "ruled", "closed", "launched", "resigned", "talks", "visit",
    "agreement", "protest", "fired", "appointed", "charged", "released", "voted", "attack",
};

static unsigned long long reading_sum(const char *w)
{
    unsigned long long s = 0;
    for (const chr_word *r = find(w); r != NULL; r = chr_words_next(r))
        s = s * 31 + r->pos * 7u + r->forms * 11u + r->verb_lex * 13u + r->noun_lex * 17u +
            r->meaning * 19u + r->flags * 23u + (r->verb_lemma ? strlen(r->verb_lemma) : 0) +
            (r->noun_lemma ? strlen(r->noun_lemma) : 0) * 29u;
    return s;
}

static void *race(void *arg)
{
    unsigned long long *sums = arg;
    for (size_t i = 0; i < NROWS(race_words); i++)
        sums[i] = reading_sum(race_words[i]);
    return NULL;
}

Test(words, records_unpacked_once_for_every_thread)
{
    enum { THREADS = 4 };
    pthread_t th[THREADS];
    unsigned long long sums[THREADS][NROWS(race_words)];
    for (int k = 0; k < THREADS; k++)
        cr_assert_eq(pthread_create(&th[k], NULL, race, sums[k]), 0);
    for (int k = 0; k < THREADS; k++)
        pthread_join(th[k], NULL);
    for (size_t i = 0; i < NROWS(race_words); i++) {
        unsigned long long want = reading_sum(race_words[i]);
        cr_expect_neq(want, 0ull, "%s", race_words[i]);
        for (int k = 0; k < THREADS; k++)
            cr_expect_eq(sums[k][i], want, "thread %d, %s", k, race_words[i]);
    }
}
