/*
 * rule.h - what a rule is, what it reads and how it reports.
 *
 * A rule is a const struct dl_rule in its own file in rules/, listed once
 * in rules/registry.c.  Its check function reads the context and reports
 * findings (and checklist steps) through the sink; it never prints, never
 * touches libyaml or the network, never exits.
 */
#ifndef DL_RULE_H
#define DL_RULE_H

#include <stddef.h>
#include <stdint.h>

#include "dtime.h"
#include "plan.h"

enum dl_severity {
	DL_SEV_OFF = 0,
	DL_SEV_INFO,
	DL_SEV_WARNING,
	DL_SEV_ERROR
};

enum dl_status {
	DL_PASS = 0,
	DL_FAIL,
	DL_SKIP,	/* not applicable, or not possible from this source */
	DL_UNKNOWN	/* could not be verified: never a pass */
};

enum dl_threshold_kind {
	DL_TH_SECONDS,	/* a TTL or duration: 300, 5m, 1d */
	DL_TH_COUNT,	/* a whole number */
	DL_TH_PERCENT	/* 0 to 100 */
};

/* Which input of the time model (model.h) a threshold is, if any. */
enum dl_model_input {
	DL_MODEL_NONE = 0,
	DL_MODEL_MAX_TTL,	/* Tmax: a TTL at most this is low */
	DL_MODEL_FACTOR		/* k: how many TTLs a cache is waited for */
};

/* A rule's tunable threshold; values come validated from the config. */
struct dl_threshold {
	const char	*name;		/* config key, snake_case: "max_ttl" */
	enum dl_threshold_kind kind;
	int64_t		def;
	int64_t		min;
	int64_t		max;
	const char	*doc;		/* one line */
};

#define DL_MAX_THRESHOLDS 4

/* A rule's settings for one run: severity and threshold values. */
struct dl_rule_settings {
	enum dl_severity severity;
	int64_t		value[DL_MAX_THRESHOLDS];	/* by threshold index */
};

/*
 * What a rule reads.  Each rule declares its data in its own file; the
 * records a zone file load keeps and the questions asked of the servers
 * both come from these declarations (needs.h), from nowhere else.
 * "Zone file only": servers cannot be asked for it by name and type.
 */
enum dl_need_kind {
	DL_NEED_APEX = 0,	/* the apex's RRset of .type */
	DL_NEED_CHANGED,	/* the RRsets the plan changes, whole */
	DL_NEED_OTHER_FAMILY,	/* at an owner whose A (AAAA) RRset the
				   plan changes, its AAAA (A) RRset */
	DL_NEED_ENCLOSERS,	/* every record at the names between a
				   changed owner and the apex, and at the
				   wildcards below them and below the apex
				   (zone file only) */
	DL_NEED_TARGETS,	/* every record at the in-zone targets of
				   the plan's new records of .type (zone
				   file only) */
	DL_NEED_TARGET_ADDRESSES, /* the A and AAAA RRsets of the in-zone
				   targets of the plan's new records of
				   .type */
	DL_NEED_DECOMMISSIONED,	/* the A and AAAA RRsets of the in-zone
				   host names the plan decommissions */
	DL_NEED_DECOMMISSION_MENTIONS, /* every record whose RDATA mentions
				   a decommissioned target (zone file only) */
	DL_NEED_ALIAS_MENTIONS,	/* every record whose RDATA mentions a name
				   the plan makes an alias (zone file only) */
	DL_NEED_NAMESERVERS,	/* every address of the nameservers after
				   the change, and their SOA (servers only) */
	DL_NEED_PARENT,		/* the parent's delegation: its NS TTL and
				   DS RRset (servers found by discovery) */
	DL_NEED_WHOLE_ZONE,	/* every record of the zone: a zone file is
				   read whole (servers: --axfr) */
	DL_NEED_KINDS
};

struct dl_need {
	enum dl_need_kind kind;
	uint16_t	type;	/* DL_NEED_APEX, _TARGETS, _TARGET_ADDRESSES:
				   an RR type (LDNS_RR_TYPE_*); else 0 */
};

/*
 * A rule's flags: what the rest of dnslint may ask of a rule without
 * naming it.
 */
