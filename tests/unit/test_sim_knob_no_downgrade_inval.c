/* Without the invalidation of a downgrade the device keeps writing through a stale entry: STALE_WRITE. */
#include "tap.h"
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 cpu-write 2.0\n"
	"0 dev-read 2.0\n"
	"0 mprotect 2+1 r\n"
	"0 dev-write 2.1\n";

int main(void)
{
	struct simt s;
	const struct sf_event *w;

	if (simt_open(&s, NULL, NULL, 1) || simt_parse(&s, prog))
		return 1;
	CHECK_EQ(simt_run(&s), 0);
	w = simt_event(&s, 3, SF_EV_ACCESS);
	CHECK(w && w->outcome == SF_FAULT);
	CHECK_EQ(s.nverdicts, 0);
	simt_close(&s);

	if (simt_open(&s, "no-downgrade-inval", NULL, 1) || simt_parse(&s, prog))
		return 1;
	CHECK_EQ(simt_run(&s), 0);
	w = simt_event(&s, 3, SF_EV_ACCESS);
	CHECK(w && w->outcome == SF_OK);
	CHECK_EQ(s.verdicts[SF_V_STALE_WRITE], 1);
	simt_close(&s);
	return tap_done();
}
