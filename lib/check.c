/*
 * check.c - the check pipeline: load a plan (or a desired zone), its
 * configuration and its live zone (a file, git, the servers), diff a
 * desired zone, run the rules.  Moved from cmd/dnslint.c as it was;
 * what it used to print goes to the caller's note and error handlers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "config.h"
#include "diff.h"
#include "git.h"
#include "githist.h"
#include "octoconf.h"
#include "octodns.h"
#include "par.h"

int
dl_check_status(int rc)
{
	return rc == DL_EUNAVAIL ? DL_CHECK_UNVERIFIED : DL_CHECK_INVALID;
}

/* A note for people, formatted, to o->note. */
static void
say(const struct dl_check_options *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
say(const struct dl_check_options *o, const char *fmt, ...)
{
	char *text;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	o->note(o->arg, text);
	free(text);
}

/*
 * The zone an octoDNS configuration of path's git work tree gives the
 * YAML zone file at path: *zone (malloc(3)ed) or NULL when none does (or
 * path is not a YAML file in a git work tree).  gh, when not NULL, is
 * open on path and knows its work tree.  Returns 0 or an error code with
 * err filled (a broken configuration).
 */
static int
octo_zone_for(const char *path, const struct dl_githist *gh, char **zone,
    struct dl_error *err)
{
	struct dl_octo_zones z;
	struct dl_error ignored;
	char *top = NULL, *rel = NULL;
	const char *found;
	int rc, shallow;

	*zone = NULL;
	if (!dl_octodns_is_file(path))
		return 0;
	if (gh == NULL && dl_git_locate(path, NULL, &top, &rel, &shallow,
	    NULL, &ignored) != 0)
		return 0;
	memset(&z, 0, sizeof(z));
	if ((rc = dl_octoconf_find(gh ? dl_githist_top(gh) : top, &z,
	    err)) == 0 && (found = dl_octo_zone_of(&z, gh ?
	    dl_githist_path(gh) : rel)) != NULL &&
	    (*zone = strdup(found)) == NULL)
		rc = DL_ENOMEM;
	dl_octo_zones_free(&z);
	free(top);
	free(rel);
	return rc;
}

static int
apply_overrides(struct dl_config *cfg, const struct dl_check_options *o,
    struct dl_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < o->n_overrides && rc == 0; i++) {
		const struct dl_override *v = &o->overrides[i];

		if (v->what == DL_OVERRIDE_ENABLE)
			rc = dl_config_enable(cfg, v->arg, err);
		else if (v->what == DL_OVERRIDE_DISABLE)
			rc = dl_config_disable(cfg, v->arg, err);
		else
			rc = dl_config_severity(cfg, v->arg, err);
	}
	return rc;
}

/*
 * The configuration for a plan: -c, else .dnslint.yaml found from the
 * plan's folder upwards, else the defaults; then the command line's rule
 * settings.  Returns 0 or an error code with err filled.
 */
static int
config_for(const struct dl_check_options *o, const char *plan_dir,
    struct dl_config **out, struct dl_error *err)
{
	char *found = NULL;
	int rc;

	*out = NULL;
	if (o->config != NULL)
		rc = dl_config_load(o->config, out, err);
	else if ((found = dl_config_find(plan_dir)) != NULL)
		rc = dl_config_load(found, out, err);
	else
		rc = (*out = dl_config_default()) ? 0 : DL_ENOMEM;
	free(found);
	if (rc == 0 && (rc = apply_overrides(*out, o, err)) != 0) {
		dl_config_free(*out);
		*out = NULL;
	}
	return rc;
}

/*
 * --git-live: the live zone is the version at REV of the --desired file
 * (*gh is open on it) or of the plan's live_zone_file (*gh is opened
 * here).  Returns 0, 1 when the --desired file is not in git at REV, or
 * an error code with err filled.
 */
/* Say (a note) when a zone file's TTLs are not BIND's alone. */
static void
ttl_note(const struct dl_check_options *o, const struct dl_zone *live)
{
	if (live != NULL && dl_zone_ttl_note(live) != NULL)
		say(o, "%s: %s\n", dl_zone_file(live),
		    dl_zone_ttl_note(live));
}

