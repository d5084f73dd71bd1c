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
void log_line(const char *level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void log_access(const char *method, const char *path, int status,
                size_t bytes, double seconds);
uint64_t log_dropped(void);
/* A chr_report_fn: logs a file the corpus build left out. */
void log_report_file(void *ctx, const chr_error *e);
/* Copy [s, s+len) into dst (cap bytes, NUL-terminated) with control bytes,
 * bytes above 0x7E, '"' and '\\' written as \xHH; returns the length. */
size_t log_escape(char *dst, size_t cap, const char *s, size_t len);

/* ---- metrics.c: counters for /metrics; loop thread only. */
enum route {
    ROUTE_TIMELINE_JSON, ROUTE_TIMELINE_ICS, ROUTE_EVENTS, ROUTE_DOCUMENTS,
    ROUTE_HEALTHZ, ROUTE_METRICS, ROUTE_OTHER, ROUTE_COUNT
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
};
const char *route_name(enum route r);
void metrics_request(struct metrics *m, enum route r, int status,
                     double seconds, size_t bytes);
void metrics_build(struct metrics *m, int ok, double seconds);
/* Prometheus text exposition into a malloc'd buffer (caller frees). */
char *metrics_render(const struct metrics *m, const chr_snap *live,
                     size_t connections, size_t *len);

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
int build_busy(struct builder *b);
/* Stop the worker (waits for a running build), free what is left. */
void build_free(struct builder *b);

/* ---- server.c */
/* Build the first snapshot, listen and run until SIGINT/SIGTERM.  Returns
 * an exit code. */
int server_run(const struct config *cfg);

#endif
