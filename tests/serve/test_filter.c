/* test_filter.c - feed query parameters: parsing, errors, matching,
 * canonical keys, paging. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "chronicle/chron.h"
#include "chronicle/filter.h"
#include "testutil.h"

#define ALL (CHR_FILTER_PAGING | CHR_FILTER_FORMAT)

/* ---- queries that parse, with the canonical key they must give ---- */

static const struct {
    const char *query;
    unsigned allow;
    const char *key;
} good[] = {
    {"", 0, ""},
    {"type=ban", 0, "type=ban"},
    {"type=law,ban", 0, "type=ban,law"},
    {"type=ban&type=law", 0, "type=ban,law"},
    {"type=law&type=ban,law", 0, "type=ban,law"},
    {"type=meeting,ban,opening,law,arrest,legal_action,report,statement,"
     "policy,other", 0, ""},
    {"actor=Huawei&actor=huawei", 0, "actor=huawei"},
    {"actor=ZTE&actor=Huawei", 0, "actor=huawei,zte"},
    {"actor=Huawei+Technologies", 0, "actor=huawei%20technologies"},
    {"doc=b.txt&doc=a.txt", 0, "doc=a.txt,b.txt"},
    {"doc=a%26b%3Dc.txt", 0, "doc=a%26b%3Dc.txt"},
    {"q=Transparency+Center", 0, "q=transparency%20center"},
    {"q=%C3%A9t%C3%A9", 0, "q=%C3%A9t%C3%A9"},
    {"from=2019-03", 0, "from=2019-03"},
    {"from=2019-03&to=2019", 0, "from=2019-03&to=2019"},
    {"to=2019&from=2019-03", 0, "from=2019-03&to=2019"},
    {"from=2019-W09", 0, "from=2019-W09"},
    {"from=2019-03-05&to=2019-03-05", 0, "from=2019-03-05&to=2019-03-05"},
    {"from=2019-Q1", 0, "from=2019-Q1"},
    {"precision=day", 0, "precision=day"},
    {"precision=week", 0, "precision=week"},
    {"precision=month", 0, "precision=month"},
    {"precision=year", 0, "precision=year"},
    {"limit=10&offset=5", ALL, "limit=10&offset=5"},
    {"limit=0", ALL, "limit=0"},
    {"offset=0", ALL, ""},
    {"format=timeline", ALL, ""},
    {"format=vis", ALL, "format=vis"},
    {"format=timelinejs&type=ban", ALL, "type=ban&format=timelinejs"},
    {"&&type=ban&", 0, "type=ban"},
    {"top=10&min_salience=50", 0, "min_salience=50&top=10"},
    {"min_salience=0", 0, ""},
};

Test(filter, parses_good_queries_to_canonical_keys)
{
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        chr_filter f;
        chr_error err;
        chr_filter_init(&f);
        chr_error_clear(&err);
        int rc = chr_filter_parse(&f, good[i].query, strlen(good[i].query),
                                  good[i].allow, &err);
        cr_assert_eq(rc, 0, "row %zu '%s': %s: %s", i, good[i].query,
                     err.file, err.msg);
        size_t len;
        char *key = chr_filter_key(&f, &len);
        cr_assert_not_null(key);
        cr_expect_str_eq(key, good[i].key, "row %zu '%s'", i, good[i].query);
        cr_expect_eq(len, strlen(key));
        cr_expect_eq(chr_filter_is_all(&f), good[i].key[0] == '\0',
                     "row %zu", i);
        free(key);
        chr_filter_clear(&f);
    }
}

/* ---- bad queries: which parameter is blamed and what the message says */

