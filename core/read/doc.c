/*
 * doc.c - reading a document once, validating it, and splitting its
 * sentences once.  The SHA-256 of its bytes is computed only when asked
 * for (`chronicle dates` never asks).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chronicle/doc.h"
#include "read/doc_int.h"
#include "chronicle/stats.h"
#include "chronicle/utf8.h"
#include "base/buf_int.h"
#include "base/sha256_int.h"
#include "base/text_int.h"
#include "base/wordtab_int.h"
#include "base/grow_int.h"

struct chr_doc {
    char *name;
    char *path;
    char *text;          /* analysis text, len bytes + NUL */
    char *orig;          /* the file's bytes when sanitising changed any */
    size_t len;
    char sha[65];        /* "" until asked for (the file's digest) */
    char text_sha[65];   /* converted: the text's digest, "" until asked */
    int converted;       /* text converted from the file (chr_doc_adopt) */
    uint64_t file_bytes;
    char format[8];
    char encoding[32];
    int64_t mtime;
    size_t bad;          /* bytes blanked because they were not text */
    size_t first_bad;
    char why[112];
    chr_span *sents;           /* once split (chr_doc_split) */
    size_t nsents;
    int split;
};

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int keep_original(chr_doc *d)
{
    if (d->orig != NULL)
        return 0;
    d->orig = malloc(d->len ? d->len : 1);
    if (d->orig == NULL)
        return -1;
    memcpy(d->orig, d->text, d->len);
    return 0;
}

/*
 * Blank every byte that is not text: invalid UTF-8, NUL and C0 controls
 * other than tab, newline, carriage return and form feed.  Replacing byte
 * for byte keeps every offset equal to the file's.
 */
static int sanitize(chr_doc *d, size_t clean)
{
    unsigned char *p = (unsigned char *)d->text, *end = p + d->len;
    /* The first change keeps a copy of the bytes for the digest: the
     * buffer is the file's up to then. */
    if (d->len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        if (keep_original(d) != 0)
            return -1;
        memset(p, ' ', 3);  /* byte-order mark: not content */
    }
    /* the bytes a caller checked (chr_utf8_text_check) are kept */
    p += clean < d->len ? clean : d->len;
    while (p < end) {
        /* up to the next byte that is not kept (most texts have none) */
        p += chr_utf8_text_check((const char *)p, (size_t)(end - p));
        if (p == end)
            break;
        if (*p < 0x80) {
            if (keep_original(d) != 0)
                return -1;
            if (d->bad++ == 0) {
                d->first_bad = (size_t)(p - (unsigned char *)d->text);
                snprintf(d->why, sizeof d->why, "control byte 0x%02X (binary data?)", *p);
            }
            *p++ = ' ';
            continue;
        }
        /* not UTF-8 here */
        if (keep_original(d) != 0)
            return -1;
        if (d->bad++ == 0) {
            d->first_bad = (size_t)(p - (unsigned char *)d->text);
            chr_utf8_check((const char *)p, (size_t)(end - p), d->why, sizeof d->why);
        }
        *p++ = ' ';
    }
    return 0;
}

/* Spans of sentences as segmentation finds them: a caller's array of
 * fixed size (counting those that do not fit), or one that grows. */
typedef struct spans {
    chr_span *v;
    size_t n, cap;
    int grow, failed;
} spans;

static size_t segment(const char *text, size_t len, spans *out);

/* A document over text (len bytes in a buffer of len + 1, which it takes
 * over), whose first clean bytes are known to need no blank. */
static chr_doc *make(const char *name, const char *path, char *text, size_t len, size_t clean,
                     chr_error *err)
{
    chr_doc *d = calloc(1, sizeof *d);
    if (d == NULL) {
        free(text);
        goto oom;
    }
    d->text = text;
    d->text[len] = '\0';
    d->len = len;
    d->name = strdup(name);
    d->path = strdup(path);
    if (d->name == NULL || d->path == NULL || sanitize(d, clean) != 0)
        goto oom;
    chr_stat_add(CHR_STAT_DOC_READ);
    return d;
oom:
    chr_doc_free(d);
    chr_error_set(err, CHR_ENOMEM, name, CHR_NO_OFFSET, "out of memory reading %zu bytes", len);
    return NULL;
}

