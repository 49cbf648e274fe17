/*
 * The KVM backend's own memory is kept out of fork: the guest's low memory
 * (page tables, code, rings, stacks) and the vCPU's kvm_run carry VM_DONTCOPY
 * ("dc" in /proc/self/smaps), so a fork mutation never makes the rings
 * copy-on-write; the arena, which is under test, does not.
 */
#include <stdint.h>
#include <string.h>
#include "kvm_dev.h"
#include "kvm_test.h"
#include "tap.h"

/* 1 if the mapping holding addr has VmFlags "dc", 0 if not, -1 if not found. */
static int dontcopy(const void *addr)
{
	FILE *f = fopen("/proc/self/smaps", "re");
	char line[512];
	int in = 0, r = -1;

	while (f && fgets(line, sizeof(line), f)) {
		unsigned long s, e;

		/* a mapping's first line; no field line starts "<hex>-<hex>" */
		if (sscanf(line, "%lx-%lx ", &s, &e) == 2)
			in = (uintptr_t)addr >= s && (uintptr_t)addr < e;
		if (in && !strncmp(line, "VmFlags:", 8)) {
			r = strstr(line, " dc") != NULL;
			break;
		}
	}
	if (f)
		fclose(f);
	return r;
}

int main(void)
{
	struct sf_arena ar;
	struct sf_dev *d;
	int rc = kvm_test_setup(&ar, 4, &d);

	if (rc)
		return rc;
	CHECK_EQ(dontcopy(d->vm.low), 1);
	CHECK_EQ(dontcopy(d->vm.low + SF_KVM_RING_GPA), 1);
	CHECK_EQ(dontcopy(d->q[0].vcpu.run), 1);
	CHECK_EQ(dontcopy(ar.base), 0);
	sf_backend_kvm.unbind(d);
	sf_backend_kvm.close(d);
	sf_arena_close(&ar);
	return tap_done();
}
