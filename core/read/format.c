/*
 * format.c - what a file is, and the dispatch to its converter (see
 * format.h); the text writer the converters share; text in other
 * encodings (UTF-16 with a byte-order mark, 8-bit text guessed with
 * uchardet or given, converted with iconv).
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <magic.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <uchardet.h>

#include "chronicle/date.h"
#include "chronicle/format.h"
#include "chronicle/utf8.h"
#include "base/sha256_int.h"
#include "base/text_int.h"
#include "read/doc_int.h"
#include "read/format_int.h"

/* ---- the text writer ---- */

static void tout_add(chr_textout *o, const char *s, size_t n)
{
    if (o->over || o->b.failed)
        return;
    if (o->b.len + n > CHR_FORMAT_MAX_TEXT) {
        o->over = 1;
        return;
    }
    chr_buf_add(&o->b, s, n);
}

/* Owed breaks and blank, before a word. */
static void tout_flush(chr_textout *o)
{
    if (o->b.len == 0) {
        o->breaks = 0;
        o->space = 0;
    }
    if (o->breaks > 0) {
        for (int i = 0; i < o->breaks; i++) {
            if (i > 0 && o->prefix)
                tout_add(o, o->prefix, strlen(o->prefix) - 1);  /* "> " without the blank */
            tout_add(o, "\n", 1);
        }
        o->breaks = 0;
        o->space = 0;
    }
    if (o->prefix && (o->b.len == 0 || o->b.p[o->b.len - 1] == '\n'))
        tout_add(o, o->prefix, strlen(o->prefix));
    else if (o->space)
        tout_add(o, " ", 1);
    o->space = 0;
}

void chr_tout_text(chr_textout *o, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        /* a no-break space (U+00A0) is a blank here: web pages put them
         * between a day and its month */
        if (chr_is_space(c) || (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)) {
            o->space = 1;
            i += chr_is_space(c) ? 1 : 2;
            continue;
        }
        size_t j = i;
        while (j < n && !chr_is_space((unsigned char)s[j]) &&
               !((unsigned char)s[j] == 0xC2 && j + 1 < n && (unsigned char)s[j + 1] == 0xA0))
            j++;
        tout_flush(o);
        tout_add(o, s + i, j - i);
        i = j;
    }
}

void chr_tout_pre(chr_textout *o, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - s) : n;
        if (e > i) {
            tout_flush(o);
            tout_add(o, s + i, e - i);
        }
        if (nl) {
            o->breaks = o->breaks > 0 ? o->breaks : 0;
            tout_add(o, "\n", 1);
        }
        i = e + (nl != NULL);
    }
}

void chr_tout_break(chr_textout *o, int n)
{
    if (o->b.len == 0)
        return;
    if (n > o->breaks)
        o->breaks = n;
}

void chr_tout_cell(chr_textout *o)
{
    if (o->b.len > 0 && o->b.p[o->b.len - 1] != '\n' && o->breaks == 0) {
        tout_add(o, "\t", 1);
        o->space = 0;
    }
}

int chr_tout_status(chr_textout *o, const char *file, chr_error *err)
{
    /* The libraries promise UTF-8, and a damaged file can break the
     * promise (a page declaring one charset and holding another): a byte
     * that is not UTF-8 becomes '?', so the text stays the length it is
     * and every converted document is text. */
    if (!o->b.failed)
        chr_utf8_repair(o->b.p, o->b.len);
    if (o->b.failed)
        return chr_error_set(err, CHR_ENOMEM, file, CHR_NO_OFFSET, "out of memory converting the file");
    if (o->over)
        return chr_error_set(err, CHR_ETOOBIG, file, CHR_NO_OFFSET,
                             "its text passes %zu bytes; expected a document a person "
                             "reads (a compression bomb?)", CHR_FORMAT_MAX_TEXT);
    return 0;
}

