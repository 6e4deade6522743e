/*
 * test_terraform.c - Terraform plans (terraform show -json) as plans.
 *
 * Run from the top of the source tree: the fixture paths are relative to
 * it and appear in the expected error lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "dtime.h"
#include "json.h"
#include "plan.h"
#include "terraform.h"
#include "zone.h"

#define TF	"tests/fixtures/terraform/"
#define NOW	INT64_C(1795348800)	/* 2026-11-22T12:00:00Z */

struct loaded {
	struct dl_plan	**plans;
	size_t		n;
	char		note[256];
};

static void
load_ok(const char *path, const char *zone, struct loaded *l)
{
	struct dl_error err;
	char buf[1600];

	memset(l, 0, sizeof(*l));
	if (dl_plan_load_operand(path, NOW, zone, &l->plans, &l->n, l->note,
	    sizeof(l->note), &err) != 0)
		fail_msg("%s", dl_error_format(&err, buf, sizeof(buf)));
}

static void
loaded_free(struct loaded *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		dl_plan_free(l->plans[i]);
	free(l->plans);
}

/* Record i of list in presentation form, without the line end. */
static const char *
rr_at(const ldns_rr_list *list, size_t i)
{
	static char buf[512];
	char *s;

	assert_non_null(list);
	assert_true(i < ldns_rr_list_rr_count(list));
	assert_non_null(s = ldns_rr2str(ldns_rr_list_rr(list, i)));
	snprintf(buf, sizeof(buf), "%s", s);
	free(s);
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/* The before RRset of owner/type, record i. */
static const char *
before_at(const struct dl_plan *p, const char *owner, ldns_rr_type type,
    size_t i)
{
	static char buf[512];
	ldns_rr_list *l;

	assert_true(dl_zone_rrset_known(p->before, owner, type));
	assert_non_null(l = dl_zone_rrset(p->before, owner, type));
	snprintf(buf, sizeof(buf), "%s", rr_at(l, i));
	ldns_rr_list_free(l);
	return buf;
}

/* Load JSON text; returns the code and the error line in msg. */
static int
load_text(const char *text, const char *zone, struct loaded *l, char *msg,
    size_t n)
{
	struct dl_ynode *root = NULL;
	struct dl_error err;
	size_t records;
	int rc;

	memset(l, 0, sizeof(*l));
	memset(&err, 0, sizeof(err));
	msg[0] = '\0';
	if ((rc = dl_json_parse("t.json", text, strlen(text), &root,
	    &err)) == 0) {
		assert_true(dl_terraform_is_plan(root));
		rc = dl_terraform_load("t.json", ".", root, zone, NOW,
		    &l->plans, &l->n, &records, &err);
	}
	dl_ynode_free(root);
	if (rc != 0)
		dl_error_format(&err, msg, n);
	return rc;
}

static void
test_dl_terraform_load_ttl_and_move(void **state)
{
	struct loaded l;
	const struct dl_change *c;

	(void)state;
	load_ok(TF "ttl-and-move.json", NULL, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.plans[0]->zone, "example.com.");
	assert_int_equal(l.plans[0]->has_cutover, 0);
	assert_int_equal(l.plans[0]->n_changes, 1);
	c = &l.plans[0]->changes[0];
	assert_string_equal(c->owner, "www.example.com.");
	assert_int_equal(c->type, LDNS_RR_TYPE_A);
	assert_int_equal(c->pos.line, 1);
	assert_int_equal(c->pos.column, 799);
	assert_string_equal(c->address, "aws_route53_record.www");
	assert_int_equal(c->delete, 0);
	assert_int_equal(c->has_ttl, 1);
	assert_int_equal(c->ttl, 300);
	assert_null(c->unknown);
	assert_string_equal(rr_at(c->to, 0),
	    "www.example.com.\t300\tIN\tA\t198.51.100.10");
	assert_string_equal(rr_at(c->from, 0),
	    "www.example.com.\t86400\tIN\tA\t192.0.2.10");
	assert_string_equal(before_at(l.plans[0], "www.example.com.",
	    LDNS_RR_TYPE_A, 0), "www.example.com.\t86400\tIN\tA\t192.0.2.10");
	/* The old address leaves the zone: a target with no time. */
	assert_int_equal(l.plans[0]->n_decommission, 1);
	assert_string_equal(l.plans[0]->decommission[0].target, "192.0.2.10");
	assert_int_equal(l.plans[0]->decommission[0].is_address, 1);
	assert_true(l.plans[0]->decommission[0].at == DL_NO_TIME);
	assert_int_equal(l.plans[0]->decommission[0].pos.column, 799);
	loaded_free(&l);
}

static void
test_dl_terraform_load_weighted_and_alias(void **state)
{
	struct loaded l;
	const struct dl_change *c;

	(void)state;
	load_ok(TF "alias-weighted.json", NULL, &l);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.plans[0]->n_changes, 2);
	/* Both set identifiers are one RRset; only green changes. */
	c = &l.plans[0]->changes[0];
	assert_string_equal(c->owner, "app.example.com.");
	assert_string_equal(c->address, "aws_route53_record.app_green");
	assert_int_equal(ldns_rr_list_rr_count(c->to), 2);
	assert_string_equal(rr_at(c->to, 0),
	    "app.example.com.\t60\tIN\tA\t192.0.2.31");
	/* Only green's old address leaves; blue's stays. */
	assert_int_equal(l.plans[0]->n_decommission, 1);
	assert_string_equal(l.plans[0]->decommission[0].target, "192.0.2.32");
	assert_string_equal(rr_at(c->to, 1),
	    "app.example.com.\t60\tIN\tA\t198.51.100.32");
	assert_string_equal(before_at(l.plans[0], "app.example.com.",
	    LDNS_RR_TYPE_A, 1), "app.example.com.\t60\tIN\tA\t192.0.2.32");
	/* An alias to a load balancer: its name, Route 53's 60 s. */
	c = &l.plans[0]->changes[1];
	assert_string_equal(c->owner, "example.com.");
	assert_int_equal(c->ttl, 60);
	assert_string_equal(rr_at(c->to, 0), "example.com.\t60\tIN\tA\t"
	    "dualstack.web-987654321.us-east-1.elb.amazonaws.com.");
	loaded_free(&l);
}

