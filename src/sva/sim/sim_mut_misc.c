/*
 * First steps of the other mutations: madvise, hole punch, fork, uffd-wp,
 * migration, mlock/munlock and compaction.
 */
#include <errno.h>
#include "sim.h"

static void add_keep_range(struct sf_dev *d, uint32_t page, uint32_t n)
{
	struct sf_effect keep = sim_eff_keep();

	for (uint32_t p = page; p < page + n; p++)
		sim_eff_add(d, p, &keep);
}

/*
 * Effects of dropping shared pages: every page of the arena that maps a
 * marked page-cache page gets that page's next content object (memfd,
 * file) or fresh content (shm); the other pages of [page, page+n) keep.
 */
static void punch_effects(struct sf_dev *d, uint32_t page, uint32_t n)
{
	for (uint32_t q = 0; q < d->npages; q++) {
		const struct sim_page *pg = &d->pages[q];
		const struct sim_pcache *pc = sim_pcache_of(d, pg->backing);
		struct sf_effect e = sim_eff_keep();
		bool hit = pc && pg->pgoff < pc->n && pc->mark[pg->pgoff] == d->stamp;

		if (!hit && (q < page || q >= page + n))
			continue;
		if (hit && pg->backing == SF_BK_ANON_SHARED) {
			e.obj_mode = SF_OBJ_FRESH;
		} else if (hit) {
			e.obj_mode = SF_OBJ_SET;
			e.obj_arg = sim_pcache_obj(d, pg->backing, pg->pgoff);
		}
		sim_eff_add(d, q, &e);
	}
}

/* Marks one shared page for dropping: next content generation, plus the micro-step. */
static int punch_mark(struct sf_dev *d, unsigned backing, uint32_t off)
{
	struct sim_pcache *pc = sim_pcache_of(d, backing);

	if (sim_pcache_ensure(pc, off))
		return ENOMEM;
	if (pc->mark[off] == d->stamp)
		return 0;
	pc->mark[off] = d->stamp;
	pc->gen[off]++;
	return sim_mop_add(d, SIM_MOP_PUNCH, off, 1, 0, (uint8_t)backing) ? ENOMEM : 0;
}

static int do_punch(struct sf_dev *d, const struct sf_seq_op *op)
{
	for (uint32_t off = op->page; off < op->page + op->npages; off++)
		if (punch_mark(d, SF_BK_MEMFD_SHARED, off))
			return ENOMEM;
	punch_effects(d, op->page, op->npages);
	return 0;
}

/* MADV_REMOVE: punch whatever shared object each page maps. */
static int madv_remove(struct sf_dev *d, const struct sf_seq_op *op)
{
	for (uint32_t p = op->page; p < op->page + op->npages; p++) {
		const struct sim_page *pg = &d->pages[p];

		if (pg->backing == SF_BK_ANON_PRIVATE || !(pg->prot & SF_PROT_W))
			return EACCES;
	}
	for (uint32_t p = op->page; p < op->page + op->npages; p++)
		if (punch_mark(d, d->pages[p].backing, d->pages[p].pgoff))
			return ENOMEM;
	punch_effects(d, op->page, op->npages);
	return 0;
}

/* DONTNEED, FREE, PAGEOUT: zap the PTEs, then one flush for the range. */
static int madv_zap(struct sf_dev *d, const struct sf_seq_op *op)
{
	uint32_t end = op->page + op->npages;
	bool early = d->knob == SIM_K_INVAL_BEFORE_PTE_CHANGE;
	int err = 0;

	if (op->arg0 == SF_ADV_FREE)
		for (uint32_t p = op->page; p < end; p++)
			if (d->pages[p].backing != SF_BK_ANON_PRIVATE)
				return EINVAL;	/* MADV_FREE is for private anon only */
	if (early)
		err |= sim_mop_add(d, SIM_MOP_FLUSH_EARLY, op->page, op->npages, 0, 0);
	for (uint32_t p = op->page; p < end; p++) {
		bool priv = d->pages[p].backing == SF_BK_ANON_PRIVATE;
		struct sf_effect e = sim_eff_keep();

		switch (op->arg0) {
		case SF_ADV_DONTNEED:	/* private content is gone: zero-fill on next touch */
			if (priv)
				e.obj_mode = SF_OBJ_FRESH;
			err |= sim_mop_add(d, SIM_MOP_ZAP, p, 1, 0, 1);
			break;
		case SF_ADV_FREE:	/* reclaim may discard it any time: here, half now */
			e.obj_mode = SF_OBJ_FORGET;
			if (sf_rng_below(&d->rng, 2))
				err |= sim_mop_add(d, SIM_MOP_ZAP, p, 1, 0, 1);
			break;
		default:		/* PAGEOUT: content kept in swap or the page cache */
			err |= sim_mop_add(d, SIM_MOP_ZAP, p, 1, 0, 0);
			break;
		}
		sim_eff_add(d, p, &e);
	}
	err |= sim_mop_add(d, SIM_MOP_FLUSH, op->page, op->npages, 0, early);
	return err ? ENOMEM : 0;
}

static int do_madvise(struct sf_dev *d, const struct sf_seq_op *op)
{
	if (op->arg0 >= SF_ADV__COUNT)
		return EINVAL;
	if (!sim_all_mapped(d, op->page, op->npages))
		return ENOMEM;
	switch (op->arg0) {
	case SF_ADV_DONTNEED:
	case SF_ADV_FREE:
	case SF_ADV_PAGEOUT:
		sim_note_first_vma(d, op->page, op->npages);
		return madv_zap(d, op);
	case SF_ADV_REMOVE:
		return madv_remove(d, op);
	default:	/* cold, willneed, (no)hugepage, collapse, mergeable: no permission change */
		add_keep_range(d, op->page, op->npages);
		return 0;
	}
}

