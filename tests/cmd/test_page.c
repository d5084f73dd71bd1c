/*
 * test_page.c - the page chronicled serves at /: its files over HTTP
 * (types, validators, the Content-Security-Policy), and the page itself in
 * Debian's headless chromium, driven over the DevTools protocol on a pipe
 * (--remote-debugging-pipe: no port, no WebSocket).
 *
 * The daemon (CHRONICLED_BIN, default build/san/chronicled) listens on a
 * free loopback port; chromium may resolve no other host.  Run from the
 * repository root.  Every wait is bounded in time; an alarm kills what is
 * left if a test runs out of time.  Screenshots go to build/ (or
 * $CHRONICLE_SHOTS).  Only the browser tests skip, and only when chromium
 * is not installed (`make deps` installs it).
 */
#include <poll.h>

#include "daemonutil.h"

#define SEED "fixtures/corpus"
#define MARKUP "fixtures/page/xss"
#define MAX_MESSAGE ((size_t)64 << 20)     /* screenshots are large */

/* ---- the daemon ---- */

/* Whether the daemon keeps a version history (--state DIR).  One that does
 * gets a folder of its own, so no test writes into a fixture folder. */
static int daemon_has_state(void)
{
    char cmd[600], *out = NULL;
    snprintf(cmd, sizeof cmd, "'%s' --help 2>&1", daemon_bin());
    tu_run(cmd, &out, NULL);
    int has = out != NULL && strstr(out, "--state") != NULL;
    free(out);
    return has;
}

/* The daemon on corpus, quiet, with a state folder of its own when it
 * keeps a history; stop() removes that folder. */
static void start_page(struct daemon *d, const char *corpus)
{
    char state[sizeof d->state] = "";
    if (daemon_has_state()) {
        snprintf(state, sizeof state, "/tmp/chronicled-state-XXXXXX");
        cr_assert_not_null(mkdtemp(state));
        start(d, corpus, "--state", state, "--quiet", NULL);
    } else {
        start(d, corpus, "--quiet", NULL);
    }
    memcpy(d->state, state, sizeof state);
}

/* ---- the page's files over HTTP ---- */

static const struct {
    const char *path, *type;
} files[] = {
    {"/", "text/html; charset=utf-8"},
    {"/index.html", "text/html; charset=utf-8"},
    {"/app.js", "text/javascript; charset=utf-8"},
    {"/app.css", "text/css; charset=utf-8"},
    {"/favicon.svg", "image/svg+xml"},
};

Test(page, files_served_like_the_feeds, .init = bounded)
{
    struct daemon d;
    start_page(&d, SEED);
    char v[512], etag[128], gzetag[128], extra[256];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        const char *path = files[i].path;
        struct resp r;
        request(d.port, "GET", path, NULL, &r);
        cr_expect_eq(r.status, 200, "GET %s: %d", path, r.status);
        cr_expect_str_eq(hdr(&r, "Content-Type", v, sizeof v), files[i].type,
                         "%s", path);
        cr_assert_not_null(hdr(&r, "ETag", etag, sizeof etag), "%s", path);
        cr_expect(etag[0] == '"', "%s: ETag %s is not strong", path, etag);
        cr_expect_str_eq(hdr(&r, "X-Content-Type-Options", v, sizeof v),
                         "nosniff", "%s", path);
        cr_assert_not_null(hdr(&r, "Content-Security-Policy", v, sizeof v),
                           "%s has no Content-Security-Policy", path);
        cr_expect_not_null(strstr(v, "script-src 'self'"), "%s: %s", path, v);
        cr_expect_not_null(strstr(v, "default-src 'none'"), "%s: %s", path,
                           v);
        cr_expect_null(strstr(v, "unsafe"), "%s: %s", path, v);
        cr_expect_gt(r.blen, 0u, "%s", path);
        size_t blen = r.blen;
        resp_free(&r);

        /* Revalidation answers 304 with no body. */
        snprintf(extra, sizeof extra, "If-None-Match: %s\r\n", etag);
        request(d.port, "GET", path, extra, &r);
        cr_expect_eq(r.status, 304, "%s revalidated: %d", path, r.status);
        cr_expect_eq(r.blen, 0u, "%s", path);
        resp_free(&r);
        request(d.port, "GET", path, "If-None-Match: \"other\"\r\n", &r);
        cr_expect_eq(r.status, 200, "%s with another tag: %d", path,
                     r.status);
        resp_free(&r);

        /* HEAD: the headers of GET, no body. */
        request(d.port, "HEAD", path, NULL, &r);
        cr_expect_eq(r.status, 200);
        cr_expect_eq(r.blen, 0u, "HEAD %s has a body", path);
        cr_expect_eq(strtoull(hdr(&r, "Content-Length", v, sizeof v), NULL,
                              10), (unsigned long long)blen, "HEAD %s", path);
        resp_free(&r);

        /* gzip when asked, under its own tag. */
        request(d.port, "GET", path, "Accept-Encoding: gzip\r\n", &r);
        cr_expect_eq(r.status, 200);
        if (hdr(&r, "Content-Encoding", v, sizeof v) != NULL) {
            cr_expect_str_eq(v, "gzip", "%s", path);
            cr_assert_not_null(hdr(&r, "ETag", gzetag, sizeof gzetag));
            cr_expect_str_neq(gzetag, etag, "%s: gzip shares the tag", path);
            cr_expect_lt(r.blen, blen, "%s", path);
        }
        cr_expect_not_null(hdr(&r, "Vary", v, sizeof v), "%s", path);
        resp_free(&r);
    }

    /* The page's filters are its own: any query gets the same page. */
    struct resp a, b;
    request(d.port, "GET", "/", NULL, &a);
    request(d.port, "GET", "/?type=meeting&q=%3Cscript%3E", NULL, &b);
    cr_expect_eq(b.status, 200);
    cr_expect_eq(a.blen, b.blen);
    cr_expect(memcmp(a.body, b.body, a.blen) == 0);
    resp_free(&a);
    resp_free(&b);

    request(d.port, "GET", "/app.js/", NULL, &a);
    cr_expect_eq(a.status, 404);
    resp_free(&a);
    request(d.port, "GET", "/assets/app.js", NULL, &a);
    cr_expect_eq(a.status, 404);
    resp_free(&a);
    request(d.port, "POST", "/", NULL, &a);
    cr_expect_eq(a.status, 405);
    resp_free(&a);
    stop(&d);
}

/* Words that would put text into the page as HTML or run text as code.
 * The page builds its DOM from text nodes only; this keeps it so. */
static const char *const js_banned[] = {
    "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
    "eval(", "new Function", "setTimeout('", "setTimeout(\"",
    "createContextualFragment", "DOMParser", "srcdoc",
};

