/* test_install.c - chronicle as a package: `make install` into a DESTDIR
 * and `make uninstall`, --version, the manual pages (rendered, and in step
 * with --help both ways), the systemd unit, and `make dist`.
 *
 * Runs `make` from the repository root with the build folder of the run
 * (CHRONICLE_BUILD, default build); the version expected is
 * CHRONICLE_VERSION, which `make test` sets, or `make version`. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

/* The test's own `make` runs, free of the make that runs the tests (its
 * job server and flags). */
#define MAKE "env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory"

static const char *build_dir(void)
{
    const char *b = getenv("CHRONICLE_BUILD");
    return b != NULL && *b != '\0' ? b : "build";
}

static int have(const char *command)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", command);
    return system(cmd) == 0;
}

/* The chronicle-dask under test: CHRONICLE_DASK (the build's, which `make
 * test` names), else the script in the tree. */
static const char *dask_bin(void)
{
    const char *d = getenv("CHRONICLE_DASK");
    return d != NULL && *d != '\0' ? d : "cmd/chronicle-dask/chronicle-dask";
}

/* The version this tree builds as: CHRONICLE_VERSION (set by `make
 * test`), else what `make version` says; into buf. */
static const char *expected_version(char *buf, size_t cap)
{
    const char *v = getenv("CHRONICLE_VERSION");
    if (v != NULL && *v != '\0') {
        snprintf(buf, cap, "%s", v);
        return buf;
    }
    char *out = NULL;
    cr_assert_eq(tu_run(MAKE " version", &out, NULL), 0);
    cr_assert(out != NULL && out[0] != '\0' && out[0] != '\n');
    snprintf(buf, cap, "%.*s", (int)strcspn(out, "\n"), out);
    free(out);
    return buf;
}

/* ---- options: what --help prints and what the manual describes ---- */

#define MAX_OPTS 64

struct opts {
    char name[MAX_OPTS][40];
    size_t n;
};

static void opts_add(struct opts *o, const char *p, size_t len)
{
    if (len == 0 || len >= sizeof o->name[0])
        return;
    for (size_t i = 0; i < o->n; i++)
        if (strlen(o->name[i]) == len && memcmp(o->name[i], p, len) == 0)
            return;
    cr_assert_lt(o->n, MAX_OPTS, "too many options");
    memcpy(o->name[o->n], p, len);
    o->name[o->n][len] = '\0';
    o->n++;
}

static int opts_has(const struct opts *o, const char *name)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->name[i], name) == 0)
            return 1;
    return 0;
}

/* The options in help text: "-x" or "--name" at the start of a word
 * (after a space, a bracket, a bar, a comma or a quote). */
static void options_of_help(struct opts *o, const char *text)
{
    for (const char *p = text; *p != '\0'; p++) {
        if (*p != '-')
            continue;
        char before = p == text ? ' ' : p[-1];
        if (!strchr(" \t\n[(|,'", before))
            continue;
        const char *q = p + (p[1] == '-' ? 2 : 1);
        if (!islower((unsigned char)*q))
            continue;
        while (islower((unsigned char)*q) || isdigit((unsigned char)*q) || *q == '-')
            q++;
        opts_add(o, p, (size_t)(q - p));
        p = q - 1;
    }
}

/* A macro name of mdoc (Fl, Ar, Cm, Op, Ns...). */
static int is_macro(const char *w)
{
    size_t n = strlen(w);
    return n >= 2 && n <= 3 && isupper((unsigned char)w[0]) && islower((unsigned char)w[1]) &&
           (n == 2 || islower((unsigned char)w[2]));
}

/* The options a manual page describes: the arguments of every Fl macro
 * ("Fl -listen" is --listen, "Fl o" is -o, "Fl h | -help" both), and the
 * subcommands, the arguments of ".It Cm" lines. */
