/* test_chron.c - merging, ordering, stable ids, order independence. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "chronicle/chron.h"
#include "chronicle/json.h"

static chr_mention mk(const char *doc, uint32_t off, chr_event_type type, const char *date,
                      const char *title, const char *a1, const char *a2)
{
    chr_mention m;
    memset(&m, 0, sizeof m);
    m.type = type;
    m.doc = strdup(doc);
    m.offset = off;
    m.length = 40;
    m.sentence = strdup(title);
    m.title = strdup(title);
    m.trigger = strdup("x");
    m.date_text = strdup(date);
    m.date_offset = off + 5;
    m.date_length = 4;
    cr_assert_eq(chr_date_parse(date, strlen(date), &m.date), 0);
    m.anchor = CHR_ANCHOR_ABSOLUTE;
    m.dct = CHR_NO_DAY;
    size_t n = (a1 != NULL) + (a2 != NULL);
    m.actors = calloc(n ? n : 1, sizeof *m.actors);
    if (a1)
        m.actors[m.nactors++] = strdup(a1);
    if (a2)
        m.actors[m.nactors++] = strdup(a2);
    return m;
}

static chr_chron *build(const chr_mention *ms, size_t n, const size_t *order)
{
    chr_chron *c = chr_chron_new();
    for (size_t i = 0; i < n; i++) {
        chr_mention m;
        cr_assert_eq(chr_mention_copy(&m, &ms[order ? order[i] : i]), 0);
        cr_assert_eq(chr_chron_add_mention(c, &m, NULL), 0);
    }
    cr_assert_eq(chr_chron_build(c, NULL), 0);
    return c;
}

static chr_mention sample[6];
static void setup(void)
{
    sample[0] = mk("a.txt", 100, CHR_EV_OPENING, "2019-03-05", "Huawei opened a center in Brussels", "Huawei", "Brussels");
    sample[1] = mk("b.txt", 900, CHR_EV_OPENING, "2019-03-05", "opening of the Huawei Brussels center", "Huawei", "Brussels");
    sample[2] = mk("b.txt", 50, CHR_EV_MEETING, "2019-03-05", "Ansip and Hu met", "Andrus Ansip", "Hu");
    sample[3] = mk("a.txt", 400, CHR_EV_OPENING, "2010", "we opened the evaluation centre", "HCSEC", "UK");
    sample[4] = mk("c.txt", 10, CHR_EV_OPENING, "2019-03", "Huawei opened its Brussels center", "Huawei", "Brussels");
    sample[5] = mk("c.txt", 300, CHR_EV_BAN, "2019-05", "added to the entity list", "Commerce Department", NULL);
}
static void teardown(void)
{
    for (size_t i = 0; i < 6; i++)
        chr_mention_clear(&sample[i]);
}

Test(chron, merges_same_event_across_documents, .init = setup, .fini = teardown)
{
    chr_chron *c = build(sample, 6, NULL);
    /* a, b and c's openings of the Brussels centre are one event; the
     * month-precise mention lies inside the day */
    size_t opening = (size_t)-1;
    for (size_t i = 0; i < chr_chron_event_count(c); i++) {
        const chr_event *e = chr_chron_event(c, i);
        if (e->type == CHR_EV_OPENING && strcmp(e->date.value, "2019-03-05") == 0)
            opening = i;
    }
    cr_assert_neq(opening, (size_t)-1);
    const chr_event *e = chr_chron_event(c, opening);
    cr_assert_eq(e->nsources, 3);
    cr_assert_eq(e->nconflicts, 1);
    cr_assert_str_eq(e->conflicts[0].value, "2019-03");
    cr_assert_eq(chr_chron_event_count(c), 4);
    chr_chron_free(c);
}

/* Events of different types (so none merge), given out of order: sorted
 * by first day, and of equal first days the finer first. */
Test(chron, sorted_by_start_then_precision)
{
    chr_mention ms[] = {
        mk("a.txt", 10, CHR_EV_LAW, "2019", "law passed", NULL, NULL),
        mk("a.txt", 20, CHR_EV_MEETING, "2019-01", "ministers met", NULL, NULL),
        mk("a.txt", 30, CHR_EV_BAN, "2019-01-01", "goods banned", NULL, NULL),
        mk("a.txt", 40, CHR_EV_REPORT, "2018-12-31", "report published", NULL, NULL),
        mk("a.txt", 50, CHR_EV_ARREST, "2019-W01", "man arrested", NULL, NULL),
    };
    static const char *const want[] = {"2018-12-31", "2019-W01", "2019-01-01", "2019-01", "2019"};
    const size_t n = sizeof ms / sizeof ms[0];
    chr_chron *c = build(ms, n, NULL);
    cr_assert_eq(chr_chron_event_count(c), n);
    for (size_t i = 0; i < n; i++)
        cr_expect_str_eq(chr_chron_event(c, i)->date.value, want[i], "event %zu", i);
    chr_chron_free(c);
    for (size_t i = 0; i < n; i++)
        chr_mention_clear(&ms[i]);
}

