/*
 * The IOAS changes of the iommufd backend (SF_CLS_SLOT ops, run by the
 * engine under the mutation lock, so they never overlap each other nor a
 * CPU mutation). Each is one event whose effect says what a device access
 * to the identity IOVA of each page may do afterwards, in the memslot
 * words the oracle already has: SF_PS_NO_SLOT (no area: the access must
 * fail, a success is a DMA after unmap) and SF_PS_SLOT_RO (an area mapped
 * without WRITEABLE: writes must fail).
 *
 *   ioas-map page+n prot    IOAS_MAP of the arena pages at their identity
 *                           IOVA; writeable iff prot has w (pins them now)
 *   ioas-unmap page+n       IOAS_UNMAP of the identity range (and of the
 *                           same range of the shadow window first)
 *   ioas-copy page+n        IOAS_COPY of the identity range to the shadow
 *                           window: new areas sharing the pinned pages
 *
 * A range that cuts an area fails IOAS_UNMAP with ENOENT, but only after
 * the kernel unmapped every whole area it met before that one
 * (iopt_unmap_iova_range): a failed unmap may have changed some pages.
 * The backend then asks the kernel which pages of the range are still
 * mapped and publishes the unmapped ones as an event of their own.
 */
#include <errno.h>
#include <string.h>
#include "arena.h"
#include "clock.h"
#include "collector.h"
#include "iommufd_dev.h"

#define GATE_FLAGS (SF_PS_NO_SLOT | SF_PS_SLOT_RO | SF_PS_LOG_DIRTY)

static void effect_keep(struct sf_event *ev)
{
	memset(&ev->eff, 0, sizeof(ev->eff));
	ev->eff.set_backing = SF_EFF_KEEP;
	ev->eff.set_prot = SF_EFF_KEEP;
	ev->eff.obj_mode = SF_OBJ_KEEP;
}

/* An area now maps the pages: writes allowed iff writeable. */
static void effect_mapped(struct sf_event *ev, int writeable)
{
	effect_keep(ev);
	ev->eff.flags_set = writeable ? 0 : SF_PS_SLOT_RO;
	ev->eff.flags_clear = GATE_FLAGS & ~ev->eff.flags_set;
}

static void effect_unmapped(struct sf_event *ev)
{
	effect_keep(ev);
	ev->eff.flags_set = SF_PS_NO_SLOT;
	ev->eff.flags_clear = SF_PS_SLOT_RO | SF_PS_LOG_DIRTY;
}

static void finish(struct sf_event *ev, uint64_t t0, int rc)
{
	ev->kind = SF_EV_MUTATION;
	ev->t0 = t0;
	ev->t1 = sf_now_ns();
	ev->outcome = rc < 0 ? SF_FAILED : SF_OK;
	ev->err = rc < 0 ? (uint32_t)-rc : 0;
}

static int ioas_map(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		    struct sf_event *ev)
{
	int writeable = !!(op->arg0 & SF_PROT_W);
	uint64_t t0 = sf_slot_begin(slot);
	int rc = sf_iommufd_map(d, op->page, op->npages, writeable);

	finish(ev, t0, rc);
	effect_mapped(ev, writeable);
	d->maps++;
	d->map_fails += rc < 0;
	return 0;
}

/* Is page p's identity IOVA in an area? 1 yes, 0 no, -errno if the kernel will not say. */
static int still_mapped(struct sf_dev *d, uint32_t p)
{
	uint64_t v;
	int rc = sf_iommufd_rw(d, sf_iommufd_iova(d, SF_IOMMUFD_IDENTITY, p), &v, 0, 0);

	d->probes++;
	if (rc == -ENOENT)
		return 0;
	if (rc == 0 || rc == -EFAULT || rc == -EPERM)
		return 1;	/* an area answered; the CPU side may refuse */
	return rc;
}

/*
 * After a failed unmap: one event per run of pages that are gone, over the
 * call's interval stretched to this check (when they went is not known).
 */
static void publish_partial(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
			    struct sf_event *ev, uint64_t t0)
{
	struct sf_event part = *ev;
	uint32_t end = op->page + op->npages, run = end;

	for (uint32_t p = op->page; p <= end; p++) {
		int gone = p < end && still_mapped(d, p) == 0;

		if (gone && run == end)
			run = p;
		if (gone || run == end)
			continue;
		part.page = run;
		part.npages = p - run;
		finish(&part, t0, 0);
		effect_unmapped(&part);
		sf_slot_put(slot, &part);
		d->partial_unmaps++;
		run = end;
	}
}

static int ioas_unmap(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		      struct sf_event *ev)
{
	uint64_t len = (uint64_t)op->npages * d->arena->page_size;
	uint64_t t0 = sf_slot_begin(slot);
	int rc;

	/* copies go first, so that a range's pins can drop to none */
	if (sf_iommufd_unmap(d, sf_iommufd_iova(d, SF_IOMMUFD_SHADOW, op->page), len) == 0)
		d->shadow_unmaps++;
	rc = sf_iommufd_unmap(d, sf_iommufd_iova(d, SF_IOMMUFD_IDENTITY, op->page), len);
	if (rc < 0)
		publish_partial(d, op, slot, ev, t0);
	finish(ev, t0, rc);
	effect_unmapped(ev);
	d->unmaps++;
	d->unmap_fails += rc < 0;
	return 0;
}

static int ioas_copy(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		     struct sf_event *ev)
{
	uint64_t t0 = sf_slot_begin(slot);
	int rc = sf_iommufd_copy(d, op->page, op->npages);

	/* the identity window is untouched: no device access uses the shadow */
	finish(ev, t0, rc);
	effect_keep(ev);
	d->copies++;
	d->copy_fails += rc < 0;
	return 0;
}

int sf_iommufd_mutate(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		      struct sf_event *ev)
{
	if (!d->arena || !op->npages || op->page + op->npages > d->arena->npages)
		return -EINVAL;
	ev->page = op->page;
	ev->npages = op->npages;
	ev->word = 0;
	ev->value = 0;
	switch (op->op) {
	case SF_OP_IOAS_MAP:
		return ioas_map(d, op, slot, ev);
	case SF_OP_IOAS_UNMAP:
		return ioas_unmap(d, op, slot, ev);
	case SF_OP_IOAS_COPY:
		return ioas_copy(d, op, slot, ev);
	default:
		return -EINVAL;
	}
}
