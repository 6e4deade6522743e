/*
 * harness.c - what each fuzz target does with one input (harness.h).
 *
 * The targets go through the same calls as cmd/dnslint.c, so that what
 * the fuzzer reaches is what a hostile plan, zone file or server reaches.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ldns/ldns.h>

#include "config.h"
#include "diff.h"
#include "dnsq.h"
#include "engine.h"
#include "plan.h"
#include "report.h"
#include "zone.h"

#include "harness.h"

const char *const t_fuzz_names[] = {
	"example.com.", "www.example.com.", "a.b.example.com.",
	"Www.Example.COM.", "."
};
const size_t t_fuzz_n_names = sizeof(t_fuzz_names) / sizeof(t_fuzz_names[0]);

/* The live zone the plan target checks plans against. */
static const char plan_live_zone[] =
    "$ORIGIN example.com.\n"
    "$TTL 86400\n"
    "@\tIN SOA ns1.example.com. hostmaster.example.com. "
    "2026112201 7200 3600 1209600 300\n"
    "@\tIN NS ns1.example.com.\n"
    "@\tIN NS ns2.example.net.\n"
    "@\tIN A 192.0.2.10\n"
    "@\tIN MX 10 mail.example.com.\n"
    "ns1\tIN A 192.0.2.53\n"
    "www\tIN A 192.0.2.10\n"
    "www\tIN A 192.0.2.11\n"
    "www\tIN AAAA 2001:db8::1\n"
    "mail\tIN A 192.0.2.25\n"
    "api\tIN CNAME www\n"
    "shop\t300 IN A 192.0.2.12\n"
    "txt\tIN TXT \"v=spf1 ip4:192.0.2.10 -all\"\n";

/* Files $INCLUDE may reach from the zone target's input. */
static const char inc_zone[] =
    "inc\tIN A 192.0.2.1\n"
    "$INCLUDE sub/sub.zone\n";
static const char sub_zone[] =
    "sub\tIN TXT \"included\"\n"
    "$INCLUDE ../inc.zone\n";

static char scratch[64];

static void
put(const char *dir, const char *name, const void *data, size_t size)
{
	char path[256];
	size_t off = 0;
	ssize_t w;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1) {
		perror(path);
		exit(2);
	}
	while (off < size) {
		if ((w = write(fd, (const char *)data + off, size - off)) <= 0) {
			if (w < 0 && errno == EINTR)
				continue;
			perror(path);
			exit(2);
		}
		off += (size_t)w;
	}
	close(fd);
}

static void
scratch_remove(void)
{
	static const char *const files[] = { "zone.zone", "inc.zone",
	    "sub/sub.zone", "live.zone", "desired.zone", "plan-live.zone" };
	char path[256];
	size_t i;

	if (scratch[0] == '\0')
		return;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", scratch, files[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/sub", scratch);
	rmdir(path);
	rmdir(scratch);
}

