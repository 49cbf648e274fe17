/*
 * The device's pinned path. ACCESS_RW of a span over two pages of one
 * area, with MOCK_ACCESS_RW_SLOW_PATH, goes through iopt_pages_rw_slow():
 * its pfn reader takes the pfns from the mock domain, i.e. the pages the
 * area pinned at map time, not what the CPU maps now (a one-page access
 * pins the page mapped now instead). So the backend reads, through the
 * pinned pfns, word 7 of page p and word 0 of page p+1 at once (the bytes
 * between are words no access uses).
 *
 * Judged as mirror reads (what the CPU maps), which is sound only where
 * the pinned page is the page the CPU maps. The check runs as part of an
 * IOAS op, under the mutation lock: no CPU mutation can change the VA's
 * page meanwhile, and MD_CHECK_MAP just before says the domain holds the
 * very page mapped at both VAs now. Without a mutation the page behind a
 * pinned VA cannot change on a correct kernel: a pinned anonymous page is
 * kept exclusive (fork copies it for the child, so no COW fault replaces
 * it; reclaim, migration, compaction, KSM and khugepaged skip pinned
 * pages). So the read must see the CPU's last write to those words (the
 * oracle's value rule); a kernel that lets the CPU's page drift from the
 * pinned one (the GUP-after-fork class) shows as STALE_READ. Device
 * writes through the pinned path are not made: a pinned device may write
 * where the CPU may not (a later mprotect, uffd-wp), which the mirror
 * rule would call STALE_WRITE, and the backend cannot see the VMA.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "arena.h"
#include "clock.h"
#include "collector.h"
#include "iommufd_dev.h"

#define FIRST_WORD (SF_WORDS_PER_PAGE - 1)

/* May pages p and p+1 be read through the pinned pfns of one area? */
static int pinned_pair(struct sf_dev *d, uint32_t p)
{
	return p + 1 < d->arena->npages && d->mapped[p] && d->mapped[p + 1] && !d->head[p + 1] &&
	       sf_iommufd_md_check_map(d, p) == 0 && sf_iommufd_md_check_map(d, p + 1) == 0;
}

void sf_iommufd_put_read(struct sf_slot *slot, const struct sf_event *ev, uint32_t page,
			 uint32_t word, uint64_t value, uint8_t flags, uint64_t t0, uint64_t t1)
{
	struct sf_event acc;

	memset(&acc, 0, sizeof(acc));
	acc.kind = SF_EV_ACCESS;
	acc.op = SF_OP_DEV_READ;
	acc.flags = flags;
	acc.thread = ev->thread;
	acc.seq = ev->seq;
	acc.page = page;
	acc.npages = 1;
	acc.word = word;
	acc.value = value;
	acc.t0 = t0;
	acc.t1 = t1;
	acc.outcome = SF_OK;
	sf_slot_put(slot, &acc);
}

/*
 * For each pinned pair in [page, end): one read through the pinned pfns,
 * published as two device reads after ev (put: whether ev went already).
 */
void sf_iommufd_pinned_reads(struct sf_dev *d, struct sf_slot *slot, struct sf_event *ev,
			     uint32_t page, uint32_t end, int *put)
{
	size_t word = d->arena->page_size / SF_WORDS_PER_PAGE;
	size_t len = d->arena->page_size - FIRST_WORD * word + sizeof(uint64_t);
	uint64_t *buf = malloc(len), t0, t1;

	if (!buf)
		return;
	for (uint32_t p = page; p < end; p++) {
		uint64_t first, last;
		int rc;

		if (!pinned_pair(d, p))
			continue;
		t0 = sf_stamp_before_access();
		rc = sf_iommufd_rw_span(d, sf_iommufd_iova(d, SF_IOMMUFD_IDENTITY, p) +
					FIRST_WORD * word, buf, len);
		t1 = sf_stamp_after_access();
		d->pinned_reads++;
		if (rc) {
			d->pinned_read_fails++;	/* counted, not judged: the pfn reader may run out */
			continue;
		}
		memcpy(&last, buf, sizeof(last));
		memcpy(&first, (char *)buf + len - sizeof(first), sizeof(first));
		if (!(*put)++)
			sf_slot_put(slot, ev);
		sf_iommufd_put_read(slot, ev, p, FIRST_WORD, last, 0, t0, t1);
		sf_iommufd_put_read(slot, ev, p + 1, 0, first, 0, t0, t1);
	}
	free(buf);
}
