import Tensors

/// One student-side knowledge-distillation term: a scalar loss computed from the student's
/// forward pass and the teacher's stored signals (soft labels, hidden representation), with
/// its own trainable parameters (projectors, experts, selection networks) trained alongside
/// the student.
///
/// The ``Distiller`` minimises `α·CE(labelled nodes) + Σ_k w_k · L_k` over the terms of a
/// ``DistillationObjective``; each named term is made by the ``DistillationLossRegistry``.
/// A new loss is one file conforming to this protocol plus one registry entry.
///
/// Conformers: ``SoftLabelDistillation`` (`kd`), ``FeatureHint`` (`hint`),
/// ``DistillationExperts`` (`de`), ``LocalStructurePreserving`` (`lsp`) and
/// ``RelationalStructurePreserving`` (`rkd`).
public protocol DistillationLoss {
  /// Trainable parameters of the loss itself (empty for parameter-free losses); the optimiser
  /// updates them with the student's, without weight decay.
  var parameters: [Variable] { get }

  /// The loss for one training step.
  /// - Throws: ``TensorError`` when the student's or teacher's tensors do not fit the loss.
  func loss(_ context: DistillationContext) throws -> Variable
}
