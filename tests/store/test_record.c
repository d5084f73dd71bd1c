/* test_record.c - when a build is a new corpus version, the identity its
 * events carry over from the newest version, and recording it in a
 * history: small hand-made chronologies for the decision, the fixture
 * corpora for a history on disk and a restart. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "chronicle/corpus.h"
#include "chronicle/history.h"
#include "chronicle/record.h"
#include "testutil.h"

/* One mention of a hand-made chronology.  A document's digest is made
 * from its name and rev only, so two chronologies can have the same
 * documents (corpus version) and still other events. */
struct row {
    const char *doc;
    char rev;                  /* the document's contents, as one letter */
    uint32_t offset;
    const char *date;          /* TIMEX3 value */
    chr_event_type type;
    const char *sentence;      /* also the title */
};

static chr_chron *make(const struct row *rows, size_t n)
{
    chr_chron *c = chr_chron_new();
    cr_assert_not_null(c);
    for (size_t i = 0; i < n; i++) {
        chr_docinfo di;
        memset(&di, 0, sizeof di);
        di.name = (char *)rows[i].doc;
        memset(di.sha256, '0', 64);
        di.sha256[0] = rows[i].rev;
        for (size_t k = 0; rows[i].doc[k] != '\0' && k < 32; k++)
            di.sha256[k + 1] = (char)('a' + (unsigned char)rows[i].doc[k] % 6);
        di.mtime = 1552000000;
        di.dct = CHR_NO_DAY;
        cr_assert_eq(chr_chron_add_doc(c, &di, NULL), 0, "row %zu", i);
        chr_mention m;
        memset(&m, 0, sizeof m);
        m.type = rows[i].type;
        m.doc = strdup(rows[i].doc);
        m.offset = rows[i].offset;
        m.length = (uint32_t)strlen(rows[i].sentence);
        m.sentence = strdup(rows[i].sentence);
        m.title = strdup(rows[i].sentence);
        m.trigger = strdup("x");
        m.dct = CHR_NO_DAY;
        cr_assert_eq(chr_date_parse(rows[i].date, strlen(rows[i].date), &m.date), 0);
        cr_assert_eq(chr_chron_add_mention(c, &m, NULL), 0);
        chr_mention_clear(&m);
    }
    cr_assert_eq(chr_chron_build(c, NULL), 0);
    return c;
}

#define A1 {"a.txt", '1', 0, "2019-03-05", CHR_EV_OPENING, "Huawei opened a centre in Brussels"}
#define A2 {"a.txt", '1', 50, "2019-01-11", CHR_EV_MEETING, "Commission staff met Huawei"}
#define B1 {"b.txt", '1', 0, "2018-12", CHR_EV_ARREST, "Canada arrested Meng Wanzhou"}
#define B2 {"b.txt", '1', 70, "2019-05", CHR_EV_BAN, "Commerce added Huawei to a list"}
/* b.txt edited: the ban re-dated in place */
#define B2_DATED {"b.txt", '2', 70, "2019-05-15", CHR_EV_BAN, "Commerce added Huawei to a list"}
#define B1_EDITED {"b.txt", '2', 0, "2018-12", CHR_EV_ARREST, "Canada arrested Meng Wanzhou"}
/* the same b.txt read differently (a new extractor): another date */
#define B2_REREAD {"b.txt", '1', 70, "2019-06", CHR_EV_BAN, "Commerce added Huawei to a list"}
#define C1 {"c.txt", '1', 0, "2020-07-14", CHR_EV_BAN, "The UK banned Huawei from 5G"}

static const struct row v_base[] = {A1, A2, B1, B2};
static const struct row v_same[] = {B2, A2, B1, A1};          /* any order */
static const struct row v_dated[] = {A1, A2, B1_EDITED, B2_DATED};
static const struct row v_reread[] = {A1, A2, B1, B2_REREAD};
static const struct row v_grown[] = {A1, A2, B1, B2, C1};
static const struct row v_shrunk[] = {A1, A2};

static const struct {
    const char *what;
    const struct row *to;
    size_t nto;
    int from;                  /* compared with v_base */
    int is_new, same_documents;
    size_t added, removed, changed;
} decisions[] = {
    {"the first version", v_base, 4, 0, 1, 0, 4, 0, 0},
    {"the same documents and events again", v_same, 4, 1, 0, 1, 0, 0, 0},
    {"a document edited, an event re-dated", v_dated, 4, 1, 1, 0, 0, 0, 1},
    {"the same documents, other events", v_reread, 4, 1, 1, 1, 0, 0, 1},
    {"a document added", v_grown, 5, 1, 1, 0, 1, 0, 0},
    {"a document removed", v_shrunk, 2, 1, 1, 0, 0, 2, 0},
};

