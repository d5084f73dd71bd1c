/*
 * versions.c - the daemon's history of corpus versions: carrying event
 * identity from one build to the next, recording versions in the state
 * folder, and the /versions, /diff and /timeline.json?version= routes.
 *
 * Threads.  The builder thread calls versions_prepare and versions_built
 * for each build (identity, then the state folder's writes: off the
 * loop).  A worker thread of its own loads old versions from disk and
 * diffs them.  The loop answers from prebuilt bodies and the small caches
 * below; a request that needs the worker waits with its reply deferred
 * and is answered when the worker wakes the loop.  Everything the loop
 * and the threads share is under one mutex, held only for pointer swaps
 * and lookups.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <event2/http.h>

#include "chronicle/diff.h"
#include "chronicle/diffout.h"
#include "chronicle/history.h"
#include "chronicle/http.h"
#include "chronicle/json.h"
#include "chronicle/query.h"
#include "chronicle/version.h"
#include "log.h"
#include "render.h"
#include "versions.h"

#define STATE_DEFAULT ".chronicle"
#define LOADED_MAX 4          /* old versions kept in memory */
#define DIFFS_MAX 16          /* rendered diffs kept */
#define JOBS_MAX 8            /* loads and diffs queued for the worker */
#define WAITERS_MAX 64        /* requests waiting for the worker */
#define TRIES_MAX 3           /* times one request may wait */

enum { JOB_LOAD, JOB_DIFF };

struct loaded {
    uint64_t number;
    chr_snap *snap;           /* NULL: free slot */
    uint64_t used;
};

struct diffbody {
    uint64_t from, to;        /* 0: the current version, not recorded */
    chr_body *body;           /* NULL: free slot */
    uint64_t used;
};

struct job {
    uint64_t id;              /* 0: free slot */
    int kind;
    uint64_t a, b;
    int running, done;
    int status;               /* reply status when it failed, else 0 */
    char msg[200];
};

struct waiter {
    struct request ri;
    char *query;
    uint64_t job;
    int tries;
    int fail;                 /* the job's failure status, 0 when none */
    char msg[200];            /* and its message */
    struct waiter *next;
};

struct versions {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    int started, stop;
    struct event *wake;
    struct renderer *render;  /* old versions' filtered feeds */
    char *state;
    chr_history *hist;        /* builder thread only once the loop runs */
    /* shared, under mu */
    char error[640];          /* state folder trouble, "" when none */
    chr_snap *head;           /* the newest version built */
    uint64_t head_number;     /* 0: not recorded */
    chr_history_entry *list;  /* recorded versions (+ an unrecorded head) */
    size_t nlist;
    chr_body *list_body;      /* /versions */
    struct loaded loaded[LOADED_MAX];
    struct diffbody diffs[DIFFS_MAX];
    struct job jobs[JOBS_MAX];
    uint64_t next_job, tick;
    struct waiter *waiting;
    size_t nwaiting;
    /* builder thread only: the diff against the previous head, made by
     * prepare and rendered by built */
    chr_diff *pending;
    chr_snap *pending_from;
    uint64_t pending_from_number;
};

/* ---- bodies ------------------------------------------------------------- */

/* A body of rendered JSON (ownership of data taken); its entity-tag is a
 * hash of the bytes, so it changes exactly when they do. */
static chr_body *json_body(char *data, size_t len, const char *kind, int gzip)
{
    chr_body *b = chr_body_new(data, len, REPLY_JSON, kind, 0);
    if (b != NULL && gzip)
        (void)chr_body_gzip(b, 6);      /* no memory: served plain */
    return b;
}

/* ---- shared state (call with mu held) ----------------------------------- */

