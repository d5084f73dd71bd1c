/* test_diff.c - pairing events across versions, what changed, carrying
 * identity, the JSON and text forms, and the corpus-v2 fixture end to
 * end (core and CLI). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "chronicle/corpus.h"
#include "chronicle/diff.h"
#include "chronicle/diffout.h"
#include "testutil.h"

/* One mention of a small hand-made chronology. */
struct row {
    const char *doc;
    uint32_t offset, length;
    const char *date;          /* TIMEX3 value */
    chr_event_type type;
    const char *sentence;      /* also the title */
    const char *actors;        /* comma-separated, sorted; "" none */
};

static chr_chron *make(const struct row *rows, size_t n)
{
    chr_chron *c = chr_chron_new();
    cr_assert_not_null(c);
    const char *docs[8];
    size_t ndocs = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < ndocs && strcmp(docs[k], rows[i].doc) != 0)
            k++;
        if (k == ndocs) {
            docs[ndocs++] = rows[i].doc;
            chr_docinfo di;
            memset(&di, 0, sizeof di);
            di.name = (char *)rows[i].doc;
            /* the digest follows the document's text: here its rows */
            memset(di.sha256, '0', 64);
            for (size_t r = 0; r < n; r++)
                if (strcmp(rows[r].doc, rows[i].doc) == 0)
                    di.sha256[r % 64] = (char)('a' + (rows[r].offset + strlen(rows[r].sentence) +
                                                      strlen(rows[r].date)) % 6);
            di.mtime = 1552000000;
            di.dct = CHR_NO_DAY;
            cr_assert_eq(chr_chron_add_doc(c, &di, NULL), 0);
        }
        chr_mention m;
        memset(&m, 0, sizeof m);
        m.type = rows[i].type;
        m.doc = strdup(rows[i].doc);
        m.offset = rows[i].offset;
        m.length = rows[i].length;
        m.sentence = strdup(rows[i].sentence);
        m.title = strdup(rows[i].sentence);
        m.trigger = strdup("x");
        m.dct = CHR_NO_DAY;
        cr_assert_eq(chr_date_parse(rows[i].date, strlen(rows[i].date), &m.date), 0);
        char *list = strdup(rows[i].actors);
        for (char *save = NULL, *a = strtok_r(list, ",", &save); a != NULL;
             a = strtok_r(NULL, ",", &save)) {
            m.actors = realloc(m.actors, (m.nactors + 1) * sizeof *m.actors);
            m.actors[m.nactors++] = strdup(a);
        }
        free(list);
        cr_assert_eq(chr_chron_add_mention(c, &m, NULL), 0);
        chr_mention_clear(&m);
    }
    cr_assert_eq(chr_chron_build(c, NULL), 0);
    return c;
}

static const struct row base[] = {
    {"a.txt", 0, 40, "2019-03-05", CHR_EV_OPENING, "Huawei opened a centre in Brussels", "Huawei"},
    {"a.txt", 50, 40, "2019-01-11", CHR_EV_MEETING, "Commission staff met Huawei", "Commission,Huawei"},
    {"b.txt", 0, 60, "2018-12", CHR_EV_ARREST, "Canada arrested Meng Wanzhou", "Canada,Meng Wanzhou"},
    {"b.txt", 70, 50, "2019-05", CHR_EV_BAN, "Commerce added Huawei to a list", "Commerce,Huawei"},
};

/* The old event titled `old` is paired with the new event titled `new`
 * (NULL: removed). */
static void expect_pair(const chr_diff *d, const chr_chron *a, const chr_chron *b,
                        const char *old, const char *new_title, int row)
{
    for (size_t i = 0; i < chr_chron_event_count(a); i++) {
        if (strcmp(chr_chron_event(a, i)->title, old) != 0)
            continue;
        size_t j = chr_diff_pair_of_old(d, i);
        if (new_title == NULL) {
            cr_expect_eq(j, CHR_DIFF_NONE, "row %d: '%s' should be removed", row, old);
            return;
        }
        cr_assert_neq(j, CHR_DIFF_NONE, "row %d: '%s' lost its pair", row, old);
        cr_expect_str_eq(chr_chron_event(b, j)->title, new_title, "row %d", row);
        return;
    }
    cr_expect_fail("row %d: no old event '%s'", row, old);
}

