/*
 * dnslint - a pre-migration DNS change-safety linter: the command line.
 *
 * Parses arguments, calls the library, maps the outcome to an exit status.
 * This is the only place that calls exit().
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ldns/ldns.h>
#include <yaml.h>

#include "bigmem.h"
#include "check.h"
#include "cmd.h"
#include "config.h"
#include "diff.h"
#include "dtime.h"
#include "engine.h"
#include "git.h"
#include "githist.h"
#include "live.h"
#include "model.h"
#include "octoconf.h"
#include "octodns.h"
#include "par.h"
#include "plan.h"
#include "registry.h"
#include "report.h"
#include "zone.h"


static const char usage_text[] =
"usage: dnslint [check] [-z zonefile | -s server ... [--axfr]]\n"
"               [--tsig-file file] [--timeout seconds] [--retries n]\n"
"               [-c config] [-f format] [-o file]\n"
"               [--cutover time] [--now time] [--fail-on severity]\n"
"               [--zone name]\n"
"               [--enable rule] [--disable rule] [--severity rule=level]\n"
"               [--color when] [--verbose] plan ...\n"
"       dnslint [check] --desired [--zone name] [options] zonefile ...\n"
"       dnslint [check] --git-live rev [--staged] --desired [options]\n"
"               zonefile ...\n"
"       dnslint [check] --git-live rev [options] plan ...\n"
"       dnslint wait [--interval seconds] [options] plan\n"
"       dnslint zones [dir]\n"
"       dnslint rules\n"
"       dnslint explain rule\n"
"       dnslint --version | --help\n";

/* --help: the usage, then one line per option, grouped as in the manual. */
static const char help_text[] =
"\n"
"Where the live zone comes from (default: ask the zone's nameservers):\n"
"  -z, --zone-file FILE    read it from a master file; no server is asked\n"
"  -s, --server ADDR[@PORT]  ask this server (repeat for every server)\n"
"      --axfr              load it by zone transfer from the first server\n"
"      --tsig-file FILE    sign the transfer with this TSIG key (BIND "
"syntax)\n"
"      --timeout SECONDS   wait per query try, 0.01 to 3600 (default 3)\n"
"      --retries N         send a timed-out query again, 0 to 10 "
"(default 2)\n"
"      --desired           the operands are desired zone files, not "
"plans\n"
"      --zone NAME         the zone of --desired files and Terraform plans\n"
"      --git-live REV      take it from git at REV (HEAD, origin/main)\n"
"      --staged            the desired zone files as the git index holds "
"them\n"
"\n"
"Time:\n"
"      --now TIME          take TIME as now (RFC 3339, now, now+2h)\n"
"      --cutover TIME      take TIME as every plan's cutover\n"
"\n"
"Rules:\n"
"  -c, --config FILE       read the configuration from FILE, not "
".dnslint.yaml\n"
"      --enable RULE       turn RULE on at its default severity\n"
"      --disable RULE      turn RULE off\n"
"      --severity RULE=LEVEL  set RULE to error, warning, info or off\n"
"      --fail-on SEVERITY  least severity whose failure exits 1 (error)\n"
"\n"
"Output:\n"
"  -f, --format FORMAT     text, compact, markdown, json, sarif, junit, "
"github\n"
"  -o, --output FILE       write the report to FILE, a summary to the "
"terminal\n"
"      --color WHEN        colour the text report: auto, always, never\n"
"      --verbose           say what asking the servers cost "
"(standard error)\n"
"\n"
"wait:\n"
"      --interval SECONDS  the longest time between two checks "
"(default 30)\n"
"\n"
"  -h, --help              print this help and exit\n"
"      --version           print the version and exit\n"
"\n"
"Exit status: 0 passed, 1 a check failed, 2 invalid input, 3 not "
"verified.\n"
"'dnslint rules' lists the rules, 'dnslint explain RULE' explains one;\n"
"the manual, dnslint(1), says everything.\n";

