/*
 * The text files svafuzz reads (job files, sequences, traces), opened and
 * read line by line within limits, so bad input gets an error naming the
 * file (and line) instead of a hang or unbounded memory: /dev/zero has no
 * newline and no end, a FIFO blocks open(), a directory reads as an error.
 *
 * Only regular files are read (or stdin as "-" where a reader allows it):
 * anything else is refused by name before it is opened, since opening some
 * devices already does something (a watchdog starts, a tape rewinds).
 */
#ifndef SF_INPUT_FILE_H
#define SF_INPUT_FILE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/*
 * The limits, one place for every reader (the docs of each format say
 * them). They only stop input that is not what it claims to be, so they
 * sit far above any real file:
 * - a job file is a page of settings; its lines are bounded by inih's
 *   buffer (INI_MAX_LINE - 2 = 198 bytes), the reader's own bound;
 * - a sequence line is at most about 60 bytes (comments aside), and a
 *   program of the most ops the generator makes (SF_SEQ_MAX_OPS) must fit;
 * - a trace event is a few hundred bytes, and a run's events.jsonl
 *   rotates at 64 MiB; the whole trace is held in memory to be sorted.
 */
#define SF_JOB_MAX_BYTES (1ull << 20)
#define SF_SEQ_MAX_LINE (64u << 10)
#define SF_SEQ_MAX_BYTES (256ull << 20)
#define SF_TRACE_MAX_LINE (64u << 10)
#define SF_TRACE_MAX_BYTES (256ull << 20)

struct sf_input {
	FILE *f;
	const char *path;	/* as given: messages name it */
	const char *what;	/* "job file", "sequence file", "trace" */
	size_t max_line;	/* bytes in a line, its newline not counted */
	uint64_t max_bytes;	/* bytes in the whole input */
	uint64_t bytes;		/* read so far */
	unsigned lineno;	/* the line last read (or being read when it failed), 1-based */
	char *buf;		/* that line with its newline, NUL-terminated; may hold NULs */
	size_t cap;		/* max_line + 2, allocated once: reading never allocates */
	bool owned;		/* f was opened here: close it */
};

/*
 * Opens path for reading ("-" is stdin when allow_stdin). 0, or -1 with
 * "PATH: why" in err: "PATH: cannot open: <strerror>", "PATH: is a
 * directory, not a <what>", or a regular file already bigger than max_bytes.
 */
int sf_input_open(struct sf_input *in, const char *path, const char *what, bool allow_stdin,
		  size_t max_line, uint64_t max_bytes, char *err, size_t n);

/*
 * Could path be opened as a <what> of at most max_bytes? 0, or -1 with
 * "PATH: why" as sf_input_open says it. For callers that hand the path on
 * to a reader whose messages always carry a line.
 */
int sf_input_check(const char *path, const char *what, uint64_t max_bytes, char *err, size_t n);

/*
 * The same limits on a stream the caller opened (and closes): a test's
 * fmemopen, a pipe. 0, or -1 with "NAME: why" in err.
 */
int sf_input_attach(struct sf_input *in, FILE *f, const char *name, const char *what,
		    size_t max_line, uint64_t max_bytes, char *err, size_t n);

/*
 * The next line into in->buf. Returns its length (with the newline, if
 * any), 0 at the end of the input, or -1 with what is wrong (a line or the
 * whole input over its limit, a read error) in why, without the file and
 * line: in->lineno is the line, for the caller's "PATH:LINE: why".
 */
ssize_t sf_input_line(struct sf_input *in, char *why, size_t n);

/* Closes the file if sf_input_open opened it, and frees the buffer. */
void sf_input_close(struct sf_input *in);

/* "64 MiB", "1 KiB", "198 bytes": a limit for messages. */
const char *sf_input_size_str(uint64_t bytes, char *buf, size_t n);
#endif