/* ---- pairing, one change per row ------------------------------------- */

static const struct {
    const char *what;
    struct row edit;           /* replaces base[at] */
    size_t at;
    unsigned fields;           /* want: the change's fields (0: unchanged) */
    int by_evidence;
    int removed_added;         /* want: one removed and one added instead */
} edits[] = {
    {"nothing changes",
     {"a.txt", 0, 40, "2019-03-05", CHR_EV_OPENING, "Huawei opened a centre in Brussels", "Huawei"},
     0, 0, 0, 0},
    {"a date corrected in place: paired by the same span",
     {"b.txt", 70, 50, "2019-05-15", CHR_EV_BAN, "Commerce added Huawei to a list", "Commerce,Huawei"},
     3, CHR_DIFF_DATE | CHR_DIFF_ID, 1, 0},
    {"a sentence reworded in place: same span, new words",
     {"b.txt", 0, 55, "2018-12", CHR_EV_ARREST, "Canadian police detained Meng Wanzhou", "Canada,Meng Wanzhou"},
     2, CHR_DIFF_TITLE | CHR_DIFF_ID, 1, 0},
    {"the sentence moved (text before it grew): paired by its text",
     {"a.txt", 300, 40, "2019-03-04", CHR_EV_OPENING, "Huawei opened a centre in Brussels", "Huawei"},
     0, CHR_DIFF_DATE | CHR_DIFF_ID, 1, 0},
    {"retyped with the same actors",
     {"a.txt", 50, 40, "2019-01-11", CHR_EV_STATEMENT, "Commission staff met Huawei", "Commission,Huawei"},
     1, CHR_DIFF_TYPE | CHR_DIFF_ID, 1, 0},
    {"an actor more, same id words: paired by id",
     {"b.txt", 70, 50, "2019-05", CHR_EV_BAN, "Commerce added Huawei to a list", "Commerce,Huawei,U.S."},
     3, CHR_DIFF_ACTORS | CHR_DIFF_ID, 1, 0},
    {"other type and other actors in the same span: a different event",
     {"b.txt", 0, 60, "2018-12", CHR_EV_LAW, "Parliament passed a law", "Parliament"},
     2, 0, 0, 1},
    {"same words in another document: a different event",
     {"c.txt", 0, 60, "2017-12", CHR_EV_ARREST, "Canada arrested Meng Wanzhou", "Canada,Meng Wanzhou"},
     2, 0, 0, 1},
};

Test(diff, pairs_by_id_then_evidence)
{
    chr_chron *a = make(base, 4);
    for (size_t r = 0; r < sizeof edits / sizeof edits[0]; r++) {
        struct row rows[4];
        memcpy(rows, base, sizeof rows);
        rows[edits[r].at] = edits[r].edit;
        chr_chron *b = make(rows, 4);
        chr_diff *d = chr_diff_new(a, b, NULL);
        cr_assert_not_null(d);
        if (edits[r].removed_added) {
            cr_expect_eq(chr_diff_removed_count(d), 1, "%s", edits[r].what);
            cr_expect_eq(chr_diff_added_count(d), 1, "%s", edits[r].what);
            cr_expect_eq(chr_diff_changed_count(d), 0, "%s", edits[r].what);
            expect_pair(d, a, b, base[edits[r].at].sentence, NULL, (int)r);
        } else if (edits[r].fields == 0) {
            cr_expect(chr_diff_empty(d), "%s", edits[r].what);
            cr_expect_eq(chr_diff_unchanged_count(d), 4);
        } else {
            cr_expect_eq(chr_diff_removed_count(d), 0, "%s", edits[r].what);
            cr_expect_eq(chr_diff_added_count(d), 0, "%s", edits[r].what);
            cr_assert_eq(chr_diff_changed_count(d), 1, "%s", edits[r].what);
            const chr_diff_change *c = chr_diff_changed(d, 0);
            unsigned want = edits[r].fields;
            /* the id follows the words: an actor more changes it too */
            cr_expect_eq(c->fields & ~CHR_DIFF_ID, want & ~CHR_DIFF_ID,
                         "%s: fields %#x, want %#x", edits[r].what, c->fields, want);
            if (!(c->fields & CHR_DIFF_ID))
                cr_expect_eq(c->by_evidence, 0, "%s", edits[r].what);
            else
                cr_expect_eq(c->by_evidence, edits[r].by_evidence, "%s", edits[r].what);
            cr_expect_eq(c->nsources_added + c->nsources_removed, 0, "%s: sources",
                         edits[r].what);
            expect_pair(d, a, b, base[edits[r].at].sentence, edits[r].edit.sentence, (int)r);
        }
        chr_diff_free(d);
        chr_chron_free(b);
    }
    chr_chron_free(a);
}

