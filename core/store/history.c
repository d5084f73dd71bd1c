/* history.c - numbered corpus versions in a state folder. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chronicle/history.h"
#include "chronicle/version.h"
#include "base/sha256_int.h"
#include "render/json_int.h"
#include "base/grow_int.h"

#define INDEX_NAME "index.json"
#define LOCK_NAME "lock"
/* Index files larger than this are not an index we wrote. */
#define INDEX_MAX ((size_t)16 << 20)

struct chr_history {
    char *dir;
    size_t keep;
    int lockfd;
    chr_history_entry *v;
    size_t n, cap;
    uint64_t next;
};

const char *chr_history_dir(const chr_history *h) { return h->dir; }
size_t chr_history_count(const chr_history *h) { return h->n; }

const chr_history_entry *chr_history_at(const chr_history *h, size_t i)
{
    return i < h->n ? &h->v[i] : NULL;
}

const chr_history_entry *chr_history_find(const chr_history *h, uint64_t number)
{
    /* numbers ascend with the index: binary search */
    size_t lo = 0, hi = h->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->v[mid].number == number)
            return &h->v[mid];
        if (h->v[mid].number < number)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

int chr_history_path_in(const char *dir, uint64_t number, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%s/v%06llu.json", dir, (unsigned long long)number);
    return n < 0 || (size_t)n >= cap ? CHR_ETOOBIG : 0;
}

int chr_history_path(const chr_history *h, uint64_t number, char *buf, size_t cap)
{
    return chr_history_path_in(h->dir, number, buf, cap);
}

static int file_in(const chr_history *h, const char *name, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%s/%s", h->dir, name);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* ---- the index ---------------------------------------------------------- */

static size_t get_size(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_integer(v) && json_integer_value(v) > 0 ? (size_t)json_integer_value(v) : 0;
}

static int is_hex64(const char *s)
{
    size_t i = 0;
    for (; s[i]; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return i == 64;
}

/* Read the index into h (replacing what h held).  Missing: empty. */
static int read_index(chr_history *h, chr_error *err)
{
    char path[4096];
    if (file_in(h, INDEX_NAME, path, sizeof path) != 0)
        return chr_error_set(err, CHR_ETOOBIG, h->dir, CHR_NO_OFFSET, "state folder path too long");
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno != ENOENT)
            return chr_error_set(err, CHR_EIO, path, CHR_NO_OFFSET, "cannot examine: %s", chr_strerror(errno, (char[96]){0}, 96));
        h->n = 0;
        return 0;
    }
    if ((uint64_t)st.st_size > INDEX_MAX)
        return chr_error_set(err, CHR_ETOOBIG, path, CHR_NO_OFFSET, "%lld bytes; an index is smaller",
                             (long long)st.st_size);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (root == NULL)
        return chr_error_set(err, CHR_EPARSE, path, (size_t)je.position, "%s", je.text);
    json_t *fmt = json_object_get(root, "format");
    json_t *vs = json_object_get(root, "versions");
    if (!json_is_integer(fmt) || json_integer_value(fmt) != CHR_HISTORY_FORMAT ||
        !json_is_array(vs)) {
        json_decref(root);
        return chr_error_set(err, CHR_EPARSE, path, CHR_NO_OFFSET,
                             "expected {\"format\":%d,\"versions\":[...]}", CHR_HISTORY_FORMAT);
    }
    size_t n = json_array_size(vs);
    chr_history_entry *v = calloc(n + 1, sizeof *v);
    if (v == NULL) {
        json_decref(root);
        return chr_error_set(err, CHR_ENOMEM, path, CHR_NO_OFFSET, "out of memory");
    }
    size_t k = 0;
    uint64_t next = 1;
    json_t *jn = json_object_get(root, "next");
    if (json_is_integer(jn) && json_integer_value(jn) > 0 &&
        (uint64_t)json_integer_value(jn) <= CHR_HISTORY_MAX_NUMBER)
        next = (uint64_t)json_integer_value(jn);
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(vs, i);
        json_t *num = json_object_get(e, "number");
        json_t *ver = json_object_get(e, "version");
        if (!json_is_integer(num) || json_integer_value(num) <= 0 ||
            (uint64_t)json_integer_value(num) > CHR_HISTORY_MAX_NUMBER ||
            !json_is_string(ver) || !is_hex64(json_string_value(ver))) {
            free(v);
            json_decref(root);
            return chr_error_set(err, CHR_EPARSE, path, CHR_NO_OFFSET,
                                 "version %zu lacks a \"number\" or a 64-digit \"version\"", i);
        }
        chr_history_entry *x = &v[k];
        x->number = (uint64_t)json_integer_value(num);
        if (k > 0 && x->number <= v[k - 1].number) {
            unsigned long long bad = x->number;
            free(v);
            json_decref(root);
            return chr_error_set(err, CHR_EPARSE, path, CHR_NO_OFFSET,
                                 "version numbers out of order at %llu", bad);
        }
        memcpy(x->version, json_string_value(ver), 65);
        json_t *cr = json_object_get(e, "created");
        int64_t t = json_is_string(cr) ? chr_time_parse(json_string_value(cr))
                                       : CHR_NO_DAY;
        x->created = t == CHR_NO_DAY ? 0 : t;
        x->documents = get_size(e, "documents");
        x->events = get_size(e, "events");
        x->added = get_size(e, "added");
        x->removed = get_size(e, "removed");
        x->changed = get_size(e, "changed");
        json_t *sha = json_object_get(e, "sha256");
        if (json_is_string(sha) && is_hex64(json_string_value(sha))) {
            memcpy(x->sha256, json_string_value(sha), 65);
            x->bytes = get_size(e, "bytes");
        }
        x->saved = 1;
        if (x->number >= next)
            next = x->number + 1;
        k++;
    }
    json_decref(root);
    free(h->v);
    h->v = v;
    h->n = k;
    h->cap = n + 1;
    h->next = next;
    return 0;
}

