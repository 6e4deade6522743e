/*
 * test_plan.c - the plan loader and the YAML tree under it.
 *
 * Run from the top of the source tree: fixture paths are relative to it
 * and appear in the expected error lines.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "corpus.h"
#include "dtime.h"
#include "plan.h"
#include "yamltree.h"

#define BAD_PLANS	"tests/fixtures/bad-plans"
#define PLANS		"tests/fixtures/plans"

/* 2026-11-22T12:00:00Z, the design's "now". */
#define NOW		INT64_C(1795348800)
#define T_CUTOVER	INT64_C(1796119200)	/* 2026-12-01T10:00:00Z */
#define T_LOWERED	INT64_C(1795860000)	/* 2026-11-28T10:00:00Z */
#define T_DECOM		INT64_C(1796126400)	/* 2026-12-01T12:00:00Z */

static char *
rr_str(const ldns_rr_list *list, size_t i)
{
	static char buf[512];
	char *s;

	assert_non_null(list);
	assert_true(i < ldns_rr_list_rr_count(list));
	s = ldns_rr2str(ldns_rr_list_rr(list, i));
	assert_non_null(s);
	snprintf(buf, sizeof(buf), "%s", s);
	free(s);
	/* ldns ends the line with a newline and separates with tabs. */
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static struct dl_plan *
load_ok(const char *path)
{
	struct dl_plan *p = NULL;
	struct dl_error err;
	char msg[1600];
	int rc;

	memset(&err, 0, sizeof(err));
	rc = dl_plan_load(path, NOW, &p, &err);
	if (rc != 0)
		fail_msg("%s", dl_error_format(&err, msg, sizeof(msg)));
	assert_non_null(p);
	return p;
}

/* Load a buffer that must fail; returns the formatted error. */
static const char *
load_bad(const char *text, int want_rc)
{
	static char msg[1600];
	struct dl_plan *p = NULL;
	struct dl_error err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = dl_plan_load_buffer("t.yaml", ".", text, strlen(text), NOW, &p,
	    &err);
	assert_int_equal(rc, want_rc);
	assert_null(p);
	return dl_error_format(&err, msg, sizeof(msg));
}

#define assert_pos(p, l, c) do {					\
	assert_int_equal((p).line, (l));				\
	assert_int_equal((p).column, (c));				\
} while (0)

static void
test_dl_plan_load_design_example(void **state)
{
	struct dl_plan *p;
	struct dl_change *c;

	(void)state;
	p = load_ok(PLANS "/design-example.yaml");
	assert_string_equal(p->file, PLANS "/design-example.yaml");
	assert_string_equal(p->dir, PLANS);
	assert_string_equal(p->zone, "example.com.");
	assert_pos(p->zone_pos, 3, 1);
	assert_int_equal(p->has_cutover, 1);
	assert_int_equal(p->cutover, T_CUTOVER);
	assert_pos(p->cutover_pos, 4, 1);
	assert_string_equal(p->live_zone_file,
	    PLANS "/../zones/example.com.zone");
	assert_pos(p->live_zone_file_pos, 5, 1);
	assert_null(p->desired);

	assert_int_equal(p->n_changes, 2);
	c = &p->changes[0];
	assert_pos(c->pos, 7, 5);
	assert_string_equal(c->owner, "www.example.com.");
	assert_int_equal(c->type, LDNS_RR_TYPE_A);
	assert_int_equal(c->delete, 0);
	assert_int_equal(ldns_rr_list_rr_count(c->to), 1);
	assert_string_equal(rr_str(c->to, 0),
	    "www.example.com.\t300\tIN\tA\t198.51.100.10");
	assert_pos(c->to_pos, 9, 5);
	assert_int_equal(c->has_ttl, 1);
	assert_int_equal(c->ttl, 300);
	assert_pos(c->ttl_pos, 10, 5);
	assert_int_equal(ldns_rr_list_rr_count(c->from), 1);
	assert_string_equal(rr_str(c->from, 0),
	    "www.example.com.\t0\tIN\tA\t192.0.2.10");
	assert_pos(c->from_pos, 11, 5);
	assert_int_equal(c->lowered.set, 0);

	c = &p->changes[1];
	assert_pos(c->pos, 12, 5);
	assert_string_equal(c->owner, "example.com.");
	assert_int_equal(c->type, LDNS_RR_TYPE_NS);
	assert_int_equal(ldns_rr_list_rr_count(c->to), 2);
	assert_string_equal(rr_str(c->to, 0),
	    "example.com.\t3600\tIN\tNS\tns-1.awsdns-01.org.");
	assert_string_equal(rr_str(c->to, 1),
	    "example.com.\t3600\tIN\tNS\tns1.example-dns.net.");
	assert_int_equal(c->ttl, 3600);
	assert_null(c->from);
	assert_pos(c->from_pos, 0, 0);

	assert_int_equal(p->lowered.set, 1);
	assert_int_equal(p->lowered.at, T_LOWERED);
	assert_int_equal(p->lowered.has_from, 1);
	assert_int_equal(p->lowered.from, 86400);
	assert_int_equal(p->lowered.has_to, 1);
	assert_int_equal(p->lowered.to, 300);
	assert_pos(p->lowered.pos, 16, 1);

	assert_int_equal(p->n_decommission, 1);
	assert_string_equal(p->decommission[0].target, "192.0.2.10");
	assert_int_equal(p->decommission[0].is_address, 1);
	assert_int_equal(p->decommission[0].at, T_DECOM);
	assert_pos(p->decommission[0].pos, 21, 5);

	assert_int_equal(p->dnssec_strategy, DL_STRATEGY_MULTI_SIGNER);
	assert_pos(p->dnssec_strategy_pos, 23, 1);
	dl_plan_free(p);
}

