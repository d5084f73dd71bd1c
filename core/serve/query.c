/* query.c - single parameters of a raw URL query string. */
#include <stdlib.h>
#include <string.h>

#include "chronicle/query.h"

int chr_query_parse_number(const char *s, size_t len, uint64_t *out)
{
    if (s == NULL || len == 0 || len > 12 || s[0] == '0')
        return CHR_EINVAL;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return CHR_EINVAL;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return 0;
}

/* Does the pair [p, p+plen) name name: 1 with a value ("name=..."),
 * 2 bare ("name"), 0 not. */
static int names(const char *p, size_t plen, const char *name, size_t nl)
{
    if (plen < nl || memcmp(p, name, nl) != 0)
        return 0;
    if (plen == nl)
        return 2;
    return p[nl] == '=' ? 1 : 0;
}

int chr_query_take_param(const char *query, size_t len, const char *name,
                         const char **value, size_t *vlen, char **rest,
                         chr_error *err)
{
    *value = NULL;
    *vlen = 0;
    *rest = malloc(len + 1);
    if (*rest == NULL)
        return chr_error_set(err, CHR_ENOMEM, name, 0, "out of memory");
    size_t nl = strlen(name), o = 0;
    for (size_t i = 0; i < len;) {
        size_t end = i;
        while (end < len && query[end] != '&')
            end++;
        size_t plen = end - i;
        int kind = names(query + i, plen, name, nl);
        if (kind != 0 && *value != NULL) {
            free(*rest);
            *rest = NULL;
            *value = NULL;
            *vlen = 0;
            return chr_error_set(err, CHR_EINVAL, name, i,
                                 "given more than once; expected one value");
        }
        if (kind == 1) {
            *value = query + i + nl + 1;
            *vlen = plen - nl - 1;
        } else if (kind == 2) {
            /* "name" with no "=": an empty value, which the caller's
             * parser then refuses with a message of its own */
            *value = query + end;
            *vlen = 0;
        } else if (plen > 0) {
            if (o > 0)
                (*rest)[o++] = '&';
            memcpy(*rest + o, query + i, plen);
            o += plen;
        }
        i = end + 1;
    }
    (*rest)[o] = '\0';
    return 0;
}

int chr_query_has_param(const char *query, const char *name)
{
    if (query == NULL)
        return 0;
    size_t nl = strlen(name);
    for (const char *p = query; *p != '\0';) {
        const char *end = strchr(p, '&');
        size_t plen = end != NULL ? (size_t)(end - p) : strlen(p);
        if (names(p, plen, name, nl) != 0)
            return 1;
        if (end == NULL)
            break;
        p = end + 1;
    }
    return 0;
}
