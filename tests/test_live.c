/*
 * test_live.c - dl_live_load() against the real test servers (run under
 * tests/live/run.sh, which sets DNSLINT_LIVE_PORT and DNSLINT_LIVE_DIR;
 * without them every test is skipped): a delegation's child NS TTL from
 * the child's own servers, and a provider move's questions to the new
 * servers.  Only 127.0.0.1, 127.0.0.2 and 127.0.0.3 are ever asked.
 */
#include "helpers.h"
#include "live.h"

/* The primary test server's port, or skip the test. */
static unsigned
live_port(void)
{
	const char *s = getenv("DNSLINT_LIVE_PORT");
	unsigned long p;
	char *end;

	if (s == NULL || *s == '\0' || getenv("DNSLINT_LIVE_DIR") == NULL) {
		skip();
		return 0;
	}
	p = strtoul(s, &end, 10);
	if (*end != '\0' || p == 0 || p > 65535)
		fail_msg("DNSLINT_LIVE_PORT='%s' is not a port", s);
	return (unsigned)p;
}

/*
 * Load plan yaml from server addr (on the live port), the primary as the
 * resolver, every server found at the live port; key: the TSIG key file
 * for a transfer, or NULL for queries.
 */
static struct dl_live *
load(const char *yaml, const char *addr, const char *key,
    struct dl_plan **plan)
{
	struct dl_live_options o;
	struct dl_live *l = NULL;
	struct dl_error err;
	static char server[64], resolver[64], keyfile[1024];
	const char *servers[1];
	unsigned port = live_port();

	snprintf(server, sizeof(server), "%s@%u", addr, port);
	snprintf(resolver, sizeof(resolver), "127.0.0.1@%u", port);
	servers[0] = server;
	dl_live_options_init(&o);
	o.servers = servers;
	o.n_servers = 1;
	o.resolver = resolver;
	o.port = (uint16_t)port;
	o.timeout_ms = 1000;
	o.retries = 1;
	if (key != NULL) {
		snprintf(keyfile, sizeof(keyfile), "%s/keys/%s",
		    getenv("DNSLINT_LIVE_DIR"), key);
		o.axfr = 1;
		o.tsig_file = keyfile;
	}
	*plan = t_plan(yaml);
	memset(&err, 0, sizeof(err));
	if (dl_live_load(*plan, &o, &l, &err) != 0)
		fail_msg("dl_live_load: %s", err.message);
	return l;
}

/*
 * shop.org is delegated from org. with NS TTL 3600; its own servers
 * answer its NS with TTL 86400: the referral is the parent side, the
 * child's answer the child's TTL.
 */
static void
test_dl_live_load_child_ns_ttl(void **state)
{
	struct dl_plan *p;
	struct dl_live *l;
	const struct dl_live_child *c;
	ldns_rr_list *ns, *ref;
	int q;

	(void)state;
	l = load("zone: org.\n"
	    "changes: [{name: shop, type: NS, to: [ns1.example.org.]}]\n",
	    "127.0.0.2", NULL, &p);
	assert_int_equal(l->n_child, 1);
	assert_non_null(c = dl_live_child_get(l, "shop.org."));
	assert_int_equal(c->known, 1);
	assert_int_equal(c->ns_ttl, 86400);
	assert_null(c->why);
	assert_null(dl_live_child_get(l, "example.org."));
	/* The delegation's NS, from the parent's referral. */
	assert_true(dl_zone_rrset_known(l->zone, "shop.org.",
	    LDNS_RR_TYPE_NS));
	assert_non_null(ns = dl_zone_rrset(l->zone, "shop.org.",
	    LDNS_RR_TYPE_NS));
	assert_int_equal(ldns_rr_list_rr_count(ns), 1);
	assert_int_equal(dl_rrset_ttl(ns), 3600);
	ldns_rr_list_free(ns);
	assert_true((q = dl_live_question(l, "shop.org.",
	    LDNS_RR_TYPE_NS)) >= 0);
	assert_non_null(ref = dl_live_referral_ns(dl_dnsq_batch_result(
	    l->batch, 0, (size_t)q), "shop.org."));
	assert_int_equal(ldns_rr_list_rr_count(ref), 1);
	ldns_rr_list_free(ref);
	/* Not a referral for another name, nor an answer with authority. */
	assert_null(dl_live_referral_ns(dl_dnsq_batch_result(l->batch, 0,
	    (size_t)q), "example.org."));
	assert_null(dl_live_referral_ns(dl_dnsq_batch_result(l->batch, 0,
	    (size_t)dl_live_question(l, "org.", LDNS_RR_TYPE_SOA)), "org."));
	assert_null(l->move_batch);
	dl_live_free(l);
	dl_plan_free(p);
}

