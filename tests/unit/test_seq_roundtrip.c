/* print(parse(x)) == x for canonical text, and parse(print(p)) == p for generated programs. */
#include <stdio.h>
#include <stdlib.h>
#include "seq.h"
#include "tap.h"
#include "test_seq_util.h"

static const char canonical[] =
	"svafuzz-sequence 1\n"
	"arena 64\n"
	"threads 3\n"
	"seed 12345\n"
	"backend sim\n"
	"inject no-upgrade-inval\n"
	"arch smmuv3\n"
	"expect FAULT_LOOP\n"
	"0 mprotect 3+2 r\n"
	"0 mmap 3+2 anon-private rw\n"
	"0 mremap 3+2 4\n"
	"0 mremap 3+2 2 move 10\n"
	"0 mremap 3+2 2 move 10 dontunmap\n"
	"0 madvise 3+2 dontneed\n"
	"0 punch 3+2\n"
	"0 fork 3+2\n"
	"0 uffd-wp 3+2 on\n"
	"0 uffd-wp 3+2 off\n"
	"0 migrate 3+2 1\n"
	"0 mlock 3+2\n"
	"0 munlock 3+2\n"
	"0 compact\n"
	"0 slot-add 1 3+2 ro,log\n"
	"0 slot-del 1\n"
	"0 slot-flags 1 log\n"
	"0 dirty-check 1\n"
	"1 dev-read 3.0\n"
	"1 dev-write 3.0\n"
	"2 cpu-read 3.7\n"
	"2 cpu-write 3.7\n"
	"0 barrier 1\n"
	"1 barrier 1\n"
	"0 delay 1000\n";

/* print -> parse -> print is identical and parse(print(p)) == p field by field. */
static void check_program(const struct sf_seq *p)
{
	struct sf_seq q;
	struct sf_seq_err err;
	char *t1 = sf_seq_print(p), *t2;

	CHECK(t1 != NULL);
	if (!t1)
		return;
	CHECK_EQ(parse_str(t1, &q, &err), 0);
	if (err.msg[0])
		fprintf(stderr, "  line %u, column %u: %s\n", err.line, err.col, err.msg);
	CHECK_EQ(seq_diff(p, &q), 0);
	t2 = sf_seq_print(&q);
	CHECK(t2 && !strcmp(t1, t2));
	free(t1);
	free(t2);
	sf_seq_free(&q);
}

int main(void)
{
	struct sf_seq s;
	struct sf_seq_err err;
	char *text;

	CHECK_EQ(parse_str(canonical, &s, &err), 0);
	CHECK_EQ(s.nops, 25);
	text = sf_seq_print(&s);
	CHECK(text && !strcmp(text, canonical));
	check_program(&s);
	free(text);
	sf_seq_free(&s);

	/* many generated programs of both profiles, with header words set */
	unsigned programs = 0;

	for (uint64_t seed = 1; seed <= 60; seed++) {
		struct sf_gen_params gp = {
			.arena_pages = 1 + (uint32_t)(seed * 37 % 300),
			.nthreads = 1 + (uint32_t)(seed % 7),
			.nops = 50 + (uint32_t)(seed * 13 % 400),
			.profile = seed % 2 ? SF_GEN_MIX : SF_GEN_COW_UPGRADE,
		};

		sf_seq_generate(&s, seed * 0x9e3779b97f4a7c15ull, &gp);
		if (seed % 3 == 0) {
			strcpy(s.backend, "sim");
			strcpy(s.knob, "no-upgrade-inval");
			strcpy(s.arch, "smmuv3");
			strcpy(s.expect, "SPURIOUS_FAULT");
		}
		CHECK(s.nops > 0);
		check_program(&s);
		sf_seq_free(&s);
		programs++;
	}
	/* decoded programs too: they reach every argument value */
	for (unsigned k = 0; k < 40; k++) {
		uint8_t buf[512];
		struct sf_gen_params gp = { .arena_pages = 1 + k * 50, .nthreads = 1 + k % 9 };

		for (unsigned i = 0; i < sizeof(buf); i++)
			buf[i] = (uint8_t)((i * 131 + k * 71) ^ (i >> 3) * k);
		sf_seq_decode(&s, buf, sizeof(buf), &gp);
		check_program(&s);
		sf_seq_free(&s);
		programs++;
	}
	CHECK_EQ(programs, 100);
	return tap_done();
}
