/* words.c - lookups in the generated word table (layout: words_int.h).
 *
 * The generated data are integers and one string pool, so they need no
 * relocations and cost nothing until used; the lookup index (bucket
 * starts, form offsets) is generated with them.  A form's chr_word
 * records are unpacked the first time it is found, under a lock, as the
 * extractor runs on worker threads.  A lookup hashes
 * the word, and compares it with the forms of one bucket (about 1.3 on
 * average). */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "chronicle/words.h"
#include "lex/words_int.h"

static pthread_once_t phrases_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t unpack_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const lexnames[] = {
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal",
    "noun.artifact", "noun.attribute", "noun.body", "noun.cognition",
    "noun.communication", "noun.event", "noun.feeling", "noun.food",
    "noun.group", "noun.location", "noun.motive", "noun.object",
    "noun.person", "noun.phenomenon", "noun.plant", "noun.possession",
    "noun.process", "noun.quantity", "noun.relation", "noun.shape",
    "noun.state", "noun.substance", "noun.time", "verb.body", "verb.change",
    "verb.cognition", "verb.communication", "verb.competition",
    "verb.consumption", "verb.contact", "verb.creation", "verb.emotion",
    "verb.motion", "verb.perception", "verb.possession", "verb.social",
    "verb.stative", "verb.weather", "adj.ppl",
};

static const char *const meanings[CHR_MEANING_COUNT] = {
    "none", "meeting", "ban", "opening", "law", "arrest", "legal_action",
    "report", "statement", "policy",
};

#define GET CHR_WG_GET

static void fill_verb(chr_word *w, unsigned k)
{
    uint64_t x = chr_wg_verbs[k];
    w->verb_lemma = chr_wg_pool + GET(x, CHR_WG_LM_OFF, 24);
    w->pos |= CHR_POS_VERB;
    w->verb_lex = (uint8_t)GET(x, CHR_WG_LM_LEX, 6);
    w->verb_freq = (uint8_t)GET(x, CHR_WG_LM_FREQ, 4);
    w->meaning = (uint8_t)GET(x, CHR_WG_LM_MEANING, 4);
    if (GET(x, CHR_WG_LM_FLAG1, 1))
        w->flags |= CHR_WF_STATIVE;
    if (GET(x, CHR_WG_LM_NPHR, 10))
        w->flags |= CHR_WF_PHRASES;
}

static void fill_noun(chr_word *w, unsigned k)
{
    uint64_t x = chr_wg_nouns[k];
    w->noun_lemma = chr_wg_pool + GET(x, CHR_WG_LM_OFF, 24);
    w->pos |= CHR_POS_NOUN;
    w->noun_lex = (uint8_t)GET(x, CHR_WG_LM_LEX, 6);
    w->noun_freq = (uint8_t)GET(x, CHR_WG_LM_FREQ, 4);
    w->noun_meaning = (uint8_t)GET(x, CHR_WG_LM_MEANING, 4);
    if (GET(x, CHR_WG_LM_FLAG1, 1))
        w->flags |= CHR_WF_EVENT_NOUN;
    if (GET(x, CHR_WG_LM_FLAG2, 1))
        w->flags |= CHR_WF_PROPER;
}

/* Reading i's record from its packed form. */
static void unpack_reading(uint32_t i)
{
    uint64_t x = chr_wg_rd[i];
    unsigned v = GET(x, CHR_WG_RD_VERB, 14), n = GET(x, CHR_WG_RD_NOUN, 16);
    chr_word *w = &chr_wg_words[i];
    memset(w, 0, sizeof *w);
    w->forms = (uint8_t)GET(x, CHR_WG_RD_FORMS, 6);
    w->pos = (uint8_t)((GET(x, CHR_WG_RD_ADJ, 1) ? CHR_POS_ADJ : 0) |
                       (GET(x, CHR_WG_RD_ADV, 1) ? CHR_POS_ADV : 0));
    w->adj_freq = (uint8_t)GET(x, CHR_WG_RD_ADJFREQ, 4);
    w->adv_freq = (uint8_t)GET(x, CHR_WG_RD_ADVFREQ, 4);
    w->noun_lex = w->verb_lex = (uint8_t)CHR_LEX_NONE;
    if (GET(x, CHR_WG_RD_MORE, 1))
        w->flags |= CHR_WF_MORE;
    if (n != 0)
        fill_noun(w, n - 1);
    if (v != 0)
        fill_verb(w, v - 1);       /* meaning: the verb's wins */
    else
        w->meaning = w->noun_meaning;
}

/* The records of the form whose first reading is i, unpacked the first
 * time it is asked for (a run looks up a few thousand of the 150,000
 * forms; unpacking them all cost every run milliseconds).  A form is
 * unpacked once, under the lock; its flag is set after its records. */
static const chr_word *form_records(uint32_t i)
{
    if (!atomic_load_explicit(&chr_wg_ready[i], memory_order_acquire)) {
        pthread_mutex_lock(&unpack_lock);
        if (!atomic_load_explicit(&chr_wg_ready[i], memory_order_relaxed)) {
            uint32_t k = i;
            do
                unpack_reading(k);
            while (GET(chr_wg_rd[k++], CHR_WG_RD_MORE, 1));
            atomic_store_explicit(&chr_wg_ready[i], 1, memory_order_release);
        }
        pthread_mutex_unlock(&unpack_lock);
    }
    return &chr_wg_words[i];
}

