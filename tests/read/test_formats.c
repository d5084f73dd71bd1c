/*
 * test_formats.c - the reading stage: one story as text, Windows-1252
 * text, HTML, e-mail, PDF and .docx (fixtures/formats/, made by its
 * make.sh) gives the same events on the same dates, titles and DCTs come
 * from each file's own metadata where the text has none, offsets point
 * into the text as read; damaged and hostile files of every kind are
 * refused in bounded time with an error that says what they are.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chronicle/corpus.h"
#include "chronicle/format.h"
#include "read/lazylib_int.h"
#include "testutil.h"

#define DIR "fixtures/formats/"

/* The story's events, read by hand from story.txt: the date and the
 * triggers of the sources of each event of the chronology. */
static const struct {
    const char *date, *triggers;
} story[] = {
    {"2022-07", "closed"},
    {"2023-03", "began"},
    {"2024-05-02", "approved"},
    {"2024-06-13", "reopened reopens"},
    {"2024-06-13", "cut"},
    {"2024-07-06", "fair"},
    {"2024-09", "open"},
};

/* Every file of the story, with what its own metadata says. */
static const struct {
    const char *file, *format, *text_of, *encoding, *dct_source, *title;
} files[] = {
    {"story.txt", "text", "original", "", "dateline",
     "Harbour library reopens after two-year renovation"},
    {"story-cp1252.txt", "text", "converted", "WINDOWS-1252", "dateline",
     "Harbour library reopens after two-year renovation"},
    /* no dateline in the page: its meta tags date and title it */
    {"story.html", "html", "converted", "", "metadata", "Quay Street library reopens"},
    /* no dateline in the body: Date and Subject */
    {"story.eml", "email", "converted", "", "metadata",
     "Press release: Quay Street library reopens"},
    /* the text's heading and dateline win over the information
     * dictionary's title (library-notice-draft) and date (2024-06-20) */
    {"story.pdf", "pdf", "converted", "", "dateline",
     "Harbour library reopens after two-year renovation"},
    {"story.docx", "docx", "converted", "", "metadata", "Quay Street library reopening"},
};

/* The chronology of one file, built as a folder of it would be. */
static chr_chron *chron_of(const char *file, chr_docinfo *info, chr_mention_list *ml)
{
    char path[256];
    snprintf(path, sizeof path, DIR "%s", file);
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    chr_error err = {0};
    memset(ml, 0, sizeof *ml);
    int rc = chr_corpus_extract_file(path, &o, info, ml, &err);
    cr_assert_eq(rc, 0, "%s: %s", file, err.msg);
    chr_chron *c = chr_chron_new();
    cr_assert_eq(chr_chron_add_doc(c, info, NULL), 0);
    for (size_t i = 0; i < ml->count; i++) {
        chr_mention m = ml->items[i];
        /* the chronology takes the strings: give it copies */
        chr_mention copy = m;
        copy.doc = strdup(m.doc);
        copy.sentence = m.sentence ? strdup(m.sentence) : NULL;
        copy.title = m.title ? strdup(m.title) : NULL;
        copy.trigger = m.trigger ? strdup(m.trigger) : NULL;
        copy.lemma = m.lemma ? strdup(m.lemma) : NULL;
        copy.date_text = m.date_text ? strdup(m.date_text) : NULL;
        copy.actors = NULL;
        copy.nactors = 0;
        cr_assert_eq(chr_chron_add_mention(c, &copy, NULL), 0);
        chr_mention_clear(&copy);
    }
    cr_assert_eq(chr_chron_build(c, NULL), 0);
    return c;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "reopened reopens": the sorted triggers of an event's sources. */
static void triggers_of(const chr_event *e, char *buf, size_t cap)
{
    const char *t[16];
    size_t n = 0;
    for (size_t k = 0; k < e->nsources && n < 16; k++)
        t[n++] = e->sources[k].trigger;
    qsort(t, n, sizeof t[0], cmp_str);
    buf[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        size_t l = strlen(buf);
        snprintf(buf + l, cap - l, "%s%s", k ? " " : "", t[k]);
    }
}

Test(formats, every_form_gives_the_story_events)
{
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        chr_docinfo info;
        chr_mention_list ml;
        chr_chron *c = chron_of(files[f].file, &info, &ml);
        size_t n = chr_chron_event_count(c);
        cr_expect_eq(n, sizeof story / sizeof story[0], "%s: %zu events, want %zu",
                     files[f].file, n, sizeof story / sizeof story[0]);
        /* same order: date, then id; compare as sets of (date, triggers) */
        for (size_t k = 0; k < sizeof story / sizeof story[0]; k++) {
            int found = 0;
            for (size_t i = 0; i < n && !found; i++) {
                const chr_event *e = chr_chron_event(c, i);
                char tr[200];
                triggers_of(e, tr, sizeof tr);
                found = strcmp(e->date.value, story[k].date) == 0 &&
                        strcmp(tr, story[k].triggers) == 0;
            }
            cr_expect(found, "%s: no event on %s with triggers '%s'", files[f].file,
                      story[k].date, story[k].triggers);
        }
        chr_chron_free(c);
        chr_docinfo_clear(&info);
        chr_mention_list_free(&ml);
    }
}

