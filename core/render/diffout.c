/*
 * diffout.c - a diff (chron/diff.c) written out: JSON for programs and
 * text for people.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf_int.h"
#include "chronicle/diffout.h"
#include "render/json_int.h"

/* ---- JSON --------------------------------------------------------------- */

struct jb {
    int fail;
};

static void put(struct jb *b, json_t *o, const char *key, json_t *v)
{
    if (o == NULL || v == NULL || json_object_set_new(o, key, v) != 0) {
        b->fail = 1;
        if (o == NULL)
            json_decref(v);
    }
}

static void push(struct jb *b, json_t *a, json_t *v)
{
    if (a == NULL || v == NULL || json_array_append_new(a, v) != 0) {
        b->fail = 1;
        if (a == NULL)
            json_decref(v);
    }
}

static json_t *end_obj(struct jb *b, const chr_chron *c, const chr_diff_end *e)
{
    json_t *o = json_object();
    if (e != NULL && e->name != NULL)
        put(b, o, "name", json_string(e->name));
    if (e != NULL && e->number > 0)
        put(b, o, "number", json_integer((json_int_t)e->number));
    put(b, o, "version", json_string(chr_chron_version(c)));
    put(b, o, "documents", json_integer((json_int_t)chr_chron_doc_count(c)));
    put(b, o, "events", json_integer((json_int_t)chr_chron_event_count(c)));
    return o;
}

static json_t *event_json(struct jb *b, const chr_event *e)
{
    json_t *v = chr_json_event_value(e);
    if (v == NULL)
        b->fail = 1;
    return v;
}

static json_t *actors_json(struct jb *b, const chr_event *e)
{
    json_t *a = json_array();
    for (size_t i = 0; i < e->nactors; i++)
        push(b, a, json_string(e->actors[i]));
    return a;
}

static json_t *old_new(struct jb *b, json_t *o, json_t *n)
{
    json_t *x = json_object();
    put(b, x, "old", o);
    put(b, x, "new", n);
    return x;
}

static json_t *source_json(struct jb *b, const chr_mention *m)
{
    json_t *o = json_object();
    put(b, o, "doc", json_string(m->doc ? m->doc : ""));
    put(b, o, "offset", json_integer(m->offset));
    put(b, o, "length", json_integer(m->length));
    put(b, o, "sentence", json_string(m->sentence ? m->sentence : ""));
    return o;
}

static json_t *change_json(struct jb *b, const chr_diff *d, const chr_diff_change *c)
{
    const chr_event *o = chr_chron_event(chr_diff_from(d), c->from), *n = chr_chron_event(chr_diff_to(d), c->to);
    json_t *x = json_object(), *f = json_object();
    put(b, x, "id", json_string(o->id));
    /* ids are compared now: after chr_diff_carry they agree */
    if (strcmp(o->id, n->id) != 0)
        put(b, x, "new_id", json_string(n->id));
    put(b, x, "matched_by", json_string(c->by_evidence ? "evidence" : "id"));
    put(b, x, "title", json_string(n->title ? n->title : ""));
    put(b, x, "date", json_string(n->date.value));
    put(b, x, "type", json_string(chr_event_type_name(n->type)));
    if (c->fields & CHR_DIFF_DATE)
        put(b, f, "date", old_new(b, json_string(o->date.value), json_string(n->date.value)));
    if (c->fields & CHR_DIFF_TYPE)
        put(b, f, "type", old_new(b, json_string(chr_event_type_name(o->type)),
                                  json_string(chr_event_type_name(n->type))));
    if (c->fields & CHR_DIFF_TITLE)
        put(b, f, "title", old_new(b, json_string(o->title ? o->title : ""),
                                   json_string(n->title ? n->title : "")));
    if (c->fields & CHR_DIFF_STATUS)
        put(b, f, "status", old_new(b, json_string(chr_modality_name(o->status)),
                                    json_string(chr_modality_name(n->status))));
    if (c->fields & CHR_DIFF_ACTORS)
        put(b, f, "actors", old_new(b, actors_json(b, o), actors_json(b, n)));
    put(b, x, "fields", f);
    json_t *sa = json_array(), *sr = json_array();
    for (size_t k = 0; k < c->nsources_added; k++)
        push(b, sa, source_json(b, &n->sources[c->sources_added[k]]));
    for (size_t k = 0; k < c->nsources_removed; k++)
        push(b, sr, source_json(b, &o->sources[c->sources_removed[k]]));
    put(b, x, "sources_added", sa);
    put(b, x, "sources_removed", sr);
    return x;
}