chr_doc *chr_doc_from_mem(const char *name, const char *bytes, size_t len,
                          chr_error *err)
{
    if (len > CHR_DOC_MAX_BYTES) {
        chr_error_set(err, CHR_ETOOBIG, name, CHR_NO_OFFSET,
                      "%zu bytes, above the limit of %zu", len, CHR_DOC_MAX_BYTES);
        return NULL;
    }
    char *text = malloc(len + 1);
    if (text == NULL) {
        chr_error_set(err, CHR_ENOMEM, name, CHR_NO_OFFSET, "out of memory reading %zu bytes", len);
        return NULL;
    }
    memcpy(text, bytes, len);
    return make(name ? name : "", "", text, len, 0, err);
}

/* Read the rest of fd into a buffer of *cap bytes (grown as needed, one
 * byte kept for a NUL), up to the document limit.  0, or a chr_status with
 * err filled. */
static int read_all(int fd, const char *path, char **buf, size_t *cap, size_t *len,
                    chr_error *err)
{
    for (;;) {
        if (*len + 1 >= *cap) {
            /* the file grew since fstat: read on, but never past the limit,
             * and never cut it short silently */
            if (*cap > CHR_DOC_MAX_BYTES)
                return chr_error_set(err, CHR_ETOOBIG, path, *len,
                                     "grew above the limit of %zu bytes while read",
                                     CHR_DOC_MAX_BYTES);
            char *nb = realloc(*buf, *cap * 2);
            if (nb == NULL)
                return chr_error_set(err, CHR_ENOMEM, path, *len, "out of memory reading the file");
            *buf = nb;
            *cap *= 2;
        }
        ssize_t got = read(fd, *buf + *len, *cap - 1 - *len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return chr_error_set(err, CHR_EIO, path, *len, "read error: %s",
                                 chr_strerror(errno, (char[96]){0}, 96));
        if (got == 0)
            return 0;
        *len += (size_t)got;
    }
}

/* A buffer of cap bytes for a file's bytes (free() frees it).  A large
 * one is laid on huge pages where the system lends them on request: a
 * 40 MB file then costs twenty page faults, not ten thousand. */
static char *load_buffer(size_t cap)
{
#if defined(MADV_HUGEPAGE)
    const size_t huge = (size_t)2 << 20;
    void *p;
    if (cap >= 2 * huge && posix_memalign(&p, huge, cap) == 0) {
        (void)madvise(p, cap & ~(huge - 1), MADV_HUGEPAGE);   /* a hint: refused, no harm */
        return p;
    }
#endif
    return malloc(cap);
}

int chr_doc_load(const char *path, char **bytes, size_t *len, int64_t *mtime,
                 chr_error *err)
{
    *bytes = NULL;
    *len = 0;
    /* O_NONBLOCK: a FIFO or a device put in place of a file must not block
     * the open; it is refused below, before any read. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return chr_error_set(err, CHR_EIO, path, CHR_NO_OFFSET, "cannot open: %s",
                             chr_strerror(errno, (char[96]){0}, 96));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const char *kind = S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISSOCK(st.st_mode) ? "a socket"
                         : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                         : S_ISDIR(st.st_mode) ? "a folder" : "something else";
        close(fd);
        return chr_error_set(err, CHR_EIO, path, CHR_NO_OFFSET, "%s, not a regular file; left out", kind);
    }
    /* refused by its size alone: a 2 GB file costs one fstat, no read */
    if ((uint64_t)st.st_size > CHR_DOC_MAX_BYTES) {
        close(fd);
        return chr_error_set(err, CHR_ETOOBIG, path, CHR_NO_OFFSET, "%lld bytes, above the limit of %zu",
                             (long long)st.st_size, CHR_DOC_MAX_BYTES);
    }
    size_t cap = (size_t)st.st_size + 2, n = 0;
    char *buf = load_buffer(cap);
    int rc = buf ? read_all(fd, path, &buf, &cap, &n, err)
                 : chr_error_set(err, CHR_ENOMEM, path, CHR_NO_OFFSET, "out of memory");
    close(fd);
    if (rc == 0 && n == 0)
        rc = chr_error_set(err, CHR_EEMPTY, path, CHR_NO_OFFSET, "empty file, expected text");
    if (rc != 0) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *bytes = buf;
    *len = n;
    if (mtime)
        *mtime = (int64_t)st.st_mtime;
    return 0;
}

chr_doc *chr_doc_read(const char *path, const char *name, chr_error *err)
{
    if (name == NULL)
        name = base_name(path);
    char *buf;
    size_t len;
    int64_t mtime;
    if (chr_doc_load(path, &buf, &len, &mtime, err) != 0)
        return NULL;
    chr_doc *d = make(name, path, buf, len, 0, err);
    if (d != NULL)
        d->mtime = mtime;
    return d;
}

chr_doc *chr_doc_adopt(const char *name, const char *path, char *text, size_t len,
                       int64_t mtime, const char *file_sha256, uint64_t file_bytes,
                       chr_error *err)
{
    return chr_doc_adopt_checked(name, path, text, len, 0, mtime, file_sha256, file_bytes, err);
}

chr_doc *chr_doc_adopt_checked(const char *name, const char *path, char *text, size_t len,
                               size_t clean, int64_t mtime, const char *file_sha256,
                               uint64_t file_bytes, chr_error *err)
{
    if (len > CHR_DOC_MAX_BYTES) {
        free(text);
        chr_error_set(err, CHR_ETOOBIG, name, CHR_NO_OFFSET, "the text is %zu bytes, above the limit of %zu",
                      len, CHR_DOC_MAX_BYTES);
        return NULL;
    }
    chr_doc *d = make(name ? name : "", path ? path : "", text, len, clean, err);
    if (d == NULL)
        return NULL;
    d->mtime = mtime;
    if (file_sha256 != NULL) {
        d->converted = 1;
        snprintf(d->sha, sizeof d->sha, "%s", file_sha256);
        d->file_bytes = file_bytes;
    }
    return d;
}

int chr_doc_converted(const chr_doc *d) { return d->converted; }

const char *chr_doc_original(const chr_doc *d, size_t *len)
{
    if (len)
        *len = d->len;
    return d->orig ? d->orig : d->text;
}
uint64_t chr_doc_file_bytes(const chr_doc *d) { return d->converted ? d->file_bytes : d->len; }
const char *chr_doc_format(const chr_doc *d) { return d->format[0] ? d->format : "text"; }
const char *chr_doc_encoding(const chr_doc *d) { return d->encoding; }

void chr_doc_set_origin(chr_doc *d, const char *format, const char *encoding)
{
    snprintf(d->format, sizeof d->format, "%s", format ? format : "");
    snprintf(d->encoding, sizeof d->encoding, "%s", encoding ? encoding : "");
}

const char *chr_doc_text_sha256(chr_doc *d)
{
    if (!d->converted)
        return chr_doc_sha256(d);
    if (d->text_sha[0] == '\0') {
        chr_sha256 h;
        chr_sha256_init(&h);
        chr_sha256_update(&h, d->text, d->len);
        chr_sha256_hex(&h, d->text_sha);
    }
    return d->text_sha;
}

void chr_doc_free(chr_doc *d)
{
    if (d == NULL)
        return;
    free(d->name);
    free(d->path);
    free(d->text);
    free(d->orig);
    free(d->sents);
    free(d);
}

const char *chr_doc_name(const chr_doc *d) { return d->name; }
const char *chr_doc_path(const chr_doc *d) { return d->path; }
const char *chr_doc_sha256(chr_doc *d)
{
    if (d->sha[0] == '\0') {
        chr_sha256 h;
        chr_sha256_init(&h);
        chr_sha256_update(&h, d->orig ? d->orig : d->text, d->len);
        chr_sha256_hex(&h, d->sha);
        chr_stat_add(CHR_STAT_DOC_HASH);
    }
    return d->sha;
}
int64_t chr_doc_mtime(const chr_doc *d) { return d->mtime; }

const char *chr_doc_text(const chr_doc *d, size_t *len)
{
    if (len)
        *len = d->len;
    return d->text;
}

size_t chr_doc_bad_bytes(const chr_doc *d, size_t *first, const char **why)
{
    if (d->bad) {
        if (first)
            *first = d->first_bad;
        if (why)
            *why = d->why;
    }
    return d->bad;
}

int chr_doc_split(chr_doc *d, chr_error *err)
{
    if (d->split)
        return 0;
    spans sp = {NULL, 0, 0, 1, 0};
    segment(d->text, d->len, &sp);
    if (sp.failed) {
        free(sp.v);
        return chr_error_set(err, CHR_ENOMEM, d->name, CHR_NO_OFFSET,
                             "out of memory splitting %zu bytes into sentences", d->len);
    }
    d->sents = sp.v;
    d->nsents = sp.n;
    d->split = 1;
    return 0;
}

/* The sentences, split on first use when no one asked before (a
 * document's own memory: a const chr_doc is never one defined const). */
static const chr_doc *split_doc(const chr_doc *d)
{
    if (!d->split)
        (void)chr_doc_split((chr_doc *)(uintptr_t)d, NULL);
    return d;
}

size_t chr_doc_sentence_count(const chr_doc *d) { return split_doc(d)->nsents; }

chr_span chr_doc_sentence(const chr_doc *d, size_t i)
{
    chr_span none = {0, 0};
    return i < split_doc(d)->nsents ? d->sents[i] : none;
}

size_t chr_doc_sentence_at(const chr_doc *d, size_t off)
{
    size_t lo = 0, hi = split_doc(d)->nsents;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->sents[mid].start + d->sents[mid].len <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < d->nsents && d->sents[lo].start <= off)
        return lo;
    return (size_t)-1;
}

