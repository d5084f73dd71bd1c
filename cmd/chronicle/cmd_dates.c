/* cmd_dates.c - chronicle dates: the temporal expressions of documents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/corpus.h"
#include "chronicle/doc.h"
#include "chronicle/json.h"
#include "chronicle/tag.h"
#include "cli.h"

static int dates_file(const char *path, const chr_corpus_opts *opts)
{
    chr_error err = {0};
    chr_analysis *a = chr_corpus_open(path, opts, 1, &err);
    if (a == NULL) {
        cli_report(&err);
        return EXIT_FAIL;
    }
    chr_doc *doc = chr_analysis_doc(a);
    size_t first;
    const char *why;
    size_t bad = chr_doc_bad_bytes(doc, &first, &why);
    if (bad)
        cli_err("%s:%zu: %s (%zu bytes not text, read as spaces)", path, first, why, bad);
    int rc = EXIT_OK;
    if (chr_analysis_run(a, CHR_ORDER_AUTO, &err) != 0) {
        cli_report(&err);
        rc = EXIT_FAIL;
    }
    const char *text = chr_doc_text(doc, NULL);
    const chr_timex_list *tl = chr_analysis_timexes(a);
    for (size_t i = 0; rc == EXIT_OK && i < tl->count; i++) {
        size_t n;
        char *line = chr_json_timex_line(chr_doc_name(doc), text, &tl->items[i], &n);
        if (line == NULL) {
            cli_err("out of memory");
            rc = EXIT_FAIL;
        } else if (cli_out(line, n) != 0) {
            rc = EXIT_FAIL;
        }
        free(line);
    }
    chr_analysis_free(a);
    return rc;
}

static int run(int argc, char **argv)
{
    chr_corpus_opts opts;
    chr_corpus_opts_init(&opts);
    int nfiles = 0, rc = EXIT_OK;
    char **files = calloc((size_t)argc, sizeof *files);
    if (files == NULL)
        return EXIT_FAIL;
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = cli_reading_opt(argc, argv, &i, &opts)) != 0) {
            if (m < 0)
                goto usage;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_err("dates: unknown option '%s'", argv[i]);
            goto usage;
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (nfiles == 0) {
        cli_err("dates: no FILE given");
        goto usage;
    }
    for (int i = 0; i < nfiles; i++)
        if (dates_file(files[i], &opts) != EXIT_OK)
            rc = EXIT_FAIL;
    free(files);
    return cli_finish(rc);
usage:
    free(files);
    fputs(cmd_dates.usage, stderr);
    return EXIT_USAGE;
}

const cli_cmd cmd_dates = {
    "dates", "list the date, time, duration and set expressions of documents",
    "usage: chronicle dates FILE... [--dct YYYY-MM-DD] [--date-order dmy|mdy]\n"
    "                       [--follow-links] [--encoding CHARSET]\n"
    "\n"
    "Prints one JSON line per temporal expression:\n"
    "  {\"doc\",\"start\",\"end\",\"text\",\"type\",\"value\",\"mod\",\"range\",\"anchor\"}\n"
    "start/end are byte offsets; range is the inclusive [first, last] day.\n"
    "The document date (DCT) comes from --dct, a sidecar NAME.meta.json, or\n"
    "the text (dateline, Date: header, letter date).\n",
    run};
