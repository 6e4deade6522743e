/*
 * engine.h - runs the rules over live zone + plan and collects the result.
 */
#ifndef DL_ENGINE_H
#define DL_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "live.h"
#include "model.h"
#include "needs.h"
#include "plan.h"
#include "rule.h"
#include "zone.h"

/* What a check function may read.  Everything is borrowed. */
struct dl_ctx {
	const struct dl_plan	*plan;
	const struct dl_zone	*live;		/* NULL: no live data */
	/* What each server said, when the servers were asked; NULL for a
	   zone file. */
	const struct dl_live	*net;
	const struct dl_config	*config;
	const struct dl_model	*model;
	int64_t			now;
	int64_t			cutover;
};

struct dl_finding {
	const struct dl_rule	*rule;
	enum dl_severity	severity;
	enum dl_status		status;
	char			*subject;
	char			*message;
	char			*hint;		/* NULL when none */
	int64_t			wait_until;	/* DL_NO_TIME when none */
	struct dl_pos		pos;		/* pos.file is NULL: see file */
	char			*file;		/* NULL: the plan; else where
						   pos is (a desired zone) */
	/*
	 * The change at pos, when the finding is at one: what it does
	 * ("www.example.com. A 192.0.2.10 -> 198.51.100.10", which every
	 * report format shows after message) and its RDATA before and after ("(none)" for no records;
	 * NULL when not known).  All NULL when the finding is at no change.
	 */
	char			*change;
	char			*change_from;
	char			*change_to;
	/*
	 * A pass that rests on an assumption its message states
	 * (dl_sink_assumption()): the formats that leave passes out write
	 * it all the same.
	 */
	int			assumed;
};

struct dl_step {
	enum dl_step_kind	kind;
	char			*subject;
	int64_t			at;		/* DL_NO_TIME: after validation */
	enum dl_step_state	state;
	char			*text;
};

/* The outcome for one plan. */
struct dl_result {
	char			*file;		/* the plan as named */
	char			*zone;
	int64_t			now;
	int64_t			cutover;
	char			*source;	/* "zone-file", "axfr", "query" */
	char			*source_name;	/* e.g. the live zone file */
	struct dl_finding	*findings;	/* rule order, then report order */
	size_t			n_findings;
	struct dl_step		*steps;		/* ordered in time */
	size_t			n_steps;
	/* What each change of the plan does, in plan order (see
	   dl_finding's change). */
	char			**changes;
	size_t			n_changes;
};

/*
 * Is the live side only what the plan itself states: a Terraform plan's
 * before values, with no zone file and no servers?  Rules that need more
 * (the whole zone, RRsets the plan does not change, the nameservers) then
 * skip with DL_PLAN_ONLY_HINT instead of reporting unknown.  1 or 0.
 */
int	dl_ctx_plan_only(const struct dl_ctx *ctx);

#define DL_PLAN_ONLY_HINT \
	"give the live zone with --zone-file or --axfr, or servers with -s"

/*
 * Report that the apex NS RRset after the change is not known: unknown
 * ("the live NS RRset could not be fetched", or why the plan's NS change
 * is not known), or skip when the live side is only the plan's and the
 * plan does not change the NS RRset.
 */
void	dl_sink_ns_unknown(struct dl_sink *sink, const struct dl_ctx *ctx,
	    const char *subject, struct dl_pos pos);

/*
 * When a change's new data is not known (dl_plan_unknown_change()),
 * report unknown for the zone after the change, naming the RRset, and
 * return 1; else return 0 and report nothing.
 */
int	dl_sink_after_unknown(struct dl_sink *sink, const struct dl_ctx *ctx);

/*
 * The plan's change of the apex NS RRset when it changes the nameservers
 * (a new TTL alone moves nothing: the live set, when known, is compared),
 * or NULL.  A provider move.
 */
const struct dl_change *dl_ctx_ns_change(const struct dl_ctx *ctx);

/*
 * What the servers said, for the rules that read it: functions over the
 * context, so that no rule walks the query engine's batches.  Without
 * servers (ctx->net NULL) none was asked: counts are 0, look-ups NULL.
 */

/* How many of the zone's current servers were asked. */
size_t	dl_ctx_servers(const struct dl_ctx *ctx);

/* Current server s (in range): its address text and the NS name it was
   found under (label, "" for a server named with -s). */
const struct dl_dnsq_server *dl_ctx_server(const struct dl_ctx *ctx,
	    size_t s);

/* The index of the question owner/type asked of the current servers, or
   -1 when it was not asked. */
int	dl_ctx_question(const struct dl_ctx *ctx, const char *owner,
	    ldns_rr_type type);

/* The type of question q (an index dl_ctx_question() gave). */
ldns_rr_type dl_ctx_question_type(const struct dl_ctx *ctx, int q);

/* What current server s said to question q, owned by the live data. */
const struct dl_dnsq_result *dl_ctx_reply(const struct dl_ctx *ctx,
	    size_t s, int q);

/* A name of the zone's NS RRset discovery found no address for (so no
   server under it was asked), or NULL. */
const char *dl_ctx_unasked(const struct dl_ctx *ctx);

