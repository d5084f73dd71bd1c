/*
 * fuzz_check.h - what every converter's fuzz target checks of its result:
 * the text is UTF-8 within the size limit, what the file says about
 * itself is UTF-8 on one line, and a document can be made of the text.
 * Any broken promise aborts (a finding).
 */
#ifndef CHRONICLE_FUZZ_CHECK_H
#define CHRONICLE_FUZZ_CHECK_H

#include <stdlib.h>
#include <string.h>

#include "chronicle/doc.h"
#include "chronicle/format.h"
#include "chronicle/utf8.h"
#include "read/format_int.h"

static inline void fuzz_check_line(const char *s)
{
    if (s == NULL)
        return;
    size_t n = strlen(s);
    if (chr_utf8_check(s, n, NULL, 0) != n)
        abort();
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20)
            abort();
}

/* Check what a converter gave (rc, o, meta) and free it. */
static inline void fuzz_check(int rc, chr_textout *o, chr_format_meta *meta)
{
    if (rc == 0) {
        size_t n = o->b.len;
        if (n > CHR_FORMAT_MAX_TEXT || o->over || o->b.failed)
            abort();
        if (n > 0 && chr_utf8_check(o->b.p, n, NULL, 0) != n)
            abort();
        if (n > 0) {
            chr_doc *d = chr_doc_adopt("fuzz", "", o->b.p, n, 0, "0", 0, NULL);
            o->b.p = NULL;
            size_t len;
            chr_doc_text(d, &len);
            for (size_t i = 0; d != NULL && i < chr_doc_sentence_count(d); i++) {
                chr_span s = chr_doc_sentence(d, i);
                if ((size_t)s.start + s.len > len)
                    abort();
            }
            chr_doc_free(d);
        }
    }
    fuzz_check_line(meta->title);
    fuzz_check_line(meta->author);
    free(o->b.p);
    memset(o, 0, sizeof *o);
    chr_format_meta_clear(meta);
}

#endif
