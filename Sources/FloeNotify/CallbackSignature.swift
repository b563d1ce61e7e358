import Crypto
import FloeCore
import Foundation

/// IMS's callback authentication: `X-ICE-TIMESTAMP` (UNIX seconds) and `X-ICE-SIGNATURE`, the lowercase hex
/// MD5 of `<CallbackURL>|<X-ICE-TIMESTAMP>|<AuthKey>`.
public enum CallbackSignature {
    /// The signature of a callback to `url` sent at `timestamp` with `authKey`.
    public static func signature(url: String, timestamp: Int64, authKey: String) -> String {
        Hex.encode(Insecure.MD5.hash(data: Data("\(url)|\(timestamp)|\(authKey)".utf8)))
    }

    /// The two headers.
    public static func headers(url: String, timestamp: Int64, authKey: String) -> [(name: String, value: String)] {
        [("X-ICE-TIMESTAMP", String(timestamp)), ("X-ICE-SIGNATURE", signature(url: url, timestamp: timestamp, authKey: authKey))]
    }
}
