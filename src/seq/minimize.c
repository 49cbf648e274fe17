/*
 * Delta debugging of reproducers (see minimize.h for the passes).
 *
 * The current program only ever gets smaller: a candidate replaces it
 * only when the predicate accepted it on every try. Candidates are built
 * into one scratch program and swapped in when kept, so a minimisation
 * allocates O(1) programs whatever the number of candidates.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "minimize.h"
#include "rng.h"
#include "seq_shape.h"

struct mctx {
	const struct sf_min_opts *o;
	sf_min_pred pred;
	void *arg;
	struct sf_min_stats *st;
	unsigned tries;
	struct sf_seq cur, cand;	/* what reproduces; what is being tried */
	uint64_t *refused;		/* open-addressing set of program hashes, 0 = empty */
	size_t nrefused, caprefused;
	unsigned reseeds;		/* other seeds per refused candidate, this phase */
	int stop;			/* budget exhausted */
	int oom;
};

int sf_min_copy(struct sf_seq *dst, const struct sf_seq *src)
{
	*dst = *src;
	dst->ops = NULL;
	dst->cap = dst->nops = 0;
	if (!src->nops)
		return 0;
	dst->ops = malloc(src->nops * sizeof(*dst->ops));
	if (!dst->ops)
		return -1;
	memcpy(dst->ops, src->ops, src->nops * sizeof(*dst->ops));
	dst->nops = dst->cap = src->nops;
	return 0;
}

/* FNV-1a over what a backend runs: header numbers and the ops. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static uint64_t prog_hash(const struct sf_seq *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	h = fnv(h, &s->arena_pages, sizeof(s->arena_pages));
	h = fnv(h, &s->nthreads, sizeof(s->nthreads));
	h = fnv(h, &s->seed, sizeof(s->seed));
	h = fnv(h, &s->nops, sizeof(s->nops));
	h = fnv(h, s->ops, s->nops * sizeof(*s->ops));
	return h ? h : 1;
}

static int refused_has(const struct mctx *c, uint64_t h)
{
	if (!c->caprefused)
		return 0;
	for (size_t i = h & (c->caprefused - 1);; i = (i + 1) & (c->caprefused - 1)) {
		if (c->refused[i] == h)
			return 1;
		if (!c->refused[i])
			return 0;
	}
}

static void refused_put_raw(uint64_t *tab, size_t cap, uint64_t h)
{
	size_t i = h & (cap - 1);

	while (tab[i] && tab[i] != h)
		i = (i + 1) & (cap - 1);
	tab[i] = h;
}

/* Remembering is an optimisation: out of memory only means retrying later. */
static void refused_add(struct mctx *c, uint64_t h)
{
	if ((c->nrefused + 1) * 2 > c->caprefused) {
		size_t cap = c->caprefused ? c->caprefused * 2 : 256;
		uint64_t *tab = calloc(cap, sizeof(*tab));

		if (!tab)
			return;
		for (size_t i = 0; i < c->caprefused; i++)
			if (c->refused[i])
				refused_put_raw(tab, cap, c->refused[i]);
		free(c->refused);
		c->refused = tab;
		c->caprefused = cap;
	}
	refused_put_raw(c->refused, c->caprefused, h);
	c->nrefused++;
}

static int budget_left(struct mctx *c)
{
	if (c->o->max_calls && c->st->calls >= c->o->max_calls) {
		c->stop = 1;
		c->st->budget_hit = 1;
	}
	return !c->stop;
}

/* Does prog reproduce on every try? Invalid programs never reach the predicate. */
static int reproduces(struct mctx *c, const struct sf_seq *prog)
{
	struct sf_seq_err err;
	uint64_t h = prog_hash(prog);

	if (refused_has(c, h)) {
		c->st->cached++;
		return 0;
	}
	if (sf_seq_validate(prog, &err)) {
		refused_add(c, h);
		return 0;
	}
	c->st->candidates++;
	for (unsigned i = 0; i < c->tries; i++) {
		if (!budget_left(c))
			return 0;
		c->st->calls++;
		if (!c->pred(prog, c->arg)) {
			refused_add(c, h);
			return 0;
		}
	}
	return 1;
}

