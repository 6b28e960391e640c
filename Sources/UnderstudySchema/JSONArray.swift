/// A JSON array that keeps the source location of each element.
public struct JSONArray: Sendable, Hashable, RandomAccessCollection, MutableCollection {
    public var elements: [JSONValue]
    /// Location of each element, parallel to `elements`; empty when built in code.
    public var locations: [SourceLocation]
    /// Location of the array itself.
    public var location: SourceLocation

    public init(_ elements: [JSONValue] = [], locations: [SourceLocation] = [], location: SourceLocation = .unknown) {
        self.elements = elements
        self.locations = locations
        self.location = location
    }

    public var startIndex: Int { elements.startIndex }
    public var endIndex: Int { elements.endIndex }

    public subscript(position: Int) -> JSONValue {
        get { elements[position] }
        set { elements[position] = newValue }
    }

    /// Appends an element, with its location when known.
    public mutating func append(_ element: JSONValue, location: SourceLocation = .unknown) {
        if !locations.isEmpty || location.isKnown {
            if locations.count < elements.count {
                locations.append(contentsOf: repeatElement(.unknown, count: elements.count - locations.count))
            }
            locations.append(location)
        }
        elements.append(element)
    }

    /// The source location of the element at `index`.
    public func location(at index: Int) -> SourceLocation {
        index < locations.count ? locations[index] : location
    }

    public static func == (lhs: JSONArray, rhs: JSONArray) -> Bool { lhs.elements == rhs.elements }
    public func hash(into hasher: inout Hasher) { hasher.combine(elements) }
}
