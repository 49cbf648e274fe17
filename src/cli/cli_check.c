/*
 * `svafuzz check TRACE`: judge a recorded or hand-written event trace with
 * the oracle alone, no device and no syscalls: to check a trace from
 * another tool, to argue about a verdict, or to teach the oracle's rules.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arena.h"
#include "cli.h"
#include "ops.h"
#include "oracle.h"
#include "trace.h"

struct check_ctx {
	const char *name;
	const struct sf_trace *t;
	bool quiet;
	uint8_t *reported;	/* per event: 1 << kind of the verdicts given to its line */
	FILE *out;		/* verdict lines, printed only once every event was accepted */
};

static void check_help(void)
{
	printf("usage: svafuzz check [OPTIONS] TRACE\n\n"
	       "Feeds an event trace (JSON Lines as in events.jsonl, docs/trace.md; '-' =\n"
	       "stdin) to the oracle, starting from every page anonymous-private rw (with\n"
	       "the flags of the trace's \"# initial-flags N\" line), and prints each\n"
	       "verdict with its reason and a summary.\n\n"
	       "  --arena N                   arena pages (default: the trace's \"# arena N\"\n"
	       "                              line, else 1 + the highest page it touches)\n"
	       "  --semantics mirror|pinned|hmm\n"
	       "                              how device accesses are judged (default: the\n"
	       "                              trace's \"# semantics\" line, else mirror)\n"
	       "  -q, --quiet                 the summary only\n"
	       "  -h, --help                  this text\n\n"
	       "exit: 0 no verdict, 2 verdicts, 1 bad trace or usage (\"TRACE:LINE: why\").\n");
}

/*
 * The fields a verdict's access keeps of the event it judged: all of them
 * for an access; for DIRTY_MISS, the device write the fetch missed, rebuilt
 * from what the oracle kept of it (no err or flags).
 */
static bool same_access(const struct sf_event *a, const struct sf_event *b)
{
	return a->kind == b->kind && a->op == b->op && a->t0 == b->t0 && a->t1 == b->t1 &&
	       a->page == b->page && a->word == b->word && a->value == b->value &&
	       a->seq == b->seq && a->thread == b->thread && a->outcome == b->outcome;
}

/*
 * The trace line of the event a verdict is about (events are sorted by
 * t0). Two identical lines are two events: each gets its own verdict, so
 * the first of them not yet given a verdict of this kind is the one.
 */
static unsigned line_of(struct check_ctx *c, const struct sf_verdict *v)
{
	const struct sf_trace *t = c->t;
	size_t lo = 0, hi = t->n, first = SIZE_MAX;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->ev[mid].t0 < v->access.t0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < t->n && t->ev[lo].t0 == v->access.t0; lo++) {
		if (!same_access(&t->ev[lo], &v->access))
			continue;
		if (first == SIZE_MAX)
			first = lo;
		if (!(c->reported[lo] & (1u << v->kind))) {
			c->reported[lo] |= (uint8_t)(1u << v->kind);
			return t->line[lo];
		}
	}
	/* a second verdict of one kind for one event: still its line */
	return first == SIZE_MAX ? 0 : t->line[first];
}

static void on_verdict(void *arg, const struct sf_verdict *v)
{
	struct check_ctx *c = arg;
	const struct sf_event *a = &v->access;
	unsigned line = line_of(c, v);

	if (c->quiet)
		return;
	fprintf(c->out, "%s:%u: %s: %s page %u word %u by thread %u in [%llu, %llu] ns: %s\n",
		c->name, line, sf_verdict_name(v->kind), sf_op_name(a->op), a->page, a->word,
		a->thread, (unsigned long long)a->t0, (unsigned long long)a->t1, v->why);
}

static void summary(const struct sf_oracle_stats *st, size_t nev)
{
	uint64_t total = 0;

	printf("summary: %zu events, %llu accesses judged, %llu decisive (%.1f%%), "
	       "%llu device faults seen, %llu reads value-checked\n", nev,
	       (unsigned long long)st->accesses_judged, (unsigned long long)st->accesses_decisive,
	       st->accesses_judged ? 100.0 * (double)st->accesses_decisive /
				     (double)st->accesses_judged : 0.0,
	       (unsigned long long)st->faults_seen, (unsigned long long)st->value_checked);
	printf("verdicts:");
	for (int k = 0; k < SF_V__COUNT; k++) {
		if (st->verdicts[k])
			printf(" %s %llu", sf_verdict_name(k), (unsigned long long)st->verdicts[k]);
		total += st->verdicts[k];
	}
	printf("%s\n", total ? "" : " none");
}

/*
 * Every event the reader accepted is one the oracle takes (sf_trace_fit
 * saw to the arena): a refusal here is a reader bug. It still stops the
 * check, and no verdict is printed: none may come from a trace the oracle
 * did not take whole.
 */
