/*===- model_memory.c - the buffers of generated code ---------------------===*
 *
 * qc-to-llvm-pipeline lowers memref.alloc / memref.dealloc to calls of
 * _mlir_memref_to_llvm_alloc / _mlir_memref_to_llvm_free (the "generic
 * functions" of MLIR's memref-to-LLVM conversion). They come here rather than
 * to malloc: a freed buffer is kept and handed out again to the next request
 * it fits. A model allocates the same sizes on every run, so from the second
 * run on it takes no fresh pages from the kernel. With plain malloc, glibc
 * returns large blocks to the kernel and every run pays page faults on
 * megabytes of activations and kernel scratch (a quarter of ResNet-18's time).
 * This is the role of ONNX Runtime's arena allocator.
 *
 * Not a kernel: kernels never allocate (KernelABI.h).
 *===----------------------------------------------------------------------===*/

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

/* Every block starts with a header holding its capacity; the payload after
 * it is 64-byte aligned, as memref.alloc {alignment = 64} wants. */
enum { HEADER_BYTES = 64, CACHED_BLOCKS = 256 };

typedef struct cached_block {
  void *block;
  size_t capacity;
} cached_block;

static pthread_mutex_t cacheLock = PTHREAD_MUTEX_INITIALIZER;
static cached_block cache[CACHED_BLOCKS];
static int cachedCount;

static size_t *capacityOf(void *payload) {
  return (size_t *)((char *)payload - HEADER_BYTES);
}

/* The smallest cached block of at least `size` bytes but not more than twice
 * that (a huge block is not tied up by a small request), removed from the
 * cache; NULL if none. */
static void *takeCachedBlock(size_t size) {
  int best = -1;
  pthread_mutex_lock(&cacheLock);
  for (int i = 0; i < cachedCount; ++i) {
    size_t capacity = cache[i].capacity;
    if (capacity >= size && capacity / 2 <= size &&
        (best < 0 || capacity < cache[best].capacity))
      best = i;
  }
  void *block = NULL;
  if (best >= 0) {
    block = cache[best].block;
    cache[best] = cache[--cachedCount];
  }
  pthread_mutex_unlock(&cacheLock);
  return block;
}

void *_mlir_memref_to_llvm_alloc(size_t size) {
  /* Rounded up so that blocks of nearly equal requests are interchangeable. */
  size = (size + 63) & ~(size_t)63;
  void *payload = takeCachedBlock(size);
  if (payload)
    return payload;
  void *block = aligned_alloc(64, HEADER_BYTES + size);
  if (!block)
    return NULL;
  payload = (char *)block + HEADER_BYTES;
  *capacityOf(payload) = size;
  return payload;
}

void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size) {
  /* The conversion only asks for alignments up to the 64 every block has. */
  (void)alignment;
  return _mlir_memref_to_llvm_alloc(size);
}

void _mlir_memref_to_llvm_free(void *payload) {
  if (!payload)
    return;
  pthread_mutex_lock(&cacheLock);
  if (cachedCount < CACHED_BLOCKS) {
    cache[cachedCount].block = payload;
    cache[cachedCount].capacity = *capacityOf(payload);
    ++cachedCount;
    payload = NULL;
  }
  pthread_mutex_unlock(&cacheLock);
  if (payload)
    free((char *)payload - HEADER_BYTES);
}

/* The cache lives in the model's shared library (the runtime is linked into
 * each one): when the library is unloaded, the blocks it holds go back to the
 * C library instead of leaking. */
__attribute__((destructor)) static void releaseCachedBlocks(void) {
  pthread_mutex_lock(&cacheLock);
  for (int i = 0; i < cachedCount; ++i)
    free((char *)cache[i].block - HEADER_BYTES);
  cachedCount = 0;
  pthread_mutex_unlock(&cacheLock);
}
