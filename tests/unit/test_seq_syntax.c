/* Every op's text form parses into the fields seq.h documents. */
#include <stdio.h>
#include <stdlib.h>
#include "seq.h"
#include "tap.h"
#include "test_seq_util.h"

struct form {
	const char *line;
	struct sf_seq_op op;
};

#define RW (SF_PROT_R | SF_PROT_W)

static const struct form forms[] = {
	{ "0 mprotect 3+2 r", { SF_OP_MPROTECT, 0, 3, 2, SF_PROT_R, 0, 0 } },
	{ "1 mprotect 3+2 none", { SF_OP_MPROTECT, 1, 3, 2, 0, 0, 0 } },
	{ "0 mprotect 3+2 rwx", { SF_OP_MPROTECT, 0, 3, 2, 7, 0, 0 } },
	{ "0 mprotect 3+2 wx", { SF_OP_MPROTECT, 0, 3, 2, SF_PROT_W | SF_PROT_X, 0, 0 } },
	{ "0 munmap 0+64", { SF_OP_MUNMAP, 0, 0, 64, 0, 0, 0 } },
	{ "0 mmap 3+2 anon-private rw", { SF_OP_MMAP, 0, 3, 2, SF_BK_ANON_PRIVATE, RW, 0 } },
	{ "0 mmap 3+2 anon-shared r", { SF_OP_MMAP, 0, 3, 2, SF_BK_ANON_SHARED, SF_PROT_R, 0 } },
	{ "0 mmap 3+2 memfd-shared x", { SF_OP_MMAP, 0, 3, 2, SF_BK_MEMFD_SHARED, SF_PROT_X, 0 } },
	{ "0 mmap 3+2 file-shared none", { SF_OP_MMAP, 0, 3, 2, SF_BK_FILE_SHARED, 0, 0 } },
	{ "0 mremap 3+2 4", { SF_OP_MREMAP, 0, 3, 2, 4, 3, 0 } },
	{ "0 mremap 3+2 1", { SF_OP_MREMAP, 0, 3, 2, 1, 3, 0 } },
	{ "0 mremap 3+2 2 move 10", { SF_OP_MREMAP, 0, 3, 2, 2, 10, SF_MREMAP_MOVE } },
	{ "0 mremap 3+2 2 move 10 dontunmap",
	  { SF_OP_MREMAP, 0, 3, 2, 2, 10, SF_MREMAP_MOVE | SF_MREMAP_DONTUNMAP } },
	{ "0 madvise 3+2 dontneed", { SF_OP_MADVISE, 0, 3, 2, SF_ADV_DONTNEED, 0, 0 } },
	{ "0 madvise 3+2 remove", { SF_OP_MADVISE, 0, 3, 2, SF_ADV_REMOVE, 0, 0 } },
	{ "0 madvise 3+2 collapse", { SF_OP_MADVISE, 0, 3, 2, SF_ADV_COLLAPSE, 0, 0 } },
	{ "0 punch 3+2", { SF_OP_PUNCH, 0, 3, 2, 0, 0, 0 } },
	{ "0 fork 3+2", { SF_OP_FORK, 0, 3, 2, 0, 0, 0 } },
	{ "0 uffd-wp 3+2 on", { SF_OP_UFFD_WP, 0, 3, 2, 1, 0, 0 } },
	{ "0 uffd-wp 3+2 off", { SF_OP_UFFD_WP, 0, 3, 2, 0, 0, 0 } },
	{ "0 migrate 3+2 1", { SF_OP_MIGRATE, 0, 3, 2, 1, 0, 0 } },
	{ "0 mlock 3+2", { SF_OP_MLOCK, 0, 3, 2, 0, 0, 0 } },
	{ "0 munlock 3+2", { SF_OP_MUNLOCK, 0, 3, 2, 0, 0, 0 } },
	{ "0 compact", { SF_OP_COMPACT, 0, 0, 0, 0, 0, 0 } },
	{ "0 slot-add 1 3+2 ro,log", { SF_OP_SLOT_ADD, 0, 3, 2, 1, SF_SLOT_RO | SF_SLOT_LOG, 0 } },
	{ "0 slot-add 31 0+1 rw", { SF_OP_SLOT_ADD, 0, 0, 1, 31, 0, 0 } },
	{ "0 slot-del 1", { SF_OP_SLOT_DEL, 0, 0, 0, 1, 0, 0 } },
	{ "0 slot-flags 1 log", { SF_OP_SLOT_FLAGS, 0, 0, 0, 1, SF_SLOT_LOG, 0 } },
	{ "0 slot-flags 2 ro", { SF_OP_SLOT_FLAGS, 0, 0, 0, 2, SF_SLOT_RO, 0 } },
	{ "0 dirty-check 1", { SF_OP_DIRTY_CHECK, 0, 0, 0, 1, 0, 0 } },
	{ "1 dev-read 3.0", { SF_OP_DEV_READ, 1, 3, 1, 0, 0, 0 } },
	{ "1 dev-write 63.7", { SF_OP_DEV_WRITE, 1, 63, 1, 7, 0, 0 } },
	{ "2 cpu-read 3.7", { SF_OP_CPU_READ, 2, 3, 1, 7, 0, 0 } },
	{ "2 cpu-write 3.5", { SF_OP_CPU_WRITE, 2, 3, 1, 5, 0, 0 } },
	{ "0 barrier 1", { SF_OP_BARRIER, 0, 0, 0, 1, 0, 0 } },
	{ "0 delay 1000", { SF_OP_DELAY, 0, 0, 0, 1000, 0, 0 } },
	{ "0 migrate-to-dev 3+2", { SF_OP_HMM_TO_DEV, 0, 3, 2, 0, 0, 0 } },
	{ "1 migrate-to-sys 0+64", { SF_OP_HMM_TO_SYS, 1, 0, 64, 0, 0, 0 } },
	{ "2 exclusive 63+1", { SF_OP_HMM_EXCL, 2, 63, 1, 0, 0, 0 } },
	{ "0 ioas-map 3+2 rw", { SF_OP_IOAS_MAP, 0, 3, 2, SF_PROT_R | SF_PROT_W, 0, 0 } },
	{ "0 ioas-map 3+2 r", { SF_OP_IOAS_MAP, 0, 3, 2, SF_PROT_R, 0, 0 } },
	{ "0 ioas-unmap 3+2", { SF_OP_IOAS_UNMAP, 0, 3, 2, 0, 0, 0 } },
	{ "0 ioas-copy 3+2", { SF_OP_IOAS_COPY, 0, 3, 2, 0, 0, 0 } },
};

