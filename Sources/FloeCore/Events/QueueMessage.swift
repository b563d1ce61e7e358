import Foundation

/// A message of an account's durable queue (a `NotifyAddress` that is no URL, or an MNS callback setting),
/// as ReceiveMessage hands it out: invisible to other receivers until its visibility timeout passes, and
/// kept until its consumer deletes it with the receipt handle of its latest receipt.
public struct QueueMessage: Hashable, Sendable {
    /// The message's id: the id of the event it carries.
    public var id: EventID
    public var queue: String
    public var body: String
    public var enqueueTime: Date
    /// Receipts so far, this one included.
    public var receiveCount: Int
    /// Names this receipt; DeleteMessage and ChangeMessageVisibility take it. A later receipt makes a new one.
    public var receiptHandle: String
    /// When the message becomes visible again unless deleted.
    public var nextVisibleTime: Date

    public init(id: EventID, queue: String, body: String, enqueueTime: Date, receiveCount: Int, receiptHandle: String,
                nextVisibleTime: Date) {
        self.id = id
        self.queue = queue
        self.body = body
        self.enqueueTime = enqueueTime
        self.receiveCount = receiveCount
        self.receiptHandle = receiptHandle
        self.nextVisibleTime = nextVisibleTime
    }
}
