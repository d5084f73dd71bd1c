/* server.c - the HTTP side of chronicled: routes, replies from prebuilt
 * snapshot bodies, conditional requests, reload wiring, clean shutdown. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/inotify.h>
#endif

#include <netinet/in.h>
#include <arpa/inet.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/thread.h>

#include "chronicle/filter.h"
#include "chronicle/query.h"
#include "chronicle/snap.h"
#include "chronicle/webjson.h"
#include "build.h"
#include "conn.h"
#include "log.h"
#include "metrics.h"
#include "page.h"
#include "render.h"
#include "reply.h"
#include "server.h"
#include "versions.h"
#include "work.h"

/* Corpus changes come in bursts (an editor saves, a sync tool copies a
 * folder): wait for this quiet time before building. */
#define DEBOUNCE_MS 200
/* Without a usable watch, look at the folder this often. */
#define FALLBACK_POLL_S 2.0
/* After SIGINT/SIGTERM, replies already handed to libevent get this long
 * to drain before the loop ends. */
#define DRAIN_MS 250
/* Worker threads: a build, two renders, a load or diff of an old version
 * at once. */
#define WORK_THREADS 4
struct server {
    struct config cfg;
    struct event_base *base;
    struct evhttp *http;
    struct evhttp_bound_socket *bound;
    struct builder *build;
    chr_snap *live;
    struct page *page;          /* the browser page and its files */
    struct versions *versions;  /* the history of corpus versions */
    struct metrics metrics;
    struct replies replies;     /* what every reply needs */
    struct conns *conns;        /* client connections */
    struct work *work;          /* the worker threads and their queue */
    struct event *sig_int, *sig_term, *sig_hup;
    struct event *debounce, *poll, *drain;
    struct event *watch_ev;
    int watch_fd, watch_wd;
    int stopping;
    /* health */
    int64_t started, loaded, last_reload;
    int last_ok;
    char last_error[512];
    double last_build_s;
    uint64_t reloads, failures;
};

/* ---- handlers ---- */

static void handle_feed(struct server *srv, struct request *ri, chr_feed feed, const char *query)
{
    chr_filter f;
    chr_error err;
    chr_filter_init(&f);
    chr_error_clear(&err);
    unsigned allow = feed == CHR_FEED_JSON
                     ? CHR_FILTER_PAGING | CHR_FILTER_FORMAT : 0;
    size_t qlen = query != NULL ? strlen(query) : 0;
    if (chr_filter_parse(&f, query, qlen, allow, &err) != 0) {
        reply_error(ri, 400, err.file[0] ? err.file : NULL, err.msg);
        return;
    }
    render_feed(srv->work, ri, srv->live, feed, &f, request_gzip(ri));
}

