/*
 * The io_uring backend ("uring"): the kernel itself is the device. A
 * device write is IORING_OP_READ from a pipe prefilled with the value
 * into the arena word; a device read is IORING_OP_WRITE of the arena word
 * into a pipe, read back afterwards. The kernel copies through the
 * process's page tables when the request executes (inline during submit,
 * or in an io-wq worker thread for requests flagged IOSQE_ASYNC: every
 * other access, so both agents are exercised), so it follows the CPU page
 * table: mirror semantics. A completion with res < 0 (-EFAULT) is a fault.
 *
 * The kernel's copy (copy_to_user / copy_from_user: rep movsb on CPUs
 * with FSRM, as here) is no single 8-byte access: it may go byte by byte,
 * and an interrupt or a preempted vCPU between two bytes leaves the word
 * holding part of each value for that long. Seen in a 10 s run: a device
 * read returned 0x72, the low byte of a device write in flight over a zero
 * word. So every access is flagged SF_EVF_MAY_TEAR.
 *
 * Stamps: t0 right before io_uring_submit, t1 when the access's CQE is
 * reaped. One ring and one pool of pipes per queue: queues are driven by
 * different threads and share nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "backend.h"
#include "arena.h"
#include "clock.h"
#include "state.h"

#define RING_DEPTH 128
#define POOL 64			/* accesses in flight per queue (one pipe each) */

struct uq {
	struct io_uring ring;
	int ring_ok;
	int pipes[POOL][2];
	uint64_t buf[POOL];	/* read-back of device reads */
};

struct sf_dev {
	struct sf_arena *a;
	unsigned nq;
	struct uq *q;
	uint64_t faults, async_ops, accesses;
};

static int uring_probe(char *why, size_t n)
{
	struct io_uring ring;
	int rc = io_uring_queue_init(8, &ring, 0);

	if (rc < 0) {
		snprintf(why, n, "io_uring_queue_init: %s%s", strerror(-rc),
			 rc == -EPERM ? " (kernel.io_uring_disabled?)" : "");
		return 1;
	}
	io_uring_queue_exit(&ring);
	return 0;
}

static void uq_close(struct uq *q)
{
	if (q->ring_ok)
		io_uring_queue_exit(&q->ring);
	for (int i = 0; i < POOL; i++)
		for (int j = 0; j < 2; j++)
			if (q->pipes[i][j] >= 0)
				close(q->pipes[i][j]);
}

static int uq_open(struct uq *q)
{
	for (int i = 0; i < POOL; i++)
		q->pipes[i][0] = q->pipes[i][1] = -1;
	for (int i = 0; i < POOL; i++)
		if (pipe2(q->pipes[i], O_CLOEXEC))
			return -errno;
	int rc = io_uring_queue_init(RING_DEPTH, &q->ring, 0);
	if (rc < 0)
		return rc;
	q->ring_ok = 1;
	/* the rings are the tool's plumbing, not under test: keep them out of fork's children */
	return io_uring_ring_dontfork(&q->ring);
}

static void uring_close(struct sf_dev *d)
{
	if (!d)
		return;
	for (unsigned i = 0; d->q && i < d->nq; i++)
		uq_close(&d->q[i]);
	free(d->q);
	free(d);
}

static int uring_open(struct sf_dev **out, const struct sf_dev_opts *o, char *err, size_t n)
{
	struct sf_dev *d = calloc(1, sizeof(*d));
	int rc;

	if (!d)
		return -ENOMEM;
	d->nq = o && o->nqueues ? o->nqueues : 1;
	d->q = calloc(d->nq, sizeof(*d->q));
	if (!d->q) {
		free(d);
		return -ENOMEM;
	}
	for (unsigned i = 0; i < d->nq; i++) {
		rc = uq_open(&d->q[i]);
		if (rc < 0) {
			snprintf(err, n, "io_uring queue %u: %s", i, strerror(-rc));
			d->nq = i + 1;
			uring_close(d);
			return rc;
		}
	}
	*out = d;
	return 0;
}

static int uring_bind(struct sf_dev *d, struct sf_arena *a)
{
	d->a = a;
	return 0;
}

static void uring_unbind(struct sf_dev *d)
{
	d->a = NULL;
}

