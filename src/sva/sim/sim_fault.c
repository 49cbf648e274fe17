/*
 * The fault handler the CPU and the device share (handle_mm_fault through
 * the VMA): fault a page in, or resolve a write to a read-only PTE by
 * breaking COW (copy when the frame is shared, reuse it in place when we
 * are its only user) or by making a shared mapping's PTE writable. Each
 * PTE change here is paired with its secondary-TLB invalidation in the
 * same step, as the kernel does under the PTE lock (wp_page_copy's
 * ptep_clear_flush, wp_page_reuse's flush_tlb_page); the knobs decide
 * which of them are skipped.
 */
#include <string.h>
#include "sim.h"

bool sim_vma_allows(const struct sim_page *pg, bool write)
{
	if (pg->backing == SF_BK_NONE)
		return false;
	if (write)
		return (pg->prot & SF_PROT_W) && !pg->uffd_wp;
	/* PROT_WRITE implies hardware read on every MMU we model */
	return pg->prot & (SF_PROT_R | SF_PROT_W);
}

bool sim_pte_allows(const struct sim_page *pg, bool write)
{
	if (pg->pfn < 0 || pg->migrating)
		return false;
	return write ? pg->w : pg->r;
}

/* Sets the PTE without recording it for a later flush (the caller invalidates). */
static void pte_set_raw(struct sim_page *pg, int32_t pfn, bool r, bool w)
{
	pg->pfn = pfn;
	pg->r = r && pfn >= 0;
	pg->w = w && pfn >= 0;
}

void sim_pte_set(struct sf_dev *d, uint32_t page, int32_t pfn, bool r, bool w)
{
	struct sim_page *pg = &d->pages[page];
	bool had = pg->pfn >= 0;

	if (had && (pfn != pg->pfn || (pg->r && !r) || (pg->w && !w)))
		pg->chg |= SIM_CHG_DOWN;
	if (pfn >= 0 && ((!pg->r && r) || (!pg->w && w)))
		pg->chg |= SIM_CHG_UP;
	pte_set_raw(pg, pfn, r, w);
}

/* The page-cache frame of a shared page, created on first touch; -1 on ENOMEM or WAIT. */
static int32_t shared_frame(struct sf_dev *d, struct sim_page *pg, bool *wait)
{
	struct sim_pcache *pc = sim_pcache_of(d, pg->backing);
	int32_t f;

	if (!pc || sim_pcache_ensure(pc, pg->pgoff))
		return SIM_NO_FRAME;
	f = pc->frame[pg->pgoff];
	if (f >= 0 && d->frames[f].locked) {
		*wait = true;	/* lock_page: migration holds it */
		return SIM_NO_FRAME;
	}
	if (f < 0) {
		f = sim_frame_alloc(d);
		if (f < 0)
			return SIM_NO_FRAME;
		pc->frame[pg->pgoff] = f;	/* the cache's reference */
	}
	sim_frame_get(d, f);			/* the PTE's */
	return f;
}

/* Not present: map the page's content. Returns false if nothing could be mapped. */
static enum sim_fault_res fault_in(struct sf_dev *d, struct sim_page *pg, bool write)
{
	int32_t f;
	bool w, wait = false;

	if (pg->backing == SF_BK_ANON_PRIVATE) {
		if (pg->swap >= 0) {		/* swap-in: the swap reference becomes the PTE's */
			f = pg->swap;
			pg->swap = SIM_NO_FRAME;
			w = write && d->frames[f].ref == 1;
		} else if (write) {
			f = sim_frame_alloc(d);
			if (f < 0)
				return SIM_F_ACCERR;
			w = true;
		} else {
			f = SIM_ZERO_FRAME;	/* read of untouched anon memory */
			w = false;
		}
	} else {
		f = shared_frame(d, pg, &wait);
		if (wait)
			return SIM_F_WAIT;
		if (f < 0)
			return SIM_F_ACCERR;
		/* shmem maps writable at once; a file mapping tracks dirtying (write-notify) */
		w = (pg->prot & SF_PROT_W) && !pg->uffd_wp &&
		    (pg->backing != SF_BK_FILE_SHARED || write);
	}
	/* nothing can be cached for a non-present PTE: no invalidation needed */
	pte_set_raw(pg, f, true, w);
	return SIM_F_FIXED;
}

/* A write to a read-only PTE of a writable VMA (do_wp_page). */
static enum sim_fault_res write_protect_fault(struct sf_dev *d, uint32_t page)
{
	struct sim_page *pg = &d->pages[page];
	int32_t f = pg->pfn;

	if (pg->backing == SF_BK_ANON_PRIVATE &&
	    (f == SIM_ZERO_FRAME || d->frames[f].ref > 1)) {
		int32_t nf = sim_frame_alloc(d);	/* wp_page_copy */

		if (nf < 0)
			return SIM_F_ACCERR;
		memcpy(d->frames[nf].w, d->frames[f].w, sizeof(d->frames[nf].w));
		sim_frame_put(d, f);
		pte_set_raw(pg, nf, true, true);
		sim_tlb_inval_page(d, page, SIM_INV_NEWPFN);
		return SIM_F_FIXED;
	}
	/* wp_page_reuse / wp_page_shared: the same frame becomes writable */
	pte_set_raw(pg, f, true, true);
	sim_tlb_inval_page(d, page, SIM_INV_UPGRADE);
	return SIM_F_FIXED;
}

enum sim_fault_res sim_fault(struct sf_dev *d, uint32_t page, bool write)
{
	struct sim_page *pg = &d->pages[page];
	enum sim_fault_res r;

	if (pg->backing == SF_BK_NONE)
		return SIM_F_MAPERR;
	if (!sim_vma_allows(pg, write))
		return SIM_F_ACCERR;
	if (pg->migrating)
		return SIM_F_WAIT;	/* migration_entry_wait */
	if (pg->pfn < 0) {
		r = fault_in(d, pg, write);
		if (r != SIM_F_FIXED || !write || pg->w)
			return r;
		return write_protect_fault(d, page);	/* swap-in of a shared page */
	}
	if (!write) {
		if (pg->r)
			return SIM_F_NOOP;
		pg->r = 1;	/* cannot be cached while unreadable */
		return SIM_F_FIXED;
	}
	if (pg->w)
		return SIM_F_NOOP;
	return write_protect_fault(d, page);
}
