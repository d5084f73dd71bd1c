/* jr_int.h - a pull reader of JSON text (core-only): one token at a time,
 * no tree, so a large timeline is read at the cost of one pass.
 *
 * It accepts exactly what jansson's json_loadb accepts with no flags (an
 * object or array at the top, strict grammar, UTF-8 strings without
 * "\u0000", integers that fit in a json_int_t, only white space after the
 * value), so a caller may fall back to jansson for the error message of
 * anything it refuses.  Any refusal, or nesting past CHR_JR_MAX_DEPTH,
 * returns CHR_JR_ERROR and every later call returns it too.
 */
#ifndef CHRONICLE_JR_INT_H
#define CHRONICLE_JR_INT_H

#include <stddef.h>

#include "base/buf_int.h"

#define CHR_JR_MAX_DEPTH 64

typedef enum chr_jr_tok {
    CHR_JR_ERROR = 0,
    CHR_JR_END,          /* the value is complete and only white space followed */
    CHR_JR_OBJ,          /* { */
    CHR_JR_OBJ_END,      /* } */
    CHR_JR_ARR,          /* [ */
    CHR_JR_ARR_END,      /* ] */
    CHR_JR_KEY,          /* a member's key: s, n */
    CHR_JR_STR,          /* a string value: s, n */
    CHR_JR_INT,          /* an integer: i */
    CHR_JR_REAL,         /* a number with a fraction or an exponent */
    CHR_JR_TRUE,
    CHR_JR_FALSE,
    CHR_JR_NULL
} chr_jr_tok;

typedef struct chr_jr {
    const char *p, *end;
    int depth;
    char stack[CHR_JR_MAX_DEPTH];  /* '{' or '[' */
    int state;                     /* what may come next (jr.c) */
    int failed;
    /* the last token's value: a string is s[0..n), not NUL-terminated,
     * in the input (no escapes) or in scratch, valid until the next call */
    const char *s;
    size_t n;
    long long i;
    chr_buf scratch;
} chr_jr;

/* The member names one kind of object is read for, and a guess of which
 * of them comes at each place: a writer puts the members of every event
 * (and source, and document) in one order, so the name seen at that
 * place in the last object is nearly always the one to try first (one
 * compare instead of a search of the list, for each of the millions of
 * members of a large snapshot). */
#define CHR_JR_GUESSES 32
typedef struct chr_jr_keys {
    const char *const *names;        /* borrowed; at most 32 */
    int count;
    unsigned char len[32];           /* of each name */
    signed char guess[CHR_JR_GUESSES]; /* index of the name at each place, -1 */
} chr_jr_keys;

void chr_jr_keys_init(chr_jr_keys *k, const char *const *names, int count);
/* The index in k of the name s[0..n), or -1; pos is the member's place in
 * its object (0 for the first), remembered as the guess for that place. */
int chr_jr_keys_find(chr_jr_keys *k, int pos, const char *s, size_t n);

/* A reader of buf[0..len); free what it holds with chr_jr_free. */
void chr_jr_init(chr_jr *r, const char *buf, size_t len);
void chr_jr_free(chr_jr *r);

chr_jr_tok chr_jr_next(chr_jr *r);
/* Skip the rest of the value that started with tok (a container's
 * contents; nothing for a scalar).  0, or -1 on an error. */
int chr_jr_skip(chr_jr *r, chr_jr_tok tok);

#endif