static void rebuild_list(struct versions *v)
{
    size_t n = v->hist != NULL ? chr_history_count(v->hist) : 0;
    int extra = v->head != NULL && v->head_number == 0;
    chr_history_entry *list = calloc(n + 2, sizeof *list);
    if (list == NULL)
        return;                 /* the old list stays: a little stale */
    for (size_t i = 0; i < n; i++)
        list[i] = *chr_history_at(v->hist, i);
    if (extra) {
        const chr_chron *c = chr_snap_chron(v->head);
        chr_history_entry *x = &list[n];
        memcpy(x->version, chr_chron_version(c), 65);
        x->created = (int64_t)time(NULL);
        x->documents = chr_chron_doc_count(c);
        x->events = chr_chron_event_count(c);
        x->saved = 0;
    }
    size_t len;
    char *s = chr_history_list_json(list, n + (size_t)extra, v->head_number, &len);
    chr_body *b = s != NULL ? json_body(s, len, "versions", 0) : NULL;
    if (b == NULL) {
        free(list);
        return;
    }
    free(v->list);
    v->list = list;
    v->nlist = n + (size_t)extra;
    chr_body_unref(v->list_body);
    v->list_body = b;
}

static int known(const struct versions *v, uint64_t number)
{
    for (size_t i = 0; i < v->nlist; i++)
        if (v->list[i].number == number)
            return 1;
    return 0;
}

/* The recorded version before the current one, or 0. */
static uint64_t previous(const struct versions *v)
{
    for (size_t i = v->nlist; i > 0; i--) {
        uint64_t n = v->list[i - 1].number;
        if (n != 0 && n != v->head_number)
            return n;
    }
    return 0;
}

/* The snapshot of version number (0: the current one), with a new
 * reference, or NULL when it is not in memory. */
static chr_snap *find_snap(struct versions *v, uint64_t number)
{
    if (v->head != NULL && (number == 0 || number == v->head_number)) {
        chr_snap_ref(v->head);
        return v->head;
    }
    for (int i = 0; i < LOADED_MAX; i++)
        if (v->loaded[i].snap != NULL && v->loaded[i].number == number) {
            v->loaded[i].used = ++v->tick;
            chr_snap_ref(v->loaded[i].snap);
            return v->loaded[i].snap;
        }
    return NULL;
}

static void keep_snap(struct versions *v, uint64_t number, chr_snap *s)
{
    int slot = 0;
    for (int i = 0; i < LOADED_MAX; i++) {
        if (v->loaded[i].snap != NULL && v->loaded[i].number == number)
            return;             /* loaded twice: keep the first */
        if (v->loaded[i].snap == NULL ||
            (v->loaded[slot].snap != NULL && v->loaded[i].used < v->loaded[slot].used))
            slot = i;
    }
    chr_snap_unref(v->loaded[slot].snap);
    chr_snap_ref(s);
    v->loaded[slot] = (struct loaded){number, s, ++v->tick};
}

static chr_body *find_diff(struct versions *v, uint64_t from, uint64_t to)
{
    for (int i = 0; i < DIFFS_MAX; i++)
        if (v->diffs[i].body != NULL && v->diffs[i].from == from && v->diffs[i].to == to) {
            v->diffs[i].used = ++v->tick;
            chr_body_ref(v->diffs[i].body);
            return v->diffs[i].body;
        }
    return NULL;
}

static void keep_diff(struct versions *v, uint64_t from, uint64_t to, chr_body *b)
{
    int slot = 0;
    for (int i = 0; i < DIFFS_MAX; i++) {
        if (v->diffs[i].body != NULL && v->diffs[i].from == from && v->diffs[i].to == to) {
            slot = i;
            break;
        }
        if (v->diffs[i].body == NULL ||
            (v->diffs[slot].body != NULL && v->diffs[i].used < v->diffs[slot].used))
            slot = i;
    }
    chr_body_unref(v->diffs[slot].body);
    chr_body_ref(b);
    v->diffs[slot] = (struct diffbody){from, to, b, ++v->tick};
}

/* Diffs that name the unrecorded current version go stale with it. */
static void drop_current_diffs(struct versions *v)
{
    for (int i = 0; i < DIFFS_MAX; i++)
        if (v->diffs[i].body != NULL && (v->diffs[i].from == 0 || v->diffs[i].to == 0)) {
            chr_body_unref(v->diffs[i].body);
            v->diffs[i].body = NULL;
        }
}

/* Keep the state folder's trouble for /healthz; log it when it is new
 * (a folder that stays broken is retried on every build). */
