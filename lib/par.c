#include <sched.h>
#include <stddef.h>
#include <unistd.h>

#include "par.h"

static long cpus;

static void
cpus_count(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		cpus = CPU_COUNT(&set);
	else
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (cpus < 1)
		cpus = 1;
}

long
dl_par_cpus(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	(void)pthread_once(&once, cpus_count);
	return cpus;
}

static void *
par_thread(void *arg)
{
	struct dl_par *p = arg;

	p->fn(p->arg);
	return NULL;
}

void
dl_par_start(struct dl_par *p, void (*fn)(void *), void *arg)
{
	p->fn = fn;
	p->arg = arg;
	p->done = 0;
	p->started = dl_par_cpus() > 1 &&
	    pthread_create(&p->thread, NULL, par_thread, p) == 0;
}

/* dl_par_start_n()'s smallest job (dl_par_set_min()). */
static size_t par_min = DL_PAR_MIN;

void
dl_par_start_n(struct dl_par *p, void (*fn)(void *), void *arg, size_t n)
{
	if (n >= par_min)
		dl_par_start(p, fn, arg);
	else
		dl_par_later(p, fn, arg);
}

void
dl_par_set_min(size_t n)
{
	par_min = n;
}

void
dl_par_later(struct dl_par *p, void (*fn)(void *), void *arg)
{
	p->fn = fn;
	p->arg = arg;
	p->done = 0;
	p->started = 0;
}

void
dl_par_join(struct dl_par *p)
{
	if (p->done || p->fn == NULL)
		return;
	if (p->started)
		(void)pthread_join(p->thread, NULL);
	else
		p->fn(p->arg);
	p->done = 1;
}

void
dl_par_cancel(struct dl_par *p)
{
	if (p->started)
		dl_par_join(p);
	p->done = 1;
}
