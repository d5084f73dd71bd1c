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

#endif
