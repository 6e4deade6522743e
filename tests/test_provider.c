/*
 * test_provider.c - unit tests for lib/provider.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "provider.h"

struct expect {
	const char	*name;
	const char	*provider;
};

static void
check_identify(const struct dl_config *cfg, const char *name,
    enum dl_provider_source want_src, const char *want)
{
	char out[128];
	enum dl_provider_source src;

	memset(out, 'X', sizeof(out));
	src = dl_provider_identify(cfg, name, out, sizeof(out));
	if (src != want_src || strcmp(out, want) != 0)
		fail_msg("'%s': got %d '%s', want %d '%s'", name, (int)src,
		    out, (int)want_src, want);
}

/* A realistic nameserver name for every provider in the table. */
static void
test_dl_provider_identify_builtin_table(void **state)
{
	static const struct expect cases[] = {
		{ "ns-1.awsdns-01.org.", "Amazon Route 53" },
		{ "ns-2048.awsdns-64.co.uk.", "Amazon Route 53" },
		{ "ns-512.awsdns-00.net.", "Amazon Route 53" },
		{ "ns-0.awsdns-00.com.", "Amazon Route 53" },
		{ "ns1-01.azure-dns.com.", "Azure DNS" },
		{ "ns2-01.azure-dns.net.", "Azure DNS" },
		{ "ns3-01.azure-dns.org.", "Azure DNS" },
		{ "ns4-01.azure-dns.info.", "Azure DNS" },
		{ "anna.ns.cloudflare.com.", "Cloudflare" },
		{ "bob.ns.cloudflare.com.", "Cloudflare" },
		{ "ns1.secondary.cloudflare.com.", "Cloudflare" },
		{ "kiki.foundationdns.com.", "Cloudflare" },
		{ "kiki.foundationdns.net.", "Cloudflare" },
		{ "kiki.foundationdns.org.", "Cloudflare" },
		{ "ns-cloud-a1.googledomains.com.", "Google Cloud DNS" },
		{ "ns-cloud-e4.googledomains.com.", "Google Cloud DNS" },
		{ "dns1.p01.nsone.net.", "NS1" },
		{ "dns4.p08.nsone.net.", "NS1" },
		{ "pdns1.ultradns.net.", "UltraDNS" },
		{ "pdns196.ultradns.com.", "UltraDNS" },
		{ "pdns196.ultradns.org.", "UltraDNS" },
		{ "pdns196.ultradns.biz.", "UltraDNS" },
		{ "pdns196.ultradns.info.", "UltraDNS" },
		{ "pdns196.ultradns.co.uk.", "UltraDNS" },
		{ "ns1.p01.dynect.net.", "Dyn" },
		{ "ns4.p43.dynect.net.", "Dyn" },
		{ "ns1.p68.dns.oraclecloud.net.", "Oracle Cloud DNS" },
		{ "a1-64.akam.net.", "Akamai Edge DNS" },
		{ "a22-65.akam.net.", "Akamai Edge DNS" },
		{ "ns1.dnsimple.com.", "DNSimple" },
		{ "ns1.dnsimple-edge.com.", "DNSimple" },
		{ "ns2.dnsimple-edge.net.", "DNSimple" },
		{ "ns3.dnsimple-edge.io.", "DNSimple" },
		{ "ns4.dnsimple-edge.org.", "DNSimple" },
		{ "ns01.domaincontrol.com.", "GoDaddy" },
		{ "pdns12.domaincontrol.com.", "GoDaddy" },
		{ "ns1.digitalocean.com.", "DigitalOcean" },
		{ "ns5.he.net.", "Hurricane Electric" },
		{ "ns-123-a.gandi.net.", "Gandi" },
		{ "dns10.ovh.net.", "OVHcloud" },
		{ "ns10.ovh.net.", "OVHcloud" },
		{ "hydrogen.ns.hetzner.com.", "Hetzner" },
		{ "helium.ns.hetzner.de.", "Hetzner" },
		{ "ns1.first-ns.de.", "Hetzner" },
		{ "robotns2.second-ns.de.", "Hetzner" },
		{ "robotns3.second-ns.com.", "Hetzner" },
		{ "ns1.linode.com.", "Linode" },
		{ "dns1.registrar-servers.com.", "Namecheap" },
		{ "ns1.desec.io.", "deSEC" },
		{ "ns2.desec.org.", "deSEC" },
		{ "dns1.stabletransit.com.", "Rackspace" },
		{ "ns1.vercel-dns.com.", "Vercel" },
		{ "ns1.alidns.com.", "Alibaba Cloud DNS" },
		{ "dns9.hichina.com.", "Alibaba Cloud DNS" },
		{ "f1g1ns1.dnspod.net.", "DNSPod" },
		{ "ns11.constellix.com.", "Constellix" },
		{ "ns41.constellix.net.", "Constellix" },
		{ "ns0.dnsmadeeasy.com.", "DNS Made Easy" },
		{ "dns1.easydns.com.", "easyDNS" },
		{ "dns2.easydns.net.", "easyDNS" },
		{ "dns3.easydns.org.", "easyDNS" },
		{ "dns4.easydns.info.", "easyDNS" },
		{ "pns41.cloudns.net.", "ClouDNS" },
		{ "curitiba.ns.porkbun.com.", "Porkbun" },
		{ "ns1.name.com.", "Name.com" },
		{ "kiki.bunny.net.", "Bunny DNS" },
		{ "ns1045.ui-dns.com.", "IONOS" },
		{ "ns1080.ui-dns.de.", "IONOS" },
		{ "ns1012.ui-dns.org.", "IONOS" },
		{ "ns1048.ui-dns.biz.", "IONOS" },
		{ "ns53.worldnic.com.", "Network Solutions" },
		{ "ns0.wixdns.net.", "Wix" },
		{ "ns1.dnsowl.com.", "NameSilo" },
		{ "ns1.dns-parking.com.", "Hostinger" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_identify(NULL, cases[i].name, DL_PROVIDER_BUILTIN,
		    cases[i].provider);
}

/*
 * Every name of a provider's documented default nameserver set is that
 * one provider: counting them as several would pass ns-multi-provider
 * for a zone that lives at one provider.
 */
static void
check_one_provider(const char *const *set, size_t n, const char *want)
{
	size_t i;

	for (i = 0; i < n; i++)
		check_identify(NULL, set[i], DL_PROVIDER_BUILTIN, want);
}

#define ONE_PROVIDER(set, want) \
	check_one_provider((set), sizeof(set) / sizeof((set)[0]), (want))

/* Hetzner: konsoleH, Robot and DNS Console sets. */
static void
test_dl_provider_identify_hetzner_set(void **state)
{
	static const char *const set[] = {
		"ns1.your-server.de.", "ns.second-ns.com.",
		"ns3.second-ns.de.",
		"ns1.first-ns.de.", "robotns2.second-ns.de.",
		"robotns3.second-ns.com.",
		"hydrogen.ns.hetzner.com.", "oxygen.ns.hetzner.com.",
		"helium.ns.hetzner.de.",
	};

	(void)state;
	ONE_PROVIDER(set, "Hetzner");
}

static void
test_dl_provider_identify_gcore_set(void **state)
{
	static const char *const set[] = {
		"ns1.gcorelabs.net.", "ns2.gcdn.services.",
	};

	(void)state;
	ONE_PROVIDER(set, "Gcore");
}

static void
test_dl_provider_identify_huawei_set(void **state)
{
	static const char *const set[] = {
		"ns1.huaweicloud-dns.com.", "ns1.huaweicloud-dns.cn.",
		"ns1.huaweicloud-dns.net.", "ns1.huaweicloud-dns.org.",
	};

	(void)state;
	ONE_PROVIDER(set, "Huawei Cloud DNS");
}

/* Route 53 in the China regions: awsdns-cn-NN over its own TLDs. */
static void
test_dl_provider_identify_route53_china_set(void **state)
{
	static const char *const set[] = {
		"ns-1046.awsdns-cn-09.com.", "ns-393.awsdns-cn-52.net.",
		"ns-1850.awsdns-cn-20.biz.", "ns-2014.awsdns-cn-38.top.",
		"ns-92.awsdns-cn-0a.cn.", "ns-1.awsdns-cn-60.com.",
	};

	(void)state;
	ONE_PROVIDER(set, "Amazon Route 53");
}

/* Cloud DNS name sets a to e, and Google Domains' own names. */
static void
test_dl_provider_identify_google_set(void **state)
{
	static const char *const set[] = {
		"ns-cloud-a1.googledomains.com.",
		"ns-cloud-a2.googledomains.com.",
		"ns-cloud-a3.googledomains.com.",
		"ns-cloud-a4.googledomains.com.",
		"ns-cloud-b1.googledomains.com.",
		"ns-cloud-c2.googledomains.com.",
		"ns-cloud-d3.googledomains.com.",
		"ns-cloud-e4.googledomains.com.",
		"ns1.googledomains.com.", "ns2.googledomains.com.",
		"ns3.googledomains.com.", "ns4.googledomains.com.",
	};

	(void)state;
	ONE_PROVIDER(set, "Google Cloud DNS");
}

/* Akamai Edge DNS: the six names of a delegation, and Akamai's others. */
static void
test_dl_provider_identify_akamai_set(void **state)
{
	static const char *const set[] = {
		"a1-64.akam.net.", "a3-66.akam.net.", "a7-67.akam.net.",
		"a11-65.akam.net.", "a16-64.akam.net.", "a28-64.akam.net.",
		"use2.akam.net.", "usw2.akam.net.", "asia3.akam.net.",
		"eur5.akam.net.", "ns1-1.akamaitech.net.",
		"ns1-161.akam.net.", "a1-1.akamaiedge.net.",
		"n0dscb.akamai.net.",
	};

	(void)state;
	ONE_PROVIDER(set, "Akamai Edge DNS");
}

/* Near misses of the new patterns: somebody else's names. */
static void
test_dl_provider_identify_new_lookalikes(void **state)
{
	static const struct expect cases[] = {
		{ "ns1.your-server.de.example.com.", "example.com" },
		{ "ns1.notgcorelabs.net.", "notgcorelabs.net" },
		{ "ns1.huaweicloud-dns.example.", "huaweicloud-dns.example" },
		{ "ns-1.awsdns-cn-09.example.com.", "example.com" },
		{ "ns-1.awsdns-cn-x.y.cn.", "y.cn" },
		{ "a1-64.akam.net.example.com.", "example.com" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_identify(NULL, cases[i].name, DL_PROVIDER_DOMAIN,
		    cases[i].provider);
}

static void
test_dl_provider_identify_case_insensitive(void **state)
{
	(void)state;
	check_identify(NULL, "NS-1.AWSDNS-01.ORG.", DL_PROVIDER_BUILTIN,
	    "Amazon Route 53");
	check_identify(NULL, "Anna.NS.Cloudflare.COM", DL_PROVIDER_BUILTIN,
	    "Cloudflare");
	check_identify(NULL, "NS1.Example-DNS.NET.", DL_PROVIDER_DOMAIN,
	    "example-dns.net");
}

static void
test_dl_provider_identify_trailing_dot(void **state)
{
	(void)state;
	check_identify(NULL, "ns-1.awsdns-01.org", DL_PROVIDER_BUILTIN,
	    "Amazon Route 53");
	check_identify(NULL, "ns1.example-dns.net", DL_PROVIDER_DOMAIN,
	    "example-dns.net");
	check_identify(NULL, "ns1.example-dns.net.", DL_PROVIDER_DOMAIN,
	    "example-dns.net");
	/* One trailing dot is optional; a second is not a name we know. */
	check_identify(NULL, "anna.ns.cloudflare.com..", DL_PROVIDER_DOMAIN,
	    "cloudflare.com.");
}

/* Names that resemble a provider's but are somebody else's. */
static void
test_dl_provider_identify_lookalikes(void **state)
{
	static const struct expect cases[] = {
		{ "ns1.cloudflare-lookalike.example.",
		    "cloudflare-lookalike.example" },
		{ "anna.ns.cloudflare.com.evil.net.", "evil.net" },
		{ "fakens.cloudflare.com.", "cloudflare.com" },
		{ "ns-1.awsdns-01.example.com.", "example.com" },
		{ "ns-1.awsdns-01.com.example.org.", "example.org" },
		{ "ns-1.awsdns-xx.com.", "awsdns-xx.com" },
		{ "ns-x.awsdns-01.com.", "awsdns-01.com" },
		{ "ns1-01.azure-dns.com.example.net.", "example.net" },
		{ "ns1.notdynect.net.", "notdynect.net" },
		{ "dynect.net.", "dynect.net" },
		{ "ns1.evilgandi.net.", "evilgandi.net" },
		{ "a1-64.akam.net.example.com.", "example.com" },
		{ "dns1.p01.nsone.net.example.com.", "example.com" },
		{ "ns1.he.net.example.org.", "example.org" },
		{ "ns1.dnsimple-edge.example.", "dnsimple-edge.example" },
		/*
		 * cloudns.org is in the list's private section: counted by
		 * the ICANN section only, so customers' names under it stay
		 * one provider rather than one each.
		 */
		{ "ns1.cloudns.org.", "cloudns.org" },
		{ "ns1.foo.cloudns.org.", "cloudns.org" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_identify(NULL, cases[i].name, DL_PROVIDER_DOMAIN,
		    cases[i].provider);
}

static void
test_dl_provider_identify_psl_domain(void **state)
{
	(void)state;
	check_identify(NULL, "ns1.example-dns.net.", DL_PROVIDER_DOMAIN,
	    "example-dns.net");
	check_identify(NULL, "ns1.foo.co.uk.", DL_PROVIDER_DOMAIN,
	    "foo.co.uk");
	check_identify(NULL, "a.b.c.foo.co.uk.", DL_PROVIDER_DOMAIN,
	    "foo.co.uk");
	check_identify(NULL, "foo.co.uk.", DL_PROVIDER_DOMAIN, "foo.co.uk");
	check_identify(NULL, "ns2.old-dns.net.", DL_PROVIDER_DOMAIN,
	    "old-dns.net");
	check_identify(NULL, "ns.example.com.au.", DL_PROVIDER_DOMAIN,
	    "example.com.au");
}

/* No registrable domain: the name itself, lower case, no trailing dot. */
static void
test_dl_provider_identify_no_domain(void **state)
{
	(void)state;
	check_identify(NULL, "com.", DL_PROVIDER_DOMAIN, "com");
	check_identify(NULL, "CO.UK.", DL_PROVIDER_DOMAIN, "co.uk");
	check_identify(NULL, "localhost", DL_PROVIDER_DOMAIN, "localhost");
	check_identify(NULL, "192.0.2.1", DL_PROVIDER_DOMAIN, "192.0.2.1");
	check_identify(NULL, "192.0.2.1.", DL_PROVIDER_DOMAIN, "192.0.2.1");
	check_identify(NULL, "2001:DB8::53", DL_PROVIDER_DOMAIN,
	    "2001:db8::53");
	check_identify(NULL, ".", DL_PROVIDER_DOMAIN, "");
	check_identify(NULL, "", DL_PROVIDER_DOMAIN, "");
	check_identify(NULL, NULL, DL_PROVIDER_DOMAIN, "");
}

static void
test_dl_provider_identify_config(void **state)
{
	char n_inhouse[] = "Example Corp in-house", n_aws[] = "Not Route 53";
	char n_two[] = "Example Org";
	char p_inhouse[] = "*.ns.example.net.", p_aws[] = "*.awsdns-01.org.";
	char p_a[] = "dns-a.example.org.", p_b[] = "dns-b.example.org.";
	char *m_inhouse[] = { p_inhouse };
	char *m_aws[] = { p_aws };
	char *m_two[] = { p_a, p_b };
	struct dl_provider_def defs[] = {
		{ n_inhouse, m_inhouse, 1 },
		{ n_aws, m_aws, 1 },
		{ n_two, m_two, 2 },
	};
	struct dl_config cfg;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.providers = defs;
	cfg.n_providers = sizeof(defs) / sizeof(defs[0]);

	/* The configuration beats the public suffix list... */
	check_identify(&cfg, "ns1.ns.example.net.", DL_PROVIDER_CONFIG,
	    "Example Corp in-house");
	check_identify(&cfg, "NS2.NS.EXAMPLE.NET", DL_PROVIDER_CONFIG,
	    "Example Corp in-house");
	check_identify(&cfg, "dns-b.example.org", DL_PROVIDER_CONFIG,
	    "Example Org");
	/* ...but not the built-in table. */
	check_identify(&cfg, "ns-1.awsdns-01.org.", DL_PROVIDER_BUILTIN,
	    "Amazon Route 53");
	/* Names the configuration does not match still go to the PSL. */
	check_identify(&cfg, "ns1.example.net.", DL_PROVIDER_DOMAIN,
	    "example.net");
	check_identify(&cfg, "dns-c.example.org.", DL_PROVIDER_DOMAIN,
	    "example.org");

	cfg.n_providers = 0;
	check_identify(&cfg, "ns1.ns.example.net.", DL_PROVIDER_DOMAIN,
	    "example.net");
}

static void
test_dl_provider_identify_output_size(void **state)
{
	char out[8];

	(void)state;
	memset(out, 'X', sizeof(out));
	assert_int_equal(dl_provider_identify(NULL, "ns-1.awsdns-01.org.",
	    out, sizeof(out)), DL_PROVIDER_BUILTIN);
	assert_string_equal(out, "Amazon ");
	assert_int_equal(dl_provider_identify(NULL, "ns1.example-dns.net.",
	    out, sizeof(out)), DL_PROVIDER_DOMAIN);
	assert_string_equal(out, "example");
	memset(out, 'X', sizeof(out));
	assert_int_equal(dl_provider_identify(NULL, "ns1.example-dns.net.",
	    out, 0), DL_PROVIDER_DOMAIN);
	assert_int_equal(out[0], 'X');
	assert_int_equal(dl_provider_identify(NULL, "ns-1.awsdns-01.org.",
	    NULL, 0), DL_PROVIDER_BUILTIN);
}

/* Called once per nameserver per plan: the PSL is loaded only once. */
static void
test_dl_provider_identify_repeated(void **state)
{
	char out[64];
	int i;

	(void)state;
	for (i = 0; i < 2000; i++) {
		assert_int_equal(dl_provider_identify(NULL,
		    "ns1.foo.co.uk.", out, sizeof(out)), DL_PROVIDER_DOMAIN);
		assert_string_equal(out, "foo.co.uk");
	}
}

static void
test_dl_provider_match_glob(void **state)
{
	(void)state;
	assert_int_equal(dl_provider_match("*.ns.example.net.",
	    "a.ns.example.net."), 1);
	/* "*" takes dots too. */
	assert_int_equal(dl_provider_match("*.example.net",
	    "a.b.c.example.net"), 1);
	assert_int_equal(dl_provider_match("*", "ns1.example.net."), 1);
	assert_int_equal(dl_provider_match("ns*.example.net",
	    "ns.example.net"), 1);
	assert_int_equal(dl_provider_match("ns*.p*.nsone.net",
	    "dns1.p01.nsone.net"), 0);
	assert_int_equal(dl_provider_match("dns*.p*.nsone.net",
	    "dns1.p01.nsone.net"), 1);
	assert_int_equal(dl_provider_match("*.example.net", "example.net"),
	    0);
	assert_int_equal(dl_provider_match("*.example.net",
	    "a.example.net.evil.com"), 0);
	assert_int_equal(dl_provider_match("*.example.net",
	    "aexample.net"), 0);
	assert_int_equal(dl_provider_match("ns1.example.net",
	    "ns1.example.net"), 1);
	assert_int_equal(dl_provider_match("ns1.example.net",
	    "ns2.example.net"), 0);
	assert_int_equal(dl_provider_match("ns1.example.net",
	    "ns1.example.ne"), 0);
	assert_int_equal(dl_provider_match("ns1.example.ne",
	    "ns1.example.net"), 0);
	assert_int_equal(dl_provider_match("a*b*c", "abc"), 1);
	assert_int_equal(dl_provider_match("a*b*c", "axxbyyc"), 1);
	assert_int_equal(dl_provider_match("a*b*c", "axxbyycd"), 0);
	assert_int_equal(dl_provider_match("a**c", "ac"), 1);
	assert_int_equal(dl_provider_match("", ""), 1);
	assert_int_equal(dl_provider_match("", "a"), 0);
	assert_int_equal(dl_provider_match("a", ""), 0);
	assert_int_equal(dl_provider_match(NULL, "a"), 0);
	assert_int_equal(dl_provider_match("a", NULL), 0);
}

static void
test_dl_provider_match_hash_is_literal(void **state)
{
	(void)state;
	/* "#" is a digit run only inside the built-in table. */
	assert_int_equal(dl_provider_match("ns#.example.net",
	    "ns1.example.net"), 0);
	assert_int_equal(dl_provider_match("ns#.example.net",
	    "ns#.example.net"), 1);
}

static void
test_dl_provider_match_case_insensitive(void **state)
{
	(void)state;
	assert_int_equal(dl_provider_match("*.NS.example.NET.",
	    "a.ns.EXAMPLE.net"), 1);
	assert_int_equal(dl_provider_match("NS1.EXAMPLE.NET",
	    "ns1.example.net."), 1);
}

static void
test_dl_provider_match_trailing_dot(void **state)
{
	(void)state;
	assert_int_equal(dl_provider_match("*.ns.example.net.",
	    "a.ns.example.net."), 1);
	assert_int_equal(dl_provider_match("*.ns.example.net.",
	    "a.ns.example.net"), 1);
	assert_int_equal(dl_provider_match("*.ns.example.net",
	    "a.ns.example.net."), 1);
	assert_int_equal(dl_provider_match("*.ns.example.net",
	    "a.ns.example.net"), 1);
	assert_int_equal(dl_provider_match("*.ns.example.net.",
	    "a.ns.example.net.."), 0);
	assert_int_equal(dl_provider_match("ns1.example.net.", "."), 0);
}

/* Many stars against a long name that nearly matches: no blow-up. */
static void
test_dl_provider_match_many_stars(void **state)
{
	char name[256];

	(void)state;
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(dl_provider_match("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b",
	    name), 0);
	name[sizeof(name) - 2] = 'b';
	assert_int_equal(dl_provider_match("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b",
	    name), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dl_provider_identify_builtin_table),
		cmocka_unit_test(test_dl_provider_identify_hetzner_set),
		cmocka_unit_test(test_dl_provider_identify_gcore_set),
		cmocka_unit_test(test_dl_provider_identify_huawei_set),
		cmocka_unit_test(test_dl_provider_identify_route53_china_set),
		cmocka_unit_test(test_dl_provider_identify_google_set),
		cmocka_unit_test(test_dl_provider_identify_akamai_set),
		cmocka_unit_test(test_dl_provider_identify_new_lookalikes),
		cmocka_unit_test(test_dl_provider_identify_case_insensitive),
		cmocka_unit_test(test_dl_provider_identify_trailing_dot),
		cmocka_unit_test(test_dl_provider_identify_lookalikes),
		cmocka_unit_test(test_dl_provider_identify_psl_domain),
		cmocka_unit_test(test_dl_provider_identify_no_domain),
		cmocka_unit_test(test_dl_provider_identify_config),
		cmocka_unit_test(test_dl_provider_identify_output_size),
		cmocka_unit_test(test_dl_provider_identify_repeated),
		cmocka_unit_test(test_dl_provider_match_glob),
		cmocka_unit_test(test_dl_provider_match_hash_is_literal),
		cmocka_unit_test(test_dl_provider_match_case_insensitive),
		cmocka_unit_test(test_dl_provider_match_trailing_dot),
		cmocka_unit_test(test_dl_provider_match_many_stars),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
