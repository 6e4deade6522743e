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
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "config.h"
#include "diff.h"
#include "axfr.h"
#include "dnsq.h"
#include "engine.h"
#include "json.h"
#include "plan.h"
#include "report.h"
#include "terraform.h"
#include "tsigkey.h"
#include "yamltree.h"
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
	    "sub/sub.zone", "live.zone", "desired.zone", "plan-live.zone",
	    "example.com.yaml" };
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

/*
 * Check plan against live (loaded with filter) into out, and against
 * the same file read lean (zone.h): unless a rule asked the lean zone
 * about an owner it did not store, the outcome must be the same.
 */
static void
lean_check(const struct dl_plan *plan, const char *path,
    const struct dl_zone_filter *filter, const struct dl_zone *live,
    char *out, size_t n)
{
	struct dl_zone_filter f = *filter;
	struct dl_zone *lean = NULL;
	struct dl_error err;
	char again[256];

	check(plan, live, out, n);
	dl_zone_set_lean_from(0);
	f.lean = 1;
	memset(&err, 0, sizeof(err));
	if (dl_zone_load_file(path, plan->zone, &f, &lean, &err) != 0 ||
	    dl_zone_record_count(lean) != dl_zone_record_count(live) ||
	    dl_zone_kept_count(lean) != dl_zone_kept_count(live))
		abort();
	check(plan, lean, again, sizeof(again));
	if (!dl_zone_lean_missed(lean) && strcmp(out, again) != 0)
		abort();
	dl_zone_free(lean);
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
		if (rc == 0)
			lean_check(plan, path, &pf.filter, live, out, n);
		dl_engine_filter_free(&pf);
	}
	if (rc != 0)
		say_error(out, n, rc, &err);
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
	struct dl_zone *z = NULL, *lean = NULL;
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
	/* Read lean, the same records are read and kept. */
	dl_zone_set_lean_from(0);
	f.lean = 1;
	if ((rc = dl_zone_load_file(path, "example.com.", &f, &lean,
	    &err)) != 0 || dl_zone_record_count(lean) != whole ||
	    dl_zone_kept_count(lean) != dl_zone_kept_count(z))
		abort();
	(void)walk_zone(lean);
	dl_zone_free(lean);
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

/* Are two YAML trees the same, mark for mark and byte for byte? */
static int
same_tree(const struct dl_ynode *a, const struct dl_ynode *b)
{
	size_t i;

	if (a == NULL || b == NULL)
		return a == b;
	if (a->kind != b->kind || a->line != b->line ||
	    a->column != b->column || a->n != b->n || a->len != b->len ||
	    a->plain != b->plain || (a->kind == DL_YSCALAR &&
	    memcmp(a->value, b->value, a->len + 1) != 0))
		return 0;
	for (i = 0; i < a->n; i++)
		if (!same_tree(a->items[i], b->items[i]))
			return 0;
	return 1;
}

/* dl_yaml_parse()'s fast path gives what libyaml gives, or aborts. */
static void
same_yaml(const uint8_t *data, size_t size)
{
	struct dl_ynode *a = NULL, *b = NULL;
	struct dl_error ea, eb;
	int ra, rb;

	memset(&ea, 0, sizeof(ea));
	memset(&eb, 0, sizeof(eb));
	ra = dl_yaml_parse("f.yaml", (const char *)data, size, &a, &ea);
	rb = dl_yaml_parse_libyaml("f.yaml", (const char *)data, size, &b,
	    &eb);
	if (ra != rb || !same_tree(a, b) || (ra != 0 && (ea.line != eb.line ||
	    ea.column != eb.column || strcmp(ea.message, eb.message) != 0)))
		abort();
	dl_ynode_free(a);
	dl_ynode_free(b);
}

