/*
 * fuzz_pdf.c - libFuzzer target for the PDF reader (Poppler: pages in reading order, joined lines, information dictionary).  The input is the file.
 * Seeds in tests/fuzz/pdf/.
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
    int rc = chr_pdf_convert("fuzz.pdf", (const char *)data, size, &o, &m, NULL);
    fuzz_check(rc, &o, &m);
    return 0;
}
