/*
 * yamltree.c - a small, strict YAML document tree on libyaml's event API.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yaml.h>

#include "dtime.h"
#include "file.h"
#include "text.h"
#include "yamltree.h"

#define STD_TAG	"tag:yaml.org,2002:"

/* An open collection while the tree is built. */
struct frame {
	struct dl_ynode	*node;
	size_t		cap;
};

/* A mapping key already seen, for duplicate detection. */
struct seen {
	const struct dl_ynode *map;
	const struct dl_ynode *key;
};

struct builder {
	const char	*file;
	const char	*buf;
	size_t		len;
	struct dl_error	*err;
	struct dl_ynode	*root;
	int		docs;
	size_t		nodes;
	struct frame	stack[DL_YAML_MAX_DEPTH];
	size_t		depth;
	/* Open-addressing set of (mapping, key) pairs: O(1) per key. */
	struct seen	*set;
	size_t		set_cap;
	size_t		set_used;
};

static void
mark_pos(yaml_mark_t m, unsigned *line, unsigned *col)
{
	*line = m.line + 1;
	*col = m.column + 1;
}

static int
is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/*
 * Length of the line break at p (0 if none), as libyaml counts them:
 * LF, CR LF, CR, NEL, LS, PS.
 */
static size_t
line_break(const unsigned char *p, size_t left)
{
	if (left >= 1 && p[0] == '\n')
		return 1;
	if (left >= 1 && p[0] == '\r')
		return left >= 2 && p[1] == '\n' ? 2 : 1;
	if (left >= 2 && p[0] == 0xc2 && p[1] == 0x85)
		return 2;
	if (left >= 3 && p[0] == 0xe2 && p[1] == 0x80 &&
	    (p[2] == 0xa8 || p[2] == 0xa9))
		return 3;
	return 0;
}

/*
 * Line and column (1-based, characters) of byte offset off, for reader
 * errors, which libyaml reports with a byte offset and no mark.
 */
static void
offset_pos(const struct builder *b, size_t off, unsigned *line,
    unsigned *col)
{
	const unsigned char *p = (const unsigned char *)b->buf;
	size_t i = 0, br;

	*line = 1;
	*col = 1;
	if (off > b->len)
		off = b->len;
	while (i < off) {
		if ((br = line_break(p + i, b->len - i)) > 0) {
			(*line)++;
			*col = 1;
			i += br;
			continue;
		}
		if (!is_cont(p[i]))
			(*col)++;
		i++;
	}
}

/* Byte offset of a libyaml mark (0-based line, column in characters). */
static size_t
mark_offset(const struct builder *b, yaml_mark_t m)
{
	const unsigned char *p = (const unsigned char *)b->buf;
	size_t i = 0, line = 0, col = 0, br;

	while (i < b->len && line < m.line) {
		if ((br = line_break(p + i, b->len - i)) > 0) {
			line++;
			i += br;
		} else
			i++;
	}
	while (i < b->len && col < m.column) {
		i++;
		while (i < b->len && is_cont(p[i]))
			i++;
		col++;
	}
	return i;
}

