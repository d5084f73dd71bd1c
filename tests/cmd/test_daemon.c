/*
 * test_daemon.c - chronicled end to end: starts the daemon binary
 * (CHRONICLED_BIN, default build/san/chronicled) on a free loopback port
 * and talks HTTP to it over plain sockets.  Run from the repository root:
 * fixtures/corpus is read from there.  Every wait is bounded in time and
 * every loop in count; nothing here measures speed.
 */
#include <libical/ical.h>

#include "daemonutil.h"

#define FIXTURES "fixtures/corpus"

static size_t count_docs(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        n += de->d_name[0] != '.';
    closedir(d);
    return n;
}

/* ---- reading the timeline ---- */

static const char *ev_date(json_t *e, const char *key)
{
    const char *s =
        json_string_value(json_object_get(json_object_get(e, "date"), key));
    return s != NULL ? s : "";
}

static json_t *events_of(json_t *timeline)
{
    json_t *ev = json_object_get(timeline, "events");
    cr_assert(json_is_array(ev), "timeline without an events array");
    return ev;
}

static const char *version_of(json_t *timeline)
{
    const char *v = json_string_value(
        json_object_get(json_object_get(timeline, "corpus"), "version"));
    cr_assert_not_null(v, "timeline without corpus.version");
    return v;
}

/* ---- the feeds ---- */

Test(daemon, serves_json_and_ics_of_the_fixture_corpus, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, "--quiet", NULL);

    json_t *tl = get_json(d.port, "/timeline.json");
    json_t *events = events_of(tl);
    size_t n = json_array_size(events);
    cr_assert_gt(n, 0, "no events");
    cr_expect_eq(json_integer_value(json_object_get(
                     json_object_get(tl, "corpus"), "documents")),
                 (json_int_t)count_docs(FIXTURES));

    /* The Brussels transparency centre opened on 5 March 2019 (dateline
     * March 6, "yesterday"). */
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(events, i);
        if (strcmp(ev_date(e, "start"), "2019-03-05") == 0 &&
            strcmp(jstr(e, "type"), "opening") == 0)
            found = 1;
        cr_expect_leq(strcmp(ev_date(e, "start"), ev_date(e, "end")), 0);
        if (i > 0)
            cr_expect_leq(strcmp(ev_date(json_array_get(events, i - 1),
                                         "start"), ev_date(e, "start")), 0,
                          "events out of order at %zu", i);
        cr_expect_eq(strlen(jstr(e, "id")), 16);
    }
    cr_expect(found, "no opening event on 2019-03-05");

    struct resp r;
    get(d.port, "/timeline.ics", &r);
    cr_assert_eq(r.status, 200);
    char ct[128];
    cr_expect_str_eq(hdr(&r, "Content-Type", ct, sizeof ct),
                     "text/calendar; charset=utf-8");
    icalcomponent *cal = icalparser_parse_string(r.body);
    cr_assert_not_null(cal, "libical cannot parse the feed");
    size_t nvev = 0;
    int opening_day = 0;
    for (icalcomponent *v =
             icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
         v != NULL;
         v = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        nvev++;
        const char *uid = icalcomponent_get_uid(v);
        cr_assert_not_null(uid);
        int known = 0;
        for (size_t i = 0; i < n && !known; i++) {
            json_t *e = json_array_get(events, i);
            char want[40];
            snprintf(want, sizeof want, "%s@chronicle", jstr(e, "id"));
            if (strcmp(uid, want) == 0) {
                known = 1;
                struct icaltimetype t = icalcomponent_get_dtstart(v);
                char day[11];
                snprintf(day, sizeof day, "%04d-%02d-%02d", t.year, t.month,
                         t.day);
                cr_expect_str_eq(day, ev_date(e, "start"), "DTSTART of %s",
                                 uid);
                if (strcmp(day, "2019-03-05") == 0 &&
                    strcmp(jstr(e, "type"), "opening") == 0)
                    opening_day = 1;
            }
        }
        cr_expect(known, "VEVENT %s is not in the JSON timeline", uid);
    }
    cr_expect_eq(nvev, n, "%zu VEVENTs for %zu JSON events", nvev, n);
    cr_expect(opening_day);
    icalcomponent_free(cal);
    resp_free(&r);
    json_decref(tl);
    stop(&d);
}

Test(daemon, healthz_documents_events_and_metrics, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, NULL);
    json_t *tl = get_json(d.port, "/timeline.json");
    json_t *h = get_json(d.port, "/healthz");
    json_t *corpus = json_object_get(h, "corpus");
    cr_expect_str_eq(json_string_value(json_object_get(corpus, "version")),
                     version_of(tl));
    cr_expect_eq(json_integer_value(json_object_get(corpus, "events")),
                 (json_int_t)json_array_size(events_of(tl)));
    cr_expect_eq(json_integer_value(json_object_get(corpus, "documents")),
                 (json_int_t)count_docs(FIXTURES));
    json_t *reload = json_object_get(h, "reload");
    cr_expect_str_eq(json_string_value(json_object_get(reload, "result")),
                     "ok");
    cr_expect(json_is_string(json_object_get(reload, "last")));
    cr_expect_str_eq(json_string_value(json_object_get(h, "status")), "ok");

    json_t *docs = get_json(d.port, "/documents");
    json_t *list = json_object_get(docs, "documents");
    cr_assert_eq(json_array_size(list), count_docs(FIXTURES));
    int titled = 0;
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *doc = json_array_get(list, i);
        cr_expect(json_is_string(json_object_get(doc, "name")));
        cr_expect(json_is_string(json_object_get(doc, "dct_source")));
        json_t *title = json_object_get(doc, "title");
        cr_expect(json_is_string(title) || json_is_null(title));
        titled += json_is_string(title);
        /* the text of each document, byte for byte */
        char target[512], file[512];
        const char *name = jstr(doc, "name");
        snprintf(target, sizeof target, "/documents/%s", name);
        snprintf(file, sizeof file, "%s/%s", FIXTURES, name);
        size_t flen = 0;
        char *want = tu_read(file, &flen);
        cr_assert_not_null(want);
        struct resp r;
        get(d.port, target, &r);
        cr_expect_eq(r.status, 200, "%s", target);
        char ct[128];
        cr_expect_str_eq(hdr(&r, "Content-Type", ct, sizeof ct), "text/plain; charset=utf-8");
        cr_expect(r.blen == flen && memcmp(r.body, want, flen) == 0, "%s: other bytes", target);
        free(want);
        resp_free(&r);
    }
    cr_expect_geq(titled, 3, "documents with a title: %d", titled);
    /* names outside the corpus version are no documents */
    static const char *const nothing[] = {"/documents/none.txt", "/documents/",
                                          "/documents/..%2F..%2Fetc%2Fpasswd",
                                          "/documents/%2Fetc%2Fpasswd"};
    for (size_t i = 0; i < sizeof nothing / sizeof nothing[0]; i++) {
        struct resp r;
        get(d.port, nothing[i], &r);
        cr_expect_eq(r.status, 404, "%s: %d", nothing[i], r.status);
        resp_free(&r);
    }

    json_t *first = json_array_get(events_of(tl), 0);
    char target[64];
    snprintf(target, sizeof target, "/events/%s", jstr(first, "id"));
    json_t *one = get_json(d.port, target);
    json_t *obj = json_object_get(one, "id") ? one
                                             : json_object_get(one, "event");
    cr_expect_str_eq(jstr(obj, "id"), jstr(first, "id"));

    struct resp r;
    get(d.port, "/metrics", &r);
    cr_assert_eq(r.status, 200);
    char ct[128];
    cr_expect(strncmp(hdr(&r, "Content-Type", ct, sizeof ct), "text/plain",
                      10) == 0);
    cr_expect_not_null(strstr(r.body, "chronicled_requests_total{path=\""
                                      "/timeline.json\",status=\"200\"} 1"));
    cr_expect_not_null(strstr(r.body, "chronicled_requests_total{path=\""
                                      "/events\",status=\"200\"} 1"));
    cr_expect_not_null(strstr(r.body, "chronicled_request_duration_seconds_"
                                      "bucket{le=\"+Inf\"}"));
    cr_expect_not_null(strstr(r.body, "chronicled_reloads_total"));
    cr_expect_not_null(strstr(r.body, "chronicled_build_duration_seconds"));
    resp_free(&r);

    /* One access line per request, with the fields the log promises. */
    char *log = tu_read(d.log, NULL);
    cr_assert_not_null(log);
    cr_expect_not_null(strstr(log, "method=GET path=\"/timeline.json\" "
                                   "status=200 bytes="));
    cr_expect_not_null(strstr(log, "path=\"/healthz\" status=200"));
    free(log);

    json_decref(one);
    json_decref(docs);
    json_decref(h);
    json_decref(tl);
    stop(&d);
}

