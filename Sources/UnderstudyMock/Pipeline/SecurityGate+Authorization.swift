import UnderstudyContract
import UnderstudySchema

extension SecurityGate {
    /// A request's `Authorization` header, read once and without copies: its scheme word and the credentials
    /// after it (RFC 9110: `scheme SP credentials`).
    struct AuthorizationHeader {
        /// The scheme word as sent (`Bearer`).
        var scheme: Substring
        /// What follows the scheme word and its spaces, trimmed; empty when nothing does.
        var credentials: Substring

        /// Reads the header from `input`; nil when it is missing or holds only spaces.
        init?(_ input: HTTPRequestInput) {
            guard let header = input.header("authorization") else { return nil }
            let value = header[...].trimmedSpaces
            guard !value.isEmpty else { return nil }
            guard let space = value.utf8.firstIndex(of: UInt8(ascii: " ")) else {
                scheme = value
                credentials = value[value.endIndex...]
                return
            }
            scheme = Substring(value.utf8[..<space])
            credentials = Substring(value.utf8[value.utf8.index(after: space)...]).trimmedSpaces
        }

        /// Whether the scheme word is `name` (a lowercase scheme name), in any ASCII case.
        func uses(_ name: String) -> Bool {
            scheme.utf8.elementsEqual(name.utf8) { sent, wanted in
                (sent >= 0x41 && sent <= 0x5A ? sent | 0x20 : sent) == wanted
            }
        }

    }
}