static int
fail_at(struct builder *b, yaml_mark_t m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail_at(struct builder *b, yaml_mark_t m, const char *fmt, ...)
{
	char msg[sizeof(b->err->message)];
	unsigned line, col;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mark_pos(m, &line, &col);
	dl_error_set(b->err, b->file, line, col, "%s", msg);
	return DL_EINPUT;
}

static int
nomem(struct builder *b)
{
	dl_error_set(b->err, b->file, 0, 0, "out of memory");
	return DL_ENOMEM;
}

/* libyaml's reader, scanner and parser errors, in dnslint's words. */
static int
parse_error(struct builder *b, yaml_parser_t *p)
{
	const unsigned char *u = (const unsigned char *)b->buf;
	const char *problem = p->problem ? p->problem : "syntax error";
	unsigned line, col, cline, ccol;
	size_t off, i;
	int alias;

	if (p->error == YAML_MEMORY_ERROR)
		return nomem(b);
	if (p->error == YAML_READER_ERROR) {
		off = p->problem_offset;
		if (strcmp(problem, "control characters are not allowed") == 0) {
			offset_pos(b, off, &line, &col);
			dl_error_set(b->err, b->file, line, col,
			    p->problem_value > 0xff ?
			    "control character U+%04X is not allowed" :
			    "control character 0x%02x is not allowed",
			    (unsigned)p->problem_value);
			return DL_EINPUT;
		}
		if (strstr(problem, "UTF-8") != NULL ||
		    strstr(problem, "Unicode") != NULL) {
			/*
			 * A bad trailing octet is reported where it is; the
			 * character it breaks starts at the lead byte.
			 */
			if (off > b->len)
				off = b->len;
			if (strstr(problem, "trailing") != NULL) {
				i = off;
				while (i > 0 && off - i < 3 && is_cont(u[i - 1]))
					i--;
				if (i > 0 && u[i - 1] >= 0xc0)
					i--;
				off = i;
			}
			offset_pos(b, off, &line, &col);
			dl_error_set(b->err, b->file, line, col,
			    "invalid UTF-8: byte 0x%02x does not start a "
			    "valid character; save the file as UTF-8",
			    off < b->len ? u[off] : 0);
			return DL_EINPUT;
		}
		offset_pos(b, off, &line, &col);
		dl_error_set(b->err, b->file, line, col, "%s", problem);
		return DL_EINPUT;
	}

	mark_pos(p->problem_mark, &line, &col);
	off = mark_offset(b, p->problem_mark);
	if (strstr(problem, "tab character") != NULL ||
	    (strcmp(problem, "found character that cannot start any token")
	    == 0 && off < b->len && b->buf[off] == '\t')) {
		dl_error_set(b->err, b->file, line, col,
		    "tab characters cannot indent YAML; use spaces");
		return DL_EINPUT;
	}
	/*
	 * '@' and '`' are reserved in YAML: a plain value cannot start with
	 * them, and '@' is the zone's apex in a plan.
	 */
	if (strcmp(problem, "found character that cannot start any token")
	    == 0 && off < b->len && (b->buf[off] == '@' ||
	    b->buf[off] == '`')) {
		dl_error_set(b->err, b->file, line, col,
		    "'%c' is reserved in YAML and cannot start an unquoted "
		    "value: quote it, as in name: \"@\"", b->buf[off]);
		return DL_EINPUT;
	}
	if (p->context == NULL) {
		dl_error_set(b->err, b->file, line, col, "%s", problem);
		return DL_EINPUT;
	}
	mark_pos(p->context_mark, &cline, &ccol);
	alias = strcmp(p->context, "while scanning an alias") == 0;
	if (alias || strcmp(p->context, "while scanning an anchor") == 0)
		dl_error_set(b->err, b->file, cline, ccol,
		    "an unquoted '%c' starts a YAML %s; put the value in quotes",
		    alias ? '*' : '&', alias ? "alias" : "anchor");
	else if (strcmp(p->context, "while scanning a quoted scalar") == 0 &&
	    strcmp(problem, "found unexpected end of stream") == 0)
		dl_error_set(b->err, b->file, line, col,
		    "unterminated quoted string (it starts at line %u, "
		    "column %u)", cline, ccol);
	else if (cline == line && ccol == col)
		dl_error_set(b->err, b->file, line, col, "%s (%s)", problem,
		    p->context);
	else
		dl_error_set(b->err, b->file, line, col,
		    "%s (%s that starts at line %u, column %u)", problem,
		    p->context, cline, ccol);
	return DL_EINPUT;
}

static uint64_t
hash_key(const struct dl_ynode *map, const struct dl_ynode *key)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < key->len; i++) {
		h ^= (unsigned char)key->value[i];
		h *= 1099511628211ULL;
	}
	h ^= (uint64_t)(uintptr_t)map;
	h *= 1099511628211ULL;
	return h ^ (h >> 29);
}

static int
same_key(const struct seen *s, const struct dl_ynode *map,
    const struct dl_ynode *key)
{
	return s->map == map && s->key->len == key->len &&
	    memcmp(s->key->value, key->value, key->len) == 0;
}

static int
set_grow(struct builder *b)
{
	struct seen *old = b->set, *nset;
	size_t oldcap = b->set_cap, cap = oldcap ? oldcap * 2 : 64, i, j;

	if ((nset = calloc(cap, sizeof(*nset))) == NULL)
		return -1;
	for (i = 0; i < oldcap; i++) {
		if (old[i].key == NULL)
			continue;
		j = hash_key(old[i].map, old[i].key) & (cap - 1);
		while (nset[j].key != NULL)
			j = (j + 1) & (cap - 1);
		nset[j] = old[i];
	}
	free(old);
	b->set = nset;
	b->set_cap = cap;
	return 0;
}

