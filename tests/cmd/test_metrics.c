/*
 * test_metrics.c - chronicled's /metrics as an operator's Prometheus reads
 * it: well-formed text exposition (checked here by rules of our own, and
 * by promtool where it is installed), the process series against what
 * /proc says of the daemon, chronicle_build_info against --version, the
 * corpus gauges against the folder, and reload failures counted.
 */
#include <ctype.h>
#include <math.h>

#include "daemonutil.h"

#define FIXTURES "fixtures/corpus"

/* ---- a checker of the text exposition format ---- */

#define LINT_MAX 256

struct lint {
    char families[LINT_MAX][96];
    char types[LINT_MAX][12];
    int helped[LINT_MAX];
    size_t nfam;
    char series[LINT_MAX * 2][256];
    size_t nseries;
    long cur;                   /* family of the last TYPE line, -1 none */
    double last_le, last_bucket, inf_bucket;
    int inf_seen;
    char err[256];
};

static int lint_fail(struct lint *l, size_t line, const char *what, const char *text)
{
    if (l->err[0] == '\0')
        snprintf(l->err, sizeof l->err, "line %zu: %s: %.120s", line, what, text);
    return -1;
}

static size_t name_len(const char *p, int colons)
{
    size_t n = 0;
    if (!(isalpha((unsigned char)p[0]) || p[0] == '_' || (colons && p[0] == ':')))
        return 0;
    while (isalnum((unsigned char)p[n]) || p[n] == '_' || (colons && p[n] == ':'))
        n++;
    return n;
}

static long family_of(const struct lint *l, const char *name, size_t n)
{
    for (size_t i = 0; i < l->nfam; i++)
        if (strlen(l->families[i]) == n && strncmp(l->families[i], name, n) == 0)
            return (long)i;
    return -1;
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && strncmp(s + n - k, suffix, k) == 0;
}

/* "# HELP name text" or "# TYPE name type". */
static int lint_comment(struct lint *l, size_t ln, const char *s)
{
    int help = strncmp(s, "# HELP ", 7) == 0, type = strncmp(s, "# TYPE ", 7) == 0;
    if (!help && !type)
        return lint_fail(l, ln, "a comment that is neither HELP nor TYPE", s);
    const char *name = s + 7;
    size_t n = name_len(name, 1);
    if (n == 0 || n >= sizeof l->families[0] || name[n] != ' ' || name[n + 1] == '\0')
        return lint_fail(l, ln, "a bad metric name, or nothing after it", s);
    long f = family_of(l, name, n);
    if (f < 0) {
        if (l->nfam == LINT_MAX)
            return lint_fail(l, ln, "too many families", s);
        f = (long)l->nfam++;
        memcpy(l->families[f], name, n);
        l->families[f][n] = '\0';
    } else if (f != l->cur) {
        return lint_fail(l, ln, "a family described twice, or its samples split", s);
    }
    if (help) {
        if (l->helped[f]++)
            return lint_fail(l, ln, "two HELP lines", s);
        l->cur = f;
        return 0;
    }
    if (l->types[f][0] != '\0')
        return lint_fail(l, ln, "two TYPE lines", s);
    const char *t = name + n + 1;
    static const char *const kinds[] = {"counter", "gauge", "histogram", "summary", "untyped"};
    int ok = 0;
    for (size_t i = 0; i < 5; i++)
        ok |= strcmp(t, kinds[i]) == 0;
    if (!ok)
        return lint_fail(l, ln, "an unknown type", s);
    if (strcmp(t, "counter") == 0 && !ends_with(name, n, "_total"))
        return lint_fail(l, ln, "a counter whose name does not end in _total", s);
    snprintf(l->types[f], sizeof l->types[f], "%s", t);
    l->cur = f;
    l->inf_seen = 0;
    l->last_le = -1e300;
    l->last_bucket = 0;
    return 0;
}

