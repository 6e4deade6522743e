/*
 * test_needs.c - what the rules read becomes the zone-file filter and the
 * question list, both from one walk: a rule that declares a need is
 * enough for both to follow.
 */
#include "helpers.h"
#include "needs.h"

/* A rule that exists only here: is every MX target in the zone there? */
static void
mx_check(const struct dl_ctx *ctx, const struct dl_rule_settings *s,
    struct dl_sink *sink)
{
	(void)ctx;
	(void)s;
	(void)sink;
}

static const struct dl_need mx_needs[] = {
	{ DL_NEED_CHANGED, 0 },
	{ DL_NEED_TARGET_ADDRESSES, LDNS_RR_TYPE_MX },
};

static const struct dl_rule mx_target_exists = {
	.id = "mx-target-exists",
	.severity = DL_SEV_ERROR,
	.summary = "every in-zone MX target has an address",
	.explain = "test only",
	.needs = mx_needs,
	.n_needs = sizeof(mx_needs) / sizeof(mx_needs[0]),
	.check = mx_check,
};

/* A rule that reads the apex SOA and nothing else. */
static const struct dl_need soa_needs[] = {
	{ DL_NEED_APEX, LDNS_RR_TYPE_SOA },
};

static const struct dl_rule soa_only = {
	.id = "soa-only",
	.severity = DL_SEV_ERROR,
	.summary = "test only",
	.explain = "test only",
	.needs = soa_needs,
	.n_needs = 1,
	.check = mx_check,
};

static const char mx_plan[] =
    "zone: example.com.\n"
    "changes:\n"
    "  - {name: '@', type: MX, to: ['10 mail', '20 mx.other.net.']}\n";

/* owners and mentions as one line, "owners | mentions" */
static char *
filter_text(const struct dl_plan_filter *pf)
{
	static char buf[4096];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < pf->filter.n_owners; i++) {
		strcat(buf, pf->filter.owners[i]);
		strcat(buf, " ");
	}
	strcat(buf, "|");
	for (i = 0; i < pf->filter.n_mentions; i++) {
		strcat(buf, " ");
		strcat(buf, pf->filter.mentions[i]);
	}
	return buf;
}

static char *
questions_text(const struct dl_questions *q)
{
	static char buf[4096];
	char t[32];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < q->n; i++) {
		snprintf(t, sizeof(t), "/%u ", (unsigned)q->type[i]);
		strcat(buf, q->owner[i]);
		strcat(buf, t);
	}
	return buf;
}

static void
test_dl_needs_of_union(void **state)
{
	const struct dl_rule *rules[] = { &soa_only, &mx_target_exists,
	    &soa_only };
	struct dl_needs nd;

	(void)state;
	dl_needs_of(rules, 3, &nd);
	assert_int_equal(nd.kinds, 1u << DL_NEED_APEX | 1u << DL_NEED_CHANGED |
	    1u << DL_NEED_TARGET_ADDRESSES);
	assert_int_equal(nd.n_apex, 1);
	assert_int_equal(nd.apex[0], LDNS_RR_TYPE_SOA);
	assert_int_equal(nd.n_targets, 0);
	assert_int_equal(nd.n_target_addrs, 1);
	assert_int_equal(nd.target_addrs[0], LDNS_RR_TYPE_MX);
	assert_true(dl_needs_has(&nd, DL_NEED_CHANGED));
	assert_false(dl_needs_has(&nd, DL_NEED_PARENT));
}

/*
 * The test-only rule's need (the addresses of in-zone MX targets) shows
 * in the filter and in the question list; without it, in neither.
 */
