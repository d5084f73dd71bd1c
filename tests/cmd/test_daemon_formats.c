/*
 * test_daemon_formats.c - chronicled on a folder of folders holding a PDF,
 * a web page and plain text: /documents says which texts are converted,
 * /documents/NAME/text serves the text the evidence offsets count bytes
 * of (the PDF's as chronicle read it), /documents/NAME/file the file as
 * it is; a folder left with no usable document shows in /healthz; a PDF
 * slow to convert holds up no other request; --encoding.
 * Starts the daemon binary (CHRONICLED_BIN, default build/san/chronicled)
 * on 127.0.0.1:0.
 */
#include "chronicle/format.h"
#include "daemonutil.h"

#define FORMATS "fixtures/formats"

static void make_corpus(char *dir, size_t cap)
{
    snprintf(dir, cap, "/tmp/chronicled-formats-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/papers", dir);
    mkdir(a, 0755);
    snprintf(a, sizeof a, "%s/web", dir);
    mkdir(a, 0755);
    static const char *const files[][2] = {{"story.pdf", "papers/story.pdf"},
                                           {"story.html", "web/story.html"},
                                           {"story.txt", "story.txt"}};
    for (size_t i = 0; i < 3; i++) {
        snprintf(a, sizeof a, FORMATS "/%s", files[i][0]);
        snprintf(b, sizeof b, "%s/%s", dir, files[i][1]);
        copy_file(a, b);
    }
}

static json_t *doc_entry(json_t *docs, const char *name)
{
    json_t *list = json_object_get(docs, "documents"), *d;
    size_t i;
    json_array_foreach(list, i, d)
        if (strcmp(jstr(d, "name"), name) == 0)
            return d;
    return NULL;
}