static void set_error(struct versions *v, const chr_error *e, const char *what)
{
    char now[sizeof v->error];
    snprintf(now, sizeof now, "%s: %s%s%s", what, e->file, e->file[0] ? ": " : "",
             e->msg[0] ? e->msg : chr_status_str(e->code));
    if (strcmp(now, v->error) == 0)
        return;
    memcpy(v->error, now, sizeof now);
    char file[300], msg[300];
    log_escape(file, sizeof file, e->file, strlen(e->file));
    log_escape(msg, sizeof msg, e->msg, strlen(e->msg));
    log_line("error", "state folder: %s file=\"%s\" error=\"%s\"", what, file, msg);
}

/* ---- opening ------------------------------------------------------------ */

struct versions *versions_open(const char *state, const char *corpus)
{
    struct versions *v = calloc(1, sizeof *v);
    if (v == NULL)
        return NULL;
    if (state != NULL) {
        v->state = strdup(state);
    } else {
        size_t n = strlen(corpus) + sizeof STATE_DEFAULT + 1;
        v->state = malloc(n);
        if (v->state != NULL)
            snprintf(v->state, n, "%s/%s", corpus, STATE_DEFAULT);
    }
    if (v->state == NULL || pthread_mutex_init(&v->mu, NULL) != 0) {
        free(v->state);
        free(v);
        return NULL;
    }
    if (pthread_cond_init(&v->cv, NULL) != 0) {
        pthread_mutex_destroy(&v->mu);
        free(v->state);
        free(v);
        return NULL;
    }
    return v;
}

/*
 * Open the state folder, on the first build (so a corpus that cannot be
 * built reports only that) and again on each later build while it fails
 * (a full disk may be cleared, a mount come back).  The newest recorded
 * version carries its identity into the first build, so a restart
 * changes no UID and no SEQUENCE.
 */
static void open_history(struct versions *v)
{
    chr_error err;
    chr_error_clear(&err);
    chr_history *h = chr_history_open(v->state, 0, &err);
    if (h == NULL) {
        pthread_mutex_lock(&v->mu);
        set_error(v, &err, "cannot open the history; versions are not kept");
        pthread_mutex_unlock(&v->mu);
        return;
    }
    chr_snap *s = NULL;
    uint64_t number = 0;
    size_t n = chr_history_count(h);
    pthread_mutex_lock(&v->mu);
    int need_head = v->head == NULL;
    pthread_mutex_unlock(&v->mu);
    if (n > 0 && need_head) {
        const chr_history_entry *last = chr_history_at(h, n - 1);
        chr_error_clear(&err);
        chr_chron *c = chr_history_load(h, last->number, &err);
        s = c != NULL ? chr_snap_new(c, &err) : NULL;
        /* The last run served this version with a Last-Modified of about
         * the time it was recorded (later than its newest mtime when a
         * document had been deleted): the first build follows that. */
        if (s != NULL)
            chr_snap_set_modified(s, last->created);
        if (s == NULL) {
            pthread_mutex_lock(&v->mu);
            set_error(v, &err, "cannot read the newest version");
            pthread_mutex_unlock(&v->mu);
        }
        number = last->number;
    }
    pthread_mutex_lock(&v->mu);
    v->hist = h;
    if (s != NULL) {
        v->head = s;
        v->head_number = number;
    } else if (n > 0 && need_head) {
        /* keep the error set above */
    } else {
        v->error[0] = '\0';
    }
    rebuild_list(v);
    pthread_mutex_unlock(&v->mu);
    char dir[600];
    log_escape(dir, sizeof dir, v->state, strlen(v->state));
    log_line("info", "history state=\"%s\" versions=%zu newest=%llu", dir, n,
             (unsigned long long)number);
}

/* ---- the builder's side ------------------------------------------------- */

