/*
 * test_zone.c - the streaming master-file loader and the RRset helpers.
 * Run from the top of the tree: fixtures are found by relative path.
 */
#include <sys/stat.h>

#include <arpa/inet.h>

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "corpus.h"
#include "dtime.h"
#include "par.h"
#include "zone.h"

#define ZONES	"tests/fixtures/zones"
#define BAD	"tests/fixtures/bad-zones"

static struct dl_zone *
load_ok(const char *path, const char *origin,
    const struct dl_zone_filter *f)
{
	struct dl_zone *z = NULL;
	struct dl_error err;
	char buf[2048];
	int rc;

	memset(&err, 0, sizeof(err));
	rc = dl_zone_load_file(path, origin, f, &z, &err);
	if (rc != 0)
		fail_msg("%s", dl_error_format(&err, buf, sizeof(buf)));
	assert_non_null(z);
	return z;
}

/* Does the walk of kept records (the filter's) hold a record at name? */
static int
kept_name(const struct dl_zone *z, const char *name)
{
	size_t i;

	for (i = 0; i < dl_zone_kept_count(z); i++)
		if (strcmp(dl_zone_kept_owner(z, i), name) == 0)
			return 1;
	return 0;
}

/* Load a zone that must fail; returns the code, message in buf. */
static int
load_err(const char *path, const char *origin,
    const struct dl_zone_filter *f, char *buf, size_t n)
{
	struct dl_zone *z = NULL;
	struct dl_error err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = dl_zone_load_file(path, origin, f, &z, &err);
	assert_null(z);
	assert_int_not_equal(rc, 0);
	dl_error_format(&err, buf, n);
	return rc;
}

/* The rdata of the RRset as text, records joined by "|", and its TTL. */
static char *
rrset_text(const struct dl_zone *z, const char *owner, ldns_rr_type type,
    uint32_t *ttl)
{
	static char out[1024];
	ldns_rr_list *l;
	ldns_rr *rr;
	char *s;
	size_t i, j, o = 0;

	out[0] = '\0';
	l = dl_zone_rrset(z, owner, type);
	assert_non_null(l);
	if (ttl != NULL)
		*ttl = dl_rrset_ttl(l);
	for (i = 0; i < ldns_rr_list_rr_count(l); i++) {
		rr = ldns_rr_list_rr(l, i);
		for (j = 0; j < ldns_rr_rd_count(rr); j++) {
			s = ldns_rdf2str(ldns_rr_rdf(rr, j));
			assert_non_null(s);
			if (o < sizeof(out))	/* cut when too long */
				o += (size_t)snprintf(out + o, sizeof(out) - o,
				    "%s%s", o == 0 ? "" : j == 0 ? "|" : " ",
				    s);
			free(s);
		}
	}
	ldns_rr_list_free(l);
	return out;
}

static void
test_dl_zone_load_file_basic(void **state)
{
	struct dl_zone *z;
	uint32_t ttl;
	char *s;

	(void)state;
	z = load_ok(ZONES "/basic.zone", "example.com.", NULL);
	assert_int_equal(dl_zone_record_count(z), 13);
	assert_int_equal(dl_zone_kept_count(z), 13);
	assert_true(dl_zone_is_whole(z));
	assert_string_equal(dl_zone_origin(z), "example.com.");
	assert_string_equal(dl_zone_file(z), ZONES "/basic.zone");
	assert_string_equal(rrset_text(z, "www.example.com.", LDNS_RR_TYPE_A,
	    &ttl), "192.0.2.10");
	assert_int_equal(ttl, 300);
	assert_string_equal(rrset_text(z, "ns1.example.com.", LDNS_RR_TYPE_A,
	    &ttl), "192.0.2.1");
	assert_int_equal(ttl, 3600);
	assert_string_equal(rrset_text(z, "example.com.", LDNS_RR_TYPE_MX,
	    &ttl), "10 mail.example.com.");
	assert_string_equal(rrset_text(z, "alias.example.com.",
	    LDNS_RR_TYPE_CNAME, NULL), "www.example.com.");
	/* "@" in rdata is the origin. */
	assert_string_equal(rrset_text(z, "ptr.example.com.",
	    LDNS_RR_TYPE_PTR, NULL), "example.com.");
	/* An absolute owner in mixed case is stored in lower case. */
	assert_true(dl_zone_has_name(z, "cased.example.com."));
	assert_false(dl_zone_has_name(z, "Cased.Example.COM."));
	assert_false(dl_zone_has_name(z, "nothere.example.com."));
	s = ldns_rdf2str(ldns_rr_owner(dl_zone_kept(z, 9)));
	assert_string_equal(s, "cased.example.com.");
	free(s);
	dl_zone_free(z);
}

static void
test_dl_zone_load_file_blank_owner(void **state)
{
	struct dl_zone *z;
	uint32_t ttl;

	(void)state;
	z = load_ok(ZONES "/basic.zone", "example.com.", NULL);
	/* "	IN NS ns1" after the SOA continues the owner "@". */
	assert_string_equal(rrset_text(z, "example.com.", LDNS_RR_TYPE_NS,
	    &ttl), "ns1.example.com.|ns2.provider.net.");
	/* "	IN 600 AAAA" continues "www". */
	assert_string_equal(rrset_text(z, "www.example.com.",
	    LDNS_RR_TYPE_AAAA, &ttl), "2001:db8::10");
	assert_int_equal(ttl, 600);
	dl_zone_free(z);
}

static void
test_dl_zone_load_file_class_ttl_order(void **state)
{
	struct dl_zone *z;
	uint32_t ttl;

	(void)state;
	z = load_ok(ZONES "/basic.zone", "example.com.", NULL);
	/* "www 300 IN A" and "mail IN 7200 A" */
	rrset_text(z, "www.example.com.", LDNS_RR_TYPE_A, &ttl);
	assert_int_equal(ttl, 300);
	rrset_text(z, "mail.example.com.", LDNS_RR_TYPE_A, &ttl);
	assert_int_equal(ttl, 7200);
	dl_zone_free(z);
}

static void
test_dl_zone_load_file_multiline_soa(void **state)
{
	struct dl_zone *z;
	const ldns_rr *soa;

	(void)state;
	z = load_ok(ZONES "/basic.zone", "example.com.", NULL);
	soa = dl_zone_soa(z);
	assert_non_null(soa);
	assert_int_equal(ldns_rr_rd_count(soa), 7);
	assert_int_equal(ldns_rdf2native_int32(ldns_rr_rdf(soa, 2)),
	    2024010101);
	assert_int_equal(ldns_rdf2native_int32(ldns_rr_rdf(soa, 6)), 300);
	assert_int_equal(ldns_rr_ttl(soa), 3600);
	dl_zone_free(z);
}

static void
test_dl_zone_rrset_line_multiline(void **state)
{
	struct dl_zone *z;

	(void)state;
	z = load_ok(ZONES "/basic.zone", "example.com.", NULL);
	/* The SOA spans lines 3 to 8: its first line counts. */
	assert_int_equal(dl_zone_rrset_line(z, "example.com.",
	    LDNS_RR_TYPE_SOA), 3);
	assert_int_equal(dl_zone_rrset_line(z, "example.com.",
	    LDNS_RR_TYPE_NS), 9);
	assert_int_equal(dl_zone_rrset_line(z, "www.example.com.",
	    LDNS_RR_TYPE_AAAA), 15);
	assert_int_equal(dl_zone_rrset_line(z, "www.example.com.",
	    LDNS_RR_TYPE_TXT), 0);
	assert_int_equal(dl_zone_rrset_line(z, "none.example.com.",
	    LDNS_RR_TYPE_A), 0);
	assert_int_equal(dl_zone_kept_line(z, 0), 3);
	assert_int_equal(dl_zone_kept_line(z, 12), 23);
	dl_zone_free(z);
}

static void
test_dl_zone_load_file_quoted_semicolon(void **state)
{
	struct dl_zone *z;

	(void)state;
	z = load_ok(ZONES "/basic.zone", "example.com.", NULL);
	assert_string_equal(rrset_text(z, "txt.example.com.",
	    LDNS_RR_TYPE_TXT, NULL),
	    "\"v=spf1 ip4:192.0.2.10 -all; not a comment\"");
	dl_zone_free(z);
}

static void
test_dl_zone_load_file_origin_relative(void **state)
{
	struct dl_zone *z;

	(void)state;
	z = load_ok(ZONES "/basic.zone", "example.com.", NULL);
	/* "$ORIGIN sub" under example.com. is sub.example.com. (BIND). */
	assert_string_equal(rrset_text(z, "host.sub.example.com.",
	    LDNS_RR_TYPE_A, NULL), "192.0.2.40");
	assert_false(dl_zone_has_name(z, "host.sub."));
	/* "$ORIGIN example.com." (absolute) brings the origin back. */
	assert_true(dl_zone_has_name(z, "ptr.example.com."));
	dl_zone_free(z);
}

static void
test_dl_zone_load_file_origin_argument(void **state)
{
	struct dl_zone *z;

	(void)state;
	/* The zone origin may be given without the dot and in any case. */
	z = load_ok(ZONES "/basic.zone", "Example.COM", NULL);
	assert_string_equal(dl_zone_origin(z), "example.com.");
	assert_true(dl_zone_has_name(z, "www.example.com."));
	dl_zone_free(z);
}

static void
test_dl_zone_load_file_soa_minimum_ttl(void **state)
{
	struct dl_zone *z;
	uint32_t ttl;

	(void)state;
	/* No $TTL, SOA without TTL: BIND takes its MINIMUM 900 as $TTL,
	   NSD and Knot serve 3600: the larger is read. */
	z = load_ok(ZONES "/implicit-ttl.zone", "example.com.", NULL);
	assert_int_equal(ldns_rr_ttl(dl_zone_soa(z)), 3600);
	rrset_text(z, "example.com.", LDNS_RR_TYPE_NS, &ttl);
	assert_int_equal(ttl, 3600);
	rrset_text(z, "ns1.example.com.", LDNS_RR_TYPE_A, &ttl);
	assert_int_equal(ttl, 86400);
	/* After an explicit 86400 BIND's default is still 900. */
	rrset_text(z, "www.example.com.", LDNS_RR_TYPE_A, &ttl);
	assert_int_equal(ttl, 3600);
	dl_zone_free(z);
}

static void
test_dl_zone_load_file_last_stated_ttl(void **state)
{
	struct dl_zone *z;
	uint32_t ttl;

	(void)state;
	z = load_ok(ZONES "/last-ttl.zone", "example.com.", NULL);
	assert_int_equal(ldns_rr_ttl(dl_zone_soa(z)), 600);
	/* BIND: the last stated 600; NSD and Knot: 3600. */
	rrset_text(z, "example.com.", LDNS_RR_TYPE_NS, &ttl);
	assert_int_equal(ttl, 3600);
	/* Without $TTL the last stated TTL carries on (RFC 1035 5.1),
	   above 3600. */
	rrset_text(z, "www.example.com.", LDNS_RR_TYPE_A, &ttl);
	assert_int_equal(ttl, 86400);
	/* After $TTL 120, records without a TTL take 120 ... */
	rrset_text(z, "late.example.com.", LDNS_RR_TYPE_A, &ttl);
	assert_int_equal(ttl, 120);
	rrset_text(z, "late2.example.com.", LDNS_RR_TYPE_A, &ttl);
	assert_int_equal(ttl, 30);
	/* ... even after an explicit TTL. */
	rrset_text(z, "late3.example.com.", LDNS_RR_TYPE_A, &ttl);
	assert_int_equal(ttl, 120);
	dl_zone_free(z);
}

