/*
 * test_daemon_ops.c - chronicled left running for others: one client
 * cannot take every rendering, slow readers get whole bodies, a stop lets
 * bodies in flight finish within the grace period and never waits longer,
 * a build that stops moving is abandoned, and the access controls (token,
 * Host names, origins, health details).  Every wait is bounded.
 */
#include <pthread.h>
#include <sys/file.h>

#include "daemonutil.h"

#define FIXTURES "fixtures/corpus"

/* Send GET target on fd (Host: localhost; the reply ends the connection). */
static void send_get(int fd, const char *target)
{
    char req[512];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", target);
    send_all(fd, req, (size_t)n);
}

Test(ops, a_client_asking_for_many_new_filters_leaves_room_for_others, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, "--quiet", "--client-renders", "2", NULL);
    enum { FLOOD = 16, ROUNDS = 20 };
    int refused = 0, served = 0;
    for (int round = 0; round < ROUNDS; round++) {
        /* a burst of distinct filters from one address, none cached */
        int fd[FLOOD];
        for (int i = 0; i < FLOOD; i++) {
            fd[i] = dial_from(d.port, "127.0.0.1");
            char t[64];
            snprintf(t, sizeof t, "/timeline.json?q=flood%dx%d", round, i);
            send_get(fd[i], t);
        }
        /* meanwhile another client asks for a filter of its own */
        int me = dial_from(d.port, "127.0.0.2");
        char t[64];
        snprintf(t, sizeof t, "/timeline.json?q=mine%d", round);
        double t0 = now();
        send_get(me, t);
        struct resp r;
        read_response(me, &r, "GET", t);
        double took = now() - t0;
        cr_expect_eq(r.status, 200, "round %d: the other client got %d", round, r.status);
        cr_expect_lt(took, 1.0, "round %d: the other client waited %.2f s", round, took);
        resp_free(&r);
        close(me);
        for (int i = 0; i < FLOOD; i++) {
            read_response(fd[i], &r, "GET", "/timeline.json");
            if (r.status == 429) {
                refused++;
                char ra[16];
                cr_expect_not_null(hdr(&r, "Retry-After", ra, sizeof ra));
            } else {
                cr_expect_eq(r.status, 200, "flood got %d", r.status);
                served++;
            }
            resp_free(&r);
            close(fd[i]);
        }
    }
    /* the flooding client was held to its share, and still served some */
    cr_expect_gt(refused, 0, "no request of the flood was refused");
    cr_expect_gt(served, 0, "no request of the flood was served");
    stop(&d);
}

/* A corpus of n documents whose feeds run to megabytes: each document
 * has eight dated events of its own (names made of letters: no two
 * documents report the same event). */
static void make_big_corpus(char *dir, size_t cap, int n)
{
    snprintf(dir, cap, "/tmp/chronicle-ops-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    static const char *const months[] = {"January", "February", "March", "April",
                                         "May", "June", "July", "August",
                                         "September", "October", "November",
                                         "December"};
    for (int i = 0; i < n; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/d%05d.txt", dir, i);
        FILE *f = fopen(path, "w");
        cr_assert_not_null(f);
        fprintf(f, "%d %s 2011\n\nThe council of North%c%c%c approved a new budget on "
                "%d %s 2011.\n", 1 + i % 27, months[i % 12], 'a' + i % 26,
                'a' + i / 26 % 26, 'a' + i / 676 % 26, 1 + i % 27, months[i % 12]);
        for (int k = 0; k < 7; k++) {
            int m = i * 7 + k;
            fprintf(f, "Engineers of West%c%c%c%c opened a bridge on %d %s 2010.\n",
                    'a' + m % 26, 'a' + m / 26 % 26, 'a' + m / 676 % 26,
                    'a' + m / 17576 % 26, 1 + k, months[(i + k) % 12]);
        }
        fclose(f);
    }
}

