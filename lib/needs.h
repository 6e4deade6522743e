/*
 * needs.h - what the rules read, and what comes of it: the records a zone
 * file load keeps (struct dl_zone_filter) and the questions asked of the
 * zone's servers.
 *
 * Every rule declares the data it reads (struct dl_need in struct
 * dl_rule, rule.h).  The union of those declarations is turned into both
 * the zone-file filter and the question list by one walk over the plan
 * (needs.c): a rule that reads something new declares it, and both follow.
 *
 * Nothing here prints or exits; functions return 0 or DL_ENOMEM.
 */
#ifndef DL_NEEDS_H
#define DL_NEEDS_H

#include <stddef.h>
#include <stdint.h>

#include "plan.h"
#include "rule.h"
#include "zone.h"

/* At most this many RR types per typed kind of need (more are ignored). */
#define DL_NEEDS_MAX_TYPES	16

/* The needs of some rules together. */
struct dl_needs {
	unsigned	kinds;		/* 1 << DL_NEED_* of each kind declared */
	/* The types of DL_NEED_APEX, _TARGETS and _TARGET_ADDRESSES, each
	   once, in the order the rules declare them. */
	uint16_t	apex[DL_NEEDS_MAX_TYPES];
	size_t		n_apex;
	uint16_t	targets[DL_NEEDS_MAX_TYPES];
	size_t		n_targets;
	uint16_t	target_addrs[DL_NEEDS_MAX_TYPES];
	size_t		n_target_addrs;
};

/* Fill *out with what rules[0 .. n-1] read together. */
void	dl_needs_of(const struct dl_rule *const *rules, size_t n,
	    struct dl_needs *out);

/* Fill *out with what every registered rule (dl_rules[]) reads. */
void	dl_needs_all(struct dl_needs *out);

/* Does nd hold the need kind?  1 or 0. */
int	dl_needs_has(const struct dl_needs *nd, enum dl_need_kind kind);

/* The zone filter a plan needs, with the storage it points into. */
struct dl_plan_filter {
	struct dl_zone_filter	filter;
	const char		**names;	/* owners, then mentions */
	char			**owned;	/* every name, owned */
	size_t			n_owned;
};

/*
 * The records of a zone file that nd needs for plan: the owners whose
 * every record is kept (the apex first), the names whose mentions are
 * kept (each name once, in the order the walk meets it), or the whole
 * zone.  Fills pf (free with dl_needs_filter_free());
 * it does not point into plan.  Returns 0 or DL_ENOMEM.
 */
int	dl_needs_filter(const struct dl_needs *nd, const struct dl_plan *plan,
	    struct dl_plan_filter *pf);

void	dl_needs_filter_free(struct dl_plan_filter *pf);

/* Questions to the zone's servers: owner i, type i. */
struct dl_questions {
	char		**owner;	/* absolute, lower case, owned */
	ldns_rr_type	*type;
	size_t		n;
};

/*
 * The questions nd needs asked for plan, each (owner, type) once, in the
 * order the walk meets them (the apex's first).  Fills *q (free with
 * dl_questions_free()).  Returns 0 or DL_ENOMEM.
 */
int	dl_needs_questions(const struct dl_needs *nd,
	    const struct dl_plan *plan, struct dl_questions *q);

/* The index of the question owner/type in q, or -1. */
int	dl_questions_find(const struct dl_questions *q, const char *owner,
	    ldns_rr_type type);

void	dl_questions_free(struct dl_questions *q);

#endif
