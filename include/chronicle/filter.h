/*
 * filter.h - the query of a feed request: which events (from, to, type,
 * actor, doc, q, precision), which page (limit, offset) and which JSON
 * view (format), parsed from a URL query string and applied to a
 * chronology.  Nothing here knows about HTTP servers.
 *
 * A chr_filter owns the strings it holds (malloc'd); chr_filter_clear
 * frees them and leaves a filter that matches everything.  Start every
 * filter with chr_filter_init.
 *
 * Query grammar: NAME=VALUE pairs separated by '&', values percent-decoded
 * ('+' is a space).  Parameters:
 *   from, to     TIMEX3 values of any precision (2019, 2019-03, 2019-W09,
 *                2019-03-05, 2019-Q1 ...).  An event is kept when its date
 *                range overlaps [first day of from, last day of to].
 *   type         event type names; repeatable and comma-separated; an
 *                event is kept when its type is one of them.
 *   actor        repeatable; kept when one of the event's actors equals
 *                one of them, ignoring ASCII case.
 *   doc          repeatable; kept when one of the event's sources is that
 *                document (exact name).
 *   q            text; kept when the title or an evidence sentence contains
 *                it, ignoring ASCII case.
 *   precision    a precision name; kept when the event's date is at least
 *                this precise (day keeps day and minute).
 *   limit,offset paging over the matching events (CHR_FILTER_PAGING).
 *   format       timeline (default), timelinejs or vis (CHR_FILTER_FORMAT).
 * Different parameters combine with AND, repeated values with OR.
 * Unknown parameters and parameters the feed does not take are errors, so
 * a typo never silently widens a query.
 */
#ifndef CHRONICLE_FILTER_H
#define CHRONICLE_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/chron.h"
#include "chronicle/date.h"
#include "chronicle/error.h"

#define CHR_FILTER_MAX_QUERY  4096u   /* bytes of raw query string */
#define CHR_FILTER_MAX_VALUES 16u     /* values of one repeatable parameter */
#define CHR_FILTER_MAX_TEXT   256u    /* bytes of one decoded value */
#define CHR_FILTER_MAX_LIMIT  100000u
#define CHR_FILTER_MAX_OFFSET 1000000000u

/* Extra parameters a feed accepts (the allow argument of the parser). */
#define CHR_FILTER_PAGING 0x01u       /* limit, offset */
#define CHR_FILTER_FORMAT 0x02u       /* format */

/* JSON renderings of a timeline. */
typedef enum chr_view {
    CHR_VIEW_TIMELINE = 0,            /* the timeline document (json.h) */
    CHR_VIEW_TIMELINEJS,              /* TimelineJS3 */
    CHR_VIEW_VIS                      /* vis-timeline items */
} chr_view;

typedef struct chr_filter {
    chr_date from;                    /* prec CHR_PREC_NONE: unbounded */
    chr_date to;
    unsigned types;                   /* bit 1u << type; 0: every type */
    char *actors[CHR_FILTER_MAX_VALUES];
    size_t nactors;
    char *docs[CHR_FILTER_MAX_VALUES];
    size_t ndocs;
    char *q;                          /* NULL: no text condition */
    size_t qlen;
    chr_precision precision;          /* CHR_PREC_NONE: any */
    int min_salience;                 /* 0: any */
    size_t top;                       /* the most salient N; SIZE_MAX: all */
    size_t limit;                     /* SIZE_MAX: no limit */
    size_t offset;
    chr_view view;
} chr_filter;

/* A filter that keeps every event, no paging, default view. */
void chr_filter_init(chr_filter *f);

/* Free the filter's strings and reinitialise it; NULL is a no-op. */
void chr_filter_clear(chr_filter *f);

/*
 * Parse the raw (still percent-encoded) query string [query, query+len)
 * into f, which must be freshly initialised.  allow is a mask of
 * CHR_FILTER_PAGING / CHR_FILTER_FORMAT.  query may be NULL when len is 0.
 * Returns 0, or CHR_EINVAL / CHR_ETOOBIG / CHR_ENOMEM with err->file
 * holding the parameter's name ("query" when the string itself is bad),
 * err->offset the byte offset in the query and err->msg what was found
 * and what was expected.  On error f is cleared.
 */
int chr_filter_parse(chr_filter *f, const char *query, size_t len,
                     unsigned allow, chr_error *err);

/* True when e passes every condition of f (paging is not applied). */
int chr_filter_match(const chr_filter *f, const chr_event *e);

/* True when f keeps every event in chronology order, unpaged, in the
 * default view: its result is the whole timeline. */
int chr_filter_is_all(const chr_filter *f);

/*
 * The indexes (into c's event order) of the events f keeps, after offset
 * and limit, in chronology order.  *idx is malloc'd (caller frees; may be
 * NULL when *n is 0).  *matched (may be NULL) gets the number of matching
 * events before paging.  Returns 0 or CHR_ENOMEM.
 */
int chr_filter_apply(const chr_filter *f, const chr_chron *c, size_t **idx,
                     size_t *n, size_t *matched, chr_error *err);

/*
 * A canonical text form of f: equal for filters that select and present
 * the same events however the query was spelled (order of parameters and
 * values, case of actors and q, comma lists), different otherwise.  ""
 * for a filter that keeps everything.  Returns a malloc'd string (caller
 * frees) or NULL when out of memory; *len (if not NULL) gets its length.
 */
char *chr_filter_key(const chr_filter *f, size_t *len);

/* "timeline", "timelinejs", "vis". */
const char *chr_view_name(chr_view v);

#endif