/* ---- errors ---- */

static void expect_error(int port, const char *method, const char *target,
                         int status, const char *param)
{
    struct resp r;
    request(port, method, target, NULL, &r);
    cr_expect_eq(r.status, status, "%s %s: %d", method, target, r.status);
    char ct[128];
    cr_expect_str_eq(hdr(&r, "Content-Type", ct, sizeof ct) ? ct : "",
                     "application/json; charset=utf-8", "%s", target);
    json_t *j = json_loadb(r.body, r.blen, 0, NULL);
    cr_assert_not_null(j, "%s %s: error body is not JSON: %s", method,
                       target, r.body);
    json_t *e = json_object_get(j, "error");
    cr_expect_eq(json_integer_value(json_object_get(e, "status")), status);
    cr_expect(json_is_string(json_object_get(e, "message")));
    if (param != NULL)
        cr_expect_str_eq(json_string_value(json_object_get(e, "param"))
                             ? json_string_value(json_object_get(e, "param"))
                             : "(none)", param, "%s", target);
    json_decref(j);
    resp_free(&r);
}

static const struct {
    const char *target, *param;
} bad_queries[] = {
    {"/timeline.json?from=2019-13", "from"},
    {"/timeline.json?from=yesterday", "from"},
    {"/timeline.json?to=2019-02-30", "to"},
    {"/timeline.json?from=2019-05&to=2019-01", "to"},
    {"/timeline.json?type=party", "type"},
    {"/timeline.json?type=ban,,law", "type"},
    {"/timeline.json?actor=", "actor"},
    {"/timeline.json?doc=", "doc"},
    {"/timeline.json?q=", "q"},
    {"/timeline.json?q=%0A", "q"},
    {"/timeline.json?q=%FF", "q"},
    {"/timeline.json?q=%zz", "q"},
    {"/timeline.json?precision=fortnight", "precision"},
    {"/timeline.json?limit=-1", "limit"},
    {"/timeline.json?limit=lots", "limit"},
    {"/timeline.json?offset=1e3", "offset"},
    {"/timeline.json?format=xml", "format"},
    {"/timeline.json?colour=red", "query"},
    {"/timeline.ics?from=2019-13", "from"},
    {"/timeline.ics?type=party", "type"},
    {"/timeline.ics?precision=none", "precision"},
    {"/timeline.ics?limit=5", "limit"},
    {"/timeline.ics?format=vis", "format"},
};

Test(daemon, bad_requests_get_json_errors, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, NULL);
    for (size_t i = 0; i < sizeof bad_queries / sizeof bad_queries[0]; i++)
        expect_error(d.port, "GET", bad_queries[i].target, 400,
                     bad_queries[i].param);
    expect_error(d.port, "GET", "/nope", 404, NULL);
    expect_error(d.port, "GET", "/app.js/", 404, NULL);
    expect_error(d.port, "GET", "/timeline.json/", 404, NULL);
    expect_error(d.port, "GET", "/events/0000000000000000", 404, NULL);
    expect_error(d.port, "GET", "/events/not-an-id", 404, NULL);
    expect_error(d.port, "GET", "/events/", 404, NULL);
    expect_error(d.port, "POST", "/timeline.json", 405, NULL);
    expect_error(d.port, "PUT", "/timeline.ics", 405, NULL);
    expect_error(d.port, "DELETE", "/healthz", 405, NULL);
    expect_error(d.port, "OPTIONS", "/documents", 405, NULL);

    struct resp r;
    request(d.port, "POST", "/timeline.json", NULL, &r);
    char allow[64];
    cr_expect_not_null(hdr(&r, "Allow", allow, sizeof allow));
    cr_expect_not_null(strstr(allow, "GET"));
    cr_expect_not_null(strstr(allow, "HEAD"));
    resp_free(&r);

    /* A target longer than the limit, and one header block too large. */
    char *longq = malloc(3100);
    strcpy(longq, "/timeline.json?q=");
    memset(longq + 17, 'a', 3000);
    longq[3017] = '\0';
    request(d.port, "GET", longq, NULL, &r);
    cr_expect_eq(r.status, 414);
    resp_free(&r);
    free(longq);
    char *big = malloc(20000);
    strcpy(big, "X-Padding: ");
    memset(big + 11, 'b', 19000);
    strcpy(big + 19011, "\r\n");
    request(d.port, "GET", "/timeline.json", big, &r);
    cr_expect_geq(r.status, 400);
    resp_free(&r);
    free(big);

    /* The daemon is still there and well. */
    json_t *h = get_json(d.port, "/healthz");
    json_decref(h);
    stop(&d);
}

/* ---- every filter parameter against the full timeline ---- */

static const char *const prec_order[] = {
    "century", "decade", "year", "half", "season", "quarter", "month",
    "week", "day", "minute"};

static int prec_rank(const char *p)
{
    for (int i = 0; i < 10; i++)
        if (strcmp(p, prec_order[i]) == 0)
            return i;
    return -1;
}

static int ci_contains(const char *s, const char *q)
{
    size_t n = strlen(q);
    for (; s != NULL && *s; s++)
        if (strncasecmp(s, q, n) == 0)
            return 1;
    return 0;
}

/* What a filter keeps, computed here from the full timeline. */
struct expect {
    const char *from, *to;     /* YYYY-MM-DD bounds of the range, or NULL */
    const char *types[3];
    const char *actor, *doc, *q, *prec;
};

static int keeps(const struct expect *x, json_t *e)
{
    if (x->from && strcmp(ev_date(e, "end"), x->from) < 0)
        return 0;
    if (x->to && strcmp(ev_date(e, "start"), x->to) > 0)
        return 0;
    if (x->types[0]) {
        int hit = 0;
        for (int i = 0; i < 3 && x->types[i]; i++)
            hit |= strcmp(jstr(e, "type"), x->types[i]) == 0;
        if (!hit)
            return 0;
    }
    if (x->actor) {
        int hit = 0;
        json_t *a = json_object_get(e, "actors");
        for (size_t i = 0; i < json_array_size(a); i++)
            hit |= strcasecmp(json_string_value(json_array_get(a, i)),
                              x->actor) == 0;
        if (!hit)
            return 0;
    }
    json_t *src = json_object_get(e, "sources");
    if (x->doc) {
        int hit = 0;
        for (size_t i = 0; i < json_array_size(src); i++)
            hit |= strcmp(jstr(json_array_get(src, i), "doc"), x->doc) == 0;
        if (!hit)
            return 0;
    }
    if (x->q) {
        int hit = ci_contains(jstr(e, "title"), x->q);
        for (size_t i = 0; i < json_array_size(src); i++)
            hit |= ci_contains(jstr(json_array_get(src, i), "sentence"),
                               x->q);
        if (!hit)
            return 0;
    }
    if (x->prec && prec_rank(ev_date(e, "precision")) < prec_rank(x->prec))
        return 0;
    return 1;
}

static const struct {
    const char *query;
    struct expect x;
} filters[] = {
    {"from=2019-03", {.from = "2019-03-01"}},
    {"to=2019-02", {.to = "2019-02-28"}},
    {"from=2019-03-05&to=2019-03-05", {.from = "2019-03-05",
                                       .to = "2019-03-05"}},
    {"from=2019", {.from = "2019-01-01"}},
    {"to=2018", {.to = "2018-12-31"}},
    {"from=2019-W10&to=2019-W12", {.from = "2019-03-04", .to = "2019-03-24"}},
    {"from=2019-Q2", {.from = "2019-04-01"}},
    {"type=opening", {.types = {"opening"}}},
    {"type=opening,ban", {.types = {"opening", "ban"}}},
    {"type=meeting&type=statement", {.types = {"meeting", "statement"}}},
    {"actor=HUAWEI", {.actor = "Huawei"}},
    {"doc=001_2543bc9b8d1cc153.txt", {.doc = "001_2543bc9b8d1cc153.txt"}},
    {"q=TRANSPARENCY", {.q = "transparency"}},
    {"q=5G", {.q = "5g"}},
    {"q=Ken+Hu", {.q = "ken hu"}},
    {"precision=day", {.prec = "day"}},
    {"precision=week", {.prec = "week"}},
    {"precision=month", {.prec = "month"}},
    {"precision=year", {.prec = "year"}},
    {"type=opening&from=2019-03&precision=day", {.types = {"opening"},
                                                 .from = "2019-03-01",
                                                 .prec = "day"}},
};

