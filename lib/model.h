/*
 * model.h - the time model: how long resolvers may hold what a plan
 * changes, and the earliest instant each step is safe.
 *
 * Notation (DESIGN.md "The time model"): now N, cutover C, live TTL L,
 * threshold Tmax (ttl-lowered max_ttl), factor k (decommission-window
 * factor), lowering published at W with the TTL P before it.  Every TTL
 * below DL_TTL_FLOOR counts as DL_TTL_FLOOR: some resolvers never cache for
 * less, and some serve an entry during the whole second it expires in.
 */
#ifndef DL_MODEL_H
#define DL_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "config.h"
#include "evidence.h"
#include "live.h"
#include "plan.h"
#include "zone.h"

#define DL_TTL_FLOOR	5

enum dl_ttl_state {
	DL_TTL_UNKNOWN = 0,	/* the live RRset could not be fetched */
	DL_TTL_NEW,		/* nothing live: nothing cached to wait for */
	DL_TTL_SAME_DATA,	/* only the TTL changes: cached answers stay
				   right */
	DL_TTL_ADDITIVE,	/* records added, none removed: every cached
				   answer stays valid */
	DL_TTL_LOW_ASSUMED,	/* L <= Tmax, nothing dates it (or git says
				   low since a commit): assumed low for at
				   least the prior bound */
	DL_TTL_LOWERED,		/* L <= Tmax, W given, C >= W + P */
	DL_TTL_LOWERED_LATE,	/* L <= Tmax, W given, C < W + P */
	DL_TTL_NOT_LOWERED,	/* L > Tmax, the plan lowers nothing */
	DL_TTL_PLANNED,		/* W > N, L > Tmax, C >= W + P */
	DL_TTL_PLANNED_LATE,	/* W > N, L > Tmax, C < W + P */
	DL_TTL_PLANNED_TOO_HIGH, /* W > N, but the lowering's TTL is above Tmax */
	DL_TTL_ALREADY_LOW,	/* W > N, but L <= Tmax already: judged as
				   lowered at W, safe from W + P */
	DL_TTL_CLAIMED,		/* W <= N, but L is still above Tmax */
	DL_TTL_PARTLY_LOWERED,	/* W <= N, Tmax < L < P: lowered, but not
				   to Tmax or below */
	DL_TTL_PRIOR_UNKNOWN,	/* W <= N, L <= Tmax, the plan gives no P:
				   the TTL before the lowering is unknown */
	DL_TTL_HISTORY_UNKNOWN,	/* L <= Tmax, no lowering stated, and the
				   git history that would tell could not be
				   read (change->git) */
	DL_TTL_LOW_PROVEN,	/* L <= Tmax, no lowering stated, low by
				   low_by at the latest (evidence), and
				   C >= low_by + the prior bound */
	DL_TTL_LOW_RECENT,	/* as LOW_PROVEN, but the SOA serial is the
				   evidence and C < low_by + bound: it may
				   have been lowered since */
	DL_TTL_LOW_WATCHED	/* as LOW_RECENT, dnslint wait's observation
				   is the evidence: safe from low_by + bound */
};

/*
 * What dates a low TTL no plan and no git history dates (evidence.h):
 * the earliest instant by which it was low at the latest.
 */
enum dl_low_evidence {
	DL_LOW_NONE = 0,	/* not needed, or the plan or git dates it */
	DL_LOW_SERIAL,		/* the live SOA serial (a date or a time) */
	DL_LOW_WATCHED,		/* dnslint wait saw it low (seen_low) */
	DL_LOW_NOW		/* the live data shows it low now */
};

