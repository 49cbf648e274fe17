/*
 * Rights claims (SF_EVF_RIGHTS, hmm's SNAPSHOT): judged for permission
 * like a successful access of their kind, over their own interval, and
 * nothing else. A write claim after mprotect(r) returned is a
 * STALE_WRITE, a read claim after mprotect(none) a STALE_READ, a claim
 * inside the mprotect's interval none. A claim wrote nothing: a CPU read
 * of the value a write claim carried is not explained by it (MODEL), and
 * it reads no value (a read claim of 0x99 is no STALE_READ of content).
 */
#include <string.h>
#include <trace.h>	/* src/oracle/trace.h */
#include "tap.h"
#include "trace_build.h"

static struct sf_event claim(enum sf_op op, uint32_t page, uint64_t t0, uint64_t t1, uint64_t v)
{
	struct sf_event e = tr_access(op, page, 0, t0, t1, SF_OK, v);

	e.flags = SF_EVF_RIGHTS;
	return e;
}

int main(void)
{
	struct trace t;
	char buf[512];

	tr_init(&t, 4, SF_SEM_HMM);
	CHECK_EQ(tr_feed(&t, tr_mprotect(0, 1, SF_PROT_R, 10, 20)), 0);
	CHECK_EQ(tr_feed(&t, tr_mprotect(1, 1, 0, 10, 20)), 0);
	CHECK_EQ(tr_feed(&t, claim(SF_OP_DEV_WRITE, 0, 15, 16, 0)), 0);	/* in flight: fine */
	CHECK_EQ(tr_feed(&t, claim(SF_OP_DEV_READ, 0, 30, 40, 0x99)), 0);	/* r: fine */
	CHECK_EQ(tr_feed(&t, claim(SF_OP_DEV_WRITE, 0, 30, 40, 0)), 0);	/* STALE_WRITE */
	CHECK_EQ(tr_feed(&t, claim(SF_OP_DEV_READ, 1, 30, 40, 0)), 0);	/* STALE_READ */
	CHECK_EQ(tr_feed(&t, claim(SF_OP_DEV_WRITE, 2, 30, 40, 0x1234)), 0);	/* rw: fine */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_READ, 2, 0, 50, 60, SF_OK, 0x1234)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_STALE_WRITE], 1);
	CHECK_EQ(t.count[SF_V_STALE_READ], 1);
	CHECK_EQ(t.count[SF_V_MODEL], 1);	/* 0x1234 was never written */
	CHECK_EQ(tr_total(&t), 3);
	CHECK(t.nv >= 1 && strstr(t.v[0].why, "device snapshot") != NULL);
	tr_free(&t);

	/* the trace format carries the flag */
	struct sf_event e = claim(SF_OP_DEV_WRITE, 3, 1, 2, 0), back;
	char why[200];

	sf_event_json(&e, buf, sizeof(buf));
	CHECK(strstr(buf, "\"rights\":true") != NULL);
	CHECK_EQ(sf_trace_parse_event(buf, strlen(buf), &back, why, sizeof(why)), 0);
	CHECK(back.flags & SF_EVF_RIGHTS);
	return tap_done();
}
