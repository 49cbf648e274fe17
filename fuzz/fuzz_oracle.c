/*
 * libFuzzer target: bytes reinterpreted as a stream of events fed to an
 * oracle over a small arena (1..4 pages, so states and writes pile up on
 * few pages).
 *
 * Byte 0 picks the arena size and the semantics; then every event takes
 * EV_BYTES bytes (see decode_event()): kind, outcome, op, page, range,
 * word, t0 step (now and then backwards), width (now and then t1 < t0),
 * value (mostly from a tiny set, so values collide), effect, thread. About
 * one record in eight is an sf_oracle_advance() instead. Most fields land
 * in their valid range, a few just outside, so both the model and the
 * rejection paths are exercised.
 *
 * The decoded stream is fed several times over, shifted in time, so a
 * short input becomes thousands of events: memory that grows with the
 * number of events instead of with the arena and the pending accesses
 * shows up. Checks (abort on failure):
 *   - every verdict is well formed (known kind, candidates within bounds,
 *     a terminated, non-empty why);
 *   - every event fed was either accepted or rejected;
 *   - stats()->mem_peak stays below a bound made of a fixed part, a part
 *     per arena page and a part per pending access (see mem_bound()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define EV_BYTES 14
#define MAX_EVENTS 512		/* decoded from one input */
#define STREAM_EVENTS 8192	/* fed in all, counting repetitions */
#define MAX_REPS 64

/*
 * The memory bound, from the oracle's documented limits (src/oracle/oracle.h:
 * history older than every pending access is dropped; per-page record
 * lists and per-word write histories are capped, 64 entries each):
 *   - per page: 64 state records, and up to 2 x 64 live content objects
 *     (those the records name, plus dead ones awaiting a sweep), each with
 *     8 words x 64 writes of ~32 bytes; every array may be up to twice its
 *     length (growth by doubling). ~4.3 MiB; the fuzzer's streams stay far
 *     below it, a leak per event does not.
 *   - per pending access: its event in a FIFO and a heap entry, doubled.
 *     "Pending" counts every access fed since the oldest unjudged one (a
 *     FIFO design keeps those), measured by this harness.
 */
#define MEM_FIXED (256u << 10)
#define MEM_PER_PAGE (64u * 128u + 2u * 64u * (512u + 8u * 64u * 32u * 2u))
#define MEM_PER_PENDING 512u

struct rec {
	struct sf_event ev;
	uint8_t advance;	/* sf_oracle_advance(ev.t0) instead of a feed */
};

struct run {
	struct sf_oracle *o;
	uint32_t npages;
	uint64_t fed, verdicts;
	/* t1 of every accepted access or dirty fetch, in feed order */
	uint64_t *t1s;
	size_t nt1, lo, max_span;
	uint64_t watermark;	/* accesses ending below it are judged */
};

struct reader {
	const uint8_t *d;
	size_t len, pos;
};

static uint8_t take(struct reader *r)
{
	return r->pos < r->len ? r->d[r->pos++] : 0;
}

static uint16_t pick_op(uint8_t b, uint8_t kind)
{
	static const uint16_t access[] = { SF_OP_DEV_READ, SF_OP_DEV_WRITE,
					   SF_OP_CPU_READ, SF_OP_CPU_WRITE };

	if (b >= 0xf0)				/* anything, unknown ops included */
		return (uint16_t)(b % (SF_OP__COUNT + 2));
	switch (kind) {
	case SF_EV_ACCESS:
		return access[b & 3];
	case SF_EV_DIRTY:
		return SF_OP_DIRTY_CHECK;
	case SF_EV_MUTATION:
		return (uint16_t)(b % (SF_OP_DIRTY_CHECK + 1));	/* CPU and slot mutations */
	default:
		return (uint16_t)(b % SF_OP__COUNT);
	}
}

static void decode_effect(struct reader *r, struct sf_effect *e, uint32_t npages)
{
	uint8_t bk = take(r), prot = take(r), fs = take(r), fc = take(r), obj = take(r);

	e->set_backing = bk % (SF_BK__COUNT + 1) == SF_BK__COUNT ? SF_EFF_KEEP
								  : bk % (SF_BK__COUNT + 1);
	e->set_prot = prot % 9 == 8 ? SF_EFF_KEEP : prot % 9;
	/* mostly one flag at a time, sometimes any byte */
	e->flags_set = fs >= 0xe0 ? fs : (fs & 7) ? (uint8_t)(1u << (fs & 7)) & SF_PS__ALL : 0;
	e->flags_clear = fc >= 0xe0 ? fc : (fc & 7) ? (uint8_t)(1u << (fc & 7)) & SF_PS__ALL : 0;
	e->obj_mode = obj % 6;	/* 5: unknown mode */
	if (e->obj_mode == SF_OBJ_MOVE)
		e->obj_arg = (obj >> 3) % (npages + 1);
	else if (e->obj_mode == SF_OBJ_SET)
		e->obj_arg = 1000ull * (obj >> 3);
}

