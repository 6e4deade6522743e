/*
 * test_check.c - the check pipeline in the library: a plan operand is
 * loaded with its live zone file and checked; what went wrong reaches the
 * caller's error handler once, notes its note handler, and nothing is
 * printed.
 */
#include "helpers.h"
#include "check.h"

#define CASE	"tests/fixtures/cases/stale-reference-fail/"

struct seen {
	int	errors, notes;
	char	error[512];
	char	note[512];
};

static void
on_note(void *arg, const char *text)
{
	struct seen *s = arg;

	s->notes++;
	snprintf(s->note, sizeof(s->note), "%s", text);
}

static void
on_error(void *arg, const struct dl_error *e)
{
	struct seen *s = arg;
	char buf[sizeof(e->file) + sizeof(e->message) + 32];

	s->errors++;
	snprintf(s->error, sizeof(s->error), "%s",
	    dl_error_format(e, buf, sizeof(buf)));
}

static void
options(struct dl_check_options *o, struct seen *s)
{
	memset(o, 0, sizeof(*o));
	memset(s, 0, sizeof(*s));
	o->now = T_NOW;
	o->zone_file = CASE "live.zone";
	dl_live_options_init(&o->live);
	o->note = on_note;
	o->error = on_error;
	o->arg = s;
}

static void
test_dl_check_plan_runs_rules(void **state)
{
	struct dl_check_options o;
	struct dl_report_error err;
	struct dl_result *r = NULL;
	struct seen s;

	(void)state;
	options(&o, &s);
	assert_int_equal(dl_check_plan(&o, CASE "plan.yaml", &r, &err), 0);
	assert_non_null(r);
	assert_string_equal(r->zone, "example.com.");
	assert_string_equal(r->source, "zone-file");
	assert_string_equal(r->source_name, CASE "live.zone");
	assert_true(r->n_findings > 0);
	assert_int_equal(s.errors, 0);
	dl_result_free(r);
}

static void
test_dl_check_plan_bad_plan(void **state)
{
	struct dl_check_options o;
	struct dl_report_error err;
	struct dl_result *r = NULL;
	struct seen s;

	(void)state;
	options(&o, &s);
	assert_int_equal(dl_check_plan(&o,
	    "tests/fixtures/bad-plans/ack-typo.yaml", &r, &err),
	    DL_CHECK_INVALID);
	assert_null(r);
	assert_int_equal(s.errors, 1);
	assert_int_equal(err.status, DL_CHECK_INVALID);
	assert_string_equal(s.error, "tests/fixtures/bad-plans/ack-typo.yaml:"
	    "5:3: unknown rule 'blast-radus' in 'acknowledge'; did you mean "
	    "'blast-radius'?");
	assert_int_equal(s.notes, 0);
}

/* A zone file that is not there: exit 2, said once, naming it. */
static void
test_dl_check_operand_missing_zone_file(void **state)
{
	struct dl_check_options o;
	struct dl_report_error err;
	struct dl_result **rs = NULL;
	struct seen s;
	size_t n = 0, cap = 0;

	(void)state;
	options(&o, &s);
	o.zone_file = CASE "no-such.zone";
	assert_int_equal(dl_check_operand(&o, CASE "plan.yaml", &rs, &n, &cap,
	    &err), DL_CHECK_INVALID);
	assert_int_equal(n, 0);
	assert_int_equal(s.errors, 1);
	assert_non_null(strstr(s.error, "no-such.zone"));
	free(rs);
}

static void
test_dl_check_status(void **state)
{
	(void)state;
	assert_int_equal(dl_check_status(DL_EUNAVAIL), DL_CHECK_UNVERIFIED);
	assert_int_equal(dl_check_status(DL_EINPUT), DL_CHECK_INVALID);
	assert_int_equal(dl_check_status(DL_ENOMEM), DL_CHECK_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dl_check_plan_runs_rules),
		cmocka_unit_test(test_dl_check_plan_bad_plan),
		cmocka_unit_test(test_dl_check_operand_missing_zone_file),
		cmocka_unit_test(test_dl_check_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
