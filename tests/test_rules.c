/*
 * test_rules.c - every rule through the engine: passing and failing cases,
 * exact statuses, messages and wait-until times.
 */
#include "helpers.h"
#include "diff.h"
#include "live.h"

static const char zone_text[] =
    "$ORIGIN example.com.\n"
    "$TTL 86400\n"
    "@ IN SOA ns1.p01.dynect.net. hostmaster.example.com. 1 7200 900 "
    "1209600 3600\n"
    "@ 86400 IN NS ns1.p01.dynect.net.\n"
    "@ 86400 IN NS ns2.p01.dynect.net.\n"
    "www 86400 IN A 192.0.2.10\n"
    "low 300 IN A 192.0.2.20\n"
    "mail 300 IN MX 10 mx.old-mail.example.net.\n";

struct fixture {
	struct dl_zone		*zone;
	struct dl_plan		*plan;
	struct dl_result	*result;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->zone = t_zone("example.com.", zone_text);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	dl_result_free(f->result);
	dl_plan_free(f->plan);
	dl_zone_free(f->zone);
	free(f);
	return 0;
}

static const struct dl_result *
run(struct fixture *f, const char *yaml)
{
	f->plan = t_plan(yaml);
	f->result = t_run(f->plan, f->zone, NULL, T_NOW);
	return f->result;
}

static const struct dl_result *
run_without_zone(struct fixture *f, const char *yaml)
{
	f->plan = t_plan(yaml);
	f->result = t_run(f->plan, NULL, NULL, T_NOW);
	return f->result;
}

/* ttl-lowered */

static void
test_ttl_lowered_fails_when_not_lowered(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes:\n"
	    "  - name: www\n"
	    "    type: A\n"
	    "    to: [198.51.100.10]\n"), "ttl-lowered", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->subject, "www.example.com. A");
	assert_string_equal(fd->message,
	    "live TTL 86400 is above 300: publish TTL 300 now");
	assert_string_equal(fd->hint,
	    "safe to cut over from 2026-11-23 12:00Z (in 1d)");
	assert_int_equal(fd->wait_until, t_time("2026-11-23T12:00:00Z"));
	assert_int_equal(fd->pos.line, 4);
	assert_int_equal(fd->pos.column, 5);
}

static void
test_ttl_lowered_passes_at_wait_until(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-23T11:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-22T11:00:00Z, from: 86400, to: 300}\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n"),
	    "ttl-lowered", 0);

	assert_int_equal(fd->status, DL_PASS);
	assert_int_equal(fd->wait_until, t_time("2026-11-23T11:00:00Z"));
	assert_string_equal(fd->message, "TTL 86400 -> 300 at "
	    "2026-11-22 11:00Z has reached every cache by 2026-11-23 11:00Z");
}

static void
test_ttl_lowered_fails_one_second_before(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-23T10:59:59Z\n"
	    "ttl_lowered: {at: 2026-11-22T11:00:00Z, from: 86400, to: 300}\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n"),
	    "ttl-lowered", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_int_equal(fd->wait_until, t_time("2026-11-23T11:00:00Z"));
	assert_string_equal(fd->message, "TTL lowered at 2026-11-22 11:00Z, "
	    "but caches may hold the old TTL 86400 until 2026-11-23 11:00Z, "
	    "after the cutover");
}

static void
test_ttl_lowered_claimed_but_not_done(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-20T10:00:00Z}\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"),
	    "ttl-lowered", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "the plan says the TTL was lowered "
	    "at 2026-11-20 10:00Z, but the servers still publish 86400: "
	    "lower it now");
	assert_int_equal(fd->wait_until, T_NOW + 86400);
}

static void
test_ttl_lowered_low_without_history_passes_with_assumption(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n"),
	    "ttl-lowered", 0);

	assert_int_equal(fd->status, DL_PASS);
	assert_int_equal(fd->assumed, 1);
	/* $TTL 86400 makes the prior bound a day. */
	assert_string_equal(fd->message, "live TTL 300 <= 300, assumed low for "
	    "at least 86400s before the cutover (since 2026-11-21 12:00Z): no "
	    "history (no ttl_lowered in the plan, SOA serial 1 is neither a "
	    "date nor a Unix time)");
	assert_string_equal(fd->hint, "state ttl_lowered: {at: ..., from: "
	    "...} if it was lowered later");
	assert_int_equal(fd->wait_until, DL_NO_TIME);
}

static void
test_ttl_lowered_unknown_without_live_data(void **state)
{
	const struct dl_result *r = run_without_zone(*state,
	    "zone: example.com.\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n");
	const struct dl_finding *fd = t_finding(r, "ttl-lowered", 0);
	struct dl_totals t;

	assert_int_equal(fd->status, DL_UNKNOWN);
	memset(&t, 0, sizeof(t));
	dl_totals_add(&t, r, DL_SEV_ERROR);
	assert_int_equal(t.pass, 0);
	assert_int_equal(dl_totals_status(&t), 3);
}

static void
test_ttl_lowered_new_name_visible_step(void **state)
{
	const struct dl_result *r = run(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: fresh, type: A, to: [198.51.100.10]}]\n");
	const struct dl_step *s;

	assert_int_equal(t_finding(r, "ttl-lowered", 0)->status, DL_SKIP);
	s = t_step(r, DL_STEP_VISIBLE, "fresh.example.com. A");
	/*
	 * min(SOA TTL 86400, SOA MINIMUM 3600) after the cutover, and the
	 * second the negative answer expires in.
	 */
	assert_int_equal(s->at, t_time("2026-12-01T11:00:01Z"));
	assert_string_equal(s->text, "fresh.example.com. A visible "
	    "everywhere (negative answers are cached up to 3600s, +1s for "
	    "whole-second expiry)");
}

/* A signed zone: SOA TTL soa, MINIMUM 300, NSEC records as given. */
static const struct dl_result *
run_signed(struct fixture *f, unsigned soa, const char *nsec)
{
	char text[2048];

	snprintf(text, sizeof(text),
	    "$ORIGIN example.com.\n"
	    "@ %u IN SOA ns1.example-dns.net. hostmaster 1 7200 900 "
	    "1209600 300\n"
	    "@ 3600 IN NS ns1.example-dns.net.\n"
	    "@ 3600 IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0d"
	    "xCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==\n"
	    "%s"
	    "www 300 IN A 192.0.2.10\n", soa, nsec);
	dl_zone_free(f->zone);
	f->zone = t_zone("example.com.", text);
	f->plan = t_plan("zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: fresh, type: A, to: [198.51.100.10]}]\n");
	f->result = t_run(f->plan, f->zone, NULL, T_NOW);
	return f->result;
}

static void
test_ttl_lowered_new_name_signed_nsec_ttl(void **state)
{
	const struct dl_step *s = t_step(run_signed(*state, 3600,
	    "@ 3600 IN NSEC www.example.com. NS SOA RRSIG NSEC DNSKEY\n"),
	    DL_STEP_VISIBLE, "fresh.example.com. A");

	/* RFC 8198: the NSEC records deny it for their TTL, 3600, not
	   min(SOA TTL, MINIMUM) = 300. */
	assert_int_equal(s->at, t_time("2026-12-01T11:00:01Z"));
	assert_string_equal(s->text, "fresh.example.com. A visible "
	    "everywhere (negative answers are cached up to 300s; the zone "
	    "is signed: validating resolvers may keep the NSEC records that "
	    "deny it 3600s, RFC 8198; +1s for whole-second expiry)");
}

static void
test_ttl_lowered_new_name_signed_nsec_unknown(void **state)
{
	const struct dl_step *s = t_step(run_signed(*state, 60, ""),
	    DL_STEP_VISIBLE, "fresh.example.com. A");

	/* No NSEC record read (NSEC3, or online signing): the SOA MINIMUM
	   older signers give them, or min(SOA TTL, MINIMUM) (RFC 9077):
	   the larger, 300 here, not 60. */
	assert_int_equal(s->at, t_time("2026-12-01T10:05:01Z"));
	assert_string_equal(s->text, "fresh.example.com. A visible "
	    "everywhere (negative answers are cached up to 60s; the zone "
	    "is signed: validating resolvers may keep the NSEC or NSEC3 "
	    "records that deny it up to 300s, the SOA MINIMUM, RFC 8198; "
	    "+1s for whole-second expiry)");
}

static void
test_ttl_lowered_checklist_steps(void **state)
{
	const struct dl_result *r = run(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");
	const struct dl_step *s;

	s = t_step(r, DL_STEP_LOWER_TTL, "www.example.com. A");
	assert_int_equal(s->at, T_NOW);
	assert_int_equal(s->state, DL_STEP_PENDING);
	assert_string_equal(s->text, "lower www.example.com. A TTL 86400 -> "
	    "300");
	s = t_step(r, DL_STEP_TTL_PROPAGATED, "www.example.com. A");
	assert_int_equal(s->at, T_NOW + 86400);
	s = t_step(r, DL_STEP_RESTORE_TTL, "www.example.com. A");
	assert_int_equal(s->at, DL_NO_TIME);
	assert_string_equal(s->text, "raise www.example.com. A TTL back to "
	    "86400");
	s = t_step(r, DL_STEP_CUTOVER, "example.com.");
	assert_int_equal(s->at, t_time("2026-12-01T10:00:00Z"));
	assert_int_equal(s->state, DL_STEP_PENDING);
	/* Ordered in time, "after validation" last. */
	assert_int_equal(r->steps[0].kind, DL_STEP_LOWER_TTL);
	assert_int_equal(r->steps[r->n_steps - 1].kind, DL_STEP_RESTORE_TTL);
}

/*
 * The lowering's propagation is done at exactly W + P (here now): a
 * resolver that fetched at W holds the old TTL until W + P and no longer.
 */
static void
test_ttl_lowered_propagated_done_at_its_time(void **state)
{
	const struct dl_result *r = run(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-21T12:00:00Z, from: 86400}\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n");
	const struct dl_step *s;

	s = t_step(r, DL_STEP_TTL_PROPAGATED, "low.example.com. A");
	assert_int_equal(s->at, T_NOW);
	assert_int_equal(s->state, DL_STEP_DONE);
	assert_string_equal(s->text, "lowered TTL of low.example.com. A has "
	    "reached every cache");
}

/* One second later it is still pending. */
static void
test_ttl_lowered_propagated_pending_one_second_before(void **state)
{
	const struct dl_result *r = run(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-21T12:00:01Z, from: 86400}\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n");
	const struct dl_step *s;

	s = t_step(r, DL_STEP_TTL_PROPAGATED, "low.example.com. A");
	assert_int_equal(s->at, T_NOW + 1);
	assert_int_equal(s->state, DL_STEP_PENDING);
}

/*
 * A TTL that was max_ttl (300) before the lowering needs no raising back;
 * one second above it does.
 */
static void
test_ttl_lowered_restore_step_not_at_max_ttl(void **state)
{
	struct fixture *f = *state;
	const struct dl_result *r = run(f,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-21T12:00:00Z, from: 300}\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(t_finding(r, "ttl-lowered", 0)->status, DL_PASS);
	assert_non_null(t_step_find(r, DL_STEP_TTL_PROPAGATED,
	    "low.example.com. A"));
	assert_null(t_step_find(r, DL_STEP_RESTORE_TTL, "low.example.com. A"));
	dl_result_free(f->result);
	dl_plan_free(f->plan);
	r = run(f,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-21T12:00:00Z, from: 301}\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n");
	assert_string_equal(t_step(r, DL_STEP_RESTORE_TTL,
	    "low.example.com. A")->text, "raise low.example.com. A TTL back to "
	    "301");
}

/*
 * A change that publishes TTL max_ttl itself still needs the TTL raised
 * back afterwards; one that publishes more does not.
 */
static void
test_ttl_lowered_restore_step_new_ttl_at_max_ttl(void **state)
{
	struct fixture *f = *state;
	const struct dl_result *r = run(f,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: www, type: A, ttl: 300, to: [198.51.100.10]}]\n");

	assert_string_equal(t_step(r, DL_STEP_RESTORE_TTL,
	    "www.example.com. A")->text, "raise www.example.com. A TTL back to "
	    "86400");
	dl_result_free(f->result);
	dl_plan_free(f->plan);
	r = run(f,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: www, type: A, ttl: 301, to: [198.51.100.10]}]\n");
	assert_null(t_step_find(r, DL_STEP_RESTORE_TTL, "www.example.com. A"));
}

/*
 * Replace the fixture's zone by example.com with an SOA, the NS record
 * ns1.p01.dynect.net. (TTL 3600) and the records of text.
 */
static void
mixed_zone(struct fixture *f, const char *text)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "$ORIGIN example.com.\n"
	    "@ 3600 IN SOA ns1.p01.dynect.net. hostmaster.example.com. 1 7200 "
	    "900 1209600 3600\n"
	    "@ 3600 IN NS ns1.p01.dynect.net.\n%s", text);
	dl_zone_free(f->zone);
	f->zone = t_zone("example.com.", buf);
}

/*
 * Records of one RRset with TTLs 300 and 86400: a cache may hold the
 * 86400 one for a day, so the RRset is not lowered.
 */
static void
test_ttl_lowered_mixed_ttl_largest_counts(void **state)
{
	struct fixture *f = *state;
	const struct dl_finding *fd;

	mixed_zone(f, "@ 3600 IN NS ns2.p01.dynect.net.\n"
	    "www 300 IN A 192.0.2.10\n"
	    "www 86400 IN A 192.0.2.11\n");
	fd = t_finding(run(f,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"),
	    "ttl-lowered", 0);
	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "live TTL 86400 is above 300: publish "
	    "TTL 300 now");
	assert_int_equal(fd->wait_until, T_NOW + 86400);
}

/* decommission-window */


static void
test_decommission_window_86400_needs_48_hours(void **state)
{
	const struct dl_result *r = run(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"
	    "decommission: [{target: 192.0.2.10, at: 2026-12-03T09:59:59Z}]\n");
	const struct dl_finding *fd = t_finding(r, "decommission-window", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->subject, "192.0.2.10");
	assert_int_equal(fd->wait_until, t_time("2026-12-03T10:00:00Z"));
	assert_string_equal(fd->message, "switched off 1d 23h after cutover, "
	    "but resolvers may hold it 86400s (TTL of www.example.com. A)");
	assert_string_equal(fd->hint, "keep it serving until "
	    "2026-12-03 10:00Z (in 10d 22h, cutover + 2 x 86400s)");
}

static void
test_decommission_window_86400_passes_at_48_hours(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"
	    "decommission: [{target: 192.0.2.10, at: 2026-12-03T10:00:00Z}]\n"),
	    "decommission-window", 0);

	assert_int_equal(fd->status, DL_PASS);
	assert_int_equal(fd->wait_until, t_time("2026-12-03T10:00:00Z"));
}