char *chr_diffout_json(const chr_diff *d, const chr_diff_end *from, const chr_diff_end *to,
                    int pretty, size_t *len)
{
    struct jb b = {0};
    json_t *root = json_object();
    put(&b, root, "from", end_obj(&b, chr_diff_from(d), from));
    put(&b, root, "to", end_obj(&b, chr_diff_to(d), to));
    json_t *sum = json_object();
    put(&b, sum, "added", json_integer((json_int_t)chr_diff_added_count(d)));
    put(&b, sum, "removed", json_integer((json_int_t)chr_diff_removed_count(d)));
    put(&b, sum, "changed", json_integer((json_int_t)chr_diff_changed_count(d)));
    put(&b, sum, "unchanged", json_integer((json_int_t)chr_diff_unchanged_count(d)));
    put(&b, root, "summary", sum);
    json_t *added = json_array(), *removed = json_array(), *changed = json_array();
    for (size_t k = 0; k < chr_diff_added_count(d) && !b.fail; k++)
        push(&b, added, event_json(&b, chr_chron_event(chr_diff_to(d), chr_diff_added(d, k))));
    for (size_t k = 0; k < chr_diff_removed_count(d) && !b.fail; k++)
        push(&b, removed, event_json(&b, chr_chron_event(chr_diff_from(d), chr_diff_removed(d, k))));
    for (size_t k = 0; k < chr_diff_changed_count(d) && !b.fail; k++)
        push(&b, changed, change_json(&b, d, chr_diff_changed(d, k)));
    put(&b, root, "added", added);
    put(&b, root, "removed", removed);
    put(&b, root, "changed", changed);
    json_t *docs = json_object();
    static const char *const names[3] = {"added", "removed", "changed"};
    for (int w = 0; w < 3; w++) {
        json_t *a = json_array();
        for (size_t k = 0; k < chr_diff_docs_count(d, w); k++)
            push(&b, a, json_string(chr_diff_doc(d, w, k)));
        put(&b, docs, names[w], a);
    }
    put(&b, root, "documents", docs);
    if (b.fail) {
        json_decref(root);
        return NULL;
    }
    return chr_json_dump(root, pretty ? JSON_INDENT(2) : JSON_COMPACT, 1, len);
}

/* ---- text --------------------------------------------------------------- */

/* Document text for a terminal: control bytes become spaces, at most max
 * bytes without splitting a UTF-8 sequence, "…" when cut. */
static void add_text(chr_buf *b, const char *s, size_t max)
{
    if (s == NULL)
        return;
    size_t n = strlen(s), cut = n > max;
    if (cut) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0u) == 0x80u)
            n--;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char ch = c < 0x20 || c == 0x7F ? ' ' : (char)c;
        chr_buf_add(b, &ch, 1);
    }
    if (cut)
        chr_buf_add(b, "\xE2\x80\xA6", 3);
}

static const char *colour(int on, const char *code)
{
    return on ? code : "";
}

#define GREEN "\x1b[32m"
#define RED "\x1b[31m"
#define YELLOW "\x1b[33m"
#define BOLD "\x1b[1m"
#define RESET "\x1b[0m"
#define ARROW " \xE2\x86\x92 "

static void event_line(chr_buf *b, char mark, const char *col, int on, const chr_event *e)
{
    chr_buf_addf(b, "%s%c %-10s %-12s ", colour(on, col), mark, e->date.value,
         chr_event_type_name(e->type));
    add_text(b, e->title, 100);
    chr_buf_addf(b, " [%s]%s\n", e->id, colour(on, RESET));
}

static void actors_text(chr_buf *b, const chr_event *e)
{
    chr_buf_add(b, "[", 1);
    for (size_t i = 0; i < e->nactors; i++) {
        if (i)
            chr_buf_add(b, ", ", 2);
        add_text(b, e->actors[i], 60);
    }
    chr_buf_add(b, "]", 1);
}

static void source_line(chr_buf *b, const char *what, const chr_mention *m)
{
    chr_buf_addf(b, "    %s: ", what);
    add_text(b, m->doc, 120);
    chr_buf_addf(b, ":%u \"", m->offset);
    add_text(b, m->sentence, 100);
    chr_buf_add(b, "\"\n", 2);
}

