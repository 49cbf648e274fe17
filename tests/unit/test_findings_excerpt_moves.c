/*
 * A finding's excerpt follows content moved into its page: after an
 * mremap MOVE of page 5 to page 10, a verdict on page 10 carries page 5's
 * earlier events (its write), the move itself, and nothing of page 5
 * after the move or of pages never moved in (`svafuzz check` of the
 * excerpt must give the verdict back).
 */
#include <string.h>
#include "findings.h"
#include "tap.h"

static struct sf_event event(enum sf_ev_kind kind, enum sf_op op, uint32_t page, uint64_t t)
{
	struct sf_event e;

	memset(&e, 0, sizeof(e));
	e.kind = kind;
	e.op = op;
	e.page = page;
	e.npages = 1;
	e.t0 = e.t1 = t;
	return e;
}

static struct sf_event access(enum sf_op op, uint32_t page, uint64_t t, uint64_t value)
{
	struct sf_event e = event(SF_EV_ACCESS, op, page, t);

	e.value = value;
	return e;
}

static struct sf_event move(uint32_t from, uint32_t to, uint64_t t)
{
	struct sf_event e = event(SF_EV_MUTATION, SF_OP_MREMAP, to, t);

	e.t1 = t + 5;
	e.eff.set_backing = SF_EFF_KEEP;
	e.eff.set_prot = SF_EFF_KEEP;
	e.eff.obj_mode = SF_OBJ_MOVE;
	e.eff.obj_arg = from;
	return e;
}

static int has(const struct sf_pending *p, enum sf_op op, uint32_t page, uint64_t t)
{
	for (unsigned i = 0; i < p->nev; i++)
		if (p->ev[i].op == op && p->ev[i].page == page && p->ev[i].t0 == t)
			return 1;
	return 0;
}

int main(void)
{
	struct sf_evring *r = sf_evring_new(8);
	static struct sf_pending p;
	struct sf_event evs[] = {
		access(SF_OP_DEV_WRITE, 5, 10, 0x55),	/* the content that moves */
		access(SF_OP_DEV_WRITE, 7, 15, 0x77),	/* a page never moved in */
		move(5, 10, 20),
		access(SF_OP_CPU_WRITE, 5, 30, 0x66),	/* page 5 after the move: not ours */
		access(SF_OP_DEV_READ, 10, 40, 0x55),
	};

	CHECK(r != NULL);
	if (!r)
		return tap_done();
	for (unsigned i = 0; i < sizeof(evs) / sizeof(evs[0]); i++)
		sf_evring_put(r, &evs[i]);
	memset(&p, 0, sizeof(p));
	p.v.access = evs[4];
	sf_pending_fill(&p, r);
	CHECK_EQ(p.nev, 3);
	CHECK(has(&p, SF_OP_DEV_WRITE, 5, 10));
	CHECK(has(&p, SF_OP_MREMAP, 10, 20));
	CHECK(has(&p, SF_OP_DEV_READ, 10, 40));
	CHECK(!has(&p, SF_OP_CPU_WRITE, 5, 30));
	CHECK(!has(&p, SF_OP_DEV_WRITE, 7, 15));
	/* oldest first */
	CHECK(p.nev == 3 && p.ev[0].t0 == 10 && p.ev[2].t0 == 40);
	sf_evring_free(r);
	return tap_done();
}
