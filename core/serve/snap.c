/* snap.c - a served corpus version: prebuilt bodies, gzip, a small LRU. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "chronicle/ical.h"
#include "chronicle/json.h"
#include "chronicle/snap.h"
#include "chronicle/webjson.h"
#include "base/sha256_int.h"

#define TYPE_JSON "application/json; charset=utf-8"
#define TYPE_ICS  "text/calendar; charset=utf-8"
#define TYPE_TEXT "text/plain; charset=utf-8"

/* Prebuilt bodies: the unfiltered form of every feed and view. */
enum { SLOT_JSON, SLOT_TLJS, SLOT_VIS, SLOT_ICS, SLOT_DOCS, NSLOTS };

struct entry {
    uint64_t hash;
    char *key;
    chr_body *body;
    uint64_t used;          /* tick of the last lookup */
};

/* A converted document's text, kept from its build. */
struct text {
    char *name;
    chr_body *body;
};

struct chr_snap {
    atomic_size_t refs;
    chr_chron *chron;
    struct text *texts;     /* sorted by name */
    size_t ntexts;
    size_t text_bytes;
    size_t skipped;
    int64_t modified;       /* Last-Modified of every body */
    chr_body *slots[NSLOTS];
    struct entry *cache;
    size_t ncache, max_entries, bytes, max_bytes;
    uint64_t tick, hits, misses;
};

/* The page's address, once set never freed (a reader may hold it). */
static _Atomic(char *) page_url;

void chr_snap_set_page_url(const char *url)
{
    char *c = url != NULL ? strdup(url) : NULL;
    atomic_store(&page_url, c);
}

static atomic_size_t body_files;

void chr_body_keep_file(chr_body *b, int fd)
{
    b->file = fd;
    atomic_fetch_add(&body_files, 1);
}

size_t chr_body_files(void)
{
    return atomic_load(&body_files);
}

void chr_body_ref(chr_body *b)
{
    atomic_fetch_add(&b->refs, 1);
}

void chr_body_unref(chr_body *b)
{
    if (b == NULL || atomic_fetch_sub(&b->refs, 1) != 1)
        return;
    if (b->file >= 0) {
        close(b->file);
        atomic_fetch_sub(&body_files, 1);
    }
    free((char *)b->data);
    free((char *)b->gz);
    free(b);
}

char *chr_snap_gzip(const char *data, size_t len, int level, size_t *outlen)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    /* 15 + 16: a gzip wrapper; zlib writes mtime 0, so equal input and
     * level give equal bytes (and the gzip form keeps its tag). */
    if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
    size_t cap = deflateBound(&z, (uLong)len) + 32;
    char *out = malloc(cap);
    if (out == NULL) {
        deflateEnd(&z);
        return NULL;
    }
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    size_t n = cap - z.avail_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END || len > (size_t)UINT32_MAX) {
        free(out);
        return NULL;
    }
    *outlen = n;
    return out;
}

static uint64_t fnv1a(const char *s, size_t n)
{
    return chr_fnv64(s, n, 0);
}

chr_body *chr_body_new(char *data, size_t len, const char *type,
                       const char *kind, int64_t modified)
{
    chr_body *b = calloc(1, sizeof *b);
    if (b == NULL) {
        free(data);
        return NULL;
    }
    atomic_init(&b->refs, 1);
    b->file = CHR_BODY_NO_FILE;
    b->data = data;
    b->len = len;
    b->type = type;
    b->modified = modified;
    /* The tag is a hash of the bytes themselves: the corpus version alone
     * labelled different bytes after an edit that was reverted (SEQUENCE
     * and LAST-MODIFIED moved on) or a new extractor.  The kind only makes
     * tags readable in logs. */
    snprintf(b->etag, sizeof b->etag, "\"%.24s-%016llx\"", kind,
             (unsigned long long)fnv1a(data, len));
    return b;
}

/* Wrap rendered bytes (ownership taken) of snapshot s into a body. */
static chr_body *body_new(const chr_snap *s, char *data, size_t len,
                          const char *type, const char *kind)
{
    return chr_body_new(data, len, type, kind, s->modified);
}

