import FloeCore
import FloeStorage
import Foundation

/// Authenticates S3 requests signed with AWS Signature Version 4 against Floe's access keys, in the
/// `Authorization` header or presigned in the query, and authorises their `oss:` action with the key's
/// RAM policy (a root key may do everything).
public struct S3Authenticator: Sendable {
    /// How far a request's `x-amz-date` may be from the server's clock: 15 minutes.
    public static let allowedSkew: TimeInterval = 15 * 60

    let keyRing: KeyRing

    public init(keyRing: KeyRing) {
        self.keyRing = keyRing
    }

    /// A request as received: the method, the path as sent (still encoded), the decoded query, the headers
    /// (with `host`) and the body.
    public struct Request: Sendable {
        public var method: String
        public var encodedPath: String
        public var query: [(name: String, value: String)]
        public var headers: [(name: String, value: String)]
        public var body: Data

        public init(method: String, encodedPath: String, query: [(name: String, value: String)],
                    headers: [(name: String, value: String)], body: Data) {
            self.method = method
            self.encodedPath = encodedPath
            self.query = query
            self.headers = headers
            self.body = body
        }

        func header(_ name: String) -> String? { SigV4.Request(method: method, encodedPath: encodedPath, headers: headers).header(name) }
        func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }
    }

    /// What a signature claims, however it was carried.
    struct Claim {
        var accessKeyID: String
        var region: String
        var signedHeaders: [String]
        var signature: String
        var payloadHash: String
        var date: Date
        /// For a presigned request: how long after `date` it stays valid.
        var expires: TimeInterval?
        /// The request the signature covers (a presigned one without `X-Amz-Signature`).
        var signed: SigV4.Request
    }

    /// The key that signed `request`, checked in this order: the signature's form (`InvalidArgument`), the
    /// key (`InvalidAccessKeyId`), the HMAC (`SignatureDoesNotMatch`), the time (`RequestTimeTooSkewed`, or
    /// `AccessDenied` for an expired presigned URL) and a signed payload hash against the body
    /// (`XAmzContentSHA256Mismatch`).
    public func authenticate(_ request: Request, now: Date) async throws(S3Error) -> AccessKey {
        let claim = try Self.claim(of: request)
        let credential: KeyRing.Credential?
        do {
            credential = try await keyRing.credential(for: claim.accessKeyID)
        } catch {
            throw .internalError()
        }
        guard let credential, credential.key.status == .active else { throw .invalidAccessKeyID() }
        let signer = SigV4(accessKeyID: claim.accessKeyID, secretAccessKey: credential.secret, region: claim.region)
        guard signer.verify(claim.signature, of: claim.signed, signedHeaders: claim.signedHeaders,
                            payloadHash: claim.payloadHash, date: claim.date) else {
            throw .signatureDoesNotMatch()
        }
        if let expires = claim.expires {
            guard now >= claim.date.addingTimeInterval(-Self.allowedSkew) else { throw .requestTimeTooSkewed() }
            guard now <= claim.date.addingTimeInterval(expires) else { throw .expired() }
        } else {
            guard abs(now.timeIntervalSince(claim.date)) <= Self.allowedSkew else { throw .requestTimeTooSkewed() }
        }
        if claim.payloadHash != SigV4.unsignedPayload, claim.payloadHash.lowercased() != SigV4.sha256(request.body) {
            throw .contentSHA256Mismatch()
        }
        return credential.key
    }

    /// Throws `AccessDenied` unless `key` may do `action` (`oss:GetObject`) on `resource`.
    public func authorize(_ key: AccessKey, action: String, resource: String, sourceIP: String?, now: Date) throws(S3Error) {
        guard !key.isRoot else { return }
        let decision = Authenticator.decision(for: key, action: action, resource: resource, sourceIP: sourceIP, now: now)
        guard decision.isAllowed else { throw .accessDenied(action) }
    }

    /// The RAM resource of an object (`acs:oss:*:<account>:bucket/key`) or, with no key, of a bucket.
    public static func resource(accountID: AccountID, bucket: String, key: String?) -> String {
        "acs:oss:*:\(accountID.rawValue):\(bucket)" + (key.map { "/\($0)" } ?? "")
    }

    // MARK: Parsing

    static func claim(of request: Request) throws(S3Error) -> Claim {
        let presigned = request.queryValue("X-Amz-Algorithm") != nil
        let authorization = request.header("authorization")
        switch (authorization, presigned) {
        case (nil, false): throw .missingSignature()
        case (.some, true): throw .invalidArgument("Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified.")
        case (let header?, false): return try headerClaim(request, authorization: header)
        case (nil, true): return try queryClaim(request)
        }
    }

    static func headerClaim(_ request: Request, authorization: String) throws(S3Error) -> Claim {
        guard let parsed = SigV4.Authorization(parsing: authorization) else {
            throw .invalidArgument("Unsupported Authorization Type; use AWS4-HMAC-SHA256.")
        }
        guard let amzDate = request.header("x-amz-date"), let date = SigV4.parseAmzDate(amzDate) else {
            throw S3Error(code: "AccessDenied", status: 403, message: "AWS authentication requires a valid x-amz-date header.")
        }
        guard let payloadHash = request.header("x-amz-content-sha256") else {
            throw .invalidArgument("Missing required header for this request: x-amz-content-sha256.")
        }
        try checkPayloadHash(payloadHash)
        let (keyID, region) = try scope(parsed.credential, date: date)
        return Claim(accessKeyID: keyID, region: region, signedHeaders: try signedHeaders(parsed.signedHeaders),
                     signature: parsed.signature, payloadHash: payloadHash, date: date, expires: nil,
                     signed: SigV4.Request(method: request.method, encodedPath: request.encodedPath, query: request.query, headers: request.headers))
    }

    static func queryClaim(_ request: Request) throws(S3Error) -> Claim {
        guard request.queryValue("X-Amz-Algorithm") == SigV4.algorithm else {
            throw .invalidArgument("X-Amz-Algorithm only supports \(SigV4.algorithm).")
        }
        guard let credential = request.queryValue("X-Amz-Credential"), let amzDate = request.queryValue("X-Amz-Date"),
              let expiresText = request.queryValue("X-Amz-Expires"), let names = request.queryValue("X-Amz-SignedHeaders"),
              let signature = request.queryValue("X-Amz-Signature") else {
            throw .invalidArgument("Query-string authentication requires X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and X-Amz-Signature.")
        }
        guard let date = SigV4.parseAmzDate(amzDate) else { throw .invalidArgument("X-Amz-Date must be yyyyMMddTHHmmssZ.") }
        guard let expires = Int(expiresText), (1...Int(SigV4.maxPresignedExpiry.components.seconds)).contains(expires) else {
            throw .invalidArgument("X-Amz-Expires must be between 1 and 604800 seconds.")
        }
        let (keyID, region) = try scope(credential, date: date)
        var signed = SigV4.Request(method: request.method, encodedPath: request.encodedPath, query: request.query, headers: request.headers)
        signed.query.removeAll { $0.name == "X-Amz-Signature" }
        return Claim(accessKeyID: keyID, region: region, signedHeaders: try signedHeaders(names), signature: signature,
                     payloadHash: SigV4.unsignedPayload, date: date, expires: TimeInterval(expires), signed: signed)
    }

    /// The key id and region of `keyID/yyyymmdd/region/s3/aws4_request`, whose day must be the request's.
    static func scope(_ credential: String, date: Date) throws(S3Error) -> (keyID: String, region: String) {
        let parts = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, !parts[0].isEmpty, !parts[2].isEmpty, parts[3] == "s3", parts[4] == "aws4_request" else {
            throw .invalidArgument("The credential must be <AccessKeyId>/<yyyymmdd>/<region>/s3/aws4_request.")
        }
        guard parts[1] == SigV4.dateStamp(date) else {
            throw .invalidArgument("The credential's date is not the request's day.")
        }
        return (parts[0], parts[2])
    }

    /// `host;x-amz-date;…`, which must sign `host`.
    static func signedHeaders(_ list: String) throws(S3Error) -> [String] {
        let names = list.split(separator: ";").map { $0.lowercased() }
        guard names.contains("host") else { throw .invalidArgument("The host header must be signed.") }
        return names
    }

    /// A payload hash is `UNSIGNED-PAYLOAD` or 64 hexadecimal digits; streamed (chunk-signed) uploads are not served yet.
    static func checkPayloadHash(_ hash: String) throws(S3Error) {
        if hash == SigV4.unsignedPayload { return }
        if hash.hasPrefix("STREAMING-") { throw .notImplemented("Chunked upload (\(hash))") }
        guard hash.utf8.count == 64, hash.allSatisfy(\.isHexDigit) else {
            throw .invalidArgument("x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a SHA-256 in hexadecimal.")
        }
    }
}