/* Documents enough for a 5 MB JSON feed. */
#define BIG_DOCS 1300

Test(ops, a_slow_reader_gets_the_whole_feed, .init = bounded)
{
    char dir[64];
    make_big_corpus(dir, sizeof dir, BIG_DOCS);
    struct daemon d;
    start(&d, dir, "--quiet", "--timeout", "1", NULL);
    snprintf(d.state, sizeof d.state, "%s", dir);
    /* 5 MB at 1 MB/s: the body takes several times the timeout, and the
     * timeout is for idleness, not for the whole reply */
    du_read_rate = 1000 * 1000;
    double t0 = now();
    struct resp r;
    get(d.port, "/timeline.json", &r);
    double took = now() - t0;
    du_read_rate = 0;
    cr_expect_eq(r.status, 200);
    cr_expect_gt(r.blen, (size_t)4 << 20, "the feed is only %zu bytes", r.blen);
    cr_expect_gt(took, 3.0, "read in %.1f s: not slow", took);
    resp_free(&r);
    /* a client that stops taking the reply is let go after the timeout */
    int fd = dial(d.port);
    int small = 4096;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    send_get(fd, "/timeline.json");
    long long cut = 0;
    for (double until = now() + 20; now() < until && cut < 1; pause_ms(200)) {
        get(d.port, "/metrics", &r);
        cut = metric(r.body, "chronicled_write_timeouts_total");
        resp_free(&r);
    }
    cr_expect_eq(cut, 1, "the stalled reader was not let go");
    close(fd);
    stop(&d);
}

struct later_signal {
    pid_t pid;
    int sig;
    int after_ms;
};

static void *signal_later(void *arg)
{
    const struct later_signal *ls = arg;
    pause_ms(ls->after_ms);
    kill(ls->pid, ls->sig);
    return NULL;
}

Test(ops, a_stop_lets_bodies_in_flight_finish, .init = bounded)
{
    char dir[64];
    make_big_corpus(dir, sizeof dir, BIG_DOCS);
    struct daemon d;
    start(&d, dir, "--quiet", "--grace", "30", NULL);
    /* SIGTERM a second into a 5-second body */
    struct later_signal ls = {d.pid, SIGTERM, 1000};
    pthread_t th;
    cr_assert_eq(pthread_create(&th, NULL, signal_later, &ls), 0);
    du_read_rate = 1000 * 1000;
    struct resp r;
    get(d.port, "/timeline.json", &r);      /* asserts the whole body */
    du_read_rate = 0;
    pthread_join(th, NULL);
    cr_expect_eq(r.status, 200);
    cr_expect_gt(r.blen, (size_t)4 << 20);
    char conn[32];
    cr_expect_str_eq(hdr(&r, "Connection", conn, sizeof conn) ? conn : "", "close");
    resp_free(&r);
    double took;
    cr_expect_eq(wait_exit(&d, 30, &took), 0);
    unlink(d.log);
    remove_tree(dir);
}

Test(ops, the_grace_period_bounds_a_stop, .init = bounded)
{
    char dir[64];
    make_big_corpus(dir, sizeof dir, BIG_DOCS);
    struct daemon d;
    start(&d, dir, "--quiet", "--grace", "1", NULL);
    /* a client that asks for the feed and never reads it */
    int fd = dial(d.port);
    int small = 4096;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    send_get(fd, "/timeline.json");
    pause_ms(500);
    kill(d.pid, SIGTERM);
    double took;
    cr_expect_eq(wait_exit(&d, 20, &took), 0);
    cr_expect_lt(took, 4.0, "stopped after %.1f s with --grace 1", took);
    char *log = tu_read(d.log, NULL);
    cr_expect(log != NULL && strstr(log, "grace period of 1 s over") != NULL,
              "log: %s", log ? log : "");
    free(log);
    close(fd);
    unlink(d.log);
    remove_tree(dir);
}

