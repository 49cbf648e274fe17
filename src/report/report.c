/*
 * report.html from a results folder: read run.json, timeline.jsonl and
 * findings/, write one self-contained page (inline CSS and SVG, no
 * scripts, no external assets) so it can be mailed, archived by CI, or
 * opened from a soak machine's disk years later.
 */
#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "report.h"
#include "report_priv.h"
#include "version.h"

#define MAX_FOLDERS 512

static const char css[] =
	"*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,'Segoe UI',"
	"Roboto,sans-serif;color:#0f172a;background:#f1f5f9}"
	"header{background:#0f172a;color:#e2e8f0;padding:22px 32px}"
	"header h1{margin:0 0 6px;font-size:22px;font-weight:600;color:#fff}"
	"header .sub{color:#94a3b8;font-size:13px}header .sub b{color:#e2e8f0;font-weight:500}"
	".pill{display:inline-block;padding:2px 10px;border-radius:999px;font-size:12px;font-weight:700;"
	"letter-spacing:.04em;vertical-align:3px;margin-left:10px}"
	".ok{background:#16a34a;color:#fff}.bad{background:#dc2626;color:#fff}"
	".warn{background:#ea580c;color:#fff}.info{background:#2563eb;color:#fff}"
	".skip{background:#64748b;color:#fff}"
	"main{max-width:1040px;margin:0 auto;padding:20px 32px 40px}"
	"section{background:#fff;border-radius:10px;box-shadow:0 1px 3px #0f172a1a;"
	"padding:18px 22px;margin:18px 0}h2{font-size:16px;margin:0 0 12px}"
	".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:12px}"
	".card{background:#fff;border-radius:10px;box-shadow:0 1px 3px #0f172a1a;padding:12px 16px}"
	".card .k{color:#64748b;font-size:12px;text-transform:uppercase;letter-spacing:.05em}"
	".card .v{font-size:24px;font-weight:650;margin-top:2px}.card .n{color:#64748b;font-size:12px}"
	".card.alert .v{color:#dc2626}.card.good .v{color:#16a34a}"
	"table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;"
	"border-bottom:1px solid #e2e8f0;vertical-align:top}th{color:#475569;font-weight:600;"
	"font-size:12px;text-transform:uppercase;letter-spacing:.04em}"
	"td.num{text-align:right;font-variant-numeric:tabular-nums}"
	".v-badge{font-weight:700;font-size:12px;padding:1px 8px;border-radius:6px;color:#fff;"
	"background:#dc2626;white-space:nowrap}.v-badge.MODEL{background:#64748b}"
	".v-badge.SPURIOUS_FAULT,.v-badge.FAULT_LOOP{background:#ea580c}"
	".v-badge.LOST_WRITE,.v-badge.DIRTY_MISS{background:#9333ea}"
	"a{color:#2563eb;text-decoration:none}a:hover{text-decoration:underline}"
	".files a{margin-right:10px;font-size:12px}.why{color:#334155}"
	".bar{height:8px;background:#7c3aed;border-radius:4px;min-width:1px}"
	".clean{color:#16a34a;font-weight:600}.muted{color:#64748b}"
	"dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;margin:0}"
	"dt{color:#64748b}dd{margin:0}"
	"svg.tl{width:100%;height:auto;font:11px system-ui,sans-serif}"
	".tl .frame{fill:#f8fafc;stroke:#e2e8f0}.tl .grid{stroke:#e2e8f0;stroke-dasharray:3 3}"
	".tl .tick{stroke:#cbd5e1;stroke-width:.5}.tl .pt{font-weight:600;fill:#0f172a;font-size:12px}"
	".tl .ps{fill:#64748b}.tl .yl{fill:#64748b;text-anchor:end}.tl .xl{fill:#64748b;"
	"text-anchor:middle}.tl .mark line{stroke:#dc2626;stroke-width:1.5;stroke-dasharray:4 3}"
	".tl .mark path{fill:#dc2626}.tl .mark line{opacity:.6}td.nw{white-space:nowrap}"
	"footer{color:#94a3b8;font-size:12px;text-align:center;padding:10px}";

struct report {
	const char *dir;
	json_object *run;
	struct rp_timeline tl;
	FILE *f;
};

