/*
 * Per-page state histories: applying a mutation's effect, finding the
 * records an access may have seen, and dropping records no future access
 * can see.
 */
#include <string.h>
#include "oracle_priv.h"
#include "sf_assert.h"

#define SLOT_BITS (SF_PS_NO_SLOT | SF_PS_SLOT_RO | SF_PS_LOG_DIRTY)

int orc_pages_init(struct sf_oracle *o)
{
	const struct sf_pstate *ini = &o->cfg.initial;

	o->pages = orc_alloc(o, (size_t)o->cfg.npages * sizeof(*o->pages));
	if (!o->pages)
		return -1;
	for (uint32_t i = 0; i < o->cfg.npages; i++) {
		struct page *pg = &o->pages[i];
		struct rec *r = pg->inl;

		/* no allocation per page: a short program makes a whole oracle */
		pg->r = r;
		pg->cap = REC_INLINE;
		pg->n = 1;
		r->st = *ini;
		r->st.flags &= SF_PS__ALL;
		r->initial = 1;
		/* page i holds content initial.obj + i (never in the fresh range) */
		if (ini->obj >= FRESH_BASE || FRESH_BASE - ini->obj <= i ||
		    ini->backing == SF_BK_NONE || (ini->flags & SF_PS_UNKNOWN))
			r->st.obj = SF_OBJ_UNKNOWN;
		else
			r->st.obj = ini->obj + i;
		orc_since_init(o, r);
	}
	return 0;
}

void orc_pages_free(struct sf_oracle *o)
{
	if (!o->pages)
		return;
	for (uint32_t i = 0; i < o->cfg.npages; i++)
		if (o->pages[i].r != o->pages[i].inl)
			orc_free(o, o->pages[i].r, o->pages[i].cap * sizeof(struct rec));
	orc_free(o, o->pages, (size_t)o->cfg.npages * sizeof(*o->pages));
	o->pages = NULL;
}

/* Record k is dead once its successor ended before low: no access that
 * starts at or after low can see it. Keeps the newest record always. */
void orc_prune_page(struct sf_oracle *o, struct page *pg, uint64_t low)
{
	uint32_t k = 0;

	while (k + 1 < pg->n && pg->r[k + 1].t1 < low)
		k++;
	if (!k)
		return;
	memmove(pg->r, pg->r + k, (pg->n - k) * sizeof(*pg->r));
	pg->n -= k;
}

static void append_rec(struct sf_oracle *o, struct page *pg, const struct rec *nr)
{
	orc_prune_page(o, pg, orc_low(o));
	if (pg->n == pg->cap && pg->cap < REC_CAP) {
		uint32_t nc = pg->cap * 2 < REC_CAP ? pg->cap * 2 : REC_CAP;
		struct rec *r;

		if (pg->r == pg->inl) {
			r = orc_alloc(o, nc * sizeof(*r));
			if (r)
				memcpy(r, pg->inl, pg->n * sizeof(*r));
		} else {
			r = orc_realloc(o, pg->r, pg->cap * sizeof(*r), nc * sizeof(*r));
		}
		if (r) {
			pg->r = r;
			pg->cap = nc;
		}
	}
	if (pg->n == pg->cap) {
		/* cap reached: forget the oldest; accesses that could have
		 * seen it are no longer judged (widening, never a verdict) */
		if (pg->r[1].t1 > pg->lost_until || !pg->lost)
			pg->lost_until = pg->r[1].t1;
		pg->lost = 1;
		o->st.widened++;
		memmove(pg->r, pg->r + 1, (pg->n - 1) * sizeof(*pg->r));
		pg->n--;
	}
	/* orc_candidates() stops at the first record starting after an access */
	SF_ASSERT(pg->n == 0 || pg->r[pg->n - 1].t0 <= nr->t0);
	pg->r[pg->n++] = *nr;
}

/* The state a mutation leaves on one page; base is the state it starts from. */
static struct sf_pstate apply_effect(struct sf_oracle *o, const struct sf_event *ev,
				     struct sf_pstate st, uint32_t i)
{
	const struct sf_effect *e = &ev->eff;
	bool explicit = e->set_backing != SF_EFF_KEEP && e->set_prot != SF_EFF_KEEP;

