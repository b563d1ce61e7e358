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

    /// A URL FFmpeg can read the image `location` (a watermark) from, named `field` in messages.
    ///
    /// - Throws: `.invalidParameter` (deterministic) when there is no such object: the template names it;
    ///   `.storage` (transient) when the store fails.
    func imageURL(of location: StorageLocation, field: String) async throws -> URL {
        let found: ObjectInfo?
        do {
            found = try await head(location)
        } catch {
            throw Self.activityError(error, doing: "reading \(field) \(location)")
        }
        guard found != nil else {
            throw ActivityError(.invalidParameter, "\(field): there is no object at \(location)", transient: false)
        }
        do {
            return try await readURL(location, expiresIn: .seconds(6 * 3600))
        } catch let error as FloeError where error.code == .notFound {
            throw ActivityError(.invalidParameter, "\(field): there is no object at \(location)", transient: false)
        } catch {
            throw Self.activityError(error, doing: "reading \(field) \(location)")
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
