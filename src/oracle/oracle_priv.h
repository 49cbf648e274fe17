/*
 * The oracle's private state, shared by oracle*.c. See docs/oracle.md for
 * the model; the short version:
 *   - per page, a list of state records {t0, t1, state} in feed order;
 *   - per content object and word, a list of writes that succeeded;
 *   - pending accesses wait (heap by t1) until no later event can matter.
 */
#ifndef SF_ORACLE_PRIV_H
#define SF_ORACLE_PRIV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "oracle.h"

#define REC_CAP 64		/* records per page before widening */
#define REC_INLINE 2		/* records a page holds without an allocation of its own */
#define WHIST_CAP 64		/* writes per (obj, word) before widening */
#define FRESH_BASE (1ull << 62)	/* first id the oracle allocates */
/*
 * First sizes of the pending ring and heap and of the object table; all
 * grow by doubling. Small, because a short program (a fuzz input, a
 * minimiser candidate) makes a whole oracle for a few dozen events.
 */
#define PEND_CAP0 32
#define TAB_CAP0 64

/* A mutation as a verdict names it (struct sf_cause without a role). */
struct cref {
	uint64_t t0, t1;
	uint32_t page, npages;
	uint16_t op;
	uint8_t initial;	/* cfg.initial, not a mutation */
};

/* rec.since[]: which property's latest change each entry names */
enum { SINCE_READ, SINCE_WRITE, SINCE_OBJ, SINCE__COUNT };

/*
 * "the mutation that produced st ran during [t0, t1]". since[] says which
 * mutation made what the device may do (read, write: the outcomes
 * sf_pstate_allows gives under cfg.sem) and the content what they are
 * here: carried over from record to record while they stay the same, so a
 * verdict can name the mutation that made the state it violated even when
 * the records between were dropped (oracle_cause.c).
 */
struct rec {
	uint64_t t0, t1;
	struct sf_pstate st;
	uint16_t op;		/* producing op, for the why of a verdict */
	uint8_t initial;	/* cfg.initial, not a mutation */
	uint8_t allow_r, allow_w;	/* sf_pstate_allows(st, read/write, cfg.sem) */
	struct cref since[SINCE__COUNT];
};

/* The latest forks: fork write-protects every private page, not only its range. */
#define FORKS_KEPT 4

/* the earliest-ending device write the next dirty-log fetch must report */
struct dirty_obl {
	uint64_t t0, t1, value, seq;
	uint32_t word;
	uint16_t thread;
	uint8_t valid;
};

struct page {
	struct rec *r;		/* inl until more than REC_INLINE records are needed */
	uint32_t n, cap;
	struct rec inl[REC_INLINE];
	uint64_t max_t1;	/* latest end of any mutation of this page */
	uint64_t slot_t1;	/* latest end of a memslot change of this page */
	uint64_t lost_until;	/* records possible until then were dropped */
	uint64_t dirty_t1;	/* end of the last dirty-log fetch covering it */
	uint8_t has_mut, has_slot, lost, has_dirty;
	uint8_t has_mv;		/* was the source of a MOVE: */
	uint32_t mv_dst;	/* its destination page */
	uint64_t mv_t0, mv_t1;	/* and interval */
	uint64_t mv_seq;	/* and op (seq, thread) */
	uint16_t mv_thread;
	struct dirty_obl obl;
	uint8_t has_wrote;	/* a device write of the page succeeded: */
	uint64_t wrote_t0, wrote_t1;	/* the latest-starting one (for causes) */
	uint8_t has_wfault;	/* a write access (CPU or device) may have faulted: */
	struct cref wfault;	/* the latest-starting one (a COW break, for LOST_INVAL) */
	uint8_t has_failed;	/* a mutation of this page failed: */
	uint64_t failed_t1;	/* the latest end of one (it may have acted in part) */
};

/* one write that succeeded, in one content object */
struct wr {
	uint64_t t0, t1, value;
	uint8_t definite;	/* the write surely went to this object */
	uint8_t device;
	uint8_t tear;		/* SF_EVF_MAY_TEAR: readers may see it half done */
	uint8_t partial;	/* a byte copy that faulted: may have left some bytes */
};

struct whist {
	struct wr *e;
	uint16_t n, cap;
	uint8_t lost;		/* writes ending by lost_t1 were dropped (cap) */
	uint64_t lost_t1;
};

/* content object: born zero-filled during [born_t0, born_t1] */
struct objh {
	uint64_t obj;
	uint64_t born_t0, born_t1;
	uint8_t mark;
	struct whist w[SF_WORDS_PER_PAGE];
};

struct pending_ring {
	struct sf_event *ev;
	uint8_t *done;
	uint64_t head, tail;	/* sequence numbers; slot = seq & (cap - 1) */
	uint64_t cap;
};

struct heap_ent {
	uint64_t t1, seq;
};

struct sf_oracle {
	struct sf_oracle_cfg cfg;
	struct sf_oracle_stats st;
	struct page *pages;
	uint64_t floor;		/* no event may have t0 below this */
	uint64_t next_fresh;
	/* obj -> objh, open addressing, power-of-two size */
	struct objh **tab;
	size_t tab_size, tab_count, sweep_at;
	bool objs_lost;		/* non-fresh objects were evicted: content unknown */
	struct whist wild[SF_WORDS_PER_PAGE];	/* writes whose object is unknown */
	struct pending_ring pend;
	struct heap_ent *heap;
	size_t heap_n, heap_cap;
	struct cref forks[FORKS_KEPT];	/* ring of the latest successful forks */
	unsigned nforks;		/* ever fed */
};

