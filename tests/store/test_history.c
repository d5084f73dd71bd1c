/* test_history.c - the state folder: numbered versions that survive a
 * reopen, no duplicate for an unchanged corpus, pruning, a malformed
 * index left alone, unwritable folders. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "chronicle/corpus.h"
#include "chronicle/history.h"
#include "chronicle/record.h"
#include "chronicle/version.h"
#include "testutil.h"

static chr_chron *build(const char *dir)
{
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    chr_chron *c = chr_corpus_build(dir, &o, NULL);
    cr_assert_not_null(c, "run from the repository root");
    return c;
}

Test(history, versions_survive_a_reopen)
{
    char *tmp = tu_tmpdir();
    char state[512];
    snprintf(state, sizeof state, "%s/state", tmp);
    chr_chron *v1 = build("fixtures/corpus"), *v2 = build("fixtures/corpus-v2");
    chr_error err = {0};
    chr_history *h = chr_history_open(state, 0, &err);
    cr_assert_not_null(h, "%s", err.msg);
    cr_expect_eq(chr_history_count(h), 0);
    uint64_t n1 = 0, n2 = 0, again = 0;
    cr_assert_eq(chr_history_add(h, v1, 1000, NULL, &n1, &err), 0, "%s", err.msg);
    size_t counts[3] = {3, 6, 2};
    cr_assert_eq(chr_history_add(h, v2, 2000, counts, &n2, &err), 0, "%s", err.msg);
    /* the same corpus again: no new version */
    cr_assert_eq(chr_history_add(h, v2, 3000, NULL, &again, &err), 0);
    cr_expect_eq(n1, 1);
    cr_expect_eq(n2, 2);
    cr_expect_eq(again, 2);
    cr_expect_eq(chr_history_count(h), 2);
    chr_history_free(h);

    h = chr_history_open(state, 0, &err);
    cr_assert_not_null(h, "%s", err.msg);
    cr_assert_eq(chr_history_count(h), 2);
    const chr_history_entry *e = chr_history_find(h, 2);
    cr_assert_not_null(e);
    cr_expect_str_eq(e->version, chr_chron_version(v2));
    cr_expect_eq(e->created, 2000);
    cr_expect_eq(e->events, chr_chron_event_count(v2));
    cr_expect_eq(e->documents, chr_chron_doc_count(v2));
    cr_expect_eq(e->added, 3);
    cr_expect_eq(e->removed, 6);
    cr_expect_eq(e->changed, 2);
    cr_expect(e->saved);
    cr_expect_null(chr_history_find(h, 3));
    cr_expect_eq(chr_history_at(h, 0)->number, 1);
    cr_expect_null(chr_history_at(h, 2));
    chr_chron *back = chr_history_load(h, 1, &err);
    cr_assert_not_null(back, "%s", err.msg);
    cr_expect_str_eq(chr_chron_version(back), chr_chron_version(v1));
    cr_expect_eq(chr_chron_event_count(back), chr_chron_event_count(v1));
    chr_chron_free(back);
    chr_error_clear(&err);
    cr_expect_null(chr_history_load(h, 9, &err));
    cr_expect_eq(err.code, CHR_ENOTFOUND);
    /* numbers are never reused, even for a corpus seen before */
    uint64_t n3 = 0;
    cr_assert_eq(chr_history_add(h, v1, 4000, NULL, &n3, NULL), 0);
    cr_expect_eq(n3, 3);
    /* the same documents with other events (a new chronicle): forced */
    uint64_t n4 = 0;
    cr_assert_eq(chr_history_add_with(h, v1, NULL, 0, 5000, NULL, 0, &n4, NULL), 0);
    cr_expect_eq(n4, 3, "not forced: the newest already is this corpus");
    cr_assert_eq(chr_history_add_with(h, v1, NULL, 0, 5000, NULL, 1, &n4, NULL), 0);
    cr_expect_eq(n4, 4);

    size_t len;
    char *list = chr_history_list_json(chr_history_at(h, 0), chr_history_count(h), 4, &len);
    json_t *j = json_loadb(list, len, 0, NULL);
    cr_assert_not_null(j);
    cr_expect_eq(json_integer_value(json_object_get(j, "current")), 4);
    json_t *vs = json_object_get(j, "versions");
    cr_assert_eq(json_array_size(vs), 4);
    cr_expect_eq(json_integer_value(json_object_get(json_array_get(vs, 0), "number")), 4,
                 "newest first");
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(vs, 3), "created")),
                     "1970-01-01T00:16:40Z");
    json_decref(j);
    free(list);
    chr_history_free(h);
    chr_chron_free(v1);
    chr_chron_free(v2);
    cr_assert_eq(tu_rmtree(tmp), 0);
    free(tmp);
}

