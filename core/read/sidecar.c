/* sidecar.c - NAME.meta.json beside a document (see sidecar.h).  jansson
 * reads it; its types do not leave this file. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chronicle/date.h"
#include "chronicle/sidecar.h"

/* Parse the sidecar at path.  0 or a chr_status. */
static int read_sidecar(const char *path, int64_t *day, char **title, chr_error *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return chr_error_set(err, CHR_EIO, path, CHR_NO_OFFSET, "cannot open: %s",
                             chr_strerror(errno, (char[96]){0}, 96));
    struct stat st;
    char *buf = NULL;
    ssize_t got = 0;
    int rc = 0;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        rc = chr_error_set(err, CHR_EIO, path, CHR_NO_OFFSET, "not a regular file");
    else if ((uint64_t)st.st_size > CHR_SIDECAR_MAX_BYTES)
        rc = chr_error_set(err, CHR_ETOOBIG, path, CHR_NO_OFFSET, "%lld bytes, above the limit of %u",
                           (long long)st.st_size, CHR_SIDECAR_MAX_BYTES);
    else if ((buf = malloc(CHR_SIDECAR_MAX_BYTES + 1)) == NULL)
        rc = chr_error_set(err, CHR_ENOMEM, path, CHR_NO_OFFSET, "out of memory");
    else {
        size_t len = 0;
        while (len <= CHR_SIDECAR_MAX_BYTES &&
               ((got = read(fd, buf + len, CHR_SIDECAR_MAX_BYTES + 1 - len)) > 0 ||
                (got < 0 && errno == EINTR)))
            len += got > 0 ? (size_t)got : 0;
        if (got < 0)
            rc = chr_error_set(err, CHR_EIO, path, len, "read error: %s",
                               chr_strerror(errno, (char[96]){0}, 96));
        else if (len > CHR_SIDECAR_MAX_BYTES)
            rc = chr_error_set(err, CHR_ETOOBIG, path, CHR_SIDECAR_MAX_BYTES,
                               "grew above the limit of %u bytes while read", CHR_SIDECAR_MAX_BYTES);
        else {
            json_error_t je;
            json_t *v = json_loadb(buf, len, 0, &je);
            json_t *f = json_is_object(v) ? json_object_get(v, "dct") : NULL;
            json_t *tf = json_is_object(v) ? json_object_get(v, "title") : NULL;
            const char *s = json_is_string(f) ? json_string_value(f) : NULL;
            *day = CHR_NO_DAY;
            if (v == NULL)
                rc = chr_error_set(err, CHR_EPARSE, path, (size_t)je.position, "%s", je.text);
            else if ((f == NULL && tf == NULL) || (f != NULL && s == NULL))
                rc = chr_error_set(err, CHR_EPARSE, path, CHR_NO_OFFSET,
                                   "expected {\"dct\": \"YYYY-MM-DD\", \"title\": \"...\"} "
                                   "(either or both)");
            else if (tf != NULL && (!json_is_string(tf) || json_string_length(tf) == 0 ||
                                    json_string_length(tf) > 1000))
                rc = chr_error_set(err, CHR_EPARSE, path, CHR_NO_OFFSET,
                                   "field \"title\": expected a string of 1 to 1000 bytes");
            else if (s != NULL && (*day = chr_day_parse(s, strlen(s))) == CHR_NO_DAY)
                rc = chr_error_set(err, CHR_EPARSE, path, CHR_NO_OFFSET,
                                   "field \"dct\": \"%.40s\" is not a YYYY-MM-DD date", s);
            else if (tf != NULL && title != NULL &&
                     (*title = strdup(json_string_value(tf))) == NULL)
                rc = chr_error_set(err, CHR_ENOMEM, path, CHR_NO_OFFSET, "out of memory");
            json_decref(v);
        }
    }
    free(buf);
    close(fd);
    return rc;
}

int chr_sidecar_read(const char *doc_path, int64_t *day, char **title, chr_error *err)
{
    if (title)
        *title = NULL;
    *day = CHR_NO_DAY;
    char side[4096];
    struct stat st;
    if ((size_t)snprintf(side, sizeof side, "%s.meta.json", doc_path) < sizeof side &&
        lstat(side, &st) == 0) {
        int rc = read_sidecar(side, day, title, err);
        return rc == 0 ? 1 : rc;
    }
    const char *slash = strrchr(doc_path, '/');
    const char *dot = strrchr(doc_path, '.');
    if (dot && (!slash || dot > slash + 1)) {
        int n = snprintf(side, sizeof side, "%.*s.meta.json", (int)(dot - doc_path), doc_path);
        if (n > 0 && (size_t)n < sizeof side && lstat(side, &st) == 0) {
            int rc = read_sidecar(side, day, title, err);
            return rc == 0 ? 1 : rc;
        }
    }
    return 0;
}

int chr_sidecar_dct(const char *doc_path, int64_t *day, chr_error *err)
{
    int rc = chr_sidecar_read(doc_path, day, NULL, err);
    return rc > 0 && *day == CHR_NO_DAY ? 0 : rc;
}