/* Empty a pipe (bytes a failed request left behind) so the next use starts clean. */
static void drain(int fd)
{
	int avail = 0;
	char junk[64];

	while (ioctl(fd, FIONREAD, &avail) == 0 && avail > 0)
		if (read(fd, junk, (size_t)avail < sizeof(junk) ? (size_t)avail : sizeof(junk)) <= 0)
			break;
}

static int uring_submit(struct sf_dev *d, unsigned qi, struct sf_access *acc, unsigned n)
{
	struct uq *q;
	uint64_t t0;
	int rc;

	if (!d->a || qi >= d->nq || n > POOL)
		return -EINVAL;
	q = &d->q[qi];
	for (unsigned i = 0; i < n; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&q->ring);
		void *word = (void *)sf_arena_word(d->a, acc[i].page, acc[i].word % SF_WORDS_PER_PAGE);

		if (!sqe)
			return -EBUSY;
		if (acc[i].write) {
			/* the value waits in the pipe; the kernel copies it into the arena */
			if (write(q->pipes[i][1], &acc[i].value, 8) != 8)
				return -errno;
			io_uring_prep_read(sqe, q->pipes[i][0], word, 8, 0);
		} else {
			io_uring_prep_write(sqe, q->pipes[i][1], word, 8, 0);
		}
		if (acc[i].seq & 1) {
			sqe->flags |= IOSQE_ASYNC;	/* an io-wq kernel thread does it */
			d->async_ops++;
		}
		io_uring_sqe_set_data64(sqe, i);
		acc[i].flags |= SF_EVF_MAY_TEAR;
	}
	t0 = sf_stamp_before_access();
	rc = io_uring_submit(&q->ring);
	if (rc < 0)
		return rc;
	for (unsigned i = 0; i < n; i++)
		acc[i].t0 = t0;
	return 0;
}

static void finish_one(struct sf_dev *d, struct uq *q, struct sf_access *a, unsigned i, int res)
{
	d->accesses++;
	if (res == 8) {
		a->outcome = SF_OK;
		a->err = 0;
		if (!a->write && read(q->pipes[i][0], &a->value, 8) != 8) {
			a->outcome = SF_FAULT;	/* cannot happen: the kernel wrote 8 bytes */
			a->err = EIO;
		}
	} else {
		/* -EFAULT: the page tables refused; a short copy cannot happen on an aligned word */
		a->outcome = SF_FAULT;
		a->err = (uint32_t)(res < 0 ? -res : EIO);
		d->faults++;
	}
	/* a failed device write leaves the value in the pipe; a device read may leave bytes */
	drain(q->pipes[i][0]);
}

static int uring_complete(struct sf_dev *d, unsigned qi, struct sf_access *acc, unsigned n)
{
	struct uq *q;

	if (qi >= d->nq)
		return -EINVAL;
	q = &d->q[qi];
	for (unsigned done = 0; done < n; done++) {
		struct io_uring_cqe *cqe;
		int rc;

		do
			rc = io_uring_wait_cqe(&q->ring, &cqe);
		while (rc == -EINTR);
		if (rc < 0)
			return rc;
		uint64_t t1 = sf_stamp_after_access();
		unsigned i = (unsigned)io_uring_cqe_get_data64(cqe);
		int res = cqe->res;

		io_uring_cqe_seen(&q->ring, cqe);
		if (i >= n)
			return -EIO;
		acc[i].t1 = t1;
		finish_one(d, q, &acc[i], i, res);
	}
	return 0;
}

static void uring_stats(struct sf_dev *d, struct sf_be_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->steps = d->accesses;
	st->fault_retries = d->faults;
}

const struct sf_backend_ops sf_backend_uring = {
	.name = "uring",
	.desc = "io_uring reads/writes into the arena by the kernel (inline and io-wq threads)",
	.sem = SF_SEM_MIRROR,
	.flags = 0,
	.knobs = (const char *const[]){ NULL },
	.ops_supported = SF_OPS_MM,
	.probe = uring_probe,
	.open = uring_open,
	.bind = uring_bind,
	.unbind = uring_unbind,
	.submit = uring_submit,
	.complete = uring_complete,
	.stats = uring_stats,
	.close = uring_close,
};
