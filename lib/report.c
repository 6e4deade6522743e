#include <stdio.h>
#include <string.h>

#include "config.h"
#include "dtime.h"
#include "report.h"

#define C_RED		"\033[1;31m"
#define C_YELLOW	"\033[33m"
#define C_GREEN		"\033[32m"
#define C_MAGENTA	"\033[35m"
#define C_DIM		"\033[2m"
#define C_BOLD		"\033[1m"
#define C_OFF		"\033[0m"

typedef int (*writer_fn)(FILE *, const struct dl_report *);

static int	write_text(FILE *, const struct dl_report *);
static int	write_compact(FILE *, const struct dl_report *);
static int	write_markdown(FILE *, const struct dl_report *);
static int	write_json(FILE *, const struct dl_report *);

static const struct {
	const char	*name;
	writer_fn	 write;
} formats[] = {
	[DL_FORMAT_TEXT] = { "text", write_text },
	[DL_FORMAT_COMPACT] = { "compact", write_compact },
	[DL_FORMAT_MARKDOWN] = { "markdown", write_markdown },
	[DL_FORMAT_JSON] = { "json", write_json },
};

int
dl_format_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
dl_report_write(FILE *out, const struct dl_report *rep)
{
	if (formats[rep->format].write(out, rep) != 0)
		return -1;
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

static struct dl_totals
totals_of(const struct dl_report *rep)
{
	struct dl_totals t;
	size_t i;

	memset(&t, 0, sizeof(t));
	for (i = 0; i < rep->n_results; i++)
		dl_totals_add(&t, rep->results[i], rep->fail_on);
	return t;
}

char *
dl_report_summary(const struct dl_report *rep, char *buf, size_t n)
{
	struct dl_totals t = totals_of(rep);
	size_t len;

	snprintf(buf, n, "%zu failed, %zu passed", t.fail, t.pass);
	len = strlen(buf);
	if (t.failed_below > 0)
		len += snprintf(buf + len, n - len, ", %zu warning%s",
		    t.failed_below, t.failed_below == 1 ? "" : "s");
	if (t.unknown > 0 && len < n)
		len += snprintf(buf + len, n - len, ", %zu unknown",
		    t.unknown);
	if (t.skip > 0 && len < n)
		len += snprintf(buf + len, n - len, ", %zu skipped", t.skip);
	if (rep->n_errors > 0 && len < n)
		snprintf(buf + len, n - len, ", %zu not checked (invalid "
		    "input)", rep->n_errors);
	return buf;
}

/* What a finding counts as for people: FAIL, WARN, unknown, pass, skip. */
static const char *
label(const struct dl_finding *f, enum dl_severity fail_on,
    const char **color)
{
	switch (f->status) {
	case DL_FAIL:
		if (f->severity >= fail_on) {
			*color = C_RED;
			return "FAIL";
		}
		*color = C_YELLOW;
		return f->severity == DL_SEV_INFO ? "info" : "WARN";
	case DL_UNKNOWN:
		*color = C_MAGENTA;
		return "unknown";
	case DL_PASS:
		*color = C_GREEN;
		return "pass";
	case DL_SKIP:
	default:
		*color = C_DIM;
		return "skip";
	}
}

/* Order of the groups in the text format: what needs action first. */
static int
group_of(const struct dl_finding *f, enum dl_severity fail_on)
{
	switch (f->status) {
	case DL_FAIL:
		return f->severity >= fail_on ? 0 : 1;
	case DL_UNKNOWN:
		return 2;
	case DL_PASS:
		return 3;
	default:
		return 4;
	}
}

/* The file a finding's place is in: the plan, or another file. */
static const char *
file_of(const struct dl_result *r, const struct dl_finding *f)
{
	return f->file != NULL ? f->file : r->file;
}

static void
location(char *buf, size_t n, const struct dl_result *r,
    const struct dl_finding *f)
{
	if (f->pos.line == 0)
		buf[0] = '\0';
	else if (f->pos.column == 0)
		snprintf(buf, n, "%s:%u", file_of(r, f), f->pos.line);
	else
		snprintf(buf, n, "%s:%u:%u", file_of(r, f), f->pos.line,
		    f->pos.column);
}

static const char *
source_text(const struct dl_result *r, char *buf, size_t n)
{
	if (strcmp(r->source, "zone-file") == 0)
		snprintf(buf, n, "zone file %s", r->source_name);
	else if (strcmp(r->source, "none") == 0)
		snprintf(buf, n, "none");
	else
		snprintf(buf, n, "%s %s", r->source, r->source_name);
	return buf;
}

static void
text_findings(FILE *out, const struct dl_report *rep,
    const struct dl_result *r)
{
	const char *on, *off;
	char loc[600];
	int g;
	size_t i;

	for (g = 0; g <= 4; g++)
		for (i = 0; i < r->n_findings; i++) {
			const struct dl_finding *f = &r->findings[i];
			const char *col;
			const char *lab = label(f, rep->fail_on, &col);

			if (group_of(f, rep->fail_on) != g)
				continue;
			on = rep->color ? col : "";
			off = rep->color ? C_OFF : "";
			location(loc, sizeof(loc), r, f);
			if (g >= 3) {
				fprintf(out, "%s%-7s%s %-19s %-32s %s\n", on, lab,
				    off, f->rule->id, f->subject, f->message);
				continue;
			}
			if (loc[0] == '\0')
				fprintf(out, "%s%-7s%s %-19s %s\n", on, lab, off,
				    f->rule->id, f->subject);
			else
				fprintf(out, "%s%-7s%s %-19s %-32s %s\n", on, lab,
				    off, f->rule->id, f->subject, loc);
			fprintf(out, "        %s\n", f->message);
			if (f->hint != NULL)
				fprintf(out, "        %s\n", f->hint);
		}
}

static void
text_checklist(FILE *out, const struct dl_report *rep,
    const struct dl_result *r)
{
	static const char *const box[] = { "[x]", "[ ]", "[!]" };
	char when[DL_TIME_LEN], rel[DL_SPAN_LEN];
	size_t i;

	if (r->n_steps == 0)
		return;
	fprintf(out, "\n%sChecklist%s\n", rep->color ? C_BOLD : "",
	    rep->color ? C_OFF : "");
	for (i = 0; i < r->n_steps; i++) {
		const struct dl_step *s = &r->steps[i];
		const char *on = "", *off = rep->color ? C_OFF : "";

		if (rep->color && s->state == DL_STEP_BLOCKED)
			on = C_RED;
		else if (rep->color && s->state == DL_STEP_DONE)
			on = C_DIM;
		else
			off = "";
		if (s->at == DL_NO_TIME) {
			fprintf(out, " %s%s %-32s %s%s\n", on, box[s->state],
			    "after validation", s->text, off);
			continue;
		}
		fprintf(out, " %s%s %-20s %-11s %s%s%s\n", on, box[s->state],
		    dl_time_format_short(s->at, when),
		    dl_rel_format(s->at, r->now, rel), s->text,
		    s->state == DL_STEP_BLOCKED ? "  (blocked)" : "", off);
	}
}

static int
write_text(FILE *out, const struct dl_report *rep)
{
	char now[DL_TIME_LEN], cut[DL_TIME_LEN], rel[DL_SPAN_LEN];
	char src[700], sum[256];
	size_t i;

	for (i = 0; i < rep->n_results; i++) {
		const struct dl_result *r = rep->results[i];

		if (i > 0)
			fputc('\n', out);
		fprintf(out, "%sdnslint %s  %s  plan %s  live: %s%s\n",
		    rep->color ? C_BOLD : "", DL_VERSION, r->zone, r->file,
		    source_text(r, src, sizeof(src)), rep->color ? C_OFF : "");
		fprintf(out, "now %s   cutover %s (%s)\n\n",
		    dl_time_format_short(r->now, now),
		    dl_time_format_short(r->cutover, cut),
		    dl_rel_format(r->cutover, r->now, rel));
		text_findings(out, rep, r);
		text_checklist(out, rep, r);
	}
	if (rep->n_results > 0 || rep->n_errors > 0)
		fprintf(out, "\n%s\n", dl_report_summary(rep, sum,
		    sizeof(sum)));
	return 0;
}

static int
write_compact(FILE *out, const struct dl_report *rep)
{
	char when[DL_TIME_LEN], loc[600];
	size_t i, j;

	for (i = 0; i < rep->n_results; i++) {
		const struct dl_result *r = rep->results[i];

		for (j = 0; j < r->n_findings; j++) {
			const struct dl_finding *f = &r->findings[j];
			const char *sev;

			if (f->status == DL_FAIL)
				sev = dl_severity_name(f->severity);
			else if (f->status == DL_UNKNOWN)
				sev = "unknown";
			else
				continue;
			location(loc, sizeof(loc), r, f);
			fprintf(out, "%s: ", loc[0] ? loc : r->file);
			fprintf(out, "%s: %s: %s", sev, f->subject,
			    f->message);
			if (f->wait_until != DL_NO_TIME)
				fprintf(out, " (safe from %s)",
				    dl_time_format(f->wait_until, when));
			fprintf(out, " [%s]\n", f->rule->id);
		}
	}
	return 0;
}

/* Markdown table cells: no pipes, no newlines. */
static void
md_cell(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '|')
			fputs("\\|", out);
		else if (*s == '\n')
			fputc(' ', out);
		else
			fputc(*s, out);
	}
}

