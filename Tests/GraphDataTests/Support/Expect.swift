import GraphData
import Testing

/// Runs `body`, requires it to throw a ``GraphDataError`` and returns it.
func expectGraphDataError(
  _ kind: GraphDataError.Kind, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> GraphDataError? {
  do {
    try body()
    Issue.record("expected a GraphDataError of kind \(kind), but nothing was thrown", sourceLocation: sourceLocation)
  } catch let error as GraphDataError {
    #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
    return error
  } catch {
    Issue.record("expected a GraphDataError, but got \(error)", sourceLocation: sourceLocation)
  }
  return nil
}
