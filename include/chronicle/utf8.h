/*
 * utf8.h - strict UTF-8 decoding and validation.
 *
 * Rejects overlong forms, surrogates, code points above U+10FFFF and
 * truncated sequences.  Nothing here allocates.
 */
#ifndef CHRONICLE_UTF8_H
#define CHRONICLE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode one code point from [p, end).  Returns the number of bytes used
 * (1..4) and stores the code point, or returns 0 when the bytes at p do not
 * start a valid sequence (then *cp is untouched).  p < end is required.
 */
size_t chr_utf8_decode(const unsigned char *p, const unsigned char *end,
                       uint32_t *cp);

/*
 * Find the first invalid byte of [s, s+len).  Returns len when the text is
 * valid; otherwise the offset of the first bad byte, and, when why is not
 * NULL, a description such as "0xC3 not followed by a continuation byte".
 */
size_t chr_utf8_check(const char *s, size_t len, char *why, size_t whylen);

/*
 * Find the first byte of [s, s+len) that a document does not keep as it
 * is: invalid UTF-8, NUL, DEL, or a control byte other than tab, newline,
 * carriage return and form feed.  Returns len when there is none.  One
 * pass, sixteen bytes at a time over ASCII text.
 */
size_t chr_utf8_text_check(const char *s, size_t len);

/* Length in bytes of a valid sequence starting with lead byte c (1 for
 * ASCII and for bytes that cannot start a sequence). */
size_t chr_utf8_seqlen(unsigned char c);

#endif
