/*
 * json.c - JSON forms of the model, written by the streaming writer
 * (jw.c) and read with jansson.  No jansson type leaves this file.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chronicle/json.h"
#include "render/json_int.h"
#include "render/jw_int.h"

/* ---- writing: streamed (render/jw_int.h), in the bytes jansson wrote -- */

static void day_or_null(chr_jw *w, int64_t day)
{
    if (day == CHR_NO_DAY) {
        chr_jw_null(w);
        return;
    }
    char buf[11];
    chr_day_format(day, buf);
    chr_jw_strn(w, buf, 10);
}

static void date_obj(chr_jw *w, const chr_date *d)
{
    chr_jw_obj(w);
    chr_jw_key(w, "value");
    chr_jw_str(w, d->value);
    chr_jw_key(w, "precision");
    chr_jw_str(w, chr_precision_name(d->prec));
    chr_jw_key(w, "start");
    day_or_null(w, d->first);
    chr_jw_key(w, "end");
    day_or_null(w, d->last);
    chr_jw_obj_end(w);
}

static void str_array(chr_jw *w, char *const *v, size_t n)
{
    chr_jw_arr(w);
    for (size_t i = 0; i < n; i++)
        chr_jw_str(w, v[i]);
    chr_jw_arr_end(w);
}

/* The members of a source record: everything a mention is, so merged
 * output can be merged again.  c (or NULL) gives the documents' titles. */
static void source_members(chr_jw *w, const chr_chron *c, const chr_mention *m)
{
    chr_jw_key(w, "doc");
    chr_jw_str(w, m->doc ? m->doc : "");
    if (c != NULL) {
        const chr_docinfo *d = chr_chron_find_doc(c, m->doc);
        chr_jw_key(w, "doc_title");
        chr_jw_str_or_null(w, d ? d->title : NULL);
        if (d != NULL && d->ncopies > 0) {
            chr_jw_key(w, "copies");
            str_array(w, (char *const *)d->copies, d->ncopies);
        }
    }
    chr_jw_key(w, "offset");
    chr_jw_int(w, m->offset);
    chr_jw_key(w, "length");
    chr_jw_int(w, m->length);
    chr_jw_key(w, "sentence");
    chr_jw_str(w, m->sentence ? m->sentence : "");
    chr_jw_key(w, "date_text");
    chr_jw_str_or_null(w, m->date_text);
    chr_jw_key(w, "date_offset");
    if (m->date_text)
        chr_jw_int(w, m->date_offset);
    else
        chr_jw_null(w);
    chr_jw_key(w, "date_length");
    if (m->date_text)
        chr_jw_int(w, m->date_length);
    else
        chr_jw_null(w);
    chr_jw_key(w, "date");
    chr_jw_str_or_null(w, m->date.prec ? m->date.value : NULL);
    if (m->mod) {
        chr_jw_key(w, "mod");
        chr_jw_str(w, chr_timex_mod_name(m->mod));
    }
    chr_jw_key(w, "anchor");
    chr_jw_str_or_null(w, m->date.prec ? chr_anchor_name(m->anchor) : NULL);
    chr_jw_key(w, "dct");
    day_or_null(w, m->dct);
    chr_jw_key(w, "type");
    chr_jw_str(w, chr_event_type_name(m->type));
    chr_jw_key(w, "status");
    chr_jw_str(w, chr_modality_name(m->status));
    chr_jw_key(w, "trigger");
    chr_jw_str(w, m->trigger ? m->trigger : "");
    chr_jw_key(w, "trigger_offset");
    chr_jw_int(w, m->trigger_offset);
    chr_jw_key(w, "trigger_length");
    chr_jw_int(w, m->trigger_length);
    chr_jw_key(w, "lemma");
    chr_jw_str_or_null(w, m->lemma);
    chr_jw_key(w, "title");
    chr_jw_str(w, m->title ? m->title : "");
    chr_jw_key(w, "actors");
    str_array(w, m->actors, m->nactors);
}