/* Write text to a new file in dir; returns its path (static buffer). */
static const char *
write_file(const char *dir, const char *name, const char *text)
{
	static char path[PATH_MAX];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static char *
make_tmpdir(void)
{
	char tmpl[] = "/tmp/dnslint-zone-XXXXXX", *d;

	d = mkdtemp(tmpl);
	assert_non_null(d);
	d = strdup(d);
	assert_non_null(d);
	return d;
}

static void
remove_tmp(char *dir, const char *const *names)
{
	char path[PATH_MAX];

	for (; *names != NULL; names++) {
		snprintf(path, sizeof(path), "%s/%s", dir, *names);
		(void)unlink(path);
	}
	assert_int_equal(rmdir(dir), 0);
	free(dir);
}

static void
test_dl_zone_origin_relative_after_absolute(void **state)
{
	char *dir = make_tmpdir();
	const char *names[] = { "z", NULL };
	struct dl_zone *z;

	(void)state;
	/*
	 * A relative $ORIGIN is read against the last absolute one above
	 * it, however many lines lie between (the fuzzer found the length
	 * of that one taken as running to the end of the text).
	 */
	z = load_ok(write_file(dir, "z", "$ORIGIN example.com.\n"
	    "$TTL 300\n"
	    "@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
	    "@ NS ns1\n"
	    "ns1 A 192.0.2.1\n"
	    "$ORIGIN other.example.com.\n"
	    "; lines that are not records\n"
	    "\n"
	    "$TTL 600\n"
	    "$ORIGIN sub\n"
	    "host A 192.0.2.40\n"), "example.com.", NULL);
	assert_string_equal(rrset_text(z, "host.sub.other.example.com.",
	    LDNS_RR_TYPE_A, NULL), "192.0.2.40");
	dl_zone_free(z);
	remove_tmp(dir, names);
}

/*
 * Records built from libzscanner's wire form (ldns_wire2rr()) must be
 * what ldns builds from the same text, field by field and type by type,
 * escapes and odd numbers included.  Each line is absolute and complete
 * so ldns can read it alone.
 */
static const char *const fast_lines[] = {
	"a.example.com. 300 IN A 192.0.2.1",
	"a.example.com. 300 IN AAAA 2001:db8::1",
	"a.example.com. 300 IN AAAA ::ffff:192.0.2.9",
	"b.example.com. 300 IN NS ns1.Example.NET.",
	"b.example.com. 300 IN NS ns2",
	"c.example.com. 300 IN CNAME @",
	"d.example.com. 300 IN CNAME .",
	"e.example.com. 300 IN PTR host.sub",
	"f.example.com. 300 IN MX 10 mail",
	"f.example.com. 300 IN MX 007 mail.example.org.",
	"f.example.com. 300 IN MX 65535 @",
	"g.example.com. 300 IN SRV 0 5 5060 sip",
	"g.example.com. 300 IN SRV 65535 0 1 sip.example.org.",
	"h.example.com. 300 IN TXT \"v=spf1 -all\"",
	"h.example.com. 300 IN TXT word",
	"h.example.com. 300 IN TXT \"\"",
	"h.example.com. 300 IN TXT \"one\" two \"three four\"",
	"h.example.com. 300 IN TXT \"esc\\\"aped\" \"back\\\\slash\" \\065",
	"h.example.com. 300 IN TXT \"\\010\\255\"",
	"h.example.com. 300 IN TXT \"caf\303\251\"",
	"i.example.com. 300 IN CNAME esc\\.aped",
	"i.example.com. 300 IN NS \\065bc.example.net.",
	"Mixed.Example.COM. 300 IN A 198.51.100.7",
	NULL
};

static void
assert_same_rr(const ldns_rr *got, const ldns_rr *want, const char *line)
{
	size_t k;

	if (ldns_rr_compare(got, want) != 0 ||
	    ldns_rr_ttl(got) != ldns_rr_ttl(want) ||
	    ldns_rdf_compare(ldns_rr_owner(got), ldns_rr_owner(want)) != 0 ||
	    ldns_rr_rd_count(got) != ldns_rr_rd_count(want))
		fail_msg("record differs from ldns's: %s", line);
	for (k = 0; k < ldns_rr_rd_count(want); k++)
		if (ldns_rdf_get_type(ldns_rr_rdf(got, k)) !=
		    ldns_rdf_get_type(ldns_rr_rdf(want, k)) ||
		    ldns_rdf_compare(ldns_rr_rdf(got, k),
		    ldns_rr_rdf(want, k)) != 0)
			fail_msg("field %zu differs from ldns's: %s", k, line);
}

static void
test_dl_zone_fast_records_match_ldns(void **state)
{
	char *dir = make_tmpdir(), *text;
	const char *names[] = { "z", NULL };
	struct dl_zone *z;
	ldns_rdf *origin;
	size_t i, len = 0, n = 0;

	(void)state;
	text = malloc(8192);
	assert_non_null(text);
	len = (size_t)snprintf(text, 8192, "$ORIGIN example.com.\n"
	    "@ 300 IN SOA ns1 host 1 7200 3600 1209600 300\n");
	for (i = 0; fast_lines[i] != NULL; i++)
		len += (size_t)snprintf(text + len, 8192 - len, "%s\n",
		    fast_lines[i]);
	z = load_ok(write_file(dir, "z", text), "example.com.", NULL);
	origin = ldns_dname_new_frm_str("example.com.");
	assert_non_null(origin);
	for (i = 0; i < dl_zone_kept_count(z); i++) {
		const ldns_rr *got = dl_zone_kept(z, i);
		ldns_rr *want = NULL;
		char *owner;

		if (ldns_rr_get_type(got) == LDNS_RR_TYPE_SOA)
			continue;
		assert_non_null(fast_lines[n]);
		assert_int_equal(ldns_rr_new_frm_str(&want, fast_lines[n], 0,
		    origin, NULL), LDNS_STATUS_OK);
		/* The loader keeps owners in lower case. */
		owner = dl_name_str(ldns_rr_owner(want));
		assert_non_null(owner);
		assert_string_equal(owner, dl_zone_kept_owner(z, i));
		free(owner);
		if (fast_lines[n][0] == 'M')
			ldns_dname2canonical(ldns_rr_owner(want));
		assert_same_rr(got, want, fast_lines[n]);
		ldns_rr_free(want);
		n++;
	}
	assert_null(fast_lines[n]);
	ldns_rdf_deep_free(origin);
	dl_zone_free(z);
	free(text);
	remove_tmp(dir, names);
}

/* The first record of each RRset, with the owner's types interleaved. */
static void
test_dl_zone_kept_first_interleaved(void **state)
{
	static const int want[] = { 1, 1, 1, 0, 0, 0, 1, 1 };
	char *dir = make_tmpdir();
	const char *names[] = { "z", NULL };
	struct dl_zone *z;
	size_t i;

	(void)state;
	z = load_ok(write_file(dir, "z", "$ORIGIN example.com.\n"
	    "@ 300 IN SOA ns1 host 1 7200 3600 1209600 300\n"
	    "@ 300 IN TXT one\n"
	    "@ 300 IN A 192.0.2.1\n"
	    "@ 300 IN TXT two\n"
	    "@ 300 IN A 192.0.2.2\n"
	    "@ 300 IN TXT three\n"
	    "www 300 IN TXT one\n"
	    "@ 300 IN MX 10 www\n"), "example.com.", NULL);
	assert_int_equal(dl_zone_kept_count(z), 8);
	for (i = 0; i < 8; i++)
		if (dl_zone_kept_first(z, i) != want[i])
			fail_msg("record %zu: first %d, want %d", i,
			    dl_zone_kept_first(z, i), want[i]);
	dl_zone_free(z);
	remove_tmp(dir, names);
}

static void
test_dl_zone_load_file_ttl_units(void **state)
{
	static const char *const names[] = { "z", NULL };
	struct dl_zone *z;
	uint32_t ttl;
	char *dir;

	(void)state;
	dir = make_tmpdir();
	z = load_ok(write_file(dir, "z",
	    "$TTL 1w2d\n"
	    "@ SOA ns hm 1 2h 1H 1w 5m\n"
	    "  NS ns\n"
	    "a 1h30m A 192.0.2.1\n"
	    "b 0 A 192.0.2.2\n"
	    "c 2147483647 A 192.0.2.3\n"), "example.com.", NULL);
	rrset_text(z, "example.com.", LDNS_RR_TYPE_NS, &ttl);
	assert_int_equal(ttl, 9 * 86400);
	rrset_text(z, "a.example.com.", LDNS_RR_TYPE_A, &ttl);
	assert_int_equal(ttl, 5400);
	/* An explicit 0 stays 0 (ldns would take 0 as "use 3600"). */
	rrset_text(z, "b.example.com.", LDNS_RR_TYPE_A, &ttl);
	assert_int_equal(ttl, 0);
	rrset_text(z, "c.example.com.", LDNS_RR_TYPE_A, &ttl);
	assert_int_equal(ttl, 2147483647);
	assert_int_equal(ldns_rdf2native_int32(
	    ldns_rr_rdf(dl_zone_soa(z), 3)), 7200);
	dl_zone_free(z);
	remove_tmp(dir, names);
}

static void
test_dl_zone_load_file_blank_lines_and_crlf(void **state)
{
	static const char *const names[] = { "z", NULL };
	struct dl_zone *z;
	uint32_t ttl;
	char *dir;

	(void)state;
	dir = make_tmpdir();
	/* A white-space-only line must not change TTL handling (ldns). */
	z = load_ok(write_file(dir, "z",
	    "@ 7200 SOA ns hm 1 2 3 4 5\r\n"
	    "   \r\n"
	    "\t\n"
	    "  ; comment only\n"
	    "  NS ns\r\n"
	    "www A 192.0.2.1\r\n"
	    "ns ( A\n  192.0.2.2 )\n"
	    "last A 192.0.2.3"), "example.com.", NULL);
	assert_int_equal(dl_zone_record_count(z), 5);
	rrset_text(z, "example.com.", LDNS_RR_TYPE_NS, &ttl);
	assert_int_equal(ttl, 7200);
	rrset_text(z, "www.example.com.", LDNS_RR_TYPE_A, &ttl);
	assert_int_equal(ttl, 7200);
	assert_string_equal(rrset_text(z, "ns.example.com.", LDNS_RR_TYPE_A,
	    NULL), "192.0.2.2");
	assert_int_equal(dl_zone_rrset_line(z, "ns.example.com.",
	    LDNS_RR_TYPE_A), 7);
	/* The last line has no newline. */
	assert_int_equal(dl_zone_rrset_line(z, "last.example.com.",
	    LDNS_RR_TYPE_A), 9);
	dl_zone_free(z);
	remove_tmp(dir, names);
}

static void
test_dl_zone_load_file_escaped_names(void **state)
{
	static const char *const names[] = { "z", NULL };
	struct dl_zone *z;
	char *dir;

	(void)state;
	dir = make_tmpdir();
	z = load_ok(write_file(dir, "z",
	    "$TTL 60\n"
	    "@ SOA ns hm 1 2 3 4 5\n"
	    "  NS ns\n"
	    "a\\.b A 192.0.2.1\n"
	    "\\065BC A 192.0.2.2\n"
	    "sp\\032ace TXT \"x\"\n"), "example.com.", NULL);
	assert_true(dl_zone_has_name(z, "a\\.b.example.com."));
	assert_false(dl_zone_has_name(z, "a.b.example.com."));
	/* \065 is "A": names are stored in lower case. */
	assert_true(dl_zone_has_name(z, "abc.example.com."));
	assert_true(dl_zone_has_name(z, "sp\\032ace.example.com."));
	dl_zone_free(z);
	remove_tmp(dir, names);
}

static void
test_dl_zone_load_file_blank_owner_after_origin(void **state)
{
	static const char *const names[] = { "z", "z2", NULL };
	static const char *const owners[] = { "www.example.com.",
	    "x.sub.example.com." };
	struct dl_zone_filter f = { 0, owners, 2, NULL, 0, 0 };
	struct dl_zone *z;
	char *dir, path[PATH_MAX];
	int pass;

	(void)state;
	dir = make_tmpdir();
	/* The owner was complete before $ORIGIN changed (BIND). */
	snprintf(path, sizeof(path), "%s", write_file(dir, "z",
	    "$TTL 60\n"
	    "@ SOA ns hm 1 2 3 4 5\n"
	    "www A 192.0.2.1\n"
	    "$ORIGIN sub.example.com.\n"
	    "  AAAA 2001:db8::1\n"
	    "x A 192.0.2.2\n"
	    "$INCLUDE z2\n"
	    "  TXT \"after\"\n"));
	(void)write_file(dir, "z2", "y A 192.0.2.3\n");
	for (pass = 0; pass < 2; pass++) {
		z = load_ok(path, "example.com.", pass ? &f : NULL);
		assert_int_equal(dl_zone_record_count(z), 6);
		assert_int_equal(dl_zone_kept_count(z), pass ? 5 : 6);
		assert_string_equal(rrset_text(z, "www.example.com.",
		    LDNS_RR_TYPE_AAAA, NULL), "2001:db8::1");
		assert_string_equal(rrset_text(z, "x.sub.example.com.",
		    LDNS_RR_TYPE_TXT, NULL), "\"after\"");
		/* Every name is indexed; the walk keeps the filter's. */
		assert_true(dl_zone_has_name(z, "y.sub.example.com."));
		assert_int_equal(kept_name(z, "y.sub.example.com."), !pass);
		dl_zone_free(z);
	}
	remove_tmp(dir, names);
}

/* Records built without ldns's text parser equal what it would build. */
static void
test_dl_zone_load_file_same_as_ldns(void **state)
{
	static const char *const names[] = { "z", NULL };
	static const char *const want[] = {
		"example.com. 60 IN SOA ns.example.com. hm.example.com. "
		    "1 2 3 4 5",
		"example.com. 60 IN NS ns1.example.com.",
		"example.com. 60 IN NS NS2.Example.NET.",
		"example.com. 60 IN MX 10 example.com.",
		"example.com. 60 IN MX 65535 mail.sub.example.com.",
		"a.example.com. 60 IN A 192.0.2.1",
		"b.example.com. 60 IN AAAA ::ffff:192.0.2.1",
		"c.example.com. 60 IN CNAME Other.Example.NET.",
		"d.example.com. 60 IN PTR a\\.b.example.com.",
		"e.sub.example.com. 60 IN CNAME sub.example.com.",
		"f.sub.example.com. 0 IN NS f.sub.example.com.",
		"g.sub.example.com. 60 IN TXT \"x\" \"y\"",
	};
	struct dl_zone *z;
	ldns_rr *rr;
	char *dir;
	size_t i;

	(void)state;
	dir = make_tmpdir();
	z = load_ok(write_file(dir, "z",
	    "$TTL 60\n"
	    "@ SOA ns hm 1 2 3 4 5\n"
	    "  NS ns1\n"
	    "  NS NS2.Example.NET.\n"
	    "  MX 010 @\n"
	    "  MX 65535 mail.sub\n"
	    "a A 192.0.2.1\n"
	    "b AAAA ::ffff:192.0.2.1\n"
	    "c CNAME Other.Example.NET.\n"
	    "d PTR a\\.b\n"
	    "$ORIGIN sub.example.com.\n"
	    "e CNAME @\n"
	    "f 0 NS f\n"
	    "g TXT \"x\" y\n"), "example.com.", NULL);
	assert_int_equal(dl_zone_kept_count(z), 12);
	for (i = 0; i < 12; i++) {
		assert_int_equal(ldns_rr_new_frm_str(&rr, want[i], 0, NULL,
		    NULL), LDNS_STATUS_OK);
		if (ldns_rr_compare(rr, dl_zone_kept(z, i)) != 0 ||
		    ldns_rr_ttl(rr) != ldns_rr_ttl(dl_zone_kept(z, i)))
			fail_msg("record %zu is not '%s'", i, want[i]);
		ldns_rr_free(rr);
	}
	dl_zone_free(z);
	remove_tmp(dir, names);
}

static void
test_dl_zone_load_file_filter_owners(void **state)
{
	static const char *const owners[] = {
		"www.example.com.", "host.sub.example.com.",
		"absent.example.com.",
	};
	struct dl_zone_filter f = { 0, owners, 3, NULL, 0, 0 };
	struct dl_zone *z;
	size_t i;
	ldns_rr_type t;

	(void)state;
	z = load_ok(ZONES "/basic.zone", "example.com.", &f);
	assert_false(dl_zone_is_whole(z));
	assert_int_equal(dl_zone_record_count(z), 13);
	/* Apex SOA, 2 NS, MX; www A and AAAA; host.sub A. */
	assert_int_equal(dl_zone_kept_count(z), 7);
	for (i = 0; i < 4; i++) {
		t = ldns_rr_get_type(dl_zone_kept(z, i));
		assert_true(t == LDNS_RR_TYPE_SOA || t == LDNS_RR_TYPE_NS ||
		    t == LDNS_RR_TYPE_MX);
	}
	assert_non_null(dl_zone_soa(z));
	assert_string_equal(rrset_text(z, "www.example.com.",
	    LDNS_RR_TYPE_AAAA, NULL), "2001:db8::10");
	assert_string_equal(rrset_text(z, "host.sub.example.com.",
	    LDNS_RR_TYPE_A, NULL), "192.0.2.40");
	/* Every record is indexed; the walk keeps the filter's. */
	assert_true(dl_zone_has_name(z, "ns1.example.com."));
	assert_true(dl_zone_rrset_known(z, "mail.example.com.",
	    LDNS_RR_TYPE_A));
	assert_false(kept_name(z, "ns1.example.com."));
	assert_false(kept_name(z, "mail.example.com."));
	assert_false(dl_zone_has_name(z, "absent.example.com."));
	assert_int_equal(dl_zone_kept_line(z, 6), 21);
	dl_zone_free(z);
}

static void
test_dl_zone_load_file_filter_mentions_address(void **state)
{
	static const char *const mentions[] = { "192.0.2.10" };
	struct dl_zone_filter f = { 0, NULL, 0, mentions, 1, 0 };
	struct dl_zone *z;

	(void)state;
	z = load_ok(ZONES "/basic.zone", "example.com.", &f);
	assert_int_equal(dl_zone_record_count(z), 13);
	/* 4 apex records, www A, and the SPF TXT "ip4:192.0.2.10". */
	assert_int_equal(dl_zone_kept_count(z), 6);
	assert_true(kept_name(z, "www.example.com."));
	assert_true(kept_name(z, "txt.example.com."));
	assert_false(kept_name(z, "mail.example.com."));
	/* Not walked, but indexed. */
	assert_string_equal(rrset_text(z, "www.example.com.",
	    LDNS_RR_TYPE_AAAA, NULL), "2001:db8::10");
	dl_zone_free(z);
}

static void
test_dl_zone_load_file_filter_mentions_host(void **state)
{
	/* alias CNAME www (relative), MX 10 mail (relative, at the apex). */
	static const char *const mentions[] = { "www.example.com.",
	    "ns2.provider.net." };
	struct dl_zone_filter f = { 0, NULL, 0, mentions, 2, 0 };
	struct dl_zone *z;

	(void)state;
	z = load_ok(ZONES "/basic.zone", "example.com.", &f);
	assert_int_equal(dl_zone_kept_count(z), 5);
	assert_string_equal(rrset_text(z, "alias.example.com.",
	    LDNS_RR_TYPE_CNAME, NULL), "www.example.com.");
	assert_false(kept_name(z, "www.example.com."));
	assert_true(dl_zone_has_name(z, "www.example.com."));
	dl_zone_free(z);
}

static void
test_dl_zone_load_file_filter_mentions_forms(void **state)
{
	static const char *const names[] = { "z", NULL };
	static const char *const mentions[] = { "old.example.net.",
	    "2001:db8::1", "198.51.100.7", "ns.example.com." };
	struct dl_zone_filter f = { 0, NULL, 0, mentions, 4, 0 };
	struct dl_zone *z;
	char *dir;

	(void)state;
	dir = make_tmpdir();
	z = load_ok(write_file(dir, "z",
	    "$TTL 60\n"
	    "@ SOA ns0 hm 1 2 3 4 5\n"
	    "  NS ns0\n"
	    "k1 CNAME OLD.Example.NET.\n"		/* case */
	    "k2 MX 10 old.example.net\n"		/* no trailing dot */
	    "k3 AAAA 2001:DB8:0:0::1\n"			/* other spelling */
	    "k4 HTTPS 1 . ipv4hint=198.51.100.7,192.0.2.1\n"
	    "k5 TXT \"v=spf1 ip4:198.51.100.7/32 -all\"\n"
	    "k6 NS ns\n"				/* relative */
	    "$ORIGIN com.\n"
	    "k7.example SRV 0 0 53 ns.example\n"	/* other origin */
	    "$ORIGIN example.com.\n"
	    "d1 CNAME old.example.network.\n"
	    "d2 A 198.51.100.70\n"
	    "d3 AAAA 2001:db8::11\n"
	    "d4 CNAME sub.old.example.net.\n"
	    "d5 TXT \"198.51.100.71\"\n"
	    "d6 NS ns.example.com.example.com.\n"), "example.com.", &f);
	assert_int_equal(dl_zone_record_count(z), 15);
	assert_int_equal(dl_zone_kept_count(z), 10);
	assert_true(kept_name(z, "k1.example.com."));
	assert_true(kept_name(z, "k2.example.com."));
	assert_true(kept_name(z, "k3.example.com."));
	assert_true(kept_name(z, "k4.example.com."));
	assert_true(kept_name(z, "k5.example.com."));
	assert_true(kept_name(z, "k6.example.com."));
	assert_true(kept_name(z, "k7.example.com."));
	assert_false(kept_name(z, "d1.example.com."));
	assert_false(kept_name(z, "d2.example.com."));
	assert_false(kept_name(z, "d3.example.com."));
	assert_false(kept_name(z, "d4.example.com."));
	assert_false(kept_name(z, "d5.example.com."));
	/*
	 * In wire form "ns.example.com" written without its dot under
	 * example.com. is this name: kept (harmless).
	 */
	assert_true(kept_name(z, "d6.example.com."));
	dl_zone_free(z);
	remove_tmp(dir, names);
}

/*
 * One TTL syntax: a TTL in a zone file reads as dl_duration_parse()
 * (plans and configurations) reads it, or both refuse it.
 */
static void
test_dl_zone_load_file_ttl_syntax_shared(void **state)
{
	static const char *const ttls[] = {
		"300", "0", "01", "5m", "1H", "1h1h", "1m1h", "1w2d3h4m5s",
		"2147483647", "2147483648", "4294967296", "1h30", "5mm",
		"0x10", "1y", "5min", "24d20h31m23s", "24d20h31m24s",
	};
	static const char *const names[] = { "z", NULL };
	char *dir = make_tmpdir(), text[256], buf[PATH_MAX + 256];
	struct dl_zone_filter f = { 0, NULL, 0, NULL, 0, 0 };
	struct dl_zone *z;
	struct dl_error err;
	ldns_rr_list *l;
	int64_t want;
	const char *path;
	size_t i;
	int ok;

	(void)state;
	for (i = 0; i < sizeof(ttls) / sizeof(ttls[0]); i++) {
		ok = dl_duration_parse(ttls[i], DL_TTL_MAX, &want) == 0;
		snprintf(text, sizeof(text), "$TTL 60\n@ SOA ns hm 1 2 3 4 5\n"
		    "www %s A 192.0.2.1\n", ttls[i]);
		path = write_file(dir, "z", text);
		memset(&err, 0, sizeof(err));
		z = NULL;
		if (dl_zone_load_file(path, "example.com.", &f, &z, &err) !=
		    0) {
			if (ok)
				fail_msg("'%s' is %lld in a plan, refused in "
				    "a zone: %s", ttls[i], (long long)want,
				    dl_error_format(&err, buf, sizeof(buf)));
			continue;
		}
		if (!ok)
			fail_msg("'%s' is refused in a plan, read in a zone",
			    ttls[i]);
		l = dl_zone_rrset(z, "www.example.com.", LDNS_RR_TYPE_A);
		assert_int_equal(ldns_rr_ttl(ldns_rr_list_rr(l, 0)), want);
		ldns_rr_list_free(l);
		dl_zone_free(z);
	}
	remove_tmp(dir, names);
}

/* Glue at a name the plan does not touch is indexed and known. */
static void
test_dl_zone_load_file_glue_in_plan_mode(void **state)
{
	static const char *const names[] = { "z", NULL };
	static const char *const owners[] = { "www.example.com." };
	struct dl_zone_filter f = { 0, owners, 1, NULL, 0, 0 };
	struct dl_zone *z;
	char *dir;

	(void)state;
	dir = make_tmpdir();
	z = load_ok(write_file(dir, "z",
	    "$TTL 60\n"
	    "@ SOA ns1 hm 1 2 3 4 5\n"
	    "  NS ns1\n"
	    "  NS ns2\n"
	    "www A 192.0.2.1\n"
	    "ns1 A 192.0.2.53\n"
	    "ns2 AAAA 2001:db8::53\n"), "example.com.", &f);
	assert_int_equal(dl_zone_kept_count(z), 4);
	assert_false(kept_name(z, "ns1.example.com."));
	assert_true(dl_zone_rrset_known(z, "ns1.example.com.",
	    LDNS_RR_TYPE_A));
	assert_string_equal(rrset_text(z, "ns1.example.com.", LDNS_RR_TYPE_A,
	    NULL), "192.0.2.53");
	assert_string_equal(rrset_text(z, "ns2.example.com.",
	    LDNS_RR_TYPE_AAAA, NULL), "2001:db8::53");
	assert_int_equal(dl_zone_rrset_line(z, "ns2.example.com.",
	    LDNS_RR_TYPE_AAAA), 7);
	/* Known absent: the whole file was read. */
	assert_true(dl_zone_rrset_known(z, "ns2.example.com.",
	    LDNS_RR_TYPE_A));
	assert_string_equal(rrset_text(z, "ns2.example.com.", LDNS_RR_TYPE_A,
	    NULL), "");
	dl_zone_free(z);
	remove_tmp(dir, names);
}

/* The first kept record at owner of type in z, by index; SIZE_MAX. */
static size_t
kept_index(const struct dl_zone *z, const char *owner, ldns_rr_type type)
{
	size_t i;

	for (i = 0; i < dl_zone_kept_count(z); i++)
		if (strcmp(dl_zone_kept_owner(z, i), owner) == 0 &&
		    ldns_rr_get_type(dl_zone_kept(z, i)) == type)
			return i;
	return SIZE_MAX;
}

/*
 * RRsets compared by their wire form: written alike, or only in another
 * spelling (relative names, case, order, a duplicate) they are the same;
 * a TTL or a field apart they differ.
 */
static void
test_dl_zone_rrset_compare_wire(void **state)
{
	static const char *const names[] = { "a", "b", NULL };
	struct dl_zone *a, *b;
	uint32_t hint = UINT32_MAX;
	char *dir;

	(void)state;
	dir = make_tmpdir();
	a = load_ok(write_file(dir, "a",
	    "$TTL 60\n"
	    "@ SOA ns1 hm 1 2 3 4 5\n"
	    "same A 192.0.2.1\n"
	    "mx MX 10 mail\n"
	    "mx MX 20 mail2.example.com.\n"
	    "ttl 300 A 192.0.2.2\n"
	    "field MX 10 mail\n"
	    "gone TXT \"x\"\n"), "example.com.", NULL);
	b = load_ok(write_file(dir, "b",
	    "$TTL 60\n"
	    "@ SOA ns1 hm 1 2 3 4 5\n"
	    "same A 192.0.2.1\n"
	    "mx MX 20 MAIL2.example.com.\n"
	    "mx MX 10 Mail.Example.Com.\n"
	    "mx MX 10 mail\n"
	    "ttl 600 A 192.0.2.2\n"
	    "field MX 11 mail\n"), "example.com.", NULL);
	assert_int_equal(dl_zone_rrset_compare(a, kept_index(a,
	    "same.example.com.", LDNS_RR_TYPE_A), b, &hint), DL_RRSET_SAME);
	assert_int_equal(dl_zone_rrset_compare(a, kept_index(a,
	    "mx.example.com.", LDNS_RR_TYPE_MX), b, &hint), DL_RRSET_SAME);
	assert_int_equal(dl_zone_rrset_compare(a, kept_index(a,
	    "ttl.example.com.", LDNS_RR_TYPE_A), b, &hint), DL_RRSET_DIFFERS);
	assert_int_equal(dl_zone_rrset_compare(a, kept_index(a,
	    "field.example.com.", LDNS_RR_TYPE_MX), b, &hint),
	    DL_RRSET_DIFFERS);
	assert_int_equal(dl_zone_rrset_compare(a, kept_index(a,
	    "gone.example.com.", LDNS_RR_TYPE_TXT), b, &hint),
	    DL_RRSET_ABSENT);
	dl_zone_free(a);
	dl_zone_free(b);
	remove_tmp(dir, names);
}

/* More $INCLUDEs in one file than libzscanner 3.2's 16-deep stack. */
static void
test_dl_zone_load_file_many_includes(void **state)
{
	static const char *const names[] = { "z", "i", NULL };
	char *dir, text[4096];
	struct dl_zone *z;
	size_t o, k;

	(void)state;
	dir = make_tmpdir();
	o = (size_t)snprintf(text, sizeof(text),
	    "$TTL 60\n@ SOA ns1 hm 1 2 3 4 5\n");
	for (k = 0; k < 40; k++)
		o += (size_t)snprintf(text + o, sizeof(text) - o,
		    "$INCLUDE i\n");
	(void)write_file(dir, "i", "x TXT \"in\"\n");
	z = load_ok(write_file(dir, "z", text), "example.com.", NULL);
	assert_int_equal(dl_zone_record_count(z), 41);
	dl_zone_free(z);
	remove_tmp(dir, names);
}

/*
 * A bad record at a name the filter does not keep is an error all the
 * same, with the file and line: every record is parsed and checked.
 */
static void
test_dl_zone_load_file_untouched_bad_record(void **state)
{
	static const char *const names[] = { "z", NULL };
	static const char *const owners[] = { "www.example.com." };
	struct dl_zone_filter f = { 0, owners, 1, NULL, 0, 0 };
	char buf[PATH_MAX + 256], want[PATH_MAX + 256];
	const char *path;
	char *dir;
	int pass;

	(void)state;
	dir = make_tmpdir();
	path = write_file(dir, "z",
	    "$TTL 60\n"
	    "@ SOA ns hm 1 2 3 4 5\n"
	    "www A 192.0.2.1\n"
	    "\n"
	    "bad IN A 192.0.2.300\n");
	snprintf(want, sizeof(want), "%s:5: bad record 'bad IN A 192.0.2.300': "
	    "invalid IPv4 address: expected an IPv4 address such as "
	    "192.0.2.1", path);
	for (pass = 0; pass < 2; pass++) {
		assert_int_equal(load_err(path, "example.com.", pass ? &f :
		    NULL, buf, sizeof(buf)), DL_EINPUT);
		assert_string_equal(buf, want);
	}
	/* An unknown type, in a multi-line record: its first line. */
	path = write_file(dir, "z",
	    "$TTL 60\n"
	    "@ SOA ns hm 1 2 3 4 5\n"
	    "www A 192.0.2.1\n"
	    "other ( 60\n"
	    "  AAA ::1 )\n");
	assert_int_equal(load_err(path, "example.com.", &f, buf, sizeof(buf)),
	    DL_EINPUT);
	snprintf(want, sizeof(want), "%s:4: bad record 'other 60 AAA ::1': "
	    "unsupported record type: expected a record type such as A, MX "
	    "or TXT (class IN only)", path);
	assert_string_equal(buf, want);
	remove_tmp(dir, names);
}

/* MX 70000 at a name the plan does not touch: a 16-bit field. */
static void
test_dl_zone_load_file_mx_out_of_range(void **state)
{
	static const char *const names[] = { "z", NULL };
	static const char *const owners[] = { "www.example.com." };
	struct dl_zone_filter f = { 0, owners, 1, NULL, 0, 0 };
	char buf[PATH_MAX + 256], want[PATH_MAX + 256];
	const char *path;
	char *dir;

	(void)state;
	dir = make_tmpdir();
	path = write_file(dir, "z",
	    "$TTL 60\n"
	    "@ SOA ns hm 1 2 3 4 5\n"
	    "www A 192.0.2.1\n"
	    "mail MX 70000 mx.example.net.\n");
	assert_int_equal(load_err(path, "example.com.", &f, buf, sizeof(buf)),
	    DL_EINPUT);
	snprintf(want, sizeof(want), "%s:4: bad record 'mail MX 70000 "
	    "mx.example.net.': "
	    "number is bigger than 16 bits: expected a number from 0 to "
	    "65535", path);
	assert_string_equal(buf, want);
	/* 65535 is the largest preference. */
	path = write_file(dir, "z",
	    "$TTL 60\n"
	    "@ SOA ns hm 1 2 3 4 5\n"
	    "mail MX 65535 mx.example.net.\n");
	dl_zone_free(load_ok(path, "example.com.", &f));
	remove_tmp(dir, names);
}

static void
test_dl_zone_load_file_include(void **state)
{
	struct dl_zone *z;
	uint32_t ttl;

	(void)state;
	z = load_ok(ZONES "/include/main.zone", "example.com.", NULL);
	assert_int_equal(dl_zone_record_count(z), 10);
	assert_string_equal(rrset_text(z, "web.example.com.", LDNS_RR_TYPE_A,
	    &ttl), "192.0.2.2");
	assert_int_equal(ttl, 3600);
	/* Lines are those of the included file. */
	assert_int_equal(dl_zone_rrset_line(z, "web.example.com.",
	    LDNS_RR_TYPE_A), 3);
	/* Nested include, with its own $ORIGIN. */
	assert_true(dl_zone_has_name(z, "leaf.deep.example.com."));
	/* The origin argument and its restoration afterwards. */
	assert_true(dl_zone_has_name(z, "web.other.example.com."));
	assert_true(dl_zone_has_name(z, "leaf.deep.other.example.com."));
	assert_string_equal(rrset_text(z, "after.example.com.",
	    LDNS_RR_TYPE_A, NULL), "192.0.2.99");
	/* The owner after an $INCLUDE is the one before it. */
	assert_string_equal(rrset_text(z, "after.example.com.",
	    LDNS_RR_TYPE_TXT, NULL), "\"owner and origin restored\"");
	assert_int_equal(dl_zone_rrset_line(z, "after.example.com.",
	    LDNS_RR_TYPE_TXT), 7);
	dl_zone_free(z);
}

static void
test_dl_zone_load_file_include_symlink_escape(void **state)
{
	static const char *const names[] = { "z", "link.inc", NULL };
	char *dir, buf[2 * PATH_MAX + 128], want[2 * PATH_MAX + 128];
	const char *path;
	int rc;

	(void)state;
	dir = make_tmpdir();
	snprintf(buf, sizeof(buf), "%s/link.inc", dir);
	assert_int_equal(symlink("/etc/passwd", buf), 0);
	path = write_file(dir, "z",
	    "$TTL 60\n"
	    "@ SOA ns hm 1 2 3 4 5\n"
	    "$INCLUDE link.inc\n");
	rc = load_err(path, "example.com.", NULL, buf, sizeof(buf));
	assert_int_equal(rc, DL_EINPUT);
	snprintf(want, sizeof(want), "%s:3: $INCLUDE 'link.inc' points "
	    "outside the folder '%s'", path, dir);
	assert_string_equal(buf, want);
	remove_tmp(dir, names);
}

/*
 * A bad zone, loaded twice: whole, for the corpus to compare, and with
 * the filter arg, which keeps no name.  Every record is parsed in both,
 * so the error must be the same.  When the filtered load
 * disagrees, what it did is added to the message, so the corpus lists it
 * as a mismatch with the others.
 */
static int
load_bad_zone(const char *path, void *arg, struct dl_error *err)
{
	const struct dl_zone_filter *f = arg;
	struct dl_zone *z = NULL;
	struct dl_error ferr;
	char whole[2048], filtered[2048];
	size_t len;
	int rc, frc;

	if ((rc = dl_zone_load_file(path, "example.com.", NULL, &z, err)) ==
	    0) {
		dl_zone_free(z);
		return 0;
	}
	assert_null(z);
	dl_error_format(err, whole, sizeof(whole));
	memset(&ferr, 0, sizeof(ferr));
	frc = dl_zone_load_file(path, "example.com.", f, &z, &ferr);
	if (frc != 0) {
		assert_null(z);
		dl_error_format(&ferr, filtered, sizeof(filtered));
	} else
		snprintf(filtered, sizeof(filtered), "loaded, %zu records "
		    "kept", dl_zone_kept_count(z));
	dl_zone_free(z);
	/* Every record is parsed in every mode: the same error. */
	if (frc != 0 && strcmp(filtered, whole) == 0)
		return rc;
	len = strlen(err->message);
	snprintf(err->message + len, sizeof(err->message) - len,
	    " [filtered: %s]", filtered);
	return rc;
}

/*
 * SVCB and HTTPS RDATA in the generic form (RFC 3597) must hold
 * SvcParams that parse (RFC 9460 section 2.2): each case one record
 * after the same apex, and the exact message.
 */
static const char *
svcb_load(const char *dir, const char *rr, char *buf, size_t n)
{
	char text[1200];
	struct dl_zone *z = NULL;
	struct dl_error err;
	const char *path;

	snprintf(text, sizeof(text), "$TTL 60\n@ SOA ns hm 1 2 3 4 5\n"
	    "  NS ns\nns A 192.0.2.1\n%s\n", rr);
	path = write_file(dir, "z", text);
	memset(&err, 0, sizeof(err));
	if (dl_zone_load_file(path, "example.com.", NULL, &z, &err) == 0) {
		dl_zone_free(z);
		snprintf(buf, n, "loaded");
	} else {
		assert_null(z);
		/* The message without the temporary folder. */
		snprintf(buf, n, "line %u: %s", err.line, err.message);
	}
	return buf;
}

static void
test_dl_zone_load_file_svcb_params_good(void **state)
{
	static const char *const names[] = { "z", NULL };
	char *dir, buf[1200];

	(void)state;
	dir = make_tmpdir();
	/* The presentation form, and the same as libzscanner writes it. */
	assert_string_equal(svcb_load(dir, "_dns SVCB 1 . alpn=h3 port=53 "
	    "ipv4hint=192.0.2.1", buf, sizeof(buf)), "loaded");
	assert_string_equal(svcb_load(dir, "_dns SVCB \\# 24 0001 00 "
	    "0001 0003 026833 0003 0002 0035 0004 0004 c0000201", buf,
	    sizeof(buf)), "loaded");
	/* AliasMode, no SvcParams; an empty no-default-alpn. */
	assert_string_equal(svcb_load(dir, "@ HTTPS \\# 19 0000 03 77 77 77 "
	    "07 65 78 61 6d 70 6c 65 03 6e 65 74 00", buf, sizeof(buf)),
	    "loaded");
	assert_string_equal(svcb_load(dir, "www HTTPS \\# 14 0001 00 0001 "
	    "0003 026832 0002 0000", buf, sizeof(buf)), "loaded");
	remove_tmp(dir, names);
}

static void
test_dl_zone_load_file_svcb_params_bad(void **state)
{
	static const char *const names[] = { "z", NULL };
	char *dir, buf[1200];

	(void)state;
	dir = make_tmpdir();
	assert_string_equal(svcb_load(dir, "_dns SVCB \\# 17 0001 00 0003 "
	    "0002 0035 0004 0008 c0000201", buf, sizeof(buf)),
	    "line 5: SVCB record at '_dns.example.com.' is malformed: "
	    "SvcParam 'ipv4hint' says its value is 8 octets, and 4 are left "
	    "in the RDATA (RFC 9460 section 2.2)");
	assert_string_equal(svcb_load(dir, "_dns SVCB \\# 13 0001 00 0003 "
	    "0002 0035 0003 0000", buf, sizeof(buf)),
	    "line 5: SVCB record at '_dns.example.com.' is malformed: "
	    "SvcParam 'port' follows 'port': the keys must be in increasing "
	    "order, each once (RFC 9460 section 2.2)");
	assert_string_equal(svcb_load(dir, "www HTTPS \\# 8 0001 00 0003 "
	    "0001 35", buf, sizeof(buf)),
	    "line 5: HTTPS record at 'www.example.com.' is malformed: "
	    "SvcParam 'port' has a value of 1 octets, not one its key "
	    "allows (RFC 9460 section 2.2)");
	assert_string_equal(svcb_load(dir, "www HTTPS \\# 10 0001 00 0001 "
	    "0003 036833", buf, sizeof(buf)),
	    "line 5: HTTPS record at 'www.example.com.' is malformed: "
	    "SvcParam 'alpn' is not a list of non-empty protocol ids "
	    "(RFC 9460 section 2.2)");
	assert_string_equal(svcb_load(dir, "www HTTPS \\# 5 0001 00 0001",
	    buf, sizeof(buf)),
	    "line 5: HTTPS record at 'www.example.com.' is malformed: "
	    "2 octets after the last SvcParam, too few for a key and a "
	    "length (RFC 9460 section 2.2)");
	assert_string_equal(svcb_load(dir, "www HTTPS \\# 4 0001 03 77",
	    buf, sizeof(buf)),
	    "line 5: HTTPS record at 'www.example.com.' is malformed: "
	    "the target name is cut short or not a name (RFC 9460 section "
	    "2.2)");
	remove_tmp(dir, names);
}

/* Every bad zone fails with its .expect line, whole or filtered. */
static void
test_dl_zone_load_file_bad_zones(void **state)
{
	static const char *const none[] = { "nothing.example.com." };
	struct dl_zone_filter f = { 0, none, 1, NULL, 0, 0 };

	(void)state;
	t_corpus_run(BAD, "zone", 16, 0, load_bad_zone, &f);
}

static void
test_dl_zone_load_file_fifo(void **state)
{
	static const char *const names[] = { "fifo", NULL };
	char *dir, path[PATH_MAX], buf[PATH_MAX + 64], want[PATH_MAX + 64];

	(void)state;
	dir = make_tmpdir();
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	/* Would block forever if the loader opened it for reading. */
	assert_int_equal(load_err(path, "example.com.", NULL, buf,
	    sizeof(buf)), DL_EINPUT);
	snprintf(want, sizeof(want), "%s: not a regular file but a FIFO",
	    path);
	assert_string_equal(buf, want);
	remove_tmp(dir, names);
}

static void
test_dl_zone_load_file_not_regular(void **state)
{
	char buf[2048];

	(void)state;
	assert_int_equal(load_err(BAD, "example.com.", NULL, buf,
	    sizeof(buf)), DL_EINPUT);
	assert_string_equal(buf, BAD ": not a regular file but a directory");
	assert_int_equal(load_err("/dev/zero", "example.com.", NULL, buf,
	    sizeof(buf)), DL_EINPUT);
	assert_string_equal(buf, "/dev/zero: not a regular file but a device");
	assert_int_equal(load_err(ZONES "/missing.zone", "example.com.", NULL,
	    buf, sizeof(buf)), DL_EIO);
	assert_string_equal(buf, ZONES "/missing.zone: cannot open the file: "
	    "no such file or directory");
}

static void
test_dl_zone_load_file_other_origin(void **state)
{
	char buf[2048];

	(void)state;
	/* basic.zone loaded as another zone: "@" follows, names do not. */
	assert_int_equal(load_err(ZONES "/basic.zone", "example.org.", NULL,
	    buf, sizeof(buf)), DL_EINPUT);
	assert_string_equal(buf, ZONES "/basic.zone:18: 'cased.example.com.' "
	    "is outside the zone 'example.org.'");
}

/*
 * A 200k-record zone with a 3-owner filter keeps only those owners and
 * the apex: memory follows what is kept, not the zone.  (Time is measured
 * by hand, not asserted.)
 */
static void
test_dl_zone_load_file_big_zone_filter(void **state)
{
	static const char *const names[] = { "big.zone", NULL };
	static const char *const owners[] = { "h17.example.com.",
	    "h123456.example.com.", "h199999.example.com." };
	struct dl_zone_filter f = { 0, owners, 3, NULL, 0, 0 };
	struct dl_zone *z;
	char *dir, path[PATH_MAX];
	FILE *fp;
	int i;

	(void)state;
	dir = make_tmpdir();
	snprintf(path, sizeof(path), "%s/big.zone", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp, "$TTL 3600\n@ SOA ns1 hm 1 7200 3600 1209600 300\n"
	    "  NS ns1\n");
	for (i = 0; i < 200000; i++) {
		if (i % 2 == 0)
			fprintf(fp, "h%d 300 IN A 10.%d.%d.%d\n", i,
			    i >> 16 & 255, i >> 8 & 255, i & 255);
		else
			fprintf(fp, "h%d IN TXT \"record %d; (not a paren\"\n",
			    i, i);
	}
	assert_int_equal(fclose(fp), 0);
	z = load_ok(path, "example.com.", &f);
	assert_int_equal(dl_zone_record_count(z), 200002);
	assert_int_equal(dl_zone_kept_count(z), 5);
	assert_string_equal(rrset_text(z, "h123456.example.com.",
	    LDNS_RR_TYPE_A, NULL), "10.1.226.64");
	assert_string_equal(rrset_text(z, "h199999.example.com.",
	    LDNS_RR_TYPE_TXT, NULL), "\"record 199999; (not a paren\"");
	assert_int_equal(dl_zone_rrset_line(z, "h199999.example.com.",
	    LDNS_RR_TYPE_TXT), 200003);
	dl_zone_free(z);
	remove_tmp(dir, names);
}

static void
test_dl_zone_rrset_whole_index(void **state)
{
	static const char *const names[] = { "z", NULL };
	struct dl_zone *z;
	char *dir, path[PATH_MAX], owner[64], want[64];
	FILE *fp;
	ldns_rr_list *l;
	int i;

	(void)state;
	dir = make_tmpdir();
	snprintf(path, sizeof(path), "%s/z", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp, "$TTL 60\n@ SOA ns hm 1 2 3 4 5\n");
	/* Interleaved owners and types: the index must gather them. */
	for (i = 0; i < 5000; i++)
		fprintf(fp, "n%d A 192.0.2.%d\nn%d TXT \"%d\"\n", i % 2500,
		    i % 250, i % 2500, i);
	assert_int_equal(fclose(fp), 0);
	z = load_ok(path, "example.com.", NULL);
	assert_int_equal(dl_zone_kept_count(z), 10001);
	for (i = 0; i < 2500; i++) {
		snprintf(owner, sizeof(owner), "n%d.example.com.", i);
		l = dl_zone_rrset(z, owner, LDNS_RR_TYPE_TXT);
		assert_non_null(l);
		assert_int_equal(ldns_rr_list_rr_count(l), 2);
		ldns_rr_list_free(l);
		snprintf(want, sizeof(want), "\"%d\"|\"%d\"", i, i + 2500);
		assert_string_equal(rrset_text(z, owner, LDNS_RR_TYPE_TXT,
		    NULL), want);
		assert_int_equal(dl_zone_rrset_line(z, owner,
		    LDNS_RR_TYPE_A), 3 + 2 * i);
	}
	l = dl_zone_rrset(z, "n2500.example.com.", LDNS_RR_TYPE_A);
	assert_non_null(l);
	assert_int_equal(ldns_rr_list_rr_count(l), 0);
	ldns_rr_list_free(l);
	dl_zone_free(z);
	remove_tmp(dir, names);
}

static ldns_rr_list *
rrs(const char *const *text)
{
	ldns_rr_list *l = ldns_rr_list_new();
	ldns_rr *rr;

	assert_non_null(l);
	for (; *text != NULL; text++) {
		assert_int_equal(ldns_rr_new_frm_str(&rr, *text, 0, NULL,
		    NULL), LDNS_STATUS_OK);
		assert_true(ldns_rr_list_push_rr(l, rr));
	}
	return l;
}

static void
test_dl_rrset_rdata_equal_order_case(void **state)
{
	static const char *const a[] = {
		"x.example. 300 IN NS NS1.Example.COM.",
		"x.example. 300 IN NS ns2.example.net.", NULL };
	static const char *const b[] = {
		"x.example. 86400 IN NS ns2.EXAMPLE.net.",
		"x.example. 86400 IN NS ns1.example.com.",
		"x.example. 86400 IN NS ns1.example.com.", NULL };
	static const char *const c[] = {
		"x.example. 300 IN NS ns1.example.com.", NULL };
	static const char *const d[] = {
		"x.example. 300 IN NS ns1.example.com.",
		"x.example. 300 IN NS ns3.example.net.", NULL };
	ldns_rr_list *la = rrs(a), *lb = rrs(b), *lc = rrs(c), *ld = rrs(d);
	ldns_rr_list *empty = ldns_rr_list_new();

	(void)state;
	assert_int_equal(dl_rrset_rdata_equal(la, lb), 1);
	assert_int_equal(dl_rrset_rdata_equal(lb, la), 1);
	assert_int_equal(dl_rrset_rdata_equal(la, lc), 0);
	assert_int_equal(dl_rrset_rdata_equal(lc, la), 0);
	assert_int_equal(dl_rrset_rdata_equal(la, ld), 0);
	assert_int_equal(dl_rrset_rdata_equal(empty, empty), 1);
	assert_int_equal(dl_rrset_rdata_equal(empty, lc), 0);
	ldns_rr_list_deep_free(la);
	ldns_rr_list_deep_free(lb);
	ldns_rr_list_deep_free(lc);
	ldns_rr_list_deep_free(ld);
	ldns_rr_list_free(empty);
}

static void
test_dl_rrset_rdata_equal_text_case(void **state)
{
	/* TXT data is not a name: its case matters. */
	static const char *const a[] = { "x. 1 IN TXT \"Hello\"", NULL };
	static const char *const b[] = { "x. 1 IN TXT \"hello\"", NULL };
	static const char *const c[] = { "x. 1 IN A 192.0.2.1",
	    "x. 1 IN A 192.0.2.2", NULL };
	static const char *const d[] = { "x. 1 IN A 192.0.2.2",
	    "x. 1 IN A 192.0.2.1", NULL };
	ldns_rr_list *la = rrs(a), *lb = rrs(b), *lc = rrs(c), *ld = rrs(d);

	(void)state;
	assert_int_equal(dl_rrset_rdata_equal(la, lb), 0);
	assert_int_equal(dl_rrset_rdata_equal(lc, ld), 1);
	ldns_rr_list_deep_free(la);
	ldns_rr_list_deep_free(lb);
	ldns_rr_list_deep_free(lc);
	ldns_rr_list_deep_free(ld);
}

static void
test_dl_rrset_ttl_smallest(void **state)
{
	static const char *const a[] = { "x. 300 IN A 192.0.2.1",
	    "x. 60 IN A 192.0.2.2", "x. 86400 IN A 192.0.2.3", NULL };
	ldns_rr_list *la = rrs(a), *empty = ldns_rr_list_new();

	(void)state;
	assert_int_equal(dl_rrset_ttl(la), 60);
	assert_int_equal(dl_rrset_ttl(empty), 0);
	ldns_rr_list_deep_free(la);
	ldns_rr_list_free(empty);
}

static void
test_dl_name_str_lower_absolute(void **state)
{
	ldns_rdf *n;
	char *s;

	(void)state;
	n = ldns_dname_new_frm_str("WWW.Example.COM.");
	assert_non_null(n);
	s = dl_name_str(n);
	assert_string_equal(s, "www.example.com.");
	free(s);
	ldns_rdf_deep_free(n);
	n = ldns_dname_new_frm_str(".");
	s = dl_name_str(n);
	assert_string_equal(s, ".");
	free(s);
	ldns_rdf_deep_free(n);
	n = ldns_dname_new_frm_str("A\\.B.example.");
	s = dl_name_str(n);
	assert_string_equal(s, "a\\.b.example.");
	free(s);
	ldns_rdf_deep_free(n);
}

/* Servers differ on TTLs the file does not state: the largest is read. */
static void
test_dl_zone_load_file_no_ttl_largest_served(void **state)
{
	static const char *const names[] = { "z", NULL };
	char *dir = make_tmpdir();
	struct dl_zone *z;
	const char *path;
	uint32_t ttl;

	(void)state;
	/* No $TTL, an SOA without TTL first: BIND serves the SOA MINIMUM
	   (300), NSD and Knot their default 3600. */
	path = write_file(dir, "z",
	    "$ORIGIN example.com.\n"
	    "@ IN SOA ns1 hostmaster 1 7200 900 1209600 300\n"
	    "@ IN NS ns1.example.net.\n"
	    "www 60 IN A 192.0.2.1\n"
	    "api IN A 192.0.2.2\n");
	z = load_ok(path, "example.com.", NULL);
	rrset_text(z, "example.com.", LDNS_RR_TYPE_SOA, &ttl);
	assert_int_equal(ttl, 3600);
	rrset_text(z, "example.com.", LDNS_RR_TYPE_NS, &ttl);
	assert_int_equal(ttl, 3600);
	rrset_text(z, "www.example.com.", LDNS_RR_TYPE_A, &ttl);
	assert_int_equal(ttl, 60);
	/* BIND: the $TTL it took from the SOA (300); NSD, Knot: 3600. */
	rrset_text(z, "api.example.com.", LDNS_RR_TYPE_A, &ttl);
	assert_int_equal(ttl, 3600);
	assert_non_null(dl_zone_ttl_note(z));
	assert_string_equal(dl_zone_ttl_note(z), "3 records without a TTL "
	    "(the first at line 2) are read with the largest TTL BIND, NSD "
	    "and Knot would serve: no $TTL before them");
	dl_zone_free(z);
	remove_tmp(dir, names);
}

static void
test_dl_zone_load_file_ttl_in_include(void **state)
{
	static const char *const names[] = { "z", "inc", NULL };
	char *dir = make_tmpdir();
	struct dl_zone *z;
	const char *path;
	uint32_t ttl;

	(void)state;
	write_file(dir, "inc", "$TTL 300\nin IN A 192.0.2.3\n");
	path = write_file(dir, "z",
	    "$ORIGIN example.com.\n"
	    "$TTL 86400\n"
	    "@ IN SOA ns1 hostmaster 1 7200 900 1209600 300\n"
	    "@ IN NS ns1.example.net.\n"
	    "$INCLUDE inc\n"
	    "after IN A 192.0.2.4\n");
	z = load_ok(path, "example.com.", NULL);
	rrset_text(z, "in.example.com.", LDNS_RR_TYPE_A, &ttl);
	assert_int_equal(ttl, 300);
	/* BIND keeps the included $TTL 300; NSD and Knot go back to
	   86400. */
	rrset_text(z, "after.example.com.", LDNS_RR_TYPE_A, &ttl);
	assert_int_equal(ttl, 86400);
	assert_string_equal(dl_zone_ttl_note(z), "1 record without a TTL "
	    "(the first at line 6) is read with the largest TTL BIND, NSD "
	    "and Knot would serve: a $TTL set in an $INCLUDE file");
	dl_zone_free(z);
	/* With $TTL stated, nothing differs. */
	path = write_file(dir, "z", "$ORIGIN example.com.\n$TTL 600\n"
	    "@ IN SOA ns1 hostmaster 1 7200 900 1209600 300\n"
	    "@ IN NS ns1.example.net.\n");
	z = load_ok(path, "example.com.", NULL);
	assert_null(dl_zone_ttl_note(z));
	dl_zone_free(z);
	remove_tmp(dir, names);
}

/* A zone of one URI record whose target is empty (RFC 7553 allows it). */
static struct dl_zone *
empty_target_zone(void)
{
	struct dl_zone *z;
	ldns_rr *rr;

	assert_non_null(z = dl_zone_new("example.com.", "test", 0));
	assert_int_equal(ldns_rr_new_frm_str(&rr, "uri.example.com. 300 IN "
	    "URI 10 1 \"x\"", 0, NULL, NULL), LDNS_STATUS_OK);
	/* The target as an RDATA field of length 0, its data NULL. */
	ldns_rdf_deep_free(ldns_rr_pop_rdf(rr));
	assert_true(ldns_rr_push_rdf(rr, ldns_rdf_new(LDNS_RDF_TYPE_LONG_STR,
	    0, NULL)));
	assert_int_equal(dl_zone_add(z, rr), 0);
	return z;
}

/* An empty RDATA field is compared without reading its (NULL) data. */
static void
test_dl_zone_rrset_compare_empty_rdata(void **state)
{
	struct dl_zone *a, *b;
	uint32_t hint = UINT32_MAX;
	const ldns_rr *rr;

	(void)state;
	a = empty_target_zone();
	b = empty_target_zone();
	rr = dl_zone_kept(a, 0);
	assert_int_equal(ldns_rr_get_type(rr), LDNS_RR_TYPE_URI);
	assert_int_equal(ldns_rr_rd_count(rr), 3);
	assert_int_equal(ldns_rdf_size(ldns_rr_rdf(rr, 2)), 0);
	assert_int_equal(dl_zone_rrset_compare(a, 0, b, &hint),
	    DL_RRSET_SAME);
	dl_zone_free(a);
	dl_zone_free(b);
}

/* The same SOA record again (a transfer's last record) is one record. */
static void
test_dl_zone_load_file_soa_repeated(void **state)
{
	struct dl_zone *z;
	uint32_t ttl;

	(void)state;
	z = load_ok(ZONES "/soa-repeated.zone", "example.com.", NULL);
	assert_int_equal(dl_zone_kept_count(z), 3);
	assert_string_equal(rrset_text(z, "example.com.", LDNS_RR_TYPE_SOA,
	    &ttl), "ns1.example.com. hostmaster.example.com. 2026120401 7200 "
	    "3600 1209600 300");
	assert_int_equal(ttl, 3600);
	dl_zone_free(z);
}

/*
 * Large files are read in two halves at once (zonesplit.c, struct split):
 * a file of BIG records around a middle that may break the second
 * half's guess, checked record by record.  The halves' sizes are equal,
 * so the split line falls inside what is put in the middle.
 */
#define BIG_FULL	70000	/* records each side: about 5 MiB in all */
#define BIG_SCALE	10
/*
 * Records each side: BIG_FULL / BIG_SCALE, read in halves from SPLIT_SMALL
 * bytes (dl_zone_set_split_min(), the parts' sizes in proportion), but in
 * big_halves()'s first file, BIG_FULL, from zonesplit.c's own sizes.  (The
 * tests under valgrind and the sanitizers would take minutes at full size.)
 */
static unsigned big_n = BIG_FULL / BIG_SCALE;
#define BIG		big_n
#define SPLIT_SMALL	(4 * 1024 * 1024 / BIG_SCALE)
#define BIG_TXT		(3000 / BIG_SCALE)	/* lines of the middle TXT */

enum big_middle {
	MID_NONE, MID_TTL, MID_PARENS, MID_ORIGIN, MID_ERROR, MID_SOA,
	MID_INCLUDE,
	MID_CNAME,	/* a CNAME beside the AAAA record after it */
	MID_AGAIN,	/* an RRset of the first half's again */
	MID_MORE,	/* another RRset at a name of the first half */
	MID_ALIAS,	/* a CNAME at a name of the first half */
	MID_NS,		/* a delegation every BIG_NS records, no middle */
	MID_NUL,	/* a comment with a NUL byte */
	MID_CRLF,	/* a record whose line ends in CR LF */
	MID_HIGH,	/* a TXT record with a byte above 127 (UTF-8) */
	MID_PARENS_RR,	/* MID_PARENS with lines that read as records */
	MID_COMMENT,	/* BIG_COMMENT lines of comment, one stretch */
	MID_OPEN	/* a '(' never closed */
};

#define BIG_NS		(10000 / BIG_SCALE)
/*
 * Comment lines read in one call of libzscanner's: longer than the
 * stretch zonewin.c reads ahead at SPLIT_SMALL (and than a record).
 */
#define BIG_COMMENT	(2 * 1024 * 1024 / BIG_SCALE / 64)

/* Line of h<i> (the first half) and of the second half's records. */
struct big {
	char		path[PATH_MAX];
	unsigned	line[2 * BIG_FULL];
	unsigned	mid_line;	/* the middle's first line */
	unsigned	mid;		/* the record the middle precedes */
};

/*
 * The file with mid before record at: BIG puts it after the split line,
 * BIG - 3 before it (the header is about 4 lines long, and the split is
 * at the first owner line after the middle byte).
 */
static void
big_write(struct big *b, enum big_middle mid, unsigned at)
{
	const char *tmp = getenv("TMPDIR");
	FILE *f;
	unsigned line = 1, i, k;

	snprintf(b->path, sizeof(b->path), "%s/dnslint-big-%d-XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp", (int)mid);
	assert_int_not_equal(mkstemp(b->path), -1);
	assert_non_null(f = fopen(b->path, "w"));
	fprintf(f, "$ORIGIN big.example.\n$TTL 3600\n"
	    "@ IN SOA ns1.big.example. host.big.example. 1 7200 900 "
	    "1209600 300\n@ IN NS ns1.big.example.\nns1 IN A 192.0.2.1\n");
	line = 6;
	for (i = 0; i < 2 * BIG; i++) {
		if (i == at) {
			b->mid = at;
			b->mid_line = line;
			switch (mid) {
			case MID_TTL:
				fprintf(f, "$TTL 60\n");
				line++;
				break;
			case MID_PARENS:
			case MID_PARENS_RR:
				/* Continuation lines that start like owners
				   (that read as records). */
				fprintf(f, "txt IN TXT (\n");
				for (k = 0; k < BIG_TXT; k++)
					if (mid == MID_PARENS)
						fprintf(f, "abc%u\n", k);
					else
						fprintf(f, "w%u IN TXT x\n",
						    k);
				fprintf(f, ")\n");
				line += BIG_TXT + 2;
				break;
			case MID_ORIGIN:
				fprintf(f, "$ORIGIN sub.big.example.\n");
				line++;
				break;
			case MID_SOA:
				fprintf(f, "@ IN SOA ns1.big.example. "
				    "host.big.example. 1 7200 900 1209600 "
				    "300\n");
				line++;
				break;
			case MID_INCLUDE:
				fprintf(f, "$INCLUDE /dev/null\n");
				line++;
				break;
			case MID_CNAME:
				fprintf(f, "h%06u IN CNAME ns1\n", i);
				line++;
				break;
			case MID_AGAIN:
				fprintf(f, "h000007 IN AAAA 2001:db8::7:7\n");
				line++;
				break;
			case MID_MORE:
				fprintf(f, "h000009 IN TXT more\n");
				line++;
				break;
			case MID_ALIAS:
				fprintf(f, "h000007 IN CNAME h000008\n");
				line++;
				break;
			case MID_NUL:
				fwrite("; a\0b\n", 1, 6, f);
				line++;
				break;
			case MID_CRLF:
				fprintf(f, "crlf IN TXT \"x\"\r\n");
				line++;
				break;
			case MID_HIGH:
				fprintf(f, "high IN TXT \"caf\xc3\xa9\"\n");
				line++;
				break;
			case MID_COMMENT:
				for (k = 0; k < BIG_COMMENT; k++)
					fprintf(f, "; %060u\n", k);
				line += BIG_COMMENT;
				break;
			case MID_OPEN:
				fprintf(f, "open IN TXT ( \"a\"\n");
				line++;
				break;
			default:
				break;
			}
		}
		if (mid == MID_NS && i % BIG_NS == 0) {
			fprintf(f, "d%06u IN NS h%06u\n", i, i + 1);
			line++;
		}
		if (mid == MID_ERROR && i == BIG + BIG / 2) {
			fprintf(f, "bad IN A 192.0.2.300\n");
			b->mid_line = line++;
		}
		/* Lines of one length: the middle is the middle's. */
		fprintf(f, "h%06u IN AAAA 2001:db8::%04x:%04x\n", i,
		    i >> 16, i & 0xffff);
		b->line[i] = line++;
	}
	assert_int_equal(fclose(f), 0);
}

/* Every record of the big file where it should be, as it should be. */
static void
big_check(const struct big *b, enum big_middle mid)
{
	struct dl_zone *z = load_ok(b->path, "big.example.", NULL);
	char name[64], want[64];
	unsigned char a6[16];
	uint32_t ttl;
	unsigned i;

	int parens = mid == MID_PARENS || mid == MID_PARENS_RR;

	assert_int_equal(dl_zone_record_count(z), 3 + 2 * BIG + parens);
	for (i = 0; i < 2 * BIG; i++) {
		snprintf(name, sizeof(name), "h%06u.%sbig.example.", i,
		    mid == MID_ORIGIN && i >= b->mid ? "sub." : "");
		assert_int_equal(dl_zone_rrset_line(z, name,
		    LDNS_RR_TYPE_AAAA), b->line[i]);
		if (i % 4999 != 0 && (i < b->mid - 5 || i > b->mid + 5))
			continue;
		snprintf(name, sizeof(name), "2001:db8::%x:%x", i >> 16,
		    i & 0xffff);
		assert_int_equal(inet_pton(AF_INET6, name, a6), 1);
		assert_non_null(inet_ntop(AF_INET6, a6, want, sizeof(want)));
		snprintf(name, sizeof(name), "h%06u.%sbig.example.", i,
		    mid == MID_ORIGIN && i >= b->mid ? "sub." : "");
		assert_string_equal(rrset_text(z, name, LDNS_RR_TYPE_AAAA,
		    &ttl), want);
		assert_int_equal(ttl, mid == MID_TTL && i >= b->mid ? 60 :
		    3600);
	}
	if (parens)
		assert_int_equal(dl_zone_rrset_line(z, "txt.big.example.",
		    LDNS_RR_TYPE_TXT), b->mid_line);
	if (mid == MID_PARENS)
		assert_int_equal(strncmp(rrset_text(z, "txt.big.example.",
		    LDNS_RR_TYPE_TXT, NULL), "\"abc0\" \"abc1\" ", 14), 0);
	if (mid == MID_PARENS_RR) {
		assert_int_equal(strncmp(rrset_text(z, "txt.big.example.",
		    LDNS_RR_TYPE_TXT, NULL), "\"w0\" \"IN\" \"TXT\" \"x\" "
		    "\"w1\" ", 25), 0);
		snprintf(name, sizeof(name), "w%u.big.example.", BIG_TXT / 2);
		assert_int_equal(dl_zone_rrset_line(z, name, LDNS_RR_TYPE_TXT),
		    0);
	}
	/* The owners' index: as many as names, each once. */
	assert_int_equal(dl_zone_owner_count(z), 2 + 2 * BIG + parens);
	dl_zone_free(z);
	unlink(b->path);
}

/*
 * A lean read of a big file with a delegation every BIG_NS records: the
 * NS records' targets in file order, whatever part each was read in.
 */
static void
big_lean_ns_check(void)
{
	static const char *const none[] = { "none.big.example." };
	struct dl_zone_filter f = { 0, none, 1, NULL, 0, 1 };
	static struct big b;
	struct dl_zone_target t;
	struct dl_zone *z;
	char name[64];
	size_t at;
	unsigned i;

	big_write(&b, MID_NS, 0);
	z = load_ok(b.path, "big.example.", &f);
	assert_true(dl_zone_is_lean(z));
	assert_int_equal(dl_zone_owner_count(z), 2);
	for (at = 0, i = 0; (at = dl_zone_lean_targets(z, at, &t)) != 0;
	    i += BIG_NS) {
		snprintf(name, sizeof(name), "d%06u.big.example.", i);
		assert_string_equal(t.owner, name);
		snprintf(name, sizeof(name), "h%06u.big.example.", i + 1);
		assert_string_equal(t.target, name);
		assert_int_equal(t.type, LDNS_RR_TYPE_NS);
	}
	assert_int_equal(i, 2 * BIG);
	dl_zone_free(z);
	unlink(b.path);
}

static void
test_dl_zone_load_file_big_halves(void **state)
{
	static struct big b;
	enum big_middle mids[] = { MID_NONE, MID_TTL, MID_PARENS, MID_ORIGIN,
	    MID_SOA };
	size_t i;

	(void)state;
	/* The first at full size, read in halves at zonesplit.c's own sizes. */
	big_n = BIG_FULL;
	dl_zone_set_split_min(0);
	big_write(&b, MID_NONE, BIG);
	big_check(&b, MID_NONE);
	big_n = BIG_FULL / BIG_SCALE;
	dl_zone_set_split_min(SPLIT_SMALL);
	for (i = 0; i < sizeof(mids) / sizeof(mids[0]); i++) {
		big_write(&b, mids[i], BIG);
		big_check(&b, mids[i]);
		if (mids[i] != MID_TTL && mids[i] != MID_ORIGIN)
			continue;
		big_write(&b, mids[i], BIG - 3);
		big_check(&b, mids[i]);
	}
}

/*
 * A large file is read a stretch at a time (zonewin.c), each half reading
 * ahead of itself: comment lines longer than a stretch, which libzscanner
 * reads in one call, in either half, read as in a mapped file (the load
 * is done again, mapped, when a half read past what it had read in).
 */
static void
test_dl_zone_load_file_big_long_comment(void **state)
{
	static struct big b;

	(void)state;
	dl_zone_set_split_min(SPLIT_SMALL);
	big_write(&b, MID_COMMENT, BIG / 2);
	big_check(&b, MID_COMMENT);
	big_write(&b, MID_COMMENT, BIG + BIG / 2);
	big_check(&b, MID_COMMENT);
}

/*
 * A '(' left open before the last record: libzscanner says so at the end
 * of the file, and the message gives the line it was opened on, found in
 * the whole text (read again where it was given back).
 */
static void
test_dl_zone_load_file_big_open_paren(void **state)
{
	static struct big b;
	char buf[PATH_MAX + 512], want[PATH_MAX + 256];

	(void)state;
	dl_zone_set_split_min(SPLIT_SMALL);
	big_write(&b, MID_OPEN, 2 * BIG - 1);
	assert_int_equal(load_err(b.path, "big.example.", NULL, buf,
	    sizeof(buf)), DL_EINPUT);
	snprintf(want, sizeof(want), "%s:%u: bad record 'open IN TXT \"a\"",
	    b.path, b.mid_line);
	assert_int_equal(strncmp(buf, want, strlen(want)), 0);
	unlink(b.path);
}

/*
 * A large file is checked as it is read (zoneread.c's text_upto()): a NUL
 * byte anywhere is the error at its line, whatever half it is in, read
 * whole or lean; a CR LF line end or a byte above 127 reads as from the
 * copy a small file is read from, every line where it is.
 */
static void
test_dl_zone_load_file_big_text_checked(void **state)
{
	static const char *const none[] = { "none.big.example." };
	struct dl_zone_filter lean = { 0, none, 1, NULL, 0, 1 };
	const unsigned at[] = { 10, BIG / 2, BIG + BIG / 2, 2 * BIG - 1 };
	static struct big b;
	char buf[PATH_MAX + 512], want[PATH_MAX + 256], name[64];
	const struct dl_zone_filter *fs[] = { NULL, &lean };
	struct dl_zone *z;
	unsigned i, k, j;

	(void)state;
	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++)
		for (k = 0; k < 2; k++) {
			big_write(&b, MID_NUL, at[i]);
			assert_int_equal(load_err(b.path, "big.example.", fs[k],
			    buf, sizeof(buf)), DL_EINPUT);
			snprintf(want, sizeof(want), "%s:%u: NUL byte: not a "
			    "text zone file", b.path, b.mid_line);
			assert_string_equal(buf, want);
			unlink(b.path);
			big_write(&b, MID_CRLF, at[i]);
			z = load_ok(b.path, "big.example.", fs[k]);
			assert_int_equal(dl_zone_record_count(z), 4 + 2 * BIG);
			assert_int_equal(dl_zone_name_types(z,
			    "crlf.big.example."), DL_NT_ANY);
			dl_zone_free(z);
			unlink(b.path);
			big_write(&b, MID_HIGH, at[i]);
			z = load_ok(b.path, "big.example.", fs[k]);
			assert_int_equal(dl_zone_record_count(z), 4 + 2 * BIG);
			if (k == 0) {
				assert_string_equal(rrset_text(z,
				    "high.big.example.", LDNS_RR_TYPE_TXT,
				    NULL), "\"caf\\195\\169\"");
				assert_int_equal(dl_zone_rrset_line(z,
				    "high.big.example.", LDNS_RR_TYPE_TXT),
				    b.mid_line);
				for (j = 0; j < 2 * BIG; j += 997) {
					snprintf(name, sizeof(name),
					    "h%06u.big.example.", j);
					assert_int_equal(dl_zone_rrset_line(z,
					    name, LDNS_RR_TYPE_AAAA),
					    b.line[j]);
				}
			}
			dl_zone_free(z);
			unlink(b.path);
		}
}

