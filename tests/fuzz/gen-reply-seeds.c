/*
 * gen-reply-seeds.c - write the reply target's seed inputs (harness.h:
 * 4 bytes choosing the query, then the reply's wire form) into a folder.
 * The seeds in tests/fuzz/seeds/reply/ were made with it:
 *
 *	make fuzz-seeds
 *
 * Each seed is a reply a server could send: good answers, negative
 * answers, a referral, truncation, errors, and the hostile ones (wrong
 * id, another question, another zone's records, a compression loop).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "harness.h"

static const char *dir;
static int asked_other;		/* the query asks for the next type */
static int wrong_id;		/* the reply has another id */

static ldns_rr *
rr(const char *text)
{
	ldns_rr *r = NULL;

	if (ldns_rr_new_frm_str(&r, text, 0, NULL, NULL) != LDNS_STATUS_OK) {
		fprintf(stderr, "bad record: %s\n", text);
		exit(1);
	}
	return r;
}

static void
save(const char *name, uint8_t flags, uint16_t type, uint8_t qname,
    const uint8_t *wire, size_t len)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.bin", dir, name);
	if ((f = fopen(path, "wb")) == NULL) {
		perror(path);
		exit(1);
	}
	fputc(flags, f);
	if (asked_other)
		type++;
	fputc(type >> 8, f);
	fputc(type & 0xff, f);
	fputc(qname, f);
	fwrite(wire, 1, len, f);
	if (fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

/*
 * A reply to the question (t_fuzz_names[qname], type), id T_FUZZ_ID,
 * then records "section text", NULL-ended: section 'a' answer, 'n'
 * authority, 'd' additional.
 */
static void
seed(const char *file, uint8_t flags, uint16_t type, uint8_t qname,
    bool aa, ldns_pkt_rcode rcode, bool tc, ...)
{
	ldns_pkt *p = ldns_pkt_new();
	ldns_rr *q;
	const char *text;
	uint8_t *wire = NULL;
	size_t len = 0;
	ldns_pkt_section sec;
	va_list ap;

	ldns_pkt_set_id(p, (uint16_t)(T_FUZZ_ID + wrong_id));
	ldns_pkt_set_qr(p, true);
	ldns_pkt_set_aa(p, aa);
	ldns_pkt_set_tc(p, tc);
	ldns_pkt_set_rd(p, flags & 1);
	ldns_pkt_set_ra(p, flags & 1);
	ldns_pkt_set_opcode(p, LDNS_PACKET_QUERY);
	ldns_pkt_set_rcode(p, rcode);
	if (flags & 2)
		ldns_pkt_set_edns_udp_size(p, 1232);
	q = ldns_rr_new();
	ldns_rr_set_owner(q, ldns_dname_new_frm_str(t_fuzz_names[qname]));
	ldns_rr_set_type(q, type);
	ldns_rr_set_class(q, LDNS_RR_CLASS_IN);
	ldns_rr_set_question(q, true);
	ldns_pkt_push_rr(p, LDNS_SECTION_QUESTION, q);
	va_start(ap, tc);
	while ((text = va_arg(ap, const char *)) != NULL) {
		sec = text[0] == 'a' ? LDNS_SECTION_ANSWER : text[0] == 'n' ?
		    LDNS_SECTION_AUTHORITY : LDNS_SECTION_ADDITIONAL;
		ldns_pkt_push_rr(p, sec, rr(text + 2));
	}
	va_end(ap);
	if (ldns_pkt2wire(&wire, p, &len) != LDNS_STATUS_OK) {
		fprintf(stderr, "%s: cannot make wire form\n", file);
		exit(1);
	}
	save(file, flags, type, qname, wire, len);
	free(wire);
	ldns_pkt_free(p);
}

#define SOA	"example.com. 300 IN SOA ns1.example.com. " \
		"hostmaster.example.com. 2026112201 7200 3600 1209600 300"
#define END	(const char *)NULL

int
main(int argc, char **argv)
{
	/* A header of 12 bytes, one question whose name points at itself. */
	static const uint8_t loop[] = {
		0xd1, 0x5c, 0x84, 0x00, 0x00, 0x01, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01
	};

	if (argc != 2) {
		fprintf(stderr, "usage: gen-reply-seeds DIR\n");
		return 2;
	}
	dir = argv[1];
	seed("answer-a", 0, LDNS_RR_TYPE_A, 1, true, LDNS_RCODE_NOERROR,
	    false, "a www.example.com. 86400 IN A 192.0.2.10",
	    "a www.example.com. 86400 IN A 192.0.2.11", END);
	seed("answer-case", 2, LDNS_RR_TYPE_AAAA, 3, true, LDNS_RCODE_NOERROR,
	    false, "a WWW.example.com. 300 IN AAAA 2001:db8::1", END);
	seed("answer-ns-glue", 2, LDNS_RR_TYPE_NS, 0, true,
	    LDNS_RCODE_NOERROR, false, "a example.com. 3600 IN NS ns1.example.com.",
	    "a example.com. 3600 IN NS ns2.example.net.",
	    "d ns1.example.com. 3600 IN A 192.0.2.53",
	    "d ns1.example.com. 3600 IN AAAA 2001:db8::53", END);
	seed("answer-soa", 0, LDNS_RR_TYPE_SOA, 0, true, LDNS_RCODE_NOERROR,
	    false, "a " SOA, END);
	seed("answer-txt-mx", 0, LDNS_RR_TYPE_TXT, 2, true,
	    LDNS_RCODE_NOERROR, false,
	    "a a.b.example.com. 60 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\" "
	    "\"second\"", "n example.com. 60 IN MX 10 mail.example.com.", END);
	seed("alias", 0, LDNS_RR_TYPE_A, 1, true, LDNS_RCODE_NOERROR, false,
	    "a www.example.com. 300 IN CNAME web.example.net.", END);
	seed("alias-chain-recursive", 1, LDNS_RR_TYPE_A, 1, false,
	    LDNS_RCODE_NOERROR, false,
	    "a www.example.com. 300 IN CNAME a.example.net.",
	    "a a.example.net. 300 IN CNAME b.example.net.",
	    "a b.example.net. 300 IN A 198.51.100.7", END);
	seed("nodata", 0, LDNS_RR_TYPE_MX, 1, true, LDNS_RCODE_NOERROR, false,
	    "n " SOA, END);
	seed("nxdomain", 0, LDNS_RR_TYPE_A, 2, true, LDNS_RCODE_NXDOMAIN,
	    false, "n " SOA, END);
	seed("referral", 0, LDNS_RR_TYPE_A, 1, false, LDNS_RCODE_NOERROR,
	    false, "n example.com. 172800 IN NS ns1.example.net.",
	    "d ns1.example.net. 172800 IN A 198.51.100.53", END);
	seed("truncated", 2, LDNS_RR_TYPE_TXT, 1, true, LDNS_RCODE_NOERROR,
	    true, END);
	seed("servfail", 0, LDNS_RR_TYPE_A, 1, false, LDNS_RCODE_SERVFAIL,
	    false, END);
	seed("refused", 0, LDNS_RR_TYPE_SOA, 0, false, LDNS_RCODE_REFUSED,
	    false, END);
	seed("formerr-edns", 2, LDNS_RR_TYPE_A, 1, false, LDNS_RCODE_FORMERR,
	    false, END);
	seed("other-zone", 0, LDNS_RR_TYPE_A, 1, true, LDNS_RCODE_NOERROR,
	    false, "a www.example.org. 86400 IN A 203.0.113.66",
	    "n example.org. 86400 IN SOA ns.example.org. h.example.org. "
	    "1 7200 3600 1209600 300", END);
	seed("other-zone-negative", 0, LDNS_RR_TYPE_MX, 1, true,
	    LDNS_RCODE_NOERROR, false,
	    "n example.org. 86400 IN SOA ns.example.org. h.example.org. "
	    "1 7200 3600 1209600 300", END);
	seed("nxdomain-no-soa", 0, LDNS_RR_TYPE_A, 2, true,
	    LDNS_RCODE_NXDOMAIN, false, END);
	asked_other = 1;
	seed("other-question", 0, LDNS_RR_TYPE_A, 1, true,
	    LDNS_RCODE_NOERROR, false,
	    "a www.example.com. 86400 IN A 192.0.2.10", END);
	asked_other = 0;
	wrong_id = 1;
	seed("wrong-id", 0, LDNS_RR_TYPE_A, 1, true, LDNS_RCODE_NOERROR,
	    false, "a www.example.com. 86400 IN A 192.0.2.10", END);
	wrong_id = 0;
	seed("dnssec", 2, LDNS_RR_TYPE_A, 1, true, LDNS_RCODE_NOERROR, false,
	    "a www.example.com. 300 IN A 192.0.2.10",
	    "a www.example.com. 300 IN RRSIG A 13 3 300 20261201000000 "
	    "20261101000000 12345 example.com. "
	    "dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0dGVzdHRlc3Q=",
	    END);
	save("compression-loop", 0, LDNS_RR_TYPE_A, 1, loop, sizeof(loop));
	save("header-only", 0, LDNS_RR_TYPE_A, 1, loop, 12);
	return 0;
}
