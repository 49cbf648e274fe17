/*
 * Room left for a run's results, and the order in which writers give way
 * (disk.h). Free space comes from statvfs, refreshed after every eighth
 * of the reserve written or every second, and in between estimated from
 * the bytes written since: a statvfs per event line would cost more than
 * the line.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include "clock.h"
#include "disk.h"

#define RESERVE_MAX (8ull << 20)
#define RESERVE_MIN (16ull << 10)
#define STAT_EVERY_NS 1000000000ull

struct sf_disk {
	char dir[PATH_MAX];
	uint64_t max;		/* budget, 0 = none */
	uint64_t used;		/* bytes the run holds: written minus freed */
	uint64_t reserve;
	uint64_t fs_free;	/* at the last statvfs */
	uint64_t since_stat;	/* bytes written since it */
	uint64_t stat_ns;
	bool stat_ok;		/* statvfs ever worked: else only the budget counts */
	bool events_off, full;
	char why[240];		/* why full, for run.json */
	unsigned withheld;	/* finding files not written for want of room */
};

void sf_disk_size_str(uint64_t bytes, char *buf, size_t n)
{
	if (bytes < 1024)
		snprintf(buf, n, "%llu B", (unsigned long long)bytes);
	else if (bytes < (1ull << 20))
		snprintf(buf, n, "%.0f KiB", (double)bytes / 1024);
	else if (bytes < (1ull << 30))
		snprintf(buf, n, "%.1f MiB", (double)bytes / (1 << 20));
	else
		snprintf(buf, n, "%.1f GiB", (double)bytes / (1 << 30));
}

static void refresh(struct sf_disk *d, bool force)
{
	uint64_t now = sf_now_ns();
	struct statvfs sv;

	if (!force && d->since_stat < d->reserve / 8 && now - d->stat_ns < STAT_EVERY_NS)
		return;
	d->stat_ns = now;
	/* a failed statvfs keeps the last figure: the estimate still shrinks as we write */
	if (statvfs(d->dir, &sv))
		return;
	d->fs_free = (uint64_t)sv.f_bavail * sv.f_frsize;
	d->since_stat = 0;
	d->stat_ok = true;
}

static uint64_t fs_room(const struct sf_disk *d)
{
	if (!d->stat_ok)
		return UINT64_MAX;
	return d->fs_free > d->since_stat ? d->fs_free - d->since_stat : 0;
}

static uint64_t budget_room(const struct sf_disk *d)
{
	if (!d->max)
		return UINT64_MAX;
	return d->max > d->used ? d->max - d->used : 0;
}

static bool budget_binds(const struct sf_disk *d)
{
	return budget_room(d) < fs_room(d);
}

static uint64_t room(const struct sf_disk *d)
{
	uint64_t f = fs_room(d), b = budget_room(d);

	return f < b ? f : b;
}

/* A quarter of what the run may use, within [RESERVE_MIN, RESERVE_MAX]. */
static uint64_t pick_reserve(const struct sf_disk *d, uint64_t fs_size)
{
	uint64_t cap = fs_size, r;

	if (d->max && (!cap || d->max < cap))
		cap = d->max;
	if (!cap)
		return RESERVE_MAX;
	r = cap / 4;
	if (r > RESERVE_MAX)
		r = RESERVE_MAX;
	return r < RESERVE_MIN && cap >= 2 * RESERVE_MIN ? RESERVE_MIN : r;
}

struct sf_disk *sf_disk_open(const char *dir, uint64_t max_bytes)
{
	struct sf_disk *d = calloc(1, sizeof(*d));
	struct statvfs sv;
	uint64_t fs_size = 0;

	if (!d)
		return NULL;
	snprintf(d->dir, sizeof(d->dir), "%s", dir);
	d->max = max_bytes;
	if (statvfs(dir, &sv) == 0)
		fs_size = (uint64_t)sv.f_blocks * sv.f_frsize;
	d->reserve = pick_reserve(d, fs_size);
	refresh(d, true);
	return d;
}

void sf_disk_close(struct sf_disk *d)
{
	if (!d)
		return;
	if (d->withheld)
		fprintf(stderr, "svafuzz: %u finding files not written for want of disk space "
			"(each finding's repro.sva came first)\n", d->withheld);
	free(d);
}

