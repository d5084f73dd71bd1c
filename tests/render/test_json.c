/* test_json.c - timeline JSON, mention lines, reading them back. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "chronicle/corpus.h"
#include "chronicle/json.h"

static chr_chron *seed(void)
{
    chr_error err = {0};
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    chr_chron *c = chr_corpus_build("fixtures/corpus", &o, &err);
    cr_assert_not_null(c, "%s", err.msg);
    return c;
}

Test(json, timeline_contract)
{
    chr_chron *c = seed();
    size_t len;
    char *s = chr_json_timeline(c, NULL, 0, NULL, &len);
    cr_assert_not_null(s);
    json_error_t je;
    json_t *root = json_loads(s, 0, &je);
    cr_assert_not_null(root, "%s", je.text);
    json_t *corpus = json_object_get(root, "corpus");
    cr_assert_eq(strlen(json_string_value(json_object_get(corpus, "version"))), 64);
    cr_assert_eq(json_integer_value(json_object_get(corpus, "documents")), 5);
    const char *gen = json_string_value(json_object_get(corpus, "generated"));
    cr_assert(gen && strlen(gen) == 20 && gen[10] == 'T' && gen[19] == 'Z');
    json_t *evs = json_object_get(root, "events");
    cr_assert_eq(json_array_size(evs), chr_chron_event_count(c));
    const char *prev = "";
    for (size_t i = 0; i < json_array_size(evs); i++) {
        json_t *e = json_array_get(evs, i);
        json_t *d = json_object_get(e, "date");
        const char *start = json_string_value(json_object_get(d, "start"));
        cr_assert(strcmp(prev, start) <= 0, "not sorted at %zu", i);
        prev = start;
        cr_assert(json_is_string(json_object_get(e, "id")));
        cr_assert(json_is_string(json_object_get(e, "type")));
        cr_assert(json_is_array(json_object_get(e, "actors")));
        json_t *src = json_array_get(json_object_get(e, "sources"), 0);
        cr_assert(json_is_integer(json_object_get(src, "offset")));
        cr_assert(json_is_string(json_object_get(src, "sentence")));
        cr_assert(json_is_string(json_object_get(src, "dct")));
    }
    /* one known event: the Brussels centre opened on 2019-03-05 */
    int found = 0;
    for (size_t i = 0; i < json_array_size(evs); i++) {
        json_t *e = json_array_get(evs, i);
        if (strcmp(json_string_value(json_object_get(e, "type")), "opening") == 0 &&
            strcmp(json_string_value(json_object_get(json_object_get(e, "date"), "value")), "2019-03-05") == 0)
            found = (int)json_array_size(json_object_get(e, "sources"));
    }
    cr_assert_geq(found, 2, "the Brussels opening should have sources from two documents");
    json_decref(root);
    free(s);
    chr_chron_free(c);
}

Test(json, timeline_reads_back_to_same_bytes)
{
    chr_chron *c = seed();
    size_t len;
    char *s = chr_json_timeline(c, NULL, 0, NULL, &len);
    chr_chron *c2 = chr_chron_new();
    chr_error err = {0};
    cr_assert_eq(chr_json_load(s, len, "t.json", c2, &err), 0, "%s", err.msg);
    cr_assert_eq(chr_chron_build(c2, &err), 0);
    size_t len2;
    char *s2 = chr_json_timeline(c2, NULL, 0, NULL, &len2);
    cr_assert_eq(len, len2);
    cr_assert_eq(memcmp(s, s2, len), 0);
    /* pretty output reads back too */
    chr_json_opts po = {1, 0};
    char *p = chr_json_timeline(c, NULL, 0, &po, &len2);
    chr_chron *c3 = chr_chron_new();
    cr_assert_eq(chr_json_load(p, len2, "p.json", c3, &err), 0, "%s", err.msg);
    chr_chron_build(c3, NULL);
    cr_assert_eq(chr_chron_event_count(c3), chr_chron_event_count(c));
    free(p);
    free(s);
    free(s2);
    chr_chron_free(c);
    chr_chron_free(c2);
    chr_chron_free(c3);
}