static int is_event_id(const char *s)
{
    size_t i = 0;
    for (; s[i] != '\0'; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return i == 16;
}

static void handle_event(struct server *srv, struct request *ri, const char *id)
{
    if (!is_event_id(id)) {
        reply_error(ri, 404, NULL,
                    "no such event; expected /events/ID with a 16-digit "
                    "lowercase hex id");
        return;
    }
    chr_error err;
    chr_error_clear(&err);
    int gz = request_gzip(ri);
    chr_body *b = NULL;
    int rc = chr_snap_event(srv->live, id, gz, &b, &err);
    if (rc == CHR_ENOTFOUND) {
        reply_error(ri, 404, NULL, "no event with this id in the current "
                    "corpus version");
        return;
    }
    if (rc != 0) {
        reply_error(ri, 500, NULL, err.msg);
        return;
    }
    reply_body(ri, b, gz);
}

static void handle_health(struct server *srv, struct request *ri)
{
    const chr_chron *c = chr_snap_chron(srv->live);
    chr_health hl = {
        .version = chr_snap_version(srv->live),
        .documents = chr_chron_doc_count(c),
        .events = chr_chron_event_count(c),
        .generated = chr_chron_generated(c),
        .started = srv->started,
        .loaded = srv->loaded,
        .last_reload = srv->last_reload,
        .last_ok = srv->last_ok,
        .last_error = srv->last_ok ? NULL : srv->last_error,
        .last_build_ms = srv->last_build_s * 1000.0,
        .reloads = srv->reloads,
        .failures = srv->failures,
        .skipped = chr_snap_skipped(srv->live),
        .building = build_busy(srv->build),
    };
    char state_error[640];
    hl.versions = versions_health(srv->versions, state_error,
                                  sizeof state_error);
    hl.state_error = state_error[0] ? state_error : NULL;
    size_t len = 0;
    char *body = chr_webjson_health(&hl, &len);
    if (body == NULL) {
        reply_error(ri, 500, NULL, "out of memory");
        return;
    }
    reply_bytes(ri, 200, REPLY_JSON, body, len);
}

static void handle_metrics(struct server *srv, struct request *ri)
{
    size_t len = 0;
    char *body = metrics_render(&srv->metrics, srv->live,
                                conns_open(srv->conns), &len);
    if (body == NULL) {
        reply_error(ri, 500, NULL, "out of memory");
        return;
    }
    reply_bytes(ri, 200, REPLY_METRICS, body, len);
}

/* The page and its files: prebuilt bodies like the feeds (validators,
 * 304, gzip, HEAD), plus the page's security headers.  The query string
 * is the page's own business (its filters), so it is not looked at. */
static void handle_page(struct server *srv, struct request *ri, const char *path)
{
    chr_body *b = page_body(srv->page, path);
    if (b == NULL) {
        reply_error(ri, 404, NULL, "no such resource");
        return;
    }
    page_headers(evhttp_request_get_output_headers(ri->req));
    reply_body(ri, b, request_gzip(ri));
}

static const char *method_name(enum evhttp_cmd_type t)
{
    switch (t) {
    case EVHTTP_REQ_GET: return "GET";
    case EVHTTP_REQ_POST: return "POST";
    case EVHTTP_REQ_HEAD: return "HEAD";
    case EVHTTP_REQ_PUT: return "PUT";
    case EVHTTP_REQ_DELETE: return "DELETE";
    case EVHTTP_REQ_OPTIONS: return "OPTIONS";
    case EVHTTP_REQ_TRACE: return "TRACE";
    case EVHTTP_REQ_CONNECT: return "CONNECT";
    case EVHTTP_REQ_PATCH: return "PATCH";
    }
    return "OTHER";
}

static enum route route_of(const char *path, const char **id)
{
    *id = NULL;
    if (path == NULL)
        return ROUTE_OTHER;
    if (strcmp(path, "/timeline.json") == 0)
        return ROUTE_TIMELINE_JSON;
    if (strcmp(path, "/timeline.ics") == 0)
        return ROUTE_TIMELINE_ICS;
    if (strcmp(path, "/documents") == 0)
        return ROUTE_DOCUMENTS;
    if (strcmp(path, "/healthz") == 0)
        return ROUTE_HEALTHZ;
    if (strcmp(path, "/metrics") == 0)
        return ROUTE_METRICS;
    if (strcmp(path, "/versions") == 0)
        return ROUTE_VERSIONS;
    if (strcmp(path, "/diff") == 0)
        return ROUTE_DIFF;
    if (strncmp(path, "/events/", 8) == 0) {
        *id = path + 8;
        return ROUTE_EVENTS;
    }
    if (page_route(path) >= 0)
        return ROUTE_PAGE;
    return ROUTE_OTHER;
}

static void on_request(struct evhttp_request *req, void *arg)
{
    struct server *srv = arg;
    struct request ri = {req, &srv->replies, ROUTE_OTHER, "OTHER", 0, reply_clock()};
    enum evhttp_cmd_type cmd = evhttp_request_get_command(req);
    ri.method = method_name(cmd);
    ri.head = cmd == EVHTTP_REQ_HEAD;

    int over = conns_request(srv->conns, req) != 0;
    if (over) {
        evhttp_add_header(evhttp_request_get_output_headers(req),
                          "Connection", "close");
        reply_busy(&ri, "too many connections; try again");
        return;
    }

    const char *uri = evhttp_request_get_uri(req);
    if (uri == NULL || strlen(uri) > srv->cfg.max_uri) {
        reply_error(&ri, 414, NULL, "request target too long");
        return;
    }
    const struct evhttp_uri *u = evhttp_request_get_evhttp_uri(req);
    const char *path = u != NULL ? evhttp_uri_get_path(u) : NULL;
    const char *query = u != NULL ? evhttp_uri_get_query(u) : NULL;
    const char *id;
    ri.route = route_of(path, &id);
    if (ri.route == ROUTE_OTHER) {
        reply_error(&ri, 404, NULL, "no such resource; expected "
                    "/ (the page), /timeline.json, /timeline.ics, "
                    "/events/ID, /documents, /versions, /diff, /healthz "
                    "or /metrics");
        return;
    }
    if (cmd != EVHTTP_REQ_GET && cmd != EVHTTP_REQ_HEAD) {
        evhttp_add_header(evhttp_request_get_output_headers(req), "Allow",
                          "GET, HEAD");
        reply_error(&ri, 405, NULL, "method not allowed; expected GET or "
                    "HEAD");
        return;
    }
    switch (ri.route) {
    case ROUTE_TIMELINE_JSON:
    case ROUTE_TIMELINE_ICS:
        if (chr_query_has_param(query, "version"))
            versions_timeline(srv->versions, &ri,
                              ri.route == ROUTE_TIMELINE_JSON ? CHR_FEED_JSON
                                                              : CHR_FEED_ICS,
                              query);
        else
            handle_feed(srv, &ri, ri.route == ROUTE_TIMELINE_JSON ? CHR_FEED_JSON
                                                              : CHR_FEED_ICS,
                        query);
        return;
    case ROUTE_VERSIONS:
        versions_list(srv->versions, &ri, query);
        return;
    case ROUTE_DIFF:
        versions_diff(srv->versions, &ri, query);
        return;
    case ROUTE_DOCUMENTS:
        handle_feed(srv, &ri, CHR_FEED_DOCUMENTS, NULL);
        return;
    case ROUTE_EVENTS:
        handle_event(srv, &ri, id);
        return;
    case ROUTE_HEALTHZ:
        handle_health(srv, &ri);
        return;
    case ROUTE_METRICS:
        handle_metrics(srv, &ri);
        return;
    case ROUTE_PAGE:
        handle_page(srv, &ri, path);
        return;
    case ROUTE_OTHER:
    case ROUTE_COUNT:
        break;
    }
    reply_error(&ri, 404, NULL, "no such resource");
}

/* ---- reloads ---- */

/* A build ended (build.h): swap the new version in, or keep the old one. */
static void on_built(void *arg, struct build_result *res)
{
    struct server *srv = arg;
    struct build_result r = *res;
    srv->last_reload = r.finished;
    srv->last_build_s = r.seconds;
    metrics_build(&srv->metrics, r.snap != NULL, r.seconds);
    if (r.snap == NULL) {
        /* The old version stays live. */
        char file[300], msg[400];
        srv->failures++;
        srv->last_ok = 0;
        snprintf(srv->last_error, sizeof srv->last_error, "%s%s%s: %s",
                 r.err.file, r.err.file[0] ? ": " : "",
                 chr_status_str(r.err.code), r.err.msg);
        log_escape(file, sizeof file, r.err.file, strlen(r.err.file));
        log_escape(msg, sizeof msg, r.err.msg, strlen(r.err.msg));
        log_line("error", "reload failed, keeping version=%.16s "
                 "file=\"%s\" error=\"%s: %s\"", chr_snap_version(srv->live),
                 file, chr_status_str(r.err.code), msg);
        return;
    }
    chr_snap_set_cache(r.snap, srv->cfg.cache_entries, srv->cfg.cache_bytes);
    chr_snap *old = srv->live;
    srv->live = r.snap;
    chr_snap_unref(old);        /* freed when in-flight replies finish */
    srv->reloads++;
    srv->last_ok = 1;
    srv->last_error[0] = '\0';
    srv->loaded = (int64_t)time(NULL);
    const chr_chron *c = chr_snap_chron(srv->live);
    log_line("info", "reloaded version=%.16s documents=%zu events=%zu "
             "skipped=%zu ms=%.1f", chr_snap_version(srv->live),
             chr_chron_doc_count(c), chr_chron_event_count(c),
             chr_snap_skipped(srv->live), r.seconds * 1000.0);
}

static void on_debounce(evutil_socket_t fd, short what, void *arg)
{
    struct server *srv = arg;
    (void)fd;
    (void)what;
    build_request(srv->build, 1);
}

static void watch_close(struct server *srv)
{
    if (srv->watch_ev != NULL) {
        event_free(srv->watch_ev);
        srv->watch_ev = NULL;
    }
    if (srv->watch_fd >= 0)
        close(srv->watch_fd);
    srv->watch_fd = -1;
}

#ifdef __linux__
static void on_watch(evutil_socket_t fd, short what, void *arg)
{
    struct server *srv = arg;
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    int lost = 0;
    (void)what;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            if (ev->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF))
                lost = 1;
            p += sizeof *ev + ev->len;
        }
    }
    struct timeval tv = {0, DEBOUNCE_MS * 1000};
    evtimer_add(srv->debounce, &tv);
    if (lost) {
        /* The folder itself went away or moved: the watch now follows the
         * wrong inode.  Poll the path until it can be watched again. */
        log_line("warn", "corpus folder moved or removed; polling it");
        watch_close(srv);
        if (srv->cfg.poll <= 0) {
            struct timeval pt = {(time_t)FALLBACK_POLL_S, 0};
            event_add(srv->poll, &pt);
        }
    }
}
#endif

