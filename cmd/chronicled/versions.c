/*
 * versions.c - the daemon's history of corpus versions: carrying event
 * identity from one build to the next and recording new versions (with
 * chr_record, record.h), what /versions lists, old versions and diffs
 * kept in memory, and the routes that read them.
 *
 * Threads.  The loop owns every field but hist, the state folder's
 * history, which the build lane uses: one build or record job at a time
 * (build.c), and the loop between them.  A versions_step carries what one
 * build needs from the loop to its worker (the newest version) and back
 * (what opening the history found, the new version's number, its diff).
 * Old versions are loaded and diffed by LOAD and DIFF jobs (work.h),
 * which take what they need with them; the loop keeps their results.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chronicle/diff.h"
#include "chronicle/diffout.h"
#include "chronicle/filter.h"
#include "chronicle/history.h"
#include "chronicle/query.h"
#include "chronicle/record.h"
#include "chronicle/version.h"
#include "log.h"
#include "render.h"
#include "versions.h"

#define STATE_DEFAULT ".chronicle"
#define LOADED_MAX 4          /* old versions kept in memory */
#define DIFFS_MAX 16          /* rendered diffs kept */
#define JOBS_MAX 8            /* loads, and diffs, open at once */
#define WAITERS_MAX 64        /* requests waiting for loads, and diffs */
#define TRIES_MAX 3           /* times one request may wait */

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

struct versions {
    char *state;
    struct work *work;        /* NULL until versions_start */
    chr_history *hist;        /* the build lane's; NULL: not open */
    char error[640];          /* state folder trouble, "" when none */
    chr_snap *head;           /* the newest version built */
    uint64_t head_number;     /* 0: not recorded */
    chr_history_entry *list;  /* recorded versions (+ an unrecorded head) */
    size_t nlist;
    chr_body *list_body;      /* /versions */
    struct loaded loaded[LOADED_MAX];
    struct diffbody diffs[DIFFS_MAX];
    uint64_t tick;
};

struct versions_step {
    struct versions *v;
    chr_snap *prev;           /* the newest version (a reference); NULL: none */
    uint64_t prev_number;
    /* opening the history, on the worker */
    int opened;               /* 1: opened now, -1: could not be */
    int prev_loaded;          /* prev was read from the history */
    int newest_failed;        /* the newest version on disk was unreadable */
    chr_error open_err;
    chr_record rec;           /* identity, new version or not, its number */
    /* versions_record */
    int failed;               /* the state folder could not be written */
    chr_error err;
    chr_body *diff;           /* what changed with this version */
};

/* ---- bodies and what the loop keeps --------------------------------------- */

/* A body of rendered JSON (ownership of data taken); its entity-tag is a
 * hash of the bytes, so it changes exactly when they do. */
static chr_body *json_body(char *data, size_t len, const char *kind, int gzip)
{
    chr_body *b = chr_body_new(data, len, REPLY_JSON, kind, 0);
    if (b != NULL && gzip)
        (void)chr_body_gzip(b, 6);      /* no memory: served plain */
    return b;
}

/* /versions anew from the history and the head.  Called when a build or
 * record job has just been handled, so the build lane leaves hist to the
 * loop for the moment. */
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

/* ---- opening and closing --------------------------------------------------- */

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
    if (v->state == NULL) {
        free(v);
        return NULL;
    }
    return v;
}

void versions_start(struct versions *v, struct work *w)
{
    v->work = w;
}

void versions_free(struct versions *v)
{
    if (v == NULL)
        return;
    for (int i = 0; i < LOADED_MAX; i++)
        chr_snap_unref(v->loaded[i].snap);
    for (int i = 0; i < DIFFS_MAX; i++)
        chr_body_unref(v->diffs[i].body);
    chr_snap_unref(v->head);
    chr_body_unref(v->list_body);
    free(v->list);
    chr_history_free(v->hist);
    free(v->state);
    free(v);
}

size_t versions_health(const struct versions *v, int paths, char *error, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < v->nlist; i++)
        n += v->list[i].saved;
    snprintf(error, cap, "%s", v->error);
    /* files named within the state folder, unless the paths may show */
    size_t sl = strlen(v->state);
    char *at;
    while (!paths && sl > 0 && (at = strstr(error, v->state)) != NULL) {
        size_t cut = sl + (at[sl] == '/');
        memmove(at, at + cut, strlen(at + cut) + 1);
    }
    return n;
}

