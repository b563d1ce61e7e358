import FloeCore
import FloeEngine
import Foundation

extension FloeApplication {
    /// The bucket directory of `configuration`: the server's own buckets are the input and output buckets,
    /// the buckets kept on S3, and every folder of the local storage directory whose name is a bucket name
    /// (made when the local account was, or when the folder was last changed); deleting a made bucket removes
    /// its local folder.
    static func bucketDirectory(_ configuration: FloeConfiguration, store: any WorkflowStore,
                                localAccount: AccountID) async throws -> BucketDirectory {
        let configured = [configuration.inputBucket, configuration.outputBucket] + (configuration.s3?.buckets ?? [])
        let since = try await store.accounts().first { $0.id == localAccount }?.createTime ?? Date()
        let storage = configuration.storageDirectory
        return BucketDirectory(
            store: store, localAccount: localAccount,
            serverBuckets: {
                var buckets = Dictionary(configured.map { ($0, since) }, uniquingKeysWith: { first, _ in first })
                let folders = (try? FileManager.default.contentsOfDirectory(
                    at: storage, includingPropertiesForKeys: [.isDirectoryKey, .contentModificationDateKey])) ?? []
                for folder in folders {
                    let values = try? folder.resourceValues(forKeys: [.isDirectoryKey, .contentModificationDateKey])
                    let name = folder.lastPathComponent
                    guard values?.isDirectory == true, (try? StorageLocation.validate(bucket: name)) != nil,
                          buckets[name] == nil else { continue }
                    buckets[name] = values?.contentModificationDate ?? since
                }
                return buckets
            },
            isServerBucket: { name in
                if configured.contains(name) { return true }
                guard (try? StorageLocation.validate(bucket: name)) != nil else { return false }
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: storage.appending(path: name, directoryHint: .isDirectory).path,
                                                      isDirectory: &isDirectory) && isDirectory.boolValue
            },
            removeStorage: { bucket in
                try StorageLocation.validate(bucket: bucket)
                let folder = storage.appending(path: bucket, directoryHint: .isDirectory)
                guard FileManager.default.fileExists(atPath: folder.path) else { return }
                try FileManager.default.removeItem(at: folder)
            })
    }
}
