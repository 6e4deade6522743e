/*
 * test_report.c - the output formats, on a result built by hand: exact
 * bytes for json (the schema is a contract) and the other formats; for
 * sarif and junit also the structure their schemas require, read back
 * with a small JSON parser and a small XML checker below.
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

/* Write rep and return the bytes (free them). */
static char *
render_report(const struct dl_report *rep)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	assert_non_null(f = open_memstream(&buf, &len));
	assert_int_equal(dl_report_write(f, rep), 0);
	fclose(f);
	return buf;
}

/* Write the hand-built result in format and return the bytes. */
static char *
render(enum dl_format format, int exit_status)
{
	struct dl_report rep;

	memset(&rep, 0, sizeof(rep));
	rep.format = format;
	rep.fail_on = DL_SEV_ERROR;
	rep.now = T_NOW;
	rep.exit_status = exit_status;
	rep.results = results;
	rep.n_results = 1;
	return render_report(&rep);
}

static void
test_dl_report_write_json_schema_1(void **state)
{
	char *out;

	(void)state;
	findings[0].change = "www.example.com. A 192.0.2.10 -> 198.51.100.10";
	findings[0].change_from = "192.0.2.10";
	out = render(DL_FORMAT_JSON, 1);
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
	    "          \"column\": 5,\n"
	    "          \"change\": { \"text\": \"www.example.com. A 192.0.2.10 "
	    "-> 198.51.100.10\", \"from\": \"192.0.2.10\", \"to\": null }\n"
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
	    "          \"column\": 0,\n"
	    "          \"change\": null\n"
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

/* Every format names what the change at a finding does. */
static void
test_dl_report_write_change_in_every_format(void **state)
{
	static const enum dl_format formats[] = { DL_FORMAT_TEXT,
	    DL_FORMAT_COMPACT, DL_FORMAT_MARKDOWN, DL_FORMAT_JSON,
	    DL_FORMAT_SARIF, DL_FORMAT_JUNIT, DL_FORMAT_GITHUB };
	size_t i, j, k;
	char *out;

	(void)state;
	findings[0].change = "www.example.com. A 192.0.2.10 -> 198.51.100.10";
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		out = render(formats[i], 1);
		/* Text wraps: read it as one line. */
		for (j = k = 0; out[j] != '\0'; j++)
			if (!isspace((unsigned char)out[j]) || (k > 0 &&
			    out[k - 1] != ' '))
				out[k++] = isspace((unsigned char)out[j]) ? ' ' :
				    out[j];
		out[k] = '\0';
		/* XML writes '>' as "&gt;". */
		if (strstr(out, formats[i] == DL_FORMAT_JUNIT ?
		    "www.example.com. A 192.0.2.10 -&gt; 198.51.100.10" :
		    "www.example.com. A 192.0.2.10 -> 198.51.100.10") == NULL)
			fail_msg("format %zu does not name the change:\n%s", i,
			    out);
		free(out);
	}
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
	    "FAIL    ttl-lowered            www.example.com. A                "
	    "change.yaml:6:5\n"
	    "        live TTL 86400 is above 300: publish TTL 300 now\n"
	    "        safe to cut over from 2026-11-23 12:00Z (in 1d)\n"
	    "pass    ns-ttl                 example.com. NS  TTL 3600 <= 3600 "
	    "\"quoted\" |\n"
	    "          piped\n"
	    "\n"
	    "Checklist\n"
	    " [ ] 2026-11-22 12:00Z  now         lower www.example.com. A TTL "
	    "86400 -> 300\n"
	    " [ ] after validation               raise www.example.com. A TTL "
	    "back to 86400\n"
	    "\n"
	    "1 failed, 1 passed\n");
	free(out);
}

/*
 * 80 columns: the longest rule id keeps the columns; a place that does not
 * fit goes on its own line; messages wrap at spaces with a hanging
 * indent, a word longer than a line is not cut; a blocked step wraps
 * under its time.
 */
