/*
 * fork: the child writes word 0 of every page of the range that the model
 * says it may write, then exits; the parent's event covers fork ..
 * waitpid. Private pages: the child writes its own COW copy, the parent's
 * content is unchanged (effect KEEP, SF_PS_COW set for information).
 * Shared pages (anon-shared, memfd, file): the parent's object sees the
 * writes, recorded as CPU write events with the same interval and the
 * value written. The child reports its progress in a shared page, so a
 * child stopped by a fault still tells which writes happened; the faulting
 * one is recorded as a CPU write fault (the oracle then flags the model).
 *
 * The child catches its own SIGSEGV/SIGBUS and exits with CHILD_FAULTED
 * instead of dying by the signal: the kernel logs a line ("segfault at",
 * arm64's "unhandled exception" plus a register dump) for every unhandled
 * fatal fault, and dozens a minute would bury dmesg and kmsg.txt. A
 * handled fault is logged by no kernel.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "clock.h"
#include "wk.h"

/* The child's exit code after a fault; it never exits with it otherwise. */
#define CHILD_FAULTED 0x5f

static _Atomic uint64_t fork_values;

int wk_fork_supported(char *why, size_t n)
{
	return 0;
}

static int child_writes(const struct sf_arena *a, uint32_t p)
{
	const struct sf_pstate *s = &a->model[p];

	return wk_mapped(a, p) && !wk_unknown(a, p) && (s->prot & SF_PROT_W);
}

static int shared_backing(uint8_t b)
{
	return b == SF_BK_ANON_SHARED || b == SF_BK_MEMFD_SHARED || b == SF_BK_FILE_SHARED;
}

/* Unique, nonzero, and far from the values programs write (top byte 0xf0). */
static uint64_t value_of(uint64_t base, uint32_t j)
{
	return (0xf0ull << 56) | ((base + j) & ((1ull << 56) - 1));
}

static void child_fault(int sig)
{
	(void)sig;
	_exit(CHILD_FAULTED);
}

/*
 * The child has one thread and its own signal actions: replacing the
 * inherited SIGSEGV/SIGBUS handlers (the CPU accessors') touches the
 * parent in no way. Should sigaction fail, the child still dies by the
 * signal, which the parent reads the same way.
 */
static void child_catch_faults(void)
{
	struct sigaction sa = { .sa_handler = child_fault };

	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGSEGV, &sa, NULL);
	(void)sigaction(SIGBUS, &sa, NULL);
}

/* Stopped by a fault, caught or not (or killed: it got no further either). */
static int child_faulted(int status)
{
	return WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_FAULTED);
}

static void child(const struct sf_arena *a, uint32_t page, uint32_t n, uint64_t base)
{
	uint32_t j = 0;

	child_catch_faults();

	for (uint32_t i = 0; i < n; i++) {
		if (!child_writes(a, page + i))
			continue;
		*sf_arena_word(a, page + i, 0) = value_of(base, j);
		*a->fork_done = ++j;
	}
	_exit(0);
}

static void put_child_writes(struct sf_arena *a, const struct sf_seq_op *op, struct sf_slot *slot,
			     const struct sf_event *mut, uint64_t base, uint64_t done, int died)
{
	uint32_t j = 0;

	for (uint32_t i = 0; i < op->npages; i++) {
		uint32_t p = op->page + i;
		struct sf_event w = *mut;

		if (!child_writes(a, p))
			continue;
		w.kind = SF_EV_ACCESS;
		w.op = SF_OP_CPU_WRITE;
		w.page = p;
		w.npages = 1;
		w.word = 0;
		w.err = 0;
		w.value = value_of(base, j);
		w.outcome = SF_OK;
		w.eff = wk_eff_keep();
		if (j == done && died)
			w.outcome = SF_FAULT;	/* the store that killed the child */
		if (j < done ? shared_backing(a->model[p].backing) : j == done && died)
			wk_put(slot, &w);
		if (++j > done)
			break;
	}
}

int wk_fork_exec(struct sf_arena *a, const struct sf_seq_op *op, struct sf_slot *slot,
		     struct sf_event *ev)
{
	uint64_t base = atomic_fetch_add(&fork_values, op->npages);
	struct sf_effect *eff = calloc(op->npages, sizeof(*eff));
	struct wk_emit em;
	int status = 0, died;
	pid_t pid;

	wk_event_init(ev, op);
	*a->fork_done = 0;
	ev->t0 = wk_begin(slot);
	pid = eff ? fork() : -1;
	if (pid == 0)
		child(a, op->page, op->npages, base);
	if (pid < 0) {
		ev->t1 = sf_now_ns();
		ev->outcome = SF_FAILED;
		ev->err = eff ? (uint32_t)errno : ENOMEM;
		free(eff);
		return 0;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	ev->t1 = sf_now_ns();
	died = child_faulted(status);
	put_child_writes(a, op, slot, ev, base, *a->fork_done, died);
	for (uint32_t i = 0; i < op->npages; i++) {
		eff[i] = wk_eff_keep();
		if (a->model[op->page + i].backing == SF_BK_ANON_PRIVATE && !wk_unknown(a, op->page + i))
			eff[i].flags_set = SF_PS_COW;
	}
	wk_emit_init(&em, a, slot, ev);
	wk_emit_range(&em, op->page, op->npages, eff);
	wk_emit_finish(&em, ev, op->page, op->npages);
	free(eff);
	return 0;
}
