/*
 * time.c - natives of package time: the two clocks Now reads, and Sleep.
 *
 * The wall clock is CLOCK_REALTIME (Unix seconds and nanoseconds). The monotonic clock is the
 * runtime's own, gc_nanotime(): nanoseconds since the runtime started, the same time base the
 * collector's traces use, so durations measured by a script and the collector agree. Everything
 * else in the package is Go code (time.go).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "../../gc/gc.h"
#include "../../runtime/chan.h"
#include "../../runtime/sched.h"
#include "../../runtime/timer.h"
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

/*
 * Timers of package time (Timer, After, AfterFunc, Ticker, Tick): the runtime timer record is a
 * GC object made by time.go (runtimeTimer, laid out as runtime/timer.h's Timer); while pending
 * it sits in the scheduler's timer heap, which keeps it and its channel alive. When it fires,
 * the current time is sent on the channel without blocking (a full buffer drops the tick, as
 * Go's sendTime), or AfterFunc's f starts in a new goroutine.
 */

/* The current time as a time.Time value in slot form: sec, {nsec int32, hasMono bool}, mono,
 * loc (nil: UTC). */
static void time_now_slots(Slot *out)
{
	const int64_t unixToInternal = (1969LL * 365 + 1969 / 4 - 1969 / 100 + 1969 / 400) * 86400;
	const int64_t wallToInternal = (1884LL * 365 + 1884 / 4 - 1884 / 100 + 1884 / 400) * 86400;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	int64_t sec = (int64_t)ts.tv_sec + unixToInternal;
	int64_t w = sec - wallToInternal;
	bool hasMono = w >= 0 && w <= ((int64_t)1 << 33) - 1;
	uint8_t word[8] = {0};
	int32_t nsec = (int32_t)ts.tv_nsec;
	memcpy(word, &nsec, 4);
	word[4] = hasMono;
	out[0] = (Slot)sec;
	memcpy(&out[1], word, 8);
	out[2] = hasMono ? (Slot)(int64_t)gc_nanotime() : 0;
	out[3] = 0;
}

static void send_time(Timer *t, int64_t now)
{
	(void)now;
	Slot v[4];
	time_now_slots(v);
	chan_trysend((Hchan *)t->arg, v);
}

static void start_func(Timer *t, int64_t now)
{
	(void)now;
	newproc((Closure *)t->arg);
}

static int64_t deadline(int64_t d)
{
	int64_t now = rt_nanotime();
	if (d <= 0)
		return now;
	return d > INT64_MAX - now ? INT64_MAX : now + d;
}

/* func startTimer(r *runtimeTimer, c chan Time, d int64, period int64) */
static void n_startTimer(G *g, Slot *a)
{
	Timer *t = (Timer *)(uintptr_t)a[0];
	timer_init(t, send_time, (void *)(uintptr_t)a[1]);
	t->when = deadline((int64_t)a[2]);
	t->period = (int64_t)a[3];
	timer_add(t);
}

/* func startFuncTimer(r *runtimeTimer, f func(), d int64) */
static void n_startFuncTimer(G *g, Slot *a)
{
	Timer *t = (Timer *)(uintptr_t)a[0];
	timer_init(t, start_func, (void *)(uintptr_t)a[1]);
	t->when = deadline((int64_t)a[2]);
	timer_add(t);
}

/* func stopTimer(r *runtimeTimer) bool */
static void n_stopTimer(G *g, Slot *a)
{
	Timer *t = (Timer *)(uintptr_t)a[0];
	a[1] = t->f ? timer_del(t) : 0;
}

/* func resetTimer(r *runtimeTimer, d int64, period int64) bool */
static void n_resetTimer(G *g, Slot *a)
{
	Timer *t = (Timer *)(uintptr_t)a[0];
	bool was = t->f ? timer_del(t) : false;
	t->when = deadline((int64_t)a[1]);
	t->period = (int64_t)a[2];
	if (t->f)
		timer_add(t);
	a[3] = was;
}

const NativeEntry std_time_natives[] = {
        {"time.startTimer", n_startTimer},
        {"time.startFuncTimer", n_startFuncTimer},
        {"time.stopTimer", n_stopTimer},
        {"time.resetTimer", n_resetTimer},
        {"time.Sleep", n_Sleep},
        {"time.now", n_now},
        {"time.runtimeNano", n_runtimeNano},
        {NULL, NULL},
};
