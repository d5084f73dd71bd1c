/* cmd_merge.c - chronicle merge: the reduce step. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/json.h"
#include "chronicle/par.h"
#include "cli.h"

static char *slurp(FILE *f, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (buf == NULL)
        return NULL;
    for (;;) {
        if (n == cap) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int load(chr_chron *c, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL) {
        cli_err("%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    size_t len = 0;
    char *buf = slurp(f, &len);
    if (f != stdin)
        fclose(f);
    if (buf == NULL) {
        cli_err("%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    chr_error err = {0};
    int rc = chr_json_load(buf, len, strcmp(path, "-") == 0 ? "<stdin>" : path, c, &err);
    free(buf);
    if (rc != 0) {
        cli_report(&err);
        return -1;
    }
    return 0;
}

static int run(int argc, char **argv)
{
    const char *format = "json", *out = NULL;
    int pretty = 0, nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m;
        if ((m = cli_opt(argc, argv, &i, "--format", &v)) != 0) {
            if (m < 0)
                goto usage;
            if (cli_choice("--format", v, (const char *const[]){"json", "ics", NULL}) != 0)
                goto usage;
            format = v;
        } else if ((m = cli_opt(argc, argv, &i, "-o", &v)) != 0 ||
                   (m = cli_opt(argc, argv, &i, "--output", &v)) != 0) {
            if (m < 0)
                goto usage;
            out = v;
        } else if (strcmp(argv[i], "--pretty") == 0) {
            pretty = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_err("merge: unknown option '%s'", argv[i]);
            goto usage;
        } else {
            nfiles++;
        }
    }
    chr_chron *c = chr_chron_new();
    if (c == NULL)
        return EXIT_FAIL;
    int rc = EXIT_OK;
    if (nfiles == 0)
        rc = load(c, "-") == 0 ? EXIT_OK : EXIT_FAIL;
    for (int i = 1; rc == EXIT_OK && i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--pretty") == 0)
            continue;
        if (a[0] == '-' && a[1] != '\0') {
            if (strchr(a, '=') == NULL)
                i++;
            continue;
        }
        if (load(c, a) != 0)
            rc = EXIT_FAIL;
    }
    chr_error err = {0};
    if (rc == EXIT_OK && chr_chron_build(c, &err) != 0) {
        cli_report(&err);
        rc = EXIT_FAIL;
    }
    if (rc == EXIT_OK)
        rc = cli_emit(c, format, pretty, chr_par_cores(), out);
    cli_leave(c);
    return cli_finish(rc);
usage:
    fputs(cmd_merge.usage, stderr);
    return EXIT_USAGE;
}

const cli_cmd cmd_merge = {
    "merge", "merge mention lines or timelines into one chronology (reduce step)",
    "usage: chronicle merge [FILE...] [--format json|ics] [-o|--output FILE]\n"
    "                       [--pretty]\n"
    "\n"
    "Reads the output of 'chronicle extract' (JSON lines) and/or timelines\n"
    "printed by 'timeline' or 'merge' (standard input by default), in any\n"
    "order and split any way, and prints the merged chronology.  Merging\n"
    "merged outputs gives the same bytes as one merge of everything; a\n"
    "mention seen twice counts once.\n",
    run};
