/*
 * fuzz_state.c - libFuzzer target for the files chronicle finds beside the
 * documents and in its state folder: a document's sidecar (NAME.meta.json)
 * and the history index (index.json).  The input is written as each file
 * in a private temporary folder, then read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chronicle/history.h"
#include "chronicle/sidecar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static int put(const char *name, const uint8_t *data, size_t size)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return -1;
    size_t w = fwrite(data, 1, size, f);
    return fclose(f) == 0 && w == size ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (dir[0] == '\0') {
        snprintf(dir, sizeof dir, "/tmp/chronicle-fuzz-XXXXXX");
        if (mkdtemp(dir) == NULL)
            abort();
    }
    chr_error err;
    chr_error_clear(&err);
    if (put("doc.meta.json", data, size) == 0) {
        char path[128];
        snprintf(path, sizeof path, "%s/doc.txt", dir);
        int64_t day = 0;
        char *title = NULL;
        (void)chr_sidecar_read(path, &day, &title, &err);
        free(title);
    }
    chr_error_clear(&err);
    if (put("index.json", data, size) == 0) {
        chr_history *h = chr_history_open(dir, 0, &err);
        if (h != NULL) {
            for (size_t i = 0; i < chr_history_count(h); i++)
                if (chr_history_at(h, i) == NULL)
                    abort();
            chr_history_free(h);
        }
    }
    return 0;
}
