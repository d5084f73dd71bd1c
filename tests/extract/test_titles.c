/*
 * test_titles.c - the chronology reads as headlines: over the fixture
 * corpora and, when present, the development data (CHRONICLE_DEV, as in
 * test_devdata.c), at most 2% of titles end on a function word or open
 * with a third-person pronoun, and no actor is a single letter, a month
 * or weekday, or a word of the document's dateline.  First persons ("We
 * opened the centre") stand for a writer the text does not name and stay.
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <jansson.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "testutil.h"

typedef struct tally {
    size_t titles, bad_titles, actors;
    char first_bad[256];
} tally;

static int word_in(const char *w, size_t n, const char *const *list, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (strlen(list[i]) == n && strncasecmp(list[i], w, n) == 0)
            return 1;
    return 0;
}

/* The first or last word of s, letters only. */
static void edge_word(const char *s, int last, const char **w, size_t *n)
{
    size_t len = strlen(s), a, b;
    if (last) {
        /* past closing quotes and brackets; a number ends no phrase badly */
        b = len;
        while (b > 0 && !isalnum((unsigned char)s[b - 1]))
            b--;
        if (b > 0 && isdigit((unsigned char)s[b - 1])) {
            *w = s + b;
            *n = 0;
            return;
        }
        a = b;
        while (a > 0 && isalpha((unsigned char)s[a - 1]))
            a--;
    } else {
        a = 0;
        while (a < len && !isalpha((unsigned char)s[a]))
            a++;
        b = a;
        while (b < len && isalpha((unsigned char)s[b]))
            b++;
    }
    *w = s + a;
    *n = b - a;
}

static void check_title(tally *t, const char *title)
{
    static const char *const function[] = {
        "a", "an", "the", "of", "to", "in", "on", "at", "for", "by", "with", "from", "and",
        "or", "but", "as", "that", "which", "who", "whom", "whose", "is", "are", "was",
        "were", "be", "been", "has", "have", "had", "its", "their", "his", "her", "our",
        "your", "than", "into", "over", "after", "before", "about", "against", "between",
        "during", "under", "while", "if", "because", "will", "would", "could", "should"};
    static const char *const pron[] = {"he", "she", "it", "they", "him", "them",
                                       "his", "her", "its", "their"};
    if (title == NULL || *title == '\0')
        return;
    t->titles++;
    const char *w;
    size_t n;
    edge_word(title, 1, &w, &n);
    int bad = n > 0 && word_in(w, n, function, sizeof function / sizeof function[0]);
    edge_word(title, 0, &w, &n);
    /* "U.S." is no pronoun */
    bad |= n > 0 && w == title && word_in(w, n, pron, sizeof pron / sizeof pron[0]);
    if (bad && t->bad_titles++ == 0)
        snprintf(t->first_bad, sizeof t->first_bad, "%s", title);
}

/* The place of a dateline opening the sentence ("PARIS, April 8 ... -"),
 * as the length of the prefix it takes; 0 when there is none. */
static size_t dateline_prefix(const char *s)
{
    size_t i = 0;
    while (isupper((unsigned char)s[i]) || s[i] == ' ' || s[i] == '.')
        i++;
    if (i < 3 || s[i] != ',')
        return 0;
    const char *dash = strstr(s, " - ");
    const char *dd = strstr(s, "--");
    if (dd && (!dash || dd < dash))
        dash = dd;
    return dash && dash - s < 100 ? (size_t)(dash - s) : 0;
}

static void check_actor(const char *actor, const char *sentence, const char *doc)
{
    static const char *const when[] = {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday"};
    size_t n = strlen(actor);
    cr_expect_gt(n, 1, "%s: a one-letter actor '%s'", doc, actor);
    cr_expect(!word_in(actor, n, when, sizeof when / sizeof when[0]), "%s: actor '%s' is a date",
              doc, actor);
    size_t dl = dateline_prefix(sentence);
    if (dl > 0) {
        const char *hit = strstr(sentence, actor);
        cr_expect(hit == NULL || hit >= sentence + dl || strstr(sentence + dl, actor) != NULL,
                  "%s: actor '%s' comes from the dateline", doc, actor);
    }
}

static void check_timeline(tally *t, const char *dir)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s timeline '%s' --format json", tu_bin(), dir);
    char *out = NULL;
    size_t len = 0;
    cr_assert_eq(tu_run(cmd, &out, &len), 0, "%s", cmd);
    json_error_t je;
    json_t *tl = json_loadb(out, len, 0, &je);
    free(out);
    cr_assert_not_null(tl, "%s: %s", dir, je.text);
    size_t i, k, j;
    json_t *e, *s, *a;
    json_array_foreach(json_object_get(tl, "events"), i, e) {
        check_title(t, json_string_value(json_object_get(e, "title")));
        json_array_foreach(json_object_get(e, "sources"), k, s) {
            check_title(t, json_string_value(json_object_get(s, "title")));
            const char *sent = json_string_value(json_object_get(s, "sentence"));
            const char *doc = json_string_value(json_object_get(s, "doc"));
            json_array_foreach(json_object_get(s, "actors"), j, a) {
                t->actors++;
                check_actor(json_string_value(a), sent ? sent : "", doc ? doc : "?");
            }
        }
    }
    json_decref(tl);
}

static void expect_headlines(const tally *t, const char *what)
{
    cr_log_info("%s: %zu titles, %zu end on a function word or open with a pronoun; %zu actors",
                what, t->titles, t->bad_titles, t->actors);
    cr_assert_gt(t->titles, 0);
    cr_expect_leq(t->bad_titles * 50, t->titles, "%s: %zu of %zu titles are no headlines (first: '%s')",
                  what, t->bad_titles, t->titles, t->first_bad);
}

Test(titles, fixtures_read_as_headlines)
{
    tally t = {0};
    check_timeline(&t, "fixtures/corpus");
    check_timeline(&t, "fixtures/corpus-v2");
    expect_headlines(&t, "fixtures");
}

Test(titles, development_data_reads_as_headlines, .timeout = 300)
{
    const char *dev = getenv("CHRONICLE_DEV") ? getenv("CHRONICLE_DEV") : "../shared";
    char p[512];
    snprintf(p, sizeof p, "%s/dev/tbaq/docs", dev);
    if (access(p, R_OK) != 0)
        cr_skip_test("no development data at %s (set CHRONICLE_DEV)", dev);
    char *tmp = tu_tmpdir();
    cr_assert_not_null(tmp);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cp '%s'/*.txt '%s'/*.meta.json '%s'/", p, p, tmp);
    cr_assert_eq(tu_run(cmd, NULL, NULL), 0);
    tally t = {0};
    check_timeline(&t, tmp);
    snprintf(p, sizeof p, "%s/dev/timelines-trial/docs", dev);
    check_timeline(&t, p);
    expect_headlines(&t, "development data");
    cr_assert_eq(tu_rmtree(tmp), 0);
    free(tmp);
}
