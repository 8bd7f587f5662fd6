import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Checks every exported notebook in `notebooks-export/` (written by `scripts/reproduce/`): the
/// `.ipynb` is valid nbformat 4 with its figures embedded as SVG, its Markdown rendering shows
/// the same tables, and every number in those tables is recomputed from the results JSON the
/// notebook names, through the provenance the renderer stores in the notebook's metadata.
@Suite struct NotebookExportTests {
  static let exportDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("notebooks-export")

  /// The notebook directories: each subdirectory of notebooks-export holding `<name>.ipynb`.
  static let notebookNames: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: exportDirectory.path)) ?? []
    return names.sorted().filter { name in
      FileManager.default.fileExists(
        atPath: exportDirectory.appendingPathComponent(name).appendingPathComponent("\(name).ipynb").path)
    }
  }()

  @Test func everyExportDirectoryHoldsANotebook() throws {
    let entries = try FileManager.default.contentsOfDirectory(atPath: Self.exportDirectory.path).sorted()
    let directories = entries.filter { name in
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(
        atPath: Self.exportDirectory.appendingPathComponent(name).path, isDirectory: &isDirectory)
        && isDirectory.boolValue
    }
    #expect(!directories.isEmpty, "no notebooks in \(Self.exportDirectory.path)")
    for name in directories {
      let directory = Self.exportDirectory.appendingPathComponent(name)
      for file in ["\(name).ipynb", "\(name).md", "results.json"] {
        #expect(
          FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path),
          "\(name): missing \(file)")
      }
    }
  }

  @Test(arguments: notebookNames)
  func notebookIsValidNBFormat4(name: String) throws {
    let notebook = try Notebook(name: name, directory: Self.exportDirectory.appendingPathComponent(name))
    let json = notebook.json
    #expect(json["nbformat"] as? Int == 4)
    let minor = try #require(json["nbformat_minor"] as? Int)
    #expect(minor >= 5, "cell ids need nbformat 4.5")
    let metadata = try #require(json["metadata"] as? [String: Any])
    let kernelspec = try #require(metadata["kernelspec"] as? [String: Any])
    #expect(kernelspec["name"] is String && kernelspec["display_name"] is String)
    let languageInfo = try #require(metadata["language_info"] as? [String: Any])
    #expect(languageInfo["name"] is String)
    let cells = try #require(json["cells"] as? [[String: Any]])
    #expect(!cells.isEmpty)
    var ids = Set<String>()
    for (i, cell) in cells.enumerated() {
      let type = try #require(cell["cell_type"] as? String, "cell \(i): no cell_type")
      #expect(["markdown", "code", "raw"].contains(type), "cell \(i): cell_type \(type)")
      let id = try #require(cell["id"] as? String, "cell \(i): no id")
      #expect(id.range(of: "^[A-Za-z0-9_-]{1,64}$", options: .regularExpression) != nil, "cell \(i): id \(id)")
      #expect(ids.insert(id).inserted, "cell \(i): duplicate id \(id)")
      #expect(cell["metadata"] is [String: Any], "cell \(i): no metadata")
      #expect(Notebook.text(cell["source"]) != nil, "cell \(i): source is neither a string nor a list of strings")
      if type == "code" {
        #expect(cell.keys.contains("execution_count"), "cell \(i): no execution_count")
        let outputs = try #require(cell["outputs"] as? [[String: Any]], "cell \(i): no outputs")
        for output in outputs {
          let kind = try #require(output["output_type"] as? String)
          #expect(["display_data", "execute_result", "stream", "error"].contains(kind))
          if kind == "display_data" || kind == "execute_result" {
            #expect(output["data"] is [String: Any] && output["metadata"] is [String: Any])
          }
        }
      }
    }
  }

  @Test(arguments: notebookNames)
  func figuresAreEmbeddedSVG(name: String) throws {
    let notebook = try Notebook(name: name, directory: Self.exportDirectory.appendingPathComponent(name))
    let figures = notebook.outputs(mimeType: "image/svg+xml")
    let listed = try #require(notebook.graphkd["figures"] as? [String])
    #expect(!figures.isEmpty, "\(name): no figure")
    #expect(figures.count == listed.count, "\(name): \(figures.count) embedded figures, \(listed.count) listed")
    for (svg, path) in zip(figures, listed) {
      let root = SVGRoot()
      let parser = XMLParser(data: Data(svg.utf8))
      parser.delegate = root
      #expect(parser.parse(), "\(name), \(path): not well-formed XML")
      #expect(root.name == "svg", "\(name), \(path): root element \(root.name ?? "none")")
      // The Markdown rendering references the same figure, written next to it.
      #expect(notebook.markdown.contains("](\(path))"), "\(name).md does not reference \(path)")
      let file = try String(contentsOf: notebook.directory.appendingPathComponent(path), encoding: .utf8)
      #expect(file == svg, "\(name): \(path) differs from the figure embedded in the notebook")
    }
  }

  /// The code cells re-run the rendering: they put scripts/reproduce on the path (relative to
  /// the notebook's directory) and import modules that exist there, so a notebook named apart
  /// from its script (e.g. `derrd_converged_lr0.005`) still imports the script's renderer.
  @Test(arguments: notebookNames)
  func codeCellsImportTheRenderersThatExist(name: String) throws {
    let notebook = try Notebook(name: name, directory: Self.exportDirectory.appendingPathComponent(name))
    let cells = notebook.json["cells"] as? [[String: Any]] ?? []
    let code = cells.filter { $0["cell_type"] as? String == "code" }.compactMap { Notebook.text($0["source"]) }
      .joined(separator: "\n")
    let pathLine = try #require(
      code.split(separator: "\n").first { $0.hasPrefix("sys.path.insert(0, '") }, "\(name): no sys.path line")
    let relative = pathLine.dropFirst("sys.path.insert(0, '".count).prefix { $0 != "'" }
    let reproduce = notebook.directory.appendingPathComponent(String(relative)).standardizedFileURL
    #expect(reproduce.lastPathComponent == "reproduce", "\(name): path \(relative)")
    let importLine = try #require(
      code.split(separator: "\n").first { $0.hasPrefix("import notebook as nb, ") }, "\(name): no import line")
    let modules = importLine.dropFirst("import ".count).split(separator: ",").map {
      String($0.trimmingCharacters(in: .whitespaces).split(separator: " ")[0])
    }
    #expect(modules.count == 2, "\(name): \(importLine)")
    for module in modules {
      #expect(
        FileManager.default.fileExists(atPath: reproduce.appendingPathComponent("\(module).py").path),
        "\(name): imports \(module), which is not in scripts/reproduce")
    }
  }

  @Test(arguments: notebookNames)
  func markdownTablesMatchTheNotebook(name: String) throws {
    let notebook = try Notebook(name: name, directory: Self.exportDirectory.appendingPathComponent(name))
    let fromMarkdown = MarkdownTable.all(in: notebook.markdown)
    let fromNotebook = notebook.outputs(mimeType: "text/markdown").flatMap { MarkdownTable.all(in: $0) }
    #expect(!fromMarkdown.isEmpty, "\(name).md has no table")
    #expect(fromMarkdown == fromNotebook, "\(name): the .md tables differ from the notebook's")
  }

  @Test(arguments: notebookNames)
  func everyTableNumberComesFromTheResults(name: String) throws {
    let notebook = try Notebook(name: name, directory: Self.exportDirectory.appendingPathComponent(name))
    let resultsName = try #require(notebook.graphkd["results"] as? String)
    let resultsData = try Data(contentsOf: notebook.directory.appendingPathComponent(resultsName))
    let results = try JSONSerialization.jsonObject(with: resultsData, options: [.fragmentsAllowed])

    // The notebook was made from exactly this results file.
    let digest = SHA256.hex(resultsData)
    #expect(notebook.graphkd["results_sha256"] as? String == digest, "\(name): \(resultsName) changed since rendering")
    #expect(notebook.markdown.contains(digest), "\(name).md does not record the results' sha256")
    let configHash = try #require(notebook.graphkd["config_sha256"] as? String)
    #expect(notebook.markdown.contains(configHash), "\(name).md does not record the config hash")

    let tables = MarkdownTable.all(in: notebook.markdown)
    let entries = try #require(notebook.graphkd["provenance"] as? [[String: Any]])
    var covered = Set<[Int]>()
    for entry in entries {
      let t = try #require(entry["table"] as? Int)
      let r = try #require(entry["row"] as? Int)
      let c = try #require(entry["column"] as? Int)
      let location = "\(name).md table \(t) row \(r) column \(c)"
      guard t < tables.count, r < tables[t].body.count, c < tables[t].body[r].count else {
        Issue.record("\(location): no such cell")
        continue
      }
      covered.insert([t, r, c])
      let cell = tables[t].body[r][c]
      let recomputed = try Provenance.text(of: entry, in: results)
      #expect(cell == recomputed, "\(location): shows '\(cell)', the results give '\(recomputed)'")
    }
    for (t, table) in tables.enumerated() {
      for (r, row) in table.body.enumerated() {
        for (c, cell) in row.enumerated() where cell.contains(where: \.isNumber) {
          #expect(
            covered.contains([t, r, c]), "\(name).md table \(t) row \(r) column \(c): '\(cell)' has no provenance")
        }
      }
    }
  }
}

