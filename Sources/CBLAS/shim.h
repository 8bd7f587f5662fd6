// CBLAS shim: OpenBLAS's CBLAS interface plus run-time kernel selection helpers.
// Implementation detail of GraphKD's Tensors module; not a stable API.
#ifndef GRAPHKD_CBLAS_SHIM_H
#define GRAPHKD_CBLAS_SHIM_H

#include <cblas.h>
#include <dlfcn.h>
#include <stdlib.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

/// The name of the compute kernel OpenBLAS uses now ("Haswell", "SkylakeX", ...).
static inline const char *graphkd_openblas_corename(void) {
  char *(*corename)(void) = (char *(*)(void))dlsym(RTLD_DEFAULT, "openblas_get_corename");
  return corename ? corename() : "unknown";
}

#if defined(__x86_64__) || defined(__i386__)
static inline unsigned graphkd_xgetbv0(void) {
  unsigned lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return lo;
}
#endif

/// 1 when the CPU and the operating system both support AVX-512 F/CD/BW/DQ/VL.
static inline int graphkd_cpu_has_avx512(void) {
#if defined(__x86_64__) || defined(__i386__)
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  if (!((c >> 27) & 1u)) return 0;  // OSXSAVE
  if ((graphkd_xgetbv0() & 0xE6u) != 0xE6u) return 0;  // XMM, YMM, opmask, ZMM state
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  unsigned need = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31);
  return (b & need) == need;
#else
  return 0;
#endif
}

/// 1 when the CPU and the operating system both support AVX2 and FMA3.
static inline int graphkd_cpu_has_avx2_fma(void) {
#if defined(__x86_64__) || defined(__i386__)
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  if (!((c >> 27) & 1u) || !((c >> 12) & 1u)) return 0;  // OSXSAVE, FMA
  if ((graphkd_xgetbv0() & 0x6u) != 0x6u) return 0;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  return (b >> 5) & 1u;  // AVX2
#else
  return 0;
#endif
}

/// Re-runs OpenBLAS's dynamic-architecture kernel selection with `OPENBLAS_CORETYPE` set to
/// `coretype`. OpenBLAS reads that variable only when the library loads, which is before any
/// code of ours runs; its DYNAMIC_ARCH builds export the selection routine, so we call it
/// again before the first BLAS call. Returns 0 (and changes nothing) when the routine is absent.
static inline int graphkd_openblas_reselect_kernel(const char *coretype) {
  void (*quit)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "gotoblas_dynamic_quit");
  void (*init)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "gotoblas_dynamic_init");
  if (!quit || !init) return 0;
  setenv("OPENBLAS_CORETYPE", coretype, 1);
  quit();
  init();
  return 1;
}

#endif
