/*
 * cli.h - the chronicle command line: the subcommand table entry, exit
 * codes, and small helpers shared by the subcommands.  Only argument
 * parsing, wiring and printing live in cmd/; everything else is in core.
 */
#ifndef CHRONICLE_CLI_H
#define CHRONICLE_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/chron.h"
#include "chronicle/corpus.h"
#include "chronicle/error.h"

/* Options for a command that reads documents: chr_corpus_opts_init, with
 * one job per core present. */
void cli_corpus_opts_init(chr_corpus_opts *opts);

/* Exit codes of every subcommand. */
enum {
    EXIT_OK = 0,       /* success */
    EXIT_FAIL = 1,     /* a file or the data was bad, or a write failed */
    EXIT_USAGE = 2     /* bad arguments */
};

typedef struct cli_cmd {
    const char *name;
    const char *summary;
    const char *usage;          /* full help text */
    int (*run)(int argc, char **argv);   /* argv[0] is the subcommand */
} cli_cmd;

extern const cli_cmd cmd_dates, cmd_timeline, cmd_extract, cmd_merge, cmd_events,
    cmd_snapshot, cmd_diff;

/* "chronicle: " + message on stderr. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An error record as "chronicle: FILE:OFFSET: message", or "chronicle:
 * FILE: message" when it points at no byte (CHR_NO_OFFSET). */
void cli_report(const chr_error *e);
/* Report callback for corpus builds. */
void cli_report_cb(void *ctx, const chr_error *e);

/* Option parsing: is argv[*i] the option name (as "--name value" or
 * "--name=value")?  Sets *val and advances *i.  Returns 1 on match, 0 if
 * not this option, -1 when the value is missing (message printed). */
int cli_opt(int argc, char **argv, int *i, const char *name, const char **val);
int cli_help_asked(int argc, char **argv);

/* Is val one of the NULL-terminated choices?  0, or -1 with "OPT: 'val';
 * expected a, b or c" printed. */
int cli_choice(const char *opt, const char *val, const char *const *choices);

/* Parse --dct and --date-order values into opts; 0 or -1 (message printed). */
int cli_parse_dct(const char *val, chr_corpus_opts *opts);
int cli_parse_order(const char *val, chr_corpus_opts *opts);

/* Write all of buf to the output (stdout when path is NULL or "-");
 * returns 0, or -1 with a message printed. */
int cli_write(const char *path, const char *buf, size_t len);
/* fwrite to stdout checked; -1 with a message on failure. */
int cli_out(const char *buf, size_t len);
/* Append line (n bytes, malloc'd, taken over: freed in any case) to the
 * output a worker keeps for the calling thread, *buf of *len bytes in
 * *cap; 0, or -1 when memory runs out (line NULL counts as that). */
int cli_keep_line(char **buf, size_t *len, size_t *cap, char *line, size_t n);
/* Flush and check stdout at the end; returns EXIT_OK or EXIT_FAIL. */
int cli_finish(int rc);
/* The chronology a command has done with as it ends (taken over): left
 * for the process's exit to take back. */
void cli_leave(chr_chron *c);

/* Render a built chronology in format "json" or "ics", on up to jobs
 * threads (the same bytes for any number). */
char *cli_render(const chr_chron *c, const char *format, int pretty, unsigned jobs, size_t *len);

/* Render and write to out (stdout when NULL or "-"); EXIT_OK or EXIT_FAIL
 * with a message printed. */
int cli_emit(const chr_chron *c, const char *format, int pretty, unsigned jobs, const char *out);

/* -j N, -jN, --jobs N, --jobs=N at argv[*i]: documents analysed at once,
 * 1 to 256.  1 consumed (*jobs set), 0 not this option, -1 bad (message
 * printed). */
int cli_jobs_opt(int argc, char **argv, int *i, unsigned *jobs);

/* The options every reading command takes, --dct, --date-order,
 * --follow-links, --no-recurse, --encoding and -j, at argv[*i]: 1
 * consumed (opts set), 0 not one of them, -1 bad (message printed). */
int cli_reading_opt(int argc, char **argv, int *i, chr_corpus_opts *opts);

#endif
