/*
 * test_daemon_reply.c - the header lines of chronicled's replies
 * (cmd/chronicled/reply.c): each reply carries exactly the headers it
 * should, each once, every line "Name: value".  A prebuilt body's lines
 * travel to evhttp as one header, so nothing else checks that evhttp adds
 * no Date, Content-Type or Content-Length of its own beside them, and that
 * the lengths still frame replies on a kept-alive connection.
 */
#include "daemonutil.h"

#define FIXTURES "fixtures/corpus"

/* The header names of a response, in a fixed order, and the most one
 * table row lists. */
#define NAMES_MAX 16

/* The headers of a reply with a body, but its length and encoding. */
#define FULL_HEADERS \
    "Date ETag Last-Modified Cache-Control Vary X-Content-Type-Options Content-Type "

static const struct {
    const char *method, *target, *extra;
    int status;
    const char *names;          /* every header the reply has, in any order */
} rows[] = {
    {"GET", "/timeline.json", NULL, 200,
     FULL_HEADERS "Content-Length Connection"},
    {"GET", "/timeline.ics", NULL, 200,
     FULL_HEADERS "Content-Length Connection"},
    {"GET", "/timeline.json?type=meeting", NULL, 200,
     FULL_HEADERS "Content-Length Connection"},
    {"GET", "/timeline.json", "Accept-Encoding: gzip\r\n", 200,
     FULL_HEADERS "Content-Encoding Content-Length Connection"},
    {"HEAD", "/timeline.ics", NULL, 200,
     FULL_HEADERS "Content-Length Connection"},
    {"GET", "/timeline.json", "If-None-Match: *\r\n", 304,
     "Date ETag Cache-Control Vary Connection"},
    {"GET", "/timeline.ics", "If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n", 200,
     FULL_HEADERS "Content-Length Connection"},
    {"GET", "/healthz", NULL, 200,
     "Content-Type Cache-Control X-Content-Type-Options Date Content-Length Connection"},
    {"GET", "/nowhere", NULL, 404,
     "Content-Type Cache-Control X-Content-Type-Options Date Content-Length Connection"},
};

/* Split the header block of r into names; every line must be "Name:
 * value" with a name of token characters.  Returns how many. */
static size_t header_names(const struct resp *r, char names[][48], size_t row)
{
    const char *p = strstr(r->head, "\r\n");
    size_t n = 0;
    while (p != NULL) {
        const char *line = p + 2;
        const char *end = strstr(line, "\r\n");
        size_t len = end != NULL ? (size_t)(end - line) : strlen(line);
        const char *colon = memchr(line, ':', len);
        cr_assert_not_null(colon, "row %zu: a line without a colon: %.*s", row, (int)len,
                           line);
        size_t nl = (size_t)(colon - line);
        cr_assert(nl > 0 && nl < 48, "row %zu: a bad name in %.*s", row, (int)len, line);
        for (size_t i = 0; i < nl; i++)
            cr_assert(line[i] > ' ' && line[i] < 0x7F && strchr("()<>@,;:\\\"/[]?={}",
                      line[i]) == NULL, "row %zu: a bad name in %.*s", row, (int)len, line);
        cr_assert(colon + 1 < line + len && colon[1] == ' ' && memchr(line, '\n', len) == NULL,
                  "row %zu: a bad line %.*s", row, (int)len, line);
        cr_assert_lt(n, (size_t)NAMES_MAX, "row %zu: too many headers", row);
        memcpy(names[n], line, nl);
        names[n][nl] = '\0';
        n++;
        p = end;
    }
    return n;
}

Test(reply, every_header_once_and_no_other, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, "--quiet", NULL);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct resp r;
        request(d.port, rows[i].method, rows[i].target, rows[i].extra, &r);
        cr_expect_eq(r.status, rows[i].status, "row %zu: %s %s: %d", i, rows[i].method,
                     rows[i].target, r.status);
        char got[NAMES_MAX][48];
        size_t n = header_names(&r, got, i);
        /* each expected name exactly once */
        char want[256];
        snprintf(want, sizeof want, "%s", rows[i].names);
        size_t nwant = 0;
        for (char *save = NULL, *w = strtok_r(want, " ", &save); w != NULL;
             w = strtok_r(NULL, " ", &save), nwant++) {
            size_t times = 0;
            for (size_t k = 0; k < n; k++)
                times += strcasecmp(got[k], w) == 0;
            cr_expect_eq(times, 1, "row %zu: %s %s: %s %zu times in\n%s", i, rows[i].method,
                         rows[i].target, w, times, r.head);
        }
        cr_expect_eq(n, nwant, "row %zu: %s %s: %zu headers, expected %zu:\n%s", i,
                     rows[i].method, rows[i].target, n, nwant, r.head);
        char v[64];
        if (rows[i].status == 200 && strcmp(rows[i].method, "GET") == 0)
            cr_expect_eq((size_t)strtoull(hdr(&r, "Content-Length", v, sizeof v) ? v : "0",
                                          NULL, 10), r.blen, "row %zu", i);
        resp_free(&r);
    }
    stop(&d);
}