static void options_of_page(struct opts *o, struct opts *cmds, const char *page)
{
    char line[1024];
    for (const char *p = page; *p != '\0';) {
        size_t n = strcspn(p, "\n");
        snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
        p += n + (p[n] == '\n');
        if (line[0] != '.' || strncmp(line, ".\\\"", 3) == 0)
            continue;
        if (cmds != NULL && strncmp(line, ".It Cm ", 7) == 0)
            opts_add(cmds, line + 7, strcspn(line + 7, " "));
        int in_fl = 0;
        for (char *save = NULL, *w = strtok_r(line + 1, " \t", &save); w != NULL;
             w = strtok_r(NULL, " \t", &save)) {
            if (is_macro(w)) {
                in_fl = strcmp(w, "Fl") == 0;
                continue;
            }
            if (!in_fl || strchr("|,.;:()[]", w[0]) != NULL)
                continue;
            char opt[48];
            snprintf(opt, sizeof opt, "-%s", w);
            opts_add(o, opt, strlen(opt));
        }
    }
}

/* Every name of a in b; the missing ones listed in what. */
static void expect_subset(const struct opts *a, const struct opts *b, const char *what)
{
    for (size_t i = 0; i < a->n; i++)
        cr_expect(opts_has(b, a->name[i]), "%s: %s", what, a->name[i]);
}

static char *output_of(const char *fmt, const char *arg)
{
    char cmd[1024], *out = NULL;
    snprintf(cmd, sizeof cmd, fmt, arg);
    int st = tu_run(cmd, &out, NULL);
    cr_assert_eq(st, 0, "'%s' exited %d", cmd, st);
    cr_assert_not_null(out);
    return out;
}

Test(man, chronicle_page_matches_every_help)
{
    struct opts help = {0}, page = {0}, cmds = {0}, listed = {0};
    char *top = output_of("%s --help", tu_bin());
    options_of_help(&help, top);
    /* the commands: "  name  summary" lines after "commands:" */
    const char *p = strstr(top, "commands:\n");
    cr_assert_not_null(p, "%s", top);
    for (p += 10; strncmp(p, "  ", 2) == 0 && islower((unsigned char)p[2]); p = strchr(p, '\n') + 1) {
        opts_add(&listed, p + 2, strcspn(p + 2, " "));
        char cmd[256];
        snprintf(cmd, sizeof cmd, "%%s %s --help", listed.name[listed.n - 1]);
        char *sub = output_of(cmd, tu_bin());
        options_of_help(&help, sub);
        free(sub);
    }
    free(top);
    cr_assert_geq(listed.n, 7, "commands in --help: %zu", listed.n);
    char *src = tu_read("cmd/chronicle/chronicle.1", NULL);
    cr_assert_not_null(src);
    options_of_page(&page, &cmds, src);
    free(src);
    cr_assert(opts_has(&help, "--version") && opts_has(&help, "--dct"), "options: %zu", help.n);
    expect_subset(&help, &page, "in --help, not in chronicle.1");
    expect_subset(&page, &help, "in chronicle.1, not in --help");
    expect_subset(&listed, &cmds, "command in --help, not in chronicle.1");
    expect_subset(&cmds, &listed, "command in chronicle.1, not in --help");
}

Test(man, chronicled_page_matches_help)
{
    struct opts help = {0}, page = {0};
    char *out = output_of("%s --help", getenv("CHRONICLED_BIN") ? getenv("CHRONICLED_BIN")
                                                                : "build/san/chronicled");
    options_of_help(&help, out);
    free(out);
    char *src = tu_read("cmd/chronicled/chronicled.8", NULL);
    cr_assert_not_null(src);
    options_of_page(&page, NULL, src);
    free(src);
    cr_assert(opts_has(&help, "--listen") && opts_has(&help, "--version"), "options: %zu", help.n);
    expect_subset(&help, &page, "in chronicled --help, not in chronicled.8");
    expect_subset(&page, &help, "in chronicled.8, not in chronicled --help");
}

Test(man, chronicle_dask_page_matches_help)
{
    struct opts page = {0};
    char *src = tu_read("cmd/chronicle-dask/chronicle-dask.1", NULL);
    cr_assert_not_null(src);
    options_of_page(&page, NULL, src);
    free(src);
    cr_assert(opts_has(&page, "--scheduler") && opts_has(&page, "--shards"));
    struct opts help = {0};
    char *out = output_of("%s --help", dask_bin());
    options_of_help(&help, out);
    free(out);
    cr_assert(opts_has(&help, "--scheduler") && opts_has(&help, "--version"), "options: %zu",
              help.n);
    expect_subset(&help, &page, "in chronicle-dask --help, not in chronicle-dask.1");
    expect_subset(&page, &help, "in chronicle-dask.1, not in chronicle-dask --help");
}

