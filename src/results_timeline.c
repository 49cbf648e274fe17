/*
 * timeline.jsonl: one line per second of throughput, faults and findings,
 * appended and made durable every 10 s (a crash loses at most that much).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "findings.h"
#include "results.h"

#define SYNC_EVERY_S 10

struct sf_timeline {
	FILE *f;
	uint64_t mutations, accesses, faults, slot_changes;	/* at the last line */
	unsigned last_sync_s;
};

struct sf_timeline *sf_timeline_open(const char *dir)
{
	struct sf_timeline *t;
	char path[PATH_MAX];

	if (!dir || !dir[0])
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	snprintf(path, sizeof(path), "%s/timeline.jsonl", dir);
	t->f = fopen(path, "a");
	if (!t->f) {
		perror(path);
		free(t);
		return NULL;
	}
	return t;
}

static void sync_file(struct sf_timeline *t)
{
	fflush(t->f);
	fdatasync(fileno(t->f));
}

void sf_timeline_tick(struct sf_timeline *t, const struct sf_run_state *rs, unsigned t_s)
{
	if (!t)
		return;
	fprintf(t->f, "{\"t_s\":%u,\"mutations\":%llu,\"accesses\":%llu,\"faults\":%llu,"
		"\"slot_changes\":%llu,\"findings\":%zu,\"rss_kb\":%ld}\n", t_s,
		(unsigned long long)(rs->mutations - t->mutations),
		(unsigned long long)(rs->accesses - t->accesses),
		(unsigned long long)(rs->faults - t->faults),
		(unsigned long long)(rs->slot_changes - t->slot_changes),
		rs->findings ? rs->findings->n : 0, sf_proc_status_kb("VmRSS:"));
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
