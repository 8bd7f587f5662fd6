/// A step of a ``LabelScarcePipeline`` run.
public enum PipelineStage: Sendable, Equatable, CustomStringConvertible {
  /// Making a label-scarce split the file lacks.
  case split
  /// Training every candidate backbone plainly to choose the teacher's by validation.
  case backbone
  /// Training the self-distilled teacher.
  case teacher
  /// Distilling the named student.
  case student(String)
  /// Measuring parameters, MACs, memory and latency of the named model.
  case cost(String)

  /// A short label for progress output, e.g. `teacher` or `student mlp`.
  public var description: String {
    switch self {
    case .split: return "split"
    case .backbone: return "backbone"
    case .teacher: return "teacher"
    case .student(let name): return "student \(name)"
    case .cost(let name): return "cost \(name)"
    }
  }
}

/// What a running pipeline tells its observer: stages starting and ending, and every training
/// epoch, so a front end can draw a progress bar or log lines.
public enum PipelineEvent: Sendable {
  /// A stage began for a seed.
  case started(PipelineStage, seed: UInt64)
  /// One training epoch of a stage finished.
  case epoch(PipelineStage, EpochProgress)
  /// A stage ended, with its wall-clock seconds and a one-line summary.
  case finished(PipelineStage, seed: UInt64, seconds: Double, summary: String)
}

/// One epoch of a training stage.
public struct EpochProgress: Sendable, Equatable {
  /// Epochs done in this stage so far, across generations (1-based).
  public var step: Int
  /// The most epochs the stage can take (early stopping may end it sooner).
  public var total: Int
  /// The training objective of this epoch.
  public var loss: Float
  /// Validation accuracy of the model the stage selects on.
  public var validationAccuracy: Double
  /// The run's seed.
  public var seed: UInt64

  /// Creates an epoch record.
  public init(step: Int, total: Int, loss: Float, validationAccuracy: Double, seed: UInt64) {
    self.step = step
    self.total = total
    self.loss = loss
    self.validationAccuracy = validationAccuracy
    self.seed = seed
  }
}

/// Thrown by ``LabelScarcePipeline/run(on:observer:)`` when its observer asked it to stop: the
/// current epoch finished, nothing of the unfinished stage was kept, and the report of the seeds
/// that completed is attached.
public struct PipelineInterrupted: Error, CustomStringConvertible {
  /// The stage that was interrupted.
  public var stage: PipelineStage
  /// The seed that was running.
  public var seed: UInt64
  /// The runs (seeds) that completed before the interruption.
  public var completed: PipelineReport

  /// A readable message.
  public var description: String { "interrupted during \(stage) (seed \(seed))" }
}