Test(record, decides_what_is_a_new_version)
{
    for (size_t i = 0; i < sizeof decisions / sizeof decisions[0]; i++) {
        chr_chron *from = decisions[i].from ? make(v_base, 4) : NULL;
        chr_chron *to = make(decisions[i].to, decisions[i].nto);
        chr_record r;
        chr_record_init(&r);
        chr_error err = {0};
        cr_assert_eq(chr_record_prepare(&r, from, 7, to, 1700000000, &err), 0,
                     "%s: %s", decisions[i].what, err.msg);
        cr_expect_eq(r.is_new, decisions[i].is_new, "%s", decisions[i].what);
        cr_expect_eq(r.same_documents, decisions[i].same_documents, "%s",
                     decisions[i].what);
        cr_expect_eq(r.counts[0], decisions[i].added, "%s", decisions[i].what);
        cr_expect_eq(r.counts[1], decisions[i].removed, "%s", decisions[i].what);
        cr_expect_eq(r.counts[2], decisions[i].changed, "%s", decisions[i].what);
        cr_expect_eq(r.from_number, from != NULL ? 7 : 0, "%s", decisions[i].what);
        cr_expect_eq(r.diff == NULL, from == NULL, "%s", decisions[i].what);
        /* without a history nothing is written; a version that is not new
         * keeps the number of the one it repeats */
        cr_expect_eq(chr_record_commit(&r, NULL, NULL, 0, 1700000000, &err), 0);
        cr_expect_eq(r.number, decisions[i].is_new ? 0 : 7, "%s", decisions[i].what);
        char *json = chr_record_diff_json(&r, NULL);
        cr_expect_eq(json != NULL, decisions[i].is_new && from != NULL, "%s",
                     decisions[i].what);
        free(json);
        chr_record_clear(&r);
        cr_expect_null(r.diff);
        cr_expect_eq(r.is_new, 0);
        chr_chron_free(to);
        chr_chron_free(from);
    }
    chr_record_clear(NULL);
}

/* The id of the event of c whose title is title. */
static const chr_event *titled(const chr_chron *c, const char *title)
{
    for (size_t i = 0; i < chr_chron_event_count(c); i++)
        if (strcmp(chr_chron_event(c, i)->title, title) == 0)
            return chr_chron_event(c, i);
    cr_assert_fail("no event '%s'", title);
    return NULL;
}

Test(record, carries_uid_sequence_and_last_modified)
{
    chr_chron *v1 = make(v_base, 4), *v2 = make(v_dated, 4), *v3 = make(v_dated, 4);
    const char *ban = "Commerce added Huawei to a list";
    char uid[17];
    memcpy(uid, titled(v1, ban)->id, sizeof uid);
    cr_assert_str_neq(titled(v2, ban)->id, uid, "re-dating changes a fresh id");
    chr_record r;
    chr_record_init(&r);
    cr_assert_eq(chr_record_prepare(&r, v1, 1, v2, 1700000000, NULL), 0);
    const chr_event *e = titled(v2, ban);
    cr_expect_str_eq(e->id, uid, "the re-dated event keeps its UID");
    cr_expect_eq(e->sequence, 1);
    cr_expect_eq(e->modified, 1700000000);
    for (size_t i = 0; i < chr_chron_event_count(v2); i++) {
        const chr_event *u = chr_chron_event(v2, i);
        if (u == e)
            continue;
        cr_expect_eq(u->sequence, 0, "'%s' did not change", u->title);
        cr_expect_str_eq(u->id, titled(v1, u->title)->id);
        cr_expect_eq(u->modified, titled(v1, u->title)->modified);
    }
    chr_record_clear(&r);

    /* Built again from the same documents: not new, the identity stays,
     * however late the clock. */
    chr_record_init(&r);
    cr_assert_eq(chr_record_prepare(&r, v2, 2, v3, 1800000000, NULL), 0);
    cr_expect_eq(r.is_new, 0);
    for (size_t i = 0; i < chr_chron_event_count(v3); i++) {
        const chr_event *a = chr_chron_event(v2, i), *b = chr_chron_event(v3, i);
        cr_expect_str_eq(b->id, a->id);
        cr_expect_eq(b->sequence, a->sequence, "no SEQUENCE raised for '%s'", b->title);
        cr_expect_eq(b->modified, a->modified);
    }
    chr_record_clear(&r);
    chr_chron_free(v3);
    chr_chron_free(v2);
    chr_chron_free(v1);
}

