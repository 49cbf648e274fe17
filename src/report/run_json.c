/* Reading run.json (and other JSON files) with errors that say where. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report_priv.h"
#include "run_json.h"

/* Files larger than this are not a run.json: refused before reading. */
#define MAX_JSON_BYTES (64u << 20)

static char *slurp(const char *path, size_t *len, char *err, size_t n)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long sz;

	if (!f) {
		snprintf(err, n, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) || (sz = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		snprintf(err, n, "%s: not a regular file", path);
		fclose(f);
		return NULL;
	}
	if ((unsigned long)sz > MAX_JSON_BYTES) {
		snprintf(err, n, "%s: %ld bytes, too large for a results file", path, sz);
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)sz + 1);
	if (!buf || fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
		snprintf(err, n, "%s: %s", path, buf ? "read error" : "out of memory");
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[sz] = 0;
	*len = (size_t)sz;
	return buf;
}

/* 1-based line and column of byte off in text. */
static void place_of(const char *text, size_t off, unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

json_object *sf_json_load(const char *path, char *err, size_t n)
{
	size_t len = 0, end;
	char *text = slurp(path, &len, err, n);
	struct json_tokener *tok;
	enum json_tokener_error e;
	json_object *o;
	unsigned line, col;

	if (!text)
		return NULL;
	if (len == 0) {
		snprintf(err, n, "%s: empty file", path);
		free(text);
		return NULL;
	}
	tok = json_tokener_new();
	if (!tok) {
		snprintf(err, n, "%s: out of memory", path);
		free(text);
		return NULL;
	}
	o = json_tokener_parse_ex(tok, text, (int)len);
	e = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	if (o && e == json_tokener_success) {
		/* a second value after the first is damage too (two writers, a bad copy) */
		while (end < len && strchr(" \t\r\n", text[end]))
			end++;
		if (end < len) {
			place_of(text, end, &line, &col);
			snprintf(err, n, "%s:%u:%u: text after the end of the JSON value", path, line,
				 col);
			json_object_put(o);
			o = NULL;
		}
	} else {
		place_of(text, end, &line, &col);
		if (e == json_tokener_continue)
			snprintf(err, n, "%s:%u:%u: the text ends inside a JSON value (cut short: a "
				 "killed job or an incomplete copy?)", path, line, col);
		else
			snprintf(err, n, "%s:%u:%u: not JSON: %s", path, line, col,
				 json_tokener_error_desc(e));
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	free(text);
	return o;
}

json_object *sf_jget(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!o || !json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
		return NULL;
	return v;
}

const char *sf_jstr(json_object *o, const char *key)
{
	json_object *v = sf_jget(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
}

json_object *sf_run_json_load(const char *dir, char *err, size_t n)
{
	char path[PATH_MAX], why[300];
	json_object *run;

	snprintf(path, sizeof(path), "%s/run.json", dir);
	run = sf_json_load(path, err, n);
	if (!run)
		return NULL;
	if (!json_object_is_type(run, json_type_object)) {
		snprintf(err, n, "%s: not a JSON object", path);
	} else if (rp_check_run(run, why, sizeof(why))) {
		snprintf(err, n, "%s: %s", path, why);
	} else {
		return run;
	}
	json_object_put(run);
	return NULL;
}