static const struct {
    const char *input;
    const char *msg;      /* substring of the error */
    size_t offset;        /* byte offset the error names */
} bad_rows[] = {
    {"{\"kind\":\"mention\"}\n", "without a \"doc\"", 0},
    {"\n{\"kind\":\"mention\",\"doc\":\"a\",\"type\":\"party\",\"offset\":1,\"length\":2}\n", "event type", 1},
    {"{\"kind\":\"mention\",\"doc\":\"a\",\"type\":\"ban\",\"offset\":-1,\"length\":2}", "non-negative", 0},
    {"{\"kind\":\"mention\",\"doc\":\"a\",\"type\":\"ban\",\"offset\":1,\"length\":2,\"date\":\"2019-13\"}", "TIMEX3", 0},
    {"{\"kind\":\"document\",\"doc\":\"a\",\"sha256\":\"abc\"}", "64-digit", 0},
    {"[1,2]", "expected a JSON object", 0},
    {"{\"kind\":\"other\"}", "expected a timeline", 0},
    {"{\"kind\":\"mention\",\n", "line 2, column 0", 0},
    {"{\"events\": 3}", "must be an array", 0},
};

Test(json, bad_input_names_line_and_byte)
{
    for (size_t i = 0; i < sizeof bad_rows / sizeof bad_rows[0]; i++) {
        chr_chron *c = chr_chron_new();
        chr_error err = {0};
        int rc = chr_json_load(bad_rows[i].input, strlen(bad_rows[i].input), "in.jsonl", c, &err);
        cr_expect_neq(rc, 0, "row %zu accepted", i);
        cr_expect(strstr(err.msg, bad_rows[i].msg) != NULL, "row %zu: '%s' lacks '%s'", i, err.msg,
                  bad_rows[i].msg);
        cr_expect_str_eq(err.file, "in.jsonl");
        cr_expect_geq(err.offset, bad_rows[i].offset, "row %zu offset %zu", i, err.offset);
        chr_chron_free(c);
    }
}

Test(json, timex_line_contract)
{
    const char *text = "It opened on 5 March 2019.";
    chr_timex_list tl = {0};
    chr_tag_opts o = {CHR_NO_DAY, CHR_ORDER_AUTO};
    cr_assert_eq(chr_tag(text, strlen(text), &o, &tl, NULL), 0);
    cr_assert_eq(tl.count, 1);
    size_t n;
    char *line = chr_json_timex_line("d.txt", text, &tl.items[0], &n);
    json_t *v = json_loads(line, 0, NULL);
    cr_assert_not_null(v);
    cr_assert_str_eq(json_string_value(json_object_get(v, "text")), "5 March 2019");
    cr_assert_eq(json_integer_value(json_object_get(v, "start")), 13);
    cr_assert_eq(json_integer_value(json_object_get(v, "end")), 25);
    cr_assert_str_eq(json_string_value(json_object_get(v, "type")), "DATE");
    cr_assert_str_eq(json_string_value(json_object_get(v, "value")), "2019-03-05");
    cr_assert(json_is_null(json_object_get(v, "mod")));
    json_t *r = json_object_get(v, "range");
    cr_assert_str_eq(json_string_value(json_array_get(r, 0)), "2019-03-05");
    cr_assert_str_eq(json_string_value(json_object_get(v, "anchor")), "absolute");
    cr_assert_eq(line[n - 1], '\n');
    json_decref(v);
    free(line);
    chr_timex_list_free(&tl);
}

/* The text of a dates line is escaped as jansson escapes a string, eight
 * bytes at a time or one, wherever the special bytes fall; a doc name or
 * text that is not UTF-8 gives no line. */
Test(json, timex_line_escapes_as_jansson)
{
    static const char *const texts[] = {
        "5 March 2019", "", "a", "\"", "\\", "say \"when\" 2019, then\\now",
        "tab\there\nnewline\r\f\b\x01\x1f" " end", "0123456789abcdef\"0123456789abcdef\\",
        "caf\xc3\xa9 \xe2\x80\x94 2019 \xe2\x80\x99s", "\x7f" " and ~ and / and }",
        "01234567\x1f" "01234567"};
    chr_timex t;
    memset(&t, 0, sizeof t);
    t.type = CHR_TX_DATE;
    t.mod = CHR_MOD_APPROX;
    t.anchor = CHR_ANCHOR_DCT;
    strcpy(t.value, "2019-03-05");
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const char *text = texts[i];
        t.start = 0;
        t.end = (uint32_t)strlen(text);
        size_t n, np;
        char *line = chr_json_timex_line("d \"1\".txt", text, &t, &n);
        cr_assert_not_null(line, "row %zu", i);
        json_t *js = json_stringn(text, t.end);
        char *want = json_dumps(js, JSON_ENCODE_ANY);
        json_decref(js);
        const char *at = strstr(line, ",\"text\":") + 8, *end = strstr(at, ",\"type\":");
        cr_expect(end != NULL && (size_t)(end - at) == strlen(want) &&
                      memcmp(at, want, strlen(want)) == 0,
                  "row %zu: %s, not %s", i, line, want);
        static const char doc[] = "{\"doc\":\"d \\\"1\\\".txt\",";
        cr_expect_eq(strncmp(line, doc, sizeof doc - 1), 0, "%s", line);
        /* the same line in three steps */
        char *prefix = chr_json_timex_prefix("d \"1\".txt", &np);
        char *out = malloc(chr_json_timex_room(np, &t));
        cr_assert_eq(chr_json_timex_write(out, prefix, np, text, &t), n);
        cr_expect_eq(memcmp(out, line, n), 0, "row %zu: %s", i, out);
        free(out);
        free(prefix);
        free(want);
        free(line);
    }
    size_t n;
    t.start = 0;
    t.end = 3;
    cr_expect_null(chr_json_timex_line("d\xff.txt", "abc", &t, &n));
    cr_expect_null(chr_json_timex_line("d.txt", "a\xff" "c", &t, &n));
    cr_expect_null(chr_json_timex_prefix("d\xc3", &n));
}

