import FloeCore
import Foundation

/// An error as the API answers it: an IMS error code, the HTTP status IMS uses for it (spec §1.3) and a
/// message that never contains a secret. The edge turns it into the JSON body
/// `{RequestId, HostId, Code, Message, Recommend}` (plus `AccessDeniedDetail` for a RAM denial).
public struct APIError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The `Code` of the error body, for example `InvalidParameter`.
    public var code: String
    /// The HTTP status.
    public var status: Int
    /// The `Message` of the error body.
    public var message: String
    /// Why RAM denied the request, for `Forbidden.RAM`.
    public var accessDeniedDetail: AccessDeniedDetail?

    /// An error with `code`, answered with HTTP `status`.
    public init(code: String, status: Int, message: String, accessDeniedDetail: AccessDeniedDetail? = nil) {
        self.code = code
        self.status = status
        self.message = message
        self.accessDeniedDetail = accessDeniedDetail
    }

    public var description: String { "\(status) \(code): \(message)" }

    /// `MissingParameter` (400) with the published message naming `name`.
    public static func missingParameter(_ name: String) -> APIError {
        APIError(code: "MissingParameter", status: 400,
                 message: "The input parameter \"\(name)\" that is mandatory for processing this request is not supplied.")
    }

    /// `InvalidParameter` (400) with the published message naming `name`, and why.
    public static func invalidParameter(_ name: String, _ reason: String) -> APIError {
        APIError(code: "InvalidParameter", status: 400, message: "The specified parameter \"\(name)\" is not valid: \(reason)")
    }

    /// `InvalidAction.NotFound` (404): no such action, or not `GET /` / `POST /`.
    public static let actionNotFound = APIError(
        code: "InvalidAction.NotFound", status: 404, message: "Specified api is not found, please check your url and method.")

    /// `InvalidVersion` (400): a version other than `2020-11-09`.
    public static let invalidVersion = APIError(
        code: "InvalidVersion", status: 400, message: "Specified parameter Version is not valid.")

    /// `EntityTooLarge` (413): the body is over the endpoint's limit.
    public static func entityTooLarge(limit: Int) -> APIError {
        APIError(code: "EntityTooLarge", status: 413, message: "The request body is larger than \(limit) bytes.")
    }

    /// `EntityNotExist.WorkflowTask` (404): no task with this id in the caller's account.
    public static func taskNotFound(_ id: String) -> APIError {
        APIError(code: "EntityNotExist.WorkflowTask", status: 404,
                 message: "The specified workflow task \"\(ActionParameters.excerpt(id))\" does not exist.")
    }

    /// `MessageNotExist` (404): no message has this receipt handle as its latest, in this queue of the caller's account.
    public static func messageNotFound(_ handle: String) -> APIError {
        APIError(code: "MessageNotExist", status: 404,
                 message: "No message of the queue has the receipt handle \"\(ActionParameters.excerpt(handle))\"; it was deleted, or received again since.")
    }

    /// `EntityNotExist.CallbackEvent` (404): no dead callback event with this id in the caller's account.
    public static func callbackEventNotFound(_ id: String) -> APIError {
        APIError(code: "EntityNotExist.CallbackEvent", status: 404,
                 message: "The specified dead callback event \"\(ActionParameters.excerpt(id))\" does not exist.")
    }

    /// `EntityNotExist.Media` (404): no media asset with this id or input URL in the caller's account.
    public static func mediaNotFound(_ reference: String) -> APIError {
        APIError(code: "EntityNotExist.Media", status: 404,
                 message: "The specified media \"\(ActionParameters.excerpt(reference))\" does not exist.")
    }

    /// `InvalidParameter.ReferenceId` (400): another media asset of the caller's account has this `ReferenceId`.
    public static func referenceIDTaken(_ referenceID: String) -> APIError {
        APIError(code: "InvalidParameter.ReferenceId", status: 400,
                 message: "The specified ReferenceId \"\(ActionParameters.excerpt(referenceID))\" is already used by another media asset of this account.")
    }

    /// `Forbidden.MediaInUse` (403): a task on the media asset has not ended, so it cannot be deleted.
    public static func mediaInUse(_ id: String) -> APIError {
        APIError(code: "Forbidden.MediaInUse", status: 403,
                 message: "The media \"\(id)\" has a workflow task that has not ended; it cannot be deleted or overwritten now.")
    }

    /// `EntityNotExist.Workflow` (404): no workflow template with this id that the caller may see (unknown,
    /// malformed, or another account's).
    public static func workflowNotFound(_ id: String) -> APIError {
        APIError(code: "EntityNotExist.Workflow", status: 404,
                 message: "The specified workflow \"\(ActionParameters.excerpt(id))\" does not exist.")
    }

    /// `Forbidden.SystemWorkflow` (403): System templates are read-only.
    public static func systemWorkflow(_ id: String) -> APIError {
        APIError(code: "Forbidden.SystemWorkflow", status: 403,
                 message: "The workflow \"\(id)\" is a System workflow, which cannot be changed or deleted.")
    }

    /// `WorkflowNameExists` (409): another Common template of the account has this `Name`.
    public static func workflowNameExists(_ name: String) -> APIError {
        APIError(code: "WorkflowNameExists", status: 409,
                 message: "A workflow named \"\(ActionParameters.excerpt(name))\" already exists; names of an account's workflows must be unique.")
    }

    /// `QuotaExceeded.Workflow` (403): the account has as many Common templates as it may.
    public static func workflowQuotaExceeded(limit: Int) -> APIError {
        APIError(code: "QuotaExceeded.Workflow", status: 403,
                 message: "The account already has \(limit) workflows, the most it may have; delete one first.")
    }

    /// `IncorrectTaskStatus` (409): the task has already ended.
    public static func taskEnded(_ id: String, status: String) -> APIError {
        APIError(code: "IncorrectTaskStatus", status: 409,
                 message: "The workflow task \"\(id)\" has already ended with status \(status); only a task that is Init or Processing can be canceled.")
    }

    /// `Forbidden.RAM` (403) with the published message and why.
    public static func forbiddenRAM(_ detail: AccessDeniedDetail) -> APIError {
        APIError(code: "Forbidden.RAM", status: 403,
                 message: "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
                 accessDeniedDetail: detail)
    }

    /// `InternalError` (500): a real failure inside Floe; the message says nothing of the cause.
    public static let internalError = APIError(
        code: "InternalError", status: 500,
        message: "The request processing has failed due to some unknown error, exception or failure.")

    /// The API error of a signature check.
    public init(_ error: SignatureError) {
        self.init(code: error.code.rawValue, status: error.httpStatus, message: error.message)
    }

    /// The API error of a ``FloeError`` a caller caused, or `nil` for an internal failure (`StoreError`,
    /// `StorageError`, anything unknown) that the edge logs and answers with ``internalError``.
    public init?(_ error: FloeError) {
        switch error.code {
        case .invalidParameter, .invalidTemplate, .invalidLocation:
            self.init(code: "InvalidParameter", status: 400, message: error.message)
        case .notFound:
            self.init(code: "EntityNotExist", status: 404, message: error.message)
        case .conflict:
            self.init(code: "Conflict", status: 409, message: error.message)
        default:
            return nil
        }
    }
}
