/*
 * json.c - JSON forms of the model, written and read with jansson.  No
 * jansson type leaves this file.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chronicle/json.h"
#include "render/json_int.h"

/* jansson reports allocation failure by returning NULL/-1 from setters;
 * collect it in one flag instead of checking each call. */
typedef struct jb {
    int fail;
    const chr_chron *c;        /* for the sources' document titles, or NULL */
} jb;

static void set(jb *b, json_t *obj, const char *key, json_t *val)
{
    if (val == NULL || json_object_set_new(obj, key, val) != 0)
        b->fail = 1;
}

static void push(jb *b, json_t *arr, json_t *val)
{
    if (val == NULL || json_array_append_new(arr, val) != 0)
        b->fail = 1;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *day_or_null(int64_t day)
{
    if (day == CHR_NO_DAY)
        return json_null();
    char buf[11];
    chr_day_format(day, buf);
    return json_string(buf);
}


static json_t *date_obj(jb *b, const chr_date *d)
{
    json_t *o = json_object();
    if (o == NULL) {
        b->fail = 1;
        return NULL;
    }
    set(b, o, "value", json_string(d->value));
    set(b, o, "precision", json_string(chr_precision_name(d->prec)));
    set(b, o, "start", day_or_null(d->first));
    set(b, o, "end", day_or_null(d->last));
    return o;
}

static json_t *str_array(jb *b, char *const *v, size_t n)
{
    json_t *a = json_array();
    if (a == NULL) {
        b->fail = 1;
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        push(b, a, json_string(v[i]));
    return a;
}

/* A source record: everything a mention is, so merged output can be
 * merged again. */
static json_t *source_obj(jb *b, const chr_mention *m)
{
    json_t *o = json_object();
    if (o == NULL) {
        b->fail = 1;
        return NULL;
    }
    set(b, o, "doc", json_string(m->doc ? m->doc : ""));
    if (b->c != NULL) {
        const chr_docinfo *d = chr_chron_find_doc(b->c, m->doc);
        set(b, o, "doc_title", str_or_null(d ? d->title : NULL));
        if (d != NULL && d->ncopies > 0)
            set(b, o, "copies", str_array(b, (char *const *)d->copies, d->ncopies));
    }
    set(b, o, "offset", json_integer(m->offset));
    set(b, o, "length", json_integer(m->length));
    set(b, o, "sentence", json_string(m->sentence ? m->sentence : ""));
    set(b, o, "date_text", str_or_null(m->date_text));
    set(b, o, "date_offset", m->date_text ? json_integer(m->date_offset) : json_null());
    set(b, o, "date_length", m->date_text ? json_integer(m->date_length) : json_null());
    set(b, o, "date", m->date.prec ? json_string(m->date.value) : json_null());
    if (m->mod)
        set(b, o, "mod", json_string(chr_timex_mod_name(m->mod)));
    set(b, o, "anchor", m->date.prec ? json_string(chr_anchor_name(m->anchor)) : json_null());
    set(b, o, "dct", day_or_null(m->dct));
    set(b, o, "type", json_string(chr_event_type_name(m->type)));
    set(b, o, "status", json_string(chr_modality_name(m->status)));
    set(b, o, "trigger", json_string(m->trigger ? m->trigger : ""));
    set(b, o, "trigger_offset", json_integer(m->trigger_offset));
    set(b, o, "trigger_length", json_integer(m->trigger_length));
    set(b, o, "lemma", str_or_null(m->lemma));
    set(b, o, "title", json_string(m->title ? m->title : ""));
    set(b, o, "actors", str_array(b, m->actors, m->nactors));
    return o;
}

static json_t *event_obj(jb *b, const chr_event *e)
{
    json_t *o = json_object();
    if (o == NULL) {
        b->fail = 1;
        return NULL;
    }
    char ts[32];
    set(b, o, "id", json_string(e->id));
    set(b, o, "type", json_string(chr_event_type_name(e->type)));
    set(b, o, "status", json_string(chr_modality_name(e->status)));
    set(b, o, "title", json_string(e->title));
    set(b, o, "date", date_obj(b, &e->date));
    set(b, o, "actors", str_array(b, e->actors, e->nactors));
    json_t *srcs = json_array();
    if (srcs == NULL)
        b->fail = 1;
    for (size_t i = 0; srcs && i < e->nsources; i++)
        push(b, srcs, source_obj(b, &e->sources[i]));
    set(b, o, "sources", srcs);
    if (e->nconflicts) {
        json_t *cf = json_array();
        if (cf == NULL)
            b->fail = 1;
        for (size_t i = 0; cf && i < e->nconflicts; i++)
            push(b, cf, date_obj(b, &e->conflicts[i]));
        set(b, o, "date_conflicts", cf);
    }
    chr_time_format(e->modified, ts);
    set(b, o, "modified", json_string(ts));
    set(b, o, "sequence", json_integer(e->sequence));
    set(b, o, "salience", json_integer(e->salience));
    return o;
}

static json_t *doc_obj(jb *b, const chr_docinfo *d)
{
    json_t *o = json_object();
    if (o == NULL) {
        b->fail = 1;
        return NULL;
    }
    char ts[32];
    chr_time_format(d->mtime, ts);
    set(b, o, "doc", json_string(d->name));
    set(b, o, "sha256", json_string(d->sha256));
    set(b, o, "bytes", json_integer((json_int_t)d->bytes));
    set(b, o, "mtime", json_string(ts));
    set(b, o, "dct", day_or_null(d->dct));
    set(b, o, "dct_source", json_string(chr_dct_source_name(d->dct_source)));
    set(b, o, "dct_how", str_or_null(d->dct_how));
    set(b, o, "title", str_or_null(d->title));
    /* offsets count bytes of the file itself, or of the text converted
     * from it (served at /documents/NAME/text) */
    set(b, o, "text_of", json_string(d->text_sha256[0] ? "converted" : "original"));
    if (d->format[0])
        set(b, o, "format", json_string(d->format));
    if (d->encoding[0])
        set(b, o, "encoding", json_string(d->encoding));
    if (d->text_sha256[0])
        set(b, o, "text_sha256", json_string(d->text_sha256));
    if (d->fingerprint) {
        char fp[17];
        snprintf(fp, sizeof fp, "%016llx", (unsigned long long)d->fingerprint);
        set(b, o, "fingerprint", json_string(fp));
    }
    set(b, o, "copy_of", str_or_null(d->copy_of));
    return o;
}

char *chr_json_dump(json_t *o, size_t flags, int newline, size_t *len)
{
    if (o == NULL)
        return NULL;
    char *s = json_dumps(o, flags);
    json_decref(o);
    if (s == NULL)
        return NULL;
    size_t n = strlen(s);
    if (newline) {
        char *t = realloc(s, n + 2);
        if (t == NULL) {
            free(s);
            return NULL;
        }
        s = t;
        s[n++] = '\n';
        s[n] = '\0';
    }
    if (len)
        *len = n;
    return s;
}

static json_t *finish(jb *b, json_t *o)
{
    if (b->fail) {
        json_decref(o);
        return NULL;
    }
    return o;
}

char *chr_json_timeline(const chr_chron *c, const size_t *idx, size_t n,
                        const chr_json_opts *opts, size_t *len)
{
    jb b = {0, c};
    json_t *root = json_object(), *corpus = json_object(), *evs = json_array(),
           *docs = json_array();
    if (!root || !corpus || !evs || !docs) {
        json_decref(root);
        json_decref(corpus);
        json_decref(evs);
        json_decref(docs);
        return NULL;
    }
    if (idx == NULL)
        n = chr_chron_event_count(c);
    char ts[32];
    chr_time_format(chr_chron_generated(c), ts);
    set(&b, corpus, "version", json_string(chr_chron_version(c)));
    set(&b, corpus, "documents", json_integer((json_int_t)chr_chron_doc_count(c)));
    set(&b, corpus, "generated", json_string(ts));
    set(&b, corpus, "events", json_integer((json_int_t)n));
    size_t total = opts && opts->total ? opts->total : chr_chron_event_count(c);
    set(&b, corpus, "total_events", json_integer((json_int_t)total));
    set(&b, root, "corpus", corpus);
    for (size_t i = 0; i < n; i++)
        push(&b, evs, event_obj(&b, chr_chron_event(c, idx ? idx[i] : i)));
    set(&b, root, "events", evs);
    for (size_t i = 0; i < chr_chron_doc_count(c); i++)
        push(&b, docs, doc_obj(&b, chr_chron_doc(c, i)));
    set(&b, root, "documents", docs);
    size_t flags = opts && opts->pretty ? JSON_INDENT(2) : JSON_COMPACT;
    return chr_json_dump(finish(&b, root), flags, 1, len);
}

char *chr_json_event(const chr_event *e, size_t *len)
{
    jb b = {0};
    json_t *o = event_obj(&b, e);
    return chr_json_dump(finish(&b, o), JSON_COMPACT, 1, len);
}

json_t *chr_json_event_value(const chr_event *e)
{
    jb b = {0};
    json_t *o = event_obj(&b, e);
    return finish(&b, o);
}

char *chr_json_mention_line(const chr_mention *m, size_t *len)
{
    jb b = {0};
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    set(&b, o, "kind", json_string("mention"));
    json_t *s = source_obj(&b, m);
    if (s && json_object_update(o, s) != 0)
        b.fail = 1;
    json_decref(s);
    return chr_json_dump(finish(&b, o), JSON_COMPACT, 1, len);
}

char *chr_json_event_report_line(const chr_mention *m, size_t *len)
{
    jb b = {0};
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    json_t *s = source_obj(&b, m);
    if (s && json_object_update(o, s) != 0)
        b.fail = 1;
    json_decref(s);
    set(&b, o, "dated", json_boolean(m->date.prec != CHR_PREC_NONE));
    if (m->why_undated)
        set(&b, o, "left_out", json_string(m->why_undated));
    return chr_json_dump(finish(&b, o), JSON_COMPACT, 1, len);
}

char *chr_json_doc_line(const chr_docinfo *d, size_t *len)
{
    jb b = {0};
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    set(&b, o, "kind", json_string("document"));
    json_t *s = doc_obj(&b, d);
    if (s && json_object_update(o, s) != 0)
        b.fail = 1;
    json_decref(s);
    return chr_json_dump(finish(&b, o), JSON_COMPACT, 1, len);
}

char *chr_json_timex_line(const char *doc, const char *text, const chr_timex *t,
                          size_t *len)
{
    jb b = {0};
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    set(&b, o, "doc", json_string(doc));
    set(&b, o, "start", json_integer(t->start));
    set(&b, o, "end", json_integer(t->end));
    set(&b, o, "text", json_stringn(text + t->start, t->end - t->start));
    set(&b, o, "type", json_string(chr_timex_type_name(t->type)));
    set(&b, o, "value", json_string(t->value));
    set(&b, o, "mod", t->mod ? json_string(chr_timex_mod_name(t->mod)) : json_null());
    if (t->date.prec != CHR_PREC_NONE) {
        json_t *r = json_array();
        if (r == NULL)
            b.fail = 1;
        else {
            push(&b, r, day_or_null(t->date.first));
            push(&b, r, day_or_null(t->date.last));
        }
        set(&b, o, "range", r);
    } else {
        set(&b, o, "range", json_null());
    }
    set(&b, o, "anchor", json_string(chr_anchor_name(t->anchor)));
    return chr_json_dump(finish(&b, o), JSON_COMPACT, 1, len);
}

/* ---- reading ----------------------------------------------------------- */

typedef struct rd {
    const char *source;
    size_t base;        /* byte offset of the current line in the input */
    size_t line;
    chr_error *err;
} rd;

static int bad(rd *r, size_t off, const char *what)
{
    return chr_error_set(r->err, CHR_EPARSE, r->source, r->base + off, "line %zu: %s",
                         r->line, what);
}

static const char *get_str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int get_u32(json_t *o, const char *key, uint32_t *out)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v) || json_integer_value(v) < 0 ||
        json_integer_value(v) > (json_int_t)UINT32_MAX)
        return -1;
    *out = (uint32_t)json_integer_value(v);
    return 0;
}

