/*
 * The iommufd backend's device: one /dev/iommu file, one IOAS with the
 * selftest mock domain attached (so IOAS_MAP pins the pages at map time,
 * as for a real device), and one in-kernel access object whose ACCESS_RW
 * is the device's read or write of one arena word by IOVA.
 *
 * IOVA layout: arena page p sits at SF_IOMMUFD_IOVA(p) in the "identity"
 * window, whatever the CPU later does to page p's mapping; ioas-copy puts
 * its copies at the same offset in the "shadow" window, which no device
 * access uses (so the oracle's per-page view stays one IOVA per page).
 */
#ifndef SF_IOMMUFD_DEV_H
#define SF_IOMMUFD_DEV_H
#include <pthread.h>
#include <stdint.h>
#include "arena.h"
#include "backend.h"
#include "iommufd_uapi.h"

#define SF_IOMMUFD_IDENTITY SF_MOCK_APERTURE_START
#define SF_IOMMUFD_SHADOW (1ull << 30)

struct sf_dev {
	int fd;				/* /dev/iommu */
	uint32_t ioas_id;
	uint32_t stdev_id, hwpt_id, idev_id;	/* the mock device and its domain */
	int access_fd;			/* IOMMU_TEST_OP_CREATE_ACCESS */
	/*
	 * The mock domain's pfn table: the kernel's TEST_OP_DIRTY loads an
	 * entry and stores it back (WARN_ON_ONCE if it changed meanwhile,
	 * selftest.c), which a concurrent mark, dirty fetch, map or unmap of
	 * the same IOVA makes fire. A real IOMMU sets dirty bits atomically:
	 * every call that writes the table holds this (sf_iommufd_pfns_ioctl).
	 */
	pthread_mutex_t pfns_lock;
	struct sf_arena *arena;
	/*
	 * Per page: does its identity IOVA have an area, as the calls reported
	 * (set at bind and by successful maps, cleared by successful unmaps
	 * and by what a failed unmap is found to have done). Only mutations,
	 * serialized by the engine, touch it.
	 */
	uint8_t *mapped;
	uint8_t *head;		/* per page: it starts an area (where mapped) */
	int *pins;		/* per page of an unmap's range: its pin count before, or -1 */
	/* counters: accesses by outcome, IOAS changes by result */
	_Atomic uint64_t accesses, faults, slow_path;
	uint64_t maps, map_fails, unmaps, unmap_fails, copies, copy_fails;
	uint64_t shadow_unmaps, probes, partial_unmaps;
	uint64_t md_checks, md_stale;	/* MD_CHECK_MAP after unmaps, and IOPTEs found left */
	uint64_t refs_checks, refs_left;	/* MD_CHECK_REFS after unmaps, and pins found left */
	uint64_t pinned_reads, pinned_read_fails;	/* through the pinned pfns (iommufd_pinned.c) */
	/* dirty tracking (iommufd_dirty.c): IO pages marked, fetches, pages judged by them */
	_Atomic uint64_t dirty_marked;
	uint64_t dirty_fetches, dirty_fetch_fails, dirty_pages_checked;
	/* fail-nth (iommufd_failnth.c): share of IOAS calls armed, and what came of it */
	unsigned failnth_pct;
	uint64_t failnth_armed, failnth_injected, injected_fails;
};

static inline uint64_t sf_iommufd_iova(const struct sf_dev *d, uint64_t base, uint32_t page)
{
	return base + (uint64_t)page * d->arena->page_size;
}

/* ioctl wrappers: 0 or -errno */
/* ioctl(d->fd, req, arg) under pfns_lock: 0 or -errno */
int sf_iommufd_pfns_ioctl(struct sf_dev *d, unsigned long req, void *arg);
int sf_iommufd_map(struct sf_dev *d, uint32_t page, uint32_t npages, int writeable);
int sf_iommufd_unmap(struct sf_dev *d, uint64_t iova, uint64_t len);
int sf_iommufd_copy(struct sf_dev *d, uint32_t page, uint32_t npages);
/* Does the mock domain still map page's identity IOVA to its page? 0 yes, else -errno. */
int sf_iommufd_md_check_map(struct sf_dev *d, uint32_t page);
/* len bytes read at iova through the access object's slow path: 0 or -errno */
int sf_iommufd_rw_span(struct sf_dev *d, uint64_t iova, void *buf, uint64_t len);
/* publishes a device read of page's word that succeeded over [t0, t1], as op ev's */
void sf_iommufd_put_read(struct sf_slot *slot, const struct sf_event *ev, uint32_t page,
			 uint32_t word, uint64_t value, uint8_t flags, uint64_t t0, uint64_t t1);
/* reads through the pinned pfns of [page, end), published after ev (iommufd_pinned.c) */
void sf_iommufd_pinned_reads(struct sf_dev *d, struct sf_slot *slot, struct sf_event *ev,
			     uint32_t page, uint32_t end, int *put);
/* One word at an IOVA through the access object: 0 or -errno (ENOENT: no area). */
int sf_iommufd_rw(struct sf_dev *d, uint64_t iova, uint64_t *val, int write, int slow);

/* Dirty tracking: a dirty-tracking domain for the mock device (what names the failed call) */
int sf_iommufd_dirty_setup(struct sf_dev *d, const char **what);
/* The device wrote at iova: mark its IO page dirty in the domain (0 or -errno). */
int sf_iommufd_mark_dirty(struct sf_dev *d, uint64_t iova);
/* dirty-check: GET_DIRTY_BITMAP over the mapped identity pages, as SF_EV_DIRTY events */
int sf_iommufd_dirty_check(struct sf_dev *d, struct sf_slot *slot, struct sf_event *ev);

/* Pin counts (iommufd_refs.c): the page's count, or -1 if it cannot be told */
int sf_iommufd_pins(struct sf_dev *d, uint32_t page);
/* before an identity unmap: the count worth judging after it, or -1 */
int sf_iommufd_pins_before(struct sf_dev *d, uint32_t page);
/* after it returned 0: 1 if the page kept every pin (a pin the unmap left) */
int sf_iommufd_pins_left(struct sf_dev *d, uint32_t page, int before);

/* fail-nth: the share to arm (SVAFUZZ_IOMMUFD_FAIL_NTH, percent) */
unsigned sf_iommufd_failnth_pct(void);
/* Arms this thread's fail-nth for the op of index seq if it is chosen: fd, or -1. */
int sf_iommufd_failnth_arm(struct sf_dev *d, uint64_t seq);
/* After the call: 1 if the armed point failed, 0 if not reached (then disarmed). */
int sf_iommufd_failnth_disarm(struct sf_dev *d, int fd);

int sf_iommufd_submit(struct sf_dev *d, unsigned q, struct sf_access *acc, unsigned n);
int sf_iommufd_complete(struct sf_dev *d, unsigned q, struct sf_access *acc, unsigned n);
int sf_iommufd_mutate(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		      struct sf_event *ev);
#endif
