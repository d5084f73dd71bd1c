/*
 * format_docx.c - a Word .docx (Office Open XML) to text with libzip and
 * libxml2: paragraphs, headings and list items as lines, a table row as
 * one line of tab-separated cells; deleted text, field codes and the
 * fallback copies of drawings left out; the core properties' title,
 * creator and creation date (a weak date: the text's dateline wins).
 *
 * A .docx is a zip archive: every part is read with a size limit checked
 * before and while it is inflated, so a compression bomb dressed as a
 * .docx costs one look at its directory.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <zip.h>

#include "chronicle/date.h"
#include "read/format_int.h"
#include "read/lazylib_int.h"

/* The libzip functions read here, loaded with the first .docx
 * (lazylib.c): libzip brings libcrypto, 2 ms of every run's start. */
#define ZIP_FNS(X)                                                                     \
    X(zip_stat_init) X(zip_stat) X(zip_fopen) X(zip_strerror) X(zip_fread)               \
    X(zip_file_strerror) X(zip_fclose) X(zip_error_init) X(zip_source_buffer_create)   \
    X(zip_open_from_source) X(zip_error_strerror) X(zip_source_free) X(zip_error_fini)  \
    X(zip_close)

CHR_LAZY_LIBRARY(zl, ZIP_FNS, CHR_ZIP_SO)

/* The largest part read (document.xml of a long report is a few MB). */
#define DOCX_MAX_PART ((zip_uint64_t)64 << 20)

static const char W_NS[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/* Part name of the archive, inflated into a malloc'd buffer; 0, 1 when the
 * archive has no such part, or a chr_status. */
static int read_part(zip_t *z, const char *file, const char *name, char **out, size_t *len,
                     chr_error *err)
{
    *out = NULL;
    *len = 0;
    zip_stat_t st;
    zl.zip_stat_init(&st);
    if (zl.zip_stat(z, name, 0, &st) != 0)
        return 1;
    if (!(st.valid & ZIP_STAT_SIZE) || st.size > DOCX_MAX_PART)
        return chr_error_set(err, CHR_ETOOBIG, file, CHR_NO_OFFSET,
                             "its part %s inflates to %llu bytes, above the limit of %llu "
                             "(a compression bomb?)", name, (unsigned long long)st.size,
                             (unsigned long long)DOCX_MAX_PART);
    zip_file_t *f = zl.zip_fopen(z, name, 0);
    if (f == NULL)
        return chr_error_set(err, CHR_EPARSE, file, CHR_NO_OFFSET, "its part %s cannot be opened: %s; "
                             "expected a whole .docx", name, zl.zip_strerror(z));
    /* the directory's size may lie: never read past it */
    size_t cap = (size_t)st.size + 1;
    char *buf = malloc(cap);
    int rc = 0;
    zip_int64_t got = buf ? zl.zip_fread(f, buf, (zip_uint64_t)st.size) : -1;
    if (buf == NULL)
        rc = chr_error_set(err, CHR_ENOMEM, file, CHR_NO_OFFSET, "out of memory");
    else if (got < 0 || (zip_uint64_t)got != st.size)
        rc = chr_error_set(err, CHR_EPARSE, file, CHR_NO_OFFSET,
                           "its part %s is damaged (%s); expected a whole .docx", name,
                           got < 0 ? zl.zip_file_strerror(f) : "shorter than its directory says");
    zl.zip_fclose(f);
    if (rc != 0) {
        free(buf);
        return rc;
    }
    buf[st.size] = '\0';
    *out = buf;
    *len = (size_t)st.size;
    return 0;
}

static int w_el(const xmlNode *n, const char *local)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0 &&
           n->ns != NULL && strcmp((const char *)n->ns->href, W_NS) == 0;
}

/* The w:val of p's w:pPr/w:pStyle, and whether it is numbered (a list
 * item). */
static void para_props(const xmlNode *p, int *list)
{
    *list = 0;
    for (const xmlNode *c = p->children; c != NULL; c = c->next) {
        if (!w_el(c, "pPr"))
            continue;
        for (const xmlNode *k = c->children; k != NULL; k = k->next) {
            if (w_el(k, "numPr"))
                *list = 1;
            if (w_el(k, "pStyle")) {
                xmlChar *v = xmlGetNsProp(k, (const xmlChar *)"val", (const xmlChar *)W_NS);
                if (v && strstr((const char *)v, "List") != NULL)
                    *list = 1;
                xmlFree(v);
            }
        }
    }
}

typedef struct dwalk {
    chr_textout *o;
    int cell;         /* depth inside table cells */
} dwalk;

static int d_enter(dwalk *w, const xmlNode *n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        /* only the text of w:t (and w:delText, left out below) counts */
        if (n->parent && w_el(n->parent, "t") && n->content)
            chr_tout_text(w->o, (const char *)n->content, strlen((const char *)n->content));
        return 0;
    }
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    if (w_el(n, "delText") || w_el(n, "instrText") || w_el(n, "pPr") || w_el(n, "rPr") ||
        strcmp((const char *)n->name, "Fallback") == 0)
        return 0;
    if (w_el(n, "p")) {
        int list;
        para_props(n, &list);
        if (!w->cell)
            chr_tout_break(w->o, 2);
        if (list && !w->cell) {
            chr_tout_text(w->o, "-", 1);
            w->o->space = 1;
        }
    } else if (w_el(n, "tab")) {
        chr_tout_cell(w->o);
    } else if (w_el(n, "br") || w_el(n, "cr")) {
        chr_tout_break(w->o, 1);
    } else if (w_el(n, "tr")) {
        chr_tout_break(w->o, 1);
    } else if (w_el(n, "tc")) {
        chr_tout_cell(w->o);
        w->cell++;
    } else if (w_el(n, "tbl")) {
        chr_tout_break(w->o, 2);
    }
    return 1;
}

