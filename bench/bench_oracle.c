/*
 * Oracle throughput on synthetic streams: mostly device and CPU accesses,
 * a few mutations (mprotect flips, fresh remaps), with short intervals
 * ("narrow") and with intervals overlapping each other and the mutations
 * ("overlap"). Prints events/s and accesses judged/s per CPU second (and
 * events per wall second); never fails on speed.
 *   bench_oracle [events]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "oracle.h"
#include "rng.h"

#define NP 256

static double now_s(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static struct sf_event *make_stream(size_t n, unsigned width, unsigned mut_pct, uint64_t seed)
{
	struct sf_event *ev = calloc(n, sizeof(*ev));
	uint64_t vals[NP][SF_WORDS_PER_PAGE] = { { 0 } }, T = 1000, next = 1;
	uint8_t prot[NP];
	struct sf_rng r;

	if (!ev)
		return NULL;
	sf_rng_seed(&r, seed);
	for (unsigned p = 0; p < NP; p++)
		prot[p] = SF_PROT_R | SF_PROT_W;
	for (size_t i = 0; i < n; i++) {
		struct sf_event *e = &ev[i];
		uint32_t p = sf_rng_below(&r, NP), w = sf_rng_below(&r, SF_WORDS_PER_PAGE);
		uint32_t k = sf_rng_below(&r, 100);

		T += 10;
		e->t0 = T;
		e->page = p;
		e->npages = 1;
		if (k < mut_pct) {
			e->kind = SF_EV_MUTATION;
			e->t1 = T + 1 + sf_rng_below(&r, width);
			e->eff.set_backing = SF_EFF_KEEP;
			if (k & 1) {
				prot[p] = prot[p] == SF_PROT_R ? SF_PROT_R | SF_PROT_W : SF_PROT_R;
				e->op = SF_OP_MPROTECT;
				e->eff.set_prot = prot[p];
			} else {
				e->op = SF_OP_MADVISE;	/* dontneed: fresh content */
				e->eff.set_prot = SF_EFF_KEEP;
				e->eff.obj_mode = SF_OBJ_FRESH;
				for (unsigned j = 0; j < SF_WORDS_PER_PAGE; j++)
					vals[p][j] = 0;
			}
			continue;
		}
		bool write = k & 1, ok = !write || (prot[p] & SF_PROT_W);

		e->kind = SF_EV_ACCESS;
		e->t1 = T + sf_rng_below(&r, width);
		e->word = w;
		e->op = k < 70 ? (write ? SF_OP_DEV_WRITE : SF_OP_DEV_READ)
			       : (write ? SF_OP_CPU_WRITE : SF_OP_CPU_READ);
		e->outcome = ok ? SF_OK : SF_FAULT;
		if (ok && write)
			e->value = vals[p][w] = next++;
		else if (ok)
			e->value = vals[p][w];
	}
	return ev;
}

static void run(const char *name, size_t n, unsigned width, unsigned mut_pct)
{
	struct sf_oracle_cfg cfg = {
		.npages = NP, .sem = SF_SEM_MIRROR,
		.initial = { .backing = SF_BK_ANON_PRIVATE, .prot = SF_PROT_R | SF_PROT_W, .obj = 1 },
	};
	struct sf_event *ev = make_stream(n, width, mut_pct, 1);
	struct sf_oracle *o = sf_oracle_new(&cfg);
	const struct sf_oracle_stats *st;
	double t0, c0, dt, dc;

	if (!ev || !o) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	/* CPU time too: on a loaded machine wall time measures the neighbours */
	t0 = now_s(CLOCK_MONOTONIC);
	c0 = now_s(CLOCK_THREAD_CPUTIME_ID);
	for (size_t i = 0; i < n; i++)
		sf_oracle_feed(o, &ev[i]);
	sf_oracle_finish(o);
	dt = now_s(CLOCK_MONOTONIC) - t0;
	dc = now_s(CLOCK_THREAD_CPUTIME_ID) - c0;
	st = sf_oracle_stats(o);
	printf("%-8s width %4u ns, %2u%% mutations: %6.2f M events/s (%5.2f wall), "
	       "%6.2f M accesses judged/s, decisive %5.1f%%, value-checked %llu, verdicts %llu, "
	       "mem_peak %zu KiB\n", name, width, mut_pct, (double)n / dc / 1e6,
	       (double)n / dt / 1e6, (double)st->accesses_judged / dc / 1e6,
	       100.0 * (double)st->accesses_decisive / (double)(st->accesses_judged ? st->accesses_judged : 1),
	       (unsigned long long)st->value_checked,
	       (unsigned long long)(st->verdicts[SF_V_STALE_READ] + st->verdicts[SF_V_STALE_WRITE] +
				    st->verdicts[SF_V_SPURIOUS_FAULT] + st->verdicts[SF_V_MODEL] +
				    st->verdicts[SF_V_LOST_WRITE]),
	       st->mem_peak / 1024);
	sf_oracle_free(o);
	free(ev);
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 4000000;

	run("narrow", n, 5, 5);
	run("overlap", n, 200, 5);
	run("churn", n, 200, 20);
	return 0;
}