static void
test_dl_plan_load_names(void **state)
{
	struct dl_plan *p;
	struct dl_change *c;

	(void)state;
	p = load_ok(PLANS "/names.yaml");
	assert_string_equal(p->zone, "example.com.");
	assert_int_equal(p->has_cutover, 0);
	assert_int_equal(p->cutover, NOW);
	assert_int_equal(p->n_changes, 6);

	c = &p->changes[0];		/* "@" */
	assert_string_equal(c->owner, "example.com.");
	assert_int_equal(c->type, LDNS_RR_TYPE_MX);
	assert_int_equal(c->has_ttl, 0);
	assert_string_equal(rr_str(c->to, 0),
	    "example.com.\t0\tIN\tMX\t10 mail.example.com.");
	assert_string_equal(rr_str(c->to, 1),
	    "example.com.\t0\tIN\tMX\t20 mx.example.net.");

	c = &p->changes[1];		/* relative, upper case, one scalar */
	assert_string_equal(c->owner, "www.example.com.");
	assert_int_equal(ldns_rr_list_rr_count(c->to), 1);
	assert_string_equal(rr_str(c->to, 0),
	    "www.example.com.\t0\tIN\tCNAME\tweb.example.net.");

	c = &p->changes[2];		/* ends in the zone: absolute */
	assert_string_equal(c->owner, "api.example.com.");

	c = &p->changes[3];		/* absolute, deleted */
	assert_string_equal(c->owner, "old.example.com.");
	assert_int_equal(c->delete, 1);
	assert_null(c->to);
	assert_string_equal(rr_str(c->from, 0),
	    "old.example.com.\t0\tIN\tA\t192.0.2.7");

	c = &p->changes[4];		/* wildcard */
	assert_string_equal(c->owner, "*.dev.example.com.");
	assert_int_equal(c->type, LDNS_RR_TYPE_TXT);

	c = &p->changes[5];		/* the zone's own name, no dot */
	assert_string_equal(c->owner, "example.com.");
	assert_int_equal(c->type, LDNS_RR_TYPE_NS);
	assert_string_equal(rr_str(c->to, 0),
	    "example.com.\t0\tIN\tNS\tns1.example.com.");
	dl_plan_free(p);
}

static void
test_dl_plan_lowering_per_change(void **state)
{
	const struct dl_lowering *lw;
	struct dl_plan *p;

	(void)state;
	p = load_ok(PLANS "/lowering.yaml");
	/* 2026-12-01T11:00:00+01:00 */
	assert_int_equal(p->cutover, T_CUTOVER);
	assert_int_equal(p->n_changes, 2);

	/* www states none: the plan's applies. */
	lw = dl_plan_lowering(p, &p->changes[0]);
	assert_ptr_equal(lw, &p->lowered);
	assert_int_equal(lw->set, 1);
	assert_int_equal(lw->at, T_LOWERED);
	assert_int_equal(lw->from, 86400);
	assert_int_equal(lw->to, 300);
	assert_pos(lw->pos, 5, 1);

	/* mail has its own, without 'to'. */
	lw = dl_plan_lowering(p, &p->changes[1]);
	assert_ptr_equal(lw, &p->changes[1].lowered);
	assert_int_equal(lw->set, 1);
	assert_int_equal(lw->at, T_LOWERED + 2 * 86400);
	assert_int_equal(lw->has_from, 1);
	assert_int_equal(lw->from, 9 * 86400 + 3 * 3600);
	assert_int_equal(lw->has_to, 0);
	assert_pos(lw->pos, 18, 5);
	dl_plan_free(p);
}

static void
test_dl_plan_lowering_none(void **state)
{
	struct dl_plan *p;

	(void)state;
	p = load_ok(PLANS "/names.yaml");
	assert_int_equal(dl_plan_lowering(p, &p->changes[0])->set, 0);
	assert_ptr_equal(dl_plan_lowering(p, NULL), &p->lowered);
	dl_plan_free(p);
}

static void
test_dl_plan_load_durations(void **state)
{
	struct dl_plan *p;

	(void)state;
	p = load_ok(PLANS "/lowering.yaml");
	assert_int_equal(p->changes[0].ttl, 300);	/* "0300" */
	assert_int_equal(p->changes[1].ttl, 3600);	/* "1h" */
	assert_int_equal(p->lowered.from, 86400);	/* "1d" */
	assert_int_equal(p->lowered.to, 300);		/* "5m" */
	assert_string_equal(rr_str(p->changes[1].to, 0),
	    "mail.example.com.\t3600\tIN\tA\t198.51.100.25");
	dl_plan_free(p);
}

static void
test_dl_plan_load_ttl_bounds(void **state)
{
	static const char head[] = "zone: example.com\nchanges:\n"
	    "  - {name: www, type: A, to: [192.0.2.1], ttl: ";
	struct dl_plan *p = NULL;
	struct dl_error err;
	char buf[256];

	(void)state;
	snprintf(buf, sizeof(buf), "%s2147483647}\n", head);
	assert_int_equal(dl_plan_load_buffer("t.yaml", ".", buf, strlen(buf),
	    NOW, &p, &err), 0);
	assert_int_equal(p->changes[0].ttl, 2147483647u);
	dl_plan_free(p);
	snprintf(buf, sizeof(buf), "%s0}\n", head);
	assert_int_equal(dl_plan_load_buffer("t.yaml", ".", buf, strlen(buf),
	    NOW, &p, &err), 0);
	assert_int_equal(p->changes[0].has_ttl, 1);
	assert_int_equal(p->changes[0].ttl, 0);
	assert_int_equal(ldns_rr_ttl(ldns_rr_list_rr(p->changes[0].to, 0)),
	    0);
	dl_plan_free(p);
	snprintf(buf, sizeof(buf), "%s99999999999999999999999}\n", head);
	assert_string_equal(load_bad(buf, DL_EINPUT), "t.yaml:3:48: 'ttl' "
	    "must be between 0 and 2147483647 seconds, got "
	    "'99999999999999999999999'");
	snprintf(buf, sizeof(buf), "%s1h1x}\n", head);
	assert_string_equal(load_bad(buf, DL_EINPUT), "t.yaml:3:48: 'ttl' "
	    "must be a number of seconds or a duration like 5m, got '1h1x'");
}