Test(chron, result_does_not_depend_on_input_order, .init = setup, .fini = teardown)
{
    static const size_t orders[][6] = {{0, 1, 2, 3, 4, 5}, {5, 4, 3, 2, 1, 0}, {2, 0, 5, 1, 3, 4}};
    char ids[3][8][17];
    size_t counts[3];
    for (size_t k = 0; k < 3; k++) {
        chr_chron *c = build(sample, 6, orders[k]);
        counts[k] = chr_chron_event_count(c);
        for (size_t i = 0; i < counts[k]; i++)
            strcpy(ids[k][i], chr_chron_event(c, i)->id);
        chr_chron_free(c);
    }
    for (size_t k = 1; k < 3; k++) {
        cr_assert_eq(counts[k], counts[0]);
        for (size_t i = 0; i < counts[0]; i++)
            cr_assert_str_eq(ids[k][i], ids[0][i]);
    }
}

Test(chron, ids_ignore_offsets, .init = setup, .fini = teardown)
{
    chr_chron *c1 = build(sample, 6, NULL);
    /* an edit earlier in every document moves all offsets */
    for (size_t i = 0; i < 6; i++) {
        sample[i].offset += 77;
        sample[i].date_offset += 77;
    }
    chr_chron *c2 = build(sample, 6, NULL);
    cr_assert_eq(chr_chron_event_count(c1), chr_chron_event_count(c2));
    for (size_t i = 0; i < chr_chron_event_count(c1); i++)
        cr_assert_str_eq(chr_chron_event(c1, i)->id, chr_chron_event(c2, i)->id);
    cr_assert_neq(chr_chron_find(c1, chr_chron_event(c1, 0)->id), (size_t)-1);
    chr_chron_free(c1);
    chr_chron_free(c2);
}

Test(chron, duplicates_count_once, .init = setup, .fini = teardown)
{
    static const size_t twice[12] = {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5};
    chr_chron *c = chr_chron_new();
    for (size_t i = 0; i < 12; i++) {
        chr_mention m;
        chr_mention_copy(&m, &sample[twice[i]]);
        chr_chron_add_mention(c, &m, NULL);
    }
    chr_chron_build(c, NULL);
    cr_assert_eq(chr_chron_event_count(c), 4);
    chr_chron_free(c);
}

Test(chron, different_events_stay_apart)
{
    chr_mention m[2];
    m[0] = mk("a.txt", 10, CHR_EV_STATEMENT, "2019-W09", "made a plea at the congress", "Guo Ping", NULL);
    m[1] = mk("a.txt", 500, CHR_EV_STATEMENT, "2019-W09", "speaking at the fair the commissioner", "Mariya Gabriel", NULL);
    chr_chron *c = build(m, 2, NULL);
    cr_assert_eq(chr_chron_event_count(c), 2);
    chr_chron_free(c);
    chr_mention_clear(&m[0]);
    chr_mention_clear(&m[1]);
}

/* Two statements of one day in one document are one only when they have
 * a speaker in common, a whole name, not a word of one ("Acme" and "Acme
 * CEO Jane Roe"). */
Test(chron, statements_of_a_day_need_a_speaker_in_common)
{
    static const struct {
        const char *a1, *a2;
        size_t events;
    } rows[] = {
        {"CEO Jane Roe", "Acme CEO Jane Roe", 1},
        {"Jane Roe", "Jane Roe", 1},
        {"Acme", "Acme CEO Jane Roe", 2},
        {NULL, "Jane Roe", 2},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        chr_mention m[2];
        m[0] = mk("a.txt", 10, CHR_EV_STATEMENT, "2019-03-05", "announced the new widget range",
                  rows[i].a1, NULL);
        m[1] = mk("a.txt", 500, CHR_EV_STATEMENT, "2019-03-05", "announced the widget price cut",
                  rows[i].a2, NULL);
        chr_chron *c = build(m, 2, NULL);
        cr_expect_eq(chr_chron_event_count(c), rows[i].events, "row %zu: %zu events", i,
                     chr_chron_event_count(c));
        chr_chron_free(c);
        chr_mention_clear(&m[0]);
        chr_mention_clear(&m[1]);
    }
}