/* ---- sentence segmentation ------------------------------------------- */

/*
 * Words whose trailing period does not end a sentence when more text
 * follows on the same line: titles, company suffixes, Latin abbreviations,
 * month abbreviations and dotted initialisms.  "U.S." at the end of a line
 * still ends the sentence (the newline rule below).
 */
static const char *const abbrevs[] = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col",
    "capt", "sgt", "st", "jr", "sr", "rev", "hon", "pres", "vs", "v", "no",
    "nos", "co", "ltd", "inc", "corp", "plc", "bros", "dept", "univ", "assn",
    "e.g", "i.e", "cf", "viz", "al", "approx", "est", "fig", "vol", "pp",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat",
    "sun", "a.m", "p.m", "u.s", "u.k", "u.n", "e.u", "u.s.a", "d.c", "ft",
    "mt", "op", "art", "para", "sec", "ch", "ed", "eds", "tel", "ref"};

/* Looked up at every full stop: indexed once (segmentation runs on worker
 * threads too). */
CHR_WORDTAB_DEFINE(abbrev_find, abbrevs)

static int is_abbrev(const char *text, size_t start, size_t dot)
{
    /* the word before the dot: letters and inner dots */
    size_t b = dot;
    while (b > start && (chr_is_alpha((unsigned char)text[b - 1]) || text[b - 1] == '.'))
        b--;
    size_t n = dot - b;
    if (n == 0)
        return 0;
    if (n == 1 && chr_is_upper((unsigned char)text[b]))
        return 1;  /* an initial: "J. Smith" */
    return abbrev_find_ci(text + b, n) >= 0;
}

