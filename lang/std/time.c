/*
 * time.c - natives of package time: the two clocks Now reads, and Sleep.
 *
 * The wall clock is CLOCK_REALTIME (Unix seconds and nanoseconds). The monotonic clock is the
 * runtime's own, gc_nanotime(): nanoseconds since the runtime started, the same time base the
 * collector's traces use, so durations measured by a script and the collector agree. Everything
 * else in the package is Go code (time.go).
 */
#include <stdint.h>
#include <time.h>

#include "../../gc/gc.h"
#include "../../runtime/sched.h"
#include "std_int.h"

/* func now() (sec int64, nsec int32, mono int64) */
static void n_now(G *g, Slot *a)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	a[0] = (Slot)(int64_t)ts.tv_sec;
	a[1] = (Slot)(int64_t)ts.tv_nsec;
	a[2] = (Slot)(int64_t)gc_nanotime();
}

/* func runtimeNano() int64 */
static void n_runtimeNano(G *g, Slot *a)
{
	a[0] = (Slot)(int64_t)gc_nanotime();
}

/* func Sleep(d Duration): parks the goroutine on a timer (runtime/sched.c); d <= 0 returns at
 * once, as Go. */
static void n_Sleep(G *g, Slot *a)
{
	int64_t d = (int64_t)a[0];
	if (d <= 0)
		return;
	sched_sleep(g, d);
}

const NativeEntry std_time_natives[] = {
        {"time.Sleep", n_Sleep},
        {"time.now", n_now},
        {"time.runtimeNano", n_runtimeNano},
        {NULL, NULL},
};