/* Starts a candidate: cur's header, no ops, room for all of cur's ops. */
static int cand_begin(struct mctx *c)
{
	struct sf_seq_op *ops = c->cand.ops;
	size_t cap = c->cand.cap;

	if (cap < c->cur.nops) {
		ops = realloc(ops, c->cur.nops * sizeof(*ops));
		if (!ops) {
			c->oom = c->stop = 1;
			return -1;
		}
		cap = c->cur.nops;
	}
	c->cand = c->cur;
	c->cand.ops = ops;
	c->cand.cap = cap;
	c->cand.nops = 0;
	return 0;
}

static void cand_add(struct mctx *c, const struct sf_seq_op *op)
{
	c->cand.ops[c->cand.nops++] = *op;
}

/* The i-th other seed of a candidate: a pure function of its seed. */
static uint64_t reseed(uint64_t seed, unsigned i)
{
	uint64_t x = seed + i;

	return sf_splitmix64(&x);
}

/* Reproduces as it is, or (opts->reseeds) with one of its other seeds? */
static int cand_reproduces(struct mctx *c)
{
	uint64_t seed = c->cand.seed;

	if (reproduces(c, &c->cand))
		return 1;
	for (unsigned i = 1; i <= c->reseeds && !c->stop; i++) {
		c->cand.seed = reseed(seed, i);
		if (reproduces(c, &c->cand)) {
			c->st->reseeded++;
			return 1;
		}
	}
	return 0;
}

/* Tries the candidate; if it reproduces it becomes the current program. */
static int cand_try(struct mctx *c)
{
	struct sf_seq t;

	if (!cand_reproduces(c))
		return 0;
	t = c->cur;
	c->cur = c->cand;
	c->cand = t;
	return 1;
}

/* Candidate: cur without thread t, threads above it renumbered down. */
static int try_drop_thread(struct mctx *c, uint32_t t)
{
	if (cand_begin(c))
		return 0;
	c->cand.nthreads--;
	for (size_t i = 0; i < c->cur.nops; i++) {
		struct sf_seq_op op = c->cur.ops[i];

		if (op.thread == t)
			continue;
		if (op.thread > t)
			op.thread--;
		cand_add(c, &op);
	}
	return cand_try(c);
}

static int pass_threads(struct mctx *c)
{
	int changed = 0;

	for (uint32_t t = c->cur.nthreads; t-- > 0 && c->cur.nthreads > 1 && !c->stop;)
		changed |= try_drop_thread(c, t);
	return changed;
}

/* Candidate: cur without ops [from, from + n). */
static int try_drop_chunk(struct mctx *c, size_t from, size_t n)
{
	if (cand_begin(c))
		return 0;
	for (size_t i = 0; i < c->cur.nops; i++)
		if (i < from || i >= from + n)
			cand_add(c, &c->cur.ops[i]);
	return cand_try(c);
}

/*
 * ddmin, complement steps: sweep chunks of one size, dropping each one
 * that can go (the sweep goes on from the same index, where the next chunk
 * now is); halve the size when a sweep dropped nothing. Ends 1-minimal:
 * no single op can be dropped.
 */
static int pass_ddmin(struct mctx *c)
{
	size_t chunk = (c->cur.nops + 1) / 2;
	int changed = 0;

	while (chunk >= 1 && c->cur.nops > 1 && !c->stop) {
		int dropped = 0;

		if (chunk >= c->cur.nops)
			chunk = (c->cur.nops + 1) / 2;
		for (size_t from = 0; from < c->cur.nops && !c->stop;) {
			size_t n = chunk < c->cur.nops - from ? chunk : c->cur.nops - from;

			if (n < c->cur.nops && try_drop_chunk(c, from, n))
				dropped = 1;
			else
				from += n;
		}
		changed |= dropped;
		if (!dropped) {
			if (chunk == 1)
				break;
			chunk = (chunk + 1) / 2;
		}
	}
	return changed;
}

/* Does a thread other than op's have a barrier with op's id? */
static int barrier_matched(const struct sf_seq *s, const struct sf_seq_op *op)
{
	for (size_t i = 0; i < s->nops; i++)
		if (s->ops[i].op == SF_OP_BARRIER && s->ops[i].arg0 == op->arg0 &&
		    s->ops[i].thread != op->thread)
			return 1;
	return 0;
}

