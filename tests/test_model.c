/*
 * test_model.c - the time model (DESIGN.md "The time model"), every
 * boundary: at wait-until passes, one second before fails.
 */
#include "helpers.h"
#include "model.h"

static const char zone_text[] =
    "$ORIGIN example.com.\n"
    "$TTL 86400\n"
    "@ IN SOA ns1.example.net. hostmaster.example.com. 1 7200 900 "
    "1209600 3600\n"
    "@ IN NS ns1.p01.dynect.net.\n"
    "@ IN NS ns2.p01.dynect.net.\n"
    "www 86400 IN A 192.0.2.10\n"
    "low 300 IN A 192.0.2.20\n"
    "tiny 0 IN A 192.0.2.30\n"
    "three 3 IN A 192.0.2.31\n"
    "mixed 300 IN A 192.0.2.40\n"
    "mixed 86400 IN A 192.0.2.41\n";

struct fixture {
	struct dl_zone		*zone;
	struct dl_config	*cfg;
	struct dl_plan		*plan;
	struct dl_model		*model;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->zone = t_zone("example.com.", zone_text);
	assert_non_null(f->cfg = dl_config_default());
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	dl_model_free(f->model);
	dl_plan_free(f->plan);
	dl_config_free(f->cfg);
	dl_zone_free(f->zone);
	free(f);
	return 0;
}

/* The model's thresholds from f's configuration. */
static const struct dl_model_params *
params_of(const struct fixture *f)
{
	static struct dl_model_params mp;

	dl_engine_model_params(f->cfg, &mp);
	return &mp;
}

/* Build the model of a one-change plan; cutover as given. */
static const struct dl_rrset_model *
model_of(struct fixture *f, const char *yaml)
{
	f->plan = t_plan(yaml);
	assert_int_equal(dl_model_build(f->plan, f->zone, params_of(f), f->cfg,
	    T_NOW,
	    f->plan->cutover, &f->model), 0);
	assert_int_equal(f->model->n_rrsets, 1);
	return &f->model->rrsets[0];
}

static void
test_dl_model_build_not_lowered(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->state, DL_TTL_NOT_LOWERED);
	assert_int_equal(r->ttl, 86400);
	/* N + L: a resolver that fetched just before the lowering. */
	assert_int_equal(r->safe_from, T_NOW + 86400);
	assert_int_equal(r->held, 86400);
	assert_string_equal(r->subject, "www.example.com. A");
}

static void
test_dl_model_build_lowered_at_boundary(void **state)
{
	/* W 2026-11-22T11:00Z + P 86400 = 2026-11-23T11:00Z exactly. */
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-23T11:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-22T11:00:00Z, from: 86400, to: 300}\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->state, DL_TTL_LOWERED);
	assert_int_equal(r->safe_from, t_time("2026-11-23T11:00:00Z"));
	assert_int_equal(r->held, 300);
	assert_int_equal(r->prior, 86400);
}

static void
test_dl_model_build_lowered_one_second_early(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-23T10:59:59Z\n"
	    "ttl_lowered: {at: 2026-11-22T11:00:00Z, from: 86400, to: 300}\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->state, DL_TTL_LOWERED_LATE);
	assert_int_equal(r->safe_from, t_time("2026-11-23T11:00:00Z"));
	/* Some caches still hold the old TTL at the cutover: E = P. */
	assert_int_equal(r->held, 86400);
}

static void
test_dl_model_build_lowered_prior_defaults_to_live(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-28T10:05:00Z\n"
	    "ttl_lowered: {at: 2026-11-28T10:00:00Z}\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->prior, 300);
	assert_int_equal(r->safe_from, t_time("2026-11-28T10:05:00Z"));
	/* Planned for later, but the servers already publish it. */
	assert_int_equal(r->state, DL_TTL_ALREADY_LOW);
}

static void
test_dl_model_build_planned_at_boundary(void **state)
{
	/* Lowering planned for 2026-11-25T10:00Z; P defaults to L 86400. */
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-26T10:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-25T10:00:00Z, to: 60}\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->state, DL_TTL_PLANNED);
	assert_int_equal(r->safe_from, t_time("2026-11-26T10:00:00Z"));
	assert_int_equal(r->prior, 86400);
	/* E is the lowered TTL. */
	assert_int_equal(r->held, 60);
}

static void
test_dl_model_build_planned_one_second_early(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-26T09:59:59Z\n"
	    "ttl_lowered: {at: 2026-11-25T10:00:00Z}\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->state, DL_TTL_PLANNED_LATE);
	assert_int_equal(r->safe_from, t_time("2026-11-26T10:00:00Z"));
	/* to defaults to max_ttl. */
	assert_int_equal(r->lowered_to, 300);
	/* Too late: some caches still hold the old TTL at the cutover. */
	assert_int_equal(r->held, 86400);
}

/* A "from" below the live TTL: caches hold L, so P = max(P, L). */
static void
test_dl_model_build_from_below_live_at_boundary(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-26T10:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-25T10:00:00Z, from: 3600}\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->state, DL_TTL_PLANNED);
	assert_int_equal(r->prior, 86400);
	assert_int_equal(r->prior_raised, 3600);
	assert_int_equal(r->safe_from, t_time("2026-11-26T10:00:00Z"));
}

static void
test_dl_model_build_from_below_live_one_second_early(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-26T09:59:59Z\n"
	    "ttl_lowered: {at: 2026-11-25T10:00:00Z, from: 3600}\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->state, DL_TTL_PLANNED_LATE);
	assert_int_equal(r->held, 86400);
}

static void
test_dl_model_build_planned_lowering_too_high(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-26T10:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-25T10:00:00Z, to: 3600}\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->state, DL_TTL_PLANNED_TOO_HIGH);
	assert_int_equal(r->held, 3600);
}

static void
test_dl_model_build_done_lowering_without_prior(void **state)
{
	/* Lowered yesterday, live TTL 300: from what is not known. */
	struct fixture *f = *state;
	const struct dl_rrset_model *r = model_of(f,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-21T12:00:00Z}\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n");
	uint32_t held;

	assert_int_equal(r->state, DL_TTL_PRIOR_UNKNOWN);
	assert_int_equal(dl_model_target_held(f->model, "example.com.",
	    "192.0.2.20", &held, NULL), -1);
}

static void
test_dl_model_build_claimed_not_done(void **state)
{
	/* The plan says the TTL was lowered yesterday; the zone says 86400. */
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-21T12:00:00Z, from: 86400}\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->state, DL_TTL_CLAIMED);
	assert_int_equal(r->safe_from, T_NOW + 86400);
	assert_int_equal(r->held, 86400);
}

