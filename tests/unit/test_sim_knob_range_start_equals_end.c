/* An empty notifier range invalidates nothing: a write after munmap still lands: STALE_WRITE. */
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 cpu-write 4.0\n"
	"0 dev-read 4.0\n"
	"0 munmap 4+1\n"
	"0 dev-write 4.1\n";

int main(void)
{
	static const struct simt_expect clean[] = { { 3, SF_FAULT } }, buggy[] = { { 3, SF_OK } };

	simt_check(NULL, prog, clean, 1, SF_V__COUNT, 0);
	simt_check("range-start-equals-end", prog, buggy, 1, SF_V_STALE_WRITE, 1);
	return tap_done();
}
