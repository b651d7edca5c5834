/*
 * env.c - RT_TRACE, RT_GOGC, RT_MEMLIMIT, RT_MAXPROCS, RT_GC. See env.h.
 *
 * RT_TRACE is a comma-separated list like GODEBUG: gc, gc=2, sched, scavenge, alloc, checkmark,
 * stoptheworld, bgmark (the default) and nobgmark, nobgsweep, gcstress[=N], dis, nostackalloc,
 * boehmincremental. Unknown names are ignored, as GODEBUG ignores them.
 */
#include "env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

RtEnv rt_env = {.gogc = 100, .memlimit = INT64_MAX, .maxprocs = 1, .bgmark = true, .bgsweep = true};

bool env_parse_bytes(const char *s, int64_t *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || v < 0)
		return false;
	static const struct {
		const char *suffix;
		double mul;
	} units[] = {{"", 1},
	             {"B", 1},
	             {"KiB", 1024.0},
	             {"MiB", 1048576.0},
	             {"GiB", 1073741824.0},
	             {"TiB", 1099511627776.0}};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(end, units[i].suffix) == 0) {
			double b = v * units[i].mul;
			*out = b >= 9.2e18 ? INT64_MAX : (int64_t)b;
			return true;
		}
	return false;
}

static void trace_item(const char *item, size_t n)
{
	char buf[64];
	if (n >= sizeof buf)
		return;
	memcpy(buf, item, n);
	buf[n] = 0;
	char *val = strchr(buf, '=');
	if (val)
		*val++ = 0;
	if (strcmp(buf, "gc") == 0) {
		rt_env.trace_gc = true;
		rt_env.trace_gc_level = val ? atoi(val) : 1;
	} else if (strcmp(buf, "sched") == 0)
		rt_env.trace_sched = true;
	else if (strcmp(buf, "scavenge") == 0)
		rt_env.trace_scavenge = true;
	else if (strcmp(buf, "alloc") == 0)
		rt_env.trace_alloc = true;
	else if (strcmp(buf, "checkmark") == 0)
		rt_env.checkmark = true;
	else if (strcmp(buf, "stoptheworld") == 0)
		rt_env.stoptheworld = true;
	else if (strcmp(buf, "boehmincremental") == 0)
		rt_env.boehm_incremental = true;
	else if (strcmp(buf, "bgmark") == 0)
		rt_env.bgmark = true;
	else if (strcmp(buf, "nobgmark") == 0)
		rt_env.bgmark = false;
	else if (strcmp(buf, "nobgsweep") == 0)
		rt_env.bgsweep = false;
	else if (strcmp(buf, "gcstress") == 0)
		rt_env.gcstress = val ? atoll(val) : 1;
	else if (strcmp(buf, "dis") == 0)
		rt_env.trace_dis = true;
	else if (strcmp(buf, "nostackalloc") == 0)
		rt_env.nostackalloc = true;
}

bool env_init(void)
{
	const char *t = getenv("RT_TRACE");
	if (t) {
		const char *p = t;
		while (*p) {
			size_t n = strcspn(p, ",");
			trace_item(p, n);
			p += n;
			if (*p == ',')
				p++;
		}
	}
	const char *gogc = getenv("RT_GOGC");
	if (gogc && *gogc) {
		if (strcmp(gogc, "off") == 0)
			rt_env.gogc = -1;
		else {
			char *end;
			long v = strtol(gogc, &end, 10);
			if (*end || v < 0) {
				fprintf(stderr,
				        "minirt: invalid RT_GOGC value %s (want a number or off)\n",
				        gogc);
				return false;
			}
			rt_env.gogc = (int)v;
		}
	}
	const char *ml = getenv("RT_MEMLIMIT");
	if (ml && *ml && !env_parse_bytes(ml, &rt_env.memlimit)) {
		fprintf(stderr, "minirt: invalid RT_MEMLIMIT value %s (want e.g. 512MiB)\n", ml);
		return false;
	}
	const char *gc = getenv("RT_GC");
	if (gc && *gc) {
		if (strcmp(gc, "boehm") == 0)
			rt_env.gc_boehm = true;
		else if (strcmp(gc, "native") != 0) {
			fprintf(stderr, "minirt: invalid RT_GC value %s (want native or boehm)\n", gc);
			return false;
		}
	}
	const char *mp = getenv("RT_MAXPROCS");
	if (mp && *mp)
		rt_env.maxprocs = atoi(mp) > 0 ? atoi(mp) : 1;
	return true;
}
