/*
 * test_report.c - the output formats, on a result built by hand: exact
 * bytes for json (the schema is a contract) and the other formats.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "registry.h"
#include "report.h"

#define T_NOW	((int64_t)1795348800)	/* 2026-11-22T12:00:00Z */

static struct dl_finding findings[2];
static struct dl_step steps[2];
static struct dl_result result;
static struct dl_result *results[] = { &result };

static int
setup(void **state)
{
	(void)state;
	memset(findings, 0, sizeof(findings));
	findings[0].rule = dl_rule_find("ttl-lowered", NULL);
	findings[0].severity = DL_SEV_ERROR;
	findings[0].status = DL_FAIL;
	findings[0].subject = "www.example.com. A";
	findings[0].message = "live TTL 86400 is above 300: publish TTL 300 now";
	findings[0].hint = "safe to cut over from 2026-11-23 12:00Z (in 1d)";
	findings[0].wait_until = T_NOW + 86400;
	findings[0].pos.line = 6;
	findings[0].pos.column = 5;
	findings[1].rule = dl_rule_find("ns-ttl", NULL);
	findings[1].severity = DL_SEV_ERROR;
	findings[1].status = DL_PASS;
	findings[1].subject = "example.com. NS";
	findings[1].message = "TTL 3600 <= 3600 \"quoted\" | piped";
	findings[1].wait_until = DL_NO_TIME;
	steps[0].kind = DL_STEP_LOWER_TTL;
	steps[0].subject = "www.example.com. A";
	steps[0].at = T_NOW;
	steps[0].state = DL_STEP_PENDING;
	steps[0].text = "lower www.example.com. A TTL 86400 -> 300";
	steps[1].kind = DL_STEP_RESTORE_TTL;
	steps[1].subject = "www.example.com. A";
	steps[1].at = DL_NO_TIME;
	steps[1].state = DL_STEP_PENDING;
	steps[1].text = "raise www.example.com. A TTL back to 86400";
	result.file = "change.yaml";
	result.zone = "example.com.";
	result.now = T_NOW;
	result.cutover = T_NOW + 86400 * 9 - 7200;
	result.source = "zone-file";
	result.source_name = "live.zone";
	result.findings = findings;
	result.n_findings = 2;
	result.steps = steps;
	result.n_steps = 2;
	return 0;
}

/* Write rep in format and return the bytes (free them). */
static char *
render(enum dl_format format, int exit_status)
{
	struct dl_report rep;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	memset(&rep, 0, sizeof(rep));
	rep.format = format;
	rep.fail_on = DL_SEV_ERROR;
	rep.now = T_NOW;
	rep.exit_status = exit_status;
	rep.results = results;
	rep.n_results = 1;
	assert_non_null(f = open_memstream(&buf, &len));
	assert_int_equal(dl_report_write(f, &rep), 0);
	fclose(f);
	return buf;
}

static void
test_dl_report_write_json_schema_1(void **state)
{
	char *out = render(DL_FORMAT_JSON, 1);

	(void)state;
	assert_string_equal(out,
	    "{\n"
	    "  \"dnslint\": \"" DL_VERSION "\",\n"
	    "  \"schema\": 1,\n"
	    "  \"now\": \"2026-11-22T12:00:00Z\",\n"
	    "  \"plans\": [\n"
	    "    {\n"
	    "      \"file\": \"change.yaml\",\n"
	    "      \"zone\": \"example.com.\",\n"
	    "      \"cutover\": \"2026-12-01T10:00:00Z\",\n"
	    "      \"source\": \"zone-file\",\n"
	    "      \"findings\": [\n"
	    "        {\n"
	    "          \"rule\": \"ttl-lowered\",\n"
	    "          \"severity\": \"error\",\n"
	    "          \"status\": \"fail\",\n"
	    "          \"subject\": \"www.example.com. A\",\n"
	    "          \"message\": \"live TTL 86400 is above 300: publish TTL "
	    "300 now\",\n"
	    "          \"hint\": \"safe to cut over from 2026-11-23 12:00Z "
	    "(in 1d)\",\n"
	    "          \"wait_until\": \"2026-11-23T12:00:00Z\",\n"
	    "          \"file\": \"change.yaml\",\n"
	    "          \"line\": 6,\n"
	    "          \"column\": 5\n"
	    "        },\n"
	    "        {\n"
	    "          \"rule\": \"ns-ttl\",\n"
	    "          \"severity\": \"error\",\n"
	    "          \"status\": \"pass\",\n"
	    "          \"subject\": \"example.com. NS\",\n"
	    "          \"message\": \"TTL 3600 <= 3600 \\\"quoted\\\" | "
	    "piped\",\n"
	    "          \"hint\": null,\n"
	    "          \"wait_until\": null,\n"
	    "          \"file\": \"change.yaml\",\n"
	    "          \"line\": 0,\n"
	    "          \"column\": 0\n"
	    "        }\n"
	    "      ],\n"
	    "      \"checklist\": [\n"
	    "        {\n"
	    "          \"step\": \"lower-ttl\",\n"
	    "          \"subject\": \"www.example.com. A\",\n"
	    "          \"at\": \"2026-11-22T12:00:00Z\",\n"
	    "          \"state\": \"pending\",\n"
	    "          \"text\": \"lower www.example.com. A TTL 86400 -> 300\"\n"
	    "        },\n"
	    "        {\n"
	    "          \"step\": \"restore-ttl\",\n"
	    "          \"subject\": \"www.example.com. A\",\n"
	    "          \"at\": null,\n"
	    "          \"state\": \"pending\",\n"
	    "          \"text\": \"raise www.example.com. A TTL back to 86400\"\n"
	    "        }\n"
	    "      ]\n"
	    "    }\n"
	    "  ],\n"
	    "  \"errors\": [],\n"
	    "  \"summary\": { \"pass\": 1, \"fail\": 1, \"skip\": 0, "
	    "\"unknown\": 0 },\n"
	    "  \"exit_status\": 1\n"
	    "}\n");
	free(out);
}

