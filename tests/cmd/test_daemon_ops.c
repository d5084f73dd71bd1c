/*
 * test_daemon_ops.c - chronicled left running for others: one client
 * cannot take every rendering, slow readers get whole bodies, a stop lets
 * bodies in flight finish within the grace period and never waits longer,
 * a build that stops moving is abandoned, and the access controls (token,
 * Host names, origins, health details).  Every wait is bounded.
 */
#include "daemonutil.h"

#define FIXTURES "fixtures/corpus"

/* Send GET target on fd (Host: localhost; the reply ends the connection). */
static void send_get(int fd, const char *target)
{
    char req[512];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", target);
    send_all(fd, req, (size_t)n);
}

Test(ops, a_client_asking_for_many_new_filters_leaves_room_for_others, .init = bounded)
{
    struct daemon d;
    start(&d, FIXTURES, "--quiet", "--client-renders", "2", NULL);
    enum { FLOOD = 16, ROUNDS = 20 };
    int refused = 0, served = 0;
    for (int round = 0; round < ROUNDS; round++) {
        /* a burst of distinct filters from one address, none cached */
        int fd[FLOOD];
        for (int i = 0; i < FLOOD; i++) {
            fd[i] = dial_from(d.port, "127.0.0.1");
            char t[64];
            snprintf(t, sizeof t, "/timeline.json?q=flood%dx%d", round, i);
            send_get(fd[i], t);
        }
        /* meanwhile another client asks for a filter of its own */
        int me = dial_from(d.port, "127.0.0.2");
        char t[64];
        snprintf(t, sizeof t, "/timeline.json?q=mine%d", round);
        double t0 = now();
        send_get(me, t);
        struct resp r;
        read_response(me, &r, "GET", t);
        double took = now() - t0;
        cr_expect_eq(r.status, 200, "round %d: the other client got %d", round, r.status);
        cr_expect_lt(took, 1.0, "round %d: the other client waited %.2f s", round, took);
        resp_free(&r);
        close(me);
        for (int i = 0; i < FLOOD; i++) {
            read_response(fd[i], &r, "GET", "/timeline.json");
            if (r.status == 429) {
                refused++;
                char ra[16];
                cr_expect_not_null(hdr(&r, "Retry-After", ra, sizeof ra));
            } else {
                cr_expect_eq(r.status, 200, "flood got %d", r.status);
                served++;
            }
            resp_free(&r);
            close(fd[i]);
        }
    }
    /* the flooding client was held to its share, and still served some */
    cr_expect_gt(refused, 0, "no request of the flood was refused");
    cr_expect_gt(served, 0, "no request of the flood was served");
    stop(&d);
}
