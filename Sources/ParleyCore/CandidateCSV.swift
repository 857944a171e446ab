import Foundation

/// A CSV file of candidates (RFC 4180: commas, double-quoted fields with `""` for a quote, CRLF or LF) with a header
/// row naming the columns: `firstName` (required), `lastName`, `phoneNumber`, `countryCode`, `emailAddress`,
/// `externalId`, `applicationSource`, in any order and any case. Other columns are refused, so a typo is not
/// silently ignored.
package enum CandidateCSV {
    /// The columns a file may have.
    package static let columns = ["firstName", "lastName", "phoneNumber", "countryCode", "emailAddress", "externalId", "applicationSource"]

    /// The most candidates one file may hold.
    package static let maximumRows = 1_000

    /// One candidate per data row, or the rule the file breaks (named by line).
    package static func contacts(in text: String) throws(ValidationError) -> [ConversationFields] {
        let rows = try records(text)
        guard let header = rows.first else { throw ValidationError(field: "file", rule: "is empty; the first line must name the columns") }
        var indices: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let column = columns.first(where: { $0.caseInsensitiveCompare(trimmed) == .orderedSame }) else {
                throw ValidationError(
                    field: "file", rule: "unknown column \"\(trimmed)\" on line 1; the columns are \(columns.joined(separator: ", "))")
            }
            indices[column] = index
        }
        guard indices["firstName"] != nil else { throw ValidationError(field: "file", rule: "needs a firstName column") }
        let data = rows.dropFirst().filter { !($0.count == 1 && $0[0].trimmingCharacters(in: .whitespaces).isEmpty) }
        guard !data.isEmpty else { throw ValidationError(field: "file", rule: "has no candidates after the header line") }
        guard data.count <= maximumRows else { throw ValidationError(field: "file", rule: "must hold at most \(maximumRows) candidates") }
        return data.map { row in
            func value(_ column: String) -> String? {
                guard let index = indices[column], index < row.count else { return nil }
                let trimmed = row[index].trimmingCharacters(in: .whitespaces)
                return trimmed.isEmpty ? nil : trimmed
            }
            var fields = ConversationFields(
                firstName: value("firstName") ?? "", lastName: value("lastName"), phoneNumber: value("phoneNumber"),
                emailAddress: value("emailAddress"), externalID: value("externalId"), applicationSource: value("applicationSource"))
            fields.countryCode = value("countryCode")
            return fields
        }
    }

    /// The file's records, each a list of fields.
    static func records(_ text: String) throws(ValidationError) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var characters = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case "\"": throw ValidationError(field: "file", rule: "has a quote inside an unquoted field on line \(line)")
            case ",":
                record.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                record.append(field)
                records.append(record)
                record = []
                field = ""
                line += 1
            default: field.append(character)
            }
        }
        if quoted { throw ValidationError(field: "file", rule: "has a quoted field that never closes (from line \(line))") }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}
