/*
 * extract.c - the extractor's driver: for each sentence of an analysed
 * document, the candidates (trigger.c), their dates (link.c), and one
 * mention per dated candidate with its actors (actor.c) and title
 * (title.c).  Page furniture is skipped (layout.c).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/stats.h"
#include "base/buf_int.h"
#include "base/grow_int.h"
#include "base/wordtab_int.h"
#include "extract/extract_int.h"
#include "lex/places_int.h"
#include "tag/match_int.h"

typedef struct xstate {
    ex_acronyms acr;
    ex_names names;            /* full names given so far */
    const chr_doc *doc;
    const char *text;
    const chr_toks *tv;
    const chr_wtag *words;
    const chr_timex_list *tl;
    const chr_dct *dct;
    const chr_extract_opts *opts;
    chr_mention_list *out;
    size_t first;              /* the document's first mention in out */
    size_t sent, para;         /* the sentence being read, its paragraph */
    size_t lede;               /* sentences before this are headline and lede */
    size_t form_sent;          /* the subject field of a form, or (size_t)-1 */
    size_t *sent_dated;        /* per sentence (see ex_infer_ctx) */
    uint8_t *sent_tense;
    size_t *sent_para;
    size_t *chain;             /* per sentence (see ex_infer_ctx) */
    ex_pending *pending;       /* undated mentions, for inference */
    size_t np, cap;
    /* the names a later pronoun may stand for: the first name of the last
     * sentence that had one ("it", "they"), and its last name of two words
     * or more ("he", "she"); byte ranges of the text */
    uint32_t thing_s, thing_e, person_s, person_e;
    /* the person the last sentence was about: the subject of a main verb
     * ("Steve Jobs announced ..."), which a "he" after it stands for
     * before any other name; the sentence being read sets next_* */
    const char *subj, *next_subj;
    size_t subj_len, next_subj_len, subj_sent, person_sent;
    size_t qpos;               /* read up to here for quoted lines */
    int qline;                 /* the line holding qpos is quoted */
    /* the last sentence squeezed for a mention, kept for the next
     * mention of the same sentence (a copy costs less than a squeeze) */
    char *sq;
    size_t sq_start, sq_len, sq_n;
    /* the skip and relative-clause marks of sentences with deferred
     * mentions (ex_pending), one copy per sentence; skips_sent: the
     * sentence copied last + 1 */
    unsigned char *skips;
    size_t nskips, capskips, skips_sent;
    /* what the last emit_mention left for a deferred title */
    const char *ante;
    size_t ante_len;
} xstate;

/* The name run ending at token k (a name), back over names, "&", "." and
 * "of" between names; its first token. */
static size_t name_start(const ex_sentence *s, size_t k)
{
    const chr_tok *t = s->tv->t;
    size_t a = k;
    while (a > s->lo && !s->skip[a - 1 - s->lo]) {
        const chr_tok *p = &t[a - 1];
        if (s->words[a - 1].tag == PT_PROPN ||
            (p->kind == T_PUNCT && p->adj && (p->val == '&' || p->val == '.')) ||
            (a >= s->lo + 2 && chr_tok_is(s->text, p, "of") && s->words[a - 2].tag == PT_PROPN))
            a--;
        else
            break;
    }
    while (a < k && t[a].kind == T_PUNCT)
        a++;
    return a;
}

/* Can the name [a, k] be a person's: two words or more, the last no
 * common noun ("Jens Stoltenberg", not "Data Protection Regulation")? */
static int person_name(const ex_sentence *s, size_t a, size_t k)
{
    size_t n = 0;
    for (size_t i = a; i <= k; i++)
        n += s->tv->t[i].kind == T_WORD;
    if (n < 2)
        return 0;
    const chr_word *w = chr_pos_word(s->text, &s->tv->t[k]);
    if (w == NULL || w->noun_lemma == NULL || (w->flags & CHR_WF_PROPER))
        return 1;
    /* "Steve Jobs", "Tim Cook": a surname that is also a word, after a
     * given name that is none (no acronym: "CFI Group") */
    const chr_tok *g = &s->tv->t[k - 1];
    if (k == a || g->kind != T_WORD || g->e - g->s < 3 ||
        chr_is_upper((unsigned char)s->text[g->s + 1]))
        return 0;
    w = chr_pos_word(s->text, g);
    return w == NULL || (w->flags & CHR_WF_PROPER);
}

/* How many sentences a subject stays the person a "he" stands for. */
#define EX_SUBJ_SPAN 5
/* What a pronoun subject before token tok stands for: the nearest name
 * before it in the sentence, else one of an earlier sentence. */
static void antecedent(const xstate *x, const ex_sentence *s, size_t tok, const char **p,
                       size_t *len)
{
    const chr_tok *t = s->tv->t;
    size_t pr = tok;
    while (pr > s->lo && s->words[pr - 1].tag != PT_PRON && s->words[pr - 1].closed != CL_POSSDET)
        pr--;
    *p = NULL;
    *len = 0;
    if (pr == s->lo)
        return;
    int person = chr_tok_is(x->text, &t[pr - 1], "he") || chr_tok_is(x->text, &t[pr - 1], "she") ||
                 chr_tok_is(x->text, &t[pr - 1], "his") || chr_tok_is(x->text, &t[pr - 1], "her");
    for (size_t k = pr - 1; k > s->lo; k--)
        if (s->words[k - 1].tag == PT_PROPN && !s->skip[k - 1 - s->lo] &&
            t[k - 1].e - t[k - 1].s > 1) {
            size_t a = name_start(s, k - 1);
            if (person && !person_name(s, a, k - 1)) {
                k = a + 1;
                continue;  /* "he" is a person: a full name */
            }
            *p = x->text + t[a].s;
            *len = t[k - 1].e - t[a].s;
            return;
        }
    /* the person the last sentences were about */
    if (person && x->subj != NULL && x->subj_sent + EX_SUBJ_SPAN >= x->sent) {
        *p = x->subj;
        *len = x->subj_len;
        return;
    }
    uint32_t a = person && x->person_e ? x->person_s : x->thing_s;
    uint32_t e = person && x->person_e ? x->person_e : x->thing_e;
    if (e > a) {
        *p = x->text + a;
        *len = e - a;
    }
}

/* The person named by the subject [a, b) of a main verb: a person's
 * name in it, or a word of a full name the document gave ("Jobs"). */
