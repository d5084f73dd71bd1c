/* docfile.c - a document's text or file (see docfile.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "chronicle/format.h"
#include "docfile.h"

enum what { TEXT, FILE_BYTES };

/* The document path names, and what of it: "/documents/NAME" (its text,
 * as before), "/documents/NAME/text", "/documents/NAME/file".  A name
 * that is itself a document wins over a suffix (a folder may hold a file
 * called "text").  NULL when none is. */
static const chr_docinfo *find(const chr_chron *c, const char *path, enum what *w)
{
    const char *rest = path + strlen("/documents/");
    char *name = evhttp_uridecode(rest, 0, NULL);
    const chr_docinfo *d = NULL;
    *w = TEXT;
    if (name != NULL && name[0] != '\0')
        d = chr_chron_find_doc(c, name);
    size_t n = name ? strlen(name) : 0;
    if (d == NULL && n > 5 && (strcmp(name + n - 5, "/text") == 0 || strcmp(name + n - 5, "/file") == 0)) {
        *w = strcmp(name + n - 5, "/file") == 0 ? FILE_BYTES : TEXT;
        name[n - 5] = '\0';
        d = chr_chron_find_doc(c, name);
    }
    free(name);
    /* names come from the listing: never a way out of the folder */
    if (d != NULL && (d->name[0] == '/' || strstr(d->name, "..") != NULL))
        d = NULL;
    return d;
}

static const char *file_type(const chr_docinfo *d)
{
    if (strcmp(d->format, "pdf") == 0)
        return "application/pdf";
    if (strcmp(d->format, "docx") == 0)
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    if (strcmp(d->format, "email") == 0)
        return "message/rfc822";
    if (strcmp(d->format, "html") == 0)
        return "text/html";
    return d->encoding[0] ? "text/plain" : "text/plain; charset=utf-8";
}

void docfile_reply(struct request *r, const char *corpus, const char *encoding,
                   const chr_chron *c, const char *path)
{
    enum what w;
    const chr_docinfo *d = find(c, path, &w);
    if (d == NULL) {
        reply_error(r, 404, NULL, "no such document in the current corpus version; expected "
                    "/documents/NAME, /documents/NAME/text or /documents/NAME/file with a "
                    "name from /documents");
        return;
    }
    char file[4096];
    chr_error err;
    chr_error_clear(&err);
    if ((size_t)snprintf(file, sizeof file, "%s/%s", corpus, d->name) >= sizeof file) {
        reply_error(r, 410, NULL, "the document's path is too long to read");
        return;
    }
    chr_doc *doc = NULL;
    char *bytes = NULL;
    size_t len = 0;
    if (w == FILE_BYTES) {
        int64_t mtime;
        if (chr_doc_load(file, &bytes, &len, &mtime, &err) == 0)
            doc = chr_doc_adopt(d->name, file, bytes, len, mtime, NULL, 0, &err);
        bytes = NULL;
    } else {
        /* the same reader as the build, so the same text and offsets */
        chr_format_opts fo = {encoding};
        doc = chr_format_read(file, d->name, &fo, NULL, &err);
    }
    if (doc == NULL) {
        reply_error(r, 410, NULL, err.msg[0] ? err.msg : "the document cannot be read any more");
        return;
    }
    if (strcmp(chr_doc_sha256(doc), d->sha256) != 0) {
        chr_doc_free(doc);
        reply_error(r, 409, NULL, "the document changed since this corpus version was built; "
                    "reload the page when the new version is in");
        return;
    }
    /* the file as it is on disk; the text as the analysis saw it */
    const char *text = w == FILE_BYTES ? chr_doc_original(doc, &len) : chr_doc_text(doc, &len);
    size_t n = len;
    char *copy = malloc(n + 1);
    if (copy != NULL)
        memcpy(copy, text, n);
    const char *type = w == FILE_BYTES ? file_type(d) : "text/plain; charset=utf-8";
    chr_doc_free(doc);
    if (copy == NULL) {
        reply_error(r, 503, NULL, "out of memory; try again");
        return;
    }
    struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
    /* a page or a PDF from the folder never runs script as this site */
    if (w == FILE_BYTES)
        evhttp_add_header(h, "Content-Security-Policy", "sandbox");
    evhttp_add_header(h, "X-Chronicle-Text-Of",
                      w == FILE_BYTES ? "file" : d->text_sha256[0] ? "converted" : "original");
    reply_bytes(r, 200, type, copy, n);
}