/*
 * Remember key of map; when map already has it, return the first one
 * through *first.  Returns 0 or -1 when out of memory.
 */
static int
set_add(struct builder *b, const struct dl_ynode *map,
    const struct dl_ynode *key, const struct dl_ynode **first)
{
	size_t j;

	*first = NULL;
	if ((b->set_used + 1) * 2 > b->set_cap && set_grow(b) == -1)
		return -1;
	j = hash_key(map, key) & (b->set_cap - 1);
	while (b->set[j].key != NULL) {
		if (same_key(&b->set[j], map, key)) {
			*first = b->set[j].key;
			return 0;
		}
		j = (j + 1) & (b->set_cap - 1);
	}
	b->set[j].map = map;
	b->set[j].key = key;
	b->set_used++;
	return 0;
}

void
dl_ynode_free(struct dl_ynode *node)
{
	size_t i;

	if (node == NULL)
		return;
	/* Recursion is bounded by DL_YAML_MAX_DEPTH. */
	for (i = 0; i < node->n; i++)
		dl_ynode_free(node->items[i]);
	free(node->items);
	if (!node->value_inline)
		free(node->value);
	free(node);
}

static struct dl_ynode *
node_new(enum dl_ykind kind, yaml_mark_t m)
{
	struct dl_ynode *node;

	if ((node = calloc(1, sizeof(*node))) == NULL)
		return NULL;
	node->kind = kind;
	mark_pos(m, &node->line, &node->column);
	return node;
}

static char *
quote_key(const struct dl_ynode *key, char *buf, size_t n)
{
	return dl_yquote(key->value, key->len, buf, n);
}

/*
 * Hang node under the innermost open collection (or make it the root).
 * On failure node is freed here.
 */
static int
attach(struct builder *b, struct dl_ynode *node, yaml_mark_t m)
{
	struct frame *f;
	struct dl_ynode *parent, **items;
	const struct dl_ynode *first;
	char q[128];
	size_t cap;

	if (b->depth == 0) {
		b->root = node;
		return 0;
	}
	f = &b->stack[b->depth - 1];
	parent = f->node;
	if (parent->kind == DL_YMAPPING && parent->n % 2 == 0) {
		if (node->kind != DL_YSCALAR) {
			fail_at(b, m, "a mapping key must be a string, not %s",
			    dl_ykind_name(node->kind));
			dl_ynode_free(node);
			return DL_EINPUT;
		}
		if (set_add(b, parent, node, &first) == -1) {
			dl_ynode_free(node);
			return nomem(b);
		}
		if (first != NULL) {
			fail_at(b, m, "duplicate key '%s' (first at line %u)",
			    quote_key(node, q, sizeof(q)), first->line);
			dl_ynode_free(node);
			return DL_EINPUT;
		}
	}
	if (parent->n == f->cap) {
		cap = f->cap ? f->cap * 2 : 8;
		if ((items = reallocarray(parent->items, cap,
		    sizeof(*items))) == NULL) {
			dl_ynode_free(node);
			return nomem(b);
		}
		parent->items = items;
		f->cap = cap;
	}
	parent->items[parent->n++] = node;
	return 0;
}

/* Is the next node a mapping key? */
static int
next_is_key(const struct builder *b)
{
	const struct dl_ynode *parent;

	if (b->depth == 0)
		return 0;
	parent = b->stack[b->depth - 1].node;
	return parent->kind == DL_YMAPPING && parent->n % 2 == 0;
}

/*
 * Checks every node event shares: anchors, tags, the node budget.  A
 * mapping key is not counted: it always comes with a value that is, so
 * the budget still bounds the tree (at twice the count), and a plan of
 * 100,000 changes fits.
 */
static int
node_checks(struct builder *b, yaml_event_t *ev, const yaml_char_t *anchor,
    const yaml_char_t *tag)
{
	if (anchor != NULL)
		return fail_at(b, ev->start_mark,
		    "anchors and aliases are not supported");
	if (tag != NULL) {
		/* Show the tag as people write it: "!!str", not its URI. */
		if (strncmp((const char *)tag, STD_TAG, strlen(STD_TAG)) == 0)
			return fail_at(b, ev->start_mark, "tags such as "
			    "'!!%.40s' are not supported",
			    (const char *)tag + strlen(STD_TAG));
		return fail_at(b, ev->start_mark, "tags such as '%.40s' are "
		    "not supported", (const char *)tag);
	}
	if (!next_is_key(b) && ++b->nodes > DL_YAML_MAX_NODES)
		return fail_at(b, ev->start_mark,
		    "more than %d nodes in one document", DL_YAML_MAX_NODES);
	return 0;
}

