/*
 * Fuzzer bytes to a program. Every byte string decodes to a valid program:
 * each field takes as many bytes as its range needs and is clamped into
 * that range, missing bytes read as 0, and decoding stops at the end of
 * the data or at the op limit. Each op consumes a few bytes of its own, so
 * a mutation of the input changes the program locally.
 */
#include "seq.h"
#include "seq_shape.h"

#define DEC_DEFAULT_ARENA 64
#define DEC_DEFAULT_OPS 4096

/* Little-endian, nbytes <= 4; bytes past the end read as 0. */
uint32_t sf_bytes_take(struct sf_bytes *r, unsigned nbytes)
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
uint32_t sf_bytes_below(struct sf_bytes *r, uint32_t n)
{
	unsigned nbytes = n <= 1 ? 0 : n <= 0x100 ? 1 : n <= 0x10000 ? 2 : n <= 0x1000000 ? 3 : 4;

	return nbytes ? sf_bytes_take(r, nbytes) % n : 0;
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

void sf_bytes_range(struct sf_bytes *r, const struct sf_seq *s, struct sf_seq_op *o)
{
	o->page = sf_bytes_below(r, s->arena_pages);
	o->npages = 1 + sf_bytes_below(r, min_u32(SF_DEC_MAX_RANGE, s->arena_pages - o->page));
}

/* Join the newest id unless this thread has named it; else open a new one (ids start at 1). */
uint32_t sf_bytes_barrier(struct sf_bytes *r, unsigned thread)
{
	if (r->barrier == 0 || r->last[thread] >= r->barrier)
		r->barrier++;
	r->last[thread] = r->barrier;
	return r->barrier;
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
	struct sf_bytes r = { .d = data, .len = data ? len : 0 };
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
		o.op = kinds[sf_bytes_take(&r, 1) % nkinds];
		o.thread = (uint16_t)sf_bytes_below(&r, out->nthreads);
		sf_shape_of(o.op)->decode(&r, out, &o);
		if (sf_seq_push(out, &o))
			return;
	}
}
