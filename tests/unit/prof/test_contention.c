/*
 * test_contention.c - the block and mutex profiles: prof/mprof.c's event sampling and
 * un-sampling (Go's blocksampled, saveBlockEventStack, blockevent, mutexevent), the rate
 * setters, and the whole path through the interpreter: scripts that block on channels, a
 * select, a Mutex, an RWMutex, a WaitGroup and a Cond run in a forked child; the child lists
 * the records (lang/std/contprof.c's sources) and writes both profiles in pprof's format, which
 * the parent decodes with protobuf-c.
 *
 * Expected values are worked out from Go's rules (mprof.go, sema.go, chan.go, select.go,
 * pprof.go's printCountCycleProfile): which waits are recorded, with which leaf frame, which
 * stack the mutex delay is charged to, and the un-sampling arithmetic. Delays come from
 * time.Sleep in the goroutine that ends the wait, so they lie between the sleep and ten times
 * it (a loaded machine only makes them longer).
 */
#include <criterion/criterion.h>
#include <zlib.h>

#include "lang/std/std_int.h"
#include "prof/mprof.h"
#include "prof/profile.pb-c.h"
#include "tests/unit/prof/profile_decode.h"
#include "tests/unit/lang/pipeline.h"


#define MS 1000000LL

/* ---------------------------------------------------------------- the core */

static int stack_calls;

/* A fixed three-word stack, counting how often it is asked for. */
static int fixed_stack(void *arg, uintptr_t *stk, int max)
{
	(void)arg;
	stack_calls++;
	cr_assert_geq(max, 3);
	stk[0] = 0x10;
	stk[1] = 0x20;
	stk[2] = 0x30;
	return 3;
}

static const uintptr_t STK[] = {0x10, 0x20, 0x30};

static BlockRecord *record_of(BucketType which)
{
	Bucket *b = mprof_stkbucket(which, 0, STK, 3, false);
	cr_assert_not_null(b, "no bucket for the stack");
	return bucket_bp(b);
}

Test(contention, set_block_profile_rate)
{
	/* ns -> ticks; a tick is a nanosecond, so the conversion keeps the value */
	mprof_set_block_profile_rate(-5);
	cr_assert_eq(blockprofilerate, 0);
	mprof_set_block_profile_rate(0);
	cr_assert_eq(blockprofilerate, 0);
	mprof_set_block_profile_rate(1);
	cr_assert_eq(blockprofilerate, 1);
	mprof_set_block_profile_rate(2);
	cr_assert_eq(blockprofilerate, 2);
	mprof_set_block_profile_rate(10000);
	cr_assert_eq(blockprofilerate, 10000);
	mprof_set_block_profile_rate(0);
	cr_assert_eq(blockprofilerate, 0);
}

Test(contention, set_mutex_profile_fraction)
{
	cr_assert_eq(mprof_set_mutex_profile_fraction(-1), 0, "off at start");
	cr_assert_eq(mprof_set_mutex_profile_fraction(5), 0, "returns the old value");
	cr_assert_eq(mprof_set_mutex_profile_fraction(-1), 5, "negative only reads");
	cr_assert_eq(mutexprofilerate, 5);
	cr_assert_eq(mprof_set_mutex_profile_fraction(0), 5);
	cr_assert_eq(mprof_set_mutex_profile_fraction(-7), 0);
	cr_assert_eq(mutexprofilerate, 0);
}

