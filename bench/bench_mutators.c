/*
 * Cost of recording: a bare loop of single-page mprotect RO/RW calls
 * against the same calls through the mprotect worker with full event
 * recording (mutation lock, collector slot, put, a pump thread feeding
 * the oracle). Prints calls/s for both and the ratio. Never fails on speed.
 *
 *   bench_mutators [seconds per variant, default 2]
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "arena.h"
#include "clock.h"
#include "collector.h"
#include "oracle.h"
#include "worker.h"

static atomic_int stop_pump;

static void *pump(void *arg)
{
	struct sf_collector *c = arg;

	while (!atomic_load(&stop_pump))
		if (!sf_collector_pump(c))
			sched_yield();
	return NULL;
}

static double bare(struct sf_arena *a, double secs)
{
	uint64_t end = sf_now_ns() + (uint64_t)(secs * 1e9), t0 = sf_now_ns(), n = 0;

	while (sf_now_ns() < end) {
		for (int i = 0; i < 256; i++) {
			mprotect(a->base, a->page_size, (n & 1) ? PROT_READ | PROT_WRITE : PROT_READ);
			n++;
		}
	}
	return (double)n / ((double)(sf_now_ns() - t0) / 1e9);
}

static double recorded(struct sf_arena *a, double secs, uint64_t *judged)
{
	struct sf_oracle_cfg cfg = { .npages = a->npages, .sem = SF_SEM_MIRROR, .initial = sf_arena_initial() };
	struct sf_oracle *o = sf_oracle_new(&cfg);
	struct sf_collector *c = sf_collector_new(o, 1, NULL, NULL);
	struct sf_slot *slot = sf_collector_slot(c, 0);
	const struct sf_worker *w = sf_worker_for(SF_OP_MPROTECT);
	struct sf_seq_op op = { .op = SF_OP_MPROTECT, .page = 0, .npages = 1 };
	uint64_t end = sf_now_ns() + (uint64_t)(secs * 1e9), t0 = sf_now_ns(), n = 0;
	pthread_t t;

	atomic_store(&stop_pump, 0);
	pthread_create(&t, NULL, pump, c);
	while (sf_now_ns() < end) {
		for (int i = 0; i < 256; i++) {
			struct sf_event ev = { .seq = n };

			op.arg0 = (n & 1) ? SF_PROT_R | SF_PROT_W : SF_PROT_R;
			pthread_mutex_lock(&a->lock);
			w->exec(a, &op, slot, &ev);
			sf_slot_put(slot, &ev);
			sf_slot_end(slot);
			pthread_mutex_unlock(&a->lock);
			n++;
		}
	}
	double rate = (double)n / ((double)(sf_now_ns() - t0) / 1e9);

	atomic_store(&stop_pump, 1);
	pthread_join(t, NULL);
	sf_collector_drain(c);
	*judged = sf_oracle_stats(o)->mutations;
	sf_collector_free(c);
	sf_oracle_free(o);
	return rate;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 2.0;
	struct sf_arena a;
	char err[256];
	uint64_t muts = 0;

	if (sf_arena_open(&a, 16, err, sizeof(err))) {
		fprintf(stderr, "arena: %s\n", err);
		return 1;
	}
	double b = bare(&a, secs);
	double r = recorded(&a, secs, &muts);

	printf("mprotect bare:     %10.0f calls/s\n", b);
	printf("mprotect recorded: %10.0f calls/s (worker + collector + oracle; %llu mutations fed)\n",
	       r, (unsigned long long)muts);
	printf("ratio:             %10.1f %%\n", 100.0 * r / b);
	sf_arena_close(&a);
	return 0;
}