static const struct {
    const char *query;
    unsigned allow;
    const char *param;
    chr_status code;
    const char *says;
} bad[] = {
    {"from=2019-13", 0, "from", CHR_EINVAL, "'2019-13' is not a date"},
    {"from=yesterday", 0, "from", CHR_EINVAL, "expected a TIMEX3 value"},
    {"to=2019-02-30", 0, "to", CHR_EINVAL, "not a date"},
    {"from=", 0, "from", CHR_EINVAL, "empty"},
    {"from=2019-03&to=2018", 0, "to", CHR_EINVAL, "ends before from"},
    {"from=2019&from=2020", 0, "from", CHR_EINVAL, "more than once"},
    {"type=party", 0, "type", CHR_EINVAL, "'party' is not an event type"},
    {"type=party", 0, "type", CHR_EINVAL, "legal_action"},
    {"type=ban,,law", 0, "type", CHR_EINVAL, "not an event type"},
    {"type=", 0, "type", CHR_EINVAL, "not an event type"},
    {"type=BAN", 0, "type", CHR_EINVAL, "not an event type"},
    {"actor=", 0, "actor", CHR_EINVAL, "empty"},
    {"doc=", 0, "doc", CHR_EINVAL, "empty"},
    {"q=", 0, "q", CHR_EINVAL, "empty"},
    {"q=a&q=b", 0, "q", CHR_EINVAL, "more than once"},
    {"q=%zz", 0, "q", CHR_EINVAL, "two hex digits"},
    {"q=abc%4", 0, "q", CHR_EINVAL, "two hex digits"},
    {"q=%0Aevil", 0, "q", CHR_EINVAL, "control byte 0x0A"},
    {"q=%7F", 0, "q", CHR_EINVAL, "control byte"},
    {"q=%FF", 0, "q", CHR_EINVAL, "UTF-8"},
    {"q=%C3", 0, "q", CHR_EINVAL, "UTF-8"},
    {"q=%ED%A0%80", 0, "q", CHR_EINVAL, "UTF-8"},
    {"precision=fortnight", 0, "precision", CHR_EINVAL, "not a precision"},
    {"precision=none", 0, "precision", CHR_EINVAL, "not a precision"},
    {"precision=Day", 0, "precision", CHR_EINVAL, "not a precision"},
    {"limit=-1", ALL, "limit", CHR_EINVAL, "'-1' is not a count"},
    {"limit=abc", ALL, "limit", CHR_EINVAL, "not a count"},
    {"limit=100001", ALL, "limit", CHR_EINVAL, "0 to 100000"},
    {"limit=1.5", ALL, "limit", CHR_EINVAL, "not a count"},
    {"limit=99999999999", ALL, "limit", CHR_EINVAL, "not a count"},
    {"offset=1e3", ALL, "offset", CHR_EINVAL, "not an offset"},
    {"offset=+3", ALL, "offset", CHR_EINVAL, "not an offset"},
    {"limit=5", 0, "limit", CHR_EINVAL, "not accepted"},
    {"offset=5", CHR_FILTER_FORMAT, "offset", CHR_EINVAL, "not accepted"},
    {"format=xml", ALL, "format", CHR_EINVAL, "'xml' is not a format"},
    {"format=vis", CHR_FILTER_PAGING, "format", CHR_EINVAL, "not accepted"},
    {"colour=red", 0, "query", CHR_EINVAL, "unknown parameter 'colour'"},
    {"top=0", 0, "top", CHR_EINVAL, "1 to 100000"},
    {"top=100001", 0, "top", CHR_EINVAL, "not a count"},
    {"top=ten", 0, "top", CHR_EINVAL, "not a count"},
    {"min_salience=101", 0, "min_salience", CHR_EINVAL, "0 to 100"},
    {"min_salience=0.5", 0, "min_salience", CHR_EINVAL, "not a salience"},
    {"min_salience=1&min_salience=2", 0, "min_salience", CHR_EINVAL, "more than once"},
    {"Type=ban", 0, "query", CHR_EINVAL, "unknown parameter"},
    {"type", 0, "type", CHR_EINVAL, "not an event type"},
    {"=ban", 0, "query", CHR_EINVAL, "unknown parameter"},
};

