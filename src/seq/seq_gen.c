/*
 * The program generator. Deterministic on every machine: the only source
 * of choice is src/rng.h, and all arithmetic is on integers.
 *
 * Threads 0..nmut-1 mostly mutate the arena, the others mostly access it,
 * and both aim at a small "hot" window of pages (moved now and then) so
 * that accesses race mutations of the same pages. A rough model of what is
 * mapped steers mutations to make sense (mmap into holes, mprotect of
 * mapped pages) while a fixed share of them is left deliberately wrong.
 * Barriers (every thread, one fresh id each) line the threads up.
 */
#include <stdlib.h>
#include <string.h>
#include "state.h"
#include "rng.h"
#include "seq.h"
#include "seq_priv.h"

#define GEN_DEFAULT_ARENA 64
#define GEN_SLOTS 8		/* slots the generator uses (of SF_SEQ_MAX_SLOTS) */
#define HOT_MOVE_ODDS 128	/* one step in this many moves the hot window */

struct gen {
	struct sf_rng r;
	struct sf_seq *s;
	uint32_t arena, nthreads, nmut;
	size_t target;			/* ops to emit */
	uint64_t allowed;
	uint8_t *bk, *prot;		/* model: backing and prot per page */
	uint32_t hot, hotlen;
	uint32_t barrier_id;
	uint32_t slots;			/* model: bitmask of slots added */
	/* MIX: a fork whose pages the accessors read, then write */
	uint32_t fup_page, fup_stage;	/* stage 0 = none, 1 = read next, 2 = write next */
};

/* Weight of each op for a mutating thread and for an accessing thread. */
static const uint8_t w_mutator[SF_OP__COUNT] = {
	[SF_OP_MPROTECT] = 30, [SF_OP_MUNMAP] = 6, [SF_OP_MMAP] = 10, [SF_OP_MREMAP] = 6,
	[SF_OP_MADVISE] = 10, [SF_OP_PUNCH] = 3, [SF_OP_FORK] = 10, [SF_OP_UFFD_WP] = 3,
	[SF_OP_MIGRATE] = 3, [SF_OP_MLOCK] = 2, [SF_OP_MUNLOCK] = 2, [SF_OP_COMPACT] = 1,
	[SF_OP_SLOT_ADD] = 3, [SF_OP_SLOT_DEL] = 2, [SF_OP_SLOT_FLAGS] = 2,
	[SF_OP_DIRTY_CHECK] = 2, [SF_OP_DEV_READ] = 3, [SF_OP_DEV_WRITE] = 3,
	[SF_OP_CPU_READ] = 3, [SF_OP_CPU_WRITE] = 4, [SF_OP_BARRIER] = 2, [SF_OP_DELAY] = 4,
	[SF_OP_HMM_TO_DEV] = 6, [SF_OP_HMM_TO_SYS] = 3, [SF_OP_HMM_EXCL] = 3,
	[SF_OP_IOAS_MAP] = 8, [SF_OP_IOAS_UNMAP] = 8, [SF_OP_IOAS_COPY] = 3,
};
static const uint8_t w_accessor[SF_OP__COUNT] = {
	[SF_OP_MPROTECT] = 2, [SF_OP_MADVISE] = 1, [SF_OP_DIRTY_CHECK] = 1,
	[SF_OP_DEV_READ] = 36, [SF_OP_DEV_WRITE] = 30, [SF_OP_CPU_READ] = 8,
	[SF_OP_CPU_WRITE] = 8, [SF_OP_BARRIER] = 2, [SF_OP_DELAY] = 5,
};

static uint32_t below(struct gen *g, uint32_t n)
{
	return sf_rng_below(&g->r, n);
}

/* True with probability pct/100. */
static int chance(struct gen *g, uint32_t pct)
{
	return below(g, 100) < pct;
}

