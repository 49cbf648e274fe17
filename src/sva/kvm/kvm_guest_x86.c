/*
 * The x86_64 guest of the KVM backend: long mode with identity-mapped
 * 2 MiB pages over the low 4 GiB, flat segments, no interrupts. The host
 * sets every register, so there is no boot code and no GDT in memory.
 * The guest code is assembled with the host's compiler; its labels give
 * the host the addresses of the two access instructions.
 */
#include "kvm_guest.h"

#if defined(__x86_64__)
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>

#include "kvm_vm.h"

#define S_(x) #x
#define S(x) S_(x)

/*
 * rbx = ring; r8d = count; ecx = index; r9 = descriptor; rsi = gpa.
 * A stamp is "mfence; lfence; rdtsc; lfence" so that it cannot move across
 * the access it brackets.
 */
#define STAMP "mfence\n lfence\n rdtsc\n lfence\n shl $32, %rdx\n or %rdx, %rax\n"
__asm__(".pushsection .rodata\n"
	".globl sf_kg_x86_code, sf_kg_x86_read, sf_kg_x86_read_resume\n"
	".globl sf_kg_x86_write, sf_kg_x86_write_resume, sf_kg_x86_end\n"
	"sf_kg_x86_code:\n"
	"1:\n" STAMP
	" mov %rax, " S(SF_KG_R_START) "(%rbx)\n"
	" mov " S(SF_KG_R_COUNT) "(%rbx), %r8d\n"
	" xor %ecx, %ecx\n"
	"2:\n"
	" cmp %r8d, %ecx\n"
	" jae 5f\n"
	" mov %ecx, " S(SF_KG_R_CUR) "(%rbx)\n"
	" mov %rcx, %r9\n"
	" shl $" S(SF_KG_D_SHIFT) ", %r9\n"
	" lea " S(SF_KG_R_DESC) "(%rbx,%r9), %r9\n"
	" mov " S(SF_KG_D_GPA) "(%r9), %rsi\n"
	STAMP
	" mov %rax, " S(SF_KG_D_TSC_A) "(%r9)\n"
	" cmpl $" S(SF_KG_WRITE) ", " S(SF_KG_D_OP) "(%r9)\n"
	" je 3f\n"
	"sf_kg_x86_read:\n"
	" mov (%rsi), %rax\n"
	"sf_kg_x86_read_resume:\n"
	" mov %rax, " S(SF_KG_D_VALUE) "(%r9)\n"
	" jmp 4f\n"
	"3:\n"
	" mov " S(SF_KG_D_VALUE) "(%r9), %rax\n"
	"sf_kg_x86_write:\n"
	" mov %rax, (%rsi)\n"
	"sf_kg_x86_write_resume:\n"
	"4:\n" STAMP
	" mov %rax, " S(SF_KG_D_TSC_B) "(%r9)\n"
	" cmpl $" S(SF_KG_PENDING) ", " S(SF_KG_D_STATUS) "(%r9)\n"
	" jne 6f\n"
	" movl $" S(SF_KG_OK) ", " S(SF_KG_D_STATUS) "(%r9)\n"
	"6:\n"
	" inc %ecx\n"
	" jmp 2b\n"
	"5:\n" STAMP
	" mov %rax, " S(SF_KG_R_END) "(%rbx)\n"
	" out %al, $" S(SF_KG_DONE_PORT) "\n"
	" jmp 1b\n"
	"sf_kg_x86_end:\n"
	".popsection\n");

extern const uint8_t sf_kg_x86_code[], sf_kg_x86_read[], sf_kg_x86_read_resume[];
extern const uint8_t sf_kg_x86_write[], sf_kg_x86_write_resume[], sf_kg_x86_end[];

#define PML4_GPA 0x1000ull
#define PDPT_GPA 0x2000ull
#define PD_GPA	 0x3000ull	/* four page directories: 0x3000..0x6fff */
#define PTE_P	 0x1ull
#define PTE_RW	 0x2ull
#define PTE_PS	 0x80ull

