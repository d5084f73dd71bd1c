/*
 * chronicled.h - the daemon's internal interfaces: logging, metrics,
 * the corpus builder thread and the HTTP server.  Not installed; only
 * cmd/chronicled/ includes it.
 */
#ifndef CHRONICLED_H
#define CHRONICLED_H

#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>

#include "chronicle/corpus.h"
#include "chronicle/snap.h"

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct config {
    char host[256];             /* listen address (numeric) */
    int port;                   /* 0: any free port */
    const char *corpus;
    const char *state;          /* history folder; NULL: CORPUS/.chronicle */
    int quiet;                  /* no access log */
    double poll;                /* seconds between corpus polls, 0: inotify */
    int timeout;                /* request timeout, seconds */
    size_t max_conns;
    size_t max_header;          /* bytes of request line + headers */
    size_t max_body;
    size_t max_uri;
    int max_age;                /* Cache-Control max-age of the feeds */
    size_t cache_entries;       /* per snapshot */
    size_t cache_bytes;
};

/* ---- log.c: one line per event on stderr, written by its own thread so
 * the loop never blocks on a slow stderr; lines that do not fit in the
 * buffer are dropped and counted. */
int log_start(void);
void log_stop(void);                     /* flushes; safe if not started */
/* Before _exit: wait at most ms for what is buffered to be written (a
 * stuck stderr keeps it); the writer thread is left running. */
