/* test_jobs.c - `-j N`: the documents are analysed on N threads, and
 * every byte a command writes (stdout and stderr) is the same for -j 1
 * and -j 4, on the fixtures and on a generated corpus with documents that
 * wait for the corpus's day-month order and files that cannot be used. */
#include <criterion/criterion.h>
#include <string.h>

#include "bench/synth.h"
#include "testutil.h"

/* A copy of the seed corpus with a fixed mtime (the timeline carries the
 * newest one); the caller frees the path. */
static char *copy_corpus(const char *from)
{
    char *dir = tu_tmpdir();
    cr_assert_not_null(dir);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cp %s/* '%s'/ && touch -d '2019-07-04 10:00:00 UTC' '%s'/*",
             from, dir, dir);
    cr_assert_eq(system(cmd), 0);
    return dir;
}

/* 150 documents from the seed corpus with shifted years, some with
 * numeric dates in no order of their own (they wait for the corpus's),
 * some given as day first, and unusable files among them. */
static char *generated_corpus(void)
{
    char *dir = tu_tmpdir();
    cr_assert_not_null(dir);
    synth s;
    cr_assert_eq(synth_load(&s), 0);
    char path[512], *buf = malloc(1 << 20);
    cr_assert_not_null(buf);
    for (size_t k = 0; k < 150; k++) {
        size_t n = synth_doc(&s, k, buf);
        if (k % 7 == 3)
            n += (size_t)snprintf(buf + n, 256, "\nThe review is set for 04/05/%zu.\n",
                                  2000 + k % 20);
        if (k % 11 == 5)
            n += (size_t)snprintf(buf + n, 256, "\nPaid on 25/03/2018 and 03/04/2018.\n");
        snprintf(path, sizeof path, "%s/doc%04zu.txt", dir, k);
        cr_assert_eq(tu_write(path, buf, n), 0);
    }
    snprintf(path, sizeof path, "%s/doc0040-bad.txt", dir);
    const char *bad = "caf\xc3 au lait on 3 May 2019\n";
    cr_assert_eq(tu_write(path, bad, strlen(bad)), 0);
    snprintf(path, sizeof path, "%s/doc0090-empty.txt", dir);
    cr_assert_eq(tu_write(path, "", 0), 0);
    for (int i = 0; i < 5; i++)
        free(s.text[i]);
    free(buf);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "touch -d '2019-07-04 10:00:00 UTC' '%s'/*", dir);
    cr_assert_eq(system(cmd), 0);
    return dir;
}

/* stdout and stderr of `chronicle ARGS -j J` (with %s in args for dir). */
static char *run_jobs(const char *args, const char *dir, int jobs, char **err, int *status)
{
    char a[1024], cmd[4096], errpath[600];
    snprintf(a, sizeof a, args, dir, dir);
    snprintf(errpath, sizeof errpath, "%s.err%d", dir, jobs);
    snprintf(cmd, sizeof cmd, "%s %s -j %d 2>'%s'", tu_bin(), a, jobs, errpath);
    char *out = NULL;
    size_t len = 0;
    *status = tu_run(cmd, &out, &len);
    cr_assert_not_null(out);
    *err = tu_read(errpath, NULL);
    cr_assert_not_null(*err);
    unlink(errpath);
    return out;
}

static void same_bytes(const char *args, const char *dir)
{
    char *e1, *e4;
    int s1, s4;
    char *o1 = run_jobs(args, dir, 1, &e1, &s1);
    char *o4 = run_jobs(args, dir, 4, &e4, &s4);
    cr_expect_eq(s1, s4, "%s: exit %d with -j 1, %d with -j 4", args, s1, s4);
    cr_expect_gt(strlen(o1), 0, "%s: no output", args);
    cr_expect_str_eq(o1, o4, "%s: stdout differs between -j 1 and -j 4", args);
    cr_expect_str_eq(e1, e4, "%s: stderr differs between -j 1 and -j 4", args);
    free(o1);
    free(o4);
    free(e1);
    free(e4);
}

static const char *const commands[] = {
    "timeline '%s'",
    "timeline '%s' --format ics",
    "timeline '%s' --pretty",
    "extract '%s'",
    "dates '%s'/*",
    "diff fixtures/corpus '%s' --format json",
};

static void check_all(const char *dir)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        same_bytes(commands[i], dir);
}

Test(jobs, fixtures_same_bytes)
{
    const char *from[] = {"fixtures/corpus", "fixtures/corpus-v2"};
    for (size_t i = 0; i < 2; i++) {
        char *dir = copy_corpus(from[i]);
        check_all(dir);
        cr_assert_eq(tu_rmtree(dir), 0);
        free(dir);
    }
}

Test(jobs, generated_corpus_same_bytes)
{
    char *dir = generated_corpus();
    check_all(dir);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

Test(jobs, golden_with_four_jobs)
{
    char *dir = copy_corpus("fixtures/corpus");
    char *err;
    int st;
    char *out = run_jobs("timeline '%s'", dir, 4, &err, &st);
    cr_assert_eq(st, 0);
    size_t want_len = 0;
    char *want = tu_read("fixtures/golden/corpus-timeline.json", &want_len);
    cr_assert_not_null(want);
    cr_expect_eq(strlen(out), want_len);
    cr_expect(strcmp(out, want) == 0, "-j 4 differs from fixtures/golden/corpus-timeline.json");
    free(want);
    free(out);
    free(err);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

static const struct { const char *arg; int ok; } job_args[] = {
    {"-j 1", 1}, {"-j3", 1}, {"--jobs 2", 1}, {"--jobs=256", 1},
    {"-j 0", 0}, {"-j 257", 0}, {"-j x", 0}, {"-j -1", 0}, {"-j 2x", 0}, {"--jobs", 0},
};

Test(jobs, option_values)
{
    for (size_t i = 0; i < sizeof job_args / sizeof job_args[0]; i++) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "%s timeline fixtures/corpus %s >/dev/null 2>&1", tu_bin(),
                 job_args[i].arg);
        int st = system(cmd);
        int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        if (job_args[i].ok)
            cr_expect_eq(code, 0, "'%s' exited %d", job_args[i].arg, code);
        else
            cr_expect_eq(code, 2, "'%s' exited %d, expected 2 (usage)", job_args[i].arg, code);
    }
}
