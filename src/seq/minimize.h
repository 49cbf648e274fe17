/*
 * Reproducer minimisation (`svafuzz minimize`): delta debugging over the
 * operations and threads of a sequence.
 *
 * Given a program that reproduces a finding and a predicate that says
 * whether a candidate program still does, sf_minimize() shrinks it, pass
 * after pass, until a whole round changes nothing (a fixpoint):
 *   - drop whole threads (the others are renumbered down),
 *   - drop chunks of ops (ddmin: halves, quarters, ... single ops),
 *   - drop barriers whose id no other thread has any more,
 *   - shrink page ranges (one page at either end, or a half),
 *   - drop threads left without ops, shift all pages down so the lowest is
 *     page 0, and shrink the arena to the pages used.
 * With opts->reseeds, a candidate that does not reproduce is tried again
 * with that many other program seeds (derived from its own, so the same
 * input always minimises the same way). On the deterministic sim the seed
 * picks the interleaving: a race needs far fewer ops to line up when the
 * scheduler may be re-rolled, and the result still reproduces every time
 * with the seed written in its header.
 * Every candidate is a valid program (sf_seq_validate passes) and is kept
 * only if the predicate said yes on each of opts->tries calls, so for a
 * backend that is not deterministic a kept candidate reproduced every time
 * it was tried. Candidates already refused are remembered (by a hash of
 * the program) and never tried twice.
 */
#ifndef SF_MINIMIZE_H
#define SF_MINIMIZE_H
#include <stddef.h>
#include <stdint.h>
#include "seq.h"

/* 1 if the candidate still gives the same verdict, else 0. */
typedef int (*sf_min_pred)(const struct sf_seq *candidate, void *arg);

struct sf_min_opts {
	unsigned tries;		/* predicate calls per candidate, all must say yes (0 = 1) */
	unsigned final_runs;	/* calls on the result for its reproduction rate (0 = none) */
	uint64_t max_calls;	/* budget of predicate calls (0 = unlimited) */
	unsigned max_rounds;	/* bound on fixpoint rounds (0 = unlimited) */
	unsigned reseeds;	/* other seeds to try per refused candidate (0 = never) */
	/* progress lines ("round 2: 143 ops, 3 threads"), or NULL */
	void (*log)(void *arg, const char *line);
	void *log_arg;
};

struct sf_min_stats {
	size_t ops_before, ops_after;
	uint32_t threads_before, threads_after;
	uint32_t pages_before, pages_after;	/* arena */
	unsigned rounds;
	uint64_t candidates;	/* candidate programs tried */
	uint64_t cached;	/* candidates skipped: refused before */
	uint64_t calls;		/* predicate calls, final runs included */
	unsigned final_runs;	/* reproduction rate of the result: */
	unsigned final_ok;	/*   final_ok out of final_runs */
	int budget_hit;		/* stopped early on max_calls */
	uint64_t reseeded;	/* kept candidates that needed another seed */
};

/* sf_minimize() results */
#define SF_MIN_OK 0
#define SF_MIN_NOT_REPRODUCED 1	/* the input itself did not reproduce every try */
#define SF_MIN_ERROR (-1)	/* invalid input or out of memory (errno set) */

/*
 * Shrinks in into out (initialised by the call; free it with sf_seq_free()
 * unless SF_MIN_ERROR). On SF_MIN_NOT_REPRODUCED out is a copy of in.
 * st may be NULL.
 */
int sf_minimize(const struct sf_seq *in, struct sf_seq *out, const struct sf_min_opts *o,
		sf_min_pred reproduces, void *arg, struct sf_min_stats *st);

/* Deep copy (ops included); 0 or -1 on ENOMEM (dst then empty). */
int sf_min_copy(struct sf_seq *dst, const struct sf_seq *src);
#endif
