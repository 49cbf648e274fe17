/*
 * One device, many programs: opening the backend (and the arena real
 * backends work on), deciding which ops can run here, and running one
 * program with a fresh oracle and collector.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "collector.h"
#include "engine.h"
#include "worker.h"

static bool is_sim(const struct sf_exec *x)
{
	return x->be->flags & SF_BE_SIM;
}

/*
 * Control ops are the engine's own; CPU accesses too on real backends.
 * Everything else needs the backend (and, for mutations on the real
 * address space, a worker that works on this machine).
 */
static int why_unsupported(const struct sf_exec *x, enum sf_op op, char *why, size_t n)
{
	enum sf_op_class cls = sf_op_class(op);
	const struct sf_worker *w;

	if (cls == SF_CLS_CONTROL)
		return 0;
	if (is_sim(x) || cls != SF_CLS_CPU_ACCESS) {
		if (!(x->be->ops_supported & (1ull << op))) {
			snprintf(why, n, "backend %s does not support %s", x->be->name, sf_op_name(op));
			return 1;
		}
	}
	if (is_sim(x))
		return 0;
	switch (cls) {
	case SF_CLS_SLOT:
		if (!(x->be->flags & SF_BE_SLOTS)) {
			snprintf(why, n, "backend %s has no memslots", x->be->name);
			return 1;
		}
		return 0;
	case SF_CLS_MUTATION:
		w = sf_worker_for(op);
		if (!w) {
			snprintf(why, n, "no worker for %s", sf_op_name(op));
			return 1;
		}
		if (w->supported && w->supported(why, n))
			return 1;
		return 0;
	default:
		return 0;
	}
}

int sf_exec_op_unsupported(const struct sf_exec *x, enum sf_op op, char *why, size_t n)
{
	if (x->skip_why[op][0]) {
		snprintf(why, n, "%s", x->skip_why[op]);
		return 1;
	}
	return 0;
}

uint64_t sf_exec_runnable(const struct sf_exec *x, uint64_t wanted)
{
	uint64_t m = 0;

	for (unsigned op = 0; op < SF_OP__COUNT; op++)
		if (!x->skip_why[op][0])
			m |= 1ull << op;
	return wanted ? (m & wanted) : m;
}

int sf_exec_open(struct sf_exec *x, const struct sf_backend_ops *be, const char *knob,
		 const char *arch, unsigned nqueues, uint32_t arena_pages, char *err, size_t n)
{
	struct sf_dev_opts o = {
		.knob = knob && knob[0] ? knob : NULL,
		.nqueues = nqueues ? nqueues : 1,
		/* constant: a program's own seed carries all randomness, so replay matches */
		.seed = 0,
		.arch = arch && arch[0] ? arch : NULL,
	};
	atomic_int *stop = x->stop;
	uint64_t deadline = x->deadline_ns;

	memset(x, 0, sizeof(*x));
	x->stop = stop;
	x->deadline_ns = deadline;
	x->be = be;
	x->arena_pages = arena_pages;
	x->watchdog_ns = SF_WATCHDOG_NS;
	for (unsigned op = 0; op < SF_OP__COUNT; op++)
		why_unsupported(x, (enum sf_op)op, x->skip_why[op], sizeof(x->skip_why[op]));
	if (!is_sim(x)) {
		if (sf_cpu_access_init()) {
			snprintf(err, n, "cannot set up CPU access fault handling");
			return -1;
		}
		if (sf_arena_open(&x->arena, arena_pages, err, n))
			return -1;
		x->have_arena = true;
	}
	if (be->open(&x->dev, &o, err, n)) {
		if (!err[0])
			snprintf(err, n, "backend %s failed to open", be->name);
		sf_exec_close(x);
		return -1;
	}
	return 0;
}

void sf_exec_close(struct sf_exec *x)
{
	/*
	 * A stuck thread still uses the device and the arena (the model
	 * arrays too): freeing them under it corrupted the heap (a replay with
	 * svaplant armed died in malloc). The process is about to exit.
	 */
	if (x->stuck)
		return;
	if (x->dev)
		x->be->close(x->dev);
	x->dev = NULL;
	if (x->have_arena)
		sf_arena_close(&x->arena);
	x->have_arena = false;
}

int sf_exec_program(struct sf_exec *x, const struct sf_seq *prog, const struct sf_prog_hooks *h,
		    struct sf_oracle_stats *st)
{
	struct sf_oracle_cfg cfg = {
		.npages = prog->arena_pages,
		.sem = x->be->sem,
		.initial = sf_arena_initial(),
		.on_verdict = h->on_verdict,
		.arg = h->arg,
	};
	struct sf_oracle *o;
	struct sf_collector *c;
	int rc;

	if (!is_sim(x) && prog->arena_pages != x->arena_pages) {
		fprintf(stderr, "svafuzz: program needs %u pages, arena has %u\n",
			prog->arena_pages, x->arena_pages);
		return -1;
	}
	cfg.initial.flags |= x->be->initial_flags;
	o = sf_oracle_new(&cfg);
	if (!o)
		return -1;
	c = sf_collector_new(o, is_sim(x) ? 0 : prog->nthreads, h->on_event, h->arg);
	if (!c) {
		sf_oracle_free(o);
		return -1;
	}
	if (is_sim(x))
		rc = x->be->run(x->dev, prog, c) < 0 ? -1 : 0;
	else
		rc = sf_engine_run(x, prog, c, h);
	sf_collector_drain(c);
	*st = *sf_oracle_stats(o);
	if (x->stuck) {
		/* a hung thread may still write into its slot: leak, never free under it */
		return rc;
	}
	sf_collector_free(c);
	sf_oracle_free(o);
	return rc;
}
