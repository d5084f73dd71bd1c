/* main.c - the chronicle command: dispatch to one subcommand. */
#include <stdio.h>
#include <string.h>

#include "chronicle/buildinfo.h"
#include "cli.h"

static const cli_cmd *const commands[] = {
    &cmd_dates, &cmd_timeline, &cmd_extract, &cmd_merge, &cmd_events,
    &cmd_snapshot, &cmd_diff,
};

static void usage(FILE *f)
{
    fprintf(f, "usage: chronicle COMMAND [ARGS]\n"
               "       chronicle --help | --version\n\n"
               "Turns a folder of documents into a chronology of dated events.\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(f, "\n'chronicle COMMAND --help' describes one command; --version prints\n"
               "the version and those of the libraries it runs with.\n"
               "exit status: 0 success, 1 failure, 2 bad usage\n");
}

/* "chronicle VERSION", then the libraries on one line. */
static int version(void)
{
    printf("chronicle %s\n", chr_build_version());
    for (unsigned i = 0; i < CHR_BUILD_LIBRARIES; i++) {
        char ver[64];
        const char *name = chr_build_library(i, ver, sizeof ver);
        printf("%s%s %s", i ? ", " : "", name, ver);
    }
    printf("\n");
    return cli_finish(EXIT_OK);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return cli_finish(EXIT_OK);
    }
    if (strcmp(argv[1], "--version") == 0)
        return version();
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i]->name) == 0) {
            if (cli_help_asked(argc - 1, argv + 1)) {
                fputs(commands[i]->usage, stdout);
                return cli_finish(EXIT_OK);
            }
            return commands[i]->run(argc - 1, argv + 1);
        }
    cli_err("unknown command '%s'", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
