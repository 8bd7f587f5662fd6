// Software prefetch for GraphKD's sparse kernels (Swift has no prefetch intrinsic).
// Implementation detail of the Tensors module; not a stable API.
#ifndef GRAPHKD_PREFETCH_H
#define GRAPHKD_PREFETCH_H

/// Hints the CPU to bring the cache line holding `address` into all cache levels for reading.
static inline void graphkd_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