enum {
	OPT_CUTOVER = 256,
	OPT_NOW,
	OPT_ENABLE,
	OPT_DISABLE,
	OPT_SEVERITY,
	OPT_FAIL_ON,
	OPT_COLOR,
	OPT_VERSION,
	OPT_AXFR,
	OPT_TSIG_FILE,
	OPT_TIMEOUT,
	OPT_RETRIES,
	OPT_VERBOSE,
	OPT_DESIRED,
	OPT_ZONE,
	OPT_INTERVAL,
	OPT_GIT_LIVE,
	OPT_STAGED
};


static void
usage(FILE *out)
{
	fputs(usage_text, out);
}

void
print_error(const struct dl_error *e)
{
	char buf[sizeof(e->file) + sizeof(e->message) + 32];

	if (e->file[0] == '\0')
		fprintf(stderr, "dnslint: %s\n", e->message);
	else
		fprintf(stderr, "%s\n", dl_error_format(e, buf, sizeof(buf)));
}

static int
status_of(int rc)
{
	return dl_check_status(rc);
}

/* The commit built from (Makefile: git describe), absent outside git. */
#ifdef DL_COMMIT
#define COMMIT_TEXT	" commit " DL_COMMIT
#else
#define COMMIT_TEXT	""
#endif

static void
print_version(void)
{
	printf("dnslint %s%s (ldns %s, libyaml %s)\n", DL_VERSION,
	    COMMIT_TEXT, ldns_version(), yaml_get_version_string());
}

static int
cmd_rules(void)
{
	size_t i;

	for (i = 0; i < dl_rule_count; i++)
		printf("%-22s %-8s %s\n", dl_rules[i]->id,
		    dl_severity_name(dl_rules[i]->severity),
		    dl_rules[i]->summary);
	return 0;
}

static void
print_indented(const char *text)
{
	const char *p = text, *nl;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (nl > p)
			printf("    %.*s", (int)(nl - p), p);
		putchar('\n');
		p = *nl ? nl + 1 : nl;
	}
}

static int
cmd_explain(const char *id)
{
	const struct dl_rule *r = dl_rule_find(id, NULL);
	char span[DL_SPAN_LEN];
	size_t i;

	if (r == NULL) {
		fprintf(stderr, "dnslint: unknown rule '%s'; 'dnslint rules' "
		    "lists them\n", id);
		return EXIT_INVALID;
	}
	printf("%s (default severity: %s)\n    %s\n\n", r->id,
	    dl_severity_name(r->severity), r->summary);
	print_indented(r->explain);
	if (r->n_thresholds > 0) {
		printf("\nThresholds (.dnslint.yaml: rules: %s: {...}):\n",
		    r->id);
		for (i = 0; i < r->n_thresholds; i++) {
			const struct dl_threshold *t = &r->thresholds[i];

			if (t->kind == DL_TH_SECONDS)
				printf("    %-14s %lld (%s)  %s\n", t->name,
				    (long long)t->def,
				    dl_span_format(t->def, span), t->doc);
			else
				printf("    %-14s %lld%s  %s\n", t->name,
				    (long long)t->def,
				    t->kind == DL_TH_PERCENT ? "%" : "",
				    t->doc);
		}
	}
	printf("\nPasses:\n");
	print_indented(r->good);
	printf("\nFails:\n");
	print_indented(r->bad);
	return 0;
}

/*
 * dnslint zones [DIR]: the zone files the octoDNS configurations of the
 * git work tree holding DIR declare, "PATH<TAB>ZONE" per line.
 */
static int
cmd_zones(int argc, char **argv)
{
	struct dl_octo_zones z;
	struct dl_error err;
	char *probe, *top = NULL, *rel = NULL;
	size_t i;
	int rc, shallow;

	if (argc > 1) {
		usage(stderr);
		return EXIT_INVALID;
	}
	memset(&z, 0, sizeof(z));
	memset(&err, 0, sizeof(err));
	if (asprintf(&probe, "%s/.", argc == 1 ? argv[0] : ".") == -1) {
		fprintf(stderr, "dnslint: out of memory\n");
		return EXIT_INVALID;
	}
	rc = dl_git_locate(probe, NULL, &top, &rel, &shallow, NULL, &err);
	free(probe);
	if (rc == 0)
		rc = dl_octoconf_find(top, &z, &err);
	if (rc != 0)
		print_error(&err);
	for (i = 0; rc == 0 && i < z.nnotes; i++)
		fprintf(stderr, "dnslint: %s\n", z.notes[i]);
	for (i = 0; rc == 0 && i < z.n; i++)
		printf("%s\t%s\n", z.v[i].path, z.v[i].zone);
	dl_octo_zones_free(&z);
	free(top);
	free(rel);
	if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout))) {
		fprintf(stderr, "dnslint: cannot write the list\n");
		return EXIT_INVALID;
	}
	return rc == 0 ? 0 : status_of(rc);
}

