/*
 * Dirty tracking of the iommufd backend. The mock domain MOCK_DOMAIN
 * attaches has no dirty ops, so at open the backend allocates a second
 * domain with IOMMU_HWPT_ALLOC_DIRTY_TRACKING on the same IOAS, moves the
 * mock device onto it (MOCK_DOMAIN_REPLACE) and turns tracking on.
 *
 * A device write that succeeded then marks the IO page holding its word
 * dirty with IOMMU_TEST_OP_DIRTY, as a real IOMMU sets the IOPTE's dirty
 * bit when a device writes through it (ACCESS_RW itself copies through the
 * user VA and never touches the domain). dirty-check is
 * IOMMU_HWPT_GET_DIRTY_BITMAP over the identity IOVAs: the real
 * io_pagetable area walk, iova_bitmap and its pinned user bitmap. Its
 * answer is published as SF_EV_DIRTY events, 64 pages each, and the
 * oracle owes every page a write marked dirty before the fetch began,
 * unless an ioas-map or ioas-unmap of the page came between (a new area
 * starts clean): a page missing from the bitmap is a DIRTY_MISS.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include "arena.h"
#include "clock.h"
#include "collector.h"
#include "iommufd_dev.h"

static int call(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) < 0 ? -errno : 0;
}

int sf_iommufd_dirty_setup(struct sf_dev *d, const char **what)
{
	struct sf_iommu_hwpt_alloc a = { .size = sizeof(a), .flags = SF_HWPT_ALLOC_DIRTY_TRACKING,
					 .dev_id = d->idev_id, .pt_id = d->ioas_id };
	struct sf_iommu_hwpt_set_dirty_tracking t = { .size = sizeof(t),
						      .flags = SF_HWPT_DIRTY_TRACKING_ENABLE };
	struct sf_iommu_test_cmd c;
	int rc;

	*what = "IOMMU_HWPT_ALLOC(DIRTY_TRACKING)";
	if ((rc = call(d->fd, SF_IOMMU_HWPT_ALLOC, &a)))
		return rc;
	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.op = SF_TEST_OP_MOCK_DOMAIN_REPLACE;
	c.id = d->stdev_id;
	c.mock_domain_replace.pt_id = a.out_hwpt_id;
	*what = "IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE";
	if ((rc = call(d->fd, SF_IOMMU_TEST_CMD, &c)))
		return rc;
	d->hwpt_id = a.out_hwpt_id;
	t.hwpt_id = d->hwpt_id;
	*what = "IOMMU_HWPT_SET_DIRTY_TRACKING";
	return call(d->fd, SF_IOMMU_HWPT_SET_DIRTY_TRACKING, &t);
}

int sf_iommufd_mark_dirty(struct sf_dev *d, uint64_t iova)
{
	uint64_t io_page = d->arena->page_size / SF_MOCK_IO_PAGE_DIV;
	uint64_t bit = 1;
	struct sf_iommu_test_cmd c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.op = SF_TEST_OP_DIRTY;
	c.id = d->hwpt_id;
	c.dirty.iova = iova & ~(io_page - 1);
	c.dirty.length = io_page;
	c.dirty.page_size = io_page;
	c.dirty.uptr = (uintptr_t)&bit;
	pthread_mutex_lock(&d->pfns_lock);
	rc = call(d->fd, SF_IOMMU_TEST_CMD, &c);
	if (rc == 0)
		d->dirty_marked += c.dirty.out_nr_dirty;
	pthread_mutex_unlock(&d->pfns_lock);
	return rc;
}

/* One GET_DIRTY_BITMAP of identity pages [page, page+n) into bits (n bits). */
static int get_bitmap(struct sf_dev *d, uint32_t page, uint32_t n, uint64_t *bits)
{
	struct sf_iommu_hwpt_get_dirty_bitmap g = {
		.size = sizeof(g),
		.hwpt_id = d->hwpt_id,
		.iova = sf_iommufd_iova(d, SF_IOMMUFD_IDENTITY, page),
		.length = (uint64_t)n * d->arena->page_size,
		.page_size = d->arena->page_size,
		.data = (uintptr_t)bits,
	};

	return sf_iommufd_pfns_ioctl(d, SF_IOMMU_HWPT_GET_DIRTY_BITMAP, &g);
}

/* The next run of pages with an area (as the calls told) from *page: its length, 0 if none. */
static uint32_t next_mapped_run(const struct sf_dev *d, uint32_t *page)
{
	uint32_t p = *page, q;

	while (p < d->arena->npages && !d->mapped[p])
		p++;
	for (q = p; q < d->arena->npages && d->mapped[q] && q - p < SF_DIRTY_PAGES_PER_EVENT; q++)
		;
	*page = p;
	return q - p;
}

/*
 * dirty-check: one fetch per run of mapped pages, at most 64 pages each
 * (the kernel refuses a range with a hole: EINVAL, after reading and
 * clearing the areas before it, so runs are what the backend knows is
 * mapped; mutations are serialized, so that knowledge is current). Each
 * fetch is one SF_EV_DIRTY event over its run, stamped around its ioctl.
 * A failed fetch may have read and cleared some bits before it failed, so
 * it is published as reporting every page of its run dirty (what a VMM
 * must assume after it): it discharges what was owed, never a verdict.
 */
int sf_iommufd_dirty_check(struct sf_dev *d, struct sf_slot *slot, struct sf_event *ev)
{
	uint32_t p = 0, n, done = 0;

	ev->kind = SF_EV_DIRTY;
	ev->op = SF_OP_DIRTY_CHECK;
	while ((n = next_mapped_run(d, &p))) {
		uint64_t bits = 0, t0;
		int rc;

		if (done++)
			sf_slot_put(slot, ev);
		t0 = sf_slot_begin(slot);
		rc = get_bitmap(d, p, n, &bits);
		ev->t0 = t0;
		ev->t1 = sf_now_ns();
		ev->page = p;
		ev->npages = n;
		ev->value = rc ? (n < 64 ? (1ull << n) - 1 : ~0ull) : bits;
		ev->outcome = SF_OK;
		ev->err = (uint32_t)-rc;	/* the log says which fetches failed */
		d->dirty_fetches++;
		d->dirty_fetch_fails += rc < 0;
		d->dirty_pages_checked += rc ? 0 : n;
		p += n;
	}
	if (!done) {	/* nothing mapped: a fetch that had nothing to read */
		ev->t0 = sf_slot_begin(slot);
		ev->t1 = sf_now_ns();
		ev->page = 0;
		ev->npages = 1;
		ev->outcome = SF_FAILED;
		ev->err = ENOENT;
	}
	return 0;
}
