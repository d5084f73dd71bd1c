/*
 * procstat.h - what chronicled says about itself: the process series
 * every Prometheus dashboard expects (CPU, memory, descriptors, start
 * time, named as Prometheus' own client libraries name them), the
 * chronicle_build_info gauge, and the --version text.  Any thread.
 */
#ifndef CHRONICLED_PROCSTAT_H
#define CHRONICLED_PROCSTAT_H

#include <stddef.h>
#include <stdio.h>

/* The process_* series (HELP, TYPE, sample) and chronicle_build_info, in
 * Prometheus text, into buf[0..cap), always terminated.  A figure the
 * system does not give (no /proc) is left out, never made up.  Returns
 * the length written, or 0 when cap is too small for all of it (buf then
 * holds "" so a caller never sends half a series). */
size_t procstat_metrics(char *buf, size_t cap);

/* "chronicled VERSION" and a line of the libraries it runs with, on f;
 * 0, or -1 when writing failed. */
int procstat_version(FILE *f);

#endif
