/* cmd_events.c - chronicle events: every event of one document, dated or not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chronicle/json.h"
#include "cli.h"

static int run(int argc, char **argv)
{
    chr_corpus_opts opts;
    chr_corpus_opts_init(&opts);
    opts.keep_undated = 1;
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        int m;
        if ((m = cli_reading_opt(argc, argv, &i, &opts)) != 0) {
            if (m < 0)
                goto usage;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_err("events: unknown option '%s'", argv[i]);
            goto usage;
        } else if (file == NULL) {
            file = argv[i];
        } else {
            cli_err("events: one FILE only");
            goto usage;
        }
    }
    if (file == NULL) {
        cli_err("events: no FILE given");
        goto usage;
    }
    chr_docinfo info;
    chr_mention_list ml = {0};
    chr_error err = {0};
    if (chr_corpus_extract_file(file, &opts, &info, &ml, &err) != 0) {
        cli_report(&err);
        chr_mention_list_free(&ml);
        return EXIT_FAIL;
    }
    int rc = EXIT_OK;
    for (size_t i = 0; rc == EXIT_OK && i < ml.count; i++) {
        size_t n;
        char *line = chr_json_event_report_line(&ml.items[i], &n);
        if (line == NULL || cli_out(line, n) != 0)
            rc = EXIT_FAIL;
        free(line);
    }
    chr_docinfo_clear(&info);
    chr_mention_list_free(&ml);
    return cli_finish(rc);
usage:
    fputs(cmd_events.usage, stderr);
    return EXIT_USAGE;
}

const cli_cmd cmd_events = {
    "events", "list every event found in one document, dated or not",
    "usage: chronicle events FILE [--dct YYYY-MM-DD] [--date-order dmy|mdy]\n"
    "                        [--follow-links] [--encoding CHARSET]\n"
    "\n"
    "Prints one JSON line per event mention, with \"dated\": false and a\n"
    "\"left_out\" reason for those that cannot be placed in the chronology.\n",
    run};
