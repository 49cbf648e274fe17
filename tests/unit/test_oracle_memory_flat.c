/*
 * Memory stays flat over an unbounded stream whose pending set is bounded:
 * 10 million events (accesses, mprotect flips, munmap + fresh mmap, memfd
 * maps) on 64 pages; the heap held after the first million is the bound
 * for the rest. The stream is a correct execution, so also: no verdict.
 */
#include <stdlib.h>
#include "rng.h"
#include "tap.h"
#include "trace_build.h"

#define NP 64

int main(int argc, char **argv)
{
	uint64_t nev = argc > 1 ? strtoull(argv[1], NULL, 0) : 10000000ull;
	uint64_t vals[NP][SF_WORDS_PER_PAGE] = { { 0 } }, memfd[NP][SF_WORDS_PER_PAGE] = { { 0 } };
	uint8_t prot[NP], memfd_mapped[NP] = { 0 };
	uint64_t next = 1, T = 1000;
	size_t peak_1m = 0;
	uint64_t rejected = 0;
	struct sf_rng r;
	struct trace t;

	sf_rng_seed(&r, 42);
	tr_init(&t, NP, SF_SEM_MIRROR);
	for (unsigned p = 0; p < NP; p++)
		prot[p] = SF_PROT_R | SF_PROT_W;
	for (uint64_t i = 0; i < nev; i++) {
		uint32_t p = sf_rng_below(&r, NP), w = sf_rng_below(&r, SF_WORDS_PER_PAGE);
		uint32_t k = sf_rng_below(&r, 100);
		uint64_t *cell = memfd_mapped[p] ? &memfd[p][w] : &vals[p][w];
		struct sf_event ev;

		T += 10;
		if (k < 2) {
			prot[p] = prot[p] == SF_PROT_R ? SF_PROT_R | SF_PROT_W : SF_PROT_R;
			ev = tr_mprotect(p, 1, prot[p], T, T + 5);
		} else if (k < 3) {
			/* remap: fresh anonymous or the memfd page (content kept) */
			memfd_mapped[p] = sf_rng_below(&r, 2);
			prot[p] = SF_PROT_R | SF_PROT_W;
			if (memfd_mapped[p]) {
				ev = tr_mut(SF_OP_MMAP, p, 1, T, T + 5,
					    tr_eff(SF_BK_MEMFD_SHARED, prot[p], SF_OBJ_SET, 5000 + p));
			} else {
				ev = tr_mmap(p, 1, prot[p], T, T + 5);
				for (unsigned j = 0; j < SF_WORDS_PER_PAGE; j++)
					vals[p][j] = 0;
			}
		} else {
			bool write = k & 1, ok = write ? prot[p] & SF_PROT_W : 1;
			enum sf_op op = k < 60 ? (write ? SF_OP_DEV_WRITE : SF_OP_DEV_READ)
					       : (write ? SF_OP_CPU_WRITE : SF_OP_CPU_READ);
			uint64_t v = 0;

			if (ok && write)
				v = *cell = next++;
			else if (ok)
				v = *cell;
			/* an access in flight while later ones start: bounded overlap */
			ev = tr_access(op, p, w, T, T + sf_rng_below(&r, 40), ok ? SF_OK : SF_FAULT, v);
			/* a later mutation of p must not start before it ends */
			T += ev.t1 - ev.t0;
		}
		rejected += sf_oracle_feed(t.o, &ev) != 0;
		if (i == 1000000)
			peak_1m = tr_stats(&t)->mem_peak;
	}
	sf_oracle_finish(t.o);
	printf("# %llu events: mem_peak %zu after 1M, %zu at end, mem_bytes %zu, widened %llu\n",
	       (unsigned long long)nev, peak_1m, tr_stats(&t)->mem_peak,
	       tr_stats(&t)->mem_bytes, (unsigned long long)tr_stats(&t)->widened);
	CHECK_EQ(rejected, 0);
	CHECK_EQ(tr_total(&t), 0);
	CHECK(tr_stats(&t)->value_checked > nev / 10);
	CHECK(peak_1m > 0);
	/* flat: the rest of the stream adds at most a little slack */
	CHECK(tr_stats(&t)->mem_peak <= peak_1m + peak_1m / 4);
	CHECK(tr_stats(&t)->mem_peak < 4u << 20);
	tr_free(&t);
	return tap_done();
}
