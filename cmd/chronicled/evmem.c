/* evmem.c - size-class free lists for libevent's memory, one set per
 * thread (see evmem.h for why).  Every block carries a header naming its
 * class; blocks over the largest class go straight to malloc. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "evmem.h"

#if defined(__SANITIZE_ADDRESS__)
#define EVMEM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EVMEM_ASAN 1
#endif
#endif
#ifdef EVMEM_ASAN
/* A kept block is poisoned: a use after libevent freed it is still
 * reported. */
#include <sanitizer/asan_interface.h>
#define KEEP(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define TAKE(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define KEEP(p, n) ((void)(p), (void)(n))
#define TAKE(p, n) ((void)(p), (void)(n))
#endif

/* Classes: 16-byte steps to 512 bytes (header names, values, the
 * request's parts), then powers of two to 16 KiB (buffer chains). */
#define SMALL_STEP 16
#define SMALL_MAX 512
#define NSMALL (SMALL_MAX / SMALL_STEP)
#define NLARGE 5                /* 1, 2, 4, 8, 16 KiB */
#define NCLASS (NSMALL + NLARGE)
#define BIG UINT32_MAX          /* the class of a block over 16 KiB */
/* At most this many bytes kept per class and thread, and at least a few
 * blocks of each. */
#define KEEP_BYTES (16 * 1024)
#define KEEP_MIN 4

/* Before each block; its size keeps the block 16-byte aligned. */
struct head {
    uint32_t cls;
    uint32_t pad[3];
};

struct kept {
    struct kept *next;
};

struct cache {
    struct kept *list[NCLASS];
    uint32_t n[NCLASS];
};

static _Thread_local struct cache *cache;
static pthread_key_t cache_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static int installed;

static size_t class_size(uint32_t c)
{
    return c < NSMALL ? (size_t)(c + 1) * SMALL_STEP : (size_t)1024 << (c - NSMALL);
}

static uint32_t class_of(size_t n)
{
    if (n <= SMALL_MAX)
        return n == 0 ? 0 : (uint32_t)((n - 1) / SMALL_STEP);
    for (uint32_t c = NSMALL; c < NCLASS; c++)
        if (n <= class_size(c))
            return c;
    return BIG;
}

/* How many blocks of each class a thread keeps (set by evmem_install). */
static uint32_t keep_max[NCLASS];

static void drain(struct cache *k)
{
    for (uint32_t c = 0; c < NCLASS; c++) {
        while (k->list[c] != NULL) {
            struct kept *b = k->list[c];
            TAKE(b, class_size(c));
            k->list[c] = b->next;
            free((struct head *)(void *)b - 1);
        }
        k->n[c] = 0;
    }
}

static void cache_exit(void *arg)
{
    struct cache *k = arg;
    if (k == NULL)
        return;
    drain(k);
    free(k);
    cache = NULL;
}

static void make_key(void)
{
    (void)pthread_key_create(&cache_key, cache_exit);
}

/* This thread's cache, made on first use; NULL when out of memory (then
 * blocks go to and from malloc). */
static struct cache *my_cache(void)
{
    if (cache != NULL)
        return cache;
    pthread_once(&key_once, make_key);
    struct cache *k = calloc(1, sizeof *k);
    if (k == NULL)
        return NULL;
    if (pthread_setspecific(cache_key, k) != 0) {
        free(k);
        return NULL;
    }
    cache = k;
    return k;
}

static void *ev_malloc(size_t n)
{
    uint32_t c = class_of(n);
    struct cache *k = c != BIG ? my_cache() : NULL;
    if (k != NULL && k->list[c] != NULL) {
        struct kept *b = k->list[c];
        TAKE(b, class_size(c));
        k->list[c] = b->next;
        k->n[c]--;
        return b;
    }
    size_t cap = c != BIG ? class_size(c) : n;
    if (cap > SIZE_MAX - sizeof(struct head))
        return NULL;
    struct head *h = malloc(sizeof *h + cap);
    if (h == NULL)
        return NULL;
    h->cls = c;
    return h + 1;
}

static void ev_free(void *p)
{
    if (p == NULL)
        return;
    struct head *h = (struct head *)p - 1;
    uint32_t c = h->cls;
    struct cache *k = c != BIG ? my_cache() : NULL;
    if (k == NULL || k->n[c] >= keep_max[c]) {
        free(h);
        return;
    }
    struct kept *b = p;
    b->next = k->list[c];
    k->list[c] = b;
    k->n[c]++;
    KEEP(b, class_size(c));
}

static void *ev_realloc(void *p, size_t n)
{
    if (p == NULL)
        return ev_malloc(n);
    struct head *h = (struct head *)p - 1;
    if (h->cls == BIG) {
        if (class_of(n) == BIG) {
            if (n > SIZE_MAX - sizeof *h)
                return NULL;
            struct head *g = realloc(h, sizeof *h + n);
            return g != NULL ? g + 1 : NULL;
        }
    } else if (n <= class_size(h->cls)) {
        return p;
    }
    void *q = ev_malloc(n);
    if (q == NULL)
        return NULL;
    /* a BIG block is only moved to a class when it shrinks: n bytes */
    size_t old = h->cls == BIG ? n : class_size(h->cls);
    memcpy(q, p, old < n ? old : n);
    ev_free(p);
    return q;
}

int evmem_install(void)
{
#ifdef EVENT_SET_MEM_FUNCTIONS_IMPLEMENTED
    for (uint32_t c = 0; c < NCLASS; c++) {
        size_t k = KEEP_BYTES / class_size(c);
        keep_max[c] = k < KEEP_MIN ? KEEP_MIN : (uint32_t)k;
    }
    event_set_mem_functions(ev_malloc, ev_realloc, ev_free);
    installed = 1;
    return 0;
#else
    return -1;
#endif
}

void evmem_free(void *p)
{
    if (installed)
        ev_free(p);
    else
        free(p);
}

void *evmem_alloc(size_t n)
{
    return installed ? ev_malloc(n) : malloc(n);
}

void evmem_release(void)
{
    if (cache != NULL)
        drain(cache);
}