static int64_t get_day(json_t *o, const char *key)
{
    const char *s = get_str(o, key);
    return s ? chr_day_parse(s, strlen(s)) : CHR_NO_DAY;
}

static int parse_mod(const char *s, chr_timex_mod *out)
{
    for (int m = CHR_MOD_START; m <= CHR_MOD_AFTER; m++)
        if (strcmp(chr_timex_mod_name((chr_timex_mod)m), s) == 0) {
            *out = (chr_timex_mod)m;
            return 0;
        }
    return -1;
}

static int parse_anchor(const char *s, chr_anchor *out)
{
    for (int a = CHR_ANCHOR_ABSOLUTE; a < CHR_ANCHOR_COUNT; a++)
        if (strcmp(chr_anchor_name((chr_anchor)a), s) == 0) {
            *out = (chr_anchor)a;
            return 0;
        }
    return -1;
}

/* A source or mention object to a mention; fallback_type for sources of
 * timeline events written without a "type". */
static int read_mention(rd *r, json_t *o, const char *fallback_type, chr_chron *c)
{
    chr_mention m;
    memset(&m, 0, sizeof m);
    const char *doc = get_str(o, "doc"), *sentence = get_str(o, "sentence");
    const char *date = get_str(o, "date"), *type = get_str(o, "type");
    if (type == NULL)
        type = fallback_type;
    if (doc == NULL)
        return bad(r, 0, "mention without a \"doc\" string");
    if (type == NULL || chr_event_type_parse(type, strlen(type), &m.type) != 0)
        return bad(r, 0, "mention \"type\" missing or not an event type");
    if (get_u32(o, "offset", &m.offset) || get_u32(o, "length", &m.length))
        return bad(r, 0, "mention \"offset\"/\"length\" must be non-negative integers");
    if (date == NULL)
        return 0;  /* undated: not part of a chronology */
    if (chr_date_parse(date, strlen(date), &m.date) != 0)
        return bad(r, 0, "mention \"date\" is not a TIMEX3 date value");
    const char *s = get_str(o, "status");
    m.status = s && strcmp(s, "planned") == 0 ? CHR_PLANNED : CHR_OCCURRED;
    s = get_str(o, "mod");
    if (s && parse_mod(s, &m.mod) != 0)
        return bad(r, 0, "mention \"mod\" is not a TIMEX3 mod");
    s = get_str(o, "anchor");
    if (s && parse_anchor(s, &m.anchor) != 0)
        return bad(r, 0, "mention \"anchor\" is not one of absolute, dct, previous, none, "
                         "headline, reporting, narrative, form");
    m.dct = get_day(o, "dct");
    json_t *to = json_object_get(o, "trigger_offset");
    if (to && (get_u32(o, "trigger_offset", &m.trigger_offset) ||
               get_u32(o, "trigger_length", &m.trigger_length)))
        return bad(r, 0, "mention \"trigger_offset\"/\"trigger_length\" must be integers");
    const char *dt = get_str(o, "date_text");
    if (dt) {
        if (get_u32(o, "date_offset", &m.date_offset) || get_u32(o, "date_length", &m.date_length))
            return bad(r, 0, "mention \"date_offset\"/\"date_length\" must be integers");
    }
    json_t *actors = json_object_get(o, "actors");
    if (actors && !json_is_array(actors))
        return bad(r, 0, "mention \"actors\" must be an array of strings");
    int fail = 0;
    m.doc = strdup(doc);
    m.sentence = strdup(sentence ? sentence : "");
    m.title = strdup(get_str(o, "title") ? get_str(o, "title") : "");
    m.trigger = strdup(get_str(o, "trigger") ? get_str(o, "trigger") : "");
    const char *lemma = get_str(o, "lemma");
    m.lemma = lemma ? strdup(lemma) : NULL;
    m.date_text = dt ? strdup(dt) : NULL;
    fail = !m.doc || !m.sentence || !m.title || !m.trigger || (dt && !m.date_text) ||
           (lemma && !m.lemma);
    size_t na = actors ? json_array_size(actors) : 0;
    if (!fail && na) {
        m.actors = calloc(na, sizeof *m.actors);
        fail = m.actors == NULL;
        for (size_t i = 0; !fail && i < na; i++) {
            json_t *a = json_array_get(actors, i);
            if (!json_is_string(a)) {
                chr_mention_clear(&m);
                return bad(r, 0, "mention \"actors\" must be an array of strings");
            }
            m.actors[i] = strdup(json_string_value(a));
            fail = m.actors[i] == NULL;
            m.nactors = i + 1;
        }
    }
    if (fail) {
        chr_mention_clear(&m);
        return chr_error_set(r->err, CHR_ENOMEM, r->source, r->base, "out of memory");
    }
    return chr_chron_add_mention(c, &m, r->err);
}