/* The fixture corpus with default options. */
static chr_chron *build(const char *dir, int64_t dct)
{
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    o.dct = dct;
    chr_chron *c = chr_corpus_build(dir, &o, NULL);
    cr_assert_not_null(c, "run from the repository root");
    return c;
}

/* Prepare and commit to against from in h; returns the record's number. */
static uint64_t record(chr_history *h, const chr_chron *from, uint64_t from_number,
                       chr_chron *to, int64_t now, char **diff)
{
    chr_record r;
    chr_record_init(&r);
    chr_error err = {0};
    cr_assert_eq(chr_record_prepare(&r, from, from_number, to, now, &err), 0, "%s",
                 err.msg);
    cr_assert_eq(chr_record_commit(&r, h, NULL, 0, now, &err), 0, "%s", err.msg);
    if (diff != NULL)
        *diff = chr_record_diff_json(&r, NULL);
    uint64_t n = r.number;
    chr_record_clear(&r);
    return n;
}

Test(record, a_history_of_the_fixture_corpora_survives_a_restart)
{
    char *tmp = tu_tmpdir();
    cr_assert_not_null(tmp);
    char state[512];
    snprintf(state, sizeof state, "%s/state", tmp);
    chr_error err = {0};
    chr_history *h = chr_history_open(state, 0, &err);
    cr_assert_not_null(h, "%s", err.msg);

    chr_chron *v1 = build("fixtures/corpus", CHR_NO_DAY);
    chr_chron *v2 = build("fixtures/corpus-v2", CHR_NO_DAY);
    char *diff = NULL;
    cr_expect_eq(record(h, NULL, 0, v1, 1000, &diff), 1);
    cr_expect_null(diff, "the first version has nothing to compare with");
    cr_expect_eq(record(h, v1, 1, v2, 2000, &diff), 2);
    cr_assert_not_null(diff);
    json_t *j = json_loads(diff, 0, NULL);
    cr_assert_not_null(j);
    json_t *from = json_object_get(j, "from"), *to = json_object_get(j, "to");
    cr_expect_eq(json_integer_value(json_object_get(from, "number")), 1);
    cr_expect_eq(json_integer_value(json_object_get(to, "number")), 2);
    json_t *summary = json_object_get(j, "summary");
    const chr_history_entry *e2 = chr_history_find(h, 2);
    cr_assert_not_null(e2);
    cr_expect_eq(e2->added, (size_t)json_integer_value(json_object_get(summary, "added")));
    cr_expect_eq(e2->removed, (size_t)json_integer_value(json_object_get(summary, "removed")));
    cr_expect_eq(e2->changed, (size_t)json_integer_value(json_object_get(summary, "changed")));
    cr_expect_gt(e2->changed, 0);
    cr_expect_eq(e2->created, 2000);
    json_decref(j);
    free(diff);

    /* the same documents once more: nothing written */
    chr_chron *again = build("fixtures/corpus-v2", CHR_NO_DAY);
    cr_expect_eq(record(h, v2, 2, again, 3000, NULL), 2);
    cr_expect_eq(chr_history_count(h), 2);
    chr_chron_free(again);

    /* A restart: the newest version comes back with the ids, SEQUENCE and
     * LAST-MODIFIED it was recorded with, and a fresh build of the same
     * documents takes them over. */
    chr_history_free(h);
    h = chr_history_open(state, 0, &err);
    cr_assert_not_null(h, "%s", err.msg);
    chr_chron *newest = NULL;
    uint64_t number = 0;
    int64_t created = 0;
    cr_assert_eq(chr_record_newest(h, &newest, &number, &created, &err), 0, "%s", err.msg);
    cr_assert_not_null(newest);
    cr_expect_eq(number, 2);
    cr_expect_eq(created, 2000);
    cr_assert_eq(chr_chron_event_count(newest), chr_chron_event_count(v2));
    chr_chron *fresh = build("fixtures/corpus-v2", CHR_NO_DAY);
    int raised = 0;
    for (size_t i = 0; i < chr_chron_event_count(v2); i++) {
        raised |= chr_chron_event(v2, i)->sequence > 0;
        cr_expect_str_eq(chr_chron_event(newest, i)->id, chr_chron_event(v2, i)->id);
        cr_expect_eq(chr_chron_event(newest, i)->sequence, chr_chron_event(v2, i)->sequence);
    }
    cr_expect(raised, "some event of corpus-v2 changed, so its SEQUENCE rose");
    cr_expect_eq(record(h, newest, number, fresh, 4000, NULL), 2);
    for (size_t i = 0; i < chr_chron_event_count(v2); i++) {
        cr_expect_str_eq(chr_chron_event(fresh, i)->id, chr_chron_event(v2, i)->id);
        cr_expect_eq(chr_chron_event(fresh, i)->sequence, chr_chron_event(v2, i)->sequence);
        cr_expect_eq(chr_chron_event(fresh, i)->modified, chr_chron_event(v2, i)->modified);
    }

    /* The same documents read with another document date give other
     * events: a version of their own, though the corpus version is the
     * one already recorded. */
    chr_chron *reread = build("fixtures/corpus-v2", 20000);
    cr_assert_str_eq(chr_chron_version(reread), chr_chron_version(fresh));
    cr_expect_eq(record(h, fresh, 2, reread, 5000, NULL), 3);
    cr_expect_eq(chr_history_count(h), 3);

    chr_chron_free(reread);
    chr_chron_free(fresh);
    chr_chron_free(newest);
    chr_chron_free(v2);
    chr_chron_free(v1);
    chr_history_free(h);
    cr_assert_eq(tu_rmtree(tmp), 0);
    free(tmp);
}

