/*
 * chron.c - from mentions to a chronology.
 *
 * Mentions are first put in a canonical order (by date, type, document,
 * offset), so everything below depends only on the set of mentions: a
 * chronology built from shards equals one built in a single pass.  Which
 * mentions are one event is merge.c's; here each event is made from its
 * mentions (date, title, sources, stable id).
 */
#include <assert.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/chron.h"
#include "chronicle/par.h"
#include "base/sha256_int.h"
#include "base/text_int.h"
#include "chron/merge_int.h"
#include "chron/names_int.h"

struct chr_chron {
    chr_docinfo *docs;
    size_t ndocs, capdocs;
    size_t *dochash;       /* open addressing: index+1 into docs, 0 empty */
    size_t hashcap;        /* power of two, at least twice ndocs */
    chr_mention *ms;
    size_t nms, capms;
    chr_event *events;
    size_t nevents;
    int built;
    char version[65];
    int64_t generated;
    unsigned jobs;         /* threads for the merge (0: one per core) */
};

chr_chron *chr_chron_new(void)
{
    return calloc(1, sizeof(chr_chron));
}

void chr_chron_set_jobs(chr_chron *c, unsigned jobs) { c->jobs = jobs; }

void chr_docinfo_clear(chr_docinfo *d)
{
    if (d == NULL)
        return;
    free(d->name);
    free(d->dct_how);
    free(d->title);
    free(d->copies);
    memset(d, 0, sizeof *d);
    d->dct = CHR_NO_DAY;
}

int chr_docinfo_copy(chr_docinfo *dst, const chr_docinfo *src)
{
    *dst = *src;
    dst->copy_of = NULL;
    dst->copies = NULL;
    dst->ncopies = 0;
    dst->name = src->name ? strdup(src->name) : NULL;
    dst->dct_how = src->dct_how ? strdup(src->dct_how) : NULL;
    dst->title = src->title ? strdup(src->title) : NULL;
    if ((src->name && dst->name == NULL) || (src->dct_how && dst->dct_how == NULL) ||
        (src->title && dst->title == NULL)) {
        chr_docinfo_clear(dst);
        return CHR_ENOMEM;
    }
    return 0;
}

static void free_events(chr_chron *c)
{
    for (size_t i = 0; i < c->nevents; i++) {
        chr_event *e = &c->events[i];
        free(e->title);
        for (size_t k = 0; k < e->nactors; k++)
            free(e->actors[k]);
        free(e->actors);
        free(e->sources);       /* its strings are the mentions' */
        free(e->conflicts);
    }
    free(c->events);
    c->events = NULL;
    c->nevents = 0;
    c->built = 0;
}

void chr_chron_free(chr_chron *c)
{
    if (c == NULL)
        return;
    free_events(c);
    for (size_t i = 0; i < c->ndocs; i++)
        chr_docinfo_clear(&c->docs[i]);
    free(c->docs);
    free(c->dochash);
    for (size_t i = 0; i < c->nms; i++)
        chr_mention_clear(&c->ms[i]);
    free(c->ms);
    free(c);
}

static size_t name_slot(const chr_chron *c, const char *name)
{
    size_t h = (size_t)chr_fnv64(name, strlen(name), 0) & (c->hashcap - 1);
    while (c->dochash[h] && strcmp(c->docs[c->dochash[h] - 1].name, name) != 0)
        h = (h + 1) & (c->hashcap - 1);
    return h;
}

const chr_docinfo *chr_chron_find_doc(const chr_chron *c, const char *name)
{
    if (c->hashcap == 0 || name == NULL)
        return NULL;
    size_t slot = name_slot(c, name);
    return c->dochash[slot] ? &c->docs[c->dochash[slot] - 1] : NULL;
}

/* Keep the name index at most half full; documents are re-sorted by
 * build, so the index is rebuilt from scratch whenever it grows. */
