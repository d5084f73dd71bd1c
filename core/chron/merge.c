/*
 * merge.c - which mentions of a chronology are one event.
 *
 * Merging is a union-find over pairs of same-type mentions with
 * compatible dates; candidates are found by a sweep over date-sorted
 * mentions with a bounded window, so it is O(n log n + n*W), never
 * quadratic.  Two mentions are one event when they share enough of their
 * actors and title words (their keys) and, within one document, when the
 * writer evidently told the same thing twice.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/sha256_int.h"
#include "base/text_int.h"
#include "base/wordtab_int.h"
#include "chronicle/par.h"
#include "chron/merge_int.h"

/* How many earlier overlapping mentions each one is compared with. */
#define MERGE_WINDOW 256

#define CMP(x, y) do { if ((x) != (y)) return (x) < (y) ? -1 : 1; } while (0)

/* ---- keys ------------------------------------------------------------- */

static const char *const stop[] = {
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by",
    "with", "from", "its", "his", "her", "their", "our", "we", "it", "he",
    "she", "they", "that", "this", "was", "were", "is", "are", "be", "has",
    "have", "had", "will", "would", "as", "into", "over", "about", "also",
    "new", "said", "told", "who", "which", "after", "before", "than", "not"};

/* Is buf[0..n) (lower case) one of the stop words?  Called for every word
 * of every title and actor when a chronology is built (and for both
 * sides of a diff): one probe of a word table. */
CHR_WORDTAB_DEFINE(stop_find, stop)

static int is_stop(const char *buf, size_t n)
{
    return stop_find(buf, n) >= 0;
}

static void add_key(chr_mkeys *k, const char *w, size_t n)
{
    char buf[40];
    if (n < 2 || n >= sizeof buf)
        return;
    for (size_t i = 0; i < n; i++)
        buf[i] = chr_lower((unsigned char)w[i]);
    buf[n] = '\0';
    if (is_stop(buf, n))
        return;
    if (n > 3 && buf[n - 1] == 's' && buf[n - 2] != 's')
        buf[--n] = '\0';
    /* "opening", "opened" -> "open" */
    if (n > 5 && memcmp(buf + n - 3, "ing", 3) == 0)
        buf[n -= 3] = '\0';
    else if (n > 4 && memcmp(buf + n - 2, "ed", 2) == 0)
        buf[n -= 2] = '\0';
    if (n > 3 && buf[n - 2] == 'r' && buf[n - 1] == 'e') {
        buf[n - 2] = 'e';
        buf[n - 1] = 'r';
    }
    uint64_t h = chr_fnv64(buf, n, 0);
    for (size_t i = 0; i < k->n; i++)
        if (k->h[i] == h)
            return;
    if (k->n < sizeof k->h / sizeof k->h[0])
        k->h[k->n++] = h;
}

static void add_words(chr_mkeys *k, const char *s)
{
    if (s == NULL)
        return;
    const char *p = s;
    while (*p) {
        while (*p && !chr_is_alnum((unsigned char)*p) && (unsigned char)*p < 0x80)
            p++;
        const char *w = p;
        while (*p && (chr_is_alnum((unsigned char)*p) || (unsigned char)*p >= 0x80))
            p++;
        if (p > w)
            add_key(k, w, (size_t)(p - w));
    }
}

/* A mention's keys, in increasing order (each once). */
static void mention_keys(const chr_mention *m, chr_mkeys *k)
{
    k->n = 0;
    for (size_t i = 0; i < m->nactors; i++)
        add_words(k, m->actors[i]);
    add_words(k, m->title);
    for (size_t i = 1; i < k->n; i++)
        for (size_t j = i; j > 0 && k->h[j - 1] > k->h[j]; j--) {
            uint64_t t = k->h[j];
            k->h[j] = k->h[j - 1];
            k->h[j - 1] = t;
        }
}

/* How many keys two mentions share: one walk of both sorted lists (the
 * sweep asks this of every pair it looks at). */
static size_t shared(const chr_mkeys *a, const chr_mkeys *b)
{
    size_t n = 0, i = 0, j = 0;
    while (i < a->n && j < b->n) {
        uint64_t x = a->h[i], y = b->h[j];
        n += x == y;
        i += x <= y;
        j += y <= x;
    }
    return n;
}

/* Dates that can be one event's: one inside the other, or year dates a
 * year apart when one was counted back from the DCT ("8 years ago"). */