static int refused(const struct check_ctx *c, size_t i)
{
	const struct sf_event *ev = &c->t->ev[i];

	fprintf(stderr, "%s:%u: the oracle refused this %s event (%s, page %u, %u pages) that the "
		"reader accepted: a svafuzz bug, please report it with the trace; nothing judged\n",
		c->name, c->t->line[i], ev->kind == SF_EV_MUTATION ? "mutation" :
		ev->kind == SF_EV_ACCESS ? "access" : ev->kind == SF_EV_DIRTY ? "dirty" : "mark",
		sf_op_name(ev->op), ev->page, ev->npages);
	return SF_EXIT_USAGE;
}

static struct sf_oracle *new_oracle(struct check_ctx *c, uint32_t npages, int sem)
{
	struct sf_oracle_cfg cfg = {
		.npages = npages,
		.sem = (enum sf_semantics)sem,
		.initial = { .backing = SF_BK_ANON_PRIVATE, .prot = SF_PROT_R | SF_PROT_W,
			     .obj = SF_ARENA_OBJ_INITIAL,
			     .flags = c->t->initial_flags },
		.on_verdict = on_verdict,
		.arg = c,
	};

	return sf_oracle_new(&cfg);
}

/* Feed it all; returns the exit code. */
static int judge(struct check_ctx *c, uint32_t npages, int sem)
{
	const struct sf_trace *t = c->t;
	struct sf_oracle *o = new_oracle(c, npages, sem);
	const struct sf_oracle_stats *st;
	uint64_t verdicts = 0;
	char *text = NULL;
	size_t len = 0;
	int rc = 0;

	c->reported = calloc(t->n ? t->n : 1, 1);
	c->out = open_memstream(&text, &len);
	if (!o || !c->reported || !c->out) {
		fprintf(stderr, "svafuzz check: cannot create the oracle (out of memory?)\n");
		rc = SF_EXIT_INTERNAL;
		goto out;
	}
	for (size_t i = 0; i < t->n && !rc; i++)
		if (sf_oracle_feed(o, &t->ev[i]))
			rc = refused(c, i);
	if (rc)
		goto out;
	sf_oracle_finish(o);
	fflush(c->out);
	fwrite(text, 1, len, stdout);
	st = sf_oracle_stats(o);
	summary(st, t->n);
	for (int k = 0; k < SF_V__COUNT; k++)
		verdicts += st->verdicts[k];
	rc = verdicts ? SF_EXIT_FINDINGS : SF_EXIT_CLEAN;
out:
	if (c->out)
		fclose(c->out);
	free(text);
	free(c->reported);
	sf_oracle_free(o);
	return rc;
}

int sf_cmd_check(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "arena", required_argument, NULL, 'a' },
		{ "semantics", required_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct check_ctx c = { 0 };
	struct sf_trace t;
	char err[400];
	unsigned long arena = 0;
	int sem = -1, ch, rc;
	size_t moved;

	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":qh", lo, NULL)) != -1) {
		switch (ch) {
		case 'a':
			if (sf_cli_count("check", "arena", optarg, 1, SF_TRACE_MAX_PAGES, &arena))
				return SF_EXIT_USAGE;
			break;
		case 'S':
			sem = sf_semantics_parse(optarg);
			if (sem < 0)
				return sf_cli_usage_error("check",
							  "--semantics '%s': mirror, pinned or hmm",
							  optarg);
			break;
		case 'q':
			c.quiet = true;
			break;
		case 'h':
			check_help();
			return SF_EXIT_CLEAN;
		default:
			return sf_cli_getopt_error("check", ch, argv, lo);
		}
	}
	if (optind != argc - 1)
		return sf_cli_usage_error("check", optind == argc ? "which trace? (svafuzz check TRACE)"
								  : "one trace at a time");
	c.name = argv[optind];
	sf_trace_init(&t);
	if (sf_trace_load(c.name, &t, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		sf_trace_free(&t);
		return SF_EXIT_USAGE;
	}
	if (!arena)
		arena = t.arena_pages ? t.arena_pages : (t.pages_used ? t.pages_used : 1);
	if (sf_trace_fit(&t, (uint32_t)arena, c.name, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		sf_trace_free(&t);
		return SF_EXIT_USAGE;
	}
	if (sem < 0)
		sem = t.sem >= 0 ? t.sem : SF_SEM_MIRROR;
	moved = sf_trace_sort(&t);
	c.t = &t;
	printf("check: %s: %zu events, arena %lu pages, %s semantics, initial state anon-private rw%s\n",
	       c.name, t.n, arena,
	       sf_semantics_name((enum sf_semantics)sem),
	       sf_pstate_flags_str(t.initial_flags, err, sizeof(err)));
	if (moved)
		printf("note: %zu events were out of t0 order: sorted by t0 (stable) before judging\n",
		       moved);
	rc = judge(&c, (uint32_t)arena, sem);
	sf_trace_free(&t);
	return rc;
}
