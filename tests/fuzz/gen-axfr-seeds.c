/*
 * gen-axfr-seeds.c - write the axfr target's seed inputs (harness.h: a
 * mode byte, then frames of control byte, length and DNS message) into a
 * folder.  The seeds in tests/fuzz/seeds/axfr/ were made with it:
 *
 *	make fuzz-seeds
 *
 * Each seed is a transfer a server could send: whole ones, with and
 * without TSIG (every algorithm, unsigned messages between signed ones),
 * and the broken and hostile ones (refusals, another id, question, zone
 * or class, a changed serial, a cut stream, bad signatures and times).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "harness.h"

/* Modes (byte 0) and control bits, as harness.h describes them. */
#define PLAIN		0x00
#define KEY(alg)	(0x01 | (alg) << 1)	/* 0 md5 .. 3 sha512 */
#define SHA256		KEY(2)
#define SIGN		0x01
#define WRONG_SECRET	0x02
#define EARLY		(1 << 2)		/* signed 301 s before now */
#define LATE		(2 << 2)		/* 301 s after */
#define EDGE		(3 << 2)		/* 300 s after: in the fudge */
#define BADTIME		0x10
#define BADSIG		(0x10 | WRONG_SECRET)
#define OTHER_KEY	0x20
#define KEEP_ID		0x40
#define RAW		0x80

static const char *dir;
static uint8_t buf[1 << 20];
static size_t len;

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
add(const void *data, size_t n)
{
	if (len + n > sizeof(buf)) {
		fprintf(stderr, "seed too large\n");
		exit(1);
	}
	memcpy(buf + len, data, n);
	len += n;
}

static void
begin(uint8_t mode)
{
	len = 0;
	add(&mode, 1);
}

