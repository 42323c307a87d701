/*===- threadpool.h - the runtime's process-wide worker pool --------------===*
 *
 * Runtime-internal (not ABI). Kernels split their work into independent tasks
 * and hand them to qc_parallel_for, which runs them on one process-wide
 * pthreadpool (threadpool.c). The pool is created on first use with
 * QUANTC_NUM_THREADS threads; qc_num_threads() (KernelABI.h) reports that
 * count. With one thread, or in a build without pthreadpool
 * (QUANTC_RUNTIME_THREADS=OFF), tasks run in order on the calling thread.
 *
 * Tasks must not call qc_parallel_for themselves: the pool runs one parallel
 * loop at a time (calls from several threads are serialized), so a nested
 * call from a worker would wait for itself.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_THREADPOOL_H
#define QUANTC_RUNTIME_THREADPOOL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*qc_task_fn)(void *context, size_t task);

/* Calls task(context, i) for every i in [0, count), spread over the pool's
 * threads (the caller is one of them), and returns when all have finished.
 * Which thread runs which task is unspecified: tasks must write disjoint data. */
void qc_parallel_for(size_t count, qc_task_fn task, void *context);

/* Parses a QUANTC_NUM_THREADS value: a decimal count in [1, 1024]; anything
 * else (NULL, empty, garbage, 0, negative) yields `fallback`. */
int32_t qc_parse_num_threads(const char *value, int32_t fallback);

/* Tests only: replaces the pool with one of `threads` threads, as if
 * QUANTC_NUM_THREADS had said so. Must not run while any kernel runs.
 * Returns the new qc_num_threads(). */
int32_t qc_set_num_threads_for_testing(int32_t threads);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QUANTC_RUNTIME_THREADPOOL_H */