/*
 * Said lowered 604800 -> 300 a day ago, the servers publish 86400: what
 * was cached before the lowering lives W + P, the later of W + P and
 * N + L; a cutover before W + P holds P.
 */
static void
test_dl_model_build_partly_lowered_old_cache_decides(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-23T12:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-21T12:00:00Z, from: 604800}\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->state, DL_TTL_PARTLY_LOWERED);
	assert_int_equal(r->safe_from, t_time("2026-11-28T12:00:00Z"));
	assert_int_equal(r->held, 604800);
}

/* E switches from P to L exactly at W + P. */
static void
test_dl_model_build_partly_lowered_held_at_boundary(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-28T12:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-21T12:00:00Z, from: 604800}\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->state, DL_TTL_PARTLY_LOWERED);
	assert_int_equal(r->held, 86400);
}

static void
test_dl_model_build_partly_lowered_held_one_second_early(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-28T11:59:59Z\n"
	    "ttl_lowered: {at: 2026-11-21T12:00:00Z, from: 604800}\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->state, DL_TTL_PARTLY_LOWERED);
	assert_int_equal(r->held, 604800);
}

static void
test_dl_model_build_partly_lowered_live_ttl_decides(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-23T12:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-15T00:00:00Z, from: 604800}\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->state, DL_TTL_PARTLY_LOWERED);
	/* W + P is 2026-11-22T00:00Z, before N + L. */
	assert_int_equal(r->safe_from, T_NOW + 86400);
	assert_int_equal(r->held, 86400);
}

/* Lowering planned for later, servers already low: judged at W + P. */
static void
test_dl_model_build_already_low_at_boundary(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-26T10:00:00Z\n"
	    "changes: [{name: low, type: A, to: [198.51.100.20],\n"
	    "  ttl_lowered: {at: 2026-11-25T10:00:00Z, from: 86400}}]\n");

	assert_int_equal(r->state, DL_TTL_ALREADY_LOW);
	assert_int_equal(r->safe_from, t_time("2026-11-26T10:00:00Z"));
	assert_int_equal(r->held, 300);
}

static void
test_dl_model_build_already_low_one_second_early(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-26T09:59:59Z\n"
	    "changes: [{name: low, type: A, to: [198.51.100.20],\n"
	    "  ttl_lowered: {at: 2026-11-25T10:00:00Z, from: 86400}}]\n");

	assert_int_equal(r->state, DL_TTL_ALREADY_LOW);
	assert_int_equal(r->safe_from, t_time("2026-11-26T10:00:00Z"));
	assert_int_equal(r->held, 86400);
}

/* A cutover in the past that the servers do not show did not happen. */
static void
test_dl_model_build_cutover_not_published(void **state)
{
	struct fixture *f = *state;
	const struct dl_rrset_model *r = model_of(f,
	    "zone: example.com.\n"
	    "cutover: 2026-11-22T11:59:59Z\n"
	    "changes: [{name: low, type: A, to: [198.51.100.20]}]\n");

	assert_int_equal(r->unpublished, 1);
	assert_int_equal(f->model->n_unpublished, 1);
	assert_ptr_equal(dl_model_target_unpublished(f->model, "192.0.2.20"),
	    r);
	assert_null(dl_model_target_unpublished(f->model, "192.0.2.10"));
}

/* Each target is looked up in the RRset whose live data names it. */
static void
test_dl_model_target_unpublished_several(void **state)
{
	struct fixture *f = *state;

	f->plan = t_plan("zone: example.com.\n"
	    "cutover: 2026-11-22T11:59:59Z\n"
	    "changes: [{name: www, type: A, to: [192.0.2.10]},\n"
	    "  {name: low, type: A, to: [198.51.100.20]},\n"
	    "  {name: mixed, type: A, to: [198.51.100.40]}]\n");
	assert_int_equal(dl_model_build(f->plan, f->zone, params_of(f), f->cfg,
	    T_NOW, f->plan->cutover, &f->model), 0);
	assert_int_equal(f->model->n_rrsets, 3);
	assert_int_equal(f->model->n_unpublished, 2);
	assert_ptr_equal(dl_model_target_unpublished(f->model, "192.0.2.41"),
	    &f->model->rrsets[2]);
	assert_ptr_equal(dl_model_target_unpublished(f->model, "192.0.2.20"),
	    &f->model->rrsets[1]);
	/* Published, only in the new data, names nothing, not named. */
	assert_null(dl_model_target_unpublished(f->model, "192.0.2.10"));
	assert_null(dl_model_target_unpublished(f->model, "198.51.100.40"));
	assert_null(dl_model_target_unpublished(f->model, "not a host!"));
	assert_null(dl_model_target_unpublished(f->model, "192.0.2.99"));
}

/* Published, or the cutover is now: nothing to say. */
static void
test_dl_model_build_cutover_published(void **state)
{
	struct fixture *f = *state;
	const struct dl_rrset_model *r = model_of(f,
	    "zone: example.com.\n"
	    "cutover: 2026-11-22T11:00:00Z\n"
	    "changes: [{name: low, type: A, to: [192.0.2.20]}]\n");

	assert_int_equal(r->unpublished, 0);
	dl_model_free(f->model);
	dl_plan_free(f->plan);
	r = model_of(f,
	    "zone: example.com.\n"
	    "cutover: 2026-11-22T12:00:00Z\n"
	    "changes: [{name: low, type: A, to: [198.51.100.20]}]\n");
	assert_int_equal(r->unpublished, 0);
}

static void
test_dl_model_build_low_assumed(void **state)
{
	/*
	 * Serial 1 dates nothing; the cutover is less than the prior bound
	 * (the zone's largest TTL, 86400) from now (test_evidence.c has the
	 * other side).
	 */
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-23T11:59:59Z\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->state, DL_TTL_LOW_ASSUMED);
	assert_int_equal(r->safe_from, DL_NO_TIME);
	assert_int_equal(r->held, 300);
}

static void
test_dl_model_build_ttl_floor(void **state)
{
	/* A TTL of 0 is never instant: it counts as 5 s. */
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "changes: [{name: tiny, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->ttl, 0);
	assert_int_equal(r->held, 5);
	assert_int_equal(dl_ttl_floor(3), 5);
	assert_int_equal(dl_ttl_floor(5), 5);
	assert_int_equal(dl_ttl_floor(6), 6);
}

static void
test_dl_model_build_new_rrset(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "changes: [{name: fresh, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->state, DL_TTL_NEW);
	assert_int_equal(ldns_rr_list_rr_count(r->live), 0);
}