	if (e->set_backing != SF_EFF_KEEP) {
		st.backing = e->set_backing;
		/* a new (or no) VMA: no userfaultfd registration, no device page survives */
		st.flags &= ~(SF_PS_UFFD_WP | SF_PS_DEVPRIV);
	}
	if (e->set_prot != SF_EFF_KEEP)
		st.prot = e->set_prot;
	/* only a full replacement of the mapping makes an unknown state known */
	if (explicit)
		st.flags &= ~SF_PS_UNKNOWN;
	st.flags = (uint8_t)((st.flags | e->flags_set) & ~(e->flags_clear & ~SF_PS_UNKNOWN));
	if (((e->flags_set | e->flags_clear) & SLOT_BITS) == SLOT_BITS)
		st.flags &= ~SF_PS_SLOT_UNKNOWN;
	switch (e->obj_mode) {
	case SF_OBJ_FRESH:
		st.obj = o->next_fresh++;
		if (st.backing != SF_BK_NONE && !(st.flags & SF_PS_UNKNOWN))
			orc_obj_born(o, st.obj, ev->t0, ev->t1);
		break;
	case SF_OBJ_SET:
		st.obj = e->obj_arg + i;
		break;
	case SF_OBJ_FORGET:
		st.obj = SF_OBJ_UNKNOWN;
		break;
	default:	/* KEEP; MOVE: st is already the source's */
		break;
	}
	if (st.backing == SF_BK_NONE || (st.flags & SF_PS_UNKNOWN))
		st.obj = SF_OBJ_UNKNOWN;
	return st;
}

/* Did a mutation of pg end at or after t? Then the two may be in either order. */
static bool overlaps(const struct page *pg, uint64_t t)
{
	return pg->has_mut && t <= pg->max_t1;
}

/*
 * A MOVE copied page src's state while its interval ran; a mutation of src
 * that starts before the MOVE ended may have come first, so the copy is
 * unknown. The MOVE record is the destination's newest known one (anything
 * newer overlapped it and is unknown already). The source's own unmap,
 * which the same syscall does after copying, is not such a mutation: it
 * ends with the MOVE and has its interval, or (workers, which start it
 * 1 ns later so the collector keeps the order) the same op and thread.
 */
static void widen_move(struct sf_oracle *o, struct page *src)
{
	struct page *dst = &o->pages[src->mv_dst];

	for (uint32_t k = dst->n; k-- > 0;) {
		struct rec *r = &dst->r[k];

		if (r->t0 == src->mv_t0 && r->t1 == src->mv_t1) {
			r->st.flags |= SF_PS_UNKNOWN;
			r->st.obj = SF_OBJ_UNKNOWN;
			orc_since_widened(o, r, src->mv_dst);
			break;
		}
		if (r->t0 < src->mv_t0)
			break;
	}
	src->has_mv = 0;
}

static void move_source_changed(struct sf_oracle *o, struct page *src, const struct sf_event *ev)
{
	bool same_op = ev->t1 == src->mv_t1 &&
		       (ev->t0 == src->mv_t0 ||
			(ev->seq == src->mv_seq && ev->thread == src->mv_thread));

	if (src->has_mv && ev->t0 <= src->mv_t1 && !same_op)
		widen_move(o, src);
}

#define SLOT_FLAGS (SF_PS_NO_SLOT | SF_PS_SLOT_RO | SF_PS_LOG_DIRTY | SF_PS_SLOT_UNKNOWN)

