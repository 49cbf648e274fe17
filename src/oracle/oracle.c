/*
 * The oracle's front: checks every event, keeps pending accesses until
 * nothing fed later can change their judgement, and hands mutations,
 * accesses and dirty-log fetches to the model (oracle_pages.c,
 * oracle_values.c, oracle_judge.c). Pure: no syscalls, no clocks.
 */
#include <stdlib.h>
#include <string.h>
#include "oracle_priv.h"
#include "sf_assert.h"

void *orc_alloc(struct sf_oracle *o, size_t n)
{
	void *p = calloc(1, n);

	if (p) {
		o->st.mem_bytes += n;
		if (o->st.mem_bytes > o->st.mem_peak)
			o->st.mem_peak = o->st.mem_bytes;
	}
	return p;
}

void *orc_realloc(struct sf_oracle *o, void *p, size_t old, size_t n)
{
	void *q = realloc(p, n);

	if (!q)
		return NULL;
	o->st.mem_bytes += n - old;
	if (o->st.mem_bytes > o->st.mem_peak)
		o->st.mem_peak = o->st.mem_bytes;
	return q;
}

void orc_free(struct sf_oracle *o, void *p, size_t n)
{
	if (!p)
		return;
	free(p);
	o->st.mem_bytes -= n;
}

/* ---- pending accesses: a FIFO in t0 order plus a min-heap by t1 ---- */

static int ring_grow(struct sf_oracle *o)
{
	struct pending_ring *r = &o->pend;
	uint64_t ncap = r->cap ? r->cap * 2 : PEND_CAP0;
	struct sf_event *ev = orc_alloc(o, ncap * sizeof(*ev));
	uint8_t *done = orc_alloc(o, ncap);

	if (!ev || !done) {
		orc_free(o, ev, ncap * sizeof(*ev));
		orc_free(o, done, ncap);
		return -1;
	}
	for (uint64_t s = r->head; s < r->tail; s++) {
		ev[s & (ncap - 1)] = r->ev[s & (r->cap - 1)];
		done[s & (ncap - 1)] = r->done[s & (r->cap - 1)];
	}
	orc_free(o, r->ev, r->cap * sizeof(*r->ev));
	orc_free(o, r->done, r->cap);
	r->ev = ev;
	r->done = done;
	r->cap = ncap;
	return 0;
}

static void heap_up(struct heap_ent *h, size_t i)
{
	struct heap_ent x = h[i];

	while (i) {
		size_t p = (i - 1) / 2;

		if (h[p].t1 <= x.t1)
			break;
		h[i] = h[p];
		i = p;
	}
	h[i] = x;
	SF_ASSERT(i == 0 || h[(i - 1) / 2].t1 <= h[i].t1);
}

static void heap_down(struct heap_ent *h, size_t n, size_t i)
{
	struct heap_ent x = h[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && h[c + 1].t1 < h[c].t1)
			c++;
		if (x.t1 <= h[c].t1)
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = x;
	SF_ASSERT(2 * i + 1 >= n || h[i].t1 <= h[2 * i + 1].t1);
	SF_ASSERT(2 * i + 2 >= n || h[i].t1 <= h[2 * i + 2].t1);
}

static int pending_push(struct sf_oracle *o, const struct sf_event *ev)
{
	struct pending_ring *r = &o->pend;

	if (r->tail - r->head == r->cap && ring_grow(o))
		return -1;
	if (o->heap_n == o->heap_cap) {
		size_t nc = o->heap_cap ? o->heap_cap * 2 : PEND_CAP0;
		struct heap_ent *h = orc_realloc(o, o->heap, o->heap_cap * sizeof(*h),
						 nc * sizeof(*h));

		if (!h)
			return -1;
		o->heap = h;
		o->heap_cap = nc;
	}
	SF_ASSERT(r->tail - r->head < r->cap && (r->cap & (r->cap - 1)) == 0);
	/* pushed in t0 order: orc_low() relies on it */
	SF_ASSERT(r->tail == r->head || r->ev[(r->tail - 1) & (r->cap - 1)].t0 <= ev->t0);
	r->ev[r->tail & (r->cap - 1)] = *ev;
	r->done[r->tail & (r->cap - 1)] = 0;
	o->heap[o->heap_n] = (struct heap_ent){ ev->t1, r->tail };
	heap_up(o->heap, o->heap_n++);
	r->tail++;
	return 0;
}

