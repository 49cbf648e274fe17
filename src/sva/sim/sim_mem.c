/*
 * Physical memory of the sim: frames with reference counts (so a COW
 * break knows whether to copy or reuse), a FIFO of freed frames that are
 * reused only after a quarantine (a stale IOTLB entry keeps hitting the
 * old page for a while, as it would on real hardware before reuse), and
 * the page caches of the shared backings.
 */
#include <stdlib.h>
#include <string.h>
#include "sf_assert.h"
#include "sim.h"

int sim_grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 64;
	void *q;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	q = realloc(*p, n * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

/* Grows the three parallel arrays of a page cache to hold cap entries. */
static int pcache_grow(struct sim_pcache *pc, uint32_t need)
{
	uint32_t cap = pc->cap ? pc->cap : 64;

	if (need <= pc->cap)
		return 0;
	while (cap < need)
		cap *= 2;
	int32_t *f = realloc(pc->frame, (size_t)cap * sizeof(*f));

	if (!f)
		return -1;
	pc->frame = f;
	uint32_t *g = realloc(pc->gen, (size_t)cap * sizeof(*g));

	if (!g)
		return -1;
	pc->gen = g;
	uint32_t *m = realloc(pc->mark, (size_t)cap * sizeof(*m));

	if (!m)
		return -1;
	pc->mark = m;
	pc->cap = cap;
	return 0;
}

int sim_pcache_ensure(struct sim_pcache *pc, uint32_t off)
{
	if (off < pc->n)
		return 0;
	if (off == UINT32_MAX || pcache_grow(pc, off + 1))
		return -1;
	for (uint32_t i = pc->n; i <= off; i++) {
		pc->frame[i] = SIM_NO_FRAME;
		pc->gen[i] = 0;
		pc->mark[i] = 0;
	}
	pc->n = off + 1;
	return 0;
}

static int pcache_reset(struct sim_pcache *pc, uint32_t n)
{
	pc->n = 0;
	return n ? sim_pcache_ensure(pc, n - 1) : 0;
}

int sim_mem_reset(struct sf_dev *d, uint32_t npages)
{
	if (sim_grow((void **)&d->pages, &d->pages_cap, npages, sizeof(*d->pages)))
		return -1;
	d->npages = npages;
	for (uint32_t i = 0; i < npages; i++) {
		struct sim_page *pg = &d->pages[i];

		memset(pg, 0, sizeof(*pg));
		pg->backing = SF_BK_ANON_PRIVATE;
		pg->prot = SF_PROT_R | SF_PROT_W;
		pg->vma = 1;	/* the arena starts as one VMA */
		pg->swap = SIM_NO_FRAME;
		pg->pfn = SIM_NO_FRAME;
		pg->tlb_pfn = SIM_NO_FRAME;
		pg->child = SIM_NO_FRAME;
	}
	sim_ioas_reset(d);
	d->next_vma = 2;
	if (sim_grow((void **)&d->frames, &d->frames_cap, 1, sizeof(*d->frames)))
		return -1;
	memset(&d->frames[SIM_ZERO_FRAME], 0, sizeof(d->frames[0]));
	d->frames[SIM_ZERO_FRAME].ref = 1;
	d->nframes = 1;
	d->fq_head = d->fq_tail = 0;
	d->stamp = 0;
	if (pcache_reset(&d->memfd, npages) || pcache_reset(&d->file, npages) ||
	    pcache_reset(&d->shm, 0))
		return -1;
	return 0;
}

void sim_mem_free(struct sf_dev *d)
{
	struct sim_pcache *pcs[] = { &d->memfd, &d->file, &d->shm };

	for (unsigned i = 0; i < 3; i++) {
		free(pcs[i]->frame);
		free(pcs[i]->gen);
		free(pcs[i]->mark);
		memset(pcs[i], 0, sizeof(*pcs[i]));
	}
	free(d->pages);
	free(d->frames);
	free(d->freeq);
	d->pages = NULL;
	d->frames = NULL;
	d->freeq = NULL;
	d->pages_cap = d->frames_cap = d->fq_cap = 0;
}

int32_t sim_frame_alloc(struct sf_dev *d)
{
	int32_t f;

	if (d->fq_tail - d->fq_head > SIM_QUARANTINE) {
		f = d->freeq[d->fq_head++ & (d->fq_cap - 1)];
		/* a frame on the free queue has no reference left */
		SF_ASSERT(d->frames[f].ref == 0);
	} else {
		if (d->nframes >= INT32_MAX ||
		    sim_grow((void **)&d->frames, &d->frames_cap, d->nframes + 1, sizeof(*d->frames)))
			return SIM_NO_FRAME;
		f = (int32_t)d->nframes++;
	}
	memset(&d->frames[f], 0, sizeof(d->frames[f]));
	d->frames[f].ref = 1;
	return f;
}

void sim_frame_get(struct sf_dev *d, int32_t f)
{
	if (f <= SIM_ZERO_FRAME)
		return;
	SF_ASSERT(d->frames[f].ref > 0);	/* a new reference to a freed frame */
	d->frames[f].ref++;
}

/* Grows the power-of-two FIFO, keeping its order. */
static int freeq_grow(struct sf_dev *d)
{
	uint32_t n = d->fq_cap ? d->fq_cap * 2 : 1024, len = d->fq_tail - d->fq_head;
	int32_t *q = malloc((size_t)n * sizeof(*q));

	if (!q)
		return -1;
	for (uint32_t i = 0; i < len; i++)
		q[i] = d->freeq[(d->fq_head + i) & (d->fq_cap - 1)];
	free(d->freeq);
	d->freeq = q;
	d->fq_cap = n;
	d->fq_head = 0;
	d->fq_tail = len;
	return 0;
}

void sim_frame_put(struct sf_dev *d, int32_t f)
{
	if (f <= SIM_ZERO_FRAME)
		return;
	SF_ASSERT(d->frames[f].ref > 0);	/* one put too many */
	if (!d->frames[f].ref)
		return;
	if (--d->frames[f].ref)
		return;
	if (d->fq_tail - d->fq_head >= d->fq_cap && freeq_grow(d))
		return;		/* out of memory: the frame just leaks */
	d->freeq[d->fq_tail++ & (d->fq_cap - 1)] = f;
}

struct sim_pcache *sim_pcache_of(struct sf_dev *d, unsigned backing)
{
	switch (backing) {
	case SF_BK_MEMFD_SHARED:
		return &d->memfd;
	case SF_BK_FILE_SHARED:
		return &d->file;
	case SF_BK_ANON_SHARED:
		return &d->shm;
	default:
		return NULL;
	}
}

int32_t sim_pcache_slot_new(struct sf_dev *d)
{
	uint32_t n = d->shm.n;

	if (n >= INT32_MAX || sim_pcache_ensure(&d->shm, n))
		return -1;
	return (int32_t)n;
}

uint64_t sim_pcache_obj(const struct sf_dev *d, unsigned backing, uint32_t off)
{
	const struct sim_pcache *pc = backing == SF_BK_FILE_SHARED ? &d->file : &d->memfd;
	uint64_t base = backing == SF_BK_FILE_SHARED ? SIM_OBJ_FILE : SIM_OBJ_MEMFD;

	return base + ((uint64_t)pc->gen[off] << SIM_OBJ_GEN_SHIFT) + off;
}