static int allowed(const struct gen *g, unsigned op)
{
	return (g->allowed >> op) & 1;
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static void move_hot(struct gen *g)
{
	g->hotlen = min_u32(g->arena, 4 + below(g, 5));
	g->hot = below(g, g->arena - g->hotlen + 1);
}

static uint32_t pick_page(struct gen *g, uint32_t hot_pct)
{
	if (chance(g, hot_pct))
		return g->hot + below(g, g->hotlen);
	return below(g, g->arena);
}

/* Mostly 1..4 pages, sometimes up to 16, never past the arena. */
static uint32_t pick_len(struct gen *g, uint32_t page)
{
	uint32_t max = chance(g, 85) ? 4 : 16;

	return 1 + below(g, min_u32(max, g->arena - page));
}

/* A range whose pages all have (want_mapped) or lack a mapping, if one is found. */
static void pick_model_range(struct gen *g, int want_mapped, uint32_t *page, uint32_t *n)
{
	for (int tries = 0; tries < 8; tries++) {
		uint32_t p = pick_page(g, 75);

		if ((g->bk[p] != SF_BK_NONE) != want_mapped)
			continue;
		uint32_t len = pick_len(g, p), k = 1;

		while (k < len && (g->bk[p + k] != SF_BK_NONE) == want_mapped)
			k++;
		*page = p;
		*n = k;
		return;
	}
	*page = pick_page(g, 75);
	*n = pick_len(g, *page);
}

static void pick_range(struct gen *g, int want_mapped, uint32_t *page, uint32_t *n)
{
	/* one in ten is left to chance: invalid calls are part of the test */
	if (chance(g, 90)) {
		pick_model_range(g, want_mapped, page, n);
	} else {
		*page = pick_page(g, 75);
		*n = pick_len(g, *page);
	}
}

static int all_mapped(const struct gen *g, uint32_t page, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (g->bk[page + i] == SF_BK_NONE)
			return 0;
	return 1;
}

static void model_set(struct gen *g, uint32_t page, uint32_t n, unsigned bk, unsigned prot)
{
	memset(g->bk + page, (int)bk, n);
	memset(g->prot + page, (int)prot, n);
}

/* Roughly what the kernel would do; wrong guesses only make later choices less apt. */
static void model_mremap(struct gen *g, const struct sf_seq_op *op)
{
	uint32_t keep = min_u32(op->npages, op->arg0);

	if (!all_mapped(g, op->page, op->npages))
		return;
	if (op->arg2 & SF_MREMAP_MOVE) {
		uint8_t bk = g->bk[op->page], prot = g->prot[op->page];

		if (!(op->arg2 & SF_MREMAP_DONTUNMAP))
			model_set(g, op->page, op->npages, SF_BK_NONE, 0);
		model_set(g, op->arg1, op->arg0, bk, prot);
		return;
	}
	if (op->arg0 < op->npages)
		model_set(g, op->page + keep, op->npages - keep, SF_BK_NONE, 0);
	else if (op->arg0 > op->npages)
		model_set(g, op->page + keep, op->arg0 - keep, g->bk[op->page],
			  g->prot[op->page]);
}

static void model_update(struct gen *g, const struct sf_seq_op *op)
{
	switch (op->op) {
	case SF_OP_MMAP:
		model_set(g, op->page, op->npages, op->arg0, op->arg1);
		break;
	case SF_OP_MUNMAP:
		model_set(g, op->page, op->npages, SF_BK_NONE, 0);
		break;
	case SF_OP_MPROTECT:
		if (all_mapped(g, op->page, op->npages))
			memset(g->prot + op->page, (int)op->arg0, op->npages);
		break;
	case SF_OP_MREMAP:
		model_mremap(g, op);
		break;
	case SF_OP_SLOT_ADD:
		g->slots |= 1u << op->arg0;
		break;
	case SF_OP_SLOT_DEL:
		g->slots &= ~(1u << op->arg0);
		break;
	default:
		break;
	}
}

/* Appends op if it is allowed and there is room; 1 if it was. */
static int emit(struct gen *g, const struct sf_seq_op *op)
{
	if (g->s->nops >= g->target || !allowed(g, op->op))
		return 0;
	if (sf_seq_push(g->s, op)) {
		g->target = g->s->nops;	/* out of memory: stop here */
		return 0;
	}
	model_update(g, op);
	return 1;
}

static int emit_access(struct gen *g, unsigned op, unsigned thread, uint32_t page)
{
	struct sf_seq_op o = { .op = (uint16_t)op, .thread = (uint16_t)thread, .page = page,
			       .npages = 1, .arg0 = below(g, SF_WORDS_PER_PAGE) };

	return emit(g, &o);
}

/* Every thread meets at a fresh id, all or nothing. */
static int emit_barrier(struct gen *g)
{
	if (!allowed(g, SF_OP_BARRIER) || g->target - g->s->nops < g->nthreads)
		return 0;
	g->barrier_id++;
	for (uint32_t t = 0; t < g->nthreads; t++) {
		struct sf_seq_op o = { .op = SF_OP_BARRIER, .thread = (uint16_t)t,
				       .arg0 = g->barrier_id };

		emit(g, &o);
	}
	return 1;
}

static uint32_t pick_prot(struct gen *g)
{
	static const uint8_t prots[] = { 1, 1, 1, 3, 3, 3, 0, 0, 7, 2, 4, 5, 6 };

	return prots[below(g, sizeof(prots))];
}

static uint32_t pick_backing(struct gen *g)
{
	static const uint8_t bks[] = {
		SF_BK_ANON_PRIVATE, SF_BK_ANON_PRIVATE, SF_BK_ANON_PRIVATE, SF_BK_ANON_PRIVATE,
		SF_BK_ANON_PRIVATE, SF_BK_ANON_SHARED, SF_BK_ANON_SHARED, SF_BK_MEMFD_SHARED,
		SF_BK_MEMFD_SHARED, SF_BK_FILE_SHARED,
	};

	return bks[below(g, sizeof(bks))];
}

static uint32_t accessor_thread(struct gen *g)
{
	if (g->nthreads == g->nmut)
		return below(g, g->nthreads);
	return g->nmut + below(g, g->nthreads - g->nmut);
}

static void shape_mremap(struct gen *g, struct sf_seq_op *o)
{
	pick_range(g, 1, &o->page, &o->npages);
	o->arg1 = o->page;
	if (chance(g, 50)) {
		/* grow or shrink in place */
		o->arg0 = 1 + below(g, min_u32(2 * o->npages, g->arena - o->page));
		return;
	}
	o->arg2 = SF_MREMAP_MOVE;
	o->arg0 = o->npages;
	if (chance(g, 25))
		o->arg2 |= SF_MREMAP_DONTUNMAP;	/* needs the same size */
	else if (chance(g, 30))
		o->arg0 = 1 + below(g, min_u32(2 * o->npages, g->arena));
	uint32_t hole, hn;

	pick_model_range(g, 0, &hole, &hn);
	o->arg1 = hole + o->arg0 <= g->arena ? hole : g->arena - o->arg0;
}

/* Fills in the range and arguments of a mutation or slot op. */
static void shape_mutation(struct gen *g, struct sf_seq_op *o)
{
	switch (o->op) {
	case SF_OP_MMAP:
		pick_range(g, 0, &o->page, &o->npages);
		o->arg0 = pick_backing(g);
		o->arg1 = chance(g, 60) ? (SF_PROT_R | SF_PROT_W) : pick_prot(g);
		break;
	case SF_OP_MPROTECT:
	case SF_OP_IOAS_MAP:
		pick_range(g, 1, &o->page, &o->npages);
		o->arg0 = pick_prot(g);
		break;
	case SF_OP_MREMAP:
		shape_mremap(g, o);
		break;
	case SF_OP_MADVISE:
		pick_range(g, 1, &o->page, &o->npages);
		o->arg0 = below(g, SF_ADV__COUNT);
		break;
	case SF_OP_UFFD_WP:
		pick_range(g, 1, &o->page, &o->npages);
		o->arg0 = chance(g, 60);
		break;
	case SF_OP_MIGRATE:
		pick_range(g, 1, &o->page, &o->npages);
		o->arg0 = below(g, 2);
		break;
	case SF_OP_COMPACT:
		break;
	case SF_OP_SLOT_ADD:
		o->arg0 = below(g, GEN_SLOTS);
		o->arg1 = below(g, 4);
		pick_range(g, 1, &o->page, &o->npages);
		break;
	case SF_OP_SLOT_DEL:
	case SF_OP_DIRTY_CHECK:
	case SF_OP_SLOT_FLAGS:
		o->arg0 = below(g, GEN_SLOTS);
		/* mostly a slot that exists; otherwise an error path */
		for (int tries = 0; tries < 4 && !(g->slots >> o->arg0 & 1); tries++)
			o->arg0 = below(g, GEN_SLOTS);
		if (o->op == SF_OP_SLOT_FLAGS)
			o->arg1 = below(g, 4);
		break;
	default:	/* munmap, punch, fork, mlock, munlock: just a range */
		pick_range(g, 1, &o->page, &o->npages);
		break;
	}
}

static void gen_op(struct gen *g, unsigned op, unsigned thread)
{
	struct sf_seq_op o = { .op = (uint16_t)op, .thread = (uint16_t)thread };

	switch (sf_op_class(op)) {
	case SF_CLS_DEV_ACCESS:
	case SF_CLS_CPU_ACCESS:
		emit_access(g, op, thread, pick_page(g, 85));
		return;
	case SF_CLS_CONTROL:
		if (op == SF_OP_BARRIER) {
			emit_barrier(g);
			return;
		}
		o.arg0 = 100 * (1 + below(g, 50));	/* 0.1 .. 5 us */
		emit(g, &o);
		return;
	default:
		shape_mutation(g, &o);
		if (emit(g, &o) && op == SF_OP_FORK && g->fup_stage == 0 && chance(g, 60)) {
			g->fup_page = o.page + below(g, o.npages);
			g->fup_stage = 1;
		}
		return;
	}
}

/* The next step of a fork follow-up: a device read, then a write of the same page. */
static void follow_up(struct gen *g)
{
	unsigned a = accessor_thread(g);

	if (g->fup_stage == 1) {
		emit_access(g, SF_OP_DEV_READ, a, g->fup_page);
		g->fup_stage = 2;
		return;
	}
	if (chance(g, 50))
		emit_access(g, SF_OP_DEV_WRITE, a, g->fup_page);
	else
		emit_access(g, SF_OP_CPU_WRITE, below(g, g->nthreads), g->fup_page);
	g->fup_stage = 0;
}

static unsigned pick_weighted(struct gen *g, const uint32_t *w, uint32_t total)
{
	uint32_t x = below(g, total);
	unsigned op = 0;

	while (x >= w[op])
		x -= w[op++];
	return op;
}

/* The allowed ops' weights for a mutating or an accessing thread; their sum. */
static uint32_t role_weights(const struct gen *g, int mut, uint32_t *w)
{
	uint32_t total = 0;

	for (unsigned op = 0; op < SF_OP__COUNT; op++) {
		w[op] = 0;
		if (!allowed(g, op))
			continue;
		w[op] = mut ? w_mutator[op] : w_accessor[op];
		if (g->nthreads == 1)
			w[op] += w_accessor[op];
		/* a barrier needs room for every thread */
		if (op == SF_OP_BARRIER && g->target - g->s->nops < g->nthreads)
			w[op] = 0;
		total += w[op];
	}
	return total;
}

/*
 * One step of the general mix; 0 once nothing allowed can be emitted.
 * A thread whose role has no allowed op hands the step to a thread of the
 * other role: with only mutations allowed, accessor threads would
 * otherwise end the program early (most picks land on them).
 */
static int mix_step(struct gen *g)
{
	uint32_t w[SF_OP__COUNT], total;
	unsigned t = below(g, g->nthreads);
	int mut = t < g->nmut;

	if (below(g, HOT_MOVE_ODDS) == 0)
		move_hot(g);
	if (g->fup_stage && chance(g, 50)) {
		follow_up(g);
		return 1;
	}
	total = role_weights(g, mut, w);
	if (!total && g->nthreads > g->nmut) {
		mut = !mut;
		t = mut ? below(g, g->nmut) : g->nmut + below(g, g->nthreads - g->nmut);
		total = role_weights(g, mut, w);
	}
	if (!total)
		return 0;
	gen_op(g, pick_weighted(g, w, total), t);
	return 1;
}

static uint32_t mutator_thread(struct gen *g)
{
	return below(g, g->nmut);
}

/* Makes [page, page+n) private and writable the way the model says it needs. */
static void make_writable_private(struct gen *g, unsigned m, uint32_t page, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		if (g->bk[page + i] != SF_BK_ANON_PRIVATE) {
			struct sf_seq_op o = { .op = SF_OP_MMAP, .thread = (uint16_t)m, .page = page,
					       .npages = n, .arg0 = SF_BK_ANON_PRIVATE,
					       .arg1 = SF_PROT_R | SF_PROT_W };

			emit(g, &o);
			return;
		}
	}
	for (uint32_t i = 0; i < n; i++) {
		if (g->prot[page + i] != (SF_PROT_R | SF_PROT_W)) {
			struct sf_seq_op o = { .op = SF_OP_MPROTECT, .thread = (uint16_t)m,
					       .page = page, .npages = n,
					       .arg0 = SF_PROT_R | SF_PROT_W };

			emit(g, &o);
			return;
		}
	}
}

