/*
 * Per-page effects into events (see wk.h): maximal runs of equal effects
 * become one event each, published through the slot or the thread's sink.
 * The effects themselves and the model they update are model.c; what a
 * VMA-walking syscall did is vma_walk.c.
 */
#include <stdbool.h>
#include <string.h>
#include "clock.h"
#include "wk.h"

static __thread void (*sink_fn)(void *arg, const struct sf_event *ev);
static __thread void *sink_arg;

void sf_worker_set_sink(void (*fn)(void *arg, const struct sf_event *ev), void *arg)
{
	sink_fn = fn;
	sink_arg = arg;
}

void wk_event_init(struct sf_event *ev, const struct sf_seq_op *op)
{
	uint64_t seq = ev->seq;
	uint16_t thread = ev->thread;

	memset(ev, 0, sizeof(*ev));
	ev->seq = seq;
	ev->thread = thread;
	ev->kind = SF_EV_MUTATION;
	ev->op = op->op;
	ev->page = op->page;
	ev->npages = op->npages;
	ev->outcome = SF_OK;
	ev->eff = wk_eff_keep();
}

uint64_t wk_begin(struct sf_slot *slot)
{
	return slot ? sf_slot_begin(slot) : sf_now_ns();
}

void wk_put(struct sf_slot *slot, const struct sf_event *ev)
{
	if (slot)
		sf_slot_put(slot, ev);
	else if (sink_fn)
		sink_fn(sink_arg, ev);
}

void wk_emit_init(struct wk_emit *e, struct sf_arena *a, struct sf_slot *slot,
		  const struct sf_event *tmpl)
{
	/* not memset whole: last is read only once have_last says it was written */
	e->a = a;
	e->slot = slot;
	e->tmpl = *tmpl;
	e->have_last = 0;
	e->after_move = 0;
}

static bool same_run(const struct sf_effect *prev, const struct sf_effect *cur)
{
	if (prev->set_backing != cur->set_backing || prev->set_prot != cur->set_prot ||
	    prev->flags_set != cur->flags_set || prev->flags_clear != cur->flags_clear ||
	    prev->obj_mode != cur->obj_mode)
		return false;
	if (cur->obj_mode == SF_OBJ_SET || cur->obj_mode == SF_OBJ_MOVE)
		return cur->obj_arg == prev->obj_arg + 1;
	return true;
}

static void emit_one(struct wk_emit *e, uint32_t page, uint32_t n, const struct sf_effect *eff)
{
	if (e->have_last)
		wk_put(e->slot, &e->last);
	e->last = e->tmpl;
	e->last.page = page;
	e->last.npages = n;
	e->last.eff = *eff;
	/*
	 * The collector orders by t0: a MOVE must reach the oracle before the
	 * event that unmaps its source, so whatever follows it starts 1 ns later
	 * (still after the real t0: reading the clock takes longer than that).
	 */
	if (e->after_move)
		e->last.t0 = e->tmpl.t0 + 1;
	if (e->last.t1 < e->last.t0)
		e->last.t1 = e->last.t0;
	if (eff->obj_mode == SF_OBJ_MOVE)
		e->after_move = 1;
	e->have_last = 1;
}

void wk_emit_range(struct wk_emit *e, uint32_t page, uint32_t n, const struct sf_effect *eff)
{
	uint32_t start = 0;

	for (uint32_t i = 1; i <= n; i++) {
		if (i < n && same_run(&eff[i - 1], &eff[i]))
			continue;
		emit_one(e, page + start, i - start, &eff[start]);
		start = i;
	}
	for (uint32_t i = 0; i < n; i++)
		wk_model_apply(e->a, page + i, &eff[i]);
}

void wk_emit_uniform(struct wk_emit *e, uint32_t page, uint32_t n, struct sf_effect eff)
{
	emit_one(e, page, n, &eff);
	for (uint32_t i = 0; i < n; i++) {
		struct sf_effect pe = eff;

		if (eff.obj_mode == SF_OBJ_SET || eff.obj_mode == SF_OBJ_MOVE)
			pe.obj_arg = eff.obj_arg + i;
		wk_model_apply(e->a, page + i, &pe);
	}
}

void wk_emit_finish(struct wk_emit *e, struct sf_event *ev, uint32_t page, uint32_t n)
{
	if (e->have_last) {
		*ev = e->last;
		return;
	}
	*ev = e->tmpl;
	ev->page = page;
	ev->npages = n;
	ev->eff = wk_eff_keep();
}
