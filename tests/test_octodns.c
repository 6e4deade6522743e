/*
 * test_octodns.c - octoDNS zone files: every type, metadata, dynamic and
 * geo values, the errors, and octoDNS's own test data when it is there
 * (../shared/octodns from the top of the tree; skipped when absent).
 * Run from the top of the tree.
 */
#include <sys/stat.h>

#include <dirent.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "model.h"
#include "octodns.h"
#include "yamltree.h"
#include "zone.h"

/* Where the data is; DNSLINT_OCTODNS_DATA names another copy. */
static const char *
shared_dir(void)
{
	static char dir[512];
	const char *env = getenv("DNSLINT_OCTODNS_DATA");

	snprintf(dir, sizeof(dir), "%s/tests-config", env != NULL &&
	    *env != '\0' ? env : "../shared/octodns");
	return dir;
}
#define SHARED	shared_dir()

static char path[64];

/* Write text to a temporary file named like an octoDNS zone file. */
static const char *
put(const char *text)
{
	int fd;

	snprintf(path, sizeof(path), "/tmp/dnslint-octodns-XXXXXX.yaml");
	assert_true((fd = mkstemps(path, 5)) >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/*
 * Load text through dl_zone_load_file() (which must send a .yaml file
 * here) and write every record as "line owner ttl TYPE rdata", one a line.
 */
static char *
dump(const char *origin, const char *text)
{
	struct dl_zone *z = NULL;
	struct dl_error err;
	char *out, *s, *t;
	size_t i, len;
	FILE *f;

	memset(&err, 0, sizeof(err));
	if (dl_zone_load_file(put(text), origin, NULL, &z, &err) != 0)
		fail_msg("%u:%u: %s", err.line, err.column, err.message);
	unlink(path);
	assert_null(dl_zone_soa(z));
	assert_true(dl_zone_is_whole(z));
	assert_non_null(f = open_memstream(&out, &len));
	for (i = 0; i < dl_zone_kept_count(z); i++) {
		assert_non_null(s = ldns_rr2str(dl_zone_kept(z, i)));
		for (t = s; *t != '\0'; t++)
			if (*t == '\t')
				*t = ' ';
		fprintf(f, "%u %s", dl_zone_kept_line(z, i), s);
		free(s);
	}
	fclose(f);
	assert_int_equal(dl_zone_record_count(z), dl_zone_kept_count(z));
	dl_zone_free(z);
	return out;
}

/* Load text that must be refused: "line:column: message". */
static char *
refuse(const char *text)
{
	struct dl_zone *z = NULL;
	struct dl_error err;
	char *out;

	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_zone_load_file(put(text), "example.com", NULL, &z,
	    &err), DL_EINPUT);
	assert_string_equal(err.file, path);
	unlink(path);
	assert_null(z);
	assert_true(asprintf(&out, "%u:%u: %s", err.line, err.column,
	    err.message) > 0);
	return out;
}

#define DUMP_EQ(origin, text, want) do {				\
	char *got_ = dump(origin, text);				\
	assert_string_equal(got_, want);				\
	free(got_);							\
} while (0)

#define REFUSE_EQ(text, want) do {					\
	char *got_ = refuse(text);					\
	assert_string_equal(got_, want);				\
	free(got_);							\
} while (0)

static void
test_dl_octodns_is_file_suffixes(void **state)
{
	(void)state;
	assert_true(dl_octodns_is_file("zones/example.com.yaml"));
	assert_true(dl_octodns_is_file("example.com.yml"));
	assert_false(dl_octodns_is_file("example.com.zone"));
	assert_false(dl_octodns_is_file(".yaml"));
	assert_false(dl_octodns_is_file("example.com.YAML"));
}

static void
test_dl_octodns_origin_from_name_forms(void **state)
{
	char *s;

	(void)state;
	assert_non_null(s = dl_octodns_origin_from_name("a/example.com.yaml"));
	assert_string_equal(s, "example.com.");
	free(s);
	assert_non_null(s = dl_octodns_origin_from_name("example.com..yml"));
	assert_string_equal(s, "example.com.");
	free(s);
	assert_null(dl_octodns_origin_from_name("zones/com.yaml"));
	assert_null(dl_octodns_origin_from_name("example.com.zone"));
}