/// One exported notebook: the parsed `.ipynb` and the `.md` text.
struct Notebook {
  var name: String
  var directory: URL
  var json: [String: Any]
  var markdown: String

  init(name: String, directory: URL) throws {
    self.name = name
    self.directory = directory
    let data = try Data(contentsOf: directory.appendingPathComponent("\(name).ipynb"))
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw NotebookError("\(name).ipynb: not a JSON object")
    }
    json = object
    markdown = try String(contentsOf: directory.appendingPathComponent("\(name).md"), encoding: .utf8)
  }

  /// `metadata.graphkd`, the renderer's record of results, figures and provenance.
  var graphkd: [String: Any] {
    ((json["metadata"] as? [String: Any])?["graphkd"] as? [String: Any]) ?? [:]
  }

  /// The text of every code-cell output with `mimeType`, in order.
  func outputs(mimeType: String) -> [String] {
    let cells = json["cells"] as? [[String: Any]] ?? []
    return cells.flatMap { cell in
      (cell["outputs"] as? [[String: Any]] ?? []).compactMap { output in
        Notebook.text((output["data"] as? [String: Any])?[mimeType])
      }
    }
  }

  /// nbformat's multi-line string: a string or a list of strings.
  static func text(_ value: Any?) -> String? {
    if let s = value as? String { return s }
    if let lines = value as? [String] { return lines.joined() }
    return nil
  }
}

