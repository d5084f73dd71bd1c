/*
 * evmem.h - the memory libevent allocates (event_set_mem_functions).
 * evhttp makes and frees some thirty small blocks for every request (the
 * request, its header lists, each header's name and value, buffer
 * chains); with glibc's per-thread cache of seven blocks a size, most of
 * them went through the arena.  Here each thread keeps freed blocks of
 * each size class for its next request.  Blocks freed by one thread may
 * be reused by another; what a thread keeps is bounded and given back
 * when it exits.
 */
#ifndef CHRONICLED_EVMEM_H
#define CHRONICLED_EVMEM_H

#include <stddef.h>

/* Make libevent allocate through this module.  Call before any other
 * libevent function, once; returns 0, or -1 when libevent was built
 * without replaceable memory functions (then it keeps malloc). */
int evmem_install(void);

/* Free a block libevent returned for the caller to free() (such as
 * evhttp_uridecode's result).  NULL does nothing. */
void evmem_free(void *p);

/* n bytes that libevent may free (a header's name or value put into one
 * of its lists), from the allocator it uses; NULL when out of memory. */
void *evmem_alloc(size_t n);

/* Give the calling thread's kept blocks back (the loop thread, after
 * libevent_global_shutdown). */
void evmem_release(void);

#endif
