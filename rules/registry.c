/*
 * registry.c - every rule dnslint knows.
 *
 * To add a rule: write rules/<id with underscores>.c exporting one
 * const struct dl_rule, with the data it reads in .needs (rule.h: the
 * zone-file filter and the questions to the servers follow from it) and
 * its metadata in .flags; declare it below and add it to dl_rules[]
 * keeping the array sorted by id (the Makefile builds every .c file in
 * rules/).  Then give it pass and fail fixtures in tests/fixtures/, the
 * context its good and bad examples run in in tests/rule-examples/, and
 * document it in dnslint.1.
 */
#include <string.h>

#include "registry.h"

extern const struct dl_rule dl_rule_blast_radius;
extern const struct dl_rule dl_rule_decommission_window;
extern const struct dl_rule dl_rule_dnssec_provider_change;
extern const struct dl_rule dl_rule_live_matches_plan;
extern const struct dl_rule dl_rule_ns_address_diversity;
extern const struct dl_rule dl_rule_ns_consistency;
extern const struct dl_rule dl_rule_ns_multi_provider;
extern const struct dl_rule dl_rule_ns_serves_zone;
extern const struct dl_rule dl_rule_ns_ttl;
extern const struct dl_rule dl_rule_soa_serial;
extern const struct dl_rule dl_rule_stale_reference;
extern const struct dl_rule dl_rule_ttl_lowered;
extern const struct dl_rule dl_rule_zone_integrity;

const struct dl_rule *const dl_rules[] = {
	&dl_rule_blast_radius,
	&dl_rule_decommission_window,
	&dl_rule_dnssec_provider_change,
	&dl_rule_live_matches_plan,
	&dl_rule_ns_address_diversity,
	&dl_rule_ns_consistency,
	&dl_rule_ns_multi_provider,
	&dl_rule_ns_serves_zone,
	&dl_rule_ns_ttl,
	&dl_rule_soa_serial,
	&dl_rule_stale_reference,
	&dl_rule_ttl_lowered,
	&dl_rule_zone_integrity,
};

const size_t dl_rule_count = sizeof(dl_rules) / sizeof(dl_rules[0]);

const struct dl_rule *
dl_rule_find(const char *id, size_t *index)
{
	size_t i;

	for (i = 0; i < dl_rule_count; i++)
		if (strcmp(dl_rules[i]->id, id) == 0) {
			if (index != NULL)
				*index = i;
			return dl_rules[i];
		}
	return NULL;
}
