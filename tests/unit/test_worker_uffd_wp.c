/*
 * uffd-wp on: a CPU write to the page blocks until the handler thread
 * un-protects it (so it takes at least the hold time) and succeeds;
 * the model flags the page; off clears the flag.
 */
#include "tap.h"
#include "clock.h"
#include "worker_test.h"

int main(void)
{
	struct sf_arena a;
	struct wt_events w;
	struct sf_event ev, acc;
	char why[128];

	wt_open(&a, 8);
	if (sf_worker_for(SF_OP_UFFD_WP)->supported(why, sizeof(why))) {
		printf("uffd-wp unsupported here: %s\n", why);
		sf_arena_close(&a);
		return tap_done();
	}
	wt_cpu(&a, 1, 2, 0, 1);		/* populate: a present page to protect */
	ev = wt_run(&a, &w, SF_OP_UFFD_WP, 2, 1, 1, 0, 0);
	CHECK_EQ(ev.outcome, SF_OK);
	CHECK_EQ(ev.eff.flags_set, SF_PS_UFFD_WP);
	CHECK(a.model[2].flags & SF_PS_UFFD_WP);
	acc = wt_cpu(&a, 1, 2, 0, 0x5151);
	CHECK_EQ(acc.outcome, SF_OK);
	CHECK(acc.t1 - acc.t0 >= 20000);	/* blocked for the handler's hold */
	CHECK_EQ(a.counters[SF_ARENA_CNT_UFFD_FAULTS], 1);
	CHECK_EQ(wt_cpu(&a, 0, 2, 0, 0).value, 0x5151);
	acc = wt_cpu(&a, 1, 3, 0, 1);		/* a page never protected: no fault */
	CHECK_EQ(a.counters[SF_ARENA_CNT_UFFD_FAULTS], 1);
	ev = wt_run(&a, &w, SF_OP_UFFD_WP, 2, 1, 0, 0, 0);
	CHECK_EQ(ev.outcome, SF_OK);
	CHECK_EQ(ev.eff.flags_clear, SF_PS_UFFD_WP);
	CHECK(!(a.model[2].flags & SF_PS_UFFD_WP));
	sf_arena_close(&a);
	return tap_done();
}
