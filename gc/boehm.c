/*
 * boehm.c - the Boehm backend over bdwgc. See boehm.h.
 *
 * Built as its own library without the project's include directories: <gc/gc.h> below is
 * libgc's, not minirt's gc/gc.h.
 */
#include "boehm.h"

#include <gc/gc.h>
#include <gc/gc_mark.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BOEHM_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define BOEHM_SANITIZER 1
#endif
#endif

bool boehm_supported(void)
{
#ifdef BOEHM_SANITIZER
	return false;
#else
	return true;
#endif
}

static void (*runtime_roots)(void);
static GC_push_other_roots_proc prev_push;
static bool inited;

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
	if (runtime_roots)
		runtime_roots();
}

void boehm_init(void (*push_roots)(void))
{
	if (inited)
		return;
	inited = true;
	runtime_roots = push_roots;
	GC_register_has_static_roots_callback(static_roots);
	GC_set_warn_proc(quiet_warn);
	GC_INIT();
	GC_set_oom_fn(oom);
	prev_push = GC_get_push_other_roots();
	GC_set_push_other_roots(push_other_roots);
}

void *boehm_malloc(size_t size, bool noscan, bool needzero, size_t *got)
{
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

bool boehm_is_object_start(const void *p)
{
	return p && GC_base((void *)p) == p;
}

void boehm_stats(BoehmStats *st)
{
	st->heap_size = GC_get_heap_size();
	st->free_bytes = GC_get_free_bytes();
	st->unmapped = GC_get_unmapped_bytes();
	st->numgc = GC_get_gc_no();
}
