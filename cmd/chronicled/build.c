/*
 * build.c - reloads as the build lane: a BUILD job makes the snapshot
 * (chronology, identity carried from the newest version, every body), a
 * RECORD job then records it as a version, and the loop hands it to the
 * server, which swaps it in.  The next build starts only after that, so
 * it always carries identity from the version just made, and the state
 * folder's history is used by one job at a time.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "build.h"
#include "log.h"

struct builder {
    struct work *work;
    struct versions *versions;
    char *dir;
    int follow_links;           /* --follow-links */
    int no_recurse;             /* --no-recurse */
    unsigned jobs;              /* --jobs: documents read at once */
    char *state_dir;            /* --state, never read as documents; or NULL */
    char *encoding;             /* --encoding, or NULL: guessed */
    _Atomic long long progress_ms;  /* monotonic ms of the build's last step */
    build_done_fn done;
    void *ctx;
    atomic_int cancel;          /* read by the corpus build between files */
    int busy;                   /* a BUILD or RECORD job is open */
    struct build_job *current;  /* the open BUILD job, NULL when none */
    uint64_t abandoned;         /* builds given up (build_abandon) */
    int requested, forced;      /* asked for while busy */
    /* the build lane's */
    uint64_t last_sig;          /* folder signature of the last attempt */
    int have_sig;
    /* what the builds read of each document, for the next one: a reload
     * reads only the files written since */
    chr_corpus_memo *memo;
};

/* One reload: a BUILD job, then the same struct as a RECORD job. */
struct build_job {
    struct work_job base;
    struct builder *b;
    int force;
    int skipped;                /* the folder looked unchanged */
    atomic_int stop;            /* read by the corpus build between files */
    int abandoned;              /* build_abandon gave up on it */
    double idle;                /* seconds without progress, when abandoned */
    struct versions_step *step;
    struct build_result r;
};

static double now_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A cheap fingerprint of what the corpus reads, subfolders too (names,
 * sizes, times, inodes), so a poll that finds nothing changed does not
 * rebuild. */
static uint64_t folder_sig(const struct builder *b)
{
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    o.state_dir = b->state_dir;
    o.no_recurse = b->no_recurse;
    return chr_corpus_signature(b->dir, &o, NULL);
}

/* Build the snapshot of dir into r, carrying identity through step. */
static long long mono_ms(void)
{
    return (long long)(now_mono() * 1000.0);
}

/* A document read: the build moves on. */
static void on_progress(void *ctx, size_t done)
{
    struct builder *b = ctx;
    (void)done;
    atomic_store(&b->progress_ms, mono_ms());
}

static void build_snapshot(struct builder *b, const atomic_int *cancel,
                           struct versions_step *step, struct build_result *r)
{
    const char *dir = b->dir;
    chr_corpus_opts opts;
    chr_corpus_opts_init(&opts);
    opts.follow_links = b->follow_links;
    opts.jobs = b->jobs;
    opts.state_dir = b->state_dir;
    opts.no_recurse = b->no_recurse;
    opts.encoding = b->encoding;
    opts.progress = on_progress;
    opts.progress_ctx = b;
    atomic_store(&b->progress_ms, mono_ms());
    opts.report = log_report_file;
    opts.cancel = cancel;
    opts.memo = b->memo;
    double t0 = now_mono();
    r->snap = chr_snap_build_prepared(dir, &opts, versions_prepare, step, &r->err);
    r->read = chr_corpus_memo_read(b->memo);
    r->reused = chr_corpus_memo_reused(b->memo);
    if (r->snap == NULL && r->err.code == CHR_OK)
        chr_error_set(&r->err, CHR_ENOMEM, dir, CHR_NO_OFFSET, "build failed");
    r->seconds = now_mono() - t0;
    r->finished = (int64_t)time(NULL);
}

/* ---- the jobs ---- */

static void start(struct builder *b, int force);

/* The lane is free again: the next build, when one was asked for. */
static void lane_free(struct builder *b)
{
    b->busy = 0;
    if (b->requested && !b->cancel) {
        int force = b->forced;
        b->requested = b->forced = 0;
        start(b, force);
    }
}

