/*
 * daemonutil.h - the harness of the end-to-end tests of chronicled
 * (test_daemon.c, test_page.c, test_daemon_versions.c): a time limit on every
 * test, the daemon binary started on a free loopback port and stopped
 * again, and a small HTTP/1.1 client that talks to it over plain sockets.
 *
 * The daemon is CHRONICLED_BIN (default build/san/chronicled); tests run
 * from the repository root.  Every wait is bounded in time and every loop
 * in count.  All functions are static inline: a test uses what it needs.
 */
#ifndef CHRONICLE_DAEMONUTIL_H
#define CHRONICLE_DAEMONUTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <arpa/inet.h>
#include <netinet/in.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "testutil.h"

#define DU_MAX_RESPONSE ((size_t)32 << 20)
#define DU_MAX_READS 1000000        /* recv calls for one response */
#define DU_LIVE 4                   /* daemons one test may run at once */
#define DU_LISTENING "listening on http://127.0.0.1:"

/* ---- processes the test started, killed if it runs out of time ---- */

/* The daemons of the running test, and a process group (the browser of
 * test_page.c), killed when the alarm goes off. */
static pid_t du_live[DU_LIVE] = {-1, -1, -1, -1};
static pid_t du_live_group = -1;

static inline void du_live_add(pid_t pid)
{
    for (size_t i = 0; i < DU_LIVE; i++)
        if (du_live[i] <= 0) {
            du_live[i] = pid;
            return;
        }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    cr_assert_fail("more than %d daemons at once", DU_LIVE);
}

static inline void du_live_remove(pid_t pid)
{
    for (size_t i = 0; i < DU_LIVE; i++)
        if (du_live[i] == pid)
            du_live[i] = -1;
}

