/*
 * A finding that needs two threads lined up by a barrier: "a mprotect on
 * one thread before barrier k, a device write on another thread after its
 * barrier k". The minimum is exactly those four ops on two threads; the
 * unrelated barriers (matched and unmatched) and the third and fourth
 * threads are gone, and the kept barriers still match.
 */
#include "minimize.h"
#include "tap.h"

/* Index of thread t's barrier id in s, or -1. */
static long barrier_at(const struct sf_seq *s, unsigned t, uint32_t id)
{
	for (size_t i = 0; i < s->nops; i++)
		if (s->ops[i].op == SF_OP_BARRIER && s->ops[i].thread == t && s->ops[i].arg0 == id)
			return (long)i;
	return -1;
}

static int lined_up(const struct sf_seq *s, void *arg)
{
	for (size_t i = 0; i < s->nops; i++) {
		const struct sf_seq_op *m = &s->ops[i];

		if (m->op != SF_OP_MPROTECT)
			continue;
		for (size_t j = 0; j < s->nops; j++) {
			const struct sf_seq_op *w = &s->ops[j];
			long bm, bw;

			if (w->op != SF_OP_DEV_WRITE || w->thread == m->thread)
				continue;
			for (uint32_t id = 0; id < 8; id++) {
				bm = barrier_at(s, m->thread, id);
				bw = barrier_at(s, w->thread, id);
				if (bm > (long)i && bw >= 0 && bw < (long)j)
					return 1;
			}
		}
	}
	return 0;
}

static void push(struct sf_seq *s, enum sf_op op, unsigned t, uint32_t page, uint32_t arg0)
{
	struct sf_seq_op o = { .op = (uint16_t)op, .thread = (uint16_t)t, .page = page,
			       .npages = 1, .arg0 = arg0 };

	if (op == SF_OP_BARRIER || op == SF_OP_DELAY)
		o.page = o.npages = 0;
	sf_seq_push(s, &o);
}

int main(void)
{
	struct sf_min_opts o = { .tries = 1 };
	struct sf_seq in, out;

	sf_seq_init(&in);
	in.arena_pages = 4;
	in.nthreads = 4;
	for (unsigned t = 0; t < 4; t++) {
		push(&in, SF_OP_DEV_READ, t, t, 0);
		push(&in, SF_OP_BARRIER, t, 0, 1);		/* all four */
	}
	push(&in, SF_OP_BARRIER, 3, 0, 2);			/* unmatched */
	push(&in, SF_OP_MPROTECT, 2, 1, SF_PROT_R);
	push(&in, SF_OP_DELAY, 0, 0, 10);
	for (unsigned t = 1; t < 4; t++)
		push(&in, SF_OP_BARRIER, t, 0, 3);		/* threads 1..3 */
	push(&in, SF_OP_DEV_WRITE, 1, 1, 0);
	push(&in, SF_OP_CPU_READ, 3, 2, 0);

	CHECK(lined_up(&in, NULL));
	CHECK_EQ(sf_minimize(&in, &out, &o, lined_up, NULL, NULL), SF_MIN_OK);
	CHECK_EQ(out.nops, 4);
	CHECK_EQ(out.nthreads, 2);
	CHECK(lined_up(&out, NULL));
	if (out.nops == 4) {
		unsigned tm = out.ops[0].thread;

		CHECK_EQ(out.ops[0].op, SF_OP_MPROTECT);
		CHECK_EQ(out.ops[out.nops - 1].op, SF_OP_DEV_WRITE);
		CHECK(out.ops[3].thread != tm);
		CHECK_EQ(out.ops[1].op, SF_OP_BARRIER);
		CHECK_EQ(out.ops[2].op, SF_OP_BARRIER);
		CHECK_EQ(out.ops[1].arg0, out.ops[2].arg0);
		CHECK(out.ops[1].thread != out.ops[2].thread);
	}
	sf_seq_free(&in);
	sf_seq_free(&out);
	return tap_done();
}
