/*
 * event.c - event mentions: triggers, modality, event-date linking,
 * actors and titles, one sentence at a time.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/analysis.h"
#include "chronicle/event.h"
#include "lex/lex_int.h"
#include "base/text_int.h"
#include "base/wordtab_int.h"

/* ---- mentions and lists ------------------------------------------------ */

void chr_mention_clear(chr_mention *m)
{
    if (m == NULL)
        return;
    free(m->doc);
    free(m->sentence);
    free(m->title);
    free(m->trigger);
    free(m->date_text);
    for (size_t i = 0; i < m->nactors; i++)
        free(m->actors[i]);
    free(m->actors);
    memset(m, 0, sizeof *m);
}

static char *dup_or_null(const char *s, int *fail)
{
    if (s == NULL)
        return NULL;
    char *d = strdup(s);
    if (d == NULL)
        *fail = 1;
    return d;
}

int chr_mention_copy(chr_mention *dst, const chr_mention *src)
{
    int fail = 0;
    *dst = *src;
    dst->doc = dup_or_null(src->doc, &fail);
    dst->sentence = dup_or_null(src->sentence, &fail);
    dst->title = dup_or_null(src->title, &fail);
    dst->trigger = dup_or_null(src->trigger, &fail);
    dst->date_text = dup_or_null(src->date_text, &fail);
    dst->actors = NULL;
    dst->nactors = 0;
    if (src->nactors) {
        dst->actors = calloc(src->nactors, sizeof *dst->actors);
        if (dst->actors == NULL)
            fail = 1;
        else {
            dst->nactors = src->nactors;
            for (size_t i = 0; i < src->nactors; i++)
                dst->actors[i] = dup_or_null(src->actors[i], &fail);
        }
    }
    if (fail) {
        chr_mention_clear(dst);
        return CHR_ENOMEM;
    }
    return 0;
}

int chr_mention_list_push(chr_mention_list *l, chr_mention *m)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        chr_mention *n = realloc(l->items, cap * sizeof *n);
        if (n == NULL)
            return CHR_ENOMEM;
        l->items = n;
        l->cap = cap;
    }
    l->items[l->count++] = *m;
    memset(m, 0, sizeof *m);
    return 0;
}

void chr_mention_list_free(chr_mention_list *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->count; i++)
        chr_mention_clear(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->count = l->cap = 0;
}

static const char *const type_names[CHR_EV_NTYPES] = {
    "meeting", "ban", "opening", "law", "arrest", "legal_action", "report",
    "statement", "policy", "other"};

const char *chr_event_type_name(chr_event_type t)
{
    return (unsigned)t < CHR_EV_NTYPES ? type_names[t] : "other";
}

int chr_event_type_parse(const char *s, size_t len, chr_event_type *out)
{
    for (int i = 0; i < CHR_EV_NTYPES; i++)
        if (strlen(type_names[i]) == len && memcmp(type_names[i], s, len) == 0) {
            *out = (chr_event_type)i;
            return 0;
        }
    return CHR_EINVAL;
}

const char *chr_modality_name(chr_modality m)
{
    return m == CHR_PLANNED ? "planned" : "occurred";
}

/* ---- triggers ---------------------------------------------------------- */

/*
 * Trigger words by type.  Weight 2: a verb or a noun that names the event
 * itself; weight 1: a weaker cue.  The "next" field makes two-word
 * triggers: the trigger fires only when the following word is next
 * ("set up", "filed charges", "executive order", "entity list").
 */
struct trig { const char *w; const char *next; uint8_t type; uint8_t weight; };

