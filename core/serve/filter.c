/* filter.c - feed query parameters: parse, validate, match, canonicalise. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/event.h"
#include "chronicle/filter.h"
#include "chronicle/utf8.h"
#include "base/buf_int.h"

/* Messages quote at most this many bytes of what the client sent. */
#define QUOTE_MAX 40

void chr_filter_init(chr_filter *f)
{
    memset(f, 0, sizeof *f);
    f->from.prec = CHR_PREC_NONE;
    f->to.prec = CHR_PREC_NONE;
    f->precision = CHR_PREC_NONE;
    f->limit = SIZE_MAX;
    f->top = SIZE_MAX;
    f->view = CHR_VIEW_TIMELINE;
}

void chr_filter_clear(chr_filter *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->nactors; i++)
        free(f->actors[i]);
    for (size_t i = 0; i < f->ndocs; i++)
        free(f->docs[i]);
    free(f->q);
    chr_filter_init(f);
}

const char *chr_view_name(chr_view v)
{
    switch (v) {
    case CHR_VIEW_TIMELINE: return "timeline";
    case CHR_VIEW_TIMELINEJS: return "timelinejs";
    case CHR_VIEW_VIS: return "vis";
    }
    return "timeline";
}

static unsigned char ascii_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = ascii_lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Copy at most QUOTE_MAX bytes of s into buf without splitting a UTF-8
 * sequence (s is valid UTF-8 by then), adding "..." when cut.  Every
 * parameter is quoted before it is looked at (for its error messages):
 * no snprintf, which was a third of parsing a filter. */
static void quote(char *buf, size_t cap, const char *s, size_t len)
{
    size_t n = len;
    int cut = 0;
    if (n > QUOTE_MAX) {
        n = QUOTE_MAX;
        while (n > 0 && ((unsigned char)s[n] & 0xC0u) == 0x80u)
            n--;
        cut = 1;
    }
    const char *nul = memchr(s, '\0', n);
    if (nul != NULL)
        n = (size_t)(nul - s);
    const char *tail = cut ? "..." : "";
    size_t tn = strlen(tail);
    if (cap == 0)
        return;
    if (n > cap - 1)
        n = cap - 1;
    if (tn > cap - 1 - n)
        tn = cap - 1 - n;
    memcpy(buf, s, n);
    memcpy(buf + n, tail, tn);
    buf[n + tn] = '\0';
}

/* Percent-decode [s, s+len) into out (cap bytes, NUL-terminated).
 * Returns the decoded length, or -1 (bad escape, *bad = its offset) or
 * -2 (too long). */
static long decode(const char *s, size_t len, char *out, size_t cap,
                   size_t *bad)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            int hi = i + 1 < len ? hexval((unsigned char)s[i + 1]) : -1;
            int lo = i + 2 < len ? hexval((unsigned char)s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                *bad = i;
                return -1;
            }
            c = (unsigned char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+') {
            c = ' ';
        }
        if (o + 1 >= cap)
            return -2;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return (long)o;
}

static int param_error(chr_error *err, chr_status code, const char *name,
                       size_t offset, const char *fmt, const char *found)
{
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, fmt, found);
    return chr_error_set(err, code, name, offset, "%s", msg);
}

static const char *const param_names[] = {
    "from", "to", "type", "actor", "doc", "q", "precision",
    "min_salience", "top", "limit", "offset", "format"};

enum { P_FROM, P_TO, P_TYPE, P_ACTOR, P_DOC, P_Q, P_PREC, P_MINSAL, P_TOP, P_LIMIT,
       P_OFFSET, P_FORMAT, P_COUNT };

static int parse_count(const char *v, size_t len, size_t max, size_t *out)
{
    if (len == 0 || len > 10)
        return -1;
    uint64_t x = 0;
    for (size_t i = 0; i < len; i++) {
        if (v[i] < '0' || v[i] > '9')
            return -1;
        x = x * 10 + (uint64_t)(v[i] - '0');
    }
    if (x > max)
        return -1;
    *out = (size_t)x;
    return 0;
}

