/*
 * trigger.c - which words are events.  Every predicate is a candidate: a
 * main verb (any tense, voice or mood; not a copula, an auxiliary or a
 * verb of state), and a noun that denotes a happening (WordNet: an act,
 * an event, a process, a phenomenon, or the doing of a verb: "raid",
 * "arraignment", "stoppage"), with multi-word verbs ("was taken into
 * custody", "went on sale") read as one.  The type comes from meaning
 * (words.h, seeded per type and spread through WordNet); the rest is
 * "other".  Then the tests that mark a candidate: negated, hypothetical,
 * planned, the story's source rather than an event of it.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_int.h"
#include "base/wordtab_int.h"
#include "extract/extract_int.h"

/* WordNet lexicographer files (lexnames(5)) the extractor tells apart. */
enum {
    LEX_NOUN_ACT = 4,
    LEX_NOUN_COMMUNICATION = 10,
    LEX_NOUN_EVENT = 11,
    LEX_NOUN_PHENOMENON = 19,
    LEX_NOUN_PROCESS = 22,
    LEX_NOUN_TIME = 28,
    LEX_VERB_COGNITION = 31,
    LEX_VERB_COMMUNICATION = 32,
    LEX_VERB_EMOTION = 37,
    LEX_VERB_PERCEPTION = 39,
    LEX_VERB_STATIVE = 42
};

chr_event_type ex_type_of(unsigned meaning)
{
    return meaning >= 1 && meaning < CHR_MEANING_COUNT ? (chr_event_type)(meaning - 1)
                                                       : CHR_EV_OTHER;
}

/* Is the word of token i a verb of saying ("said", "told", "announced")? */
static int saying(const chr_word *w)
{
    return w != NULL && w->verb_lemma != NULL && w->meaning == CHR_MEANING_STATEMENT;
}

/* A multi-word verb headed at i ("set up", "taken into custody"): its
 * meaning, and how many tokens it spans (0: none). */
static size_t phrase_at(const char *text, const chr_tok *t, size_t i, size_t hi,
                        const chr_word *w, unsigned *meaning)
{
    if (w == NULL || w->verb_lemma == NULL || !(w->flags & CHR_WF_PHRASES))
        return 0;
    const chr_phrase *ph;
    size_t n = chr_words_phrases_of(w, &ph);
    for (size_t k = 0; k < n; k++) {
        const char *r = ph[k].rest;
        size_t j = i + 1;
        while (*r && j < hi && t[j].kind == T_WORD) {
            size_t len = strcspn(r, " ");
            if (t[j].e - t[j].s != len)
                break;
            size_t q = 0;
            while (q < len && chr_lower((unsigned char)text[t[j].s + q]) == r[q])
                q++;
            if (q != len)
                break;
            r += len;
            r += *r == ' ';
            j++;
        }
        if (*r == '\0') {
            *meaning = ph[k].meaning;
            return j - i;
        }
    }
    return 0;
}

/* Is the verb a state rather than an event ("is", "has", "includes",
 * "remains")?  A verb the seeds give a meaning is never one, and a verb
 * of state in the past ("owned", "remained") is read as a candidate: the
 * development data marks most of those as events. */
static int stative(const chr_wtag *g)
{
    if (g->closed == CL_HAVE || g->closed == CL_BE || g->closed == CL_DO)
        return 1;
    if (g->form & (CHR_WF_PAST | CHR_WF_PART | CHR_WF_ING))
        return 0;
    return g->w != NULL && g->w->meaning == CHR_MEANING_NONE &&
           (g->w->flags & CHR_WF_STATIVE);
}


/* Is "be" followed by the word of token t a WordNet verb ("be_born")
 * whose first sense is not a state, a perception or a thought? */
static int be_collocation_event(const char *text, const chr_tok *t)
{
    const chr_phrase *ph;
    size_t n = chr_words_phrases("be", &ph);
    for (size_t k = 0; k < n; k++)
        if (chr_tok_is(text, t, ph[k].rest))
            return ph[k].verb_lex != LEX_VERB_STATIVE && ph[k].verb_lex != LEX_VERB_COGNITION &&
                   ph[k].verb_lex != LEX_VERB_PERCEPTION;
    return 0;
}

/* A participle of a verb of knowing, perceiving or being read as a
 * state: "is known for", "are seen as", "was believed to", "Based on
 * ...," -- an evaluation of a thing, not something that happened. */