/*
 * The write that turns a cached read-only translation into a writable one.
 * When ordered, a barrier puts the CPU's upgrade strictly before the
 * device's write: the exact order of the arm64 seed bug.
 */
static void upgrade_write(struct gen *g, unsigned m, unsigned a, uint32_t page, int ordered)
{
	switch (below(g, 4)) {
	case 0:
		emit_access(g, SF_OP_CPU_WRITE, m, page);
		break;
	case 1:
		emit_access(g, SF_OP_DEV_WRITE, a, page);
		break;
	case 2:		/* both, unordered: CPU and device race to upgrade */
		emit_access(g, SF_OP_DEV_WRITE, a, page);
		emit_access(g, SF_OP_CPU_WRITE, m, page);
		break;
	default:	/* CPU upgrade first, then the device must see it */
		emit_access(g, SF_OP_CPU_WRITE, m, page);
		if (ordered)
			emit_barrier(g);
		emit_access(g, SF_OP_DEV_WRITE, a, page);
		break;
	}
}

/*
 * One fork-read-upgrade episode (SF_GEN_COW_UPGRADE): make pages private
 * and writable, fork over them (every PTE becomes read-only for COW), line
 * the threads up, let the device read them (a read-only translation gets
 * cached), then write them from the CPU or the device: the read-only to
 * writable upgrade whose missing invalidation was the arm64 seed bug. One
 * in four uses mprotect r / rw instead of fork for the same upgrade.
 */
