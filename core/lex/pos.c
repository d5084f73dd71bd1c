/*
 * pos.c - parts of speech, by the closed classes of English and the
 * WordNet table for open-class words, chosen in context left to right:
 * after a modal, "to" or "do" a verb is in its base form; after "have" a
 * participle is a verb; after "be" a participle or -ing form is a verb
 * and anything else a predicate; after a determiner, a possessive or an
 * adjective a word is a noun (or an adjective before one); after a
 * subject a finite form is a verb.  Where context says nothing, WordNet's
 * tag counts (which part of speech the word mostly is) decide.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/error.h"
#include "base/text_int.h"
#include "base/wordtab_int.h"
#include "lex/pos_int.h"
#include "lex/words_int.h"

struct closed_word {
    const char *w;
    uint8_t cl;
};

/* The closed classes of English: function words, not content. */
static const struct closed_word closed_words[] = {
    {"the", CL_DET}, {"a", CL_DET}, {"an", CL_DET}, {"this", CL_DET}, {"these", CL_DET},
    {"those", CL_DET}, {"every", CL_DET}, {"each", CL_DET}, {"some", CL_DET},
    {"any", CL_DET}, {"no", CL_DET}, {"all", CL_DET}, {"both", CL_DET}, {"either", CL_DET},
    {"neither", CL_DET}, {"another", CL_DET}, {"such", CL_DET}, {"several", CL_DET},
    {"many", CL_DET}, {"few", CL_DET}, {"most", CL_DET}, {"more", CL_DET},
    {"much", CL_DET}, {"other", CL_DET}, {"whose", CL_DET},
    {"my", CL_POSSDET}, {"your", CL_POSSDET}, {"his", CL_POSSDET}, {"its", CL_POSSDET},
    {"our", CL_POSSDET}, {"their", CL_POSSDET},
    {"i", CL_SUBJ}, {"you", CL_SUBJ}, {"he", CL_SUBJ}, {"she", CL_SUBJ}, {"it", CL_SUBJ},
    {"we", CL_SUBJ}, {"they", CL_SUBJ}, {"there", CL_SUBJ},
    {"me", CL_PRON}, {"him", CL_PRON}, {"her", CL_PRON}, {"us", CL_PRON},
    {"them", CL_PRON}, {"himself", CL_PRON}, {"herself", CL_PRON}, {"itself", CL_PRON},
    {"themselves", CL_PRON}, {"ourselves", CL_PRON}, {"myself", CL_PRON},
    {"yourself", CL_PRON}, {"someone", CL_PRON}, {"somebody", CL_PRON},
    {"anyone", CL_PRON}, {"everyone", CL_PRON}, {"nobody", CL_PRON}, {"nothing", CL_PRON},
    {"something", CL_PRON}, {"everything", CL_PRON}, {"anything", CL_PRON},
    {"who", CL_WH}, {"whom", CL_WH}, {"which", CL_WH}, {"what", CL_WH},
    {"where", CL_SUBORD}, {"when", CL_SUBORD}, {"why", CL_SUBORD}, {"how", CL_SUBORD},
    {"in", CL_PREP}, {"on", CL_PREP}, {"at", CL_PREP}, {"of", CL_PREP}, {"for", CL_PREP},
    {"with", CL_PREP}, {"by", CL_PREP}, {"from", CL_PREP}, {"about", CL_PREP},
    {"against", CL_PREP}, {"between", CL_PREP}, {"into", CL_PREP}, {"through", CL_PREP},
    {"during", CL_PREP}, {"before", CL_PREP}, {"after", CL_PREP}, {"above", CL_PREP},
    {"below", CL_PREP}, {"under", CL_PREP}, {"over", CL_PREP}, {"since", CL_PREP},
    {"until", CL_PREP}, {"till", CL_PREP}, {"within", CL_PREP}, {"without", CL_PREP},
    {"among", CL_PREP}, {"across", CL_PREP}, {"along", CL_PREP}, {"around", CL_PREP},
    {"behind", CL_PREP}, {"beyond", CL_PREP}, {"despite", CL_PREP}, {"except", CL_PREP},
    {"inside", CL_PREP}, {"outside", CL_PREP}, {"near", CL_PREP}, {"off", CL_PREP},
    {"per", CL_PREP}, {"via", CL_PREP}, {"toward", CL_PREP}, {"towards", CL_PREP},
    {"upon", CL_PREP}, {"amid", CL_PREP}, {"onto", CL_PREP}, {"like", CL_PREP},
    {"than", CL_PREP}, {"up", CL_PREP}, {"down", CL_PREP}, {"out", CL_PREP},
    {"and", CL_CONJ}, {"or", CL_CONJ}, {"but", CL_CONJ}, {"nor", CL_CONJ},
    {"because", CL_SUBORD}, {"although", CL_SUBORD}, {"though", CL_SUBORD},
    {"while", CL_SUBORD}, {"whereas", CL_SUBORD}, {"if", CL_SUBORD}, {"unless", CL_SUBORD},
    {"whether", CL_SUBORD}, {"as", CL_SUBORD}, {"once", CL_SUBORD},
    {"that", CL_THAT},
    {"be", CL_BE}, {"is", CL_BE}, {"am", CL_BE}, {"are", CL_BE}, {"was", CL_BE},
    {"were", CL_BE}, {"been", CL_BE}, {"being", CL_BE},
    {"have", CL_HAVE}, {"has", CL_HAVE}, {"had", CL_HAVE}, {"having", CL_HAVE},
    {"do", CL_DO}, {"does", CL_DO}, {"did", CL_DO},
    {"will", CL_MODAL}, {"would", CL_MODAL}, {"shall", CL_MODAL}, {"should", CL_MODAL},
    {"can", CL_MODAL}, {"could", CL_MODAL}, {"may", CL_MODAL}, {"might", CL_MODAL},
    {"must", CL_MODAL}, {"ll", CL_MODAL},
    {"not", CL_NEG}, {"never", CL_NEG},
    {"to", CL_TO},
    {"also", CL_ADV}, {"already", CL_ADV}, {"just", CL_ADV}, {"still", CL_ADV},
    {"even", CL_ADV}, {"only", CL_ADV}, {"then", CL_ADV}, {"now", CL_ADV},
    {"again", CL_ADV}, {"too", CL_ADV}, {"very", CL_ADV}, {"so", CL_ADV},
    {"yet", CL_ADV}, {"ever", CL_ADV}, {"soon", CL_ADV}, {"here", CL_ADV},
    {"later", CL_ADV}, {"earlier", CL_ADV}, {"recently", CL_ADV}, {"reportedly", CL_ADV},
    {"allegedly", CL_ADV}, {"previously", CL_ADV}, {"finally", CL_ADV},
};

