/*
 * events.jsonl: every mutation, every faulting access and a sample of the
 * others, one sf_event_json object per line with the program index added
 * ("prog"). Bounded in size: at the rotation size the file becomes
 * events.1.jsonl (replacing the previous one) and a new one starts, so at
 * most two files of that size exist. Bounded in rate: a program is logged
 * whole or not at all, and only while the last second's lines stay under
 * a budget (the sim makes hundreds of thousands of events a second; the
 * disk should not set the pace of the run).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "clock.h"
#include "disk.h"
#include "results.h"

#define ACCESS_SAMPLE 64	/* one ordinary access in this many */
#define BYTES_PER_S (1u << 20)	/* rate budget */
#define BUF_BYTES (32u << 10)	/* written in chunks the disk tracker can refuse */

/*
 * Lines gather in buf and go out with write(2), a chunk at a time: each
 * chunk is first offered to the disk tracker (events.jsonl is the first
 * thing a filling disk gives up), and the file only ever holds whole lines.
 */
struct sf_evlog {
	int fd;			/* -1 once logging stopped for good */
	char path[PATH_MAX], old[PATH_MAX];
	char buf[BUF_BYTES];
	size_t nbuf;
	uint64_t bytes, rotate;	/* in this file, buffered lines included */
	uint64_t on_disk, old_bytes;	/* this file's and events.1.jsonl's written size */
	uint64_t naccess;
	uint64_t window_start, window_bytes;
	bool on;		/* this program is logged */
	struct sf_disk *disk;
};

static int open_log(const char *path)
{
	return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

struct sf_evlog *sf_evlog_open(const char *dir, uint64_t rotate_bytes)
{
	struct sf_evlog *l;

	if (!dir || !dir[0])
		return NULL;
	l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	snprintf(l->path, sizeof(l->path), "%s/events.jsonl", dir);
	snprintf(l->old, sizeof(l->old), "%s/events.1.jsonl", dir);
	l->rotate = rotate_bytes;
	l->fd = open_log(l->path);
	if (l->fd < 0) {
		sf_disk_failed(NULL, l->path, errno);
		free(l);
		return NULL;
	}
	l->on = true;
	l->window_start = sf_now_ns();
	return l;
}

void sf_evlog_set_disk(struct sf_evlog *l, struct sf_disk *d)
{
	if (l)
		l->disk = d;
}

void sf_evlog_program(struct sf_evlog *l)
{
	uint64_t now = sf_now_ns();

	if (!l)
		return;
	if (now - l->window_start >= 1000000000ull) {
		l->window_start = now;
		l->window_bytes = 0;
	}
	l->on = l->fd >= 0 && l->window_bytes < BYTES_PER_S;
}

/* No more lines, for the rest of the run (the disk tracker said why). */
static void stop_log(struct sf_evlog *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
	l->nbuf = 0;
	l->on = false;
}

static void flush_buf(struct sf_evlog *l)
{
	if (l->fd < 0 || !l->nbuf)
		return;
	if (!sf_disk_allow(l->disk, SF_DISK_EVENTS, l->nbuf)) {
		stop_log(l);
		return;
	}
	if (sf_write_all(l->fd, l->buf, l->nbuf)) {
		int err = errno;

		/* drop a torn last line (and give its blocks back) */
		if (ftruncate(l->fd, (off_t)l->on_disk)) {
			/* ignored: the file keeps a torn tail, readers skip bad lines */
		}
		sf_disk_failed(l->disk, l->path, err);
		stop_log(l);
		return;
	}
	sf_disk_wrote(l->disk, l->nbuf);
	l->on_disk += l->nbuf;
	l->nbuf = 0;
}

static void rotate(struct sf_evlog *l)
{
	flush_buf(l);
	if (l->fd < 0)
		return;
	close(l->fd);
	if (rename(l->path, l->old))
		sf_disk_failed(NULL, l->old, errno);
	else
		sf_disk_freed(l->disk, l->old_bytes);	/* the previous events.1.jsonl is gone */
	l->old_bytes = l->on_disk;
	l->on_disk = 0;
	l->bytes = 0;
	l->fd = open_log(l->path);
	if (l->fd < 0) {
		sf_disk_failed(l->disk, l->path, errno);
		stop_log(l);
	}
}

static int wanted(struct sf_evlog *l, const struct sf_event *ev)
{
	if (ev->kind != SF_EV_ACCESS)
		return 1;
	if (ev->outcome != SF_OK)
		return 1;
	return l->naccess++ % ACCESS_SAMPLE == 0;
}

void sf_evlog_event(struct sf_evlog *l, const struct sf_event *ev, uint64_t prog)
{
	char line[640];
	int n;

	if (!l || l->fd < 0 || !l->on || !wanted(l, ev))
		return;
	n = sf_event_json(ev, line, sizeof(line) - 40);
	if (n < 2 || line[n - 1] != '}')
		return;
	/* splice the program index in before the closing brace */
	n += snprintf(line + n - 1, 40, ",\"prog\":%llu}\n", (unsigned long long)prog) - 1;
	if (l->nbuf + (size_t)n > sizeof(l->buf))
		flush_buf(l);
	if (l->fd < 0)
		return;
	memcpy(l->buf + l->nbuf, line, (size_t)n);
	l->nbuf += (size_t)n;
	l->bytes += (uint64_t)n;
	l->window_bytes += (uint64_t)n;
	if (l->rotate && l->bytes >= l->rotate)
		rotate(l);
}

void sf_evlog_close(struct sf_evlog *l)
{
	if (!l)
		return;
	flush_buf(l);
	if (l->fd >= 0)
		close(l->fd);
	free(l);
}
