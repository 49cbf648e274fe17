/* Private state of the hmm backend (hmm.c, hmm_access.c, hmm_mutate.c). */
#ifndef SF_HMM_DEV_H
#define SF_HMM_DEV_H
#include <pthread.h>
#include <stdint.h>
#include "backend.h"

#define SF_HMM_DEV_PATH "/dev/hmm_dmirror0"
#define SF_HMM_MAX_QUEUES 64

/* the device-side mutations, as indices of the counters below */
enum { SF_HMM_TO_DEV, SF_HMM_TO_SYS, SF_HMM_EXCL, SF_HMM__OPS };

/* One device queue: a page-sized bounce buffer of its own. */
struct sf_hmm_queue {
	void *buf;
	uint64_t accesses, faults, dev_faults, busy, snapshots;
};

struct sf_dev {
	int fd;				/* one dmirror context, shared by every queue */
	struct sf_arena *arena;
	size_t page_size;
	unsigned nq;
	struct sf_hmm_queue q[SF_HMM_MAX_QUEUES];
	/*
	 * Accesses hold it shared, the device's own migrations exclusive:
	 * test_hmm ignores the invalidations of its own migrations
	 * (range->owner == its device) and remaps the pages itself when the
	 * migration ends, so an access of its own in between would use the
	 * old page. A real driver orders its accesses after its migrations
	 * the same way (docs/hmm.md).
	 */
	pthread_rwlock_t mig_lock;
	uint64_t bad_answers;		/* successes that copied no page (said once) */
	void *mbuf;			/* pages a migration copies out (mutations only) */
	size_t mbuf_len;
	/* per device-side op (SF_HMM_*): calls, pages done, calls that failed */
	uint64_t calls[SF_HMM__OPS], pages[SF_HMM__OPS], failed[SF_HMM__OPS];
};

int sf_hmm_submit(struct sf_dev *d, unsigned q, struct sf_access *acc, unsigned n);
/* migrate-to-dev, migrate-to-sys, exclusive: 0 (ev filled) or -errno */
int sf_hmm_mutate(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		  struct sf_event *ev);
#endif
