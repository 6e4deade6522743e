/*
 * plan.h - the change plan: a strict YAML loader (libyaml).
 *
 * Every loaded item keeps its position in the plan file so a finding can
 * point at the line that caused it.  Names are kept absolute, lower case,
 * with the trailing dot ("www.example.com.").
 */
#ifndef DL_PLAN_H
#define DL_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "error.h"

struct dl_zone;

/*
 * A place in a file, 1-based; 0/0 means "no place".  file is NULL for the
 * plan itself, else another file the place is in (a desired zone file);
 * it points at storage that outlives the plan's use.
 */
struct dl_pos {
	unsigned	line;
	unsigned	column;
	const char	*file;
};

enum dl_strategy {
	DL_STRATEGY_UNSET = 0,
	DL_STRATEGY_MULTI_SIGNER,	/* "multi-signer" (RFC 8901) */
	DL_STRATEGY_UNSIGN_FIRST	/* "unsign-first" */
};

/* ttl_lowered: the preparation, done or planned. */
struct dl_lowering {
	int		set;		/* 0: not stated */
	int64_t		at;		/* W: when the lowered TTL is published */
	int		has_from;
	uint32_t	from;		/* P: the TTL before lowering */
	int		has_to;
	uint32_t	to;		/* the lowered TTL */
	struct dl_pos	pos;		/* of the ttl_lowered key */
};

/*
 * What a zone file's git history says of a changed RRset whose live TTL is
 * low (githist.h), when the live side is a git revision.  A lowering
 * found is also written to the change's lowered (W and P), as if the plan
 * had stated it.
 */
enum dl_git_finding {
	DL_GIT_NONE = 0,	/* history not read (not git, or not needed) */
	DL_GIT_LOWERED,		/* commit lowered it from above max_ttl */
	DL_GIT_LOW_SINCE,	/* low in every version since commit */
	DL_GIT_UNKNOWN		/* the history could not be read: why, fix */
};

struct dl_git_note {
	enum dl_git_finding kind;
	char		commit[16];	/* short hash */
	int64_t		time;		/* its committer time */
	int		created;	/* LOW_SINCE: the RRset first appears at
					   commit (0: the file's first version) */
	char		*why;		/* UNKNOWN: owned by the plan */
	const char	*fix;		/* UNKNOWN: static text */
};

struct dl_change {
	struct dl_pos	pos;		/* of the list item's first key */
	char		*owner;		/* absolute, lower case */
	ldns_rr_type	type;
	int		delete;		/* delete: true */
	/*
	 * The new RRset, records with owner and type as above and TTL ttl
	 * (or 0 when has_ttl is 0); NULL when delete is set.  Rdata names
	 * are read as in a zone file: relative to the zone unless they end
	 * in a dot.  Owned by the plan.
	 */
	ldns_rr_list	*to;
	struct dl_pos	to_pos;
	int		has_ttl;
	uint32_t	ttl;
	struct dl_pos	ttl_pos;
	ldns_rr_list	*from;		/* expected live RDATA, NULL if not stated */
	struct dl_pos	from_pos;
	struct dl_lowering lowered;	/* per change; .set 0: the plan's applies */
	/*
	 * child_ns_ttl: for an NS change below the apex, the child zone's
	 * own apex NS TTL as the plan states it (offline, it cannot be
	 * asked); has_child_ns_ttl 0 when not stated.
	 */
	int		has_child_ns_ttl;
	uint32_t	child_ns_ttl;
	struct dl_pos	child_ns_ttl_pos;
	struct dl_git_note git;		/* from git history, when read */
	/*
	 * When dnslint wait first saw the live TTL at or below max_ttl
	 * without seeing it higher before (has_seen_low 0: not watched):
	 * the TTL was low by then at the latest.
	 */
	int		has_seen_low;
	int64_t		seen_low;
	/*
	 * Why the new data is not known (a Terraform value known only after
	 * apply: "its records are known only after apply"), or NULL.  to is
	 * then empty and says nothing: rules that need it report unknown.
	 */
	const char	*unknown;
	/*
	 * Why the plan's own live side (dl_plan's before) lacks this RRset
	 * ("it is an alias to an Azure resource, ..."), or NULL.
	 */
	const char	*live_unknown;
	/*
	 * Where the change comes from, added to the messages of findings at
	 * its place: the Terraform resource address ("aws_route53_record.www",
	 * "module.dns.aws_route53_record.w[\"a\"] and 2 more"); NULL for
	 * YAML plans.  Owned by the plan.
	 */
	char		*address;
};

