/*
 * trigger.c - which words are events: the trigger table, and the tests
 * that take a candidate out or mark it (negation, hypotheticals, plans,
 * light verbs, attribution).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_int.h"
#include "base/wordtab_int.h"
#include "extract/extract_int.h"


/*
 * Trigger words by type.  Weight 2: a verb or a noun that names the event
 * itself; weight 1: a weaker cue.  The "next" field makes two-word
 * triggers: the trigger fires only when the following word is next
 * ("set up", "filed charges", "executive order", "entity list").
 */

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
const struct trig *ex_trigger_at(const char *text, const chr_tok *t, size_t n,
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


/* Negated or hypothetical: "has not taken", "no restrictions", "if
 * banning Huawei would", "could be used". */
int ex_blocked(const char *text, const chr_tok *t, size_t lo, size_t i)
{
    static const char *const neg[] = {"not", "never", "no", "without", "nor", "neither"};
    static const char *const hyp[] = {"if", "unless", "whether", "could", "might",
                                      "may", "should", "must", "cannot", "can"};
    for (size_t k = i, d = 0; k > lo && d < 4; k--, d++) {
        const chr_tok *p = &t[k - 1];
        if (ex_is_clause_punct(p))
            break;
        if (ex_word_in(text, p, neg, sizeof neg / sizeof neg[0]))
            return 1;
        if (p->kind == T_WORD && chr_tok_is(text, p, "t") && k >= 2 && t[k - 2].kind == T_PUNCT)
            return 1;  /* "don't", "hasn't" */
    }
    for (size_t k = i, d = 0; k > lo && d < 10; k--, d++) {
        const chr_tok *p = &t[k - 1];
        if (p->kind == T_PUNCT && (p->val == ';' || p->val == ':'))
            break;
        if (ex_word_in(text, p, hyp, sizeof hyp / sizeof hyp[0]))
            return 1;
        if (p->kind == T_PUNCT && p->val == ',' && d > 0)
            break;
    }
    return 0;
}

/* Is token a inside a clause opened by a lower-case "-ing" word that is no
 * trigger, at the sentence start or after ':' or ';', and closed by ','? */
int ex_in_participle(const char *text, const chr_tok *t, size_t lo, size_t a, size_t hi)
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
    if (ex_trigger_at(text, t, hi, k, &span) != NULL)
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

int ex_light_verb(const char *text, const chr_tok *t)
{
    static const char *const verbs[] = {"published", "issued", "held", "released",
                                        "presented", "unveiled", "delivered", "gave",
                                        "announced", "publishes", "issues", "holds"};
    return ex_word_in(text, t, verbs, sizeof verbs / sizeof verbs[0]);
}

/* "four people familiar with the matter said", "sources said": the
 * source of the story, not an event of it. */
int ex_attribution(const char *text, const chr_tok *t, size_t lo, size_t i,
                       const struct trig *tr)
{
    static const char *const anon[] = {"familiar", "sources", "source", "people",
                                       "officials", "diplomats", "insiders"};
    if (tr->type != CHR_EV_STATEMENT)
        return 0;
    for (size_t k = i, d = 0; k > lo && d < 7; k--, d++)
        if (ex_word_in(text, &t[k - 1], anon, sizeof anon / sizeof anon[0]))
            return 1;
    return 0;
}

int ex_planned(const char *text, const chr_tok *t, size_t lo, size_t hi, size_t i)
{
    static const char *const fut[] = {"will", "would", "shall", "ll", "plans", "plan",
                                      "planned", "scheduled", "expected", "intends",
                                      "going", "due", "upcoming", "set"};
    for (size_t k = i, d = 0; k > lo && d < 6; k--, d++) {
        const chr_tok *p = &t[k - 1];
        if (ex_is_clause_punct(p))
            break;
        if (ex_word_in(text, p, fut, sizeof fut / sizeof fut[0]))
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
            if (ex_is_clause_punct(p))
                break;
            if (ex_word_in(text, p, intent, sizeof intent / sizeof intent[0]))
                return 1;
        }
    }
    /* "the ban would take effect": a modal right after a noun trigger */
    static const char *const modal[] = {"will", "would", "shall", "is", "are"};
    if (i + 2 < hi && ex_word_in(text, &t[i + 1], modal, 3))
        return 1;
    if (i + 3 < hi && (ex_word_in(text, &t[i + 1], modal + 3, 2)) &&
        (chr_tok_is(text, &t[i + 2], "due") || chr_tok_is(text, &t[i + 2], "scheduled") ||
         chr_tok_is(text, &t[i + 2], "expected") || chr_tok_is(text, &t[i + 2], "set")))
        return 1;
    return 0;
}