/* {name="value",...}: 0 and *end past the '}', le's value into *le. */
static int lint_labels(struct lint *l, size_t ln, const char *s, const char *p,
                       const char **end, char *le, size_t lecap)
{
    p++;
    le[0] = '\0';
    while (*p != '}') {
        size_t n = name_len(p, 0);
        if (n == 0 || p[n] != '=' || p[n + 1] != '"')
            return lint_fail(l, ln, "a bad label", s);
        int is_le = n == 2 && strncmp(p, "le", 2) == 0;
        p += n + 2;
        size_t k = 0;
        for (; *p != '"'; p++) {
            if (*p == '\0' || *p == '\n')
                return lint_fail(l, ln, "an unterminated label value", s);
            if (*p == '\\' && !strchr("\\\"n", *++p))
                return lint_fail(l, ln, "a bad escape in a label value", s);
            if (is_le && k + 1 < lecap)
                le[k++] = *p;
        }
        if (is_le)
            le[k] = '\0';
        p++;
        if (*p == ',' && p[1] != '}')
            p++;
        else if (*p != '}')
            return lint_fail(l, ln, "labels not separated by a comma", s);
    }
    *end = p + 1;
    return 0;
}

static int number(const char *s, double *v)
{
    if (strcmp(s, "+Inf") == 0 || strcmp(s, "-Inf") == 0 || strcmp(s, "NaN") == 0) {
        *v = s[0] == '-' ? -1e308 : 1e308;
        return 0;
    }
    char *end;
    *v = strtod(s, &end);
    return end != s && *end == '\0' && isfinite(*v) ? 0 : -1;
}

static int lint_sample(struct lint *l, size_t ln, const char *s)
{
    size_t n = name_len(s, 1);
    if (n == 0)
        return lint_fail(l, ln, "a bad sample line", s);
    if (l->cur < 0 || l->types[l->cur][0] == '\0' || !l->helped[l->cur])
        return lint_fail(l, ln, "a sample before its HELP and TYPE", s);
    const char *fam = l->families[l->cur], *type = l->types[l->cur];
    size_t fl = strlen(fam);
    int hist = strcmp(type, "histogram") == 0, summ = strcmp(type, "summary") == 0;
    const char *suffix = s + fl;
    int mine = strncmp(s, fam, fl) == 0 &&
               (n == fl || ((hist || summ) && (n - fl == 4 && strncmp(suffix, "_sum", 4) == 0)) ||
                ((hist || summ) && n - fl == 6 && strncmp(suffix, "_count", 6) == 0) ||
                (hist && n - fl == 7 && strncmp(suffix, "_bucket", 7) == 0));
    if (!mine || (hist && n == fl))
        return lint_fail(l, ln, "a sample of another family than the one described", s);
    const char *p = s + n;
    char le[64] = "";
    if (*p == '{' && lint_labels(l, ln, s, p, &p, le, sizeof le) != 0)
        return -1;
    if (*p != ' ')
        return lint_fail(l, ln, "no space before the value", s);
    double v;
    if (number(p + 1, &v) != 0)
        return lint_fail(l, ln, "a value that is not a number (or a timestamp after it)", s);
    size_t key = (size_t)(p - s);
    for (size_t i = 0; i < l->nseries; i++)
        if (strlen(l->series[i]) == key && strncmp(l->series[i], s, key) == 0)
            return lint_fail(l, ln, "the same series twice", s);
    if (l->nseries < sizeof l->series / sizeof l->series[0] && key < sizeof l->series[0])
        snprintf(l->series[l->nseries++], sizeof l->series[0], "%.*s", (int)key, s);
    if (hist && n - fl == 7) {
        double bound;
        if (le[0] == '\0' || number(le, &bound) != 0 || bound <= l->last_le || l->inf_seen)
            return lint_fail(l, ln, "buckets out of order, or without le", s);
        if (v < l->last_bucket)
            return lint_fail(l, ln, "buckets that are not cumulative", s);
        l->last_le = bound;
        l->last_bucket = v;
        if (strcmp(le, "+Inf") == 0) {
            l->inf_seen = 1;
            l->inf_bucket = v;
        }
    }
    if (hist && n - fl == 6 && (!l->inf_seen || v != l->inf_bucket))
        return lint_fail(l, ln, "a histogram count that is not its +Inf bucket", s);
    return 0;
}