/* Unmatched barriers only wait for a timeout: drop them all, else one by one. */
static int pass_barriers(struct mctx *c)
{
	size_t unmatched = 0;
	int changed = 0;

	if (cand_begin(c))
		return 0;
	for (size_t i = 0; i < c->cur.nops; i++) {
		const struct sf_seq_op *op = &c->cur.ops[i];

		if (op->op == SF_OP_BARRIER && !barrier_matched(&c->cur, op))
			unmatched++;
		else
			cand_add(c, op);
	}
	if (!unmatched)
		return 0;
	if (cand_try(c))
		return 1;
	for (size_t i = 0; i < c->cur.nops && !c->stop; i++) {
		const struct sf_seq_op *op = &c->cur.ops[i];

		if (op->op == SF_OP_BARRIER && !barrier_matched(&c->cur, op) &&
		    try_drop_chunk(c, i, 1)) {
			changed = 1;
			i--;	/* the next op moved to i */
		}
	}
	return changed;
}

/* Has a page range the minimizer can shrink (its shape's set_range). */
static int has_range(const struct sf_seq_op *op)
{
	return sf_shape_of(op->op)->set_range != NULL;
}

/* Candidate: cur with op i replaced by op. */
static int try_replace(struct mctx *c, size_t i, const struct sf_seq_op *op)
{
	if (cand_begin(c))
		return 0;
	memcpy(c->cand.ops, c->cur.ops, c->cur.nops * sizeof(*c->cur.ops));
	c->cand.nops = c->cur.nops;
	c->cand.ops[i] = *op;
	return cand_try(c);
}

/* Op i with range [page, page + n), as its shape moves it. */
static int try_range(struct mctx *c, size_t i, uint32_t page, uint32_t n)
{
	struct sf_seq_op op = c->cur.ops[i];

	sf_shape_of(op.op)->set_range(&op, page, n);
	return try_replace(c, i, &op);
}

/* One smaller range for op i, ends first (a bug may live on the last page only). */
static int shrink_range_once(struct mctx *c, size_t i)
{
	const struct sf_seq_op op = c->cur.ops[i];
	uint32_t half = op.npages / 2;

	if (op.npages < 2)
		return 0;
	return try_range(c, i, op.page, 1) ||
	       try_range(c, i, op.page + op.npages - 1, 1) ||
	       try_range(c, i, op.page, op.npages - half) ||
	       try_range(c, i, op.page + half, op.npages - half);
}

/* One smaller value of op i's other arguments, each its shape offers in turn. */
static int shrink_args_once(struct mctx *c, size_t i)
{
	const struct sf_shape_ops *sh = sf_shape_of(c->cur.ops[i].op);
	struct sf_seq_op op;

	if (!sh->shrink)
		return 0;
	for (unsigned k = 0; sh->shrink(&c->cur.ops[i], k, &op); k++)
		if (try_replace(c, i, &op))
			return 1;
	return 0;
}

static int pass_ranges(struct mctx *c)
{
	int changed = 0;

	for (size_t i = 0; i < c->cur.nops && !c->stop; i++) {
		if (!has_range(&c->cur.ops[i]))
			continue;
		while (!c->stop && (shrink_range_once(c, i) || shrink_args_once(c, i)))
			changed = 1;
	}
	return changed;
}

/* Names arena pages (its shape's span): a range, an access. */
static int uses_pages(const struct sf_seq_op *op)
{
	return sf_shape_of(op->op)->span != NULL;
}

/* Threads without ops go; the others are renumbered in order. */
static int compact_threads(struct mctx *c)
{
	uint8_t used[SF_SEQ_MAX_THREADS] = { 0 };
	uint32_t map[SF_SEQ_MAX_THREADS], nt = 0;

	for (size_t i = 0; i < c->cur.nops; i++)
		used[c->cur.ops[i].thread % SF_SEQ_MAX_THREADS] = 1;
	for (uint32_t t = 0; t < c->cur.nthreads && t < SF_SEQ_MAX_THREADS; t++)
		map[t] = used[t] ? nt++ : 0;
	if (!nt || nt == c->cur.nthreads || cand_begin(c))
		return 0;
	c->cand.nthreads = nt;
	for (size_t i = 0; i < c->cur.nops; i++) {
		struct sf_seq_op op = c->cur.ops[i];

		op.thread = (uint16_t)map[op.thread % SF_SEQ_MAX_THREADS];
		cand_add(c, &op);
	}
	return cand_try(c);
}

/* Every page number down by the lowest one used (all pages start alike). */
static int shift_pages(struct mctx *c)
{
	uint32_t lo = UINT32_MAX;

	for (size_t i = 0; i < c->cur.nops; i++) {
		const struct sf_seq_op *op = &c->cur.ops[i];
		uint32_t from, end;

		if (!uses_pages(op))
			continue;
		sf_shape_of(op->op)->span(op, &from, &end);
		lo = from < lo ? from : lo;
	}
	if (lo == UINT32_MAX || lo == 0 || cand_begin(c))
		return 0;
	for (size_t i = 0; i < c->cur.nops; i++) {
		struct sf_seq_op op = c->cur.ops[i];

		if (uses_pages(&op))
			sf_shape_of(op.op)->shift(&op, lo);
		cand_add(c, &op);
	}
	return cand_try(c);
}

