/* reply.c - the one reply of a request: prebuilt bodies with their
 * validators, conditional requests, content coding and HEAD; bytes made
 * for one request; JSON errors.  Each reply is counted and logged. */
#if defined(__linux__)
#define _GNU_SOURCE             /* O_TMPFILE, sendfile */
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>
#define REPLY_SENDFILE 1
#else
#define REPLY_SENDFILE 0
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>          /* before keyvalq_struct.h: TAILQ_INSERT_TAIL */
#include <time.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "chronicle/http.h"
#include "evmem.h"
#include "log.h"
#include "reply.h"

double reply_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int request_gzip(const struct request *r)
{
    const char *ae = evhttp_find_header(evhttp_request_get_input_headers(r->req),
                                        "Accept-Encoding");
    return chr_http_accepts_gzip(ae);
}

static void finish(struct request *r, int status, size_t bytes)
{
    double secs = reply_clock() - r->start;
    metrics_request(r->replies->metrics, r->route, status, secs, bytes);
    if (!r->replies->quiet)
        log_access(r->method, evhttp_request_get_uri(r->req), status, bytes,
                   secs);
}

static const char *reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 414: return "URI Too Long";
    case 421: return "Misdirected Request";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

/* An HTTP date, formatted again only when the second changes.  Formatting
 * the Date evhttp adds and Last-Modified took a third of a 304's work on
 * the loop (snprintf); replies name few distinct seconds. */
struct date_memo {
    int64_t t;
    char s[CHR_HTTP_DATE_SIZE];
};

static const char *memo_date(struct date_memo *m, int64_t t)
{
    if (m->s[0] == '\0' || m->t != t) {
        chr_http_date_format(t, m->s);
        m->t = t;
    }
    return m->s;
}

/* Last-Modified: a few bodies of different ages answered in turn (the
 * feeds, the page's files) each keep their slot. */
#define MODIFIED_MEMOS 8
static struct date_memo modified_memo[MODIFIED_MEMOS];
static struct date_memo now_memo;

/* Bodies from this size on go to the socket from a file: sendfile hands
 * the kernel pages of the page cache where writev copies the bytes, a
 * fifth less CPU a reply for a 44 KB calendar on loopback.  Smaller ones
 * cost less copied.  A body gets its file at its second full send (a
 * body asked for once, such as most filtered renders, is never written
 * out), if it is at most FILE_MAX_BYTES (the file is written on the
 * loop: 8 MB is a few milliseconds) and fewer than FILE_MAX_COUNT bodies
 * hold one (each holds a descriptor while it lives: documents' texts,
 * cached renders and old versions would otherwise take them all). */
#define FILE_MIN ((size_t)16 << 10)
#define FILE_MAX_BYTES ((size_t)8 << 20)
#define FILE_MAX_COUNT 64
/* b->file, the server's marks: sent once whole; no file, for good */
#define SENT_ONCE (-3)
#define NO_FILE_EVER (-1)

int reply_spool_open(const char *dir)
{
#if REPLY_SENDFILE
    return dir != NULL ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
#else
    (void)dir;
    return -1;
#endif
}

/* The file holding b's bytes, made at b's second full send: an unnamed
 * file in the spool folder (O_TMPFILE; gone with its last descriptor,
 * which b holds).  -1 when b is sent from memory: small, large, sent
 * once so far, too many files open, or the file cannot be made or
 * written (no space). */