int versions_prepare(void *arg, chr_chron *c, chr_error *err)
{
    struct versions *v = arg;
    (void)err;
    if (v->hist == NULL)
        open_history(v);
    chr_diff_free(v->pending);
    chr_snap_unref(v->pending_from);
    v->pending = NULL;
    v->pending_from = NULL;
    pthread_mutex_lock(&v->mu);
    chr_snap *prev = v->head;
    uint64_t prev_number = v->head_number;
    if (prev != NULL)
        chr_snap_ref(prev);
    pthread_mutex_unlock(&v->mu);
    if (prev == NULL)
        return 0;
    chr_error e;
    chr_error_clear(&e);
    chr_diff *d = chr_diff_new(chr_snap_chron(prev), c, &e);
    if (d == NULL) {
        /* Without a diff the new version starts new identities: worse
         * for calendars, but the corpus is still served. */
        log_line("warn", "cannot compare with the previous version: %s", e.msg);
        chr_snap_unref(prev);
        return 0;
    }
    chr_diff_carry(d, c, (int64_t)time(NULL));
    v->pending = d;
    v->pending_from = prev;
    v->pending_from_number = prev_number;
    return 0;
}

static int versions_stopping(struct versions *v)
{
    pthread_mutex_lock(&v->mu);
    int stop = v->stop;
    pthread_mutex_unlock(&v->mu);
    return stop;
}

void versions_built(void *ctx, chr_snap *s)
{
    struct versions *v = ctx;
    const chr_chron *c = chr_snap_chron(s);
    /* Last-Modified never goes back from one version to the next. */
    pthread_mutex_lock(&v->mu);
    chr_snap *prev = v->head;
    if (prev != NULL)
        chr_snap_ref(prev);
    pthread_mutex_unlock(&v->mu);
    chr_snap_follow(s, prev);
    chr_snap_unref(prev);
    chr_diff *d = v->pending;
    chr_snap *from = v->pending_from;
    uint64_t from_number = v->pending_from_number;
    v->pending = NULL;
    v->pending_from = NULL;
    if (versions_stopping(v)) {
        /* The daemon stops: this build is not served, so not recorded. */
        chr_diff_free(d);
        chr_snap_unref(from);
        return;
    }
    /* The same documents can still give other events when chronicle
     * itself changed (a new extractor): that is a new version too. */
    int same_docs = from != NULL &&
                    strcmp(chr_snap_version(from), chr_chron_version(c)) == 0;
    int same = same_docs && d != NULL && chr_diff_empty(d);
    uint64_t number = 0;
    chr_error err;
    chr_error_clear(&err);
    int failed = 0;
    if (same) {
        pthread_mutex_lock(&v->mu);
        number = v->head_number;
        pthread_mutex_unlock(&v->mu);
    } else if (v->hist != NULL) {
        size_t counts[3] = {0, 0, 0};
        if (d != NULL) {
            counts[0] = chr_diff_added_count(d);
            counts[1] = chr_diff_removed_count(d);
            counts[2] = chr_diff_changed_count(d);
        } else {
            counts[0] = chr_chron_event_count(c);
        }
        /* the served timeline's bytes are the snapshot's body */
        chr_body *tl = NULL;
        chr_error ferr;
        chr_error_clear(&ferr);
        if (chr_snap_feed(s, CHR_FEED_JSON, NULL, 0, &tl, &ferr) != 0)
            tl = NULL;
        failed = chr_history_add_with(v->hist, c, tl ? tl->data : NULL, tl ? tl->len : 0,
                                      (int64_t)time(NULL), counts, same_docs, &number,
                                      &err) != 0;
        chr_body_unref(tl);
    }
    chr_body *db = NULL;
    if (d != NULL && !same) {
        chr_diff_end fe = {NULL, from_number}, te = {NULL, number};
        size_t len;
        char *json = chr_diffout_json(d, &fe, &te, 0, &len);
        db = json != NULL ? json_body(json, len, "diff", 1) : NULL;
    }
    pthread_mutex_lock(&v->mu);
    if (failed)
        set_error(v, &err, "cannot record a version");
    else if (v->hist != NULL && !same)
        v->error[0] = '\0';
    chr_snap_ref(s);
    chr_snap *old = v->head;
    v->head = s;
    v->head_number = number;
    if (!same)
        drop_current_diffs(v);
    if (db != NULL)
        keep_diff(v, from_number, number, db);
    rebuild_list(v);
    pthread_mutex_unlock(&v->mu);
    chr_snap_unref(old);
    chr_body_unref(db);
    chr_diff_free(d);
    chr_snap_unref(from);
    if (!same && !failed && number != 0)
        log_line("info", "recorded version=%llu corpus=%.16s events=%zu",
                 (unsigned long long)number, chr_chron_version(c), chr_chron_event_count(c));
}