/* Everything fd sends until its end of file (closed), NUL-terminated;
 * its length into *len. */
static char *read_all(int fd, size_t *len)
{
    size_t n = 0, cap = 1 << 20;
    char *buf = malloc(cap + 1);
    cr_assert_not_null(buf);
    for (int reads = 0;; reads++) {
        cr_assert_lt(reads, DU_MAX_READS, "the replies never ended");
        if (n == cap) {
            cr_assert_lt(cap, DU_MAX_RESPONSE, "too many bytes");
            cap *= 2;
            buf = realloc(buf, cap + 1);
            cr_assert_not_null(buf);
        }
        ssize_t k = recv(fd, buf + n, cap - n, 0);
        if (k < 0 && errno == EINTR)
            continue;
        cr_assert_geq(k, 0, "recv: %s", strerror(errno));
        if (k == 0)
            break;
        n += (size_t)k;
    }
    close(fd);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Three requests in one write on a kept-alive connection: each reply's
 * Content-Length ends it where the next begins. */
Test(reply, lengths_frame_replies_on_a_kept_alive_connection, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, "--quiet", NULL);
    struct resp one[3];
    static const char *const targets[3] = {"/timeline.ics", "/timeline.json",
                                           "/timeline.json?type=meeting"};
    for (int i = 0; i < 3; i++)
        get(d.port, targets[i], &one[i]);
    int fd = dial(d.port);
    char req[512];
    int len = snprintf(req, sizeof req,
                       "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                       "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                       "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                       targets[0], targets[1], targets[2]);
    send_all(fd, req, (size_t)len);
    size_t total;
    char *all = read_all(fd, &total);
    const char *p = all;
    const char *end = all + total;
    for (int i = 0; i < 3; i++) {
        cr_assert(p < end && strncmp(p, "HTTP/1.1 200 ", 13) == 0,
                  "reply %d does not start where the one before ends", i);
        const char *body = strstr(p, "\r\n\r\n");
        cr_assert_not_null(body);
        body += 4;
        const char *cl = strstr(p, "\r\nContent-Length: ");
        cr_assert(cl != NULL && cl < body, "reply %d: no Content-Length", i);
        size_t n = (size_t)strtoull(cl + 18, NULL, 10);
        cr_expect_eq(n, one[i].blen, "reply %d: %zu bytes, alone %zu", i, n, one[i].blen);
        cr_assert_leq(body + n, end);
        cr_expect(memcmp(body, one[i].body, one[i].blen) == 0, "reply %d differs", i);
        p = body + n;
        resp_free(&one[i]);
    }
    cr_expect_eq(p, end, "bytes after the third reply");
    free(all);
    stop(&d);
}

#ifdef __linux__
/* How many unnamed files (O_TMPFILE) in dir process pid holds open. */
static int unnamed_files(pid_t pid, const char *dir)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
    DIR *fds = opendir(path);
    cr_assert_not_null(fds, "%s: %s", path, strerror(errno));
    int n = 0;
    size_t dl = strlen(dir);
    for (struct dirent *e; (e = readdir(fds)) != NULL;) {
        char link[600], to[600];
        snprintf(link, sizeof link, "%s/%s", path, e->d_name);
        ssize_t k = readlink(link, to, sizeof to - 1);
        if (k <= 0)
            continue;
        to[k] = '\0';
        n += strncmp(to, dir, dl) == 0 && to[dl] == '/' && strstr(to, "(deleted)") != NULL;
    }
    closedir(fds);
    return n;
}
#endif

/* Large bodies asked for again go to the socket from an unnamed file in
 * the state folder (sendfile, reply.c): the same bytes as their gzip form, which goes from
 * memory.  A reader with a small window that asks for many at once fills
 * the socket mid-body: the rest goes from memory, by the bufferevent,
 * which leaves the connection's buffer frozen between its writes; the
 * replies after it from the file again; each reply once, byte for byte,
 * framed by its length on the kept-alive connection. */