int chr_body_gzip(chr_body *b, int level)
{
    if (b->gz != NULL || b->gzlen == SIZE_MAX)
        return 0;
    size_t n;
    char *gz = chr_snap_gzip(b->data, b->len, level, &n);
    if (gz == NULL)
        return CHR_ENOMEM;
    if (n >= b->len) {
        free(gz);
        b->gzlen = SIZE_MAX;    /* tried: not worth it */
        return 0;
    }
    /* Its own tag, from its own bytes: another zlib or level gives other
     * bytes for the same plain body. */
    const char *q = strchr(b->etag + 1, '-');
    int kindlen = q != NULL ? (int)(q - b->etag - 1) : 0;
    snprintf(b->etag_gz, sizeof b->etag_gz, "\"%.*s-%016llx-gz\"", kindlen,
             b->etag + 1, (unsigned long long)fnv1a(gz, n));
    b->gz = gz;
    b->gzlen = n;
    return 0;
}

static const char *view_kind(chr_view v)
{
    switch (v) {
    case CHR_VIEW_TIMELINEJS: return "tljs";
    case CHR_VIEW_VIS: return "vis";
    case CHR_VIEW_TIMELINE: break;
    }
    return "json";
}

/* Render the events idx[0..n) (idx NULL: all) of feed in view.  Reads
 * only the chronology, which never changes: any thread. */
static chr_body *render(const chr_snap *s, chr_feed feed, chr_view view,
                        const size_t *idx, size_t n)
{
    size_t len = 0;
    char *data = NULL;
    const char *type = TYPE_JSON, *kind = "json";
    if (feed == CHR_FEED_ICS) {
        chr_ical_opts io = {NULL, NULL, atomic_load(&page_url)};
        data = chr_ical_render(s->chron, idx, n, &io, &len);
        type = TYPE_ICS;
        kind = "ics";
    } else if (feed == CHR_FEED_DOCUMENTS) {
        data = chr_webjson_documents(s->chron, &len);
        kind = "docs";
    } else if (view == CHR_VIEW_TIMELINEJS) {
        data = chr_webjson_timelinejs(s->chron, idx, n, &len);
        kind = view_kind(view);
    } else if (view == CHR_VIEW_VIS) {
        data = chr_webjson_vis(s->chron, idx, n, &len);
        kind = view_kind(view);
    } else {
        chr_json_opts o = {0};
        o.total = chr_chron_event_count(s->chron);
        data = chr_json_timeline(s->chron, idx, n, &o, &len);
    }
    if (data == NULL)
        return NULL;
    return body_new(s, data, len, type, kind);
}

/* A snapshot of c with its whole feeds rendered now (lazy: when first
 * kept, chr_snap_keep). */
static chr_snap *snap_new(chr_chron *c, int lazy, chr_error *err)
{
    chr_snap *s = calloc(1, sizeof *s);
    if (s == NULL) {
        chr_chron_free(c);
        chr_error_set(err, CHR_ENOMEM, NULL, 0, "out of memory for snapshot");
        return NULL;
    }
    atomic_init(&s->refs, 1);
    s->chron = c;
    s->modified = chr_chron_generated(c);
    s->max_entries = CHR_SNAP_CACHE_ENTRIES;
    s->max_bytes = CHR_SNAP_CACHE_BYTES;
    s->cache = calloc(s->max_entries, sizeof *s->cache);
    static const struct { chr_feed feed; chr_view view; } slot[NSLOTS] = {
        [SLOT_JSON] = {CHR_FEED_JSON, CHR_VIEW_TIMELINE},
        [SLOT_TLJS] = {CHR_FEED_JSON, CHR_VIEW_TIMELINEJS},
        [SLOT_VIS] = {CHR_FEED_JSON, CHR_VIEW_VIS},
        [SLOT_ICS] = {CHR_FEED_ICS, CHR_VIEW_TIMELINE},
        [SLOT_DOCS] = {CHR_FEED_DOCUMENTS, CHR_VIEW_TIMELINE},
    };
    int ok = s->cache != NULL;
    for (int i = 0; i < NSLOTS && ok && !lazy; i++) {
        s->slots[i] = render(s, slot[i].feed, slot[i].view, NULL, 0);
        /* Prebuilt bodies are compressed hard once, off the loop. */
        ok = s->slots[i] != NULL && chr_body_gzip(s->slots[i], 9) == 0;
    }
    if (!ok) {
        chr_snap_unref(s);
        chr_error_set(err, CHR_ENOMEM, NULL, 0,
                      "out of memory rendering the feeds");
        return NULL;
    }
    return s;
}

