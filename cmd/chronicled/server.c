/* server.c - chronicled wired together: the loop and its worker threads,
 * the first build, the listener, reloads (watching the corpus folder and
 * swapping each new version in), signals and a clean stop. */
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
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

#include <event2/event.h>
#include <event2/http.h>

#include "chronicle/corpus.h"
#include "chronicle/snap.h"
#include "build.h"
#include "conn.h"
#include "evmem.h"
#include "log.h"
#include "metrics.h"
#include "page.h"
#include "reply.h"
#include "routes.h"
#include "server.h"
#include "versions.h"
#include "work.h"

/* Corpus changes come in bursts (an editor saves, a sync tool copies a
 * folder): wait for this quiet time before building. */
#define DEBOUNCE_MS 200
/* Without a usable watch, look at the folder this often. */
#define FALLBACK_POLL_S 2.0
/* After SIGINT/SIGTERM, the first look at what is left to drain. */
#define DRAIN_MS 50
/* libevent's own read and write timeout, for connections conn.c does
 * not count (it does the real ones). */
#define BACKSTOP_TIMEOUT_S 3600
/* Worker threads: a build, two renders, a load or diff of an old version
 * and two document reads at once. */
#define WORK_THREADS 6

struct server {
    struct config cfg;
    struct event_base *base;
    struct evhttp *http;
    struct evhttp_bound_socket *bound;
    struct site site;           /* what the routes answer from */
    struct metrics metrics;
    struct event *sig_int, *sig_term, *sig_hup;
    struct event *debounce, *poll, *drain, *watchdog;
    struct event *watch_ev;
    int watch_fd, watch_wd;
    int stopping;
    double drain_until;         /* monotonic seconds: the grace period ends */
};

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- reloads ---- */

/* A build allocates on worker threads, in arenas of their own, and the
 * loop frees the version it replaces: without giving the free pages back,
 * every reload grows the process (a 10,000-document corpus: 93 MB, then
 * 259 MB after five reloads; 105 to 115 MB with this). */
static void give_back_memory(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

/* A build ended (build.h): swap the new version in, or keep the old one. */
static void on_built(void *arg, struct build_result *r)
{
    struct server *srv = arg;
    struct health *h = &srv->site.health;
    h->last_reload = r->finished;
    h->last_build_s = r->seconds;
    metrics_build(&srv->metrics, r->snap != NULL, r->seconds);
    if (r->snap != NULL)
        metrics_documents(&srv->metrics, r->read, r->reused);
    if (r->snap == NULL) {
        /* The old version stays live. */
        char file[300], msg[400];
        h->failures++;
        h->last_ok = 0;
        /* the file as the corpus names it: /healthz shows no paths of the
         * machine */
        const char *shown = r->err.file;
        size_t cl = strlen(srv->cfg.corpus);
        if (strncmp(shown, srv->cfg.corpus, cl) == 0 && (shown[cl] == '/' || shown[cl] == '\0'))
            shown += shown[cl] == '/' ? cl + 1 : cl;
        snprintf(h->last_error, sizeof h->last_error, "%s%s%s: %s", shown,
                 shown[0] ? ": " : "", chr_status_str(r->err.code), r->err.msg);
        snprintf(h->last_error_full, sizeof h->last_error_full, "%s%s%s: %s", r->err.file,
                 r->err.file[0] ? ": " : "", chr_status_str(r->err.code), r->err.msg);
        log_escape(file, sizeof file, r->err.file, strlen(r->err.file));
        log_escape(msg, sizeof msg, r->err.msg, strlen(r->err.msg));
        log_line("error", "reload failed, keeping version=%.16s "
                 "file=\"%s\" error=\"%s: %s\"", chr_snap_version(srv->site.live),
                 file, chr_status_str(r->err.code), msg);
        return;
    }
    chr_snap_set_cache(r->snap, srv->cfg.cache_entries, srv->cfg.cache_bytes);
    chr_snap *old = srv->site.live;
    srv->site.live = r->snap;
    r->snap = NULL;
    chr_snap_unref(old);        /* freed when in-flight replies finish */
    give_back_memory();
    h->reloads++;
    h->last_ok = 1;
    h->last_error[0] = h->last_error_full[0] = '\0';
    h->loaded = (int64_t)time(NULL);
    const chr_chron *c = chr_snap_chron(srv->site.live);
    log_line("info", "reloaded version=%.16s documents=%zu events=%zu "
             "skipped=%zu read=%zu reused=%zu ms=%.1f", chr_snap_version(srv->site.live),
             chr_chron_doc_count(c), chr_chron_event_count(c),
             chr_snap_skipped(srv->site.live), r->read, r->reused, r->seconds * 1000.0);
}

/* Every second: a build that has finished no document for --build-stall
 * seconds is given up on (build.h). */
static void on_watchdog(evutil_socket_t fd, short what, void *arg)
{
    struct server *srv = arg;
    (void)fd;
    (void)what;
    if (build_abandon(srv->site.build, srv->cfg.build_stall)) {
        srv->metrics.builds_abandoned++;
        log_line("warn", "build abandoned: no document finished for %.0f s "
                 "(--build-stall); version=%.16s stays live", srv->cfg.build_stall,
                 chr_snap_version(srv->site.live));
    }
}

static void on_debounce(evutil_socket_t fd, short what, void *arg)
{
    struct server *srv = arg;
    (void)fd;
    (void)what;
    build_request(srv->site.build, 1);
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
/* Watch every subfolder the corpus reads as well (inotify watches one
 * folder); a folder already watched keeps its watch. */
static void watch_subfolders(struct server *srv, int fd)
{
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    o.state_dir = srv->cfg.state;
    o.no_recurse = srv->cfg.no_recurse;
    char **names, path[4096];
    size_t n;
    if (chr_corpus_folders(srv->cfg.corpus, &o, &names, &n, NULL) != 0)
        return;
    for (size_t i = 0; i < n; i++)
        if ((size_t)snprintf(path, sizeof path, "%s/%s", srv->cfg.corpus, names[i]) < sizeof path)
            inotify_add_watch(fd, path, IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                                            IN_MOVED_TO | IN_ATTRIB | IN_MODIFY | IN_ONLYDIR);
    chr_corpus_names_free(names, n);
}

static void on_watch(evutil_socket_t fd, short what, void *arg)
{
    struct server *srv = arg;
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    int lost = 0, new_folder = 0;
    (void)what;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            /* a subfolder's watch ending is no loss of the corpus */
            if (ev->wd == srv->watch_wd && (ev->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)))
                lost = 1;
            if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO)))
                new_folder = 1;
            p += sizeof *ev + ev->len;
        }
    }
    if (new_folder && !lost)
        watch_subfolders(srv, fd);
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
    watch_subfolders(srv, fd);
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
    build_request(srv->site.build, 0);
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

