/*
 * MADV_PAGEOUT keeps content in place: a swapped-out page comes back as
 * the same frame (swap cache), and a zero-page mapping is not touched, so
 * a device entry that is stale until the flush still sees what the CPU
 * writes meanwhile.
 */
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 cpu-write 2.0\n"	/* page 2: a frame of its own */
	"0 cpu-read 3.0\n"	/* page 3: the zero page */
	"0 madvise 2+2 pageout\n";

int main(void)
{
	struct simt s;
	int32_t f2;

	if (simt_once(&s, NULL, NULL, "svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
				       "0 cpu-write 2.0\n0 cpu-read 3.0\n"))
		return 1;
	f2 = s.d->pages[2].pfn;
	CHECK(f2 > SIM_ZERO_FRAME);
	CHECK_EQ(s.d->pages[3].pfn, SIM_ZERO_FRAME);
	simt_close(&s);

	if (simt_once(&s, NULL, NULL, prog))
		return 1;
	CHECK_EQ(s.d->pages[2].pfn, SIM_NO_FRAME);	/* swapped out */
	CHECK_EQ(s.d->pages[2].swap, f2);		/* the same frame waits in swap */
	CHECK_EQ(s.d->pages[3].pfn, SIM_ZERO_FRAME);	/* skipped */
	CHECK_EQ(s.nverdicts, 0);
	simt_close(&s);
	return tap_done();
}