static void
test_dl_model_build_no_live_zone(void **state)
{
	struct fixture *f = *state;

	f->plan = t_plan("zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");
	assert_int_equal(dl_model_build(f->plan, NULL, params_of(f), f->cfg,
	    T_NOW, T_NOW,
	    &f->model), 0);
	assert_int_equal(f->model->rrsets[0].state, DL_TTL_UNKNOWN);
	assert_null(f->model->rrsets[0].live);
}

static void
test_dl_model_target_held_address(void **state)
{
	struct fixture *f = *state;
	const struct dl_rrset_model *by = NULL;
	uint32_t held = 0;

	model_of(f, "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");
	assert_int_equal(dl_model_target_held(f->model, "example.com.",
	    "192.0.2.10", &held, &by), 1);
	assert_int_equal(held, 86400);
	assert_ptr_equal(by, &f->model->rrsets[0]);
	assert_int_equal(dl_model_target_held(f->model, "example.com.",
	    "192.0.2.99", &held, &by), 0);
}

static void
test_dl_model_target_held_nameserver_uses_parent(void **state)
{
	struct fixture *f = *state;
	uint32_t held = 0;

	model_of(f, "zone: example.com.\n"
	    "changes: [{name: '@', type: NS, ttl: 3600,\n"
	    "  to: [ns-1.awsdns-01.org., ns1.example-dns.net.]}]\n");
	/* Child NS TTL 86400, parent default 172800: the larger wins. */
	assert_int_equal(dl_model_target_held(f->model, "example.com.",
	    "ns1.p01.dynect.net.", &held, NULL), 1);
	assert_int_equal(held, 172800);
}

/*
 * An old nameserver goes at max(C + k x E, D + k x parent NS TTL): the
 * delegation a day after the cutover decides with the parent's 172800.
 */
static void
test_dl_model_ns_expiry_delegation_decides(void **state)
{
	struct fixture *f = *state;
	const struct dl_rrset_model *r;
	int by_parent = -1;

	r = model_of(f, "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "delegation_at: 2026-12-02T10:00:00Z\n"
	    "changes: [{name: '@', type: NS,\n"
	    "  to: [ns-1.awsdns-01.org., ns1.example-dns.net.]}]\n");
	assert_int_equal(f->model->delegation, t_time("2026-12-02T10:00:00Z"));
	assert_int_equal(dl_model_ns_expiry(f->model, r, &by_parent),
	    t_time("2026-12-02T10:00:00Z") + 2 * 172800);
	assert_int_equal(by_parent, 1);
}

/* With a parent TTL of one hour the zone's own 86400 decides. */
static void
test_dl_model_ns_expiry_child_decides(void **state)
{
	struct fixture *f = *state;
	const struct dl_rrset_model *r;
	int by_parent = -1;

	f->cfg->parent_ns_ttl = 3600;
	r = model_of(f, "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: '@', type: NS,\n"
	    "  to: [ns-1.awsdns-01.org., ns1.example-dns.net.]}]\n");
	/* No delegation_at: the delegation changes at the cutover. */
	assert_int_equal(f->model->delegation, f->model->cutover);
	assert_int_equal(dl_model_ns_expiry(f->model, r, &by_parent),
	    t_time("2026-12-01T10:00:00Z") + 2 * 86400);
	assert_int_equal(by_parent, 0);
}

static const char child_zone[] =
    "$ORIGIN example.com.\n"
    "$TTL 3600\n"
    "@ IN SOA ns1.example.net. hostmaster.example.com. 1 7200 900 "
    "1209600 3600\n"
    "@ IN NS ns1.example.net.\n"
    "sub 3600 IN NS ns1.sub.example.com.\n"
    "ns1.sub 3600 IN A 192.0.2.53\n";

/* A delegation's model with the parent-side NS TTL 3600. */
static const struct dl_rrset_model *
child_model(struct fixture *f, const char *extra)
{
	char yaml[256];

	dl_zone_free(f->zone);
	f->zone = t_zone("example.com.", child_zone);
	snprintf(yaml, sizeof(yaml), "zone: example.com.\n"
	    "changes: [{name: sub, type: NS, to: [ns1.example.org.]%s}]\n",
	    extra);
	return model_of(f, yaml);
}

/* Offline, no child_ns_ttl: the child's own NS TTL is unknown. */
static void
test_dl_model_target_held_child_unknown(void **state)
{
	struct fixture *f = *state;
	const struct dl_rrset_model *r = child_model(f, "");
	uint32_t held = 0;

	assert_int_equal(r->child, 1);
	assert_int_equal(r->child_known, 0);
	assert_string_equal(r->child_why, "the child zone's own NS TTL is not "
	    "known offline");
	assert_int_equal(dl_model_target_held(f->model, "example.com.",
	    "ns1.sub.example.com.", &held, NULL), -1);
	assert_ptr_equal(dl_model_child_unknown(f->model,
	    "ns1.sub.example.com."), r);
	assert_null(dl_model_child_unknown(f->model, "ns9.example.com."));
}

/* The child's NS TTL above the parent side's decides. */
static void
test_dl_model_target_held_child_decides(void **state)
{
	struct fixture *f = *state;
	const struct dl_rrset_model *r = child_model(f, ", child_ns_ttl: 1d");
	uint32_t held = 0;

	assert_int_equal(r->held, 3600);
	assert_int_equal(dl_model_target_held(f->model, "example.com.",
	    "ns1.sub.example.com.", &held, NULL), 1);
	assert_int_equal(held, 86400);
	assert_null(dl_model_child_unknown(f->model, "ns1.sub.example.com."));
}

/* Below the parent side's TTL, the parent side's decides. */
static void
test_dl_model_target_held_child_below_parent(void **state)
{
	struct fixture *f = *state;
	uint32_t held = 0;

	(void)child_model(f, ", child_ns_ttl: 300");
	assert_int_equal(dl_model_target_held(f->model, "example.com.",
	    "ns1.sub.example.com.", &held, NULL), 1);
	assert_int_equal(held, 3600);
}

static void
test_dl_model_target_held_unknown(void **state)
{
	struct fixture *f = *state;
	uint32_t held = 0;

	f->plan = t_plan("zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");
	assert_int_equal(dl_model_build(f->plan, NULL, params_of(f), f->cfg,
	    T_NOW, T_NOW,
	    &f->model), 0);
	assert_int_equal(dl_model_target_held(f->model, "example.com.",
	    "192.0.2.10", &held, NULL), -1);
}

