@testable import FloeAPI
import Foundation
import Testing

private let principal = PolicyEvaluator.Principal(accountID: "1234567890", displayName: "LTAIkey")
private let resource = PolicyEvaluator.resource(accountID: "1234567890")
private let newYear = Date(timeIntervalSince1970: 1_735_689_600) // 2025-01-01T00:00:00Z

private func context(ip: String? = "10.1.2.3", at time: Date = newYear, secure: Bool = true) -> RequestContext {
    RequestContext(sourceIP: ip, currentTime: time, secureTransport: secure)
}

private func evaluator(_ documents: String...) throws -> PolicyEvaluator {
    PolicyEvaluator(policies: try documents.map { try Policy(jsonText: $0) })
}

private func allow(_ action: String, _ extra: String = "", resource: String = "\"*\"") -> String {
    #"{"Version":"1","Statement":[{"Effect":"Allow","Action":\#(action),"Resource":\#(resource)\#(extra)}]}"#
}

private func deny(_ action: String, _ extra: String = "") -> String {
    #"{"Version":"1","Statement":[{"Effect":"Deny","Action":\#(action),"Resource":"*"\#(extra)}]}"#
}

@Suite("RAM policy evaluation")
struct PolicyEvaluatorTests {
    @Test("no policy denies implicitly, with the AccessDeniedDetail IMS returns")
    func implicitDeny() throws {
        let decision = PolicyEvaluator(policies: [Policy]()).evaluate(
            action: "ice:StartWorkflow", resource: resource, context: context(), principal: principal)
        guard case .deny(let detail) = decision else { Issue.record("allowed"); return }
        #expect(detail.noPermissionType == .implicitDeny)
        #expect(detail.authAction == "ice:StartWorkflow")
        #expect(detail.authPrincipalOwnerId == "1234567890")
        #expect(detail.authPrincipalType == "SubUser")
        #expect(detail.authPrincipalDisplayName == "LTAIkey")
        #expect(detail.policyType == "AccountLevelIdentityBasedPolicy")
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(detail)) as? [String: Any]
        #expect(json?["NoPermissionType"] as? String == "ImplicitDeny")
        #expect(json?["AuthAction"] as? String == "ice:StartWorkflow")
        #expect(json?["AuthPrincipalOwnerId"] as? String == "1234567890")
        #expect(Set(json.map { Array($0.keys) } ?? []).isSuperset(of: ["PolicyType", "AuthPrincipalType", "AuthPrincipalDisplayName"]))
    }

    @Test("an Allow grants exactly its actions, case-insensitively, with wildcards", arguments: [
        ("\"ice:StartWorkflow\"", "ice:StartWorkflow", true),
        ("\"ice:StartWorkflow\"", "ICE:startworkflow", true),
        ("\"ice:StartWorkflow\"", "ice:GetWorkflowTask", false),
        ("[\"ice:Get*\", \"ice:List*\"]", "ice:GetWorkflowTask", true),
        ("[\"ice:Get*\", \"ice:List*\"]", "ice:ListWorkflowTasks", true),
        ("[\"ice:Get*\", \"ice:List*\"]", "ice:StartWorkflow", false),
        ("\"ice:*\"", "ice:DeleteMediaInfos", true),
        ("\"ice:*\"", "oss:GetObject", false),
        ("\"*\"", "ice:StartWorkflow", true),
        ("\"ice:?etMediaInfo\"", "ice:GetMediaInfo", true),
    ])
    func actions(_ pattern: String, _ action: String, _ allowed: Bool) throws {
        let decision = try evaluator(allow(pattern)).evaluate(
            action: action, resource: resource, context: context(), principal: principal)
        #expect(decision.isAllowed == allowed)
    }

    @Test("resources match the account's ARN", arguments: [
        ("\"*\"", true), ("\"acs:ice:*:1234567890:*\"", true), ("\"acs:ice:*:*:*\"", true),
        ("[\"acs:ice:*:999:*\", \"acs:ice:*:1234567890:*\"]", true),
        ("\"acs:ice:*:999:*\"", false), ("\"acs:oss:*:1234567890:*\"", false), ("\"acs:ICE:*:1234567890:*\"", false),
    ])
    func resources(_ pattern: String, _ allowed: Bool) throws {
        let decision = try evaluator(allow("\"ice:*\"", resource: pattern)).evaluate(
            action: "ice:GetMediaInfo", resource: resource, context: context(), principal: principal)
        #expect(decision.isAllowed == allowed)
    }

    @Test("an explicit Deny wins over any Allow, in the same or another policy")
    func explicitDeny() throws {
        let samePolicy = try evaluator(#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"ice:Delete*","Resource":"*"}]}"#)
        let decision = samePolicy.evaluate(action: "ice:DeleteMediaInfos", resource: resource, context: context(), principal: principal)
        guard case .deny(let detail) = decision else { Issue.record("allowed"); return }
        #expect(detail.noPermissionType == .explicitDeny)
        #expect(detail.encodedDiagnosticMessage == "Denied by statement 1 of policy \"policy-1\".")
        #expect(samePolicy.evaluate(action: "ice:GetMediaInfo", resource: resource, context: context(), principal: principal).isAllowed)

        let named = PolicyEvaluator(policies: [
            .init(name: "deny-start", policy: try Policy(jsonText: deny("\"ice:StartWorkflow\""))),
            .init(name: "admin", policy: try Policy(jsonText: allow("\"*\""))),
        ])
        let crossPolicy = named.evaluate(action: "ice:StartWorkflow", resource: resource, context: context(), principal: principal)
        #expect(crossPolicy == .deny(AccessDeniedDetail(
            authPrincipalOwnerId: "1234567890", authPrincipalType: "SubUser", authPrincipalDisplayName: "LTAIkey",
            noPermissionType: .explicitDeny, authAction: "ice:StartWorkflow",
            encodedDiagnosticMessage: "Denied by statement 0 of policy \"deny-start\".")))
    }

    @Test("a Deny alone does not allow anything else")
    func denyAlone() throws {
        let decision = try evaluator(deny("\"ice:Delete*\"")).evaluate(
            action: "ice:GetMediaInfo", resource: resource, context: context(), principal: principal)
        guard case .deny(let detail) = decision else { Issue.record("allowed"); return }
        #expect(detail.noPermissionType == .implicitDeny)
    }

    @Test("several policies combine: an Allow in any of them is enough")
    func combine() throws {
        let evaluator = try evaluator(allow("\"ice:Get*\""), allow("\"ice:StartWorkflow\""))
        for action in ["ice:GetMediaInfo", "ice:StartWorkflow"] {
            #expect(evaluator.evaluate(action: action, resource: resource, context: context(), principal: principal).isAllowed)
        }
        #expect(!evaluator.evaluate(action: "ice:ListWorkflowTasks", resource: resource, context: context(), principal: principal).isAllowed)
    }

    @Test("NotAction covers everything but its patterns")
    func notAction() throws {
        let evaluator = try evaluator(#"{"Version":"1","Statement":[{"Effect":"Allow","NotAction":"ice:Delete*","Resource":"*"}]}"#)
        #expect(evaluator.evaluate(action: "ice:StartWorkflow", resource: resource, context: context(), principal: principal).isAllowed)
        #expect(!evaluator.evaluate(action: "ice:DeleteMediaInfos", resource: resource, context: context(), principal: principal).isAllowed)
    }

    @Test("IpAddress and NotIpAddress on acs:SourceIp, IPv4 and IPv6", arguments: [
        ("10.1.2.3", true), ("10.200.0.1", true), ("192.168.0.1", false), ("2001:db8::42", true),
        ("2001:db9::42", false), ("::ffff:10.9.9.9", true), (nil, false), ("garbage", false),
    ] as [(String?, Bool)])
    func ipAddress(_ ip: String?, _ allowed: Bool) throws {
        let evaluator = try evaluator(allow("\"ice:*\"", #","Condition":{"IpAddress":{"acs:SourceIp":["10.0.0.0/8","2001:db8::/32"]}}"#))
        #expect(evaluator.evaluate(action: "ice:GetMediaInfo", resource: resource, context: context(ip: ip), principal: principal).isAllowed == allowed)
    }

    @Test("a Deny with NotIpAddress locks everyone outside the block out, even with no known address", arguments: [
        ("10.1.2.3", true), ("192.168.0.1", false), (nil, false),
    ] as [(String?, Bool)])
    func notIpAddress(_ ip: String?, _ allowed: Bool) throws {
        let evaluator = try evaluator(allow("\"*\""), deny("\"*\"", #","Condition":{"NotIpAddress":{"acs:SourceIp":"10.0.0.0/8"}}"#))
        #expect(evaluator.evaluate(action: "ice:GetMediaInfo", resource: resource, context: context(ip: ip), principal: principal).isAllowed == allowed)
    }

    @Test("Date operators on acs:CurrentTime", arguments: [
        ("DateGreaterThan", -1.0, true), ("DateGreaterThan", 0.0, false), ("DateGreaterThanEquals", 0.0, true),
        ("DateLessThan", 1.0, true), ("DateLessThan", 0.0, false), ("DateLessThanEquals", 0.0, true),
        ("DateEquals", 0.0, true), ("DateEquals", 1.0, false), ("DateNotEquals", 1.0, true), ("DateNotEquals", 0.0, false),
    ])
    func dates(_ op: String, _ offset: TimeInterval, _ allowed: Bool) throws {
        // The policy's time is newYear + offset seconds, written in +08:00.
        let policyTime = newYear.addingTimeInterval(offset).formatted(
            Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 8 * 3600)!))
        let evaluator = try evaluator(allow("\"*\"", #","Condition":{"\#(op)":{"acs:CurrentTime":"\#(policyTime)"}}"#))
        #expect(evaluator.evaluate(action: "ice:GetMediaInfo", resource: resource, context: context(), principal: principal).isAllowed == allowed)
    }

    @Test("a time window: both bounds must hold")
    func window() throws {
        let evaluator = try evaluator(allow("\"*\"", #","Condition":{"DateGreaterThan":{"acs:CurrentTime":"2025-01-01T00:00:00Z"},"DateLessThan":{"acs:CurrentTime":"2025-02-01T00:00:00Z"}}"#))
        #expect(evaluator.evaluate(action: "ice:A", resource: resource, context: context(at: newYear.addingTimeInterval(86_400)), principal: principal).isAllowed)
        #expect(!evaluator.evaluate(action: "ice:A", resource: resource, context: context(at: newYear.addingTimeInterval(-1)), principal: principal).isAllowed)
        #expect(!evaluator.evaluate(action: "ice:A", resource: resource, context: context(at: newYear.addingTimeInterval(40 * 86_400)), principal: principal).isAllowed)
    }

    @Test("Bool on acs:SecureTransport", arguments: [("true", true, true), ("true", false, false), ("false", false, true), ("False", true, false)])
    func secureTransport(_ value: String, _ secure: Bool, _ allowed: Bool) throws {
        let evaluator = try evaluator(allow("\"*\"", #","Condition":{"Bool":{"acs:SecureTransport":"\#(value)"}}"#))
        #expect(evaluator.evaluate(action: "ice:A", resource: resource, context: context(secure: secure), principal: principal).isAllowed == allowed)
    }

    @Test("conditions in one statement are ANDed; condition keys are case-insensitive")
    func conditionsAnd() throws {
        let evaluator = try evaluator(allow("\"*\"", #","Condition":{"IpAddress":{"ACS:SOURCEIP":"10.0.0.0/8"},"Bool":{"acs:SecureTransport":true}}"#))
        #expect(evaluator.evaluate(action: "ice:A", resource: resource, context: context(), principal: principal).isAllowed)
        #expect(!evaluator.evaluate(action: "ice:A", resource: resource, context: context(secure: false), principal: principal).isAllowed)
        #expect(!evaluator.evaluate(action: "ice:A", resource: resource, context: context(ip: "1.1.1.1"), principal: principal).isAllowed)
    }

    @Test("String and Numeric operators on other keys; an absent key fails positive operators only")
    func otherKeys() throws {
        let like = try evaluator(allow("\"*\"", #","Condition":{"StringLike":{"acs:UserAgent":"AlibabaCloud*"}}"#))
        let notEquals = try evaluator(allow("\"*\"", #","Condition":{"StringNotEqualsIgnoreCase":{"acs:UserAgent":"BADBOT"}}"#))
        let numeric = try evaluator(allow("\"*\"", #","Condition":{"NumericLessThanEquals":{"acs:Size":10}}"#))
        func ctx(_ keys: [String: [String]]) -> RequestContext {
            RequestContext(sourceIP: nil, currentTime: newYear, secureTransport: true, otherKeys: keys)
        }
        func allowed(_ evaluator: PolicyEvaluator, _ keys: [String: [String]]) -> Bool {
            evaluator.evaluate(action: "ice:A", resource: resource, context: ctx(keys), principal: principal).isAllowed
        }
        #expect(allowed(like, ["acs:UserAgent": ["AlibabaCloud (Linux)"]]))
        #expect(!allowed(like, ["acs:UserAgent": ["curl/8"]]))
        #expect(!allowed(like, [:]))
        #expect(allowed(notEquals, ["acs:useragent": ["curl"]]))
        #expect(!allowed(notEquals, ["acs:UserAgent": ["badbot"]]))
        #expect(allowed(notEquals, [:]))
        #expect(allowed(numeric, ["acs:Size": ["10"]]))
        #expect(!allowed(numeric, ["acs:Size": ["11"]]))
        #expect(!allowed(numeric, ["acs:Size": ["many"]]))
    }
}
