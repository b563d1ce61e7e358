import FloeCore
import Foundation
import Testing

@testable import FloeEngine

/// The memo gives exactly what encoding and decoding give, stays bounded, and reports corrupt text.
@Suite struct JSONMemoTests {
    @Test func answersAsTheCoderDoesAndStaysBounded() throws {
        let memo = JSONMemo<[String: Int]>(capacity: 2)
        for round in 0..<3 {
            for n in 0..<5 {
                let value = ["n": n]
                let text = try memo.text(of: value)
                #expect(text == (try StoreValue.json(value)), "round \(round)")
                #expect(try memo.value(of: text, column: "t.c") == value)
            }
        }
    }

    @Test func corruptTextIsAStoreErrorNamingTheColumn() {
        let memo = JSONMemo<[String: Int]>(capacity: 2)
        #expect {
            try memo.value(of: "{not json", column: "task.topology")
        } throws: { error in
            (error as? FloeError)?.code == .store && "\(error)".contains("task.topology")
        }
    }
}
