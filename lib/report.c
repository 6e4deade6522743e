#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "dtime.h"
#include "registry.h"
#include "report.h"
#include "text.h"

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
static int	write_sarif(FILE *, const struct dl_report *);
static int	write_junit(FILE *, const struct dl_report *);
static int	write_github(FILE *, const struct dl_report *);

static const struct {
	const char	*name;
	writer_fn	 write;
} formats[] = {
	[DL_FORMAT_TEXT] = { "text", write_text },
	[DL_FORMAT_COMPACT] = { "compact", write_compact },
	[DL_FORMAT_MARKDOWN] = { "markdown", write_markdown },
	[DL_FORMAT_JSON] = { "json", write_json },
	[DL_FORMAT_SARIF] = { "sarif", write_sarif },
	[DL_FORMAT_JUNIT] = { "junit", write_junit },
	[DL_FORMAT_GITHUB] = { "github", write_github },
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

/*
 * The message as reports show it: with what the change at the finding's
 * place does, "(www.example.com. A 192.0.2.10 -> 198.51.100.10)".  Sets
 * *tmp to what the caller frees (NULL when nothing was made); on no
 * memory the bare message.
 */
static const char *
msg_of(const struct dl_finding *f, char **tmp)
{
	*tmp = NULL;
	if (f->change == NULL ||
	    asprintf(tmp, "%s (%s)", f->message, f->change) == -1) {
		*tmp = NULL;
		return f->message;
	}
	return *tmp;
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
	size_t len = 0, i, unavail = 0;

	dl_catf(buf, n, &len, "%zu failed, %zu passed", t.fail, t.pass);
	if (t.failed_below > 0)
		dl_catf(buf, n, &len, ", %zu warning%s", t.failed_below,
		    t.failed_below == 1 ? "" : "s");
	if (t.unknown > 0)
		dl_catf(buf, n, &len, ", %zu unknown", t.unknown);
	if (t.skip > 0)
		dl_catf(buf, n, &len, ", %zu skipped", t.skip);
	for (i = 0; i < rep->n_errors; i++)
		unavail += rep->errors[i].status == 3;
	if (rep->n_errors > unavail)
		dl_catf(buf, n, &len, ", %zu not checked (invalid input)",
		    rep->n_errors - unavail);
	if (unavail > 0)
		dl_catf(buf, n, &len, ", %zu not checked (live zone not "
		    "loaded)", unavail);
	return buf;
}

char *
dl_report_wait_line(const struct dl_finding *f, int64_t now, char *buf,
    size_t n)
{
	char when[DL_TIME_LEN], rel[DL_SPAN_LEN];

	if (f->status == DL_UNKNOWN)
		snprintf(buf, n, "waiting for %s %s: not verified: %s",
		    f->rule->id, f->subject, f->message);
	else if (f->wait_until == DL_NO_TIME)
		snprintf(buf, n, "waiting cannot fix %s %s: %s", f->rule->id,
		    f->subject, f->message);
	else
		snprintf(buf, n, "waiting for %s %s: safe from %s (%s)",
		    f->rule->id, f->subject, dl_time_format(f->wait_until,
		    when), dl_rel_format(f->wait_until, now, rel));
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

/*
 * The text format is laid out for an 80-column terminal: label, rule id
 * (as wide as the longest id of the registry) and subject in columns, the
 * place right-aligned at column 80 (or on its own line when it does not
 * fit), messages wrapped at spaces with a hanging indent.
 */
#define TEXT_WIDTH	80
#define TEXT_INDENT	8	/* where the rule id, messages and hints begin */
#define TEXT_HANG	10	/* where a wrapped line goes on */

/* Columns a string takes: UTF-8 continuation bytes take none. */
static size_t
text_width(const char *s, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

/*
 * Write text, starting at column col, and a newline: a line that would
 * pass TEXT_WIDTH is broken at the space before the word that would pass
 * it and goes on after indent spaces, as does a newline in the text.  A
 * word longer than a line is not cut.
 */
static void
text_wrap(FILE *out, size_t col, const char *text, size_t indent)
{
	const char *p = text, *sp, *word;
	size_t nsp, w;
	int words = 0;		/* words on this line */

	while (*p != '\0') {
		for (sp = p; *p == ' '; p++)
			;
		for (word = p; *p != '\0' && *p != ' ' && *p != '\n'; p++)
			;
		nsp = (size_t)(word - sp);
		w = text_width(word, (size_t)(p - word));
		if (w > 0 && words > 0 && col + nsp + w > TEXT_WIDTH) {
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
			nsp = 0;
		}
		if (w > 0 || *p == ' ') {
			fprintf(out, "%*s%.*s", (int)nsp, "", (int)(p - word),
			    word);
			col += nsp + w;
			words += w > 0;
		}
		if (*p == '\n') {
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
			words = 0;
			p++;
		}
	}
	fputc('\n', out);
}

/* The width of the rule column: the longest rule id. */
static size_t
rule_width(void)
{
	size_t i, w = 0;

	for (i = 0; i < dl_rule_count; i++)
		if (strlen(dl_rules[i]->id) > w)
			w = strlen(dl_rules[i]->id);
	return w;
}

static void
text_findings(FILE *out, const struct dl_report *rep,
    const struct dl_result *r)
{
	const char *on, *off;
	char loc[600], *tm;
	size_t i, col, lw, rw = rule_width();
	int g;

	for (g = 0; g <= 4; g++)
		for (i = 0; i < r->n_findings; i++) {
			const struct dl_finding *f = &r->findings[i];
			const char *color;
			const char *lab = label(f, rep->fail_on, &color);

			if (group_of(f, rep->fail_on) != g)
				continue;
			on = rep->color ? color : "";
			off = rep->color ? C_OFF : "";
			fprintf(out, "%s%-7s%s %-*s %s", on, lab, off, (int)rw,
			    f->rule->id, f->subject);
			col = TEXT_INDENT + rw + 1 + strlen(f->subject);
			if (g >= 3) {
				/* A pass or a skip: its message on its line. */
				fputs("  ", out);
				text_wrap(out, col + 2, msg_of(f, &tm),
				    TEXT_HANG);
				free(tm);
				continue;
			}
			location(loc, sizeof(loc), r, f);
			lw = strlen(loc);
			if (lw == 0)
				fputc('\n', out);
			else if (col + 2 + lw <= TEXT_WIDTH)
				fprintf(out, "%*s\n", (int)(TEXT_WIDTH - col),
				    loc);
			else
				fprintf(out, "\n%*s%s\n", TEXT_INDENT, "", loc);
			fprintf(out, "%*s", TEXT_INDENT, "");
			text_wrap(out, TEXT_INDENT, msg_of(f, &tm), TEXT_HANG);
			free(tm);
			if (f->hint != NULL) {
				fprintf(out, "%*s", TEXT_INDENT, "");
				text_wrap(out, TEXT_INDENT, f->hint, TEXT_HANG);
			}
		}
}

/* Where a checklist step's text begins, and where its wrapped lines go on
   (under the time). */
#define STEP_INDENT	36
#define STEP_HANG	7

static void
text_checklist(FILE *out, const struct dl_report *rep,
    const struct dl_result *r)
{
	static const char *const box[] = { "[x]", "[ ]", "[!]" };
	char when[DL_TIME_LEN], rel[DL_SPAN_LEN], *text;
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
		if (s->at == DL_NO_TIME)
			fprintf(out, " %s%s %-31s", on, box[s->state],
			    "after validation");
		else
			fprintf(out, " %s%s %-17s  %-10s  ", on, box[s->state],
			    dl_time_format_short(s->at, when),
			    dl_rel_format(s->at, r->now, rel));
		if (asprintf(&text, "%s%s%s", s->text,
		    s->state == DL_STEP_BLOCKED ? " (blocked)" : "", off) < 0) {
			fprintf(out, "%s%s\n", s->text, off);
			continue;
		}
		text_wrap(out, STEP_INDENT, text, STEP_HANG);
		free(text);
	}
}

static int
write_text(FILE *out, const struct dl_report *rep)
{
	char now[DL_TIME_LEN], cut[DL_TIME_LEN], rel[DL_SPAN_LEN];
	char src[700], sum[256], head[1500];
	size_t i;

	for (i = 0; i < rep->n_results; i++) {
		const struct dl_result *r = rep->results[i];

		if (i > 0)
			fputc('\n', out);
		/* One line, or "live:" on a second when it does not fit. */
		snprintf(head, sizeof(head), "dnslint %s  %s  plan %s",
		    DL_VERSION, r->zone, r->file);
		source_text(r, src, sizeof(src));
		fprintf(out, "%s%s%s", rep->color ? C_BOLD : "", head,
		    text_width(head, strlen(head)) + 8 + text_width(src,
		    strlen(src)) <= TEXT_WIDTH ? "  " : "\n    ");
		fputs("live: ", out);
		text_wrap(out, 10, src, 4);
		fputs(rep->color ? C_OFF : "", out);
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

/*
 * What a finding says, on one line: "subject: message (safe from T)".
 * Returns it (free it), or NULL when out of memory.
 */
static char *
finding_text(const struct dl_finding *f)
{
	char when[DL_TIME_LEN], safe[64] = "", *tm;
	char *text;

	if (f->wait_until != DL_NO_TIME)
		snprintf(safe, sizeof(safe), " (safe from %s)",
		    dl_time_format(f->wait_until, when));
	if (asprintf(&text, "%s: %s%s", f->subject, msg_of(f, &tm),
	    safe) < 0)
		text = NULL;
	free(tm);
	return text;
}

/*
 * Is f written by the formats that leave passes and skips out (compact,
 * sarif, github)?  Failures, unknowns, and passes resting on an
 * assumption.
 */
static int
reported(const struct dl_finding *f)
{
	return f->status == DL_FAIL || f->status == DL_UNKNOWN ||
	    (f->status == DL_PASS && f->assumed);
}

/*
 * One compact line, without its newline:
 * "file:line:col: severity: subject: message (safe from T) [rule]".
 * Returns it (free it), or NULL when out of memory.
 */
static char *
compact_line(const struct dl_result *r, const struct dl_finding *f)
{
	char loc[600];
	const char *sev;
	char *line, *text;

	sev = f->status == DL_UNKNOWN ? "unknown" : f->status == DL_PASS ?
	    "assumed" : dl_severity_name(f->severity);
	location(loc, sizeof(loc), r, f);
	if ((text = finding_text(f)) == NULL)
		return NULL;
	if (asprintf(&line, "%s: %s: %s [%s]", loc[0] ? loc : r->file,
	    sev, text, f->rule->id) < 0)
		line = NULL;
	free(text);
	return line;
}

static int
write_compact(FILE *out, const struct dl_report *rep)
{
	char *line;
	size_t i, j;

	for (i = 0; i < rep->n_results; i++) {
		const struct dl_result *r = rep->results[i];

		for (j = 0; j < r->n_findings; j++) {
			const struct dl_finding *f = &r->findings[j];

			if (!reported(f))
				continue;
			if ((line = compact_line(r, f)) == NULL)
				return -1;
			fprintf(out, "%s\n", line);
			free(line);
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
	char src[700], sum[256], loc[600], rel[DL_SPAN_LEN], *tm;
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
				md_cell(out, msg_of(f, &tm));
				free(tm);
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
	size_t n;

	fputc('"', out);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		/* The run that needs no escape, at once: a desired-zone
		   plan's report runs to megabytes. */
		for (n = 0; (unsigned char)s[n] >= 0x20 && s[n] != '"' &&
		    s[n] != '\\'; n++)
			;
		if (n > 0) {
			fwrite(s, 1, n, out);
			s += n - 1;
			continue;
		}
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else
			fprintf(out, "\\u%04x", c);
	}
	fputc('"', out);
}

/* A JSON string, or null for NULL. */
static void
json_str_or_null(FILE *out, const char *s)
{
	if (s != NULL)
		json_str(out, s);
	else
		fputs("null", out);
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
	json_str_or_null(out, f->hint);
	fputs(",\n          \"wait_until\": ", out);
	json_time(out, f->wait_until);
	fputs(",\n          \"file\": ", out);
	json_str(out, file_of(r, f));
	fprintf(out, ",\n          \"line\": %u,\n          \"column\": %u,\n"
	    "          \"change\": ", f->pos.line, f->pos.column);
	if (f->change == NULL)
		fputs("null", out);
	else {
		fputs("{ \"text\": ", out);
		json_str(out, f->change);
		fputs(", \"from\": ", out);
		json_str_or_null(out, f->change_from);
		fputs(", \"to\": ", out);
		json_str_or_null(out, f->change_to);
		fputs(" }", out);
	}
	fputs("\n        }", out);
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
			if (s->kind == DL_STEP_CUTOVER) {
				size_t k;

				fputs(",\n          \"changes\": [", out);
				for (k = 0; k < r->n_changes; k++) {
					fputs(k ? ", " : "", out);
					json_str(out, r->changes[k]);
				}
				fputs("]", out);
			}
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

/*
 * SARIF 2.1.0.  Levels: error, warning, note (info); a finding that could
 * not be verified is a "warning" whatever its severity, with
 * properties.status "unknown" (kind "open" would force level "none", which
 * code scanning hides).
 */
static const char *
sarif_level(enum dl_severity s)
{
	switch (s) {
	case DL_SEV_ERROR:
		return "error";
	case DL_SEV_WARNING:
		return "warning";
	case DL_SEV_INFO:
		return "note";
	default:
		return "none";
	}
}

/*
 * A file name as a URI reference: relative names stay relative, absolute
 * ones become file:// URIs; bytes outside RFC 3986's unreserved set,
 * sub-delims, "/" and "@" are percent-encoded.
 */
static void
sarif_uri(FILE *out, const char *path)
{
	static const char keep[] = "-._~!$&'()*+,;=/@";
	const unsigned char *p = (const unsigned char *)path;

	fputc('"', out);
	if (*p == '/')
		fputs("file://", out);
	for (; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(keep, *p) != NULL)
			fputc(*p, out);
		else
			fprintf(out, "%%%02X", *p);
	}
	fputc('"', out);
}

/* A rule's first paragraph on one line: its fullDescription. */
static void
sarif_first_paragraph(FILE *out, const char *text)
{
	const char *end = strstr(text, "\n\n");
	char *para;
	size_t i, n = end != NULL ? (size_t)(end - text) : strlen(text);

	if ((para = strndup(text, n)) == NULL) {
		json_str(out, text);
		return;
	}
	for (i = 0; i < n; i++)
		if (para[i] == '\n')
			para[i] = ' ';
	json_str(out, para);
	free(para);
}

static void
sarif_location(FILE *out, const char *indent, const char *file,
    unsigned line, unsigned column)
{
	fprintf(out, "%s\"locations\": [\n%s  {\n%s    \"physicalLocation\": "
	    "{\n%s      \"artifactLocation\": { \"uri\": ", indent, indent,
	    indent, indent);
	sarif_uri(out, file);
	fputs(" }", out);
	/*
	 * GitHub code scanning places a result only by its region: one
	 * about the file as a whole (line 0) is shown at its first line.
	 */
	fprintf(out, ",\n%s      \"region\": { \"startLine\": %u", indent,
	    line > 0 ? line : 1);
	if (line > 0 && column > 0)
		fprintf(out, ", \"startColumn\": %u", column);
	fputs(" }", out);
	fprintf(out, "\n%s    }\n%s  }\n%s]", indent, indent, indent);
}

static void
sarif_rules(FILE *out)
{
	size_t i;

	fputs("          \"rules\": [", out);
	for (i = 0; i < dl_rule_count; i++) {
		const struct dl_rule *rule = dl_rules[i];

		fprintf(out, "%s\n            {\n              \"id\": ",
		    i ? "," : "");
		json_str(out, rule->id);
		fputs(",\n              \"shortDescription\": { \"text\": ",
		    out);
		json_str(out, rule->summary);
		fputs(" },\n              \"fullDescription\": { \"text\": ",
		    out);
		sarif_first_paragraph(out, rule->explain);
		fputs(" },\n              \"help\": { \"text\": ", out);
		json_str(out, rule->explain);
		fprintf(out, " },\n              \"defaultConfiguration\": "
		    "{ \"level\": \"%s\" }\n            }",
		    sarif_level(rule->severity));
	}
	fputs(dl_rule_count ? "\n          ]\n" : "]\n", out);
}

static int
sarif_result(FILE *out, const struct dl_result *r,
    const struct dl_finding *f)
{
	char *text, *tm;
	size_t index;
	int rc;

	rc = asprintf(&text, "%s: %s%s%s", f->subject, msg_of(f, &tm),
	    f->hint != NULL ? "; " : "", f->hint != NULL ? f->hint : "");
	free(tm);
	if (rc < 0)
		return -1;
	fputs("        {\n          \"ruleId\": ", out);
	json_str(out, f->rule->id);
	if (dl_rule_find(f->rule->id, &index) == f->rule)
		fprintf(out, ",\n          \"ruleIndex\": %zu", index);
	/* An assumed pass: SARIF's kind "pass", whose level is "none". */
	fprintf(out, ",\n          %s\"level\": \"%s\",\n"
	    "          \"message\": { \"text\": ",
	    f->status == DL_PASS ? "\"kind\": \"pass\",\n          " : "",
	    f->status == DL_UNKNOWN ? "warning" : f->status == DL_PASS ?
	    "none" : sarif_level(f->severity));
	json_str(out, text);
	free(text);
	fputs(" },\n", out);
	sarif_location(out, "          ", file_of(r, f), f->pos.line,
	    f->pos.column);
	fprintf(out, ",\n          \"properties\": {\n"
	    "            \"status\": \"%s\",\n"
	    "            \"severity\": \"%s\",\n"
	    "            \"subject\": ", dl_status_name(f->status),
	    dl_severity_name(f->severity));
	json_str(out, f->subject);
	fputs(",\n            \"wait_until\": ", out);
	json_time(out, f->wait_until);
	fputs(",\n            \"plan\": ", out);
	json_str(out, r->file);
	fputs(",\n            \"zone\": ", out);
	json_str(out, r->zone);
	fputs("\n          }\n        }", out);
	return 0;
}

/* Plans that could not be checked: tool execution notifications. */
static void
sarif_notifications(FILE *out, const struct dl_report *rep)
{
	size_t i;

	if (rep->n_errors == 0)
		return;
	fputs(",\n          \"toolExecutionNotifications\": [", out);
	for (i = 0; i < rep->n_errors; i++) {
		const struct dl_error *e = &rep->errors[i].error;

		fprintf(out, "%s\n            {\n              \"level\": "
		    "\"error\",\n              \"message\": { \"text\": ",
		    i ? "," : "");
		json_str(out, e->message);
		fputs(" }", out);
		if (e->file[0] != '\0') {
			fputs(",\n", out);
			sarif_location(out, "              ", e->file, e->line,
			    e->column);
		}
		fprintf(out, ",\n              \"properties\": "
		    "{ \"exit_status\": %d }\n            }",
		    rep->errors[i].status);
	}
	fputs("\n          ]", out);
}

static int
write_sarif(FILE *out, const struct dl_report *rep)
{
	size_t i, j, n = 0;

	fprintf(out, "{\n  \"$schema\": "
	    "\"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	    "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
	    "      \"tool\": {\n        \"driver\": {\n"
	    "          \"name\": \"dnslint\",\n"
	    "          \"version\": \"%s\",\n", DL_VERSION);
	sarif_rules(out);
	fputs("        }\n      },\n"
	    "      \"columnKind\": \"unicodeCodePoints\",\n"
	    "      \"results\": [", out);
	for (i = 0; i < rep->n_results; i++) {
		const struct dl_result *r = rep->results[i];

		for (j = 0; j < r->n_findings; j++) {
			const struct dl_finding *f = &r->findings[j];

			if (!reported(f))
				continue;
			fputs(n++ ? ",\n" : "\n", out);
			if (sarif_result(out, r, f) != 0)
				return -1;
		}
	}
	fputs(n ? "\n      ],\n" : "],\n", out);
	fprintf(out, "      \"invocations\": [\n        {\n"
	    "          \"executionSuccessful\": %s,\n"
	    "          \"exitCode\": %d", rep->n_errors == 0 ? "true" : "false",
	    rep->exit_status);
	sarif_notifications(out, rep);
	fputs("\n        }\n      ],\n      \"properties\": {\n"
	    "        \"now\": ", out);
	json_time(out, rep->now);
	fputs("\n      }\n    }\n  ]\n}\n", out);
	return 0;
}

/*
 * The length of the UTF-8 sequence XML 1.0 may hold at s, or 0: a control
 * character other than tab, newline and carriage return, a malformed or
 * overlong sequence, a surrogate, U+FFFE or U+FFFF.
 */
static size_t
xml_char_len(const unsigned char *s)
{
	size_t n, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (s[0] < 0x80)
		return s[0] >= 0x20 || s[0] == '\t' || s[0] == '\n' ||
		    s[0] == '\r' ? 1 : 0;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	if (n == 3 && s[0] == 0xef && s[1] == 0xbf && s[2] >= 0xbe)
		return 0;
	return n;
}

/*
 * XML character data (attr 0) or an attribute value (attr 1): & < > " '
 * escaped; in attributes tab and newline too, so they survive attribute
 * value normalisation; carriage returns everywhere.  What XML 1.0 cannot
 * hold at all (see xml_char_len) is written as the text \xNN.
 */
static void
xml_str(FILE *out, const char *str, int attr)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;

	while (*s != '\0') {
		if ((n = xml_char_len(s)) == 0) {
			fprintf(out, "\\x%02X", *s++);
			continue;
		}
		if (n > 1) {
			fwrite(s, 1, n, out);
			s += n;
			continue;
		}
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&apos;", out);
			break;
		case '\r':
			fputs("&#13;", out);
			break;
		case '\t':
		case '\n':
			if (attr) {
				fprintf(out, "&#%d;", *s);
				break;
			}
			/* FALLTHROUGH */
		default:
			fputc(*s, out);
		}
		s++;
	}
}

/* An attribute: ' name="value"'. */
static void
xml_attr(FILE *out, const char *name, const char *value)
{
	fprintf(out, " %s=\"", name);
	xml_str(out, value, 1);
	fputc('"', out);
}

/* "the compact line" and the hint below it: the body of an element. */
static int
junit_body(FILE *out, const struct dl_result *r, const struct dl_finding *f)
{
	char *line;

	if ((line = compact_line(r, f)) == NULL)
		return -1;
	xml_str(out, line, 0);
	free(line);
	if (f->hint != NULL) {
		fputc('\n', out);
		xml_str(out, f->hint, 0);
	}
	return 0;
}

/*
 * One testcase.  Jenkins's schema (xunit plugin, junit-10.xsd) allows no
 * file or line on a testcase: the place is in the body, the compact line.
 */
static int
junit_testcase(FILE *out, const struct dl_result *r,
    const struct dl_finding *f)
{
	const char *tag;
	char *tm;

	fputs("    <testcase", out);
	xml_attr(out, "classname", f->rule->id);
	xml_attr(out, "name", f->subject);
	switch (f->status) {
	case DL_PASS:
		if (!f->assumed) {
			fputs("/>\n", out);
			return 0;
		}
		/* The assumption it rests on. */
		fputs(">\n      <system-out>", out);
		if (junit_body(out, r, f) != 0)
			return -1;
		fputs("</system-out>\n    </testcase>\n", out);
		return 0;
	case DL_SKIP:
		fputs(">\n      <skipped", out);
		xml_attr(out, "message", msg_of(f, &tm));
		free(tm);
		fputs("/>\n    </testcase>\n", out);
		return 0;
	case DL_UNKNOWN:
		tag = "error";
		break;
	case DL_FAIL:
	default:
		/* Below --fail-on too: a warning that failed did not pass. */
		tag = "failure";
		break;
	}
	fprintf(out, ">\n      <%s", tag);
	xml_attr(out, "message", msg_of(f, &tm));
	free(tm);
	xml_attr(out, "type", f->status == DL_UNKNOWN ? "unknown" :
	    dl_severity_name(f->severity));
	fputc('>', out);
	if (junit_body(out, r, f) != 0)
		return -1;
	fprintf(out, "</%s>\n    </testcase>\n", tag);
	return 0;
}

/* The counts of a testsuite; testsuites has no "skipped" (pass 0). */
static void
junit_counts(FILE *out, size_t tests, size_t failures, size_t errors,
    int has_skipped, size_t skipped)
{
	fprintf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\"",
	    tests, failures, errors);
	if (has_skipped)
		fprintf(out, " skipped=\"%zu\"", skipped);
}

/* A plan that could not be checked: a suite with one error. */
static void
junit_error(FILE *out, const struct dl_report_error *re)
{
	const struct dl_error *e = &re->error;
	char buf[sizeof(e->file) + sizeof(e->message) + 32];
	const char *file = e->file[0] != '\0' ? e->file : "dnslint";

	fputs("  <testsuite", out);
	xml_attr(out, "name", file);
	junit_counts(out, 1, 0, 1, 1, 0);
	fputs(">\n    <testcase classname=\"dnslint\" name=\"load\">\n"
	    "      <error", out);
	xml_attr(out, "message", e->message);
	xml_attr(out, "type", re->status == 3 ? "unverified" :
	    "invalid-input");
	fputc('>', out);
	xml_str(out, dl_error_format(e, buf, sizeof(buf)), 0);
	fputs("</error>\n    </testcase>\n  </testsuite>\n", out);
}

static int
write_junit(FILE *out, const struct dl_report *rep)
{
	char when[DL_TIME_LEN], src[700];
	size_t i, j, tests = 0, failures = 0, errors = 0, skipped = 0;
	size_t *counts;

	/* Per plan: tests, failures, errors, skipped. */
	if ((counts = calloc(rep->n_results + 1, 4 * sizeof(*counts))) == NULL)
		return -1;
	for (i = 0; i < rep->n_results; i++) {
		const struct dl_result *r = rep->results[i];
		size_t *c = &counts[4 * i];

		for (j = 0; j < r->n_findings; j++) {
			const struct dl_finding *f = &r->findings[j];

			c[0]++;
			if (f->status == DL_FAIL)
				c[1]++;
			else if (f->status == DL_UNKNOWN)
				c[2]++;
			else if (f->status == DL_SKIP)
				c[3]++;
		}
		tests += c[0];
		failures += c[1];
		errors += c[2];
		skipped += c[3];
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"dnslint\"", out);
	junit_counts(out, tests + rep->n_errors, failures,
	    errors + rep->n_errors, 0, skipped);
	fputs(">\n", out);
	for (i = 0; i < rep->n_results; i++) {
		const struct dl_result *r = rep->results[i];
		const size_t *c = &counts[4 * i];

		fputs("  <testsuite", out);
		xml_attr(out, "name", r->file);
		xml_attr(out, "file", r->file);
		junit_counts(out, c[0], c[1], c[2], 1, c[3]);
		fputs(">\n    <properties>\n"
		    "      <property name=\"zone\"", out);
		xml_attr(out, "value", r->zone);
		fprintf(out, "/>\n      <property name=\"now\" "
		    "value=\"%s\"/>\n", dl_time_format(r->now, when));
		fprintf(out, "      <property name=\"cutover\" "
		    "value=\"%s\"/>\n", dl_time_format(r->cutover, when));
		fputs("      <property name=\"live\"", out);
		xml_attr(out, "value", source_text(r, src, sizeof(src)));
		fputs("/>\n    </properties>\n", out);
		for (j = 0; j < r->n_findings; j++)
			if (junit_testcase(out, r, &r->findings[j]) != 0) {
				free(counts);
				return -1;
			}
		fputs("  </testsuite>\n", out);
	}
	for (i = 0; i < rep->n_errors; i++)
		junit_error(out, &rep->errors[i]);
	fputs("</testsuites>\n", out);
	free(counts);
	return 0;
}

/*
 * GitHub workflow commands ("::error file=F,line=L,col=C,title=T::text").
 * The runner undoes this escaping: in the text %, CR and LF; in property
 * values also ":" and ",", which would end the value.
 */
static void
github_escape(FILE *out, const char *s, int property)
{
	for (; *s != '\0'; s++) {
		if (*s == '%')
			fputs("%25", out);
		else if (*s == '\r')
			fputs("%0D", out);
		else if (*s == '\n')
			fputs("%0A", out);
		else if (property && *s == ':')
			fputs("%3A", out);
		else if (property && *s == ',')
			fputs("%2C", out);
		else
			fputc(*s, out);
	}
}

/*
 * One command: level, then the properties that are set (file unless
 * NULL or empty, line and col unless 0, title unless NULL), then text.
 */
static void
github_command(FILE *out, const char *level, const char *file,
    unsigned line, unsigned col, const char *title, const char *text)
{
	const char *sep = " ";

	fprintf(out, "::%s", level);
	if (file != NULL && *file != '\0') {
		fputs(" file=", out);
		github_escape(out, file, 1);
		sep = ",";
		if (line > 0) {
			fprintf(out, ",line=%u", line);
			if (col > 0)
				fprintf(out, ",col=%u", col);
		}
	}
	if (title != NULL) {
		fprintf(out, "%stitle=", sep);
		github_escape(out, title, 1);
	}
	fputs("::", out);
	github_escape(out, text, 0);
	fputc('\n', out);
}

/*
 * The level of a finding's annotation: error for a failure at or above
 * fail_on (it fails the run); warning for a failure of warning severity
 * below it and for a check that could not be verified; notice for an
 * info failure below it and for a pass resting on an assumption; NULL
 * for what is not annotated (pass, skip).
 */
static const char *
github_level(const struct dl_finding *f, enum dl_severity fail_on)
{
	if (f->status == DL_UNKNOWN)
		return "warning";
	if (f->status == DL_PASS && f->assumed)
		return "notice";
	if (f->status != DL_FAIL)
		return NULL;
	if (f->severity >= fail_on)
		return "error";
	return f->severity == DL_SEV_INFO ? "notice" : "warning";
}

static int
write_github(FILE *out, const struct dl_report *rep)
{
	char sum[256], *text, *full;
	const char *level;
	size_t i, j;

	for (i = 0; i < rep->n_errors; i++) {
		const struct dl_error *e = &rep->errors[i].error;

		github_command(out, "error", e->file, e->line, e->column,
		    NULL, e->message);
	}
	for (i = 0; i < rep->n_results; i++) {
		const struct dl_result *r = rep->results[i];

		for (j = 0; j < r->n_findings; j++) {
			const struct dl_finding *f = &r->findings[j];

			if ((level = github_level(f, rep->fail_on)) == NULL)
				continue;
			if ((text = finding_text(f)) == NULL)
				return -1;
			if (f->hint != NULL) {
				if (asprintf(&full, "%s\n%s", text,
				    f->hint) < 0) {
					free(text);
					return -1;
				}
				free(text);
				text = full;
			}
			github_command(out, level, file_of(r, f), f->pos.line,
			    f->pos.column, f->rule->id, text);
			free(text);
		}
	}
	snprintf(sum, sizeof(sum), "dnslint: ");
	dl_report_summary(rep, sum + 9, sizeof(sum) - 9);
	github_command(out, "notice", NULL, 0, 0, NULL, sum);
	return 0;
}
