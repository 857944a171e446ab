import Foundation
import HTTPTypes
import ParleyCore
import ParleyTesting
import Testing

@Suite("Campaigns API")
struct CampaignAPITests {
    @Test("create answers 201 with Popp's campaign shape, and GET and list return the same campaign", arguments: TestDatabase.available)
    func createGetList(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let created = try await server.request(
                .post, "/v1/campaigns", as: org, json: CampaignBodies.body(["company": #""Acme Coffee""#, "agentName": #""Sam""#]))
            #expect(created.status == 201)
            let campaign = created.json
            let id = try #require(campaign["id"] as? String)
            #expect(UUID(uuidString: id) != nil)
            #expect(campaign["organizationId"] as? String == org.id.uuidString)
            #expect(campaign["campaignTitle"] as? String == "Barista")
            #expect(campaign["campaignStatus"] as? String == "LIVE")
            #expect(campaign["type"] as? String == "NEW_CANDIDATE_OUTREACH")
            #expect(campaign["campaignType"] as? String == "NEW_CANDIDATE_OUTREACH")
            #expect(campaign["channel"] as? String == "SMS")
            #expect(campaign["closingMethod"] as? String == "MEETING_URL")
            #expect(campaign["meetingUrl"] as? String == "https://cal.example.com/acme/intro")
            #expect(campaign["needsReview"] as? Bool == false)
            #expect(campaign["conversationTimeout"] as? Int == 48)
            #expect(campaign["maxNudges"] as? Int == 2 && campaign["nudgeIntervalHours"] as? Int == 8)
            #expect(campaign["company"] as? String == "Acme Coffee")
            let agent = try #require(campaign["agent"] as? [String: Any])
            #expect(agent["agentName"] as? String == "Sam")
            #expect(agent["agentTone"] as? String == "FRIENDLY")
            let questions = try #require(campaign["questions"] as? [[String: Any]])
            #expect(questions.first?["content"] as? String == "Can you work weekends?")
            #expect(questions.first?["isMandatory"] as? Bool == true)
            let createdAt = try #require(campaign["createdAt"] as? String)
            #expect(createdAt.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "ISO 8601 with milliseconds: \(createdAt)")

            let fetched = try await server.request(.get, "/v1/campaigns/\(id)", as: org)
            #expect(fetched.status == 200)
            #expect(fetched.body == created.body)

            let list = try await server.request(.get, "/v1/campaigns", as: org)
            let data = try #require(list.json["data"] as? [[String: Any]])
            #expect(data.map { $0["id"] as? String } == [id])
            #expect(list.json["nextToken"] == nil)

            let agents = try await server.request(.get, "/v1/agents", as: org)
            let names = (agents.json["data"] as? [[String: Any]])?.compactMap { $0["agentName"] as? String }
            #expect(Set(names ?? []) == ["Alex", "Sam"])
        }
    }

    @Test("questions keep their answer settings: idealAnswer, minimum and options", arguments: TestDatabase.available)
    func answerSettings(_ kind: TestDatabase) async throws {
        try await TestServer.run(on: kind) { server in
            let org = try await server.createOrganization()
            let questions = #"""
                [{"content":"Visa sponsorship needed?","idealAnswer":"no","isMandatory":true},
                {"questionType":"NUMBER","content":"Years of barista experience?","minimum":1.5},
                {"questionType":"MULTIPLE_CHOICE","content":"Which shifts?","options":["Early","Late"],"idealAnswer":"Late"}]
                """#
            let created = try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.body(["questions": questions]))
            #expect(created.status == 201, "\(created.body)")
            let id = try #require(created.json["id"] as? String)
            let read = try #require(try await server.request(.get, "/v1/campaigns/\(id)", as: org).json["questions"] as? [[String: Any]])
            #expect(read[0]["idealAnswer"] as? String == "NO", "a YES_NO ideal answer is upper-cased")
            #expect(read[1]["questionType"] as? String == "NUMBER" && read[1]["minimum"] as? Double == 1.5)
            #expect(read[2]["options"] as? [String] == ["Early", "Late"] && read[2]["idealAnswer"] as? String == "Late")
        }
    }

    @Test(
        "bad campaigns answer 400 naming the field and the rule, and write nothing",
        arguments: [
            (
                CampaignBodies.body(["campaignType": #""HEADHUNTING""#]),
                "campaignType: must be one of APPLICANT_OUTREACH, NEW_CANDIDATE_OUTREACH, ENGAGEMENT_OUTREACH, SCHEDULING"
            ),
            (CampaignBodies.body(["channel": #""FAX""#]), "channel: must be one of SMS, WHATSAPP, EMAIL"),
            (CampaignBodies.body(["campaignTitle": nil]), "campaignTitle: is required"),
            (CampaignBodies.body(["campaignTitle": "42"]), "campaignTitle: must be a string"),
            (CampaignBodies.body(["campaignTitle": #""\#(String(repeating: "x", count: 201))""#]), "campaignTitle: must be at most 200 characters"),
            (CampaignBodies.body(["closingMethod": nil]), "closingMethod: is required"),
            (CampaignBodies.body(["meetingUrl": nil]), "meetingUrl: is required when closingMethod is MEETING_URL"),
            (CampaignBodies.body(["meetingUrl": #""javascript:alert(1)""#]), "meetingUrl: must be an absolute http or https URL"),
            (
                CampaignBodies.body(["closingMethod": #""PHONE_NUMBER""#, "contactNumber": #""555 1234""#]),
                "contactNumber: must be an E.164 phone number such as +14155551234"
            ),
            (CampaignBodies.body(["closingMethod": #""CUSTOM""#]), "customMessage: is required when closingMethod is CUSTOM"),
            (
                CampaignBodies.body(["closingMethod": #""CALENDAR_MEETING_INTEGRATION""#, "calendarMeetingTemplateId": #""mt_1""#]),
                "calendarMeetingTemplateId: no meeting template with this id exists in the organization"
            ),
            (CampaignBodies.body(["additionalContext": #""Be nice""#]), "additionalContext: must be at least 10 characters"),
            (CampaignBodies.body(["conversationTimeout": "12"]), "conversationTimeout: must be between 24 and 720 hours"),
            (CampaignBodies.body(["campaignStatus": #""ARCHIVED""#]), "campaignStatus: a new campaign must be LIVE or DRAFT"),
            (CampaignBodies.body(["questions": "[]"]), "questions: must contain at least one question when present"),
            (CampaignBodies.body(["questions": #"[{"isMandatory":true}]"#]), "questions[0].content: is required"),
            (
                CampaignBodies.body(["questions": #"[{"content":"Ok?","questionType":"ESSAY"}]"#]),
                "questions[0].questionType: must be one of YES_NO, FREE_TEXT, NUMBER, MULTIPLE_CHOICE, DOCUMENT"
            ),
            (
                CampaignBodies.body(["questions": #"[{"content":"Which shift?","questionType":"MULTIPLE_CHOICE"}]"#]),
                "questions[0].options: is required for MULTIPLE_CHOICE questions"
            ),
            (
                CampaignBodies.body(["questions": #"[{"content":"Which shift?","questionType":"MULTIPLE_CHOICE","options":["Days"]}]"#]),
                "questions[0].options: must list 2 to 10 options"
            ),
            (
                CampaignBodies.body(["questions": #"[{"content":"Which?","questionType":"MULTIPLE_CHOICE","options":["Days","days "]}]"#]),
                "questions[0].options: must not repeat an option"
            ),
            (
                CampaignBodies.body(
                    ["questions": #"[{"content":"Which?","questionType":"MULTIPLE_CHOICE","options":["Days","Nights"],"idealAnswer":"Weekends"}]"#]
                ),
                "questions[0].idealAnswer: must be one of the question's options"
            ),
            (
                CampaignBodies.body(["questions": #"[{"content":"Visa?","idealAnswer":"PERHAPS"}]"#]),
                "questions[0].idealAnswer: must be YES or NO for a YES_NO question"
            ),
            (
                CampaignBodies.body(["questions": #"[{"content":"Why?","questionType":"FREE_TEXT","idealAnswer":"Because"}]"#]),
                "questions[0].idealAnswer: is only allowed for YES_NO and MULTIPLE_CHOICE questions, not FREE_TEXT"
            ),
            (
                CampaignBodies.body(["questions": #"[{"content":"Years?","questionType":"NUMBER","minimum":-1}]"#]),
                "questions[0].minimum: must be between 0 and 10000"
            ),
            (
                CampaignBodies.body(["questions": #"[{"content":"Licence?","minimum":2}]"#]),
                "questions[0].minimum: is only allowed for NUMBER questions, not YES_NO"
            ),
            (CampaignBodies.body(["maxNudges": "6"]), "maxNudges: must be between 0 and 5"),
            (CampaignBodies.body(["nudgeIntervalHours": "0"]), "nudgeIntervalHours: must be between 1 and 168 hours"),
            (
                CampaignBodies.body(["maxNudges": "3", "nudgeIntervalHours": "16"]),
                "nudgeIntervalHours: maxNudges × nudgeIntervalHours (48 h) must be less than conversationTimeout (48 h), "
                    + "so every follow-up goes out before the conversation closes"
            ),
            (
                CampaignBodies.body(["questions": #"[{"content":"Licence?","options":["a","b"]}]"#]),
                "questions[0].options: is only allowed for MULTIPLE_CHOICE questions, not YES_NO"
            ),
            (
                CampaignBodies.body(["campaignType": #""APPLICANT_OUTREACH""#]),
                "openingMessageTemplateId: is required for APPLICANT_OUTREACH campaigns"
            ),
            (CampaignBodies.body(["openingMessageTemplateId": #""not-a-uuid""#]), "openingMessageTemplateId: must be a UUID"),
            (
                CampaignBodies.body(["openingMessageTemplateId": #""6f0a2c8e-1d7b-4c41-9b8e-2f3a4b5c6d7e""#]),
                "openingMessageTemplateId: no template with this id exists in the organization"
            ),
            (
                CampaignBodies.body(["customTemplatedMessage": #""Hi {{CANDIDATE_FIRST_NAME}}!""#]),
                "customTemplatedMessage: must contain the uppercase word STOP for SMS campaigns"
            ),
            (CampaignBodies.body(["agentTone": #""SARCASTIC""#]), "agentTone: must be one of FRIENDLY, PROFESSIONAL"),
            (CampaignBodies.body(["ownerEmail": #""jane@example.com""#]), "ownerEmail: must be the email of a user of the organization"),
            (
                CampaignBodies.body(["campaignType": #""SCHEDULING""#, "questions": nil, "rejectionMessage": nil, "meetingUrl": nil]),
                "closingMessage: is not allowed for SCHEDULING campaigns - they book a meeting without screening; "
                    + "calendarMeetingTemplateId: is required for SCHEDULING campaigns"
            ),
            ("{not json", "body: must be valid JSON"),
            ("[]", "body: must be a JSON object"),
            (CampaignBodies.body(["conversationTimeout": "1.5"]), "body: an integer field holds a fraction or a number too large"),
            ("", "body: is required"),
        ]
    )
    func badCampaigns(body: String, error: String) async throws {
        for kind in TestDatabase.available {
            try await TestServer.run(on: kind) { server in
                let org = try await server.createOrganization()
                let response = try await server.request(.post, "/v1/campaigns", as: org, json: body)
                #expect(response.status == 400, "\(kind)")
                #expect(response.error == error, "\(kind)")
                let list = try await server.request(.get, "/v1/campaigns", as: org)
                #expect((list.json["data"] as? [Any])?.isEmpty == true, "nothing written on \(kind)")
            }
        }
    }

    @Test("several broken rules are reported together")
    func severalRules() async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            let response = try await server.request(.post, "/v1/campaigns", as: org, json: #"{"campaignTitle":"Barista"}"#)
            #expect(response.error == "campaignType: is required; channel: is required; campaignDescription: is required")
        }
    }

    @Test("a body over 1 MiB answers 413, and a non-JSON content type 415")
    func bodyLimits() async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            let huge = CampaignBodies.body(["campaignDescription": "\"" + String(repeating: "a", count: 1 << 20) + "\""])
            let tooLarge = try await server.request(.post, "/v1/campaigns", as: org, json: huge)
            #expect(tooLarge.status == 413)
            #expect(tooLarge.error == "body: must be at most 1048576 bytes (1 MiB)")
            let form = try await server.request(.post, "/v1/campaigns", as: org, json: CampaignBodies.valid, headers: [.contentType: "text/plain"])
            #expect(form.status == 415)
            #expect(form.error == "content-type: must be application/json")
        }
    }

    @Test("APPLICANT_OUTREACH opens with an organization template of its channel and type")
    func applicantOutreachWithTemplate() async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization()
            let templates = try #require(try await server.request(.get, "/v1/templates", as: org).json["data"] as? [[String: Any]])
            #expect(templates.count == 12)
            for template in templates where template["channel"] as? String == "SMS" {
                #expect((template["content"] as? String)?.contains("STOP") == true)
                #expect(template["type"] as? String == "OPENING_MESSAGE")
            }
            func templateID(_ channel: String, _ type: String) -> String? {
                templates.first { $0["channel"] as? String == channel && $0["campaignType"] as? String == type }?["id"] as? String
            }
            let matching = try #require(templateID("SMS", "APPLICANT_OUTREACH"))
            let created = try await server.request(
                .post, "/v1/campaigns", as: org,
                json: CampaignBodies.body(["campaignType": #""APPLICANT_OUTREACH""#, "openingMessageTemplateId": "\"\(matching)\""])
            )
            #expect(created.status == 201)
            #expect(created.json["openingMessageTemplateId"] as? String == matching)

            let wrongChannel = try #require(templateID("EMAIL", "APPLICANT_OUTREACH"))
            let refused = try await server.request(
                .post, "/v1/campaigns", as: org,
                json: CampaignBodies.body(["campaignType": #""APPLICANT_OUTREACH""#, "openingMessageTemplateId": "\"\(wrongChannel)\""])
            )
            #expect(refused.error == "openingMessageTemplateId: template is for channel EMAIL but the campaign's channel is SMS")

            let other = try await server.createOrganization(name: "Globex")
            let foreign = try await server.request(
                .post, "/v1/campaigns", as: other,
                json: CampaignBodies.body(["campaignType": #""APPLICANT_OUTREACH""#, "openingMessageTemplateId": "\"\(matching)\""])
            )
            #expect(foreign.error == "openingMessageTemplateId: no template with this id exists in the organization")
        }
    }

    @Test("GET /v1/organization names the key's organization")
    func organization() async throws {
        try await TestServer.run(on: .sqlite) { server in
            let org = try await server.createOrganization(name: "Acme Recruiting")
            let response = try await server.request(.get, "/v1/organization", as: org)
            #expect(response.json["id"] as? String == org.id.uuidString)
            #expect(response.json["name"] as? String == "Acme Recruiting")
        }
    }
}