/* The phrase records and each verb's first phrase, once. */
static void phrases_build(void)
{
    for (uint32_t i = 0; i < chr_wg_nphrases; i++) {
        uint64_t x = chr_wg_phr[i];
        chr_wg_phrases[i].rest = chr_wg_pool + GET(x, CHR_WG_PH_OFF, 24);
        chr_wg_phrases[i].meaning = (uint8_t)GET(x, CHR_WG_PH_MEANING, 4);
        chr_wg_phrases[i].verb_lex = (uint8_t)GET(x, CHR_WG_PH_LEX, 6);
    }
    for (uint32_t k = 0, first = 0; k < chr_wg_nverbs; k++) {
        chr_wg_phrfirst[k] = first;
        first += GET(chr_wg_verbs[k], CHR_WG_LM_NPHR, 10);
    }
}

/* The index of the first reading of w, or -1. */
static long find_index(const char *w, size_t n)
{
    if (n == 0 || n > chr_wg_maxlen)
        return -1;
    uint32_t h = chr_words_hash(w, n) & (chr_wg_nbuckets - 1);
    for (uint32_t i = chr_wg_bucket[h], end = chr_wg_bucket[h + 1]; i < end; i++) {
        const char *f = chr_wg_pool + chr_wg_formoff[i];
        if (memcmp(f, w, n) == 0 && f[n] == '\0')
            return (long)i;
        while (i + 1 < end && GET(chr_wg_rd[i], CHR_WG_RD_MORE, 1))
            i++;                /* the other readings of the same form */
    }
    return -1;
}

const chr_word *chr_words_find(const char *w, size_t n)
{
    long i = find_index(w, n);
    return i < 0 ? NULL : form_records((uint32_t)i);
}

void chr_words_pos_freqs(const char *w, size_t n, unsigned freq[4])
{
    freq[0] = freq[1] = freq[2] = freq[3] = 0;
    long i = find_index(w, n);
    for (; i >= 0; i++) {
        /* as table_build reads a reading, without its record */
        uint64_t x = chr_wg_rd[i];
        unsigned v = GET(x, CHR_WG_RD_VERB, 14), nn = GET(x, CHR_WG_RD_NOUN, 16), f;
        if (nn != 0 && (f = GET(chr_wg_nouns[nn - 1], CHR_WG_LM_FREQ, 4) + 1u) > freq[0])
            freq[0] = f;
        if (v != 0 && (f = GET(chr_wg_verbs[v - 1], CHR_WG_LM_FREQ, 4) + 1u) > freq[1])
            freq[1] = f;
        if (GET(x, CHR_WG_RD_ADJ, 1) && (f = GET(x, CHR_WG_RD_ADJFREQ, 4) + 1u) > freq[2])
            freq[2] = f;
        if (GET(x, CHR_WG_RD_ADV, 1) && (f = GET(x, CHR_WG_RD_ADVFREQ, 4) + 1u) > freq[3])
            freq[3] = f;
        if (!GET(x, CHR_WG_RD_MORE, 1))
            break;
    }
}

const chr_word *chr_words_next(const chr_word *w)
{
    return w != NULL && (w->flags & CHR_WF_MORE) ? w + 1 : NULL;
}

size_t chr_words_phrases_of(const chr_word *w, const chr_phrase **out)
{
    *out = NULL;
    if (w == NULL || w->verb_lemma == NULL || !(w->flags & CHR_WF_PHRASES))
        return 0;
    /* the reading's verb is its lemma's entry, which holds the range */
    unsigned v = GET(chr_wg_rd[w - chr_wg_words], CHR_WG_RD_VERB, 14) - 1;
    pthread_once(&phrases_once, phrases_build);
    *out = &chr_wg_phrases[chr_wg_phrfirst[v]];
    return GET(chr_wg_verbs[v], CHR_WG_LM_NPHR, 10);
}

size_t chr_words_phrases(const char *verb_lemma, const chr_phrase **out)
{
    *out = NULL;
    if (verb_lemma == NULL)
        return 0;
    long i = find_index(verb_lemma, strlen(verb_lemma));
    if (i < 0)
        return 0;
    /* The reading whose verb lemma is the word itself holds the range. */
    for (const chr_word *w = form_records((uint32_t)i); w != NULL; w = chr_words_next(w)) {
        if (w->verb_lemma != NULL && strcmp(w->verb_lemma, verb_lemma) == 0)
            return chr_words_phrases_of(w, out);
    }
    return 0;
}

const char *chr_words_lexname(unsigned lex)
{
    return lex < sizeof lexnames / sizeof lexnames[0] ? lexnames[lex] : "";
}

const char *chr_words_meaning_name(unsigned meaning)
{
    return meaning < CHR_MEANING_COUNT ? meanings[meaning] : "";
}
