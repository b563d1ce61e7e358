import FloeCore
import FloeEngine
import FloeMedia
import FloeTesting
import Testing

@Suite struct MediaInfoActivityTests {
    @Test func reportsTheSourceFile() async throws {
        let bed = try MediaTestBed()
        let input = try await bed.put(MediaFixtures.clip(), key: "video/clip.mp4")
        let result = try await MediaInfoActivity(objectStore: bed.store).run(context: bed.context(input: input))
        let file = try #require(result.files.first)
        #expect(result.files.count == 1)
        #expect(file.location == input)
        #expect(file.fileType == .sourceFile)
        let info = try #require(file.info)
        #expect(info.fileBasicInfo.fileName == "clip.mp4")
        #expect(info.fileBasicInfo.fileType == "source_file")
        #expect(info.fileBasicInfo.height == "180")
        #expect(result.data == (try JSONValue(encoding: info)))
        #expect(result.data?["FileBasicInfo"]?["Width"] == .string("320"))
        #expect(bed.progress.latest == 100)
    }

    @Test func missingInputIsInvalid() async throws {
        let bed = try MediaTestBed()
        let input = try StorageLocation(bucket: MediaTestBed.inputBucket, key: "nothing.mp4")
        let error = await activityError { try await MediaInfoActivity(objectStore: bed.store).run(context: bed.context(input: input)) }
        #expect(error?.code == .invalidInput)
        #expect(error?.isTransient == false)
    }

    @Test func randomBytesAreNotMedia() async throws {
        let bed = try MediaTestBed()
        let input = try await bed.put(MediaFixtures.randomBytes(), key: "fake.mp4")
        let error = await activityError { try await MediaInfoActivity(objectStore: bed.store).run(context: bed.context(input: input)) }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("oss://media-in/fake.mp4") == true)
    }
}
