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
 *                           IOVA; writeable iff prot has w (pins them now);
 *                           every other one maps only the range's holes
 *   ioas-unmap page+n       IOAS_UNMAP of the identity range (and of the
 *                           same range of the shadow window first); every
 *                           other one widened to the whole areas it touches
 *   ioas-copy page+n        IOAS_COPY of the identity range to the shadow
 *                           window: new areas sharing the pinned pages;
 *                           then reads through the pinned pfns of the
 *                           range (iommufd_pinned.c)
 *   dirty-check             GET_DIRTY_BITMAP of the mapped identity pages
 *                           (iommufd_dirty.c)
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
#include "iova_areas.h"

/* An area now maps the pages: writes allowed iff writeable; the domain tracks dirt. */
static void effect_mapped(struct sf_event *ev, int writeable)
{
	sf_iova_effect(ev, 1, writeable);
	ev->eff.flags_set |= SF_PS_LOG_DIRTY;
	ev->eff.flags_clear &= ~SF_PS_LOG_DIRTY;
}

/* Disarms fail-nth after the call; counts the calls an injected fault made fail. */
static void note_injection(struct sf_dev *d, int nth, int rc)
{
	if (sf_iommufd_failnth_disarm(d, nth) && rc < 0)
		d->injected_fails++;
}

/* One IOAS_MAP of [page, page+n): one event (ev, filled but not published). */
static void map_run(struct sf_dev *d, struct sf_slot *slot, struct sf_event *ev, uint32_t page,
		    uint32_t n, int writeable)
{
	uint64_t t0 = sf_slot_begin(slot);
	int nth = sf_iommufd_failnth_arm(d, ev->seq);
	int rc = sf_iommufd_map(d, page, n, writeable);

	note_injection(d, nth, rc);
	if (rc == 0) {
		memset(d->mapped + page, 1, n);
		memset(d->head + page, 0, n);
		d->head[page] = 1;
	}
	ev->page = page;
	ev->npages = n;
	sf_iova_finish(ev, t0, rc);
	effect_mapped(ev, writeable);
	d->maps++;
	d->map_fails += rc < 0;
}

/* The first hole after the op's range (or before it), cut to the range's length: 0 if none. */
static uint32_t hole_elsewhere(const struct sf_dev *d, const struct sf_seq_op *op, uint32_t *page)
{
	uint32_t p = op->page + op->npages;
	uint32_t n = sf_iova_next_hole(d->mapped, &p, d->arena->npages);

	if (!n) {
		p = 0;
		n = sf_iova_next_hole(d->mapped, &p, op->page);
	}
	*page = p;
	return n < op->npages ? n : op->npages;
}

/*
 * Most of an arena stays mapped, so a map of a random range mostly meets
 * an area (EEXIST). Ops of even index map holes instead, one call per run
 * of pages without an area (as far as the calls told): the range's own,
 * or else the first hole after it, at most as long as the range (a wrong
 * guess is just a failed call); odd ones, and an arena without a hole,
 * make the call as asked.
 */
