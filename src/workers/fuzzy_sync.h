/*
 * Race shaping for a pair of threads (in the spirit of LTP's
 * tst_fuzzy_sync, written anew). Threads A and B run their racing
 * sections in lockstep, one pair at a time:
 *
 *     A: sf_fzsync_start_a(f); section A; sf_fzsync_end_a(f);
 *     B: sf_fzsync_start_b(f); section B; sf_fzsync_end_b(f);
 *
 * start_* lines both threads up (spinning), then one of them spins a
 * delay before its section. The first pairs run with no delay and
 * measure both sections' durations and the start skew the line-up leaves;
 * from then on each pair's delay is drawn from the window in which the
 * sections overlap, B's start from "B ends as A starts" to "B starts as A
 * ends", so the race is hit at every offset inside it, not just one.
 * The window keeps being re-measured (durations drift).
 */
#ifndef SF_FUZZY_SYNC_H
#define SF_FUZZY_SYNC_H
#include <stdatomic.h>
#include <stdint.h>
#include "../rng.h"

struct sf_fzsync {
	_Atomic uint64_t a_cnt, b_cnt;	/* line-up counters: equal = both at the same point */
	_Atomic int64_t delay;		/* this pair: > 0 B waits, < 0 A waits (ns) */
	_Atomic uint64_t b_start, b_end;
	uint64_t a_start, a_end;
	double avg_a, avg_b;		/* section durations (ns, moving averages) */
	double avg_skew;		/* b_start - a_start with no delay */
	uint32_t min_samples;		/* pairs measured before delays start */
	uint64_t pairs, overlaps;	/* pairs run; pairs whose sections overlapped */
	uint64_t a_first, b_first;	/* which section started first */
	struct sf_rng rng;
};

void sf_fzsync_init(struct sf_fzsync *f, uint64_t seed);
void sf_fzsync_start_a(struct sf_fzsync *f);
void sf_fzsync_end_a(struct sf_fzsync *f);	/* also picks the next pair's delay */
void sf_fzsync_start_b(struct sf_fzsync *f);
void sf_fzsync_end_b(struct sf_fzsync *f);
/* Share of pairs whose sections overlapped (0..1). */
double sf_fzsync_overlap_rate(const struct sf_fzsync *f);
#endif