Test(json, errors_inside_a_pretty_timeline_name_their_line)
{
    chr_chron *c = seed();
    chr_json_opts po = {1, 0};
    size_t len;
    char *p = chr_json_timeline(c, NULL, 0, &po, &len);
    /* break line 41 */
    char *at = p;
    for (int line = 1; line < 41; line++)
        at = strchr(at, '\n') + 1;
    char *nl = strchr(at, '\n');
    size_t head = (size_t)(nl - p);
    char *bad = malloc(len + 8);
    memcpy(bad, p, head);
    memcpy(bad + head, " oops", 5);
    memcpy(bad + head + 5, p + head, len - head);
    chr_chron *c2 = chr_chron_new();
    chr_error err = {0};
    cr_assert_neq(chr_json_load(bad, len + 5, "t.json", c2, &err), 0);
    cr_assert(strstr(err.msg, "line 41") != NULL, "%s", err.msg);
    cr_assert_gt(err.offset, head);
    free(bad);
    free(p);
    chr_chron_free(c2);
    chr_chron_free(c);
    /* a document time that would overflow is refused, not wrapped */
    const char *line = "{\"kind\":\"document\",\"doc\":\"a\",\"sha256\":"
                       "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\","
                       "\"mtime\":\"2019-01-01T2147483647:00:00Z\"}\n";
    c2 = chr_chron_new();
    chr_error_clear(&err);
    cr_assert_neq(chr_json_load(line, strlen(line), "d.jsonl", c2, &err), 0);
    cr_assert(strstr(err.msg, "mtime") != NULL, "%s", err.msg);
    chr_chron_free(c2);
}

/* Add a mention whose title and sentence are title, dated date. */
static void add_item(chr_chron *c, chr_event_type type, const char *doc, uint32_t offset,
                     uint32_t length, const char *title, const char *trigger, const char *date)
{
    chr_mention m = {0};
    m.type = type;
    m.doc = strdup(doc);
    m.offset = offset;
    m.length = length;
    m.sentence = strdup(title);
    m.title = strdup(title);
    m.trigger = strdup(trigger);
    cr_assert_eq(chr_date_parse(date, strlen(date), &m.date), 0);
    m.dct = CHR_NO_DAY;
    cr_assert_eq(chr_chron_add_mention(c, &m, NULL), 0);
}

/* The events of a timeline are written on several threads, in chunks
 * each thread writes apart: 1,300 events (three chunks and a part), every
 * selection of them (all, every third, none), compact and indented, give
 * the same bytes on one thread as on two and five, and jansson reads
 * them. */
