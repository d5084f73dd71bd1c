/*
 * timeline.c - the timeline document: the corpus head, the events (on
 * several threads when the caller allows, in the same bytes), the
 * documents.
 */
#include <stdlib.h>

#include "chronicle/json.h"
#include "chronicle/par.h"
#include "render/json_int.h"
#include "render/jw_int.h"

/* Events a thread writes at a time: large enough that a thread's start
 * and the copy of its bytes cost little beside them. */
#define CHUNK 512

typedef struct part {
    chr_jw w;
    chr_buf b;
} part;

/* Bytes kept before they go to a sink. */
#define FLUSH_AT (1u << 20)

typedef struct events {
    const chr_chron *c;
    const size_t *idx;         /* NULL: all in order */
    size_t n;
    chr_jw *w;                 /* the timeline's writer, at the events' array */
    part *parts;               /* one per chunk, written then taken */
    chr_json_sink sink;        /* NULL: everything kept in w's buffer */
    void *ctx;
    int sink_failed;
} events;

/* What w's buffer holds, to the sink (when there is one). */
static void flush(events *ev, size_t at_least)
{
    chr_buf *b = ev->w->b;
    if (ev->sink == NULL || b->len == 0 || b->len < at_least || b->failed || ev->sink_failed)
        return;
    if (ev->sink(ev->ctx, b->p, b->len) != 0)
        ev->sink_failed = 1;
    b->len = 0;
    if (b->p != NULL)
        b->p[0] = '\0';
}

/* Chunk k, into its own buffer, as the timeline's writer would write it. */
static void write_chunk(void *ctx, size_t k)
{
    events *ev = ctx;
    size_t lo = k * CHUNK, hi = lo + CHUNK < ev->n ? lo + CHUNK : ev->n;
    /* written on this thread's stack: the parts lie side by side, and a
     * writer's counts and lengths changed under another thread's on the
     * same cache line would move that line between the cores at every
     * byte */
    part p = {.b = {0}};
    /* about 1 KB an event, as the timeline's own buffer guesses */
    if ((p.b.p = malloc((hi - lo) * 1024)) != NULL)
        p.b.cap = (hi - lo) * 1024;
    chr_jw_fork(ev->w, &p.w, &p.b, lo);
    for (size_t i = lo; i < hi && !chr_jw_failed(&p.w); i++)
        chr_json_event_obj(&p.w, ev->c, chr_chron_event(ev->c, ev->idx ? ev->idx[i] : i));
    ev->parts[k] = p;
    ev->parts[k].w.b = &ev->parts[k].b;
}

/* Chunk k's bytes after those before it, in order. */
static int take_chunk(void *ctx, size_t k)
{
    events *ev = ctx;
    part *p = &ev->parts[k];
    size_t lo = k * CHUNK, hi = lo + CHUNK < ev->n ? lo + CHUNK : ev->n;
    if (ev->sink != NULL && !p->b.failed && !ev->w->b->failed && p->b.len >= FLUSH_AT / 4) {
        /* a large chunk goes to the sink as it is, after what w holds */
        flush(ev, 0);
        if (!ev->sink_failed && ev->sink(ev->ctx, p->b.p, p->b.len) != 0)
            ev->sink_failed = 1;
    } else if (p->b.len > 0) {
        chr_buf_add(ev->w->b, p->b.p, p->b.len);
    }
    chr_jw_join(ev->w, &p->w, hi - lo);
    free(p->b.p);
    p->b.p = NULL;
    flush(ev, FLUSH_AT);
    return ev->sink_failed ? CHR_EIO : 0;
}

/* The timeline into b (or through sink); 0, CHR_ENOMEM, CHR_EINVAL or
 * CHR_EIO (see chr_json_timeline_write).  b's bytes are the caller's. */
static int timeline(const chr_chron *c, const size_t *idx, size_t n, const chr_json_opts *opts,
                    chr_json_sink sink, void *ctx, chr_buf *b)
{
    chr_jw w;
    chr_jw_init(&w, b, opts && opts->pretty ? 2 : 0);
    if (idx == NULL)
        n = chr_chron_event_count(c);
    /* about 1 KB an event: fewer reallocations of a large timeline */
    size_t guess = sink ? FLUSH_AT + 65536 : 1024 + n * 1024;
    if ((b->p = malloc(guess)) != NULL)
        b->cap = guess;
    char ts[32];
    chr_time_format(chr_chron_generated(c), ts);
    size_t total = opts && opts->total ? opts->total : chr_chron_event_count(c);
    chr_jw_obj(&w);
    chr_jw_key(&w, "corpus");
    chr_jw_obj(&w);
    chr_jw_key(&w, "version");
    chr_jw_str(&w, chr_chron_version(c));
    chr_jw_key(&w, "documents");
    chr_jw_int(&w, (long long)chr_chron_doc_count(c));
    chr_jw_key(&w, "generated");
    chr_jw_str(&w, ts);
    chr_jw_key(&w, "events");
    chr_jw_int(&w, (long long)n);
    chr_jw_key(&w, "total_events");
    chr_jw_int(&w, (long long)total);
    chr_jw_obj_end(&w);
    chr_jw_key(&w, "events");
    chr_jw_arr(&w);
    size_t nchunks = (n + CHUNK - 1) / CHUNK;
    unsigned jobs = opts && opts->jobs > 1 ? opts->jobs : 1;
    events ev = {c, idx, n, &w, calloc(nchunks ? nchunks : 1, sizeof(part)), sink, ctx, 0};
    if (ev.parts == NULL)
        w.failed = 1;
    else if (chr_par_run(nchunks, jobs, 0, write_chunk, take_chunk, &ev) != 0)
        w.failed = 1;
    /* chunks written but not taken when a take failed */
    for (size_t k = 0; ev.parts != NULL && k < nchunks; k++)
        free(ev.parts[k].b.p);
    free(ev.parts);
    chr_jw_arr_end(&w);
    chr_jw_key(&w, "documents");
    chr_jw_arr(&w);
    for (size_t i = 0; i < chr_chron_doc_count(c) && !ev.sink_failed; i++) {
        chr_jw_obj(&w);
        chr_json_doc_members(&w, chr_chron_doc(c, i));
        chr_jw_obj_end(&w);
        flush(&ev, FLUSH_AT);
    }
    chr_jw_arr_end(&w);
    chr_jw_obj_end(&w);
    chr_buf_add(b, "\n", 1);
    if (ev.sink_failed)
        return CHR_EIO;
    if (b->failed)
        return CHR_ENOMEM;
    if (chr_jw_failed(&w) || w.depth != 0)
        return CHR_EINVAL;
    flush(&ev, 0);
    return ev.sink_failed ? CHR_EIO : 0;
}

char *chr_json_timeline(const chr_chron *c, const size_t *idx, size_t n,
                        const chr_json_opts *opts, size_t *len)
{
    chr_buf b = {0};
    if (timeline(c, idx, n, opts, NULL, NULL, &b) != 0) {
        free(b.p);
        return NULL;
    }
    if (len)
        *len = b.len;
    return b.p;
}

int chr_json_timeline_write(const chr_chron *c, const size_t *idx, size_t n,
                            const chr_json_opts *opts, chr_json_sink sink, void *ctx)
{
    chr_buf b = {0};
    int rc = timeline(c, idx, n, opts, sink, ctx, &b);
    free(b.p);
    return rc;
}
