/*
 * First steps of the mapping mutations: mmap (MAP_FIXED_NOREPLACE),
 * munmap, mprotect and mremap. Each checks its arguments the way the
 * kernel does before it changes anything (a failure changes nothing),
 * rewrites the VMAs, records the effect on every page, and plans its PTE
 * work and flushes as micro-steps.
 */
#include <errno.h>
#include "sim.h"

#define FLAGS_OF_A_MAPPING (SF_PS_UFFD_WP | SF_PS_COW)

static struct sf_effect eff_unmap(void)
{
	struct sf_effect e = sim_eff_keep();

	e.set_backing = SF_BK_NONE;
	e.set_prot = 0;
	e.flags_clear = FLAGS_OF_A_MAPPING;
	return e;
}

/* A new mapping's page: fresh anon content or the page cache's page. */
static struct sf_effect eff_new(const struct sf_dev *d, const struct sim_page *pg)
{
	struct sf_effect e = sim_eff_keep();

	e.set_backing = pg->backing;
	e.set_prot = pg->prot;
	e.flags_clear = FLAGS_OF_A_MAPPING;
	if (pg->backing == SF_BK_MEMFD_SHARED || pg->backing == SF_BK_FILE_SHARED) {
		e.obj_mode = SF_OBJ_SET;
		e.obj_arg = sim_pcache_obj(d, pg->backing, pg->pgoff);
	} else {
		e.obj_mode = SF_OBJ_FRESH;
	}
	return e;
}

/* Gives pg the page-cache offset or shm slot of a new mapping; 0 or ENOMEM. */
static int set_backing_object(struct sf_dev *d, struct sim_page *pg, uint32_t off)
{
	int32_t slot;

	pg->swap = SIM_NO_FRAME;
	switch (pg->backing) {
	case SF_BK_MEMFD_SHARED:
	case SF_BK_FILE_SHARED:
		pg->pgoff = off;
		return sim_pcache_ensure(sim_pcache_of(d, pg->backing), off) ? ENOMEM : 0;
	case SF_BK_ANON_SHARED:
		slot = sim_pcache_slot_new(d);
		if (slot < 0)
			return ENOMEM;
		pg->pgoff = (uint32_t)slot;
		return 0;
	default:
		pg->pgoff = 0;
		return 0;
	}
}

/* The VMA of pg goes away (its PTE is zapped by a later micro-step). */
static void vma_remove(struct sf_dev *d, struct sim_page *pg, bool release_shm)
{
	if (release_shm && pg->backing == SF_BK_ANON_SHARED && pg->pgoff < d->shm.n) {
		sim_put_later(d, d->shm.frame[pg->pgoff]);	/* the last mapping of the object */
		d->shm.frame[pg->pgoff] = SIM_NO_FRAME;
	}
	pg->backing = SF_BK_NONE;
	pg->prot = 0;
	pg->vma = 0;
	pg->uffd_wp = 0;
}

static int do_mmap(struct sf_dev *d, const struct sf_seq_op *op)
{
	uint32_t id = d->next_vma++;

	if (op->arg0 == SF_BK_NONE || op->arg0 >= SF_BK__COUNT ||
	    op->arg1 > (SF_PROT_R | SF_PROT_W | SF_PROT_X))
		return EINVAL;
	for (uint32_t p = op->page; p < op->page + op->npages; p++)
		if (d->pages[p].backing != SF_BK_NONE)
			return EEXIST;	/* MAP_FIXED_NOREPLACE */
	for (uint32_t p = op->page; p < op->page + op->npages; p++) {
		struct sim_page *pg = &d->pages[p];

		pg->backing = (uint8_t)op->arg0;
		pg->prot = (uint8_t)op->arg1;
		pg->vma = id;
		pg->uffd_wp = 0;
		if (set_backing_object(d, pg, p))
			return ENOMEM;
		struct sf_effect e = eff_new(d, pg);

		sim_eff_add(d, p, &e);
	}
	sim_vma_merge(d, op->page, op->npages);
	return 0;
}

