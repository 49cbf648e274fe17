/* Replaying a saved sequence: see replay.h. */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "engine.h"
#include "plant.h"
#include "replay.h"
#include "run.h"
#include "verdict.h"

/* What one run saw. */
struct replay {
	int expect;			/* verdict kind looked for, -1: any */
	unsigned count[SF_V__COUNT];	/* verdicts of each kind */
	char why[sizeof(((struct sf_verdict *)0)->why)];	/* the first verdict looked for */
};

/* How a whole replay is told: lines for people, or one JSON object for farms. */
struct replay_out {
	bool verbose, json;
	const char *file, *expect;	/* expect: the verdict name, or NULL */
	unsigned times;
};

static bool looked_for(const struct replay *rp, enum sf_verdict_kind k)
{
	return rp->expect < 0 || (int)k == rp->expect;
}

static void on_verdict(void *arg, const struct sf_verdict *v)
{
	struct replay *rp = arg;
	bool first = true;

	for (unsigned k = 0; k < SF_V__COUNT; k++)
		if (looked_for(rp, (enum sf_verdict_kind)k) && rp->count[k])
			first = false;
	if (first && looked_for(rp, v->kind))
		snprintf(rp->why, sizeof(rp->why), "%s", v->why);
	rp->count[v->kind]++;
}

static bool reproduced(const struct replay *rp)
{
	for (unsigned k = 0; k < SF_V__COUNT; k++)
		if (rp->count[k] && looked_for(rp, (enum sf_verdict_kind)k))
			return true;
	return false;
}

/* "STALE_WRITE 2, LOST_WRITE 1" of the kinds `want` selects (looked for or not); "" if none. */
static void kinds_str(const struct replay *rp, bool want, char *buf, size_t n)
{
	size_t at = 0;

	buf[0] = '\0';
	for (unsigned k = 0; k < SF_V__COUNT && at < n; k++) {
		if (!rp->count[k] || looked_for(rp, (enum sf_verdict_kind)k) != want)
			continue;
		at += (size_t)snprintf(buf + at, n - at, "%s%s %u", at ? ", " : "",
				       sf_verdict_name((enum sf_verdict_kind)k), rp->count[k]);
	}
}

/* A JSON string (escaped by json-c) on stdout. */
static void put_json_str(const char *s)
{
	json_object *o = s ? json_object_new_string(s) : NULL;

	fputs(o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_NOSLASHESCAPE) : "null",
	      stdout);
	json_object_put(o);
}

static void out_begin(const struct replay_out *out, const struct sf_run_opts *o)
{
	if (!out->json)
		return;
	fputs("{\"file\":", stdout);
	put_json_str(out->file);
	fputs(",\"backend\":", stdout);
	put_json_str(o->backend);
	fputs(",\"knob\":", stdout);
	put_json_str(o->knob[0] ? o->knob : NULL);
	fputs(",\"arch\":", stdout);
	put_json_str(o->arch[0] ? o->arch : NULL);
	fputs(",\"expect\":", stdout);
	put_json_str(out->expect);
	printf(",\"times\":%u,\"runs\":[", out->times);
}

/* "run 3/10: FAULT_LOOP reproduced (FAULT_LOOP 1; also STALE_WRITE 2): why" */
static void text_run(const struct replay_out *out, unsigned i, bool rep, const char *seen,
		     const char *other, const char *why)
{
	printf("run %u/%u: ", i + 1, out->times);
	if (out->expect)
		printf("%s %s", out->expect, rep ? "reproduced" : "not reproduced");
	else
		printf("%s", rep ? "verdicts" : "no verdict");
	if (rep)
		printf(" (%s%s%s): %s\n", seen, other[0] ? "; also " : "", other, why);
	else if (other[0])
		printf(" (saw %s)\n", other);
	else
		printf("%s\n", out->expect ? " (no verdict)" : "");
}

/*
 * Each run says what it looked for and whether it saw it, then what else
 * it saw: a run's first verdict need not be the one looked for.
 */
static void out_run(const struct replay_out *out, unsigned i, const struct replay *rp)
{
	bool rep = reproduced(rp);
	char other[200], seen[200];

	kinds_str(rp, false, other, sizeof(other));
	kinds_str(rp, true, seen, sizeof(seen));
	if (out->json) {
		printf("%s{\"run\":%u,\"reproduced\":%s,\"verdicts\":{", i ? "," : "", i + 1,
		       rep ? "true" : "false");
		for (unsigned k = 0, at = 0; k < SF_V__COUNT; k++)
			if (rp->count[k])
				printf("%s\"%s\":%u", at++ ? "," : "",
				       sf_verdict_name((enum sf_verdict_kind)k), rp->count[k]);
		fputs("},\"why\":", stdout);
		put_json_str(rep ? rp->why : NULL);
		fputs("}", stdout);
	} else if (out->verbose) {
		text_run(out, i, rep, seen, other, rp->why);
	}
}

