/*
 * yamltree.h - a small, strict YAML document tree on libyaml's event API.
 *
 * The plan and configuration loaders share it.  One document is read into
 * a tree of scalars, sequences and mappings; every node keeps its 1-based
 * line and column (columns count characters).  Anything dnslint does not
 * want to guess about is an error that names the file, line and column:
 * a second document, anchors and aliases, tags, duplicate mapping keys,
 * keys that are not scalars, NUL characters in scalars, nesting deeper
 * than DL_YAML_MAX_DEPTH, scalars longer than DL_YAML_MAX_SCALAR bytes,
 * more than DL_YAML_MAX_NODES nodes (mapping keys not counted: each has
 * a value that is), invalid UTF-8 and libyaml's own syntax errors (tabs
 * used for indentation explained).
 */
#ifndef DL_YAMLTREE_H
#define DL_YAMLTREE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define DL_YAML_MAX_DEPTH	32		/* nested collections */
#define DL_YAML_MAX_SCALAR	65536		/* bytes in one scalar */
#define DL_YAML_MAX_NODES	1000000		/* nodes in one document */
#define DL_YAML_MAX_FILE	(16 * 1024 * 1024)	/* bytes in one file */

enum dl_ykind {
	DL_YSCALAR = 0,
	DL_YSEQUENCE,
	DL_YMAPPING
};

struct dl_ynode {
	enum dl_ykind	kind;
	unsigned	line;		/* 1-based */
	unsigned	column;		/* 1-based, in characters */
	/* DL_YSCALAR */
	char		*value;		/* NUL-terminated, never contains NUL */
	size_t		len;
	int		plain;		/* 1: unquoted; 0: quoted or block */
	/*
	 * 1: value is in the node's own allocation (dl_yaml_parse() makes
	 * scalars so), freed with it; 0: value is malloc(3)ed on its own.
	 */
	int		value_inline;
	/*
	 * DL_YSEQUENCE: n items in items[0..n-1].
	 * DL_YMAPPING: n pairs, key i in items[2i] (always a scalar, keys
	 * unique), its value in items[2i+1].
	 */
	struct dl_ynode	**items;
	size_t		n;
};

/*
 * Parse buf (len bytes, UTF-8; need not be NUL-terminated) as one YAML
 * document.  file is what errors call the input.  On success returns 0
 * and sets *root to the document's root node, or to NULL when the input
 * holds no document or only an empty one (an empty file, only comments,
 * a bare "---"); free it with dl_ynode_free().  Otherwise returns
 * DL_EINPUT (or DL_ENOMEM) with err filled.  A document wholly in the
 * plain block form octoDNS's YamlProvider writes (top-level keys each
 * holding one mapping of "key: value" lines, plain values and flow
 * lists, printable ASCII, no comments) is scanned without libyaml into
 * the events libyaml gives for it; any other, and any error, is parsed
 * by libyaml: the tree and the errors are the same either way.
 */
int	dl_yaml_parse(const char *file, const char *buf, size_t len,
	    struct dl_ynode **root, struct dl_error *err);

/*
 * dl_yaml_parse() through libyaml's parser alone, without the fast path
 * for plain block mappings that dl_yaml_parse() takes when it can: the
 * same tree or the same error (tests compare the two).
 */
int	dl_yaml_parse_libyaml(const char *file, const char *buf, size_t len,
	    struct dl_ynode **root, struct dl_error *err);

/* Free a tree.  NULL is allowed. */
void	dl_ynode_free(struct dl_ynode *node);

/* dl_file_read() (file.h) with at most DL_YAML_MAX_FILE bytes. */
int	dl_yaml_read_file(const char *path, const char *name, char **buf,
	    size_t *len, struct dl_error *err);

/* Mapping accessors; map must be a DL_YMAPPING. */
struct dl_ynode *dl_ymap_get(const struct dl_ynode *map, const char *key);
struct dl_ynode *dl_ymap_key(const struct dl_ynode *map, size_t i);
struct dl_ynode *dl_ymap_value(const struct dl_ynode *map, size_t i);

