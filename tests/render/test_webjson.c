/* test_webjson.c - TimelineJS3 and vis-timeline renderings, documents,
 * health: only the known parts of a date, exclusive ends, HTML escaping. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "chronicle/webjson.h"

static void add(chr_chron *c, const char *doc, uint32_t off, chr_event_type type,
                const char *date, const char *title)
{
    chr_mention m;
    memset(&m, 0, sizeof m);
    m.type = type;
    m.doc = strdup(doc);
    m.offset = off;
    m.length = 30;
    m.sentence = strdup(title);
    m.title = strdup(title);
    m.trigger = strdup("x");
    m.dct = CHR_NO_DAY;
    cr_assert_eq(chr_date_parse(date, strlen(date), &m.date), 0);
    cr_assert_eq(chr_chron_add_mention(c, &m, NULL), 0);
}

static chr_chron *sample(void)
{
    chr_chron *c = chr_chron_new();
    add(c, "a.txt", 0, CHR_EV_OPENING, "2019-03", "Centre <script>alert(1)</script> opens");
    add(c, "a.txt", 100, CHR_EV_MEETING, "2019-03-05", "Ministers & \"allies\" meet");
    add(c, "b.txt", 0, CHR_EV_REPORT, "2019-W10", "Weekly report");
    add(c, "b.txt", 200, CHR_EV_BAN, "2019", "Ban <b>announced</b>");
    cr_assert_eq(chr_chron_build(c, NULL), 0);
    return c;
}

static json_t *find_by(json_t *arr, const char *key, const char *val)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        const char *s = json_string_value(json_object_get(v, key));
        if (s && strstr(s, val))
            return v;
    }
    return NULL;
}

Test(webjson, timelinejs_dates_keep_only_known_parts)
{
    chr_chron *c = sample();
    size_t len;
    char *s = chr_webjson_timelinejs(c, NULL, 0, &len);
    cr_assert_not_null(s);
    cr_assert_null(strstr(s, "<script>"), "document text must be escaped");
    json_t *root = json_loads(s, 0, NULL);
    cr_assert_not_null(root);
    json_t *events = json_object_get(root, "events");
    cr_assert_eq(json_array_size(events), 4);
    size_t i;
    json_t *ev;
    int month = 0, day = 0, year = 0;
    json_array_foreach(events, i, ev) {
        json_t *sd = json_object_get(ev, "start_date");
        const char *id = json_string_value(json_object_get(ev, "unique_id"));
        cr_assert(id && strlen(id) == 16);
        cr_assert_neq(chr_chron_find(c, id), (size_t)-1);
        const chr_event *e = chr_chron_event(c, chr_chron_find(c, id));
        cr_assert_not_null(json_object_get(sd, "year"));
        if (e->date.prec == CHR_PREC_MONTH) {
            month = 1;
            cr_expect_not_null(json_object_get(sd, "month"));
            cr_expect_null(json_object_get(sd, "day"), "a month date has no day");
        } else if (e->date.prec == CHR_PREC_DAY) {
            day = 1;
            cr_expect_not_null(json_object_get(sd, "day"));
        } else if (e->date.prec == CHR_PREC_YEAR) {
            year = 1;
            cr_expect_null(json_object_get(sd, "month"), "a year date has no month");
        }
    }
    cr_assert(month && day && year);
    json_decref(root);
    free(s);
    chr_chron_free(c);
}

Test(webjson, vis_items_have_exclusive_ends)
{
    chr_chron *c = sample();
    char *s = chr_webjson_vis(c, NULL, 0, NULL);
    cr_assert_not_null(s);
    cr_assert_null(strstr(s, "<b>"), "document text must be escaped");
    json_t *items = json_loads(s, 0, NULL);
    cr_assert(json_is_array(items));
    cr_assert_eq(json_array_size(items), 4);
    json_t *month = find_by(items, "start", "2019-03-01");
    cr_assert_not_null(month);
    cr_expect_str_eq(json_string_value(json_object_get(month, "end")), "2019-04-01");
    json_t *week = find_by(items, "start", "2019-03-04");
    cr_assert_not_null(week);
    cr_expect_str_eq(json_string_value(json_object_get(week, "end")), "2019-03-11");
    json_t *year = find_by(items, "start", "2019-01-01");
    cr_assert_not_null(year);
    cr_expect_str_eq(json_string_value(json_object_get(year, "end")), "2020-01-01");
    /* a filtered subset */
    size_t idx[1] = {0};
    char *one = chr_webjson_vis(c, idx, 1, NULL);
    json_t *v1 = json_loads(one, 0, NULL);
    cr_assert_eq(json_array_size(v1), 1);
    json_decref(v1);
    free(one);
    json_decref(items);
    free(s);
    chr_chron_free(c);
}

Test(webjson, health_report)
{
    chr_health h;
    memset(&h, 0, sizeof h);
    h.version = "abc";
    h.documents = 5;
    h.events = 35;
    h.last_ok = 0;
    h.last_error = "corpus: cannot list folder";
    h.state_error = "state: not a folder";
    char *s = chr_webjson_health(&h, NULL);
    cr_assert_not_null(s);
    json_t *v = json_loads(s, 0, NULL);
    cr_assert_not_null(v, "%s", s);
    cr_assert(strstr(s, "cannot list folder") != NULL);
    cr_assert(strstr(s, "degraded") != NULL, "%s", s);
    json_decref(v);
    free(s);
    char t[21];
    chr_time_format(0, t);
    cr_assert_str_eq(t, "1970-01-01T00:00:00Z");
}

/* Build times in whole milliseconds: what a timer of a build means. */
static const struct { double ms; json_int_t want; } build_rows[] = {
    { 8.327866999991329, 8 },
    { 8.5,               9 },
    { 0.2,               0 },
    { 0,                 0 },
    { 61234.49,          61234 },
};

Test(webjson, health_build_ms_is_whole_milliseconds)
{
    for (size_t i = 0; i < sizeof build_rows / sizeof build_rows[0]; i++) {
        chr_health h;
        memset(&h, 0, sizeof h);
        h.last_ok = 1;
        h.last_build_ms = build_rows[i].ms;
        char *s = chr_webjson_health(&h, NULL);
        cr_assert_not_null(s);
        json_t *v = json_loads(s, 0, NULL);
        cr_assert_not_null(v, "%s", s);
        json_t *ms = json_object_get(json_object_get(v, "reload"), "build_ms");
        cr_expect(json_is_integer(ms), "row %zu: build_ms is not a whole number: %s", i, s);
        cr_expect_eq(json_integer_value(ms), build_rows[i].want, "row %zu: %s", i, s);
        json_decref(v);
        free(s);
    }
}