static int state_participle(const ex_sentence *s, size_t i)
{
    const chr_wtag *g = &s->words[i];
    if (g->w == NULL || !((g->form | g->w->forms) & CHR_WF_PART) ||
        g->w->meaning != CHR_MEANING_NONE)
        return 0;
    unsigned lex = g->w->verb_lex;
    if (lex != LEX_VERB_COGNITION && lex != LEX_VERB_PERCEPTION && lex != LEX_VERB_STATIVE)
        return 0;
    const chr_tok *t = s->tv->t;
    size_t k = i;
    while (k > s->lo && s->words[k - 1].tag == PT_ADV)
        k--;
    int next_prep = i + 1 < s->hi && (s->words[i + 1].tag == PT_PREP || s->words[i + 1].tag == PT_TO ||
                                      chr_tok_is(s->text, &t[i + 1], "as"));
    if (k == s->lo || ex_opens_quote(s->text, &t[k - 1]))
        return next_prep;  /* "Based on ...," opening the sentence */
    if (s->words[k - 1].closed != CL_BE || !(g->form & CHR_WF_PART))
        return 0;
    /* "was born": WordNet has "be" and the participle as a verb of its
     * own (be_born, a verb of change), whatever the participle's verb
     * ("bear") first means */
    if (be_collocation_event(s->text, &t[i]))
        return 0;
    int past = chr_tok_is(s->text, &t[k - 1], "was") || chr_tok_is(s->text, &t[k - 1], "were");
    return !past || next_prep;
}

/* Is the noun at i a happening the text reports (an instance of one)? */
static int event_noun(const ex_sentence *s, size_t i)
{
    const chr_wtag *g = &s->words[i];
    unsigned lex = g->w->noun_lex;
    /* first sense an act, an event, a process or a phenomenon; or a
     * deverbal noun ("the arraignment") whose meaning the seeds type */
    int eventive = lex == LEX_NOUN_ACT || lex == LEX_NOUN_EVENT || lex == LEX_NOUN_PROCESS ||
                   lex == LEX_NOUN_PHENOMENON ||
                   ((g->w->flags & CHR_WF_EVENT_NOUN) && g->w->noun_meaning != CHR_MEANING_NONE) ||
                   /* the doing of a verb of saying ("the speech", "his
                    * request", "the dispute") or a spell of time ("his
                    * leave", "a delay") */
                   ((g->w->flags & CHR_WF_EVENT_NOUN) &&
                    (lex == LEX_NOUN_COMMUNICATION || lex == LEX_NOUN_TIME));
    if (!eventive)
        return 0;
    /* a noun modifying the next noun ("abortion rights", "market share") */
    if (i + 1 < s->hi && s->words[i + 1].tag == PT_NOUN && s->tv->t[i].e - s->tv->t[i].s >= 3)
        return 0;
    return 1;
}

/* Fill c for the predicate at i, or return 0 when there is none. */
static int predicate(const ex_sentence *s, size_t i, cand *c)
{
    const chr_wtag *g = &s->words[i];
    const chr_tok *t = s->tv->t;
    memset(c, 0, sizeof *c);
    c->tok = i;
    c->span = 1;
    c->w = g->w;
    if (g->tag == PT_VERB) {
        if (stative(g))
            return 0;
        c->pos = PT_VERB;
        c->vform = g->form;
        /* "Moving on, ...": a word that is only an -ing form is no finite
         * verb, whatever its context left it as */
        if (g->w != NULL && !(g->w->forms & g->form) &&
            (g->w->forms & (CHR_WF_ING | CHR_WF_BASE | CHR_WF_3SG | CHR_WF_PAST)) == CHR_WF_ING)
            c->vform = CHR_WF_ING;
        c->lemma = g->w ? g->w->verb_lemma : NULL;
        unsigned meaning = g->w ? g->w->meaning : CHR_MEANING_NONE, pm;
        size_t span = phrase_at(s->text, t, i, s->hi, g->w, &pm);
        if (span) {
            c->span = span;
            if (pm != CHR_MEANING_NONE)
                meaning = pm;
        }
        c->type = (uint8_t)ex_type_of(meaning);
        c->reporting = saying(g->w);
        c->weight = meaning != CHR_MEANING_NONE ? 2 : 1;
        return 1;
    }
    if (g->tag == PT_NOUN && g->w != NULL && g->w->noun_lemma != NULL && event_noun(s, i)) {
        c->pos = PT_NOUN;
        c->lemma = g->w->noun_lemma;
        c->type = (uint8_t)ex_type_of(g->w->noun_meaning);
        c->weight = g->w->noun_meaning != CHR_MEANING_NONE ? 2 : 1;
        return 1;
    }
    return 0;
}