Test(json, the_same_bytes_on_any_number_of_threads)
{
    chr_chron *c = chr_chron_new();
    for (int i = 0; i < 1300; i++) {
        char title[64], date[16];
        snprintf(title, sizeof title, "item %d \"quoted\"\tand tabbed caf\xc3\xa9", i);
        snprintf(date, sizeof date, "%04d-%02d-%02d", 1990 + i / 300, i % 12 + 1, i % 28 + 1);
        add_item(c, (chr_event_type)(i % CHR_EV_NTYPES), i % 2 ? "a.txt" : "b.txt",
                 (uint32_t)i * 10, 5, title, "item", date);
    }
    cr_assert_eq(chr_chron_build(c, NULL), 0);
    size_t n = chr_chron_event_count(c);
    cr_assert_gt(n, 1024);
    size_t *third = malloc(n * sizeof *third), nthird = 0;
    for (size_t i = 0; i < n; i += 3)
        third[nthird++] = i;
    const size_t *sel[3] = {NULL, third, third};
    const size_t count[3] = {0, nthird, 0};
    for (int pretty = 0; pretty < 2; pretty++)
        for (int s = 0; s < 3; s++) {
            char *want = NULL;
            static const unsigned jobs[] = {1, 2, 5};
            for (size_t k = 0; k < 3; k++) {
                chr_json_opts o = {pretty, 0, jobs[k]};
                size_t len;
                char *got = chr_json_timeline(c, sel[s], count[s], &o, &len);
                cr_assert_not_null(got);
                cr_assert_eq(strlen(got), len);
                if (want == NULL) {
                    json_error_t je;
                    json_t *root = json_loads(got, 0, &je);
                    cr_assert_not_null(root, "%s", je.text);
                    size_t evs = json_array_size(json_object_get(root, "events"));
                    cr_expect_eq(evs, s == 0 ? n : count[s]);
                    /* the bytes jansson writes for what it read */
                    char *again = json_dumps(root, pretty ? JSON_INDENT(2) : JSON_COMPACT);
                    cr_assert_not_null(again);
                    cr_expect_eq(strncmp(again, got, len - 1), 0, "pretty %d, selection %d", pretty, s);
                    cr_expect_eq(strlen(again) + 1, len);
                    free(again);
                    json_decref(root);
                    want = got;
                } else {
                    cr_expect_str_eq(got, want, "%u threads, pretty %d, selection %d", jobs[k],
                                     pretty, s);
                    free(got);
                }
            }
            free(want);
        }
    free(third);
    chr_chron_free(c);
}

/* What chr_json_timeline_write hands its sink, piece by piece. */
typedef struct sink_buf {
    char *p;
    size_t len, calls, fail_after;     /* fail_after: stop at that call (0: never) */
} sink_buf;

static int to_sink(void *ctx, const char *p, size_t n)
{
    sink_buf *s = ctx;
    if (s->fail_after && ++s->calls >= s->fail_after)
        return -1;
    s->p = realloc(s->p, s->len + n + 1);
    cr_assert_not_null(s->p);
    memcpy(s->p + s->len, p, n);
    s->len += n;
    s->p[s->len] = '\0';
    return 0;
}

/* A timeline of 4,000 events (about 4 MB) written through a sink: the
 * bytes chr_json_timeline gives, in several pieces, on one thread or
 * three; a sink that stops the writing makes it return CHR_EIO, and
 * leaves nothing allocated. */
Test(json, a_timeline_written_through_a_sink)
{
    chr_chron *c = chr_chron_new();
    for (int i = 0; i < 4000; i++) {
        char title[600], date[16];
        int k = snprintf(title, sizeof title, "event %d of a long story", i);
        memset(title + k, 'x', 400);
        title[k + 400] = '\0';
        snprintf(date, sizeof date, "%04d-%02d-%02d", 1950 + i / 300, i % 12 + 1, i % 28 + 1);
        add_item(c, CHR_EV_MEETING, "a.txt", (uint32_t)i * 10, 0, title, "event", date);
    }
    cr_assert_eq(chr_chron_build(c, NULL), 0);
    size_t len;
    char *want = chr_json_timeline(c, NULL, 0, NULL, &len);
    cr_assert_not_null(want);
    cr_assert_gt(len, 3u << 20);
    for (unsigned jobs = 1; jobs <= 3; jobs += 2) {
        chr_json_opts o = {0, 0, jobs};
        sink_buf s = {0};
        cr_assert_eq(chr_json_timeline_write(c, NULL, 0, &o, to_sink, &s), 0);
        cr_expect_eq(s.len, len);
        cr_expect_eq(memcmp(s.p, want, len), 0, "%u threads", jobs);
        free(s.p);
    }
    sink_buf s = {.fail_after = 2};
    cr_expect_eq(chr_json_timeline_write(c, NULL, 0, NULL, to_sink, &s), CHR_EIO);
    free(s.p);
    /* on three threads, chunks written ahead of the failure are freed
     * too (the leak checker sees them otherwise) */
    chr_json_opts o3 = {0, 0, 3};
    sink_buf s3 = {.fail_after = 2};
    cr_expect_eq(chr_json_timeline_write(c, NULL, 0, &o3, to_sink, &s3), CHR_EIO);
    free(s3.p);
    free(want);
    chr_chron_free(c);
}
