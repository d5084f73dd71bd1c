/*
 * render.c - filtered feeds rendered off the loop.  A filtered timeline
 * or calendar takes from a few milliseconds to seconds to render and
 * compress (a 10,000-event corpus: 0.7-3.6 s), which on the loop would
 * stall every other client.  Such a request waits, its reply deferred,
 * while a worker renders; the loop then keeps the body in the snapshot's
 * cache and answers every request that waited for it.
 *
 * Jobs are bounded (RENDER_JOBS_MAX open, RENDER_RUNNING at once, one per
 * distinct request: the same filter of the same snapshot asked again
 * while it renders waits for the same job), and so are the requests
 * waiting; beyond them a request gets 503 with Retry-After.  One client
 * address has at most its share of the jobs open (--client-renders):
 * beyond it that client gets 429, and everyone else is still served.
 */
#include <stdlib.h>
#include <string.h>

#include "render.h"

#define RENDER_JOBS_MAX 8
#define RENDER_RUNNING 2
#define RENDER_WAITERS_MAX 256

struct render_job {
    struct work_job base;
    chr_snap *snap;             /* one reference */
    chr_feed feed;
    chr_filter filter;          /* owned */
    char *key;                  /* chr_filter_key: finds the same request */
    chr_body *body;             /* the result (one reference), NULL: failed */
};

static void render_run(struct work_job *wj)
{
    struct render_job *j = (struct render_job *)wj;
    /* Always with the gzip form: the cached body then serves every later
     * client without compressing on the loop. */
    chr_error err;
    chr_error_clear(&err);
    j->body = chr_snap_render(j->snap, j->feed, &j->filter, 1, &err);
}

static void render_free(struct work_job *wj)
{
    struct render_job *j = (struct render_job *)wj;
    chr_snap_unref(j->snap);
    chr_filter_clear(&j->filter);
    free(j->key);
    chr_body_unref(j->body);
    free(j);
}

static void render_done(struct work_job *wj)
{
    struct render_job *j = (struct render_job *)wj;
    if (j->body != NULL)
        chr_snap_keep(j->snap, j->feed, &j->filter, j->body);
    for (struct waiter *wt = j->base.waiters, *next; wt != NULL; wt = next) {
        next = wt->next;
        if (j->body == NULL) {
            reply_error(&wt->req, 500, NULL, "out of memory rendering a response");
        } else {
            chr_body_ref(j->body);
            reply_body(&wt->req, j->body, wt->gzip);
        }
        waiter_free(wt);
    }
    j->base.waiters = NULL;
    render_free(wj);
}

static int render_same(const struct work_job *a, const struct work_job *b)
{
    const struct render_job *x = (const struct render_job *)a;
    const struct render_job *y = (const struct render_job *)b;
    return x->snap == y->snap && x->feed == y->feed && strcmp(x->key, y->key) == 0;
}

static const struct work_type render_type = {
    WORK_RENDER, "render", RENDER_JOBS_MAX, RENDER_RUNNING, RENDER_WAITERS_MAX,
    render_run, render_done, render_free, render_same,
};

void render_feed(struct work *w, struct request *r, chr_snap *s, chr_feed feed,
                 chr_filter *f, int gzip)
{
    chr_error err;
    chr_error_clear(&err);
    chr_body *b = NULL;
    int rc = chr_snap_cached(s, feed, f, gzip, &b, &err);
    if (rc == 0) {
        chr_filter_clear(f);
        reply_body(r, b, gzip);
        return;
    }
    if (rc != CHR_ENOTFOUND) {
        chr_filter_clear(f);
        reply_error(r, 500, NULL, err.msg);
        return;
    }
    render_start(w, r, s, feed, f, gzip);
}

void render_start(struct work *w, struct request *r, chr_snap *s, chr_feed feed,
                  chr_filter *f, int gzip)
{
    struct render_job *j = calloc(1, sizeof *j);
    if (j == NULL || (j->key = chr_filter_key(f, NULL)) == NULL) {
        free(j);
        chr_filter_clear(f);
        reply_error(r, 500, NULL, "out of memory");
        return;
    }
    j->base.type = &render_type;
    chr_snap_ref(s);
    j->snap = s;
    j->feed = feed;
    j->filter = *f;             /* the job owns the filter's strings */
    chr_filter_init(f);
    switch (work_ask(w, &j->base, r, NULL, gzip, 0)) {
    case WORK_OK:
        return;                 /* answered when the job is done */
    case WORK_STOPPING:
        reply_busy(r, 503, "the server is stopping");
        return;
    case WORK_CROWDED:
        reply_busy(r, 503, "too many requests waiting for a rendering; try again");
        return;
    case WORK_FULL:
        reply_busy(r, 503, "busy rendering other requests; try again");
        return;
    case WORK_CLIENT:
        reply_busy(r, 429, "this client has its share of renderings running "
                   "(--client-renders); try again when one is done");
        return;
    default:
        reply_error(r, 500, NULL, "out of memory");
        return;
    }
}