/* The rule the option readers above follow, on text they must read right. */
Test(man, option_readers_read_what_people_read)
{
    struct opts h = {0}, m = {0};
    options_of_help(&h, "usage: x [-o|--output FILE] [--date-order dmy|mdy] YYYY-MM-DD\n"
                        "  (+), removed (-), old -> new, non-hidden 'x --help'\n");
    cr_expect_eq(h.n, 4);
    cr_expect(opts_has(&h, "-o") && opts_has(&h, "--output") && opts_has(&h, "--date-order") &&
              opts_has(&h, "--help"));
    options_of_page(&m, NULL, ".Op Fl o | -output Ar FILE\n.It Fl h , Fl -help\n"
                              ".Fl -poll Ns =30 .\n.\\\" Fl -comment\nplain -text\n");
    cr_expect_eq(m.n, 5);
    cr_expect(opts_has(&m, "-o") && opts_has(&m, "--output") && opts_has(&m, "-h") &&
              opts_has(&m, "--help") && opts_has(&m, "--poll"));
}

/* Each page renders with man(1) and groff says nothing about it. */
Test(man, pages_render_without_warnings)
{
    if (!have("man") || !have("groff"))
        cr_skip_test("man or groff is not installed (`make test-deps` installs man-db and "
                     "groff-base): pages not rendered");
    static const char *const pages[] = {"cmd/chronicle/chronicle.1", "cmd/chronicled/chronicled.8",
                                        "cmd/chronicle-dask/chronicle-dask.1"};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        char *out = output_of("MANWIDTH=80 MAN_KEEP_FORMATTING= man -l %s 2>&1", pages[i]);
        cr_expect(strstr(out, "NAME") && strstr(out, "SYNOPSIS") && strstr(out, "SEE ALSO"),
                  "%s renders as: %.400s", pages[i], out);
        free(out);
        char *warn = output_of("groff -mdoc -ww -z -Tutf8 %s 2>&1", pages[i]);
        cr_expect_str_eq(warn, "", "%s: %s", pages[i], warn);
        free(warn);
    }
}

/* ---- make install / uninstall ---- */

/* A `make` that builds what is missing may take minutes; never more than
 * ten.  (Not Criterion's .timeout: it leaks in the runner under
 * LeakSanitizer.) */
static void limited(void)
{
    alarm(600);
}

static void expect_file(const char *root, const char *rel, mode_t mode)
{
    char p[1024];
    snprintf(p, sizeof p, "%s%s", root, rel);
    struct stat st;
    cr_expect_eq(stat(p, &st), 0, "not installed: %s", rel);
    cr_expect(S_ISREG(st.st_mode) && (st.st_mode & 07777) == mode, "%s: mode %o, want %o", rel,
              (unsigned)(st.st_mode & 07777), (unsigned)mode);
}

/* The version lines of an installed program. */
static void expect_version(const char *root, const char *prog, const char *version,
                           const char *const *libs)
{
    char cmd[1024], first[256];
    snprintf(cmd, sizeof cmd, "%s/usr/bin/%s", root, prog);
    char *out = output_of("%s --version", cmd);
    snprintf(first, sizeof first, "%s %s\n", prog, version);
    cr_expect(strncmp(out, first, strlen(first)) == 0, "'%s --version': %s", prog, out);
    for (size_t i = 0; libs[i] != NULL; i++) {
        char lib[64];
        snprintf(lib, sizeof lib, "%s ", libs[i]);
        const char *at = strstr(out, lib);
        cr_expect(at != NULL && isdigit((unsigned char)at[strlen(lib)]),
                  "'%s --version' names no %s version: %s", prog, libs[i], out);
    }
    free(out);
}

