/*
 * test_env.c - RT_ variable parsing (runtime/env.c). Each Criterion test runs in its own
 * process, so setting variables and re-parsing does not leak between tests.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "runtime/env.h"

Test(env, parse_bytes_units)
{
	int64_t v;
	cr_assert(env_parse_bytes("512MiB", &v));
	cr_assert_eq(v, 512LL * 1024 * 1024);
	cr_assert(env_parse_bytes("1GiB", &v));
	cr_assert_eq(v, 1073741824LL);
	cr_assert(env_parse_bytes("100000", &v));
	cr_assert_eq(v, 100000);
	cr_assert(env_parse_bytes("64KiB", &v));
	cr_assert_eq(v, 65536);
	cr_assert(env_parse_bytes("3B", &v));
	cr_assert_eq(v, 3);
}

Test(env, parse_bytes_rejects_garbage)
{
	int64_t v;
	cr_assert_not(env_parse_bytes("", &v));
	cr_assert_not(env_parse_bytes("lots", &v));
	cr_assert_not(env_parse_bytes("12MB", &v)); /* Go's GOMEMLIMIT wants MiB, not MB */
	cr_assert_not(env_parse_bytes("-5", &v));
}

Test(env, trace_list)
{
	setenv("RT_TRACE", "gc=2,gcstress=50,checkmark,unknown,dis", 1);
	cr_assert(env_init());
	cr_assert(rt_env.trace_gc);
	cr_assert_eq(rt_env.trace_gc_level, 2);
	cr_assert_eq(rt_env.gcstress, 50);
	cr_assert(rt_env.checkmark);
	cr_assert(rt_env.trace_dis);
	cr_assert_not(rt_env.stoptheworld);
	cr_assert_not(rt_env.trace_sched);
}

Test(env, defaults)
{
	unsetenv("RT_TRACE");
	unsetenv("RT_GOGC");
	unsetenv("RT_MEMLIMIT");
	cr_assert(env_init());
	cr_assert_eq(rt_env.gogc, 100);
	cr_assert_eq(rt_env.memlimit, INT64_MAX);
	cr_assert_eq(rt_env.maxprocs, 1);
	cr_assert_eq(rt_env.gcstress, 0);
}

Test(env, gogc_off_and_numbers)
{
	setenv("RT_GOGC", "off", 1);
	cr_assert(env_init());
	cr_assert_eq(rt_env.gogc, -1);
	setenv("RT_GOGC", "50", 1);
	cr_assert(env_init());
	cr_assert_eq(rt_env.gogc, 50);
}

Test(env, bad_values_are_rejected)
{
	setenv("RT_GOGC", "fast", 1);
	cr_assert_not(env_init());
	setenv("RT_GOGC", "100", 1);
	setenv("RT_MEMLIMIT", "12 parsecs", 1);
	cr_assert_not(env_init());
}
