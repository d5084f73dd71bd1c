/*
 * ical.c - the iCalendar feed.  libical builds and escapes the calendar;
 * we clean document text before it goes in and fold the result ourselves.
 *
 * Choices, so that a reader of the feed knows what they are looking at:
 * - Every event is all-day: DTSTART;VALUE=DATE and an exclusive DTEND
 *   covering first..last.  Minute-precision events too: documents give
 *   wall-clock times without a zone, so a UTC DATE-TIME would be a guess;
 *   the time is stated in DESCRIPTION instead.
 * - Every event is TRANSP:TRANSPARENT: a chronology is history, not busy
 *   time, and a subscribed feed must not block anyone's free/busy.
 * - DTSTAMP and LAST-MODIFIED are the event's modification time, never
 *   "now", so the same chronology always gives the same bytes and a
 *   client's cached copy stays valid until something really changed.
 * - Every event carries X-CHRONICLE-PRECISION (day included), so clients
 *   can tell a real day from a month drawn as a 31-day block.
 * - An empty chronology gives a VCALENDAR with its properties and no
 *   component.  RFC 5545's grammar asks for at least one, but libical and
 *   common clients accept the empty form, and a placeholder component
 *   would show up as noise in some of them.
 */
#include <libical/ical.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/ical.h"
#include "chronicle/utf8.h"
#include "base/grow_int.h"

#define FOLD_OCTETS 75          /* RFC 5545 3.1, line break excluded */
#define DEFAULT_NAME "chronicle"
#define PRODID "-//chronicle//chronicle 1.0//EN"

/* A growable byte buffer; after a failed allocation every append is a
 * no-op and oom stays set, so callers check once at the end. */
typedef struct buf {
    char *p;
    size_t len, cap;
    int oom;
} buf;

static int buf_reserve(buf *b, size_t extra)
{
    if (b->oom)
        return -1;
    if (extra >= SIZE_MAX - b->len ||
        chr_grow_to(&b->p, 1, &b->cap, b->len + extra + 1, 256) != 0) {
        b->oom = 1;
        return -1;
    }
    return 0;
}