chr_snap *chr_snap_new(chr_chron *c, chr_error *err)
{
    return snap_new(c, 0, err);
}

chr_snap *chr_snap_new_lazy(chr_chron *c, chr_error *err)
{
    return snap_new(c, 1, err);
}

struct counting {
    chr_report_fn report;
    void *ctx;
    size_t n;
};

static void count_report(void *ctx, const chr_error *e)
{
    struct counting *c = ctx;
    c->n++;
    if (c->report != NULL)
        c->report(c->ctx, e);
}

chr_snap *chr_snap_build(const char *dir, const chr_corpus_opts *opts,
                         chr_error *err)
{
    return chr_snap_build_prepared(dir, opts, NULL, NULL, err);
}

static int cancelled(const chr_corpus_opts *o, const char *dir,
                     chr_error *err)
{
    if (o->cancel == NULL || !atomic_load(o->cancel))
        return 0;
    chr_error_set(err, CHR_EINVAL, dir, CHR_NO_OFFSET, "cancelled");
    return 1;
}

/* The converted texts a build hands over (chr_corpus_opts.keep_text),
 * until its snapshot exists. */
struct texts {
    struct text *v;
    size_t n, cap, bytes;
};

static void texts_free(struct text *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        chr_body_unref(v[i].body);
    }
    free(v);
}

static int keep_text(void *ctx, const char *name, char *text, size_t len)
{
    struct texts *t = ctx;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        struct text *v = realloc(t->v, cap * sizeof *v);
        if (v == NULL) {
            free(text);
            return CHR_ENOMEM;
        }
        t->v = v;
        t->cap = cap;
    }
    struct text *e = &t->v[t->n];
    e->name = strdup(name);
    /* Last-Modified is set once the chronology says when the file was */
    e->body = e->name != NULL ? chr_body_new(text, len, TYPE_TEXT, "text", 0) : NULL;
    if (e->body == NULL) {
        if (e->name == NULL)
            free(text);
        free(e->name);
        return CHR_ENOMEM;
    }
    t->n++;
    t->bytes += len;
    return 0;
}

static int text_cmp(const void *a, const void *b)
{
    return strcmp(((const struct text *)a)->name, ((const struct text *)b)->name);
}

chr_snap *chr_snap_build_prepared(const char *dir, const chr_corpus_opts *opts,
                                  chr_snap_prepare_fn prepare, void *ctx,
                                  chr_error *err)
{
    chr_corpus_opts o;
    if (opts != NULL)
        o = *opts;
    else
        chr_corpus_opts_init(&o);
    struct counting cnt = {o.report, o.report_ctx, 0};
    o.report = count_report;
    o.report_ctx = &cnt;
    struct texts t = {0};
    o.keep_text = keep_text;
    o.keep_text_ctx = &t;
    chr_chron *c = chr_corpus_build(dir, &o, err);
    if (c == NULL) {
        texts_free(t.v, t.n);
        return NULL;
    }
    /* Comparing with the previous version and rendering take a while on a
     * large corpus: a stop asked for meanwhile is honoured between them. */
    if (cancelled(&o, dir, err) ||
        (prepare != NULL && prepare(ctx, c, err) != 0) ||
        cancelled(&o, dir, err)) {
        chr_chron_free(c);
        texts_free(t.v, t.n);
        return NULL;
    }
    chr_snap *s = chr_snap_new(c, err);
    if (s == NULL) {
        texts_free(t.v, t.n);
        return NULL;
    }
    s->skipped = cnt.n;
    if (t.n > 1)
        qsort(t.v, t.n, sizeof *t.v, text_cmp);
    for (size_t i = 0; i < t.n; i++) {
        const chr_docinfo *d = chr_chron_find_doc(s->chron, t.v[i].name);
        t.v[i].body->modified = d != NULL ? d->mtime : 0;
    }
    s->texts = t.v;
    s->ntexts = t.n;
    s->text_bytes = t.bytes;
    return s;
}