static void
test_dl_rr_mentions_targets(void **state)
{
	static const struct {
		const char	*rr;
		const char	*target;
		int		 want;
	} cases[] = {
		{ "a.example. 1 IN A 192.0.2.1", "192.0.2.1", 1 },
		{ "a.example. 1 IN A 192.0.2.1", "192.0.2.10", 0 },
		{ "a.example. 1 IN AAAA 2001:db8::1", "2001:db8::1", 1 },
		{ "a.example. 1 IN MX 10 Mail.Old.Example.", "mail.old.example.",
		    1 },
		{ "a.example. 1 IN SRV 0 5 443 web.old.example.",
		    "web.old.example.", 1 },
		{ "a.example. 1 IN CNAME web.old.example.", "web.old.example.",
		    1 },
		{ "a.example. 1 IN TXT \"192.0.2.1\"", "192.0.2.1", 0 },
		/* HTTPS and SVCB: the target name and the address hints. */
		{ "a.example. 1 IN HTTPS 1 web.old.example. alpn=h2",
		    "web.old.example.", 1 },
		{ "a.example. 1 IN HTTPS 1 . alpn=h2 "
		    "ipv4hint=192.0.2.1,192.0.2.2", "192.0.2.2", 1 },
		{ "a.example. 1 IN HTTPS 1 . ipv4hint=192.0.2.1", "192.0.2.3",
		    0 },
		{ "a.example. 1 IN SVCB 1 svc.example. port=8443 "
		    "ipv6hint=2001:db8::1", "2001:db8:0::1", 1 },
		/* An IPv4 address is no IPv6 hint, nor the reverse. */
		{ "a.example. 1 IN HTTPS 1 . ipv6hint=::ffff:192.0.2.1",
		    "192.0.2.1", 0 },
		{ "a.example. 1 IN HTTPS 1 . ech=AAAA ipv4hint=192.0.2.1",
		    "::1", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ldns_rr *rr = NULL;

		assert_int_equal(ldns_rr_new_frm_str(&rr, cases[i].rr, 0, NULL,
		    NULL), LDNS_STATUS_OK);
		assert_int_equal(dl_rr_mentions(rr, cases[i].target),
		    cases[i].want);
		ldns_rr_free(rr);
	}
}

/* An SOA question may be answered with a CNAME: no serial, no crash. */
static void
test_dl_soa_serial_only_from_an_soa(void **state)
{
	ldns_rr *soa = NULL, *cname = NULL;
	uint32_t serial = 0;

	(void)state;
	assert_int_equal(ldns_rr_new_frm_str(&soa, "example.com. 300 IN SOA "
	    "ns1.example.com. h.example.com. 2026112201 7200 900 1209600 300",
	    0, NULL, NULL), LDNS_STATUS_OK);
	assert_int_equal(ldns_rr_new_frm_str(&cname, "example.com. 300 IN "
	    "CNAME other.example.net.", 0, NULL, NULL), LDNS_STATUS_OK);
	assert_int_equal(dl_soa_serial(soa, &serial), 0);
	assert_int_equal(serial, 2026112201u);
	assert_int_equal(dl_soa_serial(cname, &serial), -1);
	assert_int_equal(dl_soa_serial(NULL, &serial), -1);
	assert_int_equal(serial, 2026112201u);
	ldns_rr_free(soa);
	ldns_rr_free(cname);
}

static void
test_dl_decommission_hosts_adds_addresses(void **state)
{
	struct dl_zone *z = t_zone("example.com.",
	    "$ORIGIN example.com.\n"
	    "@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300\n"
	    "@ 3600 IN NS ns1.example.net.\n"
	    "old 300 IN A 192.0.2.10\n"
	    "old 300 IN A 192.0.2.11\n"
	    "old 300 IN AAAA 2001:db8::10\n");
	struct dl_plan *p = t_plan("zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n"
	    "decommission:\n"
	    "  - {target: 192.0.2.11, at: 2026-12-09T00:00:00Z}\n"
	    "  - {target: old.example.com., at: 2026-12-10T00:00:00Z}\n"
	    "  - {target: mx.example.net., at: 2026-12-10T00:00:00Z}\n");
	size_t added;

	(void)state;
	assert_int_equal(dl_decommission_hosts(p, z, &added), 0);
	/* 192.0.2.11 is a target already; the host out of the zone is
	   not looked up. */
	assert_int_equal(added, 2);
	assert_int_equal(p->n_decommission, 5);
	assert_string_equal(p->decommission[3].target, "192.0.2.10");
	assert_true(p->decommission[3].is_address);
	assert_string_equal(p->decommission[3].via, "old.example.com.");
	assert_int_equal(p->decommission[3].at, t_time("2026-12-10T00:00:00Z"));
	assert_int_equal(p->decommission[3].pos.line, 5);
	assert_string_equal(p->decommission[4].target, "2001:db8::10");
	assert_null(p->decommission[0].via);
	/* Again: nothing new. */
	assert_int_equal(dl_decommission_hosts(p, z, &added), 0);
	assert_int_equal(added, 0);
	dl_plan_free(p);
	dl_zone_free(z);
}

/*
 * A lowering at exactly now is done, not planned: W > N is "later", W ==
 * N is not.  The servers still publish 86400: the plan claims a lowering
 * they do not show.
 */
static void
test_dl_model_build_lowering_at_now_is_claimed(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-22T12:00:00Z, from: 86400, to: 300}\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(t_time("2026-11-22T12:00:00Z"), T_NOW);
	assert_int_equal(r->state, DL_TTL_CLAIMED);
	assert_int_equal(r->safe_from, T_NOW + 86400);
	assert_int_equal(r->held, 86400);
}

/* The same at the low RRset: lowered at now, so safe from W + P. */
static void
test_dl_model_build_lowering_at_now_is_done(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-23T12:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-22T12:00:00Z, from: 86400, to: 300}\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->state, DL_TTL_LOWERED);
	assert_int_equal(r->lowered_at, T_NOW);
	assert_int_equal(r->safe_from, T_NOW + 86400);
	assert_int_equal(r->held, 300);
}

/*
 * An RRset served with two TTLs (300 and 86400): caches that took the
 * 86400 record hold it for a day, so the largest TTL is the live TTL.
 */
static void
test_dl_model_build_mixed_ttl_largest_counts(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: mixed, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->ttl, 86400);
	assert_int_equal(r->state, DL_TTL_NOT_LOWERED);
	assert_int_equal(r->safe_from, T_NOW + 86400);
	assert_int_equal(r->held, 86400);
}

/* A lowering from the live TTL itself: P is L, nothing was raised. */
static void
test_dl_model_build_lowered_from_live_ttl(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-21T12:00:00Z, from: 300}\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->state, DL_TTL_LOWERED);
	assert_int_equal(r->prior, 300);
	assert_int_equal(r->prior_raised, 0);
	assert_int_equal(r->safe_from, t_time("2026-11-21T12:05:00Z"));
}