static void
test_dl_report_write_text_80_columns(void **state)
{
	char *out;

	(void)state;
	findings[0].rule = dl_rule_find("dnssec-provider-change", NULL);
	findings[0].subject = "a-rather-long-name.of-a-subzone.example.com. "
	    "CNAME";
	findings[0].message = "the plan changes the nameservers of a signed "
	    "zone without saying how signing moves: set dnssec_strategy";
	findings[0].hint = "an-unbreakable-word-that-is-longer-than-one-whole-"
	    "line-of-eighty-columns-of-text-ok";
	findings[1].rule = dl_rule_find("ns-address-diversity", NULL);
	findings[1].status = DL_SKIP;
	steps[0].state = DL_STEP_BLOCKED;
	steps[0].text = "192.0.2.10 may be switched off (the plan says "
	    "2026-12-01 12:00Z: too early)";
	out = render(DL_FORMAT_TEXT, 1);
	assert_string_equal(out,
	    "dnslint " DL_VERSION "  example.com.  plan change.yaml  live: "
	    "zone file live.zone\n"
	    "now 2026-11-22 12:00Z   cutover 2026-12-01 10:00Z (in 8d 22h)\n"
	    "\n"
	    "FAIL    dnssec-provider-change "
	    "a-rather-long-name.of-a-subzone.example.com. CNAME\n"
	    "        change.yaml:6:5\n"
	    "        the plan changes the nameservers of a signed zone without "
	    "saying how\n"
	    "          signing moves: set dnssec_strategy\n"
	    "        an-unbreakable-word-that-is-longer-than-one-whole-line-of-"
	    "eighty-columns-of-text-ok\n"
	    "skip    ns-address-diversity   example.com. NS  TTL 3600 <= 3600 "
	    "\"quoted\" |\n"
	    "          piped\n"
	    "\n"
	    "Checklist\n"
	    " [!] 2026-11-22 12:00Z  now         192.0.2.10 may be switched off "
	    "(the plan\n"
	    "       says 2026-12-01 12:00Z: too early) (blocked)\n"
	    " [ ] after validation               raise www.example.com. A TTL "
	    "back to 86400\n"
	    "\n"
	    "1 failed, 0 passed, 1 skipped\n");
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

/*
 * A second result with every status and what needs escaping: a warning
 * below --fail-on, an unknown, a skip, an info failure whose place is in
 * another file (a name that needs percent-encoding), markup and control
 * characters in a message; and a plan that could not be checked.
 */
static struct dl_finding mixed[6];
static struct dl_result mixed_result;
static struct dl_result *mixed_results[] = { &result, &mixed_result };
static struct dl_report_error mixed_errors[1];

static void
build_mixed(struct dl_report *rep)
{
	memset(mixed, 0, sizeof(mixed));
	mixed[0].rule = dl_rule_find("ns-multi-provider", NULL);
	mixed[0].severity = DL_SEV_WARNING;
	mixed[0].status = DL_FAIL;
	mixed[0].subject = "example.com. NS";
	mixed[0].message = "all 2 nameservers are at one provider (Dyn)";
	mixed[0].hint = "add nameservers at a second provider";
	mixed[0].wait_until = DL_NO_TIME;
	mixed[1].rule = dl_rule_find("ns-consistency", NULL);
	mixed[1].severity = DL_SEV_ERROR;
	mixed[1].status = DL_UNKNOWN;
	mixed[1].subject = "www.example.com. A";
	mixed[1].message = "no server answered";
	mixed[1].wait_until = DL_NO_TIME;
	mixed[1].pos.line = 3;
	mixed[2].rule = dl_rule_find("ns-serves-zone", NULL);
	mixed[2].severity = DL_SEV_ERROR;
	mixed[2].status = DL_SKIP;
	mixed[2].subject = "example.com.";
	mixed[2].message = "needs the nameservers, not a zone file";
	mixed[2].wait_until = DL_NO_TIME;
	mixed[3].rule = dl_rule_find("decommission-window", NULL);
	mixed[3].severity = DL_SEV_INFO;
	mixed[3].status = DL_FAIL;
	mixed[3].subject = "a&b.example.com. TXT";
	mixed[3].message = "text \"<x>\" & 'y'\x01\tz";
	mixed[3].hint = "two\nlines";
	mixed[3].wait_until = T_NOW + 600;
	mixed[3].pos.line = 12;
	mixed[3].pos.column = 1;
	mixed[3].file = "zones/new zone#1.zone";
	mixed[4].rule = dl_rule_find("live-matches-plan", NULL);
	mixed[4].severity = DL_SEV_ERROR;
	mixed[4].status = DL_PASS;
	mixed[4].subject = "www.example.com. A";
	mixed[4].message = "live data is as the plan states";
	mixed[4].wait_until = DL_NO_TIME;
	mixed[5].rule = dl_rule_find("ns-ttl", NULL);
	mixed[5].severity = DL_SEV_ERROR;
	mixed[5].status = DL_FAIL;
	mixed[5].subject = "example.com. NS";
	mixed[5].message = "TTL 86400 is above 3600";
	mixed[5].wait_until = DL_NO_TIME;
	mixed[5].file = "/srv/dns/example.com.zone";
	mixed[5].pos.line = 7;
	mixed_result = result;
	mixed_result.file = "second.yaml";
	mixed_result.findings = mixed;
	mixed_result.n_findings = 6;
	mixed_result.n_steps = 0;
	memset(mixed_errors, 0, sizeof(mixed_errors));
	dl_error_set(&mixed_errors[0].error, "bad.yaml", 4, 1,
	    "unknown key 'decomission'; did you mean 'decommission'?");
	mixed_errors[0].status = 2;
	memset(rep, 0, sizeof(*rep));
	rep->fail_on = DL_SEV_ERROR;
	rep->now = T_NOW;
	rep->exit_status = 2;
	rep->results = mixed_results;
	rep->n_results = 2;
	rep->errors = mixed_errors;
	rep->n_errors = 1;
}

/* Write the mixed results (build_mixed) in format; returns the bytes. */
static char *
render_mixed(enum dl_format format)
{
	struct dl_report rep;

	build_mixed(&rep);
	rep.format = format;
	return render_report(&rep);
}

/*
 * A small JSON reader: enough to read SARIF back and check its structure.
 * Fails the test on anything that is not JSON (RFC 8259), including
 * duplicate keys in an object.
 */
enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jv {
	int		 type;
	double		 num;		/* J_NUM, J_BOOL */
	char		*str;		/* J_STR */
	struct jv	*items;		/* J_ARR, J_OBJ: the values */
	char		**keys;		/* J_OBJ */
	size_t		 n;
};

static void	j_value(const char **p, struct jv *v);

static void
j_ws(const char **p)
{
	while (**p == ' ' || **p == '\n' || **p == '\t' || **p == '\r')
		(*p)++;
}

static void
j_put_utf8(char **o, unsigned v)
{
	if (v < 0x80)
		*(*o)++ = (char)v;
	else if (v < 0x800) {
		*(*o)++ = (char)(0xc0 | v >> 6);
		*(*o)++ = (char)(0x80 | (v & 0x3f));
	} else {
		*(*o)++ = (char)(0xe0 | v >> 12);
		*(*o)++ = (char)(0x80 | (v >> 6 & 0x3f));
		*(*o)++ = (char)(0x80 | (v & 0x3f));
	}
}

static char *
j_string(const char **p)
{
	const char *s = *p;
	char *buf, *o;
	unsigned v;

	if (*s != '"')
		fail_msg("json: string expected at '%.20s'", s);
	assert_non_null(buf = o = malloc(strlen(s) + 1));
	for (s++; *s != '"'; s++) {
		if (*s == '\0' || (unsigned char)*s < 0x20)
			fail_msg("json: bad character in a string");
		if (*s != '\\') {
			*o++ = *s;
			continue;
		}
		switch (*++s) {
		case '"':
		case '\\':
		case '/':
			*o++ = *s;
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'u':
			if (sscanf(s + 1, "%4x", &v) != 1)
				fail_msg("json: bad \\u escape");
			j_put_utf8(&o, v);
			s += 4;
			break;
		default:
			fail_msg("json: bad escape '\\%c'", *s);
		}
	}
	*o = '\0';
	*p = s + 1;
	return buf;
}

static void
j_append(struct jv *v, char *key, const char **p)
{
	size_t i;

	if (key != NULL)
		for (i = 0; i < v->n; i++)
			if (strcmp(v->keys[i], key) == 0)
				fail_msg("json: duplicate key '%s'", key);
	assert_non_null(v->items = realloc(v->items, (v->n + 1) *
	    sizeof(*v->items)));
	assert_non_null(v->keys = realloc(v->keys, (v->n + 1) *
	    sizeof(*v->keys)));
	v->keys[v->n] = key;
	j_value(p, &v->items[v->n++]);
}

static void
j_value(const char **p, struct jv *v)
{
	char *end, *key;

	memset(v, 0, sizeof(*v));
	j_ws(p);
	if (**p == '{' || **p == '[') {
		char close = **p == '{' ? '}' : ']';

		v->type = **p == '{' ? J_OBJ : J_ARR;
		(*p)++;
		j_ws(p);
		if (**p == close) {
			(*p)++;
			return;
		}
		for (;;) {
			key = NULL;
			if (v->type == J_OBJ) {
				j_ws(p);
				key = j_string(p);
				j_ws(p);
				if (*(*p)++ != ':')
					fail_msg("json: ':' expected");
			}
			j_append(v, key, p);
			j_ws(p);
			if (**p == ',') {
				(*p)++;
				continue;
			}
			if (*(*p)++ != close)
				fail_msg("json: '%c' expected", close);
			return;
		}
	}
	if (**p == '"') {
		v->type = J_STR;
		v->str = j_string(p);
	} else if (strncmp(*p, "true", 4) == 0 || strncmp(*p, "false", 5) == 0) {
		v->type = J_BOOL;
		v->num = **p == 't';
		*p += **p == 't' ? 4 : 5;
	} else if (strncmp(*p, "null", 4) == 0) {
		v->type = J_NULL;
		*p += 4;
	} else {
		v->type = J_NUM;
		v->num = strtod(*p, &end);
		if (end == *p)
			fail_msg("json: value expected at '%.20s'", *p);
		*p = end;
	}
}

static void
j_free(struct jv *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		j_free(&v->items[i]);
		if (v->keys != NULL)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
}

static void
j_parse(const char *text, struct jv *v)
{
	const char *p = text;

	j_value(&p, v);
	j_ws(&p);
	if (*p != '\0')
		fail_msg("json: trailing text '%.20s'", p);
}

/* The member key of obj, of the given type, or fail. */
static struct jv *
j_get(struct jv *obj, const char *key, int type)
{
	size_t i;

	if (obj == NULL || obj->type != J_OBJ)
		fail_msg("json: '%s' looked up in a non-object", key);
	for (i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0) {
			if (obj->items[i].type != type)
				fail_msg("json: '%s' has the wrong type", key);
			return &obj->items[i];
		}
	fail_msg("json: '%s' missing", key);
	return NULL;
}

static const char *
j_str(struct jv *obj, const char *key)
{
	return j_get(obj, key, J_STR)->str;
}

static int
is_level(const char *s)
{
	return strcmp(s, "error") == 0 || strcmp(s, "warning") == 0 ||
	    strcmp(s, "note") == 0 || strcmp(s, "none") == 0;
}

/*
 * What SARIF 2.1.0 requires of a log, and what dnslint promises on top:
 * the rules are the registry's, in its order, ids unique; every result
 * names a rule that is there, at ruleIndex; every result has a location
 * with an artifact URI and a region (line 1 when the finding has none).
 * Returns the number of results.
 */
static size_t
check_sarif(const char *text)
{
	struct jv log, *run, *driver, *rules, *res;
	size_t i, j, n;

	j_parse(text, &log);
	assert_string_equal(j_str(&log, "version"), "2.1.0");
	assert_string_equal(j_str(&log, "$schema"),
	    "https://json.schemastore.org/sarif-2.1.0.json");
	assert_int_equal(j_get(&log, "runs", J_ARR)->n, 1);
	run = &j_get(&log, "runs", J_ARR)->items[0];
	driver = j_get(j_get(run, "tool", J_OBJ), "driver", J_OBJ);
	assert_string_equal(j_str(driver, "name"), "dnslint");
	assert_string_equal(j_str(driver, "version"), DL_VERSION);
	rules = j_get(driver, "rules", J_ARR);
	assert_int_equal(rules->n, dl_rule_count);
	for (i = 0; i < rules->n; i++) {
		struct jv *r = &rules->items[i];

		assert_string_equal(j_str(r, "id"), dl_rules[i]->id);
		for (j = 0; j < i; j++)
			assert_string_not_equal(j_str(r, "id"),
			    j_str(&rules->items[j], "id"));
		assert_string_equal(j_str(j_get(r, "shortDescription", J_OBJ),
		    "text"), dl_rules[i]->summary);
		assert_string_equal(j_str(j_get(r, "help", J_OBJ), "text"),
		    dl_rules[i]->explain);
		assert_true(strlen(j_str(j_get(r, "fullDescription", J_OBJ),
		    "text")) > 0);
		assert_true(is_level(j_str(j_get(r, "defaultConfiguration",
		    J_OBJ), "level")));
	}
	res = j_get(run, "results", J_ARR);
	for (i = 0; i < res->n; i++) {
		struct jv *r = &res->items[i], *loc, *phys, *props;
		const char *id = j_str(r, "ruleId");
		size_t index = (size_t)j_get(r, "ruleIndex", J_NUM)->num;

		assert_true(index < rules->n);
		assert_string_equal(j_str(&rules->items[index], "id"), id);
		assert_true(is_level(j_str(r, "level")));
		assert_true(strlen(j_str(j_get(r, "message", J_OBJ),
		    "text")) > 0);
		n = j_get(r, "locations", J_ARR)->n;
		assert_int_equal(n, 1);
		loc = &j_get(r, "locations", J_ARR)->items[0];
		phys = j_get(loc, "physicalLocation", J_OBJ);
		assert_true(strlen(j_str(j_get(phys, "artifactLocation",
		    J_OBJ), "uri")) > 0);
		props = j_get(r, "properties", J_OBJ);
		assert_true(strcmp(j_str(props, "status"), "fail") == 0 ||
		    strcmp(j_str(props, "status"), "unknown") == 0);
		assert_true(j_get(j_get(phys, "region", J_OBJ),
		    "startLine", J_NUM)->num >= 1);
	}
	n = res->n;
	assert_true(j_get(&j_get(run, "invocations", J_ARR)->items[0],
	    "executionSuccessful", J_BOOL) != NULL);
	j_free(&log);
	return n;
}

/* A JSON string as the formatter writes it, for the expected bytes. */
static void
t_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '\t')
			fputs("\\t", f);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* The expected SARIF for the hand-built result, rules from the registry. */
