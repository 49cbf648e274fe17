/*
 * KVM memslot flags limit the guest (the device), never the CPU: after a
 * slot-del, a CPU read and write of the page are fine while a device read
 * is STALE_READ; after a read-only slot, a CPU write is fine and a device
 * write is STALE_WRITE. (A run in a nested-KVM guest raised MODEL on CPU
 * accesses before the CPU got its own semantics.)
 */
#include <string.h>
#include "tap.h"
#include "trace_build.h"

static struct sf_effect slot_eff(uint8_t set, uint8_t clear)
{
	struct sf_effect e = tr_eff(SF_EFF_KEEP, SF_EFF_KEEP, SF_OBJ_KEEP, 0);

	e.flags_set = set;
	e.flags_clear = clear;
	return e;
}

int main(void)
{
	struct trace t;

	tr_init(&t, 4, SF_SEM_MIRROR);
	tr_feed(&t, tr_mut(SF_OP_SLOT_DEL, 0, 1, 10, 20, slot_eff(SF_PS_NO_SLOT, 0)));
	tr_feed(&t, tr_mut(SF_OP_SLOT_FLAGS, 1, 1, 30, 40,
			   slot_eff(SF_PS_SLOT_RO, SF_PS_NO_SLOT | SF_PS_LOG_DIRTY)));
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_WRITE, 0, 0, 100, 110, SF_OK, 0x8000000000000001ull)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_READ, 0, 0, 120, 130, SF_OK, 0x8000000000000001ull)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_WRITE, 1, 0, 140, 150, SF_OK, 0x8000000000000002ull)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.nv, 0);

	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 0, 200, 210, SF_OK, 0x8000000000000001ull)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 1, 1, 220, 230, SF_OK, 0x8000000000000003ull)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 1, 0, 240, 250, SF_OK, 0x8000000000000002ull)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_STALE_READ], 1);
	CHECK_EQ(t.count[SF_V_STALE_WRITE], 1);
	CHECK_EQ(t.count[SF_V_MODEL], 0);
	CHECK_EQ(t.nv, 2);
	tr_free(&t);
	return tap_done();
}
