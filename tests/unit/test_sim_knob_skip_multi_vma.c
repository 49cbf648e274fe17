/* An munmap over two VMAs invalidates only the first one's pages: the second stays writable: STALE_WRITE. */
#include "tap.h"
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 cpu-write 2.0\n"
	"0 mprotect 3+1 rwx\n"	/* page 3 becomes a VMA of its own */
	"0 cpu-write 3.0\n"
	"0 dev-read 2.0\n"
	"0 dev-read 3.0\n"
	"0 munmap 2+2\n"
	"0 dev-write 2.1\n"	/* op 6 */
	"0 dev-write 3.1\n";	/* op 7 */

int main(void)
{
	struct simt s;
	const struct sf_event *a, *b;

	if (simt_open(&s, NULL, NULL, 1) || simt_parse(&s, prog))
		return 1;
	CHECK_EQ(simt_run(&s), 0);
	a = simt_event(&s, 6, SF_EV_ACCESS);
	b = simt_event(&s, 7, SF_EV_ACCESS);
	CHECK(a && a->outcome == SF_FAULT);
	CHECK(b && b->outcome == SF_FAULT);
	CHECK_EQ(s.nverdicts, 0);
	simt_close(&s);

	if (simt_open(&s, "skip-multi-vma", NULL, 1) || simt_parse(&s, prog))
		return 1;
	CHECK_EQ(simt_run(&s), 0);
	a = simt_event(&s, 6, SF_EV_ACCESS);
	b = simt_event(&s, 7, SF_EV_ACCESS);
	CHECK(a && a->outcome == SF_FAULT);
	CHECK(b && b->outcome == SF_OK);
	CHECK_EQ(s.verdicts[SF_V_STALE_WRITE], 1);
	simt_close(&s);
	return tap_done();
}
