/*
 * octoconf.h - octoDNS configurations: which YAML files of a repository
 * are zone files, and of which zone.
 *
 * An octoDNS configuration is octoDNS's file, not dnslint's: it is read
 * strictly where dnslint relies on it (the shape of `providers:` and
 * `zones:`, each provider's `class`, a YAML provider's `directory`, each
 * zone's `sources`) and every other key octoDNS has is left alone.  A
 * zone's file is `DIRECTORY/ZONE.yaml` ("unit.tests." in "config" is
 * config/unit.tests.yaml) for each of its sources that is a
 * YamlProvider (octodns.provider.yaml.YamlProvider, or the class of an
 * octodns_* module ending in YamlProvider), DIRECTORY taken from the top
 * of the git work tree, as octoDNS takes it from where it runs.
 * A dynamic zone ('*' keys) stands for every ZONE.yaml file in its
 * sources' directories.  Split zones (SplitYamlProvider, or a YamlProvider
 * with split_extension), alias zones, sources outside the work tree and
 * zones whose file does not exist list nothing; the first three leave a
 * note saying so.
 */
#ifndef DL_OCTOCONF_H
#define DL_OCTOCONF_H

#include <stddef.h>

#include "error.h"

struct dl_octo_zone {
	char	*path;		/* from the work tree's top, plain names */
	char	*zone;		/* absolute, lower case: "unit.tests." */
	char	*config;	/* the configuration that says so, likewise */
};

struct dl_octo_zones {
	struct dl_octo_zone *v;		/* sorted by path, each path once */
	size_t		 n;
	char		**notes;	/* "config/x.yaml: ..." lines */
	size_t		 nnotes;
};

/*
 * Find the octoDNS configurations of the git work tree whose top is top:
 * the files ending in .yaml or .yml at the top and directly in its
 * config/ and octodns/ folders that have top-level `providers:` and
 * `zones:` keys (written at the start of a line; other files are not
 * parsed) with at least one YAML provider, and list the zone files they
 * declare into out (zeroed by the caller; free with
 * dl_octo_zones_free(), also after an error).  Returns 0; DL_EINPUT when
 * a file with those keys is not a valid configuration (err at the place,
 * path from the top: "config/x.yaml:3:5: 'class' of provider 'in' must be
 * a string, got a list"); DL_EIO; DL_ENOMEM.
 */
int	dl_octoconf_find(const char *top, struct dl_octo_zones *out,
	    struct dl_error *err);

/*
 * Read the configuration at rel (from top) into out, as above.  Returns
 * 0; 1 when it is not an octoDNS configuration with a YAML provider
 * (nothing added); DL_EINPUT, DL_EIO, DL_ENOMEM with err filled.
 */
int	dl_octoconf_load(const char *top, const char *rel,
	    struct dl_octo_zones *out, struct dl_error *err);

/* The zone of the file at rel (from the top), or NULL. */
const char *dl_octo_zone_of(const struct dl_octo_zones *z, const char *rel);

void	dl_octo_zones_free(struct dl_octo_zones *z);

#endif
