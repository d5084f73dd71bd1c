/* test_snap.c - served snapshots: prebuilt bodies, validators, gzip, the
 * filtered-response cache, converted texts and reference counting. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "chronicle/format.h"
#include "chronicle/snap.h"
#include "testutil.h"

static chr_chron *small_chron_at(int64_t mtime)
{
    static const tu_row rows[] = {
        {"a.txt", 2019, 3, 5, CHR_EV_OPENING, "Centre opens in Brussels"},
        {"a.txt", 2019, 1, 11, CHR_EV_MEETING, "Commission meets Huawei"},
        {"b.txt", 2018, 12, 1, CHR_EV_ARREST, "Executive arrested"},
        {"b.txt", 2019, 5, 15, CHR_EV_BAN, "Equipment <banned> & more"},
    };
    chr_chron *c = tu_chron(rows, sizeof rows / sizeof rows[0], 40, mtime);
    cr_assert_not_null(c);
    return c;
}

static chr_chron *small_chron(void)
{
    return small_chron_at(1552000000);
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

static chr_body *whole_feed(chr_snap *s, chr_feed which)
{
    chr_body *b = NULL;
    cr_assert_eq(chr_snap_feed(s, which, NULL, 1, &b, NULL), 0);
    return b;
}

/* Entity-tags label bytes, not corpus versions: an edit that was reverted
 * gives the old version back with SEQUENCE moved on, and the old tag must
 * not validate the new bytes. */
Test(snap, entity_tags_are_hashes_of_the_bytes)
{
    chr_snap *a = chr_snap_new(small_chron(), NULL);
    chr_snap *same = chr_snap_new(small_chron(), NULL);
    chr_chron *c = small_chron();
    cr_assert_eq(chr_chron_set_identity(c, 0, NULL, 2, CHR_NO_DAY), 0);
    chr_snap *bumped = chr_snap_new(c, NULL);
    cr_assert(a != NULL && same != NULL && bumped != NULL);
    cr_assert_str_eq(chr_snap_version(a), chr_snap_version(bumped),
                     "one corpus version");
    static const chr_feed feeds[] = {CHR_FEED_JSON, CHR_FEED_ICS,
                                     CHR_FEED_DOCUMENTS};
    for (size_t i = 0; i < 3; i++) {
        chr_body *x = whole_feed(a, feeds[i]), *y = whole_feed(same, feeds[i]);
        chr_body *z = whole_feed(bumped, feeds[i]);
        cr_expect_str_eq(x->etag, y->etag, "feed %zu: same bytes", i);
        cr_expect_str_eq(x->etag_gz, y->etag_gz, "feed %zu", i);
        int differ = x->len != z->len || memcmp(x->data, z->data, x->len) != 0;
        cr_expect_eq(strcmp(x->etag, z->etag) != 0, differ,
                     "feed %zu: bytes %s, tags %s / %s", i,
                     differ ? "differ" : "equal", x->etag, z->etag);
        if (differ && x->gz != NULL && z->gz != NULL)
            cr_expect_str_neq(x->etag_gz, z->etag_gz, "feed %zu gzip", i);
        chr_body_unref(x);
        chr_body_unref(y);
        chr_body_unref(z);
    }
    /* The calendar carries SEQUENCE: its bytes, so its tag, moved on. */
    chr_body *x = whole_feed(a, CHR_FEED_ICS), *z = whole_feed(bumped, CHR_FEED_ICS);
    cr_expect_str_neq(x->etag, z->etag);
    chr_body_unref(x);
    chr_body_unref(z);

    /* A filtered body too: same filter, other bytes, other tag. */
    chr_body *fx = feed(a, CHR_FEED_ICS, "type=opening,meeting,arrest,ban&from=1900", 1);
    chr_body *fz = feed(bumped, CHR_FEED_ICS, "type=opening,meeting,arrest,ban&from=1900", 1);
    cr_expect_str_neq(fx->etag, fz->etag);
    chr_body_unref(fx);
    chr_body_unref(fz);
    chr_snap_unref(a);
    chr_snap_unref(same);
    chr_snap_unref(bumped);
}

Test(snap, body_new_and_gzip_tags)
{
    static const char text[] = "chronicle chronicle chronicle chronicle "
                               "chronicle chronicle chronicle chronicle";
    chr_body *a = chr_body_new(strdup(text), sizeof text - 1, "text/plain",
                               "t", 7);
    chr_body *b = chr_body_new(strdup(text), sizeof text - 2, "text/plain",
                               "t", 7);
    cr_assert(a != NULL && b != NULL);
    cr_expect_eq(a->modified, 7);
    cr_expect_str_neq(a->etag, b->etag, "one byte shorter");
    cr_expect_eq(a->etag_gz[0], '\0', "no gzip form yet");
    cr_assert_eq(chr_body_gzip(a, 6), 0);
    cr_assert_not_null(a->gz, "repetitive text compresses");
    cr_expect_str_neq(a->etag_gz, a->etag);
    cr_expect_eq(a->etag_gz[0], '"');
    cr_expect_not_null(strstr(a->etag_gz, "-gz\""));
    /* Tiny bodies do not shrink: tried once, never served compressed. */
    chr_body *t = chr_body_new(strdup("x"), 1, "text/plain", "t", 0);
    cr_assert_eq(chr_body_gzip(t, 6), 0);
    cr_expect_null(t->gz);
    cr_expect_eq(t->gzlen, SIZE_MAX);
    chr_body_unref(a);
    chr_body_unref(b);
    chr_body_unref(t);
}