Test(diff, sources_gained_and_lost)
{
    static const struct row more[] = {
        {"a.txt", 0, 40, "2019-03-05", CHR_EV_OPENING, "Huawei opened a centre in Brussels", "Huawei"},
        {"a.txt", 50, 40, "2019-01-11", CHR_EV_MEETING, "Commission staff met Huawei", "Commission,Huawei"},
        {"b.txt", 0, 60, "2018-12", CHR_EV_ARREST, "Canada arrested Meng Wanzhou", "Canada,Meng Wanzhou"},
        {"b.txt", 70, 50, "2019-05", CHR_EV_BAN, "Commerce added Huawei to a list", "Commerce,Huawei"},
        /* a second report of the opening, in another document */
        {"c.txt", 10, 45, "2019-03-05", CHR_EV_OPENING, "Huawei opened its Brussels centre", "Huawei"},
    };
    chr_chron *a = make(base, 4), *b = make(more, 5);
    chr_diff *d = chr_diff_new(a, b, NULL);
    cr_assert_not_null(d);
    cr_assert_eq(chr_diff_changed_count(d), 1);
    const chr_diff_change *c = chr_diff_changed(d, 0);
    cr_assert_eq(c->nsources_added, 1);
    cr_expect_eq(c->nsources_removed, 0);
    const chr_event *n = chr_chron_event(b, c->to);
    cr_expect_str_eq(n->sources[c->sources_added[0]].doc, "c.txt");
    cr_expect_eq(chr_diff_docs_count(d, CHR_DIFF_DOCS_ADDED), 1);
    cr_expect_str_eq(chr_diff_doc(d, CHR_DIFF_DOCS_ADDED, 0), "c.txt");
    chr_diff_free(d);
    /* and back: the source is lost */
    d = chr_diff_new(b, a, NULL);
    cr_assert_eq(chr_diff_changed_count(d), 1);
    c = chr_diff_changed(d, 0);
    cr_expect_eq(c->nsources_removed, 1);
    cr_expect_eq(c->nsources_added, 0);
    cr_expect_eq(chr_diff_docs_count(d, CHR_DIFF_DOCS_REMOVED), 1);
    chr_diff_free(d);
    chr_chron_free(a);
    chr_chron_free(b);
}

Test(diff, empty_and_disjoint_chronologies)
{
    chr_chron *e = make(NULL, 0), *a = make(base, 4);
    chr_diff *d = chr_diff_new(e, e, NULL);
    cr_assert_not_null(d);
    cr_expect(chr_diff_empty(d));
    chr_diff_free(d);
    d = chr_diff_new(e, a, NULL);
    cr_expect_eq(chr_diff_added_count(d), 4);
    cr_expect_eq(chr_diff_added(d, 4), CHR_DIFF_NONE);
    chr_diff_free(d);
    d = chr_diff_new(a, e, NULL);
    cr_expect_eq(chr_diff_removed_count(d), 4);
    cr_expect_null(chr_diff_changed(d, 0));
    size_t len;
    char *s = chr_diffout_json(d, NULL, NULL, 0, &len);
    cr_assert_not_null(s);
    json_t *j = json_loadb(s, len, 0, NULL);
    cr_assert_not_null(j);
    cr_expect_eq(json_array_size(json_object_get(j, "removed")), 4);
    json_decref(j);
    free(s);
    chr_diff_free(d);
    chr_diff_free(NULL);
    chr_chron_free(a);
    chr_chron_free(e);
}

/* ---- carrying identity ------------------------------------------------ */