Test(daemon_formats, converted_texts_and_files_are_served, .init = bounded)
{
    char dir[64];
    make_corpus(dir, sizeof dir);
    struct daemon d;
    start(&d, dir, "--quiet", NULL);

    json_t *docs = get_json(d.port, "/documents");
    static const struct { const char *name, *text_of, *format; } rows[] = {
        {"papers/story.pdf", "converted", "pdf"},
        {"web/story.html", "converted", "html"},
        {"story.txt", "original", "text"},
    };
    for (size_t i = 0; i < 3; i++) {
        json_t *e = doc_entry(docs, rows[i].name);
        cr_assert_not_null(e, "no %s in /documents", rows[i].name);
        cr_expect_str_eq(jstr(e, "text_of"), rows[i].text_of, "%s", rows[i].name);
        cr_expect_str_eq(jstr(e, "format"), rows[i].format, "%s", rows[i].name);
    }
    json_decref(docs);

    /* the PDF's text as chronicle read it, the same bytes as the reader
     * gives here */
    chr_error err = {0};
    chr_doc *pdf = chr_format_read(FORMATS "/story.pdf", NULL, NULL, NULL, &err);
    cr_assert_not_null(pdf, "%s", err.msg);
    size_t plen;
    const char *ptext = chr_doc_text(pdf, &plen);
    const char *const text_paths[] = {"/documents/papers/story.pdf/text",
                                      "/documents/papers%2Fstory.pdf/text",
                                      "/documents/papers%2Fstory.pdf"};
    for (size_t i = 0; i < 3; i++) {
        struct resp r;
        get(d.port, text_paths[i], &r);
        cr_expect_eq(r.status, 200, "%s: %d", text_paths[i], r.status);
        char ct[128];
        cr_expect_str_eq(hdr(&r, "Content-Type", ct, sizeof ct), "text/plain; charset=utf-8");
        cr_expect(r.blen == plen && memcmp(r.body, ptext, plen) == 0, "%s: %.*s", text_paths[i],
                  (int)r.blen, r.body);
        resp_free(&r);
    }

    /* every source from the PDF: its sentence is at its offset in that
     * text, as the page highlights it */
    json_t *tl = get_json(d.port, "/timeline.json");
    json_t *ev;
    size_t i, from_pdf = 0;
    json_array_foreach(json_object_get(tl, "events"), i, ev) {
        json_t *src;
        size_t k;
        json_array_foreach(json_object_get(ev, "sources"), k, src) {
            if (strcmp(jstr(src, "doc"), "papers/story.pdf") != 0)
                continue;
            from_pdf++;
            size_t off = (size_t)json_integer_value(json_object_get(src, "trigger_offset"));
            const char *trig = jstr(src, "trigger");
            cr_expect(off + strlen(trig) <= plen && memcmp(ptext + off, trig, strlen(trig)) == 0,
                      "trigger '%s' not at %zu of the PDF's text", trig, off);
        }
    }
    cr_expect_geq(from_pdf, 7, "%zu sources from the PDF", from_pdf);
    json_decref(tl);

    /* the file itself, never run as this site */
    size_t flen;
    char *fbytes = tu_read(FORMATS "/story.pdf", &flen);
    struct resp r;
    get(d.port, "/documents/papers/story.pdf/file", &r);
    cr_expect_eq(r.status, 200);
    char h[128];
    cr_expect_str_eq(hdr(&r, "Content-Type", h, sizeof h), "application/pdf");
    cr_expect_str_eq(hdr(&r, "Content-Security-Policy", h, sizeof h), "sandbox");
    cr_expect(r.blen == flen && memcmp(r.body, fbytes, flen) == 0);
    resp_free(&r);
    free(fbytes);

    get(d.port, "/documents/web/story.html/file", &r);
    cr_expect_eq(r.status, 200);
    cr_expect_str_eq(hdr(&r, "Content-Security-Policy", h, sizeof h), "sandbox");
    resp_free(&r);

    static const char *const missing[] = {"/documents/papers/none.pdf/text",
                                          "/documents/papers/story.pdf/other",
                                          "/documents/../story.txt/file"};
    for (size_t k = 0; k < 3; k++) {
        get(d.port, missing[k], &r);
        cr_expect_eq(r.status, 404, "%s: %d", missing[k], r.status);
        resp_free(&r);
    }

    /* a PDF that changed since the version was built: its text is still
     * the one the version read (the one its offsets count bytes of), the
     * file is not the version's any more */
    char p[512];
    snprintf(p, sizeof p, "%s/papers/story.pdf", dir);
    FILE *f = fopen(p, "ab");
    fputs("% appended\n", f);
    fclose(f);
    get(d.port, "/documents/papers/story.pdf/text", &r);
    cr_expect_eq(r.status, 200, "%d", r.status);
    cr_expect(r.blen == plen && memcmp(r.body, ptext, plen) == 0);
    resp_free(&r);
    get(d.port, "/documents/papers/story.pdf/file", &r);
    cr_expect_eq(r.status, 409, "%d", r.status);
    resp_free(&r);
    /* so is a text file: its text is the file */
    snprintf(p, sizeof p, "%s/story.txt", dir);
    f = fopen(p, "ab");
    fputs("Appended.\n", f);
    fclose(f);
    get(d.port, "/documents/story.txt/text", &r);
    cr_expect_eq(r.status, 409, "%d", r.status);
    resp_free(&r);
    stop(&d);
    chr_doc_free(pdf);
    remove_tree(dir);
}

Test(daemon_formats, a_folder_left_without_documents_shows_in_healthz, .init = bounded)
{
    char dir[64];
    make_corpus(dir, sizeof dir);
    struct daemon d;
    start(&d, dir, "--quiet", "--poll", "0.2", NULL);
    json_t *h = get_json(d.port, "/healthz");
    const char *v1 = jstr(json_object_get(h, "corpus"), "version");
    char version[80];
    snprintf(version, sizeof version, "%s", v1);
    json_decref(h);
    char p[512];
    static const char *const gone[] = {"papers/story.pdf", "web/story.html", "story.txt"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, gone[i]);
        cr_assert_eq(unlink(p), 0);
    }
    kill(d.pid, SIGHUP);
    double until = now() + 60;
    h = NULL;
    while (now() < until) {
        h = get_json(d.port, "/healthz");
        if (strcmp(jstr(h, "status"), "ok") != 0)
            break;
        json_decref(h);
        h = NULL;
        pause_ms(50);
    }
    cr_assert_not_null(h, "the empty folder never showed in /healthz");
    json_t *reload = json_object_get(h, "reload");
    cr_expect_str_eq(jstr(reload, "result"), "failed");
    cr_expect(strstr(jstr(reload, "error"), "no documents in the folder") != NULL, "%s",
              jstr(reload, "error"));
    /* the old version stays served, no empty timeline dated 1970 */
    cr_expect_str_eq(jstr(json_object_get(h, "corpus"), "version"), version);
    json_decref(h);
    stop(&d);
    remove_tree(dir);

    /* started on an empty folder: exit 1, with the reason logged */
    char empty[64];
    snprintf(empty, sizeof empty, "/tmp/chronicled-empty-XXXXXX");
    cr_assert_not_null(mkdtemp(empty));
    du_no_wait = 1;
    start(&d, empty, NULL);
    int status = 0;
    until = now() + 60;
    while (now() < until && waitpid(d.pid, &status, WNOHANG) != d.pid)
        pause_ms(50);
    du_live_remove(d.pid);
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 1, "status %d", status);
    char *log = tu_read(d.log, NULL);
    cr_expect(log && strstr(log, "no documents in the folder") != NULL, "%s", log);
    free(log);
    unlink(d.log);
    remove_tree(empty);
}