/* The UIDs of an iCalendar feed, as ids. */
static size_t ics_ids(const char *body, char ids[][17], size_t cap)
{
    icalcomponent *cal = icalparser_parse_string(body);
    cr_assert_not_null(cal);
    size_t n = 0;
    for (icalcomponent *v =
             icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
         v != NULL;
         v = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        cr_assert_lt(n, cap);
        snprintf(ids[n++], 17, "%s", icalcomponent_get_uid(v));
    }
    icalcomponent_free(cal);
    return n;
}

Test(daemon, every_filter_parameter_on_both_feeds, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, "--quiet", NULL);
    json_t *full = get_json(d.port, "/timeline.json");
    json_t *all = events_of(full);
    size_t total = json_array_size(all);
    static char ids[4096][17];

    for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
        char target[256];
        snprintf(target, sizeof target, "/timeline.json?%s", filters[i].query);
        json_t *got = get_json(d.port, target);
        json_t *gev = events_of(got);
        size_t k = 0;
        for (size_t j = 0; j < total; j++) {
            json_t *e = json_array_get(all, j);
            if (!keeps(&filters[i].x, e))
                continue;
            cr_assert_lt(k, json_array_size(gev), "%s: too few events",
                         target);
            cr_expect_str_eq(jstr(json_array_get(gev, k), "id"),
                             jstr(e, "id"), "%s: event %zu", target, k);
            k++;
        }
        cr_expect_eq(json_array_size(gev), k, "%s: %zu events, want %zu",
                     target, json_array_size(gev), k);

        /* The calendar gives the same events. */
        snprintf(target, sizeof target, "/timeline.ics?%s", filters[i].query);
        struct resp r;
        get(d.port, target, &r);
        cr_assert_eq(r.status, 200, "%s", target);
        size_t n = ics_ids(r.body, ids, 4096);
        cr_expect_eq(n, k, "%s: %zu VEVENTs, want %zu", target, n, k);
        for (size_t j = 0; j < n && j < k; j++)
            cr_expect_str_eq(ids[j], jstr(json_array_get(gev, j), "id"),
                             "%s: VEVENT %zu", target, j);
        resp_free(&r);
        json_decref(got);
    }

    /* Paging slices the same order. */
    static const struct { size_t limit, offset; } pages[] = {
        {2, 0}, {2, 1}, {1, 3}, {100, 2}, {0, 0}, {5, 100000}};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        char target[128];
        snprintf(target, sizeof target, "/timeline.json?limit=%zu&offset=%zu",
                 pages[i].limit, pages[i].offset);
        json_t *got = get_json(d.port, target);
        json_t *gev = events_of(got);
        size_t want = pages[i].offset >= total ? 0 : total - pages[i].offset;
        if (want > pages[i].limit)
            want = pages[i].limit;
        cr_expect_eq(json_array_size(gev), want, "%s", target);
        for (size_t j = 0; j < json_array_size(gev); j++)
            cr_expect_str_eq(jstr(json_array_get(gev, j), "id"),
                             jstr(json_array_get(all, pages[i].offset + j),
                                    "id"), "%s", target);
        json_decref(got);
    }
    json_decref(full);
    stop(&d);
}

/* ---- formats ---- */

static int has_raw_markup(const char *s)
{
    return s != NULL && (strchr(s, '<') != NULL || strchr(s, '>') != NULL ||
                         strchr(s, '"') != NULL);
}

Test(daemon, timelinejs_and_vis_formats, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, "--quiet", NULL);
    json_t *full = get_json(d.port, "/timeline.json");
    json_t *all = events_of(full);
    size_t total = json_array_size(all);

    json_t *tl = get_json(d.port, "/timeline.json?format=timelinejs");
    json_t *slides = json_object_get(tl, "events");
    cr_assert_eq(json_array_size(slides), total);
    cr_expect(json_is_object(json_object_get(tl, "title")));
    /* the title slide counts the events it shows */
    char count[64];
    snprintf(count, sizeof count, "%zu events from", total);
    const char *about = jstr(json_object_get(json_object_get(tl, "title"), "text"), "text");
    cr_expect_not_null(strstr(about, count), "title slide says '%s'", about);
    static const char *const months[] = {"January", "February", "March", "April", "May",
                                         "June", "July", "August", "September", "October",
                                         "November", "December"};
    for (size_t i = 0; i < total; i++) {
        json_t *s = json_array_get(slides, i);
        json_t *e = json_array_get(all, i);
        cr_expect_str_eq(jstr(s, "unique_id"), jstr(e, "id"));
        /* "March 2019", not "2019-03" */
        const char *value = ev_date(e, "value"), *shown = jstr(s, "display_date");
        int yy = 0, m = 0, dd = 0;
        char want[48] = "";
        if (strcmp(ev_date(e, "precision"), "month") == 0 &&
            sscanf(value, "%d-%d", &yy, &m) == 2)
            snprintf(want, sizeof want, "%s %d", months[m - 1], yy);
        else if (strcmp(ev_date(e, "precision"), "day") == 0 &&
                 sscanf(value, "%d-%d-%d", &yy, &m, &dd) == 3)
            snprintf(want, sizeof want, "%d %s %d", dd, months[m - 1], yy);
        else if (strcmp(ev_date(e, "precision"), "year") == 0)
            snprintf(want, sizeof want, "%s", value);
        if (want[0])
            cr_expect_str_eq(shown, want, "slide %zu (%s)", i, value);
        json_t *sd = json_object_get(s, "start_date");
        int y = (int)json_integer_value(json_object_get(sd, "year"));
        char year[8];
        snprintf(year, sizeof year, "%04d", y);
        cr_expect(strncmp(ev_date(e, "start"), year, 4) == 0);
        const char *prec = ev_date(e, "precision");
        /* Only the parts the precision knows. */
        cr_expect_eq(json_object_get(sd, "day") != NULL,
                     strcmp(prec, "day") == 0 || strcmp(prec, "minute") == 0 ||
                     strcmp(prec, "week") == 0, "slide %zu (%s)", i, prec);
        cr_expect_eq(json_object_get(sd, "month") != NULL,
                     prec_rank(prec) >= prec_rank("half"),
                     "slide %zu (%s)", i, prec);
        json_t *text = json_object_get(s, "text");
        cr_expect(!has_raw_markup(jstr(text, "headline")),
                  "headline not HTML-escaped: %s", jstr(text, "headline"));
    }

    json_t *vis = get_json(d.port, "/timeline.json?format=vis&type=opening");
    cr_assert(json_is_array(vis));
    size_t openings = 0;
    for (size_t i = 0; i < total; i++)
        openings += strcmp(jstr(json_array_get(all, i), "type"),
                           "opening") == 0;
    cr_expect_eq(json_array_size(vis), openings);
    for (size_t i = 0; i < json_array_size(vis); i++) {
        json_t *it = json_array_get(vis, i);
        cr_expect_eq(strlen(jstr(it, "id")), 16);
        cr_expect(!has_raw_markup(jstr(it, "content")));
        if (strcmp(jstr(it, "type"), "range") == 0) {
            /* exclusive end: after the start */
            cr_expect_gt(strcmp(jstr(it, "end"), jstr(it, "start")), 0);
        }
    }
    json_t *vall = get_json(d.port, "/timeline.json?format=vis");
    cr_expect_eq(json_array_size(vall), total);
    for (size_t i = 0; i < total; i++) {
        json_t *e = json_array_get(all, i);
        json_t *it = json_array_get(vall, i);
        /* a day is a point at its start, not a one-day range; longer
         * dates are ranges */
        int day = strcmp(ev_date(e, "precision"), "day") == 0;
        cr_expect_str_eq(jstr(it, "type"), day ? "point" : "range", "vis item %zu", i);
        if (day) {
            cr_expect_str_eq(jstr(it, "start"), ev_date(e, "start"), "vis item %zu", i);
            cr_expect_null(json_object_get(it, "end"), "vis item %zu", i);
        }
    }
    json_decref(vall);
    json_decref(vis);
    json_decref(tl);
    json_decref(full);
    stop(&d);
}

