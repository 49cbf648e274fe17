/*
 * `svafuzz minimize FILE`: shrink a reproducer (src/minimize.h) with a
 * predicate that replays each candidate once on the real backend
 * (src/replay.h) and asks whether the expected verdict came back.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "minimize.h"
#include "replay.h"
#include "backend.h"
#include "verdict.h"

#define DEFAULT_TRIES_NONDET 3	/* per candidate, on backends that are not deterministic */
#define DEFAULT_FINAL_RUNS 10
#define DEFAULT_RESEEDS_DET 128	/* other scheduler seeds per refused candidate, sim only */

struct min_cli {
	struct sf_run_opts over;	/* backend/knob/arch overrides for every replay */
	int rc;				/* first replay failure (an enum sf_exit), or 0 */
	int quiet;
	int reseeds;			/* --reseeds, or -1 for the backend's default */
};

static void minimize_help(void)
{
	printf("usage: svafuzz minimize [OPTIONS] FILE\n\n"
	       "Shrinks a reproducer (a finding's repro.sva) by delta debugging: drops\n"
	       "threads, chunks of ops and unmatched barriers, shrinks page ranges and the\n"
	       "arena, and keeps a change only if the program still gives the expected\n"
	       "verdict (its 'expect' line) on every try. Each try replays the candidate\n"
	       "once on the backend, bug knob and TLB rules of the file's header.\n\n"
	       "  -o, --out FILE       where the result goes (default FILE.min.sva)\n"
	       "      --tries N        replays per candidate, all must reproduce\n"
	       "                       (default 1 on the deterministic sim, else %d)\n"
	       "  -r, --runs N         replays of the result for its reproduction rate (default %d)\n"
	       "  -m, --max-calls N    stop after N replays in all (default: no limit)\n"
	       "      --reseeds N      when a candidate does not reproduce, try it with N\n"
	       "                       other program seeds (default %d on the sim, whose\n"
	       "                       scheduler the seed drives, else 0)\n"
	       "  -e, --expect VERDICT the verdict to keep (default: the file's expect line;\n"
	       "                       without one any verdict counts)\n"
	       "  -b, --backend NAME   another backend than the file's\n"
	       "  -i, --inject KNOB    another bug knob than the file's\n"
	       "      --arch A         other TLB rules (smmuv3, vtd) than the file's\n"
	       "  -q, --quiet          no progress lines\n"
	       "  -h, --help           this text\n\n"
	       "exit: 2 a smaller reproducer was written, 0 the file did not reproduce,\n"
	       "1 bad file or usage, 4 backend unavailable, 5 internal error or hang.\n",
	       DEFAULT_TRIES_NONDET, DEFAULT_FINAL_RUNS, DEFAULT_RESEEDS_DET);
}

/* One replay of the candidate: does the expected verdict come back? */
static int replay_once(const struct sf_seq *cand, void *arg)
{
	struct min_cli *m = arg;
	unsigned k = 0;
	int rc;

	if (m->rc)
		return 0;	/* a replay failed: refuse everything, stop soon */
	rc = sf_replay_seq(cand, 1, &m->over, &k);
	if (rc != SF_EXIT_CLEAN && rc != SF_EXIT_FINDINGS) {
		m->rc = rc;
		return 0;
	}
	return k == 1;
}

static void progress(void *arg, const char *line)
{
	const struct min_cli *m = arg;

	if (!m->quiet)
		fprintf(stderr, "svafuzz minimize: %s\n", line);
}

/* Is the backend the replays will use deterministic? */
static int deterministic(const struct sf_seq *prog, const struct sf_run_opts *over)
{
	struct sf_run_opts o;
	const struct sf_backend_ops *be;

	sf_replay_opts(prog, over, &o);
	be = sf_backend_choose(o.backend);
	return be && (be->flags & SF_BE_SIM);
}

static void default_out(const char *in, char *out, size_t n)
{
	size_t len = strlen(in);

	if (len > 4 && !strcmp(in + len - 4, ".sva"))
		len -= 4;
	snprintf(out, n, "%.*s.min.sva", (int)len, in);
}

static int minimize_file(const char *path, const char *out, struct min_cli *m,
			 struct sf_min_opts *o, const char *expect)
{
	struct sf_seq prog, min;
	struct sf_min_stats st;
	struct sf_seq_err e;
	int rc;

	if (sf_seq_load(path, &prog, &e)) {
		if (e.line)
			fprintf(stderr, "%s:%u:%u: %s\n", path, e.line, e.col, e.msg);
		else	/* it could not be opened: msg names the file and why */
			fprintf(stderr, "svafuzz minimize: %s\n", e.msg);
		sf_seq_free(&prog);
		return SF_EXIT_USAGE;
	}
	if (expect)
		snprintf(prog.expect, sizeof(prog.expect), "%s", expect);
	if (!prog.expect[0] && !m->quiet)
		fprintf(stderr, "svafuzz minimize: %s has no 'expect' line: any verdict counts\n",
			path);
	if (!o->tries)
		o->tries = deterministic(&prog, &m->over) ? 1 : DEFAULT_TRIES_NONDET;
	if (m->reseeds < 0)
		m->reseeds = deterministic(&prog, &m->over) ? DEFAULT_RESEEDS_DET : 0;
	o->reseeds = (unsigned)m->reseeds;

