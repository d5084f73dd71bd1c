/*
 * format_pdf.c - a PDF to text with Poppler: each page's text in reading
 * order, a form feed between pages; the lines of a paragraph that the
 * page width wrapped joined again (a PDF knows no paragraphs, and a
 * sentence cut at a line that begins with a capital would be two
 * sentences); the document information's title and creation date as weak
 * candidates (the text's own heading and dateline win: the information
 * dictionary often names the program or the template, not the paper).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include <poppler.h>

#include "chronicle/date.h"
#include "chronicle/utf8.h"
#include "base/text_int.h"
#include "read/format_int.h"
#include "read/lazylib_int.h"

/* The Poppler (and GLib) functions read here, loaded with the first PDF
 * (lazylib.c). */
#define POPPLER_FNS(X)                                                                 \
    X(poppler_document_new_from_bytes) X(poppler_error_quark) X(poppler_document_get_n_pages) \
    X(poppler_document_get_page) X(poppler_page_get_text) X(poppler_page_get_text_layout)  \
    X(poppler_document_get_title) X(poppler_document_get_author)                         \
    X(poppler_document_get_creation_date_time) X(g_bytes_new_static) X(g_bytes_unref)    \
    X(g_error_free) X(g_free) X(g_object_unref) X(g_date_time_get_ymd) X(g_date_time_unref)

CHR_LAZY_LIBRARY(pp, POPPLER_FNS, CHR_POPPLER_SO)

/* A document of more pages is no paper a person reads end to end. */
#define PDF_MAX_PAGES 5000

/* Does the line end a sentence or a heading (so the next line is not its
 * continuation)? */
static int line_closed(const char *s, size_t n)
{
    while (n > 0 && chr_is_space((unsigned char)s[n - 1]))
        n--;
    if (n == 0)
        return 1;
    char c = s[n - 1];
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '"';
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Where each line of the page's text starts on the page (its top, from
 * Poppler's layout: one rectangle per character of the text), into a
 * malloc'd array of *nlines, and the usual distance between lines
 * (*step, the median; 0 when unknown).  NULL when the layout is not
 * there, or with *oom set when memory ran out. */
static double *line_tops(PopplerPage *pg, const char *t, size_t n, size_t *nlines, double *step,
                         int *oom)
{
    PopplerRectangle *r = NULL;
    guint nr = 0;
    *step = 0;
    *nlines = 1;
    for (size_t i = 0; i < n; i++)
        *nlines += t[i] == '\n';
    if (!pp.poppler_page_get_text_layout(pg, &r, &nr) || r == NULL)
        return NULL;
    double *top = malloc(*nlines * sizeof *top), *gaps = malloc(*nlines * sizeof *gaps);
    if (top == NULL || gaps == NULL) {
        free(top);
        free(gaps);
        pp.g_free(r);
        *oom = 1;
        return NULL;
    }
    size_t k = 0, ng = 0, ci = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == 0 || t[i - 1] == '\n') {
            /* an empty line has no glyph of its own: no position */
            top[k] = ci < nr && i < n && t[i] != '\n' ? r[ci].y1 : -1;
            if (k > 0 && top[k] >= 0 && top[k - 1] >= 0 && top[k] > top[k - 1])
                gaps[ng++] = top[k] - top[k - 1];
            k++;
        }
        if (i < n && ((unsigned char)t[i] & 0xC0) != 0x80)
            ci++;   /* rectangles count characters, not bytes */
    }
    pp.g_free(r);
    if (ng > 0) {
        qsort(gaps, ng, sizeof *gaps, cmp_double);
        *step = gaps[ng / 2];
    }
    free(gaps);
    return top;
}

/* One page's text: lines as Poppler gives them, a line of a paragraph
 * joined to the next when it runs nearly to the right margin (its length
 * at least 70% of the page's longest line) and does not close a sentence;
 * a word hyphenated across the break is joined again.  A gap between
 * lines half again as tall as the usual step ends a paragraph (a blank
 * line), since a PDF draws paragraphs apart but has no paragraph mark. */
