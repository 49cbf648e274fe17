/* The table of CPU-side workers, one per mutation op (stress-ng's stressor table in spirit). */
#include "wk.h"

#define W(OP, nm, fn) { .name = nm, .op = SF_OP_##OP, .supported = wk_##fn##_supported, .exec = wk_##fn##_exec },

const struct sf_worker sf_workers[] = {
	WK_WORKERS(W)
	{ 0 },
};

const struct sf_worker *sf_worker_for(enum sf_op op)
{
	for (const struct sf_worker *w = sf_workers; w->name; w++)
		if (w->op == op)
			return w;
	return NULL;
}