/* child_ns_ttl: a delegation's child NS TTL; nowhere else. */
static void
test_dl_plan_load_child_ns_ttl(void **state)
{
	static const char good[] = "zone: example.com\nchanges:\n"
	    "  - {name: sub, type: NS, to: [ns1.example.net.], "
	    "child_ns_ttl: 1d}\n";
	struct dl_plan *p = NULL;
	struct dl_error err;

	(void)state;
	assert_int_equal(dl_plan_load_buffer("t.yaml", ".", good,
	    strlen(good), NOW, &p, &err), 0);
	assert_int_equal(p->changes[0].has_child_ns_ttl, 1);
	assert_int_equal(p->changes[0].child_ns_ttl, 86400);
	assert_pos(p->changes[0].child_ns_ttl_pos, 3, 51);
	dl_plan_free(p);
	assert_string_equal(load_bad("zone: example.com\nchanges:\n"
	    "  - {name: '@', type: NS, to: [ns1.example.net.], "
	    "child_ns_ttl: 300}\n", DL_EINPUT), "t.yaml:3:51: "
	    "'child_ns_ttl' has meaning only in an NS change below the apex "
	    "(a delegation)");
	assert_string_equal(load_bad("zone: example.com\nchanges:\n"
	    "  - {name: www, type: A, to: [192.0.2.1], child_ns_ttl: 300}\n",
	    DL_EINPUT), "t.yaml:3:43: 'child_ns_ttl' has meaning only in an "
	    "NS change below the apex (a delegation)");
	assert_string_equal(load_bad("zone: example.com\nchanges:\n"
	    "  - {name: sub, type: NS, to: [ns1.example.net.], "
	    "child_ns_ttl: soon}\n", DL_EINPUT), "t.yaml:3:65: "
	    "'child_ns_ttl' must be a number of seconds or a duration like "
	    "5m, got 'soon'");
}

/*
 * A target with dots but no final dot would be read relative to the zone:
 * refused at its place; one ending in the zone's name is absolute.
 */
static void
test_dl_plan_load_target_without_final_dot(void **state)
{
	static const char text[] =
	    "zone: example.com.\n"
	    "changes:\n"
	    "  - {name: '@', type: MX, to: ['10 mail.example.com', '20 mx2',\n"
	    "     '30 Mx3.EXAMPLE.COM', '40 mx.example.net.']}\n";
	static const char *const want[] = { "mail.example.com.",
	    "mx2.example.com.", "Mx3.EXAMPLE.COM.", "mx.example.net." };
	struct dl_plan *p = NULL;
	struct dl_error err;
	size_t i;
	char *t;

	(void)state;
	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_plan_load_buffer("t.yaml", ".", text,
	    strlen(text), NOW, &p, &err), 0);
	assert_int_equal(ldns_rr_list_rr_count(p->changes[0].to), 4);
	for (i = 0; i < 4; i++) {
		t = ldns_rdf2str(ldns_rr_rdf(ldns_rr_list_rr(p->changes[0].to,
		    i), 1));
		assert_string_equal(t, want[i]);
		free(t);
	}
	dl_plan_free(p);
	assert_string_equal(load_bad("zone: example.com.\n"
	    "changes:\n"
	    "  - name: api\n"
	    "    type: CNAME\n"
	    "    to: [api.new-hosting.example.org]\n", DL_EINPUT),
	    "t.yaml:5:10: the CNAME target 'api.new-hosting.example.org' has "
	    "dots but no final dot: it would be read as "
	    "api.new-hosting.example.org.example.com.; write "
	    "'api.new-hosting.example.org.' for that name, or a name relative "
	    "to example.com. without dots");
	/* Not at a label boundary: "badexample.com" is not in the zone. */
	assert_string_equal(load_bad("zone: example.com.\n"
	    "changes: [{name: '@', type: NS, to: [ns.badexample.com]}]\n",
	    DL_EINPUT),
	    "t.yaml:2:38: the NS target 'ns.badexample.com' has dots but no "
	    "final dot: it would be read as ns.badexample.com.example.com.; "
	    "write 'ns.badexample.com.' for that name, or a name relative to "
	    "example.com. without dots");
}

/* The times of a provider move's steps, and a bad one at its value. */
static void
test_dl_plan_load_move_times(void **state)
{
	static const char text[] =
	    "zone: example.com.\n"
	    "changes: [{name: '@', type: NS, to: [ns1.example.net.]}]\n"
	    "delegation_at: now+1d\n"
	    "ds_remove_at: now\n"
	    "dnskey_add_at: now+2h\n";
	struct dl_plan *p = NULL;
	struct dl_error err;

	(void)state;
	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_plan_load_buffer("t.yaml", ".", text,
	    strlen(text), NOW, &p, &err), 0);
	assert_int_equal(p->has_delegation_at, 1);
	assert_int_equal(p->delegation_at, NOW + 86400);
	assert_pos(p->delegation_at_pos, 3, 1);
	assert_int_equal(p->has_ds_remove_at, 1);
	assert_int_equal(p->ds_remove_at, NOW);
	assert_int_equal(p->has_dnskey_add_at, 1);
	assert_int_equal(p->dnskey_add_at, NOW + 7200);
	assert_pos(p->dnskey_add_at_pos, 5, 1);
	dl_plan_free(p);
	assert_string_equal(load_bad("zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [192.0.2.1]}]\n"
	    "delegation_at: tomorrow\n", DL_EINPUT),
	    "t.yaml:3:16: 'delegation_at' must be an RFC 3339 time like "
	    "2026-12-01T10:00:00Z, 'now' or 'now+2h', got 'tomorrow'");
}