static int read_doc(rd *r, json_t *o, chr_chron *c)
{
    chr_docinfo d;
    memset(&d, 0, sizeof d);
    const char *name = get_str(o, "doc"), *sha = get_str(o, "sha256");
    if (name == NULL || sha == NULL || strlen(sha) != 64)
        return bad(r, 0, "document record needs \"doc\" and a 64-digit \"sha256\"");
    d.name = (char *)name;
    memcpy(d.sha256, sha, 65);
    json_t *bytes = json_object_get(o, "bytes");
    d.bytes = json_is_integer(bytes) && json_integer_value(bytes) > 0
                  ? (uint64_t)json_integer_value(bytes) : 0;
    d.dct = get_day(o, "dct");
    const char *src = get_str(o, "dct_source");
    d.dct_source = CHR_DCT_NONE;
    for (int k = CHR_DCT_NONE; src && k <= CHR_DCT_METADATA; k++)
        if (strcmp(chr_dct_source_name((chr_dct_source)k), src) == 0)
            d.dct_source = (chr_dct_source)k;
    d.dct_how = (char *)get_str(o, "dct_how");
    d.title = (char *)get_str(o, "title");
    const char *tsha = get_str(o, "text_sha256"), *fmt = get_str(o, "format"),
               *enc = get_str(o, "encoding");
    if (tsha != NULL) {
        if (strlen(tsha) != 64)
            return bad(r, 0, "document \"text_sha256\" is not 64 hex digits");
        memcpy(d.text_sha256, tsha, 65);
    }
    if (fmt != NULL)
        snprintf(d.format, sizeof d.format, "%s", fmt);
    if (enc != NULL)
        snprintf(d.encoding, sizeof d.encoding, "%s", enc);
    const char *fp = get_str(o, "fingerprint");
    if (fp != NULL) {
        char *end = NULL;
        unsigned long long v = strtoull(fp, &end, 16);
        if (strlen(fp) != 16 || end == NULL || *end != '\0' || v == 0)
            return bad(r, 0, "document \"fingerprint\" is not 16 hex digits");
        d.fingerprint = v;
    }
    const char *mt = get_str(o, "mtime");
    if (mt) {
        int64_t t = chr_time_parse(mt);
        if (t == CHR_NO_DAY)
            return bad(r, 0, "document \"mtime\" is not a YYYY-MM-DDTHH:MM:SSZ time");
        d.mtime = t;
    }
    return chr_chron_add_doc(c, &d, r->err);
}