static void verify_unit(const char *root)
{
    if (!have("systemd-analyze")) {
        cr_log_warn("systemd-analyze is not installed: chronicled.service not verified");
        return;
    }
    /* verify wants ExecStart to exist: a copy whose paths lead into the
     * DESTDIR, and MANPATH there for Documentation=man:chronicled(8) */
    char unit[1024], copy[1024], cmd[4096];
    snprintf(unit, sizeof unit, "%s/usr/lib/systemd/system/chronicled.service", root);
    snprintf(copy, sizeof copy, "%s/chronicled.service", root);
    snprintf(cmd, sizeof cmd,
             "sed 's|=/usr/bin/|=%s/usr/bin/|' '%s' > '%s' && "
             "MANPATH='%s/usr/share/man' SYSTEMD_LOG_COLOR=0 systemd-analyze verify '%s' 2>&1",
             root, unit, copy, root, copy);
    char *out = NULL;
    int st = tu_run(cmd, &out, NULL);
    cr_expect(st == 0 && out != NULL && out[0] == '\0',
              "systemd-analyze verify: exit %d: %s", st, out ? out : "");
    free(out);
    unlink(copy);
}

Test(install, destdir_tree_runs_and_uninstalls, .init = limited)
{
    char *root = tu_tmpdir();
    cr_assert_not_null(root);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, MAKE " BUILD='%s' DESTDIR='%s' PREFIX=/usr install 2>&1",
             build_dir(), root);
    char *out = NULL;
    int st = tu_run(cmd, &out, NULL);
    cr_assert_eq(st, 0, "make install: %s", out ? out : "");
    free(out);

    /* the tree: these files and nothing else (the page is in the binary) */
    const char *const files[] = {
        "/usr/bin/chronicle", "/usr/bin/chronicled", "/usr/share/man/man1/chronicle.1",
        "/usr/share/man/man8/chronicled.8", "/usr/lib/systemd/system/chronicled.service",
        "/usr/bin/chronicle-dask", "/usr/share/man/man1/chronicle-dask.1"};
    const mode_t modes[] = {0755, 0755, 0644, 0644, 0644, 0755, 0644};
    size_t want = sizeof files / sizeof files[0];
    for (size_t i = 0; i < want; i++)
        expect_file(root, files[i], modes[i]);
    snprintf(cmd, sizeof cmd, "find '%s' -type f | wc -l", root);
    char *count = NULL;
    cr_assert_eq(tu_run(cmd, &count, NULL), 0);
    cr_expect_eq(strtoul(count, NULL, 10), want, "files installed: %s", count);
    free(count);

    char version[128];
    expected_version(version, sizeof version);
    expect_version(root, "chronicle", version,
                   (const char *const[]){"jansson", "libical", "zlib", NULL});
    expect_version(root, "chronicled", version,
                   (const char *const[]){"libevent", "jansson", "libical", "zlib", NULL});
    expect_version(root, "chronicle-dask", version, (const char *const[]){NULL});

    /* the pages as installed render */
    if (have("man")) {
        snprintf(cmd, sizeof cmd, "MANWIDTH=80 man -l '%s/usr/share/man/man8/chronicled.8'",
                 root);
        char *page = NULL;
        cr_expect_eq(tu_run(cmd, &page, NULL), 0);
        cr_expect(page != NULL && strstr(page, "chronicled") && strstr(page, "--listen"), "%s",
                  page ? page : "");
        free(page);
    }

    /* the unit: the installed path, reload by SIGHUP, the hardening */
    char unit[1024];
    snprintf(unit, sizeof unit, "%s/usr/lib/systemd/system/chronicled.service", root);
    char *u = tu_read(unit, NULL);
    cr_assert_not_null(u);
    static const char *const lines[] = {
        "\nExecStart=/usr/bin/chronicled --listen ${LISTEN} --corpus ${CORPUS} --state /var/lib/chronicled",
        "\nExecReload=/bin/kill -HUP $MAINPID\n", "\nDynamicUser=yes\n",
        "\nStateDirectory=chronicled\n", "\nProtectSystem=strict\n", "\nNoNewPrivileges=yes\n",
        "\nPrivateTmp=yes\n", "\nRestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK\n",
        "\nCapabilityBoundingSet=\n", "\nWantedBy=multi-user.target\n",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        cr_expect(strstr(u, lines[i]) != NULL, "chronicled.service lacks %s", lines[i] + 1);
    cr_expect(strstr(u, "@BINDIR@") == NULL, "a placeholder left in the unit");
    free(u);
    verify_unit(root);

    snprintf(cmd, sizeof cmd, MAKE " BUILD='%s' DESTDIR='%s' PREFIX=/usr uninstall 2>&1",
             build_dir(), root);
    st = tu_run(cmd, &out, NULL);
    cr_expect_eq(st, 0, "make uninstall: %s", out ? out : "");
    free(out);
    snprintf(cmd, sizeof cmd, "find '%s' ! -type d", root);
    char *left = NULL;
    cr_assert_eq(tu_run(cmd, &left, NULL), 0);
    cr_expect_str_eq(left, "", "left after make uninstall: %s", left);
    free(left);
    cr_assert_eq(tu_rmtree(root), 0);
    free(root);
}