/* ---- caching: validators, conditional requests, HEAD, gzip ---- */

static void with(int port, const char *target, const char *headers,
                 struct resp *r)
{
    request(port, "GET", target, headers, r);
}

Test(daemon, conditional_requests_head_and_gzip, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, "--quiet", NULL);
    static const char *const targets[] = {
        "/timeline.json", "/timeline.ics", "/timeline.json?type=opening",
        "/timeline.ics?precision=day", "/documents"};
    char seen_tags[5][128];
    for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
        const char *target = targets[t];
        struct resp r, c;
        char etag[128], lm[64], buf[256], h[512];
        get(d.port, target, &r);
        cr_assert_eq(r.status, 200, "%s", target);
        cr_assert_not_null(hdr(&r, "ETag", etag, sizeof etag), "%s", target);
        cr_expect(etag[0] == '"' && etag[strlen(etag) - 1] == '"',
                  "strong ETag: %s", etag);
        snprintf(seen_tags[t], sizeof seen_tags[t], "%s", etag);
        cr_assert_not_null(hdr(&r, "Last-Modified", lm, sizeof lm));
        cr_expect_not_null(hdr(&r, "Cache-Control", buf, sizeof buf));
        cr_expect_str_eq(hdr(&r, "Vary", buf, sizeof buf) ? buf : "",
                         "Accept-Encoding");
        /* no cross-origin reading unless --cors; never sniffed */
        cr_expect_null(hdr(&r, "Access-Control-Allow-Origin", buf, sizeof buf), "%s CORS",
                       target);
        cr_expect_str_eq(hdr(&r, "X-Content-Type-Options", buf, sizeof buf) ? buf : "",
                         "nosniff", "%s", target);

        /* Same request twice: the same bytes. */
        get(d.port, target, &c);
        cr_expect_eq(c.blen, r.blen);
        cr_expect(memcmp(c.body, r.body, r.blen) == 0, "%s differs", target);
        resp_free(&c);

        enum { NONE, TAG, DATE };
        static const struct { const char *fmt; int arg, want; } conds[] = {
            {"If-None-Match: %s\r\n", TAG, 304},
            {"If-None-Match: W/%s\r\n", TAG, 304},
            {"If-None-Match: \"nope\", %s\r\n", TAG, 304},
            {"If-None-Match: *\r\n", NONE, 304},
            {"If-None-Match: \"nope\"\r\n", NONE, 200},
            {"If-Modified-Since: %s\r\n", DATE, 304},
            {"If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT\r\n", NONE, 200},
            {"If-Modified-Since: Fri, 01 Jan 2200 00:00:00 GMT\r\n", NONE, 200},
            {"If-Modified-Since: not a date\r\n", NONE, 200},
            /* If-None-Match wins over a matching date. */
            {"If-None-Match: \"nope\"\r\nIf-Modified-Since: %s\r\n", DATE,
             200},
        };
        for (size_t i = 0; i < sizeof conds / sizeof conds[0]; i++) {
            if (conds[i].arg == NONE)
                snprintf(h, sizeof h, "%s", conds[i].fmt);
            else
                snprintf(h, sizeof h, conds[i].fmt,
                         conds[i].arg == TAG ? etag : lm);
            with(d.port, target, h, &c);
            cr_expect_eq(c.status, conds[i].want, "%s with %s", target, h);
            if (c.status == 304) {
                cr_expect_eq(c.blen, 0);
                cr_expect_str_eq(hdr(&c, "ETag", buf, sizeof buf) ? buf : "",
                                 etag);
            }
            resp_free(&c);
        }

        /* HEAD: the headers of GET, no body. */
        request(d.port, "HEAD", target, NULL, &c);
        cr_expect_eq(c.status, 200);
        cr_expect_eq(c.blen, 0, "HEAD %s sent a body", target);
        cr_expect_eq(strtoull(hdr(&c, "Content-Length", buf, sizeof buf)
                                  ? buf : "0", NULL, 10),
                     r.blen, "HEAD %s Content-Length", target);
        cr_expect_str_eq(hdr(&c, "ETag", buf, sizeof buf) ? buf : "", etag);
        resp_free(&c);

        /* gzip: a different representation with its own strong tag. */
        with(d.port, target, "Accept-Encoding: gzip, deflate\r\n", &c);
        cr_assert_eq(c.status, 200);
        cr_expect_str_eq(hdr(&c, "Vary", buf, sizeof buf) ? buf : "",
                         "Accept-Encoding");
        if (hdr(&c, "Content-Encoding", buf, sizeof buf) != NULL) {
            cr_expect_str_eq(buf, "gzip");
            char gtag[128];
            hdr(&c, "ETag", gtag, sizeof gtag);
            cr_expect_str_neq(gtag, etag);
            size_t n;
            char *plain = tu_gunzip(c.body, c.blen, &n);
            cr_assert_not_null(plain, "%s: bad gzip stream", target);
            cr_expect_eq(n, r.blen, "%s: gunzipped size", target);
            cr_expect(memcmp(plain, r.body, r.blen) == 0);
            free(plain);
            struct resp c2;
            snprintf(h, sizeof h, "Accept-Encoding: gzip\r\n"
                     "If-None-Match: %s\r\n", gtag);
            with(d.port, target, h, &c2);
            cr_expect_eq(c2.status, 304, "%s gzip revalidation", target);
            resp_free(&c2);
            /* The gzip tag does not validate the plain representation. */
            snprintf(h, sizeof h, "If-None-Match: %s\r\n", gtag);
            with(d.port, target, h, &c2);
            cr_expect_eq(c2.status, 200);
            resp_free(&c2);
            /* HEAD with gzip announces the compressed length. */
            request(d.port, "HEAD", target, "Accept-Encoding: gzip\r\n", &c2);
            cr_expect_eq(strtoull(hdr(&c2, "Content-Length", buf, sizeof buf)
                                      ? buf : "0", NULL, 10), c.blen);
            resp_free(&c2);
        }
        resp_free(&c);
        with(d.port, target, "Accept-Encoding: gzip;q=0, identity\r\n", &c);
        cr_expect_null(hdr(&c, "Content-Encoding", buf, sizeof buf));
        cr_expect_eq(c.blen, r.blen);
        resp_free(&c);
        resp_free(&r);
    }
    /* Every representation has its own tag. */
    for (size_t i = 0; i < 5; i++)
        for (size_t j = i + 1; j < 5; j++)
            cr_expect_str_neq(seen_tags[i], seen_tags[j]);

    /* The full feeds are compressed: the fixture timeline is large enough
     * for gzip to pay. */
    struct resp z;
    with(d.port, "/timeline.json", "Accept-Encoding: gzip\r\n", &z);
    char buf[64];
    cr_expect_not_null(hdr(&z, "Content-Encoding", buf, sizeof buf));
    resp_free(&z);
    stop(&d);
}

/* ---- the access log escapes what clients send ---- */

Test(daemon, access_log_escapes_and_quiet_silences, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, NULL, NULL);
    struct resp r;
    get(d.port, "/caf\xc3\xa9\x7f?q=\"x\"", &r);
    cr_expect_eq(r.status, 404);
    resp_free(&r);
    json_decref(get_json(d.port, "/healthz"));  /* the log thread catches up */
    pause_ms(200);
    char *log = tu_read(d.log, NULL);
    cr_assert_not_null(log);
    cr_expect_not_null(strstr(log, "path=\"/caf\\xc3\\xa9\\x7f?q=\\x22x\\x22\""),
                       "log: %s", log);
    cr_expect_null(strstr(log, "caf\xc3"), "raw bytes in the log");
    free(log);
    stop(&d);

    start(&d, FIXTURES, "--quiet", NULL);
    get(d.port, "/timeline.json", &r);
    resp_free(&r);
    pause_ms(200);
    log = tu_read(d.log, NULL);
    cr_expect_null(strstr(log, "access"), "--quiet still logs: %s", log);
    free(log);
    stop_with(&d, SIGINT);
}

