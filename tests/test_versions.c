/*
 * test_versions.c - chronicled's history of corpus versions end to end:
 * /versions, /diff, /timeline.json?version=, SEQUENCE and LAST-MODIFIED in
 * the feed, a restart that finds the history intact, and a state folder
 * that cannot be written.  Starts the daemon binary (CHRONICLED_BIN,
 * default build/san/chronicled) on a free loopback port, from the
 * repository root.  Every wait is bounded in time and every loop in count.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
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

#define V1 "fixtures/corpus"
#define V2 "fixtures/corpus-v2"
#define MAX_RESPONSE ((size_t)32 << 20)

static pid_t live_daemon = -1;

static void on_alarm(int sig)
{
    if (live_daemon > 0)
        kill(live_daemon, SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void bounded(void)
{
    signal(SIGALRM, on_alarm);
    alarm(240);
}

static const char *bin(void)
{
    const char *b = getenv("CHRONICLED_BIN");
    return b != NULL && *b != '\0' ? b : "build/san/chronicled";
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void pause_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0, k;
    char *buf = malloc(cap);
    while (buf != NULL && (k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n - 1 == 0)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (buf != NULL) {
        buf[n] = '\0';
        if (len != NULL)
            *len = n;
    }
    return buf;
}

static void run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A shell command that must succeed. */
static void run(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
}

/* ---- a daemon under test ---- */

struct daemon {
    pid_t pid;
    int port;
    char log[64];
};

static void start(struct daemon *d, const char *corpus, const char *state)
{
    const char *argv[12];
    int argc = 0;
    argv[argc++] = bin();
    argv[argc++] = "--listen";
    argv[argc++] = "127.0.0.1:0";
    argv[argc++] = "--corpus";
    argv[argc++] = corpus;
    if (state != NULL) {
        argv[argc++] = "--state";
        argv[argc++] = state;
    }
    argv[argc] = NULL;
    snprintf(d->log, sizeof d->log, "/tmp/chronicled-test-XXXXXX");
    int fd = mkstemp(d->log);
    cr_assert_geq(fd, 0);
    d->pid = fork();
    cr_assert_geq(d->pid, 0);
    if (d->pid == 0) {
        int devnull = open("/dev/null", O_RDWR);
#ifdef __linux__
        prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
        dup2(devnull, STDIN_FILENO);
        dup2(devnull, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(fd);
    live_daemon = d->pid;
    d->port = 0;
    const char *mark = "listening on http://127.0.0.1:";
    for (double until = now() + 60; now() < until;) {
        char *log = slurp(d->log, NULL);
        const char *p = log ? strstr(log, mark) : NULL;
        if (p != NULL)
            d->port = atoi(p + strlen(mark));
        free(log);
        if (d->port > 0)
            return;
        int status;
        if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
            char *l = slurp(d->log, NULL);
            cr_assert_fail("daemon exited during start (status %d): %s", status, l ? l : "");
        }
        pause_ms(50);
    }
    kill(d->pid, SIGKILL);
    waitpid(d->pid, NULL, 0);
    cr_assert_fail("daemon did not log its port within 60 s");
}

/* SIGTERM and a clean exit (status 0: under ASan, no leaks either). */
static void stop(struct daemon *d)
{
    live_daemon = -1;
    kill(d->pid, SIGTERM);
    int status = 0;
    for (double until = now() + 30; now() < until;) {
        if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
            if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
                char *l = slurp(d->log, NULL);
                cr_expect(0, "daemon ended with status %d; log:\n%s", status, l ? l : "");
                free(l);
            }
            unlink(d->log);
            return;
        }
        pause_ms(20);
    }
    kill(d->pid, SIGKILL);
    waitpid(d->pid, NULL, 0);
    unlink(d->log);
    cr_expect(0, "daemon did not stop within 30 s");
}

/* ---- HTTP ---- */

struct resp {
    int status;
    char *raw;
    char *body;
    size_t blen;
};

static int dial(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert_geq(fd, 0);
    struct timeval tv = {20, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0, "connect: %s",
                 strerror(errno));
    return fd;
}

static void send_get(int fd, const char *target)
{
    char req[1024];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Connection: close\r\n\r\n", target);
    cr_assert_eq(send(fd, req, (size_t)n, MSG_NOSIGNAL), n);
}