static int
on_scalar(struct builder *b, yaml_event_t *ev)
{
	struct dl_ynode *node;
	size_t len = ev->data.scalar.length;
	int rc;

	if ((rc = node_checks(b, ev, ev->data.scalar.anchor,
	    ev->data.scalar.tag)) != 0)
		return rc;
	if (len > DL_YAML_MAX_SCALAR)
		return fail_at(b, ev->start_mark,
		    "value longer than %d bytes", DL_YAML_MAX_SCALAR);
	/* A NUL ("\0" in double quotes) would silently cut C strings. */
	if (memchr(ev->data.scalar.value, '\0', len) != NULL)
		return fail_at(b, ev->start_mark,
		    "NUL characters are not allowed");
	/* One allocation for the node and its value. */
	if ((node = malloc(sizeof(*node) + len + 1)) == NULL)
		return nomem(b);
	memset(node, 0, sizeof(*node));
	node->kind = DL_YSCALAR;
	mark_pos(ev->start_mark, &node->line, &node->column);
	node->value = (char *)(node + 1);
	node->value_inline = 1;
	memcpy(node->value, ev->data.scalar.value, len);
	node->value[len] = '\0';
	node->len = len;
	node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	return attach(b, node, ev->start_mark);
}

static int
on_start(struct builder *b, yaml_event_t *ev, enum dl_ykind kind)
{
	struct dl_ynode *node;
	const yaml_char_t *anchor, *tag;
	int rc;

	if (kind == DL_YSEQUENCE) {
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
	} else {
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
	}
	if ((rc = node_checks(b, ev, anchor, tag)) != 0)
		return rc;
	if (b->depth == DL_YAML_MAX_DEPTH)
		return fail_at(b, ev->start_mark,
		    "nested deeper than %d levels", DL_YAML_MAX_DEPTH);
	if ((node = node_new(kind, ev->start_mark)) == NULL)
		return nomem(b);
	if ((rc = attach(b, node, ev->start_mark)) != 0)
		return rc;
	b->stack[b->depth].node = node;
	b->stack[b->depth].cap = 0;
	b->depth++;
	return 0;
}

/* Handle one event; returns 1 at the end of the stream. */
static int
on_event(struct builder *b, yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (b->docs++ > 0)
			return fail_at(b, ev->start_mark,
			    "more than one document; a file holds exactly one");
		return 0;
	case YAML_ALIAS_EVENT:
		return fail_at(b, ev->start_mark,
		    "anchors and aliases are not supported");
	case YAML_SCALAR_EVENT:
		return on_scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(b, ev, DL_YSEQUENCE);
	case YAML_MAPPING_START_EVENT:
		return on_start(b, ev, DL_YMAPPING);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth > 0)
			b->depth--;
		return 0;
	default:
		return 0;
	}
}

/*
 * The fast path: the block YAML octoDNS's YamlProvider and most hand-kept
 * zone files are written in, scanned without libyaml into the events
 * libyaml would give for it, with the same marks, and built into the tree
 * by the same code.  Only documents entirely of this form are taken:
 * an optional "---" line, then top-level keys ("name:" or "'':") at
 * column 1, each holding a mapping of "key: value" lines at one indent,
 * a value being a plain scalar or a flow list of plain scalars ("[a,
 * b]"), all printable ASCII, without comments, blank lines, quotes (but
 * the apex ''), tabs or trailing blanks.  Anything else, and any error,
 * is left to libyaml (fast_parse() returns 1): the result, tree or
 * message, is libyaml's in every case.
 */

/* Emit an event of type at line and column (1-based) to the builder. */
static int
fast_event(struct builder *b, yaml_event_type_t type, unsigned line,
    unsigned col, const char *value, size_t len, yaml_scalar_style_t style)
{
	yaml_event_t ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.start_mark.line = line - 1;
	ev.start_mark.column = col - 1;
	if (type == YAML_SCALAR_EVENT) {
		ev.data.scalar.value = (yaml_char_t *)(uintptr_t)value;
		ev.data.scalar.length = len;
		ev.data.scalar.style = style;
		ev.data.scalar.plain_implicit = style == YAML_PLAIN_SCALAR_STYLE;
		ev.data.scalar.quoted_implicit = !ev.data.scalar.plain_implicit;
	}
	return on_event(b, &ev);
}