/* ---- bad documents are reported and left out ---- */

Test(daemon, bad_files_are_logged_and_skipped, .init = bounded)
{
    char dir[64], path[128];
    copy_corpus(FIXTURES, dir, sizeof dir);
    snprintf(path, sizeof path, "%s/empty.txt", dir);
    FILE *f = fopen(path, "w");
    fclose(f);
    /* a program, not a document (Latin-1 text is read since it is
     * converted) */
    snprintf(path, sizeof path, "%s/junk.bin", dir);
    f = fopen(path, "w");
    fwrite("\x7f" "ELF\x02\x01\x01\x00\x00\x00", 1, 10, f);
    fclose(f);

    struct daemon d;
    start(&d, dir, "--quiet", NULL);
    json_t *tl = get_json(d.port, "/timeline.json");
    cr_expect_eq(json_integer_value(json_object_get(
                     json_object_get(tl, "corpus"), "documents")),
                 (json_int_t)count_docs(FIXTURES));
    json_decref(tl);
    char *log = tu_read(d.log, NULL);
    cr_expect_not_null(strstr(log, "empty.txt"), "log: %s", log);
    cr_expect_not_null(strstr(log, "junk.bin"), "log: %s", log);
    free(log);
    json_t *h = get_json(d.port, "/healthz");
    cr_expect_eq(json_integer_value(json_object_get(
                     json_object_get(h, "corpus"), "skipped_files")), 2);
    json_decref(h);
    stop(&d);
    remove_tree(dir);
}

/* ---- reloads ---- */

static char *current_version(int port, json_int_t *docs)
{
    json_t *h = get_json(port, "/healthz");
    json_t *c = json_object_get(h, "corpus");
    char *v = strdup(json_string_value(json_object_get(c, "version")));
    if (docs != NULL)
        *docs = json_integer_value(json_object_get(c, "documents"));
    json_decref(h);
    return v;
}

/* Poll /healthz until the version differs from (or equals) v; bounded. */
static char *wait_version(int port, const char *v, int differ, double secs)
{
    double until = now() + secs;
    while (now() < until) {
        char *cur = current_version(port, NULL);
        if ((strcmp(cur, v) != 0) == differ)
            return cur;
        free(cur);
        pause_ms(50);
    }
    cr_assert_fail("version did not %s %s within %.0f s",
             differ ? "move from" : "come back to", v, secs);
    return NULL;
}

static void add_document(const char *dir, const char *name)
{
    char tmp[256], dst[256];
    /* Written next to the folder, then renamed in: the daemon never sees
     * half a file. */
    snprintf(tmp, sizeof tmp, "%s.incoming", dir);
    snprintf(dst, sizeof dst, "%s/%s", dir, name);
    FILE *f = fopen(tmp, "w");
    cr_assert_not_null(f);
    fputs("Example Daily\n\nMarch 20, 2019\n\nThe city opened a new "
          "library on March 19, 2019, officials said.\n", f);
    cr_assert_eq(fclose(f), 0);
    cr_assert_eq(rename(tmp, dst), 0);
}

Test(daemon, reload_under_load_sees_only_200_and_304, .init = bounded)
{
    char dir[64];
    copy_corpus(FIXTURES, dir, sizeof dir);
    struct daemon d;
    start(&d, dir, "--quiet", NULL);
    json_int_t docs0;
    char *v1 = current_version(d.port, &docs0);

    /* A client loop that revalidates with the last ETag it saw. */
    char etag[128] = "";
    int changed = 0, after = 0, n200 = 0, n304 = 0;
    double until = now() + 90;
    for (int i = 0; i < 4000 && now() < until; i++) {
        if (i == 20)
            add_document(dir, "100_new.txt");
        struct resp r;
        char h[200] = "";
        if (etag[0] != '\0' && i % 2 == 0)
            snprintf(h, sizeof h, "If-None-Match: %s\r\n", etag);
        with(d.port, "/timeline.json", h, &r);
        cr_assert(r.status == 200 || r.status == 304,
                  "request %d during reload: %d", i, r.status);
        if (r.status == 200) {
            n200++;
            hdr(&r, "ETag", etag, sizeof etag);
            json_t *j = json_loadb(r.body, r.blen, 0, NULL);
            cr_assert_not_null(j, "request %d: broken JSON", i);
            if (strcmp(version_of(j), v1) != 0)
                changed = 1;
            json_decref(j);
        } else {
            n304++;
        }
        resp_free(&r);
        if (changed && ++after >= 20)
            break;
    }
    cr_expect(changed, "the new document never showed up");
    cr_expect_gt(n304, 0);
    json_int_t docs1;
    char *v2 = current_version(d.port, &docs1);
    cr_expect_str_neq(v2, v1);
    cr_expect_eq(docs1, docs0 + 1);
    json_t *tl = get_json(d.port, "/timeline.json");
    cr_expect_str_eq(version_of(tl), v2, "feed and health disagree");
    json_decref(tl);

    /* SIGHUP after taking the document out again: back to the first
     * version, which depends only on the documents. */
    char path[128];
    snprintf(path, sizeof path, "%s/100_new.txt", dir);
    unlink(path);
    kill(d.pid, SIGHUP);
    free(wait_version(d.port, v1, 0, 60));

    json_t *h = get_json(d.port, "/healthz");
    cr_expect_geq(json_integer_value(json_object_get(
                      json_object_get(h, "reload"), "reloads")), 2);
    json_decref(h);
    free(v1);
    free(v2);
    stop(&d);
    remove_tree(dir);
}

Test(daemon, failed_reload_keeps_serving_the_old_version, .init = bounded)
{
    char dir[64], away[80];
    copy_corpus(FIXTURES, dir, sizeof dir);
    snprintf(away, sizeof away, "%s.away", dir);
    struct daemon d;
    start(&d, dir, "--quiet", "--poll", "0.2", NULL);
    char *v1 = current_version(d.port, NULL);

    cr_assert_eq(rename(dir, away), 0);
    kill(d.pid, SIGHUP);
    double until = now() + 60;
    json_t *h = NULL;
    while (now() < until) {
        h = get_json(d.port, "/healthz");
        if (strcmp(json_string_value(json_object_get(h, "status")), "ok"))
            break;
        json_decref(h);
        h = NULL;
        pause_ms(50);
    }
    cr_assert_not_null(h, "the failed reload never showed in /healthz");
    json_t *reload = json_object_get(h, "reload");
    cr_expect_str_eq(json_string_value(json_object_get(reload, "result")),
                     "failed");
    cr_expect(json_is_string(json_object_get(reload, "error")));
    /* what failed, without the machine's paths */
    const char *why = json_string_value(json_object_get(reload, "error"));
    cr_expect(why != NULL && strstr(why, dir) == NULL, "/healthz shows a path: %s", why);
    cr_expect_geq(json_integer_value(json_object_get(reload, "failures")), 1);
    cr_expect_str_eq(json_string_value(json_object_get(
                         json_object_get(h, "corpus"), "version")), v1);
    json_decref(h);

    /* Still serving the old version. */
    json_t *tl = get_json(d.port, "/timeline.json");
    cr_expect_str_eq(version_of(tl), v1);
    cr_expect_gt(json_array_size(events_of(tl)), 0);
    json_decref(tl);
    char *log = tu_read(d.log, NULL);
    cr_expect_not_null(strstr(log, "reload failed"), "log: %s", log);
    free(log);

    /* The folder comes back with one more document; polling notices. */
    cr_assert_eq(rename(away, dir), 0);
    add_document(dir, "100_new.txt");
    char *v2 = wait_version(d.port, v1, 1, 60);
    h = get_json(d.port, "/healthz");
    cr_expect_str_eq(json_string_value(json_object_get(h, "status")), "ok");
    json_decref(h);
    free(v1);
    free(v2);
    stop(&d);
    remove_tree(dir);
}

/* ---- connections: idle clients time out, too many are refused ---- */