static void x86_setup_memory(uint8_t *low)
{
	uint64_t *pml4 = (uint64_t *)(low + PML4_GPA);
	uint64_t *pdpt = (uint64_t *)(low + PDPT_GPA);

	pml4[0] = PDPT_GPA | PTE_P | PTE_RW;
	for (uint64_t i = 0; i < 4; i++) {
		uint64_t *pd = (uint64_t *)(low + PD_GPA + i * 0x1000);

		pdpt[i] = (PD_GPA + i * 0x1000) | PTE_P | PTE_RW;
		for (uint64_t j = 0; j < 512; j++)
			pd[j] = ((i << 30) + (j << 21)) | PTE_P | PTE_RW | PTE_PS;
	}
}

static void flat_segment(struct kvm_segment *s, uint16_t sel, uint8_t type, int code)
{
	memset(s, 0, sizeof(*s));
	s->limit = 0xffffffff;
	s->selector = sel;
	s->type = type;
	s->present = 1;
	s->s = 1;
	s->g = 1;
	s->l = code;
	s->db = !code;
}

/* The CPUID KVM supports: without it PAE and long mode count as reserved. */
static int set_cpuid(int kvm_fd, int fd)
{
	unsigned n = 256;
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));
	int rc;

	if (!c)
		return -1;
	c->nent = n;
	rc = ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, c);
	if (rc == 0)
		rc = ioctl(fd, KVM_SET_CPUID2, c);
	free(c);
	return rc;
}

static int x86_setup_vcpu(const struct sf_kvm_vm *vm, int fd, uint64_t ring_gpa,
			  uint64_t stack_top)
{
	struct kvm_sregs sr;
	struct kvm_regs regs;

	if (set_cpuid(vm->kvm_fd, fd) < 0 || ioctl(fd, KVM_GET_SREGS, &sr) < 0)
		return -1;
	flat_segment(&sr.cs, 0x8, 11, 1);
	flat_segment(&sr.ds, 0x10, 3, 0);
	sr.es = sr.fs = sr.gs = sr.ss = sr.ds;
	memset(&sr.tr, 0, sizeof(sr.tr));
	sr.tr.selector = 0x18;
	sr.tr.limit = 0x67;
	sr.tr.type = 11;	/* a busy 64-bit TSS: VMX entry checks want one */
	sr.tr.present = 1;
	sr.cr0 = 0x80050033;	/* PG AM WP NE ET MP PE */
	sr.cr3 = PML4_GPA;
	sr.cr4 = 0x620;		/* OSXMMEXCPT OSFXSR PAE */
	sr.efer = 0x500;	/* LMA LME */
	if (ioctl(fd, KVM_SET_SREGS, &sr) < 0)
		return -1;
	memset(&regs, 0, sizeof(regs));
	regs.rflags = 0x2;
	regs.rip = SF_KVM_CODE_GPA;
	regs.rsp = stack_top;
	regs.rbx = ring_gpa;
	return ioctl(fd, KVM_SET_REGS, &regs);
}

static int x86_get_pc(int fd, uint64_t *pc)
{
	struct kvm_regs regs;

	if (ioctl(fd, KVM_GET_REGS, &regs) < 0)
		return -1;
	*pc = regs.rip;
	return 0;
}

static int x86_set_pc(int fd, uint64_t pc)
{
	struct kvm_regs regs;

	if (ioctl(fd, KVM_GET_REGS, &regs) < 0)
		return -1;
	regs.rip = pc;
	return ioctl(fd, KVM_SET_REGS, &regs);
}

static struct sf_kvm_guest x86_guest = {
	.arch = "x86_64",
	.host_emulates = 1,	/* the instruction emulator (kvm_pvm: nearly every access) */
	.setup_memory = x86_setup_memory,
	.setup_vcpu = x86_setup_vcpu,
	.get_pc = x86_get_pc,
	.set_pc = x86_set_pc,
};

const struct sf_kvm_guest *sf_kvm_guest_x86(void)
{
	/* Label addresses are link-time values: fill the offsets on first use. */
	if (!x86_guest.code) {
		x86_guest.code_len = (size_t)(sf_kg_x86_end - sf_kg_x86_code);
		x86_guest.read_insn = (size_t)(sf_kg_x86_read - sf_kg_x86_code);
		x86_guest.read_resume = (size_t)(sf_kg_x86_read_resume - sf_kg_x86_code);
		x86_guest.write_insn = (size_t)(sf_kg_x86_write - sf_kg_x86_code);
		x86_guest.write_resume = (size_t)(sf_kg_x86_write_resume - sf_kg_x86_code);
		x86_guest.code = sf_kg_x86_code;
	}
	return &x86_guest;
}
#endif
