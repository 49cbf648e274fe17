/*
 * IOVA changes of the vfio backend: the op list's ioas-map and ioas-unmap
 * (the container's IOVA space is the IOAS), as VFIO_IOMMU_MAP_DMA and
 * VFIO_IOMMU_UNMAP_DMA of arena pages at their IOVAs. The engine runs them
 * under the mutation lock: they never overlap each other nor a CPU
 * mutation. Each event's effect says what a device access to the page's
 * IOVA may do afterwards, in the gate words the oracle has for memslots:
 * SF_PS_NO_SLOT (no mapping: every access must fail) and SF_PS_SLOT_RO
 * (mapped without VFIO_DMA_MAP_FLAG_WRITE: writes must fail).
 *
 * The kernel's rules (drivers/vfio/vfio_iommu_type1.c, 6.12): MAP_DMA
 * returns EEXIST before doing anything when the range meets a mapping;
 * any other failure comes from pinning, after part of the range may have
 * been mapped, and is undone before the call returns. UNMAP_DMA (v2)
 * refuses a range that cuts a mapping before unmapping anything. Through
 * iommufd's compat container a cut range may fail after some whole
 * mappings went, so a failed unmap is followed by one of the whole
 * mappings it touches, and the event covers both calls.
 */
#include <errno.h>
#include <string.h>
#include "arena.h"
#include "clock.h"
#include "collector.h"
#include "iova_areas.h"
#include "vfio_dev.h"

static void finish(struct sf_event *ev, uint32_t page, uint32_t n, uint64_t t0, int rc)
{
	ev->page = page;
	ev->npages = n;
	sf_iova_finish(ev, t0, rc);
}

/*
 * Every range mapped is mapped a second time in the shadow window, which
 * no command uses and which is unmapped only at unbind: the pages stay
 * pinned for the whole program. A kernel that leaves a translation behind
 * after UNMAP_DMA (the sensitivity variant, docs/vfio.md) then lets the
 * device reach a page still held for it, not a freed page that this
 * process's heap or the kernel got back (a device write there corrupted
 * the heap of a replay: "realloc(): invalid pointer").
 */
static void shadow_pin(struct sf_dev *d, uint32_t page, uint32_t n, int writeable)
{
	uint64_t len = (uint64_t)n * SF_VFIO_PAGE;
	int rc = -ENOSPC;

	if (d->shadow_next + len <= SF_VFIO_IOVA_SHADOW + SF_VFIO_SHADOW_LEN)
		rc = sf_vfio_map(d, d->arena->base + (size_t)page * d->arena->page_size,
				 d->shadow_next, len, writeable);
	if (rc < 0) {
		d->shadow_full++;
		d->shadow_err = -rc;
		return;
	}
	d->shadow_next += len;
}

static void set_mapped(struct sf_dev *d, uint32_t page, uint32_t n, int on)
{
	for (uint32_t p = page; p < page + n; p++)
		__atomic_store_n(&d->mapped[p], (uint8_t)on, __ATOMIC_RELAXED);
	memset(d->head + page, 0, n);
	if (on)
		d->head[page] = 1;
}

/*
 * MAP_DMA of [page, page+n). A failure other than EEXIST may have mapped
 * part of the range for a while: the range is published as mapped and
 * then unmapped over the call's interval, so an access during the call
 * may succeed or fail and one after it must fail.
 */
static void map_run(struct sf_dev *d, struct sf_slot *slot, struct sf_event *ev, uint32_t page,
		    uint32_t n, int writeable)
{
	uint64_t t0;
	int rc;

	pthread_rwlock_wrlock(&d->maplock);
	t0 = sf_slot_begin(slot);
	rc = sf_vfio_map(d, d->arena->base + (size_t)page * d->arena->page_size, sf_vfio_iova(d, page),
			 (uint64_t)n * SF_VFIO_PAGE, writeable);
	pthread_rwlock_unlock(&d->maplock);
	d->maps++;
	d->map_fails += rc < 0;
	finish(ev, page, n, t0, rc);
	sf_iova_effect(ev, 1, writeable);
	if (rc == 0) {
		set_mapped(d, page, n, 1);
		/* as the map itself: GUP refuses a read-only pin of a PROT_WRITE-only page (EFAULT) */
		shadow_pin(d, page, n, writeable);
	}
	if (rc == 0 || rc == -EEXIST)
		return;
	ev->outcome = SF_OK;	/* transiently mapped ... */
	sf_slot_put(slot, ev);
	sf_iova_effect(ev, 0, 0);	/* ... and unmapped when the call returned */
}

/*
 * Most of the arena stays mapped, so a map of a random range mostly meets
 * a mapping (EEXIST). Ops of even index map the range's holes instead
 * (one call and one event each); odd ones make the call as asked.
 */
static void dma_map(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		    struct sf_event *ev)
{
	int writeable = !!(op->arg0 & SF_PROT_W);
	uint32_t end = op->page + op->npages, p = op->page, n = 0;

	if (!(ev->seq & 1))
		n = sf_iova_next_hole(d->mapped, &p, end);
	if (!n) {
		map_run(d, slot, ev, op->page, op->npages, writeable);
		return;
	}
	for (;;) {
		uint32_t q = p + n, m;

		map_run(d, slot, ev, p, n, writeable);
		if (!(m = sf_iova_next_hole(d->mapped, &q, end)))
			return;	/* the caller publishes the last */
		sf_slot_put(slot, ev);
		p = q;
		n = m;
	}
}

/*
 * UNMAP_DMA; ops of even index first widen the range to whole mappings,
 * odd ones unmap it as asked and so often cut one (refused), which is then
 * retried widened: the event holds the retry's outcome over both calls.
 */
static void dma_unmap(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		      struct sf_event *ev)
{
	uint32_t page = op->page, end = op->page + op->npages;
	uint64_t t0;
	int rc;

	if (!(ev->seq & 1))
		sf_iova_widen(d->mapped, d->head, d->arena->npages, &page, &end);
	pthread_rwlock_wrlock(&d->maplock);
	t0 = sf_slot_begin(slot);
	rc = sf_vfio_unmap(d, sf_vfio_iova(d, page), (uint64_t)(end - page) * SF_VFIO_PAGE);
	d->unmaps++;
	if (rc < 0) {
		sf_iova_widen(d->mapped, d->head, d->arena->npages, &page, &end);
		rc = sf_vfio_unmap(d, sf_vfio_iova(d, page), (uint64_t)(end - page) * SF_VFIO_PAGE);
		d->unmap_retries++;
	}
	d->unmap_fails += rc < 0;
	pthread_rwlock_unlock(&d->maplock);
	finish(ev, page, end - page, t0, rc);
	sf_iova_effect(ev, 0, 0);
	if (rc == 0)
		set_mapped(d, page, end - page, 0);
}

int sf_vfio_mutate(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		   struct sf_event *ev)
{
	if (!d->arena || !op->npages || op->page + op->npages > d->arena->npages)
		return -EINVAL;
	ev->word = 0;
	ev->value = 0;
	switch (op->op) {
	case SF_OP_IOAS_MAP:
		dma_map(d, op, slot, ev);
		return 0;
	case SF_OP_IOAS_UNMAP:
		dma_unmap(d, op, slot, ev);
		return 0;
	default:
		return -EINVAL;
	}
}
