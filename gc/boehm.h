/*
 * boehm.h - the Boehm backend (--gc=boehm): bdwgc allocates and collects, the rest of the
 * runtime stays as it is. Private to gc/: malloc.c and mgc.c call these when gc_boehm is set.
 *
 * This header deliberately includes neither libgc's headers nor minirt's gc/gc.h: gc/boehm.c is
 * compiled without the project's include directories, so that <gc/gc.h> there is libgc's, and
 * the two share only the plain C types below.
 *
 * Roots: libgc scans the C stack, the registers and the program's data segments itself (not
 * its own data segment, which would retain dropped large objects); everything else - globals by
 * their pointer masks, goroutine frames, timers, the finalizer queue - comes from the runtime's
 * root jobs, which boehm_init's 'push_roots' runs at every collection while gc_mark_word and
 * gc_scan_words hand each root word to boehm_push.
 */
#ifndef MINIRT_GC_BOEHM_H
#define MINIRT_GC_BOEHM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* False in sanitizer builds (AddressSanitizer and ThreadSanitizer do not work with a
 * conservative collector that scans the whole stack and data segments). */
bool boehm_supported(void);

/* Initialises libgc (once): quiet warnings, NULL on out of memory, push_roots called at every
 * collection after libgc's own roots. */
void boehm_init(void (*push_roots)(void));

/* An object of size > 0 bytes: noscan ones are never scanned (zeroed only when needzero),
 * the others are zeroed and scanned conservatively. NULL when out of memory. *got receives
 * the bytes libgc reserved for it. */
void *boehm_malloc(size_t size, bool noscan, bool needzero, size_t *got);

/* Marks through every word in [lo, hi) (from push_roots only). */
void boehm_push(const void *lo, const void *hi);

/* A full collection now. */
void boehm_collect(void);
/* A full collection, then free heap memory goes back to the OS. */
void boehm_free_os_memory(void);
/* Collections on or off (debug.SetGCPercent(-1) / back). */
void boehm_enable(bool on);
/* True when p is the start of an object libgc allocated. */
bool boehm_is_object_start(const void *p);

typedef struct BoehmStats {
	uint64_t heap_size;   /* bytes of heap mapped (in use or free) */
	uint64_t free_bytes;  /* of which free */
	uint64_t unmapped;    /* returned to the OS */
	uint64_t numgc;       /* collections so far */
} BoehmStats;
void boehm_stats(BoehmStats *st);

#endif
