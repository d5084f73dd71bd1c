/* test_ical.c - the iCalendar feed: built from a chronology, parsed back
 * with libical, and checked byte by byte where RFC 5545 is strict. */
#include <criterion/criterion.h>
#include <libical/ical.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/chron.h"
#include "chronicle/date.h"
#include "chronicle/event.h"
#include "chronicle/ical.h"
#include "chronicle/utf8.h"

/* One mention and the document it comes from. */
typedef struct spec {
    const char *doc;
    const char *dct;          /* "YYYY-MM-DD" or NULL */
    int64_t mtime;
    const char *title;
    const char *sentence;
    const char *date_text;
    const char *value;        /* TIMEX3 value of the date */
    chr_event_type type;
    chr_modality status;
} spec;

/* 1552000000 is 2019-03-07T23:06:40Z. */
#define MTIME INT64_C(1552000000)
#define STAMP "20190307T230640Z"

static char *dup_or_null(const char *s)
{
    if (s == NULL)
        return NULL;
    char *d = strdup(s);
    cr_assert_not_null(d);
    return d;
}

static void add_doc_once(chr_chron *c, const spec *s)
{
    for (size_t i = 0; i < chr_chron_doc_count(c); i++)
        if (strcmp(chr_chron_doc(c, i)->name, s->doc) == 0)
            return;
    chr_docinfo d;
    memset(&d, 0, sizeof d);
    d.name = (char *)s->doc;
    /* A digest that differs per name; its value does not matter here. */
    unsigned h = 5381;
    for (const char *p = s->doc; *p; p++)
        h = h * 33 + (unsigned char)*p;
    for (size_t i = 0; i < 64; i++)
        d.sha256[i] = "0123456789abcdef"[(h >> (i % 8 * 4)) & 15];
    d.sha256[64] = '\0';
    d.mtime = s->mtime;
    d.bytes = 100;
    d.dct = s->dct ? chr_day_parse(s->dct, strlen(s->dct)) : CHR_NO_DAY;
    d.dct_source = s->dct ? CHR_DCT_GIVEN : CHR_DCT_NONE;
    cr_assert_eq(chr_chron_add_doc(c, &d, NULL), 0, "add_doc %s", s->doc);
}

static void add_mention(chr_chron *c, const spec *s, uint32_t offset)
{
    chr_mention m;
    memset(&m, 0, sizeof m);
    m.type = s->type;
    m.status = s->status;
    m.doc = dup_or_null(s->doc);
    m.offset = offset;
    m.length = (uint32_t)strlen(s->sentence);
    m.sentence = dup_or_null(s->sentence);
    m.title = dup_or_null(s->title);
    m.trigger = dup_or_null("opens");
    m.date_text = dup_or_null(s->date_text);
    m.date_offset = offset;
    m.date_length = s->date_text ? (uint32_t)strlen(s->date_text) : 0;
    cr_assert_eq(chr_date_parse(s->value, strlen(s->value), &m.date), 0,
                 "bad test value %s", s->value);
    m.mod = CHR_MOD_NONE;
    m.anchor = CHR_ANCHOR_ABSOLUTE;
    m.dct = s->dct ? chr_day_parse(s->dct, strlen(s->dct)) : CHR_NO_DAY;
    cr_assert_eq(chr_chron_add_mention(c, &m, NULL), 0);
    chr_mention_clear(&m);   /* zeroed by add_mention: a no-op */
}

static chr_chron *chron_of(const spec *specs, size_t n)
{
    chr_chron *c = chr_chron_new();
    cr_assert_not_null(c);
    for (size_t i = 0; i < n; i++)
        add_doc_once(c, &specs[i]);
    for (size_t i = 0; i < n; i++)
        add_mention(c, &specs[i], (uint32_t)(i * 1000));
    cr_assert_eq(chr_chron_build(c, NULL), 0);
    return c;
}

/*
 * What RFC 5545 demands of the bytes, checked on every feed rendered
 * here: CRLF and nothing else for line ends, no control bytes, at most 75
 * octets per physical line, every physical line valid UTF-8 on its own
 * (so no fold split a character), continuation lines start with a space.
 */
