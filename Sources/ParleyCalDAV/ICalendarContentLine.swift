/// One unfolded iCalendar content line, `NAME;PARAM=value;...:VALUE` (RFC 5545 §3.1).
struct ICalendarContentLine: Sendable, Equatable {
    /// The property name, upper-cased (`DTSTART`, `BEGIN`, ...).
    var name: String
    /// Parameter values by upper-cased parameter name, without surrounding double quotes. A parameter with several
    /// comma-separated values keeps them as written; a repeated parameter keeps its first occurrence.
    var parameters: [String: String]
    /// Everything after the first `:` that is not inside a quoted parameter value, as written (not unescaped).
    var value: String

    /// Creates a line from its parts; `name` and the parameter names are taken as given.
    init(name: String, parameters: [String: String] = [:], value: String) {
        self.name = name
        self.parameters = parameters
        self.value = value
    }

    /// Reads one unfolded line; nil if it has no `:` outside quotes, or no name.
    init?(_ line: String) {
        let scalars = Array(line.unicodeScalars)
        var index = 0
        var name = String.UnicodeScalarView()
        while index < scalars.count, scalars[index] != ";", scalars[index] != ":" {
            name.append(scalars[index])
            index += 1
        }
        guard !name.isEmpty else { return nil }
        var parameters: [String: String] = [:]
        while index < scalars.count, scalars[index] == ";" {
            index += 1
            var parameterName = String.UnicodeScalarView()
            while index < scalars.count, scalars[index] != "=", scalars[index] != ";", scalars[index] != ":" {
                parameterName.append(scalars[index])
                index += 1
            }
            var parameterValue = String.UnicodeScalarView()
            if index < scalars.count, scalars[index] == "=" {
                index += 1
                var quoted = false
                while index < scalars.count {
                    let scalar = scalars[index]
                    if scalar == "\"" {
                        quoted.toggle()
                    } else if !quoted, scalar == ";" || scalar == ":" {
                        break
                    } else {
                        parameterValue.append(scalar)
                    }
                    index += 1
                }
            }
            let key = String(parameterName).uppercased()
            if parameters[key] == nil { parameters[key] = String(parameterValue) }
        }
        guard index < scalars.count, scalars[index] == ":" else { return nil }
        var value = String.UnicodeScalarView()
        value.append(contentsOf: scalars[(index + 1)...])
        self.init(name: String(name).uppercased(), parameters: parameters, value: String(value))
    }

    /// The logical lines of `text`: physical lines end at CRLF, LF or a lone CR, and a line that starts with a space
    /// or a tab continues the one before it, without that first character (RFC 5545 §3.1 unfolding). Empty lines are
    /// dropped.
    static func unfoldedLines(of text: String) -> [String] {
        var physicalLines: [String.UnicodeScalarView] = []
        var current = String.UnicodeScalarView()
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r":
                physicalLines.append(current)
                current = String.UnicodeScalarView()
                previousWasCarriageReturn = true
            case "\n":
                if !previousWasCarriageReturn {
                    physicalLines.append(current)
                    current = String.UnicodeScalarView()
                }
                previousWasCarriageReturn = false
            default:
                current.append(scalar)
                previousWasCarriageReturn = false
            }
        }
        physicalLines.append(current)

        var logicalLines: [String.UnicodeScalarView] = []
        for physical in physicalLines {
            if let first = physical.first, first == " " || first == "\t", !logicalLines.isEmpty {
                logicalLines[logicalLines.count - 1].append(contentsOf: physical.dropFirst())
            } else {
                logicalLines.append(physical)
            }
        }
        return logicalLines.filter { !$0.isEmpty }.map { String($0) }
    }
}
