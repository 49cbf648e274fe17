/*
 * Every worker's effects against the real kernel, judged by the real
 * oracle: random mutations of all kinds interleaved with CPU accesses and
 * io_uring device accesses, in one thread. The kernel is right here, so
 * any verdict means a worker recorded an effect the kernel did not have.
 * Also checks that the run was not vacuous (accesses judged, decisive,
 * values checked).
 */
#include "tap.h"
#include "worker_test.h"
#include "collector.h"
#include "oracle.h"
#include "rng.h"
#include "backend.h"

extern const struct sf_backend_ops sf_backend_uring;

#define NPAGES 24

static unsigned verdicts;

static void on_verdict(void *arg, const struct sf_verdict *v)
{
	if (verdicts++ < 5)
		fprintf(stderr, "verdict %s: %s\n", sf_verdict_name(v->kind), v->why);
}

/* with SF_DEBUG set: show the mutations reported as unknown (why the model lost track) */
static void on_event(void *arg, const struct sf_event *ev)
{
	char buf[512];

	if (ev->kind == SF_EV_MUTATION && (ev->eff.flags_set & SF_PS_UNKNOWN) && getenv("SF_DEBUG")) {
		sf_event_json(ev, buf, sizeof(buf));
		fprintf(stderr, "%s\n", buf);
	}
}

static struct sf_seq_op random_mutation(struct sf_rng *r)
{
	static const enum sf_op ops[] = {
		SF_OP_MPROTECT, SF_OP_MPROTECT, SF_OP_MUNMAP, SF_OP_MMAP, SF_OP_MMAP, SF_OP_MREMAP,
		SF_OP_MADVISE, SF_OP_MADVISE, SF_OP_PUNCH, SF_OP_FORK, SF_OP_UFFD_WP,
		SF_OP_MIGRATE, SF_OP_MLOCK, SF_OP_MUNLOCK,
	};
	struct sf_seq_op o = { .op = (uint16_t)ops[sf_rng_below(r, sizeof(ops) / sizeof(ops[0]))] };

	o.npages = 1 + sf_rng_below(r, 4);
	o.page = sf_rng_below(r, NPAGES - o.npages + 1);
	switch (o.op) {
	case SF_OP_MPROTECT:
		o.arg0 = sf_rng_below(r, 4);	/* none, r, w(=rw on x86), rw */
		break;
	case SF_OP_MMAP:
		o.arg0 = 1 + sf_rng_below(r, SF_BK__COUNT - 1);
		o.arg1 = sf_rng_below(r, 4);
		break;
	case SF_OP_MREMAP:
		o.arg0 = 1 + sf_rng_below(r, 4);
		o.arg2 = sf_rng_below(r, 3) ? SF_MREMAP_MOVE : 0;
		if (o.arg2 && !sf_rng_below(r, 3)) {
			o.arg2 |= SF_MREMAP_DONTUNMAP;
			o.arg0 = o.npages;
		}
		o.arg1 = o.arg2 ? sf_rng_below(r, NPAGES - o.arg0 + 1) : o.page;
		if (!o.arg2 && o.page + o.arg0 > NPAGES)
			o.arg0 = NPAGES - o.page;
		break;
	case SF_OP_MADVISE:
		o.arg0 = sf_rng_below(r, SF_ADV__COUNT);
		break;
	case SF_OP_UFFD_WP:
		o.arg0 = sf_rng_below(r, 2);
		break;
	default:
		break;
	}
	return o;
}

