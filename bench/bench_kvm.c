/*
 * KVM backend throughput: device accesses per second of
 *   raw      the guest loop alone (submit + KVM_RUN + complete, no events)
 *   judged   the same with events through a collector into the oracle
 *   mutated  judged, while a second thread flips pages RO/RW with mprotect
 * and the oracle's cost (1 - judged/raw). Prints figures; never fails on
 * speed. Usage: bench_kvm [seconds per phase, default 2] [batch, default 120]
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
#include "rng.h"
#include "backend.h"

extern const struct sf_backend_ops sf_backend_kvm;

#define NPAGES 64

struct bench {
	struct sf_arena ar;
	struct sf_dev *dev;
	unsigned batch;
	uint64_t secs;
	atomic_int stop;
	struct sf_slot *mslot;
};

static void fill(struct sf_access *a, unsigned n, struct sf_rng *r, uint64_t *val)
{
	for (unsigned i = 0; i < n; i++) {
		a[i] = (struct sf_access){ .page = sf_rng_below(r, NPAGES),
					   .word = sf_rng_below(r, 8),
					   .write = (uint8_t)(sf_rng_next(r) & 1) };
		a[i].value = ++*val | (1ull << 63);
	}
}

/* One phase; with c != NULL every access becomes an event. Returns accesses/s. */
static double phase(struct bench *b, struct sf_collector *c, struct sf_slot *slot)
{
	const struct sf_backend_ops *k = &sf_backend_kvm;
	struct sf_access a[256];
	struct sf_rng r;
	uint64_t val = 0, n = 0, t_end = sf_now_ns() + b->secs * 1000000000ull, start = sf_now_ns();

	sf_rng_seed(&r, 42);
	while (sf_now_ns() < t_end) {
		fill(a, b->batch, &r, &val);
		if (slot)
			sf_slot_begin(slot);
		if (k->submit(b->dev, 0, a, b->batch) || k->complete(b->dev, 0, a, b->batch)) {
			fprintf(stderr, "bench_kvm: batch failed\n");
			exit(1);
		}
		n += b->batch;
		if (!slot)
			continue;
		for (unsigned i = 0; i < b->batch; i++) {
			struct sf_event ev = { .t0 = a[i].t0, .t1 = a[i].t1, .value = a[i].value,
					       .page = a[i].page, .npages = 1, .word = a[i].word,
					       .op = a[i].write ? SF_OP_DEV_WRITE : SF_OP_DEV_READ,
					       .kind = SF_EV_ACCESS, .outcome = a[i].outcome };
			sf_slot_put(slot, &ev);
		}
		sf_slot_end(slot);
		sf_collector_pump(c);
	}
	return (double)n * 1e9 / (double)(sf_now_ns() - start);
}

static void on_verdict(void *arg, const struct sf_verdict *v)
{
	unsigned *shown = arg;

	if ((*shown)++ < 5)
		printf("  verdict %s: %s\n", sf_verdict_name(v->kind), v->why);
}

/* One recorded mprotect of one page, as a worker would record it. */
static void flip(struct bench *b, struct sf_slot *slot, uint32_t p, unsigned prot)
{
	struct sf_event ev = { .page = p, .npages = 1, .op = SF_OP_MPROTECT,
			       .kind = SF_EV_MUTATION, .outcome = SF_OK };

	ev.eff.set_backing = SF_EFF_KEEP;
	ev.eff.set_prot = (uint8_t)prot;
	ev.eff.obj_mode = SF_OBJ_KEEP;
	ev.t0 = sf_slot_begin(slot);
	if (mprotect(b->ar.base + (size_t)p * b->ar.page_size, b->ar.page_size,
		     prot == SF_PROT_R ? PROT_READ : PROT_READ | PROT_WRITE) < 0) {
		perror("mprotect");
		exit(1);
	}
	ev.t1 = sf_now_ns();
	sf_slot_put(slot, &ev);
	sf_slot_end(slot);
}

static void *flipper(void *arg)
{
	struct bench *b = arg;
	struct sf_rng r;

	sf_rng_seed(&r, 7);
	while (!atomic_load(&b->stop)) {
		uint32_t p = sf_rng_below(&r, NPAGES);

		flip(b, b->mslot, p, SF_PROT_R);
		flip(b, b->mslot, p, SF_PROT_R | SF_PROT_W);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const struct sf_backend_ops *k = &sf_backend_kvm;
	struct sf_dev_opts o = { .nqueues = 1 };
	struct bench b = { .secs = argc > 1 ? strtoull(argv[1], NULL, 0) : 2,
			   .batch = argc > 2 ? (unsigned)atoi(argv[2]) : 120 };
	char why[256];

	if (b.batch == 0 || b.batch > 120)
		b.batch = 120;
	if (k->probe(why, sizeof(why)) != 0) {
		printf("bench_kvm: skipped: %s\n", why);
		return 0;
	}
	if (sf_arena_open(&b.ar, NPAGES, why, sizeof(why)) < 0 ||
	    k->open(&b.dev, &o, why, sizeof(why)) < 0 || k->bind(b.dev, &b.ar) < 0) {
		fprintf(stderr, "bench_kvm: %s\n", why);
		return 1;
	}
	unsigned shown = 0;
	struct sf_oracle_cfg cfg = { .npages = NPAGES, .sem = SF_SEM_MIRROR,
				     .initial = sf_arena_initial(), .on_verdict = on_verdict,
				     .arg = &shown };
	struct sf_oracle *orc = sf_oracle_new(&cfg);
	struct sf_collector *c = sf_collector_new(orc, 2, NULL, NULL);
	struct sf_slot *slot = sf_collector_slot(c, 0);

	b.mslot = sf_collector_slot(c, 1);
	double raw = phase(&b, NULL, NULL);

	/* the raw phase wrote values no event records: start the judged ones afresh */
	if (sf_arena_reset(&b.ar) < 0) {
		fprintf(stderr, "bench_kvm: arena reset failed\n");
		return 1;
	}
	double judged = phase(&b, c, slot);
	pthread_t t;

	pthread_create(&t, NULL, flipper, &b);
	double mutated = phase(&b, c, slot);

	atomic_store(&b.stop, 1);
	pthread_join(t, NULL);
	sf_collector_drain(c);
	const struct sf_oracle_stats *st = sf_oracle_stats(orc);

	printf("bench_kvm: batch %u, %llu s per phase, 1 vCPU\n", b.batch,
	       (unsigned long long)b.secs);
	printf("  raw guest loop      %12.0f accesses/s\n", raw);
	printf("  judged by oracle    %12.0f accesses/s  (oracle cost %.1f%%)\n", judged,
	       100.0 * (1.0 - judged / raw));
	printf("  judged + mprotect   %12.0f accesses/s\n", mutated);
	uint64_t verdicts = 0;

	for (int i = 0; i < SF_V__COUNT; i++)
		verdicts += st->verdicts[i];
	printf("  judged %llu, decisive %llu (%.1f%%), faults %llu, verdicts %llu (must be 0)\n",
	       (unsigned long long)st->accesses_judged, (unsigned long long)st->accesses_decisive,
	       st->accesses_judged ? 100.0 * st->accesses_decisive / st->accesses_judged : 0.0,
	       (unsigned long long)st->faults_seen, (unsigned long long)verdicts);
	sf_collector_free(c);
	sf_oracle_free(orc);
	k->unbind(b.dev);
	k->close(b.dev);
	sf_arena_close(&b.ar);
	return 0;
}
