/*
 * json.h - a strict JSON reader (RFC 8259) with positions.
 *
 * It builds the same tree as yamltree.h (struct dl_ynode), so the typed
 * getters, dl_yerror() and dl_ymap_get() work on it.  Every node keeps
 * its 1-based line and column; columns count characters, which matters
 * for the one-line files Terraform writes ("plan.json:1:4711: ...").
 *
 * Node kinds: an object is a DL_YMAPPING (keys unique), an array a
 * DL_YSEQUENCE, everything else a DL_YSCALAR: a string with plain 0 (its
 * value unescaped), a number, true, false or null with plain 1 (its text
 * as written: "300", "1.5e3", "true", "null").  dl_json_is_null() tells
 * null from the string "null".
 *
 * Refused, with file, line and column: anything RFC 8259 does not allow
 * (single quotes, comments, trailing commas, leading zeros, NaN, bare
 * words), duplicate keys in one object, bad escapes and lone surrogates,
 * invalid UTF-8, control characters in strings, "\u0000" (dnslint's
 * strings never hold NUL), anything after the value, nesting deeper than
 * DL_JSON_MAX_DEPTH, more than DL_JSON_MAX_NODES values.  A byte order
 * mark at the start is skipped.  Time and memory are linear in the input.
 */
#ifndef DL_JSON_H
#define DL_JSON_H

#include <stddef.h>

#include "error.h"
#include "yamltree.h"

#define DL_JSON_MAX_DEPTH	128		/* nested objects and arrays */
#define DL_JSON_MAX_NODES	20000000	/* values in one document */
#define DL_JSON_MAX_FILE	(512 * 1024 * 1024)	/* bytes in one file */

/*
 * Parse buf (len bytes; need not be NUL-terminated) as one JSON text.
 * file is what errors call the input.  On success returns 0 and sets
 * *root (free with dl_ynode_free()).  Otherwise returns DL_EINPUT with
 * err at the place where parsing stopped ("expected ',' or '}' after an
 * object member"), or DL_ENOMEM.
 */
int	dl_json_parse(const char *file, const char *buf, size_t len,
	    struct dl_ynode **root, struct dl_error *err);

/*
 * As dl_json_parse(), but the values of the top-level object's keys in
 * drop (a NULL-terminated list) are read and checked in full, then not
 * kept: a null stands in for each.  A large document's parts nobody
 * reads (a Terraform plan's planned_values and configuration) then cost
 * no memory beyond their own reading.
 */
int	dl_json_parse_dropping(const char *file, const char *buf, size_t len,
	    const char *const *drop, struct dl_ynode **root,
	    struct dl_error *err);

/* Is node JSON's null (not the string "null")?  NULL counts as null. */
int	dl_json_is_null(const struct dl_ynode *node);

/*
 * Does buf look like JSON rather than YAML: is its first character,
 * after white space and a byte order mark, '{' or '['?  Returns 1 or 0.
 */
int	dl_json_sniff(const char *buf, size_t len);

#endif
