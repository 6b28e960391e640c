import Foundation

/// Date-times written as text: RFC 3339 (`2024-06-01T12:00:00Z`, `…T12:00:00.250+02:00`), the compact offset
/// some APIs write (`+0100`), and full dates (`2024-06-01`, read as midnight UTC).
public enum DateText {
    /// The instant `text` names; nil when it is not a date or date-time.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 10, let year = digits(0, 4), bytes[4] == 45, let month = digits(5, 2), bytes[7] == 45,
            let day = digits(8, 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var offsetSeconds = 0
        var fraction = 0.0
        if bytes.count > 10 {
            guard bytes[10] == 84 || bytes[10] == 116 || bytes[10] == 32, let hourDigits = digits(11, 2),
                bytes.count > 13, bytes[13] == 58, let minuteDigits = digits(14, 2)
            else { return nil }
            hour = hourDigits
            minute = minuteDigits
            var index = 16
            if index < bytes.count, bytes[index] == 58 {
                guard let seconds = digits(17, 2) else { return nil }
                second = seconds
                index = 19
            }
            if index < bytes.count, bytes[index] == 46 {
                var end = index + 1
                while end < bytes.count, bytes[end] >= 48, bytes[end] <= 57 { end += 1 }
                fraction = Double("0" + String(decoding: bytes[index..<end], as: UTF8.self)) ?? 0
                index = end
            }
            if index < bytes.count {
                let sign = bytes[index]
                if sign == 90 || sign == 122 {
                    index += 1
                } else if sign == 43 || sign == 45 {
                    guard let hours = digits(index + 1, 2) else { return nil }
                    var minutesAt = index + 3
                    if minutesAt < bytes.count, bytes[minutesAt] == 58 { minutesAt += 1 }
                    guard let minutes = digits(minutesAt, 2) else { return nil }
                    offsetSeconds = (hours * 3600 + minutes * 60) * (sign == 45 ? -1 : 1)
                    index = minutesAt + 2
                } else {
                    return nil
                }
            }
            guard index == bytes.count else { return nil }
        }
        let seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// The instants RFC 3339 can write: 0001-01-01T00:00:00Z through 9999-12-31T23:59:59Z, in seconds since 1970.
    public static let representable: ClosedRange<Double> = -62_135_596_800...253_402_300_799

    /// `date` as RFC 3339 in UTC, whole seconds (`2024-06-01T12:00:00Z`). An instant outside the years
    /// 1–9999 (a clock moved absurdly far) is written as the nearest one inside them.
    public static func format(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        let bounded = interval.isNaN ? 0 : min(max(interval, representable.lowerBound), representable.upperBound)
        let seconds = Int(bounded.rounded(.down))
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let (year, month, day) = civilFromDays(days)
        let time = seconds - days * 86400
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return
            "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(time / 3600, 2)):\(pad(time / 60 % 60, 2)):\(pad(time % 60, 2))Z"
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (months and days past their end roll over, as
    /// Calendar does); by arithmetic, so parsing a date on a hot path builds no Calendar.
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` after 1970-01-01.
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
