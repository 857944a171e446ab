import Foundation
import ParleyCore

extension DecodingError {
    /// The error as `<field>: <rule>`, naming the field by its JSON path (`questions[0].content`).
    var fieldMessage: String {
        if isAtRoot { return "body: must be a JSON object" }
        switch self {
        case .keyNotFound(let key, let context):
            return "\(Self.path(context.codingPath + [key])): is required"
        case .valueNotFound(_, let context):
            return "\(Self.path(context.codingPath)): must not be null"
        case .typeMismatch(let type, let context):
            return "\(Self.path(context.codingPath)): must be \(Self.jsonType(type))"
        case .dataCorrupted(let context):
            let path = Self.path(context.codingPath)
            // The field an enum value belongs to: the last named key, so `days[0]` looks up `days`.
            let field = context.codingPath.last { $0.intValue == nil }?.stringValue
            if let field, let allowed = WireEnums.allowedValues[field] {
                return "\(path): must be one of \(allowed.joined(separator: ", "))"
            }
            if context.debugDescription.contains("UUID") { return "\(path): must be a UUID" }
            return "\(path): is not valid"
        @unknown default:
            return "body: is not valid"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce(into: "") { text, key in
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
    }

    private static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is [Any].Type: "an array"
        default: type == Dictionary<String, Any>.self ? "an object" : "of another type"
        }
    }
}

/// The values each enum field accepts, by wire name, for error messages.
enum WireEnums {
    static let allowedValues: [String: [String]] = [
        "campaignType": CampaignType.allCases.map(\.rawValue),
        "type": CampaignType.allCases.map(\.rawValue),
        "channel": Channel.allCases.map(\.rawValue),
        "closingMethod": ClosingMethod.allCases.map(\.rawValue),
        "campaignStatus": CampaignStatus.allCases.map(\.rawValue),
        "agentTone": AgentTone.allCases.map(\.rawValue),
        "agentKind": AgentKind.allCases.map(\.rawValue),
        "questionType": QuestionType.allCases.map(\.rawValue),
        "status": ConversationStatus.allCases.map(\.rawValue),
        "days": BusinessHours.dayNames.map(\.name),
        "events": ConversationEvent.Kind.allCases.map(\.rawValue),
        "provider": ChannelProvider.allCases.map(\.rawValue),
        "videoConferencingProvider": VideoConferencingProvider.allCases.map(\.rawValue),
    ]
}
