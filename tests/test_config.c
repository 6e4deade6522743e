/*
 * test_config.c - the configuration loader and the command-line overrides.
 *
 * This program brings its own rule registry (dl_rules[], dl_rule_count,
 * dl_rule_find(), which keeps rules/registry.o out of the link): the
 * loader is tested against fixed thresholds of every kind, including a
 * percentage and a rule that is off by default, however the real rules
 * change.  The five rules the design names first are mirrored here with
 * their real ids and thresholds.
 *
 * Run from the top of the source tree: fixture paths are relative to it
 * and appear in the expected error lines.
 */
#include <sys/stat.h>

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "corpus.h"
#include "dtime.h"
#include "registry.h"

#define BAD_CONFIGS	"tests/fixtures/bad-configs"
#define CONFIGS		"tests/fixtures/configs"

static const struct dl_threshold th_blast[] = {
	{ "max_update", DL_TH_PERCENT, 30, 0, 100, "share updated" },
	{ "max_delete", DL_TH_PERCENT, 30, 0, 100, "share deleted" },
	{ "min_records", DL_TH_COUNT, 10, 0, 1000000, "smallest zone" },
};
static const struct dl_threshold th_decom[] = {
	{ "factor", DL_TH_COUNT, 2, 1, 100, "TTLs after cutover" },
};
static const struct dl_threshold th_multi[] = {
	{ "min_providers", DL_TH_COUNT, 2, 1, 16, "providers" },
};
static const struct dl_threshold th_nsttl[] = {
	{ "max_ttl", DL_TH_SECONDS, 3600, 1, DL_TTL_MAX, "NS TTL" },
};
static const struct dl_threshold th_lowered[] = {
	{ "max_ttl", DL_TH_SECONDS, 300, 1, DL_TTL_MAX, "lowered TTL" },
};

#define RULE(var, ident, sev, th, n)					\
	static const struct dl_rule var = {				\
		.id = ident, .severity = sev, .summary = ident,		\
		.explain = ident, .thresholds = th, .n_thresholds = n,	\
	}

RULE(r_blast, "blast-radius", DL_SEV_WARNING, th_blast, 3);
RULE(r_decom, "decommission-window", DL_SEV_ERROR, th_decom, 1);
RULE(r_example_off, "example-off", DL_SEV_OFF, NULL, 0);
RULE(r_live, "live-matches-plan", DL_SEV_ERROR, NULL, 0);
RULE(r_multi, "ns-multi-provider", DL_SEV_ERROR, th_multi, 1);
RULE(r_nsttl, "ns-ttl", DL_SEV_ERROR, th_nsttl, 1);
RULE(r_lowered, "ttl-lowered", DL_SEV_ERROR, th_lowered, 1);

const struct dl_rule *const dl_rules[] = {
	&r_blast, &r_decom, &r_example_off, &r_live, &r_multi, &r_nsttl,
	&r_lowered,
};
const size_t dl_rule_count = sizeof(dl_rules) / sizeof(dl_rules[0]);

enum {
	I_BLAST, I_DECOM, I_EXAMPLE_OFF, I_LIVE, I_MULTI, I_NSTTL, I_LOWERED
};

const struct dl_rule *
dl_rule_find(const char *id, size_t *index)
{
	size_t i;

	for (i = 0; i < dl_rule_count; i++)
		if (strcmp(dl_rules[i]->id, id) == 0) {
			if (index != NULL)
				*index = i;
			return dl_rules[i];
		}
	return NULL;
}

static struct dl_config *
load_ok(const char *path)
{
	struct dl_config *cfg = NULL;
	struct dl_error err;
	char msg[1600];

	memset(&err, 0, sizeof(err));
	if (dl_config_load(path, &cfg, &err) != 0)
		fail_msg("%s", dl_error_format(&err, msg, sizeof(msg)));
	assert_non_null(cfg);
	return cfg;
}