static int
load_git_live(const struct dl_check_options *o, struct dl_plan *plan, int whole,
    struct dl_githist **gh, struct dl_zone **live, const char **source,
    const char **source_name, struct dl_error *err)
{
	struct dl_plan_filter pf;
	size_t added;
	int rc, pass;

	if (*gh == NULL) {
		if (plan->live_zone_file == NULL) {
			dl_error_set(err, plan->file, 0, 0, "--git-live reads "
			    "the live zone file from git: the plan needs "
			    "'live_zone_file'");
			return DL_EINPUT;
		}
		if ((rc = dl_plan_resolve(plan, "live_zone_file", err)) != 0 ||
		    (rc = dl_githist_open(plan->live_zone_file, o->git_live,
		    gh, err)) != 0)
			return rc;
	}
	/* Twice when a host switched off has addresses (load_live()). */
	for (pass = 0; pass < 2; pass++) {
		memset(&pf, 0, sizeof(pf));
		if (!whole && (rc = dl_engine_filter(plan, &pf)) != 0)
			return rc;
		rc = dl_githist_load(*gh, 0, plan->zone, whole ? NULL :
		    &pf.filter, live, err);
		dl_engine_filter_free(&pf);
		if (rc != 0 || (rc = dl_decommission_hosts(plan, *live,
		    &added)) != 0 || added == 0 || whole || pass == 1)
			break;
		dl_zone_free(*live);
		*live = NULL;
	}
	ttl_note(o, *live);
	if (rc == 1 && !o->desired) {
		dl_error_set(err, plan->file, plan->live_zone_file_pos.line,
		    plan->live_zone_file_pos.column, "live_zone_file '%s' is "
		    "not in git at '%s'", dl_githist_path(*gh), o->git_live);
		return DL_EINPUT;
	}
	if (rc == 0) {
		*source = "zone-file";
		*source_name = dl_zone_file(*live);
	}
	return rc;
}

/*
 * --staged: a plan for the desired zone file at path as the git index
 * holds it.  Returns 0 or an error code with err filled.
 */
static int
staged_plan(struct dl_githist *gh, const char *path, struct dl_plan **plan,
    struct dl_error *err)
{
	char *text;
	size_t len;
	int rc;

	if ((rc = dl_githist_staged_text(gh, &text, &len, err)) == 1) {
		dl_error_set(err, path, 0, 0, "not in the git index: 'git "
		    "add' it, or check the work tree without --staged");
		return DL_EINPUT;
	}
	if (rc != 0)
		return rc;
	rc = dl_diff_desired_plan_text(path, text, len, plan, err);
	free(text);
	return rc;
}

/*
 * The live zone for plan: from a file (filtered to what the rules need,
 * or whole for a desired-zone plan), or from the servers.  Sets *live or
 * *net (whose zone is then the live zone).  Returns 0 or an error code
 * with err filled.
 */
static int
load_live(const struct dl_check_options *o, struct dl_plan *plan, int whole,
    struct dl_githist **gh, struct dl_zone **live, struct dl_live **net,
    const char **source, const char **source_name, struct dl_error *err)
{
	struct dl_plan_filter pf;
	const char *zone_file;
	char stats[512];
	size_t added;
	int rc, pass;

	if (o->git_live != NULL)
		return load_git_live(o, plan, whole, gh, live, source,
		    source_name, err);

	/* -s and --axfr ask the servers even when the plan names a file. */
	zone_file = o->zone_file;
	/* A Terraform plan states the live RRsets it changes itself. */
	if (zone_file == NULL && o->live.n_servers == 0 && !o->live.axfr &&
	    plan->before != NULL) {
		*source = "terraform";
		*source_name = "plan (before)";
		return 0;
	}
	if (zone_file == NULL && o->live.n_servers == 0 && !o->live.axfr &&
	    plan->live_zone_file != NULL) {
		if ((rc = dl_plan_resolve(plan, "live_zone_file", err)) != 0)
			return rc;
		zone_file = plan->live_zone_file;
	}
	if (zone_file != NULL) {
		*source = "zone-file";
		*source_name = zone_file;
		/* Twice when a host switched off has addresses: the records
		   that mention them are kept only the second time. */
		for (pass = 0; pass < 2; pass++) {
			memset(&pf, 0, sizeof(pf));
			if (!whole && (rc = dl_engine_filter(plan, &pf)) != 0)
				return rc;
			/* wait's observation reads the zone before the rules
			   (check_loaded() loads again after them). */
			pf.filter.lean = o->observe == NULL;
			rc = dl_zone_load_file(zone_file, plan->zone,
			    whole ? NULL : &pf.filter, live, err);
			dl_engine_filter_free(&pf);
			if (rc != 0 || (rc = dl_decommission_hosts(plan, *live,
			    &added)) != 0 || added == 0 || whole)
				break;
			dl_zone_free(*live);
			*live = NULL;
		}
		ttl_note(o, *live);
		return rc;
	}
	if (whole && !o->live.axfr) {
		dl_error_set(err, plan->file, plan->desired_pos.line,
		    plan->desired_pos.column, "a desired zone is compared "
		    "with the whole live zone: give --zone-file (or "
		    "live_zone_file) or --axfr");
		return DL_EINPUT;
	}
	if ((rc = dl_live_load(plan, &o->live, net, err)) != 0) {
		/* Servers and discovery have no place: name the plan. */
		if (err->file[0] == '\0')
			snprintf(err->file, sizeof(err->file), "%s",
			    plan->file);
		return rc;
	}
	if ((rc = dl_decommission_hosts(plan, (*net)->zone, &added)) != 0)
		return rc;
	if (o->verbose)
		say(o, "%s: %s\n", plan->file,
		    dl_live_stats(*net, stats, sizeof(stats)));
	*source = (*net)->source;
	*source_name = (*net)->source_name;
	return 0;
}