static void
test_decommission_window_300_needs_10_minutes(void **state)
{
	struct fixture *f = *state;
	const struct dl_finding *fd = t_finding(run(f,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n"
	    "decommission: [{target: 192.0.2.20, at: 2026-12-01T10:10:00Z}]\n"),
	    "decommission-window", 0);

	assert_int_equal(fd->status, DL_PASS);
	assert_int_equal(fd->wait_until, t_time("2026-12-01T10:10:00Z"));
	dl_result_free(f->result);
	dl_plan_free(f->plan);
	fd = t_finding(run(f,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n"
	    "decommission: [{target: 192.0.2.20, at: 2026-12-01T10:09:59Z}]\n"),
	    "decommission-window", 0);
	assert_int_equal(fd->status, DL_FAIL);
	assert_int_equal(fd->wait_until, t_time("2026-12-01T10:10:00Z"));
}

static void
test_decommission_window_old_nameserver_waits_for_parent(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: '@', type: NS, ttl: 3600,\n"
	    "  to: [ns-1.awsdns-01.org., ns1.example-dns.net.]}]\n"
	    "decommission: [{target: ns1.p01.dynect.net., "
	    "at: 2026-12-02T10:00:00Z}]\n"), "decommission-window", 0);

	assert_int_equal(fd->status, DL_FAIL);
	/* 2 x max(86400, 172800) after the cutover. */
	assert_int_equal(fd->wait_until, t_time("2026-12-05T10:00:00Z"));
	assert_string_equal(fd->message, "switched off 1d after cutover, but "
	    "resolvers may hold it 172800s (the parent's delegation TTL)");
}

static void
test_decommission_window_target_not_in_plan(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"
	    "decommission: [{target: 192.0.2.99, at: 2026-12-09T00:00:00Z}]\n"),
	    "decommission-window", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_int_equal(fd->wait_until, DL_NO_TIME);
	assert_string_equal(fd->message, "no RRset the plan changes publishes "
	    "'192.0.2.99' today: the plan moves nothing off it");
}

static void
test_decommission_window_target_still_published(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [192.0.2.10, 198.51.100.10]}]\n"
	    "decommission: [{target: 192.0.2.10, at: 2026-12-09T00:00:00Z}]\n"),
	    "decommission-window", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "'192.0.2.10' is still in the new "
	    "data of www.example.com. A: it cannot be switched off");
}

static void
test_decommission_window_unknown_without_live_data(void **state)
{
	const struct dl_finding *fd = t_finding(run_without_zone(*state,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"
	    "decommission: [{target: 192.0.2.10, at: 2026-12-09T00:00:00Z}]\n"),
	    "decommission-window", 0);

	assert_int_equal(fd->status, DL_UNKNOWN);
}

/* ns-multi-provider */

static void
test_ns_multi_provider_fails_on_one_provider(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"),
	    "ns-multi-provider", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->subject, "example.com. NS");
	assert_string_equal(fd->message, "all 2 nameservers are at one "
	    "provider (Dyn): its outage is your outage");
}

static void
test_ns_multi_provider_route53_domains_are_one_provider(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes: [{name: '@', type: NS, ttl: 3600,\n"
	    "  to: [ns-1.awsdns-01.org., ns-2.awsdns-02.co.uk.,\n"
	    "       ns-3.awsdns-03.com., ns-4.awsdns-04.net.]}]\n"),
	    "ns-multi-provider", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "all 4 nameservers are at one "
	    "provider (Amazon Route 53): its outage is your outage");
}

/* A nameserver added, none removed: no lowering, no lower-ttl step. */
static void
test_ttl_lowered_passes_additive_change(void **state)
{
	const struct dl_result *r = run(*state,
	    "zone: example.com.\n"
	    "changes: [{name: '@', type: NS, to: [ns1.p01.dynect.net.,\n"
	    "  ns2.p01.dynect.net., ns-1.awsdns-01.org.]}]\n");
	const struct dl_finding *fd = t_finding(r, "ttl-lowered", 0);
	size_t i;

	assert_int_equal(fd->status, DL_PASS);
	assert_string_equal(fd->message, "adds records and removes none: "
	    "every cached answer stays valid, no lowering needed");
	for (i = 0; i < r->n_steps; i++)
		assert_int_not_equal(r->steps[i].kind, DL_STEP_LOWER_TTL);
}

/* The reverse of the dual-stack fixture: AAAA moves, A stays. */
static void
test_stale_reference_warns_on_address_family_left(void **state)
{
	struct fixture *f = *state;
	const struct dl_finding *fd;

	dl_zone_free(f->zone);
	f->zone = t_zone("example.com.",
	    "$ORIGIN example.com.\n"
	    "@ 300 IN SOA ns1.example.com. h.example.com. 1 7200 900 "
	    "1209600 300\n"
	    "@ 300 IN NS ns1.example.com.\n"
	    "www 300 IN A 192.0.2.10\n"
	    "www 300 IN AAAA 2001:db8::10\n");
	fd = t_finding(run(f,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: www, type: AAAA, to: ['2001:db8:1::10']}]\n"
	    "decommission: [{target: '2001:db8::10',\n"
	    "  at: 2026-12-01T10:10:00Z}]\n"), "stale-reference", 0);
	assert_int_equal(fd->status, DL_FAIL);
	/* A suspicion: a warning, though the rule's severity is error. */
	assert_int_equal(fd->severity, DL_SEV_WARNING);
	assert_string_equal(fd->subject, "www.example.com. A");
	assert_string_equal(fd->message, "www.example.com. AAAA moves off "
	    "2001:db8::10, but the plan leaves www.example.com. A at "
	    "192.0.2.10: if that is the same server, clients of the other "
	    "address family lose it when 2001:db8::10 is switched off");
}

static void
test_ns_multi_provider_passes_on_two_providers(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes: [{name: '@', type: NS, ttl: 3600,\n"
	    "  to: [ns-1.awsdns-01.org., ns1.example-dns.net.]}]\n"),
	    "ns-multi-provider", 0);

	assert_int_equal(fd->status, DL_PASS);
	assert_string_equal(fd->message, "2 nameservers at 2 providers "
	    "(Amazon Route 53, example-dns.net), assumed on separate servers: "
	    "no address known for ns-1.awsdns-01.org., ns1.example-dns.net.");
	assert_int_equal(fd->pos.line, 2);
}

/* Two names on one address are one server, whatever their names say. */
static void
test_ns_multi_provider_one_address_is_one_server(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes:\n"
	    "  - {name: '@', type: NS, ttl: 3600,\n"
	    "     to: [ns1.example.com., ns2.example.com.]}\n"
	    "  - {name: ns1, type: A, to: [192.0.2.53]}\n"
	    "  - {name: ns2, type: A, to: [192.0.2.53]}\n"),
	    "ns-multi-provider", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "all 2 nameserver names are one "
	    "server (example.com; ns1.example.com. and ns2.example.com. "
	    "share the address 192.0.2.53): its outage is your outage");
}

static void
test_ns_multi_provider_single_name_fails(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes: [{name: '@', type: NS, to: [ns1.example-dns.net.]}]\n"),
	    "ns-multi-provider", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "only 1 nameserver "
	    "(example-dns.net): its outage is your outage");
}

static void
test_ns_multi_provider_unknown_without_live_data(void **state)
{
	const struct dl_finding *fd = t_finding(run_without_zone(*state,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"),
	    "ns-multi-provider", 0);

	assert_int_equal(fd->status, DL_UNKNOWN);
}

/* min_providers 3: two providers are too few, three are enough. */
static void
test_ns_multi_provider_min_providers_3(void **state)
{
	static const char yaml[] = "rules:\n"
	    "  ns-multi-provider: {min_providers: 3}\n";
	struct fixture *f = *state;
	struct dl_config *cfg = NULL;
	struct dl_error err;
	const struct dl_finding *fd;

	assert_int_equal(dl_config_load_buffer(".dnslint.yaml", yaml,
	    strlen(yaml), &cfg, &err), 0);
	f->plan = t_plan("zone: example.com.\n"
	    "changes: [{name: '@', type: NS, ttl: 3600,\n"
	    "  to: [ns-1.awsdns-01.org., ns1.example-dns.net.]}]\n");
	f->result = t_run(f->plan, f->zone, cfg, T_NOW);
	fd = t_finding(f->result, "ns-multi-provider", 0);
	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "2 nameservers at 2 providers "
	    "(Amazon Route 53, example-dns.net), fewer than 3");
	assert_string_equal(fd->hint, "add nameservers at another provider");
	dl_result_free(f->result);
	dl_plan_free(f->plan);
	f->plan = t_plan("zone: example.com.\n"
	    "changes: [{name: '@', type: NS, ttl: 3600,\n"
	    "  to: [ns-1.awsdns-01.org., ns1.example-dns.net.,\n"
	    "       ns1.other-dns.org.]}]\n");
	f->result = t_run(f->plan, f->zone, cfg, T_NOW);
	fd = t_finding(f->result, "ns-multi-provider", 0);
	assert_int_equal(fd->status, DL_PASS);
	assert_string_equal(fd->message, "3 nameservers at 3 providers "
	    "(Amazon Route 53, example-dns.net, other-dns.org), assumed on "
	    "separate servers: no address known for ns-1.awsdns-01.org., "
	    "ns1.example-dns.net., ns1.other-dns.org.");
	dl_config_free(cfg);
}

/* ns-ttl */

/*
 * An NS change without a ttl, and the live NS RRset not known: the TTL
 * after the change is unknown, never a pass.
 */
static void
test_ns_ttl_unknown_when_ns_change_ttl_unknown(void **state)
{
	const struct dl_finding *fd = t_finding(run_without_zone(*state,
	    "zone: example.com.\n"
	    "changes: [{name: '@', type: NS,\n"
	    "  to: [ns-1.awsdns-01.org., ns1.example-dns.net.]}]\n"),
	    "ns-ttl", 0);

	assert_int_equal(fd->status, DL_UNKNOWN);
	assert_string_equal(fd->message, "the NS TTL after the change is not "
	    "known");
	assert_string_equal(fd->hint, "state 'ttl' in the NS change");
	assert_int_equal(fd->pos.line, 2);
}

/* An NS change without a ttl keeps the live TTL (86400). */
static void
test_ns_ttl_ns_change_keeps_live_ttl(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes: [{name: '@', type: NS,\n"
	    "  to: [ns-1.awsdns-01.org., ns1.example-dns.net.]}]\n"),
	    "ns-ttl", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "TTL 86400 is above 3600: an "
	    "emergency provider switch would take 1d");
}

/*
 * A zone file without apex NS records: their TTL is not known, neither
 * for a plan that leaves them alone nor for an NS change without a ttl
 * (no TTL to keep: unknown, not TTL 0).
 */
static void
test_ns_ttl_zone_without_ns_unknown(void **state)
{
	static const char *const plans[] = {
		"zone: example.com.\n"
		"changes: [{name: www, type: A, to: [198.51.100.10]}]\n",
		"zone: example.com.\n"
		"changes: [{name: '@', type: NS,\n"
		"  to: [ns-1.awsdns-01.org., ns1.example-dns.net.]}]\n",
	};
	struct fixture *f = *state;
	const struct dl_finding *fd;
	size_t i;

	dl_zone_free(f->zone);
	f->zone = t_zone("example.com.", "$ORIGIN example.com.\n"
	    "@ 3600 IN SOA ns1.p01.dynect.net. hostmaster.example.com. 1 7200 "
	    "900 1209600 3600\n"
	    "www 300 IN A 192.0.2.10\n");
	for (i = 0; i < sizeof(plans) / sizeof(plans[0]); i++) {
		dl_result_free(f->result);
		dl_plan_free(f->plan);
		fd = t_finding(run(f, plans[i]), "ns-ttl", 0);
		assert_int_equal(fd->status, DL_UNKNOWN);
		assert_string_equal(fd->message, "the NS TTL after the change "
		    "is not known");
	}
}

/*
 * A zone with neither SOA nor NS (an octoDNS zone: its provider writes
 * them): the apex NS is the provider's, said so.
 */
static void
test_ns_ttl_provider_zone_unknown(void **state)
{
	struct fixture *f = *state;
	const struct dl_finding *fd;
	ldns_rr *rr = NULL;

	dl_zone_free(f->zone);
	assert_non_null(f->zone = dl_zone_new("example.com.", "zone.yaml", 0));
	assert_int_equal(ldns_rr_new_frm_str(&rr, "www.example.com. 300 IN A "
	    "192.0.2.10", 0, NULL, NULL), LDNS_STATUS_OK);
	assert_int_equal(dl_zone_add(f->zone, rr), 0);
	fd = t_finding(run(f, "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"),
	    "ns-ttl", 0);
	assert_int_equal(fd->status, DL_UNKNOWN);
	assert_string_equal(fd->message, DL_APEX_NS_PROVIDER_MSG);
}

/* Live NS records of TTLs 3600 and 86400: the largest counts. */
static void
test_ns_ttl_mixed_live_ttl_largest_counts(void **state)
{
	struct fixture *f = *state;
	const struct dl_finding *fd;

	mixed_zone(f, "@ 86400 IN NS ns1.example-dns.net.\n"
	    "www 300 IN A 192.0.2.10\n");
	fd = t_finding(run(f,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"),
	    "ns-ttl", 0);
	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "TTL 86400 is above 3600: an "
	    "emergency provider switch would take 1d");
}

static void
test_ns_ttl_fails_on_live_86400(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"),
	    "ns-ttl", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "TTL 86400 is above 3600: an "
	    "emergency provider switch would take 1d");
}

static void
test_ns_ttl_passes_at_3600(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes: [{name: '@', type: NS, ttl: 1h,\n"
	    "  to: [ns-1.awsdns-01.org., ns1.example-dns.net.]}]\n"),
	    "ns-ttl", 0);

	assert_int_equal(fd->status, DL_PASS);
	assert_string_equal(fd->message, "TTL 3600 <= 3600");
}

static void
test_ns_ttl_fails_one_second_over(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes: [{name: '@', type: NS, ttl: 3601,\n"
	    "  to: [ns-1.awsdns-01.org., ns1.example-dns.net.]}]\n"),
	    "ns-ttl", 0);

	assert_int_equal(fd->status, DL_FAIL);
}

/* live-matches-plan */

static void
test_live_matches_plan_passes_in_any_order(void **state)
{
	struct fixture *f = *state;
	const struct dl_finding *fd = t_finding(run(f,
	    "zone: example.com.\n"
	    "changes: [{name: mail, type: MX, from: ['10 MX.old-mail.example.net.'],"
	    " to: ['10 mx.new-mail.example.org.']}]\n"),
	    "live-matches-plan", 0);

	assert_int_equal(fd->status, DL_PASS);
	assert_string_equal(fd->subject, "mail.example.com. MX");
}

static void
test_live_matches_plan_fails_on_difference(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, from: [192.0.2.11], "
	    "to: [198.51.100.10]}]\n"), "live-matches-plan", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "live data is '192.0.2.10', the plan "
	    "expects '192.0.2.11'");
}

static void
test_live_matches_plan_skips_without_from(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"),
	    "live-matches-plan", 0);

	assert_int_equal(fd->status, DL_SKIP);
}

