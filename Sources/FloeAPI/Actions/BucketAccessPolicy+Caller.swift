import FloeCore
import FloeEngine

extension BucketAccessPolicy {
    /// Throws `InvalidParameter` (`parameter`) unless the caller's account may use `bucket`. Another account's
    /// bucket is answered as one that does not exist.
    func require(_ bucket: String, parameter: String, caller: Caller) async throws {
        guard try await mayUse(account: caller.accountID, bucket: bucket) else {
            throw APIError.invalidParameter(parameter, "bucket '\(bucket)' does not exist.")
        }
    }
}