/*
 * A lowering at exactly now without the TTL before it: done, so P cannot
 * be the live TTL, and the RRset is unknown.
 */
static void
test_dl_model_build_lowering_at_now_without_prior(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "ttl_lowered: {at: 2026-11-22T12:00:00Z}\n"
	    "changes: [{name: low, type: A, to: [198.51.100.10]}]\n");

	assert_int_equal(r->state, DL_TTL_PRIOR_UNKNOWN);
	assert_int_equal(r->safe_from, DL_NO_TIME);
}

/* The thresholds come from the configuration, not the defaults. */
static void
test_dl_model_build_thresholds_from_config(void **state)
{
	static const char yaml[] = "rules:\n"
	    "  ttl-lowered: {max_ttl: 600}\n"
	    "  decommission-window: {factor: 3}\n";
	struct fixture *f = *state;
	struct dl_error err;

	dl_config_free(f->cfg);
	f->cfg = NULL;
	assert_int_equal(dl_config_load_buffer(".dnslint.yaml", yaml,
	    strlen(yaml), &f->cfg, &err), 0);
	assert_int_equal(params_of(f)->max_ttl, 600);
	model_of(f, "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");
	assert_int_equal(f->model->max_ttl, 600);
	assert_int_equal(f->model->factor, 3);
	assert_int_equal(f->model->rrsets[0].lowered_to, 600);
}

/*
 * A new name that only a wildcard CNAME answers: resolvers hold that
 * CNAME, so it is the live data (the wildcard has no A records).
 */
static void
test_dl_model_build_wildcard_cname_answers(void **state)
{
	struct fixture *f = *state;
	const struct dl_rrset_model *r;

	dl_zone_free(f->zone);
	f->zone = t_zone("example.com.",
	    "$ORIGIN example.com.\n"
	    "@ 3600 IN SOA ns1.example.net. hostmaster.example.com. 1 7200 "
	    "900 1209600 3600\n"
	    "@ 3600 IN NS ns1.example.net.\n"
	    "*.apps 7200 IN CNAME lb.example.net.\n");
	r = model_of(f, "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: new.apps, type: A, to: [198.51.100.10]}]\n");
	assert_non_null(r->wildcard);
	assert_string_equal(r->wildcard, "*.apps.example.com. CNAME");
	assert_int_equal(r->ttl, 7200);
	assert_int_equal(r->state, DL_TTL_NOT_LOWERED);
}

/*
 * Every target the changed RRsets' live and new data name is found in the
 * model's sorted indexes, whatever its kind: addresses, names that are a
 * prefix of others, and the address hints of HTTPS and SVCB records (an
 * HTTPS record without parameters has none); each with the RRset that
 * holds it longest.
 */
static void
test_dl_model_target_held_index(void **state)
{
	struct fixture *f = *state;
	const struct dl_rrset_model *by = NULL;
	const struct dl_change *c;
	uint32_t held = 0;
	static const struct {
		const char	*target;
		int		 want;
		uint32_t	 held;
		size_t		 by;
	} cases[] = {
		{ "192.0.2.10", 1, 86400, 0 },	/* www 86400 and api 300 */
		{ "192.0.2.11", 1, 86400, 0 },
		{ "192.0.2.12", 0, 0, 0 },
		{ "192.0.2.50", 1, 3600, 2 },	/* web's ipv4hint */
		{ "192.0.2.51", 1, 3600, 2 },
		{ "2001:db8::50", 1, 3600, 2 },	/* web's ipv6hint */
		{ "2001:db8::51", 0, 0, 0 },
		{ "mx.example.", 1, 600, 3 },
		{ "mx.example.org.", 1, 1200, 4 },
		{ "mx.example.org.uk.", 0, 0, 0 },
		{ "example.", 0, 0, 0 },
		{ "198.51.100.10", 0, 0, 0 },	/* only in the new data */
		{ "2001:db8::60", 1, 1800, 6 },	/* svc's SVCB ipv6hint */
	};
	size_t i;

	dl_zone_free(f->zone);
	f->zone = t_zone("example.com.",
	    "$ORIGIN example.com.\n"
	    "@ 3600 IN SOA ns1.example.net. hostmaster.example.com. 1 7200 "
	    "900 1209600 3600\n"
	    "@ 3600 IN NS ns1.example.net.\n"
	    "www 86400 IN A 192.0.2.10\n"
	    "www 86400 IN A 192.0.2.11\n"
	    "api 300 IN A 192.0.2.10\n"
	    "web 3600 IN HTTPS 1 . alpn=h2 ipv4hint=192.0.2.50,192.0.2.51 "
	    "ipv6hint=2001:db8::50\n"
	    "m1 600 IN MX 10 mx.example.\n"
	    "m2 1200 IN MX 10 mx.example.org.\n"
	    "web2 3600 IN HTTPS 1 .\n"
	    "svc 1800 IN SVCB 1 . ipv6hint=2001:db8::60\n");
	f->plan = t_plan("zone: example.com.\n"
	    "changes:\n"
	    "  - {name: www, type: A, to: [198.51.100.10]}\n"
	    "  - {name: api, type: A, to: [198.51.100.10]}\n"
	    "  - {name: web, type: HTTPS, to: ['1 . ipv4hint=198.51.100.77']}\n"
	    "  - {name: m1, type: MX, to: ['10 mx2.example.net.']}\n"
	    "  - {name: m2, type: MX, to: ['10 mx.example.org.uk.']}\n"
	    "  - {name: web2, type: HTTPS, to: ['1 web.example.net.']}\n"
	    "  - {name: svc, type: SVCB, to: ['1 svc.example.net.']}\n");
	assert_int_equal(dl_model_build(f->plan, f->zone, params_of(f), f->cfg,
	    T_NOW,
	    T_NOW, &f->model), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		held = 0;
		by = NULL;
		print_message("%s\n", cases[i].target);
		assert_int_equal(dl_model_target_held(f->model,
		    "example.com.", cases[i].target, &held, &by),
		    cases[i].want);
		if (cases[i].want == 1) {
			assert_int_equal(held, cases[i].held);
			assert_ptr_equal(by, &f->model->rrsets[cases[i].by]);
		}
	}
	c = dl_model_published(f->model, f->plan, "198.51.100.10");
	assert_ptr_equal(c, &f->plan->changes[0]);
	c = dl_model_published(f->model, f->plan, "198.51.100.77");
	assert_ptr_equal(c, &f->plan->changes[2]);
	c = dl_model_published(f->model, f->plan, "mx2.example.net.");
	assert_ptr_equal(c, &f->plan->changes[3]);
	c = dl_model_published(f->model, f->plan, "mx.example.org.uk.");
	assert_ptr_equal(c, &f->plan->changes[4]);
	assert_null(dl_model_published(f->model, f->plan, "mx.example.org."));
	assert_null(dl_model_published(f->model, f->plan, "192.0.2.10"));
}