size_t versions_health(struct versions *v, char *error, size_t cap)
{
    pthread_mutex_lock(&v->mu);
    size_t n = 0;
    for (size_t i = 0; i < v->nlist; i++)
        n += v->list[i].saved;
    snprintf(error, cap, "%s", v->error);
    pthread_mutex_unlock(&v->mu);
    return n;
}

/* ---- the worker --------------------------------------------------------- */

/* Load version number from disk into the cache; 0 or a reply status. */
static int load(struct versions *v, uint64_t number, char *msg, size_t cap)
{
    char path[4200];
    if (chr_history_path_in(v->state, number, path, sizeof path) != 0) {
        snprintf(msg, cap, "state folder path too long");
        return 500;
    }
    chr_error err;
    chr_error_clear(&err);
    chr_chron *c = chr_version_read(path, NULL, &err);
    chr_snap *s = c != NULL ? chr_snap_new(c, &err) : NULL;
    if (s == NULL) {
        snprintf(msg, cap, "cannot read version %llu: %s", (unsigned long long)number,
                 err.msg[0] ? err.msg : chr_status_str(err.code));
        return 500;
    }
    pthread_mutex_lock(&v->mu);
    keep_snap(v, number, s);
    pthread_mutex_unlock(&v->mu);
    chr_snap_unref(s);
    return 0;
}

static chr_snap *get_snap(struct versions *v, uint64_t number, int *status, char *msg,
                          size_t cap)
{
    for (int round = 0; round < 2; round++) {
        pthread_mutex_lock(&v->mu);
        chr_snap *s = find_snap(v, number);
        pthread_mutex_unlock(&v->mu);
        if (s != NULL || round == 1)
            return s;
        if ((*status = load(v, number, msg, cap)) != 0)
            return NULL;
    }
    return NULL;
}

static int run_diff(struct versions *v, uint64_t a, uint64_t b, char *msg, size_t cap)
{
    int status = 0;
    chr_snap *sa = get_snap(v, a, &status, msg, cap);
    chr_snap *sb = sa != NULL ? get_snap(v, b, &status, msg, cap) : NULL;
    if (sb == NULL) {
        chr_snap_unref(sa);
        if (status == 0) {
            snprintf(msg, cap, "version evicted while loading; try again");
            status = 503;
        }
        return status;
    }
    chr_error err;
    chr_error_clear(&err);
    chr_diff *d = chr_diff_new(chr_snap_chron(sa), chr_snap_chron(sb), &err);
    chr_body *body = NULL;
    if (d != NULL) {
        chr_diff_end fe = {NULL, a}, te = {NULL, b};
        size_t len;
        char *json = chr_diffout_json(d, &fe, &te, 0, &len);
        body = json != NULL ? json_body(json, len, "diff", 1) : NULL;
    }
    chr_diff_free(d);
    chr_snap_unref(sa);
    chr_snap_unref(sb);
    if (body == NULL) {
        snprintf(msg, cap, "out of memory comparing versions");
        return 500;
    }
    pthread_mutex_lock(&v->mu);
    keep_diff(v, a, b, body);
    pthread_mutex_unlock(&v->mu);
    chr_body_unref(body);
    return 0;
}

static void *worker(void *arg)
{
    struct versions *v = arg;
    pthread_mutex_lock(&v->mu);
    for (;;) {
        struct job *j = NULL;
        for (int i = 0; i < JOBS_MAX && j == NULL; i++)
            if (v->jobs[i].id != 0 && !v->jobs[i].running && !v->jobs[i].done)
                j = &v->jobs[i];
        if (j == NULL) {
            if (v->stop)
                break;
            pthread_cond_wait(&v->cv, &v->mu);
            continue;
        }
        if (v->stop)
            break;
        j->running = 1;
        struct job copy = *j;
        pthread_mutex_unlock(&v->mu);
        char msg[200] = "";
        int status = copy.kind == JOB_LOAD ? load(v, copy.a, msg, sizeof msg)
                                           : run_diff(v, copy.a, copy.b, msg, sizeof msg);
        pthread_mutex_lock(&v->mu);
        /* the slot is ours until done is set: only the loop frees it */
        j->running = 0;
        j->done = 1;
        j->status = status;
        snprintf(j->msg, sizeof j->msg, "%s", msg);
        if (v->wake != NULL)
            event_active(v->wake, EV_READ, 0);
    }
    pthread_mutex_unlock(&v->mu);
    return NULL;
}

