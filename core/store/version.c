/* version.c - snapshot files: write, read back, replace atomically. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chronicle/json.h"
#include "chronicle/version.h"
#include "render/json_int.h"
#include "base/sha256_int.h"
#include "base/grow_int.h"


char *chr_version_render_with(const chr_chron *c, const char *tl, size_t tlen,
                              int64_t created, size_t *len)
{
    /* The timeline is one compact object "{...}\n": the header goes in
     * front of its first member, so the timeline's bytes stay as they are
     * (a reader that knows only timelines reads a snapshot unchanged). */
    if (tl == NULL || tlen < 2 || tl[0] != '{')
        return NULL;
    char head[320], ts[32];
    chr_time_format(created, ts);
    int hn = snprintf(head, sizeof head,
                      "{\"snapshot\":{\"format\":%d,\"created\":\"%s\",\"version\":\"%s\","
                      "\"documents\":%zu,\"events\":%zu}%s",
                      CHR_SNAPSHOT_FORMAT, ts, chr_chron_version(c), chr_chron_doc_count(c),
                      chr_chron_event_count(c), tlen > 3 ? "," : "");
    if (hn < 0 || (size_t)hn >= sizeof head)
        return NULL;
    size_t n = (size_t)hn + tlen - 1;
    int newline = tl[tlen - 1] != '\n';
    char *out = malloc(n + newline + 1);
    if (out == NULL)
        return NULL;
    memcpy(out, head, (size_t)hn);
    memcpy(out + hn, tl + 1, tlen - 1);
    if (newline)
        out[n++] = '\n';
    out[n] = '\0';
    if (len)
        *len = n;
    return out;
}

char *chr_version_render(const chr_chron *c, int64_t created, size_t *len)
{
    size_t tlen;
    char *tl = chr_json_timeline(c, NULL, 0, NULL, &tlen);
    if (tl == NULL)
        return NULL;
    char *out = chr_version_render_with(c, tl, tlen, created, len);
    free(tl);
    return out;
}

/* ---- reading ------------------------------------------------------------ */

/* The evidence that identifies a mention across a rebuild. */
static uint64_t mention_key(const char *doc, uint32_t offset, uint32_t length,
                            uint32_t date_offset, const char *type, const char *date)
{
    uint32_t nums[3] = {offset, length, date_offset};
    uint64_t h = chr_fnv64(doc, strlen(doc) + 1, 0x6a09e667u);
    h = chr_fnv64(nums, sizeof nums, h);
    h = chr_fnv64(type, strlen(type) + 1, h);
    return chr_fnv64(date, strlen(date), h);
}

static size_t slot_of(uint64_t k, size_t mask)
{
    k ^= k >> 31;
    k *= 0x9e3779b97f4a7c15u;
    return (size_t)(k >> 17) & mask;
}

struct keyed {
    uint64_t key;
    size_t ev;                       /* event index + 1; 0: empty */
};

