/*
 * bench_diff.c - diff two synthetic snapshots of 100,000 events each, the
 * second with 1% of the events changed: 0.3% re-dated (new ids, paired by
 * evidence), 0.3% reworded (new titles and ids), 0.2% removed, 0.2% added.
 * Reports the time to pair and compare and to render the JSON; fails
 * above 1 s for the two together or when the diff misses a change.
 * `bench_diff --write DIR` writes the two as snapshot files instead, for
 * tests/bench/diff.sh, which times `chronicle diff` on them end to end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include "chronicle/diff.h"
#include "chronicle/diffout.h"
#include "chronicle/version.h"

#define NEVENTS 100000
#define NDOCS 1000

/* Event i of version v: which of the changes applies to it. */
enum { SAME, REDATED, REWORDED, REMOVED, ADDED };

static int fate(int i)
{
    switch (i % 1000) {
    case 101: case 401: case 701: return REDATED;
    case 202: case 502: case 802: return REWORDED;
    case 303: case 603: return REMOVED;
    case 404: case 904: return ADDED;
    default: return SAME;
    }
}

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const verbs[] = {"met", "banned", "opened", "passed",
                                    "arrested", "sued", "reported", "said", "decided"};

static chr_chron *synthetic(int v)
{
    chr_chron *c = chr_chron_new();
    char doc[32], sentence[160], actor[32];
    for (int d = 0; d < NDOCS; d++) {
        chr_docinfo di;
        memset(&di, 0, sizeof di);
        snprintf(doc, sizeof doc, "doc%04d.txt", d);
        di.name = doc;
        /* a document with any change has another digest */
        memset(di.sha256, v && (d % 10 == 1 || d % 10 == 2 || d % 10 == 3 ||
                                d % 10 == 4) ? 'b' : 'a', 64);
        di.mtime = 1594728000;
        di.dct = CHR_NO_DAY;
        if (chr_chron_add_doc(c, &di, NULL) != 0)
            return NULL;
    }
    for (int i = 0; i < NEVENTS; i++) {
        int f = fate(i);
        if ((v == 0 && f == ADDED) || (v == 1 && f == REMOVED))
            continue;
        int changed = v == 1 ? f : SAME;
        chr_mention m;
        memset(&m, 0, sizeof m);
        m.type = (chr_event_type)(i % 9);
        snprintf(doc, sizeof doc, "doc%04d.txt", i % NDOCS);
        m.doc = strdup(doc);
        m.offset = (uint32_t)(i / NDOCS) * 300;
        snprintf(sentence, sizeof sentence, "%s %d %s the %s of group %d",
                 changed == REWORDED ? "Officials of body" : "Body", i, verbs[i % 9],
                 changed == REWORDED ? "whole matter" : "matter", i % 977);
        m.length = (uint32_t)strlen(sentence);
        m.sentence = strdup(sentence);
        m.title = strdup(sentence);
        m.trigger = strdup(verbs[i % 9]);
        snprintf(actor, sizeof actor, "Body %d", i);
        m.actors = malloc(sizeof *m.actors);
        if (m.actors)
            m.actors[0] = strdup(actor);
        m.nactors = m.actors ? 1 : 0;
        m.dct = CHR_NO_DAY;
        /* one event every 30 days of each type, years 1200 to 9400 */
        chr_date_from_day(&m.date, (int64_t)i * 30 - 280000 + (changed == REDATED ? 1 : 0));
        if (chr_chron_add_mention(c, &m, NULL) != 0)
            return NULL;
    }
    return chr_chron_build(c, NULL) == 0 ? c : NULL;
}

/* The two versions as snapshot files DIR/old.json and DIR/new.json, for
 * timing `chronicle diff` end to end (tests/bench/diff.sh). */
static int write_snapshots(const chr_chron *a, const chr_chron *b, const char *dir)
{
    const chr_chron *v[2] = {a, b};
    const char *name[2] = {"old.json", "new.json"};
    for (int i = 0; i < 2; i++) {
        char path[4096];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", dir, name[i]);
        char *buf = chr_version_render(v[i], 1594728000 + i * 86400, &len);
        chr_error err = {0};
        if (buf == NULL || chr_version_write_file(path, buf, len, &err) != 0) {
            fprintf(stderr, "bench_diff: cannot write %s: %s\n", path, err.msg);
            free(buf);
            return 1;
        }
        free(buf);
    }
    return 0;
}

int main(int argc, char **argv)
{
    double t0 = wall();
    chr_chron *a = synthetic(0), *b = synthetic(1);
    if (a == NULL || b == NULL) {
        fprintf(stderr, "bench_diff: cannot build the synthetic snapshots\n");
        return 1;
    }
    if (argc == 3 && strcmp(argv[1], "--write") == 0) {
        int rc = write_snapshots(a, b, argv[2]);
        chr_chron_free(a);
        chr_chron_free(b);
        return rc;
    }
    double t1 = wall(), c1 = cpu();
    chr_diff *d = chr_diff_new(a, b, NULL);
    double c2 = cpu();
    size_t len = 0;
    char *json = d ? chr_diffout_json(d, NULL, NULL, 0, &len) : NULL;
    double c3 = cpu();
    if (d == NULL || json == NULL) {
        fprintf(stderr, "bench_diff: out of memory\n");
        return 1;
    }
    size_t want[4] = {0};             /* added, removed, changed, evidence */
    for (int i = 0; i < NEVENTS; i++) {
        int f = fate(i);
        want[0] += f == ADDED;
        want[1] += f == REMOVED;
        want[2] += f == REDATED || f == REWORDED;
    }
    size_t evidence = 0;
    for (size_t k = 0; k < chr_diff_changed_count(d); k++)
        evidence += chr_diff_changed(d, k)->by_evidence;
    printf("diff: %zu -> %zu events; %zu added, %zu removed, %zu changed (%zu by evidence)\n",
           chr_chron_event_count(a), chr_chron_event_count(b), chr_diff_added_count(d),
           chr_diff_removed_count(d), chr_diff_changed_count(d), evidence);
    printf("diff: pair and compare %.3f s CPU, JSON %.3f s (%.1f KB); setup %.1f s\n",
           c2 - c1, c3 - c2, (double)len / 1024, t1 - t0);
    int ok = chr_diff_added_count(d) == want[0] && chr_diff_removed_count(d) == want[1] &&
             chr_diff_changed_count(d) == want[2] && evidence == want[2];
    free(json);
    chr_diff_free(d);
    chr_chron_free(a);
    chr_chron_free(b);
    if (!ok) {
        fprintf(stderr, "bench_diff: expected %zu added, %zu removed, %zu changed by evidence\n",
                want[0], want[1], want[2]);
        return 1;
    }
    if (c3 - c1 > 1.0) {
        fprintf(stderr, "bench_diff: over budget (1 s)\n");
        return 1;
    }
    return 0;
}