void
t_fuzz_octodns(const uint8_t *data, size_t size, char *out, size_t n)
{
	struct dl_plan *plan = NULL;
	struct dl_zone *live = NULL, *desired = NULL;
	struct dl_error err;
	char lpath[128], dpath[128];
	int rc;

	same_yaml(data, size);
	put(t_fuzz_scratch(), "example.com.yaml", data, size);
	snprintf(dpath, sizeof(dpath), "%s/example.com.yaml",
	    t_fuzz_scratch());
	snprintf(lpath, sizeof(lpath), "%s/plan-live.zone", t_fuzz_scratch());
	memset(&err, 0, sizeof(err));
	/* The zone is the file's name: example.com. */
	if ((rc = dl_diff_desired_plan(dpath, NULL, &plan, &err)) != 0 ||
	    (rc = dl_zone_load_file(dpath, plan->zone, NULL, &desired,
	    &err)) != 0 ||
	    (rc = dl_zone_load_file(lpath, plan->zone, NULL, &live,
	    &err)) != 0) {
		say_error(out, n, rc, &err);
		unscratch(out);
		goto out;
	}
	/* Whole, without an SOA, and every record found again. */
	if (dl_zone_soa(desired) != NULL || !dl_zone_is_whole(desired) ||
	    walk_zone(desired) != dl_zone_kept_count(desired))
		abort();
	if ((rc = dl_diff_plan(plan, live, desired)) != 0) {
		snprintf(out, n, "error %d: the diff failed", rc);
		goto out;
	}
	check(plan, live, out, n);
	/* And as the live zone of the same plan. */
	if (strncmp(out, "ok ", 3) == 0 && strlen(out) + 3 < n) {
		strcat(out, "; ");
		check(plan, desired, out + strlen(out), n - strlen(out));
	}
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

/* ---------------------------------------------------------------------
 * Zone transfers and TSIG keys
 *
 * The axfr target's server signs as RFC 8945 says, with its own HMAC code
 * (OpenSSL's), not ldns's that the checks use, and at a fixed time, so
 * that an input always ends the same way.
 */

/* The fixed key's secret: bytes 1, 2, ..., 32. */
static const uint8_t fuzz_secret[32] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
	17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32
};
#define FUZZ_SECRET_B64	"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="

/* The request's MAC, as the checks are told it was. */
static const uint8_t fuzz_request_mac[32] = {
	0xd1, 0x5c, 0xd1, 0x5c, 0xd1, 0x5c, 0xd1, 0x5c,
	0xd1, 0x5c, 0xd1, 0x5c, 0xd1, 0x5c, 0xd1, 0x5c,
	0xd1, 0x5c, 0xd1, 0x5c, 0xd1, 0x5c, 0xd1, 0x5c,
	0xd1, 0x5c, 0xd1, 0x5c, 0xd1, 0x5c, 0xd1, 0x5c
};

const struct t_fuzz_tsig_alg t_fuzz_tsig_algs[4] = {
	{ "hmac-md5", "hmac-md5.sig-alg.reg.int." },
	{ "hmac-sha1", "hmac-sha1." },
	{ "hmac-sha256", "hmac-sha256." },
	{ "hmac-sha512", "hmac-sha512." },
};

static const EVP_MD *
alg_md(size_t i)
{
	switch (i) {
	case 0:
		return EVP_md5();
	case 1:
		return EVP_sha1();
	case 2:
		return EVP_sha256();
	default:
		return EVP_sha512();
	}
}

/* A growing byte string; aborts when out of memory. */
struct bytes {
	uint8_t	*p;
	size_t	 len, cap;
};

static void
bytes_add(struct bytes *b, const void *data, size_t n)
{
	uint8_t *g;

	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		if ((g = realloc(b->p, b->cap)) == NULL)
			abort();
		b->p = g;
	}
	if (n > 0)
		memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void
