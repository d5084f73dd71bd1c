/*
 * webjson.h - JSON for web clients of the daemon: the TimelineJS3 and
 * vis-timeline renderings of a timeline, the document list and the health
 * report.  Built with jansson; jansson types do not leave this module.
 *
 * TimelineJS3 and vis-timeline insert text as HTML, so every text that
 * comes from a document is HTML-escaped here.  Returned buffers are the
 * caller's to free(), NUL-terminated, *len (when not NULL) gets their
 * length; NULL means out of memory.  Text that is not valid UTF-8 (a
 * file name, an error message) has each bad byte replaced by '?'.
 */
#ifndef CHRONICLE_WEBJSON_H
#define CHRONICLE_WEBJSON_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/chron.h"

/*
 * TimelineJS3 of the events idx[0..n) of c (idx NULL: all): a title slide
 * and one slide per event with unique_id = event id, date objects holding
 * only the parts the event's precision knows (year; year and month; ...),
 * an end_date for ranges (weeks, quarters, decades ...) and the TIMEX3
 * value as display_date.
 */
char *chr_webjson_timelinejs(const chr_chron *c, const size_t *idx, size_t n,
                             size_t *len);

/*
 * vis-timeline items (a JSON array) of the events idx[0..n) of c: id,
 * content (title), start and exclusive end days ("range"), or a start time
 * for minute precision ("point"), title (tooltip) and className.
 */
char *chr_webjson_vis(const chr_chron *c, const size_t *idx, size_t n,
                      size_t *len);

/*
 * {"corpus":{"version","documents"},"documents":[{"name","sha256","bytes",
 * "mtime","dct","dct_source","dct_how"}]}: every document of c with its
 * creation date and how it was found.  Not HTML-escaped (plain JSON API).
 */
char *chr_webjson_documents(const chr_chron *c, size_t *len);

/* What the daemon's health report says.  Times are seconds since the
 * epoch, 0 when unknown. */
typedef struct chr_health {
    const char *version;     /* corpus version being served, or NULL */
    size_t documents;
    size_t events;
    int64_t generated;       /* chr_chron_generated of that version */
    int64_t started;         /* daemon start */
    int64_t loaded;          /* when the served version was swapped in */
    int64_t last_reload;     /* end of the last build attempt */
    int last_ok;             /* that attempt succeeded */
    const char *last_error;  /* its error, or NULL */
    double last_build_ms;    /* shown as whole milliseconds */
    uint64_t reloads;        /* builds swapped in after the first */
    uint64_t failures;       /* builds that failed */
    size_t skipped;          /* files left out of the served version */
    int building;            /* a build is running now */
    size_t versions;         /* corpus versions kept in the state folder */
    const char *state_error; /* why the state folder cannot be used, or NULL */
    const char *stalled;     /* why the build in progress seems stuck, or NULL */
    const char *corpus_dir;  /* the folders' paths (corpus.folder, history.folder), */
    const char *state_dir;   /* NULL: not shown */
} chr_health;

/* {"status":"ok"|"degraded","corpus":{...},"reload":{...},"history":
 * {"versions","error"}}; "degraded" when the last build attempt failed,
 * the state folder cannot be used or the build in progress has stalled
 * (reload.stalled says why). */
char *chr_webjson_health(const chr_health *h, size_t *len);


#endif