static void
test_dl_octodns_load_every_type(void **state)
{
	(void)state;
	DUMP_EQ("Example.COM",
	    "---\n"
	    "'':\n"
	    "  - type: A\n"
	    "    values: [192.0.2.1, 192.0.2.2]\n"
	    "  - type: ALIAS\n"
	    "    value: lb.example.net.\n"
	    "  - type: CAA\n"
	    "    value: {tag: issue, value: ca.example.net}\n"
	    "  - type: NS\n"
	    "    ttl: 86400\n"
	    "    values: [ns1.example.net., ns2.example.org.]\n"
	    "  - type: DS\n"
	    "    values:\n"
	    "    - {key_tag: 60485, algorithm: 5, digest_type: 1,\n"
	    "       digest: 2BB183AF5F22588179A53B0A98631FAD1A292118}\n"
	    "    - {flags: 1, protocol: 8, algorithm: 2, public_key: abcd}\n"
	    "_sip._tcp:\n"
	    "  type: SRV\n"
	    "  value: {priority: 10, weight: 20, port: 5060,\n"
	    "    target: sip.example.com.}\n"
	    "aaaa: {type: AAAA, ttl: 60, value: '2001:db8::1'}\n"
	    "dname: {type: DNAME, value: example.net.}\n"
	    "loc:\n"
	    "  type: LOC\n"
	    "  value: {lat_degrees: 31, lat_minutes: 58, lat_seconds: 52.1,\n"
	    "    lat_direction: S, long_degrees: 115, long_minutes: 49,\n"
	    "    long_seconds: 11.7, long_direction: E, altitude: 20, size: 10,\n"
	    "    precision_horz: 10, precision_vert: 2}\n"
	    "mail:\n"
	    "  type: MX\n"
	    "  values:\n"
	    "  - {exchange: mx1.example.com., preference: 10}\n"
	    "  - {priority: 20, value: mx2.example.com.}\n"
	    "naptr:\n"
	    "  type: NAPTR\n"
	    "  values:\n"
	    "  - {order: 100, preference: 10, flags: U, service: SIP+D2U,\n"
	    "    regexp: '!^.*$!sip:info@example.com!', replacement: .}\n"
	    "  - {order: 200, preference: 10, flags: s, service: '',\n"
	    "    regexp: '', replacement: _sip._udp.example.com.}\n"
	    "ptr: {type: PTR, value: host.example.com.}\n"
	    "spf: {type: SPF, value: v=spf1 -all}\n"
	    "ssh:\n"
	    "  type: SSHFP\n"
	    "  value: {algorithm: 1, fingerprint_type: 1,\n"
	    "    fingerprint: bf6b6825d2977c511a475bbefb88aad54a92ac73}\n"
	    "_443._tcp.www:\n"
	    "  type: TLSA\n"
	    "  value: {certificate_usage: 3, selector: 1, matching_type: 1,\n"
	    "    certificate_association_data: ABCD}\n"
	    "txt: {type: TXT, value: 'v=DKIM1\\;k=rsa'}\n"
	    "www: {type: CNAME, value: web.example.net.}\n"
	    "svc:\n"
	    "- type: HTTPS\n"
	    "  values:\n"
	    "  - svcpriority: 1\n"
	    "    targetname: .\n"
	    "    svcparams: {alpn: [h2, h3], port: 8443, no-default-alpn: ~}\n"
	    "  - {svcpriority: 0, targetname: svc.example.net.}\n"
	    "- type: SVCB\n"
	    "  value: {svcpriority: 2, targetname: b.example.net.,\n"
	    "    svcparams: {ipv4hint: 192.0.2.7}}\n"
	    "- {type: OPENPGPKEY, value: 'mQIN BFAQ'}\n",
	    "3 example.com. 3600 IN A 192.0.2.1\n"
	    "3 example.com. 3600 IN A 192.0.2.2\n"
	    "5 example.com. 3600 IN TYPE65401 lb.example.net.\n"
	    "7 example.com. 3600 IN CAA 0 issue \"ca.example.net\"\n"
	    "9 example.com. 86400 IN NS ns1.example.net.\n"
	    "9 example.com. 86400 IN NS ns2.example.org.\n"
	    "12 example.com. 3600 IN DS 60485 5 1 "
	    "2bb183af5f22588179a53b0a98631fad1a292118\n"
	    "12 example.com. 3600 IN DS 1 8 2 abcd\n"
	    "18 _sip._tcp.example.com. 3600 IN SRV 10 20 5060 "
	    "sip.example.com.\n"
	    "21 aaaa.example.com. 60 IN AAAA 2001:db8::1\n"
	    "22 dname.example.com. 3600 IN DNAME example.net.\n"
	    "24 loc.example.com. 3600 IN LOC 31 58 52.100 S 115 49 11.700 E "
	    "20m 10m 10m 2m\n"
	    "30 mail.example.com. 3600 IN MX 10 mx1.example.com.\n"
	    "30 mail.example.com. 3600 IN MX 20 mx2.example.com.\n"
	    "35 naptr.example.com. 3600 IN NAPTR 100 10 \"U\" \"SIP+D2U\" "
	    "\"!^.*$!sip:info@example.com!\" .\n"
	    "35 naptr.example.com. 3600 IN NAPTR 200 10 \"s\" \"\" \"\" "
	    "_sip._udp.example.com.\n"
	    "41 ptr.example.com. 3600 IN PTR host.example.com.\n"
	    "42 spf.example.com. 3600 IN SPF \"v=spf1 -all\"\n"
	    "44 ssh.example.com. 3600 IN SSHFP 1 1 "
	    "bf6b6825d2977c511a475bbefb88aad54a92ac73\n"
	    "48 _443._tcp.www.example.com. 3600 IN TLSA 3 1 1 abcd\n"
	    "51 txt.example.com. 3600 IN TXT \"v=DKIM1;k=rsa\"\n"
	    "52 www.example.com. 3600 IN CNAME web.example.net.\n"
	    "54 svc.example.com. 3600 IN HTTPS 1 . alpn=h2,h3 "
	    "no-default-alpn port=8443\n"
	    "54 svc.example.com. 3600 IN HTTPS 0 svc.example.net.\n"
	    "60 svc.example.com. 3600 IN SVCB 2 b.example.net. "
	    "ipv4hint=192.0.2.7\n"
	    "63 svc.example.com. 3600 IN OPENPGPKEY mQINBFAQ\n");
}