CHR_WORDTAB_DEFINE(closed_find, closed_words)

/* The lower-case ASCII form of word token t into buf (cap bytes); its
 * length, or 0 when it is not such a word. */
static size_t lower_word(const char *text, const chr_tok *t, char *buf, size_t cap)
{
    size_t n = t->e - t->s;
    if (t->kind != T_WORD || n == 0 || n >= cap)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[t->s + i];
        if (c >= 0x80)
            return 0;
        buf[i] = chr_lower(c);
    }
    return n;
}

unsigned chr_pos_closed(const char *text, const chr_tok *t)
{
    if (t->kind != T_WORD)
        return CL_NONE;
    int k = closed_find_ci(text + t->s, t->e - t->s);
    return k < 0 ? CL_NONE : closed_words[k].cl;
}

/* What the readings of a form allow, in eight bytes: kept beside each
 * word where the tagger looks at it again and again. */
typedef struct wsum {
    uint8_t pos;               /* CHR_POS_* of any reading */
    uint8_t vforms;            /* verb forms of any verb reading */
    uint8_t vfreq, nfreq, afreq;   /* the highest priors of each */
    uint8_t dverb, dnoun;      /* the first verb / noun reading, counted
                                  from the first reading; NO_READING: none */
    uint8_t cl;                /* the word's closed class */
} wsum;
#define NO_READING 0xFF

static wsum summarize(const chr_word *w, unsigned cl)
{
    wsum s = {0, 0, 0, 0, 0, NO_READING, NO_READING, (uint8_t)cl};
    for (uint8_t d = 0; w != NULL && d < NO_READING; w = chr_words_next(w), d++) {
        s.pos |= w->pos;
        if (w->verb_lemma) {
            s.vforms |= w->forms & (CHR_WF_BASE | CHR_WF_3SG | CHR_WF_PAST | CHR_WF_PART |
                                    CHR_WF_ING);
            if (s.dverb == NO_READING)
                s.dverb = d;
            if (w->verb_freq > s.vfreq)
                s.vfreq = w->verb_freq;
        }
        if (w->noun_lemma) {
            if (s.dnoun == NO_READING)
                s.dnoun = d;
            if (w->noun_freq > s.nfreq)
                s.nfreq = w->noun_freq;
        }
        if (w->adj_freq > s.afreq)
            s.afreq = w->adj_freq;
    }
    return s;
}

/* The last lookups of this thread, by word: a text repeats its words, and
 * this table stays in the caches where the word tables do not.  A slot
 * holds all the tagger asks of a word of up to 16 bytes, its closed class
 * and its WordNet readings with their summary, so a word costs one probe
 * here however often it is asked about.  16,384 slots of 32 bytes miss
 * about one word in 25 of news text (4,096 missed one in ten). */
#define MEMO_SLOTS 16384u
#define MEMO_LEN 16
typedef struct memo {
    uint64_t k[2];              /* the word in lower case, NUL-padded
                                   (all zero: empty; no word is) */
    const chr_word *r;          /* chr_words_find of the word */
    wsum s;                     /* summarize(r) and the closed class */
} memo;
static _Thread_local memo memos[MEMO_SLOTS];