/*
 * The rules of the full catalogue.  Each test builds its own zone (or
 * two, for a desired-zone plan) and keeps them in the fixture so the
 * teardown frees them.
 */

#define ORIGIN_SOA \
    "$ORIGIN example.com.\n" \
    "$TTL 3600\n" \
    "@ IN SOA ns1.example-dns.net. hostmaster.example.com. 2026112201 " \
    "7200 900 1209600 300\n" \
    "@ 3600 IN NS ns1.example-dns.net.\n" \
    "@ 3600 IN NS ns-1.awsdns-01.org.\n"

/* A zone of total records: SOA, 2 NS, `pool` A records at pool, hosts. */
static struct dl_zone *
zone_of(size_t total, size_t pool)
{
	char *text;
	size_t i, len, cap = 64 * total + 1024;
	struct dl_zone *z;

	assert_non_null(text = malloc(cap));
	len = (size_t)snprintf(text, cap, "%s", ORIGIN_SOA);
	for (i = 0; i < total - 3; i++)
		if (i < pool)
			len += (size_t)snprintf(text + len, cap - len,
			    "pool 300 IN A 10.%zu.%zu.%zu\n", i >> 16,
			    (i >> 8) & 255, i & 255);
		else
			len += (size_t)snprintf(text + len, cap - len,
			    "h%zu 300 IN A 198.51.100.%zu\n", i, i & 255);
	assert_true(len < cap);
	z = t_zone("example.com.", text);
	free(text);
	assert_int_equal(dl_zone_record_count(z), total);
	return z;
}

static struct dl_zone *
zone_of_100(size_t pool)
{
	return zone_of(100, pool);
}

/* Run plan yaml over zone z (kept in f) with the default config. */
static const struct dl_result *
run_on(struct fixture *f, struct dl_zone *z, const char *yaml)
{
	dl_zone_free(f->zone);
	f->zone = z;
	return run(f, yaml);
}

/*
 * Load text for plan p the way the command line does for a hand-written
 * plan: filtered by dl_engine_filter().
 */
static struct dl_zone *
t_zone_for(const struct dl_plan *p, const char *text)
{
	char path[] = "/tmp/dnslint-test-XXXXXX";
	struct dl_plan_filter pf;
	struct dl_zone *z = NULL;
	struct dl_error err;
	int fd;

	memset(&err, 0, sizeof(err));
	assert_true((fd = mkstemp(path)) >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(dl_engine_filter(p, &pf), 0);
	if (dl_zone_load_file(path, p->zone, &pf.filter, &z, &err) != 0)
		fail_msg("zone: %s:%u: %s", err.file, err.line, err.message);
	dl_engine_filter_free(&pf);
	unlink(path);
	assert_false(dl_zone_is_whole(z));
	return z;
}

/* The plan yaml over text loaded filtered for it, as the CLI does. */
static const struct dl_result *
run_filtered(struct fixture *f, const char *text, const char *yaml)
{
	/* A test may run several: free the last one's. */
	dl_result_free(f->result);
	f->result = NULL;
	dl_plan_free(f->plan);
	f->plan = t_plan(yaml);
	dl_zone_free(f->zone);
	f->zone = t_zone_for(f->plan, text);
	f->result = t_run(f->plan, f->zone, NULL, T_NOW);
	return f->result;
}

/*
 * A desired-zone plan: live and desired are whole zones, diffed.  The
 * desired zone is freed here: the plan keeps what the rules read.
 */
static const struct dl_result *
run_desired(struct fixture *f, const char *live, const char *desired)
{
	struct dl_zone *d;

	/* A test may run several: free the last one's. */
	dl_result_free(f->result);
	f->result = NULL;
	dl_plan_free(f->plan);
	dl_zone_free(f->zone);
	f->zone = t_zone("example.com.", live);
	d = t_zone("example.com.", desired);
	f->plan = t_plan("zone: example.com.\ndesired: new.zone\n");
	assert_int_equal(dl_diff_plan(f->plan, f->zone, d), 0);
	f->result = t_run(f->plan, f->zone, NULL, T_NOW);
	dl_zone_free(d);
	return f->result;
}

/* The config with the rules that need real server answers off. */
static struct dl_config *
config_for_fake_net(void)
{
	struct dl_config *cfg;
	struct dl_error err;

	assert_non_null(cfg = dl_config_default());
	assert_int_equal(dl_config_disable(cfg, "ns-consistency", &err), 0);
	assert_int_equal(dl_config_disable(cfg, "ns-serves-zone", &err), 0);
	return cfg;
}

/* Run with what the servers "said": net (its zone the live zone). */
static const struct dl_result *
run_net(struct fixture *f, struct dl_live *net, const char *yaml)
{
	struct dl_config *cfg = config_for_fake_net();

	f->plan = t_plan(yaml);
	assert_int_equal(dl_engine_run(f->plan, net->zone, net, "query",
	    "test servers", cfg, T_NOW, T_NOW, &f->result), 0);
	dl_config_free(cfg);
	return f->result;
}

/* blast-radius */

static void
test_blast_radius_passes_at_30_percent(void **state)
{
	const struct dl_finding *fd = t_finding(run_on(*state, zone_of_100(30),
	    "zone: example.com.\n"
	    "changes: [{name: pool, type: A, to: [203.0.113.1]}]\n"),
	    "blast-radius", 0);

	assert_int_equal(fd->status, DL_PASS);
	assert_int_equal(fd->severity, DL_SEV_ERROR);
	assert_string_equal(fd->subject, "example.com.");
	assert_string_equal(fd->message, "updates 30 of 100 records (30 %) "
	    "and deletes 0 (0 %), at most 30 % and 30 %");
}

static void
test_blast_radius_fails_one_record_over(void **state)
{
	const struct dl_result *r = run_on(*state, zone_of_100(31),
	    "zone: example.com.\n"
	    "changes: [{name: pool, type: A, to: [203.0.113.1]}]\n");
	const struct dl_finding *fd = t_finding(r, "blast-radius", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "updates 31 of 100 records (31 %), "
	    "more than 30 %");
	assert_string_equal(fd->hint, "split the change into smaller steps, "
	    "or state why it is safe: acknowledge: {blast-radius: \"...\"}");
	assert_int_equal(fd->wait_until, DL_NO_TIME);
}

static void
test_blast_radius_deletions_counted_apart(void **state)
{
	const struct dl_result *r = run_on(*state, zone_of_100(31),
	    "zone: example.com.\n"
	    "changes: [{name: pool, type: A, delete: true}]\n");
	const struct dl_finding *fd = t_finding(r, "blast-radius", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "deletes 31 of 100 records (31 %), "
	    "more than 30 %");
}

static void
test_blast_radius_threshold_from_config(void **state)
{
	static const char yaml[] = "rules:\n"
	    "  blast-radius: {severity: error, max_update_percent: 10%}\n";
	struct fixture *f = *state;
	struct dl_config *cfg = NULL;
	struct dl_error err;
	const struct dl_finding *fd;

	assert_int_equal(dl_config_load_buffer(".dnslint.yaml", yaml,
	    strlen(yaml), &cfg, &err), 0);
	dl_zone_free(f->zone);
	f->zone = zone_of_100(11);
	f->plan = t_plan("zone: example.com.\n"
	    "changes: [{name: pool, type: A, to: [203.0.113.1]}]\n");
	f->result = t_run(f->plan, f->zone, cfg, T_NOW);
	fd = t_finding(f->result, "blast-radius", 0);
	assert_int_equal(fd->severity, DL_SEV_ERROR);
	assert_string_equal(fd->message, "updates 11 of 100 records (11 %), "
	    "more than 10 %");
	dl_config_free(cfg);
}

static void
test_blast_radius_acknowledged_passes_with_reason(void **state)
{
	const struct dl_finding *fd = t_finding(run_on(*state, zone_of_100(31),
	    "zone: example.com.\n"
	    "changes: [{name: pool, type: A, to: [203.0.113.1]}]\n"
	    "acknowledge:\n"
	    "  blast-radius: \"pool moves as one, CHG-4711\"\n"),
	    "blast-radius", 0);

	assert_int_equal(fd->status, DL_PASS);
	assert_string_equal(fd->message, "updates 31 of 100 records (31 %), "
	    "more than 30 %, acknowledged: 'pool moves as one, CHG-4711'");
	assert_int_equal(fd->pos.line, 4);
	assert_int_equal(fd->pos.column, 3);
}

static void
test_blast_radius_share_never_reads_as_threshold(void **state)
{
	struct fixture *f = *state;

	/* 3001 of 10000 is 30.01 %: more than 30, shown as 30.1, not 30. */
	assert_string_equal(t_finding(run_on(f, zone_of(10000, 3001),
	    "zone: example.com.\n"
	    "changes: [{name: pool, type: A, to: [203.0.113.1]}]\n"),
	    "blast-radius", 0)->message, "updates 3001 of 10000 records "
	    "(30.1 %), more than 30 %");
	dl_result_free(f->result);
	dl_plan_free(f->plan);
	/* 3 of 11 is 27.27 %: to the nearest tenth, 27.3. */
	assert_string_equal(t_finding(run_on(f, zone_of(11, 3),
	    "zone: example.com.\n"
	    "changes: [{name: pool, type: A, to: [203.0.113.1]}]\n"),
	    "blast-radius", 0)->message, "updates 3 of 11 records (27.3 %) "
	    "and deletes 0 (0 %), at most 30 % and 30 %");
}

static void
test_blast_radius_skips_small_zone(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"),
	    "blast-radius", 0);

	assert_int_equal(fd->status, DL_SKIP);
	assert_string_equal(fd->message, "the zone has 6 records, fewer than "
	    "10");
}

static void
test_blast_radius_unknown_without_live_data(void **state)
{
	const struct dl_finding *fd = t_finding(run_without_zone(*state,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"),
	    "blast-radius", 0);

	assert_int_equal(fd->status, DL_UNKNOWN);
}

/* An in-zone nameserver renumbered: its glue lives at the parent. */
static const char glue_live[] =
    ORIGIN_SOA
    "@ 3600 IN NS ns1.example.com.\n"
    "ns1 300 IN A 192.0.2.53\n";

static void
test_decommission_window_glue_held_by_parent(void **state)
{
	const struct dl_result *r = run_filtered(*state, glue_live,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: ns1, type: A, to: [198.51.100.53]}]\n"
	    "decommission: [{target: 192.0.2.53, at: 2026-12-02T10:00:00Z}]\n");
	const struct dl_finding *fd = t_finding(r, "decommission-window", 0);
	const struct dl_step *s;

	/* Resolvers take ns1's address from the referral: the parent's
	   glue, for its delegation TTL (172800 by default), not 300. */
	assert_int_equal(fd->status, DL_FAIL);
	assert_int_equal(fd->wait_until,
	    t_time("2026-12-01T10:00:00Z") + 2 * 172800);
	assert_string_equal(fd->message, "switched off 1d after cutover, "
	    "but resolvers may hold it 172800s (the parent's delegation TTL: "
	    "glue of ns1.example.com.)");
	s = t_step(r, DL_STEP_CUTOVER, "ns1.example.com. A");
	assert_int_equal(s->at, t_time("2026-12-01T10:00:00Z"));
	assert_string_equal(s->text, "update the glue of ns1.example.com. at "
	    "the parent (the registrar) to 198.51.100.53");
}


/* A new name a wildcard answers (RFC 4592) */

static const char wildcard_live[] =
    ORIGIN_SOA
    "* 86400 IN A 192.0.2.10\n"
    "shop 300 IN TXT \"x\"\n"
    "www 300 IN A 192.0.2.10\n";

static void
test_ttl_lowered_new_name_answered_by_wildcard(void **state)
{
	const struct dl_result *r = run_filtered(*state, wildcard_live,
	    "zone: example.com.\n"
	    "changes: [{name: new, type: A, to: [198.51.100.10]}]\n"
	    "decommission: [{target: 192.0.2.10, at: 2026-12-09T00:00:00Z}]\n");
	const struct dl_finding *fd = t_finding(r, "ttl-lowered", 0);

	/* Resolvers hold the wildcard's answer for new.example.com. */
	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->subject, "new.example.com. A");
	assert_string_equal(fd->message, "live TTL 86400 is above 300: "
	    "publish TTL 300 now (the name is answered today by the "
	    "wildcard *.example.com. A)");
	assert_int_equal(fd->wait_until, T_NOW + 86400);
	assert_non_null(t_step(r, DL_STEP_LOWER_TTL, "new.example.com. A"));
	assert_string_equal(t_step(r, DL_STEP_LOWER_TTL,
	    "new.example.com. A")->text, "lower *.example.com. A TTL 86400 "
	    "-> 300");
}

static void
test_ttl_lowered_wildcard_not_for_existing_name(void **state)
{
	/* shop.example.com. exists: the wildcard does not answer it. */
	const struct dl_finding *fd = t_finding(run_filtered(*state,
	    wildcard_live,
	    "zone: example.com.\n"
	    "changes: [{name: shop, type: A, to: [198.51.100.10]}]\n"),
	    "ttl-lowered", 0);

	assert_int_equal(fd->status, DL_SKIP);
	assert_string_equal(fd->message, "new RRset: no cached data to wait "
	    "for");
}

/* stale-reference */

static const char stale_zone[] =
    ORIGIN_SOA
    "www 300 IN A 192.0.2.10\n"
    "api 300 IN A 192.0.2.10\n"
    "@ 300 IN MX 10 old-mx.example.net.\n"
    "@ 300 IN TXT \"v=spf1 ip4:192.0.2.10 -all\"\n"
    "mail 300 IN MX 10 old-mx.example.net.\n"
    "h1 300 IN A 198.51.100.1\n";

static void
test_stale_reference_names_record_and_line(void **state)
{
	const struct dl_result *r = run_filtered(*state, stale_zone,
	    "zone: example.com.\n"
	    "changes:\n"
	    "  - {name: www, type: A, to: [198.51.100.10]}\n"
	    "  - {name: '@', type: MX, to: ['10 mx.new.example.org.']}\n"
	    "decommission:\n"
	    "  - {target: 192.0.2.10, at: 2026-12-09T00:00:00Z}\n"
	    "  - {target: old-mx.example.net., at: 2026-12-09T00:00:00Z}\n");
	const struct dl_finding *fd = t_finding(r, "stale-reference", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->subject, "192.0.2.10");
	assert_string_equal(fd->message, "api.example.com. A 192.0.2.10 "
	    "still points at it after the change");
	assert_int_equal(fd->pos.line, 7);
	assert_non_null(fd->file);
	fd = t_finding(r, "stale-reference", 1);
	assert_string_equal(fd->subject, "old-mx.example.net.");
	assert_string_equal(fd->message, "mail.example.com. MX 10 "
	    "old-mx.example.net. still points at it after the change");
	assert_int_equal(fd->pos.line, 10);
}

