/* stats.c - work counters (see stats.h). */
#include <stdatomic.h>

#include "chronicle/stats.h"

static _Atomic uint64_t counters[CHR_STAT_COUNT];

void chr_stat_add(chr_stat which)
{
    if ((unsigned)which < CHR_STAT_COUNT)
        atomic_fetch_add_explicit(&counters[which], 1, memory_order_relaxed);
}

uint64_t chr_stat_get(chr_stat which)
{
    return (unsigned)which < CHR_STAT_COUNT
               ? atomic_load_explicit(&counters[which], memory_order_relaxed)
               : 0;
}

void chr_stat_reset(void)
{
    for (int i = 0; i < CHR_STAT_COUNT; i++)
        atomic_store_explicit(&counters[i], 0, memory_order_relaxed);
}
