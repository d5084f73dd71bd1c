/*
 * fuzz_docx.c - libFuzzer target for the .docx reader (libzip with part size limits, the OOXML walk, core properties).  The input is the file.
 * Seeds in tests/fuzz/docx/.
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
    int rc = chr_docx_convert("fuzz.docx", (const char *)data, size, &o, &m, NULL);
    fuzz_check(rc, &o, &m);
    return 0;
}
