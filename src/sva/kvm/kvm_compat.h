/*
 * KVM uapi bits newer than Debian 12's 6.1 headers. Guarded so that newer
 * headers win.
 */
#ifndef SF_KVM_COMPAT_H
#define SF_KVM_COMPAT_H
#include <linux/kvm.h>

#ifndef KVM_EXIT_MEMORY_FAULT
#define KVM_EXIT_MEMORY_FAULT 39
#endif
#ifndef KVM_CAP_MEMORY_FAULT_INFO
#define KVM_CAP_MEMORY_FAULT_INFO 232
#endif

/* run->memory_fault, as laid out since 6.8 (inside the exit union) */
struct sf_kvm_memory_fault {
	__u64 flags;
	__u64 gpa;
	__u64 size;
};
#endif
