/*
 * tag.c - the driver.  Matching tries the rules that can start at each
 * token and keeps the longest match (rules.c); what needs the neighbours
 * of a match but no DCT is settled here too.  Resolution then walks the
 * matches in text order, carrying the narrative's previous date.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_int.h"
#include "chronicle/stats.h"
#include "chronicle/tag.h"
#include "lex/lex_int.h"
#include "tag/match_int.h"
#include "tag/tag_int.h"
#include "base/grow_int.h"

typedef struct tag_match {
    proto p;
    uint32_t i, n;          /* tokens [i, i+n) */
} tag_match;

const proto tag_proto_blank = {
    .y = -1, .m = -1, .d = -1, .w = -1, .q = -1, .season = -1, .half = -1,
    .decade = -1, .century = -1, .hh = -1, .mm = -1, .wdir = 2,
};

struct chr_matches {
    ctx c;
    size_t len;             /* of the text */
    const chr_toks *toks;
    tag_match *v;
    size_t n, cap;
};

void chr_timex_list_free(chr_timex_list *l)
{
    if (l == NULL)
        return;
    free(l->items);
    l->items = NULL;
    l->count = l->cap = 0;
}

static int push_timex(chr_timex_list *l, const chr_timex *tx)
{
    if (CHR_GROW(l->items, l->count, l->cap, 32) != 0)
        return -1;
    l->items[l->count++] = *tx;
    return 0;
}

static int push_match(chr_matches *m, const proto *p, size_t i, size_t n)
{
    if (CHR_GROW(m->v, m->n, m->cap, 32) != 0)
        return -1;
    m->v[m->n].p = *p;
    m->v[m->n].i = (uint32_t)i;
    m->v[m->n].n = (uint32_t)n;
    m->n++;
    return 0;
}

/* What the words around a match say about it: "then in May", a time
 * after a day ("next Monday at 10am"), "in two years" in a past clause (a
 * duration), "since 2011", a clock time followed by "on <date>".  Returns
 * the match's length in tokens. */
static size_t settle(const ctx *c, size_t i, size_t n, proto *p)
{
    /* "then in May", "later in May": a bare month after "then" */
    if (p->kind == P_ABS && p->y < 0 && i >= 2 && is_kw(c, i - 1, K_IN) &&
        (is_kw(c, i - 2, K_THEN) || is_kw(c, i - 2, K_LATER)))
        p->then = 1;
    /* "next Monday at 10am", "yesterday at noon": a time on that day */
    if (p->hh < 0 && (p->kind == P_WEEKDAY || ((p->kind == P_DCTREL || p->kind == P_PREVREL) &&
                                                p->unit == U_DAY))) {
        size_t j = i + n;
        int hh, mm;
        size_t k = is_kw(c, j, K_AT) ? tag_clock_at(c, j + 1, &hh, &mm) : 0;
        if (k) {
            p->hh = hh;
            p->mm = mm;
            n = j + 1 + k - i;
        }
    }
    /* "was built in two years": a duration after all */
    if (p->in_ahead && tag_clause_tense(c, i, i + n) < 0)
        p->kind = P_DUR;
    /* "since 2011": from then on; not a date an event happened on */
    if (p->kind == P_ABS && i > 0 && is_kw(c, i - 1, K_SINCE))
        p->mod = CHR_MOD_AFTER;
    /* a clock time followed by "on <date>": one expression */
    if (p->kind == P_TIME) {
        size_t j = i + n;
        /* "10:35 a.m. (0735 GMT) Friday": the time in another zone, in
         * brackets, between the two */
        if (j < c->n && is_p(c, j, '(')) {
            size_t k = j + 1;
            while (k < c->n && k < j + 5 && !is_p(c, k, ')') && !is_p(c, k, '('))
                k++;
            if (k < c->n && is_p(c, k, ')'))
                j = k + 1;
        }
        if (is_kw(c, j, K_ON))
            j++;
        proto q;
        size_t m = j < c->n ? tag_match_at(c, j, &q) : 0;
        if (m && ((q.kind == P_ABS && q.prec == CHR_PREC_DAY) || q.kind == P_WEEKDAY ||
                  (q.kind == P_DCTREL && q.unit == U_DAY)) && q.hh < 0) {
            q.hh = p->hh;
            q.mm = p->mm;
            if (q.kind == P_ABS)
                q.prec = CHR_PREC_MINUTE;
            *p = q;
            n = j + m - i;
        }
    }
    return n;
}

