/* test_cli.c - the chronicle executable: map/reduce equivalence, exit
 * codes, error messages. */
#include <criterion/criterion.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

static char *out_of(const char *fmt, const char *a, const char *b, int *status)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, fmt, a, b);
    char *out;
    *status = tu_run(cmd, &out, NULL);
    return out;
}

Test(cli, timeline_equals_extract_merge)
{
    int st;
    char *whole = out_of("%s timeline fixtures/corpus%s", tu_bin(), "", &st);
    cr_assert_eq(st, 0);
    cr_assert_gt(strlen(whole), 1000);
    char *piped = out_of("%s extract fixtures/corpus | %s merge", tu_bin(), tu_bin(), &st);
    cr_assert_eq(st, 0);
    cr_assert_str_eq(piped, whole);
    free(piped);
    /* shards in parallel, merged; then merged outputs merged again */
    char *dir = tu_tmpdir();
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd fixtures/corpus && ls | split -l 2 - '%s/shard.' && cd ../.. && "
             "ls '%s'/shard.* | xargs -P 3 -I{} sh -c 'cd fixtures/corpus && "
             "xargs %s%s extract < {} > {}.jsonl' && "
             "%s merge '%s'/shard.aa.jsonl > '%s/m1.json' && "
             "cat '%s'/shard.a[b-z].jsonl | %s merge > '%s/m2.json' && "
             "%s merge '%s/m2.json' '%s/m1.json'",
             dir, dir, tu_bin()[0] == '/' ? "" : "../../", tu_bin(), tu_bin(), dir, dir,
             dir, tu_bin(), dir, tu_bin(), dir, dir);
    char *sharded;
    st = tu_run(cmd, &sharded, NULL);
    cr_assert_eq(st, 0);
    cr_assert_str_eq(sharded, whole, "sharded merge differs from timeline");
    /* merging the same input twice changes nothing */
    char *twice = out_of("cat %s/m1.json %s/m1.json", dir, dir, &st);
    free(twice);
    snprintf(cmd, sizeof cmd, "%s merge '%s/m1.json' '%s/m1.json' '%s/m2.json'", tu_bin(), dir, dir, dir);
    st = tu_run(cmd, &twice, NULL);
    cr_assert_eq(st, 0);
    cr_assert_str_eq(twice, whole);
    free(twice);
    free(sharded);
    free(whole);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

static const struct {
    const char *args;
    int status;
    const char *stderr_has;
} exit_rows[] = {
    {"", 2, "usage"},
    {"frobnicate", 2, "unknown command"},
    {"timeline", 2, "no DIR"},
    {"timeline fixtures/corpus --format xml", 2, "expected json or ics"},
    {"timeline fixtures/no-such-dir", 1, "cannot list folder"},
    {"timeline fixtures/page", 0, ""},
    {"dates", 2, "no FILE"},
    {"dates fixtures/corpus/001_2543bc9b8d1cc153.txt --dct 2019-02-30", 2, "not a date"},
    {"dates fixtures/corpus/001_2543bc9b8d1cc153.txt --date-order ymd", 2, "expected dmy or mdy"},
    {"dates fixtures/no-such-file.txt", 1, "cannot open"},
    {"merge fixtures/gold/no-such.json", 1, "cannot open"},
    {"events", 2, "no FILE"},
    {"timeline --help", 0, ""},
    {"--help", 0, ""},
};

Test(cli, exit_codes_and_messages)
{
    for (size_t i = 0; i < sizeof exit_rows / sizeof exit_rows[0]; i++) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "%s %s 2>&1 >/dev/null", tu_bin(), exit_rows[i].args);
        char *err;
        int st = tu_run(cmd, &err, NULL);
        cr_expect_eq(st, exit_rows[i].status, "'%s': exit %d, want %d", exit_rows[i].args, st,
                     exit_rows[i].status);
        cr_expect(strstr(err, exit_rows[i].stderr_has) != NULL, "'%s': stderr '%s' lacks '%s'",
                  exit_rows[i].args, err, exit_rows[i].stderr_has);
        free(err);
    }
}

