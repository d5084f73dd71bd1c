/*
 * conn.c - client connections from accept to close: counted against
 * --max-connections from the moment they are accepted, given an absolute
 * deadline to deliver each request, and an accept loop that backs off
 * when descriptors run out instead of spinning.
 *
 * libevent 2.1 has no hook that names a connection when it is accepted
 * (evhttp_set_newreqcb came in 2.2), so the bufferevent callback is used:
 * it makes each new connection's bufferevent, keeps a reference, and an
 * event run in the same loop turn, after evhttp has set the connection
 * up and before any byte of it is read, finds the connection through the
 * bufferevent's callback argument (evhttp passes the connection there).
 * A connection it cannot find this way is counted at its first request,
 * as before.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#ifdef __linux__
#include <linux/sockios.h>
#endif
#include <time.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>

#include "conn.h"
#include "log.h"

/* Connections beyond --max-connections still get their 503 (with
 * Retry-After); beyond this many more they are closed at once. */
#define REFUSED_MAX 64
/* New bufferevents waiting for the adopt step; more in one loop turn are
 * counted at their first request. */
#define NEWBORN_MAX 256
/* Accepts paused after an error: from the first to the last, doubling
 * while errors go on (out of descriptors: until idle ones close). */
#define ACCEPT_PAUSE_MIN_MS 50
#define ACCEPT_PAUSE_MAX_MS 1000
/* How often the connections' timeouts are looked at (a reply going out:
 * is it moving?). */
#define WRITE_CHECK_MS 250
/* Largest single write to a client socket (libevent's default: 16 KiB). */
#define CONN_MAX_WRITE (256 * 1024)

struct conn {
    struct evhttp_connection *evcon;
    struct conns *owner;
    enum { IDLE, WAITING, ANSWERING } phase;
    double since;               /* WAITING since (monotonic seconds): the
                                 * next request is due within --timeout */
    size_t left;                /* ANSWERING: reply bytes not yet taken */
    double moved;               /* monotonic seconds: when left last fell */
    int doomed;                 /* the sweep closes it */
    int refused;                /* accepted over the limit: 503 and close */
    struct event *hold;         /* keeps the socket in epoll (on_hold) */
    int held_idle;              /* times hold fired since the last reply */
    char addr[64];              /* the client's address */
};

struct conns {
    struct event_base *base;
    struct evhttp *http;
    struct metrics *metrics;
    size_t max;
    size_t per_client;          /* connections one client address may hold */
    int timeout;                /* seconds */
    struct event *sweep;        /* every WRITE_CHECK_MS: the timeouts */
    int stopping;
    /* open addressing, keyed by the connection pointer, backward-shift
     * deletion (no tombstones) */
    struct conn **slot;
    size_t cap, n;              /* cap: a power of two */
    /* accepted in this loop turn, one bufferevent reference each */
    struct bufferevent *newborn[NEWBORN_MAX];
    size_t nnewborn;
    struct event *adopt;
    int adopt_broken;           /* evhttp did not look as expected */
    /* the listener */
    struct evconnlistener *listener;
    struct event *resume;
    int pause_ms;
    int64_t last_error_log;     /* seconds, monotonic */
    uint64_t errors_unlogged;
};

/* ---- the set ---- */

static size_t slot_of(const struct evhttp_connection *c, size_t cap)
{
    uint64_t h = (uint64_t)(uintptr_t)c;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 32;
    return (size_t)h & (cap - 1);
}

static struct conn *find(const struct conns *s,
                         const struct evhttp_connection *c)
{
    for (size_t i = slot_of(c, s->cap); s->slot[i] != NULL;
         i = (i + 1) & (s->cap - 1))
        if (s->slot[i]->evcon == c)
            return s->slot[i];
    return NULL;
}

static void insert(struct conns *s, struct conn *r)
{
    size_t i = slot_of(r->evcon, s->cap);
    while (s->slot[i] != NULL)
        i = (i + 1) & (s->cap - 1);
    s->slot[i] = r;
    s->n++;
}

