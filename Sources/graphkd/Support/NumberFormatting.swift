import Evaluation

/// Formats a number with a fixed count of decimals (``NumberFormat/fixed(_:_:)``; tables and
/// reports round the same way everywhere).
func fixed(_ x: Double, _ decimals: Int = 2) -> String { NumberFormat.fixed(x, decimals) }
