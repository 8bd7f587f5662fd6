/* OpenBLAS's own SGEMM figure, for comparison with `graphkd bench tensors`.
 * Calls cblas_sgemm directly (no GraphKD code) on the shapes the bench uses and prints the
 * median GFLOP/s of 20 runs and the kernel OpenBLAS runs with. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void run(int m, int k, int n) {
  float *a = malloc(sizeof(float) * (size_t)m * k), *b = malloc(sizeof(float) * (size_t)k * n),
        *c = malloc(sizeof(float) * (size_t)m * n);
  for (size_t i = 0; i < (size_t)m * k; i++) a[i] = (float)(i % 13) * 0.01f - 0.06f;
  for (size_t i = 0; i < (size_t)k * n; i++) b[i] = (float)(i % 7) * 0.01f - 0.03f;
  enum { R = 20 };
  double times[R];
  for (int w = 0; w < 2; w++)
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, a, k, b, n, 0, c, n);
  for (int r = 0; r < R; r++) {
    double t = now();
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, a, k, b, n, 0, c, n);
    times[r] = now() - t;
  }
  qsort(times, R, sizeof(double), compare);
  double t = times[R / 2];
  printf("| %d×%d · %d×%d | %.3f | %.1f |\n", m, k, k, n, t * 1e3, 2.0 * m * n * k / t / 1e9);
  free(a);
  free(b);
  free(c);
}

int main(void) {
  printf("OpenBLAS kernel: %s\n\n| shape | median ms | GFLOP/s |\n|---|---|---|\n", openblas_get_corename());
  run(2708, 1433, 64);
  run(100000, 128, 64);
  return 0;
}
