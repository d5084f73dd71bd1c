/* synth.h - synthetic documents made from the seed corpus, with dates
 * shifted so that every copy tells a different year's story. */
#ifndef CHRONICLE_SYNTH_H
#define CHRONICLE_SYNTH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

static const char *const synth_seed[] = {
    "fixtures/corpus/000_b7a122fea373ab79.txt", "fixtures/corpus/001_2543bc9b8d1cc153.txt",
    "fixtures/corpus/002_b1a9d9ea25e99da5.txt", "fixtures/corpus/003_3d03ae3b476ba545.txt",
    "fixtures/corpus/004_7f3f804f7b81d121.txt"};

typedef struct synth {
    char *text[5];
    size_t len[5];
} synth;

static inline int synth_load(synth *s)
{
    for (int i = 0; i < 5; i++) {
        FILE *f = fopen(synth_seed[i], "rb");
        if (f == NULL)
            return -1;
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        s->text[i] = malloc((size_t)n + 1);
        s->len[i] = fread(s->text[i], 1, (size_t)n, f);
        s->text[i][s->len[i]] = '\0';
        fclose(f);
    }
    return 0;
}

/* Copy seed document k % 5 into out (capacity >= its length) with every
 * year 1990..2029 moved by (k % 13) - 6 years. */
static inline size_t synth_doc(const synth *s, size_t k, char *out)
{
    const char *t = s->text[k % 5];
    size_t n = s->len[k % 5];
    int shift = (int)(k % 13) - 6;
    memcpy(out, t, n);
    for (size_t i = 0; i + 4 <= n; i++) {
        if ((i > 0 && out[i - 1] >= '0' && out[i - 1] <= '9') ||
            (i + 4 < n && out[i + 4] >= '0' && out[i + 4] <= '9'))
            continue;
        if (!(out[i] >= '1' && out[i] <= '2' && out[i + 1] >= '0' && out[i + 1] <= '9' &&
              out[i + 2] >= '0' && out[i + 2] <= '9' && out[i + 3] >= '0' && out[i + 3] <= '9'))
            continue;
        int y = (out[i] - '0') * 1000 + (out[i + 1] - '0') * 100 + (out[i + 2] - '0') * 10 +
                (out[i + 3] - '0');
        if (y < 1990 || y > 2029)
            continue;
        y += shift;
        out[i] = (char)('0' + y / 1000);
        out[i + 1] = (char)('0' + y / 100 % 10);
        out[i + 2] = (char)('0' + y / 10 % 10);
        out[i + 3] = (char)('0' + y % 10);
        i += 3;
    }
    return n;
}

static inline double synth_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline double synth_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline long synth_peak_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

#endif
