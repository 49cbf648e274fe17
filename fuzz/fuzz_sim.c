/*
 * libFuzzer target: bytes -> a program (sf_seq_decode) -> a run of the sim
 * backend -> collector -> oracle.
 *
 *   byte 0   bit 7 set: inject the knob (bits 0..5 modulo the sim's knob
 *            count); clear: no knob. Bit 6: TLB rules "vtd", else "smmuv3".
 *   byte 1   threads 2..4 (bits 0..1) and arena 4..19 pages (bits 2..5)
 *   rest     the program, decoded with sf_seq_decode(), at most MAX_OPS ops
 *
 * Without a knob the sim models a correct kernel and the oracle must agree:
 * any verdict means one of them is unsound, and the target aborts with the
 * verdict's why and the program as text (save it as a .sva and `svafuzz
 * replay` it). With a knob, verdicts are the point and only crashes and
 * sanitizer reports count.
 *
 * Programs stay small (MAX_OPS) so that the fuzzer gets many executions a
 * second; one device per (knob, arch) is opened once and reused, as the
 * sim starts every run() from a fresh state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arena.h"
#include "collector.h"
#include "oracle.h"
#include "seq.h"
#include "backend.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_OPS 32
#define MAX_KNOBS 32
#define MAX_VERDICTS_SHOWN 3

struct sim_fuzz {
	const struct sf_backend_ops *be;
	unsigned nknobs;
	struct sf_dev *dev[MAX_KNOBS + 1][2];	/* [knob + 1 or 0 = none][vtd] */
};

struct outcome {
	unsigned verdicts;
	char why[MAX_VERDICTS_SHOWN][256];
};

static struct sim_fuzz sim;

static void setup(void)
{
	sim.be = sf_backend_find("sim");
	if (!sim.be || !sim.be->run || !(sim.be->flags & SF_BE_SIM)) {
		fprintf(stderr, "fuzz_sim: no sim backend in this build\n");
		abort();
	}
	while (sim.be->knobs && sim.be->knobs[sim.nknobs] && sim.nknobs < MAX_KNOBS)
		sim.nknobs++;
}

static struct sf_dev *device(unsigned knob, unsigned vtd, unsigned nthreads)
{
	struct sf_dev **d = &sim.dev[knob][vtd];
	struct sf_dev_opts o = {
		.knob = knob ? sim.be->knobs[knob - 1] : NULL,
		.nqueues = nthreads,
		.seed = 0,		/* as the engine: the program's seed drives the run */
		.arch = vtd ? "vtd" : "smmuv3",
	};
	char err[256] = "";

	if (*d)
		return *d;
	if (sim.be->open(d, &o, err, sizeof(err))) {
		fprintf(stderr, "fuzz_sim: cannot open sim (knob %s, arch %s): %s\n",
			o.knob ? o.knob : "none", o.arch, err);
		abort();
	}
	return *d;
}

static void on_verdict(void *arg, const struct sf_verdict *v)
{
	struct outcome *out = arg;

	if (out->verdicts < MAX_VERDICTS_SHOWN)
		/* the start of the why is enough to tell verdicts apart here */
		snprintf(out->why[out->verdicts], sizeof(out->why[0]), "%s: %.*s",
			 sf_verdict_name(v->kind), (int)sizeof(out->why[0]) - 32, v->why);
	out->verdicts++;
}

/* A verdict without a knob: print everything needed to replay it, then abort. */
static void unsound(const struct sf_seq *prog, const struct outcome *out, unsigned vtd)
{
	char *text = sf_seq_print(prog);

	fprintf(stderr, "fuzz_sim: %u verdict(s) with no knob (arch %s): the sim or the "
		"oracle is unsound\n", out->verdicts, vtd ? "vtd" : "smmuv3");
	for (unsigned i = 0; i < out->verdicts && i < MAX_VERDICTS_SHOWN; i++)
		fprintf(stderr, "  %s\n", out->why[i]);
	fprintf(stderr, "--- program (arch %s):\n%s", vtd ? "vtd" : "smmuv3", text ? text : "?\n");
	free(text);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sf_gen_params p = { 0 };
	struct outcome out = { 0 };
	struct sf_oracle_cfg cfg = { 0 };
	struct sf_collector *c;
	struct sf_oracle *o;
	struct sf_seq prog;
	unsigned knob = 0, vtd;

	if (size < 2)
		return 0;
	if (!sim.be)
		setup();
	if ((data[0] & 0x80) && sim.nknobs)
		knob = 1 + (data[0] & 0x3f) % sim.nknobs;
	vtd = (data[0] >> 6) & 1;
	p.nthreads = 2 + (data[1] & 3) % 3;
	p.arena_pages = 4 + ((data[1] >> 2) & 15);
	p.nops = MAX_OPS;
	p.allowed_ops = sim.be->ops_supported;
	sf_seq_decode(&prog, data + 2, size - 2, &p);

	cfg.npages = prog.arena_pages;
	cfg.sem = sim.be->sem;
	cfg.initial = sf_arena_initial();
	cfg.on_verdict = on_verdict;
	cfg.arg = &out;
	o = sf_oracle_new(&cfg);
	c = o ? sf_collector_new(o, 0, NULL, NULL) : NULL;
	if (!c) {
		fprintf(stderr, "fuzz_sim: out of memory\n");
		abort();
	}
	if (sim.be->run(device(knob, vtd, prog.nthreads), &prog, c) < 0) {
		fprintf(stderr, "fuzz_sim: the sim refused a valid program\n");
		abort();
	}
	sf_collector_drain(c);
	if (getenv("FUZZ_SIM_VERBOSE"))
		fprintf(stderr, "fuzz_sim: knob %s, %zu ops, %u verdicts%s%s\n",
			knob ? sim.be->knobs[knob - 1] : "none", prog.nops, out.verdicts,
			out.verdicts ? ", first " : "", out.verdicts ? out.why[0] : "");
	if (out.verdicts && !knob)
		unsound(&prog, &out, vtd);
	sf_collector_free(c);
	sf_oracle_free(o);
	sf_seq_free(&prog);
	return 0;
}