static inline void on_alarm(int sig)
{
    for (size_t i = 0; i < DU_LIVE; i++)
        if (du_live[i] > 0)
            kill(du_live[i], SIGKILL);
    if (du_live_group > 0)
        kill(-du_live_group, SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Every test ends within this time, whatever happens.  (Criterion's own
 * .timeout leaks in the runner under LeakSanitizer, so an alarm it is.) */
static inline void bounded(void)
{
    signal(SIGALRM, on_alarm);
    alarm(240);
}

/* ---- time ---- */

static inline double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline void pause_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* ---- files and folders ---- */

/* A shell command that must succeed. */
static inline void run(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static inline void run(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    cr_assert(n >= 0 && (size_t)n < sizeof cmd, "command too long: %s", cmd);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
}

/* rm -rf of a folder the test made under /tmp/; "" is no folder. */
static inline void remove_tree(const char *dir)
{
    if (dir[0] == '\0' || strncmp(dir, "/tmp/", 5) != 0)
        return;
    cr_expect_eq(tu_rmtree(dir), 0, "rm -rf '%s'", dir);
}

static inline void copy_file(const char *from, const char *to)
{
    size_t n;
    char *data = tu_read(from, &n);
    cr_assert_not_null(data, "read %s", from);
    FILE *f = fopen(to, "wb");
    cr_assert_not_null(f, "write %s", to);
    cr_assert_eq(fwrite(data, 1, n, f), n);
    cr_assert_eq(fclose(f), 0);
    free(data);
}

/* The documents of corpus folder from (not its dot files, such as a
 * .chronicle history) into folder to, made if it is not there. */
static inline void copy_files(const char *from, const char *to)
{
    cr_assert(mkdir(to, 0755) == 0 || errno == EEXIST, "mkdir %s: %s", to,
              strerror(errno));
    DIR *d = opendir(from);
    cr_assert_not_null(d, "%s: %s", from, strerror(errno));
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char a[512], b[512];
        snprintf(a, sizeof a, "%s/%s", from, de->d_name);
        snprintf(b, sizeof b, "%s/%s", to, de->d_name);
        copy_file(a, b);
    }
    closedir(d);
}

/* A private copy of corpus folder from in a new folder under /tmp/ (its
 * name into dir), for tests that change the corpus. */
static inline void copy_corpus(const char *from, char *dir, size_t cap)
{
    snprintf(dir, cap, "/tmp/chronicled-corpus-XXXXXX");
    cr_assert_not_null(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
    copy_files(from, dir);
}

/* ---- a daemon under test ---- */

struct daemon {
    pid_t pid;
    int port;
    char log[64];               /* its standard error */
    char state[64];             /* a folder stop() removes, "" when none */
};

/* When positive, the next daemon started gets this many descriptors at
 * most (RLIMIT_NOFILE) and none of the test's; start() resets it. */
static int du_nofile = 0;
/* When set, the next start() returns once the daemon runs, without
 * waiting for it to listen (d->port stays 0); start() resets it. */
static int du_no_wait = 0;

static inline const char *daemon_bin(void)
{
    const char *b = getenv("CHRONICLED_BIN");
    return b != NULL && *b != '\0' ? b : "build/san/chronicled";
}

/* Start the daemon on 127.0.0.1:0 with corpus and further arguments (a
 * NULL-terminated list) and wait for its "listening on" log line, which
 * names the port it bound. */
static inline void start(struct daemon *d, const char *corpus, ...)
{
    const char *argv[32];
    int argc = 0;
    argv[argc++] = daemon_bin();
    argv[argc++] = "--listen";
    argv[argc++] = "127.0.0.1:0";
    argv[argc++] = "--corpus";
    argv[argc++] = corpus;
    va_list ap;
    va_start(ap, corpus);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL) {
        if (argc >= 31) {
            va_end(ap);
            cr_assert_fail("too many daemon arguments");
        }
        argv[argc++] = a;
    }
    va_end(ap);
    argv[argc] = NULL;

    d->state[0] = '\0';
    snprintf(d->log, sizeof d->log, "/tmp/chronicled-test-XXXXXX");
    int fd = mkstemp(d->log);
    cr_assert_geq(fd, 0, "mkstemp: %s", strerror(errno));
    d->pid = fork();
    cr_assert_geq(d->pid, 0, "fork: %s", strerror(errno));
    if (d->pid == 0) {
        int devnull = open("/dev/null", O_RDWR);
#ifdef __linux__
        /* A test that fails an assertion ends without stopping its daemon;
         * the daemon must not outlive it. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
        dup2(devnull, STDIN_FILENO);
        dup2(devnull, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        if (du_nofile > 0) {
            for (int k = 3; k < 1024; k++)
                close(k);
            struct rlimit rl = {(rlim_t)du_nofile, (rlim_t)du_nofile};
            setrlimit(RLIMIT_NOFILE, &rl);
        }
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(fd);
    du_nofile = 0;
    du_live_add(d->pid);
    d->port = 0;
    if (du_no_wait) {
        du_no_wait = 0;
        return;
    }
    double until = now() + 60;
    while (now() < until) {
        char *log = tu_read(d->log, NULL);
        const char *p = log != NULL ? strstr(log, DU_LISTENING) : NULL;
        if (p != NULL)
            d->port = atoi(p + strlen(DU_LISTENING));
        free(log);
        if (d->port > 0)
            return;
        int status;
        if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
            du_live_remove(d->pid);
            char *l = tu_read(d->log, NULL);
            cr_assert_fail("daemon exited during start (status %d): %s",
                           status, l ? l : "");
        }
        pause_ms(50);
    }
    kill(d->pid, SIGKILL);
    waitpid(d->pid, NULL, 0);
    du_live_remove(d->pid);
    cr_assert_fail("daemon did not log its port within 60 s");
}

/* Signal the daemon and require a clean exit (status 0, which under ASan
 * also means no leaks); its log goes, and its d->state folder. */
static inline void stop_with(struct daemon *d, int sig)
{
    du_live_remove(d->pid);
    kill(d->pid, sig);
    double until = now() + 30;
    int status = 0;
    while (now() < until) {
        if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
            if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
                char *l = tu_read(d->log, NULL);
                cr_expect(0, "daemon ended with status %d; log:\n%s", status,
                          l ? l : "");
                free(l);
            }
            unlink(d->log);
            remove_tree(d->state);
            return;
        }
        pause_ms(20);
    }
    kill(d->pid, SIGKILL);
    waitpid(d->pid, NULL, 0);
    unlink(d->log);
    remove_tree(d->state);
    cr_expect(0, "daemon did not stop within 30 s");
}

static inline void stop(struct daemon *d)
{
    stop_with(d, SIGTERM);
}

/* Wait for the daemon's exit (after a signal); its status, or -1 after secs. */
static inline int wait_exit(struct daemon *d, double secs, double *took)
{
    double t0 = now();
    for (;;) {
        int status;
        if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
            du_live_remove(d->pid);
            *took = now() - t0;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        if (now() - t0 > secs) {
            kill(d->pid, SIGKILL);
            waitpid(d->pid, NULL, 0);
            du_live_remove(d->pid);
            *took = now() - t0;
            return -1;
        }
        pause_ms(20);
    }
}

/* SIGTERM the daemon and require a clean exit within secs; its log goes
 * (its folders are the caller's). */
static inline void stop_within(struct daemon *d, double secs)
{
    kill(d->pid, SIGTERM);
    double took;
    cr_expect_eq(wait_exit(d, 20, &took), 0);
    cr_expect_lt(took, secs, "stopped after %.1f s", took);
    unlink(d->log);
}

/* DIR/long.txt: one run-on paragraph of n sentences, slow to read. */
static inline void write_long_document(const char *dir, int n)
{
    char path[160];
    snprintf(path, sizeof path, "%s/long.txt", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    for (int i = 0; i < n; i++)
        fputs("The board met on 4 May 2021. ", f);
    fclose(f);
}

/* DIR/NAME: a PDF of n pages of 40 lines of text each, slow to convert
 * (Poppler lays out every glyph: a few milliseconds a page) and cheap to
 * analyse (one date a page).  The text of line L of page P ends in
 * "P.L". */
static inline void write_long_pdf(const char *dir, const char *name, int pages)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s: %s", path, strerror(errno));
    size_t nobj = 3 + 2 * (size_t)pages;
    long *off = calloc(nobj + 1, sizeof *off);
    char *content = malloc(8192);
    cr_assert(off != NULL && content != NULL);
    fputs("%PDF-1.4\n", f);
    off[1] = ftell(f);
    fputs("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n", f);
    off[2] = ftell(f);
    fprintf(f, "2 0 obj\n<< /Type /Pages /Count %d /Kids [", pages);
    for (int i = 0; i < pages; i++)
        fprintf(f, " %d 0 R", 4 + 2 * i);
    fputs(" ] >>\nendobj\n", f);
    off[3] = ftell(f);
    fputs("3 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
          "/Encoding /WinAnsiEncoding >>\nendobj\n", f);
    for (int i = 0; i < pages; i++) {
        size_t n = (size_t)snprintf(content, 8192, "BT /F1 11 Tf\n");
        for (int k = 0; k < 40; k++)
            n += (size_t)snprintf(content + n, 8192 - n,
                                  "1 0 0 1 72 %d Tm (%s harbour board minutes, kept line by "
                                  "line %d.%d) Tj\n", 740 - 17 * k,
                                  k == 0 ? "On 4 May 2021 the" : "The", i + 1, k + 1);
        n += (size_t)snprintf(content + n, 8192 - n, "ET");
        off[4 + 2 * i] = ftell(f);
        fprintf(f, "%d 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                "/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>\nendobj\n",
                4 + 2 * i, 5 + 2 * i);
        off[5 + 2 * i] = ftell(f);
        fprintf(f, "%d 0 obj\n<< /Length %zu >>\nstream\n%s\nendstream\nendobj\n",
                5 + 2 * i, n, content);
    }
    long xref = ftell(f);
    fprintf(f, "xref\n0 %zu\n0000000000 65535 f \n", nobj + 1);
    for (size_t k = 1; k <= nobj; k++)
        fprintf(f, "%010ld 00000 n \n", off[k]);
    fprintf(f, "trailer\n<< /Size %zu /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", nobj + 1,
            xref);
    cr_assert_eq(fclose(f), 0);
    free(off);
    free(content);
}

/* ---- a small HTTP/1.1 client ---- */

struct resp {
    int status;
    char *raw;
    char *head;                 /* header block, NUL-terminated */
    char *body;
    size_t blen;
};

static inline void resp_free(struct resp *r)
{
    free(r->raw);
    free(r->head);
    memset(r, 0, sizeof *r);
}

/* A connection to 127.0.0.1:port; sends and receives time out in 20 s.
 * rcvbuf > 0: the receive buffer asked for, set before the handshake
 * (the window the connection offers). */
static inline int dial_rcvbuf(int port, int rcvbuf)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert_geq(fd, 0, "socket: %s", strerror(errno));
    if (rcvbuf > 0)
        cr_assert_eq(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf), 0);
    struct timeval tv = {20, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0,
                 "connect: %s", strerror(errno));
    return fd;
}

