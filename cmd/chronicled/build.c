/* build.c - the corpus builder thread: builds snapshots off the loop and
 * hands each result to the loop through an activated event. */
#include <dirent.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <event2/event.h>

#include "build.h"
#include "log.h"

struct builder {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    char *dir;
    struct event *done;         /* activated on the loop's base */
    int requested, forced, stop, busy;
    volatile int cancel;        /* read by the corpus build between files */
    int have_result;
    struct build_result result;
    uint64_t last_sig;          /* folder signature of the last attempt */
    int have_sig;
    chr_snap_prepare_fn prepare;   /* build_set_hooks */
    void (*built)(void *ctx, chr_snap *s);
    void *hook_ctx;
};

static double now_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    h ^= h >> 33;
    return h;
}

/* A cheap fingerprint of the folder (names, sizes, times, inodes) so a
 * poll that finds nothing changed does not rebuild.  Entries are summed,
 * so readdir order does not matter. */
static uint64_t folder_sig(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return 1;               /* "cannot list": differs from any listing */
    uint64_t sum = 0x9e3779b97f4a7c15u;
    struct dirent *de;
    size_t dlen = strlen(dir);
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        size_t nlen = strlen(de->d_name);
        char *path = malloc(dlen + nlen + 2);
        if (path == NULL)
            continue;
        memcpy(path, dir, dlen);
        path[dlen] = '/';
        memcpy(path + dlen + 1, de->d_name, nlen + 1);
        struct stat st;
        uint64_t h = 0xcbf29ce484222325u;
        for (size_t i = 0; i < nlen; i++)
            h = (h ^ (unsigned char)de->d_name[i]) * 0x100000001b3u;
        if (stat(path, &st) == 0) {
            h = mix(h ^ (uint64_t)st.st_size);
            h = mix(h ^ (uint64_t)st.st_mtim.tv_sec);
            h = mix(h ^ (uint64_t)st.st_mtim.tv_nsec);
            h = mix(h ^ (uint64_t)st.st_ino);
            h = mix(h ^ (uint64_t)st.st_mode);
        }
        free(path);
        sum += mix(h);
    }
    closedir(d);
    return sum;
}

static void *worker(void *arg)
{
    struct builder *b = arg;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        while (!b->requested && !b->stop)
            pthread_cond_wait(&b->cv, &b->mu);
        if (b->stop)
            break;
        int force = b->forced;
        b->requested = b->forced = 0;
        b->busy = 1;
        pthread_mutex_unlock(&b->mu);

        uint64_t sig = folder_sig(b->dir);
        int skip = !force && b->have_sig && sig == b->last_sig;
        struct build_result r;
        memset(&r, 0, sizeof r);
        if (!skip) {
            b->last_sig = sig;
            b->have_sig = 1;
            chr_corpus_opts opts;
            chr_corpus_opts_init(&opts);
            opts.report = log_report_file;
            opts.cancel = &b->cancel;
            double t0 = now_mono();
            r.snap = chr_snap_build_prepared(b->dir, &opts, b->prepare,
                                             b->hook_ctx, &r.err);
            /* A build that finished as the daemon stops is not recorded
             * or served: nothing may happen after "stopped". */
            if (b->cancel) {
                chr_snap_unref(r.snap);
                pthread_mutex_lock(&b->mu);
                b->busy = 0;
                event_active(b->done, EV_READ, 0);
                break;
            }
            if (r.snap != NULL && b->built != NULL)
                b->built(b->hook_ctx, r.snap);
            r.seconds = now_mono() - t0;
            r.finished = (int64_t)time(NULL);
            if (r.snap == NULL && r.err.code == CHR_OK)
                chr_error_set(&r.err, CHR_ENOMEM, b->dir, 0, "build failed");
        }

        pthread_mutex_lock(&b->mu);
        b->busy = 0;
        if (!skip) {
            /* An unclaimed older result is superseded by this one. */
            if (b->have_result)
                chr_snap_unref(b->result.snap);
            b->result = r;
            b->have_result = 1;
            event_active(b->done, EV_READ, 0);
        }
    }
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

struct builder *build_new(struct event_base *base, const char *dir,
                          event_callback_fn done, void *arg)
{
    struct builder *b = calloc(1, sizeof *b);
    if (b == NULL)
        return NULL;
    b->dir = strdup(dir);
    b->done = event_new(base, -1, 0, done, arg);
    if (b->dir == NULL || b->done == NULL ||
        pthread_mutex_init(&b->mu, NULL) != 0)
        goto fail;
    if (pthread_cond_init(&b->cv, NULL) != 0) {
        pthread_mutex_destroy(&b->mu);
        goto fail;
    }
    if (pthread_create(&b->thread, NULL, worker, b) != 0) {
        pthread_cond_destroy(&b->cv);
        pthread_mutex_destroy(&b->mu);
        goto fail;
    }
    return b;
fail:
    if (b->done != NULL)
        event_free(b->done);
    free(b->dir);
    free(b);
    return NULL;
}

void build_set_hooks(struct builder *b, chr_snap_prepare_fn prepare,
                     void (*built)(void *ctx, chr_snap *s), void *ctx)
{
    pthread_mutex_lock(&b->mu);
    b->prepare = prepare;
    b->built = built;
    b->hook_ctx = ctx;
    pthread_mutex_unlock(&b->mu);
}

void build_request(struct builder *b, int force)
{
    pthread_mutex_lock(&b->mu);
    b->requested = 1;
    b->forced |= force;
    pthread_cond_signal(&b->cv);
    pthread_mutex_unlock(&b->mu);
}

int build_take(struct builder *b, struct build_result *out)
{
    pthread_mutex_lock(&b->mu);
    int have = b->have_result;
    if (have) {
        *out = b->result;
        memset(&b->result, 0, sizeof b->result);
        b->have_result = 0;
    }
    pthread_mutex_unlock(&b->mu);
    return have;
}

int build_busy(struct builder *b)
{
    pthread_mutex_lock(&b->mu);
    int busy = b->busy || (b->requested && !b->stop);
    pthread_mutex_unlock(&b->mu);
    return busy;
}

void build_cancel(struct builder *b)
{
    pthread_mutex_lock(&b->mu);
    b->cancel = 1;
    b->stop = 1;
    pthread_cond_signal(&b->cv);
    pthread_mutex_unlock(&b->mu);
}

void build_free(struct builder *b)
{
    if (b == NULL)
        return;
    pthread_mutex_lock(&b->mu);
    b->cancel = 1;
    b->stop = 1;
    pthread_cond_signal(&b->cv);
    pthread_mutex_unlock(&b->mu);
    pthread_join(b->thread, NULL);
    if (b->have_result)
        chr_snap_unref(b->result.snap);
    event_free(b->done);
    pthread_cond_destroy(&b->cv);
    pthread_mutex_destroy(&b->mu);
    free(b->dir);
    free(b);
}