static void note_subject(xstate *x, const ex_sentence *s, size_t a, size_t b)
{
    const chr_tok *t = s->tv->t;
    for (size_t k = a; k < b; k++) {
        if (t[k].kind != T_WORD || !t[k].cap || s->words[k].closed != CL_NONE)
            continue;
        size_t e = k;
        while (e + 1 < b && t[e + 1].kind == T_WORD && t[e + 1].cap)
            e++;
        /* the head of the subject ("Current PowerPC programs" is none) */
        if (e + 1 != b)
            break;
        if (person_name(s, k, e)) {
            x->next_subj = x->text + t[k].s;
            x->next_subj_len = t[e].e - t[k].s;
            return;
        }
        if (e == k) {
            /* the full name of the document that ends with it */
            size_t n = t[k].e - t[k].s;
            for (size_t i = x->names.n; i-- > 0;) {
                const char *v = x->names.v[i];
                size_t len = strlen(v);
                if (len > n + 1 && v[len - n - 1] == ' ' &&
                    memcmp(v + len - n, x->text + t[k].s, n) == 0) {
                    x->next_subj = v;
                    x->next_subj_len = len;
                    return;
                }
            }
        }
        k = e;
    }
}

/* Remember the names of a sentence for the pronouns of the next ones. */
static void note_names(xstate *x, const ex_sentence *s)
{
    const chr_tok *t = s->tv->t;
    int first = 1;
    if (x->next_subj != NULL) {
        x->subj = x->next_subj;
        x->subj_len = x->next_subj_len;
        x->subj_sent = x->sent;
        x->next_subj = NULL;
    }
    for (size_t k = s->lo; k < s->hi; k++) {
        if (s->words[k].tag != PT_PROPN || s->skip[k - s->lo] || t[k].s < s->dl_end ||
            t[k].e - t[k].s < 2)
            continue;
        size_t e = k;
        while (e + 1 < s->hi && s->words[e + 1].tag == PT_PROPN && !s->skip[e + 1 - s->lo])
            e++;
        if (first) {
            x->thing_s = t[k].s;
            x->thing_e = t[e].e;
            first = 0;
        }
        /* a full name for the short forms of later sentences: capitalised
         * words, whatever the tagger made of them ("Richard Cook") */
        size_t f = e;
        while (f + 1 < s->hi && t[f + 1].kind == T_WORD && t[f + 1].cap && !s->skip[f + 1 - s->lo])
            f++;
        if (f > k)
            ex_names_note(&x->names, x->text + t[k].s, t[f].e - t[k].s);
        if (person_name(s, k, e)) {
            x->person_s = t[k].s;
            x->person_e = t[e].e;
            x->person_sent = x->sent;
        }
        k = e;
    }
}

/* The date of m: the expression tx, or the DCT (from_dct), or none. */
static void date_mention(const xstate *x, chr_mention *m, const chr_timex *tx, int from_dct)
{
    m->dct = x->dct ? x->dct->day : CHR_NO_DAY;
    m->date.prec = CHR_PREC_NONE;
    m->date.first = m->date.last = CHR_NO_DAY;
    m->date.minute = -1;
    if (tx) {
        m->date_text = chr_squeeze(x->text + tx->start, tx->end - tx->start);
        m->date_offset = tx->start;
        m->date_length = tx->end - tx->start;
        m->date = tx->date;
        m->mod = tx->mod;
        m->anchor = tx->anchor;
        /* "8 years ago" counted from the DCT's year may be a year off */
        if (tx->anchor == CHR_ANCHOR_DCT && tx->date.prec == CHR_PREC_YEAR &&
            tx->end - tx->start > 4 && memcmp(x->text + tx->end - 3, "ago", 3) == 0)
            m->mod = CHR_MOD_APPROX;
    } else if (from_dct && x->dct && x->dct->day != CHR_NO_DAY) {
        m->date_text = chr_squeeze(x->text + x->dct->offset, x->dct->length);
        m->date_offset = x->dct->offset;
        m->date_length = x->dct->length;
        chr_date_from_day(&m->date, x->dct->day);
        m->anchor = CHR_ANCHOR_DCT;
    } else {
        m->why_undated = x->dct && x->dct->day == CHR_NO_DAY
                             ? "no date expression in the clause, and no document date"
                             : "no date expression governs this event";
    }
}

/* The sentence's text, squeezed: a copy of the one kept, or squeezed
 * (and kept).  malloc'd; NULL when out of memory. */
static char *sentence_text(xstate *x, const ex_sentence *s)
{
    if (x->sq == NULL || x->sq_start != s->span.start || x->sq_len != s->span.len) {
        free(x->sq);
        x->sq = chr_squeeze(x->text + s->span.start, s->span.len);
        if (x->sq == NULL)
            return NULL;
        x->sq_start = s->span.start;
        x->sq_len = s->span.len;
        x->sq_n = strlen(x->sq);
    }
    char *p = malloc(x->sq_n + 1);
    if (p != NULL)
        memcpy(p, x->sq, x->sq_n + 1);
    return p;
}

/* emit_mention's defer: the sentence text and title left NULL, for
 * finish_deferred to make once the mention is dated. */
