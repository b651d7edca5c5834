/*
 * cpuprof.h - the CPU profiler (Go's runtime/pprof StartCPUProfile/StopCPUProfile, and
 * --cpuprofile): 100 samples per second of CPU time, each the running goroutine's stack.
 *
 * How a sample is taken: setitimer(ITIMER_PROF) sends SIGPROF every 10 ms of CPU time used by
 * the process; the handler only adds one to cpuprof_pending (a lock-free atomic) and zeroes the
 * interpreter's countdown to its next preemption check (a volatile sig_atomic_t), both
 * async-signal-safe. The interpreter looks at cpuprof_pending at that check (function calls and
 * loop back edges count down to it, lang/vm.c) and, when it is not zero, calls
 * cpuprof_tick, which takes the running goroutine's stack (vm_goroutine_stack) and counts the
 * pending ticks against it. Time spent in the collector, in a native function or in a function
 * that neither loops nor calls is therefore charged to the stack at the next check point.
 *
 * Samples are kept in a table keyed by stack, in first-seen order (Go's profMap); stopping
 * builds Go's CPU profile: sample types samples/count and cpu/nanoseconds, period type
 * cpu/nanoseconds, period 10000000, time_nanos the start, duration_nanos the time profiled,
 * each sample [n, n * period].
 */
#ifndef MINIRT_LANG_STD_CPUPROF_H
#define MINIRT_LANG_STD_CPUPROF_H

#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../native.h"

/* SIGPROF ticks not yet charged to a stack; the interpreter calls cpuprof_tick when it is
 * not zero. */
extern atomic_int cpuprof_pending;
/* The interpreter's countdown to its next preemption check (lang/vm.c): the handler zeroes it
 * so that the tick is charged at the very next check point. */
extern volatile sig_atomic_t vm_preempt_budget;

/* Go's rate: 100 samples per second, so one sample stands for 10 ms of CPU time. */
#define CPUPROF_HZ     100
#define CPUPROF_PERIOD (1000000000 / CPUPROF_HZ)

/* Charges the pending ticks to g's current stack (g's innermost frame pc must be saved). */
void cpuprof_tick(G *g);

/* Starts profiling (the samples of any earlier profile are dropped); false when running. */
bool cpuprof_start(void);
/* Stops profiling; false when it was not running. The samples stay for cpuprof_build. */
bool cpuprof_stop(void);
bool cpuprof_running(void);
/* The last (or current) profile, gzipped, in a malloc'd buffer; -1 with errno on failure. */
int cpuprof_build(uint8_t **out, size_t *len);
/* --cpuprofile at exit: stops profiling and writes the profile to path (0, or -1 with errno). */
int cpuprof_write_path(const char *path);

/* Tests: the number of ticks recorded so far in the current or last profile. */
int64_t cpuprof_total_ticks(void);

#endif
