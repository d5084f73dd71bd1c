/* test_snap.c - served snapshots: prebuilt bodies, validators, gzip, the
 * filtered-response cache and reference counting. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "chronicle/snap.h"
#include "testutil.h"

static chr_chron *small_chron(void)
{
    static const tu_row rows[] = {
        {"a.txt", 2019, 3, 5, CHR_EV_OPENING, "Centre opens in Brussels"},
        {"a.txt", 2019, 1, 11, CHR_EV_MEETING, "Commission meets Huawei"},
        {"b.txt", 2018, 12, 1, CHR_EV_ARREST, "Executive arrested"},
        {"b.txt", 2019, 5, 15, CHR_EV_BAN, "Equipment <banned> & more"},
    };
    chr_chron *c = tu_chron(rows, sizeof rows / sizeof rows[0], 40,
                            1552000000);
    cr_assert_not_null(c);
    return c;
}

static void parse_filter(chr_filter *f, const char *q)
{
    chr_error err;
    chr_filter_init(f);
    chr_error_clear(&err);
    cr_assert_eq(chr_filter_parse(f, q, strlen(q),
                                  CHR_FILTER_PAGING | CHR_FILTER_FORMAT, &err),
                 0, "%s: %s", err.file, err.msg);
}

static chr_body *feed(chr_snap *s, chr_feed which, const char *q, int gz)
{
    chr_filter f;
    chr_body *b = NULL;
    parse_filter(&f, q);
    cr_assert_eq(chr_snap_feed(s, which, &f, gz, &b, NULL), 0);
    chr_filter_clear(&f);
    cr_assert_not_null(b);
    return b;
}

Test(snap, prebuilt_bodies_have_validators_and_gzip)
{
    chr_snap *s = chr_snap_new(small_chron(), NULL);
    cr_assert_not_null(s);
    const char *ver = chr_snap_version(s);
    static const chr_feed feeds[] = {CHR_FEED_JSON, CHR_FEED_ICS,
                                     CHR_FEED_DOCUMENTS};
    char tags[3][72];
    for (int i = 0; i < 3; i++) {
        chr_body *b = NULL, *again = NULL;
        cr_assert_eq(chr_snap_feed(s, feeds[i], NULL, 1, &b, NULL), 0);
        cr_assert_eq(chr_snap_feed(s, feeds[i], NULL, 0, &again, NULL), 0);
        cr_expect_eq(b, again, "the whole feed is rendered once");
        cr_expect_eq(b->etag[0], '"');
        cr_expect_eq(b->etag[strlen(b->etag) - 1], '"');
        cr_expect(strncmp(b->etag + 1, ver, 32) == 0, "etag %s", b->etag);
        cr_expect_str_neq(b->etag, b->etag_gz);
        cr_expect_eq(b->modified, 1552000000);
        strcpy(tags[i], b->etag);
        if (b->gz != NULL) {
            size_t n;
            char *plain = tu_gunzip(b->gz, b->gzlen, &n);
            cr_assert_not_null(plain, "bad gzip stream");
            cr_expect_eq(n, b->len);
            cr_expect(memcmp(plain, b->data, n) == 0);
            free(plain);
        }
        chr_body_unref(again);
        chr_body_unref(b);
    }
    cr_expect_str_neq(tags[0], tags[1]);
    cr_expect_str_neq(tags[1], tags[2]);
    chr_body *ics = NULL;
    chr_snap_feed(s, CHR_FEED_ICS, NULL, 0, &ics, NULL);
    cr_expect_str_eq(ics->type, "text/calendar; charset=utf-8");
    cr_expect_not_null(strstr(ics->data, "BEGIN:VCALENDAR"));
    chr_body_unref(ics);
    chr_snap_unref(s);
}

Test(snap, filtered_bodies_are_cached_by_meaning)
{
    chr_snap *s = chr_snap_new(small_chron(), NULL);
    uint64_t hits, misses;
    chr_body *a = feed(s, CHR_FEED_JSON, "type=opening,ban&from=2019", 0);
    chr_body *b = feed(s, CHR_FEED_JSON, "from=2019&type=ban&type=opening", 1);
    cr_expect_eq(a, b, "two spellings of one filter share a body");
    chr_snap_cache_stats(s, &hits, &misses);
    cr_expect_eq(hits, 1);
    cr_expect_eq(misses, 1);
    json_t *j = json_loadb(a->data, a->len, 0, NULL);
    cr_assert_not_null(j);
    cr_expect_eq(json_array_size(json_object_get(j, "events")), 2);
    json_decref(j);

    /* The same filter on the other feed, and another view, are other
     * representations. */
    chr_body *c = feed(s, CHR_FEED_ICS, "type=opening,ban&from=2019", 0);
    chr_body *d = feed(s, CHR_FEED_JSON, "type=opening,ban&from=2019&"
                       "format=vis", 0);
    cr_expect_str_neq(a->etag, c->etag);
    cr_expect_str_neq(a->etag, d->etag);
    cr_expect_str_neq(c->etag, d->etag);

    /* A view of everything is prebuilt, not cached. */
    chr_body *v1 = feed(s, CHR_FEED_JSON, "format=timelinejs", 0);
    chr_body *v2 = feed(s, CHR_FEED_JSON, "format=timelinejs", 0);
    cr_expect_eq(v1, v2);
    j = json_loadb(v1->data, v1->len, 0, NULL);
    cr_assert_not_null(j);
    const char *head = json_string_value(json_object_get(json_object_get(
        json_array_get(json_object_get(j, "events"), 3), "text"),
        "headline"));
    cr_expect_str_eq(head, "Equipment &lt;banned&gt; &amp; more");
    json_decref(j);

    /* Nothing selected is still a valid timeline. */
    chr_body *none = feed(s, CHR_FEED_JSON, "q=nothing+like+this", 0);
    j = json_loadb(none->data, none->len, 0, NULL);
    cr_assert_not_null(j);
    cr_expect_eq(json_array_size(json_object_get(j, "events")), 0);
    json_decref(j);

    chr_body *bodies[] = {a, b, c, d, v1, v2, none};
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
        chr_body_unref(bodies[i]);
    chr_snap_unref(s);
}

