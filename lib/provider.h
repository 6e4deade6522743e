/*
 * provider.h - which DNS provider operates a nameserver.
 *
 * Identification order: the built-in table of well-known DNS hosting
 * nameserver patterns (one provider may span several registered domains,
 * as Route 53's awsdns-NN over .com, .net, .org and .co.uk does), then the
 * configured providers, then the registered domain of the name by the
 * public suffix list (libpsl).
 */
#ifndef DL_PROVIDER_H
#define DL_PROVIDER_H

#include <stddef.h>

#include "config.h"

enum dl_provider_source {
	DL_PROVIDER_BUILTIN = 0,
	DL_PROVIDER_CONFIG,
	DL_PROVIDER_DOMAIN	/* registered domain by the public suffix list */
};

/*
 * Identify the provider of the nameserver called name (absolute or not,
 * any case).  cfg may be NULL (no configured providers).  Writes the
 * provider's name into out (size n): the table's or configuration's name
 * ("Amazon Route 53"), or the registered domain ("example-dns.net").
 * Returns how it was identified.
 */
enum dl_provider_source dl_provider_identify(const struct dl_config *cfg,
	    const char *name, char *out, size_t n);

/*
 * Does name match the glob pattern ("*" matches any run of characters,
 * dots included)?  Case-insensitive; a missing trailing dot on either side
 * is ignored.  Returns 1 or 0.
 */
int	dl_provider_match(const char *pattern, const char *name);

#endif
