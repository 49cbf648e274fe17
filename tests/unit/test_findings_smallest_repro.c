/*
 * One signature, one finding: verdicts of one cause from programs of
 * different shapes are counted in one finding, whose folder holds the
 * smallest reproducer seen (fewest ops), with finding.json to match; the
 * first occurrence's time stays. A larger program later changes nothing.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <limits.h>
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

/* ops in DIR/REL/repro.sva: the programs here are device reads only */
static unsigned repro_ops(const char *dir, const char *rel)
{
	char path[PATH_MAX], line[512];
	unsigned n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/repro.sva", dir, rel);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, "dev-read") != NULL;
	fclose(f);
	return n;
}

static int json_has(const char *dir, const char *rel, const char *s)
{
	char path[PATH_MAX], buf[8192];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/finding.json", dir, rel);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return strstr(buf, s) != NULL;
}

static void program(struct sf_seq *s, unsigned nops)
{
	struct sf_seq_op op;

	sf_seq_init(s);
	s->arena_pages = 8;
	s->nthreads = 2;
	for (unsigned i = 0; i < nops; i++) {
		memset(&op, 0, sizeof(op));
		op.op = SF_OP_DEV_READ;
		op.thread = (uint16_t)(i % 2);
		op.page = i % 8;
		op.npages = 1;
		CHECK_EQ(sf_seq_push(s, &op), 0);
	}
}

int main(void)
{
	struct sf_findings *fs = sf_findings_new();
	struct sf_pending *p = calloc(1, sizeof(*p));
	char dir[] = "/tmp/sf_sr_XXXXXX";
	struct sf_seq big, small, mid;
	struct sf_finding_ctx ctx = { .backend = "sim", .knob = "no-upgrade-inval", .arch = "" };
	const struct sf_finding *f;

	CHECK(fs && p && mkdtemp(dir));
	program(&big, 12);
	program(&small, 3);
	program(&mid, 6);
	ctx.run_dir = dir;
	p->v.kind = SF_V_FAULT_LOOP;
	p->v.access.kind = SF_EV_ACCESS;
	p->v.access.op = SF_OP_DEV_WRITE;
	p->v.ncause = 1;
	p->v.cause[0].op = SF_OP_FORK;
	p->v.cause[0].role = SF_CAUSE_WRPROTECT;

	ctx.prog = &big;
	ctx.t_s = 1.0;
	p->mut_ops = 1u << SF_OP_FORK;
	snprintf(p->v.why, sizeof(p->v.why), "big");
	CHECK_EQ(sf_findings_add(fs, p, &ctx), 1);
	f = &fs->f[0];
	CHECK(!strcmp(f->sig, "FAULT_LOOP/dev-write/fork/sim"));
	CHECK_EQ(repro_ops(dir, f->dir), 12);

	/* another program shape, same cause: the same finding, smaller reproducer */
	ctx.prog = &small;
	ctx.t_s = 2.0;
	p->mut_ops = (1u << SF_OP_FORK) | (1u << SF_OP_MPROTECT) | (1u << SF_OP_MUNLOCK);
	snprintf(p->v.why, sizeof(p->v.why), "small");
	CHECK_EQ(sf_findings_add(fs, p, &ctx), 0);
	ctx.prog = &mid;
	ctx.t_s = 3.0;
	snprintf(p->v.why, sizeof(p->v.why), "mid");
	CHECK_EQ(sf_findings_add(fs, p, &ctx), 0);
	CHECK_EQ(fs->n, 1);
	CHECK_EQ(f->count, 3);
	CHECK_EQ(f->repro_ops, 3);
	CHECK_EQ(repro_ops(dir, f->dir), 3);
	CHECK(f->t_first_s == 1.0);
	CHECK(!strcmp(f->why, "small"));
	CHECK(json_has(dir, f->dir, "\"why\":\"small\""));
	CHECK(json_has(dir, f->dir, "\"t_first_s\":1"));
	CHECK(json_has(dir, f->dir, "\"signature\":\"FAULT_LOOP/dev-write/fork/sim\""));
	CHECK(json_has(dir, f->dir, "\"allowed\":[") );
	/* the repeat folders keep their own programs */
	CHECK_EQ(repro_ops(dir, "findings/002-FAULT_LOOP"), 3);
	CHECK_EQ(repro_ops(dir, "findings/003-FAULT_LOOP"), 6);

	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	sf_seq_free(&big);
	sf_seq_free(&small);
	sf_seq_free(&mid);
	sf_findings_free(fs);
	free(p);
	return tap_done();
}