Test(record, an_empty_or_broken_history)
{
    char *tmp = tu_tmpdir();
    cr_assert_not_null(tmp);
    char state[512], moved[600], path[700];
    snprintf(state, sizeof state, "%s/state", tmp);
    snprintf(moved, sizeof moved, "%s/moved", tmp);
    chr_error err = {0};
    chr_history *h = chr_history_open(state, 0, &err);
    cr_assert_not_null(h, "%s", err.msg);

    /* empty: no newest version, and no error */
    chr_chron *newest = (chr_chron *)1;
    uint64_t number = 9;
    int64_t created = 9;
    cr_expect_eq(chr_record_newest(h, &newest, &number, &created, &err), 0);
    cr_expect_null(newest);
    cr_expect_eq(number, 0);
    cr_expect_eq(created, 0);
    cr_expect_eq(err.code, CHR_OK);

    chr_chron *v1 = build("fixtures/corpus", CHR_NO_DAY);
    chr_chron *v2 = build("fixtures/corpus-v2", CHR_NO_DAY);
    cr_assert_eq(record(h, NULL, 0, v1, 1000, NULL), 1);

    /* The newest snapshot damaged on disk: refused, its number still
     * told. */
    cr_assert_eq(chr_history_path(h, 1, path, sizeof path), 0);
    cr_assert_eq(tu_write(path, "{\"snapshot\":", 12), 0);
    cr_expect_neq(chr_record_newest(h, &newest, &number, &created, &err), 0);
    cr_expect_null(newest);
    cr_expect_eq(number, 1);
    cr_expect_eq(created, 1000);
    cr_expect_neq(err.msg[0], '\0');

    /* The folder replaced by a file: the commit fails and says where,
     * the new version stays unnumbered, its identity carried all the
     * same. */
    char cmd[2000];
    snprintf(cmd, sizeof cmd, "mv '%s' '%s' && echo x > '%s'", state, moved, state);
    cr_assert_eq(system(cmd), 0);
    chr_record r;
    chr_record_init(&r);
    chr_error_clear(&err);
    cr_assert_eq(chr_record_prepare(&r, v1, 1, v2, 2000, &err), 0);
    cr_expect_neq(chr_record_commit(&r, h, NULL, 0, 2000, &err), 0);
    cr_expect_eq(r.number, 0);
    cr_expect_neq(err.file[0], '\0', "the error names the file");
    char *json = chr_record_diff_json(&r, NULL);
    cr_expect_not_null(json, "what changed is known without a number");
    free(json);
    chr_record_clear(&r);

    chr_chron_free(v2);
    chr_chron_free(v1);
    chr_history_free(h);
    cr_assert_eq(tu_rmtree(tmp), 0);
    free(tmp);
}
