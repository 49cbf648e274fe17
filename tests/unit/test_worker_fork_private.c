/* fork: the child's write to a private page goes to its own copy; the parent's content is unchanged; COW flagged. */
#include "tap.h"
#include "worker_test.h"

int main(void)
{
	struct sf_arena a;
	struct wt_events w;
	struct sf_event ev, acc;

	wt_open(&a, 8);
	wt_cpu(&a, 1, 2, 0, 0x4242);
	ev = wt_run(&a, &w, SF_OP_FORK, 1, 3, 0, 0, 0);
	CHECK_EQ(ev.outcome, SF_OK);
	CHECK_EQ(w.n, 1);			/* no CPU write events: private copies */
	CHECK_EQ(ev.kind, SF_EV_MUTATION);
	CHECK_EQ(ev.eff.flags_set, SF_PS_COW);
	CHECK_EQ(ev.eff.obj_mode, SF_OBJ_KEEP);
	CHECK_EQ(*a.fork_done, 3);		/* the child did write all three */
	acc = wt_cpu(&a, 0, 2, 0, 0);
	CHECK_EQ(acc.value, 0x4242);
	acc = wt_cpu(&a, 0, 3, 0, 0);
	CHECK_EQ(acc.value, 0);
	sf_arena_close(&a);
	return tap_done();
}