static int do_munmap(struct sf_dev *d, const struct sf_seq_op *op)
{
	struct sf_effect un = eff_unmap(), keep = sim_eff_keep();

	sim_note_first_vma(d, op->page, op->npages);
	for (uint32_t p = op->page; p < op->page + op->npages; p++) {
		struct sim_page *pg = &d->pages[p];

		sim_eff_add(d, p, pg->backing == SF_BK_NONE ? &keep : &un);
		vma_remove(d, pg, true);
	}
	return sim_mop_range(d, SIM_MOP_ZAP, op->page, op->npages, 1) ? ENOMEM : 0;
}

static int do_mprotect(struct sf_dev *d, const struct sf_seq_op *op)
{
	uint32_t end = op->page + op->npages;

	if (op->arg0 > (SF_PROT_R | SF_PROT_W | SF_PROT_X))
		return EINVAL;
	if (!sim_all_mapped(d, op->page, op->npages))
		return ENOMEM;
	sim_note_first_vma(d, op->page, op->npages);
	for (uint32_t p = op->page; p < end;) {
		uint32_t old = d->pages[p].vma, id = 0, q = p;
		bool change = d->pages[p].prot != op->arg0;
		struct sf_effect e = sim_eff_keep();

		if (change) {
			id = d->next_vma++;	/* split off from the old VMA */
			e.set_prot = (uint8_t)op->arg0;
		}
		for (; q < end && d->pages[q].vma == old; q++) {
			if (change) {
				d->pages[q].prot = (uint8_t)op->arg0;
				d->pages[q].vma = id;
			}
			sim_eff_add(d, q, &e);
		}
		p = q;
	}
	sim_vma_merge(d, op->page, op->npages);
	return sim_mop_range(d, SIM_MOP_PROT, op->page, op->npages, 0) ? ENOMEM : 0;
}

static bool one_vma(const struct sf_dev *d, uint32_t page, uint32_t n)
{
	for (uint32_t p = page + 1; p < page + n; p++)
		if (d->pages[p].vma != d->pages[page].vma)
			return false;
	return true;
}

/* New pages [from, to) of a mapping that grows, continuing the one at src. */
static int grow_pages(struct sf_dev *d, uint32_t src, uint32_t from, uint32_t to,
		      uint32_t first_off, uint32_t vma)
{
	const struct sim_page s = d->pages[src];

	for (uint32_t p = from; p < to; p++) {
		struct sim_page *pg = &d->pages[p];

		pg->backing = s.backing;
		pg->prot = s.prot;
		pg->vma = vma;
		pg->uffd_wp = 0;
		if (set_backing_object(d, pg, first_off + (p - from)))
			return ENOMEM;
		struct sf_effect e = eff_new(d, pg);

		sim_eff_add(d, p, &e);
	}
	return 0;
}

static int mremap_in_place(struct sf_dev *d, const struct sf_seq_op *op)
{
	uint32_t p = op->page, n = op->npages, nn = op->arg0;
	struct sf_effect keep = sim_eff_keep(), un = eff_unmap();

	if (nn > n)
		for (uint32_t q = p + n; q < p + nn; q++)
			if (d->pages[q].backing != SF_BK_NONE)
				return ENOMEM;	/* cannot expand in place, may not move */
	for (uint32_t q = p; q < p + (nn < n ? nn : n); q++)
		sim_eff_add(d, q, &keep);
	if (nn > n)
		return grow_pages(d, p, p + n, p + nn, d->pages[p].pgoff + n, d->pages[p].vma);
	if (nn == n)
		return 0;
	for (uint32_t q = p + nn; q < p + n; q++) {
		sim_eff_add(d, q, &un);
		vma_remove(d, &d->pages[q], true);
	}
	return sim_mop_range(d, SIM_MOP_ZAP, p + nn, n - nn, 1) ? ENOMEM : 0;
}

