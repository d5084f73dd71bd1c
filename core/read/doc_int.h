/* doc_int.h - reading documents, the core's own part. */
#ifndef CHRONICLE_DOC_INT_H
#define CHRONICLE_DOC_INT_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/doc.h"

/* chr_doc_adopt, for text whose first clean bytes the caller found kept
 * as they are (chr_utf8_text_check): they are not read again.  A
 * byte-order mark at the start is still blanked. */
chr_doc *chr_doc_adopt_checked(const char *name, const char *path, char *text, size_t len,
                               size_t clean, int64_t mtime, const char *file_sha256,
                               uint64_t file_bytes, chr_error *err);

#endif
