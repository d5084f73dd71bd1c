/*
 * fuzz_charset.c - libFuzzer target for text in other encodings: the
 * whole reading stage (what the bytes are, the uchardet guess, iconv
 * conversion, UTF-16 byte-order marks).  The first byte picks the
 * encoding given (or none: guessed); the rest is the file.  Seeds in
 * tests/fuzz/charset/.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const enc[] = {NULL, "WINDOWS-1252", "ISO-8859-15", "KOI8-R",
                                      "SHIFT_JIS", "UTF-16LE", "CP850", "GB18030"};
    if (size < 1)
        return 0;
    chr_format_opts fo = {enc[data[0] % 8]};
    chr_format_meta m;
    chr_textout o = {0};
    chr_doc *d = chr_format_from_mem("fuzz.txt", (const char *)data + 1, size - 1, &fo, &m, NULL);
    if (d != NULL) {
        size_t len;
        const char *t = chr_doc_text(d, &len);
        /* converted text is UTF-8; text read as it is has its bad bytes
         * blanked */
        if (chr_utf8_check(t, len, NULL, 0) != len)
            abort();
        chr_doc_free(d);
    }
    fuzz_check(0, &o, &m);
    return 0;
}