static void
test_stale_reference_passes_per_target(void **state)
{
	const struct dl_finding *fd = t_finding(run_filtered(*state,
	    stale_zone,
	    "zone: example.com.\n"
	    "changes:\n"
	    "  - {name: www, type: A, to: [198.51.100.10]}\n"
	    "  - {name: api, type: A, to: [198.51.100.10]}\n"
	    "decommission:\n"
	    "  - {target: 192.0.2.10, at: 2026-12-09T00:00:00Z}\n"),
	    "stale-reference", 0);

	/* The TXT record only mentions the address. */
	assert_int_equal(fd->status, DL_PASS);
	assert_string_equal(fd->message, "no record points at 192.0.2.10 "
	    "after the change");
	assert_int_equal(fd->pos.line, 6);
}

static void
test_stale_reference_new_data_is_stale_too(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes:\n"
	    "  - {name: www, type: A, to: [192.0.2.10, 198.51.100.10]}\n"
	    "decommission: [{target: 192.0.2.10, at: 2026-12-09T00:00:00Z}]\n"),
	    "stale-reference", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "www.example.com. A 192.0.2.10 "
	    "still points at it after the change");
	assert_int_equal(fd->pos.line, 3);
	assert_null(fd->file);
}

static void
test_stale_reference_skips_without_decommission(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"),
	    "stale-reference", 0);

	assert_int_equal(fd->status, DL_SKIP);
	assert_string_equal(fd->message, "the plan decommissions nothing");
}

static void
test_stale_reference_unknown_on_answers(void **state)
{
	struct dl_live net;
	const struct dl_finding *fd;

	memset(&net, 0, sizeof(net));
	assert_non_null(net.zone = dl_zone_new("example.com.", "test", 1));
	fd = t_finding(run_net(*state, &net,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"
	    "decommission: [{target: 192.0.2.10, at: 2026-12-09T00:00:00Z}]\n"),
	    "stale-reference", 0);
	/* A forgotten record on the old address is not ruled out. */
	assert_int_equal(fd->status, DL_UNKNOWN);
	assert_string_equal(fd->message, "needs the whole zone; the servers' "
	    "answers hold only the records that were asked");
	assert_string_equal(fd->hint, "load the whole zone with --axfr or "
	    "-z FILE");
	dl_zone_free(net.zone);
}

static void
test_stale_reference_unknown_without_live_data(void **state)
{
	const struct dl_finding *fd = t_finding(run_without_zone(*state,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"
	    "decommission: [{target: 192.0.2.10, at: 2026-12-09T00:00:00Z}]\n"),
	    "stale-reference", 0);

	assert_int_equal(fd->status, DL_UNKNOWN);
}

/* ns-address-diversity */

static const char *
diversity(struct fixture *f, const char *glue, enum dl_status want)
{
	char text[2048];
	const struct dl_finding *fd;

	snprintf(text, sizeof(text), "%s%s", ORIGIN_SOA, glue);
	fd = t_finding(run_filtered(f, text,
	    "zone: example.com.\n"
	    "changes: [{name: '@', type: NS, ttl: 3600,\n"
	    "  to: [ns1.example.com., ns2.example.com., ns3.example.com.]}]\n"),
	    "ns-address-diversity", 0);
	assert_int_equal(fd->status, want);
	assert_int_equal(fd->severity, DL_SEV_WARNING);
	return fd->message;
}

static void
test_ns_address_diversity_fails_in_one_24(void **state)
{
	assert_string_equal(diversity(*state,
	    "ns1 IN A 192.0.2.1\nns2 IN A 192.0.2.2\nns3 IN A 192.0.2.254\n",
	    DL_FAIL), "all 3 nameserver addresses are in 192.0.2.0/24: one "
	    "routing or network failure takes them all");
}

static void
test_ns_address_diversity_passes_with_one_address_outside(void **state)
{
	assert_string_equal(diversity(*state,
	    "ns1 IN A 192.0.2.1\nns2 IN A 192.0.2.2\nns3 IN A 192.0.3.1\n",
	    DL_PASS), "3 addresses in 2 networks (192.0.2.0/24, "
	    "192.0.3.0/24)");
}

static void
test_ns_address_diversity_fails_in_one_24_and_one_48(void **state)
{
	assert_string_equal(diversity(*state,
	    "ns1 IN A 192.0.2.1\nns1 IN AAAA 2001:db8:1:1::1\n"
	    "ns2 IN A 192.0.2.2\nns2 IN AAAA 2001:db8:1:ffff::1\n"
	    "ns3 IN AAAA 2001:db8:1::3\n",
	    DL_FAIL), "all 5 nameserver addresses are in 192.0.2.0/24 and "
	    "2001:db8:1::/48: one routing or network failure takes them all");
}

static void
test_ns_address_diversity_passes_with_one_48_outside(void **state)
{
	assert_string_equal(diversity(*state,
	    "ns1 IN A 192.0.2.1\nns1 IN AAAA 2001:db8:1::1\n"
	    "ns2 IN A 192.0.2.2\nns2 IN AAAA 2001:db8:2::1\n"
	    "ns3 IN A 192.0.2.3\n",
	    DL_PASS), "5 addresses in 3 networks (192.0.2.0/24, "
	    "2001:db8:1::/48, 2001:db8:2::/48)");
}

static void
test_ns_address_diversity_one_address_fails(void **state)
{
	assert_string_equal(diversity(*state,
	    "ns1 IN A 192.0.2.1\nns2 IN A 192.0.2.1\nns3 IN A 192.0.2.1\n",
	    DL_FAIL), "one nameserver address only (192.0.2.1)");
}

static void
test_ns_address_diversity_skips_names_outside_zone_file(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"),
	    "ns-address-diversity", 0);

	assert_int_equal(fd->status, DL_SKIP);
	assert_string_equal(fd->message, "the zone file does not hold the "
	    "addresses of ns1.p01.dynect.net., ns2.p01.dynect.net.");
}

static void
test_ns_address_diversity_known_spread_passes(void **state)
{
	struct fixture *f = *state;
	const struct dl_finding *fd;
	char text[1024];

	snprintf(text, sizeof(text), "%s%s", ORIGIN_SOA,
	    "ns1 IN A 192.0.2.1\nns2 IN A 198.51.100.1\n");
	fd = t_finding(run_filtered(f, text,
	    "zone: example.com.\n"
	    "changes: [{name: '@', type: NS, ttl: 3600,\n"
	    "  to: [ns1.example.com., ns2.example.com., ns.other.net.]}]\n"),
	    "ns-address-diversity", 0);
	assert_int_equal(fd->status, DL_PASS);
}

/*
 * The live NS names are in the zone but the plan does not touch them: a
 * filtered load indexes every record, so their glue is seen.
 */
static void
test_ns_address_diversity_filtered_load_sees_glue(void **state)
{
	struct fixture *f = *state;
	const struct dl_finding *fd;
	const char *plan = "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n";
	char text[1024];

	snprintf(text, sizeof(text), "%s", "$ORIGIN example.com.\n"
	    "@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300\n"
	    "@ 3600 IN NS ns1\n@ 3600 IN NS ns2\n"
	    "ns1 3600 IN A 192.0.2.1\nns2 3600 IN A 198.51.100.1\n"
	    "www 300 IN A 192.0.2.10\n");
	fd = t_finding(run_filtered(f, text, plan), "ns-address-diversity", 0);
	assert_int_equal(fd->status, DL_PASS);
	/* The same glue in one network: seen, and it fails. */
	snprintf(text, sizeof(text), "%s", "$ORIGIN example.com.\n"
	    "@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300\n"
	    "@ 3600 IN NS ns1\n@ 3600 IN NS ns2\n"
	    "ns1 3600 IN A 192.0.2.1\nns2 3600 IN A 192.0.2.2\n"
	    "www 300 IN A 192.0.2.10\n");
	fd = t_finding(run_filtered(f, text, plan), "ns-address-diversity", 0);
	assert_int_equal(fd->status, DL_FAIL);
}

static void
test_ns_address_diversity_from_servers(void **state)
{
	struct dl_live_ns_addr ns[3] = {
		{ "ns1.example.net.", "192.0.2.1", NULL, 0 },
		{ "ns1.example.net.", "2001:db8::1@5300", NULL, 0 },
		{ "ns2.example.net.", "192.0.2.2", NULL, 0 },
	};
	char *unresolved[1] = { "ns3.example.org." };
	struct dl_live net;
	const struct dl_finding *fd;

	memset(&net, 0, sizeof(net));
	assert_non_null(net.zone = dl_zone_new("example.com.", "test", 1));
	net.ns_known = 1;
	net.ns = ns;
	net.n_ns = 3;
	fd = t_finding(run_net(*state, &net,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"),
	    "ns-address-diversity", 0);
	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "all 3 nameserver addresses are in "
	    "192.0.2.0/24 and 2001:db8::/48: one routing or network failure "
	    "takes them all");
	dl_result_free(((struct fixture *)*state)->result);
	dl_plan_free(((struct fixture *)*state)->plan);
	net.unresolved = unresolved;
	net.n_unresolved = 1;
	fd = t_finding(run_net(*state, &net,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"),
	    "ns-address-diversity", 0);
	assert_int_equal(fd->status, DL_UNKNOWN);
	assert_string_equal(fd->message, "no address known for "
	    "ns3.example.org.");
	dl_zone_free(net.zone);
}

/* ns-serves-zone */

/*
 * The servers were asked before the plan's NS set was known (a desired
 * zone with --axfr): a nameserver the change adds was never asked, and is
 * unknown, never left out.
 */
static void
test_ns_serves_zone_unknown_for_a_server_not_asked(void **state)
{
	struct fixture *f = *state;
	struct dl_live_ns_addr ns[1] = {
		{ "ns1.example.net.", "192.0.2.1", NULL, 0 },
	};
	struct dl_config *cfg;
	struct dl_error err;
	struct dl_live net;
	const struct dl_finding *fd;
	size_t i, unknown = 0;

	memset(&net, 0, sizeof(net));
	assert_non_null(net.zone = dl_zone_new("example.com.", "test", 1));
	net.ns_known = 1;
	net.ns = ns;
	net.n_ns = 1;
	assert_non_null(cfg = dl_config_default());
	assert_int_equal(dl_config_disable(cfg, "ns-consistency", &err), 0);
	f->plan = t_plan("zone: example.com.\n"
	    "changes:\n"
	    "  - {name: '@', type: NS, ttl: 3600,\n"
	    "     to: [ns1.example.net., ns9.new-dns.org.]}\n");
	assert_int_equal(dl_engine_run(f->plan, net.zone, &net, "query",
	    "test servers", cfg, T_NOW, T_NOW, &f->result), 0);
	for (i = 0; i < 2; i++) {
		fd = t_finding(f->result, "ns-serves-zone", i);
		assert_int_equal(fd->status, DL_UNKNOWN);
		if (strcmp(fd->subject, "ns9.new-dns.org.") == 0) {
			assert_string_equal(fd->message, "was not asked");
			unknown++;
		}
	}
	assert_int_equal(unknown, 1);
	dl_config_free(cfg);
	dl_zone_free(net.zone);
}

/*
 * A nameserver whose AAAA lookup timed out was asked only at the
 * addresses found: it is unknown, and so is the diversity of addresses
 * that all sit in one network.
 */
static void
test_ns_rules_unknown_when_an_address_lookup_failed(void **state)
{
	struct fixture *f = *state;
	struct dl_live_ns_addr ns[2] = {
		{ "ns1.example.net.", "192.0.2.1", NULL, 0 },
		{ "ns2.example.net.", "192.0.2.2", NULL, 1 },
	};
	struct dl_dnsq_result soa;
	struct dl_config *cfg;
	struct dl_error err;
	struct dl_live net;
	const struct dl_finding *fd;
	ldns_rr *rr = NULL;

	memset(&soa, 0, sizeof(soa));
	soa.outcome = DL_DNSQ_ANSWER;
	assert_non_null(soa.answer = ldns_rr_list_new());
	assert_int_equal(ldns_rr_new_frm_str(&rr, "example.com. 300 IN SOA "
	    "ns1.example.net. h.example.com. 7 7200 900 1209600 300", 0, NULL,
	    NULL), LDNS_STATUS_OK);
	assert_true(ldns_rr_list_push_rr(soa.answer, rr));
	ns[0].soa = ns[1].soa = &soa;
	memset(&net, 0, sizeof(net));
	assert_non_null(net.zone = dl_zone_new("example.com.", "test", 1));
	net.ns_known = 1;
	net.ns = ns;
	net.n_ns = 2;
	assert_non_null(cfg = dl_config_default());
	assert_int_equal(dl_config_disable(cfg, "ns-consistency", &err), 0);
	f->plan = t_plan("zone: example.com.\n"
	    "changes:\n"
	    "  - {name: '@', type: NS, ttl: 3600,\n"
	    "     to: [ns1.example.net., ns2.example.net.]}\n");
	assert_int_equal(dl_engine_run(f->plan, net.zone, &net, "query",
	    "test servers", cfg, T_NOW, T_NOW, &f->result), 0);
	fd = t_finding(f->result, "ns-serves-zone", 0);
	assert_string_equal(fd->subject, "ns1.example.net.");
	assert_int_equal(fd->status, DL_PASS);
	fd = t_finding(f->result, "ns-serves-zone", 1);
	assert_string_equal(fd->subject, "ns2.example.net.");
	assert_int_equal(fd->status, DL_UNKNOWN);
	assert_string_equal(fd->message, "not every address of it could be "
	    "looked up; those that were answer with authority, serial 7");
	fd = t_finding(f->result, "ns-address-diversity", 0);
	assert_int_equal(fd->status, DL_UNKNOWN);
	ldns_rr_list_deep_free(soa.answer);
	dl_config_free(cfg);
	dl_zone_free(net.zone);
}

/* dnssec-provider-change */

static const char signed_zone[] =
    ORIGIN_SOA
    "@ 3600 IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+"
    "GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==\n"
    "www 300 IN A 192.0.2.10\n";

static const char ns_change_yaml[] =
    "zone: example.com.\n"
    "changes:\n"
    "  - {name: '@', type: NS, ttl: 3600,\n"
    "     to: [ns1.example-dns.net., ns1.new-dns.org.]}\n";

/* The dnssec-provider-change finding for ns_change_yaml + extra. */
static const struct dl_finding *
dnssec_finding(struct fixture *f, const char *extra)
{
	char yaml[512];

	snprintf(yaml, sizeof(yaml), "%s%s", ns_change_yaml, extra);
	return t_finding(run_filtered(f, signed_zone, yaml),
	    "dnssec-provider-change", 0);
}

static void
test_dnssec_provider_change_fails_without_strategy(void **state)
{
	const struct dl_finding *fd = t_finding(run_filtered(*state,
	    signed_zone, ns_change_yaml), "dnssec-provider-change", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->subject, "example.com. NS");
	assert_string_equal(fd->message, "the zone is signed (1 DNSKEY "
	    "record) and the plan changes its nameservers without a "
	    "'dnssec_strategy'");
	assert_int_equal(fd->pos.line, 3);
}

/*
 * unsign-first (RFC 6781 4.3.5.2): the DS removed at N, the cutover at
 * N + 2 x 86400 (parent_ds_ttl) exactly; the new DS once the old
 * delegation has expired, C + 2 x 172800.
 */
static void
test_dnssec_provider_change_unsign_first_at_boundary(void **state)
{
	struct fixture *f = *state;
	const struct dl_finding *fd;

	fd = dnssec_finding(f, "dnssec_strategy: unsign-first\n"
	    "cutover: 2026-11-24T12:00:00Z\nds_remove_at: now\n");
	assert_int_equal(fd->status, DL_PASS);
	assert_string_equal(fd->message, "the zone is signed; unsign-first: "
	    "DS removed at 2026-11-22 12:00Z, cutover from 2026-11-24 12:00Z "
	    "(2 x 86400s DS TTL)");
	assert_int_equal(fd->wait_until, T_NOW + 2 * 86400);
	assert_int_equal(fd->pos.line, 5);
	assert_int_equal(t_step(f->result, DL_STEP_DS_REMOVE, "example.com.")->at, T_NOW);
	assert_int_equal(t_step(f->result, DL_STEP_UNSIGN, "example.com.")->at,
	    T_NOW + 2 * 86400);
	assert_int_equal(t_step(f->result, DL_STEP_SIGN, "example.com.")->at,
	    T_NOW + 2 * 86400);
	assert_int_equal(t_step(f->result, DL_STEP_DNSKEY_ADD, "example.com.")->at,
	    T_NOW + 2 * 86400);
	assert_int_equal(t_step(f->result, DL_STEP_DS_ADD, "example.com.")->at,
	    T_NOW + 2 * 86400 + 2 * 172800);
	assert_int_equal(t_step(f->result, DL_STEP_CUTOVER, "example.com.")->state,
	    DL_STEP_PENDING);
}

static void
test_dnssec_provider_change_unsign_first_one_second_early(void **state)
{
	struct fixture *f = *state;
	const struct dl_finding *fd;

	fd = dnssec_finding(f, "dnssec_strategy: unsign-first\n"
	    "cutover: 2026-11-24T12:00:00Z\n"
	    "ds_remove_at: 2026-11-22T12:00:01Z\n");
	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "the cutover comes before "
	    "unsign-first allows: with the DS removal at the parent at "
	    "2026-11-22 12:00:01Z it is safe from 2026-11-24 12:00:01Z");
	assert_int_equal(fd->wait_until, T_NOW + 2 * 86400 + 1);
	assert_int_equal(fd->pos.line, 6);
	assert_int_equal(t_step(f->result, DL_STEP_CUTOVER, "example.com.")->state,
	    DL_STEP_BLOCKED);
	assert_int_equal(t_step(f->result, DL_STEP_DELEGATION, "example.com.")->state,
	    DL_STEP_BLOCKED);
}