static void
test_dl_report_write_compact_only_failures(void **state)
{
	char *out = render(DL_FORMAT_COMPACT, 1);

	(void)state;
	assert_string_equal(out, "change.yaml:6:5: error: www.example.com. A: "
	    "live TTL 86400 is above 300: publish TTL 300 now (safe from "
	    "2026-11-23T12:00:00Z) [ttl-lowered]\n");
	free(out);
}

static void
test_dl_report_write_compact_warning(void **state)
{
	char *out;

	(void)state;
	findings[0].severity = DL_SEV_WARNING;
	out = render(DL_FORMAT_COMPACT, 0);
	assert_non_null(strstr(out, "change.yaml:6:5: warning: "));
	free(out);
}

static void
test_dl_report_write_text_groups_and_checklist(void **state)
{
	char *out = render(DL_FORMAT_TEXT, 1);

	(void)state;
	assert_string_equal(out,
	    "dnslint " DL_VERSION "  example.com.  plan change.yaml  live: "
	    "zone file live.zone\n"
	    "now 2026-11-22 12:00Z   cutover 2026-12-01 10:00Z (in 8d 22h)\n"
	    "\n"
	    "FAIL    ttl-lowered         www.example.com. A               "
	    "change.yaml:6:5\n"
	    "        live TTL 86400 is above 300: publish TTL 300 now\n"
	    "        safe to cut over from 2026-11-23 12:00Z (in 1d)\n"
	    "pass    ns-ttl              example.com. NS                  "
	    "TTL 3600 <= 3600 \"quoted\" | piped\n"
	    "\n"
	    "Checklist\n"
	    " [ ] 2026-11-22 12:00Z    now         lower www.example.com. A "
	    "TTL 86400 -> 300\n"
	    " [ ] after validation                 raise www.example.com. A "
	    "TTL back to 86400\n"
	    "\n"
	    "1 failed, 1 passed\n");
	free(out);
}

static void
test_dl_report_write_markdown_escapes_pipes(void **state)
{
	char *out = render(DL_FORMAT_MARKDOWN, 1);

	(void)state;
	assert_non_null(strstr(out, "| pass | `ns-ttl` | `example.com. NS` | "
	    "TTL 3600 <= 3600 \"quoted\" \\| piped |  |\n"));
	assert_non_null(strstr(out, "- [ ] 2026-11-22T12:00:00Z (now): lower "
	    "www.example.com. A TTL 86400 -> 300\n"));
	assert_non_null(strstr(out, "- [ ] after validation: raise "));
	free(out);
}

static void
test_dl_format_parse_names(void **state)
{
	(void)state;
	assert_int_equal(dl_format_parse("text"), DL_FORMAT_TEXT);
	assert_int_equal(dl_format_parse("compact"), DL_FORMAT_COMPACT);
	assert_int_equal(dl_format_parse("markdown"), DL_FORMAT_MARKDOWN);
	assert_int_equal(dl_format_parse("json"), DL_FORMAT_JSON);
	assert_int_equal(dl_format_parse("xml"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_dl_report_write_json_schema_1,
		    setup),
		cmocka_unit_test_setup(test_dl_report_write_compact_only_failures,
		    setup),
		cmocka_unit_test_setup(test_dl_report_write_compact_warning,
		    setup),
		cmocka_unit_test_setup(
		    test_dl_report_write_text_groups_and_checklist, setup),
		cmocka_unit_test_setup(
		    test_dl_report_write_markdown_escapes_pipes, setup),
		cmocka_unit_test(test_dl_format_parse_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
