/* test_version.c - snapshot files: render, read back with the identity a
 * history gave the events, refuse damaged files, atomic replacement. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "chronicle/corpus.h"
#include "chronicle/json.h"
#include "chronicle/version.h"
#include "testutil.h"

static chr_chron *fixture(void)
{
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    chr_chron *c = chr_corpus_build("fixtures/corpus", &o, NULL);
    cr_assert_not_null(c, "run from the repository root");
    return c;
}

static char *timeline(const chr_chron *c)
{
    char *s = chr_json_timeline(c, NULL, 0, NULL, NULL);
    cr_assert_not_null(s);
    return s;
}

Test(version, render_has_header_and_timeline)
{
    chr_chron *c = fixture();
    size_t len;
    char *s = chr_version_render(c, 1594728000, &len);
    cr_assert_not_null(s);
    cr_expect_eq(strlen(s), len);
    cr_expect_eq(s[len - 1], '\n');
    json_t *j = json_loadb(s, len, 0, NULL);
    cr_assert_not_null(j);
    json_t *h = json_object_get(j, "snapshot");
    cr_expect_eq(json_integer_value(json_object_get(h, "format")), CHR_SNAPSHOT_FORMAT);
    cr_expect_str_eq(json_string_value(json_object_get(h, "created")), "2020-07-14T12:00:00Z");
    cr_expect_str_eq(json_string_value(json_object_get(h, "version")), chr_chron_version(c));
    cr_expect_eq((size_t)json_integer_value(json_object_get(h, "events")),
                 chr_chron_event_count(c));
    json_t *docs = json_object_get(j, "documents");
    cr_assert_eq(json_array_size(docs), chr_chron_doc_count(c));
    for (size_t i = 0; i < json_array_size(docs); i++)
        cr_expect_eq(strlen(json_string_value(json_object_get(json_array_get(docs, i),
                                                              "sha256"))), 64);
    /* the timeline's own bytes follow the header unchanged */
    char *tl = timeline(c);
    cr_expect_not_null(strstr(s, tl + 1));
    free(tl);
    json_decref(j);
    free(s);
    chr_chron_free(c);
}

Test(version, load_restores_ids_sequence_and_time)
{
    chr_chron *c = fixture();
    size_t n = chr_chron_event_count(c);
    cr_assert_gt(n, 3);
    /* what a history does to a version: lineage ids, sequences */
    chr_event *e0 = (chr_event *)chr_chron_event(c, 0);
    chr_event *e2 = (chr_event *)chr_chron_event(c, 2);
    memcpy(e0->id, "00000000000000aa", 17);
    e2->sequence = 4;
    e2->modified = 1594728000;
    size_t len;
    char *s = chr_version_render(c, 1594728001, &len);
    int64_t created = 0;
    chr_error err = {0};
    chr_chron *back = chr_version_load(s, len, "snap.json", &created, &err);
    cr_assert_not_null(back, "%s", err.msg);
    cr_expect_eq(created, 1594728001);
    cr_assert_eq(chr_chron_event_count(back), n);
    cr_expect_str_eq(chr_chron_version(back), chr_chron_version(c));
    cr_expect_neq(chr_chron_find(back, "00000000000000aa"), (size_t)-1);
    size_t k = chr_chron_find(back, e2->id);
    cr_assert_neq(k, (size_t)-1);
    cr_expect_eq(chr_chron_event(back, k)->sequence, 4);
    cr_expect_eq(chr_chron_event(back, k)->modified, 1594728000);
    /* rendering the loaded one gives the same bytes again */
    char *again = chr_version_render(back, 1594728001, NULL);
    cr_expect_str_eq(again, s);
    free(again);
    free(s);
    chr_chron_free(back);
    chr_chron_free(c);
}

Test(version, reads_plain_timelines_and_mention_lines)
{
    chr_chron *c = fixture();
    char *tl = timeline(c);
    chr_chron *back = chr_version_load(tl, strlen(tl), "t.json", NULL, NULL);
    cr_assert_not_null(back);
    char *tl2 = timeline(back);
    cr_expect_str_eq(tl2, tl);
    free(tl2);
    chr_chron_free(back);
    free(tl);
    /* JSON lines: nothing stored to restore, still a chronology */
    const char *lines =
        "{\"kind\":\"document\",\"doc\":\"a\",\"sha256\":"
        "\"0000000000000000000000000000000000000000000000000000000000000000\"}\n"
        "{\"kind\":\"mention\",\"doc\":\"a\",\"offset\":0,\"length\":5,\"sentence\":\"x\","
        "\"date\":\"2019-03-05\",\"type\":\"meeting\",\"title\":\"x\"}\n";
    back = chr_version_load(lines, strlen(lines), "l.jsonl", NULL, NULL);
    cr_assert_not_null(back);
    cr_expect_eq(chr_chron_event_count(back), 1);
    chr_chron_free(back);
    chr_chron_free(c);
}

