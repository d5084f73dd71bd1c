/*
 * format_html.c - a web page to text with libxml2's HTML parser: the
 * article's block structure as lines (paragraphs, headings, list items,
 * table rows), scripts, styles, navigation, forms and comments left out;
 * the page's title and publication date from its head.
 *
 * The tree is walked without recursion (a page nested 100,000 deep is
 * one loop), and the parser's own depth limit holds.
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "chronicle/date.h"
#include "chronicle/utf8.h"
#include "base/text_int.h"
#include "read/format_int.h"

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
    xmlInitParser();
}

void chr_xml_init(void)
{
    pthread_once(&xml_once, xml_init);
}

/* Elements whose content is no part of the article. */
static const char *const SKIP[] = {"script", "style", "noscript", "template", "nav", "aside",
                                   "form", "button", "select", "textarea", "iframe", "svg",
                                   "canvas", "object", "embed", "footer", "head", "menu",
                                   "dialog", NULL};
/* Elements that end a paragraph (a blank line after them). */
static const char *const PARA[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "div", "section",
                                   "article", "main", "header", "table", "ul", "ol", "dl",
                                   "blockquote", "pre", "figure", "figcaption", "address",
                                   "center", "hr", "body", "details", "summary", NULL};
/* Elements that end a line. */
static const char *const LINE[] = {"li", "tr", "dt", "dd", "br", "caption", "option", NULL};

static int in_list(const xmlChar *name, const char *const *list)
{
    for (size_t i = 0; list[i] != NULL; i++)
        if (strcasecmp((const char *)name, list[i]) == 0)
            return 1;
    return 0;
}

static int is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0;
}

/* An attribute's value (xmlFree it), or NULL. */
static xmlChar *attr(const xmlNode *n, const char *name)
{
    return xmlGetProp(n, (const xmlChar *)name);
}

static int attr_has(const xmlNode *n, const char *name, const char *word)
{
    xmlChar *v = attr(n, name);
    int yes = v != NULL && (word == NULL || strstr((const char *)v, word) != NULL);
    xmlFree(v);
    return yes;
}

/* Hidden or navigation by its attributes: role="navigation", hidden,
 * aria-hidden="true". */
static int hidden(const xmlNode *n)
{
    return attr_has(n, "hidden", NULL) || attr_has(n, "role", "navigation") ||
           attr_has(n, "aria-hidden", "true");
}

/* A quoted earlier message in an e-mail's HTML: <blockquote>, and the
 * wrappers mail programs put around the quote and its "wrote:" line. */
static int quote_block(const xmlNode *n)
{
    return is(n, "blockquote") || attr_has(n, "class", "gmail_quote") ||
           attr_has(n, "class", "moz-cite-prefix") || attr_has(n, "class", "OutlookMessageHeader");
}

typedef struct walk {
    chr_textout *o;
    chr_format_meta *meta;
    int quote_blocks;
    int quoting;              /* depth inside quoted blocks */
    int pre;                  /* depth inside <pre> */
    int64_t time_day;         /* the first <time datetime> */
    int fail;
} walk;

/* Meta tags that date or title a page, in the order they are trusted. */
static const char *const DATE_META[] = {"article:published_time", "datepublished",
                                        "date", "dc.date", "dc.date.issued", "dcterms.date",
                                        "dcterms.created", "pubdate", "publish-date",
                                        "publication_date", "sailthru.date", NULL};

static int meta_rank(const xmlChar *key)
{
    for (int i = 0; DATE_META[i] != NULL; i++)
        if (strcasecmp((const char *)key, DATE_META[i]) == 0)
            return i;
    return -1;
}

