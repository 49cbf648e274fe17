/* The invalidated range stops one page short: the last page of an munmap stays readable: STALE_READ. */
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 cpu-write 2.0\n"
	"0 cpu-write 3.0\n"
	"0 dev-read 2.0\n"
	"0 dev-read 3.0\n"
	"0 munmap 2+2\n"
	"0 dev-read 2.1\n"	/* op 5 */
	"0 dev-read 3.1\n";	/* op 6 */

int main(void)
{
	static const struct simt_expect clean[] = { { 5, SF_FAULT }, { 6, SF_FAULT } };
	static const struct simt_expect buggy[] = { { 5, SF_FAULT }, { 6, SF_OK } };

	simt_check(NULL, prog, clean, 2, SF_V__COUNT, 0);
	simt_check("range-end-off-by-one", prog, buggy, 2, SF_V_STALE_READ, 1);
	return tap_done();
}