/* Two RRsets hold a target as long: the first in plan order decides. */
static void
test_dl_model_target_held_tie_first_in_plan(void **state)
{
	struct fixture *f = *state;
	const struct dl_rrset_model *by = NULL;
	uint32_t held = 0;

	dl_zone_free(f->zone);
	f->zone = t_zone("example.com.",
	    "$ORIGIN example.com.\n"
	    "@ 3600 IN SOA ns1.example.net. hostmaster.example.com. 1 7200 "
	    "900 1209600 3600\n"
	    "@ 3600 IN NS ns1.example.net.\n"
	    "www 3600 IN A 192.0.2.10\n"
	    "api 3600 IN A 192.0.2.10\n");
	f->plan = t_plan("zone: example.com.\n"
	    "changes:\n"
	    "  - {name: www, type: A, to: [198.51.100.10]}\n"
	    "  - {name: api, type: A, to: [198.51.100.10]}\n");
	assert_int_equal(dl_model_build(f->plan, f->zone, params_of(f), f->cfg,
	    T_NOW,
	    T_NOW, &f->model), 0);
	assert_int_equal(dl_model_target_held(f->model, "example.com.",
	    "192.0.2.10", &held, &by), 1);
	assert_int_equal(held, 3600);
	assert_ptr_equal(by, &f->model->rrsets[0]);
}

/*
 * The delegation and the zone's own NS TTL end at the same instant: the
 * zone's TTL is named (by_parent 0).
 */
static void
test_dl_model_ns_expiry_tie(void **state)
{
	struct fixture *f = *state;
	const struct dl_rrset_model *r;
	int by_parent = -1;

	f->cfg->parent_ns_ttl = 86400;
	r = model_of(f, "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: '@', type: NS,\n"
	    "  to: [ns-1.awsdns-01.org., ns1.example-dns.net.]}]\n");
	assert_int_equal(dl_model_ns_expiry(f->model, r, &by_parent),
	    t_time("2026-12-01T10:00:00Z") + 2 * 86400);
	assert_int_equal(by_parent, 0);
}

/* The change to an owner and type, not another owner's of the type. */
static void
test_dl_model_change_by_owner_and_type(void **state)
{
	struct fixture *f = *state;

	f->plan = t_plan("zone: example.com.\n"
	    "changes:\n"
	    "  - {name: www, type: A, to: [198.51.100.10]}\n"
	    "  - {name: api, type: A, to: [198.51.100.20]}\n"
	    "  - {name: api, type: AAAA, to: ['2001:db8::20']}\n");
	assert_ptr_equal(dl_model_change(f->plan, "www.example.com.",
	    LDNS_RR_TYPE_A), &f->plan->changes[0]);
	assert_ptr_equal(dl_model_change(f->plan, "api.example.com.",
	    LDNS_RR_TYPE_A), &f->plan->changes[1]);
	assert_ptr_equal(dl_model_change(f->plan, "api.example.com.",
	    LDNS_RR_TYPE_AAAA), &f->plan->changes[2]);
	assert_null(dl_model_change(f->plan, "low.example.com.",
	    LDNS_RR_TYPE_A));
	assert_null(dl_model_change(f->plan, "www.example.com.",
	    LDNS_RR_TYPE_AAAA));
}

/* After the change: the plan's data, else the live data, else unknown. */
static void
test_dl_after_rrset_known(void **state)
{
	struct fixture *f = *state;
	ldns_rr_list *l;
	char *text;
	int known;

	f->plan = t_plan("zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");
	known = -1;
	assert_non_null(l = dl_after_rrset(f->plan, f->zone,
	    "www.example.com.", LDNS_RR_TYPE_A, &known));
	assert_int_equal(known, 1);
	assert_non_null(text = dl_rdata_text(l));
	assert_string_equal(text, "198.51.100.10");
	free(text);
	ldns_rr_list_free(l);
	known = -1;
	assert_non_null(l = dl_after_rrset(f->plan, f->zone,
	    "low.example.com.", LDNS_RR_TYPE_A, &known));
	assert_int_equal(known, 1);
	assert_non_null(text = dl_rdata_text(l));
	assert_string_equal(text, "192.0.2.20");
	free(text);
	ldns_rr_list_free(l);
	known = -1;
	assert_non_null(l = dl_after_rrset(f->plan, NULL,
	    "low.example.com.", LDNS_RR_TYPE_A, &known));
	assert_int_equal(known, 0);
	assert_int_equal(ldns_rr_list_rr_count(l), 0);
	ldns_rr_list_free(l);
}

/* Only the TTL changes: every cached answer stays right. */
static void
test_dl_model_build_same_data(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-12-01T10:00:00Z\n"
	    "changes: [{name: www, type: A, ttl: 300, to: [192.0.2.10]}]\n");

	assert_int_equal(r->state, DL_TTL_SAME_DATA);
	assert_int_equal(r->safe_from, DL_NO_TIME);
	assert_int_equal(r->ttl, 86400);
}

/*
 * A deletion whose cutover is past while the servers still publish the
 * RRset has not happened: unpublished.
 */
static void
test_dl_model_build_delete_not_published(void **state)
{
	const struct dl_rrset_model *r = model_of(*state,
	    "zone: example.com.\n"
	    "cutover: 2026-11-22T11:00:00Z\n"
	    "changes: [{name: www, type: A, delete: true}]\n");

	assert_int_equal(r->unpublished, 1);
	assert_int_equal(r->change->delete, 1);
	assert_int_equal(((struct fixture *)*state)->model->n_unpublished, 1);
}

/*
 * An RRset a partial zone (answers) does not know is unknown, and a zone
 * that is not the plan's own "before" says nothing about why.
 */
static void
test_dl_model_build_unknown_in_partial_zone(void **state)
{
	struct fixture *f = *state;
	const struct dl_rrset_model *r;

	dl_zone_free(f->zone);
	assert_non_null(f->zone = dl_zone_new("example.com.", "127.0.0.1",
	    1));
	r = model_of(f, "zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");
	assert_int_equal(r->state, DL_TTL_UNKNOWN);
	assert_null(r->why);
	assert_int_equal(r->why_live, 0);
}

