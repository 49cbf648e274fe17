/*
 * `svafuzz probe`: what works on this machine and, for what does not, why
 * not. Always exits 0: an unavailable backend is information, not failure.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "ops.h"
#include "backend.h"
#include "worker.h"

#define MAX_BACKENDS 16

static void probe_help(void)
{
	printf("usage: svafuzz probe\n\n"
	       "Lists every backend compiled in (available here, or why not; semantics,\n"
	       "bug knobs and the ops it runs) and every CPU-side worker (supported here,\n"
	       "or why not). The last line says which backend `run --backend auto` picks\n"
	       "and why the ones before it in probe order were passed over. Exit 0.\n");
}

/* Words of text on lines of at most 78 columns, indented under the name. */
static void print_wrapped_text(const char *text)
{
	unsigned col = 13;

	printf("             ");
	while (*text) {
		size_t w = strcspn(text, " ");

		if (col > 13 && col + 1 + w > 78) {
			printf("\n             ");
			col = 13;
		} else if (col > 13) {
			printf(" ");
			col++;
		}
		printf("%.*s", (int)w, text);
		col += (unsigned)w;
		text += w;
		text += strspn(text, " ");
	}
	printf("\n");
}

static void print_wrapped_list(const char *label, const char *const *items, unsigned n)
{
	unsigned col = 13 + (unsigned)strlen(label);

	printf("             %s", label);
	for (unsigned i = 0; i < n; i++) {
		unsigned w = (unsigned)strlen(items[i]) + 1;

		if (col + w > 78 && i) {
			printf("\n             %*s", (int)strlen(label), "");
			col = 13 + (unsigned)strlen(label);
		}
		printf(" %s", items[i]);
		col += w;
	}
	printf("%s\n", n ? "" : " none");
}

/* Returns 1 if the backend is available here; why (n bytes) says why not. */
static int print_backend(const struct sf_backend_ops *b, char *why, size_t n)
{
	const char *ops[SF_OP__COUNT];
	unsigned nops = 0, nknobs = 0;
	char line[512];
	char queues[48] = "";
	int rc = b->probe ? b->probe(why, n) : 0;

	if (b->max_queues)
		snprintf(queues, sizeof(queues), ", at most %u device queues", b->max_queues);
	if (rc && !why[0])
		snprintf(why, n, "no reason given");
	printf("  %-10s %s%s\n", b->name, rc ? "unavailable: " : "available", rc ? why : "");
	snprintf(line, sizeof(line), "%s semantics%s%s%s. %s",
		 sf_semantics_name(b->sem), queues,
		 b->flags & SF_BE_SIM ? ", runs whole programs (deterministic)" : "",
		 b->flags & SF_BE_SLOTS ? ", backend-side ops (memslots, IOAS maps)" : "", b->desc ? b->desc : "");
	print_wrapped_text(line);
	while (b->knobs && b->knobs[nknobs])
		nknobs++;
	print_wrapped_list("knobs:", b->knobs, nknobs);
	for (int op = 0; op < SF_OP__COUNT; op++)
		if (b->ops_supported & (1ull << op))
			ops[nops++] = sf_op_name((enum sf_op)op);
	print_wrapped_list("ops:", ops, nops);
	return !rc;
}

/*
 * The last line: what `run --backend auto` would drive and why, i.e. why
 * each backend before it in probe order (the registry's, sva/backends.c)
 * was passed over. The choice itself is sf_backend_auto()'s, so this line
 * can never disagree with what a run does.
 */
static void print_auto_pick(char whynot[][256], unsigned n)
{
	const struct sf_backend_ops *pick = sf_backend_auto();
	const char *sep = "";

	printf("\nrun --backend auto picks %s: ", pick->name);
	for (unsigned i = 0; i < n && sf_backends[i] != pick; i++) {
		printf("%s%s unavailable: %s", sep, sf_backends[i]->name,
		       whynot[i][0] ? whynot[i] : "probed unavailable this time");
		sep = "; ";
	}
	printf("%s\n", sep[0] ? "" : "available, and first in probe order");
}

int sf_cmd_probe(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char whynot[MAX_BACKENDS][256] = { { 0 } };
	unsigned avail = 0, total = 0;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", lo, NULL)) != -1) {
		if (c == 'h') {
			probe_help();
			return SF_EXIT_CLEAN;
		}
		return sf_cli_getopt_error("probe", c, argv, lo);
	}
	if (optind < argc)
		return sf_cli_usage_error("probe", "unexpected argument '%s'", argv[optind]);

	printf("backends:\n");
	for (unsigned i = 0; sf_backends[i] && i < MAX_BACKENDS; i++, total++)
		avail += (unsigned)print_backend(sf_backends[i], whynot[i], sizeof(whynot[i]));
	printf("  (%u of %u available)\n\nworkers:\n", avail, total);
	for (const struct sf_worker *w = sf_workers; w->name; w++) {
		char why[256] = "";
		int rc = w->supported ? w->supported(why, sizeof(why)) : 0;

		printf("  %-12s %s%s\n", w->name, rc ? "unsupported: " : "supported",
		       rc ? (why[0] ? why : "no reason given") : "");
	}
	print_auto_pick(whynot, total);
	return SF_EXIT_CLEAN;
}