/*
 * acknowledge: a rule whose failure the plan's author accepts, and why.
 * The rule then reports pass, quoting the reason.  Only rules that allow
 * it may be named (dl_plan_ackable()).
 */
struct dl_ack {
	char		*rule;		/* a rule id: "blast-radius" */
	char		*reason;	/* one line, never empty */
	struct dl_pos	pos;		/* of the rule's key */
};

struct dl_decommission {
	char		*target;	/* an address ("192.0.2.10", "2001:db8::1")
					   or an absolute lower-case host name */
	int		is_address;
	int64_t		at;		/* D; DL_NO_TIME: not stated (an old
					   address a Terraform plan takes out
					   of an RRset, terraform.h) */
	struct dl_pos	pos;		/* of the list item */
	/*
	 * The host name target whose address this is, when the entry was
	 * added for it (dl_decommission_hosts(), model.h): borrowed from
	 * that entry's target.  NULL: the plan names the target.
	 */
	const char	*via;
	/*
	 * The other plan of the run that decommissions it (several plans
	 * checked at once: a record of this zone on it is stale too), as
	 * named; owned by the caller that added the entry, which outlives
	 * the plan.  NULL: this plan.
	 */
	const char	*plan_file;
};

/* A path as written in a plan, and where: for dl_plan_resolve(). */
struct dl_plan_path {
	char		*text;		/* NULL: not written in a plan */
	struct dl_pos	pos;		/* of the value */
};

struct dl_plan {
	char		*file;		/* as named; "-" is shown as "<stdin>" */
	char		*dir;		/* folder relative paths are taken from */
	char		*zone;		/* absolute, lower case */
	struct dl_pos	zone_pos;
	int		has_cutover;
	int64_t		cutover;
	struct dl_pos	cutover_pos;
	/*
	 * The files the plan names, joined with dir; NULL if absent.  Open
	 * them only after dl_plan_resolve(): until then they may point
	 * anywhere.  desired is also a --desired operand (diff.h).
	 */
	char		*live_zone_file;
	struct dl_pos	live_zone_file_pos;
	char		*desired;
	struct dl_pos	desired_pos;
	struct dl_plan_path live_zone_file_written, desired_written;
	/* For a desired-zone plan, once diffed (diff.h): the desired SOA. */
	ldns_rr		*desired_soa;
	struct dl_pos	desired_soa_pos;
	struct dl_change *changes;
	size_t		n_changes;
	struct dl_lowering lowered;	/* the plan-wide ttl_lowered */
	struct dl_decommission *decommission;
	size_t		n_decommission;
	enum dl_strategy dnssec_strategy;
	struct dl_pos	dnssec_strategy_pos;
	/*
	 * The steps of a provider move (nsmove.h) the plan times: the
	 * delegation changed at the parent (delegation_at:, default the
	 * cutover), the DS removed at the parent (ds_remove_at:,
	 * unsign-first) and the keys exchanged (dnskey_add_at:,
	 * multi-signer).  Each only when its has_ flag is set.
	 */
	int		has_delegation_at, has_ds_remove_at, has_dnskey_add_at;
	int64_t		delegation_at;
	struct dl_pos	delegation_at_pos;
	int64_t		ds_remove_at;
	struct dl_pos	ds_remove_at_pos;
	int64_t		dnskey_add_at;
	struct dl_pos	dnskey_add_at_pos;
	struct dl_ack	*acks;		/* acknowledge:, in plan order */
	size_t		n_acks;
	/*
	 * The live RRsets as the plan itself states them (a Terraform plan's
	 * before values, terraform.h): a partial zone, owned by the plan;
	 * NULL for a YAML plan.  source names it in reports.
	 */
	struct dl_zone	*before;
};

