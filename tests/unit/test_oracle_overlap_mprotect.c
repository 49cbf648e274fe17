/* An access overlapping mprotect(RW -> R) may see either state: no verdict for any outcome. */
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	static const enum sf_outcome outs[] = { SF_OK, SF_FAULT };

	for (unsigned i = 0; i < 2; i++) {
		struct trace t;

		tr_init(&t, 2, SF_SEM_MIRROR);
		CHECK_EQ(tr_feed(&t, tr_mprotect(0, 1, SF_PROT_R, 100, 200)), 0);
		/* starts inside the mprotect, ends after it */
		CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 0, 0, 150, 250, outs[i], 5)), 0);
		/* starts before it, ends inside */
		CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 0, 1, 150, 180, outs[i], 6)), 0);
		sf_oracle_finish(t.o);
		CHECK_EQ(tr_total(&t), 0);
		CHECK_EQ(tr_stats(&t)->accesses_judged, 2);
		CHECK_EQ(tr_stats(&t)->accesses_decisive, 0);
		tr_free(&t);
	}
	return tap_done();
}
