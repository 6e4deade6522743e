/*
 * test_evidence.c - evidence.c (SOA serials as dates and times, the prior
 * bound) and what the time model makes of them for a low TTL nothing
 * else dates: at the boundary passes, one second before does not.
 */
#include "helpers.h"
#include "evidence.h"
#include "model.h"

#define UNTOUCHED	INT64_C(-424242)

static int64_t
by_of(uint32_t serial, int64_t now, enum dl_serial_kind want)
{
	int64_t by = UNTOUCHED;

	assert_int_equal(dl_serial_evidence(serial, now, &by), want);
	return by;
}

static void
test_dl_serial_evidence_date(void **state)
{
	(void)state;
	/* The zone last changed by the end of 2026-11-15. */
	assert_int_equal(by_of(2026111501u, T_NOW, DL_SERIAL_DATE),
	    t_time("2026-11-16T00:00:00Z"));
	assert_int_equal(by_of(2026111599u, T_NOW, DL_SERIAL_DATE),
	    t_time("2026-11-16T00:00:00Z"));
	assert_int_equal(by_of(2024022900u, T_NOW, DL_SERIAL_DATE),
	    t_time("2024-03-01T00:00:00Z"));
	assert_int_equal(by_of(1990010100u, T_NOW, DL_SERIAL_DATE),
	    t_time("1990-01-02T00:00:00Z"));
}

static void
test_dl_serial_evidence_date_today(void **state)
{
	(void)state;
	/* Today's date: no later than now, which comes before midnight. */
	assert_int_equal(by_of(2026112201u, T_NOW, DL_SERIAL_DATE), T_NOW);
	/* Yesterday's: its end, today at 00:00. */
	assert_int_equal(by_of(2026112107u, T_NOW, DL_SERIAL_DATE),
	    t_time("2026-11-22T00:00:00Z"));
	/* The day begins exactly now: a date; one second later: none. */
	assert_int_equal(by_of(2026112300u, t_time("2026-11-23T00:00:00Z"),
	    DL_SERIAL_DATE), t_time("2026-11-23T00:00:00Z"));
	assert_int_equal(by_of(2026112300u, t_time("2026-11-22T23:59:59Z"),
	    DL_SERIAL_NONE), UNTOUCHED);
}