static inline int dial(int port) { return dial_rcvbuf(port, 0); }

/* A connection to 127.0.0.1:port from the local address src (another
 * loopback address: another client). */
static inline int dial_from(int port, const char *src)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert_geq(fd, 0);
    struct timeval tv = {20, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in me, to;
    memset(&me, 0, sizeof me);
    me.sin_family = AF_INET;
    cr_assert_eq(inet_pton(AF_INET, src, &me.sin_addr), 1);
    cr_assert_eq(bind(fd, (struct sockaddr *)&me, sizeof me), 0, "bind %s: %s", src,
                 strerror(errno));
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_port = htons((uint16_t)port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(connect(fd, (struct sockaddr *)&to, sizeof to), 0, "connect: %s",
                 strerror(errno));
    return fd;
}


static inline void send_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        cr_assert_gt(w, 0, "send: %s", strerror(errno));
        p += w;
        n -= (size_t)w;
    }
}

/* Send one request (Connection: close) with extra header lines, each
 * ending in \r\n, or NULL. */
static inline void send_request(int fd, const char *method,
                                const char *target, const char *extra)
{
    size_t cap = strlen(method) + strlen(target) +
                 (extra ? strlen(extra) : 0) + 256;
    char *req = malloc(cap);
    cr_assert_not_null(req);
    int n = snprintf(req, cap, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Connection: close\r\n%s\r\n", method, target,
                     extra ? extra : "");
    cr_assert(n > 0 && (size_t)n < cap);
    send_all(fd, req, (size_t)n);
    free(req);
}