static void
test_dl_terraform_load_cloudflare(void **state)
{
	struct loaded l;
	const struct dl_plan *p;

	(void)state;
	load_ok(TF "cloudflare.json", NULL, &l);
	assert_int_equal(l.n, 1);
	p = l.plans[0];
	assert_string_equal(p->zone, "example.org.");
	assert_int_equal(p->n_changes, 3);
	/* ttl 1 is automatic: 300 s. */
	assert_string_equal(rr_at(p->changes[0].to, 0),
	    "www.example.org.\t300\tIN\tA\t198.51.100.50");
	/* Proxied: resolvers see Cloudflare, not the origin. */
	assert_string_equal(rr_at(p->changes[1].to, 0),
	    "shop.example.org.\t300\tIN\tA\tcloudflare-proxy.invalid.");
	assert_string_equal(before_at(p, "shop.example.org.", LDNS_RR_TYPE_A,
	    0), "shop.example.org.\t300\tIN\tA\tcloudflare-proxy.invalid.");
	assert_string_equal(p->changes[2].owner, "example.org.");
	assert_string_equal(rr_at(p->changes[2].to, 0),
	    "example.org.\t300\tIN\tMX\t10 mx.example.org.");
	assert_string_equal(before_at(p, "example.org.", LDNS_RR_TYPE_MX, 0),
	    "example.org.\t3600\tIN\tMX\t10 mx.example.org.");
	loaded_free(&l);
}

static void
test_dl_terraform_load_google(void **state)
{
	struct loaded l;
	const struct dl_plan *p;

	(void)state;
	load_ok(TF "google.json", NULL, &l);
	p = l.plans[0];
	assert_string_equal(p->zone, "example.net.");
	assert_int_equal(p->n_changes, 2);
	assert_int_equal(ldns_rr_list_rr_count(p->changes[0].to), 2);
	assert_string_equal(rr_at(p->changes[0].to, 1),
	    "www.example.net.\t300\tIN\tA\t198.51.100.71");
	assert_string_equal(rr_at(p->changes[1].to, 0), "example.net.\t3600\t"
	    "IN\tTXT\t\"v=spf1 include:_spf.example.net -all\"");
	loaded_free(&l);
}