Test(page, files_hold_no_inline_code_and_load_nothing_remote,
     .init = bounded)
{
    struct daemon d;
    start_page(&d, SEED);
    struct resp r;
    request(d.port, "GET", "/", NULL, &r);
    cr_assert_eq(r.status, 200);
    /* Scripts only by src; no on* handler attributes, no style
     * attributes, nothing loaded from another origin. */
    for (const char *p = strstr(r.body, "<script"); p != NULL;
         p = strstr(p + 1, "<script")) {
        const char *gt = strchr(p, '>');
        cr_assert_not_null(gt);
        char *tag = strndup(p, (size_t)(gt - p));
        cr_expect_not_null(strstr(tag, " src="), "an inline script in "
                           "index.html: %s", tag);
        free(tag);
        cr_expect(strncmp(gt + 1, "</script>", 9) == 0,
                  "a script element with content in index.html");
    }
    for (const char *p = r.body; (p = strstr(p, " on")) != NULL; p++) {
        size_t k = 3;
        while (p[k] >= 'a' && p[k] <= 'z')
            k++;
        cr_expect(!(k > 3 && p[k] == '='), "an inline handler: %.40s", p);
    }
    cr_expect_null(strstr(r.body, "style="), "an inline style attribute");
    cr_expect_null(strstr(r.body, "<style"), "an inline style element");
    cr_expect_null(strstr(r.body, "src=\"http"), "a remote src");
    cr_expect_null(strstr(r.body, "href=\"http"), "a remote href");
    cr_expect_null(strstr(r.body, "href=\"//"), "a remote href");
    resp_free(&r);

    request(d.port, "GET", "/app.css", NULL, &r);
    cr_assert_eq(r.status, 200);
    cr_expect_null(strstr(r.body, "@import"), "app.css imports");
    cr_expect_null(strstr(r.body, "url("), "app.css loads a file");
    resp_free(&r);

    request(d.port, "GET", "/app.js", NULL, &r);
    cr_assert_eq(r.status, 200);
    for (size_t i = 0; i < sizeof js_banned / sizeof js_banned[0]; i++)
        cr_expect_null(strstr(r.body, js_banned[i]), "app.js uses %s",
                       js_banned[i]);
    /* The one address of another origin is Google Calendar's subscribe
     * link, a link the user follows, never a request the page makes. */
    for (const char *p = r.body; (p = strstr(p, "http")) != NULL; p++)
        if (strncmp(p, "https://", 8) == 0 || strncmp(p, "http://", 7) == 0)
            cr_expect(strncmp(p, "https://calendar.google.com/", 28) == 0,
                      "app.js names a remote address: %.50s", p);
    resp_free(&r);
    stop(&d);
}

/* ---- chromium over the DevTools protocol ---- */

static const char *chromium_bin(void)
{
    static char path[512];
    const char *env = getenv("CHROMIUM_BIN");
    if (env != NULL && *env != '\0')
        return access(env, X_OK) == 0 ? env : NULL;
    const char *names[] = {"chromium", "chromium-browser"};
    const char *pathvar = getenv("PATH");
    if (pathvar == NULL)
        pathvar = "/usr/bin:/bin";
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *p = pathvar;
        while (*p != '\0') {
            const char *e = strchr(p, ':');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            snprintf(path, sizeof path, "%.*s/%s", (int)n, p, names[i]);
            if (n > 0 && access(path, X_OK) == 0)
                return path;
            p += n + (e != NULL);
        }
    }
    return NULL;
}

static const char *shots_dir(void)
{
    const char *s = getenv("CHRONICLE_SHOTS");
    return s != NULL && *s != '\0' ? s : "build";
}

struct cdp {
    pid_t pid;                  /* also its process group */
    int to, from;               /* our ends of chromium's fds 3 and 4 */
    char *buf;                  /* bytes read, not yet a whole message */
    size_t len, cap;
    int next_id;
    char session[128];
    char profile[64];
    char log[64];
    int port;                   /* the daemon the page talks to */
    const char *expect_fail;    /* a request the test makes fail on purpose */
    char problems[16384];       /* errors the page reported */
    size_t nproblems;
};