static void
test_dl_octodns_load_txt_chunks(void **state)
{
	char text[400], want[700];
	int i;

	(void)state;
	/* 300 bytes: one string of 255 and one of 45. */
	snprintf(text, sizeof(text), "t: {type: TXT, value: '");
	for (i = 0; i < 300; i++)
		strcat(text, i % 10 == 9 ? "\\;" : "a");
	strcat(text, "'}\n");
	/* Only '\;' after a letter: "a\;" is fine, as octoDNS writes it. */
	snprintf(want, sizeof(want), "1 t.example.com. 3600 IN TXT \"");
	for (i = 0; i < 300; i++) {
		if (i == 255)
			strcat(want, "\" \"");
		strcat(want, i % 10 == 9 ? ";" : "a");
	}
	strcat(want, "\"\n");
	DUMP_EQ("example.com.", text, want);
	/* Quotes, backslashes and \DDD are kept as the bytes they stand for. */
	DUMP_EQ("example.com.", "q: {type: TXT, value: 'say \"hi\" \\\\ \\065'}\n",
	    "1 q.example.com. 3600 IN TXT \"say \\\"hi\\\" \\\\ A\"\n");
}

static void
test_dl_octodns_load_dynamic_pools(void **state)
{
	(void)state;
	DUMP_EQ("example.com.",
	    "a:\n"
	    "  type: A\n"
	    "  ttl: 60\n"
	    "  values: [192.0.2.1]\n"
	    "  dynamic:\n"
	    "    pools:\n"
	    "      eu:\n"
	    "        fallback: us\n"
	    "        values:\n"
	    "        - {value: 192.0.2.10, weight: 1}\n"
	    "      us:\n"
	    "        values:\n"
	    "        - value: 192.0.2.1\n"
	    "        - {value: 192.0.2.20, status: down}\n"
	    "    rules:\n"
	    "    - {geos: [EU], pool: eu}\n",
	    "2 a.example.com. 60 IN A 192.0.2.1\n"
	    "10 a.example.com. 60 IN A 192.0.2.10\n"
	    "14 a.example.com. 60 IN A 192.0.2.20\n");
}

static void
test_dl_octodns_load_geo(void **state)
{
	(void)state;
	DUMP_EQ("example.com.",
	    "a:\n"
	    "  type: AAAA\n"
	    "  value: 2001:db8::1\n"
	    "  geo:\n"
	    "    NA-US-CA: [2001:db8::2, 2001:db8::1]\n"
	    "    AF:\n"
	    "    - 2001:db8::3\n",
	    "2 a.example.com. 3600 IN AAAA 2001:db8::1\n"
	    "5 a.example.com. 3600 IN AAAA 2001:db8::2\n"
	    "7 a.example.com. 3600 IN AAAA 2001:db8::3\n");
}

static void
test_dl_octodns_load_metadata(void **state)
{
	(void)state;
	/* Ignored records and URLFWD are checked, not kept; provider keys
	 * under octodns: are not data. */
	DUMP_EQ("example.com.",
	    "fwd:\n"
	    "  type: URLFWD\n"
	    "  value: {code: 301, masking: 2, path: /, query: 0,\n"
	    "    target: 'http://www.example.com'}\n"
	    "old:\n"
	    "  octodns: {ignored: true}\n"
	    "  type: A\n"
	    "  value: 192.0.2.9\n"
	    "www:\n"
	    "  octodns:\n"
	    "    cloudflare: {proxied: true}\n"
	    "    excluded: [route53]\n"
	    "    healthcheck: {protocol: HTTPS, path: /ready}\n"
	    "  type: A\n"
	    "  value: 192.0.2.10\n",
	    "10 www.example.com. 3600 IN A 192.0.2.10\n");
	/* An empty file, and a bare document, are empty zones. */
	DUMP_EQ("example.com.", "", "");
	DUMP_EQ("example.com.", "---\n", "");
}

/* Owners are found again under the names dl_name_str() writes. */
static void
test_dl_octodns_load_owner_forms(void **state)
{
	static const char *const owners[] = { "example.com.",
	    "*.example.com.", "_a._tcp.www.example.com.", "x$y.example.com.",
	    "0/26.example.com.", "semi\\;colon.example.com." };
	struct dl_zone *z = NULL;
	struct dl_error err;
	size_t i;

	(void)state;
	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_zone_load_file(put("'': {type: A, value: "
	    "192.0.2.1}\n'*': {type: A, value: 192.0.2.2}\n"
	    "_a._TCP.WWW: {type: TXT, value: t}\n'x$y': {type: A, value: "
	    "192.0.2.3}\n0/26: {type: PTR, value: h.example.net.}\n"
	    "semi;colon: {type: A, value: 192.0.2.4}\n"), "Example.COM", NULL,
	    &z, &err), 0);
	unlink(path);
	assert_int_equal(dl_zone_kept_count(z), 6);
	for (i = 0; i < 6; i++) {
		char *s = dl_name_str(ldns_rr_owner(dl_zone_kept(z, i)));

		assert_string_equal(s, owners[i]);
		assert_string_equal(dl_zone_kept_owner(z, i), owners[i]);
		assert_true(dl_zone_has_name(z, owners[i]));
		free(s);
	}
	dl_zone_free(z);
}

