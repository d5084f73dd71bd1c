/*
 * ical.h - the iCalendar (RFC 5545) feed of a chronology, built with
 * libical.  libical types do not leave this module.
 *
 * The returned buffer is the caller's to free(); NUL-terminated, CRLF line
 * ends, folded at 75 octets.  NULL means out of memory.
 */
#ifndef CHRONICLE_ICAL_H
#define CHRONICLE_ICAL_H

#include <stddef.h>

#include "chronicle/chron.h"

typedef struct chr_ical_opts {
    const char *name;        /* calendar name; NULL: "chronicle" */
    const char *description; /* NULL: one default text for every version */
    const char *page_url;    /* the page ("http://host:port/"): each VEVENT
                                gets URL:<page_url>#e-<id>; NULL: none */
} chr_ical_opts;

/* The feed of the events idx[0..n) of c (idx NULL: all events). */
char *chr_ical_render(const chr_chron *c, const size_t *idx, size_t n,
                      const chr_ical_opts *opts, size_t *len);

#endif