static void
test_dl_config_default_values(void **state)
{
	struct dl_config *cfg;

	(void)state;
	assert_non_null(cfg = dl_config_default());
	assert_null(cfg->file);
	assert_int_equal(cfg->n_providers, 0);
	assert_int_equal(cfg->parent_ns_ttl, 172800);
	assert_int_equal(cfg->rules[I_LOWERED].severity, DL_SEV_ERROR);
	assert_int_equal(cfg->rules[I_LOWERED].value[0], 300);
	assert_int_equal(cfg->rules[I_BLAST].severity, DL_SEV_WARNING);
	assert_int_equal(cfg->rules[I_BLAST].value[0], 30);
	assert_int_equal(cfg->rules[I_BLAST].value[1], 30);
	assert_int_equal(cfg->rules[I_BLAST].value[2], 10);
	assert_int_equal(cfg->rules[I_EXAMPLE_OFF].severity, DL_SEV_OFF);
	assert_ptr_equal(dl_config_rule(cfg, I_NSTTL), &cfg->rules[I_NSTTL]);
	assert_int_equal(dl_config_rule(cfg, I_NSTTL)->value[0], 3600);
	assert_null(dl_config_rule(cfg, dl_rule_count));
	dl_config_free(cfg);
	dl_config_free(NULL);
}

static void
test_dl_config_load_design_example(void **state)
{
	struct dl_config *cfg;

	(void)state;
	cfg = load_ok(CONFIGS "/design-example.yaml");
	assert_string_equal(cfg->file, CONFIGS "/design-example.yaml");
	assert_int_equal(cfg->rules[I_LOWERED].severity, DL_SEV_ERROR);
	assert_int_equal(cfg->rules[I_LOWERED].value[0], 300);
	assert_int_equal(cfg->rules[I_DECOM].value[0], 2);
	assert_int_equal(cfg->rules[I_MULTI].value[0], 2);
	assert_int_equal(cfg->rules[I_NSTTL].value[0], 3600);
	assert_int_equal(cfg->n_providers, 1);
	assert_string_equal(cfg->providers[0].name, "Example Corp in-house");
	assert_int_equal(cfg->providers[0].n_match, 1);
	assert_string_equal(cfg->providers[0].match[0], "*.ns.example.net.");
	assert_int_equal(cfg->parent_ns_ttl, 172800);
	dl_config_free(cfg);
}

static void
test_dl_config_load_every_kind(void **state)
{
	struct dl_config *cfg;

	(void)state;
	cfg = load_ok(CONFIGS "/tuned.yaml");
	assert_int_equal(cfg->rules[I_LOWERED].severity, DL_SEV_WARNING);
	assert_int_equal(cfg->rules[I_LOWERED].value[0], 600);
	assert_int_equal(cfg->rules[I_BLAST].severity, DL_SEV_WARNING);
	assert_int_equal(cfg->rules[I_BLAST].value[0], 25);
	assert_int_equal(cfg->rules[I_BLAST].value[1], 10);
	assert_int_equal(cfg->rules[I_BLAST].value[2], 50);
	assert_int_equal(cfg->rules[I_LIVE].severity, DL_SEV_OFF);
	/* Untouched rules keep their defaults. */
	assert_int_equal(cfg->rules[I_NSTTL].severity, DL_SEV_ERROR);
	assert_int_equal(cfg->rules[I_NSTTL].value[0], 3600);
	assert_int_equal(cfg->n_providers, 2);
	assert_string_equal(cfg->providers[0].name, "Hosting Co");
	assert_int_equal(cfg->providers[0].n_match, 2);
	assert_string_equal(cfg->providers[0].match[0],
	    "*.ns.hosting.example.");
	assert_string_equal(cfg->providers[0].match[1],
	    "dns*.hosting.example.net.");
	assert_int_equal(cfg->providers[1].n_match, 1);
	assert_string_equal(cfg->providers[1].match[0], "ns.other.example.");
	assert_int_equal(cfg->parent_ns_ttl, 2 * 86400);
	dl_config_free(cfg);
}

