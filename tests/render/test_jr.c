/* test_jr.c - the pull JSON reader accepts exactly what jansson accepts
 * (so a refusal can fall back to jansson for its message), and the
 * one-pass reading of a timeline or snapshot builds the chronology
 * jansson's reading builds. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "chronicle/corpus.h"
#include "chronicle/json.h"
#include "render/jr_int.h"
#include "render/json_int.h"

static const char *const texts[] = {
    "{}", "[]", " {\"a\":1} \n", "[1,2,3]", "{\"a\":[{},[],\"x\",null,true,false,-0,0.5,1e3]}",
    "{\"a\":\"\\u00e9\\ud83d\\udcc5\\n\\t\\\"\\\\\\/\"}", "{\"k\":\"caf\xc3\xa9\"}",
    "[9223372036854775807,-9223372036854775808]",
    /* refused by both */
    "", "   ", "1", "\"s\"", "null", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[01]",
    "[1.]", "[.5]", "[1e]", "[-]", "[+1]", "[9223372036854775808]", "[-9223372036854775809]",
    "[1e999]", "[\"\\u0000\"]", "[\"\\ud800\"]", "[\"\\udc00\"]", "[\"\\ud800\\u0041\"]",
    "[\"tab\there\"]", "[\"caf\xe9\"]", "[\"\\x\"]", "[\"\\u12G4\"]", "{} {}", "[] x", "[tru]",
    "[nul]", "{\"a\":1}}", "[1]]", "{\"a\":1]", "[\"unterminated]", "[\xc3\xa9]",
    /* strings longer than a word (read eight bytes at a time): the end,
     * an escape, a control byte or a bad UTF-8 byte in each place */
    "[\"01234567\"]", "[\"0123456\"]", "[\"012345678\"]", "[\"0123456789abcdef\"]",
    "[\"01234567\\n89abcdef\\\"x\"]", "[\"0123456789abcde\\u00e9\"]",
    "[\"0123456789 caf\xc3\xa9 0123456789\"]", "[\"caf\xc3\xa9 0123456789 caf\xc3\xa9\"]",
    "{\"a long key, longer than a word\":\"and a long value after it\"}",
    /* refused by both */
    "[\"0123456789\nabc\"]", "[\"01234567\x1f\"]", "[\"0123456789 caf\xe9 01234567\"]",
    "[\"0123456789abcdef", "[\"0123456789abcdef\\", "[\"0123456789abcdef\\u00\"]",
    "[\"0123456789\\q0123456789\"]", "[\"0123456789abcdef\x7f\x80\"]",
};

static int jr_accepts(const char *text, size_t len)
{
    chr_jr r;
    chr_jr_init(&r, text, len);
    chr_jr_tok t;
    while ((t = chr_jr_next(&r)) != CHR_JR_END && t != CHR_JR_ERROR)
        ;
    chr_jr_free(&r);
    return t == CHR_JR_END;
}

Test(jr, accepts_what_jansson_accepts)
{
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        size_t len = strlen(texts[i]);
        json_error_t je;
        json_t *v = json_loadb(texts[i], len, 0, &je);
        int want = v != NULL;
        json_decref(v);
        cr_expect_eq(jr_accepts(texts[i], len), want, "text %zu '%s': jansson %s it", i,
                     texts[i], want ? "accepts" : "refuses");
    }
}

/* One string each, as read: in place or decoded, whatever the place of
 * its escapes and its end in the eight-byte words it is read by. */
static const struct { const char *text, *want; } strings[] = {
    { "[\"\"]",                                   "" },
    { "[\"0123456\"]",                            "0123456" },
    { "[\"01234567\"]",                           "01234567" },
    { "[\"0123456789abcdef0\"]",                  "0123456789abcdef0" },
    { "[\"0123456\\n89abcdef\"]",                "0123456\n89abcdef" },
    { "[\"01234567\\\"9abcdef\\\\\"]",          "01234567\"9abcdef\\" },
    { "[\"0123456789abcde\\u00e9 and on\"]",     "0123456789abcde\xc3\xa9 and on" },
    { "[\"caf\xc3\xa9 0123456789 caf\xc3\xa9\"]",   "caf\xc3\xa9 0123456789 caf\xc3\xa9" },
};