/*
 * Several plans in one run: what the others decommission joins plan's
 * list (plan_file says whose), unless plan names the target itself.
 * Returns 0 or DL_ENOMEM.
 */
static int
add_others(const struct dl_check_options *o, struct dl_plan *plan)
{
	struct dl_decommission *grown;
	size_t i, j;

	for (i = 0; i < o->n_others; i++) {
		const struct dl_decommission *d = &o->others[i];

		if (strcmp(d->plan_file, plan->file) == 0)
			continue;
		for (j = 0; j < plan->n_decommission; j++)
			if (strcmp(plan->decommission[j].target,
			    d->target) == 0)
				break;
		if (j < plan->n_decommission)
			continue;
		if ((grown = reallocarray(plan->decommission,
		    plan->n_decommission + 1, sizeof(*grown))) == NULL)
			return DL_ENOMEM;
		plan->decommission = grown;
		grown[plan->n_decommission] = *d;
		/* Its place is in the other plan: plan_file names it. */
		memset(&grown[plan->n_decommission].pos, 0,
		    sizeof(grown[plan->n_decommission].pos));
		if ((grown[plan->n_decommission].target = strdup(d->target)) ==
		    NULL)
			return DL_ENOMEM;
		plan->n_decommission++;
	}
	return 0;
}

/*
 * A desired zone file, read beside the live zone (par.h): a diff of two
 * large zones reads both at once.  Only master files: each load has its
 * own zone, scanner and error, and zone.c's shared tables are filled
 * once before either reads them.
 */
struct desired_load {
	const char		*path;
	const char		*origin;
	struct dl_zone		*zone;
	struct dl_error		 err;
	int			 rc;
	struct dl_par		 par;
};

static void
desired_read(void *arg)
{
	struct desired_load *d = arg;

	d->rc = dl_zone_load_file(d->path, d->origin, NULL, &d->zone, &d->err);
}

/*
 * Start reading plan's desired file, when it is one read as a master file
 * (an octoDNS desired zone is read at the join, after the live zone).
 */
static void
desired_start(const struct dl_check_options *o, const struct dl_plan *plan,
    struct desired_load *d)
{
	memset(d, 0, sizeof(*d));
	if (plan->desired == NULL || o->staged)
		return;
	d->path = plan->desired;
	d->origin = plan->zone;
	if (dl_octodns_is_file(d->path))
		dl_par_later(&d->par, desired_read, d);
	else
		dl_par_start(&d->par, desired_read, d);
}

static void
zone_free(void *z)
{
	dl_zone_free(z);
}

/*
 * The rules asked a lean load (struct dl_zone_filter) of owners it did
 * not store: *live read again, every owner stored.  0 or an error code
 * with err filled.
 */
static int
reload_whole(const struct dl_plan *plan, struct dl_zone **live,
    struct dl_error *err)
{
	struct dl_plan_filter pf;
	struct dl_zone *z;
	int rc;

	memset(&pf, 0, sizeof(pf));
	if ((rc = dl_engine_filter(plan, &pf)) != 0)
		return rc;
	rc = dl_zone_reload(*live, &pf.filter, &z, err);
	dl_engine_filter_free(&pf);
	if (rc != 0)
		return rc;
	dl_zone_free(*live);
	*live = z;
	return 0;
}