/* memory accounting (oracle.c) */
void *orc_alloc(struct sf_oracle *o, size_t n);
void *orc_realloc(struct sf_oracle *o, void *p, size_t old, size_t n);
void orc_free(struct sf_oracle *o, void *p, size_t n);
uint64_t orc_low(struct sf_oracle *o);

/* pages (oracle_pages.c) */
int orc_pages_init(struct sf_oracle *o);
void orc_pages_free(struct sf_oracle *o);
void orc_apply_mutation(struct sf_oracle *o, const struct sf_event *ev);
void orc_note_failed(struct sf_oracle *o, const struct sf_event *ev);
void orc_prune_page(struct sf_oracle *o, struct page *pg, uint64_t low);
/* candidate record indices of an access [s, e] on pg; returns how many */
unsigned orc_candidates(const struct page *pg, uint64_t s, uint64_t e, uint32_t *idx);

/* values (oracle_values.c) */
struct objh *orc_obj_find(struct sf_oracle *o, uint64_t obj);
struct objh *orc_obj_born(struct sf_oracle *o, uint64_t obj, uint64_t t0, uint64_t t1);
void orc_record_write(struct sf_oracle *o, const uint64_t *objs, unsigned nobj,
		      const struct sf_event *a, bool device);
void orc_objs_sweep(struct sf_oracle *o);
void orc_objs_free(struct sf_oracle *o);
/* 1 explained (or cannot tell), 0 not explained */
int orc_value_explained(struct sf_oracle *o, const uint64_t *objs, unsigned nobj,
			const struct sf_event *a);
/* a device write definitely between the read and every write of its value */
bool orc_device_write_lost(struct sf_oracle *o, const uint64_t *objs, unsigned nobj,
			   const struct sf_event *a, struct wr *lost);

/* causes (oracle_cause.c) */
void orc_since_init(struct sf_oracle *o, struct rec *r);
void orc_since_apply(struct sf_oracle *o, struct rec *nr, const struct rec *base,
		     const struct sf_event *ev);
void orc_fork_seen(struct sf_oracle *o, const struct sf_event *ev);
/* r (of page) was made unknown after the fact (a MOVE whose source changed) */
void orc_since_widened(struct sf_oracle *o, struct rec *r, uint32_t page);
/* One access being judged: the records it may have seen and what they allow. */
struct judgement {
	const struct sf_event *a;
	const struct page *pg;
	uint32_t idx[REC_CAP];	/* candidate record indices, oldest first */
	uint8_t allow[REC_CAP];	/* sf_pstate_allows() of each, under sem */
	unsigned n;
	unsigned allowed;
	bool write, dev;
	enum sf_semantics sem;
};
/* Fills v->cause[] for a verdict of kind k on judgement j (value: a value verdict). */
void orc_causes(const struct sf_oracle *o, const struct judgement *j, enum sf_verdict_kind k,
		bool value, struct sf_verdict *v);

/* The latest-starting write (access, or mlock/madvise populating) of pg: a COW break's cause. */
void orc_note_wfault(struct page *pg, const struct sf_event *ev);
/*
 * A fork overlapping [t0, t1]: it write-protects every private page and
 * flushes (secondary TLBs too) only at its end.
 */
bool orc_fork_in_flight(const struct sf_oracle *o, uint64_t t0, uint64_t t1);
/* LOST_INVAL: what changed the translation the device kept (an enum sf_stale) */
void orc_stale_causes(const struct sf_oracle *o, const struct judgement *j, int stale,
		      struct sf_verdict *v);

/* judging (oracle_judge.c) */
void orc_judge(struct sf_oracle *o, const struct sf_event *a);
/* an access that cannot be kept: no judgement, its write (if any) goes wild */
void orc_access_dropped(struct sf_oracle *o, const struct sf_event *a);
void orc_dirty(struct sf_oracle *o, const struct sf_event *ev);
bool orc_pending_write_has(struct sf_oracle *o, uint32_t word, uint64_t value, uint64_t e);
/* Bit i set when byte i of x and v agree (torn reads). */
static inline unsigned orc_same_bytes(uint64_t x, uint64_t v)
{
	unsigned m = 0;

	for (unsigned i = 0; i < 8; i++)
		if (!(((x ^ v) >> (8 * i)) & 0xff))
			m |= 1u << i;
	return m;
}

/*
 * A device write made as a byte copy (copy_to_user) that faulted may have
 * stored its first bytes before the fault, on whatever page was mapped:
 * later reads may show them (seen with iommufd racing an mmap).
 */
static inline bool orc_partial_write(const struct sf_event *a)
{
	return a->op == SF_OP_DEV_WRITE && a->outcome != SF_OK &&
	       (a->flags & SF_EVF_MAY_TEAR) && !(a->flags & SF_EVF_RIGHTS);
}

/*
 * The bytes of v that write x (value xv) may have left in place. A copy
 * that faulted stopped short of its last byte: copies run upwards (rep
 * movsb, the byte-by-byte fixup), so byte 7 is never one it stored, and a
 * read that shows a faulted write whole is still a verdict.
 */
static inline unsigned orc_write_bytes(uint64_t xv, bool partial, uint64_t v)
{
	return orc_same_bytes(xv, v) & (partial ? 0x7fu : 0xffu);
}

/* Torn reads: the bytes of value (bit i = byte i) pending writes hold in place. */
unsigned orc_pending_write_bytes(struct sf_oracle *o, uint32_t word, uint64_t value, uint64_t e,
				 bool *tear);
#endif
