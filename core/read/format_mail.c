/*
 * format_mail.c - an e-mail (RFC 5322 with MIME) to text with GMime: the
 * message's text part (or its HTML part, through the HTML reader), its
 * transfer encoding and charset decoded; Subject as the title, Date as
 * the document's date, From as the author.  Quoted earlier messages
 * ("> " lines, the "... wrote:" line above them, an "Original Message"
 * block) keep or get a "> " mark, so that their events are never dated
 * from the reply's date.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* casts of GObject types are plain C casts: the checked ones call
 * functions of a library not loaded until an e-mail comes */
#define G_DISABLE_CAST_CHECKS 1
#include <gmime/gmime.h>

#include "chronicle/date.h"
#include "chronicle/utf8.h"
#include "base/text_int.h"
#include "read/format_int.h"
#include "read/lazylib_int.h"

/* More multiparts than this is no letter but an attack on the parser. */
#define MAIL_MAX_PARTS 200
#define MAIL_MAX_DEPTH 16

/* The GMime (and GLib) functions read here, loaded with the first e-mail
 * (lazylib.c). */
#define GMIME_FNS(X)                                                                 \
    X(g_mime_init) X(g_mime_multipart_get_type) X(g_mime_text_part_get_type)           \
    X(g_type_check_instance_is_a) X(g_mime_multipart_get_count)                        \
    X(g_mime_multipart_get_part) X(g_mime_object_get_content_disposition)              \
    X(g_mime_content_disposition_is_attachment) X(g_mime_object_get_content_type)      \
    X(g_mime_content_type_is_type) X(g_mime_text_part_get_text)                        \
    X(g_mime_message_get_subject) X(g_mime_message_get_from)                           \
    X(internet_address_list_length) X(internet_address_list_to_string) X(g_free)       \
    X(g_mime_message_get_date) X(g_date_time_get_ymd) X(g_mime_stream_mem_new_with_buffer) \
    X(g_mime_parser_new_with_stream) X(g_object_unref) X(g_mime_parser_construct_message) \
    X(g_mime_message_get_mime_part)

CHR_LAZY_LIBRARY(gm, GMIME_FNS, CHR_GMIME_SO)

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static void gmime_start(void)
{
    gm.g_mime_init();
}

/* Is o an instance of the GObject type t (GMIME_IS_MULTIPART and kin)? */
static int is_a(GMimeObject *o, GType t)
{
    return gm.g_type_check_instance_is_a((GTypeInstance *)o, t);
}

static size_t count_ci(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w), c = 0;
    for (size_t i = 0; i + k <= n; i++)
        if (chr_lower((unsigned char)s[i]) == w[0] && strncasecmp(s + i, w, k) == 0)
            c++;
    return c;
}

/* The part to read: the first text/plain part that is no attachment,
 * else the first text/html one (depth-first, bounded). */
static void pick(GMimeObject *o, int depth, GMimeObject **plain, GMimeObject **html)
{
    if (o == NULL || depth > MAIL_MAX_DEPTH || *plain != NULL)
        return;
    if (is_a(o, gm.g_mime_multipart_get_type())) {
        GMimeMultipart *mp = GMIME_MULTIPART(o);
        int n = gm.g_mime_multipart_get_count(mp);
        for (int i = 0; i < n && i < MAIL_MAX_PARTS; i++)
            pick(gm.g_mime_multipart_get_part(mp, i), depth + 1, plain, html);
        return;
    }
    if (!is_a(o, gm.g_mime_text_part_get_type()))
        return;   /* attachments, attached messages */
    GMimeContentDisposition *cd = gm.g_mime_object_get_content_disposition(o);
    if (cd != NULL && gm.g_mime_content_disposition_is_attachment(cd))
        return;
    GMimeContentType *ct = gm.g_mime_object_get_content_type(o);
    if (gm.g_mime_content_type_is_type(ct, "text", "plain") && *plain == NULL)
        *plain = o;
    else if (gm.g_mime_content_type_is_type(ct, "text", "html") && *html == NULL)
        *html = o;
}

static int line_is(const char *s, size_t n, const char *w)
{
    while (n > 0 && chr_is_space((unsigned char)s[n - 1]))
        n--;
    size_t k = strlen(w);
    return n >= k && strncasecmp(s + n - k, w, k) == 0;
}

/* Does a block of earlier messages start at this line? */
static int quote_head(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    return (n > 3 && strncmp(s, "-----", 5) == 0 &&
            (count_ci(s, n, "original message") || count_ci(s, n, "forwarded message"))) ||
           line_is(s, n, "wrote:") || line_is(s, n, "a \xc3\xa9" "crit :") ||
           line_is(s, n, "schrieb:");
}

/* The text of a plain part, line by line: quoted lines kept with their
 * mark, the line that introduces a quote and everything after an
 * "Original Message" marker given one. */
