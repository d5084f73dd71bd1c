/* text_int.h - ASCII-only character classes (no locale), core-only. */
#ifndef CHRONICLE_TEXT_INT_H
#define CHRONICLE_TEXT_INT_H

#include <stddef.h>

static inline int chr_is_digit(unsigned c) { return c >= '0' && c <= '9'; }
static inline int chr_is_upper(unsigned c) { return c >= 'A' && c <= 'Z'; }
static inline int chr_is_lower(unsigned c) { return c >= 'a' && c <= 'z'; }
static inline int chr_is_alpha(unsigned c) { return chr_is_upper(c) || chr_is_lower(c); }
static inline int chr_is_alnum(unsigned c) { return chr_is_alpha(c) || chr_is_digit(c); }
static inline int chr_is_space(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static inline char chr_lower(unsigned c) { return (char)(chr_is_upper(c) ? c + 32 : c); }

#endif