static int
parse_time_arg(const char *opt, const char *arg, int64_t now, int64_t *out)
{
	if (dl_time_parse(arg, now, out) == 0)
		return 0;
	fprintf(stderr, "dnslint: %s must be an RFC 3339 time like "
	    "2026-12-01T10:00:00Z, 'now' or 'now+2h', got '%s'\n", opt, arg);
	return -1;
}

/*
 * Before several plans are checked: read each operand's plans (not
 * standard input, which can be read once) and keep what they
 * decommission with a time in o->others.  A plan that does not load is
 * left to the check proper, which reports it.  Returns 0 or DL_ENOMEM.
 */
static int
gather_others(struct options *o, int argc, char **argv)
{
	struct dl_plan **plans;
	struct dl_decommission *grown;
	struct dl_error err;
	char note[256];
	size_t i, j, k, np;
	int rc = 0;

	if (argc < 2 || o->desired)
		return 0;
	for (i = 0; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "-") == 0 ||
		    dl_plan_load_operand(argv[i], o->plan_now ? o->plan_now :
		    o->now, o->zone, &plans, &np, note, sizeof(note),
		    &err) != 0)
			continue;
		for (j = 0; j < np; j++) {
			for (k = 0; rc == 0 &&
			    k < plans[j]->n_decommission; k++) {
				struct dl_decommission *d =
				    &plans[j]->decommission[k];

				if (d->at == DL_NO_TIME)
					continue;
				if ((grown = reallocarray(o->others,
				    o->n_others + 1, sizeof(*grown))) == NULL) {
					rc = DL_ENOMEM;
					break;
				}
				o->others = grown;
				grown[o->n_others] = *d;
				grown[o->n_others].plan_file =
				    strdup(plans[j]->file);
				grown[o->n_others].target = strdup(d->target);
				grown[o->n_others].via = NULL;
				if (grown[o->n_others].target == NULL ||
				    grown[o->n_others].plan_file == NULL) {
					free(grown[o->n_others].target);
					free((char *)grown[o->n_others].plan_file);
					rc = DL_ENOMEM;
					break;
				}
				o->n_others++;
			}
			dl_plan_free(plans[j]);
		}
		free(plans);
	}
	return rc;
}

static void
free_others(struct options *o)
{
	size_t i;

	for (i = 0; i < o->n_others; i++) {
		free(o->others[i].target);
		free((char *)o->others[i].plan_file);
	}
	free(o->others);
	o->others = NULL;
	o->n_others = 0;
}

/* Print a note of the pipeline (lib/check.h) as it comes. */
static void
print_note(void *arg, const char *text)
{
	(void)arg;
	fputs(text, stderr);
}

static void
error_handler(void *arg, const struct dl_error *e)
{
	(void)arg;
	print_error(e);
}

/* The pipeline's options from the command line's. */
static void
check_options(const struct options *o, struct dl_check_options *c)
{
	memset(c, 0, sizeof(*c));
	c->zone_file = o->zone_file;
	c->zone = o->zone;
	c->config = o->config;
	c->cutover = o->cutover;
	c->cutover_time = o->cutover_time;
	c->now = o->now;
	c->plan_now = o->plan_now;
	c->verbose = o->verbose;
	c->desired = o->desired;
	c->git_live = o->git_live;
	c->staged = o->staged;
	c->overrides = o->overrides;
	c->n_overrides = o->n_overrides;
	c->live = o->live;
	c->observe = o->observe;
	c->observe_arg = o->observe_arg;
	c->others = o->others;
	c->n_others = o->n_others;
	c->note = print_note;
	c->error = error_handler;
}

