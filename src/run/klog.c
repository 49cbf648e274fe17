/*
 * The kernel log watcher: a thread reading /dev/kmsg from the end (old boot
 * messages are not this run's), keeping the last lines in a bounded ring
 * for excerpts and the first error lines aside, so an eight-hour run holds
 * flat memory and still reports the error that started the trouble.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "klog.h"

#define KLOG_RING_LINES 4096	/* recent lines kept for excerpts */
#define KLOG_ERR_LINES 256	/* first error lines kept even after the ring moves on */
#define KLOG_TEXT 240		/* bytes of text kept per line */
#define KLOG_RECORD 8192	/* /dev/kmsg read() needs room for a whole record */

struct kline {
	uint64_t ns;
	uint64_t n;		/* index among lines seen (to know what the ring still has) */
	bool err;
	char text[KLOG_TEXT];
};

struct sf_klog {
	int fd;
	int wake[2];		/* stop() writes here to end the poll at once */
	pthread_t thread;
	bool running;
	pthread_mutex_t lock;	/* ring, errs, counters below */
	struct kline *ring;
	uint64_t seen;		/* lines seen; ring holds the last min(seen, RING) */
	struct kline *errs;
	unsigned nerrs_kept;
	uint64_t lost;		/* records the kernel overwrote before we read them (EPIPE) */
	struct sf_klog_storm storm;
	atomic_uint errors;
};

static void write_marker(const char *run_id, const char *what)
{
	char msg[160];
	int fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return;		/* not writable (not root): markers are a courtesy */
	/* <5> = notice: visible in dmesg, never mistaken for an error */
	snprintf(msg, sizeof(msg), "<5>svafuzz: run %s %s\n", run_id, what);
	if (write(fd, msg, strlen(msg)) < 0) {
		/* ratelimited or refused: the run does not depend on it */
	}
	close(fd);
}

static void keep_line(struct sf_klog *k, uint64_t ns, const char *text, size_t len, bool err)
{
	struct kline *l;

	pthread_mutex_lock(&k->lock);
	l = &k->ring[k->seen % KLOG_RING_LINES];
	l->ns = ns;
	l->n = k->seen;
	l->err = err;
	if (len >= KLOG_TEXT)
		len = KLOG_TEXT - 1;
	memcpy(l->text, text, len);
	l->text[len] = '\0';
	if (err && k->nerrs_kept < KLOG_ERR_LINES)
		k->errs[k->nerrs_kept++] = *l;
	k->seen++;
	pthread_mutex_unlock(&k->lock);
	if (err)
		atomic_fetch_add(&k->errors, 1);
}

static void handle_record(struct sf_klog *k, const char *rec, size_t len)
{
	struct sf_klog_record r;
	char text[KLOG_TEXT];
	size_t tlen;
	bool kernel, err;

	if (sf_klog_parse_record(rec, len, &r))
		return;
	tlen = r.text_len < sizeof(text) ? r.text_len : sizeof(text) - 1;
	memcpy(text, r.text, tlen);
	text[tlen] = '\0';
	/* user space can write anything to /dev/kmsg, but never as the kernel */
	kernel = r.facility == 0;
	err = kernel && sf_klog_is_error(text);
	keep_line(k, r.ns, text, tlen, err);
	if (kernel && sf_klog_is_iommu_fault(text) &&
	    sf_klog_storm_feed(&k->storm, r.ns, SF_KLOG_IOPF_STORM)) {
		snprintf(text, sizeof(text), "svafuzz: IOMMU page-fault storm: more than %u faults "
			 "in one second", SF_KLOG_IOPF_STORM);
		keep_line(k, r.ns, text, strlen(text), true);
	}
}

