/*
 * The 2023 arm64 seed bug: fork, the device caches a read-only entry, the
 * device write's fault makes the PTE writable without invalidating: on
 * SMMUv3 the device faults forever (FAULT_LOOP); on VT-d, which drops a
 * translation that faulted, it succeeds; a correct kernel never loops.
 */
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 cpu-write 2.0\n"
	"0 fork 2+1\n"
	"0 dev-read 2.0\n"
	"0 dev-write 2.1\n";

static void run(const char *knob, const char *arch, unsigned outcome, unsigned long loops)
{
	struct simt s;
	const struct sf_event *w;

	if (simt_open(&s, knob, arch, 1) || simt_parse(&s, prog)) {
		CHECK(0);
		return;
	}
	CHECK_EQ(simt_run(&s), 0);
	w = simt_event(&s, 3, SF_EV_ACCESS);
	CHECK(w != NULL);
	if (w)
		CHECK_EQ(w->outcome, outcome);
	CHECK_EQ(s.verdicts[SF_V_FAULT_LOOP], loops);
	CHECK_EQ(s.nverdicts, loops);
	simt_close(&s);
}

int main(void)
{
	run(NULL, NULL, SF_OK, 0);
	run("no-upgrade-inval", NULL, SF_FAULT_LOOP, 1);
	run("no-upgrade-inval", "smmuv3", SF_FAULT_LOOP, 1);
	run("no-upgrade-inval", "vtd", SF_OK, 0);
	return tap_done();
}