static int is_id(const char *s)
{
    size_t i = 0;
    for (; s[i]; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return i == 16;
}

/* What each stored event said of itself, kept while the file is read:
 * the key of its first source, its id, sequence and modification time. */
typedef struct stored_ev {
    uint64_t key;
    char id[17];
    int sequence;
    int64_t modified;
} stored_ev;

typedef struct stored_list {
    stored_ev *v;
    size_t n, cap;
    /* the last "modified" parsed: a snapshot's events mostly share a few
     * times (the corpus's), and parsing one is a date's whole parse */
    char last_modified[24];
    int64_t last_time;
} stored_list;

static int keep_stored(void *ctx, const chr_json_stored *s)
{
    stored_list *l = ctx;
    if (!s->has_source || s->id == NULL || !is_id(s->id))
        return 0;
    if (CHR_GROW(l->v, l->n, l->cap, 1024) != 0)
        return CHR_ENOMEM;
    stored_ev *e = &l->v[l->n++];
    const char *etype = s->type ? s->type : "";
    e->key = mention_key(s->doc ? s->doc : "", s->offset, s->length, s->date_offset,
                         s->source_type ? s->source_type : etype, s->date ? s->date : "");
    memcpy(e->id, s->id, 17);
    e->sequence = s->sequence_ok && s->sequence >= 0 && s->sequence < 1000000000
                      ? (int)s->sequence : -1;
    if (s->modified == NULL || strlen(s->modified) >= sizeof l->last_modified) {
        e->modified = chr_time_parse(s->modified);
    } else if (strcmp(s->modified, l->last_modified) == 0 && l->last_modified[0]) {
        e->modified = l->last_time;
    } else {
        e->modified = l->last_time = chr_time_parse(s->modified);
        strcpy(l->last_modified, s->modified);
    }
    return 0;
}

/*
 * Give each rebuilt event of c what the stored event with the same first
 * source had.  The rebuild merges the same mentions the same way, so the
 * pairing is exact; an event the input does not describe keeps its own.
 * Ids are only restored when they stay unique.
 */
static int restore(chr_chron *c, const stored_list *stored)
{
    size_t n = chr_chron_event_count(c), nsrc = 0;
    for (size_t i = 0; i < n; i++)
        nsrc += chr_chron_event(c, i)->nsources;
    size_t cap = 16;
    while (cap < nsrc * 2 + 2)
        cap *= 2;
    struct keyed *t = calloc(cap, sizeof *t);
    char (*ids)[17] = malloc((n + 1) * sizeof *ids);
    struct keyed *seen = calloc(cap, sizeof *seen);
    if (t == NULL || ids == NULL || seen == NULL) {
        free(t);
        free(ids);
        free(seen);
        return CHR_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        const chr_event *e = chr_chron_event(c, i);
        memcpy(ids[i], e->id, sizeof ids[i]);
        for (size_t k = 0; k < e->nsources; k++) {
            const chr_mention *m = &e->sources[k];
            uint64_t key = mention_key(m->doc ? m->doc : "", m->offset, m->length,
                                       m->date_offset, chr_event_type_name(m->type),
                                       m->date.value);
            size_t s = slot_of(key, cap - 1);
            while (t[s].ev)
                s = (s + 1) & (cap - 1);
            t[s] = (struct keyed){key, i + 1};
        }
    }
    for (size_t k = 0; k < stored->n; k++) {
        const stored_ev *se = &stored->v[k];
        size_t s = slot_of(se->key, cap - 1), ev = 0;
        while (t[s].ev) {
            if (t[s].key == se->key) {
                ev = t[s].ev;
                break;
            }
            s = (s + 1) & (cap - 1);
        }
        if (ev == 0)
            continue;
        memcpy(ids[ev - 1], se->id, 17);
        chr_chron_set_identity(c, ev - 1, NULL, se->sequence, se->modified);
    }
    int unique = 1;
    for (size_t i = 0; i < n && unique; i++) {
        uint64_t key = chr_fnv64(ids[i], 16, 0);
        size_t s = slot_of(key, cap - 1);
        while (seen[s].ev) {
            if (seen[s].key == key && memcmp(ids[seen[s].ev - 1], ids[i], 16) == 0)
                unique = 0;
            s = (s + 1) & (cap - 1);
        }
        seen[s] = (struct keyed){key, i + 1};
    }
    for (size_t i = 0; i < n && unique; i++)
        chr_chron_set_identity(c, i, ids[i], -1, CHR_NO_DAY);
    free(t);
    free(ids);
    free(seen);
    return 0;
}

static const char *str_or(json_t *o, const char *k, const char *dflt)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : dflt;
}

/* The whole file read by jansson (JSON lines, or anything the one-pass
 * reader refused, which then gets jansson's message): c, *head, stored. */
static int load_slow(const char *buf, size_t len, const char *source, chr_chron *c,
                     chr_json_head *head, stored_list *stored, int *is_object,
                     int *has_events, chr_error *err)
{
    *is_object = *has_events = 0;
    memset(head, 0, sizeof *head);
    if (chr_json_load(buf, len, source, c, err) != 0)
        return -1;
    json_t *root = json_loadb(buf, len, 0, NULL);
    if (!json_is_object(root)) {
        json_decref(root);
        return 0;                    /* JSON lines: nothing stored to restore */
    }
    *is_object = 1;
    int rc = 0;
    json_t *snap = json_object_get(root, "snapshot");
    if (snap != NULL) {
        head->present = 1;
        json_t *fmt = json_object_get(snap, "format");
        head->format_ok = json_is_integer(fmt);
        head->format = head->format_ok ? json_integer_value(fmt) : 0;
        const char *v = str_or(snap, "version", NULL), *cr = str_or(snap, "created", NULL);
        if ((v && (head->version = strdup(v)) == NULL) ||
            (cr && (head->created = strdup(cr)) == NULL))
            rc = CHR_ENOMEM;
    }
    json_t *events = json_object_get(root, "events");
    *has_events = json_is_array(events);
    for (size_t k = 0; rc == 0 && json_is_array(events) && k < json_array_size(events); k++) {
        chr_json_stored st;
        chr_json_stored_of(json_array_get(events, k), &st);
        rc = keep_stored(stored, &st);
    }
    json_decref(root);
    if (rc != 0)
        return chr_error_set(err, CHR_ENOMEM, source, CHR_NO_OFFSET, "out of memory");
    return 0;
}

