/*
 * env.h - the runtime's settings from the environment, parsed once at start (RT_TRACE and the
 * other RT_ variables, the GODEBUG of minirt). Nothing else in the runtime reads getenv.
 */
#ifndef MINIRT_RUNTIME_ENV_H
#define MINIRT_RUNTIME_ENV_H

#include <stdbool.h>
#include <stdint.h>

typedef struct RtEnv {
	bool trace_gc;      /* RT_TRACE=gc */
	int trace_gc_level; /* gc=2 */
	bool trace_dis;     /* RT_TRACE=dis: disassemble every compiled function */
	bool nostackalloc;  /* RT_TRACE=nostackalloc: every allocation on the heap (no frame objects) */
	bool trace_sched, trace_scavenge, trace_alloc;
	bool checkmark, stoptheworld, bgmark, bgsweep;
	int64_t gcstress; /* 0 off; N: a collection every N allocations */
	int gogc;         /* RT_GOGC, default 100; -1 for off */
	int64_t memlimit; /* RT_MEMLIMIT in bytes; INT64_MAX when unset */
	int maxprocs;     /* RT_MAXPROCS (reserved: one P runs script code) */
	bool gc_boehm;    /* RT_GC=boehm (RT_GC=native: false) */
	bool boehm_incremental; /* RT_TRACE=boehmincremental: libgc's incremental mode */
} RtEnv;

extern RtEnv rt_env;

/* Parses the RT_ variables. Returns false and prints a one-line message on a malformed value. */
bool env_init(void);
/* Parses "512MiB", "1GiB", "100000" into bytes; false when malformed. */
bool env_parse_bytes(const char *s, int64_t *out);

#endif