static int cow_episode(struct gen *g)
{
	size_t before = g->s->nops;
	uint32_t page = g->hot + below(g, g->hotlen);
	uint32_t n = 1 + below(g, min_u32(4, g->arena - page));
	unsigned m = mutator_thread(g), a = accessor_thread(g);
	int via_mprotect = !allowed(g, SF_OP_FORK) || chance(g, 25);

	if (below(g, 8) == 0)
		move_hot(g);
	make_writable_private(g, m, page, n);
	if (chance(g, 50))
		emit_access(g, SF_OP_CPU_WRITE, m, page + below(g, n));	/* populate */
	struct sf_seq_op o = { .op = via_mprotect ? SF_OP_MPROTECT : SF_OP_FORK,
			       .thread = (uint16_t)m, .page = page, .npages = n,
			       .arg0 = via_mprotect ? SF_PROT_R : 0 };

	emit(g, &o);
	if (chance(g, 80))
		emit_barrier(g);
	for (uint32_t i = 0; i < n; i++)
		emit_access(g, SF_OP_DEV_READ, chance(g, 80) ? a : accessor_thread(g), page + i);
	if (chance(g, 30)) {
		struct sf_seq_op d = { .op = SF_OP_DELAY, .thread = (uint16_t)a,
				       .arg0 = 100 * (1 + below(g, 20)) };

		emit(g, &d);
	}
	if (via_mprotect) {
		o.arg0 = SF_PROT_R | SF_PROT_W;
		emit(g, &o);
	}
	/* ordered: every device read is done before anything upgrades */
	int ordered = chance(g, 50);

	if (ordered)
		emit_barrier(g);
	for (uint32_t i = 0; i < n; i++)
		if (i == 0 || chance(g, 50))
			upgrade_write(g, m, a, page + i, ordered);
	/* read back through the device: the upgrade must be visible */
	if (chance(g, 60))
		emit_access(g, SF_OP_DEV_READ, a, page + below(g, n));
	if (chance(g, 30))
		emit_barrier(g);
	/* variations: a little of the general mix in between */
	for (uint32_t k = below(g, 4); k > 0; k--)
		mix_step(g);
	return g->s->nops > before;
}