int
check_operand(const struct options *o, const char *path,
    struct dl_result ***results, size_t *n, size_t *cap,
    struct dl_report_error *error)
{
	struct dl_check_options c;

	check_options(o, &c);
	return dl_check_operand(&c, path, results, n, cap, error);
}

int
check_plan(const struct options *o, const char *path,
    struct dl_result **result, struct dl_report_error *error)
{
	struct dl_check_options c;

	check_options(o, &c);
	return dl_check_plan(&c, path, result, error);
}

/*
 * A number from min to max (whole: a whole number): 0, or -1 with one
 * message.
 */
static int
parse_number(const char *opt, const char *arg, double min, double max,
    int whole, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(arg, &end);
	if (errno == 0 && end != arg && *end == '\0' && *out >= min &&
	    *out <= max && (!whole || *out == (double)(long)*out))
		return 0;
	fprintf(stderr, "dnslint: %s must be a %s from %.15g to %.15g, "
	    "got '%s'\n", opt, whole ? "whole number" : "number", min, max,
	    arg);
	return -1;
}

/*
 * Test-only settings from the environment, documented as such in the
 * manual: DNSLINT_RESOLVER names the resolver discovery asks (instead of
 * /etc/resolv.conf), DNSLINT_DNS_PORT the port of the servers it finds.
 * They let the test suite run discovery against local servers only.
 * DNSLINT_LEAN_FROM lets it read its small zone files lean, and
 * DNSLINT_PAR_MIN run their small jobs on a second thread.
 */
static void
live_environment(struct dl_live_options *lo)
{
	const char *v;
	double port;

	if ((v = getenv("DNSLINT_RESOLVER")) != NULL && *v != '\0')
		lo->resolver = v;
	if ((v = getenv("DNSLINT_DNS_PORT")) != NULL && *v != '\0') {
		if (parse_number("DNSLINT_DNS_PORT", v, 1, 65535, 1,
		    &port) != 0)
			exit(EXIT_INVALID);
		lo->port = (uint16_t)port;
	}
	/* DNSLINT_LEAN_FROM: the smallest zone file read lean (zone.h). */
	if ((v = getenv("DNSLINT_LEAN_FROM")) != NULL && *v != '\0') {
		if (parse_number("DNSLINT_LEAN_FROM", v, 0, 1e12, 1,
		    &port) != 0)
			exit(EXIT_INVALID);
		dl_zone_set_lean_from((size_t)port);
	}
	/* DNSLINT_PAR_MIN: the smallest job given a thread (par.h). */
	if ((v = getenv("DNSLINT_PAR_MIN")) != NULL && *v != '\0') {
		if (parse_number("DNSLINT_PAR_MIN", v, 0, 1e12, 1,
		    &port) != 0)
			exit(EXIT_INVALID);
		dl_par_set_min((size_t)port);
	}
}

/* --zone NAME: absolute and lower case in *out (kept until exit). */
static int
parse_zone(const char *arg, const char **out)
{
	ldns_rdf *d;
	char *z;

	if (*arg == '\0' || (d = ldns_dname_new_frm_str(arg)) == NULL) {
		fprintf(stderr, "dnslint: --zone must be a domain name like "
		    "example.com, got '%s'\n", arg);
		return -1;
	}
	ldns_dname2canonical(d);
	z = ldns_rdf2str(d);
	ldns_rdf_deep_free(d);
	if (z == NULL) {
		fprintf(stderr, "dnslint: out of memory\n");
		return -1;
	}
	*out = z;
	return 0;
}

static int
want_color(const char *when)
{
	const char *term = getenv("TERM");

	if (strcmp(when, "always") == 0)
		return 1;
	if (strcmp(when, "never") == 0)
		return 0;
	if (getenv("NO_COLOR") != NULL && getenv("NO_COLOR")[0] != '\0')
		return 0;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return 0;
	return isatty(STDOUT_FILENO);
}