Test(formats, titles_and_dates_from_the_files_own_metadata)
{
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        chr_docinfo info;
        chr_mention_list ml;
        chr_chron *c = chron_of(files[f].file, &info, &ml);
        const chr_docinfo *d = chr_chron_doc(c, 0);
        char day[11];
        chr_day_format(d->dct, day);
        cr_expect_str_eq(day, "2024-06-14", "%s: DCT %s", files[f].file, day);
        cr_expect_str_eq(chr_dct_source_name(d->dct_source), files[f].dct_source, "%s",
                         files[f].file);
        cr_expect_str_eq(d->title ? d->title : "(none)", files[f].title, "%s", files[f].file);
        cr_expect_str_eq(d->format, files[f].format, "%s", files[f].file);
        cr_expect_str_eq(d->encoding, files[f].encoding, "%s", files[f].file);
        cr_expect_str_eq(d->text_sha256[0] ? "converted" : "original", files[f].text_of, "%s",
                         files[f].file);
        chr_chron_free(c);
        chr_docinfo_clear(&info);
        chr_mention_list_free(&ml);
    }
}

/* Every source's trigger and date text are where its offsets say, in the
 * text as chronicle read it. */
Test(formats, offsets_point_into_the_text_as_read)
{
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char path[256];
        snprintf(path, sizeof path, DIR "%s", files[f].file);
        chr_error err = {0};
        chr_doc *doc = chr_format_read(path, NULL, NULL, NULL, &err);
        cr_assert_not_null(doc, "%s: %s", files[f].file, err.msg);
        size_t len;
        const char *text = chr_doc_text(doc, &len);
        chr_docinfo info;
        chr_mention_list ml;
        chr_chron *c = chron_of(files[f].file, &info, &ml);
        cr_expect_eq(info.bytes, len);
        for (size_t i = 0; i < ml.count; i++) {
            const chr_mention *m = &ml.items[i];
            size_t tl = strlen(m->trigger);
            cr_expect(m->trigger_offset + tl <= len &&
                          memcmp(text + m->trigger_offset, m->trigger, tl) == 0,
                      "%s: trigger '%s' not at %u", files[f].file, m->trigger,
                      (unsigned)m->trigger_offset);
            if (m->date_text != NULL) {
                size_t dl = strlen(m->date_text);
                cr_expect(m->date_offset + dl <= len &&
                              memcmp(text + m->date_offset, m->date_text, dl) == 0,
                          "%s: date '%s' not at %u", files[f].file, m->date_text,
                          (unsigned)m->date_offset);
            }
        }
        chr_chron_free(c);
        chr_docinfo_clear(&info);
        chr_mention_list_free(&ml);
        chr_doc_free(doc);
    }
}

/* The text of a fixture as read, and its metadata. */
static char *text_of(const char *file, chr_format_meta *meta)
{
    char path[256];
    snprintf(path, sizeof path, DIR "%s", file);
    chr_error err = {0};
    chr_doc *doc = chr_format_read(path, NULL, NULL, meta, &err);
    cr_assert_not_null(doc, "%s: %s", file, err.msg);
    size_t len;
    const char *t = chr_doc_text(doc, &len);
    char *copy = strndup(t, len);
    chr_doc_free(doc);
    return copy;
}

