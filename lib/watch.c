/*
 * watch.c - what dnslint wait sees of the live TTLs between its checks:
 * a TTL lowering seen happen on the servers is taken as done at the
 * moment it was seen (no earlier), from the TTL seen before it, unless
 * the plan states one.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "watch.h"

/* What the live TTL of one changed RRset did while we watched. */
struct seen {
	char		*owner;
	ldns_rr_type	 type;
	uint32_t	 high;		/* the last TTL above max_ttl, or 0 */
	uint32_t	 low;
	int64_t		 lowered_at;	/* when seen at or below; DL_NO_TIME */
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
	w->n++;
	return s;
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
		l = dl_rrset_ttl(rrs);
		if (ldns_rr_list_rr_count(rrs) == 0 ||
		    (s = seen_of(w, c->owner, c->type)) == NULL) {
			ldns_rr_list_free(rrs);
			continue;
		}
		ldns_rr_list_free(rrs);
		if (l > max) {
			s->high = l;
			s->lowered_at = DL_NO_TIME;
		} else if (s->high > 0 && s->lowered_at == DL_NO_TIME) {
			s->lowered_at = now;
			s->low = l;
		}
		if (s->lowered_at != DL_NO_TIME && !c->lowered.set &&
		    !plan->lowered.set) {
			c->lowered.set = 1;
			c->lowered.at = s->lowered_at;
			c->lowered.has_from = 1;
			c->lowered.from = s->high;
			c->lowered.has_to = 1;
			c->lowered.to = s->low;
		}
	}
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
