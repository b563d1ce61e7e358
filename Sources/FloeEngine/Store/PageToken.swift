import FloeCore
import Foundation

/// The opaque `nextToken`s of the store's lists: base64 of the sort key of a page's last item.
package enum PageToken {
    /// The position after `id` in the list of templates.
    package static func encode(template id: WorkflowID) -> String {
        Data("w1:\(id.rawValue)".utf8).base64EncodedString()
    }

    package static func decodeTemplate(_ token: String) throws(FloeError) -> WorkflowID {
        guard let text = decode(token), text.hasPrefix("w1:"), let id = try? WorkflowID(String(text.dropFirst(3))) else {
            throw invalid(token)
        }
        return id
    }

    /// The position after the task made at `createTime` (microseconds) with `id`, newest first.
    package static func encode(taskCreateTime createTime: Int64, id: TaskID) -> String {
        Data("t1:\(createTime):\(id.rawValue)".utf8).base64EncodedString()
    }

    package static func decodeTask(_ token: String) throws(FloeError) -> (createTime: Int64, id: TaskID) {
        guard let text = decode(token), text.hasPrefix("t1:") else { throw invalid(token) }
        let parts = text.dropFirst(3).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let createTime = Int64(parts[0]), let id = try? TaskID(String(parts[1])) else {
            throw invalid(token)
        }
        return (createTime, id)
    }

    /// The position after the event made at `createTime` (microseconds) with `id`, oldest first.
    package static func encode(eventCreateTime createTime: Int64, id: EventID) -> String {
        Data("e1:\(createTime):\(id.rawValue)".utf8).base64EncodedString()
    }

    package static func decodeEvent(_ token: String) throws(FloeError) -> (createTime: Int64, id: EventID) {
        guard let text = decode(token), text.hasPrefix("e1:") else { throw invalid(token) }
        let parts = text.dropFirst(3).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let createTime = Int64(parts[0]), let id = try? EventID(String(parts[1])) else {
            throw invalid(token)
        }
        return (createTime, id)
    }

    /// The position after the media asset made at `createTime` (microseconds) with `id`, in `order`.
    package static func encode(mediaCreateTime createTime: Int64, id: MediaID, order: MediaQuery.Order) -> String {
        Data("m1\(order.rawValue):\(createTime):\(id.rawValue)".utf8).base64EncodedString()
    }

    package static func decodeMedia(_ token: String, order: MediaQuery.Order) throws(FloeError) -> (createTime: Int64, id: MediaID) {
        let prefix = "m1\(order.rawValue):"
        guard let text = decode(token), text.hasPrefix(prefix) else { throw invalid(token) }
        let parts = text.dropFirst(prefix.count).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let createTime = Int64(parts[0]), let id = try? MediaID(String(parts[1])) else {
            throw invalid(token)
        }
        return (createTime, id)
    }

    private static func decode(_ token: String) -> String? {
        guard token.utf8.count <= 256, let data = Data(base64Encoded: token) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    private static func invalid(_ token: String) -> FloeError {
        .invalidParameter("NextToken '\(token.prefix(64))' is not a token this list returned")
    }
}