static void check_lines(const char *s, size_t len)
{
    cr_assert_eq(strlen(s), len, "length and NUL disagree");
    cr_assert(len >= 2 && s[len - 2] == '\r' && s[len - 1] == '\n',
              "feed does not end in CRLF");
    size_t start = 0, lineno = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\r') {
            cr_assert(i + 1 < len && s[i + 1] == '\n', "bare CR at byte %zu", i);
            size_t n = i - start;
            cr_assert_leq(n, 75, "line %zu has %zu octets", lineno, n);
            cr_assert_gt(n, 0, "empty line %zu", lineno);
            char why[96];
            cr_assert_eq(chr_utf8_check(s + start, n, why, sizeof why), n,
                         "line %zu is not valid UTF-8 alone: %s", lineno, why);
            i++;
            start = i + 1;
            lineno++;
            continue;
        }
        cr_assert(ch != '\n', "bare LF at byte %zu", i);
        cr_assert(ch >= 0x20 && ch != 0x7F, "control byte 0x%02X at byte %zu",
                  ch, i);
    }
    cr_assert(strncmp(s, "BEGIN:VCALENDAR\r\n", 17) == 0);
    cr_assert(len >= 15 && strcmp(s + len - 15, "END:VCALENDAR\r\n") == 0);
}

/* The content lines of a feed: folds (CRLF and one blank) removed. */
static char *unfold(const char *s)
{
    size_t n = strlen(s), k = 0;
    char *out = malloc(n + 1);
    cr_assert_not_null(out);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r' && i + 2 < n && s[i + 1] == '\n' &&
            (s[i + 2] == ' ' || s[i + 2] == '\t')) {
            i += 2;
            continue;
        }
        out[k++] = s[i];
    }
    out[k] = '\0';
    return out;
}

static char *render(const chr_chron *c, const size_t *idx, size_t n,
                    const chr_ical_opts *opts, size_t *len)
{
    char *out = chr_ical_render(c, idx, n, opts, len);
    cr_assert_not_null(out);
    check_lines(out, *len);
    return out;
}

