/*
 * The watcher on this machine's real /dev/kmsg: it sees a line written
 * after start (and its own start marker), not the old boot log, stamps it
 * within the run's CLOCK_MONOTONIC window, counts no error for benign
 * lines, and after stop() its text has the kept lines and the end marker.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "clock.h"
#include "klog.h"
#include "tap.h"

int main(void)
{
	char why[200], tag[64], line[128], buf[65536];
	struct sf_klog *k;
	uint64_t t0, t1;
	int fd;

	if (access("/dev/kmsg", R_OK | W_OK)) {
		printf("skipped: /dev/kmsg not readable and writable here\n");
		return 0;
	}
	snprintf(tag, sizeof(tag), "klogtest-%d-%llu", (int)getpid(), (unsigned long long)sf_now_ns());
	t0 = sf_now_ns();
	k = sf_klog_start(tag, why, sizeof(why));
	CHECK(k != NULL);
	if (!k)
		return tap_done();
	fd = open("/dev/kmsg", O_WRONLY);
	CHECK(fd >= 0);
	snprintf(line, sizeof(line), "<6>svafuzz-test: %s hello\n", tag);
	CHECK(write(fd, line, strlen(line)) == (ssize_t)strlen(line));
	close(fd);
	/* the thread polls: give it a moment */
	for (int i = 0; i < 100; i++) {
		usleep(10000);
		sf_klog_excerpt(k, 0, UINT64_MAX, buf, sizeof(buf));
		if (strstr(buf, "hello"))
			break;
	}
	t1 = sf_now_ns();
	CHECK(strstr(buf, "hello") != NULL);
	/* its own start marker was read back too */
	snprintf(line, sizeof(line), "svafuzz: run %s start", tag);
	CHECK(strstr(buf, line) != NULL);
	/* stamps are CLOCK_MONOTONIC-like: the line is within [t0 - 1 s, t1 + 1 s] */
	CHECK(sf_klog_excerpt(k, t0 - 1000000000ull, t1 + 1000000000ull, buf, sizeof(buf)) > 0);
	CHECK(strstr(buf, "hello") != NULL);
	/* and outside an early window */
	sf_klog_excerpt(k, 0, t0 > 3000000000ull ? t0 - 3000000000ull : 0, buf, sizeof(buf));
	CHECK(strstr(buf, tag) == NULL);
	CHECK_EQ(sf_klog_errors(k), 0);

	sf_klog_stop(k, tag);
	{
		size_t n;
		char *text = sf_klog_text(k, &n);

		CHECK(text != NULL);
		snprintf(buf, sizeof(buf), "%s", text ? text : "");
		free(text);
	}
	CHECK(strstr(buf, "hello") != NULL);
	snprintf(line, sizeof(line), "svafuzz: run %s end", tag);
	CHECK(strstr(buf, line) != NULL);
	sf_klog_free(k);
	return tap_done();
}