/* Watch the corpus folder; returns 0 or -1 (then polling covers it). */
static int watch_open(struct server *srv)
{
#ifdef __linux__
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0)
        return -1;
    int wd = inotify_add_watch(fd, srv->cfg.corpus,
                               IN_CLOSE_WRITE | IN_CREATE | IN_DELETE |
                               IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB |
                               IN_MODIFY | IN_DELETE_SELF | IN_MOVE_SELF |
                               IN_ONLYDIR);
    if (wd < 0) {
        close(fd);
        return -1;
    }
    srv->watch_ev = event_new(srv->base, fd, EV_READ | EV_PERSIST, on_watch,
                              srv);
    if (srv->watch_ev == NULL || event_add(srv->watch_ev, NULL) != 0) {
        if (srv->watch_ev != NULL)
            event_free(srv->watch_ev);
        srv->watch_ev = NULL;
        close(fd);
        return -1;
    }
    srv->watch_fd = fd;
    srv->watch_wd = wd;
    return 0;
#else
    (void)srv;
    return -1;
#endif
}

static void on_poll(evutil_socket_t fd, short what, void *arg)
{
    struct server *srv = arg;
    (void)fd;
    (void)what;
    build_request(srv->build, 0);
    /* Fallback polling ends once the folder can be watched again. */
    if (srv->cfg.poll <= 0 && srv->watch_fd < 0 && watch_open(srv) == 0) {
        log_line("info", "watching the corpus folder again");
        event_del(srv->poll);
    }
}