static icalcomponent *parse(const char *text)
{
    icalcomponent *cal = icalparser_parse_string(text);
    cr_assert_not_null(cal, "libical cannot parse the feed");
    cr_assert_eq(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
    cr_assert_eq(icalcomponent_count_errors(cal), 0,
                 "libical found errors:\n%s", text);
    return cal;
}

static icalcomponent *only_event(icalcomponent *cal)
{
    cr_assert_eq(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 1);
    return icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
}

/* Value of X-property name, or NULL. */
static const char *x_prop(icalcomponent *comp, const char *name)
{
    for (icalproperty *p = icalcomponent_get_first_property(comp, ICAL_X_PROPERTY);
         p != NULL; p = icalcomponent_get_next_property(comp, ICAL_X_PROPERTY))
        if (strcmp(icalproperty_get_x_name(p), name) == 0)
            return icalproperty_get_x(p);
    return NULL;
}

static void date_text(struct icaltimetype t, char out[16])
{
    snprintf(out, 16, "%04d%02d%02d", t.year, t.month, t.day);
}

static const spec base = {
    "news.txt", "2019-03-10", MTIME, "Huawei opens centre",
    "Huawei opened a cyber security centre in Brussels in March 2019.",
    "in March 2019", "2019-03", CHR_EV_OPENING, CHR_OCCURRED};

/* ---------------------------------------------------------------- dates */

static const struct {
    const char *value, *prec, *dtstart, *dtend, *summary;
} date_rows[] = {
    {"2019-03-05", "day", "20190305", "20190306", "Huawei opens centre"},
    {"2019-03-05T14:46", "minute", "20190305", "20190306", "Huawei opens centre"},
    {"2019-W10", "week", "20190304", "20190311", "Huawei opens centre (week of 4 March 2019)"},
    {"2019-03", "month", "20190301", "20190401", "Huawei opens centre (March 2019)"},
    {"2019-02", "month", "20190201", "20190301", "Huawei opens centre (February 2019)"},
    {"2020-02", "month", "20200201", "20200301", "Huawei opens centre (February 2020)"},
    {"2019-12", "month", "20191201", "20200101", "Huawei opens centre (December 2019)"},
    {"2019-Q1", "quarter", "20190101", "20190401", "Huawei opens centre (Q1 2019)"},
    {"2019-SU", "season", "20190601", "20190901", "Huawei opens centre (summer 2019)"},
    {"2019-WI", "season", "20191201", "20200301", "Huawei opens centre (winter 2019/2020)"},
    {"2019-H2", "half", "20190701", "20200101", "Huawei opens centre (second half of 2019)"},
    {"2019", "year", "20190101", "20200101", "Huawei opens centre (2019)"},
    {"201", "decade", "20100101", "20200101", "Huawei opens centre (2010s)"},
    {"19", "century", "19000101", "20000101", "Huawei opens centre (20th century)"},
};

static void check_date_row(size_t i)
{
    spec s = base;
    s.value = date_rows[i].value;
    chr_chron *c = chron_of(&s, 1);
    cr_assert_eq(chr_chron_event_count(c), 1, "row %zu", i);
    size_t len;
    char *out = render(c, NULL, 0, NULL, &len);
    icalcomponent *cal = parse(out);
    icalcomponent *ev = only_event(cal);

    char got[16];
    struct icaltimetype t = icalcomponent_get_dtstart(ev);
    cr_assert(t.is_date, "row %zu: DTSTART is not a DATE", i);
    date_text(t, got);
    cr_assert_str_eq(got, date_rows[i].dtstart, "row %zu (%s) DTSTART", i, date_rows[i].value);
    icalproperty *pe = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
    cr_assert_not_null(pe, "row %zu: no DTEND", i);
    t = icalproperty_get_dtend(pe);
    cr_assert(t.is_date, "row %zu: DTEND is not a DATE", i);
    date_text(t, got);
    cr_assert_str_eq(got, date_rows[i].dtend, "row %zu (%s) DTEND", i, date_rows[i].value);

    char line[64];
    snprintf(line, sizeof line, "\r\nDTSTART;VALUE=DATE:%s\r\n", date_rows[i].dtstart);
    cr_assert_not_null(strstr(out, line), "row %zu: %s", i, line + 2);
    snprintf(line, sizeof line, "\r\nDTEND;VALUE=DATE:%s\r\n", date_rows[i].dtend);
    cr_assert_not_null(strstr(out, line), "row %zu: %s", i, line + 2);

    cr_assert_str_eq(icalcomponent_get_summary(ev), date_rows[i].summary, "row %zu", i);
    const char *prec = x_prop(ev, "X-CHRONICLE-PRECISION");
    cr_assert_not_null(prec, "row %zu: no X-CHRONICLE-PRECISION", i);
    cr_assert_str_eq(prec, date_rows[i].prec, "row %zu", i);
    icalproperty *tr = icalcomponent_get_first_property(ev, ICAL_TRANSP_PROPERTY);
    cr_assert_not_null(tr);
    cr_assert_eq(icalproperty_get_transp(tr), ICAL_TRANSP_TRANSPARENT, "row %zu", i);

    icalcomponent_free(cal);
    free(out);
    chr_chron_free(c);
}

Test(ical, dates_span_the_whole_range_exclusive_end)
{
    for (size_t i = 0; i < sizeof date_rows / sizeof date_rows[0]; i++)
        check_date_row(i);
}

Test(ical, minute_precision_is_all_day_with_the_time_described)
{
    spec s = base;
    s.value = "2019-03-05T14:46";
    chr_chron *c = chron_of(&s, 1);
    size_t len;
    char *out = render(c, NULL, 0, NULL, &len);
    icalcomponent *cal = parse(out);
    const char *d = icalcomponent_get_description(only_event(cal));
    cr_assert_not_null(strstr(d, "Time: 14:46"), "%s", d);
    icalcomponent_free(cal);
    free(out);
    chr_chron_free(c);
}

/*
 * At the far end of what libical can write (libical 3.0: the year 3000)
 * the exclusive end may not exist as a DATE; a DURATION of the same
 * length stands in.  Later dates are left out by libical 3.0, written by
 * versions that can.
 */
static const struct {
    const char *value, *dtstart, *dtend, *duration;
} far_rows[] = {
    {"2999", "29990101", "30000101", "P365D"},
    {"3000", "30000101", "30010101", "P365D"},
    {"30", "30000101", "31000101", "P36524D"},
    {"9999", "99990101", "100000101", "P365D"},
};

Test(ical, far_future_ranges_keep_their_length)
{
    for (size_t i = 0; i < sizeof far_rows / sizeof far_rows[0]; i++) {
        spec s = base;
        s.value = far_rows[i].value;
        chr_chron *c = chron_of(&s, 1);
        size_t len;
        char *out = render(c, NULL, 0, NULL, &len);
        icalcomponent *cal = parse(out);
        char start[64], end[64], dur[64];
        snprintf(start, sizeof start, "\r\nDTSTART;VALUE=DATE:%s\r\n", far_rows[i].dtstart);
        snprintf(end, sizeof end, "\r\nDTEND;VALUE=DATE:%s\r\n", far_rows[i].dtend);
        snprintf(dur, sizeof dur, "\r\nDURATION:%s\r\n", far_rows[i].duration);
        if (icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT) == 1) {
            cr_assert_not_null(strstr(out, start), "row %zu:\n%s", i, out);
            cr_assert((strstr(out, end) != NULL) != (strstr(out, dur) != NULL),
                      "row %zu: want exactly one of DTEND, DURATION:\n%s", i, out);
        } else {
            cr_assert_eq(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 0);
            cr_assert_null(strstr(out, "BEGIN:VEVENT"));
        }
        icalcomponent_free(cal);
        free(out);
        chr_chron_free(c);
    }
}