static void
test_dl_terraform_load_azure(void **state)
{
	struct loaded l;
	const struct dl_plan *p;

	(void)state;
	load_ok(TF "azure.json", NULL, &l);
	assert_int_equal(l.n, 1);
	p = l.plans[0];
	/* The zone is the record's zone_name; the type the resource's. */
	assert_string_equal(p->zone, "example.info.");
	assert_int_equal(p->n_changes, 4);
	assert_string_equal(rr_at(p->changes[0].to, 0),
	    "www.example.info.\t300\tIN\tA\t198.51.100.100");
	assert_string_equal(rr_at(p->changes[1].to, 0),
	    "example.info.\t3600\tIN\tMX\t10 mx2.example.info.");
	assert_string_equal(rr_at(p->changes[2].to, 0), "_dmarc.example.info."
	    "\t3600\tIN\tTXT\t\"v=DMARC1; p=reject\"");
	/* An alias to an Azure resource: neither side's data is here. */
	assert_string_equal(p->changes[3].owner, "cdn.example.info.");
	assert_string_equal(p->changes[3].unknown, "it is an alias to an "
	    "Azure resource, whose addresses the plan does not hold");
	assert_string_equal(p->changes[3].live_unknown, p->changes[3].unknown);
	assert_false(dl_zone_rrset_known(p->before, "cdn.example.info.",
	    LDNS_RR_TYPE_CNAME));
	loaded_free(&l);
}

static void
test_dl_terraform_load_create_delete_replace(void **state)
{
	struct loaded l;
	const struct dl_plan *p;

	(void)state;
	load_ok(TF "create-delete-replace.json", NULL, &l);
	p = l.plans[0];
	assert_int_equal(p->n_changes, 3);
	assert_string_equal(p->changes[0].owner, "new.example.com.");
	assert_string_equal(p->changes[0].address,
	    "module.dns.aws_route53_record.rec[\"new\"]");
	assert_null(p->changes[0].from);
	assert_int_equal(ldns_rr_list_rr_count(p->changes[0].to), 1);
	assert_true(dl_zone_rrset_known(p->before, "new.example.com.",
	    LDNS_RR_TYPE_AAAA));
	assert_string_equal(p->changes[1].owner, "old.example.com.");
	assert_int_equal(p->changes[1].delete, 1);
	assert_null(p->changes[1].to);
	assert_string_equal(p->changes[2].owner, "mail.example.com.");
	assert_int_equal(p->changes[2].delete, 0);
	assert_string_equal(rr_at(p->changes[2].to, 0),
	    "mail.example.com.\t3600\tIN\tMX\t10 mx2.example.com.");
	loaded_free(&l);
}

static void
test_dl_terraform_load_two_zones(void **state)
{
	struct loaded l;

	(void)state;
	load_ok(TF "two-zones.json", NULL, &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.plans[0]->zone, "example.com.");
	assert_string_equal(l.plans[1]->zone, "example.org.");
	assert_string_equal(l.plans[1]->changes[0].owner, "www.example.org.");
	loaded_free(&l);
}

static void
test_dl_terraform_load_after_unknown(void **state)
{
	struct loaded l;

	(void)state;
	load_ok(TF "after-unknown.json", NULL, &l);
	assert_int_equal(l.plans[0]->n_changes, 1);
	assert_string_equal(l.plans[0]->changes[0].unknown,
	    "its records are known only after apply");
	assert_int_equal(l.plans[0]->changes[0].has_ttl, 0);
	assert_int_equal(ldns_rr_list_rr_count(l.plans[0]->changes[0].to), 0);
	loaded_free(&l);
}

static void
test_dl_terraform_load_sensitive_not_compared(void **state)
{
	struct loaded l;

	(void)state;
	load_ok(TF "sensitive.json", NULL, &l);
	assert_null(l.plans[0]->changes[0].from);
	assert_int_equal(l.plans[0]->n_decommission, 0);
	assert_string_equal(rr_at(l.plans[0]->changes[0].to, 0),
	    "vpn.example.com.\t300\tIN\tA\t198.51.100.90");
	loaded_free(&l);
}

static void
test_dl_terraform_load_no_dns(void **state)
{
	struct loaded l;

	(void)state;
	load_ok(TF "no-dns.json", NULL, &l);
	assert_int_equal(l.n, 0);
	assert_null(l.plans);
	assert_string_equal(l.note, "no DNS record changes among the 1 "
	    "resource change of the Terraform plan");
}

