/*
 * docfile.c - a document's text or file (see docfile.h).
 *
 * The text of a converted document (a PDF, a page, an e-mail, a .docx,
 * another encoding) is the one its build kept (chr_snap_doc_text): served
 * from memory, so a 5,000-page PDF is converted once per version, by the
 * build, and never on the loop.  What is not held is read from the folder
 * by a READ job of the work queue: the file itself, and the text of a
 * UTF-8 document (the file is its text), up to 256 MiB each and hashed to
 * check that it is still the file the version read -- too long for the
 * loop.  A client has at most its share of those open (--client-renders).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "chronicle/format.h"
#include "docfile.h"
#include "evmem.h"

#define READ_JOBS_MAX 8
#define READ_RUNNING 2
#define READ_WAITERS_MAX 64

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
    evmem_free(name);           /* libevent's memory */
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

/* X-Chronicle-Text-Of: what the reply holds, so a client can tell. */
static const char *text_of(const chr_docinfo *d, enum what w)
{
    return w == FILE_BYTES ? "file" : d->text_sha256[0] ? "converted" : "original";
}

static void add_headers(struct request *r, enum what w, const char *of)
{
    struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
    /* a page or a PDF from the folder never runs script as this site */
    if (w == FILE_BYTES)
        evhttp_add_header(h, "Content-Security-Policy", "sandbox");
    evhttp_add_header(h, "X-Chronicle-Text-Of", of);
}

/* ---- reading a file on a worker ---- */

struct read_job {
    struct work_job base;
    enum what what;
    char *file;                 /* CORPUS/NAME */
    char *name;
    char *encoding;             /* --encoding, or NULL */
    char sha256[65];            /* the file the version read */
    const char *type;           /* Content-Type of a 200 (static) */
    const char *of;             /* X-Chronicle-Text-Of (static) */
    /* the worker's */
    int status;                 /* 200, or the error's */
    char msg[256];             /* as a chr_error's */
    char *data;
    size_t len;
};

static void read_run(struct work_job *wj)
{
    struct read_job *j = (struct read_job *)wj;
    chr_error err;
    chr_error_clear(&err);
    chr_doc *doc = NULL;
    char *bytes = NULL;
    size_t len = 0;
    if (j->what == FILE_BYTES) {
        int64_t mtime;
        if (chr_doc_load(j->file, &bytes, &len, &mtime, &err) == 0)
            doc = chr_doc_adopt(j->name, j->file, bytes, len, mtime, NULL, 0, &err);
    } else {
        /* the same reader as the build, so the same text and offsets (a
         * converted text is read only when the version holds none) */
        chr_format_opts fo = {j->encoding};
        doc = chr_format_read(j->file, j->name, &fo, NULL, &err);
    }
    if (doc == NULL) {
        j->status = err.code == CHR_ENOMEM ? 503 : 410;
        snprintf(j->msg, sizeof j->msg, "%s",
                 err.code == CHR_ENOMEM ? "out of memory reading the document; try again"
                 : err.msg[0] ? err.msg : "the document cannot be read any more");
        return;
    }
    if (strcmp(chr_doc_sha256(doc), j->sha256) != 0) {
        chr_doc_free(doc);
        j->status = 409;
        snprintf(j->msg, sizeof j->msg, "the document changed since this corpus version was "
                 "built; reload the page when the new version is in");
        return;
    }
    /* the file as it is on disk; the text as the analysis saw it */
    const char *text = j->what == FILE_BYTES ? chr_doc_original(doc, &len) : chr_doc_text(doc, &len);
    if ((j->data = malloc(len + 1)) != NULL) {
        memcpy(j->data, text, len);
        j->len = len;
        j->status = 200;
    } else {
        j->status = 503;
        snprintf(j->msg, sizeof j->msg, "out of memory; try again");
    }
    chr_doc_free(doc);
}

static void read_free(struct work_job *wj)
{
    struct read_job *j = (struct read_job *)wj;
    free(j->file);
    free(j->name);
    free(j->encoding);
    free(j->data);
    free(j);
}