/*
 * multi-signer (RFC 8901 section 8, model 2): keys exchanged at N, the
 * new DS after 2 x 3600 (DNSKEY TTL), the cutover 2 x 86400 later; the
 * old provider's DS goes when the old NS set has expired, its keys
 * 2 x 86400 after that.
 */
static void
test_dnssec_provider_change_multi_signer_at_boundary(void **state)
{
	struct fixture *f = *state;
	const struct dl_finding *fd;
	int64_t c = T_NOW + 2 * 3600 + 2 * 86400;

	fd = dnssec_finding(f, "dnssec_strategy: multi-signer\n"
	    "cutover: 2026-11-24T14:00:00Z\ndnskey_add_at: now\n");
	assert_int_equal(fd->status, DL_PASS);
	assert_int_equal(fd->wait_until, c);
	assert_int_equal(t_step(f->result, DL_STEP_DNSKEY_ADD, "example.com.")->at, T_NOW);
	assert_int_equal(t_step(f->result, DL_STEP_DS_ADD, "example.com.")->at,
	    T_NOW + 2 * 3600);
	assert_int_equal(t_step(f->result, DL_STEP_DS_REMOVE, "example.com.")->at,
	    c + 2 * 172800);
	assert_int_equal(t_step(f->result, DL_STEP_DNSKEY_REMOVE, "example.com.")->at,
	    c + 2 * 172800 + 2 * 86400);
}

static void
test_dnssec_provider_change_multi_signer_one_second_early(void **state)
{
	struct fixture *f = *state;
	const struct dl_finding *fd;

	fd = dnssec_finding(f, "dnssec_strategy: multi-signer\n"
	    "cutover: 2026-11-24T13:59:59Z\ndnskey_add_at: now\n");
	assert_int_equal(fd->status, DL_FAIL);
	assert_int_equal(fd->wait_until, T_NOW + 2 * 3600 + 2 * 86400);
}

/*
 * Asked live, the parent's DS TTL (3600 here) replaces parent_ds_ttl: the
 * DS removed two hours before the cutover is enough, exactly.
 */
static void
test_dnssec_provider_change_parent_ds_ttl_from_the_parent(void **state)
{
	struct dl_live net;
	char yaml[512];
	const struct dl_finding *fd;

	memset(&net, 0, sizeof(net));
	net.zone = t_zone("example.com.", signed_zone);
	net.parent_ds_known = 1;
	net.n_parent_ds = 1;
	net.parent_ds_ttl = 3600;
	snprintf(yaml, sizeof(yaml), "%sdnssec_strategy: unsign-first\n"
	    "ds_remove_at: 2026-11-22T10:00:00Z\n", ns_change_yaml);
	fd = t_finding(run_net(*state, &net, yaml), "dnssec-provider-change",
	    0);
	assert_int_equal(fd->status, DL_PASS);
	assert_int_equal(fd->wait_until, T_NOW);
	dl_zone_free(net.zone);
}

/* A DS at the parent makes the zone signed even without a DNSKEY. */
static void
test_dnssec_provider_change_ds_at_parent_is_signed(void **state)
{
	struct dl_live net;
	const struct dl_finding *fd;

	memset(&net, 0, sizeof(net));
	net.zone = t_zone("example.com.", ORIGIN_SOA
	    "www 300 IN A 192.0.2.10\n");
	net.parent_ds_known = 1;
	net.n_parent_ds = 2;
	net.parent_ds_ttl = 86400;
	fd = t_finding(run_net(*state, &net, ns_change_yaml),
	    "dnssec-provider-change", 0);
	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "the zone is signed (2 DS records) "
	    "and the plan changes its nameservers without a "
	    "'dnssec_strategy'");
	dl_zone_free(net.zone);
}

/*
 * A provider move's steps from a zone file: verify-provider pending with
 * the command, cutover, delegation at delegation_at, the removed
 * nameserver at delegation + 2 x 172800 (the parent's TTL decides).
 */
static void
test_ns_move_steps(void **state)
{
	struct fixture *f = *state;
	const struct dl_step *st;
	int64_t d = t_time("2026-12-02T10:00:00Z");

	run_filtered(f, signed_zone, "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "delegation_at: 2026-12-02T10:00:00Z\n"
	    "dnssec_strategy: multi-signer\n"
	    "changes:\n"
	    "  - {name: '@', type: NS, ttl: 3600,\n"
	    "     to: [ns1.example-dns.net., ns1.new-dns.org.]}\n");
	st = t_step(f->result, DL_STEP_VERIFY_PROVIDER, "example.com.");
	assert_int_equal(st->state, DL_STEP_PENDING);
	assert_int_equal(st->at, T_NOW);
	assert_string_equal(st->text, "verify-provider: ns1.new-dns.org. must "
	    "answer for example.com. with authority, the SOA serial and the "
	    "data of the other servers: run 'dnslint plan.yaml' (without "
	    "--zone-file) to ask them");
	st = t_step(f->result, DL_STEP_CUTOVER, "example.com.");
	assert_int_equal(st->at, t_time("2026-12-01T10:00:00Z"));
	assert_string_equal(st->text, "cutover: publish the new example.com. "
	    "NS RRset at every provider, old and new: example.com. NS "
	    "ns1.example-dns.net., ns-1.awsdns-01.org. -> ns1.new-dns.org., "
	    "ns1.example-dns.net.");
	st = t_step(f->result, DL_STEP_DELEGATION, "example.com.");
	assert_int_equal(st->at, d);
	st = t_step(f->result, DL_STEP_DECOMMISSION, "ns-1.awsdns-01.org.");
	assert_int_equal(st->at, d + 2 * 172800);
	assert_int_equal(st->state, DL_STEP_PENDING);
}

/* A delegation changed before the strategy allows fails at its key. */
static void
test_dnssec_provider_change_delegation_too_early(void **state)
{
	struct fixture *f = *state;
	const struct dl_finding *fd;

	fd = dnssec_finding(f, "dnssec_strategy: unsign-first\n"
	    "cutover: 2026-11-24T12:00:00Z\nds_remove_at: now\n"
	    "delegation_at: 2026-11-24T11:59:59Z\n");
	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "the delegation changes before "
	    "unsign-first allows: with the DS removal at the parent at "
	    "2026-11-22 12:00Z it is safe from 2026-11-24 12:00Z");
	assert_int_equal(fd->pos.line, 8);
}

static void
test_dnssec_provider_change_skips_ttl_only_ns_change(void **state)
{
	const struct dl_finding *fd = t_finding(run_filtered(*state,
	    signed_zone,
	    "zone: example.com.\n"
	    "changes:\n"
	    "  - {name: '@', type: NS, ttl: 300,\n"
	    "     to: [ns-1.awsdns-01.org., NS1.example-dns.net.]}\n"),
	    "dnssec-provider-change", 0);

	assert_int_equal(fd->status, DL_SKIP);
	assert_string_equal(fd->message, "the plan does not change the "
	    "nameservers");
}

static void
test_dnssec_provider_change_skips_unsigned_zone(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state, ns_change_yaml),
	    "dnssec-provider-change", 0);

	assert_int_equal(fd->status, DL_SKIP);
	assert_string_equal(fd->message, "the zone is not signed (no DNSKEY "
	    "at the apex)");
}

static void
test_dnssec_provider_change_unknown_when_dnskey_not_asked(void **state)
{
	struct dl_live net;
	const struct dl_finding *fd;

	memset(&net, 0, sizeof(net));
	assert_non_null(net.zone = dl_zone_new("example.com.", "test", 1));
	fd = t_finding(run_net(*state, &net, ns_change_yaml),
	    "dnssec-provider-change", 0);
	assert_int_equal(fd->status, DL_UNKNOWN);
	dl_zone_free(net.zone);
}

/* soa-serial */

static const char serial_live[] =
    "$ORIGIN example.com.\n"
    "@ 3600 IN SOA ns1.example-dns.net. hostmaster.example.com. %u "
    "7200 900 1209600 300\n"
    "@ 3600 IN NS ns1.example-dns.net.\n"
    "www 300 IN A %s\n";

static const struct dl_finding *
serial(struct fixture *f, uint32_t live, uint32_t want, const char *www)
{
	char a[512], b[512];

	snprintf(a, sizeof(a), serial_live, live, "192.0.2.10");
	snprintf(b, sizeof(b), serial_live, want, www);
	return t_finding(run_desired(f, a, b), "soa-serial", 0);
}

static void
test_soa_serial_passes_when_greater(void **state)
{
	const struct dl_finding *fd = serial(*state, 2026112201, 2026112202,
	    "198.51.100.10");

	assert_int_equal(fd->status, DL_PASS);
	assert_string_equal(fd->message, "serial 2026112202 is greater than "
	    "the live 2026112201");
	assert_int_equal(fd->pos.line, 2);
	assert_non_null(fd->file);
}

static void
test_soa_serial_wraps_around(void **state)
{
	const struct dl_finding *fd = serial(*state, 4294967295u, 1,
	    "198.51.100.10");

	assert_int_equal(fd->status, DL_PASS);
	assert_string_equal(fd->message, "serial 1 is greater than the live "
	    "4294967295");
}

static void
test_soa_serial_equal_fails(void **state)
{
	const struct dl_finding *fd = serial(*state, 2026112201, 2026112201,
	    "198.51.100.10");

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "serial 2026112201 is not greater "
	    "than the live 2026112201: secondaries and other providers would "
	    "not take the change");
	assert_string_equal(fd->hint, "raise the serial of the desired zone "
	    "to 2026112202 or a little more");
}

static void
test_soa_serial_lower_fails(void **state)
{
	const struct dl_finding *fd = serial(*state, 5, 4294967295u,
	    "198.51.100.10");

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "serial 4294967295 is not greater "
	    "than the live 5: secondaries and other providers would not take "
	    "the change");
}

static void
test_soa_serial_undefined_fails(void **state)
{
	const struct dl_finding *fd = serial(*state, 1, 2147483649u,
	    "198.51.100.10");

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "serial 2147483649 and the live 1 "
	    "are 2^31 apart: RFC 1982 leaves their order undefined");
}

static void
test_soa_serial_skips_when_nothing_differs(void **state)
{
	const struct dl_finding *fd = serial(*state, 7, 7, "192.0.2.10");

	assert_int_equal(fd->status, DL_SKIP);
	assert_string_equal(fd->message, "the desired zone does not differ "
	    "from the live one");
}

static void
test_soa_serial_skips_hand_written_plan(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"),
	    "soa-serial", 0);

	assert_int_equal(fd->status, DL_SKIP);
}

static void
test_soa_serial_unknown_without_live_soa(void **state)
{
	struct dl_live net;
	struct fixture *f = *state;
	struct dl_config *cfg = config_for_fake_net();
	struct dl_zone *d;

	memset(&net, 0, sizeof(net));
	assert_non_null(net.zone = dl_zone_new("example.com.", "test", 0));
	d = t_zone("example.com.", "$ORIGIN example.com.\n"
	    "@ 3600 IN SOA ns1 hostmaster 2 7200 900 1209600 300\n"
	    "www 300 IN A 192.0.2.10\n");
	f->plan = t_plan("zone: example.com.\ndesired: new.zone\n");
	assert_int_equal(dl_diff_plan(f->plan, net.zone, d), 0);
	assert_int_equal(dl_engine_run(f->plan, net.zone, &net, "axfr",
	    "test", cfg, T_NOW, T_NOW, &f->result), 0);
	assert_int_equal(t_finding(f->result, "soa-serial", 0)->status,
	    DL_UNKNOWN);
	dl_zone_free(d);
	dl_zone_free(net.zone);
	dl_config_free(cfg);
}

/* zone-integrity */

static const char integrity_live[] =
    ORIGIN_SOA
    "www 300 IN A 192.0.2.10\n"
    "alias 300 IN CNAME www\n"
    "mx1 300 IN A 192.0.2.25\n";

