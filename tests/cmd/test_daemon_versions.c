/*
 * test_daemon_versions.c - chronicled's history of corpus versions end to end:
 * /versions, /diff, /timeline.json?version=, SEQUENCE and LAST-MODIFIED in
 * the feed, a restart that finds the history intact, and a state folder
 * that cannot be written.  Starts the daemon binary (CHRONICLED_BIN,
 * default build/san/chronicled) on a free loopback port, from the
 * repository root.  Every wait is bounded in time and every loop in count.
 */
#include "chronicle/http.h"
#include "daemonutil.h"

#define V1 "fixtures/corpus"
#define V2 "fixtures/corpus-v2"

static void expect_error(int port, const char *target, int status, const char *param)
{
    json_t *j = get_json_as(port, target, status);
    json_t *e = json_object_get(j, "error");
    cr_expect_eq(json_integer_value(json_object_get(e, "status")), status, "%s", target);
    const char *p = json_string_value(json_object_get(e, "param"));
    cr_expect_str_eq(p ? p : "(none)", param, "%s", target);
    json_decref(j);
}

static json_int_t num(json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

/* /versions until it names `current` as the current version; bounded. */
static json_t *wait_current(int port, json_int_t current, double secs)
{
    for (double until = now() + secs; now() < until;) {
        json_t *v = get_json(port, "/versions");
        if (num(v, "current") == current)
            return v;
        json_decref(v);
        pause_ms(50);
    }
    cr_assert_fail("version %d never became current", (int)current);
    return NULL;
}

static json_t *event_with(json_t *timeline, const char *title_part)
{
    json_t *evs = json_object_get(timeline, "events");
    for (size_t i = 0; i < json_array_size(evs); i++)
        if (strstr(jstr(json_array_get(evs, i), "title"), title_part) != NULL)
            return json_array_get(evs, i);
    cr_assert_fail("no event titled ...%s...", title_part);
    return NULL;
}

static json_t *event_dated(json_t *timeline, const char *value)
{
    json_t *evs = json_object_get(timeline, "events");
    for (size_t i = 0; i < json_array_size(evs); i++)
        if (strcmp(jstr(json_object_get(json_array_get(evs, i), "date"), "value"), value) == 0)
            return json_array_get(evs, i);
    cr_assert_fail("no event dated %s", value);
    return NULL;
}

/* The content lines of the VEVENT with this UID, or NULL. */
static char *vevent(const char *ics, const char *uid)
{
    char want[64];
    snprintf(want, sizeof want, "UID:%s@chronicle\r\n", uid);
    const char *u = strstr(ics, want);
    if (u == NULL)
        return NULL;
    const char *b = u;
    while (b > ics && strncmp(b, "BEGIN:VEVENT", 12) != 0)
        b--;
    const char *e = strstr(u, "END:VEVENT");
    return e ? strndup(b, (size_t)(e - b)) : NULL;
}

static int sequence_of(const char *vev)
{
    const char *s = strstr(vev, "\r\nSEQUENCE:");
    return s ? atoi(s + 11) : -1;
}

static void last_modified(const char *vev, char out[17])
{
    const char *s = strstr(vev, "\r\nLAST-MODIFIED:");
    cr_assert_not_null(s);
    memcpy(out, s + 16, 16);
    out[16] = '\0';
}

/* ---- the tests ---- */

Test(versions, history_diff_sequence_and_restart, .init = bounded)
{
    char *tmp = tu_tmpdir();
    cr_assert_not_null(tmp);
    char corpus[128], state[128];
    snprintf(corpus, sizeof corpus, "%s/corpus", tmp);
    snprintf(state, sizeof state, "%s/state", tmp);
    copy_files(V1, corpus);
    struct daemon d;
    start(&d, corpus, "--state", state, NULL);

    json_t *vs = wait_current(d.port, 1, 30);
    cr_assert_eq(json_array_size(json_object_get(vs, "versions")), 1);
    json_decref(vs);
    json_t *tl1 = get_json(d.port, "/timeline.json");
    struct resp r;
    get(d.port, "/timeline.ics", &r);
    char *ics1 = strdup(r.body);
    resp_free(&r);
    /* the entity-list ban, to be re-dated, and its calendar entry */
    char ban_id[17];
    snprintf(ban_id, sizeof ban_id, "%s", jstr(event_with(tl1, "entities list"), "id"));
    char *vev = vevent(ics1, ban_id);
    cr_assert_not_null(vev);
    cr_expect_eq(sequence_of(vev), 0);
    char mod1[17];
    last_modified(vev, mod1);
    free(vev);
    expect_error(d.port, "/diff", 404, "from");

    /* v2: one document gone, one new, one date changed, one sentence
     * reworded */
    pause_ms(1100);             /* LAST-MODIFIED has whole seconds */
    run("rm -f '%s'/004_*.txt && cp " V2 "/003_*.txt '%s'/", corpus, corpus);
    /* the new document comes in renamed: never seen half-written */
    run("cp " V2 "/005_uk_huawei_5g_ban.txt '%s/incoming' && "
        "mv '%s/incoming' '%s/005_uk_huawei_5g_ban.txt'", tmp, tmp, corpus);
    vs = wait_current(d.port, 2, 60);
    json_t *list = json_object_get(vs, "versions");
    cr_assert_eq(json_array_size(list), 2);
    json_t *newest = json_array_get(list, 0);
    cr_expect_eq(num(newest, "number"), 2);
    cr_expect_eq(num(newest, "documents"), 5);
    cr_expect_eq(num(newest, "removed"), 6);
    cr_expect(json_is_true(json_object_get(newest, "saved")));
    cr_expect(json_is_string(json_object_get(newest, "created")));
    char *listing1 = json_dumps(vs, JSON_COMPACT);
    json_decref(vs);

    /* the default diff is previous -> current, and equals the explicit one */
    json_t *diff = get_json(d.port, "/diff");
    cr_expect_eq(num(json_object_get(diff, "from"), "number"), 1);
    cr_expect_eq(num(json_object_get(diff, "to"), "number"), 2);
    json_t *sum = json_object_get(diff, "summary");
    cr_expect_eq(num(sum, "removed"), 6);
    cr_expect_geq(num(sum, "added"), 1);
    json_t *changed = json_object_get(diff, "changed");
    int redated = 0;
    for (size_t i = 0; i < json_array_size(changed); i++) {
        json_t *c = json_array_get(changed, i);
        json_t *date = json_object_get(json_object_get(c, "fields"), "date");
        cr_expect(json_is_array(json_object_get(c, "sources_added")));
        if (date != NULL && strcmp(jstr(c, "id"), ban_id) == 0) {
            redated = 1;
            cr_expect_str_eq(jstr(date, "old"), "2019-05");
            cr_expect_str_eq(jstr(date, "new"), "2019-05-15");
            cr_expect_null(json_object_get(c, "new_id"), "the daemon keeps the id");
        }
    }
    cr_expect(redated, "the re-dated ban is not in the diff");
    json_t *explicit = get_json(d.port, "/diff?from=1&to=2");
    cr_expect(json_equal(explicit, diff));
    json_decref(explicit);
    json_t *back = get_json(d.port, "/diff?to=1&from=2");
    cr_expect_eq(num(json_object_get(back, "summary"), "added"), 6);
    json_decref(back);
    json_decref(diff);

    /* the calendar: the re-dated event kept its UID, SEQUENCE went up,
     * LAST-MODIFIED moved on */
    get(d.port, "/timeline.ics", &r);
    char *ics2 = strdup(r.body);
    resp_free(&r);
    vev = vevent(ics2, ban_id);
    cr_assert_not_null(vev, "the re-dated event lost its UID");
    cr_expect_eq(sequence_of(vev), 1);
    cr_expect_not_null(strstr(vev, "DTSTART;VALUE=DATE:20190515"));
    char mod2[17];
    last_modified(vev, mod2);
    cr_expect_gt(strcmp(mod2, mod1), 0, "LAST-MODIFIED %s not after %s", mod2, mod1);
    free(vev);
    /* an event nobody touched (the G20 meeting of June 29) keeps SEQUENCE 0 */
    char other[17];
    snprintf(other, sizeof other, "%s", jstr(event_dated(tl1, "2019-06-29"), "id"));
    vev = vevent(ics2, other);
    cr_assert_not_null(vev);
    cr_expect_eq(sequence_of(vev), 0);
    free(vev);

    /* an older version, whole and filtered */
    json_t *old = get_json(d.port, "/timeline.json?version=1");
    cr_expect(json_equal(json_object_get(old, "events"), json_object_get(tl1, "events")));
    json_decref(old);
    old = get_json(d.port, "/timeline.json?type=meeting&version=1");
    json_t *evs = json_object_get(old, "events");
    cr_expect_geq(json_array_size(evs), 1);
    for (size_t i = 0; i < json_array_size(evs); i++)
        cr_expect_str_eq(jstr(json_array_get(evs, i), "type"), "meeting");
    json_decref(old);
    get(d.port, "/timeline.ics?version=1", &r);
    cr_expect_eq(r.status, 200);
    cr_expect_not_null(strstr(r.body, ban_id));
    resp_free(&r);

    /* bad parameters name themselves; unknown versions are 404 */
    expect_error(d.port, "/diff?from=abc", 400, "from");
    expect_error(d.port, "/diff?to=-1", 400, "to");
    expect_error(d.port, "/diff?from=1&from=2", 400, "from");
    expect_error(d.port, "/diff?from=1&colour=red", 400, "query");
    expect_error(d.port, "/diff?from=99", 404, "from");
    expect_error(d.port, "/diff?from=1&to=1000000", 404, "to");
    expect_error(d.port, "/timeline.json?version=", 400, "version");
    expect_error(d.port, "/timeline.json?version=0x1", 400, "version");
    expect_error(d.port, "/timeline.json?version=7", 404, "version");
    expect_error(d.port, "/timeline.json?version=1&type=party", 400, "type");
    expect_error(d.port, "/versions?all=1", 400, "query");
    stop(&d);

    /* the state folder: an index and one snapshot per version, nothing
     * half-written */
    char path[300];
    snprintf(path, sizeof path, "%s/index.json", state);
    cr_expect_eq(access(path, R_OK), 0);
    snprintf(path, sizeof path, "%s/v000002.json", state);
    cr_expect_eq(access(path, R_OK), 0);
    DIR *dir = opendir(state);
    cr_assert_not_null(dir);
    struct dirent *de;
    while ((de = readdir(dir)) != NULL)
        cr_expect_null(strstr(de->d_name, ".tmp"), "left behind: %s", de->d_name);
    closedir(dir);

    /* a restart finds the history intact and serves the same calendar */
    start(&d, corpus, "--state", state, NULL);
    vs = wait_current(d.port, 2, 30);
    char *listing2 = json_dumps(vs, JSON_COMPACT);
    cr_expect_str_eq(listing2, listing1, "the history changed across a restart");
    json_decref(vs);
    get(d.port, "/timeline.ics", &r);
    cr_expect_str_eq(r.body, ics2, "the calendar changed across a restart");
    resp_free(&r);
    /* several clients at once ask for an old version not in memory yet */
    int fds[6];
    const char *old_targets[2] = {"/diff?from=2&to=1", "/timeline.json?version=1"};
    for (int i = 0; i < 6; i++) {
        fds[i] = dial(d.port);
        send_request(fds[i], "GET", old_targets[i % 2], NULL);
    }
    for (int i = 0; i < 6; i++) {
        read_response(fds[i], &r, "GET", old_targets[i % 2]);
        cr_expect_eq(r.status, 200, "client %d: %d %s", i, r.status, r.body);
        resp_free(&r);
    }
    stop(&d);

    /* the newest snapshot cut short: it is not served, and after a restart
     * (the older one the base) no calendar entry changes its UID or goes
     * back in SEQUENCE */
    run("f='%s/v000002.json'; head -c $(($(wc -c < \"$f\") / 2)) \"$f\" > \"$f.cut\" && "
        "mv \"$f.cut\" \"$f\"", state);
    start(&d, corpus, "--state", state, NULL);
    get(d.port, "/timeline.ics", &r);
    for (const char *u = strstr(ics2, "\r\nUID:"); u != NULL; u = strstr(u + 1, "\r\nUID:")) {
        char uid[64];
        if (sscanf(u + 6, "%63[^@\r]", uid) != 1)
            continue;
        char *before = vevent(ics2, uid), *after = vevent(r.body, uid);
        cr_expect_not_null(after, "UID %s is gone after the restart", uid);
        if (before != NULL && after != NULL)
            cr_expect_geq(sequence_of(after), sequence_of(before), "UID %s went back", uid);
        free(before);
        free(after);
    }
    resp_free(&r);
    json_t *gone = get_json_as(d.port, "/timeline.json?version=2", 500);
    const char *why = jstr(json_object_get(gone, "error"), "message");
    cr_expect(strstr(why, "version 2") != NULL && strstr(why, "not the one recorded") != NULL,
              "%s", why);
    json_decref(gone);
    json_t *h = get_json(d.port, "/healthz");
    cr_expect_str_eq(jstr(h, "status"), "ok");
    json_decref(h);
    stop(&d);

    free(listing1);
    free(listing2);
    free(ics1);
    free(ics2);
    json_decref(tl1);
    run("rm -rf '%s'", tmp);
    free(tmp);
}

/* The validators of target: its ETag and Last-Modified (seconds). */
static void validators(int port, const char *target, char etag[128], int64_t *lm)
{
    struct resp r;
    get(port, target, &r);
    cr_assert_eq(r.status, 200, "%s", target);
    cr_assert_not_null(hdr(&r, "ETag", etag, 128), "%s", target);
    char date[64];
    cr_assert_not_null(hdr(&r, "Last-Modified", date, sizeof date), "%s", target);
    cr_assert_eq(chr_http_date_parse(date, lm), 0, "%s: %s", target, date);
    resp_free(&r);
}

static int status_with(int port, const char *target, const char *fmt, const char *arg)
{
    char h[256];
    snprintf(h, sizeof h, fmt, arg);
    struct resp r;
    request(port, "GET", target, h, &r);
    int status = r.status;
    resp_free(&r);
    return status;
}

/* An edit that is reverted, to files older than the newest one served:
 * the corpus version of the start comes back with SEQUENCE moved on, and
 * the newest mtime goes back.  Neither the old ETag nor the last date
 * served may claim the new bytes unchanged. */
Test(versions, edit_and_revert_moves_the_validators_on, .init = bounded)
{
    char *tmp = tu_tmpdir();
    cr_assert_not_null(tmp);
    char corpus[128], state[128];
    snprintf(corpus, sizeof corpus, "%s/corpus", tmp);
    snprintf(state, sizeof state, "%s/state", tmp);
    copy_files(V1, corpus);
    struct daemon d;
    start(&d, corpus, "--state", state, "--quiet", NULL);
    json_decref(wait_current(d.port, 1, 30));
    json_t *h = get_json(d.port, "/healthz");
    char *v1 = strdup(jstr(json_object_get(h, "corpus"), "version"));
    json_decref(h);
    static const char *const targets[] = {"/timeline.ics", "/timeline.json"};
    char tag1[2][128], tag2[2][128], tag3[2][128];
    int64_t lm1[2], lm2[2], lm3[2];
    for (int i = 0; i < 2; i++)
        validators(d.port, targets[i], tag1[i], &lm1[i]);

    pause_ms(1100);             /* dates have whole seconds */
    run("rm -f '%s'/004_*.txt && cp " V2 "/003_*.txt '%s'/", corpus, corpus);
    run("cp " V2 "/005_uk_huawei_5g_ban.txt '%s/incoming' && "
        "mv '%s/incoming' '%s/005_uk_huawei_5g_ban.txt'", tmp, tmp, corpus);
    json_decref(wait_current(d.port, 2, 60));
    for (int i = 0; i < 2; i++) {
        validators(d.port, targets[i], tag2[i], &lm2[i]);
        cr_expect_gt(lm2[i], lm1[i], "%s", targets[i]);
    }

    /* back to the first documents, with their old mtimes (cp -p), each
     * renamed in whole */
    run("mkdir '%s/in' && cp -p " V1 "/003_*.txt " V1 "/004_*.txt '%s/in'/ && "
        "mv '%s'/in/* '%s'/ && rm -f '%s'/005_*.txt", tmp, tmp, tmp, corpus, corpus);
    for (double until = now() + 60;; pause_ms(50)) {
        h = get_json(d.port, "/healthz");
        int back = strcmp(jstr(json_object_get(h, "corpus"), "version"), v1) == 0;
        json_decref(h);
        if (back)
            break;
        cr_assert_lt(now(), until, "the first version never came back");
    }
    for (int i = 0; i < 2; i++) {
        const char *t = targets[i];
        validators(d.port, t, tag3[i], &lm3[i]);
        cr_expect_str_neq(tag3[i], tag1[i], "%s: the first ETag labels other bytes", t);
        cr_expect_str_neq(tag3[i], tag2[i], "%s", t);
        cr_expect_gt(lm3[i], lm2[i], "%s: Last-Modified went back", t);
        int st = status_with(d.port, t, "If-None-Match: %s\r\n", tag1[i]);
        cr_expect_eq(st, 200, "%s: the first ETag %s still validates (%d; now %s)", t,
                     tag1[i], st, tag3[i]);
        char date[CHR_HTTP_DATE_SIZE];
        chr_http_date_format(lm2[i], date);
        st = status_with(d.port, t, "If-Modified-Since: %s\r\n", date);
        cr_expect_eq(st, 200, "%s: a client with the second version is told nothing "
                     "changed (%d; %lld, %lld)", t, st, (long long)lm2[i], (long long)lm3[i]);
        chr_http_date_format(lm3[i], date);
        if (lm3[i] <= (int64_t)time(NULL))
            cr_expect_eq(status_with(d.port, t, "If-Modified-Since: %s\r\n", date),
                         304, "%s", t);
        cr_expect_eq(status_with(d.port, t, "If-None-Match: %s\r\n", tag3[i]), 304,
                     "%s", t);
    }
    /* the JSON's "generated" is still the newest mtime: older than the
     * date the feed is served with */
    json_t *tl = get_json(d.port, "/timeline.json");
    const char *gen = jstr(json_object_get(tl, "corpus"), "generated");
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    cr_assert_eq(sscanf(gen, "%d-%d-%dT%d:%d:%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                        &tm.tm_hour, &tm.tm_min, &tm.tm_sec), 6, "generated %s", gen);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    cr_expect_lt((int64_t)timegm(&tm), lm3[1], "generated %s", gen);
    json_decref(tl);
    stop(&d);
    free(v1);
    run("rm -rf '%s'", tmp);
    free(tmp);
}

Test(versions, unwritable_state_folder_keeps_serving, .init = bounded)
{
    char *tmp = tu_tmpdir();
    cr_assert_not_null(tmp);
    char corpus[128], state[160], file[128];
    snprintf(corpus, sizeof corpus, "%s/corpus", tmp);
    snprintf(file, sizeof file, "%s/not-a-folder", tmp);
    /* under a regular file nothing can be created, not even by root */
    snprintf(state, sizeof state, "%s/state", file);
    copy_files(V1, corpus);
    run("echo x > '%s'", file);
    struct daemon d;
    start(&d, corpus, "--state", state, NULL);
    json_t *tl = get_json(d.port, "/timeline.json");
    cr_expect_gt(json_array_size(json_object_get(tl, "events")), 0);
    json_decref(tl);
    json_t *h = get_json(d.port, "/healthz");
    cr_expect_str_eq(jstr(h, "status"), "degraded");
    const char *err = jstr(json_object_get(h, "history"), "error");
    cr_expect_not_null(strstr(err, "Not a directory"), "history.error: %s", err);
    cr_expect_eq(num(json_object_get(h, "history"), "versions"), 0);
    json_decref(h);
    json_t *vs = get_json(d.port, "/versions");
    json_t *list = json_object_get(vs, "versions");
    cr_assert_eq(json_array_size(list), 1, "the served version is listed");
    cr_expect(json_is_false(json_object_get(json_array_get(list, 0), "saved")));
    cr_expect(json_is_null(json_object_get(vs, "current")));
    json_decref(vs);
    expect_error(d.port, "/diff", 404, "from");
    char *log = tu_read(d.log, NULL);
    cr_expect_not_null(strstr(log, "state folder"), "log: %s", log);
    free(log);
    /* the corpus still reloads */
    run("rm -f '%s'/004_*.txt", corpus);
    for (double until = now() + 60;; pause_ms(50)) {
        json_t *t = get_json(d.port, "/timeline.json");
        json_int_t docs = num(json_object_get(t, "corpus"), "documents");
        json_decref(t);
        if (docs == 4)
            break;
        cr_assert_lt(now(), until, "the reload never came");
    }
    stop(&d);

    /* A folder that breaks while the daemon runs: the new version is
     * served, the error reported, the history on disk untouched. */
    char good[160], saved[200];
    snprintf(good, sizeof good, "%s/good-state", tmp);
    snprintf(saved, sizeof saved, "%s.saved", good);
    run("cp " V1 "/004_*.txt '%s'/", corpus);
    start(&d, corpus, "--state", good, NULL);
    json_decref(wait_current(d.port, 1, 30));
    run("mv '%s' '%s' && echo x > '%s'", good, saved, good);
    run("rm -f '%s'/004_*.txt", corpus);
    for (double until = now() + 60;; pause_ms(50)) {
        h = get_json(d.port, "/healthz");
        json_int_t docs = num(json_object_get(h, "corpus"), "documents");
        int degraded = strcmp(jstr(h, "status"), "degraded") == 0;
        json_decref(h);
        if (docs == 4 && degraded)
            break;
        cr_assert_lt(now(), until, "no reload or no error reported");
    }
    vs = get_json(d.port, "/versions");
    list = json_object_get(vs, "versions");
    cr_assert_eq(json_array_size(list), 2);
    cr_expect(json_is_false(json_object_get(json_array_get(list, 0), "saved")));
    cr_expect_eq(num(json_array_get(list, 1), "number"), 1);
    json_decref(vs);
    log = tu_read(d.log, NULL);
    cr_expect_not_null(strstr(log, "cannot record a version"), "log: %s", log);
    free(log);
    stop(&d);
    char index[260];
    snprintf(index, sizeof index, "%s/index.json", saved);
    char *idx = tu_read(index, NULL);
    cr_assert_not_null(idx);
    cr_expect_not_null(strstr(idx, "\"number\":1"));
    cr_expect_null(strstr(idx, "\"number\":2"));
    free(idx);
    run("rm -rf '%s'", tmp);
    free(tmp);
}

Test(versions, a_file_written_in_two_parts_makes_one_version, .init = bounded)
{
    char *tmp = tu_tmpdir();
    cr_assert_not_null(tmp);
    char corpus[128], state[128], file[200];
    snprintf(corpus, sizeof corpus, "%s/corpus", tmp);
    snprintf(state, sizeof state, "%s/state", tmp);
    copy_files(V1, corpus);
    struct daemon d;
    start(&d, corpus, "--state", state, NULL);
    json_decref(wait_current(d.port, 1, 30));
    /* a writer that stops half way for 1.5 s */
    snprintf(file, sizeof file, "%s/new.txt", corpus);
    const char *part1 = "Acme opened a plant in Lyon on 3 May 2021.";
    const char *part2 = " The regulator fined Acme on 4 May 2021.\n";
    FILE *f = fopen(file, "w");
    cr_assert_not_null(f);
    fputs(part1, f);
    fclose(f);
    pause_ms(1500);
    f = fopen(file, "a");
    cr_assert_not_null(f);
    fputs(part2, f);
    fclose(f);
    json_t *vs = wait_current(d.port, 2, 60);
    json_decref(vs);
    /* nothing more comes of it: one version, of the whole file */
    pause_ms(4000);
    vs = get_json(d.port, "/versions");
    cr_expect_eq(num(vs, "current"), 2);
    cr_expect_eq(json_array_size(json_object_get(vs, "versions")), 2);
    json_decref(vs);
    json_t *tl = get_json(d.port, "/timeline.json?from=2021-05-04&to=2021-05-04");
    cr_expect_geq(json_array_size(json_object_get(tl, "events")), 1,
                  "the second half of the file is in the version");
    json_decref(tl);
    stop(&d);
    cr_assert_eq(tu_rmtree(tmp), 0);
    free(tmp);
}