struct NotebookError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// A Markdown table: the header and the body rows, cell texts trimmed.
struct MarkdownTable: Equatable {
  var header: [String]
  var body: [[String]]

  /// Every table in `markdown` (runs of lines starting with `|`; the second line is the rule).
  static func all(in markdown: String) -> [MarkdownTable] {
    var tables: [MarkdownTable] = []
    var block: [String] = []
    var inFence = false
    func flush() {
      if block.count >= 2 {
        let rows = block.map(cells)
        tables.append(MarkdownTable(header: rows[0], body: Array(rows.dropFirst(2))))
      }
      block = []
    }
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("```") { inFence.toggle() }
      if !inFence && line.hasPrefix("|") {
        block.append(String(line))
      } else {
        flush()
      }
    }
    flush()
    return tables
  }

  /// The cells of one `| a | b |` line (a `\|` stays inside its cell).
  static func cells(_ line: String) -> [String] {
    var cells: [String] = []
    var current = ""
    var escaped = false
    for ch in line.dropFirst() {
      if escaped {
        current.append(ch)
        escaped = false
      } else if ch == "\\" {
        escaped = true
      } else if ch == "|" {
        cells.append(current.trimmingCharacters(in: .whitespaces))
        current = ""
      } else {
        current.append(ch)
      }
    }
    return cells
  }
}

/// Recomputes a table cell from the results JSON as `scripts/reproduce/notebook.py` does.
enum Provenance {
  static func text(of entry: [String: Any], in results: Any) throws -> String {
    let kind = try require(entry["kind"] as? String, "kind")
    let pointers = try require(entry["pointers"] as? [String], "pointers")
    if kind == "text" {
      return try pointers.map { try "\(resolve($0, in: results))" }.joined()
    }
    let scale = (entry["scale"] as? NSNumber)?.doubleValue ?? 1
    let digits = (entry["digits"] as? Int) ?? 1
    let values = try pointers.map { try number(resolve($0, in: results)) * scale }
    let others = try (entry["denominators"] as? [String] ?? []).map { try number(resolve($0, in: results)) * scale }
    guard !values.isEmpty else { throw NotebookError("an entry without values") }
    var text: String
    switch kind {
    case "mean_std": return "\(fixed(mean(values), digits)) ± \(fixed(standardDeviation(values), digits))"
    case "int": return grouped(values[0])
    case "count": return "\(values.count)"
    case "mean", "value": text = fixed(mean(values), digits)
    case "diff": text = fixed(mean(values) - mean(others), digits)
    case "percent_of": text = fixed(100 * mean(values) / mean(others), digits)
    case "ratio": text = fixed(mean(values) / mean(others), digits)
    default: throw NotebookError("unknown statistic '\(kind)'")
    }
    if entry["signed"] as? Bool == true && !text.hasPrefix("-") { text = "+" + text }
    return text
  }