Test(ops, a_stop_does_not_wait_for_a_stuck_build, .init = bounded)
{
    char dir[64];
    make_big_corpus(dir, sizeof dir, 10);
    struct daemon d;
    start(&d, dir, "--quiet", "--grace", "1", "--build-stall", "3600", NULL);
    /* a document that takes much longer than the grace period to read */
    write_long_document(dir, 150000);
    int building = 0;
    for (double until = now() + 60; now() < until && !building; pause_ms(50)) {
        json_t *h = get_json(d.port, "/healthz");
        building = json_is_true(json_object_get(json_object_get(h, "reload"), "building"));
        json_decref(h);
    }
    cr_assert(building, "no build started");
    pause_ms(2500);             /* the folder settles; the long read starts */
    stop_within(&d, 4.0);
    remove_tree(dir);
}

/* A token file in a fresh temporary folder; its path into path. */
static void token_file(char *path, size_t cap, const char *token)
{
    snprintf(path, cap, "/tmp/chronicle-token-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, token, strlen(token)), (ssize_t)strlen(token));
    close(fd);
}

Test(ops, a_token_guards_every_route, .init = bounded)
{
    static const char token[] = "s3cret-Token_0123456789";
    char file[64];
    token_file(file, sizeof file, "s3cret-Token_0123456789\n");
    struct daemon d;
    start(&d, FIXTURES, "--quiet", "--token-file", file, NULL);
    static const char *const routes[] = {"/", "/timeline.json", "/timeline.ics",
                                         "/healthz", "/metrics", "/documents",
                                         "/versions", "/nowhere"};
    struct resp r;
    char buf[256], extra[128];
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        /* none, a wrong one, one of another length, the wrong scheme */
        static const char *const bad[] = {
            "", "Authorization: Bearer s3cret-Token_0123456788\r\n",
            "Authorization: Bearer s3cret\r\n",
            "Authorization: Basic czNjcmV0LVRva2VuXzAxMjM0NTY3ODk=\r\n",
            "Cookie: chronicle_token=nope\r\n"};
        for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
            request(d.port, "GET", routes[i], bad[k], &r);
            cr_expect_eq(r.status, 401, "%s with '%s': %d", routes[i], bad[k], r.status);
            cr_expect_not_null(hdr(&r, "WWW-Authenticate", buf, sizeof buf));
            cr_expect(strstr(r.body, "token") != NULL, "%s", r.body);
            resp_free(&r);
        }
        snprintf(extra, sizeof extra, "Authorization: Bearer %s\r\n", token);
        request(d.port, "GET", routes[i], extra, &r);
        cr_expect_eq(r.status, strcmp(routes[i], "/nowhere") == 0 ? 404 : 200,
                     "%s with the token: %d", routes[i], r.status);
        resp_free(&r);
    }
    /* in the query, for calendar apps: the filter still applies */
    char target[256];
    struct resp all, some;
    snprintf(extra, sizeof extra, "Authorization: Bearer %s\r\n", token);
    request(d.port, "GET", "/timeline.json?type=meeting", extra, &all);
    snprintf(target, sizeof target, "/timeline.json?type=meeting&token=%s", token);
    get(d.port, target, &some);
    cr_expect_eq(some.status, 200);
    cr_expect(all.blen == some.blen && memcmp(all.body, some.body, all.blen) == 0,
              "?token= changed the reply");
    resp_free(&all);
    resp_free(&some);
    snprintf(target, sizeof target, "/timeline.ics?token=%s", token);
    get(d.port, target, &r);
    cr_expect_eq(r.status, 200);
    cr_expect(strstr(r.body, "BEGIN:VCALENDAR") != NULL);
    resp_free(&r);
    /* the page opened with it sets a cookie its own requests then carry */
    snprintf(target, sizeof target, "/?token=%s", token);
    get(d.port, target, &r);
    cr_expect_eq(r.status, 200);
    const char *cookie = hdr(&r, "Set-Cookie", buf, sizeof buf);
    cr_assert_not_null(cookie);
    cr_expect(strstr(cookie, "HttpOnly") != NULL && strstr(cookie, "SameSite=Strict") != NULL,
              "%s", cookie);
    resp_free(&r);
    snprintf(extra, sizeof extra, "Cookie: other=1; chronicle_token=%s\r\n", token);
    request(d.port, "GET", "/timeline.json", extra, &r);
    cr_expect_eq(r.status, 200);
    resp_free(&r);
    stop(&d);
    unlink(file);
}

