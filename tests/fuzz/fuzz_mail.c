/*
 * fuzz_mail.c - libFuzzer target for the e-mail reader (GMime: headers, the text or HTML part, quoted lines).  The input is the file.
 * Seeds in tests/fuzz/mail/.
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
    int rc = chr_mail_convert("fuzz.eml", (const char *)data, size, &o, &m, NULL);
    fuzz_check(rc, &o, &m);
    return 0;
}