Test(filter, rejects_bad_values_naming_the_parameter)
{
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        chr_filter f;
        chr_error err;
        chr_filter_init(&f);
        chr_error_clear(&err);
        int rc = chr_filter_parse(&f, bad[i].query, strlen(bad[i].query),
                                  bad[i].allow, &err);
        cr_assert_eq(rc, bad[i].code, "row %zu '%s': rc %d", i,
                     bad[i].query, rc);
        cr_expect_str_eq(err.file, bad[i].param, "row %zu '%s'", i,
                         bad[i].query);
        cr_expect(strstr(err.msg, bad[i].says) != NULL,
                  "row %zu '%s': message '%s' lacks '%s'", i, bad[i].query,
                  err.msg, bad[i].says);
        cr_expect(chr_filter_is_all(&f), "row %zu: filter not cleared", i);
    }
}

Test(filter, bounds_what_a_client_sends)
{
    char q[CHR_FILTER_MAX_QUERY + 64];
    chr_filter f;
    chr_error err;

    /* Too many values of one parameter. */
    size_t o = 0;
    for (unsigned i = 0; i <= CHR_FILTER_MAX_VALUES; i++)
        o += (size_t)snprintf(q + o, sizeof q - o, "%sactor=a%u",
                              i ? "&" : "", i);
    chr_filter_init(&f);
    chr_error_clear(&err);
    cr_expect_eq(chr_filter_parse(&f, q, o, 0, &err), CHR_ETOOBIG);
    cr_expect_str_eq(err.file, "actor");

    /* A value longer than the limit. */
    memcpy(q, "q=", 2);
    memset(q + 2, 'x', CHR_FILTER_MAX_TEXT + 1);
    chr_filter_init(&f);
    chr_error_clear(&err);
    cr_expect_eq(chr_filter_parse(&f, q, CHR_FILTER_MAX_TEXT + 3, 0, &err),
                 CHR_ETOOBIG);
    cr_expect_str_eq(err.file, "q");

    /* Exactly the limit is fine. */
    chr_filter_init(&f);
    chr_error_clear(&err);
    cr_expect_eq(chr_filter_parse(&f, q, CHR_FILTER_MAX_TEXT + 2, 0, &err), 0);
    chr_filter_clear(&f);

    /* The whole query string. */
    memset(q, '&', sizeof q);
    chr_filter_init(&f);
    chr_error_clear(&err);
    cr_expect_eq(chr_filter_parse(&f, q, CHR_FILTER_MAX_QUERY + 1, 0, &err),
                 CHR_ETOOBIG);
    cr_expect_str_eq(err.file, "query");
    chr_filter_init(&f);
    cr_expect_eq(chr_filter_parse(&f, NULL, 0, 0, NULL), 0);
}

/* Long bad values are quoted cut at a character boundary so the message
 * stays valid UTF-8. */
Test(filter, quotes_are_cut_on_character_boundaries)
{
    char q[256] = "from=";
    for (int i = 0; i < 30; i++)
        strcat(q, "%C3%A9");                /* e-acute, two bytes each */
    chr_filter f;
    chr_error err;
    chr_filter_init(&f);
    chr_error_clear(&err);
    cr_assert_eq(chr_filter_parse(&f, q, strlen(q), 0, &err), CHR_EINVAL);
    const char *s = strstr(err.msg, "'");
    cr_assert_not_null(s);
    const char *e = strstr(s + 1, "...'");
    cr_assert_not_null(e, "message: %s", err.msg);
    cr_expect_eq((e - s - 1) % 2, 0, "cut inside a character: %s", err.msg);
}

/* ---- matching, on events built by hand ---- */

static char *actors_huawei[] = {"Huawei"};
static char *actors_us[] = {"US Commerce Department"};

static chr_mention src_open = {
    .type = CHR_EV_OPENING, .doc = "001.txt",
    .sentence = "5G kit maker Huawei opened a Cyber Security Transparency "
                "center in Brussels yesterday."};
static chr_mention src_ban = {
    .type = CHR_EV_BAN, .doc = "002.txt",
    .sentence = "The United States banned the sale of equipment."};
static chr_mention src_law = {
    .type = CHR_EV_LAW, .doc = "003.txt",
    .sentence = "The National Intelligence Law was passed."};