#define ONES 0x0101010101010101ULL
/* The bytes of a key of n bytes (0 to 16): its two words' masks. */
#define M(n) ((n) >= 8 ? ~0ULL : (1ULL << (8 * (n) % 64)) - 1)
static const uint64_t key_mask[17][2] = {
    {M(0), 0}, {M(1), 0}, {M(2), 0}, {M(3), 0}, {M(4), 0}, {M(5), 0}, {M(6), 0}, {M(7), 0},
    {M(8), 0}, {M(8), M(1)}, {M(8), M(2)}, {M(8), M(3)}, {M(8), M(4)}, {M(8), M(5)},
    {M(8), M(6)}, {M(8), M(7)}, {M(8), M(8)}};
#undef M

/* The key of word token t, of ASCII letters, 1 to MEMO_LEN bytes: its
 * bytes in lower case, NUL-padded, into k; its length, or 0 for any other
 * token.  The text may be read up to end (at most its length): words that
 * far from it are read eight bytes at a time, on little-endian machines. */
static inline size_t word_key(const char *text, size_t end, const chr_tok *t, uint64_t k[2])
{
    size_t n = t->e - t->s;
    if (t->kind != T_WORD || n == 0 || n > MEMO_LEN)
        return 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (t->s + 16 <= end) {
        memcpy(k, text + t->s, 2 * sizeof *k);
        k[0] &= key_mask[n][0];
        k[1] &= key_mask[n][1];
    } else
#endif
    {
        unsigned char w[MEMO_LEN] = {0};
        memcpy(w, text + t->s, n);
        memcpy(k, w, 2 * sizeof *k);
    }
    (void)end;
    if ((k[0] | k[1]) & 0x80 * ONES)
        return 0;
    /* a word token's bytes are letters: setting bit 5 lowers each, and
     * the padding has none to set */
    k[0] |= 0x20 * ONES & key_mask[n][0];
    k[1] |= 0x20 * ONES & key_mask[n][1];
    return n;
}

static inline memo *memo_slot(const uint64_t k[2])
{
    uint64_t h = k[0] * 0x9E3779B97F4A7C15ULL ^ k[1] * 0xC2B2AE3D27D4EB4FULL;
    return &memos[(h >> 40) & (MEMO_SLOTS - 1)];
}

/* A word's key (word_key) and its length, 0 when it has none. */
typedef struct wkey {
    uint64_t k[2];
    size_t n;
} wkey;

/* The slot of the word of key w (n > 0), filled if it held another. */
static const memo *memo_fill(const wkey *w)
{
    memo *m = memo_slot(w->k);
    if (m->k[0] == w->k[0] && m->k[1] == w->k[1])
        return m;
    char s[MEMO_LEN + 1];
    memcpy(s, w->k, MEMO_LEN);
    int c = closed_find(s, w->n);
    m->r = chr_words_find(s, w->n);
    m->s = summarize(m->r, c < 0 ? CL_NONE : closed_words[c].cl);
    m->k[0] = w->k[0];
    m->k[1] = w->k[1];
    return m;
}

const chr_word *chr_pos_word(const char *text, const chr_tok *t)
{
    wkey k;
    if ((k.n = word_key(text, 0, t, k.k)) > 0)
        return memo_fill(&k)->r;
    char w[64];
    size_t n = lower_word(text, t, w, sizeof w);
    return n > 0 ? chr_words_find(w, n) : NULL;
}

/* Per token of the text: its WordNet readings (NULL for function words
 * other than be, have and do), their summary, its closed class. */
typedef struct lexcache {
    const chr_word **w;
    wsum *sum;
    uint8_t *cl;
    wkey *key;             /* the word's key, if it has one */
    int titled;            /* the sentence being tagged is in title case */
} lexcache;

/* Everything the readings of a form allow. */
typedef struct choice {
    unsigned pos;          /* CHR_POS_* of any reading */
    unsigned vforms;       /* verb forms of any verb reading */
    const chr_word *w;     /* the first reading */
    unsigned dverb, dnoun; /* the first verb / noun reading after it
                              (NO_READING: none) */
    int vfreq, nfreq, afreq;
} choice;

/* The choice of the word at token i, from its summary. */
static void readings(const lexcache *lc, size_t i, choice *c)
{
    const wsum *s = &lc->sum[i];
    *c = (choice){s->pos, s->vforms, lc->w[i], s->dverb, s->dnoun, s->vfreq, s->nfreq, s->afreq};
}

/* The word before i in the sentence, skipping adverbs and negation (as in
 * "has not yet decided", "will also open"); a, or SIZE_MAX, at the start. */