chr_body *chr_snap_doc_text(const chr_snap *s, const char *name)
{
    if (s->ntexts == 0 || name == NULL)
        return NULL;
    struct text key = {(char *)name, NULL};
    const struct text *e = bsearch(&key, s->texts, s->ntexts, sizeof key, text_cmp);
    return e != NULL ? e->body : NULL;
}

size_t chr_snap_text_bytes(const chr_snap *s)
{
    return s->text_bytes;
}

void chr_snap_ref(chr_snap *s)
{
    atomic_fetch_add(&s->refs, 1);
}

static void cache_drop(chr_snap *s, size_t i)
{
    struct entry *e = &s->cache[i];
    s->bytes -= e->body->len + (e->body->gz ? e->body->gzlen : 0);
    chr_body_unref(e->body);
    free(e->key);
    s->cache[i] = s->cache[--s->ncache];
}

void chr_snap_unref(chr_snap *s)
{
    if (s == NULL || atomic_fetch_sub(&s->refs, 1) != 1)
        return;
    if (s->cache != NULL)
        while (s->ncache > 0)
            cache_drop(s, s->ncache - 1);
    free(s->cache);
    for (int i = 0; i < NSLOTS; i++)
        chr_body_unref(s->slots[i]);
    texts_free(s->texts, s->ntexts);
    chr_chron_free(s->chron);
    free(s);
}

void chr_snap_set_cache(chr_snap *s, size_t entries, size_t bytes)
{
    while (s->ncache > entries)
        cache_drop(s, 0);
    if (entries > s->max_entries) {
        struct entry *c = realloc(s->cache, entries * sizeof *c);
        if (c == NULL)
            return;             /* keep the old bound */
        s->cache = c;
    }
    s->max_entries = entries;
    s->max_bytes = bytes;
}

const chr_chron *chr_snap_chron(const chr_snap *s)
{
    return s->chron;
}

const char *chr_snap_version(const chr_snap *s)
{
    return chr_chron_version(s->chron);
}

size_t chr_snap_skipped(const chr_snap *s)
{
    return s->skipped;
}

int64_t chr_snap_modified(const chr_snap *s)
{
    return s->modified;
}

void chr_snap_set_modified(chr_snap *s, int64_t t)
{
    if (t <= s->modified)
        return;
    s->modified = t;
    for (int i = 0; i < NSLOTS; i++)
        if (s->slots[i] != NULL)
            s->slots[i]->modified = t;
    for (size_t i = 0; i < s->ncache; i++)
        s->cache[i].body->modified = t;
}

void chr_snap_follow(chr_snap *s, const chr_snap *prev)
{
    if (prev == NULL)
        return;
    int changed = strcmp(chr_snap_version(s), chr_snap_version(prev)) != 0;
    for (int i = 0; i < NSLOTS && !changed; i++)
        changed = s->slots[i] == NULL || prev->slots[i] == NULL ||
                  strcmp(s->slots[i]->etag, prev->slots[i]->etag) != 0;
    /* The newest document's mtime goes back when that document is deleted
     * or replaced by an older file; a client revalidating by date alone
     * would then be told nothing changed. */
    int64_t floor = prev->modified;
    if (changed && floor < INT64_MAX)
        floor++;
    chr_snap_set_modified(s, floor);
}

void chr_snap_cache_stats(const chr_snap *s, uint64_t *hits, uint64_t *misses)
{
    *hits = s->hits;
    *misses = s->misses;
}

static chr_body *cache_find(chr_snap *s, const char *key, size_t keylen,
                            uint64_t h)
{
    for (size_t i = 0; i < s->ncache; i++) {
        struct entry *e = &s->cache[i];
        if (e->hash == h && strlen(e->key) == keylen &&
            memcmp(e->key, key, keylen) == 0) {
            e->used = ++s->tick;
            s->hits++;
            return e->body;
        }
    }
    return NULL;
}

/* Keep b under key, evicting the least recently used entries to stay in
 * bounds.  A body larger than the whole budget is served but not kept.
 * A key kept already keeps its body (two renders of one request raced). */
