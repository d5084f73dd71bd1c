/* webjson.c - TimelineJS3, vis-timeline, document list, health report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "chronicle/date.h"
#include "chronicle/event.h"
#include "chronicle/tag.h"
#include "chronicle/utf8.h"
#include "chronicle/webjson.h"

/* Building a tree: any NULL along the way marks the whole render failed,
 * so the code reads as one straight description of the output. */
struct tree {
    int failed;
};

static void put(struct tree *t, json_t *obj, const char *key, json_t *v)
{
    if (obj == NULL)
        json_decref(v);
    if (v == NULL || obj == NULL || json_object_set_new(obj, key, v) != 0)
        t->failed = 1;
}

static void push(struct tree *t, json_t *arr, json_t *v)
{
    if (arr == NULL)
        json_decref(v);
    if (v == NULL || arr == NULL || json_array_append_new(arr, v) != 0)
        t->failed = 1;
}

/* A JSON string of s with invalid UTF-8 bytes replaced by '?'; NULL s is
 * null. */
static json_t *text(const char *s)
{
    if (s == NULL)
        return json_null();
    size_t len = strlen(s);
    if (chr_utf8_check(s, len, NULL, 0) == len)
        return json_stringn(s, len);
    char *copy = malloc(len + 1);
    if (copy == NULL)
        return NULL;
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    size_t o = 0;
    while (p < end) {
        uint32_t cp;
        size_t n = chr_utf8_decode(p, end, &cp);
        if (n == 0) {
            copy[o++] = '?';
            p++;
        } else {
            memcpy(copy + o, p, n);
            o += n;
            p += n;
        }
    }
    json_t *j = json_stringn(copy, o);
    free(copy);
    return j;
}

/* HTML-escaped text, with control bytes (a document's line breaks) turned
 * into spaces; NULL on out of memory. */
static char *html(const char *s)
{
    if (s == NULL)
        s = "";
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += (*p == '&') ? 5 : (*p == '<' || *p == '>') ? 4
             : (*p == '"' || *p == '\'') ? 5 : 1;
    char *out = malloc(n + 1), *o = out;
    if (out == NULL)
        return NULL;
    for (const char *p = s; *p; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&#34;"; break;
        case '\'': rep = "&#39;"; break;
        default: break;
        }
        if (rep != NULL) {
            size_t k = strlen(rep);
            memcpy(o, rep, k);
            o += k;
        } else {
            unsigned char c = (unsigned char)*p;
            *o++ = (c < 0x20 || c == 0x7F) ? ' ' : (char)c;
        }
    }
    *o = '\0';
    return out;
}

static json_t *html_text(const char *s)
{
    char *h = html(s);
    if (h == NULL)
        return NULL;
    json_t *j = text(h);
    free(h);
    return j;
}

static char *dump(json_t *root, struct tree *t, size_t *len)
{
    char *out = NULL;
    if (!t->failed && root != NULL)
        out = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    if (out != NULL && len != NULL)
        *len = strlen(out);
    return out;
}


static json_t *time_or_null(int64_t t)
{
    if (t == 0)
        return json_null();
    char buf[21];
    chr_time_format(t, buf);
    return json_string(buf);
}

static size_t pick(const size_t *idx, size_t i)
{
    return idx != NULL ? idx[i] : i;
}

/* A TimelineJS date object for day `day` with the parts down to prec. */
static json_t *tl_date(struct tree *t, int64_t day, chr_precision prec,
                       int minute)
{
    int64_t y;
    int m, d;
    chr_civil_from_days(day, &y, &m, &d);
    json_t *o = json_object();
    put(t, o, "year", json_integer(y));
    if (prec >= CHR_PREC_HALF && prec != CHR_PREC_WEEK && prec < CHR_PREC_DAY)
        put(t, o, "month", json_integer(m));
    if (prec == CHR_PREC_WEEK || prec >= CHR_PREC_DAY) {
        put(t, o, "month", json_integer(m));
        put(t, o, "day", json_integer(d));
    }
    if (prec == CHR_PREC_MINUTE && minute >= 0) {
        put(t, o, "hour", json_integer(minute / 60));
        put(t, o, "minute", json_integer(minute % 60));
    }
    return o;
}

/* The evidence of an event as HTML: each source's sentence and document. */
static json_t *tl_text(const chr_event *e)
{
    size_t cap = 1;
    char **parts = calloc(e->nsources * 2 + 1, sizeof *parts);
    if (parts == NULL)
        return NULL;
    json_t *j = NULL;
    for (size_t i = 0; i < e->nsources; i++) {
        parts[2 * i] = html(e->sources[i].sentence);
        parts[2 * i + 1] = html(e->sources[i].doc);
        if (parts[2 * i] == NULL || parts[2 * i + 1] == NULL)
            goto out;
        cap += strlen(parts[2 * i]) + strlen(parts[2 * i + 1]) + 64;
    }
    char *buf = malloc(cap), *o = buf;
    if (buf == NULL)
        goto out;
    *o = '\0';
    for (size_t i = 0; i < e->nsources; i++)
        o += sprintf(o, "<blockquote>%s</blockquote><p><cite>%s</cite></p>",
                     parts[2 * i], parts[2 * i + 1]);
    j = text(buf);
    free(buf);
out:
    for (size_t i = 0; i < e->nsources * 2; i++)
        free(parts[i]);
    free(parts);
    return j;
}

