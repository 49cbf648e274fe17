/* After munmap + mmap (fresh content) a read sees 0; the old value is STALE_READ. */
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;

	tr_init(&t, 2, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_WRITE, 0, 5, 10, 20, SF_OK, 0x55)), 0);
	CHECK_EQ(tr_feed(&t, tr_munmap(0, 1, 30, 40)), 0);
	CHECK_EQ(tr_feed(&t, tr_mmap(0, 1, SF_PROT_R | SF_PROT_W, 50, 60)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 5, 70, 80, SF_OK, 0)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 0);
	CHECK(sf_oracle_page(t.o, 0).obj >= (1ull << 62));	/* a fresh id */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 5, 90, 100, SF_OK, 0x55)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_STALE_READ], 1);
	CHECK_EQ(tr_total(&t), 1);
	tr_free(&t);
	return tap_done();
}