/* An error or an $INCLUDE in the second half: found at its line. */
static void
test_dl_zone_load_file_big_second_half_error(void **state)
{
	static struct big b;
	char buf[PATH_MAX + 512], want[PATH_MAX + 256];

	(void)state;
	big_write(&b, MID_ERROR, BIG);
	assert_int_equal(load_err(b.path, "big.example.", NULL, buf,
	    sizeof(buf)), DL_EINPUT);
	snprintf(want, sizeof(want), "%s:%u: bad record 'bad IN A "
	    "192.0.2.300'", b.path, b.mid_line);
	assert_int_equal(strncmp(buf, want, strlen(want)), 0);
	unlink(b.path);
	big_write(&b, MID_INCLUDE, BIG);
	assert_int_equal(load_err(b.path, "big.example.", NULL, buf,
	    sizeof(buf)), DL_EINPUT);
	snprintf(want, sizeof(want), "%s:%u: ", b.path, b.mid_line);
	assert_int_equal(strncmp(buf, want, strlen(want)), 0);
	unlink(b.path);
}

/*
 * With dl_zone_set_split_steal(mode): a big file read whole, and one
 * read lean, each with a part taken and used, every record where it
 * should be.
 */
static void
big_parts_used(int mode)
{
	static struct big b;
	unsigned before;

	dl_zone_set_split_steal(mode);
	before = dl_zone_split_steals();
	big_write(&b, MID_NONE, BIG);
	big_check(&b, MID_NONE);
	assert_int_equal(dl_zone_split_steals(), before + 1);
	big_lean_ns_check();
	assert_int_equal(dl_zone_split_steals(), before + 2);
}