static void
test_zone_integrity_whole_zone_problems(void **state)
{
	const struct dl_result *r = run_desired(*state, integrity_live,
	    ORIGIN_SOA
	    "@ 3600 IN NS ns3.example.com.\n"
	    "@ 300 IN MX 10 alias.example.com.\n"
	    "www 300 IN A 192.0.2.10\n"
	    "www 300 IN TXT \"hello\"\n"
	    "www 300 IN CNAME lb.example.net.\n"
	    "alias 300 IN CNAME www\n"
	    "mx1 300 IN A 192.0.2.25\n"
	    "mx1 60 IN A 192.0.2.26\n");
	const struct dl_finding *fd;

	fd = t_finding(r, "zone-integrity", 0);
	assert_string_equal(fd->subject, "example.com. NS");
	assert_string_equal(fd->message, "no address (A or AAAA) for the "
	    "in-zone nameserver ns3.example.com.");
	fd = t_finding(r, "zone-integrity", 1);
	assert_string_equal(fd->subject, "example.com. MX");
	assert_string_equal(fd->message, "MX target alias.example.com. is a "
	    "CNAME");
	assert_int_equal(fd->pos.line, 7);
	fd = t_finding(r, "zone-integrity", 2);
	assert_string_equal(fd->subject, "www.example.com. CNAME");
	assert_string_equal(fd->message, "www.example.com. has a CNAME and "
	    "other data (A)");
	fd = t_finding(r, "zone-integrity", 3);
	assert_string_equal(fd->subject, "mx1.example.com. A");
	assert_string_equal(fd->message, "its records have different TTLs "
	    "(60 to 300)");
	assert_int_equal(fd->status, DL_FAIL);
	/* A changed RRset's records are at its first line. */
	assert_int_equal(fd->pos.line, 12);
}

/* How many findings of rule id r holds. */
static size_t
count_findings(const struct dl_result *r, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < r->n_findings; i++)
		if (strcmp(r->findings[i].rule->id, id) == 0)
			n++;
	return n;
}

/*
 * The rules that read no model run beside the others (engine.c, struct
 * side) and their findings join the result in rule order.  On a zone of
 * 200,000 records and a plan of one change, zone-integrity is still
 * walking when the other rules are done: its findings must not be lost
 * (they were, when the merge counted them before it waited) or come
 * before the others'.
 */
static void
test_dl_engine_run_side_rules_joined_in_order(void **state)
{
	size_t i, n = 200000, len, cap = 40 * n + 1024;
	const struct dl_result *r;
	const struct dl_finding *fd;
	char *text;

	assert_non_null(text = malloc(cap));
	len = (size_t)snprintf(text, cap, "%s", ORIGIN_SOA);
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, cap - len,
		    "h%zu 300 IN A 10.%zu.%zu.%zu\n", i, i >> 16,
		    (i >> 8) & 255, i & 255);
	/* Far down the zone: a CNAME beside an A record. */
	len += (size_t)snprintf(text + len, cap - len,
	    "h199999 300 IN CNAME h1\n");
	assert_true(len < cap);
	r = run_on(*state, t_zone("example.com.", text),
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes:\n"
	    "  - {name: h0, type: A, ttl: 300, to: [192.0.2.1]}\n");
	free(text);
	fd = t_finding(r, "zone-integrity", 0);
	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "h199999.example.com. has a CNAME "
	    "and other data (A)");
	assert_int_equal(count_findings(r, "zone-integrity"), 1);
	assert_true(count_findings(r, "ttl-lowered") > 0);
	/* Rule order (the registry is sorted by id). */
	for (i = 1; i < r->n_findings; i++)
		assert_true(strcmp(r->findings[i - 1].rule->id,
		    r->findings[i].rule->id) <= 0);
}


/*
 * The records of a name need not stand together: a name's first record
 * waits alone until a second comes (lines 6 and 8 here), and names of
 * one record (b, c) or of one record per type (d, the plan's TXT beside
 * the live A) have no RRset to fault.
 */
static void
test_zone_integrity_records_of_one_name_apart(void **state)
{
	static const char live[] =
	    ORIGIN_SOA
	    "a 300 IN TXT \"one\"\n"
	    "b 300 IN A 192.0.2.1\n"
	    "a 600 IN TXT \"two\"\n"
	    "c 300 IN A 192.0.2.2\n"
	    "d 300 IN A 192.0.2.3\n";
	const struct dl_result *r = run_desired(*state, live,
	    ORIGIN_SOA
	    "a 300 IN TXT \"one\"\n"
	    "b 300 IN A 192.0.2.1\n"
	    "a 600 IN TXT \"two\"\n"
	    "c 300 IN A 192.0.2.2\n"
	    "d 300 IN A 192.0.2.3\n"
	    "d 60 IN TXT \"new\"\n");
	const struct dl_finding *fd;

	fd = t_finding(r, "zone-integrity", 0);
	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->subject, "a.example.com. TXT");
	assert_string_equal(fd->message, "its records have different TTLs "
	    "(300 to 600)");
	assert_int_equal(fd->pos.line, 6);
	assert_int_equal(count_findings(r, "zone-integrity"), 1);
}

/*
 * Names of one record (most of a zone's) are judged from that record:
 * glue that is there (ns) or not (nsx).
 */
static void
test_zone_integrity_names_of_one_record(void **state)
{
	static const char zone[] =
	    ORIGIN_SOA
	    "@ 3600 IN NS ns.example.com.\n"
	    "@ 3600 IN NS nsx.example.com.\n"
	    "ns 300 IN A 192.0.2.53\n"
	    "nsx 300 IN TXT \"no address\"\n";
	const struct dl_result *r = run_desired(*state, zone, zone);
	const struct dl_finding *fd;

	fd = t_finding(r, "zone-integrity", 0);
	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->subject, "example.com. NS");
	assert_string_equal(fd->message, "no address (A or AAAA) for the "
	    "in-zone nameserver nsx.example.com.");
	assert_int_equal(fd->pos.line, 7);
	assert_int_equal(count_findings(r, "zone-integrity"), 1);
}

/* A name of one record below a DNAME, the zone's only problem. */
static void
test_zone_integrity_one_record_below_dname(void **state)
{
	static const char zone[] =
	    ORIGIN_SOA
	    "old 300 IN DNAME new.example.\n"
	    "x.old 300 IN TXT \"hidden\"\n";
	const struct dl_result *r = run_desired(*state, zone, zone);
	const struct dl_finding *fd;

	fd = t_finding(r, "zone-integrity", 0);
	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->subject, "x.old.example.com. TXT");
	assert_int_equal(fd->pos.line, 7);
	assert_int_equal(count_findings(r, "zone-integrity"), 1);
}

/* Two CNAME or two DNAME records at a name; the same record twice is one. */
static void
test_zone_integrity_several_cname_or_dname(void **state)
{
	const struct dl_result *r = run_desired(*state, integrity_live,
	    ORIGIN_SOA
	    "www 300 IN A 192.0.2.10\n"
	    "alias 300 IN CNAME www\n"
	    "alias 300 IN CNAME lb.example.net.\n"
	    "same 300 IN CNAME www\n"
	    "same 300 IN CNAME WWW.example.com.\n"
	    "old 300 IN DNAME new.example.\n"
	    "old 300 IN DNAME other.example.\n");
	const struct dl_finding *fd;

	fd = t_finding(r, "zone-integrity", 0);
	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->subject, "alias.example.com. CNAME");
	assert_string_equal(fd->message, "alias.example.com. has 2 CNAME "
	    "records (lb.example.net., www.example.com.)");
	assert_string_equal(fd->hint, "keep one: a name is an alias of "
	    "exactly one other name (RFC 1034 section 3.6.2)");
	fd = t_finding(r, "zone-integrity", 1);
	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->subject, "old.example.com. DNAME");
	assert_string_equal(fd->message, "old.example.com. has 2 DNAME "
	    "records (new.example., other.example.)");
	assert_int_equal(count_findings(r, "zone-integrity"), 2);
}

/* A record below a DNAME is never seen; the DNAME's own name may hold data. */
static void
test_zone_integrity_data_below_dname(void **state)
{
	const struct dl_result *r = run_desired(*state, integrity_live,
	    ORIGIN_SOA
	    "www 300 IN A 192.0.2.10\n"
	    "old 300 IN DNAME new.example.\n"
	    "old 300 IN TXT \"moved\"\n"
	    "www.old 300 IN A 192.0.2.11\n"
	    "www.old 300 IN AAAA 2001:db8::11\n"
	    "a.b.old 300 IN TXT \"deep\"\n");
	const struct dl_finding *fd;

	fd = t_finding(r, "zone-integrity", 0);
	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->subject, "www.old.example.com. A");
	assert_string_equal(fd->message, "www.old.example.com. is below the "
	    "DNAME at old.example.com.: resolvers are redirected there and "
	    "never see it");
	assert_string_equal(fd->hint, "remove the records below the DNAME, "
	    "or the DNAME (RFC 6672 section 2.3)");
	fd = t_finding(r, "zone-integrity", 1);
	assert_string_equal(fd->subject, "a.b.old.example.com. TXT");
	/* Once per name: www.old's AAAA is not a third finding. */
	assert_int_equal(count_findings(r, "zone-integrity"), 2);
}

/*
 * A record of type 0 (reserved, RFC 6895; libzscanner reads "TYPE0 \\# 0")
 * is a record of its name, not the name itself: the RRset key 0 means a
 * name.
 */
static void
test_zone_integrity_type0_record(void **state)
{
	struct fixture *f = *state;
	const struct dl_finding *fd;
	ldns_rr *rr;
	ldns_rdf *owner;

	dl_zone_free(f->zone);
	f->zone = dl_zone_new("example.com.", "transfer", 0);
	assert_non_null(f->zone);
	assert_int_equal(ldns_rr_new_frm_str(&rr, "example.com. 3600 IN SOA "
	    "ns1.example-dns.net. hostmaster.example.com. 1 7200 900 1209600 "
	    "300", 0, NULL, NULL), LDNS_STATUS_OK);
	assert_int_equal(dl_zone_add(f->zone, rr), 0);
	assert_non_null(rr = ldns_rr_new());
	assert_non_null(owner = ldns_dname_new_frm_str("t.example.com."));
	ldns_rr_set_owner(rr, owner);
	ldns_rr_set_type(rr, 0);
	ldns_rr_set_class(rr, LDNS_RR_CLASS_IN);
	ldns_rr_set_ttl(rr, 300);
	assert_int_equal(dl_zone_add(f->zone, rr), 0);
	f->plan = t_plan("zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [192.0.2.10]}]\n");
	f->result = t_run(f->plan, f->zone, NULL, T_NOW);
	fd = t_finding(f->result, "zone-integrity", 0);
	assert_int_equal(fd->status, DL_PASS);
	assert_string_equal(fd->message, "3 records checked: no CNAME "
	    "conflict, NS or MX target that is a CNAME, missing glue or mixed "
	    "TTLs");
}

/* Signatures of records at the apex, the same but for the type covered. */
#define SIGNED_APEX \
    ORIGIN_SOA \
    "@ 300 IN DNSKEY 257 3 13 AAAA\n" \
    "@ 86400 IN NSEC www.example.com. NS SOA RRSIG NSEC DNSKEY\n" \
    "@ 3600 IN RRSIG SOA" SIG_REST \
    "@ 3600 IN RRSIG NS" SIG_REST \
    "@ 300 IN RRSIG DNSKEY" SIG_REST \
    "@ 86400 IN RRSIG NSEC" SIG_REST \
    "www 300 IN A 192.0.2.10\n"
#define SIG_REST \
    " 13 2 3600 20261231000000 20261201000000 12345 example.com. AAAA\n"

/*
 * The RRSIGs at a name are one RRset per type covered: a signed zone whose
 * SOA, DNSKEY and NSEC TTLs differ, and so their signatures', is fine.
 */
static void
test_zone_integrity_rrsig_ttl_per_type_covered(void **state)
{
	const struct dl_finding *fd = t_finding(run_desired(*state,
	    SIGNED_APEX, SIGNED_APEX), "zone-integrity", 0);

	assert_int_equal(fd->status, DL_PASS);
}

/* Two signatures of one RRset with different TTLs are one mixed RRset. */
static void
test_zone_integrity_rrsig_ttl_mixed_for_one_type(void **state)
{
	const struct dl_finding *fd = t_finding(run_desired(*state,
	    SIGNED_APEX, SIGNED_APEX
	    "www 300 IN RRSIG A" SIG_REST
	    "www 60 IN RRSIG A 8 3 300 20261231000000 20261201000000 54321 "
	    "example.com. AAAA\n"), "zone-integrity", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->subject, "www.example.com. RRSIG");
	assert_string_equal(fd->message, "its records have different TTLs "
	    "(60 to 300)");
}

static void
test_zone_integrity_cname_at_apex(void **state)
{
	const struct dl_finding *fd = t_finding(run_filtered(*state,
	    integrity_live,
	    "zone: example.com.\n"
	    "changes: [{name: '@', type: CNAME, to: [lb.example.net.]}]\n"),
	    "zone-integrity", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->subject, "example.com. CNAME");
	assert_string_equal(fd->message, "CNAME at the zone apex, beside the "
	    "SOA and NS records");
}

static void
test_zone_integrity_new_mx_target_is_loaded(void **state)
{
	/* alias is neither the apex nor an owner of the plan: the filter
	   keeps it because a new MX points at it. */
	const struct dl_finding *fd = t_finding(run_filtered(*state,
	    integrity_live,
	    "zone: example.com.\n"
	    "changes: [{name: '@', type: MX, to: ['10 alias']}]\n"),
	    "zone-integrity", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "MX target alias.example.com. is a "
	    "CNAME");
	assert_int_equal(fd->pos.line, 2);
	assert_null(fd->file);
}

static void
test_zone_integrity_passes_names_plan_touches(void **state)
{
	const struct dl_finding *fd = t_finding(run_filtered(*state,
	    integrity_live,
	    "zone: example.com.\n"
	    "changes: [{name: '@', type: MX, to: ['10 mx1']}]\n"),
	    "zone-integrity", 0);

	assert_int_equal(fd->status, DL_PASS);
	assert_string_equal(fd->message, "6 records checked, the 2 names the "
	    "plan touches as the change leaves them: no CNAME conflict, NS "
	    "or MX target that is a CNAME, missing glue or mixed TTLs");
}

/*
 * Names a hand-written plan does not touch are checked in the zone
 * file's index as they are: a problem there fails, and says it is not
 * the plan's doing.
 */
static const char untouched_live[] =
    ORIGIN_SOA
    "www 300 IN A 192.0.2.10\n"
    "shop 300 IN CNAME www\n"
    "shop 300 IN TXT \"v=spf1 -all\"\n"
    "mail 300 IN MX 10 shop\n"
    "two 300 IN CNAME www\n"
    "two 300 IN CNAME mail\n"
    "txt 300 IN TXT \"a\"\n"
    "txt 600 IN TXT \"b\"\n"
    "old 300 IN DNAME example.net.\n"
    "x.old 300 IN A 192.0.2.9\n";

#define NOT_THE_PLANS \
    " (already in the live zone, not the plan's doing: the plan does not " \
    "touch this name)"