void chr_utf8_repair(char *s, size_t n)
{
    for (size_t at = 0; at < n;) {
        size_t bad = at + chr_utf8_check(s + at, n - at, NULL, 0);
        if (bad >= n)
            break;
        s[bad] = '?';
        at = bad + 1;
    }
}

/* ---- metadata ---- */

static int digits(const char *s, size_t n, size_t at, size_t k, int *v)
{
    if (at + k > n)
        return 0;
    int x = 0;
    for (size_t i = at; i < at + k; i++) {
        if (!chr_is_digit((unsigned char)s[i]))
            return 0;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 1;
}

int64_t chr_meta_day(const char *s, size_t n)
{
    while (n > 0 && chr_is_space((unsigned char)*s)) {
        s++;
        n--;
    }
    if (n >= 2 && s[0] == 'D' && s[1] == ':') {   /* PDF: D:YYYYMMDD... */
        s += 2;
        n -= 2;
    }
    int y, m, d;
    if (digits(s, n, 0, 4, &y) && n >= 10 && s[4] == '-' && digits(s, n, 5, 2, &m) &&
        s[7] == '-' && digits(s, n, 8, 2, &d)) {
        /* ISO 8601 */
    } else if (digits(s, n, 0, 4, &y) && digits(s, n, 4, 2, &m) && digits(s, n, 6, 2, &d)) {
        /* compact */
    } else {
        return CHR_NO_DAY;
    }
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > chr_days_in_month((int)y, m))
        return CHR_NO_DAY;
    return chr_days_from_civil(y, m, d);
}

int chr_meta_set(char **slot, const char *s, size_t n)
{
    if (*slot != NULL || s == NULL)
        return 0;
    char *v = chr_squeeze(s, n);
    if (v == NULL)
        return CHR_ENOMEM;
    /* metadata can hold anything: keep it UTF-8 and on one line */
    size_t len = strlen(v);
    chr_utf8_repair(v, len);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)v[i] < 0x20)
            v[i] = ' ';
    if (v[0] == '\0') {
        free(v);
        return 0;
    }
    *slot = v;
    return 0;
}

void chr_format_meta_init(chr_format_meta *m)
{
    memset(m, 0, sizeof *m);
    m->date = CHR_NO_DAY;
}

void chr_format_meta_clear(chr_format_meta *m)
{
    if (m == NULL)
        return;
    free(m->title);
    free(m->author);
    chr_format_meta_init(m);
}

const char *chr_format_name(chr_format f)
{
    static const char *const names[] = {"text", "html", "email", "pdf", "docx"};
    return (unsigned)f < sizeof names / sizeof names[0] ? names[f] : "text";
}

/* ---- encodings ---- */

void chr_charset_guess(const char *bytes, size_t len, char *buf, size_t cap)
{
    buf[0] = '\0';
    uchardet_t u = uchardet_new();
    if (u == NULL)
        return;
    /* the first megabyte says as much as the rest */
    size_t n = len < ((size_t)1 << 20) ? len : (size_t)1 << 20;
    if (uchardet_handle_data(u, bytes, n) == 0) {
        uchardet_data_end(u);
        const char *cs = uchardet_get_charset(u);
        if (cs != NULL)
            snprintf(buf, cap, "%s", cs);
    }
    uchardet_delete(u);
}