static int emit_mention(xstate *x, const ex_sentence *s, const cand *c, const chr_timex *tx,
                        int from_dct, int defer)
{
    const chr_tok *t = x->tv->t;
    chr_mention m;
    memset(&m, 0, sizeof m);
    m.type = (chr_event_type)c->type;
    m.status = (chr_modality)c->status;
    m.trigger_offset = t[c->tok].s;
    m.trigger_length = t[c->tok + c->span - 1].e - t[c->tok].s;
    m.lemma = c->lemma ? strdup(c->lemma) : NULL;
    m.doc = strdup(chr_doc_name(x->doc));
    m.offset = s->span.start;
    m.length = s->span.len;
    m.trigger = chr_squeeze(x->text + t[c->tok].s, t[c->tok + c->span - 1].e - t[c->tok].s);
    const char *ante;
    size_t ante_len;
    antecedent(x, s, c->tok, &ante, &ante_len);
    if (!defer) {
        m.sentence = sentence_text(x, s);
        m.title = ex_make_title(s, c->tok, c->span, ante, ante_len);
    }
    x->ante = ante;
    x->ante_len = ante_len;
    date_mention(x, &m, tx, from_dct);
    /* the actors: who takes part in it, not every name of its clause */
    ex_roles roles;
    ex_participants(s, c, &roles);
    for (size_t k = 0; k < roles.npron && roles.nextra < 4; k++) {
        const char *p;
        size_t len;
        antecedent(x, s, roles.pron[k] + 1, &p, &len);
        if (p != NULL && len > 0) {
            roles.extra[roles.nextra] = p;
            roles.extra_len[roles.nextra++] = len;
        }
    }
    if (c->main && roles.nsubj && x->next_subj == NULL)
        note_subject(x, s, roles.subj_a, roles.subj_b);
    int rc = ex_actors(s, &roles, &x->names, &x->acr, &m.actors, &m.nactors);
    if (c->excluded && m.date.prec == CHR_PREC_NONE)
        m.why_undated = c->excluded;
    if (rc != 0 || m.doc == NULL || m.trigger == NULL || (!defer && (m.sentence == NULL || m.title == NULL)) ||
        (c->lemma && m.lemma == NULL) ||
        (m.date_text == NULL && (tx || (from_dct && m.date.prec != CHR_PREC_NONE)))) {
        chr_mention_clear(&m);
        return CHR_ENOMEM;
    }
    int explicit = m.date.prec != CHR_PREC_NONE && tx != NULL;
    if (chr_mention_list_push(x->out, &m) != 0) {
        chr_mention_clear(&m);
        return CHR_ENOMEM;
    }
    /* a date inside a quotation dates what was said, not the saying: it
     * leaves the sentence to the inference rules */
    if (explicit && x->sent_dated[x->sent] == (size_t)-1 && !s->quote[c->tok - s->lo]) {
        x->sent_dated[x->sent] = x->out->count - 1;
        x->sent_tense[x->sent] = (uint8_t)ex_tense(s, c);
    }
    return 0;
}

/* Does the sentence say that time has moved on from the narrative's
 * date ("later", "afterwards", "since then", "earlier")? */
static int moves_on(const ex_sentence *s)
{
    for (size_t i = s->lo; i < s->hi; i++)
        if (!s->skip[i - s->lo] && (s->wl[i - s->lo] & EX_W_MOVED))
            return 1;
    return 0;
}

/* Keep the last mention, undated, for the inference rules. */
/* Keep the sentence's skip marks and relative clauses for its deferred
 * titles (once), one after the other; where they are in x->skips, or
 * (size_t)-1 when out of memory. */
static size_t keep_skips(xstate *x, const ex_sentence *s)
{
    size_t nt = s->hi - s->lo;
    if (x->skips_sent == x->sent + 1)
        return x->nskips - 2 * nt;
    if (x->nskips + 2 * nt > x->capskips) {
        size_t cap = x->capskips ? x->capskips * 2 : 4096;
        while (cap < x->nskips + 2 * nt)
            cap *= 2;
        unsigned char *v = realloc(x->skips, cap);
        if (v == NULL)
            return (size_t)-1;
        x->skips = v;
        x->capskips = cap;
    }
    memcpy(x->skips + x->nskips, s->skip, nt);
    memcpy(x->skips + x->nskips + nt, s->rel, nt);
    x->nskips += 2 * nt;
    x->skips_sent = x->sent + 1;
    return x->nskips - 2 * nt;
}

static int pend(xstate *x, const ex_sentence *s, const cand *c, int moved_on, int deferred)
{
    if (x->np == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 64;
        ex_pending *v = realloc(x->pending, cap * sizeof *v);
        if (v == NULL)
            return CHR_ENOMEM;
        x->pending = v;
        x->cap = cap;
    }
    ex_pending *p = &x->pending[x->np++];
    p->m = x->out->count - 1;
    p->sent = x->sent;
    p->para = x->para;
    p->tense = (uint8_t)ex_tense(s, c);
    p->reporting = c->reporting;
    p->headline = x->sent < x->lede;
    p->main = c->pos == PT_VERB && c->main;
    p->verb = c->pos == PT_VERB;
    p->moves_on = (uint8_t)moved_on;
    int gov = ex_dependent(s, c);
    p->gov = gov < 0 ? UINT32_MAX : s->tv->t[s->lo + (size_t)gov].s;
    p->deferred = (uint8_t)deferred;
    if (deferred) {
        p->tok = (uint32_t)c->tok;
        p->span = (uint32_t)c->span;
        p->lo = (uint32_t)s->lo;
        p->hi = (uint32_t)s->hi;
        p->ante = x->ante;
        p->ante_len = x->ante_len;
        if ((p->skip_at = keep_skips(x, s)) == (size_t)-1)
            return CHR_ENOMEM;
    }
    return 0;
}

/* The sentence text and title of each deferred mention inference dated;
 * 0 or CHR_ENOMEM. */
static int finish_deferred(xstate *x)
{
    for (size_t k = 0; k < x->np; k++) {
        const ex_pending *p = &x->pending[k];
        chr_mention *m = &x->out->items[p->m];
        if (!p->deferred || m->date.prec == CHR_PREC_NONE)
            continue;
        /* the sentence as ex_make_title reads it: its tokens, their
         * parts of speech, its skip marks and relative clauses (what
         * else it read would be NULL here, and fail at once) */
        ex_sentence s = {0};
        s.text = x->text;
        s.tv = x->tv;
        s.words = x->words;
        s.lo = p->lo;
        s.hi = p->hi;
        s.skip = x->skips + p->skip_at;
        s.rel = x->skips + p->skip_at + (p->hi - p->lo);
        m->sentence = chr_squeeze(x->text + m->offset, m->length);
        m->title = ex_make_title(&s, p->tok, p->span, p->ante, p->ante_len);
        if (m->sentence == NULL || m->title == NULL)
            return CHR_ENOMEM;
    }
    return 0;
}

/* Mark what is no part of the sentence's story: the dateline prefix (up
 * to the dash or colon after its date) and the tokens of date
 * expressions. */
static void mark_skips(const xstate *x, ex_sentence *s)
{
    const chr_tok *t = x->tv->t;
    size_t lo = s->lo, hi = s->hi;
    if (s->dl_end) {
        size_t j = lo;
        while (j < hi && t[j].s < s->dl_end)
            s->skip[j++ - lo] = 1;
        while (j < hi && (t[j].kind == T_PUNCT || (j > lo && t[j - 1].kind == T_PUNCT &&
                                                   t[j - 1].val == '(' && t[j].kind == T_WORD))) {
            int dash = t[j].kind == T_PUNCT && (t[j].val == '-' || t[j].val == ':' ||
                                                t[j].s + 3 == t[j].e);
            s->skip[j++ - lo] = 1;
            if (dash)
                break;
        }
    }
    for (size_t k = s->t0; k < s->t1; k++) {
        const chr_timex *tx = &x->tl->items[k];
        for (size_t j = ex_first_tok_at(x->tv, tx->start); j < hi && t[j].s < tx->end; j++)
            if (j >= lo)
                s->skip[j - lo] = 1;
    }
}


