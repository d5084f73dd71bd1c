/*
 * render.c - filtered feeds rendered off the loop.  A filtered timeline
 * or calendar that is not in its snapshot's cache takes from a few
 * milliseconds to seconds to render and compress (a 10,000-event corpus:
 * 0.7-3.6 s), which on the loop would stall every other client.  Such a
 * request waits, its reply deferred, while a worker thread renders; the
 * loop then keeps the body in the snapshot's cache and answers every
 * request that waited for it.
 *
 * Jobs are bounded (RENDER_JOBS_MAX queued or running, one per distinct
 * request: the same filter of the same snapshot asked again while it
 * renders waits for the same job), and so are the requests waiting;
 * beyond them a request gets 503 with Retry-After.  Everything the loop
 * and the workers share is under one mutex, held for list changes only.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <event2/http.h>

#include "render.h"

#define RENDER_THREADS 2
#define RENDER_JOBS_MAX 8
#define RENDER_WAITERS_MAX 256

struct rwaiter {
    struct request ri;
    int gzip;
    struct rwaiter *next;
};

struct rjob {
    struct rjob *next;
    chr_snap *snap;             /* one reference */
    chr_feed feed;
    chr_filter filter;          /* owned */
    char *key;                  /* chr_filter_key: finds the same request */
    int running, done;
    chr_body *body;             /* the result (one reference), NULL: failed */
    struct rwaiter *waiters;
};

struct renderer {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t threads[RENDER_THREADS];
    int nthreads;
    int stop;                   /* workers: leave once idle */
    int stopping;               /* the daemon stops: no new jobs */
    struct event *wake;
    struct rjob *jobs;          /* queued, running and done */
    size_t njobs, nwaiting;
};

static void job_free(struct rjob *j)
{
    chr_snap_unref(j->snap);
    chr_filter_clear(&j->filter);
    free(j->key);
    chr_body_unref(j->body);
    for (struct rwaiter *w = j->waiters, *next; w != NULL; w = next) {
        next = w->next;
        free(w);
    }
    free(j);
}