void log_flush_for_exit(int ms);
void log_line(const char *level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void log_access(const char *method, const char *path, int status,
                size_t bytes, double seconds);
uint64_t log_dropped(void);
/* A chr_report_fn: logs a file the corpus build left out. */
void log_report_file(void *ctx, const chr_error *e);
/* An event_log_cb for libevent's own messages: logged like ours, at most
 * a few a second (the rest are dropped and counted). */
void log_libevent(int severity, const char *msg);
/* Copy [s, s+len) into dst (cap bytes, NUL-terminated) with control bytes,
 * bytes above 0x7E, '"' and '\\' written as \xHH; returns the length. */
size_t log_escape(char *dst, size_t cap, const char *s, size_t len);

/* ---- metrics.c: counters for /metrics; loop thread only. */
enum route {
    ROUTE_TIMELINE_JSON, ROUTE_TIMELINE_ICS, ROUTE_EVENTS, ROUTE_DOCUMENTS,
    ROUTE_HEALTHZ, ROUTE_METRICS, ROUTE_PAGE, ROUTE_VERSIONS, ROUTE_DIFF,
    ROUTE_OTHER, ROUTE_COUNT
};
#define METRICS_NSTATUS 12
#define METRICS_NBUCKETS 12
struct metrics {
    uint64_t requests[ROUTE_COUNT][METRICS_NSTATUS];
    uint64_t latency[METRICS_NBUCKETS];   /* cumulative at render time */
    double latency_sum;
    uint64_t latency_count;
    uint64_t bytes;
    uint64_t reloads_ok, reloads_failed;
    double build_sum, build_last;
    uint64_t build_count;
    uint64_t accept_errors;     /* accept() failures (no descriptor left) */
    uint64_t deadline_closes;   /* connections too slow to send a request */
};
const char *route_name(enum route r);
void metrics_request(struct metrics *m, enum route r, int status,
                     double seconds, size_t bytes);
void metrics_build(struct metrics *m, int ok, double seconds);
/* Prometheus text exposition into a malloc'd buffer (caller frees). */
char *metrics_render(const struct metrics *m, const chr_snap *live,
                     size_t connections, size_t *len);

/* ---- conn.c: client connections, counted from accept to close against
 * a limit, each request due within the timeout of the connection's accept
 * or of its previous reply (a slow sender cannot hold a connection by
 * trickling header bytes), and accepts paused, not retried in a loop,
 * when they fail (out of descriptors).  Loop thread only. */
struct conns;
struct evhttp;
struct evhttp_bound_socket;
struct evhttp_request;
/* Hooks into http (its bufferevent callback); m gets the counters.  NULL
 * when out of memory. */
struct conns *conns_new(struct event_base *base, struct evhttp *http,
                        struct metrics *m, size_t max, int timeout);
/* Watch the listener of bound for accept errors. */
void conns_listen(struct conns *c, struct evhttp_bound_socket *bound);
/* Before the bound socket goes: no more resuming, no new deadlines. */
void conns_stop(struct conns *c);
/* A whole request arrived: 0 to answer it, -1 when its connection is
 * over the limit (answer 503 and close it). */
int conns_request(struct conns *c, struct evhttp_request *req);
size_t conns_open(const struct conns *c);
/* After evhttp_free; NULL is a no-op. */
void conns_free(struct conns *c);

/* ---- build.c: builds snapshots on a worker thread and wakes the loop. */
struct build_result {
    chr_snap *snap;             /* NULL: the build failed */
    chr_error err;
    double seconds;
    int64_t finished;           /* wall clock, seconds */
};
struct builder;
/* Start the worker.  done runs on base's loop after each finished build
 * (successful or not); it should call build_take.  NULL on failure. */
struct builder *build_new(struct event_base *base, const char *dir,
                          event_callback_fn done, void *arg);
/* Ask for a build.  force: even if the folder looks unchanged.  Requests
 * made while a build runs are merged into one more build.  Any thread. */
void build_request(struct builder *b, int force);
/* Take the latest finished build; returns 0 when there was none. */
int build_take(struct builder *b, struct build_result *out);
/* Is a build running or about to (not after build_cancel)? */
int build_busy(struct builder *b);
/* The daemon stops: a running build ends at its next check (between
 * documents, before comparing, before rendering) without a result, and no
 * further build starts.  Any thread; returns at once (build_busy tells
 * when the worker is idle). */
void build_cancel(struct builder *b);
/* Stop the worker (cancels a running build and waits for it to return),
 * free what is left. */
void build_free(struct builder *b);
/* Steps around each build, on the worker: prepare between building the
 * chronology and rendering it, built with the finished snapshot (before
 * the loop sees it).  Call before the first build_request. */
void build_set_hooks(struct builder *b, chr_snap_prepare_fn prepare,
                     void (*built)(void *ctx, chr_snap *s), void *ctx);

/* ---- page.c: the browser page at / and the files it loads, embedded at
 * build time by embed.sh from cmd/chronicled/assets/ (a generated C file
 * defines page_files and page_file_count). */
struct page_file {
    const char *name;           /* base name: "index.html", "app.js" ... */
    const unsigned char *data;
    size_t len;
    const char *hash;           /* first 32 hex digits of its SHA-256 */
};
extern const struct page_file page_files[];
extern const size_t page_file_count;

struct page;
struct evkeyvalq;
/* Every page file as a body (plain and gzip) with a strong entity-tag.
 * NULL when out of memory. */
struct page *page_new(void);
void page_free(struct page *p);          /* NULL is a no-op */
/* The index of the page file served at path ("/" is index.html), or -1. */
int page_route(const char *path);
/* The body served at path with a new reference (release it with
 * chr_body_unref), or NULL when no page file lives there. */
chr_body *page_body(const struct page *p, const char *path);
/* Headers every page reply carries: the Content-Security-Policy that
 * allows only the page's own scripts and styles, nosniff, no referrer. */
void page_headers(struct evkeyvalq *h);

/* ---- server.c */
struct evhttp_request;
struct server;
/* Per request: what the access log and metrics need.  A handler that
 * cannot answer at once keeps a copy and replies later on the loop. */
struct reqinfo {
    struct evhttp_request *req;
    struct server *srv;
    enum route route;
    const char *method;
    int head;
    double start;
};
/* The one reply of a request: a snapshot body (one reference taken over;
 * validators, 304, gzip, HEAD), or a JSON error naming param (may be
 * NULL). */
void reply_body(struct reqinfo *ri, chr_body *b, int gzip);
void reply_error(struct reqinfo *ri, int status, const char *param,
                 const char *msg);
/* Answer ri with feed for f of s, rendering off the loop when it is not
 * ready (render_feed with the server's renderer); takes f's strings. */
void server_feed(struct reqinfo *ri, chr_snap *s, chr_feed feed,
                 chr_filter *f, int gzip);

/* ---- render.c: filtered feeds rendered on worker threads (a few, a
 * bounded number of jobs and waiting requests); the loop keeps the result
 * in the snapshot's cache and answers the requests that waited. */
struct renderer;
/* Start the workers, waking base's loop.  NULL when they cannot start
 * (then render_feed renders on the loop). */
struct renderer *render_new(struct event_base *base);
/* Answer ri with feed for f of snapshot s: at once from the prebuilt
 * bodies or the cache, or once a worker rendered it (503 with Retry-After
 * when too much is waiting already).  Takes the filter's strings (f is
 * left cleared).  Exactly one reply, now or later.  r may be NULL. */
void render_feed(struct renderer *r, struct reqinfo *ri, chr_snap *s,
                 chr_feed feed, chr_filter *f, int gzip);
/* The daemon stops: no new jobs; requests waiting for one not started are
 * answered 503.  Running ones finish and are answered. */
void render_stop(struct renderer *r);
/* Is a job running, or done and not yet answered? */
int render_busy(struct renderer *r);
/* After evhttp_free; NULL is a no-op. */
void render_free(struct renderer *r);

/* ---- versions.c: the history of corpus versions in the state folder
 * and the routes that read it (/versions, /diff, /timeline.json and
 * /timeline.ics with ?version=).  Old versions are loaded and diffed on
 * a worker thread; a request waiting for one is answered when it is done.
 */
struct versions;
/* Open the state folder (NULL: CORPUS/.chronicle) and read its history.
 * Trouble with the folder is logged and kept for /healthz (the daemon
 * serves without a history); NULL only when out of memory. */
struct versions *versions_open(const char *state, const char *corpus);
/* Start the worker, waking base's loop.  0 or -1. */
int versions_start(struct versions *v, struct event_base *base);
/* The daemon stops (loop thread): no job starts any more, requests
 * waiting for one that has not started are answered 503, and a build that
 * reaches versions_built from now on is not recorded. */
void versions_stop(struct versions *v);
/* Is the worker in the middle of a job? */
int versions_busy(struct versions *v);
/* After evhttp_free (waiting requests are gone with their connections). */
void versions_free(struct versions *v);
/* A chr_snap_prepare_fn (ctx: the versions): gives the new chronology
 * the ids, SEQUENCE and LAST-MODIFIED its events had in the newest
 * version, so calendars update events in place. */
int versions_prepare(void *ctx, chr_chron *c, chr_error *err);
/* The snapshot built from a prepared chronology (not yet shared): make
 * its Last-Modified follow the newest version's (chr_snap_follow), record
 * it in the state folder (a new corpus version only) and make it the
 * newest version. */
void versions_built(void *ctx, chr_snap *s);
/* Versions on disk; the state folder's error into error ("" when fine). */
size_t versions_health(struct versions *v, char *error, size_t cap);
/* Does a feed query ask for an older version (a "version" parameter)? */
int versions_wanted(const char *query);
/* Answer ri (route /versions, /diff, or a feed with ?version=). */
void versions_handle(struct versions *v, struct reqinfo *ri, const char *query);

/* Build the first snapshot, listen and run until SIGINT/SIGTERM.  Returns
 * an exit code. */
int server_run(const struct config *cfg);

#endif