/* One record; *t is the running t0. */
static void decode_event(struct reader *r, struct rec *x, uint32_t npages, uint64_t *t,
			 uint64_t *uniq)
{
	struct sf_event *ev = &x->ev;
	uint8_t b0 = take(r), bop = take(r), bpage = take(r), bn = take(r), bw = take(r);
	uint8_t dt = take(r), width = take(r), val = take(r);

	memset(x, 0, sizeof(*x));
	if (b0 & 0x10)			/* backwards, by at most dt */
		*t -= dt < *t ? dt : *t;
	else
		*t += dt;
	x->advance = (b0 >> 5) == 7;
	ev->kind = b0 & 3;
	ev->outcome = (b0 >> 2) & 3;
	ev->op = pick_op(bop, ev->kind);
	ev->page = bpage % (npages + 1);
	ev->npages = ev->kind == SF_EV_ACCESS && bn < 0xf0 ? 1 : bn % 4;
	ev->word = bw % (SF_WORDS_PER_PAGE + 1);
	ev->t0 = *t;
	ev->t1 = width == 0xff ? *t - (*t > 0) : *t + width;
	ev->value = val < 0xc0 ? val % 4 : ++*uniq;
	if (ev->kind == SF_EV_DIRTY)
		ev->value = (uint64_t)val * 0x0101010101010101ull;
	ev->seq = r->pos / EV_BYTES;
	decode_effect(r, &ev->eff, npages);
	ev->thread = take(r) % 4;
	ev->err = ev->outcome == SF_FAILED ? 12 : 0;
}

static void on_verdict(void *arg, const struct sf_verdict *v)
{
	struct run *run = arg;

	run->verdicts++;
	if (getenv("FUZZ_ORACLE_VERBOSE"))
		fprintf(stderr, "verdict %s: %s\n", sf_verdict_name(v->kind), v->why);
	if ((unsigned)v->kind >= SF_V__COUNT || v->ncand > SF_MAX_CANDIDATES ||
	    !memchr(v->why, 0, sizeof(v->why)) || !v->why[0] ||
	    v->access.page >= run->npages) {
		fprintf(stderr, "fuzz_oracle: malformed verdict kind %d ncand %u page %u why '%.*s'\n",
			(int)v->kind, v->ncand, v->access.page, (int)sizeof(v->why), v->why);
		abort();
	}
}

/* Accesses accepted since the oldest unjudged one: what the oracle may hold. */
static void track_pending(struct run *run, const struct sf_event *ev, int accepted)
{
	if (accepted && ev->t0 > run->watermark)
		run->watermark = ev->t0;
	if (accepted && (ev->kind == SF_EV_ACCESS || ev->kind == SF_EV_DIRTY))
		run->t1s[run->nt1++] = ev->t1;
	while (run->lo < run->nt1 && run->t1s[run->lo] < run->watermark)
		run->lo++;
	if (run->nt1 - run->lo > run->max_span)
		run->max_span = run->nt1 - run->lo;
}

static size_t mem_bound(const struct run *run)
{
	return MEM_FIXED + (size_t)run->npages * MEM_PER_PAGE + run->max_span * MEM_PER_PENDING;
}

static void check_memory(const struct run *run)
{
	const struct sf_oracle_stats *st = sf_oracle_stats(run->o);

	if (st->mem_peak > mem_bound(run)) {
		fprintf(stderr, "fuzz_oracle: mem_peak %zu > bound %zu (%u pages, %zu pending, "
			"%llu events fed)\n", st->mem_peak, mem_bound(run), run->npages,
			run->max_span, (unsigned long long)run->fed);
		abort();
	}
	if (st->events + st->rejected != run->fed) {
		fprintf(stderr, "fuzz_oracle: %llu accepted + %llu rejected != %llu fed\n",
			(unsigned long long)st->events, (unsigned long long)st->rejected,
			(unsigned long long)run->fed);
		abort();
	}
}

static void feed_all(struct run *run, const struct rec *recs, size_t n, uint64_t span, unsigned reps)
{
	for (unsigned k = 0; k < reps; k++) {
		uint64_t shift = k * span;

		for (size_t i = 0; i < n; i++) {
			struct sf_event ev = recs[i].ev;

			ev.t0 += shift;
			ev.t1 += shift;
			if (recs[i].advance) {
				sf_oracle_advance(run->o, ev.t0);
				if (ev.t0 > run->watermark)
					run->watermark = ev.t0;
				track_pending(run, &ev, 0);
				continue;
			}
			run->fed++;
			track_pending(run, &ev, sf_oracle_feed(run->o, &ev) == 0);
		}
		check_memory(run);
	}
	sf_oracle_finish(run->o);
	check_memory(run);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rec recs[MAX_EVENTS];
	struct reader r = { .d = data, .len = size, .pos = 1 };
	struct sf_oracle_cfg cfg = { 0 };
	struct run run = { 0 };
	uint64_t t = 1000, uniq = 1u << 20, tmax = 0;
	size_t n = 0;
	unsigned reps;

	if (!size)
		return 0;
	run.npages = 1 + (data[0] >> 1) % 4;
	cfg.npages = run.npages;
	cfg.sem = (data[0] & 1) ? SF_SEM_PINNED : SF_SEM_MIRROR;
	cfg.initial = (struct sf_pstate){ .backing = SF_BK_ANON_PRIVATE,
					  .prot = SF_PROT_R | SF_PROT_W, .obj = 1 };
	cfg.on_verdict = on_verdict;
	cfg.arg = &run;
	while (r.pos < r.len && n < MAX_EVENTS) {
		decode_event(&r, &recs[n], run.npages, &t, &uniq);
		if (recs[n].ev.t1 > tmax)
			tmax = recs[n].ev.t1;
		n++;
	}
	reps = n ? STREAM_EVENTS / n : 1;
	reps = reps > MAX_REPS ? MAX_REPS : reps ? reps : 1;
	run.t1s = malloc((n * reps + 1) * sizeof(*run.t1s));
	run.o = sf_oracle_new(&cfg);
	if (!run.o || !run.t1s) {
		fprintf(stderr, "fuzz_oracle: out of memory\n");
		abort();
	}
	feed_all(&run, recs, n, tmax + 1000, reps);
	sf_oracle_free(run.o);
	free(run.t1s);
	return 0;
}