static void erase(struct conns *s, const struct conn *r)
{
    size_t mask = s->cap - 1, i = slot_of(r->evcon, s->cap);
    while (s->slot[i] != r) {
        if (s->slot[i] == NULL)
            return;
        i = (i + 1) & mask;
    }
    s->slot[i] = NULL;
    s->n--;
    /* Move later members of the cluster back so lookups still find them. */
    for (size_t j = (i + 1) & mask; s->slot[j] != NULL; j = (j + 1) & mask) {
        size_t home = slot_of(s->slot[j]->evcon, s->cap);
        int movable = (j > i) ? (home <= i || home > j)
                              : (home <= i && home > j);
        if (movable) {
            s->slot[i] = s->slot[j];
            s->slot[j] = NULL;
            i = j;
        }
    }
}

static void conn_free(struct conn *r)
{
    if (r->hold != NULL)
        event_free(r->hold);
    free(r);
}

/* ---- one connection ---- */

static void on_close(struct evhttp_connection *evcon, void *arg)
{
    struct conns *s = arg;
    struct conn *r = find(s, evcon);
    if (r == NULL)
        return;
    erase(s, r);
    conn_free(r);
}

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Bytes of the reply the client has not taken yet: still in the
 * connection's buffer, and sent to the socket but not acknowledged. */
static size_t unsent(const struct conn *r)
{
    struct bufferevent *bev = evhttp_connection_get_bufferevent(r->evcon);
    if (bev == NULL)
        return 0;
    size_t n = evbuffer_get_length(bufferevent_get_output(bev));
    /* nothing of this reply handed over yet (a worker renders it): what
     * the socket still holds is the previous reply's, and closing now
     * would free the request the worker's reply is for */
    if (n == 0)
        return 0;
#ifdef SIOCOUTQ
    int queued = 0;
    evutil_socket_t fd = bufferevent_getfd(bev);
    if (fd >= 0 && ioctl(fd, SIOCOUTQ, &queued) == 0 && queued > 0)
        n += (size_t)queued;
#endif
    return n;
}

/* The timeouts of every connection, looked at by one sweep every
 * WRITE_CHECK_MS rather than by two timers per connection that each
 * request and reply set again (four timer changes a request, a twentieth
 * of the loop's work for a 304).  A deadline is kept within
 * WRITE_CHECK_MS of --timeout.
 *
 * WAITING: the client took too long to send a whole request (a header a
 * byte at a time keeps the idle timeout from firing).
 * ANSWERING: a reply is going out; the write timeout is for a client
 * that stops taking it, not for a slow one.  Each time the bytes left
 * fall the timeout starts again; libevent's own write timeout cannot see
 * this (a full socket buffer that the client drains slowly signals no
 * progress to it for many seconds). */
static void on_sweep(evutil_socket_t fd, short what, void *arg)
{
    struct conns *s = arg;
    (void)fd;
    (void)what;
    if (s->n == 0)
        return;
    double t = mono_now();
    size_t doomed = 0;
    for (size_t i = 0; i < s->cap; i++) {
        struct conn *r = s->slot[i];
        if (r == NULL)
            continue;
        r->doomed = 0;
        if (r->phase == WAITING && t - r->since >= s->timeout) {
            r->doomed = 1;
        } else if (r->phase == ANSWERING) {
            size_t left = unsent(r);
            if (left == 0 || left < r->left) {
                r->left = left;
                r->moved = t;   /* waiting for a worker is not a stall */
            } else if (t - r->moved >= s->timeout) {
                r->doomed = 1;
            }
        }
        doomed += r->doomed;
    }
    /* Freeing erases from the table, which moves later members of a
     * cluster back into the freed slot: look at it again.  One moved
     * round the end of the table is closed at the next sweep. */
    for (size_t i = 0; i < s->cap && doomed > 0;) {
        struct conn *r = s->slot[i];
        if (r == NULL || !r->doomed) {
            i++;
            continue;
        }
        if (r->phase == WAITING)
            s->metrics->deadline_closes++;
        else
            s->metrics->write_timeouts++;
        doomed--;
        /* frees r through on_close */
        evhttp_connection_free(r->evcon);
    }
}

static void arm(struct conn *r)
{
    r->phase = WAITING;
    r->since = mono_now();
}

