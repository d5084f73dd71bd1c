/* jw_int.h - a streaming JSON writer (core-only): values go straight into
 * a chr_buf, in the bytes jansson's json_dumps writes for the same tree
 * with JSON_COMPACT or JSON_INDENT(n) (keys in the order written, strings
 * with only '"', '\\' and control characters escaped, "\u001F" in upper
 * case), so output moved from jansson trees to it does not change.
 *
 * Errors (memory, a string that is not UTF-8, nesting past
 * CHR_JW_MAX_DEPTH) mark the writer failed; it then ignores the rest, and
 * the caller checks chr_jw_failed once at the end.
 */
#ifndef CHRONICLE_JW_INT_H
#define CHRONICLE_JW_INT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf_int.h"

#define CHR_JW_MAX_DEPTH 32

typedef struct chr_jw {
    chr_buf *b;                /* borrowed: where the bytes go */
    int indent;                /* spaces per level; 0: compact */
    int depth;
    int failed;
    unsigned char count[CHR_JW_MAX_DEPTH];  /* values so far at each level (capped) */
    unsigned char after_key;   /* the next value follows a key */
} chr_jw;

/* A writer appending to b; indent 0 writes compact JSON. */
void chr_jw_init(chr_jw *w, chr_buf *b, int indent);
int chr_jw_failed(const chr_jw *w);

void chr_jw_obj(chr_jw *w);          /* { */
void chr_jw_obj_end(chr_jw *w);      /* } */
void chr_jw_arr(chr_jw *w);          /* [ */
void chr_jw_arr_end(chr_jw *w);      /* ] */
/* A member's key, a string literal with nothing JSON escapes; its value
 * comes next.  The key is quoted where it is written, so a member costs
 * one copy. */
#define chr_jw_key(w, key) chr_jw_key_quoted((w), "\"" key "\":", sizeof "\"" key "\":" - 1)
/* The key already quoted, with its colon: q[0, n). */
void chr_jw_key_quoted(chr_jw *w, const char *q, size_t n);
/* Any key (NUL-terminated), escaped as a string is. */
void chr_jw_key_text(chr_jw *w, const char *key);

void chr_jw_str(chr_jw *w, const char *s);               /* NUL-terminated */
void chr_jw_strn(chr_jw *w, const char *s, size_t n);    /* may hold NUL bytes */
void chr_jw_str_or_null(chr_jw *w, const char *s);       /* NULL: null */
void chr_jw_int(chr_jw *w, long long v);
void chr_jw_bool(chr_jw *w, int v);
void chr_jw_null(chr_jw *w);

/* A whole JSON value already written (by this writer or jansson), as the
 * next value: its bytes are copied as they are. */
void chr_jw_raw(chr_jw *w, const char *json, size_t n);

/* Values of w's current array written apart (on another thread): part
 * writes into b what w would write for them next, after `after` values
 * of the array.  The caller appends b's bytes to w's buffer in order,
 * then calls chr_jw_join with the number of values part wrote. */
void chr_jw_fork(const chr_jw *w, chr_jw *part, chr_buf *b, size_t after);
void chr_jw_join(chr_jw *w, const chr_jw *part, size_t n);

#endif
