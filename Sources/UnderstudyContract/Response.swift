import UnderstudySchema

/// One declared response of an operation.
public struct Response: Sendable, Hashable {
    /// The status key as written: `200`, `2XX` or `default`.
    public var status: String
    public var description: String?
    public var headers: [ResponseHeader]
    /// Media types the response may carry, in document order (empty for no body).
    public var content: [MediaTypeContent]
    /// Where the response is defined.
    public var documentURI: String
    public var pointer: JSONPointer

    public init(
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
