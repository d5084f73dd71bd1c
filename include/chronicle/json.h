/*
 * json.h - the JSON forms of the model: the timeline document, event
 * mention lines (the map output of `chronicle extract`), document lines,
 * timex lines, and reading all of them back.
 *
 * Returned char * buffers are the caller's to free(); they are
 * NUL-terminated and *len (when not NULL) gets their length.  NULL means
 * out of memory.
 */
#ifndef CHRONICLE_JSON_H
#define CHRONICLE_JSON_H

#include <stddef.h>

#include "chronicle/chron.h"
#include "chronicle/error.h"
#include "chronicle/event.h"
#include "chronicle/tag.h"

typedef struct chr_json_opts {
    int pretty;          /* indent (2 spaces) instead of one line */
    size_t total;        /* events before filtering; 0: same as count */
    unsigned jobs;       /* threads writing the events (0 or 1: this one);
                            the bytes are the same for any number */
} chr_json_opts;

/*
 * The timeline document of the events idx[0..n) of c (idx NULL: all events
 * in order).  opts may be NULL.  Contract:
 * {"corpus":{...},"events":[...],"documents":[...]}.
 */
char *chr_json_timeline(const chr_chron *c, const size_t *idx, size_t n,
                        const chr_json_opts *opts, size_t *len);

/* Where a timeline's bytes go as they are written: n bytes at p;
 * non-zero stops the writing. */
typedef int (*chr_json_sink)(void *ctx, const char *p, size_t n);

/*
 * The same bytes as chr_json_timeline, handed to sink about a megabyte at
 * a time as they are written instead of kept, so a timeline of any size
 * needs the memory of a few megabytes.  Returns 0; CHR_ENOMEM, or
 * CHR_EINVAL for a string that is not UTF-8 (the bytes handed over so far
 * are then no whole document); or CHR_EIO when sink stopped it.
 */
int chr_json_timeline_write(const chr_chron *c, const size_t *idx, size_t n,
                            const chr_json_opts *opts, chr_json_sink sink, void *ctx);

/* One event object as in the timeline. */
char *chr_json_event(const chr_event *e, size_t *len);

/* One line (ending in '\n') for a mention / a document record. */
char *chr_json_mention_line(const chr_mention *m, size_t *len);
char *chr_json_doc_line(const chr_docinfo *d, size_t *len);
/* One line (ending in '\n') for an undated-or-dated mention, with the
 * reason an undated one is left out (`chronicle events`). */
char *chr_json_event_report_line(const chr_mention *m, size_t *len);

/* One line for a timex of document doc whose text is text
 * (jsonline.c). */
char *chr_json_timex_line(const char *doc, const char *text,
                          const chr_timex *t, size_t *len);
/* The same line in three steps, for a writer of many: the start of
 * every line of document doc, its member escaped once (malloc'd, its
 * length in *len; NULL when doc is not UTF-8 or memory runs out); the
 * room a line needs after that prefix of nprefix bytes; and the line
 * written into out (that much room), returning its length, or 0 when
 * its text is not UTF-8. */
char *chr_json_timex_prefix(const char *doc, size_t *len);
size_t chr_json_timex_room(size_t nprefix, const chr_timex *t);
size_t chr_json_timex_write(char *out, const char *prefix, size_t nprefix, const char *text,
                            const chr_timex *t);

/*
 * Read JSON into c: either JSON lines (document and mention records, as
 * written by chr_json_doc_line / chr_json_mention_line) or whole timeline
 * documents (one per line or the whole buffer), in any mix.  source names
 * the input in errors.  On a malformed line nothing of that line is added
 * and err says which line and byte.  Returns 0 or a chr_status.
 */
int chr_json_load(const char *buf, size_t len, const char *source,
                  chr_chron *c, chr_error *err);


#endif
