/* analysis.c - one document's analysis, built once (see analysis.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/analysis.h"
#include "lex/lex_int.h"
#include "lex/pos_int.h"
#include "tag/match_int.h"

struct chr_analysis {
    chr_doc *doc;
    chr_analysis_opts opts;
    chr_order_counts counts;
    int ran;
    chr_date_order order;
    chr_toks toks;
    chr_dct dct;
    chr_timex_list timexes;
    chr_wtag *words;        /* parts of speech, once asked for */
    char *title;            /* given with the document (opts.title), or NULL */
    char file_how[96];      /* opts.file_dct_how */
};

void chr_analysis_opts_init(chr_analysis_opts *o)
{
    memset(o, 0, sizeof *o);
    o->dct = CHR_NO_DAY;
    o->dct_source = CHR_DCT_NONE;
    o->given = CHR_ORDER_AUTO;
    o->file_dct = CHR_NO_DAY;
}

chr_analysis *chr_analysis_new(chr_doc *doc, const chr_analysis_opts *opts, chr_error *err)
{
    chr_analysis *a = calloc(1, sizeof *a);
    if (a == NULL) {
        chr_error_set(err, CHR_ENOMEM, chr_doc_name(doc), CHR_NO_OFFSET, "out of memory");
        chr_doc_free(doc);
        return NULL;
    }
    a->doc = doc;
    if (opts)
        a->opts = *opts;
    else
        chr_analysis_opts_init(&a->opts);
    a->opts.title = NULL;
    if (opts && opts->title && (a->title = strdup(opts->title)) == NULL) {
        chr_error_set(err, CHR_ENOMEM, chr_doc_name(doc), CHR_NO_OFFSET, "out of memory");
        chr_doc_free(doc);
        free(a);
        return NULL;
    }
    a->opts.title = a->title;
    snprintf(a->file_how, sizeof a->file_how, "%s",
             opts && opts->file_dct_how ? opts->file_dct_how : "the file's own date");
    a->opts.file_dct_how = a->file_how;
    size_t len;
    const char *text = chr_doc_text(doc, &len);
    chr_order_count(text, len, &a->counts);
    a->dct.day = CHR_NO_DAY;
    return a;
}

void chr_analysis_free(chr_analysis *a)
{
    if (a == NULL)
        return;
    chr_doc_free(a->doc);
    chr_toks_free(&a->toks);
    chr_timex_list_free(&a->timexes);
    free(a->words);
    free(a->title);
    free(a);
}

const char *chr_analysis_title(const chr_analysis *a)
{
    return a->title;
}

const chr_order_counts *chr_analysis_order_counts(const chr_analysis *a)
{
    return &a->counts;
}

int chr_analysis_waits(const chr_analysis *a)
{
    return chr_order_shown(&a->counts) == CHR_ORDER_AUTO && a->counts.open > 0;
}

/* The DCT as the options settle it after inference: the file's own date
 * (an e-mail's Date header is when it was sent; a PDF's creation date may
 * be a scan of an older paper), then a given or sidecar date, which wins
 * the day. */
static void settle_dct(chr_analysis *a)
{
    if (a->opts.dct == CHR_NO_DAY && a->opts.file_dct != CHR_NO_DAY &&
        (!a->opts.file_dct_weak || a->dct.day == CHR_NO_DAY || a->dct.source == CHR_DCT_BOUND)) {
        a->dct.day = a->opts.file_dct;
        if (a->dct.source == CHR_DCT_BOUND)
            a->dct.offset = a->dct.length = 0;   /* no line of the text gave it */
        a->dct.source = CHR_DCT_METADATA;
        snprintf(a->dct.how, sizeof a->dct.how, "%s", a->file_how);
    }
    if (a->opts.dct != CHR_NO_DAY) {
        a->dct.day = a->opts.dct;
        a->dct.source = a->opts.dct_source == CHR_DCT_SIDECAR ? CHR_DCT_SIDECAR : CHR_DCT_GIVEN;
        snprintf(a->dct.how, sizeof a->dct.how, "%s",
                 a->dct.source == CHR_DCT_SIDECAR ? "sidecar NAME.meta.json"
                                                  : "given on the command line");
    }
}