/* "compared with", "according to", "owing to": a participle that with
 * the preposition after it is one preposition, no verb of the sentence;
 * unless a helping verb or a subject goes before it ("was compared
 * with", "she compared it with").  And "aged" before a number. */
static int complex_preposition(const ex_sentence *s, size_t i)
{
    static const struct {
        const char *word, *prep1, *prep2;
    } cp[] = {{"compared", "with", "to"}, {"according", "to", "to"}, {"owing", "to", "to"}};
    const chr_tok *t = s->tv->t;
    if (i + 1 >= s->hi)
        return 0;
    /* "dies aged 56", "a man aged 40": at the age of */
    if (chr_tok_is(s->text, &t[i], "aged") && t[i + 1].kind == T_NUM)
        return 1;
    for (size_t k = 0; k < sizeof cp / sizeof cp[0]; k++) {
        if (!chr_tok_is(s->text, &t[i], cp[k].word) ||
            !(chr_tok_is(s->text, &t[i + 1], cp[k].prep1) ||
              chr_tok_is(s->text, &t[i + 1], cp[k].prep2)))
            continue;
        if (i == s->lo)
            return 1;
        unsigned tag = s->words[i - 1].tag;
        return tag != PT_AUX && tag != PT_COPULA && tag != PT_PRON && tag != PT_PROPN &&
               s->words[i - 1].closed != CL_BE && s->words[i - 1].closed != CL_HAVE;
    }
    return 0;
}

size_t ex_candidates(const ex_sentence *s, cand *cands)
{
    const chr_tok *t = s->tv->t;
    const char *text = s->text;
    size_t lo = s->lo, hi = s->hi, nc = 0;
    /* the words' readings asked for first, so that they come into the
     * cache while the first are read */
    for (size_t i = lo; i < hi; i++)
        if (s->words[i].w != NULL)
            __builtin_prefetch(s->words[i].w);
    for (size_t i = lo; i < hi; i++) {
        if (s->skip[i - lo] || t[i].kind != T_WORD)
            continue;
        cand c;
        if (complex_preposition(s, i) || !predicate(s, i, &c))
            continue;
        /* a capitalised word inside the sentence is part of a name
         * ("Mobile World Congress", "Cybersecurity Act") */
        if (t[i].cap && i > lo && text[t[i].s - 1] != '\t' && !ex_opens_quote(text, &t[i - 1]))
            continue;
        c.excluded = ex_blocked(s, i);
        if (c.excluded == NULL && c.pos == PT_VERB && state_participle(s, i))
            c.excluded = "a state (\"is known for\", \"was seen as\"), not an event";
        c.silent = c.reporting && ex_attribution(text, t, lo, i);
        c.status = ex_planned(s, i) ? CHR_PLANNED : CHR_OCCURRED;
        cands[nc++] = c;
        i += c.span - 1;
    }
    return nc;
}