static char *version_now(int port)
{
    json_t *h = get_json(port, "/healthz");
    char *v = strdup(jstr(json_object_get(h, "corpus"), "version"));
    json_decref(h);
    return v;
}

/* Without --poll, a change in a subfolder (and in a subfolder made after
 * the start) is seen: every folder the corpus reads is watched. */
Test(daemon_formats, changes_in_subfolders_are_seen, .init = bounded)
{
    char dir[64];
    make_corpus(dir, sizeof dir);
    struct daemon d;
    start(&d, dir, "--quiet", NULL);
    char *v1 = version_now(d.port);
    static const char *const adds[] = {"web/later.txt", "new/deeper/later.txt"};
    for (size_t i = 0; i < 2; i++) {
        char p[512];
        if (i == 1) {
            snprintf(p, sizeof p, "%s/new", dir);
            cr_assert_eq(mkdir(p, 0755), 0);
            pause_ms(300);   /* the new folder is watched before it fills */
            snprintf(p, sizeof p, "%s/new/deeper", dir);
            cr_assert_eq(mkdir(p, 0755), 0);
            pause_ms(300);
        }
        snprintf(p, sizeof p, "%s/%s", dir, adds[i]);
        const char *t = "Council notes\n\nThe council met on 5 May 2019.\n";
        cr_assert_eq(tu_write(p, t, strlen(t)), 0);
        char *v2 = NULL;
        double until = now() + 30;
        while (now() < until) {
            v2 = version_now(d.port);
            if (strcmp(v2, v1) != 0)
                break;
            free(v2);
            v2 = NULL;
            pause_ms(100);
        }
        cr_expect_not_null(v2, "%s was not seen within 30 s", adds[i]);
        free(v1);
        v1 = v2 ? v2 : version_now(d.port);
    }
    free(v1);
    stop(&d);
    remove_tree(dir);
}

/* --no-recurse: the folder's own files only; a document written in a
 * subfolder starts no build. */
Test(daemon_formats, no_recurse_reads_the_folder_alone, .init = bounded)
{
    char dir[64];
    make_corpus(dir, sizeof dir);
    struct daemon d;
    start(&d, dir, "--quiet", "--no-recurse", NULL);
    json_t *docs = get_json(d.port, "/documents");
    cr_expect_eq(json_array_size(json_object_get(docs, "documents")), 1,
                 "--no-recurse served %zu documents",
                 json_array_size(json_object_get(docs, "documents")));
    cr_expect_not_null(doc_entry(docs, "story.txt"));
    cr_expect_null(doc_entry(docs, "web/story.html"));
    json_decref(docs);
    char *v1 = version_now(d.port);
    char p[512];
    snprintf(p, sizeof p, "%s/web/later.txt", dir);
    const char *t = "Council notes\n\nThe council met on 5 May 2019.\n";
    cr_assert_eq(tu_write(p, t, strlen(t)), 0);
    pause_ms(3500);            /* past the reload's 2 s settling */
    char *v2 = version_now(d.port);
    cr_expect_str_eq(v2, v1, "a file in a subfolder changed the version");
    free(v1);
    free(v2);
    stop(&d);
    remove_tree(dir);
}