static void
save(const char *name)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.bin", dir, name);
	if ((f = fopen(path, "wb")) == NULL) {
		perror(path);
		exit(1);
	}
	fwrite(buf, 1, len, f);
	if (fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

/* One frame: control byte, length, message. */
static void
frame_wire(uint8_t ctl, const uint8_t *wire, size_t n)
{
	uint8_t l[2] = { (uint8_t)(n >> 8), (uint8_t)n };

	add(&ctl, 1);
	add(l, 2);
	add(wire, n);
}

/*
 * A message of the transfer: id (T_FUZZ_ID unless KEEP_ID says which),
 * rcode, the question qname AXFR (NULL: none, as servers may leave it
 * out after the first message; qtype other than AXFR with qtype), then
 * answer records, NULL-ended.
 */
static void
frame(uint8_t ctl, uint16_t id, ldns_pkt_rcode rcode, const char *qname,
    ldns_rr_type qtype, ...)
{
	ldns_pkt *p = ldns_pkt_new();
	const char *text;
	uint8_t *wire = NULL;
	size_t n = 0;
	ldns_rr *q;
	va_list ap;

	ldns_pkt_set_id(p, id);
	ldns_pkt_set_qr(p, true);
	ldns_pkt_set_aa(p, true);
	ldns_pkt_set_opcode(p, LDNS_PACKET_QUERY);
	ldns_pkt_set_rcode(p, rcode);
	if (qname != NULL) {
		q = ldns_rr_new();
		ldns_rr_set_owner(q, ldns_dname_new_frm_str(qname));
		ldns_rr_set_type(q, qtype);
		ldns_rr_set_class(q, LDNS_RR_CLASS_IN);
		ldns_rr_set_question(q, true);
		ldns_pkt_push_rr(p, LDNS_SECTION_QUESTION, q);
	}
	va_start(ap, qtype);
	while ((text = va_arg(ap, const char *)) != NULL)
		ldns_pkt_push_rr(p, LDNS_SECTION_ANSWER, rr(text));
	va_end(ap);
	if (ldns_pkt2wire(&wire, p, &n) != LDNS_STATUS_OK) {
		fprintf(stderr, "cannot make wire form\n");
		exit(1);
	}
	frame_wire(ctl, wire, n);
	free(wire);
	ldns_pkt_free(p);
}

#define OK		T_FUZZ_ID, LDNS_RCODE_NOERROR
#define Q		"example.com.", LDNS_RR_TYPE_AXFR
#define NOQ		(const char *)NULL, LDNS_RR_TYPE_AXFR
#define SOA		"example.com. 3600 IN SOA ns1.example.com. " \
			"hostmaster.example.com. 2026112201 7200 3600 1209600 300"
#define SOA2		"example.com. 3600 IN SOA ns1.example.com. " \
			"hostmaster.example.com. 2026112202 7200 3600 1209600 300"
#define NS1		"example.com. 3600 IN NS ns1.example.com."
#define NS2		"example.com. 3600 IN NS ns2.example.net."
#define GLUE		"ns1.example.com. 3600 IN A 192.0.2.53"
#define WWW		"www.example.com. 86400 IN A 192.0.2.10"
#define WWW6		"www.example.com. 86400 IN AAAA 2001:db8::10"
#define MX		"example.com. 3600 IN MX 10 mail.example.com."
#define TXT		"txt.example.com. 300 IN TXT \"v=spf1 -all\""
#define END		(const char *)NULL

/* A whole zone in three messages, each signed with ctl0, ctl1, ctl2. */
static void
three(uint8_t mode, uint8_t c0, uint8_t c1, uint8_t c2)
{
	begin(mode);
	frame(c0, OK, Q, SOA, NS1, NS2, GLUE, END);
	frame(c1, OK, NOQ, WWW, WWW6, MX, END);
	frame(c2, OK, NOQ, TXT, SOA, END);
}

int
main(int argc, char **argv)
{
	static const uint8_t cut[] = { RAW, 0x01, 0x00, 0xd1, 0x5c, 0x84 };
	/* A header and the question, and an answer whose name loops. */
	static const uint8_t loop[] = {
		0xd1, 0x5c, 0x84, 0x00, 0x00, 0x01, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x00,
		7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
		0x00, 0xfc, 0x00, 0x01,
		0xc0, 0x1d, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c,
		0x00, 0x04, 192, 0, 2, 1
	};
	/* A header that promises an answer it does not hold. */
	static const uint8_t promise[] = {
		0xd1, 0x5c, 0x84, 0x00, 0x00, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x00
	};
	static const uint8_t query[] = {
		0xd1, 0x5c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00
	};
	char name[64];
	int i, alg;

	if (argc != 2) {
		fprintf(stderr, "usage: gen-axfr-seeds DIR\n");
		return 2;
	}
	dir = argv[1];

	/* Whole transfers. */
	begin(PLAIN);
	frame(0, OK, Q, SOA, NS1, NS2, GLUE, WWW, WWW6, MX, TXT, SOA, END);
	save("plain");
	three(PLAIN, 0, 0, 0);
	save("plain-three-messages");
	begin(PLAIN);
	frame(0, OK, Q, SOA, SOA, END);
	save("plain-soa-only");
	three(SHA256, SIGN, SIGN, SIGN);
	save("tsig-three-messages");
	for (alg = 0; alg < 4; alg++) {
		begin((uint8_t)KEY(alg));
		frame(SIGN, OK, Q, SOA, NS1, WWW, SOA, END);
		snprintf(name, sizeof(name), "tsig-%s",
		    t_fuzz_tsig_algs[alg].name + 5);
		save(name);
	}
	three(SHA256, SIGN, 0, SIGN);
	save("tsig-unsigned-between");
	three(SHA256, SIGN | EDGE, SIGN, SIGN);
	save("tsig-time-in-fudge");

	/* TSIG that must fail. */
	three(SHA256, 0, SIGN, SIGN);
	save("tsig-first-unsigned");
	three(SHA256, SIGN, SIGN, 0);
	save("tsig-last-unsigned");
	three(SHA256, SIGN, SIGN | WRONG_SECRET, SIGN);
	save("tsig-wrong-secret");
	three(SHA256, SIGN | EARLY, SIGN, SIGN);
	save("tsig-time-early");
	three(SHA256, SIGN, SIGN, SIGN | LATE);
	save("tsig-time-late");
	three(SHA256, SIGN | BADSIG, SIGN, SIGN);
	save("tsig-error-badsig");
	three(SHA256, SIGN, SIGN, SIGN | BADTIME);
	save("tsig-error-badtime");
	three(SHA256, SIGN, SIGN | OTHER_KEY, SIGN);
	save("tsig-other-key");
	begin(SHA256);
	frame(SIGN, OK, Q, SOA, END);
	for (i = 0; i < 100; i++)
		frame(0, OK, NOQ, WWW, END);
	frame(SIGN, OK, NOQ, SOA, END);
	save("tsig-100-unsigned");
	begin(SHA256);
	frame(SIGN, T_FUZZ_ID, LDNS_RCODE_NOTAUTH, Q, END);
	save("tsig-notauth");
	begin(SHA256);
	frame(SIGN | BADTIME, T_FUZZ_ID, LDNS_RCODE_NOTAUTH, Q, END);
	save("tsig-notauth-badtime");
	/* A request without a key, refused with a TSIG error. */
	begin(PLAIN);
	frame(SIGN | BADSIG, T_FUZZ_ID, LDNS_RCODE_NOTAUTH, Q, END);
	save("notauth-badsig");
	begin(PLAIN);
	frame(SIGN, OK, Q, SOA, WWW, SOA, END);
	save("plain-signed-anyway");

	/* Refusals. */
	begin(PLAIN);
	frame(0, T_FUZZ_ID, LDNS_RCODE_REFUSED, Q, END);
	save("refused");
	begin(PLAIN);
	frame(0, T_FUZZ_ID, LDNS_RCODE_NOTAUTH, Q, END);
	save("notauth");
	begin(PLAIN);
	frame(0, T_FUZZ_ID, LDNS_RCODE_NOTIMPL, Q, END);
	save("notimp");
	begin(PLAIN);
	frame(0, T_FUZZ_ID, LDNS_RCODE_SERVFAIL, Q, END);
	save("servfail");

	/* Hostile or broken. */
	begin(PLAIN);
	frame(KEEP_ID, T_FUZZ_ID + 1, LDNS_RCODE_NOERROR, Q, SOA, SOA, END);
	save("wrong-id");
	begin(PLAIN);
	frame_wire(0, query, sizeof(query));
	save("not-a-reply");
	begin(PLAIN);
	frame(0, OK, "example.org.", LDNS_RR_TYPE_AXFR, SOA, SOA, END);
	save("other-question");
	begin(PLAIN);
	frame(0, OK, "example.com.", LDNS_RR_TYPE_IXFR, SOA, SOA, END);
	save("other-question-type");
	begin(PLAIN);
	frame(0, OK, Q, SOA, "www.example.org. 300 IN A 203.0.113.66", SOA,
	    END);
	save("other-zone");
	begin(PLAIN);
	frame(0, OK, Q, SOA, "version.example.com. 0 CH TXT \"x\"", SOA,
	    END);
	save("other-class");
	begin(PLAIN);
	frame(0, OK, Q, WWW, SOA, END);
	save("no-soa-first");
	begin(PLAIN);
	frame(0, OK, Q, "example.org. 3600 IN SOA ns.example.org. "
	    "h.example.org. 1 7200 3600 1209600 300", SOA, END);
	save("other-zone-soa");
	begin(PLAIN);
	frame(0, OK, Q, SOA, WWW, END);
	frame(0, OK, NOQ, SOA2, END);
	save("serial-changed");
	begin(PLAIN);
	frame(0, OK, Q, SOA, SOA, WWW, END);
	save("records-after-end");
	begin(PLAIN);
	frame(0, OK, Q, SOA, WWW, END);
	save("closed-before-end");
	begin(PLAIN);
	frame(0, OK, Q, SOA, WWW, END);
	add(cut, sizeof(cut));
	save("closed-inside-message");
	begin(PLAIN);
	frame_wire(0, promise, 5);
	save("too-short");
	begin(PLAIN);
	frame_wire(0, promise, sizeof(promise));
	save("malformed");
	begin(PLAIN);
	frame_wire(0, loop, sizeof(loop));
	save("compression-loop");
	return 0;
}