/* Last-Modified of a version served after another.  prev_floor: a
 * Last-Modified the previous one was raised to (0: none); same: the new
 * chronology has the previous one's documents and events. */
static const struct {
    int64_t prev_mtime, prev_floor, mtime;
    int same, has_prev;
    int64_t want;
} follows[] = {
    /* nothing to follow: the newest mtime */
    {0, 0, 1000, 1, 0, 1000},
    /* the same bytes keep their date */
    {1000, 0, 1000, 1, 1, 1000},
    /* a newer document: its mtime */
    {1000, 0, 5000, 1, 1, 5000},
    /* newest document replaced by an older file: "generated" goes back,
     * the bytes change, so the date moves on by a second */
    {2000, 0, 1000, 1, 1, 2001},
    /* another corpus (a document deleted) with an older newest mtime */
    {2000, 0, 1000, 0, 1, 2001},
    /* another corpus, newer: its mtime */
    {2000, 0, 9000, 0, 1, 9000},
    /* a raised date is kept for the same bytes, passed for new ones */
    {1000, 3000, 1000, 1, 1, 3000},
    {1000, 3000, 1500, 1, 1, 3001},
};

Test(snap, last_modified_never_goes_back)
{
    static const tu_row fewer[] = {
        {"a.txt", 2019, 3, 5, CHR_EV_OPENING, "Centre opens in Brussels"},
    };
    for (size_t i = 0; i < sizeof follows / sizeof follows[0]; i++) {
        chr_snap *prev = NULL;
        if (follows[i].has_prev) {
            chr_chron *pc = tu_chron(fewer, 1, 40, follows[i].prev_mtime);
            cr_assert_not_null(pc);
            prev = chr_snap_new(pc, NULL);
            cr_assert_not_null(prev);
            if (follows[i].prev_floor > 0)
                chr_snap_set_modified(prev, follows[i].prev_floor);
        }
        chr_chron *c = follows[i].same ? tu_chron(fewer, 1, 40, follows[i].mtime)
                                       : small_chron_at(follows[i].mtime);
        cr_assert_not_null(c);
        chr_snap *s = chr_snap_new(c, NULL);
        cr_assert_not_null(s);
        chr_snap_follow(s, prev);
        cr_expect_eq(chr_snap_modified(s), follows[i].want, "row %zu: %lld", i,
                     (long long)chr_snap_modified(s));
        /* every body says so, prebuilt and rendered later */
        chr_body *b = whole_feed(s, CHR_FEED_ICS);
        cr_expect_eq(b->modified, follows[i].want, "row %zu", i);
        chr_body_unref(b);
        b = feed(s, CHR_FEED_JSON, "type=opening", 0);
        cr_expect_eq(b->modified, follows[i].want, "row %zu", i);
        chr_body_unref(b);
        /* the JSON's "generated" stays the newest mtime */
        b = whole_feed(s, CHR_FEED_JSON);
        json_t *j = json_loadb(b->data, b->len, 0, NULL);
        cr_assert_not_null(j);
        const char *gen = json_string_value(json_object_get(
            json_object_get(j, "corpus"), "generated"));
        char want[32];
        time_t t = (time_t)follows[i].mtime;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
        cr_expect_str_eq(gen ? gen : "", want, "row %zu", i);
        json_decref(j);
        chr_body_unref(b);
        chr_snap_unref(s);
        chr_snap_unref(prev);
    }
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

struct render_job {
    const chr_snap *snap;
    chr_filter *f;
    chr_body *out;
};

static void *render_thread(void *arg)
{
    struct render_job *j = arg;
    j->out = chr_snap_render(j->snap, CHR_FEED_ICS, j->f, 1, NULL);
    return NULL;
}

/* The daemon looks up on its loop, renders on a worker, keeps on the
 * loop: the pieces of chr_snap_feed. */
Test(snap, lookup_render_elsewhere_keep)
{
    chr_snap *s = chr_snap_new(small_chron(), NULL);
    chr_filter f;
    parse_filter(&f, "type=ban");
    chr_body *b = NULL;
    cr_expect_eq(chr_snap_cached(s, CHR_FEED_ICS, &f, 1, &b, NULL), CHR_ENOTFOUND);
    cr_expect_null(b);
    struct render_job j = {s, &f, NULL};
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, render_thread, &j), 0);
    pthread_join(t, NULL);
    cr_assert_not_null(j.out);
    cr_expect_not_null(strstr(j.out->data, "Equipment"));
    cr_expect_null(strstr(j.out->data, "Executive"));
    cr_expect_eq(j.out->modified, chr_snap_modified(s));
    cr_expect(j.out->gz != NULL || j.out->gzlen == SIZE_MAX, "gzip tried");
    chr_snap_keep(s, CHR_FEED_ICS, &f, j.out);
    cr_assert_eq(chr_snap_cached(s, CHR_FEED_ICS, &f, 1, &b, NULL), 0);
    cr_expect_eq(b, j.out, "kept");
    chr_body_unref(b);
    /* the other feed is another entry */
    cr_expect_eq(chr_snap_cached(s, CHR_FEED_JSON, &f, 0, &b, NULL), CHR_ENOTFOUND);
    /* the whole feed is always ready */
    chr_filter all;
    chr_filter_init(&all);
    cr_assert_eq(chr_snap_cached(s, CHR_FEED_ICS, &all, 0, &b, NULL), 0);
    cr_expect_not_null(b);
    chr_body_unref(b);
    uint64_t hits, misses;
    chr_snap_cache_stats(s, &hits, &misses);
    cr_expect_eq(hits, 1);
    cr_expect_eq(misses, 2);
    chr_body_unref(j.out);
    chr_filter_clear(&f);
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

