/*
 * tsigkey.c - TSIG key files in BIND's syntax: the lexer, the parser, and
 * signing and verifying with a key whose secret never leaves this file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "tsigkey.h"

#define TSIG_FUDGE		300	/* seconds, as BIND and NSD use */
#define KEYFILE_MAX		(1024 * 1024)

/* ---------------------------------------------------------------------
 * TSIG keys
 */

struct dl_dnsq_tsig {
	/* absolute, presentation form: up to 4 characters a byte ("\\145") */
	char		 name[4 * LDNS_MAX_DOMAINLEN + 2];
	const char	*algorithm;	/* as in key files: "hmac-sha256" */
	const char	*ldns_alg;	/* as ldns wants it: "hmac-sha256." */
	char		*secret;	/* base64, wiped on free */
};

static const struct {
	const char	*name;
	const char	*ldns_name;
} tsig_algs[] = {
	{ "hmac-md5", "hmac-md5.sig-alg.reg.int." },
	{ "hmac-sha1", "hmac-sha1." },
	{ "hmac-sha256", "hmac-sha256." },
	{ "hmac-sha512", "hmac-sha512." },
};

enum tok { T_EOF, T_WORD, T_STRING, T_LBRACE, T_RBRACE, T_SEMI };

struct lexer {
	const char	*file;
	const char	*p, *end;
	unsigned	 line, col;
	enum tok	 t;
	char		 s[1024];	/* the word or string, NUL ended */
	unsigned	 tline, tcol;	/* where the token starts */
	struct dl_error	*err;
};

static void
lex_advance(struct lexer *lx)
{
	if (*lx->p == '\n') {
		lx->line++;
		lx->col = 1;
	} else if (((unsigned char)*lx->p & 0xC0) != 0x80)
		lx->col++;	/* columns count characters, not bytes */
	lx->p++;
}

static bool
lex_comment_start(const struct lexer *lx)
{
	return *lx->p == '#' || (lx->p + 1 < lx->end && lx->p[0] == '/' &&
	    (lx->p[1] == '/' || lx->p[1] == '*'));
}

/* The next token into lx->t (and lx->s).  Returns 0 or DL_EINPUT. */
static int
lex_next(struct lexer *lx)
{
	unsigned l, c;
	size_t n = 0;

	for (;;) {
		while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' ||
		    *lx->p == '\n' || *lx->p == '\r' || *lx->p == '\f' ||
		    *lx->p == '\v'))
			lex_advance(lx);
		if (lx->p >= lx->end || !lex_comment_start(lx))
			break;
		if (*lx->p == '#' || lx->p[1] == '/') {
			while (lx->p < lx->end && *lx->p != '\n')
				lex_advance(lx);
			continue;
		}
		l = lx->line;
		c = lx->col;
		lex_advance(lx);
		lex_advance(lx);
		while (lx->p + 1 < lx->end &&
		    !(lx->p[0] == '*' && lx->p[1] == '/'))
			lex_advance(lx);
		if (lx->p + 1 >= lx->end) {
			dl_error_set(lx->err, lx->file, l, c,
			    "unterminated comment");
			return DL_EINPUT;
		}
		lex_advance(lx);
		lex_advance(lx);
	}
	lx->tline = lx->line;
	lx->tcol = lx->col;
	lx->s[0] = '\0';
	if (lx->p >= lx->end) {
		lx->t = T_EOF;
		return 0;
	}
	switch (*lx->p) {
	case '{':
		lx->t = T_LBRACE;
		lex_advance(lx);
		return 0;
	case '}':
		lx->t = T_RBRACE;
		lex_advance(lx);
		return 0;
	case ';':
		lx->t = T_SEMI;
		lex_advance(lx);
		return 0;
	case '"':
		lx->t = T_STRING;
		lex_advance(lx);
		while (lx->p < lx->end && *lx->p != '"') {
			if (*lx->p == '\\' && lx->p + 1 < lx->end)
				lex_advance(lx);
			if (n + 1 >= sizeof(lx->s)) {
				dl_error_set(lx->err, lx->file, lx->tline,
				    lx->tcol, "quoted string too long");
				return DL_EINPUT;
			}
			lx->s[n++] = *lx->p;
			lex_advance(lx);
		}
		if (lx->p >= lx->end) {
			dl_error_set(lx->err, lx->file, lx->tline, lx->tcol,
			    "unterminated quoted string");
			return DL_EINPUT;
		}
		lex_advance(lx);
		lx->s[n] = '\0';
		return 0;
	}
	lx->t = T_WORD;
	while (lx->p < lx->end && strchr(" \t\r\n\f\v{};\"", *lx->p) == NULL &&
	    !lex_comment_start(lx)) {
		if (n + 1 >= sizeof(lx->s)) {
			dl_error_set(lx->err, lx->file, lx->tline, lx->tcol,
			    "word too long");
			return DL_EINPUT;
		}
		lx->s[n++] = *lx->p;
		lex_advance(lx);
	}
	lx->s[n] = '\0';
	return 0;
}