static int index_docs(chr_chron *c, size_t need)
{
    if (need * 2 <= c->hashcap)
        return 0;
    size_t cap = c->hashcap ? c->hashcap : 64;
    while (cap < need * 2)
        cap *= 2;
    size_t *h = calloc(cap, sizeof *h);
    if (h == NULL)
        return -1;
    free(c->dochash);
    c->dochash = h;
    c->hashcap = cap;
    for (size_t i = 0; i < c->ndocs; i++)
        c->dochash[name_slot(c, c->docs[i].name)] = i + 1;
    return 0;
}

int chr_chron_add_doc(chr_chron *c, const chr_docinfo *info, chr_error *err)
{
    if (index_docs(c, c->ndocs + 1) != 0)
        return chr_error_set(err, CHR_ENOMEM, NULL, 0, "out of memory");
    size_t slot = name_slot(c, info->name);
    if (c->dochash[slot]) {
        chr_docinfo *d = &c->docs[c->dochash[slot] - 1];
        if (strcmp(d->sha256, info->sha256) == 0 && d->dct == info->dct) {
            /* the same document seen twice (merging re-merged output): keep
             * what does not depend on which copy came first */
            if (info->mtime > d->mtime)
                d->mtime = info->mtime;
            if (info->dct_how && (d->dct_how == NULL || strcmp(info->dct_how, d->dct_how) < 0)) {
                char *how = strdup(info->dct_how);
                if (how == NULL)
                    return chr_error_set(err, CHR_ENOMEM, NULL, 0, "out of memory");
                free(d->dct_how);
                d->dct_how = how;
            }
            if (info->dct_source > d->dct_source)
                d->dct_source = info->dct_source;
            if (info->title && (d->title == NULL || strcmp(info->title, d->title) < 0)) {
                char *t = strdup(info->title);
                if (t == NULL)
                    return chr_error_set(err, CHR_ENOMEM, NULL, 0, "out of memory");
                free(d->title);
                d->title = t;
            }
            if (info->bytes > d->bytes)
                d->bytes = info->bytes;
            c->built = 0;
            return 0;
        }
        return chr_error_set(err, CHR_EINVAL, info->name, CHR_NO_OFFSET,
                             "two different documents with this name (digests %.12s and %.12s)",
                             d->sha256, info->sha256);
    }
    if (c->ndocs == c->capdocs) {
        size_t cap = c->capdocs ? c->capdocs * 2 : 16;
        chr_docinfo *n = realloc(c->docs, cap * sizeof *n);
        if (n == NULL)
            return chr_error_set(err, CHR_ENOMEM, NULL, 0, "out of memory");
        c->docs = n;
        c->capdocs = cap;
    }
    chr_docinfo *d = &c->docs[c->ndocs];
    if (chr_docinfo_copy(d, info) != 0)
        return chr_error_set(err, CHR_ENOMEM, NULL, 0, "out of memory");
    c->ndocs++;
    c->dochash[slot] = c->ndocs;
    c->built = 0;
    return 0;
}

int chr_chron_add_mention(chr_chron *c, chr_mention *m, chr_error *err)
{
    if (m->date.prec == CHR_PREC_NONE) {
        chr_mention_clear(m);
        return 0;
    }
    if (c->nms == c->capms) {
        size_t cap = c->capms ? c->capms * 2 : 64;
        chr_mention *n = realloc(c->ms, cap * sizeof *n);
        if (n == NULL) {
            chr_mention_clear(m);
            return chr_error_set(err, CHR_ENOMEM, NULL, 0, "out of memory");
        }
        c->ms = n;
        c->capms = cap;
    }
    c->ms[c->nms++] = *m;
    memset(m, 0, sizeof *m);
    c->built = 0;
    return 0;
}

/* ---- canonical order --------------------------------------------------- */

#define CMP(x, y) do { if ((x) != (y)) return (x) < (y) ? -1 : 1; } while (0)

/* A total order over everything a mention is, so the canonical order (and
 * with it the chronology) depends only on the set of mentions added. */
