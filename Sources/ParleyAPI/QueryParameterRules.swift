import Foundation
import ParleyCore

/// Names the query parameter that failed to decode. The OpenAPI runtime reports a bad query value without its
/// name, so when decoding fails this checks each parameter of the request against the rule it must meet.
enum QueryParameterRules {
    private static let integers: Set<String> = ["limit"]
    private static let booleans: Set<String> = ["needsReview"]

    /// The `<field>: <rule>` message for the first bad parameter of `query`, if one is bad.
    static func firstViolation(in query: String) -> String? {
        let items = URLComponents(string: "?" + query)?.queryItems ?? []
        for item in items {
            let value = item.value ?? ""
            if let allowed = WireEnums.allowedValues[item.name], !allowed.contains(value) {
                return "\(item.name): must be one of \(allowed.joined(separator: ", "))"
            }
            if integers.contains(item.name), Int(value) == nil {
                return "\(item.name): must be an integer"
            }
            if booleans.contains(item.name), value != "true", value != "false" {
                return "\(item.name): must be true or false"
            }
        }
        return nil
    }
}