static void problem(struct cdp *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void problem(struct cdp *c, const char *fmt, ...)
{
    size_t used = strlen(c->problems);
    va_list ap;
    va_start(ap, fmt);
    if (used + 2 < sizeof c->problems) {
        vsnprintf(c->problems + used, sizeof c->problems - used - 1, fmt, ap);
        strcat(c->problems, "\n");
    }
    va_end(ap);
    c->nproblems++;
}

/* Network errors the page expects: a daemon without a version history
 * answers /versions and /diff with 404, and the page then hides its
 * "changes" view.  Chromium logs every 4xx of a fetch as an error. */
static int expected_network_error(const struct cdp *c, const char *url)
{
    char base[64];
    snprintf(base, sizeof base, "http://127.0.0.1:%d/", c->port);
    size_t bl = strlen(base);
    if (url == NULL || strncmp(url, base, bl) != 0)
        return 0;
    const char *path = url + bl;
    if (c->expect_fail != NULL && strcmp(path, c->expect_fail) == 0)
        return 1;
    return strcmp(path, "versions") == 0 || strncmp(path, "diff", 4) == 0;
}

static void on_event(struct cdp *c, json_t *m)
{
    const char *method = json_string_value(json_object_get(m, "method"));
    json_t *p = json_object_get(m, "params");
    if (method == NULL)
        return;
    if (strcmp(method, "Runtime.exceptionThrown") == 0) {
        json_t *d = json_object_get(p, "exceptionDetails");
        json_t *ex = json_object_get(d, "exception");
        const char *desc = json_string_value(json_object_get(ex,
                                                             "description"));
        problem(c, "exception: %s %s",
                json_string_value(json_object_get(d, "text")),
                desc ? desc : "");
    } else if (strcmp(method, "Runtime.consoleAPICalled") == 0) {
        const char *type = json_string_value(json_object_get(p, "type"));
        if (type != NULL && (strcmp(type, "error") == 0 ||
                             strcmp(type, "assert") == 0)) {
            json_t *a0 = json_array_get(json_object_get(p, "args"), 0);
            char *s = a0 ? json_dumps(a0, JSON_ENCODE_ANY) : NULL;
            problem(c, "console.%s: %s", type, s ? s : "");
            free(s);
        }
    } else if (strcmp(method, "Log.entryAdded") == 0) {
        json_t *e = json_object_get(p, "entry");
        const char *level = json_string_value(json_object_get(e, "level"));
        const char *source = json_string_value(json_object_get(e, "source"));
        const char *url = json_string_value(json_object_get(e, "url"));
        if (level != NULL && strcmp(level, "error") == 0 &&
            !(source != NULL && strcmp(source, "network") == 0 &&
              expected_network_error(c, url)))
            problem(c, "log %s: %s (%s)", source ? source : "?",
                    json_string_value(json_object_get(e, "text")),
                    url ? url : "");
    } else if (strcmp(method, "Page.javascriptDialogOpening") == 0) {
        problem(c, "a dialog opened: %s",
                json_string_value(json_object_get(p, "message")));
    } else if (strcmp(method, "Inspector.targetCrashed") == 0 ||
               strcmp(method, "Target.targetCrashed") == 0) {
        problem(c, "the page crashed");
    }
}

static void cdp_send(struct cdp *c, const char *method, json_t *params,
                     int id)
{
    json_t *m = json_pack("{s:i, s:s}", "id", id, "method", method);
    cr_assert_not_null(m);
    json_object_set_new(m, "params", params ? params : json_object());
    if (c->session[0] != '\0')
        json_object_set_new(m, "sessionId", json_string(c->session));
    char *s = json_dumps(m, JSON_COMPACT);
    json_decref(m);
    cr_assert_not_null(s);
    size_t n = strlen(s) + 1;   /* the NUL ends the message */
    for (size_t off = 0; off < n;) {
        ssize_t w = write(c->to, s + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        cr_assert_gt(w, 0, "writing to chromium: %s", strerror(errno));
        off += (size_t)w;
    }
    free(s);
}

/* Read what arrives until deadline or until a reply to id (> 0) comes;
 * events are handled on the way.  Returns that reply or NULL. */
static json_t *cdp_pump(struct cdp *c, int id, double deadline)
{
    for (;;) {
        char *z;
        while ((z = memchr(c->buf, '\0', c->len)) != NULL) {
            size_t n = (size_t)(z - c->buf);
            json_error_t je;
            json_t *m = json_loadb(c->buf, n, 0, &je);
            memmove(c->buf, z + 1, c->len - n - 1);
            c->len -= n + 1;
            cr_assert_not_null(m, "chromium sent bad JSON: %s", je.text);
            json_t *mid = json_object_get(m, "id");
            if (mid == NULL) {
                on_event(c, m);
                json_decref(m);
            } else if (id > 0 && json_integer_value(mid) == id) {
                return m;
            } else {
                json_decref(m);     /* a reply nobody waits for */
            }
        }
        double left = deadline - now();
        if (left <= 0)
            return NULL;
        struct pollfd pfd = {c->from, POLLIN, 0};
        int pr = poll(&pfd, 1, (int)(left * 1000) + 1);
        if (pr < 0 && errno == EINTR)
            continue;
        cr_assert_geq(pr, 0, "poll: %s", strerror(errno));
        if (pr == 0)
            continue;
        if (c->cap - c->len < 65536) {
            cr_assert_lt(c->cap, MAX_MESSAGE, "message from chromium too "
                         "large");
            c->cap *= 2;
            c->buf = realloc(c->buf, c->cap);
            cr_assert_not_null(c->buf);
        }
        ssize_t k = read(c->from, c->buf + c->len, c->cap - c->len);
        if (k < 0 && errno == EINTR)
            continue;
        cr_assert_gt(k, 0, "chromium closed the pipe (%s)",
                     k < 0 ? strerror(errno) : "end of file");
        c->len += (size_t)k;
    }
}

/* Call method and return its result (the caller's reference); a protocol
 * error or 30 s without a reply fails the test. */
static json_t *cdp_call(struct cdp *c, const char *method, json_t *params)
{
    int id = ++c->next_id;
    cdp_send(c, method, params, id);
    json_t *m = cdp_pump(c, id, now() + 30);
    cr_assert_not_null(m, "%s: no reply from chromium within 30 s", method);
    json_t *err = json_object_get(m, "error");
    if (err != NULL) {
        char *s = json_dumps(err, JSON_COMPACT);
        cr_assert_fail("%s: %s", method, s ? s : "error");
    }
    json_t *res = json_incref(json_object_get(m, "result"));
    json_decref(m);
    return res != NULL ? res : json_object();
}

static void cdp_do(struct cdp *c, const char *method, json_t *params)
{
    json_decref(cdp_call(c, method, params));
}

/* A command for the browser itself rather than the page. */
static void cdp_do_browser(struct cdp *c, const char *method, json_t *params)
{
    char session[sizeof c->session];
    memcpy(session, c->session, sizeof session);
    c->session[0] = '\0';
    json_decref(cdp_call(c, method, params));
    memcpy(c->session, session, sizeof session);
}

/* The value of a JavaScript expression in the page (promises awaited). */
static json_t *eval(struct cdp *c, const char *expr)
{
    json_t *res = cdp_call(c, "Runtime.evaluate",
                           json_pack("{s:s, s:b, s:b}", "expression", expr,
                                     "returnByValue", 1, "awaitPromise", 1));
    json_t *ex = json_object_get(res, "exceptionDetails");
    if (ex != NULL) {
        char *s = json_dumps(ex, JSON_COMPACT);
        cr_assert_fail("evaluating %s: %s", expr, s ? s : "");
    }
    json_t *v = json_incref(json_object_get(json_object_get(res, "result"),
                                            "value"));
    json_decref(res);
    return v != NULL ? v : json_null();
}

static long long eval_int(struct cdp *c, const char *expr)
{
    json_t *v = eval(c, expr);
    cr_assert(json_is_integer(v), "%s is not an integer", expr);
    long long n = json_integer_value(v);
    json_decref(v);
    return n;
}

static int eval_bool(struct cdp *c, const char *expr)
{
    json_t *v = eval(c, expr);
    int t = json_is_true(v);
    json_decref(v);
    return t;
}

/* The string value of expr, malloc'd. */
static char *eval_str(struct cdp *c, const char *expr)
{
    json_t *v = eval(c, expr);
    cr_assert(json_is_string(v), "%s is not a string", expr);
    char *s = strdup(json_string_value(v));
    json_decref(v);
    return s;
}

static void wait_for(struct cdp *c, const char *expr, double seconds)
{
    double until = now() + seconds;
    while (!eval_bool(c, expr)) {
        cr_assert_lt(now(), until, "waited %.0f s for %s; page problems:\n%s",
                     seconds, expr, c->problems);
        json_t *m = cdp_pump(c, 0, now() + 0.1);
        json_decref(m);
    }
}

static void launch(struct cdp *c, int port)
{
    memset(c, 0, sizeof *c);
    c->port = port;
    const char *chrome = chromium_bin();
    cr_assert_not_null(chrome);
    snprintf(c->profile, sizeof c->profile, "/tmp/chronicle-chromium-XXXXXX");
    cr_assert_not_null(mkdtemp(c->profile));
    snprintf(c->log, sizeof c->log, "/tmp/chronicle-chromium-log-XXXXXX");
    int logfd = mkstemp(c->log);
    cr_assert_geq(logfd, 0);
    char datadir[128];
    snprintf(datadir, sizeof datadir, "--user-data-dir=%s", c->profile);
    int to[2], from[2];
    cr_assert_eq(pipe(to), 0);
    cr_assert_eq(pipe(from), 0);
    c->pid = fork();
    cr_assert_geq(c->pid, 0);
    if (c->pid == 0) {
        /* Its own process group, so the renderer and helpers go with it. */
        setpgid(0, 0);
#ifdef __linux__
        prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
        int devnull = open("/dev/null", O_RDWR);
        /* Out of the way of 3 and 4 first, so neither dup2 below closes
         * the other's source. */
        int in3 = fcntl(to[0], F_DUPFD, 100), out4 = fcntl(from[1], F_DUPFD,
                                                           100);
        dup2(devnull, STDIN_FILENO);
        dup2(logfd, STDOUT_FILENO);
        dup2(logfd, STDERR_FILENO);
        dup2(in3, 3);
        dup2(out4, 4);
        for (int fd = 5; fd < 1024; fd++)
            close(fd);
        setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", 1);
        execl(chrome, chrome, "--headless", "--no-sandbox", "--disable-gpu",
              "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--disable-extensions",
              "--disable-default-apps", "--no-default-browser-check",
              "--disable-dev-shm-usage", "--mute-audio", "--hide-scrollbars",
              "--password-store=basic", "--use-mock-keychain",
              /* The page may reach the daemon and nothing else. */
              "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
              "--proxy-server=direct://", "--remote-debugging-pipe", datadir,
              "about:blank", (char *)NULL);
        _exit(127);
    }
    setpgid(c->pid, c->pid);    /* either side may win the race */
    du_live_group = c->pid;
    close(logfd);
    close(to[0]);
    close(from[1]);
    c->to = to[1];
    c->from = from[0];
    c->cap = 1 << 20;
    c->buf = malloc(c->cap);
    cr_assert_not_null(c->buf);

    /* A page target of our own, attached in flat mode: commands for it
     * carry its sessionId. */
    json_t *t = cdp_call(c, "Target.createTarget",
                         json_pack("{s:s}", "url", "about:blank"));
    const char *tid = json_string_value(json_object_get(t, "targetId"));
    cr_assert_not_null(tid);
    json_t *a = cdp_call(c, "Target.attachToTarget",
                         json_pack("{s:s, s:b}", "targetId", tid, "flatten",
                                   1));
    const char *sid = json_string_value(json_object_get(a, "sessionId"));
    cr_assert_not_null(sid);
    snprintf(c->session, sizeof c->session, "%s", sid);
    json_decref(t);
    json_decref(a);
    cdp_do(c, "Page.enable", NULL);
    cdp_do(c, "Runtime.enable", NULL);
    cdp_do(c, "Log.enable", NULL);
    /* Headless windows have no focus of their own; keyboard tests need
     * the page to behave as the focused one. */
    cdp_do(c, "Emulation.setFocusEmulationEnabled",
           json_pack("{s:b}", "enabled", 1));
    /* A script that did run would call alert(); record it where the test
     * can read it, before any page script runs. */
    cdp_do(c, "Page.addScriptToEvaluateOnNewDocument",
           json_pack("{s:s}", "source",
                     "window.__ran = [];"
                     "window.alert = window.confirm = window.prompt ="
                     " function (m) { window.__ran.push(String(m)); };"));
}

static void quit(struct cdp *c)
{
    c->session[0] = '\0';
    cdp_send(c, "Browser.close", NULL, ++c->next_id);
    double until = now() + 10;
    int status;
    while (now() < until && waitpid(c->pid, &status, WNOHANG) != c->pid)
        pause_ms(20);
    kill(-c->pid, SIGKILL);     /* whatever is left of the group */
    waitpid(c->pid, NULL, WNOHANG);
    du_live_group = -1;
    close(c->to);
    close(c->from);
    free(c->buf);
    remove_tree(c->profile);
    unlink(c->log);
}

static void viewport(struct cdp *c, int width, int height, int mobile)
{
    cdp_do(c, "Emulation.setDeviceMetricsOverride",
           json_pack("{s:i, s:i, s:f, s:b}", "width", width, "height", height,
                     "deviceScaleFactor", 1.0, "mobile", mobile));
}

static void navigate(struct cdp *c, const char *url)
{
    json_t *r = cdp_call(c, "Page.navigate", json_pack("{s:s}", "url", url));
    cr_assert_null(json_object_get(r, "errorText"), "navigating to %s", url);
    json_decref(r);
}

/* Load path (by way of about:blank, so no state of the page before can
 * pass for the new one) and wait until its timeline has settled: "ready"
 * or "error". */
static void load(struct cdp *c, const char *path, const char *state)
{
    char url[512], expr[700];
    navigate(c, "about:blank");
    wait_for(c, "location.href === 'about:blank'", 30);
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", c->port, path);
    navigate(c, url);
    snprintf(expr, sizeof expr, "location.protocol === 'http:' &&"
             " document.readyState === 'complete' &&"
             " document.documentElement.dataset.timeline === '%s'", state);
    wait_for(c, expr, 30);
}

static void open_page(struct cdp *c, const char *path)
{
    load(c, path, "ready");
}

static const unsigned char *b64_table(void)
{
    static unsigned char t[256];
    const char *a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                    "0123456789+/";
    memset(t, 0xff, sizeof t);
    for (unsigned i = 0; i < 64; i++)
        t[(unsigned char)a[i]] = (unsigned char)i;
    return t;
}

/* Save a PNG of the page: the whole document when full, else the
 * viewport.  Returns nothing; failure to write fails the test. */
static void screenshot(struct cdp *c, const char *name, int full)
{
    json_t *params = json_pack("{s:s}", "format", "png");
    if (full) {
        json_t *m = cdp_call(c, "Page.getLayoutMetrics", NULL);
        json_t *size = json_object_get(m, "cssContentSize");
        double w = json_number_value(json_object_get(size, "width"));
        double h = json_number_value(json_object_get(size, "height"));
        json_decref(m);
        if (h > 16000)
            h = 16000;
        json_object_set_new(params, "captureBeyondViewport", json_true());
        json_object_set_new(params, "clip",
                            json_pack("{s:f, s:f, s:f, s:f, s:f}", "x", 0.0,
                                      "y", 0.0, "width", w, "height", h,
                                      "scale", 1.0));
    }
    json_t *res = cdp_call(c, "Page.captureScreenshot", params);
    const char *b64 = json_string_value(json_object_get(res, "data"));
    cr_assert_not_null(b64);
    size_t n = strlen(b64);
    unsigned char *png = malloc(n / 4 * 3 + 3);
    cr_assert_not_null(png);
    const unsigned char *t = b64_table();
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char v = t[(unsigned char)b64[i]];
        if (v == 0xff)
            continue;           /* padding */
        acc = (acc << 6) | v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            png[o++] = (unsigned char)(acc >> bits);
        }
    }
    json_decref(res);
    cr_assert(o > 8 && memcmp(png, "\x89PNG", 4) == 0, "not a PNG");
    char path[512];
    mkdir(shots_dir(), 0755);
    snprintf(path, sizeof path, "%s/%s", shots_dir(), name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s: %s", path, strerror(errno));
    cr_assert_eq(fwrite(png, 1, o, f), o);
    cr_assert_eq(fclose(f), 0);
    free(png);
}

static void press(struct cdp *c, const char *key, const char *code, int vk,
                  const char *text)
{
    json_t *down = json_pack("{s:s, s:s, s:s, s:i, s:i}", "type", "keyDown",
                             "key", key, "code", code,
                             "windowsVirtualKeyCode", vk,
                             "nativeVirtualKeyCode", vk);
    if (text != NULL)
        json_object_set_new(down, "text", json_string(text));
    cdp_do(c, "Input.dispatchKeyEvent", down);
    cdp_do(c, "Input.dispatchKeyEvent",
           json_pack("{s:s, s:s, s:s, s:i, s:i}", "type", "keyUp", "key", key,
                     "code", code, "windowsVirtualKeyCode", vk,
                     "nativeVirtualKeyCode", vk));
}

#define SKIP_WITHOUT_CHROMIUM()                                              \
    do {                                                                     \
        if (chromium_bin() == NULL)                                          \
            cr_skip_test("chromium is not installed (`make test-deps` installs "\
                         "Debian's chromium): browser test skipped");        \
    } while (0)

/* How the page must show a date of these precisions, from the JSON's
 * value and start: a band is named as the band, never as its first day. */
static void expected_label(json_t *date, char *out, size_t cap)
{
    static const char *const months[] = {
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};
    const char *prec = json_string_value(json_object_get(date, "precision"));
    const char *value = json_string_value(json_object_get(date, "value"));
    const char *start = json_string_value(json_object_get(date, "start"));
    int y = 0, m = 0, d = 0;
    out[0] = '\0';
    if (prec == NULL || value == NULL || start == NULL ||
        sscanf(start, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12)
        return;
    if (strcmp(prec, "day") == 0)
        snprintf(out, cap, "%d %s %d", d, months[m - 1], y);
    else if (strcmp(prec, "week") == 0)
        snprintf(out, cap, "week of %d %s %d", d, months[m - 1], y);
    else if (strcmp(prec, "month") == 0)
        snprintf(out, cap, "%s %d", months[m - 1], y);
    else if (strcmp(prec, "year") == 0)
        snprintf(out, cap, "%d", y);
}

static size_t count_events(int port, const char *query)
{
    char target[512];
    snprintf(target, sizeof target, "/timeline.json%s", query);
    json_t *j = get_json(port, target);
    size_t n = json_array_size(json_object_get(j, "events"));
    json_decref(j);
    return n;
}

/* Source s (an element of the JSON's "sources") shown as the i-th of the
 * open event id: its date expression is marked inside its sentence when
 * the sentence holds it; an inferred date comes from another sentence and
 * is only named below it. */
static void expect_date_marked(struct cdp *c, const char *id, size_t i, json_t *s)
{
    char expr[512];
    snprintf(expr, sizeof expr, "(document.querySelectorAll('#e-%s .source')[%zu]"
             ".querySelector('.evidence mark') || {}).textContent || ''", id, i);
    char *got = eval_str(c, expr);
    json_int_t rel = json_integer_value(json_object_get(s, "date_offset")) -
                     json_integer_value(json_object_get(s, "offset"));
    int inside = json_is_integer(json_object_get(s, "date_offset")) && rel >= 0 &&
                 rel < json_integer_value(json_object_get(s, "length"));
    const char *dtext = json_string_value(json_object_get(s, "date_text"));
    cr_expect_str_eq(got, inside && dtext ? dtext : "", "highlight of source %zu", i);
    free(got);
}

/* Open source i of the open event id in the document dialog and wait for
 * its sentence to be marked: the same words as the source's evidence, in
 * the whole document.  The dialog stays open (close_document). */
static void open_source_document(struct cdp *c, const char *id, size_t i)
{
    char expr[1024];
    snprintf(expr, sizeof expr, "document.querySelectorAll('#e-%s .source')[%zu]"
             ".querySelector('.open-doc').click(), true", id, i);
    cr_assert(eval_bool(c, expr));
    wait_for(c, "document.getElementById('doc-view').open && "
                "!!document.querySelector('#doc-view-text mark.sentence')", 10);
    snprintf(expr, sizeof expr,
             "document.querySelector('#doc-view-text mark.sentence').textContent"
             ".replace(/\\s+/g, ' ').trim() === "
             "document.querySelectorAll('#e-%s .source')[%zu].querySelector('.evidence')"
             ".textContent.replace(/\\s+/g, ' ').trim()", id, i);
    cr_expect(eval_bool(c, expr), "the marked sentence is not the evidence of source %zu", i);
    cr_expect(eval_bool(c, "document.getElementById('doc-view-text').textContent.length > "
                           "document.querySelector('#doc-view-text mark.sentence')"
                           ".textContent.length"), "the whole document is not shown");
}

static void close_document(struct cdp *c)
{
    cr_assert(eval_bool(c, "document.getElementById('doc-view-close').click(), true"));
    wait_for(c, "!document.getElementById('doc-view').open", 5);
}

Test(page, shows_the_chronology_in_a_browser, .init = bounded)
{
    SKIP_WITHOUT_CHROMIUM();
    struct daemon d;
    start_page(&d, SEED);
    json_t *all = get_json(d.port, "/timeline.json");
    json_t *events = json_object_get(all, "events");
    size_t total = json_array_size(events);
    cr_assert_gt(total, 10u);
    json_t *docs = get_json(d.port, "/documents");

    struct cdp c;
    launch(&c, d.port);
    viewport(&c, 1280, 900, 0);
    /* The page opens on the key events: the most salient, in order, and
     * a switch to all of them. */
    open_page(&c, "/");
    json_t *key = get_json(d.port, "/timeline.json?top=25");
    size_t nkey = json_array_size(json_object_get(key, "events"));
    cr_assert_lt(nkey, total);
    cr_expect_eq(eval_int(&c, "document.querySelectorAll('#timeline .event').length"),
                 (long long)nkey);
    for (size_t i = 0; i < nkey; i++) {
        char ex[256];
        snprintf(ex, sizeof ex, "document.querySelectorAll('#timeline .event')[%zu].id === 'e-%s'",
                 i, json_string_value(json_object_get(json_array_get(json_object_get(key, "events"), i), "id")));
        cr_expect(eval_bool(&c, ex), "key event %zu out of place", i);
    }
    char kexpr[256];
    snprintf(kexpr, sizeof kexpr, "document.getElementById('status').textContent === "
             "'Showing %zu key events of %zu'", nkey, total);
    cr_expect(eval_bool(&c, kexpr), "the status does not say %zu key of %zu", nkey, total);
    json_decref(key);
    /* the picture for the README (docs/page.png) */
    screenshot(&c, "page-key-events.png", 0);
    cr_assert(eval_bool(&c, "document.getElementById('scope').click(), true"));
    wait_for(&c, "location.search === '?all=1' && document.documentElement.dataset.timeline "
                 "=== 'ready'", 15);

    /* Every event of the JSON, each dated as precisely as it is known. */
    cr_expect_eq(eval_int(&c, "document.querySelectorAll('#timeline "
                              ".event').length"), (long long)total);
    /* The time axis holds the same events: a day a point, a longer date
     * a band, each linked to its event. */
    cr_expect_eq(eval_int(&c, "document.querySelectorAll('#axis-svg .item').length"),
                 (long long)total);
    cr_expect(eval_bool(&c, "Array.from(document.querySelectorAll('#axis-svg .item')).every("
                            "function (n) { return !!document.getElementById('e-' + "
                            "n.getAttribute('data-id')); })"), "axis items without an event");
    cr_expect(eval_bool(&c, "document.querySelectorAll('#axis-svg circle.point').length > 0 && "
                            "document.querySelectorAll('#axis-svg rect.band').length > 0"));
    /* zooming in widens what is drawn; Fit brings it back */
    cr_expect(eval_bool(&c, "(function () { var b = document.querySelector('#axis-svg rect.band');"
                            " var id = b.getAttribute('data-id');"
                            " var w0 = +b.getAttribute('width');"
                            " document.getElementById('axis-in').click();"
                            " var w1 = +document.querySelector('#axis-svg rect[data-id=\"' + id +"
                            " '\"]').getAttribute('width');"
                            " document.getElementById('axis-fit').click();"
                            " var w2 = +document.querySelector('#axis-svg rect[data-id=\"' + id +"
                            " '\"]').getAttribute('width');"
                            " return w1 > w0 * 1.5 && Math.abs(w2 - w0) < 0.01; })()"),
              "zoom in and fit");
    char expr[1024], want[128];
    snprintf(expr, sizeof expr, "document.getElementById('status')"
             ".textContent === 'Showing %zu of %zu events'", total, total);
    cr_expect(eval_bool(&c, expr), "the count does not say %zu of %zu",
              total, total);
    size_t checked = 0;
    for (size_t i = 0; i < total; i++) {
        json_t *e = json_array_get(events, i);
        expected_label(json_object_get(e, "date"), want, sizeof want);
        if (want[0] == '\0')
            continue;
        snprintf(expr, sizeof expr, "document.querySelector('#e-%s .date')"
                 ".textContent", json_string_value(json_object_get(e, "id")));
        char *got = eval_str(&c, expr);
        cr_expect_str_eq(got, want, "event %zu", i);
        free(got);
        checked++;
    }
    cr_expect_gt(checked, total / 2);
    cr_expect(eval_bool(&c, "Array.from(document.querySelectorAll("
                            "'.event.coarse .date')).every(function (x) {"
                            " return !/^1 /.test(x.textContent); })"),
              "a coarse date shown as the 1st");
    /* Years as headings, months under them, in order. */
    cr_expect(eval_bool(&c, "(function () { var y = Array.from("
                            "document.querySelectorAll('h2.year')).map("
                            "function (h) { return +h.textContent; });"
                            " return y.length > 3 && y.every(function (v, i)"
                            " { return i === 0 || v > y[i - 1]; }); })()"),
              "year headings missing or out of order");
    /* The versions view appears only when the daemon keeps versions. */
    struct resp vr;
    request(d.port, "GET", "/versions", NULL, &vr);
    cr_expect_eq(eval_bool(&c, "!document.getElementById('tab-changes')"
                               ".hidden"), vr.status == 200,
                 "changes tab shown: %d, /versions answers %d",
                 eval_bool(&c, "!document.getElementById('tab-changes')"
                               ".hidden"), vr.status);
    resp_free(&vr);
    screenshot(&c, "page-desktop-full.png", 1);

    /* A type filter: the JSON's count, in the URL, in the feeds' links. */
    cr_assert(eval_bool(&c, "(function () { var b = document.querySelector("
                            "'input[name=type][value=meeting]');"
                            " if (!b) return false; b.click(); return true;"
                            " })()"));
    wait_for(&c, "document.documentElement.dataset.timeline === 'ready'", 30);
    size_t meetings = count_events(d.port, "?type=meeting");
    cr_expect_gt(meetings, 0u);
    cr_expect_lt(meetings, total);
    cr_expect_eq(eval_int(&c, "document.querySelectorAll('#timeline "
                              ".event').length"), (long long)meetings);
    cr_expect_eq(eval_int(&c, "document.querySelectorAll('#axis-svg .item').length"),
                 (long long)meetings, "the axis follows the type filter");
    cr_expect(eval_bool(&c, "location.search === '?type=meeting&all=1'"));
    snprintf(expr, sizeof expr, "document.getElementById('status')"
             ".textContent === 'Showing %zu of %zu events'", meetings, total);
    cr_expect(eval_bool(&c, expr), "filtered count");
    snprintf(expr, sizeof expr, "document.getElementById('sub-webcal').href"
             " === 'webcal://127.0.0.1:%d/timeline.ics?type=meeting'",
             d.port);
    cr_expect(eval_bool(&c, expr), "webcal link");
    snprintf(expr, sizeof expr, "document.getElementById('sub-ics').href"
             " === 'http://127.0.0.1:%d/timeline.ics?type=meeting' &&"
             " document.getElementById('sub-json').href"
             " === 'http://127.0.0.1:%d/timeline.json?type=meeting'",
             d.port, d.port);
    cr_expect(eval_bool(&c, expr), "ics and json links");
    cr_expect(eval_bool(&c, "document.getElementById('sub-google').href ==="
                            " 'https://calendar.google.com/calendar/r?cid=' +"
                            " encodeURIComponent(document.getElementById("
                            "'sub-webcal').href) && document.getElementById("
                            "'sub-url').value === document.getElementById("
                            "'sub-webcal').href"), "Google Calendar link");
    /* The copy button puts the subscription address on the clipboard. */
    snprintf(expr, sizeof expr, "http://127.0.0.1:%d", d.port);
    cdp_do_browser(&c, "Browser.grantPermissions",
                   json_pack("{s:s, s:[s, s]}", "origin", expr,
                             "permissions", "clipboardReadWrite",
                             "clipboardSanitizedWrite"));
    eval_bool(&c, "document.getElementById('subscribe').open = true,"
                  " document.getElementById('copy').click(), true");
    wait_for(&c, "document.getElementById('copied').textContent !== ''", 10);
    cr_expect(eval_bool(&c, "navigator.clipboard.readText().then(function (t)"
                            " { return t === document.getElementById("
                            "'sub-webcal').href; })"),
              "the clipboard does not hold the webcal address");
    struct resp ics;
    request(d.port, "GET", "/timeline.ics?type=meeting", NULL, &ics);
    cr_expect_eq(ics.status, 200, "the subscribed feed answers %d",
                 ics.status);
    resp_free(&ics);

    /* The filtered view, shared: the same events from the URL alone, and
     * the text and date filters the same way. */
    static const char *const shared[] = {
        "?type=meeting", "?type=meeting,law", "?q=huawei", "?from=2019-03",
        "?from=2019-03&to=2019-03&precision=day", "?actor=Huawei",
        "?type=ban&q=nothing-has-this-text",
    };
    for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "/%s", shared[i]);
        open_page(&c, path);
        /* a shared link opens on its key events */
        char keyq[300];
        snprintf(keyq, sizeof keyq, "%s&top=25", shared[i]);
        size_t n = count_events(d.port, keyq);
        cr_expect_eq(eval_int(&c, "document.querySelectorAll('#timeline "
                                  ".event').length"), (long long)n, "%s",
                     shared[i]);
        snprintf(expr, sizeof expr, "document.getElementById('status')"
                 ".dataset.shown === '%zu'", n);
        cr_expect(eval_bool(&c, expr), "count for %s", shared[i]);
    }
    /* A bad value gets the server's message, not a broken page. */
    c.expect_fail = "timeline.json?from=soon&top=25";
    load(&c, "/?from=soon", "error");
    cr_expect(eval_bool(&c, "/from/.test(document.getElementById('error')"
                            ".textContent)"));
    c.expect_fail = NULL;
    /* The text filter from the form, as a user types it. */
    open_page(&c, "/");
    cr_assert(eval_bool(&c, "(function () { var f = document.getElementById("
                            "'filters'); f.elements.q.value = 'Brussels';"
                            " f.requestSubmit(); return true; })()"));
    wait_for(&c, "document.documentElement.dataset.timeline === 'ready'", 30);
    cr_expect(eval_bool(&c, "location.search === '?q=Brussels'"));
    cr_expect_eq(eval_int(&c, "document.querySelectorAll('#timeline "
                              ".event').length"),
                 (long long)count_events(d.port, "?q=Brussels"));

    /* Opening an event with the keyboard shows every source. */
    open_page(&c, "/?all=1");
    json_t *most = NULL, *disputed = NULL;
    for (size_t i = 0; i < total; i++) {
        json_t *e = json_array_get(events, i);
        size_t ns = json_array_size(json_object_get(e, "sources"));
        if (most == NULL ||
            ns > json_array_size(json_object_get(most, "sources")))
            most = e;
        if (disputed == NULL && json_array_size(json_object_get(
                                    e, "date_conflicts")) > 0)
            disputed = e;
    }
    cr_assert_not_null(most);
    const char *id = json_string_value(json_object_get(most, "id"));
    json_t *sources = json_object_get(most, "sources");
    cr_assert_gt(json_array_size(sources), 1u);
    snprintf(expr, sizeof expr, "document.querySelector('#e-%s .row')"
             ".focus(), document.activeElement.closest('.event').id", id);
    char *focused = eval_str(&c, expr);
    snprintf(want, sizeof want, "e-%s", id);
    cr_expect_str_eq(focused, want);
    free(focused);
    press(&c, "Enter", "Enter", 13, "\r");
    snprintf(expr, sizeof expr, "document.querySelector('#e-%s')"
             ".classList.contains('open')", id);
    wait_for(&c, expr, 5);
    snprintf(expr, sizeof expr, "document.querySelectorAll('#e-%s "
             ".detail:not([hidden]) .source').length", id);
    cr_expect_eq(eval_int(&c, expr), (long long)json_array_size(sources));
    cr_expect(eval_bool(&c, "location.hash.indexOf('#e-') === 0"));
    for (size_t i = 0; i < json_array_size(sources); i++) {
        json_t *s = json_array_get(sources, i);
        const char *doc = json_string_value(json_object_get(s, "doc"));
        snprintf(expr, sizeof expr, "document.querySelectorAll('#e-%s "
                 ".source .docname')[%zu].textContent", id, i);
        char *got = eval_str(&c, expr);
        cr_expect_str_eq(got, doc, "source %zu", i);
        free(got);
        expect_date_marked(&c, id, i, s);
        /* The document's date and how it was found, from /documents. */
        json_t *list = json_object_get(docs, "documents");
        for (size_t k = 0; k < json_array_size(list); k++) {
            json_t *dd = json_array_get(list, k);
            const char *how = json_string_value(json_object_get(dd,
                                                                "dct_how"));
            if (strcmp(json_string_value(json_object_get(dd, "name")), doc)
                != 0 || how == NULL)
                continue;
            snprintf(expr, sizeof expr, "document.querySelectorAll('#e-%s "
                     ".source .dct')[%zu].textContent", id, i);
            got = eval_str(&c, expr);
            cr_expect_not_null(strstr(got, how), "source %zu: '%s' lacks "
                               "'%s'", i, got, how);
            cr_expect_not_null(strstr(got, "document dated"), "%s", got);
            free(got);
        }
    }
    /* A source opens its document, the sentence marked in it: the file
     * itself, UTF-8 text, so nothing is said about a conversion. */
    open_source_document(&c, id, 0);
    cr_expect(eval_bool(&c, "document.getElementById('doc-view-from').hidden"));
    close_document(&c);
    /* re-focus the event's row for the keys below */
    snprintf(expr, sizeof expr, "document.querySelector('#e-%s .row').focus(), true", id);
    cr_assert(eval_bool(&c, expr));

    /* Arrow keys move between events; the focus is visible. */
    press(&c, "ArrowDown", "ArrowDown", 40, NULL);
    cr_expect(eval_bool(&c, "document.activeElement.classList.contains("
                            "'row') && getComputedStyle(document."
                            "activeElement).outlineStyle !== 'none'"),
              "focus not moved to the next row, or not visible");
    /* Space opens too, Escape closes. */
    press(&c, " ", "Space", 32, " ");
    wait_for(&c, "document.activeElement.closest('.event').classList"
                 ".contains('open')", 5);
    press(&c, "Escape", "Escape", 27, NULL);
    wait_for(&c, "!document.activeElement.closest('.event').classList"
                 ".contains('open')", 5);

    /* A disputed date says so, and which source differs.  The top of
     * the page with it open is the picture for the README
     * (docs/page.png). */
    if (disputed != NULL) {
        const char *did = json_string_value(json_object_get(disputed, "id"));
        snprintf(expr, sizeof expr, "/#e-%s", did);
        open_page(&c, expr);
        snprintf(expr, sizeof expr, "!!document.querySelector('#e-%s.open "
                 ".conflict') && document.querySelectorAll('#e-%s "
                 ".source.differs').length > 0", did, did);
        cr_expect(eval_bool(&c, expr), "date conflict not shown");
        eval_bool(&c, "document.activeElement.blur(), window.scrollTo(0, 0),"
                      " true");
        screenshot(&c, "page-desktop.png", 0);
    }
    /* A link to one event opens it. */
    snprintf(expr, sizeof expr, "/#e-%s", id);
    open_page(&c, expr);
    snprintf(expr, sizeof expr, "document.querySelector('#e-%s')"
             ".classList.contains('open')", id);
    wait_for(&c, expr, 5);
    screenshot(&c, "page-event.png", 0);

    /* A phone: one column, nothing wider than the screen. */
    viewport(&c, 390, 844, 1);
    open_page(&c, "/?all=1");
    cr_expect(eval_bool(&c, "document.documentElement.scrollWidth <="
                            " window.innerWidth"),
              "the page is wider than a phone");
    cr_expect(eval_bool(&c, "!document.getElementById('filter-panel').open"),
              "on a phone the filters should start folded");
    screenshot(&c, "page-phone.png", 0);
    snprintf(expr, sizeof expr, "document.querySelector('#e-%s .row')"
             ".click(), document.documentElement.scrollWidth <="
             " window.innerWidth", id);
    cr_expect(eval_bool(&c, expr), "an open event is wider than a phone");
    screenshot(&c, "page-phone-full.png", 1);

    cr_expect_eq(c.nproblems, 0u, "the page reported errors:\n%s",
                 c.problems);
    quit(&c);
    json_decref(all);
    json_decref(docs);
    stop(&d);
}