static void
test_dl_terraform_load_zone_option(void **state)
{
	struct loaded l;
	struct dl_error err;
	char buf[1600];

	(void)state;
	assert_int_equal(dl_plan_load_operand(TF "no-zone.json", NOW, NULL,
	    &l.plans, &l.n, l.note, sizeof(l.note), &err), DL_EINPUT);
	assert_string_equal(dl_error_format(&err, buf, sizeof(buf)),
	    TF "no-zone.json:1:799: cannot tell the zone of "
	    "'aws_route53_record.api' (name 'api'): no zone resource or data "
	    "source in the plan has its zone_id; give --zone");
	load_ok(TF "no-zone.json", "example.com.", &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.plans[0]->changes[0].owner, "api.example.com.");
	loaded_free(&l);
	/* As typed: any case, no final dot. */
	load_ok(TF "no-zone.json", "Example.COM", &l);
	assert_string_equal(l.plans[0]->zone, "example.com.");
	assert_string_equal(l.plans[0]->changes[0].owner, "api.example.com.");
	loaded_free(&l);
}

static void
test_dl_terraform_load_broken_json(void **state)
{
	struct loaded l;
	struct dl_error err;
	char buf[1600];

	(void)state;
	assert_int_equal(dl_plan_load_operand(TF "broken.json", NOW, NULL,
	    &l.plans, &l.n, l.note, sizeof(l.note), &err), DL_EINPUT);
	assert_string_equal(dl_error_format(&err, buf, sizeof(buf)),
	    TF "broken.json:1:1461: expected ',' or '}' after an object "
	    "member, got '\"'");
}

/* Write text to a new file in a new folder; returns its path. */
static const char *
temp_file(const char *name, const char *text)
{
	static char path[256];
	char dir[] = "/tmp/dnslint-test.XXXXXX";
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return path;
}

static void
remove_temp(const char *path)
{
	char dir[256], *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	unlink(path);
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		rmdir(dir);
	}
}

/* JSON that is no Terraform plan, and YAML's flow style, are YAML plans. */
static void
test_dl_plan_load_operand_yaml_in_json_syntax(void **state)
{
	struct loaded l;
	struct dl_error err;
	const char *path;

	(void)state;
	path = temp_file("flow.yaml", "{zone: example.com., changes: "
	    "[{name: www, type: A, to: [192.0.2.1]}]}\n");
	load_ok(path, NULL, &l);
	assert_int_equal(l.n, 1);
	assert_null(l.plans[0]->before);
	assert_string_equal(l.plans[0]->changes[0].owner, "www.example.com.");
	loaded_free(&l);
	remove_temp(path);
	path = temp_file("plan.json", "{\"zone\": \"example.com.\", "
	    "\"changes\": [{\"name\": \"www\", \"type\": \"A\", "
	    "\"to\": [\"192.0.2.1\"]}]}");
	load_ok(path, NULL, &l);
	assert_int_equal(l.n, 1);
	loaded_free(&l);
	remove_temp(path);
	/* Broken JSON called .json: the JSON error stands. */
	path = temp_file("x.json", "{\"a\": 1,}");
	assert_int_equal(dl_plan_load_operand(path, NOW, NULL, &l.plans,
	    &l.n, l.note, sizeof(l.note), &err), DL_EINPUT);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 9);
	assert_string_equal(err.message, "expected a string in double quotes "
	    "for an object key, got '}'");
	remove_temp(path);
}

#define HEAD	"{\"format_version\":\"1.2\",\"resource_changes\":[" \
		"{\"address\":\"aws_route53_record.www\",\"mode\":\"managed\"," \
		"\"type\":\"aws_route53_record\",\"change\":{"
#define REC(x)	"{\"name\":\"www\",\"type\":\"A\",\"zone_id\":\"Z1\"," x "}"
#define TAIL	"}}]}"

