import Foundation

extension UUID {
    /// A version 4 UUID from the system's secure generator (`getrandom`). Foundation's `UUID()` opens and reads
    /// `/dev/urandom` for each one here, two system calls more for every request that names itself.
    public static func random() -> UUID {
        var generator = SystemRandomNumberGenerator()
        var bytes = (generator.next() as UInt64, generator.next() as UInt64)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = raw[6] & 0x0F | 0x40  // version 4
            raw[8] = raw[8] & 0x3F | 0x80  // variant RFC 4122
            return UUID(uuid: raw.load(as: uuid_t.self))
        }
    }
}
