/*
 * Page numbers are shifted down when the finding does not depend on where
 * it happens: "an munmap and then a device read of a page it covers" on
 * pages 40 and up ends as munmap 0+1 and a read of page 0, arena 1 page.
 * An mremap destination moves with its source.
 */
#include "minimize.h"
#include "tap.h"

static int covered_read(const struct sf_seq *s, void *arg)
{
	int remap = 0;

	for (size_t i = 0; i < s->nops; i++)
		if (s->ops[i].op == SF_OP_MREMAP && s->ops[i].arg1 == s->ops[i].page + 2)
			remap = 1;
	for (size_t i = 0; i < s->nops; i++) {
		const struct sf_seq_op *m = &s->ops[i];

		if (m->op != SF_OP_MUNMAP)
			continue;
		for (size_t j = i + 1; j < s->nops; j++)
			if (s->ops[j].op == SF_OP_DEV_READ && s->ops[j].page >= m->page &&
			    s->ops[j].page < m->page + m->npages)
				return remap;
	}
	return 0;
}

int main(void)
{
	const struct sf_seq_op ops[] = {
		{ .op = SF_OP_MREMAP, .page = 50, .npages = 1, .arg0 = 1, .arg1 = 52,
		  .arg2 = SF_MREMAP_MOVE },
		{ .op = SF_OP_MUNMAP, .page = 40, .npages = 4 },
		{ .op = SF_OP_DEV_READ, .thread = 1, .page = 42, .npages = 1, .arg0 = 5 },
	};
	struct sf_min_opts o = { .tries = 1 };
	struct sf_seq in, out;

	sf_seq_init(&in);
	in.arena_pages = 64;
	in.nthreads = 2;
	for (unsigned i = 0; i < 3; i++)
		sf_seq_push(&in, &ops[i]);

	CHECK_EQ(sf_minimize(&in, &out, &o, covered_read, NULL, NULL), SF_MIN_OK);
	CHECK_EQ(out.nops, 3);
	if (out.nops == 3) {
		/* the munmap shrinks to the page read, then every page shifts down by 42 */
		CHECK_EQ(out.ops[1].page, 0);
		CHECK_EQ(out.ops[1].npages, 1);
		CHECK_EQ(out.ops[2].page, 0);
		CHECK_EQ(out.ops[0].page, 8);
		CHECK_EQ(out.ops[0].arg1, 10);
	}
	CHECK_EQ(out.arena_pages, 11);
	CHECK(covered_read(&out, NULL));
	sf_seq_free(&in);
	sf_seq_free(&out);
	return tap_done();
}
