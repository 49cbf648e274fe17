/*
 * sf_klog_is_error on real-looking kernel lines: errors match, ordinary
 * lines do not, and single IOMMU fault reports are faults (counted towards
 * a storm), never errors on their own.
 */
#include <stddef.h>
#include "klog.h"
#include "tap.h"

static const char *const errors[] = {
	"BUG: unable to handle page fault for address: ffffc90000a3f000",
	"BUG: KASAN: use-after-free in arm_smmu_mm_invalidate_range+0x3c/0x120",
	"BUG: soft lockup - CPU#1 stuck for 22s! [svafuzz:1234]",
	"watchdog: BUG: soft lockup - CPU#0 stuck for 26s! [kworker/0:1:33]",
	"kernel BUG at mm/mmap.c:3270!",
	"WARNING: CPU: 1 PID: 4242 at mm/mmu_notifier.c:610 __mmu_notifier_register+0x1c/0x40",
	"WARNING: possible circular locking dependency detected",
	"Oops: 0002 [#1] PREEMPT SMP NOPTI",
	"Internal error: Oops: 0000000096000004 [#1] SMP",
	"Unable to handle kernel paging request at virtual address dead000000000108",
	"Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008",
	"Kernel panic - not syncing: Fatal exception",
	"UBSAN: shift-out-of-bounds in drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c:1234:20",
	"INFO: task kworker/u4:2:87 blocked for more than 120 seconds.",
	"Future hung task reports are suppressed, see sysctl kernel.hung_task_warnings",
	"rcu: INFO: rcu_sched self-detected stall on CPU",
	"rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:",
	"NMI watchdog: Watchdog detected hard LOCKUP on cpu 1",
	"DEBUG_LOCKS_WARN_ON(1) lockdep: bad nesting",
	"INFO: lockdep is turned off.",
	"general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] SMP",
	"arm-smmu-v3 arm-smmu-v3.0.auto: EVTQ overflow detected -- events lost",
	"arm-smmu-v3 arm-smmu-v3.0.auto: CMD_SYNC timeout at 0x00000103 [hwprod 0x00000104, hwcons 0x00000102]",
	"KFENCE: out-of-bounds read in svatest_access+0x40/0x80",
	/* what the test kernel (KASAN, PROVE_LOCKING) heads its reports with */
	"BUG: KASAN: slab-use-after-free in splat_init+0x7a/0xff0 [svafuzz_splat]",
	"WARNING: possible recursive locking detected",
	"WARNING: inconsistent lock state",
	"turning off the locking correctness validator.",
	NULL,
};

static const char *const benign[] = {
	"svafuzz: run 20250101T000000Z-42 start",
	"svafuzz: run 20250101T000000Z-42 end",
	"svafuzz: IOMMU page-fault storm test WARNING: not a kernel line",
	"usb 1-1: new high-speed USB device number 2 using xhci_hcd",
	"arm-smmu-v3 arm-smmu-v3.0.auto: allocated 32768 entries for evtq",
	"arm-smmu-v3 arm-smmu-v3.0.auto: ias 48-bit, oas 48-bit (features 0x00001fef)",
	"DMAR: IOMMU enabled",
	"DMAR: Intel(R) Virtualization Technology for Directed I/O",
	"Kernel command line: console=ttyS0 panic=-1 quiet",
	"EXT4-fs (vda1): mounted filesystem with ordered data mode. Quota mode: none.",
	"rcu: Hierarchical RCU implementation.",
	"e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex",
	"audit: type=1400 audit(1700000000.123:42): apparmor=\"STATUS\"",
	"svatest: loaded, iotlb 64 entries",
	"Whoops, cannot find firmware file",
	"iommu: Default domain type: Translated",
	/* a lockdep kernel's boot line and stack frames (DEBUG_VM's uffd note) */
	"rcu: \tRCU lockdep checking is enabled.",
	"FAULT_FLAG_ALLOW_RETRY missing 801",
	" ? lockdep_hardirqs_on_prepare+0x271/0x3e0",
	" lockdep_hardirqs_on+0x7c/0x100",
	" kasan_report+0x93/0xc0",
	" ? __warn_printk+0x1a0/0x1a0 [svatest]",
	"",
	NULL,
};

static const char *const faults[] = {
	"arm-smmu-v3 arm-smmu-v3.0.auto: event 0x10 received:",
	"DMAR: DRHD: handling fault status reg 2",
	"DMAR: [DMA Write NO_PASID] Request device [00:02.0] fault addr 0x7f0000 [fault reason 0x05] PTE Write access is not set",
	"AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x000e address=0x7f0000 flags=0x0020]",
	NULL,
};

int main(void)
{
	for (unsigned i = 0; errors[i]; i++) {
		if (!sf_klog_is_error(errors[i]))
			fprintf(stderr, "  missed error: %s\n", errors[i]);
		CHECK(sf_klog_is_error(errors[i]));
	}
	for (unsigned i = 0; benign[i]; i++) {
		if (sf_klog_is_error(benign[i]))
			fprintf(stderr, "  false error: %s\n", benign[i]);
		CHECK(!sf_klog_is_error(benign[i]));
	}
	for (unsigned i = 0; faults[i]; i++) {
		CHECK(sf_klog_is_iommu_fault(faults[i]));
		CHECK(!sf_klog_is_error(faults[i]));
	}
	CHECK(!sf_klog_is_error(NULL));
	return tap_done();
}
