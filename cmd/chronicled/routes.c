/*
 * routes.c - the route table and its handlers.  A handler gets the site,
 * the request and its path and raw query; it ends in exactly one reply,
 * now or (when it waits for a job) later.
 */
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "chronicle/filter.h"
#include "chronicle/query.h"
#include "chronicle/webjson.h"
#include "build.h"
#include "conn.h"
#include "docfile.h"
#include "page.h"
#include "render.h"
#include "routes.h"
#include "versions.h"

typedef void (*route_fn)(struct site *s, struct request *r, const char *path,
                         const char *query);

/* ---- filters parsed before ---- */

/* A filtered feed is asked for again and again (a calendar app polling,
 * the page's filters): its query is parsed once, not at every request,
 * which with the cache key made from it was a sixth of a 304's work on
 * the loop.  A filter depends on its query and the parameters allowed
 * alone, so the one kept is the one parsing would give. */
#define KNOWN_FILTERS 16

struct known {
    char *query;                /* malloc'd; NULL: an empty slot */
    size_t qlen;
    unsigned allow;
    chr_filter f;
    uint64_t used;              /* when last asked for (a counter) */
};

struct filters {
    struct known k[KNOWN_FILTERS];
    uint64_t tick;
};

struct filters *routes_filters_new(void)
{
    struct filters *k = calloc(1, sizeof *k);
    for (size_t i = 0; k != NULL && i < KNOWN_FILTERS; i++)
        chr_filter_init(&k->k[i].f);
    return k;
}

static void forget(struct known *e)
{
    free(e->query);
    e->query = NULL;
    chr_filter_clear(&e->f);
}

void routes_filters_free(struct filters *k)
{
    for (size_t i = 0; k != NULL && i < KNOWN_FILTERS; i++)
        forget(&k->k[i]);
    free(k);
}

static const chr_filter *known_filter(struct filters *k, const char *query, size_t qlen,
                                      unsigned allow)
{
    for (size_t i = 0; k != NULL && i < KNOWN_FILTERS; i++) {
        struct known *e = &k->k[i];
        if (e->query != NULL && e->qlen == qlen && e->allow == allow &&
            memcmp(e->query, query, qlen) == 0) {
            e->used = ++k->tick;
            return &e->f;
        }
    }
    return NULL;
}

/* Keep the filter of query (parsed without error just now), in place of
 * the one asked for least recently. */
static void remember(struct filters *k, const char *query, size_t qlen, unsigned allow)
{
    if (k == NULL)
        return;
    struct known *e = &k->k[0];
    for (size_t i = 1; i < KNOWN_FILTERS && e->query != NULL; i++)
        if (k->k[i].query == NULL || k->k[i].used < e->used)
            e = &k->k[i];
    forget(e);
    chr_error err;
    chr_error_clear(&err);
    e->query = malloc(qlen + 1);
    if (e->query == NULL)
        return;
    memcpy(e->query, query, qlen);
    e->query[qlen] = '\0';
    if (chr_filter_parse(&e->f, query, qlen, allow, &err) != 0) {
        forget(e);              /* out of memory */
        return;
    }
    e->qlen = qlen;
    e->allow = allow;
    e->used = ++k->tick;
}

/* ---- handlers ---- */

static void feed(struct site *s, struct request *r, chr_feed which,
                 const char *query)
{
    chr_filter f;
    chr_error err;
    chr_error_clear(&err);
    unsigned allow = which == CHR_FEED_JSON ? CHR_FILTER_PAGING | CHR_FILTER_FORMAT : 0;
    size_t qlen = query != NULL ? strlen(query) : 0;
    int gzip = request_gzip(r);
    const chr_filter *known = qlen > 0 ? known_filter(s->filters, query, qlen, allow) : NULL;
    if (known != NULL) {
        chr_body *b = NULL;
        int rc = chr_snap_cached(s->live, which, known, gzip, &b, &err);
        if (rc == 0) {
            reply_body(r, b, gzip);
            return;
        }
        if (rc != CHR_ENOTFOUND) {
            reply_error(r, 500, NULL, err.msg);
            return;
        }
        /* not rendered yet: the job gets a filter of its own */
    }
    chr_filter_init(&f);
    if (chr_filter_parse(&f, query, qlen, allow, &err) != 0) {
        reply_error(r, 400, err.file[0] ? err.file : NULL, err.msg);
        return;
    }
    if (known != NULL) {
        render_start(s->work, r, s->live, which, &f, gzip);
        return;
    }
    if (qlen > 0)
        remember(s->filters, query, qlen, allow);
    render_feed(s->work, r, s->live, which, &f, gzip);
}