static int is_closer(const unsigned char *p, const unsigned char *end, size_t *n)
{
    if (*p == '"' || *p == '\'' || *p == ')' || *p == ']') {
        *n = 1;
        return 1;
    }
    /* ” ’ » */
    if (end - p >= 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x9D || p[2] == 0x99)) {
        *n = 3;
        return 1;
    }
    if (end - p >= 2 && p[0] == 0xC2 && p[1] == 0xBB) {
        *n = 2;
        return 1;
    }
    return 0;
}

static void emit(const char *text, size_t s, size_t e, spans *out)
{
    while (s < e && chr_is_space((unsigned char)text[s]))
        s++;
    while (e > s && chr_is_space((unsigned char)text[e - 1]))
        e--;
    if (e <= s)
        return;
    if (out->grow && !out->failed && CHR_GROW(out->v, out->n, out->cap, 64) != 0)
        out->failed = 1;
    if (out->v != NULL && out->n < out->cap) {
        out->v[out->n].start = (uint32_t)s;
        out->v[out->n].len = (uint32_t)(e - s);
    }
    out->n++;
}

/* The first non-blank byte of the next line starts a new sentence unless
 * it is a lower-case letter (a line wrapped inside a sentence). */
static int line_continues(const char *text, size_t i, size_t len)
{
    size_t j = i + 1;
    while (j < len && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r'))
        j++;
    if (j >= len || text[j] == '\n')
        return 0;
    return chr_is_lower((unsigned char)text[j]);
}

size_t chr_doc_segment(const char *text, size_t len, chr_span *out, size_t cap)
{
    spans sp = {out, 0, out ? cap : 0, 0, 0};
    return segment(text, len, &sp);
}

/* Does any of the eight bytes at p end a sentence ('\n', '\f', '.', '!',
 * '?')?  A byte equal to one of them is a zero byte of the word xor'ed
 * with it: the exact zero-byte test of "Bit Twiddling Hacks". */
static inline int ends_in(const unsigned char *p)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t w;
    memcpy(&w, p, 8);
#define ZERO_BYTE(x) (((x) - ones) & ~(x) & highs)
    uint64_t nl = w ^ (ones * '\n'), ff = w ^ (ones * '\f'), dot = w ^ (ones * '.'),
             bang = w ^ (ones * '!'), q = w ^ (ones * '?');
    return (ZERO_BYTE(nl) | ZERO_BYTE(ff) | ZERO_BYTE(dot) | ZERO_BYTE(bang) | ZERO_BYTE(q)) != 0;
#undef ZERO_BYTE
}

