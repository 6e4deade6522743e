/*
 * watch.c - what dnslint wait sees of the live TTLs between its checks:
 * a TTL lowering seen happen on the servers is taken as done at the
 * moment it was seen (no earlier), from the TTL seen before it, unless
 * the plan states one.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "model.h"
#include "watch.h"

/* What the live TTL of one changed RRset did while we watched. */
struct seen {
	char		*owner;
	ldns_rr_type	 type;
	uint32_t	 high;		/* the last TTL above max_ttl, or 0 */
	uint32_t	 low;
	int64_t		 lowered_at;	/* when seen at or below; DL_NO_TIME */
	int64_t		 first_low;	/* when first seen at or below without
					   being seen above before; DL_NO_TIME */
	int		 told_low;	/* the last check counted from it */
};

struct dl_watch {
	struct seen	*v;
	size_t		 n;
};

static struct seen *
seen_of(struct dl_watch *w, const char *owner, ldns_rr_type type)
{
	struct seen *s;
	size_t i;

	for (i = 0; i < w->n; i++)
		if (w->v[i].type == type && strcmp(w->v[i].owner, owner) == 0)
			return &w->v[i];
	if ((s = reallocarray(w->v, w->n + 1, sizeof(*s))) == NULL)
		return NULL;
	w->v = s;
	s = &s[w->n];
	memset(s, 0, sizeof(*s));
	if ((s->owner = strdup(owner)) == NULL)
		return NULL;
	s->type = type;
	s->lowered_at = DL_NO_TIME;
	s->first_low = DL_NO_TIME;
	w->n++;
	return s;
}

/*
 * Note live TTL l of s seen at now: a lowering seen happen (above max,
 * then at or below), or the first sight of a TTL already low, whose
 * history wait does not know: it was low by then at the latest.
 */
static void
note_ttl(struct seen *s, uint32_t l, uint32_t max, int64_t now)
{
	if (l > max) {
		s->high = l;
		s->lowered_at = DL_NO_TIME;
		s->first_low = DL_NO_TIME;
	} else if (s->high > 0 && s->lowered_at == DL_NO_TIME) {
		s->lowered_at = now;
		s->low = l;
	} else if (s->high == 0 && s->first_low == DL_NO_TIME) {
		s->first_low = now;
	}
}

/*
 * Tell change c of plan what s saw, unless the plan states a lowering: a
 * lowering seen is taken as done then, from the TTL seen before; a TTL
 * low since wait first looked counts from that look (model.h,
 * DL_TTL_LOW_WATCHED), unless older evidence dates it.
 */
static void
tell_plan(const struct dl_plan *plan, struct dl_change *c, struct seen *s)
{
	s->told_low = 0;
	if (c->lowered.set || plan->lowered.set)
		return;
	if (s->lowered_at != DL_NO_TIME) {
		c->lowered.set = 1;
		c->lowered.at = s->lowered_at;
		c->lowered.has_from = 1;
		c->lowered.from = s->high;
		c->lowered.has_to = 1;
		c->lowered.to = s->low;
	} else if (s->first_low != DL_NO_TIME) {
		c->has_seen_low = 1;
		c->seen_low = s->first_low;
		s->told_low = 1;
	}
}

void
dl_watch_observe(struct dl_watch *w, struct dl_plan *plan,
    const struct dl_zone *live, const struct dl_config *cfg, int64_t now)
{
	struct dl_model_params mp;
	uint32_t max, l;
	ldns_rr_list *rrs;
	size_t i;

	dl_engine_model_params(cfg, &mp);
	max = mp.max_ttl;
	for (i = 0; live != NULL && i < plan->n_changes; i++) {
		struct dl_change *c = &plan->changes[i];
		struct seen *s;

		if (!dl_zone_rrset_known(live, c->owner, c->type) ||
		    (rrs = dl_zone_rrset(live, c->owner, c->type)) == NULL)
			continue;
		/* The largest TTL of a mixed-TTL RRset is what caches hold
		   longest (the time model's live TTL). */
		l = dl_rrset_ttl_max(rrs);
		if (ldns_rr_list_rr_count(rrs) == 0 ||
		    (s = seen_of(w, c->owner, c->type)) == NULL) {
			ldns_rr_list_free(rrs);
			continue;
		}
		ldns_rr_list_free(rrs);
		note_ttl(s, l, max, now);
		tell_plan(plan, c, s);
	}
}

int
dl_watch_watched_low(const struct dl_watch *w, const struct dl_finding *f)
{
	char *subj;
	size_t i;
	int hit = 0;

	if (f->rule->model_input != DL_MODEL_MAX_TTL)
		return 0;
	for (i = 0; !hit && i < w->n; i++) {
		if (!w->v[i].told_low ||
		    (subj = dl_rrset_subject(w->v[i].owner, w->v[i].type)) ==
		    NULL)
			continue;
		hit = strcmp(subj, f->subject) == 0;
		free(subj);
	}
	return hit;
}

struct dl_watch *
dl_watch_new(void)
{
	return calloc(1, sizeof(struct dl_watch));
}

void
dl_watch_free(struct dl_watch *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->n; i++)
		free(w->v[i].owner);
	free(w->v);
	free(w);
}
