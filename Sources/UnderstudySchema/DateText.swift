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
        var components = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        var offsetSeconds = 0
        var fraction = 0.0
        if bytes.count > 10 {
            guard bytes[10] == 84 || bytes[10] == 116 || bytes[10] == 32, let hour = digits(11, 2),
                bytes.count > 13, bytes[13] == 58, let minute = digits(14, 2)
            else { return nil }
            components.hour = hour
            components.minute = minute
            var index = 16
            if index < bytes.count, bytes[index] == 58 {
                guard let second = digits(17, 2) else { return nil }
                components.second = second
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
        components.timeZone = TimeZone(identifier: "UTC")
        guard let date = Calendar(identifier: .gregorian).date(from: components) else { return nil }
        return date.addingTimeInterval(fraction - Double(offsetSeconds))
    }

    /// `date` as RFC 3339 in UTC, whole seconds (`2024-06-01T12:00:00Z`).
    public static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return
            "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))T\(pad(parts.hour, 2)):\(pad(parts.minute, 2)):\(pad(parts.second, 2))Z"
    }
}
