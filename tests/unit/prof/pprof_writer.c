/*
 * pprof_writer.c - writes fixed profiles with prof/pprof.c for pprof_go.sh, which checks that
 * `go tool pprof` reads them and reports the expected functions and values.
 *
 * Usage: pprof_writer DIR. Writes DIR/heap.pb (a heap profile at MemProfileRate 1, so values are
 * exact), DIR/block.pb (a contention profile) and DIR/mutex.pb (a mutex profile). Exit status 0 on success, 1 on any failure.
 */
#include <stdio.h>

#include "prof/pprof.h"

static int write_heap(const char *path)
{
	PprofBuilder *b = pprof_new();
	if (!b || pprof_heap_begin(b, 1, NULL) < 0)
		return -1;
	/* 32 live 32-byte objects from main.allocPersistent called by main.main. */
	PprofFrame persistent[] = {{"main.allocPersistent", "/src/heap.go", 11},
	                           {"main.main", "/src/heap.go", 30}};
	PprofMemCounts pc = {.alloc_objects = 32, .alloc_bytes = 1024};
	/* 1024 transient 1 KiB objects from main.allocTransient, all freed. */
	PprofFrame transient[] = {{"main.allocTransient", "/src/heap.go", 17},
	                          {"main.main", "/src/heap.go", 31}};
	PprofMemCounts tc = {.alloc_objects = 1024,
	                     .alloc_bytes = 1048576,
	                     .free_objects = 1024,
	                     .free_bytes = 1048576};
	int rc = 0;
	if (pprof_heap_sample(b, persistent, 2, &pc) < 0 ||
	    pprof_heap_sample(b, transient, 2, &tc) < 0 || pprof_write_path(b, path) < 0)
		rc = -1;
	pprof_free(b);
	return rc;
}

static int write_block(const char *path)
{
	PprofBuilder *b = pprof_new();
	if (!b || pprof_contention_begin(b, "contentions", "delay") < 0)
		return -1;
	PprofFrame recv[] = {{"main.consumer", "/src/block.go", 8},
	                     {"main.main", "/src/block.go", 20}};
	PprofFrame lock[] = {{"main.locker", "/src/block.go", 14},
	                     {"main.main", "/src/block.go", 21}};
	int rc = 0;
	if (pprof_add_sample(b, recv, 2, (int64_t[]){5, 3000000}, NULL, 0) < 0 ||
	    pprof_add_sample(b, lock, 2, (int64_t[]){2, 7000000}, NULL, 0) < 0 ||
	    pprof_write_path(b, path) < 0)
		rc = -1;
	pprof_free(b);
	return rc;
}

/* A mutex profile: 4 contentions, 12 ms in all, at the Unlock in main.worker. */
static int write_mutex(const char *path)
{
	PprofBuilder *b = pprof_new();
	if (!b || pprof_contention_begin(b, "contentions", "delay") < 0)
		return -1;
	PprofFrame unlock[] = {{"sync.(*Mutex).Unlock", "<std>/sync.go", 48},
	                       {"main.worker", "/src/mutex.go", 9}};
	int rc = 0;
	if (pprof_add_sample(b, unlock, 2, (int64_t[]){4, 12000000}, NULL, 0) < 0 ||
	    pprof_write_path(b, path) < 0)
		rc = -1;
	pprof_free(b);
	return rc;
}

int main(int argc, char **argv)
{
	char heap[4096], block[4096], mutex[4096];
	if (argc != 2)
		return 1;
	snprintf(heap, sizeof heap, "%s/heap.pb", argv[1]);
	snprintf(block, sizeof block, "%s/block.pb", argv[1]);
	snprintf(mutex, sizeof mutex, "%s/mutex.pb", argv[1]);
	if (write_heap(heap) < 0 || write_block(block) < 0 || write_mutex(mutex) < 0) {
		perror("pprof_writer");
		return 1;
	}
	return 0;
}