const char *versions_state(const struct versions *v)
{
    return v->state;
}

/* ---- the build lane -------------------------------------------------------- */

struct versions_step *versions_begin(struct versions *v)
{
    struct versions_step *st = calloc(1, sizeof *st);
    if (st == NULL)
        return NULL;
    st->v = v;
    chr_record_init(&st->rec);
    if (v->head != NULL) {
        chr_snap_ref(v->head);
        st->prev = v->head;
        st->prev_number = v->head_number;
    }
    return st;
}

void versions_step_free(struct versions_step *st)
{
    if (st == NULL)
        return;
    chr_record_clear(&st->rec);
    chr_snap_unref(st->prev);
    chr_body_unref(st->diff);
    free(st);
}

/*
 * Open the state folder, on the first build (so a corpus that cannot be
 * built reports only that) and again on each later build while it fails
 * (a full disk may be cleared, a mount come back).  The newest recorded
 * version carries its identity into the first build, so a restart
 * changes no UID and no SEQUENCE.  The build lane's worker: the loop
 * learns what happened from the step.
 */
static void open_history(struct versions *v, struct versions_step *st)
{
    chr_error_clear(&st->open_err);
    chr_history *h = chr_history_open(v->state, 0, &st->open_err);
    if (h == NULL) {
        st->opened = -1;
        return;
    }
    st->opened = 1;
    v->hist = h;
    uint64_t number = 0;
    if (st->prev == NULL) {
        chr_chron *c = NULL;
        int64_t created = 0;
        chr_snap *s = NULL;
        if (chr_record_newest(h, &c, &number, &created, &st->open_err) == 0 && c != NULL)
            s = chr_snap_new(c, &st->open_err);
        /* The last run served this version with a Last-Modified of about
         * the time it was recorded (later than its newest mtime when a
         * document had been deleted): the first build follows that. */
        if (s != NULL) {
            chr_snap_set_modified(s, created);
            st->prev = s;
            st->prev_number = number;
            st->prev_loaded = 1;
        } else if (number != 0) {
            st->newest_failed = 1;
        }
    }
    char dir[600];
    log_escape(dir, sizeof dir, v->state, strlen(v->state));
    log_line("info", "history state=\"%s\" versions=%zu newest=%llu", dir,
             chr_history_count(h), (unsigned long long)number);
}

int versions_prepare(void *step, chr_chron *c, chr_error *err)
{
    struct versions_step *st = step;
    (void)err;
    if (st->v->hist == NULL)
        open_history(st->v, st);
    chr_error e;
    chr_error_clear(&e);
    const chr_chron *from = st->prev != NULL ? chr_snap_chron(st->prev) : NULL;
    /* Without a comparison the new version starts new identities: worse
     * for calendars, but the corpus is still served. */
    if (chr_record_prepare(&st->rec, from, st->prev_number, c, (int64_t)time(NULL),
                           &e) != 0)
        log_line("warn", "cannot compare with the previous version: %s", e.msg);
    return 0;
}

void versions_record(struct versions_step *st, chr_snap *s, int cancelled)
{
    struct versions *v = st->v;
    /* Last-Modified never goes back from one version to the next. */
    chr_snap_follow(s, st->prev);
    if (cancelled)
        return;                 /* not served, so not recorded */
    chr_error_clear(&st->err);
    /* the served timeline's bytes are the snapshot's body */
    chr_body *tl = NULL;
    if (st->rec.is_new && v->hist != NULL) {
        chr_error ferr;
        chr_error_clear(&ferr);
        if (chr_snap_feed(s, CHR_FEED_JSON, NULL, 0, &tl, &ferr) != 0)
            tl = NULL;
    }
    st->failed = chr_record_commit(&st->rec, v->hist, tl ? tl->data : NULL,
                                   tl ? tl->len : 0, (int64_t)time(NULL), &st->err) != 0;
    chr_body_unref(tl);
    size_t len;
    char *json = chr_record_diff_json(&st->rec, &len);
    st->diff = json != NULL ? json_body(json, len, "diff", 1) : NULL;
}