static void d_leave(dwalk *w, const xmlNode *n)
{
    if (w_el(n, "p")) {
        if (w->cell)
            w->o->space = 1;
        else
            chr_tout_break(w->o, 2);
    } else if (w_el(n, "tc")) {
        w->cell--;
    } else if (w_el(n, "tr")) {
        chr_tout_break(w->o, 1);
    } else if (w_el(n, "tbl")) {
        chr_tout_break(w->o, 2);
    }
}

static void d_walk(dwalk *w, xmlNode *root)
{
    xmlNode *cur = root;
    while (cur != NULL && !w->o->over && !w->o->b.failed) {
        int entered = d_enter(w, cur);
        if (entered && cur->children != NULL) {
            cur = cur->children;
            continue;
        }
        if (entered)
            d_leave(w, cur);
        while (cur != root && cur->next == NULL) {
            cur = cur->parent;
            d_leave(w, cur);
        }
        cur = cur == root ? NULL : cur->next;
    }
}

static xmlDocPtr parse_xml(const char *buf, size_t len, const char *part)
{
    if (len > INT_MAX)
        return NULL;
    /* no entity substitution, no DTD loading, no network: an OOXML part
     * needs none of them */
    return xmlReadMemory(buf, (int)len, part, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

/* docProps/core.xml: dc:title, dc:creator, dcterms:created. */
static int core_props(const char *buf, size_t len, chr_format_meta *meta)
{
    xmlDocPtr doc = parse_xml(buf, len, "core.xml");
    if (doc == NULL)
        return 0;    /* damaged properties do not spoil the text */
    xmlNode *root = xmlDocGetRootElement(doc);
    int rc = 0;
    for (xmlNode *n = root ? root->children : NULL; n != NULL && rc == 0; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *nm = (const char *)n->name;
        xmlChar *v = xmlNodeGetContent(n);
        size_t vl = v ? strlen((const char *)v) : 0;
        if (v && strcmp(nm, "title") == 0)
            rc = chr_meta_set(&meta->title, (const char *)v, vl);
        else if (v && strcmp(nm, "creator") == 0)
            rc = chr_meta_set(&meta->author, (const char *)v, vl);
        else if (v && strcmp(nm, "created") == 0 && meta->date == CHR_NO_DAY) {
            meta->date = chr_meta_day((const char *)v, vl);
            if (meta->date != CHR_NO_DAY) {
                meta->date_weak = 1;
                snprintf(meta->date_how, sizeof meta->date_how, "docx core property created");
            }
        }
        xmlFree(v);
    }
    xmlFreeDoc(doc);
    return rc;
}

int chr_docx_convert(const char *file, const char *bytes, size_t len, chr_textout *o,
                     chr_format_meta *meta, chr_error *err)
{
    chr_xml_init();
    const char *missing = zl_load();
    if (missing != NULL)
        return chr_error_set(err, CHR_EFORMAT, file, CHR_NO_OFFSET,
                             "a .docx, and .docx needs libzip: %s; left out", missing);
    zip_error_t ze;
    zl.zip_error_init(&ze);
    zip_source_t *src = zl.zip_source_buffer_create(bytes, len, 0, &ze);
    zip_t *z = src ? zl.zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
    if (z == NULL) {
        int rc = chr_error_set(err, CHR_EPARSE, file, CHR_NO_OFFSET,
                               "a damaged zip archive (%s); expected a whole .docx",
                               zl.zip_error_strerror(&ze));
        zl.zip_source_free(src);
        zl.zip_error_fini(&ze);
        return rc;
    }
    zl.zip_error_fini(&ze);
    char *xml = NULL, *core = NULL;
    size_t xlen = 0, clen = 0;
    int rc = read_part(z, file, "word/document.xml", &xml, &xlen, err);
    if (rc == 1)
        rc = chr_error_set(err, CHR_EFORMAT, file, CHR_NO_OFFSET,
                           "a zip archive with no word/document.xml; expected a Word .docx "
                           "(other archives are not read)");
    int crc = rc == 0 ? read_part(z, file, "docProps/core.xml", &core, &clen, err) : 1;
    zl.zip_close(z);   /* read only: discards */
    if (rc == 0 && crc < 0)
        rc = crc;
    xmlDocPtr doc = rc == 0 ? parse_xml(xml, xlen, "document.xml") : NULL;
    if (rc == 0 && doc == NULL) {
        const xmlError *xe = xmlGetLastError();
        rc = chr_error_set(err, CHR_EPARSE, file, CHR_NO_OFFSET,
                           "word/document.xml is not well-formed XML (line %d: %s); expected "
                           "a whole .docx", xe ? xe->line : 0,
                           xe && xe->message ? xe->message : "parse error");
        size_t l = strlen(err ? err->msg : "");
        while (err && l > 0 && (err->msg[l - 1] == '\n' || err->msg[l - 1] == ' '))
            err->msg[--l] = '\0';
    }
    if (rc == 0 && crc == 0 && core_props(core, clen, meta) != 0)
        rc = chr_error_set(err, CHR_ENOMEM, file, CHR_NO_OFFSET, "out of memory");
    if (rc == 0) {
        dwalk w = {o, 0};
        d_walk(&w, xmlDocGetRootElement(doc));
        rc = chr_tout_status(o, file, err);
    }
    xmlFreeDoc(doc);
    free(xml);
    free(core);
    return rc;
}
