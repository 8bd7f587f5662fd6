import GNN
import Tensors

/// The resident memory of one full-graph forward pass of a model (evaluation mode, no
/// gradients), measured on the running process.
///
/// Before the pass, free heap memory is returned to the operating system
/// (``MemoryProbe/releaseFreeMemory()``) and the peak is reset to the current resident size
/// (``MemoryProbe/resetPeak()``); after it, the peak is read. ``peakResidentBytes`` is therefore
/// the process's high-water mark during inference — data, model and everything else the process
/// holds included — and ``incrementBytes`` is what the pass added on top: its activations and
/// temporary buffers (plus any normalisation computed for the first time).
public struct InferenceMemory: Codable, Sendable, Equatable {
  /// Resident bytes just before the pass.
  public var baselineResidentBytes: Int
  /// Peak resident bytes of the process during the pass.
  public var peakResidentBytes: Int
  /// `peakResidentBytes − baselineResidentBytes` (0 if the peak could not be reset and is older).
  public var incrementBytes: Int
  /// Whether the peak was reset before the pass; when `false`, ``peakResidentBytes`` is the
  /// process's peak since it started.
  public var peakWasReset: Bool

  /// Creates a measurement from its parts.
  public init(baselineResidentBytes: Int, peakResidentBytes: Int, incrementBytes: Int, peakWasReset: Bool) {
    self.baselineResidentBytes = baselineResidentBytes
    self.peakResidentBytes = peakResidentBytes
    self.incrementBytes = incrementBytes
    self.peakWasReset = peakWasReset
  }

  /// Measures one full-graph forward pass of `model` (switched to evaluation mode for the pass
  /// and restored afterwards).
  /// - Throws: errors of the forward pass.
  public static func measure(model: NodeClassifier, features: LayerInput, graph: GraphStructure) throws
    -> InferenceMemory
  {
    let wasTraining = model.isTraining
    if wasTraining { model.isTraining = false }
    defer { if wasTraining { model.isTraining = true } }
    MemoryProbe.releaseFreeMemory()
    let wasReset = MemoryProbe.resetPeak()
    let baseline = MemoryProbe.residentBytes
    let logits = try withoutGradients { try model(features, graph: graph) }
    let peak = MemoryProbe.peakBytes
    withExtendedLifetime(logits) {}
    return InferenceMemory(
      baselineResidentBytes: baseline, peakResidentBytes: peak, incrementBytes: max(0, peak - baseline),
      peakWasReset: wasReset)
  }
}