/* The words of the tests below with the lists they are in. */
static const struct word_bit {
    const char *word;
    uint16_t bits;
} word_bits[] = {
    {"not", EX_W_NEG}, {"never", EX_W_NEG}, {"no", EX_W_NEG}, {"without", EX_W_NEG},
    {"nor", EX_W_NEG}, {"neither", EX_W_NEG},
    {"if", EX_W_HYP}, {"unless", EX_W_HYP}, {"whether", EX_W_HYP}, {"could", EX_W_HYP},
    {"might", EX_W_HYP}, {"may", EX_W_HYP}, {"should", EX_W_HYP | EX_W_INV},
    {"must", EX_W_HYP}, {"cannot", EX_W_HYP}, {"can", EX_W_HYP},
    {"had", EX_W_INV}, {"were", EX_W_INV},
    {"will", EX_W_FUT | EX_W_MODAL}, {"would", EX_W_FUT | EX_W_MODAL},
    {"shall", EX_W_FUT | EX_W_MODAL}, {"ll", EX_W_FUT}, {"plans", EX_W_FUT},
    {"plan", EX_W_FUT}, {"planned", EX_W_FUT}, {"scheduled", EX_W_FUT | EX_W_DUE},
    {"expected", EX_W_FUT | EX_W_DUE}, {"intends", EX_W_FUT}, {"going", EX_W_FUT},
    {"due", EX_W_FUT | EX_W_READY | EX_W_DUE}, {"upcoming", EX_W_FUT},
    {"set", EX_W_FUT | EX_W_DUE},
    {"is", EX_W_BE}, {"are", EX_W_BE}, {"t", EX_W_T}, {"to", EX_W_TO},
    {"able", EX_W_READY}, {"ready", EX_W_READY}, {"likely", EX_W_READY},
    {"later", EX_W_MOVED}, {"afterwards", EX_W_MOVED}, {"afterward", EX_W_MOVED},
    {"subsequently", EX_W_MOVED}, {"eventually", EX_W_MOVED}, {"since", EX_W_MOVED},
    {"earlier", EX_W_MOVED}, {"previously", EX_W_MOVED}, {"meanwhile", EX_W_MOVED},
    {"now", EX_W_MOVED},
};

CHR_WORDTAB_DEFINE(bits_find, word_bits)

void ex_word_bits(const char *text, const chr_tok *t, size_t lo, size_t hi, uint16_t *out)
{
    for (size_t k = lo; k < hi; k++) {
        const chr_tok *p = &t[k];
        size_t n = p->e - p->s;
        out[k - lo] = 0;
        if (p->kind != T_WORD || n == 0 || n > 12)
            continue;                   /* no listed word is longer */
        int e = bits_find_ci(text + p->s, n);
        if (e >= 0)
            out[k - lo] = word_bits[e].bits;
    }
}

/* The EX_W_* bits of token k of the sentence. */
static inline unsigned wbits(const ex_sentence *s, size_t k)
{
    return s->wl[k - s->lo];
}

/* Negated or hypothetical: "has not taken", "no restrictions", "if
 * banning Huawei would", "could be used", "Had the council voted in
 * 2018, ...".  Returns the reason, or NULL. */
const char *ex_blocked(const ex_sentence *s, size_t i)
{
    const char *text = s->text;
    const chr_tok *t = s->tv->t;
    size_t lo = s->lo;
    for (size_t k = i, d = 0; k > lo && d < 4; k--, d++) {
        const chr_tok *p = &t[k - 1];
        if (ex_is_clause_punct(p))
            break;
        if (wbits(s, k - 1) & EX_W_NEG)
            return "negated";
        if ((wbits(s, k - 1) & EX_W_T) && k >= 2 && chr_tok_apostrophe(text, &t[k - 2]))
            return "negated";  /* "don't", "hasn't" */
    }
    for (size_t k = i, d = 0; k > lo && d < 10; k--, d++) {
        const chr_tok *p = &t[k - 1];
        if (p->kind == T_PUNCT && (p->val == ';' || p->val == ':'))
            break;
        /* "in May", "May 3": the month of a date expression is no modal */
        if (s->skip[k - 1 - lo])
            continue;
        /* "Theresa May said": a name is no modal */
        if ((wbits(s, k - 1) & EX_W_HYP) && s->words[k - 1].tag != PT_PROPN &&
            s->words[k - 1].tag != PT_NOUN)
            return "hypothetical";
        if (p->kind == T_PUNCT && p->val == ',' && d > 0)
            break;
    }
    /* an inverted conditional opens the sentence: "Had the council
     * voted", "Were the firm to close", "Should talks fail" */
    size_t first = lo;
    while (first < i && t[first].kind == T_PUNCT)
        first++;
    if (first < i && (wbits(s, first) & EX_W_INV) && first + 1 < s->hi &&
        (s->words[first + 1].tag == PT_DET || s->words[first + 1].tag == PT_PROPN ||
         s->words[first + 1].tag == PT_PRON)) {
        for (size_t k = first + 1; k < i; k++)
            if (t[k].kind == T_PUNCT && t[k].val == ',')
                return NULL;  /* the main clause after "Had ..., " */
        return "hypothetical";
    }
    return NULL;
}

/* Is token a inside a clause opened by a lower-case "-ing" word that is no
 * event, at the sentence start or after ':' or ';', and closed by ','? */