  /// The value at an RFC 6901 JSON pointer.
  static func resolve(_ pointer: String, in document: Any) throws -> Any {
    var value = document
    for raw in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
      let token = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
      if let array = value as? [Any], let i = Int(token), array.indices.contains(i) {
        value = array[i]
      } else if let object = value as? [String: Any], let next = object[token] {
        value = next
      } else {
        throw NotebookError("\(pointer): no such value in the results")
      }
    }
    return value
  }

  static func number(_ value: Any) throws -> Double {
    guard let n = value as? NSNumber else { throw NotebookError("\(value) is not a number") }
    // From the number's text: on Linux, JSONSerialization keeps long decimals (0.6769999999999999)
    // as decimals whose `doubleValue` can be one ulp off the correctly rounded Double that
    // Python's json (and Swift's Double(String)) give, which can flip a rounded last digit.
    return Double(n.stringValue) ?? n.doubleValue
  }

  static func mean(_ xs: [Double]) -> Double {
    var total = 0.0
    for x in xs { total += x }
    return total / Double(xs.count)
  }

  static func standardDeviation(_ xs: [Double]) -> Double {
    guard xs.count > 1 else { return 0 }
    let m = mean(xs)
    var total = 0.0
    for x in xs { total += (x - m) * (x - m) }
    return (total / Double(xs.count - 1)).squareRoot()
  }

  /// As the CLI rounds: (x · 10^digits).rounded() / 10^digits, then printed with `digits` decimals.
  static func fixed(_ x: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let r = (x * scale).rounded() / scale
    var text = String(format: "%.\(digits)f", r)
    if text.hasPrefix("-"), let v = Double(text), v == 0 { text.removeFirst() }
    return text
  }

  /// 23063 → "23,063".
  static func grouped(_ x: Double) -> String {
    let n = Int(x.rounded())
    let digits = String(n.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return (n < 0 ? "-" : "") + out
  }

  static func require<T>(_ value: T?, _ field: String) throws -> T {
    guard let value else { throw NotebookError("provenance entry without '\(field)'") }
    return value
  }
}

/// Records the name of the document's root element.
final class SVGRoot: NSObject, XMLParserDelegate {
  var name: String?

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    if name == nil { name = elementName }
  }
}

/// SHA-256 (FIPS 180-4), enough to check that a notebook names the results file it was made from.
enum SHA256 {
  private static let k: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
  ]

  static func hex(_ data: Data) -> String {
    var h: [UInt32] = [
      0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    var message = [UInt8](data)
    let bitLength = UInt64(message.count) * 8
    message.append(0x80)
    while message.count % 64 != 56 { message.append(0) }
    for shift in stride(from: 56, through: 0, by: -8) {
      message.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
    }
    func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
    var w = [UInt32](repeating: 0, count: 64)
    for chunk in stride(from: 0, to: message.count, by: 64) {
      for i in 0..<16 {
        let b = chunk + 4 * i
        w[i] =
          UInt32(message[b]) << 24 | UInt32(message[b + 1]) << 16 | UInt32(message[b + 2]) << 8 | UInt32(message[b + 3])
      }
      for i in 16..<64 {
        let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
        let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
        w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
      }
      var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
      for i in 0..<64 {
        let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
        let choice = (e & f) ^ (~e & g)
        let t1 = hh &+ s1 &+ choice &+ k[i] &+ w[i]
        let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
        let majority = (a & b) ^ (a & c) ^ (b & c)
        let t2 = s0 &+ majority
        (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
      }
      for (i, v) in [a, b, c, d, e, f, g, hh].enumerated() { h[i] = h[i] &+ v }
    }
    return h.map { word in
      let s = String(word, radix: 16)
      return String(repeating: "0", count: 8 - s.count) + s
    }.joined()
  }
}
