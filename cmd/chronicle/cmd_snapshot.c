/* cmd_snapshot.c - chronicle snapshot: a folder to a snapshot file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chronicle/version.h"
#include "cli.h"

static int run(int argc, char **argv)
{
    chr_corpus_opts opts;
    cli_corpus_opts_init(&opts);
    opts.report = cli_report_cb;
    const char *dir = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m;
        if ((m = cli_opt(argc, argv, &i, "-o", &v)) != 0 ||
            (m = cli_opt(argc, argv, &i, "--output", &v)) != 0) {
            if (m < 0)
                goto usage;
            out = v;
        } else if ((m = cli_reading_opt(argc, argv, &i, &opts)) != 0) {
            if (m < 0)
                goto usage;
        } else if (argv[i][0] == '-') {
            cli_err("snapshot: unknown option '%s'", argv[i]);
            goto usage;
        } else if (dir == NULL) {
            dir = argv[i];
        } else {
            cli_err("snapshot: one DIR only ('%s' is extra)", argv[i]);
            goto usage;
        }
    }
    if (dir == NULL) {
        cli_err("snapshot: no DIR given");
        goto usage;
    }
    chr_error err = {0};
    chr_chron *c = chr_corpus_build(dir, &opts, &err);
    if (c == NULL) {
        cli_report(&err);
        return EXIT_FAIL;
    }
    size_t len;
    char *buf = chr_version_render(c, (int64_t)time(NULL), &len);
    int rc = EXIT_OK;
    if (buf == NULL) {
        cli_err("out of memory rendering the snapshot");
        rc = EXIT_FAIL;
    } else if (out == NULL || strcmp(out, "-") == 0) {
        rc = cli_out(buf, len) == 0 ? EXIT_OK : EXIT_FAIL;
    } else if (chr_version_write_file(out, buf, len, &err) != 0) {
        cli_report(&err);
        rc = EXIT_FAIL;
    }
    free(buf);
    cli_leave(c);
    return cli_finish(rc);
usage:
    fputs(cmd_snapshot.usage, stderr);
    return EXIT_USAGE;
}

const cli_cmd cmd_snapshot = {
    "snapshot", "save the chronology of a folder as a snapshot file",
    "usage: chronicle snapshot DIR [-o|--output FILE.json] [--dct YYYY-MM-DD]\n"
    "                          [--date-order dmy|mdy] [--follow-links] [-j N]\n"
    "                          [--no-recurse] [--encoding CHARSET]\n"
    "\n"
    "Builds the chronology of DIR like 'chronicle timeline' and writes it as a\n"
    "snapshot: the JSON timeline (events with their evidence, every document\n"
    "with its SHA-256) with a \"snapshot\" header naming the corpus version (a\n"
    "hash over document names and contents) and the time it was taken.  FILE\n"
    "is replaced atomically (temporary file, fsync, rename); without -o the\n"
    "snapshot goes to standard output.  'chronicle diff' compares snapshots\n"
    "and folders.\n",
    run};
