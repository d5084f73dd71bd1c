/*
 * merge_int.h - which mentions of a chronology are one event (core-only):
 * the merge sweep chr_chron_build runs over its mentions in canonical
 * order, and the keys it leaves for the events' stable ids.
 */
#ifndef CHRONICLE_MERGE_INT_H
#define CHRONICLE_MERGE_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "chronicle/chron.h"

/* Normalised word keys of a mention's actors and title: lower case, a
 * final plural "s" dropped, British "-re" spellings folded ("centre"). */
typedef struct chr_mkeys {
    uint64_t h[24];
    size_t n;
} chr_mkeys;

/* Join the n mentions ms that are one event: parent[] becomes a
 * union-find forest over them (each root the first of its event), ks[i]
 * the keys of ms[i].  docrank: each mention's document's rank among the
 * documents by name, or NULL (names are then compared).  On up to jobs
 * threads, with the same result for any number.  0 or CHR_ENOMEM. */
int chr_merge_sweep(const chr_mention *ms, size_t n, size_t *parent, chr_mkeys *ks,
                    const uint32_t *docrank, unsigned jobs);
/* The root of x in the forest p (compressing the path). */
size_t chr_merge_root(size_t *p, size_t x);

/* Equal strings, NULL equal only to NULL. */
static inline int chr_same_str(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* strcmp with NULL as "". */
static inline int chr_strcmp0(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

#endif
