/* Layout freedom: comments, blank lines, tabs, runs of spaces, CRLF and 0x numbers read the same. */
#include <stdio.h>
#include <stdlib.h>
#include "seq.h"
#include "tap.h"
#include "test_seq_util.h"

static const char canonical[] =
	"svafuzz-sequence 1\n"
	"arena 64\n"
	"threads 2\n"
	"seed 255\n"
	"arch vtd\n"
	"0 mprotect 16+2 rw\n"
	"0 mremap 16+2 2 move 32 dontunmap\n"
	"1 dev-write 17.3\n";

static const char messy[] =
	"# a reproducer, written by hand\n"
	"\n"
	"   svafuzz-sequence   1   # format version\n"
	"\t\n"
	"seed\t0xff\n"
	"threads 0x2\r\n"
	"arch vtd#no space before the comment\n"
	"arena 64\n"
	"# the ops\n"
	"\t0\tmprotect  0x10+0X2\trw\n"
	"0 mremap 16+2 0x2   move 0x20    dontunmap   \n"
	"1 dev-write 0x11.3";	/* no final newline */

int main(void)
{
	struct sf_seq a, b;
	struct sf_seq_err err;
	char *text;

	CHECK_EQ(parse_str(canonical, &a, &err), 0);
	CHECK_EQ(parse_str(messy, &b, &err), 0);
	if (err.msg[0])
		fprintf(stderr, "  line %u, column %u: %s\n", err.line, err.col, err.msg);
	CHECK_EQ(seq_diff(&a, &b), 0);
	CHECK_EQ(b.seed, 255);
	CHECK(!strcmp(b.arch, "vtd"));
	text = sf_seq_print(&b);
	CHECK(text && !strcmp(text, canonical));
	free(text);

	/* a header and no ops is a valid, empty program */
	sf_seq_free(&b);
	CHECK_EQ(parse_str("svafuzz-sequence 1\narena 1\nthreads 1\nseed 0\n", &b, &err), 0);
	CHECK_EQ(b.nops, 0);
	CHECK_EQ(b.arena_pages, 1);
	CHECK_EQ(sf_seq_validate(&b, &err), 0);

	/* text is read up to len only: a NUL or garbage after it is never seen */
	const char cut[] = "svafuzz-sequence 1\narena 1\nthreads 1\nseed 0\n0 compact\nGARBAGE";

	sf_seq_free(&b);
	CHECK_EQ(sf_seq_parse(cut, sizeof(cut) - 1 - 7, &b, &err), 0);
	CHECK_EQ(b.nops, 1);
	sf_seq_free(&a);
	sf_seq_free(&b);
	return tap_done();
}
