/* test_layout.c - tests/check-layout.sh, the layout rules `make test`
 * enforces: it passes on this tree, and fails, naming the file, on small
 * trees that break each rule. */
#include <criterion/criterion.h>
#include <string.h>

#include "testutil.h"

Test(layout, this_tree_keeps_the_rules)
{
    char *out = NULL;
    int st = tu_run("sh tests/check-layout.sh 2>&1", &out, NULL);
    cr_expect_eq(st, 0, "check-layout failed:\n%s", out);
    free(out);
}

/* Files of a bad tree, "PATH=CONTENT" each, and what the checker must say. */
static const struct {
    const char *files[4];
    const char *says;
} bad[] = {
    {{"core/base/a.c=#include \"tag/b_int.h\"\n", "core/tag/b.c=\n", "core/tag/b_int.h=\n"},
     "core/base/a.c (stage base) includes core/tag/b_int.h of the later stage tag"},
    {{"core/chron/a.c=#include \"chronicle/r.h\"\n", "core/render/r.c=\n", "include/chronicle/r.h=\n"},
     "core/chron/a.c (stage chron) includes include/chronicle/r.h of the later stage render"},
    {{"core/serve/a.c=#include \"../../cmd/x/y.h\"\n", "cmd/x/y.h=\n"},
     "core never includes cmd/"},
    {{"cmd/d/server.c=#include \"render.h\"\n", "cmd/d/render.c=#include \"server.h\"\n",
      "cmd/d/server.h=\n", "cmd/d/render.h=\n"},
     "include cycle"},
    {{"include/chronicle/lost.h=\n"}, "no core/STAGE/lost.c implements this header"},
};

static void write_tree(const char *dir, const char *const *files)
{
    for (size_t k = 0; k < 4 && files[k]; k++) {
        const char *eq = strchr(files[k], '=');
        char path[512], cmd[600];
        snprintf(path, sizeof path, "%s/%.*s", dir, (int)(eq - files[k]), files[k]);
        snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s')\"", path);
        cr_assert_eq(system(cmd), 0);
        cr_assert_eq(tu_write(path, eq + 1, strlen(eq + 1)), 0);
    }
}

Test(layout, each_broken_rule_is_named)
{
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *dir = tu_tmpdir();
        write_tree(dir, bad[i].files);
        char cmd[600], *out = NULL;
        snprintf(cmd, sizeof cmd, "sh tests/check-layout.sh '%s' 2>&1", dir);
        int st = tu_run(cmd, &out, NULL);
        cr_expect_neq(st, 0, "case %zu passed:\n%s", i, out);
        cr_expect(strstr(out, bad[i].says) != NULL, "case %zu: '%s' not in:\n%s", i,
                  bad[i].says, out);
        free(out);
        cr_assert_eq(tu_rmtree(dir), 0);
        free(dir);
    }
}

Test(layout, long_functions_and_files_are_named)
{
    char *dir = tu_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/core/base", dir);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", path);
    cr_assert_eq(system(cmd), 0);
    /* a function of 121 lines */
    size_t cap = 200 * 16, n = 0;
    char *src = malloc(cap);
    n += (size_t)snprintf(src + n, cap - n, "int f(void)\n{\n");
    for (int i = 0; i < 121; i++)
        n += (size_t)snprintf(src + n, cap - n, "    ;\n");
    n += (size_t)snprintf(src + n, cap - n, "}\n");
    snprintf(path, sizeof path, "%s/core/base/long.c", dir);
    cr_assert_eq(tu_write(path, src, n), 0);
    free(src);
    char *out = NULL;
    snprintf(cmd, sizeof cmd, "sh tests/check-layout.sh '%s' 2>&1", dir);
    cr_expect_neq(tu_run(cmd, &out, NULL), 0);
    cr_expect(strstr(out, "function of 121 lines") != NULL, "%s", out);
    free(out);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}
