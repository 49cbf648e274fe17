/* Each kind of parse error names the right line and column and says what is wrong. */
#include <stdio.h>
#include <string.h>
#include "seq.h"
#include "tap.h"
#include "test_seq_util.h"

#define HDR "svafuzz-sequence 1\narena 64\nthreads 3\nseed 7\n"

struct bad {
	const char *text;
	unsigned line, col;
	const char *says;	/* a part of the message */
};

static const struct bad bad[] = {
	{ "", 1, 1, "svafuzz-sequence 1" },
	{ "# only a comment\n\n", 3, 1, "end of the file" },
	{ "svafuzz-seq 1\n", 1, 1, "expected 'svafuzz-sequence 1'" },
	{ "svafuzz-sequence 2\n", 1, 18, "version 2 is not supported" },
	{ "svafuzz-sequence\n", 1, 17, "missing the format version" },
	{ "svafuzz-sequence 1\narena 64\nthreads 3\n", 4, 1, "missing the 'seed' line" },
	{ "svafuzz-sequence 1\narena 64\nseed 1\n0 compact\n", 4, 1, "'threads'" },
	{ "svafuzz-sequence 1\narena 0\n", 2, 7, "arena 0 is not in 1..1048576" },
	{ "svafuzz-sequence 1\narena 64\nthreads 65\n", 3, 9, "threads 65 is not in 1..64" },
	{ "svafuzz-sequence 1\narena 64\narena 32\n", 3, 1, "second 'arena' line" },
	{ "svafuzz-sequence 1\narena 64 65\n", 2, 10, "unexpected '65'" },
	{ "svafuzz-sequence 1\narena 6x4\n", 2, 7, "expected a number, found '6x4'" },
	{ "svafuzz-sequence 1\nseed 18446744073709551616\n", 2, 6, "too large" },
	{ HDR "0 compact\nthreads 4\n", 6, 1, "header line 'threads' after the first op" },
	{ HDR "backend simulator-with-a-very-long-name-indeed\n", 5, 9, "longer than 31" },
	{ HDR "frobnicate 3\n", 5, 1, "unknown line 'frobnicate'" },
	{ HDR "arch smmu\001v3\n", 5, 6, "arch has a character that is not printable" },
	{ HDR "arch sm\303\251mu\n", 5, 6, "arch has a character that is not printable" },
	{ HDR "0 mprotect 3+2 q\n", 5, 16, "prot 'q' is not one of none, r, rw, rwx" },
	{ HDR "0 mprotect 3+2 wr\n", 5, 16, "prot 'wr'" },
	{ HDR "0 mprotect 3+2\n", 5, 15, "mprotect: missing prot" },
	{ HDR "0 mprotect 3-2 r\n", 5, 12, "expected N+M" },
	{ HDR "0 mprotect 63+2 r\n", 5, 12, "pages 63+2 reach past the arena (64 pages)" },
	{ HDR "0 mprotect 3+0 r\n", 5, 12, "range 3+0 is empty" },
	{ HDR "0 mprotect 3+2 r extra\n", 5, 18, "unexpected 'extra' after the arguments of mprotect" },
	{ HDR "3 compact\n", 5, 1, "thread 3 is not below threads 3" },
	{ HDR "99999 compact\n", 5, 1, "thread 99999 is not below threads 3" },
	{ HDR "1 frob 3+2\n", 5, 3, "unknown op 'frob'" },
	{ HDR "1\n", 5, 2, "missing op" },
	{ HDR "0 mmap 3+2 anon rw\n", 5, 12, "backing 'anon' is not one of anon-private" },
	{ HDR "0 mmap 3+2 none rw\n", 5, 12, "backing 'none'" },
	{ HDR "0 madvise 3+2 sleep\n", 5, 15, "advice 'sleep' is not one of dontneed" },
	{ HDR "0 uffd-wp 3+2 yes\n", 5, 15, "'yes' is not on or off" },
	{ HDR "0 mremap 3+2 0\n", 5, 14, "new size 0 is empty" },
	{ HDR "0 mremap 60+2 8\n", 5, 15, "mremap result 60+8 reaches past the arena" },
	{ HDR "0 mremap 3+2 2 move 63\n", 5, 21, "mremap result 63+2 reaches past" },
	{ HDR "0 mremap 3+2 2 move\n", 5, 20, "missing destination page" },
	{ HDR "0 mremap 3+2 2 dontunmap\n", 5, 16, "dontunmap needs 'move DST'" },
	{ HDR "0 migrate 3+2 64\n", 5, 15, "node 64 is more than 63" },
	{ HDR "0 slot-add 32 3+2 rw\n", 5, 12, "slot 32 is not below 32" },
	{ HDR "0 slot-add 1 3+2 log,ro\n", 5, 18, "slot flags 'log,ro' is not one of rw, ro, log, ro,log" },
	{ HDR "0 slot-del 40\n", 5, 12, "slot 40 is not below 32" },
	{ HDR "1 dev-read 3.8\n", 5, 12, "word 8 is not below 8" },
	{ HDR "1 dev-read 64.0\n", 5, 12, "page 64 is outside the arena" },
	{ HDR "1 dev-write 3\n", 5, 13, "expected N.M, found '3'" },
	{ HDR "1 cpu-read 0x.1\n", 5, 12, "expected a number, found '0x'" },
	{ HDR "0 delay 2000000000\n", 5, 9, "delay 2000000000 ns is more than" },
	{ HDR "0 delay 99999999999\n", 5, 9, "too large" },
	{ HDR "0 barrier 2\n\n# again\n0 barrier 2\n", 8, 11, "barrier 2 of thread 0 does not follow its barrier 2" },
	{ HDR "0 barrier 5\n1 barrier 5\n0 barrier 4\n", 7, 11, "does not follow" },
	{ HDR "0 compact 3+2\n", 5, 11, "unexpected '3+2'" },
	{ HDR "0 dirty-check\n", 5, 14, "dirty-check: missing slot" },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sf_seq s;
		struct sf_seq_err err;
		int rc = parse_str(bad[i].text, &s, &err);
		int ok = rc == -1 && err.line == bad[i].line && err.col == bad[i].col &&
			 strstr(err.msg, bad[i].says);

		if (!ok)
			fprintf(stderr, "  case %zu: rc %d, line %u, column %u: %s\n", i, rc,
				err.line, err.col, err.msg);
		CHECK(ok);
		/* a failed parse leaves nothing to free or use */
		CHECK(s.ops == NULL && s.nops == 0);
	}
	/* a NUL inside a header word is refused, not cut short */
	static const char nul[] = HDR "backend si\0m\n";
	struct sf_seq s;
	struct sf_seq_err err;

	CHECK_EQ(sf_seq_parse(nul, sizeof(nul) - 1, &s, &err), -1);
	CHECK(err.line == 5 && err.col == 9 && strstr(err.msg, "not printable"));
	return tap_done();
}