/* The rules follow an ALIAS to its target, as they follow a CNAME. */
static void
test_dl_octodns_load_alias_target(void **state)
{
	struct dl_zone *z = NULL;
	struct dl_error err;

	(void)state;
	memset(&err, 0, sizeof(err));
	assert_int_equal(dl_zone_load_file(put("'': {type: ALIAS, value: "
	    "LB.example.net.}\n"), "example.com.", NULL, &z, &err), 0);
	unlink(path);
	assert_int_equal(dl_zone_kept_count(z), 1);
	assert_int_equal(ldns_rr_get_type(dl_zone_kept(z, 0)),
	    DL_RR_TYPE_ALIAS);
	assert_true(dl_rr_mentions(dl_zone_kept(z, 0), "lb.example.net."));
	assert_false(dl_rr_mentions(dl_zone_kept(z, 0), "example.net."));
	dl_zone_free(z);
}

static void
test_dl_octodns_load_errors(void **state)
{
	(void)state;
	REFUSE_EQ("- www\n",
	    "1:1: an octoDNS zone file must be a mapping of names to "
	    "records, got a list");
	REFUSE_EQ("www: {type: CNAME, value: web.example.net}\n",
	    "1:27: the CNAME value must be a domain name ending in a dot "
	    "(octoDNS takes targets as written, not relative to the zone), "
	    "got 'web.example.net'");
	REFUSE_EQ("mail:\n  type: MX\n  value: {exchange: mx, preference: 1}\n",
	    "3:21: 'exchange' of the MX value must be a domain name ending "
	    "in a dot (octoDNS takes targets as written, not relative to "
	    "the zone), got 'mx'");
	REFUSE_EQ("www:\n- {type: A, value: 192.0.2.1}\n"
	    "- {type: CNAME, value: web.example.net.}\n",
	    "3:10: 'www.example.com.' CNAME is beside the A record (line "
	    "2): a CNAME must be the only record at its name");
	REFUSE_EQ("www: {type: A, value: 192.0.2.300}\n",
	    "1:23: the A value must be an IPv4 address like 192.0.2.1, got "
	    "'192.0.2.300'");
	REFUSE_EQ("www: {type: AAAA, value: 192.0.2.1}\n",
	    "1:26: the AAAA value must be an IPv6 address like "
	    "2001:db8::1, got '192.0.2.1'");
	REFUSE_EQ("www: {type: A, ttl: -1, value: 192.0.2.1}\n",
	    "1:21: 'ttl' must be a whole number from 0 to 2147483647, got "
	    "'-1'");
	REFUSE_EQ("www: {type: A, ttl: 5m, value: 192.0.2.1}\n",
	    "1:21: 'ttl' must be a whole number from 0 to 2147483647, got "
	    "'5m'");
	REFUSE_EQ("www: {type: a, value: 192.0.2.1}\n",
	    "1:13: unknown record type 'a'; did you mean 'A'?");
	REFUSE_EQ("www: {type: HINFO, value: x}\n",
	    "1:13: unknown record type 'HINFO'; octoDNS zone types dnslint "
	    "reads: A, AAAA, ALIAS, CAA, CNAME, DNAME, DS, HTTPS, LOC, MX, "
	    "NAPTR, NS, OPENPGPKEY, PTR, SPF, SRV, SSHFP, SVCB, TLSA, TXT, "
	    "URLFWD");
	REFUSE_EQ("www: {type: A, vaule: 192.0.2.1}\n",
	    "1:16: unknown key 'vaule' in a record; did you mean 'value'?");
	REFUSE_EQ("www: {type: A}\n",
	    "1:6: 'www.example.com.' A has no 'value' or 'values'");
	REFUSE_EQ("www: {type: A, values: []}\n",
	    "1:24: 'values' of 'www.example.com.' A is empty: give at "
	    "least one value");
	REFUSE_EQ("www: {value: 192.0.2.1}\n",
	    "1:6: the record of 'www.example.com.' has no 'type'");
	REFUSE_EQ("www: 192.0.2.1\n",
	    "1:6: a record of 'www' must be a mapping with 'type' and "
	    "'value' or 'values'");
	REFUSE_EQ("www:\n  type: MX\n  value: mx.example.com.\n",
	    "3:10: the MX value must be a mapping of preference, exchange, "
	    "got 'mx.example.com.'");
	REFUSE_EQ("'@': {type: A, value: 192.0.2.1}\n",
	    "1:1: '@' is not an octoDNS name: the apex is ''");
	REFUSE_EQ("www.: {type: A, value: 192.0.2.1}\n",
	    "1:1: name 'www.' must be relative to the zone, without a "
	    "final dot or empty labels");
	REFUSE_EQ("'': {type: CNAME, value: web.example.net.}\n",
	    "1:12: a CNAME cannot be at the zone apex ''");
	REFUSE_EQ("www: {type: ALIAS, value: web.example.net.}\n",
	    "1:13: an ALIAS must be at the zone apex '', not at 'www'");
	REFUSE_EQ("sip: {type: SRV, value: {priority: 1, weight: 1, port: 1, "
	    "target: .}}\n",
	    "1:1: an SRV record's name must be _service._proto, like "
	    "_sip._tcp, got 'sip'");
	REFUSE_EQ("t: {type: TXT, value: 'v=DKIM1;k=rsa'}\n",
	    "1:23: the TXT value has a ';' that is not escaped: octoDNS "
	    "writes it as '\\;'");
	REFUSE_EQ("w:\n- {type: A, value: 192.0.2.1}\n"
	    "- {type: A, value: 192.0.2.2}\n",
	    "3:10: 'w.example.com.' A is given twice (first at line 2): "
	    "one record per type, with 'values'");
	REFUSE_EQ("w: {type: CNAME, values: [a.example.net.]}\n",
	    "1:26: the CNAME record has one 'value', not 'values'");
	REFUSE_EQ("w: {type: A, value: 192.0.2.1, values: [192.0.2.2]}\n",
	    "1:40: 'w.example.com.' A has 'value' and 'values': give one "
	    "of them");
	REFUSE_EQ("w: {type: TXT, value: x, geo: {EU: [y]}}\n",
	    "1:31: the TXT record cannot be dynamic: only A, AAAA and "
	    "CNAME records have 'dynamic' or 'geo'");
	REFUSE_EQ("w:\n  type: A\n  value: 192.0.2.1\n  dynamic:\n"
	    "    pools: {one: {values: [{value: 192.0.2.2}]},\n"
	    "            two: {values: [{value: 192.0.2.3}]}}\n"
	    "    rules: [{pool: one}]\n",
	    "6:13: pool 'two' is used by no rule");
	REFUSE_EQ("w:\n  type: A\n  value: 192.0.2.1\n  dynamic:\n"
	    "    pools: {one: {values: [{value: 192.0.2.2}]}}\n"
	    "    rules: [{pool: three}]\n",
	    "6:20: rule 1 must name one of the record's pools in 'pool'");
	REFUSE_EQ("w:\n  type: A\n  value: 192.0.2.1\n  dynamic:\n"
	    "    pools: {one: {fallback: two, values: [{value: 192.0.2.2}]},\n"
	    "            two: {fallback: one, values: [{value: 192.0.2.3}]}}\n"
	    "    rules: [{pool: one}]\n",
	    "5:29: the fallbacks of pool 'two' loop");
	REFUSE_EQ("w:\n  type: A\n  value: 192.0.2.1\n  dynamic:\n"
	    "    pools: {one: {values: [{value: 192.0.2.2, weight: 5}]}}\n"
	    "    rules: [{pool: one}]\n",
	    "5:55: 'weight' in pool 'one' must be from 1 to 100 (1 for a "
	    "pool's only value), got '5'");
	REFUSE_EQ("w:\n  type: A\n  value: 192.0.2.1\n  octodns:\n"
	    "    healthcheck: {protocol: BOGUS}\n",
	    "5:29: the healthcheck 'protocol' must be HTTP, HTTPS, ICMP, "
	    "TCP or UDP");
	REFUSE_EQ("w: {type: A, value: 192.0.2.1, octodns: {ignored: yes}}\n",
	    "1:51: 'ignored' must be true or false, got 'yes'");
	REFUSE_EQ("w: {type: SSHFP, value: {algorithm: 1, fingerprint_type: 1, "
	    "fingerprint: xyz}}\n",
	    "1:74: 'fingerprint' of the SSHFP value must be hexadecimal "
	    "digits, two for each byte, got 'xyz'");
	REFUSE_EQ("w: {type: HTTPS, value: {svcpriority: 1, targetname: .,\n"
	    "  svcparams: {alpn: 'h2 h3'}}}\n",
	    "2:21: 'alpn' of 'svcparams' must be a value without spaces, "
	    "quotes or commas, or a list of them, got '\"h2 h3\"'");
	REFUSE_EQ("w: {type: HTTPS, value: {svcpriority: 1, targetname: .,\n"
	    "  svcparams: {ALPN: h2}}}\n",
	    "2:15: keys of 'svcparams' must be lower-case names like alpn or "
	    "key65000, got 'ALPN'");
	REFUSE_EQ("w: {type: URLFWD, value: {code: 303, masking: 0, path: /,\n"
	    "  query: 0, target: 'http://example.net/'}}\n",
	    "1:33: 'code' of the URLFWD value must be one of 301, 302, got "
	    "'303'");
	REFUSE_EQ("w: {type: NAPTR, value: {order: 1, preference: 1, flags: '',"
	    "\n  service: '', regexp: '', replacement: .}}\n",
	    "1:58: 'flags' of the NAPTR value must be one of S, A, U, P, s, a, "
	    "u, p, got '\"\"'");
	REFUSE_EQ("w: {type: CAA, value: {tag: issue}}\n",
	    "1:23: the CAA value needs 'value'");
	REFUSE_EQ("w: {type: MX, value: {preference: 1, priority: 2, "
	    "exchange: a.example.}}\n",
	    "1:22: the MX value has both 'preference' and its older name "
	    "'priority': give one");
	REFUSE_EQ("w: {type: LOC, value: {lat_degrees: 91, lat_minutes: 0, "
	    "lat_seconds: 0, lat_direction: N, long_degrees: 0, long_minutes: "
	    "0, long_seconds: 0, long_direction: E, altitude: 0, size: 0, "
	    "precision_horz: 0, precision_vert: 0}}\n",
	    "1:37: 'lat_degrees' of the LOC value must be a whole number "
	    "from 0 to 90, got '91'");
	REFUSE_EQ("www: {type: A, value: 192.0.2.1}\nmail: {type: A, value: "
	    "192.0.2.2}\nWWW: {type: CNAME, value: a.example.net.}\n",
	    "3:1: name 'WWW' is 'www' (line 1) again: names are not "
	    "case-sensitive");
	REFUSE_EQ("w: {type: A, value: 192.0.2.1}\nw: {type: A, value: "
	    "192.0.2.2}\n", "2:1: duplicate key 'w' (first at line 1)");
}