Test(daemon, slow_clients_time_out_and_connections_are_bounded, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, "--quiet", "--timeout", "1", "--max-connections",
          "2", NULL);

    /* A client that connects and says nothing is dropped. */
    int idle = dial(d.port);
    char c;
    struct timeval tv = {15, 0};
    setsockopt(idle, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    double t0 = now();
    ssize_t k = recv(idle, &c, 1, 0);
    cr_expect_leq(k, 0, "idle connection got data");
    cr_expect_lt(now() - t0, 14.0, "idle connection was never closed");
    close(idle);

    /* Two keep-alive connections are open; a third is refused. */
    int keep[2];
    static const char req[] = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";
    for (int i = 0; i < 2; i++) {
        keep[i] = dial(d.port);
        send_all(keep[i], req, sizeof req - 1);
        char buf[4096];
        ssize_t got = recv(keep[i], buf, sizeof buf - 1, 0);
        cr_assert_gt(got, 0);
        buf[got] = '\0';
        cr_expect(strncmp(buf, "HTTP/1.1 200", 12) == 0, "%s", buf);
    }
    struct resp r;
    get(d.port, "/healthz", &r);
    cr_expect_eq(r.status, 503);
    resp_free(&r);
    close(keep[0]);
    close(keep[1]);
    /* Once they are gone, requests are served again. */
    double until = now() + 30;
    int ok = 0;
    while (!ok && now() < until) {
        get(d.port, "/healthz", &r);
        ok = r.status == 200;
        resp_free(&r);
        if (!ok)
            pause_ms(50);
    }
    cr_expect(ok, "connections were never released");
    stop(&d);
}

/* GET target until it answers want; bounded. */
static void wait_status(int port, const char *target, int want, double secs)
{
    int last = 0;
    for (double until = now() + secs; now() < until; pause_ms(50)) {
        struct resp r;
        get(port, target, &r);
        last = r.status;
        resp_free(&r);
        if (last == want)
            return;
    }
    cr_assert_fail("GET %s: %d, never %d within %.0f s", target, last, want, secs);
}

static size_t count_lines(const char *path)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    size_t n = 0;
    int c;
    while ((c = getc(f)) != EOF)
        n += c == '\n';
    fclose(f);
    return n;
}

/* Out of descriptors, accept() fails until a connection closes.  The
 * daemon pauses accepting and says so now and then, instead of retrying
 * at once (libevent warned about a million times in 12 s). */
Test(daemon, out_of_descriptors_pauses_accepting, .init = bounded)
{
    struct daemon d;
    du_nofile = 40;
    start(&d, FIXTURES, "--quiet", "--timeout", "60", "--max-connections",
          "1000", NULL);
    int fds[60];
    for (int i = 0; i < 60; i++)
        fds[i] = dial(d.port);      /* the backlog takes the ones not accepted */
    pause_ms(2000);
    size_t lines = count_lines(d.log);
    cr_expect_lt(lines, 60, "%zu log lines in 2 s", lines);
    char *log = tu_read(d.log, NULL);
    cr_assert_not_null(log);
    cr_expect_not_null(strstr(log, "accept failed: Too many open files"), "log: %.2000s", log);
    cr_expect_null(strstr(log, "Error from accept"), "libevent's warnings reached stderr");
    free(log);
    for (int i = 0; i < 60; i++)
        close(fds[i]);
    /* Once the idle ones are gone, requests are accepted and served. */
    wait_status(d.port, "/healthz", 200, 30);
    struct resp r;
    get(d.port, "/metrics", &r);
    cr_assert_eq(r.status, 200);
    cr_expect_gt(metric(r.body, "chronicled_accept_errors_total"), 0, "%s", r.body);
    resp_free(&r);
    stop(&d);
}

/* Connections count from the moment they are accepted: idle ones that
 * never sent a byte take their place under --max-connections. */
Test(daemon, idle_connections_count_against_the_limit, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, "--quiet", "--timeout", "30", "--max-connections", "2",
          NULL);
    int idle[2] = {dial(d.port), dial(d.port)};
    pause_ms(300);
    struct resp r;
    get(d.port, "/healthz", &r);
    cr_expect_eq(r.status, 503, "two idle connections and a third: %d", r.status);
    char buf[16];
    cr_expect_str_eq(hdr(&r, "Retry-After", buf, sizeof buf) ? buf : "", "1");
    resp_free(&r);
    close(idle[0]);
    close(idle[1]);
    wait_status(d.port, "/healthz", 200, 30);
    /* The gauge counts the connection asking (the others have gone). */
    for (double until = now() + 30;; pause_ms(50)) {
        get(d.port, "/metrics", &r);
        long long open = metric(r.body, "chronicled_connections");
        resp_free(&r);
        if (open == 1)
            break;
        cr_assert_lt(now(), until, "chronicled_connections stays at %lld", open);
    }
    stop(&d);
}

/* A client that sends its header a few bytes at a time never lets the
 * idle timeout fire; the request as a whole is due within the timeout. */
Test(daemon, a_request_trickled_in_is_cut_off, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, "--quiet", "--timeout", "2", NULL);
    int fd = dial(d.port);
    double t0 = now();
    static const char line[] = "GET /healthz HTTP/1.1\r\n";
    send_all(fd, line, sizeof line - 1);
    int closed = 0;
    while (!closed && now() - t0 < 8.0) {
        pause_ms(250);
        static const char field[] = "X-A: b\r\n";
        if (send(fd, field, sizeof field - 1, MSG_NOSIGNAL) < 0) {
            closed = 1;
            break;
        }
        char c;
        ssize_t k = recv(fd, &c, 1, MSG_DONTWAIT);
        closed = k == 0 || (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
    }
    double took = now() - t0;
    close(fd);
    cr_expect(closed, "still open after %.1f s", took);
    cr_expect_lt(took, 5.0, "closed after %.1f s with --timeout 2", took);
    struct resp r;
    get(d.port, "/metrics", &r);
    cr_expect_eq(metric(r.body, "chronicled_deadline_closes_total"), 1, "%s", r.body);
    resp_free(&r);
    /* A request sent at once is still answered. */
    json_decref(get_json(d.port, "/healthz"));
    stop(&d);
}

/* ---- stopping during a build ---- */

/* Many documents in dir at once: n hard links to one file that joins the
 * fixture documents (a build of them takes minutes under the
 * sanitizers); the file itself lives next to dir. */
static void add_many_documents(const char *dir, int n)
{
    char big[128], path[160];
    snprintf(big, sizeof big, "%s.big", dir);
    run("cat " FIXTURES "/*.txt > '%s'", big);
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/big_%05d.txt", dir, i);
        cr_assert_eq(link(big, path), 0, "link %s: %s", path, strerror(errno));
    }
    unlink(big);
}

static void wait_building(int port)
{
    for (double until = now() + 60;; pause_ms(20)) {
        json_t *h = get_json(port, "/healthz");
        int building = json_is_true(json_object_get(json_object_get(h, "reload"),
                                                    "building"));
        json_decref(h);
        if (building)
            return;
        cr_assert_lt(now(), until, "no build started");
    }
}

static const struct {
    int signals;                /* sent one after the other */
    int status_ok[2];           /* exit statuses that may come */
} stops[] = {
    /* one signal: a clean stop, the build cancelled */
    {1, {0, 0}},
    /* two: at once, cleanly or not, whatever is still running */
    {2, {0, 1}},
};

Test(daemon, a_signal_during_a_build_stops_at_once, .init = bounded)
{
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
        char dir[64], state[96];
        copy_corpus(FIXTURES, dir, sizeof dir);
        snprintf(state, sizeof state, "%s.state", dir);
        struct daemon d;
        start(&d, dir, "--quiet", "--state", state, NULL);
        json_decref(get_json(d.port, "/healthz"));
        add_many_documents(dir, 3000);
        kill(d.pid, SIGHUP);
        wait_building(d.port);
        pause_ms(300);
        for (int k = 0; k < stops[i].signals; k++)
            kill(d.pid, SIGTERM);
        double took;
        int status = wait_exit(&d, 30, &took);
        cr_expect(status == stops[i].status_ok[0] || status == stops[i].status_ok[1],
                  "row %zu: exit status %d", i, status);
        cr_expect_lt(took, 5.0, "row %zu: %.1f s to stop during a build", i, took);
        /* Nothing was recorded for the cancelled build, and nothing at
         * all after "stopped". */
        char *log = tu_read(d.log, NULL);
        cr_assert_not_null(log);
        cr_expect_null(strstr(log, "recorded version=2"), "row %zu: log: %s", i, log);
        const char *stopped = strstr(log, " stopped\n");
        if (stopped != NULL)
            cr_expect_eq(stopped[9], '\0', "row %zu: logged after stopped: %s", i,
                         stopped + 9);
        else
            cr_expect_not_null(strstr(log, "exiting now"), "row %zu: log: %s", i, log);
        free(log);
        char index[128];
        snprintf(index, sizeof index, "%s/index.json", state);
        char *idx = tu_read(index, NULL);
        cr_assert_not_null(idx, "row %zu: no %s", i, index);
        cr_expect_null(strstr(idx, "\"number\":2"), "row %zu: %s", i, idx);
        free(idx);
        unlink(d.log);
        remove_tree(dir);
        remove_tree(state);
    }
}