/* The value of header name (case-insensitive) into buf, or NULL. */
static inline const char *hdr(const struct resp *r, const char *name,
                              char *buf, size_t cap)
{
    size_t nl = strlen(name);
    for (const char *p = strstr(r->head, "\r\n"); p != NULL;
         p = strstr(p + 2, "\r\n")) {
        const char *line = p + 2;
        if (strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
            const char *v = line + nl + 1;
            while (*v == ' ')
                v++;
            const char *e = strstr(v, "\r\n");
            size_t vl = e ? (size_t)(e - v) : strlen(v);
            if (vl >= cap)
                vl = cap - 1;
            memcpy(buf, v, vl);
            buf[vl] = '\0';
            return buf;
        }
    }
    return NULL;
}

/* When positive, read_response reads at most this many bytes a second
 * (a slow reader, such as a calendar app on a poor link). */
static size_t du_read_rate = 0;

/* Read the response to method target from fd to end of file, close fd and
 * parse it into r; a body must be as long as its Content-Length says. */
static inline void read_response(int fd, struct resp *r, const char *method,
                                 const char *target)
{
    memset(r, 0, sizeof *r);
    size_t len = 0, cap = 65536;
    r->raw = malloc(cap + 1);
    cr_assert_not_null(r->raw);
    for (int reads = 0;; reads++) {
        cr_assert_lt(reads, DU_MAX_READS, "%s %s: response never ended",
                     method, target);
        if (len == cap) {
            cr_assert_lt(cap, DU_MAX_RESPONSE, "%s %s: response too large",
                         method, target);
            cap *= 2;
            r->raw = realloc(r->raw, cap + 1);
            cr_assert_not_null(r->raw);
        }
        size_t want = cap - len;
        if (du_read_rate > 0 && want > du_read_rate / 20)
            want = du_read_rate / 20 > 0 ? du_read_rate / 20 : 1;
        ssize_t k = recv(fd, r->raw + len, want, 0);
        if (k < 0 && errno == EINTR)
            continue;
        cr_assert_geq(k, 0, "recv %s %s: %s", method, target,
                      strerror(errno));
        if (k == 0)
            break;
        len += (size_t)k;
        if (du_read_rate > 0)
            pause_ms((int)((size_t)k * 1000 / du_read_rate));
    }
    close(fd);
    r->raw[len] = '\0';
    char *end = strstr(r->raw, "\r\n\r\n");
    cr_assert_not_null(end, "%s %s: no header end in the response: %s",
                       method, target, r->raw);
    size_t hlen = (size_t)(end - r->raw);
    r->head = strndup(r->raw, hlen);
    cr_assert_not_null(r->head);
    r->body = end + 4;
    r->blen = len - hlen - 4;
    cr_assert_eq(sscanf(r->raw, "HTTP/1.1 %d", &r->status), 1,
                 "%s %s: bad status line", method, target);
    char cl[32];
    if (strcmp(method, "HEAD") != 0 && r->status != 304 &&
        hdr(r, "Content-Length", cl, sizeof cl) != NULL)
        cr_assert_eq((size_t)strtoull(cl, NULL, 10), r->blen,
                     "%s %s: Content-Length %s, body %zu", method, target, cl,
                     r->blen);
}

