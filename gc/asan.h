/*
 * asan.h - AddressSanitizer annotations for memory the allocator manages itself.
 *
 * Heap objects come from the allocator's own arenas, which ASan cannot see into. In a sanitizer
 * build, a span's memory is poisoned when it is carved into objects, and each object is
 * unpoisoned when mallocgc hands it out - exactly the requested bytes, so a read or write past
 * the end of an object into its size-class slack, or into a free slot, is reported. In other
 * builds these macros do nothing.
 *
 * Invariants:
 *   - Before memory goes back to the page heap (sweeping frees spans), it must be unpoisoned.
 */
#ifndef MINIRT_GC_ASAN_H
#define MINIRT_GC_ASAN_H

#if defined(__SANITIZE_ADDRESS__)
#define MINIRT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MINIRT_ASAN 1
#endif
#endif

#ifdef MINIRT_ASAN
#include <sanitizer/asan_interface.h>
#define GC_POISON(p, n)   ASAN_POISON_MEMORY_REGION((p), (n))
#define GC_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define GC_POISON(p, n)   ((void)(p), (void)(n))
#define GC_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#endif