/* /timeline.json and /timeline.ics: the current version, or with
 * ?version= an older one. */
static void handle_timeline(struct site *s, struct request *r, const char *path,
                            const char *query)
{
    chr_feed which = r->route == ROUTE_TIMELINE_ICS ? CHR_FEED_ICS : CHR_FEED_JSON;
    (void)path;
    if (chr_query_has_param(query, "version"))
        versions_timeline(s->versions, r, which, query);
    else
        feed(s, r, which, query);
}

static void handle_documents(struct site *s, struct request *r, const char *path,
                             const char *query)
{
    (void)path;
    (void)query;
    feed(s, r, CHR_FEED_DOCUMENTS, NULL);
}

/* /documents/NAME[/text|/file]: a document of the version served, as it
 * was read (the offsets of its sources are bytes of it) or as it is. */
static void handle_document_text(struct site *s, struct request *r, const char *path,
                                 const char *query)
{
    (void)query;
    docfile_reply(s->work, r, s->corpus, s->encoding, s->live, path);
}

static int is_event_id(const char *id)
{
    size_t i = 0;
    for (; id[i] != '\0'; i++)
        if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')))
            return 0;
    return i == 16;
}

static void handle_event(struct site *s, struct request *r, const char *path,
                         const char *query)
{
    const char *id = path + strlen("/events/");
    (void)query;
    if (!is_event_id(id)) {
        reply_error(r, 404, NULL, "no such event; expected /events/ID with a "
                    "16-digit lowercase hex id");
        return;
    }
    chr_error err;
    chr_error_clear(&err);
    int gz = request_gzip(r);
    chr_body *b = NULL;
    int rc = chr_snap_event(s->live, id, gz, &b, &err);
    if (rc == CHR_ENOTFOUND) {
        reply_error(r, 404, NULL, "no event with this id in the current corpus "
                    "version");
        return;
    }
    if (rc != 0) {
        reply_error(r, 500, NULL, err.msg);
        return;
    }
    reply_body(r, b, gz);
}

