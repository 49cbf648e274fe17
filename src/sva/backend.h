/*
 * A backend drives one kind of device, like fio's ioengine_ops: the core
 * never knows which. Device accesses go through submit/complete in
 * batches; each access gets its own interval, stamped as close to the
 * device as the backend can (guest or kernel stamps where possible).
 *
 * Backends that model the CPU side too (SF_BE_SIM) execute whole programs
 * with run() and a deterministic scheduler; the others get accesses from
 * the engine while src/workers/ change the real address space.
 */
#ifndef SF_BACKEND_H
#define SF_BACKEND_H
#include <stddef.h>
#include <stdint.h>
#include "state.h"
#include "event.h"
#include "seq.h"

struct sf_arena;
struct sf_collector;
struct sf_slot;
struct sf_dev;

#define SF_OPB(op) (1ull << (op))
/* Every op but memslot changes: what any backend over a process mm runs. */
#define SF_OPB_MM_(e, nm, cl, shape) | (SF_CLS_##cl == SF_CLS_SLOT ? 0 : SF_OPB(SF_OP_##e))
#define SF_OPS_MM (0 SF_OP_LIST(SF_OPB_MM_))
/* hmm's device-side mutations: migrations to its memory and back, exclusive entries */
#define SF_OPS_HMM (SF_OPB(SF_OP_HMM_TO_DEV) | SF_OPB(SF_OP_HMM_TO_SYS) | SF_OPB(SF_OP_HMM_EXCL))
/* iommufd IOAS changes */
#define SF_OPS_IOAS (SF_OPB(SF_OP_IOAS_MAP) | SF_OPB(SF_OP_IOAS_UNMAP) | SF_OPB(SF_OP_IOAS_COPY))
/* KVM memslot changes and dirty logs: the other backend-side mutations */
#define SF_OPB_SLOT_(e, nm, cl, shape) | (SF_CLS_##cl == SF_CLS_SLOT ? SF_OPB(SF_OP_##e) : 0)
#define SF_OPS_SLOTS ((0 SF_OP_LIST(SF_OPB_SLOT_)) & ~SF_OPS_HMM & ~SF_OPS_IOAS)

#define SF_BE_SIM   0x1		/* runs whole programs itself (run()) */
#define SF_BE_SLOTS 0x2		/* handles SF_CLS_SLOT ops (mutate()): memslots, hmm's, IOAS maps */
#define SF_BE_PLANNED 0x4	/* not built yet: probe() says why, no open() */

struct sf_dev_opts {
	const char *knob;	/* bug knob name or NULL */
	uint32_t nqueues;	/* device queues (threads that access) */
	uint64_t seed;
	const char *arch;	/* TLB rules: "smmuv3", "vtd" or NULL = host's */
};

struct sf_access {
	uint32_t page, word;
	uint8_t write;
	uint8_t outcome;	/* out: SF_OK, SF_FAULT, SF_FAULT_LOOP */
	uint16_t flags;		/* out: SF_EVF_* (e.g. may be torn), copied to the event */
	uint32_t err;		/* out: device status / errno */
	/*
	 * out: a page-granular device (hmm) wrote .value into every word of
	 * the page, not only .word: the engine records a write of each
	 */
	uint8_t page_write;
	/*
	 * out: rights the device reported for the page at some instant of
	 * [rights_t0, rights_t1] (hmm's SNAPSHOT): 0 none, 1 read, 2 write;
	 * the engine records them as a rights claim (SF_EVF_RIGHTS)
	 */
	uint8_t rights;
	uint64_t rights_t0, rights_t1;
	uint64_t value;		/* in for writes, out for reads */
	uint64_t t0, t1;	/* out: interval */
	uint64_t seq;		/* op index, copied to the event */
};

#define SF_BE_EXTRA_MAX 24