static void read_resp(int fd, struct resp *r)
{
    size_t len = 0, cap = 65536;
    r->raw = malloc(cap + 1);
    for (int reads = 0; reads < 100000; reads++) {
        if (len == cap) {
            cr_assert_lt(cap, MAX_RESPONSE);
            r->raw = realloc(r->raw, (cap *= 2) + 1);
        }
        ssize_t k = recv(fd, r->raw + len, cap - len, 0);
        if (k < 0 && errno == EINTR)
            continue;
        cr_assert_geq(k, 0, "recv: %s", strerror(errno));
        if (k == 0)
            break;
        len += (size_t)k;
    }
    close(fd);
    r->raw[len] = '\0';
    char *end = strstr(r->raw, "\r\n\r\n");
    cr_assert_not_null(end, "no header end in: %s", r->raw);
    r->body = end + 4;
    r->blen = len - (size_t)(r->body - r->raw);
    cr_assert_eq(sscanf(r->raw, "HTTP/1.1 %d", &r->status), 1);
}

static void get(int port, const char *target, struct resp *r)
{
    memset(r, 0, sizeof *r);
    int fd = dial(port);
    send_get(fd, target);
    read_resp(fd, r);
}

static json_t *get_json(int port, const char *target, int want)
{
    struct resp r;
    get(port, target, &r);
    cr_assert_eq(r.status, want, "GET %s: %d %s", target, r.status, r.body);
    cr_assert_not_null(strstr(r.raw, "Content-Type: application/json"), "GET %s", target);
    json_t *j = json_loadb(r.body, r.blen, 0, NULL);
    cr_assert_not_null(j, "GET %s: not JSON: %s", target, r.body);
    free(r.raw);
    return j;
}

static void expect_error(int port, const char *target, int status, const char *param)
{
    json_t *j = get_json(port, target, status);
    json_t *e = json_object_get(j, "error");
    cr_expect_eq(json_integer_value(json_object_get(e, "status")), status, "%s", target);
    const char *p = json_string_value(json_object_get(e, "param"));
    cr_expect_str_eq(p ? p : "(none)", param, "%s", target);
    json_decref(j);
}

