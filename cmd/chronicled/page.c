/* page.c - the browser page at / and the files it loads, embedded in the
 * binary at build time (embed.sh), each prepared once as a body with its
 * gzip form and a strong entity-tag so the server replies to them the way
 * it replies to the feeds. */
#include <stdlib.h>
#include <string.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "chronicle/snap.h"
#include "page.h"

/* The page only talks to its own origin and only runs its own files: no
 * inline script, no inline event handler, no inline style, no plugins,
 * nothing framed or framing.  Document text is inserted as text, so this
 * is the second wall, not the first. */
#define PAGE_CSP "default-src 'none'; script-src 'self'; style-src 'self'; " \
                 "img-src 'self'; connect-src 'self'; base-uri 'none'; " \
                 "form-action 'self'; frame-ancestors 'none'"

struct page {
    chr_body **body;            /* one per page_files[] entry */
    size_t n;
};

static const struct {
    const char *ext;
    const char *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
};

static const char *type_of(const char *name)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t el = strlen(types[i].ext);
        if (nl > el && strcmp(name + nl - el, types[i].ext) == 0)
            return types[i].type;
    }
    return "application/octet-stream";
}

int page_route(const char *path)
{
    if (path == NULL || path[0] != '/')
        return -1;
    const char *name = path[1] == '\0' ? "index.html" : path + 1;
    for (size_t i = 0; i < page_file_count; i++)
        if (strcmp(page_files[i].name, name) == 0)
            return (int)i;
    return -1;
}

static chr_body *body_of(const struct page_file *f)
{
    char *data = malloc(f->len > 0 ? f->len : 1);
    if (data == NULL)
        return NULL;
    memcpy(data, f->data, f->len);
    /* No Last-Modified: the build time says nothing about the content,
     * and the entity-tag already changes exactly when the bytes do. */
    chr_body *b = chr_body_new(data, f->len, type_of(f->name), "page", 0);
    if (b != NULL)
        (void)chr_body_gzip(b, 9);      /* no memory: served plain */
    return b;
}

struct page *page_new(void)
{
    struct page *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    p->body = calloc(page_file_count > 0 ? page_file_count : 1,
                     sizeof *p->body);
    if (p->body == NULL) {
        free(p);
        return NULL;
    }
    for (; p->n < page_file_count; p->n++) {
        p->body[p->n] = body_of(&page_files[p->n]);
        if (p->body[p->n] == NULL) {
            page_free(p);
            return NULL;
        }
    }
    return p;
}

void page_free(struct page *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->n; i++)
        chr_body_unref(p->body[i]);
    free(p->body);
    free(p);
}

chr_body *page_body(const struct page *p, const char *path)
{
    int i = page_route(path);
    if (p == NULL || i < 0 || (size_t)i >= p->n)
        return NULL;
    chr_body_ref(p->body[i]);
    return p->body[i];
}

void page_headers(struct evkeyvalq *h)
{
    evhttp_add_header(h, "Content-Security-Policy", PAGE_CSP);
    evhttp_add_header(h, "Referrer-Policy", "no-referrer");
}