Test(contention, blocksampled)
{
	cr_assert_not(mprof_blocksampled(100, 0), "rate 0: never");
	cr_assert_not(mprof_blocksampled(100, -3), "negative rate: never");
	for (int64_t c = 1; c < 1000; c += 37)
		cr_assert(mprof_blocksampled(c, 1), "rate 1 keeps everything");
	for (int i = 0; i < 1000; i++) {
		cr_assert(mprof_blocksampled(1000, 1000), "cycles == rate: kept");
		cr_assert(mprof_blocksampled(5000, 1000), "cycles > rate: kept");
	}
	/* cycles 100 < rate 1000: kept when rand % 1000 <= 100, probability 101/1000 */
	int kept = 0, n = 200000;
	for (int i = 0; i < n; i++)
		kept += mprof_blocksampled(100, 1000);
	double want = n * 0.101;
	cr_assert(kept > want * 0.95 && kept < want * 1.05, "kept %d of %d, want about %.0f",
	          kept, n, want);
}

Test(contention, save_block_event_stack_arithmetic)
{
	/* events at least the rate: one event and its delay each */
	mprof_save_block_event_stack(500, 1, STK, 3, BLOCK_PROFILE);
	mprof_save_block_event_stack(700, 1, STK, 3, BLOCK_PROFILE);
	BlockRecord *r = record_of(BLOCK_PROFILE);
	cr_assert_float_eq(r->count, 2.0, 1e-12);
	cr_assert_eq(r->cycles, 1200);
	mprof_save_block_event_stack(1000, 1000, STK, 3, BLOCK_PROFILE); /* equal: not scaled */
	cr_assert_float_eq(r->count, 3.0, 1e-12);
	cr_assert_eq(r->cycles, 2200);
	/* shorter than the rate: kept with probability 250/1000, so it counts 4 events and the
	 * rate as delay (4 events of 250) */
	mprof_save_block_event_stack(250, 1000, STK, 3, BLOCK_PROFILE);
	cr_assert_float_eq(r->count, 7.0, 1e-12);
	cr_assert_eq(r->cycles, 3200);
	/* 400 of 1000: 2.5 events */
	mprof_save_block_event_stack(400, 1000, STK, 3, BLOCK_PROFILE);
	cr_assert_float_eq(r->count, 9.5, 1e-12);
	cr_assert_eq(r->cycles, 4200);

	/* mutex, fraction 5: one event in five is kept, so it counts 5 events and 5 delays */
	mprof_save_block_event_stack(300, 5, STK, 3, MUTEX_PROFILE);
	BlockRecord *m = record_of(MUTEX_PROFILE);
	cr_assert_neq(m, r, "the type is part of the bucket's key");
	cr_assert_float_eq(m->count, 5.0, 1e-12);
	cr_assert_eq(m->cycles, 1500);
	mprof_save_block_event_stack(10, 1, STK, 3, MUTEX_PROFILE);
	cr_assert_float_eq(m->count, 6.0, 1e-12);
	cr_assert_eq(m->cycles, 1510);
	cr_assert_float_eq(r->count, 9.5, 1e-12, "the block record is untouched");
}

Test(contention, block_profile_records)
{
	/* block: count truncated (9.5 -> 9); a bucket with count 0 reports 1 (Go's BlockProfile
	 * spares a division by zero); the mutex profile reports its 0 as is */
	mprof_save_block_event_stack(500, 1, STK, 3, BLOCK_PROFILE);
	mprof_save_block_event_stack(400, 1000, STK, 3, BLOCK_PROFILE);
	uintptr_t other[] = {0x40};
	mprof_stkbucket(BLOCK_PROFILE, 0, other, 1, true);
	mprof_stkbucket(MUTEX_PROFILE, 0, other, 1, true);
	BlockProfileRecord p[4];
	cr_assert_eq(mprof_block_profile(BLOCK_PROFILE, p, 1), 2, "too small: only the number");
	cr_assert_eq(mprof_block_profile(BLOCK_PROFILE, p, 4), 2);
	/* newest bucket first */
	cr_assert_eq(p[0].count, 1);
	cr_assert_eq(p[0].cycles, 0);
	cr_assert_eq(p[0].b->nstk, 1);
	cr_assert_eq(p[1].count, 3, "1 + 2.5 events truncated");
	cr_assert_eq(p[1].cycles, 1500);
	cr_assert_eq(p[1].b->stk[2], 0x30);
	cr_assert_eq(mprof_block_profile(MUTEX_PROFILE, p, 4), 1);
	cr_assert_eq(p[0].count, 0);
}

