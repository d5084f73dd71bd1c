/* error.c - status names and the first-error-wins record. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "chronicle/error.h"

const char *chr_status_str(chr_status code)
{
    switch (code) {
    case CHR_OK: return "ok";
    case CHR_ENOMEM: return "out of memory";
    case CHR_EIO: return "input/output error";
    case CHR_EUTF8: return "invalid UTF-8";
    case CHR_EEMPTY: return "empty document";
    case CHR_ETOOBIG: return "too large";
    case CHR_EPARSE: return "malformed input";
    case CHR_EINVAL: return "invalid value";
    case CHR_ENOTFOUND: return "not found";
    case CHR_EFORMAT: return "not a kind of document chronicle reads";
    }
    return "unknown error";
}

chr_status chr_error_set(chr_error *err, chr_status code, const char *file,
                         size_t offset, const char *fmt, ...)
{
    if (err == NULL || err->code != CHR_OK)
        return code;
    err->code = code;
    err->offset = offset;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

const char *chr_strerror(int e, char *buf, size_t len)
{
    /* the POSIX strerror_r (this file is built without _GNU_SOURCE) */
    if (strerror_r(e, buf, len) != 0)
        snprintf(buf, len, "error %d", e);
    return buf;
}

void chr_error_clear(chr_error *err)
{
    if (err != NULL)
        memset(err, 0, sizeof *err);
}