#define PIPELINED 60
Test(reply, large_bodies_go_out_from_a_file_byte_for_byte, .init = bounded)
{
    char state[] = "/tmp/chronicled-spool-XXXXXX";
    cr_assert_not_null(mkdtemp(state));
    struct daemon d;
    start(&d, FIXTURES, "--quiet", "--state", state, NULL);
    static const char *const targets[2] = {"/timeline.ics", "/timeline.json"};
    struct resp plain[2];
    for (int i = 0; i < 2; i++) {
        /* a body gets its file at its second send */
        get(d.port, targets[i], &plain[i]);
#ifdef __linux__
        cr_expect_eq(unnamed_files(d.pid, state), i, "%s: a file at the first send", targets[i]);
#endif
        resp_free(&plain[i]);
        get(d.port, targets[i], &plain[i]);
        cr_assert_eq(plain[i].status, 200);
        cr_assert_geq(plain[i].blen, (size_t)16 << 10, "%s: too small to go from a file",
                      targets[i]);
        struct resp z;
        request(d.port, "GET", targets[i], "Accept-Encoding: gzip\r\n", &z);
        size_t n;
        char *unz = tu_gunzip(z.body, z.blen, &n);
        cr_assert_not_null(unz);
        cr_expect(n == plain[i].blen && memcmp(unz, plain[i].body, n) == 0,
                  "%s: %zu bytes, its gzip form %zu", targets[i], plain[i].blen, n);
        free(unz);
        resp_free(&z);
    }
#ifdef __linux__
    cr_expect_eq(unnamed_files(d.pid, state), 2, "the feeds' files in the state folder");
#endif
    /* megabytes asked for before anything is read */
    int fd = dial_rcvbuf(d.port, 2048);
    static char req[PIPELINED * 80];
    size_t len = 0;
    for (int i = 0; i < PIPELINED; i++)
        len += (size_t)snprintf(req + len, sizeof req - len, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n",
                                targets[i % 2], i + 1 == PIPELINED ? "Connection: close\r\n" : "");
    send_all(fd, req, len);
    pause_ms(300);
    size_t total;
    char *all = read_all(fd, &total);
    const char *p = all, *end = all + total;
    for (int i = 0; i < PIPELINED; i++) {
        const struct resp *want = &plain[i % 2];
        const char *body = strstr(p, "\r\n\r\n");
        cr_assert(strncmp(p, "HTTP/1.1 200 ", 13) == 0 && body != NULL,
                  "reply %d does not start where the one before ends", i);
        body += 4;
        cr_assert_leq(body + want->blen, end, "reply %d cut short", i);
        cr_assert(memcmp(body, want->body, want->blen) == 0, "reply %d differs", i);
        p = body + want->blen;
    }
    cr_expect_eq(p, end, "%zu bytes after the last reply", (size_t)(end - p));
    free(all);
    for (int i = 0; i < 2; i++)
        resp_free(&plain[i]);
    stop(&d);
    remove_tree(state);
}

#ifdef __linux__
/* Each file is a descriptor held while its body lives: the texts of many
 * converted documents, each asked for twice, take no more than the cap
 * (64), and the daemon still takes connections. */
Test(reply, body_files_are_capped, .init = bounded)
{
    char dir[] = "/tmp/chronicled-many-XXXXXX", state[] = "/tmp/chronicled-spool-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_not_null(mkdtemp(state));
    for (int k = 0; k < 80; k++) {
        char path[128];
        snprintf(path, sizeof path, "%s/doc%03d.html", dir, k);
        FILE *f = fopen(path, "w");
        cr_assert_not_null(f);
        fprintf(f, "<html><head><title>Council notes %d</title></head><body>\n", k);
        for (int i = 0; i < 300; i++)
            fprintf(f, "<p>The council of district %d met on %d May 2021 about roads.</p>\n", k,
                    i % 28 + 1);
        fputs("</body></html>\n", f);
        fclose(f);
    }
    struct daemon d;
    start(&d, dir, "--quiet", "--state", state, NULL);
    for (int k = 0; k < 80; k++)
        for (int twice = 0; twice < 2; twice++) {
            char target[64];
            snprintf(target, sizeof target, "/documents/doc%03d.html", k);
            struct resp r;
            get(d.port, target, &r);
            cr_assert_eq(r.status, 200, "%s: %d", target, r.status);
            cr_assert_geq(r.blen, (size_t)16 << 10, "%s: too small to go from a file", target);
            resp_free(&r);
        }
    int n = unnamed_files(d.pid, state);
    cr_expect(n > 0 && n <= 64, "%d files held", n);
    json_decref(get_json(d.port, "/healthz"));
    stop(&d);
    remove_tree(dir);
    remove_tree(state);
}
#endif