Test(contention, blockevent_and_mutexevent)
{
	/* off: nothing recorded, and no stack is walked */
	mprof_blockevent(5000, fixed_stack, NULL);
	mprof_mutexevent(5000, fixed_stack, NULL);
	cr_assert_eq(stack_calls, 0);
	cr_assert_null(mprof_stkbucket(BLOCK_PROFILE, 0, STK, 3, false));
	cr_assert_null(mprof_stkbucket(MUTEX_PROFILE, 0, STK, 3, false));

	mprof_set_block_profile_rate(1);
	mprof_blockevent(0, fixed_stack, NULL); /* a zero delay counts as 1 */
	mprof_blockevent(5000, fixed_stack, NULL);
	cr_assert_eq(stack_calls, 2);
	BlockRecord *r = record_of(BLOCK_PROFILE);
	cr_assert_float_eq(r->count, 2.0, 1e-12);
	cr_assert_eq(r->cycles, 5001);

	mprof_set_mutex_profile_fraction(1);
	mprof_mutexevent(-5, fixed_stack, NULL); /* a negative delay counts as 0 */
	mprof_mutexevent(300, fixed_stack, NULL);
	BlockRecord *m = record_of(MUTEX_PROFILE);
	cr_assert_float_eq(m->count, 2.0, 1e-12);
	cr_assert_eq(m->cycles, 300);

	/* fraction 4: about one event in four is kept, each counting 4 events */
	mprof_set_mutex_profile_fraction(4);
	int n = 40000;
	for (int i = 0; i < n; i++)
		mprof_mutexevent(10, fixed_stack, NULL);
	double events = m->count - 2.0;
	cr_assert(events > n * 0.95 && events < n * 1.05, "%.0f events estimated for %d", events, n);
	cr_assert_eq((m->cycles - 300) % 40, 0, "each kept event adds 4 x 10");
}

/* ---------------------------------------------------------------- through the interpreter */

/* One record as the child lists it. */
typedef struct Rec {
	char kind; /* 'B' block, 'M' mutex */
	long long count, cycles;
	char frames[4][64]; /* "name:line" */
	int nframes;
} Rec;

static void list_records(char kind, BucketType which)
{
	BlockProfileRecord p[16];
	int n = mprof_block_profile(which, p, 16);
	for (int i = 0; i < n && i < 16; i++) {
		printf("%c %lld %lld", kind, (long long)p[i].count, (long long)p[i].cycles);
		for (uintptr_t k = 0; k < p[i].b->nstk && k < 4; k++) {
			const Proto *fn;
			int line;
			vm_stack_word_frame(p[i].b->stk[k], &fn, &line);
			printf(" %s:%d", fn ? fn->name : "?", line);
		}
		printf("\n");
	}
}

static char block_pb[64], mutex_pb[64];

/* Runs src in a forked child; returns the records (newest first per profile) in recs and
 * leaves the child's protobuf profiles in block_pb and mutex_pb. */