static void plain_text(const char *t, size_t n, chr_textout *o, chr_format_meta *meta)
{
    int rest_quoted = 0;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(t + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - t) : n, ln = e - i;
        const char *line = t + i;
        size_t k = 0;
        while (k < ln && (line[k] == ' ' || line[k] == '\t'))
            k++;
        int head = quote_head(line, ln);
        if (head && count_ci(line, ln, "-----"))
            rest_quoted = 1;
        int quoted = k < ln && line[k] == '>';
        if ((head || rest_quoted) && !quoted) {
            chr_tout_pre(o, "> ", 2);
            meta->quoted++;
        } else if (quoted) {
            meta->quoted++;
        }
        chr_tout_pre(o, line, ln);
        if (nl)
            chr_tout_pre(o, "\n", 1);
        i = e + (nl != NULL);
    }
}

/* The text of a part, decoded to UTF-8 (g_free it); bytes that are not
 * UTF-8 after decoding (a wrong charset label) become '?'. */
static char *part_text(GMimeObject *part, size_t *len)
{
    char *t = gm.g_mime_text_part_get_text(GMIME_TEXT_PART(part));
    if (t == NULL)
        return NULL;
    *len = strlen(t);
    chr_utf8_repair(t, *len);
    return t;
}

static int headers(GMimeMessage *msg, chr_format_meta *meta)
{
    const char *subject = gm.g_mime_message_get_subject(msg);
    if (subject && chr_meta_set(&meta->title, subject, strlen(subject)) != 0)
        return CHR_ENOMEM;
    InternetAddressList *from = gm.g_mime_message_get_from(msg);
    if (from != NULL && gm.internet_address_list_length(from) > 0) {
        char *who = gm.internet_address_list_to_string(from, NULL, FALSE);
        int rc = who ? chr_meta_set(&meta->author, who, strlen(who)) : 0;
        gm.g_free(who);
        if (rc != 0)
            return rc;
    }
    GDateTime *dt = gm.g_mime_message_get_date(msg);
    if (dt != NULL) {
        /* the day where it was written: the header's own zone */
        int y, m, d;
        gm.g_date_time_get_ymd(dt, &y, &m, &d);
        meta->date = chr_days_from_civil(y, m, d);
        snprintf(meta->date_how, sizeof meta->date_how, "e-mail Date header");
    }
    return 0;
}

int chr_mail_convert(const char *file, const char *bytes, size_t len, chr_textout *o,
                     chr_format_meta *meta, chr_error *err)
{
    const char *missing = gm_load();
    if (missing != NULL)
        return chr_error_set(err, CHR_EFORMAT, file, CHR_NO_OFFSET,
                             "an e-mail, and e-mail needs GMime: %s; left out", missing);
    pthread_once(&gmime_once, gmime_start);
    /* GMime parses nested multiparts by recursion: a message of thousands
     * is refused before it gets there */
    size_t parts = count_ci(bytes, len, "multipart/");
    if (parts > MAIL_MAX_PARTS)
        return chr_error_set(err, CHR_EPARSE, file, CHR_NO_OFFSET,
                             "%zu multipart sections; expected an e-mail of at most %d", parts,
                             MAIL_MAX_PARTS);
    GMimeStream *st = gm.g_mime_stream_mem_new_with_buffer(bytes, len);
    GMimeParser *p = gm.g_mime_parser_new_with_stream(st);
    gm.g_object_unref(st);
    GMimeMessage *msg = gm.g_mime_parser_construct_message(p, NULL);
    gm.g_object_unref(p);
    if (msg == NULL)
        return chr_error_set(err, CHR_EPARSE, file, CHR_NO_OFFSET,
                             "no message headers found; expected an e-mail (header lines, "
                             "a blank line, the body)");
    int rc = headers(msg, meta);
    GMimeObject *plain = NULL, *html = NULL;
    pick(gm.g_mime_message_get_mime_part(msg), 0, &plain, &html);
    size_t n = 0;
    char *t = rc == 0 && (plain || html) ? part_text(plain ? plain : html, &n) : NULL;
    if (rc != 0) {
        rc = chr_error_set(err, CHR_ENOMEM, file, CHR_NO_OFFSET, "out of memory");
    } else if (t == NULL) {
        rc = chr_error_set(err, CHR_EPARSE, file, CHR_NO_OFFSET,
                           "no text/plain or text/html part that is not an attachment; "
                           "expected an e-mail with a text body");
    } else if (plain != NULL) {
        plain_text(t, n, o, meta);
        rc = chr_tout_status(o, file, err);
    } else {
        rc = chr_html_convert(file, t, n, "UTF-8", 1, o, meta, err);
    }
    gm.g_free(t);
    gm.g_object_unref(msg);
    return rc;
}
