/* dct.c - the document creation time from the text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_int.h"
#include "chronicle/tag.h"
#include "lex/lex_int.h"
#include "tag/match_int.h"


const char *chr_dct_source_name(chr_dct_source s)
{
    static const char *const names[] = {"none", "given", "sidecar", "header",
                                        "dateline", "letter", "bound", "metadata"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "none";
}

static int line_starts_with(const char *p, const char *end, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(end - p) < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (chr_lower((unsigned char)p[i]) != w[i])
            return 0;
    return n == (size_t)(end - p) || !chr_is_alpha((unsigned char)p[n]);
}

static int day_prec(const chr_timex *t)
{
    return (t->type == CHR_TX_DATE || t->type == CHR_TX_TIME) &&
           t->anchor == CHR_ANCHOR_ABSOLUTE && t->date.prec >= CHR_PREC_DAY;
}

/* Count the letters of [p, end) outside [a, b). */
static size_t letters_outside(const char *p, const char *end, const char *a, const char *b)
{
    size_t n = 0;
    for (; p < end; p++)
        if ((p < a || p >= b) && chr_is_alpha((unsigned char)*p))
            n++;
    return n;
}

static int has_ci(const char *p, const char *end, const char *w)
{
    size_t n = strlen(w);
    for (; p + n <= end; p++) {
        size_t k = 0;
        while (k < n && chr_lower((unsigned char)p[k]) == w[k])
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

static int stamp_or_footer(const char *ls, const char *ds, const char *le)
{
    static const char *const footer[] = {"printed", "accessed", "retrieved", "downloaded",
                                         "copyright", "\xc2\xa9", "(score:", "all rights"};
    for (size_t k = 0; k < sizeof footer / sizeof footer[0]; k++)
        if (has_ci(ls, le, footer[k]))
            return 1;
    /* "by NAME on <date>" */
    return ds - ls >= 6 && memcmp(ds - 3, "on ", 3) == 0 && has_ci(ls, ds, "by ");
}

/* [p, ds) is a place ("PARIS, ", "Brussels (Reuters), "), and after the
 * date at de comes an optional "(Agency)" then a dash or a colon. */
static int wire_dateline(const char *p, const char *ds, const char *de, const char *le)
{
    const char *q = p;
    int letters = 0;
    for (; q < ds; q++) {
        unsigned char ch = (unsigned char)*q;
        if (chr_is_alpha(ch) || ch >= 0x80)
            letters++;
        else if (!(ch == ' ' || ch == ',' || ch == '.' || ch == '(' || ch == ')' ||
                   ch == '-' || ch == '\''))
            return 0;
    }
    if (letters == 0 || !chr_is_upper((unsigned char)*p))
        return 0;
    q = de;
    while (q < le && *q == ' ')
        q++;
    if (q < le && *q == '(') {
        const char *close = memchr(q, ')', (size_t)(le - q));
        if (close == NULL || close - q > 40)
            return 0;
        q = close + 1;
        while (q < le && *q == ' ')
            q++;
    }
    if (q < le && (*q == '-' || *q == ':'))
        return 1;
    /* en or em dash */
    return le - q >= 3 && (unsigned char)q[0] == 0xE2 && (unsigned char)q[1] == 0x80 &&
           ((unsigned char)q[2] == 0x93 || (unsigned char)q[2] == 0x94);
}

int chr_dct_infer(const char *text, size_t len, chr_date_order order, chr_dct *out)
{
    chr_toks tv = {0};
    chr_matches *m = NULL;
    chr_date_order o = chr_order_of(text, len, order);
    int rc = CHR_ENOMEM;
    if (chr_tokenize(text, len, &tv) == 0 && (m = chr_tag_match(text, len, &tv, o)) != NULL)
        rc = chr_dct_infer_matches(m, out);
    if (rc != 0) {
        memset(out, 0, sizeof *out);
        out->day = CHR_NO_DAY;
        out->order = o;
    }
    chr_matches_free(m);
    chr_toks_free(&tv);
    return rc;
}

/* The date lines of a document's head, by kind. */
struct head {
    const chr_timex *updated, *header, *dateline;
    int letter;
};

/* Look at each day-precise date of the head [0, head) for the line it is
 * on: a header ("Date:", "Published:"), an "Updated:" line, a wire
 * dateline opening the lede, or a line that is little more than a date
 * (a letter's when a salutation follows). */
#define HEAD_LINE_MAX 300

static void read_head(const char *text, size_t len, size_t head, const chr_timex_list *tl,
                      struct head *h)
{
    for (size_t k = 0; k < tl->count && tl->items[k].start < head; k++) {
        const chr_timex *t = &tl->items[k];
        if (!day_prec(t))
            continue;
        /* a header or a dateline is a short line: one longer than
         * HEAD_LINE_MAX around its date is prose (and scanning it for
         * every date would make run-on text quadratic) */
        const char *ls = text + t->start, *le = text + t->end;
        while (ls > text && ls[-1] != '\n' && text + t->start - ls < HEAD_LINE_MAX)
            ls--;
        while (le < text + len && *le != '\n' && le - (text + t->end) < HEAD_LINE_MAX)
            le++;
        if ((ls > text && ls[-1] != '\n') || (le < text + len && *le != '\n'))
            continue;
        const char *p = ls;
        while (p < le && chr_is_space((unsigned char)*p))
            p++;
        if (line_starts_with(p, le, "updated") || line_starts_with(p, le, "last updated") ||
            line_starts_with(p, le, "modified") || line_starts_with(p, le, "last modified")) {
            if (!h->updated)
                h->updated = t;
            continue;
        }
        if (line_starts_with(p, le, "date") || line_starts_with(p, le, "dated") ||
            line_starts_with(p, le, "published") || line_starts_with(p, le, "posted") ||
            line_starts_with(p, le, "sent")) {
            if (!h->header)
                h->header = t;
            continue;
        }
        /* a reader-comment stamp ("by NAME on Monday March 25 2019") or a
         * footer ("Page printed: 12 April 2021") is no dateline */
        if (stamp_or_footer(p, text + t->start, le))
            continue;
        /* a wire dateline opening the lede: "PARIS, April 8, 2021 (Wire) -
         * The ministry ..." -- a short place before the date, then an
         * optional agency in brackets and a dash or colon */
        if (!h->dateline && text + t->start - p <= 40 &&
            wire_dateline(p, text + t->start, text + t->end, le)) {
            h->dateline = t;
            continue;
        }
        /* a line that is little more than the date: "March 6, 2019",
         * "Brussels, 9.10.2019", "29 January 2019" */
        size_t other = letters_outside(p, le, text + t->start, text + t->end);
        if (other <= 24 && (le[-1] != '.' || le - 1 < text + t->end) && !h->dateline) {
            h->dateline = t;
            /* a letter: a salutation follows the date line */
            const char *q = text + t->end;
            const char *stop = q + 400 < text + len ? q + 400 : text + len;
            for (; q + 4 < stop; q++)
                if ((q == text || q[-1] == '\n') && line_starts_with(q, stop, "dear"))
                    h->letter = 1;
        }
    }
}

/* The DCT from the head's date lines: a header before any dateline, then
 * the dateline, then a header, then an "Updated:" line.  0 when none. */
static int pick_head(const char *text, const struct head *h, chr_dct *out)
{
    const chr_timex *pick = NULL;
    if (h->header && (!h->dateline || h->header->start < h->dateline->start)) {
        pick = h->header;
        out->source = CHR_DCT_HEADER;
    } else if (h->dateline) {
        pick = h->dateline;
        out->source = h->letter ? CHR_DCT_LETTER : CHR_DCT_DATELINE;
    } else if (h->header) {
        pick = h->header;
        out->source = CHR_DCT_HEADER;
    } else if (h->updated) {
        pick = h->updated;
        out->source = CHR_DCT_HEADER;
    }
    if (pick == NULL)
        return 0;
    out->day = pick->date.first;
    out->offset = pick->start;
    out->length = pick->end - pick->start;
    snprintf(out->how, sizeof out->how, "%s '%.*s'",
             out->source == CHR_DCT_HEADER ? "date header" :
             out->source == CHR_DCT_LETTER ? "letter date line" : "dateline",
             (int)(out->length > 60 ? 60 : out->length), text + pick->start);
    return 1;
}

/*
 * No dateline: forum pages and blogs carry reader comments stamped "by
 * NAME on Monday March 25 2019".  The article is no later than its first
 * comment, so the earliest such stamp bounds the DCT; and news ledes say
 * "said on Friday" of the day the story ran, so the first "on <weekday>"
 * of the opening lines, taken on or before the bound, dates the story.
 */
void chr_dct_stamps(const char *text, const chr_timex_list *tl, chr_dct *out)
{
    for (size_t k = 0; k < tl->count; k++) {
        const chr_timex *t = &tl->items[k];
        if (!day_prec(t) || t->start < 4)
            continue;
        /* a stamp is a short line: "by" within HEAD_LINE_MAX bytes before
         * the date, not anywhere in a long paragraph (quadratic) */
        const char *ls = text + t->start;
        while (ls > text && ls[-1] != '\n' && text + t->start - ls < HEAD_LINE_MAX)
            ls--;
        const char *q = text + t->start;
        int by = 0;
        for (const char *r = ls; r + 3 < q; r++)
            if ((r == ls || r[-1] == ' ') && r[0] == 'b' && r[1] == 'y' && r[2] == ' ')
                by = 1;
        if (!by || !(q - ls >= 4 && (memcmp(q - 3, "on ", 3) == 0)))
            continue;
        if (out->day == CHR_NO_DAY || t->date.first < out->day) {
            out->day = t->date.first;
            out->offset = t->start;
            out->length = t->end - t->start;
        }
    }
}

void chr_dct_bound(const char *text, size_t len, const chr_toks *toks, chr_dct *out)
{
    if (out->day == CHR_NO_DAY)
        return;
    out->source = CHR_DCT_BOUND;
    char d[11];
    chr_day_format(out->day, d);
    size_t lede = 0;
    for (int lines = 0; lede < len && lines < 3 && lede < 1200; lede++)
        if (text[lede] == '\n')
            lines++;
    for (size_t i = 1; i < toks->n && toks->t[i].s < lede; i++) {
        const chr_tok *w = &toks->t[i];
        if (w->cls != C_WDAY || !w->cap || !chr_tok_is(text, &toks->t[i - 1], "on"))
            continue;
        int64_t day = out->day - ((chr_weekday(out->day) - w->val + 7) % 7);
        snprintf(out->how, sizeof out->how,
                 "no dateline; lede's 'on %.*s' taken on or before the first reader comment (%s)",
                 (int)(w->e - w->s), text + w->s, d);
        out->day = day;
        return;
    }
    snprintf(out->how, sizeof out->how,
             "no dateline; bounded by the earliest reader-comment stamp (%s)", d);
}

int chr_dct_infer_matches(const chr_matches *m, chr_dct *out)
{
    size_t len;
    const char *text = chr_matches_text(m, &len);
    memset(out, 0, sizeof *out);
    out->day = CHR_NO_DAY;
    out->source = CHR_DCT_NONE;
    out->order = chr_matches_order(m);
    chr_timex_list tl = {0};
    /* The head: the first 30 lines or 3000 bytes.  Only the head's
     * expressions are resolved first; the rest only when it has no
     * dateline. */
    size_t head = 0;
    for (int lines = 0; head < len && lines < 30 && head < 3000; head++)
        if (text[head] == '\n')
            lines++;
    size_t scan = head;
    while (scan < len && scan < head + 400 && text[scan] != '\n')
        scan++;  /* finish the line */
    struct head h = {NULL, NULL, NULL, 0};
    int rc = chr_tag_resolve(m, CHR_NO_DAY, scan, &tl);
    if (rc == 0) {
        read_head(text, len, head, &tl, &h);
        if (!pick_head(text, &h, out)) {
            tl.count = 0;
            rc = chr_tag_resolve(m, CHR_NO_DAY, SIZE_MAX, &tl);
            if (rc == 0) {
                chr_dct_stamps(text, &tl, out);
                chr_dct_bound(text, len, chr_matches_tokens(m), out);
            }
        }
    }
    chr_timex_list_free(&tl);
    return rc != 0 ? CHR_ENOMEM : 0;
}

/* ---- the dateline prefix of a news lede -------------------------------- */

static int dash_tok(const char *text, const chr_tok *t, size_t i, size_t hi)
{
    const chr_tok *d = &t[i];
    const unsigned char *u = (const unsigned char *)text + d->s;
    if (d->kind != T_PUNCT)
        return 0;
    if (d->val == '_')
        return 1;
    /* en or em dash */
    if (d->e - d->s == 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x93 || u[2] == 0x94))
        return 1;
    /* "-" or "--" with a space on one side at least: "F-16" is no dash */
    if (d->val != '-')
        return 0;
    size_t j = i + 1;
    while (j < hi && t[j].kind == T_PUNCT && t[j].val == '-' && t[j].adj)
        j++;
    return !(d->adj && j < hi && t[j].adj);
}

/* A place of a dateline: capitalised words ("NEW YORK", "Puerto Rico",
 * "N.Y.", "Rio de Janeiro"), at most six; *caps says whether every
 * letter is upper-case.  Returns the index after it (i when none). */
static size_t place_words(const char *text, const chr_tok *t, size_t i, size_t hi, int *caps)
{
    static const char *const joins[] = {"of", "de", "du", "la", "el", "al", "upon"};
    size_t j = i, words = 0;
    *caps = 1;
    while (j < hi && words < 6) {
        const chr_tok *w = &t[j];
        if (w->kind == T_WORD && w->cap) {
            for (uint32_t k = w->s; k < w->e; k++)
                if (chr_is_lower((unsigned char)text[k]))
                    *caps = 0;
            words++;
            j++;
        } else if (w->kind == T_PUNCT && w->adj && j > i &&
                   (w->val == '.' || w->val == '\'' || w->val == '-' || w->val == '&') &&
                   (w->val == '.' || (j + 1 < hi && t[j + 1].adj && t[j + 1].kind == T_WORD))) {
            j++;  /* "N.Y.", "O'Hare", "Winston-Salem" */
        } else if (w->kind == T_WORD && j > i && j + 1 < hi && t[j + 1].kind == T_WORD &&
                   t[j + 1].cap) {
            size_t k = 0;
            while (k < sizeof joins / sizeof joins[0] && !chr_tok_is(text, w, joins[k]))
                k++;
            if (k == sizeof joins / sizeof joins[0])
                break;
            j++;
        } else {
            break;
        }
    }
    return words ? j : i;
}

size_t chr_dateline_skip(const char *text, const chr_toks *tv, size_t lo, size_t hi)
{
    const chr_tok *t = tv->t;
    int caps, more_caps, date = 0, agency = 0;
    size_t i = place_words(text, t, lo, hi, &caps);
    if (i == lo)
        return lo;
    size_t letters = 0;
    for (size_t k = lo; k < i; k++)
        if (t[k].kind == T_WORD)
            letters += t[k].e - t[k].s;
    /* ", Region", then ", <date>" */
    for (int part = 0; part < 3 && i + 1 < hi && t[i].kind == T_PUNCT && t[i].val == ','; part++) {
        size_t j = i + 1, n = 0;
        int digits = 0, month = 0;
        while (j < hi && n < 8 &&
               (t[j].kind == T_NUM || t[j].cls == C_MONTH || t[j].cls == C_MONTH_AB ||
                t[j].cls == C_WDAY || t[j].cls == C_WDAY_AB ||
                (t[j].kind == T_PUNCT && n > 0 &&
                 (t[j].val == ',' || t[j].val == '.' || t[j].val == '/')))) {
            digits |= t[j].kind == T_NUM;
            month |= t[j].kind == T_WORD;
            j++;
            n++;
        }
        while (j > i + 1 && t[j - 1].kind == T_PUNCT && t[j - 1].val == ',')
            j--;
        if (n > 0 && (digits || month) && j > i + 1) {
            date = 1;
            i = j;
            break;
        }
        size_t e = place_words(text, t, i + 1, hi, &more_caps);
        if (e == i + 1)
            return lo;
        i = e;
    }
    /* "(AP)", "(Reuters)" */
    if (i < hi && t[i].kind == T_PUNCT && t[i].val == '(') {
        size_t j = i + 1;
        while (j < hi && j < i + 6 && !(t[j].kind == T_PUNCT && t[j].val == ')'))
            j++;
        if (j >= hi || j == i + 1 || t[j].val != ')' || t[j].kind != T_PUNCT)
            return lo;
        agency = 1;
        i = j + 1;
    }
    if (i >= hi || !dash_tok(text, t, i, hi))
        return lo;
    /* "CITY -" alone says it is a dateline only in capitals */
    if (!date && !agency && (!caps || letters < 3))
        return lo;
    i++;
    while (i < hi && t[i].kind == T_PUNCT && (t[i].val == '-' || t[i].val == '_'))
        i++;
    return i;
}