/*
 * Check one loaded plan (taken over: freed here).  On success sets
 * *result; on an error fills error and prints it.  Returns the exit
 * status the plan alone calls for when it could not be checked, else 0.
 */
static int
check_loaded(const struct dl_check_options *o, const char *path,
    struct dl_plan *plan, struct dl_githist *gh, struct dl_result **result,
    struct dl_report_error *error)
{
	struct dl_config *cfg = NULL;
	struct dl_zone *live = NULL, *desired = NULL;
	struct desired_load dl;
	struct dl_par free_desired;
	const struct dl_zone *checked;
	struct dl_live *net = NULL;
	const char *source = NULL, *source_name = NULL;
	int64_t cutover;
	int rc;

	*result = NULL;
	memset(&dl, 0, sizeof(dl));

	if ((rc = dl_plan_resolve(plan, "desired", &error->error)) != 0)
		goto fail;
	if ((rc = config_for(o, plan->dir, &cfg, &error->error)) != 0)
		goto fail;
	if (o->cutover != NULL)
		cutover = o->cutover_time;
	else
		cutover = plan->has_cutover ? plan->cutover : o->now;
	if ((rc = add_others(o, plan)) != 0)
		goto fail;
	desired_start(o, plan, &dl);
	rc = load_live(o, plan, plan->desired != NULL, &gh, &live, &net,
	    &source, &source_name, &error->error);
	if (rc == 1) {
		say(o, "%s: not in git at '%s': a new zone file, "
		    "nothing to compare\n", path, o->git_live);
		rc = 0;
		goto out;
	}
	if (rc != 0)
		goto fail;
	checked = net ? net->zone : live ? live : plan->before;
	if (plan->desired != NULL) {
		if (o->staged)
			rc = dl_githist_load(gh, 1, plan->zone, NULL, &desired,
			    &error->error);
		else if (dl.path != NULL) {
			/* Read meanwhile, or now. */
			dl_par_join(&dl.par);
			desired = dl.zone;
			dl.zone = NULL;
			if ((rc = dl.rc) != 0)
				error->error = dl.err;
		}
		if (rc == 1) {
			dl_error_set(&error->error, path, 0, 0, "not in the "
			    "git index");
			rc = DL_EINPUT;
		}
		if (rc != 0)
			goto fail;
		if ((rc = dl_diff_plan(plan, checked, desired)) != 0)
			goto fail;
	}
	/* What git's history says of when the TTLs were lowered. */
	if (gh != NULL) {
		struct dl_model_params mp;

		dl_engine_model_params(cfg, &mp);
		if ((rc = dl_githist_apply(gh, plan, live, mp.max_ttl)) != 0)
			goto fail;
	}
	if (o->observe != NULL)
		o->observe(plan, checked, cfg, o->now, o->observe_arg);
	rc = dl_engine_run(plan, checked, net, source, source_name, cfg,
	    o->now, cutover, result);
	if (rc == 0 && checked == live && live != NULL &&
	    dl_zone_lean_missed(live)) {
		dl_result_free(*result);
		*result = NULL;
		if ((rc = reload_whole(plan, &live, &error->error)) == 0)
			rc = dl_engine_run(plan, live, net, source, source_name,
			    cfg, o->now, cutover, result);
	}
	if (rc != 0)
		goto fail;
	goto out;
fail:
	if (rc == DL_ENOMEM)
		dl_error_set(&error->error, NULL, 0, 0, "out of memory");
	o->error(o->arg, &error->error);
out:
	error->status = rc == 0 ? 0 : dl_check_status(rc);
	/* Not read when it was not needed (an error, a new file). */
	dl_par_cancel(&dl.par);
	dl_zone_free(dl.zone);
	/* Two large zones give their pages back at once. */
	memset(&free_desired, 0, sizeof(free_desired));
	if (desired != NULL && live != NULL)
		dl_par_start_n(&free_desired, zone_free, desired,
		    dl_zone_record_count(desired));
	else
		dl_zone_free(desired);
	dl_zone_free(live);
	dl_par_join(&free_desired);
	dl_githist_free(gh);
	dl_live_free(net);
	dl_config_free(cfg);
	dl_plan_free(plan);
	return error->status;
}

/*
 * The plan of a --desired operand: with --git-live, its git history is
 * opened into *gh (NULL otherwise; the caller frees it); the zone is
 * --zone, else an octoDNS configuration's, else a guess.  Returns 0 or
 * an error code with err filled.
 */
