/*
 * metrics.h - counters for /metrics, by route and status, and their
 * Prometheus text.  Loop thread only.
 */
#ifndef CHRONICLED_METRICS_H
#define CHRONICLED_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/snap.h"

/* The routes requests are counted by (the label values of "path"). */
enum route {
    ROUTE_TIMELINE_JSON, ROUTE_TIMELINE_ICS, ROUTE_EVENTS, ROUTE_DOCUMENTS,
    ROUTE_HEALTHZ, ROUTE_METRICS, ROUTE_PAGE, ROUTE_VERSIONS, ROUTE_DIFF,
    ROUTE_OTHER, ROUTE_COUNT
};

#define METRICS_NSTATUS 16
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
    uint64_t write_timeouts;    /* clients that stopped taking a reply */
    uint64_t builds_abandoned;  /* builds given up on (--build-stall) */
    uint64_t docs_read, docs_reused;   /* by the builds: read, or taken
                                          unchanged from the last build */
};

/* The label of r ("/timeline.json", "page", "other" ...). */
const char *route_name(enum route r);
void metrics_request(struct metrics *m, enum route r, int status,
                     double seconds, size_t bytes);
void metrics_build(struct metrics *m, int ok, double seconds);
void metrics_documents(struct metrics *m, size_t read, size_t reused);
/* Prometheus text exposition into a malloc'd buffer (caller frees); live
 * may be NULL; build_idle: seconds since the running build last finished
 * a document (0: none runs).  NULL when out of memory. */
char *metrics_render(const struct metrics *m, const chr_snap *live,
                     size_t connections, double build_idle, size_t *len);

#endif
