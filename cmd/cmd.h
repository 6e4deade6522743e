/*
 * cmd.h - what the commands of the dnslint program share: the options of
 * a run and the check of one plan.  Program-internal, not the library.
 */
#ifndef DL_CMD_H
#define DL_CMD_H

#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "config.h"
#include "engine.h"
#include "live.h"
#include "plan.h"
#include "report.h"
#include "zone.h"

#define EXIT_FAILED	1
#define EXIT_INVALID	DL_CHECK_INVALID
#define EXIT_UNVERIFIED	DL_CHECK_UNVERIFIED


struct options {
	const char	*zone_file;
	const char	*zone;		/* --zone: absolute, lower case */
	const char	*config;
	const char	*output;
	const char	*cutover;
	int64_t		 cutover_time;
	int64_t		 now;
	int64_t		 plan_now;	/* what "now" in a plan means; 0:
					   now (wait keeps its start) */
	enum dl_format	 format;
	enum dl_severity fail_on;
	int		 color;
	int		 verbose;	/* --verbose: live loading's cost */
	int		 desired;	/* --desired: operands are zone files */
	const char	*git_live;	/* --git-live REV: the live zone is the
					   file's version in git at REV */
	int		 staged;	/* --staged: the desired zone is the
					   file's version in the git index */
	struct dl_override *overrides;	/* --enable, --disable, --severity */
	size_t		 n_overrides;
	struct dl_live_options live;	/* -s, --axfr, --timeout, ... */
	double		 interval;	/* wait: seconds between checks */
	/*
	 * Called, when set, with each plan and its live zone after loading
	 * and before the rules run: wait uses it to note TTL lowerings it
	 * sees happen.
	 */
	void		(*observe)(struct dl_plan *plan,
			    const struct dl_zone *live,
			    const struct dl_config *cfg, int64_t now, void *arg);
	void		*observe_arg;
	/*
	 * Several plans in one run: what every plan decommissions (with a
	 * time), owned here, added to the other plans' lists before their
	 * live zones load (a record on it in another zone is stale too).
	 */
	struct dl_decommission *others;
	size_t		 n_others;
};

/* Print an error the way every command does. */
void	print_error(const struct dl_error *e);

/*
 * Check the plan at path (or, with o->desired, the desired zone file).
 * On success sets *result (NULL when there was nothing to check: with
 * --git-live, a desired zone file that is not in git at REV, which is
 * said on standard error); on an input error fills error and prints it.
 * Returns the exit status the plan alone calls for when it could not be
 * checked (2 or 3), else 0.  A Terraform plan must hold exactly one zone's
 * changes here (dnslint wait).
 */
int	check_plan(const struct options *o, const char *path,
	    struct dl_result **result, struct dl_report_error *error);

/*
 * Check the plan operand at path: one YAML plan, or a Terraform plan
 * with a plan per zone.  Appends a result per plan to *results (*n of
 * them, room for *cap; grown with realloc).  On an input error fills
 * error and prints it.  Returns as check_plan().
 */
int	check_operand(const struct options *o, const char *path,
	    struct dl_result ***results, size_t *n, size_t *cap,
	    struct dl_report_error *error);

/* dnslint wait: see cmd/wait.c.  Returns the exit status. */
int	cmd_wait(struct options *o, int argc, char **argv);

#endif