/* After SIGINT/SIGTERM: end the loop once no reply has bytes left to send
 * and no worker is in the middle of something (they were all told to
 * stop), so that teardown joins threads that have nothing left to do and
 * nothing is recorded after "stopped".  The grace period (--grace) bounds
 * the wait: then replies still being sent are cut, and when a worker is
 * still busy (a document that takes long to read, a file system that
 * does not answer) the process exits without waiting for it. */
static void on_drained(evutil_socket_t fd, short what, void *arg)
{
    struct server *srv = arg;
    (void)fd;
    (void)what;
    int busy = work_busy(srv->site.work);
    size_t writing = conns_writing(srv->site.conns);
    if (!busy && writing == 0) {
        event_base_loopbreak(srv->base);
        return;
    }
    if (mono_now() < srv->drain_until) {
        struct timeval tv = {0, IDLE_POLL_MS * 1000};
        evtimer_add(srv->drain, &tv);
        return;
    }
    if (busy) {
        /* The state folder's files are written aside and renamed into
         * place: at worst a temporary file is left, never a half-written
         * version. */
        log_line("warn", "grace period of %.0f s over: a worker is still busy and "
                 "%zu replies unsent; exiting without them", srv->cfg.grace, writing);
        log_flush_for_exit(EXIT_FLUSH_MS);
        _exit(EXIT_OK);
    }
    log_line("warn", "grace period of %.0f s over: cutting %zu replies still being sent",
             srv->cfg.grace, writing);
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
    srv->site.replies.stopping = 1;
    log_line("info", "signal %d: stopping", (int)sig);
    /* A build in progress ends at its next check, unrecorded. */
    build_cancel(srv->site.build);
    /* Jobs not started are dropped, their requests answered. */
    work_stop(srv->site.work);
    /* No new connections; replies in flight get the grace period. */
    srv->drain_until = mono_now() + srv->cfg.grace;
    if (srv->bound != NULL) {
        conns_stop(srv->site.conns);
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
    build_request(srv->site.build, 1);
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
    srv->site.corpus = srv->cfg.corpus;
    srv->site.work = work_new(srv->base, WORK_THREADS);
    if (srv->site.work == NULL) {
        log_line("error", "cannot start the worker threads");
        return -1;
    }
    work_set_client_share(srv->site.work, srv->cfg.client_renders);
    srv->site.versions = versions_open(srv->cfg.state, srv->cfg.corpus);
    if (srv->site.versions != NULL)
        srv->site.build = build_new(srv->site.work, srv->site.versions, srv->cfg.corpus,
                               on_built, srv);
    if (srv->site.build == NULL) {
        log_line("error", "out of memory");
        return -1;
    }
    build_follow_links(srv->site.build, srv->cfg.follow_links);
    build_no_recurse(srv->site.build, srv->cfg.no_recurse);
    build_jobs(srv->site.build, srv->cfg.jobs);
    build_state_dir(srv->site.build, srv->cfg.state);
    if (build_encoding(srv->site.build, srv->cfg.encoding) != 0) {
        log_line("error", "out of memory");
        return -1;
    }
    srv->site.encoding = srv->cfg.encoding;
    versions_start(srv->site.versions, srv->site.work);
    return 0;
}

static int setup(struct server *srv)
{
    /* the state folder exists once the first build is recorded: large
     * bodies are sent from files there */
    srv->site.replies.spool = reply_spool_open(versions_state(srv->site.versions));
    srv->http = evhttp_new(srv->base);
    if (srv->http != NULL)
        srv->site.conns = conns_new(srv->base, srv->http, &srv->metrics,
                               srv->cfg.max_conns, srv->cfg.max_client_conns,
                               srv->cfg.timeout);
    srv->sig_int = evsignal_new(srv->base, SIGINT, on_stop, srv);
    srv->sig_term = evsignal_new(srv->base, SIGTERM, on_stop, srv);
    srv->sig_hup = evsignal_new(srv->base, SIGHUP, on_hup, srv);
    srv->debounce = evtimer_new(srv->base, on_debounce, srv);
    srv->poll = event_new(srv->base, -1, EV_PERSIST, on_poll, srv);
    srv->drain = evtimer_new(srv->base, on_drained, srv);
    srv->watchdog = event_new(srv->base, -1, EV_PERSIST, on_watchdog, srv);
    struct timeval second = {1, 0};
    srv->site.page = page_new();
    /* without it, every query is parsed at every request */
    srv->site.filters = routes_filters_new();
    if (srv->site.conns == NULL || srv->http == NULL || srv->sig_int == NULL ||
        srv->sig_term == NULL || srv->sig_hup == NULL ||
        srv->debounce == NULL || srv->poll == NULL || srv->drain == NULL ||
        srv->watchdog == NULL || event_add(srv->watchdog, &second) != 0 ||
        srv->site.page == NULL || event_add(srv->sig_int, NULL) != 0 ||
        event_add(srv->sig_term, NULL) != 0 ||
        event_add(srv->sig_hup, NULL) != 0) {
        log_line("error", "out of resources setting up the server");
        return -1;
    }

    /* Every reply with a body names its type; the header that carries a
     * prebuilt body's lines (reply.c) has another name, and evhttp would
     * add its default type beside it. */
    evhttp_set_default_content_type(srv->http, NULL);
    evhttp_set_gencb(srv->http, routes_request, &srv->site);
    /* Every method reaches the routes, so the 405 carries Allow and a JSON
     * body. */
    evhttp_set_allowed_methods(srv->http,
                               EVHTTP_REQ_GET | EVHTTP_REQ_POST |
                               EVHTTP_REQ_HEAD | EVHTTP_REQ_PUT |
                               EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS |
                               EVHTTP_REQ_TRACE | EVHTTP_REQ_CONNECT |
                               EVHTTP_REQ_PATCH);
    evhttp_set_max_headers_size(srv->http, (ev_ssize_t)srv->cfg.max_header);
    evhttp_set_max_body_size(srv->http, (ev_ssize_t)srv->cfg.max_body);
    /* libevent's timeouts are only a backstop, for connections conn.c
     * does not count (it takes them off those it counts): conn.c bounds
     * the time to send a request (--timeout from accept or the last
     * reply) and the time a reply may make no progress (--timeout without
     * a byte taken), which libevent's write timeout cannot tell from a
     * slow reader. */
    evhttp_set_timeout(srv->http, BACKSTOP_TIMEOUT_S);

    srv->bound = evhttp_bind_socket_with_handle(srv->http, srv->cfg.host,
                                                (ev_uint16_t)srv->cfg.port);
    if (srv->bound == NULL) {
        char host[600];
        log_escape(host, sizeof host, srv->cfg.host, strlen(srv->cfg.host));
        log_line("error", "cannot listen on %s port %d: %s", host,
                 srv->cfg.port, strerror(errno));
        return -1;
    }
    conns_listen(srv->site.conns, srv->bound);
    char addr[300] = "?";
    bound_port(srv->bound, addr, sizeof addr);
    log_line("info", "listening on http://%s/ corpus version=%.16s "
             "documents=%zu events=%zu", addr, chr_snap_version(srv->site.live),
             chr_chron_doc_count(chr_snap_chron(srv->site.live)),
             chr_chron_event_count(chr_snap_chron(srv->site.live)));

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
    if (srv->site.build != NULL)
        build_cancel(srv->site.build);
    work_free(srv->site.work);
    build_free(srv->site.build);
    versions_free(srv->site.versions);
    watch_close(srv);
    struct event *evs[] = {srv->sig_int, srv->sig_term, srv->sig_hup,
                           srv->debounce, srv->poll, srv->drain, srv->watchdog};
    for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++)
        if (evs[i] != NULL)
            event_free(evs[i]);
    chr_snap_unref(srv->site.live);
    page_free(srv->site.page);
    routes_filters_free(srv->site.filters);
    conns_free(srv->site.conns);
    if (srv->site.replies.spool >= 0)
        close(srv->site.replies.spool);
    if (srv->base != NULL)
        event_base_free(srv->base);
    /* what this thread kept of libevent's memory */
    evmem_release();
}