/* Before it listens, the daemon builds the corpus once; a signal then
 * stops that build too, and nothing is recorded. */
Test(daemon, a_signal_during_the_first_build_stops_it, .init = bounded)
{
    char dir[64], state[96];
    copy_corpus(FIXTURES, dir, sizeof dir);
    snprintf(state, sizeof state, "%s.state", dir);
    add_many_documents(dir, 3000);
    struct daemon d;
    du_no_wait = 1;
    start(&d, dir, "--quiet", "--state", state, NULL);
    pause_ms(1000);
    kill(d.pid, SIGTERM);
    double took;
    int status = wait_exit(&d, 30, &took);
    cr_expect_eq(status, 0, "exit status %d", status);
    cr_expect_lt(took, 5.0, "%.1f s to stop during the first build", took);
    char *log = tu_read(d.log, NULL);
    cr_assert_not_null(log);
    cr_expect_not_null(strstr(log, "stopped before the first build"), "log: %s", log);
    cr_expect_null(strstr(log, "recorded version"), "log: %s", log);
    free(log);
    char index[128];
    snprintf(index, sizeof index, "%s/index.json", state);
    char *idx = tu_read(index, NULL);
    cr_expect(idx == NULL || strstr(idx, "\"number\":1") == NULL, "%s", idx);
    free(idx);
    unlink(d.log);
    remove_tree(dir);
    remove_tree(state);
}

/* ---- filtered feeds render off the loop ---- */

/* A corpus of ndocs documents with nlines dated events each, in a new
 * folder under /tmp/ (its name into dir): filtered feeds of it take a
 * good fraction of a second to render under the sanitizers. */