static int dates_compatible(const chr_mention *a, const chr_mention *b)
{
    if (chr_date_compatible(&a->date, &b->date))
        return 1;
    if ((a->mod == CHR_MOD_APPROX || b->mod == CHR_MOD_APPROX) &&
        a->date.prec == CHR_PREC_YEAR && b->date.prec == CHR_PREC_YEAR) {
        int64_t d = a->date.first - b->date.first;
        return d >= -366 && d <= 366;
    }
    return 0;
}

/* Does the sentence's subject refer back with a pronoun: "He told
 * reporters", "..., she said at a press conference"? */
static int pronoun_subject(const char *s)
{
    static const char *const start_pro[] = {"He ", "She ", "They ", "It "};
    static const char *const pro[] = {"he", "she", "they"};
    static const char *const verbs[] = {"told", "said", "says", "added", "noted", "stressed",
                                        "urged", "warned", "argued", "explained", "replied"};
    if (s == NULL)
        return 0;
    for (size_t i = 0; i < 4; i++)
        if (strncmp(s, start_pro[i], strlen(start_pro[i])) == 0)
            return 1;
    for (const char *p = s; *p; p++) {
        if (p > s && chr_is_alpha((unsigned char)p[-1]))
            continue;
        for (size_t i = 0; i < 3; i++) {
            size_t n = strlen(pro[i]);
            if (strncmp(p, pro[i], n) != 0 || p[n] != ' ')
                continue;
            for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++) {
                size_t m = strlen(verbs[v]);
                if (strncmp(p + n + 1, verbs[v], m) == 0 && !chr_is_alpha((unsigned char)p[n + 1 + m]))
                    return 1;
            }
        }
    }
    return 0;
}

/* ---- union-find -------------------------------------------------------- */

size_t chr_merge_root(size_t *p, size_t x)
{
    while (p[x] != x) {
        p[x] = p[p[x]];
        x = p[x];
    }
    return x;
}

static void uf_union(size_t *p, size_t a, size_t b)
{
    a = chr_merge_root(p, a);
    b = chr_merge_root(p, b);
    if (a == b)
        return;
    if (a < b)
        p[b] = a;
    else
        p[a] = b;
}

/* Sort records carrying their own keys, so comparators need no globals
 * (the daemon builds on a worker thread). */
typedef struct sweep_item {
    int type;
    int prec;
    int64_t first, last;
    int64_t lo, hi;            /* the mention's own window (date_window) */
    size_t idx;
    uint64_t sig;              /* a bit for each of its keys (key_sig) */
    uint32_t docid;            /* its document's number (sweep.docid) */
} sweep_item;

