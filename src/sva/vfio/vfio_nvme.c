/*
 * A small user-space NVMe driver, enough for the vfio backend: controller
 * reset and enable with an admin queue, Identify, one I/O queue pair per
 * device queue, and synchronous commands whose completion is polled (no
 * interrupts: the queues are created with IEN clear). Every command has a
 * deadline; a controller that stops answering is an error, never a hang.
 *
 * Registers and commands as in the NVMe 1.4 base specification (3.1
 * controller registers, 5.3/5.4 create queues, 5.15 Identify).
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "clock.h"
#include "vfio_dev.h"

#define REG_CAP 0x00
#define REG_CC 0x14
#define REG_CSTS 0x1c
#define REG_AQA 0x24
#define REG_ASQ 0x28
#define REG_ACQ 0x30
#define REG_DB 0x1000

#define CC_EN 0x1u
#define CC_IOSQES (6u << 16)	/* 64-byte SQEs */
#define CC_IOCQES (4u << 20)	/* 16-byte CQEs */
#define CSTS_RDY 0x1u
#define CSTS_CFS 0x2u

#define ADM_CREATE_SQ 0x01
#define ADM_CREATE_CQ 0x05
#define ADM_IDENTIFY 0x06

static uint32_t rd32(const struct sf_dev *d, uint32_t off)
{
	return *(volatile uint32_t *)(d->bar + off);
}

static void wr32(struct sf_dev *d, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(d->bar + off) = v;
}

/* 64-bit registers as two 32-bit halves, low first (what every controller accepts) */
static void wr64(struct sf_dev *d, uint32_t off, uint64_t v)
{
	wr32(d, off, (uint32_t)v);
	wr32(d, off + 4, (uint32_t)(v >> 32));
}

/* Waits until CSTS.RDY == rdy: 0, or -ETIMEDOUT / -EIO (controller fatal status). */
static int wait_ready(struct sf_dev *d, uint32_t rdy, uint64_t timeout_ns)
{
	uint64_t end = sf_now_ns() + timeout_ns;

	for (;;) {
		uint32_t csts = rd32(d, REG_CSTS);

		if (csts == UINT32_MAX || (csts & CSTS_CFS))
			return -EIO;
		if ((csts & CSTS_RDY) == rdy)
			return 0;
		if (sf_now_ns() > end)
			return -ETIMEDOUT;
		sched_yield();
	}
}

/* Queue qid's memory: 4 pages of d->own (SQ, CQ, two scratch pages) and its doorbells. */
static void queue_setup(struct sf_dev *d, struct sf_vfio_queue *q, uint16_t qid)
{
	size_t off = (size_t)qid * 4 * SF_VFIO_PAGE;

	memset(q, 0, sizeof(*q));
	q->qid = qid;
	q->phase = 1;
	q->sq = (volatile struct sf_nvme_sqe *)(d->own + off);
	q->cq = (volatile struct sf_nvme_cqe *)(d->own + off + SF_VFIO_PAGE);
	q->scratch = d->own + off + 2 * SF_VFIO_PAGE;
	q->sq_iova = SF_VFIO_IOVA_OWN + off;
	q->cq_iova = q->sq_iova + SF_VFIO_PAGE;
	q->scratch_iova = q->sq_iova + 2 * SF_VFIO_PAGE;
	q->sq_db = (volatile uint32_t *)(d->bar + REG_DB + (2u * qid) * d->dstrd);
	q->cq_db = (volatile uint32_t *)(d->bar + REG_DB + (2u * qid + 1) * d->dstrd);
	q->lba = 64 + 32u * qid;
	q->nonce = (uint64_t)qid << 48 | 1;
}