static void cache_put(chr_snap *s, const char *key, size_t keylen,
                      uint64_t h, chr_body *b)
{
    size_t size = b->len + (b->gz ? b->gzlen : 0);
    if (s->max_entries == 0 || size > s->max_bytes)
        return;
    for (size_t i = 0; i < s->ncache; i++)
        if (s->cache[i].hash == h && strlen(s->cache[i].key) == keylen &&
            memcmp(s->cache[i].key, key, keylen) == 0)
            return;
    while (s->ncache > 0 &&
           (s->ncache >= s->max_entries || s->bytes + size > s->max_bytes)) {
        size_t old = 0;
        for (size_t i = 1; i < s->ncache; i++)
            if (s->cache[i].used < s->cache[old].used)
                old = i;
        cache_drop(s, old);
    }
    char *k = malloc(keylen + 1);
    if (k == NULL)
        return;                 /* served, just not cached */
    memcpy(k, key, keylen);
    k[keylen] = '\0';
    chr_body_ref(b);
    s->cache[s->ncache++] = (struct entry){h, k, b, ++s->tick};
    s->bytes += size;
}

/* A cached body grew its gzip form: account for it. */
static void cache_regzip(chr_snap *s, chr_body *b, int gzip)
{
    if (!gzip || b->gz != NULL || b->gzlen == SIZE_MAX)
        return;
    if (chr_body_gzip(b, 6) == 0 && b->gz != NULL)
        for (size_t i = 0; i < s->ncache; i++)
            if (s->cache[i].body == b)
                s->bytes += b->gzlen;
}

/* The cache key of feed for f: a malloc'd string, or NULL (no memory). */
static char *feed_key(chr_feed feed, const chr_filter *f, size_t *keylen)
{
    size_t klen;
    char *fkey = chr_filter_key(f, &klen);
    if (fkey == NULL)
        return NULL;
    /* The feed is part of the cache key; the view is already in fkey. */
    *keylen = klen + 5;
    char *key = malloc(*keylen + 1);
    if (key != NULL) {
        memcpy(key, feed == CHR_FEED_ICS ? "ics ?" : "json?", 5);
        memcpy(key + 5, fkey, klen + 1);
    }
    free(fkey);
    return key;
}

/* Does f only pick a view of the whole timeline (a prebuilt body)? */
static int whole(const chr_filter *f)
{
    chr_filter all = *f;
    all.view = CHR_VIEW_TIMELINE;
    return chr_filter_is_all(&all);
}

/* The slot of a whole feed, -1 for a filtered one. */
static int slot_of_feed(chr_feed feed, const chr_filter *f)
{
    if (feed != CHR_FEED_DOCUMENTS && f != NULL && !whole(f))
        return -1;
    return feed == CHR_FEED_ICS ? SLOT_ICS
           : feed == CHR_FEED_DOCUMENTS ? SLOT_DOCS
           : f == NULL ? SLOT_JSON
           : f->view == CHR_VIEW_TIMELINEJS ? SLOT_TLJS
           : f->view == CHR_VIEW_VIS ? SLOT_VIS : SLOT_JSON;
}

/* A whole feed's body (a reference), NULL when filtered or not rendered
 * yet (a lazy snapshot). */
static chr_body *prebuilt(chr_snap *s, chr_feed feed, const chr_filter *f)
{
    int slot = slot_of_feed(feed, f);
    if (slot < 0 || s->slots[slot] == NULL)
        return NULL;
    chr_body_ref(s->slots[slot]);
    return s->slots[slot];
}

int chr_snap_cached(chr_snap *s, chr_feed feed, const chr_filter *f,
                    int gzip, chr_body **out, chr_error *err)
{
    *out = prebuilt(s, feed, f);
    if (*out != NULL)
        return 0;
    size_t keylen;
    char *key = feed_key(feed, f, &keylen);
    if (key == NULL)
        return chr_error_set(err, CHR_ENOMEM, NULL, 0, "out of memory");
    chr_body *b = cache_find(s, key, keylen, fnv1a(key, keylen));
    free(key);
    if (b == NULL) {
        s->misses++;
        return CHR_ENOTFOUND;
    }
    cache_regzip(s, b, gzip);
    chr_body_ref(b);
    *out = b;
    return 0;
}