static void on_wake(evutil_socket_t fd, short what, void *arg);

int versions_start(struct versions *v, struct event_base *base, struct renderer *rd)
{
    v->render = rd;
    v->wake = event_new(base, -1, 0, on_wake, v);
    if (v->wake == NULL)
        return -1;
    if (pthread_create(&v->thread, NULL, worker, v) != 0) {
        event_free(v->wake);
        v->wake = NULL;
        return -1;
    }
    v->started = 1;
    return 0;
}

void versions_stop(struct versions *v)
{
    struct waiter *drop = NULL;
    pthread_mutex_lock(&v->mu);
    v->stop = 1;
    pthread_cond_signal(&v->cv);
    /* Jobs not started now never will be: their requests are answered
     * here; those waiting for a running job are when it ends. */
    struct waiter **pp = &v->waiting;
    while (*pp != NULL) {
        struct waiter *w = *pp;
        int running = 0;
        for (int i = 0; i < JOBS_MAX; i++)
            if (v->jobs[i].id == w->job && (v->jobs[i].running || v->jobs[i].done))
                running = 1;
        if (running) {
            pp = &w->next;
            continue;
        }
        *pp = w->next;
        v->nwaiting--;
        w->next = drop;
        drop = w;
    }
    pthread_mutex_unlock(&v->mu);
    for (struct waiter *w = drop, *next; w != NULL; w = next) {
        next = w->next;
        reply_error(&w->ri, 503, NULL, "the server is stopping");
        free(w->query);
        free(w);
    }
}

int versions_busy(struct versions *v)
{
    pthread_mutex_lock(&v->mu);
    int busy = 0;
    for (int i = 0; i < JOBS_MAX; i++)
        busy |= v->jobs[i].id != 0 && v->jobs[i].running;
    pthread_mutex_unlock(&v->mu);
    return busy;
}

/* After evhttp_free: waiting requests were freed with their connections,
 * so only our records of them go. */
void versions_free(struct versions *v)
{
    if (v == NULL)
        return;
    if (v->started) {
        pthread_mutex_lock(&v->mu);
        v->stop = 1;
        pthread_cond_signal(&v->cv);
        pthread_mutex_unlock(&v->mu);
        pthread_join(v->thread, NULL);
    }
    if (v->wake != NULL)
        event_free(v->wake);
    for (struct waiter *w = v->waiting, *next; w != NULL; w = next) {
        next = w->next;
        free(w->query);
        free(w);
    }
    for (int i = 0; i < LOADED_MAX; i++)
        chr_snap_unref(v->loaded[i].snap);
    for (int i = 0; i < DIFFS_MAX; i++)
        chr_body_unref(v->diffs[i].body);
    chr_diff_free(v->pending);
    chr_snap_unref(v->pending_from);
    chr_snap_unref(v->head);
    chr_body_unref(v->list_body);
    free(v->list);
    chr_history_free(v->hist);
    pthread_cond_destroy(&v->cv);
    pthread_mutex_destroy(&v->mu);
    free(v->state);
    free(v);
}

/* ---- the loop's side ---------------------------------------------------- */

/* Queue a job (or find the same one queued) and park the request on it.
 * Replies 503 itself when the queues are full. */
