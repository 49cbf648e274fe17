/* Replaying a saved sequence: see replay.h. */
#include <stdio.h>
#include <string.h>
#include "engine.h"
#include "replay.h"
#include "run.h"
#include "verdict.h"

struct replay {
	unsigned kinds;			/* 1 << verdict kind seen in this run */
	char why[240];
};

static void on_verdict(void *arg, const struct sf_verdict *v)
{
	struct replay *rp = arg;

	if (!rp->kinds)
		snprintf(rp->why, sizeof(rp->why), "%s", v->why);
	rp->kinds |= 1u << v->kind;
}

/* The backend, knob and arch to replay on: overrides first, then the header. */
static void replay_opts(const struct sf_seq *prog, const struct sf_run_opts *ov,
			struct sf_run_opts *o)
{
	sf_run_opts_defaults(o);
	snprintf(o->backend, sizeof(o->backend), "%s", prog->backend[0] ? prog->backend : "auto");
	snprintf(o->knob, sizeof(o->knob), "%s", prog->knob);
	snprintf(o->arch, sizeof(o->arch), "%s", prog->arch);
	if (!ov)
		return;
	if (ov->backend[0] && strcmp(ov->backend, "auto"))
		snprintf(o->backend, sizeof(o->backend), "%s", ov->backend);
	if (ov->knob[0])
		snprintf(o->knob, sizeof(o->knob), "%s", ov->knob);
	if (ov->arch[0])
		snprintf(o->arch, sizeof(o->arch), "%s", ov->arch);
}

static int replay_n(const struct sf_seq *prog, unsigned times, const struct sf_run_opts *ov,
		    unsigned *reproduced, bool verbose)
{
	struct sf_run_opts o;
	const struct sf_backend_ops *be = NULL;
	struct sf_exec x;
	struct replay rp;
	struct sf_prog_hooks hooks = { NULL, on_verdict, &rp, NULL };
	int expect = prog->expect[0] ? sf_verdict_from_name(prog->expect) : -1;
	unsigned seen = 0;
	char err[256] = "";
	int rc;

	*reproduced = 0;
	replay_opts(prog, ov, &o);
	if (prog->expect[0] && expect < 0) {
		fprintf(stderr, "svafuzz: replay: unknown expected verdict '%s'\n", prog->expect);
		return SF_EXIT_USAGE;
	}
	rc = sf_run_check_sizes(prog->arena_pages, prog->nthreads < 2 ? 2 : prog->nthreads, 1);
	if (!rc)
		rc = sf_run_pick_backend(&o, &be, err, sizeof(err));
	if (rc)
		return rc;
	memset(&x, 0, sizeof(x));
	if (sf_exec_open(&x, be, o.knob, o.arch, prog->nthreads, prog->arena_pages, err, sizeof(err))) {
		fprintf(stderr, "svafuzz: replay: cannot open backend %s: %s\n", be->name, err);
		return SF_EXIT_INTERNAL;
	}
	if (!times)
		times = 1;
	for (unsigned i = 0; i < times; i++) {
		struct sf_oracle_stats st;

		memset(&rp, 0, sizeof(rp));
		rc = sf_exec_program(&x, prog, &hooks, &st);
		if (rc) {
			if (rc == 2)
				fprintf(stderr, "svafuzz: replay: device stopped answering: %s\n",
					x.lost);
			else
				fprintf(stderr, "svafuzz: replay: %s\n",
					rc == 1 ? x.hang : "internal error");
			sf_exec_close(&x);
			return SF_EXIT_INTERNAL;
		}
		seen |= rp.kinds;
		if (expect >= 0 ? (rp.kinds >> expect) & 1 : rp.kinds != 0)
			(*reproduced)++;
		if (verbose && rp.kinds)
			printf("run %u: %s\n", i + 1, rp.why);
	}
	sf_exec_close(&x);
	if (verbose) {
		const char *name = "none";

		if (expect >= 0)
			name = prog->expect;
		else
			for (unsigned k = 0; k < SF_V__COUNT; k++)
				if (seen & (1u << k)) {
					name = sf_verdict_name((enum sf_verdict_kind)k);
					break;
				}
		printf("reproduced %u/%u: %s\n", *reproduced, times, name);
		fflush(stdout);
	}
	return *reproduced ? SF_EXIT_FINDINGS : SF_EXIT_CLEAN;
}

int sf_replay_seq(const struct sf_seq *prog, unsigned times, const struct sf_run_opts *overrides,
		  unsigned *reproduced)
{
	return replay_n(prog, times, overrides, reproduced, false);
}

int sf_replay(const char *path, unsigned times, const struct sf_run_opts *overrides)
{
	struct sf_seq prog;
	struct sf_seq_err e;
	unsigned k;
	int rc;

	sf_seq_init(&prog);
	memset(&e, 0, sizeof(e));
	if (sf_seq_load(path, &prog, &e)) {
		fprintf(stderr, "%s:%u:%u: %s\n", path, e.line, e.col, e.msg);
		sf_seq_free(&prog);
		return SF_EXIT_USAGE;
	}
	rc = replay_n(&prog, times, overrides, &k, true);
	sf_seq_free(&prog);
	return rc;
}