static void apply_page(struct sf_oracle *o, const struct sf_event *ev, uint32_t i,
		       bool slot_touch)
{
	struct page *pg = &o->pages[ev->page + i];
	struct rec nr = { .t0 = ev->t0, .t1 = ev->t1, .op = ev->op };
	struct sf_pstate base = pg->r[pg->n - 1].st;
	bool unordered = overlaps(pg, ev->t0);

	move_source_changed(o, pg, ev);
	if (ev->eff.obj_mode == SF_OBJ_MOVE) {
		struct page *src = &o->pages[ev->eff.obj_arg + i];
		/* memslots map guest-physical positions, so they stay with the
		 * destination page; the mapping and content come from the source */
		uint8_t slots = base.flags & SLOT_FLAGS;

		base = src->r[src->n - 1].st;
		base.flags = (uint8_t)((base.flags & ~SLOT_FLAGS) | slots);
		unordered |= overlaps(src, ev->t0);
		/* one MOVE per source is tracked: settle an older, open one */
		if (src->has_mv && ev->t0 <= src->mv_t1)
			widen_move(o, src);
		src->has_mv = 1;
		src->mv_dst = ev->page + i;
		src->mv_t0 = ev->t0;
		src->mv_t1 = ev->t1;
		src->mv_seq = ev->seq;
		src->mv_thread = ev->thread;
	}
	nr.st = apply_effect(o, ev, base, i);
	if (unordered) {
		nr.st.flags |= SF_PS_UNKNOWN;
		nr.st.obj = SF_OBJ_UNKNOWN;
		if (slot_touch || (pg->has_slot && ev->t0 <= pg->slot_t1))
			nr.st.flags |= SF_PS_SLOT_UNKNOWN;
	}
	orc_since_apply(o, &nr, &pg->r[pg->n - 1], ev);
	append_rec(o, pg, &nr);
	/* mlock and madvise (populate) may write-fault the page in: a COW break */
	if (ev->op == SF_OP_MLOCK || ev->op == SF_OP_MADVISE)
		orc_note_wfault(pg, ev);
	if (!pg->has_mut || ev->t1 > pg->max_t1)
		pg->max_t1 = ev->t1;
	pg->has_mut = 1;
	if (slot_touch) {
		if (!pg->has_slot || ev->t1 > pg->slot_t1)
			pg->slot_t1 = ev->t1;
		pg->has_slot = 1;
		/* a memslot change resets its dirty bitmap: no obligation survives */
		pg->obl.valid = 0;
	}
}

void orc_apply_mutation(struct sf_oracle *o, const struct sf_event *ev)
{
	bool slot_touch = sf_op_class((enum sf_op)ev->op) == SF_CLS_SLOT ||
			  ((ev->eff.flags_set | ev->eff.flags_clear) & SLOT_BITS);

	if (ev->op == SF_OP_FORK)
		orc_fork_seen(o, ev);

	/* a MOVE within overlapping ranges reads each source before it is
	 * overwritten (like memmove) */
	if (ev->eff.obj_mode == SF_OBJ_MOVE && ev->eff.obj_arg < ev->page) {
		for (uint32_t i = ev->npages; i-- > 0;)
			apply_page(o, ev, i, slot_touch);
	} else {
		for (uint32_t i = 0; i < ev->npages; i++)
			apply_page(o, ev, i, slot_touch);
	}
}

/*
 * A failed mutation changes nothing the oracle judges, but the kernel may
 * have acted on part of its range before failing (UFFDIO_WRITEPROTECT
 * stops at the first VMA not registered, after the ones before it; mprotect
 * and madvise likewise), invalidations included: for LOST_INVAL, a change
 * of the page was in flight while it ran.
 */
void orc_note_failed(struct sf_oracle *o, const struct sf_event *ev)
{
	uint32_t n = ev->page < o->cfg.npages ? o->cfg.npages - ev->page : 0;

	for (uint32_t i = 0; i < ev->npages && i < n; i++) {
		struct page *pg = &o->pages[ev->page + i];

		if (!pg->has_failed || ev->t1 > pg->failed_t1)
			pg->failed_t1 = ev->t1;
		pg->has_failed = 1;
	}
}

unsigned orc_candidates(const struct page *pg, uint64_t s, uint64_t e, uint32_t *idx)
{
	unsigned k = 0;

	for (uint32_t i = 0; i < pg->n; i++) {
		if (pg->r[i].t0 > e)
			break;	/* records are in t0 order */
		if (i + 1 == pg->n || pg->r[i + 1].t1 >= s)
			idx[k++] = i;
	}
	return k;
}
