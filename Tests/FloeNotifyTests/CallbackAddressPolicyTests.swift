import FloeNotify
import Testing

@Suite struct CallbackAddressPolicyTests {
    @Test("internal addresses are refused by default", arguments: [
        "127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00:ec2::254", "fc00::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "ff02::1",
    ])
    func refused(_ text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(!CallbackAddressPolicy().permits(address))
    }

    @Test("public addresses are permitted", arguments: ["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.4.4"])
    func permitted(_ text: String) throws {
        #expect(CallbackAddressPolicy().permits(try #require(IPAddress(text))))
    }

    @Test func anAllowlistOpensItsBlocksOnly() throws {
        let policy = CallbackAddressPolicy(allowed: [try #require(IPNetwork("127.0.0.0/8")), try #require(IPNetwork("::1"))])
        #expect(policy.permits(try #require(IPAddress("127.0.0.1"))))
        #expect(policy.permits(try #require(IPAddress("::ffff:127.0.0.1"))))
        #expect(policy.permits(try #require(IPAddress("::1"))))
        #expect(!policy.permits(try #require(IPAddress("10.0.0.1"))))
        #expect(!policy.permits(try #require(IPAddress("169.254.169.254"))))
    }

    @Test("malformed addresses and networks do not parse", arguments: ["", "1.2.3", "1.2.3.4.5", "example.com", "1.2.3.4/33", "::1/129", "1.2.3.4/x"])
    func malformed(_ text: String) {
        #expect(IPNetwork(text) == nil)
    }

    @Test func addressesPrintAsText() throws {
        #expect(try #require(IPAddress("10.0.0.1")).description == "10.0.0.1")
        #expect(try #require(IPAddress("2001:db8::1")).description == "2001:db8::1")
    }
}
