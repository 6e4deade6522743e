/*
 * helpers.h - shared set-up for the unit tests: a plan from a string, a
 * zone from a string, the engine run over both.  Each test program
 * includes it once.
 */
#ifndef DL_TEST_HELPERS_H
#define DL_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "dtime.h"
#include "engine.h"
#include "plan.h"
#include "registry.h"
#include "zone.h"

/* 2026-11-22T12:00:00Z, the tests' "now". */
#define T_NOW	((int64_t)1795348800)

static inline int64_t
t_time(const char *s)
{
	int64_t t;

	assert_int_equal(dl_time_parse(s, T_NOW, &t), 0);
	return t;
}

static inline struct dl_plan *
t_plan(const char *yaml)
{
	struct dl_plan *p = NULL;
	struct dl_error err;

	memset(&err, 0, sizeof(err));
	if (dl_plan_load_buffer("plan.yaml", ".", yaml, strlen(yaml), T_NOW,
	    &p, &err) != 0)
		fail_msg("plan: %s:%u:%u: %s", err.file, err.line, err.column,
		    err.message);
	return p;
}

/* Load a zone from text through a temporary file; whole zone kept. */
static inline struct dl_zone *
t_zone(const char *origin, const char *text)
{
	char path[] = "/tmp/dnslint-test-XXXXXX";
	struct dl_zone *z = NULL;
	struct dl_error err;
	int fd;

	memset(&err, 0, sizeof(err));
	assert_true((fd = mkstemp(path)) >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	if (dl_zone_load_file(path, origin, NULL, &z, &err) != 0)
		fail_msg("zone: %s:%u: %s", err.file, err.line, err.message);
	unlink(path);
	return z;
}

/* Run the engine with the default configuration (cfg NULL) or cfg. */
static inline struct dl_result *
t_run(const struct dl_plan *p, const struct dl_zone *z,
    const struct dl_config *cfg, int64_t now)
{
	struct dl_config *def = NULL;
	struct dl_result *r = NULL;

	if (cfg == NULL)
		assert_non_null(cfg = def = dl_config_default());
	assert_int_equal(dl_engine_run(p, z, NULL, "zone-file", "test.zone", cfg,
	    now, p->has_cutover ? p->cutover : now, &r), 0);
	dl_config_free(def);
	return r;
}

/* The n-th finding of rule id (0-based), or fail the test. */
static inline const struct dl_finding *
t_finding(const struct dl_result *r, const char *id, size_t n)
{
	size_t i;

	for (i = 0; i < r->n_findings; i++)
		if (strcmp(r->findings[i].rule->id, id) == 0 && n-- == 0)
			return &r->findings[i];
	fail_msg("no finding %zu of %s", n, id);
	return NULL;
}

/* The step of kind for subject, or NULL. */
static inline const struct dl_step *
t_step_find(const struct dl_result *r, enum dl_step_kind kind,
    const char *subject)
{
	size_t i;

	for (i = 0; i < r->n_steps; i++)
		if (r->steps[i].kind == kind &&
		    strcmp(r->steps[i].subject, subject) == 0)
			return &r->steps[i];
	return NULL;
}

/* The step of kind for subject, or fail the test. */
static inline const struct dl_step *
t_step(const struct dl_result *r, enum dl_step_kind kind, const char *subject)
{
	const struct dl_step *s = t_step_find(r, kind, subject);

	if (s == NULL)
		fail_msg("no step %s for %s", dl_step_kind_name(kind), subject);
	return s;
}

#endif
