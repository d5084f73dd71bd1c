/* test_icaljs.c - the iCalendar feed read by two parsers: libical (as in
 * test_ical.c) and Mozilla's ical.js, the parser Thunderbird uses, run by
 * node through tests/js/icaljs_dump.mjs.  Both sides give, per VEVENT,
 * UID, DTSTART, DTEND, SUMMARY, DESCRIPTION, CATEGORIES and SEQUENCE as one
 * JSON object, and the two lists must be identical.
 *
 * Without node the tests are skipped with a message; with node but without
 * ical.js (`make js-deps` installs it into tests/js/node_modules) they
 * fail, so a broken install never passes as a skip. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <libical/ical.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/chron.h"
#include "chronicle/date.h"
#include "chronicle/event.h"
#include "chronicle/ical.h"
#include "testutil.h"

#define DUMP_SCRIPT "tests/js/icaljs_dump.mjs"
#define ICALJS_PACKAGE "tests/js/node_modules/ical.js/package.json"

/* Skips the calling test when node is absent; fails it when ical.js is. */
static void need_icaljs(void)
{
    if (tu_run("command -v node >/dev/null 2>&1", NULL, NULL) != 0) {
        fprintf(stderr, "test_icaljs: node not found: the ical.js check is "
                "SKIPPED (install nodejs and npm to run it)\n");
        cr_skip_test("node not found: ical.js check skipped");
    }
    struct stat st;
    cr_assert(stat(ICALJS_PACKAGE, &st) == 0,
              "node is here but ical.js is not installed in tests/js/"
              "node_modules: run `make js-deps` (needs npm and the npm "
              "registry)");
}

/* ------------------------------------------------------------ libical */

/* "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:SS" with "Z" when in UTC. */
static json_t *time_json(icalproperty *p, struct icaltimetype (*get)(const icalproperty *))
{
    if (p == NULL)
        return json_null();
    struct icaltimetype t = get(p);
    char buf[40];
    if (t.is_date)
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.year, t.month, t.day);
    else
        snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%s", t.year,
                 t.month, t.day, t.hour, t.minute, t.second,
                 icaltime_is_utc(t) ? "Z" : "");
    return json_string(buf);
}

static json_t *text_json(icalcomponent *ev, icalproperty_kind kind)
{
    icalproperty *p = icalcomponent_get_first_property(ev, kind);
    if (p == NULL)
        return json_null();
    const char *s = icalvalue_get_text(icalproperty_get_value(p));
    return json_string(s != NULL ? s : "");
}

static json_t *libical_event(icalcomponent *ev)
{
    json_t *cats = json_array();
    for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_CATEGORIES_PROPERTY);
         p != NULL; p = icalcomponent_get_next_property(ev, ICAL_CATEGORIES_PROPERTY))
        json_array_append_new(cats, json_string(icalproperty_get_categories(p)));
    icalproperty *seq = icalcomponent_get_first_property(ev, ICAL_SEQUENCE_PROPERTY);
    json_t *o = json_object();
    json_object_set_new(o, "uid", text_json(ev, ICAL_UID_PROPERTY));
    json_object_set_new(o, "dtstart",
        time_json(icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY),
                  icalproperty_get_dtstart));
    json_object_set_new(o, "dtend",
        time_json(icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY),
                  icalproperty_get_dtend));
    json_object_set_new(o, "summary", text_json(ev, ICAL_SUMMARY_PROPERTY));
    json_object_set_new(o, "description", text_json(ev, ICAL_DESCRIPTION_PROPERTY));
    json_object_set_new(o, "categories", cats);
    json_object_set_new(o, "sequence", seq != NULL
                        ? json_integer(icalproperty_get_sequence(seq))
                        : json_null());
    return o;
}

/* libical's X-LIC-ERROR texts in comp and its children, into buf. */
static void errors_of(icalcomponent *comp, char *buf, size_t cap)
{
    for (icalproperty *p = icalcomponent_get_first_property(comp, ICAL_XLICERROR_PROPERTY);
         p != NULL; p = icalcomponent_get_next_property(comp, ICAL_XLICERROR_PROPERTY)) {
        size_t used = strlen(buf);
        snprintf(buf + used, cap - used, "\n  %s", icalproperty_get_xlicerror(p));
    }
    for (icalcomponent *c = icalcomponent_get_first_component(comp, ICAL_ANY_COMPONENT);
         c != NULL; c = icalcomponent_get_next_component(comp, ICAL_ANY_COMPONENT))
        errors_of(c, buf, cap);
}

