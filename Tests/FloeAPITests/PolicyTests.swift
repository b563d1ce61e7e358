@testable import FloeAPI
import Foundation
import Testing

@Suite("RAM policy documents")
struct PolicyTests {
    @Test("the spec's examples parse")
    func specExamples() throws {
        let minimal = try Policy(jsonText: #"{"Version":"1","Statement":[{"Effect":"Allow","Action":["ice:StartWorkflow","ice:GetWorkflowTask","ice:ListWorkflowTasks","ice:RegisterMediaInfo","ice:GetMediaInfo"],"Resource":"*"}]}"#)
        #expect(minimal.statements.count == 1)
        #expect(minimal.statements[0].effect == .allow)
        #expect(minimal.statements[0].actions.patterns.count == 5)
        #expect(minimal.statements[0].resources == .init(["*"]))
        let withIP = try Policy(jsonText: """
            { "Version": "1",
              "Statement": [ { "Action": ["ice:GetMediaInfo","ice:ListMediaBasicInfos"],
                               "Resource": "*", "Effect": "Allow",
                               "Condition": { "IpAddress": { "acs:SourceIp": "192.168.0.1" } } } ] }
            """)
        #expect(withIP.statements[0].conditions
            == [PolicyCondition(.ipAddress, key: "acs:SourceIp", values: .networks([IPNetwork("192.168.0.1")!]))])
    }