/* evhttp turns a connection's reading off when a request is in and on
 * again when its reply is out: with the reply sent in the same loop turn
 * (reply.c), the two net to one epoll_ctl call a request, 7% of the
 * loop's CPU time for a 304.  libevent tells epoll of a descriptor's
 * reading only when the first read event on it is added and the last one
 * removed, so a second read event on the socket, this one, keeps it
 * registered while the bufferevent's own comes and goes, and the call
 * goes.
 *
 * The socket is level-triggered: while reading is off and bytes wait
 * unread (a reply waits for a worker and the client sent more behind
 * it), hold fires at every turn.  So it fires at most twice between two
 * replies: the turn a request arrives is usually the first, and at the
 * second it steps aside (when the bufferevent's read event is away too,
 * that costs the epoll_ctl, and its return at the next reply another:
 * such a request saves nothing).  Counting firings rather than looking
 * at whether reading is on keeps this true of a read suspended by a
 * watermark or a rate limit, which leaves reading "enabled" with no read
 * event in epoll.  hold comes back at the next reply (on_replied), and
 * goes before the socket closes (on_close): an event left on a closed
 * descriptor would keep the next socket given that number out of
 * epoll. */
static void on_hold(evutil_socket_t fd, short what, void *arg)
{
    struct conn *r = arg;
    (void)fd;
    (void)what;
    if (++r->held_idle >= 2)
        event_del(r->hold);
}

static void hold_new(struct conn *r, struct bufferevent *bev)
{
    evutil_socket_t fd = bufferevent_getfd(bev);
    if (fd < 0)
        return;
    r->hold = event_new(bufferevent_get_base(bev), fd, EV_READ | EV_PERSIST, on_hold, r);
    if (r->hold != NULL && event_add(r->hold, NULL) != 0) {
        event_free(r->hold);
        r->hold = NULL;
    }
}

static void hold_again(struct conn *r)
{
    r->held_idle = 0;
    if (r->hold != NULL && !event_pending(r->hold, EV_READ, NULL))
        (void)event_add(r->hold, NULL);
}

/* Once per connection.  libevent writes at most 16 KiB per call, so a feed
 * goes out in pieces; with Nagle on, the last piece of a reply on a
 * kept-alive connection waits for the client's delayed ACK (40 ms on
 * Linux), which capped a keep-alive client at about 23 feeds a second.
 * Send replies at once, in one write where the socket buffer allows.
 *
 * The sweep keeps this connection's deadlines from now on, so libevent's
 * own timeouts (server.c's backstop, for connections not counted here)
 * go: with them, evhttp's turning reading and writing off and on again
 * at every request moved timers in a heap, a twentieth of the loop's
 * instructions for a request. */
