/*
 * Findings dedupe by signature (verdict kind, access op, the op of the
 * cause the oracle names, backend): duplicates are counted, not listed;
 * at most SF_FINDING_KEEP folders per signature; the candidate mutations
 * (finding.json "mutations", no longer part of the key) are those
 * overlapping the access plus the last one before it.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "findings.h"
#include "tap.h"

static struct sf_event mut(uint64_t t0, uint64_t t1, enum sf_op op, uint32_t page, uint32_t n)
{
	struct sf_event e;

	memset(&e, 0, sizeof(e));
	e.t0 = t0;
	e.t1 = t1;
	e.kind = SF_EV_MUTATION;
	e.op = op;
	e.page = page;
	e.npages = n;
	return e;
}

static int exists(const char *dir, const char *rel)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	return stat(path, &st) == 0;
}

int main(void)
{
	struct sf_evring *r = sf_evring_new(6);	/* 64 events: wraps below */
	struct sf_findings *fs = sf_findings_new();
	struct sf_pending *p = calloc(1, sizeof(*p));
	char dir[] = "/tmp/sf_fd_XXXXXX";
	struct sf_seq prog;
	struct sf_finding_ctx ctx = { .backend = "sim", .knob = "no-downgrade-inval", .arch = "" };
	struct sf_event e;

	CHECK(r && fs && p && mkdtemp(dir));
	sf_seq_init(&prog);
	prog.arena_pages = 8;
	prog.nthreads = 2;
	ctx.prog = &prog;
	ctx.run_dir = dir;
	/* noise on other pages pushes early events out of the ring */
	for (unsigned i = 0; i < 100; i++) {
		e = mut(i, i + 1, SF_OP_MLOCK, 5, 1);
		sf_evring_put(r, &e);
	}
	e = mut(200, 210, SF_OP_MMAP, 1, 2);		/* before the base: not a candidate */
	sf_evring_put(r, &e);
	e = mut(300, 310, SF_OP_MPROTECT, 0, 4);	/* the base state before the access */
	sf_evring_put(r, &e);
	e = mut(320, 340, SF_OP_MUNMAP, 2, 1);		/* overlaps the access, other page */
	sf_evring_put(r, &e);
	e = mut(325, 345, SF_OP_MADVISE, 1, 1);		/* overlaps the access */
	sf_evring_put(r, &e);
	memset(&e, 0, sizeof(e));
	e.t0 = 330;
	e.t1 = 350;
	e.kind = SF_EV_ACCESS;
	e.op = SF_OP_DEV_WRITE;
	e.page = 1;
	e.npages = 1;
	sf_evring_put(r, &e);

	memset(p, 0, sizeof(*p));
	p->v.kind = SF_V_STALE_WRITE;
	p->v.access = e;
	snprintf(p->v.why, sizeof(p->v.why), "test");
	sf_pending_fill(p, r);
	CHECK_EQ(p->mut_ops, (1u << SF_OP_MPROTECT) | (1u << SF_OP_MADVISE));
	CHECK_EQ(p->nev, 4);			/* mmap, mprotect, madvise, the access */
	CHECK(p->ev[0].t0 < p->ev[p->nev - 1].t0);	/* oldest first */

	for (unsigned i = 0; i < 5; i++)
		CHECK_EQ(sf_findings_add(fs, p, &ctx), i == 0);
	CHECK_EQ(fs->n, 1);
	CHECK_EQ(fs->f[0].count, 5);
	CHECK_EQ(fs->f[0].saved, SF_FINDING_KEEP);
	CHECK(exists(dir, "findings/001-STALE_WRITE/finding.json"));
	CHECK(exists(dir, "findings/001-STALE_WRITE/repro.sva"));
	CHECK(exists(dir, "findings/001-STALE_WRITE/replay.sh"));
	CHECK(exists(dir, "findings/001-STALE_WRITE/events.jsonl"));
	CHECK(exists(dir, "findings/003-STALE_WRITE"));
	CHECK(!exists(dir, "findings/004-STALE_WRITE"));
	CHECK(!strcmp(fs->f[0].dir, "findings/001-STALE_WRITE"));

	/* another access op is another finding; another mutation mix is not
	 * (the program's shape), another cause is */
	p->v.access.op = SF_OP_DEV_READ;
	CHECK_EQ(sf_findings_add(fs, p, &ctx), 1);
	p->mut_ops = 1u << SF_OP_MUNMAP;
	CHECK_EQ(sf_findings_add(fs, p, &ctx), 0);
	p->v.ncause = 1;
	p->v.cause[0].op = SF_OP_MUNMAP;
	CHECK_EQ(sf_findings_add(fs, p, &ctx), 1);
	p->v.kind = SF_V_STALE_READ;
	CHECK_EQ(sf_findings_add(fs, p, &ctx), 1);
	CHECK_EQ(fs->n, 4);
	CHECK_EQ(fs->verdicts, 9);
	CHECK(!strcmp(fs->f[3].sig, "STALE_READ/dev-read/munmap/sim"));
	CHECK(fs->t_first_s >= 0);
	sf_findings_free(fs);
	sf_evring_free(r);
	free(p);
	return tap_done();
}
