# gentfplan.awk: a Terraform plan (`terraform show -json` shape, one
# line) that updates n aws_route53_record resources of the zone origin
# (without the final dot), each moving hostN to a new address at TTL 300,
# for make bench.
#
#   awk -v n=10000 -v origin=bench.example -f tools/gentfplan.awk
BEGIN {
	zid = "Z0BENCH00000000000000"
	printf "{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.8\","
	printf "\"resource_changes\":["
	for (i = 0; i < n; i++) {
		old = sprintf("10.%d.%d.%d", int(i / 65536) % 256,
		    int(i / 256) % 256, i % 256)
		new = sprintf("198.51.%d.%d", int(i / 256) % 256, i % 256)
		rec = "{\"alias\":[],\"fqdn\":\"host" i "." origin "\","
		rec = rec "\"health_check_id\":\"\",\"id\":\"" zid "_host" i "." origin "_A\","
		rec = rec "\"name\":\"host" i "\",\"records\":[\"%s\"],"
		rec = rec "\"set_identifier\":\"\",\"ttl\":300,\"type\":\"A\","
		rec = rec "\"weighted_routing_policy\":[],\"zone_id\":\"" zid "\"}"
		printf "%s{\"address\":\"aws_route53_record.host[%d]\",", \
		    i ? "," : "", i
		printf "\"mode\":\"managed\",\"type\":\"aws_route53_record\","
		printf "\"name\":\"host\",\"index\":%d,", i
		printf "\"provider_name\":\"registry.terraform.io/hashicorp/aws\","
		printf "\"change\":{\"actions\":[\"update\"],\"before\":"
		printf rec, old
		printf ",\"after\":"
		printf rec, new
		printf ",\"after_unknown\":{\"alias\":[],\"records\":[false],"
		printf "\"weighted_routing_policy\":[]},\"before_sensitive\":{},"
		printf "\"after_sensitive\":{}}}"
	}
	printf "],\"prior_state\":{\"format_version\":\"1.0\","
	printf "\"terraform_version\":\"1.9.8\",\"values\":{\"root_module\":"
	printf "{\"resources\":[{\"address\":\"data.aws_route53_zone.bench\","
	printf "\"mode\":\"data\",\"type\":\"aws_route53_zone\",\"name\":\"bench\","
	printf "\"provider_name\":\"registry.terraform.io/hashicorp/aws\","
	printf "\"schema_version\":0,\"values\":{\"id\":\"%s\",", zid
	printf "\"name\":\"%s\",\"zone_id\":\"%s\"},", origin, zid
	printf "\"sensitive_values\":{}}]}}},"
	printf "\"timestamp\":\"2026-11-22T11:58:03Z\",\"applyable\":true,"
	printf "\"complete\":true,\"errored\":false}\n"
}
