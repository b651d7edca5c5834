/*
 * sched.c - the scheduler: run queues, parking and waking, goroutine creation and reuse
 * (Go's proc.go: newproc, gopark, goready, runqput/runqget, globrunqput/get, gfput/gfget).
 *
 * Choosing the next G (sched_next), as Go's findRunnable does for one P:
 *   1. every 61st pick, the global queue first, so it cannot starve behind a busy local queue;
 *   2. runnext (the G most recently readied by the running one: a woken receiver runs right
 *      after the sender, which keeps producer/consumer hand-offs cheap);
 *   3. the local run queue (a ring of 256, FIFO);
 *   4. the global queue (a linked list through schedlink; overflow of the local ring and
 *      Gosched'd goroutines go there).
 * A G made runnable with goready(gp, false) takes runnext; the G it displaces moves to the
 * tail of the local queue, as in Go's runqput(next=true).
 *
 * Timers and idling: when no G is runnable, sched_findrunnable runs the timers that are due
 * and, if that readied nobody, sleeps (nanosleep) until the earliest pending timer: an idle
 * program with a sleeping goroutine uses no CPU. With no G runnable and no timer pending,
 * nothing can ever run again: the interpreter reports the deadlock.
 *
 * Preemption: a goroutine that has run for PREEMPT_NS while another is runnable is sent to the
 * back of the global queue at its next function entry or loop back edge (the interpreter
 * polls sched_should_preempt every so many of those), so `for {}` cannot starve the others.
 *
 * Goroutines are created by newproc: a G from the free list (gfget) when one is there, with its
 * stack and frame arrays kept (Go keeps the stack of a dead G for reuse too), else a new one.
 *
 * Invariants: see runtime/sched.h.
 */
#include "sched.h"

#include "../gc/gc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LOCAL_RUNQ 256
#define PREEMPT_NS 10000000 /* Go's forcePreemptNS: 10 ms */

static G *runq[LOCAL_RUNQ];
static uint32_t runqhead, runqtail; /* runq[head % N .. tail % N) */
static G *runnext;
static G *globhead, *globtail;
static uint64_t schedtick;
static G *gfree;
static int64_t ngoroutines;

G **allgs;
uint32_t nallgs;
static uint32_t allgscap;

static const char *const waitreasons[WAIT_COUNT] = {
        [WAIT_NONE] = "",
        [WAIT_CHAN_RECEIVE] = "chan receive",
        [WAIT_CHAN_SEND] = "chan send",
        [WAIT_CHAN_RECEIVE_NIL] = "chan receive (nil chan)",
        [WAIT_CHAN_SEND_NIL] = "chan send (nil chan)",
        [WAIT_SELECT] = "select",
        [WAIT_SELECT_NO_CASES] = "select (no cases)",
        [WAIT_SYNC_MUTEX] = "sync.Mutex.Lock",
        [WAIT_SYNC_RWMUTEX_R] = "sync.RWMutex.RLock",
        [WAIT_SYNC_RWMUTEX_W] = "sync.RWMutex.Lock",
        [WAIT_SYNC_WAITGROUP] = "sync.WaitGroup.Wait",
        [WAIT_SYNC_COND] = "sync.Cond.Wait",
        [WAIT_SLEEP] = "sleep",
        [WAIT_FINALIZER] = "finalizer wait",
};

const char *waitreason_string(WaitReason r)
{
	return r < WAIT_COUNT ? waitreasons[r] : "";
}

static void globrunqput(G *gp)
{
	gp->schedlink = NULL;
	if (globtail)
		globtail->schedlink = gp;
	else
		globhead = gp;
	globtail = gp;
}

static G *globrunqget(void)
{
	G *gp = globhead;
	if (gp) {
		globhead = gp->schedlink;
		if (!globhead)
			globtail = NULL;
		gp->schedlink = NULL;
	}
	return gp;
}

static void runqput(G *gp, bool next)
{
	gp->status = G_RUNNABLE;
	if (next) {
		G *old = runnext;
		runnext = gp;
		if (!old)
			return;
		gp = old;
	}
	if (runqtail - runqhead < LOCAL_RUNQ)
		runq[runqtail++ % LOCAL_RUNQ] = gp;
	else
		globrunqput(gp);
}

G *sched_next(void)
{
	G *gp = NULL;
	schedtick++;
	if (schedtick % 61 == 0 && (gp = globrunqget()))
		return gp;
	if ((gp = runnext)) {
		runnext = NULL;
		return gp;
	}
	if (runqhead != runqtail)
		return runq[runqhead++ % LOCAL_RUNQ];
	return globrunqget();
}