static void
test_dl_needs_filter_test_rule(void **state)
{
	const struct dl_rule *with[] = { &soa_only, &mx_target_exists };
	const struct dl_rule *without[] = { &soa_only };
	struct dl_plan_filter pf;
	struct dl_questions q;
	struct dl_needs nd;
	struct dl_plan *p;

	(void)state;
	p = t_plan(mx_plan);
	dl_needs_of(with, 2, &nd);
	assert_int_equal(dl_needs_filter(&nd, p, &pf), 0);
	assert_string_equal(filter_text(&pf),
	    "example.com. mail.example.com. |");
	assert_int_equal(pf.filter.whole, 0);
	dl_needs_filter_free(&pf);
	assert_int_equal(dl_needs_questions(&nd, p, &q), 0);
	assert_string_equal(questions_text(&q), "example.com./6 "
	    "example.com./15 mail.example.com./1 mail.example.com./28 ");
	assert_int_equal(dl_questions_find(&q, "mail.example.com.",
	    LDNS_RR_TYPE_AAAA), 3);
	assert_int_equal(dl_questions_find(&q, "mx.other.net.",
	    LDNS_RR_TYPE_A), -1);
	dl_questions_free(&q);

	dl_needs_of(without, 1, &nd);
	assert_int_equal(dl_needs_filter(&nd, p, &pf), 0);
	assert_string_equal(filter_text(&pf), "example.com. |");
	dl_needs_filter_free(&pf);
	assert_int_equal(dl_needs_questions(&nd, p, &q), 0);
	assert_string_equal(questions_text(&q), "example.com./6 ");
	dl_questions_free(&q);
	dl_plan_free(p);
}

/* A rule that needs the whole zone makes the filter keep everything. */
static void
test_dl_needs_filter_whole(void **state)
{
	static const struct dl_need whole_needs[] = {
		{ DL_NEED_WHOLE_ZONE, 0 },
	};
	static const struct dl_rule whole = {
		.id = "whole", .summary = "test only", .explain = "test only",
		.needs = whole_needs, .n_needs = 1, .check = mx_check,
	};
	const struct dl_rule *rules[] = { &whole };
	struct dl_plan_filter pf;
	struct dl_needs nd;
	struct dl_plan *p;

	(void)state;
	p = t_plan(mx_plan);
	dl_needs_of(rules, 1, &nd);
	assert_int_equal(dl_needs_filter(&nd, p, &pf), 0);
	assert_int_equal(pf.filter.whole, 1);
	dl_needs_filter_free(&pf);
	dl_plan_free(p);
}

/*
 * What the registered rules read, for a plan that touches everything:
 * the names between a deep owner and the apex and the wildcards below
 * them (zone-integrity), the other address family (stale-reference), the
 * glue of in-zone nameservers (ns-address-diversity), the targets of MX,
 * SRV and CNAME records, the addresses of a decommissioned host and the
 * records that mention it or a new alias.
 */
static void
test_dl_needs_all_registry(void **state)
{
	struct dl_plan_filter pf;
	struct dl_questions q;
	struct dl_needs nd;
	struct dl_plan *p;

	(void)state;
	p = t_plan("zone: example.com.\n"
	    "changes:\n"
	    "  - {name: a.b, type: A, to: [192.0.2.1]}\n"
	    "  - {name: '@', type: NS, to: [ns1, ns.other.net.]}\n"
	    "  - {name: '@', type: MX, to: ['10 mail']}\n"
	    "  - {name: _sip._tcp, type: SRV, to: ['0 1 5060 sip']}\n"
	    "  - {name: www, type: CNAME, to: [lb]}\n"
	    "decommission:\n"
	    "  - {target: old.example.com., at: '2026-11-23T00:00:00Z'}\n");
	dl_needs_all(&nd);
	assert_int_equal(dl_needs_filter(&nd, p, &pf), 0);
	assert_string_equal(filter_text(&pf),
	    "example.com. old.example.com. a.b.example.com. b.example.com. "
	    "*.b.example.com. *.example.com. ns1.example.com. "
	    "mail.example.com. _sip._tcp.example.com. _tcp.example.com. "
	    "*._tcp.example.com. sip.example.com. www.example.com. "
	    "lb.example.com. | old.example.com. www.example.com.");
	dl_needs_filter_free(&pf);
	assert_int_equal(dl_needs_questions(&nd, p, &q), 0);
	assert_string_equal(questions_text(&q),
	    "example.com./6 example.com./2 example.com./48 "
	    "old.example.com./1 old.example.com./28 "
	    "a.b.example.com./1 a.b.example.com./28 "
	    "ns1.example.com./1 ns1.example.com./28 example.com./15 "
	    "_sip._tcp.example.com./33 www.example.com./5 ");
	dl_questions_free(&q);
	dl_plan_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dl_needs_of_union),
		cmocka_unit_test(test_dl_needs_filter_test_rule),
		cmocka_unit_test(test_dl_needs_filter_whole),
		cmocka_unit_test(test_dl_needs_all_registry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