/* Finding i of zone-integrity in r fails subject at line with message. */
static void
assert_integrity_fail(const struct dl_result *r, size_t i,
    const char *subject, const char *message, unsigned line)
{
	const struct dl_finding *fd = t_finding(r, "zone-integrity", i);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->subject, subject);
	assert_string_equal(fd->message, message);
	assert_int_equal(fd->pos.line, line);
}

static void
test_zone_integrity_untouched_names_fail_in_plan_mode(void **state)
{
	const struct dl_result *r = run_filtered(*state, untouched_live,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(count_findings(r, "zone-integrity"), 5);
	assert_integrity_fail(r, 0, "shop.example.com. CNAME",
	    "shop.example.com. has a CNAME and other data (TXT)"
	    NOT_THE_PLANS, 7);
	assert_integrity_fail(r, 1, "mail.example.com. MX",
	    "MX target shop.example.com. is a CNAME" NOT_THE_PLANS, 9);
	assert_integrity_fail(r, 2, "two.example.com. CNAME",
	    "two.example.com. has 2 CNAME records (www.example.com., "
	    "mail.example.com.)" NOT_THE_PLANS, 10);
	assert_integrity_fail(r, 3, "txt.example.com. TXT",
	    "its records have different TTLs (300 to 600)" NOT_THE_PLANS, 12);
	assert_integrity_fail(r, 4, "x.old.example.com. A",
	    "x.old.example.com. is below the DNAME at old.example.com.: "
	    "resolvers are redirected there and never see it" NOT_THE_PLANS,
	    15);
}

/*
 * The same CNAME conflict at a name the plan touches is the plan's to
 * fix, and is reported once; an MX record pointing at it is not called
 * the zone's own problem either.
 */
static void
test_zone_integrity_untouched_cname_conflict_once(void **state)
{
	const struct dl_result *r = run_filtered(*state, untouched_live,
	    "zone: example.com.\n"
	    "changes: [{name: shop, type: TXT, to: ['\"v=spf1 mx -all\"']}]\n");

	assert_integrity_fail(r, 0, "shop.example.com. CNAME",
	    "shop.example.com. has a CNAME and other data (TXT)", 7);
	assert_integrity_fail(r, 1, "mail.example.com. MX",
	    "MX target shop.example.com. is a CNAME", 9);
	assert_int_equal(count_findings(r, "zone-integrity"), 5);
}

/* A DNAME the plan adds above a name it leaves: the plan's doing. */
static void
test_zone_integrity_dname_plan_adds_above_untouched(void **state)
{
	const struct dl_result *r = run_filtered(*state,
	    ORIGIN_SOA
	    "www 300 IN A 192.0.2.10\n"
	    "x.old 300 IN A 192.0.2.9\n",
	    "zone: example.com.\n"
	    "changes: [{name: old, type: DNAME, to: [example.net.]}]\n");

	assert_integrity_fail(r, 0, "x.old.example.com. A",
	    "x.old.example.com. is below the DNAME at old.example.com.: "
	    "resolvers are redirected there and never see it", 7);
	assert_int_equal(count_findings(r, "zone-integrity"), 1);
}

/*
 * The apex NS and MX targets are names the plan leaves alone: a filtered
 * load indexes them all the same, so their glue and aliases are judged.
 */
static void
test_zone_integrity_judges_targets_plan_leaves_alone(void **state)
{
	const char *plan = "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n";
	const struct dl_finding *fd = t_finding(run_filtered(*state,
	    "$ORIGIN example.com.\n"
	    "@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300\n"
	    "@ 3600 IN NS ns1\n"
	    "ns1 3600 IN A 192.0.2.1\n"
	    "www 300 IN A 192.0.2.10\n", plan), "zone-integrity", 0);

	assert_int_equal(fd->status, DL_PASS);
	/* No glue for ns1. */
	fd = t_finding(run_filtered(*state,
	    "$ORIGIN example.com.\n"
	    "@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300\n"
	    "@ 3600 IN NS ns1\n"
	    "ns1 3600 IN TXT \"no address\"\n"
	    "www 300 IN A 192.0.2.10\n", plan), "zone-integrity", 0);
	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "no address (A or AAAA) for the "
	    "in-zone nameserver ns1.example.com.");
	/* The MX target is an alias. */
	fd = t_finding(run_filtered(*state,
	    "$ORIGIN example.com.\n"
	    "@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300\n"
	    "@ 3600 IN NS ns1\n"
	    "@ 3600 IN MX 10 mail\n"
	    "ns1 3600 IN A 192.0.2.1\n"
	    "mail 3600 IN CNAME www\n"
	    "www 300 IN A 192.0.2.10\n", plan), "zone-integrity", 0);
	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->message, "MX target mail.example.com. is a "
	    "CNAME");
}

/* A delegation in the zone, with glue below it. */
static const char cut_live[] =
    ORIGIN_SOA
    "sub 3600 IN NS ns1.sub.example.com.\n"
    "sub 3600 IN NS ns.child-dns.example.net.\n"
    "ns1.sub 3600 IN A 192.0.2.53\n"
    "www.sub 300 IN A 192.0.2.10\n"
    "www 300 IN A 192.0.2.10\n";

/* The first zone-integrity finding of plan (its changes) on cut_live. */
static const struct dl_finding *
on_cut(struct fixture *f, const char *changes)
{
	char yaml[512];

	snprintf(yaml, sizeof(yaml), "zone: example.com.\n%s", changes);
	return t_finding(run_filtered(f, cut_live, yaml), "zone-integrity", 0);
}

/*
 * Glue for every delegation (RFC 9471, as kzonecheck checks it): a
 * nameserver at or below its cut, or a name the zone answers for, needs
 * an address in the zone; one outside the zone, or at or below another
 * delegation, does not.
 */
static const char deleg_live[] =
    ORIGIN_SOA
    "www 300 IN A 192.0.2.10\n"
    "lab 3600 IN NS ns1.lab\n"
    "lab 3600 IN NS ns.example.net.\n"
    "eu 3600 IN NS ns1.eu\n"
    "eu 3600 IN NS ns2.lab\n"
    "ns1.eu 3600 IN A 192.0.2.53\n"
    "dev 3600 IN NS dns\n"
    "dns 3600 IN TXT \"no address\"\n"
    "cdn 3600 IN NS cdn\n"
    "cdn 3600 IN A 192.0.2.80\n"
    "api 3600 IN NS ns.svc\n"
    "*.svc 3600 IN A 192.0.2.90\n"
    "old 3600 IN NS ns.dir\n"
    "x.ns.dir 3600 IN A 192.0.2.91\n"
    "*.dir 3600 IN A 192.0.2.92\n"
    "deep.lab 3600 IN NS ns.deep.lab\n";

#define NO_GLUE_LAB "the delegation lab.example.com. has no glue: no " \
    "address (A or AAAA) for its nameserver ns1.lab.example.com., which " \
    "is at or below the zone cut"
#define NO_ADDR_DNS "the delegation dev.example.com. names the in-zone " \
    "nameserver dns.example.com., which has no address (A or AAAA)"
/* ns.dir exists (x.ns.dir is below it): *.dir does not cover it. */
#define NO_ADDR_DIR "the delegation old.example.com. names the in-zone " \
    "nameserver ns.dir.example.com., which has no address (A or AAAA)"

static void
test_zone_integrity_delegation_glue_whole_zone(void **state)
{
	const struct dl_result *r = run_desired(*state, deleg_live,
	    deleg_live);

	assert_int_equal(count_findings(r, "zone-integrity"), 3);
	assert_integrity_fail(r, 0, "lab.example.com. NS", NO_GLUE_LAB, 7);
	assert_integrity_fail(r, 1, "dev.example.com. NS", NO_ADDR_DNS, 12);
	assert_integrity_fail(r, 2, "old.example.com. NS", NO_ADDR_DIR, 18);
	assert_string_equal(t_finding(r, "zone-integrity", 0)->hint,
	    "add A or AAAA records for ns1.lab.example.com.: resolvers can "
	    "reach it only through the addresses the referral carries (RFC "
	    "9471)");
}