/* Until the loop handles signals, SIGINT/SIGTERM only set this; the first
 * build checks it between documents.  A second one ends the process, and
 * so does the end of the grace period (a document that takes long to
 * read is not waited for). */
static atomic_int early_stop;   /* lock-free, so safe in a handler */
static unsigned early_grace;    /* --grace, whole seconds */

static void on_early_grace(int sig)
{
    static const char msg[] = "chronicled: grace period over during the first build; "
                              "exiting\n";
    (void)sig;
    ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)w;
    _exit(EXIT_OK);
}

static void on_early_signal(int sig)
{
    (void)sig;
    if (atomic_exchange(&early_stop, 1))
        _exit(EXIT_FAIL);
    alarm(early_grace);
}

int server_run(const struct config *cfg)
{
    struct server srv;
    memset(&srv, 0, sizeof srv);
    srv.cfg = *cfg;
    srv.site.replies = (struct replies){&srv.metrics, cfg->quiet, cfg->max_age, 0,
                                        srv.cfg.origins, cfg->norigins, -1};
    srv.site.loopback = strncmp(cfg->host, "127.", 4) == 0 || strcmp(cfg->host, "::1") == 0;
    srv.site.wildcard = strcmp(cfg->host, "0.0.0.0") == 0 || strcmp(cfg->host, "::") == 0;
    srv.site.listen_host = srv.cfg.host;
    srv.site.hosts = srv.cfg.hosts;
    srv.site.nhosts = cfg->nhosts;
    srv.site.token = cfg->token;
    srv.site.verbose_health = cfg->verbose_health;
    srv.site.build_stall = cfg->build_stall;
    srv.site.max_uri = cfg->max_uri;
    srv.watch_fd = -1;
    srv.site.health.started = (int64_t)time(NULL);

    /* Before any other libevent call: all its memory comes from there. */
    evmem_install();
    /* libevent's own warnings go to our log: never blocking, rate
     * limited (a failing accept() used to warn in a tight loop). */
    event_set_log_callback(log_libevent);
    /* libevent runs without its locks: only the loop thread calls it
     * (the workers wake the loop through a pipe, work.c). */
    /* Writes to a client that went away must not kill the daemon. */
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_early_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    early_grace = cfg->grace >= 1 ? (unsigned)cfg->grace : 1;
    sa.sa_handler = on_early_grace;
    sigaction(SIGALRM, &sa, NULL);

    if (start_workers(&srv) != 0) {
        teardown(&srv);
        return EXIT_FAIL;
    }
    /* the calendar links each event to the page, when its address is
     * known before the first build (not with a port picked at bind time:
     * the feed would change across restarts) */
    if (cfg->port != 0) {
        char url[300];
        snprintf(url, sizeof url, strchr(cfg->host, ':') ? "http://[%s]:%d/" : "http://%s:%d/",
                 cfg->host, cfg->port);
        chr_snap_set_page_url(url);
    }
    struct build_result r;
    build_first(srv.site.build, &early_stop, &r);
    alarm(0);                   /* the loop's grace period takes over */
    if (atomic_load(&early_stop)) {
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
    srv.site.live = r.snap;
    give_back_memory();
    chr_snap_set_cache(srv.site.live, cfg->cache_entries, cfg->cache_bytes);
    srv.site.health.last_build_s = r.seconds;
    srv.site.health.last_ok = 1;
    srv.site.health.last_reload = srv.site.health.loaded = (int64_t)time(NULL);
    metrics_build(&srv.metrics, 1, srv.site.health.last_build_s);
    metrics_documents(&srv.metrics, r.read, r.reused);

    int rc = EXIT_OK;
    if (setup(&srv) != 0)
        rc = EXIT_FAIL;
    else if (early_stop)        /* between the build and the loop's handlers */
        on_stop(SIGTERM, 0, &srv);
    else if (event_base_dispatch(srv.base) < 0)
        rc = EXIT_FAIL;
    teardown(&srv);
    libevent_global_shutdown();
    evmem_release();
    /* Only now: the threads are joined, nothing happens after this line. */
    log_line("info", "stopped");
    return rc;
}
