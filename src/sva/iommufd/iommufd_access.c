/*
 * Device accesses of the iommufd backend: one IOMMU_TEST_OP_ACCESS_RW per
 * word, by IOVA, through the in-kernel access object. Each access is
 * stamped right around its own ioctl.
 *
 * What the device sees: iommufd_access_rw() first looks the IOVA up in the
 * IOAS (no area: -ENOENT; a write to an area mapped without WRITEABLE:
 * -EPERM), then copies the word through the pages' user VA: copy_to_user
 * in the caller's mm (the fast path) or pin_user_pages_remote() of the
 * page mapped there now (MOCK_ACCESS_RW_SLOW_PATH, one page: the "medium
 * speed path that still allows DMA inconsistencies", pages.c). Neither
 * reads the page pinned at map time, so the oracle judges these accesses
 * as a mirror device's (what the CPU maps now, -EFAULT where it refuses)
 * behind the IOAS mapping (a memslot-like gate: NO_SLOT, SLOT_RO).
 * Every other access takes the slow path, so both are exercised.
 *
 * A write that succeeded also marks its IO page dirty in the domain
 * (iommufd_dirty.c) before the access is stamped done, so the oracle may
 * owe it to the next dirty-check.
 */
#include <errno.h>
#include "arena.h"
#include "clock.h"
#include "iommufd_dev.h"

/* errnos that mean the device was refused: anything else is a broken device */
static int is_fault(int err)
{
	return err == ENOENT || err == EFAULT || err == EPERM;
}

static uint64_t word_iova(const struct sf_dev *d, const struct sf_access *a)
{
	return sf_iommufd_iova(d, SF_IOMMUFD_IDENTITY, a->page) +
	       (a->word % SF_WORDS_PER_PAGE) * (d->arena->page_size / SF_WORDS_PER_PAGE);
}

int sf_iommufd_submit(struct sf_dev *d, unsigned q, struct sf_access *acc, unsigned n)
{
	(void)q;
	if (!d->arena)
		return -EINVAL;
	for (unsigned i = 0; i < n; i++) {
		struct sf_access *a = &acc[i];
		uint64_t val = a->write ? a->value : 0;
		int slow = a->seq & 1;
		int rc, mrc;

		if (a->page >= d->arena->npages)
			return -EINVAL;
		a->t0 = sf_stamp_before_access();
		rc = sf_iommufd_rw(d, word_iova(d, a), &val, a->write, slow);
		if (rc < 0 && !is_fault(-rc))
			return rc;	/* e.g. -ENOTTY, -EBADF: no answer the oracle can judge */
		/* a write not marked would be owed to a dirty log that cannot have it */
		if (rc == 0 && a->write && (mrc = sf_iommufd_mark_dirty(d, word_iova(d, a))))
			return mrc;
		a->t1 = sf_stamp_after_access();
		d->accesses++;
		d->slow_path += (uint64_t)slow;
		a->outcome = rc ? SF_FAULT : SF_OK;
		a->err = (uint32_t)-rc;
		/* the copy may have stored bytes before it faulted (oracle_judge.c) */
		if (rc && a->write)
			a->flags |= SF_EVF_MAY_TEAR;
		if (rc)
			d->faults++;
		else if (!a->write)
			a->value = val;
	}
	return 0;
}

/* submit did the work: every access has its outcome already */
int sf_iommufd_complete(struct sf_dev *d, unsigned q, struct sf_access *acc, unsigned n)
{
	(void)d;
	(void)q;
	(void)acc;
	(void)n;
	return 0;
}