static void
test_zone_integrity_delegation_glue_plan_mode(void **state)
{
	const struct dl_result *r = run_filtered(*state, deleg_live,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(count_findings(r, "zone-integrity"), 3);
	assert_integrity_fail(r, 0, "lab.example.com. NS",
	    NO_GLUE_LAB NOT_THE_PLANS, 7);
	assert_integrity_fail(r, 1, "dev.example.com. NS",
	    NO_ADDR_DNS NOT_THE_PLANS, 12);
	assert_integrity_fail(r, 2, "old.example.com. NS",
	    NO_ADDR_DIR NOT_THE_PLANS, 18);
	/* The plan gives dns an address: that delegation passes. */
	r = run_filtered(*state, deleg_live,
	    "zone: example.com.\n"
	    "changes: [{name: dns, type: A, to: [192.0.2.5]}]\n");
	assert_int_equal(count_findings(r, "zone-integrity"), 2);
	assert_integrity_fail(r, 0, "lab.example.com. NS",
	    NO_GLUE_LAB NOT_THE_PLANS, 7);
	assert_integrity_fail(r, 1, "old.example.com. NS",
	    NO_ADDR_DIR NOT_THE_PLANS, 18);
}

/* Glue the plan removes, and a delegation it adds: the plan's doing. */
static void
test_zone_integrity_delegation_glue_plan_doing(void **state)
{
	const char *live = ORIGIN_SOA
	    "www 300 IN A 192.0.2.10\n"
	    "sub 3600 IN NS ns1.sub\n"
	    "ns1.sub 3600 IN A 192.0.2.53\n"
	    "dev 3600 IN NS dns\n"
	    "dns 3600 IN A 192.0.2.5\n";
	const struct dl_result *r;

	/* dev is no name the plan touches; dns, its nameserver, is. */
	r = run_filtered(*state, live, "zone: example.com.\n"
	    "changes: [{name: dns, type: A, delete: true}]\n");
	assert_int_equal(count_findings(r, "zone-integrity"), 1);
	assert_integrity_fail(r, 0, "dev.example.com. NS", NO_ADDR_DNS, 9);

	r = run_filtered(*state, live, "zone: example.com.\n"
	    "changes: [{name: ns1.sub, type: A, delete: true}]\n");
	assert_int_equal(count_findings(r, "zone-integrity"), 1);
	assert_integrity_fail(r, 0, "sub.example.com. NS", "the delegation "
	    "sub.example.com. has no glue: no address (A or AAAA) for its "
	    "nameserver ns1.sub.example.com., which is at or below the zone "
	    "cut", 7);
	r = run_filtered(*state, live, "zone: example.com.\n"
	    "changes: [{name: new, type: NS, to: [ns.new.example.com.]}]\n");
	assert_int_equal(count_findings(r, "zone-integrity"), 1);
	assert_integrity_fail(r, 0, "new.example.com. NS", "the delegation "
	    "new.example.com. has no glue: no address (A or AAAA) for its "
	    "nameserver ns.new.example.com., which is at or below the zone "
	    "cut", 2);
	/* With its glue, and in a whole zone: passes. */
	r = run_filtered(*state, live, "zone: example.com.\n"
	    "changes:\n"
	    "  - {name: new, type: NS, to: [ns.new.example.com.]}\n"
	    "  - {name: ns.new, type: A, to: [192.0.2.54]}\n");
	assert_int_equal(t_finding(r, "zone-integrity", 0)->status, DL_PASS);
	r = run_desired(*state, live, live);
	assert_int_equal(t_finding(r, "zone-integrity", 0)->status, DL_PASS);
}

static void
test_zone_integrity_change_below_zone_cut_fails(void **state)
{
	const struct dl_result *r = run_filtered(*state, cut_live,
	    "zone: example.com.\n"
	    "changes:\n"
	    "  - {name: www, type: A, to: [198.51.100.10]}\n"
	    "  - {name: www.sub, type: A, to: [198.51.100.10]}\n");
	const struct dl_finding *fd = t_finding(r, "zone-integrity", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->subject, "www.sub.example.com. A");
	assert_string_equal(fd->message, "the change is below the zone cut "
	    "at sub.example.com. (NS ns.child-dns.example.net., "
	    "ns1.sub.example.com.): resolvers ask the child zone's "
	    "servers and never see it");
	assert_string_equal(fd->hint, "make the change in the zone "
	    "sub.example.com. on its own servers, or remove the delegation "
	    "in the same plan");
	assert_int_equal(fd->pos.line, 4);
	assert_int_equal(fd->pos.column, 6);
	/* One finding: the www.example.com. A change is no problem. */
	assert_true(fd + 1 == r->findings + r->n_findings ||
	    strcmp(fd[1].rule->id, "zone-integrity") != 0);
}

static void
test_zone_integrity_change_at_delegation_point_fails(void **state)
{
	const struct dl_finding *fd = on_cut(*state,
	    "changes: [{name: sub, type: TXT, to: ['\"x\"']}]\n");

	assert_int_equal(fd->status, DL_FAIL);
	assert_string_equal(fd->subject, "sub.example.com. TXT");
}

static void
test_zone_integrity_glue_and_delegation_changes_pass(void **state)
{
	/* Glue of the delegation and its NS and DS records are the
	   parent's: they are served in referrals. */
	const struct dl_finding *fd = on_cut(*state,
	    "changes:\n"
	    "  - {name: ns1.sub, type: A, to: [198.51.100.53]}\n"
	    "  - {name: sub, type: NS, to: [ns1.sub.example.com., "
	    "ns.child-dns.example.net.]}\n");

	assert_int_equal(fd->status, DL_PASS);
}

static void
test_zone_integrity_occluded_data_may_be_deleted(void **state)
{
	const struct dl_finding *fd = on_cut(*state,
	    "changes: [{name: www.sub, type: A, delete: true}]\n");

	assert_int_equal(fd->status, DL_PASS);
}

static void
test_zone_integrity_removed_delegation_does_not_occlude(void **state)
{
	const struct dl_finding *fd = on_cut(*state,
	    "changes:\n"
	    "  - {name: sub, type: NS, delete: true}\n"
	    "  - {name: www.sub, type: A, to: [198.51.100.10]}\n");

	assert_int_equal(fd->status, DL_PASS);
}

static void
test_zone_integrity_skips_rest_on_answers(void **state)
{
	struct dl_live net;
	const struct dl_finding *fd;

	memset(&net, 0, sizeof(net));
	assert_non_null(net.zone = dl_zone_new("example.com.", "test", 1));
	fd = t_finding(run_net(*state, &net,
	    "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"),
	    "zone-integrity", 0);
	assert_int_equal(fd->status, DL_SKIP);
	assert_string_equal(fd->message, "needs the whole zone: only the 1 "
	    "records fetched were checked");
	dl_zone_free(net.zone);
}

static void
test_dl_engine_filter_keeps_new_targets(void **state)
{
	struct dl_plan_filter pf;
	struct dl_plan *p;
	size_t i;
	int mx = 0, srv = 0, cname = 0, outside = 0;

	(void)state;
	p = t_plan("zone: example.com.\n"
	    "changes:\n"
	    "  - {name: '@', type: MX, to: ['10 mail', '20 mx.other.net.']}\n"
	    "  - {name: _sip._tcp, type: SRV, to: ['0 1 5060 sip']}\n"
	    "  - {name: www, type: CNAME, to: [lb]}\n");
	assert_int_equal(dl_engine_filter(p, &pf), 0);
	for (i = 0; i < pf.filter.n_owners; i++) {
		mx += strcmp(pf.filter.owners[i], "mail.example.com.") == 0;
		srv += strcmp(pf.filter.owners[i], "sip.example.com.") == 0;
		cname += strcmp(pf.filter.owners[i], "lb.example.com.") == 0;
		outside += strcmp(pf.filter.owners[i], "mx.other.net.") == 0;
	}
	assert_int_equal(mx, 1);
	assert_int_equal(srv, 1);
	assert_int_equal(cname, 1);
	assert_int_equal(outside, 0);
	dl_engine_filter_free(&pf);
	dl_plan_free(p);
}

/* What the servers said, through the context: none without servers. */
static void
test_dl_ctx_nameservers(void **state)
{
	struct dl_live_ns_addr ns[2] = {
		{ "ns1.example.net.", "192.0.2.1", NULL, 0 },
		{ "ns1.example.net.", "2001:db8::1", NULL, 1 },
	};
	char *unresolved[] = { "ns2.example.org." };
	struct dl_live net;
	struct dl_ctx ctx;
	size_t n = 9;

	(void)state;
	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(dl_ctx_servers(&ctx), 0);
	assert_int_equal(dl_ctx_question(&ctx, "example.com.",
	    LDNS_RR_TYPE_SOA), -1);
	assert_null(dl_ctx_unasked(&ctx));
	assert_int_equal(dl_ctx_ns_known(&ctx), 0);
	assert_null(dl_ctx_nameservers(&ctx, &n));
	assert_int_equal(n, 0);
	memset(&net, 0, sizeof(net));
	net.ns_known = 1;
	net.ns = ns;
	net.n_ns = 2;
	net.unresolved = unresolved;
	net.n_unresolved = 1;
	ctx.net = &net;
	assert_int_equal(dl_ctx_servers(&ctx), 0);
	assert_int_equal(dl_ctx_ns_known(&ctx), 1);
	assert_ptr_equal(dl_ctx_nameservers(&ctx, &n), ns);
	assert_int_equal(n, 2);
	assert_string_equal(dl_ctx_ns_unresolved(&ctx, &n)[0],
	    "ns2.example.org.");
	assert_int_equal(n, 1);
	assert_null(dl_ctx_unasked(&ctx));
}

/* The root zone's wildcard is "*.", not "*..". */
static void
test_dl_engine_filter_root_zone_wildcard(void **state)
{
	struct dl_plan_filter pf;
	struct dl_plan *p;
	size_t i;
	char all[512] = "";

	(void)state;
	p = t_plan("zone: .\n"
	    "changes: [{name: probe, type: A, to: [192.0.2.53]}]\n");
	assert_int_equal(dl_engine_filter(p, &pf), 0);
	for (i = 0; i < pf.filter.n_owners; i++) {
		strncat(all, pf.filter.owners[i], sizeof(all) - strlen(all) - 2);
		strcat(all, " ");
	}
	assert_string_equal(all, ". probe. *. ");
	dl_engine_filter_free(&pf);
	dl_plan_free(p);
}

/* A provider move's questions and the parent's DS, through the context. */
static void
test_dl_ctx_move_questions(void **state)
{
	char *owner[] = { "example.com.", "www.example.com." };
	ldns_rr_type type[] = { LDNS_RR_TYPE_SOA, LDNS_RR_TYPE_A };
	struct dl_live net;
	struct dl_ctx ctx;
	ldns_rr_type t;
	size_t n = 9;

	(void)state;
	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(dl_ctx_move_questions(&ctx), 0);
	assert_int_equal(dl_ctx_move_total(&ctx), 0);
	assert_int_equal(dl_ctx_move_whole(&ctx), 0);
	assert_int_equal(dl_ctx_move_servers(&ctx), 0);
	assert_int_equal(dl_ctx_parent_ds(&ctx, &n), 0);
	assert_int_equal(n, 0);
	memset(&net, 0, sizeof(net));
	net.move_owner = owner;
	net.move_type = type;
	net.n_move = 2;
	net.move_total = 3000;
	net.move_whole = 1;
	net.parent_ds_known = 1;
	net.n_parent_ds = 2;
	ctx.net = &net;
	assert_int_equal(dl_ctx_move_questions(&ctx), 2);
	assert_string_equal(dl_ctx_move_question(&ctx, 1, &t),
	    "www.example.com.");
	assert_int_equal(t, LDNS_RR_TYPE_A);
	assert_int_equal(dl_ctx_move_total(&ctx), 3000);
	assert_int_equal(dl_ctx_move_whole(&ctx), 1);
	/* No batch: nothing was asked. */
	assert_int_equal(dl_ctx_move_servers(&ctx), 0);
	assert_int_equal(dl_ctx_parent_ds(&ctx, &n), 1);
	assert_int_equal(n, 2);
	net.parent_ds_known = 0;
	assert_int_equal(dl_ctx_parent_ds(&ctx, &n), 0);
	assert_int_equal(n, 0);
}

/* the engine */

static void
test_dl_engine_run_severity_off_and_warning(void **state)
{
	struct fixture *f = *state;
	struct dl_config *cfg;
	struct dl_error err;
	struct dl_totals t;
	size_t i;

	assert_non_null(cfg = dl_config_default());
	assert_int_equal(dl_config_disable(cfg, "ns-ttl", &err), 0);
	assert_int_equal(dl_config_severity(cfg, "ns-multi-provider=warning",
	    &err), 0);
	f->plan = t_plan("zone: example.com.\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n");
	f->result = t_run(f->plan, f->zone, cfg, T_NOW);
	for (i = 0; i < f->result->n_findings; i++)
		assert_string_not_equal(f->result->findings[i].rule->id,
		    "ns-ttl");
	assert_int_equal(t_finding(f->result, "ns-multi-provider", 0)->severity,
	    DL_SEV_WARNING);
	memset(&t, 0, sizeof(t));
	dl_totals_add(&t, f->result, DL_SEV_ERROR);
	assert_int_equal(t.fail, 0);
	assert_int_equal(t.failed_below, 1);
	assert_int_equal(dl_totals_status(&t), 0);
	memset(&t, 0, sizeof(t));
	dl_totals_add(&t, f->result, DL_SEV_WARNING);
	assert_int_equal(dl_totals_status(&t), 1);
	dl_config_free(cfg);
}

static void
test_dl_rules_registry_sorted_and_unique(void **state)
{
	size_t i, j;

	(void)state;
	assert_true(dl_rule_count >= 5);
	for (i = 1; i < dl_rule_count; i++)
		assert_true(strcmp(dl_rules[i - 1]->id, dl_rules[i]->id) < 0);
	for (i = 0; i < dl_rule_count; i++) {
		assert_non_null(dl_rules[i]->summary);
		assert_non_null(dl_rules[i]->explain);
		assert_non_null(dl_rules[i]->good);
		assert_non_null(dl_rules[i]->bad);
		assert_non_null(dl_rules[i]->check);
		assert_true(dl_rules[i]->n_thresholds <= DL_MAX_THRESHOLDS);
		assert_ptr_equal(dl_rule_find(dl_rules[i]->id, &j),
		    dl_rules[i]);
		assert_int_equal(j, i);
	}
	assert_null(dl_rule_find("ttl-lowerd", NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_ttl_lowered_fails_when_not_lowered),
		T(test_ttl_lowered_passes_at_wait_until),
		T(test_ttl_lowered_fails_one_second_before),
		T(test_ttl_lowered_claimed_but_not_done),
		T(test_ttl_lowered_low_without_history_passes_with_assumption),
		T(test_ttl_lowered_unknown_without_live_data),
		T(test_ttl_lowered_new_name_visible_step),
		T(test_ttl_lowered_checklist_steps),
		T(test_ttl_lowered_propagated_done_at_its_time),
		T(test_ttl_lowered_propagated_pending_one_second_before),
		T(test_ttl_lowered_restore_step_not_at_max_ttl),
		T(test_ttl_lowered_restore_step_new_ttl_at_max_ttl),
		T(test_ttl_lowered_mixed_ttl_largest_counts),
		T(test_ns_multi_provider_min_providers_3),
		T(test_ns_ttl_unknown_when_ns_change_ttl_unknown),
		T(test_ns_ttl_ns_change_keeps_live_ttl),
		T(test_ns_ttl_zone_without_ns_unknown),
		T(test_ns_ttl_provider_zone_unknown),
		T(test_ns_ttl_mixed_live_ttl_largest_counts),
		T(test_decommission_window_86400_needs_48_hours),
		T(test_decommission_window_86400_passes_at_48_hours),
		T(test_decommission_window_300_needs_10_minutes),
		T(test_decommission_window_old_nameserver_waits_for_parent),
		T(test_decommission_window_target_not_in_plan),
		T(test_decommission_window_target_still_published),
		T(test_decommission_window_unknown_without_live_data),
		T(test_ns_multi_provider_fails_on_one_provider),
		T(test_ns_multi_provider_route53_domains_are_one_provider),
		T(test_ttl_lowered_passes_additive_change),
		T(test_stale_reference_warns_on_address_family_left),
		T(test_ns_multi_provider_passes_on_two_providers),
		T(test_ns_multi_provider_one_address_is_one_server),
		T(test_ns_multi_provider_single_name_fails),
		T(test_ns_multi_provider_unknown_without_live_data),
		T(test_ns_ttl_fails_on_live_86400),
		T(test_ns_ttl_passes_at_3600),
		T(test_ns_ttl_fails_one_second_over),
		T(test_live_matches_plan_passes_in_any_order),
		T(test_live_matches_plan_fails_on_difference),
		T(test_live_matches_plan_skips_without_from),
		T(test_blast_radius_passes_at_30_percent),
		T(test_blast_radius_fails_one_record_over),
		T(test_blast_radius_deletions_counted_apart),
		T(test_blast_radius_threshold_from_config),
		T(test_blast_radius_acknowledged_passes_with_reason),
		T(test_blast_radius_share_never_reads_as_threshold),
		T(test_blast_radius_skips_small_zone),
		T(test_blast_radius_unknown_without_live_data),
		T(test_ttl_lowered_new_name_answered_by_wildcard),
		T(test_decommission_window_glue_held_by_parent),
		T(test_ttl_lowered_new_name_signed_nsec_ttl),
		T(test_ttl_lowered_new_name_signed_nsec_unknown),
		T(test_ttl_lowered_wildcard_not_for_existing_name),
		T(test_stale_reference_names_record_and_line),
		T(test_stale_reference_passes_per_target),
		T(test_stale_reference_new_data_is_stale_too),
		T(test_stale_reference_skips_without_decommission),
		T(test_stale_reference_unknown_on_answers),
		T(test_stale_reference_unknown_without_live_data),
		T(test_ns_address_diversity_fails_in_one_24),
		T(test_ns_address_diversity_passes_with_one_address_outside),
		T(test_ns_address_diversity_fails_in_one_24_and_one_48),
		T(test_ns_address_diversity_passes_with_one_48_outside),
		T(test_ns_address_diversity_one_address_fails),
		T(test_ns_address_diversity_skips_names_outside_zone_file),
		T(test_ns_address_diversity_known_spread_passes),
		T(test_ns_address_diversity_filtered_load_sees_glue),
		T(test_ns_address_diversity_from_servers),
		T(test_ns_serves_zone_unknown_for_a_server_not_asked),
		T(test_ns_rules_unknown_when_an_address_lookup_failed),
		T(test_dnssec_provider_change_fails_without_strategy),
		T(test_dnssec_provider_change_unsign_first_at_boundary),
		T(test_dnssec_provider_change_unsign_first_one_second_early),
		T(test_dnssec_provider_change_multi_signer_at_boundary),
		T(test_dnssec_provider_change_multi_signer_one_second_early),
		T(test_dnssec_provider_change_delegation_too_early),
		T(test_ns_move_steps),
		T(test_dnssec_provider_change_parent_ds_ttl_from_the_parent),
		T(test_dnssec_provider_change_ds_at_parent_is_signed),
		T(test_dnssec_provider_change_skips_ttl_only_ns_change),
		T(test_dnssec_provider_change_skips_unsigned_zone),
		T(test_dnssec_provider_change_unknown_when_dnskey_not_asked),
		T(test_soa_serial_passes_when_greater),
		T(test_soa_serial_wraps_around),
		T(test_soa_serial_equal_fails),
		T(test_soa_serial_lower_fails),
		T(test_soa_serial_undefined_fails),
		T(test_soa_serial_skips_when_nothing_differs),
		T(test_soa_serial_skips_hand_written_plan),
		T(test_soa_serial_unknown_without_live_soa),
		T(test_zone_integrity_whole_zone_problems),
		T(test_zone_integrity_several_cname_or_dname),
		T(test_zone_integrity_records_of_one_name_apart),
		T(test_zone_integrity_names_of_one_record),
		T(test_zone_integrity_one_record_below_dname),
		T(test_zone_integrity_data_below_dname),
		T(test_zone_integrity_type0_record),
		T(test_zone_integrity_rrsig_ttl_per_type_covered),
		T(test_zone_integrity_rrsig_ttl_mixed_for_one_type),
		T(test_zone_integrity_cname_at_apex),
		T(test_zone_integrity_new_mx_target_is_loaded),
		T(test_zone_integrity_passes_names_plan_touches),
		T(test_zone_integrity_untouched_names_fail_in_plan_mode),
		T(test_zone_integrity_untouched_cname_conflict_once),
		T(test_zone_integrity_dname_plan_adds_above_untouched),
		T(test_zone_integrity_delegation_glue_whole_zone),
		T(test_zone_integrity_delegation_glue_plan_mode),
		T(test_zone_integrity_delegation_glue_plan_doing),
		T(test_zone_integrity_change_below_zone_cut_fails),
		T(test_zone_integrity_change_at_delegation_point_fails),
		T(test_zone_integrity_glue_and_delegation_changes_pass),
		T(test_zone_integrity_removed_delegation_does_not_occlude),
		T(test_zone_integrity_occluded_data_may_be_deleted),
		T(test_zone_integrity_judges_targets_plan_leaves_alone),
		T(test_zone_integrity_skips_rest_on_answers),
		T(test_dl_engine_run_severity_off_and_warning),
		cmocka_unit_test(test_dl_rules_registry_sorted_and_unique),
		cmocka_unit_test(test_dl_engine_filter_keeps_new_targets),
		cmocka_unit_test(test_dl_ctx_nameservers),
		cmocka_unit_test(test_dl_engine_filter_root_zone_wildcard),
		cmocka_unit_test(test_dl_ctx_move_questions),
		T(test_dl_engine_run_side_rules_joined_in_order),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
