/*
 * The sim backend's private model (docs/sim.md): CPU page tables, physical
 * frames with COW refcounts, page caches, an SMMU-like IOTLB, the mmu
 * notifier call points, and a seeded scheduler that interleaves the
 * program's threads one step at a time. Everything is deterministic: the
 * only source of choice is one sf_rng seeded from the program and device.
 *
 * Shared by src/sva/sim*.c and the sim's unit tests; nothing else.
 */
#ifndef SF_SIM_H
#define SF_SIM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "backend.h"
#include "collector.h"
#include "event.h"
#include "oracle.h"
#include "rng.h"
#include "seq.h"

/*
 * Bookkeeping that runs for every thread at every scheduler step stays out
 * of fuzzing coverage (clang -fsanitize-coverage, as fuzz/ builds use):
 * it compares virtual times and counters, never input values, so its
 * traced comparisons guide nothing, and they cost a tenth of fuzz_sim's
 * time. Where a run goes is still covered by what each step does.
 */
#if defined(__clang__) && __clang_major__ >= 13
#define SIM_NO_COVERAGE __attribute__((no_sanitize("coverage"), noinline))
#else
#define SIM_NO_COVERAGE
#endif

/* Backend-side ops the sim models, run as mutations: hmm's and the IOAS's */
#define SIM_SLOT_OPS (SF_OPS_HMM | SF_OPS_IOAS)
/* Virtual time: step k happens at t = k * SIM_TICK_NS. */
#define SIM_TICK_NS 10
/* I/O page faults the handler found nothing to fix before the device gives up. */
#define SIM_NOOP_BOUND 8
/* Absolute bound on one device access's fault/retry rounds. */
#define SIM_RETRY_BOUND 1000
/* A barrier waiter is let go after this many steps. */
#define SIM_BARRIER_BOUND 20000
/* Longest delay op, in steps. */
#define SIM_DELAY_MAX 1000
/* Freed frames are reused only once this many more are waiting (like a KASAN quarantine). */
#define SIM_QUARANTINE 256

/* Content object ids of page-cache pages (SF_OBJ_SET): base + (gen << 22) + offset. */
#define SIM_OBJ_MEMFD (1ull << 44)
#define SIM_OBJ_FILE (2ull << 44)
#define SIM_OBJ_GEN_SHIFT 22

#define SIM_NO_FRAME (-1)
#define SIM_ZERO_FRAME 0	/* the shared zero page: never written, never freed */

enum sim_knob {
	SIM_K_NONE,
	SIM_K_NO_UPGRADE_INVAL,
	SIM_K_NO_DOWNGRADE_INVAL,
	SIM_K_RANGE_END_OFF_BY_ONE,
	SIM_K_RANGE_START_EQUALS_END,
	SIM_K_SKIP_MULTI_VMA,
	SIM_K_INVAL_BEFORE_PTE_CHANGE,
	SIM_K_STALE_AFTER_COW,
	SIM_K_IOAS_UNMAP_SKIPS_DOMAIN,
	SIM_K__COUNT
};

enum sim_arch {
	SIM_ARCH_SMMUV3,	/* a cached entry stays until invalidated, even after a fault */
	SIM_ARCH_VTD,		/* a translation that faulted is dropped */
};

/* knob names, NULL-terminated, in enum order from SIM_K_NO_UPGRADE_INVAL */
extern const char *const sim_knob_names[];
/* SIM_K_NONE for NULL or "", -1 if unknown */
int sim_knob_parse(const char *name);
/* -1 if unknown; NULL and "" give smmuv3 (the sim models the seed bug's IOMMU) */
int sim_arch_parse(const char *name);

struct sim_frame {
	uint64_t w[SF_WORDS_PER_PAGE];
	uint32_t ref;		/* PTEs + page cache + swap + fork child */
	uint32_t locked;	/* under migration: page-cache faults wait */
};

/* sim_page.chg: what happened to the PTE since the last flush covered it */
#define SIM_CHG_UP 1		/* gained read or write */
#define SIM_CHG_DOWN 2		/* lost a permission, or its frame */