/* An error names a byte only when there is one: FILE:OFFSET for a bad
 * byte (byte 0 included), FILE alone for a folder, a file that will not
 * open or an empty file.  {} in args and want is the test's folder. */
static const struct { const char *args, *want; } place_rows[] = {
    { "timeline {}/no-such-dir",  "chronicle: {}/no-such-dir: cannot list folder: " },
    { "dates {}/no-such-file.txt", "chronicle: {}/no-such-file.txt: cannot open: " },
    { "timeline {}/docs",         "chronicle: {}/docs/empty.txt: empty file, expected text\n" },
    { "timeline {}/docs",         "chronicle: {}/docs/bad0.txt:0: 0xFF cannot start a UTF-8 sequence" },
    { "timeline {}/docs",         "chronicle: {}/docs/bad9.txt:9: 0xFF cannot start a UTF-8 sequence" },
};

/* s with every {} replaced by dir, into out. */
static void fill(char *out, size_t cap, const char *s, const char *dir)
{
    size_t n = 0;
    for (; *s != '\0' && n + 1 < cap; s++) {
        if (s[0] == '{' && s[1] == '}') {
            n += (size_t)snprintf(out + n, cap - n, "%s", dir);
            s++;
        } else {
            out[n++] = *s;
        }
    }
    out[n < cap ? n : cap - 1] = '\0';
}

Test(cli, errors_name_an_offset_only_when_there_is_a_byte)
{
    char *dir = tu_tmpdir();
    cr_assert_not_null(dir);
    char p[512];
    snprintf(p, sizeof p, "%s/docs", dir);
    cr_assert_eq(mkdir(p, 0700), 0);
    static const struct { const char *name, *text; } docs[] = {
        { "empty.txt", "" },
        /* UTF-8 with one damaged byte (its other accented letters are
         * UTF-8; a stray byte in ASCII text would be read as 8-bit text) */
        { "bad0.txt",  "\xffOpened on 5 March 2019 at the Caf\xc3\xa9 M\xc3\xbcller." },
        { "bad9.txt",  "Opened on\xff 5 March 2019 at the Caf\xc3\xa9 M\xc3\xbcller." },
        { "ok.txt",    "Opened on 5 March 2019." },
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        snprintf(p, sizeof p, "%s/docs/%s", dir, docs[i].name);
        cr_assert_eq(tu_write(p, docs[i].text, strlen(docs[i].text)), 0);
    }
    for (size_t i = 0; i < sizeof place_rows / sizeof place_rows[0]; i++) {
        char args[1024], want[1024], cmd[2048];
        fill(args, sizeof args, place_rows[i].args, dir);
        fill(want, sizeof want, place_rows[i].want, dir);
        snprintf(cmd, sizeof cmd, "%s %s 2>&1 >/dev/null", tu_bin(), args);
        char *err;
        tu_run(cmd, &err, NULL);
        cr_assert_not_null(err);
        cr_expect(strstr(err, want) != NULL, "'%s': stderr '%s' lacks '%s'", args, err, want);
        cr_expect(strstr(err, ":0: cannot") == NULL && strstr(err, ":0: empty") == NULL,
                  "'%s': an offset where there is no byte: %s", args, err);
        free(err);
    }
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

Test(cli, merge_rejects_malformed_lines)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "printf '{\"kind\":\"document\",\"doc\":\"a\",\"sha256\":\"%%064d\"}\\n{oops\\n' 0 | %s merge 2>&1 >/dev/null",
             tu_bin());
    char *err;
    int st = tu_run(cmd, &err, NULL);
    cr_assert_eq(st, 1);
    cr_assert(strstr(err, "<stdin>:") != NULL && strstr(err, "line 2") != NULL, "%s", err);
    free(err);
}

