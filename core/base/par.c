/* par.c - ordered work on several threads (see par.h). */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "chronicle/par.h"

/* More threads than this buy nothing on the machines we run on and only
 * hold more documents in memory at once. */
#define CHR_PAR_MAX 256

unsigned chr_par_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > CHR_PAR_MAX ? CHR_PAR_MAX : (unsigned)n;
}

typedef struct par {
    pthread_mutex_t mu;
    pthread_cond_t ready;      /* item `taken` was worked on */
    pthread_cond_t room;       /* `taken` moved on, or stop */
    size_t n, next, taken, window;
    unsigned char *done;       /* per item: work finished */
    int stop;
    chr_par_work_fn work;
    void *ctx;
} par;

static void *worker(void *arg)
{
    par *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->next < p->n && p->next >= p->taken + p->window)
            pthread_cond_wait(&p->room, &p->mu);
        if (p->stop || p->next >= p->n)
            break;
        size_t i = p->next++;
        pthread_mutex_unlock(&p->mu);
        p->work(p->ctx, i);
        pthread_mutex_lock(&p->mu);
        p->done[i] = 1;
        if (i == p->taken)
            pthread_cond_signal(&p->ready);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static int run_here(size_t n, chr_par_work_fn work, chr_par_take_fn take, void *ctx)
{
    for (size_t i = 0; i < n; i++) {
        work(ctx, i);
        int rc = take(ctx, i);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int chr_par_run(size_t n, unsigned jobs, size_t window, chr_par_work_fn work,
                chr_par_take_fn take, void *ctx)
{
    if (jobs > CHR_PAR_MAX)
        jobs = CHR_PAR_MAX;
    if ((size_t)jobs > n)
        jobs = (unsigned)n;
    if (jobs <= 1)
        return run_here(n, work, take, ctx);
    par p = {.n = n, .window = window ? window : 4 * (size_t)jobs, .work = work, .ctx = ctx};
    pthread_t th[CHR_PAR_MAX];
    unsigned started = 0;
    p.done = calloc(n, 1);
    if (p.done == NULL)
        return run_here(n, work, take, ctx);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.ready, NULL);
    pthread_cond_init(&p.room, NULL);
    while (started < jobs && pthread_create(&th[started], NULL, worker, &p) == 0)
        started++;
    int rc = 0;
    if (started == 0) {
        rc = run_here(n, work, take, ctx);
    } else {
        for (size_t i = 0; i < n && rc == 0; i++) {
            pthread_mutex_lock(&p.mu);
            while (!p.done[i])
                pthread_cond_wait(&p.ready, &p.mu);
            pthread_mutex_unlock(&p.mu);
            rc = take(ctx, i);
            pthread_mutex_lock(&p.mu);
            p.taken = i + 1;
            if (rc != 0)
                p.stop = 1;
            pthread_cond_broadcast(&p.room);
            pthread_mutex_unlock(&p.mu);
        }
        pthread_mutex_lock(&p.mu);
        p.stop = 1;
        pthread_cond_broadcast(&p.room);
        pthread_mutex_unlock(&p.mu);
        for (unsigned t = 0; t < started; t++)
            pthread_join(th[t], NULL);
    }
    pthread_cond_destroy(&p.room);
    pthread_cond_destroy(&p.ready);
    pthread_mutex_destroy(&p.mu);
    free(p.done);
    return rc;
}
