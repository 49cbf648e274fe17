/*
 * Job files (configs/*.conf), INI in the spirit of fio's, read with
 * libinih. Unknown sections or keys and bad values are errors naming
 * file:line. Command-line options are applied after the file, so they win.
 */
#ifndef SF_CONFIG_H
#define SF_CONFIG_H
#include <stddef.h>
#include "runopts.h"

/* 0 on success; -1 with "FILE:LINE: what is wrong" in err. */
int sf_config_load(const char *path, struct sf_run_opts *o, char *err, size_t n);
/* Parse "30s", "8h", "1500ms", "0" into ns; -1 if bad. */
int sf_parse_duration(const char *s, uint64_t *ns);
/* Parse "64", "256K", "1M" (bytes) into pages of page_size; -1 if bad. */
int sf_parse_size_pages(const char *s, size_t page_size, uint32_t *pages);
#endif
