/*
 * Cost of recording: a bare loop of single-page mprotect RO/RW calls
 * against the same calls through the mprotect worker with full event
 * recording (mutation lock, collector slot, put, a pump thread feeding
 * the oracle, sleeping between pumps as the engine's does), and the same
 * with a pump that spins while events come (the engine before
 * docs/perf.md's fix). The variants alternate in short rounds so that a
 * shared machine's load falls on all of them alike. Prints calls/s, the
 * ratio to bare, the same per CPU second of the mutating thread (what
 * other load on the machine changes least), TLB shootdown interrupts per
 * 1000 calls (machine-wide, /proc/interrupts) and the load average.
 * Never fails on speed.
 *
 *   bench_mutators [seconds per variant, default 2]
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include "arena.h"
#include "clock.h"
#include "collector.h"
#include "oracle.h"
#include "worker.h"

#define ROUND_S 0.05	/* short rounds: a shared machine's load spreads evenly */
#define SPIN_NAP_NS 50000L	/* the old engine pump's nap when a pump found nothing */

enum { BARE, WORKER, RECORDED, SPINNING, NVAR };

static const char *const var_name[NVAR] = {
	"bare", "worker, no recording", "recorded", "recorded, spinning pump",
};

struct rec {
	struct sf_arena *a;
	struct sf_oracle *o;
	struct sf_collector *c;
	struct sf_slot *slot;
	uint64_t n;		/* mutations recorded so far: seq and RO/RW */
	atomic_int stop;
	bool spin;
};

struct tally {
	uint64_t calls, ns, cpu_ns, tlb;
};

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* TLB shootdown interrupts so far, all CPUs; 0 if /proc/interrupts has no TLB line */
static uint64_t tlb_shootdowns(void)
{
	FILE *f = fopen("/proc/interrupts", "r");
	char line[4096];
	uint64_t n = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *p = line + strspn(line, " ");

		if (strncmp(p, "TLB:", 4))
			continue;
		for (p += 4;;) {
			char *end;
			unsigned long long v = strtoull(p, &end, 10);

			if (end == p)
				break;
			n += v;
			p = end;
		}
	}
	fclose(f);
	return n;
}

static void *pump(void *arg)
{
	struct rec *r = arg;

	while (!atomic_load(&r->stop)) {
		size_t fed = sf_collector_pump(r->c);

		if (!r->spin) {
			sf_collector_wait(r->c, SF_COLLECTOR_PUMP_NS);
		} else if (!fed) {
			struct timespec ts = { 0, SPIN_NAP_NS };

			nanosleep(&ts, NULL);
		}
	}
	return NULL;
}

static uint64_t bare(struct sf_arena *a, uint64_t end)
{
	uint64_t n = 0;

	while (sf_now_ns() < end) {
		for (int i = 0; i < 256; i++) {
			mprotect(a->base, a->page_size, (n & 1) ? PROT_READ | PROT_WRITE : PROT_READ);
			n++;
		}
	}
	return n;
}

/* The worker's own cost: model, effects, clock stamps; no slot, no oracle. */
static uint64_t worker_only(struct sf_arena *a, uint64_t end)
{
	const struct sf_worker *w = sf_worker_for(SF_OP_MPROTECT);
	struct sf_seq_op op = { .op = SF_OP_MPROTECT, .page = 0, .npages = 1 };
	uint64_t n = 0;

	while (sf_now_ns() < end) {
		for (int i = 0; i < 256; i++) {
			struct sf_event ev = { .seq = n };

			op.arg0 = (n & 1) ? SF_PROT_R | SF_PROT_W : SF_PROT_R;
			pthread_mutex_lock(&a->lock);
			w->exec(a, &op, NULL, &ev);
			pthread_mutex_unlock(&a->lock);
			n++;
		}
	}
	return n;
}