static void handle_health(struct site *s, struct request *r, const char *path,
                          const char *query)
{
    const struct health *h = &s->health;
    const chr_chron *c = chr_snap_chron(s->live);
    (void)path;
    (void)query;
    /* a build that has read no document for longer than --build-stall */
    char stalled_buf[160];
    const char *stalled = NULL;
    double idle = build_idle(s->build);
    if (build_abandoned(s->build, NULL)) {
        snprintf(stalled_buf, sizeof stalled_buf,
                 "the build has finished no document for %.0f s (limit %.0f s) and "
                 "was abandoned; its worker has not let go yet", idle, s->build_stall);
        stalled = stalled_buf;
    } else if (s->build_stall > 0 && idle > s->build_stall) {
        snprintf(stalled_buf, sizeof stalled_buf,
                 "the build has finished no document for %.0f s (limit %.0f s)", idle,
                 s->build_stall);
        stalled = stalled_buf;
    }
    chr_health hl = {
        .version = chr_snap_version(s->live),
        .documents = chr_chron_doc_count(c),
        .events = chr_chron_event_count(c),
        .generated = chr_chron_generated(c),
        .started = h->started,
        .loaded = h->loaded,
        .last_reload = h->last_reload,
        .last_ok = h->last_ok,
        .last_error = h->last_ok ? NULL : h->last_error,
        .last_build_ms = h->last_build_s * 1000.0,
        .reloads = h->reloads,
        .failures = h->failures,
        .skipped = chr_snap_skipped(s->live),
        .building = build_busy(s->build),
        .stalled = stalled,
    };
    char state_error[640];
    hl.versions = versions_health(s->versions, s->verbose_health, state_error,
                                  sizeof state_error);
    /* the machine's paths only when the operator asks (--verbose-health) */
    char corpus_dir[PATH_MAX], state_dir[PATH_MAX];
    if (s->verbose_health) {
        hl.corpus_dir = realpath(s->corpus, corpus_dir) != NULL ? corpus_dir : s->corpus;
        const char *st = versions_state(s->versions);
        hl.state_dir = realpath(st, state_dir) != NULL ? state_dir : st;
        hl.last_error = h->last_ok ? NULL : h->last_error_full;
    }
    hl.state_error = state_error[0] ? state_error : NULL;
    size_t len = 0;
    char *body = chr_webjson_health(&hl, &len);
    if (body == NULL) {
        reply_error(r, 500, NULL, "out of memory");
        return;
    }
    reply_bytes(r, 200, REPLY_JSON, body, len);
}

static void handle_metrics(struct site *s, struct request *r, const char *path,
                           const char *query)
{
    (void)path;
    (void)query;
    size_t len = 0;
    char *body = metrics_render(s->replies.metrics, s->live, conns_open(s->conns),
                                build_idle(s->build), &len);
    if (body == NULL) {
        reply_error(r, 500, NULL, "out of memory");
        return;
    }
    reply_bytes(r, 200, REPLY_METRICS, body, len);
}

static void handle_versions(struct site *s, struct request *r, const char *path,
                            const char *query)
{
    (void)path;
    versions_list(s->versions, r, query);
}

static void handle_diff(struct site *s, struct request *r, const char *path,
                        const char *query)
{
    (void)path;
    versions_diff(s->versions, r, query);
}

/* The page and its files: prebuilt bodies like the feeds (validators,
 * 304, gzip, HEAD), plus the page's security headers.  The query string
 * is the page's own business (its filters), so it is not looked at. */
static void handle_page(struct site *s, struct request *r, const char *path,
                        const char *query)
{
    (void)query;
    chr_body *b = page_body(s->page, path);
    if (b == NULL) {
        reply_error(r, 404, NULL, "no such resource");
        return;
    }
    page_headers(evhttp_request_get_output_headers(r->req));
    reply_body(r, b, request_gzip(r));
}

static int is_page(const char *path)
{
    return page_route(path) >= 0;
}

/* ---- the table ---- */

static const struct route_entry {
    const char *path;           /* the path, or its prefix */
    int prefix;                 /* path is a prefix */
    int (*match)(const char *path);   /* instead of path, when set */
    const char *shown;          /* how a 404 names it */
    enum route route;           /* counted as (metrics) */
    unsigned methods;           /* EVHTTP_REQ_* bits; HEAD comes with GET */
    route_fn handler;
} routes[] = {
    /* The page's files have names with an extension, so they never take
     * a path of the others. */
    {NULL, 0, is_page, "/ (the page)", ROUTE_PAGE, EVHTTP_REQ_GET, handle_page},
    {"/timeline.json", 0, NULL, "/timeline.json", ROUTE_TIMELINE_JSON, EVHTTP_REQ_GET,
     handle_timeline},
    {"/timeline.ics", 0, NULL, "/timeline.ics", ROUTE_TIMELINE_ICS, EVHTTP_REQ_GET,
     handle_timeline},
    {"/events/", 1, NULL, "/events/ID", ROUTE_EVENTS, EVHTTP_REQ_GET, handle_event},
    {"/documents", 0, NULL, "/documents", ROUTE_DOCUMENTS, EVHTTP_REQ_GET,
     handle_documents},
    {"/documents/", 1, NULL, "/documents/NAME", ROUTE_DOCUMENTS, EVHTTP_REQ_GET,
     handle_document_text},
    {"/versions", 0, NULL, "/versions", ROUTE_VERSIONS, EVHTTP_REQ_GET,
     handle_versions},
    {"/diff", 0, NULL, "/diff", ROUTE_DIFF, EVHTTP_REQ_GET, handle_diff},
    {"/healthz", 0, NULL, "/healthz", ROUTE_HEALTHZ, EVHTTP_REQ_GET, handle_health},
    {"/metrics", 0, NULL, "/metrics", ROUTE_METRICS, EVHTTP_REQ_GET, handle_metrics},
};
#define NROUTES (sizeof routes / sizeof routes[0])