static json_object *jget(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!o || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v = jget(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
}

static double jnum(json_object *o, const char *key)
{
	json_object *v = jget(o, key);

	return v ? json_object_get_double(v) : 0;
}

/* Status from exit_code: text and pill class. */
static void status_of(json_object *run, const char **text, const char **cls)
{
	json_object *v = jget(run, "exit_code");

	if (!v || json_object_is_type(v, json_type_null)) {
		*text = "RUNNING OR INTERRUPTED";
		*cls = "info";
		return;
	}
	switch (json_object_get_int(v)) {
	case 0: *text = "CLEAN"; *cls = "ok"; break;
	case 1: *text = "USAGE ERROR"; *cls = "skip"; break;
	case 2: *text = "FINDINGS"; *cls = "bad"; break;
	case 3: *text = "KERNEL ERROR IN LOG"; *cls = "bad"; break;
	case 4: *text = "BACKEND UNAVAILABLE"; *cls = "skip"; break;
	case 6: *text = "INCOMPLETE"; *cls = "warn"; break;
	default: *text = "INTERNAL ERROR OR HANG"; *cls = "warn"; break;
	}
}

static void header(struct report *r)
{
	const char *st, *cls, *knob = jstr(r->run, "knob"), *arch = jstr(r->run, "arch");
	json_object *m = jget(r->run, "machine");
	FILE *f = r->f;

	status_of(r->run, &st, &cls);
	fprintf(f, "<header><h1>svafuzz run ");
	rp_esc(f, jstr(r->run, "run_id"));
	fprintf(f, "<span class=\"pill %s\">%s</span></h1><div class=\"sub\">backend <b>", cls, st);
	rp_esc(f, jstr(r->run, "backend"));
	fprintf(f, "</b>");
	if (*knob) {
		fprintf(f, " with bug knob <b>");
		rp_esc(f, knob);
		fprintf(f, "</b>");
	}
	if (*arch) {
		fprintf(f, " &#183; TLB rules <b>");
		rp_esc(f, arch);
		fprintf(f, "</b>");
	}
	/* a merge of many jobs has many seeds: merged.inputs lists them */
	if (jget(jget(r->run, "merged"), "jobs"))
		fprintf(f, " &#183; merged from <b>%d jobs</b>", (int)jnum(jget(r->run, "merged"), "jobs"));
	else
		fprintf(f, " &#183; seed <b>%llu</b>",
			(unsigned long long)json_object_get_uint64(jget(r->run, "seed")));
	fprintf(f, " &#183; started <b>");
	rp_esc(f, jstr(r->run, "started"));
	fprintf(f, "</b>");
	if (*jstr(r->run, "ended")) {
		fprintf(f, " &#183; ended <b>");
		rp_esc(f, jstr(r->run, "ended"));
		fprintf(f, "</b>");
	}
	fprintf(f, "<br>kernel ");
	rp_esc(f, jstr(r->run, "kernel"));
	fprintf(f, " &#183; ");
	rp_esc(f, jstr(m, "arch"));
	fprintf(f, ", %d CPUs</div></header>\n", (int)jnum(m, "cpus"));
}

static void card(FILE *f, const char *cls, const char *key, const char *val, const char *note)
{
	fprintf(f, "<div class=\"card %s\"><div class=\"k\">%s</div><div class=\"v\">", cls, key);
	rp_esc(f, val);
	fprintf(f, "</div><div class=\"n\">");
	rp_esc(f, note);
	fprintf(f, "</div></div>\n");
}

static void cards(struct report *r)
{
	json_object *run = r->run, *iv = jget(run, "interval_ns"), *rss = jget(run, "rss_kb");
	json_object *klog = jget(run, "kernel_log_errors"), *fnd = jget(run, "findings");
	size_t nfind = fnd && json_object_is_type(fnd, json_type_array) ?
		       json_object_array_length(fnd) : 0;
	char v[64], n[128], a[32], b[32];
	double judged = jnum(run, "accesses_judged");
	FILE *f = r->f;

	fprintf(f, "<div class=\"cards\">\n");
	rp_duration(jnum(run, "duration_s"), v, sizeof(v));
	if (jnum(run, "duration_asked_s") > 0)
		snprintf(n, sizeof(n), "of %s asked", rp_duration(jnum(run, "duration_asked_s"), a, sizeof(a)));
	else
		snprintf(n, sizeof(n), "until stopped");
	card(f, "", "Duration", v, n);
	snprintf(n, sizeof(n), "%llu verdicts in all", (unsigned long long)jnum(run, "verdicts"));
	snprintf(v, sizeof(v), "%zu", nfind);
	card(f, nfind ? "alert" : "good", "Distinct findings", v, n);
	snprintf(n, sizeof(n), "%s program%s", rp_human(jnum(run, "programs"), a, sizeof(a)),
		 jnum(run, "programs") == 1 ? "" : "s");
	card(f, "", "Accesses judged", rp_human(judged, v, sizeof(v)), n);
	snprintf(v, sizeof(v), "%.1f%%", 100 * jnum(run, "decisive_share"));
	snprintf(n, sizeof(n), "%s accesses with one allowed outcome",
		 rp_human(jnum(run, "accesses_decisive"), a, sizeof(a)));
	card(f, "", "Decisive", v, n);
	card(f, "", "Device faults", rp_human(jnum(run, "faults_seen"), v, sizeof(v)),
	     "faults the oracle judged");
	rp_ns(jnum(iv, "median"), v, sizeof(v));
	snprintf(n, sizeof(n), "median width; p99 %s", rp_ns(jnum(iv, "p99"), b, sizeof(b)));
	card(f, "", "Access interval", v, n);
	snprintf(v, sizeof(v), "%.0f MiB", jnum(rss, "end") / 1024);
	snprintf(n, sizeof(n), "start %.0f, peak %.0f MiB", jnum(rss, "start") / 1024,
		 jnum(rss, "max") / 1024);
	card(f, "", "Memory (RSS)", v, n);
	if (klog && !json_object_is_type(klog, json_type_null)) {
		snprintf(v, sizeof(v), "%d", json_object_get_int(klog));
		card(f, json_object_get_int(klog) ? "alert" : "good", "Kernel log errors", v,
		     "oops, WARN, KASAN, lockups, IOMMU faults...");
	} else {
		card(f, "", "Kernel log", "off", "not watched: --no-klog, the sim, or no /dev/kmsg");
	}
	fprintf(f, "</div>\n");
}

/* Run length for the time axis: the longer of duration_s and the timeline. */
static double run_length(const struct report *r)
{
	double t = jnum(r->run, "duration_s");

	if (r->tl.n && r->tl.t_s[r->tl.n - 1] > t)
		t = r->tl.t_s[r->tl.n - 1];
	return t;
}

static size_t markers(const struct report *r, struct rp_marker *m, size_t max)
{
	json_object *fnd = jget(r->run, "findings");
	size_t n = 0;

	if (fnd && json_object_is_type(fnd, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(fnd) && n < max; i++) {
			json_object *x = json_object_array_get_idx(fnd, i);

			m[n].t_s = jnum(x, "t_first_s");
			snprintf(m[n].label, sizeof(m[n].label), "#%zu %s at %.1f s", i + 1,
				 jstr(x, "verdict"), m[n].t_s);
			n++;
		}
		if (n)
			return n;
	}
	/* no list (an older or cut run.json): where the timeline's count went up */
	for (size_t i = 1; i < r->tl.n && n < max; i++) {
		if (r->tl.findings[i] > r->tl.findings[i - 1]) {
			m[n].t_s = r->tl.t_s[i];
			snprintf(m[n].label, sizeof(m[n].label), "finding %.0f at %.0f s",
				 r->tl.findings[i], r->tl.t_s[i]);
			n++;
		}
	}
	return n;
}

static void timeline(struct report *r)
{
	static struct rp_marker m[1024];
	size_t nm = markers(r, m, sizeof(m) / sizeof(m[0]));

	fprintf(r->f, "<section><h2>Timeline</h2>\n");
	if (!r->tl.n && r->tl.missing) {
		fprintf(r->f, "<p class=\"muted\">No timeline.jsonl (a run shorter than a second, "
			"or one that never started).</p></section>\n");
		return;
	}
	if (r->tl.n)
		rp_svg_timeline(r->f, &r->tl, run_length(r), m, nm);
	else
		fprintf(r->f, "<p class=\"muted\">timeline.jsonl has no readable line.</p>\n");
	fprintf(r->f, "<p class=\"muted\">");
	if (r->tl.n)
		fprintf(r->f, "Lines are per-second means, bands the range within each pixel "
			"column%s. ", nm ? "; red marks are findings (hover for the verdict)" : "");
	if (r->tl.bad_lines) {
		fprintf(r->f, "%u unreadable line%s left out, the first: timeline.jsonl:%u: ",
			r->tl.bad_lines, r->tl.bad_lines == 1 ? "" : "s", r->tl.first_bad);
		rp_esc(r->f, r->tl.bad_why);
	}
	fprintf(r->f, "</p></section>\n");
}

static int file_exists(const char *dir, const char *sub, const char *name)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s/%s", dir, sub, name);
	return access(p, R_OK) == 0;
}

