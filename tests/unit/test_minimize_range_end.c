/*
 * Range shrinking keeps the page that matters even at the end of a range
 * (a range-end-off-by-one bug lives on the last page only): an mprotect
 * 2+8 needed for page 9 becomes 9+1, and an mremap's new size shrinks to
 * one page while its destination stays.
 */
#include "minimize.h"
#include "tap.h"

static int needs_page9(const struct sf_seq *s, void *arg)
{
	int prot = 0, remap = 0;

	for (size_t i = 0; i < s->nops; i++) {
		const struct sf_seq_op *op = &s->ops[i];

		if (op->op == SF_OP_MPROTECT && op->page <= 9 && 9 < op->page + op->npages)
			prot = 1;
		if (op->op == SF_OP_MREMAP && (op->arg2 & SF_MREMAP_MOVE) && op->arg1 == 12)
			remap = 1;
	}
	return prot && remap;
}

int main(void)
{
	const struct sf_seq_op mp = { .op = SF_OP_MPROTECT, .page = 2, .npages = 8, .arg0 = SF_PROT_R };
	const struct sf_seq_op mr = { .op = SF_OP_MREMAP, .page = 0, .npages = 2, .arg0 = 4,
				      .arg1 = 12, .arg2 = SF_MREMAP_MOVE };
	struct sf_min_opts o = { .tries = 1 };
	struct sf_seq in, out;

	sf_seq_init(&in);
	in.arena_pages = 20;
	in.nthreads = 1;
	sf_seq_push(&in, &mp);
	sf_seq_push(&in, &mr);

	CHECK_EQ(sf_minimize(&in, &out, &o, needs_page9, NULL, NULL), SF_MIN_OK);
	CHECK_EQ(out.nops, 2);
	if (out.nops == 2) {
		CHECK_EQ(out.ops[0].page, 9);
		CHECK_EQ(out.ops[0].npages, 1);
		CHECK_EQ(out.ops[1].npages, 1);
		CHECK_EQ(out.ops[1].arg0, 1);
		CHECK_EQ(out.ops[1].arg1, 12);
	}
	CHECK_EQ(out.arena_pages, 13);
	sf_seq_free(&in);
	sf_seq_free(&out);
	return tap_done();
}