/* The calls as the engine's run_mutation() makes them. */
static uint64_t recorded(struct rec *r, uint64_t end)
{
	const struct sf_worker *w = sf_worker_for(SF_OP_MPROTECT);
	struct sf_seq_op op = { .op = SF_OP_MPROTECT, .page = 0, .npages = 1 };
	uint64_t n0 = r->n;
	pthread_t t;

	atomic_store(&r->stop, 0);
	pthread_create(&t, NULL, pump, r);
	while (sf_now_ns() < end) {
		for (int i = 0; i < 256; i++) {
			struct sf_event ev = { .seq = r->n };

			op.arg0 = (r->n & 1) ? SF_PROT_R | SF_PROT_W : SF_PROT_R;
			pthread_mutex_lock(&r->a->lock);
			w->exec(r->a, &op, r->slot, &ev);
			sf_slot_put(r->slot, &ev);
			sf_slot_end(r->slot);
			pthread_mutex_unlock(&r->a->lock);
			r->n++;
		}
	}
	atomic_store(&r->stop, 1);
	sf_collector_wake(r->c);
	pthread_join(t, NULL);
	return r->n - n0;
}

static void round_of(struct sf_arena *a, struct rec *r, int v, double secs, struct tally *t)
{
	uint64_t tlb = tlb_shootdowns(), cpu = thread_cpu_ns(), t0 = sf_now_ns();
	uint64_t end = t0 + (uint64_t)(secs * 1e9);

	r->spin = v == SPINNING;
	t->calls += v == BARE ? bare(a, end) : v == WORKER ? worker_only(a, end) : recorded(r, end);
	t->ns += sf_now_ns() - t0;
	t->cpu_ns += thread_cpu_ns() - cpu;
	t->tlb += tlb_shootdowns() - tlb;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 2.0, load[3] = { 0 };
	struct tally t[NVAR] = { { 0 } };
	struct sf_arena a;
	char err[256];

	if (secs <= 0) {
		fprintf(stderr, "usage: bench_mutators [seconds per variant > 0]\n");
		return 1;
	}
	if (sf_arena_open(&a, 16, err, sizeof(err))) {
		fprintf(stderr, "arena: %s\n", err);
		return 1;
	}
	struct sf_oracle_cfg cfg = { .npages = a.npages, .sem = SF_SEM_MIRROR,
				     .initial = sf_arena_initial() };
	struct rec r = { .a = &a, .o = sf_oracle_new(&cfg) };

	r.c = sf_collector_new(r.o, 1, NULL, NULL);
	r.slot = sf_collector_slot(r.c, 0);
	int rounds = secs / ROUND_S < 1 ? 1 : (int)(secs / ROUND_S);

	getloadavg(load, 3);
	for (int k = 0; k < rounds; k++)
		for (int v = 0; v < NVAR; v++)
			round_of(&a, &r, v, secs / rounds, &t[v]);
	sf_collector_drain(r.c);

	double rate[NVAR], cpu_rate[NVAR];

	printf("load average %.2f %.2f %.2f at the start; %d rounds of %.3f s per variant\n",
	       load[0], load[1], load[2], rounds, secs / rounds);
	printf("%-33s %10s %7s %16s %7s %s\n", "", "wall", "", "per CPU s", "", "TLB IPIs");
	for (int v = 0; v < NVAR; v++) {
		rate[v] = (double)t[v].calls / ((double)t[v].ns / 1e9);
		cpu_rate[v] = (double)t[v].calls / ((double)t[v].cpu_ns / 1e9);
		printf("mprotect %-24s %10.0f calls/s %6.1f %%  %10.0f calls/s %6.1f %%  %6.1f /1k calls\n",
		       var_name[v], rate[v], 100.0 * rate[v] / rate[BARE], cpu_rate[v],
		       100.0 * cpu_rate[v] / cpu_rate[BARE],
		       1000.0 * (double)t[v].tlb / (double)t[v].calls);
	}
	getloadavg(load, 3);
	printf("mutations fed to the oracle: %llu of %llu; producer waits on a full ring: %llu\n",
	       (unsigned long long)sf_oracle_stats(r.o)->mutations, (unsigned long long)r.n,
	       (unsigned long long)sf_collector_full_waits(r.c));
	printf("load average %.2f %.2f %.2f at the end\n", load[0], load[1], load[2]);
	printf("ratio:             %10.1f %% (wall), %.1f %% (per CPU second)\n",
	       100.0 * rate[RECORDED] / rate[BARE], 100.0 * cpu_rate[RECORDED] / cpu_rate[BARE]);
	sf_collector_free(r.c);
	sf_oracle_free(r.o);
	sf_arena_close(&a);
	return 0;
}