/* ------------------------------------------------------------ identity */

Test(ical, uid_stamp_sequence_and_categories)
{
    spec s = base;
    chr_chron *c = chron_of(&s, 1);
    const chr_event *e = chr_chron_event(c, 0);
    size_t len;
    char *out = render(c, NULL, 0, NULL, &len);
    icalcomponent *cal = parse(out);
    icalcomponent *ev = only_event(cal);

    char uid[64];
    snprintf(uid, sizeof uid, "%s@chronicle", e->id);
    cr_assert_str_eq(icalcomponent_get_uid(ev), uid);
    cr_assert_eq(e->modified, MTIME, "chronology lost the document mtime");
    cr_assert_not_null(strstr(out, "\r\nDTSTAMP:" STAMP "\r\n"), "%s", out);
    cr_assert_not_null(strstr(out, "\r\nLAST-MODIFIED:" STAMP "\r\n"), "%s", out);
    char seq[32];
    snprintf(seq, sizeof seq, "\r\nSEQUENCE:%d\r\n", e->sequence);
    cr_assert_not_null(strstr(out, seq));
    icalproperty *cat = icalcomponent_get_first_property(ev, ICAL_CATEGORIES_PROPERTY);
    cr_assert_not_null(cat);
    cr_assert_str_eq(icalproperty_get_categories(cat), "opening");
    cr_assert_str_eq(x_prop(ev, "X-CHRONICLE-TYPE"), "opening");

    icalcomponent_free(cal);
    free(out);
    chr_chron_free(c);
}

Test(ical, categories_name_every_event_type)
{
    for (int t = 0; t < CHR_EV_NTYPES; t++) {
        spec s = base;
        s.type = (chr_event_type)t;
        chr_chron *c = chron_of(&s, 1);
        size_t len;
        char *out = render(c, NULL, 0, NULL, &len);
        icalcomponent *cal = parse(out);
        icalproperty *cat = icalcomponent_get_first_property(only_event(cal),
                                                             ICAL_CATEGORIES_PROPERTY);
        cr_assert_not_null(cat);
        cr_assert_str_eq(icalproperty_get_categories(cat),
                         chr_event_type_name((chr_event_type)t), "type %d", t);
        icalcomponent_free(cal);
        free(out);
        chr_chron_free(c);
    }
}

static const spec three[] = {
    {"a.txt", "2019-03-10", MTIME, "Huawei opens centre",
     "Huawei opened a centre in Brussels on 5 March 2019.", "on 5 March 2019",
     "2019-03-05", CHR_EV_OPENING, CHR_OCCURRED},
    {"b.txt", "2016-01-02", MTIME - 86400 * 900, "Parliament passes data law",
     "Parliament passed the data law in 2016.", "in 2016", "2016",
     CHR_EV_LAW, CHR_OCCURRED},
    {"c.txt", "2021-06-01", MTIME + 86400 * 800, "Ministers to meet in Oslo",
     "Ministers will meet in Oslo in July 2021.", "in July 2021", "2021-07",
     CHR_EV_MEETING, CHR_PLANNED},
};

Test(ical, same_input_same_bytes)
{
    chr_chron *c = chron_of(three, 3);
    size_t len1, len2;
    char *a = render(c, NULL, 0, NULL, &len1);
    char *b = render(c, NULL, 0, NULL, &len2);
    cr_assert_eq(len1, len2);
    cr_assert(memcmp(a, b, len1) == 0, "two renders differ");
    free(b);

    /* Another chronology of the same input, added in another order. */
    spec rev[3] = {three[2], three[1], three[0]};
    chr_chron *c2 = chron_of(rev, 3);
    b = render(c2, NULL, 0, NULL, &len2);
    cr_assert_eq(len1, len2);
    cr_assert(memcmp(a, b, len1) == 0, "input order changed the feed");
    free(a);
    free(b);
    chr_chron_free(c);
    chr_chron_free(c2);
}

