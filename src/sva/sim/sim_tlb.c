/*
 * The secondary TLB (an SMMU-like IOTLB, one entry per page) and its
 * invalidation: arch_invalidate_secondary_tlbs, called from the CPU TLB
 * flush paths. This is where the bug knobs act: each one drops or narrows
 * an invalidation the way a real kernel bug did (docs/sim.md).
 */
#include "sim.h"

static void inval(struct sf_dev *d, uint32_t page)
{
	d->st.invalidations++;
	d->pages[page].tlb_valid = 0;
}

void sim_tlb_inval_page(struct sf_dev *d, uint32_t page, enum sim_inval_why why)
{
	switch (why) {
	case SIM_INV_UPGRADE:
		if (d->knob == SIM_K_NO_UPGRADE_INVAL)
			return;
		break;
	case SIM_INV_DOWNGRADE:
		if (d->knob == SIM_K_NO_DOWNGRADE_INVAL)
			return;
		break;
	case SIM_INV_NEWPFN:
		if (d->knob == SIM_K_STALE_AFTER_COW)
			return;
		break;
	}
	inval(d, page);
}

/* The [lo, hi) a buggy kernel would hand to the notifier for [page, page+n). */
static void knob_range(const struct sf_dev *d, uint32_t page, uint32_t n, uint32_t *lo, uint32_t *hi)
{
	*lo = page;
	*hi = page + n;
	switch (d->knob) {
	case SIM_K_RANGE_END_OFF_BY_ONE:
		if (*hi > *lo)
			(*hi)--;
		break;
	case SIM_K_RANGE_START_EQUALS_END:
		*hi = *lo;
		break;
	case SIM_K_SKIP_MULTI_VMA:
		if (d->mut.vma_end < *hi)
			*hi = d->mut.vma_end > *lo ? d->mut.vma_end : *lo;
		break;
	default:
		break;
	}
}

void sim_tlb_flush_range(struct sf_dev *d, uint32_t page, uint32_t n)
{
	uint32_t lo, hi;

	knob_range(d, page, n, &lo, &hi);
	for (uint32_t p = page; p < page + n; p++) {
		uint8_t c = d->pages[p].chg;

		d->pages[p].chg = 0;
		if (p < lo || p >= hi)
			continue;
		if (d->knob == SIM_K_NO_DOWNGRADE_INVAL && (c & SIM_CHG_DOWN))
			continue;
		if (d->knob == SIM_K_NO_UPGRADE_INVAL && c == SIM_CHG_UP)
			continue;
		inval(d, p);
	}
}

void sim_tlb_flush_early(struct sf_dev *d, uint32_t page, uint32_t n)
{
	for (uint32_t p = page; p < page + n; p++)
		inval(d, p);
}