/* Judges every pending access that ends before t (t = UINT64_MAX: all). */
static void judge_due(struct sf_oracle *o, uint64_t t)
{
	struct pending_ring *r = &o->pend;

	while (o->heap_n && (o->heap[0].t1 < t || t == UINT64_MAX)) {
		uint64_t seq = o->heap[0].seq;
		uint64_t slot = seq & (r->cap - 1);

		o->heap[0] = o->heap[--o->heap_n];
		if (o->heap_n)
			heap_down(o->heap, o->heap_n, 0);
		r->done[slot] = 1;
		while (r->head < r->tail && r->done[r->head & (r->cap - 1)])
			r->head++;
		orc_judge(o, &r->ev[slot]);
	}
}

bool orc_pending_write_has(struct sf_oracle *o, uint32_t word, uint64_t value, uint64_t e)
{
	struct pending_ring *r = &o->pend;

	for (uint64_t s = r->head; s < r->tail; s++) {
		const struct sf_event *w = &r->ev[s & (r->cap - 1)];

		if (r->done[s & (r->cap - 1)] || w->t0 > e)
			continue;
		if ((w->op == SF_OP_DEV_WRITE || w->op == SF_OP_CPU_WRITE) &&
		    !(w->flags & SF_EVF_RIGHTS) &&
		    w->outcome == SF_OK && w->word == word && w->value == value)
			return true;
	}
	return false;
}

/* The same for a torn read: bytes of value that pending writes hold in place. */
unsigned orc_pending_write_bytes(struct sf_oracle *o, uint32_t word, uint64_t value, uint64_t e,
				 bool *tear)
{
	struct pending_ring *r = &o->pend;
	unsigned m = 0;

	for (uint64_t s = r->head; s < r->tail; s++) {
		const struct sf_event *w = &r->ev[s & (r->cap - 1)];

		if (r->done[s & (r->cap - 1)] || w->t0 > e)
			continue;
		if ((w->op != SF_OP_DEV_WRITE && w->op != SF_OP_CPU_WRITE) ||
		    (w->flags & SF_EVF_RIGHTS) || w->word != word ||
		    (w->outcome != SF_OK && !orc_partial_write(w)))
			continue;
		m |= orc_write_bytes(w->value, w->outcome != SF_OK, value);
		if (w->flags & SF_EVF_MAY_TEAR)
			*tear = true;
	}
	return m;
}

/* Earliest instant a future judgement can look at. */
uint64_t orc_low(struct sf_oracle *o)
{
	struct pending_ring *r = &o->pend;
	uint64_t low = o->floor;

	for (uint64_t s = r->head; s < r->tail; s++) {
		if (r->done[s & (r->cap - 1)])
			continue;
		if (r->ev[s & (r->cap - 1)].t0 < low)
			low = r->ev[s & (r->cap - 1)].t0;
		break;	/* pushed in t0 order: the first undone one is the oldest */
	}
	return low;
}

/* ---- validation: nothing malformed reaches the model ---- */

static bool effect_ok(const struct sf_oracle *o, const struct sf_event *ev)
{
	const struct sf_effect *e = &ev->eff;

	if (e->set_backing != SF_EFF_KEEP && e->set_backing >= SF_BK__COUNT)
		return false;
	if (e->set_prot != SF_EFF_KEEP && e->set_prot > (SF_PROT_R | SF_PROT_W | SF_PROT_X))
		return false;
	/* SLOT_UNKNOWN is the oracle's own */
	if ((e->flags_set | e->flags_clear) & ~(SF_PS__ALL & ~SF_PS_SLOT_UNKNOWN))
		return false;
	switch (e->obj_mode) {
	case SF_OBJ_KEEP:
	case SF_OBJ_FRESH:
	case SF_OBJ_FORGET:
		return true;
	case SF_OBJ_SET:
		return e->obj_arg < FRESH_BASE && FRESH_BASE - e->obj_arg >= ev->npages;
	case SF_OBJ_MOVE:
		return e->obj_arg < o->cfg.npages && o->cfg.npages - e->obj_arg >= ev->npages;
	}
	return false;
}