/* ---- signals and shutdown ---- */

/* After SIGINT/SIGTERM, how often to look whether the workers are idle. */
#define IDLE_POLL_MS 50
/* A second signal: what the log thread gets to write out before _exit. */
#define EXIT_FLUSH_MS 200

/* Replies in flight have had their moment: end the loop once no worker is
 * in the middle of something (they were all told to stop, so this is
 * soon), so that teardown joins threads that have nothing left to do and
 * nothing is recorded after "stopped". */
static void on_drained(evutil_socket_t fd, short what, void *arg)
{
    struct server *srv = arg;
    (void)fd;
    (void)what;
    if (work_busy(srv->work)) {
        struct timeval tv = {0, IDLE_POLL_MS * 1000};
        evtimer_add(srv->drain, &tv);
        return;
    }
    event_base_loopbreak(srv->base);
}

static void on_stop(evutil_socket_t sig, short what, void *arg)
{
    struct server *srv = arg;
    (void)what;
    if (srv->stopping) {
        /* Whatever is still running (a document that takes long to read,
         * a diff, a rendering) is abandoned.  The state folder's files are
         * written aside and renamed into place: at worst a temporary file
         * is left, never a half-written version. */
        log_line("info", "second signal %d: exiting now", (int)sig);
        log_flush_for_exit(EXIT_FLUSH_MS);
        _exit(EXIT_FAIL);
    }
    srv->stopping = 1;
    srv->replies.stopping = 1;
    log_line("info", "signal %d: stopping", (int)sig);
    /* A build in progress ends at its next check, unrecorded. */
    build_cancel(srv->build);
    /* Jobs not started are dropped, their requests answered. */
    work_stop(srv->work);
    /* No new connections; replies in flight get a moment to drain. */
    if (srv->bound != NULL) {
        conns_stop(srv->conns);
        evhttp_del_accept_socket(srv->http, srv->bound);
        srv->bound = NULL;
    }
    struct timeval tv = {0, DRAIN_MS * 1000};
    evtimer_add(srv->drain, &tv);
}

static void on_hup(evutil_socket_t sig, short what, void *arg)
{
    struct server *srv = arg;
    (void)sig;
    (void)what;
    log_line("info", "SIGHUP: reloading");
    build_request(srv->build, 1);
}

/* ---- setup ---- */

