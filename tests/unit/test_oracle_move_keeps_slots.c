/*
 * mremap moves a mapping and its content to other virtual pages, but KVM
 * memslots map guest-physical positions: the destination keeps its own
 * memslot flags. (A nested-KVM run raised a false STALE_WRITE when the
 * destination inherited the source's read-only slot.)
 */
#include <string.h>
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;
	struct sf_effect ro = tr_eff(SF_EFF_KEEP, SF_EFF_KEEP, SF_OBJ_KEEP, 0);

	ro.flags_set = SF_PS_SLOT_RO;
	tr_init(&t, 8, SF_SEM_MIRROR);
	tr_feed(&t, tr_mut(SF_OP_SLOT_FLAGS, 0, 2, 10, 20, ro));	/* pages 0-1: read-only slot */
	tr_feed(&t, tr_munmap(4, 2, 30, 40));
	tr_feed(&t, tr_move(4, 2, 0, 50, 60));				/* 0-1 move to 4-5 */
	tr_feed(&t, tr_munmap(0, 2, 50, 60));
	/* 4-5 sit in a writable slot: a device write there is fine */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 4, 0, 100, 110, SF_OK, 0x8000000000000001ull)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.nv, 0);
	CHECK(!(sf_oracle_page(t.o, 4).flags & SF_PS_SLOT_RO));
	CHECK(sf_oracle_page(t.o, 0).flags & SF_PS_SLOT_RO);
	/* and a write to the read-only slot's position is still stale */
	tr_feed(&t, tr_mmap(0, 1, SF_PROT_R | SF_PROT_W, 200, 210));
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 0, 0, 300, 310, SF_OK, 0x8000000000000002ull)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_STALE_WRITE], 1);
	tr_free(&t);
	return tap_done();
}