/* One changed RRset under the model. */
struct dl_rrset_model {
	const struct dl_change *change;
	char		*subject;	/* "www.example.com. A" */
	ldns_rr_list	*live;		/* records borrowed from the zone;
					   NULL when not known */
	enum dl_ttl_state state;
	uint32_t	ttl;		/* L as published, the largest TTL of
					   its records (0 when new/unknown) */
	int64_t		lowered_at;	/* W, DL_NO_TIME when not stated */
	uint32_t	prior;		/* P (the TTL before lowering), at
					   least L */
	uint32_t	prior_raised;	/* the plan's "from" when it was below
					   L and L was taken; 0 otherwise */
	uint32_t	lowered_to;	/* the lowered TTL */
	int64_t		safe_from;	/* earliest safe cutover; DL_NO_TIME
					   when nothing needs waiting for */
	uint32_t	held;		/* E: what resolvers may hold at C,
					   floored */
	const char	*why;		/* DL_TTL_UNKNOWN: why, when it is
					   known (else NULL) */
	int		why_live;	/* 1: why the live RRset is not
					   known; 0: why the new data is not */
	/*
	 * A new name that a wildcard answers today (RFC 4592): live holds
	 * the wildcard's records, judged as the RRset changed; its subject
	 * ("*.example.com. A"); else NULL.
	 */
	char		*wildcard;
	/*
	 * An A or AAAA RRset of an in-zone nameserver of the apex NS set
	 * (live or the plan's): the parent serves a copy of it, the glue,
	 * for its delegation TTL, and changes it only at the registrar.
	 */
	int		glue;
	/*
	 * An NS change below the apex (a delegation): resolvers replace
	 * the parent's referral NS with the child zone's own apex NS
	 * (RFC 2181 section 5.4.1), so the child's NS TTL is held too.
	 * child_known: the plan's child_ns_ttl, or the child's servers
	 * answered (dl_model_child_live()); else child_why says why not.
	 */
	int		child;
	int		child_known;
	uint32_t	child_ns_ttl;
	const char	*child_why;
	int		unpublished;	/* C is past, but the servers do not
					   publish the new data yet: the
					   cutover has not happened */
	enum dl_low_evidence evidence;	/* LOW_*: what dates the low TTL */
	int64_t		low_by;		/* LOW_*: low by then at the latest */
};

/*
 * What a record's RDATA names (model.c's index): an address or a host
 * name as bytes, and which RRset (or change) it is in.  Private.
 */
struct dl_mention {
	char		*key;
	size_t		len;
	size_t		idx;
};

struct dl_model {
	int64_t		now;		/* N */
	int64_t		cutover;	/* C */
	uint32_t	max_ttl;	/* Tmax */
	uint32_t	factor;		/* k */
	uint32_t	parent_ns_ttl;	/* the delegation's TTL at the parent */
	uint32_t	parent_ds_ttl;	/* the DS RRset's TTL at the parent */
	int64_t		delegation;	/* D: the plan's delegation_at, else C */
	/* The live SOA serial's evidence (evidence.h). */
	enum dl_serial_kind serial_kind;
	uint32_t	serial;
	int64_t		serial_by;	/* the zone last changed by then */
	uint32_t	prior_bound;	/* what caches may have held before a
					   low TTL nobody dates */
	struct dl_rrset_model *rrsets;	/* one per plan change, plan order */
	size_t		n_rrsets;
	/*
	 * Private: what the live data (live_ix, idx an RRset) and the new data (new_ix, idx a
	 * change) of the changed RRsets name, sorted, so that each target
	 * is looked up, not searched for (a Terraform plan may take 10,000
	 * addresses out of a zone).  n_unknown counts DL_TTL_UNKNOWN RRsets.
	 */
	struct dl_mention *live_ix, *new_ix;
	size_t		n_live_ix, n_new_ix, n_unknown;
	size_t		n_unpublished;	/* rrsets with unpublished set */
};

/*
 * Decommissioning a host by name switches its addresses off too: for
 * every host name target of plan (with a time) in plan's zone, append to
 * plan->decommission each address its A and AAAA records in live hold
 * that is not a target yet, with the host's time and place and via set
 * to the host.  A zone file must have been loaded keeping the hosts'
 * records (dl_engine_filter() does), and the servers asked for them
 * (dl_live_load() does).  Sets *added to how many were appended.
 * Returns 0 or DL_ENOMEM.
 */
int	dl_decommission_hosts(struct dl_plan *plan, const struct dl_zone *live,
	    size_t *added);

/*
 * Does rrs (NS records; NULL: none) hold one whose target is owner
 * (absolute, lower case)?  1 or 0.
 */
int	dl_ns_names(const ldns_rr_list *rrs, const char *owner);

/*
 * What findings about decommission target d add when the plan does not
 * name it itself: " (an address of old.example.com.)", " (switched off
 * by plan other.yaml)", both in one, or "" (into buf of n bytes).
 * Returns buf.
 */
const char *dl_decommission_note(const struct dl_decommission *d, char *buf,
	    size_t n);

/* The time model's thresholds (the rules' thresholds that are its
   inputs, enum dl_model_input: dl_engine_model_params()). */
struct dl_model_params {
	uint32_t	max_ttl;	/* Tmax */
	uint32_t	factor;		/* k */
};

