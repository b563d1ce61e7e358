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

    /// The S3 endpoint without a server: this application's buckets (``buckets``), object store and trigger,
    /// with multipart uploads waiting in ``FloeConfiguration/multipartDirectory``.
    public func s3Endpoint(logger: Logger) -> S3Endpoint {
        S3Endpoint(authenticator: S3Authenticator(keyRing: keyRing), objectStore: objectStore, buckets: buckets,
                   multipart: MultipartStaging(root: configuration.multipartDirectory), trigger: trigger, logger: logger)
    }
}