Test(page, document_markup_is_shown_as_text_and_runs_nothing,
     .init = bounded)
{
    SKIP_WITHOUT_CHROMIUM();
    struct daemon d;
    start_page(&d, MARKUP);
    json_t *all = get_json(d.port, "/timeline.json");
    size_t total = json_array_size(json_object_get(all, "events"));
    cr_assert_geq(total, 1u, "the markup fixture yields no event");
    json_decref(all);

    struct cdp c;
    launch(&c, d.port);
    viewport(&c, 1280, 900, 0);
    /* The text filter carries markup too. */
    open_page(&c, "/?q=%3Cscript%3E");
    open_page(&c, "/");
    cr_expect_eq(eval_int(&c, "document.querySelectorAll('#timeline "
                              ".event').length"), (long long)total);
    /* Open every event, so every sentence is in the page. */
    cr_expect_eq(eval_int(&c, "(function () { var r = document"
                              ".querySelectorAll('#timeline .row');"
                              " r.forEach(function (b) { b.click(); });"
                              " return r.length; })()"), (long long)total);
    pause_ms(300);
    cr_expect_eq(eval_int(&c, "window.__ran.length"), 0,
                 "a script from a document ran");
    /* the page's own drawing is the axis; nothing else may be an svg */
    cr_expect_eq(eval_int(&c, "document.querySelectorAll('main script, main"
                              " img, main svg:not(#axis-svg), main b, main i,"
                              " main a[href^=\"javascript\"]').length"), 0,
                 "document markup became elements");
    cr_expect_eq(eval_int(&c, "document.scripts.length"), 1,
                 "a script element was added");
    cr_expect(eval_bool(&c, "document.getElementById('timeline').textContent"
                            ".indexOf('<script>alert(1)</script>') >= 0 &&"
                            " document.getElementById('timeline').textContent"
                            ".indexOf('<img src=x onerror=alert(2)>') >= 0"),
              "the markup is not shown as text");
    cr_expect(eval_bool(&c, "Array.from(document.querySelectorAll("
                            "'.evidence mark')).some(function (m) {"
                            " return m.textContent === '5 March 2019'; })"));
    screenshot(&c, "page-markup.png", 1);
    cr_expect_eq(c.nproblems, 0u, "the page reported errors:\n%s",
                 c.problems);
    quit(&c);
    stop(&d);
}