static void job_free(struct work_job *wj)
{
    struct build_job *j = (struct build_job *)wj;
    if (j->b->current == j)
        j->b->current = NULL;
    chr_snap_unref(j->r.snap);
    versions_step_free(j->step);
    j->b->busy = 0;
    free(j);
}

/* The newest modification time of the corpus's entries, subfolders
 * too (seconds since the epoch), 0 when it cannot be listed. */
static double newest_change(const struct builder *b)
{
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    o.state_dir = b->state_dir;
    o.no_recurse = b->no_recurse;
    double newest = 0;
    chr_corpus_signature(b->dir, &o, &newest);
    return newest;
}

/* Wait until no file of the folder has changed for BUILD_SETTLE_S: a file
 * written in parts is read once it is whole, not as a version of its own
 * half.  Bounded (BUILD_SETTLE_MAX_S: a file that never stops changing is
 * read as it is) and cut short by cancel. */
static void settle(struct builder *b, const atomic_int *cancel)
{
    for (double waited = 0; waited < BUILD_SETTLE_MAX_S && !atomic_load(cancel);) {
        /* waiting for the folder is no stall */
        atomic_store(&b->progress_ms, mono_ms());
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        double age = (double)now.tv_sec + now.tv_nsec / 1e9 - newest_change(b);
        if (age >= BUILD_SETTLE_S || age < 0)
            return;
        double nap = BUILD_SETTLE_S - age < 0.25 ? BUILD_SETTLE_S - age : 0.25;
        nanosleep(&(struct timespec){0, (long)(nap * 1e9)}, NULL);
        waited += nap;
    }
}

static void build_run(struct work_job *wj)
{
    struct build_job *j = (struct build_job *)wj;
    struct builder *b = j->b;
    atomic_store(&b->progress_ms, mono_ms());
    settle(b, &j->stop);
    uint64_t sig = folder_sig(b);
    if (!j->force && b->have_sig && sig == b->last_sig) {
        j->skipped = 1;
        return;
    }
    b->last_sig = sig;
    b->have_sig = 1;
    build_snapshot(b, &j->stop, j->step, &j->r);
}

static void record_run(struct work_job *wj)
{
    struct build_job *j = (struct build_job *)wj;
    double t0 = now_mono();
    versions_record(j->step, j->r.snap, j->b->cancel);
    j->r.seconds += now_mono() - t0;
    j->r.finished = (int64_t)time(NULL);
}

static const struct work_type record_type;

static void build_done(struct work_job *wj)
{
    struct build_job *j = (struct build_job *)wj;
    struct builder *b = j->b;
    /* A build that finished as the daemon stops is not recorded or
     * served: nothing may happen after "stopped". */
    b->current = NULL;
    if (j->skipped || b->cancel) {
        job_free(wj);
        lane_free(b);
        return;
    }
    if (j->abandoned) {
        /* Reported as a failed reload; the old version stays live. */
        chr_snap_unref(j->r.snap);
        j->r.snap = NULL;
        chr_error_clear(&j->r.err);
        chr_error_set(&j->r.err, CHR_EIO, b->dir, CHR_NO_OFFSET,
                      "build abandoned: no document finished for %.0f s", j->idle);
    }
    if (j->r.snap == NULL) {
        /* The old version stays live. */
        versions_end(b->versions, j->step);
        j->step = NULL;
        b->done(b->ctx, &j->r);
        job_free(wj);
        lane_free(b);
        return;
    }
    j->base.type = &record_type;
    if (work_submit(b->work, &j->base) != WORK_OK)
        lane_free(b);           /* the job is freed: the daemon stops */
}

static void record_done(struct work_job *wj)
{
    struct build_job *j = (struct build_job *)wj;
    struct builder *b = j->b;
    if (!b->cancel) {
        versions_recorded(b->versions, j->step, j->r.snap);
        j->step = NULL;
        b->done(b->ctx, &j->r);
        j->r.snap = NULL;       /* the callee's now */
    }
    job_free(wj);
    lane_free(b);
}

static const struct work_type build_type = {
    WORK_BUILD, "build", 1, 1, 0, build_run, build_done, job_free, NULL,
};
static const struct work_type record_type = {
    WORK_RECORD, "record", 1, 1, 0, record_run, record_done, job_free, NULL,
};

