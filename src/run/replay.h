/*
 * `svafuzz replay FILE [--times N]`: run a saved sequence (a finding's
 * repro.sva) again, each time with a fresh oracle, on the backend, knob
 * and arch its header names (overrides win when set), and say how often
 * it reproduced: "reproduced K/N: VERDICT". The expected verdict is the
 * header's "expect" line; without one, any verdict counts.
 */
#ifndef SF_REPLAY_H
#define SF_REPLAY_H
#include <stdbool.h>
#include <stddef.h>
#include "runopts.h"
#include "seq.h"

/*
 * Loads path (errors as path:line:col) and replays it `times` times
 * (0 = 1). overrides may be NULL; its backend ("" or "auto" = the
 * header's), knob and arch ("" = the header's) are used when set.
 * Prints a line per run (the verdict looked for, whether it came, what
 * else did) and "reproduced K/N: VERDICT"; with json, one JSON object
 * instead (docs/cli.md). Returns an enum sf_exit: 2 if it reproduced at
 * least once, 0 if never, 1 on a bad file, 4 if the backend is
 * unavailable, 5 on a hang.
 */
int sf_replay(const char *path, unsigned times, const struct sf_run_opts *overrides, bool json);

/*
 * The same for a program in memory: runs it `times` times and stores how
 * often it reproduced in *reproduced. Quiet (for minimisation). Returns an
 * enum sf_exit as sf_replay.
 */
int sf_replay_seq(const struct sf_seq *prog, unsigned times, const struct sf_run_opts *overrides,
		  unsigned *reproduced);

/*
 * The backend, knob and arch a replay of prog uses, into o: overrides
 * first (a backend of "auto" is no override), then the header's. Replay
 * and minimize both decide by it.
 */
void sf_replay_opts(const struct sf_seq *prog, const struct sf_run_opts *overrides,
		    struct sf_run_opts *o);
#endif