int sf_nvme_cmd(struct sf_dev *d, struct sf_vfio_queue *q, struct sf_nvme_sqe *c, uint16_t *status)
{
	volatile struct sf_nvme_cqe *e;
	uint64_t end = sf_now_ns() + d->cmd_timeout_ns;
	uint16_t st;

	c->cid = q->cid++;
	q->sq[q->tail] = *c;
	q->tail = (uint16_t)((q->tail + 1) % SF_VFIO_QDEPTH);
	__sync_synchronize();	/* the entry before the doorbell */
	*q->sq_db = q->tail;
	e = &q->cq[q->head];
	while (((st = e->status) & 1) != q->phase) {
		if (sf_now_ns() > end) {
			uint32_t csts = rd32(d, REG_CSTS);

			fprintf(stderr, "svafuzz: vfio: %s: no completion of command %u (opcode 0x%02x) on "
				"queue %u within %llu ms (CSTS 0x%x)\n", d->bdf, c->cid, c->opc, q->qid,
				(unsigned long long)(d->cmd_timeout_ns / 1000000), csts);
			return -ETIMEDOUT;
		}
		sched_yield();
	}
	__sync_synchronize();	/* the entry's fields after its phase */
	if (e->cid != c->cid) {
		fprintf(stderr, "svafuzz: vfio: %s: completion for command %u, expected %u (queue %u)\n",
			d->bdf, e->cid, c->cid, q->qid);
		return -EIO;
	}
	*status = (uint16_t)(st >> 1) & 0x7ff;
	q->head = (uint16_t)((q->head + 1) % SF_VFIO_QDEPTH);
	if (!q->head)
		q->phase ^= 1;
	*q->cq_db = q->head;
	d->commands++;
	return 0;
}

/* An admin command that must succeed: 0, or -EIO with what failed in err. */
static int admin(struct sf_dev *d, struct sf_nvme_sqe *c, const char *what, char *err, size_t n)
{
	uint16_t st = 0;
	int rc = sf_nvme_cmd(d, &d->admin, c, &st);

	if (rc || st) {
		snprintf(err, n, "%s: NVMe %s: %s", d->bdf, what,
			 rc ? strerror(-rc) : "failed with status");
		if (!rc)
			snprintf(err + strlen(err), n - strlen(err), " 0x%x", st);
		return rc ? rc : -EIO;
	}
	return 0;
}

static int identify(struct sf_dev *d, uint32_t nsid, uint32_t cns, const char *what, char *err,
		    size_t n)
{
	struct sf_nvme_sqe c = { .opc = ADM_IDENTIFY, .nsid = nsid, .cdw10 = cns };

	c.prp1 = d->admin.scratch_iova;
	return admin(d, &c, what, err, n);
}

/* Namespace 1 must exist with 512-byte blocks (one per arena word: page / 8) and room for the queues. */
static int check_namespace(struct sf_dev *d, unsigned nq, char *err, size_t n)
{
	const uint8_t *id = d->admin.scratch;
	uint64_t nsze;
	uint32_t lbaf, lbads;
	int rc;

	d->nsid = 1;
	rc = identify(d, d->nsid, 0, "Identify namespace 1", err, n);
	if (rc)
		return rc;
	memcpy(&nsze, id, sizeof(nsze));
	memcpy(&lbaf, id + 128 + 4 * (id[26] & 0xf), sizeof(lbaf));
	lbads = (lbaf >> 16) & 0xff;
	if (lbads != 9 || nsze < 64 + 32ull * (nq + 1)) {
		snprintf(err, n, "%s: namespace 1 has %llu blocks of %u bytes; the backend needs 512-byte "
			 "blocks and %u of them", d->bdf, (unsigned long long)nsze, 1u << lbads,
			 64 + 32 * (nq + 1));
		return -EINVAL;
	}
	return 0;
}