static int run(const char *src, Rec *recs, int max)
{
	snprintf(block_pb, sizeof block_pb, "/tmp/contention-block-%d.pb", (int)getpid());
	snprintf(mutex_pb, sizeof mutex_pb, "/tmp/contention-mutex-%d.pb", (int)getpid());
	FILE *out = tmpfile();
	cr_assert(out);
	fflush(stdout);
	pid_t pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		dup2(fileno(out), 1);
		static char *argv[] = {"t.go", NULL};
		CompiledProgram *cp = pl_start(src, 1, argv);
		int st = vm_run_main(cp);
		list_records('B', BLOCK_PROFILE);
		list_records('M', MUTEX_PROFILE);
		if (rt_write_contention_profile("block", block_pb) != 0 ||
		    rt_write_contention_profile("mutex", mutex_pb) != 0)
			st = 3;
		fflush(stdout);
		_exit(st);
	}
	int ws = 0;
	waitpid(pid, &ws, 0);
	char *got = pl_slurp(out);
	cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "the child failed:\n%s", got);
	int n = 0;
	for (char *line = strtok(got, "\n"); line && n < max; line = strtok(NULL, "\n")) {
		Rec *r = &recs[n++];
		memset(r, 0, sizeof *r);
		int off = 0;
		cr_assert_eq(sscanf(line, "%c %lld %lld%n", &r->kind, &r->count, &r->cycles, &off), 3,
		             "bad line %s", line);
		char *p = line + off;
		while (*p == ' ' && r->nframes < 4) {
			p++;
			size_t k = strcspn(p, " ");
			snprintf(r->frames[r->nframes++], sizeof r->frames[0], "%.*s", (int)k, p);
			p += k;
		}
	}
	free(got);
	return n;
}

/* The frame's function name (the part before the last ':'). */
static bool frame_is(const Rec *r, int i, const char *want)
{
	if (i >= r->nframes)
		return false;
	const char *colon = strrchr(r->frames[i], ':');
	size_t n = colon ? (size_t)(colon - r->frames[i]) : strlen(r->frames[i]);
	return strlen(want) == n && strncmp(r->frames[i], want, n) == 0;
}

static void assert_rec(const Rec *r, char kind, long long min_ns, long long max_ns,
                       const char *leaf, const char *caller)
{
	cr_assert_eq(r->kind, kind, "kind %c, want %c", r->kind, kind);
	cr_assert_eq(r->count, 1, "count %lld", r->count);
	cr_assert(r->cycles >= min_ns && r->cycles <= max_ns, "delay %lld ns, want %lld..%lld",
	          r->cycles, min_ns, max_ns);
	cr_assert_eq(r->nframes, 2, "%d frames (%s ...)", r->nframes, r->frames[0]);
	cr_assert(frame_is(r, 0, leaf), "leaf frame %s, want %s", r->frames[0], leaf);
	cr_assert_str_eq(r->frames[1], caller);
}

/* ---------------------------------------------------------------- protobuf */

static Profile *read_profile(const char *path)
{
	Profile *p = decode_file(path);
	unlink(path);
	return p;
}

/* Go's printCountCycleProfile header; returns the number of samples. */
static size_t assert_header(const Profile *p)
{
	cr_assert_eq(p->n_sample_type, 2);
	cr_assert_str_eq(str(p, p->sample_type[0]->type), "contentions");
	cr_assert_str_eq(str(p, p->sample_type[0]->unit), "count");
	cr_assert_str_eq(str(p, p->sample_type[1]->type), "delay");
	cr_assert_str_eq(str(p, p->sample_type[1]->unit), "nanoseconds");
	cr_assert_not_null(p->period_type);
	cr_assert_str_eq(str(p, p->period_type->type), "contentions");
	cr_assert_str_eq(str(p, p->period_type->unit), "count");
	cr_assert_eq(p->period, 1);
	cr_assert_eq(p->default_sample_type, 0);
	return p->n_sample;
}

/* The function name of a sample's i-th location. */
static const char *sample_fn(const Profile *p, const Perftools__Profiles__Sample *s, size_t i)
{
	cr_assert_lt(i, s->n_location_id);
	for (size_t l = 0; l < p->n_location; l++)
		if (p->location[l]->id == s->location_id[i]) {
			uint64_t fid = p->location[l]->line[0]->function_id;
			for (size_t f = 0; f < p->n_function; f++)
				if (p->function[f]->id == fid)
					return str(p, p->function[f]->name);
		}
	cr_assert_fail("location %llu not found", (unsigned long long)s->location_id[i]);
	return NULL;
}