static json_t *entry_json(const chr_history_entry *x, int with_saved)
{
    char ts[32];
    chr_time_format(x->created, ts);
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    int bad = 0;
    bad |= json_object_set_new(o, "number", x->number ? json_integer((json_int_t)x->number)
                                                      : json_null());
    bad |= json_object_set_new(o, "version", json_string(x->version));
    bad |= json_object_set_new(o, "created", json_string(ts));
    bad |= json_object_set_new(o, "documents", json_integer((json_int_t)x->documents));
    bad |= json_object_set_new(o, "events", json_integer((json_int_t)x->events));
    bad |= json_object_set_new(o, "added", json_integer((json_int_t)x->added));
    bad |= json_object_set_new(o, "removed", json_integer((json_int_t)x->removed));
    bad |= json_object_set_new(o, "changed", json_integer((json_int_t)x->changed));
    if (with_saved)
        bad |= json_object_set_new(o, "saved", json_boolean(x->saved));
    if (x->sha256[0] != '\0') {
        bad |= json_object_set_new(o, "bytes", json_integer((json_int_t)x->bytes));
        bad |= json_object_set_new(o, "sha256", json_string(x->sha256));
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}


/* The index of v[0..n) with next. */
static char *render_index(const chr_history_entry *v, size_t n, uint64_t next, size_t *len)
{
    json_t *root = json_object(), *vs = json_array();
    int bad = root == NULL || vs == NULL;
    for (size_t i = 0; i < n && !bad; i++) {
        json_t *e = entry_json(&v[i], 0);
        bad = e == NULL || json_array_append_new(vs, e) != 0;
    }
    if (!bad)
        bad = json_object_set_new(root, "format", json_integer(CHR_HISTORY_FORMAT)) != 0 ||
              json_object_set_new(root, "next", json_integer((json_int_t)next)) != 0 ||
              json_object_set(root, "versions", vs) != 0;
    json_decref(vs);
    if (bad) {
        json_decref(root);
        return NULL;
    }
    return chr_json_dump(root, JSON_COMPACT, 1, len);
}

char *chr_history_list_json(const chr_history_entry *v, size_t n, uint64_t current,
                            size_t *len)
{
    json_t *root = json_object(), *vs = json_array();
    int bad = root == NULL || vs == NULL;
    for (size_t i = n; i > 0 && !bad; i--) {
        json_t *e = entry_json(&v[i - 1], 1);
        bad = e == NULL || json_array_append_new(vs, e) != 0;
    }
    if (!bad)
        bad = json_object_set_new(root, "current",
                                  current ? json_integer((json_int_t)current) : json_null()) != 0 ||
              json_object_set_new(root, "count", json_integer((json_int_t)n)) != 0 ||
              json_object_set(root, "versions", vs) != 0;
    json_decref(vs);
    if (bad) {
        json_decref(root);
        return NULL;
    }
    return chr_json_dump(root, JSON_COMPACT, 1, len);
}

/* ---- opening ------------------------------------------------------------ */

static int lock(const chr_history *h, chr_error *err)
{
    /* Another writer holds it only for one short transaction; one that
     * holds it longer is another process gone wrong, and waiting for it
     * forever would stall start-up, reloads and stops without a word. */
    for (long waited_ms = 0; waited_ms <= CHR_HISTORY_LOCK_WAIT_MS; waited_ms += 20) {
        if (flock(h->lockfd, LOCK_EX | LOCK_NB) == 0)
            return 0;
        if (errno != EWOULDBLOCK && errno != EINTR)
            return chr_error_set(err, CHR_EIO, h->dir, CHR_NO_OFFSET, "cannot lock the state folder: %s",
                                 chr_strerror(errno, (char[96]){0}, 96));
        nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
    }
    return chr_error_set(err, CHR_EIO, h->dir, CHR_NO_OFFSET,
                         "the state folder is locked by another process (its file 'lock') "
                         "for over %d s; expected it free",
                         CHR_HISTORY_LOCK_WAIT_MS / 1000);
}

static void unlock(const chr_history *h)
{
    flock(h->lockfd, LOCK_UN);
}

void chr_history_free(chr_history *h)
{
    if (h == NULL)
        return;
    if (h->lockfd >= 0)
        close(h->lockfd);
    free(h->v);
    free(h->dir);
    free(h);
}

chr_history *chr_history_open(const char *dir, size_t keep, chr_error *err)
{
    chr_history *h = calloc(1, sizeof *h);
    if (h == NULL || (h->dir = strdup(dir)) == NULL) {
        free(h);
        chr_error_set(err, CHR_ENOMEM, dir, CHR_NO_OFFSET, "out of memory");
        return NULL;
    }
    h->lockfd = -1;
    h->keep = keep ? keep : CHR_HISTORY_KEEP;
    h->next = 1;
    size_t dl = strlen(h->dir);
    while (dl > 1 && h->dir[dl - 1] == '/')
        h->dir[--dl] = '\0';
    char path[4096];
    struct stat st;
    if (mkdir(h->dir, 0755) != 0 && errno != EEXIST) {
        chr_error_set(err, CHR_EIO, dir, CHR_NO_OFFSET, "cannot create the state folder: %s",
                      chr_strerror(errno, (char[96]){0}, 96));
        goto fail;
    }
    if (stat(h->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        chr_error_set(err, CHR_EIO, dir, CHR_NO_OFFSET, "state path is not a folder");
        goto fail;
    }
    if (file_in(h, LOCK_NAME, path, sizeof path) != 0) {
        chr_error_set(err, CHR_ETOOBIG, dir, CHR_NO_OFFSET, "state folder path too long");
        goto fail;
    }
    h->lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (h->lockfd < 0) {
        chr_error_set(err, CHR_EIO, path, CHR_NO_OFFSET, "cannot open the lock file: %s", chr_strerror(errno, (char[96]){0}, 96));
        goto fail;
    }
    if (lock(h, err) != 0)
        goto fail;
    int rc = read_index(h, err);
    unlock(h);
    if (rc != 0)
        goto fail;
    return h;
fail:
    chr_history_free(h);
    return NULL;
}

/* ---- recording ---------------------------------------------------------- */

static int write_index(chr_history *h, const chr_history_entry *v, size_t n, uint64_t next,
                       chr_error *err)
{
    char path[4096];
    if (file_in(h, INDEX_NAME, path, sizeof path) != 0)
        return chr_error_set(err, CHR_ETOOBIG, h->dir, CHR_NO_OFFSET, "state folder path too long");
    size_t len;
    char *buf = render_index(v, n, next, &len);
    if (buf == NULL)
        return chr_error_set(err, CHR_ENOMEM, path, CHR_NO_OFFSET, "out of memory");
    int rc = chr_version_write_file(path, buf, len, err);
    free(buf);
    return rc;
}

int chr_history_add(chr_history *h, const chr_chron *c, int64_t created,
                    const size_t counts[3], uint64_t *number, chr_error *err)
{
    return chr_history_add_with(h, c, NULL, 0, created, counts, 0, number, err);
}

/* Is the snapshot file of x the one the index recorded? */
static int intact(const chr_history *h, const chr_history_entry *x)
{
    char path[4096];
    struct stat st;
    if (x->sha256[0] == '\0')
        return 1;  /* an index from before digests: trusted as before */
    if (chr_history_path(h, x->number, path, sizeof path) != 0 || stat(path, &st) != 0 ||
        (uint64_t)st.st_size != x->bytes)
        return 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 0;
    chr_sha256 hs;
    chr_sha256_init(&hs);
    char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0)
        chr_sha256_update(&hs, buf, got);
    int rerr = ferror(f);
    fclose(f);
    char hex[65];
    chr_sha256_hex(&hs, hex);
    return !rerr && strcmp(hex, x->sha256) == 0;
}

int chr_history_add_with(chr_history *h, const chr_chron *c, const char *timeline,
                         size_t tlen, int64_t created, const size_t counts[3],
                         int force, uint64_t *number, chr_error *err)
{
    if (lock(h, err) != 0)
        return err ? err->code : CHR_EIO;
    int rc = read_index(h, err);
    if (rc != 0)
        goto out;
    /* the same corpus as the newest version is no new version, unless the
     * newest file is damaged: then it is written again, as a new one */
    if (!force && h->n > 0 && strcmp(h->v[h->n - 1].version, chr_chron_version(c)) == 0 &&
        intact(h, &h->v[h->n - 1])) {
        *number = h->v[h->n - 1].number;
        goto out;
    }
    if (h->next > CHR_HISTORY_MAX_NUMBER) {
        rc = chr_error_set(err, CHR_ETOOBIG, h->dir, CHR_NO_OFFSET, "version numbers used up");
        goto out;
    }
    if (CHR_GROW(h->v, h->n, h->cap, 16) != 0) {
        rc = chr_error_set(err, CHR_ENOMEM, h->dir, CHR_NO_OFFSET, "out of memory");
        goto out;
    }
    chr_history_entry *x = &h->v[h->n];
    memset(x, 0, sizeof *x);
    x->number = h->next;
    memcpy(x->version, chr_chron_version(c), 65);
    x->created = created;
    x->documents = chr_chron_doc_count(c);
    x->events = chr_chron_event_count(c);
    if (counts != NULL) {
        x->added = counts[0];
        x->removed = counts[1];
        x->changed = counts[2];
    }
    x->saved = 1;
    char path[4096];
    if (chr_history_path(h, x->number, path, sizeof path) != 0) {
        rc = chr_error_set(err, CHR_ETOOBIG, h->dir, CHR_NO_OFFSET, "state folder path too long");
        goto out;
    }
    size_t len;
    char *buf = timeline != NULL ? chr_version_render_with(c, timeline, tlen, created, &len)
                                 : chr_version_render(c, created, &len);
    if (buf == NULL) {
        rc = chr_error_set(err, CHR_ENOMEM, path, CHR_NO_OFFSET, "out of memory rendering the snapshot");
        goto out;
    }
    /* what the file must be to be served again */
    chr_sha256 hs;
    chr_sha256_init(&hs);
    chr_sha256_update(&hs, buf, len);
    chr_sha256_hex(&hs, x->sha256);
    x->bytes = len;
    rc = chr_version_write_file(path, buf, len, err);
    free(buf);
    if (rc != 0)
        goto out;
    /* The oldest beyond the limit leave the index first, their files
     * after, so the index never names a missing file. */
    size_t total = h->n + 1, drop = total > h->keep ? total - h->keep : 0;
    rc = write_index(h, h->v + drop, total - drop, x->number + 1, err);
    if (rc != 0) {
        unlink(path);
        goto out;
    }
    *number = x->number;
    h->next = x->number + 1;
    h->n = total;
    for (size_t i = 0; i < drop; i++)
        if (chr_history_path(h, h->v[i].number, path, sizeof path) == 0)
            unlink(path);
    if (drop) {
        memmove(h->v, h->v + drop, (h->n - drop) * sizeof *h->v);
        h->n -= drop;
    }
out:
    unlock(h);
    return rc;
}

chr_chron *chr_history_load(const chr_history *h, uint64_t number, chr_error *err)
{
    if (chr_history_find(h, number) == NULL) {
        chr_error_set(err, CHR_ENOTFOUND, h->dir, CHR_NO_OFFSET, "no version %llu",
                      (unsigned long long)number);
        return NULL;
    }
    return chr_history_read(h->dir, chr_history_find(h, number), err);
}

chr_chron *chr_history_read(const char *dir, const chr_history_entry *x, chr_error *err)
{
    char path[4096];
    if (chr_history_path_in(dir, x->number, path, sizeof path) != 0) {
        chr_error_set(err, CHR_ETOOBIG, dir, CHR_NO_OFFSET, "state folder path too long");
        return NULL;
    }
    return chr_version_read_expect(path, x->bytes, x->sha256[0] ? x->sha256 : NULL, NULL, err);
}
