/*
 * Pin counts around an unmap (IOMMU_TEST_OP_MD_CHECK_REFS). An area holds
 * one pin (GUP_PIN_COUNTING_BIAS references) on each page it maps, shared
 * by every area and domain of the same pages object; IOAS_UNMAP that
 * returned 0 must have dropped it. MD_CHECK_REFS only says whether the
 * page mapped at a VA now has exactly N pins, so the count is found by
 * asking N = 0, 1, ... (MAX_PINS).
 *
 * Which pages are judged, and why the rest are not:
 *  - only a page the domain maps at its identity IOVA (MD_CHECK_MAP holds
 *    before the unmap): then the page at the VA is the one the area pins.
 *    After a COW break, a munmap or an mremap the VA shows another page,
 *    whose pins the unmap does not touch;
 *  - only when its shadow IOVA has no area after the shadow unmap (a copy
 *    shares the identity area's pages object, so its pin stays);
 *  - only a counted page with at least one pin, and one whose count is
 *    unique: MD_CHECK_REFS skips compound pages (THP) and answers yes to
 *    every N, and the zero page takes no pin.
 * The count before may include other pins of the same page: areas of
 * other IOVAs over the same physical page (a memfd page mapped at two VAs
 * after an mremap), and the short pin of a device access through another
 * IOVA (ACCESS_RW's slow path pins for the copy). Mutations are
 * serialized, so other areas do not change between the two counts; a
 * short pin only raises a count. So after the unmap the count must be
 * below the count before: a count as high, found on every one of RETRIES
 * reads spaced apart (a short pin comes and goes), is a pin the unmap left.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include "arena.h"
#include "iommufd_dev.h"

#define MAX_PINS 6
#define RETRIES 3
#define RETRY_NS 200000

static int check_refs(struct sf_dev *d, uint32_t page, uint32_t refs)
{
	struct sf_iommu_test_cmd c;

	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.op = SF_TEST_OP_MD_CHECK_REFS;
	c.check_refs.length = d->arena->page_size;
	c.check_refs.uptr = (uintptr_t)(d->arena->base + (size_t)page * d->arena->page_size);
	c.check_refs.refs = refs;
	return ioctl(d->fd, SF_IOMMU_TEST_CMD, &c) < 0 ? -errno : 0;
}

/* The page's pin count, or -1 if it cannot be told (no page, compound, too many). */
int sf_iommufd_pins(struct sf_dev *d, uint32_t page)
{
	for (uint32_t n = 0; n <= MAX_PINS; n++) {
		int rc = check_refs(d, page, n);

		if (rc == -EIO)
			continue;
		if (rc)
			return -1;	/* EFAULT: nothing readable mapped there */
		/* a compound page passes every count: not countable */
		return check_refs(d, page, n + 1) == 0 ? -1 : (int)n;
	}
	return -1;
}

/* Before the identity unmap: the pins of page p worth checking after it, or -1. */
int sf_iommufd_pins_before(struct sf_dev *d, uint32_t p)
{
	uint64_t v;
	int pins;

	if (!d->mapped[p] || sf_iommufd_md_check_map(d, p) != 0)
		return -1;
	if (sf_iommufd_rw(d, sf_iommufd_iova(d, SF_IOMMUFD_SHADOW, p), &v, 0, 0) != -ENOENT)
		return -1;	/* a copy still shares the pin */
	pins = sf_iommufd_pins(d, p);
	return pins >= 1 ? pins : -1;
}

/* After a successful unmap: 1 if page p still has all its pins on every read. */
int sf_iommufd_pins_left(struct sf_dev *d, uint32_t p, int before)
{
	struct timespec ts = { 0, RETRY_NS };

	d->refs_checks++;
	for (int i = 0; i < RETRIES; i++) {
		int pins = sf_iommufd_pins(d, p);

		if (pins < before)
			return 0;	/* dropped (or no longer countable: not judged) */
		nanosleep(&ts, NULL);
	}
	d->refs_left++;
	return 1;
}
