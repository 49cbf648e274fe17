/*
 * The micro-steps of mutations (see sim_mut.c): each runs in one
 * scheduler step and is evaluated against the state of that moment,
 * because fault handlers of other threads may have run in between.
 */
#include <string.h>
#include "sim.h"

/* What mprotect's change_pte_range leaves writable. */
static bool pte_writable(const struct sf_dev *d, const struct sim_page *pg)
{
	if (!(pg->prot & SF_PROT_W) || pg->uffd_wp || pg->pfn < 0)
		return false;
	switch (pg->backing) {
	case SF_BK_ANON_PRIVATE:	/* only an exclusive page (can_change_pte_writable) */
		return pg->pfn != SIM_ZERO_FRAME && d->frames[pg->pfn].ref == 1;
	case SF_BK_FILE_SHARED:		/* write-notify: stays clean until written */
		return pg->w;
	default:
		return true;
	}
}

static void mop_prot(struct sf_dev *d, uint32_t page)
{
	struct sim_page *pg = &d->pages[page];

	if (pg->pfn >= 0)
		sim_pte_set(d, page, pg->pfn, pg->prot & (SF_PROT_R | SF_PROT_W), pte_writable(d, pg));
}

/* drop: private content goes too (munmap, DONTNEED); else it goes to swap (pageout). */
static void mop_zap(struct sf_dev *d, uint32_t page, bool drop)
{
	struct sim_page *pg = &d->pages[page];
	int32_t f = pg->pfn;

	if (f >= 0) {
		if (!drop && pg->backing == SF_BK_ANON_PRIVATE) {
			/*
			 * pageout skips the zero page (not a normal folio) and pages
			 * shared with a child; a swapped page comes back as the same
			 * frame (swap cache), so a stale IOTLB entry still sees it
			 */
			if (f == SIM_ZERO_FRAME || d->frames[f].ref > 1)
				return;
			if (pg->swap < 0)
				pg->swap = f;	/* the PTE's reference becomes the swap entry's */
			else
				sim_put_later(d, f);
		} else {
			sim_put_later(d, f);
		}
		sim_pte_set(d, page, SIM_NO_FRAME, false, false);
		pg->migrating = 0;
	}
	if (drop && pg->swap >= 0) {
		sim_put_later(d, pg->swap);
		pg->swap = SIM_NO_FRAME;
	}
}

static void mop_fork_wp(struct sf_dev *d, uint32_t page)
{
	struct sim_page *pg = &d->pages[page];

	if (pg->backing != SF_BK_ANON_PRIVATE || pg->child >= 0)
		return;
	if (pg->pfn >= 0) {
		sim_frame_get(d, pg->pfn);
		pg->child = pg->pfn;
		if (pg->w)
			sim_pte_set(d, page, pg->pfn, pg->r, false);
	} else if (pg->swap >= 0) {
		sim_frame_get(d, pg->swap);
		pg->child = pg->swap;
	}
}

static void mop_flush(struct sf_dev *d, const struct sim_mop *mo)
{
	struct sim_mut *m = &d->mut;

	if (mo->arg)
		for (uint32_t p = mo->page; p < mo->page + mo->n; p++)
			d->pages[p].chg = 0;
	else
		sim_tlb_flush_range(d, mo->page, mo->n);
	/* tlb_finish_mmu: pages are freed only after the flush */
	for (size_t i = 0; i < m->nputs; i++)
		sim_frame_put(d, m->puts[i]);
	m->nputs = 0;
}

static void mop_move(struct sf_dev *d, uint32_t src, uint32_t dst)
{
	struct sim_page *s = &d->pages[src], *t = &d->pages[dst];

	t->pfn = s->pfn;
	t->r = s->r;
	t->w = s->w;
	t->migrating = 0;
	t->swap = s->swap;
	s->swap = SIM_NO_FRAME;
	sim_pte_set(d, src, SIM_NO_FRAME, false, false);
}

/* The child's COW break: its own copy, the parent's PTE is not touched. */
static void mop_child_write(struct sf_dev *d, uint32_t page)
{
	struct sim_page *pg = &d->pages[page];
	int32_t c = pg->child, nf;

	if (c < 0 || (c != SIM_ZERO_FRAME && d->frames[c].ref == 1))
		return;
	nf = sim_frame_alloc(d);
	if (nf < 0)
		return;
	memcpy(d->frames[nf].w, d->frames[c].w, sizeof(d->frames[nf].w));
	sim_frame_put(d, c);
	pg->child = nf;
}

static void mop_child_exit(struct sf_dev *d)
{
	for (uint32_t p = 0; p < d->npages; p++) {
		if (d->pages[p].child >= 0)
			sim_frame_put(d, d->pages[p].child);
		d->pages[p].child = SIM_NO_FRAME;
	}
}

/* try_to_migrate: every PTE of the frame becomes a migration entry, flushed. */
static void mop_migrate_unmap(struct sf_dev *d, struct sim_mop *mo)
{
	int32_t f = d->pages[mo->page].pfn;

	if (f <= SIM_ZERO_FRAME || d->pages[mo->page].migrating || d->frames[f].locked)
		return;
	d->frames[f].locked = 1;
	for (uint32_t q = 0; q < d->npages; q++) {
		if (d->pages[q].pfn != f)
			continue;
		d->pages[q].migrating = 1;
		sim_tlb_inval_page(d, q, SIM_INV_NEWPFN);
	}
	mo[1].page2 = f;	/* for the copy step that follows */
}