Test(ical, filtered_subset_follows_idx)
{
    chr_chron *c = chron_of(three, 3);
    size_t n = chr_chron_event_count(c);
    cr_assert_eq(n, 3);
    const size_t idx[] = {2, 0, 99};   /* 99 names nothing: left out */
    size_t len;
    char *out = render(c, idx, 3, NULL, &len);
    icalcomponent *cal = parse(out);
    cr_assert_eq(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 2);
    icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
    for (size_t i = 0; i < 2; i++) {
        char uid[64];
        snprintf(uid, sizeof uid, "%s@chronicle", chr_chron_event(c, idx[i])->id);
        cr_assert_not_null(ev);
        cr_assert_str_eq(icalcomponent_get_uid(ev), uid, "position %zu", i);
        ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT);
    }
    icalcomponent_free(cal);
    free(out);

    out = render(c, idx, 0, NULL, &len);  /* an empty filter: no events */
    cal = parse(out);
    cr_assert_eq(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 0);
    icalcomponent_free(cal);
    free(out);

    out = render(c, NULL, 0, NULL, &len); /* idx NULL: all, n ignored */
    cal = parse(out);
    cr_assert_eq(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 3);
    icalcomponent_free(cal);
    free(out);
    chr_chron_free(c);
}

/* ---------------------------------------------------------- calendar */

static const char *const calendar_lines[] = {
    "BEGIN:VCALENDAR\r\n",
    "\r\nVERSION:2.0\r\n",
    "\r\nPRODID:-//chronicle//chronicle 1.0//EN\r\n",
    "\r\nCALSCALE:GREGORIAN\r\n",
    "\r\nMETHOD:PUBLISH\r\n",
    "\r\nX-WR-CALNAME:chronicle\r\n",
    "\r\nNAME:chronicle\r\n",
    "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n",
    "\r\nX-PUBLISHED-TTL:PT1H\r\n",
    "\r\nDESCRIPTION:",
};

Test(ical, empty_chronology_is_a_valid_calendar)
{
    chr_chron *c = chr_chron_new();
    cr_assert_not_null(c);
    cr_assert_eq(chr_chron_build(c, NULL), 0);
    size_t len;
    char *out = render(c, NULL, 0, NULL, &len);
    for (size_t i = 0; i < sizeof calendar_lines / sizeof calendar_lines[0]; i++)
        cr_assert_not_null(strstr(out, calendar_lines[i]), "missing %s", calendar_lines[i]);
    icalcomponent *cal = parse(out);
    cr_assert_eq(icalcomponent_count_components(cal, ICAL_ANY_COMPONENT), 0);
    icalproperty *v = icalcomponent_get_first_property(cal, ICAL_VERSION_PROPERTY);
    cr_assert_not_null(v);
    cr_assert_str_eq(icalproperty_get_version(v), "2.0");
    cr_assert_eq(icalcomponent_get_method(cal), ICAL_METHOD_PUBLISH);
    icalcomponent_free(cal);
    free(out);
    chr_chron_free(c);
}

static const struct {
    const char *name, *calname_line, *name_line;
} name_rows[] = {
    {NULL, "X-WR-CALNAME:chronicle", "NAME:chronicle"},
    {"EU tech policy", "X-WR-CALNAME:EU tech policy", "NAME:EU tech policy"},
    {"Bans, laws; and \\ more", "X-WR-CALNAME:Bans laws and  more",
     "NAME:Bans\\, laws\\; and \\\\ more"},
    {"two\r\nX-EVIL:1", "X-WR-CALNAME:two X-EVIL:1", "NAME:two X-EVIL:1"},
    {",;", "X-WR-CALNAME:chronicle", "NAME:\\,\\;"},
};

Test(ical, calendar_name_is_cleaned)
{
    chr_chron *c = chron_of(&base, 1);
    for (size_t i = 0; i < sizeof name_rows / sizeof name_rows[0]; i++) {
        chr_ical_opts o = {name_rows[i].name, "About, this; feed"};
        size_t len;
        char *out = render(c, NULL, 0, &o, &len);
        char want[128];
        snprintf(want, sizeof want, "\r\n%s\r\n", name_rows[i].calname_line);
        cr_assert_not_null(strstr(out, want), "row %zu: want %s in\n%s", i, want, out);
        snprintf(want, sizeof want, "\r\n%s\r\n", name_rows[i].name_line);
        cr_assert_not_null(strstr(out, want), "row %zu: want %s in\n%s", i, want, out);
        cr_assert_not_null(strstr(out, "\r\nDESCRIPTION:About\\, this\\; feed\r\n"));
        icalcomponent *cal = parse(out);
        cr_assert_eq(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 1);
        icalcomponent_free(cal);
        free(out);
    }
    chr_chron_free(c);
}

/* ------------------------------------------------------------- text */

