/*
 * The arm64 guest of the KVM backend: EL1 with the MMU on over an identity
 * map of the low 4 GiB in four 1 GiB blocks of Normal write-back memory (so
 * the guest and the host see the same cached data, as with any shared
 * memory; with the MMU off every access would be Device memory and bypass
 * the caches). The host sets every register after KVM_ARM_VCPU_INIT; the
 * code is assembled with the host's compiler and its labels give the host
 * the addresses of the two access instructions. Exceptions go to a vector
 * table whose every entry writes ESR_EL1 to SF_KG_PANIC_GPA, an exit the
 * host never expects.
 */
#include "kvm_guest.h"

#if defined(__aarch64__)
#include <errno.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>

#include "kvm_vm.h"

#define S_(x) #x
#define S(x) S_(x)

/*
 * x19 = ring; w20 = count; w21 = index; x22 = descriptor; x23 = gpa.
 * A stamp is "dsb sy; isb; mrs cntvct_el0; isb": the dsb waits for the
 * access before it to complete, the isbs keep the counter read from moving
 * across the instructions around it.
 */
#define STAMP "dsb sy\n isb\n mrs x0, cntvct_el0\n isb\n"
#define VECTOR " mrs x0, esr_el1\n mov x1, #" S(SF_KG_PANIC_GPA) "\n str x0, [x1]\n b .\n .balign 128\n"
#define VECTORS4 VECTOR VECTOR VECTOR VECTOR
__asm__(".pushsection .rodata\n"
	".globl sf_kg_arm64_code, sf_kg_arm64_entry, sf_kg_arm64_read\n"
	".globl sf_kg_arm64_read_resume, sf_kg_arm64_write, sf_kg_arm64_write_resume\n"
	".globl sf_kg_arm64_end\n"
	".balign 2048\n"
	"sf_kg_arm64_code:\n"		/* VBAR_EL1: 16 entries of 128 bytes */
	VECTORS4 VECTORS4 VECTORS4 VECTORS4
	"sf_kg_arm64_entry:\n"
	"1:\n" STAMP
	" str x0, [x19, #" S(SF_KG_R_START) "]\n"
	" ldr w20, [x19, #" S(SF_KG_R_COUNT) "]\n"
	" mov w21, #0\n"
	"2:\n"
	" cmp w21, w20\n"
	" b.hs 5f\n"
	" str w21, [x19, #" S(SF_KG_R_CUR) "]\n"
	" add x22, x19, #" S(SF_KG_R_DESC) "\n"
	" add x22, x22, x21, lsl #" S(SF_KG_D_SHIFT) "\n"
	" ldr x23, [x22, #" S(SF_KG_D_GPA) "]\n"
	STAMP
	" str x0, [x22, #" S(SF_KG_D_TSC_A) "]\n"
	" ldr w1, [x22, #" S(SF_KG_D_OP) "]\n"
	" cmp w1, #" S(SF_KG_WRITE) "\n"
	" b.eq 3f\n"
	"sf_kg_arm64_read:\n"
	" ldr x2, [x23]\n"	/* no writeback: the syndrome is valid for an MMIO exit */
	"sf_kg_arm64_read_resume:\n"
	" str x2, [x22, #" S(SF_KG_D_VALUE) "]\n"
	" b 4f\n"
	"3:\n"
	" ldr x2, [x22, #" S(SF_KG_D_VALUE) "]\n"
	"sf_kg_arm64_write:\n"
	" str x2, [x23]\n"
	"sf_kg_arm64_write_resume:\n"
	"4:\n" STAMP
	" str x0, [x22, #" S(SF_KG_D_TSC_B) "]\n"
	" ldr w1, [x22, #" S(SF_KG_D_STATUS) "]\n"
	" cmp w1, #" S(SF_KG_PENDING) "\n"
	" b.ne 6f\n"
	" mov w1, #" S(SF_KG_OK) "\n"
	" str w1, [x22, #" S(SF_KG_D_STATUS) "]\n"
	"6:\n"
	" add w21, w21, #1\n"
	" b 2b\n"
	"5:\n" STAMP
	" str x0, [x19, #" S(SF_KG_R_END) "]\n"
	" mov x1, #" S(SF_KG_DONE_GPA) "\n"
	" str x0, [x1]\n"	/* MMIO exit: the batch is done */
	" b 1b\n"
	"sf_kg_arm64_end:\n"
	".popsection\n");

extern const uint8_t sf_kg_arm64_code[], sf_kg_arm64_entry[], sf_kg_arm64_read[];
extern const uint8_t sf_kg_arm64_read_resume[], sf_kg_arm64_write[];
extern const uint8_t sf_kg_arm64_write_resume[], sf_kg_arm64_end[];

_Static_assert(SF_KVM_CODE_GPA % 2048 == 0, "VBAR_EL1 needs 2 KiB alignment");

