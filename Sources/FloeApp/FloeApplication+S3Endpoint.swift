import FloeAPI
import FloeStorage
import Foundation
import Logging

extension FloeApplication {
    /// The S3 endpoint on `host` and `port` (0: any free port), serving this application's object store with
    /// its access keys; uploads start the workflows bound to their location.
    public func s3Service(host: String, port: Int, logger: Logger,
                          onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> S3Service {
        S3Service(endpoint: s3Endpoint(logger: logger), host: host, port: port, logger: logger, onListening: onListening)
    }

    /// The S3 endpoint without a server. Its buckets: the input and output buckets, the buckets kept on S3,
    /// and every folder of the local storage directory.
    public func s3Endpoint(logger: Logger) -> S3Endpoint {
        let configuration = configuration
        let known = Set([configuration.inputBucket, configuration.outputBucket] + (configuration.s3?.buckets ?? []))
        return S3Endpoint(
            authenticator: S3Authenticator(keyRing: keyRing), objectStore: objectStore, trigger: trigger,
            bucketExists: { bucket in
                var isDirectory: ObjCBool = false
                return known.contains(bucket)
                    || (FileManager.default.fileExists(atPath: configuration.storageDirectory.appending(path: bucket).path,
                                                       isDirectory: &isDirectory) && isDirectory.boolValue)
            },
            logger: logger)
    }
}
