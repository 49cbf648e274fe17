/*
 * compact: write 1 to /proc/sys/vm/compact_memory (root only, opt-in with
 * SVAFUZZ_COMPACT=1):
 * the kernel migrates movable pages system-wide, arena pages included.
 * Content moves with them: effect KEEP over the whole arena, recorded so
 * that findings show the compaction among the mutations around them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "clock.h"
#include "wk.h"

#define COMPACT_PATH "/proc/sys/vm/compact_memory"

int wk_compact_supported(char *why, size_t n)
{
	const char *opt = getenv("SVAFUZZ_COMPACT");

	/* it compacts the whole machine's memory: only when asked for */
	if (!opt || strcmp(opt, "1")) {
		snprintf(why, n, "opt-in: set SVAFUZZ_COMPACT=1 (compacts all memory of the machine)");
		return 1;
	}
	if (geteuid() != 0) {
		snprintf(why, n, "needs root to write %s", COMPACT_PATH);
		return 1;
	}
	if (access(COMPACT_PATH, W_OK)) {
		snprintf(why, n, "%s not writable: %s", COMPACT_PATH, strerror(errno));
		return 1;
	}
	return 0;
}

int wk_compact_exec(struct sf_arena *a, const struct sf_seq_op *op, struct sf_slot *slot,
			struct sf_event *ev)
{
	int fd, err = 0;

	wk_event_init(ev, op);
	ev->page = 0;
	ev->npages = a->npages;
	ev->t0 = wk_begin(slot);
	fd = open(COMPACT_PATH, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "1", 1) != 1)
		err = errno;
	if (fd >= 0)
		close(fd);
	ev->t1 = sf_now_ns();
	ev->err = (uint32_t)err;
	ev->outcome = err ? SF_FAILED : SF_OK;
	return 0;
}
