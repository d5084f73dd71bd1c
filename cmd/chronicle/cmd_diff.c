/* cmd_diff.c - chronicle diff: what changed between two versions. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chronicle/diff.h"
#include "chronicle/diffout.h"
#include "chronicle/version.h"
#include "cli.h"

/* Exit status as diff(1). */
enum { DIFF_SAME = 0, DIFF_CHANGED = 1, DIFF_TROUBLE = 2 };

/* A corpus folder is built; anything else is read as a snapshot (or a
 * timeline, or mention lines). */
static chr_chron *open_side(const char *path, const chr_corpus_opts *opts)
{
    struct stat st;
    chr_error err = {0};
    if (stat(path, &st) != 0) {
        cli_err("%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    chr_chron *c = S_ISDIR(st.st_mode) ? chr_corpus_build(path, opts, &err)
                                       : chr_version_read(path, NULL, &err);
    if (c == NULL)
        cli_report(&err);
    return c;
}

static int run(int argc, char **argv)
{
    chr_corpus_opts opts;
    cli_corpus_opts_init(&opts);
    opts.report = cli_report_cb;
    const char *side[2] = {NULL, NULL}, *format = "text", *when = "auto";
    int pretty = 0, nside = 0;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m;
        if ((m = cli_opt(argc, argv, &i, "--format", &v)) != 0) {
            if (m < 0)
                goto usage;
            if (cli_choice("--format", v, (const char *const[]){"text", "json", NULL}) != 0)
                goto usage;
            format = v;
        } else if ((m = cli_opt(argc, argv, &i, "--color", &v)) != 0) {
            if (m < 0)
                goto usage;
            if (cli_choice("--color", v, (const char *const[]){"auto", "always", "never", NULL}) != 0)
                goto usage;
            when = v;
        } else if ((m = cli_reading_opt(argc, argv, &i, &opts)) != 0) {
            if (m < 0)
                goto usage;
        } else if (strcmp(argv[i], "--pretty") == 0) {
            pretty = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_err("diff: unknown option '%s'", argv[i]);
            goto usage;
        } else if (nside < 2) {
            side[nside++] = argv[i];
        } else {
            cli_err("diff: two versions only ('%s' is extra)", argv[i]);
            goto usage;
        }
    }
    if (nside < 2) {
        cli_err("diff: expected OLD and NEW");
        goto usage;
    }
    chr_chron *a = open_side(side[0], &opts);
    chr_chron *b = a != NULL ? open_side(side[1], &opts) : NULL;
    if (b == NULL) {
        chr_chron_free(a);
        return DIFF_TROUBLE;
    }
    chr_error err = {0};
    chr_diff *d = chr_diff_new(a, b, &err);
    int rc = DIFF_TROUBLE;
    if (d == NULL) {
        cli_report(&err);
    } else {
        chr_diff_end from = {side[0], 0}, to = {side[1], 0};
        int color = strcmp(when, "always") == 0 ||
                    (strcmp(when, "auto") == 0 && isatty(STDOUT_FILENO) &&
                     getenv("NO_COLOR") == NULL);
        size_t len;
        char *out = strcmp(format, "json") == 0
                        ? chr_diffout_json(d, &from, &to, pretty, &len)
                        : chr_diffout_text(d, &from, &to, color, &len);
        if (out == NULL)
            cli_err("out of memory rendering the diff");
        else if (cli_out(out, len) == 0)
            rc = chr_diff_empty(d) ? DIFF_SAME : DIFF_CHANGED;
        free(out);
    }
    chr_diff_free(d);
    chr_chron_free(a);
    chr_chron_free(b);
    /* a failed write is trouble, never "changes" */
    return cli_finish(rc) != rc ? DIFF_TROUBLE : rc;
usage:
    fputs(cmd_diff.usage, stderr);
    return DIFF_TROUBLE;
}

const cli_cmd cmd_diff = {
    "diff", "show what changed between two versions of a chronology",
    "usage: chronicle diff OLD NEW [--format text|json] [--pretty]\n"
    "                      [--color auto|always|never]\n"
    "                      [--dct YYYY-MM-DD] [--date-order dmy|mdy]\n"
    "                      [--follow-links]\n"
    "\n"
    "OLD and NEW are each a corpus folder or a snapshot file ('chronicle\n"
    "snapshot', or any timeline JSON).  Events are paired by id, and an event\n"
    "whose id changed with its date or wording by its evidence (the same\n"
    "document and sentence, the same type or actors), so it shows as changed\n"
    "rather than removed and added.\n"
    "\n"
    "The text output lists events added (+), removed (-) and changed (~), each\n"
    "changed field as old -> new; colour only on a terminal (NO_COLOR turns it\n"
    "off).  --format json prints {\"from\",\"to\",\"summary\",\"added\",\"removed\",\n"
    "\"changed\":[{\"id\",\"fields\":{\"date\":{\"old\",\"new\"},...},\n"
    "\"sources_added\",\"sources_removed\"}],\"documents\"}.\n"
    "\n"
    "Exit status as diff(1): 0 no event changed, 1 events changed, 2 trouble.\n",
    run};
