/*
 * bench_dnsq.c - measure one batch: N questions to every server given.
 *
 *   cc -std=c11 -D_GNU_SOURCE -O2 -Ilib -o /tmp/bench_dnsq \
 *       tests/live/bench_dnsq.c lib/dnsq.c lib/error.c \
 *       $(pkg-config --cflags --libs ldns)
 *   /tmp/bench_dnsq [-n QUESTIONS] [-t TIMEOUT_MS] [-r RUNS] SERVER...
 *
 * A SERVER is ADDR[@PORT], or "silent" for a socket on 127.0.0.1 that is
 * never read (a server that does not answer).  Questions: the RRsets of
 * the example.com zone of tests/live/zones, then names that do not exist.
 * Prints, per run, the wall time, queries sent, replies and outcomes.
 * Measures; asserts nothing.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dnsq.h"

static const struct {
	const char	*name;
	ldns_rr_type	 type;
} known[] = {
	{ "example.com.", LDNS_RR_TYPE_SOA },
	{ "example.com.", LDNS_RR_TYPE_NS },
	{ "example.com.", LDNS_RR_TYPE_MX },
	{ "example.com.", LDNS_RR_TYPE_A },
	{ "www.example.com.", LDNS_RR_TYPE_A },
	{ "www.example.com.", LDNS_RR_TYPE_AAAA },
	{ "api.example.com.", LDNS_RR_TYPE_A },
	{ "mail.example.com.", LDNS_RR_TYPE_A },
	{ "alias.example.com.", LDNS_RR_TYPE_CNAME },
	{ "big.example.com.", LDNS_RR_TYPE_TXT },
};

int
main(int argc, char **argv)
{
	struct dl_dnsq_server srv[64];
	struct dl_dnsq_options o;
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	struct dl_error err;
	int c, n = 50, runs = 3, silent = -1, i, r;
	size_t ns = 0, s, q;
	char buf[64];

	dl_dnsq_options_init(&o);
	while ((c = getopt(argc, argv, "n:t:r:")) != -1) {
		switch (c) {
		case 'n': n = atoi(optarg); break;
		case 't': o.timeout_ms = (unsigned)atoi(optarg); break;
		case 'r': runs = atoi(optarg); break;
		default: return 2;
		}
	}
	for (i = optind; i < argc && ns < 64; i++) {
		if (strcmp(argv[i], "silent") == 0) {
			if (silent < 0) {
				silent = socket(AF_INET, SOCK_DGRAM, 0);
				memset(&sin, 0, sizeof(sin));
				sin.sin_family = AF_INET;
				sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
				bind(silent, (struct sockaddr *)&sin,
				    sizeof(sin));
				getsockname(silent, (struct sockaddr *)&sin,
				    &sl);
			}
			snprintf(buf, sizeof(buf), "127.0.0.1@%u",
			    ntohs(sin.sin_port));
		} else
			snprintf(buf, sizeof(buf), "%s", argv[i]);
		if (dl_dnsq_server_parse(buf, &srv[ns++], &err) != 0) {
			fprintf(stderr, "%s\n", err.message);
			return 2;
		}
	}
	for (r = 0; r < runs; r++) {
		struct dl_dnsq_batch *b = dl_dnsq_batch_new(srv, ns, &o);
		const struct dl_dnsq_stats *st;
		unsigned count[DL_DNSQ_MALFORMED + 1] = { 0 };

		for (i = 0; i < n; i++) {
			ldns_rdf *name;

			if ((size_t)i < sizeof(known) / sizeof(known[0])) {
				name = ldns_dname_new_frm_str(known[i].name);
				dl_dnsq_batch_add(b, name, known[i].type);
			} else {
				snprintf(buf, sizeof(buf),
				    "n%d.example.com.", i);
				name = ldns_dname_new_frm_str(buf);
				dl_dnsq_batch_add(b, name, LDNS_RR_TYPE_A);
			}
			ldns_rdf_deep_free(name);
		}
		if (dl_dnsq_batch_run(b, &err) != 0) {
			fprintf(stderr, "%s\n", err.message);
			return 1;
		}
		st = dl_dnsq_batch_stats(b);
		for (s = 0; s < ns; s++)
			for (q = 0; q < (size_t)n; q++)
				count[dl_dnsq_batch_result(b, s, q)->outcome]++;
		printf("run %d: %d questions x %zu servers: wall %.1f ms, "
		    "udp %u, tcp %u, replies %u, ignored %u, timeouts %u, "
		    "unreachable %u |", r + 1, n, ns, st->wall * 1000,
		    st->udp_sent, st->tcp_sent, st->replies, st->ignored,
		    st->timeouts, st->unreachable);
		for (c = 0; c <= DL_DNSQ_MALFORMED; c++)
			if (count[c] > 0)
				printf(" %s %u", dl_dnsq_outcome_name(c),
				    count[c]);
		printf("\n");
		dl_dnsq_batch_free(b);
	}
	if (silent >= 0)
		close(silent);
	return 0;
}