int chr_charset_convert(const char *file, const char *bytes, size_t len, const char *charset,
                        chr_textout *o, chr_error *err)
{
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1)
        return chr_error_set(err, CHR_EINVAL, file, CHR_NO_OFFSET,
                             "unknown character encoding '%s'; expected a name iconv knows "
                             "(WINDOWS-1252, ISO-8859-15, UTF-16LE, ...)", charset);
    char out[8192];
    char *in = (char *)bytes;
    size_t left = len;
    int rc = 0;
    while (left > 0 && rc == 0) {
        char *op = out;
        size_t room = sizeof out;
        size_t r = iconv(cd, &in, &left, &op, &room);
        if (op > out)
            chr_tout_pre(o, out, (size_t)(op - out));
        if (r == (size_t)-1 && errno != E2BIG) {
            size_t at = (size_t)(in - bytes);
            if (errno == EINVAL)
                rc = chr_error_set(err, CHR_EUTF8, file, at,
                                   "the text ends inside a %s character", charset);
            else
                rc = chr_error_set(err, CHR_EUTF8, file, at, "byte 0x%02X is no %s character",
                                   (unsigned char)bytes[at], charset);
        }
        if (rc != 0 || o->over || o->b.failed)
            break;
    }
    iconv_close(cd);
    return rc ? rc : chr_tout_status(o, file, err);
}

/* ---- what a file is ---- */

/* libmagic's handles are not to be shared between threads: one handle,
 * loaded once, behind a lock (it looks at 64 KiB at most). */
static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t magic_handle;
static int magic_failed;

/* The MIME type and the description libmagic gives the bytes; "" when it
 * cannot say. */
static void magic_of(const char *bytes, size_t len, char *mime, size_t mcap, char *desc,
                     size_t dcap)
{
    mime[0] = desc[0] = '\0';
    size_t n = len < ((size_t)64 << 10) ? len : (size_t)64 << 10;
    pthread_mutex_lock(&magic_lock);
    if (magic_handle == NULL && !magic_failed) {
        magic_handle = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
        if (magic_handle != NULL && magic_load(magic_handle, NULL) != 0) {
            magic_close(magic_handle);
            magic_handle = NULL;
        }
        magic_failed = magic_handle == NULL;
    }
    if (magic_handle != NULL) {
        magic_setflags(magic_handle, MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
        const char *m = magic_buffer(magic_handle, bytes, n);
        if (m)
            snprintf(mime, mcap, "%s", m);
        magic_setflags(magic_handle, MAGIC_NO_CHECK_COMPRESS);
        const char *d = magic_buffer(magic_handle, bytes, n);
        if (d)
            snprintf(desc, dcap, "%s", d);
    }
    pthread_mutex_unlock(&magic_lock);
}

static int name_ends(const char *name, const char *const *exts)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (dot == NULL || strchr(dot, '/') != NULL)
        return 0;
    for (size_t i = 0; exts[i] != NULL; i++)
        if (strcasecmp(dot + 1, exts[i]) == 0)
            return 1;
    return 0;
}

static const char *const TEXT_EXT[] = {"txt", "text", "md", "csv", "log", NULL};
static const char *const HTML_EXT[] = {"html", "htm", "xhtml", NULL};
static const char *const MAIL_EXT[] = {"eml", NULL};

static int find_bytes(const char *s, size_t n, const char *w, size_t limit)
{
    size_t k = strlen(w), end = n < limit ? n : limit;
    for (size_t i = 0; i + k <= end; i++)
        if (memcmp(s + i, w, k) == 0)
            return 1;
    return 0;
}

/* What the reading of one file needs. */
typedef struct rd {
    const char *file;          /* for errors: the path, or the name */
    const char *bytes;
    size_t len;
    const chr_format_opts *opts;
    chr_format_meta *meta;
    chr_error *err;
} rd;

/* Text that is not UTF-8: UTF-16 with a byte-order mark, or 8-bit text in
 * the given or the guessed charset. */
