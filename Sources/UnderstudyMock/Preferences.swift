import Foundation

/// The `Prefer` header's mock controls: `code=404`, `example=name`, `dynamic=true`.
struct Preferences: Sendable {
    var code: Int?
    var example: String?
    var dynamic = false

    init(_ header: String?) {
        guard let header else { return }
        for piece in header.split(separator: ",").flatMap({ $0.split(separator: ";") }) {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
            guard pair.count == 2 else { continue }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            switch pair[0].lowercased() {
            case "code", "status": code = Int(value)
            case "example": example = value
            case "dynamic": dynamic = value.lowercased() == "true"
            default: continue
            }
        }
    }
}