static void file_links(struct report *r, const char *rel)
{
	static const char *const files[] = { "repro.sva", "finding.json", "events.jsonl",
					     "kmsg.txt", "replay.sh", NULL };

	fprintf(r->f, "<span class=\"files\">");
	for (unsigned i = 0; files[i]; i++) {
		if (!file_exists(r->dir, rel, files[i]))
			continue;
		fprintf(r->f, "<a href=\"");
		rp_esc(r->f, rel);
		fprintf(r->f, "/%s\">%s</a>", files[i], files[i]);
	}
	fprintf(r->f, "</span>");
}

/* "causes: munmap ×12 (findings/001-STALE_READ/), mprotect ×3 (...)" when more than one */
static void causes_line(FILE *f, json_object *causes)
{
	size_t n = causes && json_object_is_type(causes, json_type_array) ?
		   json_object_array_length(causes) : 0;

	if (n < 2)
		return;
	fprintf(f, "<div class=\"why\">causes: ");
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_array_get_idx(causes, i);
		const char *sig = jstr(c, "signature"), *op = strchr(sig, '/');

		op = op ? strchr(op + 1, '/') : NULL;	/* VERDICT/access/CAUSE/backend */
		fprintf(f, "%s", i ? ", " : "");
		if (op) {
			char cause[32];

			snprintf(cause, sizeof(cause), "%s", op + 1);
			*strchrnul(cause, '/') = 0;
			rp_esc(f, cause);
		}
		fprintf(f, " &times;%llu", (unsigned long long)jnum(c, "count"));
		if (*jstr(c, "dir")) {
			fprintf(f, " (<a href=\"");
			rp_esc(f, jstr(c, "dir"));
			fprintf(f, "/\">");
			rp_esc(f, jstr(c, "dir"));
			fprintf(f, "/</a>)");
		}
	}
	fprintf(f, "</div>");
}

