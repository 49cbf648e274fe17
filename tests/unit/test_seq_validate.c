/* sf_seq_validate rejects each kind of bad program built in memory, naming the op (line = index + 1). */
#include <stdio.h>
#include <stdlib.h>
#include "seq.h"
#include "tap.h"
#include "test_seq_util.h"

struct bad_op {
	struct sf_seq_op op;
	const char *says;
};

static const struct bad_op bad_ops[] = {
	{ { SF_OP__COUNT, 0, 0, 0, 0, 0, 0 }, "unknown op" },
	{ { SF_OP_COMPACT, 4, 0, 0, 0, 0, 0 }, "thread 4 is not below threads 4" },
	{ { SF_OP_COMPACT, 0, 1, 1, 0, 0, 0 }, "takes no page range" },
	{ { SF_OP_MUNMAP, 0, 30, 3, 0, 0, 0 }, "reach past the arena (32 pages)" },
	{ { SF_OP_MUNMAP, 0, 0xffffffffu, 2, 0, 0, 0 }, "reach past the arena" },
	{ { SF_OP_MUNMAP, 0, 3, 0, 0, 0, 0 }, "is empty" },
	{ { SF_OP_MUNMAP, 0, 3, 1, 1, 0, 0 }, "unused arg0" },
	{ { SF_OP_MPROTECT, 0, 3, 1, 8, 0, 0 }, "prot 8" },
	{ { SF_OP_MPROTECT, 0, 3, 1, 1, 0, 9 }, "unused arg2" },
	{ { SF_OP_MMAP, 0, 3, 1, SF_BK_NONE, 3, 0 }, "backing 0" },
	{ { SF_OP_MMAP, 0, 3, 1, SF_BK__COUNT, 3, 0 }, "backing 5" },
	{ { SF_OP_MMAP, 0, 3, 1, 1, 8, 0 }, "prot 8" },
	{ { SF_OP_MREMAP, 0, 3, 1, 2, 4, 0 }, "without move must keep its page" },
	{ { SF_OP_MREMAP, 0, 3, 1, 2, 4, SF_MREMAP_DONTUNMAP }, "flags 2" },
	{ { SF_OP_MREMAP, 0, 3, 1, 0, 3, 0 }, "new size 0" },
	{ { SF_OP_MREMAP, 0, 3, 1, 30, 3, 0 }, "mremap result 3+30" },
	{ { SF_OP_MREMAP, 0, 3, 1, 2, 31, SF_MREMAP_MOVE }, "mremap result 31+2" },
	{ { SF_OP_MADVISE, 0, 3, 1, SF_ADV__COUNT, 0, 0 }, "advice 10" },
	{ { SF_OP_UFFD_WP, 0, 3, 1, 2, 0, 0 }, "not on (1) or off (0)" },
	{ { SF_OP_MIGRATE, 0, 3, 1, 64, 0, 0 }, "node 64" },
	{ { SF_OP_SLOT_ADD, 0, 3, 1, 32, 0, 0 }, "slot 32" },
	{ { SF_OP_SLOT_ADD, 0, 3, 1, 1, 4, 0 }, "slot flags 4" },
	{ { SF_OP_SLOT_ADD, 0, 31, 2, 1, 0, 0 }, "reach past" },
	{ { SF_OP_SLOT_DEL, 0, 0, 0, 1, 1, 0 }, "unused arg1" },
	{ { SF_OP_SLOT_FLAGS, 0, 0, 0, 1, 5, 0 }, "slot flags 5" },
	{ { SF_OP_DIRTY_CHECK, 0, 2, 0, 1, 0, 0 }, "takes no page range" },
	{ { SF_OP_DEV_READ, 0, 3, 2, 0, 0, 0 }, "covers 1 page, not 2" },
	{ { SF_OP_DEV_WRITE, 0, 32, 1, 0, 0, 0 }, "page 32 is outside" },
	{ { SF_OP_CPU_READ, 0, 3, 1, 8, 0, 0 }, "word 8" },
	{ { SF_OP_CPU_WRITE, 0, 3, 1, 0, 1, 0 }, "unused arg1" },
	{ { SF_OP_DELAY, 0, 0, 0, 1000000001, 0, 0 }, "delay 1000000001" },
	{ { SF_OP_BARRIER, 0, 0, 1, 5, 0, 0 }, "takes no page range" },
};

