/*
 * A user process's unhandled fault, as the kernel logs it (x86
 * "segfault at", arm64 "unhandled exception" with its register dump and
 * the ratelimit notice), is neither a kernel error nor an IOMMU fault:
 * svafuzz's own crashing children and CPU accessors must never fail a run
 * with exit 3 or feed the fault-storm detector.
 */
#include <stddef.h>
#include "klog.h"
#include "tap.h"

static const char *const user_fault_lines[] = {
	/* as this machine's 6.x kernel printed it for a fork worker's child */
	"svafuzz[16683]: segfault at 200000103000 ip 000055d6a22c01f8 sp 00007fffd7aa12a0 error 7 in svafuzz[a1f8,55d6a22b8000+b000] likely on CPU 1 (core 1, socket 0)",
	"svafuzz[4321]: segfault at 200000003000 ip 000055d1c0a1b2c3 sp 00007f3a2bffe9d0 error 6 in svafuzz[55d1c0a00000+40000]",
	"Code: 00 00 74 de f6 44 0d 02 01 75 d7 f6 44 0d 01 02 74 d0 89 f1 48 03 4c 24 30 <48> 89 4c 15 00 83 c6 01",
	"show_signal_msg: 37 callbacks suppressed",
	"svafuzz[812]: unhandled exception: DABT (lower EL), ESR 0x000000009200004f, level 3 permission fault in svafuzz[aaaab5d10000+50000]",
	"svafuzz[812]: unhandled level 3 permission fault (11) at 0x0000200000003000, esr 0x9200004f, in svafuzz[aaaab5d10000+50000]",
	"CPU: 1 PID: 812 Comm: svafuzz Not tainted 6.1.0-27-arm64 #1  Debian 6.1.115-1",
	"Hardware name: linux,dummy-virt (DT)",
	"pstate: 80001000 (Nzcv daif -PAN -UAO -TCO -DIT +SSBS BTYPE=--)",
	"pc : 0000aaaab5d2a4c8",
	"lr : 0000aaaab5d2a4b0",
	"x29: 0000ffffe3b2e8d0 x28: 0000000000000000 x27: 0000aaaab5d60000",
	"svafuzz[4321]: bus error at 200000005000 ip 000055d1c0a1b2c3 sp 00007f3a2bffe9d0",
	"potentially unexpected fatal signal 7.",
	NULL,
};

int main(void)
{
	for (unsigned i = 0; user_fault_lines[i]; i++) {
		CHECK(!sf_klog_is_error(user_fault_lines[i]));
		CHECK(!sf_klog_is_iommu_fault(user_fault_lines[i]));
	}
	return tap_done();
}
