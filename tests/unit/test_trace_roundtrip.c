/*
 * Every event sf_event_json writes reads back identical with
 * sf_trace_parse_event: the trace format of events.jsonl and `check` agree.
 */
#include <string.h>
#include "ops.h"
#include "oracle.h"
#include <trace.h>	/* src/oracle/trace.h: tests/unit/trace.h is the oracle tests' helper */
#include "tap.h"

static uint64_t rng = 88172645463325252ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A random event of the shape the recorder produces for its kind. */
static void random_event(struct sf_event *ev)
{
	static const uint16_t acc_ops[] = { SF_OP_DEV_READ, SF_OP_DEV_WRITE, SF_OP_CPU_READ,
					    SF_OP_CPU_WRITE };
	static const uint16_t mut_ops[] = { SF_OP_MPROTECT, SF_OP_MUNMAP, SF_OP_MMAP, SF_OP_MREMAP,
					    SF_OP_FORK, SF_OP_SLOT_ADD, SF_OP_MADVISE };

	memset(ev, 0, sizeof(*ev));
	ev->kind = (uint8_t)(next() % 4);
	ev->t0 = next() >> 1;
	ev->t1 = ev->t0 + next() % 100000;
	ev->thread = (uint16_t)(next() % 64);
	ev->page = (uint32_t)(next() % 100000);
	ev->seq = next() % 5000;
	ev->err = (uint32_t)(next() % 40);
	switch (ev->kind) {
	case SF_EV_ACCESS:
		ev->op = acc_ops[next() % 4];
		ev->npages = 1;
		ev->word = (uint32_t)(next() % SF_WORDS_PER_PAGE);
		ev->outcome = (uint8_t)(next() % 3);
		ev->value = next();
		ev->eff.set_backing = SF_EFF_KEEP;
		ev->eff.set_prot = SF_EFF_KEEP;
		break;
	case SF_EV_MUTATION:
		ev->op = mut_ops[next() % 7];
		ev->npages = 1 + (uint32_t)(next() % 64);
		ev->outcome = next() % 2 ? SF_OK : SF_FAILED;
		ev->eff.set_backing = next() % 3 ? (uint8_t)(next() % SF_BK__COUNT) : SF_EFF_KEEP;
		ev->eff.set_prot = next() % 3 ? (uint8_t)(next() % 8) : SF_EFF_KEEP;
		ev->eff.flags_set = (uint8_t)(next() % 64);
		ev->eff.flags_clear = (uint8_t)(next() % 64);
		ev->eff.obj_mode = (uint8_t)(next() % 5);
		ev->eff.obj_arg = next();
		break;
	case SF_EV_DIRTY:
		ev->op = SF_OP_DIRTY_CHECK;
		ev->npages = 1;
		ev->value = next();
		ev->eff.set_backing = SF_EFF_KEEP;
		ev->eff.set_prot = SF_EFF_KEEP;
		break;
	default:
		ev->op = (uint16_t)(next() % SF_OP__COUNT);
		ev->npages = 1;
		ev->eff.set_backing = SF_EFF_KEEP;
		ev->eff.set_prot = SF_EFF_KEEP;
		break;
	}
}

int main(void)
{
	char json[1024], why[300];
	struct sf_event ev, back;
	unsigned same = 0, n = 5000;

	for (unsigned i = 0; i < n; i++) {
		int len;

		random_event(&ev);
		len = sf_event_json(&ev, json, sizeof(json));
		if (sf_trace_parse_event(json, (size_t)len, &back, why, sizeof(why))) {
			fprintf(stderr, "  %s: %s\n", json, why);
			continue;
		}
		if (!memcmp(&ev, &back, sizeof(ev)))
			same++;
		else
			fprintf(stderr, "  differs: %s\n", json);
	}
	CHECK_EQ(same, n);
	return tap_done();
}
