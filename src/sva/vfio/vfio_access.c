/*
 * Device accesses of the vfio backend: NVMe commands whose data pointers
 * are the arena word's IOVA. Word w of page p is the 512-byte block at
 * IOVA(p) + w * 512 (the arena puts its 8 words 512 bytes apart).
 *
 * What QEMU 7.2's nvme does when the IOMMU refuses a DMA (docs/vfio.md):
 * block data moves through dma_blk_io(), whose address_space_map() bounce
 * buffer reads zeros and drops writes, and the command still completes
 * with success; only the PRP list is read with an error check
 * (nvme_map_prp: Data Transfer Error). So:
 *
 *  - a device read of (p, w) is a 10-block Write whose PRP list pointer
 *    is the word's IOVA: the device reads the list (the word and what
 *    follows it, to the end of the page) through the IOMMU. Data Transfer
 *    Error: refused. Success or Invalid PRP Offset (the word's value is
 *    not a page address): the read happened. The value is not read back:
 *    a pinned device reads the page it pinned, which the oracle does not
 *    check (docs/oracle.md).
 *  - a device write of (p, w, value) is a 1-block Read from a block that
 *    holds the value and a fresh nonce into the word's IOVA, then a
 *    1-block Write of the word's block to a check block and a Read of
 *    that into scratch. The nonce back means the write landed, any other
 *    block that it did not: no dma-map or dma-unmap runs between the
 *    write and its read-back (maplock), so both reach the same page or
 *    neither reaches one, and device writes of one word's block are
 *    serialised (wlock), so no other nonce can come between. (Without
 *    maplock a write that landed just before an unmap read back as a
 *    fault, and the CPU then read a value no write had put there: a
 *    MODEL finding in the first 120 s run.)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "arena.h"
#include "clock.h"
#include "vfio_dev.h"

#define BLOCK 512u
#define READ_BLOCKS 10u		/* 512 at PRP1's last block + a list of 2 entries */
#define STAGE_LBA 30u		/* of the queue's 32 blocks: the write's source */
#define CHECK_LBA 31u		/* the read-back's */
#define POISON 0x5afe5afe5afe5afeull

static uint64_t word_iova(const struct sf_dev *d, const struct sf_access *a)
{
	return sf_vfio_iova(d, a->page) + (uint64_t)(a->word % SF_WORDS_PER_PAGE) * BLOCK;
}

/* One block between the namespace and a bus address: 0 and the status, or -errno. */
static int block_io(struct sf_dev *d, struct sf_vfio_queue *q, uint8_t opc, uint32_t lba,
		    uint64_t iova, uint16_t *st)
{
	struct sf_nvme_sqe c = { .opc = opc, .nsid = d->nsid, .prp1 = iova };

	c.cdw10 = q->lba + lba;
	c.cdw12 = 0;	/* one block */
	return sf_nvme_cmd(d, q, &c, st);
}

/* A status the backend's own buffers must never get: the device is broken. */
static int own_failed(struct sf_dev *d, struct sf_vfio_queue *q, const char *what, uint16_t st)
{
	fprintf(stderr, "svafuzz: vfio: %s: %s on queue %u: status 0x%x\n", d->bdf, what, q->qid, st);
	return -EIO;
}

static int dev_read(struct sf_dev *d, struct sf_vfio_queue *q, struct sf_access *a)
{
	struct sf_nvme_sqe c = { .opc = SF_NVME_OPC_WRITE, .nsid = d->nsid };
	uint16_t st = 0;
	int rc;

	c.prp1 = q->scratch_iova + SF_VFIO_PAGE - BLOCK;	/* 512 bytes, then the list */
	c.prp2 = word_iova(d, a);
	c.cdw10 = q->lba;
	c.cdw12 = READ_BLOCKS - 1;
	a->t0 = sf_now_ns();
	rc = sf_nvme_cmd(d, q, &c, &st);
	a->t1 = sf_now_ns();
	if (rc)
		return rc;
	if (st == SF_NVME_SC_DATA_XFER_ERR)
		a->outcome = SF_FAULT;
	else if (st == 0 || st == SF_NVME_SC_INVALID_PRP_OFF)
		a->outcome = SF_OK;
	else
		return own_failed(d, q, "a device read's Write", st);
	a->err = st;
	a->value = 0;
	d->reads++;
	return 0;
}