static size_t segment(const char *text, size_t len, spans *out)
{
    /* the bytes that can end a sentence; the others are skipped */
    static const unsigned char ends[256] = {['\n'] = 1, ['\f'] = 1, ['.'] = 1, ['!'] = 1,
                                            ['?'] = 1};
    const unsigned char *u = (const unsigned char *)text;
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        size_t lim = start + CHR_DOC_MAX_SENTENCE, stop = lim < len ? lim : len;
        /* eight bytes at a time while none of them can end a sentence */
        while (i + 8 <= stop && !ends_in(u + i))
            i += 8;
        while (i < stop && !ends[u[i]])
            i++;
        if (i >= len)
            break;
        unsigned char c = u[i];
        /* No real sentence runs this long: a page of text with no stops
         * (a table dump, binary junk) is cut at its last space, so every
         * later stage works on bounded pieces. */
        if (i >= lim) {
            size_t cut = i;
            for (size_t k = i; k > start; k--)
                if (u[k] == ' ' || u[k] == '\t') {
                    cut = k;
                    break;
                }
            emit(text, start, cut, out);
            start = cut;
        }
        if (c == '\n') {
            if (!line_continues(text, i, len)) {
                emit(text, start, i, out);
                start = i + 1;
            }
            continue;
        }
        if (c == '\f') {
            emit(text, start, i, out);
            start = i + 1;
            continue;
        }
        if (c != '.' && c != '!' && c != '?')
            continue;
        size_t j = i + 1;
        while (j < len && (u[j] == '.' || u[j] == '!' || u[j] == '?'))
            j++;
        size_t n;
        while (j < len && is_closer(u + j, u + len, &n))
            j += n;
        if (j < len && u[j] != ' ' && u[j] != '\t' && u[j] != '\n' && u[j] != '\r')
            continue;  /* "2.5", "U.S.-China", "example.com" */
        if (c == '.' && j == i + 1 && is_abbrev(text, start, i)) {
            /* An abbreviation ends a sentence only at the end of a line,
             * which the newline rule handles. */
            continue;
        }
        /* The next word must look like a sentence start. */
        size_t k = j;
        while (k < len && (u[k] == ' ' || u[k] == '\t' || u[k] == '\r'))
            k++;
        if (k < len && u[k] != '\n' && chr_is_lower(u[k]))
            continue;
        emit(text, start, j, out);
        start = j;
        i = j - 1;
    }
    emit(text, start, len, out);
    return out->n;
}