static size_t governor(const chr_wtag *o, size_t a, size_t i)
{
    size_t j = i;
    while (j > a) {
        j--;
        if (o[j].tag != PT_ADV && o[j].tag != PT_NEG)
            return j;
    }
    return (size_t)-1;
}

/* The word before a time phrase ("next week", "this month", "today":
 * nouns of WordNet's noun.time with their determiners and adjectives)
 * that ends right before i, or -1 when there is none. */
static size_t past_time_phrase(const chr_wtag *o, size_t a, size_t i)
{
    size_t j = i;
    if (j == a || o[j - 1].tag != PT_NOUN || o[j - 1].w == NULL ||
        o[j - 1].w->noun_lex != CHR_LEX_NOUN_TIME)
        return (size_t)-1;
    j--;
    while (j > a && (o[j - 1].tag == PT_ADJ || o[j - 1].tag == PT_DET || o[j - 1].tag == PT_ADV))
        j--;
    return j > a ? j - 1 : (size_t)-1;
}

/* The table's readings and the closed class of every token of the text,
 * looked up once (the tagger looks at words ahead of the one it tags). */
/* Can the next open word after i (skipping adverbs and negation) be a
 * verb of one of the forms? */
static int verb_follows(const lexcache *lc, const char *text, const chr_tok *t, size_t i, size_t b,
                        unsigned forms)
{
    for (size_t j = i + 1, k = 0; j < b && k < 4; j++, k++) {
        unsigned cl = lc->cl[j];
        if (cl == CL_NEG || cl == CL_ADV)
            continue;
        const chr_word *w = lc->w[j];
        if (w == NULL) {
            /* an adverb WordNet lacks ("has reportedly ...") */
            size_t n = t[j].e - t[j].s;
            if (t[j].kind == T_WORD && n > 4 && text[t[j].e - 2] == 'l' && text[t[j].e - 1] == 'y')
                continue;
            return 0;
        }
        choice c;
        readings(lc, j, &c);
        if ((c.pos & CHR_POS_ADV) && !(c.pos & CHR_POS_VERB))
            continue;
        return (c.vforms & forms) != 0;
    }
    return 0;
}

/* Can the word at j be a verb in the past tense? */
static int past_follows(const lexcache *lc, size_t j)
{
    if (lc->w[j] == NULL)
        return 0;
    choice c;
    readings(lc, j, &c);
    return (c.vforms & CHR_WF_PAST) != 0;
}

static void set_verb(chr_wtag *o, const choice *c, unsigned form)
{
    o->tag = PT_VERB;
    o->w = c->dverb == NO_READING ? NULL : c->w + c->dverb;
    o->form = (uint8_t)form;
}

static void set_noun(chr_wtag *o, const choice *c)
{
    o->tag = PT_NOUN;
    o->w = c->dnoun != NO_READING ? c->w + c->dnoun : o->w;
    o->form = 0;
}

/* The finite form a verb reading shows, preferring the past. */
static unsigned finite_form(unsigned vforms)
{
    return vforms & CHR_WF_PAST ? CHR_WF_PAST : vforms & CHR_WF_3SG ? CHR_WF_3SG : CHR_WF_BASE;
}

/* An open-class word with several readings, by what governs it. */
/* Is the noun phrase ending at g the object of a preposition ("from 5G",
 * "in the city")?  Its words back to the first that is no part of it. */
static int np_in_pp(const chr_wtag *o, size_t a, size_t g)
{
    for (size_t k = g; k > a; k--) {
        unsigned tg = o[k - 1].tag;
        if (tg == PT_PREP)
            return 1;
        if (tg != PT_PROPN && tg != PT_NUM && tg != PT_ADJ && tg != PT_NOUN && tg != PT_DET &&
            tg != PT_POSS && tg != PT_NONE)
            return 0;
        if (tg == PT_NONE && o[k - 1].closed != CL_NONE)
            return 0;
    }
    return 0;
}

