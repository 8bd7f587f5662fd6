import Foundation

/// libFuzzer's entry point: one input through the reader `GRAPHKD_FUZZ_TARGET` names. A reader
/// may throw (bad input is expected); it must not crash, hang or allocate beyond the limits
/// `scripts/fuzz/run.sh` sets.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  FuzzTarget.current.run(Data(bytes: start, count: count))
  return 0
}
