/*
 * The arena: a PROT_NONE reservation at a low fixed address, with the
 * arena pages mapped anon-private rw in its middle.
 *
 * Why low: the kernel's top-down allocator hands out addresses from the
 * mmap base (just below the stack, ~0x7fxx'xxxx'xxxx on x86_64) downwards
 * and takes the highest gap that fits. An arena at 32 TiB sits below the
 * executable and the heap, tens of TiB under the mmap base, so the holes
 * the workers punch with munmap are never handed to malloc, thread stacks
 * or libraries: the allocator would have to exhaust everything above first.
 * We must not re-reserve holes with PROT_NONE (an unmapped page would turn
 * into a mapped no-access page: different semantics for the oracle).
 * The guard reservations on both sides keep the arena from touching (and
 * merging with) a foreign mapping.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "arena.h"
#include "ops.h"

#define GUARD_BYTES (1ul << 20)

/* Hints far below any mmap base, from large to small address spaces (47-bit, 39-bit VA). */
static const uintptr_t arena_hints[] = {
	0x200000000000ul, 0x100000000000ul, 0x4000000000ul, 0x1000000000ul,
};

/* Process-wide source of SF_OBJ_SET bases: never reused, far below the oracle's FRESH ids. */
static _Atomic uint64_t obj_base_next = 1ull << 32;

uint64_t sf_arena_obj_alloc(uint32_t n)
{
	return atomic_fetch_add(&obj_base_next, (uint64_t)n + 1);
}

struct sf_pstate sf_arena_initial(void)
{
	struct sf_pstate s = {
		.backing = SF_BK_ANON_PRIVATE,
		.prot = SF_PROT_R | SF_PROT_W,
		.obj = SF_ARENA_OBJ_INITIAL,
	};
	return s;
}

