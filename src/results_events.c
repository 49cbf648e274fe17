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
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "results.h"

#define ACCESS_SAMPLE 64	/* one ordinary access in this many */
#define BYTES_PER_S (1u << 20)	/* rate budget */

struct sf_evlog {
	FILE *f;
	char path[PATH_MAX], old[PATH_MAX];
	uint64_t bytes, rotate;
	uint64_t naccess;
	uint64_t window_start, window_bytes;
	bool on;		/* this program is logged */
};

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
	l->f = fopen(l->path, "w");
	if (!l->f) {
		perror(l->path);
		free(l);
		return NULL;
	}
	setvbuf(l->f, NULL, _IOFBF, 1 << 16);
	l->on = true;
	l->window_start = sf_now_ns();
	return l;
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
	l->on = l->window_bytes < BYTES_PER_S;
}

static void rotate(struct sf_evlog *l)
{
	fclose(l->f);
	if (rename(l->path, l->old))
		perror(l->old);
	l->f = fopen(l->path, "w");
	l->bytes = 0;
	if (l->f)
		setvbuf(l->f, NULL, _IOFBF, 1 << 16);
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
	char buf[640];
	int n;

	if (!l || !l->f || !l->on || !wanted(l, ev))
		return;
	n = sf_event_json(ev, buf, sizeof(buf) - 40);
	if (n < 2 || buf[n - 1] != '}')
		return;
	/* splice the program index in before the closing brace */
	n += snprintf(buf + n - 1, 40, ",\"prog\":%llu}\n", (unsigned long long)prog) - 1;
	fwrite(buf, 1, (size_t)n, l->f);
	l->bytes += (uint64_t)n;
	l->window_bytes += (uint64_t)n;
	if (l->rotate && l->bytes >= l->rotate)
		rotate(l);
}

void sf_evlog_close(struct sf_evlog *l)
{
	if (!l)
		return;
	if (l->f)
		fclose(l->f);
	free(l);
}