/* What each reader keeps and drops, line by line. */
static const struct {
    const char *file, *has, *lacks;
} contents[] = {
    /* block structure: the heading its own line, inline markup inline */
    {"story.html", "Harbour library reopens after two-year renovation\n\nThe public library on "
                   "Quay Street reopened", NULL},
    {"story.html", "grant of \xe2\x82\xac" "40,000", NULL},
    {"story.html", NULL, "3 March 2019"},      /* script */
    {"story.html", NULL, "1 January 2001"},    /* style */
    {"story.html", NULL, "12 May 2021"},       /* navigation */
    {"story.html", NULL, "9 September 2020"},  /* comment */
    {"story.html", NULL, "4 April 1901"},      /* footer */
    {"story.html", NULL, "Gazette"},           /* the title is no text */
    /* quoted-printable Windows-1252, soft breaks joined */
    {"story.eml", "Mayor Zo\xc3\xab Varga cut the ribbon", NULL},
    {"story.eml", "the children\xe2\x80\x99s wing", NULL},
    /* the earlier message and its "wrote:" line are marked */
    {"story.eml", "\n> On Mon, 10 Jun 2024, Arno Feld wrote:\n> The roofers finished", NULL},
    {"story.eml", NULL, "The HTML copy"},      /* the text part is read */
    /* lines wrapped at 78 columns joined into their paragraph again */
    {"story.pdf", "that\nlasted", NULL} ,
    {"story.pdf", "The council approved an extra grant of \xe2\x82\xac" "40,000 for the children\xe2\x80\x99s wing on 2 May 2024", NULL},
    {"story.pdf", "Harbour library reopens after two-year renovation\nPort Elvan, 14 June 2024\n",
     NULL},
    {"story.docx", "Harbour library reopens after two-year renovation\n\nThe public", NULL},
    {"story.docx", NULL, "Deleted on"},        /* tracked deletions */
    {"story-cp1252.txt", "Mayor Zo\xc3\xab Varga", NULL},
};

Test(formats, what_each_reader_keeps)
{
    for (size_t i = 0; i < sizeof contents / sizeof contents[0]; i++) {
        chr_format_meta meta;
        char *t = text_of(contents[i].file, &meta);
        if (contents[i].has && strcmp(contents[i].has, "that\nlasted") == 0)
            cr_expect(strstr(t, contents[i].has) == NULL && strstr(t, "that lasted") != NULL,
                      "row %zu: %s: a wrapped line was not joined:\n%s", i, contents[i].file, t);
        else if (contents[i].has)
            cr_expect(strstr(t, contents[i].has) != NULL, "row %zu: %s lacks '%s':\n%s", i,
                      contents[i].file, contents[i].has, t);
        if (contents[i].lacks)
            cr_expect(strstr(t, contents[i].lacks) == NULL, "row %zu: %s has '%s':\n%s", i,
                      contents[i].file, contents[i].lacks, t);
        free(t);
        chr_format_meta_clear(&meta);
    }
}

/* [s, s+n) without white space at its end. */
static size_t trimmed(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n'))
        n--;
    return n;
}

/* Each form reads as the story's text: the PDF and the Windows-1252 copy
 * word for word with its lines and paragraphs (the PDF's wrapped lines
 * joined, its paragraph gaps blank lines), the others the same without
 * the dateline they do not hold (the e-mail then has its quoted reply). */
