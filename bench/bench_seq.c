/*
 * Throughput of the sequence language: generate, print, parse, validate
 * and decode, in ops per second. Prints figures; never fails on speed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "rng.h"
#include "seq.h"

#define NOPS 200000

static void report(const char *what, uint64_t ns, size_t ops)
{
	printf("%-10s %8zu ops in %7.2f ms: %6.2f Mops/s\n", what, ops, (double)ns / 1e6,
	       ns ? (double)ops * 1e3 / (double)ns : 0.0);
}

int main(void)
{
	struct sf_gen_params p = { .arena_pages = 4096, .nthreads = 8, .nops = NOPS };
	struct sf_seq s, back;
	struct sf_seq_err err;
	struct sf_rng r;
	uint64_t t;
	char *text;
	uint8_t *bytes;

	for (unsigned profile = SF_GEN_MIX; profile <= SF_GEN_COW_UPGRADE; profile++) {
		p.profile = profile;
		printf("profile %s\n", profile == SF_GEN_MIX ? "mix" : "cow-upgrade");
		t = sf_now_ns();
		sf_seq_generate(&s, 1, &p);
		report("generate", sf_now_ns() - t, s.nops);

		t = sf_now_ns();
		text = sf_seq_print(&s);
		report("print", sf_now_ns() - t, s.nops);
		if (!text)
			return 1;
		printf("%-10s %8zu bytes, %.1f bytes per op\n", "text", strlen(text),
		       (double)strlen(text) / (double)s.nops);

		t = sf_now_ns();
		if (sf_seq_parse(text, strlen(text), &back, &err)) {
			fprintf(stderr, "parse: line %u: %s\n", err.line, err.msg);
			return 1;
		}
		report("parse", sf_now_ns() - t, back.nops);

		t = sf_now_ns();
		if (sf_seq_validate(&back, &err))
			return 1;
		report("validate", sf_now_ns() - t, back.nops);
		free(text);
		sf_seq_free(&s);
		sf_seq_free(&back);
	}

	bytes = malloc(NOPS * 4);
	if (!bytes)
		return 1;
	sf_rng_seed(&r, 3);
	for (size_t i = 0; i < NOPS * 4; i++)
		bytes[i] = (uint8_t)sf_rng_next(&r);
	p.nops = NOPS;
	t = sf_now_ns();
	sf_seq_decode(&s, bytes, NOPS * 4, &p);
	report("decode", sf_now_ns() - t, s.nops);
	sf_seq_free(&s);
	free(bytes);
	return 0;
}
