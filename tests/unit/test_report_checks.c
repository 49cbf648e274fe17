/*
 * The checks read back from run.json (src/report/checks.c) say what the
 * run's junit.xml says, and a damaged JSON file is named with its line and
 * column (src/report/run_json.c): what KTAP, KCIDB and merge rely on.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "checks.h"
#include "run_json.h"
#include "tap.h"

static const struct sf_check *find(const struct sf_checks *cs, const char *name)
{
	for (size_t i = 0; i < cs->n; i++)
		if (!strcmp(cs->c[i].name, name))
			return &cs->c[i];
	return NULL;
}

static json_object *parse(const char *text)
{
	return json_tokener_parse(text);
}

static void test_checks(void)
{
	json_object *run = parse(
		"{\"findings\":[{\"verdict\":\"STALE_WRITE\",\"t_first_s\":4.5,\"why\":\"later\"},"
		"{\"verdict\":\"STALE_WRITE\",\"t_first_s\":1.5,\"why\":\"first\"}],"
		"\"kernel_log_errors\":null,\"watchdog\":\"thread 2 at op 7\",\"ended_by\":\"duration\","
		"\"end_reason\":\"--duration 10 s reached\",\"complete\":true,"
		"\"skipped\":[{\"what\":\"slot-add\",\"why\":\"no memslots\"}]}");
	struct sf_checks cs;
	const struct sf_check *c;
	char buf[64];

	CHECK(run && sf_checks_of_run(run, &cs) == 0);
	c = find(&cs, "STALE_WRITE");
	CHECK(c && c->result == SF_CHECK_FAIL && !strcmp(c->msg, "first") && c->t_first_s == 1.5);
	c = find(&cs, "STALE_READ");
	CHECK(c && c->result == SF_CHECK_PASS);
	c = find(&cs, "kernel-log");
	CHECK(c && c->result == SF_CHECK_SKIP && !strcmp(c->msg, "kernel log not watched"));
	c = find(&cs, "watchdog");
	CHECK(c && c->result == SF_CHECK_FAIL && strstr(c->msg, "op 7"));
	c = find(&cs, "run-complete");
	CHECK(c && c->result == SF_CHECK_PASS);
	c = find(&cs, "op:slot-add");
	CHECK(c && c->result == SF_CHECK_SKIP && !strcmp(c->msg, "no memslots"));
	CHECK(!strcmp(sf_check_path_name("op:slot-add", buf, sizeof(buf)), "op-slot-add"));
	sf_checks_free(&cs);
	json_object_put(run);

	/* killed: no ended_by, so run-complete fails with the time it reached */
	run = parse("{\"findings\":[],\"duration_s\":12.4,\"ended_by\":null,\"complete\":null}");
	CHECK(sf_checks_of_run(run, &cs) == 0);
	c = find(&cs, "run-complete");
	CHECK(c && c->result == SF_CHECK_FAIL && strstr(c->msg, "still going at 12 s"));
	sf_checks_free(&cs);
	json_object_put(run);

	/* unavailable: every check skipped with the probe's reason */
	run = parse("{\"findings\":[],\"unavailable\":\"/dev/svatest not present\",\"kernel_log_errors\":3}");
	CHECK(sf_checks_of_run(run, &cs) == 0);
	for (size_t i = 0; i < cs.n; i++)
		CHECK(cs.c[i].result == SF_CHECK_SKIP && !strcmp(cs.c[i].msg, "/dev/svatest not present"));
	sf_checks_free(&cs);
	json_object_put(run);
}

/* text into a temporary file; its path in path */
static void write_tmp(char *path, const char *text)
{
	int fd;

	strcpy(path, "/tmp/sf_test_checks_XXXXXX");
	fd = mkstemp(path);
	CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
}

static void test_json_places(void)
{
	char path[64], err[600];
	json_object *o;

	write_tmp(path, "{\n  \"a\": 1,\n  \"b\": [1, 2");
	o = sf_json_load(path, err, sizeof(err));
	CHECK(!o && strstr(err, path) && strstr(err, ":3:") && strstr(err, "ends inside"));
	unlink(path);

	write_tmp(path, "{\"a\": 1}\n{\"b\": 2}\n");
	o = sf_json_load(path, err, sizeof(err));
	CHECK(!o && strstr(err, ":2:1: text after the end"));
	unlink(path);

	write_tmp(path, "{\"a\": tru}");
	o = sf_json_load(path, err, sizeof(err));
	CHECK(!o && strstr(err, ":1:") && strstr(err, "not JSON"));
	unlink(path);

	write_tmp(path, "");
	o = sf_json_load(path, err, sizeof(err));
	CHECK(!o && strstr(err, "empty file"));
	unlink(path);

	o = sf_json_load("/nonexistent/run.json", err, sizeof(err));
	CHECK(!o && strstr(err, "/nonexistent/run.json: No such file"));

	write_tmp(path, "{\"a\": [1, 2]}\n");
	o = sf_json_load(path, err, sizeof(err));
	CHECK(o && json_object_array_length(sf_jget(o, "a")) == 2 && sf_jget(o, "b") == NULL);
	CHECK(!strcmp(sf_jstr(o, "a"), ""));
	json_object_put(o);
	unlink(path);
}

int main(void)
{
	test_checks();
	test_json_places();
	return tap_done();
}