/*
 * octoDNS's own test data.  Zones it loads with its YamlProvider (the
 * zone is the file name; a split zone's files are in a folder named after
 * the zone plus a suffix such as .tst); unordered.yaml only loads with
 * enforce_order: false, and dnslint does not judge key order.
 */
static const struct {
	const char	*file;
	const char	*zone;
	size_t		 records;	/* kept: ignored and URLFWD left out */
} shared_zones[] = {
	{ "unit.tests.yaml", "unit.tests.", 45 },
	{ "dynamic.tests.yaml", "dynamic.tests.", 51 },
	{ "subzone.unit.tests.yaml", "subzone.unit.tests.", 3 },
	{ "sub.txt.unit.tests.yaml", "sub.txt.unit.tests.", 0 },
	{ "empty.yaml", "empty.", 0 },
	{ "unordered.yaml", "unordered.", 2 },
	{ "dynamic-arpa/unit.tests.yaml", "unit.tests.", 4 },
	{ "dynamic-arpa/3.2.2.in-addr.arpa.yaml", "3.2.2.in-addr.arpa.", 0 },
	{ "dynamic-arpa/b.e.f.f.f.d.1.8.f.2.6.0.1.2.e.0.0.5.0.4.4.6.0.1.0.6.2."
	    "ip6.arpa.yaml", "b.e.f.f.f.d.1.8.f.2.6.0.1.2.e.0.0.5.0.4.4.6.0.1."
	    "0.6.2.ip6.arpa.", 0 },
	{ "override/dynamic.tests.yaml", "dynamic.tests.", 4 },
	{ "hybrid/one.test.yaml", "one.test.", 1 },
	{ "hybrid/two.test./$two.test.yaml", "two.test.", 1 },
	{ "hybrid/two.test./split-zone-file.yaml", "two.test.", 1 },
	{ "split/shared.yaml", "unit.tests.", 1 },
	{ "split/unit.tests.yaml", "unit.tests.", 1 },
	{ "split/unit.tests.tst/$unit.tests.yaml", "unit.tests.", 15 },
	{ "split/unit.tests.tst/_srv._tcp.yaml", "unit.tests.", 2 },
	{ "split/unit.tests.tst/aaaa.yaml", "unit.tests.", 1 },
	{ "split/unit.tests.tst/cname.yaml", "unit.tests.", 1 },
	{ "split/unit.tests.tst/dname.yaml", "unit.tests.", 1 },
	{ "split/unit.tests.tst/excluded.yaml", "unit.tests.", 1 },
	{ "split/unit.tests.tst/ignored.yaml", "unit.tests.", 0 },
	{ "split/unit.tests.tst/included.yaml", "unit.tests.", 1 },
	{ "split/unit.tests.tst/mx.yaml", "unit.tests.", 4 },
	{ "split/unit.tests.tst/naptr.yaml", "unit.tests.", 2 },
	{ "split/unit.tests.tst/ptr.yaml", "unit.tests.", 1 },
	{ "split/unit.tests.tst/spf.yaml", "unit.tests.", 1 },
	{ "split/unit.tests.tst/sub.yaml", "unit.tests.", 2 },
	{ "split/unit.tests.tst/txt.yaml", "unit.tests.", 3 },
	{ "split/unit.tests.tst/urlfwd.yaml", "unit.tests.", 0 },
	{ "split/unit.tests.tst/www.sub.yaml", "unit.tests.", 1 },
	{ "split/unit.tests.tst/www.yaml", "unit.tests.", 1 },
	{ "split/dynamic.tests.tst/a.yaml", "dynamic.tests.", 6 },
	{ "split/dynamic.tests.tst/aaaa.yaml", "dynamic.tests.", 8 },
	{ "split/dynamic.tests.tst/cname.yaml", "dynamic.tests.", 6 },
	{ "split/dynamic.tests.tst/real-ish-a.yaml", "dynamic.tests.", 24 },
	{ "split/dynamic.tests.tst/simple-weighted.yaml", "dynamic.tests.", 3 },
	{ "split/subzone.unit.tests.tst/12.yaml", "subzone.unit.tests.", 1 },
	{ "split/subzone.unit.tests.tst/2.yaml", "subzone.unit.tests.", 1 },
	{ "split/subzone.unit.tests.tst/test.yaml", "subzone.unit.tests.", 1 },
	{ "split/unordered.tst/abc.yaml", "unordered.", 1 },
	{ "split/unordered.tst/xyz.yaml", "unordered.", 1 },
};

