/*
 * work.c - worker threads fed from one queue, handing finished jobs back
 * to the loop through one mailbox.
 *
 * A job is open from the moment it is queued until the loop has handled
 * it (done or free).  The loop keeps its own list of open jobs, so it can
 * find one to share and count them without the lock; the lock guards the
 * queue, the mailbox and the running counts, which workers change.
 *
 * A worker wakes the loop with a byte down a pipe, not with libevent's
 * event_active: that needs libevent's locks (evthread), which the loop
 * then takes and gives back a dozen times for every request it answers
 * (770 of the 19,600 instructions of a 304), for the few jobs a minute
 * that cross threads.  No libevent call is made off the loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/http.h>

#include "work.h"

enum { QUEUED, RUNNING, DONE };

struct work {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t *threads;
    size_t nthreads;
    int wake_fd[2];             /* a pipe: a worker writes a byte for each
                                 * job it puts in the mailbox */
    struct event *wake;         /* the loop's, reading the pipe */
    /* under mu */
    struct work_job *queue, *queue_tail;
    struct work_job *mail, *mail_tail;
    size_t running[WORK_KINDS];
    int quit;                   /* workers leave once idle */
    /* the loop's */
    struct work_job *open;
    size_t nopen, open_of[WORK_KINDS], waiting[WORK_KINDS];
    size_t client_share;        /* open jobs of a type per client, 0: any */
    int stopping;
};

static void append(struct work_job **head, struct work_job **tail,
                   struct work_job *j)
{
    j->next = NULL;
    if (*tail != NULL)
        (*tail)->next = j;
    else
        *head = j;
    *tail = j;
}

/* The first queued job whose type may run one more at once; unlinked. */
static struct work_job *take(struct work *w)
{
    struct work_job *prev = NULL;
    for (struct work_job *j = w->queue; j != NULL; prev = j, j = j->next) {
        if (w->running[j->type->kind] >= j->type->max_running)
            continue;
        if (prev != NULL)
            prev->next = j->next;
        else
            w->queue = j->next;
        if (w->queue_tail == j)
            w->queue_tail = prev;
        j->next = NULL;
        return j;
    }
    return NULL;
}

