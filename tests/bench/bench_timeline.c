/*
 * bench_timeline.c - the timeline of a synthetic corpus of 10,000
 * documents (about 100 MB, the seed documents with shifted dates), built
 * on one core.  Reports seconds and peak memory; fails above 10 s or 1 GB.
 */
#include <sys/stat.h>
#include <unistd.h>

#include "chronicle/corpus.h"
#include "chronicle/json.h"
#include "synth.h"

#define NDOCS 10000

int main(void)
{
    synth s;
    if (synth_load(&s) != 0) {
        fprintf(stderr, "bench_timeline: run from the repository root (fixtures/corpus)\n");
        return 1;
    }
    char dir[] = "/tmp/chronicle-bench-XXXXXX";
    if (mkdtemp(dir) == NULL)
        return 1;
    char *buf = malloc(1 << 20);
    char path[512];
    size_t total = 0;
    for (size_t k = 0; k < NDOCS; k++) {
        size_t n = synth_doc(&s, k, buf);
        snprintf(path, sizeof path, "%s/doc%05zu.txt", dir, k);
        FILE *f = fopen(path, "wb");
        if (f == NULL || fwrite(buf, 1, n, f) != n || fclose(f) != 0)
            return 1;
        total += n;
    }
    double c0 = synth_cpu(), w0 = synth_now();
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    chr_error err = {0};
    chr_chron *c = chr_corpus_build(dir, &o, &err);
    if (c == NULL) {
        fprintf(stderr, "bench_timeline: %s\n", err.msg);
        return 1;
    }
    double c1 = synth_cpu(), w1 = synth_now();
    size_t len;
    char *json = chr_json_timeline(c, NULL, 0, NULL, &len);
    double c2 = synth_cpu();
    long peak = synth_peak_kb();
    printf("timeline: %d documents, %.1f MB, %zu events\n", NDOCS, (double)total / (1 << 20),
           chr_chron_event_count(c));
    printf("timeline: build %.2f s CPU (%.2f s wall), JSON render %.2f s, %.1f MB JSON\n",
           c1 - c0, w1 - w0, c2 - c1, (double)len / (1 << 20));
    printf("timeline: peak RSS %.1f MB\n", peak / 1024.0);
    free(json);
    chr_chron_free(c);
    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    if (system(path) != 0)
        return 1;
    free(buf);
    for (int i = 0; i < 5; i++)
        free(s.text[i]);
    if (c1 - c0 > 10.0 || peak > 1024L * 1024) {
        fprintf(stderr, "bench_timeline: over budget (10 s, 1 GB)\n");
        return 1;
    }
    return 0;
}
