/*
 * mprof.h - the memory profiler's hooks into the collector (Go's mprof.go). The collector
 * calls these at the points where Go's does; the profiler itself arrives with the profiling work.
 */
#ifndef MINIRT_PROF_MPROF_H
#define MINIRT_PROF_MPROF_H

#include <stdint.h>

void mProf_NextCycle(void); /* mark termination, world stopped */
void mProf_Flush(void);     /* right after the world restarts */
void mProf_PostSweep(void); /* runtime.GC(), after the sweep completes */

#endif
