/*
 * A results folder's run.json, read for the commands that read folders
 * written elsewhere (export, merge, report): what is wrong with a file a
 * killed job or a cut copy left is said with the file and the place.
 */
#ifndef SF_RUN_JSON_H
#define SF_RUN_JSON_H
#include <json-c/json.h>
#include <stddef.h>

/*
 * path's JSON text, parsed. NULL with err naming path and, for text that
 * is not JSON, the line and column ("run.json:3:17: unexpected end of
 * the text (cut short?)").
 */
json_object *sf_json_load(const char *path, char *err, size_t n);

/*
 * dir/run.json, parsed and checked ("svafuzz-run/1", the keys' types as
 * results/README.md gives them). NULL with err naming the file and the
 * place or key.
 */
json_object *sf_run_json_load(const char *dir, char *err, size_t n);

/* o's key, NULL when o is NULL, the key is missing or its value is null. */
json_object *sf_jget(json_object *o, const char *key);
/* o's key as a string, "" when it is not one. */
const char *sf_jstr(json_object *o, const char *key);
#endif