static const struct {
    enum evhttp_cmd_type cmd;
    const char *name;
} methods[] = {
    {EVHTTP_REQ_GET, "GET"}, {EVHTTP_REQ_HEAD, "HEAD"}, {EVHTTP_REQ_POST, "POST"},
    {EVHTTP_REQ_PUT, "PUT"}, {EVHTTP_REQ_DELETE, "DELETE"},
    {EVHTTP_REQ_OPTIONS, "OPTIONS"}, {EVHTTP_REQ_TRACE, "TRACE"},
    {EVHTTP_REQ_CONNECT, "CONNECT"}, {EVHTTP_REQ_PATCH, "PATCH"},
};

static const char *method_name(enum evhttp_cmd_type cmd)
{
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (methods[i].cmd == cmd)
            return methods[i].name;
    return "OTHER";
}

/* The methods a route answers: its own, and HEAD wherever GET. */
static unsigned answered(const struct route_entry *e)
{
    return e->methods | ((e->methods & EVHTTP_REQ_GET) ? EVHTTP_REQ_HEAD : 0u);
}

/* The length of the name in a Host header value (without its port), 0
 * when the port is not a number. */
static size_t host_name_len(const char *h)
{
    const char *colon = h[0] == '[' ? strstr(h, "]:") : strrchr(h, ':');
    if (colon == NULL)
        return strlen(h);
    const char *p = h[0] == '[' ? colon + 2 : colon + 1;
    if (*p == '\0')
        return 0;
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    return (size_t)(colon - h) + (h[0] == '[');
}

/* Is h (n bytes) an address: digits and dots, or anything in brackets? */
static int address_name(const char *h, size_t n)
{
    if (n >= 2 && h[0] == '[' && h[n - 1] == ']')
        return 1;
    if (n < 7 || n > 15)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((h[i] >= '0' && h[i] <= '9') || h[i] == '.'))
            return 0;
    return 1;
}

/* Does this server answer to Host h?  Against DNS rebinding (a page of
 * another site that points its name at this address still sends its own
 * name): the listen address, loopback names on a loopback listener, any
 * address on a wildcard one, and the names --host gives. */
static int host_answered(const struct site *s, const char *h)
{
    size_t n = host_name_len(h);
    if (n == 0)
        return 0;
    if (s->loopback && ((n == 9 && strncasecmp(h, "localhost", 9) == 0) ||
                        (n == 5 && strncmp(h, "[::1]", 5) == 0) ||
                        (strncmp(h, "127.", 4) == 0 && address_name(h, n))))
        return 1;
    if (s->wildcard && address_name(h, n))
        return 1;
    const char *l = s->listen_host;
    size_t ln = strlen(l);
    if (h[0] == '[' ? n == ln + 2 && strncasecmp(h + 1, l, ln) == 0
                    : n == ln && strncasecmp(h, l, n) == 0)
        return 1;
    for (size_t i = 0; i < s->nhosts; i++)
        if (strlen(s->hosts[i]) == n && strncasecmp(h, s->hosts[i], n) == 0)
            return 1;
    return 0;
}