static int bound_port(struct evhttp_bound_socket *bound, char *addr,
                      size_t cap)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    evutil_socket_t fd = evhttp_bound_socket_get_fd(bound);
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0)
        return -1;
    char host[INET6_ADDRSTRLEN] = "?";
    int port = -1;
    if (ss.ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
        port = ntohs(in->sin_port);
        snprintf(addr, cap, "%s:%d", host, port);
    } else if (ss.ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&ss;
        inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
        port = ntohs(in6->sin6_port);
        snprintf(addr, cap, "[%s]:%d", host, port);
    }
    return port;
}

/* The loop and the worker threads, before the first build: the build
 * lane records it through them. */
static int start_workers(struct server *srv)
{
    /* Every reply turns reading off and on and writing on and off for its
     * socket within one loop turn: four epoll_ctl calls per request, two
     * with the changelist, which sends only the net change.  (It misreads
     * descriptors shared through dup(); none are here.) */
    struct event_config *ecfg = event_config_new();
    if (ecfg != NULL) {
        event_config_set_flag(ecfg, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
        srv->base = event_base_new_with_config(ecfg);
        event_config_free(ecfg);
    }
    if (srv->base == NULL)
        srv->base = event_base_new();
    if (srv->base == NULL) {
        log_line("error", "cannot create the event loop");
        return -1;
    }
    srv->work = work_new(srv->base, WORK_THREADS);
    if (srv->work == NULL) {
        log_line("error", "cannot start the worker threads");
        return -1;
    }
    srv->versions = versions_open(srv->cfg.state, srv->cfg.corpus);
    if (srv->versions != NULL)
        srv->build = build_new(srv->work, srv->versions, srv->cfg.corpus,
                               on_built, srv);
    if (srv->build == NULL) {
        log_line("error", "out of memory");
        return -1;
    }
    versions_start(srv->versions, srv->work);
    return 0;
}

static int setup(struct server *srv)
{
    srv->http = evhttp_new(srv->base);
    if (srv->http != NULL)
        srv->conns = conns_new(srv->base, srv->http, &srv->metrics,
                               srv->cfg.max_conns, srv->cfg.timeout);
    srv->sig_int = evsignal_new(srv->base, SIGINT, on_stop, srv);
    srv->sig_term = evsignal_new(srv->base, SIGTERM, on_stop, srv);
    srv->sig_hup = evsignal_new(srv->base, SIGHUP, on_hup, srv);
    srv->debounce = evtimer_new(srv->base, on_debounce, srv);
    srv->poll = event_new(srv->base, -1, EV_PERSIST, on_poll, srv);
    srv->drain = evtimer_new(srv->base, on_drained, srv);
    srv->page = page_new();
    if (srv->conns == NULL || srv->http == NULL || srv->sig_int == NULL ||
        srv->sig_term == NULL || srv->sig_hup == NULL ||
        srv->debounce == NULL || srv->poll == NULL || srv->drain == NULL ||
        srv->page == NULL || event_add(srv->sig_int, NULL) != 0 ||
        event_add(srv->sig_term, NULL) != 0 ||
        event_add(srv->sig_hup, NULL) != 0) {
        log_line("error", "out of resources setting up the server");
        return -1;
    }

    evhttp_set_gencb(srv->http, on_request, srv);
    /* Every method reaches on_request, so the 405 carries Allow and a JSON
     * body. */
    evhttp_set_allowed_methods(srv->http,
                               EVHTTP_REQ_GET | EVHTTP_REQ_POST |
                               EVHTTP_REQ_HEAD | EVHTTP_REQ_PUT |
                               EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS |
                               EVHTTP_REQ_TRACE | EVHTTP_REQ_CONNECT |
                               EVHTTP_REQ_PATCH);
    evhttp_set_max_headers_size(srv->http, (ev_ssize_t)srv->cfg.max_header);
    evhttp_set_max_body_size(srv->http, (ev_ssize_t)srv->cfg.max_body);
    evhttp_set_timeout(srv->http, srv->cfg.timeout);

    srv->bound = evhttp_bind_socket_with_handle(srv->http, srv->cfg.host,
                                                (ev_uint16_t)srv->cfg.port);
    if (srv->bound == NULL) {
        char host[600];
        log_escape(host, sizeof host, srv->cfg.host, strlen(srv->cfg.host));
        log_line("error", "cannot listen on %s port %d: %s", host,
                 srv->cfg.port, strerror(errno));
        return -1;
    }
    conns_listen(srv->conns, srv->bound);
    char addr[300] = "?";
    bound_port(srv->bound, addr, sizeof addr);
    log_line("info", "listening on http://%s/ corpus version=%.16s "
             "documents=%zu events=%zu", addr, chr_snap_version(srv->live),
             chr_chron_doc_count(chr_snap_chron(srv->live)),
             chr_chron_event_count(chr_snap_chron(srv->live)));

    if (srv->cfg.poll > 0) {
        struct timeval pt = {(time_t)srv->cfg.poll,
                             (suseconds_t)((srv->cfg.poll -
                                            (double)(time_t)srv->cfg.poll) *
                                           1e6)};
        event_add(srv->poll, &pt);
    } else if (watch_open(srv) != 0) {
        log_line("warn", "cannot watch the corpus folder (%s); polling "
                 "every %.0f s", strerror(errno), FALLBACK_POLL_S);
        struct timeval pt = {(time_t)FALLBACK_POLL_S, 0};
        event_add(srv->poll, &pt);
    }
    return 0;
}

static void teardown(struct server *srv)
{
    /* evhttp_free closes the connections, which drops their records. */
    if (srv->http != NULL)
        evhttp_free(srv->http);
    /* The workers finish what runs (a build stops at its next check) and
     * free what is left before what the jobs point into goes. */
    if (srv->build != NULL)
        build_cancel(srv->build);
    work_free(srv->work);
    build_free(srv->build);
    versions_free(srv->versions);
    watch_close(srv);
    struct event *evs[] = {srv->sig_int, srv->sig_term, srv->sig_hup,
                           srv->debounce, srv->poll, srv->drain};
    for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++)
        if (evs[i] != NULL)
            event_free(evs[i]);
    chr_snap_unref(srv->live);
    page_free(srv->page);
    conns_free(srv->conns);
    if (srv->base != NULL)
        event_base_free(srv->base);
}

