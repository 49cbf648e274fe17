/*
 * The oracle: events in, verdicts out. Pure: no syscalls, no clocks.
 *
 * Feed events in nondecreasing t0 order (sf_collector does the sorting).
 * An access is judged once an event with t0 > access.t1 has been fed (then
 * every mutation and write that could have affected it is known), on
 * sf_oracle_advance() past its t1, or at sf_oracle_finish(). Malformed
 * events (page out of range, t1 < t0, t0 going backwards, unknown kind)
 * are rejected with -1 and counted; they never change the model.
 *
 * Memory is bounded: page history and per-word write history older than
 * every pending access is dropped; a per-word cap (widening, never a false
 * verdict) bounds pathological streams.
 */
#ifndef SF_ORACLE_H
#define SF_ORACLE_H
#include <stddef.h>
#include "event.h"
#include "verdict.h"

struct sf_oracle_cfg {
	uint32_t npages;		/* arena pages */
	enum sf_semantics sem;		/* how device accesses are judged */
	struct sf_pstate initial;	/* every page's state at t = 0 (obj: page i gets initial.obj + i) */
	void (*on_verdict)(void *arg, const struct sf_verdict *v);
	void *arg;
};

struct sf_oracle_stats {
	uint64_t events;		/* accepted */
	uint64_t rejected;		/* malformed */
	uint64_t mutations;
	uint64_t accesses_judged;
	uint64_t accesses_decisive;	/* only one outcome was allowed */
	uint64_t faults_seen;		/* device accesses that faulted */
	uint64_t value_checked;		/* reads whose value was checked */
	uint64_t dirty_checked;		/* pages checked against a dirty log */
	uint64_t verdicts[SF_V__COUNT];
	uint64_t widened;		/* histories truncated by the cap */
	uint64_t stale_in_flight;	/* stale device translations while a change was in flight */
	size_t mem_bytes;		/* current heap held */
	size_t mem_peak;
};

struct sf_oracle *sf_oracle_new(const struct sf_oracle_cfg *cfg);
void sf_oracle_free(struct sf_oracle *o);
int sf_oracle_feed(struct sf_oracle *o, const struct sf_event *ev);
void sf_oracle_advance(struct sf_oracle *o, uint64_t t);	/* no future event has t0 < t */
void sf_oracle_finish(struct sf_oracle *o);
const struct sf_oracle_stats *sf_oracle_stats(const struct sf_oracle *o);
/* Current (latest) model state of a page; for reports and tests. */
struct sf_pstate sf_oracle_page(const struct sf_oracle *o, uint32_t page);
#endif
