/*
 * test_diff.c - desired-zone plans: the difference between two zones,
 * RRset by RRset, and the zone of a desired file given alone.
 */
#include "helpers.h"
#include "diff.h"

static const char live_text[] =
    "$ORIGIN example.com.\n"
    "$TTL 3600\n"
    "@ IN SOA ns1 hostmaster 2026112201 7200 900 1209600 300\n"
    "@ IN NS ns1\n"
    "@ IN NS ns2.example.net.\n"
    "ns1 IN A 192.0.2.53\n"
    "www 86400 IN A 192.0.2.10\n"
    "www 86400 IN A 192.0.2.11\n"
    "Mail IN MX 10 mx\n"
    "mx IN A 192.0.2.25\n"
    "old 300 IN A 192.0.2.99\n";

/* Reordered, recased, one TTL-only change, one data change, one new and
 * one deleted RRset, a new serial. */
static const char desired_text[] =
    "$ORIGIN example.com.\n"
    "$TTL 3600\n"
    "@ IN SOA ns1 hostmaster 2026112202 7200 900 1209600 300\n"
    "@ IN NS ns2.example.net.\n"
    "@ IN NS NS1\n"
    "ns1 IN A 192.0.2.53\n"
    "www 86400 IN A 192.0.2.11\n"
    "www 86400 IN A 198.51.100.10\n"
    "mail IN MX 10 MX.example.com.\n"
    "mx 300 IN A 192.0.2.25\n"
    "new IN AAAA 2001:db8::1\n";

struct fixture {
	struct dl_zone	*live, *desired;
	struct dl_plan	*plan;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct dl_error err;

	assert_non_null(f);
	f->live = t_zone("example.com.", live_text);
	f->desired = t_zone("example.com.", desired_text);
	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_diff_desired_plan("new.zone", "example.com.",
	    &f->plan, &err), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	dl_plan_free(f->plan);
	dl_zone_free(f->live);
	dl_zone_free(f->desired);
	free(f);
	return 0;
}

static const struct dl_change *
change(const struct dl_plan *p, const char *owner, ldns_rr_type type)
{
	size_t i;

	for (i = 0; i < p->n_changes; i++)
		if (p->changes[i].type == type &&
		    strcmp(p->changes[i].owner, owner) == 0)
			return &p->changes[i];
	return NULL;
}

static void
test_dl_diff_plan_rrset_by_rrset(void **state)
{
	struct fixture *f = *state;
	const struct dl_change *c;

	assert_int_equal(dl_diff_plan(f->plan, f->live, f->desired), 0);
	/* www A (data), mx A (TTL only), new AAAA (added), old A (deleted). */
	assert_int_equal(f->plan->n_changes, 4);
	assert_non_null(c = change(f->plan, "www.example.com.",
	    LDNS_RR_TYPE_A));
	assert_false(c->delete);
	assert_int_equal(ldns_rr_list_rr_count(c->to), 2);
	assert_int_equal(c->ttl, 86400);
	assert_int_equal(c->pos.line, 7);
	assert_non_null(c->pos.file);
	assert_non_null(c = change(f->plan, "mx.example.com.",
	    LDNS_RR_TYPE_A));
	assert_int_equal(c->ttl, 300);
	assert_non_null(c = change(f->plan, "new.example.com.",
	    LDNS_RR_TYPE_AAAA));
	assert_non_null(c = change(f->plan, "old.example.com.",
	    LDNS_RR_TYPE_A));
	assert_true(c->delete);
	assert_null(c->to);
	assert_int_equal(c->pos.line, 11);
	/* Deletions come after additions and changes. */
	assert_ptr_equal(c, &f->plan->changes[3]);
	/* Reordered NS, recased MX: no change.  The SOA is never one. */
	assert_null(change(f->plan, "example.com.", LDNS_RR_TYPE_NS));
	assert_null(change(f->plan, "mail.example.com.", LDNS_RR_TYPE_MX));
	assert_null(change(f->plan, "example.com.", LDNS_RR_TYPE_SOA));
	assert_non_null(f->plan->desired_soa);
	assert_int_equal(f->plan->desired_soa_pos.line, 3);
}

static void
test_dl_diff_plan_same_zone_no_change(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(dl_diff_plan(f->plan, f->live, f->live), 0);
	assert_int_equal(f->plan->n_changes, 0);
}

