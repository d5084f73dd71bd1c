/* cmd_extract.c - chronicle extract: the map step, one document at a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chronicle/json.h"
#include "cli.h"

static int extract_one(const char *path, const chr_corpus_opts *opts)
{
    chr_docinfo info;
    chr_mention_list ml = {0};
    chr_error err = {0};
    int rc = chr_corpus_extract_file(path, opts, &info, &ml, &err);
    if (rc != 0) {
        cli_report(&err);
        chr_mention_list_free(&ml);
        return rc == CHR_ENOMEM ? -1 : 1;
    }
    size_t n;
    char *line = chr_json_doc_line(&info, &n);
    int bad = line == NULL || cli_out(line, n) != 0;
    free(line);
    for (size_t i = 0; !bad && i < ml.count; i++) {
        line = chr_json_mention_line(&ml.items[i], &n);
        bad = line == NULL || cli_out(line, n) != 0;
        free(line);
    }
    chr_docinfo_clear(&info);
    chr_mention_list_free(&ml);
    return bad ? -1 : 0;
}

static int run(int argc, char **argv)
{
    chr_corpus_opts opts;
    chr_corpus_opts_init(&opts);
    int nargs = 0, failed = 0;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m;
        if ((m = cli_opt(argc, argv, &i, "--dct", &v)) != 0) {
            if (m < 0 || cli_parse_dct(v, &opts) != 0)
                goto usage;
        } else if ((m = cli_opt(argc, argv, &i, "--date-order", &v)) != 0) {
            if (m < 0 || cli_parse_order(v, &opts) != 0)
                goto usage;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_err("extract: unknown option '%s'", argv[i]);
            goto usage;
        } else {
            nargs++;
        }
    }
    if (nargs == 0) {
        cli_err("extract: no FILE given");
        goto usage;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] == '-' && a[1] != '\0') {
            if (strchr(a, '=') == NULL)
                i++;  /* skip the option's value */
            continue;
        }
        struct stat st;
        if (stat(a, &st) == 0 && S_ISDIR(st.st_mode)) {
            char **names;
            size_t n;
            chr_error err = {0};
            if (chr_corpus_list(a, &names, &n, &err) != 0) {
                cli_report(&err);
                failed = 1;
                continue;
            }
            for (size_t k = 0; k < n; k++) {
                size_t plen = strlen(a) + strlen(names[k]) + 2;
                char *p = malloc(plen);
                if (p == NULL) {
                    failed = 2;
                    break;
                }
                snprintf(p, plen, "%s/%s", a, names[k]);
                int r = extract_one(p, &opts);
                free(p);
                if (r < 0) {
                    failed = 2;
                    break;
                }
                failed |= r;
            }
            chr_corpus_names_free(names, n);
        } else {
            int r = extract_one(a, &opts);
            if (r < 0)
                failed = 2;
            else
                failed |= r;
        }
        if (failed == 2)
            break;
    }
    /* bad documents are reported and skipped, as in `timeline`; only a
     * failed write is fatal */
    return cli_finish(failed == 2 ? EXIT_FAIL : EXIT_OK);
usage:
    fputs(cmd_extract.usage, stderr);
    return EXIT_USAGE;
}

const cli_cmd cmd_extract = {
    "extract", "print the event mentions of documents as JSON lines (map step)",
    "usage: chronicle extract FILE|DIR... [--dct YYYY-MM-DD] [--date-order dmy|mdy]\n"
    "\n"
    "For each document, prints a {\"kind\":\"document\",...} line and one\n"
    "{\"kind\":\"mention\",...} line per dated event mention.  Each document is\n"
    "processed on its own, so the work can be split across processes or\n"
    "machines and put back together with 'chronicle merge'.\n"
    "Unusable files are reported on stderr and skipped (exit 0); a failed\n"
    "write exits 1.\n",
    run};
