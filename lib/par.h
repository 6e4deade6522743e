/*
 * par.h - a second job beside the caller's, on a thread of its own when
 * a second processor is there to run it.
 *
 * A large zone's work comes in pairs that share nothing they write: two
 * zones read, the rules that read no model beside those that do.  The
 * caller starts one job, does the other, and joins: with one processor
 * the job runs at the join instead, so the result is the same either way.
 */
#ifndef DL_PAR_H
#define DL_PAR_H

#include <pthread.h>

struct dl_par {
	void		(*fn)(void *);
	void		*arg;
	pthread_t	 thread;
	int		 started;	/* on its thread */
	int		 done;		/* joined, or run at the join */
};

/*
 * The processors this process may run on (sched_getaffinity(2): taskset
 * and cgroup limits count), at least 1.  Worked out once.
 */
long	dl_par_cpus(void);

/*
 * Start fn(arg) on a thread of its own when dl_par_cpus() is above 1 and
 * a thread can be made; otherwise it waits for dl_par_join().  fn must
 * not touch what the caller writes until the join.
 */
void	dl_par_start(struct dl_par *p, void (*fn)(void *), void *arg);

/*
 * The smallest job dl_par_start_n() gives a thread of its own, in records
 * of the zone the job reads: below it starting and joining the thread
 * costs more than the job (a 10-change plan on a 10,000-record zone took
 * 1.7 ms longer with its two threads, on a virtual machine where waking
 * a thread on the other processor is an exit to the host).
 */
#define DL_PAR_MIN	50000

/*
 * dl_par_start() for a job of n units; one of fewer than DL_PAR_MIN (or
 * what dl_par_set_min() set) waits for dl_par_join().
 */
void	dl_par_start_n(struct dl_par *p, void (*fn)(void *), void *arg,
	    size_t n);

/*
 * Tests: the smallest job dl_par_start_n() gives a thread (0: all), so
 * that the small inputs of the test suite take both ways.
 */
void	dl_par_set_min(size_t n);

/* Leave fn(arg) for dl_par_join() to run, on the caller's thread. */
void	dl_par_later(struct dl_par *p, void (*fn)(void *), void *arg);

/*
 * Wait for the job dl_par_start() began, or run it now: once it returns,
 * fn has run exactly once.  A second join does nothing, and so does a
 * join of a struct dl_par that is all zero (no job).
 */
void	dl_par_join(struct dl_par *p);

/*
 * The job is no longer wanted: one on its thread is waited for (it has
 * run once when this returns), one that was left for the join is dropped
 * without running.
 */
void	dl_par_cancel(struct dl_par *p);

#endif