static int
write_markdown(FILE *out, const struct dl_report *rep)
{
	char now[DL_TIME_LEN], cut[DL_TIME_LEN], when[DL_TIME_LEN];
	char src[700], sum[256], loc[600], rel[DL_SPAN_LEN];
	size_t i, j;
	int g;

	for (i = 0; i < rep->n_results; i++) {
		const struct dl_result *r = rep->results[i];

		fprintf(out, "%s### dnslint: `%s` (`%s`)\n\n", i ? "\n" : "",
		    r->zone, r->file);
		fprintf(out, "now %s, cutover %s, live: %s\n\n",
		    dl_time_format(r->now, now), dl_time_format(r->cutover,
		    cut), source_text(r, src, sizeof(src)));
		fputs("| status | rule | subject | finding | where |\n", out);
		fputs("|---|---|---|---|---|\n", out);
		for (g = 0; g <= 4; g++)
			for (j = 0; j < r->n_findings; j++) {
				const struct dl_finding *f = &r->findings[j];
				const char *col;

				if (group_of(f, rep->fail_on) != g)
					continue;
				location(loc, sizeof(loc), r, f);
				fprintf(out, "| %s%s%s | `%s` | `%s` | ",
				    g < 2 ? "**" : "",
				    label(f, rep->fail_on, &col),
				    g < 2 ? "**" : "", f->rule->id,
				    f->subject);
				md_cell(out, f->message);
				if (f->hint != NULL) {
					fputs("; ", out);
					md_cell(out, f->hint);
				}
				fprintf(out, " | %s |\n", loc);
			}
		if (r->n_steps > 0)
			fputs("\n#### Checklist\n\n", out);
		for (j = 0; j < r->n_steps; j++) {
			const struct dl_step *s = &r->steps[j];

			if (s->at == DL_NO_TIME)
				fprintf(out, "- [%c] after validation: %s\n",
				    s->state == DL_STEP_DONE ? 'x' : ' ',
				    s->text);
			else
				fprintf(out, "- [%c] %s (%s): %s%s\n",
				    s->state == DL_STEP_DONE ? 'x' : ' ',
				    dl_time_format(s->at, when),
				    dl_rel_format(s->at, r->now, rel),
				    s->text, s->state == DL_STEP_BLOCKED ?
				    " **(blocked)**" : "");
		}
	}
	fprintf(out, "\n%s\n", dl_report_summary(rep, sum, sizeof(sum)));
	return 0;
}

