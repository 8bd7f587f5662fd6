import Dispatch
import Foundation
import Synchronization

/// Ctrl-C handling for long commands: the first SIGINT asks the running job to stop after the
/// current epoch (it then keeps what it has written and exits with status 130); a second one
/// exits at once.
final class InterruptFlag: Sendable {
  /// The process-wide flag.
  static let shared = InterruptFlag()

  private let requested = Atomic<Bool>(false)
  private let source = Mutex<(any DispatchSourceSignal)?>(nil)

  /// Whether Ctrl-C was pressed.
  var isSet: Bool { requested.load(ordering: .acquiring) }

  /// Starts catching SIGINT (idempotent).
  func install() {
    source.withLock { source in
      guard source == nil else { return }
      signal(SIGINT, SIG_IGN)
      let s = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
      s.setEventHandler { [self] in
        if requested.exchange(true, ordering: .acquiringAndReleasing) {
          FileHandle.standardError.write(Data("\ninterrupted again: exiting now\n".utf8))
          exit(130)
        }
        FileHandle.standardError.write(
          Data("\ninterrupt: stopping after this epoch (Ctrl-C again to exit at once)\n".utf8))
      }
      s.resume()
      source = s
    }
  }
}
