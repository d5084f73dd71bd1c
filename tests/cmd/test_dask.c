/*
 * test_dask.c - chronicle-dask on a Dask cluster of this machine: a
 * scheduler and two workers on 127.0.0.1 (ports the system picks, found
 * through the scheduler file), the same bytes as `chronicle timeline`,
 * also when a worker is killed in the middle of the job.
 *
 * Skipped, saying so, where Debian's python3-distributed is absent.  The
 * script is CHRONICLE_DASK (default build/chronicle-dask), the chronicle
 * the workers run CHRONICLE_BIN.  Every process is started in a process
 * group of its own and every group is killed at the end of the test, also
 * when it fails; every wait is bounded, and an alarm kills them all when
 * a test outlives its time.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#define PYTHON "/usr/bin/python3"
#define MAX_PROCS 8
#define WAIT_START 90.0      /* seconds for the scheduler or a worker to come up */
#define WAIT_JOB 150.0       /* seconds for one chronicle-dask run */

/* The process groups this test started (each leader's pid is its group). */
static pid_t groups[MAX_PROCS];
static size_t ngroups;
static char *tmp;            /* the test's folder */

static void kill_all(int sig)
{
    for (size_t i = 0; i < ngroups; i++)
        if (groups[i] > 0)
            kill(-groups[i], sig);
}

