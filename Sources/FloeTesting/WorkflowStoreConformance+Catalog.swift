import FloeCore
import FloeEngine
import Foundation
import Testing

extension WorkflowStoreConformance {
    static func templatesLifecycle(_ store: any WorkflowStore) async throws {
        let original = Samples.template(name: "first")
        #expect(try await store.template(original.id) == nil)
        try await store.saveTemplate(original)
        #expect(try await store.template(original.id) == original)

        var replaced = original
        replaced.name = "renamed"
        replaced.status = .inactive
        replaced.topology.activities["c"] = ActivityDefinition(type: "Snapshot")
        replaced.modifiedTime = Samples.time(60)
        try await store.saveTemplate(replaced)
        #expect(try await store.template(original.id) == replaced)
        #expect(try await store.templates(PageRequest()).items == [replaced])

        #expect(try await store.deleteTemplate(original.id))
        #expect(try await store.template(original.id) == nil)
        #expect(try await !store.deleteTemplate(original.id))
        #expect(try await store.templates(PageRequest()).items.isEmpty)
    }

    static func templatesPaging(_ store: any WorkflowStore) async throws {
        let templates = (0..<23).map { Samples.template(name: "t\($0)", at: Samples.time($0)) }
        for template in templates { try await store.saveTemplate(template) }

        var seen: [WorkflowTemplate] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try await store.templates(PageRequest(limit: 10, token: token))
            #expect(page.items.count == (pages < 2 ? 10 : 3))
            seen += page.items
            token = page.nextToken
            pages += 1
        } while token != nil && pages < 10
        #expect(pages == 3)
        #expect(seen == templates.sorted { $0.id < $1.id })

        let exact = try await store.templates(PageRequest(limit: 23))
        #expect(exact.items.count == 23)
        #expect(exact.nextToken == nil)

        for bad in ["not a token", "bm90IGEgdG9rZW4="] {
            let error = await #expect(throws: FloeError.self) {
                _ = try await store.templates(PageRequest(limit: 10, token: bad))
            }
            #expect(error?.code == .invalidParameter)
        }
    }

    static func mediaLifecycle(_ store: any WorkflowStore) async throws {
        var media = Samples.media(at: Samples.time(5))
        media.files[0].info = Samples.fileInfo(width: 1280, height: 720)
        media.files.append(Samples.output("extra/cover.jpg", .snapshot, activity: "cover"))
        media.status = .normal
        #expect(try await store.media(media.id) == nil)
        #expect(try await store.media(inputURL: media.inputURL, accountID: media.accountID) == nil)
        #expect(try await store.mediaID(inputURL: media.inputURL, accountID: media.accountID) == nil)

        try await store.createMedia(media)
        #expect(try await store.media(media.id) == media)
        #expect(try await store.media(inputURL: media.inputURL, accountID: media.accountID) == media)
        #expect(try await store.media(inputURL: media.inputURL, accountID: Samples.otherAccount) == nil)
        #expect(try await store.media(inputURL: Samples.location("video/other.mp4"), accountID: media.accountID) == nil)
        #expect(try await store.mediaID(inputURL: media.inputURL, accountID: media.accountID) == media.id)
        #expect(try await store.mediaID(inputURL: media.inputURL, accountID: Samples.otherAccount) == nil)
        #expect(try await store.mediaID(inputURL: Samples.location("video/other.mp4"), accountID: media.accountID) == nil)

        let other = Samples.media(at: Samples.time(6))
        try await store.createMedia(other)
        #expect(try await store.media(other.id) == other)
        #expect(try await store.media(inputURL: other.inputURL, accountID: other.accountID) == other)

        let sameID = await #expect(throws: FloeError.self) {
            try await store.createMedia(MediaAsset(id: media.id, accountID: Samples.account, inputURL: Samples.location("video/x.mp4"),
                                                   mediaType: "video", title: "x", createTime: Samples.epoch))
        }
        #expect(sameID?.code == .conflict)
        let sameInput = await #expect(throws: FloeError.self) {
            try await store.createMedia(Samples.media(id: .generate()).withInput(media.inputURL))
        }
        #expect(sameInput?.code == .conflict)
        #expect(try await store.media(media.id) == media)
    }
}

private extension MediaAsset {
    func withInput(_ location: StorageLocation) -> MediaAsset {
        var copy = self
        copy.inputURL = location
        copy.files = [MediaFile(location: location, fileType: .sourceFile)]
        return copy
    }
}
