import FloeCore
import Foundation

// Per-file trigger matching cost with many bound locations: the InputLocationIndex against a scan of every
// rule with InputLocationRule.matches. Prints one Markdown table row. `floe-bench-matching [rules] [files]`.

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let ruleCount = arguments.first ?? 100_000
let fileCount = arguments.dropFirst().first ?? 2_000
var random = SeededGenerator(seed: 42)

// Bound locations as tenants write them: folders per customer and camera in 20 buckets, some file-name rules.
let rules: [InputLocationRule] = (0..<ruleCount).map { index in
    let bucket = "uploads-\(index % 20)"
    let key = index % 10 == 0 ? "customer-\(index)/incoming/take.mp4" : "customer-\(index)/incoming/cam-\(index % 7)/"
    return InputLocationRule(try! StorageLocation(bucket: bucket, key: key))
}
// Files: half under a bound location, half in customers' folders that no rule binds.
let files: [StorageLocation] = (0..<fileCount).map { _ in
    let customer = Int.random(in: 0..<(ruleCount * 2), using: &random)
    let key = "customer-\(customer)/incoming/cam-\(customer % 7)/clip-\(Int.random(in: 0..<1_000_000, using: &random)).mp4"
    return try! StorageLocation(bucket: "uploads-\(customer % 20)", key: key)
}

let clock = ContinuousClock()
let buildStart = clock.now
let index = InputLocationIndex(rules.enumerated().map { (rule: $0.element, payload: $0.offset) })
let buildTime = buildStart.duration(to: clock.now)

// The index over every file, several passes; the scan over a sample (it is slow), answers compared.
var found = 0
let passes = 20
let indexStart = clock.now
for _ in 0..<passes {
    for file in files { found &+= index.matches(file).count }
}
let indexTime = indexStart.duration(to: clock.now) / (passes * files.count)

let sample = files.prefix(max(1, min(files.count, 200)))
var scanned = 0
let scanStart = clock.now
for file in sample {
    var matched: [Int] = []
    for (offset, rule) in rules.enumerated() where rule.matches(file) { matched.append(offset) }
    scanned &+= matched.count
    precondition(matched == index.matches(file).sorted(), "the index and the scan disagree on \(file)")
}
let scanTime = scanStart.duration(to: clock.now) / sample.count

precondition(found > 0 && scanned > 0, "the sample exercises matches")

func microseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
}
let ratio = microseconds(scanTime) / max(microseconds(indexTime), 1e-6)
print("| trigger matching per file, \(ruleCount) bound locations (index / linear scan; index built in \(Int(microseconds(buildTime) / 1000)) ms) "
      + "| \(String(format: "%.2f", microseconds(indexTime))) µs | \(String(format: "%.0f", microseconds(scanTime))) µs | \(String(format: "%.0f", ratio))× faster |")