/* The addresses of an in-zone nameserver are glue, IPv6 ones too. */
static void
test_dl_model_build_glue_a_and_aaaa(void **state)
{
	struct fixture *f = *state;

	dl_zone_free(f->zone);
	f->zone = t_zone("example.com.",
	    "$ORIGIN example.com.\n"
	    "@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 3600\n"
	    "@ 3600 IN NS ns1\n"
	    "@ 3600 IN NS ns1.example.net.\n"
	    "ns1 3600 IN A 192.0.2.53\n"
	    "ns1 3600 IN AAAA 2001:db8::53\n"
	    "ns1 3600 IN TXT \"ns\"\n");
	f->plan = t_plan("zone: example.com.\n"
	    "changes:\n"
	    "  - {name: ns1, type: A, to: [198.51.100.53]}\n"
	    "  - {name: ns1, type: AAAA, to: ['2001:db8::54']}\n"
	    "  - {name: ns1, type: TXT, to: ['\"new\"']}\n");
	assert_int_equal(dl_model_build(f->plan, f->zone, params_of(f), f->cfg,
	    T_NOW,
	    T_NOW, &f->model), 0);
	assert_int_equal(f->model->rrsets[0].glue, 1);
	assert_int_equal(f->model->rrsets[1].glue, 1);
	assert_int_equal(f->model->rrsets[2].glue, 0);
}

/*
 * The zone after the change, record by record: a record built from an
 * answer or a transfer has no place (no line, no file).
 */
/* What dl_after_view() hands over, record by record, as text. */
struct view_seen {
	char	 text[16][160];
	size_t	 n;
};

static int
view_record(const struct dl_rview *v, struct dl_pos pos, void *arg)
{
	struct view_seen *s = arg;
	char what[DL_ZONE_NAME_BUF] = "-", *type;
	uint8_t a[16];
	int len;

	if ((len = dl_rview_address(v, a)) == 4)
		snprintf(what, sizeof(what), "%u.%u.%u.%u", a[0], a[1], a[2],
		    a[3]);
	else if (len == 0 && !dl_rview_target(v, what))
		snprintf(what, sizeof(what), "-");
	assert_non_null(type = ldns_rr_type2str(v->type));
	if (s->n < 16)
		snprintf(s->text[s->n], sizeof(s->text[0]), "%s %s %u %s "
		    "line %u %s %s", v->owner, type, v->ttl, what, pos.line,
		    pos.file != NULL ? pos.file : "(none)",
		    v->rd != NULL ? "wire" : "rr");
	free(type);
	s->n++;
	return 0;
}

static void
test_dl_after_view_places(void **state)
{
	struct fixture *f = *state;
	struct view_seen seen;
	ldns_rr *rr = NULL;

	dl_zone_free(f->zone);
	assert_non_null(f->zone = dl_zone_new("example.com.", "127.0.0.1@53",
	    0));
	assert_int_equal(ldns_rr_new_frm_str(&rr, "api.example.com. 300 IN A "
	    "192.0.2.10", 0, NULL, NULL), LDNS_STATUS_OK);
	assert_int_equal(dl_zone_add(f->zone, rr), 0);
	f->plan = t_plan("zone: example.com.\n"
	    "changes: [{name: www, type: A, to: [198.51.100.10]}]\n");
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(dl_after_view(f->plan, f->zone, view_record, &seen),
	    0);
	assert_int_equal(seen.n, 2);
	assert_string_equal(seen.text[0], "api.example.com. A 300 192.0.2.10 "
	    "line 0 (none) rr");
	/* The plan's new record: its place in the plan. */
	assert_string_equal(seen.text[1], "www.example.com. A 0 198.51.100.10 "
	    "line 2 (none) rr");
}

/*
 * The zone after the change as views: the live records the plan leaves
 * (wire RDATA, their lines), then the plan's (records, their lines in
 * the plan), targets and addresses read from either.
 */
static void
test_dl_after_view_wire_and_plan(void **state)
{
	struct fixture *f = *state;
	struct view_seen seen;
	char file[64];

	f->plan = t_plan("zone: example.com.\n"
	    "changes:\n"
	    "  - {name: www, type: A, to: [198.51.100.10]}\n"
	    "  - {name: mail, type: MX, to: ['10 MX1.example.net.']}\n"
	    "  - {name: mixed, type: A, delete: true}\n");
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(dl_after_view(f->plan, f->zone, view_record, &seen),
	    0);
	assert_int_equal(seen.n, 8);
	snprintf(file, sizeof(file), "%s", dl_zone_file(f->zone));
#define W(i, want) do {							\
	char w[200];							\
	snprintf(w, sizeof(w), want, file);				\
	assert_string_equal(seen.text[i], w);				\
} while (0)
	W(0, "example.com. SOA 86400 - line 3 %s wire");
	W(1, "example.com. NS 86400 ns1.p01.dynect.net. line 4 %s wire");
	W(2, "example.com. NS 86400 ns2.p01.dynect.net. line 5 %s wire");
	W(3, "low.example.com. A 300 192.0.2.20 line 7 %s wire");
	W(4, "tiny.example.com. A 0 192.0.2.30 line 8 %s wire");
	W(5, "three.example.com. A 3 192.0.2.31 line 9 %s wire");
#undef W
	assert_string_equal(seen.text[6], "www.example.com. A 0 "
	    "198.51.100.10 line 3 (none) rr");
	assert_string_equal(seen.text[7], "mail.example.com. MX 0 "
	    "mx1.example.net. line 4 (none) rr");
}

/* dl_view_mentions() reads wire RDATA as dl_rr_mentions() reads records. */
static void
test_dl_view_mentions_wire_and_rr(void **state)
{
	struct fixture *f = *state;
	struct dl_rview v;
	ldns_rr *rr = NULL;

	(void)f;
	dl_zone_rec_view(f->zone, dl_zone_kept_rec(f->zone, 3), &v);
	assert_non_null(v.rd);
	assert_int_equal(v.type, LDNS_RR_TYPE_A);
	assert_true(dl_view_mentions(&v, "192.0.2.10"));
	assert_false(dl_view_mentions(&v, "192.0.2.11"));
	assert_false(dl_view_mentions(&v, "www.example.com."));
	dl_zone_rec_view(f->zone, dl_zone_kept_rec(f->zone, 1), &v);
	assert_int_equal(v.type, LDNS_RR_TYPE_NS);
	assert_true(dl_view_mentions(&v, "ns1.p01.dynect.net."));
	assert_true(dl_view_mentions(&v, "NS1.p01.dynect.net"));
	assert_false(dl_view_mentions(&v, "p01.dynect.net."));
	assert_false(dl_view_mentions(&v, "192.0.2.10"));
	assert_int_equal(ldns_rr_new_frm_str(&rr, "m.example.com. 60 IN MX "
	    "10 Mail.Example.NET.", 0, NULL, NULL), LDNS_STATUS_OK);
	dl_rview_of_rr(rr, "m.example.com.", &v);
	assert_true(dl_view_mentions(&v, "mail.example.net."));
	assert_false(dl_view_mentions(&v, "example.net."));
	ldns_rr_free(rr);
}

