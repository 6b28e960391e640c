import Foundation

/// Checks string and number formats: the JSON Schema formats and OpenAPI's `int32`, `int64`, `byte`,
/// `binary`. Unknown formats always pass, as the specifications require.
public enum FormatChecker {
    /// The formats this checker knows.
    public static let knownFormats: Set<String> = [
        "date-time", "date", "time", "duration", "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6",
        "uri", "uri-reference", "iri", "iri-reference", "uri-template", "uuid", "json-pointer",
        "relative-json-pointer", "regex", "byte", "binary", "password", "int32", "int64", "float", "double",
    ]

    /// Whether `string` is valid for `format`.
    public static func isValid(_ string: String, format: String) -> Bool {
        switch format {
        case "date-time": return isDateTime(string)
        case "date": return isDate(string)
        case "time": return isTime(string)
        case "duration": return isDuration(string)
        case "email", "idn-email": return isEmail(string, international: format == "idn-email")
        case "hostname": return isHostname(string)
        case "idn-hostname": return isHostname(string, international: true)
        case "ipv4": return isIPv4(string)
        case "ipv6": return isIPv6(string)
        case "uri": return isURI(string, requireScheme: true, international: false)
        case "uri-reference": return isURI(string, requireScheme: false, international: false)
        case "iri": return isURI(string, requireScheme: true, international: true)
        case "iri-reference": return isURI(string, requireScheme: false, international: true)
        case "uri-template": return isURITemplate(string)
        case "uuid": return isUUID(string)
        case "json-pointer": return JSONPointer(string) != nil && !string.contains("~2") && isPointerEscapes(string)
        case "relative-json-pointer": return isRelativePointer(string)
        case "regex": return RegexCache.shared.regex(string) != nil
        case "byte": return isBase64(string)
        default: return true
        }
    }

    /// Whether `number` is valid for `format` (`int32`, `int64`; others pass).
    public static func isValid(number: JSONNumber, format: String) -> Bool {
        switch format {
        case "int32":
            guard let value = number.exactInt else { return !number.isInteger }
            return value >= Int(Int32.min) && value <= Int(Int32.max)
        case "int64":
            return number.exactInt != nil || !number.isInteger
        default:
            return true
        }
    }

    // MARK: Dates and times (RFC 3339)

