/*
 * test_folders.c - a corpus folder as people keep one: subfolders read
 * and named by their relative path (--no-recurse stops it), hidden,
 * version-control and state folders skipped, and a folder with no usable
 * document an error rather than an empty timeline.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chronicle/corpus.h"
#include "testutil.h"

static void put(const char *dir, const char *rel, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    /* make the folders on the way */
    for (char *s = strchr(p + strlen(dir) + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
        *s = '\0';
        mkdir(p, 0755);
        *s = '/';
    }
    cr_assert_eq(tu_write(p, text, strlen(text)), 0, "%s", p);
}

static const char *const DOC = "Council notes\n\nThe council met on 5 May 2019.\n";

/* A folder of folders, as a user keeps one. */
static char *tree(void)
{
    char *dir = tu_tmpdir();
    put(dir, "a.txt", DOC);
    put(dir, "letters/2019/b.txt", DOC);
    put(dir, "letters/c.txt", DOC);
    put(dir, ".hidden/d.txt", DOC);      /* hidden folder */
    put(dir, ".git/objects/e.txt", DOC); /* version control */
    put(dir, "CVS/Entries", DOC);
    put(dir, "state/index.json", "{}");  /* the daemon's --state */
    put(dir, "letters/.f.txt", DOC);     /* hidden file */
    char link[512];
    snprintf(link, sizeof link, "%s/loop", dir);
    cr_assert_eq(symlink(".", link), 0); /* a link to a folder: not entered */
    return dir;
}

static const struct {
    int no_recurse;
    const char *want;   /* the names listed, in order */
} listing_rows[] = {
    {0, "a.txt letters/2019/b.txt letters/c.txt"},
    {1, "a.txt"},
};

Test(folders, subfolders_are_read_with_relative_names)
{
    char *dir = tree();
    char state[512];
    snprintf(state, sizeof state, "%s/state", dir);
    for (size_t i = 0; i < sizeof listing_rows / sizeof listing_rows[0]; i++) {
        chr_corpus_opts o;
        chr_corpus_opts_init(&o);
        o.no_recurse = listing_rows[i].no_recurse;
        o.state_dir = state;
        char **names;
        size_t n;
        cr_assert_eq(chr_corpus_list(dir, &o, &names, &n, NULL), 0);
        char got[512] = "";
        for (size_t k = 0; k < n; k++) {
            size_t l = strlen(got);
            snprintf(got + l, sizeof got - l, "%s%s", k ? " " : "", names[k]);
        }
        cr_expect_str_eq(got, listing_rows[i].want, "row %zu", i);
        chr_corpus_names_free(names, n);
    }
    /* the chronology names its documents the same way */
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    o.state_dir = state;
    chr_error err = {0};
    chr_chron *c = chr_corpus_build(dir, &o, &err);
    cr_assert_not_null(c, "%s", err.msg);
    cr_expect_eq(chr_chron_doc_count(c), 3);
    cr_expect_not_null(chr_chron_find_doc(c, "letters/2019/b.txt"));
    /* copies of one text: one event, three sources' documents */
    cr_expect_eq(chr_chron_event_count(c), 1);
    chr_chron_free(c);
    tu_rmtree(dir);
    free(dir);
}

Test(folders, a_change_in_a_subfolder_changes_the_signature)
{
    char *dir = tree();
    double newest = 0;
    uint64_t s1 = chr_corpus_signature(dir, NULL, &newest);
    cr_expect_gt(newest, 0);
    cr_expect_eq(chr_corpus_signature(dir, NULL, NULL), s1);
    put(dir, "letters/2019/b.txt", "Council notes\n\nThe council met on 6 May 2019.\n");
    cr_expect_neq(chr_corpus_signature(dir, NULL, NULL), s1);
    uint64_t s2 = chr_corpus_signature(dir, NULL, NULL);
    put(dir, ".git/objects/g.txt", DOC);   /* not read, not counted */
    cr_expect_eq(chr_corpus_signature(dir, NULL, NULL), s2);
    tu_rmtree(dir);
    free(dir);
}