/* --encoding: 8-bit text is read in the charset given instead of the one
 * guessed, in the build and in /documents/NAME/text.  0xE6 is "æ" in
 * the Latin charsets guessed, "Ф" in KOI8-R, "ц" in CP866; a name iconv
 * does not know is bad usage. */
Test(daemon_formats, encoding_overrides_the_guess, .init = bounded)
{
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/chronicled-encoding-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char p[512];
    snprintf(p, sizeof p, "%s/k.txt", dir);
    const char *k = "Council notes\n\nThe council of Gr\xe6nse met on 5 May 2019.\n";
    cr_assert_eq(tu_write(p, k, strlen(k)), 0);
    snprintf(p, sizeof p, "%s/story-cp1252.txt", dir);
    copy_file(FORMATS "/story-cp1252.txt", p);

    static const struct {
        const char *option, *encoding, *word;
    } rows[] = {
        {NULL, NULL, "Gr\xc3\xa6nse"},   /* a guess: whichever Latin charset */
        {"KOI8-R", "KOI8-R", "Gr\xd0\xa4nse"},
        {"CP866", "CP866", "Gr\xd1\x86nse"},
    };
    char *story[3] = {NULL, NULL, NULL};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct daemon d;
        if (rows[i].option != NULL)
            start(&d, dir, "--quiet", "--poll", "3600", "--encoding", rows[i].option, NULL);
        else
            start(&d, dir, "--quiet", "--poll", "3600", NULL);
        json_t *docs = get_json(d.port, "/documents");
        json_t *e = doc_entry(docs, "k.txt");
        cr_assert_not_null(e);
        if (rows[i].encoding != NULL)
            cr_expect_str_eq(jstr(e, "encoding"), rows[i].encoding, "row %zu", i);
        else
            cr_expect(jstr(e, "encoding")[0] != '\0', "row %zu: no charset reported", i);
        cr_expect_str_eq(jstr(e, "text_of"), "converted", "row %zu", i);
        json_decref(docs);
        struct resp r;
        get(d.port, "/documents/k.txt/text", &r);
        cr_expect_eq(r.status, 200);
        cr_expect(strstr(r.body, rows[i].word) != NULL, "row %zu: %s", i, r.body);
        resp_free(&r);
        /* the evidence quotes the text read so */
        json_t *tl = get_json(d.port, "/timeline.json?doc=k.txt");
        char *dump = json_dumps(tl, JSON_COMPACT);
        cr_expect(dump && strstr(dump, rows[i].word) != NULL, "row %zu: %s", i, dump);
        free(dump);
        json_decref(tl);
        get(d.port, "/documents/story-cp1252.txt/text", &r);
        cr_expect_eq(r.status, 200);
        story[i] = strndup(r.body, r.blen);
        resp_free(&r);
        stop(&d);
    }
    /* the whole story is read otherwise in each charset */
    cr_expect_str_neq(story[0], story[1]);
    cr_expect_str_neq(story[0], story[2]);
    char *txt = tu_read(FORMATS "/story.txt", NULL);
    cr_expect_str_eq(story[0], txt, "the guess reads the story as it was written");
    free(txt);
    for (size_t i = 0; i < 3; i++)
        free(story[i]);

    char cmd[600], *out = NULL;
    snprintf(cmd, sizeof cmd, "'%s' --corpus '%s' --encoding NOSUCH 2>&1", daemon_bin(), dir);
    cr_expect_eq(tu_run(cmd, &out, NULL), 2);
    cr_expect(out && strstr(out, "bad --encoding 'NOSUCH'") != NULL, "%s", out);
    free(out);
    remove_tree(dir);
}

/* A converted text is the one the build read, served from memory: a PDF
 * is never converted again to be shown.  While a reload converts a PDF
 * that is slow to convert, and while its text is asked for four times at
 * once, other requests are answered at once; the text stays served, the
 * same bytes, once the file is gone. */
#define LONG_PAGES 400

static double timed_get(int port, const char *path, int want)
{
    double t0 = now();
    struct resp r;
    get(port, path, &r);
    double took = now() - t0;
    cr_expect_eq(r.status, want, "%s: %d", path, r.status);
    resp_free(&r);
    return took;
}