/* One virtual page of the arena. */
struct sim_page {
	/* the VMA's view: what a fault handler may grant */
	uint8_t backing;	/* enum sf_backing */
	uint8_t prot;		/* SF_PROT_* */
	uint8_t uffd_wp;
	uint8_t chg;		/* SIM_CHG_* */
	uint32_t vma;		/* pages with equal ids form one VMA */
	uint32_t pgoff;		/* memfd/file: page-cache offset; anon-shared: shm slot */
	int32_t swap;		/* anon-private content while no PTE; -1: zero-fill on touch */
	/* the PTE */
	int32_t pfn;		/* -1: none */
	uint8_t r, w;		/* hardware may read / write */
	uint8_t migrating;	/* a migration entry: walks fail, faults wait */
	/* the IOTLB entry */
	uint8_t tlb_valid;
	int32_t tlb_pfn;
	uint8_t tlb_w;
	/* the fork child's view of a private page (during a fork op) */
	int32_t child;
	uint8_t hmm;		/* SIM_HMM_*: on the hmm device (sim_hmm.c) */
	uint8_t ioas;		/* SIM_IOAS_*: the page's identity IOVA (sim_ioas.c) */
};

/* sim_page.ioas: an area maps the IOVA, writeable, starting there; a shadow copy;
 * the device still reaches it after an unmap (knob ioas-unmap-skips-domain) */
#define SIM_IOAS_AREA 1
#define SIM_IOAS_W 2
#define SIM_IOAS_HEAD 4
#define SIM_IOAS_COPY 8
#define SIM_IOAS_STALE 16
/* sim_page.hmm: what a CPU access must undo first (sim_hmm.c) */
enum { SIM_HMM_NONE, SIM_HMM_DEVPRIV, SIM_HMM_EXCL };

/* One shared object's pages: memfd, file (indexed by offset) or anon-shared slots. */
struct sim_pcache {
	int32_t *frame;
	uint32_t *gen;		/* bumped by hole punch: new content object */
	uint32_t *mark;		/* == sf_dev.stamp: punched by the current op */
	uint32_t n, cap;
};

/* Micro-steps of a mutation: one runs per scheduler step. */
enum sim_mop_kind {
	SIM_MOP_PROT,		/* PTE follows the VMA's new prot (mprotect) */
	SIM_MOP_ZAP,		/* clear the PTE; arg: 1 = drop private content */
	SIM_MOP_FORK_WP,	/* write-protect for COW; the child takes a reference */
	SIM_MOP_FLUSH,		/* CPU TLB flush of [page, page+n) + secondary invalidation,
				 * then free what the zaps released; arg 1: no invalidation
				 * (it ran early, knob inval-before-pte-change) */
	SIM_MOP_FLUSH_EARLY,	/* the flush, run before the PTE changes (knob) */
	SIM_MOP_MOVE,		/* mremap: PTE of page moves to page2 */
	SIM_MOP_MMAP_UNLOCK,	/* fork returned in the parent */
	SIM_MOP_CHILD_WRITE,	/* the child writes word 0 (its own COW break) */
	SIM_MOP_CHILD_EXIT,	/* the child's references go */
	SIM_MOP_MIGRATE_UNMAP,	/* migration entry + invalidation */
	SIM_MOP_MIGRATE_COPY,	/* new frame, content copied, PTE restored */
	SIM_MOP_PUNCH,		/* drop a shared object's page; arg: backing, page: offset/slot */
	SIM_MOP_UFFD_ON,	/* write-protect the PTE */
	SIM_MOP_UFFD_OFF,	/* un-protect, invalidating at once */
	SIM_MOP_FAULTIN,	/* mlock populate: fault the page in */
	SIM_MOP_END,		/* range_end, events out, locks released */
};

struct sim_mop {
	uint8_t kind, arg;
	uint32_t page, n;
	int32_t page2;
};

/* One effect entry; sim_events.c coalesces runs of them into events. */
struct sim_eff {
	uint32_t page;
	struct sf_effect eff;
};

