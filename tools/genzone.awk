# genzone.awk - a deterministic zone of about n records with a realistic
# mix: A, AAAA, CNAME, MX, TXT, SRV, delegations with glue, varied TTLs,
# $ORIGIN/$TTL and a multi-line SOA.  awk -v n=1000 -v origin=bench.example.
# With -v change=K every K-th A record gets another address and the serial
# is one higher: the desired zone of a diff benchmark.
function ttl(i) { return (i % 7 == 0) ? 86400 : (i % 3 == 0) ? 300 : 3600 }
function ip(i) { return "10." int(i / 65536) % 256 "." int(i / 256) % 256 "." i % 256 }
BEGIN {
	print "$ORIGIN " origin
	print "$TTL 3600"
	print "@\tIN SOA\tns1." origin " hostmaster." origin " ("
	print "\t\t" (change ? 2026112202 : 2026112201) "\t; serial"
	print "\t\t7200 3600 1209600 300 )"
	print "@\t86400\tIN NS\tns1." origin
	print "@\t86400\tIN NS\tns2.bench-dns.net."
	print "ns1\tIN A\t192.0.2.1"
	count = 4
	for (i = 0; count < n; i++) {
		k = i % 10
		if (k <= 3) {
			if (change && i % change == 0)
				print "host" i "\t" ttl(i) "\tIN A\t192.0.2." (i % 250) + 1
			else
				print "host" i "\t" ttl(i) "\tIN A\t" ip(i)
			count++
		} else if (k == 4) {
			print "host" i "\tIN AAAA\t2001:db8::" sprintf("%x", i % 65536); count++
		} else if (k == 5) {
			print "www" i "\t" ttl(i) "\tIN CNAME\thost" (i - 5); count++
		} else if (k == 6) {
			print "mail" i "\tIN MX\t10 host" (i - 6) "." origin; count++
		} else if (k == 7) {
			print "txt" i "\tIN TXT\t\"v=spf1 ip4:" ip(i) " -all\""; count++
		} else if (k == 8) {
			print "_sip._tcp.svc" i "\tIN SRV\t0 5 5060 host" (i - 8); count++
		} else {
			print "sub" i "\t172800\tIN NS\tns.sub" i
			print "ns.sub" i "\t172800\tIN A\t" ip(i); count += 2
		}
	}
}