Test(history, keeps_only_the_newest)
{
    char *tmp = tu_tmpdir();
    chr_chron *v[2] = {build("fixtures/corpus"), build("fixtures/corpus-v2")};
    chr_history *h = chr_history_open(tmp, 2, NULL);
    cr_assert_not_null(h);
    uint64_t n;
    for (int i = 0; i < 5; i++)
        cr_assert_eq(chr_history_add(h, v[i % 2], i, NULL, &n, NULL), 0);
    cr_expect_eq(n, 5);
    cr_assert_eq(chr_history_count(h), 2);
    cr_expect_eq(chr_history_at(h, 0)->number, 4);
    char path[600];
    struct stat st;
    chr_history_path(h, 3, path, sizeof path);
    cr_expect_neq(stat(path, &st), 0, "a pruned version's file is gone");
    chr_history_path(h, 4, path, sizeof path);
    cr_expect_eq(stat(path, &st), 0);
    chr_history_free(h);
    chr_chron_free(v[0]);
    chr_chron_free(v[1]);
    cr_assert_eq(tu_rmtree(tmp), 0);
    free(tmp);
}

Test(history, bad_folders_and_indexes)
{
    char *tmp = tu_tmpdir();
    char file[512], state[600];
    snprintf(file, sizeof file, "%s/plain-file", tmp);
    tu_write(file, "x", 1);
    /* a state path under a regular file: cannot be made, even by root */
    snprintf(state, sizeof state, "%s/state", file);
    chr_error err = {0};
    cr_expect_null(chr_history_open(state, 0, &err));
    cr_expect_eq(err.code, CHR_EIO);
    cr_expect_not_null(strstr(err.msg, "cannot create the state folder"), "%s", err.msg);
    chr_error_clear(&err);
    cr_expect_null(chr_history_open(file, 0, &err), "a file is not a folder");

    static const char *const indexes[] = {
        "{", "[]", "{\"format\":2,\"versions\":[]}", "{\"format\":1}",
        "{\"format\":1,\"versions\":[{\"number\":1}]}",
        "{\"format\":1,\"versions\":[{\"number\":0,\"version\":\"" /* bad number */
        "0000000000000000000000000000000000000000000000000000000000000000\"}]}",
        "{\"format\":1,\"versions\":[{\"number\":2,\"version\":\""
        "0000000000000000000000000000000000000000000000000000000000000000\"},"
        "{\"number\":1,\"version\":\""
        "0000000000000000000000000000000000000000000000000000000000000000\"}]}",
    };
    snprintf(state, sizeof state, "%s/s", tmp);
    mkdir(state, 0755);
    char index[700];
    snprintf(index, sizeof index, "%s/index.json", state);
    for (size_t i = 0; i < sizeof indexes / sizeof indexes[0]; i++) {
        tu_write(index, indexes[i], strlen(indexes[i]));
        chr_error_clear(&err);
        cr_expect_null(chr_history_open(state, 0, &err), "index '%s' accepted", indexes[i]);
        cr_expect_eq(err.code, CHR_EPARSE, "'%s': %s", indexes[i], err.msg);
        char *still = tu_read(index, NULL);
        cr_expect_str_eq(still, indexes[i], "a malformed index is left as it was");
        free(still);
    }
    /* a good index written by hand */
    const char *good = "{\"format\":1,\"next\":8,\"versions\":[{\"number\":7,\"version\":\""
                       "0000000000000000000000000000000000000000000000000000000000000000\","
                       "\"created\":\"2020-07-14T12:00:00Z\",\"events\":3}]}";
    tu_write(index, good, strlen(good));
    chr_history *h = chr_history_open(state, 0, &err);
    cr_assert_not_null(h, "%s", err.msg);
    cr_expect_eq(chr_history_find(h, 7)->created, 1594728000);
    cr_expect_eq(chr_history_find(h, 7)->events, 3);
    /* its snapshot file is missing: loading says so */
    chr_error_clear(&err);
    cr_expect_null(chr_history_load(h, 7, &err));
    cr_expect_eq(err.code, CHR_EIO);
    /* the folder turns into a file: adding fails, the history stays */
    chr_chron *c = build("fixtures/corpus");
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && echo x > '%s'", state, state);
    cr_assert_eq(system(cmd), 0);
    uint64_t n = 0;
    chr_error_clear(&err);
    cr_expect_neq(chr_history_add(h, c, 1, NULL, &n, &err), 0);
    cr_expect_neq(err.code, CHR_OK);
    cr_expect_eq(chr_history_count(h), 1);
    chr_history_free(h);
    chr_chron_free(c);
    cr_assert_eq(tu_rmtree(tmp), 0);
    free(tmp);
}