static bool range_ok(const struct sf_oracle *o, const struct sf_event *ev)
{
	return ev->npages && ev->page < o->cfg.npages &&
	       (uint64_t)ev->page + ev->npages <= o->cfg.npages;
}

static bool event_ok(const struct sf_oracle *o, const struct sf_event *ev)
{
	enum sf_op_class cls;

	if (ev->t1 < ev->t0 || ev->t0 < o->floor)
		return false;
	if (ev->kind == SF_EV_MARK)
		return true;
	if (ev->op >= SF_OP__COUNT || !range_ok(o, ev))
		return false;
	cls = sf_op_class((enum sf_op)ev->op);
	switch (ev->kind) {
	case SF_EV_ACCESS:
		return (cls == SF_CLS_DEV_ACCESS || cls == SF_CLS_CPU_ACCESS) &&
		       ev->npages == 1 && ev->word < SF_WORDS_PER_PAGE &&
		       ev->outcome <= SF_FAULT_LOOP;
	case SF_EV_MUTATION:
		if (cls != SF_CLS_MUTATION && cls != SF_CLS_SLOT)
			return false;
		if (ev->outcome == SF_FAILED)
			return true;
		return ev->outcome == SF_OK && effect_ok(o, ev);
	case SF_EV_DIRTY:
		return ev->outcome == SF_OK || ev->outcome == SF_FAILED;
	}
	return false;
}

/* ---- public interface ---- */

struct sf_oracle *sf_oracle_new(const struct sf_oracle_cfg *cfg)
{
	struct sf_oracle *o;

	if (!cfg || !cfg->npages)
		return NULL;
	o = calloc(1, sizeof(*o));
	if (!o)
		return NULL;
	o->cfg = *cfg;
	o->st.mem_bytes = o->st.mem_peak = sizeof(*o);
	o->next_fresh = FRESH_BASE;
	o->sweep_at = 1024;
	if (orc_pages_init(o)) {
		sf_oracle_free(o);
		return NULL;
	}
	return o;
}

void sf_oracle_free(struct sf_oracle *o)
{
	if (!o)
		return;
	orc_pages_free(o);
	orc_objs_free(o);
	orc_free(o, o->pend.ev, o->pend.cap * sizeof(*o->pend.ev));
	orc_free(o, o->pend.done, o->pend.cap);
	orc_free(o, o->heap, o->heap_cap * sizeof(*o->heap));
	free(o);
}

int sf_oracle_feed(struct sf_oracle *o, const struct sf_event *ev)
{
	if (!event_ok(o, ev)) {
		o->st.rejected++;
		return -1;
	}
	/* everything that ended before this event started is settled */
	judge_due(o, ev->t0);
	o->floor = ev->t0;
	switch (ev->kind) {
	case SF_EV_MUTATION:
		o->st.mutations++;
		if (ev->outcome == SF_OK)
			orc_apply_mutation(o, ev);
		else
			orc_note_failed(o, ev);
		break;
	case SF_EV_ACCESS:
		if (pending_push(o, ev))
			orc_access_dropped(o, ev);	/* out of memory */
		break;
	case SF_EV_DIRTY:
		if (ev->outcome == SF_OK)
			orc_dirty(o, ev);
		break;
	}
	o->st.events++;
	if (o->tab_count > o->sweep_at)
		orc_objs_sweep(o);
	return 0;
}

void sf_oracle_advance(struct sf_oracle *o, uint64_t t)
{
	judge_due(o, t);
	if (t > o->floor)
		o->floor = t;
}

void sf_oracle_finish(struct sf_oracle *o)
{
	judge_due(o, UINT64_MAX);
}

const struct sf_oracle_stats *sf_oracle_stats(const struct sf_oracle *o)
{
	return &o->st;
}

struct sf_pstate sf_oracle_page(const struct sf_oracle *o, uint32_t page)
{
	struct sf_pstate unknown = { .flags = SF_PS_UNKNOWN, .obj = SF_OBJ_UNKNOWN };
	const struct page *pg;

	if (page >= o->cfg.npages)
		return unknown;
	pg = &o->pages[page];
	return pg->n ? pg->r[pg->n - 1].st : unknown;
}
