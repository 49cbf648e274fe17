/*
 * migrate: move_pages(2) through libnuma to the op's node (modulo the
 * nodes that have memory). Migration copies the content: effect KEEP. On
 * a one-node machine the call runs and moves nothing; both the calls and
 * the pages that really changed node are counted.
 */
#include <errno.h>
#include <numa.h>
#include <numaif.h>
#include <stdio.h>
#include <stdlib.h>
#include "clock.h"
#include "wk.h"

int wk_migrate_supported(char *why, size_t n)
{
	if (numa_available() < 0) {
		snprintf(why, n, "NUMA not available (libnuma: numa_available() < 0)");
		return 1;
	}
	return 0;
}

/* The arg'th node with memory, cycling. */
static int target_node(unsigned arg)
{
	int max = numa_max_node(), nodes = 0;

	for (int i = 0; i <= max; i++)
		nodes += numa_bitmask_isbitset(numa_nodes_ptr, (unsigned)i);
	if (nodes == 0)
		return 0;
	arg %= (unsigned)nodes;
	for (int i = 0; i <= max; i++)
		if (numa_bitmask_isbitset(numa_nodes_ptr, (unsigned)i) && arg-- == 0)
			return i;
	return 0;
}

int wk_migrate_exec(struct sf_arena *a, const struct sf_seq_op *op, struct sf_slot *slot,
			struct sf_event *ev)
{
	uint32_t n = op->npages;
	void **pages = calloc(n, sizeof(*pages));
	int *nodes = calloc(n, sizeof(*nodes)), *before = calloc(n, sizeof(*before));
	int *status = calloc(n, sizeof(*status));
	int node = target_node(op->arg0);
	long ret;

	wk_event_init(ev, op);
	if (!pages || !nodes || !before || !status) {
		ev->t0 = ev->t1 = wk_begin(slot);
		ev->outcome = SF_FAILED;
		ev->err = ENOMEM;
		goto out;
	}
	for (uint32_t i = 0; i < n; i++) {
		pages[i] = wk_addr(a, op->page + i);
		nodes[i] = node;
	}
	/* where the pages are now (negative: not present / unmapped) */
	if (move_pages(0, n, pages, NULL, before, 0))
		for (uint32_t i = 0; i < n; i++)
			before[i] = -1;
	ev->t0 = wk_begin(slot);
	ret = move_pages(0, n, pages, nodes, status, MPOL_MF_MOVE);
	ev->err = ret < 0 ? (uint32_t)errno : 0;
	ev->t1 = sf_now_ns();
	/* pages that fail to move keep their content too: no failure changes the model */
	ev->outcome = ret < 0 ? SF_FAILED : SF_OK;
	a->counters[SF_ARENA_CNT_MIGRATE_CALLS]++;
	for (uint32_t i = 0; ret >= 0 && i < n; i++)
		if (status[i] == node && before[i] >= 0 && before[i] != node)
			a->counters[SF_ARENA_CNT_MIGRATE_MOVED]++;
out:
	free(pages), free(nodes), free(before), free(status);
	return 0;
}