/* Is the event noun c in the phrase opening its sentence, before the
 * main verb v ("In his keynote on Wednesday, Roe announced")?  (A noun
 * after its verb is one event with it: "filed charges on Monday".) */
static int noun_of_verb(const ex_sentence *s, const cand *v, const cand *c)
{
    const chr_tok *t = s->tv->t;
    if (c->tok > v->tok || s->words[s->lo].tag != PT_PREP)
        return 0;
    int comma = 0;
    for (size_t k = c->tok + 1; k < v->tok; k++) {
        if (s->words[k].tag == PT_VERB)
            return 0;
        comma |= t[k].kind == T_PUNCT && t[k].val == ',';
    }
    return comma;
}

/* Link the cheapest pairs first, each date and each candidate once.
 * Negated and hypothetical candidates take no
 * date; an attribution takes one (so that it does not wander) but is no
 * event. */
/* Does the date tx open the sentence, before every candidate? */
static int fronted(const ex_sentence *s, const cand *cands, size_t nc, const chr_timex *tx)
{
    for (size_t ci = 0; ci < nc; ci++)
        if (s->tv->t[cands[ci].tok].s < tx->end)
            return 0;
    return 1;
}

/* Is the verb at v in a clause joined by "and" or "but" to the clause
 * of the verb at c, with nothing subordinating it in between ("and he
 * founded", not "and said that it founded")? */
static int joined_clause(const ex_sentence *s, size_t c, size_t v)
{
    size_t k = v;
    while (k > c && s->words[k - 1].tag != PT_CONJ) {
        if (s->words[k - 1].closed == CL_SUBORD || s->words[k - 1].closed == CL_THAT ||
            s->words[k - 1].tag == PT_VERB ||
            (s->tv->t[k - 1].kind == T_PUNCT && s->tv->t[k - 1].val != ','))
            return 0;
        k--;
    }
    if (k <= c || !(chr_tok_is(s->text, &s->tv->t[k - 1], "and") ||
                    chr_tok_is(s->text, &s->tv->t[k - 1], "but")))
        return 0;
    /* "issued a report, saying that X could pose ..., and recommended":
     * after a subordinate clause the "and" may join inside it */
    for (size_t i = c + 1; i + 1 < k; i++)
        if (s->words[i].closed == CL_SUBORD || s->words[i].closed == CL_THAT ||
            s->words[i].closed == CL_WH)
            return 0;
    return 1;
}

static int link_dates(xstate *x, const ex_sentence *s, cand *cands, size_t nc)
{
    ex_link *links = NULL;
    size_t nl = 0;
    unsigned char *tx_used = calloc(s->t1 - s->t0 + 1, 1);
    int rc = tx_used ? ex_links(s, cands, nc, &links, &nl) : CHR_ENOMEM;
    for (size_t k = 0; k < nl && rc == 0; k++) {
        const ex_link *l = &links[k];
        cand *c = &cands[l->cand];
        if (c->used || c->excluded || tx_used[l->tx - s->t0])
            continue;
        c->used = 1;
        tx_used[l->tx - s->t0] = 1;
        if (!c->silent)
            rc = emit_mention(x, s, c, &x->tl->items[l->tx], 0, 0);
        /* "In his keynote on Wednesday, Roe announced": the date of an
         * event noun in the opening phrase is that of the main verb after
         * it, undated, told as part of it */
        if (rc == 0 && c->pos == PT_NOUN && !c->silent && c->status == CHR_OCCURRED) {
            size_t ca, cb;
            ex_clause_span(s, c->tok, &ca, &cb);
            for (size_t vi = 0; vi < nc; vi++) {
                cand *v = &cands[vi];
                if (v->pos != PT_VERB || !v->main || v->used || v->excluded || v->silent ||
                    v->tok < ca || v->tok >= cb || v->status != CHR_OCCURRED || s->quote[v->tok - s->lo] ||
                    !(v->vform & CHR_WF_PAST) || !noun_of_verb(s, v, c))
                    continue;
                v->used = 1;
                rc = emit_mention(x, s, v, &x->tl->items[l->tx], 0, 0);
                break;
            }
        }
        /* "One year later he was fired and he founded a company", "Iran
         * on Saturday condemned X and expressed Y": a date before the
         * sentence's first event dates the past verbs of the clauses and
         * predicates joined to the first by "and" or "but" */
        if (rc == 0 && c->pos == PT_VERB && !c->silent &&
            fronted(s, cands, nc, &x->tl->items[l->tx])) {
            for (size_t vi = l->cand + 1; vi < nc && rc == 0; vi++) {
                cand *v = &cands[vi];
                if (v->pos != PT_VERB || v->used || v->excluded || v->silent ||
                    v->status != CHR_OCCURRED || s->quote[v->tok - s->lo] || s->rel[v->tok - s->lo] ||
                    !(v->vform & CHR_WF_PAST) || !joined_clause(s, c->tok, v->tok))
                    continue;
                v->used = 1;
                rc = emit_mention(x, s, v, &x->tl->items[l->tx], 0, 0);
            }
        }
    }
    free(links);
    free(tx_used);
    return rc;
}

/* Can the inference rules date candidate c of the current sentence? */
static int may_infer(const xstate *x, const ex_sentence *s, const cand *c)
{
    const ex_infer_rules *r = &ex_default_rules;
    if (c->excluded)
        return 0;
    if (r->main_only && !(c->pos == PT_VERB && c->main) &&
        !(r->share && ex_dependent(s, c) >= 0))
        return 0;
    return !(r->one_per_sentence && x->sent_dated[x->sent] != (size_t)-1);
}

/* The candidates no date was found for: the subject line of a form takes
 * the form's date; the others wait, undated, for the inference rules
 * (infer.c), with the reason they would be left out. */