static void
test_dl_plan_load_now_times(void **state)
{
	struct dl_plan *p;

	(void)state;
	p = load_ok(PLANS "/now.yaml");
	assert_string_equal(p->zone, "example.org.");
	assert_int_equal(p->has_cutover, 1);
	assert_int_equal(p->cutover, NOW + 2 * 3600);
	assert_string_equal(p->desired, PLANS "/zones/example.org.zone");
	assert_pos(p->desired_pos, 4, 1);
	assert_string_equal(p->live_zone_file, "/srv/dns/example.org.zone");
	assert_int_equal(p->n_changes, 0);
	assert_int_equal(p->lowered.set, 1);
	assert_int_equal(p->lowered.at, NOW - 86400);
	assert_int_equal(p->lowered.has_from, 0);
	assert_int_equal(p->lowered.has_to, 0);
	assert_int_equal(p->n_decommission, 2);
	assert_string_equal(p->decommission[0].target, "ns1.old-dns.net.");
	assert_int_equal(p->decommission[0].is_address, 0);
	assert_int_equal(p->decommission[0].at, NOW + 2 * 86400);
	assert_pos(p->decommission[0].pos, 9, 5);
	assert_string_equal(p->decommission[1].target, "2001:db8::53");
	assert_int_equal(p->decommission[1].is_address, 1);
	assert_int_equal(p->decommission[1].at, T_DECOM);
	assert_int_equal(p->dnssec_strategy, DL_STRATEGY_UNSIGN_FIRST);
	dl_plan_free(p);
}

static void
test_dl_plan_load_buffer_stdin_style(void **state)
{
	static const char text[] =
	    "zone: example.net\n"
	    "desired: next.zone\n";
	struct dl_plan *p = NULL;
	struct dl_error err;

	(void)state;
	assert_int_equal(dl_plan_load_buffer("<stdin>", ".", text,
	    strlen(text), NOW, &p, &err), 0);
	assert_string_equal(p->file, "<stdin>");
	assert_string_equal(p->dir, ".");
	assert_string_equal(p->zone, "example.net.");
	/* With dir ".", a relative path stays as written. */
	assert_string_equal(p->desired, "next.zone");
	dl_plan_free(p);

	/* Errors name the file as given. */
	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_plan_load_buffer("<stdin>", NULL, "zone: [x]\n",
	    10, NOW, &p, &err), DL_EINPUT);
	assert_string_equal(err.file, "<stdin>");
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 7);
}

static void
test_dl_plan_load_stdin(void **state)
{
	static const char text[] = "zone: example.net\ndesired: x.zone\n";
	char path[] = "/tmp/dnslint-test-XXXXXX";
	struct dl_plan *p = NULL;
	struct dl_error err;
	int fd, saved;

	(void)state;
	assert_true((fd = mkstemp(path)) != -1);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_true((saved = dup(STDIN_FILENO)) != -1);
	assert_true(dup2(fd, STDIN_FILENO) != -1);
	close(fd);
	unlink(path);
	assert_int_equal(dl_plan_load("-", NOW, &p, &err), 0);
	assert_true(dup2(saved, STDIN_FILENO) != -1);
	close(saved);
	assert_string_equal(p->file, "<stdin>");
	assert_string_equal(p->dir, ".");
	assert_string_equal(p->desired, "x.zone");
	dl_plan_free(p);
}

static void
test_dl_plan_load_missing_file(void **state)
{
	struct dl_plan *p = NULL;
	struct dl_error err;
	char msg[1600];

	(void)state;
	assert_int_equal(dl_plan_load("tests/fixtures/no-such-plan.yaml", NOW,
	    &p, &err), DL_EIO);
	assert_null(p);
	assert_string_equal(dl_error_format(&err, msg, sizeof(msg)),
	    "tests/fixtures/no-such-plan.yaml: cannot read: "
	    "No such file or directory");
}

static void
test_dl_plan_load_fifo(void **state)
{
	char dir[] = "/tmp/dnslint-test-XXXXXX", path[64], msg[1600];
	struct dl_plan *p = NULL;
	struct dl_error err;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/plan.yaml", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	/* Would block forever if the loader opened it. */
	assert_int_equal(dl_plan_load(path, NOW, &p, &err), DL_EIO);
	assert_null(p);
	assert_int_equal(err.line, 0);
	assert_string_equal(err.message,
	    "cannot read: not a regular file (a FIFO)");
	snprintf(msg, sizeof(msg), "%s", err.file);
	assert_string_equal(msg, path);
	unlink(path);

	assert_int_equal(dl_plan_load(dir, NOW, &p, &err), DL_EIO);
	assert_string_equal(err.message,
	    "cannot read: not a regular file (a directory)");
	assert_int_equal(dl_plan_load("/dev/null", NOW, &p, &err), DL_EIO);
	assert_string_equal(err.message,
	    "cannot read: not a regular file (a device)");
	rmdir(dir);
}

static void
test_dl_plan_load_too_large(void **state)
{
	char path[] = "/tmp/dnslint-test-XXXXXX";
	struct dl_plan *p = NULL;
	struct dl_error err;
	int fd;

	(void)state;
	assert_true((fd = mkstemp(path)) != -1);
	/* Sparse: nothing is written, the size alone is refused. */
	assert_int_equal(ftruncate(fd, DL_YAML_MAX_FILE + 1), 0);
	close(fd);
	assert_int_equal(dl_plan_load(path, NOW, &p, &err), DL_EINPUT);
	assert_string_equal(err.message, "larger than 16 MiB; that is not a "
	    "plausible plan or configuration");
	unlink(path);
}

