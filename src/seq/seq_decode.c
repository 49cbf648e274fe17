/*
 * Fuzzer bytes to a program. Every byte string decodes to a valid program:
 * each field takes as many bytes as its range needs and is clamped into
 * that range, missing bytes read as 0, and decoding stops at the end of
 * the data or at the op limit. Each op consumes a few bytes of its own, so
 * a mutation of the input changes the program locally.
 */
#include "state.h"
#include "seq.h"
#include "seq_priv.h"

#define DEC_DEFAULT_ARENA 64
#define DEC_DEFAULT_OPS 4096
#define DEC_MAX_RANGE 64	/* longest range a decoded op covers */
#define DEC_NODES 4

struct reader {
	const uint8_t *d;
	size_t len, pos;
};

/* Little-endian, nbytes <= 4; bytes past the end read as 0. */
static uint32_t take(struct reader *r, unsigned nbytes)
{
	size_t avail = r->pos < r->len ? r->len - r->pos : 0;
	unsigned n = nbytes < avail ? nbytes : (unsigned)avail;
	uint32_t v = 0;

	/* bounds once, not per byte: every input of a fuzz run comes through here */
	for (unsigned i = 0; i < n; i++)
		v |= (uint32_t)r->d[r->pos + i] << (8 * i);
	r->pos += nbytes;
	return v;
}

/* A value in [0, n), n >= 1, from as few bytes as n needs. */
static uint32_t take_below(struct reader *r, uint32_t n)
{
	unsigned nbytes = n <= 1 ? 0 : n <= 0x100 ? 1 : n <= 0x10000 ? 2 : n <= 0x1000000 ? 3 : 4;

	return nbytes ? take(r, nbytes) % n : 0;
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static void take_range(struct reader *r, const struct sf_seq *s, struct sf_seq_op *o)
{
	o->page = take_below(r, s->arena_pages);
	o->npages = 1 + take_below(r, min_u32(DEC_MAX_RANGE, s->arena_pages - o->page));
}

static void take_mremap(struct reader *r, const struct sf_seq *s, struct sf_seq_op *o)
{
	uint32_t mode = take_below(r, 3);	/* in place, move, move + dontunmap */

	take_range(r, s, o);
	if (mode == 0) {
		o->arg0 = 1 + take_below(r, min_u32(DEC_MAX_RANGE, s->arena_pages - o->page));
		o->arg1 = o->page;
		return;
	}
	o->arg2 = mode == 1 ? SF_MREMAP_MOVE : SF_MREMAP_MOVE | SF_MREMAP_DONTUNMAP;
	o->arg0 = 1 + take_below(r, min_u32(DEC_MAX_RANGE, s->arena_pages));
	o->arg1 = take_below(r, s->arena_pages - o->arg0 + 1);
}

/* Barriers: join the newest id unless this thread has named it; else open a new one. */
struct barriers {
	uint32_t cur;
	uint32_t last[SF_SEQ_MAX_THREADS];	/* 0 = none yet; ids start at 1 */
};

static uint32_t next_barrier(struct barriers *b, unsigned thread)
{
	if (b->cur == 0 || b->last[thread] >= b->cur)
		b->cur++;
	b->last[thread] = b->cur;
	return b->cur;
}

static void take_args(struct reader *r, const struct sf_seq *s, struct sf_seq_op *o,
		      struct barriers *b)
{
	enum sf_shape sh = sf_seq_shape(o->op);

	if (sh == SF_SH_RANGE_MREMAP) {
		take_mremap(r, s, o);
		return;
	}
	if (sf_shape_leads_with_range(sh))
		take_range(r, s, o);
	switch (sh) {
	case SF_SH_NONE:
	case SF_SH_RANGE:
	case SF_SH_RANGE_MREMAP:
		break;
	case SF_SH_RANGE_PROT:
		o->arg0 = take_below(r, 8);
		break;
	case SF_SH_RANGE_MMAP:
		o->arg0 = 1 + take_below(r, SF_BK__COUNT - 1);
		o->arg1 = take_below(r, 8);
		break;
	case SF_SH_RANGE_ADVICE:
		o->arg0 = take_below(r, SF_ADV__COUNT);
		break;
	case SF_SH_RANGE_ONOFF:
		o->arg0 = take_below(r, 2);
		break;
	case SF_SH_RANGE_NODE:
		o->arg0 = take_below(r, DEC_NODES);
		break;
	case SF_SH_SLOT_ADD:
		o->arg0 = take_below(r, SF_SEQ_MAX_SLOTS);
		take_range(r, s, o);
		o->arg1 = take_below(r, 4);
		break;
	case SF_SH_SLOT:
		o->arg0 = take_below(r, SF_SEQ_MAX_SLOTS);
		break;
	case SF_SH_SLOT_FLAGS:
		o->arg0 = take_below(r, SF_SEQ_MAX_SLOTS);
		o->arg1 = take_below(r, 4);
		break;
	case SF_SH_ACCESS:
		o->page = take_below(r, s->arena_pages);
		o->npages = 1;
		o->arg0 = take_below(r, SF_WORDS_PER_PAGE);
		break;
	case SF_SH_NUMBER:
		if (o->op == SF_OP_BARRIER)
			o->arg0 = next_barrier(b, o->thread);
		else
			o->arg0 = take(r, 2) * 8;	/* up to about 0.5 ms */
		break;
	}
}

/* FNV-1a of the input: the program's seed, so values differ between inputs. */
static uint64_t hash_bytes(const uint8_t *d, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < len; i++)
		h = (h ^ d[i]) * 0x100000001b3ull;
	return h;
}

void sf_seq_decode(struct sf_seq *out, const uint8_t *data, size_t len,
		   const struct sf_gen_params *p)
{
	struct reader r = { .d = data, .len = data ? len : 0 };
	struct barriers b = { 0 };
	uint64_t mask = p->allowed_ops ? p->allowed_ops : ~0ull;
	uint8_t kinds[SF_OP__COUNT];
	uint32_t nkinds = 0;
	size_t max = p->nops ? min_u32(p->nops, SF_SEQ_MAX_OPS) : DEC_DEFAULT_OPS;

	sf_seq_init(out);
	out->arena_pages = p->arena_pages ? min_u32(p->arena_pages, SF_SEQ_MAX_PAGES)
					  : DEC_DEFAULT_ARENA;
	out->nthreads = p->nthreads ? min_u32(p->nthreads, SF_SEQ_MAX_THREADS) : 2;
	out->seed = hash_bytes(r.d, r.len);
	for (unsigned op = 0; op < SF_OP__COUNT; op++)
		if ((mask >> op) & 1)
			kinds[nkinds++] = (uint8_t)op;
	if (!nkinds)
		return;
	while (r.pos < r.len && out->nops < max) {
		struct sf_seq_op o = { 0 };

		/* always one byte, even with one kind: every op eats input */
		o.op = kinds[take(&r, 1) % nkinds];
		o.thread = (uint16_t)take_below(&r, out->nthreads);
		take_args(&r, out, &o, &b);
		if (sf_seq_push(out, &o))
			return;
	}
}
