/* log.c - stderr lines through a double buffer and a writer thread. */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "log.h"

/* Big enough for bursts of access lines; a stuck stderr costs lines,
 * never loop time. */
#define LOG_BUF (256u * 1024u)
#define LINE_MAX_BYTES 2048u

static struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    int running, stop, writing;
    char bufs[2][LOG_BUF];
    size_t fill;                /* bytes in bufs[cur] */
    int cur;
    uint64_t dropped;
} lg = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static void write_all(const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDERR_FILENO, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;             /* stderr is gone: nothing left to tell */
        p += w;
        n -= (size_t)w;
    }
}

static void *writer(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lg.mu);
    for (;;) {
        while (lg.fill == 0 && !lg.stop)
            pthread_cond_wait(&lg.cv, &lg.mu);
        if (lg.fill == 0 && lg.stop)
            break;
        int mine = lg.cur;
        size_t n = lg.fill;
        lg.cur = 1 - lg.cur;
        lg.fill = 0;
        lg.writing = 1;
        pthread_mutex_unlock(&lg.mu);
        write_all(lg.bufs[mine], n);
        pthread_mutex_lock(&lg.mu);
        lg.writing = 0;
        pthread_cond_broadcast(&lg.cv);
    }
    pthread_mutex_unlock(&lg.mu);
    return NULL;
}

int log_start(void)
{
    if (pthread_create(&lg.thread, NULL, writer, NULL) != 0)
        return -1;
    lg.running = 1;
    return 0;
}

void log_stop(void)
{
    if (!lg.running)
        return;
    pthread_mutex_lock(&lg.mu);
    lg.stop = 1;
    pthread_cond_signal(&lg.cv);
    pthread_mutex_unlock(&lg.mu);
    pthread_join(lg.thread, NULL);
    lg.running = 0;
    if (lg.dropped > 0) {
        char line[96];
        int n = snprintf(line, sizeof line, "chronicled: %llu log lines "
                         "dropped\n", (unsigned long long)lg.dropped);
        write_all(line, (size_t)n);
    }
}

void log_flush_for_exit(int ms)
{
    if (!lg.running)
        return;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&lg.mu);
    pthread_cond_broadcast(&lg.cv);
    while ((lg.fill > 0 || lg.writing) &&
           pthread_cond_timedwait(&lg.cv, &lg.mu, &until) == 0)
        ;
    pthread_mutex_unlock(&lg.mu);
}

uint64_t log_dropped(void)
{
    pthread_mutex_lock(&lg.mu);
    uint64_t d = lg.dropped;
    pthread_mutex_unlock(&lg.mu);
    return d;
}

static void emit(const char *line, size_t n)
{
    if (!lg.running) {          /* before start or after stop: directly */
        write_all(line, n);
        return;
    }
    pthread_mutex_lock(&lg.mu);
    if (lg.fill + n <= LOG_BUF) {
        memcpy(lg.bufs[lg.cur] + lg.fill, line, n);
        lg.fill += n;
        /* broadcast: log_flush_for_exit may wait on the same condition */
        pthread_cond_broadcast(&lg.cv);
    } else {
        lg.dropped++;
    }
    pthread_mutex_unlock(&lg.mu);
}

/* "2019-03-06T12:00:00.123Z " */
static size_t stamp(char *buf, size_t cap)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(buf, cap, "%Y-%m-%dT%H:%M:%S", &tm);
    int k = snprintf(buf + n, cap - n, ".%03ldZ ", ts.tv_nsec / 1000000L);
    return n + (k > 0 ? (size_t)k : 0);
}

void log_line(const char *level, const char *fmt, ...)
{
    char line[LINE_MAX_BYTES];
    size_t n = stamp(line, sizeof line);
    int k = snprintf(line + n, sizeof line - n, "%s ", level);
    if (k > 0)
        n += (size_t)k;
    va_list ap;
    va_start(ap, fmt);
    k = vsnprintf(line + n, sizeof line - n, fmt, ap);
    va_end(ap);
    if (k > 0)
        n += (size_t)k;
    if (n > sizeof line - 2)
        n = sizeof line - 2;
    line[n++] = '\n';
    emit(line, n);
}

size_t log_escape(char *dst, size_t cap, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    if (cap == 0)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
            if (o + 1 >= cap)
                break;
            dst[o++] = (char)c;
        } else {
            if (o + 4 >= cap)
                break;
            dst[o++] = '\\';
            dst[o++] = 'x';
            dst[o++] = hex[c >> 4];
            dst[o++] = hex[c & 15];
        }
    }
    dst[o] = '\0';
    return o;
}

void log_access(const char *method, const char *path, int status,
                size_t bytes, double seconds)
{
    char esc[1024];
    log_escape(esc, sizeof esc, path, strlen(path));
    log_line("access", "method=%s path=\"%s\" status=%d bytes=%zu ms=%.3f",
             method, esc, status, bytes, seconds * 1000.0);
}

/* libevent's messages per second that get a line; it warns once per
 * failed call, so a failure that repeats would flood the log. */
#define LIBEVENT_LINES_PER_S 10

void log_libevent(int severity, const char *msg)
{
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    static time_t window;
    static unsigned used;
    time_t now = time(NULL);
    pthread_mutex_lock(&mu);
    if (now != window) {
        window = now;
        used = 0;
    }
    int keep = used++ < LIBEVENT_LINES_PER_S;
    pthread_mutex_unlock(&mu);
    if (!keep) {
        pthread_mutex_lock(&lg.mu);
        lg.dropped++;
        pthread_mutex_unlock(&lg.mu);
        return;
    }
    const char *level = severity >= EVENT_LOG_ERR ? "error"
                        : severity == EVENT_LOG_WARN ? "warn"
                        : severity == EVENT_LOG_MSG ? "info" : "debug";
    char esc[600];
    log_escape(esc, sizeof esc, msg, strlen(msg));
    log_line(level, "libevent: \"%s\"", esc);
}

void log_report_file(void *ctx, const chr_error *e)
{
    char file[600], msg[400];
    (void)ctx;
    log_escape(file, sizeof file, e->file, strlen(e->file));
    log_escape(msg, sizeof msg, e->msg, strlen(e->msg));
    if (e->offset == CHR_NO_OFFSET)
        log_line("warn", "file left out file=\"%s\" error=\"%s: %s\"", file,
                 chr_status_str(e->code), msg);
    else
        log_line("warn", "file left out file=\"%s\" offset=%zu error=\"%s: %s\"",
                 file, e->offset, chr_status_str(e->code), msg);
}