/* "ABC's This Week", "CBS's 60 Minutes", "High Noon": a unit of time
 * written with a capital after a word of the same sentence is part of a
 * title, not a time. */
static int in_title(const ctx *c, size_t i, size_t n, const proto *p)
{
    if (p->holiday)
        return 0;
    for (size_t k = i > 0 ? i : 1; k < i + n; k++) {
        const chr_tok *t = &TK(k), *b = &TK(k - 1);
        if (t->kind == T_WORD && t->cap && !t->nl &&
            (t->cls == C_UNIT || is_kw(c, k, K_NOON) || is_kw(c, k, K_MIDNIGHT)) &&
            (b->kind == T_NUM || (b->kind == T_WORD && b->cls != C_HOLIDAY)))
            return 1;
    }
    return 0;
}

/* The longest match at token i, settled and kept (unless in a title);
 * *next is where the next match may start.  0, or -1 out of memory. */
static int match_at(chr_matches *m, size_t i, size_t *next)
{
    proto p;
    size_t n = tag_match_at(&m->c, i, &p);
    if (n == 0) {
        *next = i + 1;
        return 0;
    }
    n = settle(&m->c, i, n, &p);
    *next = i + n;
    if (in_title(&m->c, i, n, &p))
        return 0;
    return push_match(m, &p, i, n);
}

chr_matches *chr_tag_match(const char *text, size_t len, const chr_toks *tv,
                           chr_date_order order)
{
    chr_matches *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    m->len = len;
    m->toks = tv;
    m->c.text = text;
    m->c.t = tv->t;
    m->c.n = tv->n;
    m->c.order = order == CHR_ORDER_AUTO ? CHR_ORDER_DMY : order;
    chr_stat_add(CHR_STAT_TAG);
    /* most tokens start no rule: the tokens that do, picked from the
     * tokenizer's marks (a block at a time, so that the tokens a block
     * picks are still in the cache when they are matched), else found by
     * a scan of every token */
    size_t i = 0;
    if (tv->mark != NULL && tv->nmark <= tv->n) {
        uint32_t starts[256];
        for (size_t mk = 0; mk < tv->nmark; mk += sizeof starts / sizeof starts[0]) {
            size_t nb = tv->nmark - mk < sizeof starts / sizeof starts[0]
                            ? tv->nmark - mk : sizeof starts / sizeof starts[0];
            size_t ns = tag_starts(&m->c, tv->mark + mk, nb, starts);
            for (size_t k = 0; k < ns; k++) {
                if (starts[k] < i)
                    continue;   /* inside the last match */
                if (match_at(m, starts[k], &i) != 0) {
                    chr_matches_free(m);
                    return NULL;
                }
            }
        }
        return m;
    }
    while ((i = tag_next_start(&m->c, i)) < tv->n)
        if (match_at(m, i, &i) != 0) {
            chr_matches_free(m);
            return NULL;
        }
    return m;
}

void chr_matches_free(chr_matches *m)
{
    if (m == NULL)
        return;
    free(m->v);
    free(m);
}

size_t chr_matches_count(const chr_matches *m)
{
    return m->n;
}

const char *chr_matches_text(const chr_matches *m, size_t *len)
{
    *len = m->len;
    return m->c.text;
}

const chr_toks *chr_matches_tokens(const chr_matches *m)
{
    return m->toks;
}

chr_date_order chr_matches_order(const chr_matches *m)
{
    return m->c.order;
}

/* "Wednesday night": TIMEX3 2000-01-05TNI, a DATE as TimeBank types it;
 * the day stays the date. */
static void part_of_day(chr_timex *tx, int pod)
{
    static const char *const pods[] = {"", "MO", "AF", "EV", "NI"};
    size_t dl = strnlen(tx->date.value, 10);  /* YYYY-MM-DD */
    memcpy(tx->value, tx->date.value, dl);
    tx->value[dl] = 'T';
    memcpy(tx->value + dl + 1, pods[pod], 3);
}

