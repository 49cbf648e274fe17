/* Text for report.html: escaping and figures people read at a glance. */
#include <math.h>
#include <stdio.h>
#include "report_priv.h"

void rp_esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
	}
}

const char *rp_human(double v, char *buf, size_t n)
{
	static const char *const suffix[] = { "", "k", "M", "G", "T" };
	unsigned i = 0;

	while (fabs(v) >= 1000 && i < 4) {
		v /= 1000;
		i++;
	}
	if (i == 0 && v == floor(v))
		snprintf(buf, n, "%.0f", v);
	else
		snprintf(buf, n, fabs(v) < 10 ? "%.2f%s" : fabs(v) < 100 ? "%.1f%s" : "%.0f%s", v,
			 suffix[i]);
	return buf;
}

const char *rp_ns(double ns, char *buf, size_t n)
{
	if (ns < 1000)
		snprintf(buf, n, "%.0f ns", ns);
	else if (ns < 1e6)
		snprintf(buf, n, "%.3g \u00b5s", ns / 1e3);
	else if (ns < 1e9)
		snprintf(buf, n, "%.3g ms", ns / 1e6);
	else
		snprintf(buf, n, "%.3g s", ns / 1e9);
	return buf;
}

const char *rp_duration(double s, char *buf, size_t n)
{
	unsigned long t = (unsigned long)(s + 0.5);

	if (s < 60 && s != floor(s))
		snprintf(buf, n, "%.1fs", s);
	else if (t < 60)
		snprintf(buf, n, "%lus", t);
	else if (t < 3600)
		snprintf(buf, n, t % 60 ? "%lum%02lus" : "%lum", t / 60, t % 60);
	else if (t < 86400)
		snprintf(buf, n, (t % 3600) / 60 ? "%luh%02lum" : "%luh", t / 3600, (t % 3600) / 60);
	else
		snprintf(buf, n, "%lud%02luh", t / 86400, (t % 86400) / 3600);
	return buf;
}