Test(formats, each_form_reads_as_the_story_text)
{
    size_t n;
    char *whole = tu_read(DIR "story.txt", &n);
    cr_assert_not_null(whole);
    /* without "Port Elvan, 14 June 2024\n" */
    char *nodate = strdup(whole);
    char *l2 = strchr(nodate, '\n') + 1, *l3 = strchr(l2, '\n') + 1;
    memmove(l2, l3, strlen(l3) + 1);
    static const struct { const char *file; int dateline, prefix; } rows[] = {
        {"story.pdf", 1, 0}, {"story-cp1252.txt", 1, 0}, {"story.html", 0, 0},
        {"story.docx", 0, 0}, {"story.eml", 0, 1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        chr_format_meta m;
        char *t = text_of(rows[i].file, &m);
        const char *want = rows[i].dateline ? whole : nodate;
        size_t wn = trimmed(want, strlen(want)), tn = trimmed(t, strlen(t));
        if (rows[i].prefix)
            cr_expect(tn > wn && memcmp(t, want, wn) == 0, "%s:\n%s", rows[i].file, t);
        else
            cr_expect(tn == wn && memcmp(t, want, wn) == 0, "%s:\n%s\n---want:\n%s",
                      rows[i].file, t, want);
        free(t);
        chr_format_meta_clear(&m);
    }
    free(nodate);
    free(whole);
}

Test(formats, metadata_of_each_file)
{
    chr_format_meta m;
    char *t = text_of("story.pdf", &m);
    cr_expect_str_eq(m.title, "library-notice-draft");
    cr_expect(m.title_weak);
    cr_expect(m.date_weak);
    char day[11];
    chr_day_format(m.date, day);
    cr_expect_str_eq(day, "2024-06-20");
    cr_expect_str_eq(m.author, "Port Elvan council");
    free(t);
    chr_format_meta_clear(&m);

    t = text_of("story.eml", &m);
    cr_expect_str_eq(m.author, "Pia Lund <press@port-elvan.example>");
    cr_expect_eq(m.quoted, 3);
    cr_expect_str_eq(m.date_how, "e-mail Date header");
    free(t);
    chr_format_meta_clear(&m);

    t = text_of("story.docx", &m);
    cr_expect_str_eq(m.author, "Pia Lund");
    cr_expect(m.date_weak);
    free(t);
    chr_format_meta_clear(&m);

    t = text_of("story-cp1252.txt", &m);
    cr_expect_str_eq(m.encoding, "WINDOWS-1252");
    cr_expect_eq(m.encoding_how, CHR_ENC_GUESSED);
    free(t);
    chr_format_meta_clear(&m);
}

/* ---- other encodings ---- */

static chr_doc *from_mem(const char *name, const char *b, size_t n, const char *enc,
                         chr_format_meta *m, chr_error *err)
{
    chr_format_opts o = {enc};
    return chr_format_from_mem(name, b, n, &o, m, err);
}

Test(formats, utf16_with_a_byte_order_mark)
{
    static const char le[] = "\xff\xfeO\0n\0 \0" "5\0 \0M\0a\0y\0 \0" "2\0" "0\0" "1\0" "9\0";
    static const char be[] = "\xfe\xff\0O\0n\0 \0" "5\0 \0M\0a\0y\0 \0" "2\0" "0\0" "1\0" "9";
    const struct { const char *b; size_t n; const char *enc; } rows[] = {
        {le, sizeof le - 1, "UTF-16LE"}, {be, sizeof be - 1, "UTF-16BE"}};
    for (size_t i = 0; i < 2; i++) {
        chr_format_meta m;
        chr_error err = {0};
        chr_doc *d = from_mem("u16.txt", rows[i].b, rows[i].n, NULL, &m, &err);
        cr_assert_not_null(d, "row %zu: %s", i, err.msg);
        size_t len;
        const char *t = chr_doc_text(d, &len);
        cr_expect_eq(len, 13);
        cr_expect(memcmp(t, "On 5 May 2019", 13) == 0, "row %zu: '%.*s'", i, (int)len, t);
        cr_expect_str_eq(m.encoding, rows[i].enc);
        cr_expect_eq(m.encoding_how, CHR_ENC_BOM);
        cr_expect(chr_doc_converted(d));
        chr_doc_free(d);
        chr_format_meta_clear(&m);
    }
}

Test(formats, encoding_given_overrides_the_guess)
{
    /* "Straße" in ISO-8859-15 */
    chr_format_meta m;
    chr_error err = {0};
    chr_doc *d = from_mem("s.txt", "Stra\xdf" "e am 3. Mai", 15, "ISO-8859-15", &m, &err);
    cr_assert_not_null(d, "%s", err.msg);
    size_t len;
    const char *t = chr_doc_text(d, &len);
    cr_expect(len == 16 && memcmp(t, "Stra\xc3\x9f" "e am 3. Mai", 16) == 0);
    cr_expect_str_eq(m.encoding, "ISO-8859-15");
    cr_expect_eq(m.encoding_how, CHR_ENC_GIVEN);
    chr_doc_free(d);
    chr_format_meta_clear(&m);
}

/* ---- bad files ---- */

Test(formats, bad_bytes_in_another_encoding_are_named)
{
    chr_format_meta m;
    chr_error err = {0};
    /* 0x81 has no character in Windows-1252 */
    chr_doc *d = from_mem("w.txt", "caf\xe9 \x81 ok", 9, "WINDOWS-1252", &m, &err);
    cr_expect_null(d);
    cr_expect_eq(err.code, CHR_EUTF8);
    cr_expect_eq(err.offset, 5);
    cr_expect(strstr(err.msg, "0x81 is no WINDOWS-1252 character") != NULL, "%s", err.msg);
    chr_format_meta_clear(&m);

    chr_error e2 = {0};
    cr_expect_null(from_mem("w.txt", "caf\xe9", 4, "NO-SUCH-CHARSET", &m, &e2));
    cr_expect_eq(e2.code, CHR_EINVAL);
    cr_expect(strstr(e2.msg, "unknown character encoding 'NO-SUCH-CHARSET'") != NULL, "%s",
              e2.msg);
    chr_format_meta_clear(&m);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A file of a kind no reader takes: one line saying what it is. */
Test(formats, other_kinds_are_named_and_left_out)
{
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0";
    chr_error err = {0};
    cr_expect_null(from_mem("photo.txt", png, sizeof png - 1, NULL, NULL, &err));
    cr_expect_eq(err.code, CHR_EFORMAT);
    cr_expect(strstr(err.msg, "PNG image") != NULL && strstr(err.msg, "left out") != NULL,
              "%s", err.msg);
    /* a zip archive that is no .docx */
    char path[] = DIR "bad/archive.zip";
    size_t n;
    char *zip = tu_read(path, &n);
    cr_assert_not_null(zip);
    chr_error e2 = {0};
    cr_expect_null(from_mem("archive.zip", zip, n, NULL, NULL, &e2));
    cr_expect_eq(e2.code, CHR_EFORMAT);
    cr_expect(strstr(e2.msg, "no word/document.xml") != NULL, "%s", e2.msg);
    free(zip);
}

/* Damaged and hostile files: refused (or read as far as they go) within a
 * few seconds, never a crash. */
Test(formats, damaged_files_are_refused_in_bounded_time, .timeout = 60)
{
    /* a PDF cut in the middle of its page's text */
    size_t n;
    char *pdf = tu_read(DIR "story.pdf", &n);
    cr_assert_not_null(pdf);
    chr_error err = {0};
    double t0 = now_s();
    chr_doc *d = from_mem("cut.pdf", pdf, 300, NULL, NULL, &err);
    cr_expect_null(d, "a PDF cut at byte 300 gave a document");
    cr_expect(err.code == CHR_EPARSE || err.code == CHR_EEMPTY, "code %d: %s", err.code, err.msg);
    cr_expect(strstr(err.msg, "PDF") != NULL || strstr(err.msg, "pdf") != NULL, "%s", err.msg);
    chr_doc_free(d);
    free(pdf);

    /* a zip bomb named .docx: 200 MB of zeros as word/document.xml */
    char *bomb = tu_read(DIR "bad/bomb.docx", &n);
    cr_assert_not_null(bomb);
    chr_error e2 = {0};
    cr_expect_null(from_mem("bomb.docx", bomb, n, NULL, NULL, &e2));
    cr_expect_eq(e2.code, CHR_ETOOBIG);
    cr_expect(strstr(e2.msg, "word/document.xml inflates to 209715200 bytes") != NULL, "%s",
              e2.msg);
    free(bomb);

    /* a .docx cut short */
    char *docx = tu_read(DIR "story.docx", &n);
    cr_assert_not_null(docx);
    chr_error e3 = {0};
    cr_expect_null(from_mem("cut.docx", docx, n / 2, NULL, NULL, &e3));
    cr_expect_eq(e3.code, CHR_EPARSE);
    cr_expect(strstr(e3.msg, "zip archive") != NULL, "%s", e3.msg);
    free(docx);
    cr_expect(now_s() - t0 < 20, "took %.1f s", now_s() - t0);
}

Test(formats, malformed_mime_is_bounded, .timeout = 60)
{
    /* 5,000 multiparts nested in each other */
    size_t depth = 5000, cap = depth * 120 + 512, n = 0;
    char *m = malloc(cap);
    n += (size_t)snprintf(m + n, cap - n, "From: a@b.example\nSubject: deep\n");
    for (size_t i = 0; i < depth; i++)
        n += (size_t)snprintf(m + n, cap - n,
                              "Content-Type: multipart/mixed; boundary=\"b%zu\"\n\n--b%zu\n", i, i);
    n += (size_t)snprintf(m + n, cap - n, "Content-Type: text/plain\n\nThe vote was on 5 May.\n");
    chr_error err = {0};
    cr_expect_null(from_mem("deep.eml", m, n, NULL, NULL, &err));
    cr_expect_eq(err.code, CHR_EPARSE);
    cr_expect(strstr(err.msg, "5000 multipart sections") != NULL, "%s", err.msg);
    free(m);

    /* headers and then nothing readable: a multipart with no boundary
     * and only an image */
    static const char img[] = "From: a@b.example\nSubject: photo\nMIME-Version: 1.0\n"
                              "Content-Type: image/png\nContent-Transfer-Encoding: base64\n\n"
                              "iVBORw0KGgo=\n";
    chr_error e2 = {0};
    cr_expect_null(from_mem("photo.eml", img, sizeof img - 1, NULL, NULL, &e2));
    cr_expect_eq(e2.code, CHR_EPARSE);
    cr_expect(strstr(e2.msg, "no text/plain or text/html part") != NULL, "%s", e2.msg);

    /* a broken header block and a bad encoded word still read */
    static const char broken[] = "From: =?UTF-8?B?!!!?=\nSubject: =?x-unknown?Q?=FF?=\n"
                                 "Date: not a date\nContent-Type: text/plain; charset=nonesuch\n"
                                 "Content-Transfer-Encoding: base64\n\n"
                                 "VGhlIGNvdW5jaWwgbWV0IG9uIDUgTWF5IDIwMTku\n";
    chr_error e3 = {0};
    chr_format_meta meta;
    chr_doc *d = from_mem("broken.eml", broken, sizeof broken - 1, NULL, &meta, &e3);
    cr_assert_not_null(d, "%s", e3.msg);
    size_t len;
    const char *t = chr_doc_text(d, &len);
    cr_expect(strstr(t, "The council met on 5 May 2019.") != NULL, "%s", t);
    cr_expect_eq(meta.date, CHR_NO_DAY);
    chr_doc_free(d);
    chr_format_meta_clear(&meta);
}

Test(formats, html_nested_100000_deep_is_bounded, .timeout = 60)
{
    size_t depth = 100000, cap = depth * 11 + 256, n = 0;
    char *h = malloc(cap);
    n += (size_t)snprintf(h, cap, "<html><body>");
    for (size_t i = 0; i < depth; i++)
        n += (size_t)snprintf(h + n, cap - n, "<div>");
    n += (size_t)snprintf(h + n, cap - n, "The board met on 5 May 2019.");
    for (size_t i = 0; i < depth; i++)
        n += (size_t)snprintf(h + n, cap - n, "</div>");
    double t0 = now_s();
    chr_error err = {0};
    chr_doc *d = from_mem("deep.html", h, n, NULL, NULL, &err);
    /* libxml2 stops at its depth limit: what lies deeper is not read,
     * and the page has no text left */
    cr_expect(d == NULL && err.code == CHR_EEMPTY, "code %d: %s", err.code, err.msg);
    cr_expect(strstr(err.msg, "html with no text") != NULL, "%s", err.msg);
    cr_expect(now_s() - t0 < 10, "took %.1f s", now_s() - t0);
    chr_doc_free(d);
    free(h);
}

Test(formats, a_2_gb_file_is_refused_by_its_size, .timeout = 30)
{
    char *dir = tu_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/huge.pdf", dir);
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, "%PDF-1.4\n", 9), 9);
    cr_assert_eq(ftruncate(fd, (off_t)2 << 30), 0);   /* sparse: no disk */
    close(fd);
    double t0 = now_s();
    chr_error err = {0};
    cr_expect_null(chr_format_read(path, NULL, NULL, NULL, &err));
    cr_expect_eq(err.code, CHR_ETOOBIG);
    cr_expect(strstr(err.msg, "2147483648 bytes, above the limit") != NULL, "%s", err.msg);
    cr_expect(now_s() - t0 < 1, "took %.1f s", now_s() - t0);
    tu_rmtree(dir);
    free(dir);
}