static int parse_types(chr_filter *f, const char *v, size_t len,
                       size_t at, chr_error *err)
{
    size_t i = 0;
    for (;;) {
        size_t j = i;
        while (j < len && v[j] != ',')
            j++;
        chr_event_type t;
        if (j == i || chr_event_type_parse(v + i, j - i, &t) != 0) {
            char found[QUOTE_MAX + 8], msg[sizeof err->msg];
            quote(found, sizeof found, v + i, j - i);
            size_t o = (size_t)snprintf(msg, sizeof msg,
                                        "'%s' is not an event type; expected",
                                        found);
            for (int k = 0; k < CHR_EV_NTYPES && o < sizeof msg; k++)
                o += (size_t)snprintf(msg + o, sizeof msg - o, "%s %s",
                                      k == 0 ? "" : (k == CHR_EV_NTYPES - 1
                                                     ? " or" : ","),
                                      chr_event_type_name((chr_event_type)k));
            return chr_error_set(err, CHR_EINVAL, "type", at, "%s", msg);
        }
        f->types |= 1u << (unsigned)t;
        if (j == len)
            return 0;
        i = j + 1;
    }
}

static int add_value(char **list, size_t *n, const char *name,
                     const char *v, size_t len, size_t at, chr_error *err)
{
    if (len == 0)
        return chr_error_set(err, CHR_EINVAL, name, at,
                             "empty value; expected a %s name",
                             strcmp(name, "doc") == 0 ? "document" : "actor");
    if (*n >= CHR_FILTER_MAX_VALUES)
        return chr_error_set(err, CHR_ETOOBIG, name, at,
                             "more than %u values; expected at most %u",
                             CHR_FILTER_MAX_VALUES, CHR_FILTER_MAX_VALUES);
    char *copy = malloc(len + 1);
    if (copy == NULL)
        return chr_error_set(err, CHR_ENOMEM, name, at, "out of memory");
    memcpy(copy, v, len + 1);
    list[(*n)++] = copy;
    return 0;
}

static int parse_date(chr_date *out, const char *name, const char *v,
                      size_t len, size_t at, chr_error *err)
{
    if (chr_date_parse(v, len, out) != 0 || out->prec == CHR_PREC_NONE) {
        char found[QUOTE_MAX + 8];
        quote(found, sizeof found, v, len);
        return param_error(err, CHR_EINVAL, name, at,
                           "'%s' is not a date; expected a TIMEX3 value such "
                           "as 2019, 2019-03, 2019-W09 or 2019-03-05", found);
    }
    return 0;
}

