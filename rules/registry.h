/*
 * registry.h - the list of every rule dnslint knows.
 */
#ifndef DL_REGISTRY_H
#define DL_REGISTRY_H

#include <stddef.h>

#include "rule.h"

/* Every rule, sorted by id; dl_rule_count entries. */
extern const struct dl_rule *const dl_rules[];
extern const size_t dl_rule_count;

/*
 * The rule called id, or NULL.  When index is not NULL it receives the
 * rule's position in dl_rules[].
 */
const struct dl_rule *dl_rule_find(const char *id, size_t *index);

#endif