/*
 * The second half's last part read by the first half once that is done
 * (zonesplit.c's split_steal(), for a worker that lags), forced: the worker
 * starts only then, and the part starts at the first owner line after
 * the middle byte of its half.  A middle 3 records after that line is
 * read by the part; one 3 before it changes the state the worker gets
 * there in (the part is then not used), or holds the line (a record
 * across it, not used either).  Every record where
 * it should be, read whole and lean; an error in the part at its line.
 */
static void
test_dl_zone_load_file_big_steal(void **state)
{
	static const char *const none[] = { "none.big.example." };
	struct dl_zone_filter f = { 0, none, 1, NULL, 0, 1 };
	enum big_middle mids[] = { MID_TTL, MID_PARENS, MID_ORIGIN, MID_SOA,
	    MID_PARENS_RR };
	static struct big b;
	char buf[PATH_MAX + 512], want[PATH_MAX + 256];
	unsigned before, i, k;

	(void)state;
	if (dl_par_cpus() < 2)
		skip();		/* a file is read in halves on two */
	big_parts_used(1);
	for (i = 0; i < sizeof(mids) / sizeof(mids[0]); i++)
		for (k = 0; k < 2; k++) {
			before = dl_zone_split_steals();
			big_write(&b, mids[i], BIG + BIG / 2 + 3 - 6 * k);
			big_check(&b, mids[i]);
			/*
			 * After the line the part is read by it; before
			 * it, the worker reads on.  The TXT record's 3,000
			 * lines move the middle byte into it: the line is
			 * one of them (for MID_PARENS_RR, one the part
			 * reads as a record).  An SOA is the first half's to
			 * judge: the part, or the worker, gives up and the
			 * first half reads on alone.
			 */
			assert_int_equal(dl_zone_split_steals(), before +
			    (k == 0 && (mids[i] == MID_TTL ||
			    mids[i] == MID_ORIGIN)));
		}
	/* An error in the part: the file's error, at its line. */
	for (k = 0; k < 2; k++) {
		big_write(&b, MID_ERROR, BIG);
		assert_int_equal(load_err(b.path, "big.example.", k ? &f :
		    NULL, buf, sizeof(buf)), DL_EINPUT);
		snprintf(want, sizeof(want), "%s:%u: bad record 'bad IN A "
		    "192.0.2.300'", b.path, b.mid_line);
		assert_int_equal(strncmp(buf, want, strlen(want)), 0);
		unlink(b.path);
	}
	dl_zone_set_split_steal(0);
}

