/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * svatest: a software SVA device. User-space ABI of /dev/svatest.
 *
 * open() gives a device context; SVATEST_IOC_BIND binds the caller's mm
 * over [start, start + len) the way an SVA driver does (mmu_notifier
 * subscriptions). SVATEST_IOC_ACCESS runs a batch of one-word device
 * accesses through the context's software IOTLB; each is stamped with
 * CLOCK_MONOTONIC (ktime_get_ns) right around the access. Every
 * invalidation the context receives is logged; SVATEST_IOC_INVAL_READ
 * drains that log.
 */
#ifndef SVATEST_UAPI_H
#define SVATEST_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* svatest_bind.arch: whose IOTLB rules the device follows */
#define SVATEST_ARCH_HOST	0	/* arm64 -> SMMUV3, x86 -> VTD */
#define SVATEST_ARCH_SMMUV3	1	/* a cached entry stays until invalidated */
#define SVATEST_ARCH_VTD	2	/* a translation that faulted is dropped */

/* svatest_bind.flags */
#define SVATEST_BIND_MIRROR	0x1	/* also subscribe invalidate_range_start/end */

/* svatest_bind.knobs: deliberate device bugs */
#define SVATEST_KNOB_IGNORE_INVAL	0x01	/* ignore secondary-TLB invalidations */
#define SVATEST_KNOB_IGNORE_UPGRADE	0x02	/* ignore those that only follow upgrades */
#define SVATEST_KNOB_DROP_INVAL		0x04	/* drop drop_pct % of invalidations */
#define SVATEST_KNOB_RANGE_OFF_BY_ONE	0x08	/* invalidate [start, end - PAGE_SIZE) */
#define SVATEST_KNOB_DELAY_INVAL	0x10	/* apply invalidations delay_us later */
#define SVATEST_KNOB_IGNORE_COW		0x20	/* ignore those sent from a write fault (COW break) */
#define SVATEST_KNOB_ALL		0x3f

#define SVATEST_MAX_LEN		(1ULL << 36)	/* largest bound range */
#define SVATEST_MAX_BATCH	4096		/* accesses per ACCESS call */
#define SVATEST_MAX_RETRIES	1024

struct svatest_bind {
	__u64 start;		/* page aligned */
	__u64 len;		/* page multiple, <= SVATEST_MAX_LEN */
	__u32 flags;		/* SVATEST_BIND_* */
	__u32 arch;		/* SVATEST_ARCH_* */
	__u32 knobs;		/* SVATEST_KNOB_* */
	__u32 drop_pct;		/* 0..100, for KNOB_DROP_INVAL (0 = 50) */
	__u32 delay_us;		/* for KNOB_DELAY_INVAL (0 = 2000) */
	__u32 max_retries;	/* fault retries before FAULT_LOOP (0 = 32) */
	__u32 arch_out;		/* out: the rules in force (never HOST) */
	__u32 pad;
};

/* svatest_access.outcome: same numbers as svafuzz's enum sf_outcome */
#define SVATEST_OK		0
#define SVATEST_FAULT		1	/* the fault handler refused: err = errno */
#define SVATEST_FAULT_LOOP	2	/* faults kept coming after it resolved them */

/*
 * svatest_access.stale: the IOTLB entry the access found no longer matched
 * the CPU page table, while no invalidation of any range was in flight:
 * the kernel changed the PTE and the device never got (or never applied)
 * the invalidation. Checked on every IOTLB hit.
 */
#define SVATEST_STALE_NONE	0
#define SVATEST_STALE_REPLACED	1	/* another page is mapped there now */
#define SVATEST_STALE_UNMAPPED	2	/* nothing is mapped there now */
#define SVATEST_STALE_WRITE	3	/* same page, write access revoked */

struct svatest_access {
	__u64 va;		/* 8-byte aligned, inside the bound range */
	__u64 value;		/* in: value to write; out: value read */
	__u64 t0, t1;		/* out: CLOCK_MONOTONIC ns around the access */
	__u32 write;		/* 0 read, 1 write */
	__u32 outcome;		/* out: SVATEST_OK / FAULT / FAULT_LOOP */
	__u32 faults;		/* out: device faults taken */
	__u32 err;		/* out: positive errno for FAULT */
	__u32 stale;		/* out: SVATEST_STALE_* (the first one seen) */
	__u32 pad;
};

struct svatest_batch {
	__u64 accesses;		/* user pointer to struct svatest_access[n] */
	__u32 n;		/* <= SVATEST_MAX_BATCH */
	__u32 done;		/* out: accesses completed (a signal may cut short) */
};

/* svatest_inval.kind */
#define SVATEST_INV_SECONDARY	1	/* arch_invalidate_secondary_tlbs / invalidate_range */
#define SVATEST_INV_START	2	/* invalidate_range_start (mirror) */
#define SVATEST_INV_END		3	/* invalidate_range_end (mirror) */
#define SVATEST_INV_RELEASE	4	/* mm torn down */

/* svatest_inval.flags: what the device did with it */
#define SVATEST_INVF_APPLIED	0x01	/* entries in range dropped */
#define SVATEST_INVF_IGNORED	0x02	/* a knob ignored it */
#define SVATEST_INVF_UPGRADE	0x04	/* every cached entry in range was upgraded, not reduced */
#define SVATEST_INVF_DELAYED	0x08	/* applied later (delay knob) */
#define SVATEST_INVF_CLIPPED	0x10	/* range shortened (off-by-one knob) */
#define SVATEST_INVF_HIT	0x20	/* at least one cached entry was in range */

struct svatest_inval {
	__u64 start, end;	/* [start, end) as received, clipped to the bound range */
	__u64 t;		/* CLOCK_MONOTONIC ns when received */
	__u32 kind;		/* SVATEST_INV_* */
	__u32 flags;		/* SVATEST_INVF_* */
};

struct svatest_inval_read {
	__u64 buf;		/* user pointer to struct svatest_inval[n] */
	__u32 n;		/* capacity */
	__u32 got;		/* out: records copied (oldest first) */
	__u64 lost;		/* out: records overwritten since bind */
};

struct svatest_stats {
	__u64 accesses;
	__u64 iotlb_hits;
	__u64 iotlb_misses;
	__u64 faults;		/* device faults (each retry counts) */
	__u64 fault_loops;
	__u64 walk_retries;	/* walks redone because an invalidation raced them */
	__u64 invals;		/* invalidations received in the bound range */
	__u64 invals_applied;
	__u64 invals_ignored;	/* by a knob */
	__u64 entries_dropped;
	__u64 inval_lost;	/* log records overwritten */
	__u64 stale_hits;	/* IOTLB hits on an entry the PTE no longer matched */
	__u64 cow_probe_missed;	/* COW knob: write faults it could not track */
};

#define SVATEST_IOC_MAGIC	0xb7
#define SVATEST_IOC_BIND	_IOWR(SVATEST_IOC_MAGIC, 1, struct svatest_bind)
#define SVATEST_IOC_ACCESS	_IOWR(SVATEST_IOC_MAGIC, 2, struct svatest_batch)
#define SVATEST_IOC_INVAL_READ	_IOWR(SVATEST_IOC_MAGIC, 3, struct svatest_inval_read)
#define SVATEST_IOC_STATS	_IOR(SVATEST_IOC_MAGIC, 4, struct svatest_stats)
/* Drop every IOTLB entry (as a device reset would); no argument. */
#define SVATEST_IOC_FLUSH	_IO(SVATEST_IOC_MAGIC, 5)

#endif