Test(snap, cache_is_bounded_and_bodies_outlive_it)
{
    chr_snap *s = chr_snap_new(small_chron(), NULL);
    chr_snap_set_cache(s, 2, CHR_SNAP_CACHE_BYTES);
    chr_body *first = feed(s, CHR_FEED_JSON, "type=opening", 0);
    chr_body_unref(feed(s, CHR_FEED_JSON, "type=ban", 0));
    chr_body_unref(feed(s, CHR_FEED_JSON, "type=arrest", 0));
    /* type=opening was evicted: asking again renders again. */
    uint64_t hits, misses;
    chr_body *again = feed(s, CHR_FEED_JSON, "type=opening", 0);
    chr_snap_cache_stats(s, &hits, &misses);
    cr_expect_eq(misses, 4);
    cr_expect_eq(hits, 0);
    cr_expect_neq(first, again);
    cr_expect_str_eq(first->etag, again->etag, "same bytes, same tag");
    cr_expect_eq(first->len, again->len);
    cr_expect(memcmp(first->data, again->data, first->len) == 0);
    chr_body_unref(again);

    /* A byte budget smaller than any body keeps nothing but still serves. */
    chr_snap_set_cache(s, 8, 16);
    chr_body *tiny = feed(s, CHR_FEED_JSON, "type=meeting", 0);
    chr_body *tiny2 = feed(s, CHR_FEED_JSON, "type=meeting", 0);
    cr_expect_neq(tiny, tiny2);
    chr_body_unref(tiny);
    chr_body_unref(tiny2);

    /* A body handed out stays readable after the snapshot is gone. */
    chr_snap_unref(s);
    cr_expect_not_null(strstr(first->data, "\"opening\""));
    chr_body_unref(first);
}

Test(snap, events_by_id)
{
    chr_snap *s = chr_snap_new(small_chron(), NULL);
    const chr_event *e = chr_chron_event(chr_snap_chron(s), 0);
    chr_body *b = NULL;
    cr_assert_eq(chr_snap_event(s, e->id, 1, &b, NULL), 0);
    cr_expect_not_null(strstr(b->data, e->id));
    cr_expect_str_eq(b->type, "application/json; charset=utf-8");
    chr_body *b2 = NULL;
    cr_assert_eq(chr_snap_event(s, e->id, 0, &b2, NULL), 0);
    cr_expect_eq(b, b2);
    chr_body_unref(b);
    chr_body_unref(b2);
    chr_error err;
    chr_error_clear(&err);
    cr_expect_eq(chr_snap_event(s, "0000000000000000", 0, &b, &err),
                 CHR_ENOTFOUND);
    cr_expect_null(b);
    chr_snap_unref(s);
}

static void count(void *ctx, const chr_error *e)
{
    (void)e;
    (*(int *)ctx)++;
}

Test(snap, builds_from_a_folder)
{
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    int reports = 0;
    o.report = count;
    o.report_ctx = &reports;
    chr_error err;
    chr_error_clear(&err);
    chr_snap *s = chr_snap_build("fixtures/corpus", &o, &err);
    cr_assert_not_null(s, "%s: %s", err.file, err.msg);
    cr_expect_eq(chr_chron_doc_count(chr_snap_chron(s)), 5);
    cr_expect_eq(chr_snap_skipped(s), 0);
    cr_expect_eq(reports, 0);
    chr_snap_ref(s);
    chr_snap_unref(s);
    chr_snap_unref(s);

    chr_error_clear(&err);
    cr_expect_null(chr_snap_build("fixtures/no-such-folder", NULL, &err));
    cr_expect_neq(err.code, CHR_OK);
}

Test(snap, gzip_is_deterministic)
{
    static const char text[] = "chronicle chronicle chronicle chronicle";
    size_t n1, n2;
    char *a = chr_snap_gzip(text, sizeof text - 1, 9, &n1);
    char *b = chr_snap_gzip(text, sizeof text - 1, 9, &n2);
    cr_assert_not_null(a);
    cr_assert_not_null(b);
    cr_expect_eq(n1, n2);
    cr_expect(memcmp(a, b, n1) == 0);
    size_t n;
    char *plain = tu_gunzip(a, n1, &n);
    cr_assert_not_null(plain, "bad gzip stream");
    cr_expect_eq(n, sizeof text - 1);
    cr_expect(memcmp(plain, text, n) == 0);
    free(plain);
    free(a);
    free(b);
    char *empty = chr_snap_gzip("", 0, 6, &n1);
    cr_expect_not_null(empty);
    free(empty);
}
