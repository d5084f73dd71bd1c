/* testutil.h - small helpers shared by the Criterion tests. */
#ifndef CHRONICLE_TESTUTIL_H
#define CHRONICLE_TESTUTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "chronicle/chron.h"

/* The rest of stream f into a malloc'd NUL-terminated buffer (its length
 * into *len), or NULL when memory runs out. */
static inline char *tu_read_stream(FILE *f, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    if (buf == NULL)
        return NULL;
    for (size_t got = 1; got > 0; n += got) {
        if (n + 1 >= cap) {
            char *nb = realloc(buf, cap *= 2);
            if (nb == NULL) {
                free(buf);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
    }
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* Whole file into a malloc'd NUL-terminated buffer, or NULL. */
static inline char *tu_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *buf = tu_read_stream(f, len);
    fclose(f);
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
    size_t n = 0;
    char *buf = tu_read_stream(p, &n);
    int st = pclose(p);
    if (out)
        *out = buf;
    else
        free(buf);
    if (len)
        *len = n;
    return st == -1 ? -1 : (st >> 8) & 0xff;
}

/* Remove a folder and everything in it (rm -rf); 0 when that worked. */
static inline int tu_rmtree(const char *dir)
{
    char cmd[600];
    if (snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir) >= (int)sizeof cmd)
        return -1;
    return system(cmd) == 0 ? 0 : -1;
}

/* data[0..len), one whole gzip stream, decompressed into a malloc'd
 * buffer (its length into *out), or NULL when it is not one. */
static inline char *tu_gunzip(const void *data, size_t len, size_t *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 16) != Z_OK)
        return NULL;
    size_t cap = len * 8 + 1024;
    char *buf = malloc(cap);
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    int rc = Z_OK;
    while (buf != NULL && rc == Z_OK) {
        if (z.total_out == cap) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL)
                break;
            buf = nb;
            cap *= 2;
        }
        z.next_out = (Bytef *)buf + z.total_out;
        z.avail_out = (uInt)(cap - z.total_out);
        rc = inflate(&z, Z_NO_FLUSH);
    }
    *out = z.total_out;
    inflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* One event of a chronology made by tu_chron: a mention of a day in
 * document a.txt or b.txt, with a title that is also its sentence. */
typedef struct tu_row {
    const char *doc;
    int y, m, d;
    chr_event_type type;
    const char *title;
} tu_row;

/* A built chronology of the documents a.txt and b.txt (modified at mtime)
 * with one mention of length bytes for each of rows[0..n), or NULL when a
 * step fails. */
static inline chr_chron *tu_chron(const tu_row *rows, size_t n,
                                  uint32_t length, int64_t mtime)
{
    chr_chron *c = chr_chron_new();
    if (c == NULL)
        return NULL;
    for (int k = 0; k < 2; k++) {
        chr_docinfo di;
        memset(&di, 0, sizeof di);
        di.name = (char *)(k == 0 ? "a.txt" : "b.txt");
        memset(di.sha256, k == 0 ? 'a' : 'b', 64);
        di.mtime = mtime;
        di.dct = CHR_NO_DAY;
        if (chr_chron_add_doc(c, &di, NULL) != 0)
            goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        chr_mention m;
        memset(&m, 0, sizeof m);
        m.type = rows[i].type;
        m.doc = strdup(rows[i].doc);
        m.offset = (uint32_t)(i * 100);
        m.length = length;
        m.sentence = strdup(rows[i].title);
        m.title = strdup(rows[i].title);
        m.trigger = strdup("x");
        chr_date_day(&m.date, rows[i].y, rows[i].m, rows[i].d);
        m.dct = CHR_NO_DAY;
        int rc = chr_chron_add_mention(c, &m, NULL);
        chr_mention_clear(&m);
        if (rc != 0)
            goto fail;
    }
    if (chr_chron_build(c, NULL) != 0)
        goto fail;
    return c;
fail:
    chr_chron_free(c);
    return NULL;
}

/* The chronicle executable under test. */
static inline const char *tu_bin(void)
{
    const char *b = getenv("CHRONICLE_BIN");
    return b ? b : "build/chronicle";
}

#endif
