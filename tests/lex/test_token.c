/* test_token.c - the tokenizer (core/lex/token.c) and the lexicon's index
 * (core/lex/lexicon.c).
 *
 * Rows are spec lines written by hand: a text and the tokens it must give,
 * one letter a token for its kind (w word, n number, p punctuation) and
 * its class where it has one.  A long text is read in windows of bytes
 * whose masks cut the ASCII words, and a byte at a time near its end and
 * around other scripts: the same text cut in pieces too short for a window
 * must give the same tokens, and so must random texts of the bytes where
 * the two ways part (window ends, long words and runs of white space,
 * other scripts, thousands groups). */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex/lex_int.h"

#define NROWS(a) (sizeof (a) / sizeof (a)[0])

/* One letter per token: its kind, then, for words of a class, the class
 * as a digit (enum tok_class), '+' for a plural, '*' for a tense cue and
 * '!' for an aux word (one a date rule reads by its letters);
 * '^' before a token written against the one before, '/' before one
 * after a newline. */
static void describe(const char *text, const chr_toks *tv, char *out, size_t cap)
{
    size_t k = 0;
    (void)text;
    for (size_t i = 0; i < tv->n && k + 6 < cap; i++) {
        const chr_tok *t = &tv->t[i];
        if (i > 0)
            out[k++] = ' ';
        if (t->nl)
            out[k++] = '/';
        if (t->adj && i > 0)
            out[k++] = '^';
        out[k++] = t->kind == T_WORD ? 'w' : t->kind == T_NUM ? 'n' : 'p';
        if (t->kind == T_WORD && t->cls != C_NONE)
            out[k++] = (char)(t->cls < 10 ? '0' + t->cls : 'a' + t->cls - 10);
        if (t->plural)
            out[k++] = '+';
        if (t->cue)
            out[k++] = '*';
        if (t->aux)
            out[k++] = '!';
    }
    out[k] = '\0';
}

static const struct { const char *text, *want; } rows[] = {
    {"", ""},
    {"on May 3, 2019.", "wb w1 n ^p n ^p"},
    {"Three weeks ago", "w6 w5+ wb*"},
    {"the 1990s", "wb n ^w"},
    {"1,500 people", "n w"},
    {"1,50", "n ^p ^n"},
    {"A320 jets", "wb ^n w"},
    {"5th\n\nMarch", "n ^w! /w1"},
    {"caf\xc3\xa9 au lait", "w w w"},
    {"\xc3\xa9t\xc3\xa9 2019", "w n"},
    {"word\xe2\x80\x94word", "w ^p ^w"},
    {"THURSDAY, Sept. 14", "w3 ^p w2 ^p n"},
    {"thirteenth and thirteen", "w7 wb w6"},
    {"Thanksgiving weekends", "wc w5+"},
    {"xylophone", "w"},
    {"yesterdays", "w"},
    {"abcdefghijklmnopqrstuvwxyz", "w"},
    {"He WAS there and will be, last week", "w w* w wb wb* w ^p wb* w5"},
    {"forthcoming plans, not planes", "w* w* ^p w w"},
    {"the latter half, the 5th, 10 p.m., three straight days",
     "wb w! wb ^p wb n ^w! ^p n w! ^p ^w ^p ^p w6 w! w5+"},
};

Test(token, rows)
{
    for (size_t i = 0; i < NROWS(rows); i++) {
        chr_toks tv = {0};
        char got[256];
        cr_assert_eq(chr_tokenize(rows[i].text, strlen(rows[i].text), &tv), 0);
        describe(rows[i].text, &tv, got, sizeof got);
        cr_expect_str_eq(got, rows[i].want, "row %zu '%s': got '%s', want '%s'", i, rows[i].text,
                         got, rows[i].want);
        chr_toks_free(&tv);
    }
}

/* Every lexicon word is found as written in any case, and a word one
 * letter off is not. */