static int leftovers(xstate *x, const ex_sentence *s, cand *cands, size_t nc)
{
    int subject = ex_subject_field(x->text + s->span.start, s->span.len);
    int dated_any = 0, rc = 0, moved_on = -1;
    for (size_t ci = 0; ci < nc; ci++)
        dated_any |= cands[ci].used && !cands[ci].silent;
    for (size_t ci = 0; ci < nc && rc == 0; ci++) {
        cand *c = &cands[ci];
        if (c->used && !c->silent)
            continue;
        if (subject && !dated_any && !c->excluded && !c->silent) {
            c->used = 1;
            dated_any = 1;
            rc = emit_mention(x, s, c, NULL, 1, 0);
            if (rc == 0 && x->out->items[x->out->count - 1].date.prec != CHR_PREC_NONE) {
                x->out->items[x->out->count - 1].anchor = CHR_ANCHOR_FORM;
                x->form_sent = x->sent;
            }
        } else {
            if (c->silent)
                c->excluded = "the story's source (attribution), not an event of it";
            if (!x->opts->keep_undated && !may_infer(x, s, c))
                continue;  /* it would stay undated and be dropped: skip the work */
            /* only dated mentions kept: one that may be dated (not
             * excluded) gets its title once it is */
            int defer = !x->opts->keep_undated && !c->excluded;
            rc = emit_mention(x, s, c, NULL, 0, defer);
            if (rc == 0 && !c->excluded) {
                if (moved_on < 0)
                    moved_on = moves_on(s);
                rc = pend(x, s, c, moved_on, defer);
            }
        }
    }
    return rc;
}

/* "For consumers still dissatisfied with it, ...", "During an event held
 * at its offices, ...": a verb right after the noun phrase of an opening
 * preposition modifies that noun; it heads no clause. */
static int after_pp(const ex_sentence *s, size_t tok)
{
    size_t k = tok;
    while (k > s->lo && s->words[k - 1].tag == PT_ADV)
        k--;  /* "still dissatisfied" */
    for (size_t n = 0; k > s->lo && !s->skip[k - 1 - s->lo]; k--, n++) {
        unsigned g = s->words[k - 1].tag;
        if (g == PT_PREP) {
            if (n == 0 || k - 1 != s->lo)
                return 0;
            /* an opening phrase, closed by a comma after the verb */
            const chr_tok *t = s->tv->t;
            for (size_t j = tok + 1; j < s->hi; j++) {
                if (t[j].kind != T_PUNCT)
                    continue;
                if (t[j].val == ',')
                    return 1;
                if (t[j].val == ';' || t[j].val == ':' || ex_opens_quote(s->text, &t[j]) ||
                    t[j].val == '"')
                    return 0;
            }
            return 0;
        }
        if (g != PT_NOUN && g != PT_PROPN && g != PT_ADJ && g != PT_DET && g != PT_NUM &&
            g != PT_POSS)
            return 0;
    }
    return 0;
}

/* The main verb of each clause: the first finite verb after a clause
 * boundary (the sentence start, ';', ':', ', and', ', but', a
 * subordinating word, or the comma closing an opening phrase). */
static void mark_main(const ex_sentence *s, cand *cands, size_t nc)
{
    const chr_tok *t = s->tv->t;
    size_t ci = 0;
    int intro = 0;
    for (size_t i = s->lo; i < s->hi && ci < nc; i++) {
        int opens = i == s->lo || (t[i].kind == T_PUNCT && (t[i].val == ';' || t[i].val == ':'));
        /* "For consumers still unhappy, Jobs said", "When he first
         * introduced it, he praised", "Moving on, Jobs announced": the
         * comma after an opening phrase starts the main clause */
        int boundary = opens || (intro && t[i].kind == T_PUNCT && t[i].val == ',') ||
                       (s->words[i].tag == PT_CONJ && i > s->lo && t[i - 1].kind == T_PUNCT &&
                        t[i - 1].val == ',') || s->words[i].closed == CL_SUBORD;
        if (t[i].kind == T_PUNCT && t[i].val == ',')
            intro = 0;
        if (opens) {
            size_t w = i + (t[i].kind == T_PUNCT);
            const chr_wtag *g = w < s->hi ? &s->words[w] : NULL;
            intro = g != NULL && (g->tag == PT_PREP || g->closed == CL_SUBORD ||
                                  (g->tag == PT_VERB && (g->form & (CHR_WF_ING | CHR_WF_PART))));
        }
        if (boundary) {
            /* find the first finite verb candidate from here */
            for (size_t k = ci; k < nc && cands[k].tok >= i; k++) {
                int finite = cands[k].pos == PT_VERB && !s->quote[cands[k].tok - s->lo] &&
                             (cands[k].vform & (CHR_WF_PAST | CHR_WF_3SG | CHR_WF_BASE | CHR_WF_PART)) &&
                             !after_pp(s, cands[k].tok);
                if (finite) {
                    cands[k].main = 1;
                    break;
                }
            }
        }
        while (ci < nc && cands[ci].tok <= i)
            ci++;
    }
}

/* The present tense with a set ("meets every Monday", "reports twice a
 * year") is a habit, no event of a chronology. */
static void mark_habitual(const ex_sentence *s, cand *cands, size_t nc)
{
    int set = 0;
    for (size_t k = s->t0; k < s->t1; k++)
        set |= s->tl->items[k].type == CHR_TX_SET;
    for (size_t ci = 0; set && ci < nc; ci++)
        if (cands[ci].excluded == NULL && ex_tense(s, &cands[ci]) == EX_PRESENT)
            cands[ci].excluded = "habitual (the present with \"every ...\"), not one event";
}

/* Does the noun phrase go on after the noun at i ("executive order
 * giving ..." ends at "order": an "-ing" word after it opens a clause)? */
static int compound_goes_on(const ex_sentence *s, size_t i)
{
    if (i + 1 >= s->hi || s->words[i + 1].tag != PT_NOUN)
        return 0;
    const chr_tok *n = &s->tv->t[i + 1];
    return !(n->e - n->s > 4 && memcmp(s->text + n->e - 3, "ing", 3) == 0);
}

/* "filed a lawsuit", "made an appearance", "lost its court case": a
 * verb whose object is an event noun tells one event with it; the two
 * are one trigger, and the noun alone no other event. */
/* support verbs: the event is the noun's ("made an appearance", "filed a
 * lawsuit", "lost a case"); a closed class of the language */
static const char *const support[] = {
    "bring", "carry", "conduct", "deliver", "do", "extend", "file", "give", "have", "hold",
    "issue", "launch", "lodge", "lose", "make", "pay", "stage", "take", "undergo", "post",
    "reach", "receive", "sign", "suffer", "win"};

