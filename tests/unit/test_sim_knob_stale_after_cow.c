/* After a migration the device keeps the old frame: its write is lost to the CPU: LOST_WRITE. */
#include "tap.h"
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 cpu-write 2.0\n"
	"0 dev-write 2.1\n"	/* a writable IOTLB entry */
	"0 migrate 2+1 1\n"
	"0 dev-write 2.2\n"	/* op 3 */
	"0 cpu-read 2.2\n";	/* op 4 */

int main(void)
{
	struct simt s;
	const struct sf_event *w, *r;

	if (simt_open(&s, NULL, NULL, 1) || simt_parse(&s, prog))
		return 1;
	CHECK_EQ(simt_run(&s), 0);
	w = simt_event(&s, 3, SF_EV_ACCESS);
	r = simt_event(&s, 4, SF_EV_ACCESS);
	CHECK(w && r && r->value == w->value);
	CHECK_EQ(s.nverdicts, 0);
	simt_close(&s);

	if (simt_open(&s, "stale-after-cow", NULL, 1) || simt_parse(&s, prog))
		return 1;
	CHECK_EQ(simt_run(&s), 0);
	w = simt_event(&s, 3, SF_EV_ACCESS);
	r = simt_event(&s, 4, SF_EV_ACCESS);
	CHECK(w && w->outcome == SF_OK);
	CHECK(w && r && r->value != w->value);
	CHECK_EQ(s.verdicts[SF_V_LOST_WRITE], 1);
	simt_close(&s);
	return tap_done();
}
