/*
 * The slice of the iommufd ABI the backend uses, written here because the
 * build host's headers do not have it: Debian 12's linux-libc-dev (6.1)
 * has no linux/iommufd.h, and drivers/iommu/iommufd/iommufd_test.h (the
 * IOMMUFD_TEST mock device) is never installed as uapi.
 *
 * Copied from Linux 6.12 (Debian linux-source-6.12 6.12.118-1~deb12u1):
 * include/uapi/linux/iommufd.h and drivers/iommu/iommufd/iommufd_test.h,
 * checked against that tree: numbers, layouts and sizes (the static
 * asserts below hold the sizes the 6.12 ioctls require).
 */
#ifndef SF_IOMMUFD_UAPI_H
#define SF_IOMMUFD_UAPI_H
#include <stdint.h>
#include <sys/ioctl.h>

#define SF_IOMMUFD_TYPE ';'
#define SF_IOMMUFD_CMD(nr) _IO(SF_IOMMUFD_TYPE, (nr))

/* include/uapi/linux/iommufd.h */
#define SF_IOMMU_DESTROY SF_IOMMUFD_CMD(0x80)
#define SF_IOMMU_IOAS_ALLOC SF_IOMMUFD_CMD(0x81)
#define SF_IOMMU_IOAS_COPY SF_IOMMUFD_CMD(0x83)
#define SF_IOMMU_IOAS_MAP SF_IOMMUFD_CMD(0x85)
#define SF_IOMMU_IOAS_UNMAP SF_IOMMUFD_CMD(0x86)
#define SF_IOMMU_HWPT_ALLOC SF_IOMMUFD_CMD(0x89)
#define SF_IOMMU_HWPT_SET_DIRTY_TRACKING SF_IOMMUFD_CMD(0x8b)
#define SF_IOMMU_HWPT_GET_DIRTY_BITMAP SF_IOMMUFD_CMD(0x8c)

#define SF_IOAS_MAP_FIXED_IOVA (1u << 0)
#define SF_IOAS_MAP_WRITEABLE (1u << 1)
#define SF_IOAS_MAP_READABLE (1u << 2)

struct sf_iommu_destroy {
	uint32_t size;
	uint32_t id;
};

struct sf_iommu_ioas_alloc {
	uint32_t size;
	uint32_t flags;
	uint32_t out_ioas_id;
};

struct sf_iommu_ioas_map {
	uint32_t size;
	uint32_t flags;
	uint32_t ioas_id;
	uint32_t reserved;
	uint64_t user_va;
	uint64_t length;
	uint64_t iova;
};

struct sf_iommu_ioas_copy {
	uint32_t size;
	uint32_t flags;
	uint32_t dst_ioas_id;
	uint32_t src_ioas_id;
	uint64_t length;
	uint64_t dst_iova;
	uint64_t src_iova;
};

#define SF_HWPT_ALLOC_DIRTY_TRACKING (1u << 1)
#define SF_HWPT_DIRTY_TRACKING_ENABLE (1u << 0)

struct sf_iommu_hwpt_alloc {
	uint32_t size;
	uint32_t flags;
	uint32_t dev_id;
	uint32_t pt_id;
	uint32_t out_hwpt_id;
	uint32_t reserved;
	uint32_t data_type;
	uint32_t data_len;
	uint64_t data_uptr;
	uint32_t fault_id;
	uint32_t reserved2;
};

struct sf_iommu_hwpt_set_dirty_tracking {
	uint32_t size;
	uint32_t flags;
	uint32_t hwpt_id;
	uint32_t reserved;
};

struct sf_iommu_hwpt_get_dirty_bitmap {
	uint32_t size;
	uint32_t hwpt_id;
	uint32_t flags;
	uint32_t reserved;
	uint64_t iova;
	uint64_t length;
	uint64_t page_size;
	uint64_t data;		/* bitmap: bit i = the page_size page at iova + i * page_size */
};

struct sf_iommu_ioas_unmap {
	uint32_t size;
	uint32_t ioas_id;
	uint64_t iova;
	uint64_t length;	/* in: bytes to unmap; out: bytes unmapped */
};

/* drivers/iommu/iommufd/iommufd_test.h: IOMMU_TEST_CMD = IOMMUFD_CMD_BASE + 32 */
#define SF_IOMMU_TEST_CMD SF_IOMMUFD_CMD(0x80 + 32)

enum {
	SF_TEST_OP_MOCK_DOMAIN = 2,
	SF_TEST_OP_MD_CHECK_MAP = 3,
	SF_TEST_OP_MD_CHECK_REFS = 4,
	SF_TEST_OP_CREATE_ACCESS = 5,
	SF_TEST_OP_DESTROY_ACCESS_PAGES = 6,
	SF_TEST_OP_ACCESS_PAGES = 7,
	SF_TEST_OP_ACCESS_RW = 8,
	SF_TEST_OP_MOCK_DOMAIN_REPLACE = 10,
	SF_TEST_OP_DIRTY = 13,
};

/* the mock domain's IO page: half a CPU page (selftest.c MOCK_IO_PAGE_SIZE) */
#define SF_MOCK_IO_PAGE_DIV 2

/* the mock domain's aperture: IOVAs outside it cannot be mapped */
#define SF_MOCK_APERTURE_START (1ull << 24)
#define SF_MOCK_APERTURE_LAST ((1ull << 31) - 1)

#define SF_MOCK_ACCESS_RW_WRITE (1u << 0)
#define SF_MOCK_ACCESS_RW_SLOW_PATH (1u << 2)

/* struct iommu_test_cmd: the union is as large as its largest member (dirty) */
struct sf_iommu_test_cmd {
	uint32_t size;
	uint32_t op;
	uint32_t id;
	uint32_t reserved;
	union {
		struct {
			uint32_t out_stdev_id;
			uint32_t out_hwpt_id;
			uint32_t out_idev_id;
		} mock_domain;
		struct {
			uint32_t pt_id;
		} mock_domain_replace;
		struct {
			uint64_t iova;
			uint64_t length;
			uint64_t uptr;
		} check_map;
		struct {
			uint64_t length;
			uint64_t uptr;
			uint32_t refs;
		} check_refs;
		struct {
			uint32_t out_access_fd;
			uint32_t flags;
		} create_access;
		struct {
			uint64_t iova;
			uint64_t length;
			uint64_t uptr;
			uint32_t flags;
		} access_rw;
		struct {
			uint32_t flags;
			uint64_t iova;
			uint64_t length;
			uint64_t page_size;
			uint64_t uptr;
			uint64_t out_nr_dirty;
		} dirty;	/* marks IO pages dirty, as the device's writes would */
	};
	uint32_t last;
};

_Static_assert(sizeof(struct sf_iommu_ioas_map) == 40, "iommu_ioas_map is 40 bytes in 6.12");
_Static_assert(sizeof(struct sf_iommu_ioas_copy) == 40, "iommu_ioas_copy is 40 bytes in 6.12");
_Static_assert(sizeof(struct sf_iommu_ioas_unmap) == 24, "iommu_ioas_unmap is 24 bytes in 6.12");
_Static_assert(sizeof(struct sf_iommu_hwpt_alloc) == 48, "iommu_hwpt_alloc is 48 bytes in 6.12");
_Static_assert(sizeof(struct sf_iommu_hwpt_get_dirty_bitmap) == 48,
	       "iommu_hwpt_get_dirty_bitmap is 48 bytes in 6.12");
_Static_assert(sizeof(struct sf_iommu_test_cmd) == 72, "iommu_test_cmd is 72 bytes in 6.12");
#endif
