/*
 * fork: a child whose store faults (a page the model says writable is
 * read-only behind its back) exits with a code instead of dying by
 * SIGSEGV, so the kernel logs no "segfault at" line, and the parent still
 * learns how far it got: the faulting store is a CPU write fault.
 */
#include <signal.h>
#include <sys/mman.h>
#include "tap.h"
#include "worker_test.h"

static volatile sig_atomic_t chld_code, chld_seen;

/* SIGCHLD's si_code tells exited (CLD_EXITED) from killed (CLD_KILLED, CLD_DUMPED). */
static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	chld_code = si->si_code;
	chld_seen = 1;
}

/* The access events among an op's events: how many, and the last. */
static const struct sf_event *access_events(const struct wt_events *w, unsigned *n)
{
	const struct sf_event *last = NULL;

	*n = 0;
	for (unsigned i = 0; i < w->n; i++)
		if (w->ev[i].kind == SF_EV_ACCESS) {
			last = &w->ev[i];
			++*n;
		}
	return last;
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_chld, .sa_flags = SA_SIGINFO | SA_RESTART };
	struct sf_arena a;
	struct wt_events w;
	const struct sf_event *acc;
	struct sf_event ev;
	unsigned naccess;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	wt_open(&a, 8);
	/* the model still says page 3 is writable */
	CHECK_EQ(mprotect((void *)sf_arena_word(&a, 3, 0), a.page_size, PROT_READ), 0);
	ev = wt_run(&a, &w, SF_OP_FORK, 1, 4, 0, 0, 0);
	CHECK_EQ(ev.outcome, SF_OK);
	CHECK_EQ(*a.fork_done, 2);		/* pages 1 and 2 written, then the fault */
	acc = access_events(&w, &naccess);
	CHECK_EQ(naccess, 1);			/* private pages: only the faulting store */
	CHECK(acc && acc->op == SF_OP_CPU_WRITE && acc->outcome == SF_FAULT);
	CHECK(acc && acc->page == 3 && acc->t0 == ev.t0 && acc->t1 == ev.t1);
	CHECK(chld_seen);
	CHECK_EQ(chld_code, CLD_EXITED);	/* not killed: nothing for the kernel to log */
	mprotect((void *)sf_arena_word(&a, 3, 0), a.page_size, PROT_READ | PROT_WRITE);
	sf_arena_close(&a);
	return tap_done();
}
