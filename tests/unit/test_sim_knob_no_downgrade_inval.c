/* Without the invalidation of a downgrade the device keeps writing through a stale entry: STALE_WRITE. */
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 cpu-write 2.0\n"
	"0 dev-read 2.0\n"
	"0 mprotect 2+1 r\n"
	"0 dev-write 2.1\n";

int main(void)
{
	static const struct simt_expect clean[] = { { 3, SF_FAULT } }, buggy[] = { { 3, SF_OK } };

	simt_check(NULL, prog, clean, 1, SF_V__COUNT, 0);
	simt_check("no-downgrade-inval", prog, buggy, 1, SF_V_STALE_WRITE, 1);
	return tap_done();
}
