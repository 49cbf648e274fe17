/*
 * One vCPU statistic read through KVM's binary stats fd (KVM_GET_STATS_FD,
 * Linux 5.14+): the count of guest instructions the host emulated. The
 * emulator copies guest memory byte by byte, so an access made while it
 * moved may be torn (docs/oracle.md, "Accesses made byte by byte").
 */
#ifndef SF_KVM_STATS_H
#define SF_KVM_STATS_H
#include <stdint.h>
#include <sys/types.h>

struct sf_kvm_emul {
	int fd;			/* stats fd, -1 when the kernel has none */
	off_t at;		/* file offset of insn_emulation's value */
};

/* Finds insn_emulation; on failure fd = -1 and every batch counts as emulated. */
void sf_kvm_emul_open(struct sf_kvm_emul *e, int vcpu_fd);
void sf_kvm_emul_close(struct sf_kvm_emul *e);
/* The counter now, or UINT64_MAX when it cannot be read (taken as "moved"). */
uint64_t sf_kvm_emul_count(const struct sf_kvm_emul *e);
#endif