/* One request on its own connection, read to end of file. */
static inline void request(int port, const char *method, const char *target,
                           const char *extra, struct resp *r)
{
    int fd = dial(port);
    send_request(fd, method, target, extra);
    read_response(fd, r, method, target);
}

static inline void get(int port, const char *target, struct resp *r)
{
    request(port, "GET", target, NULL, r);
}

/* GET target: status want, a JSON body (the caller's reference). */
static inline json_t *get_json_as(int port, const char *target, int want)
{
    struct resp r;
    get(port, target, &r);
    cr_assert_eq(r.status, want, "GET %s: %d %s", target, r.status, r.body);
    char ct[128];
    cr_assert_not_null(hdr(&r, "Content-Type", ct, sizeof ct),
                       "GET %s: no Content-Type", target);
    cr_assert_str_eq(ct, "application/json; charset=utf-8", "GET %s", target);
    json_error_t je;
    json_t *j = json_loadb(r.body, r.blen, 0, &je);
    cr_assert_not_null(j, "GET %s: bad JSON (%s): %s", target, je.text,
                       r.body);
    resp_free(&r);
    return j;
}

static inline json_t *get_json(int port, const char *target)
{
    return get_json_as(port, target, 200);
}

/* ---- reading JSON ---- */

/* The string member key of o, or "". */
static inline const char *jstr(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s != NULL ? s : "";
}

/* The value of a metric without labels in a /metrics body, or -1. */
static inline long long metric(const char *body, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = body; p != NULL && *p != '\0'; p = strchr(p, '\n')) {
        if (*p == '\n')
            p++;
        if (strncmp(p, name, n) == 0 && p[n] == ' ')
            return strtoll(p + n + 1, NULL, 10);
    }
    return -1;
}

#endif
