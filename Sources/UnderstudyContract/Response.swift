import UnderstudySchema

/// One declared response of an operation.
///
/// Its parts live in one shared, unchanging object: an answer looks its response up (and copies it) several
/// times, and a copy then counts one reference instead of one per part.
public struct Response: Sendable, Hashable {
    private final class Parts: Sendable {
        let status: String
        let description: String?
        let headers: [ResponseHeader]
        let content: [MediaTypeContent]
        let documentURI: String
        let pointer: JSONPointer

        init(
            status: String, description: String?, headers: [ResponseHeader], content: [MediaTypeContent],
            documentURI: String, pointer: JSONPointer
        ) {
            self.status = status
            self.description = description
            self.headers = headers
            self.content = content
            self.documentURI = documentURI
            self.pointer = pointer
        }
    }

    private let parts: Parts

    /// The status key as written: `200`, `2XX` or `default`.
    public var status: String { parts.status }
    public var description: String? { parts.description }
    public var headers: [ResponseHeader] { parts.headers }
    /// Media types the response may carry, in document order (empty for no body).
    public var content: [MediaTypeContent] { parts.content }
    /// Where the response is defined.
    public var documentURI: String { parts.documentURI }
    public var pointer: JSONPointer { parts.pointer }

    public init(
        status: String, description: String?, headers: [ResponseHeader], content: [MediaTypeContent],
        documentURI: String, pointer: JSONPointer
    ) {
        parts = Parts(
            status: status, description: description, headers: headers, content: content, documentURI: documentURI,
            pointer: pointer)
    }

    public static func == (lhs: Response, rhs: Response) -> Bool {
        if lhs.parts === rhs.parts { return true }
        return lhs.status == rhs.status && lhs.description == rhs.description && lhs.headers == rhs.headers
            && lhs.content == rhs.content && lhs.documentURI == rhs.documentURI && lhs.pointer == rhs.pointer
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(status)
        hasher.combine(description)
        hasher.combine(headers)
        hasher.combine(content)
        hasher.combine(documentURI)
        hasher.combine(pointer)
    }

    /// Whether this response covers `code` (exactly, by a `4XX` range, or as `default`).
    public func covers(_ code: Int) -> Bool {
        if status == "default" { return true }
        if let exact = Int(status) { return exact == code }
        let upper = status.uppercased()
        if upper.count == 3, upper.hasSuffix("XX"), let digit = upper.first?.wholeNumberValue {
            return code / 100 == digit
        }
        return false
    }

    /// The numeric status when the key is an exact code.
    public var code: Int? { Int(status) }
}