/* What opening the history found, for /healthz and /versions. */
static void apply_open(struct versions *v, struct versions_step *st)
{
    if (st->opened < 0) {
        set_error(v, &st->open_err, "cannot open the history; versions are not kept");
        return;
    }
    if (st->opened == 0)
        return;
    if (st->newest_failed)
        set_error(v, &st->open_err, "cannot read the newest version");
    else
        v->error[0] = '\0';
    if (st->prev_loaded && v->head == NULL) {
        chr_snap_ref(st->prev);
        v->head = st->prev;
        v->head_number = st->prev_number;
    }
}

void versions_recorded(struct versions *v, struct versions_step *st, chr_snap *s)
{
    const chr_record *rec = &st->rec;
    apply_open(v, st);
    if (st->failed)
        set_error(v, &st->err, "cannot record a version");
    else if (v->hist != NULL && rec->is_new)
        v->error[0] = '\0';
    chr_snap_ref(s);
    chr_snap *old = v->head;
    v->head = s;
    v->head_number = rec->number;
    chr_snap_unref(old);
    if (rec->is_new)
        drop_current_diffs(v);
    if (st->diff != NULL)
        keep_diff(v, rec->from_number, rec->number, st->diff);
    rebuild_list(v);
    if (rec->is_new && !st->failed && rec->number != 0) {
        const chr_chron *c = chr_snap_chron(s);
        log_line("info", "recorded version=%llu corpus=%.16s events=%zu",
                 (unsigned long long)rec->number, chr_chron_version(c),
                 chr_chron_event_count(c));
    }
    versions_step_free(st);
}

void versions_end(struct versions *v, struct versions_step *st)
{
    apply_open(v, st);
    if (st->opened != 0)
        rebuild_list(v);
    versions_step_free(st);
}

/* ---- loading and diffing old versions -------------------------------------- */

/* A LOAD (a) or DIFF (a to b) job; a and b are version numbers, 0 the
 * current version when it is not recorded. */
struct old_job {
    struct work_job base;
    struct versions *v;         /* its state path only, on the worker */
    uint64_t a, b;
    chr_history_entry ea, eb;   /* their index entries: size and digest */
    chr_snap *sa, *sb;          /* references: in memory when asked, or
                                 * loaded by the job */
    int loaded_a, loaded_b;     /* loaded by the job: the loop keeps them */
    chr_body *body;             /* DIFF: the diff */
    int status;                 /* reply status when it failed, else 0 */
    char msg[200];
};

/* Read version number from the state folder; 0, or a reply status with
 * msg.  The worker. */
static int load(const char *state, const chr_history_entry *x, chr_snap **out, char *msg,
                size_t cap)
{
    uint64_t number = x->number;
    chr_error err;
    chr_error_clear(&err);
    chr_chron *c = chr_history_read(state, x, &err);
    /* only the feeds asked for are rendered, later, each on a worker */
    *out = c != NULL ? chr_snap_new_lazy(c, &err) : NULL;
    if (*out == NULL) {
        snprintf(msg, cap, "cannot read version %llu: %.150s", (unsigned long long)number,
                 err.msg[0] ? err.msg : chr_status_str(err.code));
        return 500;
    }
    return 0;
}

static void old_run(struct work_job *wj)
{
    struct old_job *j = (struct old_job *)wj;
    const char *state = j->v->state;
    if (j->sa == NULL) {
        j->status = load(state, &j->ea, &j->sa, j->msg, sizeof j->msg);
        j->loaded_a = j->sa != NULL;
    }
    if (j->status != 0 || j->base.type->kind == WORK_LOAD)
        return;
    if (j->sb == NULL) {
        j->status = load(state, &j->eb, &j->sb, j->msg, sizeof j->msg);
        j->loaded_b = j->sb != NULL;
        if (j->status != 0)
            return;
    }
    chr_error err;
    chr_error_clear(&err);
    chr_diff *d = chr_diff_new(chr_snap_chron(j->sa), chr_snap_chron(j->sb), &err);
    if (d != NULL) {
        chr_diff_end fe = {NULL, j->a}, te = {NULL, j->b};
        size_t len;
        char *json = chr_diffout_json(d, &fe, &te, 0, &len);
        j->body = json != NULL ? json_body(json, len, "diff", 1) : NULL;
        chr_diff_free(d);
    }
    if (j->body == NULL) {
        snprintf(j->msg, sizeof j->msg, "out of memory comparing versions");
        j->status = 500;
    }
}