/* The node's kind as people say it: "a string", "a list", "a mapping". */
const char *dl_ykind_name(enum dl_ykind kind);

/*
 * The tail of a type error, written into buf (size n): ", got 'fast'"
 * for a plain scalar, ", got '"300"'" for a quoted one (shown in double
 * quotes as written), ", got an empty value", ", got a list", ", got a
 * mapping".  Returns buf.
 */
char	*dl_ygot(const struct dl_ynode *node, char *buf, size_t n);

/*
 * Write text (len bytes) into buf for quoting in a message: control
 * characters as \xNN, cut with "..." beyond about 60 bytes.  Returns buf.
 */
char	*dl_yquote(const char *text, size_t len, char *buf, size_t n);

/*
 * Fill err at node's position with the formatted message.  Returns
 * DL_EINPUT so callers can "return dl_yerror(...)".
 */
int	dl_yerror(struct dl_error *err, const char *file,
	    const struct dl_ynode *node, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

/*
 * Typed getters.  what is the subject exactly as the message shows it,
 * quotes included ("'zone'", "'max_ttl' of rule 'ns-ttl'"); the error
 * says what was expected and what was found, at node's position:
 * "'changes' must be a list, got 'x'".  Each returns 0 or DL_EINPUT.
 */
int	dl_yexpect(const struct dl_ynode *node, enum dl_ykind kind,
	    const char *file, const char *what, struct dl_error *err);
/*
 * A non-empty scalar; with need_plain, an unquoted one.  expect is what
 * the message says was expected ("a domain name like example.com"; NULL:
 * "a string").  *out points into the node.
 */
int	dl_yget_scalar(const struct dl_ynode *node, const char *file,
	    const char *what, const char *expect, int need_plain,
	    const char **out, struct dl_error *err);
/* Plain true or false only: "yes", "True" and "true" in quotes are not. */
int	dl_yget_bool(const struct dl_ynode *node, const char *file,
	    const char *what, int *out, struct dl_error *err);

/*
 * A TTL or duration: a plain scalar of seconds ("300", leading zeros
 * allowed) or units ("5m", "1w2d3h"), from min to max.  Errors: "'ttl'
 * must be a number of seconds or a duration like 5m, got 'fast'" and
 * "'ttl' must be between 0 and 2147483647 seconds, got '-1'".
 */
int	dl_yget_seconds(const struct dl_ynode *node, const char *file,
	    const char *what, int64_t min, int64_t max, int64_t *out,
	    struct dl_error *err);

/*
 * Check that every key of map is one of valid[0..n-1]; otherwise fail at
 * the first unknown key with "unknown key 'decomission'; did you mean
 * 'decommission'?" or, without a close match, "unknown key 'foo'; valid
 * keys: zone, cutover, ...".  where, when not NULL, is added after the
 * key: "unknown key 'foo' in a change; ...".  Returns 0 or DL_EINPUT.
 */
int	dl_ymap_check_keys(const struct dl_ynode *map, const char *const *valid,
	    size_t n, const char *where, const char *file,
	    struct dl_error *err);

/*
 * Did-you-mean: feed candidates to a struct dl_suggest and ask for the
 * closest one that is near enough to word to be a likely typo (optimal
 * string alignment distance, ignoring ASCII case: insertions, deletions,
 * substitutions and transpositions; at most a third of the longer word,
 * at most 3).  A candidate equal to word is never suggested.
 */
struct dl_suggest {
	const char	*word;
	const char	*best;
	size_t		dist;
};

void	dl_suggest_init(struct dl_suggest *s, const char *word);
void	dl_suggest_add(struct dl_suggest *s, const char *candidate);
/* The closest candidate, or NULL when none is close enough. */
const char *dl_suggest_best(const struct dl_suggest *s);
/* Shorthand over an array. */
const char *dl_suggest(const char *word, const char *const *cands, size_t n);

/*
 * Edit distance between a and b (see above; "Zone" and "zone" are 0).  Words longer than 64 bytes
 * are never close: returns (size_t)-1 for them.
 */
size_t	dl_edit_distance(const char *a, const char *b);

#endif