static void start(struct builder *b, int force)
{
    struct build_job *j = calloc(1, sizeof *j);
    if (j != NULL)
        j->step = versions_begin(b->versions);
    if (j == NULL || j->step == NULL) {
        struct build_result r = {0};
        chr_error_set(&r.err, CHR_ENOMEM, b->dir, CHR_NO_OFFSET, "out of memory starting a build");
        r.finished = (int64_t)time(NULL);
        free(j);
        b->done(b->ctx, &r);
        return;
    }
    j->base.type = &build_type;
    j->b = b;
    j->force = force;
    b->busy = 1;
    b->current = j;
    (void)work_submit(b->work, &j->base);   /* refused: freed, lane free */
}

/* ---- the interface ---- */

int build_state_dir(struct builder *b, const char *dir)
{
    free(b->state_dir);
    b->state_dir = dir ? strdup(dir) : NULL;
    return dir && b->state_dir == NULL ? -1 : 0;
}

int build_encoding(struct builder *b, const char *charset)
{
    free(b->encoding);
    b->encoding = charset ? strdup(charset) : NULL;
    return charset && b->encoding == NULL ? -1 : 0;
}

void build_follow_links(struct builder *b, int on)
{
    b->follow_links = on;
}

void build_no_recurse(struct builder *b, int on)
{
    b->no_recurse = on;
}

void build_jobs(struct builder *b, unsigned jobs)
{
    b->jobs = jobs;
}

struct builder *build_new(struct work *w, struct versions *v, const char *dir,
                          build_done_fn done, void *ctx)
{
    struct builder *b = calloc(1, sizeof *b);
    if (b == NULL)
        return NULL;
    b->dir = strdup(dir);
    b->memo = chr_corpus_memo_new();
    if (b->dir == NULL || b->memo == NULL) {
        free(b->dir);
        chr_corpus_memo_free(b->memo);
        free(b);
        return NULL;
    }
    b->work = w;
    b->versions = v;
    b->done = done;
    b->ctx = ctx;
    return b;
}

void build_first(struct builder *b, const atomic_int *cancel,
                 struct build_result *r)
{
    memset(r, 0, sizeof *r);
    struct versions_step *step = versions_begin(b->versions);
    if (step == NULL) {
        chr_error_set(&r->err, CHR_ENOMEM, b->dir, CHR_NO_OFFSET, "out of memory");
        return;
    }
    build_snapshot(b, cancel, step, r);
    if (atomic_load(cancel)) {
        /* Stopped before serving: nothing is recorded. */
        versions_step_free(step);
        return;
    }
    if (r->snap == NULL) {
        versions_end(b->versions, step);
        return;
    }
    double t0 = now_mono();
    versions_record(step, r->snap, 0);
    versions_recorded(b->versions, step, r->snap);
    r->seconds += now_mono() - t0;
}

void build_request(struct builder *b, int force)
{
    if (b->cancel)
        return;
    if (b->busy) {
        b->requested = 1;
        b->forced |= force;
        return;
    }
    start(b, force);
}

int build_busy(const struct builder *b)
{
    return b->busy || (b->requested && !b->cancel);
}

double build_idle(const struct builder *b)
{
    if (!b->busy)
        return 0;
    long long last = atomic_load(&b->progress_ms);
    return last > 0 ? (double)(mono_ms() - last) / 1000.0 : 0;
}

void build_cancel(struct builder *b)
{
    atomic_store(&b->cancel, 1);
    if (b->current != NULL)
        atomic_store(&b->current->stop, 1);
}

int build_abandon(struct builder *b, double limit)
{
    struct build_job *j = b->current;
    double idle = build_idle(b);
    if (j == NULL || j->abandoned || limit <= 0 || idle <= limit)
        return 0;
    j->abandoned = 1;
    j->idle = idle;
    atomic_store(&j->stop, 1);
    b->abandoned++;
    return 1;
}

int build_abandoned(const struct builder *b, uint64_t *total)
{
    if (total != NULL)
        *total = b->abandoned;
    return b->current != NULL && b->current->abandoned;
}

void build_free(struct builder *b)
{
    if (b == NULL)
        return;
    free(b->dir);
    free(b->state_dir);
    chr_corpus_memo_free(b->memo);
    free(b->encoding);
    free(b);
}