static void old_free(struct work_job *wj)
{
    struct old_job *j = (struct old_job *)wj;
    chr_snap_unref(j->sa);
    chr_snap_unref(j->sb);
    chr_body_unref(j->body);
    free(j);
}

static int old_same(const struct work_job *x, const struct work_job *y)
{
    const struct old_job *a = (const struct old_job *)x, *b = (const struct old_job *)y;
    return a->a == b->a && a->b == b->b;
}

static void handle_timeline(struct versions *v, struct request *r, chr_feed feed,
                            const char *query, int tries);

/* The loop: keep what the job loaded or made, then answer its waiters:
 * a diff at once, a feed of a loaded version as if asked again now. */
static void old_done(struct work_job *wj)
{
    struct old_job *j = (struct old_job *)wj;
    struct versions *v = j->v;
    if (j->loaded_a)
        keep_snap(v, j->a, j->sa);
    if (j->loaded_b)
        keep_snap(v, j->b, j->sb);
    if (j->body != NULL)
        keep_diff(v, j->a, j->b, j->body);
    for (struct waiter *wt = j->base.waiters, *next; wt != NULL; wt = next) {
        next = wt->next;
        if (j->status != 0) {
            reply_error(&wt->req, j->status, NULL, j->msg);
        } else if (j->body != NULL) {
            chr_body_ref(j->body);
            reply_body(&wt->req, j->body, wt->gzip);
        } else {
            chr_feed feed = wt->req.route == ROUTE_TIMELINE_ICS ? CHR_FEED_ICS
                                                                : CHR_FEED_JSON;
            handle_timeline(v, &wt->req, feed, wt->query, wt->tries);
        }
        waiter_free(wt);
    }
    j->base.waiters = NULL;
    old_free(wj);
}

static const struct work_type load_type = {
    WORK_LOAD, "load", JOBS_MAX, 1, WAITERS_MAX, old_run, old_done, old_free, old_same,
};
static const struct work_type diff_type = {
    WORK_DIFF, "diff", JOBS_MAX, 1, WAITERS_MAX, old_run, old_done, old_free, old_same,
};

/* Make r wait for a job loading version a (type load_type) or diffing a
 * to b (diff_type).  Replies 503 itself when that cannot be. */
static void wait_for(struct versions *v, struct request *r, const char *query,
                     const struct work_type *type, uint64_t a, uint64_t b, int tries)
{
    int stopping = v->work != NULL && work_stopping(v->work);
    if (v->work == NULL || tries >= TRIES_MAX || stopping) {
        reply_error(r, 503, NULL, stopping ? "the server is stopping"
                                           : "the history is busy; try again");
        return;
    }
    struct old_job *j = calloc(1, sizeof *j);
    if (j == NULL) {
        reply_error(r, 503, NULL, "too many history requests waiting; try again");
        return;
    }
    j->base.type = type;
    j->v = v;
    j->a = a;
    j->b = b;
    j->ea.number = a;
    j->eb.number = b;
    for (size_t i = 0; i < v->nlist; i++) {
        if (v->list[i].number == a)
            j->ea = v->list[i];
        if (v->list[i].number == b)
            j->eb = v->list[i];
    }
    j->sa = find_snap(v, a);
    j->sb = type == &diff_type ? find_snap(v, b) : NULL;
    int rc = work_ask(v->work, &j->base, r, query, request_gzip(r), tries + 1);
    if (rc == WORK_STOPPING)
        reply_error(r, 503, NULL, "the server is stopping");
    else if (rc == WORK_CLIENT)
        reply_busy(r, 429, "this client has its share of history requests running "
                   "(--client-renders); try again when one is done");
    else if (rc != WORK_OK)
        reply_error(r, 503, NULL, "too many history requests waiting; try again");
}

/* ---- routes ---------------------------------------------------------------- */

/* A version parameter's value: 0 and *number set, or a reply sent. */
static int parse_version(const struct versions *v, struct request *r, const char *name,
                         const char *val, size_t len, uint64_t *number)
{
    if (val == NULL || chr_query_parse_number(val, len, number) != 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "'%.*s' is not a version number; expected a "
                 "number listed by /versions", val ? (int)(len < 40 ? len : 40) : 0,
                 val ? val : "");
        reply_error(r, 400, name, msg);
        return -1;
    }
    if (!known(v, *number)) {
        char msg[160];
        snprintf(msg, sizeof msg, "no version %llu; /versions lists the versions kept",
                 (unsigned long long)*number);
        reply_error(r, 404, name, msg);
        return -1;
    }
    return 0;
}

