/*
 * How fast the fuzz_sim pipeline (decode -> sim run -> collector -> oracle)
 * goes without libFuzzer and sanitizers: the ceiling of the target's
 * executions per second on this machine. Feeds seeded random inputs of
 * 32..288 bytes (about 10..32 ops) to the target's own entry point, half of
 * them without a knob (where any verdict aborts, as in the fuzzer).
 *   bench_fuzz_sim [SECONDS]
 * Prints figures, never fails on speed.
 */
#include <stdio.h>
#include <stdlib.h>
#include "clock.h"
#include "rng.h"
#include "../fuzz/fuzz_sim.c"

/* scheduler steps of every device the target opened */
static uint64_t sim_steps(void)
{
	uint64_t n = 0;

	for (unsigned k = 0; k <= MAX_KNOBS; k++)
		for (unsigned v = 0; v < 2; v++)
			if (sim.dev[k][v]) {
				struct sf_be_stats st;

				sim.be->stats(sim.dev[k][v], &st);
				n += st.steps;
			}
	return n;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 3.0;
	uint64_t start = sf_now_ns(), end = start + (uint64_t)(secs * 1e9), runs = 0, bytes = 0;
	uint8_t buf[288];
	struct sf_rng r;

	sf_rng_seed(&r, 1);
	while (sf_now_ns() < end) {
		for (int k = 0; k < 64; k++) {
			size_t len = 32 + sf_rng_below(&r, sizeof(buf) - 32);

			for (size_t i = 0; i < len; i++)
				buf[i] = (uint8_t)sf_rng_next(&r);
			LLVMFuzzerTestOneInput(buf, len);
			runs++;
			bytes += len;
		}
	}
	secs = (double)(sf_now_ns() - start) / 1e9;
	printf("fuzz_sim pipeline: %llu runs in %.2f s = %.0f runs/s (mean input %.0f bytes)\n",
	       (unsigned long long)runs, secs, (double)runs / secs, (double)bytes / (double)runs);
	printf("  per run: %.1f sim scheduler steps\n", (double)sim_steps() / (double)runs);
	return 0;
}