static int mention_cmp(const void *pa, const void *pb)
{
    const chr_mention *a = pa, *b = pb;
    int r;
    CMP(a->date.first, b->date.first);
    CMP(a->type, b->type);
    if ((r = chr_strcmp0(a->doc, b->doc)) != 0)
        return r;
    CMP(a->offset, b->offset);
    CMP(a->date_offset, b->date_offset);
    CMP(a->trigger_offset, b->trigger_offset);
    if ((r = chr_strcmp0(a->trigger, b->trigger)) != 0)
        return r;
    if ((r = strcmp(a->date.value, b->date.value)) != 0)
        return r;
    if ((r = chr_strcmp0(a->title, b->title)) != 0)
        return r;
    CMP(a->length, b->length);
    CMP(a->date_length, b->date_length);
    CMP(a->status, b->status);
    CMP(a->mod, b->mod);
    CMP(a->anchor, b->anchor);
    CMP(a->trigger_length, b->trigger_length);
    if ((r = chr_strcmp0(a->lemma, b->lemma)) != 0)
        return r;
    CMP(a->dct, b->dct);
    CMP(a->date.last, b->date.last);
    CMP(a->date.prec, b->date.prec);
    CMP(a->date.minute, b->date.minute);
    if ((r = chr_strcmp0(a->date_text, b->date_text)) != 0)
        return r;
    if ((r = chr_strcmp0(a->sentence, b->sentence)) != 0)
        return r;
    CMP(a->nactors, b->nactors);
    for (size_t i = 0; i < a->nactors; i++)
        if ((r = chr_strcmp0(a->actors[i], b->actors[i])) != 0)
            return r;
    return 0;
}

/* Equal in every field: the same mention read twice (merging re-merged
 * output).  Equal mentions are adjacent after sorting by mention_cmp. */
static int same_mention(const chr_mention *a, const chr_mention *b)
{
    return mention_cmp(a, b) == 0;
}

/* ---- building events --------------------------------------------------- */

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int src_cmp(const void *pa, const void *pb)
{
    const chr_mention *a = pa, *b = pb;
    int r = chr_strcmp0(a->doc, b->doc);
    if (r)
        return r;
    if (a->offset != b->offset)
        return a->offset < b->offset ? -1 : 1;
    return (a->date_offset > b->date_offset) - (a->date_offset < b->date_offset);
}

static int date_value_cmp(const void *pa, const void *pb)
{
    return chr_date_cmp(pa, pb);
}