/* MREMAP_FIXED|MAYMOVE to dst (replacing what is there), optionally DONTUNMAP. */
static int mremap_move(struct sf_dev *d, const struct sf_seq_op *op)
{
	uint32_t p = op->page, n = op->npages, nn = op->arg0, dst = op->arg1;
	uint32_t keep_n = nn < n ? nn : n, id, off0 = d->pages[p].pgoff;
	bool dontunmap = op->arg2 & SF_MREMAP_DONTUNMAP, replaced = false;
	bool early = d->knob == SIM_K_INVAL_BEFORE_PTE_CHANGE;
	int err = 0;

	for (uint32_t q = dst; q < dst + nn; q++) {
		if (d->pages[q].backing == SF_BK_NONE)
			continue;
		vma_remove(d, &d->pages[q], true);
		replaced = true;
	}
	if (replaced)
		err |= sim_mop_range(d, SIM_MOP_ZAP, dst, nn, 1);
	id = d->next_vma++;
	for (uint32_t i = 0; i < keep_n; i++) {
		struct sim_page *t = &d->pages[dst + i];
		const struct sim_page *s = &d->pages[p + i];
		struct sf_effect e = sim_eff_keep();

		t->backing = s->backing;
		t->prot = s->prot;
		t->uffd_wp = s->uffd_wp;
		t->pgoff = s->pgoff;
		t->vma = id;
		e.obj_mode = SF_OBJ_MOVE;
		e.obj_arg = p + i;
		sim_eff_add(d, dst + i, &e);
	}
	if (nn > n && grow_pages(d, p, dst + n, dst + nn, off0 + n, id))
		return ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		struct sf_effect e = eff_unmap();

		if (dontunmap) {	/* the source stays mapped, its pages empty */
			e = sim_eff_keep();
			e.obj_mode = SF_OBJ_FRESH;
		} else {
			vma_remove(d, &d->pages[p + i], i >= keep_n);
		}
		sim_eff_add(d, p + i, &e);
	}
	if (early)
		err |= sim_mop_add(d, SIM_MOP_FLUSH_EARLY, p, n, 0, 0);
	for (uint32_t i = 0; i < n; i++)
		err |= i < keep_n ? sim_mop_add(d, SIM_MOP_MOVE, p + i, 1, (int32_t)(dst + i), 0)
				  : sim_mop_add(d, SIM_MOP_ZAP, p + i, 1, 0, 1);
	err |= sim_mop_add(d, SIM_MOP_FLUSH, p, n, 0, early);
	return err ? ENOMEM : 0;
}

static int do_mremap(struct sf_dev *d, const struct sf_seq_op *op)
{
	uint32_t p = op->page, n = op->npages, nn = op->arg0, dst = op->arg1;
	bool move = op->arg2 & SF_MREMAP_MOVE, dontunmap = op->arg2 & SF_MREMAP_DONTUNMAP;

	if (!nn || (op->arg2 & ~(SF_MREMAP_MOVE | SF_MREMAP_DONTUNMAP)) ||
	    (dontunmap && (!move || nn != n)))
		return EINVAL;
	if (move && ((uint64_t)dst + nn > d->npages || (dst < p + n && p < dst + nn)))
		return EINVAL;
	if (!move && (uint64_t)p + nn > d->npages)
		return ENOMEM;
	if (!sim_all_mapped(d, p, n) || !one_vma(d, p, n))
		return EFAULT;
	/* the sim keeps one mapping per shared page: DONTUNMAP only for private anon */
	if (dontunmap && d->pages[p].backing != SF_BK_ANON_PRIVATE)
		return EINVAL;
	return move ? mremap_move(d, op) : mremap_in_place(d, op);
}

int sim_mut_map_begin(struct sf_dev *d, const struct sf_seq_op *op)
{
	switch (op->op) {
	case SF_OP_MMAP:
		return do_mmap(d, op);
	case SF_OP_MUNMAP:
		return do_munmap(d, op);
	case SF_OP_MPROTECT:
		return do_mprotect(d, op);
	case SF_OP_MREMAP:
		return do_mremap(d, op);
	default:
		return ENOSYS;
	}
}
