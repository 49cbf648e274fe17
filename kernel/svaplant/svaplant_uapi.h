/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * svaplant: lose chosen mmu_notifier invalidations of one process, on
 * purpose, to measure how fast svafuzz notices. User-space ABI of
 * /dev/svaplant.
 *
 * Loading the module changes nothing. SVAPLANT_IOC_ARM makes the kernel
 * lose the chosen invalidations of the caller's own mm, and of no other;
 * closing the file (or the caller's exit) restores delivery.
 */
#ifndef SVAPLANT_UAPI_H
#define SVAPLANT_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* svaplant_arm.mode: which delivery is lost */
#define SVAPLANT_MODE_SECONDARY_TLB	1	/* IOMMU style: arch_invalidate_secondary_tlbs (6.6+), invalidate_range before */
#define SVAPLANT_MODE_RANGE		2	/* mirror/KVM style: invalidate_range_start/end pairs */

struct svaplant_arm {
	__u32 mode;		/* SVAPLANT_MODE_* */
	__u32 every;		/* lose 1 in every N matching calls (0, 1: all) */
	__u64 min_len;		/* lose only ranges at least this long, bytes (0: any) */
	__u32 events;		/* MODE_RANGE: lose ranges whose mmu_notifier_event bit is set (0: all) */
	__u32 pad;
};

struct svaplant_stats {
	__u64 calls;		/* deliveries to the armed mm at the hooked point */
	__u64 lost;		/* of those, lost */
	__u64 other_mm;		/* deliveries to other mms seen and left alone */
	__u64 table_full;	/* range starts not lost: no room to pair their end */
};

#define SVAPLANT_IOC_ARM	_IOW('P', 1, struct svaplant_arm)
#define SVAPLANT_IOC_STATS	_IOR('P', 2, struct svaplant_stats)

#endif
