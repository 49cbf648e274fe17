/*
 * The example sequences in fuzz/corpus/seq load, validate and survive a
 * print/parse round trip; every_op.sva is canonical and prints back as is.
 */
#include <dirent.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include "seq.h"
#include "tap.h"
#include "test_seq_util.h"

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

int main(void)
{
	char src[1024], dir[1100], path[1400];
	struct dirent *de;
	unsigned files = 0, ops = 0;
	DIR *d;

	/* this file is tests/unit/test_seq_corpus.c: the corpus is ../../fuzz/corpus/seq */
	snprintf(src, sizeof(src), "%s", __FILE__);
	snprintf(dir, sizeof(dir), "%s/../../fuzz/corpus/seq", dirname(src));
	d = opendir(dir);
	if (!d) {
		printf("corpus not found at %s (test built outside the tree?)\n", dir);
		CHECK(d != NULL);
		return tap_done();
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		struct sf_seq s, back;
		struct sf_seq_err err;

		if (l < 5 || strcmp(de->d_name + l - 4, ".sva"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		files++;
		if (sf_seq_load(path, &s, &err)) {
			fprintf(stderr, "  %s\n", err.msg);
			CHECK(!"corpus file loads");
			continue;
		}
		CHECK_EQ(sf_seq_validate(&s, &err), 0);
		ops += (unsigned)s.nops;
		char *text = sf_seq_print(&s);

		CHECK(text && parse_str(text, &back, &err) == 0);
		CHECK_EQ(seq_diff(&s, &back), 0);
		if (!strcmp(de->d_name, "every_op.sva")) {
			char *orig = read_all(path);
			unsigned seen = 0;

			CHECK(orig && text && !strcmp(orig, text));
			for (unsigned op = 0; op < SF_OP__COUNT; op++)
				for (size_t i = 0; i < s.nops; i++)
					if (s.ops[i].op == op) {
						seen++;
						break;
					}
			CHECK_EQ(seen, SF_OP__COUNT);
			free(orig);
		}
		free(text);
		sf_seq_free(&s);
		sf_seq_free(&back);
	}
	closedir(d);
	printf("%u files, %u ops\n", files, ops);
	CHECK(files >= 4);
	return tap_done();
}
