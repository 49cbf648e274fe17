/*
 * events.jsonl stays bounded: at the rotation size it becomes
 * events.1.jsonl and a new file starts; every line is a JSON object with
 * the program index; ordinary accesses are sampled, faults are all kept.
 */
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "results.h"
#include "tap.h"

static long fsize(const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &st) ? -1 : (long)st.st_size;
}

/* Lines in a file that parse as JSON objects with "prog", and how many with outcome fault. */
static int count_lines(const char *dir, const char *name, int *faults)
{
	char path[PATH_MAX], line[2048];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		struct json_object *o = json_tokener_parse(line), *v;

		if (!o || !json_object_object_get_ex(o, "prog", &v)) {
			json_object_put(o);
			fclose(f);
			return -1;
		}
		if (json_object_object_get_ex(o, "outcome", &v) &&
		    !strcmp(json_object_get_string(v), "fault"))
			(*faults)++;
		json_object_put(o);
		n++;
	}
	fclose(f);
	return n;
}

int main(void)
{
	char dir[] = "/tmp/sf_ev_XXXXXX";
	struct sf_evlog *l;
	struct sf_event ev;
	const long rot = 20000;
	int faults = 0, lines;

	CHECK(mkdtemp(dir) != NULL);
	l = sf_evlog_open(dir, (uint64_t)rot);
	CHECK(l != NULL);
	memset(&ev, 0, sizeof(ev));
	for (unsigned i = 0; i < 2000; i++) {
		ev.t0 = i * 10;
		ev.t1 = ev.t0 + 5;
		ev.kind = SF_EV_MUTATION;
		ev.op = SF_OP_MPROTECT;
		ev.npages = 1;
		sf_evlog_event(l, &ev, i / 100);
	}
	/* 640 accesses: 10 sampled, plus the 5 that fault */
	for (unsigned i = 0; i < 640; i++) {
		ev.kind = SF_EV_ACCESS;
		ev.op = SF_OP_DEV_READ;
		ev.outcome = i % 128 == 1 ? SF_FAULT : SF_OK;
		sf_evlog_event(l, &ev, 99);
	}
	sf_evlog_close(l);
	CHECK(fsize(dir, "events.1.jsonl") > 0);
	CHECK(fsize(dir, "events.1.jsonl") < rot + 1024);
	CHECK(fsize(dir, "events.jsonl") < rot + 1024);
	CHECK(fsize(dir, "events.2.jsonl") < 0);	/* only two files ever */
	lines = count_lines(dir, "events.jsonl", &faults);
	CHECK(lines > 0);
	CHECK(count_lines(dir, "events.1.jsonl", &faults) > 0);
	CHECK_EQ(faults, 5);	/* the tail of the stream is in the two files */
	return tap_done();
}