Test(jr, reads_strings_across_words)
{
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        chr_jr r;
        chr_jr_init(&r, strings[i].text, strlen(strings[i].text));
        cr_assert_eq(chr_jr_next(&r), CHR_JR_ARR);
        cr_assert_eq(chr_jr_next(&r), CHR_JR_STR, "row %zu", i);
        cr_expect(r.n == strlen(strings[i].want) && memcmp(r.s, strings[i].want, r.n) == 0,
                  "row %zu: read '%.*s', want '%s'", i, (int)r.n, r.s, strings[i].want);
        cr_expect_eq(chr_jr_next(&r), CHR_JR_ARR_END, "row %zu", i);
        cr_expect_eq(chr_jr_next(&r), CHR_JR_END, "row %zu", i);
        chr_jr_free(&r);
    }
}

Test(jr, skips_nested_values)
{
    const char *text = "{\"skip\":{\"a\":[1,{\"b\":[]}]},\"next\":7}";
    chr_jr r;
    chr_jr_init(&r, text, strlen(text));
    cr_assert_eq(chr_jr_next(&r), CHR_JR_OBJ);
    cr_assert_eq(chr_jr_next(&r), CHR_JR_KEY);
    cr_assert(r.n == 4 && memcmp(r.s, "skip", 4) == 0);
    cr_assert_eq(chr_jr_skip(&r, chr_jr_next(&r)), 0);
    cr_assert_eq(chr_jr_next(&r), CHR_JR_KEY);
    cr_assert(r.n == 4 && memcmp(r.s, "next", 4) == 0);
    cr_assert_eq(chr_jr_next(&r), CHR_JR_INT);
    cr_assert_eq(r.i, 7);
    cr_assert_eq(chr_jr_next(&r), CHR_JR_OBJ_END);
    cr_assert_eq(chr_jr_next(&r), CHR_JR_END);
    chr_jr_free(&r);
}

static int count_stored(void *ctx, const chr_json_stored *s)
{
    (*(size_t *)ctx) += s->id != NULL && s->has_source;
    return 0;
}

/* The fixtures' timeline read both ways: the same chronology. */
Test(jr, one_pass_reads_what_jansson_reads)
{
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    chr_chron *c = chr_corpus_build("fixtures/corpus", &o, NULL);
    cr_assert_not_null(c);
    size_t len;
    char *tl = chr_json_timeline(c, NULL, 0, NULL, &len);
    cr_assert_not_null(tl);
    chr_chron *a = chr_chron_new(), *b = chr_chron_new();
    cr_assert_eq(chr_json_load(tl, len, "t", a, NULL), 0);
    chr_json_head head;
    size_t stored = 0;
    cr_assert_eq(chr_json_load_stream(tl, len, b, &head, count_stored, &stored), 0);
    cr_expect_eq(head.present, 0);
    cr_expect_eq(stored, chr_chron_event_count(c));
    cr_assert_eq(chr_chron_build(a, NULL), 0);
    cr_assert_eq(chr_chron_build(b, NULL), 0);
    char *ja = chr_json_timeline(a, NULL, 0, NULL, NULL), *jb = chr_json_timeline(b, NULL, 0, NULL, NULL);
    cr_expect_str_eq(ja, jb);
    /* what the stream reader leaves to jansson */
    static const char *const refused[] = {
        "{\"kind\":\"document\",\"doc\":\"a\",\"sha256\":\"x\"}\n",          /* a record */
        "{\"events\":[{\"sources\":[],\"sources\":[]}]}",                  /* a key twice */
        "{\"events\":[{\"sources\":[{\"doc\":\"a\",\"offset\":1,\"length\":2}],\"type\":\"meeting\"}]}",
        "{\"events\":{}}", "{\"events\":[1]}", "{\"events\":[]} x",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        chr_chron *x = chr_chron_new();
        cr_expect_eq(chr_json_load_stream(refused[i], strlen(refused[i]), x, &head, NULL, NULL),
                     1, "refused[%zu]", i);
        chr_chron_free(x);
    }
    free(ja);
    free(jb);
    free(tl);
    chr_chron_free(a);
    chr_chron_free(b);
    chr_chron_free(c);
}
