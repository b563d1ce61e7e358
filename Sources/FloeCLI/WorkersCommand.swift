import ArgumentParser
import FloeApp
import FloeCore
import FloeEngine
import Foundation

/// `floe workers`: the worker pools that advertise themselves in the store, read from the store itself (workers
/// serve every account, so no account's API lists them).
struct WorkersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workers",
        abstract: "List the worker processes of the store (the data folder's SQLite file, or --database-url): slots, activity kinds, hardware encoders, last seen.",
        discussion: """
            A worker advertises itself every 10 seconds while it runs and removes its record when it stops; one \
            silent for longer than 30 seconds is marked so (its process died, or cannot reach the store).
            """
    )

    /// How long a worker may be silent before it is marked so: three advertising intervals.
    static let silence: TimeInterval = 30

    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let records = try await FloeApplication.workers(try options.configuration())
        let now = Date()
        if json {
            let objects: [JSONValue] = records.map { record in
                .object(["Owner": .string(record.owner), "Slots": .number(Double(record.slots)),
                         "Kinds": .array(record.kinds.map(\.rawValue).sorted().map(JSONValue.string)),
                         "Hardware": .array(Self.hardware(of: record).map(JSONValue.string)),
                         "StartTime": .string(WireTime.string(record.startTime)),
                         "SeenTime": .string(WireTime.string(record.seenTime)),
                         "Live": .bool(now.timeIntervalSince(record.seenTime) <= Self.silence)])
            }
            print(JSONValue.array(objects).jsonText)
            return
        }
        for record in records {
            let silent = Int(now.timeIntervalSince(record.seenTime).rounded())
            let state = silent <= Int(Self.silence) ? "live" : "silent for \(silent) s"
            let hardware = Self.hardware(of: record)
            print("\(record.owner)  \(record.slots) slots  \(record.kinds.map(\.rawValue).sorted().joined(separator: ","))  "
                  + "hardware: \(hardware.isEmpty ? "none" : hardware.joined(separator: ","))  since \(WireTime.string(record.startTime))  \(state)")
        }
        let live = records.filter { now.timeIntervalSince($0.seenTime) <= Self.silence }
        print("\(live.count) live worker\(live.count == 1 ? "" : "s"), \(live.map(\.slots).reduce(0, +)) slots")
    }

    /// The hardware encoders a worker advertises, as `family:codec` (`nvenc:h264`), sorted; the `hw:any:…`
    /// capabilities that go with them are left out.
    static func hardware(of record: WorkerRecord) -> [String] {
        record.hardware.map { $0.rawValue.dropFirst("hw:".count) }.filter { !$0.hasPrefix("any:") }.map(String.init).sorted()
    }
}
