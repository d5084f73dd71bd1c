/* http.c - HTTP dates, entity-tag matching, content-coding negotiation,
 * error bodies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/date.h"
#include "chronicle/error.h"
#include "chronicle/http.h"
#include "chronicle/utf8.h"
#include "base/buf_int.h"

static const char *const wkdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri",
                                     "Sat", "Sun"};
static const char *const long_wkdays[] = {"Monday", "Tuesday", "Wednesday",
                                          "Thursday", "Friday", "Saturday",
                                          "Sunday"};
static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May",
                                     "Jun", "Jul", "Aug", "Sep", "Oct",
                                     "Nov", "Dec"};

static unsigned char lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

void chr_http_date_format(int64_t t, char buf[CHR_HTTP_DATE_SIZE])
{
    const int64_t lo = chr_days_from_civil(1, 1, 1) * 86400;
    const int64_t hi = chr_days_from_civil(9999, 12, 31) * 86400 + 86399;
    if (t < lo)
        t = lo;
    if (t > hi)
        t = hi;
    int64_t days = t / 86400, secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        days -= 1;
    }
    int64_t y;
    int m, d;
    chr_civil_from_days(days, &y, &m, &d);
    snprintf(buf, CHR_HTTP_DATE_SIZE, "%s, %02d %s %04d %02d:%02d:%02d GMT",
             wkdays[chr_weekday(days) - 1], d, months[m - 1], (int)y,
             (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

/* Read exactly n digits at *s. */
static int num(const char **s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*s)[i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *s += n;
    *out = v;
    return 0;
}

static int lit(const char **s, const char *want)
{
    size_t n = strlen(want);
    if (strncmp(*s, want, n) != 0)
        return -1;
    *s += n;
    return 0;
}

static int month(const char **s, int *m)
{
    for (int i = 0; i < 12; i++)
        if (strncmp(*s, months[i], 3) == 0) {
            *s += 3;
            *m = i + 1;
            return 0;
        }
    return -1;
}

static int clock_time(const char **s, int *hh, int *mm, int *ss)
{
    if (num(s, 2, hh) || lit(s, ":") || num(s, 2, mm) || lit(s, ":") ||
        num(s, 2, ss))
        return -1;
    return (*hh > 23 || *mm > 59 || *ss > 60) ? -1 : 0;
}

static int wkday(const char **s, const char *const *names)
{
    for (int i = 0; i < 7; i++)
        if (lit(s, names[i]) == 0)
            return 0;
    return -1;
}

int chr_http_date_parse(const char *s, int64_t *t)
{
    int y = 0, m = 0, d = 0, hh, mm, ss;
    const char *p = s;
    if (s == NULL)
        return CHR_EPARSE;
    if (wkday(&p, wkdays) == 0 && *p == ',') {
        /* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
        p++;
        if (lit(&p, " ") || num(&p, 2, &d) || lit(&p, " ") || month(&p, &m) ||
            lit(&p, " ") || num(&p, 4, &y) || lit(&p, " ") ||
            clock_time(&p, &hh, &mm, &ss) || lit(&p, " GMT") || *p != '\0')
            return CHR_EPARSE;
    } else if ((p = s, wkday(&p, long_wkdays) == 0) && *p == ',') {
        /* RFC 850: Sunday, 06-Nov-94 08:49:37 GMT.  Two-digit years more
         * than 50 years ahead are taken as the previous century; with no
         * clock here, 70-99 is 19xx and 00-69 20xx. */
        p++;
        if (lit(&p, " ") || num(&p, 2, &d) || lit(&p, "-") || month(&p, &m) ||
            lit(&p, "-") || num(&p, 2, &y) || lit(&p, " ") ||
            clock_time(&p, &hh, &mm, &ss) || lit(&p, " GMT") || *p != '\0')
            return CHR_EPARSE;
        y += y >= 70 ? 1900 : 2000;
    } else {
        /* asctime: Sun Nov  6 08:49:37 1994 */
        p = s;
        if (wkday(&p, wkdays) || lit(&p, " ") || month(&p, &m) ||
            lit(&p, " "))
            return CHR_EPARSE;
        if (*p == ' ') {
            p++;
            if (num(&p, 1, &d))
                return CHR_EPARSE;
        } else if (num(&p, 2, &d)) {
            return CHR_EPARSE;
        }
        if (lit(&p, " ") || clock_time(&p, &hh, &mm, &ss) || lit(&p, " ") ||
            num(&p, 4, &y) || *p != '\0')
            return CHR_EPARSE;
    }
    if (y < 1 || d < 1 || d > chr_days_in_month(y, m))
        return CHR_EPARSE;
    *t = chr_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 +
         (ss > 59 ? 59 : ss);
    return 0;
}