static char *
expected_sarif(void)
{
	char *buf = NULL, *para;
	size_t len = 0, i, j, index;
	FILE *f;

	assert_non_null(f = open_memstream(&buf, &len));
	fputs("{\n"
	    "  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	    "  \"version\": \"2.1.0\",\n"
	    "  \"runs\": [\n"
	    "    {\n"
	    "      \"tool\": {\n"
	    "        \"driver\": {\n"
	    "          \"name\": \"dnslint\",\n"
	    "          \"version\": \"" DL_VERSION "\",\n"
	    "          \"rules\": [\n", f);
	for (i = 0; i < dl_rule_count; i++) {
		const struct dl_rule *r = dl_rules[i];
		static const char *const level[] = { "none", "note",
		    "warning", "error" };

		fputs("            {\n              \"id\": ", f);
		t_json_str(f, r->id);
		fputs(",\n              \"shortDescription\": { \"text\": ", f);
		t_json_str(f, r->summary);
		fputs(" },\n              \"fullDescription\": { \"text\": ", f);
		para = strdup(r->explain);
		assert_non_null(para);
		if (strstr(para, "\n\n") != NULL)
			*strstr(para, "\n\n") = '\0';
		for (j = 0; para[j] != '\0'; j++)
			if (para[j] == '\n')
				para[j] = ' ';
		t_json_str(f, para);
		free(para);
		fputs(" },\n              \"help\": { \"text\": ", f);
		t_json_str(f, r->explain);
		fprintf(f, " },\n              \"defaultConfiguration\": "
		    "{ \"level\": \"%s\" }\n            }%s\n",
		    level[r->severity], i + 1 < dl_rule_count ? "," : "");
	}
	assert_non_null(dl_rule_find("ttl-lowered", &index));
	fprintf(f, "          ]\n"
	    "        }\n"
	    "      },\n"
	    "      \"columnKind\": \"unicodeCodePoints\",\n"
	    "      \"results\": [\n"
	    "        {\n"
	    "          \"ruleId\": \"ttl-lowered\",\n"
	    "          \"ruleIndex\": %zu,\n"
	    "          \"level\": \"error\",\n"
	    "          \"message\": { \"text\": \"www.example.com. A: live TTL "
	    "86400 is above 300: publish TTL 300 now; safe to cut over from "
	    "2026-11-23 12:00Z (in 1d)\" },\n"
	    "          \"locations\": [\n"
	    "            {\n"
	    "              \"physicalLocation\": {\n"
	    "                \"artifactLocation\": { \"uri\": \"change.yaml\" },\n"
	    "                \"region\": { \"startLine\": 6, \"startColumn\": 5 }\n"
	    "              }\n"
	    "            }\n"
	    "          ],\n"
	    "          \"properties\": {\n"
	    "            \"status\": \"fail\",\n"
	    "            \"severity\": \"error\",\n"
	    "            \"subject\": \"www.example.com. A\",\n"
	    "            \"wait_until\": \"2026-11-23T12:00:00Z\",\n"
	    "            \"plan\": \"change.yaml\",\n"
	    "            \"zone\": \"example.com.\"\n"
	    "          }\n"
	    "        }\n"
	    "      ],\n"
	    "      \"invocations\": [\n"
	    "        {\n"
	    "          \"executionSuccessful\": true,\n"
	    "          \"exitCode\": 1\n"
	    "        }\n"
	    "      ],\n"
	    "      \"properties\": {\n"
	    "        \"now\": \"2026-11-22T12:00:00Z\"\n"
	    "      }\n"
	    "    }\n"
	    "  ]\n"
	    "}\n", index);
	fclose(f);
	return buf;
}