Test(diff, carry_keeps_uid_and_raises_sequence)
{
    chr_chron *a = make(base, 4);
    struct row rows[4];
    memcpy(rows, base, sizeof rows);
    rows[3].date = "2019-05-15";         /* re-dated: its id changes */
    chr_chron *b = make(rows, 4);
    /* the old version had been carried once already */
    for (size_t i = 0; i < 4; i++) {
        chr_event *e = (chr_event *)chr_chron_event(a, i);
        e->sequence = 2;
        e->modified = 1600000000;
    }
    chr_diff *d = chr_diff_new(a, b, NULL);
    cr_assert_eq(chr_diff_changed_count(d), 1);
    const chr_diff_change *c = chr_diff_changed(d, 0);
    char old_id[17];
    memcpy(old_id, chr_chron_event(a, c->from)->id, 17);
    cr_assert_str_neq(chr_chron_event(b, c->to)->id, old_id);
    cr_assert_eq(chr_diff_carry(d, b, 1700000000), 0);
    const chr_event *e = chr_chron_event(b, c->to);
    cr_expect_str_eq(e->id, old_id, "a changed event keeps its UID");
    cr_expect_eq(e->sequence, 3);
    cr_expect_eq(e->modified, 1700000000);
    for (size_t j = 0; j < 4; j++) {
        if (j == c->to)
            continue;
        const chr_event *u = chr_chron_event(b, j);
        cr_expect_eq(u->sequence, 2, "unchanged events keep their sequence");
        cr_expect_eq(u->modified, 1600000000);
        cr_expect_str_eq(u->id, chr_chron_event(a, chr_diff_pair_of_new(d, j))->id);
    }
    chr_diff_free(d);
    /* A later version diffed against the carried one pairs by id. */
    chr_chron *again = make(rows, 4);
    d = chr_diff_new(b, again, NULL);
    cr_expect(chr_diff_empty(d), "only the lineage id differs from a fresh build");
    chr_diff_carry(d, again, 1800000000);
    for (size_t j = 0; j < 4; j++) {
        cr_expect_str_eq(chr_chron_event(again, j)->id, chr_chron_event(b, j)->id);
        cr_expect_eq(chr_chron_event(again, j)->sequence, chr_chron_event(b, j)->sequence,
                     "rebuilding the same corpus raises no SEQUENCE");
        cr_expect_eq(chr_chron_event(again, j)->modified, chr_chron_event(b, j)->modified);
    }
    chr_diff_free(d);
    /* a clock behind the old time still moves LAST-MODIFIED forward */
    chr_chron *b2 = make(rows, 4);
    d = chr_diff_new(a, b2, NULL);
    chr_diff_carry(d, b2, 5);
    cr_expect_eq(chr_chron_event(b2, chr_diff_changed(d, 0)->to)->modified, 1600000001);
    chr_diff_free(d);
    chr_chron_free(b2);
    chr_chron_free(again);
    chr_chron_free(a);
    chr_chron_free(b);
}

/* ---- renderings ------------------------------------------------------- */