/* Content decides before the name: the page and the message under names
 * that say nothing (or the wrong thing) are still read as HTML and
 * e-mail; text that merely mentions markup or a "Note:" later on, or that
 * opens with a line like a header field, stays text. */
Test(formats, content_decides_before_the_name)
{
    static const struct {
        const char *fixture, *name;
        chr_format want;
    } rows[] = {
        {"story.html", "page", CHR_FORMAT_HTML},
        {"story.html", "page.dat", CHR_FORMAT_HTML},
        {"story.eml", "message", CHR_FORMAT_EMAIL},
        {"story.txt", "story", CHR_FORMAT_TEXT},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, DIR "%s", rows[i].fixture);
        size_t n;
        char *b = tu_read(path, &n);
        cr_assert_not_null(b);
        chr_format_meta m;
        chr_error err = {0};
        chr_doc *d = from_mem(rows[i].name, b, n, NULL, &m, &err);
        cr_assert_not_null(d, "row %zu: %s", i, err.msg);
        cr_expect_eq(m.format, rows[i].want, "row %zu: %s read as format %d", i, rows[i].name,
                     (int)m.format);
        chr_doc_free(d);
        chr_format_meta_clear(&m);
        free(b);
    }
    static const char *const texts[] = {
        "Minutes\n\nThe board met on 3 May 2021 and wrote <b> in the notes.\n",
        "Note: the council voted on 3 May 2021.\nIt approved the budget.\n",
        "<3 to all: the fair opened on 3 May 2021.\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        chr_format_meta m;
        chr_error err = {0};
        chr_doc *d = from_mem("note.txt", texts[i], strlen(texts[i]), NULL, &m, &err);
        cr_assert_not_null(d, "text %zu: %s", i, err.msg);
        cr_expect_eq(m.format, CHR_FORMAT_TEXT, "text %zu read as format %d", i, (int)m.format);
        size_t len;
        chr_doc_text(d, &len);
        cr_expect_eq(len, strlen(texts[i]));
        chr_doc_free(d);
        chr_format_meta_clear(&m);
    }
}

