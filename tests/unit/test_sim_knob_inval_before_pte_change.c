/*
 * Invalidating before the PTE changes lets a device walk in between cache
 * the old writable entry again: some interleaving gives STALE_WRITE; the
 * same interleavings on a correct kernel give nothing.
 */
#include "test_sim_util.h"

static const char head[] = "svafuzz-sequence 1\narena 4\nthreads 2\nseed %u\n";
static const char body[] =
	"0 cpu-write 1.0\n"
	"0 barrier 1\n"
	"1 barrier 1\n"
	"0 mprotect 1+1 r\n"
	"1 dev-read 1.1\n1 dev-read 1.2\n1 dev-read 1.3\n1 dev-read 1.4\n"
	"1 dev-write 1.5\n1 dev-write 1.6\n1 dev-write 1.7\n1 dev-write 1.5\n"
	"1 dev-write 1.6\n1 dev-write 1.7\n1 dev-write 1.5\n1 dev-write 1.6\n";

static unsigned long stale_over_seeds(const char *knob, unsigned long *other)
{
	unsigned long stale = 0;
	char text[1024];
	struct simt s;

	*other = 0;
	for (unsigned seed = 1; seed <= 200; seed++) {
		snprintf(text, sizeof(text), head, seed);
		strncat(text, body, sizeof(text) - strlen(text) - 1);
		if (simt_open(&s, knob, NULL, seed) || simt_parse(&s, text))
			return 0;
		CHECK_EQ(simt_run(&s), 0);
		stale += s.verdicts[SF_V_STALE_WRITE] + s.verdicts[SF_V_STALE_READ];
		*other += s.nverdicts - s.verdicts[SF_V_STALE_WRITE] - s.verdicts[SF_V_STALE_READ];
		simt_close(&s);
	}
	return stale;
}

int main(void)
{
	unsigned long other;

	CHECK_EQ(stale_over_seeds(NULL, &other), 0);
	CHECK_EQ(other, 0);
	CHECK(stale_over_seeds("inval-before-pte-change", &other) > 0);
	return tap_done();
}
