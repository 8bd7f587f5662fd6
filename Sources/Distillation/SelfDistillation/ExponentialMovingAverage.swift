import GNN
import Tensors

/// Keeps a teacher model's weights an exponential moving average of a student's:
/// θ_teacher ← d_t·θ_teacher + (1 − d_t)·θ_student with d_t = min(d, 1 − 1/(t + 1)), so early
/// steps follow the student closely (Tarvainen & Valpola, NeurIPS 2017).
public struct ExponentialMovingAverage {
  /// The target decay d.
  public let decay: Float
  /// Updates applied so far.
  public private(set) var steps = 0

  /// Creates an average with decay `decay`.
  public init(decay: Float) { self.decay = decay }

  /// Copies the student's weights into the teacher (call once at the start).
  public func initialize(teacher: any Module, from student: any Module) throws {
    try teacher.loadParameterValues(student.parameterValues())
  }

  /// One update of the teacher towards the student.
  public mutating func update(teacher: any Module, from student: any Module) {
    steps += 1
    let d = min(decay, 1 - 1 / Float(steps + 1))
    for (t, s) in zip(teacher.parameters, student.parameters) {
      var v = t.value
      s.value.withUnsafeBufferPointer { ps in
        v.withUnsafeMutableBufferPointer { pt in
          for i in 0..<pt.count { pt[i] = d * pt[i] + (1 - d) * ps[i] }
        }
      }
      t.value = v
    }
  }
}