/*
 * Load the plan at path ("-" reads standard input).  now is the instant
 * that "now" in times stands for.  On success returns 0 and sets *out,
 * which the caller frees with dl_plan_free().  On invalid input returns
 * DL_EINPUT (DL_EIO when unreadable, DL_ENOMEM) and fills err with file,
 * line, column and what was expected.
 */
int	dl_plan_load(const char *path, int64_t now, struct dl_plan **out,
	    struct dl_error *err);

/*
 * As dl_plan_load(), from a buffer: name is what errors call the file,
 * dir the folder relative paths are taken from.  The buffer is not kept.
 */
int	dl_plan_load_buffer(const char *name, const char *dir,
	    const char *buf, size_t len, int64_t now, struct dl_plan **out,
	    struct dl_error *err);

/*
 * Load a plan operand: a YAML plan (dl_plan_load()), or a Terraform plan
 * (JSON from `terraform show -json`, terraform.h), which holds one plan
 * per zone it changes.  JSON is a Terraform plan when it has the keys
 * format_version and resource_changes; other JSON, and text that starts
 * like JSON but is none (YAML's flow style), is read as a YAML plan,
 * unless the file is called .json or holds "format_version": then the
 * JSON error stands.  zone is --zone (NULL: none): the zone of
 * Terraform records no zone resource names.  On success returns 0 and
 * sets *plans to an array of *n plans (free each with dl_plan_free(),
 * the array with free(3)); *n is 0 only for a Terraform plan that
 * changes no DNS record, and *note then says so ("no DNS record changes
 * among the 3 resource changes of the Terraform plan").  Otherwise
 * returns an error code with err filled: DL_EINPUT (broken JSON at its
 * line and column, JSON that is not a Terraform plan), DL_EIO,
 * DL_EUNAVAIL (a record Terraform names only after apply), DL_ENOMEM.
 */
int	dl_plan_load_operand(const char *path, int64_t now, const char *zone,
	    struct dl_plan ***plans, size_t *n, char *note, size_t note_len,
	    struct dl_error *err);

/*
 * Make plan's live_zone_file or desired (key "live_zone_file" or
 * "desired") the file to open, confined: a path written in a plan must
 * resolve, symbolic links resolved, to a regular file inside the plan's
 * root, so that a plan from a pull request cannot make dnslint read (and
 * quote in an error) a file elsewhere on the machine.  The root is the top
 * of the git work tree that holds the plan's folder (its nearest ancestor,
 * itself included, with a .git entry, folder or file), else the plan's
 * folder.  Absolute paths are allowed inside it.
 *
 * On success the field is replaced by the resolved path: from the working
 * folder ("../zones/x.zone") when the plan's folder is relative, else
 * absolute.  A path not written in a plan (a --desired operand, or none)
 * is left as it is.  Returns 0, or with err at the value in the plan:
 * DL_EINPUT (outside the root: "live_zone_file '../../x' is outside the
 * plan's repository '/srv/dns'"; not a regular file), DL_EIO ("cannot
 * open live_zone_file 'x.zone': No such file or directory"), DL_ENOMEM.
 */
int	dl_plan_resolve(struct dl_plan *plan, const char *key,
	    struct dl_error *err);

/* Free the plan's changes and leave it with none. */
void	dl_plan_clear_changes(struct dl_plan *plan);

/*
 * Order two places: by file (the plan itself, file NULL, first), then
 * line, then column.  Returns <0, 0 or >0, as strcmp(3).
 */
int	dl_pos_cmp(const struct dl_pos *a, const struct dl_pos *b);

/* Free a plan and everything it owns.  NULL is allowed. */
void	dl_plan_free(struct dl_plan *plan);

/*
 * The lowering that applies to change c: its own, else the plan's.
 * Returns a pointer into plan; its .set is 0 when neither states one.
 */
const struct dl_lowering *dl_plan_lowering(const struct dl_plan *plan,
	    const struct dl_change *c);

/* The plan's acknowledgment of rule id, or NULL when it has none. */
const struct dl_ack *dl_plan_ack(const struct dl_plan *plan, const char *id);

/* May rule id be acknowledged in a plan?  Returns 1 or 0. */
int	dl_plan_ackable(const char *id);

#endif
