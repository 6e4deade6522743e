/*
 * terraform.h - a Terraform plan (`terraform show -json` output) read as
 * dnslint plans.
 *
 * The DNS record resources of the plan's resource_changes
 * (aws_route53_record, cloudflare_record, cloudflare_dns_record,
 * google_dns_record_set, azurerm_dns_a_record and the other Azure DNS
 * record resources) are grouped by zone, owner and type into RRsets.
 * Each zone becomes one struct dl_plan: its changes are the RRsets some
 * resource changes (new data from change.after, the change's place the
 * resource change's line and column), and plan->before holds the RRsets
 * as change.before states them (TTL included): the live side when nothing
 * else is given.  The cutover is not stated (the apply: now).
 *
 * How values are read (the manual's "Terraform plans" section says it for
 * users):
 * - Route 53: every set identifier's records belong to the RRset (any of
 *   them may be answered), with the largest TTL among them; an alias
 *   answers with its target's data, which Route 53 serves with a TTL of
 *   60 s for AWS resources (another hosted zone); an alias within the
 *   zone has a TTL dnslint does not know.
 * - Cloudflare: ttl 1 is "automatic", 300 s; a proxied record answers
 *   with Cloudflare's own addresses, not its content: its data is taken as
 *   the name "cloudflare-proxy.invalid." with TTL 300, so a new origin
 *   behind the proxy is no change resolvers see.
 * - Values known only after apply (after_unknown) leave the change's new
 *   data unknown (dl_change.unknown): rules that need it report unknown.
 *   A name, type or zone known only after apply cannot be placed at all:
 *   DL_EUNAVAIL (exit 3).
 * - There is no decommission list in a Terraform plan: every address
 *   (A, AAAA) that leaves the RRsets of a zone becomes a decommission
 *   target with no time (at DL_NO_TIME), at the change's place, so that
 *   decommission-window says until when it must keep serving.
 * - Sensitive values are used, never quoted in an error, and not given to
 *   live-matches-plan.
 */
#ifndef DL_TERRAFORM_H
#define DL_TERRAFORM_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "plan.h"
#include "yamltree.h"

/*
 * The top-level keys of a plan dl_terraform_load() never reads
 * (planned_values, configuration, ...): NULL-terminated, for
 * dl_json_parse_dropping().
 */
extern const char *const dl_terraform_unread[];

/*
 * Is root (a JSON tree, json.h) Terraform's JSON: an object with
 * format_version and resource_changes or terraform_version (Terraform
 * leaves resource_changes out of a plan that changes nothing)?  Returns
 * 1 or 0.
 */
int	dl_terraform_is_plan(const struct dl_ynode *root);

/*
 * Read the Terraform plan root (from the file called name, whose folder
 * is dir) into *plans, an array of *n plans in the order their zones
 * first appear (free each with dl_plan_free(), then the array with
 * free(3)).  now is the cutover the plans state (the apply).  zone, when
 * not NULL, is --zone (any case, final dot or not): the zone of records
 * no zone resource in the plan names.  *n is 0 when the plan changes no
 * DNS record; *records is then the number of resource changes it has
 * (for the note saying so).
 *
 * Returns 0; DL_EINPUT with err at the JSON line and column of what is
 * wrong ("'ttl' of 'aws_route53_record.www' must be a whole number from
 * 0 to 2147483647, got '-1'"; Terraform state, without planned_values,
 * is no plan); DL_EUNAVAIL when a record's name, type or zone is known
 * only after apply; DL_ENOMEM.
 */
int	dl_terraform_load(const char *name, const char *dir,
	    const struct dl_ynode *root, const char *zone, int64_t now,
	    struct dl_plan ***plans, size_t *n, size_t *records,
	    struct dl_error *err);

#endif