/* The write itself and its read-back, under the word's lock: the interval's bounds. */
static int write_and_check(struct sf_dev *d, struct sf_vfio_queue *q, struct sf_access *a,
			   uint16_t *st)
{
	pthread_mutex_t *l = &d->wlock[(a->page * SF_WORDS_PER_PAGE + a->word) % SF_VFIO_WLOCKS];
	int rc;

	pthread_rwlock_rdlock(&d->maplock);
	pthread_mutex_lock(l);
	a->t0 = sf_now_ns();
	rc = block_io(d, q, SF_NVME_OPC_READ, STAGE_LBA, word_iova(d, a), &st[0]);
	if (!rc)
		rc = block_io(d, q, SF_NVME_OPC_WRITE, CHECK_LBA, word_iova(d, a), &st[1]);
	a->t1 = sf_now_ns();
	pthread_mutex_unlock(l);
	pthread_rwlock_unlock(&d->maplock);
	return rc;
}

static int dev_write(struct sf_dev *d, struct sf_vfio_queue *q, struct sf_access *a)
{
	volatile uint64_t *out = (volatile uint64_t *)q->scratch;
	volatile uint64_t *back = (volatile uint64_t *)(q->scratch + SF_VFIO_PAGE);
	uint64_t nonce = (q->nonce += 2);	/* odd (see sf_vfio_mark) */
	uint16_t st[3] = { 0 };
	int rc;

	out[0] = a->value;
	out[1] = nonce;
	rc = block_io(d, q, SF_NVME_OPC_WRITE, STAGE_LBA, q->scratch_iova, &st[0]);
	if (rc || st[0])
		return rc ? rc : own_failed(d, q, "staging a device write", st[0]);
	rc = write_and_check(d, q, a, &st[1]);
	if (rc)
		return rc;
	back[0] = back[1] = POISON;
	rc = block_io(d, q, SF_NVME_OPC_READ, CHECK_LBA, q->scratch_iova + SF_VFIO_PAGE, &st[0]);
	if (rc || st[0])
		return rc ? rc : own_failed(d, q, "reading a write's check block", st[0]);
	if (back[1] == POISON)
		return own_failed(d, q, "the check block's Read left scratch as it was", 0);
	/* a refusal the status tells (QEMU 7.2 tells none for block data) counts as one */
	a->outcome = back[1] == nonce && !st[1] && !st[2] ? SF_OK : SF_FAULT;
	a->err = st[1] ? st[1] : st[2];
	d->writes++;
	return 0;
}

/*
 * A device read's PRP list is the word's block from the word on: entry 0
 * the word, entry 1 the 8 bytes after it. QEMU stops at the first entry
 * that is not a page address (Invalid PRP Offset) before it moves any
 * data; an odd entry 1 (a write's nonce, or this mark) makes every read
 * stop there, instead of DMAing from whatever IOVA the word's value names
 * (harmless, but each one is an IOMMU fault in the guest's log).
 */
void sf_vfio_mark(uint8_t *page)
{
	for (unsigned w = 0; w < SF_WORDS_PER_PAGE; w++)
		*(volatile uint64_t *)(page + w * BLOCK + 8) = 1;
}

int sf_vfio_submit(struct sf_dev *d, unsigned qi, struct sf_access *acc, unsigned n)
{
	struct sf_vfio_queue *q;

	if (!d->arena || qi >= d->nq)
		return -EINVAL;
	q = &d->q[qi];
	for (unsigned i = 0; i < n; i++) {
		struct sf_access *a = &acc[i];
		int rc;

		if (a->page >= d->arena->npages)
			return -EINVAL;
		rc = a->write ? dev_write(d, q, a) : dev_read(d, q, a);
		if (rc)
			return rc;	/* no answer the oracle can judge */
		if (a->outcome != SF_FAULT)
			continue;
		if (a->write)
			d->write_faults++;
		else
			d->read_faults++;
		if (!__atomic_load_n(&d->mapped[a->page], __ATOMIC_RELAXED))
			d->faults_unmapped++;
	}
	return 0;
}

/* submit did the work: every access has its outcome already */
int sf_vfio_complete(struct sf_dev *d, unsigned q, struct sf_access *acc, unsigned n)
{
	(void)d;
	(void)q;
	(void)acc;
	(void)n;
	return 0;
}