/* A JSON string, escaped per RFC 8259. */
static void
json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void
json_time(FILE *out, int64_t t)
{
	char buf[DL_TIME_LEN];

	if (t == DL_NO_TIME)
		fputs("null", out);
	else
		fprintf(out, "\"%s\"", dl_time_format(t, buf));
}

static void
json_finding(FILE *out, const struct dl_result *r, const struct dl_finding *f)
{
	fputs("        {\n          \"rule\": ", out);
	json_str(out, f->rule->id);
	fprintf(out, ",\n          \"severity\": \"%s\",\n"
	    "          \"status\": \"%s\",\n          \"subject\": ",
	    dl_severity_name(f->severity), dl_status_name(f->status));
	json_str(out, f->subject);
	fputs(",\n          \"message\": ", out);
	json_str(out, f->message);
	fputs(",\n          \"hint\": ", out);
	if (f->hint != NULL)
		json_str(out, f->hint);
	else
		fputs("null", out);
	fputs(",\n          \"wait_until\": ", out);
	json_time(out, f->wait_until);
	fputs(",\n          \"file\": ", out);
	json_str(out, file_of(r, f));
	fprintf(out, ",\n          \"line\": %u,\n          \"column\": %u\n"
	    "        }", f->pos.line, f->pos.column);
}