static void end_line(chr_buf *b, const char *mark, const chr_chron *c, const chr_diff_end *e)
{
    chr_buf_addf(b, "%s ", mark);
    if (e != NULL && e->name != NULL)
        add_text(b, e->name, 200);
    else if (e != NULL && e->number > 0)
        chr_buf_addf(b, "version %llu", (unsigned long long)e->number);
    else
        chr_buf_add(b, "-", 1);
    chr_buf_addf(b, " (corpus %.12s, %zu documents, %zu events)\n", chr_chron_version(c),
         chr_chron_doc_count(c), chr_chron_event_count(c));
}

char *chr_diffout_text(const chr_diff *d, const chr_diff_end *from, const chr_diff_end *to,
                    int on, size_t *len)
{
    chr_buf b = {0};
    end_line(&b, "---", chr_diff_from(d), from);
    end_line(&b, "+++", chr_diff_to(d), to);
    static const char *const dn[3] = {"added", "removed", "changed"};
    for (int w = 0; w < 3; w++)
        for (size_t k = 0; k < chr_diff_docs_count(d, w); k++) {
            chr_buf_addf(&b, "document %s: ", dn[w]);
            add_text(&b, chr_diff_doc(d, w, k), 200);
            chr_buf_add(&b, "\n", 1);
        }
    chr_buf_addf(&b, "%zu added, %zu removed, %zu changed, %zu unchanged\n", chr_diff_added_count(d), chr_diff_removed_count(d),
         chr_diff_changed_count(d), chr_diff_unchanged_count(d));
    if (chr_diff_added_count(d)) {
        chr_buf_addf(&b, "\n%sadded:%s\n", colour(on, BOLD), colour(on, RESET));
        for (size_t k = 0; k < chr_diff_added_count(d); k++)
            event_line(&b, '+', GREEN, on, chr_chron_event(chr_diff_to(d), chr_diff_added(d, k)));
    }
    if (chr_diff_removed_count(d)) {
        chr_buf_addf(&b, "\n%sremoved:%s\n", colour(on, BOLD), colour(on, RESET));
        for (size_t k = 0; k < chr_diff_removed_count(d); k++)
            event_line(&b, '-', RED, on, chr_chron_event(chr_diff_from(d), chr_diff_removed(d, k)));
    }
    if (chr_diff_changed_count(d)) {
        chr_buf_addf(&b, "\n%schanged:%s\n", colour(on, BOLD), colour(on, RESET));
        for (size_t k = 0; k < chr_diff_changed_count(d); k++) {
            const chr_diff_change *c = chr_diff_changed(d, k);
            const chr_event *o = chr_chron_event(chr_diff_from(d), c->from);
            const chr_event *n = chr_chron_event(chr_diff_to(d), c->to);
            event_line(&b, '~', YELLOW, on, n);
            if (strcmp(o->id, n->id) != 0)
                chr_buf_addf(&b, "    id: %s" ARROW "%s\n", o->id, n->id);
            if (c->fields & CHR_DIFF_DATE)
                chr_buf_addf(&b, "    date: %s" ARROW "%s\n", o->date.value, n->date.value);
            if (c->fields & CHR_DIFF_TYPE)
                chr_buf_addf(&b, "    type: %s" ARROW "%s\n", chr_event_type_name(o->type),
                     chr_event_type_name(n->type));
            if (c->fields & CHR_DIFF_STATUS)
                chr_buf_addf(&b, "    status: %s" ARROW "%s\n", chr_modality_name(o->status),
                     chr_modality_name(n->status));
            if (c->fields & CHR_DIFF_TITLE) {
                chr_buf_add(&b, "    title: \"", 12);
                add_text(&b, o->title, 100);
                chr_buf_add(&b, "\"" ARROW "\"", 7);
                add_text(&b, n->title, 100);
                chr_buf_add(&b, "\"\n", 2);
            }
            if (c->fields & CHR_DIFF_ACTORS) {
                chr_buf_add(&b, "    actors: ", 12);
                actors_text(&b, o);
                chr_buf_add(&b, ARROW, 5);
                actors_text(&b, n);
                chr_buf_add(&b, "\n", 1);
            }
            for (size_t q = 0; q < c->nsources_added; q++)
                source_line(&b, "source added", &n->sources[c->sources_added[q]]);
            for (size_t q = 0; q < c->nsources_removed; q++)
                source_line(&b, "source removed", &o->sources[c->sources_removed[q]]);
        }
    }
    if (b.failed || b.p == NULL) {
        free(b.p);
        return NULL;
    }
    if (len)
        *len = b.len;
    return b.p;
}