static const struct trig triggers[] = {
    {"acquired", NULL, CHR_EV_OTHER, 1}, {"adopt", NULL, CHR_EV_LAW, 2},
    {"adopted", NULL, CHR_EV_LAW, 2}, {"adoption", NULL, CHR_EV_LAW, 1},
    {"adopts", NULL, CHR_EV_LAW, 2}, {"agreed", NULL, CHR_EV_OTHER, 1},
    {"agreement", NULL, CHR_EV_OTHER, 1}, {"allowed", NULL, CHR_EV_POLICY, 1},
    {"announced", NULL, CHR_EV_STATEMENT, 2},
    {"announcement", NULL, CHR_EV_STATEMENT, 2},
    {"announces", NULL, CHR_EV_STATEMENT, 2}, {"appointed", NULL, CHR_EV_OTHER, 1},
    {"approved", NULL, CHR_EV_LAW, 1}, {"approves", NULL, CHR_EV_LAW, 1},
    {"argued", NULL, CHR_EV_STATEMENT, 1}, {"arrest", NULL, CHR_EV_ARREST, 2},
    {"arrested", NULL, CHR_EV_ARREST, 2}, {"arrests", NULL, CHR_EV_ARREST, 2},
    {"assessment", NULL, CHR_EV_REPORT, 1}, {"ban", NULL, CHR_EV_BAN, 2},
    {"banned", NULL, CHR_EV_BAN, 2}, {"banning", NULL, CHR_EV_BAN, 2},
    {"bans", NULL, CHR_EV_BAN, 2}, {"barred", NULL, CHR_EV_BAN, 2},
    {"bars", NULL, CHR_EV_BAN, 2}, {"bill", NULL, CHR_EV_LAW, 1},
    {"blacklist", NULL, CHR_EV_BAN, 2}, {"blacklisted", NULL, CHR_EV_BAN, 2},
    {"blacklisting", NULL, CHR_EV_BAN, 2}, {"blocked", NULL, CHR_EV_BAN, 1},
    {"blocks", NULL, CHR_EV_BAN, 1}, {"charged", NULL, CHR_EV_LEGAL_ACTION, 2},
    {"charges", NULL, CHR_EV_LEGAL_ACTION, 1},
    {"charging", NULL, CHR_EV_LEGAL_ACTION, 1}, {"claimed", NULL, CHR_EV_STATEMENT, 1},
    {"complaint", NULL, CHR_EV_LEGAL_ACTION, 1}, {"conference", NULL, CHR_EV_MEETING, 1},
    {"confirmed", NULL, CHR_EV_STATEMENT, 1}, {"convened", NULL, CHR_EV_MEETING, 2},
    {"convicted", NULL, CHR_EV_LEGAL_ACTION, 2}, {"criteria", NULL, CHR_EV_POLICY, 2},
    {"debate", NULL, CHR_EV_MEETING, 1}, {"decided", NULL, CHR_EV_POLICY, 2},
    {"decision", NULL, CHR_EV_POLICY, 2}, {"declaration", NULL, CHR_EV_STATEMENT, 2},
    {"declared", NULL, CHR_EV_STATEMENT, 2}, {"declares", NULL, CHR_EV_STATEMENT, 2},
    {"decree", NULL, CHR_EV_LAW, 2}, {"denied", NULL, CHR_EV_STATEMENT, 1},
    {"designated", NULL, CHR_EV_BAN, 1}, {"detained", NULL, CHR_EV_ARREST, 2},
    {"detention", NULL, CHR_EV_ARREST, 1}, {"directive", NULL, CHR_EV_LAW, 1},
    {"discussed", NULL, CHR_EV_MEETING, 1}, {"discussion", NULL, CHR_EV_MEETING, 1},
    {"discussions", NULL, CHR_EV_MEETING, 1}, {"elected", NULL, CHR_EV_OTHER, 1},
    {"embargo", NULL, CHR_EV_BAN, 2}, {"enact", NULL, CHR_EV_LAW, 2},
    {"enacted", NULL, CHR_EV_LAW, 2}, {"enacts", NULL, CHR_EV_LAW, 2},
    {"entered", NULL, CHR_EV_OTHER, 1}, {"entities", "list", CHR_EV_BAN, 2},
    {"entity", "list", CHR_EV_BAN, 2}, {"established", NULL, CHR_EV_OPENING, 2},
    {"exclude", NULL, CHR_EV_BAN, 1}, {"excluded", NULL, CHR_EV_BAN, 2},
    {"executive", "order", CHR_EV_LAW, 2}, {"extradited", NULL, CHR_EV_ARREST, 2},
    {"extradition", NULL, CHR_EV_ARREST, 1}, {"filed", "a", CHR_EV_LEGAL_ACTION, 1},
    {"filed", "charges", CHR_EV_LEGAL_ACTION, 2},
    {"filed", "suit", CHR_EV_LEGAL_ACTION, 2}, {"fined", NULL, CHR_EV_LEGAL_ACTION, 2},
    {"forbade", NULL, CHR_EV_BAN, 2}, {"founded", NULL, CHR_EV_OPENING, 2},
    {"guidance", NULL, CHR_EV_POLICY, 2}, {"guidelines", NULL, CHR_EV_POLICY, 2},
    {"halted", NULL, CHR_EV_BAN, 1}, {"hearing", NULL, CHR_EV_MEETING, 1},
    {"imposed", NULL, CHR_EV_BAN, 1}, {"imprisoned", NULL, CHR_EV_ARREST, 2},
    {"inaugurated", NULL, CHR_EV_OPENING, 2}, {"inauguration", NULL, CHR_EV_OPENING, 2},
    {"indicted", NULL, CHR_EV_LEGAL_ACTION, 2},
    {"indictment", NULL, CHR_EV_LEGAL_ACTION, 2},
    {"interview", NULL, CHR_EV_STATEMENT, 1},
    {"investigation", NULL, CHR_EV_LEGAL_ACTION, 1}, {"jailed", NULL, CHR_EV_ARREST, 2},
    {"launch", NULL, CHR_EV_OPENING, 1}, {"launched", NULL, CHR_EV_OPENING, 2},
    {"launches", NULL, CHR_EV_OPENING, 2}, {"law", NULL, CHR_EV_LAW, 1},
    {"lawsuit", NULL, CHR_EV_LEGAL_ACTION, 2}, {"legislation", NULL, CHR_EV_LAW, 1},
    {"letter", NULL, CHR_EV_STATEMENT, 2}, {"measures", NULL, CHR_EV_POLICY, 1},
    {"meet", NULL, CHR_EV_MEETING, 2}, {"meeting", NULL, CHR_EV_MEETING, 2},
    {"meetings", NULL, CHR_EV_MEETING, 2}, {"memo", NULL, CHR_EV_REPORT, 2},
    {"met", NULL, CHR_EV_MEETING, 2}, {"negotiations", NULL, CHR_EV_MEETING, 1},
    {"open", NULL, CHR_EV_OPENING, 1}, {"opened", NULL, CHR_EV_OPENING, 2},
    {"opening", NULL, CHR_EV_OPENING, 2}, {"opens", NULL, CHR_EV_OPENING, 2},
    {"order", NULL, CHR_EV_LAW, 1}, {"ordered", NULL, CHR_EV_POLICY, 2},
    {"outlawed", NULL, CHR_EV_BAN, 2}, {"passed", NULL, CHR_EV_LAW, 1},
    {"phase", "out", CHR_EV_BAN, 2}, {"plea", NULL, CHR_EV_STATEMENT, 1},
    {"pledged", NULL, CHR_EV_STATEMENT, 1}, {"press", "conference", CHR_EV_STATEMENT, 2},
    {"press", "release", CHR_EV_STATEMENT, 2}, {"probe", NULL, CHR_EV_LEGAL_ACTION, 1},
    {"prohibited", NULL, CHR_EV_BAN, 2}, {"prohibiting", NULL, CHR_EV_BAN, 1},
    {"prohibition", NULL, CHR_EV_BAN, 2}, {"prohibitive", NULL, CHR_EV_BAN, 1},
    {"prohibits", NULL, CHR_EV_BAN, 2}, {"proposal", NULL, CHR_EV_POLICY, 1},
    {"proposed", NULL, CHR_EV_POLICY, 1}, {"prosecuted", NULL, CHR_EV_LEGAL_ACTION, 2},
    {"published", NULL, CHR_EV_REPORT, 2}, {"publishes", NULL, CHR_EV_REPORT, 2},
    {"raided", NULL, CHR_EV_LEGAL_ACTION, 1}, {"ratified", NULL, CHR_EV_LAW, 2},
    {"recommendation", NULL, CHR_EV_POLICY, 2},
    {"recommendations", NULL, CHR_EV_POLICY, 2}, {"recommended", NULL, CHR_EV_POLICY, 1},
    {"regulation", NULL, CHR_EV_LAW, 1}, {"remarks", NULL, CHR_EV_STATEMENT, 1},
    {"removal", NULL, CHR_EV_BAN, 1}, {"report", NULL, CHR_EV_REPORT, 2},
    {"reports", NULL, CHR_EV_REPORT, 1}, {"resigned", NULL, CHR_EV_OTHER, 1},
    {"restrict", NULL, CHR_EV_BAN, 1}, {"restricted", NULL, CHR_EV_BAN, 1},
    {"restriction", NULL, CHR_EV_BAN, 1}, {"restrictions", NULL, CHR_EV_BAN, 1},
    {"restricts", NULL, CHR_EV_BAN, 2}, {"ruled", NULL, CHR_EV_LEGAL_ACTION, 1},
    {"ruling", NULL, CHR_EV_LEGAL_ACTION, 1}, {"said", NULL, CHR_EV_STATEMENT, 2},
    {"sanction", NULL, CHR_EV_BAN, 1}, {"sanctioned", NULL, CHR_EV_BAN, 2},
    {"sanctions", NULL, CHR_EV_BAN, 1}, {"say", NULL, CHR_EV_STATEMENT, 1},
    {"saying", NULL, CHR_EV_STATEMENT, 1}, {"says", NULL, CHR_EV_STATEMENT, 2},
    {"sentenced", NULL, CHR_EV_LEGAL_ACTION, 2}, {"set", "up", CHR_EV_OPENING, 2},
    {"signed", NULL, CHR_EV_LAW, 2}, {"speaking", NULL, CHR_EV_STATEMENT, 1},
    {"speech", NULL, CHR_EV_STATEMENT, 2}, {"spoke", NULL, CHR_EV_STATEMENT, 2},
    {"stated", NULL, CHR_EV_STATEMENT, 2}, {"statement", NULL, CHR_EV_STATEMENT, 2},
    {"strategy", NULL, CHR_EV_POLICY, 1}, {"strip", NULL, CHR_EV_BAN, 1},
    {"study", NULL, CHR_EV_REPORT, 1}, {"sue", NULL, CHR_EV_LEGAL_ACTION, 2},
    {"sued", NULL, CHR_EV_LEGAL_ACTION, 2}, {"sues", NULL, CHR_EV_LEGAL_ACTION, 2},
    {"suggested", NULL, CHR_EV_STATEMENT, 1}, {"summit", NULL, CHR_EV_MEETING, 2},
    {"summoned", NULL, CHR_EV_MEETING, 1}, {"survey", NULL, CHR_EV_REPORT, 1},
    {"suspended", NULL, CHR_EV_BAN, 1}, {"talks", NULL, CHR_EV_MEETING, 1},
    {"testified", NULL, CHR_EV_STATEMENT, 2}, {"told", NULL, CHR_EV_STATEMENT, 2},
    {"toolbox", NULL, CHR_EV_POLICY, 2}, {"treaty", NULL, CHR_EV_LAW, 1},
    {"tweet", NULL, CHR_EV_STATEMENT, 1}, {"tweeted", NULL, CHR_EV_STATEMENT, 2},
    {"unveiled", NULL, CHR_EV_OPENING, 1}, {"urge", NULL, CHR_EV_POLICY, 1},
    {"urged", NULL, CHR_EV_STATEMENT, 1}, {"verdict", NULL, CHR_EV_LEGAL_ACTION, 2},
    {"visited", NULL, CHR_EV_MEETING, 1}, {"vote", NULL, CHR_EV_LAW, 1},
    {"voted", NULL, CHR_EV_LAW, 2}, {"warned", NULL, CHR_EV_STATEMENT, 1},
    {"white", "paper", CHR_EV_REPORT, 2},
};