void versions_list(struct versions *v, struct request *r, const char *query)
{
    if (query != NULL && *query != '\0') {
        reply_error(r, 400, "query", "/versions takes no parameters");
        return;
    }
    if (v->list_body == NULL) {
        reply_error(r, 500, NULL, "out of memory listing versions");
        return;
    }
    chr_body_ref(v->list_body);
    reply_body(r, v->list_body, 0);
}

/* The from and to of a diff query (0 when absent): 0, or a reply sent. */
static int diff_params(const struct versions *v, struct request *r, const char *query,
                       uint64_t *from, int *from_given, uint64_t *to, int *to_given)
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
        reply_error(r, err.code == CHR_ENOMEM ? 500 : 400, err.file, err.msg);
        return -1;
    }
    /* fv points into the query, tv into rest1: both live until here */
    int bad = rest2[0] != '\0';
    if (bad)
        reply_error(r, 400, "query", "unknown parameter; expected from, to");
    else if (fv != NULL && parse_version(v, r, "from", fv, fl, from) != 0)
        bad = 1;
    else if (tv != NULL && parse_version(v, r, "to", tv, tl, to) != 0)
        bad = 1;
    *from_given = fv != NULL;
    *to_given = tv != NULL;
    free(rest1);
    free(rest2);
    return bad ? -1 : 0;
}

void versions_diff(struct versions *v, struct request *r, const char *query)
{
    uint64_t from = 0, to = 0;
    int from_given, to_given;
    if (diff_params(v, r, query, &from, &from_given, &to, &to_given) != 0)
        return;
    if (!to_given)
        to = v->head_number;     /* 0 when the current one is not recorded */
    if (!from_given)
        from = previous(v);
    if (!from_given && from == 0) {
        reply_error(r, 404, "from", "no earlier version to compare with; "
                    "/versions lists the versions kept");
        return;
    }
    if (v->head == NULL) {
        reply_error(r, 503, NULL, "no version built yet");
        return;
    }
    chr_body *b = find_diff(v, from, to);
    if (b != NULL) {
        reply_body(r, b, request_gzip(r));
        return;
    }
    wait_for(v, r, query, &diff_type, from, to, 0);
}

static void handle_timeline(struct versions *v, struct request *r, chr_feed feed,
                            const char *query, int tries)
{
    const char *q = query != NULL ? query : "";
    const char *val;
    size_t vlen;
    char *rest = NULL;
    chr_error err;
    chr_error_clear(&err);
    if (chr_query_take_param(q, strlen(q), "version", &val, &vlen, &rest, &err) != 0) {
        reply_error(r, err.code == CHR_ENOMEM ? 500 : 400, err.file, err.msg);
        return;
    }
    uint64_t number = 0;
    if (parse_version(v, r, "version", val, vlen, &number) != 0) {
        free(rest);
        return;
    }
    chr_filter f;
    chr_filter_init(&f);
    unsigned allow = feed == CHR_FEED_JSON ? CHR_FILTER_PAGING | CHR_FILTER_FORMAT : 0;
    if (chr_filter_parse(&f, rest, strlen(rest), allow, &err) != 0) {
        free(rest);
        reply_error(r, 400, err.file[0] ? err.file : NULL, err.msg);
        return;
    }
    free(rest);
    chr_snap *s = find_snap(v, number);
    if (s == NULL) {
        chr_filter_clear(&f);
        wait_for(v, r, query, &load_type, number, 0, tries);
        return;
    }
    /* Filtered bodies of old versions are cached in their snapshot (the
     * loop's), and rendered off the loop like the current version's. */
    if (v->work != NULL)
        render_feed(v->work, r, s, feed, &f, request_gzip(r));
    else
        reply_error(r, 503, NULL, "the history is busy; try again");
    chr_filter_clear(&f);
    chr_snap_unref(s);
}

void versions_timeline(struct versions *v, struct request *r, chr_feed feed,
                       const char *query)
{
    handle_timeline(v, r, feed, query, 0);
}