static uint32_t pick_nmut(uint32_t nthreads)
{
	uint32_t k = nthreads / 3;

	return k ? k : 1;
}

void sf_seq_generate(struct sf_seq *out, uint64_t seed, const struct sf_gen_params *p)
{
	struct gen g = { .s = out };

	sf_seq_init(out);
	out->seed = seed;
	out->arena_pages = p->arena_pages ? min_u32(p->arena_pages, SF_SEQ_MAX_PAGES)
					  : GEN_DEFAULT_ARENA;
	out->nthreads = p->nthreads ? min_u32(p->nthreads, SF_SEQ_MAX_THREADS) : 2;
	sf_rng_seed(&g.r, seed);
	g.arena = out->arena_pages;
	g.nthreads = out->nthreads;
	g.nmut = pick_nmut(g.nthreads);
	g.target = min_u32(p->nops, SF_SEQ_MAX_OPS);
	g.allowed = p->allowed_ops ? p->allowed_ops : ~0ull;
	g.bk = malloc(g.arena);
	g.prot = malloc(g.arena);
	if (!g.bk || !g.prot)
		goto out;
	/* the arena starts as anonymous private read-write memory */
	model_set(&g, 0, g.arena, SF_BK_ANON_PRIVATE, SF_PROT_R | SF_PROT_W);
	move_hot(&g);
	while (g.s->nops < g.target) {
		int progress;

		if (p->profile == SF_GEN_COW_UPGRADE)
			progress = cow_episode(&g) || mix_step(&g);
		else
			progress = mix_step(&g);
		if (!progress && !mix_step(&g) && !emit_barrier(&g))
			break;
	}
out:
	free(g.bk);
	free(g.prot);
}
