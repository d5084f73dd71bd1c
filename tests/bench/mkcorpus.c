/*
 * mkcorpus.c - write a synthetic corpus for the end-to-end benchmarks:
 * N documents made from the seed corpus with shifted years (synth.h), as
 * DIR/docNNNNN.txt.  Run from the repository root.  They are 65 different
 * texts (five seeds, thirteen shifts), repeated: a folder with copies,
 * whose copies chronicle does not extract again.  With --distinct each
 * document ends with a reference line of its own, so no two have the
 * same words and every one is read in full.
 *
 *     mkcorpus DIR N [--distinct]
 */
#include <errno.h>
#include <sys/stat.h>

#include "synth.h"

int main(int argc, char **argv)
{
    int distinct = argc == 4 && strcmp(argv[3], "--distinct") == 0;
    if (argc != 3 && !distinct) {
        fprintf(stderr, "usage: mkcorpus DIR N [--distinct]\n");
        return 2;
    }
    char *end;
    long n = strtol(argv[2], &end, 10);
    if (*end != '\0' || n < 1 || n > 1000000) {
        fprintf(stderr, "mkcorpus: N: expected a count from 1 to 1000000, found '%s'\n", argv[2]);
        return 2;
    }
    synth s;
    if (synth_load(&s) != 0) {
        fprintf(stderr, "mkcorpus: run from the repository root (fixtures/corpus)\n");
        return 1;
    }
    if (mkdir(argv[1], 0755) != 0 && errno != EEXIST) {
        perror(argv[1]);
        return 1;
    }
    size_t cap = 0;
    for (int i = 0; i < 5; i++)
        cap = s.len[i] > cap ? s.len[i] : cap;
    char *buf = malloc(cap + 64);
    char path[4096];
    for (long k = 0; buf != NULL && k < n; k++) {
        size_t len = synth_doc(&s, (size_t)k, buf);
        if (distinct)
            len += (size_t)snprintf(buf + len, 64, "\n\nFile reference CR-%06ld.\n", k);
        snprintf(path, sizeof path, "%s/doc%05ld.txt", argv[1], k);
        FILE *f = fopen(path, "wb");
        if (f == NULL || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
            perror(path);
            return 1;
        }
    }
    free(buf);
    for (int i = 0; i < 5; i++)
        free(s.text[i]);
    return 0;
}