/* chr_version_load; owned, when not NULL, is buf, and is freed as soon
 * as it has been read, before the chronology is built (a snapshot file
 * of 100,000 events is 70 MB: it and the built events are never held at
 * once). */
static chr_chron *load(const char *buf, size_t len, const char *source, int64_t *created,
                       chr_error *err, char *owned)
{
    if (created)
        *created = 0;
    if (source == NULL)
        source = "-";
    if (len > CHR_SNAPSHOT_MAX) {
        free(owned);
        chr_error_set(err, CHR_ETOOBIG, source, CHR_NO_OFFSET, "%zu bytes, above the limit of %zu", len,
                      CHR_SNAPSHOT_MAX);
        return NULL;
    }
    chr_chron *c = chr_chron_new();
    if (c == NULL) {
        free(owned);
        chr_error_set(err, CHR_ENOMEM, source, CHR_NO_OFFSET, "out of memory");
        return NULL;
    }
    chr_json_head head;
    stored_list stored = {0};
    int is_object = 1, has_events = 1;
    /* one pass over a timeline or snapshot; anything else, or anything
     * wrong, is read again by jansson, which says what */
    if (chr_json_load_stream(buf, len, c, &head, keep_stored, &stored) != 0) {
        chr_chron_free(c);
        stored.n = 0;
        if ((c = chr_chron_new()) == NULL) {
            free(stored.v);
            free(owned);
            chr_error_set(err, CHR_ENOMEM, source, CHR_NO_OFFSET, "out of memory");
            return NULL;
        }
        if (load_slow(buf, len, source, c, &head, &stored, &is_object, &has_events,
                      err) != 0) {
            chr_json_head_clear(&head);
            free(stored.v);
            free(owned);
            chr_chron_free(c);
            return NULL;
        }
    }
    free(owned);
    int rc = chr_chron_build(c, err);
    if (rc == 0 && is_object && head.present) {
        const char *ver = head.version ? head.version : "";
        if (!head.format_ok || head.format != CHR_SNAPSHOT_FORMAT)
            rc = chr_error_set(err, CHR_EPARSE, source, CHR_NO_OFFSET,
                               "snapshot \"format\" is not %d; written by another "
                               "version of chronicle?", CHR_SNAPSHOT_FORMAT);
        else if (strcmp(ver, chr_chron_version(c)) != 0)
            rc = chr_error_set(err, CHR_EPARSE, source, CHR_NO_OFFSET,
                               "documents hash to corpus version %.12s but the snapshot "
                               "says %.12s; the file was damaged or edited",
                               chr_chron_version(c), ver);
        else if (created) {
            int64_t t = chr_time_parse(head.created);
            *created = t == CHR_NO_DAY ? 0 : t;
        }
    }
    if (rc == 0 && has_events && restore(c, &stored) != 0)
        rc = chr_error_set(err, CHR_ENOMEM, source, CHR_NO_OFFSET, "out of memory");
    chr_json_head_clear(&head);
    free(stored.v);
    if (rc != 0) {
        chr_chron_free(c);
        return NULL;
    }
    return c;
}

chr_chron *chr_version_load(const char *buf, size_t len, const char *source,
                            int64_t *created, chr_error *err)
{
    return load(buf, len, source, created, err, NULL);
}

chr_chron *chr_version_read(const char *path, int64_t *created, chr_error *err)
{
    return chr_version_read_expect(path, 0, NULL, created, err);
}