static void
test_dl_terraform_load_errors(void **state)
{
	struct loaded l;
	char msg[1600];

	(void)state;
	assert_int_equal(load_text(HEAD "\"actions\":[\"update\"],\"before\":"
	    "null,\"after\":" REC("\"ttl\":-1,\"records\":[\"192.0.2.1\"]")
	    TAIL, "example.com.", &l, msg, sizeof(msg)), DL_EINPUT);
	assert_string_equal(msg, "t.json:1:225: 'ttl' of "
	    "'aws_route53_record.www' must be a whole number from 0 to "
	    "2147483647, got '-1'");
	assert_int_equal(load_text(HEAD "\"actions\":[\"upgrade\"],\"before\":"
	    "null,\"after\":null" TAIL, NULL, &l, msg, sizeof(msg)),
	    DL_EINPUT);
	assert_string_equal(msg, "t.json:1:147: unknown action, got "
	    "'\"upgrade\"' in 'aws_route53_record.www': expected no-op, "
	    "create, read, update, delete or forget");
	assert_int_equal(load_text(HEAD "\"actions\":[\"create\"],\"before\":"
	    "null,\"after\":" REC("\"ttl\":300,\"records\":[\"192.0.2.300\"]")
	    TAIL, "example.com.", &l, msg, sizeof(msg)), DL_EINPUT);
	assert_string_equal(msg, "t.json:1:45: '192.0.2.300' of "
	    "'aws_route53_record.www' is not valid A data");
	assert_int_equal(load_text(HEAD "\"actions\":[\"create\"],\"before\":"
	    "null,\"after\":{\"type\":\"A\",\"zone_id\":\"Z1\"},"
	    "\"after_unknown\":{\"name\":true}" TAIL, "example.com.", &l, msg,
	    sizeof(msg)), DL_EUNAVAIL);
	assert_string_equal(msg, "t.json:1:45: the name of "
	    "'aws_route53_record.www' is known only after apply: dnslint "
	    "cannot check a record it cannot name");
}

/* A zone data source in a child module of the prior state names the zone. */
static void
test_dl_terraform_load_zone_in_child_module(void **state)
{
	struct loaded l;
	char msg[1600];

	(void)state;
	assert_int_equal(load_text(HEAD "\"actions\":[\"create\"],"
	    "\"before\":null,\"after\":" REC("\"ttl\":300,\"records\":"
	    "[\"192.0.2.1\"]") "}}],\"prior_state\":{\"values\":"
	    "{\"root_module\":{\"child_modules\":[{\"address\":"
	    "\"module.dns\",\"child_modules\":[{\"resources\":[{"
	    "\"address\":\"module.dns.module.z.data.aws_route53_zone.z\","
	    "\"mode\":\"data\",\"type\":\"aws_route53_zone\","
	    "\"values\":{\"name\":\"Example.NET.\",\"zone_id\":\"Z1\"}}]}]"
	    "}]}}}}", NULL, &l, msg, sizeof(msg)), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.plans[0]->zone, "example.net.");
	assert_string_equal(l.plans[0]->changes[0].owner, "www.example.net.");
	loaded_free(&l);
}

/* A plan that changes nothing has no resource_changes; state is no plan. */
static void
test_dl_terraform_load_empty_and_state(void **state)
{
	struct loaded l;
	char msg[1600];

	(void)state;
	assert_int_equal(load_text("{\"format_version\":\"1.2\","
	    "\"terraform_version\":\"1.9.8\",\"planned_values\":"
	    "{\"root_module\":{}},\"complete\":true}", NULL, &l, msg,
	    sizeof(msg)), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(load_text("{\"format_version\":\"1.0\","
	    "\"terraform_version\":\"1.9.8\",\"values\":{}}", NULL, &l,
	    msg, sizeof(msg)), DL_EINPUT);
	assert_string_equal(msg, "t.json:1:1: this is Terraform state, not "
	    "a plan: give the output of 'terraform show -json' for a saved "
	    "plan");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dl_terraform_load_ttl_and_move),
		cmocka_unit_test(test_dl_terraform_load_weighted_and_alias),
		cmocka_unit_test(test_dl_terraform_load_cloudflare),
		cmocka_unit_test(test_dl_terraform_load_google),
		cmocka_unit_test(test_dl_terraform_load_azure),
		cmocka_unit_test(test_dl_terraform_load_create_delete_replace),
		cmocka_unit_test(test_dl_terraform_load_two_zones),
		cmocka_unit_test(test_dl_terraform_load_after_unknown),
		cmocka_unit_test(test_dl_terraform_load_sensitive_not_compared),
		cmocka_unit_test(test_dl_terraform_load_no_dns),
		cmocka_unit_test(test_dl_terraform_load_zone_option),
		cmocka_unit_test(test_dl_terraform_load_broken_json),
		cmocka_unit_test(test_dl_terraform_load_errors),
		cmocka_unit_test(test_dl_plan_load_operand_yaml_in_json_syntax),
		cmocka_unit_test(test_dl_terraform_load_zone_in_child_module),
		cmocka_unit_test(test_dl_terraform_load_empty_and_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