/* Every word of every sentence is looked up: hashed once (under
 * pthread_once, as extraction runs on worker threads). */
#define TRIG_MAXLEN 15
static chr_wordtab trig_tab;
static pthread_once_t trig_once = PTHREAD_ONCE_INIT;

static void trig_build(void)
{
    chr_wordtab_build(&trig_tab, triggers, sizeof triggers / sizeof triggers[0],
                      sizeof triggers[0]);
}

/* Trigger at token i (its lower-case word in w); returns the entry and
 * how many tokens it spans, or NULL. */
static const struct trig *trigger_at(const char *text, const chr_tok *t, size_t n,
                                     size_t i, size_t *span)
{
    char w[TRIG_MAXLEN + 1];
    size_t len = t[i].e - t[i].s;
    if (t[i].kind != T_WORD || len > TRIG_MAXLEN || len < 3)
        return NULL;
    for (size_t k = 0; k < len; k++)
        w[k] = chr_lower((unsigned char)text[t[i].s + k]);
    w[len] = '\0';
    pthread_once(&trig_once, trig_build);
    int k = chr_wordtab_find(&trig_tab, w, len);
    const struct trig *hit = k < 0 ? NULL : &triggers[k];
    if (hit == NULL)
        return NULL;
    /* entries with the same word are adjacent: try the two-word ones */
    const struct trig *first = hit, *end = triggers + sizeof triggers / sizeof triggers[0];
    while (first > triggers && strcmp(first[-1].w, w) == 0)
        first--;
    const struct trig *single = NULL;
    for (const struct trig *p = first; p < end && strcmp(p->w, w) == 0; p++) {
        if (p->next == NULL) {
            single = p;
            continue;
        }
        /* the second word, skipping a quote mark ("entities list") */
        size_t j = i + 1;
        while (j < n && t[j].kind == T_PUNCT && t[j].e - t[j].s >= 1 &&
               (t[j].val == '"' || t[j].s + 3 == t[j].e))
            j++;
        if (j < n && chr_tok_is(text, &t[j], p->next)) {
            *span = j + 1 - i;
            return p;
        }
    }
    /* "entities" or "filed" alone are no triggers */
    if (single)
        *span = 1;
    return single;
}

/* ---- per-sentence analysis --------------------------------------------- */

typedef struct cand {
    size_t tok;                /* trigger token */
    size_t span;
    const struct trig *tr;
    int status;                /* CHR_OCCURRED / CHR_PLANNED */
    int silent;                /* takes its date but is no event (attribution) */
    int used;
} cand;

static int word_in(const char *text, const chr_tok *t, const char *const *list, size_t n)
{
    if (t->kind != T_WORD)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (chr_tok_is(text, t, list[k]))
            return 1;
    return 0;
}

static int is_clause_punct(const chr_tok *t)
{
    return t->kind == T_PUNCT && (t->val == ',' || t->val == ';' || t->val == ':' ||
                                  t->val == '(' || t->val == ')');
}

/* Negated or hypothetical: "has not taken", "no restrictions", "if
 * banning Huawei would", "could be used". */
static int blocked(const char *text, const chr_tok *t, size_t lo, size_t i)
{
    static const char *const neg[] = {"not", "never", "no", "without", "nor", "neither"};
    static const char *const hyp[] = {"if", "unless", "whether", "could", "might",
                                      "may", "should", "must", "cannot", "can"};
    for (size_t k = i, d = 0; k > lo && d < 4; k--, d++) {
        const chr_tok *p = &t[k - 1];
        if (is_clause_punct(p))
            break;
        if (word_in(text, p, neg, sizeof neg / sizeof neg[0]))
            return 1;
        if (p->kind == T_WORD && chr_tok_is(text, p, "t") && k >= 2 && t[k - 2].kind == T_PUNCT)
            return 1;  /* "don't", "hasn't" */
    }
    for (size_t k = i, d = 0; k > lo && d < 10; k--, d++) {
        const chr_tok *p = &t[k - 1];
        if (p->kind == T_PUNCT && (p->val == ';' || p->val == ':'))
            break;
        if (word_in(text, p, hyp, sizeof hyp / sizeof hyp[0]))
            return 1;
        if (p->kind == T_PUNCT && p->val == ',' && d > 0)
            break;
    }
    return 0;
}

/* Is token a inside a clause opened by a lower-case "-ing" word that is no
 * trigger, at the sentence start or after ':' or ';', and closed by ','? */
static int in_participle(const char *text, const chr_tok *t, size_t lo, size_t a, size_t hi)
{
    size_t k = a;
    while (k > lo && !(t[k - 1].kind == T_PUNCT &&
                       (t[k - 1].val == ',' || t[k - 1].val == ':' || t[k - 1].val == ';')))
        k--;
    if (k > lo && t[k - 1].val == ',')
        return 0;
    const chr_tok *w = &t[k];
    size_t n = w->e - w->s;
    if (k >= hi || w->kind != T_WORD || w->cap || n < 5 ||
        memcmp(text + w->e - 3, "ing", 3) != 0)
        return 0;
    size_t span;
    if (trigger_at(text, t, hi, k, &span) != NULL)
        return 0;
    for (size_t j = a; j < hi; j++)
        if (t[j].kind == T_PUNCT && t[j].val == ',')
            return 1;
    return 0;
}

/* Is the statement verb at p the end of ", SUBJECT said." -- a comma after
 * the date a, then at most five words, then p, then the sentence ends? */
static int trailing_attribution(const char *text, const chr_tok *t, size_t a, size_t p, size_t hi)
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

static int light_verb(const char *text, const chr_tok *t)
{
    static const char *const verbs[] = {"published", "issued", "held", "released",
                                        "presented", "unveiled", "delivered", "gave",
                                        "announced", "publishes", "issues", "holds"};
    return word_in(text, t, verbs, sizeof verbs / sizeof verbs[0]);
}

