// Element-wise arithmetic with broadcasting: `+`, `-`, `*`, `/` between variables whose shapes
// broadcast ([n, d] with [n, d], [d], [1, d], [n, 1] or a scalar), and with `Float` constants.
// Pullbacks sum the gradient over broadcast dimensions.

/// Element-wise `lhs + rhs` with broadcasting. Bias addition is `x + b` with `b: [d]`.
/// - Throws: ``TensorError`` when the shapes do not broadcast.
public func add(_ lhs: Variable, _ rhs: Variable) throws -> Variable {
  let shape = try broadcastShape(lhs.shape, rhs.shape, operation: "add")
  let (sa, sb) = (lhs.shape, rhs.shape)
  return Variable(value: broadcastZip(lhs.value, rhs.value, to: shape, +), parents: [lhs, rhs]) { g in
    [reduceBroadcast(g, to: sa), reduceBroadcast(g, to: sb)]
  }
}

/// Element-wise `lhs − rhs` with broadcasting.
public func subtract(_ lhs: Variable, _ rhs: Variable) throws -> Variable {
  let shape = try broadcastShape(lhs.shape, rhs.shape, operation: "subtract")
  let (sa, sb) = (lhs.shape, rhs.shape)
  return Variable(value: broadcastZip(lhs.value, rhs.value, to: shape, -), parents: [lhs, rhs]) { g in
    [reduceBroadcast(g, to: sa), reduceBroadcast(g.map { -$0 }, to: sb)]
  }
}

/// Element-wise `lhs · rhs` with broadcasting.
public func multiply(_ lhs: Variable, _ rhs: Variable) throws -> Variable {
  let shape = try broadcastShape(lhs.shape, rhs.shape, operation: "multiply")
  let (a, b) = (lhs.value, rhs.value)
  return Variable(value: broadcastZip(a, b, to: shape, *), parents: [lhs, rhs]) { g in
    [
      lhs.requiresGradient ? reduceBroadcast(g.zipMap(broadcast(b, to: shape), *), to: a.shape) : nil,
      rhs.requiresGradient ? reduceBroadcast(g.zipMap(broadcast(a, to: shape), *), to: b.shape) : nil,
    ]
  }
}

/// Element-wise `lhs / rhs` with broadcasting.
public func divide(_ lhs: Variable, _ rhs: Variable) throws -> Variable {
  let shape = try broadcastShape(lhs.shape, rhs.shape, operation: "divide")
  let (a, b) = (lhs.value, rhs.value)
  return Variable(value: broadcastZip(a, b, to: shape, /), parents: [lhs, rhs]) { g in
    let bb = broadcast(b, to: shape)
    var grads: [Tensor?] = [nil, nil]
    if lhs.requiresGradient { grads[0] = reduceBroadcast(g.zipMap(bb, /), to: a.shape) }
    if rhs.requiresGradient {
      let ab = broadcast(a, to: shape)
      grads[1] = reduceBroadcast(g.zipMap(ab, bb) { g, a, b in -g * a / (b * b) }, to: b.shape)
    }
    return grads
  }
}

/// `x · factor` for a constant factor.
public func scale(_ x: Variable, by factor: Float) -> Variable {
  Variable(value: x.value.map { $0 * factor }, parents: [x]) { g in [g.map { $0 * factor }] }
}

/// `x + constant` element-wise.
public func shift(_ x: Variable, by constant: Float) -> Variable {
  Variable(value: x.value.map { $0 + constant }, parents: [x]) { g in [g] }
}

extension Variable {
  /// Element-wise sum with broadcasting; see ``add(_:_:)``.
  public static func + (lhs: Variable, rhs: Variable) throws -> Variable { try add(lhs, rhs) }
  /// Element-wise difference with broadcasting; see ``subtract(_:_:)``.
  public static func - (lhs: Variable, rhs: Variable) throws -> Variable { try subtract(lhs, rhs) }
  /// Element-wise product with broadcasting; see ``multiply(_:_:)``.
  public static func * (lhs: Variable, rhs: Variable) throws -> Variable { try multiply(lhs, rhs) }
  /// Element-wise quotient with broadcasting; see ``divide(_:_:)``.
  public static func / (lhs: Variable, rhs: Variable) throws -> Variable { try divide(lhs, rhs) }
  /// `x · c`.
  public static func * (lhs: Variable, rhs: Float) -> Variable { scale(lhs, by: rhs) }
  /// `c · x`.
  public static func * (lhs: Float, rhs: Variable) -> Variable { scale(rhs, by: lhs) }
  /// `x + c`.
  public static func + (lhs: Variable, rhs: Float) -> Variable { shift(lhs, by: rhs) }
  /// `−x`.
  public static prefix func - (x: Variable) -> Variable { scale(x, by: -1) }
}