void gopark(G *g, WaitReason reason)
{
	g->status = G_WAITING;
	g->waitreason = (uint8_t)reason;
	g->parked_in = g->native;
}

void goready(G *gp, bool back)
{
	gp->waitreason = WAIT_NONE;
	if (back) {
		gp->status = G_RUNNABLE;
		if (runqtail - runqhead < LOCAL_RUNQ)
			runq[runqtail++ % LOCAL_RUNQ] = gp;
		else
			globrunqput(gp);
		return;
	}
	runqput(gp, true);
}

void gosched(G *g)
{
	g->status = G_RUNNABLE;
	globrunqput(g);
}

static void allgadd(G *g)
{
	if (nallgs == allgscap) {
		allgscap = allgscap ? allgscap * 2 : 64;
		allgs = realloc(allgs, allgscap * sizeof *allgs);
		if (!allgs) {
			fputs("fatal error: runtime: out of memory\n", stderr);
			exit(2);
		}
	}
	allgs[nallgs++] = g;
}

void gfput(G *g)
{
	g->status = G_DEAD;
	g->nframes = 0;
	g->ndefers = 0;
	g->panic = NULL;
	g->native_panic = false;
	g->waiting = g->param = NULL;
	g->schedlink = gfree;
	gfree = g;
	ngoroutines--;
}

/* The first goroutine is made by main.c (proc_newg): count it and list it. */
static void ensure_main_listed(void)
{
	if (nallgs == 0 && g_current) {
		allgadd(g_current);
		g_current->status = G_RUNNING;
		g_current->is_main = true;
		ngoroutines = 1;
	}
}

G *newproc(Closure *fn)
{
	ensure_main_listed();
	G *g = gfree;
	if (g) {
		gfree = g->schedlink;
		g->schedlink = NULL;
		g->goid = proc_next_goid();
	} else {
		g = proc_newg();
		if (!g) {
			fputs("fatal error: runtime: out of memory\n", stderr);
			exit(2);
		}
		allgadd(g);
	}
	g->waiting = g->param = NULL;
	g->cdepth = 0;
	g->native_panic = false;
	g->panic = NULL;
	vm_start_goroutine(g, fn);
	ngoroutines++;
	runqput(g, true);
	return g;
}

int64_t sched_ngoroutines(void)
{
	ensure_main_listed();
	return ngoroutines;
}

static int64_t slice_start;

/* The slice's start is taken at the first preemption check after a switch (reading the clock
 * at every switch would cost more than the hand-off itself): a goroutine is preempted once it
 * has run PREEMPT_NS past that check. */
void sched_started(G *g)
{
	(void)g;
	slice_start = -1;
}

static bool runnable_exists(void)
{
	return runnext || runqhead != runqtail || globhead;
}

bool sched_should_preempt(void)
{
	int64_t now = rt_nanotime();
	if (timers_next() >= 0 && timers_next() <= now)
		timers_run(now);
	if (slice_start < 0) {
		slice_start = now;
		return false;
	}
	return now - slice_start >= PREEMPT_NS && runnable_exists();
}

G *sched_findrunnable(void)
{
	for (;;) {
		int64_t next = timers_next();
		if (next >= 0) {
			int64_t now = rt_nanotime();
			if (next <= now) {
				timers_run(now);
				next = timers_next();
			}
		}
		G *gp = sched_next();
		if (gp)
			return gp;
		if (next < 0)
			return NULL;
		int64_t wait = next - rt_nanotime();
		if (wait > 0 && gc_phase == GC_MARK) {
			/* idle while a cycle is marking: mark until the timer is due (Go's idle
			 * mark worker); every goroutine is parked, so this is a safepoint */
			gc_idle_mark((uint64_t)wait);
			continue;
		}
		if (wait > 0) {
			struct timespec ts = {(time_t)(wait / 1000000000), (long)(wait % 1000000000)};
			while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
			}
		}
	}
}

static void sleep_fired(Timer *t, int64_t now)
{
	(void)now;
	goready((G *)t->arg, false);
}

void sched_sleep(G *g, int64_t ns)
{
	Timer *t = &g->sleeptimer;
	timer_init(t, sleep_fired, NULL);
	t->when = rt_nanotime() + ns;
	if (t->when < 0) /* overflow: practically forever */
		t->when = INT64_MAX;
	/* arg is the G (not a heap object: timers_scan ignores it) */
	t->arg = g;
	timer_add(t);
	gopark(g, WAIT_SLEEP);
}

void sched_set_system(G *g)
{
	if (!g->is_system) {
		g->is_system = true;
		ngoroutines--;
	}
}