/* Every VEVENT of text as read by libical, which must report no errors. */
static json_t *libical_events(const char *text)
{
    icalcomponent *cal = icalparser_parse_string(text);
    cr_assert_not_null(cal, "libical cannot parse the feed");
    cr_assert_eq(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
    if (icalcomponent_count_errors(cal) != 0) {
        char why[2048] = "";
        errors_of(cal, why, sizeof why);
        cr_assert_fail("libical found errors:%s", why);
    }
    json_t *all = json_array();
    for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
         ev != NULL; ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
        json_array_append_new(all, libical_event(ev));
    icalcomponent_free(cal);
    return all;
}

/* ------------------------------------------------------------- ical.js */

/* Every VEVENT of the file at path as read by ical.js: one JSON object per
 * output line. */
static json_t *icaljs_events(const char *path)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "node " DUMP_SCRIPT " '%s'", path);
    char *out = NULL;
    int st = tu_run(cmd, &out, NULL);
    cr_assert_eq(st, 0, "%s exited %d:\n%s", cmd, st, out ? out : "");
    json_t *all = json_array();
    char *save = NULL;
    for (char *line = strtok_r(out, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        json_error_t err;
        json_t *o = json_loads(line, 0, &err);
        cr_assert_not_null(o, "not JSON from ical.js: %s: %s", err.text, line);
        json_array_append_new(all, o);
    }
    free(out);
    return all;
}

/* -------------------------------------------------------------- compare */

static char *dump(const json_t *j)
{
    return json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
}

/* want and got: arrays of event objects; takes ownership of both. */
static void same_events(const char *what, json_t *want, json_t *got,
                        const char *want_name, const char *got_name)
{
    cr_assert_eq(json_array_size(got), json_array_size(want),
                 "%s: %s reads %zu events, %s %zu", what, got_name,
                 json_array_size(got), want_name, json_array_size(want));
    for (size_t i = 0; i < json_array_size(want); i++) {
        json_t *w = json_array_get(want, i), *g = json_array_get(got, i);
        const char *key;
        json_t *wv;
        json_object_foreach(w, key, wv) {
            json_t *gv = json_object_get(g, key);
            if (gv != NULL && json_equal(wv, gv))
                continue;
            char *ws = dump(wv), *gs = gv ? dump(gv) : strdup("(absent)");
            cr_assert_fail("%s: event %zu field %s:\n  %s: %s\n  %s: %s",
                           what, i, key, want_name, ws, got_name, gs);
        }
        cr_assert_eq(json_object_size(g), json_object_size(w),
                     "%s: event %zu: %s gives other fields", what, i, got_name);
    }
    json_decref(want);
    json_decref(got);
}

/* Parse path (holding text) with both parsers; returns the event count. */
static size_t both_agree(const char *what, const char *path, const char *text)
{
    json_t *lib = libical_events(text);
    size_t n = json_array_size(lib);
    same_events(what, lib, icaljs_events(path), "libical", "ical.js");
    return n;
}

/* ---------------------------------------------------------------- tests */

Test(icaljs, corpus_feed_reads_the_same)
{
    need_icaljs();
    char *dir = tu_tmpdir();
    cr_assert_not_null(dir);
    char path[512], cmd[1200];
    snprintf(path, sizeof path, "%s/corpus.ics", dir);
    snprintf(cmd, sizeof cmd, "%s timeline fixtures/corpus --format ics > '%s'",
             tu_bin(), path);
    cr_assert_eq(tu_run(cmd, NULL, NULL), 0, "%s", cmd);
    size_t len;
    char *text = tu_read(path, &len);
    cr_assert_not_null(text);
    size_t n = both_agree("fixtures/corpus", path, text);
    cr_assert_gt(n, 10, "the corpus feed has only %zu events", n);
    free(text);
    remove(path);
    rmdir(dir);
    free(dir);
}

/* A feed written by hand where parsers most often part ways; the answer
 * is written by hand too, and both parsers must give it. */
Test(icaljs, hand_written_feed_reads_as_written)
{
    need_icaljs();
    const char *input = "fixtures/ical/tricky/input.ics";
    char *text = tu_read(input, NULL);
    cr_assert_not_null(text, "cannot read %s", input);
    json_error_t err;
    json_t *want = json_load_file("fixtures/ical/tricky/expected.json", 0, &err);
    cr_assert_not_null(want, "expected.json: line %d: %s", err.line, err.text);
    json_incref(want);
    same_events(input, want, libical_events(text), "expected", "libical");
    same_events(input, want, icaljs_events(input), "expected", "ical.js");
    free(text);
}

/* ---- a chronology with hostile text, rendered by chronicle ---- */

typedef struct row {
    const char *title;
    const char *sentence;
    const char *value;        /* TIMEX3 value: precisions down to century */
    chr_event_type type;
} row;