/* A message into buf, cut short if it must be: a long path stays recognisable. */
__attribute__((format(printf, 3, 4)))
static void msg(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, n, fmt, ap);
	va_end(ap);
}

/* "DIR: 12 KiB free" or "--max-disk 100 KiB: 80 KiB written": the limit that binds. */
static void where_str(const struct sf_disk *d, char *buf, size_t n)
{
	char a[32], b[32];

	if (budget_binds(d)) {
		sf_disk_size_str(d->max, a, sizeof(a));
		sf_disk_size_str(d->used, b, sizeof(b));
		msg(buf, n, "--max-disk %s: %s written to %s", a, b, d->dir);
	} else {
		sf_disk_size_str(room(d), a, sizeof(a));
		msg(buf, n, "%s: %s free", d->dir, a);
	}
}

/* The run is over; said once. cause: what tripped it (a failed write) or NULL. */
static void go_full(struct sf_disk *d, const char *cause)
{
	char where[PATH_MAX + 80], kept[32];

	if (d->full)
		return;
	d->full = true;
	d->events_off = true;
	where_str(d, where, sizeof(where));
	sf_disk_size_str(d->reserve, kept, sizeof(kept));
	msg(d->why, sizeof(d->why), "disk full: %s%s%s", cause ? cause : "", cause ? "; " : "",
	    where);
	fprintf(stderr, "svafuzz: %s (%s kept for findings and run.json); events.jsonl and "
		"timeline.jsonl no longer written; the run ends\n", d->why, kept);
}

static void events_stop(struct sf_disk *d)
{
	char where[PATH_MAX + 80];

	if (d->events_off)
		return;
	d->events_off = true;
	where_str(d, where, sizeof(where));
	fprintf(stderr, "svafuzz: disk low: %s; events.jsonl no longer written "
		"(the room left is kept for findings, timeline and run.json)\n", where);
}

/* Room a use must leave behind: the earlier a use gives way, the more. */
static uint64_t must_leave(const struct sf_disk *d, enum sf_disk_use use)
{
	switch (use) {
	case SF_DISK_EVENTS: return 2 * d->reserve;
	case SF_DISK_TIMELINE: return d->reserve;
	case SF_DISK_EXTRA: return d->reserve / 2;
	case SF_DISK_REPRO: return d->reserve / 4;
	case SF_DISK_RESULTS: break;
	}
	return 0;
}

bool sf_disk_allow(struct sf_disk *d, enum sf_disk_use use, size_t len)
{
	uint64_t left;

	if (!d || use == SF_DISK_RESULTS)
		return true;
	if ((use == SF_DISK_EVENTS && d->events_off) || (use == SF_DISK_TIMELINE && d->full))
		return false;
	refresh(d, false);
	left = room(d);
	if (left < d->reserve)
		go_full(d, NULL);
	if (left >= len && left - len >= must_leave(d, use))
		return true;
	if (use == SF_DISK_EVENTS)
		events_stop(d);
	return false;
}

void sf_disk_wrote(struct sf_disk *d, size_t len)
{
	if (!d)
		return;
	d->used += len;
	d->since_stat += len;
}

void sf_disk_freed(struct sf_disk *d, size_t len)
{
	if (!d)
		return;
	d->used -= len < d->used ? len : d->used;
	/* the next statvfs sees the space again; until then stay conservative */
}

uint64_t sf_disk_used(const struct sf_disk *d)
{
	return d ? d->used : 0;
}

void sf_disk_withheld(struct sf_disk *d)
{
	if (d)
		d->withheld++;
}

void sf_disk_failed(struct sf_disk *d, const char *path, int err)
{
	char cause[PATH_MAX + 64];

	if (!d || (err != ENOSPC && err != EDQUOT)) {
		fprintf(stderr, "svafuzz: cannot write %s: %s\n", path, strerror(err));
		return;
	}
	if (d->full) {
		d->withheld++;	/* already said: one line for all files */
		return;
	}
	refresh(d, true);
	msg(cause, sizeof(cause), "%s: %s", path, strerror(err));
	go_full(d, cause);
}

bool sf_disk_exhausted(struct sf_disk *d, char *why, size_t n)
{
	if (!d)
		return false;
	if (!d->full) {
		refresh(d, false);
		if (room(d) < d->reserve)
			go_full(d, NULL);
	}
	if (d->full && why && n)
		snprintf(why, n, "%s", d->why);
	return d->full;
}
