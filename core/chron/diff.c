/*
 * diff.c - pairing the events of two chronologies and saying what
 * changed.  Hash tables and sorts only: a 100,000-event diff must take
 * well under a second, so nothing compares every event with every other.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/diff.h"
#include "base/sha256_int.h"
#include "base/grow_int.h"

#define NONE CHR_DIFF_NONE
/* Evidence candidates looked at per new event, and spans scanned per
 * source, so a pathological chronology (one sentence shared by thousands
 * of events) stays linear. */
#define MAX_CANDIDATES 64
#define MAX_SCAN 64

struct chr_diff {
    const chr_chron *a, *b;          /* old, new */
    size_t *pair_a;                  /* old index -> new index or NONE */
    size_t *pair_b;                  /* new index -> old index or NONE */
    unsigned char *evid_b;           /* new event paired by evidence */
    size_t *added, nadded;
    size_t *removed, nremoved;
    chr_diff_change *changed;
    size_t nchanged, unchanged;
    size_t *pool;                    /* source index lists of the changes */
    const char **docs[3];
    size_t ndocs[3];
};

/* ---- a small open-addressing multimap: 64-bit key -> size_t ---------- */

struct slot {
    uint64_t key;
    size_t val;                      /* NONE: empty */
};

struct table {
    struct slot *s;
    size_t mask;
};

static int table_init(struct table *t, size_t n)
{
    size_t cap = 16;
    while (cap < n * 2 + 2)
        cap *= 2;
    t->s = malloc(cap * sizeof *t->s);
    if (t->s == NULL)
        return -1;
    for (size_t i = 0; i < cap; i++)
        t->s[i].val = NONE;
    t->mask = cap - 1;
    return 0;
}

static size_t spread(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdu;
    k ^= k >> 33;
    return (size_t)k;
}

/* The table is sized for every insertion up front, so it never fills. */
static void table_put(struct table *t, uint64_t key, size_t val)
{
    size_t i = spread(key) & t->mask;
    while (t->s[i].val != NONE)
        i = (i + 1) & t->mask;
    t->s[i].key = key;
    t->s[i].val = val;
}

/* Walk the values stored under key: start with *pos = spread(key). */
static size_t table_next(const struct table *t, uint64_t key, size_t *pos)
{
    for (;;) {
        size_t i = *pos & t->mask;
        if (t->s[i].val == NONE)
            return NONE;
        *pos = i + 1;
        if (t->s[i].key == key)
            return t->s[i].val;
    }
}

static uint64_t str_hash(const char *s, uint64_t seed)
{
    return chr_fnv64(s ? s : "", strlen(s ? s : ""), seed);
}

static uint64_t id_key(const char *id)
{
    return str_hash(id, 0x5bd1e995u);
}

static uint64_t text_key(const chr_mention *m)
{
    return str_hash(m->sentence, str_hash(m->doc, 0x27d4eb2du));
}