/* The head's <title> and <meta> tags. */
static void read_head(walk *w, const xmlNode *head, char **html_title, int *best_rank)
{
    for (const xmlNode *n = head ? head->children : NULL; n != NULL; n = n->next) {
        if (is(n, "title") && *html_title == NULL) {
            xmlChar *t = xmlNodeGetContent(n);
            if (t && chr_meta_set(html_title, (const char *)t, strlen((const char *)t)) != 0)
                w->fail = 1;
            xmlFree(t);
            continue;
        }
        if (!is(n, "meta"))
            continue;
        xmlChar *key = attr(n, "property");
        if (key == NULL)
            key = attr(n, "name");
        if (key == NULL)
            key = attr(n, "itemprop");
        xmlChar *content = attr(n, "content");
        if (key != NULL && content != NULL) {
            size_t clen = strlen((const char *)content);
            int rank = meta_rank(key);
            int64_t day = rank >= 0 ? chr_meta_day((const char *)content, clen) : CHR_NO_DAY;
            if (day != CHR_NO_DAY && rank < *best_rank && w->meta->date == CHR_NO_DAY) {
                /* kept in time_day until the walk ends: a better-ranked
                 * tag may follow */
                *best_rank = rank;
                snprintf(w->meta->date_how, sizeof w->meta->date_how, "HTML meta %s",
                         (const char *)key);
                w->time_day = day;
            }
            if (strcasecmp((const char *)key, "og:title") == 0 &&
                chr_meta_set(&w->meta->title, (const char *)content, clen) != 0)
                w->fail = 1;
            if (strcasecmp((const char *)key, "author") == 0 &&
                chr_meta_set(&w->meta->author, (const char *)content, clen) != 0)
                w->fail = 1;
        }
        xmlFree(key);
        xmlFree(content);
    }
}

/* Entering element n: 1 to walk its children, 0 to leave them out. */
static int enter(walk *w, const xmlNode *n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        const char *t = (const char *)n->content;
        if (t != NULL) {
            if (w->pre)
                chr_tout_pre(w->o, t, strlen(t));
            else
                chr_tout_text(w->o, t, strlen(t));
        }
        return 0;
    }
    if (n->type != XML_ELEMENT_NODE)
        return 0;      /* comments, processing instructions */
    if (in_list(n->name, SKIP) || hidden(n))
        return 0;
    if (is(n, "time") && w->time_day == CHR_NO_DAY && w->meta->date == CHR_NO_DAY) {
        xmlChar *dt = attr(n, "datetime");
        if (dt != NULL) {
            w->time_day = chr_meta_day((const char *)dt, strlen((const char *)dt));
            if (w->time_day != CHR_NO_DAY)
                snprintf(w->meta->date_how, sizeof w->meta->date_how, "HTML <time datetime>");
        }
        xmlFree(dt);
    }
    if (in_list(n->name, PARA))
        chr_tout_break(w->o, 2);
    else if (in_list(n->name, LINE))
        chr_tout_break(w->o, 1);
    if (is(n, "li")) {
        chr_tout_text(w->o, "-", 1);
        w->o->space = 1;
    }
    if (is(n, "td") || is(n, "th"))
        chr_tout_cell(w->o);
    if (w->quote_blocks && quote_block(n)) {
        chr_tout_break(w->o, 1);
        if (w->quoting++ == 0)
            w->o->prefix = "> ";
    }
    if (is(n, "pre"))
        w->pre++;
    return 1;
}

/* Leaving element n, whose children were walked. */
static void leave(walk *w, const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE)
        return;
    if (is(n, "pre"))
        w->pre--;
    if (in_list(n->name, PARA))
        chr_tout_break(w->o, 2);
    else if (in_list(n->name, LINE))
        chr_tout_break(w->o, 1);
    if (w->quote_blocks && quote_block(n)) {
        chr_tout_break(w->o, 1);
        if (--w->quoting == 0)
            w->o->prefix = NULL;
    }
}