static const row rows[] = {
    {"Ban on A, B and C; appeal filed over C:\\data\\x",
     "Ban on A, B and C; the appeal (C:\\data\\x) was filed.",
     "2019-03-05", CHR_EV_BAN},
    {"Quote \"ok\", colon: fine; trailing backslash \\",
     "Line one\nline two\r\nline three, with \\n written out.",
     "2019-03", CHR_EV_LAW},
    {"Week event; with, punctuation", "Tab\there and a bell\x07 go.",
     "2019-W10", CHR_EV_MEETING},
    {"Quarter \xE2\x80\x94 em dash", "Caf\xC3\xA9 d\xC3\xA9j\xC3\xA0 vu.",
     "2019-Q1", CHR_EV_REPORT},
    {"Season", "Summer.", "2019-SU", CHR_EV_STATEMENT},
    {"Year", "A year.", "2016", CHR_EV_LAW},
    {"Decade", "A decade.", "201", CHR_EV_POLICY},
    {"Century", "A century.", "19", CHR_EV_OPENING},
    {"", "", "2019-03-06", CHR_EV_OTHER},
    {"\r\n", "\x01\r\n", "2019-03-07", CHR_EV_OTHER},
    {" ", " ", "2019-03-08", CHR_EV_OTHER},
    {"  two  blanks  ", "\ttabbed\t", "2019-03-09", CHR_EV_OTHER},
};

/* Long runs of 1- to 4-byte characters and escapes, so folds land inside
 * every kind of sequence. */
static const char *const units[] = {
    "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
    "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80,", ",;\\", "a\\n",
};

static char *dup_str(const char *s)
{
    char *d = strdup(s);
    cr_assert_not_null(d);
    return d;
}

static void add_event(chr_chron *c, size_t k, const char *title,
                      const char *sentence, const char *value,
                      chr_event_type type)
{
    char name[32];
    snprintf(name, sizeof name, "doc%02zu.txt", k);
    chr_docinfo d;
    memset(&d, 0, sizeof d);
    d.name = name;
    for (size_t i = 0; i < 64; i++)
        d.sha256[i] = "0123456789abcdef"[(k + i) % 16];
    d.mtime = INT64_C(1552000000) + (int64_t)k;
    d.bytes = 100;
    d.dct = chr_day_parse("2019-03-10", 10);
    d.dct_source = CHR_DCT_GIVEN;
    cr_assert_eq(chr_chron_add_doc(c, &d, NULL), 0);

    chr_mention m;
    memset(&m, 0, sizeof m);
    m.type = type;
    m.status = CHR_OCCURRED;
    m.doc = dup_str(name);
    m.length = (uint32_t)strlen(sentence);
    m.sentence = dup_str(sentence);
    m.title = dup_str(title);
    m.trigger = dup_str("filed");
    m.date_text = dup_str("then, or; so");
    m.date_length = (uint32_t)strlen(m.date_text);
    cr_assert_eq(chr_date_parse(value, strlen(value), &m.date), 0, "%s", value);
    m.mod = CHR_MOD_NONE;
    m.anchor = CHR_ANCHOR_ABSOLUTE;
    m.dct = d.dct;
    cr_assert_eq(chr_chron_add_mention(c, &m, NULL), 0);
}

Test(icaljs, rendered_hostile_text_reads_the_same)
{
    need_icaljs();
    chr_chron *c = chr_chron_new();
    cr_assert_not_null(c);
    size_t k = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++, k++)
        add_event(c, k, rows[i].title, rows[i].sentence, rows[i].value,
                  rows[i].type);
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        for (size_t shift = 0; shift < 4; shift++, k++) {
            char title[400];
            size_t n = 0, ul = strlen(units[u]);
            for (size_t s = 0; s < shift; s++)
                title[n++] = 'x';
            while (n + ul < 300) {
                memcpy(title + n, units[u], ul);
                n += ul;
            }
            title[n] = '\0';
            char value[16];
            snprintf(value, sizeof value, "%04zu-%02zu", 2000 + k, u + 1);
            add_event(c, k, title, title, value, CHR_EV_OTHER);
        }
    }
    cr_assert_eq(chr_chron_build(c, NULL), 0);
    size_t len;
    char *text = chr_ical_render(c, NULL, 0, NULL, &len);
    cr_assert_not_null(text);

    char *dir = tu_tmpdir();
    cr_assert_not_null(dir);
    char path[512];
    snprintf(path, sizeof path, "%s/hostile.ics", dir);
    cr_assert_eq(tu_write(path, text, len), 0);
    size_t n = both_agree("hostile chronology", path, text);
    cr_assert_eq(n, chr_chron_event_count(c));
    cr_assert_eq(n, k, "events merged: %zu of %zu", n, k);
    free(text);
    remove(path);
    rmdir(dir);
    free(dir);
    chr_chron_free(c);
}