int main(int argc, char **argv)
{
	unsigned nops = argc > 1 ? (unsigned)atoi(argv[1]) : 3000;
	const struct sf_backend_ops *b = &sf_backend_uring;
	struct sf_oracle_cfg cfg = { .npages = NPAGES, .sem = SF_SEM_MIRROR, .on_verdict = on_verdict };
	struct sf_dev_opts dopts = { .nqueues = 1 };
	struct sf_arena a;
	struct sf_dev *d;
	struct sf_rng r;
	char why[128];

	wt_open(&a, NPAGES);
	cfg.initial = sf_arena_initial();
	struct sf_oracle *o = sf_oracle_new(&cfg);
	struct sf_collector *c = sf_collector_new(o, 1, on_event, NULL);
	struct sf_slot *slot = sf_collector_slot(c, 0);
	int have_dev = b->probe(why, sizeof(why)) == 0 && b->open(&d, &dopts, why, sizeof(why)) == 0;

	if (have_dev)
		b->bind(d, &a);
	sf_rng_seed(&r, argc > 2 ? strtoull(argv[2], NULL, 0) : 42);
	for (unsigned i = 0; i < nops; i++) {
		unsigned kind = sf_rng_below(&r, 10);
		struct sf_event ev;

		memset(&ev, 0, sizeof(ev));
		ev.seq = i;
		if (kind < 3) {
			struct sf_seq_op op = random_mutation(&r);

			if (op.op == SF_OP_MREMAP && op.arg1 + op.arg0 > NPAGES)
				continue;
			if (getenv("SF_DEBUG")) {
				fprintf(stderr, "seq %u %s %u+%u %u %u %u:", i, sf_op_name(op.op), op.page,
					op.npages, op.arg0, op.arg1, op.arg2);
				for (uint32_t k = 0; k < op.npages; k++)
					fprintf(stderr, " [%u %u %x L%u]", a.model[op.page + k].backing,
						a.model[op.page + k].prot, a.model[op.page + k].flags,
						a.locked[op.page + k]);
				fprintf(stderr, "\n");
			}
			pthread_mutex_lock(&a.lock);
			sf_worker_for(op.op)->exec(&a, &op, slot, &ev);
			sf_slot_put(slot, &ev);
			sf_slot_end(slot);
			pthread_mutex_unlock(&a.lock);
		} else if (kind < 6 || !have_dev) {
			struct sf_seq_op op = { .op = sf_rng_below(&r, 2) ? SF_OP_CPU_WRITE : SF_OP_CPU_READ,
						.page = sf_rng_below(&r, NPAGES), .npages = 1,
						.arg0 = sf_rng_below(&r, 8) };

			sf_cpu_access(&a, &op, 0x1000000ull + i, slot, &ev);
			sf_slot_put(slot, &ev);
			sf_slot_end(slot);
		} else {
			struct sf_access acc[4];
			unsigned n = 1 + sf_rng_below(&r, 4);

			for (unsigned k = 0; k < n; k++) {
				memset(&acc[k], 0, sizeof(acc[k]));
				acc[k].page = sf_rng_below(&r, NPAGES);
				acc[k].word = sf_rng_below(&r, 8);
				acc[k].write = (uint8_t)sf_rng_below(&r, 2);
				acc[k].value = 0x2000000ull + i * 4 + k;
				acc[k].seq = i * 4 + k;
			}
			sf_slot_begin(slot);
			if (b->submit(d, 0, acc, n) == 0 && b->complete(d, 0, acc, n) == 0)
				for (unsigned k = 0; k < n; k++) {
					memset(&ev, 0, sizeof(ev));
					ev.kind = SF_EV_ACCESS;
					ev.op = acc[k].write ? SF_OP_DEV_WRITE : SF_OP_DEV_READ;
					ev.page = acc[k].page;
					ev.npages = 1;
					ev.word = acc[k].word;
					ev.value = acc[k].value;
					ev.outcome = acc[k].outcome;
					ev.err = acc[k].err;
					ev.t0 = acc[k].t0;
					ev.t1 = acc[k].t1;
					ev.seq = i;
					sf_slot_put(slot, &ev);
				}
			sf_slot_end(slot);
		}
		if (i % 64 == 0)
			sf_collector_pump(c);
	}
	sf_collector_drain(c);
	const struct sf_oracle_stats *st = sf_oracle_stats(o);
	printf("judged %llu decisive %llu value-checked %llu faults %llu rejected %llu unknown-effects %llu skipped %llu\n",
	       (unsigned long long)st->accesses_judged, (unsigned long long)st->accesses_decisive,
	       (unsigned long long)st->value_checked, (unsigned long long)st->faults_seen,
	       (unsigned long long)st->rejected, (unsigned long long)a.counters[SF_ARENA_CNT_UNKNOWN],
	       (unsigned long long)a.counters[SF_ARENA_CNT_SKIPPED]);
	CHECK_EQ(verdicts, 0);
	CHECK_EQ(st->rejected, 0);
	CHECK(st->accesses_judged > nops / 2);
	CHECK(st->accesses_decisive > st->accesses_judged / 2);
	CHECK(st->value_checked > 0);
	sf_collector_free(c);
	sf_oracle_free(o);
	if (have_dev) {
		b->unbind(d);
		b->close(d);
	}
	sf_arena_close(&a);
	return tap_done();
}
