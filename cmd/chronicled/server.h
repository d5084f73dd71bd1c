/*
 * server.h - the daemon as a whole: its settings, its exit codes, and the
 * run from the first build to a clean stop.
 */
#ifndef CHRONICLED_SERVER_H
#define CHRONICLED_SERVER_H

#include <stddef.h>

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Most --cors origins and --host names. */
#define CONFIG_MAX_NAMES 16

struct config {
    char host[256];             /* listen address (numeric) */
    int port;                   /* 0: any free port */
    const char *corpus;
    const char *state;          /* history folder; NULL: CORPUS/.chronicle */
    int quiet;                  /* no access log */
    int follow_links;           /* read links that leave the corpus folder */
    int no_recurse;             /* read the folder's own files only */
    const char *origins[CONFIG_MAX_NAMES];  /* --cors: CORS for JSON */
    size_t norigins;
    const char *hosts[CONFIG_MAX_NAMES];    /* --host: Host names answered */
    size_t nhosts;
    const char *token;          /* --token-file's token; NULL: none */
    int verbose_health;         /* /healthz shows the folders' paths */
    double poll;                /* seconds between corpus polls, 0: inotify */
    int timeout;                /* request timeout, seconds */
    size_t max_conns;
    size_t max_client_conns;    /* per client address; 0: the default */
    size_t client_renders;      /* uncached renders open per client address */
    double build_stall;         /* --build-stall seconds */
    double grace;               /* --grace: seconds to finish after SIGTERM */
    unsigned jobs;              /* --jobs: documents a build reads at once */
    const char *encoding;       /* --encoding: charset of 8-bit text; NULL: guess */
    size_t max_header;          /* bytes of request line + headers */
    size_t max_body;
    size_t max_uri;
    int max_age;                /* Cache-Control max-age of the feeds */
    size_t cache_entries;       /* per snapshot */
    size_t cache_bytes;
};

/* Build the first snapshot, listen and run until SIGINT/SIGTERM.  Returns
 * an exit code. */
int server_run(const struct config *cfg);

#endif
