/*
 * iommufd's IOAS ops in the sim (docs/iommufd.md): the model of what the
 * kernel's io_pagetable does to the device's reach, so that fuzzing and
 * minimisation cover ioas-map, ioas-unmap and ioas-copy without a kernel.
 *
 * Each arena page has an identity IOVA; an area maps a run of them to the
 * pages' user VAs, readable, writeable or not. A device access first
 * looks its IOVA up (no area: it fails, ENOENT; a write to an area
 * without write: EPERM), then goes through the CPU's page table as the
 * sim's device always does (the backend's mirror semantics: ACCESS_RW
 * copies through the user VA). At the start every page is mapped,
 * writeable, in areas of 1 to 4 pages, as the real backend binds.
 *
 *   ioas-map     EEXIST if any page has an area; EFAULT if a page cannot
 *                be pinned (no VMA, no read right, or no write right for
 *                a writeable map); else one area, its pages faulted in
 *                (written for a writeable map, so COW breaks)
 *   ioas-unmap   the range's shadow copies go first; ENOENT if the range
 *                has no area or cuts one (the kernel would first unmap
 *                the whole areas before the cut one: the sim changes
 *                nothing instead, so a failed unmap is never partly
 *                done here); else every area in it goes
 *   ioas-copy    ENOENT unless every page has an area, EEXIST if a copy
 *                is there; else the shadow copies, which no access uses
 *
 * Effects are the real backend's: NO_SLOT where no area is, SLOT_RO where
 * the area is read-only. Knob ioas-unmap-skips-domain: an unmap of more
 * than one page leaves the device's reach to its last page (as the
 * kernel variant iommufd-unpin-skips-domain-unmap.patch leaves the IOPTE
 * behind): a DMA after unmap the oracle must report.
 */
#include <errno.h>
#include "sim.h"

void sim_ioas_reset(struct sf_dev *d)
{
	uint32_t len;

	for (uint32_t p = 0; p < d->npages; p += len) {
		len = 1 + (p / 3) % 4;	/* the real backend's bind layout */
		for (uint32_t q = p; q < p + len && q < d->npages; q++)
			d->pages[q].ioas = SIM_IOAS_AREA | SIM_IOAS_W | (q == p ? SIM_IOAS_HEAD : 0);
	}
}

int sim_ioas_gate(const struct sf_dev *d, uint32_t page, bool write)
{
	uint8_t s = d->pages[page].ioas;

	if (!(s & (SIM_IOAS_AREA | SIM_IOAS_STALE)))
		return ENOENT;
	if (write && !(s & SIM_IOAS_W))
		return EPERM;
	return 0;
}

static void gate_effect(struct sf_dev *d, uint32_t page, uint32_t n, uint8_t set, uint8_t clear)
{
	struct sf_effect e = sim_eff_keep();

	e.flags_set = set;
	e.flags_clear = clear;
	for (uint32_t p = page; p < page + n; p++)
		sim_eff_add(d, p, &e);
}

static bool pinnable(const struct sim_page *pg, bool write)
{
	return pg->backing != SF_BK_NONE && (pg->prot & SF_PROT_R) &&
	       (!write || (pg->prot & SF_PROT_W));
}

static int ioas_map(struct sf_dev *d, const struct sf_seq_op *op)
{
	bool w = op->arg0 & SF_PROT_W;
	uint32_t end = op->page + op->npages;

	for (uint32_t p = op->page; p < end; p++)
		if (d->pages[p].ioas & SIM_IOAS_AREA)
			return EEXIST;
	for (uint32_t p = op->page; p < end; p++)
		if (!pinnable(&d->pages[p], w))
			return EFAULT;
	for (uint32_t p = op->page; p < end; p++) {
		if (sim_mop_add(d, SIM_MOP_FAULTIN, p, 1, 0, w))
			return ENOMEM;
		d->pages[p].ioas = SIM_IOAS_AREA | (w ? SIM_IOAS_W : 0) |
				   (p == op->page ? SIM_IOAS_HEAD : 0);
	}
	gate_effect(d, op->page, op->npages, w ? 0 : SF_PS_SLOT_RO,
		    SF_PS_NO_SLOT | SF_PS_LOG_DIRTY | (w ? SF_PS_SLOT_RO : 0));
	return 0;
}

/* Does [page, end) have an area, and only whole ones? */
static bool whole_areas(const struct sf_dev *d, uint32_t page, uint32_t end)
{
	bool any = false;

	if ((d->pages[page].ioas & SIM_IOAS_AREA) && !(d->pages[page].ioas & SIM_IOAS_HEAD))
		return false;	/* cut at the start */
	if (end < d->npages && (d->pages[end].ioas & SIM_IOAS_AREA) &&
	    !(d->pages[end].ioas & SIM_IOAS_HEAD))
		return false;	/* cut at the end */
	for (uint32_t p = page; p < end; p++)
		any |= d->pages[p].ioas & SIM_IOAS_AREA;
	return any;
}

static int ioas_unmap(struct sf_dev *d, const struct sf_seq_op *op)
{
	uint32_t end = op->page + op->npages;
	bool skip = d->knob == SIM_K_IOAS_UNMAP_SKIPS_DOMAIN && op->npages > 1;

	for (uint32_t p = op->page; p < end; p++)
		d->pages[p].ioas &= (uint8_t)~SIM_IOAS_COPY;	/* IOAS_UNMAP of the shadow range */
	if (!whole_areas(d, op->page, end))
		return ENOENT;
	for (uint32_t p = op->page; p < end; p++) {
		struct sim_page *pg = &d->pages[p];

		if (skip && p == end - 1 && (pg->ioas & SIM_IOAS_AREA))
			pg->ioas = (uint8_t)(SIM_IOAS_STALE | (pg->ioas & SIM_IOAS_W));
		else
			pg->ioas = 0;
	}
	gate_effect(d, op->page, op->npages, SF_PS_NO_SLOT, SF_PS_SLOT_RO | SF_PS_LOG_DIRTY);
	return 0;
}

static int ioas_copy(struct sf_dev *d, const struct sf_seq_op *op)
{
	uint32_t end = op->page + op->npages;

	for (uint32_t p = op->page; p < end; p++)
		if (!(d->pages[p].ioas & SIM_IOAS_AREA))
			return ENOENT;
	for (uint32_t p = op->page; p < end; p++)
		if (d->pages[p].ioas & SIM_IOAS_COPY)
			return EEXIST;
	for (uint32_t p = op->page; p < end; p++)
		d->pages[p].ioas |= SIM_IOAS_COPY;
	gate_effect(d, op->page, op->npages, 0, 0);
	return 0;
}

int sim_ioas_begin(struct sf_dev *d, const struct sf_seq_op *op)
{
	switch (op->op) {
	case SF_OP_IOAS_MAP:
		return ioas_map(d, op);
	case SF_OP_IOAS_UNMAP:
		return ioas_unmap(d, op);
	case SF_OP_IOAS_COPY:
		return ioas_copy(d, op);
	default:
		return ENOSYS;
	}
}