static void event_obj(chr_jw *w, const chr_chron *c, const chr_event *e)
{
    char ts[32];
    chr_jw_obj(w);
    chr_jw_key(w, "id");
    chr_jw_str(w, e->id);
    chr_jw_key(w, "type");
    chr_jw_str(w, chr_event_type_name(e->type));
    chr_jw_key(w, "status");
    chr_jw_str(w, chr_modality_name(e->status));
    chr_jw_key(w, "title");
    chr_jw_str(w, e->title);
    chr_jw_key(w, "date");
    date_obj(w, &e->date);
    chr_jw_key(w, "actors");
    str_array(w, e->actors, e->nactors);
    chr_jw_key(w, "sources");
    chr_jw_arr(w);
    for (size_t i = 0; i < e->nsources; i++) {
        chr_jw_obj(w);
        source_members(w, c, &e->sources[i]);
        chr_jw_obj_end(w);
    }
    chr_jw_arr_end(w);
    if (e->nconflicts) {
        chr_jw_key(w, "date_conflicts");
        chr_jw_arr(w);
        for (size_t i = 0; i < e->nconflicts; i++)
            date_obj(w, &e->conflicts[i]);
        chr_jw_arr_end(w);
    }
    chr_time_format(e->modified, ts);
    chr_jw_key(w, "modified");
    chr_jw_str(w, ts);
    chr_jw_key(w, "sequence");
    chr_jw_int(w, e->sequence);
    chr_jw_key(w, "salience");
    chr_jw_int(w, e->salience);
    chr_jw_obj_end(w);
}

static void doc_members(chr_jw *w, const chr_docinfo *d)
{
    char ts[32];
    chr_time_format(d->mtime, ts);
    chr_jw_key(w, "doc");
    chr_jw_str(w, d->name);
    chr_jw_key(w, "sha256");
    chr_jw_str(w, d->sha256);
    chr_jw_key(w, "bytes");
    chr_jw_int(w, (long long)d->bytes);
    chr_jw_key(w, "mtime");
    chr_jw_str(w, ts);
    chr_jw_key(w, "dct");
    day_or_null(w, d->dct);
    chr_jw_key(w, "dct_source");
    chr_jw_str(w, chr_dct_source_name(d->dct_source));
    chr_jw_key(w, "dct_how");
    chr_jw_str_or_null(w, d->dct_how);
    chr_jw_key(w, "title");
    chr_jw_str_or_null(w, d->title);
    if (d->fingerprint) {
        char fp[17];
        snprintf(fp, sizeof fp, "%016llx", (unsigned long long)d->fingerprint);
        chr_jw_key(w, "fingerprint");
        chr_jw_strn(w, fp, 16);
    }
    chr_jw_key(w, "copy_of");
    chr_jw_str_or_null(w, d->copy_of);
}

/* The writer's buffer with a final newline, or NULL (freed) when it
 * failed. */