/*
 * The other way (zonesplit.c's split_take(), for a first half that lags),
 * forced: the first half waits until the worker, done with its half,
 * has taken the last half of what the first has left.  The part's line
 * is near record TAKE_AT; middles around it (a $TTL, a TXT record over
 * many lines that read as records, an $ORIGIN) leave every record where
 * it should be: the first half reads on where the part would not match.
 */
#define TAKE_AT		((64 + BIG) / 2)

static void
test_dl_zone_load_file_big_take(void **state)
{
	enum big_middle mids[] = { MID_TTL, MID_PARENS_RR, MID_ORIGIN };
	static const int off[] = { -3, 3, 40 };
	static struct big b;
	unsigned i, k;

	(void)state;
	if (dl_par_cpus() < 2)
		skip();		/* a file is read in halves on two */
	big_parts_used(2);
	for (i = 0; i < sizeof(mids) / sizeof(mids[0]); i++)
		for (k = 0; k < sizeof(off) / sizeof(off[0]); k++) {
			big_write(&b, mids[i], (unsigned)(TAKE_AT + off[k]));
			big_check(&b, mids[i]);
		}
	dl_zone_set_split_steal(0);
}

/*
 * Record views: what a whole-zone walk reads without building an ldns_rr.
 * The same records read from a file (wire RDATA) and added with
 * dl_zone_add() (built records) must give the same answers.
 */