static int
write_json(FILE *out, const struct dl_report *rep)
{
	struct dl_totals t = totals_of(rep);
	size_t i, j;

	fprintf(out, "{\n  \"dnslint\": \"%s\",\n  \"schema\": 1,\n"
	    "  \"now\": ", DL_VERSION);
	json_time(out, rep->now);
	fputs(",\n  \"plans\": [", out);
	for (i = 0; i < rep->n_results; i++) {
		const struct dl_result *r = rep->results[i];

		fprintf(out, "%s\n    {\n      \"file\": ", i ? "," : "");
		json_str(out, r->file);
		fputs(",\n      \"zone\": ", out);
		json_str(out, r->zone);
		fputs(",\n      \"cutover\": ", out);
		json_time(out, r->cutover);
		fputs(",\n      \"source\": ", out);
		json_str(out, r->source);
		fputs(",\n      \"findings\": [", out);
		for (j = 0; j < r->n_findings; j++) {
			fputs(j ? ",\n" : "\n", out);
			json_finding(out, r, &r->findings[j]);
		}
		fputs(r->n_findings ? "\n      ],\n" : "],\n", out);
		fputs("      \"checklist\": [", out);
		for (j = 0; j < r->n_steps; j++) {
			const struct dl_step *s = &r->steps[j];

			fprintf(out, "%s\n        {\n          \"step\": \"%s\","
			    "\n          \"subject\": ", j ? "," : "",
			    dl_step_kind_name(s->kind));
			json_str(out, s->subject);
			fputs(",\n          \"at\": ", out);
			json_time(out, s->at);
			fprintf(out, ",\n          \"state\": \"%s\",\n"
			    "          \"text\": ", dl_step_state_name(s->state));
			json_str(out, s->text);
			fputs("\n        }", out);
		}
		fputs(r->n_steps ? "\n      ]\n    }" : "]\n    }", out);
	}
	fputs(rep->n_results ? "\n  ],\n" : "],\n", out);
	fputs("  \"errors\": [", out);
	for (i = 0; i < rep->n_errors; i++) {
		const struct dl_error *e = &rep->errors[i].error;

		fprintf(out, "%s\n    {\n      \"file\": ", i ? "," : "");
		json_str(out, e->file);
		fprintf(out, ",\n      \"line\": %u,\n      \"column\": %u,\n"
		    "      \"message\": ", e->line, e->column);
		json_str(out, e->message);
		fputs("\n    }", out);
	}
	fputs(rep->n_errors ? "\n  ],\n" : "],\n", out);
	fprintf(out, "  \"summary\": { \"pass\": %zu, \"fail\": %zu, "
	    "\"skip\": %zu, \"unknown\": %zu },\n  \"exit_status\": %d\n}\n",
	    t.pass, t.fail + t.failed_below, t.skip, t.unknown,
	    rep->exit_status);
	return 0;
}
