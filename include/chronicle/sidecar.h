/*
 * sidecar.h - what a collection says about a document beside it: the file
 * NAME.meta.json (or, for NAME.txt, NAME.meta.json without the extension)
 * holding {"dct": "YYYY-MM-DD"}.
 */
#ifndef CHRONICLE_SIDECAR_H
#define CHRONICLE_SIDECAR_H

#include <stdint.h>

#include "chronicle/error.h"

/* Sidecars above this size are refused. */
#define CHR_SIDECAR_MAX_BYTES (64u << 10)

/*
 * The DCT the sidecar of the document at doc_path gives.  Returns 1 and
 * sets *day when there is a sidecar, 0 when there is none, or a negative
 * chr_status when one exists but cannot be used (unreadable, not a
 * regular file, not JSON, no "dct" field of the form YYYY-MM-DD), with err
 * naming the sidecar file and the byte.
 */
int chr_sidecar_dct(const char *doc_path, int64_t *day, chr_error *err);
/* The same, with the sidecar's optional "title" (malloc'd into *title,
 * NULL when it has none); a sidecar needs "dct", "title" or both.  1 when
 * a sidecar was read (*day CHR_NO_DAY when it gives no date), 0 when there
 * is none, or a negative chr_status with err filled. */
int chr_sidecar_read(const char *doc_path, int64_t *day, char **title, chr_error *err);

#endif