Test(ops, a_bad_token_file_is_refused_at_start, .init = bounded)
{
    static const struct { const char *content; const char *says; } rows[] = {
        {"short\n", "at least 16"},
        {"has a space in it here\n", "byte 3"},
        {"", "at least 16"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char file[64];
        token_file(file, sizeof file, rows[i].content);
        char cmd[256];
        snprintf(cmd, sizeof cmd, "%s --token-file %s 2>&1", daemon_bin(), file);
        FILE *p = popen(cmd, "r");
        cr_assert_not_null(p);
        char out[1024] = "";
        size_t n = fread(out, 1, sizeof out - 1, p);
        out[n] = '\0';
        int st = pclose(p);
        cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 2, "status %d: %s", st, out);
        cr_expect(strstr(out, rows[i].says) != NULL && strstr(out, file) != NULL, "%s", out);
        unlink(file);
    }
    char cmd[256];
    snprintf(cmd, sizeof cmd, "%s --token-file /nonexistent/token 2>&1", daemon_bin());
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    char out[1024] = "";
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 2, "status %d", st);
    cr_expect(strstr(out, "cannot read --token-file '/nonexistent/token'") != NULL, "%s", out);
}

Test(ops, health_shows_paths_only_when_asked, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, "--quiet", NULL);
    struct resp r;
    get(d.port, "/healthz", &r);
    cr_expect_eq(r.status, 200);
    char cwd[4096];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    cr_expect_null(strstr(r.body, cwd), "/healthz shows a path: %s", r.body);
    cr_expect_null(strstr(r.body, "\"folder\""), "%s", r.body);
    resp_free(&r);
    stop(&d);
    start(&d, FIXTURES, "--quiet", "--verbose-health", NULL);
    json_t *h = get_json(d.port, "/healthz");
    const char *folder = jstr(json_object_get(h, "corpus"), "folder");
    cr_expect(folder[0] == '/' && strstr(folder, FIXTURES) != NULL, "corpus.folder %s", folder);
    const char *state = jstr(json_object_get(h, "history"), "folder");
    cr_expect(state[0] == '/', "history.folder %s", state);
    json_decref(h);
    stop(&d);
}

