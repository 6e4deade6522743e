/*
 * blast-radius: the change updates, and deletes, at most a set share of
 * the zone's records.
 *
 * Severity error by default, as octoDNS's safety thresholds block by
 * default: a large change is let through only on purpose, by an
 * acknowledgment in the plan, which turns it into a pass that quotes the
 * reason, so a deliberate large change reads as such.  Teams that want
 * only a warning set it so in .dnslint.yaml.
 */
#include <stdint.h>
#include <stdio.h>

#include "engine.h"
#include "model.h"
#include "rule.h"

static const struct dl_threshold thresholds[] = {
	{ "max_update_percent", DL_TH_PERCENT, 30, 0, 100,
	    "the largest share of the zone's records one change may update" },
	{ "max_delete_percent", DL_TH_PERCENT, 30, 0, 100,
	    "the largest share of the zone's records one change may delete" },
	{ "min_records", DL_TH_COUNT, 10, 1, 1000000000,
	    "zones with fewer records are not checked" },
};

/*
 * n of total as a percentage for people, to a tenth: "31", "30.8".  A
 * share above the whole-number threshold max that would round down to it
 * is rounded up instead ("30.1", not "30"), so the figure never
 * contradicts the verdict; a share at or below max never rounds above
 * it.
 */
static char *
percent(uint64_t n, uint64_t total, uint64_t max, char *buf, size_t len)
{
	uint64_t tenths = (n * 2000 + total) / (total * 2);

	if (n * 100 > max * total && tenths <= max * 10)
		tenths = max * 10 + 1;
	if (tenths % 10 == 0)
		snprintf(buf, len, "%llu", (unsigned long long)(tenths / 10));
	else
		snprintf(buf, len, "%llu.%llu",
		    (unsigned long long)(tenths / 10),
		    (unsigned long long)(tenths % 10));
	return buf;
}

/* Report one share: pass, fail, or pass because the plan says why. */
static void
judge(const struct dl_ctx *ctx, struct dl_sink *sink, const char *verb,
    uint64_t n, uint64_t total, uint64_t max)
{
	const struct dl_ack *ack = dl_plan_ack(ctx->plan, "blast-radius");
	struct dl_pos none = { 0, 0, NULL };
	char pct[32];

	percent(n, total, max, pct, sizeof(pct));
	if (ack != NULL)
		dl_sink_finding(sink, DL_PASS, ctx->plan->zone, ack->pos,
		    DL_NO_TIME, NULL, "%s %llu of %llu records (%s %%), more "
		    "than %llu %%, acknowledged: '%s'", verb,
		    (unsigned long long)n, (unsigned long long)total, pct,
		    (unsigned long long)max, ack->reason);
	else
		dl_sink_finding(sink, DL_FAIL, ctx->plan->zone, none,
		    DL_NO_TIME, "split the change into smaller steps, or "
		    "state why it is safe: acknowledge: {blast-radius: "
		    "\"...\"}", "%s %llu of %llu records (%s %%), more than "
		    "%llu %%", verb, (unsigned long long)n,
		    (unsigned long long)total, pct, (unsigned long long)max);
}

static void
check(const struct dl_ctx *ctx, const struct dl_rule_settings *set,
    struct dl_sink *sink)
{
	const struct dl_plan *p = ctx->plan;
	const struct dl_model *m = ctx->model;
	uint64_t max_upd = (uint64_t)set->value[0];
	uint64_t max_del = (uint64_t)set->value[1];
	uint64_t min = (uint64_t)set->value[2];
	uint64_t total, upd = 0, del = 0, ttl_only = 0;
	struct dl_pos none = { 0, 0, NULL };
	char pu[32], pd[32], extra[64];
	size_t i;
	int over_u, over_d;

