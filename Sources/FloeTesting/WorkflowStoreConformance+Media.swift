import FloeCore
import FloeEngine
import Foundation
import Testing

extension WorkflowStoreConformance {
    /// The media asset cases, listed in ``cases``.
    static let mediaCases: [Case] = [
        Case("media: details, client token and source round-trip; lookups by reference id and client token", mediaDetails),
        Case("media: reference id and client token are unique per account", mediaUniqueness),
        Case("media: update replaces the details only", mediaUpdate),
        Case("media: delete removes the asset and its files, not while a task runs", mediaDelete),
        Case("media: a run completing after its media asset was deleted finishes cleanly", mediaDeletedBeforeComplete),
        Case("media: listing filters, both orders, paging and count", mediaListing),
        Case("media: listing and lookups are per account", mediaListingIsolation),
        Case("preparation: Init and stale Preparing assets are listed, oldest first", preparationCandidates),
        Case("preparation: 8 concurrent claimers of one asset, exactly one wins", preparationConcurrentClaim),
        Case("preparation: finish sets Normal with the source info, or PrepareFail", preparationFinish),
        Case("preparation: a stale claim is taken over and the old claim is lost", preparationTakeover),
        Case("waitForWork wakes on createMedia", waitForWorkOnMedia),
    ]

    /// A sample asset with every detail set.
    static func detailedMedia(at time: Date = Samples.epoch, accountID: AccountID = Samples.account, referenceID: String? = nil,
                              clientToken: String? = nil) -> MediaAsset {
        var media = Samples.media(at: time, accountID: accountID)
        media.details = MediaAsset.Details(
            title: "A title", businessType: .opening, description: "described", mediaTags: ["a", "b c"],
            coverURL: "oss://uploads/cover.jpg", userData: #"{"k":"v"}"#, referenceID: referenceID, cateID: 42, category: "cat")
        media.clientToken = clientToken
        return media
    }

    static func mediaDetails(_ store: any WorkflowStore) async throws {
        let media = detailedMedia(referenceID: "ref-0001", clientToken: "token-1")
        try await store.createMedia(media)
        let stored = try await store.media(media.id)
        #expect(stored == media)
        #expect(stored?.source == "oss")
        #expect(stored?.details.mediaTags == ["a", "b c"])
        let byReference = try await store.media(referenceID: "ref-0001", accountID: Samples.account)
        #expect(byReference == media)
        let byToken = try await store.media(clientToken: "token-1", accountID: Samples.account)
        #expect(byToken == media)
        let unknownReference = try await store.media(referenceID: "ref-0002", accountID: Samples.account)
        #expect(unknownReference == nil)
        let unknownToken = try await store.media(clientToken: "token-2", accountID: Samples.account)
        #expect(unknownToken == nil)

        let plain = Samples.media()
        try await store.createMedia(plain)
        let storedPlainFound = try await store.media(plain.id)
        let storedPlain = try #require(storedPlainFound)
        #expect(storedPlain.details == MediaAsset.Details(title: plain.title))
        #expect(storedPlain.clientToken == nil)
    }

    static func mediaUniqueness(_ store: any WorkflowStore) async throws {
        try await store.createMedia(detailedMedia(referenceID: "ref-0001", clientToken: "token-1"))
        let sameReference = await #expect(throws: FloeError.self) {
            try await store.createMedia(detailedMedia(referenceID: "ref-0001"))
        }
        #expect(sameReference?.code == .conflict)
        let sameToken = await #expect(throws: FloeError.self) {
            try await store.createMedia(detailedMedia(clientToken: "token-1"))
        }
        #expect(sameToken?.code == .conflict)
        // Another account may use both; assets without either never conflict.
        try await store.createMedia(detailedMedia(accountID: Samples.otherAccount, referenceID: "ref-0001", clientToken: "token-1"))
        try await store.createMedia(detailedMedia())
        try await store.createMedia(detailedMedia())
        let count = try await store.mediaCount(MediaQuery())
        #expect(count == 4)
    }

    static func mediaUpdate(_ store: any WorkflowStore) async throws {
        var media = detailedMedia(at: Samples.time(1), referenceID: "ref-0001")
        media.files.append(Samples.output("x/cover.jpg", .snapshot, activity: "cover"))
        try await store.createMedia(media)
        let other = detailedMedia(referenceID: "ref-0002")
        try await store.createMedia(other)

        let details = MediaAsset.Details(title: "New", businessType: .watermark, mediaTags: ["z"], referenceID: "ref-0003")
        let updated = try await store.updateMedia(media.id, details: details, now: Samples.time(9))
        var expected = media
        expected.details = details
        expected.modifiedTime = Samples.time(9)
        #expect(updated == expected)
        let stored = try await store.media(media.id)
        #expect(stored == expected)
        #expect(stored?.status == .initial && stored?.files == media.files)
        let byOldReference = try await store.media(referenceID: "ref-0001", accountID: Samples.account)
        #expect(byOldReference == nil)

        // Keeping its own reference id is fine; taking another asset's is a conflict that changes nothing.
        _ = try await store.updateMedia(media.id, details: details, now: Samples.time(10))
        var taking = details
        taking.referenceID = "ref-0002"
        let conflict = await #expect(throws: FloeError.self) {
            try await store.updateMedia(media.id, details: taking, now: Samples.time(11))
        }
        #expect(conflict?.code == .conflict)
        let afterConflict = try await store.media(media.id)
        #expect(afterConflict?.details == details)
        let unknown = await #expect(throws: FloeError.self) {
            try await store.updateMedia(.generate(), details: details, now: Samples.time(11))
        }
        #expect(unknown?.code == .notFound)
    }

    static func mediaDelete(_ store: any WorkflowStore) async throws {
        let task = try await makeTask(in: store)
        let mediaFound = try await store.media(task.mediaID)
        var media = try #require(mediaFound)
        let sourceListed = try await store.isMediaFileListed(media.inputURL)
        #expect(sourceListed)

        // Not while its task has not ended; nothing changes.
        let busy = await #expect(throws: FloeError.self) { _ = try await store.deleteMedia(media.id) }
        #expect(busy?.code == .conflict)
        let kept = try await store.media(media.id)
        #expect(kept == media)

        try await claim(["a"], in: store, at: Samples.time(1))
        let cover = Samples.output("\(task.id)/cover.jpg", .snapshot, activity: "a")
        let completed = try await store.complete(.init(taskID: task.id, name: "a"), owner: "w1", outcome: succeeded([cover]), now: Samples.time(2))
        #expect(completed)
        try await store.cancelTask(task.id, now: Samples.time(3))
        let reloaded = try await store.media(media.id)
        media = try #require(reloaded)
        #expect(media.files.map(\.location) == [media.inputURL, cover.location])

        let deleted = try await store.deleteMedia(media.id)
        #expect(deleted)
        let gone = try await store.media(media.id)
        #expect(gone == nil)
        let byInput = try await store.media(inputURL: media.inputURL, accountID: media.accountID)
        #expect(byInput == nil)
        let sourceStillListed = try await store.isMediaFileListed(media.inputURL)
        #expect(!sourceStillListed)
        let coverStillListed = try await store.isMediaFileListed(cover.location)
        #expect(!coverStillListed)
        let again = try await store.deleteMedia(media.id)
        #expect(!again)
        // The ended task keeps its copy of the id.
        let ended = try await store.task(task.id)
        #expect(ended?.mediaID == media.id && ended?.status == .canceled)
        // The input URL may be registered again.
        try await store.createMedia(Samples.media(input: media.inputURL))
    }

    static func mediaDeletedBeforeComplete(_ store: any WorkflowStore) async throws {
        let task = try await makeTask(in: store)
        try await claim(["a"], in: store, at: Samples.time(1))
        try await store.cancelTask(task.id, now: Samples.time(2))
        let deleted = try await store.deleteMedia(task.mediaID)
        #expect(deleted)

        let output = Samples.output("\(task.id)/late.mp4", activity: "a")
        let completed = try await store.complete(.init(taskID: task.id, name: "a"), owner: "w1", outcome: succeeded([output]), now: Samples.time(3))
        #expect(completed)
        let runs = try await Self.runs(of: task.id, in: store)
        #expect(runs["a"]?.status == .succeed && runs["a"]?.leaseOwner == nil)
        let taskStatus = try await status(of: task.id, in: store)
        #expect(taskStatus == .canceled)
        let outputListed = try await store.isMediaFileListed(output.location)
        #expect(!outputListed)
        let gone = try await store.media(task.mediaID)
        #expect(gone == nil)
    }

    static func mediaListing(_ store: any WorkflowStore) async throws {
        var made: [MediaAsset] = []
        for index in 0..<12 {
            var media = Samples.media(at: Samples.time(index))
            media.mediaType = index.isMultiple(of: 3) ? "audio" : "video"
            media.details.businessType = index.isMultiple(of: 4) ? .watermark : .general
            media.status = index < 6 ? .initial : .normal
            try await store.createMedia(media)
            made.append(media)
        }
        func ids(_ query: MediaQuery) async throws -> [MediaID] {
            var all: [MediaID] = []
            var query = query
            var pages = 0
            repeat {
                let page = try await store.medias(query)
                #expect(page.items.count <= query.page.limit)
                all += page.items.map(\.id)
                query.page.token = page.nextToken
                pages += 1
            } while query.page.token != nil && pages < 20
            return all
        }
        let newestFirst = made.reversed().map(\.id)
        let listed = try await ids(MediaQuery(page: PageRequest(limit: 5)))
        #expect(listed == newestFirst)
        let ascending = try await ids(MediaQuery(order: .ascending, page: PageRequest(limit: 5)))
        #expect(ascending == made.map(\.id))
        let exact = try await store.medias(MediaQuery(page: PageRequest(limit: 12)))
        #expect(exact.items.count == 12 && exact.nextToken == nil)
        let firstPage = try await store.medias(MediaQuery(page: PageRequest(limit: 5)))
        #expect(firstPage.items.first?.files == made.last?.files, "listed assets carry their files")

        let audio = try await ids(MediaQuery(mediaType: "audio", page: PageRequest(limit: 2)))
        #expect(audio == newestFirst.filter { id in made.first { $0.id == id }?.mediaType == "audio" })
        let watermarks = try await ids(MediaQuery(businessType: .watermark))
        #expect(Set(watermarks) == Set(made.enumerated().filter { $0.offset.isMultiple(of: 4) }.map(\.element.id)))
        let normal = try await ids(MediaQuery(status: .normal, page: PageRequest(limit: 4)))
        #expect(normal == Array(newestFirst.prefix(6)))
        // After is exclusive, until inclusive.
        let window = try await ids(MediaQuery(createdAfter: Samples.time(2), createdUntil: Samples.time(5), order: .ascending))
        #expect(window == made[3...5].map(\.id))
        let one = try await ids(MediaQuery(mediaID: made[7].id))
        #expect(one == [made[7].id])
        let oss = try await store.mediaCount(MediaQuery(source: "oss"))
        #expect(oss == 12)
        let vod = try await store.mediaCount(MediaQuery(source: "vod"))
        #expect(vod == 0)
        let windowCount = try await store.mediaCount(MediaQuery(createdAfter: Samples.time(2), createdUntil: Samples.time(5),
                                                                page: PageRequest(limit: 1)))
        #expect(windowCount == 3)
        let combined = try await store.mediaCount(MediaQuery(mediaType: "video", status: .initial))
        #expect(combined == made.filter { $0.mediaType == "video" && $0.status == .initial }.count)

        let descendingTokenFound = try await store.medias(MediaQuery(page: PageRequest(limit: 5))).nextToken
        let descendingToken = try #require(descendingTokenFound)
        for bad in ["not a token", "bm90IGEgdG9rZW4=", descendingToken] {
            let error = await #expect(throws: FloeError.self) {
                _ = try await store.medias(MediaQuery(order: .ascending, page: PageRequest(limit: 5, token: bad)))
            }
            #expect(error?.code == .invalidParameter)
        }
    }

    static func mediaListingIsolation(_ store: any WorkflowStore) async throws {
        var mine: [MediaID] = []
        for index in 0..<6 {
            let account = index.isMultiple(of: 2) ? Samples.account : Samples.otherAccount
            let media = detailedMedia(at: Samples.time(index), accountID: account, referenceID: "ref-000\(index)",
                                      clientToken: "token-\(index)")
            try await store.createMedia(media)
            if account == Samples.account { mine.append(media.id) }
        }
        let listed = try await store.medias(MediaQuery(accountID: Samples.account, order: .ascending, page: PageRequest(limit: 100)))
        #expect(listed.items.map(\.id) == mine)
        let count = try await store.mediaCount(MediaQuery(accountID: Samples.account))
        #expect(count == 3)
        let theirs = try await store.mediaCount(MediaQuery(accountID: Samples.otherAccount))
        #expect(theirs == 3)
        let nobody = try await store.medias(MediaQuery(accountID: try AccountID("3")))
        #expect(nobody.items.isEmpty)
        let foreignByID = try await store.medias(MediaQuery(accountID: Samples.otherAccount, mediaID: mine[0]))
        #expect(foreignByID.items.isEmpty)
        let foreignReference = try await store.media(referenceID: "ref-0000", accountID: Samples.otherAccount)
        #expect(foreignReference == nil)
        let foreignToken = try await store.media(clientToken: "token-0", accountID: Samples.otherAccount)
        #expect(foreignToken == nil)
    }

    static func preparationCandidates(_ store: any WorkflowStore) async throws {
        let fresh = Samples.media(at: Samples.time(3))
        let older = Samples.media(at: Samples.time(1), accountID: Samples.otherAccount)
        let claimed = Samples.media(at: Samples.time(2))
        var normal = Samples.media(at: Samples.time(0))
        normal.status = .normal
        for media in [fresh, older, claimed, normal] { try await store.createMedia(media) }
        let claimedEarlier = try await store.claimPreparation(claimed.id, staleBefore: Samples.time(0), now: Samples.time(10))
        #expect(claimedEarlier != nil)

        let now = try await store.mediaToPrepare(staleBefore: Samples.time(10), limit: 10)
        #expect(now == [older.id, fresh.id], "a claim made at the stale limit is not stale")
        let later = try await store.mediaToPrepare(staleBefore: Samples.time(11), limit: 10)
        #expect(later == [older.id, claimed.id, fresh.id])
        let limited = try await store.mediaToPrepare(staleBefore: Samples.time(11), limit: 1)
        #expect(limited == [older.id])
        // Another state, an unknown asset: no claim.
        let ofNormal = try await store.claimPreparation(normal.id, staleBefore: Samples.time(99), now: Samples.time(20))
        #expect(ofNormal == nil)
        let ofUnknown = try await store.claimPreparation(.generate(), staleBefore: Samples.time(99), now: Samples.time(20))
        #expect(ofUnknown == nil)
    }

    static func preparationConcurrentClaim(_ store: any WorkflowStore) async throws {
        let media = Samples.media()
        try await store.createMedia(media)
        let claims = try await withThrowingTaskGroup(of: MediaPreparationClaim?.self) { group in
            for _ in 0..<8 {
                group.addTask { try await store.claimPreparation(media.id, staleBefore: Samples.time(0), now: Samples.time(5)) }
            }
            return try await group.reduce(into: [MediaPreparationClaim]()) { if let claim = $1 { $0.append(claim) } }
        }
        #expect(claims.count == 1)
        let claim = try #require(claims.first)
        #expect(claim.attempt == 1 && claim.media.id == media.id && claim.media.status == .preparing)
        #expect(Samples.sameTime(claim.claimedAt, Samples.time(5)))
        let stored = try await store.media(media.id)
        #expect(stored?.status == .preparing)
        #expect(Samples.sameTime(stored?.modifiedTime, Samples.time(5)))
        let listed = try await store.mediaToPrepare(staleBefore: Samples.time(5), limit: 10)
        #expect(listed.isEmpty)
    }

    static func preparationFinish(_ store: any WorkflowStore) async throws {
        let good = Samples.media()
        let bad = Samples.media()
        try await store.createMedia(good)
        try await store.createMedia(bad)
        let goodClaimFound = try await store.claimPreparation(good.id, staleBefore: Samples.time(0), now: Samples.time(1))
        let goodClaim = try #require(goodClaimFound)
        let badClaimFound = try await store.claimPreparation(bad.id, staleBefore: Samples.time(0), now: Samples.time(1))
        let badClaim = try #require(badClaimFound)

        let info = Samples.fileInfo(width: 640, height: 360)
        let finishedGood = try await store.finishPreparation(goodClaim, result: .prepared(info), now: Samples.time(2))
        #expect(finishedGood)
        let preparedFound = try await store.media(good.id)
        let prepared = try #require(preparedFound)
        #expect(prepared.status == .normal)
        #expect(prepared.files == [MediaFile(location: good.inputURL, fileType: .sourceFile, info: info)], "the source keeps its place")
        #expect(Samples.sameTime(prepared.modifiedTime, Samples.time(2)))

        let finishedBad = try await store.finishPreparation(badClaim, result: .failed, now: Samples.time(2))
        #expect(finishedBad)
        let failed = try await store.media(bad.id)
        #expect(failed?.status == .prepareFail)
        #expect(failed?.files == bad.files)

        // Finishing twice, or a deleted asset: the claim is gone.
        let finishedTwice = try await store.finishPreparation(goodClaim, result: .failed, now: Samples.time(3))
        #expect(!finishedTwice)
        let unchanged = try await store.media(good.id)
        #expect(unchanged == prepared)
        let neither = try await store.mediaToPrepare(staleBefore: Samples.time(99), limit: 10)
        #expect(neither.isEmpty)

        let deleted = Samples.media()
        try await store.createMedia(deleted)
        let deletedClaimFound = try await store.claimPreparation(deleted.id, staleBefore: Samples.time(0), now: Samples.time(1))
        let deletedClaim = try #require(deletedClaimFound)
        let deletedClaimed = try await store.deleteMedia(deleted.id)
        #expect(deletedClaimed)
        let finishedDeleted = try await store.finishPreparation(deletedClaim, result: .prepared(info), now: Samples.time(2))
        #expect(!finishedDeleted)
    }

    static func preparationTakeover(_ store: any WorkflowStore) async throws {
        let media = Samples.media()
        try await store.createMedia(media)
        let firstFound = try await store.claimPreparation(media.id, staleBefore: Samples.time(0), now: Samples.time(10))
        let first = try #require(firstFound)
        let tooEarly = try await store.claimPreparation(media.id, staleBefore: Samples.time(10), now: Samples.time(11))
        #expect(tooEarly == nil, "a claim is not stale until staleBefore passes it")

        let secondFound = try await store.claimPreparation(media.id, staleBefore: Samples.time(11), now: Samples.time(20))
        let second = try #require(secondFound)
        #expect(second.attempt == 2)
        let finishedFirst = try await store.finishPreparation(first, result: .failed, now: Samples.time(21))
        #expect(!finishedFirst, "the first claim was taken over")
        let still = try await store.media(media.id)
        #expect(still?.status == .preparing)
        let finishedSecond = try await store.finishPreparation(second, result: .prepared(Samples.fileInfo(width: 2, height: 2)), now: Samples.time(22))
        #expect(finishedSecond)
        let done = try await store.media(media.id)
        #expect(done?.status == .normal)
    }

    static func waitForWorkOnMedia(_ store: any WorkflowStore) async throws {
        let wokenFirst = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                await store.waitForWork(timeout: .seconds(600))
                return true
            }
            // The waiter may not be waiting yet when an asset is made: make one every 100 ms until it wakes.
            group.addTask {
                for index in 0..<300 {
                    try await Task.sleep(for: .milliseconds(100))
                    try await store.createMedia(Samples.media(at: Samples.time(index)))
                }
                return false
            }
            let first = try await group.next()
            group.cancelAll()
            return first
        }
        #expect(wokenFirst == true)
    }
}