static void buf_add(buf *b, const char *s, size_t n)
{
    if (buf_reserve(b, n) != 0)
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void buf_str(buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

static void buf_printf(buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void buf_printf(buf *b, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        b->oom = 1;     /* only short, fixed formats come through here */
        return;
    }
    buf_add(b, tmp, (size_t)n);
}

/* The contents as a C string ("" when empty), or NULL after a failure. */
static const char *buf_cstr(buf *b)
{
    if (buf_reserve(b, 0) != 0)
        return NULL;
    b->p[b->len] = '\0';
    return b->p;
}

static int is_control(unsigned char c)
{
    return c < 0x20 || c == 0x7F;
}

/*
 * Append document text s, made safe for a content line: every run of
 * control bytes (CR, LF and TAB included) becomes one space, so a title
 * such as "x\r\nBEGIN:VEVENT" stays inside its own property; invalid
 * UTF-8 becomes U+FFFD; bytes in drop are left out.  The piece has no
 * leading or trailing blank: libical strips them from a value it reads
 * (and drops a value left empty) while ical.js keeps them, so a title
 * such as " x " would read differently in the two.
 */
static void buf_clean(buf *b, const char *s, const char *drop)
{
    if (s == NULL)
        return;
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + strlen(s);
    size_t start = b->len;
    int pending = 0;
    while (p < end) {
        if (is_control(*p)) {
            pending = 1;
            p++;
            continue;
        }
        if ((drop != NULL && *p < 0x80 && strchr(drop, *p) != NULL) ||
            (*p == ' ' && b->len == start)) {
            p++;
            continue;
        }
        if (pending && b->len > start && b->p[b->len - 1] != ' ' && *p != ' ')
            buf_add(b, " ", 1);
        pending = 0;
        uint32_t cp;
        size_t n = chr_utf8_decode(p, end, &cp);
        if (n == 0) {
            buf_add(b, "\xEF\xBF\xBD", 3);
            p++;
        } else {
            buf_add(b, (const char *)p, n);
            p += n;
        }
    }
    while (b->len > start && b->p[b->len - 1] == ' ')
        b->p[--b->len] = '\0';
}

static const char *const month_names[12] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"};

static const char *ordinal_suffix(int64_t n)
{
    if (n % 100 >= 11 && n % 100 <= 13)
        return "th";
    switch (n % 10) {
    case 1: return "st";
    case 2: return "nd";
    case 3: return "rd";
    default: return "th";
    }
}

/*
 * The " (March 2019)" that tells a reader of SUMMARY how coarse the date
 * is; nothing for day and minute precision.
 */
static void buf_precision_suffix(buf *b, const chr_date *d)
{
    int64_t y;
    int m, day;
    chr_civil_from_days(d->first, &y, &m, &day);
    switch (d->prec) {
    case CHR_PREC_WEEK:
        buf_printf(b, " (week of %d %s %04lld)", day, month_names[m - 1],
                   (long long)y);
        break;
    case CHR_PREC_MONTH:
        buf_printf(b, " (%s %04lld)", month_names[m - 1], (long long)y);
        break;
    case CHR_PREC_QUARTER:
        buf_printf(b, " (Q%d %04lld)", (m - 1) / 3 + 1, (long long)y);
        break;
    case CHR_PREC_SEASON: {
        /* Meteorological seasons, as date.c defines them; winter runs
         * from December into the next year. */
        static const char *const seasons[4] = {"winter", "spring", "summer",
                                               "autumn"};
        if (m == 12)
            buf_printf(b, " (winter %04lld/%04lld)", (long long)y,
                       (long long)y + 1);
        else
            buf_printf(b, " (%s %04lld)", seasons[m / 3 % 4], (long long)y);
        break;
    }
    case CHR_PREC_HALF:
        buf_printf(b, " (%s half of %04lld)", m <= 6 ? "first" : "second",
                   (long long)y);
        break;
    case CHR_PREC_YEAR:
        buf_printf(b, " (%04lld)", (long long)y);
        break;
    case CHR_PREC_DECADE:
        buf_printf(b, " (%04llds)", (long long)(y - y % 10));
        break;
    case CHR_PREC_CENTURY: {
        /* TIMEX3 "19" is 1900-1999, called the 20th century. */
        int64_t n = (y - y % 100) / 100 + 1;
        buf_printf(b, " (%lld%s century)", (long long)n, ordinal_suffix(n));
        break;
    }
    case CHR_PREC_NONE:
    case CHR_PREC_DAY:
    case CHR_PREC_MINUTE:
        break;
    }
}

/* Evidence first, one paragraph per source, then what the sources
 * disagree on. */
static void buf_description(buf *b, const chr_event *e)
{
    for (size_t i = 0; i < e->nsources; i++) {
        const chr_mention *s = &e->sources[i];
        if (i > 0)
            buf_str(b, "\n\n");
        buf_clean(b, s->sentence, NULL);
        buf_str(b, "\n\xE2\x80\x94 ");          /* U+2014 EM DASH */
        buf_clean(b, s->doc, NULL);
        if (s->dct != CHR_NO_DAY) {
            char day[11];
            chr_day_format(s->dct, day);
            buf_printf(b, " (DCT %s)", day);
        } else {
            buf_str(b, " (no DCT)");
        }
        if (s->date_text != NULL) {
            buf_str(b, ", date text: '");
            buf_clean(b, s->date_text, NULL);
            buf_str(b, "'");
        }
    }
    const char *sep = e->nsources > 0 ? "\n\n" : "";
    if (e->date.prec == CHR_PREC_MINUTE && e->date.minute >= 0) {
        buf_printf(b, "%sTime: %02d:%02d (as written; time zone unknown)",
                   sep, (int)(e->date.minute / 60), (int)(e->date.minute % 60));
        sep = "\n";
    }
    if (e->status == CHR_PLANNED) {
        buf_printf(b, "%sStatus: planned", sep);
        sep = "\n";
    }
    if (e->nconflicts > 0) {
        buf_printf(b, "%sOther dates given: ", sep);
        for (size_t i = 0; i < e->nconflicts; i++) {
            if (i > 0)
                buf_str(b, ", ");
            buf_clean(b, e->conflicts[i].value, NULL);
        }
        sep = "\n";
    }
    if (e->nactors > 0) {
        buf_printf(b, "%sActors: ", sep);
        for (size_t i = 0; i < e->nactors; i++) {
            if (i > 0)
                buf_str(b, ", ");
            buf_clean(b, e->actors[i], NULL);
        }
    }
}

/* Adds p to comp; a NULL p (libical out of memory) is reported. */
static int add_prop(icalcomponent *comp, icalproperty *p)
{
    if (p == NULL)
        return -1;
    icalcomponent_add_property(comp, p);
    return 0;
}

/* Builds a property from the text in t (NULL once t ran out of memory,
 * which libical must never be handed) and adds it. */
static int add_text(icalcomponent *comp, icalproperty *(*make)(const char *),
                    buf *t)
{
    const char *v = buf_cstr(t);
    if (v == NULL)
        return -1;
    return add_prop(comp, make(v));
}

/* libical writes X- values as given, unescaped: value must already be
 * free of control bytes, and of ',' ';' '\' where that matters. */
static int add_x(icalcomponent *comp, const char *name, const char *value)
{
    icalproperty *p = icalproperty_new_x(value);
    if (p == NULL)
        return -1;
    icalproperty_set_x_name(p, name);
    icalcomponent_add_property(comp, p);
    return 0;
}

static int year_ok(int64_t days)
{
    int64_t y;
    int m, d;
    chr_civil_from_days(days, &y, &m, &d);
    return y >= 1 && y <= 9999;
}

static struct icaltimetype ical_date(int64_t days)
{
    int64_t y;
    int m, d;
    chr_civil_from_days(days, &y, &m, &d);
    struct icaltimetype t = icaltime_null_date();
    t.year = (int)y;
    t.month = m;
    t.day = d;
    return t;
}

/*
 * Whether libical can write day `days` as a DATE.  libical 3.0 holds
 * years up to 3000 only and reads 0001-01-01 as "no time"; asking it
 * rather than hard-coding that keeps newer versions from being limited.
 */
static int ical_date_ok(int64_t days)
{
    if (!year_ok(days))
        return 0;
    struct icaltimetype t = ical_date(days);
    return icaltime_is_valid_time(t) && !icaltime_is_null_time(t);
}

/* Seconds since the epoch as a UTC DATE-TIME.  Clamped to the years
 * libical 3.0 can write: a file time outside them is a broken clock. */
static struct icaltimetype ical_utc(int64_t secs)
{
    const int64_t hi = INT64_C(32535215999);   /* 3000-12-31T23:59:59Z */
    if (secs < 0)
        secs = 0;
    if (secs > hi)
        secs = hi;
    int64_t days = secs / 86400, rest = secs % 86400;
    struct icaltimetype t = ical_date(days);
    t.is_date = 0;
    t.hour = (int)(rest / 3600);
    t.minute = (int)(rest / 60 % 60);
    t.second = (int)(rest % 60);
    t.zone = icaltimezone_get_utc_timezone();
    return t;
}

/* One VEVENT.  Returns 0, 1 when the event has no date a calendar can
 * show (left out), or -1 when memory runs out. */
static int add_event(icalcomponent *cal, const chr_event *e, const char *page_url)
{
    /* Undated events never reach a chronology; dates libical cannot
     * write (past the year 3000 in libical 3.0) are tagging accidents. */
    if (e->date.prec == CHR_PREC_NONE || e->date.first == CHR_NO_DAY ||
        e->date.last < e->date.first || !ical_date_ok(e->date.first))
        return 1;
    icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    if (ev == NULL)
        return -1;
    buf t = {0};
    int rc = 0;
    /* The id is ours (hex digits); anything else in it is left out so a
     * corrupt record cannot break the line. */
    char uid[sizeof e->id + sizeof "@chronicle"];
    size_t u = 0;
    for (size_t i = 0; i < sizeof e->id && e->id[i] != '\0'; i++)
        if ((e->id[i] >= '0' && e->id[i] <= '9') ||
            (e->id[i] >= 'a' && e->id[i] <= 'z'))
            uid[u++] = e->id[i];
    memcpy(uid + u, "@chronicle", sizeof "@chronicle");
    struct icaltimetype stamp = ical_utc(e->modified);
    rc |= add_prop(ev, icalproperty_new_uid(uid));
    rc |= add_prop(ev, icalproperty_new_dtstamp(stamp));
    rc |= add_prop(ev, icalproperty_new_lastmodified(stamp));
    rc |= add_prop(ev, icalproperty_new_sequence(e->sequence > 0 ? e->sequence : 0));
    rc |= add_prop(ev, icalproperty_new_dtstart(ical_date(e->date.first)));
    if (ical_date_ok(e->date.last + 1)) {
        rc |= add_prop(ev, icalproperty_new_dtend(ical_date(e->date.last + 1)));
    } else {
        /* The day after the end cannot be written (a range ending on the
         * last day libical knows); its length can, and means the same. */
        struct icaldurationtype dur = icaldurationtype_null_duration();
        dur.days = (unsigned int)(e->date.last - e->date.first + 1);
        rc |= add_prop(ev, icalproperty_new_duration(dur));
    }

    buf_clean(&t, e->title, NULL);
    /* An empty SUMMARY is valid, but libical drops the property while
     * ical.js keeps "": a title of nothing but blanks and control bytes
     * would make the two disagree. */
    if (t.len == 0)
        buf_str(&t, "(untitled)");
    buf_precision_suffix(&t, &e->date);
    rc |= add_text(ev, icalproperty_new_summary, &t);
    t.len = 0;
    buf_description(&t, e);
    rc |= add_text(ev, icalproperty_new_description, &t);
    rc |= add_prop(ev, icalproperty_new_categories(chr_event_type_name(e->type)));
    if (page_url != NULL && *page_url) {
        /* the event on the page; the id is hex, the base our own */
        char url[600];
        int n = snprintf(url, sizeof url, "%s#e-%.16s", page_url, e->id);
        if (n > 0 && (size_t)n < sizeof url)
            rc |= add_prop(ev, icalproperty_new_url(url));
    }
    rc |= add_prop(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
    rc |= add_x(ev, "X-CHRONICLE-PRECISION", chr_precision_name(e->date.prec));
    rc |= add_x(ev, "X-CHRONICLE-TYPE", chr_event_type_name(e->type));
    rc |= add_x(ev, "X-CHRONICLE-STATUS", chr_modality_name(e->status));
    if (t.oom)
        rc = -1;
    free(t.p);
    if (rc != 0) {
        icalcomponent_free(ev);
        return -1;
    }
    icalcomponent_add_component(cal, ev);
    return 0;
}

static int add_calendar_props(icalcomponent *cal, const chr_chron *c,
                              const chr_ical_opts *opts)
{
    const char *name = opts && opts->name ? opts->name : DEFAULT_NAME;
    buf t = {0};
    int rc = 0;
    rc |= add_prop(cal, icalproperty_new_version("2.0"));
    rc |= add_prop(cal, icalproperty_new_prodid(PRODID));
    rc |= add_prop(cal, icalproperty_new_calscale("GREGORIAN"));
    rc |= add_prop(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));

    /* X-WR-CALNAME goes out unescaped, and clients disagree on how to read
     * escapes there, so the characters that would need one are dropped. */
    buf_clean(&t, name, ",;\\");
    if (t.len == 0)
        buf_str(&t, DEFAULT_NAME);
    const char *v = buf_cstr(&t);
    rc |= v ? add_x(cal, "X-WR-CALNAME", v) : -1;
    t.len = 0;
    buf_clean(&t, name, NULL);
    if (t.len == 0)
        buf_str(&t, DEFAULT_NAME);
    rc |= add_text(cal, icalproperty_new_name, &t);
    t.len = 0;
    if (opts && opts->description) {
        buf_clean(&t, opts->description, NULL);
    } else {
        /* the same text for every corpus version: clients that see the
         * calendar's DESCRIPTION change rewrite every item they store */
        (void)c;
        buf_str(&t, "Chronology of the events of a folder of documents as read by chronicle");
    }
    rc |= add_text(cal, icalproperty_new_description, &t);

    /* RFC 7986 wants the VALUE parameter spelled out here. */
    icalproperty *p = icalproperty_new_refreshinterval(icaldurationtype_from_int(3600));
    if (p != NULL) {
        icalparameter *vp = icalparameter_new_value(ICAL_VALUE_DURATION);
        if (vp == NULL) {
            icalproperty_free(p);
            p = NULL;
        } else {
            icalproperty_add_parameter(p, vp);
        }
    }
    rc |= add_prop(cal, p);
    rc |= add_x(cal, "X-PUBLISHED-TTL", "PT1H");
    if (t.oom)
        rc = -1;
    free(t.p);
    return rc;
}

/*
 * Copy libical's text into our own buffer, unfolding its folds and
 * folding again at FOLD_OCTETS, never inside a UTF-8 sequence.  Doing it
 * here keeps the bytes the same whatever libical version folds how, and
 * avoids its habit of breaking right after "SUMMARY:".  Every line ends
 * in CRLF.
 */
static char *refold(const char *raw, size_t *len)
{
    buf out = {0};
    const unsigned char *p = (const unsigned char *)raw;
    const unsigned char *end = p + strlen(raw);
    size_t col = 0;
    while (p < end) {
        if (*p == '\r' || *p == '\n') {
            size_t eol = (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
            if (p + eol < end && (p[eol] == ' ' || p[eol] == '\t')) {
                p += eol + 1;           /* a fold: drop it */
                continue;
            }
            buf_add(&out, "\r\n", 2);
            col = 0;
            p += eol;
            continue;
        }
        size_t n = chr_utf8_seqlen(*p);
        uint32_t cp;
        if (n > 1 && chr_utf8_decode(p, end, &cp) != n)
            n = 1;
        if (col + n > FOLD_OCTETS) {
            buf_add(&out, "\r\n ", 3);
            col = 1;
        }
        buf_add(&out, (const char *)p, n);
        col += n;
        p += n;
    }
    if (col > 0)
        buf_add(&out, "\r\n", 2);
    if (buf_reserve(&out, 0) != 0) {
        free(out.p);
        return NULL;
    }
    if (len != NULL)
        *len = out.len;
    return out.p;
}

char *chr_ical_render(const chr_chron *c, const size_t *idx, size_t n,
                      const chr_ical_opts *opts, size_t *len)
{
    if (len != NULL)
        *len = 0;
    icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
    if (cal == NULL)
        return NULL;
    char *out = NULL;
    if (add_calendar_props(cal, c, opts) != 0)
        goto done;
    size_t count = c ? chr_chron_event_count(c) : 0;
    size_t want = idx ? n : count;
    for (size_t i = 0; i < want; i++) {
        size_t k = idx ? idx[i] : i;
        if (k >= count)
            continue;           /* a stale index names nothing */
        if (add_event(cal, chr_chron_event(c, k), opts ? opts->page_url : NULL) < 0)
            goto done;
    }
    char *raw = icalcomponent_as_ical_string_r(cal);
    if (raw == NULL)
        goto done;
    out = refold(raw, len);
    icalmemory_free_buffer(raw);
done:
    icalcomponent_free(cal);
    return out;
}