	rc = sf_minimize(&prog, &min, o, replay_once, m, &st);
	if (rc == SF_MIN_ERROR) {
		fprintf(stderr, "svafuzz minimize: %s: %s\n", path, strerror(errno));
		sf_seq_free(&prog);
		return SF_EXIT_INTERNAL;
	}
	if (m->rc) {
		fprintf(stderr, "svafuzz minimize: a replay failed (exit %d): stopped\n", m->rc);
		rc = m->rc;
	} else if (rc == SF_MIN_NOT_REPRODUCED) {
		printf("%s does not reproduce %s on every one of %u tries: nothing to minimize\n",
		       path, prog.expect[0] ? prog.expect : "a verdict", o->tries);
		rc = SF_EXIT_CLEAN;
	} else if (sf_seq_save(&min, out)) {
		fprintf(stderr, "svafuzz minimize: cannot write %s: %s\n", out, strerror(errno));
		rc = SF_EXIT_INTERNAL;
	} else {
		printf("minimized %zu -> %zu ops, %u -> %u threads, arena %u -> %u pages "
		       "(%u rounds, %llu replays, %llu reseeded%s)\n", st.ops_before, st.ops_after,
		       st.threads_before, st.threads_after, st.pages_before, st.pages_after,
		       st.rounds, (unsigned long long)st.calls, (unsigned long long)st.reseeded,
		       st.budget_hit ? ", stopped at --max-calls" : "");
		if (st.final_runs)
			printf("reproduced %u/%u: %s\n", st.final_ok, st.final_runs,
			       min.expect[0] ? min.expect : "a verdict");
		printf("written to %s\n", out);
		rc = SF_EXIT_FINDINGS;
	}
	sf_seq_free(&prog);
	sf_seq_free(&min);
	return rc;
}

int sf_cmd_minimize(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "out", required_argument, NULL, 'o' },
		/* 'T', 'S' are not in the optstring: long only (-t, -s are run's) */
		{ "tries", required_argument, NULL, 'T' },
		{ "runs", required_argument, NULL, 'r' },
		{ "max-calls", required_argument, NULL, 'm' },
		{ "reseeds", required_argument, NULL, 'S' },
		{ "expect", required_argument, NULL, 'e' },
		{ "backend", required_argument, NULL, 'b' },
		{ "inject", required_argument, NULL, 'i' },
		{ "arch", required_argument, NULL, 'A' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sf_min_opts o = { .final_runs = DEFAULT_FINAL_RUNS, .log = progress };
	struct min_cli m = { .rc = 0, .reseeds = -1 };
	const char *expect = NULL;
	char out[1024] = "";
	unsigned long v;
	int c, rc;

	sf_cli_replay_overrides(&m.over);
	o.log_arg = &m;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:r:m:e:b:i:qh", lo, NULL)) != -1) {
		if (sf_cli_override_opt("minimize", c, optarg, &m.over, &rc)) {
			if (rc)
				return rc;
			continue;
		}
		switch (c) {
		case 'o':
			snprintf(out, sizeof(out), "%s", optarg);
			break;
		case 'T':
			if (sf_cli_count("minimize", "tries", optarg, 1, 1000, &v))
				return SF_EXIT_USAGE;
			o.tries = (unsigned)v;
			break;
		case 'r':
			if (sf_cli_count("minimize", "runs", optarg, 0, 1000000, &v))
				return SF_EXIT_USAGE;
			o.final_runs = (unsigned)v;
			break;
		case 'm':
			if (sf_cli_count("minimize", "max-calls", optarg, 1, ~0ul, &v))
				return SF_EXIT_USAGE;
			o.max_calls = v;
			break;
		case 'S':
			if (sf_cli_count("minimize", "reseeds", optarg, 0, 1000, &v))
				return SF_EXIT_USAGE;
			m.reseeds = (int)v;
			break;
		case 'e':
			if (sf_verdict_from_name(optarg) < 0)
				return sf_cli_usage_error("minimize", "--expect '%s' is not a verdict "
							  "(STALE_WRITE, FAULT_LOOP, ...)", optarg);
			expect = optarg;
			break;
		case 'q':
			m.quiet = 1;
			break;
		case 'h':
			minimize_help();
			return SF_EXIT_CLEAN;
		default:
			return sf_cli_getopt_error("minimize", c, argv, lo);
		}
	}
	if (optind != argc - 1)
		return sf_cli_usage_error("minimize", optind == argc ?
					  "which file? (svafuzz minimize FILE)" : "one file at a time");
	if (!out[0])
		default_out(argv[optind], out, sizeof(out));
	return minimize_file(argv[optind], out, &m, &o, expect);
}