/* ---- make dist ---- */

Test(install, dist_tarball_holds_the_tree_and_its_version, .init = limited)
{
    char *dir = tu_tmpdir();
    cr_assert_not_null(dir);
    char version[128], cmd[2048];
    expected_version(version, sizeof version);
    snprintf(cmd, sizeof cmd, MAKE " BUILD='%s' DISTDIR='%s' dist 2>&1", build_dir(), dir);
    char *out = NULL;
    int st = tu_run(cmd, &out, NULL);
    cr_assert_eq(st, 0, "make dist: %s", out ? out : "");
    free(out);

    char tarball[1024], top[160];
    snprintf(tarball, sizeof tarball, "%s/chronicle-%s.tar.gz", dir, version);
    snprintf(top, sizeof top, "chronicle-%s/", version);
    cr_assert_eq(access(tarball, R_OK), 0, "no %s", tarball);
    snprintf(cmd, sizeof cmd, "tar -tzf '%s'", tarball);
    char *list = NULL;
    cr_assert_eq(tu_run(cmd, &list, NULL), 0);
    static const char *const must[] = {
        "VERSION", "Makefile", "README.md", ".ci/run", "cmd/chronicle/chronicle.1",
        "cmd/chronicled/chronicled.8", "cmd/chronicle-dask/chronicle-dask.1",
        "cmd/chronicled/chronicled.service.in", "cmd/chronicled/procstat.c",
        "core/render/buildinfo.c", "include/chronicle/buildinfo.h", "tests/cmd/test_install.c",
        "tests/js/package-lock.json", "fixtures/corpus/000_b7a122fea373ab79.txt",
    };
    char *nl = malloc(strlen(list) + 2);
    cr_assert_not_null(nl);
    nl[0] = '\n';
    strcpy(nl + 1, list);
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++) {
        char line[512];
        snprintf(line, sizeof line, "\n%s%s\n", top, must[i]);
        cr_expect(strstr(nl, line) != NULL, "the tarball lacks %s", must[i]);
    }
    free(nl);
    /* one folder, and nothing built or fetched */
    size_t files = 0;
    for (const char *p = list; *p != '\0';) {
        size_t len = strcspn(p, "\n");
        cr_expect(strncmp(p, top, strlen(top)) == 0, "outside %s: %.*s", top, (int)len, p);
        char entry[512];
        snprintf(entry, sizeof entry, "%.*s", (int)len, p);
        const char *rel = entry + strlen(top);
        cr_expect(strncmp(rel, "build/", 6) != 0 && strncmp(rel, ".git/", 5) != 0 &&
                      strstr(rel, "node_modules") == NULL,
                  "should not be in the tarball: %s", entry);
        files += len > 0 && p[len - 1] != '/';
        p += len + (p[len] == '\n');
    }
    /* in a git checkout: every file git tracks, and VERSION */
    if (system("git rev-parse --is-inside-work-tree >/dev/null 2>&1") == 0) {
        char *n = NULL;
        cr_assert_eq(tu_run("git ls-files | wc -l", &n, NULL), 0);
        cr_expect_eq(files, strtoul(n, NULL, 10) + 1, "%zu files in the tarball, git has %s",
                     files, n);
        free(n);
    }
    free(list);
    snprintf(cmd, sizeof cmd, "tar -xzOf '%s' '%sVERSION'", tarball, top);
    char *v = NULL;
    cr_assert_eq(tu_run(cmd, &v, NULL), 0);
    char want[160];
    snprintf(want, sizeof want, "%s\n", version);
    cr_expect_str_eq(v, want);
    free(v);
    cr_assert_eq(tu_rmtree(dir), 0);
    free(dir);
}