static void
test_dl_plan_load_rdata_forms(void **state)
{
	static const char text[] =
	    "zone: example.com\n"
	    "changes:\n"
	    "  - name: _sip._tcp\n"
	    "    type: srv\n"
	    "    to: ['10 5 5060 sip']\n"
	    "  - name: \"@\"\n"
	    "    type: CAA\n"
	    "    to: ['0 issue \"ca.example.net\"']\n"
	    "  - name: \"@\"\n"
	    "    type: MX\n"
	    "    to: ['0 .']\n";
	struct dl_plan *p = NULL;
	struct dl_error err;
	char msg[1600];

	(void)state;
	if (dl_plan_load_buffer("t.yaml", ".", text, strlen(text), NOW, &p,
	    &err) != 0)
		fail_msg("%s", dl_error_format(&err, msg, sizeof(msg)));
	assert_string_equal(p->changes[0].owner, "_sip._tcp.example.com.");
	assert_string_equal(rr_str(p->changes[0].to, 0),
	    "_sip._tcp.example.com.\t0\tIN\tSRV\t10 5 5060 sip.example.com.");
	assert_string_equal(rr_str(p->changes[1].to, 0),
	    "example.com.\t0\tIN\tCAA\t0 issue \"ca.example.net\"");
	assert_string_equal(rr_str(p->changes[2].to, 0),
	    "example.com.\t0\tIN\tMX\t0 .");
	dl_plan_free(p);
}

static void
test_dl_plan_load_bad_numbers(void **state)
{
	(void)state;
	assert_string_equal(load_bad("zone: example.com\nchanges:\n"
	    "  - {name: x, type: SRV, to: ['1 2 99999 x']}\n", DL_EINPUT),
	    "t.yaml:3:31: bad SRV data '1 2 99999 x': 99999 is larger than "
	    "65535");
	assert_string_equal(load_bad("zone: example.com\nchanges:\n"
	    "  - {name: x, type: CAA, to: ['256 issue \"x\"']}\n", DL_EINPUT),
	    "t.yaml:3:31: bad CAA data '256 issue \"x\"': 256 is larger "
	    "than 255");
}

static int
load_plan(const char *path, void *arg, struct dl_error *err)
{
	struct dl_plan *p = NULL;
	int rc;

	(void)arg;
	if ((rc = dl_plan_load(path, NOW, &p, err)) == 0)
		dl_plan_free(p);
	return rc;
}

/*
 * Every tests/fixtures/bad-plans/NAME.yaml fails with the line in
 * NAME.expect.  All cases run; the mismatches are listed together.
 */
static void
test_dl_plan_load_bad_corpus(void **state)
{
	(void)state;
	t_corpus_run(BAD_PLANS, "yaml", 30, DL_EINPUT, load_plan, NULL);
}

/* The tree's own limits, which no small fixture reaches. */
static void
test_dl_yaml_parse_node_limit(void **state)
{
	struct dl_ynode *root;
	struct dl_error err;
	size_t n = DL_YAML_MAX_NODES, i, len = 2 * n + 2;
	char *buf;

	(void)state;
	/* A list of n - 1 items is n nodes: accepted; one more is not. */
	assert_non_null(buf = malloc(len + 3));
	buf[0] = '[';
	for (i = 0; i < n - 1; i++) {
		buf[1 + 2 * i] = '0';
		buf[2 + 2 * i] = ',';
	}
	buf[2 * (n - 1)] = ']';
	assert_int_equal(dl_yaml_parse("big.yaml", buf, 2 * (n - 1) + 1,
	    &root, &err), 0);
	assert_int_equal(root->n, n - 1);
	dl_ynode_free(root);
	buf[2 * (n - 1)] = ',';
	buf[2 * n - 1] = '0';
	buf[2 * n] = ']';
	assert_int_equal(dl_yaml_parse("big.yaml", buf, 2 * n + 1, &root,
	    &err), DL_EINPUT);
	assert_null(root);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 2 * n);
	assert_string_equal(err.message, "more than 1000000 nodes in one "
	    "document");
	free(buf);
}

static void
test_dl_yaml_parse_scalar_limit(void **state)
{
	struct dl_ynode *root;
	struct dl_error err;
	size_t len = DL_YAML_MAX_SCALAR + 4;
	char *buf;

	(void)state;
	assert_non_null(buf = malloc(len));
	memcpy(buf, "a: ", 3);
	memset(buf + 3, 'x', DL_YAML_MAX_SCALAR);
	buf[len - 1] = '\n';
	assert_int_equal(dl_yaml_parse("s.yaml", buf, len, &root, &err), 0);
	assert_int_equal(root->items[1]->len, DL_YAML_MAX_SCALAR);
	dl_ynode_free(root);
	buf[len - 1] = 'x';
	assert_int_equal(dl_yaml_parse("s.yaml", buf, len, &root, &err),
	    DL_EINPUT);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 4);
	assert_string_equal(err.message, "value longer than 65536 bytes");
	free(buf);
}

