/* The table of CPU-side workers, one per mutation op (stress-ng's stressor table in spirit). */
#include "wk.h"

#define W(nm, o, fn) { .name = nm, .op = o, .supported = wk_##fn##_supported, .exec = wk_##fn##_exec }

const struct sf_worker sf_workers[] = {
	W("mprotect", SF_OP_MPROTECT, mprotect),
	W("munmap", SF_OP_MUNMAP, munmap),
	W("mmap", SF_OP_MMAP, mmap),
	W("mremap", SF_OP_MREMAP, mremap),
	W("madvise", SF_OP_MADVISE, madvise),
	W("punch", SF_OP_PUNCH, punch),
	W("fork", SF_OP_FORK, fork),
	W("uffd-wp", SF_OP_UFFD_WP, uffd),
	W("migrate", SF_OP_MIGRATE, migrate),
	W("mlock", SF_OP_MLOCK, mlock),
	W("munlock", SF_OP_MUNLOCK, munlock),
	W("compact", SF_OP_COMPACT, compact),
	{ 0 },
};

const struct sf_worker *sf_worker_for(enum sf_op op)
{
	for (const struct sf_worker *w = sf_workers; w->name; w++)
		if (w->op == op)
			return w;
	return NULL;
}
