/* stats() counts scheduler steps, IOTLB hits and misses, invalidations and fault rounds. */
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 2\nseed 1\n"
	"0 dev-read 1.0\n"	/* miss: not present -> fault round -> walk */
	"0 dev-read 1.1\n"	/* hit */
	"1 delay 500\n"
	"1 mprotect 1+1 r\n";

int main(void)
{
	struct simt s;
	struct sf_be_stats a, b;

	if (simt_once(&s, NULL, NULL, prog))
		return 1;
	s.be->stats(s.d, &a);
	CHECK(a.steps >= 7);
	CHECK(a.iotlb_misses >= 2);
	CHECK(a.iotlb_hits >= 1);
	CHECK(a.fault_retries >= 1);
	CHECK(a.invalidations >= 1);
	CHECK_EQ(simt_run(&s), 0);
	s.be->stats(s.d, &b);
	CHECK_EQ(b.steps, 2 * a.steps);	/* cumulative, and the same run again */
	simt_close(&s);
	return tap_done();
}
