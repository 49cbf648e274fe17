/*
 * A fake device for engine tests: accesses go straight to the arena
 * through the CPU (so its outcomes are right by construction), batches
 * are recorded, and one page can be made to hang the device.
 */
#ifndef ENGINE_FAKE_DEV_H
#define ENGINE_FAKE_DEV_H
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "arena.h"
#include "clock.h"
#include "sva/backend.h"

struct sf_dev {
	struct sf_arena *a;
	unsigned batches[1024];
	unsigned nbatch;
	int binds, unbinds;
	int hang_page;			/* -1: none */
};

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
	(void)q; (void)acc;
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
#endif
