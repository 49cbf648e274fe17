/*
 * Folder policy: many verdicts of many keys must not use up the folders a
 * later new finding needs. Repeats of a key get folders only while the
 * run has fewer than SF_FINDING_COPY_FOLDERS; the first verdict of every
 * key always gets one, with repro.sva in it.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "findings.h"
#include "tap.h"

#define KEYS 120	/* x SF_FINDING_KEEP verdicts: more than 300 folders' worth */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static long fsize(const char *dir, const char *rel)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s/repro.sva", dir, rel);
	return stat(path, &st) ? -1 : (long)st.st_size;
}

/* One verdict of key k (keys differ by their cause and access op). */
static void add(struct sf_findings *fs, struct sf_pending *p, const struct sf_finding_ctx *ctx,
		uint32_t k)
{
	p->v.ncause = 1;
	p->v.cause[0].op = (uint16_t)(k % SF_OP_DEV_READ);
	p->v.access.op = (uint16_t)(SF_OP_DEV_READ + (k / SF_OP_DEV_READ) % 4);
	p->v.kind = (enum sf_verdict_kind)(k / (SF_OP_DEV_READ * 4));
	CHECK(sf_findings_add(fs, p, ctx) >= 0);
}

int main(void)
{
	struct sf_findings *fs = sf_findings_new();
	struct sf_pending *p = calloc(1, sizeof(*p));
	char dir[] = "/tmp/sf_fp_XXXXXX";
	struct sf_seq prog;
	struct sf_finding_ctx ctx = { .backend = "sim", .knob = "no-upgrade-inval", .arch = "" };
	const struct sf_finding *last;
	unsigned saved_all = 0;

	CHECK(fs && p && mkdtemp(dir));
	sf_seq_init(&prog);
	prog.arena_pages = 8;
	prog.nthreads = 2;
	ctx.prog = &prog;
	ctx.run_dir = dir;
	p->v.kind = SF_V_SPURIOUS_FAULT;
	p->v.access.kind = SF_EV_ACCESS;
	p->v.access.op = SF_OP_DEV_WRITE;
	snprintf(p->v.why, sizeof(p->v.why), "test");

	for (uint32_t k = 0; k < KEYS; k++)
		for (unsigned i = 0; i < SF_FINDING_KEEP; i++)
			add(fs, p, &ctx, k);
	add(fs, p, &ctx, KEYS);		/* the new key, after all the repeats */
	CHECK_EQ(fs->n, KEYS + 1);

	last = &fs->f[fs->n - 1];
	CHECK(last->dir[0] != 0);
	CHECK_EQ(last->saved, 1);
	CHECK(fsize(dir, last->dir) > 0);
	for (size_t i = 0; i < fs->n; i++)
		saved_all += fs->f[i].dir[0] && fsize(dir, fs->f[i].dir) > 0;
	CHECK_EQ(saved_all, KEYS + 1);	/* every key has its folder and reproducer */
	/* repeats stopped once the folders reached the bound */
	CHECK(fs->folders <= SF_FINDING_COPY_FOLDERS + KEYS + 1);
	CHECK(fs->folders >= SF_FINDING_COPY_FOLDERS);
	CHECK_EQ(fs->f[0].saved, SF_FINDING_KEEP);	/* early keys kept their copies */

	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	sf_findings_free(fs);
	free(p);
	return tap_done();
}
