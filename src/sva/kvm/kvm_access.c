/*
 * Device accesses of the KVM backend: fill a vCPU's ring, run it until the
 * guest says the batch is done, and classify the exits on the way.
 *
 * A fault shows up in one of two ways, and both are handled:
 *  - KVM_EXIT_MMIO (no memslot, a read-only memslot, or on some kernels a
 *    host mapping that forbids the access): the instruction is still in
 *    flight and the next KVM_RUN completes it with run->mmio.data. We mark
 *    the descriptor FAULT in guest memory first; the guest never overwrites
 *    a FAULT with OK, so the made-up completion cannot pass for a success.
 *  - KVM_RUN fails with EFAULT (with KVM_EXIT_MEMORY_FAULT details where
 *    the kernel has them): nothing completes the instruction, so we mark the
 *    descriptor FAULT and move the guest past the access instruction.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "arena.h"
#include "clock.h"
#include "kvm_compat.h"
#include "kvm_dev.h"

/*
 * The lower bound of the ns-per-cycle rate spans from an anchor batch to
 * this one; below 10 ms apart, the host's stamping slack around KVM_RUN
 * (microseconds) would be a large part of it, above it under 0.1 %.
 */
#define ANCHOR_MIN_GAP_NS 10000000ull

uint64_t sf_kvm_gpa(const struct sf_dev *d, uint32_t page, uint32_t word)
{
	const struct sf_arena *a = d->arena;

	return SF_KVM_ARENA_GPA + (uint64_t)page * a->page_size +
	       word * (a->page_size / SF_WORDS_PER_PAGE);
}

int sf_kvm_submit(struct sf_dev *d, unsigned qi, struct sf_access *acc, unsigned n)
{
	struct sf_kg_ring *r;

	if (qi >= d->nq || n > SF_KG_MAX_DESC || !d->arena)
		return -EINVAL;
	r = d->q[qi].ring;
	for (unsigned i = 0; i < n; i++) {
		struct sf_kg_desc *x = &r->d[i];

		if (acc[i].page >= d->arena->npages || acc[i].word >= SF_WORDS_PER_PAGE)
			return -EINVAL;
		x->gpa = sf_kvm_gpa(d, acc[i].page, acc[i].word);
		x->op = acc[i].write ? SF_KG_WRITE : SF_KG_READ;
		x->status = SF_KG_PENDING;
		x->value = acc[i].write ? acc[i].value : 0;
		x->tsc_a = x->tsc_b = 0;
	}
	r->count = n;
	r->cur = 0;
	return 0;
}

/* The descriptor the guest is on, or NULL when it has done them all. */
static struct sf_kg_desc *current_desc(struct sf_kvm_queue *q)
{
	struct sf_kg_ring *r = q->ring;

	if (r->cur >= r->count)
		return NULL;
	return &r->d[r->cur];
}

static int on_mmio(struct sf_kvm_queue *q)
{
	struct sf_kg_desc *x = current_desc(q);
	struct kvm_run *run = q->vcpu.run;

	if (!x || run->mmio.phys_addr != x->gpa)
		return -EPROTO;	/* an exit we did not cause: never guess */
	x->status = SF_KG_FAULT;
	if (!run->mmio.is_write)
		memset(run->mmio.data, 0, sizeof(run->mmio.data));
	q->faults++;
	return 0;
}

static int on_efault(struct sf_dev *d, struct sf_kvm_queue *q)
{
	struct sf_kg_desc *x = current_desc(q);
	const struct sf_kvm_guest *g = d->guest;
	uint64_t pc, base = SF_KVM_CODE_GPA;

	if (!x || g->get_pc(q->vcpu.fd, &pc) < 0)
		return -EPROTO;
	if (x->op == SF_KG_READ && pc == base + g->read_insn)
		pc = base + g->read_resume;
	else if (x->op == SF_KG_WRITE && pc == base + g->write_insn)
		pc = base + g->write_resume;
	else
		return -EPROTO;
	x->status = SF_KG_FAULT;
	q->faults++;
	return g->set_pc(q->vcpu.fd, pc) < 0 ? -errno : 0;
}

/* The guest's "batch done": a port write on x86, an MMIO write on arm64. */
static bool batch_done(const struct kvm_run *run)
{
	if (run->exit_reason == KVM_EXIT_IO)
		return run->io.port == SF_KG_DONE_PORT;
	return run->exit_reason == KVM_EXIT_MMIO && run->mmio.is_write &&
	       run->mmio.phys_addr == SF_KG_DONE_GPA;
}