/* The "changes" view follows the daemon's version history (/versions,
 * /diff).  A daemon without one answers 404 there: the view stays hidden,
 * a link to it shows the timeline, and nothing is reported as an error. */
Test(page, changes_view_follows_the_version_history, .init = bounded)
{
    SKIP_WITHOUT_CHROMIUM();
    char corpus[64];
    copy_corpus(SEED, corpus, sizeof corpus);
    struct daemon d;
    start_page(&d, corpus);
    struct resp vr;
    request(d.port, "GET", "/versions", NULL, &vr);
    int has_versions = vr.status == 200;
    resp_free(&vr);

    struct cdp c;
    launch(&c, d.port);
    viewport(&c, 1280, 900, 0);
    if (!has_versions) {
        cr_log_info("this daemon keeps no version history: checking that "
                    "the page hides its changes view");
        open_page(&c, "/#changes");
        cr_expect(eval_bool(&c, "document.getElementById('tab-changes')"
                                ".hidden && !document.getElementById("
                                "'view-timeline').hidden &&"
                                " document.getElementById('view-changes')"
                                ".hidden"));
        cr_expect_eq(c.nproblems, 0u, "the page reported errors:\n%s",
                     c.problems);
        quit(&c);
        stop(&d);
        remove_tree(corpus);
        return;
    }

    /* A second version: the seed corpus becomes fixtures/corpus-v2. */
    run("rm -f '%s'/* && cp fixtures/corpus-v2/* '%s'/", corpus, corpus);
    double until = now() + 60;
    size_t nversions = 0;
    /* The swap (rm, then cp) can make an in-between version: wait until
     * the daemon is idle and the history stops growing, so /diff and the
     * page look at the same, final, pair of versions. */
    size_t stable = 0, last = 0;
    while (nversions < 2 || stable < 3) {
        cr_assert_lt(now(), until, "the version history did not settle within 60 s");
        pause_ms(300);
        json_t *v = get_json(d.port, "/versions");
        nversions = json_array_size(json_object_get(v, "versions"));
        json_decref(v);
        json_t *h = get_json(d.port, "/healthz");
        int building = json_is_true(json_object_get(json_object_get(h, "reload"), "building"));
        json_decref(h);
        stable = (!building && nversions == last) ? stable + 1 : 0;
        last = nversions;
    }
    json_t *diff = get_json(d.port, "/diff");
    size_t added = json_array_size(json_object_get(diff, "added"));
    size_t removed = json_array_size(json_object_get(diff, "removed"));
    json_t *changed = json_object_get(diff, "changed");
    size_t redated = 0;
    for (size_t i = 0; i < json_array_size(changed); i++)
        if (json_object_get(json_object_get(json_array_get(changed, i),
                                            "fields"), "date") != NULL)
            redated++;
    cr_expect_gt(added + removed + redated, 0u, "the diff shows nothing");
    json_decref(diff);

    open_page(&c, "/#changes");
    wait_for(&c, "!document.getElementById('view-changes').hidden &&"
                 " !!document.querySelector('#changes h3.diff-h')", 30);
    char expr[512];
    snprintf(expr, sizeof expr, "document.querySelector('#changes h3.added')"
             ".textContent === 'Added (%zu)' && document.querySelector("
             "'#changes h3.removed').textContent === 'Removed (%zu)' &&"
             " document.querySelector('#changes h3.redated').textContent"
             " === 'Re-dated (%zu)'", added, removed, redated);
    cr_expect(eval_bool(&c, expr), "the changes view does not match /diff");
    cr_expect(eval_bool(&c, "!document.getElementById('tab-changes')"
                            ".hidden"));
    screenshot(&c, "page-changes.png", 0);
    cr_expect_eq(c.nproblems, 0u, "the page reported errors:\n%s",
                 c.problems);
    quit(&c);
    stop(&d);
    remove_tree(corpus);
}

