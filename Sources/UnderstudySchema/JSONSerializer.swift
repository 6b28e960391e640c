/// Writes `JSONValue`s as JSON text, keeping member order.
public enum JSONSerializer {
    /// Serialises `value`; `pretty` indents with two spaces.
    public static func serialize(_ value: JSONValue, pretty: Bool = false) -> String {
        var output = ""
        write(value, into: &output, pretty: pretty, indent: 0)
        return output
    }

    /// Serialises `value` as UTF-8 bytes.
    public static func data(_ value: JSONValue, pretty: Bool = false) -> [UInt8] {
        Array(serialize(value, pretty: pretty).utf8)
    }

    private static func write(_ value: JSONValue, into output: inout String, pretty: Bool, indent: Int) {
        switch value {
        case .null: output += "null"
        case .bool(let bool): output += bool ? "true" : "false"
        case .number(let number): output += number.description
        case .string(let string): writeString(string, into: &output)
        case .array(let array):
            if array.isEmpty {
                output += "[]"
                return
            }
            output += "["
            for (position, element) in array.enumerated() {
                if position > 0 { output += "," }
                if pretty { newline(&output, indent + 1) }
                write(element, into: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(&output, indent) }
            output += "]"
        case .object(let object):
            if object.isEmpty {
                output += "{}"
                return
            }
            output += "{"
            for (position, member) in object.enumerated() {
                if position > 0 { output += "," }
                if pretty { newline(&output, indent + 1) }
                writeString(member.key, into: &output)
                output += pretty ? ": " : ":"
                write(member.value, into: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(&output, indent) }
            output += "}"
        }
    }

    private static func newline(_ output: inout String, _ indent: Int) {
        output += "\n"
        output += String(repeating: "  ", count: indent)
    }

    /// Appends `string` as a quoted JSON string literal.
    public static func writeString(_ string: String, into output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
