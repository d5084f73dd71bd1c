/*
 * corpus_run.c - reading a set of documents, on one thread or several.
 *
 * Each document is opened, analysed and (with chr_corpus_map) mapped by a
 * worker; the calling thread takes the documents in their order, so the
 * chronology, the reports and the output are those of a read on one
 * thread.  A document whose numeric dates follow the corpus's order waits
 * (its analysis held) until every document was opened, as on one thread.
 */
#include <stdlib.h>
#include <string.h>

#include "chron/corpus_int.h"
#include "chronicle/corpus.h"
#include "chronicle/par.h"

/* What a worker left for document i. */
enum slot_state {
    SLOT_SKIPPED = 0,   /* not worked on (cancelled) */
    SLOT_UNUSABLE,      /* could not be opened: err says why */
    SLOT_WAITING,       /* opened; waits for the corpus's order (a held) */
    SLOT_FAILED,        /* the analysis failed: err says why, rc */
    SLOT_RAN,           /* analysed, a held for fn */
    SLOT_MAPPED,        /* mapped: result, or rc from map */
};

typedef struct slot {
    unsigned char state;
    int rc;
    chr_analysis *a;
    void *result;
    chr_error *err;            /* malloc'd when there is one */
    chr_order_counts counts;
} slot;

typedef struct run {
    const char *const *paths;
    const chr_corpus_opts *opts;
    chr_corpus_fn fn;          /* chr_corpus_read */
    chr_corpus_map_fn map;     /* chr_corpus_map */
    chr_corpus_take_fn take;
    chr_corpus_drop_fn drop;
    chr_corpus_reuse_fn reuse; /* may be NULL */
    chr_corpus_keep_fn keep;   /* may be NULL */
    void *ctx;
    chr_error *err;
    slot *slots;
    size_t *order;             /* phase 2: the indices of the waiting documents */
    chr_order_counts all;
    chr_date_order corpus;     /* phase 2: the corpus's order */
} run;

static int cancelled(const chr_corpus_opts *opts)
{
    return opts && opts->cancel != NULL && atomic_load(opts->cancel);
}

/* Keep a worker's error record for the calling thread (a copy, so the
 * worker's stack can go).  Without the memory for it the document's
 * status becomes CHR_ENOMEM: a report is never dropped quietly. */
static void keep_error(slot *s, const chr_error *e)
{
    if (e->code == CHR_OK)
        return;
    if ((s->err = malloc(sizeof *s->err)) == NULL)
        s->rc = CHR_ENOMEM;
    else
        *s->err = *e;
}

/* The error a worker kept, as the calling thread's first error. */
static int pass_error(run *r, slot *s, int rc)
{
    if (s->err == NULL)
        return chr_error_set(r->err, CHR_ENOMEM, r->paths[s - r->slots], CHR_NO_OFFSET, "out of memory");
    if (r->err != NULL && r->err->code == CHR_OK)
        *r->err = *s->err;
    return rc;
}

/* Analyse a and map it (when mapping): the worker's half of a document.
 * waited: it followed the corpus's order (which the keep step is told). */
static void analyse(run *r, size_t i, chr_date_order corpus, int waited)
{
    slot *s = &r->slots[i];
    chr_error e = {0};
    int rc = chr_analysis_run(s->a, corpus, &e);
    if (rc != 0) {
        s->rc = rc;
        if (e.code == CHR_OK)
            chr_error_set(&e, rc, r->paths[i], CHR_NO_OFFSET, "out of memory");
        keep_error(s, &e);
        s->state = SLOT_FAILED;
        chr_analysis_free(s->a);
        s->a = NULL;
        return;
    }
    if (r->map == NULL) {
        s->state = SLOT_RAN;
        return;
    }
    s->rc = r->map(r->ctx, r->paths[i], s->a, &s->result);
    if (s->rc == 0 && r->keep != NULL)
        r->keep(r->ctx, i, s->result, &s->counts, waited ? &corpus : NULL);
    chr_analysis_free(s->a);
    s->a = NULL;
    s->state = SLOT_MAPPED;
}

/* The calling thread's half: a document analysed (and mapped) goes to fn
 * or take. */
static int deliver(run *r, size_t i)
{
    slot *s = &r->slots[i];
    int rc;
    switch (s->state) {
    case SLOT_FAILED:
        return pass_error(r, s, s->rc);
    case SLOT_RAN:
        rc = r->fn(r->ctx, r->paths[i], s->a);
        chr_analysis_free(s->a);
        s->a = NULL;
        return rc;
    case SLOT_MAPPED:
        if (s->rc != 0)
            return s->rc;
        rc = r->take(r->ctx, r->paths[i], s->result);
        s->result = NULL;
        return rc;
    default:
        return 0;
    }
}

/* Open document i into its slot: 0, or 1 when it cannot be used (the
 * slot then says why). */
static int open_doc(run *r, size_t i)
{
    slot *s = &r->slots[i];
    chr_error e = {0};
    s->a = chr_corpus_open_named(r->paths[i], r->opts && r->opts->names ? r->opts->names[i]
                                                                         : NULL,
                                 r->opts, 0, &e);
    if (s->a != NULL)
        return 0;
    s->rc = e.code ? e.code : CHR_EIO;
    if (e.code == CHR_OK)
        chr_error_set(&e, CHR_EIO, r->paths[i], CHR_NO_OFFSET, "cannot be read");
    keep_error(s, &e);
    s->state = SLOT_UNUSABLE;
    return 1;
}