/*
 * fork: dup_mmap write-protects every private page of the process (not
 * only the op's range) and flushes; fork returns; the child writes word 0
 * of each page of the range (its own COW break: it writes back the value
 * it read, so no content changes), exits, and the parent reaps it.
 */
static int do_fork(struct sf_dev *d, const struct sf_seq_op *op)
{
	uint32_t lo = d->npages, hi = 0;
	bool early = d->knob == SIM_K_INVAL_BEFORE_PTE_CHANGE;
	int err = 0;

	for (uint32_t p = 0; p < d->npages; p++) {
		const struct sim_page *pg = &d->pages[p];

		if (pg->backing != SF_BK_ANON_PRIVATE || (pg->pfn < 0 && pg->swap < 0))
			continue;
		lo = p < lo ? p : lo;
		hi = p + 1;
	}
	for (uint32_t p = op->page; p < op->page + op->npages; p++) {
		const struct sim_page *pg = &d->pages[p];
		struct sf_effect e = sim_eff_keep();

		if (pg->backing == SF_BK_ANON_PRIVATE)
			e.flags_set = SF_PS_COW;
		sim_eff_add(d, p, &e);
	}
	if (hi > lo) {
		if (early)
			err |= sim_mop_add(d, SIM_MOP_FLUSH_EARLY, lo, hi - lo, 0, 0);
		for (uint32_t p = lo; p < hi; p++)
			if (d->pages[p].backing == SF_BK_ANON_PRIVATE &&
			    (d->pages[p].pfn >= 0 || d->pages[p].swap >= 0))
				err |= sim_mop_add(d, SIM_MOP_FORK_WP, p, 1, 0, 0);
		err |= sim_mop_add(d, SIM_MOP_FLUSH, lo, hi - lo, 0, early);
	}
	err |= sim_mop_add(d, SIM_MOP_MMAP_UNLOCK, 0, 0, 0, 0);
	for (uint32_t p = op->page; p < op->page + op->npages; p++)
		err |= sim_mop_add(d, SIM_MOP_CHILD_WRITE, p, 1, 0, 0);
	err |= sim_mop_add(d, SIM_MOP_CHILD_EXIT, 0, 0, 0, 0);
	return err ? ENOMEM : 0;
}

/* UFFDIO_WRITEPROTECT on (arg0 1) or off over a registered range. */
static int do_uffd_wp(struct sf_dev *d, const struct sf_seq_op *op)
{
	bool on = op->arg0;
	int err = 0;

	if (!sim_all_mapped(d, op->page, op->npages))
		return ENOENT;
	for (uint32_t p = op->page; p < op->page + op->npages; p++) {
		struct sf_effect e = sim_eff_keep();

		d->pages[p].uffd_wp = on;
		if (on)
			e.flags_set = SF_PS_UFFD_WP;
		else
			e.flags_clear = SF_PS_UFFD_WP;
		sim_eff_add(d, p, &e);
	}
	if (on)
		return sim_mop_range(d, SIM_MOP_UFFD_ON, op->page, op->npages, 0) ? ENOMEM : 0;
	/* un-protecting upgrades PTEs: each is invalidated with its change */
	for (uint32_t p = op->page; p < op->page + op->npages; p++)
		err |= sim_mop_add(d, SIM_MOP_UFFD_OFF, p, 1, 0, 0);
	return err ? ENOMEM : 0;
}

static int do_migrate(struct sf_dev *d, const struct sf_seq_op *op)
{
	for (uint32_t p = op->page; p < op->page + op->npages; p++)
		if (d->pages[p].pfn > SIM_ZERO_FRAME)
			sim_migrate_plan(d, p);
	add_keep_range(d, op->page, op->npages);
	return 0;
}

/* mlock populates: a write fault for private writable pages (FOLL_WRITE), else a read. */
static int do_mlock(struct sf_dev *d, const struct sf_seq_op *op)
{
	int err = 0;

	if (!sim_all_mapped(d, op->page, op->npages))
		return ENOMEM;
	if (op->op == SF_OP_MLOCK)
		for (uint32_t p = op->page; p < op->page + op->npages; p++) {
			const struct sim_page *pg = &d->pages[p];
			bool write = pg->backing == SF_BK_ANON_PRIVATE && (pg->prot & SF_PROT_W);

			err |= sim_mop_add(d, SIM_MOP_FAULTIN, p, 1, 0, write);
		}
	add_keep_range(d, op->page, op->npages);
	return err ? ENOMEM : 0;
}

/* Compaction migrates a few pages of its choosing. */
void sim_compact_plan(struct sf_dev *d)
{
	for (int k = 0; k < 4; k++) {
		uint32_t p = sf_rng_below(&d->rng, d->npages);

		if (d->pages[p].pfn > SIM_ZERO_FRAME)
			sim_migrate_plan(d, p);
	}
}

static int do_compact(struct sf_dev *d, const struct sf_seq_op *op)
{
	sim_compact_plan(d);
	add_keep_range(d, op->page, op->npages);
	return 0;
}

int sim_mut_misc_begin(struct sf_dev *d, const struct sf_seq_op *op)
{
	switch (op->op) {
	case SF_OP_MADVISE:
		return do_madvise(d, op);
	case SF_OP_PUNCH:
		return do_punch(d, op);
	case SF_OP_FORK:
		return do_fork(d, op);
	case SF_OP_UFFD_WP:
		return do_uffd_wp(d, op);
	case SF_OP_MIGRATE:
		return do_migrate(d, op);
	case SF_OP_MLOCK:
	case SF_OP_MUNLOCK:
		return do_mlock(d, op);
	case SF_OP_COMPACT:
		return do_compact(d, op);
	default:
		return ENOSYS;
	}
}