static int create_io_queue(struct sf_dev *d, struct sf_vfio_queue *q, char *err, size_t n)
{
	struct sf_nvme_sqe cq = { .opc = ADM_CREATE_CQ, .prp1 = q->cq_iova };
	struct sf_nvme_sqe sq = { .opc = ADM_CREATE_SQ, .prp1 = q->sq_iova };
	int rc;

	cq.cdw10 = ((SF_VFIO_QDEPTH - 1) << 16) | q->qid;
	cq.cdw11 = 1;	/* physically contiguous, no interrupts */
	rc = admin(d, &cq, "Create I/O Completion Queue", err, n);
	if (rc)
		return rc;
	sq.cdw10 = ((SF_VFIO_QDEPTH - 1) << 16) | q->qid;
	sq.cdw11 = ((uint32_t)q->qid << 16) | 1;
	return admin(d, &sq, "Create I/O Submission Queue", err, n);
}

/* The backend's own memory, mapped for the device once: 4 pages per queue, admin's first. */
static int own_memory(struct sf_dev *d, unsigned nq)
{
	d->own_len = (size_t)(nq + 1) * 4 * SF_VFIO_PAGE;
	d->own = mmap(NULL, d->own_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (d->own == MAP_FAILED) {
		d->own = NULL;
		return -errno;
	}
	memset(d->own, 0, d->own_len);	/* populated before VFIO pins it */
	return sf_vfio_map(d, d->own, SF_VFIO_IOVA_OWN, d->own_len, 1);
}

int sf_nvme_init(struct sf_dev *d, unsigned nq, char *err, size_t n)
{
	uint64_t cap = rd32(d, REG_CAP) | (uint64_t)rd32(d, REG_CAP + 4) << 32;
	uint64_t ready_ns = (((cap >> 24) & 0xff) + 1) * 500000000ull;
	int rc;

	d->dstrd = 4u << ((cap >> 32) & 0xf);
	if (((cap >> 48) & 0xf) != 0 || (cap & 0xffff) + 1 < SF_VFIO_QDEPTH) {
		snprintf(err, n, "%s: CAP 0x%llx: needs 4 KiB pages and %u-entry queues", d->bdf,
			 (unsigned long long)cap, SF_VFIO_QDEPTH);
		return -ENOTSUP;
	}
	rc = own_memory(d, nq);
	if (rc) {
		snprintf(err, n, "%s: the queues' memory: %s", d->bdf, strerror(-rc));
		return rc;
	}
	wr32(d, REG_CC, 0);
	if ((rc = wait_ready(d, 0, ready_ns))) {
		snprintf(err, n, "%s: controller reset: %s", d->bdf, strerror(-rc));
		return rc;
	}
	queue_setup(d, &d->admin, 0);
	wr32(d, REG_AQA, ((SF_VFIO_QDEPTH - 1) << 16) | (SF_VFIO_QDEPTH - 1));
	wr64(d, REG_ASQ, d->admin.sq_iova);
	wr64(d, REG_ACQ, d->admin.cq_iova);
	wr32(d, REG_CC, CC_EN | CC_IOSQES | CC_IOCQES);
	if ((rc = wait_ready(d, 1, ready_ns))) {
		snprintf(err, n, "%s: controller enable: %s", d->bdf, strerror(-rc));
		return rc;
	}
	rc = identify(d, 0, 1, "Identify controller", err, n);
	if (!rc)
		rc = check_namespace(d, nq, err, n);
	for (unsigned i = 0; !rc && i < nq; i++) {
		queue_setup(d, &d->q[i], (uint16_t)(i + 1));
		rc = create_io_queue(d, &d->q[i], err, n);
	}
	if (!rc)
		d->nq = nq;
	return rc;
}

void sf_nvme_shutdown(struct sf_dev *d)
{
	if (d->bar) {
		wr32(d, REG_CC, 0);
		(void)wait_ready(d, 0, 2000000000ull);	/* disabled: no DMA after this */
	}
	if (d->own) {
		if (d->container >= 0)
			sf_vfio_unmap(d, SF_VFIO_IOVA_OWN, d->own_len);
		munmap(d->own, d->own_len);
		d->own = NULL;
	}
}