/* What a decommission finding adds when the plan does not name it. */
static void
test_dl_decommission_note_each_case(void **state)
{
	struct dl_decommission d;
	char buf[200];

	(void)state;
	memset(&d, 0, sizeof(d));
	d.target = "192.0.2.10";
	assert_string_equal(dl_decommission_note(&d, buf, sizeof(buf)), "");
	d.via = "old.example.com.";
	assert_string_equal(dl_decommission_note(&d, buf, sizeof(buf)),
	    " (an address of old.example.com.)");
	d.plan_file = "other.yaml";
	assert_string_equal(dl_decommission_note(&d, buf, sizeof(buf)),
	    " (an address of old.example.com., switched off by plan "
	    "other.yaml)");
	d.via = NULL;
	assert_string_equal(dl_decommission_note(&d, buf, sizeof(buf)),
	    " (switched off by plan other.yaml)");
}

/*
 * Records whose RDATA lacks the field that would name something (empty
 * RDATA, an HTTPS record without parameters) name nothing.
 */
static void
test_dl_rr_mentions_short_rdata(void **state)
{
	static const char *const rrs[] = {
		"a.example. 1 IN NS \\# 0",
		"a.example. 1 IN MX \\# 0",
		"a.example. 1 IN HTTPS \\# 3 00 01 00",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rrs) / sizeof(rrs[0]); i++) {
		ldns_rr *rr = NULL;

		if (ldns_rr_new_frm_str(&rr, rrs[i], 0, NULL, NULL) !=
		    LDNS_STATUS_OK)
			fail_msg("ldns does not read '%s'", rrs[i]);
		print_message("%s: %zu fields\n", rrs[i],
		    ldns_rr_rd_count(rr));
		assert_int_equal(dl_rr_mentions(rr, "192.0.2.1"), 0);
		assert_int_equal(dl_rr_mentions(rr, "ns1.example."), 0);
		ldns_rr_free(rr);
	}
}

/* The model's thresholds are the rules' tagged ones: defaults, then a
   configuration's. */
static void
test_dl_engine_model_params_from_rules(void **state)
{
	static const char conf[] =
	    "rules:\n"
	    "  ttl-lowered: {max_ttl: 600}\n"
	    "  decommission-window: {factor: 3}\n";
	struct dl_model_params mp;
	struct dl_config *cfg = NULL;
	struct dl_error err;

	(void)state;
	dl_engine_model_params(NULL, &mp);
	assert_int_equal(mp.max_ttl, 300);
	assert_int_equal(mp.factor, 2);
	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_config_load_buffer("c.yaml", conf, strlen(conf),
	    &cfg, &err), 0);
	dl_engine_model_params(cfg, &mp);
	assert_int_equal(mp.max_ttl, 600);
	assert_int_equal(mp.factor, 3);
	dl_config_free(cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		cmocka_unit_test(test_dl_engine_model_params_from_rules),
		T(test_dl_model_build_not_lowered),
		T(test_dl_model_build_lowering_at_now_is_claimed),
		T(test_dl_model_build_lowering_at_now_is_done),
		T(test_dl_model_build_mixed_ttl_largest_counts),
		T(test_dl_model_build_lowered_from_live_ttl),
		T(test_dl_model_build_lowering_at_now_without_prior),
		T(test_dl_model_build_thresholds_from_config),
		T(test_dl_model_build_wildcard_cname_answers),
		T(test_dl_model_target_held_index),
		T(test_dl_model_target_held_tie_first_in_plan),
		T(test_dl_model_ns_expiry_tie),
		T(test_dl_model_change_by_owner_and_type),
		T(test_dl_after_rrset_known),
		T(test_dl_model_build_same_data),
		T(test_dl_model_build_delete_not_published),
		T(test_dl_model_build_unknown_in_partial_zone),
		T(test_dl_model_build_glue_a_and_aaaa),
		T(test_dl_after_view_places),
		T(test_dl_after_view_wire_and_plan),
		T(test_dl_view_mentions_wire_and_rr),
		cmocka_unit_test(test_dl_decommission_note_each_case),
		cmocka_unit_test(test_dl_rr_mentions_short_rdata),
		T(test_dl_decommission_hosts_adds_addresses),
		T(test_dl_model_build_lowered_at_boundary),
		T(test_dl_model_build_lowered_one_second_early),
		T(test_dl_model_build_lowered_prior_defaults_to_live),
		T(test_dl_model_build_planned_at_boundary),
		T(test_dl_model_build_planned_one_second_early),
		T(test_dl_model_build_from_below_live_at_boundary),
		T(test_dl_model_build_from_below_live_one_second_early),
		T(test_dl_model_build_planned_lowering_too_high),
		T(test_dl_model_build_done_lowering_without_prior),
		T(test_dl_model_build_claimed_not_done),
		T(test_dl_model_build_partly_lowered_old_cache_decides),
		T(test_dl_model_build_partly_lowered_held_at_boundary),
		T(test_dl_model_build_partly_lowered_held_one_second_early),
		T(test_dl_model_build_partly_lowered_live_ttl_decides),
		T(test_dl_model_build_already_low_at_boundary),
		T(test_dl_model_build_already_low_one_second_early),
		T(test_dl_model_build_cutover_not_published),
		T(test_dl_model_target_unpublished_several),
		T(test_dl_model_build_cutover_published),
		T(test_dl_model_build_low_assumed),
		T(test_dl_model_build_ttl_floor),
		T(test_dl_model_build_new_rrset),
		T(test_dl_model_build_no_live_zone),
		T(test_dl_model_target_held_address),
		T(test_dl_model_target_held_nameserver_uses_parent),
		T(test_dl_model_ns_expiry_delegation_decides),
		T(test_dl_model_ns_expiry_child_decides),
		T(test_dl_model_target_held_unknown),
		T(test_dl_model_target_held_child_unknown),
		T(test_dl_model_target_held_child_decides),
		T(test_dl_model_target_held_child_below_parent),
		cmocka_unit_test(test_dl_rr_mentions_targets),
		cmocka_unit_test(test_dl_soa_serial_only_from_an_soa),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