static int read_value(rd *r, json_t *v, chr_chron *c)
{
    if (!json_is_object(v))
        return bad(r, 0, "expected a JSON object");
    json_t *events = json_object_get(v, "events");
    if (events) {
        if (!json_is_array(events))
            return bad(r, 0, "timeline \"events\" must be an array");
        json_t *docs = json_object_get(v, "documents");
        for (size_t i = 0; json_is_array(docs) && i < json_array_size(docs); i++) {
            int rc = read_doc(r, json_array_get(docs, i), c);
            if (rc)
                return rc;
        }
        for (size_t i = 0; i < json_array_size(events); i++) {
            json_t *e = json_array_get(events, i);
            json_t *srcs = json_object_get(e, "sources");
            if (!json_is_array(srcs))
                return bad(r, 0, "timeline event without a \"sources\" array");
            const char *type = get_str(e, "type");
            for (size_t k = 0; k < json_array_size(srcs); k++) {
                int rc = read_mention(r, json_array_get(srcs, k), type, c);
                if (rc)
                    return rc;
            }
        }
        return 0;
    }
    const char *kind = get_str(v, "kind");
    if (kind && strcmp(kind, "document") == 0)
        return read_doc(r, v, c);
    if (kind && strcmp(kind, "mention") == 0)
        return read_mention(r, v, NULL, c);
    return bad(r, 0, "expected a timeline, or a record with \"kind\" \"document\" or \"mention\"");
}