static void
test_dl_report_write_sarif_exact(void **state)
{
	char *out = render(DL_FORMAT_SARIF, 1), *want = expected_sarif();

	(void)state;
	assert_string_equal(out, want);
	assert_int_equal(check_sarif(out), 1);
	free(want);
	free(out);
}

static void
test_dl_report_write_sarif_every_status(void **state)
{
	size_t idx;
	char *out, want[256];

	(void)state;
	out = render_mixed(DL_FORMAT_SARIF);
	/* ttl-lowered of the first plan; warning, unknown, info, ns-ttl of
	   the second; no pass, no skip. */
	assert_int_equal(check_sarif(out), 5);
	assert_non_null(dl_rule_find("ns-multi-provider", &idx));
	snprintf(want, sizeof(want), "\"ruleId\": \"ns-multi-provider\",\n"
	    "          \"ruleIndex\": %zu,\n"
	    "          \"level\": \"warning\",\n", idx);
	assert_non_null(strstr(out, want));
	/* No line: the file's first line (GitHub places a result only by
	   its region). */
	assert_non_null(strstr(out, "\"artifactLocation\": { \"uri\": "
	    "\"second.yaml\" },\n                \"region\": { \"startLine\": "
	    "1 }\n              }\n"));
	/* Unknown is a warning whatever the severity; line without column. */
	assert_non_null(strstr(out, "\"level\": \"warning\",\n"
	    "          \"message\": { \"text\": \"www.example.com. A: no server "
	    "answered\" },\n"));
	assert_non_null(strstr(out, "\"region\": { \"startLine\": 3 }\n"));
	assert_non_null(strstr(out, "\"status\": \"unknown\",\n"
	    "            \"severity\": \"error\",\n"));
	/* Info is a note; the place is in another file, percent-encoded. */
	assert_non_null(strstr(out, "\"level\": \"note\",\n"
	    "          \"message\": { \"text\": \"a&b.example.com. TXT: text "
	    "\\\"<x>\\\" & 'y'\\u0001\\tz; two\\nlines\" },\n"));
	assert_non_null(strstr(out, "{ \"uri\": \"zones/new%20zone%231.zone\" "
	    "},\n                \"region\": { \"startLine\": 12, "
	    "\"startColumn\": 1 }\n"));
	assert_non_null(strstr(out, "{ \"uri\": "
	    "\"file:///srv/dns/example.com.zone\" },\n"));
	assert_non_null(strstr(out, "\"plan\": \"second.yaml\",\n"));
	/* The plan that could not be checked. */
	assert_non_null(strstr(out,
	    "          \"executionSuccessful\": false,\n"
	    "          \"exitCode\": 2,\n"
	    "          \"toolExecutionNotifications\": [\n"
	    "            {\n"
	    "              \"level\": \"error\",\n"
	    "              \"message\": { \"text\": \"unknown key 'decomission'; "
	    "did you mean 'decommission'?\" },\n"
	    "              \"locations\": [\n"
	    "                {\n"
	    "                  \"physicalLocation\": {\n"
	    "                    \"artifactLocation\": { \"uri\": \"bad.yaml\" },\n"
	    "                    \"region\": { \"startLine\": 4, "
	    "\"startColumn\": 1 }\n"
	    "                  }\n"
	    "                }\n"
	    "              ],\n"
	    "              \"properties\": { \"exit_status\": 2 }\n"
	    "            }\n"
	    "          ]\n"
	    "        }\n"
	    "      ],\n"));
	assert_null(strstr(out, "live-matches-plan\",\n          \"ruleIndex"));
	assert_null(strstr(out, "\"ruleId\": \"ns-serves-zone\""));
	free(out);
}