static void
test_dl_diff_plan_replaces_changes(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(dl_diff_plan(f->plan, f->live, f->desired), 0);
	assert_int_equal(dl_diff_plan(f->plan, f->live, f->desired), 0);
	assert_int_equal(f->plan->n_changes, 4);
}

/*
 * RRsets as sets, for the types compared in wire form (A, AAAA, TXT) and
 * the others: reordered, repeated or only one TTL of several changed.
 */
static void
test_dl_diff_plan_sets(void **state)
{
	struct fixture *f = *state;
	struct dl_zone *live, *desired;
	const struct dl_change *c;

	live = t_zone("example.com.",
	    "$ORIGIN example.com.\n"
	    "@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300\n"
	    "@ 3600 IN NS ns1\n"
	    "ns1 3600 IN A 192.0.2.53\n"
	    "mixed 300 IN A 192.0.2.1\n"
	    "mixed 600 IN A 192.0.2.2\n"
	    "top 300 IN A 192.0.2.3\n"
	    "top 600 IN A 192.0.2.4\n"
	    "twice 300 IN AAAA 2001:db8::1\n"
	    "order 300 IN TXT \"a\" \"b\"\n"
	    "order 300 IN TXT \"c\"\n"
	    "case 300 IN TXT \"Hello\"\n"
	    "one 300 IN A 192.0.2.5\n"
	    "one 300 IN A 192.0.2.6\n"
	    "mx 300 IN MX 10 Mail.example.com.\n");
	desired = t_zone("example.com.",
	    "$ORIGIN example.com.\n"
	    "@ 3600 IN SOA ns1 hostmaster 2 7200 900 1209600 300\n"
	    "@ 3600 IN NS ns1\n"
	    "ns1 3600 IN A 192.0.2.53\n"
	    /* The smallest TTL raised: a change. */
	    "mixed 600 IN A 192.0.2.1\n"
	    "mixed 600 IN A 192.0.2.2\n"
	    /* The largest lowered: a change. */
	    "top 300 IN A 192.0.2.3\n"
	    "top 300 IN A 192.0.2.4\n"
	    /* Written twice, and records reordered: none. */
	    "twice 300 IN AAAA 2001:db8::1\n"
	    "twice 300 IN AAAA 2001:db8:0::1\n"
	    "order 300 IN TXT \"c\"\n"
	    "order 300 IN TXT \"a\" \"b\"\n"
	    /* Text is not a name: its case is data. */
	    "case 300 IN TXT \"hello\"\n"
	    /* One record of two: a change. */
	    "one 300 IN A 192.0.2.5\n"
	    "one 300 IN A 192.0.2.7\n"
	    /* A name's case is not. */
	    "mx 300 IN MX 10 mail.example.com.\n");
	assert_int_equal(dl_diff_plan(f->plan, live, desired), 0);
	assert_non_null(c = change(f->plan, "mixed.example.com.",
	    LDNS_RR_TYPE_A));
	assert_int_equal(c->ttl, 600);
	assert_non_null(change(f->plan, "top.example.com.", LDNS_RR_TYPE_A));
	assert_null(change(f->plan, "twice.example.com.",
	    LDNS_RR_TYPE_AAAA));
	assert_null(change(f->plan, "order.example.com.", LDNS_RR_TYPE_TXT));
	assert_non_null(change(f->plan, "case.example.com.",
	    LDNS_RR_TYPE_TXT));
	assert_non_null(c = change(f->plan, "one.example.com.",
	    LDNS_RR_TYPE_A));
	assert_int_equal(ldns_rr_list_rr_count(c->to), 2);
	assert_null(change(f->plan, "mx.example.com.", LDNS_RR_TYPE_MX));
	assert_int_equal(f->plan->n_changes, 4);
	dl_zone_free(live);
	dl_zone_free(desired);
}

/* Write text to dir/name and return the path (static buffer). */
static const char *
put(const char *dir, const char *name, const char *text)
{
	static char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "w"));
	fputs(text, fp);
	fclose(fp);
	return path;
}

