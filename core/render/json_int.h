/* json_int.h - jansson helpers shared by the modules that render JSON
 * (json, diffout, history); core-only, so jansson types stay inside core. */
#ifndef CHRONICLE_JSON_INT_H
#define CHRONICLE_JSON_INT_H

#include <jansson.h>
#include <stddef.h>

/*
 * Serialise o with jansson flags (JSON_COMPACT, JSON_INDENT(n)), adding a
 * final newline when newline is set; takes ownership of o (NULL is
 * allowed and gives NULL).  Returns a malloc'd NUL-terminated buffer and
 * sets *len (when not NULL), or NULL when memory runs out.
 */
char *chr_json_dump(json_t *o, size_t flags, int newline, size_t *len);

/* An event as the timeline writes it, as a new jansson value (the
 * caller's reference), or NULL when memory runs out. */
struct chr_event;
json_t *chr_json_event_value(const struct chr_event *e);

/* ---- the timeline's parts (json.c), for its writer (timeline.c) ---- */

#include "render/jw_int.h"

struct chr_chron;
struct chr_docinfo;
/* An event object; c (may be NULL) gives its documents' titles and copies. */
void chr_json_event_obj(chr_jw *w, const struct chr_chron *c, const struct chr_event *e);
/* A document's members, inside its object. */
void chr_json_doc_members(chr_jw *w, const struct chr_docinfo *d);

/* ---- one-pass reading of a timeline or snapshot (json.c) ---- */

#include <stdint.h>

struct chr_chron;

/* What a stored event said about itself, for giving the rebuilt event its
 * identity back (store/version.c).  Strings are borrowed for the call. */
typedef struct chr_json_stored {
    const char *id, *type, *modified;   /* the event's members when strings, else NULL */
    int sequence_ok;                    /* "sequence" is an integer: */
    long long sequence;
    int has_source;                     /* sources[0] is an object: */
    const char *doc, *source_type, *date;   /* its members when strings, else NULL */
    uint32_t offset, length, date_offset;   /* its integers in 1..UINT32_MAX, else 0 */
} chr_json_stored;

/* Told about each event in file order; non-zero stops the read. */
typedef int (*chr_json_stored_fn)(void *ctx, const chr_json_stored *s);

/* The "snapshot" member of a snapshot file. */
typedef struct chr_json_head {
    int present;
    int format_ok;              /* "format" is an integer: */
    long long format;
    char *version, *created;    /* malloc'd copies when strings, else NULL */
} chr_json_head;

void chr_json_head_clear(chr_json_head *h);

/*
 * Read buf[0..len), one timeline or snapshot object, into c in one pass
 * (what chr_json_load does with it), filling *head and telling fn (may be
 * NULL) about each event.  Returns 0, or 1 when the buffer is anything
 * else (JSON lines, a record), is not valid, or is refused by the checks
 * chr_json_load makes: c may then hold part of it and must be dropped;
 * chr_json_load on a fresh chronology gives the error.
 */
int chr_json_load_stream(const char *buf, size_t len, struct chr_chron *c,
                         chr_json_head *head, chr_json_stored_fn fn, void *ctx);

/* The same record for an event read by jansson. */
void chr_json_stored_of(json_t *event, chr_json_stored *out);

#endif