Test(daemon_formats, a_slow_conversion_holds_up_no_other_request, .init = bounded)
{
    char dir[64], stage[64];
    snprintf(dir, sizeof dir, "/tmp/chronicled-slowpdf-XXXXXX");
    snprintf(stage, sizeof stage, "/tmp/chronicled-stage-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_not_null(mkdtemp(stage));
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/story.txt", dir);
    copy_file(FORMATS "/story.txt", a);
    struct daemon d;
    start(&d, dir, "--quiet", "--poll", "3600", NULL);
    char *v1 = version_now(d.port);

    /* what converting it once takes here */
    write_long_pdf(stage, "long.pdf", LONG_PAGES);
    snprintf(a, sizeof a, "%s/long.pdf", stage);
    snprintf(b, sizeof b, "%s/long.pdf", dir);
    chr_error err = {0};
    double t0 = now();
    chr_doc *pdf = chr_format_read(a, NULL, NULL, NULL, &err);
    double convert = now() - t0;
    cr_assert_not_null(pdf, "%s", err.msg);
    size_t plen;
    const char *ptext = chr_doc_text(pdf, &plen);
    cr_assert(plen > (size_t)LONG_PAGES * 1000 && strstr(ptext, "line 400.40") != NULL);
    cr_log_info("converting %d pages took %.2f s", LONG_PAGES, convert);

    /* a reload converts it: the other routes answer meanwhile */
    cr_assert_eq(rename(a, b), 0);
    kill(d.pid, SIGHUP);
    static const char *const others[] = {"/healthz", "/timeline.json", "/documents",
                                         "/documents/story.txt/text"};
    double worst = 0, until = now() + 180;
    size_t during = 0;
    char *v2 = NULL;
    while (v2 == NULL) {
        cr_assert_lt(now(), until, "the PDF was not read within 180 s");
        for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
            double took = timed_get(d.port, others[i], 200);
            worst = took > worst ? took : worst;
        }
        json_t *h = get_json(d.port, "/healthz");
        during += json_is_true(json_object_get(json_object_get(h, "reload"), "building"));
        if (strcmp(jstr(json_object_get(h, "corpus"), "version"), v1) != 0)
            v2 = strdup(jstr(json_object_get(h, "corpus"), "version"));
        json_decref(h);
        pause_ms(50);
    }
    cr_expect_gt(during, 0u, "no request was made while the reload ran");
    cr_expect_lt(worst, 1.0, "a request took %.2f s during the reload", worst);

    /* four requests for its text at once, then the others: none waits
     * for a conversion (on the loop, each would wait for all four) */
    int fds[4];
    for (size_t i = 0; i < 4; i++) {
        fds[i] = dial(d.port);
        send_request(fds[i], "GET", "/documents/long.pdf/text", NULL);
    }
    double bound = convert / 2 > 0.5 ? convert / 2 : 0.5;
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        double took = timed_get(d.port, others[i], 200);
        cr_expect_lt(took, bound, "%s took %.2f s while the PDF's text was sent (one "
                     "conversion: %.2f s)", others[i], took, convert);
    }
    for (size_t i = 0; i < 4; i++) {
        struct resp r;
        read_response(fds[i], &r, "GET", "/documents/long.pdf/text");
        cr_expect_eq(r.status, 200);
        char h[64];
        cr_expect_str_eq(hdr(&r, "X-Chronicle-Text-Of", h, sizeof h), "converted");
        cr_expect(r.blen == plen && memcmp(r.body, ptext, plen) == 0, "request %zu: %zu bytes",
                  i, r.blen);
        resp_free(&r);
    }

    /* the file gone, the version's text is still there; the file not */
    cr_assert_eq(unlink(b), 0);
    struct resp r;
    get(d.port, "/documents/long.pdf/text", &r);
    cr_expect_eq(r.status, 200);
    cr_expect(r.blen == plen && memcmp(r.body, ptext, plen) == 0);
    resp_free(&r);
    timed_get(d.port, "/documents/long.pdf/file", 410);
    chr_doc_free(pdf);
    free(v1);
    free(v2);
    stop(&d);
    remove_tree(dir);
    remove_tree(stage);
}
