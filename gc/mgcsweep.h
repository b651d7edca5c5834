/*
 * mgcsweep.h - the sweeper's entry points inside gc/ (Go's mgcsweep.go); gc/mgcsweep.c says
 * how sweeping works.
 */
#ifndef MINIRT_GC_MGCSWEEP_H
#define MINIRT_GC_MGCSWEEP_H

#include <stdbool.h>
#include <stdint.h>

#include "mheap.h"

/*
 * Sweeps the unswept span s, which is on no list (the caller took it off or owns it): frees
 * its unmarked objects, makes the mark bits the new allocation bits and stamps it swept.
 * A span left with no object is returned to the heap unless 'preserve' (the caller is about
 * to allocate from it). Returns true when the span went back to the heap.
 */
bool mspan_sweep(MSpan *s, bool preserve);

/* Sweeps one unswept span wherever it is (Go's sweepone); returns the pages it returned to
 * the heap, or UINTPTR_MAX when no unswept span is left. */
uintptr_t gc_sweepone(void);

/* Before the heap grows by npages: sweeps unswept spans until npages pages were returned to
 * the heap or none are left unswept (Go's mheap.reclaim). */
void mheap_reclaim(uintptr_t npages);

/* Starts a new sweep (mark termination, after mheap_sweepgen += 2). */
void gc_sweep_start(void);

/* Sweeper statistics (MemStats.Frees and HeapAlloc), changed under the heap lock by atomic
 * adds, so they may be read without it (__atomic_load_n). */
extern uint64_t sweep_nfree;       /* objects freed */
extern uint64_t sweep_freed_bytes; /* their bytes (slot sizes, large: pages) */

#endif
