import FloeCore
import FloeEngine
import FloeStorage
import Foundation

extension ObjectStore {
    /// A URL FFmpeg can read `location` from.
    ///
    /// - Throws: `.invalidInput` (deterministic) when there is no such object, `.storage` (transient) when
    ///   the store fails.
    func mediaURL(of location: StorageLocation) async throws -> URL {
        do {
            return try await readURL(location, expiresIn: .seconds(6 * 3600))
        } catch {
            throw Self.activityError(error, doing: "reading \(location)")
        }
    }

    /// Stores the local file `file` at `location`.
    ///
    /// - Throws: `.storage` (transient) when the store fails.
    @discardableResult
    func storeOutput(_ file: URL, at location: StorageLocation) async throws -> ObjectInfo {
        do {
            return try await put(location, file: file)
        } catch {
            throw Self.activityError(error, doing: "writing \(location)")
        }
    }

    /// Maps an object store error to an ``ActivityError``; cancellation passes through.
    static func activityError(_ error: any Error, doing action: String) -> any Error {
        switch error {
        case is CancellationError, is ActivityError:
            return error
        case let error as FloeError where error.code == .notFound:
            return ActivityError(.invalidInput, "\(action): \(error.message)", transient: false)
        case let error as FloeError where error.code == .invalidLocation:
            return ActivityError(.invalidParameter, "\(action): \(error.message)", transient: false)
        case let error as FloeError:
            return ActivityError(.storage, "\(action): \(error.message)", transient: true)
        default:
            return ActivityError(.storage, "\(action): \(error)", transient: true)
        }
    }
}