/* A source from a PDF opens the text chronicle read from the PDF (the
 * bytes of /documents/NAME/text, which its offsets count): the whole text
 * shown, the source's sentence marked at its offsets (holding its trigger
 * and its date), and a link to the PDF itself. */
Test(page, evidence_from_a_pdf_is_marked_in_its_converted_text, .init = bounded)
{
    SKIP_WITHOUT_CHROMIUM();
    char corpus[64], p[128];
    snprintf(corpus, sizeof corpus, "/tmp/chronicled-pdf-XXXXXX");
    cr_assert_not_null(mkdtemp(corpus));
    static const char *const story[] = {"story.pdf", "story.txt"};
    for (size_t i = 0; i < 2; i++) {
        char from[128];
        snprintf(from, sizeof from, "fixtures/formats/%s", story[i]);
        snprintf(p, sizeof p, "%s/%s", corpus, story[i]);
        copy_file(from, p);
    }
    struct daemon d;
    start_page(&d, corpus);

    /* the converted text, and a source from the PDF whose date is in its
     * sentence */
    struct resp text;
    get(d.port, "/documents/story.pdf/text", &text);
    cr_assert_eq(text.status, 200);
    char h[64];
    cr_expect_str_eq(hdr(&text, "X-Chronicle-Text-Of", h, sizeof h), "converted");
    json_t *all = get_json(d.port, "/timeline.json");
    json_t *e, *src = NULL;
    const char *id = NULL;
    size_t i, at = 0;
    json_array_foreach(json_object_get(all, "events"), i, e) {
        json_t *s;
        size_t k;
        json_array_foreach(json_object_get(e, "sources"), k, s) {
            json_int_t rel = json_integer_value(json_object_get(s, "date_offset")) -
                             json_integer_value(json_object_get(s, "offset"));
            if (src == NULL && strcmp(jstr(s, "doc"), "story.pdf") == 0 && rel >= 0 &&
                rel < json_integer_value(json_object_get(s, "length"))) {
                src = s;
                at = k;
                id = jstr(e, "id");
            }
        }
    }
    cr_assert_not_null(src, "no source from the PDF with its date in its sentence");
    size_t off = (size_t)json_integer_value(json_object_get(src, "offset"));
    size_t len = (size_t)json_integer_value(json_object_get(src, "length"));
    size_t toff = (size_t)json_integer_value(json_object_get(src, "trigger_offset"));
    size_t doff = (size_t)json_integer_value(json_object_get(src, "date_offset"));
    const char *trigger = jstr(src, "trigger"), *dtext = jstr(src, "date_text");
    cr_assert(off + len <= text.blen);
    cr_assert(toff >= off && toff + strlen(trigger) <= off + len &&
              memcmp(text.body + toff, trigger, strlen(trigger)) == 0,
              "trigger '%s' is not at %zu of the PDF's text", trigger, toff);
    cr_assert(doff >= off && doff + strlen(dtext) <= off + len &&
              memcmp(text.body + doff, dtext, strlen(dtext)) == 0,
              "date '%s' is not at %zu of the PDF's text", dtext, doff);
    char *sentence = strndup(text.body + off, len);
    char *whole = strndup(text.body, text.blen);

    struct cdp c;
    launch(&c, d.port);
    viewport(&c, 1280, 900, 0);
    char expr[1024];
    snprintf(expr, sizeof expr, "/?all=1#e-%s", id);
    open_page(&c, expr);
    snprintf(expr, sizeof expr, "document.querySelector('#e-%s').classList.contains('open')", id);
    wait_for(&c, expr, 5);
    snprintf(expr, sizeof expr, "document.querySelectorAll('#e-%s .source .docname')[%zu]"
             ".textContent", id, at);
    char *got = eval_str(&c, expr);
    cr_expect_str_eq(got, "story.pdf");
    free(got);
    expect_date_marked(&c, id, at, src);

    open_source_document(&c, id, at);
    /* the bytes the offsets count, marked where they say */
    got = eval_str(&c, "document.querySelector('#doc-view-text mark.sentence').textContent");
    cr_expect_str_eq(got, sentence, "the mark is not bytes %zu-%zu of the converted text",
                     off, off + len);
    free(got);
    got = eval_str(&c, "document.getElementById('doc-view-text').textContent");
    cr_expect_str_eq(got, whole, "the dialog does not show the converted text");
    free(got);
    json_t *jt = json_string(trigger);
    char *quoted = json_dumps(jt, JSON_ENCODE_ANY);
    json_decref(jt);
    snprintf(expr, sizeof expr, "document.querySelector('#doc-view-text mark.sentence')"
             ".textContent.indexOf(%s) >= 0", quoted);
    free(quoted);
    cr_expect(eval_bool(&c, expr), "the marked sentence lacks the trigger '%s'", trigger);
    /* said to be converted from a PDF, with the PDF a link away */
    cr_expect(eval_bool(&c, "!document.getElementById('doc-view-from').hidden && "
                            "/a PDF/.test(document.getElementById('doc-view-from').textContent)"
                            " && document.querySelector('#doc-view-from a').getAttribute('href')"
                            " === 'documents/story.pdf/file'"),
              "the dialog does not say the text was read from a PDF");
    screenshot(&c, "page-pdf-evidence.png", 0);
    struct resp file;
    get(d.port, "/documents/story.pdf/file", &file);
    cr_expect_eq(file.status, 200);
    cr_expect_str_eq(hdr(&file, "Content-Type", h, sizeof h), "application/pdf");
    resp_free(&file);
    close_document(&c);

    cr_expect_eq(c.nproblems, 0u, "the page reported errors:\n%s", c.problems);
    quit(&c);
    free(sentence);
    free(whole);
    resp_free(&text);
    json_decref(all);
    stop(&d);
    remove_tree(corpus);
}