int chr_analysis_run(chr_analysis *a, chr_date_order corpus, chr_error *err)
{
    if (a->ran)
        return 0;
    size_t len;
    const char *text = chr_doc_text(a->doc, &len);
    a->order = chr_order_decide(chr_order_shown(&a->counts), corpus, a->opts.given);
    chr_matches *m = NULL;
    if (chr_tokenize(text, len, &a->toks) != 0 ||
        (m = chr_tag_match(text, len, &a->toks, a->order)) == NULL)
        return chr_error_set(err, CHR_ENOMEM, chr_doc_name(a->doc), CHR_NO_OFFSET,
                             "out of memory tagging %zu bytes", len);
    /* The text is always asked where its dateline is, so that the line
     * is never read as an event; a given or sidecar date wins the day. */
    if (chr_dct_infer_matches(m, &a->dct) != 0) {
        chr_matches_free(m);
        return chr_error_set(err, CHR_ENOMEM, chr_doc_name(a->doc), CHR_NO_OFFSET,
                             "out of memory finding the document's date");
    }
    settle_dct(a);
    int rc = chr_tag_resolve(m, a->dct.day, SIZE_MAX, &a->timexes);
    chr_matches_free(m);
    if (rc != 0)
        return chr_error_set(err, CHR_ENOMEM, chr_doc_name(a->doc), CHR_NO_OFFSET,
                             "out of memory tagging %zu bytes", len);
    a->ran = 1;
    return 0;
}

/* Where the part of text[from, len) about window bytes long ends: after
 * the first paragraph break (a line with nothing but white space) past
 * from + window, else after a line break, else at len. */
