/* test_doc.c - reading documents and splitting sentences. */
#include <criterion/criterion.h>
#include <string.h>

#include "chronicle/doc.h"
#include "chronicle/utf8.h"
#include "testutil.h"

static const struct {
    const char *text;
    const char *sentences[6];
} seg_rows[] = {
    {"Mr. Smith met Dr. Jones. They talked.", {"Mr. Smith met Dr. Jones.", "They talked."}},
    {"The U.S. Commerce Department acted. Huawei Co. Ltd. said no.",
     {"The U.S. Commerce Department acted.", "Huawei Co. Ltd. said no."}},
    {"It rose 2.5 percent. Then it fell.", {"It rose 2.5 percent.", "Then it fell."}},
    {"At 2:46 P.M. ET the update came. Later, more.",
     {"At 2:46 P.M. ET the update came.", "Later, more."}},
    {"He said: \"We will act.\" She agreed.", {"He said: \"We will act.\"", "She agreed."}},
    {"Title\nMarch 6, 2019\n\nBody text here.", {"Title", "March 6, 2019", "Body text here."}},
    {"A sentence wrapped\nacross two lines. Next one.",
     {"A sentence wrapped\nacross two lines.", "Next one."}},
    {"- first item\n- second item", {"- first item", "- second item"}},
    {"Apple products (e.g. new iPhones) are late.", {"Apple products (e.g. new iPhones) are late."}},
    {"Is it? Yes! Fine.", {"Is it?", "Yes!", "Fine."}},
};

Test(doc, sentence_segmentation)
{
    for (size_t i = 0; i < sizeof seg_rows / sizeof seg_rows[0]; i++) {
        const char *t = seg_rows[i].text;
        chr_span sp[16];
        size_t n = chr_doc_segment(t, strlen(t), sp, 16);
        size_t want = 0;
        while (want < 6 && seg_rows[i].sentences[want])
            want++;
        cr_expect_eq(n, want, "row %zu: %zu sentences, want %zu", i, n, want);
        for (size_t k = 0; k < n && k < want; k++) {
            const char *w = seg_rows[i].sentences[k];
            cr_expect(sp[k].len == strlen(w) && memcmp(t + sp[k].start, w, sp[k].len) == 0,
                      "row %zu sentence %zu: '%.*s', want '%s'", i, k, (int)sp[k].len,
                      t + sp[k].start, w);
        }
    }
}

Test(doc, invalid_utf8_blanked_offsets_kept)
{
    const char raw[] = "ok \xc3( and \xff\xfe end\x01.";
    chr_error err = {0};
    chr_doc *d = chr_doc_from_mem("bad.txt", raw, sizeof raw - 1, &err);
    cr_assert_not_null(d);
    size_t len, first;
    const char *why;
    const char *text = chr_doc_text(d, &len);
    cr_assert_eq(len, sizeof raw - 1);
    cr_assert_eq(chr_doc_bad_bytes(d, &first, &why), 4);
    cr_assert_eq(first, 3);
    cr_assert(strstr(why, "continuation") != NULL, "why: %s", why);
    cr_assert_eq(text[3], ' ');
    cr_assert_eq(memcmp(text + 12, " end", 4), 0);
    chr_doc_free(d);
}