Test(ical, description_gives_the_evidence)
{
    chr_chron *c = chron_of(three, 3);
    size_t len;
    char *out = render(c, NULL, 0, NULL, &len);
    icalcomponent *cal = parse(out);
    size_t seen = 0;
    for (size_t i = 0; i < chr_chron_event_count(c); i++) {
        const chr_event *e = chr_chron_event(c, i);
        for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
             ev != NULL; ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
            if (strncmp(icalcomponent_get_uid(ev), e->id, 16) != 0)
                continue;
            seen++;
            const char *d = icalcomponent_get_description(ev);
            for (size_t k = 0; k < e->nsources; k++) {
                const chr_mention *m = &e->sources[k];
                char dct[11], want[256];
                chr_day_format(m->dct, dct);
                snprintf(want, sizeof want,
                         "%s\n\xE2\x80\x94 %s (DCT %s), date text: '%s'",
                         m->sentence, m->doc, dct, m->date_text);
                cr_assert_not_null(strstr(d, want), "want\n%s\nin\n%s", want, d);
            }
            cr_assert_eq(strstr(d, "Status: planned") != NULL,
                         e->status == CHR_PLANNED, "%s", d);
            for (size_t k = 0; k < e->nconflicts; k++)
                cr_assert_not_null(strstr(d, e->conflicts[k].value), "%s", d);
        }
    }
    cr_assert_eq(seen, 3);
    /* Newlines in DESCRIPTION go out escaped, inside one content line. */
    char *flat = unfold(out);
    cr_assert_not_null(strstr(flat, "\\n\xE2\x80\x94 a.txt (DCT 2019-03-10)\\, date text:"),
                       "%s", flat);
    free(flat);
    icalcomponent_free(cal);
    free(out);
    chr_chron_free(c);
}

/* The line under each sentence, for what a source may lack. */
static const struct {
    const char *dct, *date_text, *want;
} source_rows[] = {
    {"2019-03-10", "in March 2019",
     "\n\xE2\x80\x94 news.txt (DCT 2019-03-10), date text: 'in March 2019'"},
    {NULL, "in March 2019",
     "\n\xE2\x80\x94 news.txt (no DCT), date text: 'in March 2019'"},
    {"2019-03-10", NULL, "\n\xE2\x80\x94 news.txt (DCT 2019-03-10)"},
};

Test(ical, source_line_says_what_is_known)
{
    for (size_t i = 0; i < sizeof source_rows / sizeof source_rows[0]; i++) {
        spec s = base;
        s.dct = source_rows[i].dct;
        s.date_text = source_rows[i].date_text;
        chr_chron *c = chron_of(&s, 1);
        size_t len;
        char *out = render(c, NULL, 0, NULL, &len);
        icalcomponent *cal = parse(out);
        const char *d = icalcomponent_get_description(only_event(cal));
        char want[512];
        snprintf(want, sizeof want, "%s%s", base.sentence, source_rows[i].want);
        cr_assert_str_eq(d, want, "row %zu", i);
        icalcomponent_free(cal);
        free(out);
        chr_chron_free(c);
    }
}

/* Two reports of one opening, one giving the month, one the day: however
 * the chronology merges them, every date it keeps aside is described. */
Test(ical, conflicting_dates_are_described)
{
    static const spec two[] = {
        {"a.txt", "2019-03-10", MTIME, "Huawei opens centre",
         "Huawei opened its centre on 5 March 2019.", "on 5 March 2019",
         "2019-03-05", CHR_EV_OPENING, CHR_OCCURRED},
        {"b.txt", "2019-04-02", MTIME + 60, "Huawei opens centre",
         "Huawei opened its centre in March.", "in March",
         "2019-03", CHR_EV_OPENING, CHR_OCCURRED},
    };
    chr_chron *c = chron_of(two, 2);
    size_t len;
    char *out = render(c, NULL, 0, NULL, &len);
    icalcomponent *cal = parse(out);
    size_t i = 0;
    for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
         ev != NULL; ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT), i++) {
        const chr_event *e = chr_chron_event(c, i);
        const char *d = icalcomponent_get_description(ev);
        cr_assert_eq(strstr(d, "Other dates given: ") != NULL, e->nconflicts > 0, "%s", d);
        for (size_t k = 0; k < e->nconflicts; k++)
            cr_assert_not_null(strstr(d, e->conflicts[k].value), "%s", d);
    }
    cr_assert_eq(i, chr_chron_event_count(c));
    icalcomponent_free(cal);
    free(out);
    chr_chron_free(c);
}