static int streq(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static int strcmp0(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

/* ---- pairing by id ------------------------------------------------------ */

static int pair_by_id(chr_diff *d, size_t na, size_t nb)
{
    struct table t;
    if (table_init(&t, na) != 0)
        return -1;
    for (size_t i = 0; i < na; i++)
        table_put(&t, id_key(chr_chron_event(d->a, i)->id), i);
    for (size_t j = 0; j < nb; j++) {
        const char *id = chr_chron_event(d->b, j)->id;
        uint64_t k = id_key(id);
        size_t pos = spread(k), i;
        while ((i = table_next(&t, k, &pos)) != NONE)
            if (d->pair_a[i] == NONE && strcmp(chr_chron_event(d->a, i)->id, id) == 0) {
                d->pair_a[i] = j;
                d->pair_b[j] = i;
                break;
            }
    }
    free(t.s);
    return 0;
}

/* ---- pairing by evidence ----------------------------------------------- */

/* One source of an old event still without a partner. */
struct span {
    const chr_mention *m;
    size_t ev;                       /* old event index */
};

static int span_cmp(const void *pa, const void *pb)
{
    const struct span *x = pa, *y = pb;
    int r = strcmp0(x->m->doc, y->m->doc);
    if (r)
        return r;
    if (x->m->offset != y->m->offset)
        return x->m->offset < y->m->offset ? -1 : 1;
    return (x->ev > y->ev) - (x->ev < y->ev);
}

struct cand {
    size_t a, b;                     /* old, new */
    unsigned score;
};

static int cand_cmp(const void *pa, const void *pb)
{
    const struct cand *x = pa, *y = pb;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->b != y->b)
        return x->b < y->b ? -1 : 1;
    return (x->a > y->a) - (x->a < y->a);
}

static int overlaps(const chr_mention *x, const chr_mention *y)
{
    uint64_t xs = x->offset, xe = xs + x->length, ys = y->offset, ye = ys + y->length;
    return xs < ye && ys < xe;
}

/* Actors in common, both lists sorted; two empty lists count as one. */
static size_t shared_actors(const chr_event *x, const chr_event *y)
{
    if (x->nactors == 0 && y->nactors == 0)
        return 1;
    size_t i = 0, j = 0, n = 0;
    while (i < x->nactors && j < y->nactors) {
        int r = strcmp(x->actors[i], y->actors[j]);
        if (r == 0) {
            n++;
            i++;
            j++;
        } else if (r < 0) {
            i++;
        } else {
            j++;
        }
    }
    return n;
}

/* The run [first, *end) of spans of document doc in the sorted array,
 * via a table of first indexes keyed by the document name; runend holds
 * each run's end at its first index. */
static size_t doc_run(const struct table *docs, const struct span *sp, const size_t *runend,
                      const char *doc, size_t *end)
{
    uint64_t k = str_hash(doc, 0x9e3779b9u);
    size_t pos = spread(k), i;
    while ((i = table_next(docs, k, &pos)) != NONE)
        if (streq(sp[i].m->doc, doc)) {
            *end = runend[i];
            return i;
        }
    return NONE;
}

struct hits {
    size_t a[MAX_CANDIDATES];        /* old event */
    unsigned sources[MAX_CANDIDATES];/* sources of the new event it shares */
    unsigned char counted[MAX_CANDIDATES]; /* by the current source */
    size_t n;
};

/* The current source supports old event a: count it once per source. */
static void hit(struct hits *h, size_t a)
{
    size_t q = 0;
    while (q < h->n && h->a[q] != a)
        q++;
    if (q == h->n) {
        if (h->n == MAX_CANDIDATES)
            return;
        h->a[q] = a;
        h->sources[q] = 0;
        h->n++;
    }
    if (!h->counted[q]) {
        h->counted[q] = 1;
        h->sources[q]++;
    }
}

static int pair_by_evidence(chr_diff *d, size_t na, size_t nb)
{
    size_t nsp = 0;
    for (size_t i = 0; i < na; i++)
        if (d->pair_a[i] == NONE)
            nsp += chr_chron_event(d->a, i)->nsources;
    size_t nleft = 0;
    for (size_t j = 0; j < nb; j++)
        nleft += d->pair_b[j] == NONE;
    if (nsp == 0 || nleft == 0)
        return 0;
    struct span *sp = malloc(nsp * sizeof *sp);
    size_t *runend = malloc(nsp * sizeof *runend);
    struct table texts = {0}, docs = {0};
    struct cand *cands = NULL;
    size_t ncand = 0, capcand = 0;
    int rc = -1;
    if (sp == NULL || runend == NULL || table_init(&texts, nsp) != 0 ||
        table_init(&docs, nsp) != 0)
        goto done;
    nsp = 0;
    for (size_t i = 0; i < na; i++) {
        if (d->pair_a[i] != NONE)
            continue;
        const chr_event *e = chr_chron_event(d->a, i);
        for (size_t k = 0; k < e->nsources; k++)
            sp[nsp++] = (struct span){&e->sources[k], i};
    }
    qsort(sp, nsp, sizeof *sp, span_cmp);
    for (size_t i = 0, first = 0; i < nsp; i++) {
        table_put(&texts, text_key(sp[i].m), i);
        if (i == 0 || !streq(sp[i - 1].m->doc, sp[i].m->doc)) {
            table_put(&docs, str_hash(sp[i].m->doc, 0x9e3779b9u), i);
            first = i;
        }
        runend[first] = i + 1;
    }
    struct hits hits;
    for (size_t j = 0; j < nb; j++) {
        if (d->pair_b[j] != NONE)
            continue;
        const chr_event *e = chr_chron_event(d->b, j);
        hits.n = 0;
        for (size_t k = 0; k < e->nsources; k++) {
            const chr_mention *m = &e->sources[k];
            memset(hits.counted, 0, sizeof hits.counted);
            /* Old events this source supports: the same sentence text in
             * the same document (it moved), or an overlapping span (it
             * was edited in place). */
            uint64_t tk = text_key(m);
            size_t pos = spread(tk), i;
            for (size_t probes = 0; probes < MAX_SCAN &&
                                    (i = table_next(&texts, tk, &pos)) != NONE; probes++)
                if (streq(sp[i].m->doc, m->doc) && streq(sp[i].m->sentence, m->sentence))
                    hit(&hits, sp[i].ev);
            size_t end, lo = doc_run(&docs, sp, runend, m->doc, &end);
            if (lo == NONE)
                continue;
            /* Spans from the first one starting at or after m's end on
             * cannot overlap it; walk back over the few before that may. */
            size_t l = lo, h = end;
            uint64_t mend = (uint64_t)m->offset + m->length;
            while (l < h) {
                size_t mid = l + (h - l) / 2;
                if (sp[mid].m->offset < mend)
                    l = mid + 1;
                else
                    h = mid;
            }
            for (size_t q = l, scanned = 0; q > lo && scanned < MAX_SCAN; q--, scanned++) {
                const struct span *s = &sp[q - 1];
                if ((uint64_t)s->m->offset + s->m->length <= m->offset)
                    break;
                if (overlaps(s->m, m))
                    hit(&hits, s->ev);
            }
        }
        for (size_t q = 0; q < hits.n; q++) {
            const chr_event *o = chr_chron_event(d->a, hits.a[q]);
            int same_type = o->type == e->type;
            size_t actors = shared_actors(o, e);
            if (!same_type && actors == 0)
                continue;
            unsigned score = hits.sources[q] * 64u + (same_type ? 16u : 0u) +
                             (strcmp(o->date.value, e->date.value) == 0 ? 8u : 0u) +
                             (actors < 7 ? (unsigned)actors : 7u);
            if (ncand == capcand) {
                size_t cap = capcand ? capcand * 2 : 256;
                struct cand *nc = realloc(cands, cap * sizeof *nc);
                if (nc == NULL)
                    goto done;
                cands = nc;
                capcand = cap;
            }
            cands[ncand++] = (struct cand){hits.a[q], j, score};
        }
    }
    if (ncand)
        qsort(cands, ncand, sizeof *cands, cand_cmp);
    for (size_t k = 0; k < ncand; k++) {
        const struct cand *c = &cands[k];
        if (d->pair_a[c->a] != NONE || d->pair_b[c->b] != NONE)
            continue;
        d->pair_a[c->a] = c->b;
        d->pair_b[c->b] = c->a;
        d->evid_b[c->b] = 1;
    }
    rc = 0;
done:
    free(sp);
    free(runend);
    free(texts.s);
    free(docs.s);
    free(cands);
    return rc;
}

/* ---- what changed in a pair --------------------------------------------- */

static int same_actors(const chr_event *x, const chr_event *y)
{
    if (x->nactors != y->nactors)
        return 0;
    for (size_t i = 0; i < x->nactors; i++)
        if (strcmp(x->actors[i], y->actors[i]) != 0)
            return 0;
    return 1;
}

static int same_source(const chr_mention *x, const chr_mention *y)
{
    return x->offset == y->offset && x->length == y->length && streq(x->doc, y->doc) &&
           streq(x->sentence, y->sentence);
}

struct src {
    const chr_mention *m;
    size_t idx;
    int paired;
};

static int src_text_cmp(const void *pa, const void *pb)
{
    const struct src *x = pa, *y = pb;
    int r = strcmp0(x->m->doc, y->m->doc);
    if (r)
        return r;
    r = strcmp0(x->m->sentence, y->m->sentence);
    if (r)
        return r;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int src_span_cmp(const void *pa, const void *pb)
{
    const struct src *x = pa, *y = pb;
    int r = strcmp0(x->m->doc, y->m->doc);
    if (r)
        return r;
    if (x->m->offset != y->m->offset)
        return x->m->offset < y->m->offset ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* A growable list of size_t. */
struct vec {
    size_t *v;
    size_t n, cap;
};

static int vec_push(struct vec *v, size_t x)
{
    if (CHR_GROW(v->v, v->n, v->cap, 64) != 0)
        return -1;
    v->v[v->n++] = x;
    return 0;
}

/*
 * Sources gained and lost: a source of one side pairs with one of the
 * other side in the same document with the same sentence text, or failing
 * that with an overlapping span (a sentence edited in place), so a
 * reworded sentence is the same evidence.  Indexes of the unpaired ones
 * go to pool: lost (old side) first, then gained (new side).
 */
static int diff_sources(const chr_event *o, const chr_event *n, struct vec *pool,
                        size_t *nlost, size_t *ngained)
{
    *nlost = *ngained = 0;
    if (o->nsources == n->nsources) {
        size_t k = 0;
        while (k < o->nsources && same_source(&o->sources[k], &n->sources[k]))
            k++;
        if (k == o->nsources)
            return 0;
    }
    struct src *x = malloc((o->nsources + 1) * sizeof *x);
    struct src *y = malloc((n->nsources + 1) * sizeof *y);
    if (x == NULL || y == NULL) {
        free(x);
        free(y);
        return -1;
    }
    for (size_t i = 0; i < o->nsources; i++)
        x[i] = (struct src){&o->sources[i], i, 0};
    for (size_t i = 0; i < n->nsources; i++)
        y[i] = (struct src){&n->sources[i], i, 0};
    qsort(x, o->nsources, sizeof *x, src_text_cmp);
    qsort(y, n->nsources, sizeof *y, src_text_cmp);
    for (size_t i = 0, j = 0; i < o->nsources && j < n->nsources;) {
        int r = strcmp0(x[i].m->doc, y[j].m->doc);
        if (r == 0)
            r = strcmp0(x[i].m->sentence, y[j].m->sentence);
        if (r == 0) {
            x[i++].paired = 1;
            y[j++].paired = 1;
        } else if (r < 0) {
            i++;
        } else {
            j++;
        }
    }
    qsort(x, o->nsources, sizeof *x, src_span_cmp);
    qsort(y, n->nsources, sizeof *y, src_span_cmp);
    for (size_t i = 0, j = 0; i < o->nsources && j < n->nsources;) {
        if (x[i].paired) {
            i++;
            continue;
        }
        if (y[j].paired) {
            j++;
            continue;
        }
        int r = strcmp0(x[i].m->doc, y[j].m->doc);
        if (r == 0 && overlaps(x[i].m, y[j].m)) {
            x[i++].paired = 1;
            y[j++].paired = 1;
        } else if (r < 0 || (r == 0 && (uint64_t)x[i].m->offset + x[i].m->length <=
                                            y[j].m->offset)) {
            i++;
        } else {
            j++;
        }
    }
    /* back in each event's own order (document, then offset) */
    int rc = 0;
    for (size_t i = 0; i < o->nsources && rc == 0; i++)
        if (!x[i].paired) {
            rc = vec_push(pool, x[i].idx);
            (*nlost)++;
        }
    for (size_t i = 0; i < n->nsources && rc == 0; i++)
        if (!y[i].paired) {
            rc = vec_push(pool, y[i].idx);
            (*ngained)++;
        }
    free(x);
    free(y);
    return rc;
}

static unsigned diff_fields(const chr_event *o, const chr_event *n)
{
    unsigned f = 0;
    if (strcmp(o->date.value, n->date.value) != 0 || o->date.prec != n->date.prec)
        f |= CHR_DIFF_DATE;
    if (o->type != n->type)
        f |= CHR_DIFF_TYPE;
    if (!streq(o->title, n->title))
        f |= CHR_DIFF_TITLE;
    if (o->status != n->status)
        f |= CHR_DIFF_STATUS;
    if (!same_actors(o, n))
        f |= CHR_DIFF_ACTORS;
    if (strcmp(o->id, n->id) != 0)
        f |= CHR_DIFF_ID;
    return f;
}

/* ---- documents ---------------------------------------------------------- */

static int diff_docs(chr_diff *d)
{
    size_t na = chr_chron_doc_count(d->a), nb = chr_chron_doc_count(d->b);
    for (int w = 0; w < 3; w++) {
        d->docs[w] = malloc((na + nb + 1) * sizeof *d->docs[w]);
        if (d->docs[w] == NULL)
            return -1;
    }
    size_t i = 0, j = 0;
    while (i < na || j < nb) {
        const chr_docinfo *x = i < na ? chr_chron_doc(d->a, i) : NULL;
        const chr_docinfo *y = j < nb ? chr_chron_doc(d->b, j) : NULL;
        int r = x == NULL ? 1 : y == NULL ? -1 : strcmp(x->name, y->name);
        if (r < 0) {
            d->docs[CHR_DIFF_DOCS_REMOVED][d->ndocs[CHR_DIFF_DOCS_REMOVED]++] = x->name;
            i++;
        } else if (r > 0) {
            d->docs[CHR_DIFF_DOCS_ADDED][d->ndocs[CHR_DIFF_DOCS_ADDED]++] = y->name;
            j++;
        } else {
            /* a PDF whose bytes changed but whose text did not still
             * changed as a file; a text that changed (a better reader)
             * changed too */
            if (strcmp(x->sha256, y->sha256) != 0 || strcmp(x->text_sha256, y->text_sha256) != 0)
                d->docs[CHR_DIFF_DOCS_CHANGED][d->ndocs[CHR_DIFF_DOCS_CHANGED]++] = y->name;
            i++;
            j++;
        }
    }
    return 0;
}

/* ---- the diff ----------------------------------------------------------- */

void chr_diff_free(chr_diff *d)
{
    if (d == NULL)
        return;
    free(d->pair_a);
    free(d->pair_b);
    free(d->evid_b);
    free(d->added);
    free(d->removed);
    free(d->changed);
    free(d->pool);
    for (int w = 0; w < 3; w++)
        free(d->docs[w]);
    free(d);
}

chr_diff *chr_diff_new(const chr_chron *from, const chr_chron *to, chr_error *err)
{
    chr_diff *d = calloc(1, sizeof *d);
    if (d == NULL) {
        chr_error_set(err, CHR_ENOMEM, NULL, 0, "out of memory comparing chronologies");
        return NULL;
    }
    d->a = from;
    d->b = to;
    size_t na = chr_chron_event_count(from), nb = chr_chron_event_count(to);
    d->pair_a = malloc((na + 1) * sizeof *d->pair_a);
    d->pair_b = malloc((nb + 1) * sizeof *d->pair_b);
    d->evid_b = calloc(nb + 1, 1);
    d->added = malloc((nb + 1) * sizeof *d->added);
    d->removed = malloc((na + 1) * sizeof *d->removed);
    struct vec pool = {0};
    struct vec starts = {0};         /* per change: lost, gained, start */
    if (!d->pair_a || !d->pair_b || !d->evid_b || !d->added || !d->removed)
        goto oom;
    for (size_t i = 0; i < na; i++)
        d->pair_a[i] = NONE;
    for (size_t j = 0; j < nb; j++)
        d->pair_b[j] = NONE;
    if (pair_by_id(d, na, nb) != 0 || pair_by_evidence(d, na, nb) != 0 || diff_docs(d) != 0)
        goto oom;
    for (size_t i = 0; i < na; i++)
        if (d->pair_a[i] == NONE)
            d->removed[d->nremoved++] = i;
    size_t npaired = 0;
    for (size_t j = 0; j < nb; j++) {
        if (d->pair_b[j] == NONE) {
            d->added[d->nadded++] = j;
            continue;
        }
        npaired++;
    }
    d->changed = malloc((npaired + 1) * sizeof *d->changed);
    if (d->changed == NULL)
        goto oom;
    for (size_t j = 0; j < nb; j++) {
        size_t i = d->pair_b[j];
        if (i == NONE)
            continue;
        const chr_event *o = chr_chron_event(from, i), *n = chr_chron_event(to, j);
        size_t start = pool.n, lost, gained;
        if (diff_sources(o, n, &pool, &lost, &gained) != 0)
            goto oom;
        unsigned f = diff_fields(o, n);
        /* Only the id differs: the same event, its id computed afresh on
         * one side and carried from an older version on the other. */
        if ((f & ~CHR_DIFF_ID) == 0 && lost == 0 && gained == 0) {
            d->unchanged++;
            continue;
        }
        chr_diff_change *c = &d->changed[d->nchanged++];
        memset(c, 0, sizeof *c);
        c->from = i;
        c->to = j;
        c->fields = f;
        c->by_evidence = d->evid_b[j];
        c->nsources_removed = lost;
        c->nsources_added = gained;
        /* the pool may still move: remember where the lists start */
        if (vec_push(&starts, start) != 0)
            goto oom;
    }
    d->pool = pool.v;
    pool.v = NULL;
    for (size_t k = 0; k < d->nchanged; k++) {
        chr_diff_change *c = &d->changed[k];
        c->sources_removed = d->pool ? d->pool + starts.v[k] : NULL;
        c->sources_added = d->pool ? d->pool + starts.v[k] + c->nsources_removed : NULL;
    }
    free(starts.v);
    return d;
oom:
    free(pool.v);
    free(starts.v);
    chr_diff_free(d);
    chr_error_set(err, CHR_ENOMEM, NULL, 0, "out of memory comparing chronologies");
    return NULL;
}

const chr_chron *chr_diff_from(const chr_diff *d) { return d->a; }
const chr_chron *chr_diff_to(const chr_diff *d) { return d->b; }
size_t chr_diff_added_count(const chr_diff *d) { return d->nadded; }
size_t chr_diff_added(const chr_diff *d, size_t i) { return i < d->nadded ? d->added[i] : NONE; }
size_t chr_diff_removed_count(const chr_diff *d) { return d->nremoved; }
size_t chr_diff_removed(const chr_diff *d, size_t i)
{
    return i < d->nremoved ? d->removed[i] : NONE;
}
size_t chr_diff_changed_count(const chr_diff *d) { return d->nchanged; }
const chr_diff_change *chr_diff_changed(const chr_diff *d, size_t i)
{
    return i < d->nchanged ? &d->changed[i] : NULL;
}
size_t chr_diff_unchanged_count(const chr_diff *d) { return d->unchanged; }
int chr_diff_empty(const chr_diff *d)
{
    return d->nadded == 0 && d->nremoved == 0 && d->nchanged == 0;
}

size_t chr_diff_pair_of_new(const chr_diff *d, size_t i)
{
    return i < chr_chron_event_count(d->b) ? d->pair_b[i] : NONE;
}

size_t chr_diff_pair_of_old(const chr_diff *d, size_t i)
{
    return i < chr_chron_event_count(d->a) ? d->pair_a[i] : NONE;
}

size_t chr_diff_docs_count(const chr_diff *d, int which)
{
    return which >= 0 && which < 3 ? d->ndocs[which] : 0;
}

const char *chr_diff_doc(const chr_diff *d, int which, size_t i)
{
    return which >= 0 && which < 3 && i < d->ndocs[which] ? d->docs[which][i] : NULL;
}

/* ---- carrying identity -------------------------------------------------- */

int chr_diff_carry(const chr_diff *d, chr_chron *to, int64_t now)
{
    size_t nb = chr_chron_event_count(to);
    size_t k = 0;                    /* walks d->changed, in new order */
    for (size_t j = 0; j < nb; j++) {
        size_t i = d->pair_b[j];
        while (k < d->nchanged && d->changed[k].to < j)
            k++;
        if (i == NONE)
            continue;
        int changed = k < d->nchanged && d->changed[k].to == j;
        const chr_event *o = chr_chron_event(d->a, i);
        const chr_event *e = chr_chron_event(to, j);
        if (!changed) {
            chr_chron_set_identity(to, j, o->id, o->sequence, o->modified);
            continue;
        }
        int64_t m = e->modified;
        if (now > m)
            m = now;
        if (o->modified + 1 > m)
            m = o->modified + 1;
        chr_chron_set_identity(to, j, o->id, o->sequence + 1, m);
    }
    return 0;
}