chr_chron *chr_version_read_expect(const char *path, uint64_t bytes, const char *sha256,
                                   int64_t *created, chr_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        chr_error_set(err, CHR_EIO, path, CHR_NO_OFFSET, "cannot open: %s", chr_strerror(errno, (char[96]){0}, 96));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (uint64_t)st.st_size > CHR_SNAPSHOT_MAX) {
        fclose(f);
        chr_error_set(err, CHR_ETOOBIG, path, CHR_NO_OFFSET, "%lld bytes, above the limit of %zu",
                      (long long)st.st_size, CHR_SNAPSHOT_MAX);
        return NULL;
    }
    size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, n = 0;
    char *buf = malloc(cap);
    int fail = buf == NULL;
    while (!fail) {
        if (n + 1 >= cap) {
            if (cap > CHR_SNAPSHOT_MAX) {
                fclose(f);
                free(buf);
                chr_error_set(err, CHR_ETOOBIG, path, CHR_NO_OFFSET, "above the limit of %zu bytes",
                              CHR_SNAPSHOT_MAX);
                return NULL;
            }
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                fail = 1;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        if (got == 0)
            break;
        n += got;
    }
    int rerr = ferror(f);
    fclose(f);
    if (fail) {
        free(buf);
        chr_error_set(err, CHR_ENOMEM, path, CHR_NO_OFFSET, "out of memory reading the file");
        return NULL;
    }
    if (rerr) {
        free(buf);
        chr_error_set(err, CHR_EIO, path, n, "read error");
        return NULL;
    }
    buf[n] = '\0';
    if (sha256 != NULL) {
        char got[65];
        chr_sha256 hs;
        chr_sha256_init(&hs);
        chr_sha256_update(&hs, buf, n);
        chr_sha256_hex(&hs, got);
        if (n != bytes || strcmp(got, sha256) != 0) {
            free(buf);
            chr_error_set(err, CHR_EPARSE, path, CHR_NO_OFFSET,
                          "the snapshot is not the one recorded (%zu bytes, expected %llu; "
                          "digest %.12s, expected %.12s); not used", n,
                          (unsigned long long)bytes, got, sha256);
            return NULL;
        }
    }
    return load(buf, n, path, created, err, buf);
}

/* ---- writing ------------------------------------------------------------ */

static atomic_uint temp_counter;

static int fail_io(chr_error *err, const char *path, const char *step, int e)
{
    return chr_error_set(err, CHR_EIO, path, CHR_NO_OFFSET, "cannot %s: %s", step, chr_strerror(e, (char[96]){0}, 96));
}

/* All of data to fd; 0, or a chr_status with err filled. */
static int write_all(int fd, const char *path, const char *data, size_t len, chr_error *err)
{
    size_t off = 0;
    int rc = 0;
    for (int stalls = 0; off < len && stalls < 100;) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR) {
            stalls++;
            continue;
        }
        if (w <= 0) {
            rc = fail_io(err, path, "write", w < 0 ? errno : ENOSPC);
            break;
        }
        off += (size_t)w;
    }
    if (rc == 0 && off < len)
        rc = fail_io(err, path, "write", EINTR);
    return rc;
}

int chr_version_write_file(const char *path, const char *data, size_t len, chr_error *err)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* a device or a pipe: written to as it is, never replaced by a
         * file renamed over it */
        int dfd = open(path, O_WRONLY | O_CLOEXEC);
        if (dfd < 0)
            return fail_io(err, path, "open", errno);
        int rc = write_all(dfd, path, data, len, err);
        if (close(dfd) != 0 && rc == 0)
            rc = fail_io(err, path, "close", errno);
        return rc;
    }
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 48);
    if (tmp == NULL)
        return chr_error_set(err, CHR_ENOMEM, path, CHR_NO_OFFSET, "out of memory");
    /* Beside the target (same file system, so rename is atomic); pid and
     * a counter keep two writers from sharing a temporary. */
    snprintf(tmp, plen + 48, "%s.tmp.%ld.%u", path, (long)getpid(),
             atomic_fetch_add(&temp_counter, 1));
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return fail_io(err, path, "create a temporary file", e);
    }
    int rc = write_all(fd, path, data, len, err);
    if (rc == 0 && fsync(fd) != 0)
        rc = fail_io(err, path, "sync", errno);
    if (close(fd) != 0 && rc == 0)
        rc = fail_io(err, path, "close", errno);
    if (rc == 0 && rename(tmp, path) != 0)
        rc = fail_io(err, path, "rename into place", errno);
    if (rc != 0) {
        unlink(tmp);
        free(tmp);
        return rc;
    }
    free(tmp);
    /* The rename itself lasts only once the folder is synced. */
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
    if (dir == NULL)
        return chr_error_set(err, CHR_ENOMEM, path, CHR_NO_OFFSET, "out of memory");
    int dfd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        if (fsync(dfd) != 0 && errno != EINVAL)
            rc = fail_io(err, path, "sync its folder", errno);
        close(dfd);
    }
    free(dir);
    return rc;
}