/* An opening quotation mark token. */
static int opens_quote(const char *text, const chr_tok *p)
{
    const unsigned char *u = (const unsigned char *)text + p->s;
    return p->kind == T_PUNCT && (p->val == '"' || (p->e - p->s == 3 && u[0] == 0xE2 &&
                                                     u[1] == 0x80 && u[2] == 0x9C));
}

/* "four people familiar with the matter said", "sources said": the
 * source of the story, not an event of it. */
static int attribution(const char *text, const chr_tok *t, size_t lo, size_t i,
                       const struct trig *tr)
{
    static const char *const anon[] = {"familiar", "sources", "source", "people",
                                       "officials", "diplomats", "insiders"};
    if (tr->type != CHR_EV_STATEMENT)
        return 0;
    for (size_t k = i, d = 0; k > lo && d < 7; k--, d++)
        if (word_in(text, &t[k - 1], anon, sizeof anon / sizeof anon[0]))
            return 1;
    return 0;
}

static int planned(const char *text, const chr_tok *t, size_t lo, size_t hi, size_t i)
{
    static const char *const fut[] = {"will", "would", "shall", "ll", "plans", "plan",
                                      "planned", "scheduled", "expected", "intends",
                                      "going", "due", "upcoming", "set"};
    for (size_t k = i, d = 0; k > lo && d < 6; k--, d++) {
        const chr_tok *p = &t[k - 1];
        if (is_clause_punct(p))
            break;
        if (word_in(text, p, fut, sizeof fut / sizeof fut[0]))
            return 1;
    }
    /* "ordered operators ... to strip the kit", "plans to open": an
     * infinitive under a verb of intent is what is to be done; "the first
     * country to ban" is what was done */
    if (i > lo && chr_tok_is(text, &t[i - 1], "to") && !t[i].cap) {
        static const char *const intent[] = {
            "ordered", "order", "orders", "plans", "plan", "planned", "planning", "aims",
            "aim", "wants", "want", "decided", "agreed", "agree", "urged", "urge", "asked",
            "expected", "set", "due", "going", "seeks", "seek", "seeking", "hopes", "hope",
            "intends", "intend", "proposed", "proposes", "voted", "vowed", "promised",
            "threatened", "prepared", "preparing", "ready", "likely", "told", "called",
            "calls", "pledged", "wishes", "would", "will", "able", "try", "tried"};
        for (size_t k = i - 1, d = 0; k > lo && d < 20; k--, d++) {
            const chr_tok *p = &t[k - 1];
            if (is_clause_punct(p))
                break;
            if (word_in(text, p, intent, sizeof intent / sizeof intent[0]))
                return 1;
        }
    }
    /* "the ban would take effect": a modal right after a noun trigger */
    static const char *const modal[] = {"will", "would", "shall", "is", "are"};
    if (i + 2 < hi && word_in(text, &t[i + 1], modal, 3))
        return 1;
    if (i + 3 < hi && (word_in(text, &t[i + 1], modal + 3, 2)) &&
        (chr_tok_is(text, &t[i + 2], "due") || chr_tok_is(text, &t[i + 2], "scheduled") ||
         chr_tok_is(text, &t[i + 2], "expected") || chr_tok_is(text, &t[i + 2], "set")))
        return 1;
    return 0;
}

/* Marks tokens inside relative clauses (", which ... ,") and quotations so
 * that a date is not linked across them. */
static void mark_regions(const char *text, const chr_tok *t, size_t lo, size_t hi,
                         unsigned char *rel, unsigned char *quote)
{
    static const char *const relw[] = {"which", "who", "whose", "whom"};
    int inq = 0;
    unsigned char r = 0, rid = 0;
    for (size_t i = lo; i < hi; i++) {
        const chr_tok *p = &t[i];
        const unsigned char *u = (const unsigned char *)text + p->s;
        int qmark = p->kind == T_PUNCT && (p->val == '"' ||
                    (p->e - p->s == 3 && u[0] == 0xE2 && u[1] == 0x80 &&
                     (u[2] == 0x9C || u[2] == 0x9D)));
        if (qmark) {
            if (p->e - p->s == 3)
                inq = u[2] == 0x9C;
            else
                inq = !inq;
        }
        if (p->kind == T_PUNCT && p->val == ',' && i + 1 < hi &&
            word_in(text, &t[i + 1], relw, 4)) {
            r = ++rid;
        } else if (p->kind == T_PUNCT && (p->val == ',' || p->val == ';') && r) {
            r = 0;
        }
        rel[i - lo] = r;
        quote[i - lo] = (unsigned char)inq;
    }
}

static int usable_date(const chr_timex *x)
{
    return (x->type == CHR_TX_DATE || x->type == CHR_TX_TIME) &&
           x->date.prec != CHR_PREC_NONE && !(x->flags & (CHR_TXF_VAGUE | CHR_TXF_GENERIC)) &&
           x->mod != CHR_MOD_AFTER;
}

/* ---- actors and titles ------------------------------------------------- */

static int opens_quote(const char *text, const chr_tok *p);

static const char *const not_actor[] = {
    "the", "a", "an", "in", "on", "at", "and", "but", "or", "as", "also", "then",
    "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i",
    "our", "their", "his", "her", "you", "your", "there", "here", "so", "if",
    "while", "when", "after", "before", "since", "for", "with", "by", "from",
    "to", "of", "under", "despite", "although", "though", "however", "thank",
    "dear", "yours", "mr", "mrs", "ms", "dr", "first", "second", "third", "in",
    "some", "all", "any", "no", "not", "what", "how", "why", "where", "who",
    "more", "most", "both", "each", "one", "two", "said", "says", "according",
    "yet", "even", "only", "just", "big", "recent", "related", "previously",
    "speaking", "agreed", "our", "my", "today", "yesterday", "tomorrow", "last",
    "next", "early", "late", "mid", "q", "re", "title", "date", "source"};

static int actor_word(const char *text, const chr_tok *t, int sentence_start)
{
    if (t->kind != T_WORD || !t->cap)
        return 0;
    if (t->cls == C_MONTH || t->cls == C_MONTH_AB || t->cls == C_WDAY || t->cls == C_WDAY_AB)
        return 0;
    if (word_in(text, t, not_actor, sizeof not_actor / sizeof not_actor[0]))
        return 0;
    (void)sentence_start;
    return 1;
}

/* "Chinese", "European", "French": adjectives of origin, not actors. */
static int demonym(const char *w, size_t n)
{
    static const char *const list[] = {"French", "Dutch", "Swiss", "Greek", "Thai", "Irish",
                                       "German", "Israeli", "Iraqi", "Saudi", "Pakistani",
                                       "British", "Danish", "Polish", "Spanish", "Swedish",
                                       "Finnish", "Turkish", "Welsh", "Scottish", "Czech"};
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
        if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
            return 1;
    static const char *const suffix[] = {"ese", "ean", "ian", "can", "ern"};
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++)
        if (n > 5 && memcmp(w + n - 3, suffix[i], 3) == 0)
            return 1;
    return 0;
}

static int connector(const char *text, const chr_tok *t)
{
    return t->kind == T_WORD && !t->cap &&
           (chr_tok_is(text, t, "of") || chr_tok_is(text, t, "for") ||
            chr_tok_is(text, t, "de"));
}

typedef struct strvec {
    char **v;
    size_t n, cap;
} strvec;