static int64_t doc_mtime(const chr_chron *c, const char *name)
{
    size_t lo = 0, hi = c->ndocs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = strcmp(c->docs[mid].name, name);
        if (r == 0)
            return c->docs[mid].mtime;
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

typedef struct member {
    const chr_mention *m;
} member;

static int member_date_cmp(const void *pa, const void *pb)
{
    const chr_mention *a = ((const member *)pa)->m, *b = ((const member *)pb)->m;
    int r = strcmp(a->date.value, b->date.value);
    if (r)
        return r;
    r = chr_strcmp0(a->doc, b->doc);
    if (r)
        return r;
    return (a->offset > b->offset) - (a->offset < b->offset);
}

/*
 * One event from its n members.  The date is the best-supported one:
 * most sources, then most stated outright rather than counted from the
 * DCT, then the earlier/finer.  Everything is done on sorted runs, so a
 * cluster of thousands of mentions costs n log n, not n squared.
 */
/* How much an analyst would weigh the event, 0..100: documents that
 * report it (40: one document 0, four or more 40), a headline or lede
 * (20), its type (20: the acts of the typed kinds, less for reports,
 * statements and other events) and how precisely it is dated (20).
 * Sources are sorted by document. */
static int salience(const chr_event *e)
{
    size_t docs = 0;
    int head = 0;
    for (size_t i = 0; i < e->nsources; i++) {
        const chr_mention *m = &e->sources[i];
        docs += i == 0 || !chr_same_str(m->doc, e->sources[i - 1].doc);
        head |= m->anchor == CHR_ANCHOR_HEADLINE || m->offset < 500;
    }
    int ts = e->type == CHR_EV_OTHER ? 6 : e->type == CHR_EV_STATEMENT ? 8
             : e->type == CHR_EV_REPORT ? 14 : 20;
    int ps = e->date.prec >= CHR_PREC_DAY ? 20 : e->date.prec == CHR_PREC_WEEK ? 16
             : e->date.prec == CHR_PREC_MONTH ? 12 : e->date.prec >= CHR_PREC_HALF ? 8
             : e->date.prec == CHR_PREC_YEAR ? 6 : 2;
    int ds = docs >= 4 ? 40 : (int)(docs - 1) * 40 / 3;
    return ds + (head ? 20 : 0) + ts + ps;
}

/* An id: h in 16 lower-case hex digits (by hand: one per event, and a
 * diff builds two chronologies of 100,000 events). */
static void format_id(char id[17], uint64_t h)
{
    for (int i = 15; i >= 0; i--, h >>= 4)
        id[i] = "0123456789abcdef"[h & 15];
    id[16] = '\0';
}

/* ks: each mention's keys (chr_merge_sweep's), for the stable id;
 * rank: each mention's document's index in c->docs, or NULL. */
static int make_event(chr_chron *c, chr_event *e, const size_t *members, size_t n,
                      const chr_mkeys *ks, const uint32_t *rank)
{
    memset(e, 0, sizeof *e);
    if (n == 0)
        return -1;
    member *ms = malloc(n * sizeof *ms);
    const char **actors = NULL;
    size_t nact = 0;
    int rc = -1;
    if (ms == NULL)
        return -1;
    for (size_t i = 0; i < n; i++) {
        ms[i].m = &c->ms[members[i]];
        nact += ms[i].m->nactors;
    }
    e->type = ms[0].m->type;
    qsort(ms, n, sizeof *ms, member_date_cmp);
    size_t best = 0, best_count = 0, best_abs = 0, nruns = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i, abs = 0;
        while (j < n && strcmp(ms[j].m->date.value, ms[i].m->date.value) == 0)
            abs += ms[j++].m->anchor == CHR_ANCHOR_ABSOLUTE;
        size_t count = j - i;
        if (nruns == 0 || count > best_count || (count == best_count && abs > best_abs) ||
            (count == best_count && abs == best_abs &&
             chr_date_cmp(&ms[i].m->date, &ms[best].m->date) < 0)) {
            best = i;
            best_count = count;
            best_abs = abs;
        }
        nruns++;
        i = j;
    }
    const chr_mention *rep = ms[best].m;
    e->date = rep->date;
    /* the title: of the best-dated source with the most actors, ties by text */
    for (size_t i = best; i < best + best_count; i++) {
        const chr_mention *m = ms[i].m;
        if (m->nactors > rep->nactors ||
            (m->nactors == rep->nactors && chr_strcmp0(m->title, rep->title) < 0))
            rep = m;
    }
    e->title = strdup(rep->title ? rep->title : "");
    e->status = CHR_PLANNED;
    e->sources = calloc(n, sizeof *e->sources);
    e->conflicts = nruns > 1 ? calloc(nruns - 1, sizeof *e->conflicts) : NULL;
    actors = malloc((nact ? nact : 1) * sizeof *actors);
    if (e->title == NULL || e->sources == NULL || actors == NULL || (nruns > 1 && !e->conflicts))
        goto out;
    nact = 0;
    for (size_t i = 0; i < n; i++) {
        const chr_mention *m = ms[i].m;
        if (m->status == CHR_OCCURRED)
            e->status = CHR_OCCURRED;
        /* the chronology's own mention, its strings borrowed (an event
         * lives no longer than the mentions it was built from) */
        e->sources[i] = *m;
        e->nsources++;
        for (size_t k = 0; k < m->nactors; k++)
            actors[nact++] = m->actors[k];
        int64_t mt = rank ? c->docs[rank[m - c->ms]].mtime : doc_mtime(c, m->doc);
        if (mt > e->modified)
            e->modified = mt;
        /* each other date once: the first of its run */
        if ((i == 0 || strcmp(ms[i - 1].m->date.value, m->date.value) != 0) &&
            strcmp(m->date.value, e->date.value) != 0)
            e->conflicts[e->nconflicts++] = m->date;
    }
    if (nact)
        qsort(actors, nact, sizeof *actors, cmp_strp);
    for (size_t i = 0; i < nact; i++) {
        if (i > 0 && strcmp(actors[i], actors[i - 1]) == 0)
            continue;
        char **nv = realloc(e->actors, (e->nactors + 1) * sizeof *nv);
        if (nv == NULL)
            goto out;
        e->actors = nv;
        if ((e->actors[e->nactors] = strdup(actors[i])) == NULL)
            goto out;
        e->nactors++;
    }
    if (e->nsources)
        qsort(e->sources, e->nsources, sizeof *e->sources, src_cmp);
    e->salience = salience(e);
    if (e->nconflicts)
        qsort(e->conflicts, e->nconflicts, sizeof *e->conflicts, date_value_cmp);
    /* Stable id: type, date and the representative's actors and title
     * words, nothing about offsets. */
    const chr_mkeys *k = &ks[rep - c->ms];   /* in increasing order */
    uint64_t h = chr_fnv64(chr_event_type_name(e->type), strlen(chr_event_type_name(e->type)), 0);
    h = chr_fnv64(e->date.value, strlen(e->date.value), h);
    h = chr_fnv64(k->h, k->n * sizeof k->h[0], h);
    format_id(e->id, h);
    rc = 0;
out:
    free(ms);
    free(actors);
    return rc;
}