static void decide(const lexcache *lc, const char *text, const chr_tok *t, chr_wtag *o, size_t a,
                   size_t b,
                   size_t i, const choice *c)
{
    int can_v = (c->pos & CHR_POS_VERB) != 0, can_n = (c->pos & CHR_POS_NOUN) != 0;
    int can_a = (c->pos & CHR_POS_ADJ) != 0;
    size_t g = governor(o, a, i);
    unsigned gt = g == (size_t)-1 ? PT_NONE : o[g].tag;
    unsigned gc = g == (size_t)-1 ? CL_NONE : o[g].closed;
    /* "will next week urge": a time phrase between a modal and its verb */
    size_t gm = past_time_phrase(o, a, i);
    if (can_v && gm != (size_t)-1 && o[gm].tag == PT_MODAL && (c->vforms & CHR_WF_BASE)) {
        set_verb(&o[i], c, CHR_WF_BASE);
        return;
    }
    if (can_v && (gt == PT_MODAL || gt == PT_TO || (gt == PT_AUX && gc == CL_DO)) &&
        (c->vforms & CHR_WF_BASE)) {
        set_verb(&o[i], c, CHR_WF_BASE);
        return;
    }
    if (can_v && gt == PT_AUX && gc == CL_HAVE && (c->vforms & CHR_WF_PART)) {
        set_verb(&o[i], c, CHR_WF_PART);
        return;
    }
    if (gt == PT_AUX && gc == CL_BE && can_v && (c->vforms & (CHR_WF_PART | CHR_WF_ING))) {
        set_verb(&o[i], c, c->vforms & CHR_WF_PART ? CHR_WF_PART : CHR_WF_ING);
        return;
    }
    if (gt == PT_COPULA) {
        if (can_a)
            o[i].tag = PT_ADJ;
        else
            set_noun(&o[i], c);
        return;
    }
    /* "the firm plans to open", "Acme wants to sell": a finite verb before
     * "to" and a verb, after a noun phrase (whose last word is then a
     * noun, not an adjective) */
    if (can_v && (c->vforms & (CHR_WF_3SG | CHR_WF_PAST)) && g != (size_t)-1 && g + 1 == i &&
        (gt == PT_ADJ || gt == PT_NOUN || gt == PT_PROPN) && i + 2 < b &&
        lc->cl[i + 1] == CL_TO && verb_follows(lc, text, t, i + 1, b, CHR_WF_BASE) &&
        !np_in_pp(o, a, g)) {
        set_verb(&o[i], c, c->vforms & CHR_WF_3SG ? CHR_WF_3SG : CHR_WF_PAST);
        if (gt == PT_ADJ && o[g].w != NULL && (o[g].w->pos & CHR_POS_NOUN))
            o[g].tag = PT_NOUN;
        return;
    }
    /* after a determiner, a possessive, a number or an adjective: a noun,
     * or an adjective (or participle) before one */
    if (gt == PT_DET || gt == PT_NUM || gt == PT_ADJ || gt == PT_POSS ||
        (g != (size_t)-1 && g + 1 == i && gt == PT_NOUN && can_n && !(c->vforms & CHR_WF_3SG) &&
         !(c->vforms & CHR_WF_PAST))) {
        /* the next word's first reading a noun, read from its summary
         * (dnoun 0), not from its record */
        int noun_next = i + 1 < b && lc->w[i + 1] != NULL && lc->sum[i + 1].dnoun == 0 &&
                        !t[i + 1].cap;
        if ((can_a || (c->vforms & (CHR_WF_PART | CHR_WF_ING))) && noun_next && (!can_n || can_a))
            o[i].tag = PT_ADJ;
        else if (can_n)
            set_noun(&o[i], c);
        else if (can_a)
            o[i].tag = PT_ADJ;
        else
            set_verb(&o[i], c, c->vforms & CHR_WF_PART ? CHR_WF_PART : CHR_WF_ING);
        return;
    }
    /* after a preposition: a gerund, or a noun */
    if (gt == PT_PREP) {
        if (can_v && (c->vforms & CHR_WF_ING))
            set_verb(&o[i], c, CHR_WF_ING);
        else if (can_n)
            set_noun(&o[i], c);
        else if (can_a)
            o[i].tag = PT_ADJ;
        else
            set_verb(&o[i], c, finite_form(c->vforms));
        return;
    }
    /* after a subject (a pronoun, a name, a noun, "who"): a finite verb;
     * not after the noun phrase of a preposition ("from 5G networks") */
    if (can_v && (gt == PT_PRON || gt == PT_PROPN || gt == PT_NOUN) && !np_in_pp(o, a, g) &&
        (c->vforms & (CHR_WF_PAST | CHR_WF_3SG | CHR_WF_BASE | CHR_WF_ING)) &&
        !(gt == PT_PRON && gc == CL_PRON)) {
        unsigned f = c->vforms & CHR_WF_PAST ? CHR_WF_PAST
                     : c->vforms & CHR_WF_3SG ? CHR_WF_3SG
                     : c->vforms & CHR_WF_BASE ? CHR_WF_BASE : CHR_WF_ING;
        /* a plural noun then a base form is a noun compound more often
         * than not ("bank loans"), unless the form is only a verb */
        if (f == CHR_WF_BASE && gt == PT_NOUN && can_n && c->nfreq >= c->vfreq)
            set_noun(&o[i], c);
        /* a plural noun then a past form: "fighter jets crashed", "Acme
         * shares fell" -- the plural is the subject's head */
        else if (f == CHR_WF_3SG && can_n && i + 1 < b && !t[i + 1].cap &&
                 lc->cl[i + 1] == CL_NONE && past_follows(lc, i + 1))
            set_noun(&o[i], c);
        else
            set_verb(&o[i], c, f);
        return;
    }
    /* nothing in the context: what the word mostly is */
    if (can_v && (!can_n || c->vfreq > c->nfreq + 1 ||
                  ((c->vforms & (CHR_WF_PAST | CHR_WF_PART)) && c->vfreq >= c->nfreq)))
        set_verb(&o[i], c, finite_form(c->vforms));
    else if (can_n && (!can_a || c->nfreq >= c->afreq))
        set_noun(&o[i], c);
    else if (can_a)
        o[i].tag = PT_ADJ;
    else if (c->pos & CHR_POS_ADV)
        o[i].tag = PT_ADV;
    else
        set_verb(&o[i], c, finite_form(c->vforms));
}

