/* cmd_timeline.c - chronicle timeline: a folder to a chronology. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void count_report(void *ctx, const chr_error *e)
{
    (*(size_t *)ctx)++;
    cli_report(e);
}

static int run(int argc, char **argv)
{
    chr_corpus_opts opts;
    cli_corpus_opts_init(&opts);
    size_t bad = 0;
    opts.report = count_report;
    opts.report_ctx = &bad;
    const char *dir = NULL, *format = "json", *out = NULL;
    int pretty = 0;
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
        } else if ((m = cli_reading_opt(argc, argv, &i, &opts)) != 0) {
            if (m < 0)
                goto usage;
        } else if (strcmp(argv[i], "--pretty") == 0) {
            pretty = 1;
        } else if (argv[i][0] == '-') {
            cli_err("timeline: unknown option '%s'", argv[i]);
            goto usage;
        } else if (dir == NULL) {
            dir = argv[i];
        } else {
            cli_err("timeline: one DIR only ('%s' is extra); for several folders: "
                    "chronicle extract DIR... | chronicle merge", argv[i]);
            goto usage;
        }
    }
    if (dir == NULL) {
        cli_err("timeline: no DIR given");
        goto usage;
    }
    chr_error err = {0};
    chr_chron *c = chr_corpus_build(dir, &opts, &err);
    if (c == NULL) {
        cli_report(&err);
        return EXIT_FAIL;
    }
    int rc = cli_emit(c, format, pretty, opts.jobs, out);
    /* files were there but none could be read: say so in the status too */
    if (rc == EXIT_OK && bad > 0 && chr_chron_doc_count(c) == 0) {
        cli_err("%s: none of its %zu files could be used", dir, bad);
        rc = EXIT_FAIL;
    }
    cli_leave(c);
    return cli_finish(rc);
usage:
    fputs(cmd_timeline.usage, stderr);
    return EXIT_USAGE;
}

const cli_cmd cmd_timeline = {
    "timeline", "build the chronology of a folder of documents",
    "usage: chronicle timeline DIR [--format json|ics] [-o|--output FILE] [--pretty]\n"
    "                          [--dct YYYY-MM-DD] [--date-order dmy|mdy]\n"
    "                          [--follow-links] [--no-recurse] [--encoding CHARSET]\n"
    "                          [-j N]\n"
    "\n"
    "Reads every document of DIR and its subfolders (hidden files and folders,\n"
    "NAME.meta.json sidecars aside; --no-recurse: DIR's own files only): text\n"
    "in UTF-8 or another encoding (guessed, or --encoding), HTML, e-mail (.eml),\n"
    "PDF and .docx.  Finds dated events, merges mentions of the same event and\n"
    "prints the chronology as a JSON timeline (default) or an iCalendar feed.\n"
    "Files that cannot be used (unreadable, empty, damaged, another kind) are\n"
    "reported on stderr and left out; the rest still make a timeline (exit 1\n"
    "when no document of DIR could be used).  Equivalent to\n"
    "'chronicle extract DIR | chronicle merge'.\n"
    "-j N (--jobs N) analyses N documents at once (default: one per core);\n"
    "the output does not depend on N.\n",
    run};
