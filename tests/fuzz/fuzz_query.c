/*
 * fuzz_query.c - libFuzzer target for what a request's target carries:
 * the query string of the feeds (every filter parameter, paging, format),
 * the key that names a filter in the cache, taking one parameter out, and
 * version numbers.  The first byte picks what the query may hold.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/date.h"
#include "chronicle/filter.h"
#include "chronicle/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned allow = data[0] & (CHR_FILTER_PAGING | CHR_FILTER_FORMAT);
    const char *q = (const char *)data + 1;
    size_t len = size - 1;
    chr_error err;
    chr_error_clear(&err);
    chr_filter f;
    chr_filter_init(&f);
    if (chr_filter_parse(&f, q, len, allow, &err) == 0) {
        size_t klen = 0;
        char *key = chr_filter_key(&f, &klen);
        if (key != NULL && strlen(key) != klen)
            abort();            /* the key is one string */
        free(key);
        chr_filter_clear(&f);
    } else if (err.offset > len) {
        abort();                /* an error points inside the query */
    }
    const char *value = NULL;
    size_t vlen = 0;
    char *rest = NULL;
    chr_error_clear(&err);
    if (chr_query_take_param(q, len, "version", &value, &vlen, &rest, &err) == 0) {
        if (value != NULL && (value < q || value + vlen > q + len))
            abort();
        uint64_t n;
        if (value != NULL)
            (void)chr_query_parse_number(value, vlen, &n);
        free(rest);
    }
    chr_date d;
    (void)chr_date_parse(q, len, &d);
    return 0;
}
