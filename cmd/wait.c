/*
 * wait.c - dnslint wait: for an engineer in the middle of a migration.
 * Re-checks the live zone until cutting over now is safe, showing what it
 * waits for and a countdown to the next wait-until; exits 0 as soon as the
 * cutover is safe, 1 at once when waiting cannot fix a failure, 130 on
 * Ctrl-C.
 *
 * It judges "cut over now": the cutover is the current time at every
 * check.  Findings about what comes after the cutover (decommission-window,
 * stale-reference) are not waited for.  A TTL lowering it sees happen on
 * the servers while it waits is taken as done at the moment it was seen
 * (no earlier), from the TTL seen before it, unless the plan states one.
 * A TTL already low at its first look, which nothing older dates (the
 * plan, git, the SOA serial), counts from that look: never safe before
 * it plus the prior bound (evidence.h).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "dtime.h"
#include "model.h"
#include "watch.h"

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* The observe hook of check_plan(): note lowerings, tell the plan. */
static void
observe(struct dl_plan *plan, const struct dl_zone *live,
    const struct dl_config *cfg, int64_t now, void *arg)
{
	dl_watch_observe(arg, plan, live, cfg, now);
}

/* Does the finding decide whether cutting over now is safe? */
static int
gates_cutover(const struct dl_finding *f)
{
	return (f->rule->flags & DL_RULE_AFTER_CUTOVER) == 0;
}

/*
 * Sleep until `until`, showing on a terminal a countdown to the next
 * check and, when first (a finding that waiting fixes) is set, when it
 * becomes safe.  Returns early when interrupted.
 */
static void
pause_until(int64_t until, int64_t now, const struct dl_finding *first,
    int tty)
{
	char rel[DL_SPAN_LEN], safe[DL_SPAN_LEN];

	while (!interrupted && now < until) {
		if (tty) {
			printf("\r\033[K  next check %s", dl_rel_format(until,
			    now, rel));
			if (first != NULL)
				printf("; %s %s safe %s", first->rule->id,
				    first->subject, dl_rel_format(
				    first->wait_until, now, safe));
			fputc(' ', stdout);
			fflush(stdout);
		}
		sleep(1);
		now++;
	}
	if (tty) {
		printf("\r\033[K");
		fflush(stdout);
	}
}

int
cmd_wait(struct options *o, int argc, char **argv)
{
	struct dl_watch *w;
	struct sigaction sa;
	int64_t base = o->now, t0 = time(NULL), next, now;
	double interval = o->interval > 0 ? o->interval : 30;
	int tty = isatty(STDOUT_FILENO), status = 0;
	char when[DL_TIME_LEN], line[2048];
	size_t i;

	if (argc != 1) {
		fprintf(stderr, "dnslint: wait takes one plan\n");
		return EXIT_INVALID;
	}
	if ((w = dl_watch_new()) == NULL) {
		fprintf(stderr, "dnslint: out of memory\n");
		return EXIT_INVALID;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	o->observe = observe;
	o->observe_arg = w;
	o->cutover = "now";
	/* "now+2h" in the plan means from when waiting began. */
	o->plan_now = base;
	for (;;) {
		struct dl_report_error err;
		struct dl_result *r = NULL;
		const struct dl_finding *first = NULL;
		size_t blocking = 0;
		int rc;

		/* --now shifts the clock; time still runs. */
		now = o->now = base + (time(NULL) - t0);
		o->cutover_time = now;
		rc = check_plan(o, argv[0], &r, &err);
		if (rc == EXIT_INVALID) {
			status = rc;
			break;
		}
		next = now + (int64_t)interval;
		if (rc != 0) {
			printf("%s  the live zone could not be loaded; trying "
			    "again\n", dl_time_format_short(now, when));
		} else {
			for (i = 0; i < r->n_findings; i++) {
				const struct dl_finding *f = &r->findings[i];

				if (!gates_cutover(f) ||
				    (f->status != DL_FAIL &&
				    f->status != DL_UNKNOWN) ||
				    (f->status == DL_FAIL &&
				    f->severity < o->fail_on))
					continue;
				blocking++;
				printf("%s  %s\n", dl_time_format_short(now,
				    when), dl_report_wait_line(f, now, line,
				    sizeof(line)));
				if (f->status == DL_FAIL && dl_watch_watched_low(w, f))
					printf("        %s\n", f->message);
				if (f->status == DL_FAIL &&
				    f->wait_until == DL_NO_TIME) {
					status = EXIT_FAILED;
					continue;
				}
				/* The first to become safe, for the countdown. */
				if (f->status == DL_FAIL &&
				    f->wait_until > now && (first == NULL ||
				    f->wait_until < first->wait_until))
					first = f;
			}
			if (first != NULL && first->wait_until < next)
				next = first->wait_until;
			if (status == 0 && blocking == 0)
				printf("%s  safe to cut over now\n",
				    dl_time_format_short(now, when));
		}
		fflush(stdout);
		if (status != 0 || (rc == 0 && blocking == 0)) {
			dl_result_free(r);
			break;
		}
		pause_until(next, now, first, tty);
		dl_result_free(r);
		if (interrupted) {
			printf("interrupted: the cutover is not yet known to be "
			    "safe\n");
			status = 130;
			break;
		}
	}
	dl_watch_free(w);
	return status;
}
