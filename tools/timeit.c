/*
 * timeit.c - the benchmark's stopwatch: runs a command RUNS times, its
 * output thrown away, and prints the median wall time in seconds and the
 * largest peak memory (maximum resident set, from wait4()) in MiB.  Timed
 * from just before fork() to just after the child is reaped, so the
 * shell's own forks are not counted: a millisecond command reads as one.
 *
 *   timeit RUNS COMMAND [ARG...]
 *
 * Exits 127 when the command cannot be run.
 */
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	double *wall;
	long rss = 0;
	int runs, i, status, fd;
	pid_t pid;

	if (argc < 3 || (runs = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: timeit RUNS COMMAND [ARG...]\n");
		return 2;
	}
	if ((wall = calloc((size_t)runs, sizeof(*wall))) == NULL)
		return 2;
	for (i = 0; i < runs; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if ((pid = fork()) == -1)
			return 2;
		if (pid == 0) {
			if ((fd = open("/dev/null", O_WRONLY)) != -1) {
				dup2(fd, 1);
				dup2(fd, 2);
			}
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		if (wait4(pid, &status, 0, &ru) == -1)
			return 2;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			return 127;
		wall[i] = (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (ru.ru_maxrss > rss)
			rss = ru.ru_maxrss;
	}
	qsort(wall, (size_t)runs, sizeof(*wall), cmp);
	printf("%.4f %.1f\n", wall[(runs - 1) / 2], (double)rss / 1024);
	return 0;
}