/* A build keeps the text of each converted document, the same bytes as
 * the reader gives (those its offsets count); a document read as it is
 * has none, and neither has a snapshot made from a chronology. */
Test(snap, builds_keep_converted_texts)
{
    chr_error err;
    chr_error_clear(&err);
    chr_snap *s = chr_snap_build("fixtures/formats", NULL, &err);
    cr_assert_not_null(s, "%s: %s", err.file, err.msg);
    static const char *const converted[] = {"story.html", "story.eml", "story.pdf",
                                            "story.docx", "story-cp1252.txt"};
    size_t sum = 0;
    for (size_t i = 0; i < sizeof converted / sizeof converted[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, "fixtures/formats/%s", converted[i]);
        chr_doc *d = chr_format_read(path, NULL, NULL, NULL, &err);
        cr_assert_not_null(d, "%s: %s", path, err.msg);
        size_t len;
        const char *text = chr_doc_text(d, &len);
        const chr_body *b = chr_snap_doc_text(s, converted[i]);
        cr_assert_not_null(b, "no text kept of %s", converted[i]);
        cr_expect(b->len == len && memcmp(b->data, text, len) == 0, "%s", converted[i]);
        cr_expect_str_eq(b->type, "text/plain; charset=utf-8");
        cr_expect_eq(b->modified, chr_chron_find_doc(chr_snap_chron(s), converted[i])->mtime);
        sum += len;
        chr_doc_free(d);
    }
    cr_expect_eq(chr_snap_text_bytes(s), sum);
    cr_expect_null(chr_snap_doc_text(s, "story.txt"), "UTF-8 text is its own file");
    cr_expect_null(chr_snap_doc_text(s, "none.pdf"));
    cr_expect_null(chr_snap_doc_text(s, "bad/bomb.docx"), "a file left out");
    chr_snap_unref(s);

    chr_snap *m = chr_snap_new(small_chron(), &err);
    cr_assert_not_null(m);
    cr_expect_null(chr_snap_doc_text(m, "a.txt"));
    cr_expect_eq(chr_snap_text_bytes(m), 0);
    chr_snap_unref(m);
}

static atomic_int stop_flag;

static int stop_while_preparing(void *ctx, chr_chron *c, chr_error *err)
{
    (void)c;
    (void)err;
    (*(int *)ctx)++;
    stop_flag = 1;
    return 0;
}

/* A stop asked for during a build: between documents (the corpus build),
 * and after comparing with the previous version, before rendering. */
Test(snap, builds_stop_when_cancelled)
{
    static const struct { int before; int prepared; } rows[] = {
        {1, 0},     /* set before: not a document read, nothing prepared */
        {0, 1},     /* set while preparing: nothing rendered */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        chr_corpus_opts o;
        chr_corpus_opts_init(&o);
        stop_flag = rows[i].before;
        o.cancel = &stop_flag;
        int prepared = 0;
        chr_error err;
        chr_error_clear(&err);
        chr_snap *s = chr_snap_build_prepared("fixtures/corpus", &o,
                                              stop_while_preparing, &prepared,
                                              &err);
        cr_expect_null(s, "row %zu", i);
        chr_snap_unref(s);
        cr_expect_eq(err.code, CHR_EINVAL, "row %zu", i);
        cr_expect_str_eq(err.msg, "cancelled", "row %zu", i);
        cr_expect_eq(prepared, rows[i].prepared, "row %zu", i);
    }
    stop_flag = 0;
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