static int read_other_text(rd *r, chr_textout *o)
{
    const unsigned char *u = (const unsigned char *)r->bytes;
    chr_format_meta *m = r->meta;
    if (r->len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        snprintf(m->encoding, sizeof m->encoding, "%s", u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE");
        m->encoding_how = CHR_ENC_BOM;
        return chr_charset_convert(r->file, r->bytes + 2, r->len - 2, m->encoding, o, r->err);
    }
    if (r->opts && r->opts->encoding && r->opts->encoding[0]) {
        snprintf(m->encoding, sizeof m->encoding, "%s", r->opts->encoding);
        m->encoding_how = CHR_ENC_GIVEN;
    } else {
        chr_charset_guess(r->bytes, r->len, m->encoding, sizeof m->encoding);
        /* No guess, or Latin-1 (whose printable letters Windows-1252
         * shares, and whose C1 controls no text holds), or an old Mac
         * charset, which uchardet picks for short Western text with a few
         * accented letters (a letter in Windows-1252 with "€" and "’"):
         * the 8-bit charset most such text is in. */
        if (m->encoding[0] == '\0' || strcasecmp(m->encoding, "ASCII") == 0 ||
            strcasecmp(m->encoding, "ISO-8859-1") == 0 || strncasecmp(m->encoding, "MAC-", 4) == 0)
            snprintf(m->encoding, sizeof m->encoding, "WINDOWS-1252");
        m->encoding_how = CHR_ENC_GUESSED;
    }
    int rc = chr_charset_convert(r->file, r->bytes, r->len, m->encoding, o, r->err);
    if (rc != 0 && r->err && m->encoding_how == CHR_ENC_GUESSED && r->err->code == CHR_EUTF8) {
        size_t l = strlen(r->err->msg);
        snprintf(r->err->msg + l, sizeof r->err->msg - l,
                 " (the encoding was guessed; --encoding NAME says which it is)");
    }
    return rc;
}

/* Short 8-bit text is "data" to libmagic: most bytes printable or
 * blank, none of the controls text never holds. */
static int mostly_text(const char *b, size_t n)
{
    size_t ok = 0, look = n < 65536 ? n : 65536;
    for (size_t i = 0; i < look; i++) {
        unsigned char c = (unsigned char)b[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
            return 0;
        ok += c >= 0x20;
    }
    return look > 0 && ok * 10 >= look * 9;
}

/* UTF-8 with damage: more valid multi-byte characters than bytes that
 * are not UTF-8 ("Café ... Zürich" with one stray byte); text in an 8-bit
 * charset has none, or hardly any by chance. */
static int damaged_utf8(const char *b, size_t n)
{
    const unsigned char *p = (const unsigned char *)b, *end = p + n;
    size_t multi = 0, bad = 0;
    while (p < end) {
        if (*p < 0x80) {
            p++;
            continue;
        }
        uint32_t cp;
        size_t k = chr_utf8_decode(p, end, &cp);
        if (k == 0) {
            bad++;
            p++;
        } else {
            multi++;
            p += k;
        }
    }
    return multi > 0 && bad <= multi;
}

/* Whether the first line of b looks like a header field ("Name: value"
 * or "From " of an mbox): what a message starts with. */
static int header_line(const char *b, size_t n)
{
    size_t i = 0;
    if (n >= 5 && memcmp(b, "From ", 5) == 0)
        return 1;
    while (i < n && i < 80 && (isalnum((unsigned char)b[i]) || b[i] == '-'))
        i++;
    return i > 0 && i < n && b[i] == ':';
}

/* UTF-8 text (no NUL) that no other reader could claim: it neither opens
 * with markup ('<' first) nor with a header field, and its name does not
 * say HTML or e-mail. Most files of a folder are such text, and libmagic's
 * text tests (regular expressions over the first 64 KiB) cost more than
 * reading them; files that fail this cheap test still go to libmagic. */
static int plain_text(const char *name, const char *b, size_t n, int plain_name, size_t *clean)
{
    if (!plain_name && (name_ends(name, HTML_EXT) || name_ends(name, MAIL_EXT)))
        return 0;
    size_t i = 0;
    if (n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && isspace((unsigned char)b[i]))
        i++;
    if (!plain_name && i < n && (b[i] == '<' || header_line(b + i, n - i)))
        return 0;
    /* text that needs no blank (one pass), or UTF-8 with control bytes
     * in it, which the text path blanks and reports */
    *clean = chr_utf8_text_check(b, n);
    return *clean == n || (memchr(b, '\0', n) == NULL && chr_utf8_check(b, n, NULL, 0) == n);
}

enum kind { K_TEXT, K_OTHER_TEXT, K_HTML, K_MAIL, K_PDF, K_DOCX, K_SKIP };

/* The kind of the bytes, by content first; desc says what a skipped file
 * is, *clean how many bytes from the start are known to be kept as they
 * are (chr_utf8_text_check). */
static enum kind kind_of(const char *name, const char *b, size_t n, char *desc, size_t dcap,
                         size_t *clean)
{
    *clean = 0;
    const unsigned char *u = (const unsigned char *)b;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        return K_TEXT;
    if (n >= 4 && ((u[0] == 0xFF && u[1] == 0xFE && (u[2] || u[3])) || (u[0] == 0xFE && u[1] == 0xFF)))
        return K_OTHER_TEXT;
    if (find_bytes(b, n, "%PDF-", 1024))
        return K_PDF;
    if (n >= 4 && memcmp(b, "PK\003\004", 4) == 0)
        return K_DOCX;   /* the converter says when it is another archive */
    int plain_name = name_ends(name, TEXT_EXT);
    if (plain_text(name, b, n, plain_name, clean))
        return K_TEXT;
    char mime[96];
    magic_of(b, n, mime, sizeof mime, desc, dcap);
    if (!plain_name && (strcmp(mime, "text/html") == 0 || strcmp(mime, "application/xhtml+xml") == 0 ||
                        name_ends(name, HTML_EXT)))
        return K_HTML;
    if (!plain_name && (strcmp(mime, "message/rfc822") == 0 || strcmp(mime, "message/news") == 0 ||
                        name_ends(name, MAIL_EXT)))
        return K_MAIL;
    size_t bad = chr_utf8_check(b, n, NULL, 0);
    int nul = memchr(b, '\0', n) != NULL;
    if (bad == n && !nul)
        return K_TEXT;
    if (!nul && (strncmp(mime, "text/", 5) == 0 || plain_name || mostly_text(b, n))) {
        /* mostly valid UTF-8 with a damaged byte is UTF-8 with a damaged
         * byte (reported where it is), not another encoding */
        if (damaged_utf8(b, n))
            return K_TEXT;
        char cs[32];
        chr_charset_guess(b, n, cs, sizeof cs);
        return strcasecmp(cs, "UTF-8") == 0 ? K_TEXT : K_OTHER_TEXT;
    }
    if (desc[0] == '\0')
        snprintf(desc, dcap, "%s", mime[0] ? mime : "data");
    else if (mime[0]) {
        size_t l = strlen(desc);
        snprintf(desc + l, dcap - l, " (%s)", mime);
    }
    /* text with control bytes: the text path reports the first one; an
     * image or a program is what libmagic says, whatever its name */
    return strncmp(mime, "text/", 5) == 0 ? K_TEXT : K_SKIP;
}

/* Convert r's bytes of kind k into o. */
static int convert(rd *r, enum kind k, chr_textout *o)
{
    switch (k) {
    case K_OTHER_TEXT:
        return read_other_text(r, o);
    case K_HTML:
        r->meta->format = CHR_FORMAT_HTML;
        return chr_html_convert(r->file, r->bytes, r->len, r->opts ? r->opts->encoding : NULL,
                                0, o, r->meta, r->err);
    case K_MAIL:
        r->meta->format = CHR_FORMAT_EMAIL;
        return chr_mail_convert(r->file, r->bytes, r->len, o, r->meta, r->err);
    case K_PDF:
        r->meta->format = CHR_FORMAT_PDF;
        return chr_pdf_convert(r->file, r->bytes, r->len, o, r->meta, r->err);
    case K_DOCX:
        r->meta->format = CHR_FORMAT_DOCX;
        return chr_docx_convert(r->file, r->bytes, r->len, o, r->meta, r->err);
    default:
        return CHR_EINVAL;
    }
}

/* bytes (malloc'd, len + 1, taken over) of the file path called name. */
static chr_doc *read_bytes(const char *name, const char *path, char *bytes, size_t len,
                           int64_t mtime, const chr_format_opts *opts, chr_format_meta *meta,
                           chr_error *err)
{
    const char *file = path[0] ? path : name;
    char desc[160];
    size_t clean;
    enum kind k = kind_of(name, bytes, len, desc, sizeof desc, &clean);
    if (k == K_TEXT) {
        chr_doc *d = chr_doc_adopt_checked(name, path, bytes, len, clean, mtime, NULL, 0, err);
        if (d)
            chr_doc_set_origin(d, "text", "");
        return d;
    }
    if (k == K_SKIP) {
        free(bytes);
        chr_error_set(err, CHR_EFORMAT, file, CHR_NO_OFFSET,
                      "%s; expected text, HTML, an e-mail (.eml), PDF or .docx; left out", desc);
        return NULL;
    }
    chr_textout o = {0};
    rd r = {file, bytes, len, opts, meta, err};
    int rc = convert(&r, k, &o);
    if (rc == 0)
        rc = chr_tout_status(&o, file, err);
    if (rc == 0 && o.b.len == 0)
        rc = chr_error_set(err, CHR_EEMPTY, file, CHR_NO_OFFSET, "a %s with no text in it%s",
                           chr_format_name(meta->format),
                           meta->format == CHR_FORMAT_PDF ? " (scanned pages? chronicle reads "
                                                            "no images)" : "");
    char sha[65];
    if (rc == 0) {
        chr_sha256 h;
        chr_sha256_init(&h);
        chr_sha256_update(&h, bytes, len);
        chr_sha256_hex(&h, sha);
    }
    free(bytes);
    if (rc != 0) {
        free(o.b.p);
        return NULL;
    }
    chr_doc *d = chr_doc_adopt(name, path, o.b.p, o.b.len, mtime, sha, len, err);
    if (d)
        chr_doc_set_origin(d, chr_format_name(meta->format), meta->encoding);
    return d;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

chr_doc *chr_format_read(const char *path, const char *name, const chr_format_opts *opts,
                         chr_format_meta *meta, chr_error *err)
{
    chr_format_meta local;
    if (meta == NULL)
        meta = &local;
    chr_format_meta_init(meta);
    char *bytes;
    size_t len;
    int64_t mtime;
    if (chr_doc_load(path, &bytes, &len, &mtime, err) != 0)
        return NULL;
    chr_doc *d = read_bytes(name ? name : base_name(path), path, bytes, len, mtime, opts, meta, err);
    if (meta == &local)
        chr_format_meta_clear(&local);
    return d;
}

chr_doc *chr_format_from_mem(const char *name, const char *bytes, size_t len,
                             const chr_format_opts *opts, chr_format_meta *meta, chr_error *err)
{
    chr_format_meta local;
    if (meta == NULL)
        meta = &local;
    chr_format_meta_init(meta);
    if (len > CHR_DOC_MAX_BYTES) {
        chr_error_set(err, CHR_ETOOBIG, name, CHR_NO_OFFSET, "%zu bytes, above the limit of %zu", len,
                      CHR_DOC_MAX_BYTES);
        return NULL;
    }
    char *copy = malloc(len + 1);
    if (copy == NULL) {
        chr_error_set(err, CHR_ENOMEM, name, CHR_NO_OFFSET, "out of memory");
        return NULL;
    }
    memcpy(copy, bytes, len);
    copy[len] = '\0';
    chr_doc *d = read_bytes(name ? name : "", "", copy, len, 0, opts, meta, err);
    if (meta == &local)
        chr_format_meta_clear(&local);
    return d;
}