const char *
t_fuzz_scratch(void)
{
	char sub[128];

	if (scratch[0] != '\0')
		return scratch;
	snprintf(scratch, sizeof(scratch), "/tmp/dnslint-fuzz-XXXXXX");
	if (mkdtemp(scratch) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
	snprintf(sub, sizeof(sub), "%s/sub", scratch);
	if (mkdir(sub, 0700) == -1) {
		perror(sub);
		exit(2);
	}
	put(scratch, "inc.zone", inc_zone, strlen(inc_zone));
	put(scratch, "sub/sub.zone", sub_zone, strlen(sub_zone));
	put(scratch, "plan-live.zone", plan_live_zone, strlen(plan_live_zone));
	atexit(scratch_remove);
	return scratch;
}

static void
say_error(char *out, size_t n, int rc, const struct dl_error *err)
{
	char line[2048];

	snprintf(out, n, "error %d: %s", rc,
	    dl_error_format(err, line, sizeof(line)));
}

/* Every report format, written where nobody reads it. */
static int
write_reports(struct dl_result *r)
{
	static FILE *null;
	struct dl_report rep;
	struct dl_totals t;
	int f, status;

	if (null == NULL && (null = fopen("/dev/null", "w")) == NULL) {
		perror("/dev/null");
		exit(2);
	}
	memset(&t, 0, sizeof(t));
	dl_totals_add(&t, r, DL_SEV_ERROR);
	status = dl_totals_status(&t);
	memset(&rep, 0, sizeof(rep));
	rep.fail_on = DL_SEV_ERROR;
	rep.now = T_FUZZ_NOW;
	rep.exit_status = status;
	rep.results = &r;
	rep.n_results = 1;
	for (f = DL_FORMAT_TEXT; f <= DL_FORMAT_JUNIT; f++) {
		rep.format = (enum dl_format)f;
		(void)dl_report_write(null, &rep);
	}
	return status;
}

/* Check plan against live and write the reports: "ok ...". */
static void
check(const struct dl_plan *plan, const struct dl_zone *live,
    char *out, size_t n)
{
	struct dl_config *cfg;
	struct dl_result *r = NULL;
	int rc, status;

	if ((cfg = dl_config_default()) == NULL) {
		snprintf(out, n, "error %d: out of memory", DL_ENOMEM);
		return;
	}
	rc = dl_engine_run(plan, live, NULL, "zone-file", "live.zone", cfg,
	    T_FUZZ_NOW, plan->has_cutover ? plan->cutover : T_FUZZ_NOW, &r);
	dl_config_free(cfg);
	if (rc != 0) {
		snprintf(out, n, "error %d: the engine failed", rc);
		return;
	}
	status = write_reports(r);
	snprintf(out, n, "ok %zu changes, %zu findings, status %d",
	    plan->n_changes, r->n_findings, status);
	dl_result_free(r);
}

void
t_fuzz_plan(const uint8_t *data, size_t size, char *out, size_t n)
{
	struct dl_plan_filter pf;
	struct dl_plan *plan = NULL;
	struct dl_zone *live = NULL;
	struct dl_error err;
	char path[128];
	int rc;

	memset(&err, 0, sizeof(err));
	rc = dl_plan_load_buffer("fuzz.yaml", t_fuzz_scratch(),
	    (const char *)data, size, T_FUZZ_NOW, &plan, &err);
	if (rc != 0) {
		say_error(out, n, rc, &err);
		return;
	}
	/* Only plans of the fixed zone's name can be checked against it. */
	if (strcmp(plan->zone, "example.com.") != 0 || plan->desired != NULL) {
		snprintf(out, n, "ok %zu changes, not checked",
		    plan->n_changes);
		dl_plan_free(plan);
		return;
	}
	memset(&pf, 0, sizeof(pf));
	if ((rc = dl_engine_filter(plan, &pf)) == 0) {
		snprintf(path, sizeof(path), "%s/plan-live.zone",
		    t_fuzz_scratch());
		rc = dl_zone_load_file(path, plan->zone, &pf.filter, &live,
		    &err);
		dl_engine_filter_free(&pf);
	}
	if (rc != 0)
		say_error(out, n, rc, &err);
	else
		check(plan, live, out, n);
	dl_zone_free(live);
	dl_plan_free(plan);
}

void
t_fuzz_config(const uint8_t *data, size_t size, char *out, size_t n)
{
	struct dl_config *cfg = NULL;
	struct dl_error err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = dl_config_load_buffer("fuzz.yaml", (const char *)data, size, &cfg,
	    &err);
	if (rc != 0)
		say_error(out, n, rc, &err);
	else
		snprintf(out, n, "ok %zu providers, parent_ns_ttl %u",
		    cfg->n_providers, cfg->parent_ns_ttl);
	dl_config_free(cfg);
}

/* Drop the scratch folder from an error line: "SCRATCH/x" -> "x". */
static void
unscratch(char *s)
{
	const char *d = t_fuzz_scratch();
	size_t dl = strlen(d);
	char *p;

	while ((p = strstr(s, d)) != NULL && p[dl] == '/')
		memmove(p, p + dl + 1, strlen(p + dl + 1) + 1);
}

/* Look every kept record's RRset up again: the lookups must agree. */
static size_t
walk_zone(const struct dl_zone *z)
{
	ldns_rr_list *l;
	const ldns_rr *rr;
	size_t i, found = 0;
	char *owner;

	for (i = 0; i < dl_zone_kept_count(z); i++) {
		rr = dl_zone_kept(z, i);
		if ((owner = dl_name_str(ldns_rr_owner(rr))) == NULL)
			continue;
		if ((l = dl_zone_rrset(z, owner, ldns_rr_get_type(rr))) !=
		    NULL) {
			/* The record itself is in its RRset. */
			if (ldns_rr_list_rr_count(l) == 0)
				abort();
			found++;
			ldns_rr_list_free(l);
		}
		if (!dl_zone_has_name(z, owner))
			abort();
		free(owner);
	}
	return found;
}

void
t_fuzz_zone(const uint8_t *data, size_t size, char *out, size_t n)
{
	static const char *const owners[] = { "www.example.com." };
	static const char *const mentions[] = { "192.0.2.1",
	    "ns1.example.com.", "2001:db8::1" };
	struct dl_zone_filter f;
	struct dl_zone *z = NULL;
	struct dl_error err;
	char path[128];
	size_t whole;
	int rc;

	put(t_fuzz_scratch(), "zone.zone", data, size);
	snprintf(path, sizeof(path), "%s/zone.zone", t_fuzz_scratch());
	memset(&err, 0, sizeof(err));
	if ((rc = dl_zone_load_file(path, "example.com.", NULL, &z,
	    &err)) != 0) {
		say_error(out, n, rc, &err);
		unscratch(out);
		return;
	}
	whole = dl_zone_kept_count(z);
	(void)walk_zone(z);
	dl_zone_free(z);
	z = NULL;

	memset(&f, 0, sizeof(f));
	f.owners = owners;
	f.n_owners = sizeof(owners) / sizeof(owners[0]);
	f.mentions = mentions;
	f.n_mentions = sizeof(mentions) / sizeof(mentions[0]);
	/* What loaded whole loads filtered, keeping no more. */
	if ((rc = dl_zone_load_file(path, "example.com.", &f, &z, &err)) != 0 ||
	    dl_zone_kept_count(z) > whole || dl_zone_record_count(z) != whole)
		abort();
	snprintf(out, n, "ok %zu records, %zu kept filtered", whole,
	    dl_zone_kept_count(z));
	(void)walk_zone(z);
	dl_zone_free(z);
}

void
t_fuzz_diff(const uint8_t *data, size_t size, char *out, size_t n)
{
	static const char sep[] = "\n%%\n";
	const uint8_t *cut = NULL;
	struct dl_plan *plan = NULL;
	struct dl_zone *live = NULL, *desired = NULL;
	struct dl_error err;
	char lpath[128], dpath[128];
	size_t i, lsize;
	int rc;

	for (i = 0; i + sizeof(sep) - 1 <= size; i++)
		if (memcmp(data + i, sep, sizeof(sep) - 1) == 0) {
			cut = data + i;
			break;
		}
	lsize = cut != NULL ? (size_t)(cut - data) + 1 : size;
	put(t_fuzz_scratch(), "live.zone", data, lsize);
	if (cut != NULL)
		put(t_fuzz_scratch(), "desired.zone", cut + sizeof(sep) - 1,
		    size - lsize - (sizeof(sep) - 2));
	else
		put(t_fuzz_scratch(), "desired.zone", "", 0);
	snprintf(lpath, sizeof(lpath), "%s/live.zone", t_fuzz_scratch());
	snprintf(dpath, sizeof(dpath), "%s/desired.zone", t_fuzz_scratch());
	memset(&err, 0, sizeof(err));
	if ((rc = dl_diff_desired_plan(dpath, "example.com.", &plan,
	    &err)) != 0 ||
	    (rc = dl_zone_load_file(lpath, plan->zone, NULL, &live,
	    &err)) != 0 ||
	    (rc = dl_zone_load_file(plan->desired, plan->zone, NULL, &desired,
	    &err)) != 0) {
		say_error(out, n, rc, &err);
		unscratch(out);
		goto out;
	}
	if ((rc = dl_diff_plan(plan, live, desired)) != 0) {
		snprintf(out, n, "error %d: the diff failed", rc);
		goto out;
	}
	check(plan, live, out, n);
out:
	dl_zone_free(live);
	dl_zone_free(desired);
	dl_plan_free(plan);
}

void
t_fuzz_reply(const uint8_t *data, size_t size, char *out, size_t n)
{
	enum dl_dnsq_outcome o;
	ldns_rdf *name;
	ldns_pkt *q;
	uint8_t *wire = NULL;
	size_t wlen = 0, answers = 0;
	int rc;

	if (size < 4) {
		snprintf(out, n, "short");
		return;
	}
	if ((name = ldns_dname_new_frm_str(t_fuzz_names[data[3] %
	    t_fuzz_n_names])) == NULL ||
	    (q = ldns_pkt_query_new(name, (ldns_rr_type)(data[1] << 8 |
	    data[2]), LDNS_RR_CLASS_IN, data[0] & 1 ? LDNS_RD : 0)) == NULL)
		abort();
	ldns_pkt_set_id(q, T_FUZZ_ID);
	if (data[0] & 2)
		ldns_pkt_set_edns_udp_size(q, 1232);
	if (ldns_pkt2wire(&wire, q, &wlen) != LDNS_STATUS_OK)
		abort();
	ldns_pkt_free(q);
	rc = dl_dnsq_check_reply(wire, wlen, data + 4, size - 4, &o, &answers);
	free(wire);
	if (rc != 0)
		snprintf(out, n, "error %d", rc);
	else
		snprintf(out, n, "ok %s, %zu answers", dl_dnsq_outcome_name(o),
		    answers);
}

t_fuzz_fn *
t_fuzz_find(const char *target)
{
	if (strcmp(target, "plan") == 0)
		return t_fuzz_plan;
	if (strcmp(target, "config") == 0)
		return t_fuzz_config;
	if (strcmp(target, "zone") == 0)
		return t_fuzz_zone;
	if (strcmp(target, "diff") == 0)
		return t_fuzz_diff;
	if (strcmp(target, "reply") == 0)
		return t_fuzz_reply;
	return NULL;
}