/* "Subject:", "Title:", "Re:" or "Title<TAB>": the length of the label,
 * separator and blanks, or 0. */
static size_t title_label(const char *s, size_t n)
{
    static const char *const labels[] = {"subject", "title", "re"};
    for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
        size_t m = strlen(labels[k]);
        if (n <= m + 1 || strncasecmp(s, labels[k], m) != 0 || (s[m] != ':' && s[m] != '\t'))
            continue;
        size_t i = m + 1;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        return i < n ? i : 0;
    }
    return 0;
}

/* Does the line read as a heading: three words or more, under 200 bytes,
 * no final stop, no "Label:" header, some lower-case letter? */
static int heading_line(const char *s, size_t n)
{
    while (n > 0 && chr_is_space((unsigned char)s[n - 1]))
        n--;
    if (n < 12 || n >= 200 || s[n - 1] == '.' || s[n - 1] == ':')
        return 0;
    size_t words = 0, lower = 0;
    for (size_t i = 0; i < n; i++) {
        words += !chr_is_space((unsigned char)s[i]) && (i == 0 || chr_is_space((unsigned char)s[i - 1]));
        lower += chr_is_lower((unsigned char)s[i]);
        if (s[i] == ':' && i < 20 && words == 1)
            return 0;
    }
    return words >= 3 && lower > 0;
}

/* The title's line [s, s+n) folded into *title: 0 or CHR_ENOMEM. */
static int title_of(const char *s, size_t n, char **title)
{
    *title = chr_squeeze(s, n);
    return *title != NULL ? 0 : CHR_ENOMEM;
}

int chr_doc_title(const chr_doc *d, char **title)
{
    *title = NULL;
    const char *s = d->text, *end = d->text + d->len;
    const char *heading = NULL;
    size_t hlen = 0, nonempty = 0;
    for (int line = 0; s < end && line < 30; line++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        size_t lab = title_label(s, n);
        if (lab > 0)
            return title_of(s + lab, n - lab, title);
        size_t k = 0;
        while (k < n && chr_is_space((unsigned char)s[k]))
            k++;
        if (k < n && heading == NULL && nonempty < 5) {
            nonempty++;
            if (heading_line(s + k, n - k)) {
                heading = s + k;
                hlen = n - k;
            } else if (s[n - 1] == '.' || (n > 1 && s[n - 2] == '.')) {
                nonempty = 5;  /* the body has begun */
            }
        }
        s = nl ? nl + 1 : end;
    }
    return heading != NULL ? title_of(heading, hlen, title) : 0;
}

/* What each byte adds to a fingerprint: letters folded to lower case,
 * digits and every byte of a non-ASCII character as they are, nothing
 * (0) for the rest. */
static unsigned char fold[256];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static void fold_build(void)
{
    for (unsigned c = 0; c < 256; c++)
        if (c >= 0x80 || (c >= '0' && c <= '9') || chr_is_upper(c) || chr_is_lower(c))
            fold[c] = (unsigned char)chr_lower(c);
}

uint64_t chr_doc_fingerprint(const chr_doc *d)
{
    pthread_once(&fold_once, fold_build);
    const unsigned char *u = (const unsigned char *)d->text;
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < d->len; i++) {
        /* no branch: which bytes count is what the text says next */
        unsigned char c = fold[u[i]];
        uint64_t next = (h ^ c) * 1099511628211u;
        uint64_t take = 0 - (uint64_t)(c != 0);
        h = (next & take) | (h & ~take);
    }
    return h ? h : 1;
}
