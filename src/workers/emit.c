/* Per-page effects into events, the model update, and the VMA-walk resolver (see wk.h). */
#include <errno.h>
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

struct sf_effect wk_eff_keep(void)
{
	struct sf_effect e = {
		.set_backing = SF_EFF_KEEP, .set_prot = SF_EFF_KEEP, .obj_mode = SF_OBJ_KEEP,
	};
	return e;
}

/* Flags a new mapping never carries over from what was there before. */
#define MAPPING_FLAGS (SF_PS_UNKNOWN | SF_PS_UFFD_WP | SF_PS_COW)

struct sf_effect wk_eff_unmap(void)
{
	struct sf_effect e = {
		.set_backing = SF_BK_NONE, .set_prot = 0, .flags_clear = MAPPING_FLAGS,
		.obj_mode = SF_OBJ_KEEP,
	};
	return e;
}

struct sf_effect wk_eff_map(uint8_t backing, uint8_t prot, uint8_t obj_mode, uint64_t obj)
{
	struct sf_effect e = {
		.set_backing = backing, .set_prot = prot, .flags_clear = MAPPING_FLAGS,
		.obj_mode = obj_mode, .obj_arg = obj_mode == SF_OBJ_SET ? obj : 0,
	};
	return e;
}

int wk_eff_is_keep(const struct sf_effect *e)
{
	return e->set_backing == SF_EFF_KEEP && e->set_prot == SF_EFF_KEEP && !e->flags_set &&
	       !e->flags_clear && e->obj_mode == SF_OBJ_KEEP;
}

void wk_model_apply(struct sf_arena *a, uint32_t p, const struct sf_effect *eff)
{
	struct sf_pstate *s = &a->model[p];

	if (eff->obj_mode == SF_OBJ_MOVE) {
		uint32_t src = (uint32_t)eff->obj_arg;

		if (src < a->npages) {
			*s = a->model[src];
			a->foff[p] = a->foff[src];
			a->locked[p] = a->locked[src];
		} else {
			s->flags |= SF_PS_UNKNOWN;
			s->obj = SF_OBJ_UNKNOWN;
		}
	}
	if (eff->set_backing != SF_EFF_KEEP) {
		s->backing = eff->set_backing;
		if (!wk_filebacked(s->backing))
			a->foff[p] = UINT32_MAX;
		if (s->backing == SF_BK_NONE)
			a->locked[p] = 0;
	}
	if (eff->set_prot != SF_EFF_KEEP)
		s->prot = eff->set_prot;
	s->flags |= eff->flags_set;
	s->flags &= (uint8_t)~eff->flags_clear;
	switch (eff->obj_mode) {
	case SF_OBJ_FRESH:
		s->obj = a->fresh_next++;
		break;
	case SF_OBJ_SET:
		s->obj = eff->obj_arg;
		break;
	case SF_OBJ_FORGET:
		s->obj = SF_OBJ_UNKNOWN;
		break;
	default:
		break;
	}
}

void wk_emit_init(struct wk_emit *e, struct sf_arena *a, struct sf_slot *slot,
		  const struct sf_event *tmpl)
{
	memset(e, 0, sizeof(*e));
	e->a = a;
	e->slot = slot;
	e->tmpl = *tmpl;
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

int wk_resolve_walk(struct sf_arena *a, uint32_t page, uint32_t n, int ret, int err,
		    const struct sf_effect *done, const int *fail, int holes_stop,
		    struct sf_effect *out, int *changed)
{
	uint32_t stop = n;
	int want_err = 0;
	bool unsure = false, hole = false;

	for (uint32_t i = 0; i < n && stop == n; i++) {
		uint32_t p = page + i;

		if (wk_unknown(a, p) || a->locked[p] == 2)
			unsure = true;	/* cannot say whether the walk stops here */
		else if (!wk_mapped(a, p)) {
			hole = true;
			if (holes_stop) {
				stop = i;
				want_err = ENOMEM;
			}
		} else if (fail[i]) {
			stop = i;
			want_err = fail[i];
		}
	}
	if (!want_err && hole)
		want_err = ENOMEM;
	*changed = 0;
	/*
	 * Exact only if the kernel said what the model predicts. A failure the
	 * model did not predict (or could not, over unknown pages, or ENOMEM
	 * that could come from vm.max_map_count) may have changed any prefix.
	 */
	bool exact = want_err ? (ret != 0 && err == want_err && !unsure &&
				 (want_err != ENOMEM || a->vma_budget_ok))
			      : ret == 0;
	for (uint32_t i = 0; i < n; i++) {
		if (!exact)
			out[i] = sf_effect_unknown();
		else if (i < stop && (ret == 0 || wk_mapped(a, page + i)))
			out[i] = done[i];
		else
			out[i] = wk_eff_keep();
		if (!wk_eff_is_keep(&out[i]))
			*changed = 1;
	}
	if (!exact)
		a->counters[SF_ARENA_CNT_UNKNOWN]++;
	return exact;
}