Test(history, a_lock_held_elsewhere_is_an_error_in_bounded_time, .timeout = 60)
{
    char *dir = tu_tmpdir();
    char lockpath[512];
    snprintf(lockpath, sizeof lockpath, "%s/lock", dir);
    /* another holder: the lock file taken and never let go */
    int fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    cr_assert_geq(fd, 0);
    cr_assert_eq(flock(fd, LOCK_EX), 0);
    chr_error err = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    chr_history *h = chr_history_open(dir, 0, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double took = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    cr_expect_null(h);
    cr_expect(strstr(err.msg, "locked by another process") != NULL, "%s", err.msg);
    cr_expect_leq(took, CHR_HISTORY_LOCK_WAIT_MS / 1000.0 + 2.0, "waited %.1f s", took);
    cr_expect_geq(took, CHR_HISTORY_LOCK_WAIT_MS / 1000.0 - 0.5, "gave up after %.1f s", took);
    chr_history_free(h);
    /* once it is let go, the folder opens */
    flock(fd, LOCK_UN);
    close(fd);
    h = chr_history_open(dir, 0, &err);
    cr_expect_not_null(h, "%s", err.msg);
    chr_history_free(h);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

Test(history, a_damaged_snapshot_is_never_another_version)
{
    char *tmp = tu_tmpdir();
    char state[512], p1[600], p2[600], cmd[4096];
    snprintf(state, sizeof state, "%s/state", tmp);
    chr_chron *v1 = build("fixtures/corpus"), *v2 = build("fixtures/corpus-v2");
    chr_error err = {0};
    chr_history *h = chr_history_open(state, 0, &err);
    cr_assert_not_null(h, "%s", err.msg);
    uint64_t n1 = 0, n2 = 0;
    cr_assert_eq(chr_history_add(h, v1, 1000, NULL, &n1, &err), 0, "%s", err.msg);
    cr_assert_eq(chr_history_add(h, v2, 2000, NULL, &n2, &err), 0, "%s", err.msg);
    cr_assert_eq(chr_history_path(h, 1, p1, sizeof p1), 0);
    cr_assert_eq(chr_history_path(h, 2, p2, sizeof p2), 0);
    /* the index knows each file's size and digest */
    cr_expect_neq(chr_history_find(h, 2)->sha256[0], '\0');
    cr_expect_gt(chr_history_find(h, 2)->bytes, 0u);
    chr_history_free(h);

    /* swapped files: neither is served as the other */
    snprintf(cmd, sizeof cmd, "mv '%s' '%s.t' && mv '%s' '%s' && mv '%s.t' '%s'", p1, p1, p2,
             p1, p1, p2);
    cr_assert_eq(tu_run(cmd, NULL, NULL), 0);
    h = chr_history_open(state, 0, &err);
    cr_assert_not_null(h);
    for (uint64_t k = 1; k <= 2; k++) {
        chr_error_clear(&err);
        chr_chron *c = chr_history_load(h, k, &err);
        cr_expect_null(c, "version %llu served from the other's file", (unsigned long long)k);
        cr_expect(strstr(err.msg, "not the one recorded") != NULL, "%s", err.msg);
        chr_chron_free(c);
    }
    chr_history_free(h);
    cr_assert_eq(tu_run(cmd, NULL, NULL), 0);  /* swapped back */

    /* a newest file cut to nothing: the newest good one is the base */
    cr_assert_eq(tu_write(p2, "", 0), 0);
    h = chr_history_open(state, 0, &err);
    cr_assert_not_null(h);
    chr_chron *base = NULL;
    uint64_t number = 0;
    int64_t created = 0;
    cr_assert_eq(chr_record_newest(h, &base, &number, &created, &err), 0, "%s", err.msg);
    cr_assert_not_null(base);
    cr_expect_eq(number, 1, "the base is version 1, the newest good one");
    cr_expect_str_eq(chr_chron_version(base), chr_chron_version(v1));
    chr_chron_free(base);
    /* and a new version still gets a new number */
    uint64_t n3 = 0;
    cr_assert_eq(chr_history_add(h, v2, 3000, NULL, &n3, &err), 0, "%s", err.msg);
    cr_expect_eq(n3, 3);
    chr_history_free(h);
    chr_chron_free(v1);
    chr_chron_free(v2);
    cr_assert_eq(tu_rmtree(tmp), 0);
    free(tmp);
}