/* be, have, do: a helper when a verb of the right form follows. */
static unsigned aux_tag(const lexcache *lc, const char *text, const chr_tok *t, size_t i, size_t b,
                        unsigned cl)
{
    if (cl == CL_BE)
        return verb_follows(lc, text, t, i, b, CHR_WF_PART | CHR_WF_ING) ? PT_AUX : PT_COPULA;
    if (cl == CL_HAVE)
        return verb_follows(lc, text, t, i, b, CHR_WF_PART) ? PT_AUX : PT_VERB;
    return verb_follows(lc, text, t, i, b, CHR_WF_BASE) ? PT_AUX : PT_VERB;
}

static unsigned closed_tag(const lexcache *lc, const char *text, const chr_tok *t, size_t i, size_t b,
                           unsigned cl)
{
    switch (cl) {
    case CL_DET:
    case CL_POSSDET:
        return PT_DET;
    case CL_PRON:
    case CL_SUBJ:
    case CL_WH:
        return PT_PRON;
    case CL_PREP:
        return PT_PREP;
    case CL_CONJ:
    case CL_SUBORD:
    case CL_THAT:
        return PT_CONJ;
    case CL_BE:
    case CL_HAVE:
    case CL_DO:
        return aux_tag(lc, text, t, i, b, cl);
    case CL_MODAL:
        return PT_MODAL;
    case CL_NEG:
        return PT_NEG;
    case CL_TO:
        return verb_follows(lc, text, t, i, b, CHR_WF_BASE) ? PT_TO : PT_PREP;
    case CL_ADV:
        return PT_ADV;
    default:
        return PT_NONE;
    }
}

/* The helper of a contraction with "n't" ("don", "wasn", "won" before
 * "'t"): its closed class, or CL_NONE. */
static unsigned contraction(const char *text, const chr_tok *t, size_t i, size_t b)
{
    if (!(i + 2 < b && t[i + 1].kind == T_PUNCT && t[i + 1].val == '\'' && t[i + 1].adj &&
          t[i + 2].adj && chr_tok_is(text, &t[i + 2], "t")))
        return CL_NONE;
    if (chr_tok_is(text, &t[i], "won") || chr_tok_is(text, &t[i], "can"))
        return CL_MODAL;
    size_t n = t[i].e - t[i].s;
    if (n < 3 || chr_lower((unsigned char)text[t[i].e - 1]) != 'n')
        return CL_NONE;
    chr_tok stem = t[i];
    stem.e--;
    unsigned cl = chr_pos_closed(text, &stem);
    return cl == CL_BE || cl == CL_HAVE || cl == CL_DO || cl == CL_MODAL ? cl : CL_NONE;
}

/* Is word token i a name: capitalised inside its sentence, or at its
 * start with more capitalised words after it? */
/* Names a document writes capitalised inside its sentences ("Steve
 * Jobs"), so that the same word opening a sentence ("Jobs announced")
 * reads as a name too: a set of hashes of lower-cased words. */
#define NAME_SLOTS 2048u
typedef struct names {
    uint64_t h[NAME_SLOTS];      /* 0: empty */
    size_t n;
} names;

/* The hash of the word at token i, the same wherever it is written and
 * in whatever case: a word with a key by it, any other byte by byte. */
static uint64_t word_hash(const lexcache *lc, const char *text, const chr_tok *t, size_t i)
{
    const wkey *w = &lc->key[i];
    if (w->n > 0)
        return (w->k[0] * 0x9E3779B97F4A7C15ULL ^ w->k[1] * 0xC2B2AE3D27D4EB4FULL ^ w->n) | 1;
    t += i;
    uint64_t h = 0xcbf29ce484222325ULL;
    for (uint32_t b = t->s; b < t->e; b++)
        h = (h ^ (unsigned char)chr_lower((unsigned char)text[b])) * 0x100000001b3ULL;
    return h | 1;
}

static int names_has(const names *ns, uint64_t h)
{
    for (size_t k = h % NAME_SLOTS, probe = 0; probe < NAME_SLOTS; k = (k + 1) % NAME_SLOTS, probe++) {
        if (ns->h[k] == h)
            return 1;
        if (ns->h[k] == 0)
            return 0;
    }
    return 0;
}

