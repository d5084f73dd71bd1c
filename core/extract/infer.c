/*
 * infer.c - dates a reader infers for events with no date expression in
 * their own clause, each marked with how it was found (its anchor):
 *
 *   headline   the headline and the lede report the news of the day: an
 *              event there takes the date of the same event (same lemma)
 *              dated in the body, or else the document's date;
 *   reporting  a statement ("said", "told Reuters", "confirmed") with no
 *              date of its own was made on the document's date;
 *   present    an event told in the present tense or the present perfect
 *              ("has recalled") is the document's news: its date;
 *   narrative  an event in the past tense right after a sentence that
 *              dates the narrative, in the same paragraph, continues it.
 *
 * Which rules run is data (ex_infer_rules); each was kept because it
 * raises the figures on the development data (README, "How well").
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"

/* The rules, in order of preference. */
const ex_infer_rules ex_default_rules = {
    .headline = 1, .narrative = 1, .story = 1, .form = 1, .main_only = 1, .one_per_sentence = 1,
    .share = 1, .lede_story = 1};

static int dated(const chr_mention *m)
{
    return m->date.prec != CHR_PREC_NONE;
}

/* Give m the date d (anchor a), with the text of the expression it came
 * from.  0 or CHR_ENOMEM. */
static int set_date(chr_mention *m, const chr_date *d, chr_anchor a, const char *text,
                    uint32_t off, uint32_t len)
{
    char *dt = malloc((size_t)len + 1);
    if (dt == NULL)
        return CHR_ENOMEM;
    memcpy(dt, text, len);
    dt[len] = '\0';
    free(m->date_text);
    m->date_text = dt;
    m->date_offset = off;
    m->date_length = len;
    m->date = *d;
    m->anchor = a;
    m->mod = CHR_MOD_NONE;
    m->why_undated = NULL;
    return 0;
}

static int set_from_mention(chr_mention *m, const chr_mention *from, chr_anchor a)
{
    int rc = set_date(m, &from->date, a, from->date_text ? from->date_text : "",
                      from->date_offset,
                      from->date_text ? (uint32_t)strlen(from->date_text) : 0);
    if (rc == 0)
        m->mod = from->mod;
    return rc;
}

static int set_from_dct(const ex_infer_ctx *x, chr_mention *m, chr_anchor a)
{
    chr_date d;
    chr_date_from_day(&d, x->dct->day);
    size_t len = x->dct->length;
    return set_date(m, &d, a, x->text + x->dct->offset, x->dct->offset, (uint32_t)len);
}

/* The first mention of the body dated by an expression of its own with
 * the same lemma as m, or NULL. */
static const chr_mention *body_match(const ex_infer_ctx *x, const chr_mention *m)
{
    if (m->lemma == NULL)
        return NULL;
    for (size_t k = x->first; k < x->out->count; k++) {
        const chr_mention *b = &x->out->items[k];
        if (dated(b) && b->anchor <= CHR_ANCHOR_PREVIOUS && b->lemma != NULL &&
            b->offset != m->offset && strcmp(b->lemma, m->lemma) == 0)
            return b;
    }
    return NULL;
}

/* The date of the narrative an event of sentence p->sent continues: the
 * first mention dated by an expression in the sentence before it, in the
 * same paragraph; or NULL. */
static const chr_mention *narrative(const ex_infer_ctx *x, const ex_pending *p)
{
    if (p->sent == 0 || p->moves_on)
        return NULL;
    size_t prev = p->sent - 1;
    size_t from = x->sent_dated[prev];
    /* "Market share is up from 9 months ago": the present tells no
     * narrative a past event could continue */
    if (from != (size_t)-1 && x->sent_tense[prev] != EX_PAST && x->sent_tense[prev] != EX_PERFECT &&
        x->sent_tense[prev] != EX_NONE)
        return NULL;
    if (from == (size_t)-1)
        from = x->chain[prev];
    if (from == (size_t)-1)
        return NULL;
    const chr_mention *b = &x->out->items[from];
    /* a past event does not continue what was only planned */
    return b->date.prec >= CHR_PREC_MONTH && b->status == CHR_OCCURRED ? b : NULL;
}

/* The story's date: the first event of the headline or lede dated by an
 * expression of its own, to the day, in the week up to the document's
 * date ("opened ... yesterday"); NULL when it has none (the document's
 * date then stands). */
static const chr_mention *story(const ex_infer_ctx *x)
{
    for (size_t s = 0; s < x->lede; s++) {
        if (x->sent_dated[s] == (size_t)-1)
            continue;
        const chr_mention *b = &x->out->items[x->sent_dated[s]];
        if (b->date.prec >= CHR_PREC_DAY && x->dct && x->dct->day != CHR_NO_DAY &&
            b->date.first <= x->dct->day && b->date.first >= x->dct->day - 7)
            return b;
    }
    return NULL;
}

/* Does a name word of three letters or more of an actor of a appear
 * among the words of an actor of b ("Apple" and "Apple CEO Jane Roe")? */
static int actor_word_shared(const chr_mention *a, const chr_mention *b)
{
    for (size_t i = 0; i < a->nactors; i++)
        for (const char *w = a->actors[i]; *w;) {
            size_t n = strcspn(w, " ");
            for (size_t k = 0; n >= 3 && k < b->nactors; k++)
                for (const char *v = b->actors[k]; *v;) {
                    size_t m = strcspn(v, " ");
                    if (m == n && memcmp(v, w, n) == 0)
                        return 1;
                    v += m + (v[m] == ' ');
                }
            w += n + (w[n] == ' ');
        }
    return 0;
}

