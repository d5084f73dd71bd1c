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

/* ---- a part at a time ---- */

struct timexes {
    chr_timex v[4096];
    size_t n;
};

static int collect_timex(void *ctx, const chr_timex *tx)
{
    struct timexes *t = ctx;
    cr_assert_lt(t->n, sizeof t->v / sizeof t->v[0]);
    t->v[t->n++] = *tx;
    return 0;
}

static void expect_same_timexes(const chr_timex_list *want, const struct timexes *got,
                                const char *what)
{
    cr_assert_eq(got->n, want->count, "%s: %zu timexes, the whole gives %zu", what, got->n,
                 want->count);
    for (size_t k = 0; k < got->n; k++) {
        const chr_timex *a = &want->items[k], *b = &got->v[k];
        cr_expect(a->start == b->start && a->end == b->end && a->type == b->type &&
                      strcmp(a->value, b->value) == 0 && a->mod == b->mod &&
                      a->date.first == b->date.first && a->date.last == b->date.last &&
                      a->anchor == b->anchor,
                  "%s: timex %zu is %s at %u, the whole gives %s at %u", what, k, b->value,
                  b->start, a->value, a->start);
    }
}

/* A text read a part at a time (chr_analysis_each_timex) gives the
 * timexes of the whole, relative dates and all, for parts of every size,
 * with and without a given date; its parts are tokenized one by one. */
Test(analysis, a_part_at_a_time_gives_the_timexes_of_the_whole)
{
    /* the five seeds one after the other: datelines, minutes, relative
     * dates resolved on the narrative across parts */
    size_t cap = 1 << 20, len = 0;
    char *big = malloc(cap);
    cr_assert_not_null(big);
    static const char *const seeds[] = {
        "fixtures/corpus/000_b7a122fea373ab79.txt", "fixtures/corpus/001_2543bc9b8d1cc153.txt",
        "fixtures/corpus/002_b1a9d9ea25e99da5.txt", "fixtures/corpus/003_3d03ae3b476ba545.txt",
        "fixtures/corpus/004_7f3f804f7b81d121.txt"};
    for (size_t i = 0; i < 5; i++) {
        size_t n;
        char *t = tu_read(seeds[i], &n);
        cr_assert_not_null(t);
        cr_assert_lt(len + n + 2, cap);
        memcpy(big + len, t, n);
        len += n;
        big[len++] = '\n';
        big[len++] = '\n';
        free(t);
    }
    /* a narrative whose relative dates lean on a date parts before them */
    for (int d = 1; d <= 20; d++) {
        len += (size_t)snprintf(big + len, cap - len, "The council met on %d May 2021.\n\n", d);
        for (int k = 0; k < 40; k++)
            len += (size_t)snprintf(big + len, cap - len,
                                    "Members spoke about roads, parks and the library.\n\n");
        len += (size_t)snprintf(big + len, cap - len,
                                "The next day the board approved the plan.\n\n");
    }
    static const size_t windows[] = {2000, 4096, 10000};
    static const char *const dcts[] = {NULL, "2020-01-01"};
    for (size_t d = 0; d < 2; d++) {
        chr_analysis_opts ao;
        chr_analysis_opts_init(&ao);
        if (dcts[d])
            ao.dct = chr_day_parse(dcts[d], 10);
        chr_error err = {0};
        chr_analysis *whole = chr_analysis_new(chr_doc_from_mem("big.txt", big, len, &err), &ao,
                                               &err);
        cr_assert_not_null(whole, "%s", err.msg);
        cr_assert_eq(chr_analysis_run(whole, CHR_ORDER_AUTO, &err), 0);
        cr_assert_gt(chr_analysis_timexes(whole)->count, 50);
        for (size_t w = 0; w < sizeof windows / sizeof windows[0]; w++) {
            chr_analysis *a = chr_analysis_new(chr_doc_from_mem("big.txt", big, len, &err), &ao,
                                               &err);
            cr_assert_not_null(a, "%s", err.msg);
            struct timexes *got = calloc(1, sizeof *got);
            cr_assert_not_null(got);
            chr_stat_reset();
            cr_assert_eq(chr_analysis_each_timex(a, CHR_ORDER_AUTO, windows[w], collect_timex,
                                                 got, &err), 0, "%s", err.msg);
            cr_expect_geq(chr_stat_get(CHR_STAT_TOKENIZE), len / windows[w] / 2,
                          "window %zu: %llu parts for %zu bytes", windows[w],
                          (unsigned long long)chr_stat_get(CHR_STAT_TOKENIZE), len);
            char what[64];
            snprintf(what, sizeof what, "window %zu, dct %s", windows[w], dcts[d] ? dcts[d] : "-");
            expect_same_timexes(chr_analysis_timexes(whole), got, what);
            free(got);
            chr_analysis_free(a);
        }
        chr_analysis_free(whole);
    }
    free(big);
}