Test(folders, no_usable_document_is_an_error)
{
    char *dir = tu_tmpdir();
    chr_error err = {0};
    cr_expect_null(chr_corpus_build(dir, NULL, &err));
    cr_expect_eq(err.code, CHR_EEMPTY);
    cr_expect(strstr(err.msg, "no documents in the folder or its subfolders") != NULL, "%s",
              err.msg);
    /* only a file no reader takes */
    char png[512];
    snprintf(png, sizeof png, "%s/sub", dir);
    mkdir(png, 0755);
    snprintf(png, sizeof png, "%s/sub/photo.png", dir);
    static const char img[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0";
    cr_assert_eq(tu_write(png, img, sizeof img - 1), 0);
    chr_error e2 = {0};
    cr_expect_null(chr_corpus_build(dir, NULL, &e2));
    cr_expect_eq(e2.code, CHR_EEMPTY);
    cr_expect(strstr(e2.msg, "none of its 1 files could be used") != NULL &&
                  strstr(e2.msg, "PNG image") != NULL, "%s", e2.msg);
    tu_rmtree(dir);
    free(dir);
}

/* The command line: exit 1 and one line for an empty folder (no timeline
 * dated 1970), --no-recurse, a bad --encoding is bad usage. */
Test(folders, command_line)
{
    char *dir = tu_tmpdir();
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd, "%s timeline '%s' 2>&1", tu_bin(), dir);
    cr_expect_eq(tu_run(cmd, &out, NULL), 1);
    cr_expect(strstr(out, "no documents in the folder") != NULL && strstr(out, "1970") == NULL,
              "%s", out);
    free(out);
    put(dir, "sub/a.txt", DOC);
    snprintf(cmd, sizeof cmd, "%s timeline '%s' 2>&1", tu_bin(), dir);
    cr_expect_eq(tu_run(cmd, &out, NULL), 0);
    cr_expect(strstr(out, "\"doc\":\"sub/a.txt\"") != NULL, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "%s timeline --no-recurse '%s' 2>&1", tu_bin(), dir);
    cr_expect_eq(tu_run(cmd, &out, NULL), 1);
    cr_expect(strstr(out, "--no-recurse") != NULL, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "%s timeline --encoding NOSUCH '%s' 2>&1", tu_bin(), dir);
    cr_expect_eq(tu_run(cmd, &out, NULL), 2);
    cr_expect(strstr(out, "--encoding: 'NOSUCH'") != NULL, "%s", out);
    free(out);
    /* --encoding reads 8-bit text in the charset given: 0xE6 is "æ" in
     * Latin-1, "Ф" in KOI8-R */
    put(dir, "sub/k.txt", "Council notes\n\nThe council of Gr\xe6nse met on 5 May 2019.\n");
    snprintf(cmd, sizeof cmd, "%s extract --encoding KOI8-R '%s/sub/k.txt' 2>&1", tu_bin(), dir);
    cr_expect_eq(tu_run(cmd, &out, NULL), 0);
    cr_expect(strstr(out, "\"encoding\":\"KOI8-R\"") != NULL, "%s", out);
    cr_expect(strstr(out, "Gr\xd0\xa4nse") != NULL, "%s", out);
    free(out);
    tu_rmtree(dir);
    free(dir);
}

/* A snapshot keeps the digest of a PDF's text, and diff sees the PDF
 * change: its document as changed, its event as changed. */
Test(folders, a_changed_pdf_shows_in_diff)
{
    char *dir = tu_tmpdir();
    char p[512], cmd[1200], *out;
    size_t n;
    char *pdf = tu_read("fixtures/formats/story.pdf", &n);
    cr_assert_not_null(pdf);
    snprintf(p, sizeof p, "%s/papers", dir);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/papers/story.pdf", dir);
    cr_assert_eq(tu_write(p, pdf, n), 0);
    snprintf(cmd, sizeof cmd, "%s snapshot '%s' -o '%s/snap.json' 2>&1", tu_bin(), dir, dir);
    cr_assert_eq(tu_run(cmd, &out, NULL), 0, "%s", out);
    free(out);
    snprintf(p, sizeof p, "%s/snap.json", dir);
    char *snap = tu_read(p, NULL);
    cr_expect(strstr(snap, "\"text_sha256\"") && strstr(snap, "\"text_of\":\"converted\"") &&
                  strstr(snap, "\"doc\":\"papers/story.pdf\""), "%s", snap);
    free(snap);
    /* the same length, another word: 2 May becomes 9 May */
    char *at = NULL;
    for (size_t i = 0; at == NULL && i + 13 <= n; i++)
        if (memcmp(pdf + i, "on 2 May 2024", 13) == 0)
            at = pdf + i;
    cr_assert_not_null(at);
    at[3] = '9';
    snprintf(p, sizeof p, "%s/papers/story.pdf", dir);
    cr_assert_eq(tu_write(p, pdf, n), 0);
    free(pdf);
    snprintf(cmd, sizeof cmd, "%s diff '%s/snap.json' '%s' --format json 2>&1", tu_bin(), dir,
             dir);
    cr_expect_eq(tu_run(cmd, &out, NULL), 1, "%s", out);
    cr_expect(strstr(out, "\"changed\":[\"papers/story.pdf\"]") != NULL, "%s", out);
    cr_expect(strstr(out, "2024-05-09") != NULL, "%s", out);
    free(out);
    tu_rmtree(dir);
    free(dir);
}