/* Counters a backend reports into run.json ("backend" object). */
struct sf_be_stats {
	uint64_t steps;		/* sim: scheduler steps */
	uint64_t invalidations;
	uint64_t iotlb_hits, iotlb_misses;
	uint64_t fault_retries;
	/* svatest: permission reductions of pages the device had a translation
	 * for (required) and those an applied invalidation covered before the
	 * change returned (covered); log records the module overwrote (lost) */
	uint64_t inval_required, inval_covered, inval_log_lost;
	/* svatest: IOTLB hits on an entry the page table no longer matched
	 * (each is a LOST_INVAL), and whether the backend can see that */
	uint64_t stale_hits;
	uint8_t stale_checked;
	/* kvm: batches during which the host emulated guest instructions
	 * (their accesses may be torn), and whether that could be measured */
	uint64_t emulated_batches;
	uint8_t emulation_unknown;
	/* a backend's own counters, each a key of run.json's "backend_stats" */
	unsigned nextra;
	struct sf_be_counter {
		const char *name;	/* static, snake_case */
		uint64_t value;
	} extra[SF_BE_EXTRA_MAX];
};

/* svaplant's loss modes (kernel/svaplant), as bits of plant_sees */
#define SF_PLANT_SEES_SECONDARY_TLB	(1u << 0)	/* arch_invalidate_secondary_tlbs */
#define SF_PLANT_SEES_RANGE		(1u << 1)	/* invalidate_range_start/end */

struct sf_backend_ops {
	const char *name;
	const char *desc;
	enum sf_semantics sem;
	unsigned flags;			/* SF_BE_* */
	const char *const *knobs;	/* NULL-terminated bug knob names */
	uint64_t ops_supported;		/* 1ull << SF_OP_* the backend can run */
	uint8_t initial_flags;		/* SF_PS_* every page has once bound (before any op) */
	/* device queues (vCPUs) open() can give, 0 = as many as the CLI allows;
	 * a run needs max(--threads, --vcpus) */
	unsigned max_queues;
	/* svaplant loss modes its device would notice (svafuzz selfcheck):
	 * SF_PLANT_SEES_* bits, 0 for none */
	unsigned plant_sees;
	/* 0 if usable here, else nonzero and a reason in why */
	int (*probe)(char *why, size_t n);
	int (*open)(struct sf_dev **d, const struct sf_dev_opts *o, char *err, size_t n);
	int (*bind)(struct sf_dev *d, struct sf_arena *a);
	void (*unbind)(struct sf_dev *d);
	int (*submit)(struct sf_dev *d, unsigned q, struct sf_access *acc, unsigned n);
	int (*complete)(struct sf_dev *d, unsigned q, struct sf_access *acc, unsigned n);
	/*
	 * SF_CLS_SLOT ops (those in its ops_supported). ev arrives with thread and seq filled; the backend
	 * stamps it with sf_slot_begin(slot) and fills the rest. A change with
	 * a middle state the oracle must know (e.g. delete + re-create) puts
	 * the earlier events itself with sf_slot_put(); the caller puts the
	 * last one (ev) and ends the slot.
	 */
	int (*mutate)(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		      struct sf_event *ev);
	int (*run)(struct sf_dev *d, const struct sf_seq *prog, struct sf_collector *c);
	void (*stats)(struct sf_dev *d, struct sf_be_stats *st);
	void (*close)(struct sf_dev *d);
};

extern const struct sf_backend_ops *const sf_backends[];	/* NULL-terminated */
const struct sf_backend_ops *sf_backend_find(const char *name);
/* Best available backend here (probe order of sf_backends); never NULL (sim). */
const struct sf_backend_ops *sf_backend_auto(void);
/* The backend a name asks for: NULL, "" or "auto" = sf_backend_auto(); NULL if unknown. */
const struct sf_backend_ops *sf_backend_choose(const char *name);
int sf_backend_has_knob(const struct sf_backend_ops *b, const char *knob);
#endif
