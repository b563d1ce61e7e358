import Crypto
import Foundation

/// IMS's callback authentication: `X-ICE-TIMESTAMP` (UNIX seconds) and `X-ICE-SIGNATURE`, the lowercase hex
/// MD5 of `<CallbackURL>|<X-ICE-TIMESTAMP>|<AuthKey>`.
public enum CallbackSignature {
    /// The signature of a callback to `url` sent at `timestamp` with `authKey`.
    public static func signature(url: String, timestamp: Int64, authKey: String) -> String {
        Insecure.MD5.hash(data: Data("\(url)|\(timestamp)|\(authKey)".utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The two headers.
    public static func headers(url: String, timestamp: Int64, authKey: String) -> [(name: String, value: String)] {
        [("X-ICE-TIMESTAMP", String(timestamp)), ("X-ICE-SIGNATURE", signature(url: url, timestamp: timestamp, authKey: authKey))]
    }
}