/* Was the NS RRset after the change known when the servers were asked
   (so that its nameservers could be)?  1 or 0. */
int	dl_ctx_ns_known(const struct dl_ctx *ctx);

/* The nameservers after the change, each address with its answer to
   "zone SOA", grouped by name; *n of them (NULL and 0 when none). */
const struct dl_live_ns_addr *dl_ctx_nameservers(const struct dl_ctx *ctx,
	    size_t *n);

/* The names of nameservers after the change without any address; *n of
   them. */
char *const *dl_ctx_ns_unresolved(const struct dl_ctx *ctx, size_t *n);

/*
 * A provider move (dl_live's move questions): the zone's RRsets asked of
 * the new nameservers' addresses that are not current servers.  Without
 * servers, or with nothing to ask, counts are 0.
 */

/* How many RRsets were asked of each new server. */
size_t	dl_ctx_move_questions(const struct dl_ctx *ctx);

/* Move question q (in range): its owner (absolute, lower case), and its
   type into *type. */
const char *dl_ctx_move_question(const struct dl_ctx *ctx, size_t q,
	    ldns_rr_type *type);

/* How many RRsets there were to ask: more than dl_ctx_move_questions()
   when capped at DL_LIVE_MOVE_MAX. */
size_t	dl_ctx_move_total(const struct dl_ctx *ctx);

/* Are the RRsets to ask every RRset of the zone (a transfer)?  1 or 0. */
int	dl_ctx_move_whole(const struct dl_ctx *ctx);

/* How many new servers were asked. */
size_t	dl_ctx_move_servers(const struct dl_ctx *ctx);

/* New server s (in range): its address text and NS name. */
const struct dl_dnsq_server *dl_ctx_move_server(const struct dl_ctx *ctx,
	    size_t s);

/* What new server s said to move question q, owned by the live data. */
const struct dl_dnsq_result *dl_ctx_move_reply(const struct dl_ctx *ctx,
	    size_t s, size_t q);

/* The DS RRset at the parent: 1 when a parent server answered with
   authority, and *n its records (0: the delegation is insecure); else 0
   and *n 0. */
int	dl_ctx_parent_ds(const struct dl_ctx *ctx, size_t *n);

/*
 * Is the host name in the NS RRset rrs?  name absolute, lower case.
 * rrs may be NULL (then 0).  1 or 0.
 */
int	dl_ns_list_has(const ldns_rr_list *rrs, const char *name);

/*
 * The NS records of a whose host name b does not hold, borrowed, pushed
 * onto out (NULL: only count them).  Returns how many, or -1 when out of
 * memory.
 */
int	dl_ns_only_in(const ldns_rr_list *a, const ldns_rr_list *b,
	    ldns_rr_list *out);

/* Totals over results, by status; fail counts only failures at or above
   fail_on, failed_below those under it. */
struct dl_totals {
	size_t	pass;
	size_t	fail;
	size_t	failed_below;
	size_t	skip;
	size_t	unknown;
};

/*
 * The time model's thresholds in cfg (NULL: the defaults): the values of
 * the registered rules' thresholds that are inputs of the model
 * (struct dl_rule's model_input).  An input no rule gives is 0.
 */
void	dl_engine_model_params(const struct dl_config *cfg,
	    struct dl_model_params *out);

/*
 * Which records of the live zone the registered rules need for plan:
 * dl_needs_filter() of dl_needs_all() (needs.h).  Fills pf; free with
 * dl_engine_filter_free().  Returns 0 or DL_ENOMEM.
 */
int	dl_engine_filter(const struct dl_plan *plan, struct dl_plan_filter *pf);

void	dl_engine_filter_free(struct dl_plan_filter *pf);

/*
 * Run every rule that is not off in cfg over plan and live (NULL when no
 * live data could be had: rules then report unknown).  net is what the
 * servers said when they were asked (NULL otherwise); its parent NS TTL
 * and DS TTL, when known, replace the configured ones.  source and source_name
 * describe where live came from.  cutover is C (the caller applies
 * --cutover, the plan's cutover, or now).  Returns 0 and sets *out (free
 * with dl_result_free()), or DL_ENOMEM.
 */
int	dl_engine_run(const struct dl_plan *plan, const struct dl_zone *live,
	    const struct dl_live *net, const char *source,
	    const char *source_name,
	    const struct dl_config *cfg, int64_t now, int64_t cutover,
	    struct dl_result **out);

void	dl_result_free(struct dl_result *r);

/* Add up results; fail_on is the least severity whose failure counts. */
void	dl_totals_add(struct dl_totals *t, const struct dl_result *r,
	    enum dl_severity fail_on);

/*
 * The exit status the totals call for: 1 when something at or above
 * fail_on failed, else 3 when something could not be verified, else 0.
 */
int	dl_totals_status(const struct dl_totals *t);

/* "pass", "fail", "skip", "unknown". */
const char *dl_status_name(enum dl_status s);

/* Checklist step ids for the JSON schema: "lower-ttl", ... */
const char *dl_step_kind_name(enum dl_step_kind k);

/* "done", "pending", "blocked". */
const char *dl_step_state_name(enum dl_step_state s);

#endif
