import ParleyAgent
import ParleyCore
import Testing

@Suite("Question generator")
struct QuestionGeneratorTests {
    static let warehouse = """
        Warehouse Operative, Leeds
        We are looking for reliable people to join our team.
        Requirements:
        - You must have the right to work in the UK.
        - 2+ years of experience in a warehouse environment.
        - A valid forklift licence (counterbalance) is essential.
        - Able to work 4 on 4 off shifts, including nights.
        - Must be able to lift 25kg.
        - Experience with SAP is a plus.
        We offer £12.50 per hour and free parking.
        """

    static let care = """
        Care Assistant
        Join our care home in Bristol. Candidates must be eligible to work in the UK and we cannot offer sponsorship.
        What you'll need:
        • A full UK driving licence and their own car
        • Experience in personal care
        • An enhanced DBS check
        Nice to have:
        • NVQ Level 2 in Health and Social Care
        • 1 year of experience as a carer
        """

    private func summary(_ questions: [Question]) -> [String] {
        questions.map { question in
            var line = "\(question.type.rawValue) \(question.isMandatory ? "knockout" : "optional") \(question.content)"
            if let minimum = question.minimum { line += " min \(minimum)" }
            if let ideal = question.idealAnswer { line += " ideal \(ideal)" }
            return line
        }
    }

    @Test("requirements become knockout questions and preferences optional ones, in the description's order")
    func warehouseRequirements() {
        #expect(
            summary(QuestionGenerator.questions(for: Self.warehouse, limit: 10)) == [
                "YES_NO knockout Do you have the right to work in the UK?",
                "NUMBER knockout How many years of experience do you have in a warehouse environment? min 2.0",
                "YES_NO knockout Do you hold a valid forklift licence?",
                "YES_NO knockout Are you able to work 4 on, 4 off shifts, including nights?",
                "YES_NO knockout Are you able to lift 25kg?",
                "YES_NO optional Do you have experience with SAP?",
            ])
    }

    @Test("headings decide what is required; sponsorship passes on no; a background check is asked about")
    func careRequirements() {
        #expect(
            summary(QuestionGenerator.questions(for: Self.care, limit: 10)) == [
                "YES_NO knockout Do you have the right to work in the UK?",
                "YES_NO knockout Will you need visa sponsorship to work in this role? ideal NO",
                "YES_NO knockout Do you hold a valid UK driving licence?",
                "YES_NO knockout Do you have experience in personal care?",
                "YES_NO knockout Are you happy to complete a background check?",
                "YES_NO optional Do you have NVQ Level 2 in Health and Social Care?",
                "NUMBER optional How many years of experience do you have as a carer? min 1.0",
            ])
    }

    @Test("the limit caps the questions, keeping the first")
    func limit() {
        let all = QuestionGenerator.questions(for: Self.warehouse, limit: 10)
        #expect(QuestionGenerator.questions(for: Self.warehouse, limit: 2) == Array(all.prefix(2)))
        #expect(QuestionGenerator.questions(for: Self.warehouse) == Array(all.prefix(QuestionGenerator.defaultCount)))
    }

    @Test("a description with no requirements gets two general questions")
    func fallback() {
        #expect(
            summary(QuestionGenerator.questions(for: "We are a friendly cafe looking for a barista.")) == [
                "YES_NO optional Are you available to start within the next month?",
                "FREE_TEXT optional What relevant experience do you have for this role?",
            ])
    }

    @Test("every drafted question passes the campaign rules")
    func valid() throws {
        for description in [Self.warehouse, Self.care] {
            let settings = CampaignSettings(
                type: .newCandidateOutreach, channel: .sms, title: "Role", description: description, closingMethod: .custom,
                closingMessage: "Thanks", rejectionMessage: "Thanks", customMessage: "We will call you.",
                questions: QuestionGenerator.questions(for: description, limit: 10)
            )
            var validator = Validator()
            let references = CampaignReferences(openingTemplate: nil, meetingTemplateExists: false, ownerIsOrganizationUser: false)
            CampaignRules.check(settings, references, into: &validator)
            try validator.finish()
        }
    }
}
