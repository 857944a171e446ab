/// A raw header block (`Name: value` lines, continuation lines starting with whitespace), as SendGrid passes
/// it in `headers`.
struct RawHeaders {
    private var fields: [(name: String, value: String)] = []

    /// Parses `block`; lines that are not fields are skipped.
    init(_ block: String) {
        for line in block.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            if let first = line.first, first == " " || first == "\t", !fields.isEmpty {
                fields[fields.count - 1].value += " " + line.trimmingSpaces()
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((String(line[..<colon]).trimmingSpaces(), line[line.index(after: colon)...].trimmingSpaces()))
            }
        }
    }

    /// The first value of the field named `name`, compared case-insensitively.
    func value(_ name: String) -> String? {
        let lowered = name.lowercased()
        return fields.first(where: { $0.name.lowercased() == lowered })?.value
    }
}