static int sweep_cmp(const void *pa, const void *pb)
{
    const sweep_item *x = pa, *y = pb;
    if (x->type != y->type)
        return x->type < y->type ? -1 : 1;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

typedef struct doc_item {
    const char *doc;
    uint32_t rank;                   /* of doc among the documents, by name */
    uint32_t offset, date_offset;
    size_t idx;
} doc_item;

/* doc_order_cmp with the documents' ranks for their names. */
static int doc_rank_cmp(const void *pa, const void *pb)
{
    const doc_item *x = pa, *y = pb;
    CMP(x->rank, y->rank);
    CMP(x->offset, y->offset);
    CMP(x->date_offset, y->date_offset);
    CMP(x->idx, y->idx);
    return 0;
}

static int doc_order_cmp(const void *pa, const void *pb)
{
    const doc_item *x = pa, *y = pb;
    int r = chr_strcmp0(x->doc, y->doc);
    if (r)
        return r;
    if (x->offset != y->offset)
        return x->offset < y->offset ? -1 : 1;
    if (x->date_offset != y->date_offset)
        return x->date_offset < y->date_offset ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* What the sweep knows of the mentions: their keys, their documents
 * numbered (docid), and their order within documents (bydoc: the
 * mentions in that order; rank: each one's place in it). */
typedef struct sweep {
    const chr_mention *ms;
    const chr_mkeys *ks;
    const uint32_t *docid;
    const size_t *bydoc, *rank;
} sweep;

/* Is b the next mention after a in the same document (no other sentence's
 * mention between them) and close by? */
static int adjacent_in_doc(const sweep *w, size_t ia, size_t ib)
{
    const chr_mention *a = &w->ms[ia], *b = &w->ms[ib];
    if (w->docid[ia] != w->docid[ib])
        return 0;
    size_t ra = w->rank[ia], rb = w->rank[ib];
    if (ra > rb) {
        size_t t = ra;
        ra = rb;
        rb = t;
        const chr_mention *tm = a;
        a = b;
        b = tm;
    }
    for (size_t r = ra + 1; r < rb; r++)
        if (w->ms[w->bydoc[r]].offset != a->offset)
            return 0;
    return b->offset > a->offset && b->offset - (a->offset + a->length) < 400;
}

/* Does the name x hold the word [w, w+n) ("Huawei Brussels" holds
 * "Huawei")? */
static int name_has_word(const char *x, const char *w, size_t n)
{
    for (const char *p = x; *p;) {
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if ((size_t)(e - p) == n && memcmp(p, w, n) == 0)
            return 1;
        p = *e ? e + 1 : e;
    }
    return 0;
}

/* An actor in common: equal names, or a name word of three letters or
 * more that both name ("Huawei" and "Huawei Brussels"). */
static int actor_in_common(const chr_mention *a, const chr_mention *b)
{
    for (size_t i = 0; i < a->nactors; i++)
        for (size_t k = 0; k < b->nactors; k++) {
            if (strcmp(a->actors[i], b->actors[k]) == 0)
                return 1;
            for (const char *p = a->actors[i]; *p;) {
                const char *e = p;
                while (*e && *e != ' ')
                    e++;
                if (e - p >= 3 && name_has_word(b->actors[k], p, (size_t)(e - p)))
                    return 1;
                p = *e ? e + 1 : e;
            }
        }
    return 0;
}

/* A whole name in common: equal names, or one inside the other
 * ("CEO Jane Roe" and "Acme CEO Jane Roe"; "Acme" and "Acme CEO Jane Roe"
 * share a word, not a speaker). */
static int speaker_in_common(const chr_mention *a, const chr_mention *b)
{
    for (size_t i = 0; i < a->nactors; i++)
        for (size_t k = 0; k < b->nactors; k++) {
            const char *x = a->actors[i], *y = b->actors[k];
            size_t nx = strlen(x), ny = strlen(y);
            const char *in = nx <= ny ? x : y, *out = nx <= ny ? y : x;
            size_t n = nx <= ny ? nx : ny, m = nx <= ny ? ny : nx;
            if (n == m ? strcmp(x, y) == 0
                       : ((strncmp(out, in, n) == 0 && out[n] == ' ') ||
                          (strcmp(out + m - n, in) == 0 && out[m - n - 1] == ' ')))
                if (strchr(in, ' ') != NULL || n == m)
                    return 1;
        }
    return 0;
}

/* The same action: the same lemma (or no lemma to tell them apart). */
static int same_action(const chr_mention *a, const chr_mention *b)
{
    return a->lemma == NULL || b->lemma == NULL || strcmp(a->lemma, b->lemma) == 0;
}

static int should_merge(const sweep *w, size_t i, size_t j)
{
    const chr_mention *a = &w->ms[i], *b = &w->ms[j];
    const chr_mkeys *ki = &w->ks[i], *kj = &w->ks[j];
    int same_doc = w->docid[i] == w->docid[j];
    if (a->type != b->type)
        return 0;
    /* the same action: a typed event of one type ("met", "talks",
     * "meeting"), or, of the other events, the same lemma */
    if (a->type == CHR_EV_OTHER && a->lemma && b->lemma && strcmp(a->lemma, b->lemma) != 0)
        return 0;
    if (!dates_compatible(a, b)) {
        /* two reports a day apart ("yesterday" counted from different
         * publication times, time zones): one event, if they agree on
         * what it was */
        int64_t gap = a->date.first - b->date.first;
        return !same_doc && a->date.prec >= CHR_PREC_DAY &&
               b->date.prec >= CHR_PREC_DAY && gap >= -1 && gap <= 1 && shared(ki, kj) >= 3 &&
               same_action(a, b) && actor_in_common(a, b);
    }
    /* one sentence, two dates: two events */
    if (same_doc && a->offset == b->offset)
        return 0;
    size_t s = shared(ki, kj);
    /* a statement is its speaker's: two documents report the same one
     * only if they name a speaker in common */
    /* across documents: the same actors, and, when only a coarse date
     * holds a finer one, the same action (a month may hold a day of the
     * same act, not a different act of the same type) */
    if (!same_doc)
        return s >= 2 && actor_in_common(a, b) &&
               (strcmp(a->date.value, b->date.value) == 0 || same_action(a, b));
    /* within one document, two statements of a day are one only when
     * they have their speaker in common: "it was announced that ..."
     * and "the chief executive also announced that ..." say different
     * things */
    if (a->type == CHR_EV_STATEMENT && !speaker_in_common(a, b))
        return 0;
    /* within one document, a year does not swallow a month or a day on
     * shared words alone: the writer dated them differently on purpose;
     * and a month holds a day only of the same action */
    if (s >= 3 && (strcmp(a->date.value, b->date.value) == 0 ||
                   (a->date.prec >= CHR_PREC_MONTH && b->date.prec >= CHR_PREC_MONTH &&
                    same_action(a, b))))
        return 1;
    /* one document, one day, one kind of event, something in common: the
     * same event told twice ("opened a center yesterday" ... "a speech at
     * an opening ceremony for the center yesterday") */
    if (s >= 1 && a->date.prec >= CHR_PREC_DAY && strcmp(a->date.value, b->date.value) == 0)
        return 1;
    /* "he told reporters at a press conference in mid-March" right after
     * "In March, NATO's Stoltenberg said ...": the same statement */
    if (adjacent_in_doc(w, i, j)) {
        const chr_mention *later = a->offset > b->offset ? a : b;
        return pronoun_subject(later->sentence) && s + (later->nactors == 0) >= 1;
    }
    return 0;
}

/* The days a mention's date may mean, widened where should_merge
 * tolerates a difference: a day for reports a day apart, a year for an
 * approximate year. */
static void date_window(const chr_mention *m, int64_t *lo, int64_t *hi)
{
    int64_t slack = m->date.prec >= CHR_PREC_DAY ? 1
                    : m->mod == CHR_MOD_APPROX && m->date.prec == CHR_PREC_YEAR ? 366 : 0;
    *lo = (int64_t)m->date.first - slack;
    *hi = (int64_t)m->date.last + slack;
}

/* The sweep over the mentions of one type: order[lo, hi). */
typedef struct span {
    size_t lo, hi;
} span;

/* Everything the sweep's threads share: each works on its own types (a
 * mention is only ever joined with one of its type, so the union-find
 * trees, and the windows at their roots, of two types never meet), or
 * fills its own block of mentions. */
typedef struct run {
    sweep w;
    chr_mkeys *keys;           /* w.ks, to fill */
    size_t n;
    sweep_item *order;
    doc_item *docorder;
    const uint32_t *docrank;
    size_t *parent;
    int64_t *win;
    span *types;
} run;

#define BLOCK 4096

/* A bit for each key (one of 64 by its hash): two mentions whose bits
 * have none in common share no key. */
static uint64_t key_sig(const chr_mkeys *k)
{
    uint64_t sig = 0;
    for (size_t i = 0; i < k->n; i++)
        sig |= 1ULL << (k->h[i] >> 58);
    return sig;
}

/* Block k of mentions: parents, windows, sort records, keys. */
static void prepare(void *ctx, size_t k)
{
    run *r = ctx;
    const chr_mention *ms = r->w.ms;
    size_t end = (k + 1) * BLOCK < r->n ? (k + 1) * BLOCK : r->n;
    for (size_t i = k * BLOCK; i < end; i++) {
        r->parent[i] = i;
        date_window(&ms[i], &r->win[2 * i], &r->win[2 * i + 1]);
        mention_keys(&ms[i], &r->keys[i]);
        r->order[i] = (sweep_item){(int)ms[i].type, (int)ms[i].date.prec, ms[i].date.first,
                                   ms[i].date.last, r->win[2 * i], r->win[2 * i + 1], i,
                                   key_sig(&r->keys[i]), 0};
        r->docorder[i] = (doc_item){ms[i].doc, r->docrank ? r->docrank[i] : 0, ms[i].offset,
                                    ms[i].date_offset, i};
    }
}

/* The sweep over the mentions of types[k]. */
static void sweep_type(void *ctx, size_t k)
{
    run *r = ctx;
    size_t *parent = r->parent;
    int64_t *win = r->win;
    for (size_t oi = r->types[k].lo; oi < r->types[k].hi; oi++) {
        const sweep_item *si = &r->order[oi];
        size_t i = si->idx;
        size_t seen = 0;
        for (size_t oj = oi; oj > r->types[k].lo && seen < MERGE_WINDOW; oj--) {
            const sweep_item *sj = &r->order[oj - 1];
            size_t j = sj->idx;
            /* year dates may be a year apart (approximate "ago") */
            if (sj->last + 366 < si->first && sj->prec != CHR_PREC_DECADE &&
                sj->prec != CHR_PREC_CENTURY)
                break;
            seen++;
            /* a root's window lies inside each of its members' own: two
             * mentions whose own windows are apart are never joined */
            if (sj->lo > si->hi || si->lo > sj->hi)
                continue;
            /* across documents should_merge wants keys in common: none,
             * and the pair is passed over without reading its keys */
            if (si->docid != sj->docid && (si->sig & sj->sig) == 0)
                continue;
            size_t ri = chr_merge_root(parent, i), rj = chr_merge_root(parent, j);
            if (ri == rj)
                continue;
            int64_t lo = win[2 * ri] > win[2 * rj] ? win[2 * ri] : win[2 * rj];
            int64_t hi = win[2 * ri + 1] < win[2 * rj + 1] ? win[2 * ri + 1] : win[2 * rj + 1];
            if (lo > hi || !should_merge(&r->w, i, j))
                continue;
            uf_union(parent, i, j);
            size_t root = chr_merge_root(parent, i);
            win[2 * root] = lo;
            win[2 * root + 1] = hi;
        }
    }
}

static int nothing_to_take(void *ctx, size_t k)
{
    (void)ctx;
    (void)k;
    return 0;
}

/* Largest first, so the longest sweep starts first. */
static int span_cmp(const void *pa, const void *pb)
{
    const span *x = pa, *y = pb;
    size_t nx = x->hi - x->lo, ny = y->hi - y->lo;
    if (nx != ny)
        return nx > ny ? -1 : 1;
    return (x->lo > y->lo) - (x->lo < y->lo);
}

/* The merge: each mention is compared with the earlier mentions of its
 * type whose dates still overlap (a bounded window), and joined with the
 * ones it should be (union-find in parent).  Fills ks with each mention's
 * keys.  docrank: each mention's document's rank, or NULL (names are
 * then compared).  The work is shared by jobs threads; what it finds
 * does not depend on how many.  0 or CHR_ENOMEM. */
int chr_merge_sweep(const chr_mention *ms, size_t n, size_t *parent, chr_mkeys *ks,
                    const uint32_t *docrank, unsigned jobs)
{
    sweep_item *order = malloc((n ? n : 1) * sizeof *order);
    doc_item *docorder = malloc((n ? n : 1) * sizeof *docorder);
    size_t *bydoc = malloc((n ? n : 1) * sizeof *bydoc);
    size_t *rank = malloc((n ? n : 1) * sizeof *rank);
    uint32_t *docid = malloc((n ? n : 1) * sizeof *docid);
    span *types = malloc((n ? n : 1) * sizeof *types);
    /* per root: the days every member's date allows, so that a year
     * cannot join a January and a June into one event */
    int64_t *win = malloc((n ? n : 1) * 2 * sizeof *win);
    int rc = order && docorder && bydoc && rank && docid && types && win ? 0 : CHR_ENOMEM;
    run r = {{ms, ks, docid, bydoc, rank}, ks, n, order, docorder, docrank, parent, win, types};
    if (rc == 0)
        rc = chr_par_run((n + BLOCK - 1) / BLOCK, jobs, 0, prepare, nothing_to_take, &r);
    if (rc == 0 && n) {
        qsort(docorder, n, sizeof *docorder, docrank ? doc_rank_cmp : doc_order_cmp);
        qsort(order, n, sizeof *order, sweep_cmp);
    }
    size_t ntypes = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        bydoc[i] = docorder[i].idx;
        rank[bydoc[i]] = i;
        /* documents numbered in that order: one test where names were
         * compared for every pair the sweep looks at */
        int next = i > 0 && (docrank ? docorder[i].rank != docorder[i - 1].rank
                                     : !chr_same_str(docorder[i].doc, docorder[i - 1].doc));
        docid[bydoc[i]] = i == 0 ? 0 : docid[bydoc[i - 1]] + (uint32_t)next;
        if (i == 0 || order[i].type != order[i - 1].type)
            types[ntypes++] = (span){i, i};
        types[ntypes - 1].hi = i + 1;
    }
    for (size_t i = 0; rc == 0 && i < n; i++)
        order[i].docid = docid[order[i].idx];
    if (rc == 0 && ntypes) {
        qsort(types, ntypes, sizeof *types, span_cmp);
        rc = chr_par_run(ntypes, jobs, 0, sweep_type, nothing_to_take, &r);
    }
    free(order);
    free(docorder);
    free(bydoc);
    free(rank);
    free(docid);
    free(types);
    free(win);
    return rc;
}
