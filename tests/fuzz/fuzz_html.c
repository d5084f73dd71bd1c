/*
 * fuzz_html.c - libFuzzer target for the libxml2 HTML reader (blocks as lines, skipped elements, the head's title and dates, quoted blocks of mail).  The input is the file.
 * Seeds in tests/fuzz/html/.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    chr_textout o = {0};
    chr_format_meta m;
    chr_format_meta_init(&m);
    int rc = chr_html_convert("fuzz.html", (const char *)data, size, NULL, size > 0 && (data[0] & 1), &o, &m, NULL);
    fuzz_check(rc, &o, &m);
    return 0;
}
