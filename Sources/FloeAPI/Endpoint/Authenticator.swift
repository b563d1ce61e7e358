import FloeCore
import FloeEngine
import Foundation

/// Authenticates a request (its signature, key, clock skew and nonce) and authorises its action with the
/// key's RAM policy.
public struct Authenticator: Sendable {
    /// How long a used nonce is remembered: past both ends of the ±15 minute timestamp window.
    public static let nonceLifetime: TimeInterval = 30 * 60

    let keyRing: KeyRing
    let store: any WorkflowStore

    /// Looks keys up in `keyRing` and records nonces in `store`.
    public init(keyRing: KeyRing, store: any WorkflowStore) {
        self.keyRing = keyRing
        self.store = store
    }

    /// The caller of `request`, whose action is `action` (`StartWorkflow`).
    ///
    /// Order: parse the signature; find the key (`InvalidAccessKeyId.NotFound`, `.Inactive`); check the HMAC
    /// (`SignatureDoesNotMatch`); the timestamp (`InvalidTimeStamp.Expired`); record the nonce
    /// (`SignatureNonceUsed`), only for a request that is signed and current, so nobody can use up another
    /// key's nonces; then RAM (`Forbidden.RAM`) unless the key is the account's root.
    public func authenticate(_ request: SignedRequest, action: String, sourceIP: String?, now: Date) async throws -> Caller {
        let signature: RequestSignature
        do {
            signature = try RequestSignature(request)
        } catch {
            throw APIError(error)
        }
        guard let credential = try await keyRing.credential(for: signature.accessKeyID) else {
            throw APIError(SignatureError.invalidAccessKeyIDNotFound)
        }
        guard credential.key.status == .active else { throw APIError(SignatureError.invalidAccessKeyIDInactive) }
        guard signature.verify(secret: credential.secret) else {
            throw APIError(SignatureError.signatureDoesNotMatch("server string to sign is:\(signature.stringToSign)"))
        }
        do {
            try signature.checkTimestamp(now: now)
        } catch {
            throw APIError(error)
        }
        let fresh = try await store.useNonce(signature.nonce, accessKeyID: credential.key.id,
                                             expiresAt: now.addingTimeInterval(Self.nonceLifetime), now: now)
        guard fresh else { throw APIError(SignatureError.signatureNonceUsed) }
        let key = credential.key
        if !key.isRoot {
            try authorize(key, action: action, sourceIP: sourceIP, now: now)
        }
        return Caller(accountID: key.accountID, accessKeyID: key.id, now: now)
    }

    /// Throws `Forbidden.RAM` unless `key`'s policy allows `ice:<action>` on the account's resources.
    func authorize(_ key: AccessKey, action: String, sourceIP: String?, now: Date) throws(APIError) {
        let decision = Self.decision(for: key, action: "ice:\(action)",
                                     resource: PolicyEvaluator.resource(accountID: key.accountID.rawValue), sourceIP: sourceIP, now: now)
        if case .deny(let detail) = decision { throw .forbiddenRAM(detail) }
    }

    /// RAM's decision on `action` (`ice:StartWorkflow`, `oss:GetObject`) on `resource` for the non-root `key`.
    /// A key without a policy, or with one that no longer parses, may do nothing.
    static func decision(for key: AccessKey, action: String, resource: String, sourceIP: String?, now: Date) -> PolicyEvaluator.Decision {
        let policies = key.policy.flatMap { try? Policy(jsonText: $0) }.map { [$0] } ?? []
        let context = RequestContext(sourceIP: sourceIP, currentTime: now, secureTransport: false)
        return PolicyEvaluator(policies: policies).evaluate(
            action: action, resource: resource, context: context,
            principal: .init(accountID: key.accountID.rawValue, displayName: key.id))
    }
}