static int event_cmp(const void *pa, const void *pb)
{
    const chr_event *a = pa, *b = pb;
    int r = chr_date_cmp(&a->date, &b->date);
    if (r)
        return r;
    return strcmp(a->id, b->id);
}

/* An id as the number format_id wrote: numbers order as the texts do. */
typedef struct id_item {
    uint64_t id;
    size_t idx;
} id_item;

static uint64_t id_value(const char id[17])
{
    uint64_t v = 0;
    for (int i = 0; i < 16; i++) {
        char x = id[i];
        assert((x >= '0' && x <= '9') || (x >= 'a' && x <= 'f'));
        v = v << 4 | (uint64_t)(x <= '9' ? x - '0' : x - 'a' + 10);
    }
    return v;
}

static int id_item_cmp(const void *pa, const void *pb)
{
    const id_item *a = pa, *b = pb;
    CMP(a->id, b->id);
    CMP(a->idx, b->idx);
    return 0;
}

/* Ids collide only for events with the same type, date and words: the
 * later ones in chronology order (canonical) are re-hashed with their rank
 * among the equal ids, until unique (one round unless hashes collide). */
static int unique_ids(chr_chron *c)
{
    id_item *v = malloc((c->nevents ? c->nevents : 1) * sizeof *v);
    if (v == NULL)
        return CHR_ENOMEM;
    for (int round = 0; round < 8; round++) {
        for (size_t i = 0; i < c->nevents; i++)
            v[i] = (id_item){id_value(c->events[i].id), i};
        if (c->nevents)
            qsort(v, c->nevents, sizeof *v, id_item_cmp);
        int changed = 0;
        /* a run of equal ids keeps its first; the others take their rank */
        uint64_t run = c->nevents ? v[0].id : 0;
        for (size_t i = 1, dup = 0; i < c->nevents; i++) {
            if (v[i].id != run) {
                run = v[i].id;
                dup = 0;
                continue;
            }
            dup++;
            chr_event *e = &c->events[v[i].idx];
            uint64_t h = chr_fnv64(e->id, 16, (uint64_t)dup);
            format_id(e->id, h);
            v[i].id = h;
            changed = 1;
        }
        if (!changed)
            break;
    }
    free(v);
    return 0;
}

static int doc_cmp(const void *pa, const void *pb)
{
    return strcmp(((const chr_docinfo *)pa)->name, ((const chr_docinfo *)pb)->name);
}

/* Documents by name, and the corpus version: a digest over the sorted
 * names and their digests; the newest mtime is when the version came to
 * be. */