static void
test_dl_yaml_parse_positions(void **state)
{
	/* A byte order mark, CR LF line ends and a two-byte character. */
	static const char text[] = "\xef\xbb\xbf" "k: v\r\n\xc3\xa9t\xc3\xa9: "
	    "'x'\r\nl: [a, \"b\"]\r\n";
	struct dl_ynode *root, *v;
	struct dl_error err;

	(void)state;
	assert_int_equal(dl_yaml_parse("p.yaml", text, strlen(text), &root,
	    &err), 0);
	assert_int_equal(root->kind, DL_YMAPPING);
	assert_int_equal(root->n, 6);
	v = dl_ymap_key(root, 0);
	assert_int_equal(v->line, 1);
	assert_int_equal(v->column, 1);
	v = dl_ymap_get(root, "\xc3\xa9t\xc3\xa9");
	assert_non_null(v);
	assert_string_equal(v->value, "x");
	assert_int_equal(v->plain, 0);
	assert_int_equal(v->line, 2);
	assert_int_equal(v->column, 6);		/* characters, not bytes */
	v = dl_ymap_get(root, "l");
	assert_int_equal(v->kind, DL_YSEQUENCE);
	assert_int_equal(v->items[0]->plain, 1);
	assert_int_equal(v->items[1]->plain, 0);
	assert_int_equal(v->items[1]->line, 3);
	assert_int_equal(v->items[1]->column, 8);
	assert_null(dl_ymap_get(root, "nope"));
	dl_ynode_free(root);

	/* A bare "---" is an empty document. */
	assert_int_equal(dl_yaml_parse("p.yaml", "---\n", 4, &root, &err), 0);
	assert_null(root);
}

static void
test_dl_yget_bool_plain_only(void **state)
{
	struct dl_ynode *root;
	struct dl_error err;
	int b = -1;

	(void)state;
	assert_int_equal(dl_yaml_parse("b.yaml", "[true, false, 'true', True]",
	    27, &root, &err), 0);
	assert_int_equal(dl_yget_bool(root->items[0], "b.yaml", "'x'", &b,
	    &err), 0);
	assert_int_equal(b, 1);
	assert_int_equal(dl_yget_bool(root->items[1], "b.yaml", "'x'", &b,
	    &err), 0);
	assert_int_equal(b, 0);
	assert_int_equal(dl_yget_bool(root->items[2], "b.yaml", "'x'", &b,
	    &err), DL_EINPUT);
	assert_string_equal(err.message,
	    "'x' must be true or false, got '\"true\"'");
	assert_int_equal(err.column, 15);
	assert_int_equal(dl_yget_bool(root->items[3], "b.yaml", "'x'", &b,
	    &err), DL_EINPUT);
	assert_string_equal(err.message,
	    "'x' must be true or false, got 'True'");
	dl_ynode_free(root);
}

static void
test_dl_yquote_escapes_and_cuts(void **state)
{
	char buf[128];
	char longer[100];

	(void)state;
	assert_string_equal(dl_yquote("a\x1b[31mb", 7, buf, sizeof(buf)),
	    "a\\x1b[31mb");
	memset(longer, 'y', sizeof(longer));
	dl_yquote(longer, sizeof(longer), buf, sizeof(buf));
	assert_int_equal(strlen(buf), 63);
	assert_string_equal(buf + 60, "...");
}

static void
test_dl_edit_distance_cases(void **state)
{
	(void)state;
	assert_int_equal(dl_edit_distance("decomission", "decommission"), 1);
	assert_int_equal(dl_edit_distance("tll", "ttl"), 1);
	assert_int_equal(dl_edit_distance("ttl", "tlt"), 1);	/* swap */
	assert_int_equal(dl_edit_distance("", "abc"), 3);
	assert_int_equal(dl_edit_distance("zone", "zone"), 0);
	assert_int_equal(dl_edit_distance("Zone", "zone"), 0);
}

static void
test_dl_suggest_cases(void **state)
{
	static const char *const keys[] = {
		"zone", "cutover", "changes", "decommission", "to", "ttl"
	};

	(void)state;
	assert_string_equal(dl_suggest("decomission", keys, 6),
	    "decommission");
	assert_string_equal(dl_suggest("zon", keys, 6), "zone");
	assert_string_equal(dl_suggest("chnages", keys, 6), "changes");
	/* Two short words two edits apart are not a typo. */
	assert_null(dl_suggest("tx", keys, 6));
	assert_null(dl_suggest("owner", keys, 6));
	assert_null(dl_suggest("zone", keys, 6));	/* exact: no advice */
	assert_string_equal(dl_suggest("Zone", keys, 6), "zone");
	assert_string_equal(dl_suggest("TTL", keys, 6), "ttl");
}

/*
 * dl_plan_resolve: a scratch tree (canonical path in t_root) of
 *   repo/.git/                 a git work tree's top
 *   repo/plans/                plans, link.zone -> ../../outside/secret.zone
 *   repo/zones/x.zone
 *   norepo/plans/, norepo/zones/x.zone   the same outside a work tree
 *   outside/secret.zone        what no plan may name
 */
static char t_root[PATH_MAX];

static void
t_write(const char *rel, const char *text)
{
	char path[PATH_MAX + 64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", t_root, rel);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void
t_mkdir(const char *rel)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", t_root, rel);
	assert_int_equal(mkdir(path, 0700), 0);
}

static int
resolve_setup(void **state)
{
	char tmpl[] = "/tmp/dnslint-resolve-XXXXXX", link[PATH_MAX + 64];

	(void)state;
	if (mkdtemp(tmpl) == NULL || realpath(tmpl, t_root) == NULL)
		return -1;
	t_mkdir("repo");
	t_mkdir("repo/.git");
	t_mkdir("repo/plans");
	t_mkdir("repo/zones");
	t_mkdir("norepo");
	t_mkdir("norepo/plans");
	t_mkdir("norepo/zones");
	t_mkdir("outside");
	t_write("repo/zones/x.zone", "; the live zone\n");
	t_write("norepo/zones/x.zone", "; the live zone\n");
	t_write("outside/secret.zone", "SECRET\n");
	snprintf(link, sizeof(link), "%s/repo/plans/link.zone", t_root);
	if (symlink("../../outside/secret.zone", link) != 0)
		return -1;
	return 0;
}

static int
resolve_teardown(void **state)
{
	char cmd[PATH_MAX + 32];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t_root);
	return system(cmd) == 0 ? 0 : -1;
}