/*
 * The current token for an error message.  Only short lower-case words
 * are quoted: anything else might be a misplaced secret.
 */
static const char *
lex_what(const struct lexer *lx, char *buf, size_t n)
{
	size_t i, len;

	switch (lx->t) {
	case T_EOF: return "end of file";
	case T_STRING: return "a quoted string";
	case T_LBRACE: return "'{'";
	case T_RBRACE: return "'}'";
	case T_SEMI: return "';'";
	case T_WORD: break;
	}
	len = strlen(lx->s);
	for (i = 0; i < len; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyz0123456789-.", lx->s[i])
		    == NULL)
			break;
	if (len == 0 || len > 20 || i < len)
		return "a word";
	snprintf(buf, n, "'%s'", lx->s);
	return buf;
}

static int
lex_error(struct lexer *lx, const char *expected)
{
	char buf[32];

	dl_error_set(lx->err, lx->file, lx->tline, lx->tcol,
	    "expected %s, got %s", expected, lex_what(lx, buf, sizeof(buf)));
	return DL_EINPUT;
}

/* Strict base64 with at least one byte of key: padding only at the end. */
static bool
base64_ok(const char *s)
{
	size_t n = 0, pad = 0;

	for (; *s != '\0'; s++) {
		if (*s == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || !((*s >= 'A' && *s <= 'Z') ||
		    (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '+' || *s == '/'))
			return false;
		n++;
	}
	if (pad > 2 || n % 4 == 1 || (pad > 0 && (n + pad) % 4 != 0))
		return false;
	return n * 6 / 8 > 0;
}

static void
wipe(void *p, size_t n)
{
	if (p != NULL)
		explicit_bzero(p, n);
}

void
dl_dnsq_tsig_free(struct dl_dnsq_tsig *key)
{
	if (key == NULL)
		return;
	if (key->secret != NULL) {
		wipe(key->secret, strlen(key->secret));
		free(key->secret);
	}
	wipe(key, sizeof(*key));
	free(key);
}

const char *
dl_dnsq_tsig_name(const struct dl_dnsq_tsig *key)
{
	return key->name;
}

const char *
dl_dnsq_tsig_algorithm(const struct dl_dnsq_tsig *key)
{
	return key->algorithm;
}

/* One "key NAME { ... };" clause; lx is at "key". */
static int
parse_key(struct lexer *lx, struct dl_dnsq_tsig *key)
{
	unsigned kline = lx->tline, kcol = lx->tcol, sline = 0, scol = 0;
	char alg[64], *text;
	ldns_rdf *rdf;
	size_t i, len;
	bool have_alg = false;
	int rc;

	if ((rc = lex_next(lx)) != 0)
		return rc;
	if ((lx->t != T_WORD && lx->t != T_STRING) || lx->s[0] == '\0')
		return lex_error(lx, "the key's name after 'key'");
	if (strlen(lx->s) > LDNS_MAX_DOMAINLEN ||
	    (rdf = ldns_dname_new_frm_str(lx->s)) == NULL) {
		dl_error_set(lx->err, lx->file, lx->tline, lx->tcol,
		    "'%s' is not a valid key name", lx->s);
		return DL_EINPUT;
	}
	/* Whole, or the key would sign as another name. */
	text = ldns_rdf2str(rdf);
	ldns_rdf_deep_free(rdf);
	if (text == NULL) {
		dl_error_set(lx->err, lx->file, 0, 0, "out of memory");
		return DL_ENOMEM;
	}
	if (strlen(text) >= sizeof(key->name)) {
		free(text);
		dl_error_set(lx->err, lx->file, lx->tline, lx->tcol,
		    "'%s' is not a valid key name", lx->s);
		return DL_EINPUT;
	}
	strcpy(key->name, text);
	free(text);
	if ((rc = lex_next(lx)) != 0)
		return rc;
	if (lx->t != T_LBRACE)
		return lex_error(lx, "'{' after the key's name");
	for (;;) {
		if ((rc = lex_next(lx)) != 0)
			return rc;
		if (lx->t == T_RBRACE)
			break;
		if (lx->t == T_WORD && strcmp(lx->s, "algorithm") == 0) {
			if (have_alg) {
				dl_error_set(lx->err, lx->file, lx->tline,
				    lx->tcol, "duplicate 'algorithm'");
				return DL_EINPUT;
			}
			if ((rc = lex_next(lx)) != 0)
				return rc;
			if (lx->t != T_WORD && lx->t != T_STRING)
				return lex_error(lx, "an algorithm name");
			len = strlen(lx->s);
			if (len >= sizeof(alg))
				len = sizeof(alg) - 1;
			memcpy(alg, lx->s, len);
			alg[len] = '\0';
			if (len > 0 && alg[len - 1] == '.')
				alg[--len] = '\0';
			if (strcasecmp(alg, "hmac-md5.sig-alg.reg.int") == 0)
				strcpy(alg, "hmac-md5");
			for (i = 0; i < sizeof(tsig_algs) / sizeof(tsig_algs[0]);
			    i++)
				if (strcasecmp(alg, tsig_algs[i].name) == 0)
					break;
			if (i == sizeof(tsig_algs) / sizeof(tsig_algs[0])) {
				if (strcasecmp(alg, "hmac-sha224") == 0 ||
				    strcasecmp(alg, "hmac-sha384") == 0)
					dl_error_set(lx->err, lx->file,
					    lx->tline, lx->tcol, "TSIG algorithm "
					    "'%s' is not supported: use "
					    "hmac-sha256 or hmac-sha512",
					    lx->s);
				else
					dl_error_set(lx->err, lx->file,
					    lx->tline, lx->tcol, "unknown TSIG "
					    "algorithm '%s': expected hmac-sha256,"
					    " hmac-sha512, hmac-sha1 or hmac-md5",
					    lx->s);
				return DL_EINPUT;
			}
			key->algorithm = tsig_algs[i].name;
			key->ldns_alg = tsig_algs[i].ldns_name;
			have_alg = true;
			if ((rc = lex_next(lx)) != 0)
				return rc;
			if (lx->t != T_SEMI)
				return lex_error(lx, "';' after the algorithm");
		} else if (lx->t == T_WORD && strcmp(lx->s, "secret") == 0) {
			/* Never quote anything from here to the ';'. */
			if (key->secret != NULL) {
				dl_error_set(lx->err, lx->file, lx->tline,
				    lx->tcol, "duplicate 'secret'");
				return DL_EINPUT;
			}
			if ((rc = lex_next(lx)) != 0)
				return rc;
			sline = lx->tline;
			scol = lx->tcol;
			if (lx->t != T_WORD && lx->t != T_STRING) {
				dl_error_set(lx->err, lx->file, sline, scol,
				    "expected the secret in base64 after "
				    "'secret'");
				return DL_EINPUT;
			}
			if (!base64_ok(lx->s)) {
				dl_error_set(lx->err, lx->file, sline, scol,
				    "the secret is not valid base64");
				return DL_EINPUT;
			}
			if ((key->secret = strdup(lx->s)) == NULL) {
				dl_error_set(lx->err, lx->file, 0, 0,
				    "out of memory");
				return DL_ENOMEM;
			}
			if ((rc = lex_next(lx)) != 0)
				return rc;
			if (lx->t != T_SEMI) {
				dl_error_set(lx->err, lx->file, lx->tline,
				    lx->tcol, "expected ';' after the secret");
				return DL_EINPUT;
			}
		} else if (lx->t == T_EOF) {
			return lex_error(lx, "'}' to end the key clause");
		} else
			return lex_error(lx, "'algorithm', 'secret' or '}'");
	}
	if ((rc = lex_next(lx)) != 0)
		return rc;
	if (lx->t != T_SEMI)
		return lex_error(lx, "';' after '}'");
	if (!have_alg) {
		dl_error_set(lx->err, lx->file, kline, kcol,
		    "key '%s' has no algorithm", key->name);
		return DL_EINPUT;
	}
	if (key->secret == NULL) {
		dl_error_set(lx->err, lx->file, kline, kcol,
		    "key '%s' has no secret", key->name);
		return DL_EINPUT;
	}
	return 0;
}

int
dl_dnsq_tsig_parse(const char *file, const char *text, size_t len,
    struct dl_dnsq_tsig **out, struct dl_error *err)
{
	struct dl_dnsq_tsig *key = NULL;
	struct lexer lx;
	int rc;

	memset(&lx, 0, sizeof(lx));
	lx.file = file;
	lx.p = text;
	lx.end = text + len;
	lx.line = lx.col = 1;
	lx.err = err;
	for (;;) {
		if ((rc = lex_next(&lx)) != 0)
			goto fail;
		if (lx.t == T_EOF)
			break;
		if (lx.t != T_WORD || strcmp(lx.s, "key") != 0) {
			rc = lex_error(&lx, "'key'");
			goto fail;
		}
		if (key != NULL) {
			dl_error_set(err, file, lx.tline, lx.tcol,
			    "a second key clause: the file must hold one key");
			rc = DL_EINPUT;
			goto fail;
		}
		if ((key = calloc(1, sizeof(*key))) == NULL) {
			dl_error_set(err, file, 0, 0, "out of memory");
			rc = DL_ENOMEM;
			goto fail;
		}
		if ((rc = parse_key(&lx, key)) != 0)
			goto fail;
	}
	if (key == NULL) {
		dl_error_set(err, file, 0, 0, "no key clause: expected "
		    "key \"name\" { algorithm hmac-sha256; secret \"...\"; };");
		rc = DL_EINPUT;
		goto fail;
	}
	wipe(lx.s, sizeof(lx.s));
	*out = key;
	return 0;
fail:
	wipe(lx.s, sizeof(lx.s));
	dl_dnsq_tsig_free(key);
	return rc;
}

int
dl_dnsq_tsig_load(const char *path, struct dl_dnsq_tsig **out,
    struct dl_error *err)
{
	struct stat st;
	char *text;
	ssize_t r;
	size_t n = 0;
	int fd, rc;

	if ((fd = dl_file_open(path, &st)) < 0 ||
	    st.st_size > KEYFILE_MAX) {
		dl_error_set(err, path, 0, 0, "cannot read: %s",
		    fd == -1 ? strerror(errno) :
		    fd == DL_FILE_NOT_REGULAR ? "not a regular file" :
		    "too big for a key file");
		if (fd >= 0)
			close(fd);
		return DL_EIO;
	}
	if ((text = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		dl_error_set(err, path, 0, 0, "out of memory");
		return DL_ENOMEM;
	}
	while (n < (size_t)st.st_size) {
		r = read(fd, text + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	if (n < (size_t)st.st_size) {
		dl_error_set(err, path, 0, 0, "cannot read: %s",
		    strerror(errno != 0 ? errno : EIO));
		wipe(text, n);
		free(text);
		close(fd);
		return DL_EIO;
	}
	close(fd);
	rc = dl_dnsq_tsig_parse(path, text, n, out, err);
	wipe(text, n);
	free(text);
	return rc;
}

const char *
dl_dnsq_tsig_ldns_algorithm(const struct dl_dnsq_tsig *key)
{
	return key->ldns_alg;
}

ldns_status
dl_dnsq_tsig_sign(const struct dl_dnsq_tsig *key, ldns_pkt *pkt)
{
	return ldns_pkt_tsig_sign(pkt, key->name, key->secret, TSIG_FUDGE,
	    key->ldns_alg, NULL);
}

bool
dl_dnsq_tsig_verify_next(const struct dl_dnsq_tsig *key, ldns_pkt *pkt,
    const uint8_t *wire, size_t len, const ldns_rdf *prior_mac,
    bool timers_only)
{
	return ldns_pkt_tsig_verify_next(pkt, wire, len, key->name,
	    key->secret, prior_mac, timers_only ? 1 : 0);
}