static void *worker(void *arg)
{
    struct work *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        struct work_job *j = take(w);
        if (j == NULL) {
            if (w->quit)
                break;
            pthread_cond_wait(&w->cv, &w->mu);
            continue;
        }
        j->state = RUNNING;
        w->running[j->type->kind]++;
        pthread_mutex_unlock(&w->mu);
        j->type->run(j);
        pthread_mutex_lock(&w->mu);
        w->running[j->type->kind]--;
        j->state = DONE;
        append(&w->mail, &w->mail_tail, j);
        /* the pipe holds far more bytes than jobs can be open; a byte
         * not written (full) leaves one in it already */
        while (write(w->wake_fd[1], "", 1) < 0 && errno == EINTR)
            ;
        /* A job held back by its type's bound may run now. */
        if (w->queue != NULL)
            pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* ---- the loop's list of open jobs ---- */

static void open_add(struct work *w, struct work_job *j)
{
    j->open_prev = NULL;
    j->open_next = w->open;
    if (w->open != NULL)
        w->open->open_prev = j;
    w->open = j;
    w->nopen++;
    w->open_of[j->type->kind]++;
}

static void open_remove(struct work *w, struct work_job *j)
{
    if (j->open_prev != NULL)
        j->open_prev->open_next = j->open_next;
    else
        w->open = j->open_next;
    if (j->open_next != NULL)
        j->open_next->open_prev = j->open_prev;
    j->open_prev = j->open_next = NULL;
    w->nopen--;
    w->open_of[j->type->kind]--;
    for (struct waiter *wt = j->waiters; wt != NULL; wt = wt->next)
        w->waiting[j->type->kind]--;
}

void waiter_free(struct waiter *wt)
{
    if (wt == NULL)
        return;
    free(wt->query);
    free(wt);
}

/* Free j's waiters, answering them 503 when answer is set. */
static void drop_waiters(struct work_job *j, int answer)
{
    for (struct waiter *wt = j->waiters, *next; wt != NULL; wt = next) {
        next = wt->next;
        if (answer)
            reply_error(&wt->req, 503, NULL, "the server is stopping");
        waiter_free(wt);
    }
    j->waiters = NULL;
}

/* The loop: hand each finished job to its type. */
static void on_wake(evutil_socket_t fd, short what, void *arg)
{
    struct work *w = arg;
    (void)what;
    /* The bytes first, then the mailbox: a job put in after the take
     * has its byte still to come, so it wakes the loop again. */
    char buf[64];
    while (read(fd, buf, sizeof buf) > 0)
        ;
    pthread_mutex_lock(&w->mu);
    struct work_job *j = w->mail;
    w->mail = w->mail_tail = NULL;
    pthread_mutex_unlock(&w->mu);
    while (j != NULL) {
        struct work_job *next = j->next;
        open_remove(w, j);
        j->type->done(j);
        j = next;
    }
}

/* ---- the interface ---- */

struct work *work_new(struct event_base *base, size_t threads)
{
    struct work *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->threads = calloc(threads > 0 ? threads : 1, sizeof *w->threads);
    if (w->threads == NULL || pthread_mutex_init(&w->mu, NULL) != 0) {
        free(w->threads);
        free(w);
        return NULL;
    }
    if (pthread_cond_init(&w->cv, NULL) != 0) {
        pthread_mutex_destroy(&w->mu);
        free(w->threads);
        free(w);
        return NULL;
    }
    w->wake_fd[0] = w->wake_fd[1] = -1;
    if (pipe(w->wake_fd) == 0) {
        for (int k = 0; k < 2; k++) {
            fcntl(w->wake_fd[k], F_SETFL, fcntl(w->wake_fd[k], F_GETFL) | O_NONBLOCK);
            fcntl(w->wake_fd[k], F_SETFD, FD_CLOEXEC);
        }
        w->wake = event_new(base, w->wake_fd[0], EV_READ | EV_PERSIST, on_wake, w);
    }
    if (w->wake != NULL && event_add(w->wake, NULL) != 0) {
        event_free(w->wake);
        w->wake = NULL;
    }
    for (size_t i = 0; w->wake != NULL && i < threads; i++) {
        if (pthread_create(&w->threads[i], NULL, worker, w) != 0)
            break;
        w->nthreads++;
    }
    if (w->nthreads == 0) {
        work_free(w);
        return NULL;
    }
    return w;
}

static int refuse(struct work_job *j, int why)
{
    j->type->free(j);
    return why;
}

int work_submit(struct work *w, struct work_job *j)
{
    if (w->stopping)
        return refuse(j, WORK_STOPPING);
    if (w->open_of[j->type->kind] >= j->type->max_jobs)
        return refuse(j, WORK_FULL);
    j->state = QUEUED;
    open_add(w, j);
    pthread_mutex_lock(&w->mu);
    append(&w->queue, &w->queue_tail, j);
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return WORK_OK;
}

void work_set_client_share(struct work *w, size_t n)
{
    w->client_share = n;
}

/* The address of req's client into j->client ("" when it has none). */
static void set_client(struct work_job *j, const struct request *req)
{
    struct evhttp_connection *evcon =
        req->req != NULL ? evhttp_request_get_connection(req->req) : NULL;
    char *addr = NULL;
    ev_uint16_t port = 0;
    if (evcon != NULL)
        evhttp_connection_get_peer(evcon, &addr, &port);
    snprintf(j->client, sizeof j->client, "%s", addr != NULL ? addr : "");
}

/* Has j's client its share of open jobs of j's type? */
static int client_over(const struct work *w, const struct work_job *j)
{
    if (w->client_share == 0 || j->client[0] == '\0')
        return 0;
    size_t n = 0;
    for (const struct work_job *o = w->open; o != NULL; o = o->open_next)
        if (o->type == j->type && strcmp(o->client, j->client) == 0)
            n++;
    return n >= w->client_share;
}

int work_ask(struct work *w, struct work_job *j, const struct request *req,
             const char *query, int gzip, int tries)
{
    const struct work_type *t = j->type;
    if (w->stopping)
        return refuse(j, WORK_STOPPING);
    if (w->waiting[t->kind] >= t->max_waiting)
        return refuse(j, WORK_CROWDED);
    struct waiter *wt = calloc(1, sizeof *wt);
    if (wt == NULL || (wt->query = strdup(query != NULL ? query : "")) == NULL) {
        free(wt);
        return refuse(j, WORK_NOMEM);
    }
    wt->req = *req;
    wt->gzip = gzip;
    wt->tries = tries;
    struct work_job *same = NULL;
    for (struct work_job *o = w->open; o != NULL && t->same != NULL; o = o->open_next)
        if (o->type == t && t->same(o, j)) {
            same = o;
            break;
        }
    if (same != NULL) {
        t->free(j);
        j = same;
    } else {
        set_client(j, req);
        if (client_over(w, j)) {
            waiter_free(wt);
            return refuse(j, WORK_CLIENT);
        }
        int rc = work_submit(w, j);
        if (rc != WORK_OK) {
            waiter_free(wt);
            return rc;
        }
    }
    wt->next = j->waiters;
    j->waiters = wt;
    w->waiting[t->kind]++;
    return WORK_OK;
}

void work_stop(struct work *w)
{
    w->stopping = 1;
    pthread_mutex_lock(&w->mu);
    struct work_job *j = w->queue;
    w->queue = w->queue_tail = NULL;
    pthread_mutex_unlock(&w->mu);
    while (j != NULL) {
        struct work_job *next = j->next;
        open_remove(w, j);
        drop_waiters(j, 1);
        j->type->free(j);
        j = next;
    }
}

int work_stopping(const struct work *w)
{
    return w->stopping;
}

int work_busy(const struct work *w)
{
    return w != NULL && w->nopen > 0;
}

void work_free(struct work *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->mu);
    w->quit = 1;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    for (size_t i = 0; i < w->nthreads; i++)
        pthread_join(w->threads[i], NULL);
    /* Queued and finished jobs are all open; nothing runs any more. */
    while (w->open != NULL) {
        struct work_job *j = w->open;
        open_remove(w, j);
        drop_waiters(j, 0);
        j->type->free(j);
    }
    if (w->wake != NULL)
        event_free(w->wake);
    for (int k = 0; k < 2; k++)
        if (w->wake_fd[k] >= 0)
            close(w->wake_fd[k]);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w->threads);
    free(w);
}
