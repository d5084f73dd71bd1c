/* metrics.c - request, latency and reload counters in Prometheus text. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "metrics.h"
#include "procstat.h"

/* The statuses the daemon answers with; anything else counts as "other"
 * in the last column, so label values stay a fixed, small set. */
static const int statuses[METRICS_NSTATUS - 1] = {
    200, 304, 400, 404, 405, 413, 414, 500, 503, 406, 416, 409, 410, 421, 429};

static const double bounds[METRICS_NBUCKETS - 1] = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
    1.0};

const char *route_name(enum route r)
{
    static const char *const names[ROUTE_COUNT] = {
        "/timeline.json", "/timeline.ics", "/events", "/documents",
        "/healthz", "/metrics", "page", "/versions", "/diff", "other"};
    return (unsigned)r < ROUTE_COUNT ? names[r] : "other";
}

void metrics_request(struct metrics *m, enum route r, int status,
                     double seconds, size_t bytes)
{
    int col = METRICS_NSTATUS - 1;
    for (int i = 0; i < METRICS_NSTATUS - 1; i++)
        if (statuses[i] == status)
            col = i;
    if ((unsigned)r >= ROUTE_COUNT)
        r = ROUTE_OTHER;
    m->requests[r][col]++;
    int b = METRICS_NBUCKETS - 1;
    for (int i = 0; i < METRICS_NBUCKETS - 1; i++)
        if (seconds <= bounds[i]) {
            b = i;
            break;
        }
    m->latency[b]++;
    m->latency_sum += seconds;
    m->latency_count++;
    m->bytes += bytes;
}

void metrics_documents(struct metrics *m, size_t read, size_t reused)
{
    m->docs_read += read;
    m->docs_reused += reused;
}

void metrics_build(struct metrics *m, int ok, double seconds)
{
    if (ok)
        m->reloads_ok++;
    else
        m->reloads_failed++;
    m->build_sum += seconds;
    m->build_last = seconds;
    m->build_count++;
}

struct out {
    char *p;
    size_t len, cap;
    int failed;
};

static void add(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add(struct out *o, const char *fmt, ...)
{
    for (int attempt = 0; attempt < 2 && !o->failed; attempt++) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            o->failed = 1;
            return;
        }
        if ((size_t)n < o->cap - o->len) {
            o->len += (size_t)n;
            return;
        }
        size_t cap = (o->cap + (size_t)n) * 2;
        char *p = realloc(o->p, cap);
        if (p == NULL) {
            o->failed = 1;
            return;
        }
        o->p = p;
        o->cap = cap;
    }
}

