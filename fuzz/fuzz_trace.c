/*
 * libFuzzer target: bytes -> the event-trace reader of `svafuzz check`
 * (sf_trace_read over the bytes as a file), then what check does with a
 * trace: sort by t0 and feed an oracle. Properties (abort on failure):
 *   - a bad trace is refused with a message naming the trace ("NAME:...");
 *   - every event read writes back (sf_event_json) to a line that reads
 *     back to the same event: the trace format round-trips;
 *   - after sf_trace_sort, t0 never decreases and no event was lost;
 *   - every event but marks (which touch no page) lies below pages_used
 *     and below "# arena N" if given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oracle.h"
#include "trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "fuzz.jsonl"

static void die(const char *what, const struct sf_event *ev, const char *line)
{
	fprintf(stderr, "fuzz_trace: %s\n", what);
	if (ev)
		fprintf(stderr, "  event t0=%llu t1=%llu kind=%u op=%u page=%u+%u word=%u\n",
			(unsigned long long)ev->t0, (unsigned long long)ev->t1, ev->kind, ev->op,
			ev->page, ev->npages, ev->word);
	if (line)
		fprintf(stderr, "  line: %s\n", line);
	abort();
}

/* The fields sf_event_json writes for this kind of event. */
static int same_event(const struct sf_event *a, const struct sf_event *b)
{
	if (a->t0 != b->t0 || a->t1 != b->t1 || a->thread != b->thread || a->kind != b->kind ||
	    a->op != b->op || a->page != b->page || a->npages != b->npages ||
	    a->outcome != b->outcome || a->err != b->err || a->seq != b->seq)
		return 0;
	if ((a->kind == SF_EV_ACCESS || a->kind == SF_EV_DIRTY) &&
	    (a->word != b->word || a->value != b->value))
		return 0;
	if (a->kind == SF_EV_MUTATION &&
	    (a->eff.set_backing != b->eff.set_backing || a->eff.set_prot != b->eff.set_prot ||
	     a->eff.flags_set != b->eff.flags_set || a->eff.flags_clear != b->eff.flags_clear ||
	     a->eff.obj_mode != b->eff.obj_mode || a->eff.obj_arg != b->eff.obj_arg))
		return 0;
	return 1;
}

static void check_round_trip(const struct sf_event *ev)
{
	char line[1024], why[256];
	struct sf_event back;
	int len = sf_event_json(ev, line, sizeof(line));

	if (len <= 0 || (size_t)len >= sizeof(line) - 1)
		die("sf_event_json gave no line or filled the buffer", ev, line);
	if (sf_trace_parse_event(line, (size_t)len, &back, why, sizeof(why))) {
		fprintf(stderr, "  why: %s\n", why);
		die("a written event does not read back", ev, line);
	}
	if (!same_event(ev, &back))
		die("an event read back differs from the one written", ev, line);
}

static void check_sorted(struct sf_trace *t)
{
	size_t n = t->n;

	sf_trace_sort(t);
	if (t->n != n)
		die("sorting changed the number of events", NULL, NULL);
	for (size_t i = 1; i < t->n; i++)
		if (t->ev[i].t0 < t->ev[i - 1].t0)
			die("t0 decreases after sorting", &t->ev[i], NULL);
}

static void ignore_verdict(void *arg, const struct sf_verdict *v)
{
	(void)arg;
	(void)v;
}

/* What `svafuzz check` does with the events. */
static void feed_oracle(const struct sf_trace *t)
{
	struct sf_oracle_cfg cfg = {
		.npages = t->arena_pages ? t->arena_pages : t->pages_used,
		.sem = t->sem == SF_SEM_PINNED ? SF_SEM_PINNED : SF_SEM_MIRROR,
		.initial = { .backing = SF_BK_ANON_PRIVATE, .prot = SF_PROT_R | SF_PROT_W },
		.on_verdict = ignore_verdict,
	};
	struct sf_oracle *o;

	if (!cfg.npages || cfg.npages > 4096)	/* big arenas cost time, not coverage */
		return;
	o = sf_oracle_new(&cfg);
	if (!o)
		die("sf_oracle_new failed", NULL, NULL);
	for (size_t i = 0; i < t->n; i++)
		sf_oracle_feed(o, &t->ev[i]);
	sf_oracle_finish(o);
	sf_oracle_free(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sf_trace t;
	char err[512] = "";
	FILE *f;

	if (!size)
		return 0;
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	sf_trace_init(&t);
	if (sf_trace_read(f, NAME, &t, err, sizeof(err))) {
		if (strncmp(err, NAME ":", strlen(NAME ":")))
			die("an error does not name the trace", NULL, err);
		goto out;
	}
	for (size_t i = 0; i < t.n; i++) {
		const struct sf_event *ev = &t.ev[i];
		uint64_t end = (uint64_t)ev->page +
			       (ev->kind == SF_EV_MUTATION ? ev->npages : 1);

		if (ev->kind != SF_EV_MARK &&
		    (end > t.pages_used || (t.arena_pages && end > t.arena_pages)))
			die("an event lies beyond the pages the trace says it uses", ev, NULL);
		check_round_trip(ev);
	}
	check_sorted(&t);
	feed_oracle(&t);
out:
	sf_trace_free(&t);
	fclose(f);
	return 0;
}
