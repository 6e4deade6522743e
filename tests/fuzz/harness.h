/*
 * harness.h - what each fuzz target does with one input, shared by the
 * libFuzzer targets (tests/fuzz/fuzz_*.c, built by make fuzz) and by
 * tests/test_fuzz.c, which replays the seeds and the inputs that once
 * crashed through the normal build (make test, make test SANITIZE=1).
 *
 * Each function takes one input (data, size bytes, any content), runs it
 * through the library as the command line would, frees everything, and
 * writes one line saying how it ended into out (size n): "ok ..." with a
 * few numbers, or "error RC: file:line:column: message".  The line is
 * what a regression's .expect file holds.  None of them prints, and none
 * keeps state between calls but the scratch folder below.
 *
 * Inputs:
 *   plan    a plan (YAML); when it loads and its zone is example.com., it
 *           is checked against a small fixed zone and every report format
 *           is written (to /dev/null).
 *   config  a configuration (YAML).
 *   zone    a zone file for example.com., loaded whole and filtered
 *           (owners www.example.com.; mentions 192.0.2.1,
 *           ns1.example.com., 2001:db8::1).  It is written to
 *           SCRATCH/zone.zone; SCRATCH/inc.zone and SCRATCH/sub/sub.zone
 *           exist for $INCLUDE.
 *   diff    two zone files for example.com. separated by a line "%%":
 *           the live zone, then the desired one; diffed, checked, and
 *           every report format written.
 *   octodns an octoDNS zone file, example.com.yaml: checked as the desired
 *           zone against a small fixed zone, and as the live zone of that
 *           plan, every report format written.
 *   reply   a DNS reply to a query the first 4 bytes choose: byte 0 bit
 *           0 sets RD (recursive mode), bit 1 adds EDNS; bytes 1-2 the
 *           type (big-endian); byte 3 the name (T_FUZZ_NAMES, modulo).
 *           The query's id is T_FUZZ_ID; the rest is the reply's wire
 *           form, as dl_dnsq_check_reply() takes it.
 *   axfr    what a server sends for a zone transfer of example.com.
 *           (server 192.0.2.1, request id T_FUZZ_ID), as
 *           dl_dnsq_axfr_check() takes it, now T_FUZZ_NOW.  Byte 0: bit 0
 *           the request was signed with a TSIG key (dnslint-fuzz., a
 *           fixed secret), bits 1-2 its algorithm (t_fuzz_tsig_algs).
 *           Then frames: a control byte, a 2-byte length (big-endian)
 *           and that many bytes of a DNS message (fewer at the end),
 *           sent after its length with the id set to T_FUZZ_ID (control
 *           bit 6: as it is).  Control bit 0 has the server sign the
 *           message with the key (also when the request was not signed)
 *           as RFC 8945 says (the first message with all TSIG variables,
 *           later ones with the timers), bit 1 with another secret, bits
 *           2-3 at now, 301 s before, 301 s after or 300 s after, bit 4
 *           with the error BADTIME (and bit 1: BADSIG), bit 5 with another
 *           key name.  Control bit 7: the rest of the input follows as it
 *           is.
 *   terraform a Terraform plan (terraform show -json), --zone
 *           example.com.; each plan it holds is checked against its own
 *           before values and every report format is written.
 *   tsigkey a TSIG key file (dl_dnsq_tsig_parse()); a key that loads
 *           checks a one-message transfer signed with its name and
 *           algorithm and the fixed secret.
 */
#ifndef DL_TEST_FUZZ_HARNESS_H
#define DL_TEST_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#define T_FUZZ_ID	0xd15c
#define T_FUZZ_NOW	((int64_t)1795348800)	/* 2026-11-22T12:00:00Z */

/* The TSIG algorithms of the axfr target, by index. */
struct t_fuzz_tsig_alg {
	const char	*name;		/* in key files: "hmac-sha256" */
	const char	*ldns_name;	/* in TSIG records: "hmac-sha256." */
};
extern const struct t_fuzz_tsig_alg t_fuzz_tsig_algs[4];

/* Query names the reply target chooses from. */
extern const char *const t_fuzz_names[];
extern const size_t t_fuzz_n_names;

/*
 * Make the scratch folder (once per process, removed at exit).  Returns
 * its path; exits the process when it cannot be made.
 */
const char *t_fuzz_scratch(void);

void	t_fuzz_plan(const uint8_t *data, size_t size, char *out, size_t n);
void	t_fuzz_terraform(const uint8_t *data, size_t size, char *out,
	    size_t n);
void	t_fuzz_config(const uint8_t *data, size_t size, char *out, size_t n);
void	t_fuzz_zone(const uint8_t *data, size_t size, char *out, size_t n);
void	t_fuzz_diff(const uint8_t *data, size_t size, char *out, size_t n);
void	t_fuzz_octodns(const uint8_t *data, size_t size, char *out,
	    size_t n);
void	t_fuzz_reply(const uint8_t *data, size_t size, char *out, size_t n);
void	t_fuzz_axfr(const uint8_t *data, size_t size, char *out, size_t n);
void	t_fuzz_tsigkey(const uint8_t *data, size_t size, char *out,
	    size_t n);

/* The function for a target name ("plan", ...), or NULL. */
typedef void	t_fuzz_fn(const uint8_t *, size_t, char *, size_t);
t_fuzz_fn	*t_fuzz_find(const char *target);

#endif
