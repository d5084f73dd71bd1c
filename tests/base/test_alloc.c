/*
 * test_alloc.c - the core's public functions when memory runs out.  Each
 * scenario runs once to count its allocations, then once more for every
 * N with the Nth allocation failing (the core's malloc, calloc, realloc,
 * strdup and strndup, wrapped at link time).  jansson's own allocations
 * are left alone: its lexer drops a byte of a string when its buffer
 * cannot grow (the return of strbuffer_append_byte is not checked), which
 * no caller can see.  Each run must end without a crash and, under
 * ASan, without a leak, and say what happened: an error, or the same
 * bytes as the run with all the memory it wanted (a cache that could not
 * be filled may cost time, never data).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "chronicle/analysis.h"
#include "chronicle/chron.h"
#include "chronicle/corpus.h"
#include "chronicle/doc.h"
#include "chronicle/extract.h"
#include "chronicle/format.h"
#include "chronicle/filter.h"
#include "chronicle/json.h"
#include "chronicle/snap.h"
#include "chronicle/version.h"
#include "testutil.h"

/* ---- the failing allocator ---- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static long fail_at = -1;       /* the allocation that fails; -1: none */
static long counted;            /* allocations since the run began */
static int failed;              /* the run had one fail */

static int fail_now(void)
{
    if (counted++ != fail_at)
        return 0;
    failed = 1;
    return 1;
}

void *__wrap_malloc(size_t n)
{
    return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t k, size_t n)
{
    return fail_now() ? NULL : __real_calloc(k, n);
}

void *__wrap_realloc(void *p, size_t n)
{
    return fail_now() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
    return fail_now() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
    return fail_now() ? NULL : __real_strndup(s, n);
}

/* One scenario: returns its output (malloc'd with __real_malloc) or NULL
 * when it reported an error. */
typedef char *(*scenario_fn)(void);

/* A copy the allocator never fails. */
static char *keep(const char *s, size_t n)
{
    char *c = __real_malloc(n + 1);
    cr_assert_not_null(c);
    memcpy(c, s, n);
    c[n] = '\0';
    return c;
}

/* Run f with no failure, then with each of its allocations failing. */
static void every_failure(const char *name, scenario_fn f)
{
    fail_at = -1;
    counted = 0;
    char *want = f();
    cr_assert_not_null(want, "%s fails with all the memory it wants", name);
    long total = counted;
    cr_assert_gt(total, 0, "%s allocates nothing", name);
    long errors = 0;
    for (long n = 0; n < total; n++) {
        fail_at = n;
        counted = 0;
        failed = 0;
        char *got = f();
        fail_at = -1;
        if (got == NULL) {
            errors++;
            continue;
        }
        size_t at = 0;
        while (got[at] != '\0' && got[at] == want[at])
            at++;
        cr_expect(got[at] == want[at], "%s: allocation %ld of %ld failed and the output "
                  "changed without an error at byte %zu: '%.60s' instead of '%.60s'", name,
                  n, total, at, got + at, want + at);
        free(got);
    }
    free(want);
    cr_log_info("%s: %ld allocations, %ld failures reported as errors", name, total, errors);
    cr_expect_gt(errors, 0, "%s: no failure was reported", name);
}

/* ---- scenarios ---- */

static const char story[] =
    "Harbour board bans night flights\n\n"
    "PORTVALE, 4 March 2019 - The harbour board voted on Monday to ban night "
    "flights from 1 June. The mayor said the ban was overdue. A month later "
    "the airline sued the board.\n";

/* A document read: sentences, dates, events; its mention lines. */
static char *read_story(void)
{
    chr_error err;
    chr_error_clear(&err);
    chr_doc *doc = chr_doc_from_mem("story.txt", story, sizeof story - 1, &err);
    if (doc == NULL)
        return NULL;
    chr_analysis_opts ao;
    chr_analysis_opts_init(&ao);
    chr_analysis *a = chr_analysis_new(doc, &ao, &err);     /* takes doc */
    if (a == NULL)
        return NULL;
    chr_extract_opts eo = {1};
    chr_mention_list ml = {0};
    char *out = NULL;
    if (chr_analysis_run(a, CHR_ORDER_AUTO, &err) == 0 &&
        chr_extract(a, &eo, &ml, &err) == 0) {
        size_t cap = 1, n = 0;
        out = __real_malloc(cap);
        cr_assert_not_null(out);
        out[0] = '\0';
        for (size_t i = 0; i < ml.count && out != NULL; i++) {
            size_t len = 0;
            char *line = chr_json_mention_line(&ml.items[i], &len);
            if (line == NULL) {
                free(out);
                out = NULL;
                break;
            }
            char *grown = __real_realloc(out, n + len + 2);
            cr_assert_not_null(grown);
            out = grown;
            memcpy(out + n, line, len);
            n += len;
            out[n++] = '\n';
            out[n] = '\0';
            free(line);
        }
    }
    chr_mention_list_free(&ml);
    chr_analysis_free(a);
    return out;
}

static char *mention_lines;     /* read_story's, for the merge */
static char *timeline;          /* the merged timeline, for the reload */

/* The reduce step: mention lines merged into a chronology, rendered. */
static char *merge_lines(void)
{
    chr_error err;
    chr_error_clear(&err);
    chr_chron *c = chr_chron_new();
    if (c == NULL)
        return NULL;
    char *out = NULL;
    if (chr_json_load(mention_lines, strlen(mention_lines), "lines", c, &err) == 0 &&
        chr_chron_build(c, &err) == 0) {
        size_t len = 0;
        char *t = chr_version_render(c, 1551657600, &len);
        if (t != NULL) {
            out = keep(t, len);
            free(t);
        }
    }
    chr_chron_free(c);
    return out;
}