static int fp_cmp(const void *pa, const void *pb)
{
    const chr_docinfo *a = *(chr_docinfo *const *)pa, *b = *(chr_docinfo *const *)pb;
    if (a->fingerprint != b->fingerprint)
        return a->fingerprint < b->fingerprint ? -1 : 1;
    return strcmp(a->name, b->name);
}

/* Documents of one fingerprint: the first by name is the original, the
 * others its copies.  0 or CHR_ENOMEM. */
static int find_copies(chr_chron *c)
{
    chr_docinfo **v = malloc((c->ndocs ? c->ndocs : 1) * sizeof *v);
    if (v == NULL)
        return CHR_ENOMEM;
    for (size_t i = 0; i < c->ndocs; i++) {
        free(c->docs[i].copies);
        c->docs[i].copies = NULL;
        c->docs[i].ncopies = 0;
        c->docs[i].copy_of = NULL;
        v[i] = &c->docs[i];
    }
    if (c->ndocs)
        qsort(v, c->ndocs, sizeof *v, fp_cmp);
    int rc = 0;
    for (size_t i = 0; i < c->ndocs && rc == 0;) {
        size_t j = i + 1;
        while (j < c->ndocs && v[i]->fingerprint != 0 && v[j]->fingerprint == v[i]->fingerprint)
            j++;
        if (j - i > 1) {
            v[i]->copies = malloc((j - i - 1) * sizeof *v[i]->copies);
            if (v[i]->copies == NULL)
                rc = CHR_ENOMEM;
            for (size_t k = i + 1; k < j && rc == 0; k++) {
                v[k]->copy_of = v[i]->name;
                v[i]->copies[v[i]->ncopies++] = v[k]->name;
            }
        }
        i = j;
    }
    free(v);
    return rc;
}

static void seal_docs(chr_chron *c)
{
    if (c->ndocs) {
        qsort(c->docs, c->ndocs, sizeof *c->docs, doc_cmp);
        memset(c->dochash, 0, c->hashcap * sizeof *c->dochash);
        for (size_t i = 0; i < c->ndocs; i++)
            c->dochash[name_slot(c, c->docs[i].name)] = i + 1;
    }
    chr_sha256 hs;
    chr_sha256_init(&hs);
    c->generated = 0;
    for (size_t i = 0; i < c->ndocs; i++) {
        chr_sha256_update(&hs, c->docs[i].name, strlen(c->docs[i].name) + 1);
        chr_sha256_update(&hs, c->docs[i].sha256, 64);
        if (c->docs[i].mtime > c->generated)
            c->generated = c->docs[i].mtime;
    }
    chr_sha256_hex(&hs, c->version);
}

/* Canonical order, then mentions seen twice dropped.  rank (NULL, or
 * room for every mention) gets each kept mention's document's index in
 * c->docs (sorted by name); returns 1 when every one has one. */
/* A mention in the sort into canonical order: mention_cmp's leading
 * keys, with its document's index among the documents (sorted by name)
 * for the name, which orders them alike. */
typedef struct canon_item {
    int64_t first;
    int type;
    uint32_t doc, offset;
    const chr_mention *m;
} canon_item;

static int canon_cmp(const void *pa, const void *pb)
{
    const canon_item *x = pa, *y = pb;
    CMP(x->first, y->first);
    CMP(x->type, y->type);
    CMP(x->doc, y->doc);
    CMP(x->offset, y->offset);
    return mention_cmp(x->m, y->m);
}

/* c's mentions into canonical order: small records sorted, the mentions
 * then moved once.  Returns each sorted mention's document index (malloc'd,
 * the caller's), or NULL when a mention's document is unknown (the
 * mentions are then sorted as they are) or memory ran out. */
