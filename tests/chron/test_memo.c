/*
 * test_memo.c - builds that take unchanged documents from the build
 * before (chr_corpus_memo): which documents are read again, and that the
 * chronology is always the one a build from nothing gives.
 */
#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>

#include "chronicle/corpus.h"
#include "chronicle/json.h"
#include "testutil.h"

/* The timeline of dir, built with memo (may be NULL) and jobs threads. */
static char *timeline(const char *dir, chr_corpus_memo *memo, unsigned jobs, int64_t dct)
{
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    o.memo = memo;
    o.jobs = jobs;
    o.dct = dct;
    chr_error err = {0};
    chr_chron *c = chr_corpus_build(dir, &o, &err);
    cr_assert_not_null(c, "%s: %s", err.file, err.msg);
    char *json = chr_json_timeline(c, NULL, 0, NULL, NULL);
    cr_assert_not_null(json);
    chr_chron_free(c);
    return json;
}

/* Build dir with memo and check it gives what a build from nothing
 * gives, having read `read` documents and taken `reused`. */
static void expect_build_j(const char *dir, chr_corpus_memo *memo, unsigned jobs, size_t read,
                           size_t reused, const char *step)
{
    char *fresh = timeline(dir, NULL, 1, CHR_NO_DAY);
    char *got = timeline(dir, memo, jobs, CHR_NO_DAY);
    cr_expect_str_eq(got, fresh, "%s: the chronology differs from a build from nothing", step);
    cr_expect_eq(chr_corpus_memo_read(memo), read, "%s: %zu documents read, expected %zu", step,
                 chr_corpus_memo_read(memo), read);
    cr_expect_eq(chr_corpus_memo_reused(memo), reused, "%s: %zu taken, expected %zu", step,
                 chr_corpus_memo_reused(memo), reused);
    free(fresh);
    free(got);
}

static void expect_build(const char *dir, chr_corpus_memo *memo, size_t read, size_t reused,
                         const char *step)
{
    expect_build_j(dir, memo, 2, read, reused, step);
}

static void append(const char *dir, const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "a");
    cr_assert_not_null(f, "%s", p);
    fputs(text, f);
    fclose(f);
}

static void write_doc(const char *dir, const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    cr_assert_eq(tu_write(p, text, strlen(text)), 0, "%s", p);
}

Test(memo, unchanged_documents_are_taken_changed_ones_read)
{
    char *dir = tu_tmpdir();
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cp fixtures/corpus/*.txt '%s'/", dir);
    cr_assert_eq(system(cmd), 0);
    write_doc(dir, "extra.txt", "Harbour board\n\nThe harbour board approved the dredging "
                                "plan on 14 March 2022. Work starts in June.\n");
    chr_corpus_memo *memo = chr_corpus_memo_new();
    cr_assert_not_null(memo);
    expect_build(dir, memo, 6, 0, "first build");
    expect_build(dir, memo, 0, 6, "nothing changed");
    append(dir, "extra.txt", "The board also closed the north quay on 2 May 2022.\n");
    expect_build(dir, memo, 1, 5, "one document written");
    /* a sidecar dates a document anew: it is read again */
    write_doc(dir, "extra.meta.json", "{\"dct\": \"2022-03-15\"}");
    expect_build(dir, memo, 1, 5, "a sidecar added");
    /* a sidecar that is a link to nothing: the document is refused, as a
     * build from nothing refuses it */
    char side[512];
    snprintf(side, sizeof side, "%s/000_b7a122fea373ab79.txt.meta.json", dir);
    cr_assert_eq(symlink("/nonexistent/sidecar.json", side), 0);
    expect_build(dir, memo, 1, 5, "a dangling sidecar");
    cr_assert_eq(unlink(side), 0);
    expect_build(dir, memo, 1, 5, "the dangling sidecar gone");
    char p[512];
    snprintf(p, sizeof p, "%s/extra.txt", dir);
    cr_assert_eq(unlink(p), 0);
    expect_build(dir, memo, 0, 5, "a document removed");
    write_doc(dir, "extra.txt", "Harbour board\n\nThe harbour board approved the dredging "
                                "plan on 14 March 2022. Work starts in June.\n");
    expect_build(dir, memo, 1, 5, "the document back");
    /* other options: nothing from before applies */
    char *forced = timeline(dir, memo, 1, 19000);
    cr_expect_eq(chr_corpus_memo_reused(memo), 0, "a build with another DCT took %zu",
                 chr_corpus_memo_reused(memo));
    free(forced);
    chr_corpus_memo_free(memo);
    tu_rmtree(dir);
    free(dir);
}

/* A document whose numeric dates follow the corpus's order is taken only
 * while the corpus shows the same order. */