/* Read every record available now; false once the fd is unusable. */
static bool drain(struct sf_klog *k)
{
	char rec[KLOG_RECORD];

	for (;;) {
		ssize_t r = read(k->fd, rec, sizeof(rec) - 1);

		if (r > 0) {
			handle_record(k, rec, (size_t)r);
			continue;
		}
		if (r < 0 && errno == EPIPE) {
			/* the ring buffer overran us: the next read resumes at the oldest record */
			pthread_mutex_lock(&k->lock);
			k->lost++;
			pthread_mutex_unlock(&k->lock);
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		/* EAGAIN: all read; anything else (EINVAL, EIO): the log cannot be read */
		return r == 0 || errno == EAGAIN;
	}
}

static void *klog_thread(void *arg)
{
	struct sf_klog *k = arg;
	struct pollfd pfd[2] = {
		{ .fd = k->fd, .events = POLLIN },
		{ .fd = k->wake[0], .events = POLLIN },
	};

	for (;;) {
		int r = poll(pfd, 2, 1000);

		if (r < 0 && errno != EINTR)
			break;
		if (!drain(k))
			break;
		if (pfd[1].revents)
			break;	/* stop(): we just drained what was there, end marker included */
	}
	return NULL;
}

struct sf_klog *sf_klog_start(const char *run_id, char *why, size_t n)
{
	struct sf_klog *k = calloc(1, sizeof(*k));
	int err;

	if (!k) {
		snprintf(why, n, "out of memory");
		return NULL;
	}
	k->fd = -1;
	k->wake[0] = k->wake[1] = -1;
	k->ring = calloc(KLOG_RING_LINES, sizeof(*k->ring));
	k->errs = calloc(KLOG_ERR_LINES, sizeof(*k->errs));
	if (!k->ring || !k->errs) {
		snprintf(why, n, "out of memory");
		goto fail;
	}
	pthread_mutex_init(&k->lock, NULL);
	k->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (k->fd < 0) {
		snprintf(why, n, "cannot read /dev/kmsg: %s", strerror(errno));
		goto fail;
	}
	/* only this run's messages: old boot messages would be blamed on it */
	if (lseek(k->fd, 0, SEEK_END) < 0) {
		snprintf(why, n, "cannot seek /dev/kmsg: %s", strerror(errno));
		goto fail;
	}
	if (pipe2(k->wake, O_CLOEXEC)) {
		snprintf(why, n, "pipe: %s", strerror(errno));
		goto fail;
	}
	err = pthread_create(&k->thread, NULL, klog_thread, k);
	if (err) {
		snprintf(why, n, "cannot start thread: %s", strerror(err));
		goto fail;
	}
	k->running = true;
	write_marker(run_id, "start");
	return k;
fail:
	sf_klog_free(k);
	return NULL;
}

static void write_line(FILE *f, const struct kline *l)
{
	fprintf(f, "[%5llu.%06llu]%s %s\n", (unsigned long long)(l->ns / 1000000000ull),
		(unsigned long long)(l->ns % 1000000000ull / 1000), l->err ? " !" : "", l->text);
}

/* Every line kept, errors first if the ring lost them; caller holds k->lock. */
static void write_log(struct sf_klog *k, FILE *f)
{
	uint64_t first = k->seen > KLOG_RING_LINES ? k->seen - KLOG_RING_LINES : 0;

	fprintf(f, "# svafuzz kernel log: %llu lines seen, %u kernel error lines (marked !), "
		"%llu records overwritten before read, %llu older lines not kept\n",
		(unsigned long long)k->seen, atomic_load(&k->errors),
		(unsigned long long)k->lost, (unsigned long long)first);
	for (unsigned i = 0; i < k->nerrs_kept; i++)
		if (k->errs[i].n < first)
			write_line(f, &k->errs[i]);
	for (uint64_t i = first; i < k->seen; i++)
		write_line(f, &k->ring[i % KLOG_RING_LINES]);
}

char *sf_klog_text(struct sf_klog *k, size_t *len)
{
	char *buf = NULL;
	FILE *f;

	*len = 0;
	if (!k)
		return NULL;
	f = open_memstream(&buf, len);
	if (!f)
		return NULL;
	pthread_mutex_lock(&k->lock);
	write_log(k, f);
	pthread_mutex_unlock(&k->lock);
	if (fclose(f)) {
		free(buf);
		*len = 0;
		return NULL;
	}
	return buf;
}

void sf_klog_stop(struct sf_klog *k, const char *run_id)
{
	if (!k)
		return;
	if (k->running) {
		write_marker(run_id, "end");
		if (write(k->wake[1], "x", 1) < 0) {
			/* cannot happen with an empty pipe; the poll times out anyway */
		}
		pthread_join(k->thread, NULL);
		k->running = false;
	}
}

void sf_klog_free(struct sf_klog *k)
{
	if (!k)
		return;
	if (k->running)
		sf_klog_stop(k, "?");
	if (k->fd >= 0)
		close(k->fd);
	if (k->wake[0] >= 0)
		close(k->wake[0]);
	if (k->wake[1] >= 0)
		close(k->wake[1]);
	free(k->ring);
	free(k->errs);
	free(k);
}

unsigned sf_klog_errors(struct sf_klog *k)
{
	return k ? atomic_load(&k->errors) : 0;
}

size_t sf_klog_excerpt(struct sf_klog *k, uint64_t from_ns, uint64_t to_ns, char *buf, size_t n)
{
	uint64_t first;
	size_t len = 0;

	if (!k || !n)
		return 0;
	buf[0] = '\0';
	pthread_mutex_lock(&k->lock);
	first = k->seen > KLOG_RING_LINES ? k->seen - KLOG_RING_LINES : 0;
	for (uint64_t i = first; i < k->seen; i++) {
		const struct kline *l = &k->ring[i % KLOG_RING_LINES];
		int w;

		if (l->ns < from_ns || l->ns > to_ns)
			continue;
		w = snprintf(buf + len, n - len, "[%5llu.%06llu] %s\n",
			     (unsigned long long)(l->ns / 1000000000ull),
			     (unsigned long long)(l->ns % 1000000000ull / 1000), l->text);
		if (w < 0 || (size_t)w >= n - len) {
			buf[len] = '\0';	/* whole lines only */
			break;
		}
		len += (size_t)w;
	}
	pthread_mutex_unlock(&k->lock);
	return len;
}
