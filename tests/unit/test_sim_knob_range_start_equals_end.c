/* An empty notifier range invalidates nothing: a write after munmap still lands: STALE_WRITE. */
#include "tap.h"
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 cpu-write 4.0\n"
	"0 dev-read 4.0\n"
	"0 munmap 4+1\n"
	"0 dev-write 4.1\n";

int main(void)
{
	struct simt s;

	if (simt_open(&s, NULL, NULL, 1) || simt_parse(&s, prog))
		return 1;
	CHECK_EQ(simt_run(&s), 0);
	CHECK_EQ(s.nverdicts, 0);
	CHECK(!s.d->pages[4].tlb_valid);
	simt_close(&s);

	if (simt_open(&s, "range-start-equals-end", NULL, 1) || simt_parse(&s, prog))
		return 1;
	CHECK_EQ(simt_run(&s), 0);
	CHECK_EQ(s.verdicts[SF_V_STALE_WRITE], 1);
	CHECK(s.d->pages[4].tlb_valid);
	simt_close(&s);
	return tap_done();
}