static int
cmd_check(struct options *o, int argc, char **argv)
{
	struct dl_result **results = NULL;
	struct dl_report_error *errors;
	struct dl_report rep;
	struct dl_totals t;
	char sum[256];
	FILE *out = stdout;
	size_t i, n_results = 0, n_errors = 0, cap_results = 0;
	int status = 0, worst_input = 0, rc;

	if (argc == 0) {
		fprintf(stderr, "dnslint: no plan given\n");
		usage(stderr);
		return EXIT_INVALID;
	}
	errors = calloc(argc, sizeof(*errors));
	if (errors == NULL) {
		fprintf(stderr, "dnslint: out of memory\n");
		return EXIT_INVALID;
	}
	if (gather_others(o, argc, argv) != 0) {
		fprintf(stderr, "dnslint: out of memory\n");
		free_others(o);
		free(errors);
		return EXIT_INVALID;
	}
	for (i = 0; i < (size_t)argc; i++) {
		rc = check_operand(o, argv[i], &results, &n_results,
		    &cap_results, &errors[n_errors]);
		if (rc != 0) {
			n_errors++;
			if (rc == EXIT_INVALID || worst_input == 0)
				worst_input = rc;
		}
	}
	memset(&rep, 0, sizeof(rep));
	memset(&t, 0, sizeof(t));
	for (i = 0; i < n_results; i++)
		dl_totals_add(&t, results[i], o->fail_on);
	status = worst_input == EXIT_INVALID ? EXIT_INVALID :
	    dl_totals_status(&t);
	if (status == 0 && worst_input != 0)
		status = worst_input;
	rep.format = o->format;
	rep.fail_on = o->fail_on;
	rep.now = o->now;
	rep.exit_status = status;
	rep.results = results;
	rep.n_results = n_results;
	rep.errors = errors;
	rep.n_errors = n_errors;
	if (o->output != NULL) {
		if ((out = fopen(o->output, "w")) == NULL) {
			fprintf(stderr, "dnslint: cannot write '%s': %s\n",
			    o->output, strerror(errno));
			status = EXIT_INVALID;
			goto done;
		}
	} else
		rep.color = o->color;
	/* Machine formats always say something: the errors, the status. */
	if (n_results > 0 || o->format == DL_FORMAT_JSON ||
	    o->format == DL_FORMAT_SARIF || o->format == DL_FORMAT_JUNIT ||
	    o->format == DL_FORMAT_GITHUB || o->output != NULL) {
		if (dl_report_write(out, &rep) != 0) {
			fprintf(stderr, "dnslint: cannot write the report\n");
			status = EXIT_INVALID;
		}
	}
	if (out != stdout) {
		if (fclose(out) != 0) {
			fprintf(stderr, "dnslint: cannot write '%s': %s\n",
			    o->output, strerror(errno));
			status = EXIT_INVALID;
		}
		printf("dnslint: %s (report: %s)\n",
		    dl_report_summary(&rep, sum, sizeof(sum)), o->output);
	}
done:
	for (i = 0; i < n_results; i++)
		dl_result_free(results[i]);
	free(results);
	free(errors);
	free_others(o);
	return status;
}

