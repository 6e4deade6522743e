/*
 * test_par.c - unit tests for lib/par.c: a job beside the caller's runs
 * exactly once, on its own thread when a second processor is there, at
 * the join otherwise.
 */
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "par.h"

struct job {
	int		runs;
	pthread_t	on;	/* the thread it ran on */
};

static void
job_run(void *arg)
{
	struct job *j = arg;

	j->runs++;
	j->on = pthread_self();
}

static void
test_dl_par_cpus_affinity(void **state)
{
	cpu_set_t set;

	(void)state;
	assert_int_equal(sched_getaffinity(0, sizeof(set), &set), 0);
	assert_int_equal(dl_par_cpus(), CPU_COUNT(&set));
	assert_true(dl_par_cpus() >= 1);
}

static void
test_dl_par_start_runs_once(void **state)
{
	struct dl_par p;
	struct job j;

	(void)state;
	memset(&j, 0, sizeof(j));
	dl_par_start(&p, job_run, &j);
	/* On its own thread exactly when there is a second processor. */
	assert_int_equal(p.started, dl_par_cpus() > 1);
	dl_par_join(&p);
	assert_int_equal(j.runs, 1);
	assert_int_equal(!pthread_equal(j.on, pthread_self()),
	    dl_par_cpus() > 1);
	dl_par_join(&p);
	assert_int_equal(j.runs, 1);
}

static void
test_dl_par_later_runs_at_join(void **state)
{
	struct dl_par p;
	struct job j;

	(void)state;
	memset(&j, 0, sizeof(j));
	dl_par_later(&p, job_run, &j);
	assert_int_equal(j.runs, 0);
	dl_par_join(&p);
	assert_int_equal(j.runs, 1);
	assert_true(pthread_equal(j.on, pthread_self()));
	dl_par_join(&p);
	assert_int_equal(j.runs, 1);
}

static void
test_dl_par_cancel(void **state)
{
	struct dl_par p;
	struct job j;

	(void)state;
	/* Left for the join: dropped. */
	memset(&j, 0, sizeof(j));
	dl_par_later(&p, job_run, &j);
	dl_par_cancel(&p);
	dl_par_join(&p);
	assert_int_equal(j.runs, 0);
	/* Started: waited for, run once. */
	dl_par_start(&p, job_run, &j);
	dl_par_cancel(&p);
	assert_int_equal(j.runs, p.started ? 1 : 0);
	dl_par_join(&p);
	assert_int_equal(j.runs, p.started ? 1 : 0);
}

static void
test_dl_par_join_no_job(void **state)
{
	struct dl_par p;

	(void)state;
	memset(&p, 0, sizeof(p));
	dl_par_join(&p);
	assert_int_equal(p.done, 0);
}

/*
 * A job of fewer than DL_PAR_MIN units runs at the join, on the caller's
 * thread; one of DL_PAR_MIN, on its own when there is a second
 * processor; with dl_par_set_min(0), every job.
 */
static void
test_dl_par_start_n_small_at_join(void **state)
{
	static const struct {
		size_t	min, n;
		int	own;	/* on its own thread (with two processors) */
	} c[] = {
		{ DL_PAR_MIN, 0, 0 },
		{ DL_PAR_MIN, DL_PAR_MIN - 1, 0 },
		{ DL_PAR_MIN, DL_PAR_MIN, 1 },
		{ 0, 0, 1 },
		{ 0, 1, 1 },
	};
	struct dl_par p;
	struct job j;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		memset(&j, 0, sizeof(j));
		dl_par_set_min(c[i].min);
		dl_par_start_n(&p, job_run, &j, c[i].n);
		assert_int_equal(p.started, c[i].own && dl_par_cpus() > 1);
		if (!p.started)
			assert_int_equal(j.runs, 0);
		dl_par_join(&p);
		assert_int_equal(j.runs, 1);
		assert_int_equal(!pthread_equal(j.on, pthread_self()),
		    c[i].own && dl_par_cpus() > 1);
	}
	dl_par_set_min(DL_PAR_MIN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dl_par_cpus_affinity),
		cmocka_unit_test(test_dl_par_start_runs_once),
		cmocka_unit_test(test_dl_par_later_runs_at_join),
		cmocka_unit_test(test_dl_par_start_n_small_at_join),
		cmocka_unit_test(test_dl_par_cancel),
		cmocka_unit_test(test_dl_par_join_no_job),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
