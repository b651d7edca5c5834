/*
 * goprof.h - the goroutine and threadcreate profiles (goprof.c) as C entry points: the bytes
 * runtime/pprof's Lookup("goroutine"|"threadcreate").WriteTo(w, debug) writes, appended to a
 * buffer. Used by the natives and by the tests.
 */
#ifndef MINIRT_LANG_STD_GOPROF_H
#define MINIRT_LANG_STD_GOPROF_H

#include <stdint.h>

#include "fmt.h"

/* debug 0: gzipped protobuf; 1: Go's legacy text; >= 2: every goroutine's traceback. Each
 * returns 0, or -1 when out of memory. */
int goprof_goroutine(int64_t debug, FmtBuf *b);
int goprof_threadcreate(int64_t debug, FmtBuf *b);
/* runtime.Stack(buf, true): the running goroutine's traceback, then the others'. */
int goprof_goroutine_dump(FmtBuf *b);

#endif