/* move_to_new_folio + remove_migration_ptes */
static void mop_migrate_copy(struct sf_dev *d, const struct sim_mop *mo)
{
	int32_t f = mo->page2, nf;
	uint32_t moved = 0;

	if (f < 0)
		return;
	nf = sim_frame_alloc(d);
	d->frames[f].locked = 0;
	for (uint32_t q = 0; q < d->npages; q++) {
		struct sim_page *pg = &d->pages[q];

		if (pg->pfn != f || !pg->migrating)
			continue;
		pg->migrating = 0;
		if (nf >= 0) {
			pg->pfn = nf;
			moved++;
		}
	}
	if (nf < 0)
		return;		/* out of memory: the old frame stays */
	if (!moved) {
		sim_frame_put(d, nf);
		return;
	}
	memcpy(d->frames[nf].w, d->frames[f].w, sizeof(d->frames[nf].w));
	struct sim_pcache *pcs[] = { &d->memfd, &d->file, &d->shm };

	for (unsigned i = 0; i < 3; i++)
		for (uint32_t o = 0; o < pcs[i]->n; o++)
			if (pcs[i]->frame[o] == f) {
				pcs[i]->frame[o] = nf;
				moved++;
			}
	d->frames[nf].ref = moved;
	d->frames[f].ref -= moved - 1;	/* every holder moved: the old frame goes */
	sim_frame_put(d, f);
}

/* Drop one page of a shared object: zap every PTE of it, then the cache's page. */
static void mop_punch(struct sf_dev *d, unsigned backing, uint32_t off)
{
	struct sim_pcache *pc = sim_pcache_of(d, backing);

	if (!pc || off >= pc->n)
		return;
	for (uint32_t q = 0; q < d->npages; q++) {
		struct sim_page *pg = &d->pages[q];

		if (pg->backing != backing || pg->pgoff != off || pg->pfn < 0)
			continue;
		sim_frame_put(d, pg->pfn);
		sim_pte_set(d, q, SIM_NO_FRAME, false, false);
		pg->chg = 0;
		sim_tlb_inval_page(d, q, SIM_INV_DOWNGRADE);	/* unmap_mapping_range */
	}
	if (pc->frame[off] >= 0)
		sim_frame_put(d, pc->frame[off]);
	pc->frame[off] = SIM_NO_FRAME;
}

static void mop_uffd_off(struct sf_dev *d, uint32_t page)
{
	struct sim_page *pg = &d->pages[page];

	if (pg->pfn < 0 || pg->w || !pte_writable(d, pg))
		return;
	pg->w = 1;
	sim_tlb_inval_page(d, page, SIM_INV_UPGRADE);
}

static void mop_faultin(struct sf_dev *d, uint32_t page, bool write)
{
	struct sim_page *pg = &d->pages[page];

	if (write && sim_vma_allows(pg, true))
		sim_fault(d, page, true);
	else if (sim_vma_allows(pg, false))
		sim_fault(d, page, false);
}

bool sim_mop_step(struct sf_dev *d)
{
	struct sim_mut *m = &d->mut;
	struct sim_mop *mo = &m->mops[m->pc++];

	switch (mo->kind) {
	case SIM_MOP_PROT:
		mop_prot(d, mo->page);
		break;
	case SIM_MOP_ZAP:
		mop_zap(d, mo->page, mo->arg);
		break;
	case SIM_MOP_FORK_WP:
		mop_fork_wp(d, mo->page);
		break;
	case SIM_MOP_FLUSH:
		mop_flush(d, mo);
		break;
	case SIM_MOP_FLUSH_EARLY:
		sim_tlb_flush_early(d, mo->page, mo->n);
		break;
	case SIM_MOP_MOVE:
		mop_move(d, mo->page, (uint32_t)mo->page2);
		break;
	case SIM_MOP_MMAP_UNLOCK:
		m->mmap_write = false;
		break;
	case SIM_MOP_CHILD_WRITE:
		mop_child_write(d, mo->page);
		break;
	case SIM_MOP_CHILD_EXIT:
		mop_child_exit(d);
		break;
	case SIM_MOP_MIGRATE_UNMAP:
		mop_migrate_unmap(d, mo);
		break;
	case SIM_MOP_MIGRATE_COPY:
		mop_migrate_copy(d, mo);
		break;
	case SIM_MOP_PUNCH:
		mop_punch(d, mo->arg, mo->page);
		break;
	case SIM_MOP_UFFD_ON:
		if (d->pages[mo->page].pfn >= 0 && d->pages[mo->page].w)
			sim_pte_set(d, mo->page, d->pages[mo->page].pfn, d->pages[mo->page].r, false);
		break;
	case SIM_MOP_UFFD_OFF:
		mop_uffd_off(d, mo->page);
		break;
	case SIM_MOP_FAULTIN:
		mop_faultin(d, mo->page, mo->arg);
		break;
	case SIM_MOP_END:
		return true;
	}
	return false;
}