static int
desired_plan(const struct dl_check_options *o, const char *path,
    struct dl_githist **gh, struct dl_plan **plan, struct dl_error *err)
{
	char *octo_zone = NULL;
	const char *zone;
	int rc;

	*gh = NULL;
	if (o->git_live != NULL &&
	    (rc = dl_githist_open(path, o->git_live, gh, err)) != 0)
		return rc;
	if (o->zone == NULL && (rc = octo_zone_for(path, *gh, &octo_zone,
	    err)) != 0)
		goto out;
	zone = o->zone != NULL ? o->zone : octo_zone;
	if (zone == NULL && o->staged)
		rc = staged_plan(*gh, path, plan, err);
	else
		rc = dl_diff_desired_plan(path, zone, plan, err);
out:
	free(octo_zone);
	if (rc != 0) {
		dl_githist_free(*gh);
		*gh = NULL;
	}
	return rc;
}

int
dl_check_operand(const struct dl_check_options *o, const char *path,
    struct dl_result ***results, size_t *n, size_t *cap,
    struct dl_report_error *error)
{
	struct dl_plan **plans = NULL, *plan = NULL;
	struct dl_githist *gh = NULL;
	struct dl_result **r;
	char note[256];
	size_t i, np = 0;
	int rc = 0, status = 0;

	memset(error, 0, sizeof(*error));
	if (o->desired) {
		rc = desired_plan(o, path, &gh, &plan, &error->error);
		plans = &plan;
		np = rc == 0;
	} else
		rc = dl_plan_load_operand(path, o->plan_now ? o->plan_now :
		    o->now, o->zone, &plans, &np, note, sizeof(note),
		    &error->error);
	if (rc != 0) {
		if (rc == DL_ENOMEM)
			dl_error_set(&error->error, NULL, 0, 0,
			    "out of memory");
		o->error(o->arg, &error->error);
		return error->status = dl_check_status(rc);
	}
	if (o->zone != NULL && !o->desired && np > 0 &&
	    plans[0]->before == NULL) {
		dl_error_set(&error->error, plans[0]->file, 0, 0, "--zone "
		    "names the zone of --desired zone files and Terraform "
		    "plans; a plan names its zone with 'zone:'");
		o->error(o->arg, &error->error);
		for (i = 0; i < np; i++)
			dl_plan_free(plans[i]);
		if (plans != &plan)
			free(plans);
		return error->status = DL_CHECK_INVALID;
	}
	if (np == 0 && !o->desired)
		say(o, "%s: %s: nothing to check\n",
		    strcmp(path, "-") == 0 ? "<stdin>" : path, note);
	for (i = 0; i < np; i++) {
		if (status != 0) {
			dl_plan_free(plans[i]);
			continue;
		}
		if (*n == *cap) {
			if ((r = reallocarray(*results, *cap ? *cap * 2 : 8,
			    sizeof(*r))) == NULL) {
				dl_plan_free(plans[i]);
				dl_error_set(&error->error, NULL, 0, 0,
				    "out of memory");
				o->error(o->arg, &error->error);
				status = error->status = DL_CHECK_INVALID;
				continue;
			}
			*results = r;
			*cap = *cap ? *cap * 2 : 8;
		}
		if ((status = check_loaded(o, path, plans[i], gh,
		    &(*results)[*n], error)) == 0 && (*results)[*n] != NULL)
			(*n)++;
		gh = NULL;
	}
	dl_githist_free(gh);
	if (plans != &plan)
		free(plans);
	return status;
}

int
dl_check_plan(const struct dl_check_options *o, const char *path,
    struct dl_result **result, struct dl_report_error *error)
{
	struct dl_result **results = NULL;
	size_t i, n = 0, cap = 0;
	int status;

	*result = NULL;
	if ((status = dl_check_operand(o, path, &results, &n, &cap,
	    error)) == 0 && n != 1) {
		dl_error_set(&error->error, path, 0, 0, "%s: wait follows "
		    "one zone's changes, and this plan changes %zu",
		    n == 0 ? "nothing to wait for" : "more than one zone",
		    n);
		o->error(o->arg, &error->error);
		status = error->status = DL_CHECK_INVALID;
	}
	if (status == 0)
		*result = results[0];
	else
		for (i = 0; i < n; i++)
			dl_result_free(results[i]);
	free(results);
	return status;
}