static void assert_sample(const Profile *p, size_t i, long long min_ns, long long max_ns,
                          const char *leaf, const char *caller)
{
	const Perftools__Profiles__Sample *s = p->sample[i];
	cr_assert_eq(s->n_value, 2);
	cr_assert_eq(s->value[0], 1, "sample %zu contentions", i);
	cr_assert(s->value[1] >= min_ns && s->value[1] <= max_ns, "sample %zu delay %lld", i,
	          (long long)s->value[1]);
	cr_assert_eq(s->n_location_id, 2);
	cr_assert_str_eq(sample_fn(p, s, 0), leaf);
	cr_assert_str_eq(sample_fn(p, s, 1), caller);
	cr_assert_eq(s->n_label, 0);
}

/* ---------------------------------------------------------------- scripts */

static const char *src_chan = "package main\n"                          /* 1 */
                              "\n"                                      /* 2 */
                              "import (\n"                              /* 3 */
                              "\t\"runtime\"\n"                         /* 4 */
                              "\t\"time\"\n"                            /* 5 */
                              ")\n"                                     /* 6 */
                              "\n"                                      /* 7 */
                              "func sender(c chan int, d time.Duration) {\n" /* 8 */
                              "\ttime.Sleep(d)\n"                       /* 9 */
                              "\tc <- 1\n"                              /* 10 */
                              "}\n"                                     /* 11 */
                              "\n"                                      /* 12 */
                              "func main() {\n"                         /* 13 */
                              "\truntime.SetBlockProfileRate(1)\n"      /* 14 */
                              "\tc := make(chan int)\n"                 /* 15 */
                              "\tgo sender(c, 20*time.Millisecond)\n"   /* 16 */
                              "\t<-c\n"                                 /* 17 */
                              "\tc2 := make(chan int)\n"                /* 18 */
                              "\tgo sender(c2, 30*time.Millisecond)\n"  /* 19 */
                              "\tselect {\n"                            /* 20 */
                              "\tcase <-c:\n"                           /* 21 */
                              "\tcase <-c2:\n"                          /* 22 */
                              "\t}\n"                                   /* 23 */
                              "}\n";

/* A receive and a select, each waiting for a sender that sleeps first. The sends do not
 * block (the receiver is waiting), the sleeps are not blocking events: two records. */
Test(contention, channel_receive_and_select)
{
	Rec r[8];
	int n = run(src_chan, r, 8);
	cr_assert_eq(n, 2, "%d records", n);
	assert_rec(&r[0], 'B', 30 * MS, 300 * MS, "runtime.selectgo", "main.main:20");
	assert_rec(&r[1], 'B', 20 * MS, 200 * MS, "runtime.chanrecv1", "main.main:17");

	Profile *p = read_profile(block_pb);
	cr_assert_eq(assert_header(p), 2);
	/* sorted by delay, longest first */
	assert_sample(p, 0, 30 * MS, 300 * MS, "runtime.selectgo", "main.main");
	assert_sample(p, 1, 20 * MS, 200 * MS, "runtime.chanrecv1", "main.main");
	perftools__profiles__profile__free_unpacked(p, NULL);
	p = read_profile(mutex_pb);
	cr_assert_eq(assert_header(p), 0, "no mutex profiling");
	perftools__profiles__profile__free_unpacked(p, NULL);
}

