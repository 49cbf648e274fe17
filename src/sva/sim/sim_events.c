/*
 * Events out of the sim. A mutation records one effect per page it
 * touched, in the order the oracle must see them (an mremap's destination
 * MOVE before the source's unmap); at its end, runs of consecutive pages
 * with the same effect become one event each, all with the mutation's
 * interval.
 */
#include <string.h>
#include "sim.h"

void sim_push(struct sf_dev *d, const struct sf_event *ev)
{
	d->events++;
	if (d->ev_hook)
		d->ev_hook(d->ev_arg, ev);
	if (d->col)
		sf_collector_push(d->col, ev);
}

struct sf_effect sim_eff_keep(void)
{
	struct sf_effect e = {
		.set_backing = SF_EFF_KEEP,
		.set_prot = SF_EFF_KEEP,
		.obj_mode = SF_OBJ_KEEP,
	};
	return e;
}

int sim_eff_add(struct sf_dev *d, uint32_t page, const struct sf_effect *e)
{
	struct sim_mut *m = &d->mut;

	if (sim_grow((void **)&m->effs, &m->ecap, m->neffs + 1, sizeof(*m->effs)))
		return -1;
	m->effs[m->neffs].page = page;
	m->effs[m->neffs].eff = *e;
	m->neffs++;
	return 0;
}

static bool counts_up(uint8_t mode)
{
	return mode == SF_OBJ_SET || mode == SF_OBJ_MOVE;
}

/* Does entry b continue the run of a (next page, same effect, next object)? */
static bool continues(const struct sim_eff *a, const struct sim_eff *b, uint32_t len)
{
	struct sf_effect x = a->eff, y = b->eff;

	if (b->page != a->page + len)
		return false;
	if (counts_up(x.obj_mode) && y.obj_arg != x.obj_arg + len)
		return false;
	x.obj_arg = y.obj_arg = 0;
	return !memcmp(&x, &y, sizeof(x));
}

void sim_eff_flush(struct sf_dev *d, const struct sf_seq_op *op, uint16_t tid,
		   uint64_t t0, uint64_t t1)
{
	struct sim_mut *m = &d->mut;
	struct sf_event ev = {
		.t0 = t0, .t1 = t1, .seq = m->op, .op = op->op, .thread = tid,
		.kind = SF_EV_MUTATION, .outcome = SF_OK,
	};

	for (size_t i = 0; i < m->neffs;) {
		uint32_t len = 1;

		while (i + len < m->neffs && continues(&m->effs[i], &m->effs[i + len], len))
			len++;
		ev.page = m->effs[i].page;
		ev.npages = len;
		ev.eff = m->effs[i].eff;
		if (!counts_up(ev.eff.obj_mode))
			ev.eff.obj_arg = 0;
		sim_push(d, &ev);
		i += len;
	}
	m->neffs = 0;
}

void sim_push_failed(struct sf_dev *d, const struct sf_seq_op *op, uint16_t tid,
		     uint64_t t, int err)
{
	struct sf_event ev = {
		.t0 = t, .t1 = t, .seq = d->mut.op, .eff = sim_eff_keep(),
		.page = op->page < d->npages ? op->page : d->npages - 1, .npages = 1,
		.err = (uint32_t)err, .op = op->op, .thread = tid,
		.kind = SF_EV_MUTATION, .outcome = SF_FAILED,
	};

	if (op->npages && (uint64_t)ev.page + op->npages <= d->npages)
		ev.npages = op->npages;
	sim_push(d, &ev);
}