static uint32_t *sort_mentions(chr_chron *c)
{
    size_t n = c->nms;
    canon_item *items = malloc((n ? n : 1) * sizeof *items);
    chr_mention *sorted = malloc((n ? n : 1) * sizeof *sorted);
    uint32_t *docs = malloc((n ? n : 1) * sizeof *docs);
    int known = items != NULL && sorted != NULL && docs != NULL && c->ndocs <= UINT32_MAX;
    for (size_t i = 0; known && i < n; i++) {
        const chr_docinfo *d = chr_chron_find_doc(c, c->ms[i].doc);
        known = d != NULL;
        if (known)
            items[i] = (canon_item){c->ms[i].date.first, (int)c->ms[i].type,
                                    (uint32_t)(d - c->docs), c->ms[i].offset, &c->ms[i]};
    }
    if (!known) {
        free(items);
        free(sorted);
        free(docs);
        if (n)
            qsort(c->ms, n, sizeof *c->ms, mention_cmp);
        return NULL;
    }
    qsort(items, n, sizeof *items, canon_cmp);
    for (size_t i = 0; i < n; i++) {
        sorted[i] = *items[i].m;
        docs[i] = items[i].doc;
    }
    free(items);
    free(c->ms);
    c->ms = sorted;
    c->capms = n ? n : 1;
    return docs;
}

static int canonical_mentions(chr_chron *c, uint32_t *rank)
{
    uint32_t *docs = sort_mentions(c);
    size_t w = 0;
    int ranked = rank != NULL && c->ndocs <= UINT32_MAX;
    for (size_t i = 0; i < c->nms; i++) {
        /* a copy's mentions are its original's: one source, not two */
        const chr_docinfo *d = docs ? &c->docs[docs[i]] : chr_chron_find_doc(c, c->ms[i].doc);
        if ((w > 0 && same_mention(&c->ms[w - 1], &c->ms[i])) || (d != NULL && d->copy_of)) {
            chr_mention_clear(&c->ms[i]);
            continue;
        }
        if (w != i) {
            c->ms[w] = c->ms[i];
            memset(&c->ms[i], 0, sizeof c->ms[i]);
        }
        if (d == NULL)
            ranked = 0;
        else if (ranked)
            rank[w] = (uint32_t)(d - c->docs);
        w++;
    }
    c->nms = w;
    free(docs);
    return ranked;
}

/* The events make_events makes on the threads, a block at a time. */
#define EVENT_BLOCK 256

typedef struct event_run {
    chr_chron *c;
    const size_t *roots;       /* event k is roots[k]'s */
    size_t nev;
    const size_t *members, *start;
    const chr_mkeys *ks;
    const uint32_t *rank;
    atomic_int failed;
} event_run;

static void make_block(void *ctx, size_t b)
{
    event_run *er = ctx;
    size_t hi = (b + 1) * EVENT_BLOCK < er->nev ? (b + 1) * EVENT_BLOCK : er->nev;
    for (size_t k = b * EVENT_BLOCK; k < hi; k++) {
        size_t r = er->roots[k];
        if (make_event(er->c, &er->c->events[k], er->members + er->start[r],
                       er->start[r + 1] - er->start[r], er->ks, er->rank) != 0)
            atomic_store(&er->failed, 1);
    }
}

static int no_take(void *ctx, size_t b)
{
    (void)ctx;
    (void)b;
    return 0;
}

/* One event per union-find root, its members in canonical order; ks
 * holds each mention's keys, rank (or NULL) its document's index. */