static void names_add(names *ns, uint64_t h)
{
    if (ns->n >= NAME_SLOTS / 2 || names_has(ns, h))
        return;
    size_t k = h % NAME_SLOTS;
    while (ns->h[k] != 0)
        k = (k + 1) % NAME_SLOTS;
    ns->h[k] = h;
    ns->n++;
}

/* Is the sentence [a, b) in title case ("Apple Unveils New MacBook")?
 * Its capitals then say nothing of names. */
static int title_case(const chr_tok *t, size_t a, size_t b)
{
    size_t words = 0, caps = 0;
    for (size_t i = a; i < b; i++) {
        /* counted without a branch: the kinds of words come as they come */
        unsigned w = (t[i].kind == T_WORD) & (t[i].e - t[i].s > 3);
        words += w;
        caps += w & t[i].cap;
    }
    return words >= 3 && caps * 4 >= words * 3;
}

/* Does a capital at i begin a sentence, a quotation, a line or the value
 * of a field ("Title<TAB>Meeting with ...")? */
static int opening_capital(const char *text, const chr_tok *t, size_t a, size_t i)
{
    return i == a || t[i].nl || (t[i].s > 0 && text[t[i].s - 1] == '\t') ||
           (t[i - 1].kind == T_PUNCT && (t[i - 1].val == '"' || t[i - 1].val == '(' ||
                                        t[i - 1].val == ':' || t[i - 1].s + 3 == t[i - 1].e));
}

static int is_name(const lexcache *lc, const char *text, const chr_tok *t, size_t a, size_t b,
                   size_t i,
                   unsigned cl, const names *ns, int titled)
{
    if (!t[i].cap)
        return 0;
    if (names_has(ns, word_hash(lc, text, t, i)))
        return 1;
    if (!titled && !opening_capital(text, t, a, i))
        return cl == CL_NONE;
    /* sentence start (or a title): "Acme recalls ...", but "Police said" */
    if (cl != CL_NONE)
        return 0;
    const chr_word *w = lc->w[i];
    return w == NULL || (w->flags & CHR_WF_PROPER) ||
           (!titled && i + 1 < b && t[i + 1].kind == T_WORD && t[i + 1].cap);
}

static void tag_sentence(const lexcache *lc, const char *text, const chr_tok *t, size_t a, size_t b,
                         chr_wtag *o,
                         const names *ns)
{
    int titled = lc->titled;
    for (size_t i = a; i < b; i++) {
        memset(&o[i], 0, sizeof o[i]);
        o[i].sent_start = i == a;
        /* "A320", "G7", "F-16", "COVID-19": a code or model is one name
         * (a common noun when written in lower case: "mp3") */
        int capital;
        size_t ce = chr_tok_code(text, t, i, b, &capital);
        if (ce > i) {
            for (size_t k = i; k < ce; k++) {
                memset(&o[k], 0, sizeof o[k]);
                o[k].sent_start = k == a;
                o[k].tag = capital ? PT_PROPN : PT_NOUN;
            }
            i = ce - 1;
            continue;
        }
        if (t[i].kind == T_NUM) {
            o[i].tag = PT_NUM;
            continue;
        }
        if (t[i].kind != T_WORD)
            continue;
        if (t[i].cls == C_NUMW) {
            o[i].tag = PT_NUM;
            continue;
        }
        /* the 's of a possessive */
        if (i > a && t[i].adj && t[i - 1].kind == T_PUNCT && t[i - 1].val == '\'' &&
            chr_tok_is(text, &t[i], "s")) {
            o[i].tag = PT_POSS;
            continue;
        }
        /* "n't" */
        if (chr_tok_is(text, &t[i], "t") && i > a && chr_tok_apostrophe(text, &t[i - 1]) &&
            t[i].adj) {
            o[i].tag = PT_NEG;
            continue;
        }
        /* "AT&T": capitals joined by "&" are a name */
        if (t[i].cap && ((i + 2 < b && t[i + 1].kind == T_PUNCT && t[i + 1].val == '&' &&
                          t[i + 1].adj && t[i + 2].adj && t[i + 2].cap) ||
                         (i >= a + 2 && t[i - 1].kind == T_PUNCT && t[i - 1].val == '&' &&
                          t[i].adj && t[i - 1].adj && t[i - 2].cap))) {
            o[i].tag = PT_PROPN;
            continue;
        }
        unsigned cl = contraction(text, t, i, b);
        if (cl == CL_NONE)
            cl = lc->cl[i];
        /* "in May", "May 3", "Theresa May": a capitalised "May" inside a
         * sentence, or before a number, is the month or a name */
        if (cl == CL_MODAL && t[i].cap && t[i].cls == C_MONTH &&
            (!opening_capital(text, t, a, i) || (i + 1 < b && t[i + 1].kind == T_NUM))) {
            o[i].tag = i > a && o[i - 1].tag == PT_PROPN ? PT_PROPN : PT_NOUN;
            continue;
        }
        o[i].closed = (uint8_t)cl;
        if (is_name(lc, text, t, a, b, i, cl, ns, titled)) {
            o[i].tag = PT_PROPN;
            continue;
        }
        if (cl != CL_NONE) {
            o[i].tag = (uint8_t)closed_tag(lc, text, t, i, b, cl);
            if (o[i].tag == PT_VERB || o[i].tag == PT_COPULA) {
                o[i].w = lc->w[i];
                o[i].form = o[i].w ? (uint8_t)finite_form(o[i].w->forms) : CHR_WF_BASE;
            }
            continue;
        }
        const chr_word *w = lc->w[i];
        o[i].w = w;
        if (w == NULL) {
            size_t n = t[i].e - t[i].s;
            const char *e = text + t[i].e;
            o[i].tag = n > 4 && e[-2] == 'l' && e[-1] == 'y' ? PT_ADV : t[i].cap ? PT_PROPN
                                                                                 : PT_NOUN;
            continue;
        }
        choice c;
        readings(lc, i, &c);
        /* "San Francisco-based", "state-owned": an adjective */
        if (i > a && t[i].adj && t[i - 1].kind == T_PUNCT && t[i - 1].val == '-' &&
            (c.vforms & (CHR_WF_PART | CHR_WF_ING)) && i >= a + 2 && t[i - 2].kind != T_PUNCT) {
            o[i].tag = PT_ADJ;
            continue;
        }
        decide(lc, text, t, o, a, b, i, &c);
    }
}

