/*
 * http.h - the parts of HTTP/1.1 a feed server needs that do not depend on
 * a server library: HTTP dates, entity-tag matching for conditional
 * requests and content-coding negotiation (RFC 9110), and the JSON body
 * of an error reply.
 *
 * The field functions work on NUL-terminated field values, never
 * allocate and treat malformed input as "does not match" rather than
 * failing.
 */
#ifndef CHRONICLE_HTTP_H
#define CHRONICLE_HTTP_H

#include <stddef.h>
#include <stdint.h>

/* Length of an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") plus NUL. */
#define CHR_HTTP_DATE_SIZE 30

/* Write t (seconds since the epoch, UTC) as an IMF-fixdate into buf.
 * Times outside years 1..9999 are clamped to those years' ends. */
void chr_http_date_format(int64_t t, char buf[CHR_HTTP_DATE_SIZE]);

/*
 * Parse an HTTP date in any of the three forms recipients must accept:
 * IMF-fixdate, RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime
 * ("Sun Nov  6 08:49:37 1994").  Returns 0 and sets *t, or CHR_EPARSE.
 */
int chr_http_date_parse(const char *s, int64_t *t);

/*
 * True when an If-None-Match field value matches etag (a quoted strong
 * entity-tag such as "\"abc\"") under the weak comparison GET and HEAD
 * use: "*" matches anything, W/"abc" matches "abc".  A malformed list
 * matches only through the tags before the damage.
 */
int chr_http_etag_match(const char *field, const char *etag);

/*
 * True when an Accept-Encoding field value allows gzip: "gzip" or
 * "x-gzip" with a non-zero q, or "*" with a non-zero q when gzip is not
 * named.  NULL (no field) means no.
 */
int chr_http_accepts_gzip(const char *field);

/*
 * The body of an error reply, one line of JSON:
 *   {"error":{"status":400,"param":"from","message":"..."}}\n
 * param NULL gives "param":null, msg NULL an empty message.  Strings are
 * escaped as JSON requires (quote, backslash, control bytes as \n or
 * \u00XX); valid UTF-8 passes unchanged and a byte that does not start a
 * valid sequence becomes U+FFFD, so any message can be sent.  Returns a
 * malloc'd NUL-terminated buffer (caller frees) with its length in *len
 * (when not NULL), or NULL when out of memory.
 */
char *chr_http_error_body(int status, const char *param, const char *msg,
                          size_t *len);

#endif