static void read_done(struct work_job *wj)
{
    struct read_job *j = (struct read_job *)wj;
    for (struct waiter *wt = j->base.waiters, *next; wt != NULL; wt = next) {
        next = wt->next;
        if (j->status != 200) {
            reply_error(&wt->req, j->status, NULL, j->msg);
        } else {
            /* the last waiter takes the bytes, any other a copy */
            char *data = next == NULL ? j->data : malloc(j->len + 1);
            if (data == NULL) {
                reply_error(&wt->req, 503, NULL, "out of memory; try again");
            } else {
                if (data != j->data)
                    memcpy(data, j->data, j->len);
                else
                    j->data = NULL;
                add_headers(&wt->req, j->what, j->of);
                reply_bytes(&wt->req, 200, j->type, data, j->len);
            }
        }
        waiter_free(wt);
    }
    j->base.waiters = NULL;
    read_free(wj);
}

static int read_same(const struct work_job *a, const struct work_job *b)
{
    const struct read_job *x = (const struct read_job *)a;
    const struct read_job *y = (const struct read_job *)b;
    return x->what == y->what && strcmp(x->file, y->file) == 0 &&
           strcmp(x->sha256, y->sha256) == 0;
}

static const struct work_type read_type = {
    WORK_READ, "read", READ_JOBS_MAX, READ_RUNNING, READ_WAITERS_MAX,
    read_run, read_done, read_free, read_same,
};

/* Ask a worker to read document d of the folder corpus for r. */
static void read_on_worker(struct work *w, struct request *r, const char *corpus,
                           const char *encoding, const chr_docinfo *d, enum what what)
{
    struct read_job *j = calloc(1, sizeof *j);
    size_t n = strlen(corpus) + strlen(d->name) + 2;
    if (j == NULL || (j->file = malloc(n)) == NULL || (j->name = strdup(d->name)) == NULL ||
        (encoding != NULL && (j->encoding = strdup(encoding)) == NULL)) {
        if (j != NULL)
            read_free(&j->base);
        reply_error(r, 503, NULL, "out of memory; try again");
        return;
    }
    snprintf(j->file, n, "%s/%s", corpus, d->name);
    if (n > 4096) {
        read_free(&j->base);
        reply_error(r, 410, NULL, "the document's path is too long to read");
        return;
    }
    j->base.type = &read_type;
    j->what = what;
    memcpy(j->sha256, d->sha256, sizeof j->sha256);
    j->type = what == FILE_BYTES ? file_type(d) : "text/plain; charset=utf-8";
    j->of = text_of(d, what);
    switch (work_ask(w, &j->base, r, NULL, 0, 0)) {
    case WORK_OK:
        return;                 /* answered when the file is read */
    case WORK_STOPPING:
        reply_busy(r, 503, "the server is stopping");
        return;
    case WORK_CROWDED:
    case WORK_FULL:
        reply_busy(r, 503, "busy reading other documents; try again");
        return;
    case WORK_CLIENT:
        reply_busy(r, 429, "this client has its share of documents being read "
                   "(--client-renders); try again when one is done");
        return;
    default:
        reply_error(r, 503, NULL, "out of memory; try again");
        return;
    }
}

void docfile_reply(struct work *w, struct request *r, const char *corpus,
                   const char *encoding, const chr_snap *s, const char *path)
{
    enum what what;
    const chr_docinfo *d = find(chr_snap_chron(s), path, &what);
    if (d == NULL) {
        reply_error(r, 404, NULL, "no such document in the current corpus version; expected "
                    "/documents/NAME, /documents/NAME/text or /documents/NAME/file with a "
                    "name from /documents");
        return;
    }
    chr_body *text = what == TEXT ? chr_snap_doc_text(s, d->name) : NULL;
    if (text != NULL) {
        /* the text this version read, whatever the file has become since */
        chr_body_ref(text);
        add_headers(r, what, text_of(d, what));
        reply_body(r, text, 0);
        return;
    }
    read_on_worker(w, r, corpus, encoding, d, what);
}