static int ioas_map(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		    struct sf_event *ev)
{
	int writeable = !!(op->arg0 & SF_PROT_W);
	uint32_t end = op->page + op->npages, p = op->page, n = 0;

	if (!(ev->seq & 1)) {
		n = sf_iova_next_hole(d->mapped, &p, end);
		if (!n) {
			n = hole_elsewhere(d, op, &p);
			end = p + n;
		}
	}
	if (!n) {
		map_run(d, slot, ev, op->page, op->npages, writeable);
		return 0;
	}
	for (;;) {
		uint32_t q = p + n, m;

		map_run(d, slot, ev, p, n, writeable);
		if (!(m = sf_iova_next_hole(d->mapped, &q, end)))
			return 0;	/* the caller publishes the last */
		sf_slot_put(slot, ev);
		p = q;
		n = m;
	}
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
 * After a failed unmap: the pages that had an area and have none now, one
 * event per run of them, over the call's interval stretched to this check
 * (when they went is not known). Returns how many pages went.
 */
static uint32_t publish_partial(struct sf_dev *d, uint32_t page, uint32_t end,
				struct sf_slot *slot, struct sf_event *ev, uint64_t t0)
{
	struct sf_event part = *ev;
	uint32_t run = end, gone_pages = 0;

	for (uint32_t p = page; p <= end; p++) {
		int gone = p < end && d->mapped[p] && still_mapped(d, p) == 0;

		if (gone) {
			d->mapped[p] = 0;
			gone_pages++;
			if (run == end)
				run = p;
		}
		if (gone || run == end)
			continue;
		part.page = run;
		part.npages = p - run;
		sf_iova_finish(&part, t0, 0);
		sf_iova_effect(&part, 0, 0);
		sf_slot_put(slot, &part);
		run = end;
	}
	return gone_pages;
}

/*
 * A page the device can still reach after its unmap returned, as a rights
 * claim (SF_EVF_RIGHTS): the device could read the page at some instant
 * of the check, which the unmap forbade, so the oracle raises STALE_READ
 * with the unmap as its cause, and the finding's reproducer replays it.
 * The unmap's own event goes first (put says whether it went).
 */
static void publish_reach(struct sf_slot *slot, struct sf_event *ev, uint32_t p, uint64_t t0,
			  int *put)
{
	if (!(*put)++)
		sf_slot_put(slot, ev);
	sf_iommufd_put_read(slot, ev, p, 0, 0, SF_EVF_RIGHTS, t0, sf_stamp_after_access());
}

/*
 * After an unmap returned 0, two kernel views must agree with it:
 *  - the mock domain, the device's pinned path (a real IOMMU walks it):
 *    no IOPTE may be left at those IOVAs (MD_CHECK_MAP succeeds only if
 *    the IOPTE is there and holds the page the CPU maps at the VA);
 *  - the pin counts (iommufd_refs.c): a page the area pinned, counted
 *    before the unmap (pins[p - page] >= 1), must have lost a pin.
 * Each page that fails either is published as the device's reach after
 * the unmap; the caller's last put is then only a mark.
 */
static void check_unmapped(struct sf_dev *d, struct sf_slot *slot, struct sf_event *ev,
			   const int *pins)
{
	int put = 0;

	for (uint32_t p = ev->page; p < ev->page + ev->npages; p++) {
		uint64_t t0 = sf_stamp_before_access();

		d->md_checks++;
		if (sf_iommufd_md_check_map(d, p) == 0) {
			d->md_stale++;
			publish_reach(slot, ev, p, t0, &put);
		} else if (pins[p - ev->page] >= 1 && sf_iommufd_pins_left(d, p, pins[p - ev->page])) {
			publish_reach(slot, ev, p, t0, &put);
		}
	}
	if (put)
		ev->kind = SF_EV_MARK;
}

/*
 * Most random ranges cut an area (ENOENT, after unmapping the whole areas
 * before the cut one). Ops of even index widen the range to the whole
 * areas the backend knows it touches, so that unmaps also succeed and
 * pages come free for maps; of the odd ones, half widen only the start
 * (from an area's start, whole areas and then a cut one: the kernel's
 * partial-unmap path, where the cut-area variant lies) and half unmap the
 * range as asked.
 */
static void widen_to_areas(const struct sf_dev *d, uint32_t *page, uint32_t *end, int at_end)
{
	uint32_t start_only = *end;	/* widened and dropped when !at_end */

	sf_iova_widen(d->mapped, d->head, d->arena->npages, page, at_end ? end : &start_only);
}

static int ioas_unmap(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		      struct sf_event *ev)
{
	uint32_t page = op->page, end = op->page + op->npages;
	uint64_t len, t0;
	int nth, rc;

	if (!(ev->seq & 1) || (ev->seq & 3) == 3)
		widen_to_areas(d, &page, &end, !(ev->seq & 1));
	len = (uint64_t)(end - page) * d->arena->page_size;
	ev->page = page;
	ev->npages = end - page;
	t0 = sf_slot_begin(slot);
	/* copies go first, so that a range's pins can drop to none */
	if (sf_iommufd_unmap(d, sf_iommufd_iova(d, SF_IOMMUFD_SHADOW, page), len) == 0)
		d->shadow_unmaps++;
	for (uint32_t p = page; p < end; p++)
		d->pins[p - page] = sf_iommufd_pins_before(d, p);
	nth = sf_iommufd_failnth_arm(d, ev->seq);
	rc = sf_iommufd_unmap(d, sf_iommufd_iova(d, SF_IOMMUFD_IDENTITY, page), len);
	note_injection(d, nth, rc);
	if (rc < 0)
		d->partial_unmaps += publish_partial(d, page, end, slot, ev, t0) > 0;
	else
		memset(d->mapped + page, 0, end - page);
	sf_iova_finish(ev, t0, rc);
	sf_iova_effect(ev, 0, 0);
	if (rc == 0)
		check_unmapped(d, slot, ev, d->pins);
	d->unmaps++;
	d->unmap_fails += rc < 0;
	return 0;
}

static int ioas_copy(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		     struct sf_event *ev)
{
	uint64_t t0 = sf_slot_begin(slot);
	int nth = sf_iommufd_failnth_arm(d, ev->seq);
	int rc = sf_iommufd_copy(d, op->page, op->npages), put = 0;

	note_injection(d, nth, rc);
	/* the identity window is untouched: no device access uses the shadow */
	sf_iova_finish(ev, t0, rc);
	sf_iova_effect_keep(ev);
	sf_iommufd_pinned_reads(d, slot, ev, op->page, op->page + op->npages, &put);
	if (put)
		ev->kind = SF_EV_MARK;	/* went first, before the reads */
	d->copies++;
	d->copy_fails += rc < 0;
	return 0;
}

int sf_iommufd_mutate(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		      struct sf_event *ev)
{
	if (d->arena && op->op == SF_OP_DIRTY_CHECK)
		return sf_iommufd_dirty_check(d, slot, ev);	/* no range: every mapped page */
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