static const char view_text[] =
    "$TTL 300\n"
    "@ SOA ns1 hm 1 2 3 4 5\n"
    "@ NS ns1\n"
    "@ 600 MX 10 Mail.Example.NET.\n"
    "www CNAME host\n"
    "old DNAME new.example.\n"
    "1 PTR host.example.com.\n"
    "_sip._tcp SRV 0 5 5060 sip\n"
    "host 60 A 192.0.2.7\n"
    "host AAAA 2001:db8::7\n"
    "txt TXT \"x\"\n"
    "host 60 RRSIG A 8 3 60 20261201000000 20261101000000 12345 "
    "example.com. AAAA\n"
    "https HTTPS 1 svc.example.com. alpn=h2\n";

/* The records of view_text after the SOA, as a view shows them. */
static const struct {
	const char	*owner;
	uint16_t	 type, covered;
	uint32_t	 ttl;
	unsigned	 line;
	const char	*target;	/* dl_rview_target(), or NULL */
	int		 alen;		/* dl_rview_address() */
	uint8_t		 addr[16];
} view_want[] = {
	{ "example.com.", LDNS_RR_TYPE_NS, 0, 300, 3, "ns1.example.com.",
	    0, { 0 } },
	{ "example.com.", LDNS_RR_TYPE_MX, 0, 600, 4, "mail.example.net.",
	    0, { 0 } },
	{ "www.example.com.", LDNS_RR_TYPE_CNAME, 0, 300, 5,
	    "host.example.com.", 0, { 0 } },
	{ "old.example.com.", LDNS_RR_TYPE_DNAME, 0, 300, 6, "new.example.",
	    0, { 0 } },
	{ "1.example.com.", LDNS_RR_TYPE_PTR, 0, 300, 7, "host.example.com.",
	    0, { 0 } },
	{ "_sip._tcp.example.com.", LDNS_RR_TYPE_SRV, 0, 300, 8,
	    "sip.example.com.", 0, { 0 } },
	{ "host.example.com.", LDNS_RR_TYPE_A, 0, 60, 9, NULL, 4,
	    { 192, 0, 2, 7 } },
	{ "host.example.com.", LDNS_RR_TYPE_AAAA, 0, 300, 10, NULL, 16,
	    { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7 } },
	{ "txt.example.com.", LDNS_RR_TYPE_TXT, 0, 300, 11, NULL, 0, { 0 } },
	{ "host.example.com.", LDNS_RR_TYPE_RRSIG, LDNS_RR_TYPE_A, 60, 12,
	    NULL, 0, { 0 } },
	{ "https.example.com.", LDNS_RR_TYPE_HTTPS, 0, 300, 13,
	    "svc.example.com.", 0, { 0 } },
};

