import Foundation
import ParleyCore

/// The dashboard's campaign form: every create field of `POST /v1/campaigns` under its API name, questions as
/// numbered rows (`questions[0].content` …), read into ``CampaignFields`` for the same rules as the API, and
/// rendered back with each broken rule beside its field.
struct CampaignForm {
    /// The posted values by field name.
    var values: [String: String]
    /// How many question rows the form shows.
    var questionRows: Int

    /// The fields of the form that are not questions, in the order they are shown: name, label, kind, hint.
    static let fields: [(name: String, label: String, kind: Kind, hint: String?)] = [
        ("campaignTitle", "Title", .text, nil),
        ("campaignDescription", "Description", .textarea, "What the job is: the agent answers candidates' questions from it."),
        ("campaignType", "Type", .select(CampaignType.allCases.map(\.rawValue)), nil),
        ("channel", "Channel", .select(Channel.allCases.map(\.rawValue)), nil),
        ("campaignStatus", "Status", .select(["LIVE", "DRAFT"]), nil),
        ("company", "Company", .text, nil),
        ("location", "Location", .text, nil),
        ("customTemplatedMessage", "Opening message", .textarea, "Placeholders such as {{CANDIDATE_FIRST_NAME}}; SMS needs the word STOP."),
        ("openingMessageTemplateId", "Opening template id", .text, "Instead of an opening message: a template of GET /v1/templates."),
        ("closingMethod", "Closing method", .select(ClosingMethod.allCases.map(\.rawValue)), nil),
        ("closingMessage", "Closing message", .textarea, "Sent when a candidate passes."),
        ("rejectionMessage", "Rejection message", .textarea, "Sent when a knockout question fails."),
        ("meetingUrl", "Meeting link", .text, "For MEETING_URL."),
        ("contactNumber", "Contact number", .text, "For PHONE_NUMBER, in E.164 such as +14155551234."),
        ("customMessage", "Custom message", .textarea, "For CUSTOM."),
        ("calendarMeetingTemplateId", "Meeting template id", .text, "For CALENDAR_MEETING_INTEGRATION and SCHEDULING."),
        ("agentName", "Agent name", .text, nil),
        ("agentTone", "Agent tone", .select(AgentTone.allCases.map(\.rawValue)), nil),
        (
            "agentKind", "Agent", .select([""] + AgentKind.allCases.map(\.rawValue)),
            "Empty: the model when one is configured, else the built-in agent."
        ),
        ("emailChannelFallbackEnabled", "Fall back to email", .select(["false", "true"]), nil),
        ("conversationTimeout", "Conversation timeout (hours)", .number, nil),
        ("maxNudges", "Follow-ups", .number, nil),
        ("nudgeIntervalHours", "Hours between follow-ups", .number, nil),
        ("additionalContext", "Additional context for the agent", .textarea, nil),
        ("customRequest", "Custom request", .textarea, nil),
        ("ownerEmail", "Owner email", .text, nil),
        ("externalCampaignId", "External campaign id", .text, "Your ATS's id for this job."),
    ]

    /// How a field is entered.
    enum Kind {
        case text, textarea, number
        case select([String])
    }

    /// The campaign fields the form describes, or the rules its values break before the campaign rules are asked
    /// (a number that is not one).
    func campaignFields() throws(ValidationError) -> CampaignFields {
        var validator = Validator()
        var fields = CampaignFields()
        fields.type = text("campaignType").flatMap(CampaignType.init(rawValue:))
        fields.channel = text("channel").flatMap(Channel.init(rawValue:))
        fields.status = text("campaignStatus").flatMap(CampaignStatus.init(rawValue:))
        fields.title = text("campaignTitle")
        fields.description = text("campaignDescription")
        fields.company = text("company")
        fields.location = text("location")
        fields.customTemplatedMessage = text("customTemplatedMessage")
        fields.closingMethod = text("closingMethod").flatMap(ClosingMethod.init(rawValue:))
        fields.closingMessage = text("closingMessage")
        fields.rejectionMessage = text("rejectionMessage")
        fields.meetingURL = text("meetingUrl")
        fields.contactNumber = text("contactNumber")
        fields.customMessage = text("customMessage")
        fields.calendarMeetingTemplateID = text("calendarMeetingTemplateId")
        fields.agentName = text("agentName")
        fields.agentTone = text("agentTone").flatMap(AgentTone.init(rawValue:))
        fields.agentKind = text("agentKind").flatMap(AgentKind.init(rawValue:))
        fields.emailChannelFallbackEnabled = text("emailChannelFallbackEnabled").map { $0 == "true" }
        if let template = text("openingMessageTemplateId") {
            if let id = MessageTemplate.ID(uuidString: template) {
                fields.openingMessageTemplateID = id
            } else {
                validator.fail("openingMessageTemplateId", "must be a template id (a UUID)")
            }
        }
        fields.additionalContext = text("additionalContext")
        fields.customRequest = text("customRequest")
        fields.ownerEmail = text("ownerEmail")
        fields.externalCampaignID = text("externalCampaignId")
        fields.conversationTimeoutHours = number("conversationTimeout", into: &validator)
        fields.maxNudges = number("maxNudges", into: &validator)
        fields.nudgeIntervalHours = number("nudgeIntervalHours", into: &validator)
        var questions: [Question] = []
        for row in 0..<questionRows {
            let prefix = "questions[\(row)]"
            guard let content = text("\(prefix).content") else { continue }
            let type = text("\(prefix).questionType").flatMap(QuestionType.init(rawValue:)) ?? .yesNo
            var question = Question(type: type, content: content, isMandatory: values["\(prefix).isMandatory"] == "on")
            question.idealAnswer = text("\(prefix).idealAnswer")
            question.options = text("\(prefix).options").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            if let minimum = text("\(prefix).minimum") {
                if let value = Double(minimum) { question.minimum = value } else { validator.fail("\(prefix).minimum", "must be a number") }
            }
            questions.append(question)
        }
        fields.questions = questions.isEmpty ? nil : questions
        try validator.finish()
        return fields
    }