/* 0 when text is a well-formed exposition; else -1, and why in l->err. */
static int lint_exposition(struct lint *l, const char *text)
{
    memset(l, 0, sizeof *l);
    l->cur = -1;
    size_t len = strlen(text);
    if (len == 0 || text[len - 1] != '\n')
        return lint_fail(l, 0, "not ended by a line feed", "");
    char line[1024];
    size_t ln = 0;
    for (const char *p = text; *p != '\0';) {
        size_t n = strcspn(p, "\n");
        ln++;
        if (n >= sizeof line)
            return lint_fail(l, ln, "a line too long", p);
        memcpy(line, p, n);
        line[n] = '\0';
        p += n + 1;
        int rc = line[0] == '#' ? lint_comment(l, ln, line) : lint_sample(l, ln, line);
        if (rc != 0)
            return -1;
    }
    for (size_t i = 0; i < l->nfam; i++)
        if (!l->helped[i] || l->types[i][0] == '\0')
            return lint_fail(l, ln, "a family without HELP or TYPE", l->families[i]);
    return 0;
}

static const char good[] =
    "# HELP a_total Things.\n# TYPE a_total counter\na_total{k=\"x\\\"y\"} 3\na_total{k=\"z\"} 1\n"
    "# HELP h Times.\n# TYPE h histogram\nh_bucket{le=\"0.1\"} 1\nh_bucket{le=\"+Inf\"} 2\n"
    "h_sum 0.3\nh_count 2\n# HELP g A gauge.\n# TYPE g gauge\ng 1.5e3\n";

/* Each a small change of good[] that breaks one rule. */
static const struct { const char *text, *why; } bad_expositions[] = {
    { "# HELP a_total x\n# TYPE a_total counter\na_total 1", "no final line feed" },
    { "# HELP a x\n# TYPE a counter\na 1\n", "a counter without _total" },
    { "# TYPE g gauge\ng 1\n", "no HELP" },
    { "# HELP g x\ng 1\n", "no TYPE" },
    { "g 1\n", "a sample alone" },
    { "# HELP g x\n# TYPE g gauge\ng 1\n# HELP f x\n# TYPE f gauge\nf 1\ng 2\n", "split family" },
    { "# HELP g x\n# TYPE g gauge\ng{a=\"1\"} 1\ng{a=\"1\"} 2\n", "a series twice" },
    { "# HELP g x\n# TYPE g gauge\ng 1.2.3\n", "not a number" },
    { "# HELP g x\n# TYPE g gauge\ng{a=1} 1\n", "an unquoted label" },
    { "# HELP g x\n# TYPE g gauge\ng{a=\"\\t\"} 1\n", "a bad escape" },
    { "# HELP g x\n# TYPE g meter\ng 1\n", "an unknown type" },
    { "# HELP h x\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"0.5\"} 2\n"
      "h_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 2\n", "buckets out of order" },
    { "# HELP h x\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 3\n"
      "h_sum 1\nh_count 2\n", "count and +Inf differ" },
    { "# HELP 9g x\n# TYPE 9g gauge\n9g 1\n", "a bad name" },
    { "# HELP g x\n# TYPE g gauge\ng 1 1700000000\n", "a timestamp" },
};

Test(metrics, the_exposition_checker_rejects_what_it_should)
{
    struct lint *l = malloc(sizeof *l);
    cr_assert_not_null(l);
    cr_assert_eq(lint_exposition(l, good), 0, "%s", l->err);
    for (size_t i = 0; i < sizeof bad_expositions / sizeof bad_expositions[0]; i++)
        cr_expect_neq(lint_exposition(l, bad_expositions[i].text), 0, "accepted: %s",
                      bad_expositions[i].why);
    free(l);
}

/* ---- the daemon's /metrics ---- */

/* The value of the series whose text up to the value is key ("name" or
 * "name{labels}"), or -1 when there is none. */
static double series(const char *body, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = body; p != NULL && *p != '\0'; p = strchr(p, '\n')) {
        if (*p == '\n')
            p++;
        if (strncmp(p, key, n) == 0 && p[n] == ' ')
            return strtod(p + n + 1, NULL);
    }
    return -1;
}

static char *metrics_of(int port)
{
    struct resp r;
    get(port, "/metrics", &r);
    cr_assert_eq(r.status, 200);
    char *body = strdup(r.body);
    cr_assert_not_null(body);
    resp_free(&r);
    return body;
}