/*
 * A small XML checker: well-formed XML 1.0 for what a JUnit report uses
 * (a declaration, elements, attributes in double or single quotes,
 * character data, the five entities and character references), valid
 * UTF-8, no character XML cannot hold; and the JUnit counts: every
 * testsuite's tests, failures, errors and skipped attributes equal what
 * its testcases hold, and the testsuites root's equal the sums.
 */
struct xml_counts {
	long	tests, failures, errors, skipped;
};

static void
xml_check_text(const char *s, size_t n)
{
	size_t i, k;
	unsigned long v;
	char *end;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			fail_msg("xml: control character 0x%02x", c);
		if (c == '<')
			fail_msg("xml: '<' in character data");
		if (c >= 0x80) {
			k = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : 0;
			if (k == 0 || c > 0xf4)
				fail_msg("xml: bad UTF-8");
			for (; k > 0; k--)
				if (++i >= n || ((unsigned char)s[i] & 0xc0) !=
				    0x80)
					fail_msg("xml: bad UTF-8");
			continue;
		}
		if (c != '&')
			continue;
		if (strncmp(s + i, "&amp;", 5) == 0 ||
		    strncmp(s + i, "&lt;", 4) == 0 ||
		    strncmp(s + i, "&gt;", 4) == 0 ||
		    strncmp(s + i, "&quot;", 6) == 0 ||
		    strncmp(s + i, "&apos;", 6) == 0)
			continue;
		if (s[i + 1] != '#')
			fail_msg("xml: unknown entity at '%.10s'", s + i);
		v = s[i + 2] == 'x' ? strtoul(s + i + 3, &end, 16) :
		    strtoul(s + i + 2, &end, 10);
		if (*end != ';' || (v < 0x20 && v != 9 && v != 10 && v != 13))
			fail_msg("xml: bad character reference");
	}
}

static int
xml_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
	    c == ':';
}

/* Check doc; returns the number of testcase elements. */
static long
check_junit(const char *doc)
{
	const char *p = doc, *names[16];
	size_t nlen[16], depth = 0;
	struct xml_counts want[16], got[16], sum;
	int roots = 0;
	long testcases = 0;

	memset(&sum, 0, sizeof(sum));
	if (strncmp(p, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39) != 0)
		fail_msg("xml: no declaration");
	p += 39;
	for (;;) {
		const char *lt = strchr(p, '<');
		size_t n;

		if (lt == NULL) {
			xml_check_text(p, strlen(p));
			for (; *p != '\0'; p++)
				if (*p != ' ' && *p != '\n')
					fail_msg("xml: text after the root");
			break;
		}
		xml_check_text(p, (size_t)(lt - p));
		if (depth == 0)
			for (; p < lt; p++)
				if (*p != ' ' && *p != '\n')
					fail_msg("xml: text outside the root");
		p = lt + 1;
		if (*p == '/') {
			for (n = 0; xml_name_char(p[1 + n]); n++)
				;
			if (depth == 0 || n != nlen[depth - 1] ||
			    strncmp(p + 1, names[depth - 1], n) != 0 ||
			    p[1 + n] != '>')
				fail_msg("xml: unbalanced </%.*s>", (int)n, p + 1);
			p += n + 2;
			depth--;
		} else {
			const char *attr[16];
			size_t alen[16], na = 0, i;
			int self;

			for (n = 0; xml_name_char(p[n]); n++)
				;
			if (n == 0 || depth >= 16)
				fail_msg("xml: bad element at '%.10s'", p);
			if (depth == 0 && roots++ > 0)
				fail_msg("xml: more than one root");
			names[depth] = p;
			nlen[depth] = n;
			memset(&want[depth], 0, sizeof(want[depth]));
			memset(&got[depth], 0, sizeof(got[depth]));
			p += n;
			for (;;) {
				const char *q;
				char quote;
				long *slot = NULL;

				while (*p == ' ')
					p++;
				if (*p == '>' || (p[0] == '/' && p[1] == '>'))
					break;
				for (n = 0; xml_name_char(p[n]); n++)
					;
				if (n == 0 || p[n] != '=' || (p[n + 1] != '"' &&
				    p[n + 1] != '\''))
					fail_msg("xml: bad attribute at '%.10s'", p);
				for (i = 0; i < na; i++)
					if (alen[i] == n &&
					    strncmp(attr[i], p, n) == 0)
						fail_msg("xml: duplicate attribute");
				if (na == 16)
					fail_msg("xml: too many attributes");
				attr[na] = p;
				alen[na++] = n;
				if (n == 5 && strncmp(p, "tests", 5) == 0)
					slot = &want[depth].tests;
				else if (n == 8 && strncmp(p, "failures", 8) == 0)
					slot = &want[depth].failures;
				else if (n == 6 && strncmp(p, "errors", 6) == 0)
					slot = &want[depth].errors;
				else if (n == 7 && strncmp(p, "skipped", 7) == 0)
					slot = &want[depth].skipped;
				/* What Jenkins's junit-10.xsd does not allow. */
				if (nlen[depth] == 10 && strncmp(names[depth],
				    "testsuites", 10) == 0 && slot ==
				    &want[depth].skipped)
					fail_msg("xml: skipped on testsuites");
				if (nlen[depth] == 8 && strncmp(names[depth],
				    "testcase", 8) == 0 && ((n == 4 &&
				    strncmp(p, "file", 4) == 0) || (n == 4 &&
				    strncmp(p, "line", 4) == 0)))
					fail_msg("xml: %.4s on a testcase", p);
				quote = p[n + 1];
				p += n + 2;
				if ((q = strchr(p, quote)) == NULL)
					fail_msg("xml: unterminated attribute");
				xml_check_text(p, (size_t)(q - p));
				if (slot != NULL)
					*slot = strtol(p, NULL, 10);
				p = q + 1;
				if (*p != ' ' && *p != '>' && *p != '/')
					fail_msg("xml: no space between "
					    "attributes");
			}
			self = *p == '/';
			p += self ? 2 : 1;
			depth++;
			/* JUnit: what this element adds to its suite. */
			if (nlen[depth - 1] == 8 &&
			    strncmp(names[depth - 1], "testcase", 8) == 0) {
				testcases++;
				assert_true(depth >= 2);
				got[depth - 2].tests++;
			} else if (depth >= 3 && strncmp(names[depth - 2],
			    "testcase", 8) == 0) {
				struct xml_counts *c = &got[depth - 3];

				if (nlen[depth - 1] == 7 &&
				    strncmp(names[depth - 1], "failure", 7) == 0)
					c->failures++;
				else if (nlen[depth - 1] == 5 &&
				    strncmp(names[depth - 1], "error", 5) == 0)
					c->errors++;
				else if (nlen[depth - 1] == 7 &&
				    strncmp(names[depth - 1], "skipped", 7) == 0)
					c->skipped++;
			}
			if (self)
				depth--;
			else
				continue;
		}
		/* An element closed at depth: check a suite's counts. */
		if (nlen[depth] == 9 && strncmp(names[depth], "testsuite",
		    9) == 0) {
			assert_int_equal(got[depth].tests, want[depth].tests);
			assert_int_equal(got[depth].failures,
			    want[depth].failures);
			assert_int_equal(got[depth].errors, want[depth].errors);
			assert_int_equal(got[depth].skipped,
			    want[depth].skipped);
			sum.tests += got[depth].tests;
			sum.failures += got[depth].failures;
			sum.errors += got[depth].errors;
			sum.skipped += got[depth].skipped;
		} else if (nlen[depth] == 10 && strncmp(names[depth],
		    "testsuites", 10) == 0) {
			assert_int_equal(sum.tests, want[depth].tests);
			assert_int_equal(sum.failures, want[depth].failures);
			assert_int_equal(sum.errors, want[depth].errors);
		}
	}
	if (depth != 0 || roots != 1)
		fail_msg("xml: unclosed elements or no root");
	return testcases;
}

