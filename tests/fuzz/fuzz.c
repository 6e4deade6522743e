/*
 * fuzz.c - one libFuzzer target.  make fuzz builds it once per target,
 * with FUZZ_FN naming the harness function (harness.h): build-fuzz/
 * fuzz_plan runs t_fuzz_plan, and so on.
 */
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

#ifndef FUZZ_FN
#error "build with -DFUZZ_FN=t_fuzz_plan (or another harness function)"
#endif

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	(void)t_fuzz_scratch();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[4096];

	FUZZ_FN(data, size, out, sizeof(out));
	return 0;
}