/* The arena ends at the last page any op uses. */
static int shrink_arena(struct mctx *c)
{
	uint32_t end = 1;

	for (size_t i = 0; i < c->cur.nops; i++) {
		const struct sf_seq_op *op = &c->cur.ops[i];
		uint32_t from, e;

		if (!uses_pages(op))
			continue;
		sf_shape_of(op->op)->span(op, &from, &e);
		if (e > end)
			end = e;
	}
	if (end >= c->cur.arena_pages || cand_begin(c))
		return 0;
	c->cand.arena_pages = end;
	memcpy(c->cand.ops, c->cur.ops, c->cur.nops * sizeof(*c->cur.ops));
	c->cand.nops = c->cur.nops;
	return cand_try(c);
}

static int pass_compact(struct mctx *c)
{
	int changed = compact_threads(c);

	if (!c->stop)
		changed |= shift_pages(c);
	if (!c->stop)
		changed |= shrink_arena(c);
	return changed;
}

static void logf_(struct mctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void logf_(struct mctx *c, const char *fmt, ...)
{
	char line[200];
	va_list ap;

	if (!c->o->log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	c->o->log(c->o->log_arg, line);
}

static void run_rounds(struct mctx *c)
{
	int changed = 1;

	while (changed && !c->stop && (!c->o->max_rounds || c->st->rounds < c->o->max_rounds)) {
		changed = 0;
		changed |= pass_threads(c);
		changed |= pass_barriers(c);
		changed |= pass_ddmin(c);
		changed |= pass_barriers(c);
		changed |= pass_ranges(c);
		changed |= pass_compact(c);
		c->st->rounds++;
		logf_(c, "round %u: %zu ops, %u threads, arena %u, %llu predicate calls",
		      c->st->rounds, c->cur.nops, c->cur.nthreads, c->cur.arena_pages,
		      (unsigned long long)c->st->calls);
	}
}

static void final_rate(struct mctx *c)
{
	for (unsigned i = 0; i < c->o->final_runs; i++) {
		c->st->calls++;
		c->st->final_runs++;
		c->st->final_ok += c->pred(&c->cur, c->arg) ? 1 : 0;
	}
}

int sf_minimize(const struct sf_seq *in, struct sf_seq *out, const struct sf_min_opts *o,
		sf_min_pred pred, void *arg, struct sf_min_stats *st)
{
	struct sf_min_stats dummy;
	struct sf_seq_err err;
	struct mctx c;
	int ret = SF_MIN_OK;

	sf_seq_init(out);
	if (!st)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	if (!pred || sf_seq_validate(in, &err)) {
		errno = EINVAL;
		return SF_MIN_ERROR;
	}
	memset(&c, 0, sizeof(c));
	c.o = o;
	c.pred = pred;
	c.arg = arg;
	c.st = st;
	c.tries = o->tries ? o->tries : 1;
	sf_seq_init(&c.cand);
	if (sf_min_copy(&c.cur, in))
		return SF_MIN_ERROR;
	st->ops_before = in->nops;
	st->threads_before = in->nthreads;
	st->pages_before = in->arena_pages;

	/*
	 * Without other seeds first: a reseeded candidate kept early can lead
	 * to a worse local minimum than plain ddmin reaches, so re-rolling the
	 * scheduler only starts from what the plain passes could not shrink.
	 */
	if (reproduces(&c, &c.cur)) {
		run_rounds(&c);
		c.reseeds = o->reseeds;
		if (c.reseeds && !c.stop)
			run_rounds(&c);
	} else
		ret = SF_MIN_NOT_REPRODUCED;
	if (ret == SF_MIN_OK)
		final_rate(&c);
	free(c.refused);
	sf_seq_free(&c.cand);
	if (c.oom) {
		sf_seq_free(&c.cur);
		errno = ENOMEM;
		return SF_MIN_ERROR;
	}
	st->ops_after = c.cur.nops;
	st->threads_after = c.cur.nthreads;
	st->pages_after = c.cur.arena_pages;
	*out = c.cur;
	return ret;
}