static void many_events_corpus(char *dir, size_t cap, int ndocs, int nlines)
{
    static const char *const months[] = {
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};
    static const char *const acts[] = {
        "opened a new library", "banned the equipment", "met the delegation",
        "signed the agreement", "announced the plan"};
    snprintf(dir, cap, "/tmp/chronicled-corpus-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    uint32_t x = 12345;
    for (int d = 0; d < ndocs; d++) {
        char path[128];
        snprintf(path, sizeof path, "%s/doc%03d.txt", dir, d);
        FILE *f = fopen(path, "w");
        cr_assert_not_null(f);
        fputs("Example Daily\n\nMarch 20, 2019\n\n", f);
        for (int k = 0; k < nlines; k++) {
            x = x * 1103515245u + 12345u;
            fprintf(f, "On %u %s %u the council of Town%dx%d %s, officials "
                    "said.\n", 1 + (x >> 8) % 28, months[(x >> 16) % 12],
                    2000 + (x >> 20) % 21, d, k, acts[(x >> 4) % 5]);
        }
        cr_assert_eq(fclose(f), 0);
    }
}

Test(daemon, filtered_feeds_render_off_the_loop, .init = bounded)
{
    char dir[64];
    many_events_corpus(dir, sizeof dir, 40, 250);
    char state[96];
    snprintf(state, sizeof state, "%s.state", dir);
    struct daemon d;
    /* one client here, so no per-client share (test_daemon_ops.c has it) */
    start(&d, dir, "--quiet", "--state", state, "--client-renders", "100", NULL);

    /* Three slow renders at once, two of them the same request. */
    static const char *const slow[] = {
        "/timeline.ics?from=1990", "/timeline.ics?from=1990",
        "/timeline.json?to=2030"};
    int fds[3];
    double t0 = now();
    for (int i = 0; i < 3; i++) {
        fds[i] = dial(d.port);
        send_request(fds[i], "GET", slow[i], NULL);
    }
    pause_ms(50);
    /* The loop is free meanwhile. */
    double h0 = now();
    json_decref(get_json(d.port, "/healthz"));
    double healthz = now() - h0;
    struct resp r[3];
    for (int i = 0; i < 3; i++)
        read_response(fds[i], &r[i], "GET", slow[i]);
    double renders = now() - t0;
    cr_expect_lt(healthz, 0.5, "/healthz took %.2f s while feeds rendered (%.2f s)",
                 healthz, renders);
    cr_expect_gt(renders, healthz, "renders %.2f s, /healthz %.2f s", renders, healthz);
    char tag[3][128], again[128];
    for (int i = 0; i < 3; i++) {
        cr_expect_eq(r[i].status, 200, "%s: %d", slow[i], r[i].status);
        cr_assert_not_null(hdr(&r[i], "ETag", tag[i], sizeof tag[i]));
    }
    /* The same request waited for the same rendering. */
    cr_expect_str_eq(tag[0], tag[1]);
    cr_expect(r[0].blen == r[1].blen && memcmp(r[0].body, r[1].body, r[0].blen) == 0);
    /* and it is cached now: the same bytes, at once */
    struct resp c;
    double c0 = now();
    get(d.port, slow[2], &c);
    cr_expect_lt(now() - c0, 0.5, "a cached feed took %.2f s", now() - c0);
    cr_expect_str_eq(hdr(&c, "ETag", again, sizeof again) ? again : "", tag[2]);
    cr_expect(c.blen == r[2].blen && memcmp(c.body, r[2].body, c.blen) == 0);
    resp_free(&c);
    for (int i = 0; i < 3; i++)
        resp_free(&r[i]);

    /* Many different ones at once: a bounded number renders, the rest are
     * told to come back; every request gets exactly one reply. */
    enum { N = 14 };
    char targets[N][64];
    int many[N], ok = 0, busy = 0;
    for (int i = 0; i < N; i++) {
        snprintf(targets[i], sizeof targets[i], "/timeline.ics?from=%d", 1970 + i);
        many[i] = dial(d.port);
        send_request(many[i], "GET", targets[i], NULL);
    }
    for (int i = 0; i < N; i++) {
        struct resp m;
        read_response(many[i], &m, "GET", targets[i]);
        char ra[16];
        if (m.status == 200)
            ok++;
        else if (m.status == 503 && hdr(&m, "Retry-After", ra, sizeof ra) != NULL)
            busy++;
        else
            cr_expect_fail("%s: %d %s", targets[i], m.status, m.body);
        resp_free(&m);
    }
    cr_expect_geq(ok, 8, "%d rendered, %d refused", ok, busy);
    cr_expect_geq(busy, 1, "%d rendered, none refused", ok);
    stop(&d);
    remove_tree(dir);
    remove_tree(state);
}

/* ---- the command line ---- */

static int run_status(const char *const *argv, char *out, size_t cap)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDWR);
        dup2(p[1], STDOUT_FILENO);
        dup2(devnull, STDERR_FILENO);
        close(p[0]);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(p[1]);
    size_t n = 0;
    ssize_t k;
    while (n + 1 < cap && (k = read(p[0], out + n, cap - n - 1)) > 0)
        n += (size_t)k;
    out[n] = '\0';
    close(p[0]);
    int status;
    double until = now() + 60;
    while (waitpid(pid, &status, WNOHANG) != pid) {
        if (now() > until) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            cr_assert_fail("%s did not exit", argv[1]);
        }
        pause_ms(20);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Test(daemon, exit_codes, .init = bounded)
{
    char out[8192];
    const char *help[] = {daemon_bin(), "--help", NULL};
    cr_expect_eq(run_status(help, out, sizeof out), 0);
    cr_expect_not_null(strstr(out, "usage: chronicled"));
    static const char *const bad[][4] = {
        {"--bogus", NULL}, {"--listen", NULL}, {"--listen", "nowhere", NULL},
        {"--listen", "127.0.0.1:99999", NULL}, {"--poll", "-1", NULL},
        {"--timeout", "soon", NULL}, {"--max-connections", "0", NULL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *argv[6] = {daemon_bin()};
        for (int k = 0; k < 3 && bad[i][k]; k++)
            argv[k + 1] = bad[i][k];
        cr_expect_eq(run_status(argv, out, sizeof out), 2, "case %zu", i);
    }
    const char *missing[] = {daemon_bin(), "--listen", "127.0.0.1:0", "--corpus",
                             "/nonexistent/chronicle-corpus", NULL};
    cr_expect_eq(run_status(missing, out, sizeof out), 1);
}

/* The status of a raw request with this Host header. */
static int status_with_host(int port, const char *host)
{
    int fd = dial(port);
    char req[512];
    int n = snprintf(req, sizeof req, "GET /timeline.json HTTP/1.1\r\nHost: %s\r\n"
                     "Connection: close\r\n\r\n", host);
    send_all(fd, req, (size_t)n);
    struct resp r;
    read_response(fd, &r, "GET", "/timeline.json");
    int st = r.status;
    resp_free(&r);
    return st;
}

Test(daemon, other_hosts_and_origins_are_kept_out, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, "--quiet", NULL);
    /* DNS rebinding: a loopback listener answers loopback names only */
    static const struct { const char *host; int status; } rows[] = {
        {"127.0.0.1", 200}, {"localhost", 200}, {"LOCALHOST:8080", 200},
        {"127.0.0.1:8080", 200}, {"[::1]:8080", 200}, {"[::1]", 200},
        {"evil.example", 421}, {"127.0.0.1.evil.example", 421}, {"localhost.evil", 421},
        {"127.0.0.1:80x", 421}, {"example.org:8080", 421},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        cr_expect_eq(status_with_host(d.port, rows[i].host), rows[i].status, "Host: %s",
                     rows[i].host);
    struct resp r;
    char buf[256];
    get(d.port, "/timeline.json", &r);
    cr_expect_null(hdr(&r, "Access-Control-Allow-Origin", buf, sizeof buf));
    resp_free(&r);
    stop(&d);
    /* the origins the operator allows, each answered with its own name */
    start(&d, FIXTURES, "--quiet", "--cors", "https://example.org", "--cors",
          "http://localhost:3000", "--host", "chronicle.example.net", NULL);
    static const struct { const char *origin; const char *allowed; } cors[] = {
        {"https://example.org", "https://example.org"},
        {"http://localhost:3000", "http://localhost:3000"},
        {"https://evil.example", NULL},
        {"https://example.org.evil.example", NULL},
        {NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cors / sizeof cors[0]; i++) {
        char extra[128] = "";
        if (cors[i].origin != NULL)
            snprintf(extra, sizeof extra, "Origin: %s\r\n", cors[i].origin);
        request(d.port, "GET", "/timeline.json", extra, &r);
        const char *got = hdr(&r, "Access-Control-Allow-Origin", buf, sizeof buf);
        if (cors[i].allowed != NULL)
            cr_expect_str_eq(got ? got : "", cors[i].allowed);
        else
            cr_expect_null(got, "Origin %s was allowed", cors[i].origin);
        cr_expect(strstr(r.head, "Origin") != NULL, "no Vary: Origin");
        resp_free(&r);
    }
    request(d.port, "GET", "/timeline.ics", "Origin: https://example.org\r\n", &r);
    cr_expect_null(hdr(&r, "Access-Control-Allow-Origin", buf, sizeof buf));
    resp_free(&r);
    /* a name given with --host is answered, others still are not */
    cr_expect_eq(status_with_host(d.port, "chronicle.example.net"), 200);
    cr_expect_eq(status_with_host(d.port, "CHRONICLE.example.net:443"), 200);
    cr_expect_eq(status_with_host(d.port, "example.net"), 421);
    cr_expect_eq(status_with_host(d.port, "localhost"), 200);
    stop(&d);
}

/* Send a keep-alive request on fd; the status line's code. */
static int ask(int fd)
{
    static const char req[] = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";
    send_all(fd, req, sizeof req - 1);
    char buf[8192];
    ssize_t got = recv(fd, buf, sizeof buf - 1, 0);
    if (got < 12)
        return -1;
    buf[got] = '\0';
    return atoi(buf + 9);
}

Test(daemon, one_client_cannot_take_every_connection, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, "--quiet", "--max-connections", "8", "--max-client-connections", "2",
          NULL);
    /* one client holds its two connections ... */
    int a1 = dial_from(d.port, "127.0.0.1"), a2 = dial_from(d.port, "127.0.0.1");
    cr_expect_eq(ask(a1), 200);
    cr_expect_eq(ask(a2), 200);
    /* ... a third of its own is refused ... */
    int a3 = dial_from(d.port, "127.0.0.1");
    cr_expect_eq(ask(a3), 503);
    close(a3);
    /* ... while another client is still answered */
    int b1 = dial_from(d.port, "127.0.0.2");
    cr_expect_eq(ask(b1), 200);
    close(b1);
    close(a1);
    close(a2);
    /* once it lets go, the first client is answered again */
    pause_ms(200);
    int a4 = dial_from(d.port, "127.0.0.1");
    cr_expect_eq(ask(a4), 200);
    close(a4);
    stop(&d);
}

Test(daemon, a_build_that_stops_moving_is_abandoned_and_reported, .init = bounded)
{
    char dir[64];
    copy_corpus(FIXTURES, dir, sizeof dir);
    struct daemon d;
    start(&d, dir, "--quiet", "--build-stall", "1", NULL);
    json_t *h = get_json(d.port, "/healthz");
    cr_expect_str_eq(jstr(h, "status"), "ok");
    cr_expect(json_is_null(json_object_get(json_object_get(h, "reload"), "stalled")));
    json_decref(h);
    char *before = current_version(d.port, NULL);
    /* one document that takes longer than the limit to read, with room:
     * the limit's second, then up to the watchdog's next tick (4 to 5 s
     * under ASan here; 60,000 sentences once took as long, and now read
     * in a second) */
    write_long_document(dir, 250000);
    char path[128];
    snprintf(path, sizeof path, "%s/long.txt", dir);
    int seen = 0;
    for (double until = now() + 120; now() < until && !seen; pause_ms(100)) {
        h = get_json(d.port, "/healthz");
        const char *why = jstr(json_object_get(h, "reload"), "stalled");
        if (why != NULL && strstr(why, "abandoned") != NULL) {
            seen = 1;
            cr_expect_str_eq(jstr(h, "status"), "degraded");
            /* and in /metrics, for the operator's alerts */
            struct resp r;
            get(d.port, "/metrics", &r);
            const char *g = strstr(r.body, "\nchronicled_build_idle_seconds ");
            cr_expect(g != NULL && atof(g + 31) > 1.0, "idle gauge: %.60s", g ? g : "none");
            cr_expect_eq(metric(r.body, "chronicled_builds_abandoned_total"), 1);
            resp_free(&r);
        }
        json_decref(h);
    }
    cr_expect(seen, "/healthz never said the build was abandoned");
    /* once its worker lets go: a failed reload, the old version still
     * served */
    int failed = 0;
    for (double until = now() + 240; now() < until && !failed; pause_ms(200)) {
        h = get_json(d.port, "/healthz");
        json_t *rl = json_object_get(h, "reload");
        const char *err = jstr(rl, "error");
        failed = !json_is_true(json_object_get(rl, "building")) && err != NULL &&
                 strstr(err, "abandoned") != NULL;
        if (failed)
            cr_expect_str_eq(jstr(h, "status"), "degraded");
        json_decref(h);
    }
    cr_expect(failed, "the abandoned build never showed as a failed reload");
    char *still = current_version(d.port, NULL);
    cr_expect_str_eq(still, before);
    free(still);
    /* the next change is built again, and all is well */
    unlink(path);
    int ok = 0;
    for (double until = now() + 120; now() < until && !ok; pause_ms(200)) {
        h = get_json(d.port, "/healthz");
        ok = strcmp(jstr(h, "status"), "ok") == 0 &&
             !json_is_true(json_object_get(json_object_get(h, "reload"), "building"));
        json_decref(h);
    }
    cr_expect(ok, "the daemon never came back to ok");
    free(before);
    stop(&d);
}