int chr_json_load(const char *buf, size_t len, const char *source, chr_chron *c,
                  chr_error *err)
{
    rd r = {source ? source : "-", 0, 1, err};
    json_error_t je;
    /* One document spread over several lines (a pretty timeline)? */
    size_t p = 0;
    while (p < len && (buf[p] == ' ' || buf[p] == '\n' || buf[p] == '\r' || buf[p] == '\t'))
        p++;
    if (p < len) {
        json_t *whole = json_loadb(buf, len, 0, &je);
        if (whole == NULL) {
            /* a pretty timeline with an error inside: its first line is no
             * complete value, so say where the whole document broke */
            const char *nl = memchr(buf + p, '\n', len - p);
            json_error_t je1;
            json_t *first = nl ? json_loadb(buf + p, (size_t)(nl - (buf + p)), 0, &je1) : NULL;
            if (nl && first == NULL && je.position > (int)(nl - buf))
                return chr_error_set(err, CHR_EPARSE, r.source, (size_t)je.position,
                                     "line %d, column %d: %s", je.line, je.column, je.text);
            json_decref(first);
        }
        if (whole) {
            r.base = p;
            for (size_t k = 0; k < p; k++)
                r.line += buf[k] == '\n';
            int rc = read_value(&r, whole, c);
            json_decref(whole);
            return rc;
        }
    }
    size_t start = 0;
    while (start < len) {
        const char *nl = memchr(buf + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - buf) : len;
        r.base = start;
        size_t k = start;
        while (k < end && (buf[k] == ' ' || buf[k] == '\t' || buf[k] == '\r'))
            k++;
        if (k < end) {
            json_t *v = json_loadb(buf + start, end - start, 0, &je);
            if (v == NULL)
                return chr_error_set(err, CHR_EPARSE, r.source, start + (size_t)je.position,
                                     "line %zu: %s", r.line, je.text);
            int rc = read_value(&r, v, c);
            json_decref(v);
            if (rc)
                return rc;
        }
        start = end + 1;
        r.line++;
    }
    return 0;
}

