/*
 * One kernel bug shows through every path that changes a page: verdicts
 * of one kind on one access that differ only in their cause are one
 * distinct finding (family VERDICT/access/backend) with one entry per
 * cause, each with its own signature, count and folder. Another access
 * kind or verdict is another finding. --max-findings counts families.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "findings.h"
#include "tap.h"

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void verdict(struct sf_pending *p, enum sf_verdict_kind k, enum sf_op access,
		    enum sf_op cause)
{
	memset(&p->v, 0, sizeof(p->v));
	p->v.kind = k;
	p->v.access.kind = SF_EV_ACCESS;
	p->v.access.op = access;
	p->v.ncause = 1;
	p->v.cause[0].op = cause;
	p->v.cause[0].role = SF_CAUSE_REVOKED;
	snprintf(p->v.why, sizeof(p->v.why), "%s after %s", sf_verdict_name(k), sf_op_name(cause));
}

int main(void)
{
	struct sf_findings *fs = sf_findings_new();
	struct sf_pending *p = calloc(1, sizeof(*p));
	char dir[] = "/tmp/sf_fam_XXXXXX", fam[SF_SIGNATURE_LEN];
	struct sf_seq prog;
	struct sf_seq_op op = { .op = SF_OP_DEV_READ, .npages = 1 };
	struct sf_finding_ctx ctx = { .backend = "sim", .knob = "", .arch = "", .prog = &prog };

	CHECK(fs && p && mkdtemp(dir));
	sf_seq_init(&prog);
	prog.arena_pages = 4;
	prog.nthreads = 2;
	CHECK_EQ(sf_seq_push(&prog, &op), 0);
	ctx.run_dir = dir;

	verdict(p, SF_V_STALE_READ, SF_OP_DEV_READ, SF_OP_MUNMAP);
	CHECK(!strcmp(sf_finding_family(&p->v, "sim", fam, sizeof(fam)), "STALE_READ/dev-read/sim"));
	CHECK_EQ(sf_findings_add(fs, p, &ctx), 1);
	verdict(p, SF_V_STALE_READ, SF_OP_DEV_READ, SF_OP_MPROTECT);
	CHECK_EQ(sf_findings_add(fs, p, &ctx), 1);	/* a new cause: printed, own folder */
	CHECK_EQ(sf_findings_add(fs, p, &ctx), 0);
	CHECK_EQ(fs->n, 2);
	CHECK_EQ(fs->nfam, 1);
	CHECK_EQ(fs->f[0].family, 1);
	CHECK_EQ(fs->f[1].family, 1);
	CHECK(!strcmp(fs->f[1].sig, "STALE_READ/dev-read/mprotect/sim"));
	CHECK_EQ(fs->f[1].count, 2);
	CHECK(fs->f[0].dir[0] && fs->f[1].dir[0] && strcmp(fs->f[0].dir, fs->f[1].dir));

	verdict(p, SF_V_STALE_WRITE, SF_OP_DEV_WRITE, SF_OP_MUNMAP);
	CHECK_EQ(sf_findings_add(fs, p, &ctx), 1);
	verdict(p, SF_V_STALE_READ, SF_OP_CPU_READ, SF_OP_MUNMAP);
	CHECK_EQ(sf_findings_add(fs, p, &ctx), 1);
	CHECK_EQ(fs->nfam, 3);
	CHECK_EQ(fs->f[3].family, 3);

	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	sf_seq_free(&prog);
	sf_findings_free(fs);
	free(p);
	return tap_done();
}
