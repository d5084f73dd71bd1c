/*
 * layout.c - lines of a page that are not its story: publication
 * metadata, related-story lists, reader comments; and the subject field
 * of a form.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_int.h"
#include "base/wordtab_int.h"
#include "extract/extract_int.h"


static int starts_ci(const char *p, const char *end, const char *w)
{
    /* most lines are turned away by their first letter */
    if (p >= end || chr_lower((unsigned char)p[0]) != w[0])
        return 0;
    size_t n = strlen(w);
    if ((size_t)(end - p) < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (chr_lower((unsigned char)p[i]) != w[i])
            return 0;
    return 1;
}

/* Lines that are publication metadata, reader-comment headers, footers or
 * links: never evidence of an event. */
/* Does an '@' followed by a digit start at one of the first n bytes of
 * s (the digit itself may be at n)? */
static int at_digit(const char *s, size_t n)
{
    for (const char *p = s, *stop = s + n; p < stop; p++) {
        p = memchr(p, '@', (size_t)(stop - p));
        if (p == NULL)
            return 0;
        if (chr_is_digit((unsigned char)p[1]))
            return 1;
    }
    return 0;
}

/* Does "(Score:" start at one of the first n bytes of s (all of it in
 * s)? */
static int has_score(const char *s, size_t len, size_t n)
{
    for (const char *p = s, *stop = s + n; p < stop; p++) {
        p = memchr(p, '(', (size_t)(stop - p));
        if (p == NULL)
            return 0;
        if ((size_t)(s + len - p) >= 7 && memcmp(p, "(Score:", 7) == 0)
            return 1;
    }
    return 0;
}

/* Does " on " occur in s? */
static int has_word_on(const char *s, size_t len)
{
    for (const char *p = s, *end = s + len; p + 4 <= end; p++) {
        p = memchr(p, ' ', (size_t)(end - p));
        if (p == NULL || p + 4 > end)
            return 0;
        if (memcmp(p, " on ", 4) == 0)
            return 1;
    }
    return 0;
}

int ex_metadata_line(const char *s, size_t len)
{
    const char *end = s + len;
    static const char *const heads[] = {
        "updated", "last updated", "posted", "published", "date:", "date\t",
        "source:", "copyright", "all rights reserved", "leave a reply",
        "no comments", "related:", "related stories", "see also", "previously:",
        "share this", "follow us", "subscribe", "http://", "https://", "www.",
        "(score:", "by ", "photo:", "image:", "tags:", "filed under",
        /* the header fields of minutes and forms, but their subject */
        "participants\t", "participants:", "attendees\t", "attendees:", "present\t",
        "location\t", "venue\t", "author\t", "from\t", "to\t", "cc\t", "ref\t",
        "reference\t", "distribution\t"};
    for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++)
        if (starts_ci(s, end, heads[k]))
            return 1;
    /* "(Score: 2) by NAME on Monday March 25 2019, @10:53AM" anywhere */
    return (len > 8 && at_digit(s, len - 8)) || (len > 7 && has_score(s, len, len - 7));
}

/* A heading after which a page lists other stories ("Related Stories",
 * "See also", "Previously:"): what follows has its own, unstated dates. */
int ex_related_heading(const char *s, size_t len)
{
    static const char *const heads[] = {"related stories", "related articles", "related:",
                                        "related", "see also", "read more", "more stories",
                                        "previously:", "recommended stories",
                                        "you may also like", "more on this story"};
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == ':'))
        len--;
    for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++) {
        size_t n = strlen(heads[k]);
        if (heads[k][n - 1] == ':')
            n--;
        if (len == n && starts_ci(s, s + len, heads[k]))
            return 1;
    }
    return 0;
}

/* The start of a page's reader comments: a comment stamp ("(Score: 2) by
 * NAME on Monday March 25 2019, @10:53AM", "by NAME on ... @10:53AM") or a
 * comments heading ("Leave a Reply", "12 Comments").  What follows is
 * readers' talk, not the story. */
int ex_comments_start(const char *s, size_t len)
{
    const char *end = s + len;
    if (len >= 7 && has_score(s, len, len - 6))
        return 1;
    int by = starts_ci(s, end, "by ");
    for (const char *p = s; !by && p + 5 <= end; p++) {
        p = memchr(p, ')', (size_t)(end - p));
        if (p == NULL || p + 5 > end)
            break;
        by = memcmp(p, ") by ", 5) == 0;
    }
    if (by && len >= 4 && at_digit(s, len - 3) && has_word_on(s, len))
        return 1;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == ':'))
        len--;
    if (starts_ci(s, s + len, "leave a reply") || starts_ci(s, s + len, "leave a comment"))
        return len <= 16;
    /* "Comments", "12 Comments", "Reader comments" as a line of its own */
    size_t k = 0;
    while (k < len && (chr_is_digit((unsigned char)s[k]) || s[k] == ' '))
        k++;
    return (len - k == 8 && starts_ci(s + k, s + len, "comments")) ||
           (len == 15 && starts_ci(s, s + len, "reader comments"));
}

/* "Title<TAB>Meeting with ..." in a form: a header field naming the
 * document's subject, which the document's own date dates. */
int ex_subject_field(const char *s, size_t len)
{
    const char *end = s + len;
    return (starts_ci(s, end, "title") || starts_ci(s, end, "subject") ||
            starts_ci(s, end, "re:") || starts_ci(s, end, "object")) &&
           memchr(s, '\t', len < 12 ? len : 12) != NULL;
}