/* A date as a reader says it: "5 March 2019", "March 2019", "week 9 of
 * 2019", "Q1 2019", "summer 2019", "2019", "the 2010s". */
static void human_date(const chr_date *d, char *out, size_t cap)
{
    static const char *const months[] = {"January", "February", "March", "April", "May",
                                         "June", "July", "August", "September", "October",
                                         "November", "December"};
    const char *v = d->value;
    int y = atoi(v), m = 0, day = 0;
    switch (d->prec) {
    case CHR_PREC_MINUTE:
    case CHR_PREC_DAY:
        if (sscanf(v, "%d-%d-%d", &y, &m, &day) == 3 && m >= 1 && m <= 12)
            snprintf(out, cap, "%d %s %d", day, months[m - 1], y);
        else
            snprintf(out, cap, "%s", v);
        return;
    case CHR_PREC_MONTH:
        if (sscanf(v, "%d-%d", &y, &m) == 2 && m >= 1 && m <= 12)
            snprintf(out, cap, "%s %d", months[m - 1], y);
        else
            snprintf(out, cap, "%s", v);
        return;
    case CHR_PREC_WEEK:
        snprintf(out, cap, "week %d of %d", atoi(v + 6), y);
        return;
    case CHR_PREC_QUARTER:
    case CHR_PREC_HALF:
        snprintf(out, cap, "%s %d", v + 5, y);
        return;
    case CHR_PREC_SEASON: {
        const char *s = v + 5;
        const char *name = strcmp(s, "SP") == 0 ? "spring" : strcmp(s, "SU") == 0 ? "summer"
                           : strcmp(s, "FA") == 0 ? "autumn" : strcmp(s, "WI") == 0 ? "winter" : s;
        snprintf(out, cap, "%s %d", name, y);
        return;
    }
    case CHR_PREC_DECADE:
        snprintf(out, cap, "the %d0s", atoi(v));
        return;
    default:
        snprintf(out, cap, "%s", v);
        return;
    }
}

char *chr_webjson_timelinejs(const chr_chron *c, const size_t *idx, size_t n,
                             size_t *len)
{
    struct tree t = {0};
    json_t *root = json_object(), *title = json_object(),
           *ttext = json_object(), *events = json_array();
    char about[160];
    if (idx == NULL)
        n = chr_chron_event_count(c);
    snprintf(about, sizeof about, "%zu event%s from %zu document%s", n, n == 1 ? "" : "s",
             chr_chron_doc_count(c), chr_chron_doc_count(c) == 1 ? "" : "s");
    put(&t, ttext, "headline", json_string("chronicle"));
    put(&t, ttext, "text", json_string(about));
    put(&t, title, "text", ttext);
    put(&t, root, "title", title);
    put(&t, root, "events", events);
    for (size_t i = 0; i < n && !t.failed; i++) {
        const chr_event *e = chr_chron_event(c, pick(idx, i));
        json_t *ev = json_object(), *tx = json_object();
        char shown[48];
        chr_precision p = e->date.prec;
        int range = p != CHR_PREC_DAY && p != CHR_PREC_MINUTE &&
                    p != CHR_PREC_MONTH && p != CHR_PREC_YEAR;
        put(&t, ev, "unique_id", json_string(e->id));
        put(&t, ev, "start_date", tl_date(&t, e->date.first, p,
                                          e->date.minute));
        if (range)
            put(&t, ev, "end_date", tl_date(&t, e->date.last, p, -1));
        human_date(&e->date, shown, sizeof shown);
        put(&t, ev, "display_date", text(shown));
        put(&t, tx, "headline", html_text(e->title));
        put(&t, tx, "text", tl_text(e));
        put(&t, ev, "text", tx);
        put(&t, ev, "group", json_string(chr_event_type_name(e->type)));
        push(&t, events, ev);
    }
    return dump(root, &t, len);
}