    /// The form's values for the template: each field with its value, the error beside it, and its question rows.
    func rendered(issues: [ValidationError.Issue]) -> [String: Any] {
        var errors: [String: String] = [:]
        for issue in issues { errors[issue.field, default: ""] += (errors[issue.field] == nil ? "" : "; ") + issue.rule }
        let shown = Set(Self.fields.map(\.name) + (0..<questionRows).flatMap { row in Self.questionFields.map { "questions[\(row)].\($0)" } })
        let firstInvalid = Self.fields.first { errors[$0.name] != nil }?.name
        let fields = Self.fields.map { field -> [String: Any] in
            // Every key a section reads is set, even when false: Mustache would otherwise read the page's own.
            var item: [String: Any] = [
                "name": field.name, "label": field.label, "value": values[field.name] ?? "", "firstError": field.name == firstInvalid,
            ]
            if let hint = field.hint { item["hint"] = hint }
            if let error = errors[field.name] { item["error"] = error }
            switch field.kind {
            case .text: item["isText"] = true
            case .number: item["isNumber"] = true
            case .textarea: item["isTextarea"] = true
            case .select(let choices):
                item["isSelect"] = true
                item["choices"] = choices.map { ["value": $0, "label": $0.isEmpty ? "Default" : $0, "selected": $0 == (values[field.name] ?? "")] }
            }
            return item
        }
        let questions = (0..<questionRows).map { row -> [String: Any] in
            let prefix = "questions[\(row)]"
            var item: [String: Any] = [
                "row": row, "number": row + 1, "content": values["\(prefix).content"] ?? "", "mandatory": values["\(prefix).isMandatory"] == "on",
                "idealAnswer": values["\(prefix).idealAnswer"] ?? "", "minimum": values["\(prefix).minimum"] ?? "",
                "options": values["\(prefix).options"] ?? "",
                "types": QuestionType.allCases.map {
                    ["value": $0.rawValue, "selected": $0.rawValue == (values["\(prefix).questionType"] ?? "YES_NO")]
                },
            ]
            let rowErrors = errors.filter { $0.key.hasPrefix(prefix) }.sorted { $0.key < $1.key }.map {
                "\($0.key.dropFirst(prefix.count + 1)): \($0.value)"
            }
            if !rowErrors.isEmpty { item["error"] = rowErrors.joined(separator: "; ") }
            return item
        }
        // Rules about fields the form has no place for (the body as a whole, say) are listed at the top.
        let general = issues.filter { issue in !shown.contains(issue.field) && !issue.field.hasPrefix("questions[") }
            .map { "\($0.field): \($0.rule)" }
        var result: [String: Any] = ["fields": fields, "questions": questions, "questionRows": questionRows]
        if !general.isEmpty {
            result["generalErrors"] = general
            result["hasGeneralErrors"] = true
        }
        if !issues.isEmpty { result["hasErrors"] = true }
        if let error = errors["questions"] { result["questionsError"] = error }
        return result
    }

    private static let questionFields = ["content", "questionType", "isMandatory", "idealAnswer", "minimum", "options"]

    /// The trimmed value of `name`; `nil` when empty.
    private func text(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    private func number(_ name: String, into validator: inout Validator) -> Int? {
        guard let text = text(name) else { return nil }
        guard let value = Int(text) else {
            validator.fail(name, "must be a whole number")
            return nil
        }
        return value
    }
}