static void out_end(const struct replay_out *out, unsigned k, unsigned seen, const char *error)
{
	const char *name = out->expect ? out->expect : "none";

	if (out->json) {
		printf("],\"reproduced\":%u,\"error\":", k);
		put_json_str(error);
		fputs("}\n", stdout);
	} else if (out->verbose && !error) {
		for (unsigned v = 0; !out->expect && v < SF_V__COUNT; v++)
			if (seen & (1u << v)) {
				name = sf_verdict_name((enum sf_verdict_kind)v);
				break;
			}
		printf("reproduced %u/%u: %s\n", k, out->times, name);
	}
	fflush(stdout);
}

void sf_replay_opts(const struct sf_seq *prog, const struct sf_run_opts *ov,
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
	snprintf(o->plant, sizeof(o->plant), "%s", ov->plant);
}

/* Why a run could not finish, into err; always SF_EXIT_INTERNAL. */
static int run_failed(const struct sf_exec *x, int rc, char *err, size_t n)
{
	if (rc == SF_PROG_LOST)
		snprintf(err, n, "device stopped answering: %s", x->lost);
	else
		snprintf(err, n, "%s", rc == SF_PROG_HANG ? x->hang : "internal error");
	fprintf(stderr, "svafuzz: replay: %s\n", err);
	return SF_EXIT_INTERNAL;
}

static int replay_n(const struct sf_seq *prog, unsigned times, const struct sf_run_opts *ov,
		    unsigned *nrep, struct replay_out *out)
{
	struct sf_run_opts o;
	const struct sf_backend_ops *be = NULL;
	struct sf_exec x;
	struct replay rp;
	struct sf_prog_hooks hooks = { NULL, on_verdict, &rp, NULL };
	int expect = prog->expect[0] ? sf_verdict_from_name(prog->expect) : -1;
	unsigned seen = 0;
	char err[512] = "";	/* room for a hang's or a lost device's whole message */
	int plant_fd = -1;
	int rc;

	*nrep = 0;
	sf_replay_opts(prog, ov, &o);
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
	if (o.plant[0] && (plant_fd = sf_plant_arm(o.plant, err, sizeof(err))) < 0) {
		fprintf(stderr, "svafuzz: replay: cannot arm svaplant: %s\n", err);
		sf_exec_close(&x);
		return SF_EXIT_UNAVAILABLE;
	}
	snprintf(o.backend, sizeof(o.backend), "%s", be->name);
	out->times = times ? times : 1;
	out->expect = expect >= 0 ? prog->expect : NULL;
	out_begin(out, &o);
	for (unsigned i = 0; i < out->times; i++) {
		struct sf_oracle_stats st;

		memset(&rp, 0, sizeof(rp));
		rp.expect = expect;
		rc = sf_exec_program(&x, prog, &hooks, &st);
		if (rc) {
			rc = run_failed(&x, rc, err, sizeof(err));
			break;
		}
		for (unsigned k = 0; k < SF_V__COUNT; k++)
			seen |= rp.count[k] ? 1u << k : 0;
		*nrep += reproduced(&rp);
		out_run(out, i, &rp);
	}
	sf_exec_close(&x);
	if (plant_fd >= 0)
		close(plant_fd);	/* delivery restored */
	out_end(out, *nrep, seen, rc ? err : NULL);
	if (rc)
		return rc;
	return *nrep ? SF_EXIT_FINDINGS : SF_EXIT_CLEAN;
}

int sf_replay_seq(const struct sf_seq *prog, unsigned times, const struct sf_run_opts *overrides,
		  unsigned *reproduced)
{
	struct replay_out out = { 0 };

	return replay_n(prog, times, overrides, reproduced, &out);
}

int sf_replay(const char *path, unsigned times, const struct sf_run_opts *overrides, bool json)
{
	struct replay_out out = { .verbose = !json, .json = json, .file = path };
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
	rc = replay_n(&prog, times, overrides, &k, &out);
	sf_seq_free(&prog);
	return rc;
}
