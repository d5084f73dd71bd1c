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
#include "chronicle/par.h"
#include "cli.h"

/* Exit status as diff(1). */
enum { DIFF_SAME = 0, DIFF_CHANGED = 1, DIFF_TROUBLE = 2 };

/* The two sides, read at once when both are files. */
struct sides {
    const char *path[2];
    const chr_corpus_opts *opts;
    chr_chron *c[2];
    chr_error err[2];
    int errnum[2];              /* stat's errno, or 0 */
};

/* A corpus folder is built; anything else is read as a snapshot (or a
 * timeline, or mention lines). */
static void open_side(void *ctx, size_t i)
{
    struct sides *s = ctx;
    struct stat st;
    if (stat(s->path[i], &st) != 0) {
        s->errnum[i] = errno ? errno : EIO;
        return;
    }
    s->c[i] = S_ISDIR(st.st_mode) ? chr_corpus_build(s->path[i], s->opts, &s->err[i])
                                  : chr_version_read(s->path[i], NULL, &s->err[i]);
}

/* Side i read: its error, if any, said in order; non-zero stops. */
static int took_side(void *ctx, size_t i)
{
    struct sides *s = ctx;
    if (s->errnum[i] != 0)
        cli_err("%s: cannot open: %s", s->path[i], strerror(s->errnum[i]));
    else if (s->c[i] == NULL)
        cli_report(&s->err[i]);
    return s->c[i] == NULL;
}

/* Both sides, or NULL in c[...] with the first failure reported.  Two
 * snapshot files are read on two threads (each read is one thread's
 * work); corpus folders one after the other, each on opts' threads. */
static void open_sides(struct sides *s)
{
    struct stat st;
    int files = stat(s->path[0], &st) == 0 && !S_ISDIR(st.st_mode) &&
                stat(s->path[1], &st) == 0 && !S_ISDIR(st.st_mode);
    unsigned jobs = files && s->opts->jobs > 1 ? 2 : 1;
    chr_par_run(2, jobs, 2, open_side, took_side, s);
}

/* Side i's chronology freed; both at once when there are cores for it
 * (freeing two chronologies of 100,000 events, their every string, took
 * 6% of the work of a diff of two snapshot files, all of it after the
 * output, on one thread). */
static void free_side(void *ctx, size_t i)
{
    struct sides *s = ctx;
    chr_chron_free(s->c[i]);
    s->c[i] = NULL;
}

static int freed_side(void *ctx, size_t i)
{
    (void)ctx;
    (void)i;
    return 0;
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
    struct sides sd = {{side[0], side[1]}, &opts, {NULL, NULL}, {{0}, {0}}, {0, 0}};
    open_sides(&sd);
    chr_chron *a = sd.c[0], *b = sd.c[1];
    if (a == NULL || b == NULL) {
        chr_chron_free(a);
        chr_chron_free(b);
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
    chr_par_run(2, opts.jobs > 1 ? 2 : 1, 2, free_side, freed_side, &sd);
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