/*
 * Apply the model to every change of plan against the live zone (NULL:
 * nothing live is known, every RRset DL_TTL_UNKNOWN), with the
 * thresholds in params and the parent's TTLs in cfg.  Returns 0 and sets
 * *out (free with dl_model_free()), or DL_ENOMEM.
 */
int	dl_model_build(const struct dl_plan *plan, const struct dl_zone *live,
	    const struct dl_model_params *params,
	    const struct dl_config *cfg, int64_t now, int64_t cutover,
	    struct dl_model **out);

void	dl_model_free(struct dl_model *m);

/* max(ttl, DL_TTL_FLOOR). */
uint32_t dl_ttl_floor(uint32_t ttl);

/*
 * The RDATA field (and the word of the RDATA as written) that holds a
 * target host name for type: 0 for NS, CNAME, DNAME, PTR and octoDNS's
 * ALIAS, 1 for MX, SVCB and HTTPS, 3 for SRV; -1 for other types.
 */
int	dl_rr_target_field(ldns_rr_type type);

/*
 * Does the RDATA of rr name target (an address in presentation form or an
 * absolute lower-case host name)?  A, AAAA by address; NS, CNAME, DNAME,
 * PTR, MX, SRV, HTTPS, SVCB by target name; HTTPS and SVCB also by the
 * addresses of their ipv4hint and ipv6hint.  Returns 1 or 0.
 */
int	dl_rr_mentions(const ldns_rr *rr, const char *target);

/*
 * The change whose new data names target (as dl_rr_mentions()), the
 * first in plan order, or NULL.  A look-up, as dl_model_target_held().
 */
const struct dl_change *dl_model_published(const struct dl_model *m,
	    const struct dl_plan *plan, const char *target);

/*
 * The hold time E of target X: the largest E of the changed RRsets whose
 * live data holds X (for the apex NS RRset, max(E, parent_ns_ttl); for
 * a delegation below the apex, max(E, the child's own NS TTL), -1 when
 * that is not known).
 * Returns 1 and sets *held and *rrset (the RRset that decides it), 0 when
 * no changed RRset's live data holds X, -1 when any changed RRset could
 * not be judged (its live data or its TTL history is unknown): it might
 * hold X for longer.  A look-up in an index dl_model_build() makes:
 * O(log n) in the changed records.
 */
int	dl_model_target_held(const struct dl_model *m, const char *plan_zone,
	    const char *target, uint32_t *held,
	    const struct dl_rrset_model **rrset);

/*
 * The child NS TTLs the child zones' servers gave (net NULL: offline):
 * for every delegation change of m whose plan states no child_ns_ttl,
 * the live answer, else child_why says why it is not known.
 */
void	dl_model_child_live(struct dl_model *m, const struct dl_live *net);

/*
 * The first changed delegation NS RRset whose live data holds target
 * and whose child NS TTL is not known, or NULL.
 */
const struct dl_rrset_model *dl_model_child_unknown(const struct dl_model *m,
	    const char *target);

/*
 * When an old nameserver of the apex NS RRset ns (a changed RRset of m)
 * has gone from every cache: max(C + k x E, D + k x parent NS TTL), both
 * floored.  *by_parent is set to 1 when the parent's term decides.
 */
int64_t	dl_model_ns_expiry(const struct dl_model *m,
	    const struct dl_rrset_model *ns, int *by_parent);

/*
 * The first changed RRset whose live data holds target (as
 * dl_model_target_held() reads it) although the cutover is past and the
 * servers do not publish its new data: the change was not published.
 * NULL when there is none.
 */
const struct dl_rrset_model *dl_model_target_unpublished(
	    const struct dl_model *m, const char *target);

/* The apex NS RRset as it will be after the change. */
struct dl_apex_ns {
	ldns_rr_list		*rrs;	/* borrowed records; free the list with
					   ldns_rr_list_free() */
	const struct dl_change	*change; /* the plan's NS change, or NULL */
	int			has_ttl;
	uint32_t		ttl;	/* its TTL after the change */
};

/*
 * Fill ns with the apex NS RRset after the change: the plan's new NS set
 * when it changes it (TTL: the change's, else the live one), else the live
 * one.  Returns 0, -1 when it cannot be known (no live data and no NS
 * change), DL_APEX_NS_PROVIDER when the live zone has neither SOA nor apex
 * NS (an octoDNS zone: the provider writes both) and the plan does not
 * change the NS, DL_ENOMEM.  ns->rrs is empty when the plan deletes the set or
 * the zone has none.
 */