/* A text whose date only the whole can bound (no dateline; reader-comment
 * stamps further on, the earliest in the middle; a lede's "on Friday"
 * taken on or before it) is read twice a part at a time, never whole:
 * the DCT and the timexes of the whole. */
Test(analysis, a_date_bounded_by_the_whole_text_takes_a_first_pass)
{
    size_t cap = 64 << 10, len = 0;
    char *big = malloc(cap);
    cr_assert_not_null(big);
    len += (size_t)snprintf(big + len, cap - len,
                            "The mayor said on Friday that the plan would go ahead.\n\n");
    static const char *const stamps[] = {"Tuesday April 9 2019", "Monday March 25 2019",
                                         "Sunday May 5 2019"};
    for (size_t k = 0; k < 3; k++) {
        size_t upto = len + (cap - len) / (3 - k) - 200;
        while (len + 200 < upto)
            len += (size_t)snprintf(big + len, cap - len,
                                    "The board met again the next day and approved the plan.\n\n");
        len += (size_t)snprintf(big + len, cap - len, "(Score: 2) by reader on %s, @10:53AM\n\n",
                                stamps[k]);
    }
    chr_error err = {0};
    chr_analysis *whole = chr_analysis_new(chr_doc_from_mem("c.txt", big, len, &err), NULL, &err);
    chr_analysis *a = chr_analysis_new(chr_doc_from_mem("c.txt", big, len, &err), NULL, &err);
    cr_assert(whole && a, "%s", err.msg);
    cr_assert_eq(chr_analysis_run(whole, CHR_ORDER_AUTO, &err), 0);
    const chr_dct *want = chr_analysis_dct(whole);
    char day[11];
    chr_day_format(want->day, day);
    /* the Friday on or before Monday March 25 2019 */
    cr_assert_eq(want->source, CHR_DCT_BOUND);
    cr_assert_str_eq(day, "2019-03-22");
    struct timexes *got = calloc(1, sizeof *got);
    cr_assert_not_null(got);
    chr_stat_reset();
    cr_assert_eq(chr_analysis_each_timex(a, CHR_ORDER_AUTO, 4096, collect_timex, got, &err), 0);
    /* every part tokenized once in each pass, the whole never */
    cr_expect_geq(chr_stat_get(CHR_STAT_TOKENIZE), 2 * (len / 4096 / 2),
                  "%llu parts for %zu bytes", (unsigned long long)chr_stat_get(CHR_STAT_TOKENIZE),
                  len);
    const chr_dct *dct = chr_analysis_dct(a);
    cr_expect(dct->day == want->day && dct->source == want->source &&
                  dct->offset == want->offset && dct->length == want->length &&
                  strcmp(dct->how, want->how) == 0,
              "DCT %s (%s), the whole gives %s", dct->how, chr_dct_source_name(dct->source),
              want->how);
    expect_same_timexes(chr_analysis_timexes(whole), got, "bounded by a comment stamp");
    free(got);
    chr_analysis_free(a);
    chr_analysis_free(whole);
    free(big);
}