Test(diff, json_and_text_forms)
{
    static const struct row evil[] = {
        {"a.txt", 0, 40, "2019-03-05", CHR_EV_OPENING, "Huawei opened a centre in Brussels", "Huawei"},
        {"a.txt", 50, 40, "2019-01-11", CHR_EV_MEETING, "Commission staff met Huawei", "Commission,Huawei"},
        {"b.txt", 0, 60, "2018-12", CHR_EV_ARREST, "Canada arrested \x1b[2J Meng Wanzhou", "Canada,Meng Wanzhou"},
        {"b.txt", 70, 50, "2019-05-15", CHR_EV_BAN, "Commerce added Huawei to a list", "Commerce,Huawei"},
    };
    chr_chron *a = make(base, 4), *b = make(evil, 4);
    chr_diff *d = chr_diff_new(a, b, NULL);
    chr_diff_end from = {"old", 3}, to = {NULL, 4};
    size_t len;
    char *s = chr_diffout_json(d, &from, &to, 1, &len);
    cr_assert_not_null(s);
    json_t *j = json_loadb(s, len, 0, NULL);
    cr_assert_not_null(j, "%s", s);
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(j, "from"), "name")), "old");
    cr_expect_eq(json_integer_value(json_object_get(json_object_get(j, "to"), "number")), 4);
    cr_expect_null(json_object_get(json_object_get(j, "to"), "name"));
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(j, "to"), "version")),
                     chr_chron_version(b));
    json_t *ch = json_object_get(j, "changed");
    cr_assert_eq(json_array_size(ch), 2);
    int saw_date = 0;
    for (size_t i = 0; i < 2; i++) {
        json_t *c = json_array_get(ch, i);
        json_t *f = json_object_get(c, "fields");
        cr_expect(json_is_array(json_object_get(c, "sources_added")));
        cr_expect(json_is_array(json_object_get(c, "sources_removed")));
        cr_expect_str_eq(json_string_value(json_object_get(c, "matched_by")), "evidence");
        json_t *date = json_object_get(f, "date");
        if (date != NULL) {
            saw_date = 1;
            cr_expect_str_eq(json_string_value(json_object_get(date, "old")), "2019-05");
            cr_expect_str_eq(json_string_value(json_object_get(date, "new")), "2019-05-15");
        }
    }
    cr_expect(saw_date);
    json_decref(j);
    free(s);

    char *plain = chr_diffout_text(d, &from, &to, 0, &len);
    cr_assert_not_null(plain);
    cr_expect_eq(strlen(plain), len);
    cr_expect_null(strchr(plain, '\x1b'), "no escape bytes without colour:\n%s", plain);
    cr_expect_not_null(strstr(plain, "date: 2019-05 \xE2\x86\x92 2019-05-15"), "%s", plain);
    cr_expect_not_null(strstr(plain, "changed:"));
    cr_expect_not_null(strstr(plain, "--- old"));
    cr_expect_not_null(strstr(plain, "+++ version 4"));
    char *col = chr_diffout_text(d, &from, &to, 1, &len);
    cr_expect_not_null(strstr(col, "\x1b[33m~"), "changes in yellow");
    cr_expect_null(strstr(col, "\x1b[2J"), "document text never reaches the terminal raw");
    free(col);
    free(plain);
    chr_diff_free(d);
    chr_chron_free(a);
    chr_chron_free(b);
}

/* ---- many events ------------------------------------------------------ */

Test(diff, ten_thousand_events_one_percent_changed)
{
    /* the bench's shape at a tenth of its size: every change must be
     * found and paired, and nothing else */
    enum { N = 10000 };
    chr_chron *c[2];
    char sentence[96], actor[32], doc[32];
    for (int v = 0; v < 2; v++) {
        c[v] = chr_chron_new();
        for (int d = 0; d < 100; d++) {
            chr_docinfo di;
            memset(&di, 0, sizeof di);
            snprintf(doc, sizeof doc, "d%03d.txt", d);
            di.name = doc;
            memset(di.sha256, v && d % 10 == 0 ? 'b' : 'a', 64);
            di.dct = CHR_NO_DAY;
            chr_chron_add_doc(c[v], &di, NULL);
        }
        for (int i = 0; i < N; i++) {
            int redate = v && i % 100 == 7, reword = v && i % 100 == 42;
            chr_mention m;
            memset(&m, 0, sizeof m);
            m.type = (chr_event_type)(i % 9);
            snprintf(doc, sizeof doc, "d%03d.txt", i % 100);
            m.doc = strdup(doc);
            m.offset = (uint32_t)(i / 100) * 200;
            m.length = 150;
            snprintf(sentence, sizeof sentence, "%s %d happened to party%d",
                     reword ? "Event number" : "Event", i, i);
            m.sentence = strdup(sentence);
            m.title = strdup(sentence);
            m.trigger = strdup("happened");
            snprintf(actor, sizeof actor, "party%d", i);
            m.actors = malloc(sizeof *m.actors);
            m.actors[0] = strdup(actor);
            m.nactors = 1;
            m.dct = CHR_NO_DAY;
            chr_date_from_day(&m.date, (int64_t)i * 300 + (redate ? 1 : 0) - 200000);
            chr_chron_add_mention(c[v], &m, NULL);
        }
        cr_assert_eq(chr_chron_build(c[v], NULL), 0);
        cr_assert_eq(chr_chron_event_count(c[v]), N);
    }
    chr_diff *d = chr_diff_new(c[0], c[1], NULL);
    cr_assert_not_null(d);
    cr_expect_eq(chr_diff_added_count(d), 0);
    cr_expect_eq(chr_diff_removed_count(d), 0);
    cr_expect_eq(chr_diff_changed_count(d), 200);
    for (size_t k = 0; k < chr_diff_changed_count(d); k++)
        cr_expect(chr_diff_changed(d, k)->by_evidence);
    chr_diff_free(d);
    chr_chron_free(c[0]);
    chr_chron_free(c[1]);
}