static void walk_tree(walk *w, xmlNode *root)
{
    xmlNode *cur = root;
    while (cur != NULL && !w->o->over && !w->o->b.failed) {
        int entered = enter(w, cur);
        if (entered && cur->children != NULL) {
            cur = cur->children;
            continue;
        }
        if (entered)
            leave(w, cur);
        /* up past every ancestor whose children are done */
        while (cur != root && cur->next == NULL) {
            cur = cur->parent;
            leave(w, cur);
        }
        cur = cur == root ? NULL : cur->next;
    }
}

/* The charset to read the page in: the caller's, UTF-8 when the bytes
 * are UTF-8, the page's own declaration (NULL: libxml2 reads it), else a
 * guess. */
static const char *page_charset(const char *bytes, size_t len, const char *given, char *buf,
                                size_t cap, chr_format_meta *meta)
{
    if (given != NULL && given[0] != '\0')
        return given;
    if (chr_utf8_check(bytes, len, NULL, 0) == len)
        return "UTF-8";
    size_t head = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 8 <= head; i++)
        if (strncasecmp(bytes + i, "charset=", 8) == 0) {
            meta->encoding_how = CHR_ENC_DECLARED;
            return NULL;
        }
    chr_charset_guess(bytes, len, buf, cap);
    meta->encoding_how = CHR_ENC_GUESSED;
    return buf[0] ? buf : "WINDOWS-1252";
}

int chr_html_convert(const char *file, const char *bytes, size_t len, const char *charset,
                     int quote_blocks, chr_textout *o, chr_format_meta *meta, chr_error *err)
{
    chr_xml_init();
    if (len > INT_MAX)
        return chr_error_set(err, CHR_ETOOBIG, file, CHR_NO_OFFSET, "%zu bytes of HTML, above %d", len,
                             INT_MAX);
    char guess[32];
    const char *cs = page_charset(bytes, len, charset, guess, sizeof guess, meta);
    htmlDocPtr doc = htmlReadMemory(bytes, (int)len, NULL, cs,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                        HTML_PARSE_NOBLANKS);
    if (doc == NULL)
        return chr_error_set(err, CHR_EPARSE, file, CHR_NO_OFFSET,
                             "the HTML parser found no document in it; expected a web page");
    if (cs != NULL && strcasecmp(cs, "UTF-8") != 0 && meta->encoding[0] == '\0')
        snprintf(meta->encoding, sizeof meta->encoding, "%s", cs);
    else if (cs == NULL && doc->encoding != NULL && meta->encoding[0] == '\0')
        snprintf(meta->encoding, sizeof meta->encoding, "%s", (const char *)doc->encoding);
    walk w = {o, meta, quote_blocks, 0, 0, CHR_NO_DAY, 0};
    xmlNode *root = xmlDocGetRootElement(doc);
    char *html_title = NULL;
    int best = INT_MAX;
    int64_t head_day = CHR_NO_DAY;
    char head_how[96] = "";
    for (xmlNode *n = root ? root->children : NULL; n != NULL; n = n->next)
        if (is(n, "head")) {
            read_head(&w, n, &html_title, &best);
            head_day = w.time_day;
            snprintf(head_how, sizeof head_how, "%s", meta->date_how);
            w.time_day = CHR_NO_DAY;
        }
    if (root != NULL)
        walk_tree(&w, root);
    /* a meta tag dates the page; a <time> in it only when nothing else
     * does, and weakly (the text's dateline wins) */
    if (meta->date == CHR_NO_DAY && head_day != CHR_NO_DAY) {
        meta->date = head_day;
        snprintf(meta->date_how, sizeof meta->date_how, "%s", head_how);
    } else if (meta->date == CHR_NO_DAY && w.time_day != CHR_NO_DAY) {
        meta->date = w.time_day;
        meta->date_weak = 1;
    }
    if (html_title != NULL) {
        if (meta->title == NULL)
            meta->title = html_title;
        else
            free(html_title);
    }
    xmlFreeDoc(doc);
    if (w.fail)
        return chr_error_set(err, CHR_ENOMEM, file, CHR_NO_OFFSET, "out of memory reading the page");
    return chr_tout_status(o, file, err);
}