enum {
	/* A finding of this rule may be acknowledged in the plan
	   (acknowledge:); a failure then counts as a pass. */
	DL_RULE_ACKNOWLEDGEABLE = 1 << 0,
	/* Its findings are about what follows the cutover (switching
	   things off), not whether cutting over is safe: `wait` does not
	   wait for them. */
	DL_RULE_AFTER_CUTOVER = 1 << 1,
	/* It asks each new nameserver, one finding per name (the subject):
	   verify-provider is done when each passed, blocked when one
	   failed. */
	DL_RULE_VERIFIES_NS = 1 << 2,
	/* It compares the nameservers with each other: a failure blocks
	   verify-provider. */
	DL_RULE_VERIFIES_ZONE = 1 << 3,
	/* A failure that waiting fixes (wait_until set) blocks the
	   delegation step of a provider move. */
	DL_RULE_GATES_DELEGATION = 1 << 4,
	/* It reads no ctx->model (which is NULL for it) and nothing that
	   another rule's run changes: the engine may run it on a thread of
	   its own, beside the model's build and the other rules. */
	DL_RULE_NO_MODEL = 1 << 5,
};

struct dl_ctx;
struct dl_sink;

struct dl_rule {
	const char	*id;		/* kebab-case, stable forever */
	enum dl_severity severity;	/* default */
	const char	*summary;	/* one line, lower case */
	const char	*explain;	/* what, why, how to fix, references */
	const struct dl_threshold *thresholds;
	size_t		n_thresholds;
	const char	*good;		/* plan snippet that passes */
	const char	*bad;		/* plan snippet that fails */
	const struct dl_need *needs;	/* the data it reads */
	size_t		n_needs;
	unsigned	flags;		/* DL_RULE_* */
	/* Its threshold that is an input of the time model (model.h):
	   which input, and the threshold's index; DL_MODEL_NONE: none. */
	enum dl_model_input model_input;
	size_t		model_threshold;
	void		(*check)(const struct dl_ctx *ctx,
			    const struct dl_rule_settings *settings,
			    struct dl_sink *sink);
};

/* Steps at the same instant are listed in this order. */
enum dl_step_kind {
	DL_STEP_LOWER_TTL = 0,
	DL_STEP_TTL_PROPAGATED,
	DL_STEP_VERIFY_PROVIDER, /* the new nameservers serve the zone */
	DL_STEP_DS_REMOVE,	/* a DS RRset removed at the parent */
	DL_STEP_UNSIGN,		/* the old provider stops signing */
	DL_STEP_CUTOVER,
	DL_STEP_VISIBLE,	/* a new name is visible everywhere */
	DL_STEP_DELEGATION,	/* the NS set changed at the parent */
	DL_STEP_SIGN,		/* the new provider signs */
	DL_STEP_DNSKEY_ADD,	/* keys published (exchanged) */
	DL_STEP_DS_ADD,		/* a DS added at the parent */
	DL_STEP_DECOMMISSION,
	DL_STEP_DNSKEY_REMOVE,	/* the old provider's keys withdrawn */
	DL_STEP_RESTORE_TTL
};

enum dl_step_state {
	DL_STEP_DONE = 0,
	DL_STEP_PENDING,
	DL_STEP_BLOCKED
};

/*
 * Report a finding.  subject is written as the design says
 * ("www.example.com. A", "192.0.2.10").  wait_until is the earliest
 * instant at which the finding would pass, DL_NO_TIME for none.  pos is
 * the place in the plan (0/0 for none).  message is one line; hint, which
 * may be NULL, is a second line for people (text and markdown formats).
 * Copies what it is given.
 */
void	dl_sink_finding(struct dl_sink *sink, enum dl_status status,
	    const char *subject, struct dl_pos pos, int64_t wait_until,
	    const char *hint, const char *fmt, ...)
	    __attribute__((format(printf, 7, 8)));

/*
 * dl_sink_finding() for a suspicion rather than a proof: the finding's
 * severity is at most warning, whatever the rule's.
 */
void	dl_sink_suspicion(struct dl_sink *sink, enum dl_status status,
	    const char *subject, struct dl_pos pos, int64_t wait_until,
	    const char *hint, const char *fmt, ...)
	    __attribute__((format(printf, 7, 8)));

/*
 * dl_sink_finding() for a pass that rests on an assumption nothing could
 * check ("assumed low for at least 86400s ...: no history"), which the
 * message states: every report format shows it, even those that leave
 * passes out.
 */
void	dl_sink_assumption(struct dl_sink *sink, const char *subject,
	    struct dl_pos pos, const char *hint, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/*
 * Add a checklist step.  at is DL_NO_TIME for "after validation".  A step
 * of the same kind and subject as an earlier one replaces nothing and is
 * dropped.  Copies what it is given.
 */
void	dl_sink_step(struct dl_sink *sink, enum dl_step_kind kind,
	    const char *subject, int64_t at, enum dl_step_state state,
	    const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));

#endif