/* ---- the corpus-v2 fixture -------------------------------------------- */

static int has_source_in(const chr_event *e, const char *doc)
{
    for (size_t k = 0; k < e->nsources; k++)
        if (strcmp(e->sources[k].doc, doc) == 0)
            return 1;
    return 0;
}

/* fixtures/corpus-v2 is fixtures/corpus with four edits, made by hand:
 * 004 removed, 005 (the UK's July 2020 decision) added, in 003 "in May"
 * became "on May 15" (the entity list) and the Meng Wanzhou arrest
 * sentence was reworded.  The diff says exactly that. */
Test(diff, corpus_v2_reports_exactly_the_edits)
{
    chr_corpus_opts opts;
    chr_corpus_opts_init(&opts);
    chr_chron *a = chr_corpus_build("fixtures/corpus", &opts, NULL);
    chr_chron *b = chr_corpus_build("fixtures/corpus-v2", &opts, NULL);
    cr_assert(a != NULL && b != NULL, "run from the repository root");
    chr_diff *d = chr_diff_new(a, b, NULL);
    cr_assert_not_null(d);
    cr_expect_eq(chr_diff_docs_count(d, CHR_DIFF_DOCS_ADDED), 1);
    cr_expect_str_eq(chr_diff_doc(d, CHR_DIFF_DOCS_ADDED, 0), "005_uk_huawei_5g_ban.txt");
    cr_expect_eq(chr_diff_docs_count(d, CHR_DIFF_DOCS_REMOVED), 1);
    cr_expect_str_eq(chr_diff_doc(d, CHR_DIFF_DOCS_REMOVED, 0), "004_7f3f804f7b81d121.txt");
    cr_expect_eq(chr_diff_docs_count(d, CHR_DIFF_DOCS_CHANGED), 1);
    cr_expect_str_eq(chr_diff_doc(d, CHR_DIFF_DOCS_CHANGED, 0), "003_3d03ae3b476ba545.txt");

    /* added: only events of the new document, the ban among them */
    int ban = 0;
    cr_expect_geq(chr_diff_added_count(d), 1);
    for (size_t k = 0; k < chr_diff_added_count(d); k++) {
        const chr_event *e = chr_chron_event(b, chr_diff_added(d, k));
        cr_expect(has_source_in(e, "005_uk_huawei_5g_ban.txt"), "added '%s'", e->title);
        ban |= e->type == CHR_EV_BAN && strcmp(e->date.value, "2020-07-14") == 0;
    }
    cr_expect(ban, "the 14 July 2020 ban is added");
    /* removed: exactly the events of the removed document */
    size_t in_004 = 0;
    for (size_t i = 0; i < chr_chron_event_count(a); i++)
        in_004 += has_source_in(chr_chron_event(a, i), "004_7f3f804f7b81d121.txt");
    cr_expect_gt(in_004, 0);
    cr_expect_eq(chr_diff_removed_count(d), in_004);
    for (size_t k = 0; k < chr_diff_removed_count(d); k++) {
        const chr_event *e = chr_chron_event(a, chr_diff_removed(d, k));
        cr_expect(has_source_in(e, "004_7f3f804f7b81d121.txt"), "removed '%s'", e->title);
        cr_expect_eq(e->nsources, 1);
    }
    /* changed: the re-dated ban and at most the reworded arrest (title) */
    int redated = 0, reworded = 0;
    for (size_t k = 0; k < chr_diff_changed_count(d); k++) {
        const chr_diff_change *c = chr_diff_changed(d, k);
        const chr_event *o = chr_chron_event(a, c->from), *n = chr_chron_event(b, c->to);
        cr_expect_eq(c->nsources_added + c->nsources_removed, 0, "'%s' sources", n->title);
        if (strstr(o->title, "entities list") != NULL) {
            redated = 1;
            cr_expect_eq(c->fields & ~CHR_DIFF_ID, CHR_DIFF_DATE);
            cr_expect_str_eq(o->date.value, "2019-05");
            cr_expect_str_eq(n->date.value, "2019-05-15");
        } else if (strstr(o->title, "Meng Wanzhou") != NULL) {
            reworded = 1;
            cr_expect_eq(c->fields & ~CHR_DIFF_ID, CHR_DIFF_TITLE);
            cr_expect_str_eq(o->date.value, n->date.value);
        } else {
            cr_expect_fail("unexpected change of '%s'", o->title);
        }
    }
    cr_expect(redated, "the entity-list ban is reported re-dated");
    /* the reworded arrest is changed in its title or not at all, and is
     * never removed */
    for (size_t i = 0; i < chr_chron_event_count(a); i++)
        if (strstr(chr_chron_event(a, i)->title, "Meng Wanzhou") != NULL)
            cr_expect_neq(chr_diff_pair_of_old(d, i), CHR_DIFF_NONE);
    (void)reworded;
    cr_expect_eq(chr_diff_unchanged_count(d) + chr_diff_changed_count(d) + in_004,
                 chr_chron_event_count(a));
    chr_diff_free(d);
    chr_chron_free(a);
    chr_chron_free(b);
}