static void
test_dl_report_write_junit_exact(void **state)
{
	char *out = render(DL_FORMAT_JUNIT, 1);

	(void)state;
	assert_string_equal(out,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"dnslint\" tests=\"2\" failures=\"1\" "
	    "errors=\"0\">\n"
	    "  <testsuite name=\"change.yaml\" file=\"change.yaml\" "
	    "tests=\"2\" failures=\"1\" "
	    "errors=\"0\" skipped=\"0\">\n"
	    "    <properties>\n"
	    "      <property name=\"zone\" value=\"example.com.\"/>\n"
	    "      <property name=\"now\" value=\"2026-11-22T12:00:00Z\"/>\n"
	    "      <property name=\"cutover\" value=\"2026-12-01T10:00:00Z\"/>\n"
	    "      <property name=\"live\" value=\"zone file live.zone\"/>\n"
	    "    </properties>\n"
	    "    <testcase classname=\"ttl-lowered\" "
	    "name=\"www.example.com. A\">\n"
	    "      <failure message=\"live TTL 86400 is above 300: publish TTL "
	    "300 now\" type=\"error\">change.yaml:6:5: error: www.example.com. "
	    "A: live TTL 86400 is above 300: publish TTL 300 now (safe from "
	    "2026-11-23T12:00:00Z) [ttl-lowered]\n"
	    "safe to cut over from 2026-11-23 12:00Z (in 1d)</failure>\n"
	    "    </testcase>\n"
	    "    <testcase classname=\"ns-ttl\" name=\"example.com. NS\"/>\n"
	    "  </testsuite>\n"
	    "</testsuites>\n");
	assert_int_equal(check_junit(out), 2);
	free(out);
}

