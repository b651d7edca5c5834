/*
 * mprof.c - memory profile cycle hooks. Placeholders until the profiler lands: the collector
 * already calls them at Go's points (see mprof.h), so the profiler can fill them in without
 * touching the collector.
 */
#include "mprof.h"

void mProf_NextCycle(void) {}
void mProf_Flush(void) {}
void mProf_PostSweep(void) {}