static int sv_has(const strvec *s, const char *w)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], w) == 0)
            return 1;
    return 0;
}

static int sv_push(strvec *s, const char *w, size_t len)
{
    char buf[128];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, w, len);
    buf[len] = '\0';
    if (sv_has(s, buf))
        return 0;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        char **nv = realloc(s->v, cap * sizeof *nv);
        if (nv == NULL)
            return -1;
        s->v = nv;
        s->cap = cap;
    }
    s->v[s->n] = strdup(buf);
    if (s->v[s->n] == NULL)
        return -1;
    s->n++;
    return 0;
}

static void sv_free(strvec *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Actors of a sentence: runs of capitalised words ("Andrus Ansip",
 * "U.S. Commerce Department", "Huawei"), joined over "of"/"for"/"and" inside
 * a name ("Office of Export Enforcement"), possessive "'s" dropped, with
 * dotted initialisms ("U.S.") kept whole.  Skips the sentence's first word
 * when it is a common word, and words that are part of the date. */
static int find_actors(const char *text, const chr_tok *t, size_t lo, size_t hi,
                       const unsigned char *skip, strvec *out)
{
    size_t i = lo;
    while (i < hi) {
        if (skip[i - lo] || !actor_word(text, &t[i], i == lo)) {
            i++;
            continue;
        }
        /* a capitalised first word followed by a lower-case word is an
         * ordinary sentence start ("Huawei" stays, "Germany this month" stays) */
        size_t s = i, e = i + 1;
        for (;;) {
            if (e < hi && t[e].kind == T_PUNCT && t[e].val == '.' && t[e].adj &&
                t[e - 1].e - t[e - 1].s == 1) {
                e++;  /* U.S. -> U . S . */
                continue;
            }
            if (e < hi && !skip[e - lo] && t[e].kind == T_WORD && t[e].cap &&
                t[e].cls != C_MONTH && t[e].cls != C_WDAY) {
                e++;
                continue;
            }
            if (e + 1 < hi && connector(text, &t[e]) && t[e + 1].cap &&
                t[e + 1].kind == T_WORD && !skip[e + 1 - lo] && e > s) {
                e += 2;
                continue;
            }
            /* "Group of 20" */
            break;
        }
        /* trim a trailing connector */
        size_t bs = t[s].s, be = t[e - 1].e;
        if (be - bs >= 2 && be - bs < 100) {
            size_t words = 0;
            for (size_t k = s; k < e; k++)
                words += t[k].kind == T_WORD;
            /* a lone capitalised word at the sentence start is usually not
             * a name ("Also", "Big"); keep it only when it looks like a
             * proper noun elsewhere (mixed case, or all caps acronyms) */
            int lone_start = (s == lo || (s > lo && opens_quote(text, &t[s - 1]))) &&
                             words == 1 && e == s + 1;
            int acronym = t[s].e - t[s].s >= 2 && chr_is_upper((unsigned char)text[t[s].s + 1]);
            if ((!lone_start || acronym || (e < hi && t[e].kind == T_PUNCT && t[e].val == '\'')) &&
                !(words == 1 && demonym(text + bs, be - bs)))
                if (sv_push(out, text + bs, be - bs) != 0)
                    return -1;
        }
        i = e;
    }
    return 0;
}

/* A short title: the words around the trigger inside its clause, without
 * the date expression, at most 12 words. */
static char *make_title(const char *text, const chr_tok *t, size_t lo, size_t hi,
                        size_t trig, size_t span, const unsigned char *skip)
{
    size_t a = trig, b = trig + span;
    size_t words = span;
    /* extend left to the clause start or 5 words */
    size_t left = 0;
    while (a > lo && left < 6) {
        const chr_tok *p = &t[a - 1];
        if (is_clause_punct(p) || (p->kind == T_PUNCT && p->s + 3 == p->e &&
                                   (unsigned char)text[p->s] == 0xE2 &&
                                   (unsigned char)text[p->s + 2] != 0x99))
            break;
        a--;
        left += p->kind == T_WORD && !skip[a - lo];
    }
    while (b < hi && words < 9) {
        const chr_tok *p = &t[b];
        if (is_clause_punct(p) || (p->kind == T_PUNCT && (p->val == '.' && !p->adj)))
            break;
        if (p->kind == T_PUNCT && p->s + 3 == p->e && (unsigned char)text[p->s] == 0xE2 &&
            (unsigned char)text[p->s + 2] != 0x99 && (unsigned char)text[p->s + 2] != 0x9C &&
            (unsigned char)text[p->s + 2] != 0x9D)
            break;
        b++;
        words += p->kind == T_WORD && !skip[b - 1 - lo];
    }
    /* drop leading function words and the date's tokens */
    static const char *const lead[] = {"and", "but", "that", "when", "as", "then", "also",
                                       "the", "a", "an", "in", "on", "at", "to", "of",
                                       "which", "who", "while", "so", "although"};
    size_t cap = (t[b - 1].e - t[a].s) + 2;
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    size_t n = 0;
    int started = 0;
    static const char *const preps[] = {"on", "in", "at", "since", "during", "of", "from",
                                        "until", "by", "as", "earlier", "later"};
    for (size_t k = a; k < b; k++) {
        if (skip[k - lo])
            continue;
        /* the preposition of a date that is left out goes with it */
        if (k + 1 < b && skip[k + 1 - lo] && word_in(text, &t[k], preps, sizeof preps / sizeof preps[0]))
            continue;
        if (!started && (t[k].kind == T_PUNCT || word_in(text, &t[k], lead, sizeof lead / sizeof lead[0])) &&
            k < trig)
            continue;
        if (started && !t[k].adj)
            out[n++] = ' ';
        size_t len = t[k].e - t[k].s;
        memcpy(out + n, text + t[k].s, len);
        if (!started && chr_is_lower((unsigned char)out[n]))
            out[n] = (char)(out[n] - 32);
        n += len;
        started = 1;
    }
    /* no dangling opening quote, bracket or stop at the end */
    while (n > 0 && (out[n - 1] == '(' || out[n - 1] == '"' || out[n - 1] == ' ' ||
                     out[n - 1] == '.' || out[n - 1] == ','))
        n--;
    out[n] = '\0';
    return out;
}

/* Copy [s, s+len) folding runs of white space to one space. */
static char *squeeze(const char *s, size_t len)
{
    char *out = malloc(len + 1);
    if (out == NULL)
        return NULL;
    size_t n = 0;
    int sp = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (chr_is_space(c)) {
            sp = 1;
            continue;
        }
        if (sp && n)
            out[n++] = ' ';
        sp = 0;
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return out;
}

/* ---- metadata lines ---------------------------------------------------- */

static int starts_ci(const char *p, const char *end, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(end - p) < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (chr_lower((unsigned char)p[i]) != w[i])
            return 0;
    return 1;
}

/* Lines that are publication metadata, reader-comment headers, footers or
 * links: never evidence of an event. */
static int metadata_line(const char *s, size_t len)
{
    const char *end = s + len;
    static const char *const heads[] = {
        "updated", "last updated", "posted", "published", "date:", "date\t",
        "source:", "copyright", "all rights reserved", "leave a reply",
        "no comments", "related:", "related stories", "see also", "previously:",
        "share this", "follow us", "subscribe", "http://", "https://", "www.",
        "(score:", "by ", "photo:", "image:", "tags:", "filed under"};
    for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++)
        if (starts_ci(s, end, heads[k]))
            return 1;
    /* "(Score: 2) by NAME on Monday March 25 2019, @10:53AM" anywhere */
    for (const char *p = s; p + 8 < end; p++)
        if (p[0] == '@' && chr_is_digit((unsigned char)p[1]))
            return 1;
    for (const char *p = s; p + 7 < end; p++)
        if (memcmp(p, "(Score:", 7) == 0)
            return 1;
    return 0;
}