static void
test_dl_config_load_buffer_empty(void **state)
{
	static const char *const texts[] = { "", "# only a comment\n",
	    "---\n", "rules: {}\nproviders: []\n" };
	struct dl_config *cfg;
	struct dl_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		cfg = NULL;
		assert_int_equal(dl_config_load_buffer("e.yaml", texts[i],
		    strlen(texts[i]), &cfg, &err), 0);
		assert_string_equal(cfg->file, "e.yaml");
		assert_int_equal(cfg->n_providers, 0);
		assert_int_equal(cfg->rules[I_LOWERED].value[0], 300);
		assert_int_equal(cfg->parent_ns_ttl, DL_PARENT_NS_TTL);
		dl_config_free(cfg);
	}
}

/* parent_ds_ttl: 86400 by default, a duration when given. */
static void
test_dl_config_load_parent_ds_ttl(void **state)
{
	static const char text[] = "parent_ds_ttl: 1h\n";
	static const char bad[] = "parent_ds_ttl: soon\n";
	struct dl_config *cfg = NULL;
	struct dl_error err;
	char msg[600];

	(void)state;
	assert_non_null(cfg = dl_config_default());
	assert_int_equal(cfg->parent_ds_ttl, 86400);
	dl_config_free(cfg);
	cfg = NULL;
	assert_int_equal(dl_config_load_buffer("c.yaml", text, strlen(text),
	    &cfg, &err), 0);
	assert_int_equal(cfg->parent_ds_ttl, 3600);
	assert_int_equal(cfg->parent_ns_ttl, DL_PARENT_NS_TTL);
	dl_config_free(cfg);
	cfg = NULL;
	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_config_load_buffer("c.yaml", bad, strlen(bad),
	    &cfg, &err), DL_EINPUT);
	assert_null(cfg);
	assert_string_equal(dl_error_format(&err, msg, sizeof(msg)),
	    "c.yaml:1:16: 'parent_ds_ttl' must be a number of seconds or a "
	    "duration like 5m, got 'soon'");
}

static void
test_dl_config_load_bounds(void **state)
{
	static const char *const ok[] = {
		"rules: {blast-radius: {max_update: 0%, max_delete: 100}}\n",
		"rules: {ttl-lowered: {max_ttl: 1}}\n",
		"rules: {ttl-lowered: {max_ttl: 2147483647}}\n",
		"rules: {ns-multi-provider: {min_providers: 16}}\n",
		"parent_ns_ttl: 0\n",
	};
	struct dl_config *cfg;
	struct dl_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		cfg = NULL;
		assert_int_equal(dl_config_load_buffer("b.yaml", ok[i],
		    strlen(ok[i]), &cfg, &err), 0);
		dl_config_free(cfg);
	}
	assert_int_equal(dl_config_load_buffer("b.yaml", ok[0],
	    strlen(ok[0]), &cfg, &err), 0);
	assert_int_equal(cfg->rules[I_BLAST].value[0], 0);
	assert_int_equal(cfg->rules[I_BLAST].value[1], 100);
	dl_config_free(cfg);
}

static void
test_dl_config_load_missing_file(void **state)
{
	struct dl_config *cfg = NULL;
	struct dl_error err;
	char msg[1600];

	(void)state;
	assert_int_equal(dl_config_load("tests/fixtures/no-such.yaml", &cfg,
	    &err), DL_EIO);
	assert_null(cfg);
	assert_string_equal(dl_error_format(&err, msg, sizeof(msg)),
	    "tests/fixtures/no-such.yaml: cannot read: "
	    "No such file or directory");
}

static void
test_dl_config_load_fifo(void **state)
{
	char dir[] = "/tmp/dnslint-test-XXXXXX", path[64];
	struct dl_config *cfg = NULL;
	struct dl_error err;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/.dnslint.yaml", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(dl_config_load(path, &cfg, &err), DL_EIO);
	assert_null(cfg);
	assert_string_equal(err.message,
	    "cannot read: not a regular file (a FIFO)");
	unlink(path);
	rmdir(dir);
}

static int
load_config(const char *path, void *arg, struct dl_error *err)
{
	struct dl_config *cfg = NULL;
	int rc;

	(void)arg;
	if ((rc = dl_config_load(path, &cfg, err)) == 0)
		dl_config_free(cfg);
	return rc;
}

