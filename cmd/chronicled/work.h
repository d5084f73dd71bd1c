/*
 * work.h - the one work queue of chronicled.  Worker threads take typed
 * jobs (build a snapshot, record a version, render a filtered feed, load
 * or diff an old version, read a document's file) from one bounded queue; each finished job comes
 * back to the loop through one mailbox and one wakeup, and the loop
 * dispatches it by its type.
 *
 * A job is a struct of its owner's whose first member is a struct
 * work_job naming its type: what runs on a worker, what the loop does
 * with the result, how the job is freed.  Requests that wait for a job
 * hang on it as struct waiter copies; the type's done answers them, or
 * the queue answers 503 when the daemon stops before the job ran.
 *
 * Threads.  Everything here but a type's run is for the loop thread.  run
 * gets its job alone: it reads the job's inputs and writes its results,
 * and touches nothing the loop uses; the loop looks at the results (in
 * done) only after run returned.  The queue and the mailbox are under one
 * mutex, held only to link and unlink jobs.
 */
#ifndef CHRONICLED_WORK_H
#define CHRONICLED_WORK_H

#include <stddef.h>

#include <event2/event.h>

#include "reply.h"

/* The kinds of job; each has its own bounds (struct work_type). */
enum work_kind {
    WORK_BUILD, WORK_RECORD, WORK_RENDER, WORK_LOAD, WORK_DIFF, WORK_READ, WORK_KINDS
};

/* Why a job was not taken (work_submit, work_ask). */
enum {
    WORK_OK = 0,
    WORK_STOPPING,              /* the daemon stops: no new jobs */
    WORK_FULL,                  /* max_jobs of its type are open */
    WORK_CROWDED,               /* max_waiting requests wait already */
    WORK_CLIENT,                /* the client has its share of jobs open */
    WORK_NOMEM
};

struct work;
struct work_job;

struct work_type {
    enum work_kind kind;
    const char *name;
    size_t max_jobs;            /* open at once: queued, running, or done
                                 * and not yet handled by the loop */
    size_t max_running;         /* on the workers at once */
    size_t max_waiting;         /* requests waiting for jobs of this type */
    /* A worker thread: the work. */
    void (*run)(struct work_job *j);
    /* The loop, after run: use the result, answer every waiter (and
     * waiter_free it), free the job. */
    void (*done)(struct work_job *j);
    /* The loop: free the job and what it holds, without replying (its
     * waiters are the queue's business).  For jobs the queue drops before
     * they ran, refused ones, and those left at work_free. */
    void (*free)(struct work_job *j);
    /* May a request for job b wait for the open job a instead?  NULL:
     * jobs of this type are never shared. */
    int (*same)(const struct work_job *a, const struct work_job *b);
};

/* A request whose reply waits for a job. */
struct waiter {
    struct request req;
    char *query;                /* its raw query, "" when none */
    int gzip;                   /* the client takes gzip */
    int tries;                  /* jobs it waited for before this one */
    struct waiter *next;
};

/* Room for a client's address as text (IPv6 with a zone). */
#define WORK_CLIENT_LEN 64

struct work_job {
    const struct work_type *type;
    struct waiter *waiters;     /* loop only */
    char client[WORK_CLIENT_LEN];   /* who asked for it first, "" for none */
    /* the queue's */
    struct work_job *next;                  /* queue or mailbox */
    struct work_job *open_prev, *open_next; /* the loop's open jobs */
    int state;
};

/* Start threads workers (at least one must start) waking base's loop.
 * NULL when none can start or memory runs out. */
struct work *work_new(struct event_base *base, size_t threads);

/* At most n jobs of one type asked for by one client address may be open
 * at once (work_ask; 0: no such bound).  Asking for a job that is open
 * already costs nothing: it is shared. */
void work_set_client_share(struct work *w, size_t n);

/* Queue j (its type set, its waiters none).  Returns WORK_OK, or
 * WORK_STOPPING / WORK_FULL, and then j has been freed with its type's
 * free. */
int work_submit(struct work *w, struct work_job *j);

/*
 * Make req wait for j's result: for an open job of j's type that is the
 * same (j is then freed), or for j, queued now, unless req's client has
 * its share of open jobs of the type.  query (may be NULL), gzip and
 * tries go into the waiter.  Returns WORK_OK, or why not (WORK_STOPPING,
 * WORK_FULL, WORK_CROWDED, WORK_CLIENT, WORK_NOMEM): then j has been
 * freed and req is the caller's to answer.
 */
int work_ask(struct work *w, struct work_job *j, const struct request *req,
             const char *query, int gzip, int tries);

/* Free a waiter (after its reply, or without one when its request is
 * gone). */
void waiter_free(struct waiter *wt);

/* The daemon stops: no new jobs; jobs that have not started are dropped,
 * their requests answered 503.  Running ones finish and are handled as
 * usual. */
void work_stop(struct work *w);
int work_stopping(const struct work *w);

/* Is a job open: running, or done and not yet handled? */
int work_busy(const struct work *w);

/* After evhttp_free (requests still waiting went with their
 * connections): wait for the running jobs (cancel long ones first), free
 * every job left without replying, stop the threads.  NULL is a no-op. */
void work_free(struct work *w);

#endif