/* Plain text is checked once on its way in: what the check found kept
 * is not read again, and what follows is still blanked and reported; a
 * byte-order mark is blanked in clean text too. */
Test(formats, text_checked_once_still_blanks_what_it_must)
{
    static const struct {
        const char *b;
        size_t n, bad, first;
        const char *text;
    } rows[] = {
        {"The council met on 3 May 2019 in Brussels.", 42, 0, 0,
         "The council met on 3 May 2019 in Brussels."},
        {"\xef\xbb\xbfThe council met on 3 May 2019.", 33, 0, 0,
         "   The council met on 3 May 2019."},
        {"The council met on 3 May 2019 \x1b in Brussels.", 44, 1, 30,
         "The council met on 3 May 2019   in Brussels."},
        {"The council met on 3 May 2019 in Brussels\x7f.", 43, 1, 41,
         "The council met on 3 May 2019 in Brussels ."},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        chr_error err = {0};
        chr_format_meta m;
        chr_doc *d = from_mem("note.txt", rows[i].b, rows[i].n, NULL, &m, &err);
        cr_assert_not_null(d, "row %zu: %s", i, err.msg);
        chr_format_meta_clear(&m);
        size_t first = 0, len;
        const char *why = NULL;
        cr_expect_eq(chr_doc_bad_bytes(d, &first, &why), rows[i].bad, "row %zu", i);
        if (rows[i].bad)
            cr_expect_eq(first, rows[i].first, "row %zu", i);
        const char *t = chr_doc_text(d, &len);
        cr_expect_eq(len, rows[i].n, "row %zu", i);
        cr_expect_eq(memcmp(t, rows[i].text, len), 0, "row %zu: %.*s", i, (int)len, t);
        chr_doc_free(d);
    }
}

/* The converters' libraries are loaded when first needed: what is
 * missing is named, a function's address is the library's own. */
Test(formats, a_library_loaded_when_needed_names_what_is_missing)
{
    char why[160];
    void *fn[2];
    const char *const libm[] = {"cos", "sqrt"};
    cr_assert_eq(chr_lazylib_open("libm.so.6", libm, fn, 2, why, sizeof why), 0, "%s", why);
    double (*cosine)(double) = (double (*)(double))fn[0];
    cr_expect_eq(cosine(0.0), 1.0);
    const char *const none[] = {"cos", "no_such_function_here"};
    cr_expect_eq(chr_lazylib_open("libm.so.6", none, fn, 2, why, sizeof why), -1);
    cr_expect(strstr(why, "no_such_function_here") != NULL, "%s", why);
    cr_expect_eq(chr_lazylib_open("libno-such-library.so.9", libm, fn, 2, why, sizeof why), -1);
    cr_expect(strstr(why, "libno-such-library.so.9") != NULL, "%s", why);
}
