import FloeClient
import FloeTesting
import Foundation
import Testing

/// `<data>/server.json`: written whole and private, found only while its process lives, removed only by it.
@Suite struct ServerFileTests {
    let folder = TemporaryFolder("serverfile")
    var data: URL { folder.url }

    @Test func aLiveServersFileIsFoundAndPrivate() throws {
        let file = ServerFile(endpoint: "http://127.0.0.1:18080", pid: getpid())
        try file.write(in: data)
        #expect(ServerFile.live(in: data) == file)
        let attributes = try FileManager.default.attributesOfItem(atPath: ServerFile.url(in: data).path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOf: ServerFile.url(in: data), encoding: .utf8)
        #expect(text == "{\"endpoint\":\"http://127.0.0.1:18080\",\"pid\":\(getpid())}\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path) == ["server.json"], "no temporary file left")
    }

    @Test func aFileLeftByADeadProcessIsIgnored() throws {
        try ServerFile(endpoint: "http://127.0.0.1:1", pid: Int32.max).write(in: data)
        #expect(ServerFile.live(in: data) == nil)
        #expect(ServerFile(endpoint: "", pid: Int32.max).processExists == false)
        #expect(ServerFile(endpoint: "", pid: 0).processExists == false)
    }

    @Test func aFileOthersMayWriteIsIgnored() throws {
        let file = ServerFile(endpoint: "http://127.0.0.1:18080", pid: getpid())
        try file.write(in: data)
        #expect(chmod(ServerFile.url(in: data).path, 0o622) == 0)
        #expect(ServerFile.live(in: data) == nil)
        #expect(chmod(ServerFile.url(in: data).path, 0o644) == 0)
        #expect(ServerFile.live(in: data) == file)
    }

    @Test func aMissingOrMalformedFileIsNoServer() throws {
        #expect(ServerFile.live(in: data) == nil)
        try "{\"endpoint\": 12".write(to: ServerFile.url(in: data), atomically: true, encoding: .utf8)
        #expect(ServerFile.live(in: data) == nil)
    }

    @Test func aServerRemovesItsOwnFileOnly() throws {
        let other = ServerFile(endpoint: "http://127.0.0.1:2", pid: getpid())
        try other.write(in: data)
        ServerFile(endpoint: "http://127.0.0.1:1", pid: getpid() + 1).remove(from: data)
        #expect(FileManager.default.fileExists(atPath: ServerFile.url(in: data).path))
        ServerFile(endpoint: "", pid: getpid()).remove(from: data)
        #expect(!FileManager.default.fileExists(atPath: ServerFile.url(in: data).path))
    }

    @Test(arguments: [
        ("127.0.0.1", 8080, "http://127.0.0.1:8080"),
        ("0.0.0.0", 80, "http://127.0.0.1:80"),
        ("::", 9000, "http://[::1]:9000"),
        ("::1", 9000, "http://[::1]:9000"),
        ("floe.local", 1, "http://floe.local:1"),
    ])
    func theEndpointOfAListeningAddress(_ host: String, _ port: Int, _ endpoint: String) {
        #expect(ServerFile.endpoint(host: host, port: port) == endpoint)
    }
}