static void
test_dl_report_write_junit_every_status(void **state)
{
	char *out;

	(void)state;
	out = render_mixed(DL_FORMAT_JUNIT);
	assert_string_equal(out,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"dnslint\" tests=\"9\" failures=\"4\" "
	    "errors=\"2\">\n"
	    "  <testsuite name=\"change.yaml\" file=\"change.yaml\" "
	    "tests=\"2\" failures=\"1\" "
	    "errors=\"0\" skipped=\"0\">\n"
	    "    <properties>\n"
	    "      <property name=\"zone\" value=\"example.com.\"/>\n"
	    "      <property name=\"now\" value=\"2026-11-22T12:00:00Z\"/>\n"
	    "      <property name=\"cutover\" value=\"2026-12-01T10:00:00Z\"/>\n"
	    "      <property name=\"live\" value=\"zone file live.zone\"/>\n"
	    "    </properties>\n"
	    "    <testcase classname=\"ttl-lowered\" "
	    "name=\"www.example.com. A\">\n"
	    "      <failure message=\"live TTL 86400 is above 300: publish TTL "
	    "300 now\" type=\"error\">change.yaml:6:5: error: www.example.com. "
	    "A: live TTL 86400 is above 300: publish TTL 300 now (safe from "
	    "2026-11-23T12:00:00Z) [ttl-lowered]\n"
	    "safe to cut over from 2026-11-23 12:00Z (in 1d)</failure>\n"
	    "    </testcase>\n"
	    "    <testcase classname=\"ns-ttl\" name=\"example.com. NS\"/>\n"
	    "  </testsuite>\n"
	    "  <testsuite name=\"second.yaml\" file=\"second.yaml\" "
	    "tests=\"6\" failures=\"3\" errors=\"1\" skipped=\"1\">\n"
	    "    <properties>\n"
	    "      <property name=\"zone\" value=\"example.com.\"/>\n"
	    "      <property name=\"now\" value=\"2026-11-22T12:00:00Z\"/>\n"
	    "      <property name=\"cutover\" value=\"2026-12-01T10:00:00Z\"/>\n"
	    "      <property name=\"live\" value=\"zone file live.zone\"/>\n"
	    "    </properties>\n"
	    "    <testcase classname=\"ns-multi-provider\" "
	    "name=\"example.com. NS\">\n"
	    "      <failure message=\"all 2 nameservers are at one provider "
	    "(Dyn)\" type=\"warning\">second.yaml: warning: example.com. NS: "
	    "all 2 nameservers are at one provider (Dyn) [ns-multi-provider]\n"
	    "add nameservers at a second provider</failure>\n"
	    "    </testcase>\n"
	    "    <testcase classname=\"ns-consistency\" "
	    "name=\"www.example.com. A\">\n"
	    "      <error message=\"no server answered\" type=\"unknown\">"
	    "second.yaml:3: unknown: www.example.com. A: no server answered "
	    "[ns-consistency]</error>\n"
	    "    </testcase>\n"
	    "    <testcase classname=\"ns-serves-zone\" "
	    "name=\"example.com.\">\n"
	    "      <skipped message=\"needs the nameservers, not a zone "
	    "file\"/>\n"
	    "    </testcase>\n"
	    "    <testcase classname=\"decommission-window\" "
	    "name=\"a&amp;b.example.com. TXT\">\n"
	    "      <failure message=\"text &quot;&lt;x&gt;&quot; &amp; "
	    "&apos;y&apos;\\x01&#9;z\" type=\"info\">"
	    "zones/new zone#1.zone:12:1: info: "
	    "a&amp;b.example.com. TXT: text &quot;&lt;x&gt;&quot; &amp; "
	    "&apos;y&apos;\\x01\tz (safe from 2026-11-22T12:10:00Z) "
	    "[decommission-window]\n"
	    "two\n"
	    "lines</failure>\n"
	    "    </testcase>\n"
	    "    <testcase classname=\"live-matches-plan\" "
	    "name=\"www.example.com. A\"/>\n"
	    "    <testcase classname=\"ns-ttl\" name=\"example.com. NS\">\n"
	    "      <failure message=\"TTL 86400 is above 3600\" type=\"error\">"
	    "/srv/dns/example.com.zone:7: error: example.com. NS: TTL 86400 "
	    "is above 3600 [ns-ttl]</failure>\n"
	    "    </testcase>\n"
	    "  </testsuite>\n"
	    "  <testsuite name=\"bad.yaml\" tests=\"1\" failures=\"0\" "
	    "errors=\"1\" skipped=\"0\">\n"
	    "    <testcase classname=\"dnslint\" name=\"load\">\n"
	    "      <error message=\"unknown key &apos;decomission&apos;; did you "
	    "mean &apos;decommission&apos;?\" type=\"invalid-input\">"
	    "bad.yaml:4:1: unknown key &apos;decomission&apos;; did you mean "
	    "&apos;decommission&apos;?</error>\n"
	    "    </testcase>\n"
	    "  </testsuite>\n"
	    "</testsuites>\n");
	assert_int_equal(check_junit(out), 9);
	free(out);
}

/* Attributes keep tabs and newlines; bytes XML cannot hold become \xNN. */
static void
test_dl_report_write_junit_escapes_attributes(void **state)
{
	char *out;

	(void)state;
	findings[0].message = "a\tb\nc\rd\x1f" "e\xff" "f\xc3\xa9";
	findings[0].subject = "<&>";
	out = render(DL_FORMAT_JUNIT, 1);
	assert_non_null(strstr(out, "name=\"&lt;&amp;&gt;\""));
	assert_non_null(strstr(out, "<failure message=\"a&#9;b&#10;c&#13;d"
	    "\\x1Fe\\xFFf\xc3\xa9\" type=\"error\">change.yaml:6:5: error: "
	    "&lt;&amp;&gt;: a\tb\nc&#13;d\\x1Fe\\xFFf\xc3\xa9 (safe from "));
	assert_int_equal(check_junit(out), 2);
	free(out);
}

/* The checkers themselves catch what they are there to catch. */
static void
test_check_junit_counts(void **state)
{
	(void)state;
	assert_int_equal(check_junit("<?xml version=\"1.0\" "
	    "encoding=\"UTF-8\"?>\n<testsuites tests=\"1\" failures=\"1\" "
	    "errors=\"0\"><testsuite tests=\"1\" failures=\"1\" "
	    "errors=\"0\" skipped=\"0\"><testcase name='a &amp; b'><failure "
	    "message=\"x\">&#10;</failure></testcase></testsuite>"
	    "</testsuites>\n"), 1);
}


static void
test_dl_report_write_github_exact(void **state)
{
	char *out = render(DL_FORMAT_GITHUB, 1);

	(void)state;
	assert_string_equal(out,
	    "::error file=change.yaml,line=6,col=5,title=ttl-lowered::"
	    "www.example.com. A: live TTL 86400 is above 300: publish TTL 300 "
	    "now (safe from 2026-11-23T12:00:00Z)%0Asafe to cut over from "
	    "2026-11-23 12:00Z (in 1d)\n"
	    "::notice::dnslint: 1 failed, 1 passed\n");
	free(out);
}

/*
 * Every status: a warning below --fail-on is ::warning, unknown too, an
 * info failure ::notice, passes and skips nothing; a place in another
 * file names that file; no line, no line or col; a plan that could not
 * be checked is an ::error without a title.
 */
static void
test_dl_report_write_github_every_status(void **state)
{
	char *out;

	(void)state;
	out = render_mixed(DL_FORMAT_GITHUB);
	assert_string_equal(out,
	    "::error file=bad.yaml,line=4,col=1::unknown key 'decomission'; "
	    "did you mean 'decommission'?\n"
	    "::error file=change.yaml,line=6,col=5,title=ttl-lowered::"
	    "www.example.com. A: live TTL 86400 is above 300: publish TTL 300 "
	    "now (safe from 2026-11-23T12:00:00Z)%0Asafe to cut over from "
	    "2026-11-23 12:00Z (in 1d)\n"
	    "::warning file=second.yaml,title=ns-multi-provider::example.com. "
	    "NS: all 2 nameservers are at one provider (Dyn)%0Aadd "
	    "nameservers at a second provider\n"
	    "::warning file=second.yaml,line=3,title=ns-consistency::"
	    "www.example.com. A: no server answered\n"
	    "::notice file=zones/new zone#1.zone,line=12,col=1,"
	    "title=decommission-window::a&b.example.com. TXT: text \"<x>\" & "
	    "'y'\x01\tz (safe from 2026-11-22T12:10:00Z)%0Atwo%0Alines\n"
	    "::error file=/srv/dns/example.com.zone,line=7,title=ns-ttl::"
	    "example.com. NS: TTL 86400 is above 3600\n"
	    "::notice::dnslint: 2 failed, 2 passed, 2 warnings, 1 unknown, "
	    "1 skipped, 1 not checked (invalid input)\n");
	free(out);
}

