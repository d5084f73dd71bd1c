/* test_corpus.c - folders with bad files, sidecars, DCT sources. */
#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>

#include "chronicle/corpus.h"
#include "chronicle/json.h"
#include "chronicle/stats.h"
#include "testutil.h"

typedef struct reports {
    int n;
    char files[8][256];
    char msgs[8][sizeof ((chr_error *)0)->msg];
} reports;

static void collect(void *ctx, const chr_error *e)
{
    reports *r = ctx;
    if (r->n < 8) {
        snprintf(r->files[r->n], 256, "%s", e->file);
        snprintf(r->msgs[r->n], sizeof r->msgs[r->n], "%s", e->msg);
    }
    r->n++;
}

static char *copy_seed(void)
{
    char *dir = tu_tmpdir();
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cp fixtures/corpus/*.txt '%s'/", dir);
    cr_assert_eq(system(cmd), 0);
    return dir;
}

Test(corpus, bad_files_are_reported_and_skipped)
{
    char *dir = copy_seed();
    char p[512];
    snprintf(p, sizeof p, "%s/empty.txt", dir);
    tu_write(p, "", 0);
    /* UTF-8 with one damaged byte: not another encoding */
    snprintf(p, sizeof p, "%s/damaged.txt", dir);
    static const char damaged[] = "Caf\xc3\xa9 M\xc3\xbcller opened on 5 March 2019 in "
                                  "Z\xc3\xbcrich, where the caf\xe9 had been closed.";
    tu_write(p, damaged, sizeof damaged - 1);
    snprintf(p, sizeof p, "%s/junk.bin", dir);
    tu_write(p, "\x7f" "ELF\x02\x01\x01\x00\x00\x00", 10);
    snprintf(p, sizeof p, "%s/loop.txt", dir);
    cr_assert_eq(symlink("loop.txt", p), 0); /* cannot be opened, even by root */
    snprintf(p, sizeof p, "%s/sub", dir);
    mkdir(p, 0755);                             /* folders are not documents */
    reports r = {0};
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    o.report = collect;
    o.report_ctx = &r;
    chr_error err = {0};
    chr_chron *c = chr_corpus_build(dir, &o, &err);
    cr_assert_not_null(c);
    cr_assert_eq(r.n, 4, "%d reports", r.n);
    cr_assert_eq(chr_chron_doc_count(c), 5);
    cr_assert_gt(chr_chron_event_count(c), 20);
    int empty = 0, utf8 = 0, loop = 0, junk = 0;
    for (int i = 0; i < r.n; i++) {
        empty |= strstr(r.files[i], "empty.txt") && strstr(r.msgs[i], "empty");
        utf8 |= strstr(r.files[i], "damaged.txt") && strstr(r.msgs[i], "0xE9");
        loop |= strstr(r.files[i], "loop.txt") && strstr(r.msgs[i], "cannot open");
        junk |= strstr(r.files[i], "junk.bin") != NULL;
    }
    cr_assert(empty && utf8 && loop && junk);
    chr_chron_free(c);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

Test(corpus, missing_folder_is_an_error)
{
    chr_error err = {0};
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    cr_assert_null(chr_corpus_build("fixtures/no-such-folder", &o, &err));
    cr_assert_eq(err.code, CHR_EIO);
    cr_assert(strstr(err.file, "no-such-folder") != NULL);
}

Test(corpus, sidecar_overrides_text_dct)
{
    char *dir = tu_tmpdir();
    char p[512];
    const char *doc = "Notes\n\nThe ministers met yesterday.\n";
    snprintf(p, sizeof p, "%s/n.txt", dir);
    tu_write(p, doc, strlen(doc));
    snprintf(p, sizeof p, "%s/n.txt.meta.json", dir);
    tu_write(p, "{\"dct\": \"2020-02-02\"}", 21);
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    chr_chron *c = chr_corpus_build(dir, &o, NULL);
    cr_assert_not_null(c);
    cr_assert_eq(chr_chron_doc_count(c), 1);
    cr_assert_eq(chr_chron_doc(c, 0)->dct_source, CHR_DCT_SIDECAR);
    cr_assert_eq(chr_chron_event_count(c), 1);
    cr_assert_str_eq(chr_chron_event(c, 0)->date.value, "2020-02-01");
    chr_chron_free(c);
    /* a malformed sidecar is reported with its file name and field */
    tu_write(p, "{\"dct\": \"Feb 2\"}", 16);
    reports r = {0};
    o.report = collect;
    o.report_ctx = &r;
    chr_error err = {0};
    c = chr_corpus_build(dir, &o, &err);
    cr_assert_eq(r.n, 1);
    cr_assert(strstr(r.files[0], "n.txt.meta.json") != NULL, "%s", r.files[0]);
    cr_assert(strstr(r.msgs[0], "\"dct\"") != NULL, "%s", r.msgs[0]);
    /* the folder's only document left out: no timeline, an error */
    cr_assert_null(c);
    cr_assert_eq(err.code, CHR_EEMPTY);
    cr_assert(strstr(err.msg, "none of its 1 files could be used") != NULL, "%s", err.msg);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

Test(corpus, document_titles_from_sidecar_header_or_heading)
{
    char *dir = tu_tmpdir();
    char p[512];
    /* a sidecar's title wins, and a sidecar may give only a title */
    snprintf(p, sizeof p, "%s/a.txt", dir);
    tu_write(p, "Acme recalls heaters\n\nAcme recalled heaters on 3 May 2021.\n", 58);
    snprintf(p, sizeof p, "%s/a.txt.meta.json", dir);
    tu_write(p, "{\"title\": \"Given title\"}", 24);
    /* a Subject: header */
    snprintf(p, sizeof p, "%s/b.txt", dir);
    const char *b = "From: someone\nSubject: Board meeting moved\n\nThe board met on 4 May 2021.\n";
    tu_write(p, b, strlen(b));
    /* a heading line after a one-word section label */
    snprintf(p, sizeof p, "%s/c.txt", dir);
    const char *c = "News\n\nRegulator fines the carrier for outages\n\nThe regulator fined it on 5 May 2021.\n";
    tu_write(p, c, strlen(c));
    /* no heading: the text starts with a sentence */
    snprintf(p, sizeof p, "%s/d.txt", dir);
    const char *d = "The council voted on 6 May 2021. It met again later.\n";
    tu_write(p, d, strlen(d));
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    chr_chron *ch = chr_corpus_build(dir, &o, NULL);
    cr_assert_not_null(ch);
    cr_assert_eq(chr_chron_doc_count(ch), 4);
    static const char *const want[] = {"Given title", "Board meeting moved",
                                       "Regulator fines the carrier for outages", NULL};
    static const char *const names[] = {"a.txt", "b.txt", "c.txt", "d.txt"};
    for (size_t i = 0; i < 4; i++) {
        const chr_docinfo *di = chr_chron_find_doc(ch, names[i]);
        cr_assert_not_null(di, "%s", names[i]);
        if (want[i])
            cr_expect_str_eq(di->title ? di->title : "(none)", want[i], "%s", names[i]);
        else
            cr_expect_null(di->title, "%s: '%s'", names[i], di->title);
    }
    chr_chron_free(ch);
    /* a title that is no string is an error naming the field */
    snprintf(p, sizeof p, "%s/a.txt.meta.json", dir);
    tu_write(p, "{\"title\": 7}", 12);
    reports r = {0};
    o.report = collect;
    o.report_ctx = &r;
    ch = chr_corpus_build(dir, &o, NULL);
    cr_assert_eq(r.n, 1);
    cr_expect(strstr(r.msgs[0], "\"title\"") != NULL, "%s", r.msgs[0]);
    chr_chron_free(ch);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

Test(corpus, dct_sources_of_the_seed)
{
    static const struct { const char *file, *dct; chr_dct_source src; } rows[] = {
        {"fixtures/corpus/000_b7a122fea373ab79.txt", "2019-01-11", CHR_DCT_HEADER},
        {"fixtures/corpus/001_2543bc9b8d1cc153.txt", "2019-03-06", CHR_DCT_DATELINE},
        {"fixtures/corpus/002_b1a9d9ea25e99da5.txt", "2019-01-29", CHR_DCT_LETTER},
        {"fixtures/corpus/003_3d03ae3b476ba545.txt", "2019-07-03", CHR_DCT_DATELINE},
        {"fixtures/corpus/004_7f3f804f7b81d121.txt", "2019-03-22", CHR_DCT_BOUND},
    };
    for (size_t i = 0; i < 5; i++) {
        chr_docinfo info;
        chr_mention_list ml = {0};
        chr_corpus_opts o;
        chr_corpus_opts_init(&o);
        cr_assert_eq(chr_corpus_extract_file(rows[i].file, &o, &info, &ml, NULL), 0);
        char d[11];
        chr_day_format(info.dct, d);
        cr_expect_str_eq(d, rows[i].dct, "%s", rows[i].file);
        cr_expect_eq(info.dct_source, rows[i].src, "%s: %s", rows[i].file, info.dct_how);
        chr_docinfo_clear(&info);
        chr_mention_list_free(&ml);
    }
}

/* "03/04/2019" is ambiguous; the other document's "12/25/2018" makes the
 * corpus month-first, so it is 4 March.  A document with its own
 * unambiguous dates keeps its own order. */
Test(corpus, corpus_default_date_order)
{
    char *dir = tu_tmpdir();
    char p[512];
    snprintf(p, sizeof p, "%s/a.txt", dir);
    const char *a = "Minutes\nThe committee met on 03/04/2019.\n";
    tu_write(p, a, strlen(a));
    snprintf(p, sizeof p, "%s/b.txt", dir);
    const char *b = "Invoice dated 12/25/2018 paid.\nAlso 01/31/2019.\n";
    tu_write(p, b, strlen(b));
    snprintf(p, sizeof p, "%s/c.txt", dir);
    const char *cc = "Report\nThe board met on 03/04/2019; the audit closed 25/02/2019.\n";
    tu_write(p, cc, strlen(cc));
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    chr_chron *c = chr_corpus_build(dir, &o, NULL);
    cr_assert_not_null(c);
    int a_ok = 0, c_ok = 0;
    for (size_t i = 0; i < chr_chron_event_count(c); i++) {
        const chr_event *e = chr_chron_event(c, i);
        for (size_t k = 0; k < e->nsources; k++) {
            if (strcmp(e->sources[k].doc, "a.txt") == 0)
                a_ok |= strcmp(e->sources[k].date.value, "2019-03-04") == 0;
            if (strcmp(e->sources[k].doc, "c.txt") == 0)
                c_ok |= strcmp(e->sources[k].date.value, "2019-04-03") == 0;
        }
    }
    cr_assert(a_ok, "a.txt should follow the corpus's month-first order");
    cr_assert(c_ok, "c.txt should keep its own day-first order");
    /* --date-order comes after the corpus default: it decides only when
     * the corpus shows no order (here, without b.txt and c.txt) */
    o.order = CHR_ORDER_MDY;
    snprintf(p, sizeof p, "%s/b.txt", dir);
    remove(p);
    snprintf(p, sizeof p, "%s/c.txt", dir);
    remove(p);
    chr_chron_free(c);
    c = chr_corpus_build(dir, &o, NULL);
    a_ok = 0;
    for (size_t i = 0; i < chr_chron_event_count(c); i++)
        for (size_t k = 0; k < chr_chron_event(c, i)->nsources; k++) {
            const chr_mention *m = &chr_chron_event(c, i)->sources[k];
            a_ok |= strcmp(m->doc, "a.txt") == 0 && strcmp(m->date.value, "2019-03-04") == 0;
        }
    cr_assert(a_ok, "--date-order mdy should make a.txt 4 March");
    o.order = CHR_ORDER_DMY;
    chr_chron_free(c);
    c = chr_corpus_build(dir, &o, NULL);
    a_ok = 0;
    for (size_t i = 0; i < chr_chron_event_count(c); i++)
        for (size_t k = 0; k < chr_chron_event(c, i)->nsources; k++) {
            const chr_mention *m = &chr_chron_event(c, i)->sources[k];
            a_ok |= strcmp(m->doc, "a.txt") == 0 && strcmp(m->date.value, "2019-04-03") == 0;
        }
    cr_assert(a_ok, "--date-order dmy should make a.txt 3 April");
    chr_chron_free(c);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

/* The names a source stands for: its document and that document's copies,
 * sorted, joined by '|'. */
static void source_group(const chr_chron *c, const chr_mention *m, char *out, size_t cap)
{
    const chr_docinfo *d = chr_chron_find_doc(c, m->doc);
    cr_assert_not_null(d, "%s", m->doc);
    const char *names[16];
    size_t n = 0;
    names[n++] = m->doc;
    for (size_t i = 0; i < d->ncopies && n < 16; i++)
        names[n++] = d->copies[i];
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && strcmp(names[k - 1], names[k]) > 0; k--) {
            const char *t = names[k];
            names[k] = names[k - 1];
            names[k - 1] = t;
        }
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        snprintf(out + strlen(out), cap - strlen(out), "%s%s", i ? "|" : "", names[i]);
}

Test(corpus, copies_of_documents_change_nothing_but_the_sources)
{
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    chr_chron *orig = chr_corpus_build("fixtures/corpus", &o, NULL);
    cr_assert_not_null(orig);
    /* three copies of each document under names sorting before and after
     * it, one with its line breaks and spaces changed */
    char *dir = tu_tmpdir();
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cd fixtures/corpus && for f in *.txt; do cp \"$f\" '%s'/\"$f\"; "
             "cp \"$f\" '%s'/\"aa copy $f\"; cp \"$f\" '%s'/\"zz-$f\"; "
             "sed 's/  */ /g; s/$/ /' \"$f\" > '%s'/\"zz-reflowed-$f\"; done",
             dir, dir, dir, dir);
    cr_assert_eq(tu_run(cmd, NULL, NULL), 0);
    chr_chron *many = chr_corpus_build(dir, &o, NULL);
    cr_assert_not_null(many);
    cr_assert_eq(chr_chron_doc_count(many), 4 * chr_chron_doc_count(orig));
    size_t copies = 0;
    for (size_t i = 0; i < chr_chron_doc_count(many); i++)
        copies += chr_chron_doc(many, i)->copy_of != NULL;
    cr_expect_eq(copies, 3 * chr_chron_doc_count(orig));
    /* the same events, each source now standing for a document and its
     * copies */
    cr_assert_eq(chr_chron_event_count(many), chr_chron_event_count(orig));
    for (size_t i = 0; i < chr_chron_event_count(orig); i++) {
        const chr_event *a = chr_chron_event(orig, i), *b = chr_chron_event(many, i);
        cr_expect_str_eq(b->id, a->id);
        cr_expect_str_eq(b->date.value, a->date.value);
        cr_expect_str_eq(b->title, a->title);
        cr_assert_eq(b->nsources, a->nsources, "event %s", a->id);
        for (size_t k = 0; k < a->nsources; k++) {
            char ga[2048], gb[2048], want[2048];
            source_group(orig, &a->sources[k], ga, sizeof ga);
            source_group(many, &b->sources[k], gb, sizeof gb);
            const char *d = a->sources[k].doc;
            /* sorted by bytes: the seed names start with digits */
            snprintf(want, sizeof want, "%s|aa copy %s|zz-%s|zz-reflowed-%s", d, d, d, d);
            cr_expect_str_eq(gb, want, "event %s source %zu", a->id, k);
            cr_expect_str_eq(ga, d);
        }
    }
    chr_chron_free(orig);
    chr_chron_free(many);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

Test(corpus, a_person_has_one_name_across_the_corpus)
{
    char *dir = tu_tmpdir();
    char p[512];
    static const struct { const char *name, *text; } docs[] = {
        {"a.txt", "Canada arrested Meng Wanzhou in December 2018.\n"},
        {"b.txt", "In September 2021, Meng flew home to China.\n"},
        {"c.txt", "China Mobile opened a lab on 3 May 2021. China protested on 4 May 2021.\n"},
    };
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, docs[i].name);
        tu_write(p, docs[i].text, strlen(docs[i].text));
    }
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    chr_chron *c = chr_corpus_build(dir, &o, NULL);
    cr_assert_not_null(c);
    int meng = 0, china = 0;
    for (size_t i = 0; i < chr_chron_event_count(c); i++) {
        const chr_event *e = chr_chron_event(c, i);
        for (size_t k = 0; k < e->nactors; k++) {
            cr_expect_str_neq(e->actors[k], "Meng", "a short name left in '%s'", e->title);
            if (strcmp(e->date.value, "2021-09") == 0)
                meng |= strcmp(e->actors[k], "Meng Wanzhou") == 0;
            /* a country is no short name of a company */
            china |= strcmp(e->actors[k], "China") == 0;
        }
    }
    cr_expect(meng, "Meng in b.txt is the Meng Wanzhou of a.txt");
    cr_expect(china, "China stays China beside China Mobile");
    chr_chron_free(c);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

Test(corpus, odd_names_and_links_are_reported_and_left_out)
{
    char *dir = tu_tmpdir(), *out = tu_tmpdir();
    char p[512], q[512];
    const char *ok = "The board met on 4 May 2021.\n", *secret = "The secret met on 5 May 2021.\n";
    snprintf(p, sizeof p, "%s/ok.txt", dir);
    tu_write(p, ok, strlen(ok));
    /* a file name that is not UTF-8 */
    snprintf(p, sizeof p, "%s/bad\xff\xfename.txt", dir);
    tu_write(p, ok, strlen(ok));
    /* a link to a file outside the folder, and one to a file inside */
    snprintf(q, sizeof q, "%s/outside.txt", out);
    tu_write(q, secret, strlen(secret));
    snprintf(p, sizeof p, "%s/link-out.txt", dir);
    cr_assert_eq(symlink(q, p), 0);
    snprintf(p, sizeof p, "%s/link-in.txt", dir);
    cr_assert_eq(symlink("ok.txt", p), 0);
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    reports r = {0};
    o.report = collect;
    o.report_ctx = &r;
    chr_chron *c = chr_corpus_build(dir, &o, NULL);
    cr_assert_not_null(c, "one odd name stops nothing");
    cr_expect_eq(r.n, 2, "%d reports", r.n);
    int utf8 = 0, link = 0;
    for (int i = 0; i < r.n && i < 8; i++) {
        utf8 |= strstr(r.msgs[i], "not UTF-8") != NULL;
        link |= strstr(r.msgs[i], "symbolic link") != NULL && strstr(r.files[i], "link-out") != NULL;
    }
    cr_expect(utf8 && link, "reports: '%s' / '%s'", r.msgs[0], r.n > 1 ? r.msgs[1] : "");
    /* ok.txt and the link inside the folder are read; the secret is not */
    cr_expect_eq(chr_chron_doc_count(c), 2);
    for (size_t i = 0; i < chr_chron_event_count(c); i++)
        cr_expect_str_neq(chr_chron_event(c, i)->date.value, "2021-05-05");
    chr_chron_free(c);
    /* --follow-links reads it */
    o.follow_links = 1;
    r.n = 0;
    c = chr_corpus_build(dir, &o, NULL);
    cr_assert_not_null(c);
    cr_expect_eq(chr_chron_doc_count(c), 3);
    chr_chron_free(c);
    cr_assert_eq(tu_rmtree(dir), 0);
    cr_assert_eq(tu_rmtree(out), 0);
    free(dir);
    free(out);
}

/* The same folder built on one thread and on four: the same chronology,
 * the same reports in the same order; a build cancelled before it starts
 * says so, whatever the number of threads. */
static char *build_rendered(const char *dir, unsigned jobs, reports *r)
{
    chr_corpus_opts o;
    chr_corpus_opts_init(&o);
    o.jobs = jobs;
    o.report = collect;
    o.report_ctx = r;
    chr_chron *c = chr_corpus_build(dir, &o, NULL);
    cr_assert_not_null(c);
    char *json = chr_json_timeline(c, NULL, 0, NULL, NULL);
    cr_assert_not_null(json);
    chr_chron_free(c);
    return json;
}

Test(corpus, threads_build_the_same_chronology)
{
    char *dir = copy_seed();
    char p[512];
    snprintf(p, sizeof p, "%s/000-empty.txt", dir);
    tu_write(p, "", 0);
    snprintf(p, sizeof p, "%s/zz-damaged.txt", dir);
    static const char damaged[] = "Caf\xc3\xa9 cr\xc3\xa8me \xff opened on 5 March 2019.";
    tu_write(p, damaged, sizeof damaged - 1);
    snprintf(p, sizeof p, "%s/mid-order.txt", dir);
    const char *wait = "The board met on 04/05/2019 and again on 06/07/2019.\n";
    tu_write(p, wait, strlen(wait));
    reports r1 = {0}, r4 = {0};
    char *one = build_rendered(dir, 1, &r1), *four = build_rendered(dir, 4, &r4);
    cr_expect_str_eq(one, four);
    cr_expect_eq(r1.n, 2);
    cr_expect_eq(r4.n, r1.n);
    for (int i = 0; i < r1.n && i < 8; i++) {
        cr_expect_str_eq(r1.files[i], r4.files[i]);
        cr_expect_str_eq(r1.msgs[i], r4.msgs[i]);
    }
    free(one);
    free(four);
    for (unsigned jobs = 1; jobs <= 4; jobs += 3) {
        atomic_int stop = 1;
        chr_corpus_opts o;
        chr_corpus_opts_init(&o);
        o.jobs = jobs;
        o.cancel = &stop;
        chr_error err = {0};
        cr_expect_null(chr_corpus_build(dir, &o, &err));
        cr_expect_eq(err.code, CHR_EINVAL);
        cr_expect_str_eq(err.msg, "cancelled");
    }
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}

/* A copy of a document (the same words, whatever the case, spacing and
 * punctuation) is not extracted again: the chronology gives a copy's
 * mentions to its original, first by name.  When the original cannot be
 * read, the copy is the one that gives them. */
Test(corpus, copies_are_not_extracted_again)
{
    static const char story[] = "Harbour works\n\nThe council closed the north quay on "
                                "3 May 2022. It reopened the quay on 9 June 2022.\n";
    static const char copy[] = "HARBOUR WORKS\n\nThe council  closed the north quay on "
                               "3 May 2022; it reopened the quay on 9 June 2022\n";
    static const char other[] = "Depot notice\n\nThe depot opened on 4 April 2021.\n";
    for (unsigned jobs = 1; jobs <= 2; jobs++) {
        char *dir = tu_tmpdir();
        char p[512];
        const struct { const char *name, *text; } files[] = {
            {"a.txt", story}, {"b.txt", copy}, {"c.txt", copy}, {"d.txt", other}};
        for (size_t i = 0; i < 4; i++) {
            snprintf(p, sizeof p, "%s/%s", dir, files[i].name);
            cr_assert_eq(tu_write(p, files[i].text, strlen(files[i].text)), 0);
        }
        chr_corpus_opts o;
        chr_corpus_opts_init(&o);
        o.jobs = jobs;
        chr_stat_reset();
        chr_error err = {0};
        chr_chron *c = chr_corpus_build(dir, &o, &err);
        cr_assert_not_null(c, "%s", err.msg);
        /* on one thread the originals come first: exactly two extracted */
        if (jobs == 1)
            cr_expect_eq(chr_stat_get(CHR_STAT_EXTRACT), 2, "%llu documents extracted",
                         (unsigned long long)chr_stat_get(CHR_STAT_EXTRACT));
        cr_expect_leq(chr_stat_get(CHR_STAT_EXTRACT), 4);
        cr_expect_eq(chr_chron_doc_count(c), 4);
        const chr_docinfo *b = chr_chron_find_doc(c, "b.txt");
        cr_assert_not_null(b);
        cr_expect(b->copy_of != NULL && strcmp(b->copy_of, "a.txt") == 0);
        cr_expect_eq(chr_chron_event_count(c), 3, "%zu events", chr_chron_event_count(c));
        for (size_t i = 0; i < chr_chron_event_count(c); i++) {
            const chr_event *e = chr_chron_event(c, i);
            cr_expect_eq(e->nsources, 1, "event %zu has %zu sources", i, e->nsources);
            cr_expect(strcmp(e->sources[0].doc, "a.txt") == 0 ||
                      strcmp(e->sources[0].doc, "d.txt") == 0, "a source in %s",
                      e->sources[0].doc);
        }
        chr_chron_free(c);

        /* the original damaged: the first copy gives the events */
        snprintf(p, sizeof p, "%s/a.txt", dir);
        cr_assert_eq(tu_write(p, "\xff\xfe\xfd", 3), 0);
        c = chr_corpus_build(dir, &o, &err);
        cr_assert_not_null(c, "%s", err.msg);
        cr_expect_eq(chr_chron_event_count(c), 3, "%zu events", chr_chron_event_count(c));
        for (size_t i = 0; i < chr_chron_event_count(c); i++) {
            const chr_event *e = chr_chron_event(c, i);
            cr_expect(strcmp(e->sources[0].doc, "b.txt") == 0 ||
                      strcmp(e->sources[0].doc, "d.txt") == 0, "a source in %s",
                      e->sources[0].doc);
        }
        chr_chron_free(c);
        tu_rmtree(dir);
        free(dir);
    }
}