/*
 * Zone files octoDNS refuses with its default validators (a healthcheck
 * protocol it does not know; its tests load them only with the
 * validators disabled), and files that are octoDNS configurations or
 * !include tests, not zones.
 */
static const struct {
	const char	*file;
	const char	*message;
} shared_refused[] = {
	{ "zone-disable-validators/zone-disable-validators-a.tests.yaml",
	    "5:17: the healthcheck 'protocol' must be HTTP, HTTPS, ICMP, TCP "
	    "or UDP" },
	{ "zone-disable-validators/zone-disable-validators-b.tests.yaml",
	    "5:17: the healthcheck 'protocol' must be HTTP, HTTPS, ICMP, TCP "
	    "or UDP" },
	{ "simple.yaml", "2:3: unknown key 'max_workers' in a record; valid "
	    "keys: "
	    "dynamic, geo, octodns, ttl, type, value, values" },
	{ "dynamic-config.yaml", NULL },
	{ "include/main.yaml", NULL },
	{ "include/dict.yaml", NULL },
};

/* Skip the test (counted as skipped) when the data is not there. */
static void
skip_without_shared(void)
{
	struct stat st;

	if (stat(SHARED, &st) == 0 && S_ISDIR(st.st_mode))
		return;
	print_message("octoDNS test data not found in %s: skipped\n", SHARED);
	skip();
}