int ex_in_participle(const ex_sentence *s, size_t a)
{
    const chr_tok *t = s->tv->t;
    size_t k = a, lo = s->lo, hi = s->hi;
    while (k > lo && !(t[k - 1].kind == T_PUNCT &&
                       (t[k - 1].val == ',' || t[k - 1].val == ':' || t[k - 1].val == ';')))
        k--;
    if (k > lo && t[k - 1].val == ',')
        return 0;
    const chr_tok *w = &t[k];
    size_t n = w->e - w->s;
    if (k >= hi || w->kind != T_WORD || w->cap || n < 5 ||
        memcmp(s->text + w->e - 3, "ing", 3) != 0)
        return 0;
    cand c;
    if (predicate(s, k, &c) && c.weight > 1)
        return 0;
    for (size_t j = a; j < hi; j++)
        if (t[j].kind == T_PUNCT && t[j].val == ',')
            return 1;
    return 0;
}

/* Is the statement verb at p the end of ", SUBJECT said." -- a comma after
 * the date a, then at most five words, then p, then the sentence ends? */
int ex_trailing_attribution(const char *text, const chr_tok *t, size_t a, size_t p, size_t hi)
{
    size_t comma = p;
    while (comma > a && !(t[comma - 1].kind == T_PUNCT && t[comma - 1].val == ','))
        comma--;
    if (comma <= a || p - comma > 5)
        return 0;
    size_t k = p + 1;
    while (k < hi && t[k].kind == T_WORD && k < p + 4)
        k++;  /* "said on Friday", "told reporters" */
    (void)text;
    return k >= hi || (t[k].kind == T_PUNCT && t[k].val != ',');
}

/* "four people familiar with the matter said", "sources said": the
 * source of the story, not an event of it. */
int ex_attribution(const char *text, const chr_tok *t, size_t lo, size_t i)
{
    static const char *const anon[] = {"familiar", "sources", "source", "people",
                                       "officials", "diplomats", "insiders"};
    for (size_t k = i, d = 0; k > lo && d < 7; k--, d++)
        if (ex_word_in(text, &t[k - 1], anon, sizeof anon / sizeof anon[0]))
            return 1;
    return 0;
}

/* Verbs of intent: what is to be done ("plans to open", "ordered
 * operators ... to strip") is planned; "the first country to ban" was
 * done.  By lemma, so every form counts. */
static int intent_verb(const chr_wtag *g)
{
    static const char *const intent[] = {
        "order", "plan", "aim", "want", "decide", "agree", "urge", "ask", "expect", "set",
        "seek", "hope", "intend", "propose", "vote", "vow", "promise", "threaten",
        "prepare", "tell", "call", "pledge", "wish", "try", "mean", "schedule"};
    if (g->closed == CL_MODAL)
        return 1;
    const char *l = g->w ? g->w->verb_lemma : NULL;
    for (size_t k = 0; l && k < sizeof intent / sizeof intent[0]; k++)
        if (strcmp(l, intent[k]) == 0)
            return 1;
    return 0;
}

int ex_planned(const ex_sentence *s, size_t i)
{
    const chr_tok *t = s->tv->t;
    size_t lo = s->lo, hi = s->hi;
    for (size_t k = i, d = 0; k > lo && d < 6; k--, d++) {
        const chr_tok *p = &t[k - 1];
        if (ex_is_clause_punct(p))
            break;
        /* "will", "plans", "scheduled" as verbs or modals; not "the plan" */
        unsigned tag = s->words[k - 1].tag;
        if (tag != PT_NOUN && tag != PT_PROPN && (wbits(s, k - 1) & EX_W_FUT))
            return 1;
    }
    if (i > lo && (wbits(s, i - 1) & EX_W_TO) && !t[i].cap) {
        for (size_t k = i - 1, d = 0; k > lo && d < 20; k--, d++) {
            if (ex_is_clause_punct(&t[k - 1]))
                break;
            if (s->words[k - 1].tag == PT_VERB && intent_verb(&s->words[k - 1]))
                return 1;
            if (wbits(s, k - 1) & EX_W_READY)   /* "able", "ready", "likely", "due" */
                return 1;
        }
    }
    /* "the ban would take effect": a modal right after a noun */
    if (i + 2 < hi && (wbits(s, i + 1) & EX_W_MODAL))
        return 1;
    if (i + 3 < hi && (wbits(s, i + 1) & EX_W_BE) && (wbits(s, i + 2) & EX_W_DUE))
        return 1;    /* "is due", "are scheduled", "is expected", "is set" */
    return 0;
}

