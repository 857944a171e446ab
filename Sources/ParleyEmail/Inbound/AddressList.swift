/// Reads address header values: `"Doe, Jane" <jane@example.com>`, `Jane <jane@example.com>`, bare
/// `jane@example.com`, comma-separated lists (commas inside quoted names do not split), comments in
/// parentheses and groups (`Team: a@example.com, b@example.com;`).
package enum AddressList {
    /// The addresses in `value`, in order, as written (case kept); entries without an `@` are skipped.
    package static func parse(_ value: String) -> [EmailAddress] {
        elements(of: value).compactMap(address(in:))
    }

    /// `address` trimmed and lower-cased, for comparing addresses. (Strictly only the domain is
    /// case-insensitive, but mail systems treat the local part that way too.)
    package static func normalized(_ address: String) -> String {
        address.trimmingSpaces().lowercased()
    }

    /// `value` cut at commas (and group ends) outside quotes, comments and angle brackets; group names dropped.
    private static func elements(of value: String) -> [String] {
        var elements: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        var commentDepth = 0
        var inAngle = false
        for character in value {
            if escaped {
                escaped = false
                if commentDepth == 0 { current.append(character) }
                continue
            }
            switch character {
            case "\\" where inQuotes || commentDepth > 0:
                escaped = true
            case "\"" where commentDepth == 0:
                inQuotes.toggle()
            case "(" where !inQuotes:
                commentDepth += 1
            case ")" where !inQuotes && commentDepth > 0:
                commentDepth -= 1
                continue
            case "<" where !inQuotes && commentDepth == 0:
                inAngle = true
            case ">" where !inQuotes && commentDepth == 0:
                inAngle = false
            case "," where !inQuotes && commentDepth == 0 && !inAngle, ";" where !inQuotes && commentDepth == 0 && !inAngle:
                elements.append(current)
                current = ""
                continue
            case ":" where !inQuotes && commentDepth == 0 && !inAngle:
                // A group's display name ends here: `Team: a@example.com;`.
                current = ""
                continue
            default:
                break
            }
            if commentDepth == 0 { current.append(character) }
        }
        elements.append(current)
        return elements
    }

    /// The address and display name in one list element.
    private static func address(in element: String) -> EmailAddress? {
        let element = element.trimmingSpaces()
        if let open = lastAngle(in: element), let close = element[open...].firstIndex(of: ">") {
            let address = element[element.index(after: open)..<close].trimmingSpaces()
            guard address.contains("@") else { return nil }
            let name = displayName(String(element[..<open]))
            return EmailAddress(address, name: name.isEmpty ? nil : name)
        }
        guard element.contains("@"), !element.contains(" ") else { return nil }
        return EmailAddress(element)
    }

    /// The last `<` outside a quoted string.
    private static func lastAngle(in element: String) -> String.Index? {
        QuotedString.unquotedIndices(of: "<", in: element).last
    }

    /// A display name without its quotes and escapes.
    private static func displayName(_ text: String) -> String {
        var result = ""
        var escaped = false
        for character in text.trimmingSpaces() {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character != "\"" {
                result.append(character)
            }
        }
        return result.trimmingSpaces()
    }
}
