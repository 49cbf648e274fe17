/*
 * The iommufd backend's IOAS changes, as the oracle judges them (the
 * events src/sva/iommufd/iommufd_mutate.c makes): after an ioas-unmap
 * returned, a device read or write of the page that succeeds is a DMA
 * after unmap (STALE_READ / STALE_WRITE), and one during the unmap is
 * fine; a failed unmap changes nothing, except the pages the backend
 * found gone after it (their own event); an area mapped without
 * WRITEABLE refuses writes; a device fault on a mapped, writable page is
 * SPURIOUS_FAULT; the CPU never cares about the IOAS.
 */
#include "tap.h"
#include "trace_build.h"

#define V1 0x8000000000000001ull

static struct sf_effect gate(uint8_t set, uint8_t clear)
{
	struct sf_effect e = tr_eff(SF_EFF_KEEP, SF_EFF_KEEP, SF_OBJ_KEEP, 0);

	e.flags_set = set;
	e.flags_clear = clear;
	return e;
}

static struct sf_event unmapped(uint32_t page, uint32_t n, uint64_t t0, uint64_t t1)
{
	return tr_mut(SF_OP_IOAS_UNMAP, page, n, t0, t1,
		      gate(SF_PS_NO_SLOT, SF_PS_SLOT_RO | SF_PS_LOG_DIRTY));
}

static struct sf_event mapped(uint32_t page, uint32_t n, int writeable, uint64_t t0, uint64_t t1)
{
	uint8_t set = writeable ? 0 : SF_PS_SLOT_RO;
	uint8_t all = SF_PS_NO_SLOT | SF_PS_SLOT_RO | SF_PS_LOG_DIRTY;

	return tr_mut(SF_OP_IOAS_MAP, page, n, t0, t1, gate(set, all & ~set));
}

static void dma_after_unmap(void)
{
	struct trace t;

	tr_init(&t, 8, SF_SEM_MIRROR);
	tr_feed(&t, unmapped(0, 2, 100, 200));
	/* overlapping the unmap: either state, no verdict */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 0, 150, 250, SF_OK, 0)), 0);
	/* after it returned: the IOVA has no area */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 1, 300, 310, SF_OK, 0)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 1, 1, 320, 330, SF_OK, V1)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 1, 2, 340, 350, SF_FAULT, 0)), 0);
	/* the CPU does not go through the IOAS */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_WRITE, 0, 3, 360, 370, SF_OK, V1)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_STALE_READ], 1);
	CHECK_EQ(t.count[SF_V_STALE_WRITE], 1);
	CHECK_EQ(t.nv, 2);
	tr_free(&t);
}

static void failed_unmap_changes_nothing(void)
{
	struct trace t;
	struct sf_event f = unmapped(0, 4, 100, 200);

	tr_init(&t, 8, SF_SEM_MIRROR);
	f.outcome = SF_FAILED;
	f.err = 2;	/* ENOENT: the range cut an area */
	/* but page 0 was a whole area before the cut one: the backend found it gone */
	tr_feed(&t, unmapped(0, 1, 100, 210));
	tr_feed(&t, f);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 1, 0, 300, 310, SF_OK, 0)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 3, 0, 300, 310, SF_OK, V1)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 0, 320, 330, SF_OK, 0)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_STALE_READ], 1);	/* page 0 only */
	CHECK_EQ(t.nv, 1);
	tr_free(&t);
}

static void read_only_area_and_spurious_fault(void)
{
	struct trace t;

	tr_init(&t, 8, SF_SEM_MIRROR);
	tr_feed(&t, unmapped(2, 2, 100, 200));
	tr_feed(&t, mapped(2, 1, 0, 300, 400));
	tr_feed(&t, mapped(3, 1, 1, 300, 400));
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 2, 0, 500, 510, SF_OK, 0)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 2, 1, 520, 530, SF_FAULT, V1)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 2, 2, 540, 550, SF_OK, V1)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 3, 0, 560, 570, SF_OK, V1)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 3, 1, 580, 590, SF_FAULT, 0)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_STALE_WRITE], 1);
	CHECK_EQ(t.count[SF_V_SPURIOUS_FAULT], 1);
	CHECK_EQ(t.nv, 2);
	tr_free(&t);
}

int main(void)
{
	dma_after_unmap();
	failed_unmap_changes_nothing();
	read_only_area_and_spurious_fault();
	return tap_done();
}
