/*===- threadpool.c - one pthreadpool per process, QUANTC_NUM_THREADS -----===*
 *
 * The pool is created lazily (pthread_once) so that a process that never runs
 * a kernel never starts a thread. pthreadpool counts the calling thread as
 * one of its threads: a pool of N starts N - 1 workers. One thread means no
 * pool at all, and every parallel loop is a plain loop on the caller.
 *
 * Workers run kernels that keep packing buffers on their stack (the float
 * GEMM needs QC_GEMM_F32_STACK_BYTES). pthreadpool starts them with the
 * default thread attributes, whose stack glibc takes from RLIMIT_STACK
 * (normally 8 MiB). If the process default is smaller than that budget, the
 * pool is not created and kernels run single-threaded rather than overflow.
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE /* pthread_getattr_default_np */

#include "threadpool.h"

#include "quantc/Runtime/KernelABI.h"

#include <stdlib.h>
#include <unistd.h>

#if QUANTC_RUNTIME_THREADS
#include <pthread.h>
#include <pthreadpool.h>
#endif

enum { MAX_THREADS = 1024 };

/* Stack a worker needs: the GEMM's packing buffer plus room for the frames
 * of the kernels around it. */
#define WORKER_STACK_BYTES ((size_t)QC_GEMM_F32_STACK_BYTES + 256 * 1024)

int32_t qc_parse_num_threads(const char *value, int32_t fallback) {
  if (!value || !*value)
    return fallback;
  char *end;
  long threads = strtol(value, &end, 10);
  if (*end != '\0' || threads < 1 || threads > MAX_THREADS)
    return fallback;
  return (int32_t)threads;
}

static int32_t onlineCpus(void) {
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  if (cpus < 1)
    return 1;
  return cpus > MAX_THREADS ? MAX_THREADS : (int32_t)cpus;
}

#if QUANTC_RUNTIME_THREADS

static pthread_once_t poolOnce = PTHREAD_ONCE_INIT;
static pthreadpool_t pool; /* NULL: run on the caller */
static int32_t poolThreads = 1;

static int defaultStackIsLargeEnough(void) {
  pthread_attr_t attributes;
  size_t stackBytes = 0;
  if (pthread_getattr_default_np(&attributes) != 0)
    return 0;
  int ok = pthread_attr_getstacksize(&attributes, &stackBytes) == 0 &&
           stackBytes >= WORKER_STACK_BYTES;
  pthread_attr_destroy(&attributes);
  return ok;
}

static void createPool(int32_t threads) {
  pool = NULL;
  poolThreads = 1;
  if (threads <= 1 || !defaultStackIsLargeEnough())
    return;
  pool = pthreadpool_create((size_t)threads);
  if (pool) /* on failure (no threads could start) run single-threaded */
    poolThreads = (int32_t)pthreadpool_get_threads_count(pool);
}

static void createPoolFromEnvironment(void) {
  createPool(qc_parse_num_threads(getenv("QUANTC_NUM_THREADS"), onlineCpus()));
}

int32_t qc_num_threads(void) {
  pthread_once(&poolOnce, createPoolFromEnvironment);
  return poolThreads;
}

void qc_parallel_for(size_t count, qc_task_fn task, void *context) {
  pthread_once(&poolOnce, createPoolFromEnvironment);
  if (!pool || count <= 1) {
    for (size_t i = 0; i < count; ++i)
      task(context, i);
    return;
  }
  /* No PTHREADPOOL_FLAG_DISABLE_DENORMALS: results must not depend on the
   * thread that computed them. */
  pthreadpool_parallelize_1d(pool, task, context, count, 0);
}

/* The runtime is linked into each model's shared library, and its pool's
 * workers run code of libpthreadpool.so: when the model is unloaded (dlclose)
 * and takes the last reference to that library with it, live workers would
 * execute unmapped code. Joining them as the library goes prevents that; at
 * process exit it is merely tidy. */
__attribute__((destructor)) static void destroyPool(void) {
  if (pool)
    pthreadpool_destroy(pool);
  pool = NULL;
}

int32_t qc_set_num_threads_for_testing(int32_t threads) {
  pthread_once(&poolOnce, createPoolFromEnvironment);
  if (pool)
    pthreadpool_destroy(pool);
  createPool(threads);
  return poolThreads;
}

#else /* !QUANTC_RUNTIME_THREADS: a build without pthreadpool */

int32_t qc_num_threads(void) { return 1; }

void qc_parallel_for(size_t count, qc_task_fn task, void *context) {
  for (size_t i = 0; i < count; ++i)
    task(context, i);
}

int32_t qc_set_num_threads_for_testing(int32_t threads) {
  (void)threads;
  (void)onlineCpus;
  return 1;
}

#endif