bytes_u16(struct bytes *b, unsigned v)
{
	uint8_t x[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	bytes_add(b, x, 2);
}

/* name (text) in wire form, lower case, into b; aborts on a bad name. */
static void
bytes_name(struct bytes *b, const char *name)
{
	ldns_rdf *r;

	if ((r = ldns_dname_new_frm_str(name)) == NULL)
		abort();
	ldns_dname2canonical(r);
	bytes_add(b, ldns_rdf_data(r), ldns_rdf_size(r));
	ldns_rdf_deep_free(r);
}

/* A server signing a transfer's messages (RFC 8945 5.3.1). */
struct signer {
	const char	*key_name;	/* text */
	size_t		 alg;		/* index in t_fuzz_tsig_algs */
	uint8_t		 prior[2 + EVP_MAX_MD_SIZE];	/* size, MAC */
	size_t		 prior_len;
	struct bytes	 pending;	/* unsigned messages since */
};

/*
 * Sign the message in m (at offset at, to its end) as the server would:
 * ctl bit 1 with another secret, bits 2-3 the signing time (now, 301 s
 * before, 301 s after, 300 s after), bit 4 with the error BADTIME (and
 * bit 1: BADSIG), bit 5 with another key name; first: the transfer's
 * first message (all TSIG variables, else the timers).
 */
static void
sign(struct signer *sg, struct bytes *m, size_t at, uint8_t ctl, int first)
{
	static const int64_t offsets[4] = { 0, -301, 301, 300 };
	uint8_t secret[sizeof(fuzz_secret)], mac[EVP_MAX_MD_SIZE], t[8];
	struct bytes d = { NULL, 0, 0 }, rd = { NULL, 0, 0 };
	size_t len = m->len - at, i;
	uint64_t when = (uint64_t)(T_FUZZ_NOW + offsets[(ctl >> 2) & 3]);
	unsigned error = ctl & 0x10 ? ctl & 2 ? 16 : 18 : 0, mlen = 0, ar;
	uint8_t *msg = m->p + at;
	const char *key_name = ctl & 0x20 ? "other-key." : sg->key_name;

	memcpy(secret, fuzz_secret, sizeof(secret));
	if (ctl & 2)
		secret[0] ^= 0xff;
	for (i = 0; i < 6; i++)
		t[i] = (uint8_t)(when >> (8 * (5 - i)));
	t[6] = 300 >> 8;
	t[7] = 300 & 0xff;
	bytes_add(&d, sg->prior, sg->prior_len);
	bytes_add(&d, sg->pending.p, sg->pending.len);
	bytes_add(&d, msg, len);
	if (first) {
		bytes_name(&d, key_name);
		bytes_u16(&d, LDNS_RR_CLASS_ANY);
		bytes_u16(&d, 0);
		bytes_u16(&d, 0);
		bytes_name(&d, t_fuzz_tsig_algs[sg->alg].ldns_name);
	}
	bytes_add(&d, t, 8);
	if (first) {
		bytes_u16(&d, error);
		bytes_u16(&d, 0);
	}
	if (HMAC(alg_md(sg->alg), secret, (int)sizeof(secret), d.p, d.len,
	    mac, &mlen) == NULL)
		abort();
	free(d.p);

	/* The TSIG record, at the end of the additional section. */
	bytes_name(&rd, t_fuzz_tsig_algs[sg->alg].ldns_name);
	bytes_add(&rd, t, 8);
	bytes_u16(&rd, mlen);
	bytes_add(&rd, mac, mlen);
	bytes_add(&rd, msg, 2);			/* original id */
	bytes_u16(&rd, error);
	bytes_u16(&rd, 0);
	ar = (unsigned)(msg[10] << 8 | msg[11]) + 1;
	msg[10] = (uint8_t)(ar >> 8);
	msg[11] = (uint8_t)ar;
	bytes_name(m, key_name);
	bytes_u16(m, LDNS_RR_TYPE_TSIG);
	bytes_u16(m, LDNS_RR_CLASS_ANY);
	bytes_u16(m, 0);
	bytes_u16(m, 0);
	bytes_u16(m, (unsigned)rd.len);
	bytes_add(m, rd.p, rd.len);
	free(rd.p);

	sg->prior[0] = (uint8_t)(mlen >> 8);
	sg->prior[1] = (uint8_t)mlen;
	memcpy(sg->prior + 2, mac, mlen);
	sg->prior_len = 2 + mlen;
	sg->pending.len = 0;
}

/* What the server sends for input (harness.h, axfr): the stream, in *out
 * (free it). */
static void
axfr_stream(const uint8_t *data, size_t size, struct signer *sg,
    struct bytes *out)
{
	struct bytes m = { NULL, 0, 0 };
	size_t off = 0, len, n = 0;
	uint8_t ctl;

	while (off < size) {
		ctl = data[off++];
		if (ctl & 0x80) {
			bytes_add(out, data + off, size - off);
			break;
		}
		if (size - off < 2)
			break;
		len = (size_t)data[off] << 8 | data[off + 1];
		off += 2;
		if (len > size - off)
			len = size - off;
		m.len = 0;
		bytes_add(&m, data + off, len);
		off += len;
		if (m.len >= 2 && !(ctl & 0x40)) {
			m.p[0] = T_FUZZ_ID >> 8;
			m.p[1] = T_FUZZ_ID & 0xff;
		}
		if (m.len >= LDNS_HEADER_SIZE) {
			if (ctl & 1)
				sign(sg, &m, 0, ctl, n == 0);
			else
				bytes_add(&sg->pending, m.p, m.len);
		}
		n++;
		/* A message longer than 65535 bytes is cut by its length. */
		bytes_u16(out, (unsigned)(m.len & 0xffff));
		bytes_add(out, m.p, m.len);
	}
	free(m.p);
}

/* Parse the key file text, which must be good. */
static struct dl_dnsq_tsig *
fixed_key(const char *name, size_t alg)
{
	struct dl_dnsq_tsig *k = NULL;
	struct dl_error err;
	char text[256];

	snprintf(text, sizeof(text), "key \"%s\" { algorithm %s; secret "
	    "\"%s\"; };\n", name, t_fuzz_tsig_algs[alg].name,
	    FUZZ_SECRET_B64);
	if (dl_dnsq_tsig_parse("fixed.key", text, strlen(text), &k, &err) != 0)
		abort();
	return k;
}

/* Check the stream of a transfer of example.com. with key (or NULL). */
static void
axfr_run(const struct bytes *stream, const struct dl_dnsq_tsig *key,
    char *out, size_t n)
{
	struct dl_dnsq_server srv;
	struct dl_dnsq_axfr_info info;
	struct dl_error err;
	ldns_rr_list *list = NULL;
	ldns_rdf *zone;
	const ldns_rr *rr;
	size_t i;
	int rc;

	memset(&err, 0, sizeof(err));
	if (dl_dnsq_server_parse("192.0.2.1", &srv, &err) != 0)
		abort();
	rc = dl_dnsq_axfr_check(&srv, "example.com", key, T_FUZZ_ID,
	    fuzz_request_mac, sizeof(fuzz_request_mac), T_FUZZ_NOW,
	    stream->p, stream->len, &list, &info, &err);
	if (rc != 0) {
		say_error(out, n, rc, &err);
		return;
	}
	/* What a transfer gives is the zone's, of class IN, SOA first. */
	if ((zone = ldns_dname_new_frm_str("example.com.")) == NULL)
		abort();
	if (ldns_rr_list_rr_count(list) != info.records ||
	    info.records == 0 ||
	    ldns_rr_get_type(ldns_rr_list_rr(list, 0)) != LDNS_RR_TYPE_SOA ||
	    ldns_dname_compare(ldns_rr_owner(ldns_rr_list_rr(list, 0)),
	    zone) != 0)
		abort();
	for (i = 0; i < info.records; i++) {
		rr = ldns_rr_list_rr(list, i);
		if (ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN ||
		    (ldns_dname_compare(ldns_rr_owner(rr), zone) != 0 &&
		    !ldns_dname_is_subdomain(ldns_rr_owner(rr), zone)))
			abort();
	}
	ldns_rdf_deep_free(zone);
	snprintf(out, n, "ok %zu records, serial %u, %u messages%s",
	    info.records, info.serial, info.messages,
	    info.tsig ? ", signed" : "");
	ldns_rr_list_deep_free(list);
}

void
t_fuzz_axfr(const uint8_t *data, size_t size, char *out, size_t n)
{
	struct dl_dnsq_tsig *key = NULL;
	struct bytes stream = { NULL, 0, 0 };
	struct signer sg;

	if (size < 1) {
		snprintf(out, n, "short");
		return;
	}
	/* The server signs what it is told to, with or without a key in
	 * the request: a refusal may explain itself in its TSIG. */
	memset(&sg, 0, sizeof(sg));
	sg.key_name = "dnslint-fuzz.";
	sg.alg = (size_t)(data[0] >> 1) & 3;
	sg.prior[0] = 0;
	sg.prior[1] = sizeof(fuzz_request_mac);
	memcpy(sg.prior + 2, fuzz_request_mac, sizeof(fuzz_request_mac));
	sg.prior_len = 2 + sizeof(fuzz_request_mac);
	if (data[0] & 1)
		key = fixed_key(sg.key_name, sg.alg);
	axfr_stream(data + 1, size - 1, &sg, &stream);
	free(sg.pending.p);
	axfr_run(&stream, key, out, n);
	dl_dnsq_tsig_free(key);
	free(stream.p);
}

/*
 * The key file target: parse it; a key that loads then checks a transfer
 * whose one message a server signed with the key's name and algorithm but
 * the fixed secret, so its own secret is decoded and used.
 */
void
t_fuzz_tsigkey(const uint8_t *data, size_t size, char *out, size_t n)
{
	static const uint8_t msg[] = {
		0xd1, 0x5c, 0x84, 0x00, 0x00, 0x01, 0x00, 0x02,
		0x00, 0x00, 0x00, 0x00,
		/* example.com. AXFR IN */
		7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
		0x00, 0xfc, 0x00, 0x01,
		/* example.com. 300 IN SOA . . 1 1 1 1 1, twice */
		0xc0, 0x0c, 0x00, 0x06, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c,
		0x00, 0x16, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1,
		0, 0, 0, 1, 0, 0, 0, 1,
		0xc0, 0x0c, 0x00, 0x06, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c,
		0x00, 0x16, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1,
		0, 0, 0, 1, 0, 0, 0, 1,
	};
	struct dl_dnsq_tsig *key = NULL;
	struct bytes m = { NULL, 0, 0 }, stream = { NULL, 0, 0 };
	struct dl_error err;
	struct signer sg;
	char line[256];
	size_t i;
	int rc;

	memset(&err, 0, sizeof(err));
	if ((rc = dl_dnsq_tsig_parse("fuzz.key", (const char *)data, size,
	    &key, &err)) != 0) {
		say_error(out, n, rc, &err);
		return;
	}
	memset(&sg, 0, sizeof(sg));
	sg.key_name = dl_dnsq_tsig_name(key);
	for (i = 0; i < 4; i++)
		if (strcmp(t_fuzz_tsig_algs[i].name,
		    dl_dnsq_tsig_algorithm(key)) == 0)
			sg.alg = i;
	sg.prior[1] = sizeof(fuzz_request_mac);
	memcpy(sg.prior + 2, fuzz_request_mac, sizeof(fuzz_request_mac));
	sg.prior_len = 2 + sizeof(fuzz_request_mac);
	bytes_add(&m, msg, sizeof(msg));
	sign(&sg, &m, 0, 0, 1);
	bytes_u16(&stream, (unsigned)m.len);
	bytes_add(&stream, m.p, m.len);
	axfr_run(&stream, key, line, sizeof(line));
	snprintf(out, n, "ok %s %s: %s", dl_dnsq_tsig_name(key),
	    dl_dnsq_tsig_algorithm(key), line);
	free(m.p);
	free(stream.p);
	free(sg.pending.p);
	dl_dnsq_tsig_free(key);
}

void
t_fuzz_terraform(const uint8_t *data, size_t size, char *out, size_t n)
{
	struct dl_ynode *root = NULL;
	struct dl_plan **plans = NULL;
	struct dl_error err;
	size_t i, np = 0, records, len;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = dl_json_parse("fuzz.json", (const char *)data, size, &root,
	    &err);
	if (rc == 0 && !dl_terraform_is_plan(root)) {
		snprintf(out, n, "ok not a Terraform plan");
		dl_ynode_free(root);
		return;
	}
	if (rc == 0)
		rc = dl_terraform_load("fuzz.json", t_fuzz_scratch(), root,
		    "example.com.", T_FUZZ_NOW, &plans, &np, &records, &err);
	dl_ynode_free(root);
	if (rc != 0) {
		say_error(out, n, rc, &err);
		return;
	}
	snprintf(out, n, "ok %zu plans", np);
	for (i = 0; i < np; i++) {
		len = strlen(out);
		if (len + 2 < n) {
			out[len++] = ';';
			out[len++] = ' ';
			check(plans[i], plans[i]->before, out + len, n - len);
		}
		dl_plan_free(plans[i]);
	}
	free(plans);
}

t_fuzz_fn *
t_fuzz_find(const char *target)
{
	if (strcmp(target, "terraform") == 0)
		return t_fuzz_terraform;
	if (strcmp(target, "plan") == 0)
		return t_fuzz_plan;
	if (strcmp(target, "config") == 0)
		return t_fuzz_config;
	if (strcmp(target, "zone") == 0)
		return t_fuzz_zone;
	if (strcmp(target, "diff") == 0)
		return t_fuzz_diff;
	if (strcmp(target, "octodns") == 0)
		return t_fuzz_octodns;
	if (strcmp(target, "reply") == 0)
		return t_fuzz_reply;
	if (strcmp(target, "axfr") == 0)
		return t_fuzz_axfr;
	if (strcmp(target, "tsigkey") == 0)
		return t_fuzz_tsigkey;
	return NULL;
}
