/*
 * bench_words.c - the word table: the first call's unpacking, then
 * lookups of every word of the seed corpus (lower-cased ASCII runs), over
 * and over, and of misses (the same words with a 'q' appended).  Reports
 * ns per lookup, the hit rate and peak memory.  Fails above 200 ns per
 * lookup, which would mean the table no longer answers in one probe.
 */
#include "chronicle/words.h"
#include "synth.h"

typedef struct span {
    size_t off, len;
} span;

int main(void)
{
    synth s;
    if (synth_load(&s) != 0) {
        fprintf(stderr, "bench_words: run from the repository root (fixtures/corpus)\n");
        return 1;
    }
    /* The corpus's words, lower-cased into one buffer. */
    size_t cap = 0, n = 0, nw = 0, capw = 0;
    for (int i = 0; i < 5; i++)
        cap += s.len[i] + 2;
    char *text = malloc(cap);
    span *w = NULL;
    for (int i = 0; i < 5; i++)
        for (size_t k = 0; k < s.len[i];) {
            char c = s.text[i][k];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                k++;
                continue;
            }
            if (nw == capw) {
                capw = capw ? capw * 2 : 1024;
                w = realloc(w, capw * sizeof *w);
            }
            w[nw].off = n;
            while (k < s.len[i] && ((s.text[i][k] >= 'a' && s.text[i][k] <= 'z') ||
                                    (s.text[i][k] >= 'A' && s.text[i][k] <= 'Z'))) {
                c = s.text[i][k++];
                text[n++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
            }
            w[nw].len = n - w[nw].off;
            text[n++] = 'q';            /* for the misses */
            nw++;
        }

    double t0 = synth_now();
    const chr_word *first = chr_words_find("said", 4);
    double init = synth_now() - t0;
    if (first == NULL) {
        fprintf(stderr, "bench_words: \"said\" not found\n");
        return 1;
    }

    const int rounds = 200;
    size_t hits = 0, misses = 0;
    double c0 = synth_cpu();
    for (int r = 0; r < rounds; r++)
        for (size_t i = 0; i < nw; i++)
            hits += chr_words_find(text + w[i].off, w[i].len) != NULL;
    double hit_cpu = synth_cpu() - c0;
    c0 = synth_cpu();
    for (int r = 0; r < rounds; r++)
        for (size_t i = 0; i < nw; i++)
            misses += chr_words_find(text + w[i].off, w[i].len + 1) == NULL;
    double miss_cpu = synth_cpu() - c0;

    double lookups = (double)nw * rounds;
    double ns_hit = hit_cpu / lookups * 1e9, ns_miss = miss_cpu / lookups * 1e9;
    printf("words: first call (unpacking the table) %.2f ms\n", init * 1e3);
    printf("words: %zu corpus words x %d rounds, %.1f%% found\n", nw, rounds,
           100.0 * (double)hits / lookups);
    printf("words: %.1f ns per lookup of a corpus word, %.1f ns per miss (%.1f%% missed)\n",
           ns_hit, ns_miss, 100.0 * (double)misses / lookups);
    printf("words: peak RSS %ld KB\n", synth_peak_kb());
    free(text);
    free(w);
    for (int i = 0; i < 5; i++)
        free(s.text[i]);
    if (ns_hit > 200 || ns_miss > 200) {
        fprintf(stderr, "bench_words: above 200 ns per lookup\n");
        return 1;
    }
    return 0;
}
