/// A node of the reverse-mode autodiff graph: a ``Tensor`` value, and how to send a gradient
/// back to the variables it was computed from.
///
/// Leaves are created by you: parameters (`requiresGradient: true`) and constants. Every
/// differentiable operation (``matmul(_:_:transposeA:transposeB:)``, ``relu(_:)``, …) returns a
/// new variable that remembers its inputs and a hand-written pullback closure, unless no input
/// requires a gradient or recording is switched off with ``withoutGradients(_:)``.
/// ``backward(seed:)`` walks the graph in reverse topological order and *adds* each leaf's
/// gradient into its ``gradient`` (accumulation); ``zeroGradient()`` clears it.
///
/// ```swift
/// let w = Variable(Tensor.glorotUniform(fanIn: 4, fanOut: 2, generator: &rng), requiresGradient: true)
/// let x = Variable(input)
/// let loss = try mean(relu(matmul(x, w)))
/// try loss.backward()
/// print(w.gradient!)
/// ```
public final class Variable {
  /// The value. Optimisers update parameters through it.
  public var value: Tensor
  /// The accumulated gradient of the last ``backward(seed:)`` calls (leaves only).
  public var gradient: Tensor?
  /// Whether gradients flow to (or through) this variable.
  public let requiresGradient: Bool
  /// An optional name used in error messages and reports (e.g. `"conv1.weight"`).
  public var name: String?

  /// The variables this one was computed from (empty for leaves).
  let parents: [Variable]
  /// Maps the gradient of this variable to one gradient per parent (`nil` = no contribution).
  let pullback: ((Tensor) throws -> [Tensor?])?

  /// Creates a leaf.
  public init(_ value: Tensor, requiresGradient: Bool = false, name: String? = nil) {
    self.value = value
    self.requiresGradient = requiresGradient
    self.name = name
    self.parents = []
    self.pullback = nil
  }

  /// Creates the result of an operation. When recording is off or no parent needs a gradient,
  /// the result is a constant leaf and the pullback is dropped.
  init(value: Tensor, parents: [Variable], pullback: @escaping (Tensor) throws -> [Tensor?]) {
    self.value = value
    self.name = nil
    let needed = GradientRecording.isEnabled && parents.contains { $0.requiresGradient }
    self.requiresGradient = needed
    self.parents = needed ? parents : []
    self.pullback = needed ? pullback : nil
  }

  /// `true` for variables created directly rather than by an operation.
  public var isLeaf: Bool { pullback == nil }

  /// The shape of ``value``.
  public var shape: [Int] { value.shape }

  /// Clears the accumulated gradient.
  public func zeroGradient() { gradient = nil }

  /// A constant with the same value, cut off from the graph (gradients stop here).
  public func detached() -> Variable { Variable(value) }

  /// Back-propagates from this variable, adding d(self)/d(leaf) · `seed` into every leaf's
  /// ``gradient``.
  ///
  /// - Parameter seed: the gradient of the final objective with respect to this variable;
  ///   defaults to 1 for a single-element variable.
  /// - Throws: ``TensorError`` if `seed`'s shape differs from the value's, or when called on a
  ///   variable with several elements without a seed.
  public func backward(seed: Tensor? = nil) throws {
    let seed =
      try seed
      ?? {
        guard value.count == 1 else {
          throw TensorError.shape(
            "backward", expected: "a single-element variable (or an explicit seed)", actual: describe(value.shape))
        }
        return Tensor(repeating: 1, shape: value.shape)
      }()
    guard seed.shape == value.shape else {
      throw TensorError.shape(
        "backward", expected: "seed of shape \(describe(value.shape))", actual: describe(seed.shape))
    }
    guard requiresGradient else { return }
    let order = topologicalOrder()
    var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
    for node in order.reversed() {
      guard let g = pending.removeValue(forKey: ObjectIdentifier(node)) else { continue }
      guard let pullback = node.pullback else {
        if node.requiresGradient { node.gradient = node.gradient.map { $0.adding(g) } ?? g }
        continue
      }
      let parentGradients = try pullback(g)
      for (parent, pg) in zip(node.parents, parentGradients) {
        guard parent.requiresGradient, let pg else { continue }
        assert(pg.shape == parent.value.shape, "pullback produced \(pg.shape) for \(parent.value.shape)")
        let key = ObjectIdentifier(parent)
        if let existing = pending[key] {
          pending[key] = existing.adding(pg)
        } else {
          pending[key] = pg
        }
      }
    }
  }

  /// Nodes reachable from `self` through parents, each after all of its parents.
  private func topologicalOrder() -> [Variable] {
    var order: [Variable] = []
    var visited = Set<ObjectIdentifier>()
    var stack: [(Variable, Bool)] = [(self, false)]
    while let (node, expanded) = stack.popLast() {
      if expanded {
        order.append(node)
        continue
      }
      guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
      stack.append((node, true))
      for p in node.parents where p.requiresGradient && !visited.contains(ObjectIdentifier(p)) {
        stack.append((p, false))
      }
    }
    return order
  }
}

/// Whether differentiable operations record their pullbacks on this task/thread.
public enum GradientRecording {
  @TaskLocal static var enabledValue = true

  /// `false` inside ``withoutGradients(_:)``.
  public static var isEnabled: Bool { enabledValue }
}

/// Runs `body` without recording gradients: operations return constants, which is faster and
/// holds no graph in memory. Use it for evaluation and for teacher forward passes.
public func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
  try GradientRecording.$enabledValue.withValue(false) { try body() }
}

extension Tensor {
  /// Element-wise sum with a tensor of the same shape (no checks; internal to autodiff).
  @usableFromInline
  func adding(_ other: Tensor) -> Tensor {
    var out = self
    out.withUnsafeMutableBufferPointer { o in
      other.withUnsafeBufferPointer { p in
        for i in 0..<o.count { o[i] += p[i] }
      }
    }
    return out
  }
}
