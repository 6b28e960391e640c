import UnderstudySchema

/// Header field names compare case-insensitively (RFC 9110). One place for the `[(name:, value:)]` lists the
/// engine, the runner and the validators pass around; the comparison allocates nothing (field names are
/// ASCII tokens).
public enum HeaderField {
    /// Whether two field names are the same, ignoring ASCII case.
    public static func sameName(_ left: String, _ right: String) -> Bool {
        guard left.utf8.count == right.utf8.count else { return false }
        // Compared over contiguous bytes: zipping two UTF-8 views cost more than the rest of a lookup.
        return left.withContiguousUTF8 { leftBytes in
            right.withContiguousUTF8 { rightBytes in
                for index in leftBytes.indices {
                    let a = leftBytes[index]
                    let b = rightBytes[index]
                    guard
                        a == b
                            || (a | 0x20 == b | 0x20 && (a | 0x20) >= UInt8(ascii: "a")
                                && (a | 0x20) <= UInt8(ascii: "z"))
                    else { return false }
                }
                return true
            }
        }
    }

    /// The first value of `name` in `headers`.
    public static func first(_ name: String, in headers: [(name: String, value: String)]) -> String? {
        headers.first { sameName($0.name, name) }?.value
    }

    /// Every value of `name` in `headers`, in order.
    public static func values(_ name: String, in headers: [(name: String, value: String)]) -> [String] {
        headers.filter { sameName($0.name, name) }.map(\.value)
    }
}
