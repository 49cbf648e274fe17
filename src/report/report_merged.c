/*
 * report.html of a merged folder (svafuzz merge): the jobs it was made
 * from, and what was wrong with each, so a damaged input is seen on the
 * page and not only in a terminal long closed.
 */
#include "report_priv.h"

static const char *str_of(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return "";
	return json_object_get_string(v);
}

void rp_merged_inputs(FILE *f, json_object *run)
{
	json_object *merged = NULL, *inputs = NULL;

	if (!json_object_object_get_ex(run, "merged", &merged) ||
	    !json_object_object_get_ex(merged, "inputs", &inputs) ||
	    !json_object_is_type(inputs, json_type_array))
		return;
	fprintf(f, "<section><h2>Jobs merged (%zu)</h2><table><tr><th>run</th><th>folder</th>"
		"<th>status</th><th>what was left out</th></tr>\n", json_object_array_length(inputs));
	for (size_t i = 0; i < json_object_array_length(inputs); i++) {
		json_object *in = json_object_array_get_idx(inputs, i), *pr = NULL;
		const char *st = str_of(in, "status");

		fprintf(f, "<tr><td class=\"nw\">");
		rp_esc(f, str_of(in, "run_id"));
		fprintf(f, "</td><td>");
		rp_esc(f, str_of(in, "dir"));
		fprintf(f, "</td><td><span class=\"pill %s\">", *st == 'w' ? "ok" : *st == 'p' ? "warn" : "bad");
		rp_esc(f, st);
		fprintf(f, "</span></td><td>");
		json_object_object_get_ex(in, "problems", &pr);
		for (size_t j = 0; pr && j < json_object_array_length(pr); j++) {
			rp_esc(f, json_object_get_string(json_object_array_get_idx(pr, j)));
			fprintf(f, "<br>");
		}
		fprintf(f, "</td></tr>\n");
	}
	fprintf(f, "</table></section>\n");
}