static void
test_dl_diff_desired_plan_guesses_the_zone(void **state)
{
	char dir[] = "/tmp/dnslint-diff-XXXXXX";
	struct dl_plan *p = NULL;
	struct dl_error err;

	(void)state;
	assert_non_null(mkdtemp(dir));
	memset(&err, 0, sizeof(err));
	/* $ORIGIN first. */
	assert_int_equal(dl_diff_desired_plan(put(dir, "a.zone",
	    "; c\n$ORIGIN Example.ORG.\n@ IN SOA a b 1 2 3 4 5\n"), NULL, &p,
	    &err), 0);
	assert_string_equal(p->zone, "example.org.");
	assert_string_equal(p->desired, p->file);
	dl_plan_free(p);
	/* The SOA owner against the $ORIGIN in force, as NSD writes. */
	assert_int_equal(dl_diff_desired_plan(put(dir, "nsd.zone",
	    "$ORIGIN nl.\nmiek 3600 IN SOA a b 1 2 3 4 5\n"), NULL, &p, &err),
	    0);
	assert_string_equal(p->zone, "miek.nl.");
	dl_plan_free(p);
	/* A relative $ORIGIN; a record in parentheses before the SOA. */
	assert_int_equal(dl_diff_desired_plan(put(dir, "c.zone",
	    "$ORIGIN example.com.\n$TTL 300\n$ORIGIN Sub\n"
	    "x IN TXT ( \"a\"\n  SOA )\n"
	    "@ IN 300 SOA a b ( 1 2 3 4 5 )\n"), NULL, &p, &err), 0);
	assert_string_equal(p->zone, "sub.example.com.");
	dl_plan_free(p);
	/* A blank owner is the previous one; the root zone. */
	assert_int_equal(dl_diff_desired_plan(put(dir, "d.zone",
	    "$ORIGIN .\n. 1 IN NS a.\n\t1 IN SOA a. b. 1 2 3 4 5\n"),
	    NULL, &p, &err), 0);
	assert_string_equal(p->zone, ".");
	dl_plan_free(p);
	/* An absolute SOA owner. */
	assert_int_equal(dl_diff_desired_plan(put(dir, "b.zone",
	    "example.net. 3600 IN SOA a b 1 2 3 4 5\n"), NULL, &p, &err), 0);
	assert_string_equal(p->zone, "example.net.");
	dl_plan_free(p);
	/* The file's name. */
	assert_int_equal(dl_diff_desired_plan(put(dir, "db.example.info",
	    "@ IN SOA a b 1 2 3 4 5\n"), NULL, &p, &err), 0);
	assert_string_equal(p->zone, "example.info.");
	dl_plan_free(p);
	/* Nothing to go by. */
	assert_int_equal(dl_diff_desired_plan(put(dir, "zone",
	    "@ IN SOA a b 1 2 3 4 5\n"), NULL, &p, &err), DL_EINPUT);
	assert_null(p);
	assert_string_equal(err.message, "cannot tell which zone this is: "
	    "begin it with $ORIGIN, or name it like example.com.zone, give "
	    "--zone, or use a plan with 'zone:'");
	/* An octoDNS zone file: its name only, never its text. */
	assert_int_equal(dl_diff_desired_plan(put(dir, "Example.org.yaml",
	    "$ORIGIN example.net.\n"), NULL, &p, &err), 0);
	assert_string_equal(p->zone, "example.org.");
	dl_plan_free(p);
	assert_int_equal(dl_diff_desired_plan(put(dir, "example.org.yml",
	    "---\n"), NULL, &p, &err), 0);
	assert_string_equal(p->zone, "example.org.");
	dl_plan_free(p);
	assert_int_equal(dl_diff_desired_plan(put(dir, "zone.yaml",
	    "---\n"), NULL, &p, &err), DL_EINPUT);
	assert_null(p);
	assert_string_equal(err.message, "cannot tell which zone this is: "
	    "name the octoDNS zone file like example.com.yaml, or give --zone");
	assert_int_equal(dl_diff_desired_plan(put(dir, "zone.yaml",
	    "---\n"), "Example.COM", &p, &err), 0);
	assert_string_equal(p->zone, "example.com.");
	dl_plan_free(p);
	unlink(put(dir, "Example.org.yaml", ""));
	unlink(put(dir, "example.org.yml", ""));
	unlink(put(dir, "zone.yaml", ""));
	unlink(put(dir, "a.zone", ""));
	unlink(put(dir, "b.zone", ""));
	unlink(put(dir, "db.example.info", ""));
	unlink(put(dir, "zone", ""));
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_dl_diff_plan_rrset_by_rrset),
		T(test_dl_diff_plan_same_zone_no_change),
		T(test_dl_diff_plan_replaces_changes),
		T(test_dl_diff_plan_sets),
		cmocka_unit_test(test_dl_diff_desired_plan_guesses_the_zone),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
