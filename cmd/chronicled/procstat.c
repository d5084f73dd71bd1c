/* procstat.c - the process and the build, as /metrics and --version show
 * them. */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "chronicle/buildinfo.h"
#include "procstat.h"

struct text {
    char *p;
    size_t len, cap;
    int full;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct text *t, const char *fmt, ...)
{
    if (t->full)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= t->cap - t->len) {
        t->full = 1;
        return;
    }
    t->len += (size_t)n;
}

/* A label value as the text format wants it: backslash, quote and line
 * feed escaped.  Versions are plain, but they come from outside. */
static void put_label(struct text *t, const char *sep, const char *name, const char *value)
{
    put(t, "%s%s=\"", sep, name);
    for (const char *p = value; *p != '\0'; p++) {
        if (*p == '\\' || *p == '"')
            put(t, "\\%c", *p);
        else if (*p == '\n')
            put(t, "\\n");
        else
            put(t, "%c", *p);
    }
    put(t, "\"");
}

/* What /proc/self/stat says that getrusage does not: start time (clock
 * ticks after boot), virtual size (bytes) and resident pages.  0 or -1
 * (no /proc). */
static int self_stat(unsigned long long *start, unsigned long long *vsize, long long *rss)
{
    char buf[1024];
    FILE *f = fopen("/proc/self/stat", "re");
    if (f == NULL)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* the command name, in parentheses, may hold spaces and parentheses
     * itself: the fields are counted from the last ')' on (field 3) */
    const char *p = strrchr(buf, ')');
    if (p == NULL)
        return -1;
    p++;
    for (int field = 3; field < 22; field++) {
        p = strchr(p + 1, ' ');
        if (p == NULL)
            return -1;
    }
    return sscanf(p, " %llu %llu %lld", start, vsize, rss) == 3 ? 0 : -1;
}

/* The descriptors open, not counting the one that lists them; -1 without
 * /proc. */
static long open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (d == NULL)
        return -1;
    long n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    closedir(d);
    return n - 1;
}

static double seconds(const struct timespec *ts)
{
    return (double)ts->tv_sec + (double)ts->tv_nsec / 1e9;
}

static void process_series(struct text *t)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0) {
        double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                     (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
        put(t, "# HELP process_cpu_seconds_total User and system CPU time spent, in seconds.\n"
               "# TYPE process_cpu_seconds_total counter\n"
               "process_cpu_seconds_total %.3f\n", cpu);
    }
    unsigned long long start, vsize;
    long long rss;
    long page = sysconf(_SC_PAGESIZE), tick = sysconf(_SC_CLK_TCK);
    if (self_stat(&start, &vsize, &rss) == 0 && page > 0 && tick > 0) {
        put(t, "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
               "# TYPE process_resident_memory_bytes gauge\n"
               "process_resident_memory_bytes %lld\n"
               "# HELP process_virtual_memory_bytes Virtual memory size in bytes.\n"
               "# TYPE process_virtual_memory_bytes gauge\n"
               "process_virtual_memory_bytes %llu\n",
            rss * (long long)page, vsize);
        /* The start is counted on the boot clock; the wall clock minus
         * the boot clock is when the machine booted. */
        struct timespec wall, boot;
        if (clock_gettime(CLOCK_REALTIME, &wall) == 0 &&
            clock_gettime(CLOCK_BOOTTIME, &boot) == 0)
            put(t, "# HELP process_start_time_seconds Start time of the process since the "
                   "Unix epoch, in seconds.\n"
                   "# TYPE process_start_time_seconds gauge\n"
                   "process_start_time_seconds %.2f\n",
                seconds(&wall) - seconds(&boot) + (double)start / (double)tick);
    }
    long fds = open_fds();
    if (fds >= 0)
        put(t, "# HELP process_open_fds Number of open file descriptors.\n"
               "# TYPE process_open_fds gauge\n"
               "process_open_fds %ld\n", fds);
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        put(t, "# HELP process_max_fds Maximum number of open file descriptors.\n"
               "# TYPE process_max_fds gauge\n"
               "process_max_fds %llu\n", (unsigned long long)rl.rlim_cur);
}

size_t procstat_metrics(char *buf, size_t cap)
{
    if (cap == 0)
        return 0;
    struct text t = {buf, 0, cap, 0};
    buf[0] = '\0';
    process_series(&t);
    put(&t, "# HELP chronicle_build_info The version of chronicled and of the libraries it "
            "runs with; always 1.\n"
            "# TYPE chronicle_build_info gauge\n"
            "chronicle_build_info");
    put_label(&t, "{", "version", chr_build_version());
    put_label(&t, ",", "libevent", event_get_version());
    for (unsigned i = 0; i < CHR_BUILD_LIBRARIES; i++) {
        char ver[64];
        const char *name = chr_build_library(i, ver, sizeof ver);
        put_label(&t, ",", name, ver);
    }
    put(&t, "} 1\n");
    if (t.full) {
        buf[0] = '\0';
        return 0;
    }
    return t.len;
}

int procstat_version(FILE *f)
{
    fprintf(f, "chronicled %s\nlibevent %s", chr_build_version(), event_get_version());
    for (unsigned i = 0; i < CHR_BUILD_LIBRARIES; i++) {
        char ver[64];
        const char *name = chr_build_library(i, ver, sizeof ver);
        fprintf(f, ", %s %s", name, ver);
    }
    fputc('\n', f);
    return ferror(f) || fflush(f) != 0 ? -1 : 0;
}
