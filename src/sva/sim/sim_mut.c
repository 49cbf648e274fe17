/*
 * Mutations as micro-steps. The first step of a mutation (sim_mut_begin)
 * checks it, changes the VMAs, computes its effect on every page and
 * plans the PTE work as a list of micro-steps; the scheduler then runs one
 * micro-step per step, so device and CPU accesses of other threads fall
 * between the notifier's call points: range_start, each PTE change, the
 * flush with its secondary-TLB invalidation, range_end.
 *
 * Mutations run one at a time (the real daemon serialises them with the
 * arena's mutation lock); those that take the mmap lock for writing also
 * keep every fault handler waiting until they end, as the kernel does.
 */
#include <errno.h>
#include <string.h>
#include "sim.h"

int sim_mop_add(struct sf_dev *d, enum sim_mop_kind k, uint32_t page, uint32_t n,
		int32_t page2, uint8_t arg)
{
	struct sim_mut *m = &d->mut;

	if (sim_grow((void **)&m->mops, &m->mcap, m->nmops + 1, sizeof(*m->mops)))
		return -1;
	m->mops[m->nmops++] = (struct sim_mop){ .kind = (uint8_t)k, .arg = arg, .page = page,
						.n = n, .page2 = page2 };
	return 0;
}

int sim_put_later(struct sf_dev *d, int32_t f)
{
	struct sim_mut *m = &d->mut;

	if (f <= SIM_ZERO_FRAME)
		return 0;
	if (sim_grow((void **)&m->puts, &m->pcap, m->nputs + 1, sizeof(*m->puts)))
		return -1;
	m->puts[m->nputs++] = f;
	return 0;
}

int sim_mop_range(struct sf_dev *d, enum sim_mop_kind k, uint32_t page, uint32_t n, uint8_t arg)
{
	bool early = d->knob == SIM_K_INVAL_BEFORE_PTE_CHANGE;
	int err = 0;

	if (early)
		err |= sim_mop_add(d, SIM_MOP_FLUSH_EARLY, page, n, 0, 0);
	for (uint32_t p = page; p < page + n; p++)
		err |= sim_mop_add(d, k, p, 1, 0, arg);
	err |= sim_mop_add(d, SIM_MOP_FLUSH, page, n, 0, early);
	return err ? -1 : 0;
}

bool sim_all_mapped(const struct sf_dev *d, uint32_t page, uint32_t n)
{
	for (uint32_t p = page; p < page + n; p++)
		if (d->pages[p].backing == SF_BK_NONE)
			return false;
	return true;
}

static bool vma_compatible(const struct sim_page *a, const struct sim_page *b)
{
	if (a->backing != b->backing || a->prot != b->prot || a->uffd_wp != b->uffd_wp)
		return false;
	switch (a->backing) {
	case SF_BK_ANON_PRIVATE:
		return true;
	case SF_BK_MEMFD_SHARED:
	case SF_BK_FILE_SHARED:
		return b->pgoff == a->pgoff + 1;	/* file offsets must continue */
	default:
		return false;				/* each shm object is its own */
	}
}

/* vma_merge: the VMAs meeting at the edges of and inside [page, page+n) fuse if they can. */
void sim_vma_merge(struct sf_dev *d, uint32_t page, uint32_t n)
{
	uint32_t lo = page ? page : 1, hi = page + n < d->npages ? page + n : d->npages - 1;

	for (uint32_t q = lo; q <= hi; q++) {
		struct sim_page *a = &d->pages[q - 1], *b = &d->pages[q];
		uint32_t old = b->vma;

		if (a->backing == SF_BK_NONE || a->vma == old || !vma_compatible(a, b))
			continue;
		for (uint32_t r = q; r < d->npages && d->pages[r].vma == old &&
		     d->pages[r].backing != SF_BK_NONE; r++)
			d->pages[r].vma = a->vma;
	}
}

/* For skip-multi-vma: where the first VMA met in [page, page+n) ends. */
void sim_note_first_vma(struct sf_dev *d, uint32_t page, uint32_t n)
{
	uint32_t q = page, end;

	while (q < page + n && d->pages[q].backing == SF_BK_NONE)
		q++;
	end = q + 1;
	while (end < page + n && d->pages[end].backing != SF_BK_NONE &&
	       d->pages[end].vma == d->pages[q].vma)
		end++;
	d->mut.vma_end = q < page + n ? end : page + n;
}

void sim_migrate_plan(struct sf_dev *d, uint32_t page)
{
	sim_mop_add(d, SIM_MOP_MIGRATE_UNMAP, page, 1, SIM_NO_FRAME, 0);
	sim_mop_add(d, SIM_MOP_MIGRATE_COPY, page, 1, SIM_NO_FRAME, 0);
}

/* Does this op take the mmap lock for writing (and so stall fault handlers)? */
static bool takes_mmap_write(const struct sf_seq_op *op)
{
	switch (op->op) {
	case SF_OP_MPROTECT:
	case SF_OP_MUNMAP:
	case SF_OP_MMAP:
	case SF_OP_MREMAP:
	case SF_OP_FORK:
		return true;
	case SF_OP_MADVISE:	/* those that change vm_flags */
		return op->arg0 == SF_ADV_HUGEPAGE || op->arg0 == SF_ADV_NOHUGEPAGE ||
		       op->arg0 == SF_ADV_MERGEABLE;
	default:
		return false;
	}
}

int sim_mut_begin(struct sf_dev *d, const struct sf_seq_op *op)
{
	struct sim_mut *m = &d->mut;
	int err;

	m->nmops = m->pc = m->neffs = m->nputs = 0;
	m->vma_end = UINT32_MAX;
	m->mmap_write = takes_mmap_write(op);
	d->stamp++;
	if (!op->npages) {
		if (op->op == SF_OP_MMAP || op->op == SF_OP_MUNMAP || op->op == SF_OP_MREMAP)
			return EINVAL;
		/* length 0 (or compact, which has no range): nothing to change */
		if (op->op == SF_OP_COMPACT)
			sim_compact_plan(d);
		struct sf_effect keep = sim_eff_keep();

		sim_eff_add(d, op->page < d->npages ? op->page : d->npages - 1, &keep);
	} else {
		err = sim_mut_map_begin(d, op);
		if (err == ENOSYS)
			err = sim_mut_misc_begin(d, op);
		if (err == ENOSYS)
			err = sim_hmm_begin(d, op);
		if (err == ENOSYS)
			err = sim_ioas_begin(d, op);
		if (err)
			return err;
	}
	if (sim_mop_add(d, SIM_MOP_END, 0, 0, 0, 0))
		return ENOMEM;
	return 0;
}
