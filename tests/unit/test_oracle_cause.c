/*
 * A verdict names the mutation that made the state the access violated,
 * not the page's latest change: mprotect(none) then munlock names the
 * mprotect (even after the records between were dropped); a write after
 * mprotect(r), mprotect(none) names the first; fork then an upgrade names
 * both; a replaced content names its replacement; a device write that
 * succeeded after the fork takes the fork out of the chain.
 */
#include <stdio.h>
#include "tap.h"
#include "trace_build.h"

static struct sf_event keep(enum sf_op op, uint32_t page, uint32_t n, uint64_t t0, uint64_t t1)
{
	return tr_mut(op, page, n, t0, t1, tr_eff(SF_EFF_KEEP, SF_EFF_KEEP, SF_OBJ_KEEP, 0));
}

static void mprotect_then_munlock(void)
{
	struct trace t;

	tr_init(&t, 8, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_mprotect(0, 4, 0, 1000, 1100)), 0);
	/* many later changes that keep PROT_NONE: the early records are dropped */
	for (unsigned i = 0; i < 100; i++)
		CHECK_EQ(tr_feed(&t, keep(i % 2 ? SF_OP_MUNLOCK : SF_OP_MLOCK, 0, 2,
					   2000 + 20 * i, 2010 + 20 * i)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 1, 0, 5000, 5010, SF_OK, 0)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 1);
	CHECK_EQ(t.v[0].kind, SF_V_STALE_READ);
	CHECK_EQ(t.v[0].ncause, 1);
	CHECK_EQ(t.v[0].cause[0].op, SF_OP_MPROTECT);
	CHECK_EQ(t.v[0].cause[0].role, SF_CAUSE_REVOKED);
	CHECK_EQ(t.v[0].cause[0].t0, 1000);
	CHECK_EQ(t.v[0].cause[0].t1, 1100);
	CHECK_EQ(t.v[0].cause[0].page, 0);
	CHECK_EQ(t.v[0].cause[0].npages, 4);
	CHECK(strstr(t.v[0].why, "cause: mprotect of pages 0-3 at [1000,1100] removed read access"));
	CHECK(strstr(t.v[0].why, "latest change: munlock") != NULL);
	tr_free(&t);
}

static void write_names_first_downgrade(void)
{
	struct trace t;

	tr_init(&t, 4, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_mprotect(2, 1, SF_PROT_R, 100, 200)), 0);
	CHECK_EQ(tr_feed(&t, tr_mprotect(2, 1, 0, 300, 400)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 2, 0, 500, 510, SF_OK, 7)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 1);
	CHECK_EQ(t.v[0].kind, SF_V_STALE_WRITE);
	CHECK_EQ(t.v[0].cause[0].t0, 100);	/* write went away with the first */
	tr_free(&t);
}

static void fork_then_upgrade(void)
{
	struct trace t;

	tr_init(&t, 8, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_mprotect(2, 1, SF_PROT_R, 100, 200)), 0);
	/* the fork's range does not hold page 2: it write-protects it anyway */
	CHECK_EQ(tr_feed(&t, keep(SF_OP_FORK, 5, 2, 300, 400)), 0);
	CHECK_EQ(tr_feed(&t, tr_mprotect(2, 1, SF_PROT_R | SF_PROT_W, 500, 600)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 2, 0, 700, 800, SF_FAULT_LOOP, 0)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 1);
	CHECK_EQ(t.v[0].kind, SF_V_FAULT_LOOP);
	CHECK_EQ(t.v[0].ncause, 2);
	CHECK_EQ(t.v[0].cause[0].op, SF_OP_FORK);
	CHECK_EQ(t.v[0].cause[0].role, SF_CAUSE_WRPROTECT);
	CHECK_EQ(t.v[0].cause[1].op, SF_OP_MPROTECT);
	CHECK_EQ(t.v[0].cause[1].role, SF_CAUSE_GRANTED);
	CHECK(strstr(t.v[0].why, "cause: fork of pages 5-6 at [300,400] write-protected every "
		     "private page (COW), then mprotect of page 2 at [500,600] granted write"));
	tr_free(&t);
}

static void device_write_after_fork(void)
{
	struct trace t;

	tr_init(&t, 8, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, keep(SF_OP_FORK, 5, 1, 300, 400)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 3, 0, 450, 460, SF_OK, 1)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 3, 1, 700, 800, SF_FAULT, 0)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 1);
	CHECK_EQ(t.v[0].kind, SF_V_SPURIOUS_FAULT);
	CHECK_EQ(t.v[0].ncause, 1);
	CHECK(t.v[0].cause[0].initial);
	tr_free(&t);
}

static void replaced_content(void)
{
	struct trace t;

	tr_init(&t, 4, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 1, 0, 10, 20, SF_OK, 0x55)), 0);
	CHECK_EQ(tr_feed(&t, tr_mut(SF_OP_MADVISE, 1, 1, 100, 200,
				    tr_eff(SF_EFF_KEEP, SF_EFF_KEEP, SF_OBJ_FRESH, 0))), 0);
	CHECK_EQ(tr_feed(&t, keep(SF_OP_MLOCK, 0, 4, 300, 310)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 1, 0, 400, 410, SF_OK, 0x55)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 1);
	CHECK_EQ(t.v[0].kind, SF_V_STALE_READ);
	CHECK_EQ(t.v[0].cause[0].op, SF_OP_MADVISE);
	CHECK_EQ(t.v[0].cause[0].role, SF_CAUSE_REPLACED);
	tr_free(&t);
}

/* A why that does not fit is cut at a token and says so. */
static void why_cut_at_token(void)
{
	char src[300], dst[64];

	memset(src, 0, sizeof(src));
	for (unsigned i = 0; i < 40; i++)
		strcat(src, "token ");
	sf_text_fit(dst, sizeof(dst), src);
	CHECK(strlen(dst) < sizeof(dst));
	CHECK(strstr(dst, "token\xe2\x80\xa6") != NULL);
	CHECK(!strstr(dst, "tok\xe2") || strstr(dst, "token\xe2"));
	sf_text_fit(dst, sizeof(dst), "short");
	CHECK(!strcmp(dst, "short"));
}

int main(void)
{
	mprotect_then_munlock();
	write_names_first_downgrade();
	fork_then_upgrade();
	device_write_after_fork();
	replaced_content();
	why_cut_at_token();
	return tap_done();
}
