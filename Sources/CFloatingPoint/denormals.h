// The calling thread's handling of denormal (subnormal) floats, for Swift, which has no access
// to the floating-point control register. Implementation detail of the Tensors module; not a
// stable API.
#ifndef GRAPHKD_DENORMALS_H
#define GRAPHKD_DENORMALS_H

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
// MXCSR bit 15 flushes denormal results to zero (FTZ); bit 6 reads denormal inputs as zero (DAZ).
#define GRAPHKD_DENORMAL_BITS 0x8040u
#elif defined(__aarch64__)
// FPCR bit 24 (FZ) flushes denormal inputs and results to zero.
#define GRAPHKD_DENORMAL_BITS (1u << 24)
#endif

/// Whether the calling thread flushes denormals to zero (1) or computes with them (0); always 0
/// where the platform has no such mode.
static inline int graphkd_flushes_denormals(void) {
#if defined(__x86_64__) || defined(__i386__)
  return (_mm_getcsr() & GRAPHKD_DENORMAL_BITS) == GRAPHKD_DENORMAL_BITS;
#elif defined(__aarch64__)
  unsigned long fpcr;
  __asm__ __volatile__("mrs %0, fpcr" : "=r"(fpcr));
  return (fpcr & GRAPHKD_DENORMAL_BITS) != 0;
#else
  return 0;
#endif
}

/// Makes the calling thread flush denormals to zero (`flush` ≠ 0) or compute with them (0);
/// returns the previous setting, for restoring it. A no-op returning 0 elsewhere.
static inline int graphkd_set_flushes_denormals(int flush) {
  int previous = graphkd_flushes_denormals();
#if defined(__x86_64__) || defined(__i386__)
  unsigned int csr = _mm_getcsr();
  _mm_setcsr(flush ? (csr | GRAPHKD_DENORMAL_BITS) : (csr & ~GRAPHKD_DENORMAL_BITS));
#elif defined(__aarch64__)
  unsigned long fpcr;
  __asm__ __volatile__("mrs %0, fpcr" : "=r"(fpcr));
  fpcr = flush ? (fpcr | GRAPHKD_DENORMAL_BITS) : (fpcr & ~(unsigned long)GRAPHKD_DENORMAL_BITS);
  __asm__ __volatile__("msr fpcr, %0" : : "r"(fpcr));
#else
  (void)flush;
#endif
  return previous;
}

#endif
