/*
 * Randomized soundness: a random sequential execution (one global order,
 * exact outcomes and values from a ground-truth model) is turned into
 * events whose intervals contain their true instants, widened at random
 * and fed in t0 order. The oracle must never raise a verdict. Then, with
 * narrow intervals (every access decisive), flipping one outcome or one
 * read value must raise one.
 */
#include <stdlib.h>
#include <string.h>
#include "rng.h"
#include "tap.h"
#include "trace_build.h"

#define NP 6
#define NW 2			/* words used: few, so values collide in time */
#define NOPS 240
#define MEMFD_BASE 1000
#define MAXOBJ 4096

struct truth {
	struct sf_pstate pg[NP];
	uint64_t content[MAXOBJ][NW];	/* by truth object id */
	uint64_t next_obj, next_value;
};

struct item {
	struct sf_event ev;
	uint64_t key;
};

struct gen {
	struct sf_rng r;
	struct truth tr;
	struct item *it;
	unsigned n;
	int wide;
};

static bool mapped(const struct truth *tr, uint32_t p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (tr->pg[p + i].backing == SF_BK_NONE)
			return false;
	return true;
}

static void interval(struct gen *g, uint64_t T, struct sf_event *ev)
{
	uint32_t k = sf_rng_below(&g->r, 10);
	uint32_t w = !g->wide ? 50 : k < 6 ? 50 : k < 9 ? 1500 : 5000;

	ev->t0 = T - sf_rng_below(&g->r, w + 1);
	ev->t1 = T + sf_rng_below(&g->r, w + 1);
}

static void push(struct gen *g, const struct sf_event *ev)
{
	g->it[g->n].ev = *ev;
	g->it[g->n].key = sf_rng_next(&g->r);
	g->n++;
}

static uint64_t new_obj(struct truth *tr)
{
	uint64_t o = tr->next_obj++;

	memset(tr->content[o], 0, sizeof(tr->content[o]));
	return o;
}

static void gen_mutation(struct gen *g, uint64_t T)
{
	struct truth *tr = &g->tr;
	uint32_t n = 1 + sf_rng_below(&g->r, 2);
	uint32_t p = sf_rng_below(&g->r, NP - n + 1);
	unsigned prots[3] = { 0, SF_PROT_R, SF_PROT_R | SF_PROT_W };
	unsigned prot = prots[sf_rng_below(&g->r, 3)];
	struct sf_event ev;

	switch (sf_rng_below(&g->r, 6)) {
	case 0:	/* mprotect: fails (ENOMEM) over a hole */
		ev = tr_mprotect(p, n, prot, 0, 0);
		if (!mapped(tr, p, n))
			ev.outcome = SF_FAILED;
		else
			for (uint32_t i = 0; i < n; i++)
				tr->pg[p + i].prot = (uint8_t)prot;
		break;
	case 1:
		ev = tr_munmap(p, n, 0, 0);
		for (uint32_t i = 0; i < n; i++)
			tr->pg[p + i].backing = SF_BK_NONE;
		break;
	case 2:	/* fresh anonymous memory */
		ev = tr_mmap(p, n, prot, 0, 0);
		for (uint32_t i = 0; i < n; i++) {
			tr->pg[p + i].backing = SF_BK_ANON_PRIVATE;
			tr->pg[p + i].prot = (uint8_t)prot;
			tr->pg[p + i].obj = new_obj(tr);
		}
		break;
	case 3:	/* the memfd's page p: content survives unmapping */
		ev = tr_mut(SF_OP_MMAP, p, n, 0, 0,
			    tr_eff(SF_BK_MEMFD_SHARED, prot, SF_OBJ_SET, MEMFD_BASE + p));
		for (uint32_t i = 0; i < n; i++) {
			tr->pg[p + i].backing = SF_BK_MEMFD_SHARED;
			tr->pg[p + i].prot = (uint8_t)prot;
			tr->pg[p + i].obj = MEMFD_BASE + p + i;
		}
		break;
	case 4:	/* madvise(DONTNEED) of one page */
		ev = tr_mut(SF_OP_MADVISE, p, 1, 0, 0, tr_eff(SF_EFF_KEEP, SF_EFF_KEEP, SF_OBJ_KEEP, 0));
		if (tr->pg[p].backing == SF_BK_NONE) {
			ev.outcome = SF_FAILED;
		} else if (tr->pg[p].backing == SF_BK_ANON_PRIVATE) {
			ev.eff.obj_mode = SF_OBJ_FRESH;
			tr->pg[p].obj = new_obj(tr);
		}
		break;
	default: {	/* mremap move of [s, s+n) to a disjoint [p, p+n) */
		uint32_t s = sf_rng_below(&g->r, NP - n + 1);
		struct sf_event un;

		if ((s < p + n && p < s + n) || !mapped(tr, s, n)) {
			ev = tr_mprotect(p, n, prot, 0, 0);
			ev.outcome = SF_FAILED;
			break;
		}
		ev = tr_move(p, n, s, 0, 0);
		un = tr_munmap(s, n, 0, 0);
		interval(g, T, &ev);
		un.t0 = ev.t0;
		un.t1 = ev.t1;
		for (uint32_t i = 0; i < n; i++) {
			tr->pg[p + i] = tr->pg[s + i];
			tr->pg[s + i].backing = SF_BK_NONE;
		}
		push(g, &ev);
		push(g, &un);
		/* narrow: fed as a worker feeds them (MOVE first); wide: any order */
		if (!g->wide) {
			g->it[g->n - 2].key &= ~1ull;
			g->it[g->n - 1].key = g->it[g->n - 2].key | 1;
		}
		return;
	}
	}
	interval(g, T, &ev);
	push(g, &ev);
}

