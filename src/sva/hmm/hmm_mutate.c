/*
 * The device's own changes to the arena (SF_OPS_HMM), run by the backend
 * like KVM's memslot changes: HMM_DMIRROR_MIGRATE_TO_DEV moves anonymous
 * private pages into the device's private memory (the CPU page table
 * then holds device-private entries, and a CPU access migrates the page
 * back), MIGRATE_TO_SYS moves them back, EXCLUSIVE makes them
 * device-exclusive (make_device_exclusive_range: a CPU access faults and
 * restores the normal entry). None changes what the CPU may do or the
 * content: their effect is KEEP, and the oracle holds the kernel to that
 * (a migration that lost content, or a mirror entry that outlived one,
 * is a finding). Pages a call cannot move (shared or file pages, a VMA
 * without read right, a failed GUP) stay where they are: the call fails
 * or moves fewer, which changes nothing the oracle models either.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include "arena.h"
#include "clock.h"
#include "collector.h"
#include "hmm_dev.h"
#include "hmm_uapi.h"

static int op_index(enum sf_op op)
{
	switch (op) {
	case SF_OP_HMM_TO_DEV:
		return SF_HMM_TO_DEV;
	case SF_OP_HMM_TO_SYS:
		return SF_HMM_TO_SYS;
	case SF_OP_HMM_EXCL:
		return SF_HMM_EXCL;
	default:
		return -1;
	}
}

static const unsigned long requests[SF_HMM__OPS] = {
	[SF_HMM_TO_DEV] = HMM_DMIRROR_MIGRATE_TO_DEV,
	[SF_HMM_TO_SYS] = HMM_DMIRROR_MIGRATE_TO_SYS,
	[SF_HMM_EXCL] = HMM_DMIRROR_EXCLUSIVE,
};

/* The bounce buffer the device copies the moved pages into: npages pages. */
static int buf_for(struct sf_dev *d, uint32_t npages)
{
	size_t len = (size_t)npages * d->page_size;
	void *p;

	if (len <= d->mbuf_len)
		return 0;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	madvise(p, len, MADV_DONTFORK);
	if (d->mbuf)
		munmap(d->mbuf, d->mbuf_len);
	d->mbuf = p;
	d->mbuf_len = len;
	return 0;
}

/*
 * KEEP, and SF_PS_DEVPRIV while a page may be in device memory: set by
 * migrate-to-dev (also when it fails: it may have moved some pages),
 * cleared by a migrate-to-sys that succeeded (it moved every page back).
 */
static void keep_event(struct sf_event *ev, const struct sf_seq_op *op, int k, bool ok)
{
	ev->kind = SF_EV_MUTATION;
	ev->page = op->page;
	ev->npages = op->npages;
	ev->eff.set_backing = SF_EFF_KEEP;
	ev->eff.set_prot = SF_EFF_KEEP;
	ev->eff.obj_mode = SF_OBJ_KEEP;
	if (k == SF_HMM_TO_DEV)
		ev->eff.flags_set = SF_PS_DEVPRIV;
	else if (k == SF_HMM_TO_SYS && ok)
		ev->eff.flags_clear = SF_PS_DEVPRIV;
}

int sf_hmm_mutate(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		  struct sf_event *ev)
{
	struct hmm_dmirror_cmd cmd;
	int k = op_index(op->op), rc, e;

	if (k < 0 || !d->arena || d->fd < 0 || !op->npages ||
	    op->page + op->npages > d->arena->npages)
		return -EINVAL;
	rc = buf_for(d, op->npages);
	if (rc)
		return rc;
	memset(&cmd, 0, sizeof(cmd));
	cmd.addr = (uintptr_t)sf_arena_word(d->arena, op->page, 0);
	cmd.ptr = (uintptr_t)d->mbuf;
	cmd.npages = op->npages;
	/* no access of ours in flight: test_hmm ignores its own migrations' invalidations */
	pthread_rwlock_wrlock(&d->mig_lock);
	ev->t0 = sf_slot_begin(slot);
	rc = ioctl(d->fd, requests[k], &cmd);
	ev->t1 = sf_now_ns();
	e = rc ? errno : 0;
	pthread_rwlock_unlock(&d->mig_lock);
	d->calls[k]++;
	keep_event(ev, op, k, !rc);
	if (rc) {
		d->failed[k]++;
		ev->err = (uint32_t)e;
		/*
		 * The oracle applies no failed change; a migrate-to-dev that
		 * failed at a later VMA may have moved the pages before it:
		 * its DEVPRIV mark must apply (with the errno kept)
		 */
		ev->outcome = k == SF_HMM_TO_DEV ? SF_OK : SF_FAILED;
		return 0;
	}
	ev->outcome = SF_OK;
	d->pages[k] += cmd.cpages;
	return 0;
}
