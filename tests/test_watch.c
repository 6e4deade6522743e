/*
 * test_watch.c - dnslint wait's observation of the live TTLs: a lowering
 * seen happen counts from when it was seen, from the TTL seen before it.
 */
#include "helpers.h"
#include "watch.h"

#define ZONE_HEAD \
    "$ORIGIN example.com.\n" \
    "@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300\n" \
    "@ 3600 IN NS ns1\n" \
    "ns1 3600 IN A 192.0.2.53\n"

static const char plan_text[] =
    "zone: example.com.\n"
    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n";

static void
test_dl_watch_observe_lowering_seen(void **state)
{
	struct dl_zone *high, *low;
	struct dl_watch *w;
	struct dl_plan *p;
	const struct dl_lowering *lw;

	(void)state;
	p = t_plan(plan_text);
	high = t_zone("example.com.", ZONE_HEAD "www 86400 IN A 192.0.2.10\n");
	low = t_zone("example.com.", ZONE_HEAD "www 300 IN A 192.0.2.10\n");
	assert_non_null(w = dl_watch_new());
	dl_watch_observe(w, p, high, NULL, T_NOW);
	assert_int_equal(p->changes[0].lowered.set, 0);
	/* 300 is at most max_ttl (300): lowered, seen now. */
	dl_watch_observe(w, p, low, NULL, T_NOW + 60);
	lw = &p->changes[0].lowered;
	assert_int_equal(lw->set, 1);
	assert_int_equal(lw->at, T_NOW + 60);
	assert_int_equal(lw->from, 86400);
	assert_int_equal(lw->to, 300);
	/* Seen again later: still from when it was first seen. */
	dl_watch_observe(w, p, low, NULL, T_NOW + 120);
	assert_int_equal(p->changes[0].lowered.at, T_NOW + 60);
	dl_watch_free(w);
	dl_zone_free(high);
	dl_zone_free(low);
	dl_plan_free(p);
}

/* Low from the first look: no lowering was seen, none is claimed. */
static void
test_dl_watch_observe_low_from_start(void **state)
{
	struct dl_zone *low;
	struct dl_watch *w;
	struct dl_plan *p;

	(void)state;
	p = t_plan(plan_text);
	low = t_zone("example.com.", ZONE_HEAD "www 300 IN A 192.0.2.10\n");
	assert_non_null(w = dl_watch_new());
	dl_watch_observe(w, p, low, NULL, T_NOW);
	dl_watch_observe(w, p, low, NULL, T_NOW + 60);
	assert_int_equal(p->changes[0].lowered.set, 0);
	dl_watch_free(w);
	dl_zone_free(low);
	dl_plan_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dl_watch_observe_lowering_seen),
		cmocka_unit_test(test_dl_watch_observe_low_from_start),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