static int body_file(const struct replies *rs, chr_body *b)
{
    if (b->file >= 0)
        return b->file;
    if (b->file == NO_FILE_EVER)
        return -1;
#if REPLY_SENDFILE
    if (rs->spool < 0 || b->len < FILE_MIN || b->len > FILE_MAX_BYTES) {
        b->file = NO_FILE_EVER;
        return -1;
    }
    if (b->file == CHR_BODY_NO_FILE) {
        b->file = SENT_ONCE;
        return -1;
    }
    if (chr_body_files() >= FILE_MAX_COUNT)
        return -1;              /* asked again at the next send */
    b->file = NO_FILE_EVER;
    int fd = openat(rs->spool, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    for (size_t done = 0; done < b->len;) {
        ssize_t w = pwrite(fd, b->data + done, b->len - done, (off_t)done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)w;
    }
    chr_body_keep_file(b, fd);
    return fd;
#else
    (void)rs;
    b->file = NO_FILE_EVER;
    return -1;
#endif
}

/* The bytes queued in out before its last len (a body from file, whose
 * bytes they are) go to the socket at once, and the body's from the file;
 * each as far as the socket takes it and at most most bytes in all (one
 * connection does not hold the loop), what went drained from out, the
 * rest left there for the bufferevent to write.  Returns whether all of
 * out went. */
static int write_from_file(struct evbuffer *out, evutil_socket_t fd, int file, size_t len,
                           size_t most)
{
#if REPLY_SENDFILE
    /* out is thawed (send_now): what goes is drained, or nothing more
     * goes */
    size_t front = evbuffer_get_length(out) - len;
    size_t upto = most - front < len ? most - front : len;
    while (front > 0) {
        struct evbuffer_iovec v[8];
        int nv = evbuffer_peek(out, (ev_ssize_t)front, NULL, v, 8);
        struct iovec iov[8];
        size_t want = 0;
        for (int k = 0; k < nv && k < 8; k++) {
            size_t n = v[k].iov_len < front - want ? v[k].iov_len : front - want;
            iov[k] = (struct iovec){v[k].iov_base, n};
            want += n;
        }
        struct msghdr mh = {.msg_iov = iov, .msg_iovlen = (size_t)(nv < 8 ? nv : 8)};
        /* MSG_MORE: the header lines leave with the body's first bytes */
        ssize_t w = sendmsg(fd, &mh, MSG_MORE | MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0 || evbuffer_drain(out, (size_t)w) != 0)
            return 0;
        front -= (size_t)w;
    }
    off_t off = 0;
    while ((size_t)off < upto) {
        ssize_t w = sendfile(fd, file, &off, upto - (size_t)off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
    }
    return evbuffer_drain(out, (size_t)off) == 0 && (size_t)off == len;
#else
    (void)out;
    (void)fd;
    (void)file;
    (void)len;
    (void)most;
    return 0;
#endif
}

/* evhttp queues a reply and writes it when the socket next says it is
 * writable: another turn of the loop, and two epoll_ctl calls a request
 * (the write event added, then deleted once the reply is out), a sixth
 * of the loop's system time for a 304.  So the reply goes to the socket
 * at once, as far as the socket takes it; when all of it went, evhttp
 * is told as its bufferevent would tell it (its write callback, deferred
 * to after the handler returns, as the request it frees is still on the
 * stack), and it turns the write event off again in the same loop turn,
 * which leaves epoll alone.  What the socket does not take goes out the
 * usual way.  After the call, req may be gone (a client that left). */
static void send_now(struct evhttp_request *req, int status, int file, size_t len)
{
    struct evhttp_connection *evcon = evhttp_request_get_connection(req);
    struct bufferevent *bev = evcon != NULL ? evhttp_connection_get_bufferevent(evcon) : NULL;
    evhttp_send_reply(req, status, reason(status), NULL);
    if (bev == NULL)
        return;
    struct evbuffer *out = bufferevent_get_output(bev);
    evutil_socket_t fd = bufferevent_getfd(bev);
    ev_ssize_t most = bufferevent_get_max_to_write(bev);
    size_t queued = evbuffer_get_length(out);
    if (fd < 0 || most <= 0 || !(bufferevent_get_enabled(bev) & EV_WRITE) || queued == 0)
        return;
    /* The bufferevent keeps out's front frozen (nothing else may drain
     * it), thawing it only around its own writes; these writes are its
     * writes, made early: the same thaw around them. */
    int frozen = evbuffer_drain(out, 0) != 0;
    if (frozen)
        evbuffer_unfreeze(out, 1);
    /* a body from its file: the whole reply at once (the socket's buffer
     * bounds what one call takes), or the bufferevent's usual way */
    int all = file >= 0 && queued >= len && (size_t)most >= queued - len
                  ? write_from_file(out, fd, file, len, (size_t)most)
                  : evbuffer_write_atmost(out, fd, most) > 0 && evbuffer_get_length(out) == 0;
    if (frozen)
        evbuffer_freeze(out, 1);
    if (all)
        bufferevent_trigger(bev, EV_WRITE, BEV_TRIG_DEFER_CALLBACKS);
}

/* The reply goes out: the Date header (what evhttp would add, from the
 * memo instead of formatting it each time), then the status line. */
static void send_reply(struct request *r, int status)
{
    evhttp_add_header(evhttp_request_get_output_headers(r->req), "Date",
                      memo_date(&now_memo, (int64_t)time(NULL)));
    send_now(r->req, status, -1, 0);
}

/* Decimal digits of n into buf (no snprintf on the hot path). */
static const char *size_str(size_t n, char buf[24])
{
    char *p = buf + 23;
    *p = '\0';
    do {
        *--p = (char)('0' + n % 10);
        n /= 10;
    } while (n > 0);
    return p;
}

/* "public, max-age=N", made once. */
static const char *cache_control(int max_age)
{
    static char memo[48];
    static int memo_age = -1;
    if (memo_age != max_age) {
        snprintf(memo, sizeof memo, "public, max-age=%d", max_age);
        memo_age = max_age;
    }
    return memo;
}

static void unref_body(const void *data, size_t len, void *extra)
{
    (void)data;
    (void)len;
    chr_body_unref(extra);
}

static void free_data(const void *data, size_t len, void *extra)
{
    (void)len;
    (void)extra;
    free((void *)(uintptr_t)data);
}

/* CORS: JSON may be read by the pages of the origins --cors names, each
 * answered with its own name (and Vary: Origin, as the reply differs). */
static void add_cors(const struct request *r, struct evkeyvalq *h, const char *type)
{
    if (r->replies->norigins == 0 || strncmp(type, "application/json", 16) != 0)
        return;
    evhttp_add_header(h, "Vary", "Origin");
    const char *origin =
        evhttp_find_header(evhttp_request_get_input_headers(r->req), "Origin");
    for (size_t i = 0; origin != NULL && i < r->replies->norigins; i++)
        if (strcasecmp(origin, r->replies->origins[i]) == 0) {
            evhttp_add_header(h, "Access-Control-Allow-Origin", r->replies->origins[i]);
            return;
        }
}

void reply_bytes(struct request *r, int status, const char *type, char *data,
                 size_t len)
{
    struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
    char num[24];
    evhttp_add_header(h, "Content-Type", type);
    evhttp_add_header(h, "Cache-Control", "no-store");
    evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
    add_cors(r, h, type);
    if (r->replies->stopping)
        evhttp_add_header(h, "Connection", "close");
    if (r->head) {
        evhttp_add_header(h, "Content-Length", size_str(len, num));
        free(data);
        send_reply(r, status);
    } else {
        struct evbuffer *out = evhttp_request_get_output_buffer(r->req);
        if (len > 0 &&
            evbuffer_add_reference(out, data, len, free_data, NULL) != 0) {
            free(data);
            len = 0;
            status = 500;
        } else if (len == 0) {
            free(data);
        }
        send_reply(r, status);
    }
    finish(r, status, r->head ? 0 : len);
}

void reply_error(struct request *r, int status, const char *param,
                 const char *msg)
{
    size_t len = 0;
    char *body = chr_http_error_body(status, param, msg, &len);
    if (body == NULL) {
        /* Out of memory: a reply still has to go out. */
        send_reply(r, 500);
        finish(r, 500, 0);
        return;
    }
    reply_bytes(r, status, REPLY_JSON, body, len);
}

void reply_busy(struct request *r, int status, const char *msg)
{
    evhttp_add_header(evhttp_request_get_output_headers(r->req),
                      "Retry-After", "1");
    reply_error(r, status, NULL, msg);
}

/* If-None-Match decides alone when present (RFC 9110 13.2.2); a date in
 * the future is not a date the client got from us. */
static int not_modified(struct evhttp_request *req, const chr_body *b,
                        const char *etag)
{
    struct evkeyvalq *in = evhttp_request_get_input_headers(req);
    const char *inm = evhttp_find_header(in, "If-None-Match");
    if (inm != NULL)
        return chr_http_etag_match(inm, etag);
    const char *ims = evhttp_find_header(in, "If-Modified-Since");
    int64_t t;
    if (ims != NULL && b->modified > 0 && chr_http_date_parse(ims, &t) == 0 &&
        t <= (int64_t)time(NULL))
        return b->modified <= t;
    return 0;
}

/* ---- a prebuilt body's header lines, in one header ---- */

/* evhttp writes each header with a printf ("%s: %s\r\n") after checking
 * its value and making three blocks for it, and looks for a header by
 * walking the list: for the eight header lines of a feed's 200 that was
 * most of what evhttp does for a request in user space.  So a prebuilt
 * body's lines go into the value of one header, the Date evhttp looks
 * for before adding its own: the date, then every other line as
 * "\r\nName: value" (evhttp ends the last).  Content-Length stays a header
 * of its own (evhttp adds one when it finds none), so does Connection
 * (evhttp reads it), and evhttp adds no Content-Type of its own
 * (server.c).  Every value joined is ours: ETags, dates, media types. */

#define PARTS_MAX 16

/* parts[0..n) joined into a block libevent can free; NULL when out of
 * memory. */
static char *joined(const char *const *parts, size_t n)
{
    size_t len[PARTS_MAX], total = 0;
    for (size_t i = 0; i < n; i++)
        total += len[i] = strlen(parts[i]);
    char *v = evmem_alloc(total + 1), *w = v;
    for (size_t i = 0; v != NULL && i < n; i++) {
        memcpy(w, parts[i], len[i]);
        w += len[i];
    }
    if (v != NULL)
        *w = '\0';
    return v;
}

/* "name: value" at the end of h, value (libevent's memory, may be NULL)
 * taken over; 0, or -1 when out of memory (value freed). */
static int add_taken(struct evkeyvalq *h, const char *name, char *value)
{
    size_t n = strlen(name) + 1;
    struct evkeyval *kv = evmem_alloc(sizeof *kv);
    char *key = evmem_alloc(n);
    if (kv == NULL || key == NULL || value == NULL) {
        evmem_free(kv);
        evmem_free(key);
        evmem_free(value);
        return -1;
    }
    memcpy(key, name, n);
    kv->key = key;
    kv->value = value;
    TAILQ_INSERT_TAIL(h, kv, next);
    return 0;
}

/* The header lines of a reply of b but Content-Length, in one Date
 * header. */
static int add_body_lines(const struct request *r, struct evkeyvalq *h, const chr_body *b,
                          const char *etag, int fresh, int gz)
{
    /* A 304 carries what RFC 9110 (15.4.5) asks of it, the fields a
     * cache updates its copy with: ETag, Cache-Control, Vary and Date.
     * Last-Modified and nosniff describe the stored copy, which keeps
     * them. */
    const char *part[PARTS_MAX];
    size_t n = 0;
    part[n++] = memo_date(&now_memo, (int64_t)time(NULL));
    part[n++] = "\r\nETag: ";
    part[n++] = etag;
    if (b->modified > 0 && !fresh) {
        part[n++] = "\r\nLast-Modified: ";
        part[n++] = memo_date(&modified_memo[(uint64_t)b->modified % MODIFIED_MEMOS],
                              b->modified);
    }
    part[n++] = "\r\nCache-Control: ";
    part[n++] = cache_control(r->replies->max_age);
    part[n++] = "\r\nVary: Accept-Encoding";
    if (!fresh) {
        part[n++] = "\r\nX-Content-Type-Options: nosniff\r\nContent-Type: ";
        part[n++] = b->type;
        if (gz)
            part[n++] = "\r\nContent-Encoding: gzip";
    }
    return add_taken(h, "Date", joined(part, n));
}

void reply_body(struct request *r, chr_body *b, int gzip)
{
    struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
    int use_gz = gzip && b->gz != NULL;
    const char *etag = use_gz ? b->etag_gz : b->etag;
    const char *data = use_gz ? b->gz : b->data;
    size_t len = use_gz ? b->gzlen : b->len;
    char num[24];

    int fresh = not_modified(r->req, b, etag);
    add_cors(r, h, b->type);
    if (r->replies->stopping)
        evhttp_add_header(h, "Connection", "close");
    if (add_body_lines(r, h, b, etag, fresh, use_gz) != 0 ||
        (!fresh && evhttp_add_header(h, "Content-Length", size_str(len, num)) != 0)) {
        chr_body_unref(b);
        evhttp_remove_header(h, "Date");
        reply_error(r, 500, NULL, "out of memory");
        return;
    }
    if (fresh || r->head) {
        send_now(r->req, fresh ? 304 : 200, -1, 0);
        chr_body_unref(b);
        finish(r, fresh ? 304 : 200, 0);
        return;
    }
    struct evbuffer *out = evhttp_request_get_output_buffer(r->req);
    /* The bytes go out by reference; the body lives until they are
     * written, even if the snapshot is swapped meanwhile. */
    if (len > 0 && evbuffer_add_reference(out, data, len, unref_body, b) != 0) {
        chr_body_unref(b);
        evhttp_remove_header(h, "Date");
        evhttp_remove_header(h, "Content-Length");
        reply_error(r, 500, NULL, "out of memory");
        return;
    }
    /* the reference holds the body's bytes, which the file repeats */
    int file = len > 0 && !use_gz ? body_file(r->replies, b) : -1;
    if (len == 0)
        chr_body_unref(b);
    send_now(r->req, 200, file, len);
    finish(r, 200, len);
}