CHR_WORDTAB_DEFINE(support_find, support)

static int support_verb(const char *lemma)
{
    return lemma != NULL && support_find(lemma, strlen(lemma)) >= 0;
}

static void join_object(const ex_sentence *s, cand *cands, size_t nc, cand *v, size_t head)
{
    if (!support_verb(v->lemma))
        return;
    /* "violated the 1991 agreement", "signed the Paris accord": a noun
     * with a date or a name of its own is an event of its own */
    for (size_t i = v->tok + v->span; i < head; i++)
        if (s->words[i].tag == PT_NUM || s->words[i].tag == PT_PROPN)
            return;
    for (size_t k = 0; k < nc; k++) {
        cand *n = &cands[k];
        if (n != v && n->pos == PT_NOUN && n->tok == head && n->excluded == NULL && v->excluded == NULL &&
            n->span == 1) {
            n->excluded = "part of the event of the verb that takes it as its object";
            v->span = head + 1 - v->tok;
            return;
        }
    }
}

/* A verb of no type of its own takes the type of the event noun it takes
 * as its object: "filed charges" is a legal action, "issued an executive
 * order" a policy, "held talks" a meeting; a noun of none, the type of
 * the noun before it. */
static void object_types(const ex_sentence *s, cand *cands, size_t nc)
{
    for (size_t ci = 0; ci < nc; ci++) {
        cand *v = &cands[ci];
        /* "announced a ban", "published guidance": what is said or
         * published is the event */
        if (v->type != CHR_EV_OTHER && v->type != CHR_EV_STATEMENT && v->type != CHR_EV_REPORT)
            continue;
        /* "an opening ceremony" is an opening */
        if (v->pos == PT_NOUN && v->type == CHR_EV_OTHER && v->tok > s->lo && s->words[v->tok - 1].tag == PT_NOUN) {
            const chr_word *m = s->words[v->tok - 1].w;
            if (m != NULL && m->noun_meaning != CHR_MEANING_NONE) {
                v->type = (uint8_t)ex_type_of(m->noun_meaning);
                v->weight = 2;
            }
            continue;
        }
        if (v->pos != PT_VERB)
            continue;
        for (size_t i = v->tok + v->span, n = 0; i < s->hi && n < 5; i++, n++) {
            const chr_wtag *g = &s->words[i];
            /* the head: the last noun of the phrase */
            if (g->tag == PT_NOUN && !compound_goes_on(s, i)) {
                int was = v->type;
                if (g->w != NULL && g->w->noun_meaning != CHR_MEANING_NONE) {
                    v->type = (uint8_t)ex_type_of(g->w->noun_meaning);
                    v->weight = 2;
                }
                /* not "announced a ban": an announcement and a ban */
                if (was == CHR_EV_OTHER)
                    join_object(s, cands, nc, v, i);
                break;
            }
            if (g->tag != PT_DET && g->tag != PT_ADJ && g->tag != PT_NUM && g->tag != PT_POSS &&
                g->tag != PT_PROPN && g->tag != PT_NOUN)
                break;
        }
    }
}

/* "added the firm to its list": a verb of saying with an object and a
 * destination moves a thing; it says nothing. */
static void moved_objects(const ex_sentence *s, cand *cands, size_t nc)
{
    const chr_tok *t = s->tv->t;
    for (size_t ci = 0; ci < nc; ci++) {
        cand *v = &cands[ci];
        if (v->pos != PT_VERB || v->type != CHR_EV_STATEMENT)
            continue;
        size_t i = v->tok + v->span, n = 0;
        while (i < s->hi && n < 6 && (s->words[i].tag == PT_DET || s->words[i].tag == PT_ADJ ||
                                      s->words[i].tag == PT_NUM || s->words[i].tag == PT_POSS ||
                                      s->words[i].tag == PT_PROPN || s->words[i].tag == PT_NOUN))
            i++, n++;
        if (n == 0 || i + 1 >= s->hi || !chr_tok_is(s->text, &t[i], "to"))
            continue;
        int nt = s->words[i + 1].tag;
        if (nt == PT_DET || nt == PT_POSS || nt == PT_PROPN || nt == PT_NOUN || nt == PT_ADJ) {
            v->type = CHR_EV_OTHER;
            v->weight = 1;
            v->reporting = 0;
            v->silent = 0;
        }
    }
}

static int emit_all(xstate *x, const ex_sentence *s, cand *cands, size_t nc)
{
    moved_objects(s, cands, nc);
    object_types(s, cands, nc);
    mark_habitual(s, cands, nc);
    mark_main(s, cands, nc);
    int rc = link_dates(x, s, cands, nc);
    return rc ? rc : leftovers(x, s, cands, nc);
}

/* Is the line holding offset at quoted from an earlier message ("> ...",
 * as e-mail replies quote)?  Its events are that message's, dated from
 * its date, not the reply's.  Sentences come in order, so the text is
 * read forward once (one run-on line of a megabyte is no quadratic walk
 * back). */
static int quoted_line(xstate *x, size_t at)
{
    size_t nl = (size_t)-1;
    for (const char *q = x->text + x->qpos, *e = x->text + at;
         q < e && (q = memchr(q, '\n', (size_t)(e - q))) != NULL; q++)
        nl = (size_t)(q - x->text);
    if (nl != (size_t)-1 || x->qpos == 0) {
        size_t b = nl == (size_t)-1 ? 0 : nl + 1;
        while (b < at && (x->text[b] == ' ' || x->text[b] == '\t'))
            b++;
        x->qline = x->text[b] == '>';
    }
    if (at > x->qpos)
        x->qpos = at;
    return x->qline;
}

