/*
 * grow_int.h - room in a malloc'd array that grows by doubling (core and
 * the executables).
 *
 *     if (CHR_GROW(l->items, l->count, l->cap, 16) != 0)
 *         return CHR_ENOMEM;
 *     l->items[l->count++] = x;
 *
 * CHR_GROW(arr, n, cap, first) makes room for element n (n + 1 in all):
 * arr and cap are updated (cap starts at first, then doubles); 0, or
 * CHR_ENOMEM with arr and cap as they were.  chr_grow_to is the same for
 * any count: room for need elements.
 */
#ifndef CHRONICLE_GROW_INT_H
#define CHRONICLE_GROW_INT_H

#include <stddef.h>

/* arrayp points to the array's pointer (any T *), elem is sizeof (T). */
int chr_grow_to(void *arrayp, size_t elem, size_t *cap, size_t need, size_t first);

#define CHR_GROW(arr, n, cap, first) \
    ((n) < (cap) ? 0 : chr_grow_to(&(arr), sizeof *(arr), &(cap), (n) + 1, (first)))

#endif
