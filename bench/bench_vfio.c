/*
 * vfio backend throughput, in a guest with an NVMe controller bound to
 * vfio-pci (run-vm.sh --vfio-device nvme --cmd 'bench_vfio 10'):
 *   raw     the backend's NVMe commands alone (submit, no events)
 *   judged  the same accesses, each an event through a collector into
 *           the oracle (pinned semantics, as svafuzz runs them)
 * Device accesses per second and NVMe commands per second of each, and
 * the oracle's share of the time. Prints figures; never fails on speed.
 * Usage: bench_vfio [seconds per phase, default 5]
 */
#include <stdio.h>
#include <stdlib.h>

#include "arena.h"
#include "clock.h"
#include "collector.h"
#include "oracle.h"
#include "rng.h"
#include "backend.h"

extern const struct sf_backend_ops sf_backend_vfio;

#define NPAGES 64
#define BATCH 16

struct rate {
	double accesses, commands;
};

/* Accesses of one batch: random words, half of them writes of distinct values. */
static void batch_fill(struct sf_access *a, struct sf_rng *r, uint64_t *val)
{
	for (unsigned i = 0; i < BATCH; i++) {
		a[i] = (struct sf_access){ .page = sf_rng_below(r, NPAGES), .word = sf_rng_below(r, 8),
					   .write = (uint8_t)(sf_rng_next(r) & 1) };
		a[i].value = ++*val << 1;
	}
}

static void batch_record(struct sf_slot *slot, const struct sf_access *a)
{
	for (unsigned i = 0; i < BATCH; i++) {
		struct sf_event ev = { .t0 = a[i].t0, .t1 = a[i].t1, .value = a[i].value,
				       .page = a[i].page, .npages = 1, .word = a[i].word,
				       .op = a[i].write ? SF_OP_DEV_WRITE : SF_OP_DEV_READ,
				       .kind = SF_EV_ACCESS, .outcome = a[i].outcome };
		sf_slot_put(slot, &ev);
	}
}

static struct rate run_phase(struct sf_dev *dev, uint64_t secs, struct sf_collector *c,
			     struct sf_slot *slot)
{
	const struct sf_backend_ops *v = &sf_backend_vfio;
	struct sf_be_stats st0, st1;
	struct sf_access a[BATCH];
	struct sf_rng r;
	uint64_t val = 0, n = 0, start = sf_now_ns(), end = start + secs * 1000000000ull, t;

	v->stats(dev, &st0);
	sf_rng_seed(&r, 42);
	while (sf_now_ns() < end) {
		batch_fill(a, &r, &val);
		if (slot)
			sf_slot_begin(slot);
		if (v->submit(dev, 0, a, BATCH) || v->complete(dev, 0, a, BATCH)) {
			fprintf(stderr, "bench_vfio: a batch failed\n");
			exit(1);
		}
		n += BATCH;
		if (!slot)
			continue;
		batch_record(slot, a);
		sf_slot_end(slot);
		sf_collector_pump(c);
	}
	if (c)
		sf_collector_drain(c);
	t = sf_now_ns() - start;
	v->stats(dev, &st1);
	return (struct rate){ (double)n * 1e9 / (double)t, (double)(st1.steps - st0.steps) * 1e9 / (double)t };
}

int main(int argc, char **argv)
{
	const struct sf_backend_ops *v = &sf_backend_vfio;
	struct sf_dev_opts o = { .nqueues = 1 };
	uint64_t secs = argc > 1 ? strtoull(argv[1], NULL, 0) : 5;
	struct sf_arena ar;
	struct sf_dev *dev;
	char why[512];
	double load[3] = { 0 };

	if (v->probe(why, sizeof(why)) != 0) {
		printf("bench_vfio: skipped: %s\n", why);
		return 0;
	}
	if (sf_arena_open(&ar, NPAGES, why, sizeof(why)) < 0 || v->open(&dev, &o, why, sizeof(why)) < 0 ||
	    v->bind(dev, &ar) < 0) {
		fprintf(stderr, "bench_vfio: %s\n", why);
		return 1;
	}
	struct sf_oracle_cfg cfg = { .npages = NPAGES, .sem = SF_SEM_PINNED, .initial = sf_arena_initial() };
	struct sf_oracle *orc = sf_oracle_new(&cfg);
	struct sf_collector *c = sf_collector_new(orc, 1, NULL, NULL);
	struct rate raw = run_phase(dev, secs, NULL, NULL);
	struct rate judged = run_phase(dev, secs, c, sf_collector_slot(c, 0));
	const struct sf_oracle_stats *st = sf_oracle_stats(orc);
	uint64_t verdicts = 0;

	for (int i = 0; i < SF_V__COUNT; i++)
		verdicts += st->verdicts[i];
	if (getloadavg(load, 3) < 0)
		load[0] = -1;
	printf("bench_vfio: %llu s per phase, 1 queue, batches of %u, load average %.2f\n",
	       (unsigned long long)secs, BATCH, load[0]);
	printf("  raw NVMe commands   %10.0f accesses/s  %10.0f commands/s\n", raw.accesses, raw.commands);
	printf("  judged by oracle    %10.0f accesses/s  %10.0f commands/s  (oracle cost %.1f%%)\n",
	       judged.accesses, judged.commands, 100.0 * (1.0 - judged.accesses / raw.accesses));
	printf("  judged %llu, faults %llu, verdicts %llu (must be 0: nothing is unmapped)\n",
	       (unsigned long long)st->accesses_judged, (unsigned long long)st->faults_seen,
	       (unsigned long long)verdicts);
	sf_collector_free(c);
	sf_oracle_free(orc);
	v->unbind(dev);
	v->close(dev);
	sf_arena_close(&ar);
	return verdicts ? 2 : 0;
}
