#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Named points where a test can make the process die as `kill -9` would: when the environment variable
/// `FLOE_FAILPOINT` names a point, the process sends itself `SIGKILL` on reaching it. Reliability tests use
/// them to kill `floe serve` at one exact moment (between storing an upload and starting its workflows, say)
/// and then check what a restart makes of it. Unset, a failpoint costs one comparison.
public enum Failpoint {
    /// The point armed for this process, read once.
    static let armed = ProcessInfo.processInfo.environment["FLOE_FAILPOINT"]

    /// An S3 upload is stored but not yet handed to the trigger.
    public static let s3UploadStored = "s3-upload-stored"

    /// Dies here when `name` is the armed point.
    public static func hit(_ name: String) {
        guard armed == name else { return }
        kill(getpid(), SIGKILL)
    }
}
