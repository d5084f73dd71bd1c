/*
 * bench_tag.c - tagging throughput on one core.  Tags a synthetic corpus
 * of at least 50 MB, one document at a time, and reports MB/s and peak
 * memory at 1/4, 1/2 and all of the corpus (flat memory means the tagger
 * keeps nothing between documents).  Fails below 50 MB/s.
 */
#include "chronicle/tag.h"
#include "synth.h"

int main(void)
{
    synth s;
    if (synth_load(&s) != 0) {
        fprintf(stderr, "bench_tag: run from the repository root (fixtures/corpus)\n");
        return 1;
    }
    const size_t target = (size_t)64 << 20;
    char *buf = malloc(1 << 20);
    size_t total = 0, k = 0, exprs = 0;
    double cpu = 0, w0 = synth_now();
    long peak[3] = {0, 0, 0};
    while (total < target) {
        size_t n = synth_doc(&s, k, buf);
        chr_tag_opts o = {chr_days_from_civil(2019, 3, 6) + (int64_t)(k % 400), CHR_ORDER_AUTO};
        chr_timex_list tl = {0};
        double t0 = synth_cpu();
        if (chr_tag(buf, n, &o, &tl, NULL) != 0)
            return 1;
        cpu += synth_cpu() - t0;
        exprs += tl.count;
        chr_timex_list_free(&tl);
        total += n;
        k++;
        for (int q = 0; q < 3; q++)
            if (!peak[q] && total >= target / 4 * (q == 0 ? 1 : q == 1 ? 2 : 4))
                peak[q] = synth_peak_kb();
    }
    if (!peak[2])
        peak[2] = synth_peak_kb();
    double wall = synth_now() - w0;
    double mbs = (double)total / (1 << 20) / cpu;
    printf("tag: %.1f MB in %zu documents, %zu expressions\n", (double)total / (1 << 20), k, exprs);
    printf("tag: %.3f s CPU in the tagger (%.3f s wall with document synthesis), %.1f MB/s on one core\n",
           cpu, wall, mbs);
    printf("tag: peak RSS %ld KB at 1/4, %ld KB at 1/2, %ld KB at end\n", peak[0], peak[1], peak[2]);
    free(buf);
    for (int i = 0; i < 5; i++)
        free(s.text[i]);
    if (mbs < 50) {
        fprintf(stderr, "bench_tag: below 50 MB/s\n");
        return 1;
    }
    if (peak[2] > peak[0] + 8192) {
        fprintf(stderr, "bench_tag: memory grew with corpus size\n");
        return 1;
    }
    return 0;
}
