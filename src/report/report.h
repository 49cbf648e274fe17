/*
 * report.html: a self-contained page (no external assets) that shows a
 * run at a glance: headline figures, findings with links to their
 * folders, and an SVG timeline of throughput, faults, memslot changes and
 * findings. Rebuilt from the results folder alone (run.json,
 * timeline.jsonl, findings/), so `svafuzz report DIR` can redo it for any
 * run, even one that was killed.
 */
#ifndef SF_REPORT_H
#define SF_REPORT_H
#include <stddef.h>

/* Writes run_dir/report.html (atomically); 0, or -1 with the reason in err. */
int sf_report_write(const char *run_dir, char *err, size_t n);
#endif
