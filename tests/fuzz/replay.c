/*
 * replay.c - print the line the harness writes for each input, the line
 * a regression's .expect file holds (tests/test_fuzz.c):
 *
 *	make build/fuzz-replay
 *	build/fuzz-replay TARGET FILE...
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

int
main(int argc, char **argv)
{
	t_fuzz_fn *fn;
	unsigned char *buf;
	size_t size;
	long n;
	FILE *f;
	int i;

	if (argc < 3 || (fn = t_fuzz_find(argv[1])) == NULL) {
		fprintf(stderr, "usage: fuzz-replay plan|config|zone|diff|octodns|"
		    "reply|axfr|tsigkey FILE...\n");
		return 2;
	}
	for (i = 2; i < argc; i++) {
		char out[4096];

		if ((f = fopen(argv[i], "rb")) == NULL ||
		    fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
		    fseek(f, 0, SEEK_SET) != 0 ||
		    (buf = malloc((size_t)n + 1)) == NULL ||
		    fread(buf, 1, (size_t)n, f) != (size_t)n) {
			perror(argv[i]);
			return 1;
		}
		fclose(f);
		size = (size_t)n;
		fn(buf, size, out, sizeof(out));
		free(buf);
		if (argc > 3)
			printf("%s: ", argv[i]);
		printf("%s\n", out);
	}
	return 0;
}