/* The tense a verb shows with its helpers: "has recalled" (perfect),
 * "was arrested", "had left" (past), "is expected" (present), "will
 * open" (future); or its own form. */
static int verb_tense(const ex_sentence *s, size_t i, unsigned form)
{
    const chr_tok *t = s->tv->t;
    for (size_t k = i, d = 0; k > s->lo && d < 5; k--, d++) {
        const chr_wtag *g = &s->words[k - 1];
        if (g->tag == PT_ADV || g->tag == PT_NEG)
            continue;
        if (g->tag == PT_MODAL)
            return EX_FUTURE;
        if (g->tag == PT_AUX || g->tag == PT_COPULA) {
            if (g->closed == CL_HAVE)
                return chr_tok_is(s->text, &t[k - 1], "had") ? EX_PAST : EX_PERFECT;
            if (g->closed == CL_BE || g->closed == CL_DO) {
                if (chr_tok_is(s->text, &t[k - 1], "was") || chr_tok_is(s->text, &t[k - 1], "were") ||
                    chr_tok_is(s->text, &t[k - 1], "did"))
                    return EX_PAST;
                if (chr_tok_is(s->text, &t[k - 1], "been") || chr_tok_is(s->text, &t[k - 1], "be") ||
                    chr_tok_is(s->text, &t[k - 1], "being"))
                    continue;  /* "has been arrested", "will be held" */
                return EX_PRESENT;
            }
            continue;
        }
        if (g->tag == PT_TO)
            return EX_NONE;
        break;
    }
    if (form & CHR_WF_PAST)
        return EX_PAST;
    if (form & (CHR_WF_3SG | CHR_WF_BASE))
        return EX_PRESENT;
    return EX_NONE;
}

int ex_tense(const ex_sentence *s, const cand *c)
{
    if (c->status == CHR_PLANNED)
        return EX_FUTURE;
    if (c->pos == PT_VERB)
        return verb_tense(s, c->tok, c->vform);
    /* a noun: the tense of the nearest verb of its clause */
    const chr_tok *t = s->tv->t;
    for (size_t d = 1; d < 12; d++) {
        if (c->tok >= s->lo + d) {
            size_t k = c->tok - d;
            if (ex_is_clause_punct(&t[k]))
                break;
            if (s->words[k].tag == PT_VERB)
                return verb_tense(s, k, s->words[k].form);
        }
    }
    for (size_t k = c->tok + 1; k < s->hi && k < c->tok + 12; k++) {
        if (ex_is_clause_punct(&t[k]))
            break;
        if (s->words[k].tag == PT_VERB || s->words[k].tag == PT_COPULA)
            return verb_tense(s, k, s->words[k].form);
    }
    return EX_NONE;
}

/* "While introducing the phone, Roe started ...", "During his speech he
 * stated ...": the event of an opening phrase of time went on with the
 * main clause's; that clause's verb (from the sentence's first), or -1. */
static int opening_phrase(const ex_sentence *s, const cand *c)
{
    const chr_tok *t = s->tv->t;
    size_t i = c->tok;
    if (i == s->lo || s->quote[i - s->lo])
        return -1;
    if (c->pos == PT_VERB) {
        /* "While introducing", "When announcing" */
        if (i != s->lo + 1 || !(c->vform & CHR_WF_ING) ||
            !(chr_tok_is(s->text, &t[s->lo], "while") || chr_tok_is(s->text, &t[s->lo], "when")))
            return -1;
    } else {
        /* "During his two-hour speech": the head of the phrase's noun */
        if (!chr_tok_is(s->text, &t[s->lo], "during"))
            return -1;
        for (size_t k = s->lo + 1; k < i; k++)
            if (s->words[k].tag != PT_DET && s->words[k].tag != PT_POSS && s->words[k].tag != PT_ADJ &&
                s->words[k].tag != PT_NUM && s->words[k].tag != PT_NOUN &&
                s->words[k].closed != CL_POSSDET &&
                !(k == s->lo + 1 && s->words[k].tag == PT_PRON))  /* "her" */
                return -1;
        if (i + 1 < s->hi && s->words[i + 1].tag == PT_NOUN)
            return -1;
    }
    /* the first finite verb after it, past the phrase */
    for (size_t k = i + 1; k < s->hi; k++) {
        if (t[k].kind == T_PUNCT && (t[k].val == ';' || t[k].val == ':'))
            return -1;
        if (s->words[k].tag == PT_VERB && !s->quote[k - s->lo] &&
            (s->words[k].form & (CHR_WF_PAST | CHR_WF_3SG)) && !(s->words[k].form & CHR_WF_ING))
            return (int)(k - s->lo);
    }
    return -1;
}

