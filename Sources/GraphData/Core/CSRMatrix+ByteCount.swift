import Tensors

extension CSRMatrix {
  /// The bytes the matrix's three arrays occupy: 8 per row pointer, 4 + 4 per entry.
  public var byteCount: Int {
    rowPointers.count * MemoryLayout<Int>.stride + nonzeroCount
      * (MemoryLayout<Int32>.stride + MemoryLayout<Float>.stride)
  }
}