	if (ctx->live == NULL) {
		dl_sink_finding(sink, DL_UNKNOWN, p->zone, none, DL_NO_TIME,
		    NULL, "the live zone could not be loaded");
		return;
	}
	if (dl_ctx_plan_only(ctx)) {
		dl_sink_finding(sink, DL_SKIP, p->zone, none, DL_NO_TIME,
		    DL_PLAN_ONLY_HINT, "needs the whole zone; the plan holds "
		    "only the RRsets it changes");
		return;
	}
	if (ctx->net != NULL && !dl_zone_is_whole(ctx->live)) {
		dl_sink_finding(sink, DL_SKIP, p->zone, none, DL_NO_TIME,
		    "use --zone-file or --axfr", "needs the whole zone to "
		    "count its records; the servers' answers hold only what "
		    "was asked");
		return;
	}
	total = dl_zone_record_count(ctx->live);
	if (total < min) {
		dl_sink_finding(sink, DL_SKIP, p->zone, none, DL_NO_TIME, NULL,
		    "the zone has %llu records, fewer than %llu",
		    (unsigned long long)total, (unsigned long long)min);
		return;
	}
	for (i = 0; i < m->n_rrsets; i++) {
		const struct dl_rrset_model *r = &m->rrsets[i];
		size_t n;

		/* A file or a transfer knows every RRset. */
		if (r->state == DL_TTL_UNKNOWN || r->live == NULL) {
			dl_sink_finding(sink, DL_UNKNOWN, r->subject,
			    r->change->pos, DL_NO_TIME, NULL,
			    "the live RRset could not be fetched");
			return;
		}
		n = ldns_rr_list_rr_count(r->live);
		if (r->change->delete)
			del += n;
		else if (r->state == DL_TTL_SAME_DATA)
			ttl_only += n;
		else
			upd += n;
	}
	over_u = upd * 100 > max_upd * total;
	over_d = del * 100 > max_del * total;
	if (over_u)
		judge(ctx, sink, "updates", upd, total, max_upd);
	if (over_d)
		judge(ctx, sink, "deletes", del, total, max_del);
	if (over_u || over_d)
		return;
	extra[0] = '\0';
	if (ttl_only > 0)
		snprintf(extra, sizeof(extra), "; %llu with a new TTL only, "
		    "not counted", (unsigned long long)ttl_only);
	dl_sink_finding(sink, DL_PASS, p->zone, none, DL_NO_TIME, NULL,
	    "updates %llu of %llu records (%s %%) and deletes %llu (%s %%), "
	    "at most %llu %% and %llu %%%s", (unsigned long long)upd,
	    (unsigned long long)total, percent(upd, total, max_upd, pu,
	    sizeof(pu)),
	    (unsigned long long)del, percent(del, total, max_del, pd,
	    sizeof(pd)),
	    (unsigned long long)max_upd, (unsigned long long)max_del, extra);
}

/* What it reads (needs.h). */
static const struct dl_need needs[] = {
	{ DL_NEED_CHANGED, 0 },
};

const struct dl_rule dl_rule_blast_radius = {
	.id = "blast-radius",
	.severity = DL_SEV_ERROR,
	.summary = "the change updates, and deletes, at most 30 % of the "
	    "zone's records each",
	.explain =
	"A change that rewrites a large part of a zone at once has a large\n"
	"blast radius: if it is wrong, everything it touched is wrong at\n"
	"the same moment, and rolling back is as large as the change.  The\n"
	"big accidents look like this: a desired zone exported from the\n"
	"wrong system or branch, a search-and-replace that matched more than\n"
	"meant, a generator bug that drops half the records.\n"
	"\n"
	"This rule counts the zone's records (every record of the zone file\n"
	"or the transfer, the SOA included), the records the change updates\n"
	"(the live records of every RRset it gives new data) and the records\n"
	"it deletes (the live records of every RRset it deletes), and fails\n"
	"when either share is above max_update_percent or max_delete_percent\n"
	"(30 each; exactly 30 % passes).  New RRsets are not counted: they\n"
	"break nothing that works.  RRsets whose data stays the same and\n"
	"only get a new TTL are not counted either (lowering every TTL\n"
	"before a migration is good practice, not a risk).  Zones with fewer\n"
	"than min_records (10) records are skipped: there every change is\n"
	"large.  With the servers' answers alone the zone's size is unknown:\n"
	"skipped; use --zone-file or --axfr.\n"
	"\n"
	"The default severity is error, as octoDNS's safety thresholds block\n"
	"by default: a large change goes through only on purpose.  The plan\n"
	"acknowledges it, with the reason people will read:\n"
	"\n"
	"  acknowledge:\n"
	"    blast-radius: \"renumbering to the new network, CHG-1234\"\n"
	"\n"
	"Then the finding passes and quotes the reason.  A team that wants\n"
	"only a warning sets the severity in .dnslint.yaml.\n"
	"\n"
	"Fix: split the change into steps that can each be checked and\n"
	"rolled back, or acknowledge it in the plan.",
	.thresholds = thresholds,
	.n_thresholds = sizeof(thresholds) / sizeof(thresholds[0]),
	.good =
	"changes:   # 3 of 100 records\n"
	"  - { name: www, type: A, to: [198.51.100.10, 198.51.100.11, "
	"198.51.100.12] }\n",
	.bad =
	"changes:   # 31 of 100 records, no acknowledgment\n"
	"  - { name: pool, type: A, to: [198.51.100.10] }\n",
	.needs = needs,
	.n_needs = sizeof(needs) / sizeof(needs[0]),
	.flags = DL_RULE_ACKNOWLEDGEABLE,
	.check = check,
};