/*
 * Every bad-configs/NAME.yaml fails with the line in NAME.expect.  All
 * cases run; the mismatches are listed together.
 */
static void
test_dl_config_load_bad_corpus(void **state)
{
	(void)state;
	t_corpus_run(BAD_CONFIGS, "yaml", 12, DL_EINPUT, load_config, NULL);
}

static void
test_dl_config_severity_ok(void **state)
{
	struct dl_config *cfg;
	struct dl_error err;

	(void)state;
	assert_non_null(cfg = dl_config_default());
	assert_int_equal(dl_config_severity(cfg, "ns-ttl=warning", &err), 0);
	assert_int_equal(cfg->rules[I_NSTTL].severity, DL_SEV_WARNING);
	assert_int_equal(dl_config_severity(cfg, "ns-ttl=off", &err), 0);
	assert_int_equal(cfg->rules[I_NSTTL].severity, DL_SEV_OFF);
	assert_int_equal(dl_config_severity(cfg, "example-off=info", &err), 0);
	assert_int_equal(cfg->rules[I_EXAMPLE_OFF].severity, DL_SEV_INFO);
	dl_config_free(cfg);
}

static void
test_dl_config_severity_errors(void **state)
{
	struct dl_config *cfg;
	struct dl_error err;

	(void)state;
	assert_non_null(cfg = dl_config_default());
	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_config_severity(cfg, "ttl-lowerd=error", &err),
	    DL_EINPUT);
	assert_string_equal(err.file, "");
	assert_int_equal(err.line, 0);
	assert_string_equal(err.message,
	    "unknown rule 'ttl-lowerd'; did you mean 'ttl-lowered'?");
	assert_int_equal(dl_config_severity(cfg, "ns-ttl=fatal", &err),
	    DL_EINPUT);
	assert_string_equal(err.message, "unknown severity 'fatal'; "
	    "expected error, warning, info or off");
	assert_int_equal(dl_config_severity(cfg, "ns-ttl", &err), DL_EINPUT);
	assert_string_equal(err.message, "bad --severity 'ns-ttl': expected "
	    "RULE=LEVEL like ns-ttl=warning");
	assert_int_equal(dl_config_severity(cfg, "=error", &err), DL_EINPUT);
	assert_string_equal(err.message, "bad --severity '=error': expected "
	    "RULE=LEVEL like ns-ttl=warning");
	assert_int_equal(dl_config_severity(cfg, "what=error", &err),
	    DL_EINPUT);
	assert_string_equal(err.message,
	    "unknown rule 'what'; 'dnslint rules' lists them");
	/* Nothing changed. */
	assert_int_equal(cfg->rules[I_NSTTL].severity, DL_SEV_ERROR);
	dl_config_free(cfg);
}

static void
test_dl_config_enable_disable(void **state)
{
	struct dl_config *cfg;
	struct dl_error err;

	(void)state;
	assert_non_null(cfg = dl_config_default());
	assert_int_equal(dl_config_disable(cfg, "blast-radius", &err), 0);
	assert_int_equal(cfg->rules[I_BLAST].severity, DL_SEV_OFF);
	assert_int_equal(dl_config_enable(cfg, "blast-radius", &err), 0);
	assert_int_equal(cfg->rules[I_BLAST].severity, DL_SEV_WARNING);
	/* Enabling a rule that is on keeps its severity. */
	assert_int_equal(dl_config_severity(cfg, "ns-ttl=info", &err), 0);
	assert_int_equal(dl_config_enable(cfg, "ns-ttl", &err), 0);
	assert_int_equal(cfg->rules[I_NSTTL].severity, DL_SEV_INFO);

	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_config_enable(cfg, "example-off", &err),
	    DL_EINPUT);
	assert_string_equal(err.message, "rule 'example-off' is off by "
	    "default; use --severity example-off=LEVEL to turn it on");
	assert_int_equal(cfg->rules[I_EXAMPLE_OFF].severity, DL_SEV_OFF);
	assert_int_equal(dl_config_disable(cfg, "ns-tll", &err), DL_EINPUT);
	assert_string_equal(err.message,
	    "unknown rule 'ns-tll'; did you mean 'ns-ttl'?");
	assert_int_equal(dl_config_enable(cfg, "ttl-lowerd", &err),
	    DL_EINPUT);
	assert_string_equal(err.message,
	    "unknown rule 'ttl-lowerd'; did you mean 'ttl-lowered'?");
	dl_config_free(cfg);
}

