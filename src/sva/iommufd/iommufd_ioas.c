/*
 * The IOAS calls of the iommufd backend, each one ioctl on /dev/iommu
 * returning 0 or -errno: map (pins the arena pages now: the mock domain is
 * attached), unmap, copy, and the access object's read/write of one word.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include "arena.h"
#include "iommufd_dev.h"

static int call(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) < 0 ? -errno : 0;
}

int sf_iommufd_pfns_ioctl(struct sf_dev *d, unsigned long req, void *arg)
{
	int rc;

	pthread_mutex_lock(&d->pfns_lock);
	rc = call(d->fd, req, arg);
	pthread_mutex_unlock(&d->pfns_lock);
	return rc;
}

int sf_iommufd_map(struct sf_dev *d, uint32_t page, uint32_t npages, int writeable)
{
	struct sf_iommu_ioas_map m = {
		.size = sizeof(m),
		.flags = SF_IOAS_MAP_FIXED_IOVA | SF_IOAS_MAP_READABLE |
			 (writeable ? SF_IOAS_MAP_WRITEABLE : 0),
		.ioas_id = d->ioas_id,
		.user_va = (uintptr_t)(d->arena->base + (size_t)page * d->arena->page_size),
		.length = (uint64_t)npages * d->arena->page_size,
		.iova = sf_iommufd_iova(d, SF_IOMMUFD_IDENTITY, page),
	};

	return sf_iommufd_pfns_ioctl(d, SF_IOMMU_IOAS_MAP, &m);
}

int sf_iommufd_unmap(struct sf_dev *d, uint64_t iova, uint64_t len)
{
	struct sf_iommu_ioas_unmap u = { .size = sizeof(u), .ioas_id = d->ioas_id,
					 .iova = iova, .length = len };

	return sf_iommufd_pfns_ioctl(d, SF_IOMMU_IOAS_UNMAP, &u);
}

/* Identity [page, page+n) into the shadow window: new areas sharing the same pins. */
int sf_iommufd_copy(struct sf_dev *d, uint32_t page, uint32_t npages)
{
	struct sf_iommu_ioas_copy c = {
		.size = sizeof(c),
		.flags = SF_IOAS_MAP_FIXED_IOVA | SF_IOAS_MAP_READABLE,
		.dst_ioas_id = d->ioas_id,
		.src_ioas_id = d->ioas_id,
		.length = (uint64_t)npages * d->arena->page_size,
		.dst_iova = sf_iommufd_iova(d, SF_IOMMUFD_SHADOW, page),
		.src_iova = sf_iommufd_iova(d, SF_IOMMUFD_IDENTITY, page),
	};

	return sf_iommufd_pfns_ioctl(d, SF_IOMMU_IOAS_COPY, &c);
}

static int access_rw(struct sf_dev *d, uint64_t iova, void *buf, uint64_t len, uint32_t flags)
{
	struct sf_iommu_test_cmd c;

	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.op = SF_TEST_OP_ACCESS_RW;
	c.id = (uint32_t)d->access_fd;
	c.access_rw.iova = iova;
	c.access_rw.length = len;
	c.access_rw.uptr = (uintptr_t)buf;
	c.access_rw.flags = flags;
	return call(d->fd, SF_IOMMU_TEST_CMD, &c);
}

int sf_iommufd_rw(struct sf_dev *d, uint64_t iova, uint64_t *val, int write, int slow)
{
	return access_rw(d, iova, val, sizeof(*val), (write ? SF_MOCK_ACCESS_RW_WRITE : 0) |
			 (slow ? SF_MOCK_ACCESS_RW_SLOW_PATH : 0));
}

/* Over two pages of one area the slow path reads through the pinned pfns (pages.c). */
int sf_iommufd_rw_span(struct sf_dev *d, uint64_t iova, void *buf, uint64_t len)
{
	return access_rw(d, iova, buf, len, SF_MOCK_ACCESS_RW_SLOW_PATH);
}

/*
 * IOMMU_TEST_OP_MD_CHECK_MAP of one page: 0 if the mock domain's IOPTEs
 * at the page's identity IOVA hold the page the CPU maps at its VA now;
 * -EINVAL if they are absent or hold another page; -EFAULT if the CPU has
 * no readable page there (then nothing can be told).
 */
int sf_iommufd_md_check_map(struct sf_dev *d, uint32_t page)
{
	struct sf_iommu_test_cmd c;

	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.op = SF_TEST_OP_MD_CHECK_MAP;
	c.id = d->hwpt_id;
	c.check_map.iova = sf_iommufd_iova(d, SF_IOMMUFD_IDENTITY, page);
	c.check_map.length = d->arena->page_size;
	c.check_map.uptr = (uintptr_t)(d->arena->base + (size_t)page * d->arena->page_size);
	return call(d->fd, SF_IOMMU_TEST_CMD, &c);
}