/* Check the views of z's records 1.. (after the SOA) against view_want. */
static void
check_views(const struct dl_zone *z, int wire)
{
	struct dl_rview v;
	char buf[DL_ZONE_NAME_BUF];
	uint8_t addr[16];
	size_t i, n = sizeof(view_want) / sizeof(view_want[0]);

	assert_int_equal(dl_zone_kept_count(z), n + 1);
	for (i = 0; i < n; i++) {
		dl_zone_rec_view(z, dl_zone_kept_rec(z, i + 1), &v);
		assert_string_equal(v.owner, view_want[i].owner);
		assert_int_equal(v.type, view_want[i].type);
		assert_int_equal(v.covered, view_want[i].covered);
		assert_int_equal(v.ttl, view_want[i].ttl);
		assert_int_equal(v.line, wire ? view_want[i].line : 0);
		assert_ptr_equal(v.zone, z);
		assert_int_equal(v.rec, dl_zone_kept_rec(z, i + 1));
		if (wire) {
			assert_non_null(v.rd);
			assert_null(v.rr);
		} else {
			assert_null(v.rd);
			assert_non_null(v.rr);
		}
		memset(buf, 0, sizeof(buf));
		assert_int_equal(dl_rview_target(&v, buf),
		    view_want[i].target != NULL);
		if (view_want[i].target != NULL)
			assert_string_equal(buf, view_want[i].target);
		memset(addr, 0, sizeof(addr));
		assert_int_equal(dl_rview_address(&v, addr), view_want[i].alen);
		assert_memory_equal(addr, view_want[i].addr, 16);
	}
}

static void
test_dl_zone_rec_view_file(void **state)
{
	static const char *const names[] = { "z", NULL };
	struct dl_zone *z;
	struct dl_rview v;
	const ldns_rr *rr;
	char *dir, path[PATH_MAX], *s;
	FILE *fp;

	(void)state;
	dir = make_tmpdir();
	snprintf(path, sizeof(path), "%s/z", dir);
	assert_non_null(fp = fopen(path, "w"));
	assert_int_equal(fputs(view_text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	z = load_ok(path, "example.com.", NULL);
	check_views(z, 1);
	/* Built only when asked, once: the record a finding quotes. */
	dl_zone_rec_view(z, dl_zone_kept_rec(z, 7), &v);
	assert_null(v.rr);
	assert_non_null(rr = dl_rview_rr(&v));
	assert_ptr_equal(dl_rview_rr(&v), rr);
	assert_non_null(s = ldns_rr2str(rr));
	assert_string_equal(s, "host.example.com.\t60\tIN\tA\t192.0.2.7\n");
	free(s);
	dl_zone_free(z);
	remove_tmp(dir, names);
}

static void
test_dl_zone_rec_view_added(void **state)
{
	struct dl_zone *z;
	struct dl_rview v;
	const char *p, *end;
	char line[512], *t;
	ldns_rdf *origin;
	ldns_rr *rr;
	size_t n;

	(void)state;
	assert_non_null(z = dl_zone_new("example.com.", "127.0.0.1@53", 0));
	assert_non_null(origin = ldns_dname_new_frm_str("example.com."));
	/* The same records, absolute, one by one as a transfer adds them. */
	for (p = strchr(view_text, '\n') + 1; *p != '\0'; p = end + 1) {
		end = strchr(p, '\n');
		n = (size_t)(end - p);
		memcpy(line, p, n);
		line[n] = '\0';
		rr = NULL;
		assert_int_equal(ldns_rr_new_frm_str(&rr, line, 300, origin,
		    NULL), LDNS_STATUS_OK);
		assert_int_equal(dl_zone_add(z, rr), 0);
	}
	ldns_rdf_deep_free(origin);
	check_views(z, 0);
	dl_zone_rec_view(z, dl_zone_kept_rec(z, 7), &v);
	assert_ptr_equal(dl_rview_rr(&v), v.rr);
	assert_non_null(t = ldns_rr2str(v.rr));
	assert_string_equal(t, "host.example.com.\t60\tIN\tA\t192.0.2.7\n");
	free(t);
	/* A plan's record: no zone, the owner given. */
	dl_rview_of_rr(v.rr, "host.example.com.", &v);
	assert_null(v.zone);
	assert_int_equal(v.rec, DL_ZONE_NONE);
	assert_int_equal(v.owner_idx, DL_ZONE_NONE);
	assert_int_equal(v.ttl, 60);
	assert_int_equal(v.line, 0);
	dl_zone_free(z);
}

/* Wire RDATA too short for its type's fields names nothing. */
static void
test_dl_rview_target_malformed(void **state)
{
	static const uint8_t cut[] = { 3, 'n', 's' };
	static const uint8_t mx[] = { 0 };
	static const uint8_t a3[] = { 192, 0, 2 };
	static const uint8_t ok[] = { 2, 'n', 's', 0 };
	struct dl_rview v;
	char buf[DL_ZONE_NAME_BUF];
	uint8_t addr[16];

	(void)state;
	memset(&v, 0, sizeof(v));
	v.type = LDNS_RR_TYPE_NS;
	v.rd = cut;
	v.rdlen = sizeof(cut);
	assert_int_equal(dl_rview_target(&v, buf), 0);
	v.rd = ok;
	v.rdlen = sizeof(ok);
	assert_int_equal(dl_rview_target(&v, buf), 1);
	assert_string_equal(buf, "ns.");
	v.type = LDNS_RR_TYPE_MX;
	v.rd = mx;
	v.rdlen = sizeof(mx);
	assert_int_equal(dl_rview_target(&v, buf), 0);
	v.type = LDNS_RR_TYPE_A;
	v.rd = a3;
	v.rdlen = sizeof(a3);
	assert_int_equal(dl_rview_address(&v, addr), 0);
	v.type = LDNS_RR_TYPE_TXT;
	assert_int_equal(dl_rview_target(&v, buf), 0);
	/* Neither wire nor a record: nothing. */
	v.type = LDNS_RR_TYPE_NS;
	v.rd = NULL;
	assert_int_equal(dl_rview_target(&v, buf), 0);
	assert_null(dl_rview_rr(&v));
}

static void
test_dl_rr_name_field_offsets(void **state)
{
	static const struct {
		uint16_t	type;
		int		field;
		size_t		offset;
	} want[] = {
		{ LDNS_RR_TYPE_NS, 0, 0 }, { LDNS_RR_TYPE_CNAME, 0, 0 },
		{ LDNS_RR_TYPE_DNAME, 0, 0 }, { LDNS_RR_TYPE_PTR, 0, 0 },
		{ LDNS_RR_TYPE_MX, 1, 2 }, { LDNS_RR_TYPE_SVCB, 1, 2 },
		{ LDNS_RR_TYPE_HTTPS, 1, 2 }, { LDNS_RR_TYPE_SRV, 3, 6 },
		{ LDNS_RR_TYPE_TXT, -1, 99 }, { LDNS_RR_TYPE_A, -1, 99 },
	};
	size_t i, off;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		off = 99;
		assert_int_equal(dl_rr_name_field(want[i].type, &off),
		    want[i].field);
		assert_int_equal(off, want[i].offset);
	}
}

/* Which RRsets of one zone the other holds any record of, by owner and type. */
static void
test_dl_zone_rrset_present_by_type(void **state)
{
	static const char *const names[] = { "z", NULL };
	struct dl_zone *z, *y;
	char *dir, path[PATH_MAX];
	uint32_t hint = UINT32_MAX;
	ldns_rr *rr = NULL;
	FILE *fp;

	(void)state;
	dir = make_tmpdir();
	snprintf(path, sizeof(path), "%s/z", dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs("$TTL 60\n@ SOA ns hm 1 2 3 4 5\na A 192.0.2.1\n"
	    "a TXT \"x\"\nb A 192.0.2.2\n", fp);
	assert_int_equal(fclose(fp), 0);
	z = load_ok(path, "example.com.", NULL);
	assert_non_null(y = dl_zone_new("example.com.", "127.0.0.1@53", 0));
	assert_int_equal(ldns_rr_new_frm_str(&rr, "a.example.com. 300 IN A "
	    "198.51.100.1", 0, NULL, NULL), LDNS_STATUS_OK);
	assert_int_equal(dl_zone_add(y, rr), 0);
	assert_int_equal(dl_zone_rrset_present(z, 0, y, &hint), 0);
	assert_int_equal(dl_zone_rrset_present(z, 1, y, &hint), 1);
	assert_int_equal(dl_zone_rrset_present(z, 2, y, &hint), 0);
	assert_int_equal(dl_zone_rrset_present(z, 3, y, &hint), 0);
	hint = UINT32_MAX;
	assert_int_equal(dl_zone_rrset_present(y, 0, z, &hint), 1);
	dl_zone_free(y);
	dl_zone_free(z);
	remove_tmp(dir, names);
}

/* Grown past a few huge pages: the entries already there move along. */
static void
test_dl_table_grow_keeps_entries(void **state)
{
	uint32_t *t, *g;
	size_t i, big = 5 * 1024 * 1024;

	(void)state;
	assert_non_null(t = dl_table_grow(NULL, 0, 10, sizeof(*t)));
	for (i = 0; i < 10; i++)
		t[i] = (uint32_t)(i * 7);
	assert_non_null(g = dl_table_grow(t, 10, big, sizeof(*t)));
	for (i = 0; i < 10; i++)
		assert_int_equal(g[i], i * 7);
	g[big - 1] = 1;
	assert_int_equal(g[big - 1], 1);
	assert_null(dl_table_grow(g, 10, SIZE_MAX / 2, sizeof(*g)));
	assert_int_equal(g[9], 63);
	free(g);
}

/*
 * Lean loads (struct dl_zone_filter): main() sets DNSLINT_LEAN_FROM=0,
 * so every file is read lean when the filter asks.
 */
#define LEAN_HEAD	"$ORIGIN lean.example.\n$TTL 3600\n" \
	"@ SOA ns1 host 1 7200 900 1209600 300\n" \
	"@ NS ns1\n@ NS ns2.other.example.\n"

static struct dl_zone *
lean_load(const char *dir, const char *text)
{
	static const char *const owners[] = { "kept.lean.example." };
	static const char *const mentions[] = { "192.0.2.99" };
	struct dl_zone_filter f = { 0, owners, 1, mentions, 1, 1 };

	return load_ok(write_file(dir, "z", text), "lean.example.", &f);
}

/* The owners a check reads are stored; of the others, their types. */
static void
test_dl_zone_lean_stores_what_is_read(void **state)
{
	static const char *const owners[] = { "kept.lean.example." };
	struct dl_zone_filter f = { 0, owners, 1, NULL, 0, 1 };
	static const char *const files[] = { "z", NULL };
	char *dir = make_tmpdir();
	struct dl_zone *z, *full;
	struct dl_zone_target t;
	struct dl_error err;
	ldns_rr_list *l;
	size_t at;

	(void)state;
	z = lean_load(dir, LEAN_HEAD
	    "ns1 A 192.0.2.1\n"
	    "www A 192.0.2.2\nwww AAAA 2001:db8::2\n"
	    "mail MX 10 www\n"
	    "sub NS ns.sub\nns.sub A 192.0.2.3\n"
	    "alias CNAME www\n"
	    "plain TXT \"x\"\n"
	    "kept A 192.0.2.4\n");
	assert_true(dl_zone_is_lean(z));
	assert_int_equal(dl_zone_record_count(z), 12);
	/* The apex, its nameserver, the filter's. */
	assert_int_equal(dl_zone_owner_count(z), 3);
	assert_int_not_equal(dl_zone_owner_index(z, "ns1.lean.example."),
	    DL_ZONE_NONE);
	assert_int_equal(dl_zone_owner_index(z, "mail.lean.example."),
	    DL_ZONE_NONE);
	/* The NS and MX records of the others: their targets. */
	assert_int_not_equal(at = dl_zone_lean_targets(z, 0, &t), 0);
	assert_int_equal(t.type, LDNS_RR_TYPE_MX);
	assert_string_equal(t.owner, "mail.lean.example.");
	assert_string_equal(t.target, "www.lean.example.");
	assert_int_not_equal(at = dl_zone_lean_targets(z, at, &t), 0);
	assert_int_equal(t.type, LDNS_RR_TYPE_NS);
	assert_string_equal(t.owner, "sub.lean.example.");
	assert_string_equal(t.target, "ns.sub.lean.example.");
	assert_int_equal(dl_zone_lean_targets(z, at, &t), 0);
	assert_int_equal(dl_zone_owner_index(z, "www.lean.example."),
	    DL_ZONE_NONE);
	assert_int_equal(dl_zone_name_types(z, "www.lean.example."),
	    DL_NT_ANY | DL_NT_A | DL_NT_AAAA);
	assert_int_equal(dl_zone_name_types(z, "alias.lean.example."),
	    DL_NT_ANY | DL_NT_CNAME);
	assert_int_equal(dl_zone_name_types(z, "ns.sub.lean.example."),
	    DL_NT_ANY | DL_NT_A);
	assert_int_equal(dl_zone_name_types(z, "sub.lean.example."),
	    DL_NT_ANY | DL_NT_NS);
	assert_int_equal(dl_zone_name_types(z, "plain.lean.example."),
	    DL_NT_ANY);
	assert_int_equal(dl_zone_name_types(z, "none.lean.example."), 0);
	assert_true(dl_zone_has_name(z, "plain.lean.example."));
	assert_false(dl_zone_has_name(z, "none.lean.example."));
	/* Stored owners and absent ones are answered ... */
	assert_string_equal(rrset_text(z, "kept.lean.example.",
	    LDNS_RR_TYPE_A, NULL), "192.0.2.4");
	assert_string_equal(rrset_text(z, "ns1.lean.example.",
	    LDNS_RR_TYPE_A, NULL), "192.0.2.1");
	assert_string_equal(rrset_text(z, "none.lean.example.",
	    LDNS_RR_TYPE_A, NULL), "");
	assert_true(dl_zone_rrset_known(z, "kept.lean.example.",
	    LDNS_RR_TYPE_A));
	assert_false(dl_zone_lean_missed(z));
	/* ... an owner not stored is noted. */
	assert_non_null(l = dl_zone_rrset(z, "www.lean.example.",
	    LDNS_RR_TYPE_A));
	assert_int_equal(ldns_rr_list_rr_count(l), 0);
	ldns_rr_list_free(l);
	assert_true(dl_zone_lean_missed(z));
	/* Read again, every owner stored. */
	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_zone_reload(z, &f, &full, &err), 0);
	assert_false(dl_zone_is_lean(full));
	assert_int_equal(dl_zone_owner_count(full), 9);
	assert_string_equal(rrset_text(full, "www.lean.example.",
	    LDNS_RR_TYPE_A, NULL), "192.0.2.2");
	assert_false(dl_zone_lean_missed(full));
	dl_zone_free(full);
	dl_zone_free(z);
	remove_tmp(dir, files);
}

/*
 * A file whose owners not stored could hide what zone-integrity looks
 * for is read with every owner stored; one whose owners met twice were
 * stored both times stays lean.
 */
static void
test_dl_zone_lean_falls_back(void **state)
{
	static const char *const files[] = { "z", "inc", NULL };
	static const struct {
		const char	*body;
		int		 lean;
	} cases[] = {
		{ "www A 192.0.2.2\nwww AAAA 2001:db8::2\n", 1 },
		/* An owner in two runs, not stored: no RRset in both ... */
		{ "www A 192.0.2.2\nplain TXT x\nwww AAAA 2001:db8::2\n", 1 },
		/* ... or one RRset in both (its TTLs not compared) ... */
		{ "www A 192.0.2.2\nplain TXT x\nwww A 192.0.2.3\n", 0 },
		{ "mail MX 10 www\nplain TXT x\nmail MX 20 www\n", 0 },
		/* ... or a CNAME in one, other data in the other. */
		{ "www A 192.0.2.2\nplain TXT x\nwww CNAME mail\n", 0 },
		/* The apex again: stored both times. */
		{ "www A 192.0.2.2\n@ TXT apex\n", 1 },
		/* Stored first, then not: the second run is stored too. */
		{ "kept A 192.0.2.4\nplain TXT x\nkept TXT y\n", 1 },
		/* Not stored first, then stored (it mentions what the
		   filter asks for): the first run is gone. */
		{ "plain TXT x\nkept A 192.0.2.4\nplain A 192.0.2.99\n", 0 },
		/* Stored from its first record: the run is stored. */
		{ "plain A 192.0.2.99\nplain TXT x\n", 1 },
		/* Stored from a later record: the first is gone. */
		{ "plain TXT x\nplain A 192.0.2.99\n", 0 },
		{ "alias CNAME www\nalias TXT x\n", 0 },
		{ "alias CNAME www\nalias CNAME mail\n", 0 },
		{ "alias CNAME www\nalias RRSIG CNAME 8 3 3600 "
		  "20261231000000 20261201000000 1 lean.example. AAAA\n", 1 },
		{ "www 60 A 192.0.2.2\nwww 120 A 192.0.2.3\n", 0 },
		{ "old DNAME new.example.\n", 0 },
		{ "$INCLUDE inc\n", 0 },
		/* Apex nameserver glue before the apex names it. */
		{ "glue A 192.0.2.9\n@ NS glue\n", 0 },
	};
	char *dir = make_tmpdir(), text[1024];
	struct dl_zone *z;
	size_t i;

	(void)state;
	(void)write_file(dir, "inc", "inc A 192.0.2.5\n");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "%sns1 A 192.0.2.1\n%s",
		    LEAN_HEAD, cases[i].body);
		z = lean_load(dir, text);
		if (dl_zone_is_lean(z) != cases[i].lean)
			fail_msg("case %zu: lean %d", i, dl_zone_is_lean(z));
		/* Every record read, whichever way. */
		assert_true(dl_zone_record_count(z) >= 5);
		dl_zone_free(z);
	}
	remove_tmp(dir, files);
}