/* A lede with no date of its own tells the news of the document's day
 * ("At its conference, Acme CEO Jane Roe introduced ..."): a later event
 * in the past tense of one of its actors ("Acme unveiled ...", "Roe
 * returned to the stage") belongs to that story.  The lede's event, or
 * NULL. */
static const chr_mention *lede_story(const ex_infer_ctx *x, const chr_mention *m)
{
    for (size_t k = x->first; k < x->out->count; k++) {
        const chr_mention *b = &x->out->items[k];
        if (b->offset >= m->offset)
            break;
        if (b->anchor == CHR_ANCHOR_HEADLINE && b->date.prec >= CHR_PREC_DAY &&
            b->status == CHR_OCCURRED && b->offset > x->out->items[x->first].offset &&
            actor_word_shared(m, b))
            return b;
    }
    return NULL;
}

static int infer_one(const ex_infer_ctx *x, const ex_pending *p)
{
    chr_mention *m = &x->out->items[p->m];
    int have_dct = x->dct != NULL && x->dct->day != CHR_NO_DAY;
    const ex_infer_rules *r = x->rules;
    if (r->main_only && !p->main)
        return 0;
    if (r->story && p->tense == EX_PAST && !p->headline) {
        const chr_mention *b = r->narrative ? narrative(x, p) : NULL;
        /* "iOS 4 was first introduced in April.  Opening the conference,
         * Roe started by ...": a month that does not hold the story's day
         * was background; the story goes on */
        const chr_mention *st = b != NULL ? story(x) : NULL;
        if (st != NULL && b->date.prec <= CHR_PREC_MONTH &&
            (st->date.first < b->date.first || st->date.first > b->date.last))
            b = st;
        if (b != NULL)
            return set_from_mention(m, b, CHR_ANCHOR_NARRATIVE);
        /* what the minutes of a meeting report was said there */
        if (r->form && p->reporting && x->form_sent != (size_t)-1 && p->sent > x->form_sent &&
            have_dct)
            return set_from_dct(x, m, CHR_ANCHOR_FORM);
        b = story(x);
        if (b == NULL && r->lede_story)
            b = lede_story(x, m);
        if (b != NULL)
            return set_from_mention(m, b, CHR_ANCHOR_NARRATIVE);
        if (p->reporting && have_dct)
            return set_from_dct(x, m, CHR_ANCHOR_REPORTING);
        return 0;
    }
    /* a form (minutes, a memo) has a subject field, not a headline */
    if (r->headline && p->headline && x->form_sent == (size_t)-1) {
        const chr_mention *b = body_match(x, m);
        if (b != NULL)
            return set_from_mention(m, b, CHR_ANCHOR_HEADLINE);
        if (have_dct && p->tense != EX_FUTURE)
            return set_from_dct(x, m, CHR_ANCHOR_HEADLINE);
    }
    if (r->narrative && p->tense == EX_PAST) {
        const chr_mention *b = narrative(x, p);
        if (b != NULL)
            return set_from_mention(m, b, CHR_ANCHOR_NARRATIVE);
    }
    return 0;
}

/* Does the undated p take part in the inferred event of the verb q it
 * hangs off (ex_dependent): "started by hinting at ..., saying",
 * "welcomed everyone and announced", "by walking on stage and taking"? */
static int shares(const ex_pending *p, const ex_pending *q, const chr_mention *m)
{
    if (p->headline || p->gov == UINT32_MAX)
        return 0;
    /* an opening phrase ("While introducing it, ...", "During his
     * speech ...") went on with the verb after it */
    if (p->gov > m->trigger_offset)
        return q->tense == EX_PAST;
    if (!p->verb)
        return 0;
    /* q is the main verb, in the past, or a verb sharing its date */
    if (q->tense == EX_PAST || q->gov != UINT32_MAX)
        return p->tense == EX_PAST || p->tense == EX_NONE;
    return 0;
}

int ex_infer(const ex_infer_ctx *x)
{
    size_t last_sent = (size_t)-1;
    for (size_t k = 0; k < x->np; k++) {
        const ex_pending *p = &x->pending[k];
        /* a sentence that dates an event by an expression of its own, or
         * one that has an inferred date already, gets no other */
        if (x->rules->one_per_sentence &&
            (x->sent_dated[p->sent] != (size_t)-1 || p->sent == last_sent))
            continue;
        if (infer_one(x, p) != 0)
            return CHR_ENOMEM;
        const chr_mention *m = &x->out->items[p->m];
        if (m->date.prec != CHR_PREC_NONE) {
            last_sent = p->sent;
            if (m->anchor == CHR_ANCHOR_NARRATIVE && x->chain[p->sent] == (size_t)-1)
                x->chain[p->sent] = p->m;
        }
    }
    if (!x->rules->share)
        return 0;
    /* the other verbs of a sentence dated by inference share its date */
    for (size_t k = 0, j = 0; k < x->np; k++) {
        const ex_pending *p = &x->pending[k];
        chr_mention *m = &x->out->items[p->m];
        if (m->date.prec != CHR_PREC_NONE)
            continue;
        while (j < x->np && x->pending[j].sent < p->sent)
            j++;
        for (size_t i = j; i < x->np && x->pending[i].sent == p->sent; i++) {
            const ex_pending *q = &x->pending[i];
            const chr_mention *d = &x->out->items[q->m];
            if (i > k && p->gov < m->trigger_offset)
                break;  /* the main verb comes first */
            /* its verb, the main one or one sharing its date already */
            if (d->date.prec == CHR_PREC_NONE || d->trigger_offset != p->gov)
                continue;
            if (shares(p, q, m) && set_from_mention(m, d, d->anchor) != 0)
                return CHR_ENOMEM;
            break;
        }
    }
    return 0;
}