char *metrics_render(const struct metrics *m, const chr_snap *live,
                     size_t connections, double build_idle, size_t *len)
{
    struct out o = {malloc(4096), 0, 4096, 0};
    if (o.p == NULL)
        return NULL;
    o.p[0] = '\0';
    add(&o, "# HELP chronicled_requests_total HTTP requests answered, by "
            "route and status.\n# TYPE chronicled_requests_total counter\n");
    for (int r = 0; r < ROUTE_COUNT; r++)
        for (int s = 0; s < METRICS_NSTATUS; s++) {
            if (m->requests[r][s] == 0)
                continue;
            char st[8];
            if (s < METRICS_NSTATUS - 1)
                snprintf(st, sizeof st, "%d", statuses[s]);
            else
                snprintf(st, sizeof st, "other");
            add(&o, "chronicled_requests_total{path=\"%s\",status=\"%s\"} "
                    "%llu\n", route_name((enum route)r), st,
                (unsigned long long)m->requests[r][s]);
        }
    add(&o, "# HELP chronicled_request_duration_seconds Time from request "
            "to reply.\n# TYPE chronicled_request_duration_seconds "
            "histogram\n");
    uint64_t cum = 0;
    for (int i = 0; i < METRICS_NBUCKETS - 1; i++) {
        cum += m->latency[i];
        add(&o, "chronicled_request_duration_seconds_bucket{le=\"%g\"} "
                "%llu\n", bounds[i], (unsigned long long)cum);
    }
    add(&o, "chronicled_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n"
            "chronicled_request_duration_seconds_sum %.9f\n"
            "chronicled_request_duration_seconds_count %llu\n",
        (unsigned long long)m->latency_count, m->latency_sum,
        (unsigned long long)m->latency_count);
    add(&o, "# HELP chronicled_response_bytes_total Body bytes sent.\n"
            "# TYPE chronicled_response_bytes_total counter\n"
            "chronicled_response_bytes_total %llu\n",
        (unsigned long long)m->bytes);
    add(&o, "# HELP chronicled_build_idle_seconds Seconds since the running build "
            "last finished a document (0: none runs); a stalled build grows it.\n"
            "# TYPE chronicled_build_idle_seconds gauge\n"
            "chronicled_build_idle_seconds %.3f\n", build_idle);
    add(&o, "# HELP chronicled_builds_abandoned_total Builds given up on after "
            "finishing no document for --build-stall seconds.\n"
            "# TYPE chronicled_builds_abandoned_total counter\n"
            "chronicled_builds_abandoned_total %llu\n",
        (unsigned long long)m->builds_abandoned);
    add(&o, "# HELP chronicled_reloads_total Corpus builds, by result.\n"
            "# TYPE chronicled_reloads_total counter\n"
            "chronicled_reloads_total{result=\"ok\"} %llu\n"
            "chronicled_reloads_total{result=\"failed\"} %llu\n",
        (unsigned long long)m->reloads_ok,
        (unsigned long long)m->reloads_failed);
    add(&o, "# HELP chronicled_build_documents_total Documents of the builds, read or "
            "taken unchanged from the build before.\n"
            "# TYPE chronicled_build_documents_total counter\n"
            "chronicled_build_documents_total{how=\"read\"} %llu\n"
            "chronicled_build_documents_total{how=\"reused\"} %llu\n",
        (unsigned long long)m->docs_read, (unsigned long long)m->docs_reused);
    add(&o, "# HELP chronicled_build_duration_seconds Time to build a "
            "snapshot.\n# TYPE chronicled_build_duration_seconds summary\n"
            "chronicled_build_duration_seconds_sum %.6f\n"
            "chronicled_build_duration_seconds_count %llu\n"
            "# HELP chronicled_last_build_duration_seconds Time the last "
            "build took.\n# TYPE chronicled_last_build_duration_seconds "
            "gauge\nchronicled_last_build_duration_seconds %.6f\n",
        m->build_sum, (unsigned long long)m->build_count, m->build_last);
    if (live != NULL) {
        const chr_chron *c = chr_snap_chron(live);
        uint64_t hits, misses;
        chr_snap_cache_stats(live, &hits, &misses);
        uint64_t bytes = 0;
        for (size_t i = 0; i < chr_chron_doc_count(c); i++)
            bytes += chr_chron_doc(c, i)->bytes;
        add(&o, "# HELP chronicled_corpus_documents Documents in the served "
                "version.\n# TYPE chronicled_corpus_documents gauge\n"
                "chronicled_corpus_documents %zu\n"
                "# HELP chronicled_corpus_bytes Bytes of the documents in the served "
                "version.\n# TYPE chronicled_corpus_bytes gauge\n"
                "chronicled_corpus_bytes %llu\n"
                "# HELP chronicled_corpus_events Events in the served "
                "version.\n# TYPE chronicled_corpus_events gauge\n"
                "chronicled_corpus_events %zu\n"
                "# HELP chronicled_cache_lookups_total Filtered responses, "
                "by cache result (served version).\n"
                "# TYPE chronicled_cache_lookups_total counter\n"
                "chronicled_cache_lookups_total{result=\"hit\"} %llu\n"
                "chronicled_cache_lookups_total{result=\"miss\"} %llu\n",
            chr_chron_doc_count(c), (unsigned long long)bytes, chr_chron_event_count(c),
            (unsigned long long)hits, (unsigned long long)misses);
    }
    add(&o, "# HELP chronicled_accept_errors_total Failed accepts (each "
            "pauses accepting a moment).\n"
            "# TYPE chronicled_accept_errors_total counter\n"
            "chronicled_accept_errors_total %llu\n"
            "# HELP chronicled_deadline_closes_total Connections closed "
            "because a request took longer than the timeout to arrive.\n"
            "# TYPE chronicled_deadline_closes_total counter\n"
            "chronicled_deadline_closes_total %llu\n"
            "# HELP chronicled_write_timeouts_total Connections closed "
            "because the client took no byte of a reply for the timeout.\n"
            "# TYPE chronicled_write_timeouts_total counter\n"
            "chronicled_write_timeouts_total %llu\n",
        (unsigned long long)m->accept_errors,
        (unsigned long long)m->deadline_closes,
        (unsigned long long)m->write_timeouts);
    add(&o, "# HELP chronicled_connections Client connections open.\n"
            "# TYPE chronicled_connections gauge\n"
            "chronicled_connections %zu\n"
            "# HELP chronicled_log_dropped_total Log lines dropped because "
            "stderr was slow.\n# TYPE chronicled_log_dropped_total counter\n"
            "chronicled_log_dropped_total %llu\n",
        connections, (unsigned long long)log_dropped());
    char self[4096];
    if (procstat_metrics(self, sizeof self) > 0)
        add(&o, "%s", self);
    if (o.failed) {
        free(o.p);
        return NULL;
    }
    *len = o.len;
    return o.p;
}
