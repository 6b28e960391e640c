import Foundation
import Testing
import UnderstudySchema

/// Date-times as text, read and written by arithmetic: the same instants Foundation's formatter gives.
@Suite struct DateTextTests {
    @Test func formattingAgreesWithFoundationAcrossCenturies() {
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime]
        var random = SeededRandom(seed: 7)
        // From 1601 to 2399, leap days and the turn of centuries among them.
        for _ in 0..<5000 {
            let seconds = Double(Int64.random(in: -11_644_473_600...13_569_465_600, using: &random))
            let date = Date(timeIntervalSince1970: seconds)
            let text = DateText.format(date)
            #expect(text == reference.string(from: date))
            #expect(DateText.parse(text) == date)
        }
        #expect(DateText.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59Z")
    }

    @Test func offsetsFractionsAndDatesAreRead() {
        #expect(DateText.parse("2023-01-11T15:46:49+0100") == DateText.parse("2023-01-11T14:46:49Z"))
        #expect(DateText.parse("2023-01-11T15:46:49-02:30") == DateText.parse("2023-01-11T18:16:49Z"))
        #expect(
            DateText.parse("2024-02-29T00:00:00.250Z")?.timeIntervalSince1970 == 1_709_164_800.25)
        #expect(DateText.parse("2024-06-01") == DateText.parse("2024-06-01T00:00:00Z"))
        #expect(DateText.parse("2024-13-01") == nil)
        #expect(DateText.parse("2024-06-01T12:00") != nil)
        #expect(DateText.parse("2024-06-01T12:00:00+01") == nil)
        #expect(DateText.parse("soon") == nil)
    }
}