/*
 * A small file (under the split size: its table of names filled as it is
 * read) with more names than its table has room for, a name to every 15
 * bytes: read whole, every name there; with one name fewer each line and
 * the table in room, lean, every name there too.
 */
static void
test_dl_zone_lean_table_full(void **state)
{
	static const char *const files[] = { "z", NULL };
	static char text[sizeof(LEAN_HEAD) + 32 + 5000 * 32];
	char *dir = make_tmpdir(), name[64];
	const char *label;
	struct dl_zone *z;
	size_t n, i, len;
	int pass;

	(void)state;
	for (pass = 0; pass < 2; pass++) {
		/* 5,000 names in about 75 KB: room for 75,000 / 20 + 1024. */
		n = pass == 0 ? 5000 : 2000;
		label = pass == 0 ? "a" : "a-long-name-";
		len = (size_t)snprintf(text, sizeof(text),
		    "%sns1 A 192.0.2.1\n", LEAN_HEAD);
		for (i = 0; i < n; i++)
			len += (size_t)snprintf(text + len, sizeof(text) - len,
			    "%s%zu A 10.0.0.1\n", label, i);
		z = lean_load(dir, text);
		assert_int_equal(dl_zone_is_lean(z), pass);
		assert_int_equal(dl_zone_record_count(z), 4 + n);
		for (i = 0; i < n; i++) {
			snprintf(name, sizeof(name), "%s%zu.lean.example.",
			    label, i);
			if (dl_zone_name_types(z, name) !=
			    (DL_NT_ANY | DL_NT_A))
				fail_msg("pass %d: %s", pass, name);
		}
		dl_zone_free(z);
	}
	remove_tmp(dir, files);
}

/* The types dl_zone_lean_batch() gives the log's entry n (from 0). */
static unsigned
batch_types(const struct dl_zone *z, size_t n)
{
	struct dl_zone_tinfo ti[16];
	size_t next, got;

	got = dl_zone_lean_batch(z, 0, ti, 16, &next);
	assert_true(n < got);
	return ti[n].types;
}

/*
 * The log's targets answered: as the file is read (an owner just before,
 * one just after), or looked up once it is read (one further on); all
 * looked up again when an owner is in two runs (its types are both's).
 */
static void
test_dl_zone_lean_batch_answers(void **state)
{
	static const char *const files[] = { "z", NULL };
	char *dir = make_tmpdir();
	struct dl_zone *z;

	(void)state;
	z = lean_load(dir, LEAN_HEAD "ns1 A 192.0.2.1\n"
	    "www A 192.0.2.2\n"
	    "mail MX 10 www\n"
	    "sub NS ns.sub\nns.sub AAAA 2001:db8::3\n"
	    "far MX 10 later\n"
	    "a1 TXT x\na2 TXT y\n"
	    "later CNAME www\n"
	    "none MX 10 nowhere\n");
	assert_true(dl_zone_is_lean(z));
	assert_int_equal(batch_types(z, 0), DL_NT_ANY | DL_NT_A);
	assert_int_equal(batch_types(z, 1), DL_NT_ANY | DL_NT_AAAA);
	assert_int_equal(batch_types(z, 2), DL_NT_ANY | DL_NT_CNAME);
	assert_int_equal(batch_types(z, 3), 0);
	dl_zone_free(z);
	/* host's second run: the MX answered before it is not the answer. */
	z = lean_load(dir, LEAN_HEAD "ns1 A 192.0.2.1\n"
	    "host A 192.0.2.5\n"
	    "mail MX 10 host\n"
	    "other TXT x\n"
	    "host AAAA 2001:db8::5\n");
	assert_true(dl_zone_is_lean(z));
	assert_int_equal(batch_types(z, 0), DL_NT_ANY | DL_NT_A | DL_NT_AAAA);
	dl_zone_free(z);
	remove_tmp(dir, files);
}

/*
 * A lean load of a file read in two halves: the facts of both; a
 * problem in the second half, or an owner of the first half met again
 * there, sends it to the whole index.
 */
static void
test_dl_zone_lean_big_halves(void **state)
{
	static const char *const none[] = { "none.big.example." };
	struct dl_zone_filter f = { 0, none, 1, NULL, 0, 1 };
	enum big_middle mids[] = { MID_CNAME, MID_AGAIN, MID_ALIAS };
	static struct big b;
	struct dl_zone *z;
	char name[64];
	unsigned i;

	(void)state;
	big_write(&b, MID_NONE, BIG);
	z = load_ok(b.path, "big.example.", &f);
	assert_true(dl_zone_is_lean(z));
	assert_int_equal(dl_zone_record_count(z), 3 + 2 * BIG);
	assert_int_equal(dl_zone_owner_count(z), 2);	/* apex, ns1 */
	for (i = 0; i < 2 * BIG; i += 997) {
		snprintf(name, sizeof(name), "h%06u.big.example.", i);
		assert_int_equal(dl_zone_name_types(z, name),
		    DL_NT_ANY | DL_NT_AAAA);
	}
	assert_int_equal(dl_zone_name_types(z, "h999999.big.example."), 0);
	dl_zone_free(z);
	unlink(b.path);
	/* NS records in both halves: their targets, in file order. */
	big_lean_ns_check();
	/* A TXT record for a name of the first half: still lean. */
	big_write(&b, MID_MORE, BIG + BIG / 2);
	z = load_ok(b.path, "big.example.", &f);
	assert_true(dl_zone_is_lean(z));
	assert_int_equal(dl_zone_record_count(z), 4 + 2 * BIG);
	assert_int_equal(dl_zone_name_types(z, "h000009.big.example."),
	    DL_NT_ANY | DL_NT_AAAA);
	dl_zone_free(z);
	unlink(b.path);
	for (i = 0; i < sizeof(mids) / sizeof(mids[0]); i++) {
		big_write(&b, mids[i], BIG + BIG / 2);
		z = load_ok(b.path, "big.example.", &f);
		assert_false(dl_zone_is_lean(z));
		assert_int_equal(dl_zone_record_count(z), 4 + 2 * BIG);
		assert_int_equal(dl_zone_owner_count(z), 2 + 2 * BIG);
		dl_zone_free(z);
		unlink(b.path);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dl_zone_load_file_basic),
		cmocka_unit_test(test_dl_zone_load_file_no_ttl_largest_served),
		cmocka_unit_test(test_dl_zone_load_file_ttl_in_include),
		cmocka_unit_test(test_dl_zone_load_file_blank_owner),
		cmocka_unit_test(test_dl_zone_load_file_class_ttl_order),
		cmocka_unit_test(test_dl_zone_load_file_multiline_soa),
		cmocka_unit_test(test_dl_zone_rrset_line_multiline),
		cmocka_unit_test(test_dl_zone_load_file_big_text_checked),
		cmocka_unit_test(test_dl_zone_lean_batch_answers),
		cmocka_unit_test(test_dl_zone_load_file_quoted_semicolon),
		cmocka_unit_test(test_dl_zone_load_file_origin_relative),
		cmocka_unit_test(test_dl_zone_origin_relative_after_absolute),
		cmocka_unit_test(test_dl_zone_load_file_origin_argument),
		cmocka_unit_test(test_dl_zone_load_file_soa_minimum_ttl),
		cmocka_unit_test(test_dl_zone_load_file_last_stated_ttl),
		cmocka_unit_test(test_dl_zone_load_file_ttl_units),
		cmocka_unit_test(test_dl_zone_load_file_blank_lines_and_crlf),
		cmocka_unit_test(test_dl_zone_load_file_escaped_names),
		cmocka_unit_test(
		    test_dl_zone_load_file_blank_owner_after_origin),
		cmocka_unit_test(test_dl_zone_load_file_same_as_ldns),
		cmocka_unit_test(test_dl_zone_load_file_filter_owners),
		cmocka_unit_test(
		    test_dl_zone_load_file_filter_mentions_address),
		cmocka_unit_test(test_dl_zone_load_file_filter_mentions_host),
		cmocka_unit_test(test_dl_zone_load_file_filter_mentions_forms),
		cmocka_unit_test(test_dl_zone_load_file_untouched_bad_record),
		cmocka_unit_test(test_dl_zone_load_file_mx_out_of_range),
		cmocka_unit_test(test_dl_zone_load_file_ttl_syntax_shared),
		cmocka_unit_test(test_dl_zone_load_file_glue_in_plan_mode),
		cmocka_unit_test(test_dl_zone_rrset_compare_wire),
		cmocka_unit_test(test_dl_zone_load_file_many_includes),
		cmocka_unit_test(test_dl_zone_load_file_include),
		cmocka_unit_test(
		    test_dl_zone_load_file_include_symlink_escape),
		cmocka_unit_test(test_dl_zone_load_file_bad_zones),
		cmocka_unit_test(test_dl_zone_load_file_svcb_params_good),
		cmocka_unit_test(test_dl_zone_load_file_svcb_params_bad),
		cmocka_unit_test(test_dl_zone_load_file_fifo),
		cmocka_unit_test(test_dl_zone_load_file_not_regular),
		cmocka_unit_test(test_dl_zone_load_file_other_origin),
		cmocka_unit_test(test_dl_zone_load_file_big_zone_filter),
		cmocka_unit_test(test_dl_zone_rrset_whole_index),
		cmocka_unit_test(test_dl_rrset_rdata_equal_order_case),
		cmocka_unit_test(test_dl_rrset_rdata_equal_text_case),
		cmocka_unit_test(test_dl_rrset_ttl_smallest),
		cmocka_unit_test(test_dl_zone_fast_records_match_ldns),
		cmocka_unit_test(test_dl_zone_kept_first_interleaved),
		cmocka_unit_test(test_dl_name_str_lower_absolute),
		cmocka_unit_test(test_dl_zone_rrset_compare_empty_rdata),
		cmocka_unit_test(test_dl_zone_load_file_soa_repeated),
		cmocka_unit_test(test_dl_zone_load_file_big_halves),
		cmocka_unit_test(test_dl_zone_load_file_big_long_comment),
		cmocka_unit_test(test_dl_zone_load_file_big_open_paren),
		cmocka_unit_test(test_dl_zone_load_file_big_second_half_error),
		cmocka_unit_test(test_dl_zone_load_file_big_steal),
		cmocka_unit_test(test_dl_zone_load_file_big_take),
		cmocka_unit_test(test_dl_zone_rec_view_file),
		cmocka_unit_test(test_dl_zone_rec_view_added),
		cmocka_unit_test(test_dl_rview_target_malformed),
		cmocka_unit_test(test_dl_rr_name_field_offsets),
		cmocka_unit_test(test_dl_table_grow_keeps_entries),
		cmocka_unit_test(test_dl_zone_rrset_present_by_type),
		cmocka_unit_test(test_dl_zone_lean_stores_what_is_read),
		cmocka_unit_test(test_dl_zone_lean_falls_back),
		cmocka_unit_test(test_dl_zone_lean_table_full),
		cmocka_unit_test(test_dl_zone_lean_big_halves),
	};

	/* Every filtered load that asks is lean. */
	dl_zone_set_lean_from(0);
	dl_zone_set_split_min(SPLIT_SMALL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
