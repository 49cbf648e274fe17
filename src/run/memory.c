/*
 * Why a malloc policy: a run creates its engine threads anew for every
 * program, and glibc gives threads their own arenas (up to 8 per core),
 * each keeping its high-water mark of fragmented pages. The oracle's tables
 * are grown in the pump thread and freed in the main one, so over hours
 * every arena sees every program's allocation pattern and RSS creeps up
 * (a 45 min kvm run: +39%). One arena and fixed mmap/trim thresholds (the
 * dynamic threshold would move the big per-program tables back into the
 * heap after the first free) give memory back when a program ends.
 * Measured in docs/perf.md ("Memory over a soak").
 */
#include <malloc.h>
#include "memory.h"

#define ARENAS 1
#define MMAP_THRESHOLD (128 * 1024)	/* glibc's initial default, pinned */
#define TRIM_THRESHOLD (128 * 1024)

void sf_malloc_policy(void)
{
#ifdef __GLIBC__
	mallopt(M_ARENA_MAX, ARENAS);
	mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD);
	mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD);
#endif
}

void sf_heap_use(struct sf_heap_use *u)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
	struct mallinfo2 mi = mallinfo2();

	u->in_use_kb = (long)((mi.uordblks + mi.hblkhd) / 1024);
	u->free_kb = (long)(mi.fordblks / 1024);
#else
	u->in_use_kb = u->free_kb = -1;
#endif
}