#define L1_GPA	     0x1000ull	/* 4 entries of 1 GiB: T0SZ 32 starts at level 1 */
#define BLOCK	     0x1ull	/* a block descriptor at level 1 */
#define ATTR_NORMAL  (0ull << 2) /* MAIR index 0 */
#define SH_INNER     (3ull << 8)
#define AF	     (1ull << 10) /* accessed: no access-flag fault */
#define MAIR_NORMAL  0xffull	/* Normal, inner/outer write-back */
#define TCR_T0SZ_32  32ull
#define TCR_WBWA     ((1ull << 8) | (1ull << 10)) /* IRGN0, ORGN0 */
#define TCR_SH0_IS   (3ull << 12)
#define TCR_EPD1     (1ull << 23)	/* no TTBR1 walks */
#define SCTLR_MCI    ((1ull << 0) | (1ull << 2) | (1ull << 12)) /* MMU, D- and I-cache */

/* KVM's ids of the registers used here (op0, op1, CRn, CRm, op2) */
#define REG_SCTLR ARM64_SYS_REG(3, 0, 1, 0, 0)
#define REG_TTBR0 ARM64_SYS_REG(3, 0, 2, 0, 0)
#define REG_TCR	  ARM64_SYS_REG(3, 0, 2, 0, 2)
#define REG_MAIR  ARM64_SYS_REG(3, 0, 10, 2, 0)
#define REG_VBAR  ARM64_SYS_REG(3, 0, 12, 0, 0)
#define CORE_REG(name) (KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
			KVM_REG_ARM_CORE_REG(name))
#define REG_PC	  CORE_REG(regs.pc)
#define REG_X19	  CORE_REG(regs.regs[19])
#define REG_SP	  CORE_REG(sp_el1)

static void arm64_setup_memory(uint8_t *low)
{
	uint64_t *l1 = (uint64_t *)(low + L1_GPA);

	for (uint64_t i = 0; i < 4; i++)
		l1[i] = (i << 30) | AF | SH_INNER | ATTR_NORMAL | BLOCK;
}

static int set_reg(int fd, uint64_t id, uint64_t v)
{
	struct kvm_one_reg r = { .id = id, .addr = (uint64_t)(uintptr_t)&v };

	return ioctl(fd, KVM_SET_ONE_REG, &r);
}

static int get_reg(int fd, uint64_t id, uint64_t *v)
{
	struct kvm_one_reg r = { .id = id, .addr = (uint64_t)(uintptr_t)v };

	return ioctl(fd, KVM_GET_ONE_REG, &r);
}

static int arm64_setup_vcpu(const struct sf_kvm_vm *vm, int fd, uint64_t ring_gpa,
			    uint64_t stack_top)
{
	struct kvm_vcpu_init init;
	uint64_t sctlr;

	/* reset state: EL1h, interrupts masked, MMU off */
	if (ioctl(vm->vm_fd, KVM_ARM_PREFERRED_TARGET, &init) < 0 ||
	    ioctl(fd, KVM_ARM_VCPU_INIT, &init) < 0 || get_reg(fd, REG_SCTLR, &sctlr) < 0)
		return -1;
	if (set_reg(fd, REG_MAIR, MAIR_NORMAL) < 0 ||
	    set_reg(fd, REG_TCR, TCR_T0SZ_32 | TCR_WBWA | TCR_SH0_IS | TCR_EPD1) < 0 ||
	    set_reg(fd, REG_TTBR0, L1_GPA) < 0 ||
	    set_reg(fd, REG_VBAR, SF_KVM_CODE_GPA) < 0 ||
	    set_reg(fd, REG_SCTLR, sctlr | SCTLR_MCI) < 0 ||
	    set_reg(fd, REG_SP, stack_top) < 0 ||
	    set_reg(fd, REG_X19, ring_gpa) < 0)
		return -1;
	return set_reg(fd, REG_PC, SF_KVM_CODE_GPA +
		       (uint64_t)(sf_kg_arm64_entry - sf_kg_arm64_code));
}

static int arm64_get_pc(int fd, uint64_t *pc)
{
	return get_reg(fd, REG_PC, pc);
}

static int arm64_set_pc(int fd, uint64_t pc)
{
	return set_reg(fd, REG_PC, pc);
}

/*
 * arm64 KVM has no instruction emulator: a guest load or store either runs
 * on the CPU or exits (MMIO: the backend completes it as FAULT), so no
 * access is ever made byte by byte by the host.
 */
static struct sf_kvm_guest arm64_guest = {
	.arch = "arm64",
	.host_emulates = 0,
	.setup_memory = arm64_setup_memory,
	.setup_vcpu = arm64_setup_vcpu,
	.get_pc = arm64_get_pc,
	.set_pc = arm64_set_pc,
};

const struct sf_kvm_guest *sf_kvm_guest_arm64(void)
{
	/* Label addresses are link-time values: fill the offsets on first use. */
	if (!arm64_guest.code) {
		arm64_guest.code_len = (size_t)(sf_kg_arm64_end - sf_kg_arm64_code);
		arm64_guest.read_insn = (size_t)(sf_kg_arm64_read - sf_kg_arm64_code);
		arm64_guest.read_resume = (size_t)(sf_kg_arm64_read_resume - sf_kg_arm64_code);
		arm64_guest.write_insn = (size_t)(sf_kg_arm64_write - sf_kg_arm64_code);
		arm64_guest.write_resume = (size_t)(sf_kg_arm64_write_resume - sf_kg_arm64_code);
		arm64_guest.code = sf_kg_arm64_code;
	}
	return &arm64_guest;
}
#endif