Test(ops, odd_files_in_the_folder_are_left_out_and_serving_goes_on, .init = bounded)
{
    char dir[64];
    copy_corpus(FIXTURES, dir, sizeof dir);
    struct daemon d;
    start(&d, dir, "--quiet", NULL);
    json_t *h = get_json(d.port, "/healthz");
    char *before = strdup(jstr(json_object_get(h, "corpus"), "version"));
    json_decref(h);
    /* a private file elsewhere, a link to it, a FIFO, a name that is not
     * UTF-8, and one good new document */
    char outside[96], path[160];
    snprintf(outside, sizeof outside, "%s.private", dir);
    FILE *f = fopen(outside, "w");
    cr_assert_not_null(f);
    fputs("Zanzibarquux officials met on 4 May 2021.\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/linked.txt", dir);
    cr_assert_eq(symlink(outside, path), 0);
    snprintf(path, sizeof path, "%s/pipe.txt", dir);
    cr_assert_eq(mkfifo(path, 0600), 0);
    snprintf(path, sizeof path, "%s/bad\xff\xfe.txt", dir);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("Quuxbarzan officials met on 5 May 2021.\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/new.txt", dir);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("Harbour board meets\n\nThe harbour board met on 6 May 2021.\n", f);
    fclose(f);
    /* the reload comes, with the good document only */
    int reloaded = 0;
    for (double until = now() + 60; now() < until && !reloaded; pause_ms(100)) {
        h = get_json(d.port, "/healthz");
        const char *v = jstr(json_object_get(h, "corpus"), "version");
        reloaded = v[0] != '\0' && strcmp(v, before) != 0;
        if (reloaded) {
            cr_expect_str_eq(jstr(h, "status"), "ok");
            cr_expect_eq(json_integer_value(json_object_get(json_object_get(h, "corpus"),
                                                            "skipped_files")), 3);
        }
        json_decref(h);
    }
    cr_assert(reloaded, "no reload");
    struct resp r;
    get(d.port, "/timeline.json", &r);
    cr_expect_null(strstr(r.body, "Zanzibarquux"), "the linked file was read");
    cr_expect_null(strstr(r.body, "Quuxbarzan"), "the non-UTF-8 name was read");
    cr_expect_not_null(strstr(r.body, "new.txt"));
    resp_free(&r);
    /* and the daemon still stops at once */
    stop_within(&d, 3.0);
    unlink(outside);
    remove_tree(dir);
    free(before);
}

Test(ops, a_state_folder_locked_elsewhere_is_reported_not_waited_on, .init = bounded)
{
    char state[64];
    snprintf(state, sizeof state, "/tmp/chronicle-lock-XXXXXX");
    cr_assert_not_null(mkdtemp(state));
    char lock[96];
    snprintf(lock, sizeof lock, "%s/lock", state);
    int fd = open(lock, O_RDWR | O_CREAT, 0644);
    cr_assert_geq(fd, 0);
    cr_assert_eq(flock(fd, LOCK_EX), 0);       /* another process holds it */
    struct daemon d;
    double t0 = now();
    start(&d, FIXTURES, "--quiet", "--state", state, NULL);
    /* it serves, says why versions are not kept, and names the lock */
    cr_expect_lt(now() - t0, 30.0);
    json_t *h = get_json(d.port, "/healthz");
    cr_expect_str_eq(jstr(h, "status"), "degraded");
    const char *why = jstr(json_object_get(h, "history"), "error");
    cr_expect(strstr(why, "locked by another process") != NULL, "%s", why);
    json_decref(h);
    char *log = tu_read(d.log, NULL);
    cr_expect(log != NULL && strstr(log, "locked by another process") != NULL);
    free(log);
    /* and stops at once although the lock is still held */
    stop_within(&d, 3.0);
    close(fd);
    remove_tree(state);
}

Test(ops, slow_senders_do_not_keep_others_waiting, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, "--quiet", "--timeout", "5", "--max-connections", "64", NULL);
    /* a slowloris: connections from one address trickling header bytes */
    enum { SLOW = 40 };
    int slow[SLOW];
    for (int i = 0; i < SLOW; i++) {
        slow[i] = dial_from(d.port, "127.0.0.1");
        send_all(slow[i], "GET /timeline.json HTTP/1.1\r\n", 29);
    }
    /* another client keeps getting answers within a second */
    for (int round = 0; round < 16; round++) {
        for (int i = 0; i < SLOW; i++)
            (void)send(slow[i], "X", 1, MSG_NOSIGNAL);
        int me = dial_from(d.port, "127.0.0.2");
        double t0 = now();
        send_get(me, "/timeline.ics");
        struct resp r;
        read_response(me, &r, "GET", "/timeline.ics");
        cr_expect_eq(r.status, 200, "round %d: %d", round, r.status);
        cr_expect_lt(now() - t0, 1.0, "round %d: answered in %.2f s", round, now() - t0);
        resp_free(&r);
        pause_ms(500);
    }
    for (int i = 0; i < SLOW; i++)
        close(slow[i]);
    stop(&d);
}