/* A character a plain key or value may hold here. */
static int
fast_word(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/* A character that may start a plain key or value. */
static int
fast_first(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/*
 * A plain block value from p to the line's end e: word characters, '/',
 * '+', '=' and ':' not followed by a blank or the end.  1 when it is one.
 */
static int
fast_value(const char *p, const char *e)
{
	const char *q;

	if (p == e || !(fast_first((unsigned char)*p) || *p == '.' ||
	    *p == '/'))
		return 0;
	for (q = p; q < e; q++)
		if (!fast_word((unsigned char)*q) && *q != '/' && *q != '+' &&
		    *q != '=' && !(*q == ':' && q + 1 < e && q[1] != ' '))
			return 0;
	return 1;
}

/* A flow list "[a, b]" from p to the line's end e, its events. */
static int
fast_flow(struct builder *b, unsigned line, const char *l, const char *p,
    const char *e)
{
	const char *w;
	int rc;

	if ((rc = fast_event(b, YAML_SEQUENCE_START_EVENT, line,
	    (unsigned)(p - l) + 1, NULL, 0, 0)) != 0)
		return rc;
	p++;
	if (p < e && *p == ']')
		goto end;
	for (;;) {
		for (w = p; p < e && (fast_word((unsigned char)*p) ||
		    *p == '/'); p++)
			;
		if (p == w || !fast_first((unsigned char)*w))
			return 1;
		if ((rc = fast_event(b, YAML_SCALAR_EVENT, line,
		    (unsigned)(w - l) + 1, w, (size_t)(p - w),
		    YAML_PLAIN_SCALAR_STYLE)) != 0)
			return rc;
		if (p < e && *p == ']')
			break;
		if (p + 1 >= e || p[0] != ',' || p[1] != ' ')
			return 1;
		p += 2;
	}
end:
	if (p + 1 != e)
		return 1;
	return fast_event(b, YAML_SEQUENCE_END_EVENT, line, 1, NULL, 0, 0);
}

/*
 * The document in b->buf through the fast path: 0 with b->root set, 1
 * when it is not of the fast path's form, or the builder's error code
 * (the caller then lets libyaml say it).
 */
static int
fast_parse(struct builder *b)
{
	const char *p = b->buf, *end = b->buf + b->len, *l, *e, *k, *q;
	unsigned line = 0, indent = 0;
	int root = 0, open = 0, want = 0, rc;

	for (; p < end; p = e + 1) {
		l = p;
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		line++;
		if (e == l || e[-1] == ' ')
			return 1;
		/* Printable ASCII, no comment, no double quotes. */
		for (q = l; q < e; q++)
			if ((unsigned char)*q < 0x20 || (unsigned char)*q > 0x7e ||
			    *q == '#' || *q == '"')
				return 1;
		if (line == 1 && e - l == 3 && memcmp(l, "---", 3) == 0)
			continue;
		if (*l != ' ') {
			/* A top-level key: "name:" or "'':". */
			if (want)
				return 1;
			if (open && (rc = fast_event(b,
			    YAML_MAPPING_END_EVENT, line, 1, NULL, 0, 0)) != 0)
				return rc;
			open = 0;
			if (!root && (rc = fast_event(b,
			    YAML_MAPPING_START_EVENT, line, 1, NULL, 0, 0)) != 0)
				return rc;
			root = 1;
			if (e - l == 3 && memcmp(l, "'':", 3) == 0)
				rc = fast_event(b, YAML_SCALAR_EVENT, line, 1, l,
				    0, YAML_SINGLE_QUOTED_SCALAR_STYLE);
			else {
				if (!fast_first((unsigned char)*l) ||
				    e[-1] != ':' || e - l > 1000)
					return 1;
				for (k = l; k < e - 1; k++)
					if (!fast_word((unsigned char)*k))
						return 1;
				rc = fast_event(b, YAML_SCALAR_EVENT, line, 1, l,
				    (size_t)(e - 1 - l), YAML_PLAIN_SCALAR_STYLE);
			}
			if (rc != 0)
				return rc;
			want = 1;
			continue;
		}
		/* "  key: value" in the entry's mapping. */
		for (k = l; k < e && *k == ' '; k++)
			;
		if (want) {
			indent = (unsigned)(k - l);
			if ((rc = fast_event(b, YAML_MAPPING_START_EVENT, line,
			    indent + 1, NULL, 0, 0)) != 0)
				return rc;
			open = 1;
			want = 0;
		} else if (!open || (unsigned)(k - l) != indent)
			return 1;
		if (k == e || !fast_first((unsigned char)*k))
			return 1;
		for (q = k; q < e && fast_word((unsigned char)*q); q++)
			;
		if (q + 2 >= e || q[0] != ':' || q[1] != ' ' || q[2] == ' ' ||
		    q - l > 1000)
			return 1;
		if ((rc = fast_event(b, YAML_SCALAR_EVENT, line,
		    (unsigned)(k - l) + 1, k, (size_t)(q - k),
		    YAML_PLAIN_SCALAR_STYLE)) != 0)
			return rc;
		q += 2;
		if (*q == '[')
			rc = fast_flow(b, line, l, q, e);
		else if (!fast_value(q, e))
			return 1;
		else
			rc = fast_event(b, YAML_SCALAR_EVENT, line,
			    (unsigned)(q - l) + 1, q, (size_t)(e - q),
			    YAML_PLAIN_SCALAR_STYLE);
		if (rc != 0)
			return rc;
	}
	if (!root || want)
		return 1;
	if ((open && (rc = fast_event(b, YAML_MAPPING_END_EVENT, line, 1,
	    NULL, 0, 0)) != 0) || (rc = fast_event(b,
	    YAML_MAPPING_END_EVENT, line, 1, NULL, 0, 0)) != 0)
		return rc;
	return fast_event(b, YAML_STREAM_END_EVENT, line, 1, NULL, 0, 0) == 1 ?
	    0 : 1;
}

static int
yaml_parse(const char *file, const char *buf, size_t len,
    struct dl_ynode **root, struct dl_error *err, int fast)
{
	struct builder b;
	yaml_parser_t parser;
	yaml_event_t ev;
	int rc = 0;

	*root = NULL;
	/*
	 * A UTF-8 byte order mark is dropped here: with the encoding set,
	 * libyaml would take it for content.
	 */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	memset(&b, 0, sizeof(b));
	b.file = file;
	b.buf = buf;
	b.len = len;
	b.err = err;

	if (fast) {
		if ((rc = fast_parse(&b)) == 0) {
			free(b.set);
			*root = b.root;
			return 0;
		}
		/* Not of its form, or an error: libyaml's turn, afresh. */
		dl_ynode_free(b.root);
		free(b.set);
		memset(&b, 0, sizeof(b));
		b.file = file;
		b.buf = buf;
		b.len = len;
		b.err = err;
		rc = 0;
	}
	if (!yaml_parser_initialize(&parser))
		return nomem(&b);
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	/*
	 * Positions are computed on the bytes as UTF-8; a UTF-16 file then
	 * fails as invalid UTF-8 at 1:1 instead of being converted.
	 */
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	for (;;) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = parse_error(&b, &parser);
			break;
		}
		rc = on_event(&b, &ev);
		yaml_event_delete(&ev);
		if (rc != 0)
			break;
	}
	yaml_parser_delete(&parser);
	free(b.set);
	if (rc < 0) {
		dl_ynode_free(b.root);
		return rc;
	}
	/* "---" alone is an empty document, the same as an empty file. */
	if (b.root != NULL && b.root->kind == DL_YSCALAR && b.root->plain &&
	    b.root->len == 0) {
		dl_ynode_free(b.root);
		b.root = NULL;
	}
	*root = b.root;
	return 0;
}

