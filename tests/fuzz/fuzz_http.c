/*
 * fuzz_http.c - libFuzzer target for the request header values chronicled
 * reads: If-Modified-Since dates, If-None-Match lists against an ETag, and
 * Accept-Encoding.  The input is a NUL-separated field value and ETag.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *field = malloc(size + 1);
    if (field == NULL)
        return 0;
    memcpy(field, data, size);
    field[size] = '\0';
    /* a second NUL-terminated value after the first, when there is one */
    size_t flen = strlen(field);
    const char *etag = flen < size ? field + flen + 1 : "\"json-0123456789abcdef\"";
    int64_t t;
    if (chr_http_date_parse(field, &t) == 0) {
        /* what we write we read back to the same second */
        char back[CHR_HTTP_DATE_SIZE];
        chr_http_date_format(t, back);
        int64_t t2;
        if (chr_http_date_parse(back, &t2) != 0 || t2 != t)
            abort();
    }
    (void)chr_http_etag_match(field, etag);
    (void)chr_http_accepts_gzip(field);
    free(field);
    return 0;
}