struct sim_thread {
	uint32_t *ops;		/* op indices of this thread, program order */
	size_t nops, next;
	bool active;		/* an op is in flight */
	bool done;
	bool want_rlock;	/* a fault handler waits for the mmap lock */
	bool cur_mut, next_mut;	/* the current / next op is a mutation (asked every step) */
	uint8_t phase;
	size_t cur;		/* index of the current op */
	uint64_t t0;		/* time of its first step */
	uint64_t wake;		/* delay: runnable again at this step */
	int32_t barrier;	/* barrier slot waited on, -1 none */
	uint64_t bar_since;
	uint32_t noops, rounds;	/* device fault bookkeeping */
};

struct sim_barrier {
	uint32_t id;
	uint32_t participants;	/* threads that have the id in their program */
	uint32_t waiting;
	uint64_t threads;	/* bitmask of participants */
};

/* The one mutation in flight (mutations are serialised, as in the real daemon). */
struct sim_mut {
	int32_t owner;		/* thread, -1 none */
	bool mmap_write;	/* holds the mmap lock for writing */
	size_t op;		/* op index */
	struct sim_mop *mops;
	size_t nmops, pc, mcap;
	struct sim_eff *effs;
	size_t neffs, ecap;
	int32_t *puts;		/* frame references to drop after the flush */
	size_t nputs, pcap;
	uint32_t vma_end;	/* end of the first VMA of the range (skip-multi-vma) */
};

struct sf_dev {
	enum sim_knob knob;
	enum sim_arch arch;
	uint64_t seed;
	struct sf_be_stats st;
	/* test seam: sees every event pushed (may be NULL) */
	void (*ev_hook)(void *arg, const struct sf_event *ev);
	void *ev_arg;

	/* per run */
	const struct sf_seq *prog;
	struct sf_collector *col;
	struct sf_rng rng;
	uint64_t now;		/* current step */
	uint32_t npages;
	struct sim_page *pages;
	size_t pages_cap;
	uint32_t next_vma;
	struct sim_frame *frames;
	uint32_t nframes;
	size_t frames_cap;
	int32_t *freeq;		/* FIFO of free frames */
	uint32_t fq_head, fq_tail, fq_cap;	/* fq_cap: power of two */
	struct sim_pcache memfd, file, shm;
	struct sim_thread *th;
	uint32_t nth;
	size_t th_cap;
	uint32_t *opidx;	/* every thread's op indices, thread after thread */
	size_t opidx_cap;
	uint64_t done_mask;	/* threads that finished their program */
	struct sim_barrier *bars;
	uint32_t nbars;
	size_t bars_cap;
	struct sim_mut mut;
	uint64_t events;	/* pushed this run */
	uint32_t stamp;		/* per-op mark for sim_pcache.mark */
};

/* sim_mem.c: frames and shared objects */
/* Makes *p hold at least need elements of elem bytes (doubling); 0 or -1 on ENOMEM. */
int sim_grow(void **p, size_t *cap, size_t need, size_t elem);
int sim_mem_reset(struct sf_dev *d, uint32_t npages);
void sim_mem_free(struct sf_dev *d);
int32_t sim_frame_alloc(struct sf_dev *d);	/* zeroed, ref 1; -1 on ENOMEM */
void sim_frame_get(struct sf_dev *d, int32_t f);
void sim_frame_put(struct sf_dev *d, int32_t f);
struct sim_pcache *sim_pcache_of(struct sf_dev *d, unsigned backing);
int32_t sim_pcache_slot_new(struct sf_dev *d);	/* anon-shared: a fresh slot */
int sim_pcache_ensure(struct sim_pcache *pc, uint32_t off);	/* 0, or -1 on ENOMEM */
uint64_t sim_pcache_obj(const struct sf_dev *d, unsigned backing, uint32_t off);

/* sim_fault.c: the fault handler shared by the CPU and the device */
enum sim_fault_res {
	SIM_F_FIXED,		/* the PTE now allows the access */
	SIM_F_NOOP,		/* the PTE already allowed it: nothing to do */
	SIM_F_WAIT,		/* a migration entry: try again later */
	SIM_F_MAPERR,		/* no VMA */
	SIM_F_ACCERR,		/* the VMA forbids it (or userfaultfd would take it) */
};
bool sim_vma_allows(const struct sim_page *pg, bool write);
bool sim_pte_allows(const struct sim_page *pg, bool write);
enum sim_fault_res sim_fault(struct sf_dev *d, uint32_t page, bool write);
/* PTE setter that records what changed for the next flush */
void sim_pte_set(struct sf_dev *d, uint32_t page, int32_t pfn, bool r, bool w);