static void
test_dl_serial_evidence_not_a_date(void **state)
{
	static const uint32_t none[] = {
		/* In the future, no such day, no such month, before 1990. */
		2026112301u, 2026023001u, 2025022901u, 2026130101u,
		2026110001u, 1989123101u,
		/* Counters. */
		1u, 0u, 2024u, 4294967295u,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		assert_int_equal(by_of(none[i], T_NOW, DL_SERIAL_NONE),
		    UNTOUCHED);
}

static void
test_dl_serial_evidence_unix(void **state)
{
	(void)state;
	/* 2024-12-04T08:13:20Z, exact to the second. */
	assert_int_equal(by_of(1733300000u, T_NOW, DL_SERIAL_UNIX),
	    INT64_C(1733300000));
	/* The range's ends: 2000-01-01 and now. */
	assert_int_equal(by_of(946684800u, T_NOW, DL_SERIAL_UNIX),
	    INT64_C(946684800));
	assert_int_equal(by_of(946684799u, T_NOW, DL_SERIAL_NONE),
	    UNTOUCHED);
	assert_int_equal(by_of((uint32_t)T_NOW, T_NOW, DL_SERIAL_UNIX),
	    T_NOW);
	assert_int_equal(by_of((uint32_t)T_NOW + 1, T_NOW, DL_SERIAL_NONE),
	    UNTOUCHED);
}

static void
test_dl_prior_bound_values(void **state)
{
	struct dl_zone *z;

	(void)state;
	assert_int_equal(dl_prior_bound(NULL), 86400);
	/* Nothing above a day: a day. */
	z = t_zone("example.com.", "$ORIGIN example.com.\n$TTL 300\n"
	    "@ 3600 IN SOA ns1.example.net. h.example.com. 1 2 3 4 5\n"
	    "www IN A 192.0.2.1\n");
	assert_int_equal(dl_prior_bound(z), 86400);
	dl_zone_free(z);
	/* The zone's largest TTL. */
	z = t_zone("example.com.", "$ORIGIN example.com.\n$TTL 300\n"
	    "@ 3600 IN SOA ns1.example.net. h.example.com. 1 2 3 4 5\n"
	    "@ 172801 IN NS ns1.example.net.\nwww IN A 192.0.2.1\n");
	assert_int_equal(dl_prior_bound(z), 172801);
	dl_zone_free(z);
	/* At most a week. */
	z = t_zone("example.com.", "$ORIGIN example.com.\n$TTL 300\n"
	    "@ 3600 IN SOA ns1.example.net. h.example.com. 1 2 3 4 5\n"
	    "@ 604801 IN NS ns1.example.net.\nwww IN A 192.0.2.1\n");
	assert_int_equal(dl_prior_bound(z), 604800);
	dl_zone_free(z);
}

/*
 * The model of www (TTL 300) in a zone with serial, cut over at cutover,
 * with what git said of it.
 */
struct built {
	struct dl_zone	*zone;
	struct dl_plan	*plan;
	struct dl_config *cfg;
	struct dl_model	*m;
};

static const struct dl_rrset_model *
build(struct built *b, const char *serial, int64_t seen_low,
    const char *cutover, enum dl_git_finding git)
{
	struct dl_model_params mp;
	char text[512];

	snprintf(text, sizeof(text), "$ORIGIN example.com.\n"
	    "@ 3600 IN SOA ns1.example.net. h.example.com. %s 7200 900 "
	    "1209600 300\n@ 3600 IN NS ns1.example.net.\n"
	    "www 300 IN A 192.0.2.10\n", serial);
	b->zone = t_zone("example.com.", text);
	b->plan = t_plan("zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");
	b->plan->changes[0].git.kind = git;
	if (seen_low != DL_NO_TIME) {
		b->plan->changes[0].has_seen_low = 1;
		b->plan->changes[0].seen_low = seen_low;
	}
	assert_non_null(b->cfg = dl_config_default());
	dl_engine_model_params(b->cfg, &mp);
	assert_int_equal(dl_model_build(b->plan, b->zone, &mp, b->cfg, T_NOW,
	    t_time(cutover), &b->m), 0);
	assert_int_equal(b->m->prior_bound, 86400);
	return &b->m->rrsets[0];
}

static void
built_free(struct built *b)
{
	dl_model_free(b->m);
	dl_plan_free(b->plan);
	dl_config_free(b->cfg);
	dl_zone_free(b->zone);
}

/*
 * Build the model of www with serial, wait's first look seen_low
 * (DL_NO_TIME: none) and cutover, and check what it makes of it.
 */
static void
judged(const char *serial, int64_t seen_low, const char *cutover,
    enum dl_ttl_state st, enum dl_low_evidence ev, int64_t low_by,
    int64_t safe_from, uint32_t held)
{
	struct built b;
	const struct dl_rrset_model *r;

	r = build(&b, serial, seen_low, cutover, DL_GIT_NONE);
	assert_int_equal(r->state, st);
	assert_int_equal(r->evidence, ev);
	assert_int_equal(r->low_by, low_by);
	assert_int_equal(r->safe_from, safe_from);
	/* Short of proof, caches may hold the prior bound at the cutover. */
	assert_int_equal(r->held, held);
	built_free(&b);
}

static void
test_dl_model_build_serial_date_at_boundary(void **state)
{
	(void)state;
	/* Low by the end of 2026-11-21 + a day = 2026-11-23T00:00Z. */
	judged("2026112103", DL_NO_TIME, "2026-11-23T00:00:00Z",
	    DL_TTL_LOW_PROVEN, DL_LOW_SERIAL, t_time("2026-11-22T00:00:00Z"),
	    DL_NO_TIME, 300);
}

static void
test_dl_model_build_serial_date_one_second_early(void **state)
{
	(void)state;
	judged("2026112103", DL_NO_TIME, "2026-11-22T23:59:59Z",
	    DL_TTL_LOW_RECENT, DL_LOW_SERIAL, t_time("2026-11-22T00:00:00Z"),
	    t_time("2026-11-23T00:00:00Z"), 86400);
}

static void
test_dl_model_build_serial_unix_at_boundary(void **state)
{
	(void)state;
	/* 1795345200 is 2026-11-22T11:00:00Z. */
	judged("1795345200", DL_NO_TIME, "2026-11-23T11:00:00Z",
	    DL_TTL_LOW_PROVEN, DL_LOW_SERIAL, INT64_C(1795345200), DL_NO_TIME,
	    300);
	judged("1795345200", DL_NO_TIME, "2026-11-23T10:59:59Z",
	    DL_TTL_LOW_RECENT, DL_LOW_SERIAL, INT64_C(1795345200),
	    t_time("2026-11-23T11:00:00Z"), 86400);
}

static void
test_dl_model_build_no_evidence(void **state)
{
	(void)state;
	/* Low now at the latest: a cutover a day from now is proven. */
	judged("7", DL_NO_TIME, "2026-11-23T12:00:00Z", DL_TTL_LOW_PROVEN,
	    DL_LOW_NOW, T_NOW, DL_NO_TIME, 300);
	/* One second earlier rests on the assumption, as before. */
	judged("7", DL_NO_TIME, "2026-11-23T11:59:59Z", DL_TTL_LOW_ASSUMED,
	    DL_LOW_NOW, T_NOW, DL_NO_TIME, 300);
}

static void
test_dl_model_build_watched_at_boundary(void **state)
{
	(void)state;
	/* dnslint wait first saw it low 10 minutes ago. */
	judged("7", T_NOW - 600, "2026-11-23T11:50:00Z", DL_TTL_LOW_PROVEN,
	    DL_LOW_WATCHED, T_NOW - 600, DL_NO_TIME, 300);
	judged("7", T_NOW - 600, "2026-11-23T11:49:59Z", DL_TTL_LOW_WATCHED,
	    DL_LOW_WATCHED, T_NOW - 600, t_time("2026-11-23T11:50:00Z"),
	    86400);
}

static void
test_dl_model_build_watched_serial_older(void **state)
{
	(void)state;
	/* The serial dates it earlier than wait's first look: it counts. */
	judged("2026112103", T_NOW, "2026-11-23T00:00:00Z", DL_TTL_LOW_PROVEN,
	    DL_LOW_SERIAL, t_time("2026-11-22T00:00:00Z"), DL_NO_TIME, 300);
	/* Not yet: wait counts down to it, it does not call it unknown. */
	judged("2026112103", T_NOW, "2026-11-22T23:59:59Z",
	    DL_TTL_LOW_WATCHED, DL_LOW_SERIAL, t_time("2026-11-22T00:00:00Z"),
	    t_time("2026-11-23T00:00:00Z"), 86400);
}

static void
test_dl_model_build_git_unreadable_serial_proves(void **state)
{
	struct built b;
	const struct dl_rrset_model *r;

	(void)state;
	/* git could not read the history (a shallow clone): the serial
	   still proves a cutover late enough ... */
	r = build(&b, "2026112103", DL_NO_TIME, "2026-11-23T00:00:00Z",
	    DL_GIT_UNKNOWN);
	assert_int_equal(r->state, DL_TTL_LOW_PROVEN);
	assert_int_equal(r->evidence, DL_LOW_SERIAL);
	built_free(&b);
	/* ... and short of it the history stays unknown. */
	r = build(&b, "2026112103", DL_NO_TIME, "2026-11-22T23:59:59Z",
	    DL_GIT_UNKNOWN);
	assert_int_equal(r->state, DL_TTL_HISTORY_UNKNOWN);
	assert_int_equal(r->evidence, DL_LOW_NONE);
	assert_int_equal(r->safe_from, DL_NO_TIME);
	assert_int_equal(r->held, 300);
	built_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dl_serial_evidence_date),
		cmocka_unit_test(test_dl_serial_evidence_date_today),
		cmocka_unit_test(test_dl_serial_evidence_not_a_date),
		cmocka_unit_test(test_dl_serial_evidence_unix),
		cmocka_unit_test(test_dl_prior_bound_values),
		cmocka_unit_test(test_dl_model_build_serial_date_at_boundary),
		cmocka_unit_test(
		    test_dl_model_build_serial_date_one_second_early),
		cmocka_unit_test(test_dl_model_build_serial_unix_at_boundary),
		cmocka_unit_test(test_dl_model_build_no_evidence),
		cmocka_unit_test(test_dl_model_build_watched_at_boundary),
		cmocka_unit_test(test_dl_model_build_watched_serial_older),
		cmocka_unit_test(
		    test_dl_model_build_git_unreadable_serial_proves),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