static void events(chr_event ev[3])
{
    memset(ev, 0, 3 * sizeof *ev);
    ev[0].type = CHR_EV_OPENING;
    ev[0].title = "Huawei opens transparency centre";
    chr_date_day(&ev[0].date, 2019, 3, 5);
    ev[0].actors = actors_huawei;
    ev[0].nactors = 1;
    ev[0].sources = &src_open;
    ev[0].nsources = 1;
    ev[1].type = CHR_EV_BAN;
    ev[1].title = "US ban on equipment";
    chr_date_month(&ev[1].date, 2019, 5);
    ev[1].actors = actors_us;
    ev[1].nactors = 1;
    ev[1].sources = &src_ban;
    ev[1].nsources = 1;
    ev[2].type = CHR_EV_LAW;
    ev[2].title = NULL;                     /* untitled still matches */
    chr_date_year(&ev[2].date, 2017);
    ev[2].sources = &src_law;
    ev[2].nsources = 1;
}

/* want: bit i set when event i must match. */
static const struct {
    const char *query;
    unsigned want;
} matches[] = {
    {"", 7},
    {"from=2019-03-05", 3},
    {"from=2019-03-06", 2},
    {"to=2019-03-04", 4},
    {"to=2019-03-05", 5},
    {"from=2019-04", 2},
    {"from=2019-05-20&to=2019-05-21", 2},   /* inside the month: overlaps */
    {"from=2017-06&to=2017-06", 4},
    {"from=2016&to=2018", 4},
    {"from=2019-W10", 3},                   /* 2019-03-04..10: opening too */
    {"from=2019-W10&to=2019-W10", 1},
    {"from=2019-Q1", 3},
    {"to=2019-Q1", 5},
    {"type=opening,law", 5},
    {"type=ban", 2},
    {"type=arrest", 0},
    {"actor=huawei", 1},
    {"actor=HUAWEI&actor=nobody", 1},
    {"actor=Huawe", 0},                     /* whole names only */
    {"doc=003.txt", 4},
    {"doc=001.txt&doc=002.txt", 3},
    {"doc=001", 0},
    {"q=BRUSSELS", 1},
    {"q=banned", 2},
    {"q=transparency+centre", 1},           /* the title */
    {"q=intelligence+law", 4},              /* the evidence */
    {"q=zzz", 0},
    {"precision=day", 1},
    {"precision=week", 1},
    {"precision=month", 3},
    {"precision=year", 7},
    {"precision=minute", 0},
    {"type=opening&actor=Huawei&q=brussels&precision=day&from=2019", 1},
    {"type=opening&actor=US+Commerce+Department", 0},
};

Test(filter, matches_events_by_every_parameter)
{
    chr_event ev[3];
    events(ev);
    for (size_t i = 0; i < sizeof matches / sizeof matches[0]; i++) {
        chr_filter f;
        chr_error err;
        chr_filter_init(&f);
        chr_error_clear(&err);
        cr_assert_eq(chr_filter_parse(&f, matches[i].query,
                                      strlen(matches[i].query), 0, &err), 0,
                     "row %zu: %s: %s", i, err.file, err.msg);
        unsigned got = 0;
        for (unsigned k = 0; k < 3; k++)
            if (chr_filter_match(&f, &ev[k]))
                got |= 1u << k;
        cr_expect_eq(got, matches[i].want, "row %zu '%s': got %u want %u", i,
                     matches[i].query, got, matches[i].want);
        chr_filter_clear(&f);
    }
}

/* ---- apply on a real chronology: order, paging, counts ---- */

static chr_chron *small_chron(void)
{
    static const tu_row rows[] = {
        {"a.txt", 2019, 3, 5, CHR_EV_OPENING, "Centre opens in Brussels"},
        {"a.txt", 2019, 1, 11, CHR_EV_MEETING, "Commission meets Huawei"},
        {"b.txt", 2018, 12, 1, CHR_EV_ARREST, "Executive arrested"},
        {"b.txt", 2019, 5, 15, CHR_EV_BAN, "Equipment banned"},
        {"b.txt", 2019, 7, 3, CHR_EV_STATEMENT, "Company says more"},
    };
    chr_chron *c = tu_chron(rows, sizeof rows / sizeof rows[0], 50, 0);
    cr_assert_not_null(c);
    return c;
}

