/*
 * Arbitrary bytes reinterpreted as events, and random events with fields
 * near the valid ranges, never crash the oracle; every event is either
 * accepted or rejected, and memory goes back to the base after free.
 */
#include <stdlib.h>
#include <string.h>
#include "rng.h"
#include "tap.h"
#include "trace_build.h"

static void near_valid(struct sf_rng *r, struct sf_event *ev, uint64_t *T)
{
	memset(ev, 0, sizeof(*ev));
	*T += sf_rng_below(r, 50);
	ev->t0 = *T - (sf_rng_below(r, 20) == 0 ? 30 : 0);
	ev->t1 = ev->t0 + sf_rng_below(r, 300);
	ev->t1 -= sf_rng_below(r, 30) == 0 ? 400 : 0;	/* own statement: a defined draw order */
	ev->kind = (uint8_t)sf_rng_below(r, 5);
	ev->op = (uint16_t)sf_rng_below(r, SF_OP__COUNT + 1);
	ev->page = sf_rng_below(r, 9);
	ev->npages = sf_rng_below(r, 4);
	ev->word = sf_rng_below(r, SF_WORDS_PER_PAGE + 1);
	ev->outcome = (uint8_t)sf_rng_below(r, 5);
	ev->value = sf_rng_below(r, 4);
	ev->eff.set_backing = sf_rng_below(r, 3) ? (uint8_t)sf_rng_below(r, 6) : SF_EFF_KEEP;
	ev->eff.set_prot = sf_rng_below(r, 3) ? (uint8_t)sf_rng_below(r, 9) : SF_EFF_KEEP;
	ev->eff.flags_set = (uint8_t)(sf_rng_below(r, 4) ? 0 : 1u << sf_rng_below(r, 8));
	ev->eff.flags_clear = (uint8_t)(sf_rng_below(r, 4) ? 0 : 1u << sf_rng_below(r, 8));
	ev->eff.obj_mode = (uint8_t)sf_rng_below(r, 6);
	ev->eff.obj_arg = sf_rng_below(r, 4) ? sf_rng_below(r, 10) : sf_rng_next(r);
}

int main(void)
{
	struct sf_oracle_cfg cfg = { .npages = 8, .initial = { .backing = SF_BK_ANON_PRIVATE,
							      .prot = 3, .obj = 1 } };
	uint64_t fed = 0, T = 100;
	struct sf_rng r;
	struct sf_oracle *o;
	size_t base;

	sf_rng_seed(&r, 7);
	for (unsigned round = 0; round < 40; round++) {
		cfg.sem = round & 1 ? SF_SEM_PINNED : SF_SEM_MIRROR;
		o = sf_oracle_new(&cfg);
		CHECK(o != NULL);
		if (!o)
			break;
		base = sf_oracle_stats(o)->mem_bytes;
		for (unsigned i = 0; i < 20000; i++) {
			struct sf_event ev;

			if (i % 3 == 0) {
				uint64_t *w = (uint64_t *)&ev;

				for (unsigned k = 0; k < sizeof(ev) / 8; k++)
					w[k] = sf_rng_next(&r);
				/* time stays sane until the end: a wild t0 ends the round */
				if (i < 19900) {
					ev.t0 = T;
					ev.t1 = T + (ev.t1 & 0xff);
				}
			} else {
				near_valid(&r, &ev, &T);
			}
			sf_oracle_feed(o, &ev);
			fed++;
			if (i % 5000 == 0)
				sf_oracle_advance(o, T);
		}
		sf_oracle_finish(o);
		const struct sf_oracle_stats *st = sf_oracle_stats(o);
		CHECK_EQ(st->events + st->rejected, 20000);
		CHECK(st->events > 1000);
		CHECK(st->mem_bytes >= base);
		sf_oracle_free(o);
		T = 100;
	}
	CHECK_EQ(fed, 40 * 20000);
	/* bad configurations are refused, not crashed on */
	cfg.npages = 0;
	CHECK(sf_oracle_new(&cfg) == NULL);
	CHECK(sf_oracle_new(NULL) == NULL);
	return tap_done();
}