/* Runs the batch to its end; 0 or -errno. */
static int run_batch(struct sf_dev *d, struct sf_kvm_queue *q)
{
	for (;;) {
		int rc = ioctl(q->vcpu.fd, KVM_RUN, 0);
		struct kvm_run *run = q->vcpu.run;

		q->exits++;
		if (rc < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			if (errno != EFAULT)
				return -errno;
			rc = on_efault(d, q);
		} else if (batch_done(run)) {
			return 0;
		} else if (run->exit_reason == KVM_EXIT_MMIO) {
			rc = on_mmio(q);
		} else if (run->exit_reason == KVM_EXIT_MEMORY_FAULT) {
			rc = on_efault(d, q);
		} else if (run->exit_reason == KVM_EXIT_INTR) {
			rc = 0;
		} else {
			return -EPROTO;
		}
		if (rc < 0)
			return rc;
	}
}

/*
 * Rate bounds from two batches of one vCPU. The guest stamped tsc_start of
 * the anchor batch before the host's "after" stamp of that batch, and
 * tsc_end of this batch after this batch's "before" stamp, so
 *     (before_now - after_anchor) / (tsc_end_now - tsc_start_anchor)
 * is a lower bound of the true ns-per-cycle rate. Each batch alone gives an
 * upper bound (after - before) / (tsc_end - tsc_start).
 */
static void clock_learn(struct sf_kvm_clock *c, const struct sf_kg_ring *r, uint64_t before,
			uint64_t after)
{
	if (r->tsc_end <= r->tsc_start)
		return;
	double hi = (double)(after - before) / (double)(r->tsc_end - r->tsc_start);

	if (!c->ns_per_cycle_high || hi < c->ns_per_cycle_high)
		c->ns_per_cycle_high = hi;
	if (!c->anchored) {
		c->anchored = 1;
		c->anchor_tsc = r->tsc_start;
		c->anchor_after = after;
		return;
	}
	if (before > c->anchor_after + ANCHOR_MIN_GAP_NS && r->tsc_end > c->anchor_tsc) {
		double lo = (double)(before - c->anchor_after) /
			    (double)(r->tsc_end - c->anchor_tsc);

		if (lo > c->ns_per_cycle_low)
			c->ns_per_cycle_low = lo;
	}
	if (c->ns_per_cycle_low > c->ns_per_cycle_high)
		c->broken = 1;
}

/* One access's interval: the batch's, narrowed by its own cycle stamps. */
static void access_interval(const struct sf_kvm_clock *c, const struct sf_kg_ring *r,
			    const struct sf_kg_desc *x, uint64_t before, uint64_t after,
			    struct sf_access *a)
{
	a->t0 = before;
	a->t1 = after;
	if (c->batch_only)
		return;
	if (c->broken || c->ns_per_cycle_low <= 0 || !x->tsc_a || !x->tsc_b ||
	    x->tsc_a < r->tsc_start || x->tsc_b > r->tsc_end || x->tsc_a > x->tsc_b)
		return;
	uint64_t lo = before + (uint64_t)((double)(x->tsc_a - r->tsc_start) * c->ns_per_cycle_low);
	uint64_t back = (uint64_t)((double)(r->tsc_end - x->tsc_b) * c->ns_per_cycle_low);
	uint64_t hi = after > back ? after - back : before;

	if (lo > hi)
		return;	/* the bounds crossed: the rate assumption failed here */
	a->t0 = lo;
	a->t1 = hi;
}

int sf_kvm_complete(struct sf_dev *d, unsigned qi, struct sf_access *acc, unsigned n)
{
	struct sf_kvm_queue *q;
	uint64_t before, after, emul;
	bool torn;
	int rc;

	if (qi >= d->nq)
		return -EINVAL;
	q = &d->q[qi];
	if (q->ring->count != n)
		return -EINVAL;
	emul = sf_kvm_emul_count(&q->emul);
	before = sf_stamp_before_access();
	rc = run_batch(d, q);
	after = sf_stamp_after_access();
	if (rc < 0)
		return rc;
	/* the host emulated instructions of this batch: any access may be a byte copy */
	torn = d->guest->host_emulates &&
	       (emul == UINT64_MAX || sf_kvm_emul_count(&q->emul) != emul);
	q->emulated += torn;
	q->batches++;
	clock_learn(&q->clock, q->ring, before, after);
	for (unsigned i = 0; i < n; i++)
		if (q->ring->d[i].status == SF_KG_PENDING)
			return -EPROTO;	/* the guest skipped one: never report it */
	for (unsigned i = 0; i < n; i++) {
		const struct sf_kg_desc *x = &q->ring->d[i];

		acc[i].outcome = x->status == SF_KG_OK ? SF_OK : SF_FAULT;
		acc[i].err = x->status;
		acc[i].flags = torn ? SF_EVF_MAY_TEAR : 0;
		if (!acc[i].write)
			acc[i].value = x->status == SF_KG_OK ? x->value : 0;
		access_interval(&q->clock, q->ring, x, before, after, &acc[i]);
	}
	return 0;
}