static void findings_table(struct report *r)
{
	json_object *fnd = jget(r->run, "findings");
	size_t n = fnd && json_object_is_type(fnd, json_type_array) ? json_object_array_length(fnd) : 0;
	FILE *f = r->f;
	char t[32];

	fprintf(f, "<section><h2>Findings</h2>\n");
	if (!n) {
		fprintf(f, "<p class=\"clean\">No finding: every device outcome was allowed by the "
			"CPU page tables at its time.</p></section>\n");
		return;
	}
	fprintf(f, "<table><tr><th>#</th><th>Verdict</th><th>First</th><th>Count</th><th>Access</th>"
		"<th>Why</th></tr>\n");
	for (size_t i = 0; i < n; i++) {
		json_object *x = json_object_array_get_idx(fnd, i);
		const char *dir = jstr(x, "dir"), *v = jstr(x, "verdict");

		fprintf(f, "<tr><td class=\"num\">%zu</td><td><span class=\"v-badge ", i + 1);
		rp_esc(f, v);
		fprintf(f, "\">");
		rp_esc(f, v);
		fprintf(f, "</span></td><td class=\"num\">%s</td><td class=\"num\">%llu</td><td class=\"nw\">",
			rp_duration(jnum(x, "t_first_s"), t, sizeof(t)),
			(unsigned long long)jnum(x, "count"));
		rp_esc(f, jstr(x, "access"));
		fprintf(f, "</td><td><div class=\"why\">");
		if (*jstr(x, "signature")) {	/* the finding's key: what one row stands for */
			fprintf(f, "<b>");
			rp_esc(f, jstr(x, "signature"));
			fprintf(f, "</b>: ");
		}
		rp_esc(f, jstr(x, "why"));
		fprintf(f, "</div>");
		causes_line(f, jget(x, "causes"));
		if (*dir) {
			fprintf(f, "<a href=\"");
			rp_esc(f, dir);
			fprintf(f, "/\">");
			rp_esc(f, dir);
			fprintf(f, "/</a> ");
			file_links(r, dir);
		}
		fprintf(f, "</td></tr>\n");
	}
	fprintf(f, "</table></section>\n");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every saved reproducer folder, including the 2nd and 3rd of a kind. */
static void folders(struct report *r)
{
	char path[PATH_MAX], *names[MAX_FOLDERS];
	size_t n = 0;
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "%s/findings", r->dir);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d)) && n < MAX_FOLDERS)
		if (de->d_name[0] != '.' && (names[n] = strdup(de->d_name)))
			n++;
	closedir(d);
	if (!n)
		return;
	qsort(names, n, sizeof(*names), cmp_str);
	fprintf(r->f, "<section><h2>Saved reproducers (%zu)</h2><table>\n"
		"<tr><th>Folder</th><th>Files</th><th>Replay</th></tr>\n", n);
	for (size_t i = 0; i < n; i++) {
		char rel[300];

		snprintf(rel, sizeof(rel), "findings/%s", names[i]);
		fprintf(r->f, "<tr><td><a href=\"");
		rp_esc(r->f, rel);
		fprintf(r->f, "/\">");
		rp_esc(r->f, names[i]);
		fprintf(r->f, "</a></td><td>");
		file_links(r, rel);
		fprintf(r->f, "</td><td><code>svafuzz replay ");
		rp_esc(r->f, rel);
		fprintf(r->f, "/repro.sva</code></td></tr>\n");
		free(names[i]);
	}
	fprintf(r->f, "</table></section>\n");
}