char *chr_webjson_vis(const chr_chron *c, const size_t *idx, size_t n,
                      size_t *len)
{
    struct tree t = {0};
    json_t *root = json_array();
    if (idx == NULL)
        n = chr_chron_event_count(c);
    for (size_t i = 0; i < n && !t.failed; i++) {
        const chr_event *e = chr_chron_event(c, pick(idx, i));
        json_t *it = json_object();
        char start[24], end[11], cls[64], tip[96];
        chr_day_format(e->date.first, start);
        put(&t, it, "id", json_string(e->id));
        put(&t, it, "content", html_text(e->title));
        if (e->date.prec == CHR_PREC_MINUTE && e->date.minute >= 0) {
            snprintf(start + 10, sizeof start - 10, "T%02d:%02d",
                     e->date.minute / 60, e->date.minute % 60);
            put(&t, it, "start", json_string(start));
            put(&t, it, "type", json_string("point"));
        } else if (e->date.first == e->date.last) {
            /* a day is a point on the axis, not a one-day bar */
            put(&t, it, "start", json_string(start));
            put(&t, it, "type", json_string("point"));
        } else {
            chr_day_format(e->date.last + 1, end);
            put(&t, it, "start", json_string(start));
            put(&t, it, "end", json_string(end));
            put(&t, it, "type", json_string("range"));
        }
        snprintf(tip, sizeof tip, "%s, %s", chr_event_type_name(e->type),
                 e->date.value);
        put(&t, it, "title", html_text(tip));
        snprintf(cls, sizeof cls, "chronicle-%s chronicle-%s",
                 chr_event_type_name(e->type),
                 chr_precision_name(e->date.prec));
        put(&t, it, "className", json_string(cls));
        push(&t, root, it);
    }
    return dump(root, &t, len);
}

char *chr_webjson_documents(const chr_chron *c, size_t *len)
{
    struct tree t = {0};
    json_t *root = json_object(), *corpus = json_object(),
           *docs = json_array();
    size_t nd = chr_chron_doc_count(c);
    put(&t, corpus, "version", text(chr_chron_version(c)));
    put(&t, corpus, "documents", json_integer((json_int_t)nd));
    put(&t, root, "corpus", corpus);
    put(&t, root, "documents", docs);
    for (size_t i = 0; i < nd && !t.failed; i++) {
        const chr_docinfo *d = chr_chron_doc(c, i);
        json_t *o = json_object();
        char day[11];
        put(&t, o, "name", text(d->name));
        put(&t, o, "sha256", json_string(d->sha256));
        put(&t, o, "bytes", json_integer((json_int_t)d->bytes));
        put(&t, o, "mtime", time_or_null(d->mtime));
        if (d->dct != CHR_NO_DAY) {
            chr_day_format(d->dct, day);
            put(&t, o, "dct", json_string(day));
        } else {
            put(&t, o, "dct", json_null());
        }
        put(&t, o, "dct_source", json_string(chr_dct_source_name(d->dct_source)));
        put(&t, o, "dct_how", text(d->dct_how));
        put(&t, o, "title", text(d->title));
        put(&t, o, "text_of", json_string(d->text_sha256[0] ? "converted" : "original"));
        put(&t, o, "format", text(d->format[0] ? d->format : NULL));
        put(&t, o, "encoding", text(d->encoding[0] ? d->encoding : NULL));
        put(&t, o, "copy_of", text(d->copy_of));
        json_t *cp = json_array();
        for (size_t k = 0; cp != NULL && k < d->ncopies; k++)
            json_array_append_new(cp, text(d->copies[k]));
        put(&t, o, "copies", cp);
        push(&t, docs, o);
    }
    return dump(root, &t, len);
}

char *chr_webjson_health(const chr_health *h, size_t *len)
{
    struct tree t = {0};
    json_t *root = json_object(), *corpus = json_object(),
           *reload = json_object();
    put(&t, root, "status",
        json_string(h->last_ok && h->state_error == NULL && h->stalled == NULL ? "ok"
                                                                               : "degraded"));
    put(&t, corpus, "version", text(h->version));
    put(&t, corpus, "documents", json_integer((json_int_t)h->documents));
    put(&t, corpus, "events", json_integer((json_int_t)h->events));
    put(&t, corpus, "generated", time_or_null(h->generated));
    put(&t, corpus, "loaded", time_or_null(h->loaded));
    put(&t, corpus, "skipped_files", json_integer((json_int_t)h->skipped));
    if (h->corpus_dir != NULL)
        put(&t, corpus, "folder", text(h->corpus_dir));
    put(&t, root, "corpus", corpus);
    put(&t, reload, "last", time_or_null(h->last_reload));
    put(&t, reload, "result", json_string(h->last_ok ? "ok" : "failed"));
    put(&t, reload, "error", text(h->last_error));
    /* whole milliseconds: the digits beyond say nothing about a build */
    put(&t, reload, "build_ms",
        json_integer(h->last_build_ms > 0 ? (json_int_t)(h->last_build_ms + 0.5) : 0));
    put(&t, reload, "reloads", json_integer((json_int_t)h->reloads));
    put(&t, reload, "failures", json_integer((json_int_t)h->failures));
    put(&t, reload, "building", json_boolean(h->building));
    put(&t, reload, "stalled", text(h->stalled));
    put(&t, root, "reload", reload);
    json_t *history = json_object();
    put(&t, history, "versions", json_integer((json_int_t)h->versions));
    put(&t, history, "error", text(h->state_error));
    if (h->state_dir != NULL)
        put(&t, history, "folder", text(h->state_dir));
    put(&t, root, "history", history);
    put(&t, root, "started", time_or_null(h->started));
    return dump(root, &t, len);
}