Test(chron, documents_and_version)
{
    chr_chron *c = chr_chron_new();
    chr_docinfo d = {.name = "x.txt", .sha256 = "", .mtime = 1000, .dct = CHR_NO_DAY};
    memset(d.sha256, 'a', 64);
    cr_assert_eq(chr_chron_add_doc(c, &d, NULL), 0);
    cr_assert_eq(chr_chron_add_doc(c, &d, NULL), 0); /* same again: fine */
    chr_docinfo other = d;
    memset(other.sha256, 'b', 64);
    chr_error err = {0};
    cr_assert_neq(chr_chron_add_doc(c, &other, &err), 0);
    cr_assert(strstr(err.msg, "two different documents") != NULL);
    chr_chron_build(c, NULL);
    cr_assert_eq(chr_chron_doc_count(c), 1);
    cr_assert_eq(strlen(chr_chron_version(c)), 64);
    cr_assert_eq(chr_chron_generated(c), 1000);
    chr_chron_free(c);
}

Test(chron, many_mentions_build)
{
    /* 20,000 mentions on 2,000 days: the sweep keeps this fast */
    chr_chron *c = chr_chron_new();
    for (int i = 0; i < 20000; i++) {
        char doc[32], date[16], title[64];
        snprintf(doc, sizeof doc, "d%05d.txt", i / 10);
        int day = i % 2000;
        snprintf(date, sizeof date, "%04d-%02d-%02d", 2000 + day / 300, day % 12 + 1, day % 28 + 1);
        snprintf(title, sizeof title, "event number %d", i % 97);
        chr_mention m = mk(doc, (uint32_t)(i % 10) * 100, (chr_event_type)(i % CHR_EV_NTYPES), date, title, "Org", NULL);
        chr_chron_add_mention(c, &m, NULL);
    }
    cr_assert_eq(chr_chron_build(c, NULL), 0);
    cr_assert_gt(chr_chron_event_count(c), 100);
    /* ids unique */
    for (size_t i = 1; i < chr_chron_event_count(c) && i < 3000; i++)
        for (size_t j = i > 50 ? i - 50 : 0; j < i; j++)
            cr_assert_str_neq(chr_chron_event(c, i)->id, chr_chron_event(c, j)->id);
    chr_chron_free(c);
}

Test(chron, ids_unique_when_many_share_type_date_and_words)
{
    /* forty statements of one day in one document with no speaker named
     * are forty events (no speaker in common), whose ids would all be
     * one: type, date and words are the same */
    chr_chron *c = chr_chron_new();
    for (int i = 0; i < 40; i++) {
        chr_mention m = mk("d.txt", (uint32_t)i * 100, CHR_EV_STATEMENT, "2019-03-05",
                           "the plan was welcomed", NULL, NULL);
        cr_assert_eq(chr_chron_add_mention(c, &m, NULL), 0);
    }
    cr_assert_eq(chr_chron_build(c, NULL), 0);
    size_t n = chr_chron_event_count(c);
    cr_assert_gt(n, 2);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            cr_assert_str_neq(chr_chron_event(c, i)->id, chr_chron_event(c, j)->id,
                              "events %zu and %zu share id %s", j, i, chr_chron_event(c, i)->id);
    chr_chron_free(c);
}

Test(chron, set_identity, .init = setup, .fini = teardown)
{
    chr_chron *c = build(sample, 6, NULL);
    const chr_event *e = chr_chron_event(c, 0);
    int64_t mod = e->modified;
    cr_assert_eq(chr_chron_set_identity(c, 0, "0123456789abcdef", 3, CHR_NO_DAY), 0);
    cr_assert_str_eq(chr_chron_event(c, 0)->id, "0123456789abcdef");
    cr_assert_eq(chr_chron_event(c, 0)->sequence, 3);
    cr_assert_eq(chr_chron_event(c, 0)->modified, mod);
    cr_assert_eq(chr_chron_set_identity(c, 0, NULL, -1, 1234), 0);
    cr_assert_eq(chr_chron_event(c, 0)->sequence, 3);
    cr_assert_eq(chr_chron_event(c, 0)->modified, 1234);
    cr_assert_neq(chr_chron_set_identity(c, 0, "XYZ", 1, 1), 0);
    cr_assert_neq(chr_chron_set_identity(c, 0, "0123456789ABCDEF", 1, 1), 0);
    cr_assert_neq(chr_chron_set_identity(c, 999, NULL, 1, 1), 0);
    chr_chron_free(c);
}