static void op_counts(struct report *r)
{
	json_object *c = jget(r->run, "counts");
	double max = 0;
	char a[32];

	if (!c || !json_object_is_type(c, json_type_object))
		return;
	json_object_object_foreach(c, k0, v0) {
		(void)k0;
		if (json_object_get_double(v0) > max)
			max = json_object_get_double(v0);
	}
	if (max <= 0)
		return;
	fprintf(r->f, "<section><h2>Operations executed</h2><table>\n");
	json_object_object_foreach(c, key, val) {
		double v = json_object_get_double(val);

		if (v <= 0)
			continue;
		fprintf(r->f, "<tr><td style=\"width:140px\">");
		rp_esc(r->f, key);
		fprintf(r->f, "</td><td class=\"num\" style=\"width:90px\">%s</td><td><div class=\"bar\" "
			"style=\"width:%.1f%%\"></div></td></tr>\n", rp_human(v, a, sizeof(a)),
			100 * v / max);
	}
	fprintf(r->f, "</table></section>\n");
}

static void details(struct report *r)
{
	json_object *sk = jget(r->run, "skipped"), *be = jget(r->run, "backend_stats");
	json_object *orc = jget(r->run, "oracle");
	FILE *f = r->f;
	char a[32];

	fprintf(f, "<section><h2>Details</h2><dl>\n");
	if (*jstr(r->run, "watchdog")) {
		fprintf(f, "<dt>Watchdog</dt><dd class=\"why\">");
		rp_esc(f, jstr(r->run, "watchdog"));
		fprintf(f, "</dd>\n");
	}
	for (size_t i = 0; sk && json_object_is_type(sk, json_type_array) &&
			   i < json_object_array_length(sk); i++) {
		json_object *x = json_object_array_get_idx(sk, i);

		fprintf(f, "<dt>Skipped ");
		rp_esc(f, jstr(x, "what"));
		fprintf(f, "</dt><dd>");
		rp_esc(f, jstr(x, "why"));
		fprintf(f, "</dd>\n");
	}
	if (be && json_object_is_type(be, json_type_object)) {
		json_object_object_foreach(be, key, val) {
			fprintf(f, "<dt>Backend ");
			rp_esc(f, key);
			fprintf(f, "</dt><dd>%s</dd>\n", rp_human(json_object_get_double(val), a, sizeof(a)));
		}
	}
	fprintf(f, "<dt>Oracle</dt><dd>%.0f rejected events, %.0f histories widened, peak memory "
		"%.1f MiB</dd>\n", jnum(orc, "rejected"), jnum(orc, "widened"),
		jnum(orc, "mem_peak") / 1048576.0);
	fprintf(f, "<dt>Results</dt><dd><a href=\"run.json\">run.json</a> &#183; "
		"<a href=\"timeline.jsonl\">timeline.jsonl</a> &#183; <a href=\"events.jsonl\">events.jsonl</a>"
		" &#183; <a href=\"junit.xml\">junit.xml</a> &#183; <a href=\"kmsg.txt\">kmsg.txt</a></dd>\n");
	fprintf(f, "</dl></section>\n");
}