Test(doc, read_errors_name_the_file)
{
    char *dir = tu_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/empty.txt", dir);
    tu_write(path, "", 0);
    chr_error err = {0};
    cr_assert_null(chr_doc_read(path, NULL, &err));
    cr_assert_eq(err.code, CHR_EEMPTY);
    cr_assert_str_eq(err.file, path);
    chr_error_clear(&err);
    snprintf(path, sizeof path, "%s/missing.txt", dir);
    cr_assert_null(chr_doc_read(path, NULL, &err));
    cr_assert_eq(err.code, CHR_EIO);
    cr_assert(strstr(err.msg, "cannot open") != NULL);
    chr_error_clear(&err);
    cr_assert_null(chr_doc_read(dir, NULL, &err));
    cr_assert_eq(err.code, CHR_EIO);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

Test(doc, seed_documents_read_cleanly)
{
    /* digests as sha256sum(1) gives them */
    static const char *files[] = {
        "fixtures/corpus/000_b7a122fea373ab79.txt", "fixtures/corpus/001_2543bc9b8d1cc153.txt",
        "fixtures/corpus/002_b1a9d9ea25e99da5.txt", "fixtures/corpus/003_3d03ae3b476ba545.txt",
        "fixtures/corpus/004_7f3f804f7b81d121.txt"};
    static const char *digests[] = {
        "0d6464667bf5c3f0fef06048c39c112a2196368188d1401cc736a605e5a5fb47",
        "82334587781963e3b925853ad8ba0d1543932ae9719af56f0c852ac891e214c8",
        "f762ec81d76cb7045a84ff5d358b94e744207e652ae9e2ec0db4408b0f7c423c",
        "1c7eb2e014e22e12cdb916ea45547b1542b2075240e9a5e49d2e56b0f8d749f7",
        "0020d05e36901e98ae4098b13fdd80ab57ca3c9f26e81ebfb5d38ea06855fed7"};
    for (size_t i = 0; i < 5; i++) {
        chr_error err = {0};
        chr_doc *d = chr_doc_read(files[i], NULL, &err);
        cr_assert_not_null(d, "%s: %s", files[i], err.msg);
        cr_expect_eq(chr_doc_bad_bytes(d, NULL, NULL), 0, "%s has bad bytes", files[i]);
        cr_expect_gt(chr_doc_sentence_count(d), 5);
        size_t len;
        chr_doc_text(d, &len);
        for (size_t k = 0; k < chr_doc_sentence_count(d); k++) {
            chr_span s = chr_doc_sentence(d, k);
            cr_assert_leq((size_t)s.start + s.len, len);
            cr_assert_eq(chr_doc_sentence_at(d, s.start), k);
        }
        cr_expect_str_eq(chr_doc_sha256(d), digests[i], "%s", files[i]);
        chr_doc_free(d);
    }
}

/* The digest is of the bytes as they were, even where the text read
 * blanks a byte-order mark, an invalid byte and a NUL (value from an
 * independent SHA-256). */
Test(doc, digest_of_the_original_bytes)
{
    static const char raw[] = "\xef\xbb\xbfHello \xff world\x00.";
    chr_error err = {0};
    chr_doc *d = chr_doc_from_mem("x.txt", raw, sizeof raw - 1, &err);
    cr_assert_not_null(d);
    cr_expect_eq(chr_doc_bad_bytes(d, NULL, NULL), 2);
    cr_expect_str_eq(chr_doc_sha256(d),
                     "203c6556d10484f15400cf402466db8b678e0369078f5d18e474d96b9be9a4e7");
    size_t len;
    const char *t = chr_doc_text(d, &len);
    cr_expect_eq(len, sizeof raw - 1);
    cr_expect_eq(memcmp(t, "   Hello   world .", len), 0);
    chr_doc_free(d);
}

Test(doc, binary_junk_never_crashes)
{
    unsigned char buf[65536];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof buf; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (unsigned char)(x >> 16);
    }
    chr_error err = {0};
    chr_doc *d = chr_doc_from_mem("junk.bin", (const char *)buf, sizeof buf, &err);
    cr_assert_not_null(d);
    cr_assert_gt(chr_doc_bad_bytes(d, NULL, NULL), 0);
    size_t len;
    const char *text = chr_doc_text(d, &len);
    cr_assert_eq(chr_utf8_check(text, len, NULL, 0), len);
    chr_doc_free(d);
}

Test(doc, run_on_text_is_cut_into_bounded_pieces)
{
    size_t n = 50000;
    char *t = malloc(n + 1);
    cr_assert_not_null(t);
    for (size_t i = 0; i < n; i++)
        t[i] = i % 7 == 6 ? ' ' : (char)('a' + i % 26);
    t[n] = '\0';
    size_t count = chr_doc_segment(t, n, NULL, 0);
    cr_assert_gt(count, n / CHR_DOC_MAX_SENTENCE);
    chr_span *sp = calloc(count, sizeof *sp);
    cr_assert_eq(chr_doc_segment(t, n, sp, count), count);
    size_t covered = 0;
    for (size_t i = 0; i < count; i++) {
        cr_assert_leq(sp[i].len, CHR_DOC_MAX_SENTENCE);
        cr_assert(t[sp[i].start] != ' ' && t[sp[i].start + sp[i].len - 1] != ' ',
                  "piece %zu is cut inside a word or keeps a space", i);
        covered += sp[i].len;
    }
    cr_assert_gt(covered, n - count - 1);
    free(sp);
    free(t);
}
