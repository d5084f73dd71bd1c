/*
 * error.h - status codes and the positional error record.
 *
 * Every library call returns 0 (CHR_OK) or a negative chr_status, or NULL,
 * and fills an optional chr_error.  The record has fixed buffers so filling
 * it never allocates, and the first error recorded wins so that the root
 * cause survives callers that add context.
 */
#ifndef CHRONICLE_ERROR_H
#define CHRONICLE_ERROR_H

#include <stddef.h>
#include <stdint.h>

typedef enum chr_status {
    CHR_OK = 0,
    CHR_ENOMEM = -1,  /* allocation failed */
    CHR_EIO = -2,     /* a file could not be opened, read or written */
    CHR_EUTF8 = -3,   /* text is not valid UTF-8 */
    CHR_EEMPTY = -4,  /* an empty document */
    CHR_ETOOBIG = -5, /* input above a documented limit */
    CHR_EPARSE = -6,  /* malformed structured input (JSON, value strings) */
    CHR_EINVAL = -7,  /* a bad argument or option value */
    CHR_ENOTFOUND = -8,
    CHR_EFORMAT = -9  /* a kind of file chronicle does not read */
} chr_status;

/* The offset of an error that points at no byte of its file (a folder
 * that cannot be listed, a file that cannot be opened or is empty, memory
 * running out): reported as "FILE: message", with no offset. */
#define CHR_NO_OFFSET SIZE_MAX

typedef struct chr_error {
    chr_status code;
    char file[256];
    size_t offset;   /* byte offset into the file, or CHR_NO_OFFSET */
    char msg[256];   /* what was found, what was expected */
} chr_error;

/* Human name of a status ("out of memory", ...); never NULL, static. */
const char *chr_status_str(chr_status code);

/*
 * Record an error unless one is already recorded.  err may be NULL; file
 * may be NULL.  Returns code, so callers can write
 *     return chr_error_set(err, CHR_EIO, path, CHR_NO_OFFSET, "cannot open: %s", why);
 */
chr_status chr_error_set(chr_error *err, chr_status code, const char *file,
                         size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The text of errno value e in buf (thread-safe, unlike strerror);
 * returns buf. */
const char *chr_strerror(int e, char *buf, size_t len);

/* Forget a recorded error (so the record can be reused). */
void chr_error_clear(chr_error *err);

#endif