static void page_text(PopplerPage *pg, const char *t, size_t n, chr_textout *o)
{
    size_t longest = 0, nlines, k = 0;
    double step;
    int oom = 0;
    double *top = line_tops(pg, t, n, &nlines, &step, &oom);
    if (oom) {
        chr_buf_fail(&o->b);   /* the writer reports it: no quieter text */
        return;
    }
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(t + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - t) : n;
        if (e - i > longest)
            longest = e - i;
        i = e + 1;
    }
    for (size_t i = 0; i < n; k++) {
        const char *nl = memchr(t + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - t) : n, ln = e - i;
        const char *line = t + i;
        while (ln > 0 && chr_is_space((unsigned char)line[ln - 1]))
            ln--;
        int para = top != NULL && step > 0 && k + 1 < nlines && top[k] >= 0 &&
                   top[k + 1] >= 0 && top[k + 1] - top[k] > step * 1.5;
        int wrapped = nl != NULL && !para && ln * 10 >= longest * 7 && !line_closed(line, ln) &&
                      e + 1 < n && t[e + 1] != '\n';
        if (wrapped && ln >= 2 && line[ln - 1] == '-' && chr_is_lower((unsigned char)line[ln - 2]) &&
            chr_is_lower((unsigned char)t[e + 1])) {
            chr_tout_text(o, line, ln - 1);   /* "govern-" + "ment" */
            o->space = 0;
        } else {
            chr_tout_text(o, line, ln);
            if (wrapped)
                o->space = 1;
            else if (nl != NULL)
                chr_tout_break(o, ln == 0 || para ? 2 : 1);
        }
        i = e + 1;
    }
    free(top);
}

static void info(PopplerDocument *pd, chr_format_meta *meta, int *fail)
{
    char *title = pp.poppler_document_get_title(pd);
    if (title != NULL && chr_meta_set(&meta->title, title, strlen(title)) != 0)
        *fail = 1;
    pp.g_free(title);
    if (meta->title != NULL)
        meta->title_weak = 1;
    char *author = pp.poppler_document_get_author(pd);
    if (author != NULL && chr_meta_set(&meta->author, author, strlen(author)) != 0)
        *fail = 1;
    pp.g_free(author);
    GDateTime *dt = pp.poppler_document_get_creation_date_time(pd);
    if (dt != NULL) {
        int y, m, d;
        pp.g_date_time_get_ymd(dt, &y, &m, &d);
        if (y >= 1000 && y <= 9999) {
            meta->date = chr_days_from_civil(y, m, d);
            meta->date_weak = 1;
            snprintf(meta->date_how, sizeof meta->date_how, "PDF information CreationDate");
        }
        pp.g_date_time_unref(dt);
    }
}

int chr_pdf_convert(const char *file, const char *bytes, size_t len, chr_textout *o,
                    chr_format_meta *meta, chr_error *err)
{
    const char *missing = pp_load();
    if (missing != NULL)
        return chr_error_set(err, CHR_EFORMAT, file, CHR_NO_OFFSET,
                             "a PDF, and PDF needs Poppler: %s; left out", missing);
    GBytes *gb = pp.g_bytes_new_static(bytes, len);
    GError *ge = NULL;
    PopplerDocument *pd = pp.poppler_document_new_from_bytes(gb, NULL, &ge);
    pp.g_bytes_unref(gb);
    if (pd == NULL) {
        int rc;
        if (ge != NULL && ge->domain == pp.poppler_error_quark() && ge->code == POPPLER_ERROR_ENCRYPTED)
            rc = chr_error_set(err, CHR_EPARSE, file, CHR_NO_OFFSET,
                               "an encrypted PDF; expected one that opens without a password");
        else
            rc = chr_error_set(err, CHR_EPARSE, file, CHR_NO_OFFSET,
                               "a damaged PDF (%s); expected a whole PDF file",
                               ge && ge->message ? ge->message : "Poppler cannot open it");
        if (ge)
            pp.g_error_free(ge);
        return rc;
    }
    int fail = 0;
    info(pd, meta, &fail);
    int pages = pp.poppler_document_get_n_pages(pd);
    int rc = 0;
    if (pages > PDF_MAX_PAGES)
        rc = chr_error_set(err, CHR_ETOOBIG, file, CHR_NO_OFFSET, "%d pages, above the limit of %d", pages,
                           PDF_MAX_PAGES);
    for (int i = 0; rc == 0 && i < pages && !o->over && !o->b.failed; i++) {
        PopplerPage *pg = pp.poppler_document_get_page(pd, i);
        if (pg == NULL)
            continue;
        char *t = pp.poppler_page_get_text(pg);
        if (t != NULL) {
            size_t n = strlen(t);
            /* Poppler gives UTF-8; a broken font map may not */
            chr_utf8_repair(t, n);
            if (i > 0 && o->b.len > 0) {
                chr_tout_break(o, 1);
                chr_tout_pre(o, "\f", 1);
                o->breaks = 0;
                chr_tout_pre(o, "\n", 1);
            }
            page_text(pg, t, n, o);
        }
        pp.g_free(t);
        pp.g_object_unref(pg);
    }
    pp.g_object_unref(pd);
    if (rc == 0 && fail)
        rc = chr_error_set(err, CHR_ENOMEM, file, CHR_NO_OFFSET, "out of memory reading the PDF");
    return rc ? rc : chr_tout_status(o, file, err);
}