Test(memo, documents_that_follow_the_corpus_order)
{
    char *dir = tu_tmpdir();
    /* 04/05/2021 alone says nothing of its order */
    write_doc(dir, "a.txt", "Minutes\n\nThe committee met on 04/05/2021 and approved the "
                            "budget.\n");
    /* 25/12/2021: day first */
    write_doc(dir, "b.txt", "Notice\n\nThe depot closed on 25/12/2021 after the storm.\n");
    chr_corpus_memo *memo = chr_corpus_memo_new();
    cr_assert_not_null(memo);
    expect_build(dir, memo, 2, 0, "first build");
    char *dmy = timeline(dir, NULL, 1, CHR_NO_DAY);
    cr_expect(strstr(dmy, "\"2021-05-04\"") != NULL, "day first: %s", dmy);
    expect_build(dir, memo, 0, 2, "nothing changed");
    /* two documents month first: the corpus's order turns */
    write_doc(dir, "c.txt", "Report\n\nThe bridge reopened on 12/27/2021 after repairs.\n");
    write_doc(dir, "d.txt", "Report\n\nThe ferry resumed on 12/28/2021 after the storm.\n");
    expect_build(dir, memo, 3, 1, "the order turned");
    char *mdy = timeline(dir, NULL, 1, CHR_NO_DAY);
    cr_expect(strstr(mdy, "\"2021-04-05\"") != NULL, "month first: %s", mdy);
    expect_build(dir, memo, 0, 4, "nothing changed again");
    free(dmy);
    free(mdy);
    chr_corpus_memo_free(memo);
    tu_rmtree(dir);
    free(dir);
}

/* Copies (documents with the words of one before them by name) are
 * remembered as copies: taken while their original is read, read in full
 * once it is gone. */
Test(memo, copies_while_their_original_is_there)
{
    char *dir = tu_tmpdir();
    static const char story[] = "Quay works\n\nThe council closed the north quay on 3 May "
                                "2022 and reopened it on 9 June 2022.\n";
    static const char copy[] = "QUAY WORKS\n\nThe council closed the north quay on 3 May "
                               "2022, and reopened it on 9 June 2022\n";
    write_doc(dir, "a.txt", story);
    write_doc(dir, "b.txt", copy);
    write_doc(dir, "c.txt", copy);
    chr_corpus_memo *memo = chr_corpus_memo_new();
    cr_assert_not_null(memo);
    /* on one thread the original is always taken before its copies */
    expect_build_j(dir, memo, 1, 3, 0, "first build");
    expect_build_j(dir, memo, 1, 0, 3, "nothing changed");
    char p[512];
    snprintf(p, sizeof p, "%s/a.txt", dir);
    cr_assert_eq(unlink(p), 0);
    /* b.txt was a copy: now it is the original, read in full; c.txt
     * stays its copy */
    expect_build_j(dir, memo, 1, 1, 1, "the original removed");
    char *tl = timeline(dir, NULL, 1, CHR_NO_DAY);
    cr_expect(strstr(tl, "\"doc\":\"b.txt\"") != NULL, "b.txt gives no source: %s", tl);
    free(tl);
    chr_corpus_memo_free(memo);
    tu_rmtree(dir);
    free(dir);
}

/* The texts of converted documents kept for the caller (keep_text)
 * come with a document taken from the memo, as when it is read. */
struct kept {
    int n;
    char name[4][64];
    size_t len[4];
};

static int keep(void *ctx, const char *name, char *text, size_t len)
{
    struct kept *k = ctx;
    if (k->n < 4) {
        snprintf(k->name[k->n], sizeof k->name[0], "%s", name);
        k->len[k->n] = len;
    }
    k->n++;
    free(text);
    return 0;
}

Test(memo, converted_texts_come_with_the_documents_taken)
{
    char *dir = tu_tmpdir();
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cp fixtures/formats/story.html fixtures/formats/story.txt '%s'/",
             dir);
    cr_assert_eq(system(cmd), 0);
    chr_corpus_memo *memo = chr_corpus_memo_new();
    cr_assert_not_null(memo);
    struct kept runs[2] = {{0}, {0}};
    for (int r = 0; r < 2; r++) {
        chr_corpus_opts o;
        chr_corpus_opts_init(&o);
        o.memo = memo;
        o.keep_text = keep;
        o.keep_text_ctx = &runs[r];
        chr_error err = {0};
        chr_chron *c = chr_corpus_build(dir, &o, &err);
        cr_assert_not_null(c, "%s", err.msg);
        chr_chron_free(c);
    }
    cr_expect_eq(chr_corpus_memo_reused(memo), 2, "the second build took %zu",
                 chr_corpus_memo_reused(memo));
    for (int r = 0; r < 2; r++) {
        cr_expect_eq(runs[r].n, 1, "build %d kept %d texts", r, runs[r].n);
        cr_expect_str_eq(runs[r].name[0], "story.html");
    }
    cr_expect_eq(runs[1].len[0], runs[0].len[0], "the text taken has %zu bytes, read %zu",
                 runs[1].len[0], runs[0].len[0]);
    cr_expect_gt(runs[0].len[0], 100);
    /* a build that kept no texts, then one that keeps them: the texts
     * are there (the memo of the first has none to give) */
    chr_corpus_memo_free(memo);
    memo = chr_corpus_memo_new();
    cr_assert_not_null(memo);
    struct kept after = {0};
    for (int r = 0; r < 2; r++) {
        chr_corpus_opts o;
        chr_corpus_opts_init(&o);
        o.memo = memo;
        o.keep_text = r ? keep : NULL;
        o.keep_text_ctx = &after;
        chr_error err = {0};
        chr_chron *c = chr_corpus_build(dir, &o, &err);
        cr_assert_not_null(c, "%s", err.msg);
        chr_chron_free(c);
    }
    cr_expect_eq(after.n, 1, "texts kept after a build that kept none: %d", after.n);
    chr_corpus_memo_free(memo);
    tu_rmtree(dir);
    free(dir);
}
