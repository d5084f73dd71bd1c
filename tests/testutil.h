/* testutil.h - small helpers shared by the Criterion tests. */
#ifndef CHRONICLE_TESTUTIL_H
#define CHRONICLE_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Whole file into a malloc'd NUL-terminated buffer, or NULL. */
static inline char *tu_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (n + 1 >= cap)
            buf = realloc(buf, cap *= 2);
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static inline int tu_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return -1;
    size_t w = fwrite(data, 1, len, f);
    return fclose(f) == 0 && w == len ? 0 : -1;
}

/* A fresh temporary folder (caller frees the string). */
static inline char *tu_tmpdir(void)
{
    char tmpl[] = "/tmp/chronicle-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    return d ? strdup(d) : NULL;
}

/* Run a shell command, capturing stdout into *out (malloc'd); returns the
 * exit status (or -1). */
static inline int tu_run(const char *cmd, char **out, size_t *len)
{
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return -1;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (n + 1 >= cap)
            buf = realloc(buf, cap *= 2);
        size_t got = fread(buf + n, 1, cap - n - 1, p);
        if (got == 0)
            break;
        n += got;
    }
    buf[n] = '\0';
    int st = pclose(p);
    if (out)
        *out = buf;
    else
        free(buf);
    if (len)
        *len = n;
    return st == -1 ? -1 : (st >> 8) & 0xff;
}

/* The chronicle executable under test. */
static inline const char *tu_bin(void)
{
    const char *b = getenv("CHRONICLE_BIN");
    return b ? b : "build/chronicle";
}

#endif
