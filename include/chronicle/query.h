/*
 * query.h - single parameters of a URL query string, for the routes that
 * take a parameter out before the rest goes to a parser of its own (a
 * feed's "version" before its filter, a diff's "from" and "to"), and the
 * version numbers they carry.  Nothing here knows about HTTP servers.
 *
 * Queries are raw (still percent-encoded): NAME=VALUE pairs separated by
 * '&'.  Values returned are borrowed pointers into the query; strings
 * returned as char * are the caller's to free().
 */
#ifndef CHRONICLE_QUERY_H
#define CHRONICLE_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/error.h"

/*
 * Parse a version number of a history (history.h): 1 to 12 decimal
 * digits, no sign, no leading zero, above zero.  Returns 0 and sets *out,
 * or CHR_EINVAL.
 */
int chr_query_parse_number(const char *s, size_t len, uint64_t *out);

/*
 * Take parameter name out of the raw query [query, query+len): *value
 * gets its raw value (borrowed, *vlen bytes; NULL when absent; an empty
 * value for a bare "name") and *rest a malloc'd copy of the other
 * parameters joined by '&' ("" when none; caller frees).  Returns 0,
 * CHR_EINVAL when name is given twice (err->file = name, err->offset
 * where) or CHR_ENOMEM; *rest is NULL on failure.
 */
int chr_query_take_param(const char *query, size_t len, const char *name,
                         const char **value, size_t *vlen, char **rest,
                         chr_error *err);

/* True when the NUL-terminated raw query (NULL: none) names parameter
 * name, with or without a value. */
int chr_query_has_param(const char *query, const char *name);

#endif
