/*
 * boehm.c - the Boehm backend over bdwgc. See boehm.h.
 *
 * Built as its own library without the project's include directories: <gc/gc.h> below is
 * libgc's, not minirt's gc/gc.h.
 *
 * A cycle, as libgc reports it through its collection events (every one is delivered with the
 * allocation lock held, inside the allocation or GC_gcollect call that collects):
 *   START (full collections only) or PRE_STOP_WORLD - the cycle begins; hooks.start.
 *   MARK_START, MARK_END - marking; hooks.mark_end (nothing has been swept yet).
 *   RECLAIM_START - finalizable objects found unreachable are marked again (kept for their
 *   finalizers) and sweeping starts (lazily: blocks are swept by later allocations).
 *   RECLAIM_END - the mark bits now say exactly which objects survived: the live objects are
 *   counted (GC_enumerate_reachable_objects_inner) and hooks.reclaimed runs, while
 *   boehm_is_marked is valid. The cycle ends here: in incremental mode, libgc's own collections
 *   have no START or END event.
 * In incremental mode most of the marking happens in small steps inside allocations, with no
 * event: boehm_malloc times its calls then, and the longest one counts as the cycle's longest
 * incremental step.
 */
#include "boehm.h"

#include <gc/gc.h>
#include <gc/gc_mark.h>
#include <string.h>
#include <time.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BOEHM_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define BOEHM_SANITIZER 1
#endif
#endif

/* An allocation call longer than this, in incremental mode, did collector work: a step. */
#define STEP_MIN_NS 20000u

bool boehm_supported(void)
{
#ifdef BOEHM_SANITIZER
	return false;
#else
	return true;
#endif
}

static BoehmHooks hooks;
static GC_push_other_roots_proc prev_push;
static bool inited, incremental;
static BoehmCycle cyc;   /* the cycle in progress */
static bool in_cycle;
static uint64_t stop_t0; /* PRE_STOP_WORLD of the stop in progress */

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* libgc's own data segment holds the base addresses of the heap sections it maps: scanned as
 * a root, the section of a dropped large object would keep that object alive. */
static int GC_CALLBACK static_roots(const char *name, void *start, size_t size)
{
	(void)start;
	(void)size;
	return !(name && strstr(name, "libgc"));
}

static void GC_CALLBACK quiet_warn(char *msg, GC_word arg)
{
	(void)msg;
	(void)arg;
}

/* mallocgc reports the failure (Go's "fatal error: runtime: out of memory"). */
static void *GC_CALLBACK oom(size_t bytes)
{
	(void)bytes;
	return NULL;
}

/* libgc's roots first (without them the C stack would not be scanned), then the runtime's. */
static void GC_CALLBACK push_other_roots(void)
{
	if (prev_push)
		prev_push();
	if (hooks.push_roots)
		hooks.push_roots();
}

static void GC_CALLBACK count_live(void *obj, size_t bytes, void *arg)
{
	(void)obj;
	(void)arg;
	cyc.live_bytes += bytes;
	cyc.live_objects++;
}

static void begin_cycle(uint64_t t)
{
	if (in_cycle)
		return;
	uint64_t longest = cyc.longest_step_ns, steps = cyc.steps, step_ns = cyc.step_ns;
	memset(&cyc, 0, sizeof cyc);
	/* incremental steps taken since the last cycle ended belong to this one */
	cyc.longest_step_ns = longest;
	cyc.steps = steps;
	cyc.step_ns = step_ns;
	cyc.t_start = t;
	cyc.full = !incremental;
	in_cycle = true;
	if (hooks.start)
		hooks.start();
}

static void GC_CALLBACK on_event(GC_EventType e)
{
	uint64_t t = now_ns();
	switch (e) {
	case GC_EVENT_START:
		begin_cycle(t);
		cyc.full = true;
		break;
	case GC_EVENT_PRE_STOP_WORLD:
		begin_cycle(t);
		stop_t0 = t;
		break;
	case GC_EVENT_MARK_START:
		cyc.t_mark_start = t;
		break;
	case GC_EVENT_MARK_END:
		cyc.t_mark_end = t;
		if (hooks.mark_end)
			hooks.mark_end();
		break;
	case GC_EVENT_POST_START_WORLD:
		cyc.stw_ns += t - stop_t0;
		break;
	case GC_EVENT_RECLAIM_END:
		if (!in_cycle)
			break;
		GC_enumerate_reachable_objects_inner(count_live, NULL);
		cyc.t_end = now_ns();
		cyc.gc_no = GC_get_gc_no();
		if (hooks.reclaimed)
			hooks.reclaimed(&cyc);
		in_cycle = false;
		cyc.longest_step_ns = cyc.steps = cyc.step_ns = 0;
		break;
	default:
		break;
	}
}

