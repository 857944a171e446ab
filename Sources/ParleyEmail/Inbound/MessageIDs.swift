/// Message ids as they appear in `Message-ID`, `In-Reply-To` and `References`.
enum MessageIDs {
    /// The ids in `value`: each `<…>` without its brackets, or the whole trimmed value when it has none.
    static func all(in value: String?) -> [String] {
        guard let value = value?.trimmingSpaces(), !value.isEmpty else { return [] }
        var ids: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let id = rest[rest.index(after: open)..<close].trimmingSpaces()
            if !id.isEmpty { ids.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        if ids.isEmpty, !value.contains("<") { ids = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) }
        return ids
    }

    /// The first id in `value`.
    static func first(in value: String?) -> String? {
        all(in: value).first
    }
}