/* A heading after which a page lists other stories ("Related Stories",
 * "See also", "Previously:"): what follows has its own, unstated dates. */
static int related_heading(const char *s, size_t len)
{
    static const char *const heads[] = {"related stories", "related articles", "related:",
                                        "related", "see also", "read more", "more stories",
                                        "previously:", "recommended stories",
                                        "you may also like", "more on this story"};
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == ':'))
        len--;
    for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++) {
        size_t n = strlen(heads[k]);
        if (heads[k][n - 1] == ':')
            n--;
        if (len == n && starts_ci(s, s + len, heads[k]))
            return 1;
    }
    return 0;
}

/* The start of a page's reader comments: a comment stamp ("(Score: 2) by
 * NAME on Monday March 25 2019, @10:53AM", "by NAME on ... @10:53AM") or a
 * comments heading ("Leave a Reply", "12 Comments").  What follows is
 * readers' talk, not the story. */
static int comments_start(const char *s, size_t len)
{
    const char *end = s + len;
    for (const char *p = s; p + 7 <= end; p++)
        if (memcmp(p, "(Score:", 7) == 0)
            return 1;
    int by = starts_ci(s, end, "by ");
    for (const char *p = s; !by && p + 5 <= end; p++)
        by = memcmp(p, ") by ", 5) == 0;
    if (by) {
        int on = 0, at = 0;
        for (const char *p = s; p + 4 <= end; p++) {
            on |= memcmp(p, " on ", 4) == 0;
            at |= p[0] == '@' && chr_is_digit((unsigned char)p[1]);
        }
        if (on && at)
            return 1;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == ':'))
        len--;
    if (starts_ci(s, s + len, "leave a reply") || starts_ci(s, s + len, "leave a comment"))
        return len <= 16;
    /* "Comments", "12 Comments", "Reader comments" as a line of its own */
    size_t k = 0;
    while (k < len && (chr_is_digit((unsigned char)s[k]) || s[k] == ' '))
        k++;
    return (len - k == 8 && starts_ci(s + k, s + len, "comments")) ||
           (len == 15 && starts_ci(s, s + len, "reader comments"));
}

/* "Title<TAB>Meeting with ..." in a form: a header field naming the
 * document's subject, which the document's own date dates. */
static int subject_field(const char *s, size_t len)
{
    const char *end = s + len;
    return (starts_ci(s, end, "title") || starts_ci(s, end, "subject") ||
            starts_ci(s, end, "re:") || starts_ci(s, end, "object")) &&
           memchr(s, '\t', len < 12 ? len : 12) != NULL;
}

/* ---- extraction -------------------------------------------------------- */