static int sentence_events(xstate *x, chr_span sp, size_t *txi)
{
    ex_sentence s;
    memset(&s, 0, sizeof s);
    s.text = x->text;
    s.tv = x->tv;
    s.words = x->words;
    s.span = sp;
    s.tl = x->tl;
    s.dct = x->dct;
    s.lo = ex_first_tok_at(x->tv, sp.start);
    s.hi = ex_first_tok_at(x->tv, sp.start + sp.len);
    if (s.hi <= s.lo)
        return 0;
    /* a wire dateline opening a line of the lede ("PARIS, May 3 (Wire) -",
     * "NEW YORK -") is no part of the story: the sentence starts after it */
    if (x->sent < CHR_DATELINE_SENTENCES && (s.lo == 0 || x->tv->t[s.lo].nl)) {
        size_t k = chr_dateline_skip(x->text, x->tv, s.lo, s.hi);
        if (k >= s.hi)
            return 0;
        if (k > s.lo) {
            sp.len -= x->tv->t[k].s - sp.start;
            sp.start = x->tv->t[k].s;
            s.span = sp;
            s.lo = k;
        }
    }
    /* timexes inside the sentence */
    s.t0 = *txi;
    while (s.t0 < x->tl->count && x->tl->items[s.t0].start < sp.start)
        s.t0++;
    s.t1 = s.t0;
    while (s.t1 < x->tl->count && x->tl->items[s.t1].start < sp.start + sp.len)
        s.t1++;
    *txi = s.t1;
    if (quoted_line(x, sp.start) || ex_metadata_line(x->text + sp.start, sp.len))
        return 0;
    /* a one-word line ("Notes", "Update") is a label, no statement */
    size_t nwords = 0;
    for (size_t i = s.lo; i < s.hi && nwords < 2; i++)
        nwords += x->tv->t[i].kind == T_WORD;
    if (nwords < 2)
        return 0;
    /* the dateline or header that gave the DCT dates no event, and the
     * place and agency in front of it are no actors */
    if (x->dct && x->dct->length > 0 && x->dct->source != CHR_DCT_BOUND &&
        x->dct->offset >= sp.start && x->dct->offset < sp.start + sp.len)
        s.dl_end = (size_t)x->dct->offset + x->dct->length;
    size_t nt = s.hi - s.lo;
    unsigned char *marks = calloc(nt * 3, 1);
    uint16_t *wl = malloc(nt * sizeof *wl);
    cand *cands = malloc(nt * sizeof *cands);  /* ex_candidates writes each it gives */
    int rc = 0;
    if (marks == NULL || wl == NULL || cands == NULL) {
        rc = CHR_ENOMEM;
    } else {
        s.skip = marks;
        s.rel = marks + nt;
        s.quote = marks + 2 * nt;
        ex_word_bits(x->text, x->tv->t, s.lo, s.hi, wl);
        s.wl = wl;
        ex_mark_regions(x->text, x->tv->t, s.lo, s.hi, s.rel, s.quote);
        ex_mark_participles(&s);
        mark_skips(x, &s);
        size_t nc = ex_candidates(&s, cands);
        if (nc)
            rc = emit_all(x, &s, cands, nc);
        note_names(x, &s);
    }
    free(cands);
    free(wl);
    free(marks);
    return rc;
}

/* Where the headline and lede end: the sentence after the one holding the
 * dateline (a wire dateline opens the lede: "PARIS, April 8 (Wire) - The
 * ministry ..."), or, with no dateline, after a first line that is a
 * title (no final stop) and the sentence after it. */
static size_t lede_end(const chr_doc *doc, const char *text, const chr_dct *dct)
{
    size_t n = chr_doc_sentence_count(doc);
    if (dct && dct->length > 0 && dct->source != CHR_DCT_BOUND) {
        size_t i = chr_doc_sentence_at(doc, dct->offset);
        if (i != (size_t)-1 && i < 8) {
            chr_span sp = chr_doc_sentence(doc, i);
            /* the dateline alone on its line: the lede is the next */
            int alone = (size_t)dct->offset + dct->length + 2 >= (size_t)sp.start + sp.len;
            return i + 1 + (alone ? 1 : 0) < n ? i + 1 + (alone ? 1 : 0) : n;
        }
    }
    if (n == 0)
        return 0;
    chr_span sp = chr_doc_sentence(doc, 0);
    char last = text[sp.start + sp.len - 1];
    int title = last != '.' && last != '"' && sp.len < 200;
    return title ? (n > 2 ? 2 : n) : 1;
}

/* Can the word w stand for the full name: its last word ("Jobs" for
 * "Steve Jobs", "Apple CEO Steve Jobs"), or, when first_too (a name that
 * is an actor), the first of a name of two ("Meng" for "Meng Wanzhou";
 * "Apple" is no short "Apple CEO Steve Jobs")? */
static int name_stands_for(const char *name, const char *w, int first_too)
{
    size_t n = strlen(w), len = strlen(name);
    if (len <= n + 1)
        return 0;
    if (strcmp(name + len - n, w) == 0 && name[len - n - 1] == ' ')
        return 1;
    /* but "iPhone" is no short "iPhone 4" */
    return first_too && strncmp(name, w, n) == 0 && name[n] == ' ' &&
           strchr(name + n + 1, ' ') == NULL && !chr_is_digit((unsigned char)name[n + 1]);
}

/* A copy of name at the end of (*full)[0, *n) unless it is there.  0 or
 * CHR_ENOMEM. */
static int add_name(char ***full, size_t *n, size_t *cap, const char *name)
{
    for (size_t j = 0; j < *n; j++)
        if (strcmp((*full)[j], name) == 0)
            return 0;
    char *d = strdup(name);
    if (d == NULL || CHR_GROW(*full, *n, *cap, 16) != 0) {
        free(d);
        return CHR_ENOMEM;
    }
    (*full)[(*n)++] = d;
    return 0;
}

/* One name per country and per person in a document: a country by its
 * ISO 3166 name; "Meng" and "Ms Meng" the "Meng Wanzhou" it names in full,
 * when exactly one full name of it begins or ends with that word.  0 or
 * CHR_ENOMEM. */
