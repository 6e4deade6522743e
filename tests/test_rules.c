/*
 * test_rules.c - every rule through the engine: passing and failing cases,
 * exact statuses, messages and wait-until times.
 */
#include "helpers.h"

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
	    "cutover: 2026-11-29T10:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-28T10:00:00Z, from: 86400, to: 300}\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n"),
	    "ttl-lowered", 0);

	assert_int_equal(fd->status, DL_PASS);
	assert_int_equal(fd->wait_until, t_time("2026-11-29T10:00:00Z"));
	assert_string_equal(fd->message, "TTL 86400 -> 300 at "
	    "2026-11-28 10:00Z has reached every cache by 2026-11-29 10:00Z");
}

static void
test_ttl_lowered_fails_one_second_before(void **state)
{
	const struct dl_finding *fd = t_finding(run(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-29T09:59:59Z\n"
	    "ttl_lowered: {at: 2026-11-28T10:00:00Z, from: 86400, to: 300}\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n"),
	    "ttl-lowered", 0);

	assert_int_equal(fd->status, DL_FAIL);
	assert_int_equal(fd->wait_until, t_time("2026-11-29T10:00:00Z"));
	assert_string_equal(fd->message, "TTL lowered at 2026-11-28 10:00Z, "
	    "but caches may hold the old TTL 86400 until 2026-11-29 10:00Z, "
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
	assert_string_equal(fd->message, "live TTL 300 <= 300");
	assert_string_equal(fd->hint, "assumed: it has been this low for at "
	    "least one previous TTL (state ttl_lowered if not)");
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
	/* min(SOA TTL 86400, SOA MINIMUM 3600) after the cutover. */
	assert_int_equal(s->at, t_time("2026-12-01T11:00:00Z"));
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
	    "(Amazon Route 53, example-dns.net)");
	assert_int_equal(fd->pos.line, 2);
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

/* ns-ttl */

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
		T(test_decommission_window_86400_needs_48_hours),
		T(test_decommission_window_86400_passes_at_48_hours),
		T(test_decommission_window_300_needs_10_minutes),
		T(test_decommission_window_old_nameserver_waits_for_parent),
		T(test_decommission_window_target_not_in_plan),
		T(test_decommission_window_target_still_published),
		T(test_decommission_window_unknown_without_live_data),
		T(test_ns_multi_provider_fails_on_one_provider),
		T(test_ns_multi_provider_route53_domains_are_one_provider),
		T(test_ns_multi_provider_passes_on_two_providers),
		T(test_ns_multi_provider_single_name_fails),
		T(test_ns_multi_provider_unknown_without_live_data),
		T(test_ns_ttl_fails_on_live_86400),
		T(test_ns_ttl_passes_at_3600),
		T(test_ns_ttl_fails_one_second_over),
		T(test_live_matches_plan_passes_in_any_order),
		T(test_live_matches_plan_fails_on_difference),
		T(test_live_matches_plan_skips_without_from),
		T(test_dl_engine_run_severity_off_and_warning),
		cmocka_unit_test(test_dl_rules_registry_sorted_and_unique),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