static void wait_for(struct versions *v, struct request *ri, const char *query, int kind,
                     uint64_t a, uint64_t b, int tries)
{
    pthread_mutex_lock(&v->mu);
    int stopping = v->stop;
    pthread_mutex_unlock(&v->mu);
    if (!v->started || tries >= TRIES_MAX || stopping) {
        reply_error(ri, 503, NULL, stopping ? "the server is stopping"
                                            : "the history is busy; try again");
        return;
    }
    pthread_mutex_lock(&v->mu);
    struct job *j = NULL, *free_slot = NULL;
    for (int i = 0; i < JOBS_MAX; i++) {
        struct job *x = &v->jobs[i];
        if (x->id != 0 && !x->done && x->kind == kind && x->a == a && x->b == b)
            j = x;
        if (x->id == 0 && free_slot == NULL)
            free_slot = x;
    }
    if (j == NULL && free_slot != NULL) {
        j = free_slot;
        memset(j, 0, sizeof *j);
        j->id = ++v->next_job;
        j->kind = kind;
        j->a = a;
        j->b = b;
        pthread_cond_signal(&v->cv);
    }
    struct waiter *w = j != NULL && v->nwaiting < WAITERS_MAX ? calloc(1, sizeof *w) : NULL;
    if (w != NULL && (w->query = strdup(query ? query : "")) == NULL) {
        free(w);
        w = NULL;
    }
    if (w != NULL) {
        w->ri = *ri;
        w->job = j->id;
        w->tries = tries + 1;
        w->next = v->waiting;
        v->waiting = w;
        v->nwaiting++;
    }
    pthread_mutex_unlock(&v->mu);
    if (w == NULL)
        reply_error(ri, 503, NULL, "too many history requests waiting; try again");
}

/* A version parameter's value: 0 and *number set, or a reply sent. */
static int parse_version(struct versions *v, struct request *ri, const char *name,
                         const char *val, size_t len, uint64_t *number)
{
    if (val == NULL || chr_query_parse_number(val, len, number) != 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "'%.*s' is not a version number; expected a "
                 "number listed by /versions", val ? (int)(len < 40 ? len : 40) : 0,
                 val ? val : "");
        reply_error(ri, 400, name, msg);
        return -1;
    }
    pthread_mutex_lock(&v->mu);
    int ok = known(v, *number);
    pthread_mutex_unlock(&v->mu);
    if (!ok) {
        char msg[160];
        snprintf(msg, sizeof msg, "no version %llu; /versions lists the versions kept",
                 (unsigned long long)*number);
        reply_error(ri, 404, name, msg);
        return -1;
    }
    return 0;
}

static void handle_list(struct versions *v, struct request *ri, const char *query)
{
    if (query != NULL && *query != '\0') {
        reply_error(ri, 400, "query", "/versions takes no parameters");
        return;
    }
    pthread_mutex_lock(&v->mu);
    chr_body *b = v->list_body;
    if (b != NULL)
        chr_body_ref(b);
    pthread_mutex_unlock(&v->mu);
    if (b == NULL) {
        reply_error(ri, 500, NULL, "out of memory listing versions");
        return;
    }
    reply_body(ri, b, 0);
}

static void handle_diff(struct versions *v, struct request *ri, const char *query, int tries)
{
    const char *q = query != NULL ? query : "";
    const char *fv, *tv;
    size_t fl, tl;
    char *rest1 = NULL, *rest2 = NULL;
    chr_error err;
    chr_error_clear(&err);
    if (chr_query_take_param(q, strlen(q), "from", &fv, &fl, &rest1, &err) != 0 ||
        chr_query_take_param(rest1, strlen(rest1), "to", &tv, &tl, &rest2, &err) != 0) {
        free(rest1);
        reply_error(ri, err.code == CHR_ENOMEM ? 500 : 400, err.file, err.msg);
        return;
    }
    /* fv points into the query, tv into rest1: both live until here */
    uint64_t from = 0, to = 0;
    int bad = rest2[0] != '\0';
    if (bad)
        reply_error(ri, 400, "query", "unknown parameter; expected from, to");
    else if (fv != NULL && parse_version(v, ri, "from", fv, fl, &from) != 0)
        bad = 1;
    else if (tv != NULL && parse_version(v, ri, "to", tv, tl, &to) != 0)
        bad = 1;
    int to_given = tv != NULL;
    free(rest1);
    free(rest2);
    if (bad)
        return;
    pthread_mutex_lock(&v->mu);
    if (!to_given)
        to = v->head_number;     /* 0 when the current one is not recorded */
    if (fv == NULL)
        from = previous(v);
    int have_head = v->head != NULL;
    chr_body *b = fv == NULL && from == 0 ? NULL : find_diff(v, from, to);
    pthread_mutex_unlock(&v->mu);
    if (fv == NULL && from == 0) {
        reply_error(ri, 404, "from", "no earlier version to compare with; "
                    "/versions lists the versions kept");
        return;
    }
    if (!have_head) {
        reply_error(ri, 503, NULL, "no version built yet");
        return;
    }
    if (b != NULL) {
        reply_body(ri, b, request_gzip(ri));
        return;
    }
    wait_for(v, ri, query, JOB_DIFF, from, to, tries);
}

