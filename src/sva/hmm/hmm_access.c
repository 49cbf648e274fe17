/*
 * Device reads and writes through the dmirror: HMM_DMIRROR_READ/WRITE of
 * one page. The device works in whole pages: a read copies the page out
 * (we take the word asked for), a write copies a whole page in, so a
 * device write puts its value into every word of the page (the engine
 * records all of them: sf_access.page_write) and zeroes the rest.
 *
 * Stamps: t0 right before the ioctl, t1 right after it. The copy happens
 * inside, under the dmirror's mutex, after any device fault it took
 * (hmm_range_fault), so the interval is the whole ioctl: its bounce
 * buffer (vmalloc), faults and copies (docs/hmm.md gives measured widths).
 *
 * The copies are memcpy, not one 8-byte access per word: a CPU access to
 * the same word meanwhile may see (or leave) a torn value, so every
 * access is flagged SF_EVF_MAY_TEAR.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include "arena.h"
#include "clock.h"
#include "hmm_dev.h"
#include "hmm_uapi.h"

/*
 * -EBUSY: hmm_range_fault saw invalidations for a whole second
 * (HMM_RANGE_DEFAULT_TIMEOUT) and gave up. Whatever touches the process's
 * address space bumps the mirror's sequence (its notifier spans it all),
 * so the device retries a few times before it calls that a fault loop.
 */
#define BUSY_RETRIES 3

static void fill_page(struct sf_dev *d, void *buf, uint64_t value)
{
	memset(buf, 0, d->page_size);
	for (unsigned w = 0; w < SF_WORDS_PER_PAGE; w++)
		memcpy((char *)buf + w * (d->page_size / SF_WORDS_PER_PAGE), &value, 8);
}

/*
 * Every fourth op (by index, so a reproducer takes the same snapshots), a
 * device read first asks HMM_DMIRROR_SNAPSHOT for the page's rights. On
 * 6.12 that is hmm_range_fault() without faulting over a notifier of its
 * own: the CPU page table as HMM sees it at one instant of the ioctl. Its
 * claim (read, write) is judged like a successful access of that kind
 * (SF_EVF_RIGHTS): never more than the CPU allowed. A failed snapshot, or
 * one with no valid entry, claims nothing.
 */
#define SNAPSHOT_EVERY 4

static void take_rights(struct sf_dev *d, struct sf_hmm_queue *q, struct sf_access *a)
{
	struct hmm_dmirror_cmd cmd;
	uint8_t perm;

	memset(&cmd, 0, sizeof(cmd));
	cmd.addr = (uintptr_t)sf_arena_word(d->arena, a->page, 0);
	cmd.ptr = (uintptr_t)q->buf;
	cmd.npages = 1;
	a->rights_t0 = sf_stamp_before_access();
	if (ioctl(d->fd, HMM_DMIRROR_SNAPSHOT, &cmd))
		return;
	a->rights_t1 = sf_stamp_after_access();
	memcpy(&perm, q->buf, 1);
	q->snapshots++;
	if (perm == HMM_DMIRROR_PROT_ERROR)
		return;
	if (perm & HMM_DMIRROR_PROT_WRITE)
		a->rights = 2;
	else if (perm & HMM_DMIRROR_PROT_READ)
		a->rights = 1;
}

/* One access; 0, or -errno when the device itself failed (not a fault). */
static int one_access(struct sf_dev *d, struct sf_hmm_queue *q, struct sf_access *a)
{
	struct hmm_dmirror_cmd cmd;
	unsigned long req = a->write ? HMM_DMIRROR_WRITE : HMM_DMIRROR_READ;
	int rc = -1, e = 0;

	if (!a->write && a->seq % SNAPSHOT_EVERY == 0)
		take_rights(d, q, a);
	if (a->write)
		fill_page(d, q->buf, a->value);
	for (unsigned tries = 0; tries <= BUSY_RETRIES; tries++) {
		memset(&cmd, 0, sizeof(cmd));
		cmd.addr = (uintptr_t)sf_arena_word(d->arena, a->page, 0);
		cmd.ptr = (uintptr_t)q->buf;
		cmd.npages = 1;
		a->t0 = sf_stamp_before_access();
		rc = ioctl(d->fd, req, &cmd);
		a->t1 = sf_stamp_after_access();
		e = rc ? errno : 0;
		if (!rc || e != EBUSY)
			break;
		q->busy++;
	}
	q->accesses++;
	a->flags |= SF_EVF_MAY_TEAR;
	if (!rc) {
		if (cmd.cpages != 1) {
			/* the first says what; the engine's liveness rule ends the run */
			if (!__atomic_fetch_add(&d->bad_answers, 1, __ATOMIC_RELAXED))
				fprintf(stderr, "svafuzz: hmm: %s of one page answered cpages=%llu "
					"(a device that did not do what it said)\n",
					a->write ? "HMM_DMIRROR_WRITE" : "HMM_DMIRROR_READ",
					(unsigned long long)cmd.cpages);
			return -EIO;
		}
		q->dev_faults += cmd.faults;
		a->outcome = SF_OK;
		a->err = 0;
		a->page_write = a->write;
		if (!a->write)
			memcpy(&a->value, (char *)q->buf +
			       (a->word % SF_WORDS_PER_PAGE) * (d->page_size / SF_WORDS_PER_PAGE), 8);
		return 0;
	}
	switch (e) {
	case EFAULT:	/* hmm_range_fault: no VMA, no read right, or the fault failed */
	case EPERM:	/* a write to a VMA without write right */
		a->outcome = SF_FAULT;
		break;
	case EBUSY:	/* the mirror never got a stable view (above) */
		a->outcome = SF_FAULT_LOOP;
		break;
	default:	/* ENOMEM, EINVAL, ...: the device failed, not the access */
		fprintf(stderr, "svafuzz: hmm: %s page %u: %s\n",
			a->write ? "HMM_DMIRROR_WRITE" : "HMM_DMIRROR_READ", a->page, strerror(e));
		return -e;
	}
	a->err = (uint32_t)e;
	q->faults++;
	return 0;
}

/* The whole batch runs in submit, one ioctl per access; complete has nothing to wait for. */
int sf_hmm_submit(struct sf_dev *d, unsigned qi, struct sf_access *acc, unsigned n)
{
	int rc = 0;

	if (!d->arena || d->fd < 0)
		return -ENOTCONN;
	if (qi >= d->nq)
		return -EINVAL;
	/* shared per access, not per batch: a migration waits for one access at most */
	for (unsigned i = 0; i < n && !rc; i++) {
		pthread_rwlock_rdlock(&d->mig_lock);
		rc = one_access(d, &d->q[qi], &acc[i]);
		pthread_rwlock_unlock(&d->mig_lock);
	}
	return rc;
}