/* Store one decoded, validated-as-text parameter value p in f. */
static int apply_param(chr_filter *f, int p, const char *v, size_t len,
                       size_t at, unsigned allow, chr_error *err)
{
    const char *name = param_names[p];
    char found[QUOTE_MAX + 8];
    quote(found, sizeof found, v, len);
    switch (p) {
    case P_FROM:
        return parse_date(&f->from, name, v, len, at, err);
    case P_TO:
        return parse_date(&f->to, name, v, len, at, err);
    case P_TYPE:
        return parse_types(f, v, len, at, err);
    case P_ACTOR:
        return add_value(f->actors, &f->nactors, name, v, len, at, err);
    case P_DOC:
        return add_value(f->docs, &f->ndocs, name, v, len, at, err);
    case P_Q:
        if (len == 0)
            return chr_error_set(err, CHR_EINVAL, name, at,
                                 "empty value; expected text to search for");
        f->q = malloc(len + 1);
        if (f->q == NULL)
            return chr_error_set(err, CHR_ENOMEM, name, at, "out of memory");
        for (size_t i = 0; i < len; i++)
            f->q[i] = (char)ascii_lower((unsigned char)v[i]);
        f->q[len] = '\0';
        f->qlen = len;
        return 0;
    case P_PREC:
        if (chr_precision_parse(v, &f->precision) != 0)
            return param_error(err, CHR_EINVAL, name, at,
                               "'%s' is not a precision; expected minute, "
                               "day, week, month, quarter, season, half, "
                               "year, decade or century", found);
        return 0;
    case P_MINSAL: {
        size_t v100;
        if (parse_count(v, len, 100, &v100) != 0)
            return param_error(err, CHR_EINVAL, name, at,
                               "'%s' is not a salience; expected a whole number "
                               "from 0 to 100", found);
        f->min_salience = (int)v100;
        return 0;
    }
    case P_TOP:
        if (parse_count(v, len, CHR_FILTER_MAX_LIMIT, &f->top) != 0 || f->top == 0)
            return param_error(err, CHR_EINVAL, name, at,
                               "'%s' is not a count; expected a whole number "
                               "from 1 to 100000", found);
        return 0;
    case P_LIMIT:
        if (!(allow & CHR_FILTER_PAGING))
            break;
        if (parse_count(v, len, CHR_FILTER_MAX_LIMIT, &f->limit) != 0)
            return param_error(err, CHR_EINVAL, name, at,
                               "'%s' is not a count; expected a whole "
                               "number from 0 to 100000", found);
        return 0;
    case P_OFFSET:
        if (!(allow & CHR_FILTER_PAGING))
            break;
        if (parse_count(v, len, CHR_FILTER_MAX_OFFSET, &f->offset) != 0)
            return param_error(err, CHR_EINVAL, name, at,
                               "'%s' is not an offset; expected a whole "
                               "number from 0 to 1000000000", found);
        return 0;
    case P_FORMAT:
        if (!(allow & CHR_FILTER_FORMAT))
            break;
        if (strcmp(v, "timeline") == 0)
            f->view = CHR_VIEW_TIMELINE;
        else if (strcmp(v, "timelinejs") == 0)
            f->view = CHR_VIEW_TIMELINEJS;
        else if (strcmp(v, "vis") == 0)
            f->view = CHR_VIEW_VIS;
        else
            return param_error(err, CHR_EINVAL, name, at,
                               "'%s' is not a format; expected timeline, "
                               "timelinejs or vis", found);
        return 0;
    default:
        break;
    }
    return chr_error_set(err, CHR_EINVAL, name, at,
                         "not accepted by this feed");
}