/* Text that needs escaping comes back from a parser unchanged. */
static const struct {
    const char *title, *escaped;
} escape_rows[] = {
    {"Ban on A, B and C", "SUMMARY:Ban on A\\, B and C"},
    {"Court rules; appeal filed", "SUMMARY:Court rules\\; appeal filed"},
    {"Path C:\\data\\x released", "SUMMARY:Path C:\\\\data\\\\x released"},
    {"Quote \"ok\" and colon: fine", "SUMMARY:Quote \"ok\" and colon: fine"},
};

Test(ical, text_is_escaped_and_round_trips)
{
    for (size_t i = 0; i < sizeof escape_rows / sizeof escape_rows[0]; i++) {
        spec s = base;
        s.value = "2019-03-05";
        s.title = escape_rows[i].title;
        s.sentence = escape_rows[i].title;
        chr_chron *c = chron_of(&s, 1);
        size_t len;
        char *out = render(c, NULL, 0, NULL, &len);
        char want[128];
        snprintf(want, sizeof want, "\r\n%s\r\n", escape_rows[i].escaped);
        cr_assert_not_null(strstr(out, want), "row %zu: want %s in\n%s", i, want, out);
        icalcomponent *cal = parse(out);
        icalcomponent *ev = only_event(cal);
        cr_assert_str_eq(icalcomponent_get_summary(ev), escape_rows[i].title, "row %zu", i);
        const char *d = icalcomponent_get_description(ev);
        cr_assert(strncmp(d, escape_rows[i].title, strlen(escape_rows[i].title)) == 0,
                  "row %zu: %s", i, d);
        icalcomponent_free(cal);
        free(out);
        chr_chron_free(c);
    }
}

/* Whatever a document holds stays inside the property it was put in. */
static const struct {
    const char *title, *sentence, *doc, *date_text, *summary;
} inject_rows[] = {
    {"Evil\r\nBEGIN:VEVENT\r\nUID:x@evil", "ok", "doc.txt", "March 2019",
     "Evil BEGIN:VEVENT UID:x@evil (March 2019)"},
    {"Fine", "s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR", "doc.txt",
     "March 2019", "Fine (March 2019)"},
    {"Fine", "ok", "bad\nDTSTART:20000101", "March\r\n 2019", "Fine (March 2019)"},
    {"Lone\rCR and\nLF", "tab\there del\x7f bell\x07", "doc.txt", "March 2019",
     "Lone CR and LF (March 2019)"},
    {"\r\n\r\nLeading and trailing\r\n", "ok", "doc.txt", "\n",
     "Leading and trailing (March 2019)"},
    {"Fold\r\n injection", "ok", "doc.txt", "March 2019",
     "Fold injection (March 2019)"},
    /* Blanks at either end would be read back by libical but not by
     * ical.js (test_icaljs.c); an empty title would lose SUMMARY. */
    {"  padded title \t ", " ok ", "doc.txt", " March 2019 ",
     "padded title (March 2019)"},
    {" \r\n ", "ok", "doc.txt", "March 2019", "(untitled) (March 2019)"},
};

Test(ical, documents_cannot_inject_lines)
{
    for (size_t i = 0; i < sizeof inject_rows / sizeof inject_rows[0]; i++) {
        spec s = base;
        s.title = inject_rows[i].title;
        s.sentence = inject_rows[i].sentence;
        s.doc = inject_rows[i].doc;
        s.date_text = inject_rows[i].date_text;
        chr_chron *c = chron_of(&s, 1);
        size_t len;
        char *out = render(c, NULL, 0, NULL, &len);  /* no control bytes */
        size_t begins = 0, ends = 0;
        for (const char *p = out; (p = strstr(p, "\r\nBEGIN:")) != NULL; p++)
            begins++;
        for (const char *p = out; (p = strstr(p, "\r\nEND:")) != NULL; p++)
            ends++;
        cr_assert_eq(begins, 1, "row %zu: extra BEGIN lines\n%s", i, out);
        cr_assert_eq(ends, 2, "row %zu: extra END lines\n%s", i, out);
        cr_assert_null(strstr(out, "\r\nUID:x@evil"), "row %zu", i);
        cr_assert_null(strstr(out, "\r\nDTSTART:2000"), "row %zu", i);
        icalcomponent *cal = parse(out);
        icalcomponent *ev = only_event(cal);
        cr_assert_str_eq(icalcomponent_get_summary(ev), inject_rows[i].summary,
                         "row %zu", i);
        char uid[64];
        snprintf(uid, sizeof uid, "%s@chronicle", chr_chron_event(c, 0)->id);
        cr_assert_str_eq(icalcomponent_get_uid(ev), uid, "row %zu", i);
        icalcomponent_free(cal);
        free(out);
        chr_chron_free(c);
    }
}

