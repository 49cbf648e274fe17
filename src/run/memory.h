/*
 * The run's own memory: a malloc policy that keeps an overnight run's heap
 * flat, and the heap figures timeline.jsonl records beside VmRSS.
 */
#ifndef SF_MEMORY_H
#define SF_MEMORY_H

struct sf_heap_use {
	long in_use_kb;		/* bytes handed out by malloc (heap and mmapped) */
	long free_kb;		/* held by malloc but free: fragmentation */
};

void sf_malloc_policy(void);	/* before the first thread starts */
void sf_heap_use(struct sf_heap_use *u);	/* -1s where malloc cannot say */
#endif