static int parse_pairs(chr_filter *f, const char *query, size_t len,
                       unsigned allow, chr_error *err)
{
    unsigned seen[P_COUNT] = {0};
    char value[CHR_FILTER_MAX_TEXT + 1];
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && query[end] != '&')
            end++;
        if (end == i) {         /* "a=1&&b=2": an empty pair says nothing */
            i++;
            continue;
        }
        size_t eq = i;
        while (eq < end && query[eq] != '=')
            eq++;
        const char *name = query + i;
        size_t nlen = eq - i;
        int p = -1;
        for (int k = 0; k < P_COUNT; k++)
            if (strlen(param_names[k]) == nlen &&
                memcmp(param_names[k], name, nlen) == 0)
                p = k;
        if (p < 0) {
            char raw[QUOTE_MAX + 8], msg[sizeof err->msg];
            /* The raw name is not decoded and may hold any byte. */
            size_t o = 0;
            for (size_t k = 0; k < nlen && o + 1 < QUOTE_MAX; k++) {
                unsigned char c = (unsigned char)name[k];
                raw[o++] = (c >= 0x20 && c < 0x7F && c != '\'') ? (char)c : '?';
            }
            raw[o] = '\0';
            snprintf(msg, sizeof msg, "unknown parameter '%s'; expected from, "
                     "to, type, actor, doc, q, precision, min_salience, top%s%s", raw,
                     (allow & CHR_FILTER_PAGING) ? ", limit, offset" : "",
                     (allow & CHR_FILTER_FORMAT) ? ", format" : "");
            return chr_error_set(err, CHR_EINVAL, "query", i, "%s", msg);
        }
        const char *pname = param_names[p];
        int repeatable = p == P_TYPE || p == P_ACTOR || p == P_DOC;
        if (seen[p]++ > 0 && !repeatable)
            return chr_error_set(err, CHR_EINVAL, pname, i,
                                 "given more than once; expected one value");
        const char *raw = eq < end ? query + eq + 1 : query + end;
        size_t rawlen = eq < end ? end - eq - 1 : 0;
        size_t bad = 0;
        long n = decode(raw, rawlen, value, sizeof value, &bad);
        if (n == -1)
            return chr_error_set(err, CHR_EINVAL, pname,
                                 (size_t)(raw - query) + bad,
                                 "'%%' not followed by two hex digits; "
                                 "expected %%XX");
        if (n < 0)
            return chr_error_set(err, CHR_ETOOBIG, pname, (size_t)(raw - query),
                                 "value longer than %u bytes",
                                 CHR_FILTER_MAX_TEXT);
        size_t vlen = (size_t)n;
        char why[64];
        size_t badu = chr_utf8_check(value, vlen, why, sizeof why);
        if (badu != vlen)
            return chr_error_set(err, CHR_EINVAL, pname, (size_t)(raw - query),
                                 "value byte %zu: %s; expected UTF-8 text",
                                 badu, why);
        for (size_t k = 0; k < vlen; k++) {
            unsigned char c = (unsigned char)value[k];
            if (c < 0x20 || c == 0x7F)
                return chr_error_set(err, CHR_EINVAL, pname,
                                     (size_t)(raw - query),
                                     "control byte 0x%02X at value byte %zu; "
                                     "expected text", c, k);
        }
        if (p != P_TYPE && p != P_ACTOR && p != P_DOC && p != P_Q && vlen == 0)
            return chr_error_set(err, CHR_EINVAL, pname, (size_t)(raw - query),
                                 "empty value; expected a value");
        int rc = apply_param(f, p, value, vlen, (size_t)(raw - query), allow,
                             err);
        if (rc != 0)
            return rc;
        i = end + 1;
    }
    if (f->types == (1u << CHR_EV_NTYPES) - 1u)
        f->types = 0;                   /* every type: no condition */
    if (f->from.prec != CHR_PREC_NONE && f->to.prec != CHR_PREC_NONE &&
        f->to.last < f->from.first)
        return chr_error_set(err, CHR_EINVAL, "to", 0,
                             "'%s' ends before from '%s' begins; expected "
                             "to on or after from", f->to.value,
                             f->from.value);
    return 0;
}

int chr_filter_parse(chr_filter *f, const char *query, size_t len,
                     unsigned allow, chr_error *err)
{
    if (len > CHR_FILTER_MAX_QUERY)
        return chr_error_set(err, CHR_ETOOBIG, "query", CHR_FILTER_MAX_QUERY,
                             "%zu bytes; expected at most %u", len,
                             CHR_FILTER_MAX_QUERY);
    int rc = parse_pairs(f, query, len, allow, err);
    if (rc != 0)
        chr_filter_clear(f);
    return rc;
}

static int ascii_caseeq(const char *a, const char *b)
{
    for (;; a++, b++) {
        if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
            return 0;
        if (*a == '\0')
            return 1;
    }
}

/* Does s (NUL-terminated) contain lowered needle [q, q+qlen), ignoring
 * ASCII case?  Bytes above 0x7F compare exactly, so UTF-8 is matched as
 * written. */
static int ascii_contains(const char *s, const char *q, size_t qlen)
{
    if (s == NULL)
        return 0;
    for (; *s != '\0'; s++) {
        size_t k = 0;
        while (k < qlen && s[k] != '\0' &&
               ascii_lower((unsigned char)s[k]) == (unsigned char)q[k])
            k++;
        if (k == qlen)
            return 1;
    }
    return 0;
}

