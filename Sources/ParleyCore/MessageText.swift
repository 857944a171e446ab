import Foundation

/// Fills `{{PLACEHOLDER}}` slots of message texts.
package enum MessageText {
    /// `template` with each known placeholder replaced by its value; placeholders without a value become empty.
    package static func render(_ template: String, _ values: [MessagePlaceholder: String]) -> String {
        var text = template
        for placeholder in MessagePlaceholder.allCases {
            text = text.replacingOccurrences(of: "{{\(placeholder.rawValue)}}", with: values[placeholder] ?? "")
        }
        return text
    }
}
