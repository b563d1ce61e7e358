import AsyncHTTPClient
import FloeCore
import Foundation
import NIOCore
import NIOPosix

/// POSTs events with AsyncHTTPClient: the envelope as `application/json`, the event's id in
/// `X-Floe-Event-Id` (the same on every attempt, so receivers drop duplicates), and, with an AuthKey, IMS's
/// `X-ICE-TIMESTAMP` and `X-ICE-SIGNATURE`. The host name is resolved first and every address it resolves to
/// must pass the ``CallbackAddressPolicy``; the connection then goes to that address (no second lookup to
/// rebind). A 2xx within the timeout is success; redirects are not followed; at most 64 KiB of the answer
/// is read, and ignored.
public struct HTTPCallbackSender: CallbackSender {
    /// How much of an answer is read.
    static let maximumAnswerBytes = 64 * 1024

    let policy: CallbackAddressPolicy
    let timeout: Duration

    public init(policy: CallbackAddressPolicy, timeout: Duration = .seconds(3)) {
        self.policy = policy
        self.timeout = timeout
    }

    public func send(_ event: CallbackEvent, now: Date) async -> String? {
        guard let url = URL(string: event.url), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host(percentEncoded: false), !host.isEmpty else {
            return "\(event.url) is not an http(s) URL"
        }
        let address: IPAddress
        do {
            address = try await resolve(host, port: url.port ?? (scheme == "https" ? 443 : 80))
        } catch {
            return "\(error)"
        }
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .init(timeout), read: .init(timeout)))
        configuration.dnsOverride = [host: address.description]
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let failure = await post(event, with: client, now: now)
        try? await client.shutdown()
        return failure
    }

    func post(_ event: CallbackEvent, with client: HTTPClient, now: Date) async -> String? {
        var request = HTTPClientRequest(url: event.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-Floe-Event-Id", value: event.id.rawValue)
        if let authKey = event.authKey {
            for (name, value) in CallbackSignature.headers(url: event.url, timestamp: Int64(now.timeIntervalSince1970), authKey: authKey) {
                request.headers.add(name: name, value: value)
            }
        }
        request.body = .bytes(ByteBuffer(string: event.body))
        do {
            let response = try await client.execute(request, timeout: .init(timeout))
            var read = 0
            for try await chunk in response.body {
                read += chunk.readableBytes
                if read >= Self.maximumAnswerBytes { break }
            }
            return (200..<300).contains(response.status.code) ? nil : "HTTP \(response.status.code)"
        } catch {
            return "\(error)"
        }
    }

    /// The address to connect to for `host`: every address it resolves to must be permitted.
    func resolve(_ host: String, port: Int) async throws -> IPAddress {
        if let literal = IPAddress(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))) {
            guard policy.permits(literal) else { throw CallbackRefusal("\(literal) is an internal address; allow it with --callback-allow") }
            return literal
        }
        let addresses = try await NIOThreadPool.singleton.runIfActive { try Self.lookUp(host, port: port) }
        guard let first = addresses.first else { throw CallbackRefusal("\(host) resolves to no address") }
        if let refused = addresses.first(where: { !policy.permits($0) }) {
            throw CallbackRefusal("\(host) resolves to \(refused), an internal address; allow it with --callback-allow")
        }
        return first
    }

    /// `getaddrinfo`, blocking.
    static func lookUp(_ host: String, port: Int) throws -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let list else { throw CallbackRefusal("\(host) does not resolve: \(String(cString: gai_strerror(status)))") }
        defer { freeaddrinfo(list) }
        var addresses: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = list
        while let info = cursor {
            if let sockaddr = info.pointee.ai_addr {
                switch Int32(info.pointee.ai_family) {
                case AF_INET:
                    sockaddr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                        var address = v4.pointee.sin_addr
                        addresses.append(IPAddress(bytes: withUnsafeBytes(of: &address) { Array($0) }))
                    }
                case AF_INET6:
                    sockaddr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                        var address = v6.pointee.sin6_addr
                        addresses.append(IPAddress(bytes: withUnsafeBytes(of: &address) { Array($0) }))
                    }
                default:
                    break
                }
            }
            cursor = info.pointee.ai_next
        }
        return addresses
    }
}

/// Why a callback was not sent.
struct CallbackRefusal: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