#define DL_APEX_NS_PROVIDER	(-5)
#define DL_APEX_NS_PROVIDER_MSG	"the zone has no apex NS records: an " \
	"octoDNS zone leaves them to the provider"
#define DL_APEX_NS_PROVIDER_HINT "check against the servers (-s) to see them"
int	dl_model_apex_ns(const struct dl_plan *plan, const struct dl_zone *live,
	    struct dl_apex_ns *ns);

/* One nameserver of the zone after the change and its addresses. */
struct dl_ns_host {
	char		*name;		/* absolute, lower case */
	char		**addrs;	/* "192.0.2.1", "::1", "127.0.0.1@5300":
					   canonical form, each once */
	size_t		n_addrs;
	int		complete;	/* every address of it is known */
};

struct dl_ns_hosts {
	struct dl_ns_host *h;		/* in NS set order */
	size_t		n;
};

/*
 * The nameservers after the change with their addresses: when the
 * servers were asked (net not NULL), every address each name resolved
 * to (complete unless a lookup got no answer); else from the zone after
 * the change, the A and AAAA records of names inside the zone (names
 * outside it, or whose records a filtered file did not keep, are not
 * complete).  Returns 0 and fills out (free with dl_ns_hosts_free()),
 * -1 when the NS set is not known, DL_ENOMEM.
 */
int	dl_ns_hosts_get(const struct dl_plan *plan, const struct dl_zone *live,
	    const struct dl_live *net, struct dl_ns_hosts *out);

void	dl_ns_hosts_free(struct dl_ns_hosts *hs);

/*
 * The RDATA of every record of rrs in presentation form, in canonical
 * order (RFC 4034 section 6.3), joined by ", " ("192.0.2.10, 192.0.2.11";
 * "(none)" when empty or NULL).  Newly allocated
 * (free(3)); NULL when out of memory.
 */
char	*dl_rdata_text(const ldns_rr_list *rrs);

/* The plan's change to owner/type (absolute, lower case), or NULL. */
const struct dl_change *dl_model_change(const struct dl_plan *p,
	    const char *owner, ldns_rr_type type);

/*
 * The RRset at owner/type as it will be after the change: the new data of
 * the plan's change to it (empty when deleted), else the live RRset.
 * Returns a new list whose records are borrowed (free the list with
 * ldns_rr_list_free()), or NULL when out of memory.  *known is set to 0
 * when the plan does not change it and the live RRset is not known.
 */
ldns_rr_list *dl_after_rrset(const struct dl_plan *plan,
	    const struct dl_zone *live, const char *owner, ldns_rr_type type,
	    int *known);

/*
 * Call fn for every record of the zone after the change, as a view
 * (zone.h: owner, type, TTL, RDATA; no ldns_rr is built for it): each
 * record the live zone holds (in file order) that is not in an RRset the
 * plan changes, then every new record of the plan (the owner its
 * change's).  pos says where the record is: its line in the live zone
 * file (file set) or the change's place in the plan.  fn returns 0 to go
 * on; anything else stops the walk and is returned.  Returns 0, or
 * DL_ENOMEM.  A partial live zone (from queries) holds only what was
 * asked: callers that need the whole zone check dl_zone_is_whole()
 * first.
 */
int	dl_after_view(const struct dl_plan *plan, const struct dl_zone *live,
	    int (*fn)(const struct dl_rview *v, struct dl_pos pos, void *arg),
	    void *arg);

/*
 * Does the record v name target (as dl_rr_mentions() compares), read
 * from its wire RDATA when it has one?  1 or 0.
 */
int	dl_view_mentions(const struct dl_rview *v, const char *target);

/*
 * The first change of plan whose new data is not known (dl_change's
 * unknown), or NULL.  Rules that look at the zone after the change report
 * unknown when there is one.
 */
const struct dl_change *dl_plan_unknown_change(const struct dl_plan *plan);

/*
 * Is serial a greater than b in RFC 1982 serial number arithmetic (32
 * bits)?  Undefined pairs (exactly 2^31 apart) are not greater.
 */
int	dl_serial_gt(uint32_t a, uint32_t b);

/*
 * The serial of rr when it is an SOA record with its fields (a server
 * may answer an SOA question with a CNAME): 0 and *serial set, else -1.
 */
int	dl_soa_serial(const ldns_rr *rr, uint32_t *serial);

/* "www.example.com. A", newly allocated (free(3)); NULL if out of memory. */
char	*dl_rrset_subject(const char *owner, ldns_rr_type type);

#endif
