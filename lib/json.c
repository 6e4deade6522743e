/*
 * json.c - a strict JSON reader (RFC 8259) with positions.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

struct reader {
	const char	*file;
	const unsigned char *s;
	size_t		len;
	size_t		i;		/* next byte */
	unsigned	line;
	unsigned	col;		/* of the next byte, in characters */
	size_t		nodes;
	struct dl_error	*err;
	const char *const *drop;	/* top-level keys read, not kept */
};

/* Stops parsing at the reader's position (or at line/col when given). */
static int fail(struct reader *, unsigned, unsigned, const char *, ...)
    __attribute__((format(printf, 4, 5)));

static int
fail(struct reader *r, unsigned line, unsigned col, const char *fmt, ...)
{
	char msg[sizeof(r->err->message)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dl_error_set(r->err, r->file, line ? line : r->line,
	    line ? col : r->col, "%s", msg);
	return DL_EINPUT;
}

static int
nomem(struct reader *r)
{
	dl_error_set(r->err, r->file, 0, 0, "out of memory");
	return DL_ENOMEM;
}

static void
skip_space(struct reader *r)
{
	while (r->i < r->len) {
		switch (r->s[r->i]) {
		case '\n':
			r->line++;
			r->col = 1;
			break;
		case ' ':
		case '\t':
		case '\r':
			r->col++;
			break;
		default:
			return;
		}
		r->i++;
	}
}

/* What stands at the reader's position, for a message: "'x'", "the end". */
static const char *
found(const struct reader *r, char *buf, size_t n)
{
	unsigned char c;

	if (r->i >= r->len)
		return "the end of the file";
	c = r->s[r->i];
	if (c >= 0x21 && c < 0x7f)
		snprintf(buf, n, "'%c'", c);
	else
		snprintf(buf, n, "byte 0x%02x", c);
	return buf;
}

static struct dl_ynode *
node_new(struct reader *r, enum dl_ykind kind, unsigned line, unsigned col)
{
	struct dl_ynode *n;

	if ((n = calloc(1, sizeof(*n))) == NULL)
		return NULL;
	n->kind = kind;
	n->line = line;
	n->column = col;
	r->nodes++;
	return n;
}

/* Append item to the collection (its capacity in *cap): doubling. */
static int
push(struct dl_ynode *c, size_t *cap, struct dl_ynode *item)
{
	struct dl_ynode **items;
	size_t ncap;

	if (c->n == *cap) {
		ncap = *cap ? *cap * 2 : 8;
		if ((items = reallocarray(c->items, ncap,
		    sizeof(*items))) == NULL)
			return -1;
		c->items = items;
		*cap = ncap;
	}
	c->items[c->n++] = item;
	return 0;
}

/* Four hex digits at s; -1 when they are not. */
static long
hex4(const unsigned char *s)
{
	long v = 0;
	int k;

	for (k = 0; k < 4; k++) {
		v <<= 4;
		if (s[k] >= '0' && s[k] <= '9')
			v |= s[k] - '0';
		else if (s[k] >= 'a' && s[k] <= 'f')
			v |= s[k] - 'a' + 10;
		else if (s[k] >= 'A' && s[k] <= 'F')
			v |= s[k] - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static size_t
put_utf8(unsigned char *out, unsigned long cp)
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xc0 | (cp >> 6));
		out[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xe0 | (cp >> 12));
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (unsigned char)(0xf0 | (cp >> 18));
	out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * The length of the valid UTF-8 sequence at s (left bytes), or 0 when it
 * is not one: no overlong forms, no surrogates, nothing above U+10FFFF.
 */
static size_t
utf8_len(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return left >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (left < 3 || (s[1] & 0xc0) != 0x80 ||
		    (s[2] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0))
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (left < 4 || (s[1] & 0xc0) != 0x80 ||
		    (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

/*
 * A string at the reader's position (on its opening quote).  Sets *out
 * to a new scalar node (plain 0).  The unescaped text is never longer
 * than the escaped one, so one allocation of the raw length does.
 */
static int
read_string(struct reader *r, struct dl_ynode **out)
{
	unsigned line = r->line, col = r->col;
	size_t start = ++r->i, end, n = 0, k;
	unsigned char *v;
	unsigned long cp, lo;
	long h;

	*out = NULL;
	r->col++;
	for (end = start; end < r->len && r->s[end] != '"'; end++)
		if (r->s[end] == '\\' && end + 1 < r->len)
			end++;
	if (end >= r->len)
		return fail(r, line, col, "string not closed: expected '\"' "
		    "before the end of the file");
	if ((*out = node_new(r, DL_YSCALAR, line, col)) == NULL ||
	    ((*out)->value = malloc(end - start + 1)) == NULL)
		return nomem(r);
	v = (unsigned char *)(*out)->value;
	while (r->s[r->i] != '"') {
		unsigned char c = r->s[r->i];

		if (c < 0x20)
			return fail(r, 0, 0, "control character 0x%02x in a "
			    "string: write it as an escape like \\n or "
			    "\\u%04x", c, c);
		if (c >= 0x80) {
			if ((k = utf8_len(r->s + r->i, r->len - r->i)) == 0)
				return fail(r, 0, 0, "invalid UTF-8: byte "
				    "0x%02x does not start a valid character",
				    c);
			memcpy(v + n, r->s + r->i, k);
			n += k;
			r->i += k;
			r->col++;
			continue;
		}
		if (c != '\\') {
			v[n++] = c;
			r->i++;
			r->col++;
			continue;
		}
		/* An escape: the scan for the closing quote made sure a
		   byte follows. */
		switch (r->s[r->i + 1]) {
		case '"':  v[n++] = '"';  break;
		case '\\': v[n++] = '\\'; break;
		case '/':  v[n++] = '/';  break;
		case 'b':  v[n++] = '\b'; break;
		case 'f':  v[n++] = '\f'; break;
		case 'n':  v[n++] = '\n'; break;
		case 'r':  v[n++] = '\r'; break;
		case 't':  v[n++] = '\t'; break;
		case 'u':
			if (end - r->i < 6 || (h = hex4(r->s + r->i + 2)) < 0)
				return fail(r, 0, 0, "bad escape: '\\u' must "
				    "be followed by four hexadecimal digits");
			cp = (unsigned long)h;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return fail(r, 0, 0, "bad escape: '\\u%04lx' "
				    "is a low surrogate without a high one",
				    cp);
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (end - r->i < 12 || r->s[r->i + 6] != '\\' ||
				    r->s[r->i + 7] != 'u' ||
				    (h = hex4(r->s + r->i + 8)) < 0xdc00 ||
				    h > 0xdfff)
					return fail(r, 0, 0, "bad escape: "
					    "'\\u%04lx' is a high surrogate "
					    "without a low one", cp);
				lo = (unsigned long)h;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				r->i += 6;
				r->col += 6;
			}
			if (cp == 0)
				return fail(r, 0, 0, "'\\u0000' (NUL) is not "
				    "allowed in a string");
			n += put_utf8(v + n, cp);
			r->i += 4;
			r->col += 4;
			break;
		default:
			if (r->s[r->i + 1] >= 0x20 && r->s[r->i + 1] < 0x7f)
				return fail(r, 0, 0, "bad escape '\\%c': "
				    "expected one of \\\" \\\\ \\/ \\b \\f "
				    "\\n \\r \\t \\uXXXX", r->s[r->i + 1]);
			return fail(r, 0, 0, "bad escape: expected one of "
			    "\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
		}
		r->i += 2;
		r->col += 2;
	}
	v[n] = '\0';
	(*out)->len = n;
	r->i++;
	r->col++;
	return 0;
}

/* Is the next byte a digit? */
static int
digit(const struct reader *r)
{
	return r->i < r->len && r->s[r->i] >= '0' && r->s[r->i] <= '9';
}

/* Step over digits; at least one must come, else 0. */
static int
digits(struct reader *r)
{
	size_t start = r->i;

	while (digit(r))
		r->i++;
	return r->i > start;
}

/* A number, true, false or null: its text as written. */
static int
read_literal(struct reader *r, struct dl_ynode **out)
{
	static const char *const words[] = { "true", "false", "null" };
	unsigned line = r->line, col = r->col;
	size_t start = r->i, k, w;
	char buf[16];

	for (w = 0; w < 3; w++) {
		k = strlen(words[w]);
		if (r->len - r->i >= k && memcmp(r->s + r->i, words[w],
		    k) == 0) {
			r->i += k;
			goto done;
		}
	}
	if (r->i < r->len && r->s[r->i] == '-')
		r->i++;
	if (!digit(r)) {
		r->i = start;
		return fail(r, 0, 0, "expected a value (an object, array, "
		    "string, number, true, false or null), got %s",
		    found(r, buf, sizeof(buf)));
	}
	if (r->s[r->i] == '0') {
		r->i++;
		if (digit(r)) {
			r->col += (unsigned)(r->i - start);
			return fail(r, 0, 0, "a number must not have a leading "
			    "zero");
		}
	} else
		digits(r);
	if (r->i < r->len && r->s[r->i] == '.') {
		r->i++;
		if (!digits(r)) {
			r->col += (unsigned)(r->i - start);
			return fail(r, 0, 0, "expected a digit after the "
			    "decimal point");
		}
	}
	if (r->i < r->len && (r->s[r->i] == 'e' || r->s[r->i] == 'E')) {
		r->i++;
		if (r->i < r->len && (r->s[r->i] == '+' || r->s[r->i] == '-'))
			r->i++;
		if (!digits(r)) {
			r->col += (unsigned)(r->i - start);
			return fail(r, 0, 0, "expected a digit in the "
			    "exponent");
		}
	}
done:
	r->col += (unsigned)(r->i - start);
	if ((*out = node_new(r, DL_YSCALAR, line, col)) == NULL ||
	    ((*out)->value = strndup((const char *)r->s + start,
	    r->i - start)) == NULL)
		return nomem(r);
	(*out)->len = r->i - start;
	(*out)->plain = 1;
	return 0;
}

static int
key_cmp(const void *a, const void *b)
{
	const struct dl_ynode *x = *(struct dl_ynode *const *)a;
	const struct dl_ynode *y = *(struct dl_ynode *const *)b;
	int c;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if ((c = memcmp(x->value, y->value, x->len)) != 0)
		return c;
	/* The same key: file order, so the later one is the duplicate. */
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->column < y->column ? -1 : x->column > y->column;
}

static int
before(const struct dl_ynode *a, const struct dl_ynode *b)
{
	return a->line < b->line || (a->line == b->line &&
	    a->column < b->column);
}

/*
 * Duplicate keys of object o: a pairwise look for small objects, sorting
 * for large ones (n log n, never quadratic).  Reports the duplicate that
 * comes first in the file.
 */
static int
check_duplicates(struct reader *r, const struct dl_ynode *o)
{
	const struct dl_ynode **keys, *dup = NULL, *first = NULL;
	size_t n = o->n / 2, i, j;
	char q[96];

	if (n < 2)
		return 0;
	if (n <= 16) {
		for (i = 1; i < n && dup == NULL; i++)
			for (j = 0; j < i; j++)
				if (o->items[2 * j]->len ==
				    o->items[2 * i]->len &&
				    memcmp(o->items[2 * j]->value,
				    o->items[2 * i]->value,
				    o->items[2 * i]->len) == 0) {
					dup = o->items[2 * i];
					first = o->items[2 * j];
					break;
				}
	} else {
		if ((keys = calloc(n, sizeof(*keys))) == NULL)
			return nomem(r);
		for (i = 0; i < n; i++)
			keys[i] = o->items[2 * i];
		qsort(keys, n, sizeof(*keys), key_cmp);
		for (i = 1; i < n; i++)
			if (key_cmp(&keys[i - 1], &keys[i]) != 0 &&
			    keys[i - 1]->len == keys[i]->len &&
			    memcmp(keys[i - 1]->value, keys[i]->value,
			    keys[i]->len) == 0 &&
			    (dup == NULL || before(keys[i], dup))) {
				/* keys[i - 1] may itself be a duplicate. */
				for (j = i - 1; j > 0 &&
				    keys[j - 1]->len == keys[i]->len &&
				    memcmp(keys[j - 1]->value, keys[i]->value,
				    keys[i]->len) == 0; j--)
					;
				dup = keys[i];
				first = keys[j];
			}
		free(keys);
	}
	if (dup == NULL)
		return 0;
	return fail(r, dup->line, dup->column, "duplicate key '%s' (first at "
	    "line %u, column %u)", dl_yquote(dup->value, dup->len, q,
	    sizeof(q)), first->line, first->column);
}

static int read_value(struct reader *, unsigned, struct dl_ynode **);

/* Take the character c when it comes next: 1, else 0. */
static int
accept(struct reader *r, int c)
{
	if (r->i >= r->len || r->s[r->i] != c)
		return 0;
	r->i++;
	r->col++;
	return 1;
}

/* Is key one of the top-level keys whose values are not kept? */
static int
dropped(const struct reader *r, unsigned depth, const struct dl_ynode *key)
{
	const char *const *d;

	for (d = r->drop; depth == 1 && d != NULL && *d != NULL; d++)
		if (strcmp(*d, key->value) == 0)
			return 1;
	return 0;
}

/*
 * A value, appended to the collection c (capacity *cap).  A value under a
 * dropped key is read in full, then replaced by a null.
 */
static int
read_item(struct reader *r, unsigned depth, struct dl_ynode *c, size_t *cap,
    int drop)
{
	struct dl_ynode *val = NULL;
	unsigned line = r->line, col = r->col;
	int rc;

	rc = read_value(r, depth, &val);
	if (rc == 0 && drop) {
		dl_ynode_free(val);
		if ((val = node_new(r, DL_YSCALAR, line, col)) == NULL ||
		    (val->value = strdup("null")) == NULL) {
			dl_ynode_free(val);
			return nomem(r);
		}
		val->len = 4;
		val->plain = 1;
	}
	if (val != NULL && push(c, cap, val) != 0) {
		dl_ynode_free(val);
		return nomem(r);
	}
	return rc;
}

/*
 * After a member or element (what): a ',' (returns 1: another follows),
 * the closing character close (returns 0), else an error.
 */
static int
item_end(struct reader *r, int close, const char *what)
{
	char buf[16];

	skip_space(r);
	if (accept(r, ',')) {
		skip_space(r);
		return 1;
	}
	if (accept(r, close))
		return 0;
	return fail(r, 0, 0, "expected ',' or '%c' after %s, got %s", close,
	    what, found(r, buf, sizeof(buf)));
}

static int
read_object(struct reader *r, unsigned depth, struct dl_ynode *o)
{
	struct dl_ynode *key;
	size_t cap = 0;
	char buf[16];
	int rc;

	accept(r, '{');
	skip_space(r);
	if (accept(r, '}'))
		return 0;
	do {
		if (r->i >= r->len || r->s[r->i] != '"')
			return fail(r, 0, 0, "expected a string in double "
			    "quotes for an object key, got %s",
			    found(r, buf, sizeof(buf)));
		if ((rc = read_string(r, &key)) != 0) {
			dl_ynode_free(key);
			return rc;
		}
		if (push(o, &cap, key) != 0) {
			dl_ynode_free(key);
			return nomem(r);
		}
		skip_space(r);
		if (!accept(r, ':'))
			return fail(r, 0, 0, "expected ':' after an object "
			    "key, got %s", found(r, buf, sizeof(buf)));
		skip_space(r);
		if ((rc = read_item(r, depth, o, &cap, dropped(r, depth,
		    key))) != 0)
			return rc;
	} while ((rc = item_end(r, '}', "an object member")) == 1);
	return rc != 0 ? rc : check_duplicates(r, o);
}

static int
read_array(struct reader *r, unsigned depth, struct dl_ynode *a)
{
	size_t cap = 0;
	int rc;

	accept(r, '[');
	skip_space(r);
	if (accept(r, ']'))
		return 0;
	do {
		if ((rc = read_item(r, depth, a, &cap, 0)) != 0)
			return rc;
	} while ((rc = item_end(r, ']', "an array element")) == 1);
	return rc;
}

/*
 * A value at the reader's position, depth collections deep.  *out is
 * set to what was built, also when it fails half way (the caller frees).
 */
static int
read_value(struct reader *r, unsigned depth, struct dl_ynode **out)
{
	char buf[16];

	*out = NULL;
	if (r->nodes >= DL_JSON_MAX_NODES)
		return fail(r, 0, 0, "more than %d values; that is not a "
		    "plausible plan", DL_JSON_MAX_NODES);
	if (r->i >= r->len)
		return fail(r, 0, 0, "expected a value, got %s",
		    found(r, buf, sizeof(buf)));
	switch (r->s[r->i]) {
	case '"':
		return read_string(r, out);
	case '{':
	case '[':
		if (depth >= DL_JSON_MAX_DEPTH)
			return fail(r, 0, 0, "nested deeper than %d objects "
			    "and arrays", DL_JSON_MAX_DEPTH);
		if ((*out = node_new(r, r->s[r->i] == '{' ? DL_YMAPPING :
		    DL_YSEQUENCE, r->line, r->col)) == NULL)
			return nomem(r);
		return r->s[r->i] == '{' ? read_object(r, depth + 1, *out) :
		    read_array(r, depth + 1, *out);
	default:
		return read_literal(r, out);
	}
}

int
dl_json_parse(const char *file, const char *buf, size_t len,
    struct dl_ynode **root, struct dl_error *err)
{
	return dl_json_parse_dropping(file, buf, len, NULL, root, err);
}

int
dl_json_parse_dropping(const char *file, const char *buf, size_t len,
    const char *const *drop, struct dl_ynode **root, struct dl_error *err)
{
	struct reader r;
	char b[16];
	int rc;

	*root = NULL;
	memset(&r, 0, sizeof(r));
	r.file = file;
	r.s = (const unsigned char *)buf;
	r.len = len;
	r.line = 1;
	r.col = 1;
	r.err = err;
	r.drop = drop;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		r.i = 3;
	skip_space(&r);
	rc = read_value(&r, 0, root);
	if (rc == 0) {
		skip_space(&r);
		if (r.i < r.len)
			rc = fail(&r, 0, 0, "unexpected %s after the JSON "
			    "value: expected the end of the file",
			    found(&r, b, sizeof(b)));
	}
	if (rc != 0) {
		dl_ynode_free(*root);
		*root = NULL;
	}
	return rc;
}

int
dl_json_is_null(const struct dl_ynode *node)
{
	return node == NULL || (node->kind == DL_YSCALAR && node->plain &&
	    strcmp(node->value, "null") == 0);
}

int
dl_json_sniff(const char *buf, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' ||
	    buf[i] == '\r' || buf[i] == '\n'))
		i++;
	return i < len && (buf[i] == '{' || buf[i] == '[');
}