static size_t part_end(const char *text, size_t len, size_t from, size_t window)
{
    if (len - from <= window)
        return len;
    size_t line = 0;
    for (size_t i = from + window; i < len; i++) {
        const char *nl = memchr(text + i, '\n', len - i);
        if (nl == NULL)
            break;
        i = (size_t)(nl - text);
        if (line == 0)
            line = i + 1;
        size_t j = i + 1;
        while (j < len && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r'))
            j++;
        if (j < len && text[j] == '\n')
            return j + 1;
        if (i - from > window + window / 4 && line)
            return line;            /* no paragraph in sight: a line will do */
    }
    return line ? line : len;
}

/* The whole analysis, its timexes handed to fn. */
static int each_of_run(chr_analysis *a, chr_date_order corpus, chr_timex_fn fn, void *ctx,
                       chr_error *err)
{
    int rc = chr_analysis_run(a, corpus, err);
    for (size_t k = 0; rc == 0 && k < a->timexes.count; k++)
        rc = fn(ctx, &a->timexes.items[k]) < 0 ? -1 : 0;
    return rc;
}

/* The tokens of text[from, to) into *part, and their matches (NULL: out
 * of memory). */
static chr_matches *part_matches(const char *text, size_t len, size_t from, size_t to,
                                 chr_date_order order, chr_toks *part)
{
    if (chr_tokenize_part(text, from, to, part) != 0)
        return NULL;
    return chr_tag_match(text, len, part, order);
}

/* The reader-comment stamps of the whole text into *out (chr_dct_stamps),
 * read a part at a time as chr_analysis_each_timex reads it: the first of
 * its two passes over a text whose head states no date.  first: the
 * matches of the first part, [0, first_end), which the caller made and
 * keeps.  0 or CHR_ENOMEM. */
static int text_stamps(const char *text, size_t len, size_t window, chr_date_order order,
                       chr_matches *first, size_t first_end, chr_dct *out)
{
    chr_toks part = {0};
    chr_timex_list tl = {0};
    chr_tag_carry carry;
    memset(&carry, 0, sizeof carry);
    int rc = 0;
    for (size_t from = 0, to; rc == 0 && from < len; from = to) {
        to = from == 0 ? first_end : part_end(text, len, from, window);
        chr_matches *m = from == 0 ? first : part_matches(text, len, from, to, order, &part);
        tl.count = 0;
        if (m == NULL || chr_tag_resolve_carry(m, CHR_NO_DAY, SIZE_MAX, &carry, &tl) != 0)
            rc = CHR_ENOMEM;
        else
            chr_dct_stamps(text, &tl, out);
        if (m != first)
            chr_matches_free(m);
    }
    chr_toks_free(&part);
    chr_timex_list_free(&tl);
    return rc;
}

int chr_analysis_each_timex(chr_analysis *a, chr_date_order corpus, size_t window,
                            chr_timex_fn fn, void *ctx, chr_error *err)
{
    size_t len;
    const char *text = chr_doc_text(a->doc, &len);
    if (window == 0)
        window = CHR_ANALYSIS_WINDOW;
    if (a->ran || len <= window)
        return each_of_run(a, corpus, fn, ctx, err);
    a->order = chr_order_decide(chr_order_shown(&a->counts), corpus, a->opts.given);
    chr_toks part = {0};
    chr_timex_list tl = {0};
    chr_tag_carry carry;
    memset(&carry, 0, sizeof carry);
    int rc = 0;
    for (size_t from = 0, to, k = 0; rc == 0 && from < len; from = to, k++) {
        to = part_end(text, len, from, window);
        chr_matches *m = part_matches(text, len, from, to, a->order, &part);
        if (m == NULL) {
            rc = chr_error_set(err, CHR_ENOMEM, chr_doc_name(a->doc), CHR_NO_OFFSET,
                               "out of memory tagging %zu bytes", len);
            break;
        }
        if (k == 0) {
            /* the DCT: given, or stated in the head (which the first part
             * holds); else bounded by the reader-comment stamps of the
             * whole text, which a first pass over its parts finds */
            if (chr_dct_infer_matches(m, &a->dct) != 0)
                rc = CHR_ENOMEM;
            else if (a->opts.dct == CHR_NO_DAY && a->opts.file_dct == CHR_NO_DAY &&
                     (a->dct.source == CHR_DCT_NONE || a->dct.source == CHR_DCT_BOUND)) {
                a->dct.day = CHR_NO_DAY;
                a->dct.source = CHR_DCT_NONE;
                a->dct.offset = a->dct.length = 0;
                a->dct.how[0] = '\0';
                rc = text_stamps(text, len, window, a->order, m, to, &a->dct);
                if (rc == 0)
                    chr_dct_bound(text, len, &part, &a->dct);
            }
            if (rc != 0)
                rc = chr_error_set(err, CHR_ENOMEM, chr_doc_name(a->doc), CHR_NO_OFFSET,
                                   "out of memory finding the document's date");
            settle_dct(a);
        }
        tl.count = 0;
        if (rc == 0 && chr_tag_resolve_carry(m, a->dct.day, SIZE_MAX, &carry, &tl) != 0)
            rc = chr_error_set(err, CHR_ENOMEM, chr_doc_name(a->doc), CHR_NO_OFFSET,
                               "out of memory tagging %zu bytes", len);
        chr_matches_free(m);
        for (size_t i = 0; rc == 0 && i < tl.count; i++)
            if (fn(ctx, &tl.items[i]) < 0)
                rc = -1;
    }
    chr_toks_free(&part);
    chr_timex_list_free(&tl);
    return rc;
}

chr_doc *chr_analysis_doc(const chr_analysis *a) { return a->doc; }
chr_date_order chr_analysis_order(const chr_analysis *a) { return a->order; }
const chr_dct *chr_analysis_dct(const chr_analysis *a) { return &a->dct; }
const chr_timex_list *chr_analysis_timexes(const chr_analysis *a) { return &a->timexes; }
const struct chr_toks *chr_analysis_tokens(const chr_analysis *a) { return &a->toks; }
const struct chr_wtag *chr_analysis_words(const chr_analysis *a) { return a->words; }

int chr_analysis_tag_words(chr_analysis *a, chr_error *err)
{
    if (a->words != NULL || !a->ran)
        return 0;
    if (chr_doc_split(a->doc, err) != 0)
        return CHR_ENOMEM;
    size_t ns = chr_doc_sentence_count(a->doc), len;
    const char *text = chr_doc_text(a->doc, &len);
    size_t *starts = malloc((ns + CHR_DATELINE_SENTENCES + 1) * sizeof *starts);
    a->words = calloc(a->toks.n ? a->toks.n : 1, sizeof *a->words);
    if (starts == NULL || a->words == NULL) {
        free(starts);
        free(a->words);
        a->words = NULL;
        return chr_error_set(err, CHR_ENOMEM, chr_doc_name(a->doc), CHR_NO_OFFSET, "out of memory");
    }
    /* each sentence's first token: one merge of two sorted lists */
    size_t k = 0, n = 0;
    for (size_t i = 0; i < ns; i++) {
        chr_span sp = chr_doc_sentence(a->doc, i);
        while (k < a->toks.n && a->toks.t[k].s < sp.start)
            k++;
        starts[n++] = k;
        /* a wire dateline ("PARIS, May 3 (Wire) -") is read apart from
         * the story it opens, as the extractor reads it */
        if (i < CHR_DATELINE_SENTENCES && (k == 0 || (k < a->toks.n && a->toks.t[k].nl))) {
            size_t e = k;
            while (e < a->toks.n && a->toks.t[e].s < (size_t)sp.start + sp.len)
                e++;
            size_t d = chr_dateline_skip(text, &a->toks, k, e);
            if (d > k && d < e)
                starts[n++] = d;
        }
    }
    int rc = chr_pos_tag(text, &a->toks, starts, n, a->words);
    free(starts);
    if (rc != 0) {
        free(a->words);
        a->words = NULL;
        return chr_error_set(err, CHR_ENOMEM, chr_doc_name(a->doc), CHR_NO_OFFSET, "out of memory");
    }
    return 0;
}