/* A snapshot read back and rendered again. */
static char *reload_snapshot(void)
{
    chr_error err;
    chr_error_clear(&err);
    int64_t created = 0;
    chr_chron *c = chr_version_load(timeline, strlen(timeline), "snapshot", &created, &err);
    if (c == NULL)
        return NULL;
    size_t len = 0;
    char *t = chr_version_render(c, created, &len);
    char *out = t != NULL ? keep(t, len) : NULL;
    free(t);
    chr_chron_free(c);
    return out;
}

/* A query parsed into a filter and its cache key. */
static char *parse_query(void)
{
    static const char q[] = "type=ban,legal_action&from=2019-03&to=2019-Q2&actor=Harbour%20board"
                            "&q=night&precision=day&top=5&limit=3&offset=1&format=vis";
    chr_error err;
    chr_error_clear(&err);
    chr_filter f;
    chr_filter_init(&f);
    if (chr_filter_parse(&f, q, sizeof q - 1, CHR_FILTER_PAGING | CHR_FILTER_FORMAT,
                         &err) != 0)
        return NULL;
    size_t len = 0;
    char *key = chr_filter_key(&f, &len);
    char *out = key != NULL ? keep(key, len) : NULL;
    free(key);
    chr_filter_clear(&f);
    return out;
}

/* The story in every form the reading stage converts: its text and what
 * the file says about itself, one after the other. */
static char *read_forms(void)
{
    static const char *const files[] = {"story.html", "story.eml", "story.pdf", "story.docx",
                                        "story-cp1252.txt"};
    size_t cap = 1, n = 0;
    char *out = __real_malloc(cap);
    cr_assert_not_null(out);
    out[0] = '\0';
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, "fixtures/formats/%s", files[i]);
        FILE *f = fopen(path, "rb");
        cr_assert_not_null(f, "%s", path);
        static char bytes[1 << 16];
        size_t len = fread(bytes, 1, sizeof bytes, f);
        fclose(f);
        chr_error err;
        chr_error_clear(&err);
        chr_format_meta m;
        chr_doc *d = chr_format_from_mem(files[i], bytes, len, NULL, &m, &err);
        if (d == NULL) {
            chr_format_meta_clear(&m);
            free(out);
            return NULL;
        }
        size_t tl;
        const char *t = chr_doc_text(d, &tl);
        size_t ml = (m.title ? strlen(m.title) : 0) + (m.author ? strlen(m.author) : 0);
        char *grown = __real_realloc(out, n + tl + ml + 64);
        cr_assert_not_null(grown);
        out = grown;
        n += (size_t)sprintf(out + n, "%s|%s|%lld|", m.title ? m.title : "",
                             m.author ? m.author : "", (long long)m.date);
        memcpy(out + n, t, tl);
        n += tl;
        out[n] = '\0';
        chr_doc_free(d);
        chr_format_meta_clear(&m);
    }
    return out;
}

static char folder[64];

/* A folder built into a snapshot; its JSON and calendar, filtered, and
 * the text it kept of the page. */
static char *build_folder(void)
{
    chr_error err;
    chr_error_clear(&err);
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    chr_snap *s = chr_snap_build(folder, &o, &err);
    if (s == NULL)
        return NULL;
    chr_filter f;
    chr_filter_init(&f);
    char *out = NULL;
    static const char q[] = "type=ban";
    if (chr_filter_parse(&f, q, sizeof q - 1, 0, &err) == 0) {
        chr_body *j = chr_snap_render(s, CHR_FEED_JSON, &f, 0, &err);
        chr_body *i = j != NULL ? chr_snap_render(s, CHR_FEED_ICS, NULL, 0, &err) : NULL;
        const chr_body *t = chr_snap_doc_text(s, "story.html");
        cr_assert_not_null(t, "the page's text is not kept");
        if (i != NULL) {
            out = __real_malloc(j->len + i->len + t->len + 1);
            cr_assert_not_null(out);
            memcpy(out, j->data, j->len);
            memcpy(out + j->len, i->data, i->len);
            memcpy(out + j->len + i->len, t->data, t->len);
            out[j->len + i->len + t->len] = '\0';
        }
        chr_body_unref(j);
        chr_body_unref(i);
        chr_filter_clear(&f);
    }
    chr_snap_unref(s);
    return out;
}

Test(alloc, reading_a_document)
{
    every_failure("read", read_story);
}

Test(alloc, reading_every_form)
{
    every_failure("forms", read_forms);
}

Test(alloc, merging_and_reloading)
{
    fail_at = -1;
    mention_lines = read_story();
    cr_assert_not_null(mention_lines);
    every_failure("merge", merge_lines);
    timeline = merge_lines();
    cr_assert_not_null(timeline);
    every_failure("reload", reload_snapshot);
    free(mention_lines);
    free(timeline);
}

Test(alloc, parsing_a_query)
{
    every_failure("query", parse_query);
}

Test(alloc, building_a_folder)
{
    snprintf(folder, sizeof folder, "/tmp/chronicle-alloc-XXXXXX");
    cr_assert_not_null(mkdtemp(folder));
    char path[128];
    snprintf(path, sizeof path, "%s/story.txt", folder);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(story, f);
    fclose(f);
    /* a converted document too, whose text the snapshot keeps */
    size_t n;
    char *page = tu_read("fixtures/formats/story.html", &n);
    cr_assert_not_null(page);
    char page_path[128];
    snprintf(page_path, sizeof page_path, "%s/story.html", folder);
    cr_assert_eq(tu_write(page_path, page, n), 0);
    free(page);
    every_failure("build", build_folder);
    unlink(path);
    unlink(page_path);
    rmdir(folder);
}
