/*
 * CPU-side workers, one file each, listed in one table (workers.c) like
 * stress-ng's stressors. A worker performs one op of the sequence language
 * on the real arena and fills the event: its interval hugs the syscall
 * (t0 from sf_slot_begin() right before it, t1 right after), its outcome,
 * and its effect on the pages, computed from the arena model, which it
 * updates. The caller holds the arena's mutation lock, puts the event and
 * ends the slot.
 */
#ifndef SF_WORKER_H
#define SF_WORKER_H
#include <stddef.h>
#include "arena.h"
#include "collector.h"
#include "event.h"
#include "seq.h"

struct sf_worker {
	const char *name;	/* == sf_op_name(op) */
	enum sf_op op;
	/* 0 if it can run here; else nonzero and why */
	int (*supported)(char *why, size_t n);
	int (*exec)(struct sf_arena *a, const struct sf_seq_op *op, struct sf_slot *slot,
		    struct sf_event *ev);
};

/*
 * Added by workers. Several events per op: exec may publish events before
 * the one it returns in *ev (mremap move: the destination's MOVE, then the
 * source; one op over pages it changes differently: one event per run of
 * pages). Those go to the slot (sf_slot_put) in the order the oracle needs
 * them; *ev is always the op's last event. exec keeps ev->seq and
 * ev->thread as the caller set them and copies them into every event.
 * With slot == NULL (tests, benches) t0 comes from the clock and the
 * earlier events go to this thread's sink (dropped if none is set).
 */
void sf_worker_set_sink(void (*fn)(void *arg, const struct sf_event *ev), void *arg);

extern const struct sf_worker sf_workers[];	/* terminated by .name == NULL */
const struct sf_worker *sf_worker_for(enum sf_op op);

/*
 * CPU accessors: one word read or write with SIGSEGV/SIGBUS caught for this
 * thread (outcome SF_FAULT, ev->err = si_code). Call sf_cpu_access_init()
 * once per process. Does not need the mutation lock.
 */
int sf_cpu_access_init(void);
int sf_cpu_access(struct sf_arena *a, const struct sf_seq_op *op, uint64_t value,
		  struct sf_slot *slot, struct sf_event *ev);
#endif