/* Long titles of 1- to 4-byte characters, shifted by 0..3 ASCII bytes so
 * every fold position meets every place inside a sequence. */
static const char *const fold_units[] = {
    "a", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
    "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80x", ",;\\",
};

Test(ical, folding_keeps_lines_short_and_characters_whole)
{
    for (size_t u = 0; u < sizeof fold_units / sizeof fold_units[0]; u++) {
        for (size_t shift = 0; shift < 4; shift++) {
            char title[1200];
            size_t n = 0;
            for (size_t k = 0; k < shift; k++)
                title[n++] = 'x';
            size_t ul = strlen(fold_units[u]);
            while (n + ul < 1000) {
                memcpy(title + n, fold_units[u], ul);
                n += ul;
            }
            title[n] = '\0';
            spec s = base;
            s.value = "2019-03-05";
            s.title = title;
            s.sentence = title;
            chr_chron *c = chron_of(&s, 1);
            size_t len;
            char *out = render(c, NULL, 0, NULL, &len);  /* checks the lines */
            icalcomponent *cal = parse(out);
            icalcomponent *ev = only_event(cal);
            cr_assert_str_eq(icalcomponent_get_summary(ev), title,
                             "unit %zu shift %zu", u, shift);
            icalcomponent_free(cal);
            free(out);
            chr_chron_free(c);
        }
    }
}

Test(ical, invalid_utf8_from_a_document_is_replaced)
{
    spec s = base;
    s.title = "Bad \xC3 byte \xFF here";
    chr_chron *c = chron_of(&s, 1);
    size_t len;
    char *out = render(c, NULL, 0, NULL, &len);  /* checks UTF-8 per line */
    icalcomponent *cal = parse(out);
    cr_assert_str_eq(icalcomponent_get_summary(only_event(cal)),
                     "Bad \xEF\xBF\xBD byte \xEF\xBF\xBD here (March 2019)");
    icalcomponent_free(cal);
    free(out);
    chr_chron_free(c);
}

Test(ical, len_may_be_null)
{
    chr_chron *c = chron_of(&base, 1);
    char *out = chr_ical_render(c, NULL, 0, NULL, NULL);
    cr_assert_not_null(out);
    check_lines(out, strlen(out));
    free(out);
    chr_chron_free(c);
}

/* The calendar's DESCRIPTION is one text for every corpus version:
 * clients rewrite every item they store when it changes. */
static char *calendar_description(const chr_chron *c)
{
    size_t len;
    char *out = render(c, NULL, 0, NULL, &len);
    icalcomponent *cal = parse(out);
    /* icalcomponent_get_description would look inside the VEVENT. */
    icalproperty *p = icalcomponent_get_first_property(cal, ICAL_DESCRIPTION_PROPERTY);
    cr_assert_not_null(p);
    char *d = strdup(icalproperty_get_description(p));
    icalcomponent_free(cal);
    free(out);
    return d;
}

Test(ical, default_description_stays_across_versions)
{
    chr_chron *c1 = chron_of(&base, 1), *c2 = chron_of(three, 3);
    cr_assert_str_neq(chr_chron_version(c1), chr_chron_version(c2));
    char *d1 = calendar_description(c1), *d2 = calendar_description(c2);
    cr_expect_str_eq(d1, d2);
    cr_expect_null(strstr(d1, chr_chron_version(c1)), "%s", d1);
    cr_expect_not_null(strstr(d1, "chronicle"), "%s", d1);
    free(d1);
    free(d2);
    chr_chron_free(c1);
    chr_chron_free(c2);
}

Test(ical, each_event_links_to_the_page)
{
    chr_chron *c = chron_of(three, 3);
    chr_ical_opts o = {NULL, NULL, "http://127.0.0.1:8080/"};
    size_t len;
    char *out = render(c, NULL, 0, &o, &len);
    icalcomponent *cal = parse(out);
    size_t n = 0;
    for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
         ev != NULL; ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        icalproperty *u = icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY);
        cr_assert_not_null(u, "a VEVENT without URL");
        char want[128];
        snprintf(want, sizeof want, "http://127.0.0.1:8080/#e-%.16s", icalcomponent_get_uid(ev));
        cr_expect_str_eq(icalproperty_get_url(u), want);
        n++;
    }
    cr_expect_eq(n, chr_chron_event_count(c));
    icalcomponent_free(cal);
    free(out);
    /* without a page, no URL */
    out = render(c, NULL, 0, NULL, &len);
    cr_expect_null(strstr(out, "\r\nURL:"));
    free(out);
    chr_chron_free(c);
}
