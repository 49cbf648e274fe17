/*
 * Puts events from many threads into t0 order for the oracle.
 *
 * Each recording thread owns a slot: an SPSC ring it publishes to without
 * locks, plus an "in flight since" stamp. Protocol for one operation:
 *     t0 = sf_slot_begin(slot);   // stamps in-flight, then reads the clock
 *     ... the syscall / device accesses (each event's t0 >= that t0) ...
 *     ev.t0 = t0; ev.t1 = sf_now_ns(); sf_slot_put(slot, &ev);  // publish (one or many)
 *     sf_slot_end(slot);          // idle: nothing more below the stamp
 * A full ring makes sf_slot_put() wait for the pump (counted, never dropped);
 * a ring past half full wakes a sleeping pump (sf_collector_wait()).
 * sf_collector_pump() computes a watermark (now, lowered to every slot's
 * in-flight stamp), drains the rings, and feeds the oracle every event
 * with t0 below the watermark in t0 order. Because a slot stamps itself
 * busy before it reads its t0, no event can later appear below a
 * watermark already passed.
 *
 * Single-threaded producers with their own time (the sim) use
 * sf_collector_push() + sf_collector_release(watermark) instead.
 */
#ifndef SF_COLLECTOR_H
#define SF_COLLECTOR_H
#include <stdbool.h>
#include "event.h"
#include "oracle.h"

struct sf_collector;
struct sf_slot;

/* on_event sees every event once, in t0 order, before the oracle does (logs, counts). */
struct sf_collector *sf_collector_new(struct sf_oracle *o, unsigned nslots,
				      void (*on_event)(void *arg, const struct sf_event *ev),
				      void *arg);
void sf_collector_free(struct sf_collector *c);
struct sf_slot *sf_collector_slot(struct sf_collector *c, unsigned i);

uint64_t sf_slot_begin(struct sf_slot *s);		/* returns t0 */
void sf_slot_put(struct sf_slot *s, const struct sf_event *ev);	/* publishes; waits while the ring is full */
void sf_slot_end(struct sf_slot *s);			/* back to idle */

/* Multi-threaded mode: call from one collector thread, often. Returns events fed. */
size_t sf_collector_pump(struct sf_collector *c);
/*
 * The pump's sleep between two sf_collector_pump() calls: up to max_ns,
 * less when a producer's ring fills past half (the producer wakes it).
 * A pump that sleeps instead of spinning keeps its CPU out of the
 * process's TLB shootdowns: each mprotect that takes rights away would
 * otherwise interrupt it (docs/perf.md). True if a producer asked.
 */
bool sf_collector_wait(struct sf_collector *c, uint64_t max_ns);
/* The pump's current or next sf_collector_wait() returns at once (the last producer is done). */
void sf_collector_wake(struct sf_collector *c);
/*
 * The pump period of the engine and the benches: what a sleep costs in
 * oracle latency (a producer past half its ring, or the last one of a
 * program, wakes it sooner).
 */
#define SF_COLLECTOR_PUMP_NS 8000000ull
/* producers that found their ring full and waited (never dropped), over all slots */
uint64_t sf_collector_full_waits(const struct sf_collector *c);
/* Single-threaded mode. */
void sf_collector_push(struct sf_collector *c, const struct sf_event *ev);
void sf_collector_release(struct sf_collector *c, uint64_t watermark);
/* Feed everything left and finish the oracle. */
void sf_collector_drain(struct sf_collector *c);
#endif