static const char *src_mutex = "package main\n"                         /* 1 */
                               "\n"                                     /* 2 */
                               "import (\n"                             /* 3 */
                               "\t\"runtime\"\n"                        /* 4 */
                               "\t\"sync\"\n"                           /* 5 */
                               "\t\"time\"\n"                           /* 6 */
                               ")\n"                                    /* 7 */
                               "\n"                                     /* 8 */
                               "var mu sync.Mutex\n"                    /* 9 */
                               "\n"                                     /* 10 */
                               "func holder(locked chan bool) {\n"      /* 11 */
                               "\tmu.Lock()\n"                          /* 12 */
                               "\tlocked <- true\n"                     /* 13 */
                               "\ttime.Sleep(20 * time.Millisecond)\n"  /* 14 */
                               "\tmu.Unlock()\n"                        /* 15 */
                               "}\n"                                    /* 16 */
                               "\n"                                     /* 17 */
                               "func main() {\n"                        /* 18 */
                               "\truntime.SetMutexProfileFraction(1)\n" /* 19 */
                               "\tlocked := make(chan bool)\n"          /* 20 */
                               "\tgo holder(locked)\n"                  /* 21 */
                               "\t<-locked\n"                           /* 22 */
                               "\tmu.Lock()\n"                          /* 23 */
                               "\tmu.Unlock()\n"                        /* 24 */
                               "}\n";

/* main waits ~20 ms for the mutex holder: the delay is charged to the holder's Unlock. The
 * block profile is off, so nothing goes there. */
Test(contention, mutex_delay_charged_to_unlocker)
{
	Rec r[8];
	int n = run(src_mutex, r, 8);
	cr_assert_eq(n, 1, "%d records", n);
	assert_rec(&r[0], 'M', 20 * MS, 200 * MS, "sync.(*Mutex).Unlock", "main.holder:15");

	Profile *p = read_profile(mutex_pb);
	cr_assert_eq(assert_header(p), 1);
	assert_sample(p, 0, 20 * MS, 200 * MS, "sync.(*Mutex).Unlock", "main.holder");
	perftools__profiles__profile__free_unpacked(p, NULL);
	p = read_profile(block_pb);
	cr_assert_eq(assert_header(p), 0, "no block profiling");
	perftools__profiles__profile__free_unpacked(p, NULL);
}

static const char *src_rw = "package main\n"                         /* 1 */
                            "\n"                                     /* 2 */
                            "import (\n"                             /* 3 */
                            "\t\"runtime\"\n"                        /* 4 */
                            "\t\"sync\"\n"                           /* 5 */
                            "\t\"time\"\n"                           /* 6 */
                            ")\n"                                    /* 7 */
                            "\n"                                     /* 8 */
                            "var rw sync.RWMutex\n"                  /* 9 */
                            "\n"                                     /* 10 */
                            "func reader(locked chan bool) {\n"      /* 11 */
                            "\trw.RLock()\n"                         /* 12 */
                            "\tlocked <- true\n"                     /* 13 */
                            "\ttime.Sleep(20 * time.Millisecond)\n"  /* 14 */
                            "\trw.RUnlock()\n"                       /* 15 */
                            "}\n"                                    /* 16 */
                            "\n"                                     /* 17 */
                            "func main() {\n"                        /* 18 */
                            "\truntime.SetBlockProfileRate(1)\n"     /* 19 */
                            "\truntime.SetMutexProfileFraction(1)\n" /* 20 */
                            "\tlocked := make(chan bool)\n"          /* 21 */
                            "\tgo reader(locked)\n"                  /* 22 */
                            "\t<-locked\n"                           /* 23 */
                            "\trw.Lock()\n"                          /* 24 */
                            "\trw.Unlock()\n"                        /* 25 */
                            "}\n";

/* A writer waits ~20 ms for a reader: a block record at the writer's Lock, a mutex record at
 * the reader's RUnlock; plus the short wait of the receive that synchronises the two. */
Test(contention, rwmutex_writer_waits_for_reader)
{
	Rec r[8];
	int n = run(src_rw, r, 8);
	cr_assert_eq(n, 3, "%d records", n);
	assert_rec(&r[0], 'B', 20 * MS, 200 * MS, "sync.(*RWMutex).Lock", "main.main:24");
	assert_rec(&r[1], 'B', 1, 200 * MS, "runtime.chanrecv1", "main.main:23");
	assert_rec(&r[2], 'M', 20 * MS, 200 * MS, "sync.(*RWMutex).RUnlock", "main.reader:15");
}