/*
 * Load the plan at t_root/rel (line 2 names the path; written with
 * key, "live_zone_file" or "desired"), resolve it, and return the error
 * line ("" on success, *out then the path resolved).
 */
static const char *
resolve(const char *rel, const char *key, const char *value, char *out,
    size_t n)
{
	static char msg[PATH_MAX * 3];
	char path[PATH_MAX + 64], text[PATH_MAX + 128];
	struct dl_plan *p = NULL;
	struct dl_error err;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", t_root, rel);
	snprintf(text, sizeof(text), "zone: example.com.\n%s: %s\n%s",
	    key, value, strcmp(key, "desired") == 0 ? "" :
	    "changes:\n  - {name: www, type: A, to: [192.0.2.1]}\n");
	t_write(rel, text);
	memset(&err, 0, sizeof(err));
	if ((rc = dl_plan_load(path, NOW, &p, &err)) != 0)
		fail_msg("%s: %s", path, err.message);
	rc = dl_plan_resolve(p, key, &err);
	msg[0] = '\0';
	if (rc == 0)
		snprintf(out, n, "%s", strcmp(key, "desired") == 0 ?
		    p->desired : p->live_zone_file);
	else {
		assert_true(rc == DL_EINPUT || rc == DL_EIO);
		/* The file as named, the value's place. */
		assert_string_equal(err.file, path);
		assert_int_equal(err.line, 2);
		assert_int_equal(err.column, strlen(key) + 3);
		snprintf(msg, sizeof(msg), "%d: %s", rc, err.message);
	}
	dl_plan_free(p);
	return msg;
}

/* "-1: KEY 'VALUE' is outside the plan's WHAT 'T_ROOT/DIR': ..." */
static const char *
outside(const char *key, const char *value, const char *what,
    const char *dir)
{
	static char buf[PATH_MAX * 3];

	snprintf(buf, sizeof(buf), "-1: %s '%s' is outside the plan's %s "
	    "'%s/%s': a plan may only name files inside it (give a zone file "
	    "elsewhere with %s)", key, value, what, t_root, dir,
	    strcmp(key, "desired") == 0 ? "--desired" : "-z");
	return buf;
}

static void
test_dl_plan_resolve_inside_repo(void **state)
{
	char got[PATH_MAX], want[PATH_MAX + 64];

	(void)state;
	/* Up to the work tree's top, and back down. */
	assert_string_equal(resolve("repo/plans/p.yaml", "live_zone_file",
	    "../zones/x.zone", got, sizeof(got)), "");
	snprintf(want, sizeof(want), "%s/repo/zones/x.zone", t_root);
	assert_string_equal(got, want);
	assert_string_equal(resolve("repo/plans/p.yaml", "desired",
	    "../zones/x.zone", got, sizeof(got)), "");
	assert_string_equal(got, want);
	/* An absolute path inside the root. */
	assert_string_equal(resolve("repo/plans/p.yaml", "live_zone_file",
	    want, got, sizeof(got)), "");
	assert_string_equal(got, want);
	/* Going out and back in is inside. */
	assert_string_equal(resolve("repo/plans/p.yaml", "live_zone_file",
	    "../../repo/zones/./x.zone", got, sizeof(got)), "");
	assert_string_equal(got, want);
}

static void
test_dl_plan_resolve_outside_refused(void **state)
{
	char got[PATH_MAX], abs[PATH_MAX + 64];

	(void)state;
	/* The same path, outside a work tree: the plan's folder is the
	 * root. */
	assert_string_equal(resolve("norepo/plans/p.yaml", "live_zone_file",
	    "../zones/x.zone", got, sizeof(got)),
	    outside("live_zone_file", "../zones/x.zone", "folder",
	    "norepo/plans"));
	assert_string_equal(resolve("norepo/plans/p.yaml", "desired",
	    "../zones/x.zone", got, sizeof(got)),
	    outside("desired", "../zones/x.zone", "folder", "norepo/plans"));
	/* Escapes by "..", by an absolute path, by a symbolic link. */
	assert_string_equal(resolve("repo/plans/p.yaml", "live_zone_file",
	    "../../outside/secret.zone", got, sizeof(got)),
	    outside("live_zone_file", "../../outside/secret.zone",
	    "repository", "repo"));
	assert_string_equal(resolve("repo/plans/p.yaml", "live_zone_file",
	    "../../../../../../../../etc/passwd", got, sizeof(got)),
	    outside("live_zone_file", "../../../../../../../../etc/passwd",
	    "repository", "repo"));
	assert_string_equal(resolve("repo/plans/p.yaml", "live_zone_file",
	    "/etc/passwd", got, sizeof(got)),
	    outside("live_zone_file", "/etc/passwd", "repository", "repo"));
	snprintf(abs, sizeof(abs), "%s/outside/secret.zone", t_root);
	assert_string_equal(resolve("repo/plans/p.yaml", "desired", abs, got,
	    sizeof(got)), outside("desired", abs, "repository", "repo"));
	assert_string_equal(resolve("repo/plans/p.yaml", "live_zone_file",
	    "link.zone", got, sizeof(got)),
	    outside("live_zone_file", "link.zone", "repository", "repo"));
	/* Whether a file exists out there is not told. */
	assert_string_equal(resolve("repo/plans/p.yaml", "live_zone_file",
	    "../../outside/no-such.zone", got, sizeof(got)),
	    outside("live_zone_file", "../../outside/no-such.zone",
	    "repository", "repo"));
}