static void
test_dl_octodns_load_shared_zones(void **state)
{
	struct dl_zone *z;
	struct dl_error err;
	char file[1024];
	size_t i;

	(void)state;
	skip_without_shared();
	for (i = 0; i < sizeof(shared_zones) / sizeof(shared_zones[0]); i++) {
		snprintf(file, sizeof(file), "%s/%s", SHARED,
		    shared_zones[i].file);
		memset(&err, 0, sizeof(err));
		z = NULL;
		if (dl_zone_load_file(file, shared_zones[i].zone, NULL, &z,
		    &err) != 0)
			fail_msg("%s:%u:%u: %s", file, err.line, err.column,
			    err.message);
		if (dl_zone_kept_count(z) != shared_zones[i].records)
			fail_msg("%s: %zu records, want %zu", file,
			    dl_zone_kept_count(z), shared_zones[i].records);
		dl_zone_free(z);
	}
}

static void
test_dl_octodns_load_shared_refused(void **state)
{
	struct dl_zone *z;
	struct dl_error err;
	char file[1024], got[1200];
	size_t i;

	(void)state;
	skip_without_shared();
	for (i = 0; i < sizeof(shared_refused) / sizeof(shared_refused[0]);
	    i++) {
		snprintf(file, sizeof(file), "%s/%s", SHARED,
		    shared_refused[i].file);
		memset(&err, 0, sizeof(err));
		z = NULL;
		if (dl_zone_load_file(file, "unit.tests.", NULL, &z, &err) ==
		    0) {
			dl_zone_free(z);
			fail_msg("%s: loaded, want refused", file);
		}
		assert_null(z);
		assert_string_equal(err.file, file);
		snprintf(got, sizeof(got), "%u:%u: %s", err.line, err.column,
		    err.message);
		if (shared_refused[i].message != NULL)
			assert_string_equal(got, shared_refused[i].message);
	}
}

/* A tree as text: kind, line:column, plain flag and value, nested. */
static void
tree_dump(FILE *f, const struct dl_ynode *n, int depth)
{
	size_t i;

	if (n == NULL) {
		fprintf(f, "(none)\n");
		return;
	}
	fprintf(f, "%*s%d %u:%u", depth * 2, "", (int)n->kind, n->line,
	    n->column);
	if (n->kind == DL_YSCALAR)
		fprintf(f, " %s '%s' %zu", n->plain ? "plain" : "quoted",
		    n->value, n->len);
	fprintf(f, " [%zu]\n", n->n);
	for (i = 0; i < n->n; i++)
		tree_dump(f, n->items[i], depth + 1);
}

/*
 * The tree (or "line:column: message") of text, parsed by dl_yaml_parse()
 * (fast 1: its fast path when it takes it) or by libyaml alone.
 */
static char *
parsed(const char *text, size_t len, int fast)
{
	struct dl_ynode *root = NULL;
	struct dl_error err;
	char *out;
	size_t olen;
	FILE *f;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = fast ? dl_yaml_parse("t.yaml", text, len, &root, &err) :
	    dl_yaml_parse_libyaml("t.yaml", text, len, &root, &err);
	assert_non_null(f = open_memstream(&out, &olen));
	if (rc != 0)
		fprintf(f, "%d %u:%u: %s\n", rc, err.line, err.column,
		    err.message);
	else
		tree_dump(f, root, 0);
	fclose(f);
	dl_ynode_free(root);
	return out;
}

/* dl_yaml_parse() and libyaml alone agree on text, byte for byte. */
static void
same_parse(const char *what, const char *text, size_t len)
{
	char *a = parsed(text, len, 1), *b = parsed(text, len, 0);

	if (strcmp(a, b) != 0)
		fail_msg("%s: the fast path gives\n%s\nlibyaml gives\n%s", what,
		    a, b);
	free(a);
	free(b);
}