    private static func digits(_ scalars: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= scalars.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let byte = scalars[index]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    static func isDate(_ string: String) -> Bool {
        let bytes = Array(string.utf8)
        guard bytes.count == 10 else { return false }
        return parseDate(bytes, 0) != nil
    }

    private static func parseDate(_ bytes: [UInt8], _ start: Int) -> (Int, Int, Int)? {
        guard let year = digits(bytes, start, 4), bytes.count > start + 9, bytes[start + 4] == 0x2D,
            let month = digits(bytes, start + 5, 2), bytes[start + 7] == 0x2D, let day = digits(bytes, start + 8, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1 else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        return (year, month, day)
    }

    static func isTime(_ string: String) -> Bool {
        let bytes = Array(string.utf8)
        return parseTime(bytes, 0) == bytes.count
    }

    /// Parses an RFC 3339 full-time at `start`; returns the end offset.
    private static func parseTime(_ bytes: [UInt8], _ start: Int) -> Int? {
        guard let hour = digits(bytes, start, 2), bytes.count > start + 7, bytes[start + 2] == 0x3A,
            let minute = digits(bytes, start + 3, 2), bytes[start + 5] == 0x3A,
            let second = digits(bytes, start + 6, 2)
        else { return nil }
        guard hour <= 23, minute <= 59, second <= 60 else { return nil }
        var index = start + 8
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            let fractionStart = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard index > fractionStart else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offsetMinutes = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            guard let offsetHour = digits(bytes, index + 1, 2), bytes.count > index + 5, bytes[index + 3] == 0x3A,
                let offsetMinute = digits(bytes, index + 4, 2), offsetHour <= 23, offsetMinute <= 59
            else { return nil }
            offsetMinutes = sign * (offsetHour * 60 + offsetMinute)
            index += 6
        default:
            return nil
        }
        if second == 60 {
            // A leap second is only valid at 23:59:60 UTC.
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            guard utc == 23 * 60 + 59 else { return nil }
        }
        return index
    }

    static func isDateTime(_ string: String) -> Bool {
        let bytes = Array(string.utf8)
        guard bytes.count >= 20, parseDate(bytes, 0) != nil else { return false }
        guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") else { return false }
        return parseTime(bytes, 11) == bytes.count
    }

    static func isDuration(_ string: String) -> Bool {
        var scalars = Substring(string)
        guard scalars.first == "P", scalars.count > 1 else { return false }
        scalars = scalars.dropFirst()
        var inTime = false
        var sawComponent = false
        var sawWeek = false
        var lastOrder = -1
        let dateOrder: [Character: Int] = ["Y": 0, "M": 1, "W": 2, "D": 3]
        let timeOrder: [Character: Int] = ["H": 4, "M": 5, "S": 6]
        var number = ""
        for character in scalars {
            if character == "T" {
                guard !inTime, number.isEmpty else { return false }
                inTime = true
                continue
            }
            if character.isASCII && character.isNumber {
                number.append(character)
                continue
            }
            guard !number.isEmpty, let order = (inTime ? timeOrder : dateOrder)[character], order > lastOrder else {
                return false
            }
            if character == "W" { sawWeek = true } else if sawWeek { return false }
            lastOrder = order
            number = ""
            sawComponent = true
        }
        guard number.isEmpty, sawComponent else { return false }
        if inTime, lastOrder < 4 { return false }
        if sawWeek, lastOrder != 2 { return false }
        return true
    }

    // MARK: Internet names and addresses

    static func isEmail(_ string: String, international: Bool) -> Bool {
        guard let at = string.lastIndex(of: "@") else { return false }
        let local = string[..<at]
        let domain = string[string.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty else { return false }
        if local.hasPrefix("\"") {
            guard local.count >= 2, local.hasSuffix("\"") else { return false }
        } else {
            guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
            let allowed = "!#$%&'*+-/=?^_`{|}~."
            for scalar in local.unicodeScalars {
                let ok =
                    (scalar.isASCII
                        && (CharacterSetASCII.isAlphanumeric(scalar) || allowed.unicodeScalars.contains(scalar)))
                    || (international && !scalar.isASCII)
                if !ok { return false }
            }
        }
        if domain.hasPrefix("[") {
            guard domain.hasSuffix("]") else { return false }
            let literal = domain.dropFirst().dropLast()
            if literal.hasPrefix("IPv6:") { return isIPv6(String(literal.dropFirst(5))) }
            return isIPv4(String(literal))
        }
        return isHostname(String(domain), international: international)
    }

    static func isHostname(_ string: String, international: Bool = false) -> Bool {
        let name = string
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.utf8.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-") else {
                return false
            }
            for scalar in label.unicodeScalars {
                if scalar.isASCII {
                    guard CharacterSetASCII.isAlphanumeric(scalar) || scalar == "-" else { return false }
                } else if !international {
                    return false
                } else if scalar.properties.generalCategory == .spaceSeparator
                    || scalar.value == 0x3002 || scalar.value == 0x302E
                {
                    return false
                }
            }
        }
        return true
    }

