/* The spin-wait hint, for loops that wait on another thread. */
#ifndef SF_RELAX_H
#define SF_RELAX_H

/*
 * Besides sparing a sibling hyperthread, under single-threaded TCG (every
 * x86_64 test guest, kernel/vm/run-vm.sh says why) pause ends the vCPU's
 * turn, so the thread waited for, on the other vCPU, runs at once rather
 * than after the next timer tick.
 */
static inline void sf_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#endif
}
#endif