static const struct {
    const char *what, *text;
    chr_status code;
} damaged[] = {
    {"empty", "", CHR_OK},
    {"not JSON", "{\"snapshot\":", CHR_EPARSE},
    {"binary", "\x01\x02\xff\xfe", CHR_EPARSE},
    {"invalid UTF-8 in a string",
     "{\"events\":[{\"type\":\"ban\",\"sources\":[{\"doc\":\"a\xc3\",\"offset\":0,"
     "\"length\":1,\"date\":\"2019\"}]}],\"documents\":[]}", CHR_EPARSE},
    {"unknown format", "{\"snapshot\":{\"format\":99,\"version\":\"x\"},\"events\":[]}", CHR_EPARSE},
    {"documents do not hash to the version",
     "{\"snapshot\":{\"format\":1,\"version\":\"0038684aa1e6b0c16ec02ed4ab08ba209d8a9fbfacda2c4473157f4b19542a84\"},"
     "\"events\":[],\"documents\":[]}", CHR_EPARSE},
    {"an event without sources", "{\"snapshot\":{\"format\":1},\"events\":[{\"id\":\"x\"}]}",
     CHR_EPARSE},
};

Test(version, refuses_damaged_snapshots)
{
    for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
        chr_error err = {0};
        chr_chron *c = chr_version_load(damaged[i].text, strlen(damaged[i].text), "bad.json",
                                        NULL, &err);
        if (damaged[i].code == CHR_OK) {
            cr_expect_not_null(c, "%s: %s", damaged[i].what, err.msg);
            cr_expect_eq(chr_chron_event_count(c), 0);
        } else {
            cr_expect_null(c, "%s accepted", damaged[i].what);
            cr_expect_eq(err.code, damaged[i].code, "%s: %d %s", damaged[i].what, err.code,
                         err.msg);
            cr_expect_str_eq(err.file, "bad.json", "%s", damaged[i].what);
        }
        chr_chron_free(c);
    }
    /* a real snapshot with one digest altered is refused */
    chr_chron *c = fixture();
    char *s = chr_version_render(c, 0, NULL);
    char *sha = strstr(s, "\"sha256\":\"");
    cr_assert_not_null(sha);
    sha[10] = sha[10] == 'a' ? 'b' : 'a';
    chr_error err = {0};
    cr_expect_null(chr_version_load(s, strlen(s), "x", NULL, &err));
    cr_expect_not_null(strstr(err.msg, "damaged"), "%s", err.msg);
    free(s);
    chr_chron_free(c);
}

Test(version, write_file_replaces_atomically)
{
    char *dir = tu_tmpdir();
    char path[512], listing[600];
    snprintf(path, sizeof path, "%s/snap.json", dir);
    chr_error err = {0};
    cr_assert_eq(chr_version_write_file(path, "one\n", 4, &err), 0, "%s", err.msg);
    cr_assert_eq(chr_version_write_file(path, "second\n", 7, &err), 0, "%s", err.msg);
    char *back = tu_read(path, NULL);
    cr_expect_str_eq(back, "second\n");
    free(back);
    /* no temporary left behind */
    snprintf(listing, sizeof listing, "ls -A '%s'", dir);
    char *out;
    tu_run(listing, &out, NULL);
    cr_expect_str_eq(out, "snap.json\n");
    free(out);
    /* a folder that is really a file: even root cannot write there */
    char bad[600];
    snprintf(bad, sizeof bad, "%s/snap.json/inside.json", dir);
    chr_error_clear(&err);
    cr_expect_eq(chr_version_write_file(bad, "x", 1, &err), CHR_EIO);
    cr_expect_not_null(strstr(err.msg, "Not a directory"), "%s", err.msg);
    back = tu_read(path, NULL);
    cr_expect_str_eq(back, "second\n", "a failed write leaves the old file");
    free(back);
    /* reading: missing file */
    chr_error_clear(&err);
    snprintf(bad, sizeof bad, "%s/none.json", dir);
    cr_expect_null(chr_version_read(bad, NULL, &err));
    cr_expect_eq(err.code, CHR_EIO);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

static const struct {
    const char *text;
    int64_t want;
} times[] = {
    {"1970-01-01T00:00:00Z", 0},
    {"2020-07-14T12:00:00Z", 1594728000},
    {"2019-03-06T23:59:59Z", 1551916799},
    {"2020-07-14T12:00:00", CHR_NO_DAY},
    {"2020-07-14 12:00:00Z", CHR_NO_DAY},
    {"2020-13-14T12:00:00Z", CHR_NO_DAY},
    {"2020-07-14T24:00:00Z", CHR_NO_DAY},
    {"2020-07-14T1a:00:00Z", CHR_NO_DAY},
    {"", CHR_NO_DAY},
};

Test(version, parses_rfc3339_times)
{
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++)
        cr_expect_eq(chr_time_parse(times[i].text), times[i].want, "'%s'",
                     times[i].text);
    cr_expect_eq(chr_time_parse(NULL), CHR_NO_DAY);
}