    static func isIPv4(_ string: String) -> Bool {
        let parts = string.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let value = Int(part), value <= 255, !(part.count > 1 && part.hasPrefix("0"))
            else { return false }
        }
        return true
    }

    static func isIPv6(_ string: String) -> Bool {
        guard !string.isEmpty, string.utf8.count <= 45 else { return false }
        var text = Substring(string)
        var groupsNeeded = 8
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard isIPv4(String(text[text.index(after: lastColon)...])) else { return false }
            text = text[...lastColon]
            if text.hasSuffix(":") && !text.hasSuffix("::") { text = text.dropLast() }
            groupsNeeded = 6
        }
        let doubleColonCount = text.components(separatedBy: "::").count - 1
        guard doubleColonCount <= 1 else { return false }
        func validGroups(_ part: Substring) -> Int? {
            if part.isEmpty { return 0 }
            let groups = part.split(separator: ":", omittingEmptySubsequences: false)
            for group in groups {
                guard (1...4).contains(group.count), group.allSatisfy(\.isHexDigit), group.allSatisfy(\.isASCII)
                else { return nil }
            }
            return groups.count
        }
        if doubleColonCount == 1 {
            let halves = text.components(separatedBy: "::")
            guard let left = validGroups(Substring(halves[0])), let right = validGroups(Substring(halves[1])) else {
                return false
            }
            return left + right < groupsNeeded
        }
        guard let count = validGroups(text) else { return false }
        return count == groupsNeeded
    }

    // MARK: URIs

    static func isURI(_ string: String, requireScheme: Bool, international: Bool) -> Bool {
        let reference = URIReference(string)
        if requireScheme {
            guard let scheme = reference.scheme, !scheme.isEmpty, string.first?.isLetter == true else { return false }
        }
        if let authority = reference.authority {
            let host = authority.split(separator: "@").last.map(String.init) ?? authority
            if host.hasPrefix("[") {
                guard let close = host.firstIndex(of: "]") else { return false }
                let literal = host[host.index(after: host.startIndex)..<close]
                guard isIPv6(String(literal)) || literal.hasPrefix("v") else { return false }
            } else if host.contains("[") || host.contains("]") {
                return false
            }
        }
        let allowedPunctuation = "-._~:/?#[]@!$&'()*+,;=%"
        var bytes = Array(string.unicodeScalars)
        var index = 0
        while index < bytes.count {
            let scalar = bytes[index]
            if scalar == "%" {
                guard index + 2 < bytes.count, bytes[index + 1].properties.isASCIIHexDigit,
                    bytes[index + 2].properties.isASCIIHexDigit
                else { return false }
                index += 3
                continue
            }
            if scalar.isASCII {
                guard CharacterSetASCII.isAlphanumeric(scalar) || allowedPunctuation.unicodeScalars.contains(scalar)
                else { return false }
            } else if !international {
                return false
            }
            index += 1
        }
        bytes.removeAll()
        if !requireScheme, reference.scheme == nil, let colon = string.firstIndex(of: ":") {
            // A relative reference's first segment must not contain a colon.
            let firstSlash = string.firstIndex(of: "/") ?? string.endIndex
            if colon < firstSlash, !string.hasPrefix("#"), !string.hasPrefix("?") { return false }
        }
        return true
    }

    static func isURITemplate(_ string: String) -> Bool {
        var open = false
        for character in string {
            if character == "{" {
                if open { return false }
                open = true
            } else if character == "}" {
                if !open { return false }
                open = false
            }
        }
        return !open
    }

    static func isUUID(_ string: String) -> Bool {
        let bytes = Array(string.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
                else { return false }
            }
        }
        return true
    }

    private static func isPointerEscapes(_ string: String) -> Bool {
        var iterator = string.makeIterator()
        while let character = iterator.next() {
            guard character == "~" else { continue }
            guard let next = iterator.next(), next == "0" || next == "1" else { return false }
        }
        return true
    }

    static func isRelativePointer(_ string: String) -> Bool {
        let prefix = string.prefix { $0.isASCII && $0.isNumber }
        guard !prefix.isEmpty, !(prefix.count > 1 && prefix.hasPrefix("0")) else { return false }
        let rest = string.dropFirst(prefix.count)
        if rest == "#" { return true }
        if let offset = rest.first, offset == "+" || offset == "-" {
            let index = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
            guard !index.isEmpty, !(index.count > 1 && index.hasPrefix("0")) else { return false }
            let remainder = rest.dropFirst(1 + index.count)
            return remainder.isEmpty || (JSONPointer(String(remainder)) != nil && isPointerEscapes(String(remainder)))
        }
        return rest.isEmpty || (JSONPointer(String(rest)) != nil && isPointerEscapes(String(rest)))
    }

    static func isBase64(_ string: String) -> Bool {
        let bytes = Array(string.utf8).filter { $0 != 0x0A && $0 != 0x0D }
        guard bytes.count % 4 == 0 else { return false }
        var padding = 0
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, UInt8(ascii: "+"), UInt8(ascii: "/"):
                guard padding == 0 else { return false }
            case UInt8(ascii: "="):
                padding += 1
                guard index >= bytes.count - 2 else { return false }
            default:
                return false
            }
        }
        return true
    }
}

/// ASCII character classes without Foundation's CharacterSet.
enum CharacterSetASCII {
    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return false
        }
    }
}