int
dl_yaml_parse(const char *file, const char *buf, size_t len,
    struct dl_ynode **root, struct dl_error *err)
{
	return yaml_parse(file, buf, len, root, err, 1);
}

int
dl_yaml_parse_libyaml(const char *file, const char *buf, size_t len,
    struct dl_ynode **root, struct dl_error *err)
{
	return yaml_parse(file, buf, len, root, err, 0);
}

int
dl_yaml_read_file(const char *path, const char *name, char **bufp,
    size_t *lenp, struct dl_error *err)
{
	return dl_file_read(path, name, DL_YAML_MAX_FILE,
	    "plan or configuration", bufp, lenp, err);
}

struct dl_ynode *
dl_ymap_get(const struct dl_ynode *map, const char *key)
{
	size_t i, len = strlen(key);

	for (i = 0; i + 1 < map->n; i += 2)
		if (map->items[i]->len == len &&
		    memcmp(map->items[i]->value, key, len) == 0)
			return map->items[i + 1];
	return NULL;
}

struct dl_ynode *
dl_ymap_key(const struct dl_ynode *map, size_t i)
{
	return map->items[2 * i];
}

struct dl_ynode *
dl_ymap_value(const struct dl_ynode *map, size_t i)
{
	return map->items[2 * i + 1];
}