/*
 * GitHub's escaping: %, CR and LF in the text; in property values (file,
 * title) also ':' and ',', which would end the value.
 */
static void
test_dl_report_write_github_escapes(void **state)
{
	char *out;

	(void)state;
	result.file = "a:b,c%d.yaml";
	findings[0].subject = "x:y,z";
	findings[0].message = "100% of a\r\nb";
	findings[0].hint = NULL;
	findings[0].wait_until = DL_NO_TIME;
	out = render(DL_FORMAT_GITHUB, 1);
	assert_string_equal(out,
	    "::error file=a%3Ab%2Cc%25d.yaml,line=6,col=5,title=ttl-lowered::"
	    "x:y,z: 100%25 of a%0D%0Ab\n"
	    "::notice::dnslint: 1 failed, 1 passed\n");
	free(out);
}

/* dnslint wait's lines: fixable, not fixable, not verified. */
static void
test_dl_report_wait_line_each_kind(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(dl_report_wait_line(&findings[0], T_NOW, buf,
	    sizeof(buf)), "waiting for ttl-lowered www.example.com. A: safe "
	    "from 2026-11-23T12:00:00Z (in 1d)");
	findings[0].wait_until = T_NOW + 86400 - 60;
	assert_string_equal(dl_report_wait_line(&findings[0], T_NOW, buf,
	    sizeof(buf)), "waiting for ttl-lowered www.example.com. A: safe "
	    "from 2026-11-23T11:59:00Z (in 23h 59m)");
	findings[0].wait_until = DL_NO_TIME;
	assert_string_equal(dl_report_wait_line(&findings[0], T_NOW, buf,
	    sizeof(buf)), "waiting cannot fix ttl-lowered www.example.com. A: "
	    "live TTL 86400 is above 300: publish TTL 300 now");
	findings[0].status = DL_UNKNOWN;
	findings[0].message = "no server answered";
	assert_string_equal(dl_report_wait_line(&findings[0], T_NOW, buf,
	    sizeof(buf)), "waiting for ttl-lowered www.example.com. A: not "
	    "verified: no server answered");
	/* Cut to the buffer, never past it. */
	assert_string_equal(dl_report_wait_line(&findings[0], T_NOW, buf, 12),
	    "waiting for");
}

/* Plans not checked: for invalid input, and for a live zone not loaded. */
static void
test_dl_report_summary_not_checked(void **state)
{
	struct dl_report rep;
	struct dl_report_error errs[3];
	char buf[256];

	(void)state;
	memset(&rep, 0, sizeof(rep));
	memset(errs, 0, sizeof(errs));
	errs[0].status = 2;
	errs[1].status = 3;
	errs[2].status = 3;
	rep.fail_on = DL_SEV_ERROR;
	rep.results = results;
	rep.n_results = 1;
	rep.errors = errs;
	rep.n_errors = 3;
	assert_string_equal(dl_report_summary(&rep, buf, sizeof(buf)),
	    "1 failed, 1 passed, 1 not checked (invalid input), 2 not checked "
	    "(live zone not loaded)");
	rep.n_errors = 0;
	assert_string_equal(dl_report_summary(&rep, buf, sizeof(buf)),
	    "1 failed, 1 passed");
}

static void
test_dl_format_parse_names(void **state)
{
	(void)state;
	assert_int_equal(dl_format_parse("text"), DL_FORMAT_TEXT);
	assert_int_equal(dl_format_parse("compact"), DL_FORMAT_COMPACT);
	assert_int_equal(dl_format_parse("markdown"), DL_FORMAT_MARKDOWN);
	assert_int_equal(dl_format_parse("json"), DL_FORMAT_JSON);
	assert_int_equal(dl_format_parse("sarif"), DL_FORMAT_SARIF);
	assert_int_equal(dl_format_parse("junit"), DL_FORMAT_JUNIT);
	assert_int_equal(dl_format_parse("github"), DL_FORMAT_GITHUB);
	assert_int_equal(dl_format_parse("xml"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_dl_report_write_change_in_every_format,
		    setup),
		cmocka_unit_test_setup(test_dl_report_write_json_schema_1,
		    setup),
		cmocka_unit_test_setup(test_dl_report_write_compact_only_failures,
		    setup),
		cmocka_unit_test_setup(test_dl_report_write_compact_warning,
		    setup),
		cmocka_unit_test_setup(
		    test_dl_report_write_text_groups_and_checklist, setup),
		cmocka_unit_test_setup(test_dl_report_write_text_80_columns,
		    setup),
		cmocka_unit_test_setup(
		    test_dl_report_write_markdown_escapes_pipes, setup),
		cmocka_unit_test_setup(test_dl_report_write_sarif_exact, setup),
		cmocka_unit_test_setup(test_dl_report_write_sarif_every_status,
		    setup),
		cmocka_unit_test_setup(test_dl_report_write_junit_exact, setup),
		cmocka_unit_test_setup(test_dl_report_write_junit_every_status,
		    setup),
		cmocka_unit_test_setup(
		    test_dl_report_write_junit_escapes_attributes, setup),
		cmocka_unit_test(test_check_junit_counts),
		cmocka_unit_test_setup(test_dl_report_write_github_exact,
		    setup),
		cmocka_unit_test_setup(
		    test_dl_report_write_github_every_status, setup),
		cmocka_unit_test_setup(test_dl_report_write_github_escapes,
		    setup),
		cmocka_unit_test_setup(test_dl_report_wait_line_each_kind,
		    setup),
		cmocka_unit_test_setup(test_dl_report_summary_not_checked,
		    setup),
		cmocka_unit_test(test_dl_format_parse_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