/* Equal, in time that depends on the lengths only. */
static int same_secret(const char *a, size_t an, const char *b, size_t bn)
{
    unsigned char diff = an != bn;
    for (size_t i = 0; i < an; i++)
        diff |= (unsigned char)(a[i] ^ b[i < bn ? i : 0]);
    return diff == 0;
}

/* The value of name=value in a list split by sep (a query: '&', a Cookie
 * header: ';' and spaces); its length in *len, or NULL. */
static const char *list_value(const char *list, char sep, const char *name, size_t *len)
{
    size_t nl = strlen(name);
    for (const char *p = list; p != NULL && *p != '\0';) {
        while (*p == ' ')
            p++;
        const char *end = strchr(p, sep);
        size_t item = end != NULL ? (size_t)(end - p) : strlen(p);
        if (item > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
            *len = item - nl - 1;
            return p + nl + 1;
        }
        p = end != NULL ? end + 1 : NULL;
    }
    return NULL;
}

/* query without its token=... parameter, malloc'd (NULL when out of
 * memory); *had: whether it had one. */
static char *without_token(const char *query, int *had)
{
    *had = 0;
    char *out = strdup(query != NULL ? query : "");
    if (out == NULL)
        return NULL;
    char *w = out;
    for (const char *p = query != NULL ? query : ""; *p != '\0';) {
        const char *end = strchr(p, '&');
        size_t item = end != NULL ? (size_t)(end - p) : strlen(p);
        if (strncmp(p, "token=", 6) == 0 || (item == 5 && strncmp(p, "token", 5) == 0)) {
            *had = 1;
        } else {
            if (w != out)
                *w++ = '&';
            memmove(w, p, item);
            w += item;
        }
        p = end != NULL ? end + 1 : p + item;
    }
    *w = '\0';
    return out;
}

#define TOKEN_COOKIE "chronicle_token"

/* Does the request carry the token: an Authorization: Bearer header,
 * ?token= (calendar apps send no headers), or the page's cookie? */
static int authorized(const struct site *s, struct evhttp_request *req, const char *query)
{
    size_t tl = strlen(s->token), n = 0;
    struct evkeyvalq *in = evhttp_request_get_input_headers(req);
    const char *auth = evhttp_find_header(in, "Authorization");
    if (auth != NULL && strncasecmp(auth, "Bearer ", 7) == 0) {
        const char *v = auth + 7;
        while (*v == ' ')
            v++;
        n = strlen(v);
        while (n > 0 && v[n - 1] == ' ')
            n--;
        if (same_secret(v, n, s->token, tl))
            return 1;
    }
    const char *v = list_value(query, '&', "token", &n);
    if (v != NULL && same_secret(v, n, s->token, tl))
        return 1;
    const char *cookie = evhttp_find_header(in, "Cookie");
    v = cookie != NULL ? list_value(cookie, ';', TOKEN_COOKIE, &n) : NULL;
    return v != NULL && same_secret(v, n, s->token, tl);
}

static const struct route_entry *find(const char *path)
{
    if (path == NULL)
        return NULL;
    for (size_t i = 0; i < NROUTES; i++) {
        const struct route_entry *e = &routes[i];
        if (e->match != NULL ? e->match(path)
            : e->prefix ? strncmp(path, e->path, strlen(e->path)) == 0
                        : strcmp(path, e->path) == 0)
            return e;
    }
    return NULL;
}

/* "A, B or C" of the names of the bits of mask (methods) into buf, with
 * sep between all of them when last is NULL. */
static void method_list(unsigned mask, const char *sep, const char *last, char *buf,
                        size_t cap)
{
    size_t n = 0, total = 0, o = 0;
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        total += (mask & methods[i].cmd) != 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        if (!(mask & methods[i].cmd))
            continue;
        const char *before = n == 0 ? "" : (last != NULL && n + 1 == total) ? last : sep;
        int k = snprintf(buf + o, cap - o, "%s%s", before, methods[i].name);
        if (k < 0 || (size_t)k >= cap - o)
            return;
        o += (size_t)k;
        n++;
    }
}