static void handle_timeline(struct versions *v, struct request *ri, chr_feed feed,
                            const char *query, int tries)
{
    const char *q = query != NULL ? query : "";
    const char *val;
    size_t vlen;
    char *rest = NULL;
    chr_error err;
    chr_error_clear(&err);
    if (chr_query_take_param(q, strlen(q), "version", &val, &vlen, &rest, &err) != 0) {
        reply_error(ri, err.code == CHR_ENOMEM ? 500 : 400, err.file, err.msg);
        return;
    }
    uint64_t number = 0;
    if (parse_version(v, ri, "version", val, vlen, &number) != 0) {
        free(rest);
        return;
    }
    chr_filter f;
    chr_filter_init(&f);
    unsigned allow = feed == CHR_FEED_JSON ? CHR_FILTER_PAGING | CHR_FILTER_FORMAT : 0;
    if (chr_filter_parse(&f, rest, strlen(rest), allow, &err) != 0) {
        free(rest);
        reply_error(ri, 400, err.file[0] ? err.file : NULL, err.msg);
        return;
    }
    free(rest);
    pthread_mutex_lock(&v->mu);
    chr_snap *s = find_snap(v, number);
    pthread_mutex_unlock(&v->mu);
    if (s == NULL) {
        chr_filter_clear(&f);
        wait_for(v, ri, query, JOB_LOAD, number, 0, tries);
        return;
    }
    /* Filtered bodies of old versions are cached in their snapshot (the
     * loop's), and rendered off the loop like the current version's. */
    render_feed(v->render, ri, s, feed, &f, request_gzip(ri));
    chr_snap_unref(s);
}

static void dispatch(struct versions *v, struct request *ri, const char *query, int tries)
{
    switch (ri->route) {
    case ROUTE_VERSIONS:
        handle_list(v, ri, query);
        return;
    case ROUTE_DIFF:
        handle_diff(v, ri, query, tries);
        return;
    case ROUTE_TIMELINE_ICS:
        handle_timeline(v, ri, CHR_FEED_ICS, query, tries);
        return;
    default:
        handle_timeline(v, ri, CHR_FEED_JSON, query, tries);
        return;
    }
}

void versions_handle(struct versions *v, struct request *ri, const char *query)
{
    dispatch(v, ri, query, 0);
}

int versions_wanted(const char *query)
{
    return chr_query_has_param(query, "version");
}

/* The worker finished something: answer the requests that waited for it
 * (each reply either comes from the cache now or from the job's error). */
static void on_wake(evutil_socket_t fd, short what, void *arg)
{
    struct versions *v = arg;
    (void)fd;
    (void)what;
    struct waiter *ready = NULL;
    pthread_mutex_lock(&v->mu);
    struct waiter **pp = &v->waiting;
    while (*pp != NULL) {
        struct waiter *w = *pp;
        struct job *j = NULL;
        for (int i = 0; i < JOBS_MAX; i++)
            if (v->jobs[i].id == w->job)
                j = &v->jobs[i];
        if (j != NULL && !j->done) {
            pp = &w->next;
            continue;
        }
        *pp = w->next;
        v->nwaiting--;
        if (j != NULL && j->status != 0) {
            w->fail = j->status;
            snprintf(w->msg, sizeof w->msg, "%s", j->msg);
        }
        w->next = ready;
        ready = w;
    }
    for (int i = 0; i < JOBS_MAX; i++)
        if (v->jobs[i].done)
            v->jobs[i].id = 0;
    pthread_mutex_unlock(&v->mu);
    for (struct waiter *w = ready, *next; w != NULL; w = next) {
        next = w->next;
        if (w->fail != 0)
            reply_error(&w->ri, w->fail, NULL, w->msg);
        else
            dispatch(v, &w->ri, w->query, w->tries);
        free(w->query);
        free(w);
    }
}
