/// The fast numeric kernels under GraphKD's operations: GEMM (OpenBLAS), SpMM, SDDMM, segment
/// softmax, and row gather/scatter.
///
/// Kernels work on plain ``Tensor`` and ``CSRMatrix`` values and know nothing of gradients;
/// the differentiable operations on ``Variable`` call them. Every kernel has a naive reference
/// implementation in `_TestSupport` that the tests compare it against.
public enum Kernels {}