static void base(struct sf_seq *s)
{
	sf_seq_init(s);
	s->arena_pages = 32;
	s->nthreads = 4;
	s->seed = 1;
}

int main(void)
{
	struct sf_seq s;
	struct sf_seq_err err;
	struct sf_seq_op good = { .op = SF_OP_DEV_READ, .thread = 3, .page = 31, .npages = 1,
				  .arg0 = 7 };

	for (size_t i = 0; i < sizeof(bad_ops) / sizeof(bad_ops[0]); i++) {
		base(&s);
		sf_seq_push(&s, &good);
		sf_seq_push(&s, &bad_ops[i].op);
		sf_seq_push(&s, &good);
		int rc = sf_seq_validate(&s, &err);
		int ok = rc == -1 && err.line == 2 && strstr(err.msg, bad_ops[i].says);

		if (!ok)
			fprintf(stderr, "  case %zu: rc %d, line %u: %s\n", i, rc, err.line, err.msg);
		CHECK(ok);
		sf_seq_free(&s);
	}

	/* barrier ids must increase along each thread, not across threads */
	struct sf_seq_op b = { .op = SF_OP_BARRIER, .arg0 = 5 };

	base(&s);
	sf_seq_push(&s, &b);
	b.thread = 1;
	sf_seq_push(&s, &b);
	b.thread = 0;
	b.arg0 = 6;
	sf_seq_push(&s, &b);
	CHECK_EQ(sf_seq_validate(&s, &err), 0);
	b.arg0 = 6;
	sf_seq_push(&s, &b);	/* thread 0 names 6 twice */
	CHECK_EQ(sf_seq_validate(&s, &err), -1);
	CHECK_EQ(err.line, 4);
	sf_seq_free(&s);

	/* header checks: line 0 */
	base(&s);
	s.version = 2;
	CHECK(sf_seq_validate(&s, &err) == -1 && err.line == 0 && strstr(err.msg, "version 2"));
	base(&s);
	s.arena_pages = 0;
	CHECK(sf_seq_validate(&s, &err) == -1 && strstr(err.msg, "arena 0"));
	base(&s);
	s.arena_pages = SF_SEQ_MAX_PAGES + 1;
	CHECK(sf_seq_validate(&s, &err) == -1 && strstr(err.msg, "arena"));
	base(&s);
	s.nthreads = SF_SEQ_MAX_THREADS + 1;
	CHECK(sf_seq_validate(&s, &err) == -1 && strstr(err.msg, "threads 65"));
	base(&s);
	strcpy(s.backend, "two words");
	CHECK(sf_seq_validate(&s, &err) == -1 && strstr(err.msg, "backend"));
	base(&s);
	strcpy(s.expect, "A#B");
	CHECK(sf_seq_validate(&s, &err) == -1 && strstr(err.msg, "expect"));
	base(&s);
	memset(s.arch, 'x', sizeof(s.arch));	/* not terminated */
	CHECK(sf_seq_validate(&s, &err) == -1 && strstr(err.msg, "arch"));
	/* printing such a program stays inside the field */
	char *text = sf_seq_print(&s);

	CHECK(text && strstr(text, "\narch xxxxxxxxxxxxxxxx\n"));
	free(text);

	/* an empty program and the extreme valid values pass */
	base(&s);
	CHECK_EQ(sf_seq_validate(&s, &err), 0);
	struct sf_seq_op edge[] = {
		{ SF_OP_MUNMAP, 3, 0, 32, 0, 0, 0 },
		{ SF_OP_MREMAP, 0, 31, 1, 1, 0, SF_MREMAP_MOVE | SF_MREMAP_DONTUNMAP },
		{ SF_OP_MREMAP, 0, 0, 1, 32, 0, 0 },
		{ SF_OP_SLOT_ADD, 0, 0, 32, 31, 3, 0 },
		{ SF_OP_MIGRATE, 0, 0, 1, 63, 0, 0 },
		{ SF_OP_DELAY, 0, 0, 0, 1000000000, 0, 0 },
		{ SF_OP_BARRIER, 0, 0, 0, 0xffffffffu, 0, 0 },
	};

	for (size_t i = 0; i < sizeof(edge) / sizeof(edge[0]); i++)
		sf_seq_push(&s, &edge[i]);
	CHECK_EQ(sf_seq_validate(&s, &err), 0);
	if (err.msg[0])
		fprintf(stderr, "  op %u: %s\n", err.line, err.msg);
	sf_seq_free(&s);
	return tap_done();
}
