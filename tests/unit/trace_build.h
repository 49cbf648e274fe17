/*
 * Hand-built event traces for the oracle's tests: event constructors, an
 * oracle with every page anon-private rw (page i holds object 1 + i) and a
 * verdict recorder.
 */
#ifndef SF_TEST_TRACE_H
#define SF_TEST_TRACE_H
#include <string.h>
#include "oracle.h"

#define TR_MAXV 64

struct trace {
	struct sf_oracle *o;
	unsigned nv;				/* verdicts seen */
	struct sf_verdict v[TR_MAXV];		/* the first TR_MAXV */
	unsigned count[SF_V__COUNT];
};

static inline void tr_on_verdict(void *arg, const struct sf_verdict *v)
{
	struct trace *t = arg;

	if (t->nv < TR_MAXV)
		t->v[t->nv] = *v;
	t->nv++;
	t->count[v->kind]++;
}

static inline struct sf_pstate tr_rw_state(void)
{
	struct sf_pstate s = { .backing = SF_BK_ANON_PRIVATE, .prot = SF_PROT_R | SF_PROT_W,
			       .obj = 1 };
	return s;
}

static inline void tr_init_state(struct trace *t, uint32_t npages, enum sf_semantics sem,
				 struct sf_pstate initial)
{
	struct sf_oracle_cfg cfg = {
		.npages = npages, .sem = sem, .initial = initial,
		.on_verdict = tr_on_verdict, .arg = t,
	};

	memset(t, 0, sizeof(*t));
	t->o = sf_oracle_new(&cfg);
}

static inline void tr_init(struct trace *t, uint32_t npages, enum sf_semantics sem)
{
	tr_init_state(t, npages, sem, tr_rw_state());
}

static inline void tr_free(struct trace *t)
{
	sf_oracle_free(t->o);
	t->o = NULL;
}

static inline const struct sf_oracle_stats *tr_stats(const struct trace *t)
{
	return sf_oracle_stats(t->o);
}

static inline struct sf_event tr_access(enum sf_op op, uint32_t page, uint32_t word,
					uint64_t t0, uint64_t t1, enum sf_outcome out,
					uint64_t value)
{
	struct sf_event e = {
		.t0 = t0, .t1 = t1, .value = value, .page = page, .npages = 1,
		.word = word, .op = op, .kind = SF_EV_ACCESS, .outcome = out,
	};
	return e;
}

static inline struct sf_event tr_mut(enum sf_op op, uint32_t page, uint32_t n,
				     uint64_t t0, uint64_t t1, struct sf_effect eff)
{
	struct sf_event e = {
		.t0 = t0, .t1 = t1, .page = page, .npages = n, .op = op,
		.kind = SF_EV_MUTATION, .outcome = SF_OK, .eff = eff,
	};
	return e;
}

static inline struct sf_effect tr_eff(unsigned backing, unsigned prot, unsigned obj_mode,
				      uint64_t arg)
{
	struct sf_effect e = {
		.set_backing = (uint8_t)backing, .set_prot = (uint8_t)prot,
		.obj_mode = (uint8_t)obj_mode, .obj_arg = arg,
	};
	return e;
}

static inline struct sf_event tr_mprotect(uint32_t page, uint32_t n, unsigned prot,
					  uint64_t t0, uint64_t t1)
{
	return tr_mut(SF_OP_MPROTECT, page, n, t0, t1,
		      tr_eff(SF_EFF_KEEP, prot, SF_OBJ_KEEP, 0));
}

static inline struct sf_event tr_munmap(uint32_t page, uint32_t n, uint64_t t0, uint64_t t1)
{
	return tr_mut(SF_OP_MUNMAP, page, n, t0, t1,
		      tr_eff(SF_BK_NONE, 0, SF_OBJ_KEEP, 0));
}

/* mmap of fresh anonymous private memory */
static inline struct sf_event tr_mmap(uint32_t page, uint32_t n, unsigned prot,
				      uint64_t t0, uint64_t t1)
{
	return tr_mut(SF_OP_MMAP, page, n, t0, t1,
		      tr_eff(SF_BK_ANON_PRIVATE, prot, SF_OBJ_FRESH, 0));
}

/* mremap's first half: pages [dst, dst+n) take the state of [src, src+n) */
static inline struct sf_event tr_move(uint32_t dst, uint32_t n, uint32_t src,
				      uint64_t t0, uint64_t t1)
{
	return tr_mut(SF_OP_MREMAP, dst, n, t0, t1,
		      tr_eff(SF_EFF_KEEP, SF_EFF_KEEP, SF_OBJ_MOVE, src));
}

static inline struct sf_event tr_dirty(uint32_t page, uint32_t n, uint64_t bitmap,
				       uint64_t t0, uint64_t t1)
{
	struct sf_event e = {
		.t0 = t0, .t1 = t1, .value = bitmap, .page = page, .npages = n,
		.op = SF_OP_DIRTY_CHECK, .kind = SF_EV_DIRTY, .outcome = SF_OK,
	};
	return e;
}

static inline int tr_feed(struct trace *t, struct sf_event e)
{
	return sf_oracle_feed(t->o, &e);
}

static inline unsigned tr_total(const struct trace *t)
{
	return t->nv;
}
#endif
