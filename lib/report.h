/*
 * report.h - writing results: text, compact, markdown, json, sarif, junit,
 * github.
 *
 * Formatters never decide anything: they print the findings and the
 * checklist the engine produced, in the order it produced them (text
 * groups by status for people).
 *
 * sarif is SARIF 2.1.0 for code scanning: one run whose driver lists every
 * rule of the registry, one result per finding that failed or could not be
 * verified (unknown: level "warning", properties.status "unknown"), plan
 * errors as tool execution notifications.  junit is JUnit XML for CI test
 * reports, valid against Jenkins's xunit junit-10.xsd (no file or line on
 * a testcase, no skipped on testsuites): one testsuite per plan, one
 * testcase per finding; every failure is a <failure> whose type is the
 * severity (a warning that failed is not a pass), unknown an <error>,
 * skip <skipped/>; the place is in the element's text; a plan that could
 * not be checked is a testsuite with one <error>.
 *
 * A pass resting on an assumption (dl_finding's assumed) is written by
 * every format: compact with the severity "assumed", sarif as a result
 * of kind "pass" and level "none", junit with a <system-out> holding the
 * compact line and the hint, github as a notice.
 *
 * github is GitHub Actions workflow commands, one line each: a plan that
 * could not be checked is "::error file=F,line=L,col=C::message"; a
 * finding that failed or could not be verified is
 * "::LEVEL file=F,line=L,col=C,title=RULE::subject: message", the hint
 * on a second line of the message; LEVEL is error for a failure at or
 * above fail_on, warning for one of warning severity below it and for
 * unknown, notice for one of info severity below it; passes and skips
 * are not written; line and col only when known.  Last comes
 * "::notice::dnslint: " and the summary line.
 */
#ifndef DL_REPORT_H
#define DL_REPORT_H

#include <stdio.h>

#include "engine.h"

enum dl_format {
	DL_FORMAT_TEXT = 0,
	DL_FORMAT_COMPACT,
	DL_FORMAT_MARKDOWN,
	DL_FORMAT_JSON,
	DL_FORMAT_SARIF,
	DL_FORMAT_JUNIT,
	DL_FORMAT_GITHUB
};

/* A plan that could not be checked: its error, for json, sarif, junit. */
struct dl_report_error {
	struct dl_error	error;
	int		status;		/* the exit status it calls for */
};

struct dl_report {
	enum dl_format		format;
	int			color;		/* ANSI colours (text only) */
	enum dl_severity	fail_on;
	int64_t			now;
	int			exit_status;	/* printed by json, sarif */
	struct dl_result	**results;
	size_t			n_results;
	const struct dl_report_error *errors;
	size_t			n_errors;
};

/* The format called name ("text", ...), or -1. */
int	dl_format_parse(const char *name);

/* Write the report to out.  Returns 0, or -1 when writing failed. */
int	dl_report_write(FILE *out, const struct dl_report *rep);

/*
 * One line of totals: "3 failed, 1 passed" (then warnings, unknown,
 * skipped, plans not checked for invalid input and plans whose live zone
 * could not be loaded, when not zero) into buf (size n).  Returns buf.
 */
char	*dl_report_summary(const struct dl_report *rep, char *buf, size_t n);

/*
 * What dnslint wait says of a finding that keeps cutting over now from
 * being safe, without a newline, into buf (size n):
 *   "waiting for RULE SUBJECT: safe from T (in SPAN)"  a failure that
 *       waiting fixes (T its wait_until, SPAN from now);
 *   "waiting cannot fix RULE SUBJECT: MESSAGE"  a failure without one;
 *   "waiting for RULE SUBJECT: not verified: MESSAGE"  unknown.
 * Returns buf.
 */
char	*dl_report_wait_line(const struct dl_finding *f, int64_t now,
	    char *buf, size_t n);

#endif