static int canonical_actors(chr_mention_list *out, size_t first, const ex_names *known)
{
    char **full = NULL;        /* copies: the mentions' own names get freed */
    size_t nfull = 0, cap = 0;
    int rc = 0;
    /* a country by the name ISO 3166 gives it ("United States of
     * America", "USA" -> "United States") */
    for (size_t k = first; k < out->count && rc == 0; k++)
        for (size_t i = 0; i < out->items[k].nactors; i++) {
            char **a = &out->items[k].actors[i];
            const char *c = chr_place_name(*a, strlen(*a));
            if (c == NULL || strcmp(c, *a) == 0)
                continue;
            char *d = strdup(c);
            if (d == NULL) {
                rc = CHR_ENOMEM;
                break;
            }
            free(*a);
            *a = d;
        }
    for (size_t k = first; k < out->count && rc == 0; k++)
        for (size_t i = 0; i < out->items[k].nactors && rc == 0; i++) {
            const char *a = out->items[k].actors[i];
            if (strchr(a, ' ') != NULL)
                rc = add_name(&full, &nfull, &cap, a);
        }
    size_t nactor_full = nfull;
    /* and the full names the text gave outside the actors ("Apple CEO
     * Steve Jobs first introduced it, ..." before "Jobs said") */
    for (size_t i = 0; i < known->n && rc == 0; i++)
        rc = add_name(&full, &nfull, &cap, known->v[i]);
    for (size_t k = first; k < out->count && rc == 0 && nfull > 0; k++) {
        chr_mention *m = &out->items[k];
        for (size_t i = 0; i < m->nactors && rc == 0; i++) {
            /* a country is no short name of a company ("China Mobile") */
            if (strchr(m->actors[i], ' ') != NULL ||
                chr_place_name(m->actors[i], strlen(m->actors[i])) != NULL)
                continue;
            const char *only = NULL;
            int many = 0;
            /* an acronym ("UK", "NATO") is no short form of a longer
             * name ("Huawei UK") */
            int acronym = 1;
            for (const char *p = m->actors[i]; *p; p++)
                acronym &= !chr_is_lower((unsigned char)*p);
            if (acronym)
                continue;
            for (size_t j = 0; j < nfull && !many; j++) {
                if (!name_stands_for(full[j], m->actors[i], j < nactor_full))
                    continue;
                /* "Steve Jobs" and "Apple CEO Steve Jobs": the shorter,
                 * which the other holds */
                if (only != NULL && strstr(full[j], only) != NULL)
                    continue;
                if (only != NULL && strstr(only, full[j]) != NULL) {
                    only = full[j];
                    continue;
                }
                many = only != NULL;
                only = full[j];
            }
            if (only == NULL || many)
                continue;
            char *c = strdup(only);
            if (c == NULL) {
                rc = CHR_ENOMEM;
                break;
            }
            free(m->actors[i]);
            m->actors[i] = c;
        }
        chr_mention_tidy_actors(m);
    }
    for (size_t j = 0; j < nfull; j++)
        free(full[j]);
    free(full);
    return rc;
}

/* Sentence by sentence, then the inference rules over what is left
 * undated; undated mentions are dropped unless asked for. */
static int read_sentences(xstate *xs)
{
    const chr_doc *doc = xs->doc;
    size_t txi = 0, ns = chr_doc_sentence_count(doc);
    int rc = 0;
    for (size_t i = 0; i < ns && rc == 0; i++) {
        chr_span sp = chr_doc_sentence(doc, i);
        if ((i >= 3 && ex_related_heading(xs->text + sp.start, sp.len)) ||
            (i >= 1 && ex_comments_start(xs->text + sp.start, sp.len)))
            break;
        /* a blank line before the sentence starts a paragraph */
        if (i > 0) {
            chr_span prev = chr_doc_sentence(doc, i - 1);
            for (size_t k = (size_t)prev.start + prev.len, nl = 0; k < sp.start; k++)
                if (xs->text[k] == '\n' && ++nl == 2) {
                    xs->para++;
                    break;
                }
        }
        xs->sent = i;
        xs->sent_para[i] = xs->para;
        rc = sentence_events(xs, sp, &txi);
    }
    ex_infer_ctx ic = {xs->text, xs->dct, xs->out, xs->first, xs->pending, xs->np,
                       xs->sent_dated, xs->sent_tense, xs->sent_para, xs->chain, xs->lede,
                       xs->form_sent,
                       &ex_default_rules};
    if (rc == 0)
        rc = ex_infer(&ic);
    if (rc == 0)
        rc = finish_deferred(xs);
    if (rc == 0 && !xs->opts->keep_undated) {
        chr_mention_list *out = xs->out;
        size_t w = xs->first;
        for (size_t k = xs->first; k < out->count; k++) {
            if (out->items[k].date.prec == CHR_PREC_NONE)
                chr_mention_clear(&out->items[k]);
            else
                out->items[w++] = out->items[k];
        }
        out->count = w;
    }
    return rc;
}

int chr_extract(chr_analysis *a, const chr_extract_opts *opts, chr_mention_list *out,
                chr_error *err)
{
    chr_stat_add(CHR_STAT_EXTRACT);
    chr_extract_opts defaults = {0};
    if (opts == NULL)
        opts = &defaults;
    const chr_doc *doc = chr_analysis_doc(a);
    size_t len;
    const char *text = chr_doc_text(doc, &len);
    xstate *xs = calloc(1, sizeof *xs);
    if (xs == NULL)
        return chr_error_set(err, CHR_ENOMEM, chr_doc_name(doc), CHR_NO_OFFSET, "out of memory");
    xs->doc = doc;
    xs->text = text;
    xs->tv = chr_analysis_tokens(a);
    int rc = chr_analysis_tag_words(a, err);
    if (rc != 0) {
        free(xs);
        return rc;
    }
    xs->words = chr_analysis_words(a);
    xs->tl = chr_analysis_timexes(a);
    xs->dct = chr_analysis_dct(a);
    xs->opts = opts;
    xs->out = out;
    ex_find_acronyms(text, xs->tv, &xs->acr);
    size_t ns = chr_doc_sentence_count(doc);
    xs->first = out->count;
    xs->lede = lede_end(doc, text, xs->dct);
    xs->form_sent = (size_t)-1;
    xs->sent_dated = malloc((ns ? ns : 1) * sizeof *xs->sent_dated);
    xs->sent_para = calloc(ns ? ns : 1, sizeof *xs->sent_para);
    xs->sent_tense = calloc(ns ? ns : 1, sizeof *xs->sent_tense);
    xs->chain = malloc((ns ? ns : 1) * sizeof *xs->chain);
    if (xs->sent_dated == NULL || xs->sent_para == NULL || xs->chain == NULL ||
        xs->sent_tense == NULL)
        rc = CHR_ENOMEM;
    for (size_t i = 0; rc == 0 && i < ns; i++)
        xs->sent_dated[i] = xs->chain[i] = (size_t)-1;
    if (rc == 0)
        rc = read_sentences(xs);
    if (rc == 0)
        rc = canonical_actors(out, xs->first, &xs->names);
    free(xs->sent_dated);
    free(xs->sent_tense);
    free(xs->sent_para);
    free(xs->sq);
    free(xs->skips);
    free(xs->chain);
    free(xs->pending);
    free(xs);
    if (rc != 0)
        chr_error_set(err, rc, chr_doc_name(doc), CHR_NO_OFFSET, "out of memory extracting events");
    return rc;
}