static const char *src_wait = "package main\n"                         /* 1 */
                              "\n"                                     /* 2 */
                              "import (\n"                             /* 3 */
                              "\t\"runtime\"\n"                        /* 4 */
                              "\t\"sync\"\n"                           /* 5 */
                              "\t\"time\"\n"                           /* 6 */
                              ")\n"                                    /* 7 */
                              "\n"                                     /* 8 */
                              "func main() {\n"                        /* 9 */
                              "\truntime.SetBlockProfileRate(1)\n"     /* 10 */
                              "\tvar wg sync.WaitGroup\n"              /* 11 */
                              "\twg.Add(1)\n"                          /* 12 */
                              "\tgo func() {\n"                        /* 13 */
                              "\t\ttime.Sleep(20 * time.Millisecond)\n" /* 14 */
                              "\t\twg.Done()\n"                        /* 15 */
                              "\t}()\n"                                /* 16 */
                              "\twg.Wait()\n"                          /* 17 */
                              "\tvar mu sync.Mutex\n"                  /* 18 */
                              "\tc := sync.NewCond(&mu)\n"             /* 19 */
                              "\tready := false\n"                     /* 20 */
                              "\tgo func() {\n"                        /* 21 */
                              "\t\ttime.Sleep(30 * time.Millisecond)\n" /* 22 */
                              "\t\tmu.Lock()\n"                        /* 23 */
                              "\t\tready = true\n"                     /* 24 */
                              "\t\tmu.Unlock()\n"                      /* 25 */
                              "\t\tc.Signal()\n"                       /* 26 */
                              "\t}()\n"                                /* 27 */
                              "\tmu.Lock()\n"                          /* 28 */
                              "\tfor !ready {\n"                       /* 29 */
                              "\t\tc.Wait()\n"                         /* 30 */
                              "\t}\n"                                  /* 31 */
                              "\tmu.Unlock()\n"                        /* 32 */
                              "}\n";

/* WaitGroup.Wait and Cond.Wait each give a block record; Cond's leaf frame is
 * sync.(*Cond).Wait (Go skips the notify-list function it calls). */
Test(contention, waitgroup_and_cond)
{
	Rec r[8];
	int n = run(src_wait, r, 8);
	cr_assert_eq(n, 2, "%d records", n);
	assert_rec(&r[0], 'B', 30 * MS, 300 * MS, "sync.(*Cond).Wait", "main.main:30");
	assert_rec(&r[1], 'B', 20 * MS, 200 * MS, "sync.(*WaitGroup).Wait", "main.main:17");
}

static const char *src_off = "package main\n"
                             "\n"
                             "import (\n"
                             "\t\"sync\"\n"
                             "\t\"time\"\n"
                             ")\n"
                             "\n"
                             "var mu sync.Mutex\n"
                             "\n"
                             "func main() {\n"
                             "\tc := make(chan int)\n"
                             "\tgo func() { time.Sleep(5 * time.Millisecond); c <- 1 }()\n"
                             "\t<-c\n"
                             "\tmu.Lock()\n"
                             "\tgo func() { mu.Lock(); mu.Unlock() }()\n"
                             "\ttime.Sleep(5 * time.Millisecond)\n"
                             "\tmu.Unlock()\n"
                             "\ttime.Sleep(time.Millisecond)\n"
                             "}\n";

/* Both profiles are off by default: the same waits record nothing. */
Test(contention, rates_zero_record_nothing)
{
	Rec r[8];
	cr_assert_eq(run(src_off, r, 8), 0);
	Profile *p = read_profile(block_pb);
	cr_assert_eq(assert_header(p), 0);
	perftools__profiles__profile__free_unpacked(p, NULL);
	p = read_profile(mutex_pb);
	cr_assert_eq(assert_header(p), 0);
	perftools__profiles__profile__free_unpacked(p, NULL);
}
