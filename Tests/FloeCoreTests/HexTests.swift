import FloeCore
import Testing

@Suite struct HexTests {
    @Test func encodesLowercaseTwoDigitsPerByte() {
        #expect(Hex.encode([0x00, 0x0f, 0xa5, 0xff]) == "000fa5ff")
        #expect(Hex.encode([UInt8]()) == "")
    }

    @Test func decodesEitherCaseAndRefusesWhatIsNotHex() {
        #expect(Hex.decode("000fA5fF") == [0x00, 0x0f, 0xa5, 0xff])
        #expect(Hex.decode("abc") == nil, "odd length")
        #expect(Hex.decode("0g") == nil)
        #expect(Hex.decode("") == [])
    }

    @Test func roundTripsEveryByte() {
        let bytes = (0...255).map(UInt8.init)
        #expect(Hex.decode(Hex.encode(bytes)) == bytes)
        #expect((0...255).compactMap { Hex.value(ofDigit: UInt8($0)) }.count == 22)
    }
}
