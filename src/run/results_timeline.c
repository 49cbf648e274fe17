/*
 * timeline.jsonl: one line per second of throughput, faults and findings,
 * appended and made durable every 10 s (a crash loses at most that much).
 * Each line is offered to the disk tracker first: on a filling disk the
 * timeline gives way after events.jsonl, before the findings.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "disk.h"
#include "findings.h"
#include "memory.h"
#include "results.h"

#define SYNC_EVERY_S 10

struct sf_timeline {
	FILE *f;
	char path[PATH_MAX];
	struct sf_disk *disk;
	bool stopped;		/* given up for want of room or after an error */
	uint64_t mutations, accesses, faults, slot_changes;	/* at the last line */
	unsigned last_sync_s;
};

struct sf_timeline *sf_timeline_open(const char *dir)
{
	struct sf_timeline *t;

	if (!dir || !dir[0])
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	snprintf(t->path, sizeof(t->path), "%s/timeline.jsonl", dir);
	t->f = fopen(t->path, "a");
	if (!t->f) {
		sf_disk_failed(NULL, t->path, errno);
		free(t);
		return NULL;
	}
	return t;
}

void sf_timeline_set_disk(struct sf_timeline *t, struct sf_disk *d)
{
	if (t)
		t->disk = d;
}

static void sync_file(struct sf_timeline *t)
{
	fflush(t->f);
	fdatasync(fileno(t->f));
}

/*
 * One line out now (flushed, so a full disk shows at once): 0, or -1
 * after saying why.
 */
static int put_line(struct sf_timeline *t, const char *line, size_t len)
{
	if (!sf_disk_allow(t->disk, SF_DISK_TIMELINE, len))
		return -1;
	if (fwrite(line, 1, len, t->f) != len || fflush(t->f)) {
		sf_disk_failed(t->disk, t->path, errno);
		return -1;
	}
	sf_disk_wrote(t->disk, len);
	return 0;
}

void sf_timeline_tick(struct sf_timeline *t, const struct sf_run_state *rs, unsigned t_s)
{
	char line[384];
	struct sf_heap_use heap;
	int len;

	if (!t || t->stopped)
		return;
	sf_heap_use(&heap);
	len = snprintf(line, sizeof(line), "{\"t_s\":%u,\"mutations\":%llu,\"accesses\":%llu,"
		"\"faults\":%llu,\"slot_changes\":%llu,\"findings\":%zu,\"rss_kb\":%ld,"
		"\"heap_kb\":%ld,\"heap_free_kb\":%ld}\n", t_s,
		(unsigned long long)(rs->mutations - t->mutations),
		(unsigned long long)(rs->accesses - t->accesses),
		(unsigned long long)(rs->faults - t->faults),
		(unsigned long long)(rs->slot_changes - t->slot_changes),
		rs->findings ? rs->findings->nfam : 0, sf_proc_status_kb("VmRSS:"),
		heap.in_use_kb, heap.free_kb);
	if (len <= 0 || (size_t)len >= sizeof(line) || put_line(t, line, (size_t)len)) {
		t->stopped = true;	/* for good: refused only on a full disk, which ends the run */
		return;
	}
	t->mutations = rs->mutations;
	t->accesses = rs->accesses;
	t->faults = rs->faults;
	t->slot_changes = rs->slot_changes;
	if (t_s >= t->last_sync_s + SYNC_EVERY_S) {
		sync_file(t);
		t->last_sync_s = t_s;
	}
}

void sf_timeline_close(struct sf_timeline *t)
{
	if (!t)
		return;
	sync_file(t);
	fclose(t->f);
	free(t);
}
