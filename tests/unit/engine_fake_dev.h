/*
 * A fake device for engine tests: accesses go straight to the arena
 * through the CPU (so its outcomes are right by construction), batches
 * are recorded, one page can be made to hang the device, and submits can
 * be made to fail with EIO (from some batch on, or one batch in n).
 */
#ifndef ENGINE_FAKE_DEV_H
#define ENGINE_FAKE_DEV_H
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "arena.h"
#include "clock.h"
#include "engine.h"
#include "backend.h"

struct sf_dev {
	struct sf_arena *a;
	unsigned batches[1024];
	unsigned nbatch;
	int binds, unbinds;
	int hang_page;			/* -1: none */
	atomic_uint submits;		/* every submit, from all queues */
	unsigned fail_from;		/* 1-based: this submit and all later fail; 0 = none */
	unsigned fail_every;		/* submits 0, n, 2n... fail; 0 = none */
	unsigned fail_us;		/* a failing submit takes this long */
};

/* Whether submit number k (0-based) fails. */
static inline int fake_fails(const struct sf_dev *d, unsigned k)
{
	return (d->fail_from && k + 1 >= d->fail_from) || (d->fail_every && k % d->fail_every == 0);
}

static struct sf_dev fake_dev;

static int fake_probe(char *why, size_t n) { (void)why; (void)n; return 0; }

static int fake_open(struct sf_dev **d, const struct sf_dev_opts *o, char *err, size_t n)
{
	(void)o; (void)err; (void)n;
	*d = &fake_dev;
	return 0;
}

static int fake_bind(struct sf_dev *d, struct sf_arena *a) { d->a = a; d->binds++; return 0; }
static void fake_unbind(struct sf_dev *d) { d->unbinds++; }
static void fake_close(struct sf_dev *d) { (void)d; }

static int fake_submit(struct sf_dev *d, unsigned q, struct sf_access *acc, unsigned n)
{
	unsigned k = atomic_fetch_add(&d->submits, 1);

	(void)q; (void)acc;
	if (fake_fails(d, k)) {
		if (d->fail_us)
			usleep(d->fail_us);
		return -EIO;
	}
	if (d->nbatch < 1024)
		d->batches[d->nbatch++] = n;
	return (int)n;
}

static int fake_complete(struct sf_dev *d, unsigned q, struct sf_access *acc, unsigned n)
{
	(void)q;
	for (unsigned i = 0; i < n; i++) {
		volatile uint64_t *w = sf_arena_word(d->a, acc[i].page, acc[i].word);

		while ((int)acc[i].page == d->hang_page)
			usleep(10000);	/* a device that never answers */
		acc[i].t0 = sf_now_ns();
		if (acc[i].write)
			*w = acc[i].value;
		else
			acc[i].value = *w;
		acc[i].outcome = SF_OK;
		acc[i].t1 = sf_now_ns();
	}
	return (int)n;
}

static const struct sf_backend_ops fake_ops = {
	.name = "fake",
	.desc = "test device",
	.sem = SF_SEM_MIRROR,
	.ops_supported = (1ull << SF_OP_DEV_READ) | (1ull << SF_OP_DEV_WRITE) |
			 (1ull << SF_OP_MPROTECT),
	.probe = fake_probe,
	.open = fake_open,
	.bind = fake_bind,
	.unbind = fake_unbind,
	.submit = fake_submit,
	.complete = fake_complete,
	.close = fake_close,
};

static void push_op(struct sf_seq *s, uint16_t thread, enum sf_op op, uint32_t page, uint32_t arg0)
{
	struct sf_seq_op o;

	memset(&o, 0, sizeof(o));
	o.op = op;
	o.thread = thread;
	o.page = page;
	o.npages = 1;
	o.arg0 = arg0;
	sf_seq_push(s, &o);
}

/* A program of nthreads threads, each doing nbatches full batches of device accesses. */
static inline void fake_dev_prog(struct sf_seq *s, unsigned nthreads, unsigned nbatches)
{
	sf_seq_init(s);
	s->arena_pages = 8;
	s->nthreads = nthreads;
	for (unsigned t = 0; t < nthreads; t++)
		for (unsigned i = 0; i < nbatches * 64; i++)
			push_op(s, (uint16_t)t, i % 2 ? SF_OP_DEV_READ : SF_OP_DEV_WRITE, i % 8, i % 8);
}

/* The fake device is right by construction: any verdict is the engine's fault. */
static unsigned fake_verdicts;

static inline void fake_on_verdict(void *arg, const struct sf_verdict *v)
{
	(void)arg;
	fprintf(stderr, "  unexpected verdict: %s\n", v->why);
	fake_verdicts++;
}

/* For tests whose engine leaves a stuck thread's state behind on purpose. */
#define FAKE_DEV_NO_LEAK_CHECK()                                   \
	const char *__asan_default_options(void);                  \
	const char *__asan_default_options(void)                   \
	{                                                          \
		return "detect_leaks=0";                           \
	}

/* fake_dev as new (failure settings and counters cleared), then an exec on it. */
static inline int fake_dev_open(struct sf_exec *x, unsigned nqueues)
{
	char err[256] = "";

	memset(&fake_dev, 0, sizeof(fake_dev));
	fake_dev.hang_page = -1;
	memset(x, 0, sizeof(*x));
	if (sf_exec_open(x, &fake_ops, "", "", nqueues, 8, err, sizeof(err))) {
		printf("# skipped: %s\n", err);
		return -1;
	}
	return 0;
}
#endif