static void on_alarm(int sig)
{
    kill_all(SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int have_dask(void)
{
    return access(PYTHON, X_OK) == 0 &&
           system(PYTHON " -c 'import distributed' >/dev/null 2>&1") == 0;
}

static void setup(void)
{
    ngroups = 0;
    tmp = NULL;
    signal(SIGALRM, on_alarm);
    alarm(300);
}

/* Each group: SIGTERM, up to 10 s to go, then SIGKILL; then the test's
 * folder. */
static void teardown(void)
{
    kill_all(SIGTERM);
    double until = now() + 10;
    for (size_t i = 0; i < ngroups; i++) {
        while (groups[i] > 0 && now() < until) {
            pid_t r = waitpid(groups[i], NULL, WNOHANG);
            if (r == groups[i] || (r < 0 && errno == ECHILD))
                break;
            pause_ms(50);
        }
    }
    kill_all(SIGKILL);   /* also what a killed worker left running */
    for (size_t i = 0; i < ngroups; i++)
        if (groups[i] > 0)
            waitpid(groups[i], NULL, 0);
    ngroups = 0;
    alarm(0);
    if (tmp != NULL) {
        tu_rmtree(tmp);
        free(tmp);
        tmp = NULL;
    }
}

/* Start argv in a process group of its own, stdout into out, stderr into
 * err (NULL: /dev/null). */
static pid_t start(char *const argv[], const char *out, const char *err)
{
    cr_assert_lt(ngroups, MAX_PROCS);
    pid_t pid = fork();
    cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        setpgid(0, 0);
        int fo = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(err ? err : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fi = open("/dev/null", O_RDONLY);
        if (fo < 0 || fe < 0 || fi < 0)
            _exit(126);
        dup2(fi, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    setpgid(pid, pid);   /* also here, so a kill right away finds the group */
    groups[ngroups++] = pid;
    return pid;
}

/* Has pid exited?  Its status into *status; the group is forgotten. */
static int exited(pid_t pid, int *status)
{
    if (waitpid(pid, status, WNOHANG) != pid)
        return 0;
    for (size_t i = 0; i < ngroups; i++)
        if (groups[i] == pid) {
            kill(-pid, SIGKILL);   /* anything it left behind */
            groups[i] = -1;
        }
    return 1;
}

static char *path_in(const char *name)
{
    size_t n = strlen(tmp) + strlen(name) + 2;
    char *p = malloc(n);
    cr_assert_not_null(p);
    snprintf(p, n, "%s/%s", tmp, name);
    return p;
}

/* Wait until file holds needle (while pid runs), at most WAIT_START s. */
static void wait_for(const char *file, const char *needle, pid_t pid, const char *what)
{
    double until = now() + WAIT_START;
    for (;;) {
        char *s = tu_read(file, NULL);
        int found = s != NULL && strstr(s, needle) != NULL;
        free(s);
        if (found)
            return;
        int st;
        if (exited(pid, &st)) {
            char *log = tu_read(file, NULL);
            cr_assert_fail("%s exited (status %d) before it was ready:\n%s", what, st,
                           log ? log : "");
        }
        cr_assert_lt(now(), until, "%s not ready after %.0f s", what, WAIT_START);
        pause_ms(100);
    }
}

/* A scheduler and two workers of one thread each, all on 127.0.0.1;
 * the workers' pids into w[2].  Returns the scheduler file's path. */
static char *cluster(pid_t w[2])
{
    char *sched = path_in("scheduler.json"), *slog = path_in("scheduler.log");
    char *argv[] = {PYTHON, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                    "--port", "0", "--dashboard-address", "127.0.0.1:0",
                    "--scheduler-file", sched, "--idle-timeout", "600", NULL};
    pid_t s = start(argv, slog, slog);
    wait_for(slog, "Scheduler at:", s, "dask scheduler");
    /* the scheduler may log its address before it writes the file */
    for (double until = now() + WAIT_START; access(sched, R_OK) != 0 && now() < until;)
        pause_ms(50);
    cr_assert_eq(access(sched, R_OK), 0, "no scheduler file");
    for (int i = 0; i < 2; i++) {
        char name[16], dir[32], log[32];
        snprintf(name, sizeof name, "w%d", i);
        snprintf(dir, sizeof dir, "w%d", i);
        snprintf(log, sizeof log, "w%d.log", i);
        char *wdir = path_in(dir), *wlog = path_in(log);
        char *wargv[] = {PYTHON, "-m", "distributed.cli.dask_worker", "--scheduler-file", sched,
                         "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny",
                         "--dashboard-address", "127.0.0.1:0", "--name", name,
                         "--local-directory", wdir, "--death-timeout", "60", NULL};
        w[i] = start(wargv, wlog, wlog);
        free(wdir);
        free(wlog);
    }
    for (int i = 0; i < 2; i++) {
        char log[32];
        snprintf(log, sizeof log, "w%d.log", i);
        char *wlog = path_in(log);
        wait_for(wlog, "Registered to:", w[i], "dask worker");
        free(wlog);
    }
    free(slog);
    return sched;
}

static const char *dask_bin(void)
{
    const char *b = getenv("CHRONICLE_DASK");
    return b ? b : "build/chronicle-dask";
}

/* chronicle-dask SCHED ARGS... --chronicle CHRONICLE --shards SHARDS
 * > out 2> err, ARGS (folders and options) NULL-terminated; hook, when
 * not NULL, is called every 50 ms while it runs.  Returns the exit
 * status. */
static int run_dask_args(const char *sched, const char *const *args, const char *chronicle,
                         const char *shards, const char *out, const char *err,
                         void (*hook)(void *), void *ctx)
{
    char *argv[32];
    size_t n = 0;
    argv[n++] = (char *)dask_bin();
    argv[n++] = "--scheduler-file";
    argv[n++] = (char *)sched;
    for (; *args != NULL; args++) {
        cr_assert_lt(n, 20u);
        argv[n++] = (char *)*args;
    }
    char *const tail[] = {"--chronicle", (char *)chronicle, "--shards", (char *)shards,
                          "--fan-in", "2", "--timeout", "140", NULL};
    for (size_t k = 0; k < sizeof tail / sizeof *tail; k++)
        argv[n++] = tail[k];
    pid_t pid = start(argv, out, err);
    double until = now() + WAIT_JOB;
    int st = 0;
    while (!exited(pid, &st)) {
        cr_assert_lt(now(), until, "chronicle-dask still running after %.0f s", WAIT_JOB);
        if (hook)
            hook(ctx);
        pause_ms(50);
    }
    cr_assert(WIFEXITED(st), "chronicle-dask was killed (status %d)", st);
    return WEXITSTATUS(st);
}

/* The same with one folder and no option. */
static int run_dask(const char *sched, const char *dir, const char *chronicle,
                    const char *shards, const char *out, const char *err,
                    void (*hook)(void *), void *ctx)
{
    const char *args[] = {dir, NULL};
    return run_dask_args(sched, args, chronicle, shards, out, err, hook, ctx);
}

/* The output of `chronicle ARGS`, its stderr into the file err. */
static char *chronicle_of(const char *args, const char *err)
{
    char cmd[4 * PATH_MAX];
    snprintf(cmd, sizeof cmd, "{ '%s' %s; } 2>'%s'", tu_bin(), args, err);
    char *out;
    cr_assert_eq(tu_run(cmd, &out, NULL), 0, "%s", cmd);
    cr_assert_not_null(out);
    return out;
}

/* `chronicle timeline DIR` into *out (and its stderr into the file err). */
static char *timeline(const char *dir, const char *err)
{
    char args[2 * PATH_MAX];
    snprintf(args, sizeof args, "timeline '%s'", dir);
    return chronicle_of(args, err);
}

static char *absolute(const char *p)
{
    char *r = realpath(p, NULL);
    cr_assert_not_null(r, "%s: %s", p, strerror(errno));
    return r;
}

static void check_same(const char *want, const char *got_file, const char *what)
{
    size_t n;
    char *got = tu_read(got_file, &n);
    cr_assert_not_null(got, "%s: no output", what);
    cr_assert_eq(n, strlen(want), "%s: %zu bytes, timeline %zu", what, n, strlen(want));
    cr_assert(memcmp(got, want, n) == 0, "%s: not the bytes of chronicle timeline", what);
    free(got);
}

/* A scheduler and two workers in a fresh folder (the test is skipped
 * without Dask); the scheduler's address, *chronicle the binary's path. */
static char *start_cluster(pid_t w[2], char **chronicle)
{
    if (!have_dask())
        cr_skip_test("python3-distributed is not installed (make deps installs it): "
                     "chronicle-dask was not tested");
    cr_assert_not_null(tmp = tu_tmpdir());
    char *sched = cluster(w);
    *chronicle = absolute(tu_bin());
    return sched;
}

Test(dask, same_bytes_as_timeline, .init = setup, .fini = teardown)
{
    pid_t w[2];
    char *chronicle = NULL;
    char *sched = start_cluster(w, &chronicle);
    char *out = path_in("out"), *err = path_in("err"), *terr = path_in("timeline.err");

    /* the fixtures, shard by shard */
    char *want = timeline("fixtures/corpus", terr);
    cr_assert_gt(strlen(want), 1000);
    cr_assert_eq(run_dask(sched, "fixtures/corpus", chronicle, "5", out, err, NULL, NULL), 0);
    check_same(want, out, "fixtures/corpus, 5 shards");
    free(want);

    /* b.txt shows no order of its own and is alone in its shard: it is
     * read in the order the whole folder shows (month first, from a.txt),
     * not day first; c.txt is reported, with its path as given */
    char *dir = path_in("orders");
    cr_assert_eq(mkdir(dir, 0755), 0);
    static const struct {
        const char *name, *text;
    } docs[] = {
        {"a.txt", "The city council approved the budget on 01/13/2019 after a long debate.\n"
                  "Officials said the vote on 01/20/2019 was final.\n"},
        {"b.txt", "The mayor resigned on 04/05/2019, officials said.\n"},
        /* UTF-8 with one damaged byte (Latin-1 text would be read) */
        {"c.txt", "Caf\xc3\xa9 M\xc3\xbcller opened on 03/02/2019 in Z\xc3\xbcrich, \xe9 then.\n"},
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%s/%s", dir, docs[i].name);
        cr_assert_eq(tu_write(p, docs[i].text, strlen(docs[i].text)), 0);
    }
    want = timeline(dir, terr);
    cr_assert_not_null(strstr(want, "\"2019-04-05\""), "timeline reads b.txt month first");
    cr_assert_eq(run_dask(sched, dir, chronicle, "3", out, err, NULL, NULL), 0);
    check_same(want, out, "three shards of one document");
    char *e1 = tu_read(terr, NULL), *e2 = tu_read(err, NULL);
    cr_assert_not_null(strstr(e1, "c.txt:47:"), "%s", e1);
    cr_assert_str_eq(e2, e1, "chronicle-dask reports differ from timeline's");
    free(e1);
    free(e2);
    free(want);
    free(dir);
    free(sched);
    free(chronicle);
    free(out);
    free(err);
    free(terr);
}

/* The worker to kill: the parent of the first extract (not a count) that
 * the wrapper recorded in marks/. */
struct killer {
    const char *marks;
    pid_t w[2];
    pid_t killed;
};

static void kill_a_worker(void *ctx)
{
    struct killer *k = ctx;
    if (k->killed)
        return;
    DIR *d = opendir(k->marks);
    if (d == NULL)
        return;
    struct dirent *de;
    while (k->killed == 0 && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || strstr(de->d_name, ".tmp") != NULL)
            continue;
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%s/%s", k->marks, de->d_name);
        char *s = tu_read(p, NULL);
        long parent;
        char verb[16], arg[32];
        if (s && sscanf(s, "%ld %15s %31s", &parent, verb, arg) == 3 &&
            strcmp(verb, "extract") == 0 && strcmp(arg, "--order-counts") != 0) {
            for (int i = 0; i < 2; i++)
                if (k->w[i] == (pid_t)parent) {
                    kill(k->w[i], SIGKILL);
                    k->killed = k->w[i];
                }
            cr_assert_neq(k->killed, 0, "extract ran under %ld, not a worker of this test",
                          parent);
        }
        free(s);
    }
    closedir(d);
}

static size_t count_extracts(const char *marks)
{
    DIR *d = opendir(marks);
    cr_assert_not_null(d);
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || strstr(de->d_name, ".tmp") != NULL)
            continue;
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%s/%s", marks, de->d_name);
        char *s = tu_read(p, NULL);
        if (s && strstr(s, " extract ") && !strstr(s, "--order-counts"))
            n++;
        free(s);
    }
    closedir(d);
    return n;
}

Test(dask, a_worker_killed_mid_job_changes_nothing, .init = setup, .fini = teardown)
{
    pid_t w[2];
    char *chronicle = NULL;
    char *sched = start_cluster(w, &chronicle);
    char *out = path_in("out"), *err = path_in("err"), *terr = path_in("timeline.err");
    char *marks = path_in("marks"), *wrapper = path_in("chronicle.sh");
    cr_assert_eq(mkdir(marks, 0755), 0);

    /* chronicle as the workers see it: records which process runs what,
     * and takes a second more over each extract, so that the kill lands
     * while one runs */
    char script[4 * PATH_MAX];
    int n = snprintf(script, sizeof script,
                     "#!/bin/sh\n"
                     "m='%s'/$$\n"
                     "echo \"$PPID $*\" > \"$m.tmp\" && mv \"$m.tmp\" \"$m\"\n"
                     "[ \"$1\" = extract ] && [ \"$2\" != --order-counts ] && sleep 1\n"
                     "exec '%s' \"$@\"\n",
                     marks, chronicle);
    cr_assert_lt((size_t)n, sizeof script);
    cr_assert_eq(tu_write(wrapper, script, (size_t)n), 0);
    cr_assert_eq(chmod(wrapper, 0755), 0);

    char *want = timeline("fixtures/corpus", terr);
    struct killer k = {marks, {w[0], w[1]}, 0};
    cr_assert_eq(run_dask(sched, "fixtures/corpus", wrapper, "5", out, err, kill_a_worker, &k), 0);
    cr_assert_neq(k.killed, 0, "no worker was killed: the job ended first");
    int st;
    cr_assert(exited(k.killed, &st) || (pause_ms(500), exited(k.killed, &st)),
              "the killed worker is still there");
    check_same(want, out, "a worker killed mid-job");
    /* the extract that was running on it ran again on the other */
    cr_assert_gt(count_extracts(marks), 5, "no extract task was run again");
    free(want);
    free(sched);
    free(chronicle);
    free(out);
    free(err);
    free(terr);
    free(marks);
    free(wrapper);
}

/* Writes text to tmp/name, making its folders. */
static void put(const char *name, const char *text)
{
    char *p = path_in(name);
    for (char *q = strchr(p + strlen(tmp) + 1, '/'); q != NULL; q = strchr(q + 1, '/')) {
        *q = '\0';
        cr_assert(mkdir(p, 0755) == 0 || errno == EEXIST, "mkdir %s: %s", p, strerror(errno));
        *q = '/';
    }
    cr_assert_eq(tu_write(p, text, strlen(text)), 0);
    free(p);
}

static void check_file_same(const char *want_file, const char *got_file, const char *what)
{
    char *want = tu_read(want_file, NULL), *got = tu_read(got_file, NULL);
    cr_assert(want != NULL && got != NULL, "%s", what);
    cr_expect_str_eq(got, want, "%s: stderr differs", what);
    free(want);
    free(got);
}

/* A folder of folders: the documents of the subfolders are read and named
 * by their path below the folder, as `chronicle timeline` names them
 * (a.txt and sub/a.txt are two documents); hidden and version-control
 * folders, links to folders, sidecars and backups are not read; a damaged
 * file deep down is reported with its path as timeline reports it.
 * --no-recurse reads the top folder's own files only, and several folders
 * give `chronicle extract DIR... | chronicle merge`. */
Test(dask, subfolders_as_timeline, .init = setup, .fini = teardown)
{
    pid_t w[2];
    char *chronicle = NULL;
    char *sched = start_cluster(w, &chronicle);
    char *out = path_in("out"), *err = path_in("err"), *terr = path_in("timeline.err");
    static const struct {
        const char *name, *text;
    } docs[] = {
        {"c/a.txt", "The city council approved the budget on 13 January 2019.\n"},
        {"c/a.txt.meta.json", "{\"title\": \"Budget minutes\"}\n"},
        {"c/a.txt~", "The council met on 1 January 2001.\n"},
        {"c/sub/a.txt", "The harbour board banned night flights on 4 March 2019.\n"},
        {"c/sub/deeper/b.txt", "The mayor resigned on 5 April 2019, officials said.\n"},
        {"c/sub/deeper/bad.txt", "Caf\xc3\xa9 M\xc3\xbcller opened on 3 March 2019, \xe9 then.\n"},
        {"c/two/a.txt", "The airline sued the board on 6 May 2019.\n"},
        {"c/.hidden/x.txt", "The hidden council met on 2 February 2002.\n"},
        {"c/.chronicle/x.txt", "The state folder met on 3 March 2003.\n"},
        {"c/CVS/x.txt", "The CVS council met on 4 April 2004.\n"},
        {"c/_darcs/x.txt", "The darcs council met on 5 May 2005.\n"},
        {"outside/x.txt", "The outside council met on 6 June 2006.\n"},
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
        put(docs[i].name, docs[i].text);
    char *c = path_in("c"), *outside = path_in("outside"), *link = path_in("c/linked");
    cr_assert_eq(symlink(outside, link), 0);

    char *want = timeline(c, terr);
    static const char *const seen[] = {"\"doc\":\"a.txt\"", "\"doc\":\"sub/a.txt\"",
                                       "\"doc\":\"sub/deeper/b.txt\"", "\"doc\":\"two/a.txt\""};
    for (size_t i = 0; i < sizeof seen / sizeof seen[0]; i++)
        cr_assert_not_null(strstr(want, seen[i]), "timeline lacks %s", seen[i]);
    cr_assert_null(strstr(want, "a.txt~"), "a backup was read");
    cr_assert_null(strstr(want, "x.txt"), "a skipped folder or a link to one was read");
    char *e1 = tu_read(terr, NULL);
    cr_assert_not_null(strstr(e1, "sub/deeper/bad.txt:"), "%s", e1);
    free(e1);
    cr_assert_eq(run_dask(sched, c, chronicle, "3", out, err, NULL, NULL), 0);
    check_same(want, out, "a folder of folders, 3 shards");
    check_file_same(terr, err, "a folder of folders");
    free(want);

    /* --no-recurse: the top folder's own files */
    char args[4 * PATH_MAX];
    snprintf(args, sizeof args, "timeline --no-recurse '%s'", c);
    want = chronicle_of(args, terr);
    cr_assert_null(strstr(want, "sub/"));
    const char *flat[] = {c, "--no-recurse", NULL};
    cr_assert_eq(run_dask_args(sched, flat, chronicle, "2", out, err, NULL, NULL), 0);
    check_same(want, out, "--no-recurse");
    free(want);

    /* --encoding: 8-bit text read in the charset given, as timeline reads
     * it (0xE6 is "æ" in the Latin charsets guessed, "Ф" in KOI8-R) */
    put("enc/e.txt", "The \xe6 council approved the budget on 13 January 2019.\n");
    char *enc = path_in("enc");
    snprintf(args, sizeof args, "timeline --encoding KOI8-R '%s'", enc);
    want = chronicle_of(args, terr);
    cr_assert_not_null(strstr(want, "\xd0\xa4 council"), "%s", want);
    const char *koi[] = {enc, "--encoding", "KOI8-R", NULL};
    cr_assert_eq(run_dask_args(sched, koi, chronicle, "1", out, err, NULL, NULL), 0);
    check_same(want, out, "--encoding KOI8-R");
    free(want);
    free(enc);

    /* two folders that both hold a.txt: named below the folder above them */
    char *sub = path_in("c/sub"), *two = path_in("c/two");
    snprintf(args, sizeof args, "extract '%s' '%s' | '%s' merge", sub, two, tu_bin());
    want = chronicle_of(args, terr);
    cr_assert_not_null(strstr(want, "\"doc\":\"sub/a.txt\""), "%s", want);
    cr_assert_not_null(strstr(want, "\"doc\":\"two/a.txt\""), "%s", want);
    const char *both[] = {sub, two, NULL};
    cr_assert_eq(run_dask_args(sched, both, chronicle, "3", out, err, NULL, NULL), 0);
    check_same(want, out, "two folders");
    free(want);

    free(c);
    free(outside);
    free(link);
    free(sub);
    free(two);
    free(sched);
    free(chronicle);
    free(out);
    free(err);
    free(terr);
}