/* sim_tlb.c: invalidation with the bug knobs */
enum sim_inval_why {
	SIM_INV_UPGRADE,	/* a PTE gained write (fault path, uffd un-protect) */
	SIM_INV_DOWNGRADE,	/* a PTE lost permission or was unmapped */
	SIM_INV_NEWPFN,		/* COW copy or migration: the page moved */
};
void sim_tlb_inval_page(struct sf_dev *d, uint32_t page, enum sim_inval_why why);
void sim_tlb_flush_range(struct sf_dev *d, uint32_t page, uint32_t n);
void sim_tlb_flush_early(struct sf_dev *d, uint32_t page, uint32_t n);

/* sim_access.c: one step of a CPU or device access; true when the op is done */
bool sim_access_step(struct sf_dev *d, struct sim_thread *t, uint32_t tid);

/* sim_events.c */
void sim_push(struct sf_dev *d, const struct sf_event *ev);
struct sf_effect sim_eff_keep(void);
int sim_eff_add(struct sf_dev *d, uint32_t page, const struct sf_effect *e);
/* the mutation's events: coalesced runs of its effect list over [t0, t1] */
void sim_eff_flush(struct sf_dev *d, const struct sf_seq_op *op, uint16_t tid,
		   uint64_t t0, uint64_t t1);
void sim_push_failed(struct sf_dev *d, const struct sf_seq_op *op, uint16_t tid,
		     uint64_t t, int err);

/* sim_mut*.c: a mutation's first step builds its micro-steps; 0 or an errno */
int sim_mop_add(struct sf_dev *d, enum sim_mop_kind k, uint32_t page, uint32_t n,
		int32_t page2, uint8_t arg);
int sim_put_later(struct sf_dev *d, int32_t f);
/* the range's PTE changes and their flush, in the knob's order */
int sim_mop_range(struct sf_dev *d, enum sim_mop_kind k, uint32_t page, uint32_t n, uint8_t arg);
bool sim_all_mapped(const struct sf_dev *d, uint32_t page, uint32_t n);
/* for skip-multi-vma: where the first VMA met in [page, page+n) ends */
void sim_note_first_vma(struct sf_dev *d, uint32_t page, uint32_t n);
int sim_mut_begin(struct sf_dev *d, const struct sf_seq_op *op);
int sim_mut_map_begin(struct sf_dev *d, const struct sf_seq_op *op);	/* mmap munmap mprotect mremap */
int sim_mut_misc_begin(struct sf_dev *d, const struct sf_seq_op *op);	/* the rest */
/* runs the next micro-step; true when the mutation is over */
bool sim_mop_step(struct sf_dev *d);
void sim_vma_merge(struct sf_dev *d, uint32_t page, uint32_t n);
void sim_migrate_plan(struct sf_dev *d, uint32_t page);
int sim_hmm_begin(struct sf_dev *d, const struct sf_seq_op *op);	/* hmm's ops; ENOSYS others */
void sim_hmm_cpu_touch(struct sf_dev *d, uint32_t page);
void sim_compact_plan(struct sf_dev *d);
/* sim_ioas.c: iommufd's IOAS ops; ENOSYS for others */
int sim_ioas_begin(struct sf_dev *d, const struct sf_seq_op *op);
void sim_ioas_reset(struct sf_dev *d);	/* every page mapped, as the backend binds */
/* may a device access reach the page's IOVA? 0, ENOENT (no area) or EPERM (read-only) */
int sim_ioas_gate(const struct sf_dev *d, uint32_t page, bool write);

/* sim_sched.c */
int sim_run(struct sf_dev *d, const struct sf_seq *prog, struct sf_collector *c);
static inline uint64_t sim_time(const struct sf_dev *d)
{
	return d->now * SIM_TICK_NS;
}
#endif
