/*
 * page.h - the browser page at / and the files it loads, embedded at
 * build time by embed.sh from cmd/chronicled/assets/ (a generated C file
 * defines page_files and page_file_count), each served as a prebuilt
 * body like the feeds.  Loop thread only.
 */
#ifndef CHRONICLED_PAGE_H
#define CHRONICLED_PAGE_H

#include <stddef.h>

#include "chronicle/snap.h"

struct page_file {
    const char *name;           /* base name: "index.html", "app.js" ... */
    const unsigned char *data;
    size_t len;
    const char *hash;           /* first 32 hex digits of its SHA-256 */
};
extern const struct page_file page_files[];
extern const size_t page_file_count;

struct page;
struct evkeyvalq;

/* Every page file as a body (plain and gzip) with a strong entity-tag.
 * NULL when out of memory. */
struct page *page_new(void);
void page_free(struct page *p);          /* NULL is a no-op */
/* The index of the page file served at path ("/" is index.html), or -1. */
int page_route(const char *path);
/* The body served at path with a new reference (release it with
 * chr_body_unref), or NULL when no page file lives there. */
chr_body *page_body(const struct page *p, const char *path);
/* Headers every page reply carries: the Content-Security-Policy that
 * allows only the page's own scripts and styles, nosniff, no referrer. */
void page_headers(struct evkeyvalq *h);

#endif