Test(token, lexicon_words_found)
{
    static const char *const words[] = {"a", "January", "SEPT", "weekends", "thirteenth",
                                        "Thanksgiving", "yesterday", "midday", "utc", "since"};
    static const char *const others[] = {"b", "Januar", "septs", "weekendz", "thirteenthh",
                                         "thank", "yesterdays", "middy", "utcc", "said"};
    for (size_t i = 0; i < NROWS(words); i++) {
        chr_toks tv = {0};
        cr_assert_eq(chr_tokenize(words[i], strlen(words[i]), &tv), 0);
        cr_expect(tv.n == 1 && tv.t[0].cls != C_NONE, "'%s' has a class", words[i]);
        chr_toks_free(&tv);
        cr_assert_eq(chr_tokenize(others[i], strlen(others[i]), &tv), 0);
        cr_expect(tv.n == 1 && tv.t[0].cls == C_NONE, "'%s' has none", others[i]);
        chr_toks_free(&tv);
    }
}

static int same_tok(const chr_tok *a, const chr_tok *b)
{
    return a->s == b->s && a->e == b->e && a->val == b->val && a->kind == b->kind &&
           a->cls == b->cls && a->ndig == b->ndig && a->adj == b->adj && a->nl == b->nl &&
           a->cap == b->cap && a->plural == b->plural && a->grouped == b->grouped &&
           a->cue == b->cue && a->aux == b->aux;
}

/* text tokenized whole, and in pieces that end at white space and are
 * shorter than a window (the tokenizer reads them a byte at a time),
 * give the same tokens and marks. */
static void check_pieces(const char *text, size_t len, unsigned seed)
{
    chr_toks whole = {0}, part = {0};
    cr_assert_eq(chr_tokenize(text, len, &whole), 0);
    size_t k = 0, m = 0;
    for (size_t from = 0; from < len;) {
        size_t to = from + 1 + (seed = seed * 1103515245u + 12345u) % 40;
        while (to < len && text[to] != ' ' && text[to] != '\n')
            to++;
        if (to > len)
            to = len;
        cr_assert_eq(chr_tokenize_part(text, from, to, &part), 0);
        for (size_t i = 0; i < part.n; i++, k++) {
            cr_assert(k < whole.n, "more tokens in pieces of '%.80s'", text);
            cr_assert(same_tok(&part.t[i], &whole.t[k]), "token %zu at byte %u differs in '%.80s'",
                      k, whole.t[k].s, text);
        }
        for (size_t i = 0; i < part.nmark; i++, m++)
            cr_assert(m < whole.nmark && whole.mark[m] == part.mark[i] + (k - part.n),
                      "mark %zu differs in '%.80s'", m, text);
        from = to;
    }
    cr_expect_eq(k, whole.n, "as many tokens in pieces of '%.80s'", text);
    cr_expect_eq(m, whole.nmark, "as many marks in pieces of '%.80s'", text);
    chr_toks_free(&whole);
    chr_toks_free(&part);
}

Test(token, windows_and_bytes_agree)
{
    static const char *const bits[] = {
        "a", "B", "q", "Q", " ", "\n", "\t", "\r\n", "\f", "\v", ",", "1", "90", ".", "-", "'", "@",
        "\xc3\xa9", "\xe2\x80\x94", "\xe2\x80\x99", "\xc2\xa0", "\xef\xbf\xbd", "\xff", "\x80",
        "\xe2", "the", "May", "may", "year", "years", "1,500", ",123", "January", "thanksgiving",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
        "                                        ", "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n \n",
        "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
        "......................................................................", "THE", "Mon"};
    char *buf = malloc(4096);
    cr_assert_not_null(buf);
    unsigned seed = 7;
    for (int it = 0; it < 3000; it++) {
        size_t len = 0, want = (seed = seed * 1103515245u + 12345u) % 1500;
        while (len < want) {
            seed = seed * 1103515245u + 12345u;
            const char *b = bits[(seed >> 8) % NROWS(bits)];
            size_t n = strlen(b);
            memcpy(buf + len, b, n);
            len += n;
        }
        check_pieces(buf, len, seed);
    }
    free(buf);
    /* and a long text of ordinary words and dates */
    static const char story[] =
        "WASHINGTON, March 3 (Wire) - The company said on Tuesday that its third-quarter\n"
        "profit rose 12% to $1,500 million, or 45 cents a share, from a year earlier.\n\n"
        "  Shares closed at 10:30 a.m. EST, up from 2,000 on Jan. 5, 2019; analysts said "
        "the results, due in the coming weeks, would be reviewed ``carefully'' by mid-2020.\n";
    check_pieces(story, sizeof story - 1, 1);
}
