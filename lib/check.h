/*
 * check.h - the check pipeline: for one plan operand, load the plan (or a
 * desired zone file), its configuration and its live zone (a zone file,
 * a git revision, the servers), diff a desired zone, and run the rules.
 *
 * Nothing here prints or exits: notes for people (a zone file's TTL
 * note, "nothing to check", --verbose's cost of live loading) go to
 * o->note, each error that stops a plan to o->error, once.  What an error
 * calls for is an exit status (DL_CHECK_INVALID, DL_CHECK_UNVERIFIED) in
 * struct dl_report_error, as the reports show it.
 */
#ifndef DL_CHECK_H
#define DL_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "engine.h"
#include "error.h"
#include "live.h"
#include "plan.h"
#include "report.h"
#include "zone.h"

/* The exit statuses an error calls for. */
#define DL_CHECK_INVALID	2	/* bad input */
#define DL_CHECK_UNVERIFIED	3	/* the live data was out of reach */

/* A rule setting from the command line, applied to every configuration. */
enum dl_override_kind {
	DL_OVERRIDE_ENABLE,	/* --enable RULE */
	DL_OVERRIDE_DISABLE,	/* --disable RULE */
	DL_OVERRIDE_SEVERITY	/* --severity RULE=LEVEL */
};

struct dl_override {
	enum dl_override_kind	 what;
	const char		*arg;
};

/* How to check.  Everything is borrowed. */
struct dl_check_options {
	const char	*zone_file;	/* --zone-file, or NULL */
	const char	*zone;		/* --zone: absolute, lower case */
	const char	*config;	/* -c, or NULL: found, or defaults */
	const char	*cutover;	/* --cutover given (then cutover_time) */
	int64_t		 cutover_time;
	int64_t		 now;
	int64_t		 plan_now;	/* what "now" in a plan means; 0: now */
	int		 verbose;	/* note live loading's cost */
	int		 desired;	/* operands are desired zone files */
	const char	*git_live;	/* --git-live REV, or NULL */
	int		 staged;	/* --staged */
	const struct dl_override *overrides;
	size_t		 n_overrides;
	struct dl_live_options live;	/* -s, --axfr, ... (a copy) */
	/*
	 * Called, when set, with each plan and its live zone after loading
	 * and before the rules run (dnslint wait notes TTL lowerings).
	 */
	void		(*observe)(struct dl_plan *plan,
			    const struct dl_zone *live,
			    const struct dl_config *cfg, int64_t now, void *arg);
	void		*observe_arg;
	/* What other plans of the run decommission, with a time, added to
	   each plan's list before its live zone loads. */
	const struct dl_decommission *others;
	size_t		 n_others;
	/* A note for people: one or more whole lines, each ending in a
	   newline. */
	void		(*note)(void *arg, const char *text);
	/* An error that stops a plan (or an operand). */
	void		(*error)(void *arg, const struct dl_error *err);
	void		*arg;		/* for note and error */
};

/* The exit status error code rc calls for: DL_CHECK_UNVERIFIED for
   DL_EUNAVAIL, else DL_CHECK_INVALID. */
int	dl_check_status(int rc);

/*
 * Check the plan operand at path: one YAML plan, or a Terraform plan
 * with a plan per zone (with o->desired: a desired zone file).  Appends
 * a result per plan to *results (*n of them, room for *cap; grown with
 * realloc(3); free each with dl_result_free()).  On an input error fills
 * error and hands it to o->error.  Returns the exit status the operand
 * calls for when it could not be checked (DL_CHECK_INVALID or
 * DL_CHECK_UNVERIFIED), else 0.
 */
int	dl_check_operand(const struct dl_check_options *o, const char *path,
	    struct dl_result ***results, size_t *n, size_t *cap,
	    struct dl_report_error *error);

/*
 * dl_check_operand() for an operand that must hold exactly one plan
 * (dnslint wait).  On success sets *result (free with dl_result_free());
 * NULL when there was nothing to check (with --git-live, a desired zone
 * file not in git at REV, which is noted).  Returns as dl_check_operand().
 */
int	dl_check_plan(const struct dl_check_options *o, const char *path,
	    struct dl_result **result, struct dl_report_error *error);

#endif
