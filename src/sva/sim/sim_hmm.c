/*
 * hmm's device-side mutations in the sim (docs/hmm.md): the model of what
 * test_hmm's migrations and exclusive entries do to the CPU's view.
 *
 *   migrate-to-dev  anonymous private pages move to device-private memory:
 *                   a new frame with the same content (a migration, with
 *                   its invalidation). The page is marked; the next CPU
 *                   access migrates it back first (the device's
 *                   migrate_to_ram callback): another new frame, content
 *                   kept, the device's entry invalidated.
 *   migrate-to-sys  marked pages move back the same way.
 *   exclusive       GUP for writing (COW broken, page faulted in), then a
 *                   device-exclusive entry: the next CPU access faults and
 *                   restores the PTE, invalidating the device's entry.
 *
 * None changes the VMA or the content: the effect is KEEP, as the real
 * backend reports. A call fails with EINVAL where a page is unmapped or
 * unreadable (test_hmm's vma_lookup and VM_READ check), exclusive with
 * EBUSY where GUP cannot write (no write right, a shared page).
 */
#include <errno.h>
#include "sim.h"

/* KEEP, with the real backend's SF_PS_DEVPRIV mark (set, clear) */
static void keep_range(struct sf_dev *d, uint32_t page, uint32_t n, uint8_t set, uint8_t clear)
{
	struct sf_effect keep = sim_eff_keep();

	keep.flags_set = set;
	keep.flags_clear = clear;

	for (uint32_t p = page; p < page + n; p++)
		sim_eff_add(d, p, &keep);
}

static bool all_readable(const struct sf_dev *d, uint32_t page, uint32_t n)
{
	for (uint32_t p = page; p < page + n; p++)
		if (d->pages[p].backing == SF_BK_NONE || !(d->pages[p].prot & SF_PROT_R))
			return false;
	return true;
}

/* migrate_vma_setup selects only anonymous private pages with a frame of their own. */
static bool movable(const struct sf_dev *d, uint32_t p)
{
	const struct sim_page *pg = &d->pages[p];

	return pg->backing == SF_BK_ANON_PRIVATE && pg->pfn > SIM_ZERO_FRAME &&
	       d->frames[pg->pfn].ref == 1;
}

static int migrate(struct sf_dev *d, const struct sf_seq_op *op, bool to_dev)
{
	if (!all_readable(d, op->page, op->npages))
		return EINVAL;
	for (uint32_t p = op->page; p < op->page + op->npages; p++) {
		struct sim_page *pg = &d->pages[p];

		if ((pg->hmm == SIM_HMM_DEVPRIV) == to_dev || !movable(d, p))
			continue;
		sim_migrate_plan(d, p);
		pg->hmm = to_dev ? SIM_HMM_DEVPRIV : SIM_HMM_NONE;
	}
	keep_range(d, op->page, op->npages, to_dev ? SF_PS_DEVPRIV : 0, to_dev ? 0 : SF_PS_DEVPRIV);
	return 0;
}

static int exclusive(struct sf_dev *d, const struct sf_seq_op *op)
{
	for (uint32_t p = op->page; p < op->page + op->npages; p++)
		if (d->pages[p].backing != SF_BK_ANON_PRIVATE || !(d->pages[p].prot & SF_PROT_W))
			return EBUSY;
	for (uint32_t p = op->page; p < op->page + op->npages; p++) {
		if (sim_mop_add(d, SIM_MOP_FAULTIN, p, 1, 0, 1))
			return ENOMEM;
		d->pages[p].hmm = SIM_HMM_EXCL;
	}
	keep_range(d, op->page, op->npages, 0, 0);
	return 0;
}

int sim_hmm_begin(struct sf_dev *d, const struct sf_seq_op *op)
{
	switch (op->op) {
	case SF_OP_HMM_TO_DEV:
		return migrate(d, op, true);
	case SF_OP_HMM_TO_SYS:
		return migrate(d, op, false);
	case SF_OP_HMM_EXCL:
		return exclusive(d, op);
	default:
		return ENOSYS;
	}
}

/* A CPU access to a marked page: migrate_to_ram, or the exclusive entry restored. */
void sim_hmm_cpu_touch(struct sf_dev *d, uint32_t page)
{
	struct sim_page *pg = &d->pages[page];
	int32_t f = pg->pfn, nf;

	if (pg->hmm == SIM_HMM_NONE)
		return;
	if (pg->hmm == SIM_HMM_EXCL || !movable(d, page) || pg->migrating) {
		/* restored in place (or the page moved on meanwhile): the entry goes */
		sim_tlb_inval_page(d, page, SIM_INV_DOWNGRADE);
		pg->hmm = SIM_HMM_NONE;
		return;
	}
	nf = sim_frame_alloc(d);
	if (nf < 0)
		return;		/* out of memory: stays on the device, as the kernel's SIGBUS would */
	sim_tlb_inval_page(d, page, SIM_INV_NEWPFN);
	for (unsigned w = 0; w < SF_WORDS_PER_PAGE; w++)
		d->frames[nf].w[w] = d->frames[f].w[w];
	pg->pfn = nf;
	sim_frame_put(d, f);
	pg->hmm = SIM_HMM_NONE;
}