/* Until the loop handles signals, SIGINT/SIGTERM only set this; the first
 * build checks it between documents.  A second one ends the process. */
static volatile sig_atomic_t early_stop;

static void on_early_signal(int sig)
{
    (void)sig;
    if (early_stop)
        _exit(EXIT_FAIL);
    early_stop = 1;
}

int server_run(const struct config *cfg)
{
    struct server srv;
    memset(&srv, 0, sizeof srv);
    srv.cfg = *cfg;
    srv.replies = (struct replies){&srv.metrics, cfg->quiet, cfg->max_age, 0};
    srv.watch_fd = -1;
    srv.started = (int64_t)time(NULL);

    /* libevent's own warnings go to our log: never blocking, rate
     * limited (a failing accept() used to warn in a tight loop). */
    event_set_log_callback(log_libevent);
    /* The worker threads wake the loop with event_active. */
    if (evthread_use_pthreads() != 0) {
        log_line("error", "libevent has no pthreads support");
        return EXIT_FAIL;
    }
    /* Writes to a client that went away must not kill the daemon. */
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_early_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    if (start_workers(&srv) != 0) {
        teardown(&srv);
        return EXIT_FAIL;
    }
    struct build_result r;
    build_first(srv.build, &early_stop, &r);
    if (early_stop) {
        /* Stopped before serving: nothing is recorded. */
        chr_snap_unref(r.snap);
        teardown(&srv);
        log_line("info", "stopped before the first build was done");
        return EXIT_OK;
    }
    if (r.snap == NULL) {
        char file[600], msg[400];
        log_escape(file, sizeof file, r.err.file, strlen(r.err.file));
        log_escape(msg, sizeof msg, r.err.msg, strlen(r.err.msg));
        log_line("error", "cannot build the corpus file=\"%s\" error=\"%s: "
                 "%s\"", file, chr_status_str(r.err.code), msg);
        teardown(&srv);
        return EXIT_FAIL;
    }
    srv.live = r.snap;
    chr_snap_set_cache(srv.live, cfg->cache_entries, cfg->cache_bytes);
    srv.last_build_s = r.seconds;
    srv.last_ok = 1;
    srv.last_reload = srv.loaded = (int64_t)time(NULL);
    metrics_build(&srv.metrics, 1, srv.last_build_s);

    int rc = EXIT_OK;
    if (setup(&srv) != 0)
        rc = EXIT_FAIL;
    else if (early_stop)        /* between the build and the loop's handlers */
        on_stop(SIGTERM, 0, &srv);
    else if (event_base_dispatch(srv.base) < 0)
        rc = EXIT_FAIL;
    teardown(&srv);
    libevent_global_shutdown();
    /* Only now: the threads are joined, nothing happens after this line. */
    log_line("info", "stopped");
    return rc;
}