static void *reserve_at(uintptr_t hint, size_t len)
{
	void *p = mmap((void *)hint, len, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	if ((uintptr_t)p != hint) {	/* a kernel that treats NOREPLACE as a hint */
		munmap(p, len);
		return NULL;
	}
	return p;
}

static void *reserve(size_t len)
{
	size_t stride = (len + (1ul << 30) - 1) & ~((1ul << 30) - 1);

	for (size_t h = 0; h < sizeof(arena_hints) / sizeof(arena_hints[0]); h++)
		for (unsigned k = 0; k < 64; k++) {
			void *p = reserve_at(arena_hints[h] + k * stride, len);

			if (p)
				return p;
		}
	/* last resort: anywhere; holes may then be reused by other mappings */
	void *p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static int open_tmpfile(void)
{
	static const char *const dirs[] = { "/dev/shm", "/tmp", "/var/tmp" };
	const char *env = getenv("TMPDIR");
	int fd;

	if (env && (fd = open(env, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600)) >= 0)
		return fd;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if ((fd = open(dirs[i], O_TMPFILE | O_RDWR | O_CLOEXEC, 0600)) >= 0)
			return fd;
	char path[] = "/tmp/svafuzz-arena-XXXXXX";
	fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);
	return fd;
}

/* Zero content again (truncate + resize) and give the file pages new obj ids. */
static int files_reset(struct sf_arena *a)
{
	off_t len = (off_t)a->file_pages * (off_t)a->page_size;
	uint64_t mb, fb;

	if (ftruncate(a->memfd, 0) || ftruncate(a->memfd, len) ||
	    ftruncate(a->filefd, 0) || ftruncate(a->filefd, len))
		return -1;
	mb = sf_arena_obj_alloc(a->file_pages);
	fb = sf_arena_obj_alloc(a->file_pages);
	a->obj_memfd = mb;
	a->obj_file = fb;
	for (uint32_t p = 0; p < a->file_pages; p++) {
		a->memfd_obj[p] = mb + p;
		a->file_obj[p] = fb + p;
	}
	return 0;
}

/* Map the arena pages fresh over whatever is there, and fault each one in. */
static int pages_reset(struct sf_arena *a)
{
	size_t len = (size_t)a->npages * a->page_size;
	struct sf_pstate init = sf_arena_initial();

	if (mmap(a->base, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
		return -1;
	/*
	 * Real anon pages (not the shared zero page), content still all zero,
	 * faulted even pages first, then odd ones. The allocator hands out
	 * physically consecutive pages, ascending after a refill, descending
	 * from what the last reset freed; in either order this makes no two
	 * neighbours physically contiguous. Every pfn run a device path
	 * builds (iommufd's pfn batches, type1's contiguous pinning, IOMMU
	 * block mappings) then starts at each page: its run-boundary code
	 * runs from the first access, and a sequence meets the same kind of
	 * layout when it is replayed. Contiguous runs come from the workers'
	 * refaults during the program.
	 */
	for (uint32_t p = 0; p < a->npages; p += 2)
		*sf_arena_word(a, p, 0) = 0;
	for (uint32_t p = 1; p < a->npages; p += 2)
		*sf_arena_word(a, p, 0) = 0;
	for (uint32_t p = 0; p < a->npages; p++) {
		a->model[p] = init;
		a->model[p].obj = init.obj + p;
		a->foff[p] = UINT32_MAX;
		a->locked[p] = SF_LOCK_NO;
	}
	memset(a->counters, 0, sizeof(a->counters));
	return 0;
}

static int probe_punch(int fd, size_t ps)
{
	return fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, (off_t)ps) == 0;
}

static long max_map_count(void)
{
	FILE *f = fopen("/proc/sys/vm/max_map_count", "re");
	long v = 65530;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = 65530;
		fclose(f);
	}
	return v;
}

int sf_arena_open(struct sf_arena *a, uint32_t npages, char *err, size_t errlen)
{
	memset(a, 0, sizeof(*a));
	a->memfd = a->filefd = a->anon_shared_fd = -1;
	pthread_mutex_init(&a->lock, NULL);	/* default attrs: cannot fail on Linux */
	if (npages == 0 || npages > (1u << 20)) {
		snprintf(err, errlen, "arena of %u pages: must be 1..%u", npages, 1u << 20);
		return -1;
	}
	a->page_size = (size_t)sysconf(_SC_PAGESIZE);
	a->npages = npages;
	a->file_pages = npages;
	a->resv_len = (size_t)npages * a->page_size + 2 * GUARD_BYTES;
	a->resv = reserve(a->resv_len);
	if (!a->resv) {
		snprintf(err, errlen, "cannot reserve %zu bytes for the arena: %s", a->resv_len,
			 strerror(errno));
		return -1;
	}
	a->base = a->resv + GUARD_BYTES;
	a->model = calloc(npages, sizeof(*a->model));
	a->foff = calloc(npages, sizeof(*a->foff));
	a->locked = calloc(npages, 1);
	a->memfd_obj = calloc(a->file_pages, sizeof(uint64_t));
	a->file_obj = calloc(a->file_pages, sizeof(uint64_t));
	a->fork_done = mmap(NULL, a->page_size, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (a->fork_done == MAP_FAILED)
		a->fork_done = NULL;
	if (!a->model || !a->foff || !a->locked || !a->memfd_obj || !a->file_obj || !a->fork_done) {
		snprintf(err, errlen, "out of memory for an arena of %u pages", npages);
		goto fail;
	}
	a->memfd = memfd_create("svafuzz-arena", MFD_CLOEXEC);
	if (a->memfd < 0) {
		snprintf(err, errlen, "memfd_create: %s", strerror(errno));
		goto fail;
	}
	a->filefd = open_tmpfile();
	if (a->filefd < 0) {
		snprintf(err, errlen, "no temporary file for file-shared mappings: %s", strerror(errno));
		goto fail;
	}
	if (files_reset(a) || pages_reset(a)) {
		snprintf(err, errlen, "arena setup: %s", strerror(errno));
		goto fail;
	}
	a->file_punch_ok = probe_punch(a->filefd, a->page_size);
	/* every page its own VMA at worst, plus the process's own mappings */
	a->vma_budget_ok = (long)npages + 8192 < max_map_count();
	a->fresh_next = 1ull << 61;
	return 0;
fail:
	sf_arena_close(a);
	return -1;
}

static void release_uffd(struct sf_arena *a)
{
	if (a->uffd && a->uffd_release)
		a->uffd_release(a);
}

int sf_arena_reset(struct sf_arena *a)
{
	release_uffd(a);
	if (syscall(SYS_munlock, a->base, (size_t)a->npages * a->page_size) && errno != ENOMEM)
		return -1;	/* ENOMEM: holes, nothing locked there anyway */
	if (files_reset(a) || pages_reset(a))
		return -1;
	return 0;
}

void sf_arena_close(struct sf_arena *a)
{
	if (a->base)
		release_uffd(a);
	if (a->resv)
		munmap(a->resv, a->resv_len);
	if (a->fork_done)
		munmap((void *)a->fork_done, a->page_size);
	if (a->memfd >= 0)
		close(a->memfd);
	if (a->filefd >= 0)
		close(a->filefd);
	pthread_mutex_destroy(&a->lock);
	free(a->model);
	free(a->foff);
	free(a->locked);
	free(a->memfd_obj);
	free(a->file_obj);
	memset(a, 0, sizeof(*a));
	a->memfd = a->filefd = a->anon_shared_fd = -1;
}
