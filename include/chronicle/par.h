/*
 * par.h - work on several cores with results taken in order: items
 * 0..n-1 are worked on by up to `jobs` threads in any order, and each is
 * taken by the calling thread in index order, so whatever the take step
 * writes does not depend on the number of threads.
 *
 * The caller owns every per-item result (typically an array of n slots it
 * zeroes first): work(i) fills slot i, take(i) consumes it.  Nothing is
 * allocated per item here.
 */
#ifndef CHRONICLE_PAR_H
#define CHRONICLE_PAR_H

#include <stddef.h>

/* Runs on any thread, several at once (for different i): must only write
 * slot i and data of its own. */
typedef void (*chr_par_work_fn)(void *ctx, size_t i);
/* Runs on the calling thread, for i = 0, 1, ... in order, each after
 * work(i) finished.  Non-zero stops the run and is returned. */
typedef int (*chr_par_take_fn)(void *ctx, size_t i);

/* The cores present (sysconf _SC_NPROCESSORS_ONLN), at least 1. */
unsigned chr_par_cores(void);

/*
 * work then take every item, on up to jobs threads (0 or 1: on the calling
 * thread alone, work(i) then take(i) for each i in turn).  At most
 * `window` items (0: 4 per thread) are worked ahead of the one being
 * taken, which bounds the results held at once.  Returns 0, or the first
 * non-zero take; then no item past the one that stopped is started, but
 * items already worked on and not taken are left in their slots for the
 * caller to free.  When threads cannot be started the work is done on
 * the threads that could be (at worst on the calling thread).
 */
int chr_par_run(size_t n, unsigned jobs, size_t window, chr_par_work_fn work,
                chr_par_take_fn take, void *ctx);

#endif