int chr_filter_match(const chr_filter *f, const chr_event *e)
{
    if (f->from.prec != CHR_PREC_NONE && e->date.last < f->from.first)
        return 0;
    if (f->to.prec != CHR_PREC_NONE && e->date.first > f->to.last)
        return 0;
    if (f->types != 0 && ((unsigned)e->type >= CHR_EV_NTYPES ||
                          !(f->types & (1u << (unsigned)e->type))))
        return 0;
    if (f->precision != CHR_PREC_NONE && e->date.prec < f->precision)
        return 0;
    if (e->salience < f->min_salience)
        return 0;
    if (f->nactors > 0) {
        int hit = 0;
        for (size_t i = 0; i < f->nactors && !hit; i++)
            for (size_t j = 0; j < e->nactors && !hit; j++)
                hit = e->actors[j] != NULL &&
                      ascii_caseeq(f->actors[i], e->actors[j]);
        if (!hit)
            return 0;
    }
    if (f->ndocs > 0) {
        int hit = 0;
        for (size_t i = 0; i < f->ndocs && !hit; i++)
            for (size_t j = 0; j < e->nsources && !hit; j++)
                hit = e->sources[j].doc != NULL &&
                      strcmp(f->docs[i], e->sources[j].doc) == 0;
        if (!hit)
            return 0;
    }
    if (f->q != NULL) {
        int hit = ascii_contains(e->title, f->q, f->qlen);
        for (size_t j = 0; j < e->nsources && !hit; j++)
            hit = ascii_contains(e->sources[j].sentence, f->q, f->qlen);
        if (!hit)
            return 0;
    }
    return 1;
}

int chr_filter_is_all(const chr_filter *f)
{
    return f->from.prec == CHR_PREC_NONE && f->to.prec == CHR_PREC_NONE &&
           f->types == 0 && f->nactors == 0 && f->ndocs == 0 &&
           f->q == NULL && f->precision == CHR_PREC_NONE && f->min_salience == 0 &&
           f->top == SIZE_MAX && f->limit == SIZE_MAX && f->offset == 0 &&
           f->view == CHR_VIEW_TIMELINE;
}

typedef struct sal_item {
    int salience;
    size_t pos;                 /* in the list of matches */
} sal_item;

/* Most salient first, then earlier in the chronology. */
static int sal_cmp(const void *pa, const void *pb)
{
    const sal_item *a = pa, *b = pb;
    if (a->salience != b->salience)
        return a->salience > b->salience ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Of the n matching indexes in v (in chronology order), keep the top
 * most salient, still in chronology order.  The number kept, or -1 when
 * memory runs out. */
static long keep_top(const chr_chron *c, size_t *v, size_t n, size_t top)
{
    if (top >= n)
        return (long)n;
    sal_item *by = malloc(n * sizeof *by);
    unsigned char *keep = calloc(n, 1);
    if (by == NULL || keep == NULL) {
        free(by);
        free(keep);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        by[i] = (sal_item){chr_chron_event(c, v[i])->salience, i};
    qsort(by, n, sizeof *by, sal_cmp);
    for (size_t i = 0; i < top; i++)
        keep[by[i].pos] = 1;
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (keep[i])
            v[w++] = v[i];
    free(by);
    free(keep);
    return (long)w;
}

int chr_filter_apply(const chr_filter *f, const chr_chron *c, size_t **idx,
                     size_t *n, size_t *matched, chr_error *err)
{
    size_t count = chr_chron_event_count(c);
    size_t *all = malloc((count ? count : 1) * sizeof *all);
    *idx = NULL;
    *n = 0;
    if (all == NULL)
        return chr_error_set(err, CHR_ENOMEM, NULL, 0, "out of memory for %zu indexes", count);
    size_t hits = 0;
    for (size_t i = 0; i < count; i++)
        if (chr_filter_match(f, chr_chron_event(c, i)))
            all[hits++] = i;
    if (f->top != SIZE_MAX) {
        long kept = keep_top(c, all, hits, f->top);
        if (kept < 0) {
            free(all);
            return chr_error_set(err, CHR_ENOMEM, NULL, 0, "out of memory for %zu indexes",
                                 hits);
        }
        hits = (size_t)kept;
    }
    /* the page asked for */
    size_t from = f->offset < hits ? f->offset : hits;
    size_t used = hits - from < f->limit ? hits - from : f->limit;
    if (used > 0)
        memmove(all, all + from, used * sizeof *all);
    if (used == 0) {
        free(all);
        all = NULL;
    }
    *idx = all;
    *n = used;
    if (matched != NULL)
        *matched = hits;
    return 0;
}

/* Percent-encode everything but unreserved bytes so '&', '=' and ',' in
 * values cannot make two different filters share a key. */
static void sb_value(chr_buf *b, const char *s, int lower)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (lower)
            c = ascii_lower(c);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') {
            char ch = (char)c;
            chr_buf_add(b, &ch, 1);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            chr_buf_add(b, esc, 3);
        }
    }
}

