/*
 * CPU accessors: one word read or write with SIGSEGV/SIGBUS caught for
 * the calling thread only. The handler jumps back only if this thread is
 * inside an access; any other fault is a real crash: the previous action
 * is put back and the signal delivered again (the faulting instruction
 * re-executes), so nothing is ever swallowed.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include "clock.h"
#include "state.h"
#include "wk.h"

static __thread sigjmp_buf access_jmp;
static __thread volatile sig_atomic_t in_access;
static __thread volatile int fault_code;
static struct sigaction old_segv, old_bus;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_err;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	if (in_access) {
		in_access = 0;
		fault_code = si->si_code;
		siglongjmp(access_jmp, 1);
	}
	sigaction(sig, sig == SIGSEGV ? &old_segv : &old_bus, NULL);
	/* a hardware fault re-faults on return; a sent signal must be raised again */
	if (si->si_code <= 0)
		raise(sig);
}

static void install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, &old_segv) || sigaction(SIGBUS, &sa, &old_bus))
		init_err = errno;
}

int sf_cpu_access_init(void)
{
	pthread_once(&init_once, install);
	if (init_err) {
		errno = init_err;
		return -1;
	}
	return 0;
}

int sf_cpu_access(struct sf_arena *a, const struct sf_seq_op *op, uint64_t value,
		  struct sf_slot *slot, struct sf_event *ev)
{
	uint32_t word = op->arg0 % SF_WORDS_PER_PAGE;
	volatile uint64_t *p = sf_arena_word(a, op->page, word);
	int write = op->op == SF_OP_CPU_WRITE;
	volatile uint64_t v = value;	/* changed after sigsetjmp: must survive a longjmp */
	uint64_t seq = ev->seq;
	uint16_t thread = ev->thread;

	memset(ev, 0, sizeof(*ev));
	ev->seq = seq;
	ev->thread = thread;
	ev->kind = SF_EV_ACCESS;
	ev->op = op->op;
	ev->page = op->page;
	ev->npages = 1;
	ev->word = word;
	ev->eff.set_backing = ev->eff.set_prot = SF_EFF_KEEP;
	ev->t0 = wk_begin(slot);
	sf_fence_after_clock();
	if (sigsetjmp(access_jmp, 0) == 0) {
		in_access = 1;
		if (write)
			*p = v;
		else
			v = *p;
		in_access = 0;
		ev->outcome = SF_OK;
		ev->value = v;
	} else {
		ev->outcome = SF_FAULT;
		ev->err = (uint32_t)fault_code;
		ev->value = write ? v : 0;
	}
	ev->t1 = sf_stamp_after_access();
	return 0;
}