int chr_pos_tag(const char *text, const chr_toks *tv, const size_t *sentences, size_t n,
                chr_wtag *out)
{
    size_t nt = tv->n ? tv->n : 1;
    lexcache lc = {calloc(nt, sizeof *lc.w), malloc(nt * sizeof *lc.sum), calloc(nt, 1),
                   malloc(nt * sizeof *lc.key)};
    names *ns = calloc(1, sizeof *ns);
    unsigned char *titled = malloc(n ? n : 1);
    if (lc.w == NULL || lc.sum == NULL || lc.cl == NULL || lc.key == NULL || ns == NULL ||
        titled == NULL) {
        free(lc.w);
        free(lc.sum);
        free(lc.cl);
        free(lc.key);
        free(ns);
        free(titled);
        return CHR_ENOMEM;
    }
    /* no token ends past the text */
    size_t end = tv->n ? tv->t[tv->n - 1].e : 0;
    /* the words' keys first, each slot asked for as its key is made, so
     * that it comes into the cache while the others are */
    for (size_t i = 0; i < tv->n; i++)
        if ((lc.key[i].n = word_key(text, end, &tv->t[i], lc.key[i].k)) > 0)
            __builtin_prefetch(memo_slot(lc.key[i].k));
    for (size_t i = 0; i < tv->n; i++)
        if (tv->t[i].kind == T_WORD) {
            const memo *m = lc.key[i].n > 0 ? memo_fill(&lc.key[i]) : NULL;
            unsigned cl = m != NULL ? m->s.cl : chr_pos_closed(text, &tv->t[i]);
            lc.cl[i] = (uint8_t)cl;
            /* function words are not in WordNet; be, have and do are, as
             * the verbs they can be */
            unsigned open = (1u << CL_NONE | 1u << CL_BE | 1u << CL_HAVE | 1u << CL_DO) >> cl & 1;
            if (m != NULL) {
                /* no branch on the class: the words come as they come */
                lc.w[i] = open ? m->r : NULL;
                lc.sum[i] = m->s;
            } else if (open) {
                lc.w[i] = chr_pos_word(text, &tv->t[i]);
                lc.sum[i] = summarize(lc.w[i], cl);
            }
        }
    /* which sentences are in title case, asked once */
    for (size_t s = 0; s < n; s++) {
        size_t a = sentences[s], b = s + 1 < n ? sentences[s + 1] : tv->n;
        titled[s] = a < b && b <= tv->n && title_case(tv->t, a, b);
    }
    if (ns != NULL)
        for (size_t s = 0; s < n; s++) {
            size_t a = sentences[s], b = s + 1 < n ? sentences[s + 1] : tv->n;
            if (a >= b || b > tv->n || titled[s])
                continue;
            for (size_t i = a; i < b; i++)
                if (tv->t[i].kind == T_WORD && tv->t[i].cap && !opening_capital(text, tv->t, a, i) &&
                    lc.cl[i] == CL_NONE)
                    names_add(ns, word_hash(&lc, text, tv->t, i));
        }
    for (size_t s = 0; s < n; s++) {
        size_t a = sentences[s], b = s + 1 < n ? sentences[s + 1] : tv->n;
        lc.titled = titled[s];
        if (a < b && b <= tv->n)
            tag_sentence(&lc, text, tv->t, a, b, out, ns);
    }
    free(titled);
    free(ns);
    free(lc.w);
    free(lc.sum);
    free(lc.cl);
    free(lc.key);
    return 0;
}