/* sub.example.com's server (127.0.0.1) does not serve it: unknown. */
static void
test_dl_live_load_child_not_served(void **state)
{
	struct dl_plan *p;
	struct dl_live *l;
	const struct dl_live_child *c;
	char want[128];

	(void)state;
	l = load("zone: example.com.\n"
	    "changes: [{name: sub, type: NS, to: [ns1.example.org.]}]\n",
	    "127.0.0.1", NULL, &p);
	assert_non_null(c = dl_live_child_get(l, "sub.example.com."));
	assert_int_equal(c->known, 0);
	snprintf(want, sizeof(want), "none of the child zone's servers "
	    "(127.0.0.1@%u) answered for its NS with authority", live_port());
	assert_string_equal(c->why, want);
	dl_live_free(l);
	dl_plan_free(p);
}

/*
 * A provider move with a transfer: every RRset of example.info but the
 * SOA (8) is asked of the new server d.ns (127.0.0.3) only.
 */
static void
test_dl_live_load_move_whole_zone(void **state)
{
	struct dl_plan *p;
	struct dl_live *l;
	char want[64];

	(void)state;
	l = load("zone: example.info.\n"
	    "changes: [{name: '@', type: NS,\n"
	    "  to: [a.ns.example.info., d.ns.example.info.]}]\n",
	    "127.0.0.1", "tsig.key", &p);
	assert_string_equal(l->source, "axfr");
	assert_non_null(l->move_batch);
	assert_int_equal(dl_dnsq_batch_servers(l->move_batch), 1);
	snprintf(want, sizeof(want), "127.0.0.3@%u", live_port());
	assert_string_equal(dl_dnsq_batch_server(l->move_batch, 0)->text,
	    want);
	assert_string_equal(dl_dnsq_batch_server(l->move_batch, 0)->label,
	    "d.ns.example.info.");
	assert_int_equal(l->move_whole, 1);
	assert_int_equal(l->n_move, 8);
	assert_int_equal(l->move_total, 8);
	assert_int_equal(dl_dnsq_batch_questions(l->move_batch), 8);
	dl_live_free(l);
	dl_plan_free(p);
}

/* Without a transfer: the rules' questions but the SOA and the DNSKEY. */
static void
test_dl_live_load_move_queries(void **state)
{
	struct dl_plan *p;
	struct dl_live *l;
	size_t i;

	(void)state;
	l = load("zone: example.info.\n"
	    "changes: [{name: '@', type: NS,\n"
	    "  to: [a.ns.example.info., d.ns.example.info.]}]\n",
	    "127.0.0.1", NULL, &p);
	assert_int_equal(l->move_whole, 0);
	assert_int_equal(l->n_move, 5);
	assert_int_equal(l->move_total, 5);
	for (i = 0; i < l->n_move; i++) {
		assert_int_not_equal(l->move_type[i], LDNS_RR_TYPE_SOA);
		assert_int_not_equal(l->move_type[i], LDNS_RR_TYPE_DNSKEY);
	}
	assert_string_equal(l->move_owner[0], "example.info.");
	assert_int_equal(l->move_type[0], LDNS_RR_TYPE_NS);
	dl_live_free(l);
	dl_plan_free(p);
}

/* No NS change, or one that adds no server: nothing more is asked. */
static void
test_dl_live_load_no_move(void **state)
{
	struct dl_plan *p;
	struct dl_live *l;

	(void)state;
	l = load("zone: example.info.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n",
	    "127.0.0.1", NULL, &p);
	assert_null(l->move_batch);
	assert_int_equal(l->n_move, 0);
	assert_int_equal(l->n_child, 0);
	dl_live_free(l);
	dl_plan_free(p);
	l = load("zone: example.info.\n"
	    "changes: [{name: '@', type: NS, ttl: 300,\n"
	    "  to: [a.ns.example.info., b.ns.example.info.]}]\n",
	    "127.0.0.1", NULL, &p);
	assert_null(l->move_batch);
	dl_live_free(l);
	dl_plan_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dl_live_load_child_ns_ttl),
		cmocka_unit_test(test_dl_live_load_child_not_served),
		cmocka_unit_test(test_dl_live_load_move_whole_zone),
		cmocka_unit_test(test_dl_live_load_move_queries),
		cmocka_unit_test(test_dl_live_load_no_move),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
