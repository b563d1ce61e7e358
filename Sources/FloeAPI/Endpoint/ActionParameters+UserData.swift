import FloeCore
import FloeEngine

extension ActionParameters {
    /// The `UserData` parameter, when given: a JSON object of at most `maximumBytes` bytes, whose
    /// `NotifyAddress`, when it has one, is an http(s) URL or a queue name. `InvalidParameter` (UserData) otherwise.
    func userData(maximumBytes: Int) throws(APIError) -> String? {
        guard let userData = string("UserData") else { return nil }
        guard userData.utf8.count <= maximumBytes else {
            throw .invalidParameter("UserData", "it is \(userData.utf8.count) bytes; at most \(maximumBytes) are allowed.")
        }
        guard (try? JSONValue(jsonText: userData))?.objectValue != nil else {
            throw .invalidParameter("UserData", "it is not a JSON object.")
        }
        if let address = EventRoute.notifyAddress(in: userData) {
            do {
                _ = try NotifyTarget(address)
            } catch {
                throw .invalidParameter("UserData", "NotifyAddress: \(error.message).")
            }
        }
        return userData
    }
}
