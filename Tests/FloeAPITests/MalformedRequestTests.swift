import FloeAPI
import FloeCore
import Foundation
import Testing

/// Random garbage never gives a 5xx or a body that is not a JSON error with a RequestId.
@Suite struct MalformedRequestTests {
    @Test func fourHundredRandomRequests() async throws {
        let h = try await APIHarness()
        var random = SeededGenerator(seed: 0xF10E)
        let names = ["Action", "Version", "WorkflowId", "TaskInput", "UserData", "TaskId", "MaxResults", "NextToken",
                     "Signature", "SignatureMethod", "AccessKeyId", "Timestamp", "SignatureNonce", "KeyText", "SkipInputVerification"]
        let headerNames = ["authorization", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce",
                           "x-acs-content-sha256", "content-type", "host"]
        let pieces = ["", "%", "%Z", "+", "&", "=", "ACS3-HMAC-SHA256 ", "Credential=", ",SignedHeaders=", ",Signature=",
                      "2020-11-09", "StartWorkflow", "GetWorkflowTask", "ListWorkflowTasks", "{\"Type\":", "\"OSS\"", "}",
                      "oss://b/k.mp4", "9999999999999999999999", "-1", "True", "\u{0}", "é", "😀", "HMAC-SHA1", h.root.key.id,
                      "2025-01-01T00:00:00Z", "application/x-www-form-urlencoded", "0123456789abcdef"]
        func junk() -> String {
            (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
        }
        var requests: [TestSigner.Signed] = []
        for index in 0..<400 {
            if index % 4 == 0 {
                // A correctly signed request with junk parameters.
                let parameters = (0..<Int.random(in: 0...4, using: &random)).map { _ in (names.randomElement(using: &random)!, junk()) }
                let action = ["StartWorkflow", "GetWorkflowTask", "ListWorkflowTasks", "CancelWorkflowTask", junk()].randomElement(using: &random)!
                requests.append(h.signer(h.root).sign(index % 8 == 0 ? .v1 : .acs3, action: action, parameters))
                continue
            }
            let query = (0..<Int.random(in: 0...5, using: &random)).map { _ in
                "\(names.randomElement(using: &random)!)=\(junk())"
            }.joined(separator: "&")
            let headers = (0..<Int.random(in: 0...5, using: &random)).map { _ in
                (headerNames.randomElement(using: &random)!, junk().filter { $0 != "\u{0}" })
            }
            let body = Array(junk().utf8)
            requests.append(TestSigner.Signed(uri: "/?" + query.replacingOccurrences(of: " ", with: "+")
                                                .addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.union(["%"]))!,
                                              headers: headers, body: body))
        }
        let answers = try await h.send(requests)
        #expect(answers.count == 400)
        for (request, answer) in zip(requests, answers) {
            #expect(answer.status < 500, "\(request.uri): \(answer.text)")
            #expect(answer["RequestId"] is String, "\(request.uri): \(answer.text)")
            if answer.status >= 400 {
                #expect(answer.code != nil && answer["Message"] is String, "\(answer.text)")
            }
        }
    }
}