const char *
dl_ykind_name(enum dl_ykind kind)
{
	switch (kind) {
	case DL_YSCALAR:
		return "a string";
	case DL_YSEQUENCE:
		return "a list";
	case DL_YMAPPING:
		return "a mapping";
	}
	return "a node";
}

char *
dl_yquote(const char *text, size_t len, char *buf, size_t n)
{
	const unsigned char *u = (const unsigned char *)text;
	size_t i, o = 0, limit = 60;

	if (n < 8) {
		if (n > 0)
			buf[0] = '\0';
		return buf;
	}
	for (i = 0; i < len; i++) {
		/* Cut only at a character boundary, keeping room for "...". */
		if (!is_cont(u[i]) &&
		    ((i >= limit && len - i > 3) || o + 8 > n)) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		if (o + 5 > n)
			break;	/* only stray continuation bytes get here */
		if (u[i] < 0x20 || u[i] == 0x7f) {
			snprintf(buf + o, 5, "\\x%02x", u[i]);
			o += 4;
		} else
			buf[o++] = (char)u[i];
	}
	buf[o] = '\0';
	return buf;
}

char *
dl_ygot(const struct dl_ynode *node, char *buf, size_t n)
{
	char q[256];

	if (node->kind != DL_YSCALAR)
		snprintf(buf, n, ", got %s", dl_ykind_name(node->kind));
	else if (node->plain && node->len == 0)
		snprintf(buf, n, ", got an empty value");
	else if (node->plain)
		snprintf(buf, n, ", got '%s'",
		    dl_yquote(node->value, node->len, q, sizeof(q)));
	else
		snprintf(buf, n, ", got '\"%s\"'",
		    dl_yquote(node->value, node->len, q, sizeof(q)));
	return buf;
}