int ex_dependent(const ex_sentence *s, const cand *c)
{
    const chr_tok *t = s->tv->t;
    size_t i = c->tok;
    int o = opening_phrase(s, c);
    if (o >= 0)
        return o;
    if (c->pos != PT_VERB || i == s->lo || s->quote[i - s->lo])
        return -1;
    const chr_tok *p = &t[i - 1];
    int ing = (c->vform & CHR_WF_ING) != 0;
    int conj = chr_tok_is(s->text, p, "and");
    /* "returned to the stage to reveal it", "moved on to talk about it":
     * a verb of motion or a phrasal verb, then what was done there; not
     * what was meant ("tried to", "plans to": the infinitive right after
     * the verb) nor what someone was told to do ("pressed the industry
     * to work"), nor an infinitive of a noun ("the ease for developers to
     * port") */
    if (s->words[i - 1].tag == PT_TO && c->status == CHR_OCCURRED && (c->vform & CHR_WF_BASE)) {
        size_t preps = 0;
        for (size_t k = i - 1; k > s->lo && k + 5 > i; k--) {
            const chr_wtag *g = &s->words[k - 1];
            if (g->tag == PT_VERB)
                return (s->wl[k - 1 - s->lo] & EX_W_FUT) || !(g->form & CHR_WF_PAST) ||
                               k == i - 1 || s->words[k].tag != PT_PREP || preps > 1
                           ? -1
                           : (int)(k - 1 - s->lo);
            preps += g->tag == PT_PREP;
            if (g->tag != PT_NOUN && g->tag != PT_PROPN && g->tag != PT_DET && g->tag != PT_ADJ &&
                g->tag != PT_PREP && g->tag != PT_POSS && g->closed != CL_POSSDET)
                return -1;
        }
        return -1;
    }
    /* "acknowledged that some users had problems, but dismissed them":
     * the first verb of the sentence */
    if (chr_tok_is(s->text, p, "but") && !c->reporting && (c->vform & CHR_WF_PAST) &&
        !(c->vform & CHR_WF_ING)) {
        for (size_t k = s->lo; k + 1 < i; k++)
            if (s->words[k].tag == PT_VERB && !s->quote[k - s->lo])
                return (s->words[k].form & CHR_WF_PAST) ? (int)(k - s->lo) : -1;
        return -1;
    }
    /* "announced it at a conference, where he promoted it": what was
     * done there, then */
    if (i >= s->lo + 3 && (c->vform & CHR_WF_PAST) && s->words[i - 1].tag == PT_PRON &&
        chr_tok_is(s->text, &t[i - 2], "where") && t[i - 3].kind == T_PUNCT && t[i - 3].val == ',') {
        for (size_t k = i - 3; k > s->lo; k--)
            if (s->words[k - 1].tag == PT_VERB)
                return (s->words[k - 1].form & CHR_WF_PAST) ? (int)(k - 1 - s->lo) : -1;
        return -1;
    }
    /* "started by hinting at it", "unveiled it by walking on stage",
     * "..., saying that ...", "welcomed everyone and announced" (no
     * subject of its own) */
    if (!((ing && chr_tok_is(s->text, p, "by")) || (ing && p->kind == T_PUNCT && p->val == ',') ||
          ((c->vform & (CHR_WF_PAST | CHR_WF_ING)) && conj)))
        return -1;
    /* the verb it hangs off: the nearest before it, in the same clause */
    for (size_t k = i - 1; k > s->lo; k--) {
        const chr_tok *w = &t[k - 1];
        if (w->kind == T_PUNCT && (w->val == ';' || w->val == ':'))
            break;
        /* "by walking on stage and taking": the same form, or none */
        if (s->words[k - 1].tag == PT_VERB)
            return !conj || (s->words[k - 1].form & c->vform)
                       ? (int)(k - 1 - s->lo) : -1;
    }
    return -1;
}
