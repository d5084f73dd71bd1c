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
#include "render/jr_int.h"
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

void chr_json_event_obj(chr_jw *w, const chr_chron *c, const chr_event *e)
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

void chr_json_doc_members(chr_jw *w, const chr_docinfo *d)
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
    /* offsets count bytes of the file itself, or of the text converted
     * from it (served at /documents/NAME/text) */
    chr_jw_key(w, "text_of");
    chr_jw_str(w, d->text_sha256[0] ? "converted" : "original");
    if (d->format[0]) {
        chr_jw_key(w, "format");
        chr_jw_str(w, d->format);
    }
    if (d->encoding[0]) {
        chr_jw_key(w, "encoding");
        chr_jw_str(w, d->encoding);
    }
    if (d->text_sha256[0]) {
        chr_jw_key(w, "text_sha256");
        chr_jw_str(w, d->text_sha256);
    }
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

char *chr_json_event(const chr_event *e, size_t *len)
{
    chr_buf b = {0};
    chr_jw w;
    chr_jw_init(&w, &b, 0);
    chr_json_event_obj(&w, NULL, e);
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
    chr_json_doc_members(&w, d);
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

/* A member as the readers see it, from a jansson object or from the
 * stream: absent, a string, an integer, or some other value. */
enum { FV_ABSENT = 0, FV_STR, FV_INT, FV_OTHER };
typedef struct fv {
    unsigned char kind;
    const char *s;
    long long i;
} fv;

enum {
    M_DOC, M_SENTENCE, M_DATE, M_TYPE, M_OFFSET, M_LENGTH, M_STATUS, M_MOD, M_ANCHOR, M_DCT,
    M_TRIGGER_OFFSET, M_TRIGGER_LENGTH, M_DATE_TEXT, M_DATE_OFFSET, M_DATE_LENGTH, M_TITLE,
    M_TRIGGER, M_LEMMA, M_COUNT
};
static const char *const mention_keys[M_COUNT] = {
    "doc", "sentence", "date", "type", "offset", "length", "status", "mod", "anchor", "dct",
    "trigger_offset", "trigger_length", "date_text", "date_offset", "date_length", "title",
    "trigger", "lemma"};

enum { D_DOC, D_SHA256, D_BYTES, D_DCT, D_DCT_SOURCE, D_DCT_HOW, D_TITLE, D_FINGERPRINT,
       D_MTIME, D_TEXT_SHA256, D_FORMAT, D_ENCODING, D_COUNT };
static const char *const doc_keys[D_COUNT] = {
    "doc", "sha256", "bytes", "dct", "dct_source", "dct_how", "title", "fingerprint", "mtime",
    "text_sha256", "format", "encoding"};

/* A mention's members, and its "actors": absent (nactors 0, actors_kind
 * FV_ABSENT), an array of strings, or anything else (FV_OTHER). */
typedef struct mfields {
    fv f[M_COUNT];
    unsigned char actors_kind;
    const char **actors;
    size_t nactors;
} mfields;

static fv fv_of(json_t *v)
{
    fv r = {FV_ABSENT, NULL, 0};
    if (v == NULL)
        return r;
    if (json_is_string(v)) {
        r.kind = FV_STR;
        r.s = json_string_value(v);
    } else if (json_is_integer(v)) {
        r.kind = FV_INT;
        r.i = json_integer_value(v);
    } else {
        r.kind = FV_OTHER;
    }
    return r;
}

static const char *str_of(const fv *v)
{
    return v->kind == FV_STR ? v->s : NULL;
}

static int u32_of(const fv *v, uint32_t *out)
{
    if (v->kind != FV_INT || v->i < 0 || v->i > (long long)UINT32_MAX)
        return -1;
    *out = (uint32_t)v->i;
    return 0;
}

static int64_t day_of(const fv *v)
{
    const char *s = str_of(v);
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

/* A source or mention record to a mention; fallback_type for sources of
 * timeline events written without a "type". */
static int read_mention(rd *r, const mfields *mf, const char *fallback_type, chr_chron *c)
{
    const fv *f = mf->f;
    chr_mention m;
    memset(&m, 0, sizeof m);
    const char *doc = str_of(&f[M_DOC]), *sentence = str_of(&f[M_SENTENCE]);
    const char *date = str_of(&f[M_DATE]), *type = str_of(&f[M_TYPE]);
    if (type == NULL)
        type = fallback_type;
    if (doc == NULL)
        return bad(r, 0, "mention without a \"doc\" string");
    if (type == NULL || chr_event_type_parse(type, strlen(type), &m.type) != 0)
        return bad(r, 0, "mention \"type\" missing or not an event type");
    if (u32_of(&f[M_OFFSET], &m.offset) || u32_of(&f[M_LENGTH], &m.length))
        return bad(r, 0, "mention \"offset\"/\"length\" must be non-negative integers");
    if (date == NULL)
        return 0;  /* undated: not part of a chronology */
    if (chr_date_parse(date, strlen(date), &m.date) != 0)
        return bad(r, 0, "mention \"date\" is not a TIMEX3 date value");
    const char *s = str_of(&f[M_STATUS]);
    m.status = s && strcmp(s, "planned") == 0 ? CHR_PLANNED : CHR_OCCURRED;
    s = str_of(&f[M_MOD]);
    if (s && parse_mod(s, &m.mod) != 0)
        return bad(r, 0, "mention \"mod\" is not a TIMEX3 mod");
    s = str_of(&f[M_ANCHOR]);
    if (s && parse_anchor(s, &m.anchor) != 0)
        return bad(r, 0, "mention \"anchor\" is not one of absolute, dct, previous, none, "
                         "headline, reporting, narrative, form");
    m.dct = day_of(&f[M_DCT]);
    if (f[M_TRIGGER_OFFSET].kind != FV_ABSENT &&
        (u32_of(&f[M_TRIGGER_OFFSET], &m.trigger_offset) ||
         u32_of(&f[M_TRIGGER_LENGTH], &m.trigger_length)))
        return bad(r, 0, "mention \"trigger_offset\"/\"trigger_length\" must be integers");
    const char *dt = str_of(&f[M_DATE_TEXT]);
    if (dt) {
        if (u32_of(&f[M_DATE_OFFSET], &m.date_offset) ||
            u32_of(&f[M_DATE_LENGTH], &m.date_length))
            return bad(r, 0, "mention \"date_offset\"/\"date_length\" must be integers");
    }
    if (mf->actors_kind == FV_OTHER)
        return bad(r, 0, "mention \"actors\" must be an array of strings");
    int fail = 0;
    const char *title = str_of(&f[M_TITLE]), *trigger = str_of(&f[M_TRIGGER]);
    const char *lemma = str_of(&f[M_LEMMA]);
    m.doc = strdup(doc);
    m.sentence = strdup(sentence ? sentence : "");
    m.title = strdup(title ? title : "");
    m.trigger = strdup(trigger ? trigger : "");
    m.lemma = lemma ? strdup(lemma) : NULL;
    m.date_text = dt ? strdup(dt) : NULL;
    fail = !m.doc || !m.sentence || !m.title || !m.trigger || (dt && !m.date_text) ||
           (lemma && !m.lemma);
    size_t na = mf->nactors;
    if (!fail && na) {
        m.actors = calloc(na, sizeof *m.actors);
        fail = m.actors == NULL;
        for (size_t i = 0; !fail && i < na; i++) {
            m.actors[i] = strdup(mf->actors[i]);
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

/* read_mention on a jansson object. */
static int read_mention_json(rd *r, json_t *o, const char *fallback_type, chr_chron *c)
{
    mfields mf;
    memset(&mf, 0, sizeof mf);
    for (int k = 0; k < M_COUNT; k++)
        mf.f[k] = fv_of(json_object_get(o, mention_keys[k]));
    json_t *actors = json_object_get(o, "actors");
    size_t na = json_is_array(actors) ? json_array_size(actors) : 0;
    mf.actors_kind = actors == NULL ? FV_ABSENT : json_is_array(actors) ? FV_STR : FV_OTHER;
    if (na > 0 && (mf.actors = malloc(na * sizeof *mf.actors)) == NULL)
        return chr_error_set(r->err, CHR_ENOMEM, r->source, r->base, "out of memory");
    for (size_t i = 0; i < na; i++) {
        json_t *a = json_array_get(actors, i);
        if (!json_is_string(a)) {
            mf.actors_kind = FV_OTHER;
            break;
        }
        mf.actors[mf.nactors++] = json_string_value(a);
    }
    int rc = read_mention(r, &mf, fallback_type, c);
    free(mf.actors);
    return rc;
}

static int read_doc(rd *r, const fv *f, chr_chron *c)
{
    chr_docinfo d;
    memset(&d, 0, sizeof d);
    const char *name = str_of(&f[D_DOC]), *sha = str_of(&f[D_SHA256]);
    if (name == NULL || sha == NULL || strlen(sha) != 64)
        return bad(r, 0, "document record needs \"doc\" and a 64-digit \"sha256\"");
    d.name = (char *)name;
    memcpy(d.sha256, sha, 65);
    d.bytes = f[D_BYTES].kind == FV_INT && f[D_BYTES].i > 0 ? (uint64_t)f[D_BYTES].i : 0;
    d.dct = day_of(&f[D_DCT]);
    const char *src = str_of(&f[D_DCT_SOURCE]);
    d.dct_source = CHR_DCT_NONE;
    for (int k = CHR_DCT_NONE; src && k <= CHR_DCT_METADATA; k++)
        if (strcmp(chr_dct_source_name((chr_dct_source)k), src) == 0)
            d.dct_source = (chr_dct_source)k;
    d.dct_how = (char *)str_of(&f[D_DCT_HOW]);
    d.title = (char *)str_of(&f[D_TITLE]);
    const char *tsha = str_of(&f[D_TEXT_SHA256]), *fmt = str_of(&f[D_FORMAT]),
               *enc = str_of(&f[D_ENCODING]);
    if (tsha != NULL) {
        if (strlen(tsha) != 64)
            return bad(r, 0, "document \"text_sha256\" is not 64 hex digits");
        memcpy(d.text_sha256, tsha, 65);
    }
    if (fmt != NULL)
        snprintf(d.format, sizeof d.format, "%s", fmt);
    if (enc != NULL)
        snprintf(d.encoding, sizeof d.encoding, "%s", enc);
    const char *fp = str_of(&f[D_FINGERPRINT]);
    if (fp != NULL) {
        char *end = NULL;
        unsigned long long v = strtoull(fp, &end, 16);
        if (strlen(fp) != 16 || end == NULL || *end != '\0' || v == 0)
            return bad(r, 0, "document \"fingerprint\" is not 16 hex digits");
        d.fingerprint = v;
    }
    const char *mt = str_of(&f[D_MTIME]);
    if (mt) {
        int64_t t = chr_time_parse(mt);
        if (t == CHR_NO_DAY)
            return bad(r, 0, "document \"mtime\" is not a YYYY-MM-DDTHH:MM:SSZ time");
        d.mtime = t;
    }
    return chr_chron_add_doc(c, &d, r->err);
}

static int read_doc_json(rd *r, json_t *o, chr_chron *c)
{
    fv f[D_COUNT];
    for (int k = 0; k < D_COUNT; k++)
        f[k] = fv_of(json_object_get(o, doc_keys[k]));
    return read_doc(r, f, c);
}

static const char *get_str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
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
            int rc = read_doc_json(r, json_array_get(docs, i), c);
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
                int rc = read_mention_json(r, json_array_get(srcs, k), type, c);
                if (rc)
                    return rc;
            }
        }
        return 0;
    }
    const char *kind = get_str(v, "kind");
    if (kind && strcmp(kind, "document") == 0)
        return read_doc_json(r, v, c);
    if (kind && strcmp(kind, "mention") == 0)
        return read_mention_json(r, v, NULL, c);
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


/* ---- one pass over a timeline or snapshot (json_int.h) ----------------- */

/* The walk over one timeline object with the pull reader.  Strings of the
 * object being read go to an arena and are found by offset (the arena
 * moves as it grows) once the object is complete. */
typedef struct walk {
    chr_jr jr;
    rd r;
    chr_chron *c;
    chr_buf arena;             /* a source's or a document's strings */
    chr_buf ev;                /* the current event's strings */
    size_t *actor_off;
    const char **actors;
    size_t actor_cap;
    chr_json_stored_fn fn;
    void *ctx;
    chr_jr_keys mkeys, dkeys, ekeys, hkeys;   /* of sources, documents, events, the head */
} walk;

/* A string token into arena, NUL-terminated: its offset. */
static size_t keep(chr_buf *arena, const chr_jr *jr)
{
    size_t off = arena->len;
    chr_buf_add(arena, jr->s, jr->n);
    if (!arena->failed)
        arena->len++;                /* the NUL chr_buf_add wrote after it */
    return off;
}

/* Is the key just read this one? */
static int is_key(const chr_jr *jr, const char *name)
{
    size_t n = strlen(name);
    return jr->n == n && memcmp(jr->s, name, n) == 0;
}

/* The value after a key as fv (a string's offset in arena in .i). */
static int member(walk *w, chr_buf *arena, fv *out)
{
    chr_jr_tok t = chr_jr_next(&w->jr);
    out->s = NULL;
    out->i = 0;
    switch (t) {
    case CHR_JR_STR:
        out->kind = FV_STR;
        out->i = (long long)keep(arena, &w->jr);
        return 0;
    case CHR_JR_INT:
        out->kind = FV_INT;
        out->i = w->jr.i;
        return 0;
    case CHR_JR_OBJ:
    case CHR_JR_ARR:
        out->kind = FV_OTHER;
        return chr_jr_skip(&w->jr, t);
    case CHR_JR_REAL:
    case CHR_JR_TRUE:
    case CHR_JR_FALSE:
    case CHR_JR_NULL:
        out->kind = FV_OTHER;
        return 0;
    default:
        return -1;
    }
}

static void resolve(fv *f, int count, const chr_buf *arena)
{
    for (int k = 0; k < count; k++)
        if (f[k].kind == FV_STR)
            f[k].s = arena->p + f[k].i;
}

/* The members of an object whose '{' was read, names[i] into f[i]; with
 * actors set, its "actors" array too.  -1 on anything wrong, a member
 * twice among them included (jansson would keep the last). */
/* The member whose key was just read: into f[k] when the key is names[k]
 * (once only: a repeated key is refused), skipped when it is none of
 * them.  0 or -1. */
static int named_member(walk *w, chr_buf *arena, chr_jr_keys *ks, int pos, uint32_t *seen,
                        fv *f)
{
    int k = chr_jr_keys_find(ks, pos, w->jr.s, w->jr.n);
    if (k < 0) {
        int t = chr_jr_next(&w->jr);
        return t == CHR_JR_ERROR || chr_jr_skip(&w->jr, t) != 0 ? -1 : 0;
    }
    if (*seen & (1u << k))
        return -1;
    *seen |= 1u << k;
    return member(w, arena, &f[k]);
}

static int fields(walk *w, chr_jr_keys *ks, fv *f, mfields *actors)
{
    chr_buf *arena = &w->arena;
    arena->len = 0;
    uint32_t seen = 0;
    size_t na = 0;
    memset(f, 0, (size_t)ks->count * sizeof *f);
    if (actors)
        actors->actors_kind = FV_ABSENT;
    for (int pos = 0;; pos++) {
        chr_jr_tok t = chr_jr_next(&w->jr);
        if (t == CHR_JR_OBJ_END)
            break;
        if (t != CHR_JR_KEY)
            return -1;
        if (actors && is_key(&w->jr, "actors")) {
            if (actors->actors_kind != FV_ABSENT)
                return -1;
            t = chr_jr_next(&w->jr);
            if (t != CHR_JR_ARR) {
                actors->actors_kind = FV_OTHER;
                if (chr_jr_skip(&w->jr, t) != 0 || t == CHR_JR_ERROR)
                    return -1;
                continue;
            }
            actors->actors_kind = FV_STR;
            while ((t = chr_jr_next(&w->jr)) != CHR_JR_ARR_END) {
                if (t != CHR_JR_STR) {
                    actors->actors_kind = FV_OTHER;
                    if (chr_jr_skip(&w->jr, t) != 0 || t == CHR_JR_ERROR)
                        return -1;
                    continue;
                }
                if (na == w->actor_cap) {
                    size_t cap = w->actor_cap ? w->actor_cap * 2 : 16;
                    size_t *o = realloc(w->actor_off, cap * sizeof *o);
                    if (o == NULL)
                        return -1;
                    w->actor_off = o;
                    const char **p = realloc(w->actors, cap * sizeof *p);
                    if (p == NULL)
                        return -1;
                    w->actors = p;
                    w->actor_cap = cap;
                }
                w->actor_off[na++] = keep(arena, &w->jr);
            }
            continue;
        }
        if (named_member(w, arena, ks, pos, &seen, f) != 0)
            return -1;
    }
    if (arena->failed)
        return -1;
    resolve(f, ks->count, arena);
    if (actors) {
        for (size_t i = 0; i < na; i++)
            w->actors[i] = arena->p + w->actor_off[i];
        actors->actors = w->actors;
        actors->nactors = actors->actors_kind == FV_STR ? na : 0;
    }
    return 0;
}

static uint32_t num_or_zero(const fv *v)
{
    return v->kind == FV_INT && v->i > 0 && v->i <= (long long)UINT32_MAX ? (uint32_t)v->i : 0;
}

enum { E_ID, E_TYPE, E_MODIFIED, E_SEQUENCE, E_COUNT };
static const char *const event_keys[E_COUNT] = {"id", "type", "modified", "sequence"};

/* One event, its '{' read: its sources into the chronology, then what it
 * says of itself to fn. */
static int walk_event(walk *w)
{
    fv f[E_COUNT];
    memset(f, 0, sizeof f);
    w->ev.len = 0;
    uint32_t seen = 0;
    int sources = 0;
    chr_json_stored st;
    memset(&st, 0, sizeof st);
    size_t s0[3] = {0, 0, 0};          /* offsets in ev of doc, type, date */
    fv s0f[M_COUNT];
    memset(s0f, 0, sizeof s0f);
    for (int pos = 0;; pos++) {
        chr_jr_tok t = chr_jr_next(&w->jr);
        if (t == CHR_JR_OBJ_END)
            break;
        if (t != CHR_JR_KEY)
            return -1;
        if (is_key(&w->jr, "sources")) {
            if (sources || chr_jr_next(&w->jr) != CHR_JR_ARR)
                return -1;
            sources = 1;
            /* a source without a "type" takes the event's: it must be
             * known by now */
            const char *etype = NULL;
            int etype_known = (seen & (1u << E_TYPE)) != 0;
            size_t n = 0;
            while ((t = chr_jr_next(&w->jr)) != CHR_JR_ARR_END) {
                mfields mf;
                memset(&mf, 0, sizeof mf);
                if (t != CHR_JR_OBJ || fields(w, &w->mkeys, mf.f, &mf) != 0)
                    return -1;
                if (mf.f[M_TYPE].kind == FV_ABSENT && !etype_known)
                    return -1;
                if (n++ == 0) {
                    st.has_source = 1;
                    memcpy(s0f, mf.f, sizeof s0f);
                    const int which[3] = {M_DOC, M_TYPE, M_DATE};
                    for (int k = 0; k < 3; k++)
                        if (mf.f[which[k]].kind == FV_STR) {
                            s0[k] = w->ev.len;
                            chr_buf_add(&w->ev, mf.f[which[k]].s, strlen(mf.f[which[k]].s) + 1);
                        }
                }
                if (w->ev.failed)
                    return -1;
                if (etype_known && f[E_TYPE].kind == FV_STR)
                    etype = w->ev.p + f[E_TYPE].i;
                if (read_mention(&w->r, &mf, etype, w->c) != 0)
                    return -1;
            }
            continue;
        }
        if (named_member(w, &w->ev, &w->ekeys, pos, &seen, f) != 0)
            return -1;
    }
    if (!sources || w->ev.failed)
        return -1;
    if (w->fn == NULL)
        return 0;
    resolve(f, E_COUNT, &w->ev);
    st.id = str_of(&f[E_ID]);
    st.type = str_of(&f[E_TYPE]);
    st.modified = str_of(&f[E_MODIFIED]);
    st.sequence_ok = f[E_SEQUENCE].kind == FV_INT;
    st.sequence = f[E_SEQUENCE].i;
    if (st.has_source) {
        st.doc = s0f[M_DOC].kind == FV_STR ? w->ev.p + s0[0] : NULL;
        st.source_type = s0f[M_TYPE].kind == FV_STR ? w->ev.p + s0[1] : NULL;
        st.date = s0f[M_DATE].kind == FV_STR ? w->ev.p + s0[2] : NULL;
        st.offset = num_or_zero(&s0f[M_OFFSET]);
        st.length = num_or_zero(&s0f[M_LENGTH]);
        st.date_offset = num_or_zero(&s0f[M_DATE_OFFSET]);
    }
    return w->fn(w->ctx, &st) != 0 ? -1 : 0;
}

enum { H_FORMAT, H_VERSION, H_CREATED, H_COUNT };
static const char *const head_keys[H_COUNT] = {"format", "version", "created"};

static int walk_root(walk *w, chr_json_head *head)
{
    if (chr_jr_next(&w->jr) != CHR_JR_OBJ)
        return -1;
    int events = 0, docs = 0;
    for (;;) {
        chr_jr_tok t = chr_jr_next(&w->jr);
        if (t == CHR_JR_OBJ_END)
            break;
        if (t != CHR_JR_KEY)
            return -1;
        if (is_key(&w->jr, "events")) {
            if (events++ || chr_jr_next(&w->jr) != CHR_JR_ARR)
                return -1;
            while ((t = chr_jr_next(&w->jr)) != CHR_JR_ARR_END)
                if (t != CHR_JR_OBJ || walk_event(w) != 0)
                    return -1;
        } else if (is_key(&w->jr, "documents")) {
            if (docs++)
                return -1;
            t = chr_jr_next(&w->jr);
            if (t != CHR_JR_ARR) {
                if (t == CHR_JR_ERROR || chr_jr_skip(&w->jr, t) != 0)
                    return -1;
                continue;
            }
            while ((t = chr_jr_next(&w->jr)) != CHR_JR_ARR_END) {
                fv f[D_COUNT];
                if (t != CHR_JR_OBJ || fields(w, &w->dkeys, f, NULL) != 0 ||
                    read_doc(&w->r, f, w->c) != 0)
                    return -1;
            }
        } else if (is_key(&w->jr, "snapshot")) {
            if (head->present++)
                return -1;
            t = chr_jr_next(&w->jr);
            if (t != CHR_JR_OBJ) {
                if (t == CHR_JR_ERROR || chr_jr_skip(&w->jr, t) != 0)
                    return -1;
                continue;
            }
            fv f[H_COUNT];
            if (fields(w, &w->hkeys, f, NULL) != 0)
                return -1;
            head->format_ok = f[H_FORMAT].kind == FV_INT;
            head->format = f[H_FORMAT].i;
            if ((f[H_VERSION].kind == FV_STR && (head->version = strdup(f[H_VERSION].s)) == NULL) ||
                (f[H_CREATED].kind == FV_STR && (head->created = strdup(f[H_CREATED].s)) == NULL))
                return -1;
        } else {
            t = chr_jr_next(&w->jr);
            if (t == CHR_JR_ERROR || chr_jr_skip(&w->jr, t) != 0)
                return -1;
        }
    }
    return events && chr_jr_next(&w->jr) == CHR_JR_END ? 0 : -1;
}

void chr_json_head_clear(chr_json_head *h)
{
    free(h->version);
    free(h->created);
    memset(h, 0, sizeof *h);
}

int chr_json_load_stream(const char *buf, size_t len, chr_chron *c, chr_json_head *head,
                         chr_json_stored_fn fn, void *ctx)
{
    memset(head, 0, sizeof *head);
    walk w;
    memset(&w, 0, sizeof w);
    chr_error scratch = {0};
    w.r = (rd){"-", 0, 1, &scratch};
    w.c = c;
    w.fn = fn;
    w.ctx = ctx;
    chr_jr_keys_init(&w.mkeys, mention_keys, M_COUNT);
    chr_jr_keys_init(&w.dkeys, doc_keys, D_COUNT);
    chr_jr_keys_init(&w.ekeys, event_keys, E_COUNT);
    chr_jr_keys_init(&w.hkeys, head_keys, H_COUNT);
    chr_jr_init(&w.jr, buf, len);
    int rc = walk_root(&w, head);
    chr_jr_free(&w.jr);
    free(w.arena.p);
    free(w.ev.p);
    free(w.actor_off);
    free(w.actors);
    if (rc != 0)
        chr_json_head_clear(head);
    return rc != 0;
}

void chr_json_stored_of(json_t *se, chr_json_stored *out)
{
    memset(out, 0, sizeof *out);
    out->id = get_str(se, "id");
    out->type = get_str(se, "type");
    out->modified = get_str(se, "modified");
    json_t *seq = json_object_get(se, "sequence");
    out->sequence_ok = json_is_integer(seq);
    out->sequence = out->sequence_ok ? json_integer_value(seq) : 0;
    json_t *s0 = json_array_get(json_object_get(se, "sources"), 0);
    if (!json_is_object(s0))
        return;
    out->has_source = 1;
    out->doc = get_str(s0, "doc");
    out->source_type = get_str(s0, "type");
    out->date = get_str(s0, "date");
    fv f = fv_of(json_object_get(s0, "offset"));
    out->offset = num_or_zero(&f);
    f = fv_of(json_object_get(s0, "length"));
    out->length = num_or_zero(&f);
    f = fv_of(json_object_get(s0, "date_offset"));
    out->date_offset = num_or_zero(&f);
}
