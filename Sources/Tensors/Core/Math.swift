#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// Thin wrappers so that inlinable code can call libm without each file importing it.
@inlinable @inline(__always) func _log(_ x: Double) -> Double { log(x) }
@inlinable @inline(__always) func _cos(_ x: Double) -> Double { cos(x) }
@inlinable @inline(__always) func _expf(_ x: Float) -> Float { expf(x) }
@inlinable @inline(__always) func _logf(_ x: Float) -> Float { logf(x) }
@inlinable @inline(__always) func _tanhf(_ x: Float) -> Float { tanhf(x) }
@inlinable @inline(__always) func _sqrtf(_ x: Float) -> Float { sqrtf(x) }
