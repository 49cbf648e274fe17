/*
 * SF_ASSERT(cond): an invariant of the model (the oracle's queues and page
 * histories, the sim's frame references) checked in Debug and fuzz builds
 * (SVAFUZZ_ASSERT), so that fuzz_oracle and fuzz_sim find model bugs and
 * not only crashes; compiled out otherwise (the expression is still
 * type-checked, never evaluated).
 */
#ifndef SF_ASSERT_H
#define SF_ASSERT_H

void sf_assert_fail(const char *cond, const char *file, int line, const char *func)
	__attribute__((noreturn, cold));

#ifdef SVAFUZZ_ASSERT
#define SF_ASSERT(cond) \
	((cond) ? (void)0 : sf_assert_fail(#cond, __FILE__, __LINE__, __func__))
#else
#define SF_ASSERT(cond) ((void)sizeof(!(cond)))
#endif
#endif