    @Test("every condition family parses into typed values")
    func conditionTypes() throws {
        let policy = try Policy(jsonText: """
            {"Version":"1","Statement":[{"Effect":"Deny","NotAction":"ice:Get*","NotResource":["acs:ice:*:1:*"],
             "Condition":{"DateGreaterThan":{"acs:CurrentTime":"2025-01-01T08:00:00+08:00"},
                          "Bool":{"acs:SecureTransport":"false"},
                          "NumericLessThan":{"acs:Count":[1, "2.5"]},
                          "StringLike":{"acs:UserAgent":"curl*"}}}]}
            """)
        let statement = policy.statements[0]
        #expect(statement.actions == .init(["ice:Get*"], isNegated: true))
        #expect(statement.resources == .init(["acs:ice:*:1:*"], isNegated: true))
        #expect(statement.conditions.count == 4)
        #expect(statement.conditions.contains(PolicyCondition(
            .dateGreaterThan, key: "acs:CurrentTime", values: .dates([Date(timeIntervalSince1970: 1_735_689_600)]))))
        #expect(statement.conditions.contains(PolicyCondition(.bool, key: "acs:SecureTransport", values: .bools([false]))))
        #expect(statement.conditions.contains(PolicyCondition(.numericLessThan, key: "acs:Count", values: .numbers([1, 2.5]))))
    }

    @Test("a policy decodes from inside other JSON")
    func decodable() throws {
        struct Key: Decodable { var policy: Policy }
        let key = try JSONDecoder().decode(Key.self, from: Data(#"{"policy":{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}"#.utf8))
        #expect(key.policy.statements[0].actions.patterns == ["*"])
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(Key.self, from: Data(#"{"policy":{"Version":"2","Statement":[]}}"#.utf8))
        }
    }

    @Test("malformed documents are refused, naming the place", arguments: [
        ("", "not valid JSON"),
        ("[]", "must be a JSON object"),
        (#"{"Statement":[]}"#, "Version: is missing"),
        (#"{"Version":1,"Statement":[]}"#, "Version: must be the string \"1\""),
        (#"{"Version":"2","Statement":[]}"#, "Version: must be the string \"1\""),
        (#"{"Version":"1"}"#, "Statement: is missing"),
        (#"{"Version":"1","Statement":{}}"#, "Statement: must be a list"),
        (#"{"Version":"1","Statement":[]}"#, "Statement: must not be empty"),
        (#"{"Version":"1","Statement":[], "Id":"x"}"#, "Id: unknown policy element"),
        (#"{"Version":"1","Statement":["x"]}"#, "Statement[0]: a statement must be a JSON object"),
        (#"{"Version":"1","Statement":[{"Action":"*","Resource":"*"}]}"#, "Statement[0].Effect: is missing"),
        (#"{"Version":"1","Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]}"#, "Statement[0].Effect: must be"),
        (#"{"Version":"1","Statement":[{"Effect":"Allow","Resource":"*"}]}"#, "Statement[0]: needs Action or NotAction"),
        (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","NotAction":"*","Resource":"*"}]}"#, "has both Action and NotAction"),
        (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":[],"Resource":"*"}]}"#, "Statement[0].Action: must be a string or a non-empty list"),
        (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":["ice:A",""],"Resource":"*"}]}"#, "Statement[0].Action[1]: must be a non-empty string"),
        (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"StartWorkflow","Resource":"*"}]}"#, "Statement[0].Action: \"StartWorkflow\" must be"),
        (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*"}]}"#, "needs Resource or NotResource"),
        (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":5}]}"#, "Statement[0].Resource: must be a string"),
        (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Actions":"x"}]}"#, "Statement[0].Actions: unknown statement element"),
        (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{}}]}"#, "Statement[0].Condition: must be a non-empty object"),
        (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpRange":{"acs:SourceIp":"1.2.3.4"}}}]}"#, "Statement[0].Condition.IpRange: unknown condition operator"),
        (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"1.2.3.400"}}}]}"#, "Condition.IpAddress.acs:SourceIp: must be an IPv4 or IPv6"),
        (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":["1.2.3.4","10.0.0.0/33"]}}}]}"#, "acs:SourceIp[1]: must be an IPv4"),
        (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"acs:SourceIp":"2001:db8::/129"}}}]}"#, "acs:SourceIp: must be an IPv4"),
        (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateLessThan":{"acs:CurrentTime":"tomorrow"}}}]}"#, "acs:CurrentTime: must be an ISO 8601 time"),
        (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"acs:SecureTransport":"yes"}}}]}"#, "must be true or false"),
        (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericEquals":{"k":"one"}}}]}"#, "must be a number"),
        (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"k":[]}}}]}"#, "must be a value or a non-empty list"),
        (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"k":{"a":1}}}}]}"#, "must be a value or a non-empty list"),
    ])
    func malformed(_ document: String, _ expected: String) {
        do {
            _ = try Policy(jsonText: document)
            Issue.record("accepted \(document)")
        } catch {
            #expect(error.code == .malformedPolicyDocument)
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test("a document over 6144 bytes is refused")
    func tooLong() {
        let actions = (0..<400).map { "\"ice:Action\($0)\"" }.joined(separator: ",")
        #expect(throws: PolicyError.self) {
            try Policy(jsonText: #"{"Version":"1","Statement":[{"Effect":"Allow","Action":[\#(actions)],"Resource":"*"}]}"#)
        }
    }
}

@Suite("Wildcards and IP networks")
struct WildcardAndNetworkTests {
    @Test("* and ? match as RAM's patterns do", arguments: [
        ("*", "", true), ("*", "ice:StartWorkflow", true), ("ice:*", "ice:StartWorkflow", true),
        ("ice:Get*", "ice:GetWorkflowTask", true), ("ice:Get*", "ice:ListWorkflowTasks", false),
        ("ice:Get*Task", "ice:GetWorkflowTask", true), ("ice:Get*Task", "ice:GetWorkflowTasks", false),
        ("ice:?etMediaInfo", "ice:GetMediaInfo", true), ("ice:?etMediaInfo", "ice:etMediaInfo", false),
        ("a*b*c", "aXbYbZc", true), ("a*b*c", "aXbYbZ", false), ("**", "x", true), ("a", "A", false),
        ("ice:StartWorkflow", "ice:StartWorkflow2", false),
    ])
    func wildcard(_ pattern: String, _ value: String, _ matches: Bool) {
        #expect(Wildcard.matches(pattern, value) == matches)
    }

    @Test("case-insensitive matching for actions")
    func caseInsensitive() {
        #expect(Wildcard.matches("ICE:get*", "ice:GetMediaInfo", caseInsensitive: true))
        #expect(!Wildcard.matches("ICE:get*", "ice:GetMediaInfo"))
    }

    @Test("IPv4 and IPv6 CIDR blocks", arguments: [
        ("10.0.0.0/8", "10.255.1.2", true), ("10.0.0.0/8", "11.0.0.1", false),
        ("192.168.0.1", "192.168.0.1", true), ("192.168.0.1", "192.168.0.2", false),
        ("192.168.1.77/24", "192.168.1.1", true), ("0.0.0.0/0", "8.8.8.8", true), ("0.0.0.0/0", "::1", false),
        ("172.16.0.0/12", "172.31.255.255", true), ("172.16.0.0/12", "172.32.0.0", false),
        ("2001:db8::/32", "2001:db8:ffff::1", true), ("2001:db8::/32", "2001:db9::1", false),
        ("::1", "::1", true), ("::1", "127.0.0.1", false), ("fe80::/10", "fe80::1%eth0", true),
        ("10.0.0.0/8", "::ffff:10.1.2.3", true), ("::ffff:10.0.0.0/104", "10.9.9.9", true),
        ("10.0.0.0/8", "not an ip", false), ("10.0.0.0/8", "", false), ("2001:db8::/32", "[2001:db8::5]", true),
    ])
    func network(_ block: String, _ address: String, _ contains: Bool) throws {
        let network = try #require(IPNetwork(block))
        #expect(network.contains(address) == contains)
    }

    @Test("malformed blocks are refused",
          arguments: ["", "10.0.0", "10.0.0.256", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/33", "10.0.0.0/8/8",
                      "::/129", "2001:db8:::1", "01.2.3.4", "10.0.0.0/ 8", "x"])
    func malformed(_ text: String) {
        #expect(IPNetwork(text) == nil)
    }
}
