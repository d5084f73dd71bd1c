/* test_par.c - ordered work on several threads: every item is worked on
 * once and taken in order whatever the number of threads; a take that
 * fails stops the run; the window bounds the items worked ahead. */
#include <criterion/criterion.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "chronicle/par.h"

typedef struct ctx {
    size_t n, window;
    atomic_int *worked;        /* per item: times worked on */
    size_t *value;             /* per item: what work computed */
    size_t next_take;          /* the item take expects */
    size_t stop_at;            /* take of this item fails (SIZE_MAX: never) */
    atomic_size_t started;     /* items worked on so far */
    size_t max_ahead;          /* most items started ahead of the one taken */
    int out_of_order;
} ctx;

static void work(void *p, size_t i)
{
    ctx *c = p;
    atomic_fetch_add(&c->worked[i], 1);
    atomic_fetch_add(&c->started, 1);
    size_t v = i;
    for (int k = 0; k < 1000 + (int)(i % 7) * 500; k++)   /* uneven items */
        v = v * 6364136223846793005u + 1;
    c->value[i] = v;
}

static int take(void *p, size_t i)
{
    ctx *c = p;
    if (i != c->next_take)
        c->out_of_order = 1;
    c->next_take = i + 1;
    size_t ahead = atomic_load(&c->started) - i;
    if (ahead > c->max_ahead)
        c->max_ahead = ahead;
    return i == c->stop_at ? -7 : 0;
}

static void run(size_t n, unsigned jobs, size_t window, size_t stop_at, int want_rc)
{
    ctx c = {.n = n, .window = window, .stop_at = stop_at};
    c.worked = calloc(n ? n : 1, sizeof *c.worked);
    c.value = calloc(n ? n : 1, sizeof *c.value);
    int rc = chr_par_run(n, jobs, window, work, take, &c);
    cr_expect_eq(rc, want_rc, "n %zu jobs %u: returned %d", n, jobs, rc);
    cr_expect_eq(c.out_of_order, 0, "n %zu jobs %u: taken out of order", n, jobs);
    size_t last = stop_at < n ? stop_at : n - 1;
    for (size_t i = 0; n && i <= last; i++)
        cr_expect_eq(atomic_load(&c.worked[i]), 1, "item %zu worked on %d times", i,
                     atomic_load(&c.worked[i]));
    for (size_t i = 0; i < n; i++)
        cr_expect_leq(atomic_load(&c.worked[i]), 1);
    if (jobs > 1 && window > 0)
        cr_expect_leq(c.max_ahead, window, "n %zu jobs %u: %zu items ahead, window %zu", n,
                      jobs, c.max_ahead, window);
    free(c.worked);
    free(c.value);
}

static const struct { size_t n; unsigned jobs; size_t window; } rows[] = {
    {0, 4, 0},   {1, 4, 0},    {7, 1, 0},    {7, 2, 0},   {1000, 2, 0},
    {1000, 4, 3}, {1000, 8, 1}, {33, 300, 0}, {500, 3, 64},
};

Test(par, every_item_once_taken_in_order)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        run(rows[i].n, rows[i].jobs, rows[i].window, SIZE_MAX, 0);
}

Test(par, a_failed_take_stops_the_run)
{
    run(1000, 4, 0, 10, -7);
    run(1000, 1, 0, 0, -7);
    run(20, 3, 2, 19, -7);
}

Test(par, cores_present)
{
    cr_expect_geq(chr_par_cores(), 1);
}