/* The combinations --git-live and --staged allow: 0, or -1 said. */
static int
git_usage(const struct options *o, const char *cmd)
{
	const char *why = NULL;

	if (o->staged && o->git_live == NULL)
		why = "--staged reads the desired zone from the git index: it "
		    "needs --git-live";
	else if (o->staged && !o->desired)
		why = "--staged reads the desired zone files from the git "
		    "index: it needs --desired";
	else if (o->git_live != NULL && (o->zone_file != NULL ||
	    o->live.n_servers > 0 || o->live.axfr))
		why = "--git-live reads the live zone from git: give it "
		    "without --zone-file, -s and --axfr";
	else if (o->git_live != NULL && strcmp(cmd, "wait") == 0)
		why = "--git-live is for check: a version in git does not "
		    "change while dnslint waits";
	if (why == NULL)
		return 0;
	fprintf(stderr, "dnslint: %s\n", why);
	return -1;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "zone-file",	required_argument, NULL, 'z' },
		{ "config",	required_argument, NULL, 'c' },
		{ "format",	required_argument, NULL, 'f' },
		{ "output",	required_argument, NULL, 'o' },
		{ "cutover",	required_argument, NULL, OPT_CUTOVER },
		{ "now",	required_argument, NULL, OPT_NOW },
		{ "enable",	required_argument, NULL, OPT_ENABLE },
		{ "disable",	required_argument, NULL, OPT_DISABLE },
		{ "severity",	required_argument, NULL, OPT_SEVERITY },
		{ "fail-on",	required_argument, NULL, OPT_FAIL_ON },
		{ "color",	required_argument, NULL, OPT_COLOR },
		{ "version",	no_argument,	   NULL, OPT_VERSION },
		{ "server",	required_argument, NULL, 's' },
		{ "axfr",	no_argument,	   NULL, OPT_AXFR },
		{ "tsig-file",	required_argument, NULL, OPT_TSIG_FILE },
		{ "timeout",	required_argument, NULL, OPT_TIMEOUT },
		{ "retries",	required_argument, NULL, OPT_RETRIES },
		{ "verbose",	no_argument,	   NULL, OPT_VERBOSE },
		{ "desired",	no_argument,	   NULL, OPT_DESIRED },
		{ "zone",	required_argument, NULL, OPT_ZONE },
		{ "interval",	required_argument, NULL, OPT_INTERVAL },
		{ "git-live",	required_argument, NULL, OPT_GIT_LIVE },
		{ "staged",	no_argument,	   NULL, OPT_STAGED },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL,		0,		   NULL, 0 }
	};
	struct options o;
	const char *color = "auto", *now = NULL, *cmd = "check";
	int ch, status, explicit = 0;
	double num;

	dl_bigmem_keep_heap();
	memset(&o, 0, sizeof(o));
	o.fail_on = DL_SEV_ERROR;
	if ((o.overrides = calloc(argc, sizeof(*o.overrides))) == NULL) {
		fprintf(stderr, "dnslint: out of memory\n");
		exit(EXIT_INVALID);
	}
	if (argc > 1 && (strcmp(argv[1], "check") == 0 ||
	    strcmp(argv[1], "rules") == 0 || strcmp(argv[1], "explain") == 0 ||
	    strcmp(argv[1], "wait") == 0 || strcmp(argv[1], "zones") == 0)) {
		cmd = argv[1];
		argv++;
		argc--;
		explicit = 1;
	}
	dl_live_options_init(&o.live);
	if ((o.live.servers = calloc(argc, sizeof(char *))) == NULL) {
		fprintf(stderr, "dnslint: out of memory\n");
		exit(EXIT_INVALID);
	}
	while ((ch = getopt_long(argc, argv, "z:s:c:f:o:h", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 's':
			((const char **)o.live.servers)[o.live.n_servers++] =
			    optarg;
			break;
		case OPT_AXFR:
			o.live.axfr = 1;
			break;
		case OPT_VERBOSE:
			o.verbose = 1;
			break;
		case OPT_DESIRED:
			o.desired = 1;
			break;
		case OPT_GIT_LIVE:
			o.git_live = optarg;
			break;
		case OPT_STAGED:
			o.staged = 1;
			break;
		case OPT_INTERVAL:
			if (parse_number("--interval", optarg, 1, 3600, 0,
			    &o.interval) != 0)
				exit(EXIT_INVALID);
			break;
		case OPT_TSIG_FILE:
			o.live.tsig_file = optarg;
			break;
		case OPT_TIMEOUT:
			if (parse_number("--timeout", optarg, 0.01, 3600, 0,
			    &num) != 0)
				exit(EXIT_INVALID);
			o.live.timeout_ms = (unsigned)(num * 1000 + 0.5);
			break;
		case OPT_RETRIES:
			if (parse_number("--retries", optarg, 0, 10, 1,
			    &num) != 0)
				exit(EXIT_INVALID);
			o.live.retries = (unsigned)num;
			break;
		case 'z':
			o.zone_file = optarg;
			break;
		case OPT_ZONE:
			if (parse_zone(optarg, &o.zone) != 0)
				exit(EXIT_INVALID);
			break;
		case 'c':
			o.config = optarg;
			break;
		case 'f':
			if ((status = dl_format_parse(optarg)) < 0) {
				fprintf(stderr, "dnslint: --format must be "
				    "text, compact, markdown, json, sarif, "
				    "junit or github, got '%s'\n", optarg);
				exit(EXIT_INVALID);
			}
			o.format = (enum dl_format)status;
			break;
		case 'o':
			o.output = optarg;
			break;
		case OPT_CUTOVER:
			o.cutover = optarg;
			break;
		case OPT_NOW:
			now = optarg;
			break;
		case OPT_ENABLE:
		case OPT_DISABLE:
		case OPT_SEVERITY:
			o.overrides[o.n_overrides].what =
			    ch == OPT_ENABLE ? DL_OVERRIDE_ENABLE :
			    ch == OPT_DISABLE ? DL_OVERRIDE_DISABLE :
			    DL_OVERRIDE_SEVERITY;
			o.overrides[o.n_overrides++].arg = optarg;
			break;
		case OPT_FAIL_ON:
			if (strcmp(optarg, "error") == 0)
				o.fail_on = DL_SEV_ERROR;
			else if (strcmp(optarg, "warning") == 0)
				o.fail_on = DL_SEV_WARNING;
			else if (strcmp(optarg, "info") == 0)
				o.fail_on = DL_SEV_INFO;
			else {
				fprintf(stderr, "dnslint: --fail-on must be "
				    "error, warning or info, got '%s'\n",
				    optarg);
				exit(EXIT_INVALID);
			}
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") != 0 &&
			    strcmp(optarg, "always") != 0 &&
			    strcmp(optarg, "never") != 0) {
				fprintf(stderr, "dnslint: --color must be "
				    "auto, always or never, got '%s'\n",
				    optarg);
				exit(EXIT_INVALID);
			}
			color = optarg;
			break;
		case OPT_VERSION:
			print_version();
			exit(0);
		case 'h':
			usage(stdout);
			fputs(help_text, stdout);
			exit(0);
		default:
			usage(stderr);
			exit(EXIT_INVALID);
		}
	}
	argc -= optind;
	argv += optind;
	/* The subcommand may follow options too: dnslint --now X check P. */
	if (strcmp(cmd, "check") == 0 && argc > 0 && !explicit &&
	    (strcmp(argv[0], "check") == 0 || strcmp(argv[0], "rules") == 0 ||
	    strcmp(argv[0], "explain") == 0 || strcmp(argv[0], "wait") == 0 ||
	    strcmp(argv[0], "zones") == 0)) {
		cmd = argv[0];
		argc--;
		argv++;
	}

	if (strcmp(cmd, "rules") == 0) {
		if (argc != 0) {
			usage(stderr);
			exit(EXIT_INVALID);
		}
		exit(cmd_rules());
	}
	if (strcmp(cmd, "zones") == 0)
		exit(cmd_zones(argc, argv));
	if (strcmp(cmd, "explain") == 0) {
		if (argc != 1) {
			usage(stderr);
			exit(EXIT_INVALID);
		}
		exit(cmd_explain(argv[0]));
	}
	if (o.zone_file != NULL && (o.live.n_servers > 0 || o.live.axfr)) {
		fprintf(stderr, "dnslint: --zone-file reads the live zone from "
		    "a file; -s and --axfr ask the servers: give one or the "
		    "other\n");
		exit(EXIT_INVALID);
	}
	if (git_usage(&o, cmd) != 0)
		exit(EXIT_INVALID);
	if (o.live.tsig_file != NULL && !o.live.axfr) {
		fprintf(stderr, "dnslint: --tsig-file signs the zone transfer: "
		    "it needs --axfr\n");
		exit(EXIT_INVALID);
	}
	live_environment(&o.live);
	o.now = time(NULL);
	if (now != NULL && parse_time_arg("--now", now, o.now, &o.now) != 0)
		exit(EXIT_INVALID);
	if (o.cutover != NULL && parse_time_arg("--cutover", o.cutover, o.now,
	    &o.cutover_time) != 0)
		exit(EXIT_INVALID);
	o.color = want_color(color);
	if (strcmp(cmd, "wait") == 0)
		status = cmd_wait(&o, argc, argv);
	else
		status = cmd_check(&o, argc, argv);
	free(o.overrides);
	free((void *)o.live.servers);
	exit(status);
}
