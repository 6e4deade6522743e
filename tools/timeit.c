/*
 * timeit.c - the benchmark's stopwatch: runs a command RUNS times, its
 * output thrown away, and prints the median wall time in seconds and the
 * largest peak memory (maximum resident set, from wait4()) in MiB.  Timed
 * from just before fork() to just after the child is reaped, so the
 * shell's own forks are not counted: a millisecond command reads as one.
 *
 *   timeit RUNS COMMAND [ARG...]
 *   timeit RUNS COMMAND [ARG...] ';;' COMMAND [ARG...] ...
 *
 * With several commands (separated by a ";;" argument) the runs go in
 * turns, each command once a round, and there is a line for each: on a
 * machine whose speed changes from minute to minute, commands compared
 * with each other are then timed in the same minutes, and each round
 * starts one command further on.
 *
 * Exits 127 when the (only) command cannot be run; of several, one that
 * cannot be run is printed as "skipped -".
 */
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct cmd {
	char	**argv;
	double	*wall;
	long	 rss;
	int	 failed;	/* could not be run */
};

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* One run of c: its wall time in *wall.  127: it cannot be run. */
static int
run(struct cmd *c, double *wall)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status, fd;
	pid_t pid;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) == -1)
		exit(2);
	if (pid == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) != -1) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(c->argv[0], c->argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) == -1)
		exit(2);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return 127;
	*wall = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (ru.ru_maxrss > c->rss)
		c->rss = ru.ru_maxrss;
	return 0;
}

int
main(int argc, char **argv)
{
	struct cmd *c;
	int runs, n = 0, i, j, k;

	if (argc < 3 || (runs = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: timeit RUNS COMMAND [ARG...] "
		    "[';;' COMMAND [ARG...]]...\n");
		return 2;
	}
	if ((c = calloc((size_t)argc, sizeof(*c))) == NULL)
		return 2;
	/* The commands: argv cut at each ";;". */
	c[n++].argv = argv + 2;
	for (i = 2; i < argc; i++)
		if (strcmp(argv[i], ";;") == 0) {
			argv[i] = NULL;
			c[n++].argv = argv + i + 1;
		}
	for (k = 0; k < n; k++) {
		if (c[k].argv[0] == NULL) {
			fprintf(stderr, "timeit: an empty command\n");
			return 2;
		}
		if ((c[k].wall = calloc((size_t)runs, sizeof(double))) == NULL)
			return 2;
	}
	/*
	 * Round i starts at command i % n, so that none always follows the
	 * same one: the 1M-record plan check took 0.19 s right after
	 * ldns-read-zone (270 MiB) and 0.14 to 0.15 s after itself.
	 */
	for (i = 0; i < runs; i++)
		for (j = 0; j < n; j++) {
			k = (i + j) % n;
			if (!c[k].failed && run(&c[k], &c[k].wall[i]) == 127) {
				if (n == 1)
					return 127;
				c[k].failed = 1;
			}
		}
	for (k = 0; k < n; k++) {
		if (c[k].failed) {
			printf("skipped -\n");
			continue;
		}
		qsort(c[k].wall, (size_t)runs, sizeof(double), cmp);
		printf("%.4f %.1f\n", c[k].wall[(runs - 1) / 2],
		    (double)c[k].rss / 1024);
	}
	return 0;
}