static void
test_dl_plan_resolve_not_a_file(void **state)
{
	char got[PATH_MAX];

	(void)state;
	assert_string_equal(resolve("repo/plans/p.yaml", "live_zone_file",
	    "no-such.zone", got, sizeof(got)), "-3: cannot open "
	    "live_zone_file 'no-such.zone': No such file or directory");
	assert_string_equal(resolve("repo/plans/p.yaml", "desired",
	    "../zones", got, sizeof(got)),
	    "-1: desired '../zones' is not a regular file");
	assert_string_equal(resolve("repo/plans/p.yaml", "live_zone_file",
	    "../.git", got, sizeof(got)),
	    "-1: live_zone_file '../.git' is not a regular file");
}

/* A .git file (a linked work tree, a submodule) marks the top too. */
static void
test_dl_plan_resolve_git_file(void **state)
{
	char got[PATH_MAX], want[PATH_MAX + 64];

	(void)state;
	t_write("norepo/.git", "gitdir: elsewhere\n");
	assert_string_equal(resolve("norepo/plans/p.yaml", "live_zone_file",
	    "../zones/x.zone", got, sizeof(got)), "");
	snprintf(want, sizeof(want), "%s/norepo/zones/x.zone", t_root);
	assert_string_equal(got, want);
	snprintf(want, sizeof(want), "%s/norepo/.git", t_root);
	assert_int_equal(unlink(want), 0);
}

/*
 * A plan named by a relative path: the resolved path is from the working
 * folder, as the user would name it.  Paths not written in a plan (a
 * --desired operand) are the user's own and left alone.
 */
static void
test_dl_plan_resolve_relative(void **state)
{
	static const char text[] = "zone: example.com\n"
	    "live_zone_file: ../zones/x.zone\ndesired: ../zones/x.zone\n";
	char old[PATH_MAX], dir[PATH_MAX + 64];
	struct dl_plan *p = NULL;
	struct dl_error err;

	(void)state;
	assert_non_null(getcwd(old, sizeof(old)));
	t_write("repo/plans/r.yaml", text);
	snprintf(dir, sizeof(dir), "%s/repo", t_root);
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(dl_plan_load("plans/r.yaml", NOW, &p, &err), 0);
	assert_string_equal(p->live_zone_file, "plans/../zones/x.zone");
	assert_int_equal(dl_plan_resolve(p, "live_zone_file", &err), 0);
	assert_int_equal(dl_plan_resolve(p, "desired", &err), 0);
	assert_string_equal(p->live_zone_file, "zones/x.zone");
	assert_string_equal(p->desired, "zones/x.zone");
	dl_plan_free(p);

	snprintf(dir, sizeof(dir), "%s/repo/plans", t_root);
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(dl_plan_load("r.yaml", NOW, &p, &err), 0);
	assert_int_equal(dl_plan_resolve(p, "live_zone_file", &err), 0);
	assert_string_equal(p->live_zone_file, "../zones/x.zone");
	dl_plan_free(p);
	assert_int_equal(chdir(old), 0);

	/* Not written in a plan: untouched, wherever it points. */
	assert_non_null(p = calloc(1, sizeof(*p)));
	assert_non_null(p->dir = strdup("."));
	assert_non_null(p->file = strdup("/etc/passwd"));
	assert_non_null(p->desired = strdup("/etc/passwd"));
	assert_int_equal(dl_plan_resolve(p, "desired", &err), 0);
	assert_int_equal(dl_plan_resolve(p, "live_zone_file", &err), 0);
	assert_string_equal(p->desired, "/etc/passwd");
	assert_null(p->live_zone_file);
	dl_plan_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dl_plan_load_design_example),
		cmocka_unit_test(test_dl_plan_load_names),
		cmocka_unit_test(test_dl_plan_lowering_per_change),
		cmocka_unit_test(test_dl_plan_lowering_none),
		cmocka_unit_test(test_dl_plan_load_durations),
		cmocka_unit_test(test_dl_plan_load_ttl_bounds),
		cmocka_unit_test(test_dl_plan_load_child_ns_ttl),
		cmocka_unit_test(test_dl_plan_load_target_without_final_dot),
		cmocka_unit_test(test_dl_plan_load_move_times),
		cmocka_unit_test(test_dl_plan_load_now_times),
		cmocka_unit_test(test_dl_plan_load_buffer_stdin_style),
		cmocka_unit_test(test_dl_plan_load_stdin),
		cmocka_unit_test(test_dl_plan_load_missing_file),
		cmocka_unit_test(test_dl_plan_load_fifo),
		cmocka_unit_test(test_dl_plan_load_too_large),
		cmocka_unit_test(test_dl_plan_load_rdata_forms),
		cmocka_unit_test(test_dl_plan_load_bad_numbers),
		cmocka_unit_test(test_dl_plan_load_bad_corpus),
		cmocka_unit_test(test_dl_yaml_parse_node_limit),
		cmocka_unit_test(test_dl_yaml_parse_scalar_limit),
		cmocka_unit_test(test_dl_yaml_parse_positions),
		cmocka_unit_test(test_dl_yget_bool_plain_only),
		cmocka_unit_test(test_dl_yquote_escapes_and_cuts),
		cmocka_unit_test(test_dl_edit_distance_cases),
		cmocka_unit_test(test_dl_suggest_cases),
	};
	const struct CMUnitTest resolve_tests[] = {
		cmocka_unit_test(test_dl_plan_resolve_inside_repo),
		cmocka_unit_test(test_dl_plan_resolve_outside_refused),
		cmocka_unit_test(test_dl_plan_resolve_not_a_file),
		cmocka_unit_test(test_dl_plan_resolve_git_file),
		cmocka_unit_test(test_dl_plan_resolve_relative),
	};
	int failed;

	failed = cmocka_run_group_tests(tests, NULL, NULL);
	return failed + cmocka_run_group_tests_name("dl_plan_resolve",
	    resolve_tests, resolve_setup, resolve_teardown);
}