static const char *skip_ows(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

int chr_http_etag_match(const char *field, const char *etag)
{
    if (field == NULL || etag == NULL)
        return 0;
    size_t elen = strlen(etag);
    if (elen < 2 || etag[0] != '"' || etag[elen - 1] != '"')
        return 0;
    const char *p = skip_ows(field);
    if (*p == '*' && *skip_ows(p + 1) == '\0')
        return 1;
    for (;;) {
        while (*p == ',' || *p == ' ' || *p == '\t')
            p++;
        if (*p == '\0')
            return 0;
        if (p[0] == 'W' && p[1] == '/')
            p += 2;
        if (*p != '"')
            return 0;
        const char *end = strchr(p + 1, '"');
        if (end == NULL)
            return 0;
        size_t n = (size_t)(end - p) + 1;
        if (n == elen && memcmp(p, etag, n) == 0)
            return 1;
        p = skip_ows(end + 1);
        if (*p != ',' && *p != '\0')
            return 0;
    }
}

/* The q value of one element's parameters at p (after the coding);
 * returns 1000 when absent, -1 when malformed. */
static int qvalue(const char *p, const char *end)
{
    int q = 1000;
    while (p < end) {
        p = skip_ows(p);
        if (p >= end)
            break;
        if (*p != ';')
            return -1;
        p = skip_ows(p + 1);
        if (end - p >= 2 && lower((unsigned char)p[0]) == 'q' && p[1] == '=') {
            p += 2;
            if (p >= end || (*p != '0' && *p != '1'))
                return -1;
            q = (*p - '0') * 1000;
            p++;
            if (p < end && *p == '.') {
                p++;
                int scale = 100;
                for (int k = 0; k < 3 && p < end && *p >= '0' && *p <= '9';
                     k++, p++, scale /= 10)
                    q += (*p - '0') * scale;
            }
            if (q > 1000)
                return -1;
        } else {
            while (p < end && *p != ';')
                p++;
        }
    }
    return q;
}

static int token_is(const char *p, size_t n, const char *want)
{
    if (strlen(want) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)p[i]) != (unsigned char)want[i])
            return 0;
    return 1;
}

int chr_http_accepts_gzip(const char *field)
{
    if (field == NULL)
        return 0;
    int gzip = -1, star = -1;
    const char *p = field;
    while (*p != '\0') {
        const char *end = strchr(p, ',');
        if (end == NULL)
            end = p + strlen(p);
        const char *t = skip_ows(p);
        const char *te = t;
        while (te < end && *te != ';' && *te != ' ' && *te != '\t')
            te++;
        int q = qvalue(te, end);
        if (q >= 0) {
            if (token_is(t, (size_t)(te - t), "gzip") ||
                token_is(t, (size_t)(te - t), "x-gzip"))
                gzip = gzip > q ? gzip : q;
            else if (token_is(t, (size_t)(te - t), "*"))
                star = q;
        }
        p = *end == ',' ? end + 1 : end;
    }
    if (gzip >= 0)
        return gzip > 0;
    return star > 0;
}

/* ---- error bodies ---- */

/* s as a JSON string, quotes included: the escapes JSON requires and no
 * others (what the JSON writer of the feeds produces, so an error body
 * reads like the rest of the API). */
static void json_string(chr_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + strlen(s);
    chr_buf_add(b, "\"", 1);
    while (p < end) {
        const unsigned char *run = p;
        while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
            p++;
        chr_buf_add(b, (const char *)run, (size_t)(p - run));
        if (p == end)
            break;
        unsigned char c = *p;
        if (c >= 0x80) {
            uint32_t cp;
            size_t n = chr_utf8_decode(p, end, &cp);
            if (n == 0) {
                chr_buf_add(b, "\xEF\xBF\xBD", 3);      /* U+FFFD */
                n = 1;
            } else {
                chr_buf_add(b, (const char *)p, n);
            }
            p += n;
            continue;
        }
        char esc[7] = {'\\', (char)c, 0};
        size_t elen = 2;
        switch (c) {
        case '"': case '\\': break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            elen = 6;
        }
        chr_buf_add(b, esc, elen);
        p++;
    }
    chr_buf_add(b, "\"", 1);
}

char *chr_http_error_body(int status, const char *param, const char *msg,
                          size_t *len)
{
    chr_buf b = {0};
    chr_buf_addf(&b, "{\"error\":{\"status\":%d,\"param\":", status);
    if (param != NULL)
        json_string(&b, param);
    else
        chr_buf_str(&b, "null");
    chr_buf_str(&b, ",\"message\":");
    json_string(&b, msg != NULL ? msg : "");
    chr_buf_str(&b, "}}\n");
    if (b.failed) {
        free(b.p);
        return NULL;
    }
    if (len != NULL)
        *len = b.len;
    return b.p;
}