static char *run_cli(const char *args, int *status)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s %s 2>/dev/null", tu_bin(), args);
    char *out;
    *status = tu_run(cmd, &out, NULL);
    return out;
}

Test(diff, cli_snapshot_and_diff)
{
    char *dir = tu_tmpdir();
    char args[512];
    int st;
    snprintf(args, sizeof args, "snapshot fixtures/corpus -o %s/v1.json", dir);
    free(run_cli(args, &st));
    cr_assert_eq(st, 0);
    /* a snapshot against its own folder: no change, exit 0 */
    snprintf(args, sizeof args, "diff %s/v1.json fixtures/corpus", dir);
    char *out = run_cli(args, &st);
    cr_expect_eq(st, 0, "%s", out);
    cr_expect_not_null(strstr(out, "0 added, 0 removed, 0 changed"), "%s", out);
    cr_expect_null(strchr(out, '\x1b'), "no colour when stdout is a pipe");
    free(out);
    /* against v2: changes, exit 1, the JSON the issue asks for */
    snprintf(args, sizeof args, "diff %s/v1.json fixtures/corpus-v2 --format json", dir);
    out = run_cli(args, &st);
    cr_expect_eq(st, 1);
    json_t *j = json_loads(out, 0, NULL);
    cr_assert_not_null(j, "%s", out);
    static const char *const keys[] = {"from", "to", "added", "removed", "changed"};
    for (size_t k = 0; k < 5; k++)
        cr_expect_not_null(json_object_get(j, keys[k]), "no \"%s\"", keys[k]);
    json_t *ch = json_object_get(j, "changed");
    cr_expect_geq(json_array_size(ch), 1);
    for (size_t k = 0; k < json_array_size(ch); k++) {
        json_t *c = json_array_get(ch, k);
        cr_expect(json_is_string(json_object_get(c, "id")));
        cr_expect(json_is_object(json_object_get(c, "fields")));
        cr_expect(json_is_array(json_object_get(c, "sources_added")));
        cr_expect(json_is_array(json_object_get(c, "sources_removed")));
    }
    json_decref(j);
    free(out);
    /* colour on request */
    out = run_cli("diff fixtures/corpus fixtures/corpus-v2 --color always", &st);
    cr_expect_eq(st, 1);
    cr_expect_not_null(strstr(out, "\x1b[32m+"));
    free(out);
    /* trouble: exit 2 */
    static const char *const bad[] = {
        "diff fixtures/corpus", "diff fixtures/corpus fixtures/no-such-dir",
        "diff fixtures/corpus fixtures/corpus --format xml",
        "diff fixtures/corpus fixtures/corpus --color sometimes",
        "diff fixtures/corpus fixtures/corpus fixtures/corpus",
        "diff fixtures/corpus fixtures/corpus/001_2543bc9b8d1cc153.txt",
        "snapshot", "snapshot fixtures/no-such-dir",
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        free(run_cli(bad[k], &st));
        cr_expect_eq(st, k < 6 ? 2 : (k == 6 ? 2 : 1), "'%s': exit %d", bad[k], st);
    }
    /* a snapshot that cannot be written: the old file stays */
    snprintf(args, sizeof args, "snapshot fixtures/corpus -o %s/v1.json/x", dir);
    free(run_cli(args, &st));
    cr_expect_eq(st, 1);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}