int
dl_yerror(struct dl_error *err, const char *file, const struct dl_ynode *node,
    const char *fmt, ...)
{
	char msg[sizeof(err->message)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dl_error_set(err, file, node ? node->line : 0, node ? node->column : 0,
	    "%s", msg);
	return DL_EINPUT;
}

int
dl_yexpect(const struct dl_ynode *node, enum dl_ykind kind, const char *file,
    const char *what, struct dl_error *err)
{
	char got[300];

	if (node->kind == kind)
		return 0;
	return dl_yerror(err, file, node, "%s must be %s%s", what,
	    dl_ykind_name(kind), dl_ygot(node, got, sizeof(got)));
}

int
dl_yget_scalar(const struct dl_ynode *node, const char *file,
    const char *what, const char *expect, int need_plain, const char **out,
    struct dl_error *err)
{
	char got[300];

	if (node->kind != DL_YSCALAR || node->len == 0 ||
	    (need_plain && !node->plain))
		return dl_yerror(err, file, node, "%s must be %s%s", what,
		    expect ? expect : "a string",
		    dl_ygot(node, got, sizeof(got)));
	*out = node->value;
	return 0;
}

int
dl_yget_bool(const struct dl_ynode *node, const char *file, const char *what,
    int *out, struct dl_error *err)
{
	char got[300];

	if (node->kind == DL_YSCALAR && node->plain) {
		if (strcmp(node->value, "true") == 0) {
			*out = 1;
			return 0;
		}
		if (strcmp(node->value, "false") == 0) {
			*out = 0;
			return 0;
		}
	}
	return dl_yerror(err, file, node, "%s must be true or false%s", what,
	    dl_ygot(node, got, sizeof(got)));
}

int
dl_yget_seconds(const struct dl_ynode *node, const char *file,
    const char *what, int64_t min, int64_t max, int64_t *out,
    struct dl_error *err)
{
	static const char expect[] = "a number of seconds or a duration "
	    "like 5m";
	const char *v = NULL, *num;
	char got[300];
	int64_t x;
	int rc;

	if ((rc = dl_yget_scalar(node, file, what, expect, 1, &v, err)) != 0)
		return rc;
	if (dl_duration_parse(v, INT64_MAX, &x) == 0 && x >= min &&
	    x <= max) {
		*out = x;
		return 0;
	}
	/*
	 * A number too large to count, or a negative duration, is out of
	 * range like a parsed one; anything else is not a duration at all.
	 */
	num = v[0] == '-' ? v + 1 : v;
	if (dl_duration_parse(v, INT64_MAX, &x) == -1 &&
	    !(num[0] != '\0' && strspn(num, "0123456789") == strlen(num)) &&
	    !(v[0] == '-' && dl_duration_parse(num, INT64_MAX, &x) == 0))
		return dl_yerror(err, file, node, "%s must be %s%s", what,
		    expect, dl_ygot(node, got, sizeof(got)));
	return dl_yerror(err, file, node,
	    "%s must be between %lld and %lld seconds%s", what,
	    (long long)min, (long long)max, dl_ygot(node, got, sizeof(got)));
}

int
dl_ymap_check_keys(const struct dl_ynode *map, const char *const *valid,
    size_t n, const char *where, const char *file, struct dl_error *err)
{
	const struct dl_ynode *key;
	const char *best;
	char q[128], list[512];
	size_t i, j, o;

	for (i = 0; i < map->n / 2; i++) {
		key = dl_ymap_key(map, i);
		for (j = 0; j < n; j++)
			if (strcmp(key->value, valid[j]) == 0)
				break;
		if (j < n)
			continue;
		quote_key(key, q, sizeof(q));
		best = dl_suggest(key->value, valid, n);
		if (best != NULL)
			return dl_yerror(err, file, key,
			    "unknown key '%s'%s%s; did you mean '%s'?", q,
			    where ? " " : "", where ? where : "", best);
		list[0] = '\0';
		for (j = 0, o = 0; j < n; j++)
			dl_catf(list, sizeof(list), &o, "%s%s",
			    j ? ", " : "", valid[j]);
		return dl_yerror(err, file, key,
		    "unknown key '%s'%s%s; valid keys: %s", q,
		    where ? " " : "", where ? where : "", list);
	}
	return 0;
}

#define MAXWORD	64

/* ASCII case folding: "Zone" is a typo of "zone". */
static char
fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

size_t
dl_edit_distance(const char *a, const char *b)
{
	/* Three rows of the optimal string alignment table. */
	size_t r0[MAXWORD + 1], r1[MAXWORD + 1], r2[MAXWORD + 1];
	size_t *pp = r0, *p = r1, *c = r2, *t;
	size_t la = strlen(a), lb = strlen(b), i, j, cost, v;

	if (la > MAXWORD || lb > MAXWORD)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		p[j] = j;
	for (i = 1; i <= la; i++) {
		c[0] = i;
		for (j = 1; j <= lb; j++) {
			cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
			v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (p[j - 1] + cost < v)
				v = p[j - 1] + cost;
			if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) &&
			    fold(a[i - 2]) == fold(b[j - 1]) && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
		}
		t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[lb];
}

void
dl_suggest_init(struct dl_suggest *s, const char *word)
{
	s->word = word;
	s->best = NULL;
	s->dist = (size_t)-1;
}

void
dl_suggest_add(struct dl_suggest *s, const char *cand)
{
	size_t d, la, lb, longer;

	if (strcmp(s->word, cand) == 0 ||
	    (d = dl_edit_distance(s->word, cand)) == (size_t)-1)
		return;
	la = strlen(s->word);
	lb = strlen(cand);
	longer = la > lb ? la : lb;
	/* Close enough to be a typo, not merely another short word. */
	if (d > 3 || d * 3 > longer)
		return;
	if (d < s->dist) {
		s->dist = d;
		s->best = cand;
	}
}

const char *
dl_suggest_best(const struct dl_suggest *s)
{
	return s->best;
}

const char *
dl_suggest(const char *word, const char *const *cands, size_t n)
{
	struct dl_suggest s;
	size_t i;

	dl_suggest_init(&s, word);
	for (i = 0; i < n; i++)
		dl_suggest_add(&s, cands[i]);
	return dl_suggest_best(&s);
}
