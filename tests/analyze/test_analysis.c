/* test_analysis.c - one analysis per document: a run reads each document
 * once, tokenizes it once and tags it once; the digest is made only when
 * asked for; what was read is what is analysed even if the file changes
 * afterwards; and the numeric order waits for the corpus when it must. */
#include <criterion/criterion.h>
#include <string.h>

#include "chronicle/analysis.h"
#include "chronicle/corpus.h"
#include "chronicle/stats.h"
#include "testutil.h"

static void expect_counts(uint64_t read, uint64_t hash, uint64_t tok, uint64_t tag)
{
    cr_expect_eq(chr_stat_get(CHR_STAT_DOC_READ), read, "read %llu, want %llu",
                 (unsigned long long)chr_stat_get(CHR_STAT_DOC_READ), (unsigned long long)read);
    cr_expect_eq(chr_stat_get(CHR_STAT_DOC_HASH), hash, "hashed %llu, want %llu",
                 (unsigned long long)chr_stat_get(CHR_STAT_DOC_HASH), (unsigned long long)hash);
    cr_expect_eq(chr_stat_get(CHR_STAT_TOKENIZE), tok, "tokenized %llu, want %llu",
                 (unsigned long long)chr_stat_get(CHR_STAT_TOKENIZE), (unsigned long long)tok);
    cr_expect_eq(chr_stat_get(CHR_STAT_TAG), tag, "tagged %llu, want %llu",
                 (unsigned long long)chr_stat_get(CHR_STAT_TAG), (unsigned long long)tag);
}

Test(analysis, timeline_reads_tokenizes_tags_each_document_once)
{
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    chr_stat_reset();
    chr_chron *c = chr_corpus_build("fixtures/corpus", &o, NULL);
    cr_assert_not_null(c);
    /* five documents, one of which (EU minutes, "11/01/2019") waits for
     * the corpus's order: still once each */
    expect_counts(5, 5, 5, 5);
    chr_chron_free(c);
}

Test(analysis, dates_alone_make_no_digest)
{
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    chr_stat_reset();
    chr_error err = {0};
    chr_analysis *a = chr_corpus_open("fixtures/corpus/001_2543bc9b8d1cc153.txt", &o, 1, &err);
    cr_assert_not_null(a, "%s", err.msg);
    cr_assert_eq(chr_analysis_run(a, CHR_ORDER_AUTO, &err), 0);
    cr_assert_eq(chr_analysis_run(a, CHR_ORDER_AUTO, &err), 0);  /* a second run does nothing */
    cr_expect_gt(chr_analysis_timexes(a)->count, 5);
    expect_counts(1, 0, 1, 1);
    chr_analysis_free(a);
}

Test(analysis, a_given_date_still_finds_the_dateline)
{
    static const char text[] = "March 6, 2019\n\nThe ministers met yesterday.\n";
    chr_error err = {0};
    chr_doc *doc = chr_doc_from_mem("d.txt", text, sizeof text - 1, &err);
    chr_analysis_opts ao;
    chr_analysis_opts_init(&ao);
    ao.dct = chr_day_parse("2019-04-01", 10);
    ao.dct_source = CHR_DCT_GIVEN;
    chr_analysis *a = chr_analysis_new(doc, &ao, &err);
    cr_assert_not_null(a);
    cr_assert_eq(chr_analysis_run(a, CHR_ORDER_AUTO, &err), 0);
    const chr_dct *d = chr_analysis_dct(a);
    cr_expect_eq(d->day, ao.dct);
    cr_expect_eq(d->source, CHR_DCT_GIVEN);
    /* the dateline is located, so that it is never read as an event */
    cr_expect_eq(d->offset, 0);
    cr_expect_eq(d->length, 13);
    chr_analysis_free(a);
}

Test(analysis, what_was_read_is_what_is_analysed)
{
    char *dir = tu_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/a.txt", dir);
    static const char first[] = "March 6, 2019\n\nThe ministers met yesterday in Brussels.\n";
    static const char second[] = "June 1, 2020\n\nNothing happened.\n";
    cr_assert_eq(tu_write(path, first, sizeof first - 1), 0);
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    chr_error err = {0};
    chr_analysis *a = chr_corpus_open(path, &o, 0, &err);
    cr_assert_not_null(a);
    /* the file changes between reading and analysing */
    cr_assert_eq(tu_write(path, second, sizeof second - 1), 0);
    cr_assert_eq(chr_analysis_run(a, CHR_ORDER_AUTO, &err), 0);
    chr_docinfo info;
    chr_mention_list ml = {0};
    cr_assert_eq(chr_corpus_extract(a, &o, &info, &ml, &err), 0);
    cr_expect_eq(info.bytes, sizeof first - 1);
    cr_assert_eq(ml.count, 1);
    cr_expect_str_eq(ml.items[0].date.value, "2019-03-05");
    cr_expect_str_eq(ml.items[0].trigger, "met");
    chr_docinfo_clear(&info);
    chr_mention_list_free(&ml);
    chr_analysis_free(a);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

/* The same words, read in the corpus's order when a document shows none. */
Test(analysis, order_waits_for_the_corpus)
{
    static const struct {
        const char *text;
        int waits;
        chr_date_order own;
    } rows[] = {
        {"Filed 04/05/2019.", 1, CHR_ORDER_AUTO},         /* reading depends on the order */
        {"Filed 25/12/2018, heard 04/05/2019.", 0, CHR_ORDER_DMY},
        {"Filed 12/25/2018, heard 04/05/2019.", 0, CHR_ORDER_MDY},
        {"Filed 4.5.2019.", 0, CHR_ORDER_AUTO},           /* dotted: day first anyway */
        {"Filed on 5 April 2019.", 0, CHR_ORDER_AUTO},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        chr_doc *doc = chr_doc_from_mem("o.txt", rows[i].text, strlen(rows[i].text), NULL);
        chr_analysis *a = chr_analysis_new(doc, NULL, NULL);
        cr_assert_not_null(a);
        cr_expect_eq(chr_analysis_waits(a), rows[i].waits, "row %zu", i);
        cr_expect_eq(chr_order_shown(chr_analysis_order_counts(a)), rows[i].own, "row %zu", i);
        chr_analysis_free(a);
    }
    /* a waiting document takes the corpus's order */
    chr_doc *doc = chr_doc_from_mem("o.txt", rows[0].text, strlen(rows[0].text), NULL);
    chr_analysis *a = chr_analysis_new(doc, NULL, NULL);
    cr_assert_eq(chr_analysis_run(a, CHR_ORDER_MDY, NULL), 0);
    cr_expect_eq(chr_analysis_order(a), CHR_ORDER_MDY);
    const chr_timex_list *tl = chr_analysis_timexes(a);
    cr_assert_eq(tl->count, 1);
    cr_expect_str_eq(tl->items[0].value, "2019-04-05");
    chr_analysis_free(a);
}