Test(cli, dates_reports_bad_bytes_and_keeps_going)
{
    char *dir = tu_tmpdir();
    char p[512];
    /* UTF-8 with one damaged byte (not another encoding: its other
     * accented letters are UTF-8) */
    snprintf(p, sizeof p, "%s/bad.txt", dir);
    static const char bad[] = "Caf\xc3\xa9 M\xc3\xbcller opened on 5 March 2019 in "
                              "Z\xc3\xbcrich, \xe9 then on 6 March 2019.";
    tu_write(p, bad, sizeof bad - 1);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s dates '%s' 2>'%s/err'", tu_bin(), p, dir);
    char *out;
    int st = tu_run(cmd, &out, NULL);
    cr_assert_eq(st, 0);
    cr_assert(strstr(out, "\"value\":\"2019-03-05\"") && strstr(out, "\"value\":\"2019-03-06\""), "%s", out);
    snprintf(p, sizeof p, "%s/err", dir);
    char *err = tu_read(p, NULL);
    cr_assert(strstr(err, "bad.txt:49:") != NULL, "%s", err);
    free(err);
    free(out);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

Test(cli, timeline_ics_output)
{
    int st;
    char *ics = out_of("%s timeline fixtures/corpus --format ics%s", tu_bin(), "", &st);
    cr_assert_eq(st, 0);
    cr_assert(strncmp(ics, "BEGIN:VCALENDAR\r\n", 17) == 0);
    cr_assert(strstr(ics, "END:VCALENDAR\r\n") != NULL);
    cr_assert(strstr(ics, "DTSTART;VALUE=DATE:20190305") != NULL);
    free(ics);
}

Test(cli, timeline_of_only_bad_files_fails)
{
    char *dir = tu_tmpdir();
    char p[512];
    snprintf(p, sizeof p, "%s/empty.txt", dir);
    tu_write(p, "", 0);
    snprintf(p, sizeof p, "%s/junk.bin", dir);
    tu_write(p, "\x7f" "ELF\x02\x01\x01\x00\x00\x00", 10);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s timeline '%s' 2>&1 >/dev/null", tu_bin(), dir);
    char *err;
    int st = tu_run(cmd, &err, NULL);
    cr_expect_eq(st, 1);
    cr_expect(strstr(err, "empty.txt") && strstr(err, "junk.bin: ELF") &&
              strstr(err, "none of its 2 files"), "%s", err);
    free(err);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

/* A shard sees only its own documents' numeric-date order: a.txt shows
 * month first, b.txt shows none.  Extracted apart, b.txt is read day
 * first; with the order the counts of both show (--order-counts, then
 * --corpus-order), the shards merge to timeline's bytes. */
Test(cli, shards_read_dates_in_the_corpus_order)
{
    char *dir = tu_tmpdir();
    char p[512];
    static const char a[] = "The city council approved the budget on 01/13/2019 after a long "
                            "debate.\nOfficials said the vote on 01/20/2019 was final.\n";
    static const char b[] = "The mayor resigned on 04/05/2019, officials said.\n";
    snprintf(p, sizeof p, "%s/a.txt", dir);
    cr_assert_eq(tu_write(p, a, sizeof a - 1), 0);
    snprintf(p, sizeof p, "%s/b.txt", dir);
    cr_assert_eq(tu_write(p, b, sizeof b - 1), 0);
    int st;
    char *whole = out_of("%s timeline '%s'", tu_bin(), dir, &st);
    cr_assert_eq(st, 0);
    cr_assert(strstr(whole, "\"2019-04-05\"") != NULL, "%s", whole);

    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s extract --order-counts '%s/a.txt' '%s/b.txt'", tu_bin(), dir, dir);
    char *counts;
    cr_assert_eq(tu_run(cmd, &counts, NULL), 0);
    cr_assert_str_eq(counts, "{\"kind\":\"orders\",\"dmy\":0,\"mdy\":2,\"open\":1}\n");
    free(counts);

    snprintf(cmd, sizeof cmd, "%s extract '%s/b.txt' | %s merge", tu_bin(), dir, tu_bin());
    char *alone;
    cr_assert_eq(tu_run(cmd, &alone, NULL), 0);
    cr_assert(strstr(alone, "\"2019-05-04\"") != NULL, "b.txt alone is read day first: %s", alone);
    free(alone);

    snprintf(cmd, sizeof cmd,
             "cd '%s' && { %s%s extract a.txt --corpus-order mdy && "
             "%s%s extract --corpus-order=mdy --follow-links b.txt; } | %s%s merge",
             dir, tu_bin()[0] == '/' ? "" : "$OLDPWD/", tu_bin(),
             tu_bin()[0] == '/' ? "" : "$OLDPWD/", tu_bin(),
             tu_bin()[0] == '/' ? "" : "$OLDPWD/", tu_bin());
    char *sharded;
    cr_assert_eq(tu_run(cmd, &sharded, NULL), 0, "%s", cmd);
    cr_assert_str_eq(sharded, whole);
    free(sharded);

    snprintf(cmd, sizeof cmd, "%s extract --corpus-order ymd '%s/a.txt' 2>&1 >/dev/null", tu_bin(), dir);
    char *err;
    cr_assert_eq(tu_run(cmd, &err, NULL), 2);
    cr_assert(strstr(err, "expected dmy, mdy or none") != NULL, "%s", err);
    free(err);
    free(whole);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

/* Two folders that both hold a.txt: extract names each document by its
 * path below the deepest folder holding every input, so they stay two
 * documents and merge gives what timeline gives for the folder above
 * them; one folder alone is named as timeline names it; shards extracted
 * apart share names with --root. */
Test(cli, extract_names_documents_below_the_folder_of_every_input)
{
    char *dir = tu_tmpdir();
    static const struct {
        const char *name, *text;
    } docs[] = {
        {"one/a.txt", "The city council approved the budget on 13 January 2019.\n"},
        {"one/sub/b.txt", "The mayor resigned on 5 April 2019, officials said.\n"},
        {"two/a.txt", "The harbour board banned night flights on 4 March 2019.\n"},
    };
    char p[512], cmd[4096];
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        snprintf(p, sizeof p, "%s/one", dir);
        mkdir(p, 0755);
        snprintf(p, sizeof p, "%s/one/sub", dir);
        mkdir(p, 0755);
        snprintf(p, sizeof p, "%s/two", dir);
        mkdir(p, 0755);
        snprintf(p, sizeof p, "%s/%s", dir, docs[i].name);
        cr_assert_eq(tu_write(p, docs[i].text, strlen(docs[i].text)), 0);
    }
    int st;
    char *whole = out_of("%s timeline '%s'", tu_bin(), dir, &st);
    cr_assert_eq(st, 0);
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        snprintf(p, sizeof p, "\"doc\":\"%s\"", docs[i].name);
        cr_expect(strstr(whole, p) != NULL, "timeline lacks %s", p);
    }

    static const struct {
        const char *args;       /* after "extract", %1$s the folder */
        const char *same_as;    /* the timeline of this folder, "" for dir */
    } rows[] = {
        {"'%1$s/one' '%1$s/two'", ""},
        {"'%1$s/two' '%1$s/one/'", ""},
        {"'%1$s/one/a.txt' '%1$s/two/a.txt' '%1$s/one/sub/b.txt'", ""},
        {"'%1$s/one/../two' '%1$s/./one'", ""},
        {"'%1$s/one'", "one"},
        {"'%1$s/one/a.txt' '%1$s/one/sub/b.txt'", "one"},
        {"--no-recurse '%1$s/one' '%1$s/one/sub'", "one"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char args[1024];
        snprintf(args, sizeof args, rows[i].args, dir);
        char *want = whole;
        if (rows[i].same_as[0] != '\0') {
            snprintf(p, sizeof p, "%s/%s", dir, rows[i].same_as);
            want = out_of("%s timeline '%s'", tu_bin(), p, &st);
            cr_assert_eq(st, 0);
        }
        snprintf(cmd, sizeof cmd, "%s extract %s | %s merge", tu_bin(), args, tu_bin());
        char *got;
        cr_expect_eq(tu_run(cmd, &got, NULL), 0, "%s", cmd);
        cr_expect_str_eq(got, want, "extract %s", rows[i].args);
        free(got);
        if (want != whole)
            free(want);
    }

    /* shards extracted apart: --root names them as the whole folder */
    snprintf(cmd, sizeof cmd,
             "%s extract --root '%s' '%s/one' > '%s/s1' && "
             "%s extract --root='%s' '%s/two/a.txt' > '%s/s2' && %s merge '%s/s1' '%s/s2'",
             tu_bin(), dir, dir, dir, tu_bin(), dir, dir, dir, tu_bin(), dir, dir);
    char *got;
    cr_expect_eq(tu_run(cmd, &got, NULL), 0, "%s", cmd);
    cr_expect_str_eq(got, whole, "shards with --root");
    free(got);
    /* without it each names a.txt its own way, and merge refuses the clash */
    snprintf(cmd, sizeof cmd,
             "%s extract '%s/one' > '%s/s1' && %s extract '%s/two' > '%s/s2' && "
             "%s merge '%s/s1' '%s/s2' 2>&1 >/dev/null",
             tu_bin(), dir, dir, tu_bin(), dir, dir, tu_bin(), dir, dir);
    cr_expect_eq(tu_run(cmd, &got, NULL), 1, "%s", cmd);
    cr_expect(strstr(got, "a.txt: two different documents with this name") != NULL, "%s", got);
    free(got);

    snprintf(cmd, sizeof cmd, "%s extract --root '%s/two' '%s/one' 2>&1", tu_bin(), dir, dir);
    cr_expect_eq(tu_run(cmd, &got, NULL), 2);
    cr_expect(strstr(got, "is not inside --root") != NULL, "%s", got);
    free(got);
    snprintf(cmd, sizeof cmd, "%s timeline '%s/one' '%s/two' 2>&1", tu_bin(), dir, dir);
    cr_expect_eq(tu_run(cmd, &got, NULL), 2);
    cr_expect(strstr(got, "chronicle extract DIR... | chronicle merge") != NULL, "%s", got);
    free(got);
    free(whole);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

/* -o names a pipe or a device: written to as it is, never replaced by a
 * file renamed over it (as a regular file is, so that no reader sees it
 * half written); for the timeline and for a snapshot. */
Test(cli, output_to_a_pipe_stays_a_pipe, .timeout = 90)
{
    static const struct { const char *args, *starts; } rows[] = {
        {"timeline fixtures/corpus --format ics", "BEGIN:VCALENDAR\r\n"},
        {"snapshot fixtures/corpus", "{"},
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        char *dir = tu_tmpdir();
        cr_assert_not_null(dir);
        char cmd[2048], fifo[256];
        snprintf(fifo, sizeof fifo, "%s/feed", dir);
        cr_assert_eq(mkfifo(fifo, 0600), 0);
        /* the reader copies what comes through the pipe to stdout (for
         * 20 s at most: a writer that never opens the pipe must not hang
         * the test) */
        snprintf(cmd, sizeof cmd, "timeout 20 cat '%s' & %s %s -o '%s'; st=$?; wait; exit $st",
                 fifo, tu_bin(), rows[k].args, fifo);
        char *out;
        int st = tu_run(cmd, &out, NULL);
        cr_expect_eq(st, 0, "%s", rows[k].args);
        cr_expect(strncmp(out, rows[k].starts, strlen(rows[k].starts)) == 0, "%s: %.60s",
                  rows[k].args, out);
        cr_expect(strstr(out, "2019") != NULL, "%s: no events came through", rows[k].args);
        struct stat sb;
        cr_assert_eq(lstat(fifo, &sb), 0);
        cr_expect(S_ISFIFO(sb.st_mode), "%s: the pipe was replaced", rows[k].args);
        free(out);
        tu_rmtree(dir);
        free(dir);
    }
}