static void
test_dl_severity_parse_name(void **state)
{
	(void)state;
	assert_int_equal(dl_severity_parse("error"), DL_SEV_ERROR);
	assert_int_equal(dl_severity_parse("warning"), DL_SEV_WARNING);
	assert_int_equal(dl_severity_parse("info"), DL_SEV_INFO);
	assert_int_equal(dl_severity_parse("off"), DL_SEV_OFF);
	assert_int_equal(dl_severity_parse("Error"), -1);
	assert_int_equal(dl_severity_parse(""), -1);
	assert_string_equal(dl_severity_name(DL_SEV_ERROR), "error");
	assert_string_equal(dl_severity_name(DL_SEV_WARNING), "warning");
	assert_string_equal(dl_severity_name(DL_SEV_INFO), "info");
	assert_string_equal(dl_severity_name(DL_SEV_OFF), "off");
}

static void
touch(const char *path)
{
	FILE *f;

	assert_non_null(f = fopen(path, "w"));
	fclose(f);
}

static void
test_dl_config_find_walks_up(void **state)
{
	char top[] = "/tmp/dnslint-test-XXXXXX", real[PATH_MAX];
	char a[64], abc[64], cfgpath[96], want[PATH_MAX + 32];
	char *found;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(top));
	assert_non_null(realpath(top, real));
	snprintf(a, sizeof(a), "%s/a", top);
	assert_int_equal(mkdir(a, 0700), 0);
	snprintf(abc, sizeof(abc), "%s/a/b", top);
	assert_int_equal(mkdir(abc, 0700), 0);
	snprintf(abc, sizeof(abc), "%s/a/b/c", top);
	assert_int_equal(mkdir(abc, 0700), 0);

	/* Nothing in the tree: whatever lies above it, never inside. */
	found = dl_config_find(abc);
	if (found != NULL)
		assert_int_equal(strncmp(found, real, strlen(real)) == 0, 0);
	free(found);

	snprintf(cfgpath, sizeof(cfgpath), "%s/.dnslint.yaml", a);
	touch(cfgpath);
	found = dl_config_find(abc);
	snprintf(want, sizeof(want), "%s/a/.dnslint.yaml", real);
	assert_non_null(found);
	assert_string_equal(found, want);
	free(found);

	/* In the folder itself: the path as given. */
	found = dl_config_find(a);
	assert_non_null(found);
	assert_string_equal(found, cfgpath);
	free(found);

	unlink(cfgpath);
	snprintf(abc, sizeof(abc), "%s/a/b/c", top);
	rmdir(abc);
	snprintf(abc, sizeof(abc), "%s/a/b", top);
	rmdir(abc);
	rmdir(a);
	rmdir(top);
	assert_int_equal(stat(top, &st), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dl_config_default_values),
		cmocka_unit_test(test_dl_config_load_design_example),
		cmocka_unit_test(test_dl_config_load_every_kind),
		cmocka_unit_test(test_dl_config_load_buffer_empty),
		cmocka_unit_test(test_dl_config_load_parent_ds_ttl),
		cmocka_unit_test(test_dl_config_load_bounds),
		cmocka_unit_test(test_dl_config_load_missing_file),
		cmocka_unit_test(test_dl_config_load_fifo),
		cmocka_unit_test(test_dl_config_load_bad_corpus),
		cmocka_unit_test(test_dl_config_severity_ok),
		cmocka_unit_test(test_dl_config_severity_errors),
		cmocka_unit_test(test_dl_config_enable_disable),
		cmocka_unit_test(test_dl_severity_parse_name),
		cmocka_unit_test(test_dl_config_find_walks_up),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