static void not_found(struct request *r)
{
    char msg[256] = "no such resource; expected ";
    size_t o = strlen(msg);
    for (size_t i = 0; i < NROUTES && o < sizeof msg; i++) {
        const char *before = i == 0 ? "" : i + 1 == NROUTES ? " or " : ", ";
        int k = snprintf(msg + o, sizeof msg - o, "%s%s", before, routes[i].shown);
        if (k < 0)
            break;
        o += (size_t)k;
    }
    reply_error(r, 404, NULL, msg);
}

static void not_allowed(struct request *r, const struct route_entry *e)
{
    char allow[96], expected[96], msg[160];
    method_list(answered(e), ", ", NULL, allow, sizeof allow);
    method_list(answered(e), ", ", " or ", expected, sizeof expected);
    snprintf(msg, sizeof msg, "method not allowed; expected %s", expected);
    evhttp_add_header(evhttp_request_get_output_headers(r->req), "Allow", allow);
    reply_error(r, 405, NULL, msg);
}

void routes_request(struct evhttp_request *req, void *arg)
{
    struct site *s = arg;
    enum evhttp_cmd_type cmd = evhttp_request_get_command(req);
    struct request r = {req, &s->replies, ROUTE_OTHER, method_name(cmd),
                        cmd == EVHTTP_REQ_HEAD, reply_clock()};
    if (conns_request(s->conns, req) != 0) {
        evhttp_add_header(evhttp_request_get_output_headers(req), "Connection",
                          "close");
        reply_busy(&r, 503, "too many connections; try again");
        return;
    }
    const char *uri = evhttp_request_get_uri(req);
    if (uri == NULL || strlen(uri) > s->max_uri) {
        reply_error(&r, 414, NULL, "request target too long");
        return;
    }
    const char *host = evhttp_find_header(evhttp_request_get_input_headers(req), "Host");
    if (host != NULL && !host_answered(s, host)) {
        reply_error(&r, 421, NULL, s->loopback
                    ? "this server answers only to localhost, 127.0.0.1, [::1] and the "
                      "names --host gives (the Host header names another)"
                    : "this server answers only to its address and the names --host "
                      "gives (the Host header names another)");
        return;
    }
    const struct evhttp_uri *u = evhttp_request_get_evhttp_uri(req);
    const char *path = u != NULL ? evhttp_uri_get_path(u) : NULL;
    const char *query = u != NULL ? evhttp_uri_get_query(u) : NULL;
    if (s->token != NULL && !authorized(s, req, query)) {
        evhttp_add_header(evhttp_request_get_output_headers(req), "WWW-Authenticate",
                          "Bearer realm=\"chronicle\"");
        reply_error(&r, 401, "token", "this server asks for its token: send the header "
                    "'Authorization: Bearer TOKEN' or add ?token=TOKEN");
        return;
    }
    const struct route_entry *e = find(path);
    if (e == NULL) {
        not_found(&r);
        return;
    }
    r.route = e->route;
    if (!(answered(e) & cmd)) {
        not_allowed(&r, e);
        return;
    }
    if (s->token == NULL) {
        e->handler(s, &r, path, query);
        return;
    }
    /* the token is no parameter of the routes */
    int had = 0;
    char *rest = without_token(query, &had);
    if (rest == NULL) {
        reply_error(&r, 500, NULL, "out of memory");
        return;
    }
    /* the page's own requests then carry it as a cookie, which only
     * pages of this site send */
    if (had && e->route == ROUTE_PAGE) {
        char cookie[600];
        snprintf(cookie, sizeof cookie, TOKEN_COOKIE "=%s; Path=/; HttpOnly; "
                 "SameSite=Strict", s->token);
        evhttp_add_header(evhttp_request_get_output_headers(req), "Set-Cookie", cookie);
    }
    e->handler(s, &r, path, query != NULL ? rest : NULL);
    free(rest);
}