static size_t first_tok_at(const chr_toks *tv, uint32_t off)
{
    size_t lo = 0, hi = tv->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tv->t[mid].s < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

struct link {
    int cost;
    size_t cand;
    size_t tx;
};

static int link_cmp(const void *a, const void *b)
{
    const struct link *x = a, *y = b;
    if (x->cost != y->cost)
        return x->cost - y->cost;
    if (x->tx != y->tx)
        return x->tx < y->tx ? -1 : 1;
    return (x->cand > y->cand) - (x->cand < y->cand);
}

/* Acronyms a document defines: "Government Accountability Office (GAO)". */
#define MAX_ACRONYMS 64
typedef struct acronym {
    char acr[12];
    char full[100];
} acronym;

typedef struct xstate {
    acronym acr[MAX_ACRONYMS];
    size_t nacr;
    const chr_doc *doc;
    const char *text;
    const chr_toks *tv;
    const chr_timex_list *tl;
    const chr_dct *dct;
    const chr_extract_opts *opts;
    chr_mention_list *out;
} xstate;

/* Collect "Capitalised Words (ACR)" where ACR's letters are the initials
 * of the words before it (function words skipped). */
static void find_acronyms(xstate *x)
{
    const chr_tok *t = x->tv->t;
    const char *text = x->text;
    for (size_t i = 2; i + 2 < x->tv->n && x->nacr < MAX_ACRONYMS; i++) {
        if (!(t[i - 1].kind == T_PUNCT && t[i - 1].val == '(' && t[i].kind == T_WORD &&
              t[i + 1].kind == T_PUNCT && t[i + 1].val == ')'))
            continue;
        size_t n = t[i].e - t[i].s;
        if (n < 2 || n >= sizeof x->acr[0].acr)
            continue;
        int upper = 1;
        for (size_t k = 0; k < n; k++)
            upper &= chr_is_upper((unsigned char)text[t[i].s + k]);
        if (!upper)
            continue;
        /* walk back over the name, matching initials from the last */
        size_t k = i - 1, need = n, start = i - 1;
        while (k > 0 && need > 0) {
            const chr_tok *w = &t[k - 1];
            if (w->kind != T_WORD)
                break;
            if (!w->cap) {
                if (connector(text, w) || chr_tok_is(text, w, "and") || chr_tok_is(text, w, "the")) {
                    /* "Centre of Excellence (CCDCOE)": "of" may give its letter */
                    if (chr_lower((unsigned char)text[t[i].s + need - 1]) == text[w->s])
                        need--;
                    k--;
                    continue;
                }
                break;
            }
            if (text[w->s] != text[t[i].s + need - 1])
                break;
            need--;
            k--;
            start = k;
        }
        if (need != 0)
            continue;
        /* keep capitalised words right before the name ("US Government
         * Accountability Office") */
        while (start > 0 && t[start - 1].kind == T_WORD && t[start - 1].cap &&
               t[start - 1].cls == C_NONE && start + 8 > i)
            start--;
        acronym *a = &x->acr[x->nacr];
        memcpy(a->acr, text + t[i].s, n);
        a->acr[n] = '\0';
        size_t fl = t[i - 2].e - t[start].s;
        if (fl >= sizeof a->full)
            continue;
        memcpy(a->full, text + t[start].s, fl);
        a->full[fl] = '\0';
        int dup = 0;
        for (size_t q = 0; q < x->nacr; q++)
            dup |= strcmp(x->acr[q].acr, a->acr) == 0;
        if (!dup)
            x->nacr++;
    }
}

static int emit_mention(xstate *x, chr_span sp, size_t lo, size_t hi, const cand *c,
                        const chr_timex *tx, const unsigned char *skip, int from_dct)
{
    const chr_tok *t = x->tv->t;
    chr_mention m;
    memset(&m, 0, sizeof m);
    m.type = (chr_event_type)c->tr->type;
    m.status = (chr_modality)c->status;
    m.doc = strdup(chr_doc_name(x->doc));
    m.offset = sp.start;
    m.length = sp.len;
    m.sentence = squeeze(x->text + sp.start, sp.len);
    m.trigger = squeeze(x->text + t[c->tok].s, t[c->tok + c->span - 1].e - t[c->tok].s);
    m.title = make_title(x->text, t, lo, hi, c->tok, c->span, skip);
    m.dct = x->dct ? x->dct->day : CHR_NO_DAY;
    m.date.prec = CHR_PREC_NONE;
    m.date.first = m.date.last = CHR_NO_DAY;
    m.date.minute = -1;
    if (tx) {
        m.date_text = squeeze(x->text + tx->start, tx->end - tx->start);
        m.date_offset = tx->start;
        m.date_length = tx->end - tx->start;
        m.date = tx->date;
        m.mod = tx->mod;
        m.anchor = tx->anchor;
        /* "8 years ago" counted from the DCT's year may be a year off */
        if (tx->anchor == CHR_ANCHOR_DCT && tx->date.prec == CHR_PREC_YEAR &&
            tx->end - tx->start > 4 && memcmp(x->text + tx->end - 3, "ago", 3) == 0)
            m.mod = CHR_MOD_APPROX;
    } else if (from_dct && x->dct && x->dct->day != CHR_NO_DAY) {
        m.date_text = squeeze(x->text + x->dct->offset, x->dct->length);
        m.date_offset = x->dct->offset;
        m.date_length = x->dct->length;
        chr_date_from_day(&m.date, x->dct->day);
        m.anchor = CHR_ANCHOR_DCT;
    } else {
        m.why_undated = x->dct && x->dct->day == CHR_NO_DAY
                            ? "no date expression in the clause, and no document date"
                            : "no date expression governs this event";
    }
    strvec actors = {0};
    int rc = find_actors(x->text, t, lo, hi, skip, &actors);
    /* "GAO" is the Government Accountability Office the document named */
    for (size_t i = 0; rc == 0 && i < actors.n; i++)
        for (size_t k = 0; k < x->nacr; k++)
            if (strcmp(actors.v[i], x->acr[k].acr) == 0) {
                char *full = strdup(x->acr[k].full);
                if (full == NULL) {
                    rc = -1;
                    break;
                }
                free(actors.v[i]);
                actors.v[i] = full;
                /* drop it if the full name is already there */
                for (size_t j = 0; j < actors.n; j++)
                    if (j != i && strcmp(actors.v[j], full) == 0) {
                        free(actors.v[i]);
                        actors.v[i] = actors.v[--actors.n];
                        i--;
                        break;
                    }
                break;
            }
    if (rc == 0 && actors.n) {
        qsort(actors.v, actors.n, sizeof *actors.v, cmp_str);
        m.actors = actors.v;
        m.nactors = actors.n;
        actors.v = NULL;
        actors.n = 0;
    }
    sv_free(&actors);
    if (rc != 0 || m.doc == NULL || m.sentence == NULL || m.trigger == NULL || m.title == NULL) {
        chr_mention_clear(&m);
        return CHR_ENOMEM;
    }
    if (m.date.prec == CHR_PREC_NONE && !x->opts->keep_undated) {
        chr_mention_clear(&m);
        return 0;
    }
    if (chr_mention_list_push(x->out, &m) != 0) {
        chr_mention_clear(&m);
        return CHR_ENOMEM;
    }
    return 0;
}

static int sentence_events(xstate *x, chr_span sp, size_t *txi)
{
    const chr_tok *t = x->tv->t;
    const char *text = x->text;
    size_t lo = first_tok_at(x->tv, sp.start), hi = first_tok_at(x->tv, sp.start + sp.len);
    if (hi <= lo)
        return 0;
    /* timexes inside the sentence */
    size_t t0 = *txi;
    while (t0 < x->tl->count && x->tl->items[t0].start < sp.start)
        t0++;
    size_t t1 = t0;
    while (t1 < x->tl->count && x->tl->items[t1].start < sp.start + sp.len)
        t1++;
    *txi = t1;
    if (metadata_line(text + sp.start, sp.len))
        return 0;
    /* the dateline or header that gave the DCT dates no event, and the
     * place and agency in front of it are no actors */
    size_t dl_end = 0;
    if (x->dct && x->dct->length > 0 && x->dct->source != CHR_DCT_BOUND &&
        x->dct->offset >= sp.start && x->dct->offset < sp.start + sp.len)
        dl_end = (size_t)x->dct->offset + x->dct->length;
    size_t nt = hi - lo;
    unsigned char *skip = calloc(nt * 3, 1);
    cand *cands = calloc(nt, sizeof *cands);
    struct link *links = NULL;
    int rc = 0;
    if (skip == NULL || cands == NULL) {
        rc = CHR_ENOMEM;
        goto out;
    }
    unsigned char *rel = skip + nt, *quote = skip + 2 * nt;
    mark_regions(text, t, lo, hi, rel, quote);
    /* the dateline prefix: up to the dash or colon after the date */
    if (dl_end) {
        size_t j = lo;
        while (j < hi && t[j].s < dl_end)
            skip[j++ - lo] = 1;
        while (j < hi && (t[j].kind == T_PUNCT || (j > lo && t[j - 1].kind == T_PUNCT &&
                                                   t[j - 1].val == '(' && t[j].kind == T_WORD))) {
            int dash = t[j].kind == T_PUNCT && (t[j].val == '-' || t[j].val == ':' ||
                                                t[j].s + 3 == t[j].e);
            skip[j++ - lo] = 1;
            if (dash)
                break;
        }
    }
    /* tokens that belong to date expressions */
    for (size_t k = t0; k < t1; k++) {
        const chr_timex *tx = &x->tl->items[k];
        for (size_t j = first_tok_at(x->tv, tx->start); j < hi && t[j].s < tx->end; j++)
            if (j >= lo)
                skip[j - lo] = 1;
    }
    size_t nc = 0;
    for (size_t i = lo; i < hi; i++) {
        if (skip[i - lo])
            continue;
        size_t span = 1;
        const struct trig *tr = trigger_at(text, t, hi, i, &span);
        if (tr == NULL)
            continue;
        /* a capitalised trigger inside the sentence is part of a name
         * ("Mobile World Congress", "Cybersecurity Act") */
        if (t[i].cap && i > lo && text[t[i].s - 1] != '\t' && !opens_quote(text, &t[i - 1]))
            continue;
        if (blocked(text, t, lo, i))
            continue;
        /* "published guidance", "issued a report", "held talks": the
         * object names the event; the verb is only its carrier */
        if (light_verb(text, &t[i])) {
            size_t span2 = 1;
            const struct trig *obj = NULL;
            for (size_t j = i + 1; j < hi && j <= i + 3 && obj == NULL; j++) {
                if (t[j].kind != T_WORD || skip[j - lo])
                    break;
                obj = t[j].cap ? NULL : trigger_at(text, t, hi, j, &span2);
            }
            if (obj != NULL && obj->type != tr->type)
                continue;  /* the object is the candidate */
        }
        cands[nc].tok = i;
        cands[nc].span = span;
        cands[nc].tr = tr;
        cands[nc].silent = attribution(text, t, lo, i, tr);
        cands[nc].status = planned(text, t, lo, hi, i) ? CHR_PLANNED : CHR_OCCURRED;
        nc++;
        i += span - 1;
    }
    if (nc == 0)
        goto out;
    /* score every (trigger, date) pair and link greedily, cheapest first */
    size_t nd = t1 - t0, nl = 0, capl = 0;
    for (size_t k = t0; k < t1; k++) {
        const chr_timex *tx = &x->tl->items[k];
        if (!usable_date(tx))
            continue;
        if (dl_end && tx->start == x->dct->offset)
            continue;  /* the dateline itself */
        size_t a = first_tok_at(x->tv, tx->start), b = a;
        while (b < hi && t[b].s < tx->end)
            b++;
        /* "taking 2018 as an example, the survey covers": the date belongs
         * to an introductory participle, not to the main clause */
        if (in_participle(text, t, lo, a, hi))
            continue;
        /* a year range is a period, not the date of an event */
        if (tx->flags & (CHR_TXF_RANGE_START | CHR_TXF_RANGE_END))
            continue;
        /* "after the summer", "by 2023", "until May": the event is not at
         * that date */
        if (a > lo && t[a - 1].cls == C_KW &&
            (t[a - 1].val == K_AFTER || t[a - 1].val == K_BEFORE || t[a - 1].val == K_UNTIL ||
             t[a - 1].val == K_TILL || t[a - 1].val == K_BY || t[a - 1].val == K_THROUGH))
            continue;
        for (size_t ci = 0; ci < nc; ci++) {
            size_t p = cands[ci].tok;
            size_t dist = p < a ? a - p : p - b + 1;
            /* only nearby pairs are scored: the scan below is linear in the
             * distance, so far pairs would make long sentences quadratic */
            if (dist > 30)
                continue;
            /* a relative clause (", which ... ,") or a quotation is its own
             * world: its dates do not date the verbs outside it */
            if (rel[p - lo] != rel[a - lo] || quote[p - lo] != quote[a - lo])
                continue;
            size_t from = p < a ? p : b, to = p < a ? a : p;
            int cost = 0, paren = 0;
            for (size_t j = from; j < to; j++) {
                if (t[j].kind == T_PUNCT && t[j].val == '(')
                    paren++;
                else if (t[j].kind == T_PUNCT && t[j].val == ')' && paren > 0)
                    paren--;
                else if (paren == 0)
                    cost += 2;  /* words inside brackets are no distance */
                if (t[j].kind == T_PUNCT && (t[j].val == ';' || t[j].val == ':'))
                    cost += 12;
                if (t[j].kind == T_PUNCT && t[j].val == ',')
                    cost += 3;
                if (t[j].kind == T_WORD && chr_tok_is(text, &t[j], "but"))
                    cost += 6;
                if (t[j].kind == T_WORD && chr_tok_is(text, &t[j], "and"))
                    cost += 2;
                /* ", and prosecutors charged": a new clause */
                if (t[j].kind == T_WORD && chr_tok_is(text, &t[j], "and") && j > lo &&
                    t[j - 1].kind == T_PUNCT && t[j - 1].val == ',')
                    cost += 6;
            }
            /* "revenue rose in 2018, the company said": a trailing
             * attribution does not take the date of what it reports */
            if (a < p && cands[ci].tr->type == CHR_EV_STATEMENT && trailing_attribution(text, t, a, p, hi))
                continue;
            /* ", saying ..." participles hang off the main clause */
            if (p > lo && t[p - 1].kind == T_PUNCT && t[p - 1].val == ',' && p > a &&
                t[p].e - t[p].s > 4 && memcmp(text + t[p].e - 3, "ing", 3) == 0)
                cost += 10;
            cost -= cands[ci].tr->weight * 2;
            /* tense agreement: "will vote" takes no date wholly before the
             * DCT, a reported past act no date wholly after it */
            if (x->dct && x->dct->day != CHR_NO_DAY) {
                if (cands[ci].status == CHR_PLANNED && tx->date.last < x->dct->day)
                    cost += 20;
                else if (cands[ci].status == CHR_OCCURRED && tx->date.first > x->dct->day &&
                         chr_lex_past_form(text, &t[p]))
                    cost += 20;
            }
            if (nl == capl) {
                size_t cap = capl ? capl * 2 : 32;
                struct link *nlinks = realloc(links, cap * sizeof *nlinks);
                if (nlinks == NULL) {
                    rc = CHR_ENOMEM;
                    goto out;
                }
                links = nlinks;
                capl = cap;
            }
            links[nl].cost = cost;
            links[nl].cand = ci;
            links[nl].tx = k;
            nl++;
        }
    }
    if (nl)
        qsort(links, nl, sizeof *links, link_cmp);
    unsigned char *tx_used = calloc(nd ? nd : 1, 1);
    if (tx_used == NULL) {
        rc = CHR_ENOMEM;
        goto out;
    }
    for (size_t k = 0; k < nl && rc == 0; k++) {
        const struct link *l = &links[k];
        if (cands[l->cand].used || tx_used[l->tx - t0])
            continue;
        cands[l->cand].used = 1;
        tx_used[l->tx - t0] = 1;
        if (cands[l->cand].silent)
            continue;
        rc = emit_mention(x, sp, lo, hi, &cands[l->cand], &x->tl->items[l->tx], skip, 0);
    }
    free(tx_used);
    /* triggers with no date: the subject line of a form takes the DCT;
     * the others are undated (kept only on request) */
    int subject = subject_field(text + sp.start, sp.len);
    int dated_any = 0;
    for (size_t ci = 0; ci < nc; ci++)
        dated_any |= cands[ci].used;
    for (size_t ci = 0; ci < nc && rc == 0; ci++) {
        if (cands[ci].used || cands[ci].silent)
            continue;
        if (subject && !dated_any) {
            cands[ci].used = 1;
            dated_any = 1;
            rc = emit_mention(x, sp, lo, hi, &cands[ci], NULL, skip, 1);
            continue;
        }
        if (x->opts->keep_undated)
            rc = emit_mention(x, sp, lo, hi, &cands[ci], NULL, skip, 0);
    }
out:
    free(links);
    free(cands);
    free(skip);
    return rc;
}

int chr_event_extract(const chr_analysis *a, const chr_extract_opts *opts,
                      chr_mention_list *out, chr_error *err)
{
    chr_extract_opts defaults = {0};
    if (opts == NULL)
        opts = &defaults;
    const chr_doc *doc = chr_analysis_doc(a);
    const chr_toks *tv = chr_analysis_tokens(a);
    const chr_timex_list *tl = chr_analysis_timexes(a);
    size_t len;
    const char *text = chr_doc_text(doc, &len);
    xstate *xs = calloc(1, sizeof *xs);
    if (xs == NULL)
        return chr_error_set(err, CHR_ENOMEM, chr_doc_name(doc), 0, "out of memory");
    xs->doc = doc;
    xs->text = text;
    xs->tv = tv;
    xs->tl = tl;
    xs->dct = chr_analysis_dct(a);
    xs->opts = opts;
    xs->out = out;
    find_acronyms(xs);
    size_t txi = 0;
    int rc = 0;
    for (size_t i = 0; i < chr_doc_sentence_count(doc) && rc == 0; i++) {
        chr_span sp = chr_doc_sentence(doc, i);
        if ((i >= 3 && related_heading(text + sp.start, sp.len)) ||
            (i >= 1 && comments_start(text + sp.start, sp.len)))
            break;
        rc = sentence_events(xs, sp, &txi);
    }
    free(xs);
    if (rc != 0)
        chr_error_set(err, rc, chr_doc_name(doc), 0, "out of memory extracting events");
    return rc;
}
