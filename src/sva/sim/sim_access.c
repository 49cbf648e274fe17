/*
 * One step of an access. A CPU access either succeeds through its PTE or
 * faults and is resolved in the same step (the handler runs under the
 * PTE lock; it waits while a mutation holds the mmap lock for writing).
 * A device access is a small state machine over several steps, so that
 * mutations interleave with it:
 *   translate: IOTLB hit, or a page-table walk that fills the IOTLB with
 *              the PTE's permission; success ends the access;
 *   fault:     the I/O page-fault handler (same code as the CPU's, through
 *              the VMA): the VMA forbids it -> SF_FAULT; otherwise retry.
 * On SMMUv3 an entry stays cached across a fault until something
 * invalidates it; on VT-d a translation that faulted is dropped. After
 * SIM_NOOP_BOUND faults the handler had nothing to fix, the device gives
 * up with SF_FAULT_LOOP: the seed bug's symptom.
 */
#include <errno.h>
#include <signal.h>
#include "sim.h"

static void access_done(struct sf_dev *d, struct sim_thread *t, uint32_t tid,
			const struct sf_seq_op *op, uint64_t value, enum sf_outcome o, uint32_t err)
{
	struct sf_event ev = {
		.t0 = t->t0, .t1 = sim_time(d), .value = value, .seq = t->cur,
		.eff = sim_eff_keep(), .page = op->page, .npages = 1,
		.word = op->arg0 % SF_WORDS_PER_PAGE, .err = err, .op = op->op,
		.thread = (uint16_t)tid, .kind = SF_EV_ACCESS, .outcome = (uint8_t)o,
	};

	sim_push(d, &ev);
}

/* The word itself: reads return it, writes store the op's value. */
static uint64_t touch(struct sf_dev *d, int32_t f, const struct sf_seq_op *op, bool write, uint64_t v)
{
	uint64_t *w = &d->frames[f].w[op->arg0 % SF_WORDS_PER_PAGE];

	if (write) {
		*w = v;
		return v;
	}
	return *w;
}

/* A fault handler needs the mmap lock for reading: wait while a mutation holds it. */
static bool mmap_lock_busy(struct sf_dev *d, struct sim_thread *t, uint32_t tid)
{
	t->want_rlock = d->mut.owner >= 0 && d->mut.mmap_write && (uint32_t)d->mut.owner != tid;
	return t->want_rlock;
}

static bool cpu_step(struct sf_dev *d, struct sim_thread *t, uint32_t tid,
		     const struct sf_seq_op *op, bool write, uint64_t v)
{
	struct sim_page *pg = &d->pages[op->page];

	if (!sim_pte_allows(pg, write)) {
		if (mmap_lock_busy(d, t, tid))
			return false;
		switch (sim_fault(d, op->page, write)) {
		case SIM_F_MAPERR:
			access_done(d, t, tid, op, 0, SF_FAULT, SEGV_MAPERR);
			return true;
		case SIM_F_ACCERR:
			access_done(d, t, tid, op, 0, SF_FAULT, SEGV_ACCERR);
			return true;
		default:
			break;
		}
		if (!sim_pte_allows(pg, write))
			return false;	/* a migration entry: retry next step */
	}
	access_done(d, t, tid, op, touch(d, pg->pfn, op, write, v), SF_OK, 0);
	return true;
}

/* Translation through the IOTLB; true if the access completed. */
static bool dev_translate(struct sf_dev *d, struct sim_thread *t, uint32_t tid,
			  const struct sf_seq_op *op, bool write, uint64_t v)
{
	struct sim_page *pg = &d->pages[op->page];

	if (pg->tlb_valid) {
		d->st.iotlb_hits++;
	} else {
		d->st.iotlb_misses++;
		if (!sim_pte_allows(pg, false))
			return false;		/* translation fault: nothing cached */
		pg->tlb_valid = 1;
		pg->tlb_pfn = pg->pfn;
		pg->tlb_w = pg->w;
	}
	if (write && !pg->tlb_w) {
		if (d->arch == SIM_ARCH_VTD)
			pg->tlb_valid = 0;	/* VT-d keeps no translation that faulted */
		return false;
	}
	access_done(d, t, tid, op, touch(d, pg->tlb_pfn, op, write, v), SF_OK, 0);
	return true;
}

/* The I/O page-fault handler's round; true if the access completed. */
static bool dev_fault(struct sf_dev *d, struct sim_thread *t, uint32_t tid,
		      const struct sf_seq_op *op, bool write)
{
	enum sim_fault_res r;

	d->st.fault_retries++;
	t->rounds++;
	r = sim_fault(d, op->page, write);
	if (r == SIM_F_MAPERR || r == SIM_F_ACCERR) {
		access_done(d, t, tid, op, 0, SF_FAULT, EFAULT);
		return true;
	}
	/*
	 * A PTE change whose flush is still to come (a zap under the mmap read
	 * lock, batched until tlb_finish_mmu) can leave a stale entry for a
	 * while on a correct kernel too: that wait is not a loop.
	 */
	if (r == SIM_F_NOOP && !d->pages[op->page].chg)
		t->noops++;
	if (t->noops >= SIM_NOOP_BOUND || t->rounds >= SIM_RETRY_BOUND) {
		access_done(d, t, tid, op, 0, SF_FAULT_LOOP, EFAULT);
		return true;
	}
	if (r != SIM_F_WAIT)
		t->phase = 0;
	return false;
}

bool sim_access_step(struct sf_dev *d, struct sim_thread *t, uint32_t tid)
{
	const struct sf_seq_op *op = &d->prog->ops[t->cur];
	bool write = op->op == SF_OP_CPU_WRITE || op->op == SF_OP_DEV_WRITE;
	uint64_t v = write ? sf_seq_value(d->prog, t->cur) : 0;

	if (op->op == SF_OP_CPU_READ || op->op == SF_OP_CPU_WRITE) {
		sim_hmm_cpu_touch(d, op->page);	/* a device-private page comes back first */
		return cpu_step(d, t, tid, op, write, v);
	}
	if (t->phase == 0) {
		int gate = sim_ioas_gate(d, op->page, write);

		if (gate) {	/* no IOAS area there, or a read-only one */
			access_done(d, t, tid, op, 0, SF_FAULT, (uint32_t)gate);
			return true;
		}
		if (dev_translate(d, t, tid, op, write, v))
			return true;
		t->phase = 1;
		return false;
	}
	if (mmap_lock_busy(d, t, tid))
		return false;
	return dev_fault(d, t, tid, op, write);
}