static int make_events(chr_chron *c, size_t *parent, const chr_mkeys *ks, const uint32_t *rank)
{
    size_t n = c->nms;
    size_t *members = malloc((n ? n : 1) * sizeof *members);
    size_t *start = calloc(n + 1, sizeof *start);
    size_t *fill = calloc(n ? n : 1, sizeof *fill);
    size_t nev = 0;
    for (size_t i = 0; i < n; i++)
        if (chr_merge_root(parent, i) == i)
            nev++;
    c->events = calloc(nev ? nev : 1, sizeof *c->events);
    int rc = members && start && fill && c->events ? 0 : CHR_ENOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++)
        start[chr_merge_root(parent, i) + 1]++;
    for (size_t i = 0; rc == 0 && i < n; i++)
        start[i + 1] += start[i];
    for (size_t i = 0; rc == 0 && i < n; i++) {
        size_t r = chr_merge_root(parent, i);
        members[start[r] + fill[r]++] = i;
    }
    /* the roots in order, each event's place; then the events made in
     * blocks on the threads (make_event reads the mentions and writes
     * its own event only) */
    size_t *roots = rc == 0 ? malloc((nev ? nev : 1) * sizeof *roots) : NULL;
    if (rc == 0 && roots == NULL)
        rc = CHR_ENOMEM;
    size_t k = 0;
    for (size_t r = 0; r < n && rc == 0; r++)
        if (parent[r] == r)
            roots[k++] = r;
    if (rc == 0) {
        c->nevents = nev;
        size_t nblocks = (nev + EVENT_BLOCK - 1) / EVENT_BLOCK;
        event_run er = {c, roots, nev, members, start, ks, rank, 0};
        chr_par_run(nblocks, c->jobs ? c->jobs : chr_par_cores(), 0, make_block, no_take, &er);
        if (atomic_load(&er.failed))
            rc = CHR_ENOMEM;
    }
    free(roots);
    free(fill);
    free(members);
    free(start);
    return rc;
}

int chr_chron_build(chr_chron *c, chr_error *err)
{
    if (c->built)
        return 0;
    free_events(c);
    seal_docs(c);
    int rc = find_copies(c);
    uint32_t *rank = malloc((c->nms ? c->nms : 1) * sizeof *rank);
    if (rc == 0 && !canonical_mentions(c, rank)) {
        free(rank);
        rank = NULL;
    }
    if (rc == 0)
        rc = chr_names_canonical(c->ms, c->nms);
    size_t *parent = malloc((c->nms ? c->nms : 1) * sizeof *parent);
    chr_mkeys *ks = malloc((c->nms ? c->nms : 1) * sizeof *ks);
    if (rc == 0)
        rc = parent && ks ? chr_merge_sweep(c->ms, c->nms, parent, ks, rank,
                                                    c->jobs ? c->jobs : chr_par_cores()) : CHR_ENOMEM;
    if (rc == 0)
        rc = make_events(c, parent, ks, rank);
    free(rank);
    free(ks);
    if (rc == 0) {
        if (c->nevents)
            qsort(c->events, c->nevents, sizeof *c->events, event_cmp);
        rc = unique_ids(c);
    }
    free(parent);
    if (rc != 0) {
        free_events(c);
        return chr_error_set(err, CHR_ENOMEM, NULL, 0, "out of memory merging %zu mentions",
                             c->nms);
    }
    c->built = 1;
    return 0;
}

size_t chr_chron_event_count(const chr_chron *c) { return c->nevents; }

const chr_event *chr_chron_event(const chr_chron *c, size_t i)
{
    return i < c->nevents ? &c->events[i] : NULL;
}

size_t chr_chron_find(const chr_chron *c, const char *id)
{
    for (size_t i = 0; i < c->nevents; i++)
        if (strcmp(c->events[i].id, id) == 0)
            return i;
    return (size_t)-1;
}

int chr_chron_set_identity(chr_chron *c, size_t i, const char *id, int sequence,
                           int64_t modified)
{
    if (i >= c->nevents)
        return CHR_EINVAL;
    chr_event *e = &c->events[i];
    if (id != NULL) {
        if (strlen(id) != 16 || strspn(id, "0123456789abcdef") != 16)
            return CHR_EINVAL;
        memcpy(e->id, id, 17);
    }
    if (sequence >= 0)
        e->sequence = sequence;
    if (modified != CHR_NO_DAY)
        e->modified = modified;
    return 0;
}

size_t chr_chron_doc_count(const chr_chron *c) { return c->ndocs; }

const chr_docinfo *chr_chron_doc(const chr_chron *c, size_t i)
{
    return i < c->ndocs ? &c->docs[i] : NULL;
}

const char *chr_chron_version(const chr_chron *c) { return c->version; }
int64_t chr_chron_generated(const chr_chron *c) { return c->generated; }
