import Foundation
import ParleyCore

/// Names the query parameter that failed to decode. The OpenAPI runtime reports a bad query value without its
/// name, so when decoding fails this checks each parameter of the request against the rule it must meet.
enum QueryParameterRules {
    private static let integers: Set<String> = ["limit"]
    private static let booleans: Set<String> = ["needsReview"]

    /// Enum parameters whose values differ by operation from the same name elsewhere.
    private static let enumsByOperation: [String: [String: [String]]] = [
        "listBookings": ["status": Booking.Status.allCases.map(\.rawValue)]
    ]

    /// The `<field>: <rule>` message for the first bad parameter of `query`, if one is bad.
    static func firstViolation(in query: String, operationID: String? = nil) -> String? {
        let items = URLComponents(string: "?" + query)?.queryItems ?? []
        for item in items {
            let value = item.value ?? ""
            let allowed = operationID.flatMap { enumsByOperation[$0]?[item.name] } ?? WireEnums.allowedValues[item.name]
            if let allowed, !allowed.contains(value) {
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