int main(void)
{
	unsigned seen[SF_OP__COUNT] = { 0 };

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		char text[256];
		struct sf_seq s, want;
		struct sf_seq_err err;

		snprintf(text, sizeof(text),
			 "svafuzz-sequence 1\narena 64\nthreads 3\nseed 9\n%s\n", forms[i].line);
		CHECK_EQ(parse_str(text, &s, &err), 0);
		if (err.msg[0])
			fprintf(stderr, "  '%s': %s\n", forms[i].line, err.msg);
		sf_seq_init(&want);
		want.arena_pages = 64;
		want.nthreads = 3;
		want.seed = 9;
		want.ops = (struct sf_seq_op *)&forms[i].op;
		want.nops = 1;
		long d = seq_diff(&s, &want);

		if (d)
			fprintf(stderr, "  '%s' parsed differently (%ld)\n", forms[i].line, d);
		CHECK_EQ(d, 0);
		/* and prints back as written */
		char *out = sf_seq_print(&s);

		CHECK(out && strstr(out, forms[i].line) && out[strlen(out) - 1] == '\n');
		free(out);
		seen[forms[i].op.op]++;
		sf_seq_free(&s);
	}
	for (unsigned op = 0; op < SF_OP__COUNT; op++)
		CHECK(seen[op] > 0);	/* the table covers every op */
	return tap_done();
}