static void *worker(void *arg)
{
    struct renderer *r = arg;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        struct rjob *j = NULL;
        for (struct rjob *x = r->jobs; x != NULL && j == NULL; x = x->next)
            if (!x->running && !x->done)
                j = x;
        if (j == NULL || r->stop) {
            if (r->stop)
                break;
            pthread_cond_wait(&r->cv, &r->mu);
            continue;
        }
        j->running = 1;
        pthread_mutex_unlock(&r->mu);
        /* Always with the gzip form: the cached body then serves every
         * later client without compressing on the loop. */
        chr_error err;
        chr_error_clear(&err);
        chr_body *b = chr_snap_render(j->snap, j->feed, &j->filter, 1, &err);
        pthread_mutex_lock(&r->mu);
        j->body = b;
        j->running = 0;
        j->done = 1;
        event_active(r->wake, EV_READ, 0);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* Loop: answer the requests of the jobs that are done. */
static void on_wake(evutil_socket_t fd, short what, void *arg)
{
    struct renderer *r = arg;
    (void)fd;
    (void)what;
    struct rjob *done = NULL;
    pthread_mutex_lock(&r->mu);
    for (struct rjob **pp = &r->jobs; *pp != NULL;) {
        struct rjob *j = *pp;
        if (!j->done) {
            pp = &j->next;
            continue;
        }
        *pp = j->next;
        r->njobs--;
        for (struct rwaiter *w = j->waiters; w != NULL; w = w->next)
            r->nwaiting--;
        j->next = done;
        done = j;
    }
    pthread_mutex_unlock(&r->mu);
    for (struct rjob *j = done, *next; j != NULL; j = next) {
        next = j->next;
        if (j->body != NULL)
            chr_snap_keep(j->snap, j->feed, &j->filter, j->body);
        for (struct rwaiter *w = j->waiters; w != NULL; w = w->next) {
            if (j->body == NULL) {
                reply_error(&w->ri, 500, NULL, "out of memory rendering a "
                            "response");
                continue;
            }
            chr_body_ref(j->body);
            reply_body(&w->ri, j->body, w->gzip);
        }
        job_free(j);
    }
}

struct renderer *render_new(struct event_base *base)
{
    struct renderer *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    if (pthread_mutex_init(&r->mu, NULL) != 0) {
        free(r);
        return NULL;
    }
    if (pthread_cond_init(&r->cv, NULL) != 0) {
        pthread_mutex_destroy(&r->mu);
        free(r);
        return NULL;
    }
    r->wake = event_new(base, -1, 0, on_wake, r);
    if (r->wake == NULL) {
        render_free(r);
        return NULL;
    }
    for (int i = 0; i < RENDER_THREADS; i++) {
        if (pthread_create(&r->threads[i], NULL, worker, r) != 0)
            break;
        r->nthreads++;
    }
    if (r->nthreads == 0) {
        render_free(r);
        return NULL;
    }
    return r;
}

void render_feed(struct renderer *r, struct request *ri, chr_snap *s,
                 chr_feed feed, chr_filter *f, int gzip)
{
    chr_error err;
    chr_error_clear(&err);
    chr_body *b = NULL;
    int rc = chr_snap_cached(s, feed, f, gzip, &b, &err);
    if (rc == 0) {
        chr_filter_clear(f);
        reply_body(ri, b, gzip);
        return;
    }
    if (rc != CHR_ENOTFOUND || r == NULL) {
        /* No worker (it could not start): render here, as before. */
        if (rc == CHR_ENOTFOUND)
            rc = chr_snap_feed(s, feed, f, gzip, &b, &err);
        chr_filter_clear(f);
        if (rc != 0)
            reply_error(ri, 500, NULL, err.msg);
        else
            reply_body(ri, b, gzip);
        return;
    }
    size_t klen;
    char *key = chr_filter_key(f, &klen);
    if (key == NULL) {
        chr_filter_clear(f);
        reply_error(ri, 500, NULL, "out of memory");
        return;
    }
    struct rwaiter *w = calloc(1, sizeof *w);
    if (w == NULL) {
        free(key);
        chr_filter_clear(f);
        reply_error(ri, 500, NULL, "out of memory");
        return;
    }
    w->ri = *ri;
    w->gzip = gzip;
    const char *busy = NULL;
    pthread_mutex_lock(&r->mu);
    struct rjob *j = NULL;
    for (struct rjob *x = r->jobs; x != NULL && j == NULL; x = x->next)
        if (!x->done && x->snap == s && x->feed == feed &&
            strcmp(x->key, key) == 0)
            j = x;
    if (r->stopping)
        busy = "the server is stopping";
    else if (r->nwaiting >= RENDER_WAITERS_MAX)
        busy = "too many requests waiting for a rendering; try again";
    else if (j == NULL && r->njobs >= RENDER_JOBS_MAX)
        busy = "busy rendering other requests; try again";
    else if (j == NULL && (j = calloc(1, sizeof *j)) != NULL) {
        chr_snap_ref(s);
        j->snap = s;
        j->feed = feed;
        j->filter = *f;             /* the job owns the filter's strings */
        chr_filter_init(f);
        j->key = key;
        key = NULL;
        j->next = r->jobs;
        r->jobs = j;
        r->njobs++;
        pthread_cond_signal(&r->cv);
    }
    if (busy == NULL && j != NULL) {
        w->next = j->waiters;
        j->waiters = w;
        r->nwaiting++;
        w = NULL;
    }
    pthread_mutex_unlock(&r->mu);
    free(key);
    chr_filter_clear(f);
    if (w == NULL)
        return;                 /* answered when the job is done */
    free(w);
    if (busy != NULL)
        reply_busy(ri, busy);
    else
        reply_error(ri, 500, NULL, "out of memory");
}

void render_stop(struct renderer *r)
{
    if (r == NULL)
        return;
    struct rjob *drop = NULL;
    pthread_mutex_lock(&r->mu);
    r->stopping = 1;
    /* Jobs not started are dropped, their requests answered; running ones
     * finish and are answered as usual. */
    for (struct rjob **pp = &r->jobs; *pp != NULL;) {
        struct rjob *j = *pp;
        if (j->running || j->done) {
            pp = &j->next;
            continue;
        }
        *pp = j->next;
        r->njobs--;
        for (struct rwaiter *w = j->waiters; w != NULL; w = w->next)
            r->nwaiting--;
        j->next = drop;
        drop = j;
    }
    pthread_mutex_unlock(&r->mu);
    for (struct rjob *j = drop, *next; j != NULL; j = next) {
        next = j->next;
        for (struct rwaiter *w = j->waiters; w != NULL; w = w->next)
            reply_error(&w->ri, 503, NULL, "the server is stopping");
        job_free(j);
    }
}

int render_busy(struct renderer *r)
{
    if (r == NULL)
        return 0;
    pthread_mutex_lock(&r->mu);
    int busy = 0;
    for (struct rjob *j = r->jobs; j != NULL; j = j->next)
        busy |= j->running || j->done;
    pthread_mutex_unlock(&r->mu);
    return busy;
}

void render_free(struct renderer *r)
{
    if (r == NULL)
        return;
    pthread_mutex_lock(&r->mu);
    r->stop = 1;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
    for (int i = 0; i < r->nthreads; i++)
        pthread_join(r->threads[i], NULL);
    /* Requests still waiting went with their connections (evhttp_free). */
    while (r->jobs != NULL) {
        struct rjob *j = r->jobs;
        r->jobs = j->next;
        job_free(j);
    }
    if (r->wake != NULL)
        event_free(r->wake);
    pthread_cond_destroy(&r->cv);
    pthread_mutex_destroy(&r->mu);
    free(r);
}