static void gen_access(struct gen *g, uint64_t T)
{
	static const enum sf_op ops[4] = { SF_OP_DEV_READ, SF_OP_DEV_WRITE,
					   SF_OP_CPU_READ, SF_OP_CPU_WRITE };
	struct truth *tr = &g->tr;
	enum sf_op op = ops[sf_rng_below(&g->r, 4)];
	uint32_t p = sf_rng_below(&g->r, NP), w = sf_rng_below(&g->r, NW);
	bool write = op == SF_OP_DEV_WRITE || op == SF_OP_CPU_WRITE;
	const struct sf_pstate *st = &tr->pg[p];
	bool ok = st->backing != SF_BK_NONE &&
		  (st->prot & (write ? SF_PROT_W : SF_PROT_R));
	struct sf_event ev = tr_access(op, p, w, 0, 0, ok ? SF_OK : SF_FAULT, 0);

	if (ok && write)
		tr->content[st->obj][w] = ev.value = ++tr->next_value;
	else if (ok)
		ev.value = tr->content[st->obj][w];
	interval(g, T, &ev);
	push(g, &ev);
}

static int by_t0(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->ev.t0 != y->ev.t0)
		return x->ev.t0 < y->ev.t0 ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

static void generate(struct gen *g, uint64_t seed, int wide)
{
	memset(&g->tr, 0, sizeof(g->tr));
	sf_rng_seed(&g->r, seed);
	g->n = 0;
	g->wide = wide;
	for (uint32_t p = 0; p < NP; p++) {
		g->tr.pg[p] = tr_rw_state();
		g->tr.pg[p].obj = 1 + p;	/* the oracle's initial numbering */
	}
	g->tr.next_obj = MEMFD_BASE + NP + 1;
	for (unsigned k = 0; k < NOPS; k++) {
		uint64_t T = 10000 + 1000ull * k;

		if (sf_rng_below(&g->r, 3) == 0)
			gen_mutation(g, T);
		else
			gen_access(g, T);
	}
	qsort(g->it, g->n, sizeof(*g->it), by_t0);
}

static unsigned run(struct gen *g, struct trace *t)
{
	unsigned rejected = 0;

	tr_init(t, NP, SF_SEM_MIRROR);
	for (unsigned i = 0; i < g->n; i++)
		rejected += sf_oracle_feed(t->o, &g->it[i].ev) != 0;
	sf_oracle_finish(t->o);
	return rejected;
}

int main(int argc, char **argv)
{
	unsigned ntraces = argc > 1 ? (unsigned)atoi(argv[1]) : 3000;
	struct gen g = { .it = calloc(2 * NOPS, sizeof(struct item)) };
	unsigned false_verdicts = 0, rejected = 0, missed = 0, flips = 0;
	uint64_t judged = 0, decisive = 0;
	struct trace t;

	/* 1. widened intervals: never a verdict */
	for (unsigned s = 0; s < ntraces; s++) {
		generate(&g, 1000 + s, 1);
		rejected += run(&g, &t);
		if (tr_total(&t) && !false_verdicts++)
			fprintf(stderr, "seed %u: %s: %s\n", 1000 + s,
				sf_verdict_name(t.v[0].kind), t.v[0].why);
		judged += tr_stats(&t)->accesses_judged;
		decisive += tr_stats(&t)->accesses_decisive;
		tr_free(&t);
	}
	CHECK_EQ(false_verdicts, 0);
	CHECK_EQ(rejected, 0);
	CHECK(decisive > 0 && decisive < judged);	/* widening costs some sharpness */
	printf("# wide: %u traces, %llu judged, %llu decisive\n", ntraces,
	       (unsigned long long)judged, (unsigned long long)decisive);

	/* 2. narrow intervals: all decisive; one flipped outcome or value is found */
	for (unsigned s = 0; s < ntraces / 3; s++) {
		unsigned pick, tries = 0;
		struct sf_event *a;

		generate(&g, 50000 + s, 0);
		run(&g, &t);
		CHECK_EQ(tr_total(&t), 0);
		CHECK_EQ(tr_stats(&t)->accesses_decisive, tr_stats(&t)->accesses_judged);
		tr_free(&t);
		do
			pick = sf_rng_below(&g.r, g.n);
		while (g.it[pick].ev.kind != SF_EV_ACCESS && ++tries < 1000);
		a = &g.it[pick].ev;
		if (a->kind != SF_EV_ACCESS)
			continue;
		bool read_ok = a->outcome == SF_OK &&
			       (a->op == SF_OP_DEV_READ || a->op == SF_OP_CPU_READ);
		if (read_ok && (s & 1))
			a->value = 0xdead00000000ull + s;	/* never written */
		else
			a->outcome = a->outcome == SF_OK ? SF_FAULT : SF_OK;
		run(&g, &t);
		flips++;
		if (tr_total(&t) == 0 && !missed++)
			fprintf(stderr, "seed %u: flip of event %u not found\n", 50000 + s, pick);
		tr_free(&t);
	}
	CHECK(flips > 0);
	CHECK_EQ(missed, 0);
	free(g.it);
	return tap_done();
}