static json_int_t num(json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

static const char *str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* /versions until it names `current` as the current version; bounded. */
static json_t *wait_current(int port, json_int_t current, double secs)
{
    for (double until = now() + secs; now() < until;) {
        json_t *v = get_json(port, "/versions", 200);
        if (num(v, "current") == current)
            return v;
        json_decref(v);
        pause_ms(50);
    }
    cr_assert_fail("version %d never became current", (int)current);
    return NULL;
}

/* ---- corpus folders ---- */

static void copy_dir(const char *from, const char *to)
{
    run("mkdir -p '%s' && cp %s/*.txt '%s'/", to, from, to);
}

static char *tmpdir(void)
{
    char tmpl[] = "/tmp/chronicle-versions-XXXXXX";
    cr_assert_not_null(mkdtemp(tmpl));
    return strdup(tmpl);
}

static json_t *event_with(json_t *timeline, const char *title_part)
{
    json_t *evs = json_object_get(timeline, "events");
    for (size_t i = 0; i < json_array_size(evs); i++)
        if (strstr(str(json_array_get(evs, i), "title"), title_part) != NULL)
            return json_array_get(evs, i);
    cr_assert_fail("no event titled ...%s...", title_part);
    return NULL;
}

/* The content lines of the VEVENT with this UID, or NULL. */
static char *vevent(const char *ics, const char *uid)
{
    char want[64];
    snprintf(want, sizeof want, "UID:%s@chronicle\r\n", uid);
    const char *u = strstr(ics, want);
    if (u == NULL)
        return NULL;
    const char *b = u;
    while (b > ics && strncmp(b, "BEGIN:VEVENT", 12) != 0)
        b--;
    const char *e = strstr(u, "END:VEVENT");
    return e ? strndup(b, (size_t)(e - b)) : NULL;
}

static int sequence_of(const char *vev)
{
    const char *s = strstr(vev, "\r\nSEQUENCE:");
    return s ? atoi(s + 11) : -1;
}

static void last_modified(const char *vev, char out[17])
{
    const char *s = strstr(vev, "\r\nLAST-MODIFIED:");
    cr_assert_not_null(s);
    memcpy(out, s + 16, 16);
    out[16] = '\0';
}

/* ---- the tests ---- */

Test(versions, history_diff_sequence_and_restart, .init = bounded)
{
    char *tmp = tmpdir();
    char corpus[128], state[128];
    snprintf(corpus, sizeof corpus, "%s/corpus", tmp);
    snprintf(state, sizeof state, "%s/state", tmp);
    copy_dir(V1, corpus);
    struct daemon d;
    start(&d, corpus, state);

    json_t *vs = wait_current(d.port, 1, 30);
    cr_assert_eq(json_array_size(json_object_get(vs, "versions")), 1);
    json_decref(vs);
    json_t *tl1 = get_json(d.port, "/timeline.json", 200);
    struct resp r;
    get(d.port, "/timeline.ics", &r);
    char *ics1 = strdup(r.body);
    free(r.raw);
    /* the entity-list ban, to be re-dated, and its calendar entry */
    char ban_id[17];
    snprintf(ban_id, sizeof ban_id, "%s", str(event_with(tl1, "entities list"), "id"));
    char *vev = vevent(ics1, ban_id);
    cr_assert_not_null(vev);
    cr_expect_eq(sequence_of(vev), 0);
    char mod1[17];
    last_modified(vev, mod1);
    free(vev);
    expect_error(d.port, "/diff", 404, "from");

    /* v2: one document gone, one new, one date changed, one sentence
     * reworded */
    pause_ms(1100);             /* LAST-MODIFIED has whole seconds */
    run("rm -f '%s'/004_*.txt && cp " V2 "/003_*.txt '%s'/", corpus, corpus);
    /* the new document comes in renamed: never seen half-written */
    run("cp " V2 "/005_uk_huawei_5g_ban.txt '%s/incoming' && "
        "mv '%s/incoming' '%s/005_uk_huawei_5g_ban.txt'", tmp, tmp, corpus);
    vs = wait_current(d.port, 2, 60);
    json_t *list = json_object_get(vs, "versions");
    cr_assert_eq(json_array_size(list), 2);
    json_t *newest = json_array_get(list, 0);
    cr_expect_eq(num(newest, "number"), 2);
    cr_expect_eq(num(newest, "documents"), 5);
    cr_expect_eq(num(newest, "removed"), 6);
    cr_expect(json_is_true(json_object_get(newest, "saved")));
    cr_expect(json_is_string(json_object_get(newest, "created")));
    char *listing1 = json_dumps(vs, JSON_COMPACT);
    json_decref(vs);

    /* the default diff is previous -> current, and equals the explicit one */
    json_t *diff = get_json(d.port, "/diff", 200);
    cr_expect_eq(num(json_object_get(diff, "from"), "number"), 1);
    cr_expect_eq(num(json_object_get(diff, "to"), "number"), 2);
    json_t *sum = json_object_get(diff, "summary");
    cr_expect_eq(num(sum, "removed"), 6);
    cr_expect_geq(num(sum, "added"), 1);
    json_t *changed = json_object_get(diff, "changed");
    int redated = 0;
    for (size_t i = 0; i < json_array_size(changed); i++) {
        json_t *c = json_array_get(changed, i);
        json_t *date = json_object_get(json_object_get(c, "fields"), "date");
        cr_expect(json_is_array(json_object_get(c, "sources_added")));
        if (date != NULL && strcmp(str(c, "id"), ban_id) == 0) {
            redated = 1;
            cr_expect_str_eq(str(date, "old"), "2019-05");
            cr_expect_str_eq(str(date, "new"), "2019-05-15");
            cr_expect_null(json_object_get(c, "new_id"), "the daemon keeps the id");
        }
    }
    cr_expect(redated, "the re-dated ban is not in the diff");
    json_t *explicit = get_json(d.port, "/diff?from=1&to=2", 200);
    cr_expect(json_equal(explicit, diff));
    json_decref(explicit);
    json_t *back = get_json(d.port, "/diff?to=1&from=2", 200);
    cr_expect_eq(num(json_object_get(back, "summary"), "added"), 6);
    json_decref(back);
    json_decref(diff);

    /* the calendar: the re-dated event kept its UID, SEQUENCE went up,
     * LAST-MODIFIED moved on */
    get(d.port, "/timeline.ics", &r);
    char *ics2 = strdup(r.body);
    free(r.raw);
    vev = vevent(ics2, ban_id);
    cr_assert_not_null(vev, "the re-dated event lost its UID");
    cr_expect_eq(sequence_of(vev), 1);
    cr_expect_not_null(strstr(vev, "DTSTART;VALUE=DATE:20190515"));
    char mod2[17];
    last_modified(vev, mod2);
    cr_expect_gt(strcmp(mod2, mod1), 0, "LAST-MODIFIED %s not after %s", mod2, mod1);
    free(vev);
    /* an event nobody touched keeps SEQUENCE 0 */
    char other[17];
    snprintf(other, sizeof other, "%s", str(event_with(tl1, "Xi Jinping"), "id"));
    vev = vevent(ics2, other);
    cr_assert_not_null(vev);
    cr_expect_eq(sequence_of(vev), 0);
    free(vev);

    /* an older version, whole and filtered */
    json_t *old = get_json(d.port, "/timeline.json?version=1", 200);
    cr_expect(json_equal(json_object_get(old, "events"), json_object_get(tl1, "events")));
    json_decref(old);
    old = get_json(d.port, "/timeline.json?type=ban&version=1", 200);
    json_t *evs = json_object_get(old, "events");
    cr_expect_geq(json_array_size(evs), 1);
    for (size_t i = 0; i < json_array_size(evs); i++)
        cr_expect_str_eq(str(json_array_get(evs, i), "type"), "ban");
    json_decref(old);
    get(d.port, "/timeline.ics?version=1", &r);
    cr_expect_eq(r.status, 200);
    cr_expect_not_null(strstr(r.body, ban_id));
    free(r.raw);

    /* bad parameters name themselves; unknown versions are 404 */
    expect_error(d.port, "/diff?from=abc", 400, "from");
    expect_error(d.port, "/diff?to=-1", 400, "to");
    expect_error(d.port, "/diff?from=1&from=2", 400, "from");
    expect_error(d.port, "/diff?from=1&colour=red", 400, "query");
    expect_error(d.port, "/diff?from=99", 404, "from");
    expect_error(d.port, "/diff?from=1&to=1000000", 404, "to");
    expect_error(d.port, "/timeline.json?version=", 400, "version");
    expect_error(d.port, "/timeline.json?version=0x1", 400, "version");
    expect_error(d.port, "/timeline.json?version=7", 404, "version");
    expect_error(d.port, "/timeline.json?version=1&type=party", 400, "type");
    expect_error(d.port, "/versions?all=1", 400, "query");
    stop(&d);

    /* the state folder: an index and one snapshot per version, nothing
     * half-written */
    char path[300];
    snprintf(path, sizeof path, "%s/index.json", state);
    cr_expect_eq(access(path, R_OK), 0);
    snprintf(path, sizeof path, "%s/v000002.json", state);
    cr_expect_eq(access(path, R_OK), 0);
    DIR *dir = opendir(state);
    cr_assert_not_null(dir);
    struct dirent *de;
    while ((de = readdir(dir)) != NULL)
        cr_expect_null(strstr(de->d_name, ".tmp"), "left behind: %s", de->d_name);
    closedir(dir);

    /* a restart finds the history intact and serves the same calendar */
    start(&d, corpus, state);
    vs = wait_current(d.port, 2, 30);
    char *listing2 = json_dumps(vs, JSON_COMPACT);
    cr_expect_str_eq(listing2, listing1, "the history changed across a restart");
    json_decref(vs);
    get(d.port, "/timeline.ics", &r);
    cr_expect_str_eq(r.body, ics2, "the calendar changed across a restart");
    free(r.raw);
    /* several clients at once ask for an old version not in memory yet */
    int fds[6];
    for (int i = 0; i < 6; i++) {
        fds[i] = dial(d.port);
        send_get(fds[i], i % 2 ? "/timeline.json?version=1" : "/diff?from=2&to=1");
    }
    for (int i = 0; i < 6; i++) {
        read_resp(fds[i], &r);
        cr_expect_eq(r.status, 200, "client %d: %d %s", i, r.status, r.body);
        free(r.raw);
    }
    stop(&d);

    free(listing1);
    free(listing2);
    free(ics1);
    free(ics2);
    json_decref(tl1);
    run("rm -rf '%s'", tmp);
    free(tmp);
}

Test(versions, unwritable_state_folder_keeps_serving, .init = bounded)
{
    char *tmp = tmpdir();
    char corpus[128], state[160], file[128];
    snprintf(corpus, sizeof corpus, "%s/corpus", tmp);
    snprintf(file, sizeof file, "%s/not-a-folder", tmp);
    /* under a regular file nothing can be created, not even by root */
    snprintf(state, sizeof state, "%s/state", file);
    copy_dir(V1, corpus);
    run("echo x > '%s'", file);
    struct daemon d;
    start(&d, corpus, state);
    json_t *tl = get_json(d.port, "/timeline.json", 200);
    cr_expect_gt(json_array_size(json_object_get(tl, "events")), 0);
    json_decref(tl);
    json_t *h = get_json(d.port, "/healthz", 200);
    cr_expect_str_eq(str(h, "status"), "degraded");
    const char *err = str(json_object_get(h, "history"), "error");
    cr_expect_not_null(strstr(err, "Not a directory"), "history.error: %s", err);
    cr_expect_eq(num(json_object_get(h, "history"), "versions"), 0);
    json_decref(h);
    json_t *vs = get_json(d.port, "/versions", 200);
    json_t *list = json_object_get(vs, "versions");
    cr_assert_eq(json_array_size(list), 1, "the served version is listed");
    cr_expect(json_is_false(json_object_get(json_array_get(list, 0), "saved")));
    cr_expect(json_is_null(json_object_get(vs, "current")));
    json_decref(vs);
    expect_error(d.port, "/diff", 404, "from");
    char *log = slurp(d.log, NULL);
    cr_expect_not_null(strstr(log, "state folder"), "log: %s", log);
    free(log);
    /* the corpus still reloads */
    run("rm -f '%s'/004_*.txt", corpus);
    for (double until = now() + 60;; pause_ms(50)) {
        json_t *t = get_json(d.port, "/timeline.json", 200);
        json_int_t docs = num(json_object_get(t, "corpus"), "documents");
        json_decref(t);
        if (docs == 4)
            break;
        cr_assert_lt(now(), until, "the reload never came");
    }
    stop(&d);

    /* A folder that breaks while the daemon runs: the new version is
     * served, the error reported, the history on disk untouched. */
    char good[160], saved[200];
    snprintf(good, sizeof good, "%s/good-state", tmp);
    snprintf(saved, sizeof saved, "%s.saved", good);
    run("cp " V1 "/004_*.txt '%s'/", corpus);
    start(&d, corpus, good);
    json_decref(wait_current(d.port, 1, 30));
    run("mv '%s' '%s' && echo x > '%s'", good, saved, good);
    run("rm -f '%s'/004_*.txt", corpus);
    for (double until = now() + 60;; pause_ms(50)) {
        h = get_json(d.port, "/healthz", 200);
        json_int_t docs = num(json_object_get(h, "corpus"), "documents");
        int degraded = strcmp(str(h, "status"), "degraded") == 0;
        json_decref(h);
        if (docs == 4 && degraded)
            break;
        cr_assert_lt(now(), until, "no reload or no error reported");
    }
    vs = get_json(d.port, "/versions", 200);
    list = json_object_get(vs, "versions");
    cr_assert_eq(json_array_size(list), 2);
    cr_expect(json_is_false(json_object_get(json_array_get(list, 0), "saved")));
    cr_expect_eq(num(json_array_get(list, 1), "number"), 1);
    json_decref(vs);
    log = slurp(d.log, NULL);
    cr_expect_not_null(strstr(log, "cannot record a version"), "log: %s", log);
    free(log);
    stop(&d);
    char index[260];
    snprintf(index, sizeof index, "%s/index.json", saved);
    char *idx = slurp(index, NULL);
    cr_assert_not_null(idx);
    cr_expect_not_null(strstr(idx, "\"number\":1"));
    cr_expect_null(strstr(idx, "\"number\":2"));
    free(idx);
    run("rm -rf '%s'", tmp);
    free(tmp);
}