/* Field k (1-based, as proc(5) counts) of /proc/PID/stat. */
static double proc_stat_field(pid_t pid, int k)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    char *s = tu_read(path, NULL);
    cr_assert_not_null(s);
    const char *p = strrchr(s, ')');
    cr_assert_not_null(p);
    p++;
    for (int f = 3; f < k; f++) {
        p = strchr(p + 1, ' ');
        cr_assert_not_null(p);
    }
    double v = strtod(p, NULL);
    free(s);
    return v;
}

static long count_fds(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
    DIR *d = opendir(path);
    cr_assert_not_null(d);
    long n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

/* chronicle_build_info as `chronicled --version` says it should be:
 * {version="V",libevent="X",jansson="Y",...} into buf. */
static void build_info_labels(char *buf, size_t cap)
{
    char cmd[512], *out = NULL;
    snprintf(cmd, sizeof cmd, "%s --version", daemon_bin());
    cr_assert_eq(tu_run(cmd, &out, NULL), 0);
    cr_assert(strncmp(out, "chronicled ", 11) == 0, "%s", out);
    char *libs = strchr(out, '\n');
    cr_assert_not_null(libs);
    *libs++ = '\0';
    size_t n = (size_t)snprintf(buf, cap, "chronicle_build_info{version=\"%s\"", out + 11);
    for (char *save = NULL, *item = strtok_r(libs, ",\n", &save); item != NULL;
         item = strtok_r(NULL, ",\n", &save)) {
        while (*item == ' ')
            item++;
        char *sp = strchr(item, ' ');
        cr_assert_not_null(sp, "%s", item);
        *sp = '\0';
        n += (size_t)snprintf(buf + n, cap - n, ",%s=\"%s\"", item, sp + 1);
    }
    snprintf(buf + n, cap - n, "}");
    free(out);
    const char *v = getenv("CHRONICLE_VERSION");
    if (v != NULL && *v != '\0') {
        char want[160];
        snprintf(want, sizeof want, "{version=\"%s\",", v);
        cr_expect(strstr(buf, want) != NULL, "%s, but the build is %s", buf, v);
    }
}

Test(metrics, process_build_and_corpus_series, .init = bounded)
{
    char dir[64], state[96];
    copy_corpus(FIXTURES, dir, sizeof dir);
    snprintf(state, sizeof state, "%s.state", dir);
    time_t t0 = time(NULL);
    struct daemon d;
    du_nofile = 300;            /* a limit of its own, to recognise */
    start(&d, dir, "--quiet", "--state", state, NULL);
    json_t *h = get_json(d.port, "/healthz");
    char *body = metrics_of(d.port);

    struct lint *l = malloc(sizeof *l);
    cr_assert_not_null(l);
    cr_expect_eq(lint_exposition(l, body), 0, "%s", l->err);
    free(l);

    /* the process, as /proc tells it from outside */
    double start_time = series(body, "process_start_time_seconds");
    cr_expect(start_time >= (double)t0 - 2 && start_time <= (double)time(NULL) + 1,
              "process_start_time_seconds %.2f, started at %lld", start_time, (long long)t0);
    double ticks = (double)sysconf(_SC_CLK_TCK);
    double cpu = (proc_stat_field(d.pid, 14) + proc_stat_field(d.pid, 15)) / ticks;
    double cpu_said = series(body, "process_cpu_seconds_total");
    cr_expect(cpu_said > 0 && fabs(cpu_said - cpu) < 0.5, "process_cpu_seconds_total %.3f, "
              "/proc says %.3f", cpu_said, cpu);
    double rss = proc_stat_field(d.pid, 24) * (double)sysconf(_SC_PAGESIZE);
    double rss_said = series(body, "process_resident_memory_bytes");
    cr_expect(rss_said > 0.8 * rss && rss_said < 1.25 * rss,
              "process_resident_memory_bytes %.0f, /proc says %.0f", rss_said, rss);
    double fds_said = series(body, "process_open_fds");
    long fds = count_fds(d.pid);
    cr_expect(fds_said >= 3 && fabs(fds_said - (double)fds) <= 2,
              "process_open_fds %.0f, /proc lists %ld", fds_said, fds);
    cr_expect_eq(series(body, "process_max_fds"), 300);
    cr_expect_gt(series(body, "process_virtual_memory_bytes"), rss_said);

    /* the build: the version and libraries --version names */
    char info[512];
    build_info_labels(info, sizeof info);
    cr_expect_eq(series(body, info), 1, "no '%s 1' in:\n%s", info, body);

    /* the corpus: what the folder holds, what /healthz says */
    DIR *dd = opendir(dir);
    cr_assert_not_null(dd);
    double docs = 0, bytes = 0;
    for (struct dirent *e; (e = readdir(dd)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char p[400];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        cr_assert_eq(stat(p, &st), 0);
        docs++;
        bytes += (double)st.st_size;
    }
    closedir(dd);
    cr_expect_eq(series(body, "chronicled_corpus_documents"), docs);
    cr_expect_eq(series(body, "chronicled_corpus_bytes"), bytes);
    json_t *corpus = json_object_get(h, "corpus");
    cr_expect_eq(series(body, "chronicled_corpus_events"),
                 (double)json_integer_value(json_object_get(corpus, "events")));
    cr_expect_gt(series(body, "chronicled_last_build_duration_seconds"), 0);
    cr_expect_eq(series(body, "chronicled_reloads_total{result=\"failed\"}"), 0);
    /* whole milliseconds in /healthz */
    json_t *ms = json_object_get(json_object_get(h, "reload"), "build_ms");
    cr_expect(json_is_integer(ms), "build_ms: %s", json_is_real(ms) ? "a fraction" : "missing");
    json_decref(h);
    free(body);
    stop(&d);
    remove_tree(state);
    remove_tree(dir);
}

/* Poll /metrics until the series key reaches at least want; its value. */
static double wait_series(int port, const char *key, double want)
{
    double v = -1;
    for (double until = now() + 30; now() < until; pause_ms(50)) {
        char *body = metrics_of(port);
        v = series(body, key);
        free(body);
        if (v >= want)
            break;
    }
    return v;
}

Test(metrics, reload_failures_are_counted, .init = bounded)
{
    char dir[64], away[80], state[96];
    copy_corpus(FIXTURES, dir, sizeof dir);
    snprintf(away, sizeof away, "%s.away", dir);
    snprintf(state, sizeof state, "%s.state", dir);
    struct daemon d;
    start(&d, dir, "--quiet", "--state", state, NULL);
    static const char ok[] = "chronicled_reloads_total{result=\"ok\"}",
                      failed[] = "chronicled_reloads_total{result=\"failed\"}";
    char *body = metrics_of(d.port);
    double ok0 = series(body, ok);
    cr_expect_eq(ok0, 1);
    cr_expect_eq(series(body, failed), 0);
    free(body);

    /* the folder gone: the reload fails, the old version stays */
    cr_assert_eq(rename(dir, away), 0);
    kill(d.pid, SIGHUP);
    double f1 = wait_series(d.port, failed, 1);
    cr_expect_geq(f1, 1, "a failed reload was not counted");
    json_t *h = get_json(d.port, "/healthz");
    cr_expect_str_eq(jstr(h, "status"), "degraded");
    json_decref(h);

    /* back: the next reload succeeds, the failures stay counted */
    cr_assert_eq(rename(away, dir), 0);
    kill(d.pid, SIGHUP);
    double ok1 = wait_series(d.port, ok, ok0 + 1);
    cr_expect_geq(ok1, ok0 + 1, "the reload after the folder came back was not counted");
    body = metrics_of(d.port);
    double f2 = series(body, failed);
    cr_expect_geq(f2, f1);
    free(body);
    h = get_json(d.port, "/healthz");
    cr_expect_str_eq(jstr(h, "status"), "ok");
    json_decref(h);
    stop(&d);
    remove_tree(state);
    remove_tree(dir);
}

/* A reload reads the documents written since the last build and takes
 * the others from it; the counts say which. */
Test(metrics, a_reload_reads_only_what_changed, .init = bounded)
{
    char dir[64], state[96], path[160];
    copy_corpus(FIXTURES, dir, sizeof dir);
    snprintf(state, sizeof state, "%s.state", dir);
    struct daemon d;
    start(&d, dir, "--quiet", "--state", state, NULL);
    static const char ok[] = "chronicled_reloads_total{result=\"ok\"}",
                      read[] = "chronicled_build_documents_total{how=\"read\"}",
                      reused[] = "chronicled_build_documents_total{how=\"reused\"}";
    char *body = metrics_of(d.port);
    double n = series(body, read);
    cr_expect_geq(n, 2, "the first build read %.0f documents", n);
    cr_expect_eq(series(body, reused), 0);
    free(body);

    snprintf(path, sizeof path, "%s/%s", dir, "added.txt");
    static const char added[] = "Pier notice\n\nThe council closed the old pier on "
                                "3 February 2023.\n";
    cr_assert_eq(tu_write(path, added, sizeof added - 1), 0);
    kill(d.pid, SIGHUP);
    cr_expect_geq(wait_series(d.port, ok, 2), 2, "the reload was not counted");
    body = metrics_of(d.port);
    cr_expect_eq(series(body, read), n + 1, "read %.0f, expected %.0f", series(body, read), n + 1);
    /* the change may start a reload of its own beside the signal's: the
     * second reads nothing */
    cr_expect_geq(series(body, reused), n, "reused %.0f, expected at least %.0f",
                  series(body, reused), n);
    free(body);
    json_t *tl = get_json(d.port, "/timeline.json?doc=added.txt");
    cr_expect_eq(json_array_size(json_object_get(tl, "events")), 1,
                 "the added document's event is not served");
    json_decref(tl);
    stop(&d);
    remove_tree(state);
    remove_tree(dir);
}

/* The statuses the daemon answers with are counted by their number, not
 * as "other": a request for another host name (421) among them. */
Test(metrics, statuses_are_counted_by_number, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, "--quiet", NULL);
    int fd = dial(d.port);
    static const char req[] = "GET /healthz HTTP/1.1\r\nHost: evil.example\r\n"
                              "Connection: close\r\n\r\n";
    send_all(fd, req, sizeof req - 1);
    struct resp r;
    read_response(fd, &r, "GET", "/healthz");
    cr_expect_eq(r.status, 421);
    resp_free(&r);
    get(d.port, "/no-such-page", &r);
    cr_expect_eq(r.status, 404);
    resp_free(&r);
    char *body = metrics_of(d.port);
    cr_expect_not_null(strstr(body, ",status=\"421\"} 1\n"), "%s", body);
    cr_expect_not_null(strstr(body, ",status=\"404\"} 1\n"), "%s", body);
    cr_expect_null(strstr(body, "status=\"other\""), "%s", body);
    free(body);
    stop(&d);
}

/* Prometheus' own checker, where it is installed. */
Test(metrics, promtool_accepts_the_exposition, .init = bounded)
{
    if (system("command -v promtool >/dev/null 2>&1") != 0)
        cr_skip_test("promtool is not installed (Debian package prometheus, about 100 MB; "
                     "`make test WITH_PROMTOOL=1` installs it): /metrics was checked by "
                     "metrics::process_build_and_corpus_series only");
    char dir[64], state[96];
    copy_corpus(FIXTURES, dir, sizeof dir);
    snprintf(state, sizeof state, "%s.state", dir);
    struct daemon d;
    start(&d, dir, "--quiet", "--state", state, NULL);
    /* some traffic first, so every family has samples */
    json_decref(get_json(d.port, "/timeline.json"));
    json_decref(get_json(d.port, "/timeline.json?type=meeting"));
    char *body = metrics_of(d.port);
    stop(&d);
    char file[96];
    snprintf(file, sizeof file, "%s.prom", dir);
    cr_assert_eq(tu_write(file, body, strlen(body)), 0);
    free(body);
    char cmd[256], *out = NULL;
    snprintf(cmd, sizeof cmd, "promtool check metrics < '%s' 2>&1", file);
    int st = tu_run(cmd, &out, NULL);
    cr_expect(st == 0 && out != NULL && out[0] == '\0', "promtool: exit %d: %s", st,
              out ? out : "");
    free(out);
    unlink(file);
    remove_tree(state);
    remove_tree(dir);
}