chr_body *chr_snap_render(const chr_snap *s, chr_feed feed,
                          const chr_filter *f, int gzip, chr_error *err)
{
    size_t *idx = NULL, n = 0;
    chr_filter all;
    if (f == NULL) {
        chr_filter_init(&all);
        f = &all;
    }
    if (chr_filter_apply(f, s->chron, &idx, &n, NULL, err) != 0)
        return NULL;
    /* idx NULL would mean every event: an empty selection still passes a
     * pointer. */
    chr_body *b = render(s, feed, f->view, idx != NULL ? idx : &n, n);
    free(idx);
    if (b == NULL) {
        chr_error_set(err, CHR_ENOMEM, NULL, 0,
                      "out of memory rendering a response");
        return NULL;
    }
    /* fast compression: the client waits for this one (prebuilt bodies
     * are compressed hard, off the clock) */
    if (gzip && chr_body_gzip(b, 1) != 0) {
        chr_body_unref(b);
        chr_error_set(err, CHR_ENOMEM, NULL, 0,
                      "out of memory compressing a response");
        return NULL;
    }
    return b;
}

void chr_snap_keep(chr_snap *s, chr_feed feed, const chr_filter *f,
                   chr_body *b)
{
    int slot = slot_of_feed(feed, f);
    if (slot >= 0) {
        /* a lazy snapshot's whole feed, rendered at last */
        if (s->slots[slot] == NULL) {
            if (b->modified < s->modified)
                b->modified = s->modified;
            chr_body_ref(b);
            s->slots[slot] = b;
        }
        return;
    }
    size_t keylen;
    char *key = feed_key(feed, f, &keylen);
    if (key == NULL)
        return;                 /* served, just not cached */
    /* A body rendered for an older Last-Modified (the snapshot followed
     * another since) still has the right bytes. */
    if (b->modified < s->modified)
        b->modified = s->modified;
    cache_put(s, key, keylen, fnv1a(key, keylen), b);
    free(key);
}

int chr_snap_feed(chr_snap *s, chr_feed feed, const chr_filter *f,
                  int gzip, chr_body **out, chr_error *err)
{
    int rc = chr_snap_cached(s, feed, f, gzip, out, err);
    if (rc != CHR_ENOTFOUND)
        return rc;
    chr_body *b = chr_snap_render(s, feed, f, gzip, err);
    if (b == NULL)
        return CHR_ENOMEM;
    chr_snap_keep(s, feed, f, b);
    *out = b;
    return 0;
}

static int lookup_or_render(chr_snap *s, const char *key, size_t keylen,
                            chr_body *(*make)(chr_snap *, const void *),
                            const void *arg, int gzip, chr_body **out,
                            chr_error *err)
{
    uint64_t h = fnv1a(key, keylen);
    chr_body *b = cache_find(s, key, keylen, h);
    if (b != NULL) {
        cache_regzip(s, b, gzip);
        chr_body_ref(b);
        *out = b;
        return 0;
    }
    s->misses++;
    b = make(s, arg);
    if (b == NULL)
        return chr_error_set(err, CHR_ENOMEM, NULL, 0,
                             "out of memory rendering a response");
    /* fast compression: the client waits for this one (prebuilt bodies
     * are compressed hard, off the clock) */
    if (gzip && chr_body_gzip(b, 1) != 0) {
        chr_body_unref(b);
        return chr_error_set(err, CHR_ENOMEM, NULL, 0,
                             "out of memory compressing a response");
    }
    cache_put(s, key, keylen, h, b);
    *out = b;
    return 0;
}

static chr_body *make_event(chr_snap *s, const void *arg)
{
    const chr_event *e = chr_chron_event(s->chron,
                                         *(const size_t *)arg);
    size_t len;
    char *data = chr_json_event(e, &len);
    if (data == NULL)
        return NULL;
    char kind[24];
    snprintf(kind, sizeof kind, "ev%.16s", e->id);
    return body_new(s, data, len, TYPE_JSON, kind);
}

int chr_snap_event(chr_snap *s, const char *id, int gzip, chr_body **out,
                   chr_error *err)
{
    *out = NULL;
    size_t i = chr_chron_find(s->chron, id);
    if (i == (size_t)-1)
        return chr_error_set(err, CHR_ENOTFOUND, NULL, 0,
                             "no event with this id");
    char key[40];
    int keylen = snprintf(key, sizeof key, "event %.16s", id);
    return lookup_or_render(s, key, (size_t)keylen, make_event, &i, gzip,
                            out, err);
}