static char *finish(chr_jw *w, chr_buf *b, size_t *len)
{
    chr_buf_add(b, "\n", 1);
    if (chr_jw_failed(w) || w->depth != 0) {
        free(b->p);
        return NULL;
    }
    if (len)
        *len = b->len;
    return b->p;
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

char *chr_json_timeline(const chr_chron *c, const size_t *idx, size_t n,
                        const chr_json_opts *opts, size_t *len)
{
    chr_buf b = {0};
    chr_jw w;
    chr_jw_init(&w, &b, opts && opts->pretty ? 2 : 0);
    if (idx == NULL)
        n = chr_chron_event_count(c);
    /* about 1 KB an event: fewer reallocations of a large timeline */
    size_t guess = 1024 + n * 1024;
    if ((b.p = malloc(guess)) != NULL)
        b.cap = guess;
    char ts[32];
    chr_time_format(chr_chron_generated(c), ts);
    size_t total = opts && opts->total ? opts->total : chr_chron_event_count(c);
    chr_jw_obj(&w);
    chr_jw_key(&w, "corpus");
    chr_jw_obj(&w);
    chr_jw_key(&w, "version");
    chr_jw_str(&w, chr_chron_version(c));
    chr_jw_key(&w, "documents");
    chr_jw_int(&w, (long long)chr_chron_doc_count(c));
    chr_jw_key(&w, "generated");
    chr_jw_str(&w, ts);
    chr_jw_key(&w, "events");
    chr_jw_int(&w, (long long)n);
    chr_jw_key(&w, "total_events");
    chr_jw_int(&w, (long long)total);
    chr_jw_obj_end(&w);
    chr_jw_key(&w, "events");
    chr_jw_arr(&w);
    for (size_t i = 0; i < n && !chr_jw_failed(&w); i++)
        event_obj(&w, c, chr_chron_event(c, idx ? idx[i] : i));
    chr_jw_arr_end(&w);
    chr_jw_key(&w, "documents");
    chr_jw_arr(&w);
    for (size_t i = 0; i < chr_chron_doc_count(c); i++) {
        chr_jw_obj(&w);
        doc_members(&w, chr_chron_doc(c, i));
        chr_jw_obj_end(&w);
    }
    chr_jw_arr_end(&w);
    chr_jw_obj_end(&w);
    return finish(&w, &b, len);
}

char *chr_json_event(const chr_event *e, size_t *len)
{
    chr_buf b = {0};
    chr_jw w;
    chr_jw_init(&w, &b, 0);
    event_obj(&w, NULL, e);
    return finish(&w, &b, len);
}

json_t *chr_json_event_value(const chr_event *e)
{
    size_t n;
    char *s = chr_json_event(e, &n);
    if (s == NULL)
        return NULL;
    json_t *v = json_loadb(s, n, 0, NULL);
    free(s);
    return v;
}

char *chr_json_mention_line(const chr_mention *m, size_t *len)
{
    chr_buf b = {0};
    chr_jw w;
    chr_jw_init(&w, &b, 0);
    chr_jw_obj(&w);
    chr_jw_key(&w, "kind");
    chr_jw_str(&w, "mention");
    source_members(&w, NULL, m);
    chr_jw_obj_end(&w);
    return finish(&w, &b, len);
}

char *chr_json_event_report_line(const chr_mention *m, size_t *len)
{
    chr_buf b = {0};
    chr_jw w;
    chr_jw_init(&w, &b, 0);
    chr_jw_obj(&w);
    source_members(&w, NULL, m);
    chr_jw_key(&w, "dated");
    chr_jw_bool(&w, m->date.prec != CHR_PREC_NONE);
    if (m->why_undated) {
        chr_jw_key(&w, "left_out");
        chr_jw_str(&w, m->why_undated);
    }
    chr_jw_obj_end(&w);
    return finish(&w, &b, len);
}

char *chr_json_doc_line(const chr_docinfo *d, size_t *len)
{
    chr_buf b = {0};
    chr_jw w;
    chr_jw_init(&w, &b, 0);
    chr_jw_obj(&w);
    chr_jw_key(&w, "kind");
    chr_jw_str(&w, "document");
    doc_members(&w, d);
    chr_jw_obj_end(&w);
    return finish(&w, &b, len);
}

char *chr_json_timex_line(const char *doc, const char *text, const chr_timex *t,
                          size_t *len)
{
    chr_buf b = {0};
    chr_jw w;
    chr_jw_init(&w, &b, 0);
    chr_jw_obj(&w);
    chr_jw_key(&w, "doc");
    chr_jw_str(&w, doc);
    chr_jw_key(&w, "start");
    chr_jw_int(&w, t->start);
    chr_jw_key(&w, "end");
    chr_jw_int(&w, t->end);
    chr_jw_key(&w, "text");
    chr_jw_strn(&w, text + t->start, t->end - t->start);
    chr_jw_key(&w, "type");
    chr_jw_str(&w, chr_timex_type_name(t->type));
    chr_jw_key(&w, "value");
    chr_jw_str(&w, t->value);
    chr_jw_key(&w, "mod");
    chr_jw_str_or_null(&w, t->mod ? chr_timex_mod_name(t->mod) : NULL);
    chr_jw_key(&w, "range");
    if (t->date.prec != CHR_PREC_NONE) {
        chr_jw_arr(&w);
        day_or_null(&w, t->date.first);
        day_or_null(&w, t->date.last);
        chr_jw_arr_end(&w);
    } else {
        chr_jw_null(&w);
    }
    chr_jw_key(&w, "anchor");
    chr_jw_str(&w, chr_anchor_name(t->anchor));
    chr_jw_obj_end(&w);
    return finish(&w, &b, len);
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
    for (int k = CHR_DCT_NONE; src && k <= CHR_DCT_BOUND; k++)
        if (strcmp(chr_dct_source_name((chr_dct_source)k), src) == 0)
            d.dct_source = (chr_dct_source)k;
    d.dct_how = (char *)get_str(o, "dct_how");
    d.title = (char *)get_str(o, "title");
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

