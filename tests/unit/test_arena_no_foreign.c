/*
 * Holes that munmap makes in the arena are never reused: after unmapping
 * most of the arena, many mallocs, anonymous mmaps and threads (stacks),
 * /proc/self/maps shows nothing inside the reservation but our own.
 */
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include "tap.h"
#include "worker_test.h"

static void *idle(void *arg)
{
	return arg;
}

/* Mappings overlapping [lo, hi) that are not the reservation's own pieces. */
static unsigned foreign(uintptr_t lo, uintptr_t hi, const struct sf_arena *a)
{
	FILE *f = fopen("/proc/self/maps", "re");
	char line[512];
	unsigned n = 0;

	while (f && fgets(line, sizeof(line), f)) {
		unsigned long s, e;
		char perms[8];

		if (sscanf(line, "%lx-%lx %7s", &s, &e, perms) != 3 || e <= lo || s >= hi)
			continue;
		/* ours: the guards (---p) and the arena pages still mapped */
		if (s >= (uintptr_t)a->base && e <= (uintptr_t)(a->base + a->npages * a->page_size))
			continue;
		if (perms[0] == '-' && perms[1] == '-' && perms[2] == '-')
			continue;
		fprintf(stderr, "foreign: %s", line);
		n++;
	}
	if (f)
		fclose(f);
	return n;
}

int main(void)
{
	struct sf_arena a;
	struct wt_events w;
	pthread_t t[32];
	void *p[256];

	wt_open(&a, 512);
	CHECK(a.resv <= a.base && a.base + 512 * a.page_size <= a.resv + a.resv_len);
	wt_run(&a, &w, SF_OP_MUNMAP, 1, 510, 0, 0, 0);
	for (int i = 0; i < 256; i++)
		p[i] = malloc(i % 2 ? 16 : 256 * 1024);	/* big ones are mmapped by glibc */
	for (int i = 0; i < 32; i++)
		pthread_create(&t[i], NULL, idle, NULL);
	void *m = mmap(NULL, 64 * a.page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED);
	CHECK_EQ(foreign((uintptr_t)a.resv, (uintptr_t)a.resv + a.resv_len, &a), 0);
	CHECK((uint8_t *)m + 64 * a.page_size <= a.resv || (uint8_t *)m >= a.resv + a.resv_len);
	for (int i = 0; i < 32; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 256; i++)
		free(p[i]);
	munmap(m, 64 * a.page_size);
	sf_arena_close(&a);
	return tap_done();
}
