/*
 * Reads a host may have emulated byte by byte (SF_EVF_MAY_TEAR): a value
 * made of bytes of the values the word held during the read is explained;
 * the same value without the flag is a verdict; a flagged value with a
 * byte no candidate value had is still a STALE_READ. A CPU read that
 * overlaps a flagged (emulated) write may see it half done.
 * (The torn read of ../shared/findings/2026-12-06-kvm-torn-read.)
 */
#include "tap.h"
#include "trace_build.h"

#define OLD 0x0000000000000000ull
#define NEW 0xdd4a934b0000001full
#define TORN 0xdd00000000000000ull	/* byte 7 new, bytes 0-6 old */

static struct sf_event flagged(struct sf_event e)
{
	e.flags |= SF_EVF_MAY_TEAR;
	return e;
}

/* Verdicts for: word 0 of page 0 born 0; NEW written at [100,300]; then read. */
static unsigned judge(struct sf_event read, struct sf_event write)
{
	struct trace t;
	unsigned n;

	tr_init(&t, 1, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, write), 0);
	CHECK_EQ(tr_feed(&t, read), 0);
	sf_oracle_finish(t.o);
	n = tr_total(&t);
	/* a device read gives STALE_READ; a CPU read MODEL (the CPU saw what cannot be) */
	CHECK_EQ(t.count[SF_V_STALE_READ] + t.count[SF_V_MODEL], n);
	tr_free(&t);
	return n;
}

int main(void)
{
	struct sf_event w = tr_access(SF_OP_DEV_WRITE, 0, 0, 100, 300, SF_OK, NEW);
	struct sf_event r = tr_access(SF_OP_DEV_READ, 0, 0, 150, 250, SF_OK, TORN);

	(void)OLD;
	/* whole-word accesses: a byte mix is stale */
	CHECK_EQ(judge(r, w), 1);
	/* the read may have been a byte copy racing the write */
	CHECK_EQ(judge(flagged(r), w), 0);
	/* a byte (0x77) no value of the word ever had: stale even torn */
	r.value = 0xdd00000000770000ull;
	CHECK_EQ(judge(flagged(r), w), 1);
	/* a torn read after the write ended: only NEW was there */
	r = tr_access(SF_OP_DEV_READ, 0, 0, 400, 410, SF_OK, TORN);
	CHECK_EQ(judge(flagged(r), w), 1);
	/* a native CPU read overlapping an emulated write may see it half done */
	r = tr_access(SF_OP_CPU_READ, 0, 0, 150, 250, SF_OK, 0x000000000000001full);
	CHECK_EQ(judge(r, w), 1);
	CHECK_EQ(judge(r, flagged(w)), 0);
	return tap_done();
}