static const struct {
    const char *query;
    size_t n, matched;
    const char *first;      /* date of the first kept event */
} pages[] = {
    {"", 5, 5, "2018-12-01"},
    {"limit=2", 2, 5, "2018-12-01"},
    {"offset=2", 3, 5, "2019-03-05"},
    {"offset=4&limit=10", 1, 5, "2019-07-03"},
    {"offset=5", 0, 5, NULL},
    {"limit=0", 0, 5, NULL},
    {"from=2019&limit=2&offset=1", 2, 4, "2019-03-05"},
    {"doc=b.txt", 3, 3, "2018-12-01"},
    {"type=meeting", 1, 1, "2019-01-11"},
    {"q=nothing", 0, 0, NULL},
    /* salience: the four acts of a lede 60 each, the statement 48 */
    {"top=1", 1, 1, "2018-12-01"},
    {"top=4", 4, 4, "2018-12-01"},
    {"top=4&offset=3", 1, 4, "2019-05-15"},
    {"top=2&type=statement", 1, 1, "2019-07-03"},
    {"min_salience=50", 4, 4, "2018-12-01"},
    {"min_salience=61", 0, 0, NULL},
};

Test(filter, applies_in_chronology_order_with_paging)
{
    chr_chron *c = small_chron();
    cr_assert_eq(chr_chron_event_count(c), 5);
    /* one document each, in the lede, to the day: 0 + 20 + type + 20 */
    for (size_t i = 0; i < 5; i++) {
        const chr_event *e = chr_chron_event(c, i);
        cr_expect_eq(e->salience, e->type == CHR_EV_STATEMENT ? 48 : 60, "%s", e->title);
    }
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        chr_filter f;
        chr_error err;
        chr_filter_init(&f);
        chr_error_clear(&err);
        cr_assert_eq(chr_filter_parse(&f, pages[i].query,
                                      strlen(pages[i].query),
                                      CHR_FILTER_PAGING, &err), 0);
        size_t *idx, n, matched;
        cr_assert_eq(chr_filter_apply(&f, c, &idx, &n, &matched, NULL), 0);
        cr_expect_eq(n, pages[i].n, "row %zu '%s': n %zu", i,
                     pages[i].query, n);
        cr_expect_eq(matched, pages[i].matched, "row %zu", i);
        for (size_t k = 1; k < n; k++)
            cr_expect_lt(idx[k - 1], idx[k], "row %zu: out of order", i);
        if (pages[i].first != NULL && n > 0) {
            const chr_event *e = chr_chron_event(c, idx[0]);
            char day[11];
            chr_day_format(e->date.first, day);
            cr_expect_str_eq(day, pages[i].first, "row %zu", i);
        }
        free(idx);
        chr_filter_clear(&f);
    }
    chr_chron_free(c);
}

/* ---- hostile input: random bytes never crash and always either parse or
 * name a parameter ---- */

Test(filter, survives_random_queries)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz=&%+,0123456789"
                                   "ABCDEF-_.\x01\x7f\xc3\xa9\xff ";
    uint64_t seed = 0x243F6A8885A308D3u;
    char q[300];
    for (int round = 0; round < 3000; round++) {
        size_t len = (size_t)(round % 64) * 4 % sizeof q;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            q[i] = alphabet[(seed >> 33) % (sizeof alphabet - 1)];
        }
        /* Seed real parameter names now and then. */
        if (round % 3 == 0 && len > 10)
            memcpy(q, "type=", 5);
        if (round % 5 == 0 && len > 10)
            memcpy(q, "q=", 2);
        chr_filter f;
        chr_error err;
        chr_filter_init(&f);
        chr_error_clear(&err);
        int rc = chr_filter_parse(&f, q, len, ALL, &err);
        if (rc != 0) {
            cr_assert_neq(err.file[0], '\0', "round %d: no parameter", round);
            cr_assert_neq(err.msg[0], '\0', "round %d: no message", round);
        } else {
            char *key = chr_filter_key(&f, NULL);
            cr_assert_not_null(key);
            free(key);
        }
        chr_filter_clear(&f);
    }
}
