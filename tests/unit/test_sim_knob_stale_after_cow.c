/* After a migration the device keeps the old frame: its write is lost to the CPU: LOST_WRITE. */
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 cpu-write 2.0\n"
	"0 dev-write 2.1\n"	/* a writable IOTLB entry */
	"0 migrate 2+1 1\n"
	"0 dev-write 2.2\n"	/* op 3 */
	"0 cpu-read 2.2\n";	/* op 4 */

/* Did the CPU read back what the device wrote? */
static int read_back(const char *knob, unsigned long *lost)
{
	struct simt s;
	const struct sf_event *w, *r;
	int same;

	if (simt_once(&s, knob, NULL, prog))
		return -1;
	w = simt_event(&s, 3, SF_EV_ACCESS);
	r = simt_event(&s, 4, SF_EV_ACCESS);
	same = w && r && w->outcome == SF_OK && r->value == w->value;
	*lost = s.verdicts[SF_V_LOST_WRITE];
	CHECK_EQ(s.nverdicts, *lost);
	simt_close(&s);
	return same;
}

int main(void)
{
	unsigned long lost;

	CHECK_EQ(read_back(NULL, &lost), 1);
	CHECK_EQ(lost, 0);
	CHECK_EQ(read_back("stale-after-cow", &lost), 0);
	CHECK_EQ(lost, 1);
	return tap_done();
}