static void tune(struct evhttp_connection *evcon)
{
    struct bufferevent *bev = evhttp_connection_get_bufferevent(evcon);
    if (bev == NULL)
        return;
    bufferevent_set_timeouts(bev, NULL, NULL);
    bufferevent_set_max_single_write(bev, CONN_MAX_WRITE);
    evutil_socket_t fd = bufferevent_getfd(bev);
    int on = 1;
    if (fd >= 0)
        (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

/* Start counting evcon; NULL when the set is full (the caller refuses). */
static struct conn *track(struct conns *s, struct evhttp_connection *evcon)
{
    if (s->n + 1 > s->cap / 2)
        return NULL;
    struct conn *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->evcon = evcon;
    r->owner = s;
    /* one client may hold its share, so that others keep getting answers */
    char *peer = NULL;
    ev_uint16_t port = 0;
    evhttp_connection_get_peer(evcon, &peer, &port);
    snprintf(r->addr, sizeof r->addr, "%s", peer != NULL ? peer : "");
    size_t same = 0;
    for (size_t i = 0; i < s->cap && r->addr[0] != '\0'; i++)
        if (s->slot[i] != NULL && !s->slot[i]->refused && strcmp(s->slot[i]->addr, r->addr) == 0)
            same++;
    r->refused = s->n >= s->max || same >= s->per_client;
    insert(s, r);
    evhttp_connection_set_closecb(evcon, on_close, s);
    tune(evcon);
    struct bufferevent *bev = evhttp_connection_get_bufferevent(evcon);
    if (bev != NULL)
        hold_new(r, bev);
    return r;
}

/* ---- accepting ---- */

static struct bufferevent *on_new_bev(struct event_base *base, void *arg)
{
    struct conns *s = arg;
    /* What evhttp makes itself when there is no callback. */
    struct bufferevent *bev = bufferevent_socket_new(base, -1,
                                                     BEV_OPT_CLOSE_ON_FREE);
    if (bev == NULL || s->adopt_broken || s->nnewborn >= NEWBORN_MAX)
        return bev;
    bufferevent_incref(bev);
    s->newborn[s->nnewborn++] = bev;
    event_active(s->adopt, EV_READ, 0);
    /* An accept went through: the next error starts with a short pause. */
    s->pause_ms = 0;
    return bev;
}

static void on_adopt(evutil_socket_t fd, short what, void *arg)
{
    struct conns *s = arg;
    (void)fd;
    (void)what;
    for (size_t i = 0; i < s->nnewborn; i++) {
        struct bufferevent *bev = s->newborn[i];
        bufferevent_data_cb readcb = NULL;
        void *cbarg = NULL;
        /* evhttp frees a connection it could not set up at once, which
         * clears the callbacks; our reference keeps the memory. */
        bufferevent_getcb(bev, &readcb, NULL, NULL, &cbarg);
        struct evhttp_connection *evcon = cbarg;
        if (readcb != NULL && evcon != NULL && !s->adopt_broken) {
            if (evhttp_connection_get_bufferevent(evcon) != bev) {
                s->adopt_broken = 1;
                log_line("warn", "cannot count connections when accepted "
                         "with this libevent; counting them at their "
                         "first request");
            } else if (find(s, evcon) == NULL) {
                struct conn *r = track(s, evcon);
                if (r == NULL || (r->refused && s->n > s->max + REFUSED_MAX)) {
                    /* Far over the limit: not even a 503. */
                    evhttp_connection_free(evcon);
                } else {
                    arm(r);
                }
            }
        }
        bufferevent_decref(bev);
    }
    s->nnewborn = 0;
}

static void on_resume(evutil_socket_t fd, short what, void *arg)
{
    struct conns *s = arg;
    (void)fd;
    (void)what;
    if (s->listener != NULL && !s->stopping)
        evconnlistener_enable(s->listener);
}

/* The error callback gets the argument evhttp gave its listener, so the
 * connections whose listener it is are found here (one per process). */
static struct conns *accepting;

static int64_t mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec;
}

/* accept() failed for a reason other than "try again": most often no
 * descriptor is left (EMFILE, ENFILE).  libevent would retry at once,
 * forever, warning each time; pause accepting instead, longer while it
 * goes on, and say so at most once a second. */
static void on_accept_error(struct evconnlistener *lev, void *arg)
{
    struct conns *s = accepting;
    int err = EVUTIL_SOCKET_ERROR();
    (void)arg;                  /* evhttp's, not ours */
    if (s == NULL || s->listener != lev)
        return;
    evconnlistener_disable(lev);
    s->metrics->accept_errors++;
    s->pause_ms = s->pause_ms == 0 ? ACCEPT_PAUSE_MIN_MS
                  : s->pause_ms * 2 > ACCEPT_PAUSE_MAX_MS ? ACCEPT_PAUSE_MAX_MS
                  : s->pause_ms * 2;
    int64_t t = mono_seconds();
    if (t != s->last_error_log) {
        log_line("warn", "accept failed: %s; not accepting for %d ms "
                 "connections=%zu errors_since_last_line=%llu",
                 evutil_socket_error_to_string(err), s->pause_ms, s->n,
                 (unsigned long long)s->errors_unlogged);
        s->last_error_log = t;
        s->errors_unlogged = 0;
    } else {
        s->errors_unlogged++;
    }
    struct timeval tv = {s->pause_ms / 1000, (s->pause_ms % 1000) * 1000};
    evtimer_add(s->resume, &tv);
}

/* ---- the interface ---- */

struct conns *conns_new(struct event_base *base, struct evhttp *http,
                        struct metrics *m, size_t max, size_t per_client, int timeout)
{
    struct conns *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->base = base;
    s->http = http;
    s->metrics = m;
    s->max = max;
    s->per_client = per_client ? per_client : max > 4 ? max / 2 : max;
    s->timeout = timeout;
    s->cap = 16;
    while (s->cap < (max + REFUSED_MAX) * 2 + 2)
        s->cap *= 2;
    s->slot = calloc(s->cap, sizeof *s->slot);
    s->adopt = event_new(base, -1, 0, on_adopt, s);
    s->resume = evtimer_new(base, on_resume, s);
    s->sweep = event_new(base, -1, EV_PERSIST, on_sweep, s);
    struct timeval tick = {0, WRITE_CHECK_MS * 1000};
    if (s->slot == NULL || s->adopt == NULL || s->resume == NULL || s->sweep == NULL ||
        event_add(s->sweep, &tick) != 0) {
        conns_free(s);
        return NULL;
    }
    /* Compile-time version: the headers this was built and checked
     * against.  Another series counts connections at their first
     * request. */
#if LIBEVENT_VERSION_NUMBER < 0x02010000 || LIBEVENT_VERSION_NUMBER >= 0x02020000
    s->adopt_broken = 1;
#endif
    /* The library linked at run time must be of the same series. */
    if ((event_get_version_number() & 0xffff0000u) != 0x02010000u)
        s->adopt_broken = 1;
    evhttp_set_bevcb(http, on_new_bev, s);
    return s;
}

void conns_listen(struct conns *s, struct evhttp_bound_socket *bound)
{
    s->listener = evhttp_bound_socket_get_listener(bound);
    if (s->listener != NULL) {
        accepting = s;
        evconnlistener_set_error_cb(s->listener, on_accept_error);
    }
}

void conns_stop(struct conns *s)
{
    s->stopping = 1;
    event_del(s->resume);
    s->listener = NULL;         /* freed with its bound socket */
    if (accepting == s)
        accepting = NULL;
}

/* A reply went out whole: the connection waits for its next request. */
static void on_replied(struct evhttp_request *req, void *arg)
{
    struct conns *s = arg;
    struct evhttp_connection *evcon = evhttp_request_get_connection(req);
    struct conn *r = evcon != NULL ? find(s, evcon) : NULL;
    if (r != NULL) {
        r->phase = IDLE;
        hold_again(r);
    }
    if (r != NULL && !s->stopping)
        arm(r);
}

int conns_request(struct conns *s, struct evhttp_request *req)
{
    struct evhttp_connection *evcon = evhttp_request_get_connection(req);
    if (evcon == NULL)
        return 0;
    struct conn *r = find(s, evcon);
    if (r == NULL && (r = track(s, evcon)) == NULL)
        return -1;
    /* The request is in: no deadline while it is answered (a reply may
     * wait for a worker); the next one gets its own. */
    r->phase = ANSWERING;
    r->left = SIZE_MAX;
    r->moved = mono_now();
    evhttp_request_set_on_complete_cb(req, on_replied, s);
    return r->refused ? -1 : 0;
}

size_t conns_writing(const struct conns *s)
{
    size_t n = 0;
    for (size_t i = 0; s != NULL && s->slot != NULL && i < s->cap; i++) {
        if (s->slot[i] == NULL)
            continue;
        struct bufferevent *bev = evhttp_connection_get_bufferevent(s->slot[i]->evcon);
        if (bev != NULL && evbuffer_get_length(bufferevent_get_output(bev)) > 0)
            n++;
    }
    return n;
}

size_t conns_open(const struct conns *s)
{
    return s != NULL ? s->n : 0;
}

void conns_free(struct conns *s)
{
    if (s == NULL)
        return;
    if (accepting == s)
        accepting = NULL;
    for (size_t i = 0; i < s->nnewborn; i++)
        bufferevent_decref(s->newborn[i]);
    for (size_t i = 0; s->slot != NULL && i < s->cap; i++)
        if (s->slot[i] != NULL)
            conn_free(s->slot[i]);
    free(s->slot);
    if (s->adopt != NULL)
        event_free(s->adopt);
    if (s->resume != NULL)
        event_free(s->resume);
    if (s->sweep != NULL)
        event_free(s->sweep);
    free(s);
}
