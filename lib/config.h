/*
 * config.h - the configuration (.dnslint.yaml): a strict YAML loader.
 *
 * rules:
 *   ttl-lowered: { severity: error, max_ttl: 300 }
 * providers:
 *   - name: Example Corp in-house
 *     match: ["*.ns.example.net."]
 * parent_ns_ttl: 172800
 * parent_ds_ttl: 86400
 */
#ifndef DL_CONFIG_H
#define DL_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "rule.h"

#define DL_CONFIG_NAME		".dnslint.yaml"
#define DL_PARENT_NS_TTL	172800	/* the common gTLD delegation TTL */
#define DL_PARENT_DS_TTL	86400	/* the common gTLD DS TTL */

/* A configured provider: a name and nameserver-name glob patterns. */
struct dl_provider_def {
	char		*name;
	char		**match;	/* lower case, absolute: "*.ns.example.net." */
	size_t		n_match;
};

struct dl_config {
	char		*file;		/* NULL for the built-in defaults */
	/* One entry per rule, in the order of dl_rules[] (registry.h). */
	struct dl_rule_settings *rules;
	struct dl_provider_def *providers;
	size_t		n_providers;
	uint32_t	parent_ns_ttl;	/* used when the parent is not asked */
	uint32_t	parent_ds_ttl;	/* likewise, the DS RRset's TTL */
};

/*
 * A configuration holding every rule's default severity and thresholds.
 * Returns NULL when out of memory.  Free with dl_config_free().
 */
struct dl_config *dl_config_default(void);

/*
 * Load the configuration at path.  Unknown keys, unknown rules, unknown
 * thresholds, values out of range and duplicate keys are errors.  Returns
 * 0 and sets *out (free with dl_config_free()), or DL_EINPUT / DL_EIO /
 * DL_ENOMEM with err filled (file, line, column, what was expected).
 */
int	dl_config_load(const char *path, struct dl_config **out,
	    struct dl_error *err);

/* As dl_config_load(), from a buffer; name is what errors call it. */
int	dl_config_load_buffer(const char *name, const char *buf, size_t len,
	    struct dl_config **out, struct dl_error *err);

/*
 * Look for DL_CONFIG_NAME in dir and then in each parent folder up to the
 * root.  Returns a newly allocated path (free(3) it), or NULL when there is
 * none.
 */
char	*dl_config_find(const char *dir);

/*
 * Command-line overrides.  spec is "RULE=LEVEL" for dl_config_severity()
 * (LEVEL: error, warning, info, off), "RULE" for the others; --enable sets
 * a rule that is off to its default severity (a rule that is off by
 * default is an error: it needs --severity RULE=LEVEL).  Returns 0, or
 * DL_EINPUT with err naming the bad word.
 */
int	dl_config_severity(struct dl_config *cfg, const char *spec,
	    struct dl_error *err);
int	dl_config_enable(struct dl_config *cfg, const char *rule,
	    struct dl_error *err);
int	dl_config_disable(struct dl_config *cfg, const char *rule,
	    struct dl_error *err);

/* The settings of the rule at registry index i. */
const struct dl_rule_settings *dl_config_rule(const struct dl_config *cfg,
	    size_t i);

/* Parse "error", "warning", "info", "off"; -1 when none of them. */
int	dl_severity_parse(const char *word);

/* "error", "warning", "info", "off". */
const char *dl_severity_name(enum dl_severity sev);

void	dl_config_free(struct dl_config *cfg);

#endif