int chr_tag_resolve(const chr_matches *m, int64_t dct, size_t upto, chr_timex_list *out)
{
    chr_tag_carry carry;
    memset(&carry, 0, sizeof carry);
    return chr_tag_resolve_carry(m, dct, upto, &carry, out);
}

int chr_tag_resolve_carry(const chr_matches *m, int64_t dct, size_t upto, chr_tag_carry *carry,
                          chr_timex_list *out)
{
    const ctx *c = &m->c;
    tag_state st;
    memset(&st, 0, sizeof st);
    st.dct = dct;
    st.prev = carry->prev;
    st.have_prev = carry->have_prev;
    st.period = carry->period;
    st.have_period = carry->have_period;
    for (size_t k = 0; k < m->n; k++) {
        const tag_match *mt = &m->v[k];
        const proto *p = &mt->p;
        if (c->t[mt->i].s >= upto)
            break;
        chr_timex tx;
        memset(&tx, 0, sizeof tx);
        /* a leading signal ("for weeks") is not part of the span */
        tx.start = c->t[mt->i + (size_t)p->skip_lead].s;
        tx.end = c->t[mt->i + mt->n - 1].e;
        if (tag_resolve(c, p, mt->i, mt->i + mt->n, &st, &tx) != 0)
            continue;
        if (p->pod && p->hh < 0 && tx.date.prec == CHR_PREC_DAY)
            part_of_day(&tx, p->pod);
        if (push_timex(out, &tx) != 0)
            return CHR_ENOMEM;
        if ((tx.type == CHR_TX_DATE && tx.date.prec != CHR_PREC_NONE &&
             !(tx.flags & CHR_TXF_VAGUE) && tx.mod != CHR_MOD_AFTER) ||
            (tx.type == CHR_TX_TIME && tx.date.prec != CHR_PREC_NONE)) {
            st.prev = tx.date;
            st.have_prev = 1;
        }
        /* the quarter a report is about, for "the quarter" and "a year
         * earlier" later on */
        if (tx.type == CHR_TX_DATE && tx.date.prec == CHR_PREC_QUARTER && !p->compare &&
            (dct == CHR_NO_DAY || tx.date.last < dct)) {
            st.period = tx.date;
            st.have_period = 1;
        }
    }
    carry->prev = st.prev;
    carry->have_prev = st.have_prev;
    carry->period = st.period;
    carry->have_period = st.have_period;
    return 0;
}

int chr_tag(const char *text, size_t len, const chr_tag_opts *opts,
            chr_timex_list *out, chr_error *err)
{
    chr_toks tv = {0};
    if (chr_tokenize(text, len, &tv) != 0) {
        chr_toks_free(&tv);
        return chr_error_set(err, CHR_ENOMEM, NULL, 0, "out of memory tokenizing %zu bytes", len);
    }
    chr_date_order order = opts ? opts->order : CHR_ORDER_AUTO;
    if (order == CHR_ORDER_AUTO)
        order = chr_order_of(text, len, CHR_ORDER_DMY);
    chr_matches *m = chr_tag_match(text, len, &tv, order);
    int rc = m ? chr_tag_resolve(m, opts ? opts->dct : CHR_NO_DAY, SIZE_MAX, out) : CHR_ENOMEM;
    chr_matches_free(m);
    chr_toks_free(&tv);
    if (rc != 0)
        return chr_error_set(err, CHR_ENOMEM, NULL, 0, "out of memory tagging %zu bytes", len);
    return 0;
}

const char *chr_timex_type_name(chr_timex_type t)
{
    static const char *const names[] = {"DATE", "TIME", "DURATION", "SET"};
    return (unsigned)t < 4 ? names[t] : "DATE";
}

const char *chr_timex_mod_name(chr_timex_mod m)
{
    static const char *const names[] = {"", "START", "MID", "END", "APPROX", "BEFORE", "AFTER"};
    return (unsigned)m < 7 ? names[m] : "";
}

const char *chr_anchor_name(chr_anchor a)
{
    static const char *const names[] = {"absolute",  "dct",     "previous",  "none",
                                        "headline",  "reporting", "narrative", "form"};
    return (unsigned)a < CHR_ANCHOR_COUNT ? names[a] : "none";
}