/*
 * The fast path for plain block mappings gives libyaml's tree, marks and
 * errors: documents of its form, and others that are near it.
 */
static void
test_dl_yaml_parse_fast_path_is_libyaml(void **state)
{
	static const char *const docs[] = {
		/* Of its form. */
		"---\n'':\n  type: NS\n  values: [ns1.example.net., "
		    "ns2.example.org.]\nwww:\n  type: A\n  ttl: 300\n"
		    "  value: 192.0.2.1\n",
		"www:\n    type: AAAA\n    value: 2001:db8::1\n"
		    "mail:\n    type: MX\n    values: []\n",
		"a:\n  type: A\n  value: 192.0.2.1",
		"_sip._tcp:\n  type: TXT\n  value: v=spf1+a/24\n",
		/* Builder errors: a duplicate key, at the fast path's marks. */
		"www:\n  type: A\n  value: 192.0.2.1\nwww:\n  type: A\n"
		    "  value: 192.0.2.2\n",
		"www:\n  type: A\n  type: AAAA\n",
		/* Near it: libyaml's turn. */
		"www:\n  type: A\n  value: 192.0.2.1 # comment\n",
		"www:\n  type: A\n\n  value: 192.0.2.1\n",
		"www:\n  type: A\n   value: 192.0.2.1\n",
		"www:\n  type: A\n value: 192.0.2.1\n",
		"www:\n  type: A\n  value: 192.0.2.1 \n",
		"www:\n\ttype: A\n",
		"www:\n  type: A\r\n  value: 192.0.2.1\r\n",
		"www:\n  values: [2001:db8::1, 2001:db8::2]\n",
		"www:\n  values: [a, b,]\n",
		"www:\n  values: [a,b]\n",
		"www:\n  values: [a, b] x\n",
		"www:\n  value: a: b\n",
		"www:\n  value: a:\n",
		"www:\n  value: 'x'\n",
		"www:\n  value: \"x\"\n",
		"www:\n  value: &a x\n",
		"www:\n  value: *a\n",
		"www:\n  value: !!str x\n",
		"www:\n  value: -1\n",
		"www:\n  value: ~\n",
		"www:\n  value:\n",
		"www:\n  - type: A\n    value: 192.0.2.1\n",
		"www: {type: A, value: 192.0.2.1}\n",
		"www:\n",
		"www: x\n",
		"'*':\n  type: A\n  value: 192.0.2.1\n",
		"---\n",
		"--- \nwww:\n  type: A\n",
		"---\nwww:\n  type: A\n---\nx:\n  type: A\n",
		"",
		"www:\n  type: A\n  value: caf\xc3\xa9\n",
		"www:\n  type: A\n  value: 192.0.2.1\n...\n",
	};
	char what[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		snprintf(what, sizeof(what), "document %zu", i);
		same_parse(what, docs[i], strlen(docs[i]));
	}
}

/* Every YAML file under dir (recursively): the same both ways. */
static size_t
same_parse_dir(const char *dir)
{
	char file[2048], *text;
	struct dirent *d;
	struct stat st;
	size_t n = 0, len;
	FILE *f;
	DIR *dp;

	if ((dp = opendir(dir)) == NULL)
		return 0;
	while ((d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "%s/%s", dir, d->d_name);
		if (stat(file, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			n += same_parse_dir(file);
			continue;
		}
		if (!dl_octodns_is_file(file) || st.st_size > 4000000)
			continue;
		assert_non_null(f = fopen(file, "rb"));
		assert_non_null(text = malloc((size_t)st.st_size + 1));
		len = fread(text, 1, (size_t)st.st_size, f);
		fclose(f);
		same_parse(file, text, len);
		free(text);
		n++;
	}
	closedir(dp);
	return n;
}

/* The project's own YAML (plans, configurations, zones) and octoDNS's. */
static void
test_dl_yaml_parse_fast_path_files(void **state)
{
	(void)state;
	assert_true(same_parse_dir("tests") > 100);
	assert_true(same_parse_dir("examples") > 0);
	same_parse_dir(SHARED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dl_octodns_is_file_suffixes),
		cmocka_unit_test(test_dl_octodns_origin_from_name_forms),
		cmocka_unit_test(test_dl_octodns_load_every_type),
		cmocka_unit_test(test_dl_octodns_load_txt_chunks),
		cmocka_unit_test(test_dl_octodns_load_dynamic_pools),
		cmocka_unit_test(test_dl_octodns_load_geo),
		cmocka_unit_test(test_dl_octodns_load_metadata),
		cmocka_unit_test(test_dl_octodns_load_owner_forms),
		cmocka_unit_test(test_dl_octodns_load_alias_target),
		cmocka_unit_test(test_dl_octodns_load_errors),
		cmocka_unit_test(test_dl_octodns_load_shared_zones),
		cmocka_unit_test(test_dl_octodns_load_shared_refused),
		cmocka_unit_test(test_dl_yaml_parse_fast_path_is_libyaml),
		cmocka_unit_test(test_dl_yaml_parse_fast_path_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