static void open_one(void *ctx, size_t i)
{
    run *r = ctx;
    slot *s = &r->slots[i];
    if (cancelled(r->opts))
        return;
    int reused = r->reuse != NULL ? r->reuse(r->ctx, i, r->paths[i], NULL, &s->result,
                                             &s->counts) : 0;
    if (reused) {
        /* 2: its counts are known, it waits without an analysis */
        s->state = reused == 1 ? SLOT_MAPPED : SLOT_WAITING;
        s->rc = 0;
        return;
    }
    if (open_doc(r, i))
        return;
    s->counts = *chr_analysis_order_counts(s->a);
    if (chr_analysis_waits(s->a))
        s->state = SLOT_WAITING;
    else
        analyse(r, i, CHR_ORDER_AUTO, 0);
}

/* Document i could not be used: reported, or CHR_ENOMEM. */
static int report_unusable(run *r, size_t i)
{
    slot *s = &r->slots[i];
    if (s->rc == CHR_ENOMEM || s->err == NULL)
        return chr_error_set(r->err, CHR_ENOMEM, r->paths[i], CHR_NO_OFFSET, "out of memory");
    if (r->opts && r->opts->report)
        r->opts->report(r->opts->report_ctx, s->err);
    return 0;
}

static int take_opened(void *ctx, size_t i)
{
    run *r = ctx;
    slot *s = &r->slots[i];
    const chr_corpus_opts *opts = r->opts;
    if (cancelled(opts) || s->state == SLOT_SKIPPED)
        return chr_error_set(r->err, CHR_EINVAL, NULL, 0, "cancelled");
    int rc = 0;
    if (s->state == SLOT_UNUSABLE) {
        rc = report_unusable(r, i);
    } else {
        r->all.dmy += s->counts.dmy;
        r->all.mdy += s->counts.mdy;
        if (s->state != SLOT_WAITING)
            rc = deliver(r, i);
    }
    if (opts && opts->progress)
        opts->progress(opts->progress_ctx, i + 1);
    return rc;
}

static void run_waiting(void *ctx, size_t k)
{
    run *r = ctx;
    size_t i = r->order[k];
    slot *s = &r->slots[i];
    if (cancelled(r->opts))
        return;
    if (s->a == NULL) {
        /* known from an earlier read but for the order: the same order
         * again takes it, another reads it now */
        if (r->reuse(r->ctx, i, r->paths[i], &r->corpus, &s->result, &s->counts) == 1) {
            s->state = SLOT_MAPPED;
            s->rc = 0;
            return;
        }
        if (open_doc(r, i))
            return;
    }
    analyse(r, i, r->corpus, 1);
}

static int take_waiting(void *ctx, size_t k)
{
    run *r = ctx;
    slot *s = &r->slots[r->order[k]];
    if (cancelled(r->opts) || s->state == SLOT_WAITING)
        return chr_error_set(r->err, CHR_EINVAL, NULL, 0, "cancelled");
    /* a file that changed while the others were read (known before) */
    if (s->state == SLOT_UNUSABLE)
        return report_unusable(r, r->order[k]);
    return deliver(r, r->order[k]);
}

static int read_all(const char *const *paths, size_t n, const chr_corpus_opts *opts,
                    run *r)
{
    r->paths = paths;
    r->opts = opts;
    r->slots = calloc(n ? n : 1, sizeof *r->slots);
    r->order = calloc(n ? n : 1, sizeof *r->order);
    if (r->slots == NULL || r->order == NULL) {
        free(r->slots);
        free(r->order);
        return chr_error_set(r->err, CHR_ENOMEM, NULL, CHR_NO_OFFSET, "out of memory");
    }
    unsigned jobs = opts ? opts->jobs : 1;
    int rc = chr_par_run(n, jobs, 0, open_one, take_opened, r);
    /* documents that show no order of their own follow the corpus's
     * majority, then the caller's order, then day first */
    r->corpus = opts && opts->corpus_order_set ? opts->corpus_order : chr_order_shown(&r->all);
    size_t nw = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (r->slots[i].state == SLOT_WAITING)
            r->order[nw++] = i;
    if (rc == 0)
        rc = chr_par_run(nw, jobs, 0, run_waiting, take_waiting, r);
    /* what a stop left behind */
    for (size_t i = 0; i < n; i++) {
        slot *s = &r->slots[i];
        chr_analysis_free(s->a);
        if (s->result != NULL && r->drop != NULL)
            r->drop(r->ctx, s->result);
        free(s->err);
    }
    free(r->slots);
    free(r->order);
    return rc;
}

int chr_corpus_read(const char *const *paths, size_t n, const chr_corpus_opts *opts,
                    chr_corpus_fn fn, void *ctx, chr_error *err)
{
    run r = {.fn = fn, .ctx = ctx, .err = err};
    return read_all(paths, n, opts, &r);
}

int chr_corpus_map(const char *const *paths, size_t n, const chr_corpus_opts *opts,
                   chr_corpus_map_fn map, chr_corpus_take_fn take, chr_corpus_drop_fn drop,
                   void *ctx, chr_error *err)
{
    return chr_corpus_map_reusing(paths, n, opts, map, take, drop, NULL, NULL, ctx, err);
}

int chr_corpus_map_reusing(const char *const *paths, size_t n, const chr_corpus_opts *opts,
                           chr_corpus_map_fn map, chr_corpus_take_fn take,
                           chr_corpus_drop_fn drop, chr_corpus_reuse_fn reuse,
                           chr_corpus_keep_fn keep, void *ctx, chr_error *err)
{
    run r = {.map = map, .take = take, .drop = drop, .reuse = reuse, .keep = keep,
             .ctx = ctx, .err = err};
    return read_all(paths, n, opts, &r);
}
