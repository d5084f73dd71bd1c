/* test_grow.c - the doubling arrays every module grows: the first
 * capacity, doubling, a need past the double, and sizes that cannot be
 * had, which leave the array as it was. */
#include <criterion/criterion.h>
#include <stdint.h>

#include "base/grow_int.h"
#include "chronicle/error.h"

Test(grow, first_then_doubling)
{
    int *v = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < 100; i++) {
        cr_assert_eq(CHR_GROW(v, n, cap, 8), 0);
        v[n++] = i;
        size_t want = n <= 8 ? 8 : n <= 16 ? 16 : n <= 32 ? 32 : n <= 64 ? 64 : 128;
        cr_expect_eq(cap, want, "%zu elements: capacity %zu, expected %zu", n, cap, want);
    }
    for (int i = 0; i < 100; i++)
        cr_expect_eq(v[i], i);
    /* room already there: nothing moves */
    int *before = v;
    cr_expect_eq(chr_grow_to(&v, sizeof *v, &cap, 50, 8), 0);
    cr_expect_eq(v, before);
    cr_expect_eq(cap, 128);
    /* a need past the double: doubled until it fits */
    cr_expect_eq(chr_grow_to(&v, sizeof *v, &cap, 1000, 8), 0);
    cr_expect_eq(cap, 1024);
    cr_expect_eq(v[99], 99);
    free(v);
}

Test(grow, sizes_that_cannot_be_had)
{
    char *p = malloc(4);
    cr_assert_not_null(p);
    memcpy(p, "abc", 4);
    size_t cap = 4;
    cr_expect_eq(chr_grow_to(&p, 1, &cap, SIZE_MAX, 4), CHR_ENOMEM);
    cr_expect_eq(chr_grow_to(&p, SIZE_MAX / 4, &cap, 8, 4), CHR_ENOMEM);
    cr_expect_eq(cap, 4, "the capacity changed on failure");
    cr_expect_str_eq(p, "abc", "the array changed on failure");
    free(p);
}
