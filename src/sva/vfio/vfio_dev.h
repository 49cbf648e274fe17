/*
 * The vfio backend's device: an NVMe controller (QEMU's -device nvme)
 * bound to vfio-pci and driven from user space through a VFIO type1
 * container, behind the platform's IOMMU (QEMU's intel-iommu or SMMUv3),
 * so that the guest kernel's own IOMMU driver maps, unmaps and
 * invalidates what the device reaches.
 *
 * IOVA layout: the backend's own memory (queues, scratch pages) sits at
 * SF_VFIO_IOVA_OWN and is mapped once at open; arena page p sits at
 * window + p * 4096, mapped at bind in areas of 1 to 4 pages and then
 * changed by ioas-map / ioas-unmap (vfio_mutate.c). Each program gets the
 * next window of the arena region: a kernel that leaves translations
 * behind after unmaps (the sensitivity variants) must not let a later
 * program's commands reach pages an earlier program's unbind freed, and
 * an IOMMU without caching mode (SMMUv3) needs no invalidation when an
 * IOVA is mapped again, so a new map does not clear a stale entry.
 */
#ifndef SF_VFIO_DEV_H
#define SF_VFIO_DEV_H
#include <pthread.h>
#include <stdint.h>
#include "arena.h"
#include "backend.h"

#define SF_VFIO_IOVA_OWN 0x10000000ull		/* clear of x86's MSI window and arm64's */
#define SF_VFIO_IOVA_SHADOW 0x80000000ull		/* ... to 0xc0000000: pins kept per program */
#define SF_VFIO_SHADOW_LEN 0x40000000ull
#define SF_VFIO_IOVA_ARENA 0x100000000ull		/* 4 GiB ... 68 GiB: the programs' windows */
#define SF_VFIO_ARENA_REGION 0x1000000000ull
#define SF_VFIO_PAGE 4096u
#define SF_VFIO_QDEPTH 16u			/* entries per queue: one page of SQEs */
#define SF_VFIO_WLOCKS 64u			/* stripes serialising device writes per sector */

/* NVMe submission and completion queue entries (NVMe 1.4, figures 105 and 121) */
struct sf_nvme_sqe {
	uint8_t opc, flags;
	uint16_t cid;
	uint32_t nsid;
	uint64_t rsvd, mptr, prp1, prp2;
	uint32_t cdw10, cdw11, cdw12, cdw13, cdw14, cdw15;
};

struct sf_nvme_cqe {
	uint32_t dw0, dw1;
	uint16_t sq_head, sq_id, cid, status;	/* status bit 0: phase */
};

/* One queue pair, used by one thread at a time (admin: open only; I/O queue q: device queue q). */
struct sf_vfio_queue {
	volatile struct sf_nvme_sqe *sq;
	volatile struct sf_nvme_cqe *cq;
	uint64_t sq_iova, cq_iova;
	volatile uint32_t *sq_db, *cq_db;
	uint16_t qid, tail, head, phase, cid;
	uint8_t *scratch;			/* two pages only the backend touches */
	uint64_t scratch_iova;
	uint32_t lba;				/* first of the queue's 32 blocks */
	uint64_t nonce;
};

struct sf_dev {
	int container, group, device;
	int iommufd;				/* the cdev path's /dev/iommu, or -1: type1 */
	uint32_t ioas;
	int group_id;
	char api[64];				/* "type1 container" or "iommufd cdev vfioN" */
	char bdf[32];
	char domain[24];			/* the group's default domain type (sysfs) */
	volatile uint8_t *bar;
	size_t bar_len;
	uint32_t dstrd;				/* doorbell stride, bytes */
	uint64_t cmd_timeout_ns;
	uint32_t nsid;
	uint8_t *own;				/* queues and scratch pages */
	size_t own_len;
	struct sf_vfio_queue admin;
	struct sf_vfio_queue *q;
	unsigned nq;
	struct sf_arena *arena;
	/*
	 * Per arena page: does its IOVA have a mapping, as the calls reported,
	 * and does a mapping start there. Mutations (serialised by the engine)
	 * write them; accesses read mapped[] only for a counter.
	 */
	uint8_t *mapped, *head;
	uint64_t shadow_next;			/* next free IOVA of the shadow window */
	uint64_t window;			/* IOVA of arena page 0 in this program */
	uint64_t programs;			/* binds so far: which window is next */
	pthread_mutex_t wlock[SF_VFIO_WLOCKS];
	/*
	 * Held for reading by a device write from the write to its read-back,
	 * for writing by every MAP_DMA / UNMAP_DMA: a write's IOVA keeps one
	 * translation (one pinned page) while its read-back tells whether it
	 * landed, so the outcome is exact (vfio_access.c).
	 */
	pthread_rwlock_t maplock;
	/* counters */
	_Atomic uint64_t commands, reads, writes, read_faults, write_faults, faults_unmapped;
	uint64_t maps, map_fails, unmaps, unmap_fails, unmap_retries, shadow_full;
	int shadow_err;				/* errno of the last shadow pin not made */
};

static inline uint64_t sf_vfio_iova(const struct sf_dev *d, uint32_t page)
{
	return d->window + (uint64_t)page * SF_VFIO_PAGE;
}

/* vfio_pci.c: the device and its container */
int sf_vfio_find(char *bdf, size_t n, int *group, char *why, size_t wn);
int sf_vfio_attach(struct sf_dev *d, char *err, size_t n);
void sf_vfio_detach(struct sf_dev *d);
/* VFIO_IOMMU_MAP_DMA / UNMAP_DMA: 0 or -errno */
int sf_vfio_map(struct sf_dev *d, void *va, uint64_t iova, uint64_t len, int writeable);
int sf_vfio_unmap(struct sf_dev *d, uint64_t iova, uint64_t len);

/* vfio_cdev.c: the iommufd path (1 if it is to be used here) */
int sf_vfio_cdev_want(void);
int sf_vfio_cdev_attach(struct sf_dev *d, char *err, size_t n);
int sf_vfio_cdev_map(struct sf_dev *d, void *va, uint64_t iova, uint64_t len, int writeable);
int sf_vfio_cdev_unmap(struct sf_dev *d, uint64_t iova, uint64_t len);

/* vfio_nvme.c: the controller */
int sf_nvme_init(struct sf_dev *d, unsigned nq, char *err, size_t n);
/* One command on q, waited for: 0 and the status field (SC | SCT << 8), or -errno. */
int sf_nvme_cmd(struct sf_dev *d, struct sf_vfio_queue *q, struct sf_nvme_sqe *c, uint16_t *status);
void sf_nvme_shutdown(struct sf_dev *d);

#define SF_NVME_OPC_WRITE 0x01
#define SF_NVME_OPC_READ 0x02
#define SF_NVME_SC_DATA_XFER_ERR 0x04	/* generic: a DMA the device could not do */
#define SF_NVME_SC_INVALID_PRP_OFF 0x13

/* Odd marks after each word of a page the CPU may write (vfio_access.c says why). */
void sf_vfio_mark(uint8_t *page);
int sf_vfio_submit(struct sf_dev *d, unsigned q, struct sf_access *acc, unsigned n);
int sf_vfio_complete(struct sf_dev *d, unsigned q, struct sf_access *acc, unsigned n);
int sf_vfio_mutate(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		   struct sf_event *ev);
#endif
