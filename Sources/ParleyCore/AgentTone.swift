/// How the agent sounds.
package enum AgentTone: String, Sendable, Codable, CaseIterable {
    case friendly = "FRIENDLY"
    case professional = "PROFESSIONAL"
}