Test(chron, every_order_gives_the_same_bytes)
{
    /* mentions that agree on doc, offset, date, type and trigger but not
     * on status or actors: every order must give the same chronology */
    chr_mention m[3];
    m[0] = mk("a.txt", 10, CHR_EV_MEETING, "2019-03-05", "ministers met", "Ansip", NULL);
    m[1] = mk("a.txt", 10, CHR_EV_MEETING, "2019-03-05", "ministers met", "Hu", NULL);
    m[2] = mk("a.txt", 10, CHR_EV_MEETING, "2019-03-05", "ministers met", "Ansip", NULL);
    m[2].status = CHR_PLANNED;
    static const size_t perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
                                       {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    char *first = NULL;
    for (size_t p = 0; p < 6; p++) {
        chr_chron *c = build(m, 3, perms[p]);
        chr_docinfo d = {.name = "a.txt", .mtime = 100, .dct = CHR_NO_DAY};
        memset(d.sha256, 'a', 64);
        chr_docinfo d2 = d;
        d2.mtime = 500;
        chr_chron_add_doc(c, p % 2 ? &d : &d2, NULL);
        chr_chron_add_doc(c, p % 2 ? &d2 : &d, NULL);
        chr_chron_build(c, NULL);
        char *s = chr_json_timeline(c, NULL, 0, NULL, NULL);
        cr_assert_not_null(s);
        if (first == NULL)
            first = s;
        else {
            cr_expect_str_eq(s, first, "order %zu differs", p);
            free(s);
        }
        chr_chron_free(c);
    }
    free(first);
    for (size_t i = 0; i < 3; i++)
        chr_mention_clear(&m[i]);
}

Test(chron, reports_a_day_apart_across_documents)
{
    chr_mention m[4];
    m[0] = mk("a.txt", 10, CHR_EV_OPENING, "2019-03-05", "Huawei opened its Brussels transparency centre", "Huawei", "Brussels");
    m[1] = mk("b.txt", 10, CHR_EV_OPENING, "2019-03-06", "Huawei opened a transparency centre in Brussels", "Huawei", "Brussels");
    chr_chron *c = build(m, 2, NULL);
    cr_assert_eq(chr_chron_event_count(c), 1);
    cr_assert_eq(chr_chron_event(c, 0)->nconflicts, 1);
    chr_chron_free(c);
    /* in one document, two days are two events */
    m[2] = mk("a.txt", 10, CHR_EV_OPENING, "2019-03-05", "Huawei opened its Brussels transparency centre", "Huawei", "Brussels");
    m[3] = mk("a.txt", 400, CHR_EV_OPENING, "2019-03-06", "Huawei opened its Brussels transparency centre", "Huawei", "Brussels");
    c = build(m + 2, 2, NULL);
    cr_assert_eq(chr_chron_event_count(c), 2);
    chr_chron_free(c);
    for (size_t i = 0; i < 4; i++)
        chr_mention_clear(&m[i]);
}

/* The merge runs each event type's sweep on a thread of its own: the
 * chronology of 20,000 mentions of every type, over overlapping days,
 * years and months, in several documents, is the same byte for byte on
 * one thread, two and eight. */
Test(chron, same_chronology_on_any_number_of_threads)
{
    char *first = NULL;
    static const unsigned jobs[] = {1, 2, 8};
    for (size_t k = 0; k < 3; k++) {
        chr_chron *c = chr_chron_new();
        chr_chron_set_jobs(c, jobs[k]);
        for (int i = 0; i < 20000; i++) {
            char doc[32], date[16], title[64];
            snprintf(doc, sizeof doc, "d%04d.txt", i / 40);
            int day = (i * 7919) % 900;
            if (i % 5 == 0)
                snprintf(date, sizeof date, "%04d", 2001 + day / 300);
            else if (i % 5 == 1)
                snprintf(date, sizeof date, "%04d-%02d", 2001 + day / 300, day % 12 + 1);
            else
                snprintf(date, sizeof date, "%04d-%02d-%02d", 2001 + day / 300, day % 12 + 1,
                         day % 28 + 1);
            snprintf(title, sizeof title, "talks on item %d with the board", i % 31);
            chr_mention m = mk(doc, (uint32_t)(i % 40) * 100, (chr_event_type)(i % CHR_EV_NTYPES),
                               date, title, i % 3 ? "Acme Corp" : "Board", i % 2 ? "Jane Roe" : NULL);
            cr_assert_eq(chr_chron_add_mention(c, &m, NULL), 0);
        }
        cr_assert_eq(chr_chron_build(c, NULL), 0);
        /* merging happened: fewer events than mentions, and enough of
         * them that the threads make events in several blocks (256 each) */
        cr_assert_lt(chr_chron_event_count(c), 19000);
        cr_assert_gt(chr_chron_event_count(c), 512, "%zu events", chr_chron_event_count(c));
        char *s = chr_json_timeline(c, NULL, 0, NULL, NULL);
        cr_assert_not_null(s);
        if (first == NULL) {
            first = s;
        } else {
            cr_expect_str_eq(s, first, "%u threads differ from one", jobs[k]);
            free(s);
        }
        chr_chron_free(c);
    }
    free(first);
}
