/*
 * soa-serial: a desired zone that differs from the live one has a greater
 * SOA serial, in RFC 1982 serial number arithmetic.
 */
#include <stdio.h>

#include "engine.h"
#include "model.h"
#include "octodns.h"
#include "rule.h"

static void
check(const struct dl_ctx *ctx, const struct dl_rule_settings *set,
    struct dl_sink *sink)
{
	const struct dl_plan *p = ctx->plan;
	struct dl_pos none = { 0, 0, NULL };
	char subject[300], hint[96];
	uint32_t want, have;

	(void)set;
	snprintf(subject, sizeof(subject), "%s SOA", p->zone);
	if (p->desired == NULL) {
		dl_sink_finding(sink, DL_SKIP, subject, none, DL_NO_TIME, NULL,
		    "not a desired-zone plan: the plan lists its changes");
		return;
	}
	if (p->n_changes == 0) {
		dl_sink_finding(sink, DL_SKIP, subject, p->desired_soa_pos,
		    DL_NO_TIME, NULL, "the desired zone does not differ from "
		    "the live one");
		return;
	}
	/* Neither serial exists to compare: fail closed is not a guess. */
	if (dl_octodns_is_file(p->desired) || (ctx->net == NULL &&
	    ctx->live != NULL && dl_zone_soa(ctx->live) == NULL &&
	    dl_octodns_is_file(dl_zone_file(ctx->live)))) {
		dl_sink_finding(sink, DL_SKIP, subject, none, DL_NO_TIME, NULL,
		    "an octoDNS zone has no SOA: the provider writes it");
		return;
	}
	if (dl_soa_serial(p->desired_soa, &want) != 0) {
		dl_sink_finding(sink, DL_UNKNOWN, subject, p->desired_soa_pos,
		    DL_NO_TIME, NULL, "the desired zone has no SOA serial");
		return;
	}
	if (ctx->live == NULL ||
	    dl_soa_serial(dl_zone_soa(ctx->live), &have) != 0) {
		dl_sink_finding(sink, DL_UNKNOWN, subject, p->desired_soa_pos,
		    DL_NO_TIME, NULL, "the live SOA serial is not known");
		return;
	}
	if (dl_serial_gt(want, have)) {
		dl_sink_finding(sink, DL_PASS, subject, p->desired_soa_pos,
		    DL_NO_TIME, NULL, "serial %u is greater than the live %u",
		    want, have);
		return;
	}
	snprintf(hint, sizeof(hint), "raise the serial of the desired zone "
	    "to %u or a little more", have + 1);
	if (want != have && !dl_serial_gt(have, want))
		dl_sink_finding(sink, DL_FAIL, subject, p->desired_soa_pos,
		    DL_NO_TIME, hint, "serial %u and the live %u are 2^31 "
		    "apart: RFC 1982 leaves their order undefined", want, have);
	else
		dl_sink_finding(sink, DL_FAIL, subject, p->desired_soa_pos,
		    DL_NO_TIME, hint, "serial %u is not greater than the live "
		    "%u: secondaries and other providers would not take the "
		    "change", want, have);
}

/* What it reads (needs.h). */
static const struct dl_need needs[] = {
	{ DL_NEED_APEX, LDNS_RR_TYPE_SOA },
};

const struct dl_rule dl_rule_soa_serial = {
	.id = "soa-serial",
	.severity = DL_SEV_ERROR,
	.summary = "a desired zone that differs from the live one has a "
	    "greater SOA serial",
	.explain =
	"Secondary servers, and a second provider fed by zone transfers,\n"
	"fetch a zone only when its SOA serial grows.  A zone file edited\n"
	"without raising the serial is loaded by the primary and ignored by\n"
	"every secondary: the servers then answer differently, and nobody\n"
	"notices until the change is needed.  A serial that went backwards\n"
	"is worse: the secondaries keep the old zone until the serial\n"
	"passes their copy again.\n"
	"\n"
	"For a plan written as a desired zone (desired: in a plan, or\n"
	"--desired) that differs from the live zone in any RRset, the\n"
	"desired SOA serial must be greater than the live one in RFC 1982\n"
	"serial number arithmetic: serials wrap around at 2^32, so 1 is\n"
	"greater than 4294967295, and two serials exactly 2^31 apart have\n"
	"no order (that fails).  Equal serials fail.  Plans that list their\n"
	"changes are skipped (the servers or the provider set the serial),\n"
	"and so are desired zones equal to the live one.  It is unknown\n"
	"when the live SOA could not be fetched.  An octoDNS zone file\n"
	"(.yaml) has no SOA, its provider writes it: with one on either\n"
	"side the rule is skipped.\n"
	"\n"
	"Fix: raise the serial in the desired zone file; the usual form is\n"
	"the date and a counter, 2026120101.\n"
	"\n"
	"References: RFC 1982; RFC 1035 section 3.3.13; RFC 1996.",
	.thresholds = NULL,
	.n_thresholds = 0,
	.good =
	"; live:    @ SOA ns1 hostmaster 2026112201 7200 900 1209600 3600\n"
	"@ SOA ns1 hostmaster 2026120101 7200 900 1209600 3600\n",
	.bad =
	"; live:    @ SOA ns1 hostmaster 2026112201 7200 900 1209600 3600\n"
	"@ SOA ns1 hostmaster 2026112201 7200 900 1209600 3600\n",
	.needs = needs,
	.n_needs = sizeof(needs) / sizeof(needs[0]),
	.check = check,
};