/* libgc found objects with finalizers unreachable (finalizers run on demand). */
static void GC_CALLBACK finalizers_ready(void)
{
	if (hooks.finalizers_ready)
		hooks.finalizers_ready();
}

void boehm_set_incremental(bool on)
{
	incremental = on;
}

void boehm_init(const BoehmHooks *h)
{
	if (inited)
		return;
	inited = true;
	hooks = *h;
	GC_register_has_static_roots_callback(static_roots);
	GC_set_warn_proc(quiet_warn);
	GC_set_finalize_on_demand(1);
	GC_set_java_finalization(0);
	GC_INIT();
	GC_set_oom_fn(oom);
	prev_push = GC_get_push_other_roots();
	GC_set_push_other_roots(push_other_roots);
	GC_set_on_collection_event(on_event);
	GC_set_finalizer_notifier(finalizers_ready);
	if (incremental)
		GC_enable_incremental();
}

void *boehm_malloc(size_t size, bool noscan, bool needzero, size_t *got)
{
	uint64_t t = incremental ? now_ns() : 0;
	void *p;
	if (noscan) {
		p = GC_MALLOC_ATOMIC(size);
		if (p && needzero)
			memset(p, 0, size);
	} else {
		p = GC_MALLOC(size);
	}
	if (p)
		*got = GC_size(p);
	if (incremental) {
		uint64_t d = now_ns() - t;
		if (d >= STEP_MIN_NS) {
			cyc.steps++;
			cyc.step_ns += d;
			if (d > cyc.longest_step_ns)
				cyc.longest_step_ns = d;
		}
	}
	return p;
}

void boehm_push(const void *lo, const void *hi)
{
	GC_push_all_eager((void *)lo, (void *)hi);
}

void boehm_collect(void)
{
	GC_gcollect();
}

void boehm_free_os_memory(void)
{
	GC_gcollect_and_unmap();
}

void boehm_enable(bool on)
{
	if (on)
		GC_enable();
	else
		GC_disable();
}

void boehm_set_pacing(uint64_t min_alloc, unsigned divisor)
{
	GC_set_min_bytes_allocd(min_alloc ? (size_t)min_alloc : 1);
	GC_set_free_space_divisor(divisor ? divisor : 1);
}

bool boehm_is_object_start(const void *p)
{
	return p && GC_base((void *)p) == p;
}

/* Blocks left with no marked object were freed at once (the others are swept lazily): their
 * headers no longer describe objects, so GC_base comes first. */
bool boehm_is_marked(uintptr_t p)
{
	return GC_base((void *)p) == (void *)p && GC_is_marked((const void *)p) != 0;
}

/* The one finalizer libgc runs for an object: the runtime's (hooks.finalize). */
static void GC_CALLBACK run_finalizer(void *obj, void *data)
{
	(void)data;
	if (hooks.finalize)
		hooks.finalize(obj);
}

void boehm_set_finalizer(void *obj, bool on)
{
	GC_REGISTER_FINALIZER(obj, on ? run_finalizer : 0, NULL, NULL, NULL);
}

int boehm_run_finalizers(void)
{
	return GC_should_invoke_finalizers() ? GC_invoke_finalizers() : 0;
}

void boehm_stats(BoehmStats *st)
{
	struct GC_prof_stats_s ps;
	GC_get_prof_stats(&ps, sizeof ps);
	st->heap_size = ps.heapsize_full - ps.unmapped_bytes;
	st->free_bytes = ps.free_bytes_full - ps.unmapped_bytes;
	st->unmapped = ps.unmapped_bytes;
	st->numgc = ps.gc_no;
	st->incremental = GC_is_incremental_mode() != 0;
}
