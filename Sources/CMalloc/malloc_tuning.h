// glibc allocator settings for GraphKD's large, short-lived tensor buffers.
// Implementation detail of the Tensors module; not a stable API.
#ifndef GRAPHKD_MALLOC_TUNING_H
#define GRAPHKD_MALLOC_TUNING_H

#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif

/// Sets glibc's mmap threshold, trim threshold and top pad (bytes). Returns 1 when all three
/// were accepted, 0 otherwise (or on a C library without `mallopt`).
static inline int graphkd_tune_malloc(int mmap_threshold, int trim_threshold, int top_pad) {
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD) && defined(M_TOP_PAD)
  int a = mallopt(M_MMAP_THRESHOLD, mmap_threshold);
  int b = mallopt(M_TRIM_THRESHOLD, trim_threshold);
  int c = mallopt(M_TOP_PAD, top_pad);
  return a == 1 && b == 1 && c == 1;
#else
  (void)mmap_threshold;
  (void)trim_threshold;
  (void)top_pad;
  return 0;
#endif
}

#endif