static void page(struct report *r)
{
	FILE *f = r->f;
	char now[64];
	time_t t = time(NULL);

	strftime(now, sizeof(now), "%Y-%m-%d %H:%M:%S UTC", gmtime(&t));
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
		"<title>svafuzz ");
	rp_esc(f, jstr(r->run, "run_id"));
	fprintf(f, "</title><style>%s</style></head><body>\n", css);
	header(r);
	fprintf(f, "<main>\n");
	cards(r);
	timeline(r);
	findings_table(r);
	rp_merged_inputs(f, r->run);
	folders(r);
	op_counts(r);
	details(r);
	fprintf(f, "</main><footer>svafuzz %s (git %s) &#183; report written %s</footer>\n"
		"</body></html>\n", SVAFUZZ_VERSION, SVAFUZZ_GIT_REV, now);
}

int sf_report_write(const char *run_dir, char *err, size_t n)
{
	struct report r = { .dir = run_dir };
	char path[PATH_MAX], tmp[PATH_MAX], why[300];
	int rc = 0;

	snprintf(path, sizeof(path), "%s/run.json", run_dir);
	r.run = json_object_from_file(path);
	if (!r.run || !json_object_is_type(r.run, json_type_object)) {
		snprintf(err, n, "%s: %s", path, access(path, R_OK) ? strerror(errno) :
			 "not a JSON object");
		json_object_put(r.run);
		return -1;
	}
	if (rp_check_run(r.run, why, sizeof(why))) {
		snprintf(err, n, "%s: %s", path, why);
		json_object_put(r.run);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/timeline.jsonl", run_dir);
	rp_timeline_load(path, &r.tl);	/* a missing timeline is shown as such */
	if (r.tl.bad_lines)
		fprintf(stderr, "svafuzz report: %s:%u: %s (%u unreadable line%s, left out of "
			"report.html)\n", path, r.tl.first_bad, r.tl.bad_why, r.tl.bad_lines,
			r.tl.bad_lines == 1 ? "" : "s");
	/*
	 * The line written at the end covers a second the run only began: its
	 * counts are not a rate, and would draw every run as slowing to a halt.
	 */
	if (r.tl.n > 1 && jnum(r.run, "duration_s") > 0 &&
	    r.tl.t_s[r.tl.n - 1] > jnum(r.run, "duration_s") + 0.5)
		r.tl.n--;
	snprintf(tmp, sizeof(tmp), "%s/.report.html.tmp", run_dir);
	snprintf(path, sizeof(path), "%s/report.html", run_dir);
	r.f = fopen(tmp, "w");
	if (!r.f) {
		snprintf(err, n, "%s: %s", tmp, strerror(errno));
		rc = -1;
		goto out;
	}
	page(&r);
	if (fflush(r.f) || ferror(r.f)) {
		snprintf(err, n, "%s: write error: %s", tmp, strerror(errno));
		rc = -1;
	}
	fclose(r.f);
	if (!rc && rename(tmp, path)) {
		snprintf(err, n, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc)
		unlink(tmp);
out:
	rp_timeline_free(&r.tl);
	json_object_put(r.run);
	return rc;
}
