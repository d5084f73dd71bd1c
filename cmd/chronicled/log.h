/*
 * log.h - chronicled's log: one line per event on stderr (time, level,
 * message, key=value fields), written by a thread of its own so the loop
 * never blocks on a slow stderr.  Lines that do not fit in the buffer are
 * dropped and counted.  Every function may be called from any thread.
 */
#ifndef CHRONICLED_LOG_H
#define CHRONICLED_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "chronicle/error.h"

/* Start the writer thread; 0 or -1.  Before it runs, lines are written
 * directly. */
int log_start(void);
/* Flush and stop the writer; safe if not started. */
void log_stop(void);
/* Before _exit: wait at most ms for what is buffered to be written (a
 * stuck stderr keeps it); the writer thread is left running. */
void log_flush_for_exit(int ms);
void log_line(const char *level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void log_access(const char *method, const char *path, int status,
                size_t bytes, double seconds);
uint64_t log_dropped(void);
/* A chr_report_fn: logs a file the corpus build left out. */
void log_report_file(void *ctx, const chr_error *e);
/* An event_log_cb for libevent's own messages: logged like ours, at most
 * a few a second (the rest are dropped and counted). */
void log_libevent(int severity, const char *msg);
/* Copy [s, s+len) into dst (cap bytes, NUL-terminated) with control bytes,
 * bytes above 0x7E, '"' and '\\' written as \xHH; returns the length. */
size_t log_escape(char *dst, size_t cap, const char *s, size_t len);

#endif