static int cmp_case(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    for (;; x++, y++) {
        unsigned char cx = ascii_lower((unsigned char)*x);
        unsigned char cy = ascii_lower((unsigned char)*y);
        if (cx != cy)
            return cx < cy ? -1 : 1;
        if (cx == '\0')
            return 0;
    }
}

static int cmp_exact(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* name=v1,v2 for a sorted, deduplicated copy of a value list. */
static void sb_list(chr_buf *b, const char *name, char *const *vals,
                    size_t n, int fold)
{
    const char *sorted[CHR_FILTER_MAX_VALUES];
    if (n == 0)
        return;
    memcpy(sorted, vals, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, fold ? cmp_case : cmp_exact);
    chr_buf_str(b, b->len ? "&" : "");
    chr_buf_str(b, name);
    chr_buf_str(b, "=");
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (fold ? cmp_case : cmp_exact)(&sorted[i - 1],
                                                     &sorted[i]) == 0)
            continue;
        if (i > 0)
            chr_buf_str(b, ",");
        sb_value(b, sorted[i], fold);
    }
}

char *chr_filter_key(const chr_filter *f, size_t *len)
{
    chr_buf b = {0};
    char num[32];
    chr_buf_add(&b, "", 0);
    if (f->from.prec != CHR_PREC_NONE) {
        chr_buf_str(&b, "from=");
        sb_value(&b, f->from.value, 0);
    }
    if (f->to.prec != CHR_PREC_NONE) {
        chr_buf_str(&b, b.len ? "&to=" : "to=");
        sb_value(&b, f->to.value, 0);
    }
    if (f->types != 0) {
        chr_buf_str(&b, b.len ? "&type=" : "type=");
        int first = 1;
        for (int t = 0; t < CHR_EV_NTYPES; t++)
            if (f->types & (1u << (unsigned)t)) {
                chr_buf_str(&b, first ? "" : ",");
                chr_buf_str(&b, chr_event_type_name((chr_event_type)t));
                first = 0;
            }
    }
    sb_list(&b, "actor", f->actors, f->nactors, 1);
    sb_list(&b, "doc", f->docs, f->ndocs, 0);
    if (f->q != NULL) {
        chr_buf_str(&b, b.len ? "&q=" : "q=");
        sb_value(&b, f->q, 1);
    }
    if (f->precision != CHR_PREC_NONE) {
        chr_buf_str(&b, b.len ? "&precision=" : "precision=");
        chr_buf_str(&b, chr_precision_name(f->precision));
    }
    if (f->min_salience != 0) {
        snprintf(num, sizeof num, "%s%d", b.len ? "&min_salience=" : "min_salience=",
                 f->min_salience);
        chr_buf_str(&b, num);
    }
    if (f->top != SIZE_MAX) {
        snprintf(num, sizeof num, "%s%zu", b.len ? "&top=" : "top=", f->top);
        chr_buf_str(&b, num);
    }
    if (f->limit != SIZE_MAX) {
        snprintf(num, sizeof num, "%s%zu", b.len ? "&limit=" : "limit=",
                 f->limit);
        chr_buf_str(&b, num);
    }
    if (f->offset != 0) {
        snprintf(num, sizeof num, "%s%zu", b.len ? "&offset=" : "offset=",
                 f->offset);
        chr_buf_str(&b, num);
    }
    if (f->view != CHR_VIEW_TIMELINE) {
        chr_buf_str(&b, b.len ? "&format=" : "format=");
        chr_buf_str(&b, chr_view_name(f->view));
    }
    if (b.failed) {
        free(b.p);
        return NULL;
    }
    if (len != NULL)
        *len = b.len;
    return b.p;
}
